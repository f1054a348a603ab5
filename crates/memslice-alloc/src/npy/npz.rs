//! `.npz` archives: [`Npz`] over bytes in memory, [`NpzMap`] over a mapped file, and
//! [`read_npz`], the safe path. Stored members (`np.savez`) are viewed in place, without a
//! copy; deflated members (`np.savez_compressed`) are inflated into an owned [`Array`].

use std::borrow::Cow;
use std::fs::File;
use std::path::Path;

use memmap2::Mmap;
use memslice_core::MemViewSlice;

use crate::Array;

use super::zip::{Entry, crc32, entries};
use super::{NpyBytes, NpyElement, NpyError, read_npy_from};

/// The zip compression methods NumPy writes.
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

/// An `.npz` archive held in memory (a byte buffer, or a mapped file through [`NpzMap`]), its
/// central directory parsed.
///
/// Member names are NumPy's keys: `np.savez(f, a=x)` stores `a.npy`, found here as `"a"` (or
/// `"a.npy"`). A name is looked up as NumPy looks it up: a member of exactly that name first,
/// then one with `.npy` added; of two members with the same name, the last.
///
/// A view of a stored member is a view of the archive's own bytes, so it needs the member's
/// data aligned for its type. NumPy does not align members: a stored `f8` member starts at
/// whatever offset the zip layout gives it, and when that is not a multiple of 8 the view is
/// refused with [`NpyError::Misaligned`] and [`read`](Self::read) copies it instead. One-byte
/// types (`u1`, `i1`, `b1`) always view in place.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::Npz;
///
/// // np.savez(f, flags=np.array([True, False]), b=np.arange(3.0)), as bytes.
/// # let archive = include_bytes!("../../tests/data/npy/stored.npz");
/// let npz = Npz::parse(archive).unwrap();
/// assert_eq!(npz.names().collect::<Vec<_>>(), ["a", "b", "flags"]);
/// assert_eq!(npz.view::<bool, 1>("flags").unwrap().to_vec(), [true, false]);
/// assert_eq!(npz.read::<f64, 1>("b").unwrap().into_vec(), [0.0, 1.0, 2.0]);
/// ```
#[derive(Clone, Debug)]
pub struct Npz<'a> {
    archive: &'a [u8],
    entries: Vec<Entry>,
}

impl<'a> Npz<'a> {
    /// Parses the central directory of `archive`, a whole `.npz` file in memory.
    ///
    /// # Errors
    ///
    /// [`NpyError::Zip`] naming what is malformed and where: no end record, a truncated or
    /// unsigned entry, member data past the end, an encrypted or multi-disk archive.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Npz, NpyError};
    ///
    /// assert!(matches!(Npz::parse(b"PK\x05\x06"), Err(NpyError::Zip { .. })));
    /// // An empty zip archive: just the end record.
    /// let empty = [b'P', b'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    /// assert_eq!(Npz::parse(&empty).unwrap().names().count(), 0);
    /// ```
    pub fn parse(archive: &'a [u8]) -> Result<Self, NpyError> {
        Ok(Npz {
            archive,
            entries: entries(archive)?,
        })
    }

