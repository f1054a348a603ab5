//! Views of a `.npy` file that is already in memory ([`NpyBytes`], [`NpyBytesMut`]): a byte
//! buffer, or a mapped file (the maps in `map.rs` lend their bytes through these checks).

use memslice_core::{MemViewSlice, MemViewSliceMut};

use super::{Header, NpyElement, NpyError};

/// A `.npy` file held in memory, parsed: its header and its data bytes, borrowed.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{NpyBuf, NpyBytes, write_npy};
/// use memslice_core::{MemViewSlice, layout::Order};
///
/// let data = [1.5_f64, 2.5, 3.5, 4.5, 5.5, 6.5];
/// let mut file = Vec::new();
/// write_npy(&mut file, MemViewSlice::from_slice(&data, [2, 3]).unwrap(), Order::F).unwrap();
///
/// let npy = NpyBytes::parse(&file).unwrap();
/// assert_eq!(npy.header().shape(), &[2, 3]);
/// assert_eq!(npy.view_bytes().len(), 48);
/// // A typed view needs the data aligned for the type, which a Vec<u8> does not promise:
/// // `NpyBuf` keeps the bytes in aligned storage.
/// let buf = NpyBuf::copy_from(&file).unwrap();
/// let v = buf.as_npy().view::<f64, 2>().unwrap();
/// assert_eq!((v[[1, 0]], v[[0, 2]]), (4.5, 3.5));
/// ```
#[derive(Clone, Debug)]
pub struct NpyBytes<'a> {
    header: Header,
    data: &'a [u8],
}

/// Where the data of `header` lies in a file of `file_len` bytes.
pub(super) fn data_range(
    header: &Header,
    file_len: usize,
) -> Result<std::ops::Range<usize>, NpyError> {
    let start = header.data_offset();
    let available = file_len.saturating_sub(start);
    if available < header.nbytes() {
        return Err(NpyError::Truncated {
            what: "data",
            needed: header.nbytes() as u64,
            available: available as u64,
        });
    }
    Ok(start..start + header.nbytes())
}

impl<'a> NpyBytes<'a> {
    /// Parses `file`, a whole `.npy` file in memory. Bytes after the data are ignored, as
    /// NumPy ignores them.
    ///
    /// # Errors
    ///
    /// Every header error of [`Header::parse`], and [`NpyError::Truncated`] if the data is
    /// shorter than the header's shape says.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, NpyBytes, NpyError, Descr};
    ///
    /// let mut file = Header::new(Descr::of::<u8>(), vec![4], false).unwrap().to_bytes().unwrap();
    /// file.extend_from_slice(&[1, 2, 3]); // one byte short
    /// let err = NpyBytes::parse(&file).unwrap_err();
    /// assert!(matches!(err, NpyError::Truncated { what: "data", needed: 4, available: 3 }));
    /// file.push(4);
    /// assert_eq!(NpyBytes::parse(&file).unwrap().view::<u8, 1>().unwrap().to_vec(), [1, 2, 3, 4]);
    /// ```
    pub fn parse(file: &'a [u8]) -> Result<Self, NpyError> {
        let header = Header::parse(file)?;
        let range = data_range(&header, file.len())?;
        Ok(NpyBytes {
            header,
            data: &file[range],
        })
    }

    /// The parsed file of an already parsed header and its data bytes.
    pub(super) fn from_parts(header: Header, data: &'a [u8]) -> Self {
        NpyBytes { header, data }
    }

