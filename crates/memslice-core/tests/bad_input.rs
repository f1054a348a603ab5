//! Inputs at the edges of what fits: shapes whose element count passes `isize::MAX`, format
//! strings nested without end, slices of zero-sized elements longer than a view may be, and
//! offsets of empty views. Each expectation is worked out by hand or written down from NumPy
//! 2.4 / CPython 3.11 on x86-64 Linux.

use std::panic::{self, AssertUnwindSafe};
use std::ptr::NonNull;

use memslice_core::buffer::{Format, FormatError, Kind, size_from_format};
use memslice_core::{MemViewSlice, MemViewSliceMut, ViewError};

/// The message of the panic `f` raises, or `None` if it returns.
fn panic_message(f: impl FnOnce()) -> Option<String> {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let caught = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(hook);
    let payload = caught.err()?;
    Some(match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(payload) => payload
            .downcast::<&str>()
            .map_or_else(|_| "<not a string>".to_owned(), |s| (*s).to_owned()),
    })
}

/// A slice of `len` zero-sized elements, however long: no memory is behind it.
fn units(len: usize) -> &'static [()] {
    // SAFETY: a dangling pointer is non-null and aligned, and `()` occupies no bytes, so a slice
    // of any length of it reads no memory; its total size, 0 bytes, fits isize.
    unsafe { std::slice::from_raw_parts(NonNull::<()>::dangling().as_ptr(), len) }
}

/// As [`units`], exclusively: nothing is behind it, so no two of them alias.
fn units_mut(len: usize) -> &'static mut [()] {
    // SAFETY: as in `units`; a zero-sized element is no memory, so exclusivity holds trivially.
    unsafe { std::slice::from_raw_parts_mut(NonNull::<()>::dangling().as_ptr(), len) }
}

// ----- 1. broadcasting to a shape with more than isize::MAX elements -------------------------

#[test]
fn broadcast_refuses_shapes_whose_element_count_overflows() {
    let data = [1.0_f64, 2.0];
    let row = MemViewSlice::from_slice(&data, [1, 2]).unwrap();
    let flat = MemViewSlice::from_slice(&data, [2]).unwrap();
    // 2^63 * 2 = 2^64 wraps to 0 in usize; as 2^63 alone it is isize::MAX + 1. Either way more
    // elements than rule 3 allows. The strides are those the broadcast would have had: the
    // repeated axis 0, the row's own 8 bytes.
    for (view_name, err) in [
        ("[1, 2]", row.try_broadcast_to([1 << 63, 2]).unwrap_err()),
        ("[2]", flat.try_broadcast_to([1 << 63, 2]).unwrap_err()),
    ] {
        assert_eq!(
            err,
            ViewError::Overflow {
                shape: vec![1 << 63, 2].into(),
                strides: vec![0, 8].into(),
                itemsize: 8,
            },
            "from {view_name}"
        );
        assert_eq!(
            err.to_string(),
            "shape [9223372036854775808, 2] with strides [0, 8] has more than isize::MAX elements"
        );
    }
    // 2^62 * 2 = 2^63 = isize::MAX + 1 fits usize but not isize (NumPy: "iterator is too large").
    assert!(matches!(
        flat.try_broadcast_to([1 << 62, 2]),
        Err(ViewError::Overflow { .. })
    ));
    // Exactly isize::MAX elements is the largest view there is; NumPy refuses this one too
    // ("array is too big": it counts size * itemsize bytes even for a stride-0 view), but our
    // rule 3 counts elements, and a broadcast view spans only its source's bytes.
    let one = MemViewSlice::from_slice(&data[..1], [1]).unwrap();
    let big = one.try_broadcast_to([isize::MAX as usize]).unwrap();
    assert_eq!((big.size(), big.is_empty()), (isize::MAX as usize, false));
    assert_eq!(big[[isize::MAX as usize - 1]], 1.0);
    // A zero extent makes any shape empty, whatever the other extents multiply to.
    for to in [[usize::MAX, 0, 2], [0, usize::MAX, 2]] {
        let empty = flat.try_broadcast_to(to).unwrap();
        assert_eq!((empty.size(), empty.is_empty()), (0, true), "{to:?}");
    }
}

