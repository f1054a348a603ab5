//! The extension-author API against a real, embedded CPython (no NumPy here: that is the
//! pytest suite's): exports held and released exactly once (also on panic), Rust views kept
//! unique, every check at the boundary with the Python exception it maps to.

use memslice_core::buffer::Flags;
use memslice_py::{ByteArray, PyExport};
use pyo3::exceptions::{PyBufferError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};

fn eval<'py>(py: Python<'py>, code: &str) -> Bound<'py, PyAny> {
    let code = std::ffi::CString::new(code).unwrap();
    py.eval(&code, None, None).unwrap()
}

fn exports(b: &Bound<'_, ByteArray>) -> usize {
    b.getattr("exports").unwrap().extract().unwrap()
}

#[test]
fn an_export_is_held_while_views_live_and_released_once() {
    Python::attach(|py| {
        let b = Bound::new(py, ByteArray::from(vec![1, 2, 3])).unwrap();
        let export = PyExport::readonly(b.as_any()).unwrap();
        let v = export.view::<u8, 1>().unwrap();
        assert_eq!(exports(&b), 1);
        let err = b.call_method1("extend", (b"more",)).unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py));
        assert_eq!(v.to_vec(), [1, 2, 3]);
        drop(export);
        assert_eq!(exports(&b), 0); // released once: the count is back to 0, not below
        b.call_method1("extend", (b"more",)).unwrap();
    });
}

#[test]
fn a_panic_releases_the_export() {
    Python::attach(|py| {
        let data = PyByteArray::new(py, b"choco");
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let export = PyExport::writable(data.as_any()).unwrap();
            let _v = export.view::<u8, 1>().unwrap();
            panic!("kernel failed");
        }));
        assert!(result.is_err());
        // bytearray refuses to resize while exported: it resizes, so the export was released.
        data.call_method1("extend", (b"x",)).unwrap();
        assert_eq!(data.len(), 6);
    });
}

#[test]
fn writable_views_are_the_only_views_of_their_bytes() {
    Python::attach(|py| {
        let data = PyByteArray::new(py, &[0; 16]);
        let mut w = PyExport::writable(data.as_any()).unwrap();
        let err = PyExport::readonly(data.as_any()).unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py));
        assert!(
            err.to_string()
                .contains("would alias a live writable memslice view")
        );
        assert!(PyExport::writable(data.as_any()).is_err());
        // Another object's memory is not affected.
        let other = PyByteArray::new(py, &[0; 16]);
        let _r = PyExport::readonly(other.as_any()).unwrap();
        w.view_mut::<u8, 1>().unwrap().fill(1);
        drop(w);
        // Readers share; a writer waits for all of them.
        let r1 = PyExport::readonly(data.as_any()).unwrap();
        let r2 = PyExport::readonly(data.as_any()).unwrap();
        assert!(PyExport::writable(data.as_any()).is_err());
        drop((r1, r2));
        PyExport::writable(data.as_any()).unwrap();
        assert_eq!(data.to_vec(), [1; 16]);
    });
}

#[test]
fn disjoint_slices_of_one_object_may_be_written_at_once() {
    Python::attach(|py| {
        let data = PyByteArray::new(py, &[0; 8]);
        let m = eval(py, "memoryview").call1((&data,)).unwrap();
        let (left, right) = (
            m.get_item(pyo3::types::PySlice::new(py, 0, 4, 1)).unwrap(),
            m.get_item(pyo3::types::PySlice::new(py, 4, 8, 1)).unwrap(),
        );
        let mut l = PyExport::writable(&left).unwrap();
        let mut r = PyExport::writable(&right).unwrap();
        l.view_mut::<u8, 1>().unwrap().fill(1);
        r.view_mut::<u8, 1>().unwrap().fill(2);
        drop((l, r));
        assert_eq!(data.to_vec(), [1, 1, 1, 1, 2, 2, 2, 2]);
    });
}

