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
//!
//! # Exports, descriptions and views: who owns what
//!
//! Safe code cannot read memory that was freed, moved or is written by someone else through
//! this module, whatever it calls, leaks or swaps. The design, in one place:
//!
//! - **An export is a value.** [`Exporter::get_buffer`] returns a [`BufferGuard`]; dropping it
//!   is the one way a safe caller ends an export, so it ends exactly once, also on unwind.
//!   [`Exporter::release`] and [`ExportCount::release`] are `unsafe fn`s for the guard and for
//!   exporters' own bookkeeping. Leaking a guard (`mem::forget`) leaves the export counted
//!   for good: the exporter stays pinned, which is safe. Calling [`Exporter::acquire`]
//!   directly is the same as leaking the guard.
//! - **A description is never separated from its export.** [`BufferInfo`] is not `Clone`, and
//!   a guard lends its description only shared (`Deref`) or to a mutable view through the
//!   [`Buffer`] trait, which takes `&mut` of the *holder*: there is no `&mut BufferInfo` inside
//!   a guard to `mem::replace` or swap. Swapping whole guards moves each description together
//!   with its duty to release its own exporter.
//! - **A view borrows its description**, and so the guard, and so the exporter: no view
//!   outlives a release, and no exporter moves its memory under a view. Where the borrow
//!   checker sees the export, growing does not compile ([`ByteArray::as_vec_mut`] needs
//!   `&mut`); where an owner shares the exporter (`Rc`, `Arc`), the exporter's run-time count
//!   refuses with [`BufferError::ExportsExist`]. Shared owners must be `CloneStableDeref`
//!   (memslice-alloc's `SharedExport`): their target keeps its address, dereferenced once.
//! - **Writable means unique.** A writable description stands for a `&mut`: an exporter hands
//!   out one at a time ([`ExportCount`], [`BufferError::Busy`]), a request consumes its
//!   [`Layout`] so a layout of `&mut` memory makes one description, exports not asked
//!   `WRITABLE` are `readonly`, and a mutable view or [`Buffer::copy_from_contiguous`] needs `&mut`
//!   of the holder, which no shared view allows.
//! - **Every address is checked, or promised.** An exporter of ours names the memory it owns
//!   ([`BufferInfo::memory`]); every element and every stored pointer a layout reaches is
//!   checked against it before it is read. A foreign exporter (CPython) is trusted through
//!   [`BufferInfo::from_raw_parts`], whose `# Safety` is `PyObject_GetBuffer`'s contract. Either
//!   way a consumer checks what no exporter promises: format and itemsize against the type,
//!   rank, alignment of the start and of every stride, and for mutable views that no two
//!   indices alias. `len` is `nitems × itemsize` as in a real `Py_buffer`, and is never taken
//!   for the memory's extent, so NumPy's reversed and stepped views work.
//! - **What may be an element is the compiler's call.** [`Element`] requires bytemuck's
//!   `NoUninit` (no padding: writes leave initialised bytes) and `CheckedBitPattern` (which
//!   bytes are valid: checked once per view for types like `bool`); exporting memory for
//!   reading needs `NoUninit`, for writing `Pod`, since consumers may write any bytes.

mod bytearray;
mod element;
mod error;
mod exporter;
mod flags;
mod format;
mod info;
mod layout;
mod typed;

pub use bytearray::ByteArray;
pub use element::Element;
pub(crate) use element::needs_bit_check;
pub use error::BufferError;
pub use exporter::{Buffer, BufferGuard, ExportCount, Exporter};
pub use flags::Flags;
pub use format::{Field, Format, FormatError, Kind, Mode, size_from_format};
pub use info::BufferInfo;
pub(crate) use info::{Extent, follow};
pub use layout::Layout;
pub(crate) use typed::check_element;
