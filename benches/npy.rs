//! First-touch cost of a `.npy` file: mapped and summed (`NpyMap::open`, then `par_sum`, whose
//! page faults map the file's pages) against read into an owned array and summed (`read_npy`,
//! then `par_sum`: one copy out of the page cache). Each iteration opens the file anew, so
//! every mapped iteration touches fresh mappings.
//!
//! Both read a 64 MiB file written just before the group runs, so it sits in the page cache:
//! this measures page faults against a copy, not the disk. Dropping the page cache (to measure
//! a cold disk) needs root (`echo 3 > /proc/sys/vm/drop_caches`), which a benchmark cannot
//! assume.
//!
//! Run with `cargo bench --bench npy`.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use memslice::MemViewSlice;
use memslice::alloc::npy::{NpyMap, read_npy, write_npy_file};
use memslice::layout::Order;

const ROWS: usize = 8192;
const COLS: usize = 1024;

fn first_touch(c: &mut Criterion) {
    let path = std::env::temp_dir().join(format!("memslice-bench-{}.npy", std::process::id()));
    let data: Vec<f64> = (0..ROWS * COLS).map(|k| (k % 1000) as f64).collect();
    let expected: f64 = data.iter().sum();
    write_npy_file(
        &path,
        MemViewSlice::from_slice(&data, [ROWS, COLS]).unwrap(),
        Order::C,
    )
    .unwrap();
    drop(data);

    let mut g = c.benchmark_group("npy/first_touch_64MiB");
    g.throughput(Throughput::Bytes((ROWS * COLS * 8) as u64));
    g.bench_function("map+par_sum", |b| {
        b.iter(|| {
            // SAFETY: the bench made the file and nothing else touches it while mapped.
            let map = unsafe { NpyMap::open(&path) }.unwrap();
            let sum = map.view::<f64, 2>().unwrap().par_sum();
            assert_eq!(sum, expected);
            sum
        })
    });
    g.bench_function("read_into_array+par_sum", |b| {
        b.iter(|| {
            let array = read_npy::<f64, 2>(&path).unwrap();
            let sum = array.view().par_sum();
            assert_eq!(sum, expected);
            sum
        })
    });
    g.finish();
    std::fs::remove_file(&path).unwrap();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5))
}

criterion_group! {
    name = benches;
    config = config();
    targets = first_touch
}
criterion_main!(benches);
