//! [`View`]: a memslice view of any Python buffer, with NumPy's basic indexing (ints, slices of
//! any step, `None`, `...`), `.T`, and the buffer protocol on the view itself.

use std::ffi::c_int;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use memslice_core::buffer::Flags;
use pyo3::exceptions::{PyIndexError, PyNotImplementedError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyEllipsis, PyList, PySlice, PyTuple};

use crate::export::{self, Offer};
use crate::held::Held;

/// A view of a Python object's buffer that keeps the buffer exported for as long as any
/// view of it (this one, its slices, their exports) lives.
///
/// Indexing follows NumPy's basic indexing exactly (`slice.indices` bounds, negative steps,
/// NumPy's strides and offsets, `None` as a new axis of stride 0, one `...`), and returns a
/// `View` sharing the memory, or the element when every axis is indexed by an int. Indirect
/// (PIL-style) axes are followed as `PyBuffer_GetPointer` does.
///
/// # Examples
///
/// ```
/// use memslice_py::View;
/// use pyo3::prelude::*;
///
/// Python::attach(|py| -> PyResult<()> {
///     let data = py.import("array")?.getattr("array")?.call1(("i", vec![0, 1, 2, 3, 4, 5]))?;
///     let v = Bound::new(py, View::new(&data)?)?;
///     let every_other = v.get_item(pyo3::types::PySlice::new(py, 5, -7, -2))?; // v[5::-2]
///     assert_eq!(every_other.getattr("strides")?.extract::<(isize,)>()?, (-8,));
///     assert_eq!(every_other.call_method0("tolist")?.extract::<Vec<i32>>()?, [5, 3, 1]);
///     assert_eq!(v.get_item(-1)?.extract::<i32>()?, 5); // an int at every axis: the element
///     Ok(())
/// })
/// .unwrap();
/// ```
#[pyclass(frozen, module = "memslice")]
pub struct View {
    held: Arc<Held>,
    /// Element 0, derived from the exporter's `buf` by pointer arithmetic only.
    ptr: *mut u8,
    readonly: bool,
    format: String,
    itemsize: usize,
    shape: Vec<usize>,
    strides: Vec<isize>,
    /// Empty when every axis is direct.
    suboffsets: Vec<isize>,
    exports: AtomicUsize,
}

// SAFETY: `ptr` points into memory the held export keeps alive; `View` only reads through it
// (element access, with the GIL held) or hands it to consumers through the buffer protocol.
unsafe impl Send for View {}
// SAFETY: as above; every field is immutable after construction but the atomic count.
unsafe impl Sync for View {}

impl std::fmt::Debug for View {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("View")
            .field("format", &self.format)
            .field("shape", &self.shape)
            .field("strides", &self.strides)
            .field("suboffsets", &self.suboffsets)
            .finish()
    }
}

/// One entry of an index.
enum Key<'py> {
    Int(isize),
    Slice(Bound<'py, PySlice>),
    NewAxis,
    Ellipsis,
}

/// NumPy's refusal of anything else.
const INVALID_INDEX: &str = "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis \
                             (`None`) and integer or boolean arrays are valid indices";

fn parse_key<'py>(item: &Bound<'py, PyAny>) -> PyResult<Key<'py>> {
    if item.is_none() {
        return Ok(Key::NewAxis);
    }
    if item.is_instance_of::<PyEllipsis>() {
        return Ok(Key::Ellipsis);
    }
    if let Ok(slice) = item.cast::<PySlice>() {
        return Ok(Key::Slice(slice.clone()));
    }
    if item.is_instance_of::<PyBool>() {
        return Err(PyIndexError::new_err(
            "boolean indices (advanced indexing) are not supported by memslice.View",
        ));
    }
    if item.is_instance_of::<PyList>()
        || (item.hasattr("__array__")? && !item.hasattr("__index__")?)
    {
        return Err(PyIndexError::new_err(
            "integer or boolean array indices (advanced indexing) are not supported by \
             memslice.View",
        ));
    }
    // Python ints and anything with __index__ (numpy.int64), as NumPy accepts.
    match item.call_method0("__index__") {
        Ok(i) => i
            .extract::<isize>()
            .map(Key::Int)
            .map_err(|_| PyIndexError::new_err(format!("index {i} does not fit isize"))),
        Err(_) => Err(PyIndexError::new_err(INVALID_INDEX)),
    }
}

