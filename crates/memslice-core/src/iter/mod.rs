//! Serial iteration over views: elements in logical C order (or memory order), indices with
//! elements, sub-views along an axis, lanes, and chunks.
//!
//! Every iterator walks a `Cursor` (a double-ended C-order odometer) over the view's indices and computes
//! addresses on the raw view; the element iterators' `fold` runs whole rows as slice loops
//! (see `elements.rs`).
//!
//! ```
//! use memslice_core::MemViewSlice;
//!
//! let data: Vec<i32> = (0..6).collect();
//! let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
//! assert_eq!(v.t().iter().copied().collect::<Vec<_>>(), [0, 3, 1, 4, 2, 5]); // C order of a.T
//! assert_eq!(v.t().iter_memory_order().copied().collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5]);
//! assert_eq!(v.indexed_iter().nth(4), Some(([1, 1], &4))); // np.ndenumerate
//! let row_max: Vec<i32> = v.rows().map(|r| *r.iter().max().unwrap()).collect();
//! assert_eq!(row_max, [2, 5]);
//! assert_eq!(v.axis_chunks(1, 2).count(), 2); // a[:, 0:2], a[:, 2:3]
//! ```

mod axis;
mod cursor;
mod elements;
mod windows;

pub use axis::{AxisChunks, AxisChunksMut, AxisIter, AxisIterMut, Lanes, LanesMut};
pub(crate) use cursor::Cursor;
#[cfg(feature = "rayon")]
pub(crate) use cursor::unravel;
pub use elements::{IndexedIter, IndexedIterMut, Iter, IterMut};
pub use windows::Windows;
#[cfg(feature = "rayon")]
pub(crate) use windows::counts as window_counts;

use crate::error::ViewError;
use crate::slicing::{Rank, RankDown};
use crate::{MemViewSlice, MemViewSliceMut};

/// Panics, naming the axis and the rank, unless `axis < N`.
#[track_caller]
pub(crate) fn check_axis<const N: usize>(axis: usize) {
    if axis >= N {
        panic!("{}", ViewError::AxisOutOfRange { axis, ndim: N });
    }
}

impl<'a, T, const N: usize> MemViewSlice<'a, T, N> {
    /// The elements in logical C order (last index fastest), whatever the strides: NumPy's
    /// `a.flat`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{s, MemViewSlice};
    ///
    /// let data: Vec<i32> = (0..6).collect();
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert_eq!(v.iter().sum::<i32>(), 15);
    /// let back: Vec<i32> = v.slice(s![..;-1, 1..]).iter().copied().collect();
    /// assert_eq!(back, [4, 5, 1, 2]);
    /// ```
    #[inline]
    pub fn iter(&self) -> Iter<'a, T, N> {
        Iter::new(self.raw)
    }

    /// Each index with its element, in C order (NumPy's `np.ndenumerate`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [5, 6, 7, 8];
    /// let v = MemViewSlice::from_slice(&data, [2, 2]).unwrap();
    /// let second = v.indexed_iter().nth(1);
    /// assert_eq!(second, Some(([0, 1], &6)));
    /// ```
    #[inline]
    pub fn indexed_iter(&self) -> IndexedIter<'a, T, N> {
        IndexedIter::new(self.raw)
    }

    /// The elements in the order they sit in memory, when the view is contiguous in some axis
    /// order (C, Fortran, any permutation, reversed axes): the fast order for work that does not
    /// care about order, such as sums and fills. For other layouts, an order that walks the
    /// largest strides outermost.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap().t().reverse_axis(0);
    /// let order: Vec<i32> = v.iter_memory_order().copied().collect();
    /// assert_eq!(order, data);
    /// ```
    #[inline]
    pub fn iter_memory_order(&self) -> Iter<'a, T, N> {
        Iter::new(self.raw.memory_order())
    }

    /// The sub-views along axis 0: `a[0]`, `a[1]`, … (Cython's `for row in a`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [3, 2]).unwrap();
    /// let sums: Vec<i32> = v.outer_iter().map(|row| row.iter().sum()).collect();
    /// assert_eq!(sums, [3, 7, 11]);
    /// ```
    #[inline]
    pub fn outer_iter<const M: usize>(&self) -> AxisIter<'a, T, N, M>
    where
        Rank<N>: RankDown<Down = Rank<M>>,
    {
        AxisIter::new(self.raw, 0)
    }

    /// The sub-views along `axis`: `a[..., 0, ...]`, `a[..., 1, ...]`, …
    ///
    /// # Panics
    ///
    /// If `axis >= N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [3, 2]).unwrap();
    /// let cols: Vec<Vec<i32>> = v.axis_iter(1).map(|c| c.to_vec()).collect();
    /// assert_eq!(cols, [[1, 3, 5], [2, 4, 6]]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn axis_iter<const M: usize>(&self, axis: usize) -> AxisIter<'a, T, N, M>
    where
        Rank<N>: RankDown<Down = Rank<M>>,
    {
        check_axis::<N>(axis);
        AxisIter::new(self.raw, axis)
    }

    /// The 1-d lanes along `axis`, one for every index of the other axes in C order.
    ///
    /// # Panics
    ///
    /// If `axis >= N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data: Vec<i32> = (0..8).collect();
    /// let v = MemViewSlice::from_slice(&data, [2, 2, 2]).unwrap();
    /// let lanes: Vec<Vec<i32>> = v.lanes(1).map(|l| l.to_vec()).collect();
    /// assert_eq!(lanes, [[0, 2], [1, 3], [4, 6], [5, 7]]); // a[i, :, k]
    /// ```
    #[inline]
    #[track_caller]
    pub fn lanes(&self, axis: usize) -> Lanes<'a, T, N> {
        check_axis::<N>(axis);
        Lanes::new(self.raw, axis)
    }

    /// The lanes along the last axis: the rows of a matrix. A 0-d view has no last axis, so
    /// calling this on one does not compile (the bound says `N >= 1`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4];
    /// let v = MemViewSlice::from_slice(&data, [2, 2]).unwrap();
    /// assert_eq!(v.rows().map(|r| r[[1]]).collect::<Vec<_>>(), [2, 4]);
    /// ```
    #[inline]
    pub fn rows(&self) -> Lanes<'a, T, N>
    where
        Rank<N>: RankDown,
    {
        self.lanes(N - 1)
    }

    /// Consecutive chunks of `size` along `axis` (the last may be shorter), each of rank `N`.
    ///
    /// # Panics
    ///
    /// If `axis >= N` or `size == 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data: Vec<i32> = (0..5).collect();
    /// let v = MemViewSlice::from_slice(&data, [5]).unwrap();
    /// let chunks: Vec<Vec<i32>> = v.axis_chunks(0, 2).map(|c| c.to_vec()).collect();
    /// assert_eq!(chunks, [vec![0, 1], vec![2, 3], vec![4]]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn axis_chunks(&self, axis: usize, size: usize) -> AxisChunks<'a, T, N> {
        check_axis::<N>(axis);
        AxisChunks::new(self.raw, axis, size)
    }
}

