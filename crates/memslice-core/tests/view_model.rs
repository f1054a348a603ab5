//! Views against the naive model: random layouts, random sequences of sub-view operations, and
//! every element compared with the position the model computes by selecting indices.

mod common;

use common::{Model, any_layout, c_order_indices, config, flatten, nested_layout};
use memslice_core::{MemViewSlice, MemViewSliceMut, Slice, s};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Slice(usize, Option<isize>, Option<isize>, isize),
    Reverse(usize),
    Permute([usize; 3]),
    Transpose,
    Split(usize, usize, bool),
}

fn op() -> impl Strategy<Value = Op> {
    let bound = prop::option::of(-7_isize..7);
    prop_oneof![
        (
            0_usize..3,
            bound.clone(),
            bound,
            prop_oneof![-3_isize..0, 1_isize..4]
        )
            .prop_map(|(a, b, e, s)| Op::Slice(a, b, e, s)),
        (0_usize..3).prop_map(Op::Reverse),
        Just(vec![0_usize, 1, 2])
            .prop_shuffle()
            .prop_map(|p| Op::Permute([p[0], p[1], p[2]])),
        Just(Op::Transpose),
        (0_usize..3, 0_usize..6, any::<bool>()).prop_map(|(a, i, l)| Op::Split(a, i, l)),
    ]
}

/// Applies `op` to the model; split points are clamped to the axis so every op is valid.
fn model_op(m: &Model, op: &Op) -> Model {
    match *op {
        Op::Slice(a, b, e, s) => m.slice_axis(a, b, e, s),
        Op::Reverse(a) => m.reverse(a),
        Op::Permute(p) => m.permute(&p),
        Op::Transpose => m.permute(&[2, 1, 0]),
        Op::Split(a, i, left) => {
            let (l, r) = m.split(a, i.min(m.shape[a]));
            if left { l } else { r }
        }
    }
}

macro_rules! view_op {
    ($v:expr, $op:expr) => {{
        let v = $v;
        match *$op {
            Op::Slice(a, b, e, s) => v.slice_axis(a, Slice::new(b, e, s)),
            Op::Reverse(a) => v.reverse_axis(a),
            Op::Permute(p) => v.permute_axes(p),
            Op::Transpose => v.t(),
            Op::Split(a, i, left) => {
                let i = i.min(v.shape()[a]);
                let (l, r) = v.split_at(a, i);
                if left { l } else { r }
            }
        }
    }};
}

