//! A tour of memslice: views of existing memory, NumPy's slicing, zero-copy sub-views, and the
//! errors that replace undefined behaviour. Run with `cargo run --release --example tour`.

use memslice::layout::Order;
use memslice::{MemViewSlice, MemViewSliceMut, Slice, Zip, s};
use rayon::prelude::*;

/// Prints a 2-d view row by row (element iteration comes with the iteration issue).
fn show(label: &str, v: MemViewSlice<'_, i64, 2>) {
    let rows: Vec<String> = (0..v.shape()[0])
        .map(|i| {
            let row: Vec<String> = (0..v.shape()[1]).map(|j| v[[i, j]].to_string()).collect();
            format!("[{}]", row.join(", "))
        })
        .collect();
    println!(
        "{label:<28} shape {:?} strides {:?}  [{}]",
        v.shape(),
        v.strides(),
        rows.join(", ")
    );
}

fn main() {
    println!("== 1. A view borrows memory that already exists: no copy, no allocation");
    let mut data: Vec<i64> = (0..24).collect();
    let a = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap(); // np.arange(24).reshape(2, 3, 4)
    println!(
        "a = view of a Vec<i64>       shape {:?} strides {:?} (bytes)",
        a.shape(),
        a.strides()
    );
    println!(
        "a[1, 2, 3] = {}   a.get([2, 0, 0]) = {:?}",
        a[[1, 2, 3]],
        a.get([2, 0, 0])
    );
    println!(
        "a.get_wraparound([-1, -1, -1]) = {:?}",
        a.get_wraparound([-1, -1, -1])
    );
    println!("same memory: {}", a.as_ptr() == data.as_ptr());

    println!("\n== 2. NumPy's slicing, exactly, as pure arithmetic");
    show("a[0]", a.slice(s![0]));
    show("a[-1, ::2, 1:3]", a.slice(s![-1, ..;2, 1..3]));
    show("a[..., -1]", a.slice(s![..., -1]));
    show("a[1, 2:0:-1, ::-3]", a.slice(s![1, 2..0;-1, ..;-3]));
    show("a[0].T", a.index_axis(0, 0).t());
    let b = a.slice(s![0, NewAxis, 1, ..]);
    show("a[0, None, 1, :]", b);
    println!(
        "a[:, 5:, :] is empty: shape {:?}",
        a.slice(s![.., 5.., ..]).shape()
    );
    let py = Slice::new(Some(-100), Some(100), 3).indices(4).unwrap();
    println!(
        "slice(-100, 100, 3).indices(4) = ({}, {}, {}), {} elements",
        py.start, py.stop, py.step, py.len
    );

    println!("\n== 3. Contiguity by CPython's rules, and zero-copy slices");
    let m = a.index_axis(0, 1);
    println!(
        "a[1]   C-contiguous: {}, as_slice: {:?}",
        m.is_c_contiguous(),
        m.as_slice()
    );
    println!(
        "a[1].T F-contiguous: {}, as_slice: {:?}",
        m.t().is_f_contiguous(),
        m.t().as_slice()
    );
    let f = MemViewSlice::from_slice_in(&data[..6], [2, 3], Order::F).unwrap();
    show("Fortran-order view", f);

    println!("\n== 4. Exclusive views: write through sub-views, split into disjoint halves");
    {
        let mut m = MemViewSliceMut::from_slice(&mut data, [4, 6]).unwrap();
        m.reborrow().slice(s![.., 0])[[3]] = -1; // a[:, 0][3] = -1
        let (mut left, mut right) = m.split_at(1, 3);
        std::thread::scope(|scope| {
            scope.spawn(move || left[[0, 0]] = 100);
            scope.spawn(move || right[[0, 0]] = 200);
        });
    }
    show(
        "after the writes",
        MemViewSlice::from_slice(&data, [4, 6]).unwrap(),
    );

    println!("\n== 5. Iteration, copies that say so, broadcasting");
    let v = MemViewSlice::from_slice(&data, [4, 6]).unwrap();
    println!("v[1:3, ::2]           = {:?}", v.slice(s![1..3, ..;2]));
    let t: Vec<i64> = v.slice(s![..2, ..3]).t().iter().copied().collect();
    println!("v[:2, :3].T.flatten() = {t:?}   (iter walks C order, whatever the strides)");
    println!(
        "sum of v              = {}   (fold runs whole rows as slice loops)",
        v.iter().sum::<i64>()
    );
    println!(
        "row sums              = {:?}",
        v.outer_iter()
            .map(|r| r.iter().sum::<i64>())
            .collect::<Vec<_>>()
    );
    println!(
        "to_vec_in(F) of v[:2, :2] = {:?}   (a copy: the name says so)",
        v.slice(s![..2, ..2]).to_vec_in(Order::F)
    );
    let row = [1_i64, 2, 3];
    let rv = MemViewSlice::from_slice(&row, [3]).unwrap();
    println!(
        "np.broadcast_to(row, (2, 3)) = {:?}",
        rv.broadcast_to([2, 3])
    );
    let mut grid = [0_i64; 6];
    {
        let mut g = MemViewSliceMut::from_slice(&mut grid, [2, 3]).unwrap();
        g.assign(&rv).unwrap(); // g[:, :] = row
        g.reborrow()
            .index_axis(0, 1)
            .zip_mut_with(&rv, |x, &r| *x *= 10 * r)
            .unwrap();
    }
    println!("g[:, :] = row; g[1] *= 10 * row  -> {grid:?}");

    println!("\n== 6. Parallel kernels with rayon: views split without locks");
    let n = 1000;
    let x: Vec<f64> = (0..n * n).map(|k| (k % 100) as f64).collect();
    let mut y = vec![1.0; n * n];
    let xv = MemViewSlice::from_slice(&x, [n, n]).unwrap();
    let yv = MemViewSliceMut::from_slice(&mut y, [n, n]).unwrap();
    Zip::from(yv)
        .and(xv.t())
        .par_for_each(|y, &x| *y += 0.5 * x); // y += 0.5 * x.T, in parallel
    let yv = MemViewSlice::from_slice(&y, [n, n]).unwrap();
    println!(
        "y = 1 + 0.5 x.T: y[3, 7] = {} (x[7, 3] = {})",
        yv[[3, 7]],
        xv[[7, 3]]
    );
    println!(
        "par_sum(y) = {}, serial sum = {}",
        yv.par_sum(),
        yv.iter().sum::<f64>()
    );
    println!("par_dot(x, x.T) = {}", xv.par_dot(&xv.t()).unwrap());
    let col_max: Vec<f64> = xv
        .par_axis_iter(1)
        .map(|c| c.iter().copied().fold(f64::MIN, f64::max))
        .collect();
    println!("column maxima (par_axis_iter): {:?} ...", &col_max[..4]);

    println!("\n== 7. Bad input is a named error, never undefined behaviour");
    let short = &data[..5];
    println!("{}", MemViewSlice::from_slice(short, [2, 3]).unwrap_err());
    println!(
        "{}",
        MemViewSlice::from_slice_strided(short, [3], [16], 8).unwrap_err()
    );
    println!(
        "{}",
        MemViewSlice::from_slice_strided(short, [2], [4], 0).unwrap_err()
    );
    let mut scratch = [0_i64; 6];
    println!(
        "{}",
        MemViewSliceMut::from_slice_strided(&mut scratch, [2, 3], [0, 8], 0).unwrap_err()
    );
    let v = MemViewSlice::from_slice(&data, [4, 6]).unwrap();
    println!("{}", v.try_slice(s![.., 6]).unwrap_err());
    println!("{}", v.try_slice(s![..;0]).unwrap_err());
    println!("(and `data.push(..)` while a view of `data` lives does not compile at all)");
}
