//! Construction from slices: what is accepted, what is refused, and what the errors say.

mod common;

use common::flatten;
use memslice_core::layout::Order;
use memslice_core::{MemViewSlice, MemViewSliceMut, ViewError};

#[test]
fn c_and_fortran_order() {
    let data: Vec<u32> = (0..6).collect();
    let c = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
    let f = MemViewSlice::from_slice_in(&data, [2, 3], Order::F).unwrap();
    assert_eq!(flatten(&c), [0, 1, 2, 3, 4, 5]);
    // np.arange(6).reshape(2, 3, order="F") == [[0, 2, 4], [1, 3, 5]]
    assert_eq!(flatten(&f), [0, 2, 4, 1, 3, 5]);
    assert_eq!((c.strides(), f.strides()), (&[12, 4], &[4, 8]));
    assert!(c.is_c_contiguous() && !c.is_f_contiguous());
    assert!(f.is_f_contiguous() && !f.is_c_contiguous());
    assert_eq!(f.t().as_slice(), Some(&data[..]));
}

#[test]
fn shape_mismatch_and_overflow() {
    let data = [0_u64; 6];
    assert_eq!(
        MemViewSlice::from_slice(&data, [4, 2]).unwrap_err(),
        ViewError::ShapeMismatch {
            shape: vec![4, 2].into(),
            len: 6
        }
    );
    let err = MemViewSlice::from_slice(&data, [usize::MAX, 2]).unwrap_err();
    assert!(matches!(err, ViewError::Overflow { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "shape [{}, 2] of 8-byte elements spans more than isize::MAX bytes",
            usize::MAX
        )
    );
    // Fits usize but not isize bytes.
    let err = MemViewSlice::from_slice(&data, [1 << 62, 2]).unwrap_err();
    assert!(matches!(err, ViewError::Overflow { .. }), "{err}");
    let err = MemViewSlice::from_slice_strided(&data, [3], [isize::MAX], 0).unwrap_err();
    assert!(
        matches!(
            err,
            ViewError::Overflow { .. } | ViewError::Misaligned { .. }
        ),
        "{err}"
    );
    let err = MemViewSlice::from_slice_strided(&data, [3], [isize::MAX - 7], 0).unwrap_err();
    assert!(matches!(err, ViewError::Overflow { .. }), "{err}");
}

#[test]
fn out_of_bounds_names_everything() {
    let data = [0_i32; 10];
    let err = MemViewSlice::from_slice_strided(&data, [3, 2], [16, 4], 8).unwrap_err();
    assert_eq!(
        err.to_string(),
        "shape [3, 2] with strides [16, 4] from offset 8 reaches bytes 8..48, outside the \
         slice's 0..40 (10 elements of 4 bytes)"
    );
    // Negative reach below the start.
    let err = MemViewSlice::from_slice_strided(&data, [3], [-4], 4).unwrap_err();
    assert!(
        matches!(err, ViewError::OutOfBounds { lowest: -4, .. }),
        "{err}"
    );
    // The last element exactly at the end is fine; one more is not.
    assert!(MemViewSlice::from_slice_strided(&data, [5], [8], 4).is_ok());
    assert!(MemViewSlice::from_slice_strided(&data, [5], [8], 8).is_err());
}

#[test]
fn misaligned_strides_and_offsets() {
    let data = [0_u32; 8];
    let err = MemViewSlice::from_slice_strided(&data, [2, 2], [8, 2], 0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "offset 0 or strides [8, 2] (shape [2, 2]) are not multiples of the itemsize 4"
    );
    assert!(MemViewSlice::from_slice_strided(&data, [2], [4], 1).is_err());
    // The stride of an axis of extent 1 is never used, so it may be anything.
    let v = MemViewSlice::from_slice_strided(&data, [1, 3], [3, 4], 4).unwrap();
    assert_eq!(v.shape(), &[1, 3]);
}

#[test]
fn empty_views_accept_any_strides() {
    let data = [1_i16, 2, 3];
    // The offset must still lie in the slice's 0..=6 bytes (tests/bad_input.rs); the ends.
    for strides in [[0, 0], [isize::MAX, isize::MIN], [1, -3]] {
        let v = MemViewSlice::from_slice_strided(&data, [0, 5], strides, 6).unwrap();
        assert!(v.is_empty() && v.is_contiguous());
        assert_eq!(v.as_slice(), Some(&[][..]));
        let mut copy = data;
        let m = MemViewSliceMut::from_slice_strided(&mut copy, [5, 0], strides, 0).unwrap();
        assert_eq!(m.size(), 0);
    }
    // An empty slice with a non-empty shape is refused, naming the bytes.
    let err = MemViewSlice::<i16, 1>::from_slice_strided(&[], [1], [2], 0).unwrap_err();
    assert!(
        matches!(err, ViewError::OutOfBounds { end: 2, len: 0, .. }),
        "{err}"
    );
}

#[test]
fn shared_views_may_repeat_elements() {
    let data = [1_u8, 2, 3];
    // np.broadcast_to([1, 2, 3], (2, 3)) has strides (0, 1).
    let v = MemViewSlice::from_slice_strided(&data, [2, 3], [0, 1], 0).unwrap();
    assert_eq!(flatten(&v), [1, 2, 3, 1, 2, 3]);
}

#[test]
fn mutable_views_refuse_aliasing() {
    let mut data = [0_u64; 12];
    let err = MemViewSliceMut::from_slice_strided(&mut data, [2, 3], [0, 8], 0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a mutable view with shape [2, 3] and strides [0, 8] could reach one element through \
         two indices"
    );
    // Rows that overlap by one element.
    assert!(MemViewSliceMut::from_slice_strided(&mut data, [2, 3], [16, 8], 0).is_err());
    // Interleaved but disjoint: rows of the even elements, reversed.
    let mut m = MemViewSliceMut::from_slice_strided(&mut data, [2, 3], [-48, 16], 48).unwrap();
    m[[0, 0]] = 1;
    m[[1, 2]] = 2;
    assert_eq!(data[6], 1);
    assert_eq!(data[4], 2);
    // Extent-1 axes may have any stride, even one that equals another axis's.
    assert!(MemViewSliceMut::from_slice_strided(&mut data, [1, 4], [8, 8], 0).is_ok());
}

#[test]
fn zero_sized_elements() {
    let mut units = [(); 4];
    let v = MemViewSlice::from_slice(&units, [2, 2]).unwrap();
    assert_eq!((v.strides(), v.nbytes(), v.size()), (&[0, 0], 0, 4));
    assert!(v.is_c_contiguous());
    let mut m = MemViewSliceMut::from_slice(&mut units, [4]).unwrap();
    m[[3]] = ();
    assert_eq!(m.as_mut_slice().map(|s| s.len()), Some(4));
}

#[test]
fn from_slices_whole() {
    let mut data = [1, 2, 3];
    assert_eq!(flatten(&MemViewSlice::from(&data[..])), [1, 2, 3]);
    let mut m = MemViewSliceMut::from(&mut data[..]);
    m[[0]] = 10;
    assert_eq!(data, [10, 2, 3]);
}

#[test]
fn views_are_send_and_sync_like_references() {
    fn send_sync<X: Send + Sync>() {}
    send_sync::<MemViewSlice<'static, f64, 2>>();
    send_sync::<MemViewSliceMut<'static, f64, 2>>();
    // A view is plain data: threads can read disjoint rows of one shared view.
    let data: Vec<u64> = (0..100).collect();
    let v = MemViewSlice::from_slice(&data, [10, 10]).unwrap();
    let sums: Vec<u64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|half| {
                s.spawn(move || {
                    flatten(&v.slice_axis(0, half * 5..half * 5 + 5))
                        .iter()
                        .sum()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(sums, [(0..50).sum(), (50..100).sum()]);
}

#[test]
fn split_mutable_halves_are_independent() {
    let mut data = [0_i32; 12];
    let m = MemViewSliceMut::from_slice(&mut data, [3, 4]).unwrap();
    let (mut left, mut right) = m.split_at(1, 2);
    std::thread::scope(|s| {
        s.spawn(move || {
            for i in 0..3 {
                left[[i, 1]] = 1;
            }
        });
        s.spawn(move || {
            for i in 0..3 {
                right[[i, 0]] = 2;
            }
        });
    });
    assert_eq!(data, [0, 1, 2, 0, 0, 1, 2, 0, 0, 1, 2, 0]);
}

#[test]
fn raw_parts_round_trip() {
    let data: Vec<f32> = (0..6).map(|x| x as f32).collect();
    let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap().t();
    // SAFETY: the parts come from a live view of `data`.
    let w = unsafe {
        MemViewSlice::from_raw_parts(v.as_ptr(), *v.shape(), *v.strides(), *v.suboffsets())
    };
    assert_eq!(flatten(&w), flatten(&v));
}

#[test]
#[should_panic(expected = "indirect dimensions are not supported")]
fn raw_parts_refuse_indirect_suboffsets() {
    let data = [0_u8; 4];
    // SAFETY: the layout is in bounds; the constructor refuses the suboffset before any use.
    let _ = unsafe { MemViewSlice::from_raw_parts(data.as_ptr(), [4], [1], [0]) };
}

/// Elements whose size is not a power of two, or larger than their alignment, are stepped in
/// bytes or in whole elements; either way every index reaches the element a naive
/// `offset + Σ i·stride` byte computation names.
#[test]
fn odd_sized_and_under_aligned_elements_index_where_their_byte_strides_say() {
    let rgb: Vec<[u8; 3]> = (0..12).map(|k| [k, k + 100, k + 200]).collect();
    // Rows of 4 pixels, reversed, every second column: strides [-12, 6] bytes from pixel 9.
    let v = MemViewSlice::from_slice_strided(&rgb, [3, 2], [-12, 6], 27).unwrap();
    for i in 0..3 {
        for j in 0..2 {
            assert_eq!(v[[i, j]], rgb[9 - 4 * i + 2 * j], "at [{i}, {j}]");
        }
    }
    let pairs: Vec<[f32; 2]> = (0..8).map(|k| [k as f32, -(k as f32)]).collect();
    let w = MemViewSlice::from_slice_strided(&pairs, [2, 4], [8, -16], 48).unwrap();
    for i in 0..2 {
        for j in 0..4 {
            assert_eq!(w[[i, j]], pairs[6 + i - 2 * j], "at [{i}, {j}]");
        }
    }
    let sum: f32 = w.iter().map(|p| p[0]).sum();
    assert_eq!(
        sum,
        (0..2)
            .flat_map(|i| (0..4).map(move |j| (6 + i - 2 * j) as f32))
            .sum()
    );
}

/// A `[f32; 2]` is aligned at 4 bytes, so a 4-byte stride reaches aligned pairs that overlap:
/// no whole-element step exists, and `from_raw_parts` refuses such a layout by panicking (the
/// checked constructors return `ViewError::Misaligned`).
#[test]
fn raw_parts_whose_strides_split_elements_panic() {
    let data = [[0.0_f32; 2]; 4];
    let caught = std::panic::catch_unwind(|| {
        // SAFETY: three overlapping pairs inside `data`, each aligned and initialised; the call
        // panics before any is read.
        unsafe { MemViewSlice::from_raw_parts(data.as_ptr(), [3], [4], [-1]) };
    });
    let message = *caught.unwrap_err().downcast::<String>().unwrap();
    assert_eq!(
        message,
        "strides [4] of shape [3] do not step whole 8-byte elements"
    );
    let err = MemViewSlice::from_slice_strided(&data, [3], [4], 0).unwrap_err();
    assert!(matches!(err, ViewError::Misaligned { .. }), "{err}");
    // An axis of extent 1 is never stepped, so its stride may be anything.
    // SAFETY: one pair at the start of `data`.
    let one = unsafe { MemViewSlice::from_raw_parts(data.as_ptr(), [1, 2], [4, 8], [-1, -1]) };
    assert_eq!(one[[0, 1]], [0.0, 0.0]);
}
