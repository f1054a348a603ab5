//! [`Held`]: one `Py_buffer` filled by `PyObject_GetBuffer` and released exactly once, by
//! `PyBuffer_Release` on drop (also while a panic unwinds).

use std::borrow::Cow;
use std::ffi::{CStr, c_int};
use std::ptr::NonNull;

use memslice_core::buffer::{BufferInfo, Flags};
use memslice_core::layout::{self, Order};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::types::{PyAnyMethods, PyTypeMethods};
use pyo3::{Bound, PyAny, PyErr, PyResult, Python, ffi};

/// A live export of a Python object's buffer. The `Py_buffer` is boxed: exporters may point
/// its `shape` and `strides` at its own fields (`PyBuffer_FillInfo` does), so it must not move
/// between `PyObject_GetBuffer` and `PyBuffer_Release`.
pub(crate) struct Held {
    raw: Box<ffi::Py_buffer>,
    /// Whether the request asked for a shape (`PyBUF_ND`): without it a NULL shape means one
    /// axis of `len` bytes whatever `ndim` says (NumPy answers a SIMPLE request with ndim 0).
    shaped: bool,
}

// SAFETY: after `PyObject_GetBuffer` the `Py_buffer` is only read (it is plain data: pointers
// to the exporter's memory and arrays, which the export keeps alive); the one write,
// `PyBuffer_Release`, happens in `drop` with the interpreter attached. Sending or sharing it
// between threads is what the GIL-released kernels do with any `Py_buffer` in C.
unsafe impl Send for Held {}
// SAFETY: as above: shared access only reads.
unsafe impl Sync for Held {}

/// The geometry of an export, with CPython's defaults filled in: what memslice saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Geometry {
    pub(crate) buf: usize,
    pub(crate) len: usize,
    pub(crate) readonly: bool,
    pub(crate) format: String,
    pub(crate) itemsize: usize,
    pub(crate) shape: Vec<usize>,
    pub(crate) strides: Vec<isize>,
    /// `None` when the exporter gave none (every axis direct).
    pub(crate) suboffsets: Option<Vec<isize>>,
}

impl Geometry {
    /// Whether some axis is indirect (a suboffset is non-negative).
    pub(crate) fn is_indirect(&self) -> bool {
        self.suboffsets
            .as_ref()
            .is_some_and(|s| s.iter().any(|&x| x >= 0))
    }

    /// Contiguity as `memoryview` reports it (`c_contiguous` / `f_contiguous`): indirect
    /// buffers never are; one axis is when its extent is 1 or its stride the itemsize, even
    /// when empty (`PyBuffer_IsContiguous` calls every empty buffer contiguous; memoryview's
    /// flags do not, and `describe` answers as memoryview does).
    pub(crate) fn is_contiguous(&self, order: Order) -> bool {
        if self.is_indirect() {
            return false;
        }
        match (self.shape.as_slice(), order) {
            ([n], _) => *n == 1 || self.strides[0] == self.itemsize as isize,
            (shape, Order::C) => layout::is_c_contiguous(shape, &self.strides, self.itemsize),
            (shape, Order::F) => layout::is_f_contiguous(shape, &self.strides, self.itemsize),
        }
    }
}

