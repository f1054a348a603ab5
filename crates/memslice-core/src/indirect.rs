//! Views with indirect dimensions (PIL-style arrays, C's `double**`): along an axis whose
//! suboffset is non-negative, the memory holds pointers, and the element address continues from
//! the pointer read there plus the suboffset (CPython's `PyBuffer_GetPointer`).
//!
//! They are a type of their own, [`IndirectView`], so that [`MemViewSlice`] never pays for them:
//! its indexing stays `ptr + Σ i·stride` with no branch (see `tests/codegen`).
//!
//! ```text
//!  rows table (axis 0, suboffset 0)      rows (axis 1, direct)
//!  [ *row0 ] ──────────────────────────▶ [ 1.0  2.0  3.0 ]
//!  [ *row1 ] ──────────────────────────▶ [ 4.0  5.0  6.0 ]
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::ptr::NonNull;

use crate::buffer::{
    BufferError, BufferInfo, Element, Extent, check_element, follow, needs_bit_check,
};
use crate::error::ViewError;
use crate::iter::Cursor;
use crate::slicing::{Rank, RankDown, Slice};
use crate::{MemViewSlice, layout};

/// A shared, typed view whose axes may be indirect.
///
/// # Invariant
///
/// For every in-bounds index, CPython's `PyBuffer_GetPointer` walk from `buf` (adding
/// `i[k]·strides[k]`, and along an indirect axis (`indirect[k]`) reading the pointer stored
/// there, possibly unaligned, and adding the suboffset) reads only valid pointers and ends at
/// an aligned, valid `T`, all of it initialised and unwritten for `'a`. `shape`'s product fits
/// `isize`. When `origin` is set, the stored pointers are addresses inside the allocation
/// `origin` points into (an exporter's memory, where they were written as bytes), and the walk
/// derives them from `origin`; otherwise they are pointers in their own right (a C table).
/// An empty view reads nothing, so its `buf` is never followed. Which axes are indirect is
/// kept apart from the suboffsets' signs: slicing a reversed direct axis after an indirect one
/// moves that axis's suboffset, and it may become negative without the axis becoming direct.
///
/// # Examples
///
/// ```
/// use memslice_core::RowTable;
///
/// let rows = vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]];
/// let table = RowTable::new(&rows).unwrap();
/// let v = table.view(); // a double** view
/// assert_eq!(v[[1, 2]], 6.0);
/// assert_eq!(v.suboffsets(), &[0, -1]);
/// let col = v.slice_axis(1, 1..).unwrap().index_axis(0, -1).unwrap();
/// assert_eq!(col.to_vec(), [5.0, 6.0]);
/// ```
pub struct IndirectView<'a, T, const N: usize> {
    buf: NonNull<u8>,
    origin: Option<NonNull<u8>>,
    shape: [usize; N],
    strides: [isize; N],
    suboffsets: [isize; N],
    indirect: [bool; N],
    _borrow: PhantomData<&'a T>,
}

impl<T, const N: usize> Clone for IndirectView<'_, T, N> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, const N: usize> Copy for IndirectView<'_, T, N> {}

// SAFETY: the view hands out `&'a T` only (through pointers it reads but never writes), so it
// is Send/Sync exactly when `&T` is: `T: Sync`.
unsafe impl<T: Sync, const N: usize> Send for IndirectView<'_, T, N> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize> Sync for IndirectView<'_, T, N> {}

impl<T: fmt::Debug, const N: usize> fmt::Debug for IndirectView<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IndirectView")
            .field("shape", &self.shape)
            .field("strides", &self.strides)
            .field("suboffsets", &self.suboffsets)
            .field("elements", &self.iter().collect::<Vec<_>>())
            .finish()
    }
}

