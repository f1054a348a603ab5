"""Type stubs for memslice, the Python face of the memslice Rust crates.

Every object exporting the buffer protocol (bytes, bytearray, array.array, memoryview, NumPy
arrays, memslice's own classes) is accepted where ``_Buffer`` is written:
``collections.abc.Buffer`` from Python 3.12, any object before.
"""

import sys
from typing import Any, Iterator, Literal, Optional, Sequence, Tuple, TypedDict, Union

from typing_extensions import Self, TypeAlias, final

if sys.version_info >= (3, 12):
    from collections.abc import Buffer as _Buffer
else:
    # NumPy's stubs give ndarray its __buffer__ only from Python 3.12: a precise type here
    # would refuse NumPy arrays.
    _Buffer: TypeAlias = Any

__all__ = ["Array", "ByteArray", "View", "copy", "describe", "fill", "par_sum", "sum"]

_Order = Literal["C", "F"]
_Index = Union[int, slice, "ellipsis", None, Tuple[Union[int, slice, "ellipsis", None], ...]]

class _Description(TypedDict):
    shape: Tuple[int, ...]
    strides: Tuple[int, ...]
    suboffsets: Optional[Tuple[int, ...]]
    format: str
    itemsize: int
    ndim: int
    nbytes: int
    readonly: bool
    c_contiguous: bool
    f_contiguous: bool

@final
class View:
    """A typed n-d view of another object's buffer, sliced as NumPy slices, without a copy."""

    def __new__(cls, obj: _Buffer) -> Self: ...
    def __getitem__(self, key: _Index, /) -> Any: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Any]: ...
    if sys.version_info >= (3, 12):
        def __buffer__(self, flags: int, /) -> memoryview: ...
        def __release_buffer__(self, view: memoryview, /) -> None: ...
    def tolist(self) -> Any: ...
    @property
    def T(self) -> "View": ...
    @property
    def shape(self) -> Tuple[int, ...]: ...
    @property
    def strides(self) -> Tuple[int, ...]: ...
    @property
    def suboffsets(self) -> Tuple[int, ...]: ...
    @property
    def format(self) -> str: ...
    @property
    def itemsize(self) -> int: ...
    @property
    def ndim(self) -> int: ...
    @property
    def readonly(self) -> bool: ...
    @property
    def nbytes(self) -> int: ...
    @property
    def obj(self) -> Optional[_Buffer]: ...
    @property
    def exports(self) -> int: ...

@final
class Array:
    """An owned, zero-filled array in C or Fortran order, exported through the buffer protocol."""

    def __new__(
        cls, shape: Union[int, Sequence[int]], format: str = "d", order: _Order = "C"
    ) -> Self: ...
    def __len__(self) -> int: ...
    if sys.version_info >= (3, 12):
        def __buffer__(self, flags: int, /) -> memoryview: ...
        def __release_buffer__(self, view: memoryview, /) -> None: ...
    @property
    def shape(self) -> Tuple[int, ...]: ...
    @property
    def strides(self) -> Tuple[int, ...]: ...
    @property
    def format(self) -> str: ...
    @property
    def itemsize(self) -> int: ...
    @property
    def ndim(self) -> int: ...
    @property
    def readonly(self) -> bool: ...
    @property
    def nbytes(self) -> int: ...
    @property
    def exports(self) -> int: ...

@final
class ByteArray:
    """Growable bytes that refuse to move while exported, as CPython's bytearray does."""

    def __new__(cls, data: Optional[_Buffer] = None) -> Self: ...
    def extend(self, data: _Buffer) -> None: ...
    def resize(self, n: int) -> None: ...
    def __len__(self) -> int: ...
    if sys.version_info >= (3, 12):
        def __buffer__(self, flags: int, /) -> memoryview: ...
        def __release_buffer__(self, view: memoryview, /) -> None: ...
    @property
    def exports(self) -> int: ...

def sum(obj: _Buffer) -> Union[float, int]:
    """The sum of every element (format d: a float; q or an 8-byte l: an exact int)."""

def par_sum(obj: _Buffer) -> Union[float, int]:
    """As sum, split across threads."""

def fill(obj: _Buffer, value: Union[float, int]) -> None:
    """Sets every element of a writable direct buffer of format d, q or an 8-byte l."""

def copy(obj: _Buffer, order: _Order = "C") -> Array:
    """A new Array holding a copy of the elements, in C or Fortran order, format kept."""

def describe(obj: _Buffer) -> _Description:
    """What memslice saw of obj's buffer, as memoryview(obj) would describe it."""
