"""Writes the .npy/.npz fixtures that crates/memslice-alloc/tests/npy_fixtures.rs reads.

Run by hand from this folder with NumPy installed (`python make_fixtures.py`); the Rust tests
need only the committed output. Every value is deterministic (np.arange and friends), and the
tests write the expected values down rather than computing them the same way.
"""

import io
import os
import warnings
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def save(name, array, version=None):
    with open(path(name), "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)


# Every descr memslice views as a typed element: np.arange(6).reshape(2, 3) in that type.
for code in ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8"]:
    dtype = np.dtype("<" + code)
    save(f"arange_{dtype.str[1:]}.npy", np.arange(6, dtype=dtype).reshape(2, 3))
save("bool.npy", np.array([[True, False, True], [False, False, True]]))

# Layouts: Fortran order, 3-d, 0-d, zero-size, a huge zero-size.
save("fortran_f8.npy", np.asfortranarray(np.arange(6, dtype="<f8").reshape(2, 3)))
save("arange_3d_i2.npy", np.arange(24, dtype="<i2").reshape(2, 3, 4))
save("scalar_f8.npy", np.array(3.5, dtype="<f8"))
save("empty_i4.npy", np.zeros((0, 3), dtype="<i4"))
save("empty_huge_u1.npy", np.zeros((0, 2**40), dtype="u1"))

# Header versions 2.0 and 3.0 (np.save picks 1.0 for these).
save("v2_f4.npy", np.arange(5, dtype="<f4"), version=(2, 0))
save("v3_f4.npy", np.arange(5, dtype="<f4"), version=(3, 0))

# Big-endian: refused for a typed view, readable as bytes.
save("big_endian_f8.npy", np.arange(4, dtype=">f8"))
# Complex: no element type in memslice, readable as bytes.
save("complex_c16.npy", np.array([1 + 2j, 3 - 4j], dtype="<c16"))

# Refusals.
buf = io.BytesIO()
np.lib.format.write_array(buf, np.arange(10, dtype="<f8"))
with open(path("truncated_f8.npy"), "wb") as f:
    f.write(buf.getvalue()[:-3])  # the last element is cut short
buf = io.BytesIO()
np.lib.format.write_array(buf, np.array([True, False, True]))
bad = bytearray(buf.getvalue())
bad[-2] = 2  # a bool byte that is neither 0 nor 1
with open(path("bad_bool.npy"), "wb") as f:
    f.write(bytes(bad))
buf = io.BytesIO()
np.lib.format.write_array(buf, np.arange(3, dtype="<f8"))
bad = bytearray(buf.getvalue())
bad[bad.index(b"shape")] = ord("x")  # an unknown key 'xhape'
with open(path("bad_header.npy"), "wb") as f:
    f.write(bytes(bad))
buf = io.BytesIO()
np.lib.format.write_array(buf, np.zeros(2, dtype=[("x", "<i4"), ("y", "<f4")]))
with open(path("structured.npy"), "wb") as f:
    f.write(buf.getvalue())

# .npz: stored (np.savez) and deflated (np.savez_compressed), same members.
members = {
    "a": np.arange(6, dtype="<i4").reshape(2, 3),
    "b": np.arange(3, dtype="<f8"),
    "flags": np.array([True, False]),
}
np.savez(path("stored.npz"), **members)
np.savez_compressed(path("deflated.npz"), **members)


def data_offset(npz, member):
    """Where a stored member's array data starts in the archive file."""
    with zipfile.ZipFile(npz) as z:
        info = z.getinfo(member)
    with open(npz, "rb") as f:
        f.seek(info.header_offset)
        local = f.read(30)
        name_len = int.from_bytes(local[26:28], "little")
        extra_len = int.from_bytes(local[28:30], "little")
        start = info.header_offset + 30 + name_len + extra_len
        f.seek(start)
        with zipfile.ZipFile(npz).open(member) as m:
            np.lib.format.read_magic(m)
            np.lib.format.read_array_header_1_0(m)
            return start + m.tell()


# A stored member named so that its f8 data lands 8-byte aligned in the file (NumPy does not
# align members), and one that is not: the name length moves the data.
for extra in range(8):
    name = "x" * (1 + extra)
    np.savez(path("aligned.npz"), **{name: np.arange(4, dtype="<f8")})
    if data_offset(path("aligned.npz"), name + ".npy") % 8 == 0:
        break
else:
    raise SystemExit("no name length aligns the member")
misaligned_name = "x" * (1 + (extra + 1) % 8)
np.savez(path("misaligned.npz"), **{misaligned_name: np.arange(4, dtype="<f8")})
assert data_offset(path("misaligned.npz"), misaligned_name + ".npy") % 8 != 0
print("aligned member:", name, "misaligned member:", misaligned_name)

# A corrupt stored member: one data byte changed, the CRC left as it was.
raw = bytearray(open(path("stored.npz"), "rb").read())
at = data_offset(path("stored.npz"), "b.npy") + 8  # inside b[1]
raw[at] ^= 0xFF
with open(path("bad_crc.npz"), "wb") as f:
    f.write(bytes(raw))

# Names NumPy resolves by precedence: np.load(f)["a"] is the member named exactly "a" even when
# "a.npy" comes first, and of two members named "b.npy" (zipfile warns, and writes both) the
# last is the one read. Fixed timestamps keep the archive's bytes the same on every run.
def member(zf, name, array):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array)
    zf.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), buf.getvalue())


with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # zipfile's "Duplicate name"
    with zipfile.ZipFile(path("precedence.npz"), "w") as zf:
        member(zf, "a.npy", np.array([1], dtype="<i4"))
        member(zf, "a", np.array([2], dtype="<i4"))
        member(zf, "b.npy", np.array([1], dtype="<i4"))
        member(zf, "b.npy", np.array([2], dtype="<i4"))
with np.load(path("precedence.npz")) as npz:
    assert (npz.files, npz["a"][0], npz["a.npy"][0], npz["b"][0]) == (["a", "a", "b", "b"], 2, 1, 2)
