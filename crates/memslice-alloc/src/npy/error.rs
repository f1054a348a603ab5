//! [`NpyError`]: every way a `.npy` / `.npz` file, or a request made of one, can be refused.

use std::fmt;
use std::io;

/// Why a `.npy` / `.npz` file could not be parsed, viewed, read or written.
///
/// Each variant names what was found and what was expected, so that the message alone says
/// what is wrong with the file or the request.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{Header, NpyError};
///
/// let err = Header::parse(b"\x93NUMPX\x01\x00").unwrap_err();
/// assert!(matches!(err, NpyError::BadMagic { .. }));
/// assert_eq!(
///     err.to_string(),
///     "not a .npy file: the first 6 bytes are b\"\\x93NUMPX\", expected b\"\\x93NUMPY\""
/// );
/// let boxed: Box<dyn std::error::Error> = err.into(); // fits `?`
/// # drop(boxed);
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum NpyError {
    /// The file does not start with `\x93NUMPY`.
    BadMagic {
        /// The first bytes found (at most six).
        found: Vec<u8>,
    },
    /// A format version other than 1.0, 2.0 or 3.0.
    UnsupportedVersion {
        /// The major version byte.
        major: u8,
        /// The minor version byte.
        minor: u8,
    },
    /// The input ends before a part it announces.
    Truncated {
        /// What was being read: `"magic"`, `"header length"`, `"header"`, `"data"`...
        what: &'static str,
        /// The bytes that part needs.
        needed: u64,
        /// The bytes there are.
        available: u64,
    },
    /// A byte outside ASCII in a version 1.0 or 2.0 header (only 3.0 headers are UTF-8).
    NonAscii {
        /// The major version of the header.
        major: u8,
        /// The byte's offset in the header text.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// A version 3.0 header that is not UTF-8.
    InvalidUtf8 {
        /// The offset of the first invalid byte in the header text.
        offset: usize,
    },
    /// The header is not the Python dict literal NumPy writes.
    Syntax {
        /// The offset in the header text where parsing stopped.
        offset: usize,
        /// What the parser expected there.
        expected: &'static str,
        /// What it found (a short excerpt).
        found: String,
    },
    /// A key other than `descr`, `fortran_order` and `shape`.
    UnknownKey {
        /// The key.
        key: String,
    },
    /// A key given twice.
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// One of `descr`, `fortran_order`, `shape` is missing.
    MissingKey {
        /// The key.
        key: &'static str,
    },
    /// A structured (record) dtype: its descr is a list of fields, which memslice does not view.
    StructuredDescr {
        /// The descr as written in the header (possibly cut short).
        descr: String,
    },
    /// A descr string that is not a dtype memslice knows (`'<f8'`, `'|b1'`, `'<U3'`...).
    BadDescr {
        /// The descr.
        descr: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The element count, or the byte size, of the shape does not fit `isize`.
    ShapeOverflow {
        /// The shape.
        shape: Vec<usize>,
        /// The element size in bytes.
        itemsize: usize,
    },
    /// A typed view or read asked for an element type the file does not hold.
    DescrMismatch {
        /// The file's descr.
        found: String,
        /// The descr of the element type asked for.
        expected: String,
        /// The element type asked for.
        element: &'static str,
    },
    /// The file's data is not in this machine's byte order: readable as bytes only.
    ByteOrder {
        /// The file's descr, e.g. `>f8`.
        descr: String,
        /// The element type asked for.
        element: &'static str,
    },
    /// The file's shape has a different number of axes than the view asked for.
    RankMismatch {
        /// The file's shape.
        shape: Vec<usize>,
        /// The number of axes asked for.
        expected: usize,
    },
    /// The data does not start at an address aligned for the element type.
    Misaligned {
        /// The address (for a mapped file or a buffer) of the first data byte.
        address: usize,
        /// `align_of` of the element type.
        align: usize,
        /// The element type.
        element: &'static str,
    },
    /// A `bool` array holds a byte other than 0 or 1.
    InvalidBool {
        /// The element's index in memory order.
        index: usize,
        /// The byte found.
        byte: u8,
    },
    /// A header too long for any format version (over 4 GiB).
    HeaderTooLong {
        /// The header's length in bytes.
        len: usize,
    },
    /// An `.npz` archive's zip structure is malformed.
    Zip {
        /// What is wrong.
        reason: &'static str,
        /// The offset in the archive where it was found.
        offset: u64,
    },
    /// No member of that name in the `.npz` archive.
    NoMember {
        /// The name asked for (with or without `.npy`).
        name: String,
    },
    /// A member compressed with a method other than stored (0) or deflate (8).
    UnsupportedCompression {
        /// The member.
        name: String,
        /// The zip compression method.
        method: u16,
    },
    /// A view was asked of a compressed member: only stored members can be viewed in place.
    Compressed {
        /// The member.
        name: String,
    },
    /// A member's data does not match the CRC-32 in its zip entry.
    Crc {
        /// The member.
        name: String,
        /// The CRC-32 the archive records.
        expected: u32,
        /// The CRC-32 of the data.
        found: u32,
    },
    /// An I/O error from the file or writer.
    Io(io::Error),
}

impl fmt::Display for NpyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NpyError::BadMagic { found } => write!(
                f,
                "not a .npy file: the first {} bytes are b\"{}\", expected b\"\\x93NUMPY\"",
                found.len(),
                found.escape_ascii()
            ),
            NpyError::UnsupportedVersion { major, minor } => write!(
                f,
                "unsupported .npy format version {major}.{minor}, expected 1.0, 2.0 or 3.0"
            ),
            NpyError::Truncated {
                what,
                needed,
                available,
            } => write!(
                f,
                "truncated .npy: the {what} needs {needed} bytes, only {available} are there"
            ),
            NpyError::NonAscii {
                major,
                offset,
                byte,
            } => write!(
                f,
                "byte {byte:#04x} at offset {offset} of a version {major}.0 header: only ASCII \
                 is allowed before version 3.0"
            ),
            NpyError::InvalidUtf8 { offset } => write!(
                f,
                "version 3.0 header is not UTF-8 (invalid byte at offset {offset})"
            ),
            NpyError::Syntax {
                offset,
                expected,
                found,
            } => write!(
                f,
                "malformed .npy header at offset {offset}: expected {expected}, found {found:?}"
            ),
            NpyError::UnknownKey { key } => write!(
                f,
                "unknown key {key:?} in .npy header, expected only 'descr', 'fortran_order' \
                 and 'shape'"
            ),
            NpyError::DuplicateKey { key } => write!(f, "key {key:?} given twice in .npy header"),
            NpyError::MissingKey { key } => write!(f, "key '{key}' missing from .npy header"),
            NpyError::StructuredDescr { descr } => write!(
                f,
                "structured dtype {descr} is not supported, expected a simple descr such as \
                 '<f8'"
            ),
            NpyError::BadDescr { descr, reason } => {
                write!(f, "descr {descr:?} not understood: {reason}")
            }
            NpyError::ShapeOverflow { shape, itemsize } => write!(
                f,
                "shape {shape:?} of {itemsize}-byte elements is too big: its size does not fit \
                 isize"
            ),
            NpyError::DescrMismatch {
                found,
                expected,
                element,
            } => write!(
                f,
                "the file holds descr {found:?}, but {element} is {expected:?}"
            ),
            NpyError::ByteOrder { descr, element } => write!(
                f,
                "descr {descr:?} is not in this machine's byte order, so it cannot be viewed as \
                 {element}; view it as bytes instead"
            ),
            NpyError::RankMismatch { shape, expected } => write!(
                f,
                "the file's shape {shape:?} has {} axes, expected {expected}",
                shape.len()
            ),
            NpyError::Misaligned {
                address,
                align,
                element,
            } => write!(
                f,
                "data at {address:#x} is not aligned for {element} (alignment {align}); read \
                 it into an owned array instead"
            ),
            NpyError::InvalidBool { index, byte } => write!(
                f,
                "bool element {index} is byte {byte:#04x}, expected 0 or 1"
            ),
            NpyError::HeaderTooLong { len } => write!(
                f,
                "a {len}-byte header does not fit any .npy format version (at most 4 GiB)"
            ),
            NpyError::Zip { reason, offset } => {
                write!(f, "malformed .npz archive at offset {offset}: {reason}")
            }
            NpyError::NoMember { name } => write!(f, "no member {name:?} in the .npz archive"),
            NpyError::UnsupportedCompression { name, method } => write!(
                f,
                "member {name:?} uses zip compression method {method}, expected 0 (stored) or \
                 8 (deflate)"
            ),
            NpyError::Compressed { name } => write!(
                f,
                "member {name:?} is compressed, so it cannot be viewed in place; read it into \
                 an owned array instead"
            ),
            NpyError::Crc {
                name,
                expected,
                found,
            } => write!(
                f,
                "member {name:?} is corrupt: CRC-32 {found:#010x}, the archive says \
                 {expected:#010x}"
            ),
            NpyError::Io(e) => write!(f, "I/O error: {e}"),
        }
    }
}

impl std::error::Error for NpyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NpyError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for NpyError {
    fn from(e: io::Error) -> Self {
        NpyError::Io(e)
    }
}
