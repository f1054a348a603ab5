//! Files NumPy wrote (`tests/data/npy/make_fixtures.py`, committed with its output), read from
//! memory so that Miri runs every check: each descr memslice accepts, F order, 0-d, zero-size,
//! versions 2.0 and 3.0, and the refusals (byte order, rank, truncation, bad header, bad bool,
//! structured). The expected values are written down here. Then the other way: what memslice
//! writes is byte for byte what NumPy wrote.
#![cfg(feature = "npy")]

use memslice_alloc::npy::{
    Descr, Header, NpyBuf, NpyBytes, NpyError, Version, read_npy_from, write_npy,
};
use memslice_core::MemViewSlice;
use memslice_core::layout::Order;

macro_rules! fixture {
    ($name:literal) => {
        &include_bytes!(concat!("data/npy/", $name))[..]
    };
}

/// The file viewed in aligned memory and read through the owned path; both must agree.
fn both<T: memslice_alloc::npy::NpyElement + PartialEq + std::fmt::Debug, const N: usize>(
    file: &[u8],
) -> (Vec<T>, [usize; N], Order) {
    let buf = NpyBuf::copy_from(file).unwrap();
    let npy = buf.as_npy();
    let v = npy.view::<T, N>().unwrap();
    let owned = read_npy_from::<T, N>(file).unwrap();
    assert_eq!(owned.view().to_vec(), v.to_vec());
    assert_eq!(owned.order(), npy.header().order());
    (v.to_vec(), *v.shape(), npy.header().order())
}

