//! `copy_from` from a C-order to a Fortran-order 2000x2000 `f64` array, and `fill`, next to
//! raw-pointer loops and ndarray's `assign` and `fill`.

use std::hint::black_box;

use criterion::Criterion;
use memslice::layout::Order;
use memslice::{MemViewSlice, MemViewSliceMut};
use ndarray::{ArrayView2, ArrayViewMut2, ShapeBuilder};

use super::index::N;

pub(crate) fn c_to_f(c: &mut Criterion) {
    let src = super::matrix();
    let mut dst = vec![0.0; N * N];
    // Check the copy before timing it (a filtered run may skip the timed copies).
    let sv = MemViewSlice::from_slice(&src, [N, N]).unwrap();
    MemViewSliceMut::from_slice_in(&mut dst, [N, N], Order::F)
        .unwrap()
        .copy_from(&sv)
        .unwrap();
    assert_eq!(
        MemViewSlice::from_slice_in(&dst, [N, N], Order::F).unwrap(),
        sv
    );
    let mut g = c.benchmark_group("copy/c_to_f");
    g.bench_function("raw_ptr", |b| {
        b.iter(|| {
            let (s, d) = (black_box(src.as_ptr()), black_box(dst.as_mut_ptr()));
            for i in 0..N {
                for j in 0..N {
                    // SAFETY: (i, j) is inside both N x N arrays; they do not overlap.
                    unsafe { *d.add(i + j * N) = *s.add(i * N + j) };
                }
            }
        })
    });
    g.bench_function("memslice", |b| {
        b.iter(|| {
            let mut dv = MemViewSliceMut::from_slice_in(&mut dst, [N, N], Order::F).unwrap();
            dv.copy_from(black_box(&sv)).unwrap();
        })
    });
    g.bench_function("ndarray_assign", |b| {
        let sa = ArrayView2::from_shape((N, N), &src).unwrap();
        b.iter(|| {
            let mut da = ArrayViewMut2::from_shape((N, N).f(), &mut dst).unwrap();
            da.assign(black_box(&sa));
        })
    });
    g.finish();
}

pub(crate) fn fill(c: &mut Criterion) {
    let mut data = vec![0.0_f64; N * N];
    let mut g = c.benchmark_group("fill/c");
    g.bench_function("raw_ptr", |b| {
        b.iter(|| {
            let p = black_box(data.as_mut_ptr());
            for k in 0..N * N {
                // SAFETY: k is inside the array.
                unsafe { *p.add(k) = 1.5 };
            }
        })
    });
    g.bench_function("slice", |b| b.iter(|| black_box(&mut data[..]).fill(1.5)));
    g.bench_function("memslice", |b| {
        b.iter(|| {
            MemViewSliceMut::from_slice(black_box(&mut data[..]), [N, N])
                .unwrap()
                .fill(1.5)
        })
    });
    g.bench_function("memslice_transposed", |b| {
        b.iter(|| {
            MemViewSliceMut::from_slice(black_box(&mut data[..]), [N, N])
                .unwrap()
                .t()
                .fill(1.5)
        })
    });
    g.bench_function("ndarray", |b| {
        b.iter(|| {
            ArrayViewMut2::from_shape((N, N), black_box(&mut data[..]))
                .unwrap()
                .fill(1.5)
        })
    });
    g.finish();
}
