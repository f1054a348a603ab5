//! Sliding windows: every sub-view of one shape, in C order of their first elements (NumPy's
//! `sliding_window_view`, ndarray's `windows`). Windows overlap, so they exist for shared views
//! only.

use std::iter::FusedIterator;
use std::marker::PhantomData;

use super::Cursor;
use crate::raw::{DIRECT, RawView};
use crate::{MemViewSlice, ViewError};

/// How many windows of `size` fit along each axis of `shape`, if their number fits `isize`
/// (it may not: zero-extent windows of an empty view with huge extents).
#[inline]
pub(crate) fn counts<const N: usize>(shape: &[usize; N], size: &[usize; N]) -> Option<[usize; N]> {
    let mut counts = [0; N];
    for k in 0..N {
        counts[k] = match shape[k].checked_sub(size[k]) {
            Some(room) => room.checked_add(1)?,
            None => 0,
        };
    }
    crate::layout::checked_size(&counts).map(|_| counts)
}

impl<'a, T, const N: usize> MemViewSlice<'a, T, N> {
    /// The window of `size` whose first element is at `start`.
    ///
    /// # Safety
    ///
    /// `start[k] + size[k] <= shape[k]` on every axis.
    #[inline]
    pub(crate) unsafe fn window_unchecked(&self, start: [usize; N], size: [usize; N]) -> Self {
        let raw = self.raw;
        let ptr = if size.contains(&0) {
            // An empty window reaches nothing; `start` may be one past an axis's end.
            raw.ptr()
        } else {
            // SAFETY: every `start[k] < start[k] + size[k] <= shape[k]` (caller).
            unsafe { raw.ptr_at(&start) }
        };
        // SAFETY: the window's indices `start + i` with `i < size` are in bounds of `self`, so
        // it reaches a subset of `self`'s elements at `self`'s strides (rules 1-3 and 6), or
        // none; direct (rule 4). Shared only: windows overlap (no rule 5).
        Self::from_raw(unsafe { RawView::from_parts(ptr, size, *raw.strides(), [DIRECT; N]) })
    }

    /// Every window of `size`, in C order of their first elements: `shape[k] - size[k] + 1` of
    /// them along each axis (none where the window is larger than the view).
    ///
    /// # Errors
    ///
    /// [`ViewError::Overflow`] if there are more than `isize::MAX` windows (only empty windows
    /// of an empty view with huge extents can be that many).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data: Vec<i32> = (0..12).collect();
    /// let v = MemViewSlice::from_slice(&data, [3, 4]).unwrap();
    /// // The sums of every 2 x 3 block: np.lib.stride_tricks.sliding_window_view(a, (2, 3))
    /// let sums: Vec<i32> = v.try_windows([2, 3]).unwrap().map(|w| w.iter().sum()).collect();
    /// assert_eq!(sums, [18, 24, 42, 48]); // 0+1+2+4+5+6, 1+2+3+5+6+7, ...
    /// ```
    #[inline]
    pub fn try_windows(&self, size: [usize; N]) -> Result<Windows<'a, T, N>, ViewError> {
        let counts = counts(self.shape(), &size).ok_or_else(|| ViewError::Overflow {
            shape: self.shape()[..].into(),
            strides: self.strides()[..].into(),
            itemsize: size_of::<T>(),
        })?;
        Ok(Windows {
            view: *self,
            size,
            starts: Cursor::new(counts),
            _borrow: PhantomData,
        })
    }

    /// [`try_windows`](Self::try_windows), panicking on error.
    ///
    /// # Panics
    ///
    /// If there are more than `isize::MAX` windows.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4];
    /// let v = MemViewSlice::from(&data[..]);
    /// let pairs: Vec<Vec<i32>> = v.windows([2]).map(|w| w.to_vec()).collect();
    /// assert_eq!(pairs, [[1, 2], [2, 3], [3, 4]]);
    /// assert_eq!(v.windows([5]).len(), 0);
    /// ```
    #[inline]
    #[track_caller]
    pub fn windows(&self, size: [usize; N]) -> Windows<'a, T, N> {
        match self.try_windows(size) {
            Ok(w) => w,
            Err(e) => panic!("{e}"),
        }
    }
}

/// The iterator of [`MemViewSlice::windows`].
///
/// Made by [`windows`](MemViewSlice::windows) and [`try_windows`](MemViewSlice::try_windows);
/// double-ended and exact-size. Windows overlap, so there is no mutable form.
///
/// # Examples
///
/// ```
/// use memslice_core::iter::Windows;
/// use memslice_core::MemViewSlice;
///
/// let data: Vec<i32> = (0..9).collect();
/// let v = MemViewSlice::from_slice(&data, [3, 3]).unwrap();
/// // np.lib.stride_tricks.sliding_window_view(a, (2, 2)): 2 x 2 windows, starts in C order.
/// let mut w: Windows<'_, i32, 2> = v.windows([2, 2]);
/// assert_eq!(w.len(), 4);
/// assert_eq!(w.next().unwrap().to_vec(), [0, 1, 3, 4]); // starts at [0, 0]
/// assert_eq!(w.next_back().unwrap().to_vec(), [4, 5, 7, 8]); // starts at [1, 1]
/// // Each window is a view of the same memory, with the view's strides.
/// assert_eq!(w.next().unwrap().strides(), &[12, 4]);
/// ```
#[derive(Clone, Debug)]
pub struct Windows<'a, T, const N: usize> {
    view: MemViewSlice<'a, T, N>,
    size: [usize; N],
    starts: Cursor<N>,
    _borrow: PhantomData<&'a T>,
}

impl<'a, T, const N: usize> Iterator for Windows<'a, T, N> {
    type Item = MemViewSlice<'a, T, N>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let start = self.starts.pop_front()?;
        // SAFETY: a window start is below `shape - size + 1` on every axis.
        Some(unsafe { self.view.window_unchecked(start, self.size) })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.starts.len(), Some(self.starts.len()))
    }
}

impl<T, const N: usize> DoubleEndedIterator for Windows<'_, T, N> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        let start = self.starts.pop_back()?;
        // SAFETY: as in `next`.
        Some(unsafe { self.view.window_unchecked(start, self.size) })
    }
}

impl<T, const N: usize> ExactSizeIterator for Windows<'_, T, N> {}

impl<T, const N: usize> FusedIterator for Windows<'_, T, N> {}
