//! Kernels that read: K1 1-d sum, K2 2-d sum, K3 the 2-d sum of a transposed view (a strided
//! inner axis), K3s a per-row sub-view passed to a function, K6 the sum over a `double**`
//! table, K8 a wrapping `i64` sum.

use std::hint::black_box;

use std::rc::Rc;

use memslice::{IndirectView, MemViewSlice, Zip, s};
use ndarray::{ArrayView1, ArrayView2, Axis};

use super::{Form, Kernel, input};

const L: usize = 4_000_000;
const S: usize = 2000;
const R: usize = 1_000_000;

pub(crate) fn k1() -> Kernel {
    let x = input(L, 7);
    let (a, b, c, d, e, f) = (x.clone(), x.clone(), x.clone(), x.clone(), x.clone(), x);
    Kernel::new("K1_sum_1d_4e6", L)
        .case(Form::Raw, move || {
            let p = black_box(a.as_ptr());
            let mut acc = 0.0;
            for i in 0..L {
                // SAFETY: i < L, the length of the vector.
                acc += unsafe { *p.add(i) };
            }
            acc
        })
        .case(Form::Index, move || {
            let v = MemViewSlice::from_slice(black_box(&b[..]), [L]).unwrap();
            let mut acc = 0.0;
            for i in 0..v.shape()[0] {
                acc += v[[i]];
            }
            acc
        })
        .case(Form::Unchecked, move || {
            let v = MemViewSlice::from_slice(black_box(&c[..]), [L]).unwrap();
            let mut acc = 0.0;
            for i in 0..v.shape()[0] {
                // SAFETY: i is below the extent.
                acc += unsafe { *v.get_unchecked([i]) };
            }
            acc
        })
        .case(Form::Iter, move || {
            let v = MemViewSlice::from_slice(black_box(&d[..]), [L]).unwrap();
            v.iter().fold(0.0, |acc, &x| acc + x)
        })
        .case(Form::NdIndex, move || {
            let v = ArrayView1::from(black_box(&e[..]));
            let mut acc = 0.0;
            for i in 0..v.len() {
                acc += v[i];
            }
            acc
        })
        .case(Form::NdBest, move || {
            let v = ArrayView1::from(black_box(&f[..]));
            v.iter().fold(0.0, |acc, &x| acc + x)
        })
        .verified()
}

/// K2 and K3: the 2-d sum in C loop order over `v` or, when `transpose`, over its transpose.
fn sum2d(name: &'static str, transpose: bool) -> Kernel {
    let x = input(S * S, 7);
    let (a, b, c, d, e, f) = (x.clone(), x.clone(), x.clone(), x.clone(), x.clone(), x);
    // Element strides of the walked layout: rows, columns.
    let (rs, cs) = if transpose { (1, S) } else { (S, 1) };
    fn view(data: &[f64], transpose: bool) -> MemViewSlice<'_, f64, 2> {
        let v = MemViewSlice::from_slice(data, [S, S]).unwrap();
        if transpose { v.t() } else { v }
    }
    fn nd(data: &[f64], transpose: bool) -> ArrayView2<'_, f64> {
        let v = ArrayView2::from_shape((S, S), data).unwrap();
        if transpose { v.reversed_axes() } else { v }
    }
    Kernel::new(name, S * S)
        .case(Form::Raw, move || {
            let p = black_box(a.as_ptr());
            let mut acc = 0.0;
            for i in 0..S {
                for j in 0..S {
                    // SAFETY: (i, j) is inside the S x S array.
                    acc += unsafe { *p.add(i * rs + j * cs) };
                }
            }
            acc
        })
        .case(Form::Index, move || {
            let v = view(black_box(&b[..]), transpose);
            let [rows, cols] = *v.shape();
            let mut acc = 0.0;
            for i in 0..rows {
                for j in 0..cols {
                    acc += v[[i, j]];
                }
            }
            acc
        })
        .case(Form::Unchecked, move || {
            let v = view(black_box(&c[..]), transpose);
            let [rows, cols] = *v.shape();
            let mut acc = 0.0;
            for i in 0..rows {
                for j in 0..cols {
                    // SAFETY: (i, j) is below the shape.
                    acc += unsafe { *v.get_unchecked([i, j]) };
                }
            }
            acc
        })
        .case(Form::Iter, move || {
            let v = view(black_box(&d[..]), transpose);
            v.iter().fold(0.0, |acc, &x| acc + x)
        })
        .case(Form::NdIndex, move || {
            let v = nd(black_box(&e[..]), transpose);
            let (rows, cols) = v.dim();
            let mut acc = 0.0;
            for i in 0..rows {
                for j in 0..cols {
                    acc += v[[i, j]];
                }
            }
            acc
        })
        .case(Form::NdBest, move || {
            let v = nd(black_box(&f[..]), transpose);
            v.iter().fold(0.0, |acc, &x| acc + x)
        })
        .verified()
}

