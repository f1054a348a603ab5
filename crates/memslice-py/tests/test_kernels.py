"""The kernels: results against NumPy, the GIL released while they run, and every error with
the exception type and a message that names what is wrong."""

import array
import threading
import time

import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

import memslice
from conftest import needs_testbuffer, tb


@pytest.mark.parametrize("ndim", [1, 2, 3, 4])
def test_sum_par_sum_fill_copy_every_rank(ndim):
    a = np.arange(2.0 * 3**ndim).reshape((2,) + (3,) * ndim)[0]
    v = a[(slice(None, None, -1),) * ndim]
    assert memslice.sum(v) == a.sum()
    assert memslice.par_sum(v.T) == pytest.approx(a.sum())
    q = np.arange(3**ndim, dtype="q").reshape((3,) * ndim)
    assert memslice.sum(q.T) == memslice.par_sum(q) == int(q.sum())
    memslice.fill(v, 2.5)
    assert (a == 2.5).all()
    memslice.fill(q[..., ::2], -3)
    assert (q[..., ::2] == -3).all() and (q[..., 1::2] != -3).all()
    c = memslice.copy(q.T, "F")
    assert np.asarray(c).flags.f_contiguous
    np.testing.assert_array_equal(np.asarray(c), q.T)
    # Every path of the copy: contiguous in the order asked (one memcpy), and strided.
    for src in [q, q.T, q[..., ::-2], v]:
        for order in "CF":
            c = np.asarray(memslice.copy(src, order))
            assert c.flags.c_contiguous if order == "C" else c.flags.f_contiguous
            np.testing.assert_array_equal(c, src)


def test_copy_keeps_format_and_makes_an_array():
    for fmt in "bBhHiIlLqQfd":
        a = array.array(fmt, [1, 2, 3]) if fmt not in "fd" else array.array(fmt, [1.0, 2.0, 3.0])
        c = memslice.copy(a)
        assert isinstance(c, memslice.Array) and c.format == fmt and memoryview(c).tolist() == a.tolist()
        a[0] = 9
        assert memoryview(c)[0] == 1  # a copy


def test_fill_through_a_view_reaches_the_array():
    a = np.zeros((4, 6))
    memslice.fill(memslice.View(a)[1::2, ::-3], 7.0)
    expected = np.zeros((4, 6))
    expected[1::2, ::-3] = 7.0
    np.testing.assert_array_equal(a, expected)


def longest_pause(kernel):
    """Runs `kernel` on a worker thread while this thread ticks; returns the longest pause
    between two ticks and how long the kernel took. A kernel that holds the GIL pauses this
    thread for its whole duration; one that releases it does not pause it at all (beyond the
    scheduler's and the GIL hand-over's few milliseconds)."""
    took = {}
    ticks = []

    def worker():
        start = time.perf_counter()
        kernel()
        took["seconds"] = time.perf_counter() - start

    t = threading.Thread(target=worker)
    ticks.append(time.perf_counter())  # start() waits for the worker, which may hold the GIL
    t.start()
    while t.is_alive():
        ticks.append(time.perf_counter())
    t.join()
    ticks.append(time.perf_counter())
    pause = max((b - a for a, b in zip(ticks, ticks[1:])), default=float("inf"))
    return pause, took["seconds"]


# 10^8 reads of one element (zero strides): long enough to see, no memory to speak of.
LONG = as_strided(np.ones(1), shape=(10_000, 10_000), strides=(0, 0))


@pytest.mark.parametrize(
    "kernel",
    [
        lambda: memslice.sum(LONG),
        lambda: memslice.par_sum(LONG),
        lambda: memslice.fill(np.empty(20_000_000), 1.0),
        lambda: memslice.copy(LONG[:4000, :4000]),
    ],
    ids=["sum", "par_sum", "fill", "copy"],
)
def test_kernels_release_the_gil(kernel):
    # The machine is small and shared, so a try in which the scheduler paused this thread
    # anyway does not count: of three tries, one must show no pause near the kernel's length.
    tries = [longest_pause(kernel) for _ in range(3)]
    assert any(pause < seconds / 2 for pause, seconds in tries), tries


def test_the_probe_sees_a_held_gil():
    # The control: `bytes * n` fills memory in C holding the GIL throughout, so this thread
    # pauses for about as long as it runs.
    tries = [longest_pause(lambda: b"x" * 100_000_000) for _ in range(3)]
    assert all(pause > seconds / 2 for pause, seconds in tries), tries


