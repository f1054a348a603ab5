//! [`BufferInfo`]: the `Py_buffer` analogue, with CPython's request-flag negotiation,
//! `PyBuffer_GetPointer`, `PyBuffer_IsContiguous` and the contiguous copies.

use std::borrow::Cow;
use std::fmt;
use std::ptr::NonNull;

use super::error::BufferError;
use super::flags::Flags;
use super::format::Format;
use crate::layout::{self, Order};

/// A description of exported memory, as `Py_buffer` is: where it starts, how long it is,
/// whether it may be written, its format and itemsize, and its shape, byte strides and
/// suboffsets (each absent when the request did not ask for it).
///
/// # Invariant
///
/// Every element reachable through the shape, strides and suboffsets (CPython's
/// `PyBuffer_GetPointer`, pointers read along indirect axes included) lies inside memory that
/// stays valid, and unwritten by others, while the description lives; if `readonly` is false,
/// nobody else reads or writes it either. The safe constructors describe slices they borrow;
/// [`Layout::from_raw_parts`] makes its caller promise it.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{BufferInfo, Flags};
///
/// let data = [1u8, 2, 3, 4, 5, 6];
/// // PyBuffer_FillInfo: a plain contiguous block of bytes.
/// let info = BufferInfo::fill_info(&data, Flags::RECORDS_RO).unwrap();
/// assert_eq!((info.len(), info.format(), info.shape(), info.strides()), (6, "B", Some(&[6][..]), Some(&[1][..])));
/// assert!(BufferInfo::fill_info(&data, Flags::WRITABLE).is_err());
/// ```
pub struct BufferInfo<'a> {
    buf: NonNull<u8>,
    len: usize,
    readonly: bool,
    format: Option<Cow<'a, str>>,
    itemsize: usize,
    shape: Option<Cow<'a, [usize]>>,
    strides: Option<Cow<'a, [isize]>>,
    suboffsets: Option<Cow<'a, [isize]>>,
    _memory: std::marker::PhantomData<&'a [u8]>,
}

impl fmt::Debug for BufferInfo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BufferInfo")
            .field("len", &self.len)
            .field("readonly", &self.readonly)
            .field("format", &self.format())
            .field("itemsize", &self.itemsize)
            .field("shape", &self.shape())
            .field("strides", &self.strides())
            .field("suboffsets", &self.suboffsets())
            .finish()
    }
}

/// The layout of an exported array before a request trims it: what an exporter knows.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{Flags, Layout};
///
/// let data = [0.0_f64; 6];
/// let full = Layout::of_slice(&data, "d", &[2, 3]).unwrap();
/// let info = full.request(Flags::STRIDED_RO).unwrap();
/// assert_eq!(info.strides(), Some(&[24, 8][..]));
/// assert_eq!(info.format(), "B"); // FORMAT not asked for: bytes, as CPython says
/// ```
#[derive(Clone, Debug)]
pub struct Layout<'a> {
    buf: NonNull<u8>,
    len: usize,
    readonly: bool,
    format: Cow<'a, str>,
    itemsize: usize,
    shape: Cow<'a, [usize]>,
    strides: Cow<'a, [isize]>,
    suboffsets: Option<Cow<'a, [isize]>>,
    _memory: std::marker::PhantomData<&'a [u8]>,
}

impl<'a> Layout<'a> {
    /// The C-contiguous layout of a read-only slice with a `format` and `shape` whose element
    /// count and itemsize match it.
    ///
    /// # Errors
    ///
    /// [`BufferError::Format`] for a bad format, [`BufferError::ShapeMismatch`] if the shape
    /// and itemsize do not cover the slice's bytes exactly.
    pub fn of_slice<T>(
        data: &'a [T],
        format: &'a str,
        shape: &[usize],
    ) -> Result<Self, BufferError> {
        Self::contiguous(
            NonNull::from(data).cast(),
            size_of_val(data),
            true,
            format,
            shape,
        )
    }

    /// As [`of_slice`](Self::of_slice), for a slice the exporter lets consumers write.
    ///
    /// # Errors
    ///
    /// As [`of_slice`](Self::of_slice).
    pub fn of_mut_slice<T>(
        data: &'a mut [T],
        format: &'a str,
        shape: &[usize],
    ) -> Result<Self, BufferError> {
        let len = size_of_val(data);
        Self::contiguous(NonNull::from(data).cast(), len, false, format, shape)
    }

