//! The element types sequences run over: one byte, four bytes, eight aligned bytes, and three
//! unaligned bytes with no `Element` implementation (so the buffer layer cannot type it).

use std::fmt::Debug;

use bytemuck::Pod;
use memslice_core::buffer::{BufferError, BufferInfo, Layout};
use memslice_core::{MemViewSlice, MemViewSliceMut};

/// An element type of the interpreter. Values are made from counters, so every write is
/// distinguishable and every float is an exact small integer (sums do not depend on order).
pub(crate) trait Elem: Pod + PartialEq + Debug + Send + Sync + 'static {
    /// The name printed in traces.
    const NAME: &'static str;

    /// The struct-module format of one value.
    const FORMAT: &'static str;

    /// The value numbered `k`.
    fn make(k: u32) -> Self;

    /// A number standing for the value, summed by the parallel checks.
    fn key(&self) -> u64;

    /// The buffer layer's typed view of `info`, or `None` when the type is not an `Element`.
    fn from_buffer<'a, const N: usize>(
        info: &'a BufferInfo<'_>,
    ) -> Option<Result<MemViewSlice<'a, Self, N>, BufferError>>;

    /// The buffer layer's mutable typed view of `info`, as [`from_buffer`](Self::from_buffer).
    fn from_buffer_mut<'a, const N: usize>(
        info: &'a mut BufferInfo<'_>,
    ) -> Option<Result<MemViewSliceMut<'a, Self, N>, BufferError>>;

    /// The export layout of a shared view, or `None` when the type is not an `Element`.
    fn layout_of<'a, const N: usize>(view: MemViewSlice<'a, Self, N>) -> Option<Layout<'a>>;

    /// The export layout of an exclusive view, as [`layout_of`](Self::layout_of).
    fn layout_of_mut<'a, const N: usize>(view: MemViewSliceMut<'a, Self, N>) -> Option<Layout<'a>>;
}

macro_rules! element_elem {
    ($t:ty, $make:expr, $key:expr) => {
        impl Elem for $t {
            const NAME: &'static str = stringify!($t);
            const FORMAT: &'static str = <$t as memslice_core::buffer::Element>::FORMAT;

            fn make(k: u32) -> Self {
                $make(k)
            }

            fn key(&self) -> u64 {
                $key(*self)
            }

            fn from_buffer<'a, const N: usize>(
                info: &'a BufferInfo<'_>,
            ) -> Option<Result<MemViewSlice<'a, Self, N>, BufferError>> {
                Some(MemViewSlice::from_buffer(info))
            }

            fn from_buffer_mut<'a, const N: usize>(
                info: &'a mut BufferInfo<'_>,
            ) -> Option<Result<MemViewSliceMut<'a, Self, N>, BufferError>> {
                Some(MemViewSliceMut::from_buffer_mut(info))
            }

            fn layout_of<'a, const N: usize>(
                view: MemViewSlice<'a, Self, N>,
            ) -> Option<Layout<'a>> {
                Some(Layout::of_view(view))
            }

            fn layout_of_mut<'a, const N: usize>(
                view: MemViewSliceMut<'a, Self, N>,
            ) -> Option<Layout<'a>> {
                Some(Layout::of_view_mut(view))
            }
        }
    };
}

element_elem!(u8, |k: u32| k as u8, u64::from);
element_elem!(u32, |k: u32| k, u64::from);
element_elem!(f64, f64::from, |x: f64| x as u64);

impl Elem for [u8; 3] {
    const NAME: &'static str = "[u8; 3]";
    const FORMAT: &'static str = "3B";

    fn make(k: u32) -> Self {
        let [a, b, c, _] = k.to_le_bytes();
        [a, b, c]
    }

    fn key(&self) -> u64 {
        u64::from(u32::from_le_bytes([self[0], self[1], self[2], 0]))
    }

    fn from_buffer<'a, const N: usize>(
        _: &'a BufferInfo<'_>,
    ) -> Option<Result<MemViewSlice<'a, Self, N>, BufferError>> {
        None
    }

    fn from_buffer_mut<'a, const N: usize>(
        _: &'a mut BufferInfo<'_>,
    ) -> Option<Result<MemViewSliceMut<'a, Self, N>, BufferError>> {
        None
    }

    fn layout_of<'a, const N: usize>(_: MemViewSlice<'a, Self, N>) -> Option<Layout<'a>> {
        None
    }

    fn layout_of_mut<'a, const N: usize>(_: MemViewSliceMut<'a, Self, N>) -> Option<Layout<'a>> {
        None
    }
}
