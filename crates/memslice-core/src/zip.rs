//! [`Zip`]: up to six views of one shape walked in lock-step, any of them mutable. This is
//! what element-wise kernels use (`y = a·x + y`, masks, maps into an output); the parallel forms
//! live in `par/zip.rs`.
//!
//! The walk goes row by row along the last axis (one row when every part is C-contiguous); a
//! row whose parts are all unit-strided runs as a counted loop over `ptr.add(k)`, which the
//! compiler vectorises.

use std::fmt;

use crate::error::ViewError;
use crate::iter::Cursor;
use crate::{MemViewSlice, MemViewSliceMut};

mod sealed {
    pub trait Sealed {}
}

/// A view that can take part in a [`Zip`]: [`MemViewSlice`] (items `&T`) or
/// [`MemViewSliceMut`] (items `&mut T`). Sealed: the zip relies on the views' invariants.
///
/// # Examples
///
/// ```
/// use memslice_core::{MemViewSlice, ZipPart};
///
/// let data = [1, 2, 3];
/// let v = MemViewSlice::from_slice(&data, [3]).unwrap();
/// assert_eq!(ZipPart::shape(&v), [3]);
/// ```
pub trait ZipPart<const N: usize>: sealed::Sealed + Sized {
    /// The element type.
    type Elem;
    /// What the zip hands to the closure for each element.
    type Item;
    /// The view's shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSlice, ZipPart};
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert_eq!(ZipPart::shape(&v.t()), [3, 2]);
    /// ```
    fn shape(&self) -> [usize; N];
    /// The view's byte strides.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSlice, ZipPart};
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert_eq!(ZipPart::strides(&v.t()), [4, 12]); // bytes
    /// ```
    fn strides(&self) -> [isize; N];
    /// The address of the element at index `[0, …, 0]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSlice, ZipPart};
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// use memslice_core::s;
    /// assert_eq!(ZipPart::base(&v.slice(s![1.., ..])).cast_const(), &data[3] as *const i32);
    /// ```
    fn base(&self) -> *mut Self::Elem;
    /// The item for the element at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` is the address of an in-bounds element of this view, and (for mutable views) no
    /// other item for that element is alive.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSliceMut, ZipPart};
    ///
    /// let mut data = [1, 2, 3];
    /// let m = MemViewSliceMut::from_slice(&mut data, [3]).unwrap();
    /// let p = ZipPart::base(&m);
    /// // SAFETY: `p` is element 0 of `m`, and no other reference to it is alive.
    /// let first: &mut i32 = unsafe { <MemViewSliceMut<'_, i32, 1> as ZipPart<1>>::item(p) };
    /// *first = 10;
    /// assert_eq!(data, [10, 2, 3]);
    /// ```
    unsafe fn item(ptr: *mut Self::Elem) -> Self::Item;
    /// Splits the view along `axis` at `index` (in bounds), as `split_at`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSlice, ZipPart};
    ///
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// let (top, bottom) = ZipPart::split(v, 0, 1);
    /// assert_eq!((top.to_vec(), bottom.to_vec()), (vec![1, 2, 3], vec![4, 5, 6]));
    /// ```
    fn split(self, axis: usize, index: usize) -> (Self, Self);
}

impl<T, const N: usize> sealed::Sealed for MemViewSlice<'_, T, N> {}
impl<T, const N: usize> sealed::Sealed for MemViewSliceMut<'_, T, N> {}

macro_rules! zip_part {
    ($view:ident, $item:ty, |$ptr:ident| $deref:expr) => {
        impl<'a, T, const N: usize> ZipPart<N> for $view<'a, T, N> {
            type Elem = T;
            type Item = $item;
            #[inline]
            fn shape(&self) -> [usize; N] {
                *self.raw.shape()
            }
            #[inline]
            fn strides(&self) -> [isize; N] {
                *self.raw.strides()
            }
            #[inline]
            fn base(&self) -> *mut T {
                self.raw.ptr().as_ptr()
            }
            #[inline(always)]
            unsafe fn item($ptr: *mut T) -> $item {
                // SAFETY: an in-bounds element of a view borrowed for 'a, and for an exclusive
                // view handed out once (the caller's promise).
                unsafe { $deref }
            }
            #[inline]
            fn split(self, axis: usize, index: usize) -> (Self, Self) {
                self.split_at(axis, index)
            }
        }
    };
}

