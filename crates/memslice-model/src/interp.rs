//! The interpreter: decodes operations from the input one at a time, applies each to memslice
//! and to the model, and checks everything after every step.

use memslice_core::MemViewSlice;
use memslice_core::buffer::ByteArray;
use memslice_core::slicing::{Rank, RankDown};

use crate::buffer::Bytes;
use crate::check;
use crate::dynview::{MAX_RANK, Shared, each};
use crate::elem::Elem;
use crate::input::Input;
use crate::model::{Built, ModelView, Refusal};
use crate::recipe::{
    Current, MacroForm, Root, ViewOp, apply_excl, apply_shared, root_excl, root_shared,
};

/// The most operations one input runs (a fuzzer's long inputs cost time, not coverage).
const MAX_STEPS: usize = if cfg!(miri) { 24 } else { 96 };

/// The steps taken so far, printed if a check fails (proptest and libFuzzer then show the
/// sequence that led there), or always when `MEMSLICE_MODEL_TRACE` is set (to `live`: each
/// step as it is taken).
#[derive(Debug, Default)]
pub(crate) struct Trace(Vec<String>);

impl Trace {
    pub(crate) fn push(&mut self, step: String) {
        // Printed at once too when asked, for failures that abort instead of unwinding (a
        // failed allocation): the trace would be lost with the process.
        if std::env::var_os("MEMSLICE_MODEL_TRACE").is_some_and(|v| v == "live") {
            eprintln!("memslice-model step: {step}");
        }
        self.0.push(step);
    }

    /// Adds the outcome to the last step.
    fn outcome(&mut self, what: impl std::fmt::Debug) {
        if let Some(last) = self.0.last_mut() {
            last.push_str(&format!(" -> {what:?}"));
        }
    }
}

impl Drop for Trace {
    fn drop(&mut self) {
        if std::thread::panicking() || std::env::var_os("MEMSLICE_MODEL_TRACE").is_some() {
            let what = if std::thread::panicking() {
                "failing"
            } else {
                "traced"
            };
            eprintln!("memslice-model: the {what} sequence, step by step:");
            for (k, s) in self.0.iter().enumerate() {
                eprintln!("  {k:3}: {s}");
            }
        }
    }
}

/// Whether memslice's refusal `got` is the model's `want`. A layout out of bounds by more than
/// `isize::MAX` bytes may be called an overflow instead.
pub(crate) fn same_refusal(want: Refusal, got: &str) -> bool {
    want == got || (want == "OutOfBounds" && got == "Overflow")
}

/// Everything one sequence works on.
pub(crate) struct State<'b, E> {
    /// The memory memslice's views borrow.
    pub(crate) mem: Vec<E>,
    /// What the model says `mem` holds.
    pub(crate) model_mem: Vec<E>,
    pub(crate) cur: Option<Current>,
    /// The number of the next fresh value.
    next: u32,
    pub(crate) bytes: Bytes<'b>,
    pub(crate) trace: Trace,
}

impl<'b, E: Elem> State<'b, E> {
    pub(crate) fn fresh(&mut self) -> E {
        self.next = self.next.wrapping_add(1);
        E::make(self.next)
    }

