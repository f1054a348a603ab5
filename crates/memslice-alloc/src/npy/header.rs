//! The `.npy` header: a strict parser of the Python dict literal NumPy writes, and the formatter
//! that writes it byte for byte as NumPy does.
//!
//! ```text
//! offset 0      6      8          10 (v1) / 12 (v2, v3)                  data_offset
//!        \x93NUMPY  major minor  header_len (u16 LE / u32 LE)  {'descr': ..., }   ⏎  data...
//!        └──── magic ────┘                                └ header text, padded with spaces ┘
//! ```
//!
//! NumPy pads the header so that the data starts at a multiple of 64 bytes; the parser accepts
//! any length (older NumPy aligned to 16), and the view checks alignment for the element type.

use std::io::Read;

use memslice_core::layout::Order;

use super::{Descr, NpyError};

/// The magic string every `.npy` file starts with.
const MAGIC: &[u8; 6] = b"\x93NUMPY";
/// NumPy's `ARRAY_ALIGN`: the data starts at a multiple of it.
const ALIGN: usize = 64;
/// NumPy's `GROWTH_AXIS_MAX_DIGITS`: room left in the header so that the growing axis can be
/// rewritten in place; kept so that our headers match NumPy's byte for byte.
const GROWTH_AXIS_MAX_DIGITS: usize = 21;

/// A `.npy` format version.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{Header, Descr, Version};
///
/// let h = Header::new(Descr::of::<f64>(), vec![3], false).unwrap();
/// assert_eq!(h.version(), Version::V1); // short headers are 1.0, as NumPy writes them
/// assert_eq!(Version::V3.number(), (3, 0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// 1.0: a 2-byte header length, ASCII header.
    V1,
    /// 2.0: a 4-byte header length, ASCII header.
    V2,
    /// 3.0: a 4-byte header length, UTF-8 header.
    V3,
}

impl Version {
    /// The (major, minor) numbers written in the file.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::Version;
    ///
    /// assert_eq!(Version::V2.number(), (2, 0));
    /// ```
    pub fn number(self) -> (u8, u8) {
        match self {
            Version::V1 => (1, 0),
            Version::V2 => (2, 0),
            Version::V3 => (3, 0),
        }
    }

    /// The size of the header-length field.
    fn len_bytes(self) -> usize {
        match self {
            Version::V1 => 2,
            Version::V2 | Version::V3 => 4,
        }
    }
}

/// A parsed (or to be written) `.npy` header: the dtype, the memory order and the shape, and
/// where the data starts.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{Header, Descr};
///
/// let h = Header::new(Descr::of::<i32>(), vec![2, 3], true).unwrap();
/// let bytes = h.to_bytes().unwrap();
/// assert_eq!(bytes.len() % 64, 0); // the data starts at a multiple of 64
/// let back = Header::parse(&bytes).unwrap();
/// assert_eq!(back, h);
/// assert_eq!((back.shape(), back.fortran_order(), back.data_offset()), (&[2, 3][..], true, 128));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Header {
    descr: Descr,
    fortran_order: bool,
    shape: Vec<usize>,
    version: Version,
    data_offset: usize,
}

impl Header {
    /// A header for an array of `descr` and `shape`, in Fortran order if `fortran_order`, in
    /// the version NumPy would choose (1.0 unless the header needs more than 64 KiB).
    ///
    /// # Errors
    ///
    /// [`NpyError::ShapeOverflow`] if the array's size does not fit `isize`;
    /// [`NpyError::HeaderTooLong`] if no version can hold the header.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr, NpyError};
    ///
    /// let err = Header::new(Descr::of::<u8>(), vec![0, usize::MAX], false).unwrap_err();
    /// assert!(matches!(err, NpyError::ShapeOverflow { .. }));
    /// let h = Header::new(Descr::of::<u8>(), vec![], false).unwrap(); // 0-d
    /// assert_eq!(h.len(), 1);
    /// ```
    pub fn new(descr: Descr, shape: Vec<usize>, fortran_order: bool) -> Result<Self, NpyError> {
        check_shape(&shape, descr.itemsize())?;
        let mut header = Header {
            descr,
            fortran_order,
            shape,
            version: Version::V1,
            data_offset: 0,
        };
        let text = header.dict_text();
        // NumPy's `_wrap_header_guess_version`: 1.0 if the length fits 16 bits, else 2.0; our
        // headers are ASCII, so 3.0 is never needed.
        let len = if let Some(len) = wrapped_len(text.len(), Version::V1) {
            len
        } else {
            header.version = Version::V2;
            wrapped_len(text.len(), Version::V2)
                .ok_or(NpyError::HeaderTooLong { len: text.len() })?
        };
        header.data_offset = len;
        Ok(header)
    }

