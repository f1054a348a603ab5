//! Parallel iteration: every split point of every producer (rayon's own habit, from its
//! `tests/producer_split_at.rs`), parallel results against serial ones, and mutable parallel
//! writes that touch every element exactly once.
#![cfg(feature = "rayon")]

mod common;

use common::{config, nested_layout};
use memslice_core::slicing::{Rank, RankDown};
use memslice_core::{MemViewSlice, MemViewSliceMut, Zip, s};
use proptest::prelude::*;
use rayon::iter::plumbing::{Producer, ProducerCallback};
use rayon::prelude::*;

/// Splits a producer at `at` and collects both halves, forwards or backwards.
struct Split {
    at: usize,
    rev: bool,
}

impl<T> ProducerCallback<T> for Split {
    type Output = (Vec<T>, Vec<T>);
    fn callback<P: Producer<Item = T>>(self, producer: P) -> (Vec<T>, Vec<T>) {
        let (left, right) = producer.split_at(self.at);
        if self.rev {
            (
                left.into_iter().rev().collect(),
                right.into_iter().rev().collect(),
            )
        } else {
            (left.into_iter().collect(), right.into_iter().collect())
        }
    }
}

/// For every split point, forwards and backwards, the halves are what the serial order says.
fn check_splits<I, V, F>(make: impl Fn() -> I, key: F, serial: &[V])
where
    I: IndexedParallelIterator,
    V: PartialEq + std::fmt::Debug + Clone,
    F: Fn(I::Item) -> V,
{
    assert_eq!(make().len(), serial.len());
    for at in 0..=serial.len() {
        for rev in [false, true] {
            let (l, r) = make().with_producer(Split { at, rev });
            let (mut l, mut r): (Vec<V>, Vec<V>) = (
                l.into_iter().map(&key).collect(),
                r.into_iter().map(&key).collect(),
            );
            if rev {
                l.reverse();
                r.reverse();
            }
            assert_eq!(l, serial[..at], "left half at {at} (rev {rev})");
            assert_eq!(r, serial[at..], "right half at {at} (rev {rev})");
        }
    }
}

