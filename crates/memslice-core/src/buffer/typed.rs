//! Typed views of buffers: every check once, at the boundary (format, itemsize, rank,
//! alignment, strides, bounds, writability, aliasing, bit validity), and `memoryview.cast`.

use std::ptr::NonNull;

use super::element::{Element, needs_bit_check};
use super::error::BufferError;
use super::exporter::Buffer;
use super::format::Format;
use super::info::BufferInfo;
use crate::error::ViewError;
use crate::layout::{self, Order};
use crate::raw::{DIRECT, RawView};
use crate::{MemViewSlice, MemViewSliceMut};

/// The element type's refusal of a format.
pub(crate) fn format_mismatch<T: Element>(format: &str) -> BufferError {
    BufferError::FormatMismatch {
        format: format.to_owned(),
        element: std::any::type_name::<T>(),
        expected: T::FORMAT,
    }
}

/// Checks the format and itemsize of a description against `T`.
pub(crate) fn check_element<T: Element>(
    info: &BufferInfo<'_>,
    itemsize: usize,
) -> Result<(), BufferError> {
    // A primitive's own one-letter code, bare or with the native prefix, needs no parse (the
    // common case for every call from Python); anything else is parsed and compared as a
    // layout, so an unparsable format is still a named error.
    let format = info.format();
    let primitive = matches!(T::FORMAT.as_bytes(), [c] if b"?bBhHiIlLqQnNefd".contains(c));
    let own = primitive && (format == T::FORMAT || format.strip_prefix('@') == Some(T::FORMAT));
    if !own && !T::accepts(&Format::parse(format)?) {
        return Err(format_mismatch::<T>(format));
    }
    if itemsize != size_of::<T>() {
        return Err(BufferError::ItemsizeMismatch {
            itemsize,
            element: std::any::type_name::<T>(),
            size: size_of::<T>(),
        });
    }
    Ok(())
}

/// A direct description's shape and strides as arrays of rank `N`, format and itemsize checked
/// against `T`: what `geometry` gives, without its allocations where the description has a
/// shape (every request with `PyBUF_ND`, so every typed view of a Python buffer).
fn direct_geometry<T: Element, const N: usize>(
    info: &BufferInfo<'_>,
) -> Result<([usize; N], [isize; N]), BufferError> {
    let mismatch = |buffer: usize| BufferError::NdimMismatch { buffer, view: N };
    let Some(shape) = info.shape() else {
        let g = info.geometry();
        check_element::<T>(info, g.itemsize)?;
        let shape = <[usize; N]>::try_from(g.shape.as_slice()).map_err(|_| mismatch(1))?;
        let strides = <[isize; N]>::try_from(g.strides.as_slice()).map_err(|_| mismatch(1))?;
        return Ok((shape, strides));
    };
    check_element::<T>(info, info.itemsize())?;
    let shape = <[usize; N]>::try_from(shape).map_err(|_| mismatch(shape.len()))?;
    let strides = match info.strides() {
        // As long as the shape (the description's invariant).
        Some(s) => <[isize; N]>::try_from(s).map_err(|_| mismatch(s.len()))?,
        None => {
            let mut s = [0; N];
            // C strides overflow only for an empty shape, whose strides nothing steps along.
            if layout::fill_contiguous_strides(&shape, info.itemsize(), Order::C, &mut s).is_none()
            {
                s = [0; N];
            }
            s
        }
    };
    Ok((shape, strides))
}

