//! memslice owners as Python objects that export their memory: [`Array`] (an owned n-d array,
//! or a read-only [`SharedView`]) and [`ByteArray`] (growable, refusing to move while Python
//! holds a view of it, as `bytearray` does).

use std::ffi::c_int;
use std::ptr::NonNull;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytemuck::Pod;
use memslice_alloc::SharedView;
use memslice_core::buffer::{BufferError, Element, Format};
use memslice_core::layout::{self, Order};
use pyo3::exceptions::{PyMemoryError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::export::{self, Offer};
use crate::import::PyExport;
use crate::to_pyerr;

/// Elements moved out of a `Vec` into a raw allocation, so that the only pointer to them is
/// raw (with write provenance) and no Rust reference ever covers bytes a consumer writes.
struct Elements<T> {
    ptr: NonNull<T>,
    len: usize,
}

// SAFETY: owns its elements like a `Box<[T]>`, which is `Send` for `T: Send`.
unsafe impl<T: Send> Send for Elements<T> {}
// SAFETY: shared access hands out only the pointer; the export rules govern what is done
// through it, as for any Python buffer.
unsafe impl<T: Sync> Sync for Elements<T> {}

impl<T> Elements<T> {
    fn new(v: Vec<T>) -> Self {
        let len = v.len();
        let ptr = NonNull::from(Box::leak(v.into_boxed_slice())).cast();
        Elements { ptr, len }
    }
}

/// Python's `MemoryError` for an allocation of `bytes` the allocator refused: what `bytearray`
/// and `numpy.zeros` raise, where Rust's infallible allocation would abort the interpreter.
fn memory_error(bytes: usize) -> PyErr {
    PyMemoryError::new_err(format!("cannot allocate {bytes} bytes"))
}

/// Reserves room for `additional` more bytes in `v`, or `MemoryError`.
fn try_reserve(v: &mut Vec<u8>, additional: usize) -> PyResult<()> {
    v.try_reserve_exact(additional)
        .map_err(|_| memory_error(additional))
}

/// `n` zeroed words, allocated zeroed (lazily, as `calloc` and `numpy.zeros` do), or
/// `MemoryError`.
fn zeroed_words(n: usize) -> PyResult<Vec<u64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let layout =
        std::alloc::Layout::array::<u64>(n).map_err(|_| memory_error(n.saturating_mul(8)))?;
    // SAFETY: the layout has a non-zero size.
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return Err(memory_error(layout.size()));
    }
    // SAFETY: allocated by the global allocator with `Layout::array::<u64>(n)`, so with a
    // `Vec<u64>`'s layout for capacity `n`; all `n` words are zero bytes, a valid `u64`.
    Ok(unsafe { Vec::from_raw_parts(ptr.cast(), n, n) })
}

impl<T> Drop for Elements<T> {
    fn drop(&mut self) {
        let slice = NonNull::slice_from_raw_parts(self.ptr, self.len);
        // SAFETY: the allocation `new` leaked, freed once; the object that owns this is being
        // dropped, so no export of it is live (each holds a reference to the object).
        drop(unsafe { Box::from_raw(slice.as_ptr()) });
    }
}

