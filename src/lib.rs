//! memslice: typed, n-dimensional views of existing memory, in the spirit of Cython's typed
//! memoryviews and the Python buffer protocol (PEP 3118).
//!
//! A view is a data pointer plus a shape, byte strides and suboffsets in fixed-size arrays of
//! length `N`, borrowed from memory that lives elsewhere: a `Vec`, an array, a C allocation, a
//! NumPy array handed over through the buffer protocol. Views never allocate and never copy;
//! indexing compiles to `data + i*stride[0] + j*stride[1]`; slicing follows NumPy exactly and is
//! pure arithmetic; and every conversion is named for what it costs.
//!
//! This crate re-exports [`memslice_core`] (the view types, layout algebra, slicing, iteration,
//! the buffer protocol) at its root, and [`memslice_alloc`] (owners and memory sources) as
//! [`alloc`].
//!
//! # Views
//!
//! There are two view types, as there are two reference types:
//!
//! - [`MemViewSlice<'a, T, N>`](MemViewSlice) reads. It is `Copy`: passing one by value copies
//!   a pointer and three small arrays, never the elements, and any number may look at the same
//!   memory.
//! - [`MemViewSliceMut<'a, T, N>`](MemViewSliceMut) writes. It is exclusive, as `&mut [T]` is:
//!   constructors check that no two indices reach the same element, and the borrow checker
//!   keeps every other view of that memory away while it lives.
//!
//! A view of a slice is made with `from_slice` (C order), `from_slice_in` (C or Fortran order)
//! or `from_slice_strided` (any byte strides and offset); each checks the element count, bounds,
//! alignment and overflow once and returns a [`ViewError`] naming the shape and strides when
//! they do not fit. After that, element access is `v[[i, j]]` (panics naming the index and the
//! shape), `get` (an `Option`) or `unsafe get_unchecked`.
//!
//! ```
//! use memslice::{MemViewSlice, MemViewSliceMut, ViewError};
//!
//! let mut data: Vec<i32> = (0..6).collect();
//! {
//!     let mut m = MemViewSliceMut::from_slice(&mut data, [2, 3]).unwrap();
//!     m[[1, 2]] = 50; // writes into `data`
//! }
//! let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap(); // np.arange(6).reshape(2, 3)
//! let w = v; // a copy of the view, not of the data
//! assert_eq!((v[[1, 2]], w[[0, 1]]), (50, 1));
//! assert_eq!(v.get([2, 0]), None);
//! // Six elements do not make a 2 x 4 view: an error, not a short view.
//! assert!(matches!(MemViewSlice::from_slice(&data, [2, 4]), Err(ViewError::ShapeMismatch { .. })));
//! ```
//!
//! # Sub-views
//!
//! [`s!`] slices many axes at once with NumPy's syntax and meaning: an integer index drops its
//! axis (negative counts from the end), a range keeps it (bounds clip as Python's
//! `slice.indices` does), `;step` steps (negative walks backwards), [`NewAxis`] adds an axis of
//! extent 1 and `...` stands for the axes not named. The output rank is inferred. Single-axis
//! forms exist too: `slice_axis`, `index_axis`, `insert_axis`, `permute_axes`, `t`,
//! `reverse_axis`, `split_at`, the reshape family (`reshape`, `try_flatten`, `try_squeeze`,
//! `try_swap_axes`) and `coalesce`. Each is a view of the same memory, made by arithmetic on
//! the pointer, shape and strides; each has a `try_` form that returns the error instead of
//! panicking.
//!
//! ```
//! use memslice::{s, MemViewSlice};
//!
//! let data: Vec<i64> = (0..24).collect();
//! let a = MemViewSlice::from_slice(&data, [2, 3, 4]).unwrap(); // np.arange(24).reshape(2, 3, 4)
//! let b = a.slice(s![-1, ..;2, 1..3]); // a[-1, ::2, 1:3]
//! assert_eq!(b.shape(), &[2, 2]);
//! assert_eq!([b[[0, 0]], b[[0, 1]], b[[1, 0]], b[[1, 1]]], [13, 14, 21, 22]);
//! let c = a.slice(s![.., NewAxis, 0, ..;-1]); // a[:, None, 0, ::-1]
//! assert_eq!((c.shape(), c[[1, 0, 0]]), (&[2, 1, 4], 15));
//! let last = a.slice(s![..., -1]); // a[..., -1]
//! assert_eq!(last.to_vec(), [3, 7, 11, 15, 19, 23]);
//! ```
//!
//! # Iteration and `Zip`
//!
//! `iter` walks the elements in C order whatever the strides (`iter_memory_order` in the
//! order that is fastest for the layout); `outer_iter`, `axis_iter`, `lanes`, `rows`,
//! `axis_chunks` and `windows` walk sub-views. [`Zip`] walks up to six views of one shape in
//! lock-step, any of them mutable, serially (`for_each`, `fold`) or, with the `rayon` feature,
//! in parallel (`par_for_each`); [`par`] holds the parallel iterators and reductions
//! (`par_iter`, `par_sum`, `par_dot`...).
//!
//! ```
//! use memslice::{MemViewSlice, MemViewSliceMut, Zip};
//!
//! let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
//! let mut y = [10.0; 6];
//! let xv = MemViewSlice::from_slice(&x, [2, 3]).unwrap();
//! let row_sums: Vec<f64> = xv.outer_iter().map(|row| row.iter().sum()).collect();
//! assert_eq!(row_sums, [6.0, 15.0]);
//! // y += 2 x.T, where y is 3 x 2: the transpose is a view with swapped strides.
//! Zip::from(MemViewSliceMut::from_slice(&mut y, [3, 2]).unwrap())
//!     .and(xv.t())
//!     .for_each(|y, &x| *y += 2.0 * x);
//! assert_eq!(y, [12.0, 18.0, 14.0, 20.0, 16.0, 22.0]);
//! #[cfg(feature = "rayon")] // par_sum is parallel: rayon
//! assert_eq!(xv.par_sum(), 21.0);
//! ```
//!
//! # The buffer protocol
//!
//! [`buffer`] models PEP 3118 on the Rust side: request [`Flags`](buffer::Flags) with
//! CPython's values, struct-module [`Format`](buffer::Format) strings with `struct.calcsize`'s
//! itemsizes, [`BufferInfo`](buffer::BufferInfo) (a `Py_buffer`) with CPython's negotiation,
//! exporters whose guard ends the export when it drops, [`ByteArray`](buffer::ByteArray) (a
//! growable exporter that, like `bytearray`, refuses to grow while exported, so a view into it
//! can never be left dangling by its growth), typed views of any description checked once
//! (`MemViewSlice::from_buffer`), `memoryview.cast`, and [`IndirectView`] for PIL-style
//! arrays of row pointers (`double**`).
//!
//! ```
//! use memslice::buffer::{BufferError, ByteArray, Exporter, Flags};
//! use memslice::MemViewSlice;
//!
//! let bytes = ByteArray::from(vec![1, 2, 3]);
//! let guard = bytes.get_buffer(Flags::RECORDS_RO).unwrap();
//! let view = MemViewSlice::<u8, 1>::from_buffer(&guard).unwrap();
//! // Growing would move the bytes under `view`: refused while the export lives.
//! assert_eq!(bytes.extend_from_slice(&[4]), Err(BufferError::ExportsExist { count: 1 }));
//! assert_eq!(view[[2]], 3);
//! drop(guard);
//! bytes.extend_from_slice(&[4]).unwrap();
//! ```
//!
//! # Owners
//!
//! Views borrow; [`alloc`] (the memslice-alloc crate) holds what they borrow from: the
//! [`AsView`](alloc::AsView) / [`AsNdView`](alloc::AsNdView) conversions for slices, `Vec`s
//! and nested arrays, [`view_bytes_as`](alloc::view_bytes_as) for typed views of bytes, the
//! owned n-d [`Array`](alloc::Array), [`CBuffer`](alloc::CBuffer) (C memory with its free
//! callback) and [`SharedView`](alloc::SharedView) / [`SharedExport`](alloc::SharedExport)
//! (`'static` views and exports kept alive by an `Arc`).
//!
//! ```
//! use memslice::alloc::{Array, AsNdView, ToArray};
//! use memslice::layout::Order;
//!
//! let grid = [[1, 2, 3], [4, 5, 6]];
//! let v = grid.as_nd_view(); // a 2 x 3 view, no copy
//! let mut owned: Array<i32, 2> = v.t().to_array(Order::C); // a copy, named so
//! owned.view_mut()[[0, 1]] = 40;
//! assert_eq!(owned.shape(), &[3, 2]);
//! assert_eq!(owned.into_vec(), [1, 40, 2, 5, 3, 6]); // moved out, no copy
//! ```
//!
//! # Every conversion, named for its cost
//!
//! `as_*` and `view*` borrow, `to_*` and `copy*` copy, `into_*` move; whatever the compiler
//! cannot check is `unsafe` with a `# Safety` section. [`alloc`]'s crate docs prove each row
//! with a doctest (after a no-copy conversion a write through one side is seen through the
//! other; after a copy it is not).
//!
//! | from → to | function | copies? | safe? |
//! |---|---|---|---|
//! | `Vec` / `Box<[T]>` / `[T; K]` / `&[T]` → view | `as_view`, `as_view_mut`, `MemViewSlice::from_slice(_in)` | no | yes |
//! | `&[T]` + byte strides and offset → view | `from_slice_strided` | no | yes |
//! | `[[T; C]; R]`, `Vec<[T; C]>`, `[[[T; C]; R]; P]` → 2-d / 3-d view | `as_nd_view` | no | yes |
//! | `&[u8]` → typed view | `view_bytes_as` (size and alignment checked) | no | yes |
//! | view → bytes view | `cast::<u8, 1>` | no | yes |
//! | view → view of another shape | `try_reshape`, `try_flatten`, `try_squeeze` (a named error where NumPy would copy), `coalesce` | no | yes |
//! | view → `Vec` / owned `Array` | `to_vec`, `to_vec_in`, `to_array` | **yes** | yes |
//! | view → view (elementwise) | `copy_from`, `assign` (broadcasting), `copy_to_slice` | **yes** | yes |
//! | `Vec` ⇄ `Array` | `Array::from_vec`, `into_vec` | no (move) | yes |
//! | `Array` → view | `Array::view`, `view_mut` | no | yes |
//! | view → `&[T]` | `as_slice` (C-contiguous only) | no | yes |
//! | view ⇄ raw pointer | `as_ptr` / `from_raw_parts` | no | pointer → view is `unsafe` |
//! | C memory + free callback → owner | `CBuffer::from_raw_parts` / `alloc_zeroed` / `into_raw` | no | `from_raw_parts` is `unsafe` |
//! | any owner → `'static` view | `SharedView::new`, `map` | no (move into an `Arc`) | yes |
//! | growable bytes → view | `ByteArray` export + `from_buffer` | no | growing while exported: compile error, or `ExportsExist` behind a shared owner |
//! | view → buffer description | `Layout::of_view`, `of_view_mut` (+ `request`) | no | yes |
//! | foreign `Py_buffer` → description | `BufferInfo::from_raw_parts` | no | **unsafe** (`PyObject_GetBuffer`'s contract) |
//! | view ⇄ ndarray `ArrayView` / `ArrayViewMut` (ranks 0-6) | `From`, both ways (feature `ndarray`) | no | yes |
//!
//! # Coming from ndarray
//!
//! A `MemViewSlice<'a, T, N>` is close to ndarray's `ArrayView<'a, T, Dim<[usize; N]>>`, and
//! with the `ndarray` feature the two convert into each other without a copy. The differences
//! that would otherwise surprise:
//!
//! - **Negative steps follow Python.** `s![i..j;-1]` is NumPy's `x[i:j:-1]`: it starts at `i`
//!   and walks down towards `j`, so `s![5..2;-1]` is elements 5, 4, 3 and `s![2..5;-1]` is
//!   empty. In ndarray a range is taken first and a negative step then reverses it:
//!   ndarray's `s![2..5;-1]` is 4, 3, 2 and its `s![5..2;-1]` is empty.
//! - **`len()` is the extent of the first axis**, as Python's `len(memoryview)` and `len()`
//!   of a NumPy array are; the number of elements is `size()`. ndarray's `len()` is the
//!   number of elements.
//! - **Strides are in bytes**, as in the buffer protocol and NumPy's `.strides`; ndarray's
//!   `strides()` are in elements. A C-order `[2, 3]` view of `f64` has strides `[24, 8]`.
//! - **Axes are plain `usize`s and indices of sub-view operations are `isize`s that wrap**:
//!   `index_axis(0, -1)` is the last row, as `a[-1]` is; ndarray's
//!   `index_axis(Axis(0), i)` takes a `usize`. Element indexing `v[[i, j]]` takes `usize`s and
//!   does not wrap; `get_wraparound` does.
//! - **Constructors**: `from_slice(&data, shape)` is `ArrayView::from_shape(shape, &data)`;
//!   custom strides go through `from_slice_strided(&data, shape, byte_strides, byte_offset)`,
//!   where the offset says where element 0 sits, so negative strides need no pointer
//!   arithmetic.
//! - **Sub-view methods take the view by value**, as ndarray's `slice_move` does (its `slice`
//!   and `slice_mut` borrow instead). A shared view is `Copy`, so that costs nothing; an
//!   exclusive view is moved, and `reborrow()` (ndarray: `ArrayViewMut::reborrow`) lends a
//!   shorter-lived one to slice from while keeping the original.
//! - **No arithmetic operators on views** and no owned array type in the core: views are about
//!   memory that lives elsewhere. Kernels are loops, iterators or [`Zip`]; [`alloc::Array`] is
//!   the one owner, for results.
//!
//! ```
//! use memslice::{s, MemViewSlice, MemViewSliceMut};
//!
//! let data: Vec<f64> = (0..10).map(f64::from).collect();
//! let v = MemViewSlice::from_slice(&data, [10]).unwrap(); // np.arange(10.0)
//! assert_eq!(v.slice(s![5..2;-1]).to_vec(), [5.0, 4.0, 3.0]); // a[5:2:-1]
//! assert!(v.slice(s![2..5;-1]).is_empty()); // a[2:5:-1]
//! assert_eq!(v.slice(s![..7;-1]).to_vec(), [9.0, 8.0]); // a[:7:-1]
//!
//! let m = MemViewSlice::from_slice(&data[..6], [2, 3]).unwrap();
//! assert_eq!((m.len(), m.size()), (2, 6));
//! assert_eq!(m.strides(), &[24, 8]); // bytes: 3 * 8 and 8
//! assert_eq!(m.index_axis(0, -1).to_vec(), [3.0, 4.0, 5.0]); // a[-1]
//! assert_eq!(m.get_wraparound([-1, -1]), Some(&5.0)); // a[-1, -1]
//!
//! // Element 0 at byte 40 (index 5), stepping 16 bytes backwards: a[5::-2].
//! let back = MemViewSlice::from_slice_strided(&data, [3], [-16], 40).unwrap();
//! assert_eq!(back.to_vec(), [5.0, 3.0, 1.0]);
//!
//! let mut out = vec![0.0; 4];
//! let mut w = MemViewSliceMut::from_slice(&mut out, [2, 2]).unwrap();
//! w.reborrow().slice(s![0, ..]).fill(1.0); // w stays usable after the reborrow
//! w[[1, 1]] = 2.0;
//! assert_eq!(out, [1.0, 1.0, 0.0, 2.0]);
//! ```
//!
//! # Coming from NumPy / Cython
//!
//! `MemViewSlice<'_, f64, 2>` plays the part of Cython's `double[:, :]` and of a NumPy array
//! that does not own its data; the slicing semantics are NumPy's, so most code translates
//! one to one (`a[1:, ::2, i]` is `a.slice(s![1.., ..;2, i])`). What differs:
//!
//! - **Reading and writing are different types.** Cython's `double[:, :]` both reads and
//!   writes; here a `MemViewSlice` reads and a `MemViewSliceMut` writes, and a writable view is
//!   exclusive: two writable views of one element cannot exist, so there is no aliasing
//!   between a kernel's input and output unless they are both read-only.
//! - **Rank and element type are part of the type**, as in Cython: `N` is a const parameter,
//!   and the element type `T` is checked against the buffer's format when a view of a buffer is
//!   made. Contiguity is not part of the type (there is no `double[:, ::1]`): ask
//!   `is_c_contiguous()`, or `as_slice()`, which succeeds exactly for C-contiguous views.
//! - **Element indexing takes `usize` indices and checks bounds**, as Cython does with
//!   `boundscheck(True)`, and panics naming the index and the shape; it does not wrap negative
//!   indices (`get_wraparound` does). In `s![..]` and `index_axis` negative indices wrap, as
//!   in NumPy. `get_unchecked` is `boundscheck(False)`.
//! - **`len()` is `len(memoryview)`**: the extent of the first axis. `size()` is NumPy's
//!   `.size`, `nbytes()` its `.nbytes`, `itemsize()` its `.itemsize`; `shape()` and
//!   `strides()` (bytes) are `.shape` and `.strides`.
//! - **Nothing copies unless its name says so.** Where NumPy would silently copy (a reshape of
//!   a transposed array, `np.ascontiguousarray`), memslice returns an error or asks for the
//!   copy by name: `try_reshape` succeeds exactly when NumPy's reshape would not copy, and
//!   `to_vec_in(Order::C)` or `to_array` make the copy.
//! - **Lifetimes replace reference counting.** A view borrows its memory, so the compiler
//!   refuses to free or grow the memory while a view lives (the Rust form of `bytearray`'s
//!   `BufferError` on resizing while exported); `'static` views that own their memory are
//!   [`alloc::SharedView`].
//!
//! ```
//! use memslice::{s, MemViewSlice, ViewError};
//!
//! let data: Vec<i32> = (0..12).collect();
//! let a = MemViewSlice::from_slice(&data, [3, 4]).unwrap(); // a = np.arange(12).reshape(3, 4)
//! assert_eq!((a.len(), a.size(), a.nbytes()), (3, 12, 48)); // len(a), a.size, a.nbytes
//! assert_eq!(a.as_slice().map(<[i32]>::len), Some(12)); // C-contiguous: a plain slice
//! assert_eq!(a.t().as_slice(), None); // a.T is not
//! // a.T.reshape(12) would copy in NumPy; here it is an error, and the copy has a name.
//! assert!(matches!(a.t().try_reshape([12]), Err(ViewError::ReshapeNeedsCopy { .. })));
//! assert_eq!(a.t().to_vec()[..4], [0, 4, 8, 1]);
//! // a.reshape(2, 6)[:, ::-3] needs no copy, here as in NumPy.
//! assert_eq!(a.reshape([2, 6]).slice(s![.., ..;-3]).to_vec(), [5, 2, 11, 8]);
//! ```
//!
//! # Cargo features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `rayon` | yes | parallel iteration and kernels: `par`, `par_iter`, `Zip::par_for_each`, `par_sum` |
//! | `approx` | yes | `approx`'s `abs_diff_eq!` / `relative_eq!` / `ulps_eq!` between views |
//! | `ndarray` | no | zero-copy `From` conversions to and from ndarray's views (module `ndarray_interop`) |
//! | `npy` | no | NumPy `.npy` / `.npz` files read, written and memory-mapped without a copy (module `alloc::npy`) |
//!
//! `default-features = false` drops rayon and approx from the whole build: the member crates
//! depend on each other without their defaults.

#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use memslice_alloc as alloc;
pub use memslice_core::*;

/// The README's example, compiled and run as a doctest so that it cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