#[test]
fn broadcast_to_panics_naming_the_shape() {
    let data = [1_u16, 2];
    let flat = MemViewSlice::from_slice(&data, [2]).unwrap();
    let msg = panic_message(|| {
        flat.broadcast_to([1 << 63, 2]);
    });
    assert_eq!(
        msg.as_deref(),
        Some(
            "shape [9223372036854775808, 2] with strides [0, 2] has more than isize::MAX elements"
        )
    );
}

// ----- 2. format strings nested deeper than the parser will follow -------------------------

/// `T{` `depth` times around a single byte, each closed again: a struct in a struct ... in a
/// struct of one `b`, whose every level is 1 byte with alignment 1.
fn nested(depth: usize) -> String {
    format!("{}b{}", "T{".repeat(depth), "}".repeat(depth))
}

#[test]
fn formats_nest_64_deep() {
    let f = Format::parse(&nested(Format::MAX_NESTING)).unwrap();
    assert_eq!(Format::MAX_NESTING, 64);
    assert_eq!((f.itemsize(), f.alignment()), (1, 1));
    let mut fields = f.fields();
    for level in 0..64 {
        assert_eq!(
            (fields.len(), fields[0].kind, fields[0].size),
            (1, Kind::Struct, 1),
            "level {level}"
        );
        fields = &fields[0].nested;
    }
    assert_eq!((fields.len(), fields[0].kind), (1, Kind::Signed));
    assert_eq!(size_from_format(&nested(64)), Ok(1));
}

#[test]
fn formats_nested_deeper_are_refused_at_the_65th_level() {
    // Each `T{` is two bytes, so the 65th `T` sits at position 128.
    let too_deep = FormatError::TooDeep {
        position: 128,
        limit: 64,
    };
    assert_eq!(Format::parse(&nested(65)), Err(too_deep.clone()));
    assert_eq!(
        too_deep.to_string(),
        "struct 'T{' at position 128 is nested deeper than the limit of 64 levels"
    );
    // Far deeper, closed or not: refused at the same place, without exhausting the stack (this
    // used to abort the test process).
    assert_eq!(size_from_format(&nested(100_000)), Err(too_deep.clone()));
    assert_eq!(Format::parse(&"T{".repeat(100_000)), Err(too_deep.clone()));
    // Nesting is counted, not struct count: 100 structs side by side are fine.
    assert_eq!(size_from_format(&"T{b}".repeat(100)), Ok(100));
    // With a prefix, positions shift by one.
    assert_eq!(
        Format::parse(&format!("<{}", nested(65))),
        Err(FormatError::TooDeep {
            position: 129,
            limit: 64
        })
    );
}

// ----- 3. Display of errors whose numbers overflow ------------------------------------------

