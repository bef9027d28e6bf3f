//! Stage 6, analyze: who said what, by rules.
//!
//! [`sentences()`] splits a text into sentences; [`quotes()`] finds direct
//! quotations (straight, curly and single marks, over several sentences
//! and paragraphs), partial quotes inside a sentence and reported speech,
//! each with its cue ("said", "told", "according to") and its speaker,
//! resolved to a named mention when the speaker is a pronoun or a title.
//! Every span is a half-open byte range into the text given, on `char`
//! boundaries.
//!
//! The rules are deterministic and run in one pass over the tokens of a
//! text plus a bounded look around each quotation, so that the cost is
//! linear in the text. [`Analyzer`] is the seam where a learned model can
//! replace or complement them later; [`Rules`] is the default.

mod indirect;
mod lexicon;
mod marks;
mod people;
mod quotes;
mod sentences;
mod tokens;
pub mod types;

use std::ops::Range;

pub use types::{Quote, QuoteKind, Sentence};

/// What stage 6 needs from an analyzer; a model-backed implementation can
/// stand behind the same calls.
pub trait Analyzer: Send + Sync {
    /// Sentence spans, in order, without surrounding whitespace.
    fn sentences(&self, text: &str) -> Vec<Range<usize>>;
    /// Quotes and attributions, in order of their content.
    fn quotes(&self, text: &str) -> Vec<Quote>;
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
