//! Writes through the current exclusive view, each mirrored on the model's backing: `IndexMut`
//! and `get_mut`, `iter_mut` driven from both ends, `fill`, `map_inplace`, `copy_from`, `assign`
//! with broadcasting, `Zip` (serial and parallel) and `par_iter_mut`.

use std::collections::VecDeque;

use memslice_core::{MemViewSlice, MemViewSliceMut, Zip};
use rayon::prelude::*;

use crate::check::PARALLEL;
use crate::dynview::{Excl, arr, each};
use crate::elem::Elem;
use crate::input::Input;
use crate::interp::State;
use crate::model::{MAX_SIZE, ModelView, c_indices, size_of_shape};
use crate::recipe::vk;

/// Values numbered from `base`: the sources of copies, each distinguishable.
fn numbered<E: Elem>(base: u32, n: usize) -> Vec<E> {
    (0..n as u32)
        .map(|k| E::make(base.wrapping_add(k)))
        .collect()
}

/// The exclusive view (replayed through the exclusive constructor and sub-view operations)
/// against its model: shape, strides, contiguity and `get`; the shared replay reads the rest.
pub(crate) fn check_excl<E: Elem>(v: Excl<'_, E>, m: &ModelView, mem: &[E]) {
    each!(Excl, v, x => {
        assert_eq!(&x.shape()[..], &m.shape[..], "exclusive shape");
        for axis in 0..m.rank() {
            if let Some(s) = m.stride(axis, size_of::<E>()) {
                assert_eq!(x.strides()[axis], s, "exclusive byte stride of axis {axis}");
            }
        }
        assert_eq!(x.is_c_contiguous(), m.c_contiguous(), "exclusive C-contiguity");
        assert_eq!(x.is_f_contiguous(), m.f_contiguous(), "exclusive F-contiguity");
        for (k, idx) in c_indices(&m.shape).iter().enumerate() {
            assert_eq!(x.get(arr(idx)), Some(&mem[m.pos[k]]), "exclusive get({idx:?})");
        }
        assert_eq!(x.as_slice().is_some(), m.c_contiguous(), "exclusive as_slice()");
    })
}

/// One write, described for the trace.
#[derive(Debug)]
struct Write {
    kind: usize,
    base: u32,
    grain: usize,
}

impl<E: Elem> State<'_, E> {
    /// A write through the current view when it is exclusive (a read check otherwise).
    pub(crate) fn write_op(&mut self, input: &mut Input<'_>) {
        let Some(cur) = self.cur.clone() else {
            return;
        };
        if !cur.exclusive {
            return;
        }
        let w = Write {
            kind: input.below(10),
            base: {
                let b = self.fresh();
                // Leave room for the numbered values this write uses.
                for _ in 0..8192 {
                    self.fresh();
                }
                b.key() as u32
            },
            grain: 1 + input.below(8),
        };
        self.trace.push(format!("{w:?}"));
        if w.kind == 8 {
            return self.export_excl(&cur, input);
        }
        let m = &cur.model;
        let model = &mut self.model_mem;
        let v = cur.excl(&mut self.mem);
        each!(Excl, v, x => write(x, m, model, &w, input));
    }
}

