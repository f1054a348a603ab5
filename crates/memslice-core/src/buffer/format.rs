//! Struct-module format strings, as buffers describe their elements (PEP 3118).
//!
//! [`Format::parse`] accepts CPython's `struct` syntax (a byte-order prefix, codes with repeat
//! counts, whitespace between items) and computes the itemsize exactly as `struct.calcsize`
//! does, native `@` alignment included. It also reads the PEP 3118 extensions NumPy writes:
//! `Zf`/`Zd` complex numbers, `T{...}` nested structs, `(2,3)d` sub-arrays, `:name:` field names
//! and the `^` prefix (native order and size, unaligned).

use std::fmt;

/// How a format lays out multi-byte numbers: the prefix of the string.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{Format, Mode};
///
/// let mode = |f: &str| Format::parse(f).unwrap().mode();
/// assert_eq!((mode("i"), mode("@i"), mode("^i")), (Mode::Native, Mode::Native, Mode::NativeUnaligned));
/// assert_eq!((mode("=i"), mode("<i"), mode(">i"), mode("!i")), (Mode::Standard, Mode::Little, Mode::Big, Mode::Big));
/// // struct.calcsize: native '@hd' aligns the double, the others do not.
/// assert_eq!((Format::parse("@hd").unwrap().itemsize(), Format::parse("<hd").unwrap().itemsize()), (16, 10));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `@` (or no prefix): native order, native sizes, native alignment.
    Native,
    /// `^`: native order and sizes, no alignment (PEP 3118).
    NativeUnaligned,
    /// `=`: native order, standard sizes, no alignment.
    Standard,
    /// `<`: little-endian, standard sizes, no alignment.
    Little,
    /// `>` or `!`: big-endian (network order), standard sizes, no alignment.
    Big,
}

impl Mode {
    fn from_prefix(c: u8) -> Option<Mode> {
        Some(match c {
            b'@' => Mode::Native,
            b'^' => Mode::NativeUnaligned,
            b'=' => Mode::Standard,
            b'<' => Mode::Little,
            b'>' | b'!' => Mode::Big,
            _ => return None,
        })
    }

    fn native_sizes(self) -> bool {
        matches!(self, Mode::Native | Mode::NativeUnaligned)
    }

    fn little_endian(self) -> bool {
        match self {
            Mode::Little => true,
            Mode::Big => false,
            _ => cfg!(target_endian = "little"),
        }
    }
}

/// What kind of value a field holds, independent of the code that spelt it.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{Format, Kind};
///
/// let kinds: Vec<Kind> = Format::parse("bH?dZf3sxPT{i}").unwrap().fields().iter().map(|f| f.kind).collect();
/// assert_eq!(kinds, [Kind::Signed, Kind::Unsigned, Kind::Bool, Kind::Float, Kind::Complex,
///                    Kind::Bytes, Kind::Pad, Kind::Pointer, Kind::Struct]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Signed integers: `b h i l q n`.
    Signed,
    /// Unsigned integers and single characters: `B H I L Q N c`.
    Unsigned,
    /// `?`.
    Bool,
    /// Floats: `e f d`.
    Float,
    /// Complex numbers: `Zf Zd` (two floats of half the size).
    Complex,
    /// Byte strings: `s p` (the count is the length).
    Bytes,
    /// `P`: a `void *`.
    Pointer,
    /// `x`: padding.
    Pad,
    /// `T{...}`: a nested struct (its fields are in [`Field::nested`]).
    Struct,
}

