//! Kernels that store: K4 the 5-point stencil into a second array (2000²), K5 a strided axpy
//! (`y[::2] += a * x[::2]`, 4e6 elements), K7 matmul in i-k-j order
//! (`c[[i, j]] += a[[i, k]] * b[[k, j]]`, 256³).

use std::hint::black_box;

use memslice::{MemViewSlice, MemViewSliceMut, Zip, s};
use ndarray::{ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2};

use super::{Form, Kernel, input, output};

const S: usize = 2000;
const L: usize = 4_000_000;
const M: usize = 256;
/// K5's `a`.
const ALPHA: f64 = 0.5;

/// A kernel form that reads one array and writes another.
type OneOut = fn(&[f64], &mut [f64]);
/// A kernel form that reads two arrays and writes a third.
type TwoIn = fn(&[f64], &[f64], &mut [f64]);

/// A few elements of an output, for every form to agree on.
fn probe(out: &[f64]) -> f64 {
    let n = out.len();
    out[n / 3] + out[n / 2] * 3.0 + out[n - n / 5] * 7.0
}

pub(crate) fn k4() -> Kernel {
    let u = input(S * S, 7);
    let o = output(S * S);
    let mut k = Kernel::new("K4_stencil_2000", (S - 2) * (S - 2));
    let forms: [OneOut; 6] = [
        k4_form::<0>,
        k4_form::<1>,
        k4_form::<2>,
        k4_form::<3>,
        k4_form::<4>,
        k4_form::<5>,
    ];
    for (form, run) in Form::ALL.into_iter().zip(forms) {
        let (u, o) = (u.clone(), o.clone());
        k = k.case(form, move || {
            let o = &mut o.borrow_mut()[..];
            run(black_box(&u[..]), o);
            probe(o)
        });
    }
    k.verified()
}

/// K4 in one form: a function per form, each optimised on its own (in one closure that
/// matched on the form, LLVM optimised all six together and the forms cost one another).
fn k4_form<const F: usize>(u: &[f64], o: &mut [f64]) {
    match Form::ALL[F] {
        Form::Raw => {
            let (u, o) = (u.as_ptr(), o.as_mut_ptr());
            for i in 1..S - 1 {
                for j in 1..S - 1 {
                    // SAFETY: every neighbour of an interior (i, j) is inside.
                    unsafe {
                        *o.add(i * S + j) = *u.add((i - 1) * S + j)
                            + *u.add((i + 1) * S + j)
                            + *u.add(i * S + j - 1)
                            + *u.add(i * S + j + 1)
                            - 4.0 * *u.add(i * S + j);
                    }
                }
            }
        }
        Form::Index => {
            let u = MemViewSlice::from_slice(u, [S, S]).unwrap();
            let mut o = MemViewSliceMut::from_slice(o, [S, S]).unwrap();
            for i in 1..S - 1 {
                for j in 1..S - 1 {
                    o[[i, j]] = u[[i - 1, j]] + u[[i + 1, j]] + u[[i, j - 1]] + u[[i, j + 1]]
                        - 4.0 * u[[i, j]];
                }
            }
        }
        Form::Unchecked => {
            let u = MemViewSlice::from_slice(u, [S, S]).unwrap();
            let mut o = MemViewSliceMut::from_slice(o, [S, S]).unwrap();
            for i in 1..S - 1 {
                for j in 1..S - 1 {
                    // SAFETY: every neighbour of an interior (i, j) is in bounds.
                    unsafe {
                        *o.get_unchecked_mut([i, j]) = *u.get_unchecked([i - 1, j])
                            + *u.get_unchecked([i + 1, j])
                            + *u.get_unchecked([i, j - 1])
                            + *u.get_unchecked([i, j + 1])
                            - 4.0 * *u.get_unchecked([i, j]);
                    }
                }
            }
        }
        Form::Iter => {
            let u = MemViewSlice::from_slice(u, [S, S]).unwrap();
            let o = MemViewSliceMut::from_slice(o, [S, S]).unwrap();
            Zip::from(o.slice(s![1..-1, 1..-1]))
                .and(u.slice(s![..-2, 1..-1]))
                .and(u.slice(s![2.., 1..-1]))
                .and(u.slice(s![1..-1, ..-2]))
                .and(u.slice(s![1..-1, 2..]))
                .and(u.slice(s![1..-1, 1..-1]))
                .for_each(|o, &n, &s, &w, &e, &c| *o = n + s + w + e - 4.0 * c);
        }
        Form::NdIndex => {
            let u = ArrayView2::from_shape((S, S), u).unwrap();
            let mut o = ArrayViewMut2::from_shape((S, S), o).unwrap();
            for i in 1..S - 1 {
                for j in 1..S - 1 {
                    o[[i, j]] = u[[i - 1, j]] + u[[i + 1, j]] + u[[i, j - 1]] + u[[i, j + 1]]
                        - 4.0 * u[[i, j]];
                }
            }
        }
        Form::NdBest => nd_zip_stencil(u, o),
    }
}

