//! Indirect views against the logical model: arrays stored behind pointer tables in three
//! arrangements, sliced at random, must hold the elements NumPy would give for the logical
//! array, at the addresses CPython's `PyBuffer_GetPointer` (our `BufferInfo::get_item_pointer`)
//! computes.

mod common;

use std::ptr::NonNull;

use common::{Model, c_order_indices, config};
use memslice_core::buffer::BufferInfo;
use memslice_core::{IndirectView, RowTable, Slice, ViewError};
use proptest::prelude::*;

const PTR: isize = size_of::<*const u32>() as isize;

/// The logical value at (i, j, k).
fn value(i: usize, j: usize, k: usize) -> u32 {
    (100 * i + 10 * j + k) as u32
}

/// Storage for an a x b x c array behind pointers, kept alive while its views are used.
struct Store {
    rows: Vec<Vec<u32>>,
    blocks: Vec<Vec<u32>>,
    row_ptrs: Vec<*const u32>,
    tables: Vec<Vec<*const u32>>,
    table_ptrs: Vec<*const *const u32>,
    block_ptrs: Vec<*const u32>,
}

impl Store {
    fn new([a, b, c]: [usize; 3]) -> Store {
        let rows: Vec<Vec<u32>> = (0..a * b)
            .map(|r| (0..c).map(|k| value(r / b, r % b, k)).collect())
            .collect();
        let blocks: Vec<Vec<u32>> = (0..a)
            .map(|i| (0..b * c).map(|x| value(i, x / c, x % c)).collect())
            .collect();
        let row_ptrs: Vec<*const u32> = rows.iter().map(|r| r.as_ptr()).collect();
        let tables: Vec<Vec<*const u32>> = (0..a)
            .map(|i| row_ptrs[i * b..(i + 1) * b].to_vec())
            .collect();
        let table_ptrs = tables.iter().map(|t| t.as_ptr()).collect();
        let block_ptrs = blocks.iter().map(|b| b.as_ptr()).collect();
        Store {
            rows,
            blocks,
            row_ptrs,
            tables,
            table_ptrs,
            block_ptrs,
        }
    }

    /// The parts of one arrangement: buf, strides, suboffsets.
    fn parts(
        &self,
        arrangement: usize,
        [_, b, c]: [usize; 3],
    ) -> (*const u8, [isize; 3], [isize; 3]) {
        let _ = (&self.rows, &self.blocks, &self.tables);
        match arrangement {
            // A table of pointers to b x c blocks.
            0 => (
                self.block_ptrs.as_ptr().cast(),
                [PTR, 4 * c as isize, 4],
                [0, -1, -1],
            ),
            // An a x b grid of pointers to rows of c.
            1 => (
                self.row_ptrs.as_ptr().cast(),
                [b as isize * PTR, PTR, 4],
                [-1, 0, -1],
            ),
            // A table of pointers to tables of row pointers.
            _ => (self.table_ptrs.as_ptr().cast(), [PTR, PTR, 4], [0, 0, -1]),
        }
    }
}

fn check(
    view: &IndirectView<'_, u32, 3>,
    model: &Model,
    info: &BufferInfo<'_>,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(&view.shape()[..], &model.shape[..]);
    prop_assert_eq!(
        view.to_vec()
            .iter()
            .map(|&x| x as usize)
            .collect::<Vec<_>>(),
        model.pos.clone()
    );
    for idx in c_order_indices(view.shape()) {
        let index = <[usize; 3]>::try_from(idx.as_slice()).unwrap();
        let ours = &view[index] as *const u32 as usize;
        prop_assert_eq!(
            Some(ours),
            info.get_item_pointer(&idx).map(|p| p.as_ptr() as usize)
        );
    }
    Ok(())
}

/// The buffer description with the same parts as `view`, for `get_item_pointer`.
fn describe<'a>(view: &IndirectView<'a, u32, 3>) -> BufferInfo<'a> {
    let nitems: usize = view.shape().iter().product();
    // SAFETY: the parts are those of a valid indirect view over live storage, whose tables hold
    // real pointers into other allocations: a foreign-style description, trusted.
    unsafe {
        BufferInfo::from_raw_parts(
            NonNull::new(view.buf().cast_mut()).unwrap(),
            nitems * 4,
            true,
            Some("I".into()),
            4,
            Some(view.shape().to_vec().into()),
            Some(view.strides().to_vec().into()),
            Some(view.suboffsets().to_vec().into()),
        )
    }
    .unwrap()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sliced_indirect_views_follow_the_model(
        shape in [1_usize..4, 1_usize..4, 1_usize..4],
        arrangement in 0_usize..3,
        ops in prop::collection::vec((0_usize..3, prop::option::of(-4_isize..4), prop::option::of(-4_isize..4), prop_oneof![-2_isize..0, 1_isize..3]), 0..4),
        (axis, index) in (0_usize..3, -3_isize..3),
    ) {
        let store = Store::new(shape);
        let (buf, strides, subs) = store.parts(arrangement, shape);
        // SAFETY: the store holds every table and row the parts point into, alive for the test.
        let mut view = unsafe { IndirectView::<u32, 3>::from_raw_parts(buf, shape, strides, subs) };
        let [a, b, c] = shape;
        let mut model = Model {
            shape: shape.to_vec(),
            pos: (0..a * b * c).map(|x| value(x / (b * c), x / c % b, x % c) as usize).collect(),
        };
        for &(ax, start, stop, step) in &ops {
            view = view.slice_axis(ax, Slice::new(start, stop, step)).unwrap();
            model = model.slice_axis(ax, start, stop, step);
        }
        check(&view, &model, &describe(&view))?;
        // Indexing: any direct axis, or the first axis even when indirect.
        let got = view.index_axis(axis, index);
        match model.index_axis(axis, index) {
            None => prop_assert!(got.is_err()),
            Some(_) if axis > 0 && view.suboffsets()[axis] >= 0 => {
                prop_assert_eq!(got.unwrap_err(), ViewError::IndirectIndex { axis });
            }
            Some(m) => {
                let w = got.unwrap();
                prop_assert_eq!(w.to_vec().iter().map(|&x| x as usize).collect::<Vec<_>>(), m.pos);
            }
        }
    }
}

