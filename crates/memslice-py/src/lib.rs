//! Python buffers as memslice views, memslice owners as Python buffers, and the `memslice`
//! Python module built on both (pyo3 + maturin).
//!
//! # For extension authors: any buffer in, checked once
//!
//! [`PyExport`] takes any object with the buffer protocol (bytes, bytearray, `array.array`,
//! memoryview, NumPy arrays whatever their strides, PIL-style buffers with suboffsets) and
//! lends `MemViewSlice<T, N>`, `MemViewSliceMut<T, N>` and `IndirectView<T, N>` of it, each
//! checked once at the boundary: format ↔ `T`, itemsize, rank, alignment, strides that step
//! whole elements, writability, and for mutable views no overlapping elements and no other
//! live Rust view of the same bytes. The `Py_buffer` is held for the views' life and released
//! exactly once, on drop, also while a panic unwinds. Errors are Python exceptions naming the
//! shapes, strides and formats involved ([`to_pyerr`]): `BufferError` for what an exporter
//! refuses, `TypeError` for a format that is not `T`, `ValueError` for a layout the view cannot
//! take.
//!
//! ```
//! use memslice_py::PyExport;
//! use pyo3::prelude::*;
//!
//! /// A kernel of an extension module: any 2-d float64 buffer, summed without the GIL.
//! fn total(obj: &Bound<'_, PyAny>) -> PyResult<f64> {
//!     let export = PyExport::readonly(obj)?;
//!     let v = export.view::<f64, 2>()?; // format, rank, alignment checked here, once
//!     Ok(obj.py().detach(|| v.par_sum()))
//! }
//!
//! Python::attach(|py| -> PyResult<()> {
//!     let array = py.import("array")?.getattr("array")?;
//!     let a = array.call1(("d", vec![1.0, 2.0, 3.0, 4.0]))?;
//!     let m = py.import("builtins")?.getattr("memoryview")?.call1((&a,))?;
//!     let square = m.call_method1("cast", ("B",))?.call_method1("cast", ("d", (2, 2)))?;
//!     assert_eq!(total(&square)?, 10.0); // memoryview.cast: no copy, a 2-d buffer
//!     let err = total(&a).unwrap_err(); // 1-d: a ValueError naming both ranks
//!     assert!(err.is_instance_of::<pyo3::exceptions::PyValueError>(py));
//!     Ok(())
//! })
//! .unwrap();
//! ```
//!
//! # For extension authors: memslice owners out
//!
//! [`Array`] exports an owned [`memslice_alloc::Array`] (moved in, writable) or a
//! [`memslice_alloc::SharedView`] (read-only, any strides) through `__getbuffer__`, honouring
//! every request flag as CPython's `memoryview` does (refusing what the layout cannot give:
//! `PyBUF_C_CONTIGUOUS` of a Fortran-order array). [`ByteArray`] exports growable bytes as
//! `bytearray` does and refuses to resize while any export is live. Both count their exports.
//!
//! # What is checked, what is assumed
//!
//! The exporter's memory is valid and stays in place while exported: that is
//! `PyObject_GetBuffer`'s contract, trusted through `BufferInfo::from_raw_parts`. Among Rust
//! views, a writable view is the only view of its bytes: CPython hands out any number of
//! writable exports of one object, so this crate keeps a registry of the byte ranges its live
//! exports cover and refuses overlaps (conservatively: interleaved views conflict too). What
//! Rust cannot check is Python or C code touching the same memory while a Rust view of it
//! lives: another thread while a kernel runs with the GIL released, or Python code the kernel
//! itself calls back into while it holds a mutable view. That is the contract every
//! GIL-releasing extension (NumPy's ufuncs included) asks of its callers; `memslice`'s own
//! kernels call no Python code while they hold a view. The module is declared as using the GIL, so on free-threaded builds
//! CPython keeps it.
//!
//! # Why not abi3
//!
//! The buffer protocol (`Py_buffer`, `PyObject_GetBuffer`, `bf_getbuffer`) is in the limited
//! API only from Python 3.11. `abi3-py39` cannot build this crate at all, and `abi3-py311`
//! would refuse Python 3.9 and 3.10, where most NumPy users still are, in exchange for one
//! wheel per platform instead of one per Python version. The extension is built per version
//! (what `maturin develop` does by default).
//!
//! # Linking
//!
//! pyo3 0.30 links libpython unless `PYO3_BUILD_EXTENSION_MODULE` is set, which maturin (1.9.4
//! and later) sets for the extension it builds: so `cargo test --workspace` (which embeds an
//! interpreter for the Rust-side tests), clippy and doc link as they are, and no
//! `extension-module` feature is needed (pyo3 deprecates it for that reason).

mod borrows;
mod errors;
mod export;
mod held;
mod import;
pub mod kernels;
mod owners;
mod view;

pub use errors::{to_pyerr, view_pyerr};
pub use import::PyExport;
pub use owners::{Array, ByteArray};
pub use view::View;

/// The `memslice` Python module.
#[cfg(feature = "module")]
#[pyo3::pymodule(gil_used = true)]
mod memslice {
    #[pymodule_export]
    use super::{Array, ByteArray, View};
    #[pymodule_export]
    use crate::kernels::{copy, describe, fill, par_sum, sum};
}
