//! The buffer layer attacked through its safe entry points, as an auditor would: two `&mut`, a
//! view after release or growth, reads past the end, unaligned or invalid reads. Each test
//! names the root cause it guards (the numbers of the soundness issue); what the types now
//! refuse at compile time lives in the root crate's `tests/compile_fail/buffer_*.rs`. These
//! run under Miri with Stacked and Tree Borrows (`.ci/run`), which would flag a wrong read.
//! Root cause 6 (shared owners) is tested in memslice-alloc's `tests/shared_export.rs`.

use std::borrow::Cow;
use std::ptr::NonNull;

use memslice_core::buffer::{
    Buffer, BufferError, BufferInfo, ByteArray, Element, Exporter, Flags, Layout,
};
use memslice_core::layout::Order;
use memslice_core::{IndirectView, MemViewSlice, MemViewSliceMut, RowTable, ViewError, s};

/// A layout of `memory` with element 0 at byte `at`, any parts (`Layout::from_raw_parts`).
fn raw_layout<'a>(
    memory: &'a [u8],
    at: usize,
    format: &'a str,
    shape: &[usize],
    strides: &[isize],
    suboffsets: Option<&[isize]>,
) -> Result<Layout<'a>, BufferError> {
    let start = NonNull::from(memory).cast::<u8>();
    let buf = NonNull::from(&memory[at.min(memory.len())..]).cast::<u8>();
    // SAFETY: `memory` is borrowed read-only for 'a, and `buf` is derived from it; the
    // consumers check every address the parts reach against it.
    unsafe {
        Layout::from_raw_parts(
            NonNull::slice_from_raw_parts(start, memory.len()),
            buf,
            true,
            format.into(),
            shape.to_vec().into(),
            strides.to_vec().into(),
            suboffsets.map(|s| Cow::Owned(s.to_vec())),
        )
    }
}

// Root cause 1: release only by dropping the guard, exactly once; the count never underflows.
#[test]
fn exports_end_only_when_their_guards_drop() {
    let bytes = ByteArray::from(vec![1, 2, 3]);
    let a = bytes.get_buffer(Flags::SIMPLE).unwrap();
    let b = bytes.get_buffer(Flags::SIMPLE).unwrap();
    assert_eq!(bytes.exports(), 2);
    drop(a);
    assert_eq!(
        bytes.extend_from_slice(&[4]),
        Err(BufferError::ExportsExist { count: 1 })
    );
    drop(b);
    assert_eq!(bytes.exports(), 0);
    // A failed request counts nothing and releases nothing.
    assert!(
        bytes
            .get_buffer(Flags::F_CONTIGUOUS | Flags::WRITABLE)
            .is_ok()
    );
    assert_eq!(bytes.exports(), 0);
    assert!(ByteArray::from(vec![1]).get_buffer(Flags::INDIRECT).is_ok());
    // A leaked guard keeps the buffer exported for good: no release, no move, no UB.
    std::mem::forget(bytes.get_buffer(Flags::WRITABLE).unwrap());
    assert_eq!(bytes.exports(), 1);
    assert!(matches!(
        bytes.get_buffer(Flags::SIMPLE),
        Err(BufferError::Busy { writer: true, .. })
    ));
    assert_eq!(
        bytes.resize(100, 0),
        Err(BufferError::ExportsExist { count: 1 })
    );
}

// Root cause 2: a description cannot be separated from its export. Swapping whole guards moves
// each description together with its duty to release the right exporter.
#[test]
fn swapped_guards_release_their_own_exporters() {
    let (x, y) = (ByteArray::from(vec![1; 4]), ByteArray::from(vec![2; 8]));
    let mut gx = x.get_buffer(Flags::FULL_RO).unwrap();
    let mut gy = y.get_buffer(Flags::FULL_RO).unwrap();
    std::mem::swap(&mut gx, &mut gy);
    assert_eq!(
        MemViewSlice::<u8, 1>::from_buffer(&gx).unwrap().to_vec(),
        [2; 8]
    );
    drop(gx); // now the export of `y`
    assert_eq!((x.exports(), y.exports()), (1, 0));
    y.resize(1000, 0).unwrap();
    assert_eq!(x.resize(1, 0), Err(BufferError::ExportsExist { count: 1 }));
    assert_eq!(
        MemViewSlice::<u8, 1>::from_buffer(&gy).unwrap().to_vec(),
        [1; 4]
    );
}

