// Read-only sources give only shared views: a `&[u8]` cannot lend a mutable one.
use memslice::alloc::AsViewMut;

fn main() {
    let data = vec![0u8; 4];
    let bytes: &[u8] = &data;
    let mut m = bytes.as_view_mut();
    m[[0]] = 1;
}
