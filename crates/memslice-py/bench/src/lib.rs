//! One function per way of getting a typed 2-d view of a float64 NumPy array, each reading
//! one element so that nothing is optimised away, and a no-op for the call's own cost.

use numpy::{PyArray2, PyArrayMethods};
use pyo3::buffer::PyBuffer;
use pyo3::prelude::*;

/// The call itself.
#[pyfunction]
fn noop(_obj: &Bound<'_, PyAny>) -> f64 {
    0.0
}

/// memslice-py: PyObject_GetBuffer(FULL_RO), every check, a MemViewSlice<f64, 2>.
#[pyfunction]
fn memslice_view(obj: &Bound<'_, PyAny>) -> PyResult<f64> {
    let export = memslice_py::PyExport::readonly(obj)?;
    let v = export.view::<f64, 2>()?;
    Ok(v[[0, 0]])
}

/// memslice-py's export alone (PyObject_GetBuffer, the field checks, the registry), no view.
#[pyfunction]
fn memslice_export(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    let export = memslice_py::PyExport::readonly(obj)?;
    Ok(export.info().len())
}

/// The floor: PyObject_GetBuffer(FULL_RO) into a boxed Py_buffer and PyBuffer_Release.
#[pyfunction]
fn getbuffer_release(obj: &Bound<'_, PyAny>) -> PyResult<isize> {
    let mut view = Box::new(pyo3::ffi::Py_buffer::new());
    // SAFETY: a live object, a valid Py_buffer, the interpreter attached.
    if unsafe { pyo3::ffi::PyObject_GetBuffer(obj.as_ptr(), &mut *view, pyo3::ffi::PyBUF_FULL_RO) }
        != 0
    {
        return Err(PyErr::fetch(obj.py()));
    }
    let len = view.len;
    // SAFETY: filled above, released once.
    unsafe { pyo3::ffi::PyBuffer_Release(&mut *view) };
    Ok(len)
}

/// pyo3's PyBuffer<f64>::get (PyBUF_FULL_RO, its checks), then the first element.
#[pyfunction]
fn pyo3_buffer(obj: &Bound<'_, PyAny>) -> PyResult<f64> {
    let b = PyBuffer::<f64>::get(obj)?;
    if b.dimensions() != 2 {
        return Err(pyo3::exceptions::PyValueError::new_err("not 2-d"));
    }
    let p = b.get_ptr(&[0, 0]).cast::<f64>();
    // SAFETY: element [0, 0] of a live, format-checked f64 buffer.
    Ok(unsafe { p.read_unaligned() })
}

/// rust-numpy: downcast to PyArray2<f64>, a read-only borrow, an ndarray view.
#[pyfunction]
fn numpy_as_array(obj: &Bound<'_, PyAny>) -> PyResult<f64> {
    let a = obj.cast::<PyArray2<f64>>()?;
    let r = a.readonly();
    let v = r.as_array();
    Ok(v[[0, 0]])
}

#[pymodule]
mod memslice_py_bench {
    #[pymodule_export]
    use super::{
        getbuffer_release, memslice_export, memslice_view, noop, numpy_as_array, pyo3_buffer,
    };
}
