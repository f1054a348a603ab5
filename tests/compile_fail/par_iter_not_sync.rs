// Parallel iteration shares elements between threads, so it needs `T: Sync`: a view of `Cell`s
// cannot be iterated in parallel.
use std::cell::Cell;

use memslice::MemViewSlice;

fn main() {
    let data = [Cell::new(1), Cell::new(2)];
    let v = MemViewSlice::from_slice(&data, [2]).unwrap();
    let _ = v.par_iter();
}
