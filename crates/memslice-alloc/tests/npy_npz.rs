//! `.npz` archives NumPy wrote (`np.savez`, `np.savez_compressed`), parsed from memory so that
//! Miri runs the central-directory parser, the in-place views and the CRC checks; then mapped
//! from disk (not under Miri). And the auditor's attempts: a misaligned member, a corrupt
//! member, archives cut or lying about their offsets.
#![cfg(feature = "npy")]

use memslice_alloc::npy::{NpyError, Npz, NpzMap, read_npz};

macro_rules! fixture {
    ($name:literal) => {
        &include_bytes!(concat!("data/npy/", $name))[..]
    };
}

/// The archive in 8-byte aligned memory, as a mapping would be (page-aligned).
fn aligned(archive: &[u8]) -> Vec<u64> {
    let mut words = vec![0_u64; archive.len().div_ceil(8)];
    bytemuck::cast_slice_mut::<u64, u8>(&mut words)[..archive.len()].copy_from_slice(archive);
    words
}

fn bytes(words: &[u64], len: usize) -> &[u8] {
    &bytemuck::cast_slice::<u64, u8>(words)[..len]
}

#[test]
fn stored_members_view_in_place_or_say_why_not() {
    let archive = fixture!("stored.npz");
    let words = aligned(archive);
    let archive = bytes(&words, archive.len());
    let npz = Npz::parse(archive).unwrap();
    assert_eq!(npz.names().collect::<Vec<_>>(), ["a", "b", "flags"]);
    assert!(!npz.is_compressed("a.npy").unwrap());
    // One-byte elements are always aligned: a view of the archive's own bytes.
    let flags = npz.view::<bool, 1>("flags").unwrap();
    assert_eq!(flags.to_vec(), [true, false]);
    let start = archive.as_ptr() as usize;
    assert!((start..start + archive.len()).contains(&(flags.as_ptr() as usize)));
    // Wider members sit wherever the zip layout put them: in place when aligned, else
    // Misaligned, never a misaligned read.
    let a_at = npz.member("a").unwrap().view_bytes().as_ptr() as usize;
    match npz.view::<i32, 2>("a") {
        Ok(v) => assert_eq!((a_at % 4, v.as_ptr() as usize), (0, a_at)),
        Err(e) => assert!(a_at % 4 != 0 && matches!(e, NpyError::Misaligned { align: 4, .. })),
    }
    let b_at = npz.member("b").unwrap().view_bytes().as_ptr() as usize;
    match npz.view::<f64, 1>("b") {
        Ok(v) => assert_eq!((b_at % 8, v.as_ptr() as usize), (0, b_at)),
        Err(e) => assert!(b_at % 8 != 0 && matches!(e, NpyError::Misaligned { align: 8, .. })),
    }
    // The copy path always works, CRC checked.
    assert_eq!(
        npz.read::<i32, 2>("a").unwrap().into_vec(),
        [0, 1, 2, 3, 4, 5]
    );
    assert_eq!(npz.read::<f64, 1>("b").unwrap().into_vec(), [0.0, 1.0, 2.0]);
    for name in ["a", "b", "flags"] {
        npz.verify(name).unwrap();
    }
}

