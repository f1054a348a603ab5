//! An outside audit of the buffer layer: every attempt to break it through safe code (or an
//! `unsafe` call that keeps its documented contract to the letter), kept as a test asserting the
//! safe, correct behaviour. Those that found a defect (indirect suboffsets turning negative,
//! zero-sized elements with byte strides, overflowing C strides, unchecked shape products,
//! wrapped export counts, wrapped error ranges) guard its fix.

use std::borrow::Cow;
use std::ptr::NonNull;

use memslice_core::buffer::{
    Buffer, BufferError, BufferInfo, ByteArray, Element, Exporter, Flags, Layout,
};
use memslice_core::layout::Order;
use memslice_core::{IndirectView, MemViewSlice, MemViewSliceMut, ViewError, s};

/// `Layout::from_raw_parts` over `memory` (read-only, or writable when `writable`), with
/// element 0 at byte `at` of it.
///
/// # Safety (of the call inside)
///
/// `memory` is one live allocation borrowed for the layout's life; the layout may reach
/// anywhere: the contract leaves checking that to the consumers.
fn layout_of<'a>(
    memory: NonNull<[u8]>,
    at: isize,
    readonly: bool,
    format: &'a str,
    shape: &[usize],
    strides: &[isize],
    suboffsets: Option<&[isize]>,
) -> Result<Layout<'a>, BufferError> {
    let start = memory.cast::<u8>();
    let buf = NonNull::new(start.as_ptr().wrapping_offset(at)).unwrap();
    // SAFETY: `memory` is one allocation the caller borrows for 'a (read-only unless the
    // caller holds it exclusively and asks for a writable layout); whatever the parts reach,
    // consumers check it against `memory` (the function's documented promise).
    unsafe {
        Layout::from_raw_parts(
            memory,
            buf,
            readonly,
            format.into(),
            shape.to_vec().into(),
            strides.to_vec().into(),
            suboffsets.map(|s| Cow::Owned(s.to_vec())),
        )
    }
}

fn ro(bytes: &[u8]) -> NonNull<[u8]> {
    NonNull::from(bytes)
}

// ---------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------

/// A PIL-style block of `T`-rows behind a table of two addresses at byte 0: rows of three
/// `u16`s at bytes 16 and 24, each *reversed* (the stored address is that of the row's last
/// element, the row stride -2, suboffset 0), as NumPy hands out `a[:, ::-1]` of a PIL array.
fn reversed_rows_block() -> Vec<u64> {
    let mut block = vec![0_u64; 4];
    let base = block.as_ptr() as u64;
    block[0] = base + 20; // row 0: bytes 16..22, last element at 20
    block[1] = base + 28; // row 1: bytes 24..30, last element at 28
    let rows: &mut [u16] = bytemuck::cast_slice_mut(&mut block[2..]);
    rows[..3].copy_from_slice(&[10, 11, 12]);
    rows[4..7].copy_from_slice(&[20, 21, 22]);
    block
}

#[test]
fn indirect_slice_after_reversed_rows_keeps_axis_indirect() {
    let block = reversed_rows_block();
    let bytes: &[u8] = bytemuck::cast_slice(&block);
    let info = layout_of(ro(bytes), 0, true, "H", &[2, 3], &[8, -2], Some(&[0, -1]))
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let v = IndirectView::<u16, 2>::from_buffer(&info).unwrap();
    assert_eq!(v.to_vec(), [12, 11, 10, 22, 21, 20]);
    // a[:, 1:] : the offset of column 1 is -2 bytes from each row's element 0.
    let sliced = v.slice_axis(1, 1..).unwrap();
    assert!(
        sliced.indirect()[0],
        "axis 0 lost its indirection: {sliced:?}"
    );
    // The suboffset moved to -2 (the row pointers address each row's last element): the buffer
    // protocol cannot say that, which is why the view keeps which axes are indirect apart.
    assert_eq!(sliced.suboffsets(), &[-2, -1]);
    assert_eq!(sliced.to_vec(), [11, 10, 21, 20]);
}