pub(crate) fn k2() -> Kernel {
    sum2d("K2_sum_2d_2000", false)
}

pub(crate) fn k3() -> Kernel {
    sum2d("K3_sum_2d_transposed_2000", true)
}

/// The function a user passes each row to, written against a view.
#[inline(never)]
fn rowsum(row: MemViewSlice<'_, f64, 1>) -> f64 {
    let mut acc = 0.0;
    for j in 0..row.shape()[0] {
        acc += row[[j]];
    }
    acc
}

#[inline(never)]
fn rowsum_raw(p: *const f64, len: usize) -> f64 {
    let mut acc = 0.0;
    for j in 0..len {
        // SAFETY: the caller passes a row of `len` elements.
        acc += unsafe { *p.add(j) };
    }
    acc
}

#[inline(never)]
fn rowsum_nd(row: ArrayView1<'_, f64>) -> f64 {
    let mut acc = 0.0;
    for j in 0..row.len() {
        acc += row[j];
    }
    acc
}

/// K3s: a 1e6 x 2 array, each row made a sub-view and passed to `rowsum`. Index: `s![i, ..]`;
/// unchecked: `index_axis`; iterators: `axis_iter`; ndarray: `slice` and `row`.
pub(crate) fn k3s() -> Kernel {
    let x = input(R * 2, 7);
    let (a, b, c, d, e, f) = (x.clone(), x.clone(), x.clone(), x.clone(), x.clone(), x);
    Kernel::new("K3s_rowsum_per_row_1e6x2", R * 2)
        .case(Form::Raw, move || {
            let p = black_box(a.as_ptr());
            // SAFETY: row i of the R x 2 array starts at 2i.
            (0..R).map(|i| rowsum_raw(unsafe { p.add(2 * i) }, 2)).sum()
        })
        .case(Form::Index, move || {
            let v = MemViewSlice::from_slice(black_box(&b[..]), [R, 2]).unwrap();
            (0..R).map(|i| rowsum(v.slice(s![i, ..]))).sum()
        })
        .case(Form::Unchecked, move || {
            let v = MemViewSlice::from_slice(black_box(&c[..]), [R, 2]).unwrap();
            (0..R).map(|i| rowsum(v.index_axis(0, i as isize))).sum()
        })
        .case(Form::Iter, move || {
            let v = MemViewSlice::from_slice(black_box(&d[..]), [R, 2]).unwrap();
            v.axis_iter::<1>(0).map(rowsum).sum()
        })
        .case(Form::NdIndex, move || {
            let v = ArrayView2::from_shape((R, 2), black_box(&e[..])).unwrap();
            (0..R).map(|i| rowsum_nd(v.slice(ndarray::s![i, ..]))).sum()
        })
        .case(Form::NdBest, move || {
            let v = ArrayView2::from_shape((R, 2), black_box(&f[..])).unwrap();
            v.axis_iter(Axis(0)).map(rowsum_nd).sum()
        })
        .verified()
}