impl Held {
    /// `PyObject_GetBuffer(obj, flags)`, or the exception the exporter raised (a `TypeError`
    /// for an object without the buffer protocol).
    pub(crate) fn get(obj: &Bound<'_, PyAny>, flags: Flags) -> PyResult<Held> {
        let mut raw = Box::new(ffi::Py_buffer::new());
        // CPython's flags are a C int; every defined flag fits.
        let bits = flags.bits() as c_int;
        // SAFETY: `obj` is a live object and `obj.py()` proves the interpreter is attached;
        // `raw` is a valid, boxed (unmoving) `Py_buffer` for the exporter to fill.
        let rc = unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &mut *raw, bits) };
        if rc != 0 {
            let err = PyErr::fetch(obj.py());
            // SAFETY: `obj` is a live object and the interpreter is attached.
            if unsafe { ffi::PyObject_CheckBuffer(obj.as_ptr()) } == 0 {
                let name = obj
                    .get_type()
                    .name()
                    .map_or_else(|_| "object".into(), |n| n.to_string());
                let none = PyTypeError::new_err(format!(
                    "memslice needs an object with the buffer protocol (bytes, bytearray, \
                     array.array, memoryview, a NumPy array, ...), not {name}"
                ));
                none.set_cause(obj.py(), Some(err));
                return Err(none);
            }
            return Err(err);
        }
        Ok(Held {
            raw,
            shaped: flags.contains(Flags::ND),
        })
    }

    /// The `Py_buffer` as filled.
    pub(crate) fn raw(&self) -> &ffi::Py_buffer {
        &self.raw
    }

    /// The exporter's fields, checked for what any consumer must refuse (a negative length,
    /// itemsize, extent or rank, more than 64 dimensions, a format that is not UTF-8). The
    /// slices borrow the exporter's arrays, valid until release.
    pub(crate) fn parts(&self) -> PyResult<Parts<'_>> {
        let b = &*self.raw;
        let bad = |what: &str| {
            PyValueError::new_err(format!(
                "the exporter filled in an invalid Py_buffer: {what}"
            ))
        };
        let ndim = usize::try_from(b.ndim)
            .ok()
            .filter(|&n| n <= 64)
            .ok_or_else(|| bad(&format!("ndim {}", b.ndim)))?;
        let len = usize::try_from(b.len).map_err(|_| bad(&format!("len {}", b.len)))?;
        let itemsize =
            usize::try_from(b.itemsize).map_err(|_| bad(&format!("itemsize {}", b.itemsize)))?;
        let format = if b.format.is_null() {
            None
        } else {
            // SAFETY: a non-null format is a NUL-terminated string the export keeps alive.
            let c = unsafe { CStr::from_ptr(b.format) };
            Some(c.to_str().map_err(|_| bad("format is not UTF-8"))?)
        };
        // SAFETY: a non-null shape, strides or suboffsets array has `ndim` entries, alive
        // until release (PyObject_GetBuffer's contract).
        let array = |p: *mut ffi::Py_ssize_t| unsafe { slice_or_none(p, ndim) };
        let shape = match array(b.shape) {
            Some(s) if s.iter().any(|&e| e < 0) => return Err(bad(&format!("shape {s:?}"))),
            Some(s) => Some(bytemuck::cast_slice::<isize, usize>(s)),
            // A 0-d buffer may leave its (empty) shape NULL, when a shape was asked for.
            None if ndim == 0 && self.shaped => Some(&[][..]),
            None => None,
        };
        Ok(Parts {
            buf: NonNull::new(b.buf.cast()).unwrap_or(NonNull::dangling()),
            len,
            readonly: b.readonly != 0,
            format,
            itemsize,
            shape,
            strides: array(b.strides),
            suboffsets: array(b.suboffsets),
        })
    }
}

/// `ndim` entries at `p`, or `None` for a null `p`.
///
/// # Safety
///
/// A non-null `p` points to `ndim` initialised `Py_ssize_t`s that outlive `'a`.
unsafe fn slice_or_none<'a>(p: *mut ffi::Py_ssize_t, ndim: usize) -> Option<&'a [isize]> {
    // SAFETY: the caller's promise.
    (!p.is_null()).then(|| unsafe { std::slice::from_raw_parts(p.cast_const(), ndim) })
}

/// The fields of a held `Py_buffer`, borrowed from it.
pub(crate) struct Parts<'a> {
    pub(crate) buf: NonNull<u8>,
    pub(crate) len: usize,
    pub(crate) readonly: bool,
    pub(crate) format: Option<&'a str>,
    pub(crate) itemsize: usize,
    pub(crate) shape: Option<&'a [usize]>,
    pub(crate) strides: Option<&'a [isize]>,
    pub(crate) suboffsets: Option<&'a [isize]>,
}

