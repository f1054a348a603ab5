//! Exporters: objects that lend their memory through [`BufferInfo`]s, the guard that is the
//! one way an export ends, and the holders a view may borrow a description from.

use std::cell::Cell;
use std::fmt;
use std::ops::Deref;

use super::error::BufferError;
use super::flags::Flags;
use super::info::BufferInfo;
use crate::layout::Order;

/// An object that lends its memory, as a Python object with `bf_getbuffer` does.
///
/// Consumers call [`get_buffer`](Exporter::get_buffer) and hold the [`BufferGuard`]; dropping
/// the guard is the only way a safe caller can end an export, so an export ends exactly once
/// and never while a view of it lives (views borrow the guard).
///
/// # Safety
///
/// An implementation promises:
///
/// - a description returned by [`acquire`](Exporter::acquire) satisfies [`BufferInfo`]'s
///   invariant until [`release`](Exporter::release) is called for it, and, if it is not
///   released, for as long as the `&self` borrow it came from lasts (an export whose guard was
///   leaked stays counted; the memory must not move or be freed under it);
/// - a writable description is unique: while it is live, no other description of the same
///   bytes (from this exporter or anywhere else) is live, and the exporter itself neither
///   reads nor writes them;
/// - `release` is only ever needed once per successful `acquire`; it undoes that acquire's
///   bookkeeping and nothing else.
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
    /// Describes the memory for `flags` and counts the export, or refuses with CPython's
    /// reasons. A description acquired this way, without its guard, is never released: the
    /// exporter stays exported (as after `mem::forget` of a guard). Use
    /// [`get_buffer`](Exporter::get_buffer).
    ///
    /// # Errors
    ///
    /// A [`BufferError`] saying why the request cannot be met.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{ByteArray, Exporter, Flags};
    ///
    /// let bytes = ByteArray::from(vec![1, 2, 3]);
    /// let info = bytes.acquire(Flags::ND).unwrap(); // no guard: never released
    /// assert_eq!(info.shape(), Some(&[3][..]));
    /// drop(info);
    /// assert_eq!(bytes.exports(), 1); // still counted, as after mem::forget of a guard
    /// assert!(bytes.extend_from_slice(&[4]).is_err());
    /// ```
    fn acquire(&self, flags: Flags) -> Result<BufferInfo<'_>, BufferError>;

    /// Ends one export acquired with `flags`: [`BufferGuard`] calls it when it drops, also
    /// while a panic unwinds.
    ///
    /// # Safety
    ///
    /// Called at most once for each successful [`acquire`](Exporter::acquire) with the same
    /// `flags`, after the last use of the description it returned (and of every view of it).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{ByteArray, Exporter, Flags};
    ///
    /// let bytes = ByteArray::from(vec![1, 2, 3]);
    /// let info = bytes.acquire(Flags::SIMPLE).unwrap();
    /// drop(info); // the last use of the description
    /// // SAFETY: undoes the one acquire above with the same flags, after its description is gone.
    /// unsafe { bytes.release(Flags::SIMPLE) };
    /// assert_eq!(bytes.exports(), 0);
    /// ```
    unsafe fn release(&self, flags: Flags);

    /// Acquires an export held by a guard that releases it on drop (`PyObject_GetBuffer`).
    ///
    /// # Errors
    ///
    /// As [`acquire`](Exporter::acquire).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferError, ByteArray, Exporter, Flags};
    ///
    /// let bytes = ByteArray::from(vec![1, 2, 3]);
    /// {
    ///     let guard = bytes.get_buffer(Flags::RECORDS_RO).unwrap();
    ///     assert_eq!((guard.format(), guard.len()), ("B", 3));
    ///     assert_eq!(bytes.resize(0, 0), Err(BufferError::ExportsExist { count: 1 }));
    /// } // the guard drops: PyBuffer_Release
    /// assert!(bytes.resize(0, 0).is_ok());
    /// ```
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
///
/// The description is lent only shared ([`Deref`]) or through [`Buffer`] to a mutable view:
/// nothing can take it out of the guard, swap it with another, or outlive the guard.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{ByteArray, Exporter, Flags};
/// use memslice_core::MemViewSliceMut;
///
/// let bytes = ByteArray::from(vec![0; 4]);
/// let mut guard = bytes.get_buffer(Flags::CONTIG).unwrap();
/// let mut m = MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut guard).unwrap();
/// m[[2]] = 7;
/// drop(guard); // the view borrows the guard: it cannot outlive it
/// assert_eq!(bytes.to_vec().unwrap(), [0, 0, 7, 0]);
/// ```
pub struct BufferGuard<'a, E: Exporter + ?Sized> {
    info: BufferInfo<'a>,
    exporter: &'a E,
    flags: Flags,
}

