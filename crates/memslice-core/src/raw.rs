//! The lifetime-free raw view under [`MemViewSlice`](crate::MemViewSlice) and
//! [`MemViewSliceMut`](crate::MemViewSliceMut).
//!
//! # Invariant
//!
//! A `RawView<T, N>` held by a view type always satisfies:
//!
//! 1. `ptr` is non-null and aligned for `T`, also when the view is empty.
//! 2. If no extent is zero, then for every index `i` with `i[k] < shape[k]` the address
//!    `ptr + Σ i[k]·strides[k]` (bytes) is aligned for `T` and starts a valid, initialised `T`
//!    that lies wholly inside one allocation, which the wrapping view may read (and, for
//!    `MemViewSliceMut`, write) for its lifetime. An empty view reaches no element, so its strides
//!    are unconstrained and its pointer is never offset.
//! 3. The product of the extents fits `isize`, and so does every byte offset `Σ i[k]·strides[k]`
//!    of an in-bounds index (this follows from 2 for non-empty views: one allocation spans at
//!    most `isize::MAX` bytes).
//! 4. Every suboffset is negative: the dimension is direct. (Indirect dimensions are not built
//!    by any constructor yet; the field keeps the buffer protocol's meaning for when they are.)
//! 5. For a `MemViewSliceMut`, no two distinct in-bounds indices reach overlapping bytes.
//! 6. If no extent is zero, the stride of every axis of extent above 1 is a multiple of
//!    `size_of::<T>()`: an element stride exists, and the hot path steps in it (see [`offset`]).
//!
//! # Why every sub-view keeps it
//!
//! A sub-view selects a subset of the parent's indices (slicing, fixing an index, splitting),
//! relabels them (permuting, reversing, adding an axis of extent 1) or both. Its origin is moved
//! only when the result is non-empty, and then the new origin is the parent element at an index
//! whose every component is in bounds, so rule 1 and 2 hold by the parent's rule 2. Offsets of the
//! result are offsets of the parent (rule 3), no operation creates an indirect dimension (rule 4),
//! a subset of an injective map is injective (rule 5), and a stride of the result is a parent
//! stride times a step, or any value on an axis of extent 1 (rule 6).
//!
//! # Byte strides outside, element steps inside
//!
//! The strides are stored and shown in bytes, as the buffer protocol and Cython's
//! `__Pyx_memviewslice` have them, so a description passes to and from C unchanged. Addresses are
//! computed in elements where the itemsize is a power of two (every primitive): `stride >> log2`
//! is exact by rule 6, and an element offset is what lets LLVM version a loop on "stride == 1"
//! and vectorise it, which it never does for a byte stride (there the unit case is
//! `stride == 8`, which it does not look for). Other itemsizes step in bytes.

use std::ptr::NonNull;

use crate::error::ViewError;
use crate::layout::{self, SliceIndices};

/// Pointer, shape, byte strides and suboffsets; see the module docs for the invariant.
#[derive(Debug)]
pub(crate) struct RawView<T, const N: usize> {
    ptr: NonNull<T>,
    shape: [usize; N],
    strides: [isize; N],
    suboffsets: [isize; N],
}

impl<T, const N: usize> Clone for RawView<T, N> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, const N: usize> Copy for RawView<T, N> {}

/// The suboffsets of a direct view: CPython uses a negative value to mean "no dereference".
pub(crate) const DIRECT: isize = -1;