impl<'a> Parts<'a> {
    /// The description memslice's typed views are built from: a foreign exporter's, trusted
    /// (`BufferInfo::from_raw_parts`), read-only unless `writable`.
    ///
    /// # Safety
    ///
    /// The parts come from a live export, and (if `writable`) it was asked `WRITABLE`, the
    /// exporter granted it, and no other Rust view of its bytes is live (the borrow registry).
    pub(crate) unsafe fn info(&self, writable: bool) -> PyResult<BufferInfo<'a>> {
        // SAFETY: `PyObject_GetBuffer` succeeded, so its contract holds for the parts until
        // release, which outlives `'a`; a read-only description lends nothing to write, and a
        // writable one is unique among Rust views (the caller). Python code that writes the
        // same bytes while the GIL is released is outside what Rust can check, as for every
        // GIL-releasing C extension: see the crate docs ("What is checked, what is assumed").
        unsafe {
            BufferInfo::from_raw_parts(
                self.buf,
                self.len,
                self.readonly || !writable,
                self.format.map(Cow::Borrowed),
                self.itemsize,
                self.shape.map(Cow::Borrowed),
                self.strides.map(Cow::Borrowed),
                self.suboffsets.map(Cow::Borrowed),
            )
        }
        .map_err(crate::to_pyerr)
    }

    /// The geometry with CPython's defaults (`memoryview`'s `init_shape_strides`): no shape is
    /// one axis of `len / itemsize` items, or of `len` bytes without a format; no strides is
    /// C order.
    pub(crate) fn geometry(&self) -> Geometry {
        let (shape, itemsize) = match self.shape {
            Some(s) => (s.to_vec(), self.itemsize),
            None if self.format.is_some() => (
                vec![self.len.checked_div(self.itemsize).unwrap_or(0)],
                self.itemsize,
            ),
            None => (vec![self.len], 1),
        };
        let strides = self.strides.map_or_else(
            || {
                layout::contiguous_strides(&shape, itemsize, Order::C)
                    .unwrap_or_else(|| vec![0; shape.len()])
            },
            <[isize]>::to_vec,
        );
        Geometry {
            buf: self.buf.as_ptr() as usize,
            len: self.len,
            readonly: self.readonly,
            format: self.format.unwrap_or("B").to_owned(),
            itemsize,
            shape,
            strides,
            suboffsets: self.suboffsets.map(<[isize]>::to_vec),
        }
    }

    /// The bytes the elements occupy, as addresses `lo..hi` (empty for an empty buffer). An
    /// indirect layout is walked along its indirect axes (once per stored pointer, as
    /// `PyBuffer_GetPointer` would), so its span is that of the elements it reaches.
    pub(crate) fn span(&self) -> (usize, usize) {
        let everything = (0, usize::MAX);
        let buf = self.buf.as_ptr() as usize;
        let Some(shape) = self.shape else {
            return (buf, buf.saturating_add(self.len));
        };
        if shape.contains(&0) {
            return (buf, buf);
        }
        let strides: Cow<'_, [isize]> = match self.strides {
            Some(s) => Cow::Borrowed(s),
            None => layout::contiguous_strides(shape, self.itemsize, Order::C)
                .unwrap_or_default()
                .into(),
        };
        let subs = self.suboffsets.unwrap_or(&[]);
        let last = subs.iter().rposition(|&x| x >= 0);
        let direct = last.map_or(0, |k| k + 1);
        // The direct tail: every element's bytes relative to where its walk reaches it.
        let Some((low, high)) = layout::byte_range(&shape[direct..], &strides[direct..]) else {
            return everything;
        };
        let Some(high) = high.checked_add(self.itemsize as isize) else {
            return everything;
        };
        let mut span = (usize::MAX, 0);
        let mut reach = |p: *const u8| {
            let at = p as usize;
            span.0 = span.0.min(at.saturating_add_signed(low));
            span.1 = span.1.max(at.saturating_add_signed(high));
        };
        match last {
            None => reach(self.buf.as_ptr()),
            // SAFETY: the walk visits in-bounds indices of a non-empty live export, whose
            // stored pointers are valid (PyObject_GetBuffer's contract).
            Some(_) => unsafe {
                walk(
                    self.buf.as_ptr(),
                    &shape[..direct],
                    &strides[..direct],
                    subs,
                    &mut reach,
                )
            },
        }
        span
    }
}

