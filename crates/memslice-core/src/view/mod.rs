//! [`MemViewSlice`] and [`MemViewSliceMut`]: the typed, n-dimensional views.
//!
//! Both are thin wrappers around the crate's raw view (pointer, shape, byte strides,
//! suboffsets) plus a lifetime and a mutability; all layout arithmetic lives on the raw view.
//! The files here split the wrappers by concern: `constructors`, `access` (shape queries and
//! element access), `subview` (slicing, indexing axes, permuting, splitting) and `convert`
//! (reborrowing and slices).

mod access;
mod constructors;
mod convert;
mod reshape;
mod subview;

pub(crate) use access::check_index;

use std::marker::PhantomData;

use crate::raw::RawView;

/// A shared, typed, `N`-dimensional view of existing memory: Cython's `T[:, :]`.
///
/// A data pointer plus `shape`, byte `strides` and `suboffsets`, each `[_; N]`; it is `Copy`,
/// never allocates, and borrows the memory for `'a` as `&'a [T]` would.
///
/// # Invariant
///
/// Every value satisfies these rules; every constructor checks them (or, for
/// [`from_raw_parts`](Self::from_raw_parts), makes the caller promise them) and every operation
/// keeps them:
///
/// 1. The data pointer is non-null and aligned for `T`, also when the view is empty.
/// 2. Every element reachable through an in-bounds index (`ptr + Σ i[k]·strides[k]` bytes) is an
///    initialised `T`, aligned, inside one allocation that stays borrowed for `'a`.
/// 3. The number of elements fits `isize`, and so does every such byte offset.
/// 4. Every suboffset is negative (all dimensions are direct).
///
/// Sub-views only select or relabel the parent's indices and move the origin only onto a parent
/// element, so they keep all four; see the crate's `raw` module for the argument in full.
///
/// ```text
///  data: [0 1 2 3 4 5 6 7 8 9 10 11]      shape [3, 4], strides [32, 8] (f64)
///         └─row 0─┘ └─row 1─┘ └─row 2──┘   v[[1, 2]] = *(ptr + 1·32 + 2·8) = 6
/// ```
///
/// # Examples
///
/// ```
/// use memslice_core::{s, MemViewSlice};
///
/// let data: Vec<f64> = (0..12).map(f64::from).collect();
/// let v = MemViewSlice::from_slice(&data, [3, 4]).unwrap();
/// assert_eq!(v[[1, 2]], 6.0);
/// let col = v.slice(s![.., 2]);
/// assert_eq!((col[[0]], col[[1]], col[[2]]), (2.0, 6.0, 10.0));
/// ```
pub struct MemViewSlice<'a, T, const N: usize> {
    pub(crate) raw: RawView<T, N>,
    _borrow: PhantomData<&'a [T]>,
}

/// An exclusive, typed, `N`-dimensional view of existing memory: a mutable Cython memoryview.
///
/// Like [`MemViewSlice`], with one more rule in its invariant:
///
/// 5. No two distinct in-bounds indices reach overlapping bytes, so handing out `&mut T` for
///    each index never aliases.
///
/// It is not `Copy`. [`reborrow`](Self::reborrow) gives a shorter-lived `MemViewSliceMut` and
/// [`view`](Self::view) a shared one; sub-view operations consume the view, so call them on a
/// reborrow to keep using the original afterwards.
///
/// # Examples
///
/// ```
/// use memslice_core::MemViewSliceMut;
///
/// let mut data = vec![0_i32; 6];
/// let mut m = MemViewSliceMut::from_slice(&mut data, [2, 3]).unwrap();
/// m[[1, 2]] = 7;
/// let mut row = m.reborrow().index_axis(0, 0);
/// row[[1]] = 5;
/// assert_eq!(m[[0, 1]], 5);
/// assert_eq!(data, [0, 5, 0, 0, 0, 7]);
/// ```
pub struct MemViewSliceMut<'a, T, const N: usize> {
    pub(crate) raw: RawView<T, N>,
    _borrow: PhantomData<&'a mut [T]>,
}

impl<T, const N: usize> Clone for MemViewSlice<'_, T, N> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, const N: usize> Copy for MemViewSlice<'_, T, N> {}

// SAFETY: a `MemViewSlice<'a, T, N>` is a set of `&'a T`, which is `Send` exactly when `T: Sync`.
unsafe impl<T: Sync, const N: usize> Send for MemViewSlice<'_, T, N> {}
// SAFETY: sharing the view shares only `&T` access, so `T: Sync` suffices, as for `&T`.
unsafe impl<T: Sync, const N: usize> Sync for MemViewSlice<'_, T, N> {}
// SAFETY: a `MemViewSliceMut<'a, T, N>` is a set of disjoint `&'a mut T` (rule 5), which is `Send`
// exactly when `T: Send`.
unsafe impl<T: Send, const N: usize> Send for MemViewSliceMut<'_, T, N> {}
// SAFETY: through `&MemViewSliceMut` only `&T` can be reached, so `T: Sync` suffices, as for
// `&mut T`.
unsafe impl<T: Sync, const N: usize> Sync for MemViewSliceMut<'_, T, N> {}

impl<'a, T, const N: usize> MemViewSlice<'a, T, N> {
    /// Wraps a raw view that keeps rules 1–4 for `'a`.
    #[inline]
    pub(crate) fn from_raw(raw: RawView<T, N>) -> Self {
        MemViewSlice {
            raw,
            _borrow: PhantomData,
        }
    }
}

impl<'a, T, const N: usize> MemViewSliceMut<'a, T, N> {
    /// Wraps a raw view that keeps rules 1–5 for `'a`, with exclusive access.
    #[inline]
    pub(crate) fn from_raw(raw: RawView<T, N>) -> Self {
        MemViewSliceMut {
            raw,
            _borrow: PhantomData,
        }
    }
}
