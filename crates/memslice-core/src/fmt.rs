//! `Debug` for views: the elements nested like NumPy prints them, the middle of large arrays
//! elided as NumPy does (more than 1000 elements: three at each end of every axis; for an empty
//! view, more than 1000 empty sub-arrays), then the shape and byte strides.

use std::fmt;

use crate::raw::RawView;
use crate::{MemViewSlice, MemViewSliceMut};

/// NumPy's `threshold` and `edgeitems` print options.
const THRESHOLD: usize = 1000;
const EDGE: usize = 3;

/// Writes the sub-array at `index[..axis]`, recursing over the remaining axes.
fn nested<T: fmt::Debug, const N: usize>(
    raw: &RawView<T, N>,
    index: &mut [usize; N],
    axis: usize,
    summarize: bool,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    if axis == N {
        // SAFETY: every component of `index` was set below its extent by the loops above, and
        // the view is borrowed shared while it is printed.
        return fmt::Debug::fmt(unsafe { raw.elem(index) }, f);
    }
    let extent = raw.shape()[axis];
    f.write_str("[")?;
    let mut i = 0;
    while i < extent {
        if i > 0 {
            f.write_str(", ")?;
        }
        if summarize && extent > 2 * EDGE && i == EDGE {
            f.write_str("...")?;
            i = extent - EDGE;
            continue;
        }
        index[axis] = i;
        nested(raw, index, axis + 1, summarize, f)?;
        i += 1;
    }
    f.write_str("]")
}

/// How many entries printing in full would write: the elements of a non-empty view, and for an
/// empty one its empty sub-arrays (`[[], []]` for shape `[2, 0]`), of which there may be
/// `usize::MAX` however few bytes the view spans.
fn entries<T, const N: usize>(raw: &RawView<T, N>) -> usize {
    if !raw.is_empty() {
        return raw.size();
    }
    raw.shape()
        .iter()
        .take_while(|&&e| e != 0)
        .try_fold(1_usize, |acc, &e| acc.checked_mul(e))
        .unwrap_or(usize::MAX)
}

fn debug_view<T: fmt::Debug, const N: usize>(
    name: &str,
    raw: &RawView<T, N>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    write!(f, "{name}(")?;
    nested(raw, &mut [0; N], 0, entries(raw) > THRESHOLD, f)?;
    write!(f, ", shape={:?}, strides={:?})", raw.shape(), raw.strides())
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for MemViewSlice<'_, T, N> {
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [0, 1, 2, 3, 4, 5];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert_eq!(format!("{v:?}"), "MemViewSlice([[0, 1, 2], [3, 4, 5]], shape=[2, 3], strides=[12, 4])");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_view("MemViewSlice", &self.raw, f)
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for MemViewSliceMut<'_, T, N> {
    /// As for [`MemViewSlice`], named `MemViewSliceMut`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_view("MemViewSliceMut", &self.raw, f)
    }
}
