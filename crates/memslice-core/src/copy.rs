//! Copies and element-wise writes: the one row-pair walk that every copy uses, and the view
//! methods built on it. Everything here that allocates is named `to_*`; everything else writes
//! into memory a view already borrows.

use std::ptr::NonNull;

use crate::error::ViewError;
use crate::iter::Cursor;
use crate::layout::{self, Order};
use crate::raw::RawView;
use crate::{MemViewSlice, MemViewSliceMut};

/// Calls `f(dst, dst_stride, src, src_stride, len)` for every row of two raw views of one
/// shape: runs of `len` elements along the last axis, or one run of every element when both
/// are C-contiguous. Strides are in bytes.
fn for_each_row_pair<T, U, const N: usize>(
    dst: &RawView<T, N>,
    src: &RawView<U, N>,
    mut f: impl FnMut(NonNull<T>, isize, NonNull<U>, isize, usize),
) {
    debug_assert_eq!(dst.shape(), src.shape());
    if dst.is_empty() {
        return;
    }
    if N == 0 {
        return f(dst.ptr(), 0, src.ptr(), 0, 1);
    }
    let contiguous = layout::is_c_contiguous(dst.shape(), dst.strides(), size_of::<T>())
        && layout::is_c_contiguous(src.shape(), src.strides(), size_of::<U>());
    if contiguous {
        return f(
            dst.ptr(),
            size_of::<T>() as isize,
            src.ptr(),
            size_of::<U>() as isize,
            dst.size(),
        );
    }
    let mut starts = *dst.shape();
    starts[N - 1] = 1;
    let mut cursor = Cursor::new(starts);
    while let Some(start) = cursor.pop_front() {
        let (d, s) = (dst.lane(&start), src.lane(&start));
        f(
            d.ptr(),
            d.strides()[0],
            s.ptr(),
            s.strides()[0],
            d.shape()[0],
        );
    }
}

/// Applies `f` to `len` pairs of elements `dst_stride`/`src_stride` bytes apart; as slice
/// loops when both are unit-strided, so the compiler can vectorise them.
///
/// # Safety
///
/// The runs are in bounds of their views; the `dst` run is exclusively borrowed and does not
/// overlap the `src` run.
#[inline(always)]
unsafe fn zip_run<T, U>(
    dst: NonNull<T>,
    dst_stride: isize,
    src: NonNull<U>,
    src_stride: isize,
    len: usize,
    f: &mut impl FnMut(&mut T, &U),
) {
    if dst_stride == size_of::<T>() as isize && src_stride == size_of::<U>() as isize {
        // SAFETY: `len` consecutive elements of the exclusive destination view.
        let d = unsafe { std::slice::from_raw_parts_mut(dst.as_ptr(), len) };
        // SAFETY: `len` consecutive elements of the source view, not overlapping `d`.
        let s = unsafe { std::slice::from_raw_parts(src.as_ptr(), len) };
        d.iter_mut().zip(s).for_each(|(d, s)| f(d, s));
        return;
    }
    for k in 0..len {
        // SAFETY: element `k` of the destination run is in bounds: the offset stays inside.
        let d = unsafe { crate::raw::offset(dst.as_ptr(), &[k], &[dst_stride]) };
        // SAFETY: likewise for the source run.
        let s = unsafe { crate::raw::offset(src.as_ptr(), &[k], &[src_stride]) };
        // SAFETY: the destination element is valid, exclusive and unaliased (caller).
        let d = unsafe { &mut *d };
        // SAFETY: the source element is valid for reads (caller).
        let s = unsafe { &*s };
        f(d, s);
    }
}

impl<'a, T, const N: usize> MemViewSlice<'a, T, N> {
    /// Copies the elements into a new `Vec` in C order (NumPy's `a.flatten()`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert_eq!(v.t().to_vec(), [1, 4, 2, 5, 3, 6]);
    /// ```
    pub fn to_vec(&self) -> Vec<T>
    where
        T: Clone,
    {
        if let Some(s) = self.as_slice() {
            return s.to_vec();
        }
        let mut out = Vec::with_capacity(self.size());
        self.iter().for_each(|x| out.push(x.clone()));
        out
    }

    /// Copies the elements into a new `Vec` in C or Fortran order (NumPy's
    /// `a.flatten(order=...)`); together with `shape()` that is a contiguous copy of the view.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{layout::Order, MemViewSlice};
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert_eq!(v.to_vec_in(Order::F), [1, 4, 2, 5, 3, 6]);
    /// ```
    pub fn to_vec_in(&self, order: Order) -> Vec<T>
    where
        T: Clone,
    {
        match order {
            Order::C => self.to_vec(),
            // Fortran order of a view is C order of its transpose.
            Order::F => self.t().to_vec(),
        }
    }

