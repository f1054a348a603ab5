//! [`PyExport`]: any Python object with the buffer protocol, held for the life of the views
//! made from it and released once.

use std::marker::PhantomData;
use std::mem::ManuallyDrop;

use memslice_core::buffer::{Buffer, BufferInfo, Element, Flags};
use memslice_core::{IndirectView, MemViewSlice, MemViewSliceMut};
use pyo3::exceptions::PyBufferError;
use pyo3::prelude::*;

use crate::borrows::{self, Token};
use crate::held::Held;
use crate::to_pyerr;

/// A live export of a Python object's memory (`PyObject_GetBuffer`), the description memslice
/// made of it, and the typed views it lends: `MemViewSlice<T, N>`, `MemViewSliceMut<T, N>`,
/// `IndirectView<T, N>`, each checked once (format ↔ `T`, itemsize, rank, alignment, strides
/// that step whole elements, and for mutable views writability and no overlapping elements).
///
/// Views borrow the export, so none outlives it; dropping it calls `PyBuffer_Release` exactly
/// once, also while a panic unwinds. It lives on the thread that holds the interpreter
/// (`'py`), but the views it lends are `Send`: a kernel runs them with the GIL released
/// ([`Python::detach`]) and in parallel.
///
/// Writable exports are unique among Rust views: CPython lets any number of consumers write
/// one `bytearray` or NumPy array, so [`writable`](Self::writable) (and any request with
/// `WRITABLE`) is refused while another memslice export of overlapping bytes is live, and a
/// read-only one while a writable one is. A request without `WRITABLE` is read-only however
/// writable the object is.
///
/// # Examples
///
/// ```
/// use memslice_py::PyExport;
/// use pyo3::prelude::*;
/// use pyo3::types::PyByteArray;
///
/// Python::attach(|py| -> PyResult<()> {
///     let data = PyByteArray::new(py, &[1, 2, 3, 4, 5, 6]);
///     let mut export = PyExport::writable(data.as_any())?;
///     let mut m = export.view_mut::<u8, 1>()?;
///     py.detach(|| m.fill(7)); // no GIL while the kernel runs
///     drop(export); // PyBuffer_Release: the bytearray may grow again
///     assert_eq!(data.to_vec(), [7; 6]);
///
///     let export = PyExport::readonly(data.as_any())?;
///     let v = export.view::<u8, 1>()?;
///     assert_eq!(v.iter().map(|&x| u32::from(x)).sum::<u32>(), 42);
///     assert!(export.view::<f64, 1>().is_err()); // format "B" is not f64: TypeError
///     Ok(())
/// })
/// .unwrap();
/// ```
pub struct PyExport<'py> {
    // SAFETY: borrows the arrays and memory `held` keeps exported; dropped (in `drop`) before
    // `held` releases them, and lent out only borrowed from `self`, never as 'static.
    info: ManuallyDrop<BufferInfo<'static>>,
    held: Held,
    _token: Token,
    // Bound to the attached thread: released where it was acquired.
    _py: PhantomData<Python<'py>>,
}

impl std::fmt::Debug for PyExport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PyExport")
            .field("info", &*self.info)
            .finish()
    }
}

impl<'py> PyExport<'py> {
    /// `PyObject_GetBuffer(obj, flags)`, checked and registered.
    ///
    /// # Errors
    ///
    /// What the exporter raises (`TypeError` for an object without the buffer protocol,
    /// `BufferError` for a request it refuses), a `ValueError` for a `Py_buffer` no consumer
    /// may read, or a `BufferError` if a writable export would alias a live Rust view.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::Flags;
    /// use memslice_py::PyExport;
    /// use pyo3::prelude::*;
    ///
    /// Python::attach(|py| -> PyResult<()> {
    ///     let code = c"memoryview(bytearray(range(12)))[::2]";
    ///     let columns = py.eval(code, None, None)?;
    ///     // The exporter refuses what the layout cannot give: C-contiguous memory.
    ///     let err = PyExport::get(&columns, Flags::C_CONTIGUOUS).unwrap_err();
    ///     assert!(err.is_instance_of::<pyo3::exceptions::PyBufferError>(py));
    ///     let strided = PyExport::get(&columns, Flags::RECORDS_RO)?;
    ///     assert_eq!(strided.info().strides(), Some(&[2][..]));
    ///     assert_eq!(strided.view::<u8, 1>()?.to_vec(), [0, 2, 4, 6, 8, 10]);
    ///     Ok(())
    /// })
    /// .unwrap();
    /// ```
    pub fn get(obj: &Bound<'py, PyAny>, flags: Flags) -> PyResult<Self> {
        let held = Held::get(obj, flags).map_err(|e| read_only_context(obj, flags, e))?;
        let writable = flags.contains(Flags::WRITABLE);
        let parts = held.parts()?;
        let (lo, hi) = parts.span();
        let token = borrows::register(lo, hi, writable)?;
        // SAFETY: the parts come from the live export `held`; a writable description was
        // asked `WRITABLE` (the exporter refuses it otherwise) and is registered as the only
        // Rust view of its bytes (just above).
        let info = unsafe { parts.info(writable)? };
        // SAFETY: the description borrows `held`'s arrays, which stay put (boxed, released
        // only in `drop`, after the description is dropped); see the field's note.
        let info: BufferInfo<'static> = unsafe { std::mem::transmute(info) };
        Ok(PyExport {
            info: ManuallyDrop::new(info),
            held,
            _token: token,
            _py: PhantomData,
        })
    }

