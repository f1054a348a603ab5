"""Shared helpers for the memslice pytest suite.

`_testbuffer` (CPython's own test helper, from the standard test package) makes PIL-style
buffers with suboffsets and consumes any exporter with any request flags; where it is missing
the tests that need it are skipped with that reason.
"""

import itertools

import pytest

try:
    import _testbuffer as tb
except ImportError:  # pragma: no cover - depends on how Python was built
    tb = None

needs_testbuffer = pytest.mark.skipif(
    tb is None, reason="_testbuffer is not importable on this Python (built without its test package)"
)


def request_flags():
    """Every request a consumer can make: one shape/strides/contiguity/indirect level, with or
    without WRITABLE and FORMAT (28 combinations)."""
    levels = [
        tb.PyBUF_SIMPLE,
        tb.PyBUF_ND,
        tb.PyBUF_STRIDES,
        tb.PyBUF_C_CONTIGUOUS,
        tb.PyBUF_F_CONTIGUOUS,
        tb.PyBUF_ANY_CONTIGUOUS,
        tb.PyBUF_INDIRECT,
    ]
    for level, writable, fmt in itertools.product(levels, (0, tb.PyBUF_WRITABLE), (0, tb.PyBUF_FORMAT)):
        yield level | writable | fmt


def consume(obj, flags):
    """What a consumer asking `flags` gets from `obj`: the Py_buffer's fields and bytes, or the
    exception type."""
    try:
        nd = tb.ndarray(obj, getbuf=flags)
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return type(e).__name__
    return {
        "ndim": nd.ndim,
        "shape": nd.shape,
        "strides": nd.strides,
        "suboffsets": nd.suboffsets,
        "format": nd.format,
        "itemsize": nd.itemsize,
        "readonly": nd.readonly,
        "nbytes": nd.nbytes,
        "c_contiguous": nd.c_contiguous,
        "f_contiguous": nd.f_contiguous,
        "contiguous": nd.contiguous,
        "bytes": nd.tobytes(),
    }
