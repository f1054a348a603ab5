//! Slicing checked against NumPy's answers, written down by hand from
//! `a = np.arange(24).reshape(2, 3, 4)` (values, shapes and int32 strides as NumPy prints them).

mod common;

use common::flatten;
use memslice_core::{MemViewSlice, Slice, ViewError, s};

fn arange() -> Vec<i32> {
    (0..24).collect()
}

#[test]
fn numpy_cases() {
    let data = arange();
    let a = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap();

    // a[:, 1:, ::-2]
    let v = a.slice(s![.., 1.., ..;-2]);
    assert_eq!(v.shape(), &[2, 2, 2]);
    assert_eq!(v.strides(), &[48, 16, -8]);
    assert_eq!(flatten(&v), [7, 5, 11, 9, 19, 17, 23, 21]);

    // a[-1, ::2, 1:3]
    let v = a.slice(s![-1, ..;2, 1..3]);
    assert_eq!(v.shape(), &[2, 2]);
    assert_eq!(flatten(&v), [13, 14, 21, 22]);

    // a[..., -1]
    let v = a.slice(s![..., -1]);
    assert_eq!(v.shape(), &[2, 3]);
    assert_eq!(flatten(&v), [3, 7, 11, 15, 19, 23]);

    // a[0, None, :, -2:]
    let v = a.slice(s![0, NewAxis, .., -2..]);
    assert_eq!(v.shape(), &[1, 3, 2]);
    assert_eq!(flatten(&v), [2, 3, 6, 7, 10, 11]);

    // a[::-1, -100:100, 5:1:-1]: bounds clip, the step walks back
    let v = a.slice(s![..;-1, -100..100, 5..1;-1]);
    assert_eq!(v.shape(), &[2, 3, 2]);
    assert_eq!(flatten(&v), [15, 14, 19, 18, 23, 22, 3, 2, 7, 6, 11, 10]);

    // a[:, 3:, :] is empty
    let v = a.slice(s![.., 3.., ..]);
    assert_eq!(v.shape(), &[2, 0, 4]);
    assert!(v.is_empty());
    assert!(flatten(&v).is_empty());

    // a[1, 2:0:-1, None]
    let v = a.slice(s![1, 2..0;-1, NewAxis]);
    assert_eq!(v.shape(), &[2, 1, 4]);
    assert_eq!(flatten(&v), [20, 21, 22, 23, 16, 17, 18, 19]);

    // a.transpose(2, 0, 1)[1]
    let v = a.permute_axes([2, 0, 1]).index_axis(0, 1);
    assert_eq!(v.shape(), &[2, 3]);
    assert_eq!(flatten(&v), [1, 5, 9, 13, 17, 21]);

    // a[:, ::-1].T, strides as NumPy: (4, -16, 48) for int32
    let v = a.slice(s![.., ..;-1]).t();
    assert_eq!(v.shape(), &[4, 3, 2]);
    assert_eq!(v.strides(), &[4, -16, 48]);
    assert_eq!(
        flatten(&v),
        [
            8, 20, 4, 16, 0, 12, 9, 21, 5, 17, 1, 13, 10, 22, 6, 18, 2, 14, 11, 23, 7, 19, 3, 15
        ]
    );

    // a[None, ..., None]
    let v = a.slice(s![NewAxis, ..., NewAxis]);
    assert_eq!(v.shape(), &[1, 2, 3, 4, 1]);
    assert_eq!(flatten(&v), arange());

    // a[:, :, -5:-2]: a negative start before the beginning clips to 0
    let v = a.slice(s![.., .., -5..-2]);
    assert_eq!(v.shape(), &[2, 3, 2]);
    assert_eq!(flatten(&v), [0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21]);

    // a[1:, 1, -1::-3]
    let v = a.slice(s![1.., 1, -1..;-3]);
    assert_eq!(v.shape(), &[1, 2]);
    assert_eq!(flatten(&v), [19, 16]);

    // a[1] and a[:, ::-1] keep the trailing axes whole, as NumPy does
    assert_eq!(flatten(&a.slice(s![1])), (12..24).collect::<Vec<_>>());
    assert_eq!(a.slice(s![.., ..;-1]).shape(), &[2, 3, 4]);
    assert_eq!(a.slice(s![]).shape(), &[2, 3, 4]);

    // a[..., None] strides: (48, 16, 4, 0) for int32
    assert_eq!(a.slice(s![..., NewAxis]).strides(), &[48, 16, 4, 0]);
    // a.T strides: (4, 16, 48)
    assert_eq!(a.t().strides(), &[4, 16, 48]);
}

