//! The buffer-protocol model (PEP 3118): struct-module format strings with CPython's exact
//! itemsizes, the element types a format may be viewed as, request flags, the buffer
//! description ([`BufferInfo`], `Py_buffer`'s analogue) with CPython's negotiation, exporters
//! with export counting, typed views of buffers, and `memoryview.cast`.
//!
//! ```
//! use memslice_core::buffer::{ByteArray, Exporter, Flags};
//! use memslice_core::MemViewSlice;
//!
//! let bytes = ByteArray::from((0..12).collect::<Vec<u8>>());
//! let guard = bytes.get_buffer(Flags::FULL_RO).unwrap(); // exporter -> flags
//! let v = MemViewSlice::<u8, 1>::from_buffer(&guard).unwrap(); // format check -> typed view
//! let m = v.cast::<u8, 2>([3, 4]).unwrap();
//! assert_eq!(m[[2, 1]], 9);
//! drop(guard); // release: the exporter may grow again
//! bytes.extend_from_slice(&[12]).unwrap();
//! ```

mod element;
mod error;
mod exporter;
mod flags;
mod format;
mod info;
mod typed;

pub use element::Element;
pub use error::BufferError;
pub use exporter::{BufferGuard, ByteArray, ExportCount, Exporter};
pub use flags::Flags;
pub use format::{Field, Format, FormatError, Kind, Mode, size_from_format};
pub use info::{BufferInfo, Layout};
