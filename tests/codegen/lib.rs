//! Kernels whose assembly `check.sh` compares: a 2-D sum through `Index`, through
//! `get_unchecked`, and through a raw pointer. The view versions must compile to the raw loop.

use memslice::MemViewSlice;

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
