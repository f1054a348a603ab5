// A view of a mapped .npy file borrows the map: dropping (unmapping) the map while the view
// lives is refused, so no view can read unmapped memory.
use memslice::alloc::npy::NpyMap;

fn main() {
    // SAFETY: nothing else touches the file (the example never runs: it must not compile).
    let map = unsafe { NpyMap::open("a.npy") }.unwrap();
    let v = map.view::<f64, 1>().unwrap();
    drop(map);
    println!("{}", v[[0]]);
}
