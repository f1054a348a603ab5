//! The seeds' Cython program, section by section, with the Rust that replaces each line: what
//! it prints, and whether the conversion copied. After a no-copy conversion a write through one
//! side shows through the other; after a copy it does not. Run with
//! `cargo run --example conversions`.

use memslice::alloc::{
    Array, AsNdView, AsView, AsViewMut, CBuffer, SharedExport, ToArray, view_bytes_as,
};
use memslice::buffer::{ByteArray, Exporter, Flags};
use memslice::layout::Order;
use memslice::{MemViewSlice, MemViewSliceMut};
use std::rc::Rc;

/// Prints one line of the replay: what it does, what it shows, and its cost.
fn line(what: &str, shows: impl std::fmt::Debug, copies: bool) {
    let cost = if copies { "copy" } else { "no copy" };
    let shows = format!("{shows:?}");
    println!("  {what:<48} -> {shows:<32} [{cost}]");
}

fn main() {
    println!("== bytes / bytearray <-> views");
    let data = b"hello".to_vec();
    let v = data.as_view(); // cdef const unsigned char[:] v = b"hello"
    line(
        "view of bytes (read-only: no mutable view exists)",
        v[[0]] as char,
        false,
    );
    let bytes = ByteArray::from(b"hello".to_vec());
    {
        let mut guard = bytes.get_buffer(Flags::CONTIG).unwrap(); // cdef unsigned char[:] w = bytearray(...)
        let mut w = MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut guard).unwrap();
        w[[0]] = b'j';
    }
    line(
        "write through a view of a bytearray",
        String::from_utf8(bytes.to_vec().unwrap()).unwrap(),
        false,
    );

    println!("== the relocated pointer (the seeds' bug)");
    let shared = Rc::new(ByteArray::from(b"abc".to_vec()));
    let export = SharedExport::new(Rc::clone(&shared), Flags::FULL_RO).unwrap();
    let view = MemViewSlice::<u8, 1>::from_buffer(export.info()).unwrap();
    // In Cython: p = &view[0]; ba.extend(b"x" * 1000); p[0] reads freed memory.
    match shared.extend_from_slice(&[b'x'; 1000]) {
        Ok(()) => unreachable!("an export is alive"),
        Err(e) => line("grow while a view exists", e.to_string(), false),
    }
    line("the view still reads", view[[0]] as char, false);
    drop(export);
    shared.extend_from_slice(&[b'x'; 1000]).unwrap();
    line("grow after the view is gone", shared.len(), false);

    println!("== views -> raw pointer (unsafe) -> view (unsafe)");
    let mut nums = vec![1.0_f64, 2.0, 3.0, 4.0];
    let ptr = nums.as_view_mut().as_mut_ptr(); // cdef double* p = &m[0]
    // SAFETY: `ptr` addresses `nums`' four f64s, and nothing else touches them meanwhile.
    let mut back = unsafe { MemViewSliceMut::from_raw_parts(ptr, [2, 2], [16, 8], [-1, -1]) };
    back[[1, 1]] = 40.0; // cdef double[:, ::1] m2 = <double[:2, :2]> p
    line(
        "write through a view made from the raw pointer",
        nums[3],
        false,
    );

    println!("== views -> bytes / owned copies");
    let v = MemViewSlice::from_slice(&nums, [2, 2]).unwrap();
    let as_bytes = v.cast::<u8, 1>([32]).unwrap(); // memoryview(m).cast('B')
    line("view as bytes", as_bytes.len(), false);
    let copied = v.to_vec(); // bytes(m) / list(m)
    nums[0] = -1.0;
    line("to_vec, then write the source", copied[0], true);
    let owned: Array<f64, 2> = MemViewSlice::from_slice(&nums, [2, 2])
        .unwrap()
        .to_array(Order::F); // m.copy_fortran()
    nums[1] = -2.0;
    line("to_array(F), then write the source", owned.as_slice(), true);

    println!("== array <-> views");
    let mut arr = Array::<i32, 2>::zeros([2, 3], Order::C); // cython.view.array(shape=(2, 3), ...)
    arr.view_mut()[[1, 2]] = 7;
    line("write through arr.view_mut()", arr.as_slice()[5], false);
    let vec_back = arr.into_vec();
    line("into_vec (a move)", vec_back.len(), false);
    let mut c = CBuffer::<i32>::alloc_zeroed(4); // malloc'd memory, freed by its owner
    c.view_nd_mut([2, 2]).unwrap()[[0, 1]] = 3;
    line("write through a view of C memory", c.as_slice(), false);

    println!("== list <-> fixed array copies");
    let list = vec![1_u16, 2, 3, 4, 5, 6];
    let mut fixed = [[0_u16; 3]; 2]; // cdef int fixed[2][3]; fixed[:] = list
    MemViewSliceMut::from_slice(fixed.as_flattened_mut(), [2, 3])
        .unwrap()
        .copy_from(&MemViewSlice::from_slice(&list, [2, 3]).unwrap())
        .unwrap();
    line("list -> fixed array", fixed, true);
    line("fixed array -> 2-d view", fixed.as_nd_view()[[1, 0]], false);
    let list_again = fixed.as_nd_view().to_vec(); // list(fixed)
    line("fixed array -> list", list_again, true);
    let word_bytes: &[u8] = bytemuck::cast_slice(&list);
    line(
        "bytes -> typed view (size, alignment checked)",
        view_bytes_as::<u16>(word_bytes).unwrap()[[2]],
        false,
    );
}
