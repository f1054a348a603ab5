// Root cause 5, the other half: a writable export of `bool`s would let a consumer write `2`.
// Writable memory must take any bytes: `of_mut_slice` asks for `Pod`, which `bool` is not.
use memslice::buffer::Layout;

fn main() {
    let mut flags = [false; 4];
    let _ = Layout::of_mut_slice(&mut flags, "?", &[4]);
}
