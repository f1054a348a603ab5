//! Views of the same elements under another shape: `reshape` (NumPy's no-copy rule),
//! `flatten`, `squeeze`, `swap_axes`, and `coalesce` (the layout flat kernels want). Each is a
//! view when the layout allows it and a named error otherwise: none of them copies.

use super::{MemViewSlice, MemViewSliceMut};
use crate::error::ViewError;
use crate::layout::{self, Order};
use crate::raw::{DIRECT, RawView};

#[cold]
#[inline(never)]
#[track_caller]
fn fail(err: ViewError) -> ! {
    panic!("{err}")
}

/// `raw`'s elements laid out as `to`, read in `order`.
fn reshaped<T, const N: usize, const M: usize>(
    raw: RawView<T, N>,
    to: [usize; M],
    order: Order,
) -> Result<RawView<T, M>, ViewError> {
    let mut strides = [0; M];
    if !layout::fill_reshape_strides(
        raw.shape(),
        raw.strides(),
        size_of::<T>(),
        &to,
        order,
        &mut strides,
    ) {
        return Err(
            if layout::checked_size(raw.shape()) == layout::checked_size(&to) {
                ViewError::ReshapeNeedsCopy {
                    shape: raw.shape()[..].into(),
                    strides: raw.strides()[..].into(),
                    to: to.into(),
                }
            } else {
                ViewError::ReshapeCount {
                    shape: raw.shape()[..].into(),
                    to: to.into(),
                }
            },
        );
    }
    // SAFETY: the no-copy rule maps the new indices one to one onto the old elements (each run
    // of new axes carves up one contiguous run of old axes), so every element reached is one
    // the view could reach, at the same offsets (rules 1-3, and 5 for a mutable view); the new
    // strides are old strides or their products with extents, whole elements (rule 6); an
    // empty result keeps the aligned pointer; direct (rule 4).
    Ok(unsafe { RawView::from_parts(raw.ptr(), to, strides, [DIRECT; M]) })
}

/// `raw` with its axes of extent 1 dropped.
fn squeezed<T, const N: usize, const M: usize>(
    raw: RawView<T, N>,
) -> Result<RawView<T, M>, ViewError> {
    let kept = raw.shape().iter().filter(|&&e| e != 1).count();
    if kept != M {
        return Err(ViewError::SqueezeRank {
            shape: raw.shape()[..].into(),
            ndim: M,
        });
    }
    let (mut shape, mut strides) = ([0; M], [0; M]);
    let mut k = 0;
    for (&e, &s) in raw.shape().iter().zip(raw.strides()) {
        if e != 1 {
            (shape[k], strides[k]) = (e, s);
            k += 1;
        }
    }
    // SAFETY: the same elements at the same offsets: an axis of extent 1 only ever had index 0
    // (rules 1-3, 5 and 6 carry over); direct (rule 4).
    Ok(unsafe { RawView::from_parts(raw.ptr(), shape, strides, [DIRECT; M]) })
}

/// `raw` in memory order with every run of axes that steps contiguously merged into one, the
/// axes merged away left in front with extent 1.
fn coalesced<T, const N: usize>(raw: RawView<T, N>) -> RawView<T, N> {
    if raw.is_empty() || N == 0 {
        return raw;
    }
    let v = raw.memory_order();
    let (mut shape, mut strides) = ([1; N], [0; N]);
    // Filled from the last (fastest) axis backwards; `k` is the axis being grown.
    let mut k = N - 1;
    (shape[k], strides[k]) = (v.shape()[N - 1], v.strides()[N - 1]);
    for axis in (0..N - 1).rev() {
        let (e, s) = (v.shape()[axis], v.strides()[axis]);
        if e == 1 {
            continue;
        }
        if shape[k] == 1 {
            (shape[k], strides[k]) = (e, s);
        } else if strides[k].checked_mul(shape[k] as isize) == Some(s) {
            shape[k] *= e;
        } else {
            k -= 1;
            (shape[k], strides[k]) = (e, s);
        }
    }
    // SAFETY: memory order reaches the same elements; merging an axis into the next faster one
    // whose stride times extent is its stride enumerates the same offsets (a run of `e * f`
    // steps of the fast stride), so the result reaches exactly the elements `raw` does, each
    // once if `raw` did (rules 1-3 and 5); strides are `raw`'s (rule 6); direct (rule 4).
    unsafe { RawView::from_parts(v.ptr(), shape, strides, [DIRECT; N]) }
}

