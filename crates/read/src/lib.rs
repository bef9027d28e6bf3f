//! Reading articles (stage 1 of the pipeline): files, directories and
//! standard input in the formats news arrives in, turned into
//! [`Document`]s.
//!
//! Reading is split in two so that the pipeline can stream and use every
//! core:
//!
//! 1. [`expand`] turns the paths the user gave into [`Input`]s (walking
//!    directories), and [`records`] turns one input into a stream of
//!    [`Raw`] records: the bytes of one article each. This part is
//!    sequential and cheap: it reads, splits lines, parses WARC framing and
//!    decompresses, holding one record at a time.
//! 2. [`decode`] turns one [`Raw`] into a [`Document`]: charset detection,
//!    JSON parsing, HTML main-content extraction. It is a pure function of
//!    its record, so records decode in parallel.
//!
//! Failures are per input: a file that cannot be read, a malformed JSON
//! line, a truncated WARC record each give an [`InputError`] naming the
//! input, and reading goes on with the rest. No byte sequence makes a
//! reader panic (the fuzz targets in `fuzz/` check this).

mod charset;
mod date;
mod formats;
mod headline;
mod inputs;
mod warc;

pub mod fuzzing;

pub use charset::decode_bytes;
pub use date::{parse_published, published_seconds};
pub use formats::strip_bom;
pub use headline::{SITE_TITLE, headline, title_names_site, url_slug};
pub use inputs::{Expanded, Input, expand};

use std::io::{self, BufRead, Read};
use storyline_core::{Document, Format, InputError};

/// The largest single article file or record storyline reads. Larger
/// inputs are reported and skipped: no news article is this long, and
/// holding one would defeat bounded memory.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// The bytes of one article, not yet decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    /// The input path, `path#N` for the N-th record (1-based), `-` for
    /// standard input.
    pub source: String,
    pub format: Format,
    pub bytes: Vec<u8>,
    /// The id to use when the record does not carry one: a file's name
    /// without its extension, or a WARC record id. `None` means a content
    /// hash.
    pub fallback_id: Option<String>,
    /// Metadata from a container (a WARC record's target URI, date and the
    /// HTTP response's declared charset).
    pub url: Option<String>,
    pub fetched: Option<String>,
    pub charset: Option<String>,
}

/// Opens one input and yields its records, one at a time.
///
/// Errors that end the input (it cannot be opened, a WARC file is
/// truncated) are yielded as the last item; errors of one record (a
/// malformed JSON line) are yielded in its place and reading goes on.
pub fn records(input: &Input) -> Records {
    let source = input.display_name();
    match inputs::open(input) {
        Ok(opened) => records_from(source, opened),
        Err(e) => Box::new(std::iter::once(Err(InputError::new(source, e)))),
    }
}

/// The records of an input already in memory (a request body sent to the
/// server), split as a file of `format` would be: one record for `.txt`
/// and `.html`, one per line for JSON Lines, one per object of a JSON file
/// (an object or an array of objects), one per response of a WARC file.
/// `fallback_id` names a single-article input without an `id` of its own
/// (`None`: a content hash).
pub fn records_from_bytes(
    source: String,
    format: Format,
    bytes: Vec<u8>,
    fallback_id: Option<String>,
) -> Records {
    if bytes.len() > MAX_RECORD_BYTES && !matches!(format, Format::Jsonl | Format::Warc) {
        return Box::new(std::iter::once(Err(InputError::new(
            source,
            format!(
                "larger than {} MiB: too large for one article; skipped",
                MAX_RECORD_BYTES >> 20
            ),
        ))));
    }
    let opened = inputs::Opened {
        reader: Box::new(io::Cursor::new(bytes)),
        format,
        fallback_id,
    };
    records_from(source, opened)
}

/// The records of one input, in order.
pub type Records = Box<dyn Iterator<Item = Result<Raw, InputError>> + Send>;

fn records_from(source: String, opened: inputs::Opened) -> Records {
    let inputs::Opened {
        reader,
        format,
        fallback_id,
    } = opened;
    match format {
        Format::Jsonl => Box::new(formats::JsonLines::new(source, reader)),
        Format::Warc => Box::new(warc::WarcRecords::new(source, reader)),
        Format::Json => match read_whole(source, reader, format, fallback_id) {
            Ok(raw) => Box::new(formats::json_file_records(raw).into_iter()),
            Err(e) => Box::new(std::iter::once(Err(e))),
        },
        Format::Txt | Format::Html => Box::new(std::iter::once(read_whole(
            source,
            reader,
            format,
            fallback_id,
        ))),
    }
}

/// Decodes one record into a document.
pub fn decode(raw: Raw) -> Result<Document, InputError> {
    match raw.format {
        Format::Txt => formats::decode_txt(raw),
        Format::Json | Format::Jsonl => formats::decode_json(raw),
        Format::Html | Format::Warc => formats::decode_html(raw),
    }
}

/// Reads a single-article input whole, within [`MAX_RECORD_BYTES`].
fn read_whole(
    source: String,
    reader: Box<dyn BufRead + Send>,
    format: Format,
    fallback_id: Option<String>,
) -> Result<Raw, InputError> {
    let mut bytes = Vec::new();
    let limit = MAX_RECORD_BYTES as u64 + 1;
    if let Err(e) = reader.take(limit).read_to_end(&mut bytes) {
        return Err(InputError::new(source, io_message(&e)));
    }
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(InputError::new(
            source,
            format!(
                "larger than {} MiB: too large for one article; skipped",
                MAX_RECORD_BYTES >> 20
            ),
        ));
    }
    Ok(Raw {
        source,
        format,
        bytes,
        fallback_id,
        url: None,
        fetched: None,
        charset: None,
    })
}

/// A short, user-facing description of an I/O error.
pub(crate) fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::UnexpectedEof => "unexpected end of input (truncated?)".to_string(),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput => {
            format!("corrupt data: {e}")
        }
        _ => e.to_string(),
    }
}