    /// The same header written in another format version (3.0 for a UTF-8 header, 2.0 for a
    /// 4-byte length).
    ///
    /// # Errors
    ///
    /// [`NpyError::HeaderTooLong`] if the header does not fit `version`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr, Version};
    ///
    /// let h = Header::new(Descr::of::<f32>(), vec![4], false).unwrap().with_version(Version::V3).unwrap();
    /// assert_eq!(&h.to_bytes().unwrap()[6..8], &[3, 0]);
    /// ```
    pub fn with_version(mut self, version: Version) -> Result<Self, NpyError> {
        let text_len = self.dict_text().len();
        self.data_offset =
            wrapped_len(text_len, version).ok_or(NpyError::HeaderTooLong { len: text_len })?;
        self.version = version;
        Ok(self)
    }

    /// Parses the header at the start of `bytes` (a whole file, or at least its header).
    ///
    /// The dict is parsed as the Python literal it is: the keys `descr`, `fortran_order` and
    /// `shape` in any order, each exactly once, single or double quotes, a trailing comma,
    /// spaces anywhere Python allows them, and nothing but whitespace after the closing brace.
    ///
    /// # Errors
    ///
    /// A named [`NpyError`] for every malformed input, never a panic: bad magic, an unknown
    /// version, a header longer than the input, non-ASCII in a 1.0/2.0 header, invalid UTF-8 in
    /// a 3.0 header, a syntax error, an unknown, duplicate or missing key, a structured descr, a
    /// shape whose size overflows.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, NpyError};
    ///
    /// let text = b"{'shape': (2,), \"descr\": '<i2', 'fortran_order': False,}\n";
    /// let mut file = b"\x93NUMPY\x01\x00".to_vec();
    /// file.extend_from_slice(&(text.len() as u16).to_le_bytes());
    /// file.extend_from_slice(text);
    /// let h = Header::parse(&file).unwrap();
    /// assert_eq!((h.shape(), h.descr().as_str()), (&[2][..], "<i2"));
    ///
    /// let mut bad = file.clone();
    /// bad[12] = b'x'; // 'shape' -> 'xhape'
    /// assert!(matches!(Header::parse(&bad), Err(NpyError::UnknownKey { .. })));
    /// ```
    pub fn parse(bytes: &[u8]) -> Result<Self, NpyError> {
        let (version, text_start, text_len) = parse_prefix(bytes)?;
        let available = bytes.len() - text_start;
        if available < text_len {
            return Err(NpyError::Truncated {
                what: "header",
                needed: text_len as u64,
                available: available as u64,
            });
        }
        parse_text(&bytes[text_start..text_start + text_len], version)
    }