/// `raw` with axis `take` merged into axis `into` (see `try_merge_axes`).
fn merged<T, const N: usize>(
    raw: RawView<T, N>,
    take: usize,
    into: usize,
) -> Result<RawView<T, N>, ViewError> {
    for axis in [take, into] {
        if axis >= N {
            return Err(ViewError::AxisOutOfRange { axis, ndim: N });
        }
    }
    let (mut shape, mut strides) = (*raw.shape(), *raw.strides());
    if take == into || shape[take] == 1 {
        return Ok(raw);
    }
    let joins = raw.is_empty()
        || shape[into] == 1
        || strides[into].checked_mul(shape[into] as isize) == Some(strides[take]);
    let total = shape[take].checked_mul(shape[into]);
    let (Some(total), true) = (total, joins) else {
        let mut to = shape;
        to[into] = shape[take].saturating_mul(shape[into]);
        to[take] = 1;
        return Err(ViewError::ReshapeNeedsCopy {
            shape: shape[..].into(),
            strides: strides[..].into(),
            to: to[..].into(),
        });
    };
    if shape[into] == 1 {
        strides[into] = strides[take];
    }
    (shape[into], shape[take]) = (total, 1);
    // SAFETY: index `(t, i)` of the two axes reached offset `t·stride[take] + i·stride[into]`
    // = `(t·extent[into] + i)·stride[into]`, so the merged axis reaches the same offsets in the
    // same order, each once (rules 1-3 and 5); its stride is `into`'s, or `take`'s when `into`
    // had extent 1 (rule 6); an empty view reaches nothing; direct (rule 4).
    Ok(unsafe { RawView::from_parts(raw.ptr(), shape, strides, [DIRECT; N]) })
}

