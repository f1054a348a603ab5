//! Exporters: objects that lend their memory through [`BufferInfo`]s and learn, through a
//! guard, when each export ends. [`ByteArray`] is the growable exporter of the seeds' story: it
//! refuses to move its memory while any export is alive.

use std::cell::{Cell, UnsafeCell};
use std::fmt;
use std::ops::Deref;
use std::ptr::NonNull;

use super::error::BufferError;
use super::flags::Flags;
use super::info::{BufferInfo, Layout};

/// An object that lends its memory, as a Python object with `bf_getbuffer` does.
///
/// # Safety
///
/// Between a successful [`acquire`](Exporter::acquire) and the matching
/// [`release`](Exporter::release), the returned description satisfies [`BufferInfo`]'s
/// invariant: the memory stays where it is, valid, and (for a writable export) touched by no
/// one else, including other exports.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{ByteArray, Exporter, Flags};
///
/// let bytes = ByteArray::from(vec![1, 2, 3]);
/// let guard = bytes.get_buffer(Flags::SIMPLE).unwrap();
/// assert_eq!(bytes.exports(), 1);
/// drop(guard);
/// assert_eq!(bytes.exports(), 0);
/// ```
pub unsafe trait Exporter {
    /// Describes the memory for `flags`, or refuses with CPython's reasons.
    ///
    /// # Errors
    ///
    /// A [`BufferError`] saying why the request cannot be met.
    fn acquire(&self, flags: Flags) -> Result<BufferInfo<'_>, BufferError>;

    /// Ends one export acquired with `flags`. [`BufferGuard`] calls it exactly once for each
    /// successful `acquire`, when it drops, also while a panic unwinds.
    fn release(&self, flags: Flags);

    /// Acquires an export held by a guard that releases it on drop (`PyObject_GetBuffer`).
    ///
    /// # Errors
    ///
    /// As [`acquire`](Exporter::acquire).
    fn get_buffer(&self, flags: Flags) -> Result<BufferGuard<'_, Self>, BufferError> {
        let info = self.acquire(flags)?;
        Ok(BufferGuard {
            info,
            exporter: self,
            flags,
        })
    }
}

/// A live export: the description, and the duty to release it (`PyBuffer_Release`) on drop.
pub struct BufferGuard<'a, E: Exporter + ?Sized> {
    info: BufferInfo<'a>,
    exporter: &'a E,
    flags: Flags,
}

impl<'a, E: Exporter + ?Sized> BufferGuard<'a, E> {
    /// The description, for building a mutable view ([`MemViewSliceMut::from_buffer_mut`]):
    /// one at a time, as the `&mut` borrow ensures.
    ///
    /// [`MemViewSliceMut::from_buffer_mut`]: crate::MemViewSliceMut::from_buffer_mut
    pub fn info_mut(&mut self) -> &mut BufferInfo<'a> {
        &mut self.info
    }
}

impl<'a, E: Exporter + ?Sized> Deref for BufferGuard<'a, E> {
    type Target = BufferInfo<'a>;
    fn deref(&self) -> &BufferInfo<'a> {
        &self.info
    }
}

impl<E: Exporter + ?Sized> Drop for BufferGuard<'_, E> {
    fn drop(&mut self) {
        self.exporter.release(self.flags);
    }
}

impl<E: Exporter + ?Sized> fmt::Debug for BufferGuard<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BufferGuard")
            .field("info", &self.info)
            .field("flags", &self.flags)
            .finish()
    }
}

/// Counts live exports: any number of read-only ones, or one writable one, since a writable
/// export becomes a `&mut` view in Rust and must be unique.
#[derive(Debug, Default)]
pub struct ExportCount {
    readers: Cell<usize>,
    writer: Cell<bool>,
}

impl ExportCount {
    /// Records a new export, or refuses one that would alias.
    ///
    /// # Errors
    ///
    /// [`BufferError::Busy`] if a writable export would meet any other, or a read-only one a
    /// writable one.
    pub fn acquire(&self, writable: bool) -> Result<(), BufferError> {
        let (readers, writer) = (self.readers.get(), self.writer.get());
        if writer || (writable && readers > 0) {
            return Err(BufferError::Busy { readers, writer });
        }
        if writable {
            self.writer.set(true);
        } else {
            self.readers.set(readers + 1);
        }
        Ok(())
    }

