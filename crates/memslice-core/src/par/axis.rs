//! Parallel iterators over sub-views: along an axis (rank `M = N - 1`) and chunks (rank `N`).
//! A producer owns a range of positions along the axis (indices, or chunk numbers) and splits
//! it in two; its leaves run the serial iterators.

use std::marker::PhantomData;

use rayon::iter::plumbing::{Consumer, Producer, ProducerCallback, UnindexedConsumer, bridge};
use rayon::iter::{IndexedParallelIterator, ParallelIterator};

use crate::iter::{AxisChunks, AxisChunksMut, AxisIter, AxisIterMut};
use crate::raw::RawView;
use crate::{MemViewSlice, MemViewSliceMut};

macro_rules! par_sub_views {
    ($(#[$doc:meta])* $name:ident, $producer:ident, [$($rank:tt)*], $view:ident, $out:tt,
     $bound:ident, |$p:ident, $lo:ident, $hi:ident| $serial:expr, |$q:ident| $len:expr) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name<'a, T, const N: usize $(, const $rank: usize)*> {
            raw: RawView<T, N>,
            axis: usize,
            /// The chunk size (1 for the sub-views along the axis).
            size: usize,
            _borrow: PhantomData<$view<'a, T, N>>,
        }

        impl<'a, T, const N: usize $(, const $rank: usize)*> $name<'a, T, N $(, $rank)*> {
            /// # Safety
            ///
            /// `raw` keeps the invariant of the view type it came from for `'a`.
            #[inline]
            pub(crate) unsafe fn new(raw: RawView<T, N>, axis: usize, size: usize) -> Self {
                $name { raw, axis, size, _borrow: PhantomData }
            }
        }

        struct $producer<'a, T, const N: usize $(, const $rank: usize)*> {
            raw: RawView<T, N>,
            axis: usize,
            size: usize,
            lo: usize,
            hi: usize,
            _borrow: PhantomData<$view<'a, T, N>>,
        }

        impl<'a, T: $bound, const N: usize $(, const $rank: usize)*> ParallelIterator
            for $name<'a, T, N $(, $rank)*>
        {
            type Item = $view<'a, T, $out>;

            fn drive_unindexed<C: UnindexedConsumer<Self::Item>>(self, consumer: C) -> C::Result {
                bridge(self, consumer)
            }

            fn opt_len(&self) -> Option<usize> {
                Some(self.len())
            }
        }

        impl<'a, T: $bound, const N: usize $(, const $rank: usize)*> IndexedParallelIterator
            for $name<'a, T, N $(, $rank)*>
        {
            fn len(&self) -> usize {
                let $q = self;
                $len
            }

            fn drive<C: Consumer<Self::Item>>(self, consumer: C) -> C::Result {
                bridge(self, consumer)
            }

            fn with_producer<CB: ProducerCallback<Self::Item>>(self, callback: CB) -> CB::Output {
                let hi = self.len();
                callback.callback($producer::<'a, T, N $(, $rank)*> {
                    raw: self.raw,
                    axis: self.axis,
                    size: self.size,
                    lo: 0,
                    hi,
                    _borrow: PhantomData,
                })
            }
        }

        impl<'a, T: $bound, const N: usize $(, const $rank: usize)*> Producer
            for $producer<'a, T, N $(, $rank)*>
        {
            type Item = $view<'a, T, $out>;
            type IntoIter = impl_serial!($view, $out, 'a, T, N $(, $rank)*);

            #[inline]
            fn into_iter(self) -> Self::IntoIter {
                let ($p, $lo, $hi) = (&self, self.lo, self.hi);
                $serial
            }

            #[inline]
            fn split_at(self, index: usize) -> (Self, Self) {
                let mid = self.lo + index;
                (
                    $producer { hi: mid, _borrow: PhantomData, ..self },
                    $producer { lo: mid, _borrow: PhantomData, ..self },
                )
            }
        }
    };
}

/// The serial iterator type a producer's leaf runs.
macro_rules! impl_serial {
    (MemViewSlice, M, $a:lifetime, $t:ident, $n:ident, $m:ident) => { AxisIter<$a, $t, $n, $m> };
    (MemViewSliceMut, M, $a:lifetime, $t:ident, $n:ident, $m:ident) => { AxisIterMut<$a, $t, $n, $m> };
    (MemViewSlice, N, $a:lifetime, $t:ident, $n:ident) => { AxisChunks<$a, $t, $n> };
    (MemViewSliceMut, N, $a:lifetime, $t:ident, $n:ident) => { AxisChunksMut<$a, $t, $n> };
}

