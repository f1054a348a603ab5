//! The buffer-protocol model (PEP 3118), as far as it has landed: struct-module format strings
//! with CPython's exact itemsizes, the element types a format may be viewed as, and the request
//! flags. Exporters, the buffer description and indirect views build on these.

mod element;
mod flags;
mod format;

pub use element::Element;
pub use flags::Flags;
pub use format::{Field, Format, FormatError, Kind, Mode, size_from_format};