    /// Forgets an export recorded by [`acquire`](Self::acquire).
    pub fn release(&self, writable: bool) {
        if writable {
            self.writer.set(false);
        } else {
            self.readers.set(self.readers.get() - 1);
        }
    }

    /// The number of live exports.
    pub fn live(&self) -> usize {
        self.readers.get() + usize::from(self.writer.get())
    }
}

/// A growable byte buffer that exports its memory: Python's `bytearray`.
///
/// Growing or shrinking may move the bytes, so it is refused while any export is alive, with
/// CPython's message and the number of live exports; once the last guard drops it grows
/// fine. Growth through [`as_vec_mut`](Self::as_vec_mut) needs `&mut self`, which no live guard
/// allows: where the borrow checker can see the export, growing does not compile. The `&self`
/// methods are for owners that share the buffer, where only the run-time count can tell.
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
/// // The seeds' bug, refused: the view's pointer would dangle after a reallocation.
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
    pub fn len(&self) -> usize {
        // SAFETY: reading the length races with nothing: resizing needs no live exports and
        // happens only inside this type's own methods.
        unsafe { (*self.bytes.get()).len() }
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of live exports.
    pub fn exports(&self) -> usize {
        self.exports.live()
    }

    /// Runs `f` on the Vec if no export is alive (the only time it may move).
    fn resize_with<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> R) -> Result<R, BufferError> {
        match self.exports.live() {
            // SAFETY: no export is alive, so nothing else refers to the bytes; `f` gets the
            // only reference for its duration.
            0 => Ok(f(unsafe { &mut *self.bytes.get() })),
            count => Err(BufferError::ExportsExist { count }),
        }
    }

    /// Appends bytes (`bytearray.extend`).
    ///
    /// # Errors
    ///
    /// [`BufferError::ExportsExist`] while any export is alive.
    pub fn extend_from_slice(&self, more: &[u8]) -> Result<(), BufferError> {
        self.resize_with(|v| v.extend_from_slice(more))
    }

    /// Resizes to `len` bytes, filling with `value`.
    ///
    /// # Errors
    ///
    /// [`BufferError::ExportsExist`] while any export is alive.
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
    pub fn to_vec(&self) -> Result<Vec<u8>, BufferError> {
        self.exports.acquire(false)?;
        // SAFETY: no writable export is live (just checked), so reading races with no write.
        let copy = unsafe { (*self.bytes.get()).clone() };
        self.exports.release(false);
        Ok(copy)
    }

    /// Gives the bytes back.
    pub fn into_vec(self) -> Vec<u8> {
        self.bytes.into_inner()
    }
}

// SAFETY: the description covers the Vec's bytes, which do not move or get freed while an
// export is live (resizing is refused then) and are not touched by `&self` methods while a
// writable export is live; `ExportCount` keeps a writable export unique.
unsafe impl Exporter for ByteArray {
    fn acquire(&self, flags: Flags) -> Result<BufferInfo<'_>, BufferError> {
        let writable = flags.contains(Flags::WRITABLE);
        self.exports.acquire(writable)?;
        // SAFETY: `bytes` stays valid and in place while this export is live (see above).
        let v = unsafe { &*self.bytes.get() };
        let len = v.len();
        let buf = NonNull::new(v.as_ptr().cast_mut()).unwrap_or(NonNull::dangling());
        // SAFETY: one dimension of `len` bytes from `buf`, writable by this export alone if
        // writable (ExportCount), for as long as the export is live.
        let layout = unsafe {
            Layout::from_raw_parts(
                buf,
                len,
                false,
                "B".into(),
                1,
                vec![len].into(),
                vec![1].into(),
                None,
            )
        };
        layout
            .request(flags)
            .inspect_err(|_| self.exports.release(writable))
    }

    fn release(&self, flags: Flags) {
        self.exports.release(flags.contains(Flags::WRITABLE));
    }
}
