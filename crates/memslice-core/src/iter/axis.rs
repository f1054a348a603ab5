//! Iterators of sub-views: along an axis (rank `N - 1`), lanes (1-d), and chunks (rank `N`).
//! Mutable forms yield disjoint sub-views, since each selects different indices of an
//! injective view.

use std::iter::FusedIterator;

use super::cursor::Cursor;
use crate::layout::SliceIndices;
use crate::raw::RawView;
use crate::{MemViewSlice, MemViewSliceMut};

macro_rules! axis_iters {
    (
        $view:ident,
        $(#[$adoc:meta])* $axis_iter:ident,
        $(#[$ldoc:meta])* $lanes:ident,
        $(#[$cdoc:meta])* $chunks:ident $(,)?
    ) => {
        #[doc = concat!("The sub-views of rank `N - 1` along one axis, as [`", stringify!($view), "`]s.")]
        ///
        /// Made by `outer_iter` and `axis_iter`; double-ended and exact-size.
        $(#[$adoc])*
        #[derive(Debug)]
        pub struct $axis_iter<'a, T, const N: usize, const M: usize> {
            raw: RawView<T, N>,
            axis: usize,
            front: usize,
            back: usize,
            _view: std::marker::PhantomData<$view<'a, T, N>>,
        }

        impl<'a, T, const N: usize, const M: usize> $axis_iter<'a, T, N, M> {
            #[inline]
            pub(crate) fn new(raw: RawView<T, N>, axis: usize) -> Self {
                Self::range(raw, axis, 0, raw.shape()[axis])
            }

            /// The sub-views at indices `front..back` of `axis` only.
            #[inline]
            pub(crate) fn range(raw: RawView<T, N>, axis: usize, front: usize, back: usize) -> Self {
                $axis_iter { raw, axis, front, back, _view: std::marker::PhantomData }
            }
        }

        impl<'a, T, const N: usize, const M: usize> Iterator for $axis_iter<'a, T, N, M> {
            type Item = $view<'a, T, M>;

            #[inline]
            fn next(&mut self) -> Option<Self::Item> {
                (self.front < self.back).then(|| {
                    self.front += 1;
                    $view::from_raw(self.raw.at_axis(self.axis, self.front - 1))
                })
            }

            #[inline]
            fn size_hint(&self) -> (usize, Option<usize>) {
                (self.back - self.front, Some(self.back - self.front))
            }
        }

        impl<T, const N: usize, const M: usize> DoubleEndedIterator for $axis_iter<'_, T, N, M> {
            #[inline]
            fn next_back(&mut self) -> Option<Self::Item> {
                (self.front < self.back).then(|| {
                    self.back -= 1;
                    $view::from_raw(self.raw.at_axis(self.axis, self.back))
                })
            }
        }

        impl<T, const N: usize, const M: usize> ExactSizeIterator for $axis_iter<'_, T, N, M> {}
        impl<T, const N: usize, const M: usize> FusedIterator for $axis_iter<'_, T, N, M> {}

        #[doc = concat!("The 1-d lanes of a view along one axis, as [`", stringify!($view), "`]s.")]
        ///
        /// One lane for every index of the other axes, in C order of those axes: NumPy's
        /// `a[i, :, k]` for every `(i, k)` when the axis is 1. Made by `lanes` and `rows`.
        $(#[$ldoc])*
        #[derive(Debug)]
        pub struct $lanes<'a, T, const N: usize> {
            /// The view with the lane axis moved last.
            raw: RawView<T, N>,
            /// The lane starts: every index of `raw` with the last axis collapsed to extent 1.
            starts: Cursor<N>,
            _view: std::marker::PhantomData<$view<'a, T, N>>,
        }

        impl<'a, T, const N: usize> $lanes<'a, T, N> {
            #[inline]
            pub(crate) fn new(raw: RawView<T, N>, axis: usize) -> Self {
                let mut order: [usize; N] = std::array::from_fn(|k| k);
                order[axis..].rotate_left(1);
                let raw = raw.permute_axes(order).unwrap_or(raw);
                let mut starts = *raw.shape();
                starts[N - 1] = 1;
                $lanes { raw, starts: Cursor::new(starts), _view: std::marker::PhantomData }
            }
        }

        impl<'a, T, const N: usize> Iterator for $lanes<'a, T, N> {
            type Item = $view<'a, T, 1>;

            #[inline]
            fn next(&mut self) -> Option<Self::Item> {
                let start = self.starts.pop_front()?;
                Some($view::from_raw(self.raw.lane(&start)))
            }

            #[inline]
            fn size_hint(&self) -> (usize, Option<usize>) {
                (self.starts.len(), Some(self.starts.len()))
            }
        }

        impl<T, const N: usize> DoubleEndedIterator for $lanes<'_, T, N> {
            #[inline]
            fn next_back(&mut self) -> Option<Self::Item> {
                let start = self.starts.pop_back()?;
                Some($view::from_raw(self.raw.lane(&start)))
            }
        }

        impl<T, const N: usize> ExactSizeIterator for $lanes<'_, T, N> {}
        impl<T, const N: usize> FusedIterator for $lanes<'_, T, N> {}

        #[doc = concat!("Consecutive chunks of `size` along one axis, as [`", stringify!($view), "`]s of rank `N`;")]
        /// the last may be shorter. Made by `axis_chunks`.
        $(#[$cdoc])*
        #[derive(Debug)]
        pub struct $chunks<'a, T, const N: usize> {
            raw: RawView<T, N>,
            axis: usize,
            size: usize,
            front: usize,
            back: usize,
            _view: std::marker::PhantomData<$view<'a, T, N>>,
        }

        impl<'a, T, const N: usize> $chunks<'a, T, N> {
            #[inline]
            pub(crate) fn new(raw: RawView<T, N>, axis: usize, size: usize) -> Self {
                assert!(size > 0, "axis_chunks: chunk size must be positive");
                Self::range(raw, axis, size, 0, Self::count(raw.shape()[axis], size))
            }

            /// Chunks number `front..back` only.
            #[inline]
            pub(crate) fn range(raw: RawView<T, N>, axis: usize, size: usize, front: usize, back: usize) -> Self {
                $chunks { raw, axis, size, front, back, _view: std::marker::PhantomData }
            }

            /// How many chunks of `size` an axis of `extent` makes.
            #[inline]
            pub(crate) fn count(extent: usize, size: usize) -> usize {
                extent.div_ceil(size)
            }

            #[inline]
            fn chunk(&self, k: usize) -> $view<'a, T, N> {
                let extent = self.raw.shape()[self.axis];
                let start = k * self.size;
                let len = self.size.min(extent - start);
                let r = SliceIndices {
                    start: start as isize,
                    stop: (start + len) as isize,
                    step: 1,
                    len,
                };
                $view::from_raw(self.raw.slice_axis_resolved(self.axis, r))
            }
        }

        impl<'a, T, const N: usize> Iterator for $chunks<'a, T, N> {
            type Item = $view<'a, T, N>;

            #[inline]
            fn next(&mut self) -> Option<Self::Item> {
                (self.front < self.back).then(|| {
                    self.front += 1;
                    self.chunk(self.front - 1)
                })
            }

            #[inline]
            fn size_hint(&self) -> (usize, Option<usize>) {
                (self.back - self.front, Some(self.back - self.front))
            }
        }

        impl<T, const N: usize> DoubleEndedIterator for $chunks<'_, T, N> {
            #[inline]
            fn next_back(&mut self) -> Option<Self::Item> {
                (self.front < self.back).then(|| {
                    self.back -= 1;
                    self.chunk(self.back)
                })
            }
        }

        impl<T, const N: usize> ExactSizeIterator for $chunks<'_, T, N> {}
        impl<T, const N: usize> FusedIterator for $chunks<'_, T, N> {}
    };
}

