//! A double-ended odometer over the indices of a shape in C order.

/// The indices of `shape` not yet visited, in C order (last axis fastest), as the range between
/// `front` and `back` (both inclusive) with `len` indices left.
///
/// Invariant: if `len > 0`, `front` and `back` are in bounds and `back` is `len - 1` indices
/// after `front` in C order. Every iterator of the crate walks its indices with one of these.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cursor<const N: usize> {
    shape: [usize; N],
    front: [usize; N],
    back: [usize; N],
    len: usize,
}

impl<const N: usize> Cursor<N> {
    /// All indices of `shape` (whose size fits `usize`, as a view's does).
    #[inline]
    pub(crate) fn new(shape: [usize; N]) -> Self {
        // A zero first: the extents before it may overflow on their own (rule 3 bounds only
        // the whole product).
        let len = if shape.contains(&0) {
            0
        } else {
            shape.iter().product()
        };
        let back = if len > 0 {
            shape.map(|e| e - 1)
        } else {
            [0; N]
        };
        Cursor {
            shape,
            front: [0; N],
            back,
            len,
        }
    }

    /// The indices at C-order positions `lo..hi` of `shape` (`lo <= hi <= size`).
    #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // used by the parallel producers
    #[inline]
    pub(crate) fn range(shape: [usize; N], lo: usize, hi: usize) -> Self {
        // `checked_size` looks for a zero first: an empty shape's other extents may overflow.
        debug_assert!(lo <= hi && crate::layout::checked_size(&shape).is_some_and(|n| hi <= n));
        let len = hi - lo;
        if len == 0 {
            return Cursor {
                shape,
                front: [0; N],
                back: [0; N],
                len,
            };
        }
        Cursor {
            shape,
            front: unravel(&shape, lo),
            back: unravel(&shape, hi - 1),
            len,
        }
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The next index from the front, if any.
    #[inline]
    pub(crate) fn front(&self) -> Option<&[usize; N]> {
        (self.len > 0).then_some(&self.front)
    }

    /// Takes the next index from the front.
    #[inline]
    pub(crate) fn pop_front(&mut self) -> Option<[usize; N]> {
        if self.len == 0 {
            return None;
        }
        let index = self.front;
        self.len -= 1;
        if self.len > 0 {
            self.increment_from(N);
        }
        Some(index)
    }

    /// Takes the next index from the back.
    #[inline]
    pub(crate) fn pop_back(&mut self) -> Option<[usize; N]> {
        if self.len == 0 {
            return None;
        }
        let index = self.back;
        self.len -= 1;
        if self.len > 0 {
            for k in (0..N).rev() {
                if self.back[k] > 0 {
                    self.back[k] -= 1;
                    break;
                }
                self.back[k] = self.shape[k] - 1;
            }
        }
        Some(index)
    }

    /// How many indices remain in the front index's row (its run along the last axis), at most
    /// `len`. For `N == 0` the one index is its own row.
    #[inline]
    pub(crate) fn front_row_len(&self) -> usize {
        match N {
            0 => self.len,
            _ => (self.shape[N - 1] - self.front[N - 1]).min(self.len),
        }
    }

    /// Consumes `n <= front_row_len()` indices from the front.
    #[inline]
    pub(crate) fn skip_in_row(&mut self, n: usize) {
        debug_assert!(n <= self.front_row_len());
        self.len -= n;
        if self.len > 0 && N > 0 {
            self.front[N - 1] += n;
            if self.front[N - 1] == self.shape[N - 1] {
                self.front[N - 1] = 0;
                self.increment_from(N - 1);
            }
        }
    }

    /// Consumes every remaining index.
    #[inline]
    pub(crate) fn clear(&mut self) {
        self.len = 0;
    }

    /// Adds one to the front index at axis `below - 1`, carrying into slower axes.
    #[inline]
    fn increment_from(&mut self, below: usize) {
        for k in (0..below).rev() {
            self.front[k] += 1;
            if self.front[k] < self.shape[k] {
                return;
            }
            self.front[k] = 0;
        }
    }
}

/// The index at C-order position `pos` of `shape` (`pos < size`).
#[cfg_attr(not(feature = "rayon"), allow(dead_code))] // used by the parallel producers
#[inline]
pub(crate) fn unravel<const N: usize>(shape: &[usize; N], mut pos: usize) -> [usize; N] {
    let mut index = [0; N];
    for k in (0..N).rev() {
        index[k] = pos % shape[k];
        pos /= shape[k];
    }
    index
}
