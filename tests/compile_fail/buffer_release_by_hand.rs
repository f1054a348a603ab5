// Root cause 1: releasing an export by hand. `Exporter::release` is an `unsafe fn`: safe code
// cannot drop the count under a live view (and then grow the bytes, or take a second writer).
use memslice::buffer::{ByteArray, Exporter, Flags};
use memslice::MemViewSlice;

fn main() {
    let bytes = ByteArray::from(vec![1, 2, 3]);
    let guard = bytes.get_buffer(Flags::SIMPLE).unwrap();
    let view = MemViewSlice::<u8, 1>::from_buffer(&guard).unwrap();
    bytes.release(Flags::SIMPLE);
    bytes.extend_from_slice(&[0; 1000]).unwrap();
    println!("{}", view[[0]]);
}
