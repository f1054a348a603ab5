//! Comparison of views: equality and hashing by shape and elements in C order, whatever the
//! layouts, and approximate equality of float views with the `approx` crate.

use std::hash::{Hash, Hasher};

use crate::{MemViewSlice, MemViewSliceMut};

/// Same shape and pairwise equal elements in C order.
fn elements_eq<A: PartialEq<B>, B, const N: usize>(
    a: &MemViewSlice<'_, A, N>,
    b: &MemViewSlice<'_, B, N>,
) -> bool {
    a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(x, y)| x == y)
}

macro_rules! partial_eq {
    ($lhs:ident, $rhs:ident) => {
        /// Views are equal when their shapes are equal and so are their elements in C order;
        /// strides, offsets and memory do not matter.
        impl<A: PartialEq<B>, B, const N: usize> PartialEq<$rhs<'_, B, N>> for $lhs<'_, A, N> {
            #[inline]
            fn eq(&self, other: &$rhs<'_, B, N>) -> bool {
                elements_eq(&self.view(), &other.view())
            }
        }
    };
}

partial_eq!(MemViewSlice, MemViewSlice);
partial_eq!(MemViewSlice, MemViewSliceMut);
partial_eq!(MemViewSliceMut, MemViewSlice);
partial_eq!(MemViewSliceMut, MemViewSliceMut);

impl<T: Eq, const N: usize> Eq for MemViewSlice<'_, T, N> {}
impl<T: Eq, const N: usize> Eq for MemViewSliceMut<'_, T, N> {}

impl<T: Hash, const N: usize> Hash for MemViewSlice<'_, T, N> {
    /// Hashes the shape and the elements in C order, so equal views hash equally whatever
    /// their layouts.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.shape().hash(state);
        self.iter().for_each(|x| x.hash(state));
    }
}

impl<T: Hash, const N: usize> Hash for MemViewSliceMut<'_, T, N> {
    /// As for [`MemViewSlice`].
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.view().hash(state);
    }
}

#[cfg(feature = "approx")]
mod approx_impls {
    use approx::{AbsDiffEq, RelativeEq, UlpsEq};

    use crate::{MemViewSlice, MemViewSliceMut};

    /// Same shape and every pair of elements within `epsilon` (`approx::abs_diff_eq!`).
    impl<T, const N: usize> AbsDiffEq for MemViewSlice<'_, T, N>
    where
        T: AbsDiffEq,
        T::Epsilon: Clone,
    {
        type Epsilon = T::Epsilon;

        fn default_epsilon() -> T::Epsilon {
            T::default_epsilon()
        }

        fn abs_diff_eq(&self, other: &Self, epsilon: T::Epsilon) -> bool {
            self.shape() == other.shape()
                && self
                    .iter()
                    .zip(other.iter())
                    .all(|(a, b)| a.abs_diff_eq(b, epsilon.clone()))
        }
    }

    /// Same shape and every pair of elements relatively equal (`approx::relative_eq!`).
    impl<T, const N: usize> RelativeEq for MemViewSlice<'_, T, N>
    where
        T: RelativeEq,
        T::Epsilon: Clone,
    {
        fn default_max_relative() -> T::Epsilon {
            T::default_max_relative()
        }

        fn relative_eq(&self, other: &Self, epsilon: T::Epsilon, max_relative: T::Epsilon) -> bool {
            self.shape() == other.shape()
                && self
                    .iter()
                    .zip(other.iter())
                    .all(|(a, b)| a.relative_eq(b, epsilon.clone(), max_relative.clone()))
        }
    }

    /// Same shape and every pair of elements within `max_ulps` units in the last place.
    impl<T, const N: usize> UlpsEq for MemViewSlice<'_, T, N>
    where
        T: UlpsEq,
        T::Epsilon: Clone,
    {
        fn default_max_ulps() -> u32 {
            T::default_max_ulps()
        }

        fn ulps_eq(&self, other: &Self, epsilon: T::Epsilon, max_ulps: u32) -> bool {
            self.shape() == other.shape()
                && self
                    .iter()
                    .zip(other.iter())
                    .all(|(a, b)| a.ulps_eq(b, epsilon.clone(), max_ulps))
        }
    }

    /// As for [`MemViewSlice`]: through the shared view of each side.
    ///
    /// ```
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let (mut a, mut b) = ([1.0, 2.0], [1.0, 2.0 + 1e-12]);
    /// let a = MemViewSliceMut::from_slice(&mut a, [2]).unwrap();
    /// let b = MemViewSliceMut::from_slice(&mut b, [2]).unwrap();
    /// approx::assert_abs_diff_eq!(a, b, epsilon = 1e-9);
    /// ```
    impl<T, const N: usize> AbsDiffEq for MemViewSliceMut<'_, T, N>
    where
        T: AbsDiffEq,
        T::Epsilon: Clone,
    {
        type Epsilon = T::Epsilon;

        fn default_epsilon() -> T::Epsilon {
            T::default_epsilon()
        }

        fn abs_diff_eq(&self, other: &Self, epsilon: T::Epsilon) -> bool {
            self.view().abs_diff_eq(&other.view(), epsilon)
        }
    }

    /// As for [`MemViewSlice`]: through the shared view of each side.
    impl<T, const N: usize> RelativeEq for MemViewSliceMut<'_, T, N>
    where
        T: RelativeEq,
        T::Epsilon: Clone,
    {
        fn default_max_relative() -> T::Epsilon {
            T::default_max_relative()
        }

        fn relative_eq(&self, other: &Self, epsilon: T::Epsilon, max_relative: T::Epsilon) -> bool {
            self.view()
                .relative_eq(&other.view(), epsilon, max_relative)
        }
    }

    /// As for [`MemViewSlice`]: through the shared view of each side.
    impl<T, const N: usize> UlpsEq for MemViewSliceMut<'_, T, N>
    where
        T: UlpsEq,
        T::Epsilon: Clone,
    {
        fn default_max_ulps() -> u32 {
            T::default_max_ulps()
        }

        fn ulps_eq(&self, other: &Self, epsilon: T::Epsilon, max_ulps: u32) -> bool {
            self.view().ulps_eq(&other.view(), epsilon, max_ulps)
        }
    }
}