    /// Runs operations until the input or the step budget runs out.
    pub(crate) fn run(exporter: &'b ByteArray, input: &mut Input<'_>) {
        let mut st: State<'b, E> = State {
            mem: Vec::new(),
            model_mem: Vec::new(),
            cur: None,
            next: 0,
            bytes: Bytes::new(exporter),
            trace: Trace::default(),
        };
        st.trace.push(format!("element type {}", E::NAME));
        st.new_backing(input.below(65));
        let mut steps = 0;
        while !input.is_empty() && steps < MAX_STEPS {
            st.step(input);
            st.check_all();
            steps += 1;
        }
    }

    fn new_backing(&mut self, len: usize) {
        self.mem = (0..len).map(|_| self.fresh()).collect();
        self.model_mem = self.mem.clone();
        self.cur = None;
        self.trace.push(format!("backing of {len} fresh elements"));
    }

    fn step(&mut self, input: &mut Input<'_>) {
        match input.below(16) {
            0 | 1 => self.construct(input),
            2..=5 => self.view_op(input),
            6 | 7 => self.read_op(input),
            8..=10 => self.write_op(input),
            11..=13 => self.buffer_op(input),
            14 => self.indirect(input),
            _ => self.new_backing(input.below(65)),
        }
    }

    /// Every check there is: the backing, the current view, and the buffer layer's state.
    fn check_all(&mut self) {
        assert!(
            bytemuck::cast_slice::<E, u8>(&self.mem)
                == bytemuck::cast_slice::<E, u8>(&self.model_mem),
            "the backing differs from the model's:\n  memslice {:?}\n  model    {:?}",
            self.mem,
            self.model_mem
        );
        if let Some(cur) = &self.cur {
            each!(Shared, cur.shared(&self.mem), v => check::view(&v, &cur.model, &self.model_mem));
            if cur.exclusive {
                let model_mem = self.model_mem.clone();
                let v = cur.excl(&mut self.mem);
                crate::write::check_excl(v, &cur.model, &model_mem);
            }
        }
        self.bytes.check();
    }

    /// A view from a slice with a random layout, valid or not.
    fn construct(&mut self, input: &mut Input<'_>) {
        let rank = input.below(MAX_RANK + 1);
        let unique = input.bool();
        let item = size_of::<E>() as isize;
        let shape: Vec<usize> = (0..rank).map(|_| input.extent()).collect();
        let (strides, offset, nested) = if input.bool() {
            nested_layout(&shape, item, input)
        } else {
            let strides = (0..rank)
                .map(|_| match input.u8() {
                    0 => isize::MAX,
                    1 => isize::MIN,
                    2 => 1,
                    3 => item + 1,
                    b => (b as i8 % 5) as isize * item,
                })
                .collect();
            let offset = match input.u8() {
                0 => -item,
                1 => 1,
                2 => isize::MAX,
                b => (b % 16) as isize * item,
            };
            (strides, offset, false)
        };
        let root = Root {
            shape: shape.clone(),
            strides,
            offset,
        };
        self.trace.push(format!(
            "construct {} {root:?} (nested: {nested})",
            if unique { "mutable" } else { "shared" }
        ));
        let want = ModelView::strided(
            &shape,
            &root.strides,
            offset,
            self.mem.len(),
            item as usize,
            unique,
        );
        let got = if unique {
            root_excl(&mut self.mem, &root).map(drop)
        } else {
            root_shared(&self.mem, &root).map(drop)
        };
        self.trace.outcome(got);
        match (want, got) {
            (Ok(Built::View(model)), Ok(())) => {
                self.cur = Some(Current {
                    root,
                    ops: Vec::new(),
                    exclusive: unique,
                    model,
                });
            }
            (Ok(Built::TooLarge), Ok(())) => {}
            (Err(w), Err(g)) => assert!(
                same_refusal(w, g),
                "model refuses with {w}, memslice with {g}"
            ),
            // The aliasing check is conservative: only a layout that nests its axes is promised.
            (Ok(_), Err("Aliasing")) if unique && !nested => {}
            (w, g) => panic!("construction: model {w:?}, memslice {g:?}"),
        }
    }

    /// A sub-view operation on the current view.
    fn view_op(&mut self, input: &mut Input<'_>) {
        let Some(cur) = &self.cur else {
            return self.construct(input);
        };
        let op = decode_view_op(&cur.model, input);
        if let Some(op) = op {
            self.apply_view_op(op);
        }
    }

    fn apply_view_op(&mut self, op: ViewOp) {
        let cur = self.cur.as_ref().expect("a current view");
        self.trace.push(format!("{op:?}"));
        let want = op.model(&cur.model);
        let got = if cur.exclusive && !op.shares() {
            let v = cur.excl(&mut self.mem);
            apply_excl(v, &op).map(drop)
        } else {
            let v = cur.shared(&self.mem);
            apply_shared(v, &op).map(drop)
        };
        self.trace.outcome(got);
        match (want, got) {
            (Ok(Some(model)), Ok(())) => {
                let cur = self.cur.as_mut().expect("a current view");
                cur.exclusive &= !op.shares();
                cur.ops.push(op);
                cur.model = model;
            }
            (Ok(None), Ok(())) => {}
            (Err(w), Err(g)) => assert!(
                same_refusal(w, g),
                "{op:?}: model refuses with {w}, memslice with {g}"
            ),
            (w, g) => panic!("{op:?}: model {w:?}, memslice {g:?}"),
        }
    }

    /// A read-only check of the current view: iterators, axis iterators, orders, reductions.
    fn read_op(&mut self, input: &mut Input<'_>) {
        let Some(cur) = &self.cur else {
            return self.construct(input);
        };
        let (m, mem) = (&cur.model, &self.model_mem);
        let rank = m.rank();
        let kind = input.below(6);
        let axis = input.below(rank.max(1));
        let size = 1 + input.below(4);
        let grain = 1 + input.below(8);
        self.trace.push(format!(
            "read #{kind} (axis {axis}, chunk {size}, grain {grain})"
        ));
        // Empty views may have extents up to usize::MAX: walk only what is small.
        let small = |n: usize| n <= crate::model::MAX_SIZE;
        let lanes = if rank > 0 {
            let mut others = m.shape.clone();
            others[axis] = 1;
            crate::model::size_of_shape(&others).is_some_and(small)
        } else {
            false
        };
        let along = rank > 0 && small(m.shape[axis]);
        let v = cur.shared(&self.mem);
        match kind {
            0 => each!(Shared, v, x => check::iter_mixed(&x, m, mem, input)),
            1 if lanes => each!(Shared, v, x => check::lanes(&x, m, mem, axis)),
            2 if along => each!(Shared, v, x => check::chunks(&x, m, mem, axis, size)),
            3 if along => match v {
                Shared::R0(_) => {}
                Shared::R1(x) => axis_iter(&x, m, mem, axis),
                Shared::R2(x) => axis_iter(&x, m, mem, axis),
                Shared::R3(x) => axis_iter(&x, m, mem, axis),
                Shared::R4(x) => axis_iter(&x, m, mem, axis),
            },
            4 => each!(Shared, v, x => check::orders(&x, m, mem, input)),
            1..=3 => {}
            _ => each!(Shared, v, x => check::reductions(&x, m, mem, grain)),
        }
    }
}