/// Checks a buffer against a direct typed view of rank `N` (and, if `unique`, a mutable one)
/// and builds the raw view: the view's rules 1–4 (and 5) follow from these checks and the
/// description's invariant.
fn typed_raw<T: Element, const N: usize>(
    info: &BufferInfo<'_>,
    unique: bool,
) -> Result<RawView<T, N>, BufferError> {
    if info.is_indirect() {
        return Err(BufferError::Indirect);
    }
    let (shape, strides) = direct_geometry::<T, N>(info)?;
    let itemsize = size_of::<T>();
    let view_error = |e: ViewError| BufferError::View(e);
    let size = layout::checked_size(&shape).ok_or_else(|| {
        view_error(ViewError::Overflow {
            shape: shape.into(),
            strides: strides.into(),
            itemsize,
        })
    })?;
    if size == 0 {
        // An empty view reaches nothing: an aligned dangling pointer keeps rule 1 wherever the
        // exporter's `buf` is (CPython accepts any address for an empty buffer).
        let ptr = if info.buf().cast::<T>().is_aligned() {
            info.buf().cast()
        } else {
            NonNull::dangling()
        };
        // SAFETY: aligned and non-null (rule 1); empty, so rules 2, 3 and 5 hold vacuously;
        // direct (rule 4).
        return Ok(unsafe { RawView::from_parts(ptr, shape, strides, [DIRECT; N]) });
    }
    let address = info.buf().as_ptr() as usize;
    if address % align_of::<T>() != 0 {
        return Err(BufferError::Misaligned {
            address,
            align: align_of::<T>(),
        });
    }
    // Whole-element strides: every element is then aligned like the first (a size is a
    // multiple of the alignment), and the hot path may step in elements. A zero-sized type
    // steps in its alignment.
    let step = itemsize.max(align_of::<T>());
    if !layout::steps_whole_elements(&shape, &strides, step) {
        return Err(BufferError::StridesNotElements {
            shape: shape.into(),
            strides: strides.into(),
            itemsize,
        });
    }
    let overflow = || {
        view_error(ViewError::Overflow {
            shape: shape.into(),
            strides: strides.into(),
            itemsize,
        })
    };
    let (low, high) = layout::byte_range(&shape, &strides).ok_or_else(overflow)?;
    let end = high.checked_add(itemsize as isize).ok_or_else(overflow)?;
    info.check_span(&shape, &strides, low, end)?;
    if unique && !layout::is_injective(&shape, &strides, itemsize) {
        return Err(view_error(ViewError::Aliasing {
            shape: shape.into(),
            strides: strides.into(),
        }));
    }
    let ptr: NonNull<T> = info.buf().cast();
    if needs_bit_check::<T>() {
        // SAFETY: `T::Bits` has `T`'s layout and every pattern valid, and the elements were
        // just checked (or, for a foreign description, promised) to be inside the memory,
        // aligned and initialised: rules 1-4 and 6 hold for a shared view of them as `T::Bits`.
        let bits =
            unsafe { RawView::<T::Bits, N>::from_parts(ptr.cast(), shape, strides, [DIRECT; N]) };
        let bits = MemViewSlice::from_raw(bits);
        if let Some((index, _)) = bits
            .indexed_iter()
            .find(|(_, b)| !T::is_valid_bit_pattern(b))
        {
            return Err(BufferError::InvalidValue {
                index: index.into(),
                element: std::any::type_name::<T>(),
            });
        }
    }
    // SAFETY: the start is aligned and the strides step whole elements (rules 1 and 6, and
    // 2's alignment); every element lies inside the exporter's memory (checked within an extent,
    // promised by a foreign one) and holds a valid `T` (bit-checked above when some patterns
    // are invalid), initialised and lent to the description (rule 2); the product fits isize
    // and one allocation spans the offsets (rule 3); direct (rule 4); injective if unique
    // (rule 5).
    Ok(unsafe { RawView::from_parts(ptr, shape, strides, [DIRECT; N]) })
}

