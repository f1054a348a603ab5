//! The byte stream an operation sequence is decoded from. Reading past the end yields zeros, so
//! every input decodes to some sequence and a fuzzer's mutations stay meaningful.

/// A cursor over the fuzzer's bytes.
#[derive(Debug)]
pub(crate) struct Input<'d> {
    data: &'d [u8],
}

impl<'d> Input<'d> {
    pub(crate) fn new(data: &'d [u8]) -> Self {
        Input { data }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub(crate) fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    pub(crate) fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    /// A number below `n` (which is positive).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.u8() as usize % n
    }

    pub(crate) fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    /// An extent: mostly 0 to 4, sometimes up to 9, rarely one of the sizes that overflow.
    pub(crate) fn extent(&mut self) -> usize {
        match self.u8() {
            b @ 0..=199 => (b % 5) as usize,
            b @ 200..=249 => (b % 10) as usize,
            250 => usize::MAX,
            251 => isize::MAX as usize,
            252 => 1 << 32,
            253 => (isize::MAX as usize) / 2 + 1,
            254 => 65,
            _ => 1 << 20,
        }
    }

    /// A small signed number, with the extremes of `isize` now and then.
    pub(crate) fn small_isize(&mut self) -> isize {
        match self.u8() {
            0 => isize::MIN,
            1 => isize::MAX,
            2 => isize::MIN + 1,
            b => (b as i8 / 16) as isize,
        }
    }

    /// A slice bound: absent, small, or extreme.
    pub(crate) fn bound(&mut self) -> Option<isize> {
        if self.u8() % 4 == 0 {
            None
        } else {
            Some(self.small_isize())
        }
    }
}
