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

use crate::buffer::{BufferError, BufferInfo, Element, Format};
use crate::error::ViewError;
use crate::iter::Cursor;
use crate::slicing::{Rank, RankDown, Slice};
use crate::{MemViewSlice, layout};

/// A shared, typed view whose axes may be indirect.
///
/// # Invariant
///
/// For every in-bounds index, CPython's `PyBuffer_GetPointer` walk from `buf` (adding
/// `i[k]·strides[k]`, and along an axis with `suboffsets[k] >= 0` reading the pointer stored
/// there and adding the suboffset) reads only valid, aligned pointers and ends at an aligned,
/// initialised `T`, all of it valid and unwritten for `'a`. `shape`'s product fits `isize`.
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
    shape: [usize; N],
    strides: [isize; N],
    suboffsets: [isize; N],
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
    /// and every element reached is valid, aligned, initialised and unwritten for `'a`, and the
    /// product of `shape` fits `isize`.
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
            shape,
            strides,
            suboffsets,
            _borrow: PhantomData,
        }
    }

    /// Where the address walk starts: the buffer protocol's `buf` (a table of pointers when
    /// axis 0 is indirect).
    pub fn buf(&self) -> *const u8 {
        self.buf.as_ptr()
    }

    /// The extent of every axis.
    pub fn shape(&self) -> &[usize; N] {
        &self.shape
    }

    /// The byte strides.
    pub fn strides(&self) -> &[isize; N] {
        &self.strides
    }

    /// The suboffsets: non-negative on indirect axes.
    pub fn suboffsets(&self) -> &[isize; N] {
        &self.suboffsets
    }

    /// Whether some extent is 0.
    pub fn is_empty(&self) -> bool {
        self.shape.contains(&0)
    }

    /// Whether the elements are C-contiguous: never across an indirect axis (CPython's rule).
    pub fn is_c_contiguous(&self) -> bool {
        self.is_empty()
            || (self.suboffsets.iter().all(|&s| s < 0)
                && layout::is_c_contiguous(&self.shape, &self.strides, size_of::<T>()))
    }

    /// The address of an in-bounds element: CPython's `PyBuffer_GetPointer`.
    ///
    /// # Safety
    ///
    /// `index` is in bounds.
    unsafe fn ptr_at(&self, index: &[usize; N]) -> NonNull<T> {
        let mut p = self.buf;
        for ((&i, &stride), &sub) in index.iter().zip(&self.strides).zip(&self.suboffsets) {
            // SAFETY: in bounds, so each step stays in memory the invariant makes valid.
            p = unsafe { p.byte_offset(i as isize * stride) };
            if sub >= 0 {
                // SAFETY: along an indirect axis the invariant places a valid, aligned pointer.
                let next = unsafe { p.cast::<NonNull<u8>>().read() };
                // SAFETY: the pointer plus the suboffset stays in its sub-array (invariant).
                p = unsafe { next.byte_offset(sub) };
            }
        }
        p.cast()
    }

    /// The element at an in-bounds index, borrowed for `'a`.
    ///
    /// # Safety
    ///
    /// `index` is in bounds.
    unsafe fn elem(&self, index: &[usize; N]) -> &'a T {
        // SAFETY: in bounds by the caller's promise.
        let p = unsafe { self.ptr_at(index) };
        // SAFETY: the element is aligned, initialised and unwritten for 'a (invariant).
        unsafe { p.as_ref() }
    }

    /// The element at `index`, or `None` if out of bounds.
    pub fn get(&self, index: [usize; N]) -> Option<&'a T> {
        if index.iter().zip(&self.shape).all(|(i, e)| i < e) {
            // SAFETY: in bounds.
            Some(unsafe { self.elem(&index) })
        } else {
            None
        }
    }

    /// The elements in C order.
    pub fn iter(&self) -> impl Iterator<Item = &'a T> + '_ {
        let mut cursor = Cursor::new(self.shape);
        std::iter::from_fn(move || {
            let index = cursor.pop_front()?;
            // SAFETY: the cursor yields in-bounds indices.
            Some(unsafe { self.elem(&index) })
        })
    }

    /// Copies the elements into a `Vec` in C order.
    pub fn to_vec(&self) -> Vec<T>
    where
        T: Clone,
    {
        self.iter().cloned().collect()
    }

    /// Adds `delta` bytes where an offset along `axis` belongs: to `buf` when no indirect axis
    /// comes before `axis`, else to the suboffset of the nearest one (CPython's `init_slice`).
    fn shift(&mut self, axis: usize, delta: isize) {
        match (0..axis).rev().find(|&k| self.suboffsets[k] >= 0) {
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
    pub fn slice_axis(self, axis: usize, slice: impl Into<Slice>) -> Result<Self, ViewError> {
        if axis >= N {
            return Err(ViewError::AxisOutOfRange { axis, ndim: N });
        }
        let r = slice
            .into()
            .indices(self.shape[axis])
            .ok_or(ViewError::ZeroStep { axis })?;
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
        let wrapped = if index < 0 {
            index.checked_add_unsigned(extent)
        } else {
            Some(index)
        };
        let i = match wrapped {
            Some(i) if i >= 0 && (i as usize) < extent => i as usize,
            _ => {
                return Err(ViewError::IndexOutOfRange {
                    axis,
                    index,
                    extent,
                });
            }
        };
        let mut v = self;
        if v.suboffsets[axis] >= 0 {
            if axis != 0 {
                return Err(ViewError::IndirectIndex { axis });
            }
            if !v.is_empty() {
                // SAFETY: index i of axis 0 is in bounds and the view is non-empty, so the
                // pointer stored there is valid (invariant).
                let p = unsafe { v.buf.byte_offset(i as isize * v.strides[0]) };
                // SAFETY: as above: a valid, aligned pointer sits at `p`.
                let next = unsafe { p.cast::<NonNull<u8>>().read() };
                // SAFETY: the pointer plus the suboffset starts the sub-array (invariant).
                v.buf = unsafe { next.byte_offset(v.suboffsets[0]) };
            }
        } else if !v.is_empty() {
            v.shift(axis, i as isize * v.strides[axis]);
        }
        let keep = |arr: [isize; N]| -> [isize; M] {
            std::array::from_fn(|k| arr[if k < axis { k } else { k + 1 }])
        };
        Ok(IndirectView {
            buf: v.buf,
            shape: std::array::from_fn(|k| v.shape[if k < axis { k } else { k + 1 }]),
            strides: keep(v.strides),
            suboffsets: keep(v.suboffsets),
            _borrow: PhantomData,
        })
    }

    /// The direct view of the same elements, when no axis is indirect.
    pub fn as_direct(&self) -> Option<MemViewSlice<'a, T, N>> {
        if self.suboffsets.iter().any(|&s| s >= 0) {
            return None;
        }
        // SAFETY: with every axis direct, the invariant is `MemViewSlice`'s rules 1-4.
        Some(unsafe {
            MemViewSlice::from_raw_parts(
                self.buf.as_ptr().cast(),
                self.shape,
                self.strides,
                self.suboffsets,
            )
        })
    }
}

