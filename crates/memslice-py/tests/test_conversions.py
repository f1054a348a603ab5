"""The seeds' Cython conversion program (shared/reference/cython-memory-conversions.txt)
replayed in Python against memslice, block by block. Each conversion is labelled COPY or NO
COPY as the program labels it, and proved by writing one side and reading the other; the
unsafe ones (raw pointers into memory that can move) become views that keep the memory
exported, so the relocation the program warns about is refused with BufferError."""

import array
import gc

import numpy as np
import pytest

import memslice

# ---------------------------------------------------------------- bytes, bytearray, memoryview


def test_bytearray_to_memoryview_no_copy():
    # cdef char[:] mv1 = ba1
    ba1 = bytearray(b"choco")
    mv1 = memslice.View(ba1)
    ba1[0] = ord("z")
    assert (mv1[0], len(mv1)) == (ord("z"), 5)


def test_bytes_and_bytearray_to_pointer_no_copy_and_relocation_refused():
    # cdef char* rp2 = ba1; cdef char* rp3 = b'choco' -- memslice's "pointer" is a view that
    # keeps the buffer exported.
    ba1 = bytearray(b"choco")
    rp2, rp3 = memslice.View(ba1), memslice.View(b"choco")
    ba1[0] = ord("v")
    assert (rp2[0], rp3[0]) == (ord("v"), ord("c"))
    assert rp3.readonly and not rp2.readonly
    # The hazard: growing the bytearray would move it under the pointer. Refused while held.
    with pytest.raises(BufferError, match="Existing exports"):
        ba1.extend(b"x" * 1000)
    del rp2
    gc.collect()
    ba1.extend(b"x" * 1000)  # no view left: growth is fine
    # The same with memslice's own growable bytes.
    b = memslice.ByteArray(b"choco")
    held = memslice.View(b)
    with pytest.raises(BufferError, match="Existing exports"):
        b.extend(b"x" * 1000)
    del held
    b.extend(b"x")


def test_memoryview_to_pointer_no_copy():
    # cdef char* rp1 = &mv1[0]; mv1[0] = b'x'
    ba1 = bytearray(b"choco")
    mv1 = memslice.View(ba1)
    rp1 = mv1[0:]  # the address of element 0: the same memory
    memoryview(mv1)[0] = ord("x")
    assert rp1[0] == ord("x") and ba1[0] == ord("x")
    assert np.asarray(rp1).ctypes.data == np.asarray(mv1).ctypes.data


def test_memoryview_to_bytes_copy():
    # cdef object mv3 = memoryview(mv1)  (NO copy); cdef bytes by3 = mv3.tobytes()  (COPY)
    ba1 = bytearray(b"choco")
    mv1 = memslice.View(ba1)
    mv3 = memoryview(mv1)
    by3 = mv3.tobytes()
    memoryview(mv1)[0] = ord("t")
    assert by3 == b"choco" and mv3.tobytes() == b"thoco" and bytes(mv1) == b"thoco"


def test_pointer_to_bytes_and_bytearray_copy():
    # cdef bytes by1 = rp1; cdef bytearray by2 = rp1[:5]; rp1[0] = b'y'
    ba1 = bytearray(b"choco")
    rp1 = memslice.View(ba1)
    by1, by2 = bytes(rp1), bytearray(rp1[:5])
    memoryview(rp1)[0] = ord("y")
    assert (by1, by2, bytes(ba1)) == (b"choco", bytearray(b"choco"), b"yhoco")


def test_pointer_to_memoryview_no_copy():
    # PyMemoryView_FromMemory(rp1, 5, PyBUF_READ); rp1[0] = b'w'
    ba1 = bytearray(b"choco")
    mv2 = memoryview(memslice.View(ba1)).toreadonly()
    ba1[0] = ord("w")
    assert mv2.tobytes() == b"whoco" and mv2.readonly


# ---------------------------------------------------------------------------- array.array


def test_array_to_memoryview_no_copy():
    # cdef int[:] mv1 = ar1; ar1[0] = 111
    ar1 = array.array("i", [0, 1, 2, 3])
    mv1 = memslice.View(ar1)
    ar1[0] = 111
    assert (mv1[0], len(mv1), mv1.format) == (111, 4, "i")
    assert ar1.tobytes() == bytes(mv1)


