//! What `s![..]` builds: a type-level list of axis operations whose input and output ranks are
//! computed by the compiler, and which is walked at run time without an array or an allocation.

use super::{Rank, RankShift, RankUp, Slice, to_isize};
use std::ops::{Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

/// One operation of a multi-axis slice, as [`SliceItem::op`] reports it.
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{AxisOp, Slice, SliceItem};
///
/// assert_eq!((1..3).op(), AxisOp::Slice(Slice::new(Some(1), Some(3), 1)));
/// assert_eq!((-1).op(), AxisOp::Index(-1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AxisOp {
    /// Slice the next axis (`a:b:c`).
    Slice(Slice),
    /// Fix the next axis at an index, dropping it (negative indices wrap).
    Index(isize),
    /// Insert an axis of extent 1 (`np.newaxis`).
    NewAxis,
    /// Keep, unchanged, every axis that the other operations do not name (`...`).
    Ellipsis,
}

/// `np.newaxis` in [`s!`](crate::s): inserts an axis of extent 1.
///
/// # Examples
///
/// ```
/// use memslice_core::{s, MemViewSlice};
///
/// let data = [1, 2, 3];
/// let v = MemViewSlice::from_slice(&data, [3]).unwrap();
/// let column = v.slice(s![.., NewAxis]);
/// assert_eq!(column.shape(), &[3, 1]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NewAxis;

/// `...` in [`s!`](crate::s): every axis the other items do not name, unchanged.
///
/// # Examples
///
/// ```
/// use memslice_core::{s, MemViewSlice};
///
/// let data = [0_u8; 24];
/// let v = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap();
/// assert_eq!(v.slice(s![..., 0]).shape(), &[2, 3]);
/// assert_eq!(v.slice(s![1, ...]).shape(), &[3, 4]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ellipsis;

/// Type-level kind of an item that slices an axis (one axis in, one out).
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{KeepAxis, SliceItem, Slice};
///
/// fn keeps<I: SliceItem<Kind = KeepAxis>>(_: I) {}
/// keeps(1..3); // a[1:3] keeps the axis
/// keeps(..);
/// keeps(Slice::new(None, None, -1));
/// assert_eq!(<std::ops::Range<i32> as SliceItem>::INPUTS, 1);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct KeepAxis;
/// Type-level kind of an item that indexes an axis (one axis in, none out).
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{DropAxis, SliceItem};
///
/// fn drops<I: SliceItem<Kind = DropAxis>>(_: I) {}
/// drops(-1); // a[-1] drops the axis
/// drops(2_usize);
/// assert_eq!(<isize as SliceItem>::INPUTS, 1);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct DropAxis;
/// Type-level kind of an item that adds an axis (none in, one out).
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{AddAxis, NewAxis, SliceItem};
///
/// fn adds<I: SliceItem<Kind = AddAxis>>(_: I) {}
/// adds(NewAxis); // a[None] names no input axis
/// assert_eq!(<NewAxis as SliceItem>::INPUTS, 0);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct AddAxis;
/// Type-level kind of `...` (any number of axes through).
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{Ellipsis, SkipAxes, SliceItem};
///
/// fn skips<I: SliceItem<Kind = SkipAxes>>(_: I) {}
/// skips(Ellipsis);
/// assert_eq!(<Ellipsis as SliceItem>::INPUTS, 0);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SkipAxes;

/// Type-level marker: the list has no `...`; axes it does not name are kept at the end.
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{Exact, SliceList};
///
/// fn exact<L: SliceList<Ellipsis = Exact>>(_: L) {}
/// exact(memslice_core::s![1, ..].into_list()); // a[1, :]: the rest kept at the end
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Exact;
/// Type-level marker: the list has one `...`, which covers the axes it does not name.
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{SliceList, WithEllipsis};
///
/// fn with<L: SliceList<Ellipsis = WithEllipsis>>(_: L) {}
/// with(memslice_core::s![..., 0].into_list()); // a[..., 0]
/// ```
#[derive(Clone, Copy, Debug)]
pub struct WithEllipsis;

