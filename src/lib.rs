//! memslice: typed, n-dimensional views of existing memory, in the spirit of Cython's typed
//! memoryviews and the Python buffer protocol (PEP 3118).
//!
//! This crate re-exports [`memslice_core`] (the view types, layout algebra and slicing) and
//! [`memslice_alloc`] (memory sources). See the README for a tour.
//!
//! ```
//! use memslice::{s, MemViewSlice};
//!
//! let data: Vec<i64> = (0..24).collect();
//! let a = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap(); // np.arange(24).reshape(2, 3, 4)
//! let b = a.slice(s![-1, ..;2, 1..3]); // a[-1, ::2, 1:3]
//! assert_eq!(b.shape(), &[2, 2]);
//! assert_eq!([b[[0, 0]], b[[0, 1]], b[[1, 0]], b[[1, 1]]], [13, 14, 21, 22]);
//! ```

//! # Cargo features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `rayon` | yes | parallel iteration and kernels: `par`, `par_iter`, `Zip::par_for_each`, `par_sum` |
//! | `approx` | yes | `approx`'s `abs_diff_eq!` / `relative_eq!` / `ulps_eq!` between views |
//! | `ndarray` | no | zero-copy `From` conversions to and from ndarray's views (module `ndarray_interop`) |
//!
//! `default-features = false` drops rayon and approx from the whole build: the member crates
//! depend on each other without their defaults.

#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use memslice_alloc as alloc;
pub use memslice_core::*;

/// The README's example, compiled and run as a doctest so that it cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
