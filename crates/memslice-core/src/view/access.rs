//! Shape queries and element access: `get` (checked, `Option`), `Index` (checked, panics with
//! the index and the shape), `get_unchecked` (`unsafe`), and Python-style wrap-around.

use std::ops::{Index, IndexMut};

use super::{MemViewSlice, MemViewSliceMut};
use crate::layout;
use crate::raw::RawView;

/// Wraps Python-style indices (negative counts from the end); `None` if any is out of range.
#[inline]
fn wrap_all<T, const N: usize>(raw: &RawView<T, N>, index: [isize; N]) -> Option<[usize; N]> {
    let mut out = [0; N];
    for k in 0..N {
        out[k] = raw.wrap_index(k, index[k]).ok()?;
    }
    Some(out)
}

/// The panic of a failed bounds check, in NumPy's words.
///
/// It takes the failing axis, its index and the shape, all by value. By value, because a
/// reference would make the caller's copies escape, and LLVM would then reload the view's fields
/// after every store through a view. Not the whole index, because a check whose panic needs only
/// values fixed in a loop (the outer loop's index, the shape) can be hoisted out of the loop,
/// and one that needs the inner index cannot: the whole index would pin every check in place.
#[cold]
#[inline(never)]
#[track_caller]
fn out_of_bounds<const N: usize>(axis: usize, index: usize, shape: [usize; N]) -> ! {
    panic!(
        "index {index} is out of bounds for axis {axis} with extent {} (shape {shape:?})",
        shape[axis]
    )
}

/// `out_of_bounds` for a fixed axis: a distinct function per axis (see `checked_ptr`).
#[cold]
#[inline(never)]
#[track_caller]
fn out_of_bounds_on<const AXIS: usize, const N: usize>(index: usize, shape: [usize; N]) -> ! {
    out_of_bounds(AXIS, index, shape)
}

/// Panics, naming the axis, its index and the shape, unless `index` is inside `shape`.
#[inline(always)]
#[track_caller]
// Indexed, not zipped: the zipped loop measured to cost K7's vectorisation (`benches/kernels`).
#[allow(clippy::needless_range_loop)]
pub(crate) fn check_index<const N: usize>(index: &[usize; N], shape: &[usize; N]) {
    for axis in 0..N {
        if index[axis] >= shape[axis] {
            // One callee per axis (the loop is unrolled, so the match folds away): identical
            // calls from two checks would be merged into one block that takes the inner index
            // too, and then neither check could leave its loop.
            let (i, shape) = (index[axis], *shape);
            match axis {
                0 => out_of_bounds_on::<0, N>(i, shape),
                1 => out_of_bounds_on::<1, N>(i, shape),
                2 => out_of_bounds_on::<2, N>(i, shape),
                3 => out_of_bounds_on::<3, N>(i, shape),
                _ => out_of_bounds(axis, i, shape),
            }
        }
    }
}

/// The address of `index`, or a panic naming the index and the shape.
#[inline(always)]
#[track_caller]
fn checked_ptr<T, const N: usize>(raw: &RawView<T, N>, index: [usize; N]) -> *mut T {
    check_index(&index, raw.shape());
    // SAFETY: `index` was just checked to be in bounds.
    unsafe { raw.ptr_at(&index) }.as_ptr()
}

