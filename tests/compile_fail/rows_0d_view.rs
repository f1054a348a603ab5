// A 0-dimensional view has no last axis, so it has no rows.
use memslice::{MemViewSlice, MemViewSliceMut};

fn main() {
    let mut data = [1.0_f32];
    let v = MemViewSlice::<f32, 0>::from_slice(&data, []).unwrap();
    let _ = v.rows();
    let mut m = MemViewSliceMut::<f32, 0>::from_slice(&mut data, []).unwrap();
    let _ = m.rows_mut();
}