    /// The header.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyBuf, write_npy};
    /// use memslice_core::{MemViewSlice, layout::Order};
    ///
    /// let mut file = Vec::new();
    /// write_npy(&mut file, MemViewSlice::from_slice(&[1_u8, 2, 3], [3]).unwrap(), Order::C).unwrap();
    /// let buf = NpyBuf::copy_from(file).unwrap();
    /// assert_eq!(buf.as_npy().header().descr().as_str(), "|u1");
    /// ```
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The data as bytes, whatever the descr (a `>f8` file included). No copy.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyBuf, write_npy};
    /// use memslice_core::{MemViewSlice, layout::Order};
    ///
    /// let mut file = Vec::new();
    /// write_npy(&mut file, MemViewSlice::from_slice(&[1_u16, 2], [2]).unwrap(), Order::C).unwrap();
    /// let buf = NpyBuf::copy_from(file).unwrap();
    /// let bytes = buf.as_npy().view_bytes();
    /// assert_eq!(bytes.len(), 4);
    /// assert_eq!(bytes.to_vec(), [1_u16.to_ne_bytes(), 2_u16.to_ne_bytes()].concat());
    /// ```
    pub fn view_bytes(&self) -> MemViewSlice<'a, u8, 1> {
        MemViewSlice::from(self.data)
    }

    /// The data as elements of `T` in `N` dimensions, in the file's memory order. No copy.
    ///
    /// # Errors
    ///
    /// [`NpyError::DescrMismatch`] or [`NpyError::ByteOrder`] if the descr is not `T`'s,
    /// [`NpyError::RankMismatch`] if the shape does not have `N` axes,
    /// [`NpyError::Misaligned`] if the data is not aligned for `T`, [`NpyError::InvalidBool`]
    /// if a `bool` array holds a byte other than 0 or 1 (every byte is checked, here, once).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyBuf, NpyError, write_npy};
    /// use memslice_core::{MemViewSlice, layout::Order};
    ///
    /// let mut file = Vec::new();
    /// write_npy(&mut file, MemViewSlice::from_slice(&[true, false], [2]).unwrap(), Order::C).unwrap();
    /// let buf = NpyBuf::copy_from(file).unwrap();
    /// assert_eq!(buf.as_npy().view::<bool, 1>().unwrap().to_vec(), [true, false]);
    /// assert!(matches!(buf.as_npy().view::<bool, 2>(), Err(NpyError::RankMismatch { .. })));
    /// assert!(matches!(buf.as_npy().view::<u8, 1>(), Err(NpyError::DescrMismatch { .. })));
    /// ```
    pub fn view<T: NpyElement, const N: usize>(&self) -> Result<MemViewSlice<'a, T, N>, NpyError> {
        view(&self.header, self.data)
    }
}

/// A `.npy` file held in memory and writable, parsed: its header and its data bytes, borrowed
/// exclusively. Writes through its views change the bytes it was made from.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{NpyBytesMut, write_npy};
/// use memslice_core::{MemViewSlice, layout::Order};
///
/// let mut file = Vec::new();
/// write_npy(&mut file, MemViewSlice::from_slice(&[0_u8; 4], [2, 2]).unwrap(), Order::C).unwrap();
/// let mut npy = NpyBytesMut::parse(&mut file).unwrap();
/// npy.view_mut::<u8, 2>().unwrap()[[1, 0]] = 7;
/// assert_eq!(file[file.len() - 2], 7);
/// ```
#[derive(Debug)]
pub struct NpyBytesMut<'a> {
    header: Header,
    data: &'a mut [u8],
}

impl<'a> NpyBytesMut<'a> {
    /// Parses `file`, a whole writable `.npy` file in memory.
    ///
    /// # Errors
    ///
    /// As [`NpyBytes::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyBytesMut, NpyError};
    ///
    /// let mut junk = *b"\x93NUMPY\x09\x00";
    /// assert!(matches!(NpyBytesMut::parse(&mut junk), Err(NpyError::UnsupportedVersion { major: 9, minor: 0 })));
    /// ```
    pub fn parse(file: &'a mut [u8]) -> Result<Self, NpyError> {
        let header = Header::parse(file)?;
        let range = data_range(&header, file.len())?;
        Ok(NpyBytesMut {
            header,
            data: &mut file[range],
        })
    }

