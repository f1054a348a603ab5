//! Iterators against the odometer model: element order forwards, backwards and mixed (with
//! `fold` taking over part-way, since `fold` has its own row-wise path), sub-view iterators,
//! lanes, chunks and memory order.

mod common;

use std::collections::VecDeque;

use common::{any_layout, c_order_indices, config, flatten, nested_layout};
use memslice_core::{MemViewSlice, MemViewSliceMut, s};
use proptest::prelude::*;

fn pos(values: impl IntoIterator<Item = u32>) -> Vec<usize> {
    values.into_iter().map(|x| x as usize).collect()
}

proptest! {
    #![proptest_config(config())]

    /// `true` takes from the front, `false` from the back; after the steps, `fold` (through
    /// `for_each`) must yield exactly what is left, in order.
    #[test]
    fn mixed_ends_then_fold(layout in any_layout(), steps in prop::collection::vec(any::<bool>(), 0..20), flip in 0_usize..4) {
        let buf = layout.buffer();
        let v = layout.view(&buf);
        // Also walk the transposed and reversed forms, whose rows are strided.
        let (v, m) = match flip {
            0 => (v, layout.model()),
            1 => (v.t(), layout.model().permute(&[2, 1, 0])),
            2 => (v.reverse_axis(2), layout.model().reverse(2)),
            _ => (v.slice(s![.., ..;2, ..]), layout.model().slice_axis(1, None, None, 2)),
        };
        let mut model: VecDeque<usize> = m.pos.iter().copied().collect();
        let mut it = v.iter();
        prop_assert_eq!(it.len(), model.len());
        for front in steps {
            let (got, want) = if front { (it.next(), model.pop_front()) } else { (it.next_back(), model.pop_back()) };
            prop_assert_eq!(got.map(|&x| x as usize), want);
            prop_assert_eq!(it.size_hint(), (model.len(), Some(model.len())));
        }
        let mut rest = Vec::new();
        it.for_each(|&x| rest.push(x as usize));
        prop_assert_eq!(rest, Vec::from(model));
    }

    #[test]
    fn forwards_backwards_and_sum(layout in any_layout()) {
        let buf = layout.buffer();
        let v = layout.view(&buf);
        let m = layout.model();
        prop_assert_eq!(pos(v.iter().copied()), m.pos.clone());
        let mut back = pos(v.iter().rev().copied());
        back.reverse();
        prop_assert_eq!(back, m.pos.clone());
        prop_assert_eq!(v.iter().map(|&x| x as usize).sum::<usize>(), m.pos.iter().sum::<usize>());
        prop_assert_eq!(pos(v.to_vec()), m.pos.clone());
        let indexed: Vec<Vec<usize>> = v.indexed_iter().map(|(i, _)| i.to_vec()).collect();
        prop_assert_eq!(indexed, c_order_indices(v.shape()));
    }

    /// Writes through `iter_mut` (fold path) and `IterMut::next` (step path) land on the
    /// model's positions, each once.
    #[test]
    fn iter_mut_writes_each_element_once(layout in nested_layout(), by_next in any::<bool>()) {
        let mut buf = vec![u32::MAX; layout.len];
        let m = layout.model();
        {
            let mut v = MemViewSliceMut::from_slice_strided(&mut buf, layout.shape, layout.byte_strides(), layout.offset * 4).unwrap();
            let mut v = v.reborrow().t();
            if by_next {
                // A `for` loop drives `next`, not `fold`.
                for (k, x) in (0..).zip(v.iter_mut()) {
                    *x = k;
                }
            } else {
                v.iter_mut().enumerate().for_each(|(k, x)| *x = k as u32);
            }
        }
        let mut expect = vec![u32::MAX; layout.len];
        for (k, &p) in m.permute(&[2, 1, 0]).pos.iter().enumerate() {
            expect[p] = k as u32;
        }
        prop_assert_eq!(buf, expect);
    }

    #[test]
    fn axis_iter_lanes_and_chunks(layout in any_layout(), axis in 0_usize..3, size in 1_usize..4) {
        let buf = layout.buffer();
        let v = layout.view(&buf);
        let m = layout.model();
        let extent = v.shape()[axis];

        let subs: Vec<Vec<usize>> = v.axis_iter(axis).map(|w| pos(w.to_vec())).collect();
        let want: Vec<Vec<usize>> = (0..extent).map(|i| m.index_axis(axis, i as isize).unwrap().pos).collect();
        prop_assert_eq!(&subs, &want);
        let mut back: Vec<Vec<usize>> = v.axis_iter(axis).rev().map(|w| pos(w.to_vec())).collect();
        back.reverse();
        prop_assert_eq!(back, want);

        // Lanes: the model with `axis` moved last, cut into rows.
        let mut order = vec![0, 1, 2];
        order.remove(axis);
        order.push(axis);
        let moved = m.permute(&order);
        let lanes: Vec<usize> = v.lanes(axis).flat_map(|l| pos(l.to_vec())).collect();
        prop_assert_eq!(lanes, moved.pos.clone());
        let others: usize = v.shape().iter().enumerate().filter(|&(k, _)| k != axis).map(|(_, &e)| e).product();
        prop_assert_eq!(v.lanes(axis).len(), others);
        prop_assert!(v.lanes(axis).all(|l| l.shape() == &[extent]));

        // Chunks: consecutive ranges along the axis.
        let chunks: Vec<Vec<usize>> = v.axis_chunks(axis, size).map(|c| pos(c.to_vec())).collect();
        let want: Vec<Vec<usize>> = (0..extent).step_by(size)
            .map(|start| m.select(axis, &(start..(start + size).min(extent)).collect::<Vec<_>>()).pos)
            .collect();
        prop_assert_eq!(&chunks, &want);
        prop_assert_eq!(v.axis_chunks(axis, size).rev().count(), want.len());
    }

    /// Memory order visits every element once, and in increasing address order whenever the
    /// view is contiguous in some axis order.
    #[test]
    fn memory_order(layout in nested_layout(), flip in any::<bool>()) {
        let buf = layout.buffer();
        let v = layout.view(&buf);
        let v = if flip { v.t() } else { v };
        let got = pos(v.iter_memory_order().copied());
        let mut sorted = got.clone();
        sorted.sort_unstable();
        let mut want = pos(v.iter().copied());
        want.sort_unstable();
        prop_assert_eq!(&sorted, &want);
        let dense = sorted.windows(2).all(|w| w[1] == w[0] + 1);
        if dense {
            prop_assert_eq!(got, sorted);
        }
    }
}

