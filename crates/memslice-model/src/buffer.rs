//! The buffer layer: exports of a `ByteArray` with random flags held as guards and dropped in
//! random order, growth refused exactly while an export lives, typed views of those exports,
//! exports of the current view through `Layout`, and `IndirectView`s over random row tables.

use memslice_core::buffer::{BufferGuard, ByteArray, Exporter, Flags, Layout};
use memslice_core::layout::Order;
use memslice_core::{IndirectView, MemViewSlice, MemViewSliceMut, RowTable, Slice};

use crate::check;
use crate::dynview::{Excl, Shared, each};
use crate::elem::Elem;
use crate::input::Input;
use crate::interp::{State, same_refusal};
use crate::model::{ModelView, c_indices};
use crate::recipe::{Current, bk, vk};

/// The request flags a sequence picks from (CPython's `PyBUF_*` building blocks).
const FLAGS: [Flags; 9] = [
    Flags::WRITABLE,
    Flags::FORMAT,
    Flags::ND,
    Flags::STRIDES,
    Flags::C_CONTIGUOUS,
    Flags::F_CONTIGUOUS,
    Flags::ANY_CONTIGUOUS,
    Flags::INDIRECT,
    Flags::SIMPLE,
];

/// A request as the model sees it: which building blocks were picked.
#[derive(Clone, Copy, Debug)]
struct Request {
    picked: u16,
}

impl Request {
    fn decode(input: &mut Input<'_>) -> Self {
        Request {
            picked: input.u16() & 0x1ff,
        }
    }

    fn has(self, flag: usize) -> bool {
        self.picked & (1 << flag) != 0
    }

    fn flags(self) -> Flags {
        let mut f = Flags::SIMPLE;
        for (k, &flag) in FLAGS.iter().enumerate() {
            if self.has(k) {
                f |= flag;
            }
        }
        f
    }

    fn writable(self) -> bool {
        self.has(0)
    }

    fn format(self) -> bool {
        self.has(1)
    }

    /// STRIDES, the contiguity requests and INDIRECT all include STRIDES.
    fn strides(self) -> bool {
        (3..=7).any(|k| self.has(k))
    }

    fn nd(self) -> bool {
        self.has(2) || self.strides()
    }

    /// CPython's negotiation for a direct layout that is C- or F-contiguous as the model says.
    fn negotiate(self, readonly: bool, c: bool, f: bool) -> Result<(), &'static str> {
        if self.writable() && readonly {
            return Err("NotWritable");
        }
        if (self.has(4) && !c) || (self.has(5) && !f) || (self.has(6) && !(c || f)) {
            return Err("NotContiguous");
        }
        if !self.strides() && !c {
            return Err("NeedsStrides");
        }
        Ok(())
    }
}

/// The exporter and its model: its bytes and the live guards with their requests.
pub(crate) struct Bytes<'b> {
    exporter: &'b ByteArray,
    model: Vec<u8>,
    guards: Vec<(Request, BufferGuard<'b, ByteArray>)>,
}

impl<'b> Bytes<'b> {
    pub(crate) fn new(exporter: &'b ByteArray) -> Self {
        Bytes {
            model: exporter.to_vec().expect("no export yet"),
            exporter,
            guards: Vec::new(),
        }
    }

    fn writer(&self) -> Option<usize> {
        self.guards.iter().position(|(r, _)| r.writable())
    }

    /// The exporter's length, export count and bytes against the model.
    pub(crate) fn check(&self) {
        assert_eq!(self.exporter.len(), self.model.len(), "ByteArray length");
        assert_eq!(self.exporter.exports(), self.guards.len(), "live exports");
        match self.writer() {
            None => assert_eq!(
                self.exporter.to_vec().ok(),
                Some(self.model.clone()),
                "bytes"
            ),
            Some(w) => {
                assert_eq!(
                    self.exporter.to_vec().map_err(bk),
                    Err("Busy"),
                    "to_vec while written"
                );
                let v = MemViewSlice::<u8, 1>::from_buffer(&self.guards[w].1).expect("bytes");
                assert_eq!(v.to_vec(), self.model, "bytes through the writable export");
            }
        }
    }

    fn export(&mut self, req: Request) {
        let busy = self.writer().is_some() || (req.writable() && !self.guards.is_empty());
        match (busy, self.exporter.get_buffer(req.flags())) {
            (false, Ok(g)) => {
                let len = self.model.len();
                assert_eq!((g.len(), g.readonly()), (len, !req.writable()), "{req:?}");
                assert_eq!(g.format(), "B");
                assert_eq!(
                    g.shape(),
                    req.nd().then_some(&[len][..]),
                    "shape of {req:?}"
                );
                assert_eq!(
                    g.strides(),
                    req.strides().then_some(&[1][..]),
                    "strides of {req:?}"
                );
                self.guards.push((req, g));
            }
            (true, Err(e)) => assert_eq!(bk(e), "Busy"),
            (b, g) => panic!("export {req:?}: model busy {b}, memslice {g:?}"),
        }
    }