    /// Reads and parses a header from `reader`, leaving it at the first data byte.
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse), and [`NpyError::Io`] if reading fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr};
    ///
    /// let bytes = Header::new(Descr::of::<u16>(), vec![5], false).unwrap().to_bytes().unwrap();
    /// let h = Header::read_from(&mut &bytes[..]).unwrap();
    /// assert_eq!(h.data_offset(), 128);
    /// ```
    pub fn read_from<R: Read + ?Sized>(reader: &mut R) -> Result<Self, NpyError> {
        let mut prefix = Vec::with_capacity(12);
        reader.take(8).read_to_end(&mut prefix)?;
        if prefix.len() == 8 && prefix[6] != 1 {
            reader.take(2).read_to_end(&mut prefix)?;
        }
        reader.take(2).read_to_end(&mut prefix)?;
        let (version, text_start, text_len) = parse_prefix(&prefix)?;
        // Read what is there rather than allocating what the header claims.
        let mut text = Vec::new();
        reader.take(text_len as u64).read_to_end(&mut text)?;
        if text.len() < text_len {
            return Err(NpyError::Truncated {
                what: "header",
                needed: text_len as u64,
                available: text.len() as u64,
            });
        }
        debug_assert_eq!(text_start, prefix.len());
        parse_text(&text, version)
    }

    /// The header as bytes, padded so that the data that follows starts at a multiple of 64:
    /// byte for byte what NumPy writes for the same array.
    ///
    /// # Errors
    ///
    /// [`NpyError::HeaderTooLong`] if the header does not fit its version.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr};
    ///
    /// let h = Header::new(Descr::parse("<f8").unwrap(), vec![3], false).unwrap();
    /// let bytes = h.to_bytes().unwrap();
    /// assert!(bytes.starts_with(b"\x93NUMPY\x01\x00\x76\x00{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"));
    /// assert_eq!((bytes.len(), bytes[127]), (128, b'\n'));
    /// ```
    pub fn to_bytes(&self) -> Result<Vec<u8>, NpyError> {
        let text = self.dict_text();
        let total = wrapped_len(text.len(), self.version)
            .ok_or(NpyError::HeaderTooLong { len: text.len() })?;
        let prefix = 8 + self.version.len_bytes();
        let field = total - prefix;
        let (major, minor) = self.version.number();
        let mut out = Vec::with_capacity(total);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[major, minor]);
        match self.version {
            // `wrapped_len` checked that the length fits the field.
            Version::V1 => out.extend_from_slice(&(field as u16).to_le_bytes()),
            Version::V2 | Version::V3 => out.extend_from_slice(&(field as u32).to_le_bytes()),
        }
        out.extend_from_slice(text.as_bytes());
        out.resize(total - 1, b' ');
        out.push(b'\n');
        Ok(out)
    }

    /// The dtype.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr};
    ///
    /// let h = Header::new(Descr::of::<i64>(), vec![1], false).unwrap();
    /// assert_eq!(h.descr().itemsize(), 8);
    /// ```
    pub fn descr(&self) -> &Descr {
        &self.descr
    }

    /// Whether the data is in Fortran (column-major) order.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr};
    ///
    /// assert!(Header::new(Descr::of::<i64>(), vec![2, 2], true).unwrap().fortran_order());
    /// ```
    pub fn fortran_order(&self) -> bool {
        self.fortran_order
    }

    /// The memory order as memslice names it.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr};
    /// use memslice_core::layout::Order;
    ///
    /// assert_eq!(Header::new(Descr::of::<i64>(), vec![2, 2], true).unwrap().order(), Order::F);
    /// ```
    pub fn order(&self) -> Order {
        if self.fortran_order {
            Order::F
        } else {
            Order::C
        }
    }

    /// The shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr};
    ///
    /// assert_eq!(Header::new(Descr::of::<u8>(), vec![4, 0], false).unwrap().shape(), &[4, 0]);
    /// ```
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The format version.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr, Version};
    ///
    /// let long = vec![1; 30_000]; // 30,000 axes need more than 64 KiB of header
    /// assert_eq!(Header::new(Descr::of::<u8>(), long, false).unwrap().version(), Version::V2);
    /// ```
    pub fn version(&self) -> Version {
        self.version
    }

    /// The offset of the first data byte from the start of the file.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr};
    ///
    /// assert_eq!(Header::new(Descr::of::<u8>(), vec![3], false).unwrap().data_offset(), 128);
    /// ```
    pub fn data_offset(&self) -> usize {
        self.data_offset
    }

    /// The number of elements (1 for a 0-d array).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr};
    ///
    /// assert_eq!(Header::new(Descr::of::<u8>(), vec![3, 4], false).unwrap().len(), 12);
    /// ```
    #[allow(clippy::len_without_is_empty)] // `nbytes() == 0` says it, and a 0-d array has one
    pub fn len(&self) -> usize {
        // `check_shape` bounded the product.
        self.shape.iter().product()
    }

    /// The number of data bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Header, Descr};
    ///
    /// assert_eq!(Header::new(Descr::of::<f32>(), vec![3, 4], false).unwrap().nbytes(), 48);
    /// ```
    pub fn nbytes(&self) -> usize {
        self.len() * self.descr.itemsize()
    }

    /// The dict as NumPy's `_write_array_header` writes it, growth room included, before the
    /// padding.
    fn dict_text(&self) -> String {
        let shape = match self.shape.as_slice() {
            [] => "()".to_owned(),
            [n] => format!("({n},)"),
            [first, rest @ ..] => {
                let mut s = format!("({first}");
                for n in rest {
                    s.push_str(&format!(", {n}"));
                }
                s.push(')');
                s
            }
        };
        let fortran = if self.fortran_order { "True" } else { "False" };
        let mut text = format!(
            "{{'descr': '{}', 'fortran_order': {fortran}, 'shape': {shape}, }}",
            self.descr.as_str()
        );
        let growth = if self.fortran_order {
            self.shape.last()
        } else {
            self.shape.first()
        };
        if let Some(n) = growth {
            let digits = n.to_string().len();
            text.push_str(&" ".repeat(GROWTH_AXIS_MAX_DIGITS.saturating_sub(digits)));
        }
        text
    }
}

