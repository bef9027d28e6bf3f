//! The extractive brief of one event.
//!
//! Method (see `docs/brief.md`):
//!
//! 1. Candidates: sentences of documents that are not near-copies, outside
//!    skipped passages (repeated blocks, boilerplate), with at least
//!    [`MIN_WORDS`] words and [`MIN_CONTENT_TERMS`] content terms, that do not
//!    look like bylines, credits or calls to action, and that are not a piece
//!    of a quotation running over several sentences (its speaker is in
//!    another sentence; see [`quotation_pieces`]).
//!    Nor a sentence that cannot be read alone ([`stands_alone`]: a
//!    question, "But …", "It …", first person, capitals, cut short).
//! 2. Score: **corroboration** (how many other non-duplicate sources carry a
//!    sentence whose [`redundancy`](crate::redundancy) with it reaches
//!    [`ALSO_REPORTED_THRESHOLD`]) plus **centrality** (the mean, over the
//!    other sources, of its best TF-IDF cosine with one of their sentences;
//!    in `0..1`) plus the **lead** ([`LEAD_WEIGHT`] over the sentence's
//!    place in its document, for sentences that end with a stop).
//! 3. Greedy selection in score order, rejecting any sentence whose
//!    redundancy with an already chosen one exceeds [`REDUNDANCY_THRESHOLD`].
//! 4. Citations: the chosen span first, then, for each other source
//!    (near-copies included), its most similar sentence when that reaches
//!    [`ALSO_REPORTED_THRESHOLD`].

use crate::sentences::quotation_pieces;
use crate::terms::{Terms, ochiai};
use std::collections::HashMap;
use std::ops::Range;
use storyline_core::{Citation, CitedText, DocumentId};

/// Sentences in a brief unless the caller asks otherwise.
pub const DEFAULT_SENTENCES: usize = 5;

/// Shorter sentences are fragments, datelines or captions rather than facts.
pub const MIN_WORDS: usize = 6;

/// A sentence with fewer content terms says too little to be compared.
pub const MIN_CONTENT_TERMS: usize = 3;

/// Two brief sentences never have a [`redundancy`](crate::redundancy)
/// (Ochiai over stemmed content words) above this. It is stricter than
/// [`ALSO_REPORTED_THRESHOLD`]: a brief of five sentences should not spend
/// two on one point even in different words. At 0.5 the seeds' brief gave a
/// second sentence to Trump meeting the leaders only once the deal is final
/// and left out the Kyiv strike; at 0.3 it covers both.
pub const REDUNDANCY_THRESHOLD: f64 = 0.3;

/// What a sentence's place at the head of its document adds to its score:
/// this for the first sentence, half for the second, a third for the third
/// and so on. News puts what happened first; a sentence later in a report
/// that many outlets copied word for word ("Former President Chinchilla
/// said via Twitter that Retana was her cousin") otherwise led the brief.
/// At 2, a document's first sentence weighs as much as two more sources
/// carrying a sentence. On giveme5w1h (`briefs`), the brief's first
/// sentence holds 0.364 of the other outlets' headline words at 2 against
/// 0.281 at 0, and 0.303 of the coders' who/what/where/when against 0.213;
/// 3 and more gain a little more, but put features' openings ("Panama City
/// is bustling with construction.") first.
pub const LEAD_WEIGHT: f64 = 2.0;

/// A sentence of another source "also reports" a brief sentence when their
/// redundancy reaches this: at 0.5 two sentences share half their content
/// words (geometric mean), which on news text is the same fact in other
/// words.
pub const ALSO_REPORTED_THRESHOLD: f64 = 0.5;

/// One document of the event, as the brief sees it.
#[derive(Debug, Clone)]
pub struct BriefDoc<'a> {
    pub id: DocumentId,
    /// The document's text: every span is a byte range of it.
    pub text: &'a str,
    /// Sentence spans (for instance from [`split_sentences`](crate::split_sentences)).
    pub sentences: Vec<Range<usize>>,
    /// Passages a scraper repeated, boilerplate: a sentence overlapping one
    /// is never used or cited.
    pub skipped: Vec<Range<usize>>,
    /// Index, in the same slice, of the canonical copy when this document is
    /// a near-copy: its sentences are never used, but it is credited under
    /// "also reported by".
    pub duplicate_of: Option<usize>,
    /// Publication time (seconds since the epoch), when known.
    pub published: Option<i64>,
}

/// Whether a sentence is a byline, a photo credit, a call to action or
/// other page furniture rather than reporting.
pub fn looks_like_boilerplate(sentence: &str) -> bool {
    const MARKERS: &[&str] = &[
        "read more",
        "read also",
        "click here",
        "sign up",
        "subscribe",
        "newsletter",
        "all rights reserved",
        "copyright",
        "©",
        "photo:",
        "photo by",
        "photograph:",
        "photo credit",
        "image credit",
        "getty images",
        "ap photo",
        "/reuters",
        "follow us",
        "share this",
        "advertisement",
        "cookie",
        "related:",
        "watch:",
        "photos:",
        "file photo",
        "story highlights",
        "chat with us",
        "updated:",
        "(@",
        "pic.twitter.com",
        "download our app",
        "download the app",
        "get the app",
    ];
    let lower = sentence.to_lowercase();
    if MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    // "By Jane Doe and John Roe, Reuters": a short line opening with "By".
    lower.starts_with("by ") && sentence.split_whitespace().count() <= 10
}

