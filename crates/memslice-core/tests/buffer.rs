//! The buffer protocol: request flags against exporters that can and cannot meet them,
//! release exactly once (also on panic), export counting with CPython's bytearray rule, typed
//! views and their refusals, contiguous copies, and `cast`.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;

use memslice_core::buffer::{Buffer, BufferError, BufferInfo, ByteArray, Exporter, Flags, Layout};
use memslice_core::layout::Order;
use memslice_core::{MemViewSlice, MemViewSliceMut, s};

/// An exporter of a fixed read-only layout that counts acquires and releases (a drop counter).
struct Counting<'a> {
    layout: Box<dyn Fn() -> Layout<'a> + 'a>,
    acquired: Cell<usize>,
    released: Cell<usize>,
}

// SAFETY: every layout describes borrowed read-only memory, valid for 'a; release counts only.
unsafe impl Exporter for Counting<'_> {
    fn acquire(&self, flags: Flags) -> Result<BufferInfo<'_>, BufferError> {
        let info = (self.layout)().request(flags)?;
        self.acquired.set(self.acquired.get() + 1);
        Ok(info)
    }
    unsafe fn release(&self, _: Flags) {
        self.released.set(self.released.get() + 1);
    }
}

fn counting<'a>(layout: impl Fn() -> Layout<'a> + 'a) -> Counting<'a> {
    Counting {
        layout: Box::new(layout),
        acquired: Cell::new(0),
        released: Cell::new(0),
    }
}

const ALL: [Flags; 17] = [
    Flags::SIMPLE,
    Flags::WRITABLE,
    Flags::FORMAT,
    Flags::ND,
    Flags::STRIDES,
    Flags::C_CONTIGUOUS,
    Flags::F_CONTIGUOUS,
    Flags::ANY_CONTIGUOUS,
    Flags::INDIRECT,
    Flags::CONTIG,
    Flags::CONTIG_RO,
    Flags::STRIDED,
    Flags::STRIDED_RO,
    Flags::RECORDS,
    Flags::RECORDS_RO,
    Flags::FULL,
    Flags::FULL_RO,
];

/// What CPython's rules say a request gets from a layout: `Ok(())` or the error's variant name.
fn expected(flags: Flags, readonly: bool, c: bool, f: bool) -> Result<(), &'static str> {
    if flags.contains(Flags::WRITABLE) && readonly {
        return Err("NotWritable");
    }
    if (flags.contains(Flags::C_CONTIGUOUS) && !c) || (flags.contains(Flags::F_CONTIGUOUS) && !f) {
        return Err("NotContiguous");
    }
    if flags.contains(Flags::ANY_CONTIGUOUS) && !(c || f) {
        return Err("NotContiguous");
    }
    if !flags.contains(Flags::STRIDES) && !c {
        return Err("NeedsStrides");
    }
    Ok(())
}

#[test]
fn every_flag_combination_against_four_layouts() {
    let data: Vec<u16> = (0..12).collect();
    let mut own = data.clone();
    let array = MemViewSlice::from_slice(&data, [3, 4]).unwrap();
    // (layout number, readonly, C-contiguous, Fortran-contiguous): the C array, its transpose,
    // every other column, and a writable 1-d slice.
    let cases = [
        (0, true, true, false),
        (1, true, false, true),
        (2, true, false, false),
        (3, false, true, true),
    ];
    for (case, readonly, is_c, is_f) in cases {
        for a in ALL {
            for b in ALL {
                let flags = a | b;
                let layout = match case {
                    0 => Layout::of_slice(&data, "H", &[3, 4]).unwrap(),
                    1 => Layout::of_view(array.t()),
                    2 => Layout::of_view(array.slice(s![.., ..;2])),
                    _ => Layout::of_mut_slice(&mut own, "H", &[12]).unwrap(),
                };
                assert_eq!(layout.readonly(), readonly);
                let shown = format!("{layout:?}");
                let got = layout.request(flags);
                let verdict = got.as_ref().map(|_| ()).map_err(|e| match e {
                    BufferError::NotWritable => "NotWritable",
                    BufferError::NotContiguous { .. } => "NotContiguous",
                    BufferError::NeedsStrides => "NeedsStrides",
                    other => panic!("{other}"),
                });
                assert_eq!(
                    verdict,
                    expected(flags, readonly, is_c, is_f),
                    "{flags:?} on {shown}"
                );
                if let Ok(info) = got {
                    // Fields appear exactly when asked for.
                    assert_eq!(info.shape().is_some(), flags.contains(Flags::ND));
                    assert_eq!(info.strides().is_some(), flags.contains(Flags::STRIDES));
                    let format = if flags.contains(Flags::FORMAT) {
                        "H"
                    } else {
                        "B"
                    };
                    assert_eq!(info.format(), format);
                    // len is nitems x itemsize, whatever the strides (a real Py_buffer's rule).
                    let nitems = if case == 2 { 6 } else { 12 };
                    assert_eq!(info.len(), nitems * 2);
                }
            }
        }
    }
}