impl<'a, T: Element, const N: usize> MemViewSlice<'a, T, N> {
    /// A typed view of an exported buffer, checked once: format matching `T`, itemsize
    /// `size_of::<T>()`, rank `N`, no indirect axes, an aligned start, strides that step whole
    /// elements, every element inside the exporter's memory (for a description of ours), and
    /// each element's bytes when some patterns are invalid (`bool`). The view borrows the
    /// description, so it cannot outlive the export.
    ///
    /// Real `Py_buffer` layouts work as NumPy hands them out: `buf` at element 0 with negative
    /// strides (`a[::-1]`), or strides spanning more than `len` bytes (`a[::2]`).
    ///
    /// # Errors
    ///
    /// The [`BufferError`] naming what does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1.0_f64, 2.0, 3.0, 4.0, 5.0, 6.0];
    /// let info = Layout::of_slice(&data, "d", &[2, 3]).unwrap().request(Flags::RECORDS_RO).unwrap();
    /// let v = MemViewSlice::<f64, 2>::from_buffer(&info).unwrap();
    /// assert_eq!(v[[1, 2]], 6.0);
    /// assert!(MemViewSlice::<f32, 2>::from_buffer(&info).is_err()); // format "d" is not f32
    /// assert!(MemViewSlice::<f64, 1>::from_buffer(&info).is_err()); // two dimensions
    /// ```
    pub fn from_buffer(info: &'a BufferInfo<'_>) -> Result<Self, BufferError> {
        typed_raw(info, false).map(Self::from_raw)
    }
}

impl<'a> MemViewSlice<'a, u8, 1> {
    /// The bytes of any C-contiguous buffer, whatever its format: CPython's
    /// `memoryview(obj).cast('B')`.
    ///
    /// # Errors
    ///
    /// [`BufferError::NotContiguous`] unless the buffer is C-contiguous (which also rules out
    /// indirect axes); [`BufferError::OutsideMemory`] if its bytes are not all inside the
    /// exporter's memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1.0_f32, 2.0];
    /// let info = Layout::of_slice(&data, "f", &[2]).unwrap().request(Flags::FULL_RO).unwrap();
    /// let bytes = MemViewSlice::from_buffer_bytes(&info).unwrap();
    /// assert_eq!(bytes.len(), 8);
    /// assert_eq!(bytes.to_vec()[..4], 1.0_f32.to_ne_bytes());
    /// ```
    pub fn from_buffer_bytes(info: &'a BufferInfo<'_>) -> Result<Self, BufferError> {
        if !info.is_contiguous(Some(Order::C)) {
            return Err(BufferError::NotContiguous {
                order: Some(Order::C),
            });
        }
        let g = info.geometry();
        let len = layout::checked_size(&g.shape)
            .and_then(|n| n.checked_mul(g.itemsize))
            .filter(|&n| n <= isize::MAX as usize)
            .ok_or_else(|| {
                BufferError::View(ViewError::Overflow {
                    shape: g.shape.clone().into(),
                    strides: g.strides.clone().into(),
                    itemsize: g.itemsize,
                })
            })?;
        if len > 0 {
            info.check_span(&g.shape, &g.strides, 0, len as isize)?;
        }
        // SAFETY: a C-contiguous description's elements are the `len` consecutive bytes from
        // `buf`, checked inside the exporter's memory (or promised by a foreign one),
        // initialised; bytes have no invalid values or alignment.
        Ok(unsafe { MemViewSlice::from_raw_parts(info.buf().as_ptr(), [len], [1], [DIRECT]) })
    }
}

impl<'a, T: Element, const N: usize> MemViewSliceMut<'a, T, N> {
    /// An exclusive typed view of a writable buffer, checked as [`MemViewSlice::from_buffer`]
    /// and also for writability and aliasing (no two indices may reach the same bytes, as
    /// NumPy's `as_strided` can make them). It takes `&mut` of what holds the description (a
    /// guard, or the description itself), so one view at a time, and never after release.
    ///
    /// # Errors
    ///
    /// [`BufferError::NotWritable`] for a read-only buffer, `View(Aliasing)` for overlapping
    /// elements, or what `from_buffer` refuses.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{ByteArray, Exporter, Flags};
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let bytes = ByteArray::from(vec![0; 4]);
    /// let mut guard = bytes.get_buffer(Flags::CONTIG).unwrap();
    /// let mut m = MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut guard).unwrap();
    /// m[[2]] = 7;
    /// drop(guard);
    /// assert_eq!(bytes.to_vec().unwrap(), [0, 0, 7, 0]);
    /// let mut read_only = bytes.get_buffer(Flags::CONTIG_RO).unwrap();
    /// assert!(MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut read_only).is_err());
    /// ```
    pub fn from_buffer_mut<B: Buffer + ?Sized>(buffer: &'a mut B) -> Result<Self, BufferError> {
        let info = buffer.info();
        if info.readonly() {
            return Err(BufferError::NotWritable);
        }
        typed_raw(info, size_of::<T>() > 0).map(Self::from_raw)
    }
}

