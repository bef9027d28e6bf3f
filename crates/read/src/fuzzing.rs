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

/// What is wrong with a reader's result, if anything: a document needs a
/// source, and its defects' spans must be character-boundary ranges of its
/// text; an error needs a source and a message.
pub fn contract_violation(result: &Result<Document, InputError>) -> Option<String> {
    match result {
        Ok(doc) => {
            if doc.source.is_empty() {
                return Some(format!("document {} has no source", doc.id));
            }
            for defect in &doc.defects {
                if defect.kind.is_empty() {
                    return Some(format!("{}: a defect without a kind", doc.source));
                }
                for span in &defect.spans {
                    if span.start > span.end || doc.text.get(span.start..span.end).is_none() {
                        return Some(format!(
                            "{}: defect {:?} span {}..{} is not a char-boundary range of a {}-byte text",
                            doc.source,
                            defect.kind,
                            span.start,
                            span.end,
                            doc.text.len()
                        ));
                    }
                }
            }
            None
        }
        Err(err) if err.source.is_empty() => Some(format!("error without a source: {err:?}")),
        Err(err) if err.message.trim().is_empty() => {
            Some(format!("error without a message: {err:?}"))
        }
        Err(_) => None,
    }
}
