//! The error type of view construction and sub-view operations.

use std::error::Error;
use std::fmt;

use crate::layout;

/// Why a view could not be built or a sub-view could not be taken.
///
/// Every variant carries the numbers involved, and its `Display` names them, so that a failed
/// construction deep inside a kernel says which shape, strides and offset were wrong without a
/// debugger. Shapes and strides are stored as boxed slices because a view's rank is a const
/// parameter; the allocation happens only on this error path, never on success.
///
/// # Examples
///
/// ```
/// use memslice_core::{MemViewSlice, ViewError};
///
/// let data = [1.0_f64; 5];
/// let err = MemViewSlice::from_slice(&data, [2, 3]).unwrap_err();
/// assert!(matches!(err, ViewError::ShapeMismatch { .. }));
/// assert_eq!(err.to_string(), "shape [2, 3] needs 6 elements but the slice holds 5");
/// ```
///
/// Each variant, from the operation that returns it:
///
/// ```
/// use memslice_core::{IndirectView, MemViewSlice, MemViewSliceMut, RowTable, Slice, ViewError};
///
/// let data: Vec<i32> = (0..6).collect();
/// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
/// let is = |r: Result<(), ViewError>, f: fn(&ViewError) -> bool| f(&r.unwrap_err());
/// // Constructors: the layout against the memory.
/// assert!(is(MemViewSlice::from_slice(&data, [4]).map(drop), |e| matches!(e, ViewError::ShapeMismatch { .. })));
/// assert!(is(MemViewSlice::from_slice_strided(&data, [2], [4], 2).map(drop), |e| matches!(e, ViewError::Misaligned { .. })));
/// assert!(is(MemViewSlice::from_slice_strided(&data, [7], [4], 0).map(drop), |e| matches!(e, ViewError::OutOfBounds { .. })));
/// assert!(is(MemViewSlice::from_slice_strided(&data, [usize::MAX, 2], [0, 4], 0).map(drop),
///            |e| matches!(e, ViewError::Overflow { .. })));
/// let mut buf = [0; 3];
/// assert!(is(MemViewSliceMut::from_slice_strided(&mut buf, [2], [0], 0).map(drop), |e| matches!(e, ViewError::Aliasing { .. })));
/// // Sub-views: the arguments against the view.
/// assert!(is(v.try_slice_axis(2, ..).map(drop), |e| matches!(e, ViewError::AxisOutOfRange { axis: 2, ndim: 2 })));
/// assert!(is(v.try_index_axis::<1>(0, 2).map(drop), |e| matches!(e, ViewError::IndexOutOfRange { .. })));
/// assert!(is(v.try_split_at(1, 4).map(drop), |e| matches!(e, ViewError::SplitOutOfRange { .. })));
/// assert!(is(v.try_slice_axis(0, Slice::new(None, None, 0)).map(drop), |e| matches!(e, ViewError::ZeroStep { axis: 0 })));
/// assert!(is(v.try_permute_axes([0, 0]).map(drop), |e| matches!(e, ViewError::NotAPermutation { .. })));
/// assert!(is(v.try_reshape([4]).map(drop), |e| matches!(e, ViewError::ReshapeCount { .. })));
/// assert!(is(v.t().try_reshape([6]).map(drop), |e| matches!(e, ViewError::ReshapeNeedsCopy { .. })));
/// assert!(is(v.try_squeeze::<1>().map(drop), |e| matches!(e, ViewError::SqueezeRank { .. })));
/// // Two views together: shapes that must agree.
/// assert!(is(v.try_broadcast_to([2, 2]).map(drop), |e| matches!(e, ViewError::BroadcastMismatch { .. })));
/// let mut out = [0; 6];
/// let mut w = MemViewSliceMut::from_slice(&mut out, [3, 2]).unwrap();
/// assert!(is(w.copy_from(&v), |e| matches!(e, ViewError::ShapesDiffer { .. })));
/// // Indirect views: rows of a pointer table.
/// assert!(is(RowTable::new([&data[..2], &data[..1]]).map(drop), |e| matches!(e, ViewError::RaggedRows { row: 1, .. })));
/// let xs = [1, 2, 3, 4];
/// let cells: [*const i32; 4] = [&xs[0], &xs[1], &xs[2], &xs[3]]; // a 2 x 2 grid of pointers
/// let p = size_of::<*const i32>() as isize;
/// // SAFETY: every index reads one valid pointer in `cells`, to an i32 in `xs`.
/// let g = unsafe { IndirectView::<i32, 2>::from_raw_parts(cells.as_ptr().cast(), [2, 2], [2 * p, p], [-1, 0]) };
/// assert!(is(g.index_axis::<1>(1, 0).map(drop), |e| matches!(e, ViewError::IndirectIndex { axis: 1 })));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViewError {
    /// The product of a C- or Fortran-order shape differs from the length of the slice.
    ShapeMismatch {
        /// The requested shape.
        shape: Box<[usize]>,
        /// The number of elements in the slice.
        len: usize,
    },
    /// The number of elements, the number of bytes they span, or (for an empty shape) a
    /// contiguous stride does not fit `isize`.
    Overflow {
        /// The requested shape.
        shape: Box<[usize]>,
        /// The requested strides in bytes (empty for a contiguous layout, which has none yet).
        strides: Box<[isize]>,
        /// The element size in bytes.
        itemsize: usize,
    },
    /// The offset or a stride of an axis with more than one element is not a multiple of the
    /// element size, so some element would straddle two elements of the slice.
    Misaligned {
        /// The requested shape.
        shape: Box<[usize]>,
        /// The requested strides in bytes.
        strides: Box<[isize]>,
        /// The requested offset in bytes.
        offset: isize,
        /// The element size in bytes.
        itemsize: usize,
    },
    /// Some reachable element lies outside the slice, or an empty view's offset lies beyond
    /// the slice's ends.
    OutOfBounds {
        /// The requested shape.
        shape: Box<[usize]>,
        /// The requested strides in bytes.
        strides: Box<[isize]>,
        /// The requested offset in bytes.
        offset: isize,
        /// The lowest byte offset any element starts at, relative to the slice start (for an
        /// empty view, which has no element, the offset).
        lowest: isize,
        /// One past the highest byte any element ends at, relative to the slice start (for an
        /// empty view, the offset).
        end: isize,
        /// The length of the slice in elements.
        len: usize,
        /// The element size in bytes.
        itemsize: usize,
    },
    /// Two different indices of a mutable view would reach one element.
    Aliasing {
        /// The requested shape.
        shape: Box<[usize]>,
        /// The requested strides in bytes.
        strides: Box<[isize]>,
    },
    /// An axis number is not below the view's rank.
    AxisOutOfRange {
        /// The axis asked for.
        axis: usize,
        /// The rank of the view.
        ndim: usize,
    },
    /// An integer index, after wrapping negative values, lies outside its axis.
    IndexOutOfRange {
        /// The axis indexed.
        axis: usize,
        /// The index as given (before wrapping).
        index: isize,
        /// The extent of that axis.
        extent: usize,
    },
    /// A split point lies beyond the end of its axis.
    SplitOutOfRange {
        /// The axis split.
        axis: usize,
        /// The split point asked for.
        index: usize,
        /// The extent of that axis.
        extent: usize,
    },
    /// A slice step of zero, which Python rejects with `ValueError: slice step cannot be zero`.
    ZeroStep {
        /// The axis being sliced.
        axis: usize,
    },
    /// A shape cannot be broadcast to another by NumPy's rules.
    BroadcastMismatch {
        /// The shape of the view being broadcast.
        from: Box<[usize]>,
        /// The shape asked for.
        to: Box<[usize]>,
    },
    /// Two views that must have the same shape do not.
    ShapesDiffer {
        /// The shape of the view written to (or the left operand).
        dst: Box<[usize]>,
        /// The shape of the source (or the right operand).
        src: Box<[usize]>,
    },
    /// An indirect axis other than the first cannot be indexed away: the pointer to follow
    /// depends on the axes before it.
    IndirectIndex {
        /// The axis.
        axis: usize,
    },
    /// An axis order given to `permute_axes` is not a permutation of `0..ndim`.
    NotAPermutation {
        /// The order given.
        axes: Box<[usize]>,
    },
    /// A reshape to a shape with another element count.
    ReshapeCount {
        /// The view's shape.
        shape: Box<[usize]>,
        /// The shape asked for.
        to: Box<[usize]>,
    },
    /// A reshape that no strides can give without moving elements (NumPy would copy).
    ReshapeNeedsCopy {
        /// The view's shape.
        shape: Box<[usize]>,
        /// The view's byte strides.
        strides: Box<[isize]>,
        /// The shape asked for.
        to: Box<[usize]>,
    },
    /// `squeeze` to a rank other than the number of axes of extent other than 1.
    SqueezeRank {
        /// The view's shape.
        shape: Box<[usize]>,
        /// The rank asked for.
        ndim: usize,
    },
    /// A dynamic-rank array (ndarray's `IxDyn`) with another number of axes than the view.
    RankMismatch {
        /// The array's shape.
        shape: Box<[usize]>,
        /// The view's rank.
        ndim: usize,
    },
    /// A row of a row-pointer table is not as long as the first row.
    RaggedRows {
        /// The row's number.
        row: usize,
        /// Its length.
        len: usize,
        /// The first row's length.
        expected: usize,
    },
}

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ShapeMismatch { shape, len } => {
                let need = Checked(element_count(shape), "more than usize::MAX");
                write!(
                    f,
                    "shape {shape:?} needs {need} elements but the slice holds {len}"
                )
            }
            Self::Overflow {
                shape,
                strides,
                itemsize,
            } => {
                let too_many = layout::checked_size(shape).is_none();
                match (strides.is_empty(), too_many) {
                    (true, true) if *itemsize == 0 => write!(
                        f,
                        "shape {shape:?} of zero-sized elements has more than isize::MAX elements"
                    ),
                    // No more than isize::MAX elements, yet no contiguous strides: the shape is
                    // empty, or its bytes pass isize::MAX.
                    (true, false) if shape.contains(&0) => write!(
                        f,
                        "contiguous strides of shape {shape:?} with {itemsize}-byte elements \
                         pass isize::MAX bytes"
                    ),
                    (true, _) => write!(
                        f,
                        "shape {shape:?} of {itemsize}-byte elements spans more than isize::MAX \
                         bytes"
                    ),
                    (false, true) => write!(
                        f,
                        "shape {shape:?} with strides {strides:?} has more than isize::MAX \
                         elements"
                    ),
                    (false, false) => write!(
                        f,
                        "shape {shape:?} with strides {strides:?} and itemsize {itemsize} spans \
                         more than isize::MAX bytes"
                    ),
                }
            }
            Self::Misaligned {
                shape,
                strides,
                offset,
                itemsize,
            } => write!(
                f,
                "offset {offset} or strides {strides:?} (shape {shape:?}) are not multiples of \
                 the itemsize {itemsize}"
            ),
            Self::OutOfBounds {
                shape,
                strides,
                offset,
                len,
                itemsize,
                ..
            } if shape.contains(&0) => write!(
                f,
                "empty shape {shape:?} with strides {strides:?} sits at offset {offset}, outside \
                 the slice's 0..={bytes} ({len} elements of {itemsize} bytes)",
                bytes = Checked(len.checked_mul(*itemsize), "(more than usize::MAX)")
            ),
            Self::OutOfBounds {
                shape,
                strides,
                offset,
                lowest,
                end,
                len,
                itemsize,
            } => write!(
                f,
                "shape {shape:?} with strides {strides:?} from offset {offset} reaches bytes \
                 {lowest}..{end}, outside the slice's 0..{bytes} ({len} elements of {itemsize} \
                 bytes)",
                bytes = Checked(len.checked_mul(*itemsize), "(more than usize::MAX)")
            ),
            Self::Aliasing { shape, strides } => write!(
                f,
                "a mutable view with shape {shape:?} and strides {strides:?} could reach one \
                 element through two indices"
            ),
            Self::AxisOutOfRange { axis, ndim } => {
                write!(f, "axis {axis} is out of range for a view of rank {ndim}")
            }
            Self::IndexOutOfRange {
                axis,
                index,
                extent,
            } => {
                write!(
                    f,
                    "index {index} is out of range for axis {axis} of extent {extent}"
                )
            }
            Self::SplitOutOfRange {
                axis,
                index,
                extent,
            } => {
                write!(
                    f,
                    "split point {index} is beyond axis {axis} of extent {extent}"
                )
            }
            Self::ZeroStep { axis } => write!(f, "slice step cannot be zero (axis {axis})"),
            Self::BroadcastMismatch { from, to } => {
                write!(f, "cannot broadcast shape {from:?} to shape {to:?}")
            }
            Self::ShapesDiffer { dst, src } => {
                write!(f, "shapes differ: destination {dst:?}, source {src:?}")
            }
            Self::IndirectIndex { axis } => write!(
                f,
                "axis {axis} is indirect and not the first: it cannot be indexed away"
            ),
            Self::RaggedRows { row, len, expected } => write!(
                f,
                "row {row} holds {len} elements but row 0 holds {expected}: rows must be equally long"
            ),
            Self::ReshapeCount { shape, to } => {
                let (have, want) = (
                    Checked(element_count(shape), "more than usize::MAX"),
                    Checked(element_count(to), "more than usize::MAX"),
                );
                write!(
                    f,
                    "cannot reshape {shape:?} ({have} elements) to {to:?} ({want} elements)"
                )
            }
            Self::ReshapeNeedsCopy { shape, strides, to } => write!(
                f,
                "cannot reshape shape {shape:?} with strides {strides:?} to {to:?} without a \
                 copy: the axes it merges are not contiguous"
            ),
            Self::RankMismatch { shape, ndim } => write!(
                f,
                "an array of shape {shape:?} has {} axes, not the {ndim} of the view",
                shape.len()
            ),
            Self::SqueezeRank { shape, ndim } => write!(
                f,
                "shape {shape:?} does not squeeze to {ndim} axes: {} of its extents are not 1",
                shape.iter().filter(|&&e| e != 1).count()
            ),
            Self::NotAPermutation { axes } => {
                write!(
                    f,
                    "axes {axes:?} are not a permutation of 0..{}",
                    axes.len()
                )
            }
        }
    }
}

impl Error for ViewError {}

/// The number of elements of `shape`, or `None` when it passes `usize::MAX` (a zero extent
/// anywhere makes it 0, even after extents whose product overflows).
fn element_count(shape: &[usize]) -> Option<usize> {
    if shape.contains(&0) {
        return Some(0);
    }
    shape.iter().try_fold(1_usize, |acc, &e| acc.checked_mul(e))
}

/// A number that may have overflowed `usize`, shown as itself or as `overflow`: errors carry
/// caller-chosen numbers, so their messages must not overflow computing one.
struct Checked(Option<usize>, &'static str);

impl fmt::Display for Checked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, "{n}"),
            None => f.write_str(self.1),
        }
    }
}
