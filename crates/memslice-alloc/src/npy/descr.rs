//! The dtype of a `.npy` file ([`Descr`], NumPy's `dtype.str`) and the Rust element types that
//! match one ([`NpyElement`]).

use std::fmt;

use super::NpyError;

/// The time units of NumPy's `datetime64` / `timedelta64` (`generic` is the unit-less `M8`).
const TIME_UNITS: &[&str] = &[
    "Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as", "generic",
];

/// The byte order character of a descr.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{ByteOrder, Descr};
///
/// assert_eq!(Descr::parse("<f8").unwrap().byte_order(), ByteOrder::Little);
/// assert_eq!(Descr::parse(">i4").unwrap().byte_order(), ByteOrder::Big);
/// assert_eq!(Descr::parse("|u1").unwrap().byte_order(), ByteOrder::NotApplicable);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ByteOrder {
    /// `<`: little-endian.
    Little,
    /// `>`: big-endian.
    Big,
    /// `=`: the byte order of the machine that wrote the file (taken as this one's).
    Native,
    /// `|`: no byte order, for one-byte types and byte strings.
    NotApplicable,
}

impl ByteOrder {
    /// Whether data in this byte order reads correctly on this machine.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::ByteOrder;
    ///
    /// assert!(ByteOrder::Native.is_native());
    /// assert_eq!(ByteOrder::Little.is_native(), cfg!(target_endian = "little"));
    /// ```
    pub fn is_native(self) -> bool {
        match self {
            ByteOrder::Little => cfg!(target_endian = "little"),
            ByteOrder::Big => cfg!(target_endian = "big"),
            ByteOrder::Native | ByteOrder::NotApplicable => true,
        }
    }
}

/// A simple (non-structured) NumPy dtype as a `.npy` header writes it: a byte order, a kind
/// character and a size, e.g. `<f8`, `|b1`, `>i4`, `<U3`, `<M8[ns]`.
///
/// Any such descr can be viewed as raw bytes; the ones an [`NpyElement`] matches can also be
/// viewed as typed elements. Object arrays (`|O`, pickled) and structured dtypes are refused.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::Descr;
///
/// let d = Descr::parse("<U3").unwrap(); // three UCS-4 characters
/// assert_eq!((d.kind(), d.itemsize(), d.as_str()), ('U', 12, "<U3"));
/// assert_eq!(Descr::of::<f64>().as_str(), if cfg!(target_endian = "little") { "<f8" } else { ">f8" });
/// assert!(Descr::parse("|O").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Descr {
    text: String,
    byte_order: ByteOrder,
    kind: char,
    itemsize: usize,
}