    /// The members' names, with NumPy's `.npy` suffix taken off, in archive order.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::Npz;
    ///
    /// # let archive = include_bytes!("../../tests/data/npy/deflated.npz");
    /// assert_eq!(Npz::parse(archive).unwrap().names().count(), 3);
    /// ```
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries
            .iter()
            .map(|e| e.name.strip_suffix(".npy").unwrap_or(&e.name))
    }

    /// Whether member `name` is compressed (then it can be read, not viewed).
    ///
    /// # Errors
    ///
    /// [`NpyError::NoMember`] if there is no such member.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::Npz;
    ///
    /// # let stored = include_bytes!("../../tests/data/npy/stored.npz");
    /// # let deflated = include_bytes!("../../tests/data/npy/deflated.npz");
    /// assert!(!Npz::parse(stored).unwrap().is_compressed("a").unwrap());
    /// assert!(Npz::parse(deflated).unwrap().is_compressed("a").unwrap());
    /// ```
    pub fn is_compressed(&self, name: &str) -> Result<bool, NpyError> {
        Ok(self.entry(name)?.method != STORED)
    }

    /// A stored member, parsed in place: its header and its data bytes, no copy. The CRC is
    /// not checked here, as that would read every byte ([`verify`](Self::verify) does).
    ///
    /// # Errors
    ///
    /// [`NpyError::NoMember`]; [`NpyError::Compressed`] for a deflated member; every error of
    /// [`NpyBytes::parse`] for the member's `.npy` bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::Npz;
    ///
    /// # let archive = include_bytes!("../../tests/data/npy/stored.npz");
    /// let npz = Npz::parse(archive).unwrap();
    /// assert_eq!(npz.member("a").unwrap().header().shape(), &[2, 3]);
    /// ```
    pub fn member(&self, name: &str) -> Result<NpyBytes<'a>, NpyError> {
        let entry = self.entry(name)?;
        if entry.method != STORED {
            return Err(NpyError::Compressed {
                name: name.to_owned(),
            });
        }
        NpyBytes::parse(&self.archive[entry.data.clone()])
    }

    /// A stored member viewed in place as elements of `T` in `N` dimensions. No copy.
    ///
    /// # Errors
    ///
    /// As [`member`](Self::member), then as [`NpyBytes::view`]; in particular
    /// [`NpyError::Misaligned`] when the member's data does not sit aligned for `T` in the
    /// archive (use [`read`](Self::read) then).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Npz, NpyError};
    ///
    /// # let archive = include_bytes!("../../tests/data/npy/deflated.npz");
    /// let npz = Npz::parse(archive).unwrap();
    /// assert!(matches!(npz.view::<i32, 2>("a"), Err(NpyError::Compressed { .. })));
    /// ```
    pub fn view<T: NpyElement, const N: usize>(
        &self,
        name: &str,
    ) -> Result<MemViewSlice<'a, T, N>, NpyError> {
        let member = self.member(name)?;
        let view = member.view()?;
        Ok(view)
    }

    /// Member `name` read into an owned array, stored or deflated, its CRC-32 checked.
    ///
    /// # Errors
    ///
    /// [`NpyError::NoMember`]; [`NpyError::UnsupportedCompression`] for a method other than
    /// stored or deflate; [`NpyError::Zip`] for corrupt deflate data or a size that does not
    /// match; [`NpyError::Crc`]; every error of [`read_npy_from`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::Npz;
    ///
    /// # let archive = include_bytes!("../../tests/data/npy/deflated.npz");
    /// let a = Npz::parse(archive).unwrap().read::<i32, 2>("a").unwrap();
    /// assert_eq!(a.into_vec(), [0, 1, 2, 3, 4, 5]);
    /// ```
    pub fn read<T: NpyElement, const N: usize>(&self, name: &str) -> Result<Array<T, N>, NpyError> {
        read_npy_from(&self.checked_data(name)?[..])
    }

    /// Checks member `name`'s CRC-32 against its data (reading all of it; inflating it if
    /// deflated).
    ///
    /// # Errors
    ///
    /// As [`read`](Self::read), but for the element type and rank, which are not asked.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{Npz, NpyError};
    ///
    /// # let good = include_bytes!("../../tests/data/npy/stored.npz");
    /// # let bad = include_bytes!("../../tests/data/npy/bad_crc.npz");
    /// assert!(Npz::parse(good).unwrap().verify("b").is_ok());
    /// assert!(matches!(Npz::parse(bad).unwrap().verify("b"), Err(NpyError::Crc { .. })));
    /// ```
    pub fn verify(&self, name: &str) -> Result<(), NpyError> {
        self.checked_data(name).map(drop)
    }

    /// Member `name`'s `.npy` bytes, inflated if deflated, after the checks `read` and `verify`
    /// share: the method, the uncompressed size the directory gives, the CRC-32.
    fn checked_data(&self, name: &str) -> Result<Cow<'a, [u8]>, NpyError> {
        let entry = self.entry(name)?;
        let raw = &self.archive[entry.data.clone()];
        let data = match entry.method {
            STORED => {
                if raw.len() as u64 != entry.size {
                    return Err(zip_error(
                        "a stored member whose compressed and uncompressed sizes differ",
                        entry,
                    ));
                }
                Cow::Borrowed(raw)
            }
            DEFLATED => {
                // The declared size bounds the memory a deflate stream can claim.
                let limit = usize::try_from(entry.size)
                    .map_err(|_| zip_error("a member larger than memory", entry))?;
                let inflated = miniz_oxide::inflate::decompress_to_vec_with_limit(raw, limit)
                    .map_err(|_| zip_error("corrupt deflate data, or more than its size", entry))?;
                if inflated.len() as u64 != entry.size {
                    return Err(zip_error("deflate data shorter than its size", entry));
                }
                Cow::Owned(inflated)
            }
            method => {
                return Err(NpyError::UnsupportedCompression {
                    name: name.to_owned(),
                    method,
                });
            }
        };
        check_crc(entry, name, &data)?;
        Ok(data)
    }

    /// The member NumPy's `NpzFile.__getitem__` reads for `name`: the one named exactly
    /// `name`, else the one named `name` + `.npy`; of two members with one name, the last, as
    /// Python's `zipfile` keeps it.
    fn entry(&self, name: &str) -> Result<&Entry, NpyError> {
        let last =
            |wanted: &dyn Fn(&str) -> bool| self.entries.iter().rev().find(|e| wanted(&e.name));
        last(&|n| n == name)
            .or_else(|| last(&|n| n.strip_suffix(".npy") == Some(name)))
            .ok_or_else(|| NpyError::NoMember {
                name: name.to_owned(),
            })
    }
}

