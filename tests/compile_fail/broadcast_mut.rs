// A broadcast view repeats elements, so it exists only as a shared view: there is no way to
// broadcast a mutable view and write through it.
use memslice::MemViewSliceMut;

fn main() {
    let mut row = [1, 2, 3];
    let m = MemViewSliceMut::from_slice(&mut row, [3]).unwrap();
    let mut b = m.broadcast_to([2, 3]);
    b[[0, 0]] = 5;
}
