//! Parallel iterators over the elements of a view.
//!
//! A producer owns the C-order positions `lo..hi` of one view; splitting at `i` cuts that range
//! in two, so halves of a view fall on its outermost axis of extent > 1 first and then within
//! it, and a split costs a few divisions, never an allocation. Each leaf runs the serial
//! iterator, whose `fold` walks whole rows.

use std::marker::PhantomData;

use rayon::iter::plumbing::{Consumer, Producer, ProducerCallback, UnindexedConsumer, bridge};
use rayon::iter::{IndexedParallelIterator, ParallelIterator};

use crate::iter::{Iter, IterMut};
use crate::raw::RawView;

use crate::zip::DEFAULT_GRAIN;

macro_rules! par_elements {
    ($(#[$doc:meta])* $name:ident, $producer:ident, $serial:ident, $borrow:ty, $item:ty, $bound:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name<'a, T, const N: usize> {
            raw: RawView<T, N>,
            grain: usize,
            _borrow: PhantomData<$borrow>,
        }

        impl<'a, T, const N: usize> $name<'a, T, N> {
            /// # Safety
            ///
            /// `raw` keeps the invariant of the view it came from for `'a`, with exclusive
            /// access if the items are mutable.
            #[inline]
            pub(crate) unsafe fn new(raw: RawView<T, N>) -> Self {
                $name { raw, grain: DEFAULT_GRAIN, _borrow: PhantomData }
            }

            /// Sets the number of elements below which a share is not split further (at least 1).
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::MemViewSlice;
            /// use rayon::prelude::*;
            ///
            /// let data: Vec<u64> = (0..100).collect();
            /// let v = MemViewSlice::from_slice(&data, [10, 10]).unwrap();
            /// assert_eq!(v.par_iter().with_grain(8).sum::<u64>(), 4950);
            /// ```
            #[inline]
            pub fn with_grain(mut self, grain: usize) -> Self {
                self.grain = grain.max(1);
                self
            }
        }

        impl<'a, T: $bound, const N: usize> ParallelIterator for $name<'a, T, N> {
            type Item = $item;

            fn drive_unindexed<C: UnindexedConsumer<$item>>(self, consumer: C) -> C::Result {
                bridge(self, consumer)
            }

            fn opt_len(&self) -> Option<usize> {
                Some(self.raw.size())
            }
        }

        impl<'a, T: $bound, const N: usize> IndexedParallelIterator for $name<'a, T, N> {
            fn len(&self) -> usize {
                self.raw.size()
            }

            fn drive<C: Consumer<$item>>(self, consumer: C) -> C::Result {
                bridge(self, consumer)
            }

            fn with_producer<CB: ProducerCallback<$item>>(self, callback: CB) -> CB::Output {
                let hi = self.raw.size();
                callback.callback($producer {
                    raw: self.raw,
                    lo: 0,
                    hi,
                    grain: self.grain,
                    _borrow: PhantomData,
                })
            }
        }

        /// The share `lo..hi` (C-order positions) of a view's elements.
        struct $producer<'a, T, const N: usize> {
            raw: RawView<T, N>,
            lo: usize,
            hi: usize,
            grain: usize,
            _borrow: PhantomData<$borrow>,
        }

        impl<'a, T: $bound, const N: usize> Producer for $producer<'a, T, N> {
            type Item = $item;
            type IntoIter = $serial<'a, T, N>;

            #[inline]
            fn into_iter(self) -> $serial<'a, T, N> {
                $serial::range(self.raw, self.lo, self.hi)
            }

            #[inline]
            fn min_len(&self) -> usize {
                self.grain
            }

            #[inline]
            fn split_at(self, index: usize) -> (Self, Self) {
                let mid = self.lo + index;
                debug_assert!(mid <= self.hi);
                (
                    $producer { hi: mid, _borrow: PhantomData, ..self },
                    $producer { lo: mid, _borrow: PhantomData, ..self },
                )
            }
        }
    };
}

par_elements!(
    /// A parallel iterator over the elements of a view, in C order, by shared reference:
    /// `IndexedParallelIterator`, so `zip`, `enumerate` and `collect_into_vec` work.
    ///
    /// Made by [`MemViewSlice::par_iter`](crate::MemViewSlice::par_iter).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    /// use rayon::prelude::*;
    ///
    /// let data: Vec<i64> = (0..12).collect();
    /// let v = MemViewSlice::from_slice(&data, [3, 4]).unwrap();
    /// let mut out = Vec::new();
    /// v.t().par_iter().map(|x| x * 10).collect_into_vec(&mut out);
    /// assert_eq!(out[..4], [0, 40, 80, 10]);
    /// ```
    ParIter, ElemProducer, Iter, &'a T, &'a T, Sync
);

par_elements!(
    /// A parallel iterator over the elements of a mutable view, in C order, by exclusive
    /// reference; every element is handed to exactly one task.
    ///
    /// Made by [`MemViewSliceMut::par_iter_mut`](crate::MemViewSliceMut::par_iter_mut).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    /// use rayon::prelude::*;
    ///
    /// let mut data = vec![1.0_f64; 8];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 4]).unwrap();
    /// m.par_iter_mut().enumerate().for_each(|(k, x)| *x *= k as f64);
    /// assert_eq!(data, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]);
    /// ```
    ParIterMut, ElemProducerMut, IterMut, &'a mut T, &'a mut T, Send
);

// SAFETY: these hold a raw view standing for a shared view, i.e. `&'a T`s: Send/Sync exactly
// when `T: Sync`, as `&[T]` is.
unsafe impl<T: Sync, const N: usize> Send for ParIter<'_, T, N> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize> Sync for ParIter<'_, T, N> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize> Send for ElemProducer<'_, T, N> {}
// SAFETY: these stand for disjoint `&'a mut T`s (rule 5, and producers split the positions
// without overlap): Send when `T: Send`, as `&mut [T]` is.
unsafe impl<T: Send, const N: usize> Send for ParIterMut<'_, T, N> {}
// SAFETY: `&ParIterMut` exposes only the layout; Sync when `T: Sync`, as `&mut [T]` is.
unsafe impl<T: Sync, const N: usize> Sync for ParIterMut<'_, T, N> {}
// SAFETY: as for `ParIterMut`'s `Send`.
unsafe impl<T: Send, const N: usize> Send for ElemProducerMut<'_, T, N> {}
