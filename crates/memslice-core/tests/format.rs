//! Format strings against CPython's `struct.calcsize`, written down from CPython 3.11 on x86-64
//! Linux (LP64: `long` and `size_t` are 8 bytes), and the PEP 3118 extensions NumPy writes,
//! worked out by hand from C's layout rules.

use memslice_core::buffer::{Element, Flags, Format, FormatError, Kind, size_from_format};

/// `struct.calcsize(format)` in CPython.
const CPYTHON: &[(&str, usize)] = &[
    ("b", 1),
    ("B", 1),
    ("c", 1),
    ("?", 1),
    ("h", 2),
    ("H", 2),
    ("i", 4),
    ("I", 4),
    ("l", 8),
    ("L", 8),
    ("q", 8),
    ("Q", 8),
    ("n", 8),
    ("N", 8),
    ("e", 2),
    ("f", 4),
    ("d", 8),
    ("P", 8),
    ("x", 1),
    ("s", 1),
    ("p", 1),
    ("@ci", 8),
    ("@ic", 5),
    ("ci", 8),
    ("c0i", 4),
    ("=ci", 5),
    ("<ci", 5),
    (">ci", 5),
    ("!ci", 5),
    ("3h", 6),
    ("3s", 3),
    ("0s", 0),
    ("10p", 10),
    ("bhil", 16),
    ("@bhilq", 24),
    ("=bhilq", 19),
    ("<bhilq", 19),
    ("4x", 4),
    ("xxh", 4),
    ("hxh", 6),
    ("5c2i", 16),
    ("c2hq", 16),
    ("d c", 9),
    ("  d", 8),
    ("3d", 24),
    ("2e", 4),
    ("eH", 4),
    ("@?d", 16),
    ("=?d", 9),
    ("cP", 16),
    ("@bP", 16),
    ("iq", 16),
    ("qi", 12),
    ("hhi", 8),
    ("q0d", 8),
    ("c0q", 8),
    ("3xq", 16),
    ("@3xq", 16),
    ("", 0),
    ("0i", 0),
    ("ccc0l", 8),
    ("<d", 8),
    (">f", 4),
    ("!H", 2),
    ("@N", 8),
    ("3?", 3),
    ("2s3p", 5),
    ("bB?e", 6),
    ("1e99i", 400),
];

/// Strings CPython refuses ("bad char in struct format" or "repeat count given without format
/// specifier"), with the position of the offending character.
const REFUSED: &[(&str, usize)] = &[
    ("y", 0),
    ("<n", 1),
    ("<N", 1),
    (">P", 1),
    ("=n", 1),
    ("4", 0),
    ("3 h", 1),
    ("i<", 1),
    ("hh!", 2),
    ("-1i", 0),
    ("{", 0),
    ("Z", 1),
    ("Zq", 1),
    ("T(", 1),
    ("ig", 1),
];

#[test]
fn itemsizes_match_cpython() {
    for &(format, size) in CPYTHON {
        assert_eq!(
            size_from_format(format),
            Ok(size),
            "struct.calcsize({format:?})"
        );
    }
    assert!(CPYTHON.len() + REFUSED.len() >= 60);
}

#[test]
fn refused_strings_name_the_position() {
    for &(format, position) in REFUSED {
        let err = Format::parse(format).unwrap_err();
        let at = match err {
            FormatError::BadChar { position, .. } | FormatError::CountWithoutCode { position } => {
                position
            }
            other => panic!("{format:?}: unexpected {other:?}"),
        };
        assert_eq!(at, position, "{format:?}: {err}");
    }
    assert_eq!(
        Format::parse("4").unwrap_err().to_string(),
        "repeat count at position 0 given without format specifier"
    );
    assert!(matches!(
        Format::parse("99999999999999999999x"),
        Err(FormatError::TooLarge { position: 0 })
    ));
    assert!(matches!(
        Format::parse("9223372036854775807q"),
        Err(FormatError::TooLarge { .. })
    ));
}

