//! [`BufferInfo`]: the `Py_buffer` analogue, with `PyBuffer_GetPointer`,
//! `PyBuffer_IsContiguous` and the contiguous copies, every address checked against the memory
//! the exporter vouches for.

use std::borrow::Cow;
use std::fmt;
use std::ptr::NonNull;

use super::error::BufferError;
use crate::layout::{self, Order};

/// The memory a description may reach.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Extent {
    /// An exporter of ours knows what it owns: every address the layout reaches, stored
    /// pointers included, must fall in these `len` bytes from `start`, and is checked to.
    Within {
        /// The first byte (and the provenance every reached address is derived from).
        start: NonNull<u8>,
        /// How many bytes.
        len: usize,
    },
    /// A foreign exporter's word (`PyObject_GetBuffer`'s contract): the layout itself is
    /// promised valid by the `unsafe` constructor's caller.
    Trusted,
}

impl Extent {
    /// The address `addr` as a pointer to `size` bytes of the memory, if they lie inside it.
    /// Within an extent the pointer is derived from `start`, so it carries the memory's
    /// provenance whatever the address was computed from (a pointer stored as bytes has none).
    pub(super) fn locate(&self, addr: usize, size: usize) -> Option<NonNull<u8>> {
        match *self {
            Extent::Within { start, len } => {
                let offset = addr.checked_sub(start.as_ptr() as usize)?;
                (offset.checked_add(size)? <= len)
                    // SAFETY: `offset + size <= len`, inside the memory `start` begins.
                    .then(|| unsafe { start.byte_add(offset) })
            }
            // A foreign description names no memory to derive a pointer from.
            Extent::Trusted => None,
        }
    }
}

/// A description of exported memory, as `Py_buffer` is: where element 0 starts (`buf`), how
/// many bytes the elements hold (`len`, `nitems × itemsize` whatever the strides), whether it
/// may be written, its format and itemsize, and its shape, byte strides and suboffsets (each
/// absent when the request did not ask for it).
///
/// A description is not `Clone`, and what holds one never lends it mutably (see
/// [`Buffer`](super::Buffer)): a writable description stands for exclusive access to memory,
/// and must stay unique and with the export it describes. The [module docs](super) say who may
/// make one and why each way is sound.
///
/// # Invariant
///
/// The shape, strides and suboffsets have one entry per dimension, and the extents' product
/// fits `isize`. Then one of two things holds, and the consumers of a description (typed
/// views, [`get_item_pointer`](Self::get_item_pointer), the copies) rely on nothing else:
///
/// - *Within*: the exporter names memory it owns, `len` bytes from a start, inside one
///   allocation that stays valid while the description lives. Every address the layout
///   reaches, the pointers stored along indirect axes included, is checked to lie inside it
///   before it is read; the bytes so reached are initialised and not written by others while
///   the description lives, and, if it is writable, not read by others either, and accept any
///   bytes.
/// - *Trusted*: a foreign exporter (CPython) promised, through [`from_raw_parts`]
///   (`unsafe`), that for every in-bounds index `PyBuffer_GetPointer`'s walk reads only valid
///   pointers (possibly unaligned) and ends at `itemsize` bytes with the properties above.
///
/// Neither promises alignment, strides that step whole elements, or that two indices reach
/// different bytes: consumers check those.
///
/// [`from_raw_parts`]: Self::from_raw_parts
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
    pub(super) buf: NonNull<u8>,
    pub(super) len: usize,
    pub(super) readonly: bool,
    pub(super) format: Option<Cow<'a, str>>,
    pub(super) itemsize: usize,
    pub(super) shape: Option<Cow<'a, [usize]>>,
    pub(super) strides: Option<Cow<'a, [isize]>>,
    pub(super) suboffsets: Option<Cow<'a, [isize]>>,
    pub(super) extent: Extent,
    pub(super) _memory: std::marker::PhantomData<&'a [u8]>,
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

