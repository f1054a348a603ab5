//! Element iterators in logical C order, whatever the strides.
//!
//! `next`/`next_back` step a [`Cursor`] and compute one address. `fold` (and so `for_each`,
//! `sum`, `collect`, `extend`) instead walks whole rows: as one plain slice when the view is
//! C-contiguous, otherwise row by row along the last axis, as a slice loop when that axis is
//! unit-strided and a strided pointer loop when not. That is what lets `view.iter().sum()` compile
//! to the loop over `&[T]`.

use std::iter::FusedIterator;
use std::marker::PhantomData;
use std::slice;

use super::cursor::Cursor;
use crate::layout;
use crate::raw::RawView;

macro_rules! element_iters {
    (
        $(#[$doc:meta])* $name:ident,
        $(#[$idoc:meta])* $indexed:ident,
        $borrow:ty, $item:ty, $elem:ident, $from_parts:path, $slice_iter:ident, $($mut:ident)?
    ) => {
        $(#[$doc])*
        pub struct $name<'a, T, const N: usize> {
            raw: RawView<T, N>,
            cursor: Cursor<N>,
            _borrow: PhantomData<$borrow>,
        }

        impl<'a, T, const N: usize> $name<'a, T, N> {
            /// Iterates over every element of `raw`, which must keep the invariant of the view
            /// type it came from for `'a` (and each index is yielded once, so mutable items
            /// never alias).
            #[inline]
            pub(crate) fn new(raw: RawView<T, N>) -> Self {
                $name { raw, cursor: Cursor::new(*raw.shape()), _borrow: PhantomData }
            }

            /// Iterates over the elements at C-order positions `lo..hi` only (a parallel
            /// producer's share).
            #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // used by the parallel producers
            #[inline]
            pub(crate) fn range(raw: RawView<T, N>, lo: usize, hi: usize) -> Self {
                $name { raw, cursor: Cursor::range(*raw.shape(), lo, hi), _borrow: PhantomData }
            }

            #[inline]
            fn item(&self, index: &[usize; N]) -> $item {
                // SAFETY: the cursor yields in-bounds indices, each once; the view's borrow
                // for 'a makes the element valid (and, for mutable views, exclusive: rule 5).
                unsafe { self.raw.$elem(index) }
            }

            /// Folds `len` elements starting at `first`, `stride` bytes apart.
            #[inline(always)]
            fn fold_run<B, F: FnMut(B, $item) -> B>(
                first: std::ptr::NonNull<T>,
                stride: isize,
                len: usize,
                mut acc: B,
                f: &mut F,
            ) -> B {
                if stride == size_of::<T>() as isize {
                    // SAFETY: `len` consecutive elements of the view, readable (writable and
                    // unaliased, for mutable views) for 'a.
                    let run = unsafe { $from_parts(first.as_ptr(), len) };
                    return run.$slice_iter().fold(acc, f);
                }
                for k in 0..len {
                    // SAFETY: element `k` of the run is in bounds of the view, so its offset
                    // fits isize and stays in the allocation (rules 2 and 3).
                    let p = unsafe { crate::raw::offset(first.as_ptr(), &[k], &[stride]) };
                    // SAFETY: as in `item`: in bounds, valid and (if mutable) unaliased.
                    acc = f(acc, unsafe { & $($mut)? *p });
                }
                acc
            }
        }

        impl<'a, T, const N: usize> Iterator for $name<'a, T, N> {
            type Item = $item;

            #[inline]
            fn next(&mut self) -> Option<$item> {
                let index = self.cursor.pop_front()?;
                Some(self.item(&index))
            }

            #[inline]
            fn size_hint(&self) -> (usize, Option<usize>) {
                (self.cursor.len(), Some(self.cursor.len()))
            }

            #[inline]
            fn fold<B, F: FnMut(B, $item) -> B>(mut self, init: B, mut f: F) -> B {
                let mut acc = init;
                let contiguous = layout::is_c_contiguous(
                    self.raw.shape(),
                    self.raw.strides(),
                    size_of::<T>(),
                );
                let inner = if N == 0 { 0 } else { self.raw.strides()[N - 1] };
                while let Some(front) = self.cursor.front() {
                    // SAFETY: the cursor's front index is in bounds.
                    let first = unsafe { self.raw.ptr_at(front) };
                    if contiguous {
                        // The remaining elements sit back to back from the front one.
                        let len = self.cursor.len();
                        self.cursor.clear();
                        return Self::fold_run(first, size_of::<T>() as isize, len, acc, &mut f);
                    }
                    let len = self.cursor.front_row_len();
                    self.cursor.skip_in_row(len);
                    acc = Self::fold_run(first, inner, len, acc, &mut f);
                }
                acc
            }
        }

        impl<T, const N: usize> DoubleEndedIterator for $name<'_, T, N> {
            #[inline]
            fn next_back(&mut self) -> Option<Self::Item> {
                let index = self.cursor.pop_back()?;
                Some(self.item(&index))
            }
        }

        impl<T, const N: usize> ExactSizeIterator for $name<'_, T, N> {}
        impl<T, const N: usize> FusedIterator for $name<'_, T, N> {}

        impl<T, const N: usize> std::fmt::Debug for $name<'_, T, N> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("shape", self.raw.shape())
                    .field("remaining", &self.cursor.len())
                    .finish_non_exhaustive()
            }
        }

        $(#[$idoc])*
        #[derive(Debug)]
        pub struct $indexed<'a, T, const N: usize> {
            inner: $name<'a, T, N>,
        }

        impl<'a, T, const N: usize> $indexed<'a, T, N> {
            #[inline]
            pub(crate) fn new(raw: RawView<T, N>) -> Self {
                $indexed { inner: $name::new(raw) }
            }
        }

        impl<'a, T, const N: usize> Iterator for $indexed<'a, T, N> {
            type Item = ([usize; N], $item);

            #[inline]
            fn next(&mut self) -> Option<Self::Item> {
                let index = self.inner.cursor.pop_front()?;
                Some((index, self.inner.item(&index)))
            }

            #[inline]
            fn size_hint(&self) -> (usize, Option<usize>) {
                self.inner.size_hint()
            }
        }

        impl<T, const N: usize> DoubleEndedIterator for $indexed<'_, T, N> {
            #[inline]
            fn next_back(&mut self) -> Option<Self::Item> {
                let index = self.inner.cursor.pop_back()?;
                Some((index, self.inner.item(&index)))
            }
        }

        impl<T, const N: usize> ExactSizeIterator for $indexed<'_, T, N> {}
        impl<T, const N: usize> FusedIterator for $indexed<'_, T, N> {}
    };
}

