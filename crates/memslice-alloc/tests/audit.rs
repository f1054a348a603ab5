//! An outside audit of `SharedExport`: owners that are references; swapped and replaced
//! exports; exports that fail to start. (It found that `Box` and `&mut` owners, whose moves
//! assert uniqueness, invalidated the guard's reference under Miri; they, and `RefCell` guards,
//! are no longer accepted owners: `tests/compile_fail/shared_export_unstable_owner.rs`.)

use std::rc::Rc;

use memslice_alloc::SharedExport;
use memslice_core::buffer::{BufferError, ByteArray, Flags};
use memslice_core::{MemViewSlice, MemViewSliceMut};

#[test]
fn a_reference_owner_keeps_the_borrow_and_the_count() {
    let bytes = ByteArray::from(vec![1, 2, 3]);
    let export = SharedExport::new(&bytes, Flags::FULL_RO).unwrap();
    let view = MemViewSlice::<u8, 1>::from_buffer(export.info()).unwrap();
    assert_eq!(
        bytes.resize(0, 0),
        Err(BufferError::ExportsExist { count: 1 })
    );
    assert_eq!(view.to_vec(), [1, 2, 3]);
    drop(export);
    bytes.resize(1, 0).unwrap();
    assert_eq!(bytes.into_vec(), [1]);
}

#[test]
fn swapped_and_replaced_shared_exports_release_their_own_exporters() {
    let x = Rc::new(ByteArray::from(vec![1; 4]));
    let y = Rc::new(ByteArray::from(vec![2; 8]));
    let mut ex = SharedExport::new(Rc::clone(&x), Flags::WRITABLE).unwrap();
    let mut ey = SharedExport::new(Rc::clone(&y), Flags::FULL_RO).unwrap();
    std::mem::swap(&mut ex, &mut ey);
    assert_eq!(
        MemViewSlice::<u8, 1>::from_buffer(ex.info()).unwrap().len(),
        8
    );
    assert_eq!(
        MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut ex).unwrap_err(),
        BufferError::NotWritable
    );
    MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut ey).unwrap()[[0]] = 7;
    let old = std::mem::replace(
        &mut ey,
        SharedExport::new(Rc::clone(&y), Flags::SIMPLE).unwrap(),
    );
    drop(old); // x's writable export
    assert_eq!(x.exports(), 0);
    assert_eq!(x.to_vec().unwrap(), [7, 1, 1, 1]);
    x.extend_from_slice(&[0; 100]).unwrap();
    assert_eq!(y.exports(), 2);
    drop((ex, ey));
    y.resize(0, 0).unwrap();
}

#[test]
fn failed_shared_exports_count_nothing_and_drop_their_owner() {
    let bytes = Rc::new(ByteArray::from(vec![1, 2]));
    let _w = SharedExport::new(Rc::clone(&bytes), Flags::WRITABLE).unwrap();
    assert!(SharedExport::new(Rc::clone(&bytes), Flags::SIMPLE).is_err());
    assert_eq!((bytes.exports(), Rc::strong_count(&bytes)), (1, 2));
}
