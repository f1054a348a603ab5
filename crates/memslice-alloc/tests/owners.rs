//! Owners: every free callback runs exactly once (normal drop, a panic while in use,
//! `into_raw` then a manual free, the last shared owner dropped on another thread), and views
//! from every source hold exactly the source's elements.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use memslice_alloc::{
    Array, AsNdView, AsNdViewMut, AsView, AsViewMut, CBuffer, SharedView, ToArray, view_bytes_as,
};
use memslice_core::layout::Order;
use memslice_core::{MemViewSlice, s};

/// A buffer of `n` u32s from a boxed slice, whose callback counts its calls in `frees`.
fn counted(n: usize, frees: &Arc<AtomicUsize>) -> CBuffer<u32> {
    let boxed: Box<[u32]> = (0..n as u32).collect();
    let ptr = Box::into_raw(boxed).cast::<u32>();
    let frees = Arc::clone(frees);
    let free = move |p: NonNull<u32>, len| {
        frees.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the pointer and length Box::into_raw gave.
        drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(p.as_ptr(), len)) });
    };
    // SAFETY: `n` initialised u32s from a Box, returned to a Box by the callback.
    unsafe { CBuffer::from_raw_parts(ptr, n, free) }
}

#[test]
fn free_runs_once_on_drop() {
    let frees = Arc::new(AtomicUsize::new(0));
    let buf = counted(6, &frees);
    assert_eq!(buf.view_nd([2, 3]).unwrap()[[1, 2]], 5);
    drop(buf);
    assert_eq!(frees.load(Ordering::SeqCst), 1);
}

#[test]
fn free_runs_once_when_a_panic_unwinds() {
    let frees = Arc::new(AtomicUsize::new(0));
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut buf = counted(4, &frees);
        let mut m = buf.view_nd_mut([2, 2]).unwrap();
        m[[1, 1]] = 7;
        m[[2, 0]] = 1; // out of bounds: panics while the buffer is in use
    }));
    assert!(result.is_err());
    assert_eq!(frees.load(Ordering::SeqCst), 1);
}

#[test]
fn into_raw_hands_the_free_to_the_caller() {
    let frees = Arc::new(AtomicUsize::new(0));
    let (ptr, len, free) = counted(3, &frees).into_raw();
    assert_eq!(frees.load(Ordering::SeqCst), 0, "into_raw must not free");
    // SAFETY: the buffer's memory, still valid: nothing freed it.
    let elements = unsafe { std::slice::from_raw_parts(ptr.as_ptr(), len) };
    assert_eq!(elements, [0, 1, 2]);
    free(ptr, len);
    assert_eq!(frees.load(Ordering::SeqCst), 1);
}

#[test]
fn last_shared_owner_frees_on_another_thread() {
    let frees = Arc::new(AtomicUsize::new(0));
    let shared = SharedView::new(counted(8, &frees), [2, 4]).unwrap();
    let row = shared.map(|v| v.slice(s![1, ..]));
    assert_eq!(shared.owners(), 2);
    drop(shared);
    assert_eq!(
        frees.load(Ordering::SeqCst),
        0,
        "a sub-view still owns the memory"
    );
    let sum = std::thread::spawn(move || row.view().iter().sum::<u32>())
        .join()
        .unwrap();
    assert_eq!(sum, 4 + 5 + 6 + 7);
    assert_eq!(
        frees.load(Ordering::SeqCst),
        1,
        "freed when the thread dropped the last owner"
    );
}

#[test]
fn c_allocator_zeroes_and_frees() {
    let mut buf = CBuffer::<f64>::alloc_zeroed(12);
    assert!(buf.as_slice().iter().all(|&x| x == 0.0));
    buf.view_nd_mut([3, 4]).unwrap().slice(s![.., -1]).fill(1.0);
    assert_eq!(buf.as_slice().iter().sum::<f64>(), 3.0);
    assert!(CBuffer::<u8>::alloc_zeroed(0).is_empty());
}

