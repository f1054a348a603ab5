//! Kernels whose machine code `check.sh` reads back from this binary: sums, matmul and the
//! stencil through `Index`, `get_unchecked` and a raw pointer. The view versions must compile to
//! the raw loop.

use memslice::{MemViewSlice, MemViewSliceMut};

/// The baseline: `ptr + i*rs + j*cs` (element strides, as a raw loop is written).
#[inline(never)]
pub fn codegen_raw_sum(ptr: *const f64, rows: usize, cols: usize, rs: isize, cs: isize) -> f64 {
    let mut acc = 0.0;
    for i in 0..rows {
        for j in 0..cols {
            // SAFETY: the caller describes an array that (i, j) is inside of.
            acc += unsafe { *ptr.offset(i as isize * rs + j as isize * cs) };
        }
    }
    acc
}

/// Checked indexing: the bounds checks must be proven redundant and vanish.
#[inline(never)]
pub fn codegen_view_index(v: MemViewSlice<'_, f64, 2>) -> f64 {
    let [rows, cols] = *v.shape();
    let mut acc = 0.0;
    for i in 0..rows {
        for j in 0..cols {
            acc += v[[i, j]];
        }
    }
    acc
}

/// Unchecked indexing.
#[inline(never)]
pub fn codegen_view_unchecked(v: MemViewSlice<'_, f64, 2>) -> f64 {
    let [rows, cols] = *v.shape();
    let mut acc = 0.0;
    for i in 0..rows {
        for j in 0..cols {
            // SAFETY: i < rows and j < cols.
            acc += unsafe { *v.get_unchecked([i, j]) };
        }
    }
    acc
}

/// The matmul kernel users write, i-k-j order: `c[[i, j]] += a[[i, k]] * b[[k, j]]`. The store
/// through `c` must not force the views' shapes and strides back through memory.
#[inline(never)]
pub fn codegen_matmul_index(
    a: MemViewSlice<'_, f64, 2>,
    b: MemViewSlice<'_, f64, 2>,
    mut c: MemViewSliceMut<'_, f64, 2>,
) {
    let [n, m] = *a.shape();
    let p = b.shape()[1];
    for i in 0..n {
        for k in 0..m {
            for j in 0..p {
                c[[i, j]] += a[[i, k]] * b[[k, j]];
            }
        }
    }
}

/// The 5-point stencil into a second array, through `Index`.
#[inline(never)]
pub fn codegen_stencil_index(u: MemViewSlice<'_, f64, 2>, mut o: MemViewSliceMut<'_, f64, 2>) {
    let [rows, cols] = *u.shape();
    for i in 1..rows.saturating_sub(1) {
        for j in 1..cols.saturating_sub(1) {
            o[[i, j]] =
                u[[i - 1, j]] + u[[i + 1, j]] + u[[i, j - 1]] + u[[i, j + 1]] - 4.0 * u[[i, j]];
        }
    }
}

/// K7 as the bench and a user write it: views built from slices, then `Index`.
#[inline(never)]
pub fn codegen_k7_index(a: &[f64], b: &[f64], c: &mut [f64], n: usize) {
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

/// K4 as the bench writes it: views built from slices, then `Index`.
#[inline(never)]
pub fn codegen_k4_index(u: &[f64], o: &mut [f64], n: usize) {
    let u = MemViewSlice::from_slice(u, [n, n]).unwrap();
    let mut o = MemViewSliceMut::from_slice(o, [n, n]).unwrap();
    for i in 1..n - 1 {
        for j in 1..n - 1 {
            o[[i, j]] =
                u[[i - 1, j]] + u[[i + 1, j]] + u[[i, j - 1]] + u[[i, j + 1]] - 4.0 * u[[i, j]];
        }
    }
}

/// K8 as the bench writes it: a wrapping `i64` sum through `Index`.
#[inline(never)]
pub fn codegen_k8_index(x: &[i64], n: usize) -> i64 {
    let v = MemViewSlice::from_slice(x, [n, n]).unwrap();
    let [rows, cols] = *v.shape();
    let mut acc = 0_i64;
    for i in 0..rows {
        for j in 0..cols {
            acc = acc.wrapping_add(v[[i, j]]);
        }
    }
    acc
}

/// Calls every kernel once on opaque inputs, so that none is specialised to constants.
fn main() {
    use std::hint::black_box;
    let n = black_box(4);
    let x = vec![1.0_f64; n * n];
    let mut y = vec![0.0_f64; n * n];
    let ints = vec![1_i64; n * n];
    let v = MemViewSlice::from_slice(&x, [n, n]).unwrap();
    black_box(codegen_raw_sum(
        black_box(x.as_ptr()),
        n,
        n,
        black_box(n as isize),
        black_box(1),
    ));
    black_box(codegen_view_index(black_box(v)));
    black_box(codegen_view_unchecked(black_box(v)));
    codegen_matmul_index(
        black_box(v),
        v,
        black_box(MemViewSliceMut::from_slice(&mut y, [n, n]).unwrap()),
    );
    codegen_stencil_index(
        black_box(v),
        black_box(MemViewSliceMut::from_slice(&mut y, [n, n]).unwrap()),
    );
    codegen_k7_index(black_box(&x), &x, &mut y, n);
    codegen_k4_index(black_box(&x), &mut y, n);
    black_box(codegen_k8_index(black_box(&ints), n));
}
