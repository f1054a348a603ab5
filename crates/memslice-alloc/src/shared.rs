//! Shared owners: views that outlive the scope that made them (returned from functions, kept in
//! structs, sent to threads) because an `Arc` keeps their memory alive. Cloning one costs a
//! count increment; sub-slicing one allocates nothing.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use memslice_core::buffer::{Buffer, BufferError, BufferGuard, BufferInfo, Exporter, Flags};
use memslice_core::layout::Order;
use memslice_core::{MemViewSlice, ViewError};
use stable_deref_trait::CloneStableDeref;

/// Memory a [`SharedView`] can own: it must stay where it is while owned, which holds for every
/// source here (`Vec`, `Box<[T]>`, [`Array`](crate::Array), [`CBuffer`](crate::CBuffer)) once it is
/// behind an `Arc`, since nothing can then resize it. A source says in which order its
/// elements lie, so that an F-order [`Array`](crate::Array) is viewed as what it is.
///
/// # Examples
///
/// ```
/// use memslice_alloc::{SharedView, Source};
/// use memslice_core::layout::Order;
///
/// /// Column-major samples from elsewhere.
/// struct Columns(Vec<f32>);
///
/// impl Source for Columns {
///     type Elem = f32;
///     fn elements(&self) -> &[f32] {
///         &self.0
///     }
///     fn order(&self) -> Order {
///         Order::F
///     }
/// }
///
/// let v = SharedView::new(Columns(vec![1.0, 2.0, 3.0, 4.0]), [2, 2]).unwrap();
/// assert_eq!(v.view()[[0, 1]], 3.0); // Fortran order: a[0, 1] is the third element
/// ```
pub trait Source: Send + Sync + 'static {
    /// The element type.
    type Elem;
    /// The elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::Source;
    ///
    /// let b: Box<[u8]> = vec![1, 2, 3].into_boxed_slice();
    /// assert_eq!(b.elements(), [1, 2, 3]);
    /// ```
    fn elements(&self) -> &[Self::Elem];
    /// The order the elements lie in: C unless the source says otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::{Array, Source};
    /// use memslice_core::layout::Order;
    ///
    /// assert_eq!(Source::order(&vec![1, 2]), Order::C);
    /// let f = Array::<i32, 2>::zeros([2, 2], Order::F);
    /// assert_eq!(Source::order(&f), Order::F);
    /// ```
    fn order(&self) -> Order {
        Order::C
    }
}

impl<T: Send + Sync + 'static> Source for Vec<T> {
    type Elem = T;
    fn elements(&self) -> &[T] {
        self
    }
}

impl<T: Send + Sync + 'static> Source for Box<[T]> {
    type Elem = T;
    fn elements(&self) -> &[T] {
        self
    }
}

impl<T: Send + Sync + 'static, const N: usize> Source for crate::Array<T, N> {
    type Elem = T;
    fn elements(&self) -> &[T] {
        self.as_slice()
    }
    fn order(&self) -> Order {
        crate::Array::order(self)
    }
}

impl<T: Copy + Send + Sync + 'static> Source for crate::CBuffer<T> {
    type Elem = T;
    fn elements(&self) -> &[T] {
        self.as_slice()
    }
}

/// A shared view that keeps its memory alive: an `Arc` of the owner plus a view into it.
///
/// # Examples
///
/// ```
/// use memslice_alloc::SharedView;
/// use memslice_core::s;
///
/// fn make() -> SharedView<f64, 2> {
///     let data: Vec<f64> = (0..6).map(f64::from).collect();
///     SharedView::new(data, [2, 3]).unwrap() // the Vec moves into the Arc
/// }
/// let v = make();
/// let col = v.map(|v| v.slice(s![.., 1])); // no allocation: one more count
/// let handle = std::thread::spawn(move || col.view().iter().sum::<f64>());
/// assert_eq!(handle.join().unwrap(), 5.0);
/// assert_eq!(v.view()[[1, 2]], 5.0);
/// ```
pub struct SharedView<T: 'static, const N: usize> {
    owner: Arc<dyn Any + Send + Sync>,
    // SAFETY: borrows memory owned by `owner` (or 'static memory), which stays in place while
    // any clone of `owner` lives; the 'static is never handed out, only shorter borrows of self.
    view: MemViewSlice<'static, T, N>,
}

impl<T: 'static, const N: usize> Clone for SharedView<T, N> {
    fn clone(&self) -> Self {
        SharedView {
            owner: Arc::clone(&self.owner),
            view: self.view,
        }
    }
}

