// Root cause 5: `PyBuffer_FromContiguous` writing while a shared view reads the same memory. It
// takes `&mut` of the holder, which a live view's shared borrow forbids.
use memslice::buffer::{Buffer, Flags, Layout};
use memslice::MemViewSlice;

fn main() {
    let mut data = [0u8; 4];
    let mut info = Layout::of_mut_slice(&mut data, "B", &[4]).unwrap().request(Flags::STRIDED).unwrap();
    let view = MemViewSlice::<u8, 1>::from_buffer(&info).unwrap();
    info.copy_from_contiguous(&[1, 2, 3, 4], None).unwrap();
    println!("{}", view[[0]]);
}
