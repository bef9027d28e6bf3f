//! The types every stage of storyline shares.
//!
//! Data flows one way through the pipeline (see `docs/architecture.md`):
//! `read` produces [`Document`]s, later stages add what they find, and the
//! output stage renders a [`Report`]. Every stage depends on this crate and
//! none on the internals of another, so a type that two stages exchange lives
//! here.
//!
//! # Offsets
//!
//! Every offset in storyline is a **byte offset, half-open, into a document's
//! text** ([`Document::text`]): `&text[span.start..span.end]` is exactly the
//! cited text. Offsets into normalized text (used for matching) are private to
//! the stages and are mapped back before they reach any of these types.

mod report;

pub use report::*;

use serde::{Deserialize, Serialize};

/// The version of the JSON output contract (`docs/schema.md`).
///
/// Bumped on any change a consumer could notice: minor for added fields,
/// major for removed or changed ones.
pub const SCHEMA_VERSION: &str = "1.2";

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "[usize; 2]", from = "[usize; 2]")]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The cited text, or `None` when the span is out of range or not on
    /// character boundaries (which would be a bug in the stage that made it).
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> Self {
        [s.start, s.end]
    }
}

impl From<[usize; 2]> for Span {
    fn from([start, end]: [usize; 2]) -> Self {
        Span { start, end }
    }
}

/// A span of one document's text: the unit of evidence in every output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Citation {
    pub document: DocumentId,
    pub start: usize,
    pub end: usize,
}

/// A document's stable identifier (see [`DocumentId::from_content`] and
/// `docs/schema.md` for how ids are chosen).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(pub String);

impl DocumentId {
    /// The id of a record that has neither an `id` field nor a file of its
    /// own: a hash of its text, so that it is stable across runs and input
    /// orders.
    pub fn from_content(text: &str) -> Self {
        let h = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        DocumentId(format!("h{h:016x}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DocumentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The input format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Txt,
    Json,
    Jsonl,
    Html,
    Warc,
}

/// Something wrong with a document that did not stop it from being read:
/// a lossy decode, a repeated block, a field of the wrong type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Defect {
    /// A stable, kebab-case name (`docs/schema.md` lists them).
    pub kind: String,
    /// Where in the document's text, when the defect has a place.
    pub spans: Vec<Span>,
    /// A human-readable explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Defect {
    pub fn new(kind: &str, spans: Vec<Span>, detail: impl Into<Option<String>>) -> Self {
        Defect {
            kind: kind.to_string(),
            spans,
            detail: detail.into(),
        }
    }
}

/// One article, as read from its source.
///
/// `text` is the text every citation indexes into. It is the article as the
/// source gave it (decoded, extracted from HTML), never rewritten for
/// matching: normalization happens in its own stage, with an offset map back
/// to this text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    /// The input path; `path#N` for the N-th record (1-based) of a
    /// multi-record file; `-` for standard input.
    pub source: String,
    pub format: Format,
    pub text: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    /// The publishing outlet: a domain (`www.example.com`) or a site name.
    pub outlet: Option<String>,
    /// RFC 3339 when known.
    pub published: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    /// Fields of a JSON record that storyline does not interpret, kept as
    /// they were so that nothing the user supplied is lost.
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub defects: Vec<Defect>,
}

impl Document {
    /// A copy of the document's metadata and defects, with an empty text
    /// (what a store keeps beside the text, without copying the text).
    pub fn without_text(&self) -> Document {
        Document {
            id: self.id.clone(),
            source: self.source.clone(),
            format: self.format,
            text: String::new(),
            title: self.title.clone(),
            description: self.description.clone(),
            url: self.url.clone(),
            outlet: self.outlet.clone(),
            published: self.published.clone(),
            authors: self.authors.clone(),
            language: self.language.clone(),
            extra: self.extra.clone(),
            defects: self.defects.clone(),
        }
    }

    /// A document with the given id, source, format and text and no
    /// metadata.
    pub fn new(id: DocumentId, source: String, format: Format, text: String) -> Self {
        Document {
            id,
            source,
            format,
            text,
            title: None,
            description: None,
            url: None,
            outlet: None,
            published: None,
            authors: Vec::new(),
            language: None,
            extra: serde_json::Map::new(),
            defects: Vec::new(),
        }
    }
}

/// An input (a file, a record, standard input) that could not be read.
/// The run goes on without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputError {
    /// The path, `path#N` for a record, or `-` for standard input.
    pub source: String,
    pub message: String,
}

impl InputError {
    pub fn new(source: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            source: source.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

impl std::error::Error for InputError {}
