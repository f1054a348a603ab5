//! Mutated fixture bytes through every safe entry point: each must answer with a value or a
//! named `NpyError`, never a panic. A small deterministic fuzzer (xorshift), so the test needs
//! no corpus and runs the same way every time; fewer rounds under Miri.
#![cfg(feature = "npy")]

use std::io::Cursor;

use memslice_alloc::npy::{Header, NpyBuf, NpyBytes, NpyBytesMut, Npz, read_npy_from};

const FIXTURES: &[&[u8]] = &[
    include_bytes!("data/npy/arange_f8.npy"),
    include_bytes!("data/npy/arange_3d_i2.npy"),
    include_bytes!("data/npy/bool.npy"),
    include_bytes!("data/npy/fortran_f8.npy"),
    include_bytes!("data/npy/scalar_f8.npy"),
    include_bytes!("data/npy/empty_huge_u1.npy"),
    include_bytes!("data/npy/v2_f4.npy"),
    include_bytes!("data/npy/v3_f4.npy"),
    include_bytes!("data/npy/stored.npz"),
    include_bytes!("data/npy/deflated.npz"),
    include_bytes!("data/npy/aligned.npz"),
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Bytes an attacker would pick: boundaries, digits, quotes, zip-field saturation.
const SPECIAL: &[u8] = b"\x00\x01\x02\x7f\x80\xff(),:'\"{}0123456789 \nTFLU<>|";

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        if out.is_empty() {
            break;
        }
        // Half the edits land in the first 128 bytes (the .npy header) or the last 128 (the
        // zip end records), where the parsing is.
        let at = match rng.below(4) {
            0 => rng.below(out.len().min(128)),
            1 => out.len() - 1 - rng.below(out.len().min(128)),
            _ => rng.below(out.len()),
        };
        match rng.below(5) {
            0 => out[at] = rng.next() as u8,
            1 => out[at] = SPECIAL[rng.below(SPECIAL.len())],
            2 => out[at] = 0xff,
            3 => out.truncate(at),
            _ => {
                let b = SPECIAL[rng.below(SPECIAL.len())];
                out.insert(at, b);
            }
        }
    }
    out
}

fn npy_views(npy: &NpyBytes<'_>) {
    let _ = npy.view_bytes().to_vec();
    let _ = npy.view::<f64, 1>().map(|v| v.to_vec());
    let _ = npy.view::<f64, 2>().map(|v| v.to_vec());
    let _ = npy.view::<f32, 1>().map(|v| v.to_vec());
    let _ = npy.view::<i16, 3>().map(|v| v.to_vec());
    let _ = npy.view::<bool, 2>().map(|v| v.to_vec());
    let _ = npy.view::<u8, 2>().map(|v| v.len());
    let _ = npy.view::<f64, 0>().map(|v| v[[]]);
}

fn every_entry_point(bytes: &[u8]) {
    let _ = Header::parse(bytes).map(|h| (h.to_bytes(), h.nbytes(), h.len()));
    let _ = Header::read_from(&mut Cursor::new(bytes));
    if let Ok(npy) = NpyBytes::parse(bytes) {
        npy_views(&npy);
    }
    if let Ok(buf) = NpyBuf::copy_from(bytes) {
        npy_views(&buf.as_npy());
        let mut buf = buf;
        let _ = buf.view_mut::<f64, 2>().map(|mut v| v.fill(1.0));
    }
    let mut copy = bytes.to_vec();
    if let Ok(mut npy) = NpyBytesMut::parse(&mut copy) {
        let _ = npy.view_bytes_mut().len();
        let _ = npy.view_mut::<u8, 2>().map(|mut v| v.fill(1));
        let _ = npy.view_mut::<bool, 2>().map(|mut v| v.fill(true));
    }
    let _ = read_npy_from::<f64, 1>(Cursor::new(bytes)).map(|a| a.into_vec());
    let _ = read_npy_from::<f64, 2>(Cursor::new(bytes)).map(|a| a.into_vec());
    let _ = read_npy_from::<bool, 2>(Cursor::new(bytes)).map(|a| a.into_vec());
    let _ = read_npy_from::<i16, 3>(Cursor::new(bytes)).map(|a| a.into_vec());
    let _ = read_npy_from::<u8, 2>(Cursor::new(bytes)).map(|a| a.into_vec());
    let _ = read_npy_from::<f64, 0>(Cursor::new(bytes)).map(|a| a.into_vec());
    if let Ok(npz) = Npz::parse(bytes) {
        let names: Vec<String> = npz.names().map(str::to_owned).collect();
        for name in names
            .iter()
            .map(String::as_str)
            .chain(["a", "b", "flags", "nope"])
        {
            let _ = npz.is_compressed(name);
            let _ = npz.verify(name);
            if let Ok(member) = npz.member(name) {
                npy_views(&member);
            }
            let _ = npz.view::<i32, 2>(name).map(|v| v.to_vec());
            let _ = npz.view::<bool, 1>(name).map(|v| v.to_vec());
            let _ = npz.read::<i32, 2>(name).map(|a| a.into_vec());
            let _ = npz.read::<f64, 1>(name).map(|a| a.into_vec());
            let _ = npz.read::<bool, 1>(name).map(|a| a.into_vec());
        }
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let rounds = if cfg!(miri) { 2 } else { 3000 };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for fixture in FIXTURES {
        every_entry_point(fixture);
        for _ in 0..rounds {
            every_entry_point(&mutate(&mut rng, fixture));
        }
    }
}
