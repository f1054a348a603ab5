//! Views of memory that Rust already owns: slices (and so `Vec`, `Box<[T]>`, `[T; K]`), nested
//! fixed arrays as 2-d and 3-d views, and byte buffers as bytes or, checked by `bytemuck`, as
//! typed elements. All of them borrow: no copy, no allocation.

use memslice_core::{MemViewSlice, MemViewSliceMut};

/// A 1-d view of any contiguous memory: `[T]`, `Vec<T>`, `Box<[T]>`, `[T; K]`.
///
/// # Examples
///
/// ```
/// use memslice_alloc::AsView;
///
/// let v = vec![1, 2, 3];
/// let b: Box<[i32]> = vec![4, 5].into_boxed_slice();
/// let a = [6, 7, 8, 9];
/// assert_eq!((v.as_view()[[2]], b.as_view()[[1]], a.as_view().len()), (3, 5, 4));
/// ```
pub trait AsView<T> {
    /// The 1-d view of the elements, borrowed.
    ///
    /// # Panics
    ///
    /// As `MemViewSlice::from(&[T])`: only for more than `isize::MAX` zero-sized elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::AsView;
    ///
    /// let v = vec![1.0, 2.0, 3.0];
    /// let view = v.as_view();
    /// assert_eq!((view.shape(), view.as_ptr()), (&[3], v.as_ptr())); // the Vec's memory
    /// ```
    fn as_view(&self) -> MemViewSlice<'_, T, 1>;
}

/// A 1-d exclusive view of writable contiguous memory. Read-only sources (`&[T]`, `&[u8]`) do
/// not have one: a `&` borrow cannot lend `&mut`.
///
/// # Examples
///
/// ```
/// use memslice_alloc::AsViewMut;
///
/// let mut v = vec![1, 2, 3];
/// v.as_view_mut()[[0]] = 10;
/// assert_eq!(v, [10, 2, 3]);
/// ```
pub trait AsViewMut<T> {
    /// The 1-d exclusive view of the elements, borrowed.
    ///
    /// # Panics
    ///
    /// As `MemViewSliceMut::from(&mut [T])`: only for more than `isize::MAX` zero-sized
    /// elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::AsViewMut;
    /// use memslice_core::Slice;
    ///
    /// let mut a = [1, 2, 3, 4];
    /// a.as_view_mut().slice_axis(0, Slice::full().with_step(2)).fill(0); // a[::2] = 0
    /// assert_eq!(a, [0, 2, 0, 4]);
    /// ```
    fn as_view_mut(&mut self) -> MemViewSliceMut<'_, T, 1>;
}

impl<T> AsView<T> for [T] {
    fn as_view(&self) -> MemViewSlice<'_, T, 1> {
        MemViewSlice::from(self)
    }
}

impl<T> AsViewMut<T> for [T] {
    fn as_view_mut(&mut self) -> MemViewSliceMut<'_, T, 1> {
        MemViewSliceMut::from(self)
    }
}

impl<T> AsView<T> for Vec<T> {
    fn as_view(&self) -> MemViewSlice<'_, T, 1> {
        self.as_slice().as_view()
    }
}

impl<T> AsViewMut<T> for Vec<T> {
    fn as_view_mut(&mut self) -> MemViewSliceMut<'_, T, 1> {
        self.as_mut_slice().as_view_mut()
    }
}

impl<T, const K: usize> AsView<T> for [T; K] {
    fn as_view(&self) -> MemViewSlice<'_, T, 1> {
        self.as_slice().as_view()
    }
}

impl<T, const K: usize> AsViewMut<T> for [T; K] {
    fn as_view_mut(&mut self) -> MemViewSliceMut<'_, T, 1> {
        self.as_mut_slice().as_view_mut()
    }
}

/// An n-d view of nested fixed arrays, no copy: rows of `[T; C]` (a `[[T; C]; R]`, a
/// `Vec<[T; C]>`) are 2-d, planes of `[[T; C]; R]` are 3-d.
///
/// # Examples
///
/// ```
/// use memslice_alloc::AsNdView;
///
/// let m = [[1, 2, 3], [4, 5, 6]];
/// let v = m.as_nd_view();
/// assert_eq!((v.shape(), v[[1, 0]]), (&[2, 3], 4));
/// let cube = vec![[[0_u8; 4]; 3]; 2];
/// assert_eq!(cube.as_nd_view().shape(), &[2, 3, 4]);
/// ```
pub trait AsNdView<T, const N: usize> {
    /// The view, borrowed.
    ///
    /// # Panics
    ///
    /// Only for zero-sized elements, when there are more than `isize::MAX` of them (as
    /// [`AsView::as_view`]; `<[[T; C]]>::as_flattened` panics first when the count overflows
    /// `usize`).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::AsNdView;
    ///
    /// let rows: Vec<[f32; 3]> = vec![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    /// let v = rows.as_nd_view();
    /// assert_eq!((v.shape(), v.strides(), v[[1, 2]]), (&[2, 3], &[12, 4], 6.0));
    /// ```
    fn as_nd_view(&self) -> MemViewSlice<'_, T, N>;
}