/// The total header length (magic to newline) for a dict of `text_len` bytes, as NumPy's
/// `_wrap_header` pads it; `None` if it does not fit the version's length field.
fn wrapped_len(text_len: usize, version: Version) -> Option<usize> {
    let prefix = 8 + version.len_bytes();
    let hlen = text_len.checked_add(1)?;
    let padlen = ALIGN - (prefix.checked_add(hlen)? % ALIGN);
    let field = hlen.checked_add(padlen)?;
    let max = match version {
        Version::V1 => u16::MAX as usize,
        Version::V2 | Version::V3 => u32::MAX as usize,
    };
    (field <= max).then(|| prefix + field)
}

/// Checks that `shape` of `itemsize`-byte elements fits `isize`, elements and bytes. As NumPy
/// does, the extents other than zero must fit even when one is zero, so that strides exist.
pub(super) fn check_shape(shape: &[usize], itemsize: usize) -> Result<(), NpyError> {
    let overflow = || NpyError::ShapeOverflow {
        shape: shape.to_vec(),
        itemsize,
    };
    let count = shape
        .iter()
        .filter(|&&n| n != 0)
        .try_fold(1_usize, |acc, &n| acc.checked_mul(n))
        .ok_or_else(overflow)?;
    let bytes = count.checked_mul(itemsize.max(1)).ok_or_else(overflow)?;
    if bytes > isize::MAX as usize {
        return Err(overflow());
    }
    Ok(())
}

/// Checks the magic, version and header-length field; returns the version, where the header
/// text starts and its length.
fn parse_prefix(bytes: &[u8]) -> Result<(Version, usize, usize), NpyError> {
    let magic_len = bytes.len().min(MAGIC.len());
    if bytes[..magic_len] != MAGIC[..magic_len] {
        return Err(NpyError::BadMagic {
            found: bytes[..magic_len].to_vec(),
        });
    }
    let truncated = |what, needed: usize| NpyError::Truncated {
        what,
        needed: needed as u64,
        available: bytes.len() as u64,
    };
    if bytes.len() < 8 {
        return Err(truncated("magic and version", 8));
    }
    let version = match (bytes[6], bytes[7]) {
        (1, 0) => Version::V1,
        (2, 0) => Version::V2,
        (3, 0) => Version::V3,
        (major, minor) => return Err(NpyError::UnsupportedVersion { major, minor }),
    };
    let start = 8 + version.len_bytes();
    if bytes.len() < start {
        return Err(truncated("header length", start));
    }
    let len = match version {
        Version::V1 => u16::from_le_bytes([bytes[8], bytes[9]]) as usize,
        Version::V2 | Version::V3 => {
            let field = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
            usize::try_from(field).map_err(|_| truncated("header", usize::MAX))?
        }
    };
    Ok((version, start, len))
}

/// Parses the header text (after the length field) of a `version` header.
fn parse_text(text: &[u8], version: Version) -> Result<Header, NpyError> {
    let text = match version {
        Version::V1 | Version::V2 => {
            if let Some(offset) = text.iter().position(|b| !b.is_ascii()) {
                return Err(NpyError::NonAscii {
                    major: version.number().0,
                    offset,
                    byte: text[offset],
                });
            }
            // ASCII is UTF-8.
            std::str::from_utf8(text).map_err(|e| NpyError::InvalidUtf8 {
                offset: e.valid_up_to(),
            })?
        }
        Version::V3 => std::str::from_utf8(text).map_err(|e| NpyError::InvalidUtf8 {
            offset: e.valid_up_to(),
        })?,
    };
    let mut p = Parser { text, pos: 0 };
    let (descr, fortran_order, shape) = p.dict()?;
    check_shape(&shape, descr.itemsize())?;
    let data_offset = 8 + version.len_bytes() + text.len();
    Ok(Header {
        descr,
        fortran_order,
        shape,
        version,
        data_offset,
    })
}