/// The address `Σ index[k]·strides[k]` bytes from `ptr`, computed in elements when the itemsize
/// is a power of two (see the module docs for why).
///
/// # Safety
///
/// `ptr` and `strides` are those of a non-empty view keeping the invariant (or a run of one),
/// and `index` is in bounds of it: the offset then fits `isize` and lands on an element inside
/// the allocation (rules 2 and 3), and each stride with a non-zero index component is a multiple
/// of the itemsize (rule 6), so the shift below drops no bits that matter.
#[inline(always)]
#[allow(clippy::needless_range_loop)]
pub(crate) unsafe fn offset<T, const N: usize>(
    ptr: *mut T,
    index: &[usize; N],
    strides: &[isize; N],
) -> *mut T {
    // Indexed loops, not `zip(..).sum()`: the iterator form is unrolled too late for LLVM to
    // fold the bounds checks of a stencil's neighbours against its loop ranges (K4 in
    // `benches/kernels` kept five checks per element and did not vectorise).
    let size = size_of::<T>();
    if size.is_power_of_two() {
        let shift = size.trailing_zeros();
        let mut elements = 0_isize;
        for k in 0..N {
            elements += index[k] as isize * (strides[k] >> shift);
        }
        // SAFETY: `elements · size` is the byte offset of an element in the allocation (caller).
        unsafe { ptr.offset(elements) }
    } else {
        let mut bytes = 0_isize;
        for k in 0..N {
            bytes += index[k] as isize * strides[k];
        }
        // SAFETY: the byte offset of an element in the allocation (caller).
        unsafe { ptr.byte_offset(bytes) }
    }
}

impl<T, const N: usize> RawView<T, N> {
    /// Builds a raw view from its parts without checking them.
    ///
    /// # Safety
    ///
    /// The parts satisfy rules 1–4 and 6 of the invariant (and 5 if the view will be wrapped
    /// mutably) for as long as the view is used.
    #[inline]
    pub(crate) unsafe fn from_parts(
        ptr: NonNull<T>,
        shape: [usize; N],
        strides: [isize; N],
        suboffsets: [isize; N],
    ) -> Self {
        debug_assert!(ptr.is_aligned(), "view pointer {ptr:p} is not aligned");
        debug_assert!(
            layout::checked_size(&shape).is_some(),
            "size of {shape:?} overflows"
        );
        debug_assert!(
            suboffsets.iter().all(|&s| s < 0),
            "indirect suboffsets {suboffsets:?}"
        );
        debug_assert!(
            layout::steps_whole_elements(&shape, &strides, size_of::<T>()),
            "strides {strides:?} of shape {shape:?} do not step whole {}-byte elements",
            size_of::<T>()
        );
        Self {
            ptr,
            shape,
            strides,
            suboffsets,
        }
    }

    /// Checks a layout against a slice of `len` elements starting at `base` and builds the view
    /// whose first element sits `offset` bytes after `base`.
    ///
    /// The result keeps rules 1–4 for the slice's memory, and rule 5 when `unique`. An
    /// empty result may have any strides, but its offset must be a multiple of the itemsize in
    /// `0..=len * itemsize` bytes; it points at `base`.
    pub(crate) fn checked(
        base: NonNull<T>,
        len: usize,
        shape: [usize; N],
        strides: [isize; N],
        offset: isize,
        unique: bool,
    ) -> Result<Self, ViewError> {
        let itemsize = size_of::<T>();
        let suboffsets = [DIRECT; N];
        let overflow = || ViewError::Overflow {
            shape: shape.into(),
            strides: strides.into(),
            itemsize,
        };
        let size = layout::checked_size(&shape).ok_or_else(overflow)?;
        if itemsize > 0 {
            // An empty view uses no stride, but its offset must still step whole elements.
            if !layout::steps_whole_elements(&shape, &strides, itemsize)
                || offset % itemsize as isize != 0
            {
                return Err(ViewError::Misaligned {
                    shape: shape.into(),
                    strides: strides.into(),
                    offset,
                    itemsize,
                });
            }
        }
        // A slice spans at most isize::MAX bytes, so this product cannot overflow.
        let limit = (len * itemsize) as isize;
        if size == 0 {
            // An empty view reaches no byte, yet it sits somewhere: inside the slice or one past
            // its end, as NumPy's frombuffer and Rust's `&s[len..]` require.
            if !(0..=limit).contains(&offset) {
                return Err(ViewError::OutOfBounds {
                    shape: shape.into(),
                    strides: strides.into(),
                    offset,
                    lowest: offset,
                    end: offset,
                    len,
                    itemsize,
                });
            }
            // SAFETY: `base` is the non-null, aligned start of a slice (rule 1); an empty view
            // reaches nothing (rules 2, 3 and 5); the suboffsets are direct (rule 4).
            return Ok(unsafe { Self::from_parts(base, shape, strides, suboffsets) });
        }
        let (low, high) = layout::byte_range(&shape, &strides).ok_or_else(overflow)?;
        let lowest = offset.checked_add(low).ok_or_else(overflow)?;
        let end = offset
            .checked_add(high)
            .and_then(|h| h.checked_add(itemsize as isize))
            .ok_or_else(overflow)?;
        if lowest < 0 || end > limit {
            return Err(ViewError::OutOfBounds {
                shape: shape.into(),
                strides: strides.into(),
                offset,
                lowest,
                end,
                len,
                itemsize,
            });
        }
        if unique && !layout::is_injective(&shape, &strides, itemsize) {
            return Err(ViewError::Aliasing {
                shape: shape.into(),
                strides: strides.into(),
            });
        }
        // SAFETY: `0 <= lowest <= offset <= end - itemsize <= limit`, so `offset` stays inside
        // the slice's allocation (or one past its end only when itemsize is 0).
        let first = unsafe { base.byte_offset(offset) };
        // SAFETY: every element lies in `[lowest, end)` inside the slice and is a whole element
        // of it, since offset and strides are multiples of the itemsize (rules 1–3 and 6); the
        // suboffsets are direct (rule 4); `unique` was checked when asked for (rule 5).
        Ok(unsafe { Self::from_parts(first, shape, strides, suboffsets) })
    }

