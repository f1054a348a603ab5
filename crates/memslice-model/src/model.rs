//! The naive model: a view is the list of backing positions it reaches, in C order, and its
//! shape. Every operation is written again here the obvious way, by enumerating indices and
//! picking positions; nothing here knows a stride, except the one constructor that reads a
//! strided layout, which enumerates every index and adds up its byte offset.

/// The most elements a model view may hold: views the interpreter keeps stay this small, so
/// every check can enumerate them (fewer under Miri, where each check costs a thousandfold).
pub(crate) const MAX_SIZE: usize = if cfg!(miri) { 48 } else { 4096 };
/// The largest extent of a view the interpreter keeps.
pub(crate) const MAX_EXTENT: usize = 64;

/// Every index of `shape` in C order (last axis fastest), by an odometer.
pub(crate) fn c_indices(shape: &[usize]) -> Vec<Vec<usize>> {
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

/// Every index of `shape` in Fortran order (first axis fastest).
pub(crate) fn f_indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let rev: Vec<usize> = shape.iter().rev().copied().collect();
    c_indices(&rev)
        .into_iter()
        .map(|mut i| {
            i.reverse();
            i
        })
        .collect()
}

/// The element count, or `None` when it exceeds `isize::MAX` (a zero anywhere wins).
pub(crate) fn size_of_shape(shape: &[usize]) -> Option<usize> {
    if shape.contains(&0) {
        return Some(0);
    }
    let mut n: u128 = 1;
    for &e in shape {
        n = n.saturating_mul(e as u128);
    }
    (n <= isize::MAX as u128).then_some(n as usize)
}

/// `list(range(len))[start:stop:step]`, by walking Python's rules one index at a time.
pub(crate) fn python_range(
    len: usize,
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
) -> Vec<usize> {
    assert_ne!(step, 0);
    let len = len as i128;
    let norm = |b: isize| {
        let b = b as i128;
        if b < 0 { b + len } else { b }
    };
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
        i += step as i128;
    }
    out
}

/// The number of indices `list(range(len))[start:stop:step]` has, counted without walking
/// (for the extents of empty views, which may be as large as `usize::MAX`).
pub(crate) fn python_count(
    len: usize,
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
) -> usize {
    assert_ne!(step, 0);
    // CPython raises a step below -isize::MAX to it, so that negating it cannot overflow.
    let (len, step) = (len as i128, step.max(-isize::MAX) as i128);
    let norm = |b: isize| {
        let b = b as i128;
        if b < 0 { b + len } else { b }
    };
    let (from, to, by) = if step > 0 {
        (
            start.map_or(0, norm).max(0),
            stop.map_or(len, norm).min(len),
            step,
        )
    } else {
        (
            stop.map_or(-1, norm).max(-1),
            start.map_or(len - 1, norm).min(len - 1),
            -step,
        )
    };
    if to > from {
        ((to - from + by - 1) / by) as usize
    } else {
        0
    }
}

/// Why the model refuses an operation: the name of the error variant memslice must return.
pub(crate) type Refusal = &'static str;

/// An n-d array of backing positions (element indices) in C order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ModelView {
    pub(crate) shape: Vec<usize>,
    pub(crate) pos: Vec<usize>,
}

/// What a strided layout over a backing of `len` elements is, by the model.
#[derive(Debug)]
pub(crate) enum Built {
    /// A view the interpreter can keep and check.
    View(ModelView),
    /// Valid, but too large to enumerate: memslice must accept it; nothing more is checked.
    TooLarge,
}

impl ModelView {
    pub(crate) fn rank(&self) -> usize {
        self.shape.len()
    }

