//! The parallel forms of [`Zip`]: split along the outermost axis longer than 1, in halves,
//! until a block is at most the zip's grain, then run the serial walk.

use crate::{Zip, ZipPart};

macro_rules! par_zip {
    ($($p:ident: $P:ident),+) => {
        impl<$($P: ZipPart<N> + Send,)+ const N: usize> Zip<($($P,)+), N> {
            /// Calls `f` with the items at every index, in parallel: each task gets a block of
            /// the views (disjoint, for mutable parts) and walks it row by row.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::{MemViewSlice, MemViewSliceMut, Zip};
            ///
            /// let x: Vec<f64> = (0..10_000).map(f64::from).collect();
            /// let mut y = vec![1.0; 10_000];
            /// let xv = MemViewSlice::from_slice(&x, [100, 100]).unwrap();
            /// let yv = MemViewSliceMut::from_slice(&mut y, [100, 100]).unwrap();
            /// Zip::from(yv).and(xv).par_for_each(|y, &x| *y += 0.5 * x); // axpy
            /// assert_eq!(y[9_999], 1.0 + 0.5 * 9_999.0);
            /// ```
            pub fn par_for_each(self, f: impl Fn($($P::Item),+) + Sync + Send) {
                self.par_fold(|| (), |(), $($p),+| f($($p),+), |(), ()| ());
            }

            /// A parallel fold: each task folds its block from `identity()` with `fold`; the
            /// results are combined with `reduce`, which must be associative with `identity()`
            /// as its neutral element.
            ///
            /// # Examples
            ///
            /// ```
            /// use memslice_core::{MemViewSlice, Zip};
            ///
            /// let (a, b) = ([1, 2, 3, 4], [4, 3, 2, 1]);
            /// let va = MemViewSlice::from_slice(&a, [2, 2]).unwrap();
            /// let vb = MemViewSlice::from_slice(&b, [2, 2]).unwrap();
            /// let dot = Zip::from(va).and(vb).par_fold(|| 0, |s, &x, &y| s + x * y, |s, t| s + t);
            /// assert_eq!(dot, 20);
            /// ```
            pub fn par_fold<X: Send>(
                self,
                identity: impl Fn() -> X + Sync + Send,
                fold: impl Fn(X, $($P::Item),+) -> X + Sync + Send,
                reduce: impl Fn(X, X) -> X + Sync + Send,
            ) -> X {
                // Blocks no smaller than the grain, and no more than about eight per thread:
                // enough to balance the load, few enough that hand-offs cost nothing.
                let block = self.grain().max(self.size() / (8 * rayon::current_num_threads()));
                self.par_fold_rec(block, &identity, &fold, &reduce)
            }

            fn par_fold_rec<X: Send>(
                self,
                block: usize,
                identity: &(impl Fn() -> X + Sync),
                fold: &(impl Fn(X, $($P::Item),+) -> X + Sync),
                reduce: &(impl Fn(X, X) -> X + Sync),
            ) -> X {
                match self.split_point() {
                    Some((axis, mid)) if self.size() > block => {
                        let (left, right) = self.split(axis, mid);
                        let (l, r) = rayon::join(
                            || left.par_fold_rec(block, identity, fold, reduce),
                            || right.par_fold_rec(block, identity, fold, reduce),
                        );
                        reduce(l, r)
                    }
                    _ => self.fold(identity(), fold),
                }
            }
        }
    };
}

par_zip!(a: A);
par_zip!(a: A, b: B);
par_zip!(a: A, b: B, c: C);
par_zip!(a: A, b: B, c: C, d: D);
par_zip!(a: A, b: B, c: C, d: D, e: E);
par_zip!(a: A, b: B, c: C, d: D, e: E, f: F);
