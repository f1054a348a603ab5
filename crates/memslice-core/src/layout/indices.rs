//! Python's `slice.indices`, exactly.

/// A slice resolved against an axis length: the first index, how many indices it selects, and the
/// step between them.
///
/// # Examples
///
/// ```
/// use memslice_core::layout::{slice_indices, SliceIndices};
///
/// // Python: range(10)[-3::-2] == [7, 5, 3, 1]
/// let r = slice_indices(10, Some(-3), None, -2).unwrap();
/// assert_eq!(r, SliceIndices { start: 7, stop: -1, step: -2, len: 4 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SliceIndices {
    /// The clipped start, as Python's `slice.indices` returns it.
    pub start: isize,
    /// The clipped stop, as Python's `slice.indices` returns it.
    pub stop: isize,
    /// The step (a step below `-isize::MAX` is raised to it, as CPython does).
    pub step: isize,
    /// How many indices the slice selects (CPython's `slicelength`).
    pub len: usize,
}

/// Resolves `start:stop:step` against an axis of `len` elements with CPython's
/// `PySlice_Unpack` + `PySlice_AdjustIndices` rules: missing bounds default to the ends in the
/// direction of the step, negative bounds count from the end, and out-of-range bounds clip.
///
/// Returns `None` for a zero step (Python raises `ValueError`). An axis longer than
/// `isize::MAX` (only an empty view has one) gets the exact count, with start and stop
/// saturated to `isize`.
///
/// # Examples
///
/// ```
/// use memslice_core::layout::slice_indices;
///
/// // Python: slice(-100, 100, 3).indices(10) == (0, 10, 3), four elements: 0, 3, 6, 9
/// let r = slice_indices(10, Some(-100), Some(100), 3).unwrap();
/// assert_eq!((r.start, r.stop, r.step, r.len), (0, 10, 3, 4));
/// assert!(slice_indices(10, None, None, 0).is_none());
/// ```
#[inline]
pub fn slice_indices(
    len: usize,
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
) -> Option<SliceIndices> {
    if step == 0 {
        return None;
    }
    // CPython clamps the step so that `-step` cannot overflow.
    let step = step.max(-isize::MAX);
    let Ok(len) = isize::try_from(len) else {
        return Some(wide(len, start, stop, step));
    };
    let (lower, upper) = if step > 0 { (0, len) } else { (-1, len - 1) };
    let clip = |bound: isize| {
        if bound < 0 {
            (bound + len).max(lower)
        } else {
            bound.min(upper)
        }
    };
    let start = start.map_or(if step > 0 { lower } else { upper }, clip);
    let stop = stop.map_or(if step > 0 { upper } else { lower }, clip);
    let count = if step > 0 && stop > start {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    Some(SliceIndices {
        start,
        stop,
        step,
        len: count as usize,
    })
}

/// `slice_indices` for an axis longer than `isize::MAX`, which only an empty view can have:
/// the same rules in `i128`, with the exact count, and start and stop saturated to `isize`
/// (nothing is offset by them: the view stays empty).
#[cold]
fn wide(len: usize, start: Option<isize>, stop: Option<isize>, step: isize) -> SliceIndices {
    let (len, wide_step) = (len as i128, step as i128);
    let (lower, upper) = if step > 0 { (0, len) } else { (-1, len - 1) };
    let clip = |bound: isize| {
        let bound = bound as i128;
        if bound < 0 {
            (bound + len).max(lower)
        } else {
            bound.min(upper)
        }
    };
    let start = start.map_or(if step > 0 { lower } else { upper }, clip);
    let stop = stop.map_or(if step > 0 { upper } else { lower }, clip);
    let count = if step > 0 && stop > start {
        (stop - start - 1) / wide_step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / -wide_step + 1
    } else {
        0
    };
    let saturate = |x: i128| x.clamp(isize::MIN as i128, isize::MAX as i128) as isize;
    SliceIndices {
        start: saturate(start),
        stop: saturate(stop),
        step,
        len: count as usize,
    }
}

/// The byte stride of an axis after slicing it with `step`: `stride * step`. When that
/// overflows, the sliced axis has at most one element (two elements would make the product a
/// span of the parent, which fits `isize`), so its stride is never used and the old one stands.
#[inline]
pub(crate) fn stepped_stride(stride: isize, step: isize) -> isize {
    stride.checked_mul(step).unwrap_or(stride)
}

/// Python's index wrap-around: `index` if it is in `0..extent`, `extent + index` for a negative
/// one that lands there, else `None`. Counted in `usize`, so it holds for the extents past
/// `isize::MAX` that only empty views have.
#[inline]
pub(crate) fn wrap_index(index: isize, extent: usize) -> Option<usize> {
    let i = if index < 0 {
        extent.checked_sub(index.unsigned_abs())?
    } else {
        index as usize
    };
    (i < extent).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_indices_written_down() {
        // (len, start, stop, step) -> slice(start, stop, step).indices(len) in CPython.
        type Row = (
            usize,
            Option<isize>,
            Option<isize>,
            isize,
            (isize, isize, isize),
        );
        let rows: &[Row] = &[
            (10, None, None, 1, (0, 10, 1)),
            (10, None, None, -1, (9, -1, -1)),
            (10, Some(-3), None, 1, (7, 10, 1)),
            (10, Some(20), Some(-20), -2, (9, -1, -2)),
            (0, None, None, -1, (-1, -1, -1)),
            (5, Some(-100), Some(100), 2, (0, 5, 2)),
            (5, Some(3), Some(1), 1, (3, 1, 1)),
        ];
        for &(len, start, stop, step, expect) in rows {
            let r = slice_indices(len, start, stop, step).unwrap();
            assert_eq!((r.start, r.stop, r.step), expect);
        }
        assert_eq!(
            slice_indices(3, None, None, isize::MIN).unwrap().step,
            -isize::MAX
        );
    }
}
