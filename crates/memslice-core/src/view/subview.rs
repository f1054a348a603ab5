//! Sub-views with NumPy's semantics: slicing, indexing and inserting axes, permuting, reversing,
//! splitting, and the multi-axis [`s!`](crate::s). Each is pure arithmetic on the raw view and
//! comes in a fallible `try_*` form and a panicking form.
//!
//! Rank-changing operations are generic over the output rank `M`, which the compiler infers from
//! the rank tables in [`Rank`](crate::slicing::Rank) (ranks up to 16; `s![...]` with an ellipsis up to 8).

use super::{MemViewSlice, MemViewSliceMut};
use crate::error::ViewError;
use crate::raw::RawView;
use crate::slicing::{AxisOp, Rank, RankDown, RankUp, Slice, SliceArg};

#[cold]
#[inline(never)]
#[track_caller]
fn fail(err: ViewError) -> ! {
    panic!("{err}")
}

/// The value of a sub-view operation, or a panic with the error's message at the caller.
#[inline]
#[track_caller]
fn unwrap_view<X>(result: Result<X, ViewError>) -> X {
    match result {
        Ok(x) => x,
        Err(err) => fail(err),
    }
}

/// The most operations an `s![..]` list may hold: an item per input axis plus one per new axis,
/// for the ranks up to 16 that `Rank` covers.
const MAX_OPS: usize = 32;

/// Applies an `s![..]` list to a raw view.
///
/// The operations are first copied out by a closure small enough to inline everywhere, then
/// applied in a plain loop: for a literal `s![..]` LLVM then sees every operation's kind and
/// folds the whole application into the few instructions that item needs. (Applying them in
/// the closure made it too big to inline: two calls and a `Result` through memory per row.)
#[inline]
fn apply_slice<T, const N: usize, const M: usize, S>(
    raw: RawView<T, N>,
    info: S,
) -> Result<RawView<T, M>, ViewError>
where
    S: SliceArg<N, Out = Rank<M>>,
{
    let mut ops = [AxisOp::NewAxis; MAX_OPS];
    let mut count = 0;
    info.for_each_op(&mut |op| {
        let Some(slot) = ops.get_mut(count) else {
            return Err(ViewError::AxisOutOfRange {
                axis: count,
                ndim: MAX_OPS,
            });
        };
        *slot = op;
        count += 1;
        Ok(())
    })?;
    let mut b = raw.rebuild::<M>();
    for &op in &ops[..count] {
        match op {
            AxisOp::Slice(s) => b.slice(s)?,
            AxisOp::Index(i) => b.index(i)?,
            AxisOp::NewAxis => b.new_axis()?,
            // The axes no item names; the types make `S::INPUTS <= N`.
            AxisOp::Ellipsis => b.keep(N.saturating_sub(S::INPUTS))?,
        }
    }
    b.finish()
}