fn check_view<const N: usize, const M: usize>(v: MemViewSlice<'_, u32, N>)
where
    Rank<N>: RankDown<Down = Rank<M>>,
{
    let serial: Vec<u32> = v.iter().copied().collect();
    check_splits(|| v.par_iter(), |x| *x, &serial);
    for axis in 0..N {
        let subs: Vec<Vec<u32>> = v.axis_iter(axis).map(|w| w.to_vec()).collect();
        check_splits(|| v.par_axis_iter(axis), |w| w.to_vec(), &subs);
        for size in 1..4 {
            let chunks: Vec<Vec<u32>> = v.axis_chunks(axis, size).map(|w| w.to_vec()).collect();
            check_splits(|| v.par_axis_chunks(axis, size), |w| w.to_vec(), &chunks);
        }
    }
    // Mutable producers hand out the same addresses as the serial iterator.
    let mut copy = v.to_vec();
    let mut m = MemViewSliceMut::from_slice(&mut copy, *v.shape()).unwrap();
    let addrs: Vec<usize> = m.iter_mut().map(|x| x as *mut u32 as usize).collect();
    check_splits(|| m.view().par_iter(), |x| x as *const u32 as usize, &addrs);
    let mut m2 = MemViewSliceMut::from_slice(&mut copy, *v.shape()).unwrap();
    let len = m2.iter_mut().len();
    for at in 0..=len {
        let (l, r) = m2.par_iter_mut().with_producer(Split { at, rev: false });
        let got: Vec<usize> = l
            .into_iter()
            .chain(r)
            .map(|x| x as *mut u32 as usize)
            .collect();
        assert_eq!(got, addrs);
    }
}

#[test]
fn every_split_point_of_every_producer() {
    let buf: Vec<u32> = (0..96).collect();
    let a = MemViewSlice::from_slice(&buf, [96]).unwrap();
    check_view(a.slice(s![..7]));
    check_view(a.slice(s![..;-5]));
    check_view(a.slice(s![..0]));
    let b = MemViewSlice::from_slice(&buf[..12], [3, 4]).unwrap();
    check_view(b);
    check_view(b.t());
    check_view(b.slice(s![.., ..0]));
    check_view(b.slice(s![1..2, ..;-2]));
    let c = MemViewSlice::from_slice(&buf[..6], [2, 1, 3]).unwrap();
    check_view(c);
    check_view(c.permute_axes([2, 0, 1]));
    let d = MemViewSlice::from_slice(&buf[..24], [2, 3, 1, 4]).unwrap();
    check_view(d.reverse_axis(1).slice(s![.., .., .., ..;3]));
    check_view(MemViewSlice::from_slice(&buf[..0], [3, 0, 2, 1]).unwrap());
}

proptest! {
    #![proptest_config(config())]

    /// Parallel reductions equal serial ones (exactly: integers), whatever the grain.
    #[test]
    #[cfg_attr(miri, ignore = "starts rayon's thread pool, whose crossbeam-epoch deque Stacked Borrows flags (outside memslice)")]
    fn reductions_match_serial(layout in nested_layout(), grain in 1_usize..8) {
        let buf: Vec<u64> = (0..layout.len as u64).map(|x| x * 7 % 13).collect();
        // The layout is in elements; u64 elements are 8 bytes.
        let v = MemViewSlice::from_slice_strided(&buf, layout.shape, layout.strides.map(|s| s * 8), layout.offset * 8).unwrap();
        let serial: Vec<u64> = v.iter().copied().collect();
        prop_assert_eq!(v.par_iter().with_grain(grain).copied().collect::<Vec<_>>(), serial.clone());
        prop_assert_eq!(v.par_sum(), serial.iter().sum::<u64>());
        prop_assert_eq!(v.par_min(), serial.iter().copied().min());
        prop_assert_eq!(v.par_max(), serial.iter().copied().max());
        let t = v.t();
        let dot: u64 = serial.iter().zip(t.t().iter()).map(|(a, b)| a * b).sum();
        prop_assert_eq!(v.par_dot(&t.t()).unwrap(), dot);
        let zipped = Zip::from(v).and(t.t()).with_grain(grain).par_fold(|| 0, |acc, &a, &b| acc + a * b, |x, y| x + y);
        prop_assert_eq!(zipped, dot);
    }

    /// Every element of a mutable view is written exactly once by each parallel form, and
    /// nothing outside it is touched.
    #[test]
    #[cfg_attr(miri, ignore = "starts rayon's thread pool, whose crossbeam-epoch deque Stacked Borrows flags (outside memslice)")]
    fn parallel_writes_touch_each_element_once(layout in nested_layout(), grain in 1_usize..8) {
        let mut buf = vec![0_u32; layout.len];
        let inside: Vec<usize> = layout.model().pos;
        {
            let mut m = MemViewSliceMut::from_slice_strided(&mut buf, layout.shape, layout.byte_strides(), layout.offset * 4).unwrap();
            m.par_iter_mut().with_grain(grain).for_each(|x| *x += 1);
            m.par_outer_iter_mut().for_each(|mut p| p.map_inplace(|x| *x += 10));
            m.par_axis_iter_mut(2).for_each(|mut p| p.map_inplace(|x| *x += 100));
            m.par_axis_chunks_mut(1, 2).for_each(|mut p| p.map_inplace(|x| *x += 1000));
            Zip::from(m.reborrow()).with_grain(grain).par_for_each(|x| *x += 10_000);
        }
        let mut expect = vec![0_u32; layout.len];
        for &p in &inside {
            expect[p] = 11_111;
        }
        prop_assert_eq!(buf, expect);
    }
}

#[test]
#[cfg_attr(
    miri,
    ignore = "starts rayon's thread pool, whose crossbeam-epoch deque Stacked Borrows flags (outside memslice)"
)]
fn float_reductions_match_serial_closely() {
    let data: Vec<f64> = (0..10_000).map(|k| (k as f64 * 0.37).sin()).collect();
    let v = MemViewSlice::from_slice(&data, [100, 100]).unwrap().t();
    let serial: f64 = v.iter().sum();
    approx::assert_relative_eq!(v.par_sum(), serial, max_relative = 1e-12);
    approx::assert_relative_eq!(
        v.par_dot(&v).unwrap(),
        v.iter().map(|x| x * x).sum::<f64>(),
        max_relative = 1e-12
    );
    let with_nan = [1.0, f64::NAN, -3.0];
    let w = MemViewSlice::from_slice(&with_nan, [3]).unwrap();
    assert_eq!((w.par_min(), w.par_max()), (Some(-3.0), Some(1.0)));
    let all_nan = [f64::NAN; 2];
    assert!(
        MemViewSlice::from_slice(&all_nan, [2])
            .unwrap()
            .par_min()
            .unwrap()
            .is_nan()
    );
    assert_eq!(
        MemViewSlice::from_slice(&data[..0], [0]).unwrap().par_max(),
        None
    );
}