/// One item of a format: a code with its count, placed at a byte offset in the element.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{Field, Format, Kind};
///
/// // struct.calcsize('<h2d') == 18: no alignment, so the doubles start at byte 2.
/// let f = Format::parse("<h2d").unwrap();
/// let d = &f.fields()[1];
/// assert_eq!(d, &Field { code: 'd', kind: Kind::Float, size: 8, count: 2, offset: 2, little_endian: true, nested: vec![] });
/// assert!(!Format::parse("!i").unwrap().fields()[0].little_endian); // network order
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The code as written (`'Z'` for complex numbers, `'T'` for nested structs).
    pub code: char,
    /// The kind of value.
    pub kind: Kind,
    /// Size in bytes of one value (for `s`/`p`, of one byte; for `T{}`, of the struct).
    pub size: usize,
    /// How many values (the repeat count times any sub-array shape).
    pub count: usize,
    /// Byte offset of the first value in the element.
    pub offset: usize,
    /// Whether multi-byte values are little-endian (for a `T{...}` struct: the order in force
    /// where it opens; its fields carry their own).
    pub little_endian: bool,
    /// The fields of a nested `T{...}` struct, empty otherwise.
    pub nested: Vec<Field>,
}

/// A parsed format string: its fields, itemsize and alignment.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::Format;
///
/// // struct.calcsize('@ci') == 8: three bytes of padding align the int.
/// let f = Format::parse("@ci").unwrap();
/// assert_eq!((f.itemsize(), f.alignment()), (8, 4));
/// assert_eq!(f.fields()[1].offset, 4);
/// // Standard sizes and no alignment: struct.calcsize('<ci') == 5.
/// assert_eq!(Format::parse("<ci").unwrap().itemsize(), 5);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Format {
    mode: Mode,
    fields: Vec<Field>,
    itemsize: usize,
    alignment: usize,
}

