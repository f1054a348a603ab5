//! Kernels that store, the way users write them: matmul in i-k-j order
//! (`c[[i, j]] += a[[i, k]] * b[[k, j]]`, 256³) and the 5-point stencil into a second array
//! (2000²). Each as a raw-pointer loop, through memslice's `Index` and `get_unchecked`, and
//! through ndarray's `Index` and `uget`, over the same memory. Building the views is inside the
//! timed region, as a user pays it.

use std::hint::black_box;

use criterion::Criterion;
use memslice::{MemViewSlice, MemViewSliceMut, Zip, s};
use ndarray::{ArrayView2, ArrayViewMut2};

const M: usize = 256;
const S: usize = 2000;

fn raw_matmul(a: *const f64, b: *const f64, c: *mut f64, n: usize) {
    for i in 0..n {
        for k in 0..n {
            for j in 0..n {
                // SAFETY: i, j, k < n index three n x n C-order arrays the caller owns.
                unsafe { *c.add(i * n + j) += *a.add(i * n + k) * *b.add(k * n + j) };
            }
        }
    }
}

fn memslice_matmul(a: &[f64], b: &[f64], c: &mut [f64], n: usize) {
    let a = MemViewSlice::from_slice(a, [n, n]).unwrap();
    let b = MemViewSlice::from_slice(b, [n, n]).unwrap();
    let mut c = MemViewSliceMut::from_slice(c, [n, n]).unwrap();
    for i in 0..n {
        for k in 0..n {
            for j in 0..n {
                c[[i, j]] += a[[i, k]] * b[[k, j]];
            }
        }
    }
}

fn memslice_matmul_unchecked(a: &[f64], b: &[f64], c: &mut [f64], n: usize) {
    let a = MemViewSlice::from_slice(a, [n, n]).unwrap();
    let b = MemViewSlice::from_slice(b, [n, n]).unwrap();
    let mut c = MemViewSliceMut::from_slice(c, [n, n]).unwrap();
    for i in 0..n {
        for k in 0..n {
            for j in 0..n {
                // SAFETY: i, j, k < n, the extent of every axis.
                unsafe {
                    *c.get_unchecked_mut([i, j]) +=
                        *a.get_unchecked([i, k]) * *b.get_unchecked([k, j])
                };
            }
        }
    }
}

fn ndarray_matmul(a: &[f64], b: &[f64], c: &mut [f64], n: usize) {
    let a = ArrayView2::from_shape((n, n), a).unwrap();
    let b = ArrayView2::from_shape((n, n), b).unwrap();
    let mut c = ArrayViewMut2::from_shape((n, n), c).unwrap();
    for i in 0..n {
        for k in 0..n {
            for j in 0..n {
                c[[i, j]] += a[[i, k]] * b[[k, j]];
            }
        }
    }
}

fn ndarray_matmul_uget(a: &[f64], b: &[f64], c: &mut [f64], n: usize) {
    let a = ArrayView2::from_shape((n, n), a).unwrap();
    let b = ArrayView2::from_shape((n, n), b).unwrap();
    let mut c = ArrayViewMut2::from_shape((n, n), c).unwrap();
    for i in 0..n {
        for k in 0..n {
            for j in 0..n {
                // SAFETY: i, j, k < n, the extent of every axis.
                unsafe { *c.uget_mut([i, j]) += *a.uget([i, k]) * *b.uget([k, j]) };
            }
        }
    }
}

fn raw_stencil(u: *const f64, o: *mut f64, n: usize) {
    for i in 1..n - 1 {
        for j in 1..n - 1 {
            // SAFETY: every neighbour of an interior (i, j) is inside the n x n arrays.
            unsafe {
                *o.add(i * n + j) = *u.add((i - 1) * n + j)
                    + *u.add((i + 1) * n + j)
                    + *u.add(i * n + j - 1)
                    + *u.add(i * n + j + 1)
                    - 4.0 * *u.add(i * n + j);
            }
        }
    }
}

fn memslice_stencil(u: &[f64], o: &mut [f64], n: usize) {
    let u = MemViewSlice::from_slice(u, [n, n]).unwrap();
    let mut o = MemViewSliceMut::from_slice(o, [n, n]).unwrap();
    for i in 1..n - 1 {
        for j in 1..n - 1 {
            o[[i, j]] =
                u[[i - 1, j]] + u[[i + 1, j]] + u[[i, j - 1]] + u[[i, j + 1]] - 4.0 * u[[i, j]];
        }
    }
}

