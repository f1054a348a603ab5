// Root cause 4: one layout of `&mut` memory minting two writable descriptions. A request
// consumes the layout (and a layout is not `Clone`).
use memslice::buffer::{Flags, Layout};
use memslice::MemViewSliceMut;

fn main() {
    let mut data = [0u8; 4];
    let layout = Layout::of_mut_slice(&mut data, "B", &[4]).unwrap();
    let mut a = layout.request(Flags::WRITABLE).unwrap();
    let mut b = layout.request(Flags::WRITABLE).unwrap();
    let mut x = MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut a).unwrap();
    let mut y = MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut b).unwrap();
    x[[0]] = 1;
    y[[0]] = 2;
}
