// Exporting memory whose bytes are not all initialised: consumers read a buffer as bytes, so
// `Layout::of_slice` asks for `bytemuck::NoUninit`, which a padded struct is not.
use memslice::buffer::Layout;

#[derive(Clone, Copy)]
#[repr(C)]
struct Padded {
    a: u8,
    b: u32,
}

fn main() {
    let data = [Padded { a: 1, b: 2 }];
    let _ = Layout::of_slice(&data, "BI", &[1]);
}
