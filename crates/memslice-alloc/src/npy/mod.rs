//! NumPy `.npy` files (feature `npy`): the header, parsed strictly and written as NumPy
//! writes it, and the element types a descr matches.
//!
//! ```
//! use memslice_alloc::npy::{Descr, Header};
//!
//! let h = Header::new(Descr::of::<f32>(), vec![2, 3], true).unwrap();
//! let back = Header::parse(&h.to_bytes().unwrap()).unwrap();
//! assert_eq!((back.shape(), back.fortran_order()), (&[2, 3][..], true));
//! assert!(back.descr().check::<f32>().is_ok());
//! ```

mod descr;
mod error;
mod header;

pub use descr::{ByteOrder, Descr, NpyElement};
pub use error::NpyError;
pub use header::{Header, Version};