#[test]
fn checks_at_the_boundary_map_to_python_exceptions() {
    Python::attach(|py| {
        let doubles = eval(py, "__import__('array').array('d', [1.0, 2.0, 3.0])");
        let e = PyExport::readonly(&doubles).unwrap();
        assert_eq!(e.view::<f64, 1>().unwrap().to_vec(), [1.0, 2.0, 3.0]);
        let format = e.view::<f32, 1>().unwrap_err();
        assert!(format.is_instance_of::<PyTypeError>(py));
        assert!(
            format
                .to_string()
                .contains("buffer format \"d\" does not describe f32")
        );
        let rank = e.view::<f64, 2>().unwrap_err();
        assert!(rank.is_instance_of::<PyValueError>(py));
        assert!(
            rank.to_string()
                .contains("buffer has 1 dimensions but the view has 2")
        );
        let mut e = e;
        let readonly = e.view_mut::<f64, 1>().unwrap_err();
        assert!(readonly.is_instance_of::<PyBufferError>(py)); // asked without WRITABLE
        drop(e);

        let bytes = PyBytes::new(py, b"abc");
        let err = PyExport::writable(bytes.as_any()).unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py));
        assert!(
            err.to_string()
                .contains("this bytes object's buffer is read-only")
        );
        // A writable request refused for another reason keeps the exporter's own message.
        let columns = eval(py, "memoryview(bytearray(8))[::2]");
        let err = PyExport::get(&columns, Flags::C_CONTIGUOUS | Flags::WRITABLE).unwrap_err();
        assert!(err.to_string().contains("not C-contiguous"), "{err}");
        let err = PyExport::readonly(&eval(py, "1.5")).unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
        assert!(err.to_string().contains("buffer protocol"));

        // A memoryview cast to bytes at an odd offset: misaligned for f64.
        let odd = eval(py, "memoryview(bytearray(17))[1:].cast('d')");
        let err = PyExport::readonly(&odd)
            .unwrap()
            .view::<f64, 1>()
            .unwrap_err();
        assert!(err.is_instance_of::<PyValueError>(py));
        assert!(err.to_string().contains("is not aligned to 8 bytes"));
    });
}

#[test]
fn views_run_without_the_gil_and_in_parallel() {
    Python::attach(|py| {
        let squares = eval(
            py,
            "__import__('array').array('q', [i * i for i in range(1000)])",
        );
        let e = PyExport::readonly(&squares).unwrap();
        let v = e.view::<i64, 1>().unwrap();
        let total = py.detach(|| v.par_fold(|| 0, |acc, &x| acc + x, |a, b| a + b));
        assert_eq!(total, (0..1000_i64).map(|i| i * i).sum::<i64>());
    });
}

#[test]
fn pil_buffers_become_indirect_views() {
    Python::attach(|py| {
        let Ok(tb) = py.import("_testbuffer") else {
            eprintln!("skipped: _testbuffer is not importable on this Python");
            return;
        };
        let pil = tb.getattr("ND_PIL").unwrap();
        let pil = &pil;
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("shape", (3, 4)).unwrap();
        kwargs.set_item("format", "q").unwrap();
        kwargs.set_item("flags", pil).unwrap();
        let nd = tb
            .getattr("ndarray")
            .unwrap()
            .call(((0..12_i64).collect::<Vec<_>>(),), Some(&kwargs))
            .unwrap();
        let e = PyExport::readonly(&nd).unwrap();
        assert!(e.view::<i64, 2>().is_err()); // direct views refuse suboffsets
        let v = e.indirect::<i64, 2>().unwrap();
        assert_eq!(v[[2, 1]], 9);
        assert_eq!(v.to_vec(), (0..12).collect::<Vec<_>>());
        // Its registered span is that of the elements its pointers reach, not all memory:
        // writers of other memory go on.
        let other = PyByteArray::new(py, &[0; 8]);
        PyExport::writable(other.as_any()).unwrap();
        // A writable view of the same elements is refused: they are the ones read.
        let writable = tb.getattr("ND_WRITABLE").unwrap();
        let flags = pil.call_method1("__or__", (writable,)).unwrap();
        kwargs.set_item("flags", flags).unwrap();
        let nd = tb
            .getattr("ndarray")
            .unwrap()
            .call(((0..12_i64).collect::<Vec<_>>(),), Some(&kwargs))
            .unwrap();
        let r = PyExport::readonly(&nd).unwrap();
        let err = PyExport::writable(&nd).unwrap_err();
        assert!(
            err.to_string()
                .contains("would alias a live read-only memslice view"),
            "{err}"
        );
        drop(r);
        PyExport::writable(&nd).unwrap();
    });
}