/// The exclusive form of [`AsNdView`], for the same sources.
///
/// # Examples
///
/// ```
/// use memslice_alloc::AsNdViewMut;
///
/// let mut m = [[0; 2]; 2];
/// m.as_nd_view_mut()[[1, 0]] = 7;
/// assert_eq!(m, [[0, 0], [7, 0]]);
/// ```
pub trait AsNdViewMut<T, const N: usize> {
    /// The exclusive view, borrowed.
    ///
    /// # Panics
    ///
    /// As [`AsNdView::as_nd_view`]: only for more than `isize::MAX` zero-sized elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::AsNdViewMut;
    ///
    /// let mut cube = [[[0_u8; 2]; 2]; 2];
    /// // Planes of [[T; C]; R] are 3-d; they are also rows of [T; C] with T = [u8; 2], so
    /// // name the rank.
    /// AsNdViewMut::<u8, 3>::as_nd_view_mut(&mut cube[..])[[1, 0, 1]] = 5;
    /// assert_eq!(cube[1][0][1], 5);
    /// ```
    fn as_nd_view_mut(&mut self) -> MemViewSliceMut<'_, T, N>;
}

impl<T, const C: usize> AsNdView<T, 2> for [[T; C]] {
    fn as_nd_view(&self) -> MemViewSlice<'_, T, 2> {
        MemViewSlice::from_slice(self.as_flattened(), [self.len(), C]).expect("rows x C elements")
    }
}

impl<T, const C: usize> AsNdViewMut<T, 2> for [[T; C]] {
    fn as_nd_view_mut(&mut self) -> MemViewSliceMut<'_, T, 2> {
        let rows = self.len();
        MemViewSliceMut::from_slice(self.as_flattened_mut(), [rows, C]).expect("rows x C elements")
    }
}

impl<T, const C: usize, const R: usize> AsNdView<T, 3> for [[[T; C]; R]] {
    fn as_nd_view(&self) -> MemViewSlice<'_, T, 3> {
        let flat = self.as_flattened().as_flattened();
        MemViewSlice::from_slice(flat, [self.len(), R, C]).expect("planes x R x C elements")
    }
}

impl<T, const C: usize, const R: usize> AsNdViewMut<T, 3> for [[[T; C]; R]] {
    fn as_nd_view_mut(&mut self) -> MemViewSliceMut<'_, T, 3> {
        let planes = self.len();
        let flat = self.as_flattened_mut().as_flattened_mut();
        MemViewSliceMut::from_slice(flat, [planes, R, C]).expect("planes x R x C elements")
    }
}

impl<T, const C: usize, const K: usize> AsNdView<T, 2> for [[T; C]; K] {
    fn as_nd_view(&self) -> MemViewSlice<'_, T, 2> {
        self[..].as_nd_view()
    }
}

impl<T, const C: usize, const K: usize> AsNdViewMut<T, 2> for [[T; C]; K] {
    fn as_nd_view_mut(&mut self) -> MemViewSliceMut<'_, T, 2> {
        self[..].as_nd_view_mut()
    }
}

impl<T, const C: usize> AsNdView<T, 2> for Vec<[T; C]> {
    fn as_nd_view(&self) -> MemViewSlice<'_, T, 2> {
        self[..].as_nd_view()
    }
}

impl<T, const C: usize> AsNdViewMut<T, 2> for Vec<[T; C]> {
    fn as_nd_view_mut(&mut self) -> MemViewSliceMut<'_, T, 2> {
        self[..].as_nd_view_mut()
    }
}

impl<T, const C: usize, const R: usize, const P: usize> AsNdView<T, 3> for [[[T; C]; R]; P] {
    fn as_nd_view(&self) -> MemViewSlice<'_, T, 3> {
        self[..].as_nd_view()
    }
}

impl<T, const C: usize, const R: usize> AsNdView<T, 3> for Vec<[[T; C]; R]> {
    fn as_nd_view(&self) -> MemViewSlice<'_, T, 3> {
        self[..].as_nd_view()
    }
}

impl<T, const C: usize, const R: usize, const P: usize> AsNdViewMut<T, 3> for [[[T; C]; R]; P] {
    fn as_nd_view_mut(&mut self) -> MemViewSliceMut<'_, T, 3> {
        self[..].as_nd_view_mut()
    }
}

impl<T, const C: usize, const R: usize> AsNdViewMut<T, 3> for Vec<[[T; C]; R]> {
    fn as_nd_view_mut(&mut self) -> MemViewSliceMut<'_, T, 3> {
        self[..].as_nd_view_mut()
    }
}