    fn grow(&mut self, input: &mut Input<'_>) {
        let live = self.guards.len();
        let (got, after) = if input.bool() {
            let more: Vec<u8> = (0..input.below(4)).map(|_| input.u8()).collect();
            let mut after = self.model.clone();
            after.extend_from_slice(&more);
            (self.exporter.extend_from_slice(&more), after)
        } else {
            let (len, value) = (input.below(40), input.u8());
            let mut after = self.model.clone();
            after.resize(len, value);
            (self.exporter.resize(len, value), after)
        };
        match got {
            Ok(()) => {
                assert_eq!(live, 0, "grew with {live} live exports");
                self.model = after;
            }
            Err(e) => {
                assert!(live > 0, "growth refused with no export: {e:?}");
                assert_eq!(bk(e), "ExportsExist");
            }
        }
    }

    /// Typed views of guard `i`: bytes read, the wrong rank and type refused, writes through a
    /// writable export.
    fn view(&mut self, i: usize, value: u8) {
        let (req, guard) = &mut self.guards[i];
        let v = MemViewSlice::<u8, 1>::from_buffer(guard).expect("a 1-d byte buffer");
        assert_eq!(v.to_vec(), self.model, "from_buffer");
        let b = MemViewSlice::from_buffer_bytes(guard).expect("contiguous bytes");
        assert_eq!(b.to_vec(), self.model, "from_buffer_bytes");
        let two = MemViewSlice::<u8, 2>::from_buffer(guard)
            .map(drop)
            .map_err(bk);
        assert_eq!(two, Err("NdimMismatch"));
        let wide = MemViewSlice::<u32, 1>::from_buffer(guard)
            .map(drop)
            .map_err(bk);
        assert_eq!(wide, Err("FormatMismatch"));
        match (
            req.writable(),
            MemViewSliceMut::<u8, 1>::from_buffer_mut(guard),
        ) {
            (true, Ok(mut m)) => {
                m.iter_mut().step_by(2).for_each(|x| *x = value);
                self.model.iter_mut().step_by(2).for_each(|x| *x = value);
            }
            (false, Err(e)) => assert_eq!(bk(e), "NotWritable"),
            (w, g) => panic!("from_buffer_mut of {req:?}: writable {w}, memslice {g:?}"),
        }
    }
}

/// Whether `E` is `u8`, the one element type a format-less ("B") buffer holds.
fn is_byte<E: Elem>() -> bool {
    E::NAME == "u8"
}

