//! Every input is a sequence of view and buffer operations, run against memslice and the naive
//! model by `memslice_model::run`; a disagreement or a panic inside memslice is a crash.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| memslice_model::run(data));
