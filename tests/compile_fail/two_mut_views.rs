// Two exclusive views of one buffer would hand out aliasing `&mut`.
use memslice::MemViewSliceMut;

fn main() {
    let mut data = vec![0; 4];
    let mut a = MemViewSliceMut::from_slice(&mut data, [4]).unwrap();
    let mut b = MemViewSliceMut::from_slice(&mut data, [4]).unwrap();
    a[[0]] = 1;
    b[[0]] = 2;
}