/// CPython's `PyBUF_MAX_NDIM`.
const MAX_NDIM: usize = 64;

impl<'a, T: bytemuck::Pod, const N: usize> MemViewSlice<'a, T, N> {
    /// Reinterprets a C-contiguous view as another element type and shape, with the rules of
    /// CPython's `memoryview.cast`: the view is C-contiguous, one side is a byte type
    /// (`u8`/`i8`), one side is 1-d, at most 64 dimensions, the new shape's extents are
    /// positive and cover exactly the same bytes, and a view with a zero in its shape casts
    /// only 1-d to 1-d (`memoryview(b'').cast('h')`); and, as Rust needs, the memory is aligned
    /// for `U` (an empty result is, whatever its address).
    ///
    /// # Errors
    ///
    /// [`BufferError::BadCast`] with CPython's reason, or [`BufferError::Misaligned`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [1.0_f64, 2.0, 3.0, 4.0];
    /// let v = MemViewSlice::from_slice(&data, [4]).unwrap();
    /// let bytes = v.cast::<u8, 1>([32]).unwrap(); // memoryview.cast('B')
    /// assert_eq!(bytes[[15]], 0x40); // 2.0_f64, little-endian, high byte
    /// let back = bytes.cast::<f64, 2>([2, 2]).unwrap(); // .cast('d', (2, 2))
    /// assert_eq!(back[[1, 0]], 3.0);
    /// assert!(back.cast::<u32, 1>([8]).is_err()); // neither side is bytes
    /// ```
    pub fn cast<U: bytemuck::Pod, const M: usize>(
        &self,
        shape: [usize; M],
    ) -> Result<MemViewSlice<'a, U, M>, BufferError> {
        let Some(elements) = self.as_slice() else {
            return Err(BufferError::BadCast(
                "casts are restricted to C-contiguous views",
            ));
        };
        let reshaping = N != 1 || M != 1;
        if reshaping && self.is_empty() {
            return Err(BufferError::BadCast(
                "cannot cast view with zeros in shape or strides",
            ));
        }
        if M > MAX_NDIM {
            return Err(BufferError::BadCast(
                "number of dimensions must not exceed 64",
            ));
        }
        if N != 1 && M != 1 {
            return Err(BufferError::BadCast("cast must be 1D -> ND or ND -> 1D"));
        }
        if size_of::<T>() != 1 && size_of::<U>() != 1 {
            return Err(BufferError::BadCast(
                "cannot cast between two non-byte formats",
            ));
        }
        if reshaping && shape.contains(&0) {
            return Err(BufferError::BadCast(
                "elements of shape must be integers > 0",
            ));
        }
        let bytes: &'a [u8] = bytemuck::cast_slice(elements);
        let typed: &'a [U] = if bytes.is_empty() {
            // Nothing is read through an empty view: an aligned pointer serves.
            &[]
        } else {
            match bytemuck::try_cast_slice(bytes) {
                Ok(typed) => typed,
                Err(bytemuck::PodCastError::TargetAlignmentGreaterAndInputNotAligned) => {
                    return Err(BufferError::Misaligned {
                        address: bytes.as_ptr() as usize,
                        align: align_of::<U>(),
                    });
                }
                Err(_) => {
                    return Err(BufferError::BadCast("length is not a multiple of itemsize"));
                }
            }
        };
        MemViewSlice::from_slice(typed, shape)
            .map_err(|_| BufferError::BadCast("product(shape) * itemsize != buffer size"))
    }
}
