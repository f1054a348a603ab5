//! [`Array`]: an owned n-d array in C or Fortran order, Cython's `cython.view.array`.

use memslice_core::layout::{self, Order};
use memslice_core::{MemViewSlice, MemViewSliceMut, ViewError};

/// An owned n-d array: a `Vec<T>` with a shape and a memory order. It lends views
/// ([`view`](Self::view), [`view_mut`](Self::view_mut)) and gives its `Vec` back
/// ([`into_vec`](Self::into_vec)); [`ToArray::to_array`] copies any view into one.
///
/// # Examples
///
/// ```
/// use memslice_alloc::Array;
/// use memslice_core::layout::Order;
///
/// let mut a = Array::from_fn([2, 3], Order::F, |[i, j]| 10 * i + j);
/// assert_eq!(a.view()[[1, 2]], 12);
/// assert_eq!(a.view().strides(), &[8, 16]); // Fortran order
/// a.view_mut()[[0, 0]] = 99;
/// assert_eq!(a.into_vec(), [99, 10, 1, 11, 2, 12]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Array<T, const N: usize> {
    data: Vec<T>,
    shape: [usize; N],
    order: Order,
}

impl<T, const N: usize> Array<T, N> {
    /// An array of `shape` taking ownership of `data`, laid out in `order`.
    ///
    /// # Errors
    ///
    /// [`ViewError::ShapeMismatch`] if `data.len()` differs from the shape's element count,
    /// [`ViewError::Overflow`] if the shape does not fit `isize` bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::Array;
    /// use memslice_core::layout::Order;
    ///
    /// let a = Array::from_vec(vec![1, 2, 3, 4, 5, 6], [2, 3], Order::C).unwrap();
    /// assert_eq!(a.view()[[1, 0]], 4);
    /// assert!(Array::from_vec(vec![1, 2], [2, 3], Order::C).is_err());
    /// ```
    pub fn from_vec(data: Vec<T>, shape: [usize; N], order: Order) -> Result<Self, ViewError> {
        // The view constructor checks count and overflow once, here.
        MemViewSlice::from_slice_in(&data, shape, order)?;
        Ok(Array { data, shape, order })
    }

    /// An array of `shape` whose element at each index is `f(index)`.
    ///
    /// # Panics
    ///
    /// If the shape's element count overflows `isize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::Array;
    /// use memslice_core::layout::Order;
    ///
    /// let eye = Array::from_fn([3, 3], Order::C, |[i, j]| u8::from(i == j));
    /// assert_eq!(eye.into_vec(), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    /// ```
    pub fn from_fn(shape: [usize; N], order: Order, mut f: impl FnMut([usize; N]) -> T) -> Self {
        let size = layout::checked_size(&shape).expect("array size overflows isize");
        let mut data = Vec::with_capacity(size);
        // Fill in memory order: Fortran order is C order over the reversed axes.
        let mut index = [0; N];
        for _ in 0..size {
            data.push(f(index));
            let axes: &mut dyn Iterator<Item = usize> = match order {
                Order::C => &mut (0..N).rev(),
                Order::F => &mut (0..N),
            };
            for k in axes {
                index[k] += 1;
                if index[k] < shape[k] {
                    break;
                }
                index[k] = 0;
            }
        }
        Array { data, shape, order }
    }

    /// An array of `shape` with every element `elem`.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::Array;
    /// use memslice_core::layout::Order;
    ///
    /// assert_eq!(Array::from_elem([2, 2], Order::C, 'x').into_vec(), ['x'; 4]);
    /// ```
    pub fn from_elem(shape: [usize; N], order: Order, elem: T) -> Self
    where
        T: Clone,
    {
        Self::from_fn(shape, order, |_| elem.clone())
    }

    /// An array of `shape` filled with zeros.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::Array;
    /// use memslice_core::layout::Order;
    ///
    /// let z = Array::<f64, 3>::zeros([2, 3, 4], Order::F);
    /// assert!(z.view().iter().all(|&x| x == 0.0));
    /// ```
    pub fn zeros(shape: [usize; N], order: Order) -> Self
    where
        T: num_traits::Zero + Clone,
    {
        Self::from_elem(shape, order, T::zero())
    }

    /// The shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::Array;
    /// use memslice_core::layout::Order;
    ///
    /// let a = Array::<u8, 3>::zeros([2, 3, 4], Order::C);
    /// assert_eq!(a.shape(), &[2, 3, 4]);
    /// ```
    pub fn shape(&self) -> &[usize; N] {
        &self.shape
    }