    /// The layout `shape`/`strides` (bytes) whose first element is `offset` bytes into a
    /// backing of `len` elements of `itemsize` bytes, checked in memslice's documented order:
    /// element count, alignment, bounds (an empty view only places its offset), aliasing.
    /// `unique` asks for a mutable view: distinct indices must reach distinct elements.
    pub(crate) fn strided(
        shape: &[usize],
        strides: &[isize],
        offset: isize,
        len: usize,
        itemsize: usize,
        unique: bool,
    ) -> Result<Built, Refusal> {
        let size = size_of_shape(shape).ok_or("Overflow")?;
        let item = itemsize as i128;
        let strays = size > 0
            && shape
                .iter()
                .zip(strides)
                .any(|(&e, &s)| e > 1 && s as i128 % item != 0);
        if strays || offset as i128 % item != 0 {
            return Err("Misaligned");
        }
        let limit = len as i128 * item;
        let offset = offset as i128;
        if size == 0 {
            if offset < 0 || offset > limit {
                return Err("OutOfBounds");
            }
            // Empty views are kept whatever their extents: no check enumerates them.
            return Ok(Built::View(ModelView {
                shape: shape.to_vec(),
                pos: Vec::new(),
            }));
        }
        // The lowest and highest byte any index reaches, each axis at its extreme.
        let (mut low, mut high) = (offset, offset + item);
        for (&e, &s) in shape.iter().zip(strides) {
            let span = (e as i128 - 1) * s as i128;
            if span < 0 {
                low += span;
            } else {
                high += span;
            }
        }
        if low < 0 || high > limit {
            return Err("OutOfBounds");
        }
        if unique && size > len {
            // More indices than elements: two of them share one.
            return Err("Aliasing");
        }
        if size > MAX_SIZE || shape.iter().any(|&e| e > MAX_EXTENT) {
            return Ok(Built::TooLarge);
        }
        let pos: Vec<usize> = c_indices(shape)
            .iter()
            .map(|i| {
                let byte: i128 = offset
                    + i.iter()
                        .zip(strides)
                        .map(|(&i, &s)| i as i128 * s as i128)
                        .sum::<i128>();
                (byte / item) as usize
            })
            .collect();
        if unique {
            let mut sorted = pos.clone();
            sorted.sort_unstable();
            if sorted.windows(2).any(|w| w[0] == w[1]) {
                return Err("Aliasing");
            }
        }
        Ok(Built::View(ModelView {
            shape: shape.to_vec(),
            pos,
        }))
    }

    /// The C-order flat number of `idx`.
    fn flat(&self, idx: &[usize]) -> usize {
        idx.iter()
            .zip(&self.shape)
            .fold(0, |acc, (&i, &e)| acc * e + i)
    }

    /// The position of the element at `idx`.
    pub(crate) fn at(&self, idx: &[usize]) -> usize {
        self.pos[self.flat(idx)]
    }

    fn from_fn(shape: Vec<usize>, f: impl Fn(&[usize]) -> usize) -> ModelView {
        let pos = c_indices(&shape).iter().map(|i| f(i)).collect();
        ModelView { shape, pos }
    }

    fn check_axis(&self, axis: usize) -> Result<(), Refusal> {
        if axis < self.rank() {
            Ok(())
        } else {
            Err("AxisOutOfRange")
        }
    }

    /// An empty view with `axis` resized to `n`: what any selection of an empty view is.
    fn empty_with(&self, axis: usize, n: usize) -> ModelView {
        let mut shape = self.shape.clone();
        shape[axis] = n;
        ModelView {
            shape,
            pos: Vec::new(),
        }
    }