#[test]
fn aligned_and_misaligned_members() {
    // make_fixtures.py named the members so that one's f8 data lands 8-byte aligned in the file
    // and the other's does not.
    let file = fixture!("aligned.npz");
    let words = aligned(file);
    let npz = Npz::parse(bytes(&words, file.len())).unwrap();
    let name = npz.names().next().unwrap().to_owned();
    let v = npz.view::<f64, 1>(&name).unwrap();
    assert_eq!(v.to_vec(), [0.0, 1.0, 2.0, 3.0]);

    let file = fixture!("misaligned.npz");
    let words = aligned(file);
    let npz = Npz::parse(bytes(&words, file.len())).unwrap();
    let name = npz.names().next().unwrap().to_owned();
    let err = npz.view::<f64, 1>(&name).unwrap_err();
    assert!(
        matches!(
            err,
            NpyError::Misaligned {
                align: 8,
                element: "f64",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .ends_with("read it into an owned array instead"),
        "{err}"
    );
    assert_eq!(
        npz.read::<f64, 1>(&name).unwrap().into_vec(),
        [0.0, 1.0, 2.0, 3.0]
    );
    // Bytes always view.
    assert_eq!(npz.member(&name).unwrap().view_bytes().len(), 32);
}

#[test]
fn deflated_members_are_read() {
    let npz = Npz::parse(fixture!("deflated.npz")).unwrap();
    assert_eq!(npz.names().collect::<Vec<_>>(), ["a", "b", "flags"]);
    assert!(npz.is_compressed("b").unwrap());
    let a = npz.read::<i32, 2>("a").unwrap();
    assert_eq!(
        (a.shape(), a.as_slice()),
        (&[2, 3], &[0, 1, 2, 3, 4, 5][..])
    );
    assert_eq!(
        npz.read::<bool, 1>("flags").unwrap().into_vec(),
        [true, false]
    );
    let err = npz.view::<f64, 1>("b").unwrap_err();
    assert_eq!(
        err.to_string(),
        "member \"b\" is compressed, so it cannot be viewed in place; read it into an owned array instead"
    );
    assert!(matches!(
        npz.read::<f64, 2>("b"),
        Err(NpyError::RankMismatch { .. })
    ));
    assert!(matches!(
        npz.read::<i64, 1>("b"),
        Err(NpyError::DescrMismatch { .. })
    ));
    assert!(matches!(npz.read::<f64, 1>("c"), Err(NpyError::NoMember { name }) if name == "c"));
}

#[test]
fn names_resolve_as_numpy_resolves_them() {
    // make_fixtures.py: members "a.npy" = [1], "a" = [2], "b.npy" = [1], "b.npy" = [2], in that
    // order. NumPy: npz.files == ["a", "a", "b", "b"], npz["a"] == [2] (the exact name before
    // the one with ".npy" added), npz["a.npy"] == [1], npz["b"] == [2] (zipfile keeps the last
    // of two members of one name).
    let npz = Npz::parse(fixture!("precedence.npz")).unwrap();
    assert_eq!(npz.names().collect::<Vec<_>>(), ["a", "a", "b", "b"]);
    assert_eq!(npz.read::<i32, 1>("a").unwrap().into_vec(), [2]);
    assert_eq!(npz.read::<i32, 1>("a.npy").unwrap().into_vec(), [1]);
    assert_eq!(npz.read::<i32, 1>("b").unwrap().into_vec(), [2]);
    assert_eq!(npz.read::<i32, 1>("b.npy").unwrap().into_vec(), [2]);
    assert_eq!(
        npz.member("a").unwrap().view_bytes().to_vec(),
        2_i32.to_le_bytes()
    );
}

#[test]
fn corrupt_members_fail_their_crc() {
    let npz = Npz::parse(fixture!("bad_crc.npz")).unwrap();
    let err = npz.read::<f64, 1>("b").unwrap_err();
    assert!(
        matches!(err, NpyError::Crc { ref name, .. } if name == "b"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("member \"b\" is corrupt: CRC-32")
    );
    // The others are intact.
    assert_eq!(
        npz.read::<i32, 2>("a").unwrap().into_vec(),
        [0, 1, 2, 3, 4, 5]
    );
    // A flipped byte in a deflated member: inflate or CRC refuses it, never a wrong answer.
    let mut bad = fixture!("deflated.npz").to_vec();
    let first_data = 30 + 5 + 20 + 4; // inside member a's deflate stream
    bad[first_data] ^= 0x55;
    if let Ok(npz) = Npz::parse(&bad) {
        match npz.read::<i32, 2>("a") {
            Err(NpyError::Crc { .. } | NpyError::Zip { .. }) => {}
            other => panic!("{other:?}"),
        }
    }
}

/// The offset of member `name`'s central directory entry in `archive`.
fn central_entry(archive: &[u8], name: &str) -> usize {
    (0..archive.len() - 46)
        .find(|&at| {
            archive[at..].starts_with(b"PK\x01\x02")
                && archive[at + 46..].starts_with(name.as_bytes())
        })
        .unwrap()
}

#[test]
fn verify_refuses_what_read_refuses() {
    // A deflated member whose central directory claims one byte more than its deflate stream
    // gives: `read` names the short stream; `verify`, which promises the checks of `read`, must
    // too, although the CRC of the bytes there still matches.
    let mut archive = fixture!("deflated.npz").to_vec();
    let at = central_entry(&archive, "b.npy") + 24;
    let size = u32::from_le_bytes(archive[at..at + 4].try_into().unwrap());
    archive[at..at + 4].copy_from_slice(&(size + 1).to_le_bytes());
    let npz = Npz::parse(&archive).unwrap();
    let read = npz.read::<f64, 1>("b").unwrap_err();
    assert!(matches!(read, NpyError::Zip { .. }), "{read:?}");
    let verify = npz.verify("b").unwrap_err();
    assert_eq!(verify.to_string(), read.to_string());
    // A stored member whose two sizes differ is as corrupt: both refuse it by name.
    let mut archive = fixture!("stored.npz").to_vec();
    let at = central_entry(&archive, "b.npy") + 24;
    let size = u32::from_le_bytes(archive[at..at + 4].try_into().unwrap());
    archive[at..at + 4].copy_from_slice(&(size - 1).to_le_bytes());
    let npz = Npz::parse(&archive).unwrap();
    let read = npz.read::<f64, 1>("b").unwrap_err();
    assert!(matches!(read, NpyError::Zip { .. }), "{read:?}");
    assert_eq!(npz.verify("b").unwrap_err().to_string(), read.to_string());
    // The members left alone still verify.
    assert!(npz.verify("a").is_ok());
}

#[test]
fn cut_and_lying_archives_are_named_errors() {
    let archive = fixture!("stored.npz");
    // Miri interprets each parse slowly: it takes every seventh case.
    let step = if cfg!(miri) { 7 } else { 1 };
    // Every prefix: an error or, never, a panic.
    for cut in (0..archive.len()).step_by(step) {
        assert!(Npz::parse(&archive[..cut]).is_err(), "cut at {cut}");
    }
    // Every single-byte corruption of the central directory and end record: no panic, and
    // whatever parses reads back within the archive.
    let cd_start = archive.len() - 22 - 3 * (46 + 9);
    for at in (cd_start.saturating_sub(8)..archive.len()).step_by(step) {
        for flip in [0x01, 0x80, 0xff] {
            let mut bad = archive.to_vec();
            bad[at] ^= flip;
            if let Ok(npz) = Npz::parse(&bad) {
                for name in npz.names().map(str::to_owned).collect::<Vec<_>>() {
                    let _ = npz.read::<i32, 2>(&name);
                    let _ = npz.member(&name);
                }
            }
        }
    }
    assert!(matches!(
        Npz::parse(b"not a zip file at all, no end record here"),
        Err(NpyError::Zip {
            reason: "no end of central directory record",
            ..
        })
    ));
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot memory-map files")]
fn mapped_archives() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/npy");
    // SAFETY: the committed fixtures are not modified while the tests run.
    let map = unsafe { NpzMap::open(dir.join("aligned.npz")) }.unwrap();
    let npz = map.as_npz();
    let name = npz.names().next().unwrap().to_owned();
    assert_eq!(
        npz.view::<f64, 1>(&name).unwrap().to_vec(),
        [0.0, 1.0, 2.0, 3.0]
    );
    // SAFETY: as above.
    let map = unsafe { NpzMap::open(dir.join("misaligned.npz")) }.unwrap();
    let npz = map.as_npz();
    let name = npz.names().next().unwrap().to_owned();
    assert!(matches!(
        npz.view::<f64, 1>(&name),
        Err(NpyError::Misaligned { .. })
    ));
    assert_eq!(
        read_npz::<f64, 1>(dir.join("misaligned.npz"), &name)
            .unwrap()
            .into_vec(),
        [0.0, 1.0, 2.0, 3.0]
    );
    assert_eq!(
        read_npz::<i32, 2>(dir.join("deflated.npz"), "a")
            .unwrap()
            .into_vec(),
        [0, 1, 2, 3, 4, 5]
    );
    assert!(matches!(
        read_npz::<i32, 2>(dir.join("bad_crc.npz"), "b"),
        Err(NpyError::DescrMismatch { .. } | NpyError::Crc { .. })
    ));
}

/// The bitwise CRC-32 (the reference the table-driven one must match).
fn crc32_bitwise(data: &[u8]) -> u32 {
    let mut c = !0_u32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A one-member stored archive written the way zip64 writes an array past 4 GiB: every size
/// and offset saturated in the 32-bit fields, the real values in zip64 extra fields, and the
/// zip64 end record and locator before the end record.
fn zip64_archive(name: &str, data: &[u8]) -> Vec<u8> {
    let (crc, len) = (crc32_bitwise(data), data.len() as u64);
    let sat32 = u32::MAX.to_le_bytes();
    let mut out = Vec::new();
    out.extend_from_slice(&0x0403_4b50_u32.to_le_bytes());
    out.extend_from_slice(&[45, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, stored, time, date
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&sat32);
    out.extend_from_slice(&sat32);
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&20_u16.to_le_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&[1, 0, 16, 0]);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(data);
    let cd_start = out.len() as u64;
    out.extend_from_slice(&0x0201_4b50_u32.to_le_bytes());
    out.extend_from_slice(&[45, 3, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // made, needed, flags, method, time, date
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&sat32);
    out.extend_from_slice(&sat32);
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&28_u16.to_le_bytes());
    out.extend_from_slice(&[0; 10]); // comment length, disk, internal and external attributes
    out.extend_from_slice(&sat32);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&[1, 0, 24, 0]);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&0_u64.to_le_bytes()); // the local header's offset
    let cd_size = out.len() as u64 - cd_start;
    let end64 = out.len() as u64;
    out.extend_from_slice(&0x0606_4b50_u32.to_le_bytes());
    out.extend_from_slice(&44_u64.to_le_bytes());
    out.extend_from_slice(&[45, 3, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend_from_slice(&1_u64.to_le_bytes());
    out.extend_from_slice(&1_u64.to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_start.to_le_bytes());
    out.extend_from_slice(&0x0706_4b50_u32.to_le_bytes());
    out.extend_from_slice(&0_u32.to_le_bytes());
    out.extend_from_slice(&end64.to_le_bytes());
    out.extend_from_slice(&1_u32.to_le_bytes());
    out.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    out.extend_from_slice(&sat32);
    out.extend_from_slice(&sat32);
    out.extend_from_slice(&[0, 0]);
    out
}

#[test]
fn zip64_records_are_followed() {
    let mut npy = Vec::new();
    let values = [1.5_f64, -2.0, 8.25];
    memslice_alloc::npy::write_npy(
        &mut npy,
        memslice_core::MemViewSlice::from_slice(&values, [3]).unwrap(),
        memslice_core::layout::Order::C,
    )
    .unwrap();
    let archive = zip64_archive("big.npy", &npy);
    let npz = Npz::parse(&archive).unwrap();
    assert_eq!(npz.names().collect::<Vec<_>>(), ["big"]);
    assert_eq!(npz.read::<f64, 1>("big").unwrap().into_vec(), values);
    npz.verify("big").unwrap();
    // The member's bytes are the archive's, at the offset the zip64 fields give.
    assert_eq!(npz.member("big").unwrap().view_bytes().len(), 24);
    // A locator pointing past the archive, or a zip64 extra field cut short: named errors.
    let mut bad = archive.clone();
    let locator = bad.len() - 22 - 20;
    bad[locator + 8..locator + 16].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(matches!(Npz::parse(&bad), Err(NpyError::Zip { .. })));
    for at in (0..archive.len()).step_by(if cfg!(miri) { 5 } else { 1 }) {
        let mut bad = archive.clone();
        bad[at] ^= 0x40;
        if let Ok(npz) = Npz::parse(&bad) {
            let _ = npz.read::<f64, 1>("big");
        }
    }
}
