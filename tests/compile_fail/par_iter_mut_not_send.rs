// Handing out `&mut T` to other threads needs `T: Send`: `Rc` may not cross threads.
use std::rc::Rc;

use memslice::MemViewSliceMut;

fn main() {
    let mut data = [Rc::new(1), Rc::new(2)];
    let mut m = MemViewSliceMut::from_slice(&mut data, [2]).unwrap();
    let _ = m.par_iter_mut();
}