macro_rules! reshape_views {
    ($ty:ident, $setup:literal, $view:literal) => {
        impl<'a, T, const N: usize> $ty<'a, T, N> {
            /// The same elements as `shape`, read in C order: NumPy's `a.reshape(shape)` when
            /// that gives a view (see [`layout::reshape_strides`] for the rule).
            ///
            /// # Errors
            ///
            /// [`ViewError::ReshapeCount`] if the element counts differ;
            /// [`ViewError::ReshapeNeedsCopy`] where NumPy would copy.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::{s, ViewError};
            #[doc = $setup]
            #[doc = concat!("let m = ", $view, ".try_reshape([2, 6]).unwrap(); // a.reshape(2, 6)")]
            /// assert_eq!((m.strides(), m[[1, 0]]), (&[48, 8], 6.0));
            #[doc = concat!("let cols = ", $view, ".slice(s![.., 1..3]); // a[:, 1:3]: two blocks")]
            /// assert!(matches!(cols.try_reshape([6]), Err(ViewError::ReshapeNeedsCopy { .. })));
            /// ```
            #[inline]
            pub fn try_reshape<const M: usize>(
                self,
                shape: [usize; M],
            ) -> Result<$ty<'a, T, M>, ViewError> {
                self.try_reshape_in(shape, Order::C)
            }

            /// [`try_reshape`](Self::try_reshape), panicking on error.
            ///
            /// # Panics
            ///
            /// If the counts differ or the layout would need a copy; the message names both
            /// shapes (and the strides).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            #[doc = concat!("assert_eq!(", $view, ".reshape([4, 3])[[3, 2]], 11.0);")]
            /// ```
            #[inline]
            #[track_caller]
            pub fn reshape<const M: usize>(self, shape: [usize; M]) -> $ty<'a, T, M> {
                self.try_reshape(shape).unwrap_or_else(|e| fail(e))
            }

            /// The same elements as `shape`, read and laid out in `order`: NumPy's
            /// `a.reshape(shape, order=...)` when that gives a view.
            ///
            /// # Errors
            ///
            /// As [`try_reshape`](Self::try_reshape).
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::layout::Order;
            #[doc = $setup]
            /// // a.T.reshape(12, order="F") reads a.T in Fortran order: a's memory order.
            #[doc = concat!("let flat = ", $view, ".t().try_reshape_in([12], Order::F).unwrap();")]
            /// assert_eq!((flat.strides(), flat[[5]]), (&[8], 5.0));
            /// ```
            #[inline]
            pub fn try_reshape_in<const M: usize>(
                self,
                shape: [usize; M],
                order: Order,
            ) -> Result<$ty<'a, T, M>, ViewError> {
                reshaped(self.raw, shape, order).map($ty::from_raw)
            }

            /// The elements as one axis in C order, when that is a view (NumPy's `a.ravel()`
            /// when it does not copy).
            ///
            /// # Errors
            ///
            /// [`ViewError::ReshapeNeedsCopy`] if the elements are not one evenly strided run
            /// in C order.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::s;
            #[doc = $setup]
            #[doc = concat!("let evens = ", $view, ".slice(s![.., ..;2]); // one run, 16 bytes apart")]
            /// let flat = evens.try_flatten().unwrap();
            /// assert_eq!((flat.strides(), flat[[5]]), (&[16], 10.0));
            #[doc = concat!("assert!(", $view, ".slice(s![..;2, ..]).try_flatten().is_err()); // rows 0, 2")]
            #[doc = concat!("assert!(", $view, ".t().try_flatten().is_err());")]
            /// ```
            #[inline]
            pub fn try_flatten(self) -> Result<$ty<'a, T, 1>, ViewError> {
                let size = self.size();
                self.try_reshape([size])
            }

            /// The view without its axes of extent 1 (NumPy's `a.squeeze()`); `M` is the
            /// number of the others.
            ///
            /// # Errors
            ///
            /// [`ViewError::SqueezeRank`] if that number is not `M`.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::s;
            #[doc = $setup]
            #[doc = concat!("let c = ", $view, ".slice(s![.., 2..3]).try_squeeze::<1>().unwrap();")]
            /// assert_eq!((c.shape(), c[[2]]), (&[3], 10.0));
            #[doc = concat!("assert!(", $view, ".slice(s![.., 2..3]).try_squeeze::<2>().is_err());")]
            /// ```
            #[inline]
            pub fn try_squeeze<const M: usize>(self) -> Result<$ty<'a, T, M>, ViewError> {
                squeezed(self.raw).map($ty::from_raw)
            }

            /// Axes `a` and `b` exchanged (NumPy's `a.swapaxes(a, b)`).
            ///
            /// # Errors
            ///
            /// [`ViewError::AxisOutOfRange`] if either is not below `N`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            #[doc = concat!("let w = ", $view, ".try_swap_axes(0, 1).unwrap();")]
            /// assert_eq!((w.shape(), w[[3, 1]]), (&[4, 3], 7.0));
            /// ```
            #[inline]
            pub fn try_swap_axes(self, a: usize, b: usize) -> Result<Self, ViewError> {
                let ndim = N;
                for axis in [a, b] {
                    if axis >= ndim {
                        return Err(ViewError::AxisOutOfRange { axis, ndim });
                    }
                }
                let mut axes: [usize; N] = std::array::from_fn(|k| k);
                axes.swap(a, b);
                self.try_permute_axes(axes)
            }

            /// Axis `take` merged into axis `into` (ndarray's `merge_axes`), when `take` steps
            /// over whole runs of `into` (`stride[take] == stride[into] * extent[into]`): `into`
            /// then spans both and `take` is left with extent 1. An axis of extent 1 merges into
            /// anything, and anything into an empty view.
            ///
            /// # Errors
            ///
            /// [`ViewError::AxisOutOfRange`] for an axis not below `N`;
            /// [`ViewError::ReshapeNeedsCopy`] (naming the merged shape) if the two axes do not
            /// step as one.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = $setup]
            #[doc = concat!("let m = ", $view, ".try_merge_axes(0, 1).unwrap();")]
            /// assert_eq!((m.shape(), m.strides(), m[[0, 7]]), (&[1, 12], &[32, 8], 7.0));
            #[doc = concat!("assert!(", $view, ".try_merge_axes(1, 0).is_err()); // rows do not step over columns")]
            /// ```
            #[inline]
            pub fn try_merge_axes(self, take: usize, into: usize) -> Result<Self, ViewError> {
                merged(self.raw, take, into).map($ty::from_raw)
            }

            /// The same elements in memory order, with every run of axes that steps
            /// contiguously merged into one; the axes merged away come first, with extent 1.
            /// Negative strides are flipped and axes sorted by stride first, as NumPy's
            /// iterator does internally: the fewest, longest loops over the same elements, for
            /// kernels whose result does not depend on the order (sums, fills, maps).
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::s;
            #[doc = $setup]
            #[doc = concat!("let back = ", $view, ".slice(s![..;-1, ..]).t(); // rows reversed, transposed")]
            /// let c = back.coalesce();
            /// assert_eq!((c.shape(), c.strides()), (&[1, 12], &[0, 8]));
            /// assert!(c.is_c_contiguous());
            /// ```
            #[inline]
            pub fn coalesce(self) -> Self {
                $ty::from_raw(coalesced(self.raw))
            }
        }
    };
}

reshape_views!(
    MemViewSlice,
    "let data: Vec<f64> = (0..12).map(f64::from).collect();",
    "memslice_core::MemViewSlice::from_slice(&data, [3, 4]).unwrap()"
);
reshape_views!(
    MemViewSliceMut,
    "let mut data: Vec<f64> = (0..12).map(f64::from).collect();",
    "memslice_core::MemViewSliceMut::from_slice(&mut data, [3, 4]).unwrap()"
);
