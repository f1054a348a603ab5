// A shared view of an exclusive one freezes it: no writes while the shared view lives.
use memslice::MemViewSliceMut;

fn main() {
    let mut data = vec![0; 3];
    let mut m = MemViewSliceMut::from_slice(&mut data, [3]).unwrap();
    let shared = m.view();
    m[[0]] = 1;
    println!("{}", shared[[0]]);
}
