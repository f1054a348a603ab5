//! How the current view was made: a root layout over the backing and the sub-view operations
//! applied since. The interpreter replays the recipe on the backing at every step (shared for
//! reading, exclusive for writing), so the backing can be read whole between steps while the
//! view is still the one memslice's operations made.

use memslice_core::buffer::BufferError;
use memslice_core::{MemViewSlice, MemViewSliceMut, Slice, ViewError, s};

use crate::dynview::{Excl, Shared, arr, each};
use crate::elem::Elem;
use crate::model::{ModelView, Refusal};

/// A strided layout over the whole backing.
#[derive(Clone, Debug)]
pub(crate) struct Root {
    pub(crate) shape: Vec<usize>,
    pub(crate) strides: Vec<isize>,
    pub(crate) offset: isize,
}

/// One sub-view operation.
#[derive(Clone, Debug)]
pub(crate) enum ViewOp {
    Slice {
        axis: usize,
        start: Option<isize>,
        stop: Option<isize>,
        step: isize,
    },
    Index {
        axis: usize,
        index: isize,
    },
    Insert {
        axis: usize,
    },
    Permute {
        axes: Vec<usize>,
    },
    T,
    Reverse {
        axis: usize,
    },
    Split {
        axis: usize,
        at: usize,
        right: bool,
    },
    /// `s![..]` with an ellipsis, on views of rank 1 and up: `Last` is `s![..., sl]`, `First`
    /// is `s![i, ...]`, `Grow` is `s![NewAxis, ..., sl]` (ranks 1 to 3).
    Macro {
        form: MacroForm,
        start: Option<isize>,
        stop: Option<isize>,
        step: isize,
        index: isize,
    },
    /// `broadcast_to`: shared views only.
    Broadcast {
        to: Vec<usize>,
    },
    /// A cast to bytes and back to the element type with a new shape: shared views only.
    Cast {
        to: Vec<usize>,
    },
    /// The shared view of an exclusive one.
    Share,
}

/// The `s![..]` patterns the interpreter uses; each works for every rank it is decoded for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum MacroForm {
    Last,
    First,
    Grow,
}

impl ViewOp {
    /// Whether the result is a shared view whatever the input.
    pub(crate) fn shares(&self) -> bool {
        matches!(
            self,
            ViewOp::Broadcast { .. } | ViewOp::Cast { .. } | ViewOp::Share
        )
    }

    /// The model's result: `Ok(None)` when valid but too large to keep.
    pub(crate) fn model(&self, m: &ModelView) -> Result<Option<ModelView>, Refusal> {
        Ok(Some(match self {
            ViewOp::Slice {
                axis,
                start,
                stop,
                step,
            } => m.slice_axis(*axis, *start, *stop, *step)?,
            ViewOp::Index { axis, index } => m.index_axis(*axis, *index)?,
            ViewOp::Insert { axis } => m.insert_axis(*axis)?,
            ViewOp::Permute { axes } => m.permute(axes)?,
            ViewOp::T => m.t(),
            ViewOp::Reverse { axis } => m.reverse(*axis)?,
            ViewOp::Split { axis, at, right } => {
                let (l, r) = m.split(*axis, *at)?;
                if *right { r } else { l }
            }
            ViewOp::Macro {
                form,
                start,
                stop,
                step,
                index,
            } => {
                let last = m.rank() - 1;
                match form {
                    MacroForm::Last => m.slice_axis(last, *start, *stop, *step)?,
                    MacroForm::First => m.index_axis(0, *index)?,
                    MacroForm::Grow => m.slice_axis(last, *start, *stop, *step)?.insert_axis(0)?,
                }
            }
            ViewOp::Broadcast { to } => return m.broadcast(to),
            ViewOp::Cast { to } => {
                // memoryview.cast('B') then .cast(fmt, shape), by CPython's rules.
                if !m.c_contiguous() || (m.rank() != 1 && m.pos.is_empty()) {
                    return Err("BadCast");
                }
                let reshaping = to.len() != 1;
                if reshaping && (m.pos.is_empty() || to.contains(&0)) {
                    return Err("BadCast");
                }
                if crate::model::size_of_shape(to) != Some(m.pos.len()) {
                    return Err("BadCast");
                }
                ModelView::contiguous_from(m.pos.first().copied().unwrap_or(0), to)
            }
            ViewOp::Share => m.clone(),
        }))
    }
}