def test_array_to_pointer_no_copy():
    # cdef int* rp1 = <int*>ar1.data.as_voidptr; rp1[0] = 222
    ar1 = array.array("i", [0, 1, 2, 3])
    rp1 = memoryview(memslice.View(ar1))
    rp1[0] = 222
    assert ar1[0] == 222
    with pytest.raises(BufferError):  # and the array cannot move under it
        ar1.append(4)


def test_memoryview_of_array_to_pointer_no_copy():
    # cdef int* rp2 = <int*>&mv1[0]; mv1[0] = 333
    ar1 = array.array("i", [0, 1, 2, 3])
    mv1 = memslice.View(ar1)
    rp2 = mv1[1:][-1:]  # a pointer anywhere inside is the same memory
    memoryview(mv1)[3] = 333
    assert rp2[0] == 333


def test_memoryview_to_array_copy():
    # cdef array.array ar2 = array.array(mv1.base.typecode, mv1); ar2[0] = 444
    ar1 = array.array("i", [0, 1, 2, 3])
    mv1 = memslice.View(ar1)
    ar2 = array.array(mv1.obj.typecode, bytes(mv1))
    ar3 = memslice.copy(mv1)  # memslice's own copy: a new Array
    ar2[0] = 444
    memoryview(ar3)[1] = 555
    assert ar2.tolist() == [444, 1, 2, 3] and mv1[0] == 0 and ar1[1] == 1


def test_pointer_to_memoryview_by_fill_info_no_copy():
    # PyBuffer_FillInfo over rp1 with format 'i', shape 4; rp1[0] = 555
    owner = memslice.Array(4, "i")
    mv2 = memoryview(owner)
    memoryview(owner)[0] = 555
    assert mv2[0] == 555 and (mv2.format, mv2.shape) == ("i", (4,))


def test_pointer_to_array_copy():
    # array.extend_buffer(ar3, <char*>rp1, 4); rp1[0] = 666
    owner = memslice.Array(4, "i")
    memoryview(owner)[0] = 555
    ar3 = array.array("i")
    ar3.frombytes(memoryview(owner).cast("B"))
    memoryview(owner)[0] = 666
    assert ar3.tolist() == [555, 0, 0, 0]


# --------------------------------------------------------------- lists, C arrays, NumPy


def test_list_to_c_array_copy():
    # cdef int[3] cl1 = pl1; cl1[0] = 666; cdef list pl2 = cl1
    pl1 = [1, 2, 3]
    cl1 = memslice.copy(array.array("i", pl1))
    memoryview(cl1)[0] = 666
    pl2 = memoryview(cl1).tolist()
    assert (pl1, pl2) == ([1, 2, 3], [666, 2, 3])


def test_numpy_to_memoryview_no_copy():
    # cdef long[:] mv1 = np1; np1[0] = 111
    np1 = np.zeros([4], np.int_)
    mv1 = memslice.View(np1)
    np1[0] = 111
    assert mv1[0] == 111 and memslice.sum(np1) == 111


def test_numpy_to_pointer_no_copy():
    # cdef long* rp1 = <long*>np.PyArray_DATA(np1); np1[0] = 222
    np1 = np.zeros([4], np.int_)
    rp1 = memslice.View(np1)
    np1[0] = 222
    assert rp1[0] == 222 and np.shares_memory(np.asarray(rp1), np1)
    # NumPy refuses to resize while the view holds a reference. (`refcheck=False` is NumPy's
    # own unchecked opt-out: it reallocates whatever is exported, as the seeds' hazard.)
    with pytest.raises(ValueError, match="cannot resize an array that references or is referenced"):
        np1.resize(100)


def test_pointer_to_numpy_works_and_keeps_the_memory_alive():
    # Broken in Cython (PyArray_SimpleNewFromData leaves the memory unowned); here NumPy holds
    # an export, and the export holds the Array.
    owner = memslice.Array(4, "l")
    np2 = np.asarray(owner)
    del owner
    gc.collect()
    np2[:] = [1, 2, 3, 4]
    assert memslice.sum(np2) == 10 and np2.base is not None


def test_the_readme_example_runs():
    import pathlib
    import runpy

    runpy.run_path(str(pathlib.Path(__file__).parents[3] / "examples" / "numpy_kernel.py"))