/// Shape queries, identical for both view types.
macro_rules! accessors {
    ($ty:ident, $setup:literal) => {
        impl<'a, T, const N: usize> $ty<'a, T, N> {
            /// The extent of every axis.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert_eq!(v.shape(), &[3, 4]);
            /// ```
            #[inline]
            pub fn shape(&self) -> &[usize; N] {
                self.raw.shape()
            }

            /// The distance between neighbours along every axis, in **bytes** (buffer protocol).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert_eq!(v.strides(), &[32, 8]);
            /// ```
            #[inline]
            pub fn strides(&self) -> &[isize; N] {
                self.raw.strides()
            }

            /// The buffer protocol's suboffsets: negative for a direct axis (all axes, for now).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert!(v.suboffsets().iter().all(|&s| s < 0));
            /// ```
            #[inline]
            pub fn suboffsets(&self) -> &[isize; N] {
                self.raw.suboffsets()
            }

            /// The number of axes, `N`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert_eq!(v.ndim(), 2);
            /// ```
            #[inline]
            pub const fn ndim(&self) -> usize {
                N
            }

            /// The extent of axis 0, Python's `len(view)`. A 0-dimensional view holds one
            /// element, so its `len` is 1 (Python raises `TypeError` instead). As in NumPy, a view
            /// can have a non-zero `len` and still be empty (shape `[3, 0]`).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert_eq!(v.len(), 3);
            /// ```
            #[inline]
            pub fn len(&self) -> usize {
                self.raw.shape().first().copied().unwrap_or(1)
            }

            /// The number of elements.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert_eq!(v.size(), 12);
            /// ```
            #[inline]
            pub fn size(&self) -> usize {
                self.raw.size()
            }

            /// The size of one element in bytes, `size_of::<T>()`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert_eq!(v.itemsize(), 8);
            /// ```
            #[inline]
            pub const fn itemsize(&self) -> usize {
                size_of::<T>()
            }

            /// The bytes the elements would take if contiguous: `size() * itemsize()`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert_eq!(v.nbytes(), 96);
            /// ```
            #[inline]
            pub fn nbytes(&self) -> usize {
                self.size() * size_of::<T>()
            }

            /// Whether the view has no element (some extent is 0).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert!(!v.is_empty());
            /// ```
            #[inline]
            pub fn is_empty(&self) -> bool {
                self.raw.is_empty()
            }

            /// The address of the element at index `[0, …, 0]` (unspecified, but non-null and
            /// aligned, for an empty view).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert_eq!(v.as_ptr(), &v[[0, 0]] as *const f64);
            /// ```
            #[inline]
            pub fn as_ptr(&self) -> *const T {
                self.raw.ptr().as_ptr()
            }

            /// Whether the view is C-contiguous by CPython's `PyBuffer_IsContiguous(view, 'C')`
            /// rules: extent-1 strides are ignored, empty views are contiguous.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert!(v.is_c_contiguous());
            /// ```
            #[inline]
            pub fn is_c_contiguous(&self) -> bool {
                layout::is_c_contiguous(self.raw.shape(), self.raw.strides(), size_of::<T>())
            }

            /// Whether the view is Fortran-contiguous by CPython's rules.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert!(!v.is_f_contiguous());
            /// ```
            #[inline]
            pub fn is_f_contiguous(&self) -> bool {
                layout::is_f_contiguous(self.raw.shape(), self.raw.strides(), size_of::<T>())
            }

            /// Whether the view is C- or Fortran-contiguous (CPython's `'A'`).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            /// assert!(v.is_contiguous());
            /// ```
            #[inline]
            pub fn is_contiguous(&self) -> bool {
                self.is_c_contiguous() || self.is_f_contiguous()
            }
        }

        impl<T, const N: usize> Index<[usize; N]> for $ty<'_, T, N> {
            type Output = T;

            /// The element at `index`.
            ///
            /// # Panics
            ///
            /// If `index` is out of bounds; the message names the index and the shape.
            #[inline]
            #[track_caller]
            fn index(&self, index: [usize; N]) -> &T {
                // SAFETY: `checked_ptr` returns only in-bounds element addresses, valid for reads
                // while `self` is borrowed (rule 2).
                unsafe { &*checked_ptr(&self.raw, index) }
            }
        }
    };
}

accessors!(
    MemViewSlice,
    "let data: Vec<f64> = (0..12).map(f64::from).collect();\n\
     let v = memslice_core::MemViewSlice::from_slice(&data, [3, 4]).unwrap();"
);
accessors!(
    MemViewSliceMut,
    "let mut data: Vec<f64> = (0..12).map(f64::from).collect();\n\
     let v = memslice_core::MemViewSliceMut::from_slice(&mut data, [3, 4]).unwrap();"
);

impl<'a, T, const N: usize> MemViewSlice<'a, T, N> {
    /// The element at `index`, or `None` if it is out of bounds; the reference lives as long as
    /// the memory, not just this view value.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4];
    /// let v = MemViewSlice::from_slice(&data, [2, 2]).unwrap();
    /// assert_eq!(v.get([1, 0]), Some(&3));
    /// assert_eq!(v.get([0, 2]), None);
    /// ```
    #[inline]
    pub fn get(&self, index: [usize; N]) -> Option<&'a T> {
        if self.raw.contains(&index) {
            // SAFETY: in bounds, and the memory is borrowed shared for 'a (rule 2).
            Some(unsafe { self.raw.elem(&index) })
        } else {
            None
        }
    }

    /// The element at `index` with Python's wrap-around: a negative index counts from the end of
    /// its axis (Cython's `wraparound=True`). `None` if out of range after wrapping.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert_eq!(v.get_wraparound([-1, -1]), Some(&6));
    /// assert_eq!(v.get_wraparound([0, -3]), Some(&1));
    /// assert_eq!(v.get_wraparound([0, -4]), None);
    /// ```
    #[inline]
    pub fn get_wraparound(&self, index: [isize; N]) -> Option<&'a T> {
        self.get(wrap_all(&self.raw, index)?)
    }

    /// The element at `index` without a bounds check.
    ///
    /// # Safety
    ///
    /// `index[k] < self.shape()[k]` for every axis `k` (checked by `debug_assert!` in debug
    /// builds).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1, 2, 3, 4];
    /// let v = MemViewSlice::from_slice(&data, [2, 2]).unwrap();
    /// // SAFETY: [1, 1] is inside the 2x2 shape.
    /// assert_eq!(unsafe { *v.get_unchecked([1, 1]) }, 4);
    /// ```
    #[inline(always)]
    pub unsafe fn get_unchecked(&self, index: [usize; N]) -> &'a T {
        // SAFETY: the caller promises `index` is in bounds; rule 2 makes the element readable
        // for 'a.
        unsafe { self.raw.elem(&index) }
    }
}

