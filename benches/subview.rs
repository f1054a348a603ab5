//! Sub-view creation: one sub-view per row of a 2000x2000 `f64` array, next to the raw pointer
//! arithmetic it replaces and ndarray's `index_axis` and `slice`. Nothing is allocated or
//! reference-counted, so these are a few nanoseconds each.

use std::hint::black_box;

use criterion::Criterion;
use memslice::{MemViewSlice, s};
use ndarray::{ArrayView2, Axis};

use super::index::N;

pub(crate) fn per_row(c: &mut Criterion) {
    let data = super::matrix();
    let v = MemViewSlice::from_slice(&data, [N, N]).unwrap();
    let a = ArrayView2::from_shape((N, N), &data).unwrap();
    let mut g = c.benchmark_group("subview/per_row");
    g.bench_function("raw_ptr", |b| {
        b.iter(|| {
            let base = black_box(data.as_ptr());
            for i in 0..N {
                // SAFETY: row i starts inside the array.
                black_box((unsafe { base.add(i * N) }, N));
            }
        })
    });
    g.bench_function("memslice_index_axis", |b| {
        b.iter(|| {
            let v = black_box(v);
            for i in 0..N {
                black_box(v.index_axis(0, i as isize));
            }
        })
    });
    g.bench_function("memslice_s_macro", |b| {
        b.iter(|| {
            let v = black_box(v);
            for i in 0..N {
                black_box(v.slice(s![i, 1..;2]));
            }
        })
    });
    g.bench_function("ndarray_index_axis", |b| {
        b.iter(|| {
            let a = black_box(a);
            for i in 0..N {
                black_box(a.index_axis(Axis(0), i));
            }
        })
    });
    g.bench_function("ndarray_slice", |b| {
        b.iter(|| {
            let a = black_box(a);
            for i in 0..N {
                black_box(a.slice(ndarray::s![i, 1..;2]));
            }
        })
    });
    g.finish();
}
