//! Borrowing conversions: reborrows, shared views of exclusive ones, and plain slices of
//! C-contiguous views. None of them copies.

use std::slice;

use super::{MemViewSlice, MemViewSliceMut};

impl<'a, T, const N: usize> MemViewSlice<'a, T, N> {
    /// The view itself: lets code written for both view types call `.view()` on either.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1];
    /// let v = MemViewSlice::from_slice(&data, [1]).unwrap();
    /// assert_eq!(v.view(), v);
    /// ```
    #[inline]
    pub fn view(&self) -> MemViewSlice<'a, T, N> {
        *self
    }

    /// The elements as a plain slice, when the view is C-contiguous (CPython's rules); `None`
    /// otherwise. No copy: the slice borrows the same memory for `'a`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert_eq!(v.as_slice(), Some(&data[..]));
    /// assert_eq!(v.index_axis(0, 1).as_slice(), Some(&data[3..]));
    /// assert_eq!(v.t().as_slice(), None);
    /// ```
    #[inline]
    pub fn as_slice(&self) -> Option<&'a [T]> {
        if !self.is_c_contiguous() {
            return None;
        }
        // SAFETY: a C-contiguous view's elements are `size()` consecutive `T`s from its pointer
        // (or none, for an empty view, whose pointer is still non-null and aligned): readable
        // for 'a by rule 2, and `size() * itemsize` fits isize by rule 3.
        Some(unsafe { slice::from_raw_parts(self.as_ptr(), self.size()) })
    }
}

impl<'a, T, const N: usize> MemViewSliceMut<'a, T, N> {
    /// A shorter-lived exclusive view of the same elements; the original is usable again once
    /// the reborrow is gone. Sub-view operations consume a view, so call them on a reborrow.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 4];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// m.reborrow().index_axis(0, 1)[[0]] = 1;
    /// m[[0, 0]] = 2;
    /// assert_eq!(data, [2, 0, 1, 0]);
    /// ```
    #[inline]
    pub fn reborrow(&mut self) -> MemViewSliceMut<'_, T, N> {
        MemViewSliceMut::from_raw(self.raw)
    }

    /// A shared view of the same elements, for as long as `self` is borrowed.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3];
    /// let m = MemViewSliceMut::from_slice(&mut data, [3]).unwrap();
    /// let (a, b) = (m.view(), m.view());
    /// assert_eq!(a[[0]] + b[[2]], 4);
    /// ```
    #[inline]
    pub fn view(&self) -> MemViewSlice<'_, T, N> {
        MemViewSlice::from_raw(self.raw)
    }

    /// Gives up exclusivity: a shared view for the whole lifetime `'a`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSlice, MemViewSliceMut};
    ///
    /// let mut data = [1, 2, 3];
    /// let shared: MemViewSlice<'_, i32, 1> =
    ///     MemViewSliceMut::from_slice(&mut data, [3]).unwrap().into_view();
    /// let copy = shared;
    /// assert_eq!(shared[[1]] + copy[[1]], 4);
    /// ```
    #[inline]
    pub fn into_view(self) -> MemViewSlice<'a, T, N> {
        MemViewSlice::from_raw(self.raw)
    }

    /// The elements as a plain slice, when the view is C-contiguous; `None` otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3, 4];
    /// let m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// assert_eq!(m.as_slice(), Some(&[1, 2, 3, 4][..]));
    /// ```
    #[inline]
    pub fn as_slice(&self) -> Option<&[T]> {
        self.view().as_slice()
    }

    /// The elements as a plain mutable slice, when the view is C-contiguous; `None` otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3, 4];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// m.as_mut_slice().unwrap().fill(0);
    /// assert!(m.reborrow().t().as_mut_slice().is_none());
    /// assert_eq!(data, [0; 4]);
    /// ```
    #[inline]
    pub fn as_mut_slice(&mut self) -> Option<&mut [T]> {
        if !self.is_c_contiguous() {
            return None;
        }
        // SAFETY: as in `MemViewSlice::as_slice`, and the elements are exclusively ours (rule 5)
        // for as long as `self` is mutably borrowed.
        Some(unsafe { slice::from_raw_parts_mut(self.as_mut_ptr(), self.size()) })
    }
}
