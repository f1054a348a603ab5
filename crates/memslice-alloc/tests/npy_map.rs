//! Memory-mapped files in NumPy's modes, on real files (Miri cannot map files: these are
//! ignored there, and the in-memory tests cover the same checks). Copy-on-write isolation,
//! read-write persistence, the committed fixtures mapped in place, and the auditor's attempts:
//! a header claiming more data than the file holds, a wrong rank, a misaligned data offset.
#![cfg(feature = "npy")]

use std::path::PathBuf;

use memslice_alloc::npy::{
    Descr, Header, MapMode, NpyError, NpyMap, NpyMapMut, read_npy, write_npy_file,
};
use memslice_core::MemViewSlice;
use memslice_core::layout::Order;

/// A fresh path in the temporary directory, removed when dropped.
struct TempPath(PathBuf);

impl TempPath {
    fn new(tag: &str) -> Self {
        TempPath(
            std::env::temp_dir().join(format!("memslice-npy-{tag}-{}.npy", std::process::id())),
        )
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/npy")
        .join(name)
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot memory-map files")]
fn read_only_map_views_in_place() {
    // SAFETY: the committed fixtures are not modified while the tests run.
    let map = unsafe { NpyMap::open(fixture("arange_i8.npy")) }.unwrap();
    let v = map.view::<i64, 2>().unwrap();
    assert_eq!(v.to_vec(), [0, 1, 2, 3, 4, 5]);
    assert_eq!(v.as_ptr() as usize % 64, 0); // page-aligned mapping + 128-byte header
    assert_eq!(map.view_bytes().len(), 48);
    // SAFETY: as above.
    let f = unsafe { NpyMap::open(fixture("fortran_f8.npy")) }.unwrap();
    assert_eq!(f.view::<f64, 2>().unwrap().strides(), &[8, 16]);
    // SAFETY: as above.
    let e = unsafe { NpyMap::open(fixture("empty_huge_u1.npy")) }.unwrap();
    assert_eq!(e.view::<u8, 2>().unwrap().shape(), &[0, 1 << 40]);
    // SAFETY: as above.
    let big = unsafe { NpyMap::open(fixture("big_endian_f8.npy")) }.unwrap();
    assert!(matches!(
        big.view::<f64, 1>(),
        Err(NpyError::ByteOrder { .. })
    ));
    assert_eq!(big.view_bytes().to_vec()[..8], 0.0_f64.to_be_bytes());
    assert!(matches!(
        map.view::<i64, 1>(),
        Err(NpyError::RankMismatch { .. })
    ));
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot memory-map files")]
fn copy_on_write_never_reaches_the_file() {
    let path = TempPath::new("cow");
    let data: Vec<f64> = (0..16).map(f64::from).collect();
    write_npy_file(
        &path.0,
        MemViewSlice::from_slice(&data, [4, 4]).unwrap(),
        Order::C,
    )
    .unwrap();
    let before = std::fs::read(&path.0).unwrap();
    {
        // SAFETY: this test owns the file.
        let mut map = unsafe { NpyMapMut::open(&path.0, MapMode::CopyOnWrite) }.unwrap();
        map.view_mut::<f64, 2>().unwrap().fill(-1.0);
        map.flush().unwrap();
        assert!(map.view::<f64, 2>().unwrap().iter().all(|&x| x == -1.0));
        // A second mapping of the same file sees the file, not the private pages.
        // SAFETY: as above; the copy-on-write map does not write the file.
        let other = unsafe { NpyMap::open(&path.0) }.unwrap();
        assert_eq!(other.view::<f64, 2>().unwrap().to_vec(), data);
    }
    assert_eq!(std::fs::read(&path.0).unwrap(), before);
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot memory-map files")]
fn read_write_reaches_the_file() {
    let path = TempPath::new("rw");
    let data = [0_u32; 6];
    write_npy_file(
        &path.0,
        MemViewSlice::from_slice(&data, [2, 3]).unwrap(),
        Order::F,
    )
    .unwrap();
    {
        // SAFETY: this test owns the file.
        let mut map = unsafe { NpyMapMut::open(&path.0, MapMode::ReadWrite) }.unwrap();
        let mut m = map.view_mut::<u32, 2>().unwrap();
        m[[1, 2]] = 12;
        m[[0, 1]] = 1;
        map.flush().unwrap();
    }
    let a = read_npy::<u32, 2>(&path.0).unwrap();
    assert_eq!(a.order(), Order::F);
    assert_eq!(a.view().to_vec(), [0, 1, 0, 0, 0, 12]);
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot memory-map files")]
fn truncated_and_lying_files_are_named_errors() {
    let path = TempPath::new("short");
    // A header announcing 1 GiB of f64 over a 128-byte file: no view may read past the map.
    let mut file = Header::new(Descr::of::<f64>(), vec![1 << 27], false)
        .unwrap()
        .to_bytes()
        .unwrap();
    file.extend_from_slice(&[0; 8]);
    std::fs::write(&path.0, &file).unwrap();
    // SAFETY: this test owns the file.
    let err = unsafe { NpyMap::open(&path.0) }.unwrap_err();
    assert!(
        matches!(
            err,
            NpyError::Truncated {
                what: "data",
                needed: 1073741824,
                available: 8
            }
        ),
        "{err:?}"
    );
    // SAFETY: as above.
    assert!(unsafe { NpyMapMut::open(&path.0, MapMode::CopyOnWrite) }.is_err());
    assert!(matches!(
        read_npy::<f64, 1>(&path.0),
        Err(NpyError::Truncated { .. })
    ));
    // The committed truncated fixture and an empty file.
    // SAFETY: the fixtures are not modified while the tests run.
    let truncated = unsafe { NpyMap::open(fixture("truncated_f8.npy")) };
    assert!(matches!(truncated, Err(NpyError::Truncated { .. })));
    std::fs::write(&path.0, b"").unwrap();
    // SAFETY: this test owns the file.
    let empty = unsafe { NpyMap::open(&path.0) };
    assert!(matches!(empty, Err(NpyError::Truncated { .. })));
    assert!(matches!(
        read_npy::<u8, 1>("/nonexistent/memslice.npy"),
        Err(NpyError::Io(_))
    ));
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot memory-map files")]
fn a_misaligned_data_offset_is_refused() {
    // A hand-made version 1.0 header of 60 bytes: the data starts at 70, not a multiple of 8.
    let text = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}    \n";
    let mut file = b"\x93NUMPY\x01\x00".to_vec();
    file.extend_from_slice(&(text.len() as u16).to_le_bytes());
    file.extend_from_slice(text.as_bytes());
    file.extend_from_slice(&[0; 16]);
    let path = TempPath::new("misaligned");
    std::fs::write(&path.0, &file).unwrap();
    // SAFETY: this test owns the file.
    let map = unsafe { NpyMap::open(&path.0) }.unwrap();
    assert_eq!(map.header().data_offset(), 70);
    assert!(matches!(
        map.view::<f64, 1>(),
        Err(NpyError::Misaligned { align: 8, .. })
    ));
    // The owned read path does not care where the data starts.
    assert_eq!(read_npy::<f64, 1>(&path.0).unwrap().into_vec(), [0.0, 0.0]);
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot memory-map files")]
fn shared_views_keep_the_mapping_alive() {
    // SAFETY: the committed fixtures are not modified while the tests run.
    let map = unsafe { NpyMap::open(fixture("fortran_f8.npy")) }.unwrap();
    let (err, map) = map.into_shared::<f64, 1>().unwrap_err();
    assert!(matches!(err, NpyError::RankMismatch { .. }));
    let shared = map.into_shared::<f64, 2>().unwrap();
    assert_eq!(shared.view().strides(), &[8, 16]); // the file's Fortran order
    let row = shared.map(|v| v.index_axis::<1>(0, 1));
    drop(shared);
    let sum = std::thread::spawn(move || row.view().iter().sum::<f64>())
        .join()
        .unwrap();
    assert_eq!(sum, 3.0 + 4.0 + 5.0);
    // A bool file is checked before it is shared, and an empty one shares no bytes.
    // SAFETY: as above.
    let bad = unsafe { NpyMap::open(fixture("bad_bool.npy")) }.unwrap();
    assert!(matches!(
        bad.into_shared::<bool, 1>(),
        Err((NpyError::InvalidBool { .. }, _))
    ));
    // SAFETY: as above.
    let empty = unsafe { NpyMap::open(fixture("empty_i4.npy")) }.unwrap();
    assert_eq!(
        empty.into_shared::<i32, 2>().unwrap().view().shape(),
        &[0, 3]
    );
}