#[test]
fn shared_views_export_read_only_with_their_strides() {
    use memslice_alloc::SharedView;
    use memslice_core::s;
    Python::attach(|py| {
        let data: Vec<i64> = (0..12).collect();
        let shared = SharedView::new(data, [3, 4]).unwrap();
        let reversed = shared.map(|v| v.slice(s![..;-1, 1..;2])); // a[::-1, 1::2]
        let a = Bound::new(py, memslice_py::Array::from_shared(reversed).unwrap()).unwrap();
        let m = eval(py, "memoryview").call1((&a,)).unwrap();
        assert_eq!(
            m.getattr("strides")
                .unwrap()
                .extract::<(isize, isize)>()
                .unwrap(),
            (-32, 16)
        );
        assert!(m.getattr("readonly").unwrap().extract::<bool>().unwrap());
        let rows: Vec<Vec<i64>> = m.call_method0("tolist").unwrap().extract().unwrap();
        assert_eq!(rows, [[9, 11], [5, 7], [1, 3]]);
        // Writable requests are refused, as memoryview refuses them of read-only memory.
        let export = PyExport::writable(a.as_any()).unwrap_err();
        assert!(export.is_instance_of::<PyBufferError>(py));
        assert!(export.to_string().contains("read-only"), "{export}");
        drop(m);
        assert_eq!(shared.owners(), 2); // the Array holds one count of the owner
        drop(a);
    });
}

/// `Element` is a safe trait: a type whose FORMAT claims more bytes per item than it has must
/// not be exported, or `memoryview` reads past its elements (found by review: "d" on a
/// 4-byte type read 4 bytes beyond a 12-byte allocation).
#[test]
fn a_format_that_lies_about_the_item_size_is_not_exported() {
    use memslice_core::buffer::Element;
    use memslice_core::layout::Order;
    #[derive(Clone, Copy, bytemuck::Zeroable, bytemuck::Pod)]
    #[repr(transparent)]
    struct Liar(u32);
    impl Element for Liar {
        const FORMAT: &'static str = "d";
    }
    Python::attach(|py| {
        let owned =
            memslice_alloc::Array::from_vec(vec![Liar(0x3ff0_0000); 3], [3], Order::C).unwrap();
        let err = memslice_py::Array::from_array(owned).unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
        assert!(
            err.to_string()
                .contains("describes 8-byte items, but the type is 4 bytes"),
            "{err}"
        );
        let shared = memslice_alloc::SharedView::new(vec![Liar(0); 2], [2]).unwrap();
        assert!(memslice_py::Array::from_shared(shared).is_err());
    });
}

/// A `View` reads elements in memslice's own Rust code, so it takes part in the registry like
/// any Rust view: while a writable Rust view of the bytes lives (a `fill` running without the
/// GIL, say), reading them through a `View` is refused (found by review: it read during the
/// write).
#[test]
fn view_reads_wait_for_no_writable_rust_view() {
    Python::attach(|py| {
        let data = PyByteArray::new(py, b"choco");
        let v = Bound::new(py, memslice_py::View::new(data.as_any()).unwrap()).unwrap();
        assert_eq!(v.get_item(0).unwrap().extract::<u8>().unwrap(), b'c');
        let writer = PyExport::writable(data.as_any()).unwrap();
        let err = v.get_item(1).unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py), "{err}");
        assert!(
            v.call_method0("tolist")
                .unwrap_err()
                .is_instance_of::<PyBufferError>(py)
        );
        drop(writer);
        assert_eq!(v.get_item(1).unwrap().extract::<u8>().unwrap(), b'h');
    });
}