/// A PIL-style 2x2 byte array in one block, as CPython's `_testbuffer` lays one out: two row
/// pointers, stored as addresses, then the rows `[1, 2]` (at byte 16) and `[3, 4]` (at 24).
fn pil_block() -> Vec<u64> {
    let mut block = vec![0_u64; 4];
    let base = block.as_ptr() as u64;
    block[0] = base + 16;
    block[1] = base + 24;
    let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut block);
    bytes[16..18].copy_from_slice(&[1, 2]);
    bytes[24..26].copy_from_slice(&[3, 4]);
    block
}

fn pil_layout(block: &[u64]) -> Layout<'_> {
    let start = NonNull::from(block).cast::<u8>();
    // SAFETY: `block` is borrowed read-only for the layout's life.
    unsafe {
        Layout::from_raw_parts(
            NonNull::slice_from_raw_parts(start, size_of_val(block)),
            start,
            true,
            "B".into(),
            vec![2, 2].into(),
            vec![8, 1].into(),
            Some(vec![0, -1].into()),
        )
    }
    .unwrap()
}

#[test]
fn indirect_layouts_need_the_indirect_flag() {
    let block = pil_block();
    assert_eq!(
        pil_layout(&block).request(Flags::STRIDED_RO).unwrap_err(),
        BufferError::NeedsSuboffsets
    );
    let info = pil_layout(&block).request(Flags::FULL_RO).unwrap();
    assert!(!info.is_contiguous(None));
    // PyBuffer_GetPointer follows the row pointer.
    let p = info.get_item_pointer(&[1, 1]).unwrap();
    assert_eq!(p.as_ptr() as usize, block.as_ptr() as usize + 25);
    let mut out = [0u8; 4];
    info.to_contiguous(&mut out, Some(Order::F)).unwrap();
    assert_eq!(out, [1, 3, 2, 4]);
    assert_eq!(
        MemViewSlice::<u8, 2>::from_buffer(&info).unwrap_err(),
        BufferError::Indirect
    );
}

#[test]
fn release_runs_exactly_once_even_on_panic() {
    let data = [1.0_f32; 4];
    let exporter = counting(|| Layout::of_slice(&data, "f", &[4]).unwrap());
    {
        let _a = exporter.get_buffer(Flags::FULL_RO).unwrap();
        let _b = exporter.get_buffer(Flags::SIMPLE).unwrap();
        assert!(exporter.get_buffer(Flags::WRITABLE).is_err()); // refused: no release owed
    }
    assert_eq!((exporter.acquired.get(), exporter.released.get()), (2, 2));
    let result = catch_unwind(AssertUnwindSafe(|| {
        let guard = exporter.get_buffer(Flags::RECORDS_RO).unwrap();
        let v = MemViewSlice::<f32, 1>::from_buffer(&guard).unwrap();
        let _ = v[[7]]; // panics: out of bounds
    }));
    assert!(result.is_err());
    assert_eq!((exporter.acquired.get(), exporter.released.get()), (3, 3));
}

#[test]
fn bytearray_refuses_to_move_while_exported() {
    let bytes = ByteArray::from(vec![7; 8]);
    let a = bytes.get_buffer(Flags::SIMPLE).unwrap();
    let b = bytes.get_buffer(Flags::FULL_RO).unwrap();
    let err = bytes.resize(1000, 0).unwrap_err();
    assert_eq!(err, BufferError::ExportsExist { count: 2 });
    assert_eq!(
        err.to_string(),
        "Existing exports of data: object cannot be re-sized (2 live)"
    );
    // Read-only exports coexist; a writable one would alias them.
    assert!(matches!(
        bytes.get_buffer(Flags::WRITABLE),
        Err(BufferError::Busy {
            readers: 2,
            writer: false
        })
    ));
    drop(a);
    assert_eq!(
        bytes.extend_from_slice(&[1]),
        Err(BufferError::ExportsExist { count: 1 })
    );
    drop(b);
    bytes.resize(1000, 0).unwrap();
    // One writable export at a time; reads of the bytes wait for it too.
    let mut w = bytes.get_buffer(Flags::CONTIG).unwrap();
    assert!(matches!(
        bytes.get_buffer(Flags::SIMPLE),
        Err(BufferError::Busy { writer: true, .. })
    ));
    assert!(bytes.to_vec().is_err());
    MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut w)
        .unwrap()
        .slice(s![..3])
        .fill(9);
    drop(w);
    assert_eq!(bytes.to_vec().unwrap()[..4], [9, 9, 9, 7]);
    assert_eq!(bytes.exports(), 0);
}

