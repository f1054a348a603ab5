//! Writing any view: strided, reversed, broadcast, transposed, in C or F order asked; read back
//! from memory (Miri runs all of it) and compared with the view's own C-order walk. Plus the
//! in-memory writable views and the auditor's attempts on the in-memory path.
#![cfg(feature = "npy")]

use memslice_alloc::npy::{Descr, Header, NpyBuf, NpyBytesMut, NpyError, read_npy_from, write_npy};
use memslice_core::layout::Order;
use memslice_core::{MemViewSlice, s};
use proptest::prelude::*;

fn round_trip<const N: usize>(view: MemViewSlice<'_, i32, N>, order: Order) -> NpyBuf {
    let mut file = Vec::new();
    write_npy(&mut file, view, order).unwrap();
    assert_eq!(Header::parse(&file).unwrap().data_offset() % 64, 0);
    let buf = NpyBuf::copy_from(&file).unwrap();
    let back = buf.as_npy().view::<i32, N>().unwrap();
    assert_eq!(back.shape(), view.shape());
    assert_eq!(back.to_vec(), view.to_vec(), "order {order:?}");
    // The order asked, unless the array lies the same in both (at most one extent above 1, or
    // no elements): NumPy writes C order then, and so must we.
    let shape = view.shape();
    let both = shape.contains(&0) || shape.iter().filter(|&&n| n > 1).count() <= 1;
    let expected = if both { Order::C } else { order };
    assert_eq!(buf.as_npy().header().order(), expected, "shape {shape:?}");
    assert_eq!(
        read_npy_from::<i32, N>(&file[..]).unwrap().view().to_vec(),
        view.to_vec()
    );
    buf
}

#[test]
fn any_strides_either_order() {
    let data: Vec<i32> = (0..24).collect();
    let a = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap();
    for order in [Order::C, Order::F] {
        round_trip(a, order);
        round_trip(a.slice(s![.., ..;-1, 1..;2]), order); // a[:, ::-1, 1::2]
        round_trip(a.t(), order);
        round_trip(a.slice(s![-1, .., ..;-3]), order);
    }
    // Broadcast: a zero stride repeats a row; the file holds the repeats.
    let row = MemViewSlice::from_slice_strided(&data, [3, 4], [0, 4], 0).unwrap();
    let buf = round_trip(row, Order::C);
    assert_eq!(buf.as_npy().view_bytes().len(), 48);
    // F order of a C array: memory order in the file is the transpose's.
    let m = MemViewSlice::from_slice(&data[..6], [2, 3]).unwrap();
    let mut file = Vec::new();
    write_npy(&mut file, m, Order::F).unwrap();
    let words: Vec<i32> = file[128..]
        .chunks(4)
        .map(|c| i32::from_ne_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(words, [0, 3, 1, 4, 2, 5]);
}

#[test]
fn zero_d_and_empty() {
    let x = [42_i32];
    round_trip(MemViewSlice::from_slice(&x, []).unwrap(), Order::C);
    let none: [i32; 0] = [];
    for order in [Order::C, Order::F] {
        round_trip(MemViewSlice::from_slice(&none, [0, 5]).unwrap(), order);
        round_trip(
            MemViewSlice::from_slice(&none, [3, 0, 1 << 50]).unwrap(),
            order,
        );
    }
}

#[test]
fn writer_errors_are_io_errors() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "disk full",
            ))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let data = [1_i32, 2];
    let err = write_npy(
        Full,
        MemViewSlice::from_slice(&data, [2]).unwrap(),
        Order::C,
    )
    .unwrap_err();
    assert!(matches!(err, NpyError::Io(ref e) if e.kind() == std::io::ErrorKind::StorageFull));
    assert_eq!(err.to_string(), "I/O error: disk full");
}

#[test]
fn writable_in_memory_views() {
    let data: Vec<u16> = (0..6).collect();
    let mut file = Vec::new();
    write_npy(
        &mut file,
        MemViewSlice::from_slice(&data, [2, 3]).unwrap(),
        Order::F,
    )
    .unwrap();
    let mut words = vec![0_u64; file.len().div_ceil(8)];
    let bytes = &mut bytemuck::cast_slice_mut::<u64, u8>(&mut words)[..file.len()];
    bytes.copy_from_slice(&file);
    let mut npy = NpyBytesMut::parse(bytes).unwrap();
    {
        let mut m = npy.view_mut::<u16, 2>().unwrap();
        assert_eq!(m.strides(), &[2, 4]);
        m[[1, 0]] = 100; // F order: the second element in memory
    }
    assert_eq!(npy.as_npy().view::<u16, 2>().unwrap()[[1, 0]], 100);
    assert!(matches!(
        npy.view_mut::<u16, 1>(),
        Err(NpyError::RankMismatch { .. })
    ));
    assert!(matches!(
        npy.view_mut::<i16, 2>(),
        Err(NpyError::DescrMismatch { .. })
    ));
    npy.view_bytes_mut()[[0]] = 7;
    assert_eq!(bytes[128..132], [7, 0, 100, 0]);
}

