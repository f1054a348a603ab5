//! Copies between layouts, broadcasting by NumPy's rules, comparison, hashing and printing.

mod common;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use common::{Layout, config, flatten};
use memslice_core::layout::Order;
use memslice_core::{MemViewSlice, MemViewSliceMut, ViewError, s};
use proptest::prelude::*;

/// Two nested layouts of one shape: C, F, permuted, stepped, reversed, in any pairing.
fn layout_pair() -> impl Strategy<Value = (Layout, Layout)> {
    let order = || Just(vec![0_usize, 1, 2]).prop_shuffle();
    let steps = || {
        [
            (1_isize..3, any::<bool>()),
            (1_isize..3, any::<bool>()),
            (1_isize..3, any::<bool>()),
        ]
    };
    (
        [0_usize..5, 0_usize..5, 0_usize..5],
        order(),
        steps(),
        order(),
        steps(),
    )
        .prop_map(|(shape, o1, s1, o2, s2)| {
            let make = |order: &[usize], steps: [(isize, bool); 3]| {
                let mut strides = [0; 3];
                let mut span = 1;
                for &a in order {
                    let (step, back) = steps[a];
                    strides[a] = if back { -span * step } else { span * step };
                    span *= step * shape[a].max(1) as isize;
                }
                Layout::new(shape, strides, 1)
            };
            (make(&o1, s1), make(&o2, s2))
        })
}

proptest! {
    #![proptest_config(config())]

    /// `dst[...] = src` between any two layouts: every destination element gets the source
    /// element with the same index, and no other byte of the destination buffer changes.
    #[test]
    fn copy_from_any_layout_to_any_layout((src_l, dst_l) in layout_pair()) {
        let src_buf = src_l.buffer();
        let src = src_l.view(&src_buf);
        let mut dst_buf = vec![u32::MAX; dst_l.len];
        MemViewSliceMut::from_slice_strided(&mut dst_buf, dst_l.shape, dst_l.byte_strides(), dst_l.offset * 4)
            .unwrap()
            .copy_from(&src)
            .unwrap();
        let mut expect = vec![u32::MAX; dst_l.len];
        for (&d, &s) in dst_l.model().pos.iter().zip(&src_l.model().pos) {
            expect[d] = s as u32;
        }
        prop_assert_eq!(dst_buf, expect);
    }

    /// Equality ignores layout; hashing agrees with equality.
    #[test]
    fn equality_and_hash_ignore_layout((a_l, b_l) in layout_pair()) {
        let (a_buf, mut b_buf) = (a_l.buffer(), vec![0_u32; b_l.len]);
        let a = a_l.view(&a_buf);
        let mut b = MemViewSliceMut::from_slice_strided(&mut b_buf, b_l.shape, b_l.byte_strides(), b_l.offset * 4).unwrap();
        b.copy_from(&a).unwrap();
        prop_assert_eq!(a, b.view());
        prop_assert_eq!(&b, &a);
        let hash = |v: &MemViewSlice<'_, u32, 3>| { let mut h = DefaultHasher::new(); v.hash(&mut h); h.finish() };
        prop_assert_eq!(hash(&a), hash(&b.view()));
        if let Some(x) = b.iter_mut().next() {
            *x += 1;
            prop_assert_ne!(a, b.view());
        }
    }
}

#[test]
fn copy_errors_name_both_shapes() {
    let src = [0; 6];
    let mut dst = [0; 6];
    let mut m = MemViewSliceMut::from_slice(&mut dst, [3, 2]).unwrap();
    let err = m
        .copy_from(&MemViewSlice::from_slice(&src, [2, 3]).unwrap())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "shapes differ: destination [3, 2], source [2, 3]"
    );
    let err = m
        .assign(&MemViewSlice::from_slice(&src[..3], [3]).unwrap())
        .unwrap_err();
    assert_eq!(
        err,
        ViewError::BroadcastMismatch {
            from: vec![3].into(),
            to: vec![3, 2].into()
        }
    );
    let v = MemViewSlice::from_slice(&src, [6]).unwrap();
    assert!(matches!(
        v.copy_to_slice(&mut [0; 5], Order::C),
        Err(ViewError::ShapeMismatch { .. })
    ));
}

