//! What must not compile: views outliving or racing their memory, aliasing mutable views, and
//! slices that do not fit a view's rank. Each case's expected error sits next to it in
//! `compile_fail/*.stderr`; regenerate with `TRYBUILD=overwrite` after a compiler upgrade, then
//! read the diff.

#[test]
#[cfg_attr(miri, ignore = "trybuild runs rustc")]
fn compile_fail() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
