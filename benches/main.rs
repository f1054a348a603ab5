//! memslice's benchmarks: one criterion harness, one module per area. Every group measures a
//! raw-pointer loop and ndarray beside memslice in the same run, so results read as ratios.
//!
//! Run with `cargo bench --bench memslice` (add a group name to filter, e.g. `-- sum2d`).

// The raw-pointer baselines are written as the C loops they stand for; one SAFETY comment
// covers each loop body's pointer arithmetic and accesses together.
#![allow(clippy::multiple_unsafe_ops_per_block)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

mod copy;
mod index;
mod iter;
mod kernels;
mod par;
mod subview;

/// The 2000x2000 `f64` array of the foundation benches, filled with small distinct values.
fn matrix() -> Vec<f64> {
    (0..index::N * index::N).map(|k| (k % 7) as f64).collect()
}

/// The kernel suite (`kernels/`), one group per kernel; `cargo bench --bench table` prints the
/// same cases as one table.
fn kernels(c: &mut Criterion) {
    for mut kernel in kernels::all() {
        let mut g = c.benchmark_group(format!("kernels/{}", kernel.name));
        // Elements per run (flops, for matmul), so criterion reports a rate beside the time.
        g.throughput(criterion::Throughput::Elements(kernel.work as u64));
        for case in &mut kernel.cases {
            g.bench_function(case.form.name(), |b| b.iter(|| (case.run)()));
        }
        g.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = index::sum2d, kernels, subview::per_row, iter::sum, copy::c_to_f, copy::fill, par::kernels
}
criterion_main!(benches);
