//! The kernels users write, K1-K8 and K3s, each as a raw-pointer loop, through memslice in three
//! forms (`Index`, `get_unchecked`, iterators or `Zip`) and through ndarray, over the same
//! memory. Building the views is inside the timed code, as a user pays it.
//!
//! Two drivers share these cases: the criterion harness (`cargo bench --bench memslice --
//! kernels`) and the table (`cargo bench --bench table`), which prints one line per kernel
//! with every form's time per element and its ratio to the raw loop.

use std::cell::RefCell;
use std::rc::Rc;

pub(crate) mod stores;
pub(crate) mod sums;

/// How a case reaches the elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    Raw,
    Index,
    Unchecked,
    Iter,
    NdIndex,
    NdBest,
}

impl Form {
    pub(crate) const ALL: [Form; 6] = [
        Form::Raw,
        Form::Index,
        Form::Unchecked,
        Form::Iter,
        Form::NdIndex,
        Form::NdBest,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Form::Raw => "raw_ptr",
            Form::Index => "memslice_index",
            Form::Unchecked => "memslice_unchecked",
            Form::Iter => "memslice_iter_zip",
            Form::NdIndex => "ndarray_index",
            Form::NdBest => "ndarray_best",
        }
    }
}

/// One kernel in one form: `run` does the whole kernel once and returns a probe of its result
/// (a sum, or a few output elements), which every form must agree on.
pub(crate) struct Case {
    pub(crate) form: Form,
    pub(crate) run: Box<dyn FnMut() -> f64>,
}

/// A kernel: its name, what one run does (`work` elements, or flops for matmul) and its cases.
pub(crate) struct Kernel {
    pub(crate) name: &'static str,
    pub(crate) work: f64,
    pub(crate) flops: bool,
    pub(crate) cases: Vec<Case>,
    /// Puts the output back as it was, for kernels that accumulate into it.
    reset: Option<Box<dyn FnMut()>>,
}

impl Kernel {
    pub(crate) fn new(name: &'static str, work: usize) -> Self {
        Kernel {
            name,
            work: work as f64,
            flops: false,
            cases: Vec::new(),
            reset: None,
        }
    }

    pub(crate) fn reset(mut self, reset: impl FnMut() + 'static) -> Self {
        self.reset = Some(Box::new(reset));
        self
    }

    pub(crate) fn case(mut self, form: Form, run: impl FnMut() -> f64 + 'static) -> Self {
        self.cases.push(Case {
            form,
            run: Box::new(run),
        });
        self
    }

    /// Runs every case once and checks that its probe equals the raw loop's.
    pub(crate) fn verified(mut self) -> Self {
        let mut expect = None;
        for case in &mut self.cases {
            if let Some(reset) = &mut self.reset {
                reset();
            }
            let got = (case.run)();
            let want = *expect.get_or_insert(got);
            let close = (got - want).abs() <= 1e-9 * want.abs().max(1.0);
            assert!(close, "{} {}: {got} != {want}", self.name, case.form.name());
        }
        self
    }
}

/// A shared input and a shared output, so that every form of a kernel reads the same memory.
pub(crate) fn input(len: usize, modulus: usize) -> Rc<Vec<f64>> {
    Rc::new((0..len).map(|k| (k % modulus) as f64).collect())
}

pub(crate) fn output(len: usize) -> Rc<RefCell<Vec<f64>>> {
    Rc::new(RefCell::new(vec![0.0; len]))
}

/// Every kernel, in table order.
pub(crate) fn all() -> Vec<Kernel> {
    vec![
        sums::k1(),
        sums::k2(),
        sums::k3(),
        sums::k3s(),
        stores::k4(),
        stores::k5(),
        sums::k6(),
        stores::k7(),
        sums::k8(),
    ]
}