#[test]
fn inclusive_ranges_and_explicit_slices() {
    let data = arange();
    let a = MemViewSlice::from_slice(&data, [24]).unwrap();
    // a[2:5] == a[2..=4]; a[:] == a[..=-1]; a[-3:] == a[-3..=-1]
    assert_eq!(flatten(&a.slice(s![2..=4])), [2, 3, 4]);
    assert_eq!(flatten(&a.slice(s![..=-1])), arange());
    assert_eq!(flatten(&a.slice(s![-3..=-1])), [21, 22, 23]);
    // a[20::-7] through a `Slice` value
    assert_eq!(
        flatten(&a.slice(s![Slice::new(Some(20), None, -7)])),
        [20, 13, 6]
    );
    // usize and isize variables mix with literals
    let (lo, hi): (usize, usize) = (3, 6);
    let step: isize = 2;
    assert_eq!(flatten(&a.slice(s![lo..hi; step])), [3, 5]);
}

#[test]
fn one_axis_operations() {
    let data = arange();
    let a = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap();
    // a[:, :, 3:0:-2] with slice_axis
    let v = a.slice_axis(2, Slice::new(Some(3), Some(0), -2));
    assert_eq!(flatten(&v), [3, 1, 7, 5, 11, 9, 15, 13, 19, 17, 23, 21]);
    // np.flip(a, 1)
    assert_eq!(flatten(&a.reverse_axis(1))[..4], [8, 9, 10, 11]);
    // np.expand_dims(a, 1).shape == (2, 1, 3, 4)
    assert_eq!(a.insert_axis(1).shape(), &[2, 1, 3, 4]);
    assert_eq!(a.insert_axis(3).shape(), &[2, 3, 4, 1]);
    // a[:, -1] via index_axis
    assert_eq!(
        flatten(&a.index_axis(1, -1)),
        [8, 9, 10, 11, 20, 21, 22, 23]
    );
    // np.split at 1 along the last axis
    let (l, r) = a.split_at(2, 1);
    assert_eq!(flatten(&l), [0, 4, 8, 12, 16, 20]);
    assert_eq!(r.shape(), &[2, 3, 3]);
    let (l, r) = a.split_at(0, 2);
    assert_eq!((l.shape(), r.shape()), (&[2, 3, 4], &[0, 3, 4]));
}

#[test]
fn every_rank_up_to_eight() {
    let data: Vec<u8> = (0..=255).collect();
    let v8 = MemViewSlice::from_slice(&data, [2; 8]).unwrap();
    let v7 = v8.index_axis(7, 1);
    let v6 = v7.index_axis(0, 1);
    let v5 = v6.slice(s![..., 0]);
    let v4 = v5.slice(s![1, ...]);
    let v3 = v4.index_axis(1, 0);
    let v2 = v3.index_axis(2, -1);
    let v1 = v2.slice(s![1, ..]);
    let v0 = v1.index_axis(0, 1);
    // Fixed bits, most significant first: axis 0 = 1, 1 = 1, 2 = 1, 3 = 0, 4 = 1, 5 = 1, 6 = 0,
    // 7 = 1; element [i0..i7] of the C-order 2^8 view holds the number with those bits.
    assert_eq!(v0[[]], 0b1110_1101);
    assert_eq!(v0.shape(), &[]);
    let up: MemViewSlice<'_, u8, 8> = v0
        .insert_axis(0)
        .insert_axis(0)
        .insert_axis(2)
        .insert_axis(0)
        .slice(s![NewAxis, ..., NewAxis, NewAxis])
        .insert_axis(7);
    assert_eq!(up.shape(), &[1; 8]);
    assert_eq!(up[[0; 8]], 0b1110_1101);
}