/// Why a format string was refused; `Display` names the character and its position.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{Format, FormatError};
///
/// let err = |f: &str| Format::parse(f).unwrap_err();
/// assert!(matches!(err("y"), FormatError::BadChar { ch: 'y', position: 0, .. }));
/// assert_eq!(err("3"), FormatError::CountWithoutCode { position: 0 });
/// assert_eq!(err("T{i"), FormatError::Unterminated { position: 0 });
/// assert_eq!(err("9223372036854775807d"), FormatError::TooLarge { position: 0 });
/// let deep = "T{".repeat(65) + "i" + &"}".repeat(65);
/// assert_eq!(err(&deep), FormatError::TooDeep { position: 128, limit: Format::MAX_NESTING });
/// // CPython's own words where it has them: struct.error: repeat count given without format specifier
/// assert_eq!(err("3").to_string(), "repeat count at position 0 given without format specifier");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatError {
    /// A character that is not a code here (CPython: "bad char in struct format").
    BadChar {
        /// The character.
        ch: char,
        /// Its byte position in the string.
        position: usize,
        /// What was expected instead.
        hint: &'static str,
    },
    /// A repeat count with no code after it.
    CountWithoutCode {
        /// The position of the count.
        position: usize,
    },
    /// A `T{` or `(` that is never closed.
    Unterminated {
        /// The position of the opening bracket.
        position: usize,
    },
    /// The element would be larger than `isize::MAX` bytes.
    TooLarge {
        /// The position where the size overflowed.
        position: usize,
    },
    /// A `T{` nested inside [`Format::MAX_NESTING`] others already: the parser follows
    /// nesting on the call stack, so it stops there rather than overflow it.
    TooDeep {
        /// The position of the `T` that opens one level too many.
        position: usize,
        /// The deepest nesting accepted.
        limit: usize,
    },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadChar { ch, position, hint } => {
                write!(
                    f,
                    "bad char {ch:?} in struct format at position {position} ({hint})"
                )
            }
            Self::CountWithoutCode { position } => {
                write!(
                    f,
                    "repeat count at position {position} given without format specifier"
                )
            }
            Self::Unterminated { position } => {
                write!(f, "bracket at position {position} is never closed")
            }
            Self::TooLarge { position } => {
                write!(f, "total struct size too long (at position {position})")
            }
            Self::TooDeep { position, limit } => write!(
                f,
                "struct 'T{{' at position {position} is nested deeper than the limit of {limit} \
                 levels"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// Size and alignment of a code in `mode`, or `None` if the code does not exist there.
fn code_layout(code: u8, mode: Mode) -> Option<(Kind, usize, usize)> {
    use std::ffi::{c_int, c_long, c_longlong, c_short, c_void};
    let native = |size: usize, align: usize| (size, if mode == Mode::Native { align } else { 1 });
    let (kind, (size, align)) = match (code, mode.native_sizes()) {
        (b'x', _) => (Kind::Pad, (1, 1)),
        (b'c' | b'B', _) => (Kind::Unsigned, (1, 1)),
        (b'b', _) => (Kind::Signed, (1, 1)),
        (b'?', _) => (Kind::Bool, (1, 1)),
        (b's' | b'p', _) => (Kind::Bytes, (1, 1)),
        (b'h', true) => (
            Kind::Signed,
            native(size_of::<c_short>(), align_of::<c_short>()),
        ),
        (b'H', true) => (
            Kind::Unsigned,
            native(size_of::<c_short>(), align_of::<c_short>()),
        ),
        (b'i', true) => (
            Kind::Signed,
            native(size_of::<c_int>(), align_of::<c_int>()),
        ),
        (b'I', true) => (
            Kind::Unsigned,
            native(size_of::<c_int>(), align_of::<c_int>()),
        ),
        (b'l', true) => (
            Kind::Signed,
            native(size_of::<c_long>(), align_of::<c_long>()),
        ),
        (b'L', true) => (
            Kind::Unsigned,
            native(size_of::<c_long>(), align_of::<c_long>()),
        ),
        (b'q', true) => (
            Kind::Signed,
            native(size_of::<c_longlong>(), align_of::<c_longlong>()),
        ),
        (b'Q', true) => (
            Kind::Unsigned,
            native(size_of::<c_longlong>(), align_of::<c_longlong>()),
        ),
        (b'n', true) => (
            Kind::Signed,
            native(size_of::<isize>(), align_of::<isize>()),
        ),
        (b'N', true) => (
            Kind::Unsigned,
            native(size_of::<usize>(), align_of::<usize>()),
        ),
        (b'P', true) => (
            Kind::Pointer,
            native(size_of::<*const c_void>(), align_of::<*const c_void>()),
        ),
        (b'e', true) => (Kind::Float, native(2, 2)),
        (b'f', true) => (Kind::Float, native(4, align_of::<f32>())),
        (b'd', true) => (Kind::Float, native(8, align_of::<f64>())),
        (b'h' | b'e', false) => (
            if code == b'e' {
                Kind::Float
            } else {
                Kind::Signed
            },
            (2, 1),
        ),
        (b'H', false) => (Kind::Unsigned, (2, 1)),
        (b'i' | b'l', false) => (Kind::Signed, (4, 1)),
        (b'I' | b'L', false) => (Kind::Unsigned, (4, 1)),
        (b'f', false) => (Kind::Float, (4, 1)),
        (b'q', false) => (Kind::Signed, (8, 1)),
        (b'Q', false) => (Kind::Unsigned, (8, 1)),
        (b'd', false) => (Kind::Float, (8, 1)),
        _ => return None,
    };
    Some((kind, size, align))
}

/// A recursive-descent reader over the bytes of a format string.
struct Reader<'s> {
    s: &'s [u8],
    pos: usize,
    /// How many `T{` enclose the current position: bounded by `Format::MAX_NESTING`, so that
    /// a hostile format cannot recurse until the stack overflows.
    depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn bad(&self, hint: &'static str) -> FormatError {
        let ch = std::str::from_utf8(&self.s[self.pos..])
            .ok()
            .and_then(|rest| rest.chars().next())
            .unwrap_or('\u{FFFD}');
        FormatError::BadChar {
            ch,
            position: self.pos,
            hint,
        }
    }

    fn number(&mut self) -> Result<Option<usize>, FormatError> {
        let start = self.pos;
        let mut n: usize = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(usize::from(d - b'0')))
                .ok_or(FormatError::TooLarge { position: start })?;
            self.pos += 1;
        }
        Ok((self.pos > start).then_some(n))
    }

    /// Reads items up to the end of the string or a closing `}`; returns the fields, the size
    /// (without trailing padding) and the largest alignment.
    ///
    /// A byte-order character before an item (after its sub-array shape, before its count)
    /// changes the mode from there on, through nested structs and after them: PEP 3118's "in
    /// force until changed", read as NumPy reads it (NumPy writes `T{d:a:>i:b:}` for a struct
    /// whose second field is big-endian). The mode in force at the end is returned with the rest.
    fn items(
        &mut self,
        mut mode: Mode,
        nested: bool,
    ) -> Result<(Vec<Field>, usize, usize, Mode), FormatError> {
        let (mut fields, mut size, mut max_align) = (Vec::new(), 0_usize, 1_usize);
        loop {
            while matches!(
                self.peek(),
                Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
            ) {
                self.pos += 1;
            }
            let start = self.pos;
            let Some(c) = self.peek() else { break };
            if c == b'}' && nested {
                break;
            }
            // NumPy's sub-array prefix: (2,3)d
            let mut shape_count = 1_usize;
            if c == b'(' {
                self.pos += 1;
                loop {
                    let n = self
                        .number()?
                        .ok_or_else(|| self.bad("a sub-array extent"))?;
                    shape_count = shape_count
                        .checked_mul(n)
                        .ok_or(FormatError::TooLarge { position: start })?;
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b')') => {
                            self.pos += 1;
                            break;
                        }
                        None => return Err(FormatError::Unterminated { position: start }),
                        Some(_) => return Err(self.bad("',' or ')' in a sub-array shape")),
                    }
                }
            }
            if let Some(m) = self.peek().and_then(Mode::from_prefix) {
                let at = self.pos;
                self.pos += 1;
                if matches!(self.peek(), None | Some(b'}')) {
                    self.pos = at;
                    return Err(self.bad("a byte-order character must be followed by an item"));
                }
                mode = m;
            }
            let item_mode = mode;
            let count_pos = self.pos;
            let count = self.number()?;
            let code_pos = self.pos;
            let Some(code) = self.peek() else {
                return Err(FormatError::CountWithoutCode {
                    position: count_pos,
                });
            };
            self.pos += 1;
            let (kind, item, align, nested_fields) = match code {
                b'Z' => {
                    let part = self
                        .peek()
                        .and_then(|p| code_layout(p, mode))
                        .filter(|l| l.0 == Kind::Float);
                    let Some((_, size, align)) = part else {
                        return Err(self.bad("'f' or 'd' after 'Z'"));
                    };
                    self.pos += 1;
                    (Kind::Complex, 2 * size, align, Vec::new())
                }
                b'T' => {
                    if self.peek() != Some(b'{') {
                        return Err(self.bad("'{' after 'T'"));
                    }
                    if self.depth == Format::MAX_NESTING {
                        return Err(FormatError::TooDeep {
                            position: code_pos,
                            limit: Format::MAX_NESTING,
                        });
                    }
                    self.pos += 1;
                    let inner_mode = match self.peek().and_then(Mode::from_prefix) {
                        Some(m) => {
                            self.pos += 1;
                            m
                        }
                        None => mode,
                    };
                    self.depth += 1;
                    let (inner, inner_size, inner_align, after) = self.items(inner_mode, true)?;
                    mode = after;
                    self.depth -= 1;
                    if self.peek() != Some(b'}') {
                        return Err(FormatError::Unterminated { position: code_pos });
                    }
                    self.pos += 1;
                    // A nested struct is padded to its alignment, as a C struct member is,
                    // when native alignment is in force at its end (NumPy's rule: its
                    // `T{(2)i:a:>H:b:}` is 10 bytes, not 12).
                    let padded = if mode == Mode::Native {
                        round_up(inner_size, inner_align)
                            .ok_or(FormatError::TooLarge { position: code_pos })?
                    } else {
                        inner_size
                    };
                    (Kind::Struct, padded, inner_align, inner)
                }
                _ => match code_layout(code, mode) {
                    Some((kind, size, align)) => (kind, size, align, Vec::new()),
                    None => {
                        self.pos = code_pos;
                        let hint = if code_layout(code, Mode::Native).is_some() {
                            "this code has no standard size; use '@' or no prefix"
                        } else {
                            "not a struct format code here"
                        };
                        return Err(self.bad(hint));
                    }
                },
            };
            // Field names, as NumPy writes them: d:x:
            if self.peek() == Some(b':') {
                let name_start = self.pos;
                self.pos += 1;
                while self.peek().is_some_and(|c| c != b':') {
                    self.pos += 1;
                }
                if self.peek().is_none() {
                    return Err(FormatError::Unterminated {
                        position: name_start,
                    });
                }
                self.pos += 1;
            }
            let count = count
                .unwrap_or(1)
                .checked_mul(shape_count)
                .ok_or(FormatError::TooLarge { position: start })?;
            let too_large = FormatError::TooLarge { position: start };
            // CPython aligns before every item, zero counts included (`c0i` aligns the end).
            size = round_up(size, align).ok_or(too_large.clone())?;
            max_align = max_align.max(align);
            let offset = size;
            size = size
                .checked_add(item.checked_mul(count).ok_or(too_large.clone())?)
                .ok_or(too_large.clone())?;
            if size > isize::MAX as usize {
                return Err(too_large);
            }
            fields.push(Field {
                code: char::from(code),
                kind,
                size: item,
                count,
                offset,
                little_endian: item_mode.little_endian(),
                nested: nested_fields,
            });
        }
        Ok((fields, size, max_align, mode))
    }
}

