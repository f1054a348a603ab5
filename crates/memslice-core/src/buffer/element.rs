//! Which Rust types a buffer's elements may be viewed as.

use std::any::TypeId;

use bytemuck::{CheckedBitPattern, NoUninit};

use super::format::Format;

/// A type whose values a buffer of a matching format holds, byte for byte.
///
/// `FORMAT` is the struct-module format of one value; a buffer matches when its format has the
/// same layout ([`Format::same_layout`]: kind, size, offsets and byte order, so `l` and `q`
/// both match `i64` where `long` is 8 bytes, and `<d` matches `f64` on little-endian machines).
/// Implemented for the integer and float primitives and `bool`.
///
/// What makes reading and writing buffer memory as `Self` sound is not a promise but the two
/// `bytemuck` bounds, which the compiler (or `bytemuck`'s derives) checks:
///
/// - [`NoUninit`]: a value is initialised bytes throughout (no padding) and has no interior
///   mutability, so writing one through a mutable view leaves the buffer readable as bytes;
/// - [`CheckedBitPattern`]: which byte patterns are valid values. Typed views check every
///   element's bytes once, when they are built, unless every pattern is valid (the type is
///   [`AnyBitPattern`](bytemuck::AnyBitPattern), as `f64` is), which costs nothing to know.
///
/// A wrong `FORMAT` therefore gives wrong answers, never undefined behaviour: the view also
/// checks that the buffer's itemsize is `size_of::<Self>()` and its addresses are aligned.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{Element, Format};
///
/// assert!(i64::accepts(&Format::parse("@l").unwrap()) == (size_of::<std::ffi::c_long>() == 8));
/// assert!(f64::accepts(&Format::parse("=d").unwrap()));
/// assert!(!f64::accepts(&Format::parse("f").unwrap()));
/// assert!(u8::accepts(&Format::parse("c").unwrap()));
///
/// #[derive(Clone, Copy, bytemuck::Zeroable, bytemuck::Pod)]
/// #[repr(C)]
/// struct Point { x: f64, y: f64 }
/// impl Element for Point {
///     const FORMAT: &'static str = "T{d:x:d:y:}";
/// }
/// assert!(Point::accepts(&Format::parse("T{d:x:d:y:}").unwrap()));
/// assert!(!Point::accepts(&Format::parse("T{d:x:f:y:}").unwrap()));
/// ```
///
/// A type with padding does not compile as an element (its padding bytes would be written
/// into the buffer uninitialised):
///
/// ```compile_fail
/// use memslice_core::buffer::Element;
///
/// #[derive(Clone, Copy)]
/// #[repr(C)]
/// struct Padded { a: u8, b: u32 } // three bytes of padding after `a`
/// impl Element for Padded {
///     const FORMAT: &'static str = "BI";
/// }
/// ```
pub trait Element: NoUninit + CheckedBitPattern + 'static {
    /// The struct-module format of one value.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Element, Format};
    ///
    /// assert_eq!((f64::FORMAT, u16::FORMAT, bool::FORMAT), ("d", "H", "?"));
    /// assert_eq!(Format::parse(i32::FORMAT).unwrap().itemsize(), 4); // struct.calcsize('i')
    /// ```
    const FORMAT: &'static str;

    /// Whether a buffer of `format` holds values of this type.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Element, Format};
    ///
    /// let f = |s: &str| Format::parse(s).unwrap();
    /// assert!(i32::accepts(&f("<i")) == cfg!(target_endian = "little")); // byte order counts
    /// assert!(u64::accepts(&f("Q")));
    /// assert!(!u64::accepts(&f("q"))); // signedness counts
    /// assert!(!u64::accepts(&f("d")));
    /// ```
    fn accepts(format: &Format) -> bool {
        Format::parse(Self::FORMAT).is_ok_and(|own| own.same_layout(format))
    }
}

/// Whether some byte patterns of `T` are invalid, so that typed access must check them.
///
/// `bytemuck` implements [`CheckedBitPattern`] for every `AnyBitPattern` type with
/// `Bits = Self`, and coherence forbids any other implementation for those types; a type whose
/// `Bits` is itself is `AnyBitPattern` by that bound, so every pattern is valid.
pub(crate) fn needs_bit_check<T: Element>() -> bool {
    TypeId::of::<T>() != TypeId::of::<T::Bits>()
}

macro_rules! elements {
    ($($t:ty => $f:literal),* $(,)?) => {$(
        impl Element for $t {
            const FORMAT: &'static str = $f;
        }
    )*};
}

elements!(
    u8 => "B", i8 => "b", u16 => "H", i16 => "h", u32 => "I", i32 => "i",
    u64 => "Q", i64 => "q", usize => "N", isize => "n", f32 => "f", f64 => "d",
    bool => "?",
);
