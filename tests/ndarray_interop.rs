//! Conversions to and from ndarray keep every element where it was: each is checked element by
//! element against ndarray's own indexing of the same memory, on reversed, transposed, stepped,
//! broadcast and empty views, both ways, shared and mutable.

use memslice::ViewError;
use memslice::{MemViewSlice, MemViewSliceMut, s};
use ndarray::{
    Array3, ArrayD, ArrayView1, ArrayView2, ArrayView3, ArrayViewD, ArrayViewMut2, ArrayViewMutD,
    Axis, IxDyn,
};

/// The same elements at the same addresses, by index.
fn same(v: MemViewSlice<'_, u32, 3>, a: &ArrayView3<'_, u32>) {
    assert_eq!(&v.shape()[..], a.shape());
    for (index, x) in v.indexed_iter() {
        assert!(std::ptr::eq(x, &a[index]), "element {index:?} moved");
    }
}

#[test]
fn shared_views_keep_their_elements_both_ways() {
    let data: Vec<u32> = (0..60).collect();
    let base = MemViewSlice::from_slice(&data, [3, 4, 5]).unwrap();
    let cases: Vec<MemViewSlice<'_, u32, 3>> = vec![
        base,
        base.slice(s![..;-1, .., ..]),
        base.slice(s![.., 1..;2, ..;-2]),
        base.permute_axes([2, 0, 1]),
        base.slice(s![1..1, .., ..]),
        base.slice(s![2.., ..1, 3]).slice(s![.., .., NewAxis]),
    ];
    for v in cases {
        let a: ArrayView3<'_, u32> = v.into();
        same(v, &a);
        let back = MemViewSlice::from(a);
        assert_eq!(back.shape(), v.shape());
        assert_eq!(back.to_vec(), v.to_vec());
        if !v.is_empty() {
            assert_eq!(back.as_ptr(), v.as_ptr());
        }
    }
}

#[test]
fn strides_come_out_in_each_side_s_units() {
    let data: Vec<u32> = (0..12).collect();
    let v = MemViewSlice::from_slice(&data, [3, 4])
        .unwrap()
        .slice(s![..;-1, ..;3]);
    assert_eq!(v.strides(), &[-16, 12]);
    let a: ArrayView2<'_, u32> = v.into();
    assert_eq!(a.strides(), &[-4, 3]);
    assert_eq!(a, ndarray::arr2(&[[8, 11], [4, 7], [0, 3]]));
    // ndarray's own reversed, stepped and transposed views come over unchanged.
    let nd = Array3::from_shape_fn((2, 3, 4), |(i, j, k)| (i * 100 + j * 10 + k) as u32);
    let t = nd.slice(ndarray::s![.., ..;-1, 1..;2]).reversed_axes();
    let m = MemViewSlice::from(t);
    assert_eq!(m.shape(), &[2, 3, 2]);
    assert_eq!(m.strides(), &[8, -16, 48]);
    for ((i, j, k), x) in t.indexed_iter() {
        assert_eq!(m[[i, j, k]], *x);
    }
    // A broadcast ndarray view (stride 0) is a shared memslice view with stride 0.
    let row = ArrayView1::from(&data[..4]);
    let b = row.broadcast((3, 4)).unwrap();
    let mb = MemViewSlice::from(b);
    assert_eq!(mb.strides(), &[0, 4]);
    assert_eq!(mb[[2, 3]], 3);
}

#[test]
fn empty_and_zero_dimensional_views() {
    let data = [7_u32];
    let v = MemViewSlice::from_slice(&data, []).unwrap();
    let a: ndarray::ArrayView0<'_, u32> = v.into();
    assert_eq!(a[()], 7);
    let empty: [u32; 0] = [];
    let e = MemViewSlice::from_slice(&empty, [0, 3]).unwrap();
    let ae: ArrayView2<'_, u32> = e.into();
    assert_eq!(ae.shape(), &[0, 3]);
    let back = MemViewSlice::from(ae);
    assert!(back.is_empty() && back.shape() == &[0, 3]);
    // An empty ndarray slice of a reversed axis comes over empty, not dangling off the end.
    let nd = ndarray::Array2::<u32>::zeros((2, 3));
    let sliced = nd.slice(ndarray::s![.., 3..;-1]);
    let m = MemViewSlice::from(sliced);
    assert_eq!((m.shape(), m.iter().count()), (&[2, 0], 0));
}