    /// A read-only export that accepts any layout (`PyBUF_FULL_RO`, what `memoryview(obj)`
    /// asks for).
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    pub fn readonly(obj: &Bound<'py, PyAny>) -> PyResult<Self> {
        Self::get(obj, Flags::FULL_RO)
    }

    /// A writable export that accepts any layout (`PyBUF_FULL`).
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get); a read-only object's exporter raises `BufferError`.
    pub fn writable(obj: &Bound<'py, PyAny>) -> PyResult<Self> {
        Self::get(obj, Flags::FULL)
    }

    /// The description.
    pub fn info(&self) -> &BufferInfo<'_> {
        &self.info
    }

    /// A shared typed view, checked once.
    ///
    /// # Errors
    ///
    /// `TypeError` if the format does not describe `T`, `ValueError` for another rank or a
    /// layout `T` cannot be read with (misaligned, strides between elements), `BufferError`
    /// for an indirect buffer (use [`indirect`](Self::indirect)).
    pub fn view<T: Element, const N: usize>(&self) -> PyResult<MemViewSlice<'_, T, N>> {
        MemViewSlice::from_buffer(&self.info).map_err(to_pyerr)
    }

    /// An exclusive typed view, checked once, also for writability and overlapping elements
    /// (NumPy's `as_strided`).
    ///
    /// # Errors
    ///
    /// As [`view`](Self::view); `BufferError` for a read-only export, `ValueError` when two
    /// indices reach the same bytes.
    pub fn view_mut<T: Element, const N: usize>(&mut self) -> PyResult<MemViewSliceMut<'_, T, N>> {
        MemViewSliceMut::from_buffer_mut(self).map_err(to_pyerr)
    }

    /// A view of a buffer that may have indirect axes (PIL-style suboffsets), checked once.
    ///
    /// # Errors
    ///
    /// As [`view`](Self::view).
    pub fn indirect<T: Element, const N: usize>(&self) -> PyResult<IndirectView<'_, T, N>> {
        IndirectView::from_buffer(&self.info).map_err(to_pyerr)
    }

    /// The exporting object (`Py_buffer.obj`), if the exporter named one.
    pub fn obj(&self, py: Python<'py>) -> Option<Bound<'py, PyAny>> {
        let obj = self.held.raw().obj;
        // SAFETY: a non-null `obj` is a strong reference the export holds until release.
        (!obj.is_null()).then(|| unsafe { Bound::from_borrowed_ptr(py, obj) })
    }
}

/// Names the reason when a writable request failed because the object is read-only (the same
/// request without `WRITABLE` succeeds): exporters' own messages rarely say which object.
fn read_only_context(obj: &Bound<'_, PyAny>, flags: Flags, e: PyErr) -> PyErr {
    let py = obj.py();
    let read_only = Flags::from_bits(flags.bits() & !Flags::WRITABLE.bits()).unwrap_or_default();
    if !flags.contains(Flags::WRITABLE) || Held::get(obj, read_only).is_err() {
        return e;
    }
    let name = obj
        .get_type()
        .name()
        .map_or_else(|_| "object".into(), |n| n.to_string());
    let err = PyBufferError::new_err(format!(
        "a writable buffer is needed, and this {name} object's buffer is read-only ({})",
        e.value(py)
    ));
    err.set_cause(py, Some(e));
    err
}

/// A `#[pyfunction]` argument of type `PyExport` takes any buffer read-only
/// ([`PyExport::readonly`]).
///
/// # Examples
///
/// ```
/// use memslice_py::PyExport;
/// use pyo3::prelude::*;
///
/// #[pyfunction]
/// fn total(py: Python<'_>, data: PyExport<'_>) -> PyResult<f64> {
///     let v = data.view::<f64, 2>()?;
///     Ok(py.detach(|| v.iter().sum()))
/// }
///
/// Python::attach(|py| -> PyResult<()> {
///     let total = pyo3::wrap_pyfunction!(total, py)?;
///     let m = py.eval(c"memoryview(bytearray(32)).cast('d', (2, 2))", None, None)?;
///     assert_eq!(total.call1((m,))?.extract::<f64>()?, 0.0);
///     let err = total.call1((b"abc",)).unwrap_err(); // format "B" is not f64
///     assert!(err.is_instance_of::<pyo3::exceptions::PyTypeError>(py));
///     Ok(())
/// })
/// .unwrap();
/// ```
impl<'a, 'py> FromPyObject<'a, 'py> for PyExport<'py> {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        PyExport::readonly(&obj)
    }
}

// SAFETY: `info` returns the one description this export holds, for its whole life; it is
// never lent mutably, and a writable one is the only Rust view of its bytes (the registry).
unsafe impl Buffer for PyExport<'_> {
    fn info(&self) -> &BufferInfo<'_> {
        &self.info
    }
}

impl Drop for PyExport<'_> {
    fn drop(&mut self) {
        // SAFETY: dropped once, here, before `held` (a later field drop) releases what it
        // borrows; no view is alive (they borrow `self`).
        unsafe { ManuallyDrop::drop(&mut self.info) };
    }
}
