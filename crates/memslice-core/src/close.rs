//! Comparing float views within a tolerance, and saying where they differ:
//! [`MemViewSlice::close_to`] and [`assert_close!`](crate::assert_close).

use std::cmp::Ordering;
use std::fmt;

use num_traits::Float;

use crate::{MemViewSlice, MemViewSliceMut};

/// How two views fail to be within a tolerance of each other.
///
/// # Examples
///
/// ```
/// use memslice_core::{Difference, MemViewSlice};
///
/// let (a, b) = ([1.0, 2.0, 3.0, 4.0], [1.0, 2.5, 3.0, 2.0]);
/// let a = MemViewSlice::from_slice(&a, [2, 2]).unwrap();
/// let b = MemViewSlice::from_slice(&b, [2, 2]).unwrap();
/// let d = a.close_to(&b, 0.1).unwrap_err();
/// assert!(matches!(d, Difference::Values { count: 2, first: ([0, 1], 2.0, 2.5), worst: ([1, 1], 4.0, 2.0), .. }));
/// assert_eq!(
///     d.to_string(),
///     "2 of 4 elements differ by more than 0.1: the first at [0, 1] (2 against 2.5), \
///      the worst at [1, 1] (4 against 2, off by 2)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Difference<T, const N: usize> {
    /// The shapes differ.
    Shapes {
        /// The left view's shape.
        left: [usize; N],
        /// The right view's shape.
        right: [usize; N],
    },
    /// Some elements differ by more than the tolerance (or one is NaN).
    Values {
        /// How many do.
        count: usize,
        /// How many elements there are.
        size: usize,
        /// The tolerance.
        epsilon: T,
        /// The first such index in C order, with the left and right values.
        first: ([usize; N], T, T),
        /// The index where they differ most (a NaN counts as the most), with both values.
        worst: ([usize; N], T, T),
    },
}

impl<T: Float + fmt::Display, const N: usize> fmt::Display for Difference<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Shapes { left, right } => {
                write!(f, "shapes differ: {left:?} against {right:?}")
            }
            Difference::Values {
                count,
                size,
                epsilon,
                first,
                worst,
            } => write!(
                f,
                "{count} of {size} elements differ by more than {epsilon}: the first at {:?} \
                 ({} against {}), the worst at {:?} ({} against {}, off by {})",
                first.0,
                first.1,
                first.2,
                worst.0,
                worst.1,
                worst.2,
                (worst.1 - worst.2).abs()
            ),
        }
    }
}

impl<T: Float + fmt::Debug + fmt::Display, const N: usize> std::error::Error for Difference<T, N> {}

impl<T: Float, const N: usize> MemViewSlice<'_, T, N> {
    /// `Ok` if `other` has the same shape and every pair of elements differs by at most
    /// `epsilon` (neither NaN); otherwise where they differ: the first differing index, the
    /// worst one, and how many there are.
    ///
    /// # Errors
    ///
    /// The [`Difference`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::MemViewSlice;
    ///
    /// let (a, b) = ([0.1 + 0.2, 1.0], [0.3, 1.0]);
    /// let (a, b) = (MemViewSlice::from(&a[..]), MemViewSlice::from(&b[..]));
    /// assert!(a.close_to(&b, 1e-12).is_ok());
    /// assert!(a.close_to(&b, 0.0).is_err()); // 0.1 + 0.2 != 0.3
    /// ```
    pub fn close_to(
        &self,
        other: &MemViewSlice<'_, T, N>,
        epsilon: T,
    ) -> Result<(), Difference<T, N>> {
        if self.shape() != other.shape() {
            return Err(Difference::Shapes {
                left: *self.shape(),
                right: *other.shape(),
            });
        }
        // (count, first, worst, how far the worst is off)
        type Found<T, const N: usize> = (usize, ([usize; N], T, T), ([usize; N], T, T), T);
        let mut found: Option<Found<T, N>> = None;
        for ((index, &a), &b) in self.indexed_iter().zip(other.iter()) {
            let off = (a - b).abs();
            // Within tolerance only when `off <= epsilon` holds: a NaN on either side (or a
            // NaN tolerance) is out of it, and a NaN difference is the worst there is.
            let within = matches!(
                off.partial_cmp(&epsilon),
                Some(Ordering::Less | Ordering::Equal)
            );
            if !within {
                let off = if off.is_nan() { T::infinity() } else { off };
                match &mut found {
                    None => found = Some((1, (index, a, b), (index, a, b), off)),
                    Some((count, _, worst, most)) => {
                        *count += 1;
                        if off > *most {
                            (*worst, *most) = ((index, a, b), off);
                        }
                    }
                }
            }
        }
        match found {
            None => Ok(()),
            Some((count, first, worst, _)) => Err(Difference::Values {
                count,
                size: self.size(),
                epsilon,
                first,
                worst,
            }),
        }
    }
}

impl<T: Float, const N: usize> MemViewSliceMut<'_, T, N> {
    /// As for [`MemViewSlice::close_to`], through the shared view.
    ///
    /// # Errors
    ///
    /// The [`Difference`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{MemViewSlice, MemViewSliceMut};
    ///
    /// let (mut a, b) = ([1.0_f32, 2.0], [1.0_f32, 2.0]);
    /// let m = MemViewSliceMut::from(&mut a[..]);
    /// assert!(m.close_to(&MemViewSlice::from(&b[..]), 0.0).is_ok());
    /// ```
    pub fn close_to(
        &self,
        other: &MemViewSlice<'_, T, N>,
        epsilon: T,
    ) -> Result<(), Difference<T, N>> {
        self.view().close_to(other, epsilon)
    }
}

/// Asserts that two float views are within `epsilon` of each other, element by element; on
/// failure the panic names the first and the worst differing index with both values (see
/// [`Difference`]).
///
/// # Examples
///
/// ```
/// use memslice_core::{assert_close, MemViewSlice};
///
/// let (a, b) = ([1.0, 2.0], [1.0, 2.0 + 1e-12]);
/// assert_close!(MemViewSlice::from(&a[..]), MemViewSlice::from(&b[..]), epsilon = 1e-9);
/// ```
///
/// ```should_panic
/// use memslice_core::{assert_close, MemViewSlice};
///
/// let (a, b) = ([1.0, 2.0], [1.0, 3.0]);
/// // panics: "1 of 2 elements differ by more than 0.000000001: the first at [1] (2 against 3), ..."
/// assert_close!(MemViewSlice::from(&a[..]), MemViewSlice::from(&b[..]), epsilon = 1e-9);
/// ```
#[macro_export]
macro_rules! assert_close {
    ($left:expr, $right:expr, epsilon = $epsilon:expr $(,)?) => {
        if let ::core::result::Result::Err(difference) = $left.close_to(&$right, $epsilon) {
            ::core::panic!(
                "assert_close!({}, {}) failed: {}",
                stringify!($left),
                stringify!($right),
                difference
            );
        }
    };
}
