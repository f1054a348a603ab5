// Root cause 6: an owner whose `Deref` may answer differently, or whose exporter lives inline
// and moves with it. `SharedExport` takes only `StableDeref` owners (Arc, Rc, Box, &'static).
use std::ops::Deref;

use memslice::alloc::SharedExport;
use memslice::buffer::{ByteArray, Flags};

struct Inline(ByteArray);

impl Deref for Inline {
    type Target = ByteArray;
    fn deref(&self) -> &ByteArray {
        &self.0
    }
}

fn main() {
    let _ = SharedExport::new(Inline(ByteArray::from(vec![1])), Flags::SIMPLE);
}
