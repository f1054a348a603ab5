"""The type stubs (memslice.pyi, shipped in the wheel as memslice/__init__.pyi) against the
module itself: mypy's stubtest compares every name and signature with the runtime objects, and
mypy --strict checks that ordinary use type-checks and that misuse does not (buffers have a
precise type from Python 3.12, where NumPy's stubs give arrays their __buffer__)."""

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).parent


def run_mypy(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=cwd
    )


def test_stubs_match_the_runtime_module(tmp_path):
    done = run_mypy(
        "mypy.stubtest", "memslice", "--allowlist", str(HERE / "stubtest-allowlist.txt"),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_use_type_checks_and_misuse_does_not(tmp_path):
    good = tmp_path / "good.py"
    good.write_text(
        "import array\n"
        "import numpy as np\n"
        "import memslice\n"
        "a = np.arange(12.0).reshape(3, 4)\n"
        "v = memslice.View(a)\n"
        "shape: tuple[int, ...] = v[1:, ::2].shape\n"
        "total: float | int = memslice.sum(v) + memslice.par_sum(a)\n"
        "memslice.fill(bytearray(8), 1)\n"
        "c: memslice.Array = memslice.copy(array.array('d', [1.0]), 'F')\n"
        "b = memslice.ByteArray(b'abc')\n"
        "b.extend(c)\n"
        "n: int = memslice.describe(b)['nbytes'] + len(memslice.Array((2, 3), 'q'))\n"
    )
    # As this interpreter's version, and as 3.12, where buffers have a precise type.
    for version in [[], ["--python-version", "3.12"]]:
        done = run_mypy("mypy", "--strict", "--no-incremental", *version, str(good), cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import memslice\n"
        "memslice.copy(b'ab', 'K')\n"
        "memslice.sum(3)\n"
        "s: str = memslice.describe(b'')['ndim']\n"
    )
    done = run_mypy(
        "mypy", "--strict", "--no-incremental", "--python-version", "3.12", str(bad), cwd=tmp_path
    )
    assert done.returncode == 1 and done.stdout.count("error:") == 3, done.stdout
