//! Whether a layout maps distinct indices to distinct, non-overlapping elements.

/// A conservative check that no two indices of a layout reach overlapping elements of
/// `itemsize` bytes: `true` guarantees it, `false` means the check could not prove it.
///
/// Empty layouts are always injective, and axes of extent 1 are ignored whatever their stride.
/// The remaining axes are sorted by absolute stride; each stride must exceed the span that all
/// smaller-strided axes cover plus one element. This accepts every layout that nests its axes
/// (C, Fortran, any permutation, steps, reversals) and rejects some exotic interleavings that are
/// in fact injective, such as shape `[3, 2]` with element strides `[2, 3]`.
///
/// # Examples
///
/// ```
/// use memslice_core::layout::is_injective;
///
/// assert!(is_injective(&[3, 4], &[-32, 8], 8));
/// assert!(!is_injective(&[3, 4], &[0, 8], 8)); // a broadcast axis
/// assert!(is_injective(&[0, 4], &[0, 0], 8)); // empty: nothing to alias
/// assert!(is_injective(&[1, 4], &[0, 8], 8)); // extent 1: stride unused
/// ```
pub fn is_injective(shape: &[usize], strides: &[isize], itemsize: usize) -> bool {
    if shape.contains(&0) {
        return true;
    }
    // At most a few dozen axes: an insertion sort of (|stride|, extent) needs no allocation
    // beyond this fixed buffer, so views of any rank up to 64 are checked without the heap.
    const MAX: usize = 64;
    let mut axes = [(0_usize, 0_usize); MAX];
    let mut n = 0;
    for (&extent, &stride) in shape.iter().zip(strides) {
        if extent > 1 {
            if n == MAX {
                return false;
            }
            let mut at = n;
            let key = stride.unsigned_abs();
            while at > 0 && axes[at - 1].0 > key {
                axes[at] = axes[at - 1];
                at -= 1;
            }
            axes[at] = (key, extent);
            n += 1;
        }
    }
    let mut span: usize = 0;
    for &(stride, extent) in &axes[..n] {
        let Some(need) = span.checked_add(itemsize) else {
            return false;
        };
        if stride < need {
            return false;
        }
        let Some(next) = stride
            .checked_mul(extent - 1)
            .and_then(|s| s.checked_add(span))
        else {
            return false;
        };
        span = next;
    }
    true
}
