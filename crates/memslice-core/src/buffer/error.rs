//! The buffer protocol's errors: CPython's `BufferError` cases, format mismatches, and the
//! export rules of exporters whose memory can move.

use std::fmt;

use super::format::FormatError;
use crate::error::ViewError;
use crate::layout::Order;

/// Why an exporter refused a request, or a buffer could not be viewed as asked.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{BufferError, BufferInfo, ByteArray, Exporter, Flags, FormatError, Layout};
/// use memslice_core::MemViewSlice;
///
/// let words = [0_u16; 4];
/// let layout = || Layout::of_slice(&words, "H", &[4]).unwrap();
/// // CPython's BufferError cases: what a request asks and the memory cannot give.
/// assert_eq!(layout().request(Flags::WRITABLE).unwrap_err(), BufferError::NotWritable);
/// let t = Layout::of_view(MemViewSlice::from_slice(&words, [2, 2]).unwrap().t());
/// assert_eq!(t.request(Flags::ND).unwrap_err(), BufferError::NeedsStrides);
/// // Invalid descriptions, refused when made.
/// assert!(matches!(Layout::of_slice(&words, "H~", &[4]), Err(BufferError::Format(FormatError::BadChar { .. }))));
/// assert_eq!(Layout::of_slice(&words, "H", &[3]).unwrap_err(),
///            BufferError::ShapeMismatch { shape: [3].into(), itemsize: 2, len: 8 });
/// let buf = layout().request(Flags::SIMPLE).unwrap().buf();
/// // SAFETY: eight readable bytes, read-only (and refused before any is read).
/// let parts = unsafe { BufferInfo::from_raw_parts(buf, 8, true, None, 1, None, Some(vec![1].into()), None) };
/// assert_eq!(parts.unwrap_err(), BufferError::PartsDisagree { what: "strides", len: 1, ndim: 0 });
/// // A typed view checks the description against its element type and rank.
/// let info = layout().request(Flags::RECORDS_RO).unwrap();
/// assert_eq!(MemViewSlice::<i16, 1>::from_buffer(&info).unwrap_err(),
///            BufferError::FormatMismatch { format: "H".into(), element: "i16", expected: "h" });
/// assert_eq!(MemViewSlice::<u16, 2>::from_buffer(&info).unwrap_err(), BufferError::NdimMismatch { buffer: 1, view: 2 });
/// let two = [2_u8];
/// let bools = BufferInfo::fill_info(&two, Flags::SIMPLE).unwrap(); // no format: bytes
/// assert!(MemViewSlice::<bool, 1>::from_buffer(&bools).is_err()); // 'B' is not '?'
/// let v = MemViewSlice::<u16, 1>::from_buffer(&info).unwrap();
/// assert_eq!(v.cast::<u8, 1>([7]).unwrap_err(), BufferError::BadCast("product(shape) * itemsize != buffer size"));
/// // An exporter's rules: growth while exported, aliasing writable exports.
/// let bytes = ByteArray::from(vec![1, 2, 3]);
/// let guard = bytes.get_buffer(Flags::SIMPLE).unwrap();
/// assert_eq!(bytes.resize(0, 0), Err(BufferError::ExportsExist { count: 1 }));
/// assert_eq!(bytes.get_buffer(Flags::WRITABLE).unwrap_err(), BufferError::Busy { readers: 1, writer: false });
/// drop(guard);
/// // Display says what was asked and why it cannot be given, in CPython's words where it has
/// // them (bytearray.extend while exported: BufferError: Existing exports of data: ...).
/// assert_eq!(
///     BufferError::ExportsExist { count: 1 }.to_string(),
///     "Existing exports of data: object cannot be re-sized (1 live)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BufferError {
    /// `WRITABLE` was asked of read-only memory.
    NotWritable,
    /// The memory has indirect axes and the request did not accept suboffsets (`INDIRECT`).
    NeedsSuboffsets,
    /// A direct typed view was asked of a description with indirect axes (PIL-style
    /// suboffsets); an [`IndirectView`](crate::IndirectView) reads those.
    Indirect,
    /// The memory is not C-contiguous and the request did not accept strides (`STRIDES`).
    NeedsStrides,
    /// A contiguity flag could not be met: C, Fortran, or either (`None`).
    NotContiguous {
        /// The order asked for.
        order: Option<Order>,
    },
    /// The exporter cannot resize while exports are alive (CPython's bytearray rule).
    ExportsExist {
        /// How many exports are alive.
        count: usize,
    },
    /// A writable export would alias a live export, or a read-only one a live writable export:
    /// `&mut` in Rust must be unique.
    Busy {
        /// Live read-only exports.
        readers: usize,
        /// Whether a writable export is live.
        writer: bool,
    },
    /// The format string is invalid.
    Format(FormatError),
    /// The buffer's format does not describe the requested element type.
    FormatMismatch {
        /// The buffer's format.
        format: String,
        /// The element type asked for.
        element: &'static str,
        /// That type's format.
        expected: &'static str,
    },
    /// The buffer's rank differs from the view's.
    NdimMismatch {
        /// The buffer's rank.
        buffer: usize,
        /// The view's rank.
        view: usize,
    },
    /// The buffer's start is not aligned for the element type.
    Misaligned {
        /// The address.
        address: usize,
        /// The alignment the element type needs.
        align: usize,
    },
    /// A shape and itemsize that do not cover a byte length exactly.
    ShapeMismatch {
        /// The shape.
        shape: Box<[usize]>,
        /// The element size in bytes.
        itemsize: usize,
        /// The byte length.
        len: usize,
    },
    /// The buffer's itemsize differs from the size of the element type asked for.
    ItemsizeMismatch {
        /// The buffer's itemsize (1 when the request asked for no format).
        itemsize: usize,
        /// The element type asked for.
        element: &'static str,
        /// Its size in bytes.
        size: usize,
    },
    /// A stride of an axis with more than one element is not a multiple of the itemsize, so a
    /// typed view would step between elements.
    StridesNotElements {
        /// The buffer's shape.
        shape: Box<[usize]>,
        /// Its byte strides.
        strides: Box<[isize]>,
        /// The element size in bytes.
        itemsize: usize,
    },
    /// An element, or a pointer stored along an indirect axis, lies outside the memory the
    /// exporter vouches for.
    OutsideMemory {
        /// The buffer's shape.
        shape: Box<[usize]>,
        /// Its byte strides.
        strides: Box<[isize]>,
        /// Its suboffsets, when some axis is indirect.
        suboffsets: Option<Box<[isize]>>,
        /// The bytes reached, as offsets from the start of the memory (`start..end`).
        reached: (isize, isize),
        /// The memory's length in bytes.
        len: usize,
    },
    /// An element's bytes are not a valid value of the type asked for (a `bool` byte other
    /// than 0 or 1).
    InvalidValue {
        /// The first index holding an invalid value.
        index: Box<[usize]>,
        /// The element type asked for.
        element: &'static str,
    },
    /// Strides or suboffsets given without a shape, or with another length than it.
    PartsDisagree {
        /// `"strides"` or `"suboffsets"`.
        what: &'static str,
        /// How many entries that part has.
        len: usize,
        /// How many dimensions the shape has (0 without one).
        ndim: usize,
    },
    /// A `cast` CPython's `memoryview.cast` would refuse, and why.
    BadCast(&'static str),
    /// The layout is invalid for a view (out of bounds, aliasing, ...).
    View(ViewError),
}

