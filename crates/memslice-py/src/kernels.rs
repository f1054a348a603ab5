//! The `memslice` module's kernels over any buffer of 1 to 4 dimensions: `sum` and `par_sum`
//! (format `d`, or `q`/`l` for an int result), `fill`, `copy`, each running with the GIL
//! released, and `describe`. They are `#[pyfunction]`s: another extension module can export
//! them as they are, or call them from Rust.
//!
//! ```
//! use pyo3::prelude::*;
//!
//! Python::attach(|py| -> PyResult<()> {
//!     let sum = pyo3::wrap_pyfunction!(memslice_py::kernels::sum, py)?;
//!     let data = py.import("array")?.getattr("array")?.call1(("d", vec![0.5; 10]))?;
//!     assert_eq!(sum.call1((&data,))?.extract::<f64>()?, 5.0);
//!     let describe = pyo3::wrap_pyfunction!(memslice_py::kernels::describe, py)?;
//!     let d = describe.call1((&data,))?;
//!     assert_eq!(d.get_item("strides")?.extract::<(isize,)>()?, (8,));
//!     Ok(())
//! })
//! .unwrap();
//! ```

use bytemuck::Pod;
use memslice_alloc::Array as Owned;
use memslice_core::buffer::{Element, Format};
use memslice_core::layout::{self, Order};
use memslice_core::{IndirectView, MemViewSlice};
use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::held::Held;
use crate::import::PyExport;
use crate::owners::{Array, parse_order};
use crate::to_pyerr;
use memslice_core::buffer::Flags;

/// Calls `$f::<$t, N>($args)` for the export's rank `N` in 1..=4.
macro_rules! by_ndim {
    ($export:expr, $f:ident::<$t:ty>($($arg:expr),*)) => {
        match $export.info().ndim() {
            1 => $f::<$t, 1>($($arg),*),
            2 => $f::<$t, 2>($($arg),*),
            3 => $f::<$t, 3>($($arg),*),
            4 => $f::<$t, 4>($($arg),*),
            n => Err(PyValueError::new_err(format!(
                "memslice kernels take buffers of 1 to 4 dimensions, not {n} (shape {:?}, \
                 strides {:?}, format {:?})",
                $export.info().shape().unwrap_or(&[]),
                $export.info().strides().unwrap_or(&[]),
                $export.info().format()
            ))),
        }
    };
}

fn is_indirect(export: &PyExport<'_>) -> bool {
    export
        .info()
        .suboffsets()
        .is_some_and(|s| s.iter().any(|&x| x >= 0))
}

/// What `sum` and `par_sum` add: floats, or ints summed exactly (in `i128`, which no sum of at
/// most `isize::MAX` 64-bit ints can overflow) and returned as a Python int, as Python's own
/// `sum` does (NumPy wraps).
trait Summable: Element + Copy + Send + Sync {
    /// The running sum's type.
    type Acc: Copy + Send + Sync;
    const ZERO: Self::Acc;
    /// `acc + x`.
    fn add(acc: Self::Acc, x: Self) -> Self::Acc;
    /// The sum of two partial sums.
    fn combine(a: Self::Acc, b: Self::Acc) -> Self::Acc;
    /// The sum of a contiguous run of elements.
    fn sum_slice(xs: &[Self]) -> Self::Acc;

