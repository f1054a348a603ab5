// A view borrows its memory: it cannot outlive the Vec it looks at.
use memslice::MemViewSlice;

fn main() {
    let view;
    {
        let data = vec![1.0_f64; 4];
        view = MemViewSlice::from_slice(&data, [2, 2]).unwrap();
    }
    println!("{}", view[[0, 0]]);
}
