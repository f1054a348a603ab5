//! Zero-copy conversions between memslice's views and ndarray's (feature `ndarray`).
//!
//! [`MemViewSlice<'a, T, N>`](MemViewSlice) ⇄ `ArrayView<'a, T, Dim<[usize; N]>>` and
//! [`MemViewSliceMut`] ⇄ `ArrayViewMut`, for ranks 0 to 6 (ndarray's fixed dimensions). Both
//! ways are `From`, because neither can fail. Views of any rank also go to ndarray's
//! dynamic-rank `ArrayViewD` / `ArrayViewMutD` (`From`; ndarray keeps more than four extents
//! of an `IxDyn` on the heap, its own allocation, not memslice's), and come back with
//! `TryFrom`, which checks the rank ([`ViewError::RankMismatch`]). No conversion fails otherwise: a memslice view is direct and steps whole elements
//! (so its byte strides divide into element strides), and an ndarray view lies inside one
//! allocation (so its element strides multiply into byte strides that fit `isize`). The
//! lifetime and the mutability carry over; negative strides are kept (ndarray's view is built
//! over the same elements with positive strides, then those axes are flipped back with
//! `invert_axis`). Strides of axes of extent 0 or 1 are never used to reach an element and come
//! out as 0.
//!
//! ```
//! use memslice_core::{s, MemViewSlice};
//! use ndarray::ArrayView2;
//!
//! let data: Vec<f64> = (0..12).map(f64::from).collect();
//! let v = MemViewSlice::from_slice(&data, [3, 4]).unwrap().slice(s![..;-1, 1..;2]);
//! let a: ArrayView2<'_, f64> = v.into();
//! assert_eq!(a, ndarray::arr2(&[[9.0, 11.0], [5.0, 7.0], [1.0, 3.0]]));
//! assert_eq!(a.strides(), &[-4, 2]); // elements, where memslice says [-32, 16] bytes
//! let back = MemViewSlice::from(a);
//! assert_eq!((back.strides(), back[[0, 1]]), (&[-32, 16], 11.0));
//! // Dynamic rank: any N out, N checked on the way back.
//! let d: ndarray::ArrayViewD<'_, f64> = v.into();
//! assert_eq!((d.ndim(), d[[2, 1]]), (2, 3.0));
//! assert!(MemViewSlice::<f64, 3>::try_from(d).is_err());
//! ```

use std::ptr::NonNull;

use ndarray::{
    ArrayView, ArrayViewD, ArrayViewMut, ArrayViewMutD, Axis, Dim, Dimension, IntoDimension, IxDyn,
    ShapeBuilder,
};

use crate::{MemViewSlice, MemViewSliceMut, ViewError};

/// Element strides of a memslice layout, and whether each is negative: strides of axes that are
/// never stepped (extent 0 or 1, every axis of an empty view, any axis of zero-sized elements)
/// are 0.
fn element_strides<T, const N: usize>(
    shape: &[usize; N],
    strides: &[isize; N],
) -> ([usize; N], [bool; N]) {
    let size = size_of::<T>() as isize;
    let empty = shape.contains(&0);
    let mut out = [0; N];
    let mut flip = [false; N];
    for k in 0..N {
        if size > 0 && !empty && shape[k] > 1 {
            // Whole elements by the view's invariant (rule 6).
            let s = strides[k] / size;
            out[k] = s.unsigned_abs();
            flip[k] = s < 0;
        }
    }
    (out, flip)
}

/// The address of the element with the lowest address: `ptr` moved to the far end of every
/// flipped axis.
///
/// # Safety
///
/// `ptr`, `shape` and `strides` are those of a non-empty memslice view, or `flip` is all false.
unsafe fn lowest<T, const N: usize>(
    ptr: *mut T,
    shape: &[usize; N],
    strides: &[isize; N],
    flip: &[bool; N],
) -> *mut T {
    let mut index = [0; N];
    for k in 0..N {
        if flip[k] {
            index[k] = shape[k] - 1;
        }
    }
    // SAFETY: an in-bounds index of a non-empty view (caller), or the origin itself.
    unsafe { crate::raw::offset(ptr, &index, strides) }
}

/// Byte strides of an ndarray layout: element strides times the itemsize on the axes that are
/// stepped, 0 on the others.
fn byte_strides<T, const N: usize>(shape: &[usize], strides: &[isize]) -> [isize; N] {
    let size = size_of::<T>() as isize;
    let empty = shape.contains(&0);
    std::array::from_fn(|k| {
        if empty || shape[k] <= 1 {
            0
        } else {
            // The axis spans `(extent - 1) * |stride|` elements of one allocation, which is at
            // most isize::MAX bytes, so this product cannot overflow.
            strides[k] * size
        }
    })
}

