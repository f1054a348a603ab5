// A writable mapping lends one exclusive view at a time: two live `view_mut`s of the same
// map would alias.
use memslice::alloc::npy::{MapMode, NpyMapMut};

fn main() {
    // SAFETY: nothing else touches the file (the example never runs: it must not compile).
    let mut map = unsafe { NpyMapMut::open("a.npy", MapMode::CopyOnWrite) }.unwrap();
    let mut a = map.view_mut::<f64, 1>().unwrap();
    let mut b = map.view_mut::<f64, 1>().unwrap();
    a[[0]] = 1.0;
    b[[0]] = 2.0;
}
