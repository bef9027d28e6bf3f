//! Entry points for the fuzz targets in `fuzz/` and the randomized tests:
//! each runs a reader the way the pipeline does, on bytes in memory.
//! Their contract is the readers' contract: any bytes give documents or
//! errors, never a panic.

use std::io::Cursor;

use storyline_core::{Document, Format, InputError};

/// Reads `bytes` as an input named with `format`'s extension (or, for
/// `None`, as standard input, whose format is sniffed) and decodes every
/// record.
pub fn read_bytes(format: Option<Format>, bytes: &[u8]) -> Vec<Result<Document, InputError>> {
    let reader = Box::new(Cursor::new(bytes.to_vec()));
    let stem = format.map(|_| "fuzz".to_string());
    let opened = match crate::inputs::open_reader(reader, format, stem) {
        Ok(opened) => opened,
        Err(e) => return vec![Err(InputError::new("fuzz", e))],
    };
    crate::records_from("fuzz".to_string(), opened)
        .map(|record| record.and_then(crate::decode))
        .collect()
}
