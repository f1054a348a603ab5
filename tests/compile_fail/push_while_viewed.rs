// The seeds' relocated-buffer bug: growing a Vec may move it, so it cannot grow while viewed.
use memslice::MemViewSlice;

fn main() {
    let mut data = vec![1, 2, 3];
    let view = MemViewSlice::from_slice(&data, [3]).unwrap();
    data.push(4);
    println!("{}", view[[0]]);
}