#[test]
fn hand_worked_orders() {
    // a = np.arange(24).reshape(2, 3, 4)
    let data: Vec<i32> = (0..24).collect();
    let a = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap();
    // a.flatten(order="F")
    let f: Vec<i32> = (0..4)
        .flat_map(|k| (0..3).flat_map(move |j| (0..2).map(move |i| 12 * i + 4 * j + k)))
        .collect();
    assert_eq!(a.to_vec_in(memslice_core::layout::Order::F), f);
    assert_eq!(&f[..8], [0, 12, 4, 16, 8, 20, 1, 13]);
    // a[:, ::-1, ::2].flatten()
    assert_eq!(
        a.slice(s![.., ..;-1, ..;2]).to_vec(),
        [8, 10, 4, 6, 0, 2, 20, 22, 16, 18, 12, 14]
    );
    // a broadcast row: np.broadcast_to(a[0, 0], (2, 4)).flatten()
    let row = a.slice(s![0, 0]);
    assert_eq!(row.broadcast_to([2, 4]).to_vec(), [0, 1, 2, 3, 0, 1, 2, 3]);
    // 0-d and empty views
    let x = [7];
    let z = MemViewSlice::<i32, 0>::from_slice(&x, []).unwrap();
    assert_eq!(z.iter().collect::<Vec<_>>(), [&7]);
    assert_eq!(z.iter().rev().count(), 1);
    let e = a.slice(s![.., 3.., ..]);
    assert_eq!(e.iter().len(), 0);
    assert_eq!(e.iter().next_back(), None);
    assert_eq!(e.lanes(1).count(), 8);
    assert!(e.lanes(1).all(|l| l.is_empty()));
    assert_eq!(e.outer_iter().count(), 2);
    // rows of a matrix, outer_iter of a 3-d view
    let m = a.index_axis(0, 1);
    assert_eq!(m.rows().map(|r| r[[0]]).collect::<Vec<_>>(), [12, 16, 20]);
    assert_eq!(
        a.outer_iter().map(|p| p[[2, 3]]).collect::<Vec<_>>(),
        [11, 23]
    );
    // memory order of a reversed, transposed view is the memory order
    let t = a.t().reverse_axis(1);
    assert_eq!(t.iter_memory_order().copied().collect::<Vec<_>>(), data);
}

#[test]
fn mutable_axis_iterators_are_disjoint() {
    let mut data = vec![0_u32; 24];
    let mut m = MemViewSliceMut::from_slice(&mut data, [2, 3, 4]).unwrap();
    let mut lanes: Vec<_> = m.lanes_mut(1).collect();
    // Hold every lane at once: they must be disjoint for this to be sound (Miri checks it).
    for (k, lane) in lanes.iter_mut().enumerate() {
        for j in 0..3 {
            lane[[j]] += k as u32 * 10 + j as u32;
        }
    }
    drop(lanes);
    for (k, mut chunk) in m.axis_chunks_mut(2, 3).enumerate() {
        chunk.map_inplace(|x| *x += 1000 * k as u32);
    }
    let mut planes: Vec<_> = m.outer_iter_mut().collect();
    planes[1][[0, 0]] += 1;
    drop(planes);
    // lane k of axis 1 is a[i, :, l] with k = 4 i + l
    let view = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap();
    for ([i, j, l], &x) in view.indexed_iter() {
        let k = 4 * i + l;
        let chunk = l / 3;
        let extra = u32::from([i, j, l] == [1, 0, 0]);
        assert_eq!(
            x,
            (k * 10 + j) as u32 + 1000 * chunk as u32 + extra,
            "at {:?}",
            [i, j, l]
        );
    }
    assert_eq!(flatten(&view).len(), 24);
}
