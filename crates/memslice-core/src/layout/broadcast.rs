//! NumPy's broadcasting rule.

/// Byte strides that present a layout of `shape`/`strides` as the larger shape `to`, by NumPy's
/// rules, written into `out`; `false` when NumPy would refuse.
///
/// Axes are matched from the end. Each source extent must equal the target's or be 1 (repeated
/// with stride 0); target axes with no source axis are repeated with stride 0. Broadcasting to
/// fewer axes than the source has is refused.
///
/// # Panics
///
/// If `out` and `to` differ in length.
///
/// # Examples
///
/// ```
/// use memslice_core::layout::broadcast_strides;
///
/// // np.broadcast_to(np.arange(3), (2, 3)).strides == (0, 8)
/// let mut out = [0; 2];
/// assert!(broadcast_strides(&[3], &[8], &[2, 3], &mut out));
/// assert_eq!(out, [0, 8]);
/// // A column (3, 1) to (3, 4): the column repeats along axis 1.
/// assert!(broadcast_strides(&[3, 1], &[8, 8], &[3, 4], &mut out));
/// assert_eq!(out, [8, 0]);
/// assert!(!broadcast_strides(&[3], &[8], &[2, 4], &mut out));
/// ```
pub fn broadcast_strides(
    shape: &[usize],
    strides: &[isize],
    to: &[usize],
    out: &mut [isize],
) -> bool {
    assert_eq!(
        to.len(),
        out.len(),
        "target shape and output strides differ in rank"
    );
    let Some(lead) = to.len().checked_sub(shape.len()) else {
        return false;
    };
    for (k, (&target, stride)) in to.iter().zip(out.iter_mut()).enumerate() {
        *stride = match k.checked_sub(lead) {
            None => 0,
            Some(j) if shape[j] == target => strides[j],
            Some(j) if shape[j] == 1 => 0,
            Some(_) => return false,
        };
    }
    true
}
