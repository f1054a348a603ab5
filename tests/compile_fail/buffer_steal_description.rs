// Root cause 2: taking the description out of its guard (`mem::replace`/`mem::swap`) so that it
// outlives the release. The guard lends it shared only: there is no `&mut BufferInfo` to swap.
use memslice::buffer::{BufferInfo, ByteArray, Exporter, Flags};

fn main() {
    let bytes = ByteArray::from(vec![1, 2, 3]);
    #[allow(unused_mut)] // the `mut` the attempt needs
    let mut guard = bytes.get_buffer(Flags::WRITABLE).unwrap();
    let other = [0u8; 3];
    let stolen = std::mem::replace(&mut *guard, BufferInfo::fill_info(&other, Flags::SIMPLE).unwrap());
    drop(guard);
    println!("{}", stolen.len());
}
