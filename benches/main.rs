//! memslice's benchmarks: one criterion harness, one module per area. Every group measures a
//! raw-pointer loop and ndarray beside memslice in the same run, so results read as ratios.
//!
//! Run with `cargo bench --bench memslice` (add a group name to filter, e.g. `-- sum2d`).

use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

mod index;
mod subview;

/// The 2000x2000 `f64` array of the foundation benches, filled with small distinct values.
fn matrix() -> Vec<f64> {
    (0..index::N * index::N).map(|k| (k % 7) as f64).collect()
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
    targets = index::sum2d, subview::per_row
}
criterion_main!(benches);