/// Reads the pointer stored at `at` (maybe unaligned) and adds `sub` bytes:
/// `PyBuffer_GetPointer`'s step on an indirect axis.
///
/// # Safety
///
/// `at` addresses a valid stored pointer of an in-bounds index of a live export.
unsafe fn follow(at: *mut u8, sub: isize) -> *mut u8 {
    // SAFETY: the caller's promise; stored pointers may be unaligned.
    let stored = unsafe { at.cast::<*mut u8>().read_unaligned() };
    stored.wrapping_byte_offset(sub)
}

/// The element of `format` at `p`, as `memoryview` returns it (`struct.unpack` for formats
/// without a fast path).
///
/// # Safety
///
/// `p` addresses `itemsize` initialised bytes of a live export.
unsafe fn read_element(
    py: Python<'_>,
    p: *const u8,
    format: &str,
    itemsize: usize,
) -> PyResult<Py<PyAny>> {
    // SAFETY: the caller's promise.
    let bytes = unsafe { std::slice::from_raw_parts(p, itemsize) };
    macro_rules! decode {
        ($($f:literal => $t:ty),* $(,)?) => {
            match format.strip_prefix('@').unwrap_or(format) {
                $($f if itemsize == size_of::<$t>() => {
                    let v = <$t>::from_ne_bytes(bytes.try_into().expect("itemsize checked"));
                    return Ok(v.into_pyobject(py)?.into_any().unbind());
                })*
                "?" if itemsize == 1 => {
                    return Ok(PyBool::new(py, bytes[0] != 0).to_owned().into_any().unbind());
                }
                "c" if itemsize == 1 => return Ok(PyBytes::new(py, bytes).into_any().unbind()),
                _ => {}
            }
        };
    }
    decode!(
        "b" => i8, "B" => u8, "h" => i16, "H" => u16, "i" => i32, "I" => u32,
        "l" => std::ffi::c_long, "L" => std::ffi::c_ulong, "q" => i64, "Q" => u64,
        "n" => isize, "N" => usize, "f" => f32, "d" => f64,
    );
    // What `struct` cannot unpack, memoryview refuses too: with its exception, not
    // `struct.error`.
    let values = py
        .import("struct")?
        .call_method1("unpack", (format, PyBytes::new(py, bytes)))
        .map_err(|_| {
            PyNotImplementedError::new_err(format!(
                "memslice.View: reading format {format:?} is not supported"
            ))
        })?;
    let values = values.cast_into::<PyTuple>()?;
    if values.len() == 1 {
        Ok(values.get_item(0)?.unbind())
    } else {
        Ok(values.into_any().unbind())
    }
}

impl View {
    /// A view of `obj`'s whole buffer, exported as `memoryview(obj)` asks (`PyBUF_FULL_RO`).
    ///
    /// # Errors
    ///
    /// What the exporter raises, or `ValueError` for a `Py_buffer` no consumer may read.
    pub fn new(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        let held = Held::get(obj, Flags::FULL_RO)?;
        let parts = held.parts()?;
        let g = parts.geometry();
        let suboffsets = match g.suboffsets {
            Some(s) if s.iter().any(|&x| x >= 0) => s,
            _ => Vec::new(),
        };
        Ok(View {
            ptr: parts.buf.as_ptr(),
            readonly: g.readonly,
            format: g.format,
            itemsize: g.itemsize,
            shape: g.shape,
            strides: g.strides,
            suboffsets,
            exports: AtomicUsize::new(0),
            held: Arc::new(held),
        })
    }

    fn suboffset(&self, axis: usize) -> isize {
        self.suboffsets.get(axis).copied().unwrap_or(-1)
    }

    fn is_empty(&self) -> bool {
        self.shape.contains(&0)
    }

    /// The exported bytes registered read-only for as long as the result lives: while this
    /// view's own code reads elements, no Rust view may write them (a kernel running without
    /// the GIL on another thread, say), as for any other Rust view.
    fn reading(&self) -> PyResult<crate::borrows::Token> {
        let (lo, hi) = self.held.parts()?.span();
        crate::borrows::register(lo, hi, false)
    }

