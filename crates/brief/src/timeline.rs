//! The event's timeline: what happened when, in the sources' own sentences.
//!
//! Each entry is a sentence that mentions a calendar date the analyze stage
//! resolved (against the document's publication time when the text says
//! "Tuesday"), cited verbatim, with every other source whose sentence
//! mentions the same date and says the same thing. Entries are ordered by
//! date; one entry per date and content, so a date told by five sources is
//! one line with five citations.

use std::ops::Range;

use storyline_core::{Citation, TimelineEntry};

use crate::summary::{ALSO_REPORTED_THRESHOLD, BriefDoc};
use crate::terms::ContentTerms;

/// A resolved date one document mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct DateFact {
    /// Index of the document in the slice passed to [`timeline`].
    pub doc: usize,
    /// The day, `YYYY-MM-DD` (or the first day of a longer span).
    pub when: String,
    /// Where the date is written.
    pub span: Range<usize>,
}

/// Entries kept per event: a timeline is a summary too.
pub const MAX_TIMELINE: usize = 12;

/// The timeline of one event's documents.
pub fn timeline(docs: &[BriefDoc], dates: &[DateFact]) -> Vec<TimelineEntry> {
    // (when, text, first citation, other citations)
    let mut entries: Vec<(String, String, ContentTerms, Vec<Citation>)> = Vec::new();
    for fact in dates {
        let Some(doc) = docs.get(fact.doc) else {
            continue;
        };
        // Near-copies and skipped passages tell nothing new.
        if doc.duplicate_of.is_some()
            || doc
                .skipped
                .iter()
                .any(|s| s.start < fact.span.end && fact.span.start < s.end)
        {
            continue;
        }
        let Some(sentence) = doc
            .sentences
            .iter()
            .find(|s| s.start <= fact.span.start && fact.span.end <= s.end)
        else {
            continue;
        };
        let Some(text) = doc.text.get(sentence.clone()) else {
            continue;
        };
        let trimmed = text.trim();
        if trimmed.split_whitespace().count() < 4 {
            continue;
        }
        let start = sentence.start + (text.len() - text.trim_start().len());
        let citation = Citation {
            document: doc.id.clone(),
            start,
            end: start + trimmed.len(),
        };
        // Terms made once per sentence: every fact is compared with every
        // entry of its date.
        let terms = ContentTerms::of(trimmed);
        match entries.iter_mut().find(|(when, _, shown, _)| {
            *when == fact.when && shown.redundancy(&terms) >= ALSO_REPORTED_THRESHOLD
        }) {
            Some((_, _, _, citations)) => {
                if !citations.iter().any(|c| c.document == citation.document) {
                    citations.push(citation);
                }
            }
            None => entries.push((
                fact.when.clone(),
                trimmed.to_string(),
                terms,
                vec![citation],
            )),
        }
    }
    // The most widely reported first when there are too many, then by date.
    entries.sort_by_key(|e| std::cmp::Reverse(e.3.len()));
    entries.truncate(MAX_TIMELINE);
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
        .into_iter()
        .map(|(when, text, _, citations)| TimelineEntry {
            when,
            text,
            citations,
        })
        .collect()
}