impl Descr {
    /// Parses a descr string.
    ///
    /// # Errors
    ///
    /// [`NpyError::BadDescr`] naming what is wrong: a missing or unknown kind, a missing or
    /// overflowing size, an object dtype, a multi-byte type marked `|`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Descr, NpyError};
    ///
    /// assert_eq!(Descr::parse("<i8").unwrap().itemsize(), 8);
    /// assert_eq!(Descr::parse("<m8[us]").unwrap().kind(), 'm');
    /// assert!(matches!(Descr::parse("<x4"), Err(NpyError::BadDescr { .. })));
    /// ```
    pub fn parse(text: &str) -> Result<Self, NpyError> {
        let bad = |reason| NpyError::BadDescr {
            descr: text.to_owned(),
            reason,
        };
        let mut rest = text;
        let byte_order = match rest.as_bytes().first() {
            Some(b'<') => ByteOrder::Little,
            Some(b'>') => ByteOrder::Big,
            Some(b'=') => ByteOrder::Native,
            Some(b'|') => ByteOrder::NotApplicable,
            _ => return Err(bad("expected a byte order character: one of < > = |")),
        };
        rest = &rest[1..];
        let kind = rest
            .chars()
            .next()
            .ok_or_else(|| bad("expected a kind character after the byte order"))?;
        rest = &rest[kind.len_utf8()..];
        if kind == 'O' {
            return Err(bad(
                "object arrays hold pickled Python objects, not raw data",
            ));
        }
        if !matches!(
            kind,
            'b' | 'i' | 'u' | 'f' | 'c' | 'm' | 'M' | 'S' | 'U' | 'V'
        ) {
            return Err(bad("unknown kind: expected one of b i u f c m M S U V"));
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad("expected a size after the kind"));
        }
        let count: usize = rest[..digits]
            .parse()
            .map_err(|_| bad("the size does not fit usize"))?;
        rest = &rest[digits..];
        if matches!(kind, 'm' | 'M') && rest.starts_with('[') && rest.ends_with(']') {
            // NumPy's units, after an optional multiplier: `[ns]`, `[10ms]`, `[generic]`.
            let unit = rest[1..rest.len() - 1].trim_start_matches(|c: char| c.is_ascii_digit());
            if !TIME_UNITS.contains(&unit) {
                return Err(bad(
                    "expected a NumPy time unit (Y M W D h m s ms us ns ps fs as) after m8 / M8",
                ));
            }
            rest = "";
        }
        if !rest.is_empty() {
            return Err(bad("unexpected characters after the size"));
        }
        // The sizes NumPy has a type of (f12 and c24 are long double on 32-bit x86): any other
        // is a file NumPy cannot load, and a header we must not write.
        let (sizes, expected): (&[usize], _) = match kind {
            'b' => (&[1], "a bool (b) is 1 byte"),
            'i' | 'u' => (&[1, 2, 4, 8], "an integer (i, u) is 1, 2, 4 or 8 bytes"),
            'f' => (&[2, 4, 8, 12, 16], "a float (f) is 2, 4, 8, 12 or 16 bytes"),
            'c' => (&[8, 16, 24, 32], "a complex (c) is 8, 16, 24 or 32 bytes"),
            'm' | 'M' => (&[8], "a datetime or timedelta (M, m) is 8 bytes"),
            _ => (&[], ""),
        };
        if !sizes.is_empty() && !sizes.contains(&count) {
            return Err(bad(expected));
        }
        // A NumPy unicode string's size counts UCS-4 characters.
        let itemsize = if kind == 'U' {
            count
                .checked_mul(4)
                .ok_or_else(|| bad("the size does not fit usize"))?
        } else {
            count
        };
        if byte_order == ByteOrder::NotApplicable && itemsize > 1 && !matches!(kind, 'S' | 'V') {
            return Err(bad("a multi-byte number needs a byte order (< > =), not |"));
        }
        Ok(Descr {
            text: text.to_owned(),
            byte_order,
            kind,
            itemsize,
        })
    }

    /// The descr NumPy writes for `T` on this machine, e.g. `<f8` for `f64`, `|b1` for `bool`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::Descr;
    ///
    /// assert_eq!(Descr::of::<u8>().as_str(), "|u1");
    /// assert_eq!(Descr::of::<bool>().as_str(), "|b1");
    /// ```
    pub fn of<T: NpyElement>() -> Self {
        let itemsize = size_of::<T>();
        let (byte_order, c) = if itemsize == 1 {
            (ByteOrder::NotApplicable, '|')
        } else if cfg!(target_endian = "little") {
            (ByteOrder::Little, '<')
        } else {
            (ByteOrder::Big, '>')
        };
        Descr {
            text: format!("{c}{}{itemsize}", T::KIND),
            byte_order,
            kind: T::KIND,
            itemsize,
        }
    }

    /// The descr as written.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::Descr;
    ///
    /// assert_eq!(Descr::parse("=i2").unwrap().as_str(), "=i2");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The byte order.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{ByteOrder, Descr};
    ///
    /// assert_eq!(Descr::parse("=i2").unwrap().byte_order(), ByteOrder::Native);
    /// ```
    pub fn byte_order(&self) -> ByteOrder {
        self.byte_order
    }

    /// The kind character: `b` bool, `i` signed, `u` unsigned, `f` float, `c` complex, `m`/`M`
    /// timedelta/datetime, `S` bytes, `U` unicode, `V` void.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::Descr;
    ///
    /// assert_eq!(Descr::parse("<c16").unwrap().kind(), 'c');
    /// ```
    pub fn kind(&self) -> char {
        self.kind
    }

    /// The size of one element in bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::Descr;
    ///
    /// assert_eq!(Descr::parse("|S5").unwrap().itemsize(), 5);
    /// ```
    pub fn itemsize(&self) -> usize {
        self.itemsize
    }

    /// Whether a typed view as `T` reads these bytes as NumPy would.
    ///
    /// # Errors
    ///
    /// [`NpyError::DescrMismatch`] for another kind or size, [`NpyError::ByteOrder`] for the
    /// right type in the other byte order (which is still readable as bytes).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Descr, NpyError};
    ///
    /// let native = if cfg!(target_endian = "little") { "<f8" } else { ">f8" };
    /// let foreign = if cfg!(target_endian = "little") { ">f8" } else { "<f8" };
    /// assert!(Descr::parse(native).unwrap().check::<f64>().is_ok());
    /// assert!(Descr::parse("=f8").unwrap().check::<f64>().is_ok());
    /// assert!(matches!(Descr::parse(foreign).unwrap().check::<f64>(), Err(NpyError::ByteOrder { .. })));
    /// assert!(matches!(Descr::parse(native).unwrap().check::<i64>(), Err(NpyError::DescrMismatch { .. })));
    /// ```
    pub fn check<T: NpyElement>(&self) -> Result<(), NpyError> {
        let element = std::any::type_name::<T>();
        if self.kind != T::KIND || self.itemsize != size_of::<T>() {
            return Err(NpyError::DescrMismatch {
                found: self.text.clone(),
                expected: Descr::of::<T>().text,
                element,
            });
        }
        // One byte has no order, whatever the file says.
        if self.itemsize > 1 && !self.byte_order.is_native() {
            return Err(NpyError::ByteOrder {
                descr: self.text.clone(),
                element,
            });
        }
        Ok(())
    }
}

