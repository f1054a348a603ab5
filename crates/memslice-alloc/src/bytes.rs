//! Bytes viewed as typed elements, without a copy: [`view_bytes_as`], [`view_bytes_as_mut`] and
//! the error they name.

use std::fmt;

use memslice_core::{MemViewSlice, MemViewSliceMut};

/// Why bytes cannot be viewed as elements of a type.
///
/// # Examples
///
/// ```
/// use memslice_alloc::{BytesError, view_bytes_as};
///
/// let words = [1_u32, 2, 3];
/// let bytes: &[u8] = bytemuck::cast_slice(&words);
/// let err = view_bytes_as::<u32>(&bytes[..6]).unwrap_err();
/// assert_eq!(err, BytesError::Length { len: 6, itemsize: 4, element: "u32" });
/// assert_eq!(err.to_string(), "6 bytes are not a whole number of 4-byte u32 elements");
/// let boxed: Box<dyn std::error::Error> = err.into(); // fits `?`
/// # drop(boxed);
/// // One byte in, the u32s are no longer aligned.
/// assert!(matches!(view_bytes_as::<u32>(&bytes[1..5]), Err(BytesError::Misaligned { align: 4, element: "u32", .. })));
/// // Bytes hold no definite number of a zero-sized type.
/// assert_eq!(view_bytes_as::<()>(bytes).unwrap_err(), BytesError::ZeroSized { element: "()" });
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BytesError {
    /// The byte count is not a multiple of the element size.
    Length {
        /// The number of bytes.
        len: usize,
        /// `size_of` of the element type.
        itemsize: usize,
        /// The element type's name.
        element: &'static str,
    },
    /// The bytes do not start at an address aligned for the element type.
    Misaligned {
        /// The address of the first byte.
        address: usize,
        /// `align_of` of the element type.
        align: usize,
        /// The element type's name.
        element: &'static str,
    },
    /// The element type is zero-sized: bytes hold no definite number of them.
    ZeroSized {
        /// The element type's name.
        element: &'static str,
    },
}

impl fmt::Display for BytesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BytesError::Length {
                len,
                itemsize,
                element,
            } => write!(
                f,
                "{len} bytes are not a whole number of {itemsize}-byte {element} elements"
            ),
            BytesError::Misaligned {
                address,
                align,
                element,
            } => write!(
                f,
                "bytes at {address:#x} are not aligned for {element} (alignment {align})"
            ),
            BytesError::ZeroSized { element } => {
                write!(f, "bytes cannot be viewed as zero-sized {element} elements")
            }
        }
    }
}

impl std::error::Error for BytesError {}

/// Checks what `bytemuck::try_cast_slice` checks, naming the numbers.
fn check<T>(bytes: &[u8]) -> Result<(), BytesError> {
    let element = std::any::type_name::<T>();
    let itemsize = size_of::<T>();
    if itemsize == 0 {
        return Err(BytesError::ZeroSized { element });
    }
    if !bytes.as_ptr().cast::<T>().is_aligned() {
        return Err(BytesError::Misaligned {
            address: bytes.as_ptr() as usize,
            align: align_of::<T>(),
            element,
        });
    }
    if bytes.len() % itemsize != 0 {
        return Err(BytesError::Length {
            len: bytes.len(),
            itemsize,
            element,
        });
    }
    Ok(())
}

/// Views bytes as typed elements: the byte count must be a multiple of `size_of::<T>()` and the
/// bytes aligned for `T`. No copy.
///
/// # Errors
///
/// A [`BytesError`] naming the check that failed and its numbers.
///
/// # Examples
///
/// ```
/// use memslice_alloc::view_bytes_as;
///
/// let words = [1_u32, 2];
/// let bytes: &[u8] = bytemuck::cast_slice(&words);
/// assert_eq!(view_bytes_as::<u32>(bytes).unwrap()[[1]], 2);
/// assert!(view_bytes_as::<u32>(&bytes[1..5]).is_err()); // misaligned
/// ```
pub fn view_bytes_as<T: bytemuck::Pod>(bytes: &[u8]) -> Result<MemViewSlice<'_, T, 1>, BytesError> {
    check::<T>(bytes)?;
    let elements: &[T] = bytemuck::cast_slice(bytes);
    Ok(MemViewSlice::from(elements))
}

/// Views writable bytes as typed elements (see [`view_bytes_as`]).
///
/// # Errors
///
/// As [`view_bytes_as`].
///
/// # Examples
///
/// ```
/// use memslice_alloc::view_bytes_as_mut;
///
/// let mut words = [0_u32; 2];
/// view_bytes_as_mut::<u16>(bytemuck::cast_slice_mut(&mut words)).unwrap()[[0]] = 1;
/// assert_eq!(words[0], if cfg!(target_endian = "little") { 1 } else { 1 << 16 });
/// ```
pub fn view_bytes_as_mut<T: bytemuck::Pod>(
    bytes: &mut [u8],
) -> Result<MemViewSliceMut<'_, T, 1>, BytesError> {
    check::<T>(bytes)?;
    let elements: &mut [T] = bytemuck::cast_slice_mut(bytes);
    Ok(MemViewSliceMut::from(elements))
}