macro_rules! subviews {
    ($ty:ident, $setup:literal) => {
        impl<'a, T, const N: usize> $ty<'a, T, N> {
            /// NumPy's `a[..., start:stop:step, ...]` on one axis; see [`Slice`] for the rules.
            ///
            /// # Errors
            ///
            /// [`ViewError::AxisOutOfRange`] or [`ViewError::ZeroStep`].
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::Slice;
            #[doc = $setup]
            /// let w = v.try_slice_axis(1, Slice::new(None, None, -2)).unwrap(); // a[:, ::-2]
            /// assert_eq!(w.shape(), &[3, 2]);
            /// assert_eq!((w[[0, 0]], w[[0, 1]]), (3, 1));
            /// ```
            #[inline]
            pub fn try_slice_axis(
                self,
                axis: usize,
                slice: impl Into<Slice>,
            ) -> Result<Self, ViewError> {
                self.raw.slice_axis(axis, slice.into()).map(Self::from_raw)
            }

            /// [`try_slice_axis`](Self::try_slice_axis), panicking on error.
            ///
            /// # Panics
            ///
            /// If the axis is out of range or the step is zero.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// let w = v.slice_axis(0, 1..); // a[1:]
            /// assert_eq!(w[[0, 0]], 4);
            /// ```
            #[inline]
            #[track_caller]
            pub fn slice_axis(self, axis: usize, slice: impl Into<Slice>) -> Self {
                unwrap_view(self.try_slice_axis(axis, slice))
            }

            /// NumPy's `a[..., i, ...]`: fixes `axis` at `index` (negative counts from the end)
            /// and drops it. Works for every rank from 1 to 16.
            ///
            /// # Errors
            ///
            /// [`ViewError::AxisOutOfRange`] or [`ViewError::IndexOutOfRange`].
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// let col = v.try_index_axis(1, -1).unwrap(); // a[:, -1]
            /// assert_eq!(col.shape(), &[3]);
            /// assert_eq!(col[[2]], 11);
            /// ```
            #[inline]
            pub fn try_index_axis<const M: usize>(
                self,
                axis: usize,
                index: isize,
            ) -> Result<$ty<'a, T, M>, ViewError>
            where
                Rank<N>: RankDown<Down = Rank<M>>,
            {
                self.raw.index_axis::<M>(axis, index).map($ty::from_raw)
            }

            /// [`try_index_axis`](Self::try_index_axis), panicking on error.
            ///
            /// # Panics
            ///
            /// If the axis or the index is out of range.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// let row = v.index_axis(0, 1); // a[1]
            /// assert_eq!(row[[3]], 7);
            /// ```
            #[inline]
            #[track_caller]
            pub fn index_axis<const M: usize>(self, axis: usize, index: isize) -> $ty<'a, T, M>
            where
                Rank<N>: RankDown<Down = Rank<M>>,
            {
                unwrap_view(self.try_index_axis(axis, index))
            }

            /// Inserts an axis of extent 1 before `axis` (`axis == N` appends), as
            /// `np.expand_dims`. Works for every rank from 0 to 15.
            ///
            /// # Errors
            ///
            /// [`ViewError::AxisOutOfRange`] if `axis > N`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// let w = v.try_insert_axis(2).unwrap(); // a[:, :, None]
            /// assert_eq!(w.shape(), &[3, 4, 1]);
            /// assert_eq!(w[[1, 2, 0]], 6);
            /// ```
            #[inline]
            pub fn try_insert_axis<const M: usize>(
                self,
                axis: usize,
            ) -> Result<$ty<'a, T, M>, ViewError>
            where
                Rank<N>: RankUp<Up = Rank<M>>,
            {
                self.raw.insert_axis::<M>(axis).map($ty::from_raw)
            }

            /// [`try_insert_axis`](Self::try_insert_axis), panicking on error.
            ///
            /// # Panics
            ///
            /// If `axis > N`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert_eq!(v.insert_axis(0).shape(), &[1, 3, 4]);
            /// ```
            #[inline]
            #[track_caller]
            pub fn insert_axis<const M: usize>(self, axis: usize) -> $ty<'a, T, M>
            where
                Rank<N>: RankUp<Up = Rank<M>>,
            {
                unwrap_view(self.try_insert_axis(axis))
            }

            /// Reorders the axes as `np.transpose(a, axes)`: axis `k` of the result is axis
            /// `axes[k]` of this view.
            ///
            /// # Errors
            ///
            /// [`ViewError::NotAPermutation`] unless `axes` holds each of `0..N` once.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// let w = v.try_permute_axes([1, 0]).unwrap();
            /// assert_eq!(w[[3, 1]], 7);
            /// ```
            #[inline]
            pub fn try_permute_axes(self, axes: [usize; N]) -> Result<Self, ViewError> {
                self.raw.permute_axes(axes).map(Self::from_raw)
            }

            /// [`try_permute_axes`](Self::try_permute_axes), panicking on error.
            ///
            /// # Panics
            ///
            /// Unless `axes` is a permutation of `0..N`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert_eq!(v.permute_axes([1, 0]).shape(), &[4, 3]);
            /// ```
            #[inline]
            #[track_caller]
            pub fn permute_axes(self, axes: [usize; N]) -> Self {
                unwrap_view(self.try_permute_axes(axes))
            }

            /// Reverses the order of the axes (NumPy's `a.T`).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// let w = v.t();
            /// assert_eq!((w.shape(), w.strides()), (&[4, 3], &[4, 16]));
            /// assert!(w.is_f_contiguous());
            /// ```
            #[inline]
            pub fn t(self) -> Self {
                Self::from_raw(self.raw.transposed())
            }

            /// Walks `axis` backwards (NumPy's `np.flip(a, axis)`).
            ///
            /// # Errors
            ///
            /// [`ViewError::AxisOutOfRange`].
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// let w = v.try_reverse_axis(0).unwrap();
            /// assert_eq!(w[[0, 0]], 8);
            /// ```
            #[inline]
            pub fn try_reverse_axis(self, axis: usize) -> Result<Self, ViewError> {
                self.raw.reverse_axis(axis).map(Self::from_raw)
            }

            /// [`try_reverse_axis`](Self::try_reverse_axis), panicking on error.
            ///
            /// # Panics
            ///
            /// If the axis is out of range.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert_eq!(v.reverse_axis(1)[[0, 0]], 3);
            /// ```
            #[inline]
            #[track_caller]
            pub fn reverse_axis(self, axis: usize) -> Self {
                unwrap_view(self.try_reverse_axis(axis))
            }

            /// Splits `axis` at `index` into the views of `[0, index)` and `[index, extent)`
            /// along it. For a mutable view the halves are disjoint, so both can be written.
            ///
            /// # Errors
            ///
            /// [`ViewError::AxisOutOfRange`], or [`ViewError::SplitOutOfRange`] if
            /// `index > extent`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// let (top, bottom) = v.try_split_at(0, 1).unwrap();
            /// assert_eq!((top.shape(), bottom.shape()), (&[1, 4], &[2, 4]));
            /// assert_eq!(bottom[[0, 0]], 4);
            /// ```
            #[inline]
            pub fn try_split_at(
                self,
                axis: usize,
                index: usize,
            ) -> Result<(Self, Self), ViewError> {
                let (left, right) = self.raw.split_at(axis, index)?;
                Ok((Self::from_raw(left), Self::from_raw(right)))
            }

            /// [`try_split_at`](Self::try_split_at), panicking on error.
            ///
            /// # Panics
            ///
            /// If the axis is out of range or `index` exceeds its extent.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// let (left, right) = v.split_at(1, 3);
            /// assert_eq!((left.shape(), right.shape()), (&[3, 3], &[3, 1]));
            /// ```
            #[inline]
            #[track_caller]
            pub fn split_at(self, axis: usize, index: usize) -> (Self, Self) {
                unwrap_view(self.try_split_at(axis, index))
            }

            /// Applies a multi-axis [`s!`](crate::s) slice; the result's rank is inferred.
            ///
            /// # Errors
            ///
            /// [`ViewError::IndexOutOfRange`] or [`ViewError::ZeroStep`] naming the axis. A list
            /// that does not fit the view's rank does not compile.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::s;
            #[doc = $setup]
            /// let w = v.try_slice(s![..;2, NewAxis, -1]).unwrap(); // a[::2, None, -1]
            /// assert_eq!(w.shape(), &[2, 1]);
            /// assert_eq!((w[[0, 0]], w[[1, 0]]), (3, 11));
            /// ```
            #[inline]
            pub fn try_slice<S, const M: usize>(self, info: S) -> Result<$ty<'a, T, M>, ViewError>
            where
                S: SliceArg<N, Out = Rank<M>>,
            {
                apply_slice(self.raw, info).map($ty::from_raw)
            }

            /// [`try_slice`](Self::try_slice), panicking on error.
            ///
            /// # Panics
            ///
            /// If an index is out of range or a step is zero.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::s;
            #[doc = $setup]
            /// let w = v.slice(s![1.., ..;3]); // a[1:, ::3]
            /// assert_eq!(w.shape(), &[2, 2]);
            /// assert_eq!(w[[1, 1]], 11);
            /// ```
            #[inline]
            #[track_caller]
            pub fn slice<S, const M: usize>(self, info: S) -> $ty<'a, T, M>
            where
                S: SliceArg<N, Out = Rank<M>>,
            {
                unwrap_view(self.try_slice(info))
            }
        }
    };
}

subviews!(
    MemViewSlice,
    "let data: Vec<i32> = (0..12).collect();\n\
     let v = memslice_core::MemViewSlice::from_slice(&data, [3, 4]).unwrap();"
);
subviews!(
    MemViewSliceMut,
    "let mut data: Vec<i32> = (0..12).collect();\n\
     let v = memslice_core::MemViewSliceMut::from_slice(&mut data, [3, 4]).unwrap();"
);
