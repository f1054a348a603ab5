//! Building views from slices (checked) and from raw parts (`unsafe`).

use std::ptr::NonNull;

use super::{MemViewSlice, MemViewSliceMut};
use crate::error::ViewError;
use crate::layout::{self, Order};
use crate::raw::{DIRECT, RawView};

/// Checks that `shape` has exactly `len` elements and returns its contiguous byte strides.
fn contiguous<T, const N: usize>(
    len: usize,
    shape: [usize; N],
    order: Order,
) -> Result<[isize; N], ViewError> {
    let mut strides = [0; N];
    layout::fill_contiguous_strides(&shape, size_of::<T>(), order, &mut strides).ok_or_else(
        || ViewError::Overflow {
            shape: shape.into(),
            strides: [].into(),
            itemsize: size_of::<T>(),
        },
    )?;
    if layout::checked_size(&shape) != Some(len) {
        return Err(ViewError::ShapeMismatch {
            shape: shape.into(),
            len,
        });
    }
    Ok(strides)
}

/// The view of a whole slice of `len` elements at `base`, laid out contiguously in `order`.
///
/// Built inline, so that a kernel written right after `from_slice` sees the shape and the
/// strides as values: LLVM then proves its bounds checks and its unit strides, which it cannot
/// do through the memory an out-of-line constructor returns them in. Empty and refused shapes
/// are checked out of line, and the shape is never taken from there.
#[inline]
fn whole_slice<T, const N: usize>(
    base: NonNull<T>,
    len: usize,
    shape: [usize; N],
    order: Order,
) -> Result<RawView<T, N>, ViewError> {
    if len == 0 || layout::checked_size(&shape) != Some(len) {
        check_whole_slice::<T, N>(len, shape, order)?;
    }
    // The shape has `len` elements, so every partial product is at most `len` elements of a
    // slice, which span at most isize::MAX bytes: nothing below overflows. (An empty shape
    // passed `contiguous`, whose checked products are these; so did a zero-sized `T`'s.)
    let mut strides = [0; N];
    let mut step = size_of::<T>() as isize;
    for k in 0..N {
        let axis = match order {
            Order::C => N - 1 - k,
            Order::F => k,
        };
        strides[axis] = step;
        // SAFETY: no product overflows (above); saying so lets LLVM fold `stride >> log2(size)`
        // back to the extents a kernel's loops run over.
        step = unsafe { step.unchecked_mul(shape[axis] as isize) };
    }
    // SAFETY: the slice is non-null and aligned (rule 1); the contiguous layout of its `len`
    // elements reaches each exactly once, inside the slice, stepping whole elements (rules 2,
    // 3, 5 and 6), or none when empty; direct (rule 4).
    Ok(unsafe { RawView::from_parts(base, shape, strides, [DIRECT; N]) })
}

/// `whole_slice`'s checks for shapes that are empty or do not match: `contiguous`'s errors.
#[inline(never)]
fn check_whole_slice<T, const N: usize>(
    len: usize,
    shape: [usize; N],
    order: Order,
) -> Result<(), ViewError> {
    contiguous::<T, N>(len, shape, order).map(drop)
}

/// The raw view of `parts` for `from_raw_parts`, with the checks that are cheap enough to make
/// even there.
///
/// # Safety
///
/// As `MemViewSlice::from_raw_parts`.
unsafe fn raw_parts<T, const N: usize>(
    ptr: *mut T,
    shape: [usize; N],
    strides: [isize; N],
    suboffsets: [isize; N],
) -> RawView<T, N> {
    assert!(
        suboffsets.iter().all(|&s| s < 0),
        "suboffsets {suboffsets:?}: indirect dimensions are not supported by from_raw_parts yet"
    );
    // Rule 6 is cheap to check, and the hot path relies on it to step in elements.
    assert!(
        layout::steps_whole_elements(&shape, &strides, size_of::<T>()),
        "strides {strides:?} of shape {shape:?} do not step whole {}-byte elements",
        size_of::<T>()
    );
    debug_assert!(!ptr.is_null(), "from_raw_parts: null pointer");
    // SAFETY: the caller promises a non-null pointer.
    let ptr = unsafe { NonNull::new_unchecked(ptr) };
    // SAFETY: the caller promises rules 1–3 (and 5 for mutable views); rules 4 and 6 were
    // asserted.
    unsafe { RawView::from_parts(ptr, shape, strides, suboffsets) }
}