impl<'a, E: Exporter + ?Sized> Deref for BufferGuard<'a, E> {
    type Target = BufferInfo<'a>;
    fn deref(&self) -> &BufferInfo<'a> {
        &self.info
    }
}

impl<E: Exporter + ?Sized> Drop for BufferGuard<'_, E> {
    fn drop(&mut self) {
        // SAFETY: the guard was made from one successful `acquire` with these flags, drops
        // once, and every view of its description borrowed the guard, so none is alive now.
        unsafe { self.exporter.release(self.flags) };
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

/// What holds one live description and may lend it to a mutable view: a [`BufferInfo`]
/// itself, a [`BufferGuard`], or an owner of a guard (memslice-alloc's `SharedExport`).
///
/// [`MemViewSliceMut::from_buffer_mut`](crate::MemViewSliceMut::from_buffer_mut) and
/// [`copy_from_contiguous`](Buffer::copy_from_contiguous) take `&mut` of the holder, never of the
/// description, so a description can be neither swapped out of its guard nor lent twice.
///
/// # Safety
///
/// `info` returns the same description on every call for as long as the holder lives, and
/// no other value's `info` (nor anything else) reaches that description's memory while it is
/// writable: exclusive access to the holder is exclusive access to the memory.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{Buffer, ByteArray, Exporter, Flags};
///
/// let bytes = ByteArray::from(vec![0; 4]);
/// let mut guard = bytes.get_buffer(Flags::STRIDED).unwrap();
/// guard.copy_from_contiguous(&[1, 2, 3, 4], None).unwrap(); // PyBuffer_FromContiguous
/// assert_eq!(guard.info().len(), 4);
/// drop(guard);
/// assert_eq!(bytes.to_vec().unwrap(), [1, 2, 3, 4]);
/// ```
pub unsafe trait Buffer {
    /// The description, borrowed from the holder.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Buffer, ByteArray, Exporter, Flags};
    ///
    /// let bytes = ByteArray::from(vec![0; 6]);
    /// let guard = bytes.get_buffer(Flags::STRIDED_RO).unwrap();
    /// assert_eq!(Buffer::info(&guard).strides(), Some(&[1][..]));
    /// ```
    fn info(&self) -> &BufferInfo<'_>;

    /// `PyBuffer_FromContiguous`: copies `src`, elements in C or Fortran order (`None`,
    /// CPython's `'A'`: Fortran if the memory is Fortran-contiguous, else C), into the
    /// described memory. `&mut self` proves that no view of the memory is alive.
    ///
    /// # Errors
    ///
    /// [`BufferError::NotWritable`] for a read-only description, [`BufferError::ShapeMismatch`]
    /// unless `src` holds exactly the elements' bytes, [`BufferError::OutsideMemory`] if the
    /// layout reaches outside the exporter's memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{Buffer, Flags, Layout};
    /// use memslice_core::layout::Order;
    ///
    /// let mut data = [0u8; 4];
    /// let mut info = Layout::of_mut_slice(&mut data, "B", &[2, 2]).unwrap().request(Flags::STRIDED).unwrap();
    /// info.copy_from_contiguous(&[1, 2, 3, 4], Some(Order::F)).unwrap();
    /// drop(info);
    /// assert_eq!(data, [1, 3, 2, 4]);
    /// ```
    fn copy_from_contiguous(
        &mut self,
        src: &[u8],
        order: Option<Order>,
    ) -> Result<(), BufferError> {
        // SAFETY: `&mut self` is exclusive access to the holder, and so (the trait's contract)
        // to the description and its memory.
        unsafe { self.info().write_from_contiguous(src, order) }
    }
}

// SAFETY: the description is its own holder: `&mut` of it is exclusive access to it, and it
// is not `Clone`.
unsafe impl Buffer for BufferInfo<'_> {
    fn info(&self) -> &BufferInfo<'_> {
        self
    }
}

