//! The operation interpreter as a property test: random byte strings decode to random
//! sequences of operations, each checked against the naive model after every step; a failure
//! shrinks to a short input, whose decoded steps the interpreter prints.
//!
//! Under Miri (about a thousand times slower) a few shorter inputs from a fixed seed run, so the
//! stage takes the same time on every run, and the interpreter skips what starts rayon's pool.
//! `PROPTEST_CASES` overrides the count either way.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(if cfg!(miri) { 12 } else { 512 });
    Config {
        cases,
        // Miri isolates the file system; a failure is replayed from the printed input instead.
        failure_persistence: None,
        rng_seed: if cfg!(miri) {
            RngSeed::Fixed(11)
        } else {
            RngSeed::Random
        },
        ..Config::default()
    }
}

/// The longest input: long enough for a hundred steps natively, shorter under Miri.
const MAX_LEN: usize = if cfg!(miri) { 200 } else { 600 };

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_sequence_follows_the_model(data in prop::collection::vec(any::<u8>(), 0..MAX_LEN)) {
        memslice_model::run(&data);
    }
}

/// Replays the inputs in the files `MEMSLICE_MODEL_REPLAY` names (separated by `:`), such as a
/// fuzzer's crash artifacts: here a failure unwinds, so the interpreter prints the decoded
/// sequence (libFuzzer aborts in its panic hook before that can happen). Does nothing unset.
#[test]
#[cfg_attr(miri, ignore = "reads files, which Miri's isolation forbids")]
fn replay_inputs_from_files() {
    let Some(paths) = std::env::var_os("MEMSLICE_MODEL_REPLAY") else {
        return;
    };
    for path in std::env::split_paths(&paths) {
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        memslice_model::run(&data);
    }
}

/// The fuzzer's seeds and every input a past finding was minimised from (`finding-*`), replayed:
/// each must run clean.
#[test]
#[cfg_attr(miri, ignore = "reads files, which Miri's isolation forbids")]
fn seeds_and_past_findings_replay() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/ops");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("the seed corpus") {
        let path = entry.expect("a seed").path();
        memslice_model::run(&std::fs::read(&path).expect("a readable seed"));
        count += 1;
    }
    assert!(count > 20, "only {count} seeds in {}", dir.display());
}