#[test]
fn zero_dimensional_views() {
    let x = [42.5_f64];
    let v = MemViewSlice::<f64, 0>::from_slice(&x, []).unwrap();
    assert_eq!((v.ndim(), v.size(), v.len(), v.nbytes()), (0, 1, 1, 8));
    assert_eq!(v[[]], 42.5);
    assert_eq!(v.get([]), Some(&42.5));
    assert!(v.is_c_contiguous() && v.is_f_contiguous());
    assert_eq!(v.as_slice(), Some(&x[..]));
    assert_eq!(v.slice(s![NewAxis]).shape(), &[1]);
    assert_eq!(v.slice(s![...]).shape(), &[]);
}

#[test]
fn errors_name_the_axis_and_the_numbers() {
    let data = arange();
    let a = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap();
    assert_eq!(
        a.try_slice(s![.., 3, ..]).unwrap_err(),
        ViewError::IndexOutOfRange {
            axis: 1,
            index: 3,
            extent: 3
        }
    );
    assert_eq!(
        a.try_slice(s![.., -4, ..]).unwrap_err().to_string(),
        "index -4 is out of range for axis 1 of extent 3"
    );
    assert_eq!(
        a.try_slice(s![.., ..;0, ..]).unwrap_err(),
        ViewError::ZeroStep { axis: 1 }
    );
    assert_eq!(
        a.try_slice_axis(3, ..).unwrap_err(),
        ViewError::AxisOutOfRange { axis: 3, ndim: 3 }
    );
    assert_eq!(
        a.try_index_axis(0, 2).unwrap_err().to_string(),
        "index 2 is out of range for axis 0 of extent 2"
    );
    assert_eq!(
        a.try_insert_axis(4).unwrap_err(),
        ViewError::AxisOutOfRange { axis: 4, ndim: 4 }
    );
    assert_eq!(
        a.try_permute_axes([0, 2, 2]).unwrap_err().to_string(),
        "axes [0, 2, 2] are not a permutation of 0..3"
    );
    assert_eq!(
        a.try_split_at(2, 5).unwrap_err().to_string(),
        "split point 5 is beyond axis 2 of extent 4"
    );
    assert!(a.try_reverse_axis(9).is_err());
    // An index that would be in range on another axis still fails on its own.
    assert!(a.try_index_axis(2, 3).is_ok());
}

#[test]
#[should_panic(expected = "index 3 is out of bounds for axis 1 with extent 3 (shape [2, 3])")]
fn index_panics_with_index_and_shape() {
    let data = [0; 6];
    let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    let _ = v[[1, 3]];
}

#[test]
#[should_panic(expected = "slice step cannot be zero (axis 0)")]
fn panicking_forms_panic_with_the_error() {
    let data = [0; 6];
    let v = MemViewSlice::from_slice(&data, [6]).unwrap();
    let _ = v.slice(s![..;0]);
}

#[test]
fn wraparound_indexing() {
    let data = arange();
    let a = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap();
    assert_eq!(a.get_wraparound([-1, -1, -1]), Some(&23));
    assert_eq!(a.get_wraparound([-2, 0, -4]), Some(&0));
    assert_eq!(a.get_wraparound([-3, 0, 0]), None);
    assert_eq!(a.get_wraparound([0, 3, 0]), None);
    assert_eq!(a.get_wraparound([isize::MIN, 0, 0]), None);
}