fn zip_error(reason: &'static str, entry: &Entry) -> NpyError {
    NpyError::Zip {
        reason,
        offset: entry.data.start as u64,
    }
}

fn check_crc(entry: &Entry, name: &str, data: &[u8]) -> Result<(), NpyError> {
    let found = crc32(data);
    if found != entry.crc {
        return Err(NpyError::Crc {
            name: name.to_owned(),
            expected: entry.crc,
            found,
        });
    }
    Ok(())
}

/// An `.npz` file mapped read-only: stored members are viewed in place, borrowed from the
/// mapping; deflated ones are read into owned arrays.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::NpzMap;
/// # if cfg!(miri) { return; } // Miri cannot open or map files
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/npy/aligned.npz");
/// // SAFETY: the file is not modified while mapped.
/// let map = unsafe { NpzMap::open(path) }.unwrap();
/// let npz = map.as_npz();
/// let name = npz.names().next().unwrap().to_owned();
/// assert_eq!(npz.view::<f64, 1>(&name).unwrap().to_vec(), [0.0, 1.0, 2.0, 3.0]);
/// ```
#[derive(Debug)]
pub struct NpzMap {
    map: Mmap,
    entries: Vec<Entry>,
}

impl NpzMap {
    /// Maps the `.npz` file at `path` read-only and parses its central directory.
    ///
    /// # Errors
    ///
    /// [`NpyError::Io`] if the file cannot be opened or mapped; as [`Npz::parse`].
    ///
    /// # Safety
    ///
    /// As [`NpyMap::open`](super::NpyMap::open): while the map lives, no other process or
    /// thread may modify or truncate the file.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::NpzMap;
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/npy/stored.npz");
    /// // SAFETY: the file is not modified while mapped.
    /// let map = unsafe { NpzMap::open(path) }.unwrap();
    /// assert_eq!(map.as_npz().view::<u8, 1>("flags").is_err(), true); // bools are not u8
    /// ```
    pub unsafe fn open(path: impl AsRef<Path>) -> Result<Self, NpyError> {
        let file = File::open(path)?;
        // SAFETY: the caller promises that nothing modifies or truncates the file while mapped.
        let map = unsafe { Mmap::map(&file) }?;
        let entries = entries(&map)?;
        Ok(NpzMap { map, entries })
    }

    /// The archive, borrowed from the mapping.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::NpzMap;
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/npy/deflated.npz");
    /// // SAFETY: the file is not modified while mapped.
    /// let map = unsafe { NpzMap::open(path) }.unwrap();
    /// assert_eq!(map.as_npz().read::<f64, 1>("b").unwrap().into_vec(), [0.0, 1.0, 2.0]);
    /// ```
    pub fn as_npz(&self) -> Npz<'_> {
        Npz {
            archive: &self.map,
            entries: self.entries.clone(),
        }
    }
}

/// Reads member `name` of the `.npz` file at `path` into an owned array, without mapping
/// anything: the safe path. The whole archive is read into memory first.
///
/// # Errors
///
/// [`NpyError::Io`] if the file cannot be read; as [`Npz::parse`] and [`Npz::read`].
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::read_npz;
/// # if cfg!(miri) { return; } // Miri cannot open or map files
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/npy/deflated.npz");
/// assert_eq!(read_npz::<bool, 1>(path, "flags").unwrap().into_vec(), [true, false]);
/// ```
pub fn read_npz<T: NpyElement, const N: usize>(
    path: impl AsRef<Path>,
    name: &str,
) -> Result<Array<T, N>, NpyError> {
    let archive = std::fs::read(path)?;
    Npz::parse(&archive)?.read(name)
}