    /// The header.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyBytesMut, write_npy};
    /// use memslice_core::{MemViewSlice, layout::Order};
    ///
    /// let mut file = Vec::new();
    /// write_npy(&mut file, MemViewSlice::from_slice(&[0_i64; 6], [2, 3]).unwrap(), Order::F).unwrap();
    /// assert!(NpyBytesMut::parse(&mut file).unwrap().header().fortran_order());
    /// ```
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The parsed file, read-only, borrowed from this one.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyBytesMut, write_npy};
    /// use memslice_core::{MemViewSlice, layout::Order};
    ///
    /// let mut file = Vec::new();
    /// write_npy(&mut file, MemViewSlice::from_slice(&[5_u8], [1]).unwrap(), Order::C).unwrap();
    /// let npy = NpyBytesMut::parse(&mut file).unwrap();
    /// assert_eq!(npy.as_npy().view::<u8, 1>().unwrap()[[0]], 5);
    /// ```
    pub fn as_npy(&self) -> NpyBytes<'_> {
        NpyBytes::from_parts(self.header.clone(), self.data)
    }

    /// The data as writable bytes, whatever the descr. No copy.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyBytesMut, write_npy};
    /// use memslice_core::{MemViewSlice, layout::Order};
    ///
    /// let mut file = Vec::new();
    /// write_npy(&mut file, MemViewSlice::from_slice(&[0_u8; 2], [2]).unwrap(), Order::C).unwrap();
    /// NpyBytesMut::parse(&mut file).unwrap().view_bytes_mut()[[1]] = 9;
    /// assert_eq!(file.last(), Some(&9));
    /// ```
    pub fn view_bytes_mut(&mut self) -> MemViewSliceMut<'_, u8, 1> {
        MemViewSliceMut::from(&mut *self.data)
    }

    /// The data as writable elements of `T` in `N` dimensions. No copy.
    ///
    /// # Errors
    ///
    /// As [`NpyBytes::view`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyBytesMut, write_npy};
    /// use memslice_core::{MemViewSlice, layout::Order};
    ///
    /// let mut file = Vec::new();
    /// write_npy(&mut file, MemViewSlice::from_slice(&[false; 3], [3]).unwrap(), Order::C).unwrap();
    /// NpyBytesMut::parse(&mut file).unwrap().view_mut::<bool, 1>().unwrap()[[2]] = true;
    /// assert_eq!(file.last(), Some(&1));
    /// ```
    pub fn view_mut<T: NpyElement, const N: usize>(
        &mut self,
    ) -> Result<MemViewSliceMut<'_, T, N>, NpyError> {
        view_mut(&self.header, self.data)
    }
}

/// The writable typed view of `data`, the data bytes of a file with `header`.
pub(super) fn view_mut<'a, T: NpyElement, const N: usize>(
    header: &Header,
    data: &'a mut [u8],
) -> Result<MemViewSliceMut<'a, T, N>, NpyError> {
    let shape = check::<T, N>(header, data.as_ptr() as usize)?;
    let elements: &'a mut [T] = if data.is_empty() {
        &mut []
    } else {
        if bytemuck::checked::try_cast_slice::<u8, T>(data).is_err() {
            return Err(invalid_bits::<T>(data));
        }
        bytemuck::checked::try_cast_slice_mut(data).expect("checked just above")
    };
    Ok(
        MemViewSliceMut::from_slice_in(elements, shape, header.order())
            .expect("the element count is the shape's, checked when the header was parsed"),
    )
}

/// Checks descr, rank and alignment for a typed view of data at `address`; returns the shape.
pub(super) fn check<T: NpyElement, const N: usize>(
    header: &Header,
    address: usize,
) -> Result<[usize; N], NpyError> {
    header.descr().check::<T>()?;
    let shape: [usize; N] = header
        .shape()
        .try_into()
        .map_err(|_| NpyError::RankMismatch {
            shape: header.shape().to_vec(),
            expected: N,
        })?;
    // An empty array reaches no byte, so where its data would start does not matter.
    if header.nbytes() > 0 && address % align_of::<T>() != 0 {
        return Err(NpyError::Misaligned {
            address,
            align: align_of::<T>(),
            element: std::any::type_name::<T>(),
        });
    }
    Ok(shape)
}

/// The typed view of `data`, the data bytes of a file with `header`.
pub(super) fn view<'a, T: NpyElement, const N: usize>(
    header: &Header,
    data: &'a [u8],
) -> Result<MemViewSlice<'a, T, N>, NpyError> {
    let shape = check::<T, N>(header, data.as_ptr() as usize)?;
    // An array with no elements borrows nothing of the file.
    let elements: &'a [T] = if data.is_empty() {
        &[]
    } else {
        bytemuck::checked::try_cast_slice(data).map_err(|_| invalid_bits::<T>(data))?
    };
    Ok(MemViewSlice::from_slice_in(elements, shape, header.order())
        .expect("the element count is the shape's, checked when the header was parsed"))
}