/// A value that can stand for one item of [`s!`](crate::s): an integer (index), a range or
/// [`Slice`] (slice), [`NewAxis`] or [`Ellipsis`].
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{AxisOp, NewAxis, Slice, SliceItem};
///
/// assert_eq!(NewAxis.op(), AxisOp::NewAxis);
/// assert_eq!((..).op(), AxisOp::Slice(Slice::full()));
/// assert_eq!(<i32 as SliceItem>::INPUTS, 1);
/// ```
pub trait SliceItem {
    /// [`KeepAxis`], [`DropAxis`], [`AddAxis`] or [`SkipAxes`].
    type Kind;
    /// How many input axes the item names (0 or 1).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::slicing::{NewAxis, SliceItem};
    ///
    /// assert_eq!((<i32 as SliceItem>::INPUTS, <NewAxis as SliceItem>::INPUTS), (1, 0));
    /// ```
    const INPUTS: usize;
    /// The run-time operation.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::slicing::{AxisOp, SliceItem};
    /// use memslice_core::Slice;
    ///
    /// assert_eq!((-1).op(), AxisOp::Index(-1));
    /// assert_eq!((1..=3).op(), AxisOp::Slice(Slice::new(Some(1), Some(4), 1))); // 1:4
    /// ```
    fn op(self) -> AxisOp;
}

macro_rules! items {
    ($kind:ty, $inputs:literal => $($t:ty),* ; |$x:ident| $op:expr) => {$(
        impl SliceItem for $t {
            type Kind = $kind;
            const INPUTS: usize = $inputs;
            #[inline]
            fn op(self) -> AxisOp {
                let $x = self;
                $op
            }
        }
    )*};
}

items!(DropAxis, 1 => i32, isize, usize; |i| AxisOp::Index(to_isize(i)));
items!(KeepAxis, 1 => Slice; |s| AxisOp::Slice(s));
items!(KeepAxis, 1 => RangeFull,
    Range<i32>, Range<isize>, Range<usize>,
    RangeFrom<i32>, RangeFrom<isize>, RangeFrom<usize>,
    RangeTo<i32>, RangeTo<isize>, RangeTo<usize>,
    RangeInclusive<i32>, RangeInclusive<isize>, RangeInclusive<usize>,
    RangeToInclusive<i32>, RangeToInclusive<isize>, RangeToInclusive<usize>;
    |r| AxisOp::Slice(Slice::from(r)));
items!(AddAxis, 0 => NewAxis; |_n| AxisOp::NewAxis);
items!(SkipAxes, 0 => Ellipsis; |_e| AxisOp::Ellipsis);

/// How one item of a given kind moves the running counts of an [`s!`](crate::s) list: `I` input
/// axes named, `O` output axes made, `E` whether a `...` was seen ([`Exact`] or
/// [`WithEllipsis`]). A second `...` fails to compile (see [`NoEllipsisYet`]).
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{DropAxis, Exact, Rank, SkipAxes, Step, WithEllipsis};
///
/// // An index names one more input axis and makes no output axis.
/// let _: <DropAxis as Step<Rank<1>, Rank<1>, Exact>>::In = Rank::<2>;
/// let _: <DropAxis as Step<Rank<1>, Rank<1>, Exact>>::Out = Rank::<1>;
/// // A `...` names none, and marks the list.
/// let _: <SkipAxes as Step<Rank<1>, Rank<0>, Exact>>::Ellipsis = WithEllipsis;
/// ```
pub trait Step<I, O, E> {
    /// Input axes named after this item.
    type In;
    /// Output axes made after this item.
    type Out;
    /// Whether a `...` has been seen after this item.
    type Ellipsis;
}

impl<I: RankUp, O: RankUp, E> Step<I, O, E> for KeepAxis {
    type In = I::Up;
    type Out = O::Up;
    type Ellipsis = E;
}

impl<I: RankUp, O, E> Step<I, O, E> for DropAxis {
    type In = I::Up;
    type Out = O;
    type Ellipsis = E;
}

impl<I, O: RankUp, E> Step<I, O, E> for AddAxis {
    type In = I;
    type Out = O::Up;
    type Ellipsis = E;
}