#[test]
fn mutable_views_write_where_the_other_side_reads() {
    let mut data: Vec<u32> = (0..12).collect();
    {
        let m = MemViewSliceMut::from_slice(&mut data, [3, 4]).unwrap();
        let mut a: ArrayViewMut2<'_, u32> = m.slice(s![..;-1, 1..;2]).into();
        a[[0, 0]] = 100; // memslice [2, 1]: element 9
        a.axis_iter_mut(Axis(1)).for_each(|mut col| col[2] += 1000); // rows 0, columns 1 and 3
        let mut back = MemViewSliceMut::from(a);
        back[[1, 1]] = 500; // memslice [1, 3]: element 7
    }
    let mut expect: Vec<u32> = (0..12).collect();
    expect[9] = 100;
    expect[1] += 1000;
    expect[3] += 1000;
    expect[7] = 500;
    assert_eq!(data, expect);
}

#[test]
fn dynamic_rank_views_keep_their_elements_at_every_rank() {
    // Rank 7 is past ndarray's fixed dimensions; rank 5 past the four extents IxDyn keeps
    // inline. Each view is reversed on its first axis and stepped on its last.
    fn check<const N: usize>(shape: [usize; N]) {
        let data: Vec<u32> = (0..shape.iter().product::<usize>() as u32).collect();
        let mut ops = [memslice::Slice::full(); N];
        ops[0] = memslice::Slice::full().with_step(-1);
        ops[N - 1] = memslice::Slice::full().with_step(2);
        let mut v = MemViewSlice::from_slice(&data, shape).unwrap();
        for (axis, op) in ops.into_iter().enumerate() {
            v = v.slice_axis(axis, op);
        }
        let a: ArrayViewD<'_, u32> = v.into();
        assert_eq!(a.shape(), &v.shape()[..]);
        for (index, x) in v.indexed_iter() {
            assert!(std::ptr::eq(x, &a[&index[..]]), "element {index:?} moved");
        }
        let back = MemViewSlice::<u32, N>::try_from(a).unwrap();
        assert_eq!((back.shape(), back.as_ptr()), (v.shape(), v.as_ptr()));
        // Axes of extent 1 are never stepped, and come back with stride 0.
        for k in 0..N {
            let want = if v.shape()[k] > 1 { v.strides()[k] } else { 0 };
            assert_eq!(back.strides()[k], want, "axis {k}");
        }
    }
    check([3, 2, 4]);
    check([2, 3, 2, 2, 3]);
    check([2, 1, 2, 3, 1, 2, 4]);
    let one = [5_u32];
    let a: ArrayViewD<'_, u32> = MemViewSlice::from_slice(&one, []).unwrap().into();
    assert_eq!((a.ndim(), a[&[][..]]), (0, 5));
}

#[test]
fn dynamic_rank_views_of_another_rank_are_refused_by_name() {
    let nd = ArrayD::<f64>::zeros(IxDyn(&[2, 3, 4]));
    let e = MemViewSlice::<f64, 2>::try_from(nd.view()).unwrap_err();
    assert_eq!(
        e,
        ViewError::RankMismatch {
            shape: vec![2, 3, 4].into(),
            ndim: 2
        }
    );
    assert_eq!(
        e.to_string(),
        "an array of shape [2, 3, 4] has 3 axes, not the 2 of the view"
    );
    let mut nd = nd;
    assert!(MemViewSliceMut::<f64, 4>::try_from(nd.view_mut()).is_err());
    // Mutable, both ways: a write through each side lands where the other reads.
    let mut m = MemViewSliceMut::<f64, 3>::try_from(nd.view_mut()).unwrap();
    m[[1, 2, 3]] = 4.0;
    let mut d: ArrayViewMutD<'_, f64> = m.slice(s![.., ..;-1, ..]).into();
    d[[0, 0, 0]] = 9.0; // (0, 2, 0) of the array
    assert_eq!((nd[[1, 2, 3]], nd[[0, 2, 0]]), (4.0, 9.0));
}