#[test]
fn error_messages_do_not_overflow() {
    let max = usize::MAX;
    let shape_mismatch = ViewError::ShapeMismatch {
        shape: vec![max, 2].into(),
        len: 5,
    };
    assert_eq!(
        shape_mismatch.to_string(),
        format!("shape [{max}, 2] needs more than usize::MAX elements but the slice holds 5")
    );
    // A zero extent anywhere makes the count 0, even after extents whose product overflows.
    let zero = ViewError::ShapeMismatch {
        shape: vec![max, 2, 0].into(),
        len: 5,
    };
    assert_eq!(
        zero.to_string(),
        format!("shape [{max}, 2, 0] needs 0 elements but the slice holds 5")
    );
    // len * itemsize passes usize::MAX.
    let oob = ViewError::OutOfBounds {
        shape: vec![2].into(),
        strides: vec![4].into(),
        offset: 0,
        lowest: 0,
        end: 8,
        len: max,
        itemsize: 4,
    };
    assert_eq!(
        oob.to_string(),
        format!(
            "shape [2] with strides [4] from offset 0 reaches bytes 0..8, outside the slice's \
             0..(more than usize::MAX) ({max} elements of 4 bytes)"
        )
    );
    // Overflow says which count is too large, and never that zero-sized elements span bytes.
    let count = ViewError::Overflow {
        shape: vec![max, 2].into(),
        strides: vec![0, 0].into(),
        itemsize: 8,
    };
    assert_eq!(
        count.to_string(),
        format!("shape [{max}, 2] with strides [0, 0] has more than isize::MAX elements")
    );
    let err = MemViewSlice::from_slice(units(3), [max]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("shape [{max}] of zero-sized elements has more than isize::MAX elements")
    );
    // An empty shape whose contiguous strides do not fit isize: 8 * 2^40 * 2^40 bytes for the
    // stride of axis 0. (NumPy: np.empty((0, 2**40, 2**40)) raises "array is too big".)
    let err = MemViewSlice::<u64, 3>::from_slice(&[], [0, 1 << 40, 1 << 40]).unwrap_err();
    assert!(matches!(err, ViewError::Overflow { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "contiguous strides of shape [0, 1099511627776, 1099511627776] with 8-byte elements \
         pass isize::MAX bytes"
    );
    // Every other variant's message, at the extremes of its numbers, formats without panicking.
    let others = [
        ViewError::Misaligned {
            shape: vec![max].into(),
            strides: vec![isize::MIN].into(),
            offset: isize::MIN,
            itemsize: max,
        },
        ViewError::Aliasing {
            shape: vec![max; 3].into(),
            strides: vec![0; 3].into(),
        },
        ViewError::AxisOutOfRange {
            axis: max,
            ndim: max,
        },
        ViewError::IndexOutOfRange {
            axis: max,
            index: isize::MIN,
            extent: max,
        },
        ViewError::SplitOutOfRange {
            axis: max,
            index: max,
            extent: max,
        },
        ViewError::ZeroStep { axis: max },
        ViewError::BroadcastMismatch {
            from: vec![max].into(),
            to: vec![max, max].into(),
        },
        ViewError::ShapesDiffer {
            dst: vec![max].into(),
            src: vec![0].into(),
        },
        ViewError::IndirectIndex { axis: max },
        ViewError::NotAPermutation {
            axes: vec![max, max].into(),
        },
    ];
    for err in others {
        assert!(err.to_string().contains(&max.to_string()), "{err}");
    }
}

// ----- 4. From<&[T]> for zero-sized elements longer than isize::MAX ----------------------------

#[test]
fn whole_slice_views_of_zero_sized_elements() {
    let max = usize::MAX;
    let limit = isize::MAX as usize;
    // The longest view there is: isize::MAX elements (rule 3).
    let v = MemViewSlice::from(units(limit));
    assert_eq!((v.shape(), v.strides(), v.size()), (&[limit], &[0], limit));
    assert_eq!(v[[limit - 1]], ());
    let m = MemViewSliceMut::from(units_mut(limit));
    assert_eq!(m.size(), limit);
    // One more cannot be a view. `from_slice` says so with an error...
    let expected = ViewError::Overflow {
        shape: vec![limit + 1].into(),
        strides: vec![].into(),
        itemsize: 0,
    };
    assert_eq!(
        MemViewSlice::from_slice(units(limit + 1), [limit + 1]),
        Err(expected)
    );
    // ...and the infallible `From` panics with the same numbers (documented under # Panics)
    // rather than build a view whose size() breaks rule 3.
    let msg = format!("shape [{max}] of zero-sized elements has more than isize::MAX elements");
    let shared = panic_message(|| {
        let _ = MemViewSlice::from(units(max));
    });
    assert_eq!(shared.as_deref(), Some(msg.as_str()));
    let exclusive = panic_message(|| {
        let _ = MemViewSliceMut::from(units_mut(max));
    });
    assert_eq!(exclusive.as_deref(), Some(msg.as_str()));
}

// ----- 5. offsets of empty views --------------------------------------------------------------

// What NumPy 2.4 and CPython 3.11 do with the offset of an empty view of a 24-byte buffer
// (three f8):
//
// - np.frombuffer(b, 'f8', count=0, offset=k): k = 24 is accepted; k = -8 and k = 25 raise
//   "offset must be non-negative and no greater than buffer length (24)". It does not ask for a
//   multiple of the itemsize (k = 3 gives an array flagged unaligned only when non-empty).
// - np.ndarray(shape=(0,), dtype='f8', buffer=b, offset=k): k = 25 and 32 raise "buffer is too
//   small for requested array"; 0, 3, 20 and 24 are accepted. Negative k is accepted too, also
//   for shape (1,), where the array then starts 8 bytes before the buffer: NumPy does not check
//   that bound here, which is the defect this rule guards against, not a behaviour to copy.
// - CPython's reference exporter, _testbuffer.ndarray([1.0, 2.0, 3.0], shape=[0], format='d',
//   offset=k): k = 3 raises "offset must be a multiple of itemsize"; k = -8 and k = 24 raise
//   "offset out of bounds" (it also keeps an empty view's offset below the end).
//
// The rule taken: an empty view's offset lies in 0..=len*itemsize bytes (NumPy's frombuffer,
// and Rust's `&s[len..]`, which may point one past the end) and is a multiple of the itemsize
// (CPython), so that the view is aligned wherever it is placed.

#[test]
fn empty_views_refuse_offsets_outside_the_slice() {
    let data = [0.0_f64; 3];
    let out_of_bounds = |offset: isize| ViewError::OutOfBounds {
        shape: vec![0].into(),
        strides: vec![8].into(),
        offset,
        lowest: offset,
        end: offset,
        len: 3,
        itemsize: 8,
    };
    for offset in [0, 8, 16, 24] {
        let v = MemViewSlice::from_slice_strided(&data, [0], [8], offset).unwrap();
        assert!(v.is_empty(), "offset {offset}");
    }
    for offset in [-8, 32, isize::MIN, isize::MAX - 7] {
        assert_eq!(
            MemViewSlice::from_slice_strided(&data, [0], [8], offset),
            Err(out_of_bounds(offset)),
            "offset {offset}"
        );
    }
    assert_eq!(
        out_of_bounds(32).to_string(),
        "empty shape [0] with strides [8] sits at offset 32, outside the slice's 0..=24 (3 \
         elements of 8 bytes)"
    );
    for offset in [3, 20, -1] {
        assert_eq!(
            MemViewSlice::from_slice_strided(&data, [0], [8], offset),
            Err(ViewError::Misaligned {
                shape: vec![0].into(),
                strides: vec![8].into(),
                offset,
                itemsize: 8,
            }),
            "offset {offset}"
        );
    }
    // The same for exclusive views, for empty axes anywhere, and with any strides.
    let mut copy = data;
    let strides = [isize::MAX, isize::MIN];
    assert!(MemViewSliceMut::from_slice_strided(&mut copy, [5, 0], strides, 24).is_ok());
    let err = MemViewSliceMut::from_slice_strided(&mut copy, [5, 0], strides, 25).unwrap_err();
    assert!(
        matches!(err, ViewError::Misaligned { offset: 25, .. }),
        "{err}"
    );
    let err = MemViewSliceMut::from_slice_strided(&mut copy, [5, 0], strides, 32).unwrap_err();
    assert!(
        matches!(err, ViewError::OutOfBounds { offset: 32, .. }),
        "{err}"
    );
    // An empty slice has one place to put an empty view: its start.
    assert!(MemViewSlice::<f64, 1>::from_slice_strided(&[], [0], [8], 0).is_ok());
    assert!(MemViewSlice::<f64, 1>::from_slice_strided(&[], [0], [8], 8).is_err());
    // Zero-sized elements span no bytes, so 0 is the only offset (as for non-empty views).
    assert!(MemViewSlice::from_slice_strided(units(4), [0], [0], 0).is_ok());
    let err = MemViewSlice::from_slice_strided(units(4), [0], [0], 1).unwrap_err();
    assert!(
        matches!(err, ViewError::OutOfBounds { offset: 1, .. }),
        "{err}"
    );
}
