//! Memory-mapped `.npy` files in NumPy's modes: [`NpyMap`] (`'r'`) and [`NpyMapMut`] (`'c'`,
//! `'r+'`). The mapping costs no read: pages are read from the file when a view first touches
//! them.

use std::fs::{File, OpenOptions};
use std::path::Path;

use memmap2::{Mmap, MmapMut, MmapOptions};
use memslice_core::layout::Order;
use memslice_core::{MemViewSlice, MemViewSliceMut};

use crate::{SharedView, Source};

use super::view::{data_range, view, view_mut};
use super::{Header, NpyBytes, NpyElement, NpyError};

/// A `.npy` file mapped read-only (NumPy's `mmap_mode='r'`): views borrow the mapping, so none
/// outlives it.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{NpyMap, write_npy_file};
/// use memslice_core::{MemViewSlice, layout::Order};
/// # if cfg!(miri) { return; } // Miri cannot open or map files
///
/// let path = std::env::temp_dir().join(format!("memslice-doc-map-{}.npy", std::process::id()));
/// let data: Vec<f64> = (0..12).map(f64::from).collect();
/// write_npy_file(&path, MemViewSlice::from_slice(&data, [3, 4]).unwrap(), Order::C).unwrap();
///
/// // SAFETY: this process made the file and nothing else changes it while it is mapped.
/// let map = unsafe { NpyMap::open(&path) }.unwrap();
/// let v = map.view::<f64, 2>().unwrap();
/// assert_eq!((v.shape(), v[[2, 3]]), (&[3, 4], 11.0));
/// # drop(map);
/// # std::fs::remove_file(&path).unwrap();
/// ```
#[derive(Debug)]
pub struct NpyMap {
    map: Mmap,
    header: Header,
}

impl NpyMap {
    /// Maps the `.npy` file at `path` read-only and parses its header. The data is not read.
    ///
    /// # Errors
    ///
    /// [`NpyError::Io`] if the file cannot be opened or mapped; every header error of
    /// [`Header::parse`]; [`NpyError::Truncated`] if the file is shorter than its header says.
    ///
    /// # Safety
    ///
    /// As for [`memmap2::Mmap::map`]: while the map lives, no other process or thread may
    /// modify or truncate the file. The views hand out `&T` over its pages, so a write to the
    /// file would change memory behind a shared reference, and a truncation would make reading
    /// it fault (`SIGBUS`). memslice cannot check this; the caller promises it.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyError, NpyMap};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-open-{}.npy", std::process::id()));
    /// std::fs::write(&path, b"not numpy").unwrap();
    /// // SAFETY: nothing else touches this file.
    /// assert!(matches!(unsafe { NpyMap::open(&path) }, Err(NpyError::BadMagic { .. })));
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub unsafe fn open(path: impl AsRef<Path>) -> Result<Self, NpyError> {
        let file = File::open(path)?;
        // SAFETY: the caller promises that nothing modifies or truncates the file while mapped.
        let map = unsafe { Mmap::map(&file) }?;
        let header = Header::parse(&map)?;
        data_range(&header, map.len())?;
        Ok(NpyMap { map, header })
    }

