//! `close_to` against hand-worked differences: shapes, NaN as the worst, strided views.

use memslice_core::{Difference, MemViewSlice, s};

#[test]
fn differences_name_the_first_and_the_worst_index() {
    let a: Vec<f64> = (0..12).map(f64::from).collect();
    let mut b = a.clone();
    b[5] += 0.5; // [1, 1]
    b[2] = f64::NAN; // [0, 2]
    b[11] -= 3.0; // [2, 3]
    let (va, vb) = (
        MemViewSlice::from_slice(&a, [3, 4]).unwrap(),
        MemViewSlice::from_slice(&b, [3, 4]).unwrap(),
    );
    match va.close_to(&vb, 0.25).unwrap_err() {
        Difference::Values {
            count,
            size,
            first,
            worst,
            ..
        } => {
            assert_eq!((count, size), (3, 12));
            assert_eq!((first.0, first.1), ([0, 2], 2.0));
            assert!(first.2.is_nan());
            assert_eq!(worst.0, [0, 2], "a NaN is the worst difference");
        }
        d => panic!("{d:?}"),
    }
    // Through reversed views the indices are the views' own.
    let (ra, rb) = (va.slice(s![..;-1, ..]), vb.slice(s![..;-1, ..]));
    let d = ra
        .slice(s![..1, ..])
        .close_to(&rb.slice(s![..1, ..]), 0.25)
        .unwrap_err();
    assert!(
        matches!(
            d,
            Difference::Values {
                count: 1,
                first: ([0, 3], 11.0, 8.0),
                ..
            }
        ),
        "{d:?}"
    );
    assert!(
        d.to_string()
            .ends_with("the worst at [0, 3] (11 against 8, off by 3)"),
        "{d}"
    );
    assert_eq!(
        va.close_to(&vb.slice(s![..2, ..]).slice(s![.., ..]).t().t(), 1.0),
        Err(Difference::Shapes {
            left: [3, 4],
            right: [2, 4]
        })
    );
}
