//! One table of every kernel in every form: time per element (GFLOP/s for matmul) and the
//! ratio to the raw-pointer loop, all measured in this run over the same memory.
//!
//! Run with `cargo bench --bench table`; add `RUSTFLAGS="-C target-cpu=native"` for the
//! machine's widest vectors. Each cell is the best of `RUNS` timed runs after one warm-up run,
//! which on a shared machine is steadier than the mean.

// The raw-pointer baselines are written as the C loops they stand for; one SAFETY comment
// covers each loop body's pointer arithmetic and accesses together.
#![allow(clippy::multiple_unsafe_ops_per_block)]

use std::time::{Duration, Instant};

mod kernels;

use kernels::Form;

const RUNS: usize = 15;

fn best_of(run: &mut dyn FnMut() -> f64) -> Duration {
    std::hint::black_box(run());
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(run());
            start.elapsed()
        })
        .min()
        .unwrap()
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters kernels by name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    // What the compiler was allowed to use, which `-C target-cpu=native` changes.
    let vectors = if cfg!(target_feature = "avx512f") {
        "avx512f"
    } else if cfg!(target_feature = "avx2") {
        "avx2"
    } else {
        "sse2 (the x86-64 default)"
    };
    println!(
        "memslice kernels: best of {RUNS} runs; ns per element (GFLOP/s for matmul) and ratio \
         to raw; compiled for {vectors}"
    );
    print!("{:<28}", "kernel");
    for form in Form::ALL {
        print!(" {:>20}", form.name());
    }
    println!();
    for mut kernel in kernels::all() {
        if !filter.is_empty() && !filter.iter().any(|f| kernel.name.contains(f.as_str())) {
            continue;
        }
        let mut raw = None;
        let mut cells = Vec::new();
        for form in Form::ALL {
            let Some(case) = kernel.cases.iter_mut().find(|c| c.form == form) else {
                cells.push(format!("{:>20}", "-"));
                continue;
            };
            let t = best_of(&mut case.run).as_secs_f64();
            let base = *raw.get_or_insert(t);
            let value = if kernel.flops {
                format!("{:.2} GF/s", kernel.work / t / 1e9)
            } else {
                format!("{:.3} ns", t / kernel.work * 1e9)
            };
            cells.push(format!("{:>20}", format!("{value} {:.2}x", t / base)));
        }
        println!("{:<28} {}", kernel.name, cells.join(" "));
    }
}