    fn contiguous(
        buf: NonNull<u8>,
        len: usize,
        readonly: bool,
        format: &'a str,
        shape: &[usize],
    ) -> Result<Self, BufferError> {
        let itemsize = Format::parse(format)?.itemsize();
        let strides = layout::contiguous_strides(shape, itemsize, Order::C);
        let count = layout::checked_size(shape);
        match (strides, count.and_then(|c| c.checked_mul(itemsize))) {
            (Some(strides), Some(bytes)) if bytes == len => Ok(Layout {
                buf,
                len,
                readonly,
                format: Cow::Borrowed(format),
                itemsize,
                shape: Cow::Owned(shape.to_vec()),
                strides: Cow::Owned(strides),
                suboffsets: None,
                _memory: std::marker::PhantomData,
            }),
            _ => Err(BufferError::ShapeMismatch {
                shape: shape.into(),
                itemsize,
                len,
            }),
        }
    }

    /// A layout from raw parts (strided, possibly with suboffsets).
    ///
    /// # Safety
    ///
    /// The parts satisfy [`BufferInfo`]'s invariant for `'a`: every element reachable through
    /// `shape`, `strides` and `suboffsets` from `buf` is inside memory valid for `'a`, writable
    /// by the consumer if `readonly` is false, and `itemsize` is the format's itemsize.
    #[allow(clippy::too_many_arguments)] // the fields of Py_buffer
    pub unsafe fn from_raw_parts(
        buf: NonNull<u8>,
        len: usize,
        readonly: bool,
        format: Cow<'a, str>,
        itemsize: usize,
        shape: Cow<'a, [usize]>,
        strides: Cow<'a, [isize]>,
        suboffsets: Option<Cow<'a, [isize]>>,
    ) -> Self {
        Layout {
            buf,
            len,
            readonly,
            format,
            itemsize,
            shape,
            strides,
            suboffsets,
            _memory: std::marker::PhantomData,
        }
    }

    /// Whether the layout may be exported for writing.
    pub fn readonly(&self) -> bool {
        self.readonly
    }

    /// The description a consumer gets for `flags`, or CPython's `BufferError` when the layout
    /// cannot satisfy them: not writable, needs suboffsets, needs strides, or not contiguous as
    /// asked. Fields the request did not ask for are left out (format `"B"`, no shape, ...).
    ///
    /// # Errors
    ///
    /// The [`BufferError`] that names what was asked and why it cannot be given.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferError, Flags, Layout};
    ///
    /// let data = [0_i32; 6];
    /// let full = Layout::of_slice(&data, "i", &[2, 3]).unwrap();
    /// assert!(matches!(full.request(Flags::WRITABLE), Err(BufferError::NotWritable)));
    /// assert!(full.request(Flags::F_CONTIGUOUS).is_err());
    /// let nd = full.request(Flags::ND).unwrap();
    /// assert_eq!((nd.shape(), nd.strides()), (Some(&[2, 3][..]), None));
    /// ```
    pub fn request(&self, flags: Flags) -> Result<BufferInfo<'a>, BufferError> {
        if flags.contains(Flags::WRITABLE) && self.readonly {
            return Err(BufferError::NotWritable);
        }
        let indirect = self
            .suboffsets
            .as_deref()
            .is_some_and(|s| s.iter().any(|&x| x >= 0));
        if indirect && !flags.contains(Flags::INDIRECT) {
            return Err(BufferError::NeedsSuboffsets);
        }
        let c = !indirect && layout::is_c_contiguous(&self.shape, &self.strides, self.itemsize);
        let f = !indirect && layout::is_f_contiguous(&self.shape, &self.strides, self.itemsize);
        let wanted = [
            (Flags::C_CONTIGUOUS, c, Order::C),
            (Flags::F_CONTIGUOUS, f, Order::F),
        ];
        for (flag, ok, order) in wanted {
            if flags.contains(flag) && !ok {
                return Err(BufferError::NotContiguous { order: Some(order) });
            }
        }
        if flags.contains(Flags::ANY_CONTIGUOUS) && !(c || f) {
            return Err(BufferError::NotContiguous { order: None });
        }
        if !flags.contains(Flags::STRIDES) && !c {
            // Without strides a consumer assumes C order (ND) or plain bytes (SIMPLE).
            return Err(BufferError::NeedsStrides);
        }
        Ok(BufferInfo {
            buf: self.buf,
            len: self.len,
            readonly: self.readonly,
            format: flags.contains(Flags::FORMAT).then(|| self.format.clone()),
            itemsize: self.itemsize,
            shape: flags.contains(Flags::ND).then(|| self.shape.clone()),
            strides: flags.contains(Flags::STRIDES).then(|| self.strides.clone()),
            suboffsets: if flags.contains(Flags::INDIRECT) {
                self.suboffsets.clone()
            } else {
                None
            },
            _memory: std::marker::PhantomData,
        })
    }
}

impl<'a> BufferInfo<'a> {
    /// `PyBuffer_FillInfo`: describes a read-only contiguous byte block for `flags`.
    ///
    /// # Errors
    ///
    /// [`BufferError::NotWritable`] if `flags` asks for writing.
    pub fn fill_info(data: &'a [u8], flags: Flags) -> Result<Self, BufferError> {
        Layout::of_slice(data, "B", &[data.len()])?.request(flags)
    }