impl<E: Elem> State<'_, E> {
    pub(crate) fn buffer_op(&mut self, input: &mut Input<'_>) {
        let kind = input.below(6);
        let req = Request::decode(input);
        let pick = input.u8() as usize;
        self.trace
            .push(format!("buffer #{kind} {req:?} pick {pick}"));
        let live = self.bytes.guards.len();
        match kind {
            0 => self.bytes.export(req),
            1 if live > 0 => drop(self.bytes.guards.remove(pick % live)),
            2 => self.bytes.grow(input),
            3 if live > 0 => self.bytes.view(pick % live, input.u8()),
            4 => self.export_shared(req),
            _ => self.export_slice(req, input),
        }
    }

    /// `Layout::of_slice` of the whole backing with a random shape, requested, viewed back.
    fn export_slice(&mut self, req: Request, input: &mut Input<'_>) {
        let rank = input.below(3);
        let shape: Vec<usize> = (0..rank).map(|_| input.extent()).collect();
        self.trace
            .push(format!("of_slice of the backing as {shape:?}"));
        // Refused as a shape mismatch too: C strides that overflow, even for an empty shape.
        let fits = crate::model::size_of_shape(&shape) == Some(self.mem.len())
            && !check::strides_overflow(&shape, size_of::<E>(), Order::C);
        let layout = Layout::of_slice(&self.mem, E::FORMAT, &shape);
        let layout = match (fits, layout) {
            (true, Ok(l)) => l,
            (false, Err(e)) => return assert_eq!(bk(e), "BufferShapeMismatch"),
            (f, l) => panic!("of_slice as {shape:?}: model fits {f}, memslice {l:?}"),
        };
        let m = ModelView::contiguous_from(0, &shape);
        let want = req.negotiate(true, true, m.f_contiguous());
        let info = match (want, layout.request(req.flags())) {
            (Ok(()), Ok(info)) => info,
            (Err(w), Err(g)) => return assert_eq!(w, bk(g), "request {req:?}"),
            (w, g) => panic!("request {req:?} of a slice: model {w:?}, memslice {g:?}"),
        };
        let bytes = MemViewSlice::from_buffer_bytes(&info).expect("a contiguous buffer");
        let want: &[u8] = bytemuck::cast_slice(&self.model_mem);
        assert_eq!(bytes.to_vec(), want, "from_buffer_bytes of a slice export");
        match rank {
            0 => typed_slice::<E, 0>(&info, req, &m, &self.model_mem),
            1 => typed_slice::<E, 1>(&info, req, &m, &self.model_mem),
            _ => typed_slice::<E, 2>(&info, req, &m, &self.model_mem),
        }
    }

    /// `Layout::of_view` of the current view, requested with random flags, viewed back.
    fn export_shared(&mut self, req: Request) {
        let Some(cur) = &self.cur else { return };
        each!(Shared, cur.shared(&self.mem), v => export_shared(v, req, &cur.model, &self.model_mem))
    }

    /// `Layout::of_view_mut` of the current exclusive view, and writes through the typed view
    /// of its description.
    pub(crate) fn export_excl(&mut self, cur: &Current, input: &mut Input<'_>) {
        let req = Request::decode(input);
        let base = self.fresh().key() as u32;
        self.trace.push(format!("export exclusive {req:?}"));
        let model = &mut self.model_mem;
        each!(Excl, cur.excl(&mut self.mem), v => export_excl(v, req, &cur.model, model, base))
    }

    /// An `IndirectView` over rows of the backing (one maybe ragged), sliced and indexed.
    pub(crate) fn indirect(&mut self, input: &mut Input<'_>) {
        let len = self.mem.len();
        let rows = input.below(5);
        let cols = input.below(5).min(len);
        let mut spans: Vec<(usize, usize)> = (0..rows)
            .map(|_| (input.below(len - cols + 1), cols))
            .collect();
        if rows > 0 && input.u8() < 40 {
            let r = input.below(rows);
            let (start, n) = spans[r];
            spans[r] = if start + n < len {
                (start, n + 1)
            } else {
                (start, n.saturating_sub(1))
            };
        }
        let slices = [
            (input.bound(), input.bound(), nonzero(input.small_isize())),
            (input.bound(), input.bound(), nonzero(input.small_isize())),
        ];
        let index = (input.below(3), input.small_isize());
        self.trace.push(format!(
            "indirect rows {spans:?} slices {slices:?} index {index:?}"
        ));
        let mem = &self.mem;
        let table = RowTable::new(spans.iter().map(|&(s, n)| &mem[s..s + n]));
        let ragged = spans.iter().position(|&(_, n)| n != spans[0].1);
        let table = match (ragged, table) {
            (None, Ok(t)) => t,
            (Some(_), Err(e)) => return assert_eq!(vk(e), "RaggedRows"),
            (r, t) => panic!("row table {spans:?}: model ragged at {r:?}, memslice {t:?}"),
        };
        let cols = spans.first().map_or(0, |s| s.1);
        let mut m = ModelView {
            shape: vec![rows, if rows == 0 { 0 } else { cols }],
            pos: spans.iter().flat_map(|&(s, n)| s..s + n).collect(),
        };
        let mut v = table.view();
        indirect_check(&v, &m, &self.model_mem);
        for (axis, &(start, stop, step)) in slices.iter().enumerate() {
            let want = m.slice_axis(axis, start, stop, step);
            match (want, v.slice_axis(axis, Slice::new(start, stop, step))) {
                (Ok(w), Ok(got)) => (m, v) = (w, got),
                (Err(w), Err(g)) => return assert_eq!(w, vk(g)),
                (w, g) => panic!("indirect slice: model {w:?}, memslice {g:?}"),
            }
            indirect_check(&v, &m, &self.model_mem);
        }
        let (axis, i) = index;
        match (m.index_axis(axis, i), v.index_axis::<1>(axis, i)) {
            (Ok(w), Ok(row)) => {
                indirect_check(&row, &w, &self.model_mem);
                match row.as_direct() {
                    Some(d) => check::view(&d, &w, &self.model_mem),
                    None => assert_eq!(axis, 1, "an indexed row is direct"),
                }
            }
            (Err(w), Err(g)) => assert!(same_refusal(w, vk(g))),
            (w, g) => panic!("indirect index_axis({axis}, {i}): model {w:?}, memslice {g:?}"),
        }
    }
}

