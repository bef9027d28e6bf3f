//! Reconciling what the sources of one event say about the same thing.
//!
//! Callers pass one event's documents and facts at a time, so facts from
//! different events are never compared: "at least 12 killed" in an earlier
//! strike is not a difference with "at least seven killed" in this one.
//! Aligning facts is by key only: the normalized string of what is counted
//! (`"killed"`, `"points in the plan"`) and the entity id; producing those
//! keys is the analyze stage's job.

use crate::summary::BriefDoc;
use serde::Serialize;
use std::ops::Range;
use storyline_core::{Citation, CitedText, Conflict};

/// The sources of one value: (document index, span), one per document.
type Sources = Vec<(usize, Range<usize>)>;
/// The distinct values of one key, in order of first mention.
type Values<V> = Vec<(V, Sources)>;

/// A number one document gives for something counted.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityFact {
    /// Index of the document in the slice passed to [`reconcile`].
    pub doc: usize,
    pub value: f64,
    /// What is counted, normalized ("killed", "points in the plan"): facts
    /// are aligned on it.
    pub counted: String,
    /// The quantity's text ("at least seven"), cited verbatim.
    pub span: Range<usize>,
}

/// A title one document gives a person.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleFact {
    pub doc: usize,
    /// The entity the title belongs to (an entity id of the report).
    pub entity: String,
    /// The title normalized to a role key: "Secretary of the Army" and
    /// "Army Secretary" share one key, "Secretary of War" and "Secretary of
    /// Defense" do not.
    pub role: String,
    /// The title's text, cited verbatim.
    pub span: Range<usize>,
}

/// Sources that give the same value for the same thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// "quantity" or "title".
    pub kind: String,
    /// What is counted, or the entity id.
    pub about: String,
    /// The value as the first source wrote it, with one citation per source.
    pub value: CitedText,
    /// How many distinct documents agree (at least 2).
    pub sources: usize,
}

/// What [`reconcile`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reconciled {
    pub agreements: Vec<Agreement>,
    /// `kind` is "difference" (values differ), "update" (a later source
    /// revises the figure) or "title" (an entity carries different titles).
    pub conflicts: Vec<Conflict>,
}

/// Whether `counted` says how many people, or how long, and nothing about
/// what: "a town of 9,000 people" and "home to about 600 people", or "to
/// report within 90 days" and "boil water for at least five days", are not
/// one figure, so they are neither an agreement nor a difference. "people
/// killed", "people missing", "fatalities" and "days of truce" say what is
/// counted.
fn says_only_how_many(counted: &str) -> bool {
    matches!(
        counted,
        "people"
            | "persons"
            | "residents"
            | "inhabitants"
            | "citizens"
            | "civilians"
            | "children"
            | "adults"
            | "men"
            | "women"
            | "others"
            | "seconds"
            | "minutes"
            | "hours"
            | "days"
            | "weeks"
            | "months"
            | "years"
            | "decades"
    )
}