impl<'a, T, const N: usize> IndirectView<'a, T, N> {
    /// A view of a pointer-table layout handed over by C (`T**` and deeper).
    ///
    /// # Safety
    ///
    /// The parts satisfy the type's invariant for `'a`: every pointer read along indirect axes
    /// (maybe unaligned) is valid, every element reached is aligned, valid, initialised and
    /// unwritten for `'a`, and the product of `shape` fits `isize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::IndirectView;
    ///
    /// let (r0, r1) = ([1_i32, 2], [3_i32, 4]);
    /// let table: [*const i32; 2] = [r0.as_ptr(), r1.as_ptr()];
    /// // SAFETY: two valid row pointers, each to two i32s, borrowed for the view's lifetime.
    /// let v = unsafe {
    ///     IndirectView::<i32, 2>::from_raw_parts(table.as_ptr().cast(), [2, 2], [8, 4], [0, -1])
    /// };
    /// assert_eq!(v[[1, 0]], 3);
    /// ```
    pub unsafe fn from_raw_parts(
        buf: *const u8,
        shape: [usize; N],
        strides: [isize; N],
        suboffsets: [isize; N],
    ) -> Self {
        debug_assert!(!buf.is_null(), "IndirectView::from_raw_parts: null buffer");
        // SAFETY: non-null by the caller's promise.
        let buf = unsafe { NonNull::new_unchecked(buf.cast_mut()) };
        IndirectView {
            buf,
            origin: None,
            shape,
            strides,
            suboffsets,
            indirect: suboffsets.map(|s| s >= 0),
            _borrow: PhantomData,
        }
    }

    /// Where the pointer stored at `at` leads, plus `sub` bytes.
    ///
    /// # Safety
    ///
    /// `at` is where the walk of an in-bounds index reads a stored pointer (invariant).
    #[inline]
    unsafe fn follow(&self, at: NonNull<u8>, sub: isize) -> NonNull<u8> {
        match self.origin {
            Some(origin) => {
                // SAFETY: a stored address is readable at `at`, maybe unaligned (invariant).
                let addr = unsafe { at.cast::<usize>().as_ptr().read_unaligned() };
                let offset = addr
                    .wrapping_add_signed(sub)
                    .wrapping_sub(origin.as_ptr() as usize);
                // SAFETY: the address plus `sub` lies in `origin`'s allocation (invariant).
                unsafe { origin.byte_add(offset) }
            }
            // SAFETY: a valid pointer is stored at `at`, its target plus `sub` in bounds.
            None => unsafe { follow(at, sub) },
        }
    }

    /// Where the address walk starts: the buffer protocol's `buf` (a table of pointers when
    /// axis 0 is indirect).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let rows = [[1_i32, 2], [3, 4]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view();
    /// // Axis 0 is indirect, so `buf` is the table: it holds the address of row 0.
    /// // SAFETY: `buf` points at the table's first stored pointer.
    /// let row0 = unsafe { v.buf().cast::<*const i32>().read_unaligned() };
    /// assert_eq!(row0, rows[0].as_ptr());
    /// ```
    pub fn buf(&self) -> *const u8 {
        self.buf.as_ptr()
    }

    /// The extent of every axis.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view(); // rows x cols, axis 0 through the row pointers
    /// assert_eq!(v.shape(), &[2, 3]);
    /// ```
    pub fn shape(&self) -> &[usize; N] {
        &self.shape
    }

    /// The byte strides.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view(); // rows x cols, axis 0 through the row pointers
    /// // Axis 0 steps one pointer in the table, axis 1 one i32 in a row.
    /// assert_eq!(v.strides(), &[size_of::<*const i32>() as isize, 4]);
    /// ```
    pub fn strides(&self) -> &[isize; N] {
        &self.strides
    }

    /// The suboffsets: the bytes added after following a stored pointer on an indirect axis
    /// (non-negative as built; slicing a reversed direct axis after it may make one negative,
    /// which the buffer protocol cannot express: [`indirect`](Self::indirect) says which axes
    /// are indirect), `-1` on direct axes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view(); // rows x cols, axis 0 through the row pointers
    /// assert_eq!(v.suboffsets(), &[0, -1]); // follow the pointer on axis 0, add 0 bytes
    /// // a[:, 1:]: the offset along the direct axis goes into axis 0's suboffset.
    /// assert_eq!(v.slice_axis(1, 1..).unwrap().suboffsets(), &[4, -1]);
    /// ```
    pub fn suboffsets(&self) -> &[isize; N] {
        &self.suboffsets
    }

