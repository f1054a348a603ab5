//! Parallel iteration with rayon (feature `rayon`, on by default): elements, sub-views along an
//! axis, chunks, and reductions. Views are plain data (`Send`/`Sync` like `&[T]`/`&mut [T]`), so
//! rayon splits them without locks; mutable iterators split into disjoint pieces, so no two
//! tasks ever hold the same element mutably.
//!
//! The lock-step zip of several views, serial and parallel, is [`Zip`].
//!
//! ```
//! use memslice_core::{MemViewSlice, MemViewSliceMut};
//! use rayon::prelude::*;
//!
//! let mut data: Vec<f64> = (0..1000).map(f64::from).collect();
//! MemViewSliceMut::from_slice(&mut data, [10, 100]).unwrap().par_iter_mut().for_each(|x| *x *= 2.0);
//! let v = MemViewSlice::from_slice(&data, [10, 100]).unwrap();
//! assert_eq!(v.par_sum(), 999_000.0); // 2 * (0 + 1 + ... + 999)
//! let row_sums: Vec<f64> = v.par_outer_iter().map(|r| r.iter().sum()).collect();
//! assert_eq!(row_sums[0], 9900.0);
//! ```

mod axis;
mod elements;
mod zip;

pub use crate::zip::DEFAULT_GRAIN;
pub use axis::{ParAxisChunks, ParAxisChunksMut, ParAxisIter, ParAxisIterMut};
pub use elements::{ParIter, ParIterMut};

use num_traits::Zero;

use crate::iter::check_axis;
use crate::slicing::{Rank, RankDown};
use crate::{MemViewSlice, MemViewSliceMut, ViewError, Zip};