/// Holds for [`Exact`] only: the list seen so far has no `...`, so another may come.
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{Exact, NoEllipsisYet};
///
/// fn may_add_ellipsis<E: NoEllipsisYet>() {}
/// may_add_ellipsis::<Exact>();
/// // may_add_ellipsis::<WithEllipsis>() does not compile: s![..., 0, ...] is refused.
/// ```
#[diagnostic::on_unimplemented(
    message = "an `s![..]` may hold at most one `...`, as in NumPy",
    label = "this slice list has two"
)]
pub trait NoEllipsisYet {}
impl NoEllipsisYet for Exact {}

impl<I, O, E: NoEllipsisYet> Step<I, O, E> for SkipAxes {
    type In = I;
    type Out = O;
    type Ellipsis = WithEllipsis;
}

/// A list of slice items as nested pairs `(a, (b, (c, ())))`, with its rank bookkeeping in types.
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{AxisOp, Ellipsis, SliceList};
///
/// let list = (1..3, (Ellipsis, (0, ())));
/// assert_eq!(<(std::ops::Range<i32>, (Ellipsis, (i32, ()))) as SliceList>::INPUTS, 2);
/// let mut ops = Vec::new();
/// list.for_each_op(&mut |op| { ops.push(op); Ok::<(), ()>(()) }).unwrap();
/// assert_eq!(ops[1], AxisOp::Ellipsis);
/// ```
pub trait SliceList {
    /// `Rank<I>`: the input axes the items name explicitly.
    type In;
    /// `Rank<O>`: the output axes the items make explicitly.
    type Out;
    /// [`Exact`] or [`WithEllipsis`].
    type Ellipsis;
    /// The number of input axes named explicitly (the value of `In`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::slicing::SliceList;
    ///
    /// fn inputs<L: SliceList>(_: L) -> usize { L::INPUTS }
    /// assert_eq!(inputs(memslice_core::s![0, .., NewAxis].into_list()), 2); // NewAxis names none
    /// ```
    const INPUTS: usize;
    /// Calls `f` on each operation in order, stopping at the first error.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::slicing::{AxisOp, SliceList};
    ///
    /// let mut ops = Vec::new();
    /// memslice_core::s![1.., -1].into_list().for_each_op(&mut |op| {
    ///     ops.push(op);
    ///     Ok::<(), ()>(())
    /// }).unwrap();
    /// assert_eq!(ops.len(), 2);
    /// assert_eq!(ops[1], AxisOp::Index(-1));
    /// // An error stops the walk at once.
    /// let mut seen = 0;
    /// let r = memslice_core::s![0, 1].into_list().for_each_op(&mut |_| { seen += 1; Err("stop") });
    /// assert_eq!((r, seen), (Err("stop"), 1));
    /// ```
    fn for_each_op<E, F: FnMut(AxisOp) -> Result<(), E>>(self, f: &mut F) -> Result<(), E>;
}

impl SliceList for () {
    type In = Rank<0>;
    type Out = Rank<0>;
    type Ellipsis = Exact;
    const INPUTS: usize = 0;
    #[inline]
    fn for_each_op<E, F: FnMut(AxisOp) -> Result<(), E>>(self, _: &mut F) -> Result<(), E> {
        Ok(())
    }
}

impl<H, Tl> SliceList for (H, Tl)
where
    H: SliceItem,
    Tl: SliceList,
    H::Kind: Step<Tl::In, Tl::Out, Tl::Ellipsis>,
{
    type In = <H::Kind as Step<Tl::In, Tl::Out, Tl::Ellipsis>>::In;
    type Out = <H::Kind as Step<Tl::In, Tl::Out, Tl::Ellipsis>>::Out;
    type Ellipsis = <H::Kind as Step<Tl::In, Tl::Out, Tl::Ellipsis>>::Ellipsis;
    const INPUTS: usize = Tl::INPUTS + H::INPUTS;
    #[inline]
    fn for_each_op<E, F: FnMut(AxisOp) -> Result<(), E>>(self, f: &mut F) -> Result<(), E> {
        f(self.0.op())?;
        self.1.for_each_op(f)
    }
}

