//! Python slices, and the machinery behind the multi-axis slicing macro [`s!`](crate::s).
//!
//! [`Slice`] and [`NewAxis`] are re-exported at the crate root; the rest are the types that
//! `s![..]` builds and the rank tables that let rank-changing operations infer their output rank.
//! Generic code names them in bounds (`Rank<N>: RankDown<Down = Rank<M>>`); other code never
//! needs to.
//!
//! ```text
//!  NumPy / Cython            memslice
//!  a[1:, ::2, i]             v.slice(s![1.., ..;2, i])
//!  a[..., 0]                 v.slice(s![..., 0])
//!  a[None, :, -1]            v.slice(s![NewAxis, .., -1])
//!  a[5:1:-2]                 v.slice(s![5..1;-2])
//! ```
//!
//! ```
//! use memslice_core::{s, MemViewSlice};
//!
//! let data: Vec<i32> = (0..24).collect();
//! let v = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap(); // a = np.arange(24).reshape(2, 3, 4)
//! assert_eq!(v.slice(s![1.., ..;2, 3]).to_vec(), [15, 23]); // a[1:, ::2, 3]
//! assert_eq!(v.slice(s![..., 0]).shape(), &[2, 3]); // a[..., 0]
//! assert_eq!(v.slice(s![NewAxis, .., -1]).shape(), &[1, 2, 4]); // a[None, :, -1]
//! assert_eq!(v.slice(s![0, 0, 5..1;-2]).to_vec(), [3]); // a[0, 0, 5:1:-2]: 5 clips to 3
//! ```

mod info;
mod rank;

pub use info::{
    AddAxis, AxisOp, DropAxis, Ellipsis, EllipsisFlag, Exact, KeepAxis, NewAxis, NoEllipsisYet,
    ResolveRank, SkipAxes, SliceArg, SliceInfo, SliceItem, SliceList, Step, WithEllipsis,
};
pub use rank::{Rank, RankDown, RankShift, RankUp};

use std::ops::{Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

use crate::layout::{SliceIndices, slice_indices};

/// A Python slice `start:stop:step` for one axis.
///
/// Missing bounds are `None`; negative bounds count from the end; bounds past either end clip;
/// a negative step walks backwards. Rust ranges convert into it, so `1..`, `..-1` and `2..5`
/// mean what `1:`, `:-1` and `2:5` mean in Python; `a..=b` means `a:b+1` (and `..=-1` runs to
/// the end, as `:` does).
///
/// # Examples
///
/// ```
/// use memslice_core::Slice;
///
/// // Python: list(range(10))[8:2:-3] == [8, 5]
/// let r = Slice::new(Some(8), Some(2), -3).indices(10).unwrap();
/// assert_eq!((r.start, r.len, r.step), (8, 2, -3));
/// assert_eq!(Slice::from(2..5), Slice::new(Some(2), Some(5), 1));
/// assert_eq!(Slice::from(..=-1), Slice::full());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Slice {
    /// First index (`None`: the start in the direction of the step).
    pub start: Option<isize>,
    /// Index to stop before (`None`: run to the end in the direction of the step).
    pub stop: Option<isize>,
    /// Distance between selected indices; zero is an error when the slice is applied.
    pub step: isize,
}

impl Slice {
    /// The slice `start:stop:step`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::Slice;
    ///
    /// let every_other_backwards = Slice::new(None, None, -2);
    /// assert_eq!(every_other_backwards.indices(5).unwrap().len, 3);
    /// ```
    #[inline]
    pub const fn new(start: Option<isize>, stop: Option<isize>, step: isize) -> Self {
        Slice { start, stop, step }
    }

    /// The whole axis, `:`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::Slice;
    ///
    /// assert_eq!(Slice::full().indices(7).unwrap().len, 7);
    /// ```
    #[inline]
    pub const fn full() -> Self {
        Slice {
            start: None,
            stop: None,
            step: 1,
        }
    }

    /// The same bounds with another step: `a:b` becomes `a:b:step`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::Slice;
    ///
    /// assert_eq!(Slice::from(1..).with_step(2), Slice::new(Some(1), None, 2));
    /// ```
    #[inline]
    pub const fn with_step(self, step: isize) -> Self {
        Slice { step, ..self }
    }

    /// Resolves the slice against an axis of `len` elements, as Python's `slice.indices(len)`;
    /// `None` for a zero step.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::Slice;
    ///
    /// let r = Slice::new(Some(-2), None, 1).indices(5).unwrap();
    /// assert_eq!((r.start, r.stop, r.len), (3, 5, 2));
    /// ```
    #[inline]
    pub fn indices(self, len: usize) -> Option<SliceIndices> {
        slice_indices(len, self.start, self.stop, self.step)
    }
}

impl From<RangeFull> for Slice {
    #[inline]
    fn from(_: RangeFull) -> Self {
        Slice::full()
    }
}

/// `..=end` as an exclusive stop: `end + 1`, or "to the end" when that is 0 or overflows
/// (`..=-1` is the last element, so the slice runs to the end).
#[inline]
fn inclusive_stop(end: isize) -> Option<isize> {
    match end.checked_add(1) {
        Some(0) | None => None,
        stop => stop,
    }
}

macro_rules! slice_from_ranges {
    ($($int:ty),*) => {$(
        impl From<Range<$int>> for Slice {
            #[inline]
            fn from(r: Range<$int>) -> Self {
                Slice::new(Some(to_isize(r.start)), Some(to_isize(r.end)), 1)
            }
        }
        impl From<RangeFrom<$int>> for Slice {
            #[inline]
            fn from(r: RangeFrom<$int>) -> Self {
                Slice::new(Some(to_isize(r.start)), None, 1)
            }
        }
        impl From<RangeTo<$int>> for Slice {
            #[inline]
            fn from(r: RangeTo<$int>) -> Self {
                Slice::new(None, Some(to_isize(r.end)), 1)
            }
        }
        impl From<RangeInclusive<$int>> for Slice {
            #[inline]
            fn from(r: RangeInclusive<$int>) -> Self {
                Slice::new(Some(to_isize(*r.start())), inclusive_stop(to_isize(*r.end())), 1)
            }
        }
        impl From<RangeToInclusive<$int>> for Slice {
            #[inline]
            fn from(r: RangeToInclusive<$int>) -> Self {
                Slice::new(None, inclusive_stop(to_isize(r.end)), 1)
            }
        }
    )*};
}

slice_from_ranges!(i32, isize, usize);

/// Converts a bound or index to `isize`; a `usize` above `isize::MAX` saturates, which is out of
/// range (and so clips, or fails as an index) on every axis, as the true value would.
#[inline]
pub(crate) fn to_isize<I: TryInto<isize>>(i: I) -> isize {
    i.try_into().unwrap_or(isize::MAX)
}