/// A sentence that can be cited: a trimmed, valid span outside skipped
/// passages.
struct Unit {
    doc: usize,
    span: Range<usize>,
    counts: Vec<(u64, u32)>,
    candidate: bool,
    /// The sentence's place among its document's citable sentences that end
    /// as sentences do; `None` for a line without a final stop (a headline,
    /// a subhead).
    position: Option<usize>,
}

/// The extractive brief of one event: up to `sentences` verbatim sentences,
/// most corroborated and central first, none redundant with another, each
/// with its citations (its own span first, then one per other source that
/// reports the same content). Deterministic for a given input.
pub fn brief(docs: &[BriefDoc], sentences: usize) -> Vec<CitedText> {
    if sentences == 0 {
        return Vec::new();
    }
    let terms = Terms::new();
    let units = units(docs, &terms);

    // TF-IDF over the sentences of non-duplicate documents (sentences are the
    // unit, as in LexRank: a term in every sentence carries nothing).
    let original: Vec<usize> = (0..units.len())
        .filter(|&u| docs[units[u].doc].duplicate_of.is_none())
        .collect();
    let mut term_ids: HashMap<u64, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    for &u in &original {
        for &(h, _) in &units[u].counts {
            let next = term_ids.len() as u32;
            let id = *term_ids.entry(h).or_insert(next);
            if id as usize == df.len() {
                df.push(0);
            }
            df[id as usize] += 1;
        }
    }
    let n = original.len() as f64;
    let idf: Vec<f32> = df
        .iter()
        .map(|&d| (((1.0 + n) / (1.0 + d as f64)).ln() + 1.0) as f32)
        .collect();
    // Normalized weight vectors, and postings: term -> (unit, weight).
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); idf.len()];
    let mut vectors: Vec<Vec<(u32, f32)>> = vec![Vec::new(); units.len()];
    for &u in &original {
        let mut v: Vec<(u32, f32)> = units[u]
            .counts
            .iter()
            .map(|&(h, c)| {
                let id = term_ids[&h];
                (id, c as f32 * idf[id as usize])
            })
            .collect();
        let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
        for (id, w) in &mut v {
            *w /= norm.max(f32::MIN_POSITIVE);
            postings[*id as usize].push((u as u32, *w));
        }
        vectors[u] = v;
    }

    // Score every candidate.
    let others = docs.iter().filter(|d| d.duplicate_of.is_none()).count();
    let mut dot = vec![0f32; units.len()];
    let mut shared = vec![0u32; units.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut best_cos = vec![0f32; docs.len()];
    let mut corroborates = vec![false; docs.len()];
    let mut scored: Vec<(f64, usize)> = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        if !unit.candidate {
            continue;
        }
        for &(id, w) in &vectors[u] {
            for &(t, wt) in &postings[id as usize] {
                let t = t as usize;
                if units[t].doc == unit.doc {
                    continue;
                }
                if shared[t] == 0 {
                    touched.push(t as u32);
                }
                dot[t] += w * wt;
                shared[t] += 1;
            }
        }
        for &t in &touched {
            let t = t as usize;
            let d = units[t].doc;
            best_cos[d] = best_cos[d].max(dot[t]);
            let o = shared[t] as f64 / ((unit.counts.len() * units[t].counts.len()) as f64).sqrt();
            if o >= ALSO_REPORTED_THRESHOLD {
                corroborates[d] = true;
            }
        }
        let corroboration = corroborates.iter().filter(|&&c| c).count();
        let centrality = if others > 1 {
            best_cos.iter().map(|&c| c as f64).sum::<f64>() / (others - 1) as f64
        } else {
            0.0
        };
        let lead = unit.position.map_or(0.0, |p| LEAD_WEIGHT / (1 + p) as f64);
        scored.push((corroboration as f64 + centrality.min(1.0) + lead, u));
        for &t in &touched {
            dot[t as usize] = 0.0;
            shared[t as usize] = 0;
        }
        touched.clear();
        best_cos.fill(0.0);
        corroborates.fill(false);
    }
    // Highest score first; ties by document order, then position.
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(units[a.1].doc.cmp(&units[b.1].doc))
            .then(units[a.1].span.start.cmp(&units[b.1].span.start))
    });

    let mut chosen: Vec<usize> = Vec::new();
    for &(_, u) in &scored {
        if chosen.len() == sentences {
            break;
        }
        let redundant = chosen
            .iter()
            .any(|&c| ochiai(&units[c].counts, &units[u].counts) > REDUNDANCY_THRESHOLD);
        if !redundant {
            chosen.push(u);
        }
    }

    chosen.into_iter().map(|u| cite(docs, &units, u)).collect()
}