impl<'a, T, const N: usize> MemViewSliceMut<'a, T, N> {
    /// The elements in logical C order, by shared reference.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3];
    /// let m = MemViewSliceMut::from_slice(&mut data, [3]).unwrap();
    /// assert_eq!(m.iter().max(), Some(&3));
    /// ```
    #[inline]
    pub fn iter(&self) -> Iter<'_, T, N> {
        Iter::new(self.raw)
    }

    /// The elements in logical C order, by exclusive reference.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3, 4];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// m.reborrow().t().iter_mut().for_each(|x| *x *= 10);
    /// assert_eq!(data, [10, 20, 30, 40]);
    /// ```
    #[inline]
    pub fn iter_mut(&mut self) -> IterMut<'_, T, N> {
        IterMut::new(self.raw)
    }

    /// Each index with its element, by shared reference.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [7, 8];
    /// let m = MemViewSliceMut::from_slice(&mut data, [2]).unwrap();
    /// assert_eq!(m.indexed_iter().last(), Some(([1], &8)));
    /// ```
    #[inline]
    pub fn indexed_iter(&self) -> IndexedIter<'_, T, N> {
        IndexedIter::new(self.raw)
    }

    /// Each index with its element, by exclusive reference.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 4];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// m.indexed_iter_mut().for_each(|([i, j], x)| *x = i * 2 + j);
    /// assert_eq!(data, [0, 1, 2, 3]);
    /// ```
    #[inline]
    pub fn indexed_iter_mut(&mut self) -> IndexedIterMut<'_, T, N> {
        IndexedIterMut::new(self.raw)
    }

    /// The elements in memory order (see [`MemViewSlice::iter_memory_order`]), by exclusive
    /// reference: the fast way to touch every element when order does not matter.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 6];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 3]).unwrap();
    /// for (k, x) in m.reborrow().t().iter_memory_order_mut().enumerate() {
    ///     *x = k;
    /// }
    /// assert_eq!(data, [0, 1, 2, 3, 4, 5]);
    /// ```
    #[inline]
    pub fn iter_memory_order_mut(&mut self) -> IterMut<'_, T, N> {
        IterMut::new(self.raw.memory_order())
    }

    /// The sub-views along axis 0, each exclusive (they are disjoint).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 6];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [3, 2]).unwrap();
    /// for (i, mut row) in m.outer_iter_mut().enumerate() {
    ///     row[[1]] = i;
    /// }
    /// assert_eq!(data, [0, 0, 0, 1, 0, 2]);
    /// ```
    #[inline]
    pub fn outer_iter_mut<const M: usize>(&mut self) -> AxisIterMut<'_, T, N, M>
    where
        Rank<N>: RankDown<Down = Rank<M>>,
    {
        AxisIterMut::new(self.raw, 0)
    }

    /// The sub-views along `axis`, each exclusive.
    ///
    /// # Panics
    ///
    /// If `axis >= N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 6];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [3, 2]).unwrap();
    /// for (j, mut col) in m.axis_iter_mut(1).enumerate() {
    ///     col[[2]] = j + 1;
    /// }
    /// assert_eq!(data, [0, 0, 0, 0, 1, 2]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn axis_iter_mut<const M: usize>(&mut self, axis: usize) -> AxisIterMut<'_, T, N, M>
    where
        Rank<N>: RankDown<Down = Rank<M>>,
    {
        check_axis::<N>(axis);
        AxisIterMut::new(self.raw, axis)
    }

    /// The 1-d lanes along `axis`, each exclusive.
    ///
    /// # Panics
    ///
    /// If `axis >= N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3, 4];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// for mut col in m.lanes_mut(0) {
    ///     let top = col[[0]];
    ///     col[[1]] -= top;
    /// }
    /// assert_eq!(data, [1, 2, 2, 2]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn lanes_mut(&mut self, axis: usize) -> LanesMut<'_, T, N> {
        check_axis::<N>(axis);
        LanesMut::new(self.raw, axis)
    }

    /// The rows (lanes along the last axis), each exclusive. As for [`MemViewSlice::rows`], a
    /// 0-d view has none and the call does not compile.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 4];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// m.rows_mut().for_each(|mut r| r[[0]] = 9);
    /// assert_eq!(data, [9, 0, 9, 0]);
    /// ```
    #[inline]
    pub fn rows_mut(&mut self) -> LanesMut<'_, T, N>
    where
        Rank<N>: RankDown,
    {
        self.lanes_mut(N - 1)
    }

    /// Consecutive exclusive chunks of `size` along `axis` (the last may be shorter).
    ///
    /// # Panics
    ///
    /// If `axis >= N` or `size == 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 5];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [5]).unwrap();
    /// for (k, mut chunk) in m.axis_chunks_mut(0, 2).enumerate() {
    ///     chunk.fill(k);
    /// }
    /// assert_eq!(data, [0, 0, 1, 1, 2]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn axis_chunks_mut(&mut self, axis: usize, size: usize) -> AxisChunksMut<'_, T, N> {
        check_axis::<N>(axis);
        AxisChunksMut::new(self.raw, axis, size)
    }
}

