//! Shared exports (root cause 6 of the buffer-soundness issue): the owner (a shared pointer:
//! `CloneStableDeref`, so that moving it asserts no uniqueness) is dereferenced once,
//! the export survives moves of the owner and of the export, and it is released exactly once,
//! before the owner goes. Runs under Miri with both borrow models (`.ci/run`).

use std::rc::Rc;

use memslice_alloc::{Array, SharedExport, SharedView};
use memslice_core::buffer::{BufferError, ByteArray, Flags};
use memslice_core::layout::Order;
use memslice_core::{MemViewSlice, MemViewSliceMut};

#[test]
fn exports_held_by_moving_owners_keep_the_bytes_in_place() {
    let bytes = Rc::new(ByteArray::from(vec![1, 2, 3]));
    let export = SharedExport::new(Rc::clone(&bytes), Flags::FULL_RO).unwrap();
    let mut moved = vec![export]; // the export moves; the exporter behind the Rc does not
    let held = moved.pop().unwrap();
    let view = MemViewSlice::<u8, 1>::from_buffer(held.info()).unwrap();
    assert_eq!(
        bytes.extend_from_slice(&[0; 4096]),
        Err(BufferError::ExportsExist { count: 1 })
    );
    assert_eq!(view.to_vec(), [1, 2, 3]);
    drop(held);
    assert_eq!(bytes.exports(), 0);
    bytes.extend_from_slice(&[4]).unwrap();
}

#[test]
fn a_borrowed_exporter_is_released_when_the_export_drops() {
    let bytes = ByteArray::from(vec![7; 16]);
    let export = SharedExport::new(&bytes, Flags::WRITABLE).unwrap();
    let moved = export;
    assert_eq!(moved.owner().exports(), 1);
    drop(moved);
    assert_eq!(bytes.exports(), 0);
    bytes.resize(1, 0).unwrap();
}

#[test]
fn a_writable_shared_export_lends_one_mutable_view_at_a_time() {
    let bytes = Rc::new(ByteArray::from(vec![0; 4]));
    let mut export = SharedExport::new(Rc::clone(&bytes), Flags::RECORDS).unwrap();
    assert!(matches!(
        SharedExport::new(Rc::clone(&bytes), Flags::SIMPLE),
        Err(BufferError::Busy { writer: true, .. })
    ));
    MemViewSliceMut::<u8, 1>::from_buffer_mut(&mut export).unwrap()[[1]] = 5;
    drop(export);
    assert_eq!(bytes.to_vec().unwrap(), [0, 5, 0, 0]);
}

#[test]
fn shared_views_of_fortran_arrays_keep_their_order() {
    let a = Array::from_fn([2, 3], Order::F, |[i, j]| 10 * i + j);
    let shared = SharedView::new(a, [2, 3]).unwrap();
    let v = shared.view();
    assert_eq!(v.strides(), &[8, 16]);
    assert_eq!(v.to_vec(), [0, 1, 2, 10, 11, 12]);
}
