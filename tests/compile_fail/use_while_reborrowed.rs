// A reborrowed sub-view keeps the parent locked until it is gone.
use memslice::MemViewSliceMut;

fn main() {
    let mut data = vec![0; 4];
    let mut m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    let mut row = m.reborrow().index_axis(0, 0);
    m[[0, 0]] = 1;
    row[[0]] = 2;
}