fn memslice_zip_stencil(u: &[f64], o: &mut [f64], n: usize) {
    let u = MemViewSlice::from_slice(u, [n, n]).unwrap();
    let o = MemViewSliceMut::from_slice(o, [n, n]).unwrap();
    Zip::from(o.slice(s![1..-1, 1..-1]))
        .and(u.slice(s![..-2, 1..-1]))
        .and(u.slice(s![2.., 1..-1]))
        .and(u.slice(s![1..-1, ..-2]))
        .and(u.slice(s![1..-1, 2..]))
        .and(u.slice(s![1..-1, 1..-1]))
        .for_each(|o, &n, &s, &w, &e, &c| *o = n + s + w + e - 4.0 * c);
}

// ndarray's `s!` reads `1..-1` as Python's `1:-1` too, but does not tell clippy so.
#[allow(clippy::reversed_empty_ranges)]
fn ndarray_zip_stencil(u: &[f64], o: &mut [f64], n: usize) {
    let u = ArrayView2::from_shape((n, n), u).unwrap();
    let mut o = ArrayViewMut2::from_shape((n, n), o).unwrap();
    ndarray::Zip::from(o.slice_mut(ndarray::s![1..-1, 1..-1]))
        .and(u.slice(ndarray::s![..-2, 1..-1]))
        .and(u.slice(ndarray::s![2.., 1..-1]))
        .and(u.slice(ndarray::s![1..-1, ..-2]))
        .and(u.slice(ndarray::s![1..-1, 2..]))
        .and(u.slice(ndarray::s![1..-1, 1..-1]))
        .for_each(|o, &n, &s, &w, &e, &c| *o = n + s + w + e - 4.0 * c);
}

fn ndarray_stencil(u: &[f64], o: &mut [f64], n: usize) {
    let u = ArrayView2::from_shape((n, n), u).unwrap();
    let mut o = ArrayViewMut2::from_shape((n, n), o).unwrap();
    for i in 1..n - 1 {
        for j in 1..n - 1 {
            o[[i, j]] =
                u[[i - 1, j]] + u[[i + 1, j]] + u[[i, j - 1]] + u[[i, j + 1]] - 4.0 * u[[i, j]];
        }
    }
}

pub(crate) fn stores(c: &mut Criterion) {
    let a: Vec<f64> = (0..M * M).map(|k| (k % 5) as f64).collect();
    let b: Vec<f64> = (0..M * M).map(|k| (k % 3) as f64).collect();
    let mut out = vec![0.0; M * M];
    let mut expect = vec![0.0; M * M];
    raw_matmul(a.as_ptr(), b.as_ptr(), expect.as_mut_ptr(), M);
    memslice_matmul(&a, &b, &mut out, M);
    assert_eq!(out, expect);
    let mut g = c.benchmark_group("kernels/matmul_256");
    g.bench_function("raw_ptr", |bn| {
        bn.iter(|| raw_matmul(black_box(a.as_ptr()), b.as_ptr(), out.as_mut_ptr(), M))
    });
    g.bench_function("memslice_index", |bn| {
        bn.iter(|| memslice_matmul(black_box(&a), &b, &mut out, M))
    });
    g.bench_function("memslice_unchecked", |bn| {
        bn.iter(|| memslice_matmul_unchecked(black_box(&a), &b, &mut out, M))
    });
    g.bench_function("ndarray_index", |bn| {
        bn.iter(|| ndarray_matmul(black_box(&a), &b, &mut out, M))
    });
    g.bench_function("ndarray_uget", |bn| {
        bn.iter(|| ndarray_matmul_uget(black_box(&a), &b, &mut out, M))
    });
    g.finish();

    let u: Vec<f64> = (0..S * S).map(|k| (k % 7) as f64).collect();
    let mut o = vec![0.0; S * S];
    let mut expect = vec![0.0; S * S];
    raw_stencil(u.as_ptr(), expect.as_mut_ptr(), S);
    memslice_stencil(&u, &mut o, S);
    assert_eq!(o, expect);
    o.fill(0.0);
    memslice_zip_stencil(&u, &mut o, S);
    assert_eq!(o, expect);
    let mut g = c.benchmark_group("kernels/stencil_2000");
    g.bench_function("raw_ptr", |bn| {
        bn.iter(|| raw_stencil(black_box(u.as_ptr()), o.as_mut_ptr(), S))
    });
    g.bench_function("memslice_index", |bn| {
        bn.iter(|| memslice_stencil(black_box(&u), &mut o, S))
    });
    g.bench_function("memslice_zip", |bn| {
        bn.iter(|| memslice_zip_stencil(black_box(&u), &mut o, S))
    });
    g.bench_function("ndarray_index", |bn| {
        bn.iter(|| ndarray_stencil(black_box(&u), &mut o, S))
    });
    g.bench_function("ndarray_zip", |bn| {
        bn.iter(|| ndarray_zip_stencil(black_box(&u), &mut o, S))
    });
    g.finish();
}
