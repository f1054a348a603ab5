//! Parallel kernels on 4000x4000 `f64`: sum, axpy (`y = a·x + y`) and a 5-point stencil, each
//! at 1 and 2 threads, as serial memslice, parallel memslice, raw pointers split by hand over
//! `std::thread::scope`, and ndarray's parallel `Zip`. Rayon work runs inside a pool of the
//! stated size.

use std::hint::black_box;

use criterion::Criterion;
use memslice::{MemViewSlice, MemViewSliceMut, Zip, s};
use ndarray::parallel::prelude::*;
use ndarray::{ArrayView2, ArrayViewMut2, par_azip};

const N: usize = 4000;
const A: f64 = 0.5;

/// Splits `0..rows` into `threads` bands and runs `f(first_row, rows_in_band)` on each.
fn bands(threads: usize, rows: usize, f: impl Fn(usize, usize) + Sync) {
    std::thread::scope(|s| {
        let per = rows.div_ceil(threads);
        for t in 0..threads {
            let (lo, hi) = (t * per, ((t + 1) * per).min(rows));
            let f = &f;
            s.spawn(move || f(lo, hi - lo));
        }
    });
}

/// A raw pointer that may cross to the band threads (each touches its own rows only).
#[derive(Clone, Copy)]
struct Ptr(*mut f64);
// SAFETY: the bands write disjoint rows and read only rows nobody writes.
unsafe impl Send for Ptr {}
// SAFETY: as above.
unsafe impl Sync for Ptr {}

impl Ptr {
    /// The pointer; a method, so closures capture the whole `Ptr` (which is `Sync`), not the
    /// raw field (which is not).
    fn get(self) -> *mut f64 {
        self.0
    }
}

fn stencil_row(o: &mut [f64], up: &[f64], mid: &[f64], down: &[f64]) {
    for j in 0..o.len() {
        o[j] = up[j + 1] + down[j + 1] + mid[j] + mid[j + 2] - 4.0 * mid[j + 1];
    }
}

