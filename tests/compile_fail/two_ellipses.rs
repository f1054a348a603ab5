// At most one `...` per s![..], as in NumPy.
use memslice::{s, MemViewSlice};

fn main() {
    let data = [0; 8];
    let v = MemViewSlice::from_slice(&data, [2, 2, 2]).unwrap();
    let _ = v.slice(s![..., 0, ...]);
}
