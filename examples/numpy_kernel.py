"""A NumPy user calls Rust kernels on a strided view of an array, without a copy, and reads a
memslice array back with numpy.asarray (no copy either).

    ./test.sh                       # builds the module into .venv (and runs every test)
    .venv/bin/python examples/numpy_kernel.py
"""

import numpy as np

import memslice

image = np.arange(12.0).reshape(3, 4)

# A strided view: every other column, rows reversed. NumPy makes no copy; neither does memslice.
view = memslice.View(image)[::-1, ::2]
print(memslice.describe(view))  # strides (-32, 16): the same memory as image
assert memslice.sum(view) == image[::-1, ::2].sum() == 30.0

# Kernels run with the GIL released, on the memory itself: fill writes into `image`.
memslice.fill(view, -1.0)
assert (image[:, ::2] == -1.0).all() and (image[:, 1::2] >= 0).all()

# copy makes a new memslice.Array (here Fortran order); numpy.asarray shares its memory.
a = memslice.copy(image.T, order="F")
back = np.asarray(a)
back[0, 0] = 100.0
assert memoryview(a)[0, 0] == 100.0  # one memory: the write is seen through the Array
assert back.flags.f_contiguous and not np.shares_memory(back, image)
print(back)
