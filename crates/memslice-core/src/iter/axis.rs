//! Iterators of sub-views: along an axis (rank `N - 1`), lanes (1-d), and chunks (rank `N`).
//! Mutable forms yield disjoint sub-views, since each selects different indices of an
//! injective view.

use std::iter::FusedIterator;

use super::cursor::Cursor;
use crate::layout::SliceIndices;
use crate::raw::RawView;
use crate::{MemViewSlice, MemViewSliceMut};

macro_rules! axis_iters {
    ($view:ident, $axis_iter:ident, $lanes:ident, $chunks:ident, $($doc:literal)*) => {
        #[doc = concat!("The sub-views of rank `N - 1` along one axis, as [`", stringify!($view), "`]s.")]
        ///
        /// Made by `outer_iter` and `axis_iter`; double-ended and exact-size.
        $(#[doc = $doc])*
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

axis_iters!(MemViewSlice, AxisIter, Lanes, AxisChunks,);
axis_iters!(MemViewSliceMut, AxisIterMut, LanesMut, AxisChunksMut,);

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
