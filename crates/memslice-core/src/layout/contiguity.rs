//! CPython's contiguity rules (`PyBuffer_IsContiguous`).

/// Whether a layout is C-contiguous by CPython's rules: empty layouts are contiguous, strides of
/// axes of extent 1 do not matter, and every other stride equals the itemsize times the extents
/// of the faster axes. Negative strides are never contiguous.
///
/// # Examples
///
/// ```
/// use memslice_core::layout::is_c_contiguous;
///
/// assert!(is_c_contiguous(&[2, 3], &[24, 8], 8));
/// assert!(is_c_contiguous(&[1, 3], &[-999, 8], 8)); // extent-1 stride ignored
/// assert!(is_c_contiguous(&[0, 3], &[5, 7], 8)); // empty
/// assert!(!is_c_contiguous(&[2, 3], &[8, 16], 8));
/// ```
#[inline]
pub fn is_c_contiguous(shape: &[usize], strides: &[isize], itemsize: usize) -> bool {
    contiguous_in(shape.iter().zip(strides).rev(), shape, itemsize)
}

/// Whether a layout is Fortran-contiguous by CPython's rules (see [`is_c_contiguous`]).
///
/// # Examples
///
/// ```
/// use memslice_core::layout::is_f_contiguous;
///
/// assert!(is_f_contiguous(&[2, 3], &[8, 16], 8));
/// assert!(!is_f_contiguous(&[2, 3], &[24, 8], 8));
/// ```
#[inline]
pub fn is_f_contiguous(shape: &[usize], strides: &[isize], itemsize: usize) -> bool {
    contiguous_in(shape.iter().zip(strides), shape, itemsize)
}

/// CPython's `_IsCContiguous` loop over axes from fastest to slowest.
#[inline]
fn contiguous_in<'s>(
    fastest_first: impl Iterator<Item = (&'s usize, &'s isize)>,
    shape: &[usize],
    itemsize: usize,
) -> bool {
    if shape.contains(&0) {
        return true;
    }
    let mut expect = itemsize as i128;
    for (&extent, &stride) in fastest_first {
        if extent > 1 && stride as i128 != expect {
            return false;
        }
        expect *= extent as i128;
    }
    true
}
