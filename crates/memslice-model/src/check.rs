//! The checks: a view against its model through every way of reading it, and the read-only
//! operations (iterators, axis iterators, Fortran order, parallel sums) against the model's
//! answers.

use std::collections::VecDeque;

use memslice_core::MemViewSlice;
use memslice_core::layout::Order;
use rayon::prelude::*;

use crate::dynview::arr;
use crate::elem::Elem;
use crate::input::Input;
use crate::model::{ModelView, c_indices};

/// Whether operations that start rayon's thread pool run: not under Miri, where the pool's
/// deque trips Stacked Borrows inside crossbeam (as in memslice-core's own parallel tests).
pub(crate) const PARALLEL: bool = !cfg!(miri);

/// Whether the contiguous strides of `shape` in `order` overflow `isize` (the running product
/// of the extents, fastest axis first, times the itemsize): then the constructors from plain
/// slices refuse it, even when a zero extent makes it span no byte.
pub(crate) fn strides_overflow(shape: &[usize], itemsize: usize, order: Order) -> bool {
    let mut axes: Vec<usize> = shape.to_vec();
    if order == Order::C {
        axes.reverse();
    }
    let mut step = itemsize as i128;
    for e in axes {
        if e > isize::MAX as usize {
            return true;
        }
        step *= e as i128;
        if step > isize::MAX as i128 {
            return true;
        }
    }
    false
}

/// The model's values of `m` over `mem`.
pub(crate) fn values<E: Elem>(m: &ModelView, mem: &[E]) -> Vec<E> {
    m.pos.iter().map(|&p| mem[p]).collect()
}

/// Every property of `v` against `m` over the model's backing `mem`: shape, the strides the
/// positions show, contiguity, size, and every element through `Index`, `get`, `get_wraparound`,
/// iteration, `to_vec` and `as_slice`.
pub(crate) fn view<E: Elem, const N: usize>(v: &MemViewSlice<'_, E, N>, m: &ModelView, mem: &[E]) {
    assert_eq!(&v.shape()[..], &m.shape[..], "shape");
    let item = size_of::<E>();
    for axis in 0..N {
        if let Some(s) = m.stride(axis, item) {
            assert_eq!(v.strides()[axis], s, "byte stride of axis {axis}");
        }
    }
    assert_eq!(v.is_c_contiguous(), m.c_contiguous(), "C-contiguity");
    assert_eq!(v.is_f_contiguous(), m.f_contiguous(), "F-contiguity");
    assert_eq!(v.size(), m.pos.len(), "size");
    assert_eq!(v.is_empty(), m.pos.is_empty(), "emptiness");
    assert_eq!(v.len(), m.shape.first().copied().unwrap_or(1), "len");
    assert_eq!(v.nbytes(), m.pos.len() * item, "nbytes");
    assert!(v.suboffsets().iter().all(|&s| s < 0), "direct suboffsets");
    let want = values(m, mem);
    for (k, idx) in c_indices(&m.shape).iter().enumerate() {
        let idx: [usize; N] = arr(idx);
        assert_eq!(v[idx], want[k], "v[{idx:?}]");
        assert_eq!(v.get(idx), Some(&want[k]), "v.get({idx:?})");
    }
    for axis in 0..N {
        let mut idx = [0; N];
        idx[axis] = m.shape[axis];
        assert_eq!(v.get(idx), None, "v.get({idx:?}) one past the end");
    }
    assert_eq!(
        v.get_wraparound([-1; N]),
        want.last(),
        "v.get_wraparound([-1; N])"
    );
    for (k, (idx, x)) in v.indexed_iter().enumerate() {
        assert_eq!(
            (&idx[..], *x),
            (&c_indices(&m.shape)[k][..], want[k]),
            "indexed_iter"
        );
    }
    memory_order(v, m, mem);
    assert_eq!(v.iter().len(), want.len(), "iter().len()");
    assert_eq!(v.iter().copied().collect::<Vec<_>>(), want, "iter()");
    assert_eq!(v.to_vec(), want, "to_vec()");
    match v.as_slice() {
        Some(s) => assert_eq!(s, &want[..], "as_slice()"),
        None => assert!(!m.c_contiguous(), "as_slice() of a C-contiguous view"),
    }
    // Equality is element-wise whatever the layouts; one changed element breaks it. (C strides
    // of an empty shape with an extent past isize::MAX overflow, so it has no C-order copy.)
    let mut copy = want.clone();
    if let Ok(c) = MemViewSlice::from_slice(&copy, *v.shape()) {
        assert!(*v == c, "a view equals its C-order copy");
    } else {
        assert!(
            strides_overflow(&m.shape, item, Order::C),
            "from_slice refused {:?}",
            m.shape
        );
    }
    if let Some(first) = copy.first_mut() {
        *first = E::make((first.key() as u32).wrapping_add(1));
        let c = MemViewSlice::from_slice(&copy, *v.shape()).expect("a C layout of the copy");
        assert!(*v != c, "a view differs from a changed copy");
    }
    assert!(!format!("{v:?}").is_empty(), "Debug");
}