#[test]
fn row_tables_and_contiguity() {
    let rows = vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]];
    let table = RowTable::new(&rows).unwrap();
    let v = table.view();
    assert!(
        !v.is_c_contiguous(),
        "never contiguous across an indirect axis"
    );
    assert!(v.as_direct().is_none());
    let row = v.index_axis(0, 1).unwrap();
    assert_eq!(row.as_direct().unwrap().as_slice(), Some(&rows[1][..]));
    assert!(row.is_c_contiguous());
    assert_eq!(
        v.slice_axis(1, Slice::new(None, None, -1))
            .unwrap()
            .to_vec(),
        [3.0, 2.0, 1.0, 6.0, 5.0, 4.0]
    );
    // A ragged table names the short row and both lengths.
    let ragged = RowTable::new([&rows[0][..], &rows[1][..2]]).unwrap_err();
    assert_eq!(
        ragged,
        ViewError::RaggedRows {
            row: 1,
            len: 2,
            expected: 3
        }
    );
    assert_eq!(
        ragged.to_string(),
        "row 1 holds 2 elements but row 0 holds 3: rows must be equally long"
    );
    // Typed from an exported description, alignment of every row checked.
    let info = {
        let v = table.view();
        // SAFETY: the parts of the table's own view, whose row pointers lead into the rows'
        // own allocations: trusted, as a foreign exporter's would be.
        unsafe {
            BufferInfo::from_raw_parts(
                NonNull::new(v.buf().cast_mut()).unwrap(),
                48,
                true,
                Some("d".into()),
                8,
                Some(vec![2, 3].into()),
                Some(vec![PTR, 8].into()),
                Some(vec![0, -1].into()),
            )
        }
        .unwrap()
    };
    let typed = IndirectView::<f64, 2>::from_buffer(&info).unwrap();
    assert_eq!(typed.to_vec(), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert!(IndirectView::<f32, 2>::from_buffer(&info).is_err());
}

/// Iteration steps along a direct last axis from each row's start; an indirect last axis is
/// followed element by element. Both against `get` at every index (the walk `Index` takes).
#[test]
fn iteration_follows_an_indirect_last_axis_element_by_element() {
    let values = [10_u32, 11, 12, 13, 14, 15];
    // A 2 x 3 grid of pointers, one per element, in reverse order: both axes direct over the
    // grid, the last one indirect (suboffset 0), as a `u32*[2][3]` of scattered elements.
    let grid: Vec<*const u32> = values.iter().rev().map(|v| v as *const u32).collect();
    // SAFETY: six valid element pointers in `grid`, both alive for the test.
    let v = unsafe {
        IndirectView::<u32, 2>::from_raw_parts(
            grid.as_ptr().cast(),
            [2, 3],
            [3 * PTR, PTR],
            [-1, 0],
        )
    };
    assert_eq!(
        v.iter().copied().collect::<Vec<_>>(),
        [15, 14, 13, 12, 11, 10]
    );
    let by_index: Vec<u32> = (0..2)
        .flat_map(|i| (0..3).map(move |j| [i, j]))
        .map(|ix| *v.get(ix).unwrap())
        .collect();
    assert_eq!(v.to_vec(), by_index);
    // Reversing the direct first axis and emptying the last leave the same walk in force.
    let r = v.slice_axis(0, Slice::new(None, None, -1)).unwrap();
    assert_eq!(r.to_vec(), [12, 11, 10, 15, 14, 13]);
    let empty = v.slice_axis(1, Slice::new(Some(1), Some(1), 1)).unwrap();
    assert_eq!(empty.iter().count(), 0);
    // A 1-d table of element pointers.
    // SAFETY: as above, three of them.
    let one =
        unsafe { IndirectView::<u32, 1>::from_raw_parts(grid.as_ptr().cast(), [3], [PTR], [0]) };
    assert_eq!(one.to_vec(), [15, 14, 13]);
}