    /// Keeps, along `axis`, the listed indices in the listed order.
    fn select(&self, axis: usize, picks: &[usize]) -> ModelView {
        let mut shape = self.shape.clone();
        shape[axis] = picks.len();
        ModelView::from_fn(shape, |i| {
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
    ) -> Result<ModelView, Refusal> {
        self.check_axis(axis)?;
        if step == 0 {
            return Err("ZeroStep");
        }
        if self.pos.is_empty() {
            let n = python_count(self.shape[axis], start, stop, step);
            return Ok(self.empty_with(axis, n));
        }
        Ok(self.select(axis, &python_range(self.shape[axis], start, stop, step)))
    }

    /// Python's wrap-around: the index counted from the end when negative.
    fn wrap(extent: usize, i: isize) -> Option<usize> {
        let i = if i < 0 {
            i as i128 + extent as i128
        } else {
            i as i128
        };
        (0..extent as i128).contains(&i).then_some(i as usize)
    }

    pub(crate) fn index_axis(&self, axis: usize, i: isize) -> Result<ModelView, Refusal> {
        self.check_axis(axis)?;
        let i = Self::wrap(self.shape[axis], i).ok_or("IndexOutOfRange")?;
        let mut shape = self.shape.clone();
        shape.remove(axis);
        Ok(ModelView::from_fn(shape, |idx| {
            let mut j = idx.to_vec();
            j.insert(axis, i);
            self.at(&j)
        }))
    }

    pub(crate) fn insert_axis(&self, axis: usize) -> Result<ModelView, Refusal> {
        if axis > self.rank() {
            return Err("AxisOutOfRange");
        }
        let mut shape = self.shape.clone();
        shape.insert(axis, 1);
        Ok(ModelView {
            shape,
            pos: self.pos.clone(),
        })
    }

    pub(crate) fn permute(&self, axes: &[usize]) -> Result<ModelView, Refusal> {
        let mut sorted = axes.to_vec();
        sorted.sort_unstable();
        if sorted != (0..self.rank()).collect::<Vec<_>>() {
            return Err("NotAPermutation");
        }
        let shape = axes.iter().map(|&a| self.shape[a]).collect();
        Ok(ModelView::from_fn(shape, |i| {
            let mut j = vec![0; axes.len()];
            for (k, &a) in axes.iter().enumerate() {
                j[a] = i[k];
            }
            self.at(&j)
        }))
    }

    pub(crate) fn t(&self) -> ModelView {
        let axes: Vec<usize> = (0..self.rank()).rev().collect();
        self.permute(&axes).expect("a reversal is a permutation")
    }

    pub(crate) fn reverse(&self, axis: usize) -> Result<ModelView, Refusal> {
        self.check_axis(axis)?;
        if self.pos.is_empty() {
            return Ok(self.clone());
        }
        let picks: Vec<usize> = (0..self.shape[axis]).rev().collect();
        Ok(self.select(axis, &picks))
    }

    pub(crate) fn split(&self, axis: usize, at: usize) -> Result<(ModelView, ModelView), Refusal> {
        self.check_axis(axis)?;
        let extent = self.shape[axis];
        if at > extent {
            return Err("SplitOutOfRange");
        }
        if self.pos.is_empty() {
            return Ok((
                self.empty_with(axis, at),
                self.empty_with(axis, extent - at),
            ));
        }
        let left: Vec<usize> = (0..at).collect();
        let right: Vec<usize> = (at..extent).collect();
        Ok((self.select(axis, &left), self.select(axis, &right)))
    }

    /// NumPy's `broadcast_to`: axes matched from the end, an extent 1 or a missing leading
    /// axis repeats; the result must have at most `isize::MAX` elements. `Ok(None)`: valid but
    /// too large to keep.
    pub(crate) fn broadcast(&self, to: &[usize]) -> Result<Option<ModelView>, Refusal> {
        let Some(lead) = to.len().checked_sub(self.rank()) else {
            return Err("BroadcastMismatch");
        };
        for (k, &e) in self.shape.iter().enumerate() {
            if e != to[lead + k] && e != 1 {
                return Err("BroadcastMismatch");
            }
        }
        let size = size_of_shape(to).ok_or("Overflow")?;
        if size > MAX_SIZE || (size > 0 && to.iter().any(|&e| e > MAX_EXTENT)) {
            return Ok(None);
        }
        Ok(Some(ModelView::from_fn(to.to_vec(), |i| {
            let j: Vec<usize> = self
                .shape
                .iter()
                .enumerate()
                .map(|(k, &e)| if e == 1 { 0 } else { i[lead + k] })
                .collect();
            self.at(&j)
        })))
    }

    /// The positions in Fortran order.
    pub(crate) fn f_order(&self) -> Vec<usize> {
        f_indices(&self.shape).iter().map(|i| self.at(i)).collect()
    }

    fn consecutive(pos: &[usize]) -> bool {
        pos.iter().enumerate().all(|(k, &p)| p == pos[0] + k)
    }

    /// Whether the elements in C order are consecutive in memory (empty views are).
    pub(crate) fn c_contiguous(&self) -> bool {
        Self::consecutive(&self.pos)
    }

    pub(crate) fn f_contiguous(&self) -> bool {
        Self::consecutive(&self.f_order())
    }

    /// The byte stride of `axis` as the positions show it: the distance from element 0 to the
    /// element one step along `axis`. `None` where no two elements differ only on that axis.
    pub(crate) fn stride(&self, axis: usize, itemsize: usize) -> Option<isize> {
        if self.pos.is_empty() || self.shape[axis] < 2 {
            return None;
        }
        let mut one = vec![0; self.rank()];
        one[axis] = 1;
        Some((self.at(&one) as isize - self.pos[0] as isize) * itemsize as isize)
    }

    /// The lanes along `axis`: one per index of the other axes, in C order of those.
    pub(crate) fn lanes(&self, axis: usize) -> Vec<Vec<usize>> {
        let mut others = self.shape.clone();
        others[axis] = 1;
        c_indices(&others)
            .into_iter()
            .map(|start| {
                (0..self.shape[axis])
                    .map(|i| {
                        let mut j = start.clone();
                        j[axis] = i;
                        self.at(&j)
                    })
                    .collect()
            })
            .collect()
    }

    /// Consecutive chunks of `size` along `axis`, the last possibly shorter.
    pub(crate) fn chunks(&self, axis: usize, size: usize) -> Vec<ModelView> {
        let extent = self.shape[axis];
        (0..extent)
            .step_by(size)
            .map(|s| {
                let picks: Vec<usize> = (s..(s + size).min(extent)).collect();
                self.select(axis, &picks)
            })
            .collect()
    }

    /// A C-contiguous view of `shape` starting at position `first`: what a cast that reshapes
    /// a contiguous view gives.
    pub(crate) fn contiguous_from(first: usize, shape: &[usize]) -> ModelView {
        let n = size_of_shape(shape).unwrap_or(0);
        ModelView {
            shape: shape.to_vec(),
            pos: (first..first + n).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model itself against hand-worked NumPy results.
    #[test]
    fn model_matches_numpy_by_hand() {
        // np.arange(12).reshape(3, 4)
        let a = match ModelView::strided(&[3, 4], &[32, 8], 0, 12, 8, true).unwrap() {
            Built::View(m) => m,
            Built::TooLarge => unreachable!(),
        };
        // a[::-1, 1::2] == [[9, 11], [5, 7], [1, 3]]
        let b = a
            .slice_axis(0, None, None, -1)
            .unwrap()
            .slice_axis(1, Some(1), None, 2)
            .unwrap();
        assert_eq!(b.pos, [9, 11, 5, 7, 1, 3]);
        assert_eq!(b.stride(0, 8), Some(-32));
        // a.T[1] == [1, 5, 9]
        assert_eq!(a.t().index_axis(0, 1).unwrap().pos, [1, 5, 9]);
        // np.broadcast_to(a[0], (2, 4))
        let c = a
            .index_axis(0, 0)
            .unwrap()
            .broadcast(&[2, 4])
            .unwrap()
            .unwrap();
        assert_eq!(c.pos, [0, 1, 2, 3, 0, 1, 2, 3]);
        assert!(a.c_contiguous() && !a.f_contiguous() && a.t().f_contiguous());
        assert_eq!(a.lanes(0)[1], [1, 5, 9]);
        assert_eq!(python_range(5, Some(-1), None, -2), [4, 2, 0]);
        for len in 0..7 {
            for start in [None, Some(-9), Some(-2), Some(0), Some(3), Some(9)] {
                for stop in [None, Some(-9), Some(-1), Some(0), Some(4), Some(9)] {
                    for step in [-3, -1, 1, 2] {
                        let walk = python_range(len, start, stop, step).len();
                        assert_eq!(python_count(len, start, stop, step), walk);
                    }
                }
            }
        }
        assert_eq!(
            ModelView::strided(&[2], &[0], 0, 4, 8, true).unwrap_err(),
            "Aliasing"
        );
    }
}
