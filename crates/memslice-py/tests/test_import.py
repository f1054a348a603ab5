"""Any Python buffer in: bytes, bytearray, array.array, memoryview (sliced, cast, read-only),
NumPy arrays (C, F, transposed, negative and stepped strides, as_strided, zero-size) and
PIL-style buffers. What memslice sees (describe) is what CPython's memoryview sees, and the
kernels read the same elements."""

import array

import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

import memslice
from conftest import needs_testbuffer, tb


def seen_by_memoryview(obj):
    m = memoryview(obj)
    return {
        "shape": m.shape,
        "strides": m.strides,
        "suboffsets": m.suboffsets or None,
        "format": m.format,
        "itemsize": m.itemsize,
        "ndim": m.ndim,
        "nbytes": m.nbytes,
        "readonly": m.readonly,
        "c_contiguous": m.c_contiguous,
        "f_contiguous": m.f_contiguous,
    }


base = np.arange(24.0).reshape(4, 6)
BUFFERS = {
    "bytes": b"choco",
    "bytearray": bytearray(b"choco"),
    "array.array": array.array("d", [1.0, 2.0, 3.0]),
    "array.array q": array.array("q", [1, 2, 3]),
    "memoryview sliced": memoryview(bytearray(range(10)))[2:8:2],
    "memoryview cast": memoryview(bytearray(48)).cast("d", (2, 3)),
    "memoryview readonly": memoryview(bytearray(8)).toreadonly(),
    "numpy C": base,
    "numpy F": np.asfortranarray(base),
    "numpy transposed": base.T,
    "numpy negative": base[::-1, ::-1],
    "numpy stepped": base[::2, 1::3],
    "numpy column": base[:, 2],
    "numpy as_strided overlapping": as_strided(base, shape=(3, 4), strides=(8, 8)),
    "numpy zero-size": np.zeros((3, 0)),
    "numpy 3-d": np.arange(60.0).reshape(3, 4, 5)[:, ::-2],
    "numpy readonly": np.frombuffer(b"\0" * 16, dtype="d"),
    "memslice.Array": memslice.Array((2, 3)),
}


@pytest.mark.parametrize("name", list(BUFFERS))
def test_describe_is_what_memoryview_sees(name):
    obj = BUFFERS[name]
    d = memslice.describe(obj)
    assert d == seen_by_memoryview(obj)


@pytest.mark.parametrize("name", list(BUFFERS))
def test_view_reads_what_memoryview_reads(name):
    obj = BUFFERS[name]
    v = memslice.View(obj)
    m = memoryview(obj)
    assert (v.shape, v.strides, v.format, v.readonly) == (m.shape, m.strides, m.format, m.readonly)
    assert v.tolist() == m.tolist()
    assert memoryview(v).tobytes() == m.tobytes()


@pytest.mark.parametrize(
    "name",
    [n for n in BUFFERS if memoryview(BUFFERS[n]).format in ("d", "q", "l") and 1 <= memoryview(BUFFERS[n]).ndim <= 4],
)
def test_sum_and_copy_read_the_same_elements(name):
    obj = BUFFERS[name]
    expected = np.asarray(memoryview(obj)).sum()
    assert memslice.sum(obj) == expected
    assert memslice.par_sum(obj) == pytest.approx(expected)
    for order in "CF":
        c = memslice.copy(obj, order)
        n = np.asarray(c)
        np.testing.assert_array_equal(n, np.asarray(memoryview(obj)))
        assert n.flags.c_contiguous if order == "C" else n.flags.f_contiguous
        assert not np.shares_memory(n, np.asarray(memoryview(obj)))


@needs_testbuffer
def test_pil_buffer():
    p = tb.ndarray(list(range(12)), shape=[3, 4], format="q", flags=tb.ND_PIL)
    d = memslice.describe(p)
    assert d == seen_by_memoryview(p)
    assert d["suboffsets"] is not None and not d["c_contiguous"]
    assert memslice.sum(p) == memslice.par_sum(p) == 66
    c = memslice.copy(p, "F")
    np.testing.assert_array_equal(np.asarray(c), np.arange(12).reshape(3, 4))
    assert np.asarray(c).flags.f_contiguous


def test_zero_size_buffers():
    for obj in [b"", np.zeros(0), np.zeros((3, 0)), np.zeros((0, 4))[::-1]]:
        v = memslice.View(obj)
        assert v.tolist() == memoryview(obj).tolist()
    assert memslice.sum(np.zeros((3, 0))) == 0.0
    assert memslice.sum(np.zeros(0, dtype="q")) == 0
    memslice.fill(np.zeros((0, 3)), 1.0)
    assert np.asarray(memslice.copy(np.zeros((2, 0)), "F")).shape == (2, 0)


def test_long_format_is_accepted_where_it_is_8_bytes():
    a = np.arange(10)  # NumPy's default int: format 'l' on LP64 systems
    assert memoryview(a).format in ("l", "q")
    assert memslice.sum(a) == 45 and isinstance(memslice.sum(a), int)