#[test]
fn indirect_index_after_reversed_rows_never_reads_the_table_as_bools() {
    // Rows of three bools, reversed, behind a table of two addresses.
    let mut block = vec![0_u64; 4];
    let base = block.as_ptr() as u64;
    block[0] = base + 18;
    block[1] = base + 26;
    let rows: &mut [u8] = bytemuck::cast_slice_mut(&mut block[2..]);
    rows[..3].copy_from_slice(&[1, 0, 1]);
    rows[8..11].copy_from_slice(&[0, 1, 1]);
    let bytes: &[u8] = bytemuck::cast_slice(&block);
    let info = layout_of(ro(bytes), 0, true, "?", &[2, 3], &[8, -1], Some(&[0, -1]))
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let v = IndirectView::<bool, 2>::from_buffer(&info).unwrap();
    assert_eq!(v.to_vec(), [true, false, true, true, true, false]);
    let col = v.index_axis::<1>(1, 2).unwrap(); // a[:, 2]
    // Axis 0 is still behind the table: no direct view of it exists.
    assert!(
        col.as_direct().is_none(),
        "a direct view of the table: {:?}",
        col.suboffsets()
    );
    // Row 0 reads [1, 0, 1] backwards from byte 18, row 1 [1, 1, 0] from byte 26.
    assert_eq!(col.to_vec(), [true, false]);
}

/// A zero-sized element that must be 8-aligned.
#[derive(Clone, Copy, Debug, PartialEq, bytemuck::Zeroable, bytemuck::Pod)]
#[repr(transparent)]
struct Zst8([u64; 0]);
impl Element for Zst8 {
    const FORMAT: &'static str = "0Q";
}

