// Root cause 8: an element type with padding. Writing one through a mutable view would put
// uninitialised bytes in the buffer; `Element` requires `bytemuck::NoUninit`, which the compiler
// (through bytemuck's derive) only grants to types without padding.
use memslice::buffer::Element;

#[derive(Clone, Copy)]
#[repr(C)]
struct Padded {
    a: u8,
    b: u32,
}

impl Element for Padded {
    const FORMAT: &'static str = "BI";
}

fn main() {}