// ndarray's `s!` reads `1..-1` as Python's `1:-1` too, but does not tell clippy so.
#[allow(clippy::reversed_empty_ranges)]
fn nd_zip_stencil(u: &[f64], o: &mut [f64]) {
    let u = ArrayView2::from_shape((S, S), u).unwrap();
    let mut o = ArrayViewMut2::from_shape((S, S), o).unwrap();
    ndarray::Zip::from(o.slice_mut(ndarray::s![1..-1, 1..-1]))
        .and(u.slice(ndarray::s![..-2, 1..-1]))
        .and(u.slice(ndarray::s![2.., 1..-1]))
        .and(u.slice(ndarray::s![1..-1, ..-2]))
        .and(u.slice(ndarray::s![1..-1, 2..]))
        .and(u.slice(ndarray::s![1..-1, 1..-1]))
        .for_each(|o, &n, &s, &w, &e, &c| *o = n + s + w + e - 4.0 * c);
}

pub(crate) fn k5() -> Kernel {
    let x = input(L, 5);
    let y = output(L);
    let mut k = Kernel::new("K5_strided_axpy_4e6", L / 2);
    let forms: [OneOut; 6] = [
        k5_form::<0>,
        k5_form::<1>,
        k5_form::<2>,
        k5_form::<3>,
        k5_form::<4>,
        k5_form::<5>,
    ];
    for (form, run) in Form::ALL.into_iter().zip(forms) {
        let (x, y) = (x.clone(), y.clone());
        k = k.case(form, move || {
            let y = &mut y.borrow_mut()[..];
            run(black_box(&x[..]), y);
            probe(y)
        });
    }
    // Each run adds to `y` again: the forms agree when each starts from zeros.
    k.reset(move || y.borrow_mut().fill(0.0)).verified()
}

/// K5 in one form: a function per form, each optimised on its own (in one closure that
/// matched on the form, LLVM optimised all six together and the forms cost one another).
fn k5_form<const F: usize>(x: &[f64], y: &mut [f64]) {
    match Form::ALL[F] {
        Form::Raw => {
            let (x, y) = (x.as_ptr(), y.as_mut_ptr());
            for i in 0..L / 2 {
                // SAFETY: 2i < L.
                unsafe { *y.add(2 * i) += ALPHA * *x.add(2 * i) };
            }
        }
        Form::Index => {
            let x = MemViewSlice::from(x).slice(s![..;2]);
            let mut y = MemViewSliceMut::from(&mut *y).slice(s![..;2]);
            for i in 0..x.shape()[0] {
                y[[i]] += ALPHA * x[[i]];
            }
        }
        Form::Unchecked => {
            let x = MemViewSlice::from(x).slice(s![..;2]);
            let mut y = MemViewSliceMut::from(&mut *y).slice(s![..;2]);
            for i in 0..x.shape()[0] {
                // SAFETY: i is below both extents.
                unsafe { *y.get_unchecked_mut([i]) += ALPHA * *x.get_unchecked([i]) };
            }
        }
        Form::Iter => {
            let x = MemViewSlice::from(x).slice(s![..;2]);
            let y = MemViewSliceMut::from(&mut *y).slice(s![..;2]);
            Zip::from(y).and(x).for_each(|y, &x| *y += ALPHA * x);
        }
        Form::NdIndex => {
            let x = ArrayView1::from(x);
            let x = x.slice(ndarray::s![..;2]);
            let mut y = ArrayViewMut1::from(&mut *y);
            let mut y = y.slice_mut(ndarray::s![..;2]);
            for i in 0..x.len() {
                y[i] += ALPHA * x[i];
            }
        }
        Form::NdBest => {
            let x = ArrayView1::from(x);
            let mut y = ArrayViewMut1::from(&mut *y);
            ndarray::Zip::from(y.slice_mut(ndarray::s![..;2]))
                .and(x.slice(ndarray::s![..;2]))
                .for_each(|y, &x| *y += ALPHA * x);
        }
    }
}