impl<'a, T, const N: usize> IntoIterator for MemViewSlice<'a, T, N> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T, N>;

    /// The elements in C order (see [`MemViewSlice::iter`]).
    #[inline]
    fn into_iter(self) -> Iter<'a, T, N> {
        self.iter()
    }
}

impl<'a, T, const N: usize> IntoIterator for &MemViewSlice<'a, T, N> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T, N>;

    /// The elements in C order (see [`MemViewSlice::iter`]).
    #[inline]
    fn into_iter(self) -> Iter<'a, T, N> {
        self.iter()
    }
}

impl<'a, T, const N: usize> IntoIterator for MemViewSliceMut<'a, T, N> {
    type Item = &'a mut T;
    type IntoIter = IterMut<'a, T, N>;

    /// The elements in C order, by exclusive reference for the whole lifetime `'a`.
    #[inline]
    fn into_iter(self) -> IterMut<'a, T, N> {
        IterMut::new(self.raw)
    }
}

impl<'b, T, const N: usize> IntoIterator for &'b mut MemViewSliceMut<'_, T, N> {
    type Item = &'b mut T;
    type IntoIter = IterMut<'b, T, N>;

    /// The elements in C order, by exclusive reference.
    #[inline]
    fn into_iter(self) -> IterMut<'b, T, N> {
        self.iter_mut()
    }
}

impl<'b, T, const N: usize> IntoIterator for &'b MemViewSliceMut<'_, T, N> {
    type Item = &'b T;
    type IntoIter = Iter<'b, T, N>;

    /// The elements in C order, by shared reference.
    #[inline]
    fn into_iter(self) -> Iter<'b, T, N> {
        self.iter()
    }
}
