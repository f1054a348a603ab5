//! [`Layout`]: what an exporter knows of its memory, and CPython's request-flag negotiation
//! that turns it into one [`BufferInfo`].

use std::borrow::Cow;
use std::marker::PhantomData;
use std::ptr::NonNull;

use bytemuck::{AnyBitPattern, NoUninit, Pod};

use super::element::Element;
use super::error::BufferError;
use super::flags::Flags;
use super::format::Format;
use super::info::{BufferInfo, Extent, check_parts};
use crate::layout::{self as algebra, Order};
use crate::{MemViewSlice, MemViewSliceMut};

/// The layout of an exported array before a request trims it: the memory an exporter owns and
/// how its elements lie in it.
///
/// A request ([`request`](Self::request)) consumes the layout, so one layout makes at most one
/// description: a layout of memory borrowed `&mut` cannot mint two writable descriptions of
/// it. (It is not `Clone` for the same reason.) Exporters make a layout for every export.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{Flags, Layout};
///
/// let data = [0.0_f64; 6];
/// let info = Layout::of_slice(&data, "d", &[2, 3]).unwrap().request(Flags::STRIDED_RO).unwrap();
/// assert_eq!(info.strides(), Some(&[24, 8][..]));
/// assert_eq!(info.format(), "B"); // FORMAT not asked for: bytes, as CPython says
/// ```
#[derive(Debug)]
pub struct Layout<'a> {
    memory: (NonNull<u8>, usize),
    buf: NonNull<u8>,
    readonly: bool,
    format: Cow<'a, str>,
    itemsize: usize,
    shape: Cow<'a, [usize]>,
    strides: Cow<'a, [isize]>,
    suboffsets: Option<Cow<'a, [isize]>>,
    _memory: PhantomData<&'a [u8]>,
}