fn round_up(size: usize, align: usize) -> Option<usize> {
    size.checked_add(align - 1).map(|s| s / align * align)
}

impl Format {
    /// The deepest nesting of `T{...}` structs [`parse`](Self::parse) accepts. Parsing recurses
    /// once per level, so the bound keeps its stack use small whatever the input.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Format, FormatError};
    ///
    /// let nested = |depth| format!("{}b{}", "T{".repeat(depth), "}".repeat(depth));
    /// assert_eq!(Format::parse(&nested(Format::MAX_NESTING)).unwrap().itemsize(), 1);
    /// assert_eq!(
    ///     Format::parse(&nested(Format::MAX_NESTING + 1)),
    ///     Err(FormatError::TooDeep { position: 128, limit: 64 })
    /// );
    /// ```
    pub const MAX_NESTING: usize = 64;

    /// Parses a format string.
    ///
    /// # Errors
    ///
    /// A [`FormatError`] naming the position of the first character that does not fit;
    /// [`FormatError::TooDeep`] for structs nested more than [`MAX_NESTING`](Self::MAX_NESTING)
    /// deep.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Format, Kind};
    ///
    /// let f = Format::parse("T{d:x:d:y:}").unwrap(); // NumPy's dtype([('x', 'f8'), ('y', 'f8')])
    /// assert_eq!(f.itemsize(), 16);
    /// assert_eq!(f.fields()[0].nested.len(), 2);
    /// assert_eq!(Format::parse("Zd").unwrap().fields()[0].kind, Kind::Complex);
    /// let err = Format::parse("<n").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "bad char 'n' in struct format at position 1 (this code has no standard size; use '@' or no prefix)"
    /// );
    /// ```
    pub fn parse(format: &str) -> Result<Format, FormatError> {
        let mut r = Reader {
            s: format.as_bytes(),
            pos: 0,
            depth: 0,
        };
        let mode = match r.peek().and_then(Mode::from_prefix) {
            Some(m) => {
                r.pos += 1;
                m
            }
            None => Mode::Native,
        };
        let (fields, itemsize, alignment, _) = r.items(mode, false)?;
        if r.peek().is_some() {
            return Err(r.bad("unbalanced '}'"));
        }
        Ok(Format {
            mode,
            fields,
            itemsize,
            alignment,
        })
    }