/// Calls `reach` with the address every index of the leading axes leads to, following the
/// pointers stored along indirect axes.
///
/// # Safety
///
/// `p` is element 0 of a non-empty live export whose walk over these axes, for in-bounds
/// indices, reads only valid stored pointers.
unsafe fn walk(
    p: *const u8,
    shape: &[usize],
    strides: &[isize],
    subs: &[isize],
    reach: &mut impl FnMut(*const u8),
) {
    let Some((&n, rest)) = shape.split_first() else {
        return reach(p);
    };
    for i in 0..n {
        let mut q = p.wrapping_byte_offset(i as isize * strides[0]);
        if subs[0] >= 0 {
            // SAFETY: an in-bounds index on an indirect axis addresses a stored pointer (the
            // caller), maybe unaligned.
            let stored = unsafe { q.cast::<*const u8>().read_unaligned() };
            q = stored.wrapping_byte_offset(subs[0]);
        }
        // SAFETY: the same export, one axis further, index still in bounds.
        unsafe { walk(q, rest, &strides[1..], &subs[1..], reach) };
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        // Attaching is a no-op when the thread already is (every drop of ours but a stray one).
        Python::attach(|_| {
            // SAFETY: `raw` was filled by one successful `PyObject_GetBuffer` and is released
            // here once; nothing borrows it any more (`&mut self`), and the interpreter is
            // attached.
            unsafe { ffi::PyBuffer_Release(&mut *self.raw) }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(
        buf: NonNull<u8>,
        shape: &'a [usize],
        strides: &'a [isize],
        suboffsets: Option<&'a [isize]>,
    ) -> Parts<'a> {
        Parts {
            buf,
            len: shape.iter().product::<usize>() * 8,
            readonly: true,
            format: Some("q"),
            itemsize: 8,
            shape: Some(shape),
            strides: Some(strides),
            suboffsets,
        }
    }

    #[test]
    fn span_of_a_reversed_direct_layout() {
        let data = [0_i64; 6];
        let start = NonNull::from(&data).cast::<u8>();
        let base = start.as_ptr() as usize;
        // a[::-1] of 6 items: buf at the last one, stride -8.
        // SAFETY: item 5 is inside `data`.
        let last = unsafe { start.byte_add(40) };
        assert_eq!(parts(last, &[6], &[-8], None).span(), (base, base + 48));
        assert_eq!(parts(start, &[3, 0], &[16, 8], None).span(), (base, base));
        // The first two columns of a 2x3: the last element reached is item 4, bytes 32..40.
        assert_eq!(
            parts(start, &[2, 2], &[24, 8], None).span(),
            (base, base + 40)
        );
    }

    #[test]
    fn span_of_a_pil_layout_is_that_of_its_rows() {
        // Two rows far apart, and the pointer table that leads to them, as `_testbuffer` makes.
        let rows = [[1_i64, 2, 3], [4, 5, 6]];
        let table: [*const u8; 2] = [
            NonNull::from(&rows[1]).cast::<u8>().as_ptr(),
            NonNull::from(&rows[0]).cast::<u8>().as_ptr(),
        ];
        let buf = NonNull::from(&table).cast::<u8>();
        let p = parts(buf, &[2, 3], &[8, 8], Some(&[0, -1]));
        let base = rows.as_ptr() as usize;
        assert_eq!(p.span(), (base, base + 48));
        // A suboffset moves every row's start: rows [1..] of each.
        let p = parts(buf, &[2, 2], &[8, 8], Some(&[8, -1]));
        assert_eq!(p.span(), (base + 8, base + 48));
    }

    /// NumPy answers a request without `PyBUF_ND` with `ndim 0` and no shape (found by review:
    /// that was read as a 0-d buffer of one item, and only its first item's bytes were
    /// registered). Without a shape asked for, no shape is one axis of `len` bytes.
    #[test]
    fn no_shape_asked_is_one_axis_of_bytes_whatever_ndim_says() {
        let data = [0_u64; 3];
        let mut raw = ffi::Py_buffer::new();
        raw.buf = data.as_ptr().cast_mut().cast();
        raw.len = 24;
        raw.itemsize = 8;
        raw.ndim = 0;
        raw.readonly = 1;
        for shaped in [false, true] {
            // Never released: no exporter filled it (and Miri cannot call into CPython).
            let mut held = std::mem::ManuallyDrop::new(Held {
                raw: Box::new(raw),
                shaped,
            });
            let p = held.parts().unwrap();
            let base = data.as_ptr() as usize;
            if shaped {
                assert_eq!(p.shape, Some(&[][..]), "a 0-d answer to an ND request");
            } else {
                assert_eq!(p.shape, None);
                assert_eq!(p.span(), (base, base + 24));
                assert_eq!(p.geometry().shape, [24]);
            }
            // SAFETY: frees the box alone, once; `held` is not used again, and its own `Drop`
            // (the release) never runs.
            unsafe { std::ptr::drop_in_place(&mut held.raw) };
        }
    }
}