@needs_testbuffer
def test_errors_name_what_is_wrong():
    cases = [
        (lambda: memslice.View(123), TypeError, "buffer protocol (bytes, bytearray, array.array, memoryview, a NumPy array, ...), not int"),
        (lambda: memslice.sum([1.0]), TypeError, "not list"),
        (lambda: memslice.sum(b"abc"), TypeError, "format 'd', 'q' or an 8-byte 'l', not \"B\""),
        (lambda: memslice.sum(np.zeros(3, dtype="f")), TypeError, 'not "f"'),
        (lambda: memslice.sum(np.zeros((1,) * 5)), ValueError, "1 to 4 dimensions, not 5"),
        (lambda: memslice.sum(np.array(1.0)), ValueError, "1 to 4 dimensions, not 0"),
        (lambda: memslice.fill(b"abc", 1), BufferError, "bytes object's buffer is read-only"),
        # NumPy's own refusal is a ValueError; memslice names it a BufferError, as CPython's
        # exporters do, with NumPy's message inside.
        (lambda: memslice.fill(np.frombuffer(b"\0" * 8), 1.0), BufferError, "ndarray object's buffer is read-only (buffer source array is read-only)"),
        (lambda: memslice.fill(as_strided(np.zeros(4), shape=(3, 2), strides=(8, 8)), 1.0), ValueError, "shape [3, 2] and strides [8, 8] could reach one element through two indices"),
        (lambda: memslice.sum(np.frombuffer(bytearray(17), dtype="d", offset=1)), ValueError, "not aligned to 8 bytes"),
        (lambda: memslice.sum(as_strided(np.zeros(4), shape=(3,), strides=(4,))), ValueError, "strides [4]"),
        (lambda: memslice.fill(np.zeros(3), "x"), TypeError, 'format "d" takes a float, not str'),
        # Out of range is NumPy's OverflowError (checked against NumPy below).
        (lambda: memslice.fill(np.zeros(3, dtype="q"), 2**70), OverflowError, "takes an int that fits 64 bits: "),
        (lambda: memslice.fill(np.zeros(3), 10**400), OverflowError, "takes a float: int too large to convert to float"),
        (lambda: memslice.copy(np.zeros(3, dtype="e")), TypeError, 'not "e"'),
        (lambda: memslice.copy(np.zeros(3), "K"), ValueError, "order must be 'C' or 'F'"),
        (lambda: memslice.Array((2, 3), "w"), TypeError, "bad char 'w' in struct format"),
        (lambda: memslice.Array((2, 3), "0d"), ValueError, "itemsize 0"),
        (lambda: memslice.Array((2, -3)), ValueError, "shape"),
        (lambda: memslice.Array((2, 3), order="A"), ValueError, "order"),
        (lambda: memslice.Array(()).__len__(), TypeError, "0-d"),
        (lambda: memslice.View(tb.ndarray(list(range(6)), shape=[2, 3], format="q", flags=tb.ND_PIL)).T, ValueError, "indirect"),
        (lambda: memslice.fill(tb.ndarray(list(range(6)), shape=[2, 3], format="q", flags=tb.ND_PIL | tb.ND_WRITABLE), 1), BufferError, "indirect axes (suboffsets): a direct view cannot address it"),
    ]
    for call, exc, message in cases:
        with pytest.raises(exc) as info:
            call()
        assert message in str(info.value), (str(info.value), message)


def test_int_sums_are_exact_whatever_the_partial_sums():
    # Found by review: a partial sum overflowing 64 bits was an OverflowError, and sum and
    # par_sum disagreed on the same array. Python's sum is the model: exact.
    a = np.asfortranarray(np.array([[2**62, 2**62], [-(2**62), -(2**62)]], dtype="q"))
    assert memslice.sum(a) == memslice.par_sum(a) == 0
    q = array.array("q", [2**62, 2**62, -(2**62)])
    assert memslice.sum(q) == memslice.par_sum(q) == 2**62
    big = np.full(4, 2**62, dtype="q")
    assert memslice.sum(big) == memslice.par_sum(big) == 2**64 == sum(int(x) for x in big)


def test_refused_allocations_are_memory_errors_not_aborts():
    # Found by review: each of these aborted the interpreter (or raised a PanicException).
    huge = as_strided(np.zeros(1), shape=(2**40,), strides=(0,))
    for make in [
        lambda: memslice.Array(2**40),
        lambda: memslice.ByteArray().resize(2**62),
        lambda: memslice.ByteArray().resize(2**63),
        lambda: memslice.ByteArray(huge),
        lambda: memslice.copy(huge),
    ]:
        with pytest.raises(MemoryError):
            make()


def test_views_stop_at_64_dimensions_as_numpy_does():
    # Found by review: a tuple of 100000 Nones crashed the interpreter.
    with pytest.raises(IndexError, match=r"within \[0, 64\], but is 65"):
        memslice.View(b"a")[(None,) * 64]
    with pytest.raises(IndexError, match=r"within \[0, 64\]"):
        memslice.View(b"a")[(None,) * 100000]
    # b"a" is 1-d: 63 new axes make 64 dimensions, the most there may be.
    assert memslice.View(b"a")[(None,) * 63].shape == (1,) * 63 + (1,)


@needs_testbuffer
def test_describe_reports_contiguity_as_memoryview_does():
    # Found by review: an empty 1-d buffer with a stride other than the itemsize.
    n = tb.ndarray([1.0] * 10, shape=[0], strides=[16], format="d")
    m = memoryview(n)
    d = memslice.describe(n)
    assert (d["c_contiguous"], d["f_contiguous"]) == (m.c_contiguous, m.f_contiguous) == (False, False)


@pytest.mark.parametrize("dtype, value", [("q", 2**70), ("q", -(2**63) - 1), ("d", 10**400)])
def test_fill_out_of_range_raises_what_numpy_raises(dtype, value):
    with pytest.raises(Exception) as ours:
        memslice.fill(np.zeros(3, dtype=dtype), value)
    with pytest.raises(Exception) as numpys:
        np.zeros(3, dtype=dtype).fill(value)
    assert type(ours.value) is type(numpys.value) is OverflowError