#[test]
fn native_offsets_and_alignment() {
    // struct bhilq { char b; short h; int i; long l; long long q; } on LP64
    let f = Format::parse("@bhilq").unwrap();
    let offsets: Vec<usize> = f.fields().iter().map(|x| x.offset).collect();
    assert_eq!(offsets, [0, 2, 4, 8, 16]);
    assert_eq!((f.itemsize(), f.alignment()), (24, 8));
    assert_eq!(Format::parse("=bhilq").unwrap().alignment(), 1);
}

#[test]
fn pep3118_extensions() {
    let cases: &[(&str, usize)] = &[
        ("Zd", 16),
        ("Zf", 8),
        ("@cZd", 24),        // the complex double aligns to 8
        ("T{d:x:d:y:}", 16), // NumPy's [('x', '<f8'), ('y', '<f8')]
        ("T{ci}", 8),        // a nested C struct is padded to its alignment
        ("cT{ci}", 12),      // ...and aligned as a member
        ("(2,3)d", 48),      // sub-array
        ("(2)h:pair:", 4),
        ("^ci", 5), // native sizes, no alignment
        ("^l", 8),
        ("T{<i}", 4),
        ("3T{bb}", 6),
    ];
    for &(format, size) in cases {
        assert_eq!(size_from_format(format), Ok(size), "{format:?}");
    }
    let f = Format::parse("T{d:x:(3)f:rgb:}").unwrap();
    let inner = &f.fields()[0];
    assert_eq!(
        (inner.kind, inner.size, inner.nested.len()),
        (Kind::Struct, 24, 2)
    );
    assert_eq!((inner.nested[1].count, inner.nested[1].offset), (3, 8));
    for bad in ["T{i", "d:x", "(2,3", "T{i}}"] {
        assert!(Format::parse(bad).is_err(), "{bad:?}");
    }
    assert!(matches!(
        Format::parse("T{i"),
        Err(FormatError::Unterminated { position: 0 })
    ));
}

