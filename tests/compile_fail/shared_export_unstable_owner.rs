// Root cause 6: an owner whose `Deref` may answer differently, or whose exporter lives inline
// and moves with it. `SharedExport` takes only shared `CloneStableDeref` owners (Arc, Rc, &T).
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

// A `Box` is `StableDeref` but unique: moving it would assert that nothing else points into
// the exporter, which the export does. Refused too.
fn boxed() {
    let _ = SharedExport::new(Box::new(ByteArray::from(vec![1])), Flags::SIMPLE);
}
