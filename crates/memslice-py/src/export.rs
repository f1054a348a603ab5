//! Filling a consumer's `Py_buffer` from what an exporter of ours offers, negotiating the
//! request flags exactly as CPython's `memoryview` does (`memory_getbuf` in
//! Objects/memoryobject.c), and freeing what the fill allocated on release.

use std::ffi::{CString, c_int};
use std::ptr;

use memslice_core::buffer::Flags;
use memslice_core::layout;
use pyo3::exceptions::PyBufferError;
use pyo3::{PyResult, ffi};

/// What an exporter of ours offers: the full layout, before a request trims it.
#[derive(Debug)]
pub(crate) struct Offer<'a> {
    pub(crate) buf: *mut u8,
    pub(crate) readonly: bool,
    pub(crate) format: &'a str,
    pub(crate) itemsize: usize,
    pub(crate) shape: &'a [usize],
    pub(crate) strides: &'a [isize],
    pub(crate) suboffsets: Option<&'a [isize]>,
}

/// The arrays a filled `Py_buffer` points into, owned by the export (`Py_buffer.internal`)
/// until `__releasebuffer__` frees them.
struct Record {
    format: CString,
    shape: Vec<ffi::Py_ssize_t>,
    strides: Vec<ffi::Py_ssize_t>,
    suboffsets: Option<Vec<ffi::Py_ssize_t>>,
}

/// `memoryview`'s contiguity flags (`init_flags`): a 0-d buffer is both, a 1-d one is when
/// its one extent is 1 or its stride the itemsize, others as `PyBuffer_IsContiguous`; any
/// suboffsets make it neither (PIL).
fn contiguity(offer: &Offer<'_>) -> (bool, bool) {
    if offer.suboffsets.is_some() {
        return (false, false);
    }
    match offer.shape {
        [] => (true, true),
        [n] => {
            let c = *n == 1 || offer.strides[0] == offer.itemsize as isize;
            (c, c)
        }
        shape => (
            layout::is_c_contiguous(shape, offer.strides, offer.itemsize),
            layout::is_f_contiguous(shape, offer.strides, offer.itemsize),
        ),
    }
}

