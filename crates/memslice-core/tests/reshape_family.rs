//! `coalesce`, `try_squeeze` and `try_swap_axes` against naive models: the same elements (by
//! address), coalesced into as few axes as the layout allows.

use memslice_core::{MemViewSlice, MemViewSliceMut, ViewError, s};

/// The addresses a view reaches, sorted.
fn addresses<const N: usize>(v: MemViewSlice<'_, u32, N>) -> Vec<usize> {
    let mut a: Vec<usize> = v.iter().map(|x| x as *const u32 as usize).collect();
    a.sort_unstable();
    a
}

#[test]
fn coalesce_keeps_the_elements_and_merges_what_steps_contiguously() {
    let data: Vec<u32> = (0..120).collect();
    let base = MemViewSlice::from_slice(&data, [2, 3, 4, 5]).unwrap();
    // (view, extents left after coalescing that are not 1)
    let cases: Vec<(MemViewSlice<'_, u32, 4>, Vec<usize>)> = vec![
        (base, vec![120]),
        (base.permute_axes([3, 1, 0, 2]), vec![120]),
        (base.slice(s![..;-1, .., ..;-1, ..]), vec![120]),
        (base.slice(s![.., 1.., .., ..]), vec![2, 40]),
        (base.slice(s![.., .., .., ..;2]), vec![24, 3]),
        (
            base.slice(s![1..2, .., 2..3, ..])
                .permute_axes([3, 2, 1, 0]),
            vec![3, 5],
        ),
    ];
    for (v, extents) in cases {
        let c = v.coalesce();
        assert_eq!(
            addresses(c),
            addresses(v),
            "{:?} {:?}",
            v.shape(),
            v.strides()
        );
        let kept: Vec<usize> = c.shape().iter().copied().filter(|&e| e != 1).collect();
        assert_eq!(
            kept,
            extents,
            "{:?} {:?} -> {:?} {:?}",
            v.shape(),
            v.strides(),
            c.shape(),
            c.strides()
        );
        // The merged axes lead, and what is left runs in memory order, largest stride first.
        assert!(c.strides().windows(2).all(|w| w[0] >= w[1] || w[0] == 0));
    }
    let empty = base.slice(s![.., 3.., .., ..]);
    assert_eq!(empty.coalesce().shape(), empty.shape());
}

#[test]
fn squeeze_drops_extent_one_axes_and_names_a_wrong_rank() {
    let data: Vec<u32> = (0..12).collect();
    let v = MemViewSlice::from_slice(&data, [1, 3, 1, 4]).unwrap();
    let w = v.try_squeeze::<2>().unwrap();
    assert_eq!((w.shape(), w.strides()), (&[3, 4], &[16, 4]));
    assert_eq!(w.to_vec(), v.to_vec());
    let err = v.try_squeeze::<3>().unwrap_err();
    assert_eq!(
        err,
        ViewError::SqueezeRank {
            shape: vec![1, 3, 1, 4].into(),
            ndim: 3
        }
    );
    assert_eq!(
        err.to_string(),
        "shape [1, 3, 1, 4] does not squeeze to 3 axes: 2 of its extents are not 1"
    );
    let one = MemViewSlice::from_slice(&data[..1], [1, 1]).unwrap();
    assert_eq!(one.try_squeeze::<0>().unwrap()[[]], 0);
}

#[test]
fn swap_axes_is_a_transposition_of_two() {
    let mut data: Vec<u32> = (0..24).collect();
    let m = MemViewSliceMut::from_slice(&mut data, [2, 3, 4]).unwrap();
    let mut w = m.try_swap_axes(0, 2).unwrap();
    assert_eq!((w.shape(), w.strides()), (&[4, 3, 2], &[4, 16, 48]));
    w[[3, 2, 1]] = 99; // a[1, 2, 3]
    assert!(matches!(
        w.try_swap_axes(1, 3),
        Err(ViewError::AxisOutOfRange { axis: 3, ndim: 3 })
    ));
    assert_eq!(data[12 + 8 + 3], 99);
}

#[test]
fn reshape_errors_name_both_shapes() {
    let data: Vec<u32> = (0..12).collect();
    let v = MemViewSlice::from_slice(&data, [3, 4]).unwrap();
    let err = v.try_reshape([5, 2]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot reshape [3, 4] (12 elements) to [5, 2] (10 elements)"
    );
    let err = v.t().try_reshape([12]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot reshape shape [4, 3] with strides [4, 16] to [12] without a copy: the axes it \
         merges are not contiguous"
    );
    // A mutable view reshapes too, and writes land where the reshaped index says.
    let mut data: Vec<u32> = vec![0; 12];
    let mut m = MemViewSliceMut::from_slice(&mut data, [3, 4])
        .unwrap()
        .reshape([2, 2, 3]);
    m[[1, 0, 2]] = 7;
    assert_eq!(data[8], 7);
}