    /// Which axes are indirect (hold pointers).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view(); // rows x cols, axis 0 through the row pointers
    /// assert_eq!(v.indirect(), &[true, false]);
    /// ```
    pub fn indirect(&self) -> &[bool; N] {
        &self.indirect
    }

    /// Whether some extent is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view(); // rows x cols, axis 0 through the row pointers
    /// assert!(!v.is_empty());
    /// assert!(v.slice_axis(1, 3..).unwrap().is_empty()); // a[:, 3:]
    /// ```
    pub fn is_empty(&self) -> bool {
        self.shape.contains(&0)
    }

    /// Whether the elements are C-contiguous: never across an indirect axis (CPython's rule).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view(); // rows x cols, axis 0 through the row pointers
    /// assert!(!v.is_c_contiguous()); // across the row pointers, never
    /// let row = v.index_axis(0, 1).unwrap(); // a[1]: one row, direct
    /// assert!(row.is_c_contiguous());
    /// ```
    pub fn is_c_contiguous(&self) -> bool {
        self.is_empty()
            || (!self.indirect.contains(&true)
                && layout::is_c_contiguous(&self.shape, &self.strides, size_of::<T>()))
    }

    /// The address of an in-bounds element: CPython's `PyBuffer_GetPointer`.
    ///
    /// # Safety
    ///
    /// `index` is in bounds.
    #[inline]
    unsafe fn ptr_at(&self, index: &[usize; N]) -> NonNull<T> {
        let mut p = self.buf;
        for (k, (&i, &stride)) in index.iter().zip(&self.strides).enumerate() {
            // SAFETY: in bounds, so each step stays in memory the invariant makes valid.
            p = unsafe { p.byte_offset(i as isize * stride) };
            if self.indirect[k] {
                // SAFETY: along an indirect axis the walk reads a stored pointer here.
                p = unsafe { self.follow(p, self.suboffsets[k]) };
            }
        }
        p.cast()
    }