/// `memory_getbuf`'s refusals, in its order, with its messages.
fn negotiate(offer: &Offer<'_>, flags: Flags) -> Result<(), &'static str> {
    let (c, f) = contiguity(offer);
    let pil = offer.suboffsets.is_some();
    if flags.contains(Flags::WRITABLE) && offer.readonly {
        return Err("underlying buffer is not writable");
    }
    if flags.contains(Flags::C_CONTIGUOUS) && !c {
        return Err("underlying buffer is not C-contiguous");
    }
    if flags.contains(Flags::F_CONTIGUOUS) && !f {
        return Err("underlying buffer is not Fortran contiguous");
    }
    if flags.contains(Flags::ANY_CONTIGUOUS) && !(c || f) {
        return Err("underlying buffer is not contiguous");
    }
    if !flags.contains(Flags::INDIRECT) && pil {
        return Err("underlying buffer requires suboffsets");
    }
    if !flags.contains(Flags::STRIDES) && !c {
        return Err("underlying buffer is not C-contiguous");
    }
    if !flags.contains(Flags::ND) && flags.contains(Flags::FORMAT) {
        return Err("cannot cast to unsigned bytes if the format flag is present");
    }
    Ok(())
}

/// Fills `view` for `flags` from `offer`, with the new reference `owner()` makes (called only
/// on success) as its `obj`, or raises `BufferError` with `memoryview`'s reason (and leaves
/// `view.obj` NULL, as CPython requires of a failed export).
///
/// # Safety
///
/// `view` is the `Py_buffer` CPython passed to `bf_getbuffer`; the offer describes memory
/// that the owner keeps valid and in place until the matching [`release`] (the exporter counts
/// the export and refuses to move while it is live), writable only if not `readonly`.
pub(crate) unsafe fn fill(
    view: *mut ffi::Py_buffer,
    flags: c_int,
    owner: impl FnOnce() -> *mut ffi::PyObject,
    offer: &Offer<'_>,
) -> PyResult<()> {
    if view.is_null() {
        return Err(PyBufferError::new_err("memslice: NULL Py_buffer"));
    }
    // Bits CPython does not define for requests are ignored, as its exporters do.
    let flags = Flags::from_bits(flags as u32 & 0x1fd).unwrap_or_default();
    if let Err(why) = negotiate(offer, flags) {
        // SAFETY: `view` is valid for writes (the caller); a failed export has no owner.
        unsafe { (*view).obj = ptr::null_mut() };
        return Err(PyBufferError::new_err(format!("memoryview: {why}")));
    }
    let to_ssize = |v: &[usize]| v.iter().map(|&x| x as ffi::Py_ssize_t).collect();
    let mut record = Box::new(Record {
        // A format from `Format::parse` or an exporter's CStr has no NUL inside.
        format: CString::new(offer.format).unwrap_or_default(),
        shape: to_ssize(offer.shape),
        strides: offer.strides.to_vec(),
        suboffsets: offer.suboffsets.map(<[isize]>::to_vec),
    });
    let nitems = layout::checked_size(offer.shape).unwrap_or(0);
    let ndim = offer.shape.len();
    let (nd, strided) = (flags.contains(Flags::ND), flags.contains(Flags::STRIDES));
    let filled = ffi::Py_buffer {
        buf: offer.buf.cast(),
        obj: owner(),
        len: (nitems * offer.itemsize) as ffi::Py_ssize_t,
        itemsize: offer.itemsize as ffi::Py_ssize_t,
        readonly: c_int::from(offer.readonly),
        // Without ND, one axis of bytes (memory_getbuf).
        ndim: if nd { ndim as c_int } else { 1 },
        format: if flags.contains(Flags::FORMAT) {
            record.format.as_ptr().cast_mut()
        } else {
            ptr::null_mut()
        },
        shape: if nd {
            record.shape.as_mut_ptr()
        } else {
            ptr::null_mut()
        },
        strides: if strided {
            record.strides.as_mut_ptr()
        } else {
            ptr::null_mut()
        },
        suboffsets: record
            .suboffsets
            .as_mut()
            .map_or(ptr::null_mut(), |s| s.as_mut_ptr()),
        internal: Box::into_raw(record).cast(),
    };
    // SAFETY: `view` is valid for writes (the caller); the arrays it points to live in the
    // record, boxed (they do not move with it) until `release` frees it.
    unsafe { view.write(filled) };
    Ok(())
}

/// Frees what [`fill`] allocated for `view`.
///
/// # Safety
///
/// `view` was filled by [`fill`] and is released once (CPython's `PyBuffer_Release` calls
/// `bf_releasebuffer` once per export).
pub(crate) unsafe fn release(view: *mut ffi::Py_buffer) {
    // SAFETY: `view` is the filled `Py_buffer` (the caller).
    let internal = unsafe { (*view).internal };
    if !internal.is_null() {
        // SAFETY: `internal` is the record `fill` leaked for this export, freed once, here;
        // the consumer stops using the arrays before releasing.
        drop(unsafe { Box::from_raw(internal.cast::<Record>()) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer<'a>(shape: &'a [usize], strides: &'a [isize], readonly: bool) -> Offer<'a> {
        Offer {
            buf: ptr::null_mut(),
            readonly,
            format: "d",
            itemsize: 8,
            shape,
            strides,
            suboffsets: None,
        }
    }

    // Refusals as memoryview gives them (checked against CPython 3.11 by the pytest suite).
    #[test]
    fn negotiation_follows_memory_getbuf() {
        let c = offer(&[2, 3], &[24, 8], false);
        let f = offer(&[2, 3], &[8, 16], true);
        assert_eq!(negotiate(&c, Flags::FULL), Ok(()));
        assert_eq!(negotiate(&c, Flags::SIMPLE), Ok(()));
        assert!(negotiate(&c, Flags::FORMAT).is_err()); // SIMPLE | FORMAT
        assert!(negotiate(&c, Flags::F_CONTIGUOUS).is_err());
        assert_eq!(negotiate(&f, Flags::F_CONTIGUOUS), Ok(()));
        assert_eq!(negotiate(&f, Flags::ANY_CONTIGUOUS), Ok(()));
        assert!(negotiate(&f, Flags::ND).is_err()); // not C: strides needed
        assert!(negotiate(&f, Flags::STRIDED).is_err()); // read-only
        // A 1-d buffer of one element is contiguous whatever its stride.
        assert_eq!(contiguity(&offer(&[1], &[-80], false)), (true, true));
        assert_eq!(contiguity(&offer(&[], &[], false)), (true, true));
        let pil = Offer {
            suboffsets: Some(&[0, -1]),
            ..offer(&[2, 3], &[24, 8], true)
        };
        assert!(negotiate(&pil, Flags::RECORDS_RO).is_err());
        assert_eq!(negotiate(&pil, Flags::FULL_RO), Ok(()));
        assert!(negotiate(&pil, Flags::FULL_RO | Flags::C_CONTIGUOUS).is_err());
    }

    // The record a fill leaks into `internal` is what the arrays point to, freed by release
    // (run under Miri: no interpreter needed with a null owner).
    #[test]
    fn fill_then_release_owns_the_arrays() {
        let data = [1.0_f64; 6];
        let offer = Offer {
            buf: data.as_ptr().cast_mut().cast(),
            ..offer(&[3, 2], &[8, 24], true)
        };
        let mut view = ffi::Py_buffer::new();
        // SAFETY: a valid Py_buffer; `data` outlives the export; no owner object.
        unsafe {
            fill(
                &mut view,
                Flags::FULL_RO.bits() as c_int,
                ptr::null_mut,
                &offer,
            )
        }
        .unwrap();
        // SAFETY: the filled shape has `ndim` entries.
        let shape = unsafe { std::slice::from_raw_parts(view.shape, 2) };
        // SAFETY: so do the strides.
        let strides = unsafe { std::slice::from_raw_parts(view.strides, 2) };
        // SAFETY: the format is NUL-terminated.
        let format = unsafe { std::ffi::CStr::from_ptr(view.format) };
        assert_eq!(
            (shape, strides, format.to_str()),
            (&[3, 2][..], &[8, 24][..], Ok("d"))
        );
        assert_eq!(
            (view.len, view.readonly, view.suboffsets),
            (48, 1, ptr::null_mut())
        );
        // SAFETY: filled above, released once.
        unsafe { release(&mut view) };
        let mut refused = ffi::Py_buffer::new();
        // SAFETY: as above; a refused request leaves nothing to release.
        let err = unsafe {
            fill(
                &mut refused,
                Flags::C_CONTIGUOUS.bits() as c_int,
                ptr::null_mut,
                &offer,
            )
        };
        assert!(err.is_err() && refused.obj.is_null() && refused.internal.is_null());
    }
}