/// The value of [`s!`](crate::s): a slice list ready to apply to a view.
///
/// # Examples
///
/// ```
/// use memslice_core::{s, MemViewSlice};
///
/// let data: Vec<i32> = (0..12).collect();
/// let v = MemViewSlice::from_slice(&data, [3, 4]).unwrap();
/// let info = s![1.., ..;2];
/// assert_eq!(v.slice(info).shape(), &[2, 2]);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SliceInfo<L> {
    list: L,
}

impl<L: SliceList> SliceInfo<L> {
    /// Wraps a list built by [`s!`](crate::s).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::slicing::SliceInfo;
    ///
    /// let info = SliceInfo::new((0, ()));
    /// assert_eq!(info.into_list().0, 0);
    /// ```
    #[inline]
    pub fn new(list: L) -> Self {
        SliceInfo { list }
    }

    /// The list of items.
    ///
    /// # Examples
    ///
    /// ```
    /// let info = memslice_core::s![1.., 2];
    /// assert_eq!(info.into_list().1 .0, 2);
    /// ```
    #[inline]
    pub fn into_list(self) -> L {
        self.list
    }
}

/// Resolves the output rank of a list applied to a view of rank `N`. Either way the list may
/// name at most `N` input axes; the axes it does not name are kept whole, at the `...` or, as in
/// NumPy, at the end.
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{Exact, Rank, ResolveRank, WithEllipsis};
///
/// // s![0, NewAxis, 1..] (2 axes in, 2 out) on a 3-d view: rank 3 - 2 + 2.
/// let _: <Exact as ResolveRank<3, Rank<2>, Rank<2>>>::Out = Rank::<3>;
/// // s![..., 0] (1 in, 0 out) on a 4-d view: rank 3.
/// let _: <WithEllipsis as ResolveRank<4, Rank<1>, Rank<0>>>::Out = Rank::<3>;
/// ```
#[diagnostic::on_unimplemented(
    message = "this `s![..]` does not fit a view of rank {N}",
    label = "it names more axes than the view has (or the view's rank is above 8)"
)]
pub trait ResolveRank<const N: usize, I, O> {
    /// `Rank<M>`, the rank of the result.
    type Out;
}

impl<const N: usize, const I: usize, const O: usize, E> ResolveRank<N, Rank<I>, Rank<O>> for E
where
    E: EllipsisFlag,
    Rank<N>: RankShift<I, O>,
{
    type Out = <Rank<N> as RankShift<I, O>>::Out;
}

/// [`Exact`] or [`WithEllipsis`]; the axes a list does not name pass through either way.
///
/// # Examples
///
/// ```
/// use memslice_core::slicing::{EllipsisFlag, Exact, WithEllipsis};
///
/// fn flag<E: EllipsisFlag>() {}
/// flag::<Exact>();
/// flag::<WithEllipsis>();
/// ```
pub trait EllipsisFlag {}
impl EllipsisFlag for Exact {}
impl EllipsisFlag for WithEllipsis {}

/// A multi-axis slice that can be applied to a view of rank `N`; `Out` is `Rank<M>` for the
/// rank `M` of the result.
///
/// # Examples
///
/// ```
/// use memslice_core::s;
/// use memslice_core::slicing::{Rank, SliceArg};
///
/// fn out_rank<S: SliceArg<3, Out = Rank<M>>, const M: usize>(_: S) -> usize { M }
/// assert_eq!(out_rank(s![.., 0, NewAxis, 1..]), 3);
/// assert_eq!(out_rank(s![..., 0]), 2);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a slice for a view of rank {N}",
    label = "build it with `s![..]`, naming at most one item per axis of the view"
)]
pub trait SliceArg<const N: usize> {
    /// `Rank<M>`, the rank of the result.
    type Out;
    /// The number of input axes the items name explicitly.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::slicing::SliceArg;
    ///
    /// fn inputs<S: SliceArg<3>>(_: S) -> usize { S::INPUTS }
    /// assert_eq!(inputs(memslice_core::s![..., 0]), 1); // `...` names none explicitly
    /// ```
    const INPUTS: usize;
    /// Calls `f` on each operation in order, stopping at the first error.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_core::slicing::{AxisOp, SliceArg};
    ///
    /// let mut count = 0;
    /// SliceArg::<2>::for_each_op(memslice_core::s![..;2, NewAxis, 0], &mut |op| {
    ///     count += usize::from(op != AxisOp::NewAxis);
    ///     Ok::<(), ()>(())
    /// }).unwrap();
    /// assert_eq!(count, 2);
    /// ```
    fn for_each_op<E, F: FnMut(AxisOp) -> Result<(), E>>(self, f: &mut F) -> Result<(), E>;
}