/// An owned n-d array exported through the buffer protocol: `memoryview(a)` and
/// `numpy.asarray(a)` share its memory.
///
/// From Python, `memslice.Array(shape, format="d", order="C")` makes one of zeros. From Rust,
/// [`from_array`](Self::from_array) moves a [`memslice_alloc::Array`] in (no copy) and
/// [`from_shared`](Self::from_shared) exports a [`SharedView`] read-only, whatever its strides.
///
/// # Examples
///
/// ```
/// use memslice_alloc::Array as Owned;
/// use memslice_core::layout::Order;
/// use memslice_py::Array;
/// use pyo3::prelude::*;
///
/// Python::attach(|py| -> PyResult<()> {
///     let owned = Owned::from_fn([2, 3], Order::F, |[i, j]| (10 * i + j) as f64);
///     let a = Bound::new(py, Array::from_array(owned)?)?;
///     let m = py.import("builtins")?.getattr("memoryview")?.call1((&a,))?;
///     assert_eq!(m.getattr("strides")?.extract::<(isize, isize)>()?, (8, 16));
///     assert_eq!(m.call_method0("tolist")?.extract::<Vec<Vec<f64>>>()?, [[0.0, 1.0, 2.0], [10.0, 11.0, 12.0]]);
///     Ok(())
/// })
/// .unwrap();
/// ```
#[pyclass(frozen, module = "memslice")]
pub struct Array {
    buf: NonNull<u8>,
    readonly: bool,
    format: String,
    itemsize: usize,
    shape: Vec<usize>,
    strides: Vec<isize>,
    exports: AtomicUsize,
    // Keeps the memory `buf` points into alive and in place; never resized.
    _owner: Box<dyn Send + Sync>,
}

// SAFETY: `buf` points into `_owner`, which is `Send + Sync`; the pointer is only handed to
// consumers through the buffer protocol.
unsafe impl Send for Array {}
// SAFETY: as above.
unsafe impl Sync for Array {}

impl std::fmt::Debug for Array {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Array")
            .field("format", &self.format)
            .field("shape", &self.shape)
            .field("strides", &self.strides)
            .field("readonly", &self.readonly)
            .finish()
    }
}

/// The order named by Python's `"C"` / `"F"`.
pub(crate) fn parse_order(order: &str) -> PyResult<Order> {
    match order {
        "C" | "c" => Ok(Order::C),
        "F" | "f" => Ok(Order::F),
        _ => Err(PyValueError::new_err(format!(
            "order must be 'C' or 'F', not {order:?}"
        ))),
    }
}

/// `T::FORMAT`, checked to describe `T`: a struct-module format whose itemsize is
/// `size_of::<T>()`. `Element` is a safe trait, and a consumer reads as many bytes per item as
/// the format says: a wrong one must not let it read past the elements.
fn own_format<T: Element>() -> PyResult<String> {
    let format = Format::parse(T::FORMAT).map_err(|e| to_pyerr(e.into()))?;
    if format.itemsize() != size_of::<T>() || T::FORMAT.contains('\0') {
        return Err(PyTypeError::new_err(format!(
            "{}'s FORMAT {:?} describes {}-byte items, but the type is {} bytes: it cannot be \
             exported",
            std::any::type_name::<T>(),
            T::FORMAT,
            format.itemsize(),
            size_of::<T>()
        )));
    }
    Ok(T::FORMAT.to_owned())
}

impl Array {
    /// Moves an owned array in: writable, in the array's order. No copy.
    ///
    /// # Errors
    ///
    /// `TypeError` if `T::FORMAT` does not describe `T` (its itemsize is not `size_of::<T>()`).
    pub fn from_array<T: Element + Pod + Send + Sync, const N: usize>(
        array: memslice_alloc::Array<T, N>,
    ) -> PyResult<Self> {
        let format = own_format::<T>()?;
        let (shape, order) = (*array.shape(), array.order());
        let strides = layout::contiguous_strides(&shape, size_of::<T>(), order)
            .expect("an Array's shape fits isize bytes");
        let elements = Elements::new(array.into_vec());
        Ok(Array {
            buf: elements.ptr.cast(),
            readonly: false,
            format,
            itemsize: size_of::<T>(),
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            exports: AtomicUsize::new(0),
            _owner: Box::new(elements),
        })
    }