/// The variant name of a view error: what the model's refusals are compared with.
pub(crate) fn view_kind(e: &ViewError) -> &'static str {
    match e {
        ViewError::ShapeMismatch { .. } => "ShapeMismatch",
        ViewError::Overflow { .. } => "Overflow",
        ViewError::Misaligned { .. } => "Misaligned",
        ViewError::OutOfBounds { .. } => "OutOfBounds",
        ViewError::Aliasing { .. } => "Aliasing",
        ViewError::AxisOutOfRange { .. } => "AxisOutOfRange",
        ViewError::IndexOutOfRange { .. } => "IndexOutOfRange",
        ViewError::SplitOutOfRange { .. } => "SplitOutOfRange",
        ViewError::ZeroStep { .. } => "ZeroStep",
        ViewError::BroadcastMismatch { .. } => "BroadcastMismatch",
        ViewError::ShapesDiffer { .. } => "ShapesDiffer",
        ViewError::IndirectIndex { .. } => "IndirectIndex",
        ViewError::NotAPermutation { .. } => "NotAPermutation",
        ViewError::RaggedRows { .. } => "RaggedRows",
        _ => "unknown ViewError",
    }
}

/// The variant name of a buffer error (a view error inside counts as itself).
pub(crate) fn buffer_kind(e: &BufferError) -> &'static str {
    match e {
        BufferError::NotWritable => "NotWritable",
        BufferError::NeedsSuboffsets => "NeedsSuboffsets",
        BufferError::Indirect => "Indirect",
        BufferError::NeedsStrides => "NeedsStrides",
        BufferError::NotContiguous { .. } => "NotContiguous",
        BufferError::ExportsExist { .. } => "ExportsExist",
        BufferError::Busy { .. } => "Busy",
        BufferError::Format(_) => "Format",
        BufferError::FormatMismatch { .. } => "FormatMismatch",
        BufferError::NdimMismatch { .. } => "NdimMismatch",
        BufferError::Misaligned { .. } => "BufferMisaligned",
        BufferError::ShapeMismatch { .. } => "BufferShapeMismatch",
        BufferError::ItemsizeMismatch { .. } => "ItemsizeMismatch",
        BufferError::StridesNotElements { .. } => "StridesNotElements",
        BufferError::OutsideMemory { .. } => "OutsideMemory",
        BufferError::InvalidValue { .. } => "InvalidValue",
        BufferError::PartsDisagree { .. } => "PartsDisagree",
        BufferError::BadCast(_) => "BadCast",
        BufferError::View(v) => view_kind(v),
        _ => "unknown BufferError",
    }
}

/// A view error as its kind, after checking its message can be printed.
pub(crate) fn vk(e: ViewError) -> &'static str {
    assert!(!e.to_string().is_empty(), "empty message for {e:?}");
    view_kind(&e)
}

/// A buffer error as its kind, after checking its message can be printed.
pub(crate) fn bk(e: BufferError) -> &'static str {
    assert!(!e.to_string().is_empty(), "empty message for {e:?}");
    buffer_kind(&e)
}

/// `$body` with `$v` bound to the view inside, wrapped back into the same rank.
macro_rules! same {
    ($ty:ident, $e:expr, $v:ident => $body:expr) => {
        match $e {
            $ty::R0($v) => $body.map($ty::R0),
            $ty::R1($v) => $body.map($ty::R1),
            $ty::R2($v) => $body.map($ty::R2),
            $ty::R3($v) => $body.map($ty::R3),
            $ty::R4($v) => $body.map($ty::R4),
        }
    };
}

