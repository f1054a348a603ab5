//! Writing any view to `.npy`, streamed: element by element through a buffer, or in one write
//! when the view is contiguous in the order asked. The array is never copied whole.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use memslice_core::MemViewSlice;
use memslice_core::layout::Order;

use super::{Descr, Header, NpyElement, NpyError};

/// The buffer between a strided view and the writer.
const BUFFER: usize = 1 << 16;

/// Writes `view` as a `.npy` file to `writer`, its elements laid out in `order` (C: the last
/// index varies fastest; F: the first), whatever the view's own strides (negative and zero
/// strides included). The header is version 1.0 unless it needs 2.0, padded so that the data
/// starts at a multiple of 64 bytes: byte for byte what NumPy writes for the same array. An
/// array laid out the same in both orders (0-d, 1-d, no elements, at most one extent above 1)
/// is written with `fortran_order: False`, as NumPy writes it, whatever `order` says.
///
/// A view contiguous in `order` is written in one call; any other is walked in `order` and
/// streamed through a 64 KiB buffer, so no copy of the whole array is made.
///
/// # Errors
///
/// [`NpyError::Io`] from the writer; [`NpyError::HeaderTooLong`] for a header over 4 GiB.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{NpyBuf, write_npy};
/// use memslice_core::{s, MemViewSlice, layout::Order};
///
/// let data: Vec<i64> = (0..12).collect();
/// let a = MemViewSlice::from_slice(&data, [3, 4]).unwrap();
/// let mut file = Vec::new();
/// write_npy(&mut file, a.slice(s![..;-1, 1..;2]), Order::C).unwrap(); // a[::-1, 1::2]
/// let back = NpyBuf::copy_from(&file).unwrap();
/// let v = back.as_npy().view::<i64, 2>().unwrap();
/// assert_eq!(v.to_vec(), [9, 11, 5, 7, 1, 3]);
/// ```
pub fn write_npy<T: NpyElement, const N: usize>(
    mut writer: impl Write,
    view: MemViewSlice<'_, T, N>,
    order: Order,
) -> Result<(), NpyError> {
    // An array with at most one extent above 1, or none at all, lies the same in both orders;
    // NumPy calls it C order then (its `c_contiguous` flag wins), and so do we.
    let shape = view.shape();
    let both = shape.contains(&0) || shape.iter().filter(|&&n| n > 1).count() <= 1;
    let fortran = order == Order::F && !both;
    let header = Header::new(Descr::of::<T>(), shape.to_vec(), fortran)?;
    writer.write_all(&header.to_bytes()?)?;
    // Fortran order over the axes is C order over the axes reversed.
    let walk = match order {
        Order::C => view,
        Order::F => view.t(),
    };
    if let Some(elements) = walk.as_slice() {
        writer.write_all(bytemuck::cast_slice(elements))?;
    } else {
        let mut buffered = BufWriter::with_capacity(BUFFER, &mut writer);
        for element in walk.iter() {
            buffered.write_all(bytemuck::bytes_of(element))?;
        }
        buffered.flush()?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes `view` as a `.npy` file at `path`, created or truncated (see [`write_npy`]).
///
/// # Errors
///
/// As [`write_npy`], and [`NpyError::Io`] if the file cannot be created.
///
/// # Examples
///
/// ```
/// use memslice_alloc::npy::{read_npy, write_npy_file};
/// use memslice_core::{MemViewSlice, layout::Order};
/// # if cfg!(miri) { return; } // Miri cannot open or map files
///
/// let path = std::env::temp_dir().join(format!("memslice-doc-write-{}.npy", std::process::id()));
/// let x = [7_u8];
/// // A 0-d array: a view with no axes of one element.
/// write_npy_file(&path, MemViewSlice::from_slice(&x, []).unwrap(), Order::C).unwrap();
/// assert_eq!(read_npy::<u8, 0>(&path).unwrap().view()[[]], 7);
/// # std::fs::remove_file(&path).unwrap();
/// ```
pub fn write_npy_file<T: NpyElement, const N: usize>(
    path: impl AsRef<Path>,
    view: MemViewSlice<'_, T, N>,
    order: Order,
) -> Result<(), NpyError> {
    let file = File::create(path)?;
    write_npy(BufWriter::with_capacity(BUFFER, file), view, order)
}
