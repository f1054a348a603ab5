//! [`ByteArray`]: the growable exporter of the relocated-bytearray story, which refuses to move
//! its memory while any export is alive.

use std::cell::UnsafeCell;
use std::fmt;
use std::ptr::NonNull;

use super::error::BufferError;
use super::exporter::{ExportCount, Exporter};
use super::flags::Flags;
use super::info::BufferInfo;
use super::layout::Layout;

/// A growable byte buffer that exports its memory: Python's `bytearray`.
///
/// Growing or shrinking may move the bytes, so it is refused while any export is alive, with
/// CPython's message and the number of live exports; once the last guard drops it grows
/// fine. Growth through [`as_vec_mut`](Self::as_vec_mut) needs `&mut self`, which no live guard
/// allows: where the borrow checker can see the export, growing does not compile. The `&self`
/// methods are for owners that share the buffer, where only the run-time count can tell.
///
/// An export asked `WRITABLE` is the only live export and is writable; any other is read-only
/// (`readonly` set), and many may be live at once.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{BufferError, ByteArray, Exporter, Flags};
/// use memslice_core::MemViewSlice;
///
/// let bytes = ByteArray::from(vec![1, 2, 3, 4]);
/// let guard = bytes.get_buffer(Flags::RECORDS_RO).unwrap();
/// let view = MemViewSlice::<u8, 1>::from_buffer(&guard).unwrap();
/// // The relocated-bytearray bug, refused: the view's pointer would dangle after a reallocation.
/// assert_eq!(bytes.extend_from_slice(&[5; 100]), Err(BufferError::ExportsExist { count: 1 }));
/// assert_eq!(view[[3]], 4);
/// drop(guard);
/// bytes.extend_from_slice(&[5; 100]).unwrap();
/// assert_eq!(bytes.len(), 104);
/// ```
#[derive(Default)]
pub struct ByteArray {
    // SAFETY: the Vec is only resized while `exports.live() == 0`, and only read through `&self`
    // methods while no writable export is live, so no export ever sees it move and no `&mut`
    // view aliases a read.
    bytes: UnsafeCell<Vec<u8>>,
    exports: ExportCount,
}

impl fmt::Debug for ByteArray {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteArray")
            .field("len", &self.len())
            .field("exports", &self.exports())
            .finish()
    }
}

impl From<Vec<u8>> for ByteArray {
    fn from(bytes: Vec<u8>) -> Self {
        ByteArray {
            bytes: UnsafeCell::new(bytes),
            exports: ExportCount::default(),
        }
    }
}