// Root cause 3: read-only exports are read-only, so two of them never make two `&mut` views, and
// the bytearray's own reads coexist with them.
#[test]
fn read_only_exports_refuse_mutable_views() {
    let bytes = ByteArray::from(vec![5; 6]);
    let mut a = bytes.get_buffer(Flags::RECORDS_RO).unwrap();
    let mut b = bytes.get_buffer(Flags::RECORDS_RO).unwrap();
    assert!(a.readonly() && b.readonly());
    for guard in [&mut a, &mut b] {
        assert_eq!(
            MemViewSliceMut::<u8, 1>::from_buffer_mut(guard).unwrap_err(),
            BufferError::NotWritable
        );
        assert_eq!(
            guard.copy_from_contiguous(&[0; 6], None),
            Err(BufferError::NotWritable)
        );
    }
    assert_eq!(bytes.to_vec().unwrap(), [5; 6]);
    drop((a, b));
    let mut w = bytes.get_buffer(Flags::RECORDS).unwrap();
    assert!(!w.readonly());
    MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut w).unwrap()[[0]] = 6;
    assert!(matches!(
        bytes.to_vec(),
        Err(BufferError::Busy { writer: true, .. })
    ));
    drop(w);
    assert_eq!(bytes.to_vec().unwrap(), [6, 5, 5, 5, 5, 5]);
}

// Root cause 5: bytes written through a description are checked before any is read as `bool`.
#[test]
fn invalid_bools_written_as_bytes_are_refused_when_viewed() {
    let mut memory = [0u8, 1, 0];
    let mut info = Layout::of_mut_slice(&mut memory, "?", &[3])
        .unwrap()
        .request(Flags::RECORDS)
        .unwrap();
    info.copy_from_contiguous(&[1, 2, 0], None).unwrap();
    let err = MemViewSlice::<bool, 1>::from_buffer(&info).unwrap_err();
    assert_eq!(
        err,
        BufferError::InvalidValue {
            index: [1].into(),
            element: "bool"
        }
    );
    assert_eq!(err.to_string(), "the element at [1] is not a valid bool");
    assert!(MemViewSliceMut::<bool, 1>::from_buffer_mut(&mut info).is_err());
    info.copy_from_contiguous(&[1, 1, 0], None).unwrap();
    let mut m = MemViewSliceMut::<bool, 1>::from_buffer_mut(&mut info).unwrap();
    m[[2]] = true;
    assert_eq!(m.to_vec(), [true, true, true]);
}