/// `axis_iter(axis)`: every item a view of one rank lower, checked whole, also from the back.
fn axis_iter<E: Elem, const N: usize, const M: usize>(
    v: &MemViewSlice<'_, E, N>,
    m: &ModelView,
    mem: &[E],
    axis: usize,
) where
    Rank<N>: RankDown<Down = Rank<M>>,
{
    let want: Vec<ModelView> = (0..m.shape[axis])
        .map(|i| m.index_axis(axis, i as isize).expect("in range"))
        .collect();
    let it = v.axis_iter::<M>(axis);
    assert_eq!(it.len(), want.len(), "axis_iter({axis}).len()");
    for (item, w) in it.zip(&want) {
        check::view(&item, w, mem);
    }
    for (item, w) in v.axis_iter::<M>(axis).rev().zip(want.iter().rev()) {
        check::view(&item, w, mem);
    }
}

/// A layout that nests its axes (strides grow by at least each faster axis's span), in any
/// axis order, with gaps and reversed axes: memslice promises to accept these as mutable.
fn nested_layout(shape: &[usize], item: isize, input: &mut Input<'_>) -> (Vec<isize>, isize, bool) {
    let rank = shape.len();
    let mut order: Vec<usize> = (0..rank).collect();
    for k in (1..rank).rev() {
        order.swap(k, input.below(k + 1));
    }
    let mut strides = vec![0; rank];
    let mut next = item as i128 * (1 + input.below(2) as i128);
    let mut offset: i128 = 0;
    for &a in &order {
        let extent = shape[a].max(1) as i128;
        let mut s = next;
        if input.bool() {
            offset = offset.saturating_add((extent - 1).saturating_mul(s));
            s = -s;
        }
        strides[a] = s.clamp(isize::MIN as i128, isize::MAX as i128) as isize;
        let gap = 1 + input.below(2) as i128;
        next = next
            .saturating_mul(extent)
            .saturating_mul(gap)
            .min(isize::MAX as i128);
    }
    offset = offset.saturating_add(item as i128 * input.below(3) as i128);
    let fits =
        strides.iter().all(|&s| s != isize::MIN && s != isize::MAX) && offset <= isize::MAX as i128;
    let offset = offset.min(isize::MAX as i128) as isize;
    (strides, offset, fits)
}