impl<'a, T, const N: usize> MemViewSlice<'a, T, N> {
    /// A view of `slice` with `shape`, in C (row-major) order.
    ///
    /// # Errors
    ///
    /// [`ViewError::ShapeMismatch`] if the shape's element count differs from `slice.len()`;
    /// [`ViewError::Overflow`] if it does not fit `isize` bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert_eq!(v[[1, 0]], 4);
    /// assert_eq!(v.strides(), &[12, 4]); // bytes
    /// ```
    #[inline]
    pub fn from_slice(slice: &'a [T], shape: [usize; N]) -> Result<Self, ViewError> {
        Self::from_slice_in(slice, shape, Order::C)
    }

    /// A view of `slice` with `shape`, in C or Fortran order.
    ///
    /// # Errors
    ///
    /// As [`from_slice`](Self::from_slice).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{layout::Order, MemViewSlice};
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice_in(&data, [2, 3], Order::F).unwrap();
    /// assert_eq!(v[[1, 0]], 2);
    /// assert_eq!(v[[0, 1]], 3);
    /// ```
    pub fn from_slice_in(
        slice: &'a [T],
        shape: [usize; N],
        order: Order,
    ) -> Result<Self, ViewError> {
        let base = NonNull::from(slice).cast::<T>();
        whole_slice::<T, N>(base, slice.len(), shape, order).map(Self::from_raw)
    }

    /// A view of `slice` with any layout: the first element sits `offset` bytes into the slice,
    /// and axis `k` advances `strides[k]` bytes (negative walks backwards, zero repeats).
    ///
    /// # Errors
    ///
    /// [`ViewError::Misaligned`] if the offset or a stride of an axis longer than 1 is not a
    /// multiple of `size_of::<T>()`; [`ViewError::OutOfBounds`] if any element would lie outside
    /// the slice; [`ViewError::Overflow`] if a size or offset overflows `isize`. An empty view
    /// reaches no element, so its strides may be anything, but its offset must still be a
    /// multiple of the itemsize in `0..=len * itemsize` bytes, one past the end included (NumPy's
    /// `frombuffer` rule); the view then points at the slice's start.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSlice, ViewError};
    ///
    /// let data: Vec<u16> = (0..10).collect();
    /// // Every third element, backwards from index 9: 9, 6, 3, 0.
    /// let v = MemViewSlice::from_slice_strided(&data, [4], [-6], 18).unwrap();
    /// assert_eq!((v[[0]], v[[3]]), (9, 0));
    /// // A broadcast row: zero stride on axis 0.
    /// let b = MemViewSlice::from_slice_strided(&data, [3, 2], [0, 2], 0).unwrap();
    /// assert_eq!(b[[2, 1]], 1);
    /// // One step too far.
    /// let err = MemViewSlice::from_slice_strided(&data, [5], [-6], 18).unwrap_err();
    /// assert!(matches!(err, ViewError::OutOfBounds { .. }));
    /// // An empty view may sit one past the end of the 20 bytes, but no further.
    /// assert!(MemViewSlice::from_slice_strided(&data, [0], [2], 20).is_ok());
    /// assert!(MemViewSlice::from_slice_strided(&data, [0], [2], 22).is_err());
    /// ```
    pub fn from_slice_strided(
        slice: &'a [T],
        shape: [usize; N],
        strides: [isize; N],
        offset: isize,
    ) -> Result<Self, ViewError> {
        let base = NonNull::from(slice).cast::<T>();
        RawView::checked(base, slice.len(), shape, strides, offset, false).map(Self::from_raw)
    }