/// The cited text of unit `u`: its own span, then the best match of each
/// other source that reaches [`ALSO_REPORTED_THRESHOLD`], in slice order.
fn cite(docs: &[BriefDoc], units: &[Unit], u: usize) -> CitedText {
    let unit = &units[u];
    let doc = &docs[unit.doc];
    let mut citations = vec![Citation {
        document: doc.id.clone(),
        start: unit.span.start,
        end: unit.span.end,
    }];
    let mut best: Vec<Option<(f64, usize)>> = vec![None; docs.len()];
    for (t, other) in units.iter().enumerate() {
        if other.doc == unit.doc {
            continue;
        }
        let s = ochiai(&unit.counts, &other.counts);
        if s >= ALSO_REPORTED_THRESHOLD && best[other.doc].is_none_or(|(b, _)| s > b) {
            best[other.doc] = Some((s, t));
        }
    }
    for (d, b) in best.iter().enumerate() {
        if let Some((_, t)) = b {
            citations.push(Citation {
                document: docs[d].id.clone(),
                start: units[*t].span.start,
                end: units[*t].span.end,
            });
        }
    }
    CitedText {
        text: doc.text[unit.span.clone()].to_string(),
        citations,
    }
}

/// Every citable sentence of the event, with its terms and whether it may
/// be chosen for the brief.
fn units(docs: &[BriefDoc], terms: &Terms) -> Vec<Unit> {
    let mut out = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let mut seen: Vec<Range<usize>> = Vec::new();
        let mut sentences_before = 0;
        let pieces = quotation_pieces(doc.text, &doc.sentences);
        for (span, &piece) in doc.sentences.iter().zip(&pieces) {
            let Some(span) = trimmed(doc.text, span.clone()) else {
                continue;
            };
            if doc
                .skipped
                .iter()
                .any(|s| s.start < span.end && span.start < s.end)
                || seen.contains(&span)
            {
                continue;
            }
            seen.push(span.clone());
            let text = &doc.text[span.clone()];
            let t = terms.of(text);
            if t.counts.is_empty() {
                continue;
            }
            let candidate = doc.duplicate_of.is_none()
                && !piece
                && stands_alone(text)
                && t.words >= MIN_WORDS
                && t.counts.len() >= MIN_CONTENT_TERMS
                && !looks_like_boilerplate(text);
            out.push(Unit {
                doc: d,
                span,
                counts: t.counts,
                candidate,
                position: ends_as_sentence(text).then(|| {
                    sentences_before += 1;
                    sentences_before - 1
                }),
            });
        }
    }
    out
}

/// `span` without surrounding white space, or `None` when it is out of
/// bounds, not on character boundaries, or blank.
fn trimmed(text: &str, span: Range<usize>) -> Option<Range<usize>> {
    let s = text.get(span.clone())?;
    let start = span.start + (s.len() - s.trim_start().len());
    let inner = s.trim();
    (!inner.is_empty()).then(|| start..start + inner.len())
}

/// Whether a sentence can be read alone, as a brief's sentence is: it
/// starts as a sentence does (not in lower case), is not shouted in
/// capitals or cut short ("FOR HAMILTON TO WIN THE TITLE..."), asks no
/// question, is not said in the first person (it is
/// someone's words: "I mean, not over Christmas"), and does not open with a
/// word that points to the sentence before ("But", "It", "They", "This").
pub fn stands_alone(sentence: &str) -> bool {
    const POINTING_BACK: &[&str] = &[
        "But", "And", "Or", "So", "Yet", "Which", "That", "This", "These", "Those", "It", "Its",
        "He", "She", "They", "His", "Her", "Their", "Them", "Then", "Also", "However", "Still",
        "Instead", "Such",
    ];
    const FIRST_PERSON: &[&str] = &["I", "We", "My", "Our", "Us", "Me"];
    let s = sentence.trim();
    let first = s.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    if POINTING_BACK.contains(&first) || FIRST_PERSON.contains(&first) {
        return false;
    }
    // A sentence that starts in lower case is a piece: a split in the
    // wrong place, or a scraper's cut ("he North's announcement Monday").
    if s.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase)
    {
        return false;
    }
    let end = s.trim_end_matches(CLOSING);
    if end.ends_with("...") || end.ends_with(['…', '?', '？']) {
        return false;
    }
    let (upper, letters) = s
        .chars()
        .filter(|c| c.is_alphabetic())
        .fold((0usize, 0usize), |(u, a), c| {
            (u + usize::from(c.is_uppercase()), a + 1)
        });
    !(letters >= 12 && upper * 10 >= letters * 8)
}

/// Marks that may follow a sentence's final stop.
const CLOSING: &[char] = &['"', '”', '’', '\'', ')', ']', '»', '」', '』'];

/// Whether a span ends as a sentence does; a line without a final stop is
/// a headline, a subhead or a caption.
fn ends_as_sentence(sentence: &str) -> bool {
    sentence
        .trim_end()
        .trim_end_matches(CLOSING)
        .ends_with(['.', '!', '。', '！'])
}
