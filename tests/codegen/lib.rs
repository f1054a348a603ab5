//! Kernels whose assembly `check.sh` compares: a 2-D sum through `Index`, through
//! `get_unchecked`, and through a raw pointer. The view versions must compile to the raw loop.

use memslice::{MemViewSlice, MemViewSliceMut};

/// The baseline: `ptr + i*rs + j*cs` (byte strides).
#[unsafe(no_mangle)]
pub fn codegen_raw_sum(ptr: *const f64, rows: usize, cols: usize, rs: isize, cs: isize) -> f64 {
    let mut acc = 0.0;
    for i in 0..rows {
        for j in 0..cols {
            // SAFETY: the caller describes an array that (i, j) is inside of.
            acc += unsafe { *ptr.byte_offset(i as isize * rs + j as isize * cs) };
        }
    }
    acc
}

/// Checked indexing: the bounds checks must be proven redundant and vanish.
#[unsafe(no_mangle)]
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
#[unsafe(no_mangle)]
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
#[unsafe(no_mangle)]
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
#[unsafe(no_mangle)]
pub fn codegen_stencil_index(u: MemViewSlice<'_, f64, 2>, mut o: MemViewSliceMut<'_, f64, 2>) {
    let [rows, cols] = *u.shape();
    for i in 1..rows.saturating_sub(1) {
        for j in 1..cols.saturating_sub(1) {
            o[[i, j]] =
                u[[i - 1, j]] + u[[i + 1, j]] + u[[i, j - 1]] + u[[i, j + 1]] - 4.0 * u[[i, j]];
        }
    }
}
