//! Memory sources for [memslice](https://docs.rs/memslice) views.
//!
//! This crate will hold every place a view's memory can come from: `Vec`s, boxed slices, fixed
//! and nested arrays, byte buffers, an owned n-d array in C or Fortran order, memory from the C
//! allocator with its own free callback, shared owners for `'static` views and a growable buffer
//! that refuses to move while exported. Today views are built directly from slices with the
//! constructors of [`memslice_core`], which it re-exports for convenience.
//!
//! ```
//! use memslice_alloc::core::MemViewSlice;
//!
//! let data = vec![1_u8, 2, 3];
//! assert_eq!(MemViewSlice::from_slice(&data, [3]).unwrap()[[2]], 3);
//! ```

#![doc(test(attr(deny(warnings))))]

pub use memslice_core as core;