/// What a consumer walks: shape, strides and suboffsets filled in as CPython's docs say.
pub(crate) struct Geometry {
    pub(crate) shape: Vec<usize>,
    pub(crate) strides: Vec<isize>,
    /// Negative entries are direct axes.
    pub(crate) suboffsets: Vec<isize>,
    pub(crate) itemsize: usize,
}

/// Checks that optional strides and suboffsets come with a shape and match its length, and
/// that the elements' bytes (`nitems × itemsize`, what `len` and C strides are made of) fit
/// `isize`.
pub(super) fn check_parts(
    shape: Option<&[usize]>,
    strides: Option<&[isize]>,
    suboffsets: Option<&[isize]>,
    itemsize: usize,
) -> Result<(), BufferError> {
    let ndim = shape.map(<[usize]>::len);
    for (what, part) in [
        ("strides", strides.map(<[isize]>::len)),
        ("suboffsets", suboffsets.map(<[isize]>::len)),
    ] {
        if let Some(len) = part
            && ndim != Some(len)
        {
            return Err(BufferError::PartsDisagree {
                what,
                len,
                ndim: ndim.unwrap_or(0),
            });
        }
    }
    if let Some(shape) = shape
        && layout::checked_size(shape)
            .and_then(|n| n.checked_mul(itemsize))
            .is_none_or(|bytes| bytes > isize::MAX as usize)
    {
        return Err(BufferError::View(crate::ViewError::Overflow {
            shape: shape.into(),
            strides: strides.unwrap_or_default().into(),
            itemsize,
        }));
    }
    Ok(())
}

impl<'a> BufferInfo<'a> {
    /// A description handed over by a foreign exporter, as `PyObject_GetBuffer` fills a
    /// `Py_buffer`: the way in for buffers whose memory memslice cannot see (a Python object's).
    /// Absent parts mean what CPython says: no shape is `len` bytes (or `len / itemsize`
    /// elements of a given format), no strides is C order, no suboffsets is direct.
    ///
    /// # Errors
    ///
    /// [`BufferError::PartsDisagree`] if strides or suboffsets come without a shape or with
    /// another length, or `View(Overflow)` if the elements' bytes (shape product × itemsize)
    /// do not fit `isize`.
    ///
    /// # Safety
    ///
    /// What `PyObject_GetBuffer` promises of a successful export, for as long as the returned
    /// description lives (`'a` and the value's own life):
    ///
    /// - for every in-bounds index, `PyBuffer_GetPointer`'s walk from `buf` (adding
    ///   `index[k] × strides[k]`, and on an axis whose suboffset is non-negative reading the
    ///   pointer stored there, possibly unaligned, and adding the suboffset) reads only valid
    ///   pointers and ends at `itemsize` initialised bytes inside one live allocation;
    /// - nobody else writes those bytes, and if `readonly` is false nobody else reads them and
    ///   any bytes may be written to them (the consumer will);
    /// - `itemsize` is the size the format describes, and `len` is the product of the shape
    ///   times `itemsize` (with no shape, the bytes `buf .. buf + len` are the memory).
    ///
    /// Alignment, strides that step whole elements, and aliasing between indices are not part
    /// of the promise: the typed views check them.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::BufferInfo;
    /// use memslice_core::MemViewSlice;
    /// use std::ptr::NonNull;
    ///
    /// let data = [1.0_f64, 2.0, 3.0, 4.0];
    /// // What NumPy hands out for `a[::-1]`: `buf` at the last element, a negative stride.
    /// let first = NonNull::from(&data[..]).cast::<u8>(); // provenance over all four
    /// // SAFETY: element 3 is inside `data`.
    /// let last = unsafe { first.byte_add(24) };
    /// // SAFETY: four f64s walked backwards from the last, all inside `data`, read-only.
    /// let info = unsafe {
    ///     BufferInfo::from_raw_parts(last, 32, true, Some("d".into()), 8,
    ///                                Some(vec![4].into()), Some(vec![-8].into()), None)
    /// }.unwrap();
    /// let v = MemViewSlice::<f64, 1>::from_buffer(&info).unwrap();
    /// assert_eq!(v.to_vec(), [4.0, 3.0, 2.0, 1.0]);
    /// ```
    #[allow(clippy::too_many_arguments)] // the fields of Py_buffer
    pub unsafe fn from_raw_parts(
        buf: NonNull<u8>,
        len: usize,
        readonly: bool,
        format: Option<Cow<'a, str>>,
        itemsize: usize,
        shape: Option<Cow<'a, [usize]>>,
        strides: Option<Cow<'a, [isize]>>,
        suboffsets: Option<Cow<'a, [isize]>>,
    ) -> Result<Self, BufferError> {
        check_parts(
            shape.as_deref(),
            strides.as_deref(),
            suboffsets.as_deref(),
            itemsize,
        )?;
        Ok(BufferInfo {
            buf,
            len,
            readonly,
            format,
            itemsize,
            shape,
            strides,
            suboffsets,
            extent: Extent::Trusted,
            _memory: std::marker::PhantomData,
        })
    }