impl<'a, T: Element, const N: usize> IndirectView<'a, T, N> {
    /// A typed view of an exported buffer that may have indirect axes: rank and format are
    /// checked, and the address of every element is walked once to check its alignment (the
    /// pointers stored along indirect axes are only known by reading them).
    ///
    /// # Errors
    ///
    /// A [`BufferError`] naming what does not fit.
    pub fn from_buffer(info: &'a BufferInfo<'_>) -> Result<Self, BufferError> {
        let format = Format::parse(info.format())?;
        if !T::accepts(&format) || !T::ALL_BIT_PATTERNS_VALID {
            return Err(BufferError::FormatMismatch {
                format: info.format().to_owned(),
                element: std::any::type_name::<T>(),
                expected: T::FORMAT,
            });
        }
        let (shape, strides, _) = info.full_layout();
        let subs = info
            .suboffsets()
            .map_or_else(|| vec![-1; shape.len()], <[isize]>::to_vec);
        let (Ok(shape), Ok(strides), Ok(subs)) = (
            <[usize; N]>::try_from(shape.as_slice()),
            <[isize; N]>::try_from(strides.as_slice()),
            <[isize; N]>::try_from(subs.as_slice()),
        ) else {
            return Err(BufferError::NdimMismatch {
                buffer: info.ndim(),
                view: N,
            });
        };
        let align = align_of::<T>();
        if strides
            .iter()
            .zip(&shape)
            .any(|(&s, &e)| e > 1 && s % align as isize != 0)
        {
            return Err(BufferError::Misaligned {
                address: info.buf().as_ptr() as usize,
                align,
            });
        }
        // SAFETY: the description's invariant makes every walk valid; alignment is checked
        // below, before any element is read.
        let v = unsafe { Self::from_raw_parts(info.buf().as_ptr(), shape, strides, subs) };
        if !v.is_empty() {
            let mut cursor = Cursor::new(shape);
            while let Some(index) = cursor.pop_front() {
                // SAFETY: computing the address reads only pointers (their alignment is part of
                // the description's invariant); nothing is read as `T`.
                let address = unsafe { v.ptr_at(&index) }.as_ptr() as usize;
                if address % align != 0 {
                    return Err(BufferError::Misaligned { address, align });
                }
            }
        }
        Ok(v)
    }
}

impl<T, const N: usize> std::ops::Index<[usize; N]> for IndirectView<'_, T, N> {
    type Output = T;

    #[track_caller]
    fn index(&self, index: [usize; N]) -> &T {
        match self.get(index) {
            Some(x) => x,
            None => panic!(
                "index {index:?} is out of bounds for shape {:?}",
                self.shape
            ),
        }
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
    /// [`ViewError::ShapeMismatch`] naming the first row whose length differs.
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
                return Err(ViewError::ShapeMismatch {
                    shape: [table.len(), want].into(),
                    len: row.len(),
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