#[test]
fn zip_checks_shapes_and_walks_in_lock_step() {
    let a: Vec<i32> = (0..6).collect();
    let mut out = [0; 6];
    let va = MemViewSlice::from_slice(&a, [2, 3]).unwrap();
    let err = Zip::from(va).try_and(va.t()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "shapes differ: destination [2, 3], source [3, 2]"
    );
    let o = MemViewSliceMut::from_slice(&mut out, [3, 2]).unwrap();
    // out = a.T + 10 * a.T[::-1] with four parts: out, a.T, a.T[::-1], and a broadcast scalar.
    let ten = [10];
    let tens = MemViewSlice::<i32, 0>::from_slice(&ten, [])
        .unwrap()
        .broadcast_to([3, 2]);
    Zip::from(o)
        .and(va.t())
        .and(va.t().reverse_axis(0))
        .and(tens)
        .for_each(|o, &x, &y, &k| *o = x + k * y);
    // a.T = [[0, 3], [1, 4], [2, 5]], reversed rows = [[2, 5], [1, 4], [0, 3]]
    assert_eq!(out, [20, 53, 11, 44, 2, 35]);
    // fold visits in C order
    let order = Zip::from(va.t()).fold(Vec::new(), |mut acc, &x| {
        acc.push(x);
        acc
    });
    assert_eq!(order, [0, 3, 1, 4, 2, 5]);
}

/// The 5-point stencil as one Zip of six views (out, up, down, left, right, centre) over the
/// interior, against the naive double loop; serially, and in parallel outside Miri.
#[test]
fn six_view_zips_run_a_stencil_in_one_pass() {
    let (rows, cols) = (7, 9);
    let u: Vec<i64> = (0..rows * cols).map(|k| (k * k % 17) as i64).collect();
    let mut naive = vec![0_i64; rows * cols];
    for i in 1..rows - 1 {
        for j in 1..cols - 1 {
            naive[i * cols + j] = u[(i - 1) * cols + j]
                + u[(i + 1) * cols + j]
                + u[i * cols + j - 1]
                + u[i * cols + j + 1]
                - 4 * u[i * cols + j];
        }
    }
    let v = MemViewSlice::from_slice(&u, [rows, cols]).unwrap();
    let stencil = |out: &mut Vec<i64>, parallel: bool| {
        let mut o = MemViewSliceMut::from_slice(out, [rows, cols]).unwrap();
        let zip = Zip::from(o.reborrow().slice(s![1..-1, 1..-1]))
            .and(v.slice(s![..-2, 1..-1]))
            .and(v.slice(s![2.., 1..-1]))
            .and(v.slice(s![1..-1, ..-2]))
            .and(v.slice(s![1..-1, 2..]))
            .and(v.slice(s![1..-1, 1..-1]));
        let f = |o: &mut i64, &n: &i64, &s: &i64, &w: &i64, &e: &i64, &c: &i64| {
            *o = n + s + w + e - 4 * c
        };
        if parallel {
            zip.with_grain(2).par_for_each(f);
        } else {
            zip.for_each(f);
        }
    };
    let mut out = vec![0_i64; rows * cols];
    stencil(&mut out, false);
    assert_eq!(out, naive);
    if !cfg!(miri) {
        // rayon's pool trips Stacked Borrows inside crossbeam, not memslice.
        let mut out = vec![0_i64; rows * cols];
        stencil(&mut out, true);
        assert_eq!(out, naive);
    }
}

/// Fuzzer finding: an empty view may have extents whose product overflows on its own (shape
/// `[usize::MAX, 2, 0]` spans no byte), and the parallel walks multiplied them: `par_iter`'s
/// producer in a `debug_assert!` of its range, `Zip::par_fold` to size its blocks. Debug builds
/// panicked with "attempt to multiply with overflow".
#[test]
#[cfg_attr(
    miri,
    ignore = "starts rayon's thread pool, whose crossbeam-epoch deque Stacked Borrows flags (outside memslice)"
)]
fn parallel_walks_of_empty_views_with_huge_extents() {
    let mut data = [7_u32; 4];
    let v = MemViewSlice::from_slice_strided(&data, [usize::MAX, 2, 0], [4, 4, 4], 0).unwrap();
    assert_eq!(v.par_iter().with_grain(1).count(), 0);
    assert_eq!(v.par_iter().copied().collect::<Vec<u32>>(), []);
    let sum = Zip::from(v).par_fold(|| 0_u32, |acc, &x| acc + x, |a, b| a + b);
    assert_eq!(sum, 0);
    let mut m =
        MemViewSliceMut::from_slice_strided(&mut data, [2, usize::MAX, 0], [4, 4, 4], 0).unwrap();
    m.par_iter_mut().for_each(|x| *x = 0);
    Zip::from(m).par_for_each(|x| *x = 0);
    assert_eq!(data, [7; 4]);
}