impl<T: fmt::Debug + 'static, const N: usize> fmt::Debug for SharedView<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedView").field(&self.view).finish()
    }
}

impl<T: 'static, const N: usize> SharedView<T, N> {
    /// Moves `source` behind an `Arc` and views its elements with `shape` in the source's
    /// order (C, or an F-order [`Array`](crate::Array)'s Fortran order).
    ///
    /// # Errors
    ///
    /// As [`MemViewSlice::from_slice`].
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::{Array, SharedView};
    /// use memslice_core::layout::Order;
    ///
    /// let v = SharedView::new(vec![1, 2, 3, 4, 5, 6], [3, 2]).unwrap();
    /// assert_eq!(v.view()[[2, 1]], 6);
    /// let f = SharedView::new(Array::from_vec(vec![1, 2, 3, 4], [2, 2], Order::F).unwrap(), [2, 2]).unwrap();
    /// assert!(f.view().is_f_contiguous()); // viewed in the Array's own order
    /// assert!(SharedView::new(vec![1, 2, 3], [2, 2]).is_err()); // 3 elements, not 4
    /// ```
    pub fn new<S: Source<Elem = T>>(source: S, shape: [usize; N]) -> Result<Self, ViewError> {
        let owner = Arc::new(source);
        let elements: &[T] = owner.elements();
        // SAFETY: the elements live inside the Arc'd source, which stays alive and unmoved
        // (nothing can resize it behind a shared Arc) while `owner` or a clone of it lives;
        // the view never escapes with the 'static lifetime (see the field's SAFETY note).
        let elements: &'static [T] = unsafe { &*std::ptr::from_ref(elements) };
        let view = MemViewSlice::from_slice_in(elements, shape, owner.order())?;
        Ok(SharedView { owner, view })
    }

    /// The view, borrowed from this owner.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::SharedView;
    /// use memslice_core::s;
    ///
    /// let shared = SharedView::new((0..6).collect::<Vec<i32>>(), [2, 3]).unwrap();
    /// let v = shared.view(); // lives as long as the borrow of `shared`
    /// assert_eq!(v.slice(s![-1, ..]).to_vec(), [3, 4, 5]);
    /// ```
    pub fn view(&self) -> MemViewSlice<'_, T, N> {
        self.view
    }

    /// A sub-view sharing the same owner, from any function of the view: slicing, indexing,
    /// transposing. Costs an `Arc` count increment, no allocation. The function works for any
    /// lifetime, so what it returns can only come from the view it is given (or `'static`
    /// memory).
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::SharedView;
    /// use memslice_core::s;
    ///
    /// let shared = SharedView::new((0..6).collect::<Vec<i32>>(), [2, 3]).unwrap();
    /// let row = shared.map(|v| v.slice(s![1, ..;-1])); // a[1, ::-1], sharing the Vec
    /// drop(shared); // the Vec lives on in `row`
    /// assert_eq!(row.view().to_vec(), [5, 4, 3]);
    /// ```
    pub fn map<const M: usize>(
        &self,
        f: impl for<'v> FnOnce(MemViewSlice<'v, T, N>) -> MemViewSlice<'v, T, M>,
    ) -> SharedView<T, M> {
        SharedView {
            owner: Arc::clone(&self.owner),
            view: f(self.view),
        }
    }

    /// How many owners share the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use memslice_alloc::SharedView;
    ///
    /// let a = SharedView::new(vec![0_u8; 4], [4]).unwrap();
    /// let b = a.map(|v| v.t());
    /// let c = a.clone();
    /// assert_eq!(a.owners(), 3);
    /// drop((b, c));
    /// assert_eq!(a.owners(), 1);
    /// ```
    pub fn owners(&self) -> usize {
        Arc::strong_count(&self.owner)
    }
}