    /// The element at an in-bounds index, borrowed for `'a`.
    ///
    /// # Safety
    ///
    /// `index` is in bounds.
    #[inline]
    unsafe fn elem(&self, index: &[usize; N]) -> &'a T {
        // SAFETY: in bounds by the caller's promise.
        let p = unsafe { self.ptr_at(index) };
        // SAFETY: the element is aligned, initialised and unwritten for 'a (invariant).
        unsafe { p.as_ref() }
    }

    /// The element at `index`, or `None` if out of bounds.
    #[inline]
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view(); // rows x cols, axis 0 through the row pointers
    /// assert_eq!(v.get([1, 2]), Some(&6));
    /// assert_eq!(v.get([2, 0]), None);
    /// ```
    pub fn get(&self, index: [usize; N]) -> Option<&'a T> {
        if index.iter().zip(&self.shape).all(|(i, e)| i < e) {
            // SAFETY: in bounds.
            Some(unsafe { self.elem(&index) })
        } else {
            None
        }
    }

    /// The elements in C order.
    ///
    /// Along a direct last axis each row's start is walked to once (reading the row pointers
    /// of the indirect axes) and its elements are stepped to from there, as C code walks a
    /// `double**`; an indirect last axis is walked element by element.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view(); // rows x cols, axis 0 through the row pointers
    /// assert_eq!(v.iter().sum::<i32>(), 21);
    /// assert_eq!(v.iter().step_by(2).copied().collect::<Vec<_>>(), [1, 3, 5]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &'a T> + '_ {
        let rows = N > 0 && !self.indirect[N - 1];
        let (starts, len, stride) = if rows {
            let mut starts = self.shape;
            // An empty last axis leaves no row to start (the cursor then yields nothing).
            starts[N - 1] = starts[N - 1].min(1);
            (starts, self.shape[N - 1], self.strides[N - 1])
        } else {
            (self.shape, 1, 0)
        };
        let mut cursor = Cursor::new(starts);
        std::iter::from_fn(move || cursor.pop_front()).flat_map(move |start| {
            // SAFETY: the cursor yields in-bounds indices (a row start's last component is 0,
            // below the axis's non-zero extent).
            let row = unsafe { self.ptr_at(&start) };
            (0..len).map(move |j| {
                // SAFETY: element `j` of a row along a direct axis: the walk of an in-bounds
                // index, whose last step adds `j * stride` (invariant).
                let p = unsafe { row.byte_offset(j as isize * stride) };
                // SAFETY: the element is aligned, initialised and unwritten for 'a (invariant).
                unsafe { p.as_ref() }
            })
        })
    }

    /// Copies the elements into a `Vec` in C order.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view(); // rows x cols, axis 0 through the row pointers
    /// assert_eq!(v.to_vec(), [1, 2, 3, 4, 5, 6]);
    /// ```
    pub fn to_vec(&self) -> Vec<T>
    where
        T: Clone,
    {
        self.iter().cloned().collect()
    }

    /// Adds `delta` bytes where an offset along `axis` belongs: to `buf` when no indirect axis
    /// comes before `axis`, else to the suboffset of the nearest one (CPython's `init_slice`).
    fn shift(&mut self, axis: usize, delta: isize) {
        match (0..axis).rev().find(|&k| self.indirect[k]) {
            Some(k) => self.suboffsets[k] += delta,
            // SAFETY: `delta` is the offset of an in-bounds index on `axis` (the caller's view
            // is non-empty), so the new start stays in the memory the invariant covers.
            None => self.buf = unsafe { self.buf.byte_offset(delta) },
        }
    }

    /// NumPy's `a[..., start:stop:step, ...]` on one axis, direct or indirect.
    ///
    /// # Errors
    ///
    /// [`ViewError::AxisOutOfRange`] or [`ViewError::ZeroStep`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{RowTable, Slice, ViewError};
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view();
    /// assert_eq!(v.slice_axis(0, Slice::new(None, None, -1)).unwrap().to_vec(), [4, 5, 6, 1, 2, 3]); // a[::-1]
    /// assert_eq!(v.slice_axis(1, 1..).unwrap().to_vec(), [2, 3, 5, 6]); // a[:, 1:]
    /// assert_eq!(v.slice_axis(1, Slice::new(None, None, 0)).unwrap_err(), ViewError::ZeroStep { axis: 1 });
    /// ```
    pub fn slice_axis(self, axis: usize, slice: impl Into<Slice>) -> Result<Self, ViewError> {
        if axis >= N {
            return Err(ViewError::AxisOutOfRange { axis, ndim: N });
        }
        let Some(r) = slice.into().indices(self.shape[axis]) else {
            return Err(ViewError::ZeroStep { axis });
        };
        let stride = self.strides[axis];
        let mut out = self;
        out.shape[axis] = r.len;
        out.strides[axis] = layout::stepped_stride(stride, r.step);
        if !out.is_empty() {
            out.shift(axis, r.start * stride);
        }
        Ok(out)
    }

    /// Fixes `axis` at `index` (negative wraps) and drops it. A direct axis can always be
    /// indexed; an indirect one only when it is the first axis (its pointer is read now).
    ///
    /// # Errors
    ///
    /// [`ViewError::AxisOutOfRange`], [`ViewError::IndexOutOfRange`], or
    /// [`ViewError::IndirectIndex`] for an indirect axis after the first.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{RowTable, ViewError};
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view();
    /// assert_eq!(v.index_axis(0, -1).unwrap().to_vec(), [4, 5, 6]); // a[-1]: one row pointer read
    /// assert_eq!(v.index_axis(1, 0).unwrap().to_vec(), [1, 4]); // a[:, 0]: still through the table
    /// let err = v.index_axis::<1>(0, 2).unwrap_err();
    /// assert_eq!(err, ViewError::IndexOutOfRange { axis: 0, index: 2, extent: 2 });
    /// ```
    pub fn index_axis<const M: usize>(
        self,
        axis: usize,
        index: isize,
    ) -> Result<IndirectView<'a, T, M>, ViewError>
    where
        Rank<N>: RankDown<Down = Rank<M>>,
    {
        if axis >= N {
            return Err(ViewError::AxisOutOfRange { axis, ndim: N });
        }
        let extent = self.shape[axis];
        let i = match layout::wrap_index(index, extent) {
            Some(i) => i,
            None => {
                return Err(ViewError::IndexOutOfRange {
                    axis,
                    index,
                    extent,
                });
            }
        };
        let mut v = self;
        if v.indirect[axis] {
            if axis != 0 {
                return Err(ViewError::IndirectIndex { axis });
            }
            if !v.is_empty() {
                // SAFETY: index i of axis 0 is in bounds and the view is non-empty, so the
                // step stays in the table (invariant).
                let p = unsafe { v.buf.byte_offset(i as isize * v.strides[0]) };
                // SAFETY: as above: the walk reads a stored pointer at `p`.
                v.buf = unsafe { v.follow(p, v.suboffsets[0]) };
            }
        } else if !v.is_empty() {
            v.shift(axis, i as isize * v.strides[axis]);
        }
        fn keep<X: Copy, const N: usize, const M: usize>(arr: [X; N], axis: usize) -> [X; M] {
            std::array::from_fn(|k| arr[if k < axis { k } else { k + 1 }])
        }
        Ok(IndirectView {
            buf: v.buf,
            origin: v.origin,
            shape: keep(v.shape, axis),
            strides: keep(v.strides, axis),
            suboffsets: keep(v.suboffsets, axis),
            indirect: keep(v.indirect, axis),
            _borrow: PhantomData,
        })
    }

    /// The direct view of the same elements, when no axis is indirect and every stride steps
    /// whole elements (as a [`MemViewSlice`]'s must).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let rows = [[1, 2, 3], [4, 5, 6]];
    /// let table = RowTable::new(&rows).unwrap();
    /// let v = table.view(); // rows x cols, axis 0 through the row pointers
    /// assert!(v.as_direct().is_none()); // axis 0 is indirect
    /// let row = v.index_axis(0, 1).unwrap().as_direct().unwrap(); // a[1] as a plain view
    /// assert_eq!((row.strides(), row[[2]]), (&[4], 6));
    /// ```
    pub fn as_direct(&self) -> Option<MemViewSlice<'a, T, N>> {
        if self.indirect.contains(&true)
            || !layout::steps_whole_elements(&self.shape, &self.strides, size_of::<T>())
        {
            return None;
        }
        // An empty view's `buf` was never followed and may be a table's address, aligned for
        // pointers but not for `T`: the direct view gets an aligned pointer of its own.
        let ptr = if self.is_empty() {
            NonNull::<T>::dangling()
        } else {
            self.buf.cast()
        };
        // SAFETY: with every axis direct, the invariant is `MemViewSlice`'s rules 1-4; rule 6
        // was checked (an empty view needs only an aligned, non-null pointer).
        Some(unsafe {
            MemViewSlice::from_raw_parts(ptr.as_ptr(), self.shape, self.strides, self.suboffsets)
        })
    }
}