/// The operations both view types have, applied to `$v` of type `$ty`.
macro_rules! common_op {
    ($ty:ident, $v:expr, $op:expr) => {
        match $op {
            ViewOp::Slice {
                axis,
                start,
                stop,
                step,
            } => same!($ty, $v, x => x.try_slice_axis(*axis, Slice::new(*start, *stop, *step))).map_err(vk),
            ViewOp::Index { axis, index } => crate::dynview::down!($ty, $v, x => x.try_index_axis(*axis, *index))
                .expect("the decoder indexes only views with an axis")
                .map_err(vk),
            ViewOp::Insert { axis } => crate::dynview::up!($ty, $v, x => x.try_insert_axis(*axis))
                .expect("the decoder inserts only below the highest rank")
                .map_err(vk),
            ViewOp::Permute { axes } => same!($ty, $v, x => x.try_permute_axes(arr(axes))).map_err(vk),
            ViewOp::T => same!($ty, $v, x => Ok::<_, ViewError>(x.t())).map_err(vk),
            ViewOp::Reverse { axis } => same!($ty, $v, x => x.try_reverse_axis(*axis)).map_err(vk),
            ViewOp::Split { axis, at, right } => same!($ty, $v, x => x
                .try_split_at(*axis, *at)
                .map(|(l, r)| if *right { r } else { l }))
            .map_err(vk),
            ViewOp::Macro {
                form,
                start,
                stop,
                step,
                index,
            } => {
                let sl = Slice::new(*start, *stop, *step);
                let (i, ix) = (*index, memslice_core::NewAxis);
                match (form, $v) {
                    (MacroForm::Last, $ty::R1(x)) => x.try_slice(s![..., sl]).map($ty::R1),
                    (MacroForm::Last, $ty::R2(x)) => x.try_slice(s![..., sl]).map($ty::R2),
                    (MacroForm::Last, $ty::R3(x)) => x.try_slice(s![..., sl]).map($ty::R3),
                    (MacroForm::Last, $ty::R4(x)) => x.try_slice(s![..., sl]).map($ty::R4),
                    (MacroForm::First, $ty::R1(x)) => x.try_slice(s![i, ...]).map($ty::R0),
                    (MacroForm::First, $ty::R2(x)) => x.try_slice(s![i, ...]).map($ty::R1),
                    (MacroForm::First, $ty::R3(x)) => x.try_slice(s![i, ...]).map($ty::R2),
                    (MacroForm::First, $ty::R4(x)) => x.try_slice(s![i, ...]).map($ty::R3),
                    (MacroForm::Grow, $ty::R1(x)) => x.try_slice(s![ix, ..., sl]).map($ty::R2),
                    (MacroForm::Grow, $ty::R2(x)) => x.try_slice(s![ix, ..., sl]).map($ty::R3),
                    (MacroForm::Grow, $ty::R3(x)) => x.try_slice(s![ix, ..., sl]).map($ty::R4),
                    _ => unreachable!("the decoder emits {form:?} only for ranks it fits"),
                }
                .map_err(vk)
            }
            _ => unreachable!("not an operation of both view types: {:?}", $op),
        }
    };
}

/// Applies `op` to a shared view.
pub(crate) fn apply_shared<'a, E: Elem>(
    v: Shared<'a, E>,
    op: &ViewOp,
) -> Result<Shared<'a, E>, &'static str> {
    match op {
        ViewOp::Broadcast { to } => each!(Shared, v, x => broadcast(&x, to)),
        ViewOp::Cast { to } => each!(Shared, v, x => cast(&x, to)),
        ViewOp::Share => Ok(v),
        _ => common_op!(Shared, v, op),
    }
}

/// Applies an operation that keeps a view exclusive.
pub(crate) fn apply_excl<'a, E: Elem>(
    v: Excl<'a, E>,
    op: &ViewOp,
) -> Result<Excl<'a, E>, &'static str> {
    assert!(!op.shares(), "{op:?} makes a shared view");
    common_op!(Excl, v, op)
}