/// `iter_memory_order()`: the same elements; in increasing address order when the view is a
/// block of distinct, consecutive positions (contiguous in some axis order).
fn memory_order<E: Elem, const N: usize>(v: &MemViewSlice<'_, E, N>, m: &ModelView, mem: &[E]) {
    let mut sorted = m.pos.clone();
    sorted.sort_unstable();
    if sorted.windows(2).all(|w| w[1] == w[0] + 1) {
        // The walk's addresses, in elements after its first: 0, 1, 2, ...
        let addrs: Vec<usize> = v
            .iter_memory_order()
            .map(|x| x as *const E as usize)
            .collect();
        let steps: Vec<usize> = addrs
            .iter()
            .map(|&a| a.wrapping_sub(addrs[0]) / size_of::<E>())
            .collect();
        let expect: Vec<usize> = (0..m.pos.len()).collect();
        assert_eq!(steps, expect, "iter_memory_order of a contiguous block");
    }
    let mut got: Vec<E> = v.iter_memory_order().copied().collect();
    let mut want = values(m, mem);
    got.sort_by_key(Elem::key);
    want.sort_by_key(Elem::key);
    assert_eq!(got, want, "iter_memory_order's elements");
}

/// Drives `iter()` by a mix of `next`, `next_back`, `nth` and `nth_back` against a deque of
/// the model's values, checking `len()` after every call.
pub(crate) fn iter_mixed<E: Elem, const N: usize>(
    v: &MemViewSlice<'_, E, N>,
    m: &ModelView,
    mem: &[E],
    input: &mut Input<'_>,
) {
    let mut want: VecDeque<E> = values(m, mem).into();
    let mut it = v.iter();
    for _ in 0..input.below(12) {
        let b = input.u8();
        let n = (b >> 2) as usize % 6;
        let (got, expect) = match b & 3 {
            0 => (it.next(), want.pop_front()),
            1 => (it.next_back(), want.pop_back()),
            2 => (it.nth(n), {
                want.drain(..n.min(want.len()));
                want.pop_front()
            }),
            _ => (it.nth_back(n), {
                let keep = want.len().saturating_sub(n);
                want.truncate(keep);
                want.pop_back()
            }),
        };
        assert_eq!(got.copied(), expect, "iterator step {b:#x}");
        assert_eq!(it.len(), want.len(), "iterator len after step {b:#x}");
    }
    assert_eq!(it.copied().collect::<Vec<_>>(), Vec::from(want), "rest");
}

/// `lanes(axis)` against the model's lanes, forwards and from the back.
pub(crate) fn lanes<E: Elem, const N: usize>(
    v: &MemViewSlice<'_, E, N>,
    m: &ModelView,
    mem: &[E],
    axis: usize,
) {
    let want: Vec<Vec<E>> = m
        .lanes(axis)
        .iter()
        .map(|l| l.iter().map(|&p| mem[p]).collect())
        .collect();
    let lanes = v.lanes(axis);
    assert_eq!(lanes.len(), want.len(), "lanes({axis}).len()");
    let got: Vec<Vec<E>> = lanes.map(|l| l.to_vec()).collect();
    assert_eq!(got, want, "lanes({axis})");
    let mut back: Vec<Vec<E>> = v.lanes(axis).rev().map(|l| l.to_vec()).collect();
    back.reverse();
    assert_eq!(back, want, "lanes({axis}).rev()");
}