impl fmt::Display for BufferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotWritable => f.write_str("object is not writable"),
            Self::NeedsSuboffsets => f.write_str(
                "memory has indirect axes: the request must accept suboffsets (INDIRECT)",
            ),
            Self::Indirect => f.write_str(
                "buffer has indirect axes (suboffsets): a direct view cannot address it, an \
                 IndirectView can",
            ),
            Self::NeedsStrides => {
                f.write_str("memory is not C-contiguous: the request must accept strides (STRIDES)")
            }
            Self::NotContiguous {
                order: Some(Order::C),
            } => f.write_str("memory is not C-contiguous"),
            Self::NotContiguous {
                order: Some(Order::F),
            } => f.write_str("memory is not Fortran-contiguous"),
            Self::NotContiguous { order: None } => {
                f.write_str("memory is neither C- nor Fortran-contiguous")
            }
            Self::ExportsExist { count } => {
                write!(
                    f,
                    "Existing exports of data: object cannot be re-sized ({count} live)"
                )
            }
            Self::Busy { readers, writer } => write!(
                f,
                "memory is exported already ({readers} read-only, {} writable): a writable export must be the only one",
                usize::from(*writer)
            ),
            Self::Format(e) => e.fmt(f),
            Self::FormatMismatch {
                format,
                element,
                expected,
            } => write!(
                f,
                "buffer format {format:?} does not describe {element} (format {expected:?})"
            ),
            Self::NdimMismatch { buffer, view } => {
                write!(f, "buffer has {buffer} dimensions but the view has {view}")
            }
            Self::Misaligned { address, align } => {
                write!(
                    f,
                    "buffer address {address:#x} is not aligned to {align} bytes"
                )
            }
            Self::ShapeMismatch {
                shape,
                itemsize,
                len,
            } => write!(
                f,
                "shape {shape:?} of {itemsize}-byte items does not cover {len} bytes"
            ),
            Self::ItemsizeMismatch {
                itemsize,
                element,
                size,
            } => write!(
                f,
                "buffer itemsize {itemsize} differs from the {size}-byte size of {element}"
            ),
            Self::StridesNotElements {
                shape,
                strides,
                itemsize,
            } => write!(
                f,
                "strides {strides:?} (shape {shape:?}) do not step whole {itemsize}-byte elements"
            ),
            Self::OutsideMemory {
                shape,
                strides,
                suboffsets,
                reached: (from, to),
                len,
            } => {
                write!(f, "shape {shape:?} with strides {strides:?}")?;
                if let Some(subs) = suboffsets {
                    write!(f, " and suboffsets {subs:?}")?;
                }
                write!(
                    f,
                    " reaches bytes {from}..{to}, outside the exporter's memory 0..{len}"
                )
            }
            Self::InvalidValue { index, element } => {
                write!(f, "the element at {index:?} is not a valid {element}")
            }
            Self::PartsDisagree { what, len, ndim } => write!(
                f,
                "{what} has {len} entries but the shape has {ndim} dimensions"
            ),
            Self::BadCast(why) => write!(f, "memoryview: {why}"),
            Self::View(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BufferError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Format(e) => Some(e),
            Self::View(e) => Some(e),
            _ => None,
        }
    }
}

impl From<FormatError> for BufferError {
    fn from(e: FormatError) -> Self {
        BufferError::Format(e)
    }
}

impl From<ViewError> for BufferError {
    fn from(e: ViewError) -> Self {
        BufferError::View(e)
    }
}