axis_iters!(
    MemViewSlice,
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::iter::AxisIter;
    /// use memslice_core::MemViewSlice;
    ///
    /// let data: Vec<i32> = (0..6).collect();
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap(); // np.arange(6).reshape(2, 3)
    /// let mut rows: AxisIter<'_, i32, 2, 1> = v.outer_iter(); // a[0], a[1]
    /// assert_eq!(rows.len(), 2);
    /// assert_eq!(rows.next_back().unwrap().to_vec(), [3, 4, 5]);
    /// let cols: Vec<Vec<i32>> = v.axis_iter(1).map(|c| c.to_vec()).collect(); // a[:, j]
    /// assert_eq!(cols, [[0, 3], [1, 4], [2, 5]]);
    /// ```
    AxisIter,
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::iter::Lanes;
    /// use memslice_core::MemViewSlice;
    ///
    /// let data: Vec<i32> = (0..12).collect();
    /// let v = MemViewSlice::from_slice(&data, [2, 3, 2]).unwrap();
    /// // The lanes along axis 1: a[i, :, k] for (i, k) = (0, 0), (0, 1), (1, 0), (1, 1).
    /// let lanes: Lanes<'_, i32, 3> = v.lanes(1);
    /// let sums: Vec<i32> = lanes.map(|l| l.iter().sum()).collect(); // a.sum(axis=1).flatten()
    /// assert_eq!(sums, [6, 9, 24, 27]);
    /// ```
    Lanes,
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::iter::AxisChunks;
    /// use memslice_core::MemViewSlice;
    ///
    /// let data: Vec<i32> = (0..10).collect();
    /// let v = MemViewSlice::from_slice(&data, [5, 2]).unwrap();
    /// let chunks: AxisChunks<'_, i32, 2> = v.axis_chunks(0, 2); // a[0:2], a[2:4], a[4:5]
    /// let shapes: Vec<[usize; 2]> = chunks.map(|c| *c.shape()).collect();
    /// assert_eq!(shapes, [[2, 2], [2, 2], [1, 2]]);
    /// ```
    AxisChunks,
);
axis_iters!(
    MemViewSliceMut,
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::iter::AxisIterMut;
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 6];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 3]).unwrap();
    /// let cols: AxisIterMut<'_, i32, 2, 1> = m.axis_iter_mut(1);
    /// for (j, mut col) in cols.enumerate() {
    ///     col.fill(j as i32); // a[:, j] = j
    /// }
    /// assert_eq!(data, [0, 1, 2, 0, 1, 2]);
    /// ```
    AxisIterMut,
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::iter::LanesMut;
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3, 4, 5, 6];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 3]).unwrap();
    /// let rows: LanesMut<'_, i32, 2> = m.rows_mut();
    /// for mut row in rows {
    ///     let first = row[[0]];
    ///     row.map_inplace(|x| *x -= first); // a[i, :] -= a[i, 0]
    /// }
    /// assert_eq!(data, [0, 1, 2, 0, 1, 2]);
    /// ```
    LanesMut,
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::iter::AxisChunksMut;
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 5];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [5]).unwrap();
    /// let chunks: AxisChunksMut<'_, i32, 1> = m.axis_chunks_mut(0, 2);
    /// for (k, mut c) in chunks.enumerate() {
    ///     c.fill(k as i32 + 1);
    /// }
    /// assert_eq!(data, [1, 1, 2, 2, 3]);
    /// ```
    AxisChunksMut,
);