/// The error for bytes that hold an invalid `T` (only `bool` has invalid bit patterns).
pub(super) fn invalid_bits<T: NpyElement>(data: &[u8]) -> NpyError {
    let size = size_of::<T>();
    for (index, chunk) in data.chunks_exact(size).enumerate() {
        let bits = bytemuck::pod_read_unaligned::<T::Bits>(chunk);
        if !T::is_valid_bit_pattern(&bits) {
            return NpyError::InvalidBool {
                index,
                byte: chunk[0],
            };
        }
    }
    unreachable!("a cast that failed after the alignment check found an invalid element")
}

/// A `.npy` file held in memory, owned: a byte buffer and its parsed header.
///
/// The buffer is copied into `u64`-aligned storage so that every typed view is aligned
/// whatever the allocator gave the input (the data of a NumPy file starts at a multiple of 64).
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{NpyBuf, write_npy};
/// use memslice_core::{MemViewSlice, layout::Order};
///
/// let mut file = Vec::new();
/// write_npy(&mut file, MemViewSlice::from_slice(&[1_i32, 2, 3, 4], [2, 2]).unwrap(), Order::C).unwrap();
/// let buf = NpyBuf::copy_from(file).unwrap();
/// assert_eq!(buf.as_npy().view::<i32, 2>().unwrap()[[1, 1]], 4);
/// ```
#[derive(Clone, Debug)]
pub struct NpyBuf {
    header: Header,
    words: Vec<u64>,
    len: usize,
}

impl NpyBuf {
    /// Copies a whole `.npy` file held in `file` into aligned storage and parses it.
    ///
    /// # Errors
    ///
    /// Every header error of [`Header::parse`], and [`NpyError::Truncated`] if the data is
    /// shorter than the header's shape says.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyBuf, NpyError};
    ///
    /// assert!(matches!(NpyBuf::copy_from(b"\x93NUM".to_vec()), Err(NpyError::Truncated { .. })));
    /// assert!(matches!(NpyBuf::copy_from(b"PK\x03\x04".to_vec()), Err(NpyError::BadMagic { .. })));
    /// ```
    pub fn copy_from(file: impl AsRef<[u8]>) -> Result<Self, NpyError> {
        let file = file.as_ref();
        let header = Header::parse(file)?;
        data_range(&header, file.len())?;
        let mut words = vec![0_u64; file.len().div_ceil(8)];
        bytemuck::cast_slice_mut::<u64, u8>(&mut words)[..file.len()].copy_from_slice(file);
        Ok(NpyBuf {
            header,
            words,
            len: file.len(),
        })
    }

    /// The parsed file, borrowed.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyBuf, write_npy};
    /// use memslice_core::{MemViewSlice, layout::Order};
    ///
    /// let mut file = Vec::new();
    /// write_npy(&mut file, MemViewSlice::from_slice(&[2.0_f32], [1]).unwrap(), Order::C).unwrap();
    /// assert_eq!(NpyBuf::copy_from(file).unwrap().as_npy().view::<f32, 1>().unwrap()[[0]], 2.0);
    /// ```
    pub fn as_npy(&self) -> NpyBytes<'_> {
        let bytes = &bytemuck::cast_slice::<u64, u8>(&self.words)[..self.len];
        let range = data_range(&self.header, bytes.len()).expect("checked by `copy_from`");
        NpyBytes::from_parts(self.header.clone(), &bytes[range])
    }

    /// The parsed file, writable, borrowed.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyBuf, write_npy};
    /// use memslice_core::{MemViewSlice, layout::Order};
    ///
    /// let mut file = Vec::new();
    /// write_npy(&mut file, MemViewSlice::from_slice(&[0_u16; 2], [2]).unwrap(), Order::C).unwrap();
    /// let mut buf = NpyBuf::copy_from(file).unwrap();
    /// buf.view_mut::<u16, 1>().unwrap()[[1]] = 3;
    /// assert_eq!(buf.as_npy().view::<u16, 1>().unwrap().to_vec(), [0, 3]);
    /// ```
    pub fn view_mut<T: NpyElement, const N: usize>(
        &mut self,
    ) -> Result<MemViewSliceMut<'_, T, N>, NpyError> {
        let bytes = &mut bytemuck::cast_slice_mut::<u64, u8>(&mut self.words)[..self.len];
        let range = data_range(&self.header, bytes.len())?;
        view_mut(&self.header, &mut bytes[range])
    }
}
