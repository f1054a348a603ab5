//! Which bytes of Python memory Rust views hold right now, so that a writable view is the only
//! view of its bytes: CPython hands out any number of writable exports of one object
//! (`bytearray`, NumPy), so uniqueness among Rust views is checked here, once per export.
//!
//! The check is by byte range: two exports conflict when their spans overlap and one is
//! writable. Interleaved views (`a[::2]` and `a[1::2]`) are refused too, a false conflict
//! that costs a clear error instead of a data race. An indirect buffer's span is that of the
//! elements its pointers lead to.
//!
//! The registry is a `static` of this crate: each extension module that links its own copy of
//! `memslice_py` has its own, and cannot see the Rust views of another. Two such modules in
//! one process can each hold a writable view of the same bytes; extensions that share memory
//! should share one `memslice_py` (one module re-exporting the others' kernels, say).

use std::sync::Mutex;

use pyo3::PyErr;
use pyo3::exceptions::PyBufferError;

/// The bytes `lo..hi` of some export, and whether a view of it may write them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Borrow {
    id: u64,
    lo: usize,
    hi: usize,
    writable: bool,
}

struct Registry {
    next: u64,
    live: Vec<Borrow>,
}

static LIVE: Mutex<Registry> = Mutex::new(Registry {
    next: 0,
    live: Vec::new(),
});

/// A registered span; dropping it forgets the span.
#[derive(Debug)]
pub(crate) struct Token(Option<u64>);

/// Why an export conflicts with a live one.
pub(crate) fn conflict(lo: usize, hi: usize, writable: bool, other: (usize, usize, bool)) -> PyErr {
    let (what, theirs) = (
        if writable { "writable" } else { "read-only" },
        if other.2 { "writable" } else { "read-only" },
    );
    PyBufferError::new_err(format!(
        "a {what} memslice view of bytes {lo:#x}..{hi:#x} would alias a live {theirs} memslice \
         view of bytes {:#x}..{:#x}: a writable view must be the only view of its memory",
        other.0, other.1,
    ))
}

/// Records that a Rust view holds `lo..hi` (read-only, or `writable`), or refuses if that
/// would alias a live one. An empty span conflicts with nothing and is not recorded.
pub(crate) fn register(lo: usize, hi: usize, writable: bool) -> Result<Token, PyErr> {
    if lo >= hi {
        return Ok(Token(None));
    }
    // A panic while the lock was held cannot leave the list half-updated (each change is
    // one push or one swap_remove), so a poisoned lock is still a true list.
    let mut registry = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(b) = registry
        .live
        .iter()
        .find(|b| b.lo < hi && lo < b.hi && (writable || b.writable))
    {
        return Err(conflict(lo, hi, writable, (b.lo, b.hi, b.writable)));
    }
    let id = registry.next;
    registry.next += 1;
    registry.live.push(Borrow {
        id,
        lo,
        hi,
        writable,
    });
    Ok(Token(Some(id)))
}

impl Drop for Token {
    fn drop(&mut self) {
        if let Some(id) = self.0 {
            let mut registry = LIVE.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(at) = registry.live.iter().position(|b| b.id == id) {
                registry.live.swap_remove(at);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the registry is process-wide, and tests run in parallel threads.
    #[test]
    fn readers_share_writers_are_alone() {
        // Addresses no real export uses, so that other tests' exports cannot meet these.
        let base = usize::MAX - 1000;
        let r1 = register(base, base + 100, false).unwrap();
        let r2 = register(base + 50, base + 150, false).unwrap();
        assert!(register(base + 99, base + 120, true).is_err());
        let w = register(base + 150, base + 200, true).unwrap(); // touches, does not overlap
        assert!(register(base + 160, base + 161, false).is_err());
        assert!(register(base + 160, base + 160, true).is_ok()); // empty: conflicts with nothing
        drop((r1, r2));
        let w2 = register(base, base + 150, true).unwrap();
        drop((w, w2));
        register(base, base + 200, true).unwrap();
    }
}