/// A random sub-view operation for a view like `m`, valid or not.
fn decode_view_op(m: &ModelView, input: &mut Input<'_>) -> Option<ViewOp> {
    let rank = m.rank();
    let axis = input.below(rank + 1);
    Some(match input.below(11) {
        0 => ViewOp::Slice {
            axis,
            start: input.bound(),
            stop: input.bound(),
            step: match input.u8() {
                0 => 0,
                1 => isize::MIN,
                2 => isize::MAX,
                b => match (b as i8 / 32) as isize {
                    0 => 1,
                    s => s,
                },
            },
        },
        1 if rank > 0 => ViewOp::Index {
            axis,
            index: input.small_isize(),
        },
        2 if rank < MAX_RANK => ViewOp::Insert {
            axis: input.below(rank + 2),
        },
        3 => {
            let mut axes: Vec<usize> = (0..rank).collect();
            if input.bool() {
                for a in &mut axes {
                    *a = input.below(rank + 1);
                }
            } else {
                for k in (1..rank).rev() {
                    axes.swap(k, input.below(k + 1));
                }
            }
            ViewOp::Permute { axes }
        }
        4 => ViewOp::T,
        5 => ViewOp::Reverse { axis },
        6 => ViewOp::Split {
            axis,
            at: input.below(m.shape.get(axis).copied().unwrap_or(0).saturating_add(2)),
            right: input.bool(),
        },
        7 => {
            let to_rank = (rank + input.below(MAX_RANK + 1 - rank)).min(MAX_RANK);
            let lead = to_rank.saturating_sub(rank);
            let mut to: Vec<usize> = (0..lead).map(|_| input.below(4)).collect();
            for &e in &m.shape {
                to.push(match input.u8() {
                    0 => input.extent(),
                    1..=3 if e == 1 => input.below(4),
                    _ => e,
                });
            }
            to.truncate(to_rank);
            ViewOp::Broadcast { to }
        }
        8 => {
            let size = m.pos.len();
            let to_rank = input.below(MAX_RANK + 1);
            let mut to = vec![1; to_rank];
            if to_rank > 0 {
                to[input.below(to_rank)] = size;
                // Factor out a 2 into another axis now and then.
                if to_rank > 1 && size % 2 == 0 && input.bool() {
                    let (a, b) = (input.below(to_rank), input.below(to_rank));
                    if a != b && to[a] == size {
                        to[a] = size / 2;
                        to[b] = 2;
                    }
                }
                if input.u8() == 0 {
                    to[0] = to[0].wrapping_add(1);
                }
            }
            ViewOp::Cast { to }
        }
        9 => ViewOp::Share,
        10 if rank > 0 => {
            let form = match input.below(3) {
                0 => MacroForm::Last,
                1 => MacroForm::First,
                _ if rank < MAX_RANK => MacroForm::Grow,
                _ => MacroForm::Last,
            };
            ViewOp::Macro {
                form,
                start: input.bound(),
                stop: input.bound(),
                step: match input.u8() {
                    0 => 0,
                    1 => isize::MIN,
                    b => match (b as i8 / 32) as isize {
                        0 => 1,
                        s => s,
                    },
                },
                index: input.small_isize(),
            }
        }
        _ => ViewOp::T,
    })
}