#[test]
fn byte_order_changes_inside_a_format_as_numpy_reads_it() {
    let native_le = cfg!(target_endian = "little");
    // (format, itemsize, [(offset, little_endian)] of the top-level fields, or of the nested
    // struct's fields for a single-struct format). The formats and sizes are NumPy's: the
    // first three are `memoryview(np.zeros(1, dt)).format` / `.itemsize` for
    // [('a','<i4'),('b','>i4')], [('a','>f8'),('b',[('c','<i2'),('d','>i2')]),('e','<i4')]
    // and [('a','<i4',(2,)),('b','>u2')]; the last two are what
    // `numpy._core._internal._dtype_from_pep3118` makes of them (the order in force stays
    // in force after a struct closes; it follows a sub-array shape).
    let inner = |f: &Format| -> Vec<(usize, bool)> {
        let fields = match f.fields() {
            [one] if !one.nested.is_empty() => &one.nested,
            all => all,
        };
        fields.iter().map(|x| (x.offset, x.little_endian)).collect()
    };
    let f = Format::parse("T{i:a:>i:b:}").unwrap();
    assert_eq!(
        (f.itemsize(), inner(&f)),
        (8, vec![(0, native_le), (4, false)])
    );
    let f = Format::parse("T{>d:a:T{@h:c:>h:d:}:b:@i:e:}").unwrap();
    assert_eq!(
        (f.itemsize(), inner(&f)),
        (16, vec![(0, false), (8, false), (12, native_le)])
    );
    let b = &f.fields()[0].nested[1];
    let cd: Vec<_> = b
        .nested
        .iter()
        .map(|x| (x.offset, x.little_endian))
        .collect();
    assert_eq!(cd, [(0, native_le), (2, false)]);
    let f = Format::parse("T{(2)i:a:>H:b:}").unwrap();
    assert_eq!(
        (f.itemsize(), inner(&f)),
        (10, vec![(0, native_le), (8, false)])
    );
    let f = Format::parse("T{>i:a:}i").unwrap();
    assert_eq!((f.itemsize(), f.fields()[1].little_endian), (8, false));
    let f = Format::parse("<i(2)>h").unwrap();
    let h = &f.fields()[1];
    assert_eq!((f.itemsize(), h.count, h.little_endian), (8, 2, false));
    // NumPy writes a big-endian sub-array field as `(2)>i`.
    let f = Format::parse("T{(2)>i:a:}").unwrap();
    let a = &f.fields()[0].nested[0];
    assert_eq!((f.itemsize(), a.count, a.little_endian), (8, 2, false));
    // An order with no item after it is refused, as NumPy refuses it, and so is one before a
    // sub-array shape between items. (NumPy refuses a leading `>(2)i` too; here a leading
    // order is the format's mode, and `>(2)i` is accepted, as it always was.)
    for (bad, at) in [("T{i<}", 3), ("i<", 1), ("T{i:a:>}", 6), ("i>(2)h", 2)] {
        match Format::parse(bad) {
            Err(FormatError::BadChar { position, .. }) => assert_eq!(position, at, "{bad:?}"),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
}

#[test]
fn elements_accept_their_formats() {
    let ok = |t: fn(&Format) -> bool, f: &str| t(&Format::parse(f).unwrap());
    assert!(ok(f64::accepts, "d") && ok(f64::accepts, "=d") && ok(f64::accepts, "@d"));
    assert_eq!(ok(f64::accepts, "<d"), cfg!(target_endian = "little"));
    assert_eq!(ok(f64::accepts, ">d"), cfg!(target_endian = "big"));
    assert!(!ok(f64::accepts, "q") && !ok(f64::accepts, "2d") && !ok(f64::accepts, "f"));
    assert!(ok(i64::accepts, "q") && ok(i64::accepts, "<q") && ok(i64::accepts, "n"));
    assert!(!ok(i64::accepts, "<l"), "standard 'l' is 4 bytes");
    assert!(ok(u8::accepts, "B") && ok(u8::accepts, "c") && ok(u8::accepts, ">B"));
    assert!(!ok(u8::accepts, "b") && !ok(u8::accepts, "?"));
    assert!(ok(i32::accepts, "i") && ok(i32::accepts, "<l") && !ok(i32::accepts, "I"));
    assert!(ok(bool::accepts, "?") && ok(u16::accepts, "H") && ok(f32::accepts, "f"));
}

#[test]
fn flags_follow_cpython() {
    // CPython's values: PyBUF_WRITABLE 0x1, FORMAT 0x4, ND 0x8, STRIDES 0x18, C_CONTIGUOUS 0x38,
    // F_CONTIGUOUS 0x58, ANY_CONTIGUOUS 0x98, INDIRECT 0x118.
    let table = [
        (Flags::SIMPLE, 0x0),
        (Flags::WRITABLE, 0x1),
        (Flags::FORMAT, 0x4),
        (Flags::ND, 0x8),
        (Flags::STRIDES, 0x18),
        (Flags::C_CONTIGUOUS, 0x38),
        (Flags::F_CONTIGUOUS, 0x58),
        (Flags::ANY_CONTIGUOUS, 0x98),
        (Flags::INDIRECT, 0x118),
        (Flags::CONTIG, 0x9),
        (Flags::CONTIG_RO, 0x8),
        (Flags::STRIDED, 0x19),
        (Flags::STRIDED_RO, 0x18),
        (Flags::RECORDS, 0x1d),
        (Flags::RECORDS_RO, 0x1c),
        (Flags::FULL, 0x11d),
        (Flags::FULL_RO, 0x11c),
    ];
    for (flags, bits) in table {
        assert_eq!(flags.bits(), bits, "{flags:?}");
        assert_eq!(Flags::from_bits(bits), Some(flags));
    }
    for implied in [
        Flags::C_CONTIGUOUS,
        Flags::F_CONTIGUOUS,
        Flags::ANY_CONTIGUOUS,
        Flags::INDIRECT,
    ] {
        assert!(implied.contains(Flags::STRIDES) && implied.contains(Flags::ND));
    }
    assert_eq!(
        format!("{:?}", Flags::FULL),
        "Flags(WRITABLE | FORMAT | INDIRECT)"
    );
    assert_eq!(format!("{:?}", Flags::SIMPLE), "Flags(SIMPLE)");
}