zip_part!(MemViewSlice, &'a T, |ptr| &*ptr);
zip_part!(MemViewSliceMut, &'a mut T, |ptr| &mut *ptr);

/// Up to six views of one shape, walked in lock-step: NumPy's element-wise expressions,
/// ndarray's `Zip`. Build it with [`Zip::from`] and [`and`](Zip::and); run it with `for_each`,
/// `fold`, or (feature `rayon`) `par_for_each` and `par_fold`.
///
/// # Examples
///
/// ```
/// use memslice_core::{MemViewSlice, MemViewSliceMut, Zip};
///
/// let x = [1.0, 2.0, 3.0, 4.0];
/// let mut y = [10.0, 20.0, 30.0, 40.0];
/// let xv = MemViewSlice::from_slice(&x, [2, 2]).unwrap();
/// let yv = MemViewSliceMut::from_slice(&mut y, [2, 2]).unwrap();
/// Zip::from(yv).and(xv.t()).for_each(|y, &x| *y += 2.0 * x); // y += 2 x.T
/// assert_eq!(y, [12.0, 26.0, 34.0, 48.0]);
/// ```
pub struct Zip<P, const N: usize> {
    parts: P,
    shape: [usize; N],
    /// Elements below which a parallel walk does not split a block further.
    grain: usize,
}

/// The default of [`Zip::with_grain`]: about the work that pays for one task hand-off.
///
/// # Examples
///
/// ```
/// use memslice_core::{DEFAULT_GRAIN, MemViewSlice, Zip};
///
/// assert_eq!(DEFAULT_GRAIN, 4096);
/// let data = vec![1_u32; 3 * DEFAULT_GRAIN];
/// let v = MemViewSlice::from_slice(&data, [3, DEFAULT_GRAIN]).unwrap();
/// assert_eq!(Zip::from(v).fold(0, |acc, &x| acc + x), 12_288);
/// // A parallel walk hands out blocks of no fewer than DEFAULT_GRAIN elements, so at most
/// // three here; with_grain(1) would let it cut as finely as it likes. The sum is the same.
/// #[cfg(feature = "rayon")]
/// assert_eq!(Zip::from(v).par_fold(|| 0, |acc, &x| acc + x, |a, b| a + b), 12_288);
/// #[cfg(feature = "rayon")]
/// assert_eq!(Zip::from(v).with_grain(1).par_fold(|| 0, |acc, &x| acc + x, |a, b| a + b), 12_288);
/// ```
pub const DEFAULT_GRAIN: usize = 4096;

impl<P, const N: usize> fmt::Debug for Zip<P, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Zip")
            .field("shape", &self.shape)
            .finish_non_exhaustive()
    }
}

impl<A: ZipPart<N>, const N: usize> Zip<(A,), N> {
    /// A zip of one view; add more with [`and`](Zip::and).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSliceMut, Zip};
    ///
    /// let mut data = [1, 2, 3];
    /// Zip::from(MemViewSliceMut::from_slice(&mut data, [3]).unwrap()).for_each(|x| *x *= 3);
    /// assert_eq!(data, [3, 6, 9]);
    /// ```
    #[inline]
    pub fn from(a: A) -> Self {
        Zip {
            shape: a.shape(),
            parts: (a,),
            grain: DEFAULT_GRAIN,
        }
    }
}

/// One part's address arithmetic during a walk: its base pointer and byte strides.
struct Walk<E, const N: usize> {
    base: *mut E,
    strides: [isize; N],
}

impl<E, const N: usize> Walk<E, N> {
    #[inline]
    fn of<P: ZipPart<N, Elem = E>>(part: &P) -> Self {
        Walk {
            base: part.base(),
            strides: part.strides(),
        }
    }

    /// The address of the element at `index` (where its row starts, when walking rows).
    ///
    /// # Safety
    ///
    /// `index` is in bounds of the part's (non-empty) view.
    #[inline(always)]
    unsafe fn at(&self, index: &[usize; N]) -> *mut E {
        // SAFETY: an in-bounds index of the part's non-empty view (caller).
        unsafe { crate::raw::offset(self.base, index, &self.strides) }
    }

    #[inline]
    fn c_contiguous(&self, shape: &[usize; N]) -> bool {
        crate::layout::is_c_contiguous(shape, &self.strides, size_of::<E>())
    }

    #[inline]
    fn inner_stride(&self) -> isize {
        if N == 0 {
            size_of::<E>() as isize
        } else {
            self.strides[N - 1]
        }
    }
}

