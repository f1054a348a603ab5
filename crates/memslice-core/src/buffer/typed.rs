//! Typed views of buffers: every check once, at the boundary (rank, format, alignment,
//! writability, bounds), and `memoryview.cast`-style reinterpretation.

use std::ptr::NonNull;

use super::element::Element;
use super::error::BufferError;
use super::format::Format;
use super::info::BufferInfo;
use crate::raw::RawView;
use crate::{MemViewSlice, MemViewSliceMut};

/// Checks a buffer against a typed view of rank `N` and builds the raw view.
fn typed_raw<T: Element, const N: usize>(
    info: &BufferInfo<'_>,
    unique: bool,
) -> Result<RawView<T, N>, BufferError> {
    let format = Format::parse(info.format())?;
    if !T::accepts(&format) {
        return Err(BufferError::FormatMismatch {
            format: info.format().to_owned(),
            element: std::any::type_name::<T>(),
            expected: T::FORMAT,
        });
    }
    if info.suboffsets().is_some_and(|s| s.iter().any(|&x| x >= 0)) {
        return Err(BufferError::NeedsSuboffsets);
    }
    let (shape, strides, _) = info.full_layout();
    let (Ok(shape), Ok(strides)) = (
        <[usize; N]>::try_from(shape.as_slice()),
        <[isize; N]>::try_from(strides.as_slice()),
    ) else {
        return Err(BufferError::NdimMismatch {
            buffer: info.ndim(),
            view: N,
        });
    };
    let address = info.buf().as_ptr() as usize;
    if address % align_of::<T>() != 0 {
        return Err(BufferError::Misaligned {
            address,
            align: align_of::<T>(),
        });
    }
    let base: NonNull<T> = info.buf().cast();
    // Strides must step whole elements (conservative: any layout a typed buffer of this format
    // produces), and every element must lie inside the described bytes.
    let raw = RawView::checked(
        base,
        info.len() / size_of::<T>().max(1),
        shape,
        strides,
        0,
        unique,
    )?;
    if !T::ALL_BIT_PATTERNS_VALID {
        // SAFETY: the layout was just checked to lie inside the description's memory; the
        // elements are read as bytes (always valid) to check them before any is read as `T`.
        let bytes: RawView<u8, N> =
            unsafe { RawView::from_parts(raw.ptr().cast(), shape, strides, [-1; N]) };
        let view = MemViewSlice::from_raw(bytes);
        if let Some(bad) = view.indexed_iter().find(|(_, b)| !T::valid_byte(**b)) {
            return Err(BufferError::FormatMismatch {
                format: format!("{} (byte {:#x} at {:?})", info.format(), bad.1, bad.0),
                element: std::any::type_name::<T>(),
                expected: T::FORMAT,
            });
        }
    }
    Ok(raw)
}

impl<'a, T: Element, const N: usize> MemViewSlice<'a, T, N> {
    /// A typed view of an exported buffer, checked once: rank `N`, format matching `T`, no
    /// indirect axes, alignment, and every element inside the buffer.
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
    /// indirect axes).
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
        if !info.is_contiguous(Some(crate::layout::Order::C)) {
            return Err(BufferError::NotContiguous {
                order: Some(crate::layout::Order::C),
            });
        }
        let (shape, _, itemsize) = info.full_layout();
        let len = crate::layout::checked_size(&shape).unwrap_or(0) * itemsize;
        // SAFETY: a C-contiguous description covers `len` consecutive readable bytes from
        // `buf` (its invariant), and bytes have no invalid values or alignment.
        Ok(unsafe { MemViewSlice::from_raw_parts(info.buf().as_ptr(), [len], [1], [-1]) })
    }
}

impl<'a, T: Element, const N: usize> MemViewSliceMut<'a, T, N> {
    /// An exclusive typed view of a writable exported buffer, checked as
    /// [`MemViewSlice::from_buffer`] and also for writability and aliasing.
    ///
    /// # Errors
    ///
    /// [`BufferError::NotWritable`] for a read-only buffer, or what `from_buffer` refuses.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{ByteArray, Exporter, Flags};
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let bytes = ByteArray::from(vec![0; 4]);
    /// let mut guard = bytes.get_buffer(Flags::CONTIG).unwrap();
    /// let mut m = MemViewSliceMut::<u8, 1>::from_buffer_mut(guard.info_mut()).unwrap();
    /// m[[2]] = 7;
    /// drop(guard);
    /// assert_eq!(bytes.to_vec().unwrap(), [0, 0, 7, 0]);
    /// ```
    pub fn from_buffer_mut(info: &'a mut BufferInfo<'_>) -> Result<Self, BufferError> {
        if info.readonly() {
            return Err(BufferError::NotWritable);
        }
        typed_raw(info, size_of::<T>() > 0).map(Self::from_raw)
    }
}

impl<'a, T: bytemuck::Pod, const N: usize> MemViewSlice<'a, T, N> {
    /// Reinterprets a C-contiguous view as another element type and shape, with the rules of
    /// CPython's `memoryview.cast`: the view is C-contiguous, one side is a byte type
    /// (`u8`/`i8`), one side is 1-d, and the new shape covers exactly the same bytes; and, as
    /// Rust needs, the memory is aligned for `U` (checked by `bytemuck`).
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
        if size_of::<T>() != 1 && size_of::<U>() != 1 {
            return Err(BufferError::BadCast(
                "cannot cast between two non-byte formats",
            ));
        }
        if N != 1 && M != 1 {
            return Err(BufferError::BadCast("cast must be 1D -> ND or ND -> 1D"));
        }
        let bytes: &'a [u8] = bytemuck::cast_slice(elements);
        let address = bytes.as_ptr() as usize;
        let typed: &'a [U] = match bytemuck::try_cast_slice(bytes) {
            Ok(typed) => typed,
            Err(bytemuck::PodCastError::TargetAlignmentGreaterAndInputNotAligned) => {
                return Err(BufferError::Misaligned {
                    address,
                    align: align_of::<U>(),
                });
            }
            Err(_) => return Err(BufferError::BadCast("length is not a multiple of itemsize")),
        };
        MemViewSlice::from_slice(typed, shape)
            .map_err(|_| BufferError::BadCast("product(shape) * itemsize != buffer size"))
    }
}
