//! memslice's errors as Python exceptions: what an exporter refuses is a `BufferError`, a
//! format that does not describe the element type a `TypeError`, a layout the view cannot take
//! (rank, alignment, strides, aliasing) a `ValueError`. The message is the Rust error's
//! `Display`, which names the shapes, strides and formats involved.

use memslice_core::ViewError;
use memslice_core::buffer::BufferError;
use pyo3::PyErr;
use pyo3::exceptions::{PyBufferError, PyTypeError, PyValueError};

/// The Python exception for a [`BufferError`].
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::BufferError;
/// use memslice_py::to_pyerr;
///
/// pyo3::Python::attach(|py| {
///     let e = to_pyerr(BufferError::NdimMismatch { buffer: 2, view: 1 });
///     assert!(e.is_instance_of::<pyo3::exceptions::PyValueError>(py));
///     assert_eq!(e.value(py).to_string(), "buffer has 2 dimensions but the view has 1");
/// });
/// ```
pub fn to_pyerr(e: BufferError) -> PyErr {
    let message = e.to_string();
    match e {
        BufferError::FormatMismatch { .. }
        | BufferError::ItemsizeMismatch { .. }
        | BufferError::Format(_)
        | BufferError::InvalidValue { .. } => PyTypeError::new_err(message),
        BufferError::NdimMismatch { .. }
        | BufferError::Misaligned { .. }
        | BufferError::StridesNotElements { .. }
        | BufferError::ShapeMismatch { .. }
        | BufferError::PartsDisagree { .. }
        | BufferError::BadCast(_)
        | BufferError::View(_) => PyValueError::new_err(message),
        // Refusals of a request, and anything added later: what CPython raises for those.
        _ => PyBufferError::new_err(message),
    }
}

/// The Python exception for a [`ViewError`]: a `ValueError`, as NumPy raises for a layout it
/// cannot take.
///
/// # Examples
///
/// ```
/// use memslice_core::MemViewSlice;
/// use memslice_py::view_pyerr;
///
/// let e = MemViewSlice::from_slice(&[1, 2, 3], [2, 2]).unwrap_err();
/// pyo3::Python::attach(|py| {
///     assert!(view_pyerr(e).is_instance_of::<pyo3::exceptions::PyValueError>(py));
/// });
/// ```
pub fn view_pyerr(e: ViewError) -> PyErr {
    PyValueError::new_err(e.to_string())
}