/// `axis_chunks(axis, size)`: every chunk checked whole against the model's.
pub(crate) fn chunks<E: Elem, const N: usize>(
    v: &MemViewSlice<'_, E, N>,
    m: &ModelView,
    mem: &[E],
    axis: usize,
    size: usize,
) {
    let want = m.chunks(axis, size);
    let got = v.axis_chunks(axis, size);
    assert_eq!(got.len(), want.len(), "axis_chunks({axis}, {size}).len()");
    for (c, w) in got.zip(&want) {
        view(&c, w, mem);
    }
    let back: Vec<_> = v.axis_chunks(axis, size).rev().collect();
    for (c, w) in back.iter().zip(want.iter().rev()) {
        view(c, w, mem);
    }
}

/// `to_vec_in(F)` and `copy_to_slice` in both orders (with a destination of the wrong length
/// refused).
pub(crate) fn orders<E: Elem, const N: usize>(
    v: &MemViewSlice<'_, E, N>,
    m: &ModelView,
    mem: &[E],
    input: &mut Input<'_>,
) {
    let f: Vec<E> = m.f_order().iter().map(|&p| mem[p]).collect();
    assert_eq!(v.to_vec_in(Order::F), f, "to_vec_in(F)");
    assert_eq!(v.to_vec_in(Order::C), values(m, mem), "to_vec_in(C)");
    let (order, want) = if input.bool() {
        (Order::F, f)
    } else {
        (Order::C, values(m, mem))
    };
    let extra = input.below(3);
    let mut dst = vec![E::make(u32::MAX); want.len() + extra];
    let got = v.copy_to_slice(&mut dst, order);
    if strides_overflow(&m.shape, size_of::<E>(), order) {
        assert_eq!(
            got.map_err(crate::recipe::vk),
            Err("Overflow"),
            "copy_to_slice"
        );
    } else if extra == 0 {
        assert!(got.is_ok(), "copy_to_slice refused: {got:?}");
        assert_eq!(dst, want, "copy_to_slice({order:?})");
    } else {
        let kind = got.map_err(crate::recipe::vk);
        assert_eq!(
            kind,
            Err("ShapeMismatch"),
            "copy_to_slice into the wrong length"
        );
    }
}

/// The serial and parallel reductions: a `Zip` fold, and (outside Miri) `par_iter` sums and
/// ordered collection with a small grain, so the producers split.
pub(crate) fn reductions<E: Elem, const N: usize>(
    v: &MemViewSlice<'_, E, N>,
    m: &ModelView,
    mem: &[E],
    grain: usize,
) {
    let want = values(m, mem);
    let sum: u64 = want.iter().map(Elem::key).sum();
    let folded = memslice_core::Zip::from(*v).fold(0_u64, |acc, x| acc + x.key());
    assert_eq!(folded, sum, "Zip::fold");
    if PARALLEL {
        let par: u64 = v.par_iter().with_grain(grain).map(Elem::key).sum();
        assert_eq!(par, sum, "par_iter sum with grain {grain}");
        let got: Vec<E> = v.par_iter().with_grain(grain).copied().collect();
        assert_eq!(got, want, "par_iter collect with grain {grain}");
        if N > 0 && !m.shape.iter().any(|&e| e > crate::model::MAX_SIZE) {
            let axis = grain % N;
            let sums: Vec<u64> = v
                .par_axis_chunks(axis, grain)
                .map(|c| c.iter().map(Elem::key).sum())
                .collect();
            let expect: Vec<u64> = m
                .chunks(axis, grain)
                .iter()
                .map(|c| values(c, mem).iter().map(Elem::key).sum())
                .collect();
            assert_eq!(sums, expect, "par_axis_chunks({axis}, {grain}) sums");
        }
        let zipped = memslice_core::Zip::from(*v).with_grain(grain).par_fold(
            || 0_u64,
            |acc, x| acc + x.key(),
            |a, b| a + b,
        );
        assert_eq!(zipped, sum, "Zip::par_fold with grain {grain}");
    }
}