/// Aligns the quantities and titles of one event's documents (see the
/// module documentation). A quantity key with several values is an
/// **update** when every source of it has a publication time and each value
/// was published strictly after all sources of the previous one (values in
/// time order), else a **difference** (values in order of first mention).
/// Facts with an invalid span, or in a skipped passage (a repeated block
/// would otherwise cite itself twice), are ignored; each document is cited
/// once per value.
pub fn reconcile(
    docs: &[BriefDoc],
    quantities: &[QuantityFact],
    titles: &[TitleFact],
) -> Reconciled {
    let mut out = Reconciled::default();
    let valid = |doc: usize, span: &Range<usize>| {
        docs.get(doc).is_some_and(|d| {
            d.text
                .get(span.clone())
                .is_some_and(|s| !s.trim().is_empty())
                && !d
                    .skipped
                    .iter()
                    .any(|s| s.start < span.end && span.start < s.end)
        })
    };

    // Quantities: key -> values (in order of first mention) -> (doc, span).
    let mut keys: Vec<(&str, Values<f64>)> = Vec::new();
    for q in quantities
        .iter()
        .filter(|q| valid(q.doc, &q.span) && q.value.is_finite() && !says_only_how_many(&q.counted))
    {
        let k = match keys.iter().position(|(k, _)| *k == q.counted) {
            Some(k) => k,
            None => {
                keys.push((&q.counted, Vec::new()));
                keys.len() - 1
            }
        };
        add(&mut keys[k].1, q.value, q.doc, q.span.clone(), |a, b| {
            a == b
        });
    }
    for (about, mut values) in keys {
        if values.len() == 1 {
            push_agreement(&mut out, docs, "quantity", about, &values[0].1);
            continue;
        }
        let kind = if is_update(docs, &mut values) {
            "update"
        } else {
            "difference"
        };
        out.conflicts.push(Conflict {
            kind: kind.to_string(),
            about: about.to_string(),
            values: values.iter().map(|(_, s)| cited(docs, s)).collect(),
        });
    }

    // Titles: entity -> role keys -> (doc, span).
    let mut entities: Vec<(&str, Values<&str>)> = Vec::new();
    for t in titles.iter().filter(|t| valid(t.doc, &t.span)) {
        let e = match entities.iter().position(|(e, _)| *e == t.entity) {
            Some(e) => e,
            None => {
                entities.push((&t.entity, Vec::new()));
                entities.len() - 1
            }
        };
        add(
            &mut entities[e].1,
            t.role.as_str(),
            t.doc,
            t.span.clone(),
            |a, b| a == b,
        );
    }
    for (about, mut roles) in entities {
        // A shortened title is the same title: "envoy" for "special envoy",
        // "secretary" for "secretary of state". Only titles neither of
        // which contains the other's words differ ("secretary of war",
        // "secretary of defense").
        let words =
            |key: &str| -> Vec<String> { key.split_whitespace().map(str::to_string).collect() };
        let mut merged: Values<&str> = Vec::new();
        roles.sort_by_key(|(key, _)| std::cmp::Reverse(words(key).len()));
        for (key, sources) in roles {
            let mine = words(key);
            match merged
                .iter_mut()
                .find(|(longer, _)| mine.iter().all(|w| words(longer).contains(w)))
            {
                Some((_, kept)) => {
                    for (doc, span) in sources {
                        if !kept.iter().any(|(d, _)| *d == doc) {
                            kept.push((doc, span));
                        }
                    }
                }
                None => merged.push((key, sources)),
            }
        }
        let roles = merged;
        if roles.len() == 1 {
            push_agreement(&mut out, docs, "title", about, &roles[0].1);
        } else {
            out.conflicts.push(Conflict {
                kind: "title".to_string(),
                about: about.to_string(),
                values: roles.iter().map(|(_, s)| cited(docs, s)).collect(),
            });
        }
    }
    out
}

/// Adds a source of `value`, once per document.
fn add<V: Copy>(
    values: &mut Values<V>,
    value: V,
    doc: usize,
    span: Range<usize>,
    eq: impl Fn(V, V) -> bool,
) {
    match values.iter_mut().find(|(v, _)| eq(*v, value)) {
        Some((_, sources)) => {
            if !sources.iter().any(|(d, _)| *d == doc) {
                sources.push((doc, span));
            }
        }
        None => values.push((value, vec![(doc, span)])),
    }
}

/// Whether the values are successive revisions; if so, sorts them in time
/// order.
fn is_update(docs: &[BriefDoc], values: &mut [(f64, Sources)]) -> bool {
    let times = |sources: &[(usize, Range<usize>)]| -> Option<(i64, i64)> {
        let ts: Option<Vec<i64>> = sources.iter().map(|(d, _)| docs[*d].published).collect();
        let ts = ts?;
        Some((*ts.iter().min()?, *ts.iter().max()?))
    };
    let Some(mut spans): Option<Vec<(i64, i64, usize)>> = values
        .iter()
        .enumerate()
        .map(|(i, (_, s))| times(s).map(|(a, b)| (a, b, i)))
        .collect()
    else {
        return false;
    };
    spans.sort();
    if spans.windows(2).any(|w| w[1].0 <= w[0].1) {
        return false;
    }
    let order: Vec<usize> = spans.iter().map(|s| s.2).collect();
    let sorted: Vec<_> = order.iter().map(|&i| values[i].clone()).collect();
    values.clone_from_slice(&sorted);
    true
}

fn cited(docs: &[BriefDoc], sources: &[(usize, Range<usize>)]) -> CitedText {
    let (d, span) = &sources[0];
    CitedText {
        text: docs[*d].text[span.clone()].to_string(),
        citations: sources
            .iter()
            .map(|(d, s)| Citation {
                document: docs[*d].id.clone(),
                start: s.start,
                end: s.end,
            })
            .collect(),
    }
}

fn push_agreement(
    out: &mut Reconciled,
    docs: &[BriefDoc],
    kind: &str,
    about: &str,
    sources: &[(usize, Range<usize>)],
) {
    if sources.len() >= 2 {
        out.agreements.push(Agreement {
            kind: kind.to_string(),
            about: about.to_string(),
            value: cited(docs, sources),
            sources: sources.len(),
        });
    }
}
