//! Every place a [memslice](https://docs.rs/memslice) view's memory can come from, and every
//! conversion between them named for what it costs.
//!
//! # The conversion table
//!
//! | from → to | function | copies? | safe? |
//! |---|---|---|---|
//! | `Vec<T>` / `Box<[T]>` / `[T; K]` / `&[T]` → 1-d view | [`AsView::as_view`], [`AsViewMut::as_view_mut`] | no | yes |
//! | slice → n-d view | `MemViewSlice::from_slice(_in)`, `MemViewSliceMut::from_slice(_in)` | no | yes |
//! | `[[T; C]; R]`, `Vec<[T; C]>`, `[[[T; C]; R]; P]` → 2-d / 3-d view | [`AsNdView::as_nd_view`] | no | yes |
//! | `&[u8]` → typed view | [`view_bytes_as`] (size and alignment checked: [`BytesError`]) | no | yes |
//! | view → bytes view | `MemViewSlice::cast::<u8, 1>` | no | yes |
//! | view → `Vec<T>` | `to_vec`, `to_vec_in(order)` | **yes** | yes |
//! | view → [`Array`] | [`ToArray::to_array`] | **yes** | yes |
//! | `Vec<T>` → [`Array`] → `Vec<T>` | [`Array::from_vec`], [`Array::into_vec`] | no (move) | yes |
//! | [`Array`] → view | [`Array::view`], [`Array::view_mut`] | no | yes |
//! | view → `&[T]` | `as_slice` (C-contiguous only) | no | yes |
//! | view → raw pointer | `as_ptr`, `as_mut_ptr` | no | yes (using it is `unsafe`) |
//! | raw pointer → view | `MemViewSlice::from_raw_parts` | no | **unsafe** |
//! | C memory + free callback → owner | [`CBuffer::from_raw_parts`] | no | **unsafe** |
//! | C allocator → owner | [`CBuffer::alloc_zeroed`] | no | yes |
//! | owner → raw pointer + callback | [`CBuffer::into_raw`] | no (move) | yes |
//! | any owner → `'static` view | [`SharedView::new`] | no (move into an `Arc`) | yes |
//! | growable bytes → view | `ByteArray` export + `MemViewSlice::from_buffer` | no | yes: growing while exported is refused |
//! | `.npy` / `.npz` file → view, owned `Array`, and back (feature `npy`) | module `npy` | mapped: no; read: **yes** | mapping is **unsafe** |
//!
//! Each claim, proved: after a no-copy conversion a write through one side is seen through the
//! other; after a copy it is not.
//!
//! ```
//! use memslice_alloc::{AsNdView, AsViewMut, Array, CBuffer, SharedView, ToArray, view_bytes_as};
//! use memslice_core::layout::Order;
//! use memslice_core::{MemViewSlice, MemViewSliceMut};
//!
//! // Vec -> view: no copy.
//! let mut v = vec![1, 2, 3];
//! v.as_view_mut()[[0]] = 10;
//! assert_eq!(v[0], 10);
//!
//! // Nested array -> 2-d view: no copy.
//! let mut m = [[1, 2], [3, 4]];
//! m[1][0] = 30;
//! assert_eq!(m.as_nd_view()[[1, 0]], 30);
//!
//! // Bytes -> typed view: no copy.
//! let mut words = [0_u32; 2];
//! let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
//! bytes[4..].copy_from_slice(&7_u32.to_ne_bytes());
//! assert_eq!(view_bytes_as::<u32>(bytes).unwrap()[[1]], 7);
//!
//! // View -> Vec: a copy. Writing the source afterwards does not reach it.
//! let mut data = vec![1, 2, 3, 4];
//! let copy = MemViewSlice::from_slice(&data, [2, 2]).unwrap().to_vec_in(Order::F);
//! data[1] = 99;
//! assert_eq!(copy, [1, 3, 2, 4]);
//!
//! // View -> Array: a copy.
//! let a: Array<i32, 2> = MemViewSlice::from_slice(&data, [2, 2]).unwrap().to_array(Order::C);
//! data[0] = -1;
//! assert_eq!(a.view()[[0, 0]], 1);
//!
//! // Vec -> Array -> Vec: moves, no copy (the heap block is the same).
//! let v = vec![0.5_f64; 6];
//! let p = v.as_ptr();
//! let mut arr = Array::from_vec(v, [2, 3], Order::C).unwrap();
//! arr.view_mut()[[1, 2]] = 2.5;
//! let back = arr.into_vec();
//! assert_eq!((back.as_ptr(), back[5]), (p, 2.5));
//!
//! // View -> raw pointer -> view: no copy, and the way back is unsafe.
//! let mut grid = [0_i16; 4];
//! let ptr = MemViewSliceMut::from_slice(&mut grid, [2, 2]).unwrap().as_mut_ptr();
//! // SAFETY: `ptr` addresses `grid`'s four i16s, which nothing else touches meanwhile.
//! let mut again = unsafe { MemViewSliceMut::from_raw_parts(ptr, [2, 2], [4, 2], [-1, -1]) };
//! again[[1, 1]] = 5;
//! assert_eq!(grid[3], 5);
//!
//! // C allocator -> owner -> view: no copy.
//! let mut c = CBuffer::<u8>::alloc_zeroed(3);
//! c.view_nd_mut([3]).unwrap()[[2]] = 9;
//! assert_eq!(c.as_slice(), [0, 0, 9]);
//!
//! // Owner -> 'static view: the Vec moves into an Arc, no copy.
//! let v = vec![1_u64, 2, 3];
//! let p = v.as_ptr();
//! let shared = SharedView::new(v, [3]).unwrap();
//! assert_eq!(shared.view().as_ptr(), p);
//! ```

#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod array;
mod bytes;
mod cmem;
#[cfg(feature = "npy")]
#[cfg_attr(docsrs, doc(cfg(feature = "npy")))]
pub mod npy;
mod shared;
mod sources;

pub use array::{Array, ToArray};
pub use bytes::{BytesError, view_bytes_as, view_bytes_as_mut};
pub use cmem::{CBuffer, FreeFn};
pub use memslice_core as core;
pub use shared::{SharedExport, SharedView, Source};
pub use sources::{AsNdView, AsNdViewMut, AsView, AsViewMut};