/// An aligned, non-null pointer for a view built from ndarray: its own, unless the view is
/// empty and its pointer is not aligned (ndarray only promises non-null there).
fn view_pointer<T>(ptr: *mut T, empty: bool) -> *mut T {
    if empty && !ptr.is_aligned() {
        NonNull::<T>::dangling().as_ptr()
    } else {
        ptr
    }
}

/// The parts of an ndarray view of a memslice layout: the lowest element, the element strides
/// (non-negative) and the axes to invert back afterwards.
///
/// # Safety
///
/// `ptr`, `shape` and `strides` are those of one memslice view.
unsafe fn ndarray_parts<T, const N: usize>(
    ptr: *mut T,
    shape: &[usize; N],
    strides: &[isize; N],
) -> (*mut T, [usize; N], [bool; N]) {
    let (steps, flip) = element_strides::<T, N>(shape, strides);
    // SAFETY: the parts are a memslice view's (caller), and `flip` is all false unless that
    // view is non-empty (`element_strides`): `lowest`'s precondition.
    let low = unsafe { lowest(ptr, shape, strides, &flip) };
    (low, steps, flip)
}

/// The parts of a memslice view of an ndarray layout with `N` axes: shape, byte strides and an
/// aligned pointer.
fn memslice_parts<T, const N: usize>(
    ptr: *mut T,
    shape: &[usize],
    strides: &[isize],
) -> (*mut T, [usize; N], [isize; N]) {
    let dims: [usize; N] = std::array::from_fn(|k| shape[k]);
    let bytes = byte_strides::<T, N>(shape, strides);
    (view_pointer(ptr, dims.contains(&0)), dims, bytes)
}

/// Inverts the flipped axes of an ndarray view built over the lowest element.
fn flip_back<S: ndarray::RawData, D: Dimension>(a: &mut ndarray::ArrayBase<S, D>, flip: &[bool]) {
    for (k, &f) in flip.iter().enumerate() {
        if f {
            a.invert_axis(Axis(k));
        }
    }
}

/// `Ok` if an ndarray view of `shape` has `N` axes.
fn check_rank<const N: usize>(shape: &[usize]) -> Result<(), ViewError> {
    if shape.len() == N {
        Ok(())
    } else {
        Err(ViewError::RankMismatch {
            shape: shape.into(),
            ndim: N,
        })
    }
}

/// The conversions of one pair of view types, for one ndarray dimension type.
macro_rules! conversions {
    ([$($gen:tt)*] $n:tt, $dim:ty, $shape:ident => $to_dim:expr, $steps:ident => $to_steps:expr) => {
        impl<'a, T, $($gen)*> From<MemViewSlice<'a, T, $n>> for ArrayView<'a, T, $dim> {
            /// The same elements as an ndarray view (see the [module docs](self)).
            fn from(v: MemViewSlice<'a, T, $n>) -> Self {
                let $shape = *v.shape();
                let ptr = v.as_ptr().cast_mut();
                // SAFETY: the pointer, shape and strides of `v`.
                let (low, $steps, flip) = unsafe { ndarray_parts(ptr, &$shape, v.strides()) };
                let dim = $to_dim.strides($to_steps);
                // SAFETY: the view's elements, reached from the lowest one with non-negative
                // element strides, are initialised, aligned and shared for 'a; the pointer is
                // non-null and aligned; offsets stay inside one allocation (rules 1-3 and 6).
                let mut a = unsafe { ArrayView::from_shape_ptr(dim, low.cast_const()) };
                flip_back(&mut a, &flip);
                a
            }
        }

        impl<'a, T, $($gen)*> From<MemViewSliceMut<'a, T, $n>> for ArrayViewMut<'a, T, $dim> {
            /// The same elements as an ndarray view (see the [module docs](self)).
            fn from(mut v: MemViewSliceMut<'a, T, $n>) -> Self {
                let ($shape, strides) = (*v.shape(), *v.strides());
                // SAFETY: the pointer, shape and strides of `v`.
                let (low, $steps, flip) = unsafe { ndarray_parts(v.as_mut_ptr(), &$shape, &strides) };
                let dim = $to_dim.strides($to_steps);
                // SAFETY: as for shared views, and the elements are exclusively borrowed for
                // 'a and pairwise disjoint (rule 5): what a mutable ndarray view requires.
                let mut a = unsafe { ArrayViewMut::from_shape_ptr(dim, low) };
                flip_back(&mut a, &flip);
                a
            }
        }
    };
}