    /// The header.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyMap, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-header-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[0_u8; 6], [2, 3]).unwrap(), Order::F).unwrap();
    /// // SAFETY: nothing else touches this file.
    /// let map = unsafe { NpyMap::open(&path) }.unwrap();
    /// assert_eq!((map.header().shape(), map.header().fortran_order()), (&[2, 3][..], true));
    /// # drop(map);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The parsed file, borrowed from the mapping.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyMap, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-asnpy-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[1_u8, 2], [2]).unwrap(), Order::C).unwrap();
    /// // SAFETY: nothing else touches this file.
    /// let map = unsafe { NpyMap::open(&path) }.unwrap();
    /// assert_eq!(map.as_npy().view_bytes().to_vec(), [1, 2]);
    /// # drop(map);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn as_npy(&self) -> NpyBytes<'_> {
        NpyBytes::from_parts(self.header.clone(), self.data())
    }

    /// The data as bytes, whatever the descr. No copy.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyMap, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-bytes-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[1_u32], [1]).unwrap(), Order::C).unwrap();
    /// // SAFETY: nothing else touches this file.
    /// let map = unsafe { NpyMap::open(&path) }.unwrap();
    /// assert_eq!(map.view_bytes().to_vec(), 1_u32.to_ne_bytes());
    /// # drop(map);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn view_bytes(&self) -> MemViewSlice<'_, u8, 1> {
        MemViewSlice::from(self.data())
    }

    /// The data as elements of `T` in `N` dimensions, in the file's memory order. No copy.
    ///
    /// # Errors
    ///
    /// As [`NpyBytes::view`]: descr, rank, alignment (a mapping starts on a page boundary, so
    /// alignment fails only for a header length NumPy never writes), and for `bool` every byte
    /// is read once to check it is 0 or 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{NpyError, NpyMap, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-view-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[1_i16, 2, 3, 4], [2, 2]).unwrap(), Order::F).unwrap();
    /// // SAFETY: nothing else touches this file.
    /// let map = unsafe { NpyMap::open(&path) }.unwrap();
    /// assert_eq!(map.view::<i16, 2>().unwrap()[[0, 1]], 2); // written in F order, read back as it was
    /// assert!(matches!(map.view::<i16, 1>(), Err(NpyError::RankMismatch { .. })));
    /// # drop(map);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn view<T: NpyElement, const N: usize>(&self) -> Result<MemViewSlice<'_, T, N>, NpyError> {
        view(&self.header, self.data())
    }

    /// Moves the mapping behind an `Arc` and views it as a [`SharedView`]: a `'static` view
    /// that can be returned, stored or sent to other threads, and unmaps the file when its last
    /// clone is dropped. No copy.
    ///
    /// # Errors
    ///
    /// As [`view`](Self::view); the map is handed back with the error.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::SharedView;
    /// use memslice_alloc::npy::{NpyMap, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    ///
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    /// let path = std::env::temp_dir().join(format!("memslice-doc-shared-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[1_i32, 2, 3], [3]).unwrap(), Order::C).unwrap();
    /// // SAFETY: nothing else touches this file while it is mapped.
    /// let map = unsafe { NpyMap::open(&path) }.unwrap();
    /// let (err, map) = map.into_shared::<i64, 1>().unwrap_err(); // wrong type: the map comes back
    /// assert!(err.to_string().contains("i64"));
    /// let shared: SharedView<i32, 1> = map.into_shared().unwrap();
    /// let sum = std::thread::spawn(move || shared.view().iter().sum::<i32>()).join().unwrap();
    /// assert_eq!(sum, 6);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    // The error hands the map back (as bytemuck's `try_cast_vec` does), once per mapping.
    #[allow(clippy::result_large_err)]
    pub fn into_shared<T: NpyElement, const N: usize>(
        self,
    ) -> Result<SharedView<T, N>, (NpyError, Self)> {
        let shape = match self.view::<T, N>() {
            Ok(v) => *v.shape(),
            Err(e) => return Err((e, self)),
        };
        let source = Typed::<T> {
            map: self,
            elem: std::marker::PhantomData,
        };
        Ok(SharedView::new(source, shape)
            .expect("the view above checked the shape against the data"))
    }

    fn data(&self) -> &[u8] {
        let range = data_range(&self.header, self.map.len()).expect("checked by `open`");
        &self.map[range]
    }
}

/// A read-only mapping whose data was checked to be valid `T`s, as a [`SharedView`] source.
/// The mapped pages stay at their address however the value moves, as a `Source` must.
struct Typed<T> {
    map: NpyMap,
    elem: std::marker::PhantomData<fn() -> T>,
}

impl<T: NpyElement> Source for Typed<T> {
    type Elem = T;

    fn elements(&self) -> &[T] {
        let data = self.map.data();
        if data.is_empty() {
            return &[];
        }
        bytemuck::checked::try_cast_slice(data).expect("checked by `into_shared`")
    }

    fn order(&self) -> Order {
        self.map.header.order()
    }
}

/// How [`NpyMapMut`] maps a file: NumPy's writable `mmap_mode`s.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::MapMode;
///
/// assert_eq!(MapMode::CopyOnWrite.numpy_name(), "c");
/// assert_eq!(MapMode::ReadWrite.numpy_name(), "r+");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MapMode {
    /// `'c'`: writes go to private copies of the pages and never reach the file.
    CopyOnWrite,
    /// `'r+'`: writes reach the file (at the latest on [`NpyMapMut::flush`] or drop).
    ReadWrite,
}

impl MapMode {
    /// The mode's name in NumPy.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::MapMode;
    ///
    /// assert_eq!(MapMode::ReadWrite.numpy_name(), "r+");
    /// ```
    pub fn numpy_name(self) -> &'static str {
        match self {
            MapMode::CopyOnWrite => "c",
            MapMode::ReadWrite => "r+",
        }
    }
}

