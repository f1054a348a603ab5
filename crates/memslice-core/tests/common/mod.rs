//! Naive models the tests compare the views against. Nothing here uses strides: elements are
//! found by enumerating indices and Python ranges directly.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use memslice_core::MemViewSlice;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Proptest settings: many cases natively, a handful under Miri (which is ~1000x slower), and no
/// failure files (Miri isolates the file system).
pub(crate) fn config() -> Config {
    Config {
        cases: if cfg!(miri) { 16 } else { 256 },
        failure_persistence: None,
        ..Config::default()
    }
}

/// Every index of `shape` in C order (last axis fastest), by an odometer.
pub(crate) fn c_order_indices(shape: &[usize]) -> Vec<Vec<usize>> {
    if shape.contains(&0) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut idx = vec![0; shape.len()];
    loop {
        out.push(idx.clone());
        let mut k = shape.len();
        loop {
            if k == 0 {
                return out;
            }
            k -= 1;
            idx[k] += 1;
            if idx[k] < shape[k] {
                break;
            }
            idx[k] = 0;
        }
    }
}

/// The elements of a view in C order, read through `Index`.
pub(crate) fn flatten<T: Copy, const N: usize>(v: &MemViewSlice<'_, T, N>) -> Vec<T> {
    c_order_indices(v.shape())
        .into_iter()
        .map(|i| v[<[usize; N]>::try_from(i).unwrap()])
        .collect()
}

/// `list(range(len))[start:stop:step]`, by walking Python's rules one index at a time.
pub(crate) fn python_range(
    len: usize,
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
) -> Vec<usize> {
    assert_ne!(step, 0);
    let len = len as isize;
    let norm = |b: isize| if b < 0 { b + len } else { b };
    let (mut i, end) = if step > 0 {
        (
            start.map_or(0, norm).max(0),
            stop.map_or(len, norm).min(len),
        )
    } else {
        (
            start.map_or(len - 1, norm).min(len - 1),
            stop.map_or(-1, norm).max(-1),
        )
    };
    let mut out = Vec::new();
    while (step > 0 && i < end) || (step < 0 && i > end) {
        out.push(i as usize);
        i += step;
    }
    out
}

/// An n-d array of buffer positions in C order: what a view should reach, computed by
/// selecting and relabelling indices, never by stride arithmetic.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Model {
    pub(crate) shape: Vec<usize>,
    pub(crate) pos: Vec<usize>,
}

impl Model {
    /// The model of a strided layout: position `offset + Σ i[k]·strides[k]` (in elements).
    pub(crate) fn strided(shape: &[usize], strides: &[isize], offset: isize) -> Model {
        let pos = c_order_indices(shape)
            .iter()
            .map(|i| {
                let p = offset
                    + i.iter()
                        .zip(strides)
                        .map(|(&i, &s)| i as isize * s)
                        .sum::<isize>();
                p as usize
            })
            .collect();
        Model {
            shape: shape.to_vec(),
            pos,
        }
    }

    pub(crate) fn at(&self, idx: &[usize]) -> usize {
        let flat = idx
            .iter()
            .zip(&self.shape)
            .fold(0, |acc, (&i, &e)| acc * e + i);
        self.pos[flat]
    }

    /// Builds a model of `shape` whose element at `i` is `f(i)`.
    fn from_fn(shape: Vec<usize>, f: impl Fn(&[usize]) -> usize) -> Model {
        let pos = c_order_indices(&shape).iter().map(|i| f(i)).collect();
        Model { shape, pos }
    }

    /// Keeps, along `axis`, the listed indices in the listed order.
    pub(crate) fn select(&self, axis: usize, picks: &[usize]) -> Model {
        let mut shape = self.shape.clone();
        shape[axis] = picks.len();
        Model::from_fn(shape, |i| {
            let mut j = i.to_vec();
            j[axis] = picks[i[axis]];
            self.at(&j)
        })
    }

    pub(crate) fn slice_axis(
        &self,
        axis: usize,
        start: Option<isize>,
        stop: Option<isize>,
        step: isize,
    ) -> Model {
        self.select(axis, &python_range(self.shape[axis], start, stop, step))
    }

