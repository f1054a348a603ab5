//! The `.npy` header parser and formatter: hand-written headers as NumPy writes them (the
//! byte strings below are `np.lib.format` output, written down), every refusal by name,
//! format → parse round trips, and garbage that must give an error, never a panic.
#![cfg(feature = "npy")]

use memslice_alloc::npy::{ByteOrder, Descr, Header, NpyError, Version};
use proptest::prelude::*;

/// A v1.0 file prefix around header `text` (the length field is the text's length).
fn v1(text: &str) -> Vec<u8> {
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(text.len() as u16).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
    out
}

/// A v2.0 / v3.0 file prefix around header bytes `text`.
fn v23(major: u8, text: &[u8]) -> Vec<u8> {
    let mut out = vec![0x93, b'N', b'U', b'M', b'P', b'Y', major, 0];
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text);
    out
}

#[test]
fn numpy_header_bytes_exactly() {
    // np.lib.format.write_array(f, np.arange(3.0)) writes these 128 bytes of header.
    let mut expected =
        b"\x93NUMPY\x01\x00\x76\x00{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"
            .to_vec();
    expected.resize(127, b' ');
    expected.push(b'\n');
    let h = Header::new(Descr::parse("<f8").unwrap(), vec![3], false).unwrap();
    assert_eq!(h.to_bytes().unwrap(), expected);
    // 0-d: no growth room (and still past 64 bytes); F order: the growth axis is the last.
    let zero_d = Header::new(Descr::parse("|b1").unwrap(), vec![], false).unwrap();
    let bytes = zero_d.to_bytes().unwrap();
    assert!(bytes.starts_with(b"\x93NUMPY\x01\x00\x76\x00{'descr': '|b1', 'fortran_order': False, 'shape': (), }               "));
    assert_eq!(bytes.len(), 128);
    let f = Header::new(Descr::parse("<i4").unwrap(), vec![2, 3], true).unwrap();
    let text = String::from_utf8(f.to_bytes().unwrap()[10..].to_vec()).unwrap();
    assert_eq!(
        text.trim_end(),
        "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }"
    );
}

#[test]
fn accepts_what_python_accepts() {
    for text in [
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }\n",
        "{'shape': (3,), 'descr': '<f8', 'fortran_order': False}",
        "{\"descr\":\"<f8\",\"fortran_order\":False,\"shape\":(3,)}   \n",
        "  {  'fortran_order' :False , 'shape' : ( 3 , ) ,'descr':'<f8' ,  }  \n",
        "{'descr': '<f8',\n 'fortran_order': False,\n 'shape': (3,)}\n",
    ] {
        let h = Header::parse(&v1(text)).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(
            (h.shape(), h.fortran_order(), h.descr().as_str()),
            (&[3][..], false, "<f8")
        );
        assert_eq!(h.data_offset(), 10 + text.len());
    }
    let h = Header::parse(&v1(
        "{'descr': '>i2', 'fortran_order': True, 'shape': (2, 0, 4), }",
    ))
    .unwrap();
    assert_eq!((h.shape(), h.len(), h.nbytes()), (&[2, 0, 4][..], 0, 0));
    assert_eq!(h.descr().byte_order(), ByteOrder::Big);
    let h = Header::parse(&v1(
        "{'descr': '<u2', 'fortran_order': False, 'shape': (2, 3,), }",
    ))
    .unwrap();
    assert_eq!(h.shape(), &[2, 3]);
    let h = Header::parse(&v1(
        "{'descr': '<u2', 'fortran_order': False, 'shape': (), }",
    ))
    .unwrap();
    assert_eq!((h.shape(), h.len()), (&[][..], 1));
}