    /// NumPy's basic indexing: a sub-view, or the element when every axis gets an int.
    fn index<'py>(&self, key: &Bound<'py, PyAny>) -> PyResult<Result<View, Py<PyAny>>> {
        let py = key.py();
        let items: Vec<Bound<'py, PyAny>> = match key.cast::<PyTuple>() {
            Ok(t) => t.iter().collect(),
            Err(_) => vec![key.clone()],
        };
        let keys = items.iter().map(parse_key).collect::<PyResult<Vec<_>>>()?;
        let ndim = self.shape.len();
        let ellipses = keys.iter().filter(|k| matches!(k, Key::Ellipsis)).count();
        if ellipses > 1 {
            return Err(PyIndexError::new_err(
                "an index can only have a single ellipsis ('...')",
            ));
        }
        let consumed = keys
            .iter()
            .filter(|k| matches!(k, Key::Int(_) | Key::Slice(_)))
            .count();
        if consumed > ndim {
            return Err(PyIndexError::new_err(format!(
                "too many indices for array: array is {ndim}-dimensional, but {consumed} were \
                 indexed"
            )));
        }
        // NumPy's limit (and the buffer protocol's, PyBUF_MAX_NDIM): beyond it consumers
        // refuse the description, and a huge `None` tuple crashed the export.
        let ints = keys.iter().filter(|k| matches!(k, Key::Int(_))).count();
        let new_axes = keys.iter().filter(|k| matches!(k, Key::NewAxis)).count();
        let result_ndim = ndim - ints + new_axes;
        if result_ndim > 64 {
            return Err(PyIndexError::new_err(format!(
                "number of dimensions must be within [0, 64], but is {result_ndim}"
            )));
        }
        let scalar =
            ellipses == 0 && consumed == ndim && keys.iter().all(|k| matches!(k, Key::Int(_)));
        let empty = self.is_empty();
        let mut out = Geometry::default();
        let mut ptr = self.ptr;
        // The output axis of the last kept indirect axis: later offsets are added after its
        // pointer is followed, so they go into its suboffset (as _testbuffer's slicing does).
        let mut anchor: Option<usize> = None;
        let mut kept_source = false;
        let mut axis = 0;
        let overflow = || PyIndexError::new_err("index offset overflows isize");
        for key in keys.iter().chain(std::iter::repeat_n(
            &Key::Ellipsis,
            usize::from(ellipses == 0),
        )) {
            match key {
                Key::NewAxis => out.push(1, 0, -1),
                Key::Ellipsis => {
                    for _ in 0..ndim - consumed {
                        let sub = self.suboffset(axis);
                        if sub >= 0 {
                            anchor = Some(out.shape.len());
                        }
                        out.push(self.shape[axis], self.strides[axis], sub);
                        kept_source = true;
                        axis += 1;
                    }
                }
                Key::Int(i) => {
                    let n = self.shape[axis];
                    let at = if *i < 0 { i + n as isize } else { *i };
                    if at < 0 || at >= n as isize {
                        return Err(PyIndexError::new_err(format!(
                            "index {i} is out of bounds for axis {axis} with size {n}"
                        )));
                    }
                    let off = at.checked_mul(self.strides[axis]).ok_or_else(overflow)?;
                    out.add(&mut ptr, anchor, off);
                    let sub = self.suboffset(axis);
                    if sub >= 0 {
                        if kept_source {
                            return Err(PyNotImplementedError::new_err(format!(
                                "memslice.View: an int index on indirect axis {axis} after a \
                                 kept axis cannot be a view (suboffsets {:?})",
                                self.suboffsets
                            )));
                        }
                        if !empty {
                            // SAFETY: no axis before this one is kept, so `ptr` is the
                            // address `PyBuffer_GetPointer` reaches for an in-bounds index
                            // of a non-empty live export, where a pointer is stored.
                            ptr = unsafe { follow(ptr, sub) };
                        }
                    }
                    axis += 1;
                }
                Key::Slice(s) => {
                    let n = self.shape[axis];
                    let ind = s.indices(n as isize)?;
                    // NumPy's `get_view_from_index`: an empty slice points at the start.
                    let (start, step, len) = if ind.slicelength == 0 {
                        (0, 1, 0)
                    } else {
                        (ind.start, ind.step, ind.slicelength)
                    };
                    let stride = self.strides[axis];
                    out.add(
                        &mut ptr,
                        anchor,
                        start.checked_mul(stride).ok_or_else(overflow)?,
                    );
                    let sub = self.suboffset(axis);
                    if sub >= 0 {
                        anchor = Some(out.shape.len());
                    }
                    // One element or none is never stepped over: a step so large that its
                    // stride overflows still selects it (NumPy's `a[::2**62]` has shape (1,)).
                    let stepped = step
                        .checked_mul(stride)
                        .or((len <= 1).then_some(stride))
                        .ok_or_else(overflow)?;
                    out.push(len, stepped, sub);
                    kept_source = true;
                    axis += 1;
                }
            }
        }
        if scalar {
            let _reading = self.reading()?;
            // SAFETY: every axis got an in-bounds int, so `ptr` is `PyBuffer_GetPointer` of
            // that index, `itemsize` bytes of the live export.
            return Ok(Err(unsafe {
                read_element(py, ptr, &self.format, self.itemsize)?
            }));
        }
        let suboffsets = if out.suboffsets.iter().any(|&x| x >= 0) {
            out.suboffsets
        } else {
            Vec::new()
        };
        Ok(Ok(View {
            held: Arc::clone(&self.held),
            ptr,
            readonly: self.readonly,
            format: self.format.clone(),
            itemsize: self.itemsize,
            shape: out.shape,
            strides: out.strides,
            suboffsets,
            exports: AtomicUsize::new(0),
        }))
    }

    /// The elements as nested lists, `memoryview.tolist()`.
    fn to_list(&self, py: Python<'_>, ptr: *mut u8, axis: usize) -> PyResult<Py<PyAny>> {
        if axis == self.shape.len() {
            // SAFETY: every axis was walked with an in-bounds index (below), so `ptr` is an
            // element of the live export.
            return unsafe { read_element(py, ptr, &self.format, self.itemsize) };
        }
        let mut items = Vec::with_capacity(self.shape[axis]);
        for i in 0..self.shape[axis] {
            let mut p = ptr.wrapping_byte_offset(i as isize * self.strides[axis]);
            let sub = self.suboffset(axis);
            if sub >= 0 {
                // SAFETY: an in-bounds index on an indirect axis of a non-empty live export
                // (the loop does not run for an empty axis) addresses a stored pointer.
                p = unsafe { follow(p, sub) };
            }
            items.push(self.to_list(py, p, axis + 1)?);
        }
        Ok(PyList::new(py, items)?.into_any().unbind())
    }

    fn offer(&self) -> Offer<'_> {
        Offer {
            buf: self.ptr,
            readonly: self.readonly,
            format: &self.format,
            itemsize: self.itemsize,
            shape: &self.shape,
            strides: &self.strides,
            suboffsets: (!self.suboffsets.is_empty()).then_some(&self.suboffsets[..]),
        }
    }
}