    /// Exports a shared view read-only, with its strides (negative ones included). No copy:
    /// the object keeps one count of the view's owner.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::SharedView;
    /// use memslice_core::s;
    /// use memslice_py::Array;
    /// use pyo3::prelude::*;
    ///
    /// Python::attach(|py| -> PyResult<()> {
    ///     let v = SharedView::new((0..6_i32).collect::<Vec<_>>(), [6]).unwrap();
    ///     let a = Bound::new(py, Array::from_shared(v.map(|v| v.slice(s![..;-2])))?)?;
    ///     let m = py.import("builtins")?.getattr("memoryview")?.call1((&a,))?;
    ///     assert_eq!(m.call_method0("tolist")?.extract::<Vec<i32>>()?, [5, 3, 1]);
    ///     assert!(m.getattr("readonly")?.extract::<bool>()?);
    ///     Ok(())
    /// })
    /// .unwrap();
    /// ```
    ///
    /// # Errors
    ///
    /// As [`from_array`](Self::from_array).
    pub fn from_shared<T: Element + Send + Sync, const N: usize>(
        view: SharedView<T, N>,
    ) -> PyResult<Self> {
        let format = own_format::<T>()?;
        let v = view.view();
        let buf = NonNull::new(v.as_ptr().cast_mut()).unwrap_or(NonNull::dangling());
        let (shape, strides) = (*v.shape(), *v.strides());
        Ok(Array {
            // An empty view's pointer may dangle: nothing is read through it.
            buf: buf.cast(),
            readonly: true,
            format,
            itemsize: size_of::<T>(),
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            exports: AtomicUsize::new(0),
            _owner: Box::new(view),
        })
    }

    /// An array of zeros of any struct-module `format` with a non-zero itemsize.
    ///
    /// # Errors
    ///
    /// `TypeError` for a bad format, `ValueError` for an itemsize of 0 or a shape whose bytes
    /// overflow `isize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::layout::Order;
    /// use memslice_py::Array;
    ///
    /// pyo3::Python::attach(|_| {
    ///     let a = Array::zeros(vec![2, 3], "h", Order::F).unwrap();
    ///     assert_eq!(a.exports(), 0);
    ///     assert!(Array::zeros(vec![2], "w", Order::C).is_err()); // not a struct format
    /// });
    /// ```
    pub fn zeros(shape: Vec<usize>, format: &str, order: Order) -> PyResult<Self> {
        let itemsize = Format::parse(format)
            .map_err(|e| to_pyerr(e.into()))?
            .itemsize();
        if itemsize == 0 {
            return Err(PyValueError::new_err(format!(
                "format {format:?} has itemsize 0"
            )));
        }
        let overflow = || {
            PyValueError::new_err(format!(
                "array shape {shape:?} of {itemsize}-byte items is too large"
            ))
        };
        let bytes = layout::checked_size(&shape)
            .and_then(|n| n.checked_mul(itemsize))
            .filter(|&b| b <= isize::MAX as usize)
            .ok_or_else(overflow)?;
        let strides = layout::contiguous_strides(&shape, itemsize, order).ok_or_else(overflow)?;
        // u64 words: aligned for every standard format (struct's alignment is at most 8).
        let elements = Elements::new(zeroed_words(bytes.div_ceil(8))?);
        Ok(Array {
            buf: elements.ptr.cast(),
            readonly: false,
            format: format.to_owned(),
            itemsize,
            shape,
            strides,
            exports: AtomicUsize::new(0),
            _owner: Box::new(elements),
        })
    }

    /// The same array under another format string of the same layout (`l` for `q`), as a
    /// copy keeps its source's.
    pub(crate) fn with_format(mut self, format: &str) -> Self {
        debug_assert_eq!(
            Format::parse(format).map(|f| f.itemsize()),
            Ok(self.itemsize)
        );
        self.format = format.to_owned();
        self
    }

    /// How many buffer exports of this object are live.
    pub fn exports(&self) -> usize {
        self.exports.load(Ordering::Relaxed)
    }

    fn offer(&self) -> Offer<'_> {
        Offer {
            buf: self.buf.as_ptr(),
            readonly: self.readonly,
            format: &self.format,
            itemsize: self.itemsize,
            shape: &self.shape,
            strides: &self.strides,
            suboffsets: None,
        }
    }
}