impl<'a, T: Sync, const N: usize> MemViewSlice<'a, T, N> {
    /// The elements in C order as a rayon `IndexedParallelIterator`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    /// use rayon::prelude::*;
    ///
    /// let data: Vec<u32> = (0..1000).collect();
    /// let v = MemViewSlice::from_slice(&data, [10, 100]).unwrap();
    /// assert_eq!(v.t().par_iter().filter(|&&x| x % 2 == 0).count(), 500);
    /// ```
    #[inline]
    pub fn par_iter(&self) -> ParIter<'a, T, N> {
        // SAFETY: the raw view keeps this shared view's invariant for 'a.
        unsafe { ParIter::new(self.raw) }
    }

    /// The windows of [`windows`](Self::windows), in parallel, as a rayon
    /// `IndexedParallelIterator` in the same order.
    ///
    /// # Panics
    ///
    /// As [`windows`](Self::windows): if there are more than `isize::MAX` windows.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    /// use rayon::prelude::*;
    ///
    /// let data: Vec<f64> = (0..100).map(f64::from).collect();
    /// let v = MemViewSlice::from(&data[..]);
    /// // A moving average of 10.
    /// let avg: Vec<f64> = v.par_windows([10]).map(|w| w.iter().sum::<f64>() / 10.0).collect();
    /// assert_eq!((avg.len(), avg[0], avg[90]), (91, 4.5, 94.5));
    /// ```
    #[inline]
    #[track_caller]
    pub fn par_windows(
        &self,
        size: [usize; N],
    ) -> impl rayon::iter::IndexedParallelIterator<Item = MemViewSlice<'a, T, N>> + use<'a, T, N>
    {
        use rayon::iter::{IntoParallelIterator, ParallelIterator};
        let count = self.windows(size).len();
        let counts = crate::iter::window_counts(self.shape(), &size).unwrap_or([0; N]);
        let view = *self;
        (0..count).into_par_iter().map(move |k| {
            let start = crate::iter::unravel(&counts, k);
            // SAFETY: `start` is a window start: below `shape - size + 1` on every axis.
            unsafe { view.window_unchecked(start, size) }
        })
    }

    /// The sub-views along axis 0, in parallel.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    /// use rayon::prelude::*;
    ///
    /// let data: Vec<i32> = (0..6).collect();
    /// let v = MemViewSlice::from_slice(&data, [3, 2]).unwrap();
    /// let sums: Vec<i32> = v.par_outer_iter().map(|row| row.iter().sum()).collect();
    /// assert_eq!(sums, [1, 5, 9]);
    /// ```
    #[inline]
    pub fn par_outer_iter<const M: usize>(&self) -> ParAxisIter<'a, T, N, M>
    where
        Rank<N>: RankDown<Down = Rank<M>>,
    {
        // SAFETY: as in `par_iter`.
        unsafe { ParAxisIter::new(self.raw, 0, 1) }
    }

    /// The sub-views along `axis`, in parallel.
    ///
    /// # Panics
    ///
    /// If `axis >= N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    /// use rayon::prelude::*;
    ///
    /// let data: Vec<i32> = (0..6).collect();
    /// let v = MemViewSlice::from_slice(&data, [3, 2]).unwrap();
    /// let cols: Vec<i32> = v.par_axis_iter(1).map(|c| c.iter().sum()).collect();
    /// assert_eq!(cols, [6, 9]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn par_axis_iter<const M: usize>(&self, axis: usize) -> ParAxisIter<'a, T, N, M>
    where
        Rank<N>: RankDown<Down = Rank<M>>,
    {
        check_axis::<N>(axis);
        // SAFETY: as in `par_iter`.
        unsafe { ParAxisIter::new(self.raw, axis, 1) }
    }

    /// Chunks of `size` along `axis` (the last may be shorter), in parallel.
    ///
    /// # Panics
    ///
    /// If `axis >= N` or `size == 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    /// use rayon::prelude::*;
    ///
    /// let data: Vec<i32> = (0..10).collect();
    /// let v = MemViewSlice::from_slice(&data, [10]).unwrap();
    /// let sums: Vec<i32> = v.par_axis_chunks(0, 4).map(|c| c.iter().sum()).collect();
    /// assert_eq!(sums, [6, 22, 17]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn par_axis_chunks(&self, axis: usize, size: usize) -> ParAxisChunks<'a, T, N> {
        check_axis::<N>(axis);
        assert!(size > 0, "par_axis_chunks: chunk size must be positive");
        // SAFETY: as in `par_iter`.
        unsafe { ParAxisChunks::new(self.raw, axis, size) }
    }

    /// The sum of the elements, in parallel (each task sums whole rows serially).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data: Vec<f64> = (1..=100).map(f64::from).collect();
    /// let v = MemViewSlice::from_slice(&data, [10, 10]).unwrap();
    /// assert_eq!(v.t().par_sum(), 5050.0);
    /// ```
    pub fn par_sum(&self) -> T
    where
        T: Zero + Copy + Send,
    {
        self.par_fold(T::zero, |acc, &x| acc + x, |a, b| a + b)
    }

    /// The dot product `Σ self[i] · other[i]` over all indices, in parallel.
    ///
    /// # Errors
    ///
    /// [`ViewError::ShapesDiffer`] if the shapes differ.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let (a, b) = ([1.0, 2.0, 3.0, 4.0], [1.0, 0.0, -1.0, 0.5]);
    /// let va = MemViewSlice::from_slice(&a, [2, 2]).unwrap();
    /// let vb = MemViewSlice::from_slice(&b, [2, 2]).unwrap();
    /// assert_eq!(va.par_dot(&vb).unwrap(), 0.0);
    /// assert!(va.par_dot(&vb.t().slice_axis(0, ..1)).is_err());
    /// ```
    pub fn par_dot(&self, other: &MemViewSlice<'_, T, N>) -> Result<T, ViewError>
    where
        T: num_traits::Num + Copy + Send,
    {
        Ok(Zip::from(*self).try_and(*other)?.par_fold(
            T::zero,
            |acc, &x, &y| acc + x * y,
            |a, b| a + b,
        ))
    }

    /// The smallest element, in parallel; `None` for an empty view. Like `f64::min`, elements
    /// that compare unordered (NaN) are passed over unless every element is one.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [3.0, f64::NAN, -1.5, 7.0];
    /// let v = MemViewSlice::from_slice(&data, [2, 2]).unwrap();
    /// assert_eq!(v.par_min(), Some(-1.5));
    /// ```
    pub fn par_min(&self) -> Option<T>
    where
        T: PartialOrd + Copy + Send,
    {
        self.par_extreme(|x, best| x < best)
    }

    /// The largest element, in parallel; `None` for an empty view. NaN is passed over as in
    /// [`par_min`](Self::par_min).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [3, 9, -1, 7];
    /// let v = MemViewSlice::from_slice(&data, [4]).unwrap();
    /// assert_eq!(v.par_max(), Some(9));
    /// ```
    pub fn par_max(&self) -> Option<T>
    where
        T: PartialOrd + Copy + Send,
    {
        self.par_extreme(|x, best| x > best)
    }

    /// The element that `better` prefers, skipping elements unordered with themselves (NaN).
    fn par_extreme(&self, better: impl Fn(&T, &T) -> bool + Sync) -> Option<T>
    where
        T: PartialOrd + Copy + Send,
    {
        #[allow(clippy::eq_op)] // `x != x` is how a PartialOrd type says NaN
        let pick = |best: Option<T>, x: T| match best {
            Some(b) if !(better(&x, &b) || b != b) => Some(b),
            _ => Some(x),
        };
        self.par_fold(
            || None,
            |best, &x| pick(best, x),
            |a, b| match b {
                Some(b) => pick(a, b),
                None => a,
            },
        )
    }

    /// A parallel fold: each task folds a block of the view (row by row, in C order) from
    /// `identity()` with `fold`, and the results are combined with `reduce`. `reduce` must be
    /// associative and `identity()` its neutral element for the answer not to depend on the
    /// split. It runs through [`Zip::par_fold`], whose leaves are plain row loops (rayon's own
    /// `fold` adaptor walks each leaf element by element, through `take_while`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data: Vec<u64> = (0..100).collect();
    /// let v = MemViewSlice::from_slice(&data, [10, 10]).unwrap();
    /// let sum_of_squares = v.par_fold(|| 0, |acc, &x| acc + x * x, |a, b| a + b);
    /// assert_eq!(sum_of_squares, 328_350);
    /// ```
    pub fn par_fold<A: Send>(
        &self,
        identity: impl Fn() -> A + Sync + Send,
        fold: impl Fn(A, &'a T) -> A + Sync + Send,
        reduce: impl Fn(A, A) -> A + Sync + Send,
    ) -> A {
        Zip::from(*self).par_fold(identity, fold, reduce)
    }
}

impl<'a, T: Send, const N: usize> MemViewSliceMut<'a, T, N> {
    /// The elements in C order as a rayon `IndexedParallelIterator` of exclusive references.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    /// use rayon::prelude::*;
    ///
    /// let mut data = [1, 2, 3, 4];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// m.reborrow().t().par_iter_mut().for_each(|x| *x *= 2);
    /// assert_eq!(data, [2, 4, 6, 8]);
    /// ```
    #[inline]
    pub fn par_iter_mut(&mut self) -> ParIterMut<'_, T, N> {
        // SAFETY: the raw view keeps this exclusive view's invariant while `self` is borrowed.
        unsafe { ParIterMut::new(self.raw) }
    }

    /// The sub-views along axis 0, in parallel, each exclusive.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    /// use rayon::prelude::*;
    ///
    /// let mut data = [0; 6];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [3, 2]).unwrap();
    /// m.par_outer_iter_mut().enumerate().for_each(|(i, mut row)| row.fill(i));
    /// assert_eq!(data, [0, 0, 1, 1, 2, 2]);
    /// ```
    #[inline]
    pub fn par_outer_iter_mut<const M: usize>(&mut self) -> ParAxisIterMut<'_, T, N, M>
    where
        Rank<N>: RankDown<Down = Rank<M>>,
    {
        // SAFETY: as in `par_iter_mut`.
        unsafe { ParAxisIterMut::new(self.raw, 0, 1) }
    }

    /// The sub-views along `axis`, in parallel, each exclusive.
    ///
    /// # Panics
    ///
    /// If `axis >= N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    /// use rayon::prelude::*;
    ///
    /// let mut data = [0; 6];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [3, 2]).unwrap();
    /// m.par_axis_iter_mut(1).enumerate().for_each(|(j, mut col)| col.fill(j + 1));
    /// assert_eq!(data, [1, 2, 1, 2, 1, 2]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn par_axis_iter_mut<const M: usize>(&mut self, axis: usize) -> ParAxisIterMut<'_, T, N, M>
    where
        Rank<N>: RankDown<Down = Rank<M>>,
    {
        check_axis::<N>(axis);
        // SAFETY: as in `par_iter_mut`.
        unsafe { ParAxisIterMut::new(self.raw, axis, 1) }
    }

    /// Exclusive chunks of `size` along `axis`, in parallel.
    ///
    /// # Panics
    ///
    /// If `axis >= N` or `size == 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    /// use rayon::prelude::*;
    ///
    /// let mut data = [0; 5];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [5]).unwrap();
    /// m.par_axis_chunks_mut(0, 2).enumerate().for_each(|(k, mut c)| c.fill(k));
    /// assert_eq!(data, [0, 0, 1, 1, 2]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn par_axis_chunks_mut(&mut self, axis: usize, size: usize) -> ParAxisChunksMut<'_, T, N> {
        check_axis::<N>(axis);
        assert!(size > 0, "par_axis_chunks_mut: chunk size must be positive");
        // SAFETY: as in `par_iter_mut`.
        unsafe { ParAxisChunksMut::new(self.raw, axis, size) }
    }
}

impl<T: Sync, const N: usize> MemViewSliceMut<'_, T, N> {
    /// The elements in C order as a rayon `IndexedParallelIterator` of shared references.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    /// use rayon::prelude::*;
    ///
    /// let mut data = [1, 2, 3];
    /// let m = MemViewSliceMut::from_slice(&mut data, [3]).unwrap();
    /// assert_eq!(m.par_iter().sum::<i32>(), 6);
    /// ```
    #[inline]
    pub fn par_iter(&self) -> ParIter<'_, T, N> {
        self.view().par_iter()
    }
}
