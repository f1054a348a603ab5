//! NumPy's rule for reshaping without a copy, and the layout normalisation flat kernels want.

use super::{Order, checked_size};

/// The most axes `reshape_strides` handles, as many as the buffer protocol allows
/// (`PyBUF_MAX_NDIM`).
const MAX_NDIM: usize = 64;

/// The byte strides with which the elements of `shape`/`strides`, read in `order`, are laid out
/// as `to` without moving any of them: NumPy's no-copy reshape (`_attempt_nocopy_reshape`),
/// which `np.reshape` uses before it falls back to a copy. `None` when no such strides exist
/// (a copy would be needed), when the element counts differ, or beyond 64 axes.
///
/// The same shape keeps its strides, and a layout contiguous in `order` (an empty one is) gets
/// NumPy's contiguous strides for `to` (zero extents counted as 1). Otherwise: axes of extent 1
/// are dropped; the old and new extents are grouped into runs with equal products, and each run
/// of old axes must be contiguous in `order` (each stride the next one's times its extent) for
/// the new axes of that run to be carved out of it.
///
/// # Examples
///
/// ```
/// use memslice_core::layout::{Order, reshape_strides};
///
/// // np.arange(24.).reshape(2, 3, 4)[:, ::2].reshape(2, 8): the two kept rows are not adjacent
/// assert_eq!(reshape_strides(&[2, 2, 4], &[96, 64, 8], 8, &[2, 8], Order::C), None);
/// // ... but each row still splits: .reshape(2, 2, 2, 2)
/// assert_eq!(
///     reshape_strides(&[2, 2, 4], &[96, 64, 8], 8, &[2, 2, 2, 2], Order::C),
///     Some(vec![96, 64, 16, 8])
/// );
/// ```
pub fn reshape_strides(
    shape: &[usize],
    strides: &[isize],
    itemsize: usize,
    to: &[usize],
    order: Order,
) -> Option<Vec<isize>> {
    let mut out = vec![0; to.len()];
    fill_reshape_strides(shape, strides, itemsize, to, order, &mut out).then_some(out)
}

/// [`reshape_strides`] into `out` (of `to`'s length), without allocating; `false` where that
/// returns `None`.
///
/// # Panics
///
/// If `out` and `to` differ in length, or `shape` and `strides` do.
///
/// # Examples
///
/// ```
/// use memslice_core::layout::{Order, fill_reshape_strides};
///
/// // np.arange(6.).reshape(2, 3).T.reshape(3, 2, 1): a view (the trailing 1 is free).
/// let mut out = [0; 3];
/// assert!(fill_reshape_strides(&[3, 2], &[8, 24], 8, &[3, 2, 1], Order::C, &mut out));
/// assert_eq!(out[..2], [8, 24]);
/// // ... but .T.reshape(6) must copy.
/// assert!(!fill_reshape_strides(&[3, 2], &[8, 24], 8, &[6], Order::C, &mut [0]));
/// // In Fortran order the transpose is contiguous: .T.reshape(6, order='F') is a view.
/// let mut flat = [0];
/// assert!(fill_reshape_strides(&[3, 2], &[8, 24], 8, &[6], Order::F, &mut flat));
/// assert_eq!(flat, [8]);
/// ```
pub fn fill_reshape_strides(
    shape: &[usize],
    strides: &[isize],
    itemsize: usize,
    to: &[usize],
    order: Order,
    out: &mut [isize],
) -> bool {
    assert_eq!(to.len(), out.len(), "new shape and strides differ in rank");
    assert_eq!(
        shape.len(),
        strides.len(),
        "shape and strides differ in rank"
    );
    let Some(size) = checked_size(shape) else {
        return false;
    };
    if checked_size(to) != Some(size) || shape.len() > MAX_NDIM {
        return false;
    }
    // NumPy's order of cases (`PyArray_Newshape`): the same shape keeps its strides; a layout
    // contiguous in `order` (an empty one is) gets fresh contiguous strides; anything else
    // goes through the no-copy rule.
    if shape == to {
        out.copy_from_slice(strides);
        return true;
    }
    let contiguous = match order {
        Order::C => super::is_c_contiguous(shape, strides, itemsize),
        Order::F => super::is_f_contiguous(shape, strides, itemsize),
    };
    if contiguous {
        return contiguous_strides(to, itemsize, order, out);
    }
    // The old axes that matter: extent 1 is never stepped.
    let (mut dims, mut steps) = ([0_usize; MAX_NDIM], [0_isize; MAX_NDIM]);
    let mut old = 0;
    for (&e, &s) in shape.iter().zip(strides) {
        if e != 1 {
            (dims[old], steps[old]) = (e, s);
            old += 1;
        }
    }
    let (mut ni, mut oi) = (0, 0);
    while ni < to.len() && oi < old {
        // The shortest runs of new axes ni..nj and old axes oi..oj with equal products (they
        // exist: the counts are equal, and every partial product is at most `size`).
        let (mut nj, mut oj) = (ni + 1, oi + 1);
        let (mut np, mut op) = (to[ni], dims[oi]);
        while np != op {
            if np < op {
                np *= to[nj];
                nj += 1;
            } else {
                op *= dims[oj];
                oj += 1;
            }
        }
        // The old run must be one contiguous block in `order`.
        for k in oi..oj - 1 {
            let (slow, fast, fast_extent) = match order {
                Order::C => (steps[k], steps[k + 1], dims[k + 1]),
                Order::F => (steps[k + 1], steps[k], dims[k]),
            };
            if fast.checked_mul(fast_extent as isize) != Some(slow) {
                return false;
            }
        }
        // Carve the new axes out of it, from its fastest axis outwards.
        match order {
            Order::C => {
                out[nj - 1] = steps[oj - 1];
                for k in (ni + 1..nj).rev() {
                    let Some(s) = out[k].checked_mul(to[k] as isize) else {
                        return false;
                    };
                    out[k - 1] = s;
                }
            }
            Order::F => {
                out[ni] = steps[oi];
                for k in ni + 1..nj {
                    let Some(s) = out[k - 1].checked_mul(to[k - 1] as isize) else {
                        return false;
                    };
                    out[k] = s;
                }
            }
        }
        (ni, oi) = (nj, oj);
    }
    // New trailing axes of extent 1 take the stride that would come next, as NumPy's do.
    let mut last = if ni >= 1 {
        out[ni - 1]
    } else {
        itemsize as isize
    };
    if order == Order::F && ni >= 1 {
        last = last.wrapping_mul(to[ni - 1] as isize);
    }
    out[ni..].fill(last);
    true
}

/// NumPy's contiguous strides for `to` in `order` (`_array_fill_strides`): zero extents count
/// as 1.
fn contiguous_strides(to: &[usize], itemsize: usize, order: Order, out: &mut [isize]) -> bool {
    let mut step = itemsize as isize;
    let mut visit = |k: usize| -> Option<()> {
        out[k] = step;
        step = step.checked_mul(isize::try_from(to[k].max(1)).ok()?)?;
        Some(())
    };
    match order {
        Order::C => (0..to.len()).rev().try_for_each(&mut visit).is_some(),
        Order::F => (0..to.len()).try_for_each(&mut visit).is_some(),
    }
}
