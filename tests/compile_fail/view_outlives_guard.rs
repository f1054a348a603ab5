// A view after release: the view borrows the guard, so dropping the guard (releasing the
// export) while the view lives does not compile.
use memslice::buffer::{ByteArray, Exporter, Flags};
use memslice::MemViewSlice;

fn main() {
    let bytes = ByteArray::from(vec![1, 2, 3]);
    let guard = bytes.get_buffer(Flags::SIMPLE).unwrap();
    let view = MemViewSlice::<u8, 1>::from_buffer(&guard).unwrap();
    drop(guard);
    bytes.extend_from_slice(&[0; 1000]).unwrap();
    println!("{}", view[[0]]);
}