/// Buffers hold their own positions, so a view's values are the positions it reaches.
fn positions(values: Vec<u32>) -> Vec<usize> {
    values.into_iter().map(|x| x as usize).collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn shared_views_follow_the_model(layout in any_layout(), ops in prop::collection::vec(op(), 0..5)) {
        let buf: Vec<u32> = (0..layout.len as u32).collect();
        let mut v = MemViewSlice::from_slice_strided(&buf, layout.shape, layout.byte_strides(), layout.offset * 4).unwrap();
        let mut m = layout.model();
        prop_assert_eq!(positions(flatten(&v)), m.pos.clone());
        for op in &ops {
            v = view_op!(v, op);
            m = model_op(&m, op);
            prop_assert_eq!(&v.shape()[..], &m.shape[..]);
            prop_assert_eq!(positions(flatten(&v)), m.pos.clone());
            prop_assert_eq!(v.is_c_contiguous(), m.pos.iter().enumerate().all(|(k, &p)| p == m.pos[0] + k) || m.pos.is_empty());
            if let Some(s) = v.as_slice() {
                prop_assert_eq!(s.iter().map(|&x| x as usize).collect::<Vec<_>>(), m.pos.clone());
            }
        }
    }

    /// Writes a distinct value through every index of a mutable sub-view: each must land on the
    /// model's position, and nothing else may change (so no two indices alias).
    #[test]
    fn mutable_views_write_where_the_model_says(layout in nested_layout(), ops in prop::collection::vec(op(), 0..5)) {
        let mut buf: Vec<u32> = vec![u32::MAX; layout.len];
        let mut m = layout.model();
        {
            let mut v = MemViewSliceMut::from_slice_strided(&mut buf, layout.shape, layout.byte_strides(), layout.offset * 4).unwrap();
            for op in &ops {
                v = view_op!(v, op);
                m = model_op(&m, op);
            }
            for (k, idx) in c_order_indices(v.shape()).into_iter().enumerate() {
                v[<[usize; 3]>::try_from(idx).unwrap()] = k as u32;
            }
        }
        let mut expect = vec![u32::MAX; layout.len];
        for (k, &p) in m.pos.iter().enumerate() {
            prop_assert_eq!(expect[p], u32::MAX, "position {} written twice", p);
            expect[p] = k as u32;
        }
        prop_assert_eq!(buf, expect);
    }

    #[test]
    fn index_axis_follows_the_model(layout in any_layout(), axis in 0_usize..3, index in -6_isize..6) {
        let buf: Vec<u32> = (0..layout.len as u32).collect();
        let v = MemViewSlice::from_slice_strided(&buf, layout.shape, layout.byte_strides(), layout.offset * 4).unwrap();
        match (v.try_index_axis(axis, index), layout.model().index_axis(axis, index)) {
            (Ok(w), Some(m)) => {
                prop_assert_eq!(&w.shape()[..], &m.shape[..]);
                prop_assert_eq!(positions(flatten(&w)), m.pos);
            }
            (Err(_), None) => {}
            (w, m) => prop_assert!(false, "view {:?} but model {:?}", w, m),
        }
    }

    #[test]
    fn insert_axis_follows_the_model(layout in any_layout(), axis in 0_usize..4) {
        let buf: Vec<u32> = (0..layout.len as u32).collect();
        let v = MemViewSlice::from_slice_strided(&buf, layout.shape, layout.byte_strides(), layout.offset * 4).unwrap();
        let w = v.insert_axis(axis);
        let m = layout.model().insert_axis(axis);
        prop_assert_eq!(&w.shape()[..], &m.shape[..]);
        prop_assert_eq!(positions(flatten(&w)), m.pos);
    }

    /// `s![..]` patterns mixing every kind of item, against the model applied step by step.
    #[test]
    fn slice_macro_follows_the_model(
        layout in any_layout(),
        (a, b) in (prop::option::of(-6_isize..6), prop::option::of(-6_isize..6)),
        step in prop_oneof![-3_isize..0, 1_isize..4],
        i in -4_isize..4,
    ) {
        let buf: Vec<u32> = (0..layout.len as u32).collect();
        let v = MemViewSlice::from_slice_strided(&buf, layout.shape, layout.byte_strides(), layout.offset * 4).unwrap();
        let m = layout.model();
        let sl = Slice::new(a, b, step);

        // a[a:b:step, i, None]
        let got = v.try_slice(s![sl, i, NewAxis]).ok();
        let want = m.slice_axis(0, a, b, step).index_axis(1, i).map(|m| m.insert_axis(1));
        prop_assert_eq!(got.map(|w| (w.shape().to_vec(), positions(flatten(&w)))), want.map(|m| (m.shape, m.pos)));

        // a[..., i]
        let got = v.try_slice(s![..., i]).ok();
        let want = m.index_axis(2, i);
        prop_assert_eq!(got.map(|w| (w.shape().to_vec(), positions(flatten(&w)))), want.map(|m| (m.shape, m.pos)));

        // a[None, ..., a:b:step]
        let w = v.slice(s![NewAxis, ..., sl]);
        let want = m.slice_axis(2, a, b, step).insert_axis(0);
        prop_assert_eq!((w.shape().to_vec(), positions(flatten(&w))), (want.shape, want.pos));

        // a[i, None, :, ::-1]
        let got = v.try_slice(s![i, NewAxis, .., ..;-1]).ok();
        let want = m.index_axis(0, i).map(|m| m.insert_axis(0).reverse(2));
        prop_assert_eq!(got.map(|w| (w.shape().to_vec(), positions(flatten(&w)))), want.map(|m| (m.shape, m.pos)));

        // a[a:b:step] (trailing axes implicit, as NumPy)
        let w = v.slice(s![sl]);
        let want = m.slice_axis(0, a, b, step);
        prop_assert_eq!((w.shape().to_vec(), positions(flatten(&w))), (want.shape, want.pos));
    }
}