// ndarray's `s![1..-1]` is NumPy's `1:-1`, not an empty Rust range.
#[allow(clippy::reversed_empty_ranges)]
pub(crate) fn kernels(c: &mut Criterion) {
    let x: Vec<f64> = (0..N * N).map(|k| (k % 1000) as f64 * 1e-3).collect();
    let mut y = vec![1.0; N * N];
    let mut out = vec![0.0; N * N];
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let xv = MemViewSlice::from_slice(&x, [N, N]).unwrap();
        let xa = ArrayView2::from_shape((N, N), &x).unwrap();

        let mut g = c.benchmark_group(format!("par_sum/threads={threads}"));
        g.bench_function("memslice_serial", |b| {
            b.iter(|| black_box(xv).iter().sum::<f64>())
        });
        g.bench_function("memslice_par", |b| {
            b.iter(|| pool.install(|| black_box(xv).par_sum()))
        });
        g.bench_function("raw_ptr", |b| {
            b.iter(|| {
                let sums = std::sync::Mutex::new(0.0);
                bands(threads, N, |lo, n| {
                    let part: f64 = x[lo * N..(lo + n) * N].iter().sum();
                    *sums.lock().unwrap() += part;
                });
                sums.into_inner().unwrap()
            })
        });
        g.bench_function("ndarray_par", |b| {
            b.iter(|| pool.install(|| black_box(xa).into_par_iter().sum::<f64>()))
        });
        g.finish();

        let mut g = c.benchmark_group(format!("par_axpy/threads={threads}"));
        g.bench_function("memslice_serial", |b| {
            b.iter(|| {
                let yv = MemViewSliceMut::from_slice(&mut y, [N, N]).unwrap();
                Zip::from(yv).and(xv).for_each(|y, &x| *y += A * x);
            })
        });
        g.bench_function("memslice_par", |b| {
            b.iter(|| {
                let yv = MemViewSliceMut::from_slice(&mut y, [N, N]).unwrap();
                pool.install(|| Zip::from(yv).and(xv).par_for_each(|y, &x| *y += A * x));
            })
        });
        g.bench_function("raw_ptr", |b| {
            b.iter(|| {
                let (yp, xp) = (Ptr(y.as_mut_ptr()), Ptr(x.as_ptr().cast_mut()));
                bands(threads, N, |lo, n| {
                    for k in lo * N..(lo + n) * N {
                        // SAFETY: k is inside both arrays, in this band's rows only.
                        unsafe { *yp.get().add(k) += A * *xp.get().add(k) };
                    }
                });
            })
        });
        g.bench_function("ndarray_par", |b| {
            b.iter(|| {
                let mut ya = ArrayViewMut2::from_shape((N, N), &mut y[..]).unwrap();
                pool.install(|| par_azip!((y in &mut ya, &x in &xa) *y += A * x));
            })
        });
        g.finish();

        let mut g = c.benchmark_group(format!("par_stencil/threads={threads}"));
        g.bench_function("memslice_serial", |b| {
            b.iter(|| {
                let mut ov = MemViewSliceMut::from_slice(&mut out, [N, N]).unwrap();
                for (i, mut row) in interior(&mut ov).outer_iter_mut().enumerate() {
                    let rows = |k: usize| xv.index_axis(0, k as isize).as_slice().unwrap();
                    stencil_row(
                        row.as_mut_slice().unwrap(),
                        rows(i),
                        rows(i + 1),
                        rows(i + 2),
                    );
                }
            })
        });
        g.bench_function("memslice_par", |b| {
            b.iter(|| {
                let mut ov = MemViewSliceMut::from_slice(&mut out, [N, N]).unwrap();
                let mut inner = interior(&mut ov);
                pool.install(|| {
                    inner
                        .par_outer_iter_mut()
                        .enumerate()
                        .for_each(|(i, mut row)| {
                            let rows = |k: usize| xv.index_axis(0, k as isize).as_slice().unwrap();
                            stencil_row(
                                row.as_mut_slice().unwrap(),
                                rows(i),
                                rows(i + 1),
                                rows(i + 2),
                            );
                        })
                });
            })
        });
        g.bench_function("raw_ptr", |b| {
            b.iter(|| {
                let op = Ptr(out.as_mut_ptr());
                bands(threads, N - 2, |lo, n| {
                    for i in lo + 1..lo + n + 1 {
                        for j in 1..N - 1 {
                            let at = |di: usize, dj: usize| x[(i + di - 1) * N + j + dj - 1];
                            let v = at(0, 1) + at(2, 1) + at(1, 0) + at(1, 2) - 4.0 * at(1, 1);
                            // SAFETY: (i, j) is inside `out`, in this band's rows only.
                            unsafe { *op.get().add(i * N + j) = v };
                        }
                    }
                });
            })
        });
        g.bench_function("ndarray_par", |b| {
            b.iter(|| {
                let mut oa = ArrayViewMut2::from_shape((N, N), &mut out[..]).unwrap();
                let mut o = oa.slice_mut(ndarray::s![1..-1, 1..-1]);
                pool.install(|| {
                    par_azip!((o in &mut o,
                        &u in &xa.slice(ndarray::s![..-2, 1..-1]), &d in &xa.slice(ndarray::s![2.., 1..-1]),
                        &l in &xa.slice(ndarray::s![1..-1, ..-2]), &r in &xa.slice(ndarray::s![1..-1, 2..]),
                        &c in &xa.slice(ndarray::s![1..-1, 1..-1]))
                        *o = u + d + l + r - 4.0 * c)
                });
            })
        });
        g.finish();
    }
}

/// The interior `[1:-1, 1:-1]` of a square view, which the stencil writes.
fn interior<'b>(v: &'b mut MemViewSliceMut<'_, f64, 2>) -> MemViewSliceMut<'b, f64, 2> {
    v.reborrow().slice(s![1..-1, 1..-1])
}