    #[inline]
    pub(crate) fn ptr(&self) -> NonNull<T> {
        self.ptr
    }

    #[inline]
    pub(crate) fn shape(&self) -> &[usize; N] {
        &self.shape
    }

    #[inline]
    pub(crate) fn strides(&self) -> &[isize; N] {
        &self.strides
    }

    #[inline]
    pub(crate) fn suboffsets(&self) -> &[isize; N] {
        &self.suboffsets
    }

    /// The number of elements (rule 3 keeps the product from overflowing; an empty shape's
    /// leading extents may overflow on their own, so a zero is looked for first).
    #[inline]
    pub(crate) fn size(&self) -> usize {
        if self.is_empty() {
            0
        } else {
            self.shape.iter().product()
        }
    }

    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.shape.contains(&0)
    }

    /// Whether every component of `index` is below its extent.
    #[inline]
    pub(crate) fn contains(&self, index: &[usize; N]) -> bool {
        index.iter().zip(&self.shape).all(|(&i, &e)| i < e)
    }

    /// The address of the element at `index`.
    ///
    /// # Safety
    ///
    /// `index` is in bounds (`self.contains(index)`).
    #[inline(always)]
    pub(crate) unsafe fn ptr_at(&self, index: &[usize; N]) -> NonNull<T> {
        debug_assert!(
            self.contains(index),
            "index {index:?} out of bounds for {:?}",
            self.shape
        );
        // SAFETY: the index is in bounds (caller), so the view is non-empty: rules 2, 3 and 6
        // are `offset`'s preconditions.
        let ptr = unsafe { offset(self.ptr.as_ptr(), index, &self.strides) };
        // SAFETY: the address of an element inside an allocation is not null.
        unsafe { NonNull::new_unchecked(ptr) }
    }

    /// A shared reference to the element at `index`.
    ///
    /// # Safety
    ///
    /// `index` is in bounds, and for `'r` the element is not written except through
    /// `UnsafeCell` (the wrapping view's borrow guarantees this for the lifetime it hands out).
    #[inline(always)]
    pub(crate) unsafe fn elem<'r>(&self, index: &[usize; N]) -> &'r T {
        // SAFETY: in bounds by the caller's promise.
        let ptr = unsafe { self.ptr_at(index) };
        // SAFETY: rule 2 makes the element aligned, initialised and valid; the caller rules out
        // writes for 'r.
        unsafe { ptr.as_ref() }
    }

    /// An exclusive reference to the element at `index`.
    ///
    /// # Safety
    ///
    /// `index` is in bounds, the view is exclusive (rule 5), and for `'r` nothing else reads or
    /// writes the element (the wrapping view's `&mut self` borrow guarantees this).
    #[inline(always)]
    #[allow(clippy::mut_from_ref)] // exclusivity comes from the caller's borrow, as in `get_mut`
    pub(crate) unsafe fn elem_mut<'r>(&self, index: &[usize; N]) -> &'r mut T {
        // SAFETY: in bounds by the caller's promise.
        let mut ptr = unsafe { self.ptr_at(index) };
        // SAFETY: rule 2 makes the element valid; the caller guarantees exclusive access for 'r.
        unsafe { ptr.as_mut() }
    }

    /// Wraps a Python-style index (negative counts from the end) into `0..extent`.
    #[inline]
    pub(crate) fn wrap_index(&self, axis: usize, index: isize) -> Result<usize, ViewError> {
        let extent = self.shape[axis];
        match layout::wrap_index(index, extent) {
            Some(i) => Ok(i),
            None => Err(ViewError::IndexOutOfRange {
                axis,
                index,
                extent,
            }),
        }
    }

    #[inline]
    fn check_axis(axis: usize) -> Result<(), ViewError> {
        if axis < N {
            Ok(())
        } else {
            Err(ViewError::AxisOutOfRange { axis, ndim: N })
        }
    }

    /// Moves the origin by `delta` bytes when the view (already reshaped) is non-empty.
    ///
    /// # Safety
    ///
    /// If `self` is non-empty, `delta` is the offset, in the view the shape came from, of an
    /// element whose index is in bounds there.
    #[inline]
    unsafe fn moved(mut self, delta: isize) -> Self {
        if !self.is_empty() {
            // SAFETY: the caller names an in-bounds element of the parent view, whose offset
            // fits `isize` and stays inside the allocation (rules 2 and 3 of the parent).
            self.ptr = unsafe { self.ptr.byte_offset(delta) };
        }
        self
    }

    /// NumPy's `a[..., start:stop:step, ...]` on one axis.
    #[inline]
    pub(crate) fn slice_axis(
        self,
        axis: usize,
        slice: crate::slicing::Slice,
    ) -> Result<Self, ViewError> {
        Self::check_axis(axis)?;
        // Built only on failure: an eager error is dropped, out of line, on every success.
        let Some(r) = slice.indices(self.shape[axis]) else {
            return Err(ViewError::ZeroStep { axis });
        };
        Ok(self.slice_axis_resolved(axis, r))
    }

    /// Applies an already resolved slice to one axis.
    #[inline]
    pub(crate) fn slice_axis_resolved(self, axis: usize, r: SliceIndices) -> Self {
        let stride = self.strides[axis];
        let mut out = self;
        out.shape[axis] = r.len;
        out.strides[axis] = layout::stepped_stride(stride, r.step);
        // SAFETY: if the result is non-empty, `r.start < extent` and every other axis of the
        // parent is non-empty, so the parent element with `r.start` on this axis and 0 elsewhere
        // is in bounds; its offset is `r.start * stride`.
        unsafe { out.moved(r.start.wrapping_mul(stride)) }
    }

    /// Fixes `axis` at `index` (negative wraps), dropping it: NumPy's `a[..., i, ...]`.
    #[inline]
    pub(crate) fn index_axis<const M: usize>(
        self,
        axis: usize,
        index: isize,
    ) -> Result<RawView<T, M>, ViewError> {
        Self::check_axis(axis)?;
        let i = self.wrap_index(axis, index)?;
        Ok(self.at_axis(axis, i))
    }

    /// Fixes `axis` at an index already checked to be in bounds, dropping the axis.
    #[inline]
    pub(crate) fn at_axis<const M: usize>(self, axis: usize, i: usize) -> RawView<T, M> {
        const { assert!(M + 1 == N, "index_axis removes exactly one axis") };
        assert!(
            axis < N && i < self.shape[axis],
            "at_axis({axis}, {i}) on {:?}",
            self.shape
        );
        let delta = (i as isize).wrapping_mul(self.strides[axis]);
        let out = RawView {
            ptr: self.ptr,
            shape: remove(self.shape, axis),
            strides: remove(self.strides, axis),
            suboffsets: remove(self.suboffsets, axis),
        };
        // SAFETY: `i` is in bounds on `axis` (asserted); if the result is non-empty every other
        // axis is non-empty, so the parent element with `i` on this axis and 0 elsewhere exists.
        unsafe { out.moved(delta) }
    }

    /// Inserts an axis of extent 1 before `axis` (`axis == N` appends): NumPy's `np.newaxis`.
    #[inline]
    pub(crate) fn insert_axis<const M: usize>(
        self,
        axis: usize,
    ) -> Result<RawView<T, M>, ViewError> {
        const { assert!(M == N + 1, "insert_axis adds exactly one axis") };
        if axis > N {
            return Err(ViewError::AxisOutOfRange { axis, ndim: M });
        }
        Ok(RawView {
            ptr: self.ptr,
            shape: insert(self.shape, axis, 1),
            // NumPy gives new axes a zero stride; with extent 1 it is never used.
            strides: insert(self.strides, axis, 0),
            suboffsets: insert(self.suboffsets, axis, DIRECT),
        })
    }

    /// The 1-d view along the last axis that starts at `index`, whose last component must be 0
    /// (or anything, if the last axis is empty).
    ///
    /// # Panics
    ///
    /// If the lane is non-empty and `index` is out of bounds.
    #[inline]
    pub(crate) fn lane(&self, index: &[usize; N]) -> RawView<T, 1> {
        assert!(N > 0, "a 0-d view has no lanes");
        let extent = self.shape[N - 1];
        let ptr = if extent == 0 {
            self.ptr
        } else {
            assert!(
                self.contains(index),
                "lane start {index:?} outside {:?}",
                self.shape
            );
            // SAFETY: `index` is in bounds (asserted).
            unsafe { self.ptr_at(index) }
        };
        // SAFETY: the lane's elements are those of `self` at `index` with the last component
        // running over 0..extent, all in bounds when the lane is non-empty (rules 1–3 and 5 are
        // inherited); an empty lane keeps `self`'s aligned, non-null pointer.
        unsafe {
            RawView::from_parts(
                ptr,
                [extent],
                [self.strides[N - 1]],
                [self.suboffsets[N - 1]],
            )
        }
    }

    /// The same elements with axes reordered and flipped so that the strides run from largest to
    /// smallest and none is negative (extent-1 axes go last): memory order when the view is
    /// contiguous in any axis order.
    #[inline]
    pub(crate) fn memory_order(self) -> Self {
        let mut out = self;
        for axis in 0..N {
            if out.shape[axis] > 1 && out.strides[axis] < 0 {
                out = out.reverse_axis(axis).unwrap_or(out);
            }
        }
        let mut axes: [usize; N] = std::array::from_fn(|k| k);
        let key = |a: usize| match out.shape[a] {
            0 | 1 => (0, a),
            _ => (out.strides[a].unsigned_abs(), N - a),
        };
        axes.sort_unstable_by_key(|&a| std::cmp::Reverse(key(a)));
        out.permute_axes(axes).unwrap_or(out)
    }

    /// The view broadcast to `to` by NumPy's rules: axes are matched from the end; an axis of
    /// extent 1 and every missing leading axis repeat with stride 0. Refused when `to` has more
    /// than `isize::MAX` elements (rule 3), however few bytes they span.
    #[inline]
    pub(crate) fn broadcast<const M: usize>(
        self,
        to: [usize; M],
    ) -> Result<RawView<T, M>, ViewError> {
        let mut strides = [0; M];
        if !layout::broadcast_strides(&self.shape, &self.strides, &to, &mut strides) {
            return Err(ViewError::BroadcastMismatch {
                from: self.shape.into(),
                to: to.into(),
            });
        }
        if layout::checked_size(&to).is_none() {
            return Err(ViewError::Overflow {
                shape: to.into(),
                strides: strides.into(),
                itemsize: size_of::<T>(),
            });
        }
        // SAFETY: every index of the result maps to an in-bounds index of `self` (an axis of
        // extent 1 repeats index 0, a missing axis contributes nothing), so rules 1 and 2 and
        // the offset half of rule 3 hold by `self`'s; the element count was just checked (the
        // rest of rule 3); new axes are direct (rule 4). Rule 5 does not hold: never wrap it
        // mutably.
        Ok(unsafe { RawView::from_parts(self.ptr, to, strides, [DIRECT; M]) })
    }

    /// Reorders the axes: axis `k` of the result is axis `axes[k]` of `self`.
    #[inline]
    pub(crate) fn permute_axes(self, axes: [usize; N]) -> Result<Self, ViewError> {
        let mut seen = [false; N];
        for &a in &axes {
            if a >= N || std::mem::replace(&mut seen[a], true) {
                return Err(ViewError::NotAPermutation { axes: axes.into() });
            }
        }
        Ok(RawView {
            ptr: self.ptr,
            shape: axes.map(|a| self.shape[a]),
            strides: axes.map(|a| self.strides[a]),
            suboffsets: axes.map(|a| self.suboffsets[a]),
        })
    }

    /// Reverses the order of the axes (NumPy's `a.T`).
    #[inline]
    pub(crate) fn transposed(mut self) -> Self {
        self.shape.reverse();
        self.strides.reverse();
        self.suboffsets.reverse();
        self
    }

    /// Walks `axis` backwards (NumPy's `a[..., ::-1, ...]`).
    #[inline]
    pub(crate) fn reverse_axis(self, axis: usize) -> Result<Self, ViewError> {
        Self::check_axis(axis)?;
        // An axis longer than isize::MAX (an empty view's) saturates its unused start, as
        // `slice_indices` does.
        let r = SliceIndices {
            start: isize::try_from(self.shape[axis]).map_or(isize::MAX, |e| e - 1),
            stop: -1,
            step: -1,
            len: self.shape[axis],
        };
        Ok(self.slice_axis_resolved(axis, r))
    }

    /// Splits `axis` at `index` into `[0, index)` and `[index, extent)`.
    #[inline]
    pub(crate) fn split_at(self, axis: usize, index: usize) -> Result<(Self, Self), ViewError> {
        Self::check_axis(axis)?;
        let extent = self.shape[axis];
        if index > extent {
            return Err(ViewError::SplitOutOfRange {
                axis,
                index,
                extent,
            });
        }
        let mut left = self;
        left.shape[axis] = index;
        let mut right = self;
        right.shape[axis] = extent - index;
        let delta = (index as isize).wrapping_mul(self.strides[axis]);
        // SAFETY: if `right` is non-empty then `index < extent` and every other axis is
        // non-empty, so the parent element with `index` on this axis and 0 elsewhere exists.
        let right = unsafe { right.moved(delta) };
        Ok((left, right))
    }

    /// Starts building a view of rank `M` from this one, one axis operation at a time.
    #[inline]
    pub(crate) fn rebuild<const M: usize>(self) -> Rebuild<T, N, M> {
        Rebuild {
            src: self,
            shape: [1; M],
            strides: [0; M],
            suboffsets: [DIRECT; M],
            input: 0,
            output: 0,
            delta: 0,
        }
    }
}