    /// `PyBuffer_FillInfo` for a writable byte block.
    ///
    /// # Errors
    ///
    /// None in practice; the `Result` matches [`fill_info`](Self::fill_info).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferInfo, Flags};
    ///
    /// let mut data = [0u8; 4];
    /// let info = BufferInfo::fill_info_mut(&mut data, Flags::CONTIG).unwrap();
    /// assert!(!info.readonly());
    /// ```
    pub fn fill_info_mut(data: &'a mut [u8], flags: Flags) -> Result<Self, BufferError> {
        let n = data.len();
        Layout::of_mut_slice(data, "B", &[n])?.request(flags)
    }

    /// The start of the memory (`buf`).
    pub fn buf(&self) -> NonNull<u8> {
        self.buf
    }

    /// The length in bytes of the memory, were it contiguous (`len`).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the description covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the consumer may not write (`readonly`).
    pub fn readonly(&self) -> bool {
        self.readonly
    }

    /// The format, `"B"` when the request did not ask for one (as CPython's consumers assume).
    pub fn format(&self) -> &str {
        self.format.as_deref().unwrap_or("B")
    }

    /// The size in bytes of one element.
    pub fn itemsize(&self) -> usize {
        self.itemsize
    }

    /// The number of dimensions: the shape's length, or 1 without a shape.
    pub fn ndim(&self) -> usize {
        self.shape.as_ref().map_or(1, |s| s.len())
    }

    /// The shape, if the request asked for it (`ND`).
    pub fn shape(&self) -> Option<&[usize]> {
        self.shape.as_deref()
    }

    /// The byte strides, if the request asked for them (`STRIDES`).
    pub fn strides(&self) -> Option<&[isize]> {
        self.strides.as_deref()
    }

    /// The suboffsets, if the request accepted them (`INDIRECT`) and there are any.
    pub fn suboffsets(&self) -> Option<&[isize]> {
        self.suboffsets.as_deref()
    }

    /// The shape, strides and itemsize a consumer works with, filling in what the request
    /// left out as CPython's docs say: without a shape the buffer is `len` bytes (itemsize 1,
    /// whatever the exporter's); without strides it is C-contiguous.
    pub(crate) fn full_layout(&self) -> (Vec<usize>, Vec<isize>, usize) {
        let Some(shape) = self.shape() else {
            return (vec![self.len], vec![1], 1);
        };
        let strides = self.strides().map_or_else(
            || layout::contiguous_strides(shape, self.itemsize, Order::C).unwrap_or_default(),
            <[isize]>::to_vec,
        );
        (shape.to_vec(), strides, self.itemsize)
    }

    /// `PyBuffer_IsContiguous`: whether the memory is C- (`Some(Order::C)`), Fortran-
    /// (`Some(Order::F)`) or either (`None`, CPython's `'A'`) contiguous. Indirect buffers never
    /// are.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::layout::Order;
    ///
    /// let data = [0_u16; 6];
    /// let info = Layout::of_slice(&data, "H", &[2, 3]).unwrap().request(Flags::STRIDES).unwrap();
    /// assert!(info.is_contiguous(Some(Order::C)) && !info.is_contiguous(Some(Order::F)));
    /// ```
    pub fn is_contiguous(&self, order: Option<Order>) -> bool {
        if self.suboffsets().is_some_and(|s| s.iter().any(|&x| x >= 0)) {
            return false;
        }
        let (shape, strides, itemsize) = self.full_layout();
        let c = || layout::is_c_contiguous(&shape, &strides, itemsize);
        let f = || layout::is_f_contiguous(&shape, &strides, itemsize);
        match order {
            Some(Order::C) => c(),
            Some(Order::F) => f(),
            None => c() || f(),
        }
    }

    /// `PyBuffer_GetPointer`: the address of the element at `indices`, following the pointers
    /// stored along indirect axes. `None` if `indices` has the wrong length or is out of bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [10_i32, 20, 30, 40];
    /// let info = Layout::of_slice(&data, "i", &[2, 2]).unwrap().request(Flags::FULL_RO).unwrap();
    /// let p = info.get_item_pointer(&[1, 0]).unwrap();
    /// assert_eq!(p.as_ptr() as usize - data.as_ptr() as usize, 8);
    /// assert!(info.get_item_pointer(&[2, 0]).is_none());
    /// ```
    pub fn get_item_pointer(&self, indices: &[usize]) -> Option<NonNull<u8>> {
        let (shape, strides, _) = self.full_layout();
        if indices.len() != shape.len() || indices.iter().zip(&shape).any(|(i, e)| i >= e) {
            return None;
        }
        let mut p = self.buf;
        for (k, &i) in indices.iter().enumerate() {
            // SAFETY: `i` is in bounds, so by the invariant this step stays inside the memory.
            p = unsafe { p.byte_offset(i as isize * strides[k]) };
            if let Some(&sub) = self
                .suboffsets()
                .and_then(|s| s.get(k))
                .filter(|&&s| s >= 0)
            {
                // SAFETY: along an indirect axis the invariant makes `p` the address of a valid
                // pointer into the memory, which may be unaligned in a byte buffer.
                let next = unsafe { p.cast::<*mut u8>().as_ptr().read_unaligned() };
                // SAFETY: the stored pointer plus the suboffset addresses the sub-array (invariant).
                p = NonNull::new(unsafe { next.byte_offset(sub) })?;
            }
        }
        Some(p)
    }

