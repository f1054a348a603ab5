// An exclusive view is not Copy: duplicating it would duplicate exclusive access.
use memslice::MemViewSliceMut;

fn duplicate<T: Copy>(x: T) -> (T, T) {
    (x, x)
}

fn main() {
    let mut data = vec![0; 4];
    let m = MemViewSliceMut::from_slice(&mut data, [4]).unwrap();
    let (mut a, mut b) = duplicate(m);
    a[[0]] = 1;
    b[[0]] = 2;
}
