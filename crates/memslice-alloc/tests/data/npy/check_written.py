"""Checks, by hand, that the files memslice writes load in NumPy with the right values.

Run from the repository root with NumPy installed: `python
crates/memslice-alloc/tests/data/npy/check_written.py`. It runs the Rust test that writes the
files (`files_for_numpy` in tests/npy_write.rs) into a temporary folder, then loads each with
np.load (and np.load(mmap_mode='r')) and compares it with the same array made in NumPy.
"""

import os
import subprocess
import tempfile

import numpy as np

a = np.arange(24, dtype="<i4").reshape(2, 3, 4)
expected = {
    "c.npy": (a, False),
    "f.npy": (a, True),
    "strided_c.npy": (a[:, ::-1, 1::2], False),
    "strided_f.npy": (a[:, ::-1, 1::2], True),
    "transposed.npy": (a.T, False),
    "broadcast.npy": (np.broadcast_to(np.arange(4, dtype="<i4"), (2, 3, 4)), False),
    "bool.npy": (np.array([True, False, True]), False),
    "scalar.npy": (np.array(2.5), False),
}

with tempfile.TemporaryDirectory() as out:
    env = dict(os.environ, MEMSLICE_NPY_OUT=out)
    subprocess.run(
        ["cargo", "test", "-q", "-p", "memslice-alloc", "--features", "npy",
         "--test", "npy_write", "files_for_numpy"],
        check=True, env=env,
    )
    for name, (want, fortran) in expected.items():
        for mode in (None, "r"):
            got = np.load(os.path.join(out, name), mmap_mode=mode)
            assert got.dtype == want.dtype, (name, got.dtype, want.dtype)
            assert got.shape == want.shape, (name, got.shape, want.shape)
            assert np.array_equal(got, want), name
            assert got.flags.f_contiguous if fortran and got.ndim > 1 else got.flags.c_contiguous, name
        print("ok", name)
print("every file memslice wrote loads in NumPy with the expected values")
