//! `try_reshape_in` against `np.reshape`: for eight layouts of `np.arange(24.).reshape(2, 3, 4)`
//! (C, Fortran, transposed, stepped, reversed, a middle slice, one column, empty) and every
//! shape of the same size up to rank 4, in both orders, NumPy's answer written down by
//! NumPy 2.4.6: the strides of the view it returned, or `None` where it copied
//! (`np.shares_memory` false). memslice must give exactly those strides, or
//! `ViewError::ReshapeNeedsCopy` exactly there.

use memslice_core::layout::Order::{self, C, F};
use memslice_core::{MemViewSlice, ViewError, s};

/// The eight layouts, all over the same 24 `f64`.
fn layout<'a>(name: &str, data: &'a [f64]) -> MemViewSlice<'a, f64, 3> {
    let base = MemViewSlice::from_slice(data, [2, 3, 4]).unwrap();
    match name {
        "c" => base,
        "f" => MemViewSlice::from_slice_in(data, [2, 3, 4], Order::F).unwrap(),
        "t" => base.permute_axes([2, 1, 0]),
        "step" => base.slice(s![.., ..;2, ..]),
        "rev" => base.slice(s![..;-1, .., ..]),
        "mid" => base.slice(s![.., 1..3, ..]),
        "col" => base.slice(s![.., .., 1..2]),
        "empty" => base.slice(s![.., 3.., ..]),
        _ => unreachable!("no layout {name}"),
    }
}

/// One row of NumPy's table: the result's strides, or that NumPy copied.
fn check<const M: usize>(name: &str, order: Order, to: [usize; M], numpy: Option<&[isize]>) {
    // NumPy's Fortran-order layout holds the same values in another order.
    let data: Vec<f64> = if name == "f" {
        (0..24)
            .map(|k| ((k % 2) * 12 + (k / 2 % 3) * 4 + k / 6) as f64)
            .collect()
    } else {
        (0..24).map(f64::from).collect()
    };
    let v = layout(name, &data);
    let got = v.try_reshape_in(to, order);
    match (numpy, got) {
        (Some(strides), Ok(w)) => {
            assert_eq!(&w.strides()[..], strides, "{name} {order:?} {to:?}");
            // The values read in `order` are the view's, read in `order`.
            assert_eq!(
                in_order(&w.to_vec(), &to, order),
                in_order(&v.to_vec(), v.shape(), order)
            );
        }
        (None, Err(ViewError::ReshapeNeedsCopy { .. })) => {}
        (numpy, got) => panic!("{name} {order:?} {to:?}: NumPy {numpy:?}, memslice {got:?}"),
    }
}

/// C-order values `flat` of `shape` listed in `order`.
fn in_order(flat: &[f64], shape: &[usize], order: Order) -> Vec<f64> {
    if order == Order::C {
        return flat.to_vec();
    }
    let n = flat.len();
    (0..n)
        .map(|f| {
            // The C-order position of the element that is `f`-th in Fortran order.
            let (mut rest, mut c, mut scale) = (f, 0, 1);
            let mut strides = vec![0; shape.len()];
            for k in (0..shape.len()).rev() {
                strides[k] = scale;
                scale *= shape[k];
            }
            for k in 0..shape.len() {
                c += (rest % shape[k]) * strides[k];
                rest /= shape[k];
            }
            flat[c]
        })
        .collect()
}

macro_rules! check {
    ($name:ident, $order:ident, $to:expr, $numpy:expr) => {
        check(stringify!($name), $order, $to, $numpy)
    };
}