#[test]
fn broadcasting_follows_numpy() {
    let data: Vec<i32> = (0..6).collect();
    let col = MemViewSlice::from_slice(&data[..3], [3, 1]).unwrap();
    // np.broadcast_to(np.arange(3).reshape(3, 1), (2, 3, 4)): strides (0, 4, 0) for int32
    let b = col.broadcast_to([2, 3, 4]);
    assert_eq!(b.strides(), &[0, 4, 0]);
    assert_eq!(b.slice(s![1, 2, ..]).to_vec(), [2, 2, 2, 2]);
    // Same shape is a no-op; an axis of extent 0 can broadcast only to 0.
    assert_eq!(col.broadcast_to([3, 1]).to_vec(), [0, 1, 2]);
    let empty = MemViewSlice::from_slice(&data[..0], [0]).unwrap();
    assert_eq!(empty.broadcast_to([4, 0]).shape(), &[4, 0]);
    assert!(empty.try_broadcast_to([4, 1]).is_err());
    // Fewer axes than the source: refused.
    assert!(col.try_broadcast_to([3]).is_err());
    // x[:, :] = row, x[:] = column
    let mut out = [0; 12];
    let mut m = MemViewSliceMut::from_slice(&mut out, [3, 4]).unwrap();
    m.assign(&MemViewSlice::from_slice(&data[..4], [4]).unwrap())
        .unwrap();
    assert_eq!(m.to_vec(), [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
    m.assign(&col).unwrap();
    assert_eq!(m.to_vec(), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    // a scalar (0-d view) broadcasts everywhere
    let five = [5];
    m.assign(&MemViewSlice::<i32, 0>::from_slice(&five, []).unwrap())
        .unwrap();
    assert!(m.iter().all(|&x| x == 5));
}

#[test]
fn element_wise_kernels() {
    // y = 2 x + y on a strided destination, x broadcast along rows
    let x = [1.0, 2.0, 3.0];
    let mut y = [10.0_f64; 12];
    let mut ym = MemViewSliceMut::from_slice(&mut y, [3, 4]).unwrap();
    let mut cols = ym.reborrow().slice(s![.., ..;2]);
    let xv = MemViewSlice::from_slice(&x, [3, 1]).unwrap();
    cols.zip_mut_with(&xv, |y, &x| *y += 2.0 * x).unwrap();
    assert_eq!(
        y,
        [
            12.0, 10.0, 12.0, 10.0, 14.0, 10.0, 14.0, 10.0, 16.0, 10.0, 16.0, 10.0
        ]
    );
    let mut m = MemViewSliceMut::from_slice(&mut y, [12]).unwrap();
    m.reborrow().slice(s![..;-3]).fill(0.0);
    m.map_inplace(|v| *v *= 0.5);
    assert_eq!(
        y,
        [6.0, 5.0, 0.0, 5.0, 7.0, 0.0, 7.0, 5.0, 0.0, 5.0, 8.0, 0.0]
    );
}

#[test]
fn approximate_equality() {
    use approx::{assert_abs_diff_eq, assert_relative_eq, assert_ulps_eq};
    let a = [1.0_f64, 2.0, 3.0, 4.0];
    let b = [1.0 + 1e-12, 3.0, 2.0, 4.0 - 1e-12];
    let va = MemViewSlice::from_slice(&a, [2, 2]).unwrap();
    let vb = MemViewSlice::from_slice(&b, [2, 2]).unwrap().t();
    assert_abs_diff_eq!(va, vb, epsilon = 1e-9);
    assert_relative_eq!(va, vb, max_relative = 1e-9);
    assert_ulps_eq!(va, va);
    assert!(!approx::abs_diff_eq!(va, vb.t(), epsilon = 1e-9));
    let row = MemViewSlice::from_slice(&a, [1, 4]).unwrap();
    assert!(
        !approx::abs_diff_eq!(va, row, epsilon = 1.0),
        "different shapes are never equal"
    );
}

#[test]
fn debug_prints_like_numpy() {
    let data: Vec<i32> = (0..24).collect();
    let a = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap();
    assert_eq!(
        format!("{:?}", a.slice(s![.., 1.., ..;3])),
        "MemViewSlice([[[4, 7], [8, 11]], [[16, 19], [20, 23]]], shape=[2, 2, 2], strides=[48, 16, 12])"
    );
    let z = MemViewSlice::<i32, 0>::from_slice(&data[..1], []).unwrap();
    assert_eq!(format!("{z:?}"), "MemViewSlice(0, shape=[], strides=[])");
    let e = a.slice(s![.., 3..]);
    assert_eq!(
        format!("{e:?}"),
        "MemViewSlice([[], []], shape=[2, 0, 4], strides=[48, 16, 4])"
    );
    // More than 1000 elements: three at each end of every axis, as NumPy prints.
    let big: Vec<u16> = (0..2000).collect();
    let v = MemViewSlice::from_slice(&big, [2000]).unwrap();
    assert_eq!(
        format!("{v:?}"),
        "MemViewSlice([0, 1, 2, ..., 1997, 1998, 1999], shape=[2000], strides=[2])"
    );
    let m = MemViewSlice::from_slice(&big, [40, 50]).unwrap();
    let text = format!("{m:?}");
    assert!(text.starts_with(
        "MemViewSlice([[0, 1, 2, ..., 47, 48, 49], [50, 51, 52, ..., 97, 98, 99], [100,"
    ));
    assert!(text.contains("[100, 101, 102, ..., 147, 148, 149], ..., [1850, 1851, 1852,"));
    assert!(text.ends_with(
        "[1950, 1951, 1952, ..., 1997, 1998, 1999]], shape=[40, 50], strides=[100, 2])"
    ));
    // Formatting options reach the elements.
    let f = [1.0_f64, 2.5];
    let mut g = f;
    let fv = MemViewSliceMut::from_slice(&mut g, [2]).unwrap();
    assert_eq!(
        format!("{:.2?}", MemViewSlice::from_slice(&f, [2]).unwrap()),
        "MemViewSlice([1.00, 2.50], shape=[2], strides=[8])"
    );
    assert_eq!(
        format!("{fv:?}"),
        "MemViewSliceMut([1.0, 2.5], shape=[2], strides=[8])"
    );
    assert_eq!(flatten(&a.slice(s![0, 0])), [0, 1, 2, 3]);
}

/// Fuzzer finding: an empty view may have `usize::MAX` empty rows (shape `[usize::MAX, 0]` spans
/// no byte), and `Debug` printed every one of them, filling memory until the allocator gave up.
/// Past 1000 empty sub-arrays it now elides them as it elides elements.
#[test]
fn debug_of_an_empty_view_with_huge_extents_is_short() {
    let data = [0_u8; 4];
    let v = MemViewSlice::from_slice_strided(&data, [usize::MAX, 0], [1, 1], 0).unwrap();
    assert_eq!(
        format!("{v:?}"),
        "MemViewSlice([[], [], [], ..., [], [], []], shape=[18446744073709551615, 0], strides=[1, 1])"
    );
    // The fuzzer's sequence: a 4-d empty view transposed so that the huge extent is outside.
    let w = MemViewSlice::from_slice_strided(&data, [2, 0, usize::MAX, 3], [6, -2, 12, -2], 1)
        .unwrap()
        .t();
    assert!(format!("{w:?}").len() < 200);
    // Up to 1000 empty sub-arrays are printed in full, as before.
    let few = MemViewSlice::from_slice_strided(&data, [1000, 0], [1, 1], 0).unwrap();
    assert_eq!(format!("{few:?}").matches("[]").count(), 1000);
}