#[test]
fn zero_sized_elements_are_aligned_in_buffer_views() {
    assert_eq!(
        memslice_core::buffer::Format::parse("0Q")
            .unwrap()
            .itemsize(),
        0
    );
    let data = [0_u64; 2];
    let bytes: &[u8] = bytemuck::cast_slice(&data);
    let info = layout_of(ro(bytes), 0, true, "0Q", &[4], &[1], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    match MemViewSlice::<Zst8, 1>::from_buffer(&info) {
        Err(e) => assert!(
            matches!(
                e,
                BufferError::StridesNotElements { .. } | BufferError::Misaligned { .. }
            ),
            "{e}"
        ),
        Ok(v) => {
            for x in v.iter() {
                // Under Miri: "constructing invalid value: encountered an unaligned reference".
                std::hint::black_box(x);
            }
            for i in 0..4 {
                let p = v.as_ptr().wrapping_byte_offset(i as isize * v.strides()[0]);
                assert!(p.is_aligned(), "element {i} at {p:p} is not 8-aligned");
            }
        }
    }
}

#[test]
fn zero_sized_elements_get_no_byte_strides_from_slices() {
    // Holds: a slice of ZSTs spans 0 bytes, so any non-zero stride is out of bounds.
    let zs = [Zst8([]); 4];
    assert!(matches!(
        MemViewSlice::from_slice_strided(&zs, [4], [1], 0),
        Err(ViewError::OutOfBounds { .. })
    ));
    assert_eq!(
        MemViewSlice::from_slice_strided(&zs, [4], [0], 0)
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn overflowing_nd_layouts_are_refused_with_a_named_error() {
    let data = [0_u64; 1];
    let bytes: &[u8] = bytemuck::cast_slice(&data);
    // 2^60 items of 8 bytes: the product fits isize, the byte size does not. Refused when the
    // layout is made, so no ND request can later lack C strides (once a panic in the walk).
    let err = layout_of(ro(bytes), 0, true, "Q", &[1 << 60], &[8], None).unwrap_err();
    assert!(
        matches!(
            err,
            BufferError::View(ViewError::Overflow { itemsize: 8, .. })
        ),
        "{err}"
    );
}

#[test]
fn empty_views_with_huge_extents_round_trip_through_nd_requests() {
    // Entirely safe: an empty view whose other extents are huge.
    let v = MemViewSlice::<u64, 3>::from_slice_strided(&[], [0, 1 << 62, 4], [0, 0, 0], 0).unwrap();
    let info = Layout::of_view(v)
        .request(Flags::ND | Flags::FORMAT)
        .unwrap();
    let back = MemViewSlice::<u64, 3>::from_buffer(&info).unwrap();
    assert!(back.is_empty());
    assert_eq!(back.shape(), &[0, 1 << 62, 4]);
}

#[test]
fn empty_buffers_with_huge_leading_extents_iterate_without_overflow() {
    let empty: [u8; 0] = [];
    let info = Layout::of_slice(&empty, "B", &[1 << 40, 1 << 40, 0])
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let v = MemViewSlice::<u8, 3>::from_buffer(&info).unwrap();
    assert_eq!(v.size(), 0);
    assert_eq!(v.iter().count(), 0);
    assert!(v.to_vec().is_empty());
    // The same shape's error message multiplies the extents too.
    let err = MemViewSlice::<u8, 3>::from_slice(&[1], [1 << 40, 1 << 40, 0]).unwrap_err();
    assert!(err.to_string().contains("needs 0 elements"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Attempts that held
// ---------------------------------------------------------------------------------------------

#[test]
fn acquire_called_directly_is_a_leak_not_a_release() {
    let bytes = ByteArray::from(vec![1, 2, 3, 4]);
    {
        let mut info = bytes
            .acquire(Flags::WRITABLE | Flags::ND | Flags::FORMAT)
            .unwrap();
        MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut info).unwrap()[[0]] = 9;
        // A second writable, or any reader, is refused while it lives.
        assert!(matches!(
            bytes.get_buffer(Flags::WRITABLE),
            Err(BufferError::Busy { .. })
        ));
        assert!(matches!(
            bytes.to_vec(),
            Err(BufferError::Busy { writer: true, .. })
        ));
    }
    // The info is gone, the export is not: pinned for good, which is safe.
    assert_eq!(bytes.exports(), 1);
    assert_eq!(
        bytes.extend_from_slice(&[1]),
        Err(BufferError::ExportsExist { count: 1 })
    );
    assert!(matches!(
        bytes.get_buffer(Flags::SIMPLE),
        Err(BufferError::Busy { .. })
    ));
    let mut bytes = bytes;
    bytes.as_vec_mut().push(5); // &mut proves nothing can use the leaked export
    assert_eq!(bytes.into_vec(), [9, 2, 3, 4, 5]);
}

#[test]
fn replacing_a_guard_releases_the_old_exporter_only() {
    let (x, y) = (ByteArray::from(vec![1; 4]), ByteArray::from(vec![2; 4]));
    let mut g = x.get_buffer(Flags::WRITABLE).unwrap();
    let old = std::mem::replace(&mut g, y.get_buffer(Flags::WRITABLE).unwrap());
    drop(old);
    assert_eq!((x.exports(), y.exports()), (0, 1));
    x.resize(64, 0).unwrap();
    MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut g).unwrap()[[3]] = 7;
    drop(g);
    assert_eq!(y.to_vec().unwrap(), [2, 2, 2, 7]);
}

#[test]
fn interleaved_split_views_export_only_their_own_elements() {
    let mut data = [0_u32, 1, 2, 3, 4, 5];
    let m = MemViewSliceMut::from_slice(&mut data, [3, 2]).unwrap();
    let (left, right) = m.split_at(1, 1); // columns 0 and 1: interleaved in memory
    let left = Layout::of_view_mut(left);
    let right = Layout::of_view_mut(right);
    // Each layout's memory spans the other's elements; a request that would read by span
    // (no strides, or plain bytes) is refused.
    let _ = (&left, &right);
    let mut li = left.request(Flags::STRIDED | Flags::FORMAT).unwrap();
    let mut ri = right.request(Flags::STRIDED | Flags::FORMAT).unwrap();
    assert_eq!(
        MemViewSlice::from_buffer_bytes(&li).unwrap_err(),
        BufferError::NotContiguous {
            order: Some(Order::C)
        }
    );
    let mut a = MemViewSliceMut::<u32, 2>::from_buffer_mut(&mut li).unwrap();
    let mut b = MemViewSliceMut::<u32, 2>::from_buffer_mut(&mut ri).unwrap();
    for i in 0..3 {
        a[[i, 0]] += 10;
        b[[i, 0]] += 20;
    }
    ri.copy_from_contiguous(bytemuck::cast_slice(&[7_u32, 8, 9]), None)
        .unwrap();
    li.copy_from_contiguous(bytemuck::cast_slice(&[4_u32, 5, 6]), Some(Order::F))
        .unwrap();
    drop((li, ri));
    assert_eq!(data, [4, 7, 5, 8, 6, 9]);

    let mut data = [0_u32, 1, 2, 3, 4, 5];
    let m = MemViewSliceMut::from_slice(&mut data, [3, 2]).unwrap();
    let (mut left, _right) = m.split_at(1, 1);
    for flags in [Flags::SIMPLE, Flags::FORMAT, Flags::ND, Flags::WRITABLE] {
        let left = Layout::of_view_mut(left.reborrow());
        assert_eq!(
            left.request(flags).unwrap_err(),
            BufferError::NeedsStrides,
            "{flags:?}"
        );
    }
}

#[test]
fn raw_layouts_whose_buf_lies_outside_memory_are_refused() {
    let data = [1_u32, 2, 3, 4];
    let bytes: &[u8] = bytemuck::cast_slice(&data);
    for at in [-4_isize, 16, 4096, -4096] {
        let info = layout_of(ro(bytes), at, true, "I", &[1], &[4], None)
            .unwrap()
            .request(Flags::FULL_RO)
            .unwrap();
        assert!(matches!(
            MemViewSlice::<u32, 1>::from_buffer(&info),
            Err(BufferError::OutsideMemory { .. })
        ));
        assert!(matches!(
            IndirectView::<u32, 1>::from_buffer(&info),
            Err(BufferError::OutsideMemory { .. })
        ));
        assert!(matches!(
            MemViewSlice::from_buffer_bytes(&info),
            Err(BufferError::OutsideMemory { .. })
        ));
        assert_eq!(info.get_item_pointer(&[0]), None);
        assert!(info.to_contiguous(&mut [0; 4], None).is_err());
    }
    // Empty: nothing is reached, any buf is fine.
    let info = layout_of(ro(bytes), 4096 + 1, true, "I", &[0], &[4], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let v = MemViewSlice::<u32, 1>::from_buffer(&info).unwrap();
    assert!(v.is_empty() && v.as_ptr().is_aligned());
    assert_eq!(v.slice(s![1..]).to_vec(), Vec::<u32>::new());
    // Element 0 inside, the last one outside, backwards and forwards.
    for (at, stride) in [(4, -8_isize), (12, 8), (0, isize::MAX), (12, isize::MIN)] {
        let info = layout_of(ro(bytes), at, true, "I", &[2], &[stride], None)
            .unwrap()
            .request(Flags::FULL_RO)
            .unwrap();
        assert!(MemViewSlice::<u32, 1>::from_buffer(&info).is_err());
        assert!(IndirectView::<u32, 1>::from_buffer(&info).is_err());
        assert_eq!(info.get_item_pointer(&[1]), None);
    }
}

#[test]
fn huge_shapes_strides_and_indices_are_named_errors() {
    let data = [7_u8; 8];
    let bytes: &[u8] = &data;
    // Product past isize::MAX.
    let n = isize::MAX as usize;
    for shape in [[1_usize << 32, 1 << 32], [n, 2]] {
        assert!(matches!(
            layout_of(ro(bytes), 0, true, "B", &shape, &[0, 0], None),
            Err(BufferError::View(ViewError::Overflow { .. }))
        ));
    }
    // A broadcast of isize::MAX elements of one byte: legal, read-only.
    let info = layout_of(ro(bytes), 0, true, "B", &[n], &[0], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let v = MemViewSlice::<u8, 1>::from_buffer(&info).unwrap();
    assert_eq!((v.len(), v[[n - 1]]), (n, 7));
    assert_eq!(
        info.get_item_pointer(&[n - 1]),
        Some(NonNull::from(bytes).cast())
    );
    assert_eq!(info.get_item_pointer(&[n]), None);
    assert_eq!(info.get_item_pointer(&[usize::MAX]), None);
    assert_eq!(info.get_item_pointer(&[0, 0]), None);
    assert!(info.to_contiguous(&mut [0; 8], None).is_err());
    // Offsets that overflow: byte_range, or the walk.
    for (shape, strides) in [
        (vec![3], vec![isize::MAX]),
        (vec![3], vec![isize::MIN]),
        (vec![2, 2], vec![isize::MAX, isize::MAX]),
        (vec![2, 2], vec![isize::MIN, isize::MIN + 1]),
    ] {
        let info = layout_of(ro(bytes), 0, true, "B", &shape, &strides, None)
            .unwrap()
            .request(Flags::FULL_RO)
            .unwrap();
        match shape.len() {
            1 => {
                assert!(MemViewSlice::<u8, 1>::from_buffer(&info).is_err());
                assert!(IndirectView::<u8, 1>::from_buffer(&info).is_err());
            }
            _ => {
                assert!(MemViewSlice::<u8, 2>::from_buffer(&info).is_err());
                assert!(IndirectView::<u8, 2>::from_buffer(&info).is_err());
            }
        }
        let last: Vec<usize> = shape.iter().map(|e| e - 1).collect();
        assert_eq!(info.get_item_pointer(&last), None);
        let _ = info.to_string_lossy();
    }
    // Huge suboffsets and stored addresses.
    let mut block = [0_u64; 2];
    block[0] = u64::MAX;
    let bytes: &[u8] = bytemuck::cast_slice(&block);
    for sub in [0, isize::MAX, 1] {
        let info = layout_of(ro(bytes), 0, true, "B", &[1, 1], &[8, 1], Some(&[sub, -1]))
            .unwrap()
            .request(Flags::FULL_RO)
            .unwrap();
        assert!(matches!(
            IndirectView::<u8, 2>::from_buffer(&info),
            Err(BufferError::OutsideMemory { .. })
        ));
        assert_eq!(info.get_item_pointer(&[0, 0]), None);
    }
}

trait Lossy {
    fn to_string_lossy(&self) -> String;
}
impl Lossy for BufferInfo<'_> {
    fn to_string_lossy(&self) -> String {
        format!("{self:?}")
    }
}

#[test]
fn zero_itemsize_zero_dim_and_empty_buffers() {
    // 0-d.
    let one = [5_u32];
    let info = Layout::of_slice(&one, "I", &[])
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    assert_eq!(MemViewSlice::<u32, 0>::from_buffer(&info).unwrap()[[]], 5);
    assert_eq!(IndirectView::<u32, 0>::from_buffer(&info).unwrap()[[]], 5);
    assert_eq!(MemViewSlice::from_buffer_bytes(&info).unwrap().len(), 4);
    assert!(info.get_item_pointer(&[]).is_some());
    let mut out = [0; 4];
    info.to_contiguous(&mut out, None).unwrap();
    assert_eq!(out, 5_u32.to_ne_bytes());
    let simple = Layout::of_slice(&one, "I", &[])
        .unwrap()
        .request(Flags::SIMPLE)
        .unwrap();
    assert_eq!(
        MemViewSlice::<u8, 1>::from_buffer(&simple).unwrap().len(),
        4
    );
    // Empty exporters.
    let empty = ByteArray::default();
    let g = empty.get_buffer(Flags::FULL_RO).unwrap();
    assert!(MemViewSlice::<u8, 1>::from_buffer(&g).unwrap().is_empty());
    assert!(MemViewSlice::from_buffer_bytes(&g).unwrap().is_empty());
    assert!(IndirectView::<u8, 1>::from_buffer(&g).unwrap().is_empty());
    g.to_contiguous(&mut [], None).unwrap();
    assert_eq!(g.get_item_pointer(&[0]), None);
    drop(g);
    let mut w = empty.get_buffer(Flags::FULL).unwrap();
    w.copy_from_contiguous(&[], None).unwrap();
    assert!(
        MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut w)
            .unwrap()
            .is_empty()
    );
    drop(w);
    // A format of itemsize 0: no u8 view of it, and its geometry has no elements to divide.
    let bytes = [1_u8, 2, 3];
    let info = layout_of(ro(&bytes), 0, true, "0B", &[3], &[1], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let err = MemViewSlice::<u8, 1>::from_buffer(&info).unwrap_err();
    assert!(matches!(err, BufferError::FormatMismatch { .. }), "{err}");
    assert!(MemViewSlice::from_buffer_bytes(&info).is_err() || info.is_empty());
    let fmt_only = layout_of(ro(&bytes), 0, true, "0B", &[3], &[0], None)
        .unwrap()
        .request(Flags::FORMAT | Flags::STRIDES | Flags::ND)
        .unwrap();
    fmt_only.to_contiguous(&mut [], None).unwrap();
    let e = Layout::of_slice(&bytes[..0], "0B", &[3])
        .unwrap()
        .request(Flags::FORMAT)
        .unwrap();
    assert_eq!(e.len(), 0);
    assert_eq!(MemViewSlice::from_buffer_bytes(&e).unwrap().len(), 0);
    // Empty casts.
    let none: [u8; 0] = [];
    let v = MemViewSlice::from_slice(&none, [0]).unwrap();
    assert_eq!(v.cast::<u64, 1>([0]).unwrap().len(), 0);
    assert!(v.cast::<u64, 2>([0, 1]).is_err());
    assert!(v.cast::<u64, 1>([1]).is_err());
}

#[test]
fn cast_edge_cases() {
    let data: Vec<u8> = (0..16).collect();
    let v = MemViewSlice::from_slice(&data, [16]).unwrap();
    // Misaligned start: named.
    let odd = v.slice(s![1..9]);
    if odd.as_ptr() as usize % 8 != 0 {
        assert!(matches!(
            odd.cast::<u64, 1>([1]),
            Err(BufferError::Misaligned { align: 8, .. })
        ));
    }
    assert!(matches!(
        v.slice(s![..3]).cast::<u16, 1>([1]),
        Err(BufferError::BadCast(_) | BufferError::Misaligned { .. })
    ));
    // 1-d to 0-d and back; >64 dims.
    let four = v.slice(s![..4]);
    let scalar = four.cast::<u32, 0>([]);
    if four.as_ptr() as usize % 4 == 0 {
        assert_eq!(scalar.unwrap()[[]], u32::from_ne_bytes([0, 1, 2, 3]));
    }
    assert!(matches!(
        v.cast::<u8, 65>([1; 65]),
        Err(BufferError::BadCast(_))
    ));
    // Reversed or stepped: not C-contiguous.
    assert!(v.slice(s![..;-1]).cast::<u8, 1>([16]).is_err());
    assert!(v.slice(s![..;2]).cast::<u8, 1>([8]).is_err());
    // Extent-1 axes with any stride are C-contiguous: the bytes are right.
    let row = MemViewSlice::from_slice_strided(&data, [1, 4], [-1000, 1], 4).unwrap();
    assert_eq!(row.cast::<u8, 1>([4]).unwrap().to_vec(), [4, 5, 6, 7]);
    // Zero-sized types: bytes of nothing.
    let zs = [(); 3];
    let z = MemViewSlice::from_slice(&zs, [3]).unwrap();
    assert_eq!(z.cast::<u8, 1>([0]).unwrap().len(), 0);
    assert!(v.cast::<(), 1>([16]).is_err());
}

#[test]
fn from_buffer_bytes_refuses_reversed_buffers_and_reads_extent_one_ones() {
    let data: Vec<u32> = (0..4).collect();
    let v = MemViewSlice::from_slice(&data, [4]).unwrap();
    let rev = Layout::of_view(v.slice(s![..;-1]))
        .request(Flags::FULL_RO)
        .unwrap();
    assert_eq!(
        MemViewSlice::from_buffer_bytes(&rev).unwrap_err(),
        BufferError::NotContiguous {
            order: Some(Order::C)
        }
    );
    let one = Layout::of_view(v.slice(s![2..3]).reverse_axis(0))
        .request(Flags::FULL_RO)
        .unwrap();
    assert_eq!(
        MemViewSlice::from_buffer_bytes(&one).unwrap().to_vec(),
        2_u32.to_ne_bytes()
    );
    // Foreign, reversed 2-d with an extent-1 negative axis.
    let bytes: &[u8] = bytemuck::cast_slice(&data);
    let info = layout_of(ro(bytes), 8, true, "I", &[1, 2], &[-8, 4], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let got = MemViewSlice::from_buffer_bytes(&info).unwrap().to_vec();
    assert_eq!(got, [2_u32.to_ne_bytes(), 3_u32.to_ne_bytes()].concat());
}

#[test]
fn elements_whose_format_lies_about_their_size() {
    #[derive(Clone, Copy, Debug, PartialEq, bytemuck::Zeroable, bytemuck::Pod)]
    #[repr(transparent)]
    struct Four([u8; 4]);
    impl Element for Four {
        const FORMAT: &'static str = "d"; // 8 bytes, but Four is 4
    }
    let data = [Four([1, 2, 3, 4]), Four([5, 6, 7, 8])];
    let v = MemViewSlice::from_slice(&data, [2]).unwrap();
    let info = Layout::of_view(v).request(Flags::FULL_RO).unwrap();
    assert_eq!((info.format(), info.itemsize(), info.len()), ("d", 4, 8));
    assert!(matches!(
        MemViewSlice::<f64, 1>::from_buffer(&info),
        Err(BufferError::ItemsizeMismatch {
            itemsize: 4,
            size: 8,
            ..
        })
    ));
    assert!(matches!(
        IndirectView::<f64, 1>::from_buffer(&info),
        Err(BufferError::ItemsizeMismatch { .. })
    ));
    assert_eq!(
        MemViewSlice::from_buffer_bytes(&info).unwrap().to_vec(),
        [1, 2, 3, 4, 5, 6, 7, 8]
    );
    // FORMAT only, no shape: len / itemsize elements of the format's claimed type, refused.
    let f = Layout::of_view(v).request(Flags::FORMAT).unwrap();
    assert!(MemViewSlice::<f64, 1>::from_buffer(&f).is_err());
    // The lying type reads its own bytes correctly.
    assert_eq!(
        MemViewSlice::<Four, 1>::from_buffer(&info)
            .unwrap()
            .to_vec(),
        data
    );
    // An unparsable FORMAT: named error, not a panic.
    #[derive(Clone, Copy, Debug, PartialEq, bytemuck::Zeroable, bytemuck::Pod)]
    #[repr(transparent)]
    struct Junk(u8);
    impl Element for Junk {
        const FORMAT: &'static str = "T{";
    }
    let junk = [Junk(1)];
    let info = Layout::of_view(MemViewSlice::from_slice(&junk, [1]).unwrap())
        .request(Flags::FULL_RO)
        .unwrap();
    assert!(matches!(
        MemViewSlice::<Junk, 1>::from_buffer(&info),
        Err(BufferError::Format(_))
    ));
    assert_eq!(
        MemViewSlice::from_buffer_bytes(&info).unwrap().to_vec(),
        [1]
    );
}

#[test]
fn bools_from_bytes_are_checked_everywhere() {
    let bytes = [1_u8, 0, 2, 1];
    // Read-only bytes claimed to be bools.
    let info = layout_of(ro(&bytes), 0, true, "?", &[4], &[1], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    assert!(matches!(
        MemViewSlice::<bool, 1>::from_buffer(&info),
        Err(BufferError::InvalidValue { .. })
    ));
    assert!(matches!(
        IndirectView::<bool, 1>::from_buffer(&info),
        Err(BufferError::InvalidValue { .. })
    ));
    // Only the valid ones, by striding around the 2.
    let info = layout_of(ro(&bytes), 0, true, "?", &[2], &[3], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    assert_eq!(
        MemViewSlice::<bool, 1>::from_buffer(&info)
            .unwrap()
            .to_vec(),
        [true, true]
    );
    // A bool view's of_view, then written as bytes: the layout of a shared view is read-only.
    let bools = [true, false];
    let l = Layout::of_view(MemViewSlice::from_slice(&bools, [2]).unwrap());
    assert_eq!(
        l.request(Flags::WRITABLE).unwrap_err(),
        BufferError::NotWritable
    );
}

#[test]
fn writable_indirect_blocks_rewritten_through_their_own_table_stay_inside_memory() {
    // Row 0's pointer points at the table itself, so writing row 0 rewrites the pointers the
    // copy is about to follow. Every later walk is checked again: an address written as data
    // that leads outside is refused, never followed.
    let mut block = [0_u64; 4];
    let base = block.as_ptr() as u64;
    block[0] = base; // row 0 = the table's two words
    block[1] = base + 16; // row 1 = words 2, 3
    let memory = NonNull::from(bytemuck::cast_slice_mut::<u64, u8>(&mut block));
    let mut info = layout_of(memory, 0, false, "Q", &[2, 2], &[8, 8], Some(&[0, -1]))
        .unwrap()
        .request(Flags::FULL)
        .unwrap();
    assert!(matches!(
        MemViewSliceMut::<u64, 2>::from_buffer_mut(&mut info),
        Err(BufferError::Indirect)
    ));
    // Rewritten to point into the block again: followed, inside memory. [0,0] writes word 0
    // (row 0 now is words 2, 3), so [0,1] lands on word 3, and so on: CPython's walk too.
    let src: [u64; 4] = [base + 16, 4, 5, 6];
    info.copy_from_contiguous(bytemuck::cast_slice(&src), Some(Order::C))
        .unwrap();
    drop(info);
    assert_eq!(block, [base + 16, base + 16, 5, 6]);
    // Rewritten to lead outside: refused mid-copy (after the first element was written).
    block[0] = base;
    let memory = NonNull::from(bytemuck::cast_slice_mut::<u64, u8>(&mut block));
    let mut info = layout_of(memory, 0, false, "Q", &[2, 2], &[8, 8], Some(&[0, -1]))
        .unwrap()
        .request(Flags::FULL)
        .unwrap();
    let src: [u64; 4] = [0xdead_0000, 1, 2, 3];
    let err = info
        .copy_from_contiguous(bytemuck::cast_slice(&src), None)
        .unwrap_err();
    assert!(matches!(err, BufferError::OutsideMemory { .. }), "{err}");
    drop(info);
    assert_eq!(block[0], 0xdead_0000); // not atomic: the first element was written
}

#[test]
fn indirect_views_of_one_block_slice_and_index_like_numpy_with_positive_strides() {
    // Holds where suboffsets stay non-negative: forward rows, and reversed rows reached via a
    // positive suboffset (the stored address is the row's first element).
    let mut block = vec![0_u64; 4];
    let base = block.as_ptr() as u64;
    block[0] = base + 16;
    block[1] = base + 24;
    let rows: &mut [u16] = bytemuck::cast_slice_mut(&mut block[2..]);
    rows[..3].copy_from_slice(&[10, 11, 12]);
    rows[4..7].copy_from_slice(&[20, 21, 22]);
    let bytes: &[u8] = bytemuck::cast_slice(&block);
    let info = layout_of(ro(bytes), 0, true, "H", &[2, 3], &[8, 2], Some(&[0, -1]))
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let v = IndirectView::<u16, 2>::from_buffer(&info).unwrap();
    let r = v.slice_axis(1, Slicing::rev()).unwrap();
    assert_eq!(r.to_vec(), [12, 11, 10, 22, 21, 20]);
    assert_eq!(r.slice_axis(1, 1..).unwrap().to_vec(), [11, 10, 21, 20]);
    assert_eq!(r.index_axis::<1>(1, 2).unwrap().to_vec(), [10, 20]);
    assert_eq!(
        v.slice_axis(0, Slicing::rev())
            .unwrap()
            .index_axis::<1>(0, 0)
            .unwrap()
            .to_vec(),
        [20, 21, 22]
    );
    assert!(matches!(
        v.index_axis::<1>(1, 5),
        Err(ViewError::IndexOutOfRange { .. })
    ));
    let empty = v.slice_axis(1, 3..).unwrap();
    assert!(empty.is_empty() && empty.to_vec().is_empty());
    assert!(
        empty
            .index_axis::<1>(0, 1)
            .unwrap()
            .as_direct()
            .unwrap()
            .is_empty()
    );
    let info = layout_of(ro(bytes), 0, true, "H", &[2, 3], &[8, -2], Some(&[4, -1]))
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let v = IndirectView::<u16, 2>::from_buffer(&info).unwrap();
    assert_eq!(v.to_vec(), [12, 11, 10, 22, 21, 20]);
    assert_eq!(v.slice_axis(1, 1..).unwrap().to_vec(), [11, 10, 21, 20]);
}

struct Slicing;
impl Slicing {
    fn rev() -> memslice_core::Slice {
        memslice_core::Slice::new(None, None, -1)
    }
}

#[test]
fn get_item_pointer_agrees_with_views_including_wrapping_indices() {
    let data: Vec<i16> = (0..12).collect();
    let bytes: &[u8] = bytemuck::cast_slice(&data);
    let info = layout_of(ro(bytes), 22, true, "h", &[3, 4], &[-8, -2], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let v = MemViewSlice::<i16, 2>::from_buffer(&info).unwrap();
    for i in 0..3 {
        for j in 0..4 {
            let p = info.get_item_pointer(&[i, j]).unwrap();
            assert_eq!(p.as_ptr() as *const i16, &v[[i, j]] as *const i16);
            assert_eq!(v[[i, j]], 11 - (4 * i + j) as i16);
        }
    }
    assert_eq!(info.get_item_pointer(&[3, 0]), None);
    assert_eq!(info.get_item_pointer(&[0, usize::MAX]), None);
}

#[test]
fn overflow_messages_say_what_overflowed() {
    let data = [7_u8; 8];
    // The walk of an IndirectView over strides whose offsets overflow.
    let info = layout_of(ro(&data), 0, true, "B", &[3], &[isize::MAX], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let direct = MemViewSlice::<u8, 1>::from_buffer(&info)
        .unwrap_err()
        .to_string();
    let indirect = IndirectView::<u8, 1>::from_buffer(&info)
        .unwrap_err()
        .to_string();
    let parts = layout_of(ro(&data), 0, true, "B", &[1 << 32, 1 << 32], &[0, 0], None)
        .unwrap_err()
        .to_string();
    println!("direct:   {direct}\nindirect: {indirect}\nparts:    {parts}");
    assert!(
        direct.contains("isize::MAX") || direct.contains("overflow"),
        "{direct}"
    );
}

#[test]
fn indirect_walk_far_outside_reports_a_sane_range() {
    let data = [7_u8; 8];
    let info = layout_of(ro(&data), 0, true, "B", &[3], &[isize::MAX], None)
        .unwrap()
        .request(Flags::FULL_RO)
        .unwrap();
    let err = IndirectView::<u8, 1>::from_buffer(&info).unwrap_err();
    match err {
        BufferError::OutsideMemory {
            reached: (from, to),
            ..
        } => assert!(from <= to, "{err}"),
        BufferError::View(ViewError::Overflow { .. }) => {}
        _ => panic!("{err}"),
    }
}

#[test]
fn shape_product_overflow_message_names_the_element_count() {
    let data = [7_u8; 8];
    let err = layout_of(ro(&data), 0, true, "B", &[1 << 32, 1 << 32], &[0, 0], None).unwrap_err();
    let msg = err.to_string();
    assert!(!msg.contains("itemsize 0"), "{msg}");
}

/// On 32-bit targets 2^32 leaked guards take minutes: the reader count then wraps to 0 in
/// release builds while the next export is live, and the ByteArray reallocates under it.
#[test]
#[cfg(target_pointer_width = "32")]
#[ignore = "slow: 2^32 leaked guards (32-bit targets only)"]
fn leaked_guards_cannot_wrap_the_export_count() {
    let bytes = ByteArray::from(vec![1]);
    for _ in 0..usize::MAX {
        std::mem::forget(bytes.get_buffer(Flags::SIMPLE).unwrap());
    }
    let live = bytes.get_buffer(Flags::SIMPLE);
    assert!(live.is_err() || bytes.exports() != 0);
}