par_sub_views!(
    /// The sub-views of rank `M = N - 1` along an axis, in parallel, as shared views. Made by
    /// [`MemViewSlice::par_outer_iter`] and [`MemViewSlice::par_axis_iter`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::par::ParAxisIter;
    /// use memslice_core::MemViewSlice;
    /// use rayon::prelude::*;
    ///
    /// let data: Vec<i32> = (0..6).collect();
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// let cols: ParAxisIter<'_, i32, 2, 1> = v.par_axis_iter(1); // a[:, 0], a[:, 1], a[:, 2]
    /// let sums: Vec<i32> = cols.map(|c| c.iter().sum()).collect();
    /// assert_eq!(sums, [3, 5, 7]);
    /// ```
    ParAxisIter, AxisProducer, [M], MemViewSlice, M, Sync,
    |p, lo, hi| {
        debug_assert_eq!(p.size, 1, "sub-views along an axis are chunks of 1");
        AxisIter::range(p.raw, p.axis, lo, hi)
    },
    |s| s.raw.shape()[s.axis]
);
par_sub_views!(
    /// The sub-views of rank `M = N - 1` along an axis, in parallel, each exclusive. Made by
    /// [`MemViewSliceMut::par_outer_iter_mut`] and [`MemViewSliceMut::par_axis_iter_mut`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::par::ParAxisIterMut;
    /// use memslice_core::MemViewSliceMut;
    /// use rayon::prelude::*;
    ///
    /// let mut data = [0; 6];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [3, 2]).unwrap();
    /// let rows: ParAxisIterMut<'_, i32, 2, 1> = m.par_outer_iter_mut();
    /// rows.enumerate().for_each(|(i, mut row)| row.fill(i as i32)); // a[i] = i
    /// assert_eq!(data, [0, 0, 1, 1, 2, 2]);
    /// ```
    ParAxisIterMut, AxisProducerMut, [M], MemViewSliceMut, M, Send,
    |p, lo, hi| {
        debug_assert_eq!(p.size, 1, "sub-views along an axis are chunks of 1");
        AxisIterMut::range(p.raw, p.axis, lo, hi)
    },
    |s| s.raw.shape()[s.axis]
);
par_sub_views!(
    /// Chunks of a view along an axis, in parallel, as shared views. Made by
    /// [`MemViewSlice::par_axis_chunks`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::par::ParAxisChunks;
    /// use memslice_core::MemViewSlice;
    /// use rayon::prelude::*;
    ///
    /// let data: Vec<u32> = (0..10).collect();
    /// let v = MemViewSlice::from_slice(&data, [10]).unwrap();
    /// let chunks: ParAxisChunks<'_, u32, 1> = v.par_axis_chunks(0, 4); // a[0:4], a[4:8], a[8:10]
    /// let sums: Vec<u32> = chunks.map(|c| c.iter().sum()).collect();
    /// assert_eq!(sums, [6, 22, 17]);
    /// ```
    ParAxisChunks, ChunkProducer, [], MemViewSlice, N, Sync,
    |p, lo, hi| AxisChunks::range(p.raw, p.axis, p.size, lo, hi),
    |s| AxisChunks::<T, N>::count(s.raw.shape()[s.axis], s.size)
);
par_sub_views!(
    /// Chunks of a view along an axis, in parallel, each exclusive. Made by
    /// [`MemViewSliceMut::par_axis_chunks_mut`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::par::ParAxisChunksMut;
    /// use memslice_core::MemViewSliceMut;
    /// use rayon::prelude::*;
    ///
    /// let mut data = [0_u8; 5];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [5]).unwrap();
    /// let chunks: ParAxisChunksMut<'_, u8, 1> = m.par_axis_chunks_mut(0, 2);
    /// chunks.enumerate().for_each(|(k, mut c)| c.fill(k as u8)); // a[2k:2k+2] = k
    /// assert_eq!(data, [0, 0, 1, 1, 2]);
    /// ```
    ParAxisChunksMut, ChunkProducerMut, [], MemViewSliceMut, N, Send,
    |p, lo, hi| AxisChunksMut::range(p.raw, p.axis, p.size, lo, hi),
    |s| AxisChunksMut::<T, N>::count(s.raw.shape()[s.axis], s.size)
);

// SAFETY: the shared forms stand for `&'a T`s (Send/Sync when `T: Sync`); the mutable forms for
// disjoint `&'a mut T`s (Send when `T: Send`, Sync when `T: Sync`), as slices' iterators are.
// Producers split positions along the axis without overlap, so no element reaches two tasks.
unsafe impl<T: Sync, const N: usize, const M: usize> Send for ParAxisIter<'_, T, N, M> {}
// SAFETY: see above.
unsafe impl<T: Sync, const N: usize, const M: usize> Sync for ParAxisIter<'_, T, N, M> {}
// SAFETY: see above.
unsafe impl<T: Sync, const N: usize, const M: usize> Send for AxisProducer<'_, T, N, M> {}
// SAFETY: see above.
unsafe impl<T: Send, const N: usize, const M: usize> Send for ParAxisIterMut<'_, T, N, M> {}
// SAFETY: see above.
unsafe impl<T: Sync, const N: usize, const M: usize> Sync for ParAxisIterMut<'_, T, N, M> {}
// SAFETY: see above.
unsafe impl<T: Send, const N: usize, const M: usize> Send for AxisProducerMut<'_, T, N, M> {}
// SAFETY: see above.
unsafe impl<T: Sync, const N: usize> Send for ParAxisChunks<'_, T, N> {}
// SAFETY: see above.
unsafe impl<T: Sync, const N: usize> Sync for ParAxisChunks<'_, T, N> {}
// SAFETY: see above.
unsafe impl<T: Sync, const N: usize> Send for ChunkProducer<'_, T, N> {}
// SAFETY: see above.
unsafe impl<T: Send, const N: usize> Send for ParAxisChunksMut<'_, T, N> {}
// SAFETY: see above.
unsafe impl<T: Sync, const N: usize> Sync for ParAxisChunksMut<'_, T, N> {}
// SAFETY: see above.
unsafe impl<T: Send, const N: usize> Send for ChunkProducerMut<'_, T, N> {}
