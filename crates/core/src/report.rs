//! The output contract: what `storyline analyze --format json` prints.
//!
//! `docs/schema.md` documents every field; a change here is a change of
//! [`SCHEMA_VERSION`](crate::SCHEMA_VERSION). Arrays of stages that have not
//! produced anything are present and empty, never omitted, so that consumers
//! can rely on their presence.

use crate::{Citation, Defect, Document, DocumentId, Format, InputError};
use serde::{Deserialize, Serialize};

/// The result of one run over a set of inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: String,
    pub documents: Vec<DocumentEntry>,
    pub duplicates: Vec<DuplicateGroup>,
    pub reuse: Vec<Reuse>,
    pub entities: Vec<Entity>,
    pub stories: Vec<Story>,
    pub errors: Vec<InputError>,
    pub stats: RunStats,
}

impl Default for Report {
    fn default() -> Self {
        Report {
            schema_version: crate::SCHEMA_VERSION.to_string(),
            documents: Vec::new(),
            duplicates: Vec::new(),
            reuse: Vec::new(),
            entities: Vec::new(),
            stories: Vec::new(),
            errors: Vec::new(),
            stats: RunStats::default(),
        }
    }
}

/// Counters of a run, for the user's information.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunStats {
    /// Documents read.
    pub documents: usize,
    /// Inputs (files, records) that failed.
    pub errors: usize,
    /// Bytes of article text read (after decoding and extraction).
    pub text_bytes: u64,
    /// Estimated memory of the dedup index (fingerprints, LSH bands, seed
    /// postings), in bytes.
    pub dedup_index_bytes: u64,
}

/// A document as listed in the output: its metadata and what was found
/// wrong with it. The text itself is included only on request (`text`),
/// since it can be printed with `storyline text ID`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentEntry {
    pub id: DocumentId,
    pub source: String,
    pub format: Format,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    /// Length of the document's text in bytes: every citation into it ends
    /// at or before this.
    pub length: usize,
    pub duplicate_of: Option<DocumentId>,
    pub defects: Vec<Defect>,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl DocumentEntry {
    /// The entry for a document; its text is kept only when `with_text`.
    pub fn from_document(doc: Document, with_text: bool) -> Self {
        DocumentEntry {
            length: doc.text.len(),
            text: with_text.then_some(doc.text),
            id: doc.id,
            source: doc.source,
            format: doc.format,
            title: doc.title,
            outlet: doc.outlet,
            published: doc.published,
            url: doc.url,
            authors: doc.authors,
            language: doc.language,
            duplicate_of: None,
            defects: doc.defects,
            extra: doc.extra,
        }
    }
}

/// How a group of duplicates relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DuplicateKind {
    Exact,
    Near,
    Containment,
}

/// A canonical copy and the documents that duplicate it. Every member was
/// verified against the canonical copy itself (groups do not chain).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// The canonical copy first.
    pub documents: Vec<DocumentId>,
    /// The weakest relation of a member to the canonical copy.
    pub kind: DuplicateKind,
    /// The lowest similarity of a member to the canonical copy.
    pub similarity: f64,
    /// The passages each member shares with the canonical copy, as pairs
    /// of citations: canonical, member, canonical, member, ...
    pub passages: Vec<Citation>,
    /// Each member's relation to the canonical copy.
    pub members: Vec<DuplicateMember>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateMember {
    pub document: DocumentId,
    pub kind: DuplicateKind,
    /// 1 for exact copies; Jaccard of word 3-gram sets for near copies;
    /// the share of the member's (or canonical's, the smaller) 3-grams found
    /// in the other for containment.
    pub similarity: f64,
    /// The share of the member's words inside passages it shares with the
    /// canonical copy (edits inside a passage count as shared).
    pub coverage: f64,
}

/// Passages shared by two documents that are not duplicates, as pairs of
/// citations: first document, second document, first, second, ...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reuse {
    pub documents: [DocumentId; 2],
    pub passages: Vec<Citation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub title: String,
    pub citations: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    /// A headline or central sentence of one of its documents, verbatim.
    pub title: String,
    /// The document whose words the title is.
    pub title_from: DocumentId,
    /// When its documents (copies too) were published, first and last;
    /// `None` when none gives a time.
    #[serde(default)]
    pub published: Option<PublishedSpan>,
    /// Every document of the event: the most central first, each duplicate
    /// after its canonical copy.
    pub documents: Vec<DocumentId>,
    /// Why each document is in the event, in the order of `documents`.
    pub membership: Vec<Membership>,
    pub brief: Vec<CitedText>,
    pub quotes: Vec<Quote>,
    pub quantities: Vec<Quantity>,
    pub conflicts: Vec<Conflict>,
    pub timeline: Vec<TimelineEntry>,
}

/// The first and the last publication time of an event's documents, each
/// as its document gives it (RFC 3339).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedSpan {
    pub first: String,
    pub last: String,
}

/// The evidence that put a document in its event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub document: DocumentId,
    /// Set for a duplicate: it is in the event with its canonical copy.
    pub duplicate_of: Option<DocumentId>,
    /// The document's average similarity to the event's other documents
    /// (1 for an event of one), against `threshold`.
    pub score: f64,
    pub threshold: f64,
    /// The words and names it shares most with the rest of the event.
    pub shared_terms: Vec<String>,
    pub shared_names: Vec<String>,
    /// Days between its publication and the event's median, when known.
    pub days_from_event: Option<f64>,
    /// The other documents of the event it shares passages with (the
    /// passages are in the report's `reuse`).
    #[serde(default)]
    pub shared_passages: Vec<DocumentId>,
}

/// A verbatim span of a source with the citations that carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitedText {
    pub text: String,
    pub citations: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    /// An [`Entity::id`], or `None` when the speaker is not known.
    pub speaker: Option<String>,
    pub citations: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub text: String,
    pub value: f64,
    pub counted: Option<String>,
    pub citations: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: String,
    pub about: String,
    pub values: Vec<CitedText>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub when: String,
    pub text: String,
    pub citations: Vec<Citation>,
}
