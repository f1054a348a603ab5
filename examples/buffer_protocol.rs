//! The buffer protocol, step by step: an exporter, request flags, the format check, a typed
//! view, the release, the relocated-bytearray scenario as the error it now is, NumPy's reversed
//! and stepped layouts, and a `double**` view. Run with `cargo run --example buffer_protocol`.

use memslice::buffer::{BufferInfo, ByteArray, Exporter, Flags, Format, Layout};
use memslice::{IndirectView, MemViewSlice, MemViewSliceMut, RowTable, s};

fn main() {
    println!("== 1. An exporter and what a request gets");
    let samples: Vec<f64> = (0..6).map(|k| k as f64 * 0.5).collect();
    // A layout is what an exporter knows; each request consumes one, so make one per request.
    let exporter = || Layout::of_slice(&samples, "<d", &[2, 3]).unwrap();
    for flags in [
        Flags::SIMPLE,
        Flags::ND,
        Flags::STRIDED_RO,
        Flags::RECORDS_RO,
        Flags::WRITABLE,
        Flags::F_CONTIGUOUS,
    ] {
        match exporter().request(flags) {
            Ok(info) => println!(
                "{flags:?}: format {:?}, shape {:?}, strides {:?}",
                info.format(),
                info.shape(),
                info.strides()
            ),
            Err(e) => println!("{flags:?}: BufferError: {e}"),
        }
    }

    println!("\n== 2. Format check, then a typed view");
    let info = exporter().request(Flags::RECORDS_RO).unwrap();
    let f = Format::parse(info.format()).unwrap();
    println!(
        "format {:?}: itemsize {}, {:?}",
        info.format(),
        f.itemsize(),
        f.fields()[0].kind
    );
    let v = MemViewSlice::<f64, 2>::from_buffer(&info).unwrap();
    println!("as f64: {v:?}");
    println!(
        "as f32: {}",
        MemViewSlice::<f32, 2>::from_buffer(&info).unwrap_err()
    );
    println!(
        "as 1-d: {}",
        MemViewSlice::<f64, 1>::from_buffer(&info).unwrap_err()
    );
    println!(
        "struct.calcsize('@ci') = {}",
        Format::parse("@ci").unwrap().itemsize()
    );

    println!("\n== 3. A growable exporter, and the seeds' bug as an error");
    let bytes = ByteArray::from(b"memslice".to_vec());
    {
        let guard = bytes.get_buffer(Flags::FULL_RO).unwrap();
        let view = MemViewSlice::<u8, 1>::from_buffer(&guard).unwrap();
        println!(
            "exports live: {}, view[0] = {:?}",
            bytes.exports(),
            view[[0]] as char
        );
        // In C (or with a raw pointer) this append could move the bytes and leave `view`
        // dangling. Here it is refused while the export lives.
        println!(
            "append while exported: {}",
            bytes.extend_from_slice(b" grows").unwrap_err()
        );
        println!(
            "view still reads: {:?}",
            String::from_utf8(view.to_vec()).unwrap()
        );
    } // the guard drops: release
    bytes.extend_from_slice(b" grows").unwrap();
    println!(
        "after release: {:?} ({} exports)",
        String::from_utf8(bytes.to_vec().unwrap()).unwrap(),
        bytes.exports()
    );
    {
        let mut guard = bytes.get_buffer(Flags::CONTIG).unwrap();
        println!(
            "second export while writing: {}",
            bytes.get_buffer(Flags::SIMPLE).unwrap_err()
        );
        let mut m = MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut guard).unwrap();
        m[[0]] = b'M';
    }
    println!(
        "written through the export: {:?}",
        String::from_utf8(bytes.to_vec().unwrap()).unwrap()
    );

    println!("\n== 4. memoryview.cast");
    let words: Vec<u32> = vec![0x01020304, 0x05060708];
    let w = MemViewSlice::from_slice(&words, [2]).unwrap();
    let as_bytes = w.cast::<u8, 1>([8]).unwrap();
    println!("cast('B'): {:?}", as_bytes.to_vec());
    println!(
        "cast('B', (2, 4)): {:?}",
        as_bytes.cast::<u8, 2>([2, 4]).unwrap()
    );
    println!("cast('H'): {}", w.cast::<u16, 1>([4]).unwrap_err());

    println!("\n== 5. Real Py_buffer layouts: a[::-1] and a[::2], as NumPy hands them out");
    let a: Vec<f64> = (0..8).map(f64::from).collect();
    let v = MemViewSlice::from_slice(&a, [8]).unwrap();
    for (name, part) in [
        ("a[::-1]", v.slice(s![..;-1])),
        ("a[::2]", v.slice(s![..;2])),
    ] {
        let info = Layout::of_view(part).request(Flags::RECORDS_RO).unwrap();
        println!(
            "{name}: buf at element {}, len {} bytes, strides {:?}, memory {} bytes -> {:?}",
            (info.buf().as_ptr() as usize - a.as_ptr() as usize) / 8,
            info.len(),
            info.strides().unwrap(),
            info.memory().unwrap().1,
            MemViewSlice::<f64, 1>::from_buffer(&info).unwrap().to_vec()
        );
    }
    // NumPy's as_strided can hand out a writable buffer whose elements overlap (here windows
    // of two over four u32s): a shared view reads it, a mutable one is refused.
    let mut window = [0_u32, 1, 2, 3];
    let start = std::ptr::NonNull::from(&mut window).cast::<u8>();
    // SAFETY: shape [3, 2] with strides [4, 4] stays inside `window`, borrowed here alone.
    let mut info = unsafe {
        BufferInfo::from_raw_parts(
            start,
            24,
            false,
            Some("I".into()),
            4,
            Some(vec![3, 2].into()),
            Some(vec![4, 4].into()),
            None,
        )
    }
    .unwrap();
    println!(
        "as_strided windows: read {:?}; write: {}",
        MemViewSlice::<u32, 2>::from_buffer(&info).unwrap().to_vec(),
        MemViewSliceMut::<u32, 2>::from_buffer_mut(&mut info).unwrap_err()
    );

    println!("\n== 6. A double** view (indirect axis 0)");
    let rows = vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]];
    let table = RowTable::new(&rows).unwrap();
    let d = table.view();
    println!(
        "shape {:?}, strides {:?}, suboffsets {:?}",
        d.shape(),
        d.strides(),
        d.suboffsets()
    );
    println!(
        "d[1, 2] = {}, d[:, ::-1] = {:?}",
        d[[1, 2]],
        d.slice_axis(1, memslice::Slice::new(None, None, -1))
            .unwrap()
            .to_vec()
    );
    println!(
        "C-contiguous across the indirect axis: {}",
        d.is_c_contiguous()
    );
    let row: IndirectView<'_, f64, 1> = d.index_axis(0, 1).unwrap();
    println!(
        "d[1] is direct again: {:?}",
        row.as_direct().unwrap().as_slice()
    );
}