    /// `PyBuffer_FillInfo`: describes a read-only contiguous byte block for `flags`.
    ///
    /// # Errors
    ///
    /// [`BufferError::NotWritable`] if `flags` asks for writing.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferInfo, Flags};
    ///
    /// let data = *b"abcd";
    /// let info = BufferInfo::fill_info(&data, Flags::CONTIG_RO).unwrap();
    /// assert_eq!((info.len(), info.shape(), info.readonly()), (4, Some(&[4][..]), true));
    /// assert!(BufferInfo::fill_info(&data, Flags::CONTIG).is_err()); // CONTIG asks to write
    /// ```
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

    /// The address of element 0 (`buf`): the lowest address only when no stride is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::{s, MemViewSlice};
    ///
    /// let data = [1_u16, 2, 3, 4];
    /// let rev = MemViewSlice::from_slice(&data, [4]).unwrap().slice(s![..;-1]); // a[::-1]
    /// let info = Layout::of_view(rev).request(Flags::STRIDED_RO).unwrap();
    /// // Element 0 of a[::-1] is the last element: buf is above the memory's first byte.
    /// assert_eq!(info.buf().as_ptr() as *const u16, &data[3] as *const u16);
    /// assert_eq!(info.strides(), Some(&[-2][..]));
    /// ```
    pub fn buf(&self) -> NonNull<u8> {
        self.buf
    }