#[test]
fn reshape_gives_a_view_exactly_where_numpy_does() {
    check!(c, C, [24], Some(&[8]));
    check!(c, F, [24], None);
    check!(c, C, [1, 24], Some(&[192, 8]));
    check!(c, F, [1, 24], None);
    check!(c, C, [2, 12], Some(&[96, 8]));
    check!(c, F, [2, 12], None);
    check!(c, C, [3, 8], Some(&[64, 8]));
    check!(c, F, [3, 8], None);
    check!(c, C, [4, 6], Some(&[48, 8]));
    check!(c, F, [4, 6], None);
    check!(c, C, [6, 4], Some(&[32, 8]));
    check!(c, F, [6, 4], None);
    check!(c, C, [8, 3], Some(&[24, 8]));
    check!(c, F, [8, 3], None);
    check!(c, C, [12, 2], Some(&[16, 8]));
    check!(c, F, [12, 2], None);
    check!(c, C, [24, 1], Some(&[8, 8]));
    check!(c, F, [24, 1], None);
    check!(c, C, [1, 2, 12], Some(&[192, 96, 8]));
    check!(c, F, [1, 2, 12], None);
    check!(c, C, [1, 3, 8], Some(&[192, 64, 8]));
    check!(c, F, [1, 3, 8], None);
    check!(c, C, [1, 4, 6], Some(&[192, 48, 8]));
    check!(c, F, [1, 4, 6], None);
    check!(c, C, [1, 6, 4], Some(&[192, 32, 8]));
    check!(c, F, [1, 6, 4], None);
    check!(c, C, [1, 8, 3], Some(&[192, 24, 8]));
    check!(c, F, [1, 8, 3], None);
    check!(c, C, [1, 12, 2], Some(&[192, 16, 8]));
    check!(c, F, [1, 12, 2], None);
    check!(c, C, [2, 1, 12], Some(&[96, 96, 8]));
    check!(c, F, [2, 1, 12], None);
    check!(c, C, [2, 2, 6], Some(&[96, 48, 8]));
    check!(c, F, [2, 2, 6], None);
    check!(c, C, [2, 3, 4], Some(&[96, 32, 8]));
    check!(c, F, [2, 3, 4], Some(&[96, 32, 8]));
    check!(c, C, [2, 4, 3], Some(&[96, 24, 8]));
    check!(c, F, [2, 4, 3], None);
    check!(c, C, [2, 6, 2], Some(&[96, 16, 8]));
    check!(c, F, [2, 6, 2], None);
    check!(c, C, [2, 12, 1], Some(&[96, 8, 8]));
    check!(c, F, [2, 12, 1], None);
    check!(c, C, [3, 1, 8], Some(&[64, 64, 8]));
    check!(c, F, [3, 1, 8], None);
    check!(c, C, [3, 2, 4], Some(&[64, 32, 8]));
    check!(c, F, [3, 2, 4], None);
    check!(c, C, [3, 4, 2], Some(&[64, 16, 8]));
    check!(c, F, [3, 4, 2], None);
    check!(c, C, [3, 8, 1], Some(&[64, 8, 8]));
    check!(c, F, [3, 8, 1], None);
    check!(c, C, [4, 1, 6], Some(&[48, 48, 8]));
    check!(c, F, [4, 1, 6], None);
    check!(c, C, [4, 2, 3], Some(&[48, 24, 8]));
    check!(c, F, [4, 2, 3], None);
    check!(c, C, [4, 3, 2], Some(&[48, 16, 8]));
    check!(c, F, [4, 3, 2], None);
    check!(c, C, [4, 6, 1], Some(&[48, 8, 8]));
    check!(c, F, [4, 6, 1], None);
    check!(c, C, [6, 1, 4], Some(&[32, 32, 8]));
    check!(c, F, [6, 1, 4], None);
    check!(c, C, [6, 2, 2], Some(&[32, 16, 8]));
    check!(c, F, [6, 2, 2], None);
    check!(c, C, [6, 4, 1], Some(&[32, 8, 8]));
    check!(c, F, [6, 4, 1], None);
    check!(c, C, [8, 1, 3], Some(&[24, 24, 8]));
    check!(c, F, [8, 1, 3], None);
    check!(c, C, [8, 3, 1], Some(&[24, 8, 8]));
    check!(c, F, [8, 3, 1], None);
    check!(c, C, [12, 1, 2], Some(&[16, 16, 8]));
    check!(c, F, [12, 1, 2], None);
    check!(c, C, [12, 2, 1], Some(&[16, 8, 8]));
    check!(c, F, [12, 2, 1], None);
    check!(c, C, [2, 2, 2, 3], Some(&[96, 48, 24, 8]));
    check!(c, F, [2, 2, 2, 3], None);
    check!(c, C, [2, 2, 3, 2], Some(&[96, 48, 16, 8]));
    check!(c, F, [2, 2, 3, 2], None);
    check!(c, C, [2, 3, 2, 2], Some(&[96, 32, 16, 8]));
    check!(c, F, [2, 3, 2, 2], Some(&[96, 32, 8, 16]));
    check!(c, C, [3, 2, 2, 2], Some(&[64, 32, 16, 8]));
    check!(c, F, [3, 2, 2, 2], None);
    check!(f, C, [24], None);
    check!(f, F, [24], Some(&[8]));
    check!(f, C, [1, 24], None);
    check!(f, F, [1, 24], Some(&[8, 8]));
    check!(f, C, [2, 12], None);
    check!(f, F, [2, 12], Some(&[8, 16]));
    check!(f, C, [3, 8], None);
    check!(f, F, [3, 8], Some(&[8, 24]));
    check!(f, C, [4, 6], None);
    check!(f, F, [4, 6], Some(&[8, 32]));
    check!(f, C, [6, 4], None);
    check!(f, F, [6, 4], Some(&[8, 48]));
    check!(f, C, [8, 3], None);
    check!(f, F, [8, 3], Some(&[8, 64]));
    check!(f, C, [12, 2], None);
    check!(f, F, [12, 2], Some(&[8, 96]));
    check!(f, C, [24, 1], None);
    check!(f, F, [24, 1], Some(&[8, 192]));
    check!(f, C, [1, 2, 12], None);
    check!(f, F, [1, 2, 12], Some(&[8, 8, 16]));
    check!(f, C, [1, 3, 8], None);
    check!(f, F, [1, 3, 8], Some(&[8, 8, 24]));
    check!(f, C, [1, 4, 6], None);
    check!(f, F, [1, 4, 6], Some(&[8, 8, 32]));
    check!(f, C, [1, 6, 4], None);
    check!(f, F, [1, 6, 4], Some(&[8, 8, 48]));
    check!(f, C, [1, 8, 3], None);
    check!(f, F, [1, 8, 3], Some(&[8, 8, 64]));
    check!(f, C, [1, 12, 2], None);
    check!(f, F, [1, 12, 2], Some(&[8, 8, 96]));
    check!(f, C, [2, 1, 12], None);
    check!(f, F, [2, 1, 12], Some(&[8, 16, 16]));
    check!(f, C, [2, 2, 6], None);
    check!(f, F, [2, 2, 6], Some(&[8, 16, 32]));
    check!(f, C, [2, 3, 4], Some(&[8, 16, 48]));
    check!(f, F, [2, 3, 4], Some(&[8, 16, 48]));
    check!(f, C, [2, 4, 3], None);
    check!(f, F, [2, 4, 3], Some(&[8, 16, 64]));
    check!(f, C, [2, 6, 2], None);
    check!(f, F, [2, 6, 2], Some(&[8, 16, 96]));
    check!(f, C, [2, 12, 1], None);
    check!(f, F, [2, 12, 1], Some(&[8, 16, 192]));
    check!(f, C, [3, 1, 8], None);
    check!(f, F, [3, 1, 8], Some(&[8, 24, 24]));
    check!(f, C, [3, 2, 4], None);
    check!(f, F, [3, 2, 4], Some(&[8, 24, 48]));
    check!(f, C, [3, 4, 2], None);
    check!(f, F, [3, 4, 2], Some(&[8, 24, 96]));
    check!(f, C, [3, 8, 1], None);
    check!(f, F, [3, 8, 1], Some(&[8, 24, 192]));
    check!(f, C, [4, 1, 6], None);
    check!(f, F, [4, 1, 6], Some(&[8, 32, 32]));
    check!(f, C, [4, 2, 3], None);
    check!(f, F, [4, 2, 3], Some(&[8, 32, 64]));
    check!(f, C, [4, 3, 2], None);
    check!(f, F, [4, 3, 2], Some(&[8, 32, 96]));
    check!(f, C, [4, 6, 1], None);
    check!(f, F, [4, 6, 1], Some(&[8, 32, 192]));
    check!(f, C, [6, 1, 4], None);
    check!(f, F, [6, 1, 4], Some(&[8, 48, 48]));
    check!(f, C, [6, 2, 2], None);
    check!(f, F, [6, 2, 2], Some(&[8, 48, 96]));
    check!(f, C, [6, 4, 1], None);
    check!(f, F, [6, 4, 1], Some(&[8, 48, 192]));
    check!(f, C, [8, 1, 3], None);
    check!(f, F, [8, 1, 3], Some(&[8, 64, 64]));
    check!(f, C, [8, 3, 1], None);
    check!(f, F, [8, 3, 1], Some(&[8, 64, 192]));
    check!(f, C, [12, 1, 2], None);
    check!(f, F, [12, 1, 2], Some(&[8, 96, 96]));
    check!(f, C, [12, 2, 1], None);
    check!(f, F, [12, 2, 1], Some(&[8, 96, 192]));
    check!(f, C, [2, 2, 2, 3], None);
    check!(f, F, [2, 2, 2, 3], Some(&[8, 16, 32, 64]));
    check!(f, C, [2, 2, 3, 2], None);
    check!(f, F, [2, 2, 3, 2], Some(&[8, 16, 32, 96]));
    check!(f, C, [2, 3, 2, 2], Some(&[8, 16, 96, 48]));
    check!(f, F, [2, 3, 2, 2], Some(&[8, 16, 48, 96]));
    check!(f, C, [3, 2, 2, 2], None);
    check!(f, F, [3, 2, 2, 2], Some(&[8, 24, 48, 96]));
    check!(t, C, [24], None);
    check!(t, F, [24], Some(&[8]));
    check!(t, C, [1, 24], None);
    check!(t, F, [1, 24], Some(&[8, 8]));
    check!(t, C, [2, 12], None);
    check!(t, F, [2, 12], Some(&[8, 16]));
    check!(t, C, [3, 8], None);
    check!(t, F, [3, 8], Some(&[8, 24]));
    check!(t, C, [4, 6], None);
    check!(t, F, [4, 6], Some(&[8, 32]));
    check!(t, C, [6, 4], None);
    check!(t, F, [6, 4], Some(&[8, 48]));
    check!(t, C, [8, 3], None);
    check!(t, F, [8, 3], Some(&[8, 64]));
    check!(t, C, [12, 2], None);
    check!(t, F, [12, 2], Some(&[8, 96]));
    check!(t, C, [24, 1], None);
    check!(t, F, [24, 1], Some(&[8, 192]));
    check!(t, C, [1, 2, 12], None);
    check!(t, F, [1, 2, 12], Some(&[8, 8, 16]));
    check!(t, C, [1, 3, 8], None);
    check!(t, F, [1, 3, 8], Some(&[8, 8, 24]));
    check!(t, C, [1, 4, 6], None);
    check!(t, F, [1, 4, 6], Some(&[8, 8, 32]));
    check!(t, C, [1, 6, 4], None);
    check!(t, F, [1, 6, 4], Some(&[8, 8, 48]));
    check!(t, C, [1, 8, 3], None);
    check!(t, F, [1, 8, 3], Some(&[8, 8, 64]));
    check!(t, C, [1, 12, 2], None);
    check!(t, F, [1, 12, 2], Some(&[8, 8, 96]));
    check!(t, C, [2, 1, 12], None);
    check!(t, F, [2, 1, 12], Some(&[8, 16, 16]));
    check!(t, C, [2, 2, 6], None);
    check!(t, F, [2, 2, 6], Some(&[8, 16, 32]));
    check!(t, C, [2, 3, 4], None);
    check!(t, F, [2, 3, 4], Some(&[8, 16, 48]));
    check!(t, C, [2, 4, 3], None);
    check!(t, F, [2, 4, 3], Some(&[8, 16, 64]));
    check!(t, C, [2, 6, 2], None);
    check!(t, F, [2, 6, 2], Some(&[8, 16, 96]));
    check!(t, C, [2, 12, 1], None);
    check!(t, F, [2, 12, 1], Some(&[8, 16, 192]));
    check!(t, C, [3, 1, 8], None);
    check!(t, F, [3, 1, 8], Some(&[8, 24, 24]));
    check!(t, C, [3, 2, 4], None);
    check!(t, F, [3, 2, 4], Some(&[8, 24, 48]));
    check!(t, C, [3, 4, 2], None);
    check!(t, F, [3, 4, 2], Some(&[8, 24, 96]));
    check!(t, C, [3, 8, 1], None);
    check!(t, F, [3, 8, 1], Some(&[8, 24, 192]));
    check!(t, C, [4, 1, 6], None);
    check!(t, F, [4, 1, 6], Some(&[8, 32, 32]));
    check!(t, C, [4, 2, 3], None);
    check!(t, F, [4, 2, 3], Some(&[8, 32, 64]));
    check!(t, C, [4, 3, 2], Some(&[8, 32, 96]));
    check!(t, F, [4, 3, 2], Some(&[8, 32, 96]));
    check!(t, C, [4, 6, 1], None);
    check!(t, F, [4, 6, 1], Some(&[8, 32, 192]));
    check!(t, C, [6, 1, 4], None);
    check!(t, F, [6, 1, 4], Some(&[8, 48, 48]));
    check!(t, C, [6, 2, 2], None);
    check!(t, F, [6, 2, 2], Some(&[8, 48, 96]));
    check!(t, C, [6, 4, 1], None);
    check!(t, F, [6, 4, 1], Some(&[8, 48, 192]));
    check!(t, C, [8, 1, 3], None);
    check!(t, F, [8, 1, 3], Some(&[8, 64, 64]));
    check!(t, C, [8, 3, 1], None);
    check!(t, F, [8, 3, 1], Some(&[8, 64, 192]));
    check!(t, C, [12, 1, 2], None);
    check!(t, F, [12, 1, 2], Some(&[8, 96, 96]));
    check!(t, C, [12, 2, 1], None);
    check!(t, F, [12, 2, 1], Some(&[8, 96, 192]));
    check!(t, C, [2, 2, 2, 3], None);
    check!(t, F, [2, 2, 2, 3], Some(&[8, 16, 32, 64]));
    check!(t, C, [2, 2, 3, 2], Some(&[16, 8, 32, 96]));
    check!(t, F, [2, 2, 3, 2], Some(&[8, 16, 32, 96]));
    check!(t, C, [2, 3, 2, 2], None);
    check!(t, F, [2, 3, 2, 2], Some(&[8, 16, 48, 96]));
    check!(t, C, [3, 2, 2, 2], None);
    check!(t, F, [3, 2, 2, 2], Some(&[8, 24, 48, 96]));
    check!(step, C, [16], None);
    check!(step, F, [16], None);
    check!(step, C, [1, 16], None);
    check!(step, F, [1, 16], None);
    check!(step, C, [2, 8], None);
    check!(step, F, [2, 8], None);
    check!(step, C, [4, 4], None);
    check!(step, F, [4, 4], None);
    check!(step, C, [8, 2], None);
    check!(step, F, [8, 2], None);
    check!(step, C, [16, 1], None);
    check!(step, F, [16, 1], None);
    check!(step, C, [1, 2, 8], None);
    check!(step, F, [1, 2, 8], None);
    check!(step, C, [1, 4, 4], None);
    check!(step, F, [1, 4, 4], None);
    check!(step, C, [1, 8, 2], None);
    check!(step, F, [1, 8, 2], None);
    check!(step, C, [2, 1, 8], None);
    check!(step, F, [2, 1, 8], None);
    check!(step, C, [2, 2, 4], Some(&[96, 64, 8]));
    check!(step, F, [2, 2, 4], Some(&[96, 64, 8]));
    check!(step, C, [2, 4, 2], None);
    check!(step, F, [2, 4, 2], None);
    check!(step, C, [2, 8, 1], None);
    check!(step, F, [2, 8, 1], None);
    check!(step, C, [4, 1, 4], None);
    check!(step, F, [4, 1, 4], None);
    check!(step, C, [4, 2, 2], None);
    check!(step, F, [4, 2, 2], None);
    check!(step, C, [4, 4, 1], None);
    check!(step, F, [4, 4, 1], None);
    check!(step, C, [8, 1, 2], None);
    check!(step, F, [8, 1, 2], None);
    check!(step, C, [8, 2, 1], None);
    check!(step, F, [8, 2, 1], None);
    check!(step, C, [2, 2, 2, 2], Some(&[96, 64, 16, 8]));
    check!(step, F, [2, 2, 2, 2], Some(&[96, 64, 8, 16]));
    check!(rev, C, [24], None);
    check!(rev, F, [24], None);
    check!(rev, C, [1, 24], None);
    check!(rev, F, [1, 24], None);
    check!(rev, C, [2, 12], Some(&[-96, 8]));
    check!(rev, F, [2, 12], None);
    check!(rev, C, [3, 8], None);
    check!(rev, F, [3, 8], None);
    check!(rev, C, [4, 6], None);
    check!(rev, F, [4, 6], None);
    check!(rev, C, [6, 4], None);
    check!(rev, F, [6, 4], None);
    check!(rev, C, [8, 3], None);
    check!(rev, F, [8, 3], None);
    check!(rev, C, [12, 2], None);
    check!(rev, F, [12, 2], None);
    check!(rev, C, [24, 1], None);
    check!(rev, F, [24, 1], None);
    check!(rev, C, [1, 2, 12], Some(&[-192, -96, 8]));
    check!(rev, F, [1, 2, 12], None);
    check!(rev, C, [1, 3, 8], None);
    check!(rev, F, [1, 3, 8], None);
    check!(rev, C, [1, 4, 6], None);
    check!(rev, F, [1, 4, 6], None);
    check!(rev, C, [1, 6, 4], None);
    check!(rev, F, [1, 6, 4], None);
    check!(rev, C, [1, 8, 3], None);
    check!(rev, F, [1, 8, 3], None);
    check!(rev, C, [1, 12, 2], None);
    check!(rev, F, [1, 12, 2], None);
    check!(rev, C, [2, 1, 12], Some(&[-96, 96, 8]));
    check!(rev, F, [2, 1, 12], None);
    check!(rev, C, [2, 2, 6], Some(&[-96, 48, 8]));
    check!(rev, F, [2, 2, 6], None);
    check!(rev, C, [2, 3, 4], Some(&[-96, 32, 8]));
    check!(rev, F, [2, 3, 4], Some(&[-96, 32, 8]));
    check!(rev, C, [2, 4, 3], Some(&[-96, 24, 8]));
    check!(rev, F, [2, 4, 3], None);
    check!(rev, C, [2, 6, 2], Some(&[-96, 16, 8]));
    check!(rev, F, [2, 6, 2], None);
    check!(rev, C, [2, 12, 1], Some(&[-96, 8, 8]));
    check!(rev, F, [2, 12, 1], None);
    check!(rev, C, [3, 1, 8], None);
    check!(rev, F, [3, 1, 8], None);
    check!(rev, C, [3, 2, 4], None);
    check!(rev, F, [3, 2, 4], None);
    check!(rev, C, [3, 4, 2], None);
    check!(rev, F, [3, 4, 2], None);
    check!(rev, C, [3, 8, 1], None);
    check!(rev, F, [3, 8, 1], None);
    check!(rev, C, [4, 1, 6], None);
    check!(rev, F, [4, 1, 6], None);
    check!(rev, C, [4, 2, 3], None);
    check!(rev, F, [4, 2, 3], None);
    check!(rev, C, [4, 3, 2], None);
    check!(rev, F, [4, 3, 2], None);
    check!(rev, C, [4, 6, 1], None);
    check!(rev, F, [4, 6, 1], None);
    check!(rev, C, [6, 1, 4], None);
    check!(rev, F, [6, 1, 4], None);
    check!(rev, C, [6, 2, 2], None);
    check!(rev, F, [6, 2, 2], None);
    check!(rev, C, [6, 4, 1], None);
    check!(rev, F, [6, 4, 1], None);
    check!(rev, C, [8, 1, 3], None);
    check!(rev, F, [8, 1, 3], None);
    check!(rev, C, [8, 3, 1], None);
    check!(rev, F, [8, 3, 1], None);
    check!(rev, C, [12, 1, 2], None);
    check!(rev, F, [12, 1, 2], None);
    check!(rev, C, [12, 2, 1], None);
    check!(rev, F, [12, 2, 1], None);
    check!(rev, C, [2, 2, 2, 3], Some(&[-96, 48, 24, 8]));
    check!(rev, F, [2, 2, 2, 3], None);
    check!(rev, C, [2, 2, 3, 2], Some(&[-96, 48, 16, 8]));
    check!(rev, F, [2, 2, 3, 2], None);
    check!(rev, C, [2, 3, 2, 2], Some(&[-96, 32, 16, 8]));
    check!(rev, F, [2, 3, 2, 2], Some(&[-96, 32, 8, 16]));
    check!(rev, C, [3, 2, 2, 2], None);
    check!(rev, F, [3, 2, 2, 2], None);
    check!(mid, C, [16], None);
    check!(mid, F, [16], None);
    check!(mid, C, [1, 16], None);
    check!(mid, F, [1, 16], None);
    check!(mid, C, [2, 8], Some(&[96, 8]));
    check!(mid, F, [2, 8], None);
    check!(mid, C, [4, 4], None);
    check!(mid, F, [4, 4], None);
    check!(mid, C, [8, 2], None);
    check!(mid, F, [8, 2], None);
    check!(mid, C, [16, 1], None);
    check!(mid, F, [16, 1], None);
    check!(mid, C, [1, 2, 8], Some(&[192, 96, 8]));
    check!(mid, F, [1, 2, 8], None);
    check!(mid, C, [1, 4, 4], None);
    check!(mid, F, [1, 4, 4], None);
    check!(mid, C, [1, 8, 2], None);
    check!(mid, F, [1, 8, 2], None);
    check!(mid, C, [2, 1, 8], Some(&[96, 64, 8]));
    check!(mid, F, [2, 1, 8], None);
    check!(mid, C, [2, 2, 4], Some(&[96, 32, 8]));
    check!(mid, F, [2, 2, 4], Some(&[96, 32, 8]));
    check!(mid, C, [2, 4, 2], Some(&[96, 16, 8]));
    check!(mid, F, [2, 4, 2], None);
    check!(mid, C, [2, 8, 1], Some(&[96, 8, 8]));
    check!(mid, F, [2, 8, 1], None);
    check!(mid, C, [4, 1, 4], None);
    check!(mid, F, [4, 1, 4], None);
    check!(mid, C, [4, 2, 2], None);
    check!(mid, F, [4, 2, 2], None);
    check!(mid, C, [4, 4, 1], None);
    check!(mid, F, [4, 4, 1], None);
    check!(mid, C, [8, 1, 2], None);
    check!(mid, F, [8, 1, 2], None);
    check!(mid, C, [8, 2, 1], None);
    check!(mid, F, [8, 2, 1], None);
    check!(mid, C, [2, 2, 2, 2], Some(&[96, 32, 16, 8]));
    check!(mid, F, [2, 2, 2, 2], Some(&[96, 32, 8, 16]));
    check!(col, C, [6], Some(&[32]));
    check!(col, F, [6], None);
    check!(col, C, [1, 6], Some(&[192, 32]));
    check!(col, F, [1, 6], None);
    check!(col, C, [2, 3], Some(&[96, 32]));
    check!(col, F, [2, 3], Some(&[96, 32]));
    check!(col, C, [3, 2], Some(&[64, 32]));
    check!(col, F, [3, 2], None);
    check!(col, C, [6, 1], Some(&[32, 32]));
    check!(col, F, [6, 1], None);
    check!(col, C, [1, 2, 3], Some(&[192, 96, 32]));
    check!(col, F, [1, 2, 3], Some(&[96, 96, 32]));
    check!(col, C, [1, 3, 2], Some(&[192, 64, 32]));
    check!(col, F, [1, 3, 2], None);
    check!(col, C, [2, 1, 3], Some(&[96, 96, 32]));
    check!(col, F, [2, 1, 3], Some(&[96, 32, 32]));
    check!(col, C, [2, 3, 1], Some(&[96, 32, 8]));
    check!(col, F, [2, 3, 1], Some(&[96, 32, 8]));
    check!(col, C, [3, 1, 2], Some(&[64, 64, 32]));
    check!(col, F, [3, 1, 2], None);
    check!(col, C, [3, 2, 1], Some(&[64, 32, 32]));
    check!(col, F, [3, 2, 1], None);
    check!(empty, C, [0], Some(&[8]));
    check!(empty, F, [0], Some(&[8]));
    check!(empty, C, [3, 0], Some(&[8, 8]));
    check!(empty, F, [3, 0], Some(&[8, 24]));
    check!(empty, C, [0, 4, 2], Some(&[64, 16, 8]));
    check!(empty, F, [0, 4, 2], Some(&[8, 8, 32]));
    check!(empty, C, [2, 0, 1], Some(&[8, 8, 8]));
    check!(empty, F, [2, 0, 1], Some(&[8, 16, 16]));
}
