//! The buffer protocol's request flags, with CPython's values and implications.

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

/// What a consumer asks of an exporter (`PyBUF_*`): each flag's value includes the flags it
/// implies, exactly as in CPython (`STRIDES` includes `ND`; the contiguity flags and `INDIRECT`
/// include `STRIDES`).
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::Flags;
///
/// assert!(Flags::C_CONTIGUOUS.contains(Flags::STRIDES));
/// assert!(Flags::STRIDES.contains(Flags::ND));
/// assert_eq!(Flags::FULL_RO, Flags::INDIRECT | Flags::FORMAT);
/// assert_eq!(Flags::RECORDS.bits(), 0x1d);
/// assert_eq!(format!("{:?}", Flags::CONTIG), "Flags(WRITABLE | ND)");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Flags(u32);

impl Flags {
    /// `PyBUF_SIMPLE`: a plain contiguous block of bytes, read-only.
    pub const SIMPLE: Flags = Flags(0);
    /// `PyBUF_WRITABLE`: the consumer will write.
    pub const WRITABLE: Flags = Flags(0x0001);
    /// `PyBUF_FORMAT`: the consumer wants the format string.
    pub const FORMAT: Flags = Flags(0x0004);
    /// `PyBUF_ND`: the consumer wants the shape (the buffer must be C-contiguous).
    pub const ND: Flags = Flags(0x0008);
    /// `PyBUF_STRIDES`: the consumer takes strides (implies `ND`).
    pub const STRIDES: Flags = Flags(0x0010 | Self::ND.0);
    /// `PyBUF_C_CONTIGUOUS`: the buffer must be C-contiguous (implies `STRIDES`).
    pub const C_CONTIGUOUS: Flags = Flags(0x0020 | Self::STRIDES.0);
    /// `PyBUF_F_CONTIGUOUS`: the buffer must be Fortran-contiguous (implies `STRIDES`).
    pub const F_CONTIGUOUS: Flags = Flags(0x0040 | Self::STRIDES.0);
    /// `PyBUF_ANY_CONTIGUOUS`: C- or Fortran-contiguous (implies `STRIDES`).
    pub const ANY_CONTIGUOUS: Flags = Flags(0x0080 | Self::STRIDES.0);
    /// `PyBUF_INDIRECT`: the consumer handles suboffsets (implies `STRIDES`).
    pub const INDIRECT: Flags = Flags(0x0100 | Self::STRIDES.0);
    /// `PyBUF_CONTIG`: `ND | WRITABLE`.
    pub const CONTIG: Flags = Flags(Self::ND.0 | Self::WRITABLE.0);
    /// `PyBUF_CONTIG_RO`: `ND`.
    pub const CONTIG_RO: Flags = Self::ND;
    /// `PyBUF_STRIDED`: `STRIDES | WRITABLE`.
    pub const STRIDED: Flags = Flags(Self::STRIDES.0 | Self::WRITABLE.0);
    /// `PyBUF_STRIDED_RO`: `STRIDES`.
    pub const STRIDED_RO: Flags = Self::STRIDES;
    /// `PyBUF_RECORDS`: `STRIDES | WRITABLE | FORMAT`.
    pub const RECORDS: Flags = Flags(Self::STRIDES.0 | Self::WRITABLE.0 | Self::FORMAT.0);
    /// `PyBUF_RECORDS_RO`: `STRIDES | FORMAT`.
    pub const RECORDS_RO: Flags = Flags(Self::STRIDES.0 | Self::FORMAT.0);
    /// `PyBUF_FULL`: `INDIRECT | WRITABLE | FORMAT`.
    pub const FULL: Flags = Flags(Self::INDIRECT.0 | Self::WRITABLE.0 | Self::FORMAT.0);
    /// `PyBUF_FULL_RO`: `INDIRECT | FORMAT`.
    pub const FULL_RO: Flags = Flags(Self::INDIRECT.0 | Self::FORMAT.0);

    /// The flags from CPython's integer value; bits CPython does not define are refused.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::Flags;
    ///
    /// assert_eq!(Flags::from_bits(0x11c), Some(Flags::FULL_RO));
    /// assert_eq!(Flags::from_bits(0x2), None);
    /// ```
    pub const fn from_bits(bits: u32) -> Option<Flags> {
        if bits & !0x1fd == 0 {
            Some(Flags(bits))
        } else {
            None
        }
    }

    /// CPython's integer value.
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Whether every bit of `other` is set here.
    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

impl BitOrAssign for Flags {
    fn bitor_assign(&mut self, rhs: Flags) {
        self.0 |= rhs.0;
    }
}

impl fmt::Debug for Flags {
    /// The named flags that are set, the implied ones left out (`C_CONTIGUOUS`, not
    /// `C_CONTIGUOUS | STRIDES | ND`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMED: [(&str, Flags); 8] = [
            ("WRITABLE", Flags::WRITABLE),
            ("FORMAT", Flags::FORMAT),
            ("INDIRECT", Flags::INDIRECT),
            ("C_CONTIGUOUS", Flags::C_CONTIGUOUS),
            ("F_CONTIGUOUS", Flags::F_CONTIGUOUS),
            ("ANY_CONTIGUOUS", Flags::ANY_CONTIGUOUS),
            ("STRIDES", Flags::STRIDES),
            ("ND", Flags::ND),
        ];
        let mut covered = 0;
        let mut names = Vec::new();
        for (name, flag) in NAMED {
            if self.contains(flag) && flag.0 & !covered != 0 {
                names.push(name);
                covered |= flag.0;
            }
        }
        if names.is_empty() {
            names.push("SIMPLE");
        }
        write!(f, "Flags({})", names.join(" | "))
    }
}