impl<'a> Layout<'a> {
    /// The C-contiguous layout of a read-only slice with a `format` and `shape` whose element
    /// count and itemsize cover its bytes exactly. Consumers read the bytes, so `T` has none
    /// uninitialised ([`NoUninit`]).
    ///
    /// # Errors
    ///
    /// [`BufferError::Format`] for a bad format, [`BufferError::ShapeMismatch`] if the shape
    /// and itemsize do not cover the slice's bytes exactly.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [1_u16, 2, 3, 4, 5, 6];
    /// let info = Layout::of_slice(&data, "H", &[2, 3]).unwrap().request(Flags::RECORDS_RO).unwrap();
    /// assert_eq!((info.len(), info.itemsize(), info.shape()), (12, 2, Some(&[2, 3][..])));
    /// assert!(Layout::of_slice(&data, "H", &[4]).is_err()); // 4 items of 2 bytes is not 12
    /// ```
    pub fn of_slice<T: NoUninit>(
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

    /// As [`of_slice`](Self::of_slice), for a slice the exporter lets consumers write. They
    /// may write any bytes, so every byte pattern must be a valid `T` ([`Pod`]).
    ///
    /// # Errors
    ///
    /// As [`of_slice`](Self::of_slice).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0_i32; 4];
    /// let mut info = Layout::of_mut_slice(&mut data, "i", &[2, 2]).unwrap().request(Flags::RECORDS).unwrap();
    /// MemViewSliceMut::<i32, 2>::from_buffer_mut(&mut info).unwrap()[[1, 0]] = 7;
    /// drop(info);
    /// assert_eq!(data, [0, 0, 7, 0]);
    /// ```
    pub fn of_mut_slice<T: Pod>(
        data: &'a mut [T],
        format: &'a str,
        shape: &[usize],
    ) -> Result<Self, BufferError> {
        let len = size_of_val(data);
        Self::contiguous(NonNull::from(data).cast(), len, false, format, shape)
    }

    fn contiguous(
        start: NonNull<u8>,
        len: usize,
        readonly: bool,
        format: &'a str,
        shape: &[usize],
    ) -> Result<Self, BufferError> {
        let itemsize = Format::parse(format)?.itemsize();
        let strides = algebra::contiguous_strides(shape, itemsize, Order::C);
        let count = algebra::checked_size(shape);
        match (strides, count.and_then(|c| c.checked_mul(itemsize))) {
            (Some(strides), Some(bytes)) if bytes == len => Ok(Layout {
                memory: (start, len),
                buf: start,
                readonly,
                format: Cow::Borrowed(format),
                itemsize,
                shape: Cow::Owned(shape.to_vec()),
                strides: Cow::Owned(strides),
                suboffsets: None,
                _memory: PhantomData,
            }),
            _ => Err(BufferError::ShapeMismatch {
                shape: shape.into(),
                itemsize,
                len,
            }),
        }
    }

    /// The layout of a shared view, whatever its strides: what a `memoryview` of it would
    /// describe (format `T::FORMAT`, `buf` at element 0, negative strides kept). The memory
    /// is the bytes the view's elements span.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::{s, MemViewSlice};
    ///
    /// let data: Vec<u32> = (0..8).collect();
    /// let v = MemViewSlice::from_slice(&data, [8]).unwrap().slice(s![..;-2]); // a[::-2]
    /// let info = Layout::of_view(v).request(Flags::RECORDS_RO).unwrap();
    /// assert_eq!((info.strides(), info.len()), (Some(&[-8][..]), 16));
    /// assert_eq!(MemViewSlice::<u32, 1>::from_buffer(&info).unwrap().to_vec(), [7, 5, 3, 1]);
    /// ```
    pub fn of_view<T: Element, const N: usize>(view: MemViewSlice<'a, T, N>) -> Self {
        Self::strided_view::<T, N>(view.raw.ptr().cast(), *view.shape(), *view.strides(), true)
    }

    /// The layout of an exclusive view, for consumers that will write it. They may write any
    /// bytes, so every byte pattern must be a valid `T` ([`AnyBitPattern`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [0_u8; 6];
    /// let v = MemViewSliceMut::from_slice(&mut data, [2, 3]).unwrap().t();
    /// let mut info = Layout::of_view_mut(v).request(Flags::STRIDED).unwrap();
    /// MemViewSliceMut::<u8, 2>::from_buffer_mut(&mut info).unwrap()[[2, 0]] = 1; // a.T[2, 0]
    /// drop(info);
    /// assert_eq!(data, [0, 0, 1, 0, 0, 0]);
    /// ```
    pub fn of_view_mut<T: Element + AnyBitPattern, const N: usize>(
        view: MemViewSliceMut<'a, T, N>,
    ) -> Self {
        let (shape, strides) = (*view.shape(), *view.strides());
        Self::strided_view::<T, N>(view.raw.ptr().cast(), shape, strides, false)
    }

    fn strided_view<T: Element, const N: usize>(
        buf: NonNull<u8>,
        shape: [usize; N],
        strides: [isize; N],
        readonly: bool,
    ) -> Self {
        let itemsize = size_of::<T>();
        let memory = match algebra::byte_range(&shape, &strides) {
            // A view's elements lie inside one allocation (its invariant), so its lowest byte
            // is a valid offset from element 0 and the span fits `isize`.
            Some((low, high)) if !shape.contains(&0) => (
                // SAFETY: `low` is the offset of the view's lowest element, in bounds.
                unsafe { buf.byte_offset(low) },
                (high - low) as usize + itemsize,
            ),
            _ => (buf, 0),
        };
        Layout {
            memory,
            buf,
            readonly,
            format: Cow::Borrowed(T::FORMAT),
            itemsize,
            shape: Cow::Owned(shape.to_vec()),
            strides: Cow::Owned(strides.to_vec()),
            suboffsets: None,
            _memory: PhantomData,
        }
    }

    /// A layout of memory an exporter owns, with `buf` (element 0) anywhere in it, any
    /// strides, and suboffsets for indirect axes whose stored pointers point into the same
    /// memory (PIL-style arrays in one block). The itemsize is the format's. Consumers check
    /// every address the layout reaches against `memory` before reading it, so a wrong
    /// layout is refused with a named error, never read.
    ///
    /// # Errors
    ///
    /// [`BufferError::Format`] for a bad format; [`BufferError::PartsDisagree`] if strides or
    /// suboffsets have another length than the shape; `View(Overflow)` for a shape whose
    /// product does not fit `isize`.
    ///
    /// # Safety
    ///
    /// `memory` lies inside one allocation that stays valid for `'a`. The bytes of it that the
    /// layout reaches from `buf` are initialised and not written by anyone but the consumer
    /// while the description lives; if `readonly` is false, nobody but the consumer reads or
    /// writes them either, and any bytes may be written to them.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::MemViewSlice;
    /// use std::ptr::NonNull;
    ///
    /// let data: Vec<i16> = (0..12).collect();
    /// let memory = NonNull::from(data.as_slice()).cast::<u8>();
    /// let len = size_of_val(data.as_slice());
    /// // SAFETY: `data` is borrowed read-only for the layout's life.
    /// let every_other_column = unsafe {
    ///     Layout::from_raw_parts(NonNull::slice_from_raw_parts(memory, len), memory, true,
    ///                            "h".into(), vec![3, 2].into(), vec![8, 4].into(), None)
    /// }.unwrap();
    /// let info = every_other_column.request(Flags::RECORDS_RO).unwrap();
    /// let v = MemViewSlice::<i16, 2>::from_buffer(&info).unwrap();
    /// assert_eq!(v.to_vec(), [0, 2, 4, 6, 8, 10]);
    /// ```
    #[allow(clippy::too_many_arguments)] // the fields of Py_buffer
    pub unsafe fn from_raw_parts(
        memory: NonNull<[u8]>,
        buf: NonNull<u8>,
        readonly: bool,
        format: Cow<'a, str>,
        shape: Cow<'a, [usize]>,
        strides: Cow<'a, [isize]>,
        suboffsets: Option<Cow<'a, [isize]>>,
    ) -> Result<Self, BufferError> {
        let itemsize = Format::parse(&format)?.itemsize();
        check_parts(
            Some(&shape),
            Some(&strides),
            suboffsets.as_deref(),
            itemsize,
        )?;
        Ok(Layout {
            memory: (memory.cast(), memory.len()),
            buf,
            readonly,
            format,
            itemsize,
            shape,
            strides,
            suboffsets,
            _memory: PhantomData,
        })
    }

    /// Whether the layout may only be exported for reading: `true` for memory lent shared
    /// (`of_slice`, `of_view`), `false` for memory lent exclusively (`of_mut_slice`,
    /// `of_view_mut`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::Layout;
    ///
    /// let mut data = [0_u8; 4];
    /// assert!(Layout::of_slice(&data, "B", &[4]).unwrap().readonly());
    /// assert!(!Layout::of_mut_slice(&mut data, "B", &[4]).unwrap().readonly());
    /// ```
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
    /// let layout = || Layout::of_slice(&data, "i", &[2, 3]).unwrap();
    /// assert!(matches!(layout().request(Flags::WRITABLE), Err(BufferError::NotWritable)));
    /// assert!(layout().request(Flags::F_CONTIGUOUS).is_err());
    /// let nd = layout().request(Flags::ND).unwrap();
    /// assert_eq!((nd.shape(), nd.strides()), (Some(&[2, 3][..]), None));
    /// ```
    pub fn request(self, flags: Flags) -> Result<BufferInfo<'a>, BufferError> {
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
        let (shape, strides) = (&self.shape[..], &self.strides[..]);
        let c = !indirect && algebra::is_c_contiguous(shape, strides, self.itemsize);
        let f = !indirect && algebra::is_f_contiguous(shape, strides, self.itemsize);
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
        // `check_parts` (or the contiguous constructors, or the view's invariant) bounded the
        // elements' bytes by isize::MAX.
        let nitems = algebra::checked_size(shape).unwrap_or(0);
        let len = nitems
            .checked_mul(self.itemsize)
            .ok_or_else(|| BufferError::ShapeMismatch {
                shape: shape.into(),
                itemsize: self.itemsize,
                len: usize::MAX,
            })?;
        let (start, memory_len) = self.memory;
        let extent = Extent::Within {
            start,
            len: memory_len,
        };
        // Element 0 of a non-empty layout is inside the memory (consumers check it): give it
        // the memory's provenance, which every other address reached is derived from too.
        let buf = extent
            .locate(self.buf.as_ptr() as usize, 0)
            .unwrap_or(self.buf);
        Ok(BufferInfo {
            buf,
            len,
            readonly: self.readonly,
            format: flags.contains(Flags::FORMAT).then_some(self.format),
            itemsize: self.itemsize,
            shape: flags.contains(Flags::ND).then_some(self.shape),
            strides: flags.contains(Flags::STRIDES).then_some(self.strides),
            suboffsets: if flags.contains(Flags::INDIRECT) {
                self.suboffsets
            } else {
                None
            },
            extent,
            _memory: PhantomData,
        })
    }
}
