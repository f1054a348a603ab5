//! Conversions to and from ndarray keep every element where it was: each is checked element by
//! element against ndarray's own indexing of the same memory, on reversed, transposed, stepped,
//! broadcast and empty views, both ways, shared and mutable.

use memslice::{MemViewSlice, MemViewSliceMut, s};
use ndarray::{Array3, ArrayView1, ArrayView2, ArrayView3, ArrayViewMut2, Axis};

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