    /// A view from a pointer and a layout that nobody has checked.
    ///
    /// # Safety
    ///
    /// - `ptr` is non-null and aligned for `T`, also for an empty view.
    /// - Unless some extent is 0, every address `ptr + Σ i[k]·strides[k]` (bytes) for an in-bounds
    ///   index lies, with its `size_of::<T>()` bytes, inside one allocation, is aligned for `T`
    ///   and holds an initialised, valid `T`.
    /// - The number of elements, and every such byte offset, fits `isize`.
    /// - For `'a`, that memory is not written except through `UnsafeCell`, and no `&mut` to it
    ///   exists.
    ///
    /// # Panics
    ///
    /// If any suboffset is non-negative (indirect dimensions are not supported here yet), or, in
    /// a non-empty view, the stride of an axis of extent above 1 is not a multiple of
    /// `size_of::<T>()` (a view steps whole elements).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1.0_f32, 2.0, 3.0, 4.0];
    /// // SAFETY: two rows of two f32 inside `data`, borrowed for the view's lifetime.
    /// let v = unsafe { MemViewSlice::from_raw_parts(data.as_ptr(), [2, 2], [8, 4], [-1, -1]) };
    /// assert_eq!(v[[1, 0]], 3.0);
    /// ```
    pub unsafe fn from_raw_parts(
        ptr: *const T,
        shape: [usize; N],
        strides: [isize; N],
        suboffsets: [isize; N],
    ) -> Self {
        // SAFETY: the caller's promises are `raw_parts`'s preconditions.
        Self::from_raw(unsafe { raw_parts(ptr.cast_mut(), shape, strides, suboffsets) })
    }
}

impl<'a, T, const N: usize> MemViewSliceMut<'a, T, N> {
    /// An exclusive view of `slice` with `shape`, in C (row-major) order.
    ///
    /// # Errors
    ///
    /// [`ViewError::ShapeMismatch`] if the shape's element count differs from `slice.len()`;
    /// [`ViewError::Overflow`] if it does not fit `isize` bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0; 6];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 3]).unwrap();
    /// m[[1, 0]] = 9;
    /// assert_eq!(data, [0, 0, 0, 9, 0, 0]);
    /// ```
    #[inline]
    pub fn from_slice(slice: &'a mut [T], shape: [usize; N]) -> Result<Self, ViewError> {
        Self::from_slice_in(slice, shape, Order::C)
    }

    /// An exclusive view of `slice` with `shape`, in C or Fortran order.
    ///
    /// # Errors
    ///
    /// As [`from_slice`](Self::from_slice).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{layout::Order, MemViewSliceMut};
    ///
    /// let mut data = [0; 6];
    /// let mut m = MemViewSliceMut::from_slice_in(&mut data, [2, 3], Order::F).unwrap();
    /// m[[1, 0]] = 9;
    /// assert_eq!(data, [0, 9, 0, 0, 0, 0]);
    /// ```
    pub fn from_slice_in(
        slice: &'a mut [T],
        shape: [usize; N],
        order: Order,
    ) -> Result<Self, ViewError> {
        let len = slice.len();
        let base = NonNull::from(slice).cast::<T>();
        whole_slice::<T, N>(base, len, shape, order).map(Self::from_raw)
    }

    /// An exclusive view of `slice` with any layout in which no two indices reach one element.
    ///
    /// # Errors
    ///
    /// As [`MemViewSlice::from_slice_strided`], plus [`ViewError::Aliasing`] when the layout
    /// cannot be shown to reach every element through one index only. The check sorts the axes
    /// by stride and asks each stride to exceed the span of the smaller ones: every nested
    /// layout (C, Fortran, permuted, stepped, reversed) passes, empty views always pass, and the
    /// stride of an axis of extent 1 is ignored.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSliceMut, ViewError};
    ///
    /// let mut data = [0_i64; 8];
    /// // The even elements, as a 2x2 matrix in Fortran order.
    /// let mut m = MemViewSliceMut::from_slice_strided(&mut data, [2, 2], [16, 32], 0).unwrap();
    /// m[[1, 1]] = 1;
    /// assert_eq!(data[6], 1);
    /// // A zero stride would hand out one element twice.
    /// let err = MemViewSliceMut::from_slice_strided(&mut data, [2, 2], [0, 8], 0).unwrap_err();
    /// assert!(matches!(err, ViewError::Aliasing { .. }));
    /// // ...but not when the view is empty.
    /// assert!(MemViewSliceMut::from_slice_strided(&mut data, [0, 2], [0, 0], 0).is_ok());
    /// ```
    pub fn from_slice_strided(
        slice: &'a mut [T],
        shape: [usize; N],
        strides: [isize; N],
        offset: isize,
    ) -> Result<Self, ViewError> {
        let len = slice.len();
        let base = NonNull::from(slice).cast::<T>();
        // A zero-sized `T` has no bytes to alias, as with `[(); K]::iter_mut()`.
        let unique = size_of::<T>() > 0;
        RawView::checked(base, len, shape, strides, offset, unique).map(Self::from_raw)
    }