#[test]
fn views_of_every_source_hold_its_elements() {
    let v: Vec<i64> = (0..6).collect();
    let b: Box<[i64]> = v.clone().into_boxed_slice();
    let a: [i64; 6] = [0, 1, 2, 3, 4, 5];
    for view in [v.as_view(), b.as_view(), a.as_view(), v[..].as_view()] {
        assert_eq!(view.to_vec(), v);
    }
    let nested = [[0_i64, 1, 2], [3, 4, 5]];
    assert_eq!(nested.as_nd_view().to_vec(), v);
    let rows: Vec<[i64; 2]> = vec![[0, 1], [2, 3], [4, 5]];
    assert_eq!(
        (rows.as_nd_view().shape(), rows.as_nd_view().to_vec()),
        (&[3, 2], v.clone())
    );
    let cube = [[[0_i64, 1], [2, 3], [4, 5]]];
    assert_eq!(cube.as_nd_view().shape(), &[1, 3, 2]);
    let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_ne_bytes()).collect();
    // A Vec<u8> is only guaranteed byte-aligned: view the aligned part, if any.
    let off = bytes.as_ptr().align_offset(8);
    if off == 0 {
        assert_eq!(view_bytes_as::<i64>(&bytes).unwrap().to_vec(), v);
    }
    // Writes through views land in the source.
    let mut w = vec![0_u8; 4];
    w.as_view_mut()[[3]] = 1;
    let mut n = [[0_u8; 2]; 2];
    n.as_nd_view_mut()[[0, 1]] = 2;
    assert_eq!((w[3], n[0][1]), (1, 2));
}

#[test]
fn nested_arrays_and_vecs_of_planes_are_writable_3d_views() {
    // Element (p, r, c) of a [[[T; C]; R]; P] is cube[p][r][c]: written through the view at
    // 100p + 10r + c, read back through plain indexing.
    let mut cube = [[[0_u32; 4]; 3]; 2];
    let mut planes = vec![[[0_u32; 4]; 3]; 2];
    for v in [
        AsNdViewMut::<u32, 3>::as_nd_view_mut(&mut cube),
        AsNdViewMut::<u32, 3>::as_nd_view_mut(&mut planes),
    ] {
        let mut v = v;
        assert_eq!((v.shape(), v.strides()), (&[2, 3, 4], &[48, 16, 4]));
        for ([p, r, c], x) in v.indexed_iter_mut() {
            *x = (100 * p + 10 * r + c) as u32;
        }
    }
    for (p, r, c) in (0..2).flat_map(|p| (0..3).flat_map(move |r| (0..4).map(move |c| (p, r, c)))) {
        let want = (100 * p + 10 * r + c) as u32;
        assert_eq!((cube[p][r][c], planes[p][r][c]), (want, want));
    }
}

#[test]
fn arrays_in_both_orders() {
    let c = Array::from_fn([2, 3, 4], Order::C, |[i, j, k]| 100 * i + 10 * j + k);
    let f = Array::from_fn([2, 3, 4], Order::F, |[i, j, k]| 100 * i + 10 * j + k);
    assert_eq!(c.view(), f.view(), "same elements, different memory order");
    assert_eq!(f.as_slice()[..4], [0, 100, 10, 110]); // first index fastest
    assert_eq!(c.as_slice()[..4], [0, 1, 2, 3]);
    let back = f.view().to_array(Order::C);
    assert_eq!(back.as_slice(), c.as_slice());
    let mut z = Array::<u8, 2>::zeros([2, 2], Order::C);
    z.view_mut().fill(3);
    assert_eq!(z.into_vec(), [3; 4]);
    assert!(Array::from_vec(vec![0; 5], [2, 3], Order::F).is_err());
    let view: MemViewSlice<'_, usize, 3> = c.view();
    assert_eq!(view.slice(s![1, 2, 3]).to_vec(), [123]);
}

/// Each refusal of `view_bytes_as` is named with its numbers and fits `?` into
/// `Box<dyn Error>`.
#[test]
fn bytes_refusals_are_named_errors() {
    use memslice_alloc::BytesError;
    let words = [0_u64; 3];
    let bytes: &[u8] = bytemuck::cast_slice(&words);
    let odd = view_bytes_as::<u64>(&bytes[4..20]).unwrap_err();
    assert_eq!(
        odd,
        BytesError::Misaligned {
            address: bytes.as_ptr() as usize + 4,
            align: 8,
            element: "u64"
        }
    );
    assert!(
        odd.to_string()
            .ends_with("are not aligned for u64 (alignment 8)")
    );
    let short = view_bytes_as::<u64>(&bytes[..12]).unwrap_err();
    assert_eq!(
        short.to_string(),
        "12 bytes are not a whole number of 8-byte u64 elements"
    );
    let zst = view_bytes_as::<()>(bytes).unwrap_err();
    assert_eq!(
        zst.to_string(),
        "bytes cannot be viewed as zero-sized () elements"
    );
    fn boxed(b: &[u8]) -> Result<usize, Box<dyn std::error::Error>> {
        Ok(view_bytes_as::<u32>(b)?.len())
    }
    assert_eq!(boxed(&bytes[..8]).unwrap(), 2);
    assert!(boxed(&bytes[..7]).is_err());
}
