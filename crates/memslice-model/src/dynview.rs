//! Views of rank 0 to 4 behind one type each, so the interpreter can carry a view whose rank
//! changes from step to step. The macros dispatch one generic expression over every rank.

use memslice_core::{MemViewSlice, MemViewSliceMut};

/// The highest rank the interpreter builds.
pub(crate) const MAX_RANK: usize = 4;

/// A shared view of some rank.
#[derive(Debug)]
pub(crate) enum Shared<'a, E> {
    R0(MemViewSlice<'a, E, 0>),
    R1(MemViewSlice<'a, E, 1>),
    R2(MemViewSlice<'a, E, 2>),
    R3(MemViewSlice<'a, E, 3>),
    R4(MemViewSlice<'a, E, 4>),
}

/// An exclusive view of some rank.
#[derive(Debug)]
pub(crate) enum Excl<'a, E> {
    R0(MemViewSliceMut<'a, E, 0>),
    R1(MemViewSliceMut<'a, E, 1>),
    R2(MemViewSliceMut<'a, E, 2>),
    R3(MemViewSliceMut<'a, E, 3>),
    R4(MemViewSliceMut<'a, E, 4>),
}

/// `$body` with `$v` bound to the view inside, whatever its rank.
macro_rules! each {
    ($ty:ident, $e:expr, $v:ident => $body:expr) => {
        match $e {
            $ty::R0($v) => $body,
            $ty::R1($v) => $body,
            $ty::R2($v) => $body,
            $ty::R3($v) => $body,
            $ty::R4($v) => $body,
        }
    };
}

/// `$body` producing a view one rank lower (`None` for a 0-d view, which has no axis to drop).
macro_rules! down {
    ($ty:ident, $e:expr, $v:ident => $body:expr) => {
        match $e {
            $ty::R0(_) => None,
            $ty::R1($v) => Some($body.map($ty::R0)),
            $ty::R2($v) => Some($body.map($ty::R1)),
            $ty::R3($v) => Some($body.map($ty::R2)),
            $ty::R4($v) => Some($body.map($ty::R3)),
        }
    };
}

/// `$body` producing a view one rank higher (`None` at the highest rank).
macro_rules! up {
    ($ty:ident, $e:expr, $v:ident => $body:expr) => {
        match $e {
            $ty::R0($v) => Some($body.map($ty::R1)),
            $ty::R1($v) => Some($body.map($ty::R2)),
            $ty::R2($v) => Some($body.map($ty::R3)),
            $ty::R3($v) => Some($body.map($ty::R4)),
            $ty::R4(_) => None,
        }
    };
}

pub(crate) use {down, each, up};

/// A vector as an array of the rank the context asks for.
pub(crate) fn arr<X: Copy + Default, const N: usize>(v: &[X]) -> [X; N] {
    let mut out = [X::default(); N];
    out.copy_from_slice(v);
    out
}
