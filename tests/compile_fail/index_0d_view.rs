// A 0-dimensional view has no axis to index away.
use memslice::MemViewSlice;

fn main() {
    let data = [1.0_f32];
    let v = MemViewSlice::<f32, 0>::from_slice(&data, []).unwrap();
    let _ = v.index_axis(0, 0);
}