pub(crate) fn k7() -> Kernel {
    let a = input(M * M, 5);
    let b = input(M * M, 3);
    let c = output(M * M);
    let mut k = Kernel::new("K7_matmul_256", 2 * M * M * M);
    k.flops = true;
    let forms: [TwoIn; 6] = [
        k7_form::<0>,
        k7_form::<1>,
        k7_form::<2>,
        k7_form::<3>,
        k7_form::<4>,
        k7_form::<5>,
    ];
    for (form, run) in Form::ALL.into_iter().zip(forms) {
        let (a, b, c) = (a.clone(), b.clone(), c.clone());
        k = k.case(form, move || {
            let c = &mut c.borrow_mut()[..];
            run(black_box(&a[..]), &b[..], c);
            probe(c)
        });
    }
    k.verified()
}

/// K7 in one form: a function per form, each optimised on its own (in one closure that
/// matched on the form, LLVM optimised all six together and the forms cost one another).
fn k7_form<const F: usize>(a: &[f64], b: &[f64], c: &mut [f64]) {
    c.fill(0.0);
    // A size known only at run time, as in user code (a constant lets LLVM specialise each
    // form differently).
    let n = black_box(M);
    match Form::ALL[F] {
        Form::Raw => {
            let (a, b, c) = (a.as_ptr(), b.as_ptr(), c.as_mut_ptr());
            for i in 0..n {
                for k in 0..n {
                    for j in 0..n {
                        // SAFETY: i, j, k < n index three n x n C-order arrays.
                        unsafe { *c.add(i * n + j) += *a.add(i * n + k) * *b.add(k * n + j) };
                    }
                }
            }
        }
        Form::Index => {
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
        Form::Unchecked => {
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
        Form::Iter => {
            let a = MemViewSlice::from_slice(a, [n, n]).unwrap();
            let b = MemViewSlice::from_slice(b, [n, n]).unwrap();
            let mut c = MemViewSliceMut::from_slice(c, [n, n]).unwrap();
            for (i, mut ci) in c.axis_iter_mut::<1>(0).enumerate() {
                for (k, bk) in b.axis_iter::<1>(0).enumerate() {
                    let aik = a[[i, k]];
                    Zip::from(ci.reborrow())
                        .and(bk)
                        .for_each(|c, &b| *c += aik * b);
                }
            }
        }
        Form::NdIndex => {
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
        Form::NdBest => {
            let a = ArrayView2::from_shape((n, n), a).unwrap();
            let b = ArrayView2::from_shape((n, n), b).unwrap();
            let mut c = ArrayViewMut2::from_shape((n, n), c).unwrap();
            for (i, mut ci) in c.outer_iter_mut().enumerate() {
                for (k, bk) in b.outer_iter().enumerate() {
                    let aik = a[[i, k]];
                    ci.zip_mut_with(&bk, |c, &b| *c += aik * b);
                }
            }
        }
    }
}