// Root cause 7: the indirect view's input is checked: itemsize, whole-element strides, and
// every stored pointer and element inside the exporter's memory.
#[test]
fn indirect_views_check_every_address() {
    #[derive(Clone, Copy, Debug, PartialEq, bytemuck::Zeroable, bytemuck::Pod)]
    #[repr(transparent)]
    struct Rgb([u8; 3]);
    impl Element for Rgb {
        const FORMAT: &'static str = "BBB";
    }
    let bytes: Vec<u8> = (1..=6).collect();
    // Six bytes asked with FORMAT but no shape are `len / itemsize` = 2 elements, not a shape
    // [6] of 3-byte elements (memoryview's rule); without FORMAT they are bytes, not `Rgb`s.
    let layout = || Layout::of_slice(&bytes, "BBB", &[2]).unwrap();
    let format_only = layout().request(Flags::FORMAT).unwrap();
    assert_eq!(
        IndirectView::<Rgb, 1>::from_buffer(&format_only)
            .unwrap()
            .to_vec(),
        [Rgb([1, 2, 3]), Rgb([4, 5, 6])]
    );
    let simple = layout().request(Flags::SIMPLE).unwrap();
    assert!(matches!(
        IndirectView::<Rgb, 1>::from_buffer(&simple),
        Err(BufferError::FormatMismatch { .. })
    ));
    // A foreign description whose itemsize is not the element's size.
    // SAFETY: six bytes inside `bytes`, read-only.
    let lying = unsafe {
        BufferInfo::from_raw_parts(
            NonNull::from(&bytes[..]).cast(),
            6,
            true,
            Some("BBB".into()),
            1,
            Some(vec![6].into()),
            None,
            None,
        )
    }
    .unwrap();
    assert_eq!(
        IndirectView::<Rgb, 1>::from_buffer(&lying).unwrap_err(),
        BufferError::ItemsizeMismatch {
            itemsize: 1,
            element: std::any::type_name::<Rgb>(),
            size: 3
        }
    );
    assert!(MemViewSlice::<Rgb, 1>::from_buffer(&lying).is_err());
    // Strides of one byte would step between elements.
    let info = raw_layout(&bytes, 0, "BBB", &[4], &[1], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    assert!(matches!(
        IndirectView::<Rgb, 1>::from_buffer(&info),
        Err(BufferError::StridesNotElements { itemsize: 3, .. })
    ));
    // Three elements of three bytes in six bytes: the third is past the end.
    let info = raw_layout(&bytes, 0, "BBB", &[3], &[3], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let err = IndirectView::<Rgb, 1>::from_buffer(&info).unwrap_err();
    assert_eq!(
        err.to_string(),
        "shape [3] with strides [3] reaches bytes 6..9, outside the exporter's memory 0..6"
    );
    assert!(MemViewSlice::<Rgb, 1>::from_buffer(&info).is_err());
    assert_eq!(info.get_item_pointer(&[2]), None);
    assert!(info.to_contiguous(&mut [0; 9], None).is_err());
}

/// 64 bytes (8-aligned) holding a table of two row addresses (at byte `at`, unaligned when
/// `at` is odd) followed by rows `[10, 11]` and `[20, 21]` of `u16` at bytes 32 and 48.
fn pil_bytes(at: usize) -> Vec<u64> {
    let mut words = vec![0u64; 8];
    let base = words.as_ptr() as usize;
    let block: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
    let rows = [32, 48];
    for (k, &row) in rows.iter().enumerate() {
        block[at + 8 * k..at + 8 * k + 8].copy_from_slice(&(base + row).to_ne_bytes());
    }
    block[32..36].copy_from_slice(bytemuck::cast_slice(&[10_u16, 11]));
    block[48..52].copy_from_slice(bytemuck::cast_slice(&[20_u16, 21]));
    words
}

#[test]
fn pil_buffers_in_one_block_read_unaligned_tables_inside_their_memory() {
    for at in [0, 3] {
        let words = pil_bytes(at);
        let block: &[u8] = bytemuck::cast_slice(&words);
        let info = raw_layout(block, at, "H", &[2, 2], &[8, 2], Some(&[0, -1]))
            .unwrap()
            .request(Flags::FULL_RO)
            .unwrap();
        let v = IndirectView::<u16, 2>::from_buffer(&info).unwrap();
        assert_eq!(v.to_vec(), [10, 11, 20, 21], "table at byte {at}");
        assert_eq!(v[[1, 0]], 20);
        let row = v.index_axis(0, 1).unwrap();
        assert_eq!(row.as_direct().unwrap().as_slice(), Some(&[20, 21][..]));
        let mut out = [0u16; 4];
        info.to_contiguous(bytemuck::cast_slice_mut(&mut out), Some(Order::F))
            .unwrap();
        assert_eq!(out, [10, 20, 11, 21]);
    }
    // A stored address outside the memory is refused, not followed.
    let mut words = pil_bytes(0);
    words[1] = words.as_ptr() as u64 + 4096;
    let block: &[u8] = bytemuck::cast_slice(&words);
    let info = raw_layout(block, 0, "H", &[2, 2], &[8, 2], Some(&[0, -1]))
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    assert!(matches!(
        IndirectView::<u16, 2>::from_buffer(&info),
        Err(BufferError::OutsideMemory {
            reached: (4096, 4098),
            len: 64,
            ..
        })
    ));
    assert_eq!(info.get_item_pointer(&[1, 0]), None);
    // A table that runs off the end of the memory: its second entry is not read.
    let info = raw_layout(block, 50, "H", &[2, 2], &[8, 2], Some(&[0, -1]))
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    assert!(matches!(
        IndirectView::<u16, 2>::from_buffer(&info),
        Err(BufferError::OutsideMemory { .. })
    ));
}

// Root cause 7: empty views get aligned pointers, whatever the exporter's address.
#[test]
fn empty_views_are_aligned_wherever_the_buffer_is() {
    let bytes = [0u8; 16];
    let odd = if bytes.as_ptr() as usize % 2 == 1 {
        0
    } else {
        1
    };
    let info = raw_layout(&bytes, odd, "I", &[0], &[4], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let v = MemViewSlice::<u32, 1>::from_buffer(&info).unwrap();
    assert!(v.is_empty() && v.as_ptr().is_aligned());
    assert_eq!(v.as_slice(), Some(&[][..]));
    let iv = IndirectView::<u32, 1>::from_buffer(&info).unwrap();
    assert!(iv.as_direct().unwrap().as_ptr().is_aligned());

    #[derive(Clone, Copy, Debug, PartialEq)]
    #[repr(align(64))]
    struct Line([u8; 64]);
    let rows: [&[Line]; 2] = [&[], &[]];
    let table = RowTable::new(rows).unwrap();
    let row = table.view().index_axis(0, 1).unwrap();
    let direct = row.as_direct().unwrap();
    assert!(direct.as_ptr().is_aligned());
    assert_eq!(direct.as_slice(), Some(&[][..]));
}

// Root cause 9: the itemsize must be the element's size.
#[test]
fn itemsize_must_match_the_element() {
    let data = [1.0_f64, 2.0, 3.0];
    let nd = Layout::of_slice(&data, "d", &[3])
        .unwrap()
        .request(Flags::ND)
        .unwrap();
    assert_eq!(nd.format(), "B"); // FORMAT not asked for
    let err = MemViewSlice::<u8, 1>::from_buffer(&nd).unwrap_err();
    assert_eq!(
        err,
        BufferError::ItemsizeMismatch {
            itemsize: 8,
            element: "u8",
            size: 1
        }
    );
    assert_eq!(
        err.to_string(),
        "buffer itemsize 8 differs from the 1-byte size of u8"
    );
    // Without a shape a buffer is bytes, the itemsize then 1, as CPython's docs say.
    let simple = Layout::of_slice(&data, "d", &[3])
        .unwrap()
        .request(Flags::SIMPLE)
        .unwrap();
    assert_eq!(
        MemViewSlice::<u8, 1>::from_buffer(&simple).unwrap().len(),
        24
    );
    // With a format and no shape, `len / itemsize` elements of it (memoryview's rule): the
    // FORMAT-only request no longer meets strides the caller never gave.
    let format = Layout::of_slice(&data, "d", &[3])
        .unwrap()
        .request(Flags::FORMAT)
        .unwrap();
    assert_eq!(
        MemViewSlice::<f64, 1>::from_buffer(&format)
            .unwrap()
            .to_vec(),
        data
    );
}

// Real Py_buffer layouts: `buf` at element 0, `len == nitems x itemsize`.
#[test]
fn reversed_and_stepped_buffers_view_the_right_elements() {
    let data: Vec<i64> = (0..8).collect();
    let v = MemViewSlice::from_slice(&data, [8]).unwrap();
    // Ours, through the view's own layout (memory = the bytes the elements span).
    let reversed = Layout::of_view(v.slice(s![..;-1]))
        .request(Flags::RECORDS_RO)
        .unwrap();
    assert_eq!(
        reversed.buf().as_ptr() as usize,
        &data[7] as *const i64 as usize
    );
    assert_eq!((reversed.len(), reversed.strides()), (64, Some(&[-8][..])));
    let r = MemViewSlice::<i64, 1>::from_buffer(&reversed).unwrap();
    assert_eq!(r.to_vec(), [7, 6, 5, 4, 3, 2, 1, 0]);
    let stepped = Layout::of_view(v.slice(s![..;2]))
        .request(Flags::RECORDS_RO)
        .unwrap();
    assert_eq!(stepped.len(), 32); // reaching 7 x 8 + 8 bytes
    assert_eq!(
        MemViewSlice::<i64, 1>::from_buffer(&stepped)
            .unwrap()
            .to_vec(),
        [0, 2, 4, 6]
    );
    // Foreign, as NumPy hands them out for a[::-1] and a[1::2].
    // A foreign pointer may reach the whole array (C's provenance): derive it from all of it.
    let whole = NonNull::from(&data[..]).cast::<u8>();
    // SAFETY: element k of `data` is inside it.
    let at = |k: usize| unsafe { whole.byte_add(8 * k) };
    for (buf, strides, want) in [
        (at(7), -8, vec![7, 6, 5, 4, 3, 2, 1, 0]),
        (at(1), 16, vec![1, 3, 5, 7]),
    ] {
        let n = want.len();
        // SAFETY: the walk stays inside `data`, read-only.
        let info = unsafe {
            BufferInfo::from_raw_parts(
                buf,
                n * 8,
                true,
                Some("q".into()),
                8,
                Some(vec![n].into()),
                Some(vec![strides].into()),
                None,
            )
        }
        .unwrap();
        assert_eq!(
            MemViewSlice::<i64, 1>::from_buffer(&info).unwrap().to_vec(),
            want
        );
        let mut out = vec![0_i64; n];
        info.to_contiguous(bytemuck::cast_slice_mut(&mut out), None)
            .unwrap();
        assert_eq!(out, want);
    }
}

// Overlapping writable buffers (NumPy's `as_strided`): readable, never a mutable view.
#[test]
fn overlapping_writable_buffers_refuse_mutable_views() {
    let mut data = [0_u32, 1, 2, 3];
    let start = NonNull::from(&mut data).cast::<u8>();
    for (shape, strides) in [(vec![3, 2], vec![4, 4]), (vec![4], vec![0])] {
        let nitems: usize = shape.iter().product();
        // SAFETY: every element lies inside `data`, borrowed exclusively here; writable.
        let mut info = unsafe {
            BufferInfo::from_raw_parts(
                start,
                nitems * 4,
                false,
                Some("I".into()),
                4,
                Some(shape.clone().into()),
                Some(strides.clone().into()),
                None,
            )
        }
        .unwrap();
        assert!(MemViewSlice::<u32, 2>::from_buffer(&info).is_ok() || shape.len() == 1);
        let err = match shape.len() {
            2 => MemViewSliceMut::<u32, 2>::from_buffer_mut(&mut info).unwrap_err(),
            _ => MemViewSliceMut::<u32, 1>::from_buffer_mut(&mut info).unwrap_err(),
        };
        assert_eq!(
            err,
            BufferError::View(ViewError::Aliasing {
                shape: shape.into(),
                strides: strides.into()
            })
        );
    }
    let ok = Layout::of_view_mut(MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap().t());
    let mut info = ok.request(Flags::RECORDS).unwrap();
    MemViewSliceMut::<u32, 2>::from_buffer_mut(&mut info).unwrap()[[0, 1]] = 9;
    drop(info);
    assert_eq!(data, [0, 1, 9, 3]);
}

// Checks a consumer makes of a foreign description: alignment of the start and of strides,
// consistent parts.
#[test]
fn foreign_descriptions_are_checked_for_what_they_do_not_promise() {
    let data = [0_u64; 4];
    let base = NonNull::from(&data).cast::<u8>();
    let odd_start = NonNull::from(&bytemuck::cast_slice::<u64, u8>(&data)[1]);
    // SAFETY: the walk stays inside `data`, read-only.
    let odd = unsafe {
        BufferInfo::from_raw_parts(
            odd_start,
            8,
            true,
            Some("Q".into()),
            8,
            Some(vec![1].into()),
            None,
            None,
        )
    }
    .unwrap();
    assert!(matches!(
        MemViewSlice::<u64, 1>::from_buffer(&odd),
        Err(BufferError::Misaligned { align: 8, .. })
    ));
    // SAFETY: as above.
    let between = unsafe {
        BufferInfo::from_raw_parts(
            base,
            16,
            true,
            Some("Q".into()),
            8,
            Some(vec![2].into()),
            Some(vec![12].into()),
            None,
        )
    }
    .unwrap();
    assert!(matches!(
        MemViewSlice::<u64, 1>::from_buffer(&between),
        Err(BufferError::StridesNotElements { itemsize: 8, .. })
    ));
    // SAFETY: as above (refused before anything is read).
    let parts = unsafe {
        BufferInfo::from_raw_parts(
            base,
            16,
            true,
            None,
            8,
            Some(vec![2].into()),
            Some(vec![8, 8].into()),
            None,
        )
    };
    assert_eq!(
        parts.unwrap_err().to_string(),
        "strides has 2 entries but the shape has 1 dimensions"
    );
}

// `cast` of empty views and odd shapes, against CPython 3.11's `memoryview.cast`:
//   memoryview(b'').cast('h').shape == (0,)
//   memoryview(bytes(6)).cast('B', (2, 0))  -> "elements of shape must be integers > 0"
//   memoryview(bytes(6)).cast('B', (2, 3))[0:0].cast('B')
//                                           -> "cannot cast view with zeros in shape or strides"
//   memoryview(bytes(1)).cast('B', (1,) * 65) -> "number of dimensions must not exceed 64"
#[test]
fn casts_of_empty_and_odd_shapes_follow_memoryview() {
    // An empty byte view at an odd address (Vec::<u8>::new() points at 0x1) casts to u16.
    let none: Vec<u8> = Vec::new();
    let empty = MemViewSlice::from_slice(&none, [0]).unwrap();
    let halves = empty.cast::<u16, 1>([0]).unwrap();
    assert!(halves.is_empty() && halves.as_ptr().is_aligned());
    let six = [0u8; 6];
    let v = MemViewSlice::from_slice(&six, [6]).unwrap();
    assert_eq!(
        v.cast::<u8, 2>([2, 0]).unwrap_err().to_string(),
        "memoryview: elements of shape must be integers > 0"
    );
    let rows = v.cast::<u8, 2>([2, 3]).unwrap().slice(s![0..0, ..]);
    assert_eq!(
        rows.cast::<u8, 1>([0]).unwrap_err().to_string(),
        "memoryview: cannot cast view with zeros in shape or strides"
    );
    let one = [0u8; 1];
    let v = MemViewSlice::from_slice(&one, [1]).unwrap();
    assert_eq!(
        v.cast::<u8, 65>([1; 65]).unwrap_err().to_string(),
        "memoryview: number of dimensions must not exceed 64"
    );
    assert_eq!(v.cast::<u8, 64>([1; 64]).unwrap().shape(), &[1; 64]);
}

// A foreign description whose elements' bytes overflow: no strides could be made for it, and
// the walk must not index strides that are not there.
#[test]
fn descriptions_whose_bytes_overflow_are_refused() {
    let byte = [0u8; 8];
    let at = NonNull::from(&byte).cast::<u8>();
    let huge = (isize::MAX as usize) / 4;
    // SAFETY: refused before anything is read.
    let err = unsafe {
        BufferInfo::from_raw_parts(
            at,
            0,
            true,
            Some("d".into()),
            8,
            Some(vec![huge].into()),
            None,
            None,
        )
    }
    .unwrap_err();
    assert!(matches!(
        err,
        BufferError::View(ViewError::Overflow { itemsize: 8, .. })
    ));
    let err = raw_layout(&byte, 0, "d", &[huge], &[0], None).unwrap_err();
    assert!(matches!(
        err,
        BufferError::View(ViewError::Overflow { itemsize: 8, .. })
    ));
}