    /// The number of bytes the elements hold, `nitems × itemsize` (`len`). A strided buffer
    /// may span more memory than this, and a reversed one starts below `buf`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::{s, MemViewSlice};
    ///
    /// let data = [0_u32; 8];
    /// let every_other = MemViewSlice::from_slice(&data, [8]).unwrap().slice(s![..;2]); // a[::2]
    /// let info = Layout::of_view(every_other).request(Flags::STRIDED_RO).unwrap();
    /// // 4 items of 4 bytes, though they span 28 bytes: memoryview(a[::2]).nbytes == 16.
    /// assert_eq!(info.len(), 16);
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the elements hold no bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferInfo, Flags};
    ///
    /// let info = BufferInfo::fill_info(&[], Flags::SIMPLE).unwrap();
    /// assert!(info.is_empty());
    /// assert!(!BufferInfo::fill_info(&[0], Flags::SIMPLE).unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the consumer may not write (`readonly`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferInfo, Flags};
    ///
    /// let mut data = [0_u8; 2];
    /// assert!(BufferInfo::fill_info(&data, Flags::SIMPLE).unwrap().readonly());
    /// assert!(!BufferInfo::fill_info_mut(&mut data, Flags::WRITABLE).unwrap().readonly());
    /// ```
    pub fn readonly(&self) -> bool {
        self.readonly
    }

    /// The format, `"B"` when the request did not ask for one (as CPython's consumers assume).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0.5_f32; 3];
    /// let layout = || Layout::of_slice(&data, "f", &[3]).unwrap();
    /// assert_eq!(layout().request(Flags::RECORDS_RO).unwrap().format(), "f");
    /// assert_eq!(layout().request(Flags::STRIDED_RO).unwrap().format(), "B"); // FORMAT not asked
    /// ```
    pub fn format(&self) -> &str {
        self.format.as_deref().unwrap_or("B")
    }

    /// The size in bytes of one element, as the exporter filled it in.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0_i64; 3];
    /// let info = Layout::of_slice(&data, "q", &[3]).unwrap().request(Flags::RECORDS_RO).unwrap();
    /// assert_eq!(info.itemsize(), 8); // struct.calcsize("q")
    /// ```
    pub fn itemsize(&self) -> usize {
        self.itemsize
    }

    /// The number of dimensions: the shape's length, or 1 without a shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0_u8; 6];
    /// let layout = || Layout::of_slice(&data, "B", &[2, 3]).unwrap();
    /// assert_eq!(layout().request(Flags::ND).unwrap().ndim(), 2);
    /// assert_eq!(layout().request(Flags::SIMPLE).unwrap().ndim(), 1); // no shape: one run of bytes
    /// ```
    pub fn ndim(&self) -> usize {
        self.shape.as_ref().map_or(1, |s| s.len())
    }

    /// The shape, if the request asked for it (`ND`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0_u8; 6];
    /// let layout = || Layout::of_slice(&data, "B", &[2, 3]).unwrap();
    /// assert_eq!(layout().request(Flags::ND).unwrap().shape(), Some(&[2, 3][..]));
    /// assert_eq!(layout().request(Flags::SIMPLE).unwrap().shape(), None);
    /// ```
    pub fn shape(&self) -> Option<&[usize]> {
        self.shape.as_deref()
    }

    /// The byte strides, if the request asked for them (`STRIDES`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    ///
    /// let data = [0_u16; 6];
    /// let layout = || Layout::of_slice(&data, "H", &[2, 3]).unwrap();
    /// assert_eq!(layout().request(Flags::STRIDES).unwrap().strides(), Some(&[6, 2][..])); // bytes
    /// assert_eq!(layout().request(Flags::ND).unwrap().strides(), None); // C order implied
    /// ```
    pub fn strides(&self) -> Option<&[isize]> {
        self.strides.as_deref()
    }

    /// The suboffsets, if the request accepted them (`INDIRECT`) and there are any.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferError, Flags, Layout};
    /// use std::ptr::NonNull;
    ///
    /// // A PIL-style 2x1 array in one block: two row pointers (as addresses), then the rows.
    /// let mut block = vec![0_u64; 4];
    /// let base = block.as_ptr() as u64;
    /// block.copy_from_slice(&[base + 24, base + 16, 7, 9]);
    /// let start = NonNull::from(block.as_slice()).cast::<u8>();
    /// let layout = || {
    ///     // SAFETY: `block` is borrowed read-only for the layout's life.
    ///     unsafe {
    ///         Layout::from_raw_parts(NonNull::slice_from_raw_parts(start, 32), start, true, "Q".into(),
    ///                                vec![2, 1].into(), vec![8, 8].into(), Some(vec![0, -1].into()))
    ///     }.unwrap()
    /// };
    /// assert_eq!(layout().request(Flags::FULL_RO).unwrap().suboffsets(), Some(&[0, -1][..]));
    /// // A consumer that does not take suboffsets cannot be given this buffer (CPython's rule).
    /// assert_eq!(layout().request(Flags::RECORDS_RO).unwrap_err(), BufferError::NeedsSuboffsets);
    /// ```
    pub fn suboffsets(&self) -> Option<&[isize]> {
        self.suboffsets.as_deref()
    }

    /// The memory an exporter of ours vouches for, as (first byte, length): every address the
    /// layout reaches is checked against it. `None` for a foreign exporter's description
    /// ([`from_raw_parts`](Self::from_raw_parts)), whose layout is trusted instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferInfo, Flags};
    /// use std::ptr::NonNull;
    ///
    /// let data = [1_u8, 2, 3];
    /// let info = BufferInfo::fill_info(&data, Flags::SIMPLE).unwrap();
    /// assert_eq!(info.memory(), Some((NonNull::from(&data).cast::<u8>(), 3)));
    /// // SAFETY: three readable bytes, read-only, for the description's life.
    /// let foreign = unsafe {
    ///     BufferInfo::from_raw_parts(info.buf(), 3, true, None, 1, None, None, None)
    /// }.unwrap();
    /// assert_eq!(foreign.memory(), None); // trusted, not checked
    /// ```
    pub fn memory(&self) -> Option<(NonNull<u8>, usize)> {
        match self.extent {
            Extent::Within { start, len } => Some((start, len)),
            Extent::Trusted => None,
        }
    }

    pub(crate) fn extent(&self) -> Extent {
        self.extent
    }

    /// Whether some axis is indirect.
    pub(crate) fn is_indirect(&self) -> bool {
        self.suboffsets().is_some_and(|s| s.iter().any(|&x| x >= 0))
    }

    /// The shape, strides, suboffsets and itemsize a consumer works with, filling in what the
    /// request left out as CPython does (`memoryview`'s `init_shape_strides`): without a shape
    /// the buffer is one axis of `len / itemsize` elements of the format asked for, or of `len`
    /// bytes when no format was (the itemsize is then 1, whatever the exporter's); without
    /// strides it is C-contiguous.
    pub(crate) fn geometry(&self) -> Geometry {
        let Some(shape) = self.shape() else {
            let itemsize = if self.format.is_some() {
                self.itemsize
            } else {
                1
            };
            let count = self.len.checked_div(itemsize).unwrap_or(0);
            return Geometry {
                shape: vec![count],
                strides: vec![itemsize as isize],
                suboffsets: vec![-1],
                itemsize,
            };
        };
        // C strides overflow only for an empty shape (every constructor bounds the bytes of a
        // non-empty one), whose strides nothing steps along.
        let strides = self.strides().map_or_else(
            || {
                layout::contiguous_strides(shape, self.itemsize, Order::C)
                    .unwrap_or_else(|| vec![0; shape.len()])
            },
            <[isize]>::to_vec,
        );
        let suboffsets = self
            .suboffsets()
            .map_or_else(|| vec![-1; shape.len()], <[isize]>::to_vec);
        Geometry {
            shape: shape.to_vec(),
            strides,
            suboffsets,
            itemsize: self.itemsize,
        }
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
        if self.is_indirect() {
            return false;
        }
        let g = self.geometry();
        let c = || layout::is_c_contiguous(&g.shape, &g.strides, g.itemsize);
        let f = || layout::is_f_contiguous(&g.shape, &g.strides, g.itemsize);
        match order {
            Some(Order::C) => c(),
            Some(Order::F) => f(),
            None => c() || f(),
        }
    }

    /// `PyBuffer_GetPointer`: the address of the element at `indices`, following the pointers
    /// stored along indirect axes. `None` if `indices` has the wrong length, is out of bounds,
    /// or (for an exporter of ours) reaches outside the exporter's memory.
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
        let g = self.geometry();
        let in_bounds =
            indices.len() == g.shape.len() && indices.iter().zip(&g.shape).all(|(i, e)| i < e);
        in_bounds.then(|| self.walk(&g, indices).ok()).flatten()
    }

    /// The address of the element at the in-bounds `index` of geometry `g`: every step
    /// checked against the exporter's memory (within an extent), or trusted (a foreign
    /// description).
    pub(crate) fn walk(&self, g: &Geometry, index: &[usize]) -> Result<NonNull<u8>, BufferError> {
        debug_assert!(index.iter().zip(&g.shape).all(|(i, e)| i < e));
        if let Extent::Trusted = self.extent {
            // SAFETY: the index is in bounds, and a foreign description promises that its walk
            // reads valid pointers and ends inside an allocation (`from_raw_parts`).
            return Ok(unsafe { walk_trusted(self.buf, &g.strides, &g.suboffsets, index) });
        }
        let overflow = || self.outside(g, usize::MAX, 0);
        let mut addr = self.buf.as_ptr() as usize;
        for (k, &i) in index.iter().enumerate() {
            let step = (i as isize)
                .checked_mul(g.strides[k])
                .ok_or_else(overflow)?;
            addr = addr.checked_add_signed(step).ok_or_else(overflow)?;
            if g.suboffsets[k] >= 0 {
                let size = size_of::<usize>();
                let at = self
                    .extent
                    .locate(addr, size)
                    .ok_or_else(|| self.outside(g, addr, size))?;
                // SAFETY: `at` addresses `size` initialised bytes inside the exporter's memory
                // (just checked; the invariant). A stored pointer may be unaligned; it is read
                // as an address, and `locate` gives what it points to the memory's provenance.
                let stored = unsafe { at.cast::<usize>().as_ptr().read_unaligned() };
                addr = stored
                    .checked_add_signed(g.suboffsets[k])
                    .ok_or_else(overflow)?;
            }
        }
        self.extent
            .locate(addr, g.itemsize)
            .ok_or_else(|| self.outside(g, addr, g.itemsize))
    }

    /// Checks that the bytes from `buf + low` to `buf + end` (a direct layout's span) lie inside
    /// the exporter's memory; a foreign description's are promised. `shape` and `strides` are
    /// for the error.
    pub(crate) fn check_span(
        &self,
        shape: &[usize],
        strides: &[isize],
        low: isize,
        end: isize,
    ) -> Result<(), BufferError> {
        let Extent::Within { start, len } = self.extent else {
            return Ok(());
        };
        let from = (self.buf.as_ptr() as isize).wrapping_sub(start.as_ptr() as isize);
        let reached = (from.saturating_add(low), from.saturating_add(end));
        if reached.0 < 0 || reached.1 > len as isize {
            return Err(BufferError::OutsideMemory {
                shape: shape.into(),
                strides: strides.into(),
                suboffsets: None,
                reached,
                len,
            });
        }
        Ok(())
    }

    /// The error for a walk that reached `size` bytes at `addr`, outside the memory.
    fn outside(&self, g: &Geometry, addr: usize, size: usize) -> BufferError {
        let (start, len) = self
            .memory()
            .map_or((0, 0), |(s, len)| (s.as_ptr() as usize, len));
        // Addresses past the end of the address space read as "as far as can be said".
        let from = isize::try_from(addr.wrapping_sub(start)).unwrap_or(isize::MAX);
        BufferError::OutsideMemory {
            shape: g.shape.clone().into(),
            strides: g.strides.clone().into(),
            suboffsets: self.is_indirect().then(|| g.suboffsets.clone().into()),
            reached: (from, from.saturating_add(size as isize)),
            len,
        }
    }

    /// `PyBuffer_ToContiguous`: copies the elements into `dst` in C or Fortran order (`None`,
    /// CPython's `'A'`, means Fortran if the memory is Fortran-contiguous, else C).
    ///
    /// # Errors
    ///
    /// [`BufferError::ShapeMismatch`] unless `dst` holds exactly the elements' bytes;
    /// [`BufferError::OutsideMemory`] if the layout reaches outside the exporter's memory.
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
            // SAFETY: `p` addresses `itemsize` readable bytes (the walk checked or trusted
            // them); `dst` is ours and does not overlap memory lent for reading.
            unsafe { std::ptr::copy_nonoverlapping(p.as_ptr(), dst[at..].as_mut_ptr(), itemsize) };
            at += itemsize;
        })
    }

    /// `PyBuffer_FromContiguous` behind [`Buffer::copy_from_contiguous`](super::Buffer::copy_from_contiguous).
    ///
    /// # Safety
    ///
    /// The caller has exclusive access to this description (it holds the `&mut` of what holds
    /// it), so no view of the memory is alive.
    pub(crate) unsafe fn write_from_contiguous(
        &self,
        src: &[u8],
        order: Option<Order>,
    ) -> Result<(), BufferError> {
        if self.readonly {
            return Err(BufferError::NotWritable);
        }
        let mut at = 0;
        self.each_element(src.len(), order, |p, itemsize| {
            // SAFETY: `p` addresses `itemsize` bytes this writable description lends
            // exclusively and which accept any bytes (invariant), with no view alive (caller);
            // `src` is a separate slice.
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
        let g = self.geometry();
        let count = layout::checked_size(&g.shape).unwrap_or(usize::MAX);
        if count.checked_mul(g.itemsize) != Some(bytes) {
            return Err(BufferError::ShapeMismatch {
                shape: g.shape.into(),
                itemsize: g.itemsize,
                len: bytes,
            });
        }
        let order = order.unwrap_or(if self.is_contiguous(Some(Order::F)) {
            Order::F
        } else {
            Order::C
        });
        let n = g.shape.len();
        let mut index = vec![0; n];
        for _ in 0..count {
            f(self.walk(&g, &index)?, g.itemsize);
            // The odometer: C order bumps the last axis first, Fortran order the first.
            for step in 0..n {
                let k = match order {
                    Order::C => n - 1 - step,
                    Order::F => step,
                };
                index[k] += 1;
                if index[k] < g.shape[k] {
                    break;
                }
                index[k] = 0;
            }
        }
        Ok(())
    }
}

/// `PyBuffer_GetPointer` over pointers that carry their own provenance.
///
/// # Safety
///
/// `index` is in bounds, and the walk from `buf` through `strides` and `suboffsets` stays
/// inside live allocations and reads valid (possibly unaligned) pointers on indirect axes.
pub(crate) unsafe fn walk_trusted(
    buf: NonNull<u8>,
    strides: &[isize],
    suboffsets: &[isize],
    index: &[usize],
) -> NonNull<u8> {
    let mut p = buf;
    for ((&i, &stride), &sub) in index.iter().zip(strides).zip(suboffsets) {
        // SAFETY: in bounds, so the step stays inside the allocation (caller).
        p = unsafe { p.byte_offset(i as isize * stride) };
        if sub >= 0 {
            // SAFETY: a valid pointer is stored here, maybe unaligned, plus the suboffset it
            // starts a sub-array (caller).
            p = unsafe { follow(p, sub) };
        }
    }
    p
}

/// Reads the pointer stored at `at` (maybe unaligned) and adds `sub` bytes.
///
/// # Safety
///
/// `at` holds a valid pointer (with provenance) whose target plus `sub` is inside its
/// allocation.
pub(crate) unsafe fn follow(at: NonNull<u8>, sub: isize) -> NonNull<u8> {
    // SAFETY: a pointer-sized value is readable at `at` (caller); unaligned reads are fine.
    let next = unsafe { at.cast::<*mut u8>().as_ptr().read_unaligned() };
    // SAFETY: the pointer plus `sub` stays inside the pointer's allocation (caller).
    let target = unsafe { next.byte_offset(sub) };
    // SAFETY: inside a live allocation, so not null.
    unsafe { NonNull::new_unchecked(target) }
}

use super::flags::Flags;
use super::layout::Layout;
