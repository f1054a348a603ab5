"""Objects memslice exports (Array, View, ByteArray) answer every request flag exactly as
CPython does: Array and View as CPython's own memoryview of the same layout, ByteArray as
bytearray; and they count their exports."""

import gc

import numpy as np
import pytest

import memslice
from conftest import consume, needs_testbuffer, request_flags, tb

SHAPES = [(), (0,), (1,), (5,), (2, 3), (3, 1), (1, 4), (2, 0, 3), (2, 3, 4)]


def filled_array(shape, fmt, order):
    a = memslice.Array(shape, fmt, order)
    n = np.asarray(a)
    n[...] = np.arange(n.size).reshape(n.shape) % 100
    return a


@needs_testbuffer
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("fmt", ["d", "b", "H", "q"])
def test_array_flags_match_memoryview(shape, order, fmt):
    a = filled_array(shape, fmt, order)
    reference = memoryview(a)
    for flags in request_flags():
        assert consume(a, flags) == consume(reference, flags), hex(flags)


@needs_testbuffer
def test_f_order_array_refuses_c_contiguous():
    a = memslice.Array((2, 3), "d", "F")
    with pytest.raises(BufferError, match="not C-contiguous"):
        tb.ndarray(a, getbuf=tb.PyBUF_C_CONTIGUOUS)
    with pytest.raises(BufferError):
        tb.ndarray(a, getbuf=tb.PyBUF_ND)  # no strides: C order assumed
    nd = tb.ndarray(a, getbuf=tb.PyBUF_F_CONTIGUOUS)
    assert nd.strides == (8, 16)


def test_array_attributes_and_numpy_sharing():
    a = memslice.Array((2, 3), format="i", order="F")
    assert (a.shape, a.strides, a.format, a.itemsize, a.ndim, a.readonly) == ((2, 3), (4, 8), "i", 4, 2, False)
    n = np.asarray(a)
    assert n.dtype == np.int32 and n.flags.f_contiguous and not n.flags.owndata
    n[1, 2] = 7
    assert memoryview(a)[1, 2] == 7
    assert memoryview(a).tolist() == [[0, 0, 0], [0, 0, 7]]


@pytest.mark.parametrize("fmt", list("bBhHiIlLqQfd"))
def test_array_every_format(fmt):
    a = memslice.Array(4, fmt)
    m = memoryview(a)
    assert (m.format, m.itemsize, m.shape) == (fmt, np.dtype(fmt).itemsize, (4,))
    assert np.asarray(a).dtype == np.dtype(fmt)


@needs_testbuffer
@pytest.mark.parametrize(
    "key",
    [
        (slice(None), slice(None)),
        (slice(None, None, 2), slice(None, None, -1)),
        (1,),
        (slice(None), 2),
        (None, slice(None), None),
        (Ellipsis, None),
        (slice(3, 1), slice(None)),
        (1, 2, Ellipsis),
    ],
)
@pytest.mark.parametrize("transpose", [False, True])
def test_view_flags_match_memoryview(key, transpose):
    base = np.arange(24.0).reshape(4, 6)
    v = memslice.View(base.T if transpose else base)[key]
    reference = memoryview(v)
    for flags in request_flags():
        assert consume(v, flags) == consume(reference, flags), hex(flags)


@needs_testbuffer
def test_pil_view_flags_match_memoryview():
    p = tb.ndarray(list(range(12)), shape=[3, 4], format="q", flags=tb.ND_PIL)
    for v in [memslice.View(p), memslice.View(p)[1:, ::2], memslice.View(p)[None, 2]]:
        reference = memoryview(v)
        for flags in request_flags():
            assert consume(v, flags) == consume(reference, flags), hex(flags)
        assert v.tolist() == reference.tolist()


@needs_testbuffer
@pytest.mark.parametrize("data", [b"", b"x", b"choco"])
def test_bytearray_flags_match_bytearray(data):
    ours, theirs = memslice.ByteArray(data), bytearray(data)
    for flags in request_flags():
        assert consume(ours, flags) == consume(theirs, flags), hex(flags)


def test_readonly_view_refuses_writable():
    v = memslice.View(b"abc")
    assert v.readonly and memoryview(v).readonly
    n = np.asarray(v)
    assert not n.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        n[0] = 1
    if tb is not None:
        with pytest.raises(BufferError, match="not writable"):
            tb.ndarray(v, getbuf=tb.PyBUF_WRITABLE)


def test_bytearray_refuses_to_resize_while_exported():
    b = memslice.ByteArray(b"choco")
    m = memoryview(b)
    assert b.exports == 1
    with pytest.raises(BufferError, match="Existing exports of data: object cannot be re-sized"):
        b.extend(b"late")
    with pytest.raises(BufferError, match="Existing exports"):
        b.resize(1)
    # Nothing moves, so these are allowed while exported, as bytearray allows them.
    b.extend(b"")
    b.resize(5)
    ba = bytearray(b"choco")
    with memoryview(ba):
        ba.extend(b"")
        ba[:] = b"choco"  # same size
    n = np.frombuffer(b, dtype="u1")
    m.release()
    with pytest.raises(BufferError):  # the NumPy array still holds an export
        b.resize(100)
    del n
    gc.collect()
    assert b.exports == 0
    b.extend(b"late")
    b.extend(b)  # copied before growing, as bytearray does
    assert bytes(b) == b"chocolatechocolate" and len(b) == 18
    b.resize(2)
    assert bytes(b) == b"ch"


def test_bytearray_takes_any_buffer_in_c_order():
    a = np.arange(6, dtype="u1").reshape(2, 3)
    for x in [a.T, a[:, ::-2], memoryview(bytearray(b"abcdef"))[::2]]:
        assert bytes(memslice.ByteArray(x)) == bytes(bytearray(x)) == np.ascontiguousarray(x).tobytes()
        b = memslice.ByteArray(b"<")
        b.extend(x)
        assert bytes(b) == b"<" + bytes(bytearray(x))
    if tb is not None:
        p = tb.ndarray(list(range(6)), shape=[2, 3], format="B", flags=tb.ND_PIL)
        assert bytes(memslice.ByteArray(p)) == bytes(range(6))


def test_export_counts_and_keeps_owner_alive():
    a = memslice.Array(3, "q")
    m1, m2 = memoryview(a), memoryview(a)
    assert a.exports == 2
    m1.release()
    assert a.exports == 1
    n = np.asarray(a)
    del a, m2
    gc.collect()
    n[:] = [1, 2, 3]  # the export keeps the Array, and so its memory, alive
    assert n.sum() == 6
    v = memslice.View(n)
    w = v[::2]
    sub = memoryview(w)
    assert w.exports == 1 and v.exports == 0
    del v, w
    gc.collect()
    assert sub.tolist() == [1, 3]