#[test]
fn versions_two_and_three() {
    let text = b"{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }\n";
    let h2 = Header::parse(&v23(2, text)).unwrap();
    assert_eq!(
        (h2.version(), h2.data_offset()),
        (Version::V2, 12 + text.len())
    );
    // 3.0 allows UTF-8 (a field name of a structured dtype in practice; any string here).
    let h3 = Header::parse(&v23(3, text)).unwrap();
    assert_eq!(h3.version(), Version::V3);
    let utf8 = "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), 'é': 1}\n";
    assert!(
        matches!(Header::parse(&v23(3, utf8.as_bytes())), Err(NpyError::UnknownKey { key }) if key == "é")
    );
    // ... and the same bytes in a 1.0 or 2.0 header are refused before parsing.
    assert!(matches!(
        Header::parse(&v23(2, utf8.as_bytes())),
        Err(NpyError::NonAscii {
            major: 2,
            offset: 57,
            byte: 0xc3
        })
    ));
    let latin1 = b"{'descr': '<f4', 'fortran_order': False, 'shape': (5,), '\xe9': 1}\n";
    assert!(matches!(
        Header::parse(&v23(3, latin1)),
        Err(NpyError::InvalidUtf8 { offset: 57 })
    ));
    // Formatting in each version round-trips.
    for version in [Version::V1, Version::V2, Version::V3] {
        let h = Header::new(Descr::of::<u32>(), vec![7, 1], true)
            .unwrap()
            .with_version(version)
            .unwrap();
        let bytes = h.to_bytes().unwrap();
        assert_eq!(bytes.len() % 64, 0);
        assert_eq!(Header::parse(&bytes).unwrap(), h);
    }
}

#[test]
fn refusals_by_name() {
    let ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"\x93NUMPX\x01\x00".to_vec(), "BadMagic"),
        (b"PK\x03\x04".to_vec(), "BadMagic"),
        (b"\x93NUM".to_vec(), "Truncated"),
        (b"\x93NUMPY\x01".to_vec(), "Truncated"),
        (b"\x93NUMPY\x04\x00\x00\x00".to_vec(), "UnsupportedVersion"),
        (b"\x93NUMPY\x01\x01\x00\x00".to_vec(), "UnsupportedVersion"),
        (b"\x93NUMPY\x01\x00\x05".to_vec(), "Truncated"),
        (v1(ok)[..40].to_vec(), "Truncated"),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'extra': 1}"),
            "UnknownKey",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'shape': (3,)}"),
            "DuplicateKey",
        ),
        (v1("{'descr': '<f8', 'shape': (3,)}"), "MissingKey"),
        (
            v1("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,)}"),
            "StructuredDescr",
        ),
        (
            v1("{'descr': {'names': ['a']}, 'fortran_order': False, 'shape': (3,)}"),
            "StructuredDescr",
        ),
        (
            v1("{'descr': '|O', 'fortran_order': False, 'shape': (3,)}"),
            "BadDescr",
        ),
        (
            v1("{'descr': '<f', 'fortran_order': False, 'shape': (3,)}"),
            "BadDescr",
        ),
        (
            v1("{'descr': '|f8', 'fortran_order': False, 'shape': (3,)}"),
            "BadDescr",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': false, 'shape': (3,)}"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': 0, 'shape': (3,)}"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3)}"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': [3]}"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (-3,)}"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (03,)}"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3L,)}"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (,)}"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3,),, }"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3,)} x"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3,)"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f\\x38', 'fortran_order': False, 'shape': (3,)}"),
            "Syntax",
        ),
        (
            v1("{'descr: '<f8', 'fortran_order': False, 'shape': (3,)}"),
            "Syntax",
        ),
        (v1("'descr': '<f8'"), "Syntax"),
        (v1(""), "Syntax"),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}"),
            "Syntax",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,)}"),
            "ShapeOverflow",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}"),
            "ShapeOverflow",
        ),
        // A zero extent does not excuse the others: NumPy refuses this too.
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 18446744073709551615)}"),
            "ShapeOverflow",
        ),
    ];
    for (bytes, want) in cases {
        let err =
            Header::parse(&bytes).expect_err(&format!("{:?}", bytes.escape_ascii().to_string()));
        let got = format!("{err:?}");
        assert!(
            got.starts_with(want),
            "{}: want {want}, got {got}",
            bytes.escape_ascii()
        );
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn messages_name_what_was_found() {
    let err = Header::parse(&v1(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3)}",
    ))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed .npy header at offset 52: expected ',' after the only extent of a 1-d shape, found \")}\""
    );
    let err = Header::parse(b"\x93NUMPY\x02\x01").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unsupported .npy format version 2.1, expected 1.0, 2.0 or 3.0"
    );
    let err = Header::parse(&v1(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,)}",
    ))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "shape [4611686018427387904] of 8-byte elements is too big: its size does not fit isize"
    );
    let err = Header::parse(&v1(
        "{'descr': [('x', '<i4')], 'fortran_order': False, 'shape': (1,)}",
    ))
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("structured dtype [('x', '<i4')]"),
        "{err}"
    );
    let mut short = v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}");
    short.truncate(30);
    assert_eq!(
        Header::parse(&short).unwrap_err().to_string(),
        "truncated .npy: the header needs 55 bytes, only 20 are there"
    );
}

