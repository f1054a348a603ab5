//! NumPy `.npy` and `.npz` files: read, written, and memory-mapped without a copy (feature
//! `npy`).
//!
//! | what | how | copies? | safe? |
//! |---|---|---|---|
//! | header ⇄ bytes | [`Header::parse`], [`Header::to_bytes`] | — | yes |
//! | `.npy` bytes in memory → view | [`NpyBytes::parse`] + [`NpyBytes::view`], [`NpyBytesMut`] | no | yes |
//! | `.npy` bytes → aligned copy that lends views | [`NpyBuf::copy_from`] + [`NpyBuf::as_npy`] | **yes** (once) | yes |
//! | `.npy` file → owned [`Array`](crate::Array) | [`read_npy`], [`read_npy_from`] | **yes** | yes |
//! | `.npy` file → view (`'r'`) | [`NpyMap::open`] + [`NpyMap::view`] | no | **unsafe** to map |
//! | `.npy` file → `'static` [`SharedView`](crate::SharedView) | [`NpyMap::into_shared`] | no | **unsafe** to map |
//! | `.npy` file → exclusive view (`'c'`, `'r+'`) | [`NpyMapMut::open`] + [`NpyMapMut::view_mut`] | no | **unsafe** to map |
//! | any view → `.npy` | [`write_npy`], [`write_npy_file`] | streamed | yes |
//! | `.npz` bytes → member list, stored member → view | [`Npz::parse`], [`Npz::names`], [`Npz::view`] | no | yes |
//! | `.npz` file → stored member view | [`NpzMap::open`] + [`Npz::view`] | no | **unsafe** to map |
//! | `.npz` member (stored or deflated) → owned array | [`Npz::read`], [`read_npz`] (CRC-32 checked) | **yes** | yes |
//!
//! Every check happens once, when a view is made: the descr against the element type (kind,
//! size, byte order), the rank against `N`, the data's alignment, the data's length against the
//! shape, and, for `bool`, every byte against 0 and 1. A file in the other byte order (`>f8` on
//! a little-endian machine) is refused for a typed view and readable as bytes
//! ([`NpyBytes::view_bytes`]).
//!
//! ```
//! use memslice_alloc::npy::{NpyBuf, NpyError, write_npy};
//! use memslice_core::{MemViewSlice, layout::Order};
//!
//! let data: Vec<f32> = (0..6).map(|i| i as f32).collect();
//! let mut file = Vec::new();
//! write_npy(&mut file, MemViewSlice::from_slice(&data, [2, 3]).unwrap(), Order::F).unwrap();
//!
//! let npy = NpyBuf::copy_from(&file).unwrap();
//! let v = npy.as_npy().view::<f32, 2>().unwrap();
//! assert_eq!((v.strides(), v[[1, 2]]), (&[4, 8], 5.0)); // Fortran order, as written
//! assert!(matches!(npy.as_npy().view::<f64, 2>(), Err(NpyError::DescrMismatch { .. })));
//! ```

mod descr;
mod error;
mod header;
mod map;
mod npz;
mod read;
mod view;
mod write;
mod zip;

pub use descr::{ByteOrder, Descr, NpyElement};
pub use error::NpyError;
pub use header::{Header, Version};
pub use map::{MapMode, NpyMap, NpyMapMut};
pub use npz::{Npz, NpzMap, read_npz};
pub use read::{read_npy, read_npy_from};
pub use view::{NpyBuf, NpyBytes, NpyBytesMut};
pub use write::{write_npy, write_npy_file};