    fn to_py(acc: Self::Acc, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

impl Summable for f64 {
    type Acc = f64;
    const ZERO: f64 = 0.0;
    fn add(acc: f64, x: f64) -> f64 {
        acc + x
    }
    fn combine(a: f64, b: f64) -> f64 {
        a + b
    }
    /// Eight interleaved partial sums, added in a fixed order at the end: the loop the
    /// compiler vectorises (one running sum is one long chain of dependent additions).
    fn sum_slice(xs: &[f64]) -> f64 {
        let mut acc = [0.0; 8];
        let chunks = xs.chunks_exact(8);
        let rest = chunks.remainder();
        for c in chunks {
            for (a, &x) in acc.iter_mut().zip(c) {
                *a += x;
            }
        }
        rest.iter().fold(acc.iter().sum::<f64>(), |t, &x| t + x)
    }
    fn to_py(acc: f64, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(acc.into_pyobject(py)?.into_any().unbind())
    }
}

impl Summable for i64 {
    type Acc = i128;
    const ZERO: i128 = 0;
    fn add(acc: i128, x: i64) -> i128 {
        acc + i128::from(x)
    }
    fn combine(a: i128, b: i128) -> i128 {
        a + b
    }
    fn sum_slice(xs: &[i64]) -> i128 {
        xs.iter().fold(0, |acc, &x| acc + i128::from(x))
    }
    fn to_py(acc: i128, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(acc.into_pyobject(py)?.into_any().unbind())
    }
}

/// The serial sum: a C-contiguous view as one run; any other lane by lane along the last axis,
/// in C order, eight lanes at a time so that eight independent sums are in flight (and, for a
/// transposed array, the eight lanes' elements at one index share a cache line).
fn sum_serial<T: Summable, const N: usize>(v: MemViewSlice<'_, T, N>) -> T::Acc {
    if let Some(xs) = v.as_slice() {
        return T::sum_slice(xs);
    }
    let mut lanes = v.lanes(N - 1);
    let mut total = T::ZERO;
    let mut group = Vec::with_capacity(8);
    loop {
        group.clear();
        group.extend(lanes.by_ref().take(8));
        let Some(first) = group.first() else {
            return total;
        };
        let mut acc = [T::ZERO; 8];
        for j in 0..first.len() {
            for (a, lane) in acc.iter_mut().zip(&group) {
                *a = T::add(*a, lane[[j]]);
            }
        }
        for &a in &acc[..group.len()] {
            total = T::combine(total, a);
        }
    }
}

/// The parallel sum: a contiguous view (C or Fortran) in memory order, in chunks across
/// rayon's threads; any other layout through memslice's `par_fold`.
fn sum_parallel<T: Summable, const N: usize>(v: MemViewSlice<'_, T, N>) -> T::Acc {
    use rayon::prelude::*;
    if let Some(xs) = v.as_slice().or_else(|| v.t().as_slice()) {
        return xs
            .par_chunks(1 << 14)
            .map(T::sum_slice)
            .reduce(|| T::ZERO, T::combine);
    }
    v.par_fold(|| T::ZERO, |acc, &x| T::add(acc, x), T::combine)
}

fn sum_n<T: Summable, const N: usize>(
    py: Python<'_>,
    export: &PyExport<'_>,
    parallel: bool,
) -> PyResult<T::Acc> {
    if is_indirect(export) {
        // Indirect views walk serially, in C order, whatever `parallel` says.
        let v: IndirectView<'_, T, N> = export.indirect()?;
        return Ok(py.detach(|| v.iter().fold(T::ZERO, |acc, &x| T::add(acc, x))));
    }
    let v: MemViewSlice<'_, T, N> = export.view()?;
    Ok(py.detach(|| {
        if parallel {
            sum_parallel(v)
        } else {
            sum_serial(v)
        }
    }))
}

fn sum_any(obj: &Bound<'_, PyAny>, parallel: bool) -> PyResult<Py<PyAny>> {
    let py = obj.py();
    let export = PyExport::readonly(obj)?;
    let format = Format::parse(export.info().format()).map_err(|e| to_pyerr(e.into()))?;
    if f64::accepts(&format) {
        let total = by_ndim!(export, sum_n::<f64>(py, &export, parallel))?;
        f64::to_py(total, py)
    } else if i64::accepts(&format) {
        let total = by_ndim!(export, sum_n::<i64>(py, &export, parallel))?;
        i64::to_py(total, py)
    } else {
        Err(PyTypeError::new_err(format!(
            "memslice.sum takes buffers of format 'd', 'q' or an 8-byte 'l', not {:?}",
            export.info().format()
        )))
    }
}

/// The sum of every element, in C order, with the GIL released: a float for format `d`, an
/// int for `q` (and `l` where `long` is 8 bytes), exact as Python's own `sum` is (NumPy
/// wraps). Floats of a C-contiguous buffer are added in eight interleaved partial sums; of any other, each row
/// (lane along the last axis) in order, eight rows at a time, the rows' sums in C order.
/// Indirect buffers are summed too, element by element.
#[pyfunction]
pub fn sum(obj: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    sum_any(obj, false)
}

/// As `sum`, split across rayon's threads (floats then add in another order).
#[pyfunction]
pub fn par_sum(obj: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    sum_any(obj, true)
}

fn fill_n<T: Element + Pod + Send + Sync, const N: usize>(
    py: Python<'_>,
    export: &mut PyExport<'_>,
    value: T,
) -> PyResult<()> {
    let mut m = export.view_mut::<T, N>()?;
    py.detach(|| m.fill(value));
    Ok(())
}

/// Sets every element to `value`, with the GIL released. The buffer must be writable, direct,
/// of format `d` (a float value) or `q`/`l` (an int), and without overlapping elements.
#[pyfunction]
pub fn fill(obj: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
    let py = obj.py();
    let mut export = PyExport::writable(obj)?;
    let format = Format::parse(export.info().format()).map_err(|e| to_pyerr(e.into()))?;
    let bad_value = |e: PyErr, want: &str| {
        let format = export.info().format();
        // A number of the right kind but out of range is an OverflowError, as NumPy's
        // `fill(10**400)` raises; anything else is the wrong type.
        let err = if e.is_instance_of::<PyOverflowError>(py) {
            PyOverflowError::new_err(format!(
                "memslice.fill of a buffer of format {format:?} takes {want}: {}",
                e.value(py)
            ))
        } else {
            let name = value
                .get_type()
                .name()
                .map_or_else(|_| "object".into(), |n| n.to_string());
            PyTypeError::new_err(format!(
                "memslice.fill of a buffer of format {format:?} takes {want}, not {name}"
            ))
        };
        err.set_cause(py, Some(e));
        err
    };
    if f64::accepts(&format) {
        let v: f64 = value.extract().map_err(|e| bad_value(e, "a float"))?;
        by_ndim!(export, fill_n::<f64>(py, &mut export, v))
    } else if i64::accepts(&format) {
        let v: i64 = value
            .extract()
            .map_err(|e| bad_value(e, "an int that fits 64 bits"))?;
        by_ndim!(export, fill_n::<i64>(py, &mut export, v))
    } else {
        Err(PyTypeError::new_err(format!(
            "memslice.fill takes buffers of format 'd', 'q' or an 8-byte 'l', not {:?}",
            export.info().format()
        )))
    }
}

fn copy_n<T: Element + Pod + Send + Sync, const N: usize>(
    py: Python<'_>,
    export: &PyExport<'_>,
    order: Order,
) -> PyResult<Array> {
    // The destination is reserved fallibly, once, and then filled: an infallible allocation
    // would abort on a refused one, and a huge (say, a zero-stride `as_strided`) source must
    // raise MemoryError, as NumPy does.
    let reserve = |n: usize| {
        let mut out = Vec::<T>::new();
        out.try_reserve_exact(n).map(|()| out).map_err(|_| {
            pyo3::exceptions::PyMemoryError::new_err(format!(
                "cannot allocate {} bytes",
                export.info().len()
            ))
        })
    };
    let owned: Owned<T, N> = if is_indirect(export) {
        let v: IndirectView<'_, T, N> = export.indirect()?;
        let shape = *v.shape();
        // A count past usize is refused by the reservation like any other too-large one.
        let mut out = reserve(layout::checked_size(&shape).unwrap_or(usize::MAX))?;
        py.detach(|| {
            out.extend(v.iter().copied());
            match order {
                Order::C => Owned::from_vec(out, shape, Order::C),
                // No transposed indirect view: C order, then rearranged (a second copy).
                Order::F => {
                    let c = Owned::from_vec(out, shape, Order::C)?;
                    Ok(Owned::from_fn(shape, Order::F, |i| c.view()[i]))
                }
            }
        })
        .map_err(crate::view_pyerr)?
    } else {
        let v: MemViewSlice<'_, T, N> = export.view()?;
        let shape = *v.shape();
        let mut out = reserve(v.size())?;
        py.detach(|| {
            // C order of the transpose is F order of the view.
            let in_order = match order {
                Order::C => v,
                Order::F => v.t(),
            };
            match in_order.as_slice() {
                Some(s) => out.extend_from_slice(s),
                None => out.extend(in_order.iter().copied()),
            }
            Owned::from_vec(out, shape, order)
        })
        .map_err(crate::view_pyerr)?
    };
    Ok(Array::from_array(owned)?.with_format(export.info().format()))
}

/// A new `Array` holding a copy of the elements in C or Fortran order, made with the GIL
/// released; the format is kept. Formats `b B h H i I l L q Q n N f d`.
#[pyfunction]
#[pyo3(signature = (obj, order = "C"))]
pub fn copy(obj: &Bound<'_, PyAny>, order: &str) -> PyResult<Array> {
    let py = obj.py();
    let order = parse_order(order)?;
    let export = PyExport::readonly(obj)?;
    let format = Format::parse(export.info().format()).map_err(|e| to_pyerr(e.into()))?;
    macro_rules! by_type {
        ($($t:ty),*) => {
            $(if <$t>::accepts(&format) {
                return by_ndim!(export, copy_n::<$t>(py, &export, order));
            })*
        };
    }
    by_type!(f64, f32, i64, u64, i32, u32, i16, u16, i8, u8);
    Err(PyTypeError::new_err(format!(
        "memslice.copy takes buffers of the struct formats b B h H i I l L q Q n N f d, not {:?}",
        export.info().format()
    )))
}

/// What memslice saw of `obj`'s buffer (`PyBUF_FULL_RO`, as `memoryview(obj)` asks): `shape`,
/// `strides`, `suboffsets` (`None` without), `format`, `itemsize`, `ndim`, `nbytes`,
/// `readonly`, `c_contiguous`, `f_contiguous`.
#[pyfunction]
pub fn describe<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let py = obj.py();
    let held = Held::get(obj, Flags::FULL_RO)?;
    let g = held.parts()?.geometry();
    let d = PyDict::new(py);
    d.set_item("shape", PyTuple::new(py, &g.shape)?)?;
    d.set_item("strides", PyTuple::new(py, &g.strides)?)?;
    match &g.suboffsets {
        Some(s) => d.set_item("suboffsets", PyTuple::new(py, s)?)?,
        None => d.set_item("suboffsets", py.None())?,
    }
    d.set_item("format", &g.format)?;
    d.set_item("itemsize", g.itemsize)?;
    d.set_item("ndim", g.shape.len())?;
    d.set_item("nbytes", g.len)?;
    d.set_item("readonly", g.readonly)?;
    d.set_item("c_contiguous", g.is_contiguous(Order::C))?;
    d.set_item("f_contiguous", g.is_contiguous(Order::F))?;
    Ok(d)
}