#[test]
fn reader_and_slice_agree() {
    let bytes = Header::new(Descr::of::<i16>(), vec![3, 5], false)
        .unwrap()
        .to_bytes()
        .unwrap();
    for cut in 0..bytes.len() {
        let from_slice = Header::parse(&bytes[..cut]).unwrap_err();
        let from_reader = Header::read_from(&mut &bytes[..cut]).unwrap_err();
        assert_eq!(
            format!("{from_slice:?}"),
            format!("{from_reader:?}"),
            "cut at {cut}"
        );
    }
    let mut reader = &bytes[..];
    let h = Header::read_from(&mut reader).unwrap();
    assert!(reader.is_empty());
    assert_eq!(h, Header::parse(&bytes).unwrap());
}

fn descr_strategy() -> impl Strategy<Value = Descr> {
    prop_oneof![
        Just("<f8"),
        Just("<f4"),
        Just(">f8"),
        Just("=i4"),
        Just("|b1"),
        Just("|u1"),
        Just("|i1"),
        Just("<u8"),
        Just("<c16"),
        Just("|S7"),
        Just("<U3"),
        Just("<M8[ns]"),
        Just("|V16"),
    ]
    .prop_map(|s| Descr::parse(s).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: if cfg!(miri) { 8 } else { 256 },
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn format_then_parse_round_trips(
        descr in descr_strategy(),
        shape in prop::collection::vec(0_usize..1000, 0..6),
        fortran in any::<bool>(),
        version in prop_oneof![Just(Version::V1), Just(Version::V2), Just(Version::V3)],
    ) {
        let h = Header::new(descr, shape, fortran).unwrap().with_version(version).unwrap();
        let bytes = h.to_bytes().unwrap();
        prop_assert_eq!(bytes.len() % 64, 0);
        prop_assert_eq!(bytes.len(), h.data_offset());
        prop_assert_eq!(*bytes.last().unwrap(), b'\n');
        prop_assert_eq!(Header::parse(&bytes).unwrap(), h.clone());
        prop_assert_eq!(Header::read_from(&mut &bytes[..]).unwrap(), h);
    }

    #[test]
    fn garbage_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = Header::parse(&bytes);
        let _ = Header::read_from(&mut &bytes[..]);
        let mut prefixed = b"\x93NUMPY\x01\x00".to_vec();
        prefixed.extend_from_slice(&bytes);
        let _ = Header::parse(&prefixed);
    }

    #[test]
    fn mutated_headers_never_panic(
        shape in prop::collection::vec(0_usize..1000, 0..4),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let h = Header::new(Descr::of::<f64>(), shape, false).unwrap();
        let mut bytes = h.to_bytes().unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let cut = cut.index(bytes.len() + 1);
        if let Ok(parsed) = Header::parse(&bytes[..cut]) {
            // Whatever parses is self-consistent.
            prop_assert!(parsed.data_offset() <= cut);
            prop_assert!(parsed.nbytes() <= isize::MAX as usize);
        }
        let _ = Header::read_from(&mut &bytes[..cut]);
    }
}

