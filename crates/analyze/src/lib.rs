//! Stage 6, analyze: who said what, about whom, how many and when, by
//! rules.
//!
//! [`analyze()`] reads a text once (one tokenization, one sentence split)
//! and returns its sentences, its mentions of people, organizations and
//! places with their titles ([`Mention`], [`Role`]), its quotes with cue
//! and speaker ([`Quote`]), its quantities ([`Quantity`]), the dates it
//! mentions resolved against the publication time ([`DateMention`]) and
//! its attributions to other outlets ([`OutletAttribution`]).
//! [`resolve()`] then groups the mentions of many documents into entities,
//! one per real-world actor, with aliases and roles. Every span is a
//! half-open byte range into the text given, on `char` boundaries.
//!
//! The rules are deterministic and run in passes over the tokens of a text
//! plus bounded looks around each candidate, so that the cost is linear in
//! the text. [`Analyzer`] is the seam where a learned model can replace or
//! complement them later; [`Rules`] is the default.

mod dates;
mod entities;
mod gazetteer;
mod indirect;
mod lexicon;
mod marks;
mod mentions;
mod outlets;
mod people;
mod quantities;
mod quotes;
mod roles;
mod sentences;
mod tokens;
pub mod types;

use std::ops::Range;

pub use entities::{DocMentions, entity_of, resolve};
pub use types::{
    Analysis, AttributionKind, Cite, DateKind, DateMention, Entity, EntityRole, Granularity,
    Mention, MentionKind, MentionRef, OutletAttribution, Qualifier, Quantity, Quote, QuoteKind,
    Role, Sentence,
};

/// What stage 6 needs from an analyzer; a model-backed implementation can
/// stand behind the same calls.
pub trait Analyzer: Send + Sync {
    /// Sentence spans, in order, without surrounding whitespace.
    fn sentences(&self, text: &str) -> Vec<Range<usize>>;
    /// Quotes and attributions, in order of their content.
    fn quotes(&self, text: &str) -> Vec<Quote>;
    /// Mentions of people, organizations and places, in text order.
    fn mentions(&self, text: &str) -> Vec<Mention>;
    /// Everything at once; `published` is the publication time in seconds
    /// since the Unix epoch (UTC), when known.
    fn analyze(&self, text: &str, published: Option<i64>) -> Analysis;
}

/// The rule-based analyzer (see the module documentation).
#[derive(Clone, Copy, Debug, Default)]
pub struct Rules;

impl Analyzer for Rules {
    fn sentences(&self, text: &str) -> Vec<Range<usize>> {
        sentences(text)
    }

    fn quotes(&self, text: &str) -> Vec<Quote> {
        quotes(text)
    }

    fn mentions(&self, text: &str) -> Vec<Mention> {
        mentions(text)
    }

    fn analyze(&self, text: &str, published: Option<i64>) -> Analysis {
        analyze(text, published)
    }
}

/// Sentence spans of `text` (see [`Rules`]).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let toks = tokens::tokenize(text);
    sentences::sentence_tokens(&toks)
        .into_iter()
        .map(|r| toks[r.start].start..toks[r.end - 1].end)
        .collect()
}

/// Quotes of `text` with cue, speaker and resolved speaker name (see
/// [`Rules`]).
pub fn quotes(text: &str) -> Vec<Quote> {
    quotes::quotes(text)
}

/// Mentions of `text` (see [`Rules`]).
pub fn mentions(text: &str) -> Vec<Mention> {
    let doc = quotes::Doc::new(text);
    let runs = people::scan(&doc);
    mentions::mentions(&doc, &runs)
}

/// The whole analysis of one text; `published` is its publication time in
/// seconds since the Unix epoch (UTC), against which relative dates
/// ("Tuesday", "last week") are resolved.
pub fn analyze(text: &str, published: Option<i64>) -> Analysis {
    let doc = quotes::Doc::new(text);
    let (mentions, quotes) = quotes::mentions_and_quotes(&doc);
    let dates = dates::dates(&doc, published);
    let quantities = quantities::quantities(&doc, &dates);
    let attributions = outlets::attributions(&doc);
    Analysis {
        sentences: doc.sents.iter().map(|r| doc.bytes(r)).collect(),
        mentions,
        quotes,
        quantities,
        dates,
        attributions,
    }
}