/// A view of rank `M` under construction from a view of rank `N` by a sequence of axis
/// operations (the expansion of `s![..]`): each operation consumes input axes, produces output
/// axes, or both, and the origin offset is summed as it goes.
#[derive(Debug)]
pub(crate) struct Rebuild<T, const N: usize, const M: usize> {
    src: RawView<T, N>,
    shape: [usize; M],
    strides: [isize; M],
    suboffsets: [isize; M],
    input: usize,
    output: usize,
    /// Wrapping sum of `start·stride` over the consumed axes: exact whenever the result is
    /// non-empty, unused otherwise.
    delta: isize,
}

impl<T, const N: usize, const M: usize> Rebuild<T, N, M> {
    /// Input axis `self.input`, or an error when the operations consume more axes than exist.
    /// The slice macro's types rule that out; the check keeps a hand-built list honest.
    #[inline]
    fn next_input(&self) -> Result<usize, ViewError> {
        if self.input < N {
            Ok(self.input)
        } else {
            Err(ViewError::AxisOutOfRange {
                axis: self.input,
                ndim: N,
            })
        }
    }

    #[inline]
    fn emit(&mut self, extent: usize, stride: isize, suboffset: isize) -> Result<(), ViewError> {
        if self.output >= M {
            return Err(ViewError::AxisOutOfRange {
                axis: self.output,
                ndim: M,
            });
        }
        self.shape[self.output] = extent;
        self.strides[self.output] = stride;
        self.suboffsets[self.output] = suboffset;
        self.output += 1;
        Ok(())
    }