    /// `a[..., i, ...]` with Python's wrap-around, or `None` when out of range.
    pub(crate) fn index_axis(&self, axis: usize, i: isize) -> Option<Model> {
        let e = self.shape[axis] as isize;
        let i = if i < 0 { i + e } else { i };
        if i < 0 || i >= e {
            return None;
        }
        let mut shape = self.shape.clone();
        shape.remove(axis);
        Some(Model::from_fn(shape, |idx| {
            let mut j = idx.to_vec();
            j.insert(axis, i as usize);
            self.at(&j)
        }))
    }

    pub(crate) fn insert_axis(&self, axis: usize) -> Model {
        let mut shape = self.shape.clone();
        shape.insert(axis, 1);
        Model::from_fn(shape, |idx| {
            let mut j = idx.to_vec();
            j.remove(axis);
            self.at(&j)
        })
    }

    pub(crate) fn permute(&self, axes: &[usize]) -> Model {
        let shape = axes.iter().map(|&a| self.shape[a]).collect();
        Model::from_fn(shape, |idx| {
            let mut j = vec![0; idx.len()];
            for (k, &a) in axes.iter().enumerate() {
                j[a] = idx[k];
            }
            self.at(&j)
        })
    }

    pub(crate) fn reverse(&self, axis: usize) -> Model {
        let picks: Vec<usize> = (0..self.shape[axis]).rev().collect();
        self.select(axis, &picks)
    }

    pub(crate) fn split(&self, axis: usize, at: usize) -> (Model, Model) {
        let left: Vec<usize> = (0..at).collect();
        let right: Vec<usize> = (at..self.shape[axis]).collect();
        (self.select(axis, &left), self.select(axis, &right))
    }
}

/// A rank-3 layout in element units: shape, strides, offset, and a buffer length that holds it.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    pub(crate) shape: [usize; 3],
    pub(crate) strides: [isize; 3],
    pub(crate) offset: isize,
    pub(crate) len: usize,
}

impl Layout {
    pub(crate) fn new(shape: [usize; 3], strides: [isize; 3], slack: usize) -> Layout {
        let (mut low, mut high) = (0, 0);
        for (&e, &s) in shape.iter().zip(&strides) {
            if e > 1 {
                let span = (e as isize - 1) * s;
                if span < 0 { low += span } else { high += span }
            }
        }
        Layout {
            shape,
            strides,
            offset: -low,
            len: (high - low) as usize + 1 + slack,
        }
    }

    pub(crate) fn byte_strides(&self) -> [isize; 3] {
        self.strides.map(|s| s * 4)
    }

    /// A buffer whose elements hold their own positions, as the model's values.
    pub(crate) fn buffer(&self) -> Vec<u32> {
        (0..self.len as u32).collect()
    }

    pub(crate) fn view<'a>(&self, buf: &'a [u32]) -> MemViewSlice<'a, u32, 3> {
        MemViewSlice::from_slice_strided(buf, self.shape, self.byte_strides(), self.offset * 4)
            .unwrap()
    }

    pub(crate) fn model(&self) -> Model {
        Model::strided(&self.shape, &self.strides, self.offset)
    }
}

/// Any in-bounds layout, repeats and zero strides included (for shared views).
pub(crate) fn any_layout() -> impl Strategy<Value = Layout> {
    (
        [0_usize..5, 0_usize..5, 0_usize..5],
        [-5_isize..=5, -5_isize..=5, -5_isize..=5],
        0_usize..3,
    )
        .prop_map(|(shape, strides, slack)| Layout::new(shape, strides, slack))
}

/// A nested layout (axes in any order, stepped, reversed): injective, for mutable views.
pub(crate) fn nested_layout() -> impl Strategy<Value = Layout> {
    (
        [0_usize..5, 0_usize..5, 0_usize..5],
        [
            (1_isize..3, any::<bool>()),
            (1_isize..3, any::<bool>()),
            (1_isize..3, any::<bool>()),
        ],
        Just(vec![0_usize, 1, 2]).prop_shuffle(),
        0_usize..3,
    )
        .prop_map(|(shape, steps, order, slack)| {
            let mut strides = [0; 3];
            let mut span = 1;
            for &a in &order {
                let (step, back) = steps[a];
                strides[a] = if back { -span * step } else { span * step };
                span *= step * shape[a].max(1) as isize;
            }
            Layout::new(shape, strides, slack)
        })
}