/// The axes of a view being built.
#[derive(Default)]
struct Geometry {
    shape: Vec<usize>,
    strides: Vec<isize>,
    suboffsets: Vec<isize>,
}

impl Geometry {
    /// Adds `off` bytes where the walk is: to element 0, or after the pointer of the last
    /// kept indirect axis is followed (its suboffset).
    fn add(&mut self, ptr: &mut *mut u8, anchor: Option<usize>, off: isize) {
        match anchor {
            Some(d) => self.suboffsets[d] += off,
            None => *ptr = ptr.wrapping_byte_offset(off),
        }
    }

    fn push(&mut self, extent: usize, stride: isize, sub: isize) {
        self.shape.push(extent);
        self.strides.push(stride);
        self.suboffsets.push(sub);
    }
}

#[pymethods]
impl View {
    #[new]
    fn py_new(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        View::new(obj)
    }

    fn __getitem__(&self, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = key.py();
        Ok(match self.index(key)? {
            Ok(view) => Bound::new(py, view)?.into_any().unbind(),
            Err(element) => element,
        })
    }

    /// The transpose: axes reversed, no copy.
    #[getter(T)]
    fn transpose(&self) -> PyResult<View> {
        if !self.suboffsets.is_empty() {
            return Err(PyValueError::new_err(format!(
                "cannot transpose an indirect view (suboffsets {:?}): its pointers are followed \
                 in axis order",
                self.suboffsets
            )));
        }
        let reversed = |v: &[isize]| v.iter().rev().copied().collect::<Vec<_>>();
        Ok(View {
            held: Arc::clone(&self.held),
            ptr: self.ptr,
            readonly: self.readonly,
            format: self.format.clone(),
            itemsize: self.itemsize,
            shape: self.shape.iter().rev().copied().collect(),
            strides: reversed(&self.strides),
            suboffsets: Vec::new(),
            exports: AtomicUsize::new(0),
        })
    }

    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.shape)
    }
    #[getter]
    fn strides<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.strides)
    }
    /// `()` when every axis is direct, as `memoryview.suboffsets`.
    #[getter]
    fn suboffsets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.suboffsets)
    }
    #[getter]
    fn format(&self) -> &str {
        &self.format
    }
    #[getter]
    fn itemsize(&self) -> usize {
        self.itemsize
    }
    #[getter]
    fn ndim(&self) -> usize {
        self.shape.len()
    }
    #[getter]
    fn readonly(&self) -> bool {
        self.readonly
    }
    #[getter]
    fn nbytes(&self) -> usize {
        self.shape.iter().product::<usize>() * self.itemsize
    }
    /// The exporting object.
    #[getter]
    fn obj(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        let obj = self.held.raw().obj;
        // SAFETY: a non-null `obj` is a strong reference the held export owns.
        (!obj.is_null()).then(|| unsafe { Bound::from_borrowed_ptr(py, obj) }.unbind())
    }
    /// Live buffer exports of this view.
    #[getter]
    fn exports(&self) -> usize {
        self.exports.load(Ordering::Relaxed)
    }

    /// The sub-views (or elements) along the first axis, as NumPy iterates; a 0-d view is not
    /// iterable (TypeError, as NumPy says).
    fn __iter__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
        let Some(&n) = slf.get().shape.first() else {
            return Err(PyTypeError::new_err("iteration over a 0-d view"));
        };
        let items = PyList::empty(slf.py());
        for i in 0..n {
            items.append(slf.as_any().get_item(i)?)?;
        }
        items.try_iter()
    }

    fn __len__(&self) -> PyResult<usize> {
        self.shape
            .first()
            .copied()
            .ok_or_else(|| PyTypeError::new_err("len() of a 0-d view"))
    }

    fn tolist(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let _reading = self.reading()?;
        self.to_list(py, self.ptr, 0)
    }

    fn __repr__(&self) -> String {
        format!(
            "memslice.View(format={:?}, shape={:?}, strides={:?}{})",
            self.format,
            self.shape,
            self.strides,
            if self.suboffsets.is_empty() {
                String::new()
            } else {
                format!(", suboffsets={:?}", self.suboffsets)
            }
        )
    }

    /// # Safety
    ///
    /// Called by CPython as `bf_getbuffer`.
    unsafe fn __getbuffer__(
        slf: Bound<'_, Self>,
        view: *mut pyo3::ffi::Py_buffer,
        flags: c_int,
    ) -> PyResult<()> {
        let this = slf.get();
        // SAFETY: CPython's `view`; the memory is kept exported by `held`, which the new
        // export's reference to `slf` keeps alive; writable only if the source export is.
        unsafe {
            export::fill(
                view,
                flags,
                || slf.clone().into_any().into_ptr(),
                &this.offer(),
            )?
        };
        this.exports.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// # Safety
    ///
    /// Called by CPython as `bf_releasebuffer`, once per successful `bf_getbuffer`.
    unsafe fn __releasebuffer__(&self, view: *mut pyo3::ffi::Py_buffer) {
        // SAFETY: `view` was filled by `__getbuffer__` above and is released once.
        unsafe { export::release(view) };
        self.exports.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::NonNull;

    // PyBuffer_GetPointer's step on an indirect axis, over a pointer table stored unaligned
    // (run under Miri: the stored pointers keep their provenance).
    #[test]
    fn follow_reads_unaligned_stored_pointers() {
        let rows = [[1_i64, 2], [3, 4]];
        let mut table = [0_u8; 1 + 2 * size_of::<*const u8>()];
        for (k, row) in rows.iter().enumerate() {
            let p: *const u8 = NonNull::from(row).cast::<u8>().as_ptr();
            let at = table[1 + k * size_of::<*const u8>()..].as_mut_ptr();
            // SAFETY: `at` has room for one pointer inside `table`.
            unsafe { at.cast::<*const u8>().write_unaligned(p) };
        }
        let second = table[1 + size_of::<*const u8>()..].as_mut_ptr();
        // SAFETY: `second` holds a pointer to `rows[1]`; 8 bytes in is its element 1.
        let p = unsafe { follow(second, 8) };
        // SAFETY: `p` is `rows[1][1]`, aligned.
        assert_eq!(unsafe { p.cast::<i64>().read() }, 4);
    }

    #[test]
    fn offsets_go_to_the_last_kept_indirect_axis() {
        let mut g = Geometry::default();
        let mut ptr = std::ptr::null_mut::<u8>();
        g.push(3, 8, 0);
        g.add(&mut ptr, Some(0), 16);
        g.add(&mut ptr, None, 24);
        assert_eq!((g.suboffsets, ptr as usize), (vec![16], 24));
    }
}