#[test]
fn bool_bytes_written_through_a_byte_view_are_caught() {
    let mut file = Vec::new();
    write_npy(
        &mut file,
        MemViewSlice::from_slice(&[false, true], [2]).unwrap(),
        Order::C,
    )
    .unwrap();
    let mut npy = NpyBytesMut::parse(&mut file).unwrap();
    npy.view_bytes_mut()[[0]] = 0xff;
    assert!(matches!(
        npy.view_mut::<bool, 1>(),
        Err(NpyError::InvalidBool {
            index: 0,
            byte: 0xff
        })
    ));
    assert!(matches!(
        npy.as_npy().view::<bool, 1>(),
        Err(NpyError::InvalidBool {
            index: 0,
            byte: 0xff
        })
    ));
}

#[test]
fn a_header_claiming_more_data_than_there_is() {
    // 2^40 f64 announced, 16 bytes there: a named error, no allocation of 8 TiB, no read past.
    let mut file = Header::new(Descr::of::<f64>(), vec![1 << 40], false)
        .unwrap()
        .to_bytes()
        .unwrap();
    file.extend_from_slice(&[0; 16]);
    let err = NpyBuf::copy_from(&file).unwrap_err();
    assert!(
        matches!(
            err,
            NpyError::Truncated {
                what: "data",
                needed: 8796093022208,
                available: 16
            }
        ),
        "{err:?}"
    );
    let err = read_npy_from::<f64, 1>(&file[..]).unwrap_err();
    assert!(
        matches!(
            err,
            NpyError::Truncated {
                what: "data",
                available: 16,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(NpyBytesMut::parse(&mut file).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: if cfg!(miri) { 4 } else { 128 },
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn strided_views_round_trip(
        shape in prop::array::uniform3(0_usize..5),
        steps in prop::array::uniform3(prop_oneof![Just(1_isize), Just(2), Just(-1), Just(-2)]),
        fortran in any::<bool>(),
    ) {
        let data: Vec<i32> = (0..(8 * 8 * 8)).collect();
        let a = MemViewSlice::from_slice(&data, [8, 8, 8]).unwrap();
        let v = a
            .slice_axis(0, memslice_core::Slice::new(None, None, steps[0]))
            .slice_axis(1, memslice_core::Slice::new(None, None, steps[1]))
            .slice_axis(2, memslice_core::Slice::new(None, None, steps[2]));
        let v = v.slice_axis(0, ..shape[0] as isize).slice_axis(1, ..shape[1] as isize).slice_axis(2, ..shape[2] as isize);
        round_trip(v, if fortran { Order::F } else { Order::C });
    }
}

/// Writes the files `tests/data/npy/check_written.py` loads with NumPy, into the folder named
/// by `MEMSLICE_NPY_OUT`; without it (as in CI, which has no NumPy) there is nothing to do.
#[test]
#[cfg_attr(miri, ignore = "writes files, for a check run by hand")]
fn files_for_numpy() {
    let Some(dir) = std::env::var_os("MEMSLICE_NPY_OUT") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let data: Vec<i32> = (0..24).collect();
    let a = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap(); // np.arange(24).reshape(2, 3, 4)
    let write = |name: &str, v: MemViewSlice<'_, i32, 3>, order| {
        memslice_alloc::npy::write_npy_file(dir.join(name), v, order).unwrap();
    };
    write("c.npy", a, Order::C);
    write("f.npy", a, Order::F);
    write("strided_c.npy", a.slice(s![.., ..;-1, 1..;2]), Order::C);
    write("strided_f.npy", a.slice(s![.., ..;-1, 1..;2]), Order::F);
    write("transposed.npy", a.t(), Order::C);
    let row = MemViewSlice::from_slice_strided(&data, [2, 3, 4], [0, 0, 4], 0).unwrap();
    write("broadcast.npy", row, Order::C);
    let flags = [true, false, true];
    memslice_alloc::npy::write_npy_file(
        dir.join("bool.npy"),
        MemViewSlice::from_slice(&flags, [3]).unwrap(),
        Order::C,
    )
    .unwrap();
    let x = [2.5_f64];
    memslice_alloc::npy::write_npy_file(
        dir.join("scalar.npy"),
        MemViewSlice::from_slice(&x, []).unwrap(),
        Order::C,
    )
    .unwrap();
}
