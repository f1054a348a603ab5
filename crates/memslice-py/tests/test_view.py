"""memslice.View's indexing against NumPy's basic indexing, on random arrays and random keys:
the same shape, strides, data address and values, sharing memory; the same errors."""

import random

import numpy as np
import pytest

import memslice
from conftest import needs_testbuffer, tb

DTYPES = ["d", "f", "q", "i", "h", "b", "B"]


def random_array(rng):
    ndim = rng.randint(1, 4)
    shape = tuple(rng.choice([0, 1, 2, 3, 4, 5, 3, 4, 5]) for _ in range(ndim))
    dtype = rng.choice(DTYPES)
    a = np.arange(int(np.prod(shape)) * 4, dtype=dtype)[: int(np.prod(shape))].reshape(shape)
    kind = rng.choice(["C", "F", "T", "reversed", "stepped"])
    if kind == "F":
        a = np.asfortranarray(a)
    elif kind == "T":
        a = a.T
    elif kind == "reversed":
        a = a[(slice(None, None, -1),) * a.ndim]
    elif kind == "stepped":
        big = np.zeros(tuple(2 * e + 1 for e in a.shape), dtype=dtype)
        big[(slice(1, None, 2),) * a.ndim] = a
        a = big[(slice(1, None, 2),) * a.ndim]
    return a


def random_key(rng, shape):
    ndim = len(shape)
    if rng.random() < 0.15 and 0 not in shape:  # an element, by in-range ints
        return tuple(rng.randint(-e, e - 1) for e in shape)

    def bound():
        return rng.choice([None, rng.randint(-7, 7)])

    items = []
    for _ in range(rng.randint(0, ndim + 2)):
        r = rng.random()
        if r < 0.35:
            items.append(rng.randint(-6, 5))
        elif r < 0.8:
            items.append(slice(bound(), bound(), rng.choice([None, 1, 2, 3, -1, -2, -3])))
        elif r < 0.92:
            items.append(None)
        else:
            items.append(Ellipsis)
    if len(items) == 1 and rng.random() < 0.5:
        return items[0]
    return tuple(items)


def check(a, key):
    # NumPy exports normalised strides for axes of extent 0 or 1 (they step nowhere), so the
    # reference is NumPy's indexing of exactly the buffer memslice sees.
    a = np.asarray(memoryview(a))
    try:
        expected = a[key]
    except IndexError:
        with pytest.raises(IndexError):
            memslice.View(a)[key]
        return "error"
    got = memslice.View(a)[key]
    if not isinstance(expected, np.ndarray):  # a NumPy scalar: the element
        assert not isinstance(got, memslice.View)
        assert got == expected
        return "element"
    assert isinstance(got, memslice.View), key
    assert got.shape == expected.shape, key
    assert got.strides == expected.strides, key
    n = np.asarray(got)
    assert n.dtype == expected.dtype
    np.testing.assert_array_equal(n, expected)
    if expected.size:
        assert n.__array_interface__["data"][0] == expected.__array_interface__["data"][0], key
        assert np.shares_memory(n, a)
    return "view"


def test_random_keys_on_random_arrays():
    rng = random.Random(13)
    seen = {"error": 0, "element": 0, "view": 0}
    for _ in range(3000):
        a = random_array(rng)
        seen[check(a, random_key(rng, a.shape))] += 1
    assert min(seen.values()) > 100, seen  # every kind of answer was exercised


@pytest.mark.parametrize(
    "key",
    [
        (slice(None, None, 2), 1),
        (Ellipsis, slice(None, None, -2)),
        (None, Ellipsis, None),
        (slice(100, -100, -3), slice(-2, None)),
        (1, 2),
        (-1, -1, Ellipsis),
        (),
        Ellipsis,
        (np.int64(1), slice(None)),
    ],
)
def test_hand_picked_keys(key):
    a = np.arange(24.0).reshape(4, 6)
    check(a, key)
    check(a.T, key)


def test_views_of_views_and_transpose():
    a = np.arange(60.0).reshape(3, 4, 5)
    v = memslice.View(a)
    w = v[::-1, 1:][..., ::2].T[None]
    e = a[::-1, 1:][..., ::2].T[None]
    assert (w.shape, w.strides) == (e.shape, e.strides)
    np.testing.assert_array_equal(np.asarray(w), e)
    np.asarray(w)[0, 1, 2, 0] = -1.0  # writes reach the array: no copy anywhere
    assert e[0, 1, 2, 0] == -1.0


def test_attributes():
    a = np.zeros((3, 4), dtype="i")
    v = memslice.View(a)
    assert (v.shape, v.strides, v.suboffsets, v.format, v.itemsize, v.ndim, v.readonly) == (
        (3, 4), (16, 4), (), "i", 4, 2, False)
    assert v.obj is a and len(v) == 3 and v.nbytes == 48
    assert memslice.View(b"abc").readonly