macro_rules! zip_arity {
    ($($p:ident: $P:ident),+ ; $next:ident: $Next:ident) => {
        impl<$($P: ZipPart<N>,)+ const N: usize> Zip<($($P,)+), N> {
            /// Adds a view of the same shape.
            ///
            /// # Errors
            ///
            /// [`ViewError::ShapesDiffer`] naming both shapes if they differ.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::{MemViewSlice, ViewError, Zip};
            ///
            /// let (a, b) = ([1, 2, 3, 4], [5, 6, 7]);
            /// let av = MemViewSlice::from_slice(&a, [4]).unwrap();
            /// let bv = MemViewSlice::from_slice(&b, [3]).unwrap();
            /// let err = Zip::from(av).try_and(bv).unwrap_err();
            /// assert!(matches!(err, ViewError::ShapesDiffer { .. }));
            /// assert!(Zip::from(av.slice_axis(0, ..3)).try_and(bv).is_ok()); // a[:3] and b
            /// ```
            #[inline]
            pub fn try_and<$Next: ZipPart<N>>(
                self,
                $next: $Next,
            ) -> Result<Zip<($($P,)+ $Next,), N>, ViewError> {
                if $next.shape() != self.shape {
                    return Err(ViewError::ShapesDiffer {
                        dst: self.shape.into(),
                        src: $next.shape().into(),
                    });
                }
                let ($($p,)+) = self.parts;
                Ok(Zip { shape: self.shape, parts: ($($p,)+ $next,), grain: self.grain })
            }

            /// Adds a view of the same shape.
            ///
            /// # Panics
            ///
            /// If the shapes differ; the message names both.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::{MemViewSlice, MemViewSliceMut, Zip};
            ///
            /// let (x, y) = ([1, 2, 3, 4], [10, 20, 30, 40]);
            /// let mut out = [0; 4];
            /// // out = x + y.T over 2 x 2 views (NumPy: x.reshape(2, 2) + y.reshape(2, 2).T)
            /// Zip::from(MemViewSliceMut::from_slice(&mut out, [2, 2]).unwrap())
            ///     .and(MemViewSlice::from_slice(&x, [2, 2]).unwrap())
            ///     .and(MemViewSlice::from_slice(&y, [2, 2]).unwrap().t())
            ///     .for_each(|o, &x, &y| *o = x + y);
            /// assert_eq!(out, [11, 32, 23, 44]);
            /// ```
            #[inline]
            #[track_caller]
            pub fn and<$Next: ZipPart<N>>(self, $next: $Next) -> Zip<($($P,)+ $Next,), N> {
                match self.try_and($next) {
                    Ok(zip) => zip,
                    Err(err) => panic!("{err}"),
                }
            }
        }
    };
    (@run $($p:ident: $P:ident),+) => {
        impl<$($P: ZipPart<N>,)+ const N: usize> Zip<($($P,)+), N> {
            /// The common shape.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::{MemViewSlice, Zip};
            ///
            /// let data = [0_u8; 6];
            /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
            /// assert_eq!(Zip::from(v).and(v).shape(), &[2, 3]);
            /// ```
            #[inline]
            pub fn shape(&self) -> &[usize; N] {
                &self.shape
            }

            /// Sets the number of elements below which a parallel walk does not split a block
            /// further (at least 1; default [`DEFAULT_GRAIN`]), so small views do not pay for
            /// task hand-offs.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::{MemViewSlice, MemViewSliceMut, Zip};
            ///
            /// let x: Vec<u64> = (0..100).collect();
            /// let mut y = vec![0_u64; 100];
            /// // A costly kernel over few elements: blocks of 10 let every thread get work.
            /// let zip = Zip::from(MemViewSliceMut::from_slice(&mut y, [100]).unwrap())
            ///     .and(MemViewSlice::from_slice(&x, [100]).unwrap())
            ///     .with_grain(10);
            /// #[cfg(feature = "rayon")]
            /// zip.par_for_each(|y, &x| *y = (0..x).sum());
            /// #[cfg(not(feature = "rayon"))] // the grain matters to parallel walks only
            /// zip.for_each(|y, &x| *y = (0..x).sum());
            /// assert_eq!((y[0], y[4], y[99]), (0, 6, 4851)); // y[i] = 0 + 1 + ... + (i - 1)
            /// ```
            #[inline]
            pub fn with_grain(mut self, grain: usize) -> Self {
                self.grain = grain.max(1);
                self
            }

            /// The grain set by [`with_grain`](Self::with_grain).
            #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // used by the parallel producers
            #[inline]
            pub(crate) fn grain(&self) -> usize {
                self.grain
            }

            /// Calls `f` with the items at every index, row by row in C order.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::{MemViewSlice, Zip};
            ///
            /// let data = [1, 2, 3, 4, 5, 6];
            /// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
            /// let mut seen = Vec::new();
            /// Zip::from(v.t()).for_each(|&x| seen.push(x)); // a.T in C order
            /// assert_eq!(seen, [1, 4, 2, 5, 3, 6]);
            /// ```
            #[inline]
            pub fn for_each(self, mut f: impl FnMut($($P::Item),+)) {
                self.fold((), |(), $($p),+| f($($p),+));
            }

            /// Folds the items at every index into an accumulator, row by row in C order.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::{MemViewSlice, Zip};
            ///
            /// let (x, y) = ([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]);
            /// let (xv, yv) = (MemViewSlice::from_slice(&x, [3]).unwrap(), MemViewSlice::from_slice(&y, [3]).unwrap());
            /// let dot = Zip::from(xv).and(yv).fold(0.0, |acc, &x, &y| acc + x * y); // np.dot(x, y)
            /// assert_eq!(dot, 32.0);
            /// ```
            #[inline]
            pub fn fold<Acc>(self, init: Acc, mut f: impl FnMut(Acc, $($P::Item),+) -> Acc) -> Acc {
                let shape = self.shape;
                if shape.contains(&0) {
                    return init;
                }
                let ($($p,)+) = self.parts;
                $(let $p = Walk::of(&$p);)+
                // Folds `len` elements from the given row starts, each part at its stride.
                let mut run = |mut acc: Acc, len: usize, $($p: (*mut $P::Elem, isize)),+| -> Acc {
                    if $($p.1 == size_of::<$P::Elem>() as isize)&&+ {
                        for k in 0..len {
                            // SAFETY: element k of each row is in bounds (unit stride).
                            $(let $p = unsafe { $p.0.add(k) };)+
                            // SAFETY: in bounds; each index is visited once, so mutable items
                            // never alias (rule 5 of each mutable part).
                            acc = f(acc, $(unsafe { $P::item($p) }),+);
                        }
                    } else {
                        for k in 0..len {
                            // SAFETY: element k of each row is in bounds.
                            $(let $p = unsafe { crate::raw::offset($p.0, &[k], &[$p.1]) };)+
                            // SAFETY: as above.
                            acc = f(acc, $(unsafe { $P::item($p) }),+);
                        }
                    }
                    acc
                };
                if N == 0 || ($($p.c_contiguous(&shape))&&+) {
                    let size = shape.iter().product();
                    return run(init, size, $(($p.base, size_of::<$P::Elem>() as isize)),+);
                }
                let mut starts = shape;
                starts[N - 1] = 1;
                let mut cursor = Cursor::new(starts);
                let mut acc = init;
                while let Some(start) = cursor.pop_front() {
                    // SAFETY: `start` has every component in bounds (the last is 0 and the
                    // axis is non-empty), in every part since they share the shape.
                    acc = run(acc, shape[N - 1], $((unsafe { $p.at(&start) }, $p.inner_stride())),+);
                }
                acc
            }

            /// Splits every part along `axis` at `index`.
            #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // used by the parallel producers
            #[inline]
            pub(crate) fn split(self, axis: usize, index: usize) -> (Self, Self) {
                let ($($p,)+) = self.parts;
                $(let $p = $p.split(axis, index);)+
                let (mut left, mut right) = (self.shape, self.shape);
                left[axis] = index;
                right[axis] -= index;
                let grain = self.grain;
                (
                    Zip { shape: left, parts: ($($p.0,)+), grain },
                    Zip { shape: right, parts: ($($p.1,)+), grain },
                )
            }

            /// Where a parallel split cuts: the middle of the outermost axis longer than 1.
            #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // used by the parallel producers
            #[inline]
            pub(crate) fn split_point(&self) -> Option<(usize, usize)> {
                let axis = self.shape.iter().position(|&e| e > 1)?;
                Some((axis, self.shape[axis] / 2))
            }

            /// The number of index positions.
            #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // used by the parallel producers
            #[inline]
            pub(crate) fn size(&self) -> usize {
                // A zero first: an empty shape's other extents may overflow on their own.
                if self.shape.contains(&0) {
                    0
                } else {
                    self.shape.iter().product()
                }
            }
        }
    };
}

zip_arity!(a: A; b: B);
zip_arity!(a: A, b: B; c: C);
zip_arity!(a: A, b: B, c: C; d: D);
zip_arity!(a: A, b: B, c: C, d: D; e: E);
zip_arity!(a: A, b: B, c: C, d: D, e: E; f: F);
zip_arity!(@run a: A);
zip_arity!(@run a: A, b: B);
zip_arity!(@run a: A, b: B, c: C);
zip_arity!(@run a: A, b: B, c: C, d: D);
zip_arity!(@run a: A, b: B, c: C, d: D, e: E);
zip_arity!(@run a: A, b: B, c: C, d: D, e: E, f: F);