    /// The element size in bytes: CPython's `struct.calcsize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::Format;
    ///
    /// // struct.calcsize of each:
    /// assert_eq!(Format::parse("@hd").unwrap().itemsize(), 16);
    /// assert_eq!(Format::parse("=hd").unwrap().itemsize(), 10);
    /// assert_eq!(Format::parse("(2,3)f").unwrap().itemsize(), 24);
    /// ```
    pub fn itemsize(&self) -> usize {
        self.itemsize
    }

    /// The largest alignment any field needs (1 unless the mode is native `@`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::Format;
    ///
    /// assert_eq!(Format::parse("@hd").unwrap().alignment(), 8);
    /// assert_eq!(Format::parse("<hd").unwrap().alignment(), 1);
    /// ```
    pub fn alignment(&self) -> usize {
        self.alignment
    }

    /// The byte-order and size mode the format starts in. A byte-order character later in the
    /// format changes it for the items after it; each field's own byte order is
    /// [`Field::little_endian`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Format, Mode};
    ///
    /// assert_eq!(Format::parse(">q").unwrap().mode(), Mode::Big);
    /// assert_eq!(Format::parse("q").unwrap().mode(), Mode::Native);
    /// ```
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The fields in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::Format;
    ///
    /// let f = Format::parse("@ci").unwrap();
    /// let offsets: Vec<usize> = f.fields().iter().map(|x| x.offset).collect();
    /// assert_eq!(offsets, [0, 4]); // the int aligned to 4, as struct.calcsize('@ci') == 8
    /// ```
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// Whether two formats describe the same element: the same itemsize and the same values at
    /// the same offsets, by kind, size, count and byte order (so `@l` and `@q` agree where both
    /// are 8 bytes, `c` and `B` agree, and padding is ignored).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::Format;
    ///
    /// let same = |a: &str, b: &str| Format::parse(a).unwrap().same_layout(&Format::parse(b).unwrap());
    /// assert!(same("@q", "=q"));
    /// assert!(same("B", "c"));
    /// assert!(!same("i", "I"));
    /// assert!(!same("<i", ">i"));
    /// ```
    pub fn same_layout(&self, other: &Format) -> bool {
        fn values(fields: &[Field]) -> impl Iterator<Item = &Field> {
            fields.iter().filter(|f| f.kind != Kind::Pad && f.count > 0)
        }
        fn same(a: &[Field], b: &[Field]) -> bool {
            values(a).count() == values(b).count()
                && values(a).zip(values(b)).all(|(x, y)| {
                    x.kind == y.kind
                        && x.size == y.size
                        && x.count == y.count
                        && x.offset == y.offset
                        && (x.size == 1 || x.little_endian == y.little_endian)
                        && same(&x.nested, &y.nested)
                })
        }
        self.itemsize == other.itemsize && same(&self.fields, &other.fields)
    }
}

/// The element size of a format string: `PyBuffer_SizeFromFormat`, i.e. `struct.calcsize`.
///
/// # Errors
///
/// As [`Format::parse`].
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::size_from_format;
///
/// assert_eq!(size_from_format("@bhilq"), Ok(24));
/// assert_eq!(size_from_format("=bhilq"), Ok(19));
/// assert!(size_from_format("4").is_err());
/// ```
pub fn size_from_format(format: &str) -> Result<usize, FormatError> {
    Format::parse(format).map(|f| f.itemsize())
}
