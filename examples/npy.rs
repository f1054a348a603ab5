//! A `.npy` file of a few hundred MB written, mapped back without a read, and summed in
//! parallel; then the same file read into memory and summed, for comparison.
//!
//! Run with `cargo run --release --example npy -- [MB]` (default 256 MB of `f64`). The file
//! goes to the system's temporary directory and is removed at the end. It was just written, so
//! both paths find it in the page cache: the mapped sum pays page faults, the read pays a
//! copy, neither pays the disk (dropping the page cache needs root).

use std::time::Instant;

use memslice::MemViewSlice;
use memslice::alloc::npy::{NpyMap, read_npy, write_npy_file};
use memslice::layout::Order;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mb: usize = match std::env::args().nth(1) {
        Some(arg) => arg.parse()?,
        None => 256,
    };
    let len = mb * (1 << 20) / size_of::<f64>();
    let cols = 1024;
    let rows = len / cols;
    let path = std::env::temp_dir().join(format!("memslice-example-{}.npy", std::process::id()));

    // Values k % 1000 sum exactly in f64 at these sizes, so every path must agree exactly.
    let data: Vec<f64> = (0..rows * cols).map(|k| (k % 1000) as f64).collect();
    let expected: f64 = data.iter().sum();
    let t = Instant::now();
    write_npy_file(
        &path,
        MemViewSlice::from_slice(&data, [rows, cols])?,
        Order::C,
    )?;
    let write = t.elapsed();
    drop(data);
    println!(
        "wrote {rows} x {cols} f64 ({} MB) to {} in {write:.2?}",
        (rows * cols * 8) >> 20,
        path.display()
    );

    let t = Instant::now();
    // SAFETY: this process made the file and nothing else touches it while it is mapped.
    let map = unsafe { NpyMap::open(&path)? };
    let view = map.view::<f64, 2>()?;
    let opened = t.elapsed();
    let sum = view.par_sum();
    let mapped = t.elapsed();
    assert_eq!(sum, expected);
    println!("map: open {opened:.2?}, open + parallel sum {mapped:.2?} (sum {sum})");
    drop(map);

    let t = Instant::now();
    let array = read_npy::<f64, 2>(&path)?;
    let read = t.elapsed();
    let sum = array.view().par_sum();
    let total = t.elapsed();
    assert_eq!(sum, expected);
    println!("read into an Array: read {read:.2?}, read + parallel sum {total:.2?} (sum {sum})");

    std::fs::remove_file(&path)?;
    Ok(())
}