#[pymethods]
impl Array {
    #[new]
    #[pyo3(signature = (shape, format = "d", order = "C"))]
    fn py_new(shape: &Bound<'_, PyAny>, format: &str, order: &str) -> PyResult<Self> {
        let shape: Vec<usize> = match shape.extract::<usize>() {
            Ok(n) => vec![n],
            Err(_) => shape.extract().map_err(|_| {
                PyValueError::new_err("shape must be a non-negative int or a sequence of them")
            })?,
        };
        if shape.len() > 64 {
            return Err(PyValueError::new_err(format!(
                "an array has at most 64 dimensions, not {}",
                shape.len()
            )));
        }
        Array::zeros(shape, format, parse_order(order)?)
    }

    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.shape)
    }
    #[getter]
    fn strides<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.strides)
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
        layout::checked_size(&self.shape).unwrap_or(0) * self.itemsize
    }
    /// Live buffer exports of this object.
    #[getter(exports)]
    fn py_exports(&self) -> usize {
        self.exports()
    }

    fn __len__(&self) -> PyResult<usize> {
        self.shape
            .first()
            .copied()
            .ok_or_else(|| pyo3::exceptions::PyTypeError::new_err("len() of a 0-d array"))
    }

    fn __repr__(&self) -> String {
        format!(
            "memslice.Array(shape={:?}, format={:?}, strides={:?}{})",
            self.shape,
            self.format,
            self.strides,
            if self.readonly { ", readonly" } else { "" }
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
        // SAFETY: CPython's `view`; the memory lives in `_owner` while the object does, which
        // the export's reference keeps alive, and is never resized; writable unless read-only.
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

/// A growable byte buffer that exports its memory as `bytearray` does (`PyBuffer_FillInfo`),
/// and refuses to grow or shrink while any export is live, with CPython's `BufferError`: the
/// relocated-bytearray hazard of the Cython seeds, refused instead of dangling.
///
/// # Examples
///
/// ```
/// use memslice_py::ByteArray;
/// use pyo3::prelude::*;
///
/// Python::attach(|py| -> PyResult<()> {
///     let b = Bound::new(py, ByteArray::from(vec![1, 2, 3]))?;
///     let m = py.import("builtins")?.getattr("memoryview")?.call1((&b,))?;
///     assert!(b.call_method1("extend", (b"more",)).is_err()); // BufferError: exported
///     m.call_method0("release")?;
///     b.call_method1("extend", (b"more",))?;
///     assert_eq!(b.len()?, 7);
///     Ok(())
/// })
/// .unwrap();
/// ```
#[pyclass(frozen, module = "memslice")]
#[derive(Debug)]
pub struct ByteArray {
    // Locked to resize (only while `exports` is 0) and to export (counting under the lock),
    // so no export ever sees the bytes move.
    bytes: Mutex<Vec<u8>>,
    exports: AtomicUsize,
}

impl From<Vec<u8>> for ByteArray {
    fn from(bytes: Vec<u8>) -> Self {
        ByteArray {
            bytes: Mutex::new(bytes),
            exports: AtomicUsize::new(0),
        }
    }
}

impl From<memslice_core::buffer::ByteArray> for ByteArray {
    fn from(bytes: memslice_core::buffer::ByteArray) -> Self {
        ByteArray::from(bytes.into_vec())
    }
}

impl ByteArray {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        // Every change under the lock is one Vec call: a poisoned Vec is still whole.
        self.bytes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the bytes if no export is live: the only time they may move. `f` reserves
    /// what it adds with `try_reserve`, so that a refused allocation is a `MemoryError`.
    fn resize_with(&self, f: impl FnOnce(&mut Vec<u8>) -> PyResult<()>) -> PyResult<()> {
        let mut bytes = self.lock();
        match self.exports.load(Ordering::Acquire) {
            0 => f(&mut bytes),
            count => Err(to_pyerr(BufferError::ExportsExist { count })),
        }
    }
}

#[pymethods]
impl ByteArray {
    #[new]
    #[pyo3(signature = (data = None))]
    fn py_new(data: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Ok(ByteArray::from(match data {
            Some(d) => copy_bytes(d)?,
            None => Vec::new(),
        }))
    }

    /// Appends the bytes of any buffer, in C order (`bytearray.extend`).
    fn extend(&self, data: &Bound<'_, PyAny>) -> PyResult<()> {
        // Copied first, and the export released, so that `b.extend(b)` works as in CPython.
        let more = copy_bytes(data)?;
        if more.is_empty() {
            // Nothing moves: allowed while exported, as `bytearray.extend(b"")` is.
            return Ok(());
        }
        self.resize_with(|v| {
            try_reserve(v, more.len())?;
            v.extend_from_slice(&more);
            Ok(())
        })
    }

    /// Resizes to `n` bytes, new ones zero.
    fn resize(&self, n: usize) -> PyResult<()> {
        if self.lock().len() == n {
            // Nothing moves: allowed while exported, as a same-size bytearray resize is.
            return Ok(());
        }
        self.resize_with(|v| {
            try_reserve(v, n.saturating_sub(v.len()))?;
            v.resize(n, 0);
            Ok(())
        })
    }

    /// Live buffer exports of this object.
    #[getter]
    fn exports(&self) -> usize {
        self.exports.load(Ordering::Relaxed)
    }

    fn __len__(&self) -> usize {
        self.lock().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "memslice.ByteArray(len={}, exports={})",
            self.__len__(),
            self.exports()
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
        let mut bytes = this.lock();
        let (ptr, len) = (bytes.as_mut_ptr(), bytes.len() as pyo3::ffi::Py_ssize_t);
        // SAFETY: the Vec's `len` bytes stay in place while the export is counted (counted
        // below, under the same lock that resizing takes); `view` is CPython's; the owner
        // reference keeps `slf` alive. PyBuffer_FillInfo is what `bytearray` itself calls.
        let rc =
            unsafe { pyo3::ffi::PyBuffer_FillInfo(view, slf.as_ptr(), ptr.cast(), len, 0, flags) };
        if rc != 0 {
            return Err(PyErr::fetch(slf.py()));
        }
        this.exports.fetch_add(1, Ordering::AcqRel);
        drop(bytes);
        Ok(())
    }

    /// # Safety
    ///
    /// Called by CPython as `bf_releasebuffer`, once per successful `bf_getbuffer`.
    unsafe fn __releasebuffer__(&self, _view: *mut pyo3::ffi::Py_buffer) {
        self.exports.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The bytes of any buffer, copied in C order (`PyBuffer_ToContiguous`), as `bytearray(x)`
/// takes them.
fn copy_bytes(data: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let export = PyExport::get(data, memslice_core::buffer::Flags::FULL_RO)?;
    let len = export.info().len();
    let mut bytes = Vec::new();
    try_reserve(&mut bytes, len)?;
    bytes.resize(len, 0);
    export
        .info()
        .to_contiguous(&mut bytes, Some(Order::C))
        .map_err(to_pyerr)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Consumers write through the raw pointer while the owner holds no reference to the
    // elements; the allocation is freed once, whole (run under Miri).
    #[test]
    fn elements_are_written_through_their_pointer_and_freed_whole() {
        let e = Elements::new(vec![0_u64; 4]);
        // SAFETY: element 3 of the four `e` owns.
        let third = unsafe { e.ptr.add(3) };
        // SAFETY: in bounds, aligned, and no reference covers the elements.
        unsafe { third.write(7) };
        // SAFETY: as above, read back.
        assert_eq!(unsafe { third.read() }, 7);
        drop(e);
        drop(Elements::new(Vec::<u64>::new())); // the empty allocation too
    }
}
