//! The pure layout functions against brute force over every index.

mod common;

use common::{c_order_indices, config, python_range};
use memslice_core::layout::{
    Order, byte_range, checked_size, contiguous_strides, is_c_contiguous, is_f_contiguous,
    is_injective, slice_indices,
};
use proptest::prelude::*;

/// Byte offsets of every index, in C order.
fn offsets(shape: &[usize], strides: &[isize]) -> Vec<i128> {
    c_order_indices(shape)
        .iter()
        .map(|i| {
            i.iter()
                .zip(strides)
                .map(|(&i, &s)| i as i128 * s as i128)
                .sum()
        })
        .collect()
}

fn layout(max_rank: usize, itemsize: isize) -> impl Strategy<Value = (Vec<usize>, Vec<isize>)> {
    (0..=max_rank).prop_flat_map(move |rank| {
        (
            prop::collection::vec(0_usize..5, rank),
            prop::collection::vec((-4_isize..=12).prop_map(move |s| s * itemsize), rank),
        )
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn slice_indices_match_python(
        len in 0_usize..20,
        start in prop::option::of(-30_isize..30),
        stop in prop::option::of(-30_isize..30),
        step in prop_oneof![-7_isize..0, 1_isize..8],
    ) {
        let r = slice_indices(len, start, stop, step).unwrap();
        let expect = python_range(len, start, stop, step);
        prop_assert_eq!(r.len, expect.len());
        for (k, &i) in expect.iter().enumerate() {
            prop_assert_eq!(r.start + k as isize * r.step, i as isize);
        }
    }

    /// C-contiguous means: the k-th element in C order sits k·itemsize bytes after the first.
    #[test]
    fn contiguity_matches_brute_force((shape, strides) in layout(4, 4)) {
        let offs = offsets(&shape, &strides);
        let c = offs.iter().enumerate().all(|(k, &o)| o == 4 * k as i128);
        prop_assert_eq!(is_c_contiguous(&shape, &strides, 4), c);
        let (rshape, rstrides): (Vec<_>, Vec<_>) =
            shape.iter().rev().zip(strides.iter().rev()).map(|(&e, &s)| (e, s)).unzip();
        let f = offsets(&rshape, &rstrides).iter().enumerate().all(|(k, &o)| o == 4 * k as i128);
        prop_assert_eq!(is_f_contiguous(&shape, &strides, 4), f);
    }

    /// `true` must be a proof: distinct indices reach disjoint element bytes.
    #[test]
    fn injectivity_is_sound((shape, strides) in layout(4, 8)) {
        if is_injective(&shape, &strides, 8) {
            let mut offs = offsets(&shape, &strides);
            offs.sort_unstable();
            prop_assert!(offs.windows(2).all(|w| w[1] - w[0] >= 8), "{offs:?}");
        }
    }

    /// Every nested layout (any axis order, steps, reversals) passes the injectivity check.
    #[test]
    fn nested_layouts_are_injective(
        shape in prop::collection::vec(0_usize..5, 0..5),
        steps in prop::collection::vec((1_isize..4, any::<bool>()), 5),
        order in Just((0_usize..5).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let rank = shape.len();
        let mut strides = vec![0_isize; rank];
        let mut span = 8_isize;
        for &a in order.iter().filter(|&&a| a < rank) {
            let (step, back) = steps[a];
            strides[a] = if back { -span * step } else { span * step };
            span *= step * shape[a].max(1) as isize;
        }
        prop_assert!(is_injective(&shape, &strides, 8), "{shape:?} {strides:?}");
    }

    #[test]
    fn byte_range_matches_brute_force((shape, strides) in layout(4, 2)) {
        let offs = offsets(&shape, &strides);
        if let (Some(&lo), Some(&hi)) = (offs.iter().min(), offs.iter().max()) {
            let (low, high) = byte_range(&shape, &strides).unwrap();
            prop_assert_eq!((low as i128, high as i128), (lo, hi));
        }
    }

    #[test]
    fn checked_size_matches_wide_product(shape in prop::collection::vec(prop_oneof![0_usize..4, Just(usize::MAX / 3), Just(1 << 40)], 0..4)) {
        let wide = shape.iter().fold(1_u128, |acc, &e| acc.saturating_mul(e as u128));
        let fits = wide <= isize::MAX as u128;
        prop_assert_eq!(checked_size(&shape), fits.then_some(wide as usize));
    }

    #[test]
    fn contiguous_strides_are_contiguous(shape in prop::collection::vec(0_usize..5, 0..5)) {
        let c = contiguous_strides(&shape, 4, Order::C).unwrap();
        let f = contiguous_strides(&shape, 4, Order::F).unwrap();
        prop_assert!(is_c_contiguous(&shape, &c, 4));
        prop_assert!(is_f_contiguous(&shape, &f, 4));
        prop_assert!(is_injective(&shape, &c, 4) && is_injective(&shape, &f, 4));
    }
}

#[test]
fn contiguity_of_written_down_cases() {
    // CPython: extent-1 strides ignored, empty views contiguous, negative strides never.
    assert!(is_c_contiguous(&[3, 1], &[8, 12345], 8));
    assert!(is_f_contiguous(&[3, 1], &[8, -1], 8));
    assert!(is_c_contiguous(&[2, 0, 3], &[-1, -1, -1], 8));
    assert!(!is_c_contiguous(&[2], &[-8], 8));
    assert!(is_c_contiguous(&[], &[], 8) && is_f_contiguous(&[], &[], 8));
    assert!(is_c_contiguous(&[1, 1], &[0, 0], 8) && is_f_contiguous(&[1, 1], &[0, 0], 8));
    // A 1-d contiguous array is both.
    assert!(is_c_contiguous(&[5], &[8], 8) && is_f_contiguous(&[5], &[8], 8));
}
