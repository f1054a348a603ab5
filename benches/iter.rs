//! `iter().sum()` over a C-contiguous, a transposed and a stride-2 view of a 2000x2000 `f64`
//! array, next to `slice.iter().sum()`, raw-pointer loops walking the same order, and ndarray.

use std::hint::black_box;

use criterion::Criterion;
use memslice::{MemViewSlice, s};
use ndarray::{ArrayView2, s as nd_s};

use super::index::N;

/// The raw-pointer loop in C order over a `rows x cols` layout with element strides.
fn raw_sum(ptr: *const f64, rows: usize, cols: usize, rs: isize, cs: isize) -> f64 {
    let mut acc = 0.0;
    for i in 0..rows as isize {
        // SAFETY: row i starts inside the array the caller describes.
        let row = unsafe { ptr.offset(i * rs) };
        for j in 0..cols as isize {
            // SAFETY: (i, j) is inside that array.
            acc += unsafe { *row.offset(j * cs) };
        }
    }
    acc
}

pub(crate) fn sum(c: &mut Criterion) {
    let data = super::matrix();
    let v = MemViewSlice::from_slice(&data, [N, N]).unwrap();
    let a = ArrayView2::from_shape((N, N), &data).unwrap();

    let mut g = c.benchmark_group("iter_sum/c");
    g.bench_function("slice", |b| {
        b.iter(|| black_box(&data[..]).iter().sum::<f64>())
    });
    g.bench_function("raw_ptr", |b| {
        b.iter(|| raw_sum(black_box(data.as_ptr()), N, N, N as isize, 1))
    });
    g.bench_function("memslice", |b| b.iter(|| black_box(v).iter().sum::<f64>()));
    g.bench_function("ndarray_iter", |b| {
        b.iter(|| black_box(a).iter().sum::<f64>())
    });
    g.finish();

    let mut g = c.benchmark_group("iter_sum/transposed");
    g.bench_function("raw_ptr", |b| {
        b.iter(|| raw_sum(black_box(data.as_ptr()), N, N, 1, N as isize))
    });
    g.bench_function("memslice", |b| {
        b.iter(|| black_box(v).t().iter().sum::<f64>())
    });
    g.bench_function("ndarray_iter", |b| {
        b.iter(|| black_box(a).t().iter().sum::<f64>())
    });
    g.finish();

    let mut g = c.benchmark_group("iter_sum/stride2");
    g.bench_function("raw_ptr", |b| {
        b.iter(|| raw_sum(black_box(data.as_ptr()), N, N / 2, N as isize, 2))
    });
    g.bench_function("memslice", |b| {
        b.iter(|| black_box(v).slice(s![.., ..;2]).iter().sum::<f64>())
    });
    g.bench_function("ndarray_iter", |b| {
        b.iter(|| black_box(a).slice(nd_s![.., ..;2]).iter().sum::<f64>())
    });
    g.finish();
}
