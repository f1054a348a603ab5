//! [`CBuffer`]: memory from the C allocator, or handed over by C code with its own free
//! callback (Cython's `callback_free_data`).

use std::fmt;
use std::ptr::NonNull;

use memslice_core::{MemViewSlice, MemViewSliceMut, ViewError};

/// How a [`CBuffer`]'s memory is given back: called once with the pointer and the length.
///
/// # Examples
///
/// ```
/// use memslice_alloc::{CBuffer, FreeFn};
/// use std::ptr::NonNull;
///
/// let buf = CBuffer::<u32>::alloc_zeroed(2);
/// let (ptr, len, free): (NonNull<u32>, usize, FreeFn<u32>) = buf.into_raw();
/// assert_eq!(len, 2);
/// free(ptr, len); // called once, by whoever holds it
/// ```
pub type FreeFn<T> = Box<dyn FnOnce(NonNull<T>, usize) + Send>;

/// `len` elements of `T` owned through a pointer and freed by a callback, exactly once: when
/// the buffer drops (also while a panic unwinds through its owner), and never if the pointer
/// is taken back with [`into_raw`](Self::into_raw).
///
/// Elements are plain data (`T: Copy`): they are not dropped one by one, only freed.
///
/// # Examples
///
/// ```
/// use memslice_alloc::CBuffer;
///
/// let mut buf = CBuffer::<f64>::alloc_zeroed(6); // calloc, freed with free()
/// let mut m = buf.view_nd_mut([2, 3]).unwrap();
/// m[[1, 2]] = 5.0;
/// assert_eq!(buf.as_slice(), [0.0, 0.0, 0.0, 0.0, 0.0, 5.0]);
/// ```
pub struct CBuffer<T: Copy> {
    // SAFETY: `ptr` addresses `len` initialised, aligned `T`s that this buffer owns exclusively
    // until `free` runs; `free` is `Some` until it runs (in `Drop`) or is handed out by
    // `into_raw`. `as_slice`, `as_mut_slice` and `Drop` all rely on this.
    ptr: NonNull<T>,
    len: usize,
    free: Option<FreeFn<T>>,
}

impl<T: Copy> CBuffer<T> {
    /// Takes ownership of memory handed over by C code, with the callback that frees it.
    ///
    /// # Safety
    ///
    /// - `ptr` is non-null, aligned for `T`, and addresses `len` initialised `T`s (any pointer
    ///   but null when `len` is 0 or `T` is zero-sized).
    /// - Nobody else reads or writes that memory until `free` is called, and `free(ptr, len)`
    ///   is the right way to give it back.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::CBuffer;
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// static FREED: AtomicUsize = AtomicUsize::new(0);
    /// let boxed: Box<[i32]> = vec![1, 2, 3].into_boxed_slice();
    /// let ptr = Box::into_raw(boxed).cast::<i32>();
    /// // SAFETY: three i32s from a Box, given back to a Box by the callback.
    /// let buf = unsafe {
    ///     CBuffer::from_raw_parts(ptr, 3, |p, n| {
    ///         FREED.fetch_add(1, Ordering::SeqCst);
    ///         drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(p.as_ptr(), n)));
    ///     })
    /// };
    /// assert_eq!(buf.view()[[2]], 3);
    /// drop(buf);
    /// assert_eq!(FREED.load(Ordering::SeqCst), 1);
    /// ```
    pub unsafe fn from_raw_parts(
        ptr: *mut T,
        len: usize,
        free: impl FnOnce(NonNull<T>, usize) + Send + 'static,
    ) -> Self {
        let ptr = NonNull::new(ptr).expect("CBuffer::from_raw_parts: null pointer");
        debug_assert!(
            ptr.is_aligned(),
            "CBuffer::from_raw_parts: misaligned pointer"
        );
        CBuffer {
            ptr,
            len,
            free: Some(Box::new(free)),
        }
    }

    /// `len` zeroed elements from the C allocator (`calloc`), freed with `free`.
    ///
    /// # Panics
    ///
    /// If `len * size_of::<T>()` overflows `isize`; the allocator failing aborts, as `Vec`
    /// does.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::CBuffer;
    ///
    /// let mut buf = CBuffer::<i64>::alloc_zeroed(3);
    /// assert_eq!(buf.as_slice(), [0, 0, 0]);
    /// buf.as_mut_slice()[1] = -4;
    /// assert_eq!(buf.view().to_vec(), [0, -4, 0]);
    /// assert!(CBuffer::<f32>::alloc_zeroed(0).is_empty());
    /// ```
    pub fn alloc_zeroed(len: usize) -> Self
    where
        T: bytemuck::Zeroable,
    {
        let bytes = len
            .checked_mul(size_of::<T>())
            .filter(|&b| b <= isize::MAX as usize);
        let bytes = bytes.expect("CBuffer::alloc_zeroed: size overflows isize");
        if bytes == 0 {
            // SAFETY: no bytes to own: a dangling, aligned pointer and a free that does nothing.
            return unsafe { Self::from_raw_parts(NonNull::dangling().as_ptr(), len, |_, _| {}) };
        }
        // calloc returns memory aligned for any fundamental type; larger alignments are refused.
        assert!(
            align_of::<T>() <= 16,
            "CBuffer::alloc_zeroed: alignment above 16"
        );
        // SAFETY: calloc with a non-zero size; the result is checked for null below.
        let raw = unsafe { libc::calloc(len, size_of::<T>()) }.cast::<T>();
        if raw.is_null() {
            std::alloc::handle_alloc_error(
                std::alloc::Layout::array::<T>(len).expect("checked above"),
            );
        }
        let free = |p: NonNull<T>, _: usize| {
            // SAFETY: `p` came from calloc and is freed once (the CBuffer invariant).
            unsafe { libc::free(p.as_ptr().cast()) }
        };
        // SAFETY: calloc gave `bytes` zeroed bytes, aligned (max_align_t >= 16 on the targets we
        // build for), and all-zero is a valid `T` (Zeroable); `free` is its deallocator.
        unsafe { Self::from_raw_parts(raw, len, free) }
    }