#[test]
fn typed_views_check_everything_once() {
    let data: Vec<i32> = (0..6).collect();
    let layout = || Layout::of_slice(&data, "<i", &[2, 3]).unwrap();
    let exporter = counting(layout);
    let guard = exporter.get_buffer(Flags::RECORDS_RO).unwrap();
    let v = MemViewSlice::<i32, 2>::from_buffer(&guard).unwrap();
    assert_eq!(v.t().to_vec(), [0, 3, 1, 4, 2, 5]);
    let err = MemViewSlice::<u32, 2>::from_buffer(&guard).unwrap_err();
    assert_eq!(
        err.to_string(),
        "buffer format \"<i\" does not describe u32 (format \"I\")"
    );
    assert!(matches!(
        MemViewSlice::<i32, 3>::from_buffer(&guard),
        Err(BufferError::NdimMismatch { buffer: 2, view: 3 })
    ));
    let mut info = layout().request(Flags::RECORDS_RO).unwrap();
    assert_eq!(
        MemViewSliceMut::<i32, 2>::from_buffer_mut(&mut info).unwrap_err(),
        BufferError::NotWritable
    );
    // Without FORMAT a consumer sees bytes; without ND, one dimension.
    let plain = layout().request(Flags::SIMPLE).unwrap();
    assert_eq!(
        MemViewSlice::<u8, 1>::from_buffer(&plain).unwrap().len(),
        24
    );
    // Misaligned starts are refused, not read.
    let raw = [0u8; 16];
    let start = if raw.as_ptr() as usize % 4 == 0 { 1 } else { 0 };
    let info = Layout::of_slice(&raw[start..start + 8], "<i", &[2])
        .unwrap()
        .request(Flags::RECORDS_RO)
        .unwrap();
    assert!(matches!(
        MemViewSlice::<i32, 1>::from_buffer(&info),
        Err(BufferError::Misaligned { align: 4, .. })
    ));
}

#[test]
fn bool_views_check_their_bytes() {
    let good = [0u8, 1, 1, 0];
    let info = Layout::of_slice(&good, "?", &[4])
        .unwrap()
        .request(Flags::RECORDS_RO)
        .unwrap();
    assert_eq!(
        MemViewSlice::<bool, 1>::from_buffer(&info)
            .unwrap()
            .to_vec(),
        [false, true, true, false]
    );
    let bad = [0u8, 2];
    let info = Layout::of_slice(&bad, "?", &[2])
        .unwrap()
        .request(Flags::RECORDS_RO)
        .unwrap();
    assert!(MemViewSlice::<bool, 1>::from_buffer(&info).is_err());
}

#[test]
fn contiguous_copies_follow_cpython() {
    // PyBuffer_ToContiguous of a 2x3 int16 array transposed to Fortran order, and back.
    let data: Vec<i16> = (1..=6).collect();
    let info = Layout::of_slice(&data, "h", &[2, 3])
        .unwrap()
        .request(Flags::STRIDES)
        .unwrap();
    let mut f = [0u8; 12];
    info.to_contiguous(&mut f, Some(Order::F)).unwrap();
    let f16: Vec<i16> = f
        .chunks(2)
        .map(|b| i16::from_ne_bytes([b[0], b[1]]))
        .collect();
    assert_eq!(f16, [1, 4, 2, 5, 3, 6]);
    let mut c = [0u8; 12];
    info.to_contiguous(&mut c, None).unwrap(); // 'A' on a C-contiguous buffer is C
    assert_eq!(
        c.chunks(2)
            .map(|b| i16::from_ne_bytes([b[0], b[1]]))
            .collect::<Vec<_>>(),
        data
    );
    assert!(info.to_contiguous(&mut [0u8; 11], None).is_err());
    let mut back = vec![0i16; 6];
    let mut out = Layout::of_mut_slice(&mut back, "h", &[2, 3])
        .unwrap()
        .request(Flags::STRIDED)
        .unwrap();
    out.copy_from_contiguous(&f, Some(Order::F)).unwrap();
    drop(out);
    assert_eq!(back, data);
}

#[test]
fn casts_follow_memoryview_rules() {
    let data: Vec<u32> = (0..6).collect();
    let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    let bytes = v.cast::<u8, 1>([24]).unwrap();
    assert_eq!(bytes.len(), 24);
    assert_eq!(bytes.cast::<u32, 2>([3, 2]).unwrap().to_vec(), data);
    let reason = |r: Result<MemViewSlice<'_, u8, 1>, BufferError>| r.unwrap_err().to_string();
    assert_eq!(
        reason(v.t().cast::<u8, 1>([24])),
        "memoryview: casts are restricted to C-contiguous views"
    );
    assert_eq!(
        reason(v.cast::<u8, 1>([23])),
        "memoryview: product(shape) * itemsize != buffer size"
    );
    assert_eq!(
        v.cast::<u16, 1>([12]).unwrap_err().to_string(),
        "memoryview: cannot cast between two non-byte formats"
    );
    assert_eq!(
        bytes
            .cast::<u8, 2>([4, 6])
            .unwrap()
            .cast::<u8, 2>([6, 4])
            .unwrap_err()
            .to_string(),
        "memoryview: cast must be 1D -> ND or ND -> 1D"
    );
    // Alignment, which C forgives and Rust does not: bytes at an odd address cannot be u32s.
    let odd = bytes.slice(s![1..5]);
    assert!(matches!(
        odd.cast::<u32, 1>([1]),
        Err(BufferError::Misaligned { align: 4, .. })
    ));
}