/// K6: the sum over a `double**` table of 2000 rows of 2000, the table built once (as a C
/// library hands it over) and viewed through `IndirectView` in every run. ndarray has no
/// indirect arrays: its best form is a view per row.
pub(crate) fn k6() -> Kernel {
    let x = input(S * S, 7);
    let table: Rc<Vec<*const f64>> = Rc::new(x.chunks(S).map(<[f64]>::as_ptr).collect());
    // The rows live as long as `x`, which every case holds.
    let (a, b, c, d, f) = (
        table.clone(),
        table.clone(),
        table.clone(),
        table.clone(),
        table,
    );
    let keep = [x.clone(), x.clone(), x.clone(), x.clone(), x];
    let view = |t: &[*const f64]| {
        // SAFETY: a table of S row pointers, each to S initialised f64 that `keep` holds for
        // as long as the cases live; nothing writes them.
        unsafe {
            IndirectView::<f64, 2>::from_raw_parts(t.as_ptr().cast(), [S, S], [8, 8], [0, -1])
        }
    };
    let [ka, kb, kc, kd, kf] = keep;
    Kernel::new("K6_sum_indirect_2000", S * S)
        .case(Form::Raw, move || {
            let _rows = &ka;
            let t = black_box(a.as_ptr());
            let mut acc = 0.0;
            for i in 0..S {
                // SAFETY: row i of the table points at S elements.
                let row = unsafe { *t.add(i) };
                for j in 0..S {
                    // SAFETY: j < S.
                    acc += unsafe { *row.add(j) };
                }
            }
            acc
        })
        .case(Form::Index, move || {
            let _rows = &kb;
            let v = view(black_box(&b[..]));
            let [rows, cols] = *v.shape();
            let mut acc = 0.0;
            for i in 0..rows {
                for j in 0..cols {
                    acc += v[[i, j]];
                }
            }
            acc
        })
        .case(Form::Unchecked, move || {
            // IndirectView has no unchecked access: its rows, each a direct view, are the
            // unchecked path.
            let _rows = &kc;
            let v = view(black_box(&c[..]));
            let mut acc = 0.0;
            for i in 0..v.shape()[0] {
                let row = v
                    .index_axis::<1>(0, i as isize)
                    .unwrap()
                    .as_direct()
                    .unwrap();
                for j in 0..row.shape()[0] {
                    // SAFETY: j is below the row's extent.
                    acc += unsafe { *row.get_unchecked([j]) };
                }
            }
            acc
        })
        .case(Form::Iter, move || {
            let _rows = &kd;
            view(black_box(&d[..])).iter().fold(0.0, |acc, &x| acc + x)
        })
        .case(Form::NdBest, move || {
            let _rows = &kf;
            let mut acc = 0.0;
            for &row in black_box(&f[..]) {
                // SAFETY: each row pointer addresses S initialised f64 that `kf` holds.
                let row = unsafe { ndarray::ArrayView1::from_shape_ptr(S, row) };
                acc = row.iter().fold(acc, |acc, &x| acc + x);
            }
            acc
        })
        .verified()
}

/// K8: the wrapping sum of a 2000 x 2000 `i64` array (integer adds vectorise; float adds in
/// order do not).
pub(crate) fn k8() -> Kernel {
    let x: Rc<Vec<i64>> = Rc::new((0..(S * S) as i64).map(|k| k * 7919).collect());
    let (a, b, c, d, e, f) = (x.clone(), x.clone(), x.clone(), x.clone(), x.clone(), x);
    let probe = |acc: i64| acc as f64;
    Kernel::new("K8_wrapping_i64_sum_2000", S * S)
        .case(Form::Raw, move || {
            let p = black_box(a.as_ptr());
            let mut acc = 0_i64;
            for i in 0..S {
                for j in 0..S {
                    // SAFETY: (i, j) is inside the S x S array.
                    acc = acc.wrapping_add(unsafe { *p.add(i * S + j) });
                }
            }
            probe(acc)
        })
        .case(Form::Index, move || {
            let v = MemViewSlice::from_slice(black_box(&b[..]), [S, S]).unwrap();
            let [rows, cols] = *v.shape();
            let mut acc = 0_i64;
            for i in 0..rows {
                for j in 0..cols {
                    acc = acc.wrapping_add(v[[i, j]]);
                }
            }
            probe(acc)
        })
        .case(Form::Unchecked, move || {
            let v = MemViewSlice::from_slice(black_box(&c[..]), [S, S]).unwrap();
            let [rows, cols] = *v.shape();
            let mut acc = 0_i64;
            for i in 0..rows {
                for j in 0..cols {
                    // SAFETY: (i, j) is below the shape.
                    acc = acc.wrapping_add(unsafe { *v.get_unchecked([i, j]) });
                }
            }
            probe(acc)
        })
        .case(Form::Iter, move || {
            let v = MemViewSlice::from_slice(black_box(&d[..]), [S, S]).unwrap();
            probe(Zip::from(v).fold(0_i64, |acc, &x| acc.wrapping_add(x)))
        })
        .case(Form::NdIndex, move || {
            let v = ArrayView2::from_shape((S, S), black_box(&e[..])).unwrap();
            let (rows, cols) = v.dim();
            let mut acc = 0_i64;
            for i in 0..rows {
                for j in 0..cols {
                    acc = acc.wrapping_add(v[[i, j]]);
                }
            }
            probe(acc)
        })
        .case(Form::NdBest, move || {
            let v = ArrayView2::from_shape((S, S), black_box(&f[..])).unwrap();
            probe(v.iter().fold(0_i64, |acc, &x| acc.wrapping_add(x)))
        })
        .verified()
}