fn write<E: Elem, const N: usize>(
    mut v: MemViewSliceMut<'_, E, N>,
    m: &ModelView,
    model: &mut [E],
    w: &Write,
    input: &mut Input<'_>,
) {
    let fresh = numbered::<E>(w.base, m.pos.len().max(16));
    match w.kind {
        0 => {
            if !m.pos.is_empty() {
                for value in fresh.iter().take(1 + input.below(3)) {
                    let idx: Vec<usize> = m.shape.iter().map(|&e| input.below(e)).collect();
                    if input.bool() {
                        v[arr(&idx)] = *value;
                    } else {
                        *v.get_mut(arr(&idx)).expect("in bounds") = *value;
                    }
                    model[m.at(&idx)] = *value;
                }
            }
            for axis in 0..N {
                let mut idx = [0; N];
                idx[axis] = m.shape[axis];
                assert!(
                    v.get_mut(idx).is_none(),
                    "get_mut({idx:?}) one past the end"
                );
            }
        }
        1 => {
            let mut want: VecDeque<usize> = m.pos.iter().copied().collect();
            let mut it = v.iter_mut();
            for value in fresh.iter().take(1 + input.below(10)) {
                let b = input.u8();
                let n = (b >> 2) as usize % 4;
                let (got, pos) = match b & 3 {
                    0 | 1 => (it.next(), want.pop_front()),
                    2 => (it.next_back(), want.pop_back()),
                    _ => (it.nth(n), {
                        want.drain(..n.min(want.len()));
                        want.pop_front()
                    }),
                };
                assert_eq!(got.is_some(), pos.is_some(), "iter_mut step {b:#x}");
                if let (Some(x), Some(p)) = (got, pos) {
                    *x = *value;
                    model[p] = *value;
                }
                assert_eq!(it.len(), want.len(), "iter_mut len after {b:#x}");
            }
        }
        2 => {
            v.fill(fresh[0]);
            m.pos.iter().for_each(|&p| model[p] = fresh[0]);
        }
        3 => {
            let f = |x: &mut E| *x = E::make((x.key() as u32).wrapping_mul(3).wrapping_add(1));
            v.map_inplace(f);
            m.pos.iter().for_each(|&p| f(&mut model[p]));
        }
        4 => {
            let mut shape = m.shape.clone();
            if N > 0 && input.u8() < 32 {
                let a = input.below(N);
                shape[a] = shape[a].saturating_add(1);
            }
            // A source must fit in memory; the model keeps only small non-empty views.
            let Some(n) = size_of_shape(&shape).filter(|&n| n <= MAX_SIZE) else {
                return;
            };
            let src = numbered::<E>(w.base, n);
            // An empty shape too large for C strides has no source view to copy from.
            let Ok(s) = MemViewSlice::from_slice(&src, arr(&shape)) else {
                return;
            };
            match v.copy_from(&s).map_err(vk) {
                Ok(()) => {
                    assert_eq!(shape, m.shape, "copy_from accepted a different shape");
                    m.pos.iter().zip(&src).for_each(|(&p, &x)| model[p] = x);
                }
                Err(e) => {
                    assert_ne!(shape, m.shape, "copy_from refused the same shape");
                    assert_eq!(e, "ShapesDiffer");
                }
            }
        }
        5 => {
            let k = input.below(N + 1);
            let shape: Vec<usize> = m.shape[N - k..]
                .iter()
                .map(|&e| match input.u8() {
                    0..=63 => 1,
                    64..=71 => e.saturating_add(1),
                    _ => e,
                })
                .collect();
            // A source must fit in memory; the model keeps only small non-empty views.
            let Some(n) = size_of_shape(&shape).filter(|&n| n <= MAX_SIZE) else {
                return;
            };
            let src = numbered::<E>(w.base, n);
            let src_model = ModelView::contiguous_from(0, &shape);
            let want = src_model.broadcast(&m.shape);
            let got = match k {
                0 => assign::<E, N, 0>(&mut v, &src, &shape),
                1 => assign::<E, N, 1>(&mut v, &src, &shape),
                2 => assign::<E, N, 2>(&mut v, &src, &shape),
                3 => assign::<E, N, 3>(&mut v, &src, &shape),
                _ => assign::<E, N, 4>(&mut v, &src, &shape),
            };
            match (want, got) {
                (_, Err("no source")) => {}
                (Ok(Some(b)), Ok(())) => {
                    m.pos
                        .iter()
                        .zip(&b.pos)
                        .for_each(|(&p, &q)| model[p] = src[q]);
                }
                (Err(w), Err(g)) => assert_eq!(w, g, "assign from {shape:?}"),
                (w, g) => panic!("assign from {shape:?}: model {w:?}, memslice {g:?}"),
            }
        }
        6 => {
            let parallel = PARALLEL && input.bool();
            let mut shape = m.shape.clone();
            if N > 0 && input.u8() < 32 {
                let a = input.below(N);
                shape[a] = shape[a].saturating_add(1);
            }
            // A source must fit in memory; the model keeps only small non-empty views.
            let Some(n) = size_of_shape(&shape).filter(|&n| n <= MAX_SIZE) else {
                return;
            };
            let src = numbered::<E>(w.base, n);
            let Ok(s) = MemViewSlice::from_slice(&src, arr(&shape)) else {
                return;
            };
            let f = |d: &mut E, s: &E| *d = E::make((s.key() as u32) ^ 0x55);
            match Zip::from(v.reborrow()).try_and(s) {
                Ok(z) => {
                    assert_eq!(shape, m.shape, "Zip::and accepted a different shape");
                    let z = z.with_grain(w.grain);
                    if parallel {
                        z.par_for_each(f);
                    } else {
                        z.for_each(f);
                    }
                    m.pos
                        .iter()
                        .zip(&src)
                        .for_each(|(&p, x)| f(&mut model[p], x));
                }
                Err(e) => {
                    assert_ne!(shape, m.shape, "Zip::and refused the same shape");
                    assert_eq!(vk(e), "ShapesDiffer");
                }
            }
        }
        9 if N > 0 => {
            // Both halves of a split written: they must be disjoint and cover the view.
            let axis = input.below(N);
            let at = input.below(m.shape[axis].saturating_add(1));
            let (mut l, mut r) = v.split_at(axis, at);
            l.fill(fresh[0]);
            r.fill(fresh[1]);
            let (ml, mr) = m.split(axis, at).expect("in range");
            ml.pos.iter().for_each(|&p| model[p] = fresh[0]);
            mr.pos.iter().for_each(|&p| model[p] = fresh[1]);
        }
        _ => {
            if PARALLEL {
                v.par_iter_mut()
                    .with_grain(w.grain)
                    .enumerate()
                    .for_each(|(k, x)| *x = fresh[k]);
                m.pos.iter().zip(&fresh).for_each(|(&p, &x)| model[p] = x);
            }
        }
    }
}

fn assign<E: Elem, const N: usize, const K: usize>(
    v: &mut MemViewSliceMut<'_, E, N>,
    src: &[E],
    shape: &[usize],
) -> Result<(), &'static str> {
    // An empty shape too large for C strides has no source view: the model's broadcast decides.
    match MemViewSlice::from_slice(src, arr::<usize, K>(shape)) {
        Ok(s) => v.assign(&s).map_err(vk),
        Err(_) => Err("no source"),
    }
}
