//! Typed, n-dimensional views of existing memory: the core of
//! [memslice](https://docs.rs/memslice).
//!
//! [`MemViewSlice`] (shared, `Copy`) and [`MemViewSliceMut`] (exclusive) are what Cython's typed
//! memoryviews are to Cython: a data pointer plus `shape`, byte `strides` and `suboffsets` in
//! fixed-size arrays of length `N`, borrowed from memory that lives elsewhere. They never
//! allocate and never copy; sub-views (slicing with NumPy's exact semantics, indexing an axis,
//! new axes, permutations, splits) are pure arithmetic.
//!
//! ```
//! use memslice_core::{s, MemViewSlice, MemViewSliceMut};
//!
//! let mut data: Vec<f64> = (0..12).map(f64::from).collect();
//! {
//!     let mut m = MemViewSliceMut::from_slice(&mut data, [3, 4]).unwrap();
//!     m[[2, 3]] = -1.0;
//!     let mut col = m.reborrow().slice(s![.., 1]); // a[:, 1]
//!     col[[0]] = 100.0;
//! }
//! let v = MemViewSlice::from_slice(&data, [3, 4]).unwrap();
//! assert_eq!(v[[0, 1]], 100.0);
//! let back = v.slice(s![..;-1, 1..;2]); // a[::-1, 1::2]
//! assert_eq!(back.shape(), &[3, 2]);
//! assert_eq!((back[[0, 0]], back[[0, 1]]), (9.0, -1.0));
//! ```
//!
//! # What checks happen where
//!
//! Constructors check everything once: the element count, that every reachable element lies
//! inside the slice, alignment, overflow, and for mutable views that no two indices alias.
//! Sub-view operations check their own arguments (axis, index, step). Element access through
//! `Index` checks the index against the shape and panics with both; `get` returns `None`;
//! `get_unchecked` checks nothing (in release builds) and compiles to `ptr + Σ i·stride`.
//!
//! # Ranks
//!
//! `N` is a const parameter. Operations that change it (`index_axis`, `insert_axis`, `s![..]`)
//! infer the output rank through the type-level tables in [`slicing::Rank`]: every rank up to
//! 16, and up to 8 (Cython's limit) for `s![..]`. The [`slicing`] module holds that machinery;
//! code outside generic helpers rarely names it.
//!
//! # Indirect dimensions
//!
//! The `suboffsets` field follows the buffer protocol (negative: direct). `MemViewSlice` and
//! `MemViewSliceMut` are always direct, so their indexing has no per-access branch; views whose
//! axes may be indirect (PIL-style arrays, C's `double**`) are the separate [`IndirectView`].

#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod buffer;
mod close;
mod cmp;
mod copy;
mod error;
mod fmt;
mod indirect;
pub mod iter;
pub mod layout;
#[cfg(feature = "ndarray")]
#[cfg_attr(docsrs, doc(cfg(feature = "ndarray")))]
pub mod ndarray_interop;
#[cfg(feature = "rayon")]
#[cfg_attr(docsrs, doc(cfg(feature = "rayon")))]
pub mod par;
mod raw;
pub mod slicing;
mod view;
mod zip;

pub use close::Difference;
pub use error::ViewError;
pub use indirect::{IndirectView, RowTable};
pub use slicing::{NewAxis, Slice};
pub use view::{MemViewSlice, MemViewSliceMut};
pub use zip::{DEFAULT_GRAIN, Zip, ZipPart};