/// `$body` (generic over the const `$m`) giving a shared view of rank `$rank`.
macro_rules! to_rank {
    ($rank:expr, $m:ident => $body:expr) => {
        match $rank {
            0 => {
                const $m: usize = 0;
                $body.map(Shared::R0)
            }
            1 => {
                const $m: usize = 1;
                $body.map(Shared::R1)
            }
            2 => {
                const $m: usize = 2;
                $body.map(Shared::R2)
            }
            3 => {
                const $m: usize = 3;
                $body.map(Shared::R3)
            }
            _ => {
                const $m: usize = 4;
                $body.map(Shared::R4)
            }
        }
    };
}

fn broadcast<'a, E: Elem, const N: usize>(
    x: &MemViewSlice<'a, E, N>,
    to: &[usize],
) -> Result<Shared<'a, E>, &'static str> {
    to_rank!(to.len(), M => x.try_broadcast_to::<M>(arr(to))).map_err(vk)
}

fn cast<'a, E: Elem, const N: usize>(
    x: &MemViewSlice<'a, E, N>,
    to: &[usize],
) -> Result<Shared<'a, E>, &'static str> {
    let bytes = x.cast::<u8, 1>([x.size() * size_of::<E>()]).map_err(bk)?;
    to_rank!(to.len(), M => bytes.cast::<E, M>(arr(to))).map_err(bk)
}

/// The root as a shared view of `mem`.
pub(crate) fn root_shared<'a, E: Elem>(
    mem: &'a [E],
    root: &Root,
) -> Result<Shared<'a, E>, &'static str> {
    let (shape, strides, offset) = (&root.shape, &root.strides, root.offset);
    macro_rules! build {
        ($r:ident) => {
            MemViewSlice::from_slice_strided(mem, arr(shape), arr(strides), offset).map(Shared::$r)
        };
    }
    match shape.len() {
        0 => build!(R0),
        1 => build!(R1),
        2 => build!(R2),
        3 => build!(R3),
        _ => build!(R4),
    }
    .map_err(vk)
}

/// The root as an exclusive view of `mem`.
pub(crate) fn root_excl<'a, E: Elem>(
    mem: &'a mut [E],
    root: &Root,
) -> Result<Excl<'a, E>, &'static str> {
    let (shape, strides, offset) = (&root.shape, &root.strides, root.offset);
    macro_rules! build {
        ($r:ident) => {
            MemViewSliceMut::from_slice_strided(mem, arr(shape), arr(strides), offset).map(Excl::$r)
        };
    }
    match shape.len() {
        0 => build!(R0),
        1 => build!(R1),
        2 => build!(R2),
        3 => build!(R3),
        _ => build!(R4),
    }
    .map_err(vk)
}

/// The current view: its recipe and its model.
#[derive(Clone, Debug)]
pub(crate) struct Current {
    pub(crate) root: Root,
    pub(crate) ops: Vec<ViewOp>,
    /// Whether the recipe makes an exclusive view (the root was and no op shared it).
    pub(crate) exclusive: bool,
    pub(crate) model: ModelView,
}

impl Current {
    /// Replays the recipe as a shared view of `mem`.
    pub(crate) fn shared<'a, E: Elem>(&self, mem: &'a [E]) -> Shared<'a, E> {
        let mut v = root_shared(mem, &self.root).expect("the root was accepted before");
        for op in &self.ops {
            v = apply_shared(v, op).expect("the recipe's operations were accepted before");
        }
        v
    }

    /// Replays the recipe as an exclusive view of `mem`.
    pub(crate) fn excl<'a, E: Elem>(&self, mem: &'a mut [E]) -> Excl<'a, E> {
        assert!(self.exclusive);
        let mut v = root_excl(mem, &self.root).expect("the root was accepted before");
        for op in &self.ops {
            v = apply_excl(v, op).expect("the recipe's operations were accepted before");
        }
        v
    }
}
