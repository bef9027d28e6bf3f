//! The event's timeline: what happened when, in the sources' own sentences.
//!
//! Each entry is a sentence that mentions a calendar date the analyze stage
//! resolved (against the document's publication time when the text says
//! "Tuesday"; a sentence that names a day is placed at that day, not at a
//! week or month it also mentions), cited verbatim, with every other source whose sentence
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
    /// The day, `YYYY-MM-DD` (or the first day of a longer span); `None`
    /// for a day the text names but that could not be resolved ("Tuesday"
    /// in a document without a publication time), which only keeps its
    /// sentence from being placed at a coarser date.
    pub when: Option<String>,
    /// Where the date is written.
    pub span: Range<usize>,
    /// Whether it names a single day ("Tuesday", "March 4") rather than a
    /// week, month or season.
    pub day: bool,
}

/// Entries kept per event: a timeline is a summary too.
pub const MAX_TIMELINE: usize = 12;

/// The timeline of one event's documents.
pub fn timeline(docs: &[BriefDoc], dates: &[DateFact]) -> Vec<TimelineEntry> {
    // (when, text, first citation, other citations)
    let mut entries: Vec<(String, String, ContentTerms, Vec<Citation>)> = Vec::new();
    // A sentence that names a day is placed at its days only: "On Tuesday,
    // questions focused on the dam, whose review had been scheduled for
    // late March" tells of Tuesday, and the month is background.
    let sentence_of = |fact: &DateFact| {
        docs.get(fact.doc).and_then(|doc| {
            doc.sentences
                .iter()
                .position(|s| s.start <= fact.span.start && fact.span.end <= s.end)
        })
    };
    let named_days: std::collections::HashSet<(usize, usize)> = dates
        .iter()
        .filter(|f| f.day)
        .filter_map(|f| Some((f.doc, sentence_of(f)?)))
        .collect();
    for fact in dates {
        let Some(when) = &fact.when else {
            continue;
        };
        if !fact.day && sentence_of(fact).is_some_and(|s| named_days.contains(&(fact.doc, s))) {
            continue;
        }
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
        match entries.iter_mut().find(|(entry, _, shown, _)| {
            entry == when && shown.redundancy(&terms) >= ALSO_REPORTED_THRESHOLD
        }) {
            Some((_, _, _, citations)) => {
                if !citations.iter().any(|c| c.document == citation.document) {
                    citations.push(citation);
                }
            }
            None => entries.push((when.clone(), trimmed.to_string(), terms, vec![citation])),
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