    /// Copies the elements into `dst` in C or Fortran order.
    ///
    /// # Errors
    ///
    /// [`ViewError::ShapeMismatch`] unless `dst.len()` equals the number of elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{layout::Order, MemViewSlice};
    ///
    /// let data = [1, 2, 3, 4];
    /// let v = MemViewSlice::from_slice(&data, [2, 2]).unwrap();
    /// let mut out = [0; 4];
    /// v.copy_to_slice(&mut out, Order::F).unwrap();
    /// assert_eq!(out, [1, 3, 2, 4]);
    /// assert!(v.copy_to_slice(&mut [0; 3], Order::C).is_err());
    /// ```
    pub fn copy_to_slice(&self, dst: &mut [T], order: Order) -> Result<(), ViewError>
    where
        T: Clone,
    {
        MemViewSliceMut::from_slice_in(dst, *self.shape(), order)?.copy_from(self)
    }

    /// This view broadcast to `shape` by NumPy's rules (`np.broadcast_to`): axes are matched
    /// from the end, axes of extent 1 and missing leading axes repeat with stride 0. The result
    /// repeats elements, so it exists only as a shared view.
    ///
    /// # Errors
    ///
    /// [`ViewError::BroadcastMismatch`] naming both shapes where NumPy would refuse;
    /// [`ViewError::Overflow`] naming `shape` when it has more than `isize::MAX` elements (no
    /// view can, even one whose repeated elements span a few bytes).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let row = [1, 2, 3];
    /// let v = MemViewSlice::from_slice(&row, [3]).unwrap();
    /// let b = v.try_broadcast_to([2, 3]).unwrap();
    /// assert_eq!((b.strides(), b.to_vec()), (&[0, 4], vec![1, 2, 3, 1, 2, 3]));
    /// assert_eq!(
    ///     v.try_broadcast_to([3, 2]).unwrap_err().to_string(),
    ///     "cannot broadcast shape [3] to shape [3, 2]"
    /// );
    /// assert_eq!(
    ///     v.try_broadcast_to([1 << 62, 3]).unwrap_err().to_string(),
    ///     "shape [4611686018427387904, 3] with strides [0, 4] has more than isize::MAX elements"
    /// );
    /// ```
    #[inline]
    pub fn try_broadcast_to<const M: usize>(
        &self,
        shape: [usize; M],
    ) -> Result<MemViewSlice<'a, T, M>, ViewError> {
        self.raw.broadcast(shape).map(MemViewSlice::from_raw)
    }

    /// [`try_broadcast_to`](Self::try_broadcast_to), panicking on error.
    ///
    /// # Panics
    ///
    /// If NumPy would refuse to broadcast the shape to `shape`, or `shape` has more than
    /// `isize::MAX` elements; the message names the shapes, as the error's does.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let col = [1, 2];
    /// let v = MemViewSlice::from_slice(&col, [2, 1]).unwrap();
    /// assert_eq!(v.broadcast_to([2, 3]).to_vec(), [1, 1, 1, 2, 2, 2]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn broadcast_to<const M: usize>(&self, shape: [usize; M]) -> MemViewSlice<'a, T, M> {
        match self.try_broadcast_to(shape) {
            Ok(v) => v,
            Err(err) => panic!("{err}"),
        }
    }
}