// SAFETY: the guard owns its description, never lends it mutably, and the exporter keeps a
// writable description unique (its contract).
unsafe impl<E: Exporter + ?Sized> Buffer for BufferGuard<'_, E> {
    fn info(&self) -> &BufferInfo<'_> {
        &self.info
    }
}

/// Counts live exports for an exporter: any number of read-only ones, or one writable one,
/// since a writable export becomes a `&mut` view in Rust and must be unique.
///
/// # Examples
///
/// ```
/// use memslice_core::buffer::{BufferError, ExportCount};
///
/// let count = ExportCount::default();
/// count.acquire(false).unwrap();
/// assert!(matches!(count.acquire(true), Err(BufferError::Busy { readers: 1, writer: false })));
/// // SAFETY: undoes the one successful read-only acquire above.
/// unsafe { count.release(false) };
/// count.acquire(true).unwrap();
/// assert_eq!(count.live(), 1);
/// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::{BufferError, ExportCount};
    ///
    /// let count = ExportCount::default();
    /// count.acquire(false).unwrap();
    /// count.acquire(false).unwrap(); // readers share
    /// assert_eq!(count.acquire(true), Err(BufferError::Busy { readers: 2, writer: false }));
    /// assert_eq!(count.live(), 2);
    /// ```
    pub fn acquire(&self, writable: bool) -> Result<(), BufferError> {
        let (readers, writer) = (self.readers.get(), self.writer.get());
        if writer || (writable && readers > 0) {
            return Err(BufferError::Busy { readers, writer });
        }
        if writable {
            self.writer.set(true);
        } else {
            // Leaked guards take no memory, so the count could wrap: refuse instead.
            let more = readers
                .checked_add(1)
                .ok_or(BufferError::Busy { readers, writer })?;
            self.readers.set(more);
        }
        Ok(())
    }

    /// Forgets an export recorded by [`acquire`](Self::acquire).
    ///
    /// # Safety
    ///
    /// Undoes exactly one successful `acquire(writable)` not undone before, after the last
    /// use of what that export lent: releasing early would let the exporter move or hand out
    /// memory a view still reads.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::ExportCount;
    ///
    /// let count = ExportCount::default();
    /// count.acquire(true).unwrap();
    /// assert!(count.acquire(false).is_err()); // the writer is unique
    /// // SAFETY: undoes the one successful writable acquire above; nothing it lent is in use.
    /// unsafe { count.release(true) };
    /// assert!(count.acquire(false).is_ok());
    /// ```
    pub unsafe fn release(&self, writable: bool) {
        if writable {
            debug_assert!(
                self.writer.get(),
                "release of a writable export never acquired"
            );
            self.writer.set(false);
        } else {
            debug_assert!(
                self.readers.get() > 0,
                "release of a read-only export never acquired"
            );
            self.readers.set(self.readers.get().saturating_sub(1));
        }
    }

    /// The number of live exports.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::buffer::ExportCount;
    ///
    /// let count = ExportCount::default();
    /// assert_eq!(count.live(), 0);
    /// count.acquire(true).unwrap();
    /// assert_eq!(count.live(), 1);
    /// ```
    pub fn live(&self) -> usize {
        self.readers.get() + usize::from(self.writer.get())
    }
}
