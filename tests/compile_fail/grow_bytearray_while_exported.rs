// Growing through `&mut` while a guard borrows the buffer: the seeds' relocation, refused by the
// borrow checker (owners that share the buffer get the run-time refusal instead).
use memslice::buffer::{ByteArray, Exporter, Flags};
use memslice::MemViewSlice;

fn main() {
    let mut bytes = ByteArray::from(vec![1, 2, 3]);
    let guard = bytes.get_buffer(Flags::SIMPLE).unwrap();
    let view = MemViewSlice::<u8, 1>::from_buffer(&guard).unwrap();
    bytes.as_vec_mut().push(4);
    println!("{}", view[[0]]);
}
