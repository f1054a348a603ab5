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
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0.0_f64; 6];
    /// let info = Layout::of_slice(&data, "d", &[2, 3]).unwrap().request(Flags::SIMPLE).unwrap();
    /// // CPython: no shape, no strides, format "B"; the bytes are 48 of them in one block.
    /// assert_eq!((info.shape(), info.strides(), info.format(), info.len()), (None, None, "B", 48));
    /// assert_eq!(Flags::SIMPLE.bits(), 0);
    /// ```
    pub const SIMPLE: Flags = Flags(0);
    /// `PyBUF_WRITABLE`: the consumer will write.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferError, Flags, Layout};
    ///
    /// let data = [0_u8; 4];
    /// let ro = Layout::of_slice(&data, "B", &[4]).unwrap().request(Flags::WRITABLE);
    /// assert_eq!(ro.unwrap_err(), BufferError::NotWritable); // a read-only exporter refuses
    /// let mut data = [0_u8; 4];
    /// let rw = Layout::of_mut_slice(&mut data, "B", &[4]).unwrap().request(Flags::WRITABLE).unwrap();
    /// assert!(!rw.readonly());
    /// ```
    pub const WRITABLE: Flags = Flags(0x0001);
    /// `PyBUF_FORMAT`: the consumer wants the format string.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0.0_f64; 6];
    /// let info = Layout::of_slice(&data, "d", &[2, 3]).unwrap().request(Flags::FORMAT).unwrap();
    /// assert_eq!((info.format(), info.itemsize(), info.shape()), ("d", 8, None));
    /// ```
    pub const FORMAT: Flags = Flags(0x0004);
    /// `PyBUF_ND`: the consumer wants the shape (the buffer must be C-contiguous).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0.0_f64; 6];
    /// let info = Layout::of_slice(&data, "d", &[2, 3]).unwrap().request(Flags::ND).unwrap();
    /// // A shape but no strides: the consumer assumes C order.
    /// assert_eq!((info.shape(), info.strides()), (Some(&[2, 3][..]), None));
    /// ```
    pub const ND: Flags = Flags(0x0008);
    /// `PyBUF_STRIDES`: the consumer takes strides (implies `ND`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferError, Flags, Layout};
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [0.0_f64; 6];
    /// let t = MemViewSlice::from_slice(&data, [2, 3]).unwrap().t(); // not C-contiguous
    /// assert_eq!(Layout::of_view(t).request(Flags::ND).unwrap_err(), BufferError::NeedsStrides);
    /// let info = Layout::of_view(t).request(Flags::STRIDES).unwrap();
    /// assert_eq!((info.shape(), info.strides()), (Some(&[3, 2][..]), Some(&[8, 24][..])));
    /// assert!(Flags::STRIDES.contains(Flags::ND));
    /// ```
    pub const STRIDES: Flags = Flags(0x0010 | Self::ND.0);
    /// `PyBUF_C_CONTIGUOUS`: the buffer must be C-contiguous (implies `STRIDES`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferError, Flags, Layout};
    /// use memslice_core::layout::Order;
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [0.0_f64; 6];
    /// let a = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert!(Layout::of_view(a).request(Flags::C_CONTIGUOUS).is_ok());
    /// let err = Layout::of_view(a.t()).request(Flags::C_CONTIGUOUS).unwrap_err();
    /// assert_eq!(err, BufferError::NotContiguous { order: Some(Order::C) });
    /// ```
    pub const C_CONTIGUOUS: Flags = Flags(0x0020 | Self::STRIDES.0);
    /// `PyBUF_F_CONTIGUOUS`: the buffer must be Fortran-contiguous (implies `STRIDES`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferError, Flags, Layout};
    /// use memslice_core::layout::Order;
    /// use memslice_core::MemViewSlice;
    ///
    /// let data = [0.0_f64; 6];
    /// let a = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert!(Layout::of_view(a.t()).request(Flags::F_CONTIGUOUS).is_ok()); // a.T is Fortran order
    /// let err = Layout::of_view(a).request(Flags::F_CONTIGUOUS).unwrap_err();
    /// assert_eq!(err, BufferError::NotContiguous { order: Some(Order::F) });
    /// ```
    pub const F_CONTIGUOUS: Flags = Flags(0x0040 | Self::STRIDES.0);
    /// `PyBUF_ANY_CONTIGUOUS`: C- or Fortran-contiguous (implies `STRIDES`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::{s, MemViewSlice};
    ///
    /// let data = [0.0_f64; 6];
    /// let a = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    /// assert!(Layout::of_view(a).request(Flags::ANY_CONTIGUOUS).is_ok());
    /// assert!(Layout::of_view(a.t()).request(Flags::ANY_CONTIGUOUS).is_ok());
    /// // a[:, ::2] is neither.
    /// assert!(Layout::of_view(a.slice(s![.., ..;2])).request(Flags::ANY_CONTIGUOUS).is_err());
    /// ```
    pub const ANY_CONTIGUOUS: Flags = Flags(0x0080 | Self::STRIDES.0);
    /// `PyBUF_INDIRECT`: the consumer handles suboffsets (implies `STRIDES`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0.0_f64; 6];
    /// let info = Layout::of_slice(&data, "d", &[2, 3]).unwrap().request(Flags::INDIRECT).unwrap();
    /// // Suboffsets are accepted, and a direct buffer has none to give (CPython: NULL).
    /// assert_eq!((info.strides(), info.suboffsets()), (Some(&[24, 8][..]), None));
    /// assert!(Flags::INDIRECT.contains(Flags::STRIDES));
    /// ```
    pub const INDIRECT: Flags = Flags(0x0100 | Self::STRIDES.0);
    /// `PyBUF_CONTIG`: `ND | WRITABLE`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let mut data = [0_i32; 6];
    /// let info = Layout::of_mut_slice(&mut data, "i", &[2, 3]).unwrap().request(Flags::CONTIG).unwrap();
    /// assert_eq!((info.readonly(), info.shape(), info.strides()), (false, Some(&[2, 3][..]), None));
    /// assert_eq!(Flags::CONTIG, Flags::ND | Flags::WRITABLE);
    /// ```
    pub const CONTIG: Flags = Flags(Self::ND.0 | Self::WRITABLE.0);
    /// `PyBUF_CONTIG_RO`: `ND`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0_i32; 6];
    /// let info = Layout::of_slice(&data, "i", &[2, 3]).unwrap().request(Flags::CONTIG_RO).unwrap();
    /// assert_eq!((info.readonly(), info.shape(), info.strides()), (true, Some(&[2, 3][..]), None));
    /// assert_eq!(Flags::CONTIG_RO, Flags::ND);
    /// ```
    pub const CONTIG_RO: Flags = Self::ND;
    /// `PyBUF_STRIDED`: `STRIDES | WRITABLE`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let mut data = [0_i32; 6];
    /// let info = Layout::of_mut_slice(&mut data, "i", &[2, 3]).unwrap().request(Flags::STRIDED).unwrap();
    /// assert_eq!((info.readonly(), info.strides()), (false, Some(&[12, 4][..])));
    /// assert_eq!(Flags::STRIDED, Flags::STRIDES | Flags::WRITABLE);
    /// ```
    pub const STRIDED: Flags = Flags(Self::STRIDES.0 | Self::WRITABLE.0);
    /// `PyBUF_STRIDED_RO`: `STRIDES`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0_i32; 6];
    /// let info = Layout::of_slice(&data, "i", &[2, 3]).unwrap().request(Flags::STRIDED_RO).unwrap();
    /// // Strides but no format: consumers read bytes ("B") of the real itemsize.
    /// assert_eq!((info.strides(), info.format(), info.itemsize()), (Some(&[12, 4][..]), "B", 4));
    /// ```
    pub const STRIDED_RO: Flags = Self::STRIDES;
    /// `PyBUF_RECORDS`: `STRIDES | WRITABLE | FORMAT`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let mut data = [0_i32; 6];
    /// let info = Layout::of_mut_slice(&mut data, "i", &[2, 3]).unwrap().request(Flags::RECORDS).unwrap();
    /// assert_eq!((info.readonly(), info.format(), info.strides()), (false, "i", Some(&[12, 4][..])));
    /// assert_eq!(Flags::RECORDS.bits(), 0x1d); // CPython's PyBUF_RECORDS
    /// ```
    pub const RECORDS: Flags = Flags(Self::STRIDES.0 | Self::WRITABLE.0 | Self::FORMAT.0);
    /// `PyBUF_RECORDS_RO`: `STRIDES | FORMAT`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0_i32; 6];
    /// let info = Layout::of_slice(&data, "i", &[2, 3]).unwrap().request(Flags::RECORDS_RO).unwrap();
    /// assert_eq!((info.readonly(), info.format(), info.shape()), (true, "i", Some(&[2, 3][..])));
    /// assert_eq!(Flags::RECORDS_RO.bits(), 0x1c);
    /// ```
    pub const RECORDS_RO: Flags = Flags(Self::STRIDES.0 | Self::FORMAT.0);
    /// `PyBUF_FULL`: `INDIRECT | WRITABLE | FORMAT`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let mut data = [0_i32; 6];
    /// let info = Layout::of_mut_slice(&mut data, "i", &[2, 3]).unwrap().request(Flags::FULL).unwrap();
    /// assert_eq!((info.readonly(), info.format(), info.suboffsets()), (false, "i", None));
    /// assert_eq!(Flags::FULL.bits(), 0x11d); // CPython's PyBUF_FULL
    /// ```
    pub const FULL: Flags = Flags(Self::INDIRECT.0 | Self::WRITABLE.0 | Self::FORMAT.0);
    /// `PyBUF_FULL_RO`: `INDIRECT | FORMAT`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0_i32; 6];
    /// let info = Layout::of_slice(&data, "i", &[2, 3]).unwrap().request(Flags::FULL_RO).unwrap();
    /// assert_eq!((info.readonly(), info.format(), info.strides()), (true, "i", Some(&[12, 4][..])));
    /// assert_eq!(Flags::FULL_RO.bits(), 0x11c);
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::Flags;
    ///
    /// assert_eq!(Flags::STRIDES.bits(), 0x18); // PyBUF_STRIDES: 0x10 | PyBUF_ND
    /// assert_eq!(Flags::from_bits(Flags::FULL.bits()), Some(Flags::FULL));
    /// ```
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Whether every bit of `other` is set here.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::Flags;
    ///
    /// assert!(Flags::RECORDS.contains(Flags::WRITABLE | Flags::FORMAT));
    /// assert!(Flags::C_CONTIGUOUS.contains(Flags::ND)); // implied, as in CPython
    /// assert!(!Flags::STRIDES.contains(Flags::C_CONTIGUOUS));
    /// ```
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
