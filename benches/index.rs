//! Element access: a 2-D sum through `Index`, `get_unchecked`, a raw-pointer loop and ndarray,
//! on a C-contiguous 2000x2000 `f64` array and on its transpose (the same loop order, so the
//! transpose walks memory with a 16 KB stride).

use std::hint::black_box;

use criterion::Criterion;
use memslice::MemViewSlice;
use ndarray::{ArrayView2, ShapeBuilder};

pub(crate) const N: usize = 2000;

/// The double loop every variant shares; `elem` is inlined, so each variant measures only how it
/// reaches element `(i, j)`.
#[inline(always)]
fn sum(rows: usize, cols: usize, elem: impl Fn(usize, usize) -> f64) -> f64 {
    let mut acc = 0.0;
    for i in 0..rows {
        for j in 0..cols {
            acc += elem(i, j);
        }
    }
    acc
}

/// The baseline: `ptr + i*rs + j*cs` (strides in elements), nothing else.
fn raw_sum(ptr: *const f64, rs: isize, cs: isize) -> f64 {
    sum(N, N, |i, j| {
        // SAFETY: (i, j) is inside the N x N array the caller describes.
        let p = unsafe { ptr.offset(i as isize * rs + j as isize * cs) };
        // SAFETY: `p` addresses an initialised f64 of that array.
        unsafe { *p }
    })
}

fn view_index(v: MemViewSlice<'_, f64, 2>) -> f64 {
    sum(v.shape()[0], v.shape()[1], |i, j| v[[i, j]])
}

fn view_unchecked(v: MemViewSlice<'_, f64, 2>) -> f64 {
    // SAFETY: `sum` passes i < rows and j < cols.
    sum(v.shape()[0], v.shape()[1], |i, j| unsafe {
        *v.get_unchecked([i, j])
    })
}

fn nd_index(a: ArrayView2<'_, f64>) -> f64 {
    sum(a.nrows(), a.ncols(), |i, j| a[[i, j]])
}

fn nd_unchecked(a: ArrayView2<'_, f64>) -> f64 {
    // SAFETY: `sum` passes i < rows and j < cols.
    sum(a.nrows(), a.ncols(), |i, j| unsafe { *a.uget([i, j]) })
}

pub(crate) fn sum2d(c: &mut Criterion) {
    let data = super::matrix();
    let c_view = MemViewSlice::from_slice(&data, [N, N]).unwrap();
    // Every variant reads the same bytes: ndarray views `data` too, so no variant gets luckier
    // page placement than another.
    let c_nd = ArrayView2::from_shape((N, N), &data).unwrap();
    let f_nd = ArrayView2::from_shape((N, N).f(), &data).unwrap();
    let expect = raw_sum(data.as_ptr(), N as isize, 1);

    for (name, view, nd) in [
        ("c", c_view, c_nd.view()),
        ("transposed", c_view.t(), f_nd.view()),
    ] {
        let mut g = c.benchmark_group(format!("sum2d/{name}"));
        let [rs, cs] = view.strides().map(|s| s / 8);
        assert_eq!(view_index(view), expect);
        assert_eq!(nd_index(nd), expect);
        g.bench_function("raw_ptr", |b| {
            b.iter(|| raw_sum(black_box(view.as_ptr()), rs, cs))
        });
        g.bench_function("memslice_index", |b| b.iter(|| view_index(black_box(view))));
        g.bench_function("memslice_unchecked", |b| {
            b.iter(|| view_unchecked(black_box(view)))
        });
        g.bench_function("ndarray_index", |b| b.iter(|| nd_index(black_box(nd))));
        g.bench_function("ndarray_uget", |b| b.iter(|| nd_unchecked(black_box(nd))));
        g.finish();
    }
}