impl<const N: usize, L> SliceArg<N> for SliceInfo<L>
where
    L: SliceList,
    L::Ellipsis: ResolveRank<N, L::In, L::Out>,
{
    type Out = <L::Ellipsis as ResolveRank<N, L::In, L::Out>>::Out;
    const INPUTS: usize = L::INPUTS;
    #[inline]
    fn for_each_op<E, F: FnMut(AxisOp) -> Result<(), E>>(self, f: &mut F) -> Result<(), E> {
        self.list.for_each_op(f)
    }
}

/// Slices several axes at once, NumPy style; the result's rank is computed at compile time.
///
/// Items, separated by commas, one per axis of the view. Axes not named are kept whole: where the
/// `...` stands, or at the end, as NumPy does (`a[1]` on a 3-d array is `a[1, :, :]`):
///
/// | item            | NumPy        | effect                                   |
/// |-----------------|--------------|------------------------------------------|
/// | `i` (integer)   | `i`          | index the axis (negative wraps), drop it |
/// | `a..b`, `a..`, `..b`, `..`, `a..=b` | `a:b`, `a:`, `:b`, `:`, `a:b+1` | slice the axis |
/// | `range;step`    | `a:b:step`   | slice with a step (negative walks back)  |
/// | a [`Slice`]     | `slice(..)`  | slice the axis                           |
/// | `NewAxis`       | `None`       | insert an axis of extent 1               |
/// | `...`           | `...`        | every axis not named, unchanged          |
///
/// # Examples
///
/// ```
/// use memslice_core::{s, MemViewSlice};
///
/// let data: Vec<i32> = (0..24).collect();
/// let v = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap(); // np.arange(24).reshape(2, 3, 4)
///
/// let w = v.slice(s![1, ..;2, -1]); // a[1, ::2, -1] == [15, 23]
/// assert_eq!(w.shape(), &[2]);
/// assert_eq!((w[[0]], w[[1]]), (15, 23));
///
/// let x = v.slice(s![..., 2..0;-1, NewAxis]); // a[..., 2:0:-1, None]
/// assert_eq!(x.shape(), &[2, 3, 2, 1]);
/// assert_eq!(x[[0, 1, 0, 0]], 6);
/// ```
#[macro_export]
macro_rules! s {
    (@list) => { () };
    (@list ... $(, $($rest:tt)*)?) => {
        ($crate::slicing::Ellipsis, $crate::s!(@list $($($rest)*)?))
    };
    (@list NewAxis $(, $($rest:tt)*)?) => {
        ($crate::slicing::NewAxis, $crate::s!(@list $($($rest)*)?))
    };
    (@list $range:expr ; $step:expr $(, $($rest:tt)*)?) => {
        (
            {
                // `5..1;-1` is Python's `5:1:-1`: with a negative step, start > stop is the point.
                #[allow(clippy::reversed_empty_ranges)]
                let range = $range;
                $crate::slicing::Slice::from(range).with_step($step)
            },
            $crate::s!(@list $($($rest)*)?),
        )
    };
    (@list $item:expr $(, $($rest:tt)*)?) => {
        (
            {
                // `1..-1` is Python's `1:-1`: a negative stop counts from the end.
                #[allow(clippy::reversed_empty_ranges)]
                let item = $item;
                item
            },
            $crate::s!(@list $($($rest)*)?),
        )
    };
    ($($t:tt)*) => { $crate::slicing::SliceInfo::new($crate::s!(@list $($t)*)) };
}