element_iters!(
    /// The elements of a view in logical C order (last index fastest), by shared reference.
    ///
    /// Made by [`MemViewSlice::iter`](crate::MemViewSlice::iter). Double-ended and exact-size;
    /// `fold` runs whole rows as slice loops, so `sum`, `for_each` and `collect` are as fast as
    /// on a `&[T]` when the view is contiguous.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// let t: Vec<i32> = v.t().iter().copied().collect(); // np.arange(1, 7).reshape(2, 3).T.flatten()
    /// assert_eq!(t, [1, 4, 2, 5, 3, 6]);
    /// assert_eq!(v.iter().rev().next(), Some(&6));
    /// ```
    Iter,
    /// Each index of a view with its element, in C order: NumPy's `np.ndenumerate`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [10, 20, 30, 40];
    /// let v = MemViewSlice::from_slice(&data, [2, 2]).unwrap();
    /// let last = v.indexed_iter().last();
    /// assert_eq!(last, Some(([1, 1], &40)));
    /// ```
    IndexedIter,
    &'a T, &'a T, elem, slice::from_raw_parts, iter,
);

element_iters!(
    /// The elements of a mutable view in logical C order, by exclusive reference.
    ///
    /// Made by [`MemViewSliceMut::iter_mut`](crate::MemViewSliceMut::iter_mut).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 6];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 3]).unwrap();
    /// for (k, x) in m.reborrow().t().iter_mut().enumerate() {
    ///     *x = k;
    /// }
    /// assert_eq!(data, [0, 2, 4, 1, 3, 5]);
    /// ```
    IterMut,
    /// Each index of a mutable view with its element, in C order.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 4];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// for ([i, j], x) in m.indexed_iter_mut() {
    ///     *x = 10 * i + j;
    /// }
    /// assert_eq!(data, [0, 1, 10, 11]);
    /// ```
    IndexedIterMut,
    &'a mut T, &'a mut T, elem_mut, slice::from_raw_parts_mut, iter_mut, mut
);

// SAFETY: `Iter` hands out `&'a T` only, like `slice::Iter`, which is Send/Sync when `T: Sync`.
unsafe impl<T: Sync, const N: usize> Send for Iter<'_, T, N> {}
// SAFETY: as above; shared access to the iterator exposes nothing but the layout.
unsafe impl<T: Sync, const N: usize> Sync for Iter<'_, T, N> {}
// SAFETY: `IterMut` hands out disjoint `&'a mut T`, like `slice::IterMut`: Send when `T: Send`.
unsafe impl<T: Send, const N: usize> Send for IterMut<'_, T, N> {}
// SAFETY: `&IterMut` exposes nothing but the layout; `T: Sync` as for `slice::IterMut`.
unsafe impl<T: Sync, const N: usize> Sync for IterMut<'_, T, N> {}
