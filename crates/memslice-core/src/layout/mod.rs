//! Pointer-free layout arithmetic over shapes and byte strides.
//!
//! Everything here is a pure function of `&[usize]` shapes and `&[isize]` byte strides, so it
//! serves views of any rank and, later, buffer descriptions whose rank is only known at run time.
//! The view types call these functions once, at construction; the property tests check them
//! against brute-force models on their own.
//!
//! ```
//! use memslice_core::layout::{Order, is_c_contiguous, reshape_strides};
//!
//! // A 2 x 3 f64 array and its transpose, as NumPy lays them out (strides in bytes).
//! assert!(is_c_contiguous(&[2, 3], &[24, 8], 8));
//! assert!(!is_c_contiguous(&[3, 2], &[8, 24], 8));
//! // a.T.reshape(6) would copy; a.T.reshape(6, order='F') would not.
//! assert_eq!(reshape_strides(&[3, 2], &[8, 24], 8, &[6], Order::C), None);
//! assert_eq!(reshape_strides(&[3, 2], &[8, 24], 8, &[6], Order::F), Some(vec![8]));
//! ```

mod broadcast;
mod contiguity;
mod indices;
mod overlap;
mod reach;
mod reshape;

pub use broadcast::broadcast_strides;
pub use contiguity::{is_c_contiguous, is_f_contiguous};
pub(crate) use indices::stepped_stride;
pub(crate) use indices::wrap_index;
pub use indices::{SliceIndices, slice_indices};
pub use overlap::is_injective;
pub use reach::{byte_range, checked_size};
pub use reshape::{fill_reshape_strides, reshape_strides};

/// Whether every axis that is walked steps whole elements: in a non-empty layout, each stride of
/// an axis of extent above 1 is a multiple of `step` (an empty one reaches nothing). With
/// `step == 0` (zero-sized elements) any stride does.
pub(crate) fn steps_whole_elements(shape: &[usize], strides: &[isize], step: usize) -> bool {
    step == 0
        || shape.contains(&0)
        || shape
            .iter()
            .zip(strides)
            .all(|(&e, &s)| e <= 1 || s % step as isize == 0)
}

/// The memory order of a contiguous layout.
///
/// # Examples
///
/// ```
/// use memslice_core::layout::{contiguous_strides, Order};
///
/// assert_eq!(contiguous_strides(&[2, 3], 8, Order::C), Some(vec![24, 8]));
/// assert_eq!(contiguous_strides(&[2, 3], 8, Order::F), Some(vec![8, 16]));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Order {
    /// Row-major: the last index varies fastest (C, NumPy's default).
    C,
    /// Column-major: the first index varies fastest (Fortran).
    F,
}

/// Byte strides of a contiguous array of `shape` with elements of `itemsize` bytes, or `None`
/// when the array would span more than `isize::MAX` bytes.
///
/// Axes are treated as NumPy does: the stride of each axis is the product of the extents of the
/// faster axes times `itemsize`, also when some extent is zero.
///
/// # Examples
///
/// ```
/// use memslice_core::layout::{contiguous_strides, Order};
///
/// assert_eq!(contiguous_strides(&[4, 5, 6], 2, Order::C), Some(vec![60, 12, 2]));
/// assert_eq!(contiguous_strides(&[usize::MAX, 2], 1, Order::C), None);
/// ```
pub fn contiguous_strides(shape: &[usize], itemsize: usize, order: Order) -> Option<Vec<isize>> {
    let mut strides = vec![0; shape.len()];
    fill_contiguous_strides(shape, itemsize, order, &mut strides)?;
    Some(strides)
}

/// Writes the byte strides of a contiguous layout into `strides` (see [`contiguous_strides`]);
/// `None` when the array would span more than `isize::MAX` bytes.
///
/// # Panics
///
/// If `strides` and `shape` differ in length.
///
/// # Examples
///
/// ```
/// use memslice_core::layout::{fill_contiguous_strides, Order};
///
/// let mut strides = [0; 3];
/// fill_contiguous_strides(&[2, 3, 4], 4, Order::F, &mut strides).unwrap();
/// assert_eq!(strides, [4, 8, 24]);
/// ```
pub fn fill_contiguous_strides(
    shape: &[usize],
    itemsize: usize,
    order: Order,
    strides: &mut [isize],
) -> Option<()> {
    assert_eq!(
        shape.len(),
        strides.len(),
        "shape and strides differ in rank"
    );
    checked_size(shape)?;
    let mut step = isize::try_from(itemsize).ok()?;
    let mut visit = |axis: usize| -> Option<()> {
        strides[axis] = step;
        step = step.checked_mul(isize::try_from(shape[axis]).ok()?)?;
        Some(())
    };
    match order {
        Order::C => (0..shape.len()).rev().try_for_each(&mut visit)?,
        Order::F => (0..shape.len()).try_for_each(&mut visit)?,
    }
    Some(())
}