/// `1..-1` is NumPy's `1:-1`; clippy's deny-by-default `reversed_empty_ranges` must not fire on
/// it in users' code (this file is linted with `-D warnings` in CI).
#[test]
fn negative_stops_are_not_empty_ranges() {
    let data: Vec<i32> = (0..16).collect();
    let a = MemViewSlice::from_slice(&data, [4, 4]).unwrap();
    let inner = a.slice(s![1..-1, 1..-1]);
    assert_eq!(inner.to_vec(), [5, 6, 9, 10]);
    assert_eq!(a.slice(s![-1..0;-1, 0]).to_vec(), [12, 8, 4]);
}

/// Fuzzer finding: a negative index on an axis longer than `isize::MAX` (which an empty view may
/// have) was refused as out of range, because the wrap-around added the extent in `isize`.
/// Python counts it from the end: index -8 of 2^64 - 1 is 2^64 - 9.
#[test]
fn negative_indices_wrap_on_axes_longer_than_isize_max() {
    let data = [0_u8; 2];
    let v = MemViewSlice::from_slice_strided(&data, [0, usize::MAX], [1, 1], 0).unwrap();
    let w = v.try_index_axis(1, -8).unwrap();
    assert_eq!(w.shape(), &[0]);
    assert!(v.try_index_axis(1, isize::MIN).is_ok());
    let got = v.try_slice(memslice_core::s![.., -1]).unwrap();
    assert_eq!(got.shape(), &[0]);
    assert!(v.try_index_axis(0, -1).is_err()); // extent 0: nothing to count back from
    let rows = [[1_u8, 2], [3, 4]];
    let table = memslice_core::RowTable::new(&rows).unwrap();
    assert_eq!(
        table.view().index_axis::<1>(0, -1).unwrap().to_vec(),
        [3, 4]
    );
}

/// Found by the operation model: `slice_indices` saturated axis lengths past `isize::MAX` (which
/// an empty view may have), so slicing such an axis gave the wrong extent: `a[::3]` of an axis
/// of 2^64 - 1 had 3074457345618258603 indices instead of 6148914691236517205.
#[test]
fn slices_of_axes_longer_than_isize_max_count_exactly() {
    use memslice_core::layout::slice_indices;
    let n = usize::MAX;
    assert_eq!(
        slice_indices(n, None, None, 3).unwrap().len,
        6148914691236517205
    );
    assert_eq!(slice_indices(n, Some(1), None, 1).unwrap().len, n - 1);
    assert_eq!(slice_indices(n, Some(-2), None, 1).unwrap().len, 2);
    assert_eq!(slice_indices(n, None, None, -1).unwrap().len, n);
    // CPython raises the step to -isize::MAX: three indices, n-1, n-1-(2^63-1) and 0.
    assert_eq!(slice_indices(n, None, None, isize::MIN).unwrap().len, 3);
    let data = [0_u8; 2];
    let v = MemViewSlice::from_slice_strided(&data, [n, 0], [1, 1], 0).unwrap();
    assert_eq!(v.slice(s![..;3, ..]).shape(), &[6148914691236517205, 0]);
    assert_eq!(
        v.slice_axis(0, Slice::new(None, Some(-1), -2)).shape(),
        &[0, 0]
    );
}

/// Fuzzer finding: reversing an axis of extent 2^63 (an empty view's; `a[::-2]` of an axis of
/// 2^64 - 1 has that many) computed its start as `extent as isize - 1`, which overflows, so
/// debug builds panicked in `reverse_axis` and in `iter_memory_order`, which reverses axes with
/// negative strides.
#[test]
fn reversing_an_axis_longer_than_isize_max() {
    let data = [0_u8; 2];
    let v = MemViewSlice::from_slice_strided(&data, [0, 1 << 63], [1, -1], 0).unwrap();
    assert_eq!(v.reverse_axis(1).shape(), &[0, 1 << 63]);
    assert_eq!(v.iter_memory_order().count(), 0);
    let w = MemViewSlice::from_slice_strided(&data, [0, usize::MAX], [1, 1], 0).unwrap();
    let stepped = w.slice(s![.., ..;-2]);
    assert_eq!(stepped.shape(), &[0, 1 << 63]);
    assert_eq!(stepped.reverse_axis(1).iter_memory_order().count(), 0);
}