impl<'a, T, const N: usize> MemViewSliceMut<'a, T, N> {
    /// The element at `index`, or `None` if it is out of bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3, 4];
    /// let m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// assert_eq!(m.get([1, 0]), Some(&3));
    /// assert_eq!(m.get([2, 0]), None);
    /// ```
    #[inline]
    pub fn get(&self, index: [usize; N]) -> Option<&T> {
        if self.raw.contains(&index) {
            // SAFETY: in bounds, so the element is readable (rule 2) while `self` is borrowed.
            Some(unsafe { self.raw.elem(&index) })
        } else {
            None
        }
    }

    /// A mutable reference to the element at `index`, or `None` if it is out of bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3, 4];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// *m.get_mut([0, 1]).unwrap() = 20;
    /// assert!(m.get_mut([0, 2]).is_none());
    /// assert_eq!(data, [1, 20, 3, 4]);
    /// ```
    #[inline]
    pub fn get_mut(&mut self, index: [usize; N]) -> Option<&mut T> {
        if self.raw.contains(&index) {
            // SAFETY: in bounds; the view has exclusive access (rule 5), and `&mut self` keeps
            // any other reference through it from coexisting with this one.
            Some(unsafe { self.raw.elem_mut(&index) })
        } else {
            None
        }
    }

    /// The element at `index` with Python's wrap-around of negative indices.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3];
    /// let m = MemViewSliceMut::from_slice(&mut data, [3]).unwrap();
    /// assert_eq!(m.get_wraparound([-3]), Some(&1));
    /// ```
    #[inline]
    pub fn get_wraparound(&self, index: [isize; N]) -> Option<&T> {
        self.get(wrap_all(&self.raw, index)?)
    }

    /// A mutable reference with Python's wrap-around of negative indices.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [3]).unwrap();
    /// *m.get_wraparound_mut([-1]).unwrap() = 0;
    /// assert_eq!(data, [1, 2, 0]);
    /// ```
    #[inline]
    pub fn get_wraparound_mut(&mut self, index: [isize; N]) -> Option<&mut T> {
        let index = wrap_all(&self.raw, index)?;
        self.get_mut(index)
    }

    /// The element at `index` without a bounds check.
    ///
    /// # Safety
    ///
    /// `index[k] < self.shape()[k]` for every axis `k`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2];
    /// let m = MemViewSliceMut::from_slice(&mut data, [2]).unwrap();
    /// // SAFETY: 1 < 2.
    /// assert_eq!(unsafe { *m.get_unchecked([1]) }, 2);
    /// ```
    #[inline(always)]
    pub unsafe fn get_unchecked(&self, index: [usize; N]) -> &T {
        // SAFETY: in bounds by the caller's promise; readable while `self` is borrowed (rule 2).
        unsafe { self.raw.elem(&index) }
    }

    /// A mutable reference to the element at `index` without a bounds check.
    ///
    /// # Safety
    ///
    /// `index[k] < self.shape()[k]` for every axis `k`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2]).unwrap();
    /// // SAFETY: 0 < 2.
    /// unsafe { *m.get_unchecked_mut([0]) = 5 };
    /// assert_eq!(data, [5, 2]);
    /// ```
    #[inline(always)]
    pub unsafe fn get_unchecked_mut(&mut self, index: [usize; N]) -> &mut T {
        // SAFETY: in bounds by the caller's promise; exclusive by rule 5 and `&mut self`.
        unsafe { self.raw.elem_mut(&index) }
    }

    /// The address of the element at index `[0, …, 0]`, for writing.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2];
    /// let mut m = MemViewSliceMut::from_slice(&mut data, [2]).unwrap();
    /// // SAFETY: the pointer addresses element [0] of the exclusive view.
    /// unsafe { *m.as_mut_ptr() = 7 };
    /// assert_eq!(data, [7, 2]);
    /// ```
    #[inline]
    pub fn as_mut_ptr(&mut self) -> *mut T {
        self.raw.ptr().as_ptr()
    }
}

impl<T, const N: usize> IndexMut<[usize; N]> for MemViewSliceMut<'_, T, N> {
    /// The element at `index`, for writing.
    ///
    /// # Panics
    ///
    /// If `index` is out of bounds; the message names the index and the shape.
    #[inline]
    #[track_caller]
    fn index_mut(&mut self, index: [usize; N]) -> &mut T {
        // SAFETY: `checked_ptr` returns only in-bounds addresses; exclusive by rule 5 and
        // `&mut self`.
        unsafe { &mut *checked_ptr(&self.raw, index) }
    }
}
