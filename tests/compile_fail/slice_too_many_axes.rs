// An s![..] that names more axes than the view has does not compile.
use memslice::{s, MemViewSlice};

fn main() {
    let data = [0; 4];
    let v = MemViewSlice::from_slice(&data, [2, 2]).unwrap();
    let _ = v.slice(s![0, 0, 0]);
}