    /// The number of elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::CBuffer;
    ///
    /// assert_eq!(CBuffer::<u16>::alloc_zeroed(5).len(), 5);
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::CBuffer;
    ///
    /// assert!(CBuffer::<u8>::alloc_zeroed(0).is_empty());
    /// assert!(!CBuffer::<u8>::alloc_zeroed(1).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The elements, borrowed.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::CBuffer;
    ///
    /// let buf = CBuffer::<u8>::alloc_zeroed(3);
    /// assert_eq!(buf.as_slice(), [0, 0, 0]);
    /// ```
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: `len` initialised elements owned by `self` (field invariant).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    /// The elements, borrowed exclusively.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::CBuffer;
    ///
    /// let mut buf = CBuffer::<u8>::alloc_zeroed(3);
    /// buf.as_mut_slice().copy_from_slice(b"abc");
    /// assert_eq!(buf.view()[[1]], b'b');
    /// ```
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as in `as_slice`, and `&mut self` makes the borrow exclusive.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }

    /// A 1-d view, borrowed.
    ///
    /// # Panics
    ///
    /// As `MemViewSlice::from(&[T])`: only for more than `isize::MAX` zero-sized elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::CBuffer;
    ///
    /// let mut buf = CBuffer::<f32>::alloc_zeroed(4);
    /// buf.as_mut_slice()[3] = 1.5;
    /// let v = buf.view();
    /// assert_eq!((v.shape(), v[[3]]), (&[4], 1.5));
    /// ```
    pub fn view(&self) -> MemViewSlice<'_, T, 1> {
        MemViewSlice::from(self.as_slice())
    }

    /// An n-d view in C order, borrowed.
    ///
    /// # Errors
    ///
    /// As [`MemViewSlice::from_slice`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::CBuffer;
    /// use memslice_core::ViewError;
    ///
    /// let mut buf = CBuffer::<u16>::alloc_zeroed(6);
    /// buf.as_mut_slice().copy_from_slice(&[0, 1, 2, 3, 4, 5]);
    /// let m = buf.view_nd([2, 3]).unwrap(); // np.arange(6).reshape(2, 3), on C memory
    /// assert_eq!((m[[1, 0]], m.strides()), (3, &[6, 2]));
    /// assert!(matches!(buf.view_nd([4, 2]), Err(ViewError::ShapeMismatch { .. })));
    /// ```
    pub fn view_nd<const N: usize>(
        &self,
        shape: [usize; N],
    ) -> Result<MemViewSlice<'_, T, N>, ViewError> {
        MemViewSlice::from_slice(self.as_slice(), shape)
    }

    /// An exclusive n-d view in C order, borrowed.
    ///
    /// # Errors
    ///
    /// As [`MemViewSliceMut::from_slice`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::CBuffer;
    ///
    /// let mut buf = CBuffer::<i32>::alloc_zeroed(4);
    /// buf.view_nd_mut([2, 2]).unwrap().t()[[0, 1]] = 9; // a.T[0, 1] is a[1, 0]
    /// assert_eq!(buf.as_slice(), [0, 0, 9, 0]);
    /// ```
    pub fn view_nd_mut<const N: usize>(
        &mut self,
        shape: [usize; N],
    ) -> Result<MemViewSliceMut<'_, T, N>, ViewError> {
        MemViewSliceMut::from_slice(self.as_mut_slice(), shape)
    }

    /// Gives the memory back without freeing it: the pointer, the length and the callback that
    /// would have freed it, now the caller's to call (or not).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::CBuffer;
    ///
    /// let buf = CBuffer::<u8>::alloc_zeroed(4);
    /// let (ptr, len, free) = buf.into_raw();
    /// // ... hand `ptr` to C for a while, then free it ourselves:
    /// free(ptr, len);
    /// ```
    pub fn into_raw(self) -> (NonNull<T>, usize, FreeFn<T>) {
        let mut this = std::mem::ManuallyDrop::new(self);
        let free = this
            .free
            .take()
            .expect("free callback present until drop or into_raw");
        (this.ptr, this.len, free)
    }
}

impl<T: Copy> Drop for CBuffer<T> {
    fn drop(&mut self) {
        if let Some(free) = self.free.take() {
            free(self.ptr, self.len);
        }
    }
}

impl<T: Copy + fmt::Debug> fmt::Debug for CBuffer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CBuffer")
            .field("len", &self.len)
            .field("elements", &self.as_slice())
            .finish()
    }
}

// SAFETY: the buffer owns its elements (like `Vec<T>`) and its callback is `Send`.
unsafe impl<T: Copy + Send> Send for CBuffer<T> {}
// SAFETY: `&CBuffer` lends only `&[T]`.
unsafe impl<T: Copy + Sync> Sync for CBuffer<T> {}