impl<'a, T: Element, const N: usize> IndirectView<'a, T, N> {
    /// A typed view of an exported buffer that may have indirect axes, checked once: format
    /// and itemsize against `T`, rank, strides of the trailing direct axes (those that step
    /// over elements) in whole elements, and then the address of every element is walked:
    /// for a description of ours, every stored pointer read and every element must lie inside
    /// the exporter's memory; for any description, every element must be aligned (and hold a
    /// valid `T` when some patterns are invalid). The pointers along indirect axes are only
    /// known by reading them, so this costs one walk of the whole view.
    ///
    /// # Errors
    ///
    /// A [`BufferError`] naming what does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Flags, Layout};
    /// use memslice_core::IndirectView;
    /// use std::ptr::NonNull;
    ///
    /// // A PIL-style 2x2 array in one block: two row pointers (as addresses), then the rows.
    /// let mut block = vec![0_u64; 4];
    /// let base = block.as_ptr() as u64;
    /// block.copy_from_slice(&[base + 24, base + 16, 7, 9]); // row 0 is [9], row 1 is [7]
    /// let len = size_of_val(block.as_slice());
    /// let start = NonNull::from(block.as_slice()).cast::<u8>();
    /// // SAFETY: `block` is borrowed read-only for the layout's life.
    /// let layout = unsafe {
    ///     Layout::from_raw_parts(NonNull::slice_from_raw_parts(start, len), start, true,
    ///                            "Q".into(), vec![2, 1].into(), vec![8, 8].into(), Some(vec![0, -1].into()))
    /// }.unwrap();
    /// let info = layout.request(Flags::FULL_RO).unwrap();
    /// let v = IndirectView::<u64, 2>::from_buffer(&info).unwrap();
    /// assert_eq!(v.to_vec(), [9, 7]);
    /// ```
    pub fn from_buffer(info: &'a BufferInfo<'_>) -> Result<Self, BufferError> {
        let g = info.geometry();
        check_element::<T>(info, g.itemsize)?;
        let (Ok(shape), Ok(strides), Ok(subs)) = (
            <[usize; N]>::try_from(g.shape.as_slice()),
            <[isize; N]>::try_from(g.strides.as_slice()),
            <[isize; N]>::try_from(g.suboffsets.as_slice()),
        ) else {
            return Err(BufferError::NdimMismatch {
                buffer: g.shape.len(),
                view: N,
            });
        };
        if layout::checked_size(&shape).is_none() {
            return Err(BufferError::View(ViewError::Overflow {
                shape: shape.into(),
                strides: strides.into(),
                itemsize: g.itemsize,
            }));
        }
        // The axes after the last indirect one step over elements (the others over tables of
        // pointers); what `as_direct` hands out is made of them.
        let first_direct = subs.iter().rposition(|&s| s >= 0).map_or(0, |k| k + 1);
        let step = size_of::<T>().max(align_of::<T>()) as isize;
        if (first_direct..N).any(|k| shape[k] > 1 && strides[k] % step != 0) {
            return Err(BufferError::StridesNotElements {
                shape: shape.into(),
                strides: strides.into(),
                itemsize: size_of::<T>(),
            });
        }
        let align = align_of::<T>();
        let mut cursor = Cursor::new(shape);
        while let Some(index) = cursor.pop_front() {
            let p = info.walk(&g, &index)?;
            let address = p.as_ptr() as usize;
            if address % align != 0 {
                return Err(BufferError::Misaligned { address, align });
            }
            if needs_bit_check::<T>() {
                // SAFETY: the walk checked (or the foreign exporter promised) `size_of::<T>()`
                // initialised bytes at `p`, aligned (just checked); `T::Bits` has `T`'s layout
                // and takes any bytes.
                let bits = unsafe { p.cast::<T::Bits>().as_ref() };
                if !T::is_valid_bit_pattern(bits) {
                    return Err(BufferError::InvalidValue {
                        index: index.into(),
                        element: std::any::type_name::<T>(),
                    });
                }
            }
        }
        let origin = match info.extent() {
            Extent::Within { start, .. } => Some(start),
            Extent::Trusted => None,
        };
        Ok(IndirectView {
            buf: info.buf(),
            origin,
            shape,
            strides,
            suboffsets: subs,
            indirect: subs.map(|s| s >= 0),
            // SAFETY (of the whole value): every index's walk was just made, reading only
            // stored pointers inside the exporter's memory (or trusted ones) and ending at
            // aligned, valid elements; the description lends them unwritten for 'a.
            _borrow: PhantomData,
        })
    }
}