/// A live export of an exporter kept alive by a shared owner (`Arc`, `Rc`, `&'a`):
/// the buffer stays exported (so a growable exporter refuses to move) until this is dropped.
/// This is where the borrow checker cannot see the export, and the exporter's run-time check
/// takes over.
///
/// The owner must be [`CloneStableDeref`]: a shared pointer whose target stays at one address
/// however the owner moves, and which derefs to the same exporter every time. (Unique owners
/// such as `Box` and `&mut` are `StableDeref` but not this: moving one asserts that nothing
/// else points into its target, which the export's reference does. Hold a guard instead.) The exporter is dereferenced once, when the
/// export is acquired, and the guard keeps that reference; so neither a `Deref` that answers
/// differently the second time nor an exporter stored inline in a moving owner can reach the
/// release.
///
/// # Examples
///
/// ```
/// use std::rc::Rc;
/// use memslice_alloc::SharedExport;
/// use memslice_core::buffer::{BufferError, ByteArray, Flags};
/// use memslice_core::MemViewSlice;
///
/// let bytes = Rc::new(ByteArray::from(vec![1, 2, 3]));
/// let export = SharedExport::new(Rc::clone(&bytes), Flags::FULL_RO).unwrap();
/// let view = MemViewSlice::<u8, 1>::from_buffer(export.info()).unwrap();
/// // Another owner tries to grow the bytes under the view: a named runtime error.
/// assert_eq!(bytes.extend_from_slice(&[4]), Err(BufferError::ExportsExist { count: 1 }));
/// assert_eq!(view[[2]], 3);
/// drop(export);
/// bytes.extend_from_slice(&[4]).unwrap();
/// ```
pub struct SharedExport<E: Exporter + 'static, P: CloneStableDeref<Target = E> = Arc<E>> {
    // SAFETY: the guard borrows the exporter inside `owner`, whose address is stable
    // (`CloneStableDeref`) while `owner` lives, and moving a shared pointer asserts no
    // uniqueness over its target; the guard is declared first, so it drops (releasing
    // the export) before `owner`, and it is never lent out by value, mutably, or as 'static
    // (only `&BufferInfo` borrowed from `self`).
    guard: BufferGuard<'static, E>,
    owner: P,
}

impl<E: Exporter + 'static, P: CloneStableDeref<Target = E>> SharedExport<E, P> {
    /// Acquires an export of the exporter behind `owner`.
    ///
    /// # Errors
    ///
    /// What the exporter refuses.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use memslice_alloc::SharedExport;
    /// use memslice_core::buffer::{BufferError, ByteArray, Flags};
    ///
    /// let bytes = Arc::new(ByteArray::from(vec![1, 2, 3]));
    /// let ro = SharedExport::new(Arc::clone(&bytes), Flags::FULL_RO).unwrap();
    /// // ByteArray hands out a writable export only when no other export is alive.
    /// assert!(matches!(SharedExport::new(Arc::clone(&bytes), Flags::FULL), Err(BufferError::Busy { .. })));
    /// drop(ro);
    /// assert!(SharedExport::new(bytes, Flags::FULL).is_ok());
    /// ```
    pub fn new(owner: P, flags: Flags) -> Result<Self, BufferError> {
        let exporter: &E = &owner;
        // SAFETY: `exporter` stays valid at this address while `owner` lives, moves included
        // (`CloneStableDeref`), and the guard goes before `owner` does (see the field's note).
        let exporter: &'static E = unsafe { &*std::ptr::from_ref(exporter) };
        let guard = exporter.get_buffer(flags)?;
        Ok(SharedExport { guard, owner })
    }

    /// The description, borrowed from this export.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use memslice_alloc::SharedExport;
    /// use memslice_core::buffer::{ByteArray, Flags};
    ///
    /// let export = SharedExport::new(Arc::new(ByteArray::from(vec![7_u8; 5])), Flags::RECORDS_RO).unwrap();
    /// let info = export.info();
    /// assert_eq!((info.len(), info.format(), info.shape()), (5, "B", Some(&[5][..])));
    /// ```
    pub fn info(&self) -> &BufferInfo<'_> {
        &self.guard
    }

    /// The owner of the exporter.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use memslice_alloc::SharedExport;
    /// use memslice_core::buffer::{ByteArray, Flags};
    ///
    /// let bytes = Arc::new(ByteArray::from(vec![1, 2]));
    /// let export = SharedExport::new(Arc::clone(&bytes), Flags::SIMPLE).unwrap();
    /// assert!(Arc::ptr_eq(export.owner(), &bytes));
    /// assert_eq!(export.owner().exports(), 1);
    /// ```
    pub fn owner(&self) -> &P {
        &self.owner
    }
}

// SAFETY: the export's description lives in the guard, which this type never lends mutably;
// the exporter keeps a writable description unique.
unsafe impl<E: Exporter + 'static, P: CloneStableDeref<Target = E>> Buffer for SharedExport<E, P> {
    fn info(&self) -> &BufferInfo<'_> {
        &self.guard
    }
}

impl<E: Exporter + 'static, P: CloneStableDeref<Target = E>> fmt::Debug for SharedExport<E, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedExport")
            .field("guard", &self.guard)
            .finish()
    }
}