    /// `PyBuffer_ToContiguous`: copies the elements into `dst` in C or Fortran order (`None`,
    /// CPython's `'A'`, means Fortran if the memory is Fortran-contiguous, else C).
    ///
    /// # Errors
    ///
    /// [`BufferError::ShapeMismatch`] unless `dst` holds exactly the elements' bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::layout::Order;
    ///
    /// let data = [1u8, 2, 3, 4, 5, 6];
    /// let info = Layout::of_slice(&data, "B", &[2, 3]).unwrap().request(Flags::STRIDES).unwrap();
    /// let mut out = [0u8; 6];
    /// info.to_contiguous(&mut out, Some(Order::F)).unwrap();
    /// assert_eq!(out, [1, 4, 2, 5, 3, 6]);
    /// ```
    pub fn to_contiguous(&self, dst: &mut [u8], order: Option<Order>) -> Result<(), BufferError> {
        let mut at = 0;
        self.each_element(dst.len(), order, |p, itemsize| {
            // SAFETY: `p` addresses an element of `itemsize` readable bytes (invariant); `dst` is
            // ours and does not overlap memory the description lends for reading.
            unsafe { std::ptr::copy_nonoverlapping(p.as_ptr(), dst[at..].as_mut_ptr(), itemsize) };
            at += itemsize;
        })
    }

    /// `PyBuffer_FromContiguous`: copies `src`, elements in C or Fortran order (`None`: as in
    /// [`to_contiguous`](Self::to_contiguous)), into the described memory.
    ///
    /// # Errors
    ///
    /// [`BufferError::NotWritable`] for a read-only description, [`BufferError::ShapeMismatch`]
    /// unless `src` holds exactly the elements' bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::layout::Order;
    ///
    /// let mut data = [0u8; 4];
    /// let info = Layout::of_mut_slice(&mut data, "B", &[2, 2]).unwrap().request(Flags::STRIDED).unwrap();
    /// info.from_contiguous(&[1, 2, 3, 4], Some(Order::F)).unwrap();
    /// drop(info);
    /// assert_eq!(data, [1, 3, 2, 4]);
    /// ```
    pub fn from_contiguous(&self, src: &[u8], order: Option<Order>) -> Result<(), BufferError> {
        if self.readonly {
            return Err(BufferError::NotWritable);
        }
        let mut at = 0;
        self.each_element(src.len(), order, |p, itemsize| {
            // SAFETY: `p` addresses an element of `itemsize` bytes that this writable
            // description lends exclusively (invariant); `src` is a separate slice.
            unsafe { std::ptr::copy_nonoverlapping(src[at..].as_ptr(), p.as_ptr(), itemsize) };
            at += itemsize;
        })
    }

    /// Calls `f` with the address and size of every element in `order`, after checking that
    /// `bytes` is exactly their size.
    fn each_element(
        &self,
        bytes: usize,
        order: Option<Order>,
        mut f: impl FnMut(NonNull<u8>, usize),
    ) -> Result<(), BufferError> {
        let (shape, _, itemsize) = self.full_layout();
        let count = layout::checked_size(&shape).unwrap_or(usize::MAX);
        if count.checked_mul(itemsize) != Some(bytes) {
            return Err(BufferError::ShapeMismatch {
                shape: shape.into(),
                itemsize,
                len: bytes,
            });
        }
        let order = order.unwrap_or(if self.is_contiguous(Some(Order::F)) {
            Order::F
        } else {
            Order::C
        });
        // Fortran order is C order over the reversed axes.
        let walk: Vec<usize> = match order {
            Order::C => shape.clone(),
            Order::F => shape.iter().rev().copied().collect(),
        };
        let mut index = vec![0; shape.len()];
        for flat in 0..count {
            let mut rest = flat;
            for k in (0..walk.len()).rev() {
                let i = rest % walk[k];
                rest /= walk[k];
                match order {
                    Order::C => index[k] = i,
                    Order::F => index[walk.len() - 1 - k] = i,
                }
            }
            f(
                self.get_item_pointer(&index)
                    .expect("index in bounds by construction"),
                itemsize,
            );
        }
        Ok(())
    }
}