fn nonzero(s: isize) -> isize {
    if s == 0 { 1 } else { s }
}

/// The refusal the model expects of a typed view of rank `n` of a description of a view.
fn typed_refusal<E: Elem>(req: Request, n: usize) -> Result<(), &'static str> {
    if !req.format() && !is_byte::<E>() {
        Err("FormatMismatch")
    } else if (if req.nd() { n } else { 1 }) != n {
        Err("NdimMismatch")
    } else {
        Ok(())
    }
}

fn typed_slice<E: Elem, const N: usize>(
    info: &memslice_core::buffer::BufferInfo<'_>,
    req: Request,
    m: &ModelView,
    mem: &[E],
) {
    match (typed_refusal::<E>(req, N), E::from_buffer::<N>(info)) {
        (_, None) => {}
        (Ok(()), Some(Ok(t))) => check::view(&t, m, mem),
        (Err(w), Some(Err(g))) => assert_eq!(w, bk(g), "typed view of {req:?}"),
        (w, g) => panic!("typed view of {req:?}: model {w:?}, memslice {g:?}"),
    }
}

fn export_excl<E: Elem, const N: usize>(
    v: MemViewSliceMut<'_, E, N>,
    req: Request,
    m: &ModelView,
    model: &mut [E],
    base: u32,
) {
    let want = req.negotiate(false, m.c_contiguous(), m.f_contiguous());
    let Some(layout) = E::layout_of_mut(v) else {
        return;
    };
    let mut info = match (want, layout.request(req.flags())) {
        (Ok(()), Ok(info)) => info,
        (Err(w), Err(g)) => return assert_eq!(w, bk(g), "request {req:?}"),
        (w, g) => panic!("request {req:?} of an exclusive view: model {w:?}, memslice {g:?}"),
    };
    let got = E::from_buffer_mut::<N>(&mut info).map(|r| r.map_err(bk));
    match (typed_refusal::<E>(req, N), got) {
        (_, None) => {}
        (Ok(()), Some(Ok(mut t))) => {
            let vals: Vec<E> = (0..m.pos.len() as u32)
                .map(|k| E::make(base.wrapping_add(k)))
                .collect();
            for (x, &val) in t.iter_mut().zip(&vals) {
                *x = val;
            }
            m.pos.iter().zip(&vals).for_each(|(&p, &x)| model[p] = x);
        }
        (Err(w), Some(Err(g))) => assert_eq!(w, g, "typed exclusive view of {req:?}"),
        (w, g) => panic!("typed exclusive view of {req:?}: model {w:?}, memslice {g:?}"),
    }
}

fn export_shared<E: Elem, const N: usize>(
    v: MemViewSlice<'_, E, N>,
    req: Request,
    m: &ModelView,
    mem: &[E],
) {
    let want = req.negotiate(true, m.c_contiguous(), m.f_contiguous());
    let Some(layout) = E::layout_of(v) else {
        return;
    };
    match (want, layout.request(req.flags())) {
        (Ok(()), Ok(info)) => match (typed_refusal::<E>(req, N), E::from_buffer::<N>(&info)) {
            (_, None) => {}
            (Ok(()), Some(Ok(t))) => check::view(&t, m, mem),
            (Err(w), Some(Err(g))) => assert_eq!(w, bk(g), "typed view of {req:?}"),
            (w, g) => panic!("typed view of {req:?}: model {w:?}, memslice {g:?}"),
        },
        (Err(w), Err(g)) => assert_eq!(w, bk(g), "request {req:?}"),
        (w, g) => panic!("request {req:?} of a view: model {w:?}, memslice {g:?}"),
    }
}

/// An indirect view's shape, elements (by `get`, `iter` and `to_vec`) and out-of-bounds `get`.
fn indirect_check<E: Elem, const N: usize>(v: &IndirectView<'_, E, N>, m: &ModelView, mem: &[E]) {
    assert_eq!(&v.shape()[..], &m.shape[..], "indirect shape");
    assert_eq!(v.is_empty(), m.pos.is_empty(), "indirect emptiness");
    let want = check::values(m, mem);
    for (k, idx) in c_indices(&m.shape).iter().enumerate() {
        let idx: [usize; N] = crate::dynview::arr(idx);
        assert_eq!(v.get(idx), Some(&want[k]), "indirect get({idx:?})");
    }
    for axis in 0..N {
        let mut idx = [0; N];
        idx[axis] = m.shape[axis];
        assert_eq!(v.get(idx), None, "indirect get({idx:?})");
    }
    assert_eq!(v.iter().copied().collect::<Vec<_>>(), want, "indirect iter");
    assert_eq!(v.to_vec(), want, "indirect to_vec");
}
