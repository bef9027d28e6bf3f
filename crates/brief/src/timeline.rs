//! The event's timeline: what happened when, in the sources' own sentences.
//!
//! Each entry is a sentence that mentions a calendar date the analyze stage
//! resolved (against the document's publication time when the text says
//! "Tuesday"), placed at the latest day it names (or, naming none, at the
//! latest week, month or season), cited verbatim, with every other source
//! whose sentence mentions the same date and says the same thing. Entries are ordered by
//! date; one entry per date and content, so a date told by five sources is
//! one line with five citations.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use storyline_core::{Citation, TimelineEntry};

use crate::sentences::quotation_pieces;
use crate::summary::{ALSO_REPORTED_THRESHOLD, BriefDoc, looks_like_boilerplate};
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
    // One entry per sentence, at the latest day it names, or when it names
    // none, at the latest week, month or season. News tells the background
    // of a step in the same sentence: "Durand, who visited the village on
    // Sunday evening, on Monday gave the authority 30 days" is Monday's;
    // "On Tuesday, questions focused on the dam, whose review had been
    // scheduled for late March" is Tuesday's. A day that could not be
    // resolved still names a day: its sentence is not placed by a month.
    let sentence_of = |fact: &DateFact| {
        docs.get(fact.doc).and_then(|doc| {
            doc.sentences
                .iter()
                .position(|s| s.start <= fact.span.start && fact.span.end <= s.end)
        })
    };
    // A quotation's sentence without its speaker (a piece of a longer
    // quotation, or one standing alone) would tell someone's words as the
    // outlet's, as in the brief.
    let pieces: Vec<Vec<bool>> = docs
        .iter()
        .map(|doc| quotation_pieces(doc.text, &doc.sentences))
        .collect();
    let mut by_sentence: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, fact) in dates.iter().enumerate() {
        if let Some(s) = sentence_of(fact)
            && !pieces[fact.doc].get(s).copied().unwrap_or(false)
        {
            by_sentence.entry((fact.doc, s)).or_default().push(i);
        }
    }
    let placing: HashSet<usize> = by_sentence
        .values()
        .filter_map(|facts| {
            let names_a_day = facts.iter().any(|&i| dates[i].day);
            facts
                .iter()
                .copied()
                .filter(|&i| dates[i].when.is_some() && (dates[i].day || !names_a_day))
                // The latest; of equal dates, the first written.
                .max_by(|&a, &b| dates[a].when.cmp(&dates[b].when).then(b.cmp(&a)))
        })
        .collect();
    for (i, fact) in dates.iter().enumerate() {
        let Some(when) = &fact.when else {
            continue;
        };
        if !placing.contains(&i) {
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
        // A page's furniture dates itself too ("Xinhua | Updated:
        // 2017-09-15 17:52", an embedded tweet's "— Name (@handle)
        // December 28, 2017").
        if trimmed.split_whitespace().count() < 4 || looks_like_boilerplate(trimmed) {
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