impl fmt::Display for Descr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

pub(crate) mod sealed {
    /// Keeps the element types to the ones whose descr is written down here, and turns the
    /// bits read from a file into elements without a copy where every bit pattern is valid.
    pub trait Sealed: bytemuck::CheckedBitPattern {
        /// The elements, or the index and first byte of the first invalid one.
        fn from_bits(bits: Vec<Self::Bits>) -> Result<Vec<Self>, (usize, u8)>;
    }
}

/// A Rust type that a `.npy` descr describes exactly: `i8`–`i64`, `u8`–`u64`, `f32`, `f64` and
/// `bool` (NumPy `|b1`). Sealed: the list is the one NumPy and Rust agree on.
///
/// The bounds are bytemuck's: `NoUninit` lets a value be written as its bytes, and
/// `CheckedBitPattern` lets bytes be viewed as values after a check, which for the numbers is
/// no check at all and for `bool` asks every byte to be 0 or 1. A typed `bool` view of a file
/// therefore reads every byte once, when the view is made: the alternative, trusting the file,
/// would let a corrupt file put an invalid `bool` in safe code.
///
/// Complex numbers (`<c8`, `<c16`) have no element type here because memslice-core has no
/// complex type; they are readable as bytes.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::NpyElement;
///
/// fn kind<T: NpyElement>() -> char {
///     T::KIND
/// }
/// assert_eq!((kind::<f32>(), kind::<u16>(), kind::<bool>()), ('f', 'u', 'b'));
/// ```
pub trait NpyElement:
    bytemuck::CheckedBitPattern<Bits: bytemuck::Pod>
    + bytemuck::NoUninit
    + sealed::Sealed
    + Send
    + Sync
    + 'static
{
    /// The descr's kind character.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::NpyElement;
    ///
    /// assert_eq!(<i32 as NpyElement>::KIND, 'i');
    /// ```
    const KIND: char;
}

macro_rules! element {
    ($($t:ty => $kind:literal),* $(,)?) => {$(
        impl sealed::Sealed for $t {
            // Every bit pattern is a valid number: the bits are the elements.
            fn from_bits(bits: Vec<$t>) -> Result<Vec<$t>, (usize, u8)> {
                Ok(bits)
            }
        }
        impl NpyElement for $t {
            const KIND: char = $kind;
        }
    )*};
}

element! {
    i8 => 'i', i16 => 'i', i32 => 'i', i64 => 'i',
    u8 => 'u', u16 => 'u', u32 => 'u', u64 => 'u',
    f32 => 'f', f64 => 'f',
}

impl sealed::Sealed for bool {
    fn from_bits(bits: Vec<u8>) -> Result<Vec<bool>, (usize, u8)> {
        if let Some(index) = bits.iter().position(|&b| b > 1) {
            return Err((index, bits[index]));
        }
        Ok(bits.into_iter().map(|b| b == 1).collect())
    }
}

impl NpyElement for bool {
    const KIND: char = 'b';
}