/// A cursor over the header text.
struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn error(&self, expected: &'static str) -> NpyError {
        NpyError::Syntax {
            offset: self.pos,
            expected,
            found: self.rest().chars().take(16).collect(),
        }
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char, expected: &'static str) -> Result<(), NpyError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    /// A Python string literal without escapes or prefixes, as NumPy writes keys and descrs.
    fn string(&mut self) -> Result<&str, NpyError> {
        let quote = match self.rest().chars().next() {
            Some(q @ ('\'' | '"')) => q,
            _ => return Err(self.error("a quoted string")),
        };
        let start = self.pos + 1;
        let body = &self.text[start..];
        let Some(len) = body.find([quote, '\\', '\n']) else {
            return Err(self.error("a string closed on the same line"));
        };
        if !body[len..].starts_with(quote) {
            self.pos = start + len;
            return Err(self.error("a string without escapes or line breaks"));
        }
        self.pos = start + len + 1;
        Ok(&self.text[start..start + len])
    }

    fn dict(&mut self) -> Result<(Descr, bool, Vec<usize>), NpyError> {
        let mut descr = None;
        let mut fortran = None;
        let mut shape = None;
        self.skip_ws();
        self.expect('{', "'{' opening the header dict")?;
        loop {
            self.skip_ws();
            if self.eat('}') {
                break;
            }
            let key = self.string()?.to_owned();
            self.skip_ws();
            self.expect(':', "':' after a key")?;
            self.skip_ws();
            let duplicate = match key.as_str() {
                "descr" => descr.replace(self.descr()?).is_some(),
                "fortran_order" => fortran.replace(self.boolean()?).is_some(),
                "shape" => shape.replace(self.shape()?).is_some(),
                _ => return Err(NpyError::UnknownKey { key }),
            };
            if duplicate {
                return Err(NpyError::DuplicateKey { key });
            }
            self.skip_ws();
            if self.eat('}') {
                break;
            }
            self.expect(',', "',' or '}' after a value")?;
        }
        self.skip_ws();
        if !self.rest().is_empty() {
            return Err(self.error("only whitespace after the header dict"));
        }
        Ok((
            descr.ok_or(NpyError::MissingKey { key: "descr" })?,
            fortran.ok_or(NpyError::MissingKey {
                key: "fortran_order",
            })?,
            shape.ok_or(NpyError::MissingKey { key: "shape" })?,
        ))
    }

    fn descr(&mut self) -> Result<Descr, NpyError> {
        if self.rest().starts_with(['[', '{']) {
            // A list of fields, or a dict of names and formats: a structured dtype.
            return Err(NpyError::StructuredDescr {
                descr: self.rest().chars().take(40).collect(),
            });
        }
        let text = self.string()?;
        Descr::parse(text)
    }

    fn boolean(&mut self) -> Result<bool, NpyError> {
        let rest = self.rest();
        let word_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(rest.len());
        let value = match &rest[..word_len] {
            "True" => true,
            "False" => false,
            _ => return Err(self.error("True or False")),
        };
        self.pos += word_len;
        Ok(value)
    }

    fn shape(&mut self) -> Result<Vec<usize>, NpyError> {
        self.expect('(', "'(' opening the shape tuple")?;
        let mut shape = Vec::new();
        loop {
            self.skip_ws();
            if self.eat(')') {
                break;
            }
            shape.push(self.integer()?);
            self.skip_ws();
            if self.eat(',') {
                continue;
            }
            // `(3)` is the integer 3 in Python, not a tuple: one element needs its comma.
            if shape.len() > 1 && self.eat(')') {
                break;
            }
            return Err(self.error(if shape.len() == 1 {
                "',' after the only extent of a 1-d shape"
            } else {
                "',' or ')' after an extent"
            }));
        }
        Ok(shape)
    }

    fn integer(&mut self) -> Result<usize, NpyError> {
        let rest = self.rest();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(self.error("a non-negative integer extent"));
        }
        // Python 3 refuses leading zeros (`007`), as it does `1_000` here and `3L`.
        if digits > 1 && rest.starts_with('0') {
            return Err(self.error("an integer without leading zeros"));
        }
        let n = rest[..digits]
            .parse()
            .map_err(|_| self.error("an extent that fits usize"))?;
        self.pos += digits;
        Ok(n)
    }
}