@pytest.mark.parametrize(
    "key, message",
    [
        ((0, 0, 0), "too many indices for array: array is 2-dimensional, but 3 were indexed"),
        ((5,), "index 5 is out of bounds for axis 0 with size 3"),
        ((0, -5), "index -5 is out of bounds for axis 1 with size 4"),
        ((Ellipsis, Ellipsis), r"an index can only have a single ellipsis \('...'\)"),
    ],
)
def test_index_errors_match_numpy(key, message):
    a = np.zeros((3, 4))
    with pytest.raises(IndexError, match=message):
        a[key]
    with pytest.raises(IndexError, match=message):
        memslice.View(a)[key]


@pytest.mark.parametrize("key", [1.5, "a", [0, 1], np.array([0, 1]), True, (slice(None), [1])])
def test_advanced_and_invalid_indices_refused(key):
    with pytest.raises(IndexError):
        memslice.View(np.zeros((3, 4)))[key]


def test_zero_step_refused():
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        memslice.View(np.zeros(3))[::0]


@needs_testbuffer
def test_pil_indexing_follows_pointers():
    p = tb.ndarray(list(range(24)), shape=[2, 3, 4], format="q", flags=tb.ND_PIL)
    expected = np.arange(24).reshape(2, 3, 4)
    v = memslice.View(p)
    assert v.suboffsets == p.suboffsets and v.suboffsets[0] >= 0
    assert v.tolist() == expected.tolist()
    for key in [(1,), (slice(None, None, -1), slice(1, None), slice(None, None, 2)), (0, 2), (1, 2, 3), (None, 1)]:
        got = v[key]
        want = expected[key]
        if isinstance(want, np.ndarray):
            assert got.tolist() == want.tolist(), key
            assert memoryview(got).tolist() == want.tolist(), key
        else:
            assert got == want, key
    with pytest.raises(ValueError, match="cannot transpose an indirect view"):
        v.T


@needs_testbuffer
def test_pil_int_after_kept_axis_is_refused():
    # Pointers are stored along axis 0; after slicing axis 0, an int on it cannot be a view...
    p = tb.ndarray(list(range(12)), shape=[3, 4], format="q", flags=tb.ND_PIL)
    # ... but an int on a direct axis after it can (the offset goes into the suboffset).
    assert memslice.View(p)[:, 1].tolist() == [1, 5, 9]
    assert memslice.View(p)[::-1, ::2][:, 1].tolist() == [10, 6, 2]


@needs_testbuffer
def test_pil_slicing_matches_testbuffer():
    # CPython's _testbuffer slices PIL arrays (slices only) by moving the start into the
    # suboffset of the last indirect axis before it: the same shape, strides, suboffsets and
    # elements, through the view and through its own export.
    rng = random.Random(3118)
    for _ in range(300):
        shape = [rng.randint(1, 4) for _ in range(rng.randint(2, 3))]
        p = tb.ndarray(list(range(int(np.prod(shape)))), shape=shape, format="q", flags=tb.ND_PIL)
        key = tuple(
            slice(rng.choice([None, rng.randint(-5, 5)]), rng.choice([None, rng.randint(-5, 5)]),
                  rng.choice([None, 1, 2, -1, -2]))
            for _ in range(rng.randint(1, len(shape)))
        )
        expected = p[key]
        got = memslice.View(p)[key]
        assert got.shape == expected.shape, key
        if 0 not in got.shape:  # an empty slice follows NumPy (start 0, step 1): it reaches nothing
            assert (got.strides, got.suboffsets) == (expected.strides, expected.suboffsets), key
        assert got.tolist() == expected.tolist() == memoryview(got).tolist(), key


def test_a_step_too_large_to_multiply_still_selects_one_element():
    # Found by review: IndexError "index offset overflows isize"; NumPy gives shape (1,).
    a = np.arange(3.0)
    for key in [slice(None, None, 2**62), slice(None, None, -(2**62)), slice(1, None, 2**62)]:
        v = np.asarray(memslice.View(a)[key])
        assert v.shape == a[key].shape == (1,)
        assert v[0] == a[key][0]


def test_elements_struct_cannot_read_raise_what_memoryview_raises():
    # Found by review: struct.error escaped, which is none of the exceptions memslice names.
    a = np.zeros(2, dtype=complex)  # format "Zd"
    with pytest.raises(NotImplementedError):
        memoryview(a)[0]
    with pytest.raises(NotImplementedError, match='reading format "Zd" is not supported'):
        memslice.View(a)[0]


def test_kernel_rank_errors_name_the_shape_strides_and_format():
    with pytest.raises(ValueError, match=r"not 5 \(shape \[1, 1, 1, 1, 2\], strides \[16, 16, 16, 16, 8\], format \"d\"\)"):
        memslice.sum(np.zeros((1, 1, 1, 1, 2)))


def test_iteration_walks_the_first_axis_and_refuses_a_0d_view():
    a = np.arange(6.0).reshape(3, 2)
    rows = [np.asarray(r) for r in memslice.View(a)]
    assert len(rows) == 3 and all((r == a[k]).all() for k, r in enumerate(rows))
    assert list(memslice.View(np.arange(3.0))) == [0.0, 1.0, 2.0]
    # Found by review: list() of a 0-d view gave [] where NumPy raises TypeError.
    with pytest.raises(TypeError):
        list(np.array(1.0))
    with pytest.raises(TypeError, match="iteration over a 0-d view"):
        list(memslice.View(np.array(1.0)))