impl<T, const N: usize> std::ops::Index<[usize; N]> for IndirectView<'_, T, N> {
    type Output = T;

    /// The element at `index`.
    ///
    /// # Panics
    ///
    /// If `index` is out of bounds; the message names the axis, its index and the shape.
    #[inline]
    #[track_caller]
    fn index(&self, index: [usize; N]) -> &T {
        crate::view::check_index(&index, &self.shape);
        // SAFETY: in bounds, just checked.
        unsafe { self.elem(&index) }
    }
}

/// An owner of a row-pointer table over Rust rows of equal length: the safe way to build a
/// `double**`-style [`IndirectView`].
///
/// # Examples
///
/// ```
/// use memslice_core::RowTable;
///
/// let (a, b) = ([1_u8, 2], [3_u8, 4]);
/// let table = RowTable::new([&a[..], &b[..]]).unwrap();
/// assert_eq!(table.view().to_vec(), [1, 2, 3, 4]);
/// assert!(RowTable::new([&a[..], &b[..1]]).is_err());
/// ```
#[derive(Debug)]
pub struct RowTable<'a, T> {
    rows: Vec<NonNull<T>>,
    cols: usize,
    _rows: PhantomData<&'a T>,
}

impl<'a, T> RowTable<'a, T> {
    /// The table of `rows`, which must all have the same length.
    ///
    /// # Errors
    ///
    /// [`ViewError::RaggedRows`] naming the first row whose length differs from the first
    /// row's, and both lengths.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::{RowTable, ViewError};
    ///
    /// let rows = vec![vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]];
    /// let table = RowTable::new(&rows).unwrap();
    /// assert_eq!(table.view().shape(), &[3, 2]);
    /// let ragged = [&[1, 2][..], &[3][..]];
    /// assert_eq!(RowTable::new(ragged).unwrap_err(), ViewError::RaggedRows { row: 1, len: 1, expected: 2 });
    /// ```
    pub fn new<R: AsRef<[T]> + ?Sized + 'a>(
        rows: impl IntoIterator<Item = &'a R>,
    ) -> Result<Self, ViewError>
    where
        T: 'a,
    {
        let mut cols = None;
        let mut table = Vec::new();
        for row in rows {
            let row = row.as_ref();
            let want = *cols.get_or_insert(row.len());
            if row.len() != want {
                return Err(ViewError::RaggedRows {
                    row: table.len(),
                    len: row.len(),
                    expected: want,
                });
            }
            table.push(NonNull::from(row).cast());
        }
        Ok(RowTable {
            rows: table,
            cols: cols.unwrap_or(0),
            _rows: PhantomData,
        })
    }

    /// The `rows x cols` view: axis 0 indirect through the table, axis 1 direct.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::RowTable;
    ///
    /// let (a, b) = ([1_u16, 2, 3], [4_u16, 5, 6]);
    /// let table = RowTable::new([&a, &b]).unwrap();
    /// let v = table.view();
    /// assert_eq!((v.shape(), v.suboffsets(), v[[1, 0]]), (&[2, 3], &[0, -1], 4));
    /// ```
    pub fn view(&self) -> IndirectView<'_, T, 2> {
        let table = NonNull::from(self.rows.as_slice()).cast::<u8>();
        // SAFETY: the table holds valid, aligned pointers to rows of `cols` elements borrowed
        // for 'a, which outlives the borrow of `self`.
        unsafe {
            IndirectView::from_raw_parts(
                table.as_ptr(),
                [self.rows.len(), self.cols],
                [size_of::<NonNull<T>>() as isize, size_of::<T>() as isize],
                [0, -1],
            )
        }
    }
}

// SAFETY: the table holds pointers standing for `&'a [T]`s: Send/Sync when `T: Sync`.
unsafe impl<T: Sync> Send for RowTable<'_, T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for RowTable<'_, T> {}
