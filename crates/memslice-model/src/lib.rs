//! The naive model of memslice's views and the interpreter that checks memslice against it, for
//! tests and fuzzing only (not published).
//!
//! [`run`] decodes a byte string into a sequence of operations (constructions from slices with
//! any layout, sub-views, casts, iterators, writes, parallel walks, buffer exports and their
//! guards, indirect views) and applies each to memslice and to a model in which a view is just
//! the list of backing positions it reaches. After every step it compares shape, strides,
//! contiguity, every element through every way of reading it, the whole backing (so a write
//! outside a view is caught) and the buffer layer's export state; an operation memslice refuses
//! must be one the model calls invalid, with the same error. Any disagreement, and any panic
//! from memslice, panics.
//!
//! Three drivers share it: the proptest in `tests/ops.rs` (shrinking a failure to a short
//! input), the same test under Miri (`.ci/run`, few cases, no rayon), and the cargo-fuzz
//! target in `fuzz/`. A library crate rather than a shared source file, so that each driver
//! depends on it like on any crate and it is compiled, linted and documented once.
//!
//! ```
//! // element type u32, a backing of 12, then a shared 3x4 C-order view, then a[::-1]
//! memslice_model::run(&[1, 12, 0, 2, 0, 3, 4, 0, 48, 16, 0, 0, 2, 0, 0, 0, 255]);
//! ```

mod buffer;
mod check;
mod dynview;
mod elem;
mod input;
mod interp;
mod model;
mod recipe;
mod write;

use memslice_core::buffer::ByteArray;

/// Runs the operation sequence `data` decodes to against memslice and the model.
///
/// # Panics
///
/// When memslice and the model disagree, or memslice panics; the sequence so far is printed to
/// stderr first.
pub fn run(data: &[u8]) {
    let mut input = input::Input::new(data);
    let ty = input.below(4);
    let bytes = ByteArray::from((0..input.below(24) as u8).collect::<Vec<u8>>());
    match ty {
        0 => interp::State::<u8>::run(&bytes, &mut input),
        1 => interp::State::<u32>::run(&bytes, &mut input),
        2 => interp::State::<f64>::run(&bytes, &mut input),
        _ => interp::State::<[u8; 3]>::run(&bytes, &mut input),
    }
}