// SAFETY: each iterator holds a raw view standing for a `MemViewSlice` (shared `&T` access),
// which is Send/Sync exactly when `T: Sync`.
unsafe impl<T: Sync, const N: usize, const M: usize> Send for AxisIter<'_, T, N, M> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize, const M: usize> Sync for AxisIter<'_, T, N, M> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize> Send for Lanes<'_, T, N> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize> Sync for Lanes<'_, T, N> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize> Send for AxisChunks<'_, T, N> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize> Sync for AxisChunks<'_, T, N> {}
// SAFETY: the mutable iterators stand for a `MemViewSliceMut` (exclusive, disjoint elements),
// which is Send when `T: Send` and Sync when `T: Sync`, as `&mut [T]`.
unsafe impl<T: Send, const N: usize, const M: usize> Send for AxisIterMut<'_, T, N, M> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize, const M: usize> Sync for AxisIterMut<'_, T, N, M> {}
// SAFETY: as above.
unsafe impl<T: Send, const N: usize> Send for LanesMut<'_, T, N> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize> Sync for LanesMut<'_, T, N> {}
// SAFETY: as above.
unsafe impl<T: Send, const N: usize> Send for AxisChunksMut<'_, T, N> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize> Sync for AxisChunksMut<'_, T, N> {}
