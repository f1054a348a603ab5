//! Which Rust types a buffer's elements may be viewed as.

use super::format::Format;

/// A type whose values a buffer of a matching format holds, byte for byte.
///
/// `FORMAT` is the struct-module format of one value; a buffer matches when its format has the
/// same layout ([`Format::same_layout`]: kind, size, offsets and byte order, so `l` and `q`
/// both match `i64` where `long` is 8 bytes, and `<d` matches `f64` on little-endian machines).
/// Implemented for the integer and float primitives and `bool`; `bytemuck::Pod` types of your
/// own implement it by giving their format, such as `"T{d:x:d:y:}"` for two `f64` fields.
///
/// # Safety
///
/// `FORMAT` describes `Self` exactly: `size_from_format(FORMAT) == size_of::<Self>()`, every
/// value field sits at the offset the format gives it, and any bytes a buffer of that format
/// holds are a valid `Self`. (For `bool`, whose only valid bytes are 0 and 1, typed access must
/// check the bytes first.)
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
/// #[derive(Clone, Copy)]
/// #[repr(C)]
/// struct Point { x: f64, y: f64 }
/// // SAFETY: two f64 fields at offsets 0 and 8; every bit pattern is a valid f64.
/// unsafe impl Element for Point {
///     const FORMAT: &'static str = "T{d:x:d:y:}";
/// }
/// assert!(Point::accepts(&Format::parse("T{d:x:d:y:}").unwrap()));
/// assert!(!Point::accepts(&Format::parse("T{d:x:f:y:}").unwrap()));
/// ```
pub unsafe trait Element: Copy + 'static {
    /// The struct-module format of one value.
    const FORMAT: &'static str;

    /// Whether every byte pattern of `size_of::<Self>()` bytes is a valid value. When false,
    /// the type is one byte and typed access checks each byte with
    /// [`valid_byte`](Self::valid_byte) before reading any as `Self`.
    const ALL_BIT_PATTERNS_VALID: bool = true;

    /// For one-byte types with invalid patterns: whether `byte` is a valid value.
    fn valid_byte(byte: u8) -> bool {
        let _ = byte;
        true
    }

    /// Whether a buffer of `format` holds values of this type.
    fn accepts(format: &Format) -> bool {
        Format::parse(Self::FORMAT).is_ok_and(|own| own.same_layout(format))
    }
}

macro_rules! elements {
    ($($t:ty => $f:literal),* $(,)?) => {$(
        // SAFETY: the native format of the primitive (same size, kind and byte order), and every
        // bit pattern of its size is a valid value.
        unsafe impl Element for $t {
            const FORMAT: &'static str = $f;
        }
    )*};
}

elements!(
    u8 => "B", i8 => "b", u16 => "H", i16 => "h", u32 => "I", i32 => "i",
    u64 => "Q", i64 => "q", usize => "N", isize => "n", f32 => "f", f64 => "d",
);

// SAFETY: `?` is one byte, as `bool` is; only 0 and 1 are valid, which typed access checks
// through `valid_byte` before any byte is read as `bool`.
unsafe impl Element for bool {
    const FORMAT: &'static str = "?";
    const ALL_BIT_PATTERNS_VALID: bool = false;
    fn valid_byte(byte: u8) -> bool {
        byte <= 1
    }
}
