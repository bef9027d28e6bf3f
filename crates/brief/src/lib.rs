//! Stages 8–9 of the pipeline, per event: **reconcile** what sources say
//! (agreements, differences, updates, title differences) and **brief** the
//! event in a few sentences.
//!
//! storyline never writes a sentence of its own: every brief sentence is a
//! verbatim span of a source, cited to it and to every other source that
//! reports the same content ("also reported by"). Callers pass one event's
//! documents at a time, so facts from different events are never compared
//! (a death toll of one strike is never a "difference" with another's).
//!
//! The pipeline calls these per event; see `docs/brief.md`.

mod reconcile;
mod sentences;
mod summary;
mod terms;
mod timeline;

pub use reconcile::{Agreement, QuantityFact, Reconciled, TitleFact, reconcile};
pub use sentences::{quotation_pieces, split_sentences};
pub use summary::{
    ALSO_REPORTED_THRESHOLD, BriefDoc, DEFAULT_SENTENCES, LEAD_WEIGHT, MIN_CONTENT_TERMS,
    MIN_WORDS, REDUNDANCY_THRESHOLD, brief, looks_like_boilerplate, stands_alone,
};
pub use terms::{ContentTerms, redundancy};
pub use timeline::{DateFact, MAX_TIMELINE, timeline};