    /// The memory order.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::Array;
    /// use memslice_core::layout::Order;
    ///
    /// let a = Array::from_vec(vec![1, 2, 3, 4], [2, 2], Order::F).unwrap();
    /// assert_eq!(a.order(), Order::F);
    /// assert_eq!(a.view()[[0, 1]], 3); // column-major: a[0, 1] is the third element
    /// ```
    pub fn order(&self) -> Order {
        self.order
    }

    /// A shared view, borrowed.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::Array;
    /// use memslice_core::layout::Order;
    ///
    /// let a = Array::from_vec(vec![1_i64, 2, 3, 4, 5, 6], [2, 3], Order::C).unwrap();
    /// let v = a.view();
    /// assert_eq!((v.shape(), v.strides(), v[[1, 2]]), (&[2, 3], &[24, 8], 6));
    /// assert_eq!(v.as_ptr(), a.as_slice().as_ptr()); // the array's memory, no copy
    /// ```
    pub fn view(&self) -> MemViewSlice<'_, T, N> {
        MemViewSlice::from_slice_in(&self.data, self.shape, self.order)
            .expect("checked at construction")
    }

    /// An exclusive view, borrowed.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::Array;
    /// use memslice_core::layout::Order;
    ///
    /// let mut a = Array::<i32, 2>::zeros([2, 2], Order::C);
    /// a.view_mut()[[1, 0]] = 7;
    /// a.view_mut().slice_axis(1, 1..).fill(-1); // a[:, 1:] = -1
    /// assert_eq!(a.as_slice(), [0, -1, 7, -1]);
    /// ```
    pub fn view_mut(&mut self) -> MemViewSliceMut<'_, T, N> {
        MemViewSliceMut::from_slice_in(&mut self.data, self.shape, self.order)
            .expect("checked at construction")
    }

    /// The elements in memory order (C or Fortran, as the array was made). No copy.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::Array;
    /// use memslice_core::layout::Order;
    ///
    /// let a = Array::from_fn([2, 2], Order::F, |[i, j]| 10 * i + j);
    /// // Memory order, here Fortran: a[0, 0], a[1, 0], a[0, 1], a[1, 1].
    /// assert_eq!(a.into_vec(), [0, 10, 1, 11]);
    /// ```
    pub fn into_vec(self) -> Vec<T> {
        self.data
    }

    /// The elements in memory order, borrowed.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::Array;
    /// use memslice_core::layout::Order;
    ///
    /// let a = Array::from_fn([2, 3], Order::C, |[i, j]| 3 * i + j);
    /// assert_eq!(a.as_slice(), [0, 1, 2, 3, 4, 5]);
    /// ```
    pub fn as_slice(&self) -> &[T] {
        &self.data
    }
}

/// Copies a view into a new [`Array`] in C or Fortran order, whatever the view's layout.
///
/// # Examples
///
/// ```
/// use memslice_alloc::{Array, ToArray};
/// use memslice_core::{s, MemViewSlice};
/// use memslice_core::layout::Order;
///
/// let data: Vec<i32> = (0..6).collect();
/// let v = MemViewSlice::from_slice(&data, [2, 3]).unwrap();
/// let a: Array<i32, 2> = v.slice(s![.., ..;-1]).to_array(Order::F);
/// assert_eq!(a.as_slice(), [2, 5, 1, 4, 0, 3]);
/// ```
pub trait ToArray<T, const N: usize> {
    /// The copy.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::{Array, ToArray};
    /// use memslice_core::layout::Order;
    /// use memslice_core::MemViewSliceMut;
    ///
    /// let mut data = [1, 2, 3, 4];
    /// let m = MemViewSliceMut::from_slice(&mut data, [2, 2]).unwrap();
    /// let a: Array<i32, 2> = m.to_array(Order::C);
    /// drop(m);
    /// data[0] = 100;
    /// assert_eq!((data[0], a.as_slice()), (100, &[1, 2, 3, 4][..])); // the copy does not see it
    /// ```
    fn to_array(&self, order: Order) -> Array<T, N>;
}

impl<T: Clone, const N: usize> ToArray<T, N> for MemViewSlice<'_, T, N> {
    fn to_array(&self, order: Order) -> Array<T, N> {
        Array {
            data: self.to_vec_in(order),
            shape: *self.shape(),
            order,
        }
    }
}

impl<T: Clone, const N: usize> ToArray<T, N> for MemViewSliceMut<'_, T, N> {
    fn to_array(&self, order: Order) -> Array<T, N> {
        self.view().to_array(order)
    }
}