    /// Slices the next input axis.
    #[inline]
    pub(crate) fn slice(&mut self, slice: crate::slicing::Slice) -> Result<(), ViewError> {
        let axis = self.next_input()?;
        let stride = self.src.strides[axis];
        // Built only on failure: an eager error is dropped, out of line, on every success.
        let Some(r) = slice.indices(self.src.shape[axis]) else {
            return Err(ViewError::ZeroStep { axis });
        };
        self.emit(
            r.len,
            layout::stepped_stride(stride, r.step),
            self.src.suboffsets[axis],
        )?;
        self.delta = self.delta.wrapping_add(r.start.wrapping_mul(stride));
        self.input += 1;
        Ok(())
    }

    /// Fixes the next input axis at `index` (negative wraps).
    #[inline]
    pub(crate) fn index(&mut self, index: isize) -> Result<(), ViewError> {
        let axis = self.next_input()?;
        let i = self.src.wrap_index(axis, index)?;
        self.delta = self
            .delta
            .wrapping_add((i as isize).wrapping_mul(self.src.strides[axis]));
        self.input += 1;
        Ok(())
    }

    /// Adds an output axis of extent 1.
    #[inline]
    pub(crate) fn new_axis(&mut self) -> Result<(), ViewError> {
        self.emit(1, 0, DIRECT)
    }