/// Windows against a naive model: every start, in C order, each window the sub-array there.
#[test]
fn windows_are_every_sub_array_of_their_size() {
    let data: Vec<u32> = (0..60).collect();
    let base = MemViewSlice::from_slice(&data, [3, 4, 5]).unwrap();
    for v in [
        base,
        base.slice(s![..;-1, .., 1..;2]),
        base.permute_axes([2, 0, 1]),
    ] {
        for size in [[1, 1, 1], [2, 3, 2], [3, 1, 3], [0, 2, 1], [4, 1, 1]] {
            let got: Vec<Vec<u32>> = v.windows(size).map(|w| w.to_vec()).collect();
            let mut want = Vec::new();
            let sh = *v.shape();
            for i in 0..(sh[0] + 1).saturating_sub(size[0]) {
                for j in 0..(sh[1] + 1).saturating_sub(size[1]) {
                    for k in 0..(sh[2] + 1).saturating_sub(size[2]) {
                        let mut w = Vec::new();
                        for a in 0..size[0] {
                            for b in 0..size[1] {
                                for c in 0..size[2] {
                                    w.push(v[[i + a, j + b, k + c]]);
                                }
                            }
                        }
                        want.push(w);
                    }
                }
            }
            assert_eq!(got, want, "{:?} {size:?}", v.shape());
            let back: Vec<Vec<u32>> = v.windows(size).rev().map(|w| w.to_vec()).collect();
            assert_eq!(back, want.iter().rev().cloned().collect::<Vec<_>>());
        }
    }
    // Empty windows of an empty view with huge extents are too many to count: a named error.
    let none: [u32; 0] = [];
    let huge = MemViewSlice::from_slice_strided(&none, [usize::MAX / 2, 0], [0, 0], 0).unwrap();
    assert!(matches!(
        huge.try_windows([0, 0]),
        Err(ViewError::Overflow { .. })
    ));
}

#[test]
#[cfg(feature = "rayon")]
fn parallel_windows_are_the_serial_ones() {
    use rayon::prelude::*;
    let data: Vec<u32> = (0..240).collect();
    let v = MemViewSlice::from_slice(&data, [12, 20])
        .unwrap()
        .slice(s![.., ..;-1]);
    let serial: Vec<Vec<u32>> = v.windows([3, 4]).map(|w| w.to_vec()).collect();
    let parallel: Vec<Vec<u32>> = v.par_windows([3, 4]).map(|w| w.to_vec()).collect();
    assert_eq!(serial, parallel);
}

/// merge_axes against its rule: where `take` steps over whole runs of `into`, the merged axis
/// reaches the same elements in the same order; elsewhere a named error.
#[test]
fn merge_axes_joins_exactly_the_axes_that_step_as_one() {
    let data: Vec<u32> = (0..24).collect();
    let v = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap();
    let m = v.try_merge_axes(1, 2).unwrap();
    assert_eq!((m.shape(), m.to_vec()), (&[2, 1, 12], v.to_vec()));
    let t = v.permute_axes([2, 1, 0]); // strides [4, 16, 48]
    let mt = t.try_merge_axes(2, 1).unwrap(); // 48 == 16 * 3
    assert_eq!(mt.shape(), &[4, 6, 1]);
    assert_eq!(addresses(mt), addresses(t));
    assert!(matches!(
        v.try_merge_axes(2, 1),
        Err(ViewError::ReshapeNeedsCopy { .. })
    ));
    assert!(matches!(
        v.slice(s![.., ..;2, ..]).try_merge_axes(1, 2),
        Err(ViewError::ReshapeNeedsCopy { .. })
    ));
    assert!(matches!(
        v.try_merge_axes(0, 3),
        Err(ViewError::AxisOutOfRange { axis: 3, ndim: 3 })
    ));
    // An axis of extent 1 on either side merges: the other one's layout carries over.
    let one = v.slice(s![.., 1..2, ..]);
    assert_eq!(one.try_merge_axes(1, 0).unwrap().shape(), &[2, 1, 4]);
    assert_eq!(one.try_merge_axes(0, 1).unwrap().to_vec(), one.to_vec());
}
