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

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let mid = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[mid]
    } else {
        (xs[mid - 1] + xs[mid]) / 2.0
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `--repeat=R` measures every cell R times and prints the
    // medians (one run's cells swing by 5-10% on a shared machine); any other argument filters
    // kernels by name.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let repeat: usize = args
        .iter()
        .find_map(|a| a.strip_prefix("--repeat="))
        .map_or(1, |r| r.parse().expect("--repeat=R takes a whole number"))
        .max(1);
    let filter: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    // What the compiler was allowed to use, which `-C target-cpu=native` changes.
    let vectors = if cfg!(target_feature = "avx512f") {
        "avx512f"
    } else if cfg!(target_feature = "avx2") {
        "avx2"
    } else {
        "sse2 (the x86-64 default)"
    };
    let rounds = if repeat > 1 {
        format!(", the median of {repeat} such measurements")
    } else {
        String::new()
    };
    println!(
        "memslice kernels: best of {RUNS} runs{rounds}; ns per element (GFLOP/s for matmul) and \
         ratio to raw; compiled for {vectors}"
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
        // times[form][round], each the best of RUNS; a round's ratio is to the same round's raw
        // time, so a slow spell of the machine moves both.
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); Form::ALL.len()];
        for _ in 0..repeat {
            for (f, form) in Form::ALL.into_iter().enumerate() {
                if let Some(case) = kernel.cases.iter_mut().find(|c| c.form == form) {
                    times[f].push(best_of(&mut case.run).as_secs_f64());
                }
            }
        }
        let raw = &times[0];
        let mut cells = Vec::new();
        for form_times in &times {
            if form_times.is_empty() {
                cells.push(format!("{:>20}", "-"));
                continue;
            }
            let t = median(form_times.clone());
            let ratio = median(form_times.iter().zip(raw).map(|(t, r)| t / r).collect());
            let value = if kernel.flops {
                format!("{:.2} GF/s", kernel.work / t / 1e9)
            } else {
                format!("{:.3} ns", t / kernel.work * 1e9)
            };
            cells.push(format!("{:>20}", format!("{value} {ratio:.2}x")));
        }
        println!("{:<28} {}", kernel.name, cells.join(" "));
    }
}