macro_rules! ranks {
    ($($n:literal)*) => {$(
        conversions!([] $n, Dim<[usize; $n]>, shape => shape.into_dimension(),
            steps => steps.into_dimension());

        impl<'a, T> From<ArrayView<'a, T, Dim<[usize; $n]>>> for MemViewSlice<'a, T, $n> {
            /// The same elements as a memslice view (see the [module docs](self)).
            fn from(a: ArrayView<'a, T, Dim<[usize; $n]>>) -> Self {
                let (ptr, shape, strides) =
                    memslice_parts(a.as_ptr().cast_mut(), a.shape(), a.strides());
                // SAFETY: an ndarray view's elements are initialised, aligned and shared for
                // 'a, inside one allocation, at `ptr + Σ i·stride` elements; the byte strides
                // are those, and whole elements (rule 6); the element count fits isize.
                unsafe { MemViewSlice::from_raw_parts(ptr, shape, strides, [-1; $n]) }
            }
        }

        impl<'a, T> From<ArrayViewMut<'a, T, Dim<[usize; $n]>>> for MemViewSliceMut<'a, T, $n> {
            /// The same elements as a memslice view (see the [module docs](self)).
            fn from(mut a: ArrayViewMut<'a, T, Dim<[usize; $n]>>) -> Self {
                let (ptr, shape, strides) = memslice_parts(a.as_mut_ptr(), a.shape(), a.strides());
                // SAFETY: as for shared views, and a mutable ndarray view's elements are
                // exclusively borrowed for 'a and pairwise disjoint (rule 5).
                unsafe { MemViewSliceMut::from_raw_parts(ptr, shape, strides, [-1; $n]) }
            }
        }
    )*};
}

ranks!(0 1 2 3 4 5 6);

conversions!([const N: usize] N, IxDyn, shape => IxDyn(&shape), steps => IxDyn(&steps));

impl<'a, T, const N: usize> TryFrom<ArrayViewD<'a, T>> for MemViewSlice<'a, T, N> {
    type Error = ViewError;

    /// The same elements as a memslice view of rank `N` (see the [module docs](self)).
    ///
    /// # Errors
    ///
    /// [`ViewError::RankMismatch`] unless the ndarray view has `N` axes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSlice, ViewError};
    ///
    /// let a = ndarray::ArrayD::<u8>::zeros(ndarray::IxDyn(&[2, 3]));
    /// let v = MemViewSlice::<u8, 2>::try_from(a.view()).unwrap();
    /// assert_eq!(v.shape(), &[2, 3]);
    /// let e = MemViewSlice::<u8, 3>::try_from(a.view()).unwrap_err();
    /// assert!(matches!(e, ViewError::RankMismatch { ndim: 3, .. }));
    /// ```
    fn try_from(a: ArrayViewD<'a, T>) -> Result<Self, ViewError> {
        check_rank::<N>(a.shape())?;
        let (ptr, shape, strides) = memslice_parts(a.as_ptr().cast_mut(), a.shape(), a.strides());
        // SAFETY: as for the fixed ranks; the rank was just checked.
        Ok(unsafe { MemViewSlice::from_raw_parts(ptr, shape, strides, [-1; N]) })
    }
}

impl<'a, T, const N: usize> TryFrom<ArrayViewMutD<'a, T>> for MemViewSliceMut<'a, T, N> {
    type Error = ViewError;

    /// The same elements as a mutable memslice view of rank `N` (see the [module docs](self)).
    ///
    /// # Errors
    ///
    /// [`ViewError::RankMismatch`] unless the ndarray view has `N` axes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut a = ndarray::ArrayD::<u8>::zeros(ndarray::IxDyn(&[2, 3]));
    /// MemViewSliceMut::<u8, 2>::try_from(a.view_mut()).unwrap()[[1, 2]] = 7;
    /// assert_eq!(a[[1, 2]], 7);
    /// ```
    fn try_from(mut a: ArrayViewMutD<'a, T>) -> Result<Self, ViewError> {
        check_rank::<N>(a.shape())?;
        let (ptr, shape, strides) = memslice_parts(a.as_mut_ptr(), a.shape(), a.strides());
        // SAFETY: as for the fixed ranks; the rank was just checked.
        Ok(unsafe { MemViewSliceMut::from_raw_parts(ptr, shape, strides, [-1; N]) })
    }
}
