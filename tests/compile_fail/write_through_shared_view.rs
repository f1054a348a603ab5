// A view of a read-only source is a shared view: it has no way to write.
use memslice::alloc::AsView;

fn main() {
    let data = vec![1, 2, 3];
    let v = data.as_view();
    v[[0]] = 10;
}
