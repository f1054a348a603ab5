//! The safe read path: a `.npy` file read into an owned [`Array`], no mapping involved.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use crate::Array;

use super::view::check;
use super::{Header, NpyElement, NpyError};

/// How many bytes are read, and allocated, at a time: a header claiming more data than the
/// input holds costs at most this much before the truncation is found.
const CHUNK: usize = 1 << 20;

/// Reads the `.npy` file at `path` into an owned array, in the file's memory order (a
/// `fortran_order` file gives an [`Order::F`](memslice_core::layout::Order::F) array).
///
/// # Errors
///
/// [`NpyError::Io`] if the file cannot be read; every header error of [`Header::parse`];
/// [`NpyError::DescrMismatch`] / [`NpyError::ByteOrder`] / [`NpyError::RankMismatch`] as for
/// a view; [`NpyError::Truncated`] if the file ends early; [`NpyError::InvalidBool`] for a
/// `bool` byte other than 0 or 1.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{read_npy, write_npy_file};
/// use memslice_core::{MemViewSlice, layout::Order};
/// # if cfg!(miri) { return; } // Miri cannot open or map files
///
/// let path = std::env::temp_dir().join(format!("memslice-doc-read-{}.npy", std::process::id()));
/// write_npy_file(&path, MemViewSlice::from_slice(&[1_u32, 2, 3, 4, 5, 6], [2, 3]).unwrap(), Order::F).unwrap();
/// let a = read_npy::<u32, 2>(&path).unwrap();
/// assert_eq!((a.order(), a.view()[[1, 2]]), (Order::F, 6));
/// # std::fs::remove_file(&path).unwrap();
/// ```
pub fn read_npy<T: NpyElement, const N: usize>(
    path: impl AsRef<Path>,
) -> Result<Array<T, N>, NpyError> {
    read_npy_from(BufReader::new(File::open(path)?))
}

/// Reads a `.npy` file from `reader` into an owned array (see [`read_npy`]). The reader is
/// left after the last data byte.
///
/// # Errors
///
/// As [`read_npy`].
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{NpyError, read_npy_from, write_npy};
/// use memslice_core::{MemViewSlice, layout::Order};
///
/// let mut file = Vec::new();
/// write_npy(&mut file, MemViewSlice::from_slice(&[1.0_f64, 2.0], [2]).unwrap(), Order::C).unwrap();
/// assert_eq!(read_npy_from::<f64, 1>(&file[..]).unwrap().into_vec(), [1.0, 2.0]);
/// let err = read_npy_from::<f64, 1>(&file[..file.len() - 1]).unwrap_err();
/// assert!(matches!(err, NpyError::Truncated { what: "data", needed: 16, available: 15 }));
/// ```
pub fn read_npy_from<T: NpyElement, const N: usize>(
    mut reader: impl Read,
) -> Result<Array<T, N>, NpyError> {
    let header = Header::read_from(&mut reader)?;
    // The data read lands in a fresh Vec, aligned for T: only descr and rank are the file's.
    let shape = check::<T, N>(&header, 0)?;
    let data = read_elements::<T>(&mut reader, header.len(), header.nbytes())?;
    Array::from_vec(data, shape, header.order()).map_err(|_| NpyError::ShapeOverflow {
        shape: header.shape().to_vec(),
        itemsize: header.descr().itemsize(),
    })
}

/// Reads `len` elements of `T` (`nbytes` bytes), growing the buffer as data arrives.
pub(super) fn read_elements<T: NpyElement>(
    reader: &mut (impl Read + ?Sized),
    len: usize,
    nbytes: usize,
) -> Result<Vec<T>, NpyError> {
    let size = size_of::<T>();
    let mut bits: Vec<T::Bits> = Vec::new();
    let chunk = (CHUNK / size).max(1);
    while bits.len() < len {
        let start = bits.len();
        let take = chunk.min(len - start);
        bits.resize(start + take, bytemuck::Zeroable::zeroed());
        let buf: &mut [u8] = bytemuck::cast_slice_mut(&mut bits[start..]);
        let got = fill(reader, buf)?;
        if got < buf.len() {
            return Err(NpyError::Truncated {
                what: "data",
                needed: nbytes as u64,
                available: (start * size + got) as u64,
            });
        }
    }
    T::from_bits(bits).map_err(|(index, byte)| NpyError::InvalidBool { index, byte })
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn fill(reader: &mut (impl Read + ?Sized), buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match reader.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}