impl<T, const N: usize> MemViewSliceMut<'_, T, N> {
    /// Copies the elements into a new `Vec` in C order.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3, 4];
    /// let m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// assert_eq!(m.to_vec(), [1, 2, 3, 4]);
    /// ```
    pub fn to_vec(&self) -> Vec<T>
    where
        T: Clone,
    {
        self.view().to_vec()
    }

    /// Copies `src` into this view element by element, whatever the two layouts: Cython's
    /// `dst[...] = src`. No broadcasting (see [`assign`](Self::assign) for that).
    ///
    /// # Errors
    ///
    /// [`ViewError::ShapesDiffer`] naming both shapes if they differ.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{layout::Order, MemViewSlice, MemViewSliceMut};
    ///
    /// let src = [1, 2, 3, 4, 5, 6];
    /// let c = MemViewSlice::from_slice(&src, [2, 3]).unwrap();
    /// let mut dst = [0; 6];
    /// let mut f = MemViewSliceMut::from_slice_in(&mut dst, [2, 3], Order::F).unwrap();
    /// f.copy_from(&c).unwrap();
    /// assert_eq!(dst, [1, 4, 2, 5, 3, 6]);
    /// ```
    pub fn copy_from(&mut self, src: &MemViewSlice<'_, T, N>) -> Result<(), ViewError>
    where
        T: Clone,
    {
        if self.shape() != src.shape() {
            return Err(ViewError::ShapesDiffer {
                dst: (*self.shape()).into(),
                src: (*src.shape()).into(),
            });
        }
        self.zip_raw(&src.raw, |d, s| d.clone_from(s));
        Ok(())
    }

    /// Copies `src` into this view after broadcasting it to this view's shape by NumPy's rules:
    /// `x[:, :] = row` with a 1-d `row`, `x[:] = column` with an `(n, 1)` column.
    ///
    /// # Errors
    ///
    /// [`ViewError::BroadcastMismatch`] naming both shapes where NumPy would refuse;
    /// [`ViewError::Overflow`] naming `shape` when it has more than `isize::MAX` elements (no
    /// view can, even one whose repeated elements span a few bytes).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSlice, MemViewSliceMut};
    ///
    /// let row = [1, 2, 3];
    /// let mut data = [0; 6];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 3]).unwrap();
    /// m.assign(&MemViewSlice::from_slice(&row, [3]).unwrap()).unwrap();
    /// assert_eq!(data, [1, 2, 3, 1, 2, 3]);
    /// ```
    pub fn assign<const K: usize>(&mut self, src: &MemViewSlice<'_, T, K>) -> Result<(), ViewError>
    where
        T: Clone,
    {
        self.zip_mut_with(src, |d, s| d.clone_from(s))
    }

    /// Sets every element to `value`: Cython's `x[:] = value`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3, 4];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// m.reborrow().index_axis(1, 0).fill(0);
    /// assert_eq!(data, [0, 2, 0, 4]);
    /// ```
    pub fn fill(&mut self, value: T)
    where
        T: Clone,
    {
        self.iter_memory_order_mut()
            .for_each(|x| x.clone_from(&value));
    }

    /// Applies `f` to every element in place (in memory order, the fastest).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1.0, 2.0, 3.0];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [3]).unwrap();
    /// m.map_inplace(|x| *x = *x * 2.0 + 1.0);
    /// assert_eq!(data, [3.0, 5.0, 7.0]);
    /// ```
    pub fn map_inplace(&mut self, f: impl FnMut(&mut T)) {
        self.iter_memory_order_mut().for_each(f);
    }

    /// Calls `f(x, y)` for every element `x` of this view and the matching element `y` of `rhs`
    /// broadcast to this view's shape: the core of element-wise kernels (`x += a * y`).
    ///
    /// # Errors
    ///
    /// [`ViewError::BroadcastMismatch`] naming both shapes where NumPy would refuse;
    /// [`ViewError::Overflow`] naming `shape` when it has more than `isize::MAX` elements (no
    /// view can, even one whose repeated elements span a few bytes).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSlice, MemViewSliceMut};
    ///
    /// let (mut y, x) = ([1.0, 2.0, 3.0, 4.0], [10.0, 20.0]);
    /// let mut ym = MemViewSliceMut::from_slice(&mut y, [2, 2]).unwrap();
    /// let xv = MemViewSlice::from_slice(&x, [2]).unwrap();
    /// ym.zip_mut_with(&xv, |y, &x| *y += 0.5 * x).unwrap(); // y += 0.5 * x (x broadcast)
    /// assert_eq!(y, [6.0, 12.0, 8.0, 14.0]);
    /// ```
    pub fn zip_mut_with<U, const K: usize>(
        &mut self,
        rhs: &MemViewSlice<'_, U, K>,
        f: impl FnMut(&mut T, &U),
    ) -> Result<(), ViewError> {
        let rhs = rhs.raw.broadcast(*self.shape())?;
        self.zip_raw(&rhs, f);
        Ok(())
    }

    /// Walks this view and a same-shaped source row by row.
    fn zip_raw<U>(&mut self, src: &RawView<U, N>, mut f: impl FnMut(&mut T, &U)) {
        for_each_row_pair(&self.raw, src, |d, ds, s, ss, len| {
            // SAFETY: the rows are in bounds of their views; `self` is exclusive (rule 5), and
            // `src` belongs to a shared view, which cannot overlap memory `self` borrows
            // mutably.
            unsafe { zip_run(d, ds, s, ss, len, &mut f) }
        });
    }
}