    /// An exclusive view from a pointer and a layout that nobody has checked.
    ///
    /// # Safety
    ///
    /// As [`MemViewSlice::from_raw_parts`], and moreover: no two in-bounds indices reach
    /// overlapping bytes, and for `'a` the memory is accessed only through this view.
    ///
    /// # Panics
    ///
    /// If any suboffset is non-negative (indirect dimensions are not supported here yet), or, in
    /// a non-empty view, the stride of an axis of extent above 1 is not a multiple of
    /// `size_of::<T>()` (a view steps whole elements).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0_u8; 6];
    /// // SAFETY: a 3x2 Fortran-order view of `data`, used exclusively while it lives.
    /// let mut m = unsafe {
    ///     MemViewSliceMut::from_raw_parts(data.as_mut_ptr(), [3, 2], [1, 3], [-1, -1])
    /// };
    /// m[[2, 1]] = 1;
    /// assert_eq!(data, [0, 0, 0, 0, 0, 1]);
    /// ```
    pub unsafe fn from_raw_parts(
        ptr: *mut T,
        shape: [usize; N],
        strides: [isize; N],
        suboffsets: [isize; N],
    ) -> Self {
        // SAFETY: the caller's promises are `raw_parts`'s preconditions, with rule 5.
        Self::from_raw(unsafe { raw_parts(ptr, shape, strides, suboffsets) })
    }
}

/// The extent of the 1-d view of a whole slice of `len` elements.
///
/// A slice spans at most `isize::MAX` bytes, so unless `T` is zero-sized its length already
/// fits rule 3 and this compiles to nothing. A slice of zero-sized elements may be up to
/// `usize::MAX` long, and no view can be: `From` is infallible, so it panics with the error
/// `from_slice` returns.
#[inline]
#[track_caller]
fn whole_slice_extent<T>(len: usize) -> usize {
    if size_of::<T>() == 0 && len > isize::MAX as usize {
        overlong_zst_slice(len);
    }
    len
}

#[cold]
#[track_caller]
fn overlong_zst_slice(len: usize) -> ! {
    let err = ViewError::Overflow {
        shape: [len].into(),
        strides: [].into(),
        itemsize: 0,
    };
    panic!("{err}")
}

impl<'a, T> From<&'a [T]> for MemViewSlice<'a, T, 1> {
    /// The 1-d view of a whole slice.
    ///
    /// # Panics
    ///
    /// Only if `T` is zero-sized and the slice holds more than `isize::MAX` elements, more
    /// than a view may (a slice of other types cannot be that long). [`from_slice`] returns
    /// that case as [`ViewError::Overflow`].
    ///
    /// [`from_slice`]: MemViewSlice::from_slice
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let v = MemViewSlice::from(&[1, 2, 3][..]);
    /// assert_eq!(v.shape(), &[3]);
    /// ```
    #[inline]
    #[track_caller]
    fn from(slice: &'a [T]) -> Self {
        let len = whole_slice_extent::<T>(slice.len());
        // SAFETY: a slice is non-null, aligned, initialised, at most isize::MAX bytes, and
        // borrowed for 'a; its elements are `size_of::<T>()` bytes apart, and there are at
        // most isize::MAX of them (checked above for zero-sized `T`).
        unsafe { Self::from_raw_parts(slice.as_ptr(), [len], [size_of::<T>() as isize], [DIRECT]) }
    }
}

impl<'a, T> From<&'a mut [T]> for MemViewSliceMut<'a, T, 1> {
    /// The 1-d exclusive view of a whole slice.
    ///
    /// # Panics
    ///
    /// As for [`MemViewSlice`]'s `From<&[T]>`: only if `T` is zero-sized and the slice holds
    /// more than `isize::MAX` elements; [`from_slice`] returns that case as
    /// [`ViewError::Overflow`].
    ///
    /// [`from_slice`]: MemViewSliceMut::from_slice
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3];
    /// let mut m = MemViewSliceMut::from(&mut data[..]);
    /// m[[2]] = 0;
    /// assert_eq!(data, [1, 2, 0]);
    /// ```
    #[inline]
    #[track_caller]
    fn from(slice: &'a mut [T]) -> Self {
        let (ptr, len) = (slice.as_mut_ptr(), whole_slice_extent::<T>(slice.len()));
        // SAFETY: as for `&[T]`, and the slice's elements are disjoint and exclusively borrowed.
        unsafe { Self::from_raw_parts(ptr, [len], [size_of::<T>() as isize], [DIRECT]) }
    }
}
