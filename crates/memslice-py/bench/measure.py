"""Measurements for issue 13 (run by hand, not a test): ns per call to get a view of a NumPy
array (memslice-py vs pyo3's PyBuffer::get vs rust-numpy's as_array), and memslice.sum /
par_sum against numpy.sum on a 2000x2000 float64 array and its transpose.

    python crates/memslice-py/bench/measure.py

needs `memslice` and `memslice_py_bench` installed in the running Python (build.sh does it).
Timings on a shared machine are noisy: each is the best of several repeats.
"""

import os
import timeit

import numpy as np

import memslice
import memslice_py_bench as b


def best(stmt, number, repeat=15, **names):
    return min(timeit.repeat(stmt, number=number, repeat=repeat, globals=names)) / number


def main():
    print(f"cpus: {os.cpu_count()}, numpy {np.__version__}")
    a = np.zeros((2000, 2000))
    a[0, 0] = 1.0
    n = 200_000
    base = best("f(a)", n, f=b.noop, a=a)
    print(f"\n{'view of a 2000x2000 float64 array':40} ns/call   (call overhead {base * 1e9:.0f} ns subtracted)")
    for name, f in [
        ("PyObject_GetBuffer + PyBuffer_Release", b.getbuffer_release),
        ("memslice-py PyExport + view::<f64, 2>", b.memslice_view),
        ("  of which PyExport::readonly alone", b.memslice_export),
        ("pyo3 PyBuffer::<f64>::get", b.pyo3_buffer),
        ("rust-numpy readonly().as_array()", b.numpy_as_array),
    ]:
        t = best("f(a)", n, f=f, a=a) - base
        print(f"{name:40} {t * 1e9:7.0f}")

    print(f"\n{'sum of 2000x2000 float64':40} ms/call")
    for label, x in [("C order", a), ("transposed", a.T)]:
        for name, f in [("numpy.sum", np.sum), ("memslice.sum", memslice.sum), ("memslice.par_sum", memslice.par_sum)]:
            t = best("f(x)", 20, repeat=5, f=f, x=x)
            print(f"{name + ' (' + label + ')':40} {t * 1e3:7.2f}")


if __name__ == "__main__":
    main()