#[test]
fn every_typed_descr() {
    assert_eq!(
        both::<i8, 2>(fixture!("arange_i1.npy")),
        (vec![0, 1, 2, 3, 4, 5], [2, 3], Order::C)
    );
    assert_eq!(
        both::<i16, 2>(fixture!("arange_i2.npy")).0,
        [0, 1, 2, 3, 4, 5]
    );
    assert_eq!(
        both::<i32, 2>(fixture!("arange_i4.npy")).0,
        [0, 1, 2, 3, 4, 5]
    );
    assert_eq!(
        both::<i64, 2>(fixture!("arange_i8.npy")).0,
        [0, 1, 2, 3, 4, 5]
    );
    assert_eq!(
        both::<u8, 2>(fixture!("arange_u1.npy")).0,
        [0, 1, 2, 3, 4, 5]
    );
    assert_eq!(
        both::<u16, 2>(fixture!("arange_u2.npy")).0,
        [0, 1, 2, 3, 4, 5]
    );
    assert_eq!(
        both::<u32, 2>(fixture!("arange_u4.npy")).0,
        [0, 1, 2, 3, 4, 5]
    );
    assert_eq!(
        both::<u64, 2>(fixture!("arange_u8.npy")).0,
        [0, 1, 2, 3, 4, 5]
    );
    assert_eq!(
        both::<f32, 2>(fixture!("arange_f4.npy")).0,
        [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    );
    assert_eq!(
        both::<f64, 2>(fixture!("arange_f8.npy")).0,
        [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    );
    assert_eq!(
        both::<bool, 2>(fixture!("bool.npy")).0,
        [true, false, true, false, false, true]
    );
}

#[test]
fn layouts() {
    // np.asfortranarray(np.arange(6.0).reshape(2, 3)): memory holds 0 3 1 4 2 5.
    let buf = NpyBuf::copy_from(fixture!("fortran_f8.npy")).unwrap();
    let v = buf.as_npy().view::<f64, 2>().unwrap();
    assert_eq!((v.shape(), v.strides()), (&[2, 3], &[8, 16]));
    assert_eq!(v.to_vec(), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]); // C-order walk of a[i, j] = 3i + j
    assert_eq!(
        read_npy_from::<f64, 2>(fixture!("fortran_f8.npy"))
            .unwrap()
            .into_vec(),
        [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]
    );

    let (data, shape, _) = both::<i16, 3>(fixture!("arange_3d_i2.npy"));
    assert_eq!((shape, data[23], data[13]), ([2, 3, 4], 23, 13));

    let (data, shape, _) = both::<f64, 0>(fixture!("scalar_f8.npy"));
    assert_eq!((data, shape), (vec![3.5], []));

    let (data, shape, _) = both::<i32, 2>(fixture!("empty_i4.npy"));
    assert_eq!((data.len(), shape), (0, [0, 3]));
    let (data, shape, _) = both::<u8, 2>(fixture!("empty_huge_u1.npy"));
    assert_eq!((data.len(), shape), (0, [0, 1 << 40]));

    for (file, version) in [
        (fixture!("v2_f4.npy"), Version::V2),
        (fixture!("v3_f4.npy"), Version::V3),
    ] {
        let buf = NpyBuf::copy_from(file).unwrap();
        assert_eq!(buf.as_npy().header().version(), version);
        assert_eq!(
            buf.as_npy().view::<f32, 1>().unwrap().to_vec(),
            [0.0, 1.0, 2.0, 3.0, 4.0]
        );
    }
}

#[test]
fn foreign_byte_order_and_complex_are_bytes() {
    let buf = NpyBuf::copy_from(fixture!("big_endian_f8.npy")).unwrap();
    let npy = buf.as_npy();
    let err = npy.view::<f64, 1>().unwrap_err();
    if cfg!(target_endian = "little") {
        assert_eq!(
            err.to_string(),
            "descr \">f8\" is not in this machine's byte order, so it cannot be viewed as f64; view it as bytes instead"
        );
    }
    let bytes = npy.view_bytes().to_vec();
    let values: Vec<f64> = bytes
        .chunks(8)
        .map(|c| f64::from_be_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(values, [0.0, 1.0, 2.0, 3.0]);
    assert!(matches!(
        read_npy_from::<f64, 1>(fixture!("big_endian_f8.npy")),
        Err(NpyError::ByteOrder { .. })
    ));

    let buf = NpyBuf::copy_from(fixture!("complex_c16.npy")).unwrap();
    assert_eq!(buf.as_npy().header().descr().as_str(), "<c16");
    let parts: Vec<f64> = buf
        .as_npy()
        .view_bytes()
        .to_vec()
        .chunks(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(parts, [1.0, 2.0, 3.0, -4.0]);
}

#[test]
fn refusals() {
    // Wrong rank, wrong type.
    let buf = NpyBuf::copy_from(fixture!("arange_f8.npy")).unwrap();
    let err = buf.as_npy().view::<f64, 3>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "the file's shape [2, 3] has 2 axes, expected 3"
    );
    let err = buf.as_npy().view::<f32, 2>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "the file holds descr \"<f8\", but f32 is \"<f4\""
    );
    assert!(matches!(
        read_npy_from::<f64, 1>(fixture!("arange_f8.npy")),
        Err(NpyError::RankMismatch { expected: 1, .. })
    ));
    // Truncated: 80 data bytes announced, 77 there.
    let err = NpyBuf::copy_from(fixture!("truncated_f8.npy")).unwrap_err();
    assert!(
        matches!(
            err,
            NpyError::Truncated {
                what: "data",
                needed: 80,
                available: 77
            }
        ),
        "{err:?}"
    );
    let err = read_npy_from::<f64, 1>(fixture!("truncated_f8.npy")).unwrap_err();
    assert!(
        matches!(
            err,
            NpyError::Truncated {
                what: "data",
                needed: 80,
                available: 77
            }
        ),
        "{err:?}"
    );
    // Bad header, structured dtype.
    assert!(
        matches!(NpyBuf::copy_from(fixture!("bad_header.npy")), Err(NpyError::UnknownKey { key }) if key == "xhape")
    );
    assert!(matches!(
        NpyBuf::copy_from(fixture!("structured.npy")),
        Err(NpyError::StructuredDescr { .. })
    ));
    // A bool byte of 2: refused by the view and by the read, at its index.
    let buf = NpyBuf::copy_from(fixture!("bad_bool.npy")).unwrap();
    assert!(matches!(
        buf.as_npy().view::<bool, 1>(),
        Err(NpyError::InvalidBool { index: 1, byte: 2 })
    ));
    assert!(matches!(
        read_npy_from::<bool, 1>(fixture!("bad_bool.npy")),
        Err(NpyError::InvalidBool { index: 1, byte: 2 })
    ));
    // ...and still readable as bytes.
    assert_eq!(buf.as_npy().view_bytes().to_vec(), [1, 2, 1]);
}

#[test]
fn unaligned_bytes_are_refused_not_misread() {
    // The same file one byte into a buffer: the f8 data is no longer 8-byte aligned.
    let file = fixture!("arange_f8.npy");
    let mut words = vec![0_u64; file.len() / 8 + 2];
    let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
    bytes[1..=file.len()].copy_from_slice(file);
    let npy = NpyBytes::parse(&bytes[1..=file.len()]).unwrap();
    assert!(matches!(
        npy.view::<f64, 2>(),
        Err(NpyError::Misaligned { align: 8, .. })
    ));
    assert_eq!(npy.view_bytes().len(), 48);
    // Aligned, the same bytes view in place.
    bytes[..file.len()].copy_from_slice(file);
    let npy = NpyBytes::parse(&bytes[..file.len()]).unwrap();
    let v = npy.view::<f64, 2>().unwrap();
    assert_eq!(v.as_ptr().cast::<u8>(), bytes[128..].as_ptr()); // no copy
}

#[test]
fn memslice_writes_what_numpy_wrote() {
    fn written<T: memslice_alloc::npy::NpyElement, const N: usize>(
        data: &[T],
        shape: [usize; N],
        order: Order,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        write_npy(
            &mut out,
            MemViewSlice::from_slice(data, shape).unwrap(),
            order,
        )
        .unwrap();
        out
    }
    assert_eq!(
        written(&[0_i8, 1, 2, 3, 4, 5], [2, 3], Order::C),
        fixture!("arange_i1.npy")
    );
    assert_eq!(
        written(&[0_i16, 1, 2, 3, 4, 5], [2, 3], Order::C),
        fixture!("arange_i2.npy")
    );
    assert_eq!(
        written(&[0_i32, 1, 2, 3, 4, 5], [2, 3], Order::C),
        fixture!("arange_i4.npy")
    );
    assert_eq!(
        written(&[0_i64, 1, 2, 3, 4, 5], [2, 3], Order::C),
        fixture!("arange_i8.npy")
    );
    assert_eq!(
        written(&[0_u8, 1, 2, 3, 4, 5], [2, 3], Order::C),
        fixture!("arange_u1.npy")
    );
    assert_eq!(
        written(&[0_u16, 1, 2, 3, 4, 5], [2, 3], Order::C),
        fixture!("arange_u2.npy")
    );
    assert_eq!(
        written(&[0_u32, 1, 2, 3, 4, 5], [2, 3], Order::C),
        fixture!("arange_u4.npy")
    );
    assert_eq!(
        written(&[0_u64, 1, 2, 3, 4, 5], [2, 3], Order::C),
        fixture!("arange_u8.npy")
    );
    assert_eq!(
        written(&[0.0_f32, 1.0, 2.0, 3.0, 4.0, 5.0], [2, 3], Order::C),
        fixture!("arange_f4.npy")
    );
    let f8 = [0.0_f64, 1.0, 2.0, 3.0, 4.0, 5.0];
    assert_eq!(written(&f8, [2, 3], Order::C), fixture!("arange_f8.npy"));
    assert_eq!(written(&f8, [2, 3], Order::F), fixture!("fortran_f8.npy"));
    assert_eq!(
        written(&[true, false, true, false, false, true], [2, 3], Order::C),
        fixture!("bool.npy")
    );
    let i2: Vec<i16> = (0..24).collect();
    assert_eq!(
        written(&i2, [2, 3, 4], Order::C),
        fixture!("arange_3d_i2.npy")
    );
    assert_eq!(written(&[3.5_f64], [], Order::C), fixture!("scalar_f8.npy"));
    assert_eq!(
        written::<i32, 2>(&[], [0, 3], Order::C),
        fixture!("empty_i4.npy")
    );
    assert_eq!(
        written::<u8, 2>(&[], [0, 1 << 40], Order::C),
        fixture!("empty_huge_u1.npy")
    );
}

#[test]
fn arrays_both_c_and_f_contiguous_are_written_as_numpy_writes_them() {
    // NumPy writes `fortran_order: False` for an array that is C- and F-contiguous at once (at
    // most one extent above 1, or no elements), whichever order it was made in:
    // np.asfortranarray(np.array(3.5)), np.zeros((0, 3), "<i4", order="F") and
    // np.asfortranarray(np.arange(6.0)) all give the C-order file.
    let write = |v: MemViewSlice<'_, _, 1>| {
        let mut out = Vec::new();
        write_npy(&mut out, v, Order::F).unwrap();
        out
    };
    let mut scalar = Vec::new();
    write_npy(
        &mut scalar,
        MemViewSlice::from_slice(&[3.5_f64], []).unwrap(),
        Order::F,
    )
    .unwrap();
    assert_eq!(scalar, fixture!("scalar_f8.npy"));
    let mut empty = Vec::new();
    write_npy(
        &mut empty,
        MemViewSlice::<i32, 2>::from_slice(&[], [0, 3]).unwrap(),
        Order::F,
    )
    .unwrap();
    assert_eq!(empty, fixture!("empty_i4.npy"));
    let line = [0.0_f64, 1.0, 2.0, 3.0, 4.0, 5.0];
    let file = write(MemViewSlice::from_slice(&line, [6]).unwrap());
    let header = Header::parse(&file).unwrap();
    assert!(!header.fortran_order());
    assert_eq!(
        &file[..header.data_offset()],
        &Header::new(Descr::of::<f64>(), vec![6], false)
            .unwrap()
            .to_bytes()
            .unwrap()[..]
    );
    // A (1, n) array is both too; a (2, 3) one is not, and keeps `True`.
    let mut row = Vec::new();
    write_npy(
        &mut row,
        MemViewSlice::from_slice(&line, [1, 6]).unwrap(),
        Order::F,
    )
    .unwrap();
    assert!(!Header::parse(&row).unwrap().fortran_order());
    let mut grid = Vec::new();
    write_npy(
        &mut grid,
        MemViewSlice::from_slice(&line, [2, 3]).unwrap(),
        Order::F,
    )
    .unwrap();
    assert_eq!(grid, fixture!("fortran_f8.npy"));
}