/// A `.npy` file mapped writable, copy-on-write (`'c'`) or read-write (`'r+'`): exclusive
/// views borrow the mapping mutably, so none outlives it and no two coexist.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{MapMode, NpyMapMut, read_npy, write_npy_file};
/// use memslice_core::{MemViewSlice, layout::Order};
/// # if cfg!(miri) { return; } // Miri cannot open or map files
///
/// let path = std::env::temp_dir().join(format!("memslice-doc-mapmut-{}.npy", std::process::id()));
/// write_npy_file(&path, MemViewSlice::from_slice(&[0_i32; 4], [4]).unwrap(), Order::C).unwrap();
/// {
///     // SAFETY: nothing else touches this file while it is mapped.
///     let mut map = unsafe { NpyMapMut::open(&path, MapMode::ReadWrite) }.unwrap();
///     map.view_mut::<i32, 1>().unwrap()[[2]] = 7;
///     map.flush().unwrap();
/// }
/// assert_eq!(read_npy::<i32, 1>(&path).unwrap().into_vec(), [0, 0, 7, 0]);
/// # std::fs::remove_file(&path).unwrap();
/// ```
#[derive(Debug)]
pub struct NpyMapMut {
    map: MmapMut,
    header: Header,
    mode: MapMode,
}

impl NpyMapMut {
    /// Maps the `.npy` file at `path` writable in `mode` and parses its header. The data is
    /// not read. `'c'` opens the file read-only (its writes never reach it); `'r+'` opens it for
    /// reading and writing.
    ///
    /// # Errors
    ///
    /// As [`NpyMap::open`].
    ///
    /// # Safety
    ///
    /// As for [`memmap2::MmapOptions::map_copy`] and [`memmap2::MmapMut::map_mut`]: while the
    /// map lives, no other process or thread may modify or truncate the file, nor map it
    /// writable. A view hands out `&mut T` over the pages, which nothing else may change; in
    /// `'c'` mode a page not yet written still shows the file's current contents, so the file
    /// must not change either.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{MapMode, NpyMapMut, read_npy, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-cow-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[1.0_f32; 3], [3]).unwrap(), Order::C).unwrap();
    /// // SAFETY: nothing else touches this file while it is mapped.
    /// let mut map = unsafe { NpyMapMut::open(&path, MapMode::CopyOnWrite) }.unwrap();
    /// map.view_mut::<f32, 1>().unwrap().fill(5.0);
    /// assert_eq!(map.view::<f32, 1>().unwrap().to_vec(), [5.0; 3]);
    /// drop(map);
    /// assert_eq!(read_npy::<f32, 1>(&path).unwrap().into_vec(), [1.0; 3]); // the file is unchanged
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub unsafe fn open(path: impl AsRef<Path>, mode: MapMode) -> Result<Self, NpyError> {
        let map = match mode {
            MapMode::CopyOnWrite => {
                let file = File::open(path)?;
                // SAFETY: the caller promises that nothing modifies or truncates the file while
                // mapped.
                unsafe { MmapOptions::new().map_copy(&file) }?
            }
            MapMode::ReadWrite => {
                let file = OpenOptions::new().read(true).write(true).open(path)?;
                // SAFETY: as above, and that nothing else maps it writable.
                unsafe { MmapMut::map_mut(&file) }?
            }
        };
        let header = Header::parse(&map)?;
        data_range(&header, map.len())?;
        Ok(NpyMapMut { map, header, mode })
    }

