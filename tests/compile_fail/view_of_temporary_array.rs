// A view of a temporary array cannot outlive the statement that made the array.
use memslice::alloc::AsView;

fn main() {
    let v = [1, 2, 3].map(|x| x * 2).as_view();
    println!("{}", v[[0]]);
}