#[test]
fn descrs_of_every_element_type() {
    let le = cfg!(target_endian = "little");
    let multi = |code: &str| format!("{}{code}", if le { '<' } else { '>' });
    assert_eq!(Descr::of::<i8>().as_str(), "|i1");
    assert_eq!(Descr::of::<u8>().as_str(), "|u1");
    assert_eq!(Descr::of::<bool>().as_str(), "|b1");
    assert_eq!(Descr::of::<i16>().as_str(), multi("i2"));
    assert_eq!(Descr::of::<i32>().as_str(), multi("i4"));
    assert_eq!(Descr::of::<i64>().as_str(), multi("i8"));
    assert_eq!(Descr::of::<u16>().as_str(), multi("u2"));
    assert_eq!(Descr::of::<u32>().as_str(), multi("u4"));
    assert_eq!(Descr::of::<u64>().as_str(), multi("u8"));
    assert_eq!(Descr::of::<f32>().as_str(), multi("f4"));
    assert_eq!(Descr::of::<f64>().as_str(), multi("f8"));
    // One byte has no order: any order character is fine for a one-byte type.
    for d in ["<u1", ">u1", "=u1", "|u1"] {
        assert!(Descr::parse(d).unwrap().check::<u8>().is_ok(), "{d}");
    }
    assert!(Descr::parse("=f8").unwrap().check::<f64>().is_ok());
}

#[test]
fn bad_descrs_are_named() {
    for d in [
        "",
        "<",
        "f8",
        "<é4",
        "<x4",
        "<f",
        "<f8x",
        "<M8[]",
        "<M8[n s]",
        "<m8[ns",
        "|O",
        "|O8",
        "<U4611686018427387904",
        "|S99999999999999999999999",
        "|i4",
    ] {
        let err = Descr::parse(d).unwrap_err();
        assert!(
            matches!(err, NpyError::BadDescr { ref descr, .. } if descr == d),
            "{d}: {err:?}"
        );
    }
    assert_eq!(
        Descr::parse("|O").unwrap_err().to_string(),
        "descr \"|O\" not understood: object arrays hold pickled Python objects, not raw data"
    );
    assert_eq!(Descr::parse("<M8[ns]").unwrap().itemsize(), 8);
}

#[test]
fn a_header_length_field_larger_than_the_input() {
    // A 2.0 header claiming 4 GiB - 1 of text over 20 bytes: Truncated, and the reader does not
    // allocate what the field claims.
    let mut file = b"\x93NUMPY\x02\x00\xff\xff\xff\xff".to_vec();
    file.extend_from_slice(b"{'descr': '<f8', }\n");
    for err in [
        Header::parse(&file).unwrap_err(),
        Header::read_from(&mut &file[..]).unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                NpyError::Truncated {
                    what: "header",
                    needed: 4294967295,
                    available: 19
                }
            ),
            "{err:?}"
        );
    }
}

#[test]
fn descrs_numpy_refuses_are_refused() {
    // np.dtype(d) raises TypeError for each of these (NumPy 2.4): sizes no number type has,
    // and time units NumPy does not know. A descr accepted here could be written by
    // `Header::to_bytes` into a file NumPy cannot load.
    for d in [
        "<i3", "<i16", "<u16", "<f3", "<f1", "<c4", "<c2", "<b2", "<M4", "<m16", "<M8[xx]",
        "<M8[2]", "<m8[nsx]", "<M8[NS]",
    ] {
        let err = Descr::parse(d).unwrap_err();
        assert!(
            matches!(err, NpyError::BadDescr { ref descr, .. } if descr == d),
            "{d}: {err:?}"
        );
    }
    // And NumPy accepts these (np.dtype(d).str in the comment): still accepted.
    for (d, itemsize) in [
        ("<f2", 2),       // '<f2'
        ("<f16", 16),     // '<f16', long double on x86-64
        ("<f12", 12),     // '<f12', long double on 32-bit x86
        ("<c32", 32),     // '<c32'
        ("<c24", 24),     // '<c24'
        ("<i08", 8),      // '<i8'
        ("<M8", 8),       // '<M8', generic unit
        ("<m8[10ms]", 8), // '<m8[10ms]'
        ("<M8[2ns]", 8),  // '<M8[2ns]'
        ("<M8[Y]", 8),    // '<M8[Y]'
        ("<M8[as]", 8),   // '<M8[as]'
        ("|V0", 0),       // '|V0'
        ("<U0", 0),       // '<U0'
    ] {
        assert_eq!(Descr::parse(d).unwrap().itemsize(), itemsize, "{d}");
    }
    assert_eq!(
        Descr::parse("<i3").unwrap_err().to_string(),
        "descr \"<i3\" not understood: an integer (i, u) is 1, 2, 4 or 8 bytes"
    );
}