impl ByteArray {
    /// The number of bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::ByteArray;
    ///
    /// assert_eq!(ByteArray::from(vec![1, 2]).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        // SAFETY: reading the length races with nothing: resizing needs no live exports and
        // happens only inside this type's own methods, and exports never change the length.
        unsafe { (*self.bytes.get()).len() }
    }

    /// Whether there are no bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::ByteArray;
    ///
    /// assert!(ByteArray::from(Vec::new()).is_empty());
    /// assert!(!ByteArray::from(vec![0]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of live exports.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{ByteArray, Exporter, Flags};
    ///
    /// let bytes = ByteArray::from(vec![1, 2, 3]);
    /// let (a, b) = (bytes.get_buffer(Flags::SIMPLE).unwrap(), bytes.get_buffer(Flags::ND).unwrap());
    /// assert_eq!(bytes.exports(), 2);
    /// drop((a, b));
    /// assert_eq!(bytes.exports(), 0);
    /// ```
    pub fn exports(&self) -> usize {
        self.exports.live()
    }

    /// Runs `f` on the Vec if no export is alive (the only time it may move).
    fn resize_with<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> R) -> Result<R, BufferError> {
        match self.exports.live() {
            // SAFETY: no export is alive, so nothing else refers to the bytes; `f` gets the
            // only reference for its duration (it cannot reach `self`'s other methods' data).
            0 => Ok(f(unsafe { &mut *self.bytes.get() })),
            count => Err(BufferError::ExportsExist { count }),
        }
    }

    /// Appends bytes (`bytearray.extend`).
    ///
    /// # Errors
    ///
    /// [`BufferError::ExportsExist`] while any export is alive.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferError, ByteArray, Exporter, Flags};
    /// use memslice_core::MemViewSlice;
    ///
    /// let bytes = ByteArray::from(vec![1]);
    /// bytes.extend_from_slice(&[2, 3]).unwrap();
    /// assert_eq!(bytes.to_vec().unwrap(), [1, 2, 3]);
    /// // While a view of the bytes lives, growing (which may move them and leave the view
    /// // dangling) is refused, as CPython's bytearray raises BufferError.
    /// let guard = bytes.get_buffer(Flags::RECORDS_RO).unwrap();
    /// let view = MemViewSlice::<u8, 1>::from_buffer(&guard).unwrap();
    /// assert_eq!(bytes.extend_from_slice(&[4; 64]), Err(BufferError::ExportsExist { count: 1 }));
    /// assert_eq!(view.to_vec(), [1, 2, 3]);
    /// ```
    pub fn extend_from_slice(&self, more: &[u8]) -> Result<(), BufferError> {
        self.resize_with(|v| v.extend_from_slice(more))
    }

    /// Resizes to `len` bytes, filling with `value`.
    ///
    /// # Errors
    ///
    /// [`BufferError::ExportsExist`] while any export is alive.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferError, ByteArray, Exporter, Flags};
    ///
    /// let bytes = ByteArray::from(vec![1, 2, 3]);
    /// bytes.resize(5, 9).unwrap();
    /// assert_eq!(bytes.to_vec().unwrap(), [1, 2, 3, 9, 9]);
    /// bytes.resize(1, 0).unwrap();
    /// assert_eq!(bytes.to_vec().unwrap(), [1]);
    /// // Shrinking while exported would free bytes a view still reads: refused too.
    /// let guard = bytes.get_buffer(Flags::SIMPLE).unwrap();
    /// assert_eq!(bytes.resize(0, 0), Err(BufferError::ExportsExist { count: 1 }));
    /// drop(guard);
    /// assert!(bytes.resize(0, 0).is_ok());
    /// ```
    pub fn resize(&self, len: usize, value: u8) -> Result<(), BufferError> {
        self.resize_with(|v| v.resize(len, value))
    }

    /// The bytes as a `Vec`, to grow or shrink freely: `&mut self` proves that no guard (which
    /// borrows the buffer) is alive, so this growth is checked at compile time. (An export whose
    /// guard was leaked with `mem::forget` stays counted, so `&self` growth keeps refusing;
    /// nothing can use that export any more, so growth here is still sound.)
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::ByteArray;
    ///
    /// let mut bytes = ByteArray::from(vec![1]);
    /// bytes.as_vec_mut().extend([2, 3]);
    /// assert_eq!(bytes.len(), 3);
    /// ```
    pub fn as_vec_mut(&mut self) -> &mut Vec<u8> {
        self.bytes.get_mut()
    }

    /// Copies the bytes out.
    ///
    /// # Errors
    ///
    /// [`BufferError::Busy`] while a writable export is alive (it may be writing them).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{ByteArray, Exporter, Flags};
    ///
    /// let bytes = ByteArray::from(vec![1, 2]);
    /// let writing = bytes.get_buffer(Flags::WRITABLE).unwrap();
    /// assert!(bytes.to_vec().is_err());
    /// drop(writing);
    /// assert_eq!(bytes.to_vec().unwrap(), [1, 2]);
    /// ```
    pub fn to_vec(&self) -> Result<Vec<u8>, BufferError> {
        self.exports.acquire(false)?;
        // SAFETY: no writable export is live (just checked), so reading races with no write.
        let copy = unsafe { (*self.bytes.get()).clone() };
        // SAFETY: undoes the read-only acquire above; the copy is done.
        unsafe { self.exports.release(false) };
        Ok(copy)
    }

    /// Gives the bytes back.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::ByteArray;
    ///
    /// let bytes = ByteArray::from(b"spam".to_vec());
    /// bytes.extend_from_slice(b"!").unwrap();
    /// assert_eq!(bytes.into_vec(), b"spam!");
    /// ```
    pub fn into_vec(self) -> Vec<u8> {
        self.bytes.into_inner()
    }
}

// SAFETY: a description covers the Vec's bytes, which do not move or get freed while an export
// is counted (resizing is refused then, and `as_vec_mut` needs `&mut self`, which no
// description's borrow of `self` allows), and are not touched by `&self` methods while a
// writable export is live. `ExportCount` keeps a writable export unique, and only exports
// asked `WRITABLE` are writable. `release` undoes one acquire's count.
unsafe impl Exporter for ByteArray {
    fn acquire(&self, flags: Flags) -> Result<BufferInfo<'_>, BufferError> {
        let writable = flags.contains(Flags::WRITABLE);
        self.exports.acquire(writable)?;
        // SAFETY: the Vec itself is only changed by resizing, which the count now refuses.
        let bytes = unsafe { &mut *self.bytes.get() };
        // `as_mut_ptr` makes no reference to the bytes, so earlier exports' pointers stay valid.
        let (ptr, len) = (bytes.as_mut_ptr(), bytes.len());
        let start = NonNull::new(ptr).unwrap_or(NonNull::dangling());
        // SAFETY: the Vec's `len` initialised bytes, one allocation that stays put while this
        // export is counted (above); read-only unless this export is the unique writer.
        let layout = unsafe {
            Layout::from_raw_parts(
                NonNull::slice_from_raw_parts(start, len),
                start,
                !writable,
                "B".into(),
                vec![len].into(),
                vec![1].into(),
                None,
            )
        };
        let info = layout.and_then(|layout| layout.request(flags));
        if info.is_err() {
            // SAFETY: undoes the acquire above, whose export never came to be.
            unsafe { self.exports.release(writable) };
        }
        info
    }

    unsafe fn release(&self, flags: Flags) {
        // SAFETY: one release per successful acquire with these flags (the caller's promise),
        // which counted `writable` as below.
        unsafe { self.exports.release(flags.contains(Flags::WRITABLE)) };
    }
}