    /// Passes the next `count` input axes through unchanged (what `...` does).
    #[inline]
    pub(crate) fn keep(&mut self, count: usize) -> Result<(), ViewError> {
        for _ in 0..count {
            let axis = self.next_input()?;
            let src = self.src;
            self.emit(src.shape[axis], src.strides[axis], src.suboffsets[axis])?;
            self.input += 1;
        }
        Ok(())
    }

    /// Finishes the view: input axes not yet consumed pass through at the end (NumPy keeps the
    /// trailing axes an index does not name), and every output axis must have been made.
    #[inline]
    pub(crate) fn finish(mut self) -> Result<RawView<T, M>, ViewError> {
        self.keep(N - self.input)?;
        if self.output != M {
            return Err(ViewError::AxisOutOfRange {
                axis: self.output,
                ndim: M,
            });
        }
        let out = RawView {
            ptr: self.src.ptr,
            shape: self.shape,
            strides: self.strides,
            suboffsets: self.suboffsets,
        };
        // SAFETY: if the result is non-empty, every sliced axis selected at least one element
        // (so its start is in bounds), every indexed axis had its index checked, and the axes
        // passed through are non-empty; `delta` is then the offset of that in-bounds parent
        // element, summed without overflow because the true sum fits `isize` (rule 3).
        Ok(unsafe { out.moved(self.delta) })
    }
}

/// `arr` without the element at `at`.
#[inline(always)]
fn remove<X: Copy + Default, const N: usize, const M: usize>(arr: [X; N], at: usize) -> [X; M] {
    let mut out = [X::default(); M];
    for k in 0..M {
        out[k] = arr[if k < at { k } else { k + 1 }];
    }
    out
}

/// `arr` with `value` inserted before position `at`.
#[inline(always)]
fn insert<X: Copy, const N: usize, const M: usize>(arr: [X; N], at: usize, value: X) -> [X; M] {
    let mut out = [value; M];
    for k in 0..M {
        if k != at {
            out[k] = arr[if k < at { k } else { k - 1 }];
        }
    }
    out
}