    /// The header.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{MapMode, NpyMapMut, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-mh-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[0_u64; 2], [2]).unwrap(), Order::C).unwrap();
    /// // SAFETY: nothing else touches this file while it is mapped.
    /// let map = unsafe { NpyMapMut::open(&path, MapMode::CopyOnWrite) }.unwrap();
    /// assert_eq!(map.header().descr().as_str(), if cfg!(target_endian = "little") { "<u8" } else { ">u8" });
    /// # drop(map);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The mode it was mapped in.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{MapMode, NpyMapMut, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-mode-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[0_u8], [1]).unwrap(), Order::C).unwrap();
    /// // SAFETY: nothing else touches this file while it is mapped.
    /// let map = unsafe { NpyMapMut::open(&path, MapMode::ReadWrite) }.unwrap();
    /// assert_eq!(map.mode(), MapMode::ReadWrite);
    /// # drop(map);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn mode(&self) -> MapMode {
        self.mode
    }

    /// The data as bytes. No copy.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{MapMode, NpyMapMut, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-mb-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[3_u8], [1]).unwrap(), Order::C).unwrap();
    /// // SAFETY: nothing else touches this file while it is mapped.
    /// let map = unsafe { NpyMapMut::open(&path, MapMode::CopyOnWrite) }.unwrap();
    /// assert_eq!(map.view_bytes().to_vec(), [3]);
    /// # drop(map);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn view_bytes(&self) -> MemViewSlice<'_, u8, 1> {
        MemViewSlice::from(&self.map[self.range()])
    }

    /// The data as writable bytes, whatever the descr. No copy.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{MapMode, NpyMapMut, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-mbm-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[3_u8], [1]).unwrap(), Order::C).unwrap();
    /// // SAFETY: nothing else touches this file while it is mapped.
    /// let mut map = unsafe { NpyMapMut::open(&path, MapMode::CopyOnWrite) }.unwrap();
    /// map.view_bytes_mut()[[0]] = 4;
    /// assert_eq!(map.view_bytes().to_vec(), [4]);
    /// # drop(map);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn view_bytes_mut(&mut self) -> MemViewSliceMut<'_, u8, 1> {
        let range = self.range();
        MemViewSliceMut::from(&mut self.map[range])
    }

    /// The data as elements of `T` in `N` dimensions. No copy.
    ///
    /// # Errors
    ///
    /// As [`NpyMap::view`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{MapMode, NpyMapMut, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-mv-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[9_u16, 8], [2]).unwrap(), Order::C).unwrap();
    /// // SAFETY: nothing else touches this file while it is mapped.
    /// let map = unsafe { NpyMapMut::open(&path, MapMode::CopyOnWrite) }.unwrap();
    /// assert_eq!(map.view::<u16, 1>().unwrap().to_vec(), [9, 8]);
    /// # drop(map);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn view<T: NpyElement, const N: usize>(&self) -> Result<MemViewSlice<'_, T, N>, NpyError> {
        view(&self.header, &self.map[self.range()])
    }

    /// The data as writable elements of `T` in `N` dimensions. No copy.
    ///
    /// # Errors
    ///
    /// As [`NpyMap::view`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{MapMode, NpyMapMut, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-mvm-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[0_i8; 4], [2, 2]).unwrap(), Order::C).unwrap();
    /// // SAFETY: nothing else touches this file while it is mapped.
    /// let mut map = unsafe { NpyMapMut::open(&path, MapMode::CopyOnWrite) }.unwrap();
    /// map.view_mut::<i8, 2>().unwrap()[[1, 1]] = -1;
    /// assert_eq!(map.view::<i8, 2>().unwrap().to_vec(), [0, 0, 0, -1]);
    /// # drop(map);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn view_mut<T: NpyElement, const N: usize>(
        &mut self,
    ) -> Result<MemViewSliceMut<'_, T, N>, NpyError> {
        let range = self.range();
        view_mut(&self.header, &mut self.map[range])
    }

    /// Writes the changed pages back to the file and waits for it (`'r+'`); does nothing in
    /// `'c'` mode, whose changes are private.
    ///
    /// # Errors
    ///
    /// [`NpyError::Io`] if the operating system reports one.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::npy::{MapMode, NpyMapMut, read_npy, write_npy_file};
    /// use memslice_core::{MemViewSlice, layout::Order};
    /// # if cfg!(miri) { return; } // Miri cannot open or map files
    ///
    /// let path = std::env::temp_dir().join(format!("memslice-doc-flush-{}.npy", std::process::id()));
    /// write_npy_file(&path, MemViewSlice::from_slice(&[0_u8; 2], [2]).unwrap(), Order::C).unwrap();
    /// // SAFETY: nothing else touches this file while it is mapped.
    /// let mut map = unsafe { NpyMapMut::open(&path, MapMode::ReadWrite) }.unwrap();
    /// map.view_mut::<u8, 1>().unwrap()[[0]] = 1;
    /// map.flush().unwrap();
    /// assert_eq!(read_npy::<u8, 1>(&path).unwrap().into_vec(), [1, 0]); // seen before the map is dropped
    /// # drop(map);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn flush(&self) -> Result<(), NpyError> {
        match self.mode {
            MapMode::CopyOnWrite => Ok(()),
            MapMode::ReadWrite => Ok(self.map.flush()?),
        }
    }

    fn range(&self) -> std::ops::Range<usize> {
        data_range(&self.header, self.map.len()).expect("checked by `open`")
    }
}
