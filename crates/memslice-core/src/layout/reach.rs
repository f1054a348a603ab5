//! Which bytes a layout reaches, with every multiplication checked.

/// The number of elements of `shape`, or `None` when it exceeds `isize::MAX` (a view that large
/// could not be indexed with pointer offsets).
///
/// # Examples
///
/// ```
/// use memslice_core::layout::checked_size;
///
/// assert_eq!(checked_size(&[2, 3, 4]), Some(24));
/// assert_eq!(checked_size(&[]), Some(1)); // a 0-d view holds one element
/// assert_eq!(checked_size(&[usize::MAX, 0]), Some(0));
/// assert_eq!(checked_size(&[usize::MAX, 2]), None);
/// ```
#[inline]
pub fn checked_size(shape: &[usize]) -> Option<usize> {
    if shape.contains(&0) {
        return Some(0);
    }
    let size = shape
        .iter()
        .try_fold(1_usize, |acc, &e| acc.checked_mul(e))?;
    (size <= isize::MAX as usize).then_some(size)
}

/// The lowest and highest byte offsets, relative to the first element, at which the elements of
/// a non-empty layout start; `None` when either does not fit `isize`.
///
/// Axes of extent 1 contribute nothing whatever their stride. The caller decides what an empty
/// layout means (it reaches no byte at all).
///
/// # Examples
///
/// ```
/// use memslice_core::layout::byte_range;
///
/// // Three rows of four f64, the rows walked backwards.
/// assert_eq!(byte_range(&[3, 4], &[-32, 8]), Some((-64, 24)));
/// assert_eq!(byte_range(&[1, 1], &[isize::MAX, isize::MIN]), Some((0, 0)));
/// assert_eq!(byte_range(&[3], &[isize::MAX]), None);
/// ```
pub fn byte_range(shape: &[usize], strides: &[isize]) -> Option<(isize, isize)> {
    let (mut low, mut high) = (0_isize, 0_isize);
    for (&extent, &stride) in shape.iter().zip(strides) {
        if extent <= 1 {
            continue;
        }
        let span = isize::try_from(extent - 1).ok()?.checked_mul(stride)?;
        if span < 0 {
            low = low.checked_add(span)?;
        } else {
            high = high.checked_add(span)?;
        }
    }
    Some((low, high))
}
