//! Ranks as types, so that rank-changing operations infer their output rank.
//!
//! Stable Rust cannot write `MemViewSlice<T, { N - 1 }>` for a generic `N`. Instead each
//! rank-changing method is generic over its output rank `M` and bounded by a table of
//! implementations, such as `Rank<3>: RankDown<Down = Rank<2>>`, from which the compiler infers
//! `M`. The tables cover every rank up to 16, and the ellipsis table every input rank up to 8
//! (Cython's limit), so `index_axis`, `insert_axis` and `s![..]` work on all of them; beyond the
//! tables they fail to compile with a message that names the ranks.

/// The rank `N` as a type; see the module docs.
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{Rank, RankDown, RankUp};
///
/// fn down<R: RankDown<Down = Rank<1>>>() {}
/// down::<Rank<2>>();
/// fn up<R: RankUp<Up = Rank<3>>>() {}
/// up::<Rank<2>>();
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rank<const N: usize>;

/// The rank one above: implemented for `Rank<0>` to `Rank<15>`.
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{Rank, RankUp};
///
/// let _: <Rank<4> as RankUp>::Up = Rank::<5>;
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is the largest rank a view can grow to",
    label = "no rank above this one"
)]
pub trait RankUp {
    /// `Rank<N + 1>`.
    type Up;
}

/// The rank one below: implemented for `Rank<1>` to `Rank<16>`. Also bounds methods that need
/// an axis without removing one (`rows`).
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{Rank, RankDown};
///
/// let _: <Rank<4> as RankDown>::Down = Rank::<3>;
/// ```
#[diagnostic::on_unimplemented(
    message = "a view of `{Self}` has no axis to work on",
    label = "this needs a view with at least one axis"
)]
pub trait RankDown {
    /// `Rank<N - 1>`.
    type Down;
}

/// The rank of a view of rank `N` after an `s![..., ...]` with an ellipsis that consumes `I` input
/// axes explicitly and produces `O`: `Rank<N - I + O>`. Implemented for `N` up to 8.
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{Rank, RankShift};
///
/// // s![..., 0, NewAxis, NewAxis] on a 3-d view: one axis in, two out, rank 4.
/// let _: <Rank<3> as RankShift<1, 2>>::Out = Rank::<4>;
/// ```
#[diagnostic::on_unimplemented(
    message = "this `s![...]` consumes {I} axes explicitly, more than a view of `{Self}` has",
    label = "too many indices and ranges for this view's rank (or a rank above 8)"
)]
pub trait RankShift<const I: usize, const O: usize> {
    /// `Rank<N - I + O>`.
    type Out;
}

macro_rules! rank_steps {
    ($($lo:literal => $hi:literal),*) => {$(
        impl RankUp for Rank<$lo> {
            type Up = Rank<$hi>;
        }
        impl RankDown for Rank<$hi> {
            type Down = Rank<$lo>;
        }
    )*};
}

rank_steps!(0 => 1, 1 => 2, 2 => 3, 3 => 4, 4 => 5, 5 => 6, 6 => 7, 7 => 8,
    8 => 9, 9 => 10, 10 => 11, 11 => 12, 12 => 13, 13 => 14, 14 => 15, 15 => 16);

macro_rules! rank_shifts {
    ($($n:literal: [$($i:literal)*];)*) => {$($(
        rank_shifts!(@one $n $i [0 1 2 3 4 5 6 7 8]);
    )*)*};
    (@one $n:literal $i:literal [$($o:literal)*]) => {$(
        impl RankShift<$i, $o> for Rank<$n> {
            type Out = Rank<{ $n - $i + $o }>;
        }
    )*};
}

rank_shifts! {
    0: [0];
    1: [0 1];
    2: [0 1 2];
    3: [0 1 2 3];
    4: [0 1 2 3 4];
    5: [0 1 2 3 4 5];
    6: [0 1 2 3 4 5 6];
    7: [0 1 2 3 4 5 6 7];
    8: [0 1 2 3 4 5 6 7 8];
}
