// Two live mutable iterators over one view could hand out the same element twice.
use memslice::MemViewSliceMut;

fn main() {
    let mut data = [0; 4];
    let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    let a = m.iter_mut().next().unwrap();
    let b = m.iter_mut().next().unwrap();
    *a = 1;
    *b = 2;
}
