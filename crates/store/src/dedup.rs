//! A batch's dedup against the store: which arriving documents copy a
//! stored canonical copy or one another, and which passages new canonical
//! copies share with others.
//!
//! It can run before the write lock ([`crate::Store::prepare_batch`]): the
//! result then holds as of the last batch it saw, and the ingest only
//! checks the canonical copies committed since (usually none that matter:
//! a copy-heavy stream adds few canonical copies). When one of those is
//! copied by an arriving document, the ingest runs the whole dedup again
//! under the lock, so the result is always as if it had run there.

use std::collections::HashSet;
use std::ops::Range;

use rayon::prelude::*;
use rusqlite::{Connection, params};
use storyline_core::{Citation, Document};

use crate::queries::{Error, Result};
use crate::reports::CopyOf;
use crate::terms;

/// Stored documents sharing one dedup key beyond this many are not
/// candidates through it: the key is formulaic (a wire service's footer).
const MAX_KEY_HOLDERS: usize = 64;

/// A document in a dedup result: stored (its number) or arriving (its
/// position among the arriving documents given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ref {
    Stored(i64),
    Arriving(usize),
}

/// An arriving document as dedup needs it.
pub(crate) struct Arriving<'a> {
    pub document: &'a Document,
    pub dedup: &'a storyline_dedup::DocDedup,
    pub published: Option<i64>,
}

/// What dedup found, by the arriving documents' positions.
#[derive(Default)]
pub(crate) struct Found {
    /// Per arriving document, the canonical copy it copies and how.
    pub copies: Vec<Option<(Ref, CopyOf)>>,
    /// Passages two canonical copies share, one of them arriving.
    pub reuse: Vec<(Ref, Ref, Vec<Citation>)>,
}

/// A stored canonical copy taking part.
struct Candidate {
    num: i64,
    document: Document,
    dedup: storyline_dedup::DocDedup,
}

/// Dedup of `arriving` against the stored canonical copies sharing a key
/// with them (only those stored after batch `since`, when given).
pub(crate) fn relate(
    conn: &Connection,
    arriving: &[Arriving],
    config: &storyline_dedup::Config,
    since: Option<i64>,
) -> Result<Found> {
    let candidates = candidates(conn, arriving, config, since)?;
    let published = |d: &Document| {
        d.published
            .as_deref()
            .and_then(storyline_read::published_seconds)
    };
    let known: Vec<storyline_dedup::CorpusDoc> = candidates
        .iter()
        .map(|c| storyline_dedup::CorpusDoc {
            id: &c.document.id,
            outlet: c.document.outlet.as_deref(),
            published: published(&c.document),
            text: &c.document.text,
            dedup: &c.dedup,
        })
        .collect();
    let new: Vec<storyline_dedup::CorpusDoc> = arriving
        .iter()
        .map(|a| storyline_dedup::CorpusDoc {
            id: &a.document.id,
            outlet: a.document.outlet.as_deref(),
            published: a.published,
            text: &a.document.text,
            dedup: a.dedup,
        })
        .collect();
    let result = storyline_dedup::dedup_incremental(&known, &new, config);
    let at = |p: usize| {
        if p < candidates.len() {
            Ref::Stored(candidates[p].num)
        } else {
            Ref::Arriving(p - candidates.len())
        }
    };
    Ok(Found {
        copies: result
            .copies
            .into_iter()
            .map(|found| {
                let found = found?;
                Some((
                    at(found.canonical),
                    CopyOf {
                        kind: found.member.kind,
                        similarity: found.member.similarity,
                        coverage: found.member.coverage,
                        passages: found.passages,
                    },
                ))
            })
            .collect(),
        reuse: result
            .reuse
            .into_iter()
            .map(|(a, b, r)| (at(a), at(b), r.passages))
            .collect(),
    })
}

/// The stored canonical copies sharing a lookup key with an arriving
/// document, with their fingerprints.
fn candidates(
    conn: &Connection,
    arriving: &[Arriving],
    config: &storyline_dedup::Config,
    since: Option<i64>,
) -> Result<Vec<Candidate>> {
    // Without `since`, the (key, num) index alone answers.
    let mut holders = conn.prepare_cached(match since {
        Some(_) => {
            "SELECT k.num FROM dedup_keys k JOIN documents d USING (num)
             WHERE k.key = ?1 AND d.batch > ?2 LIMIT ?3"
        }
        None => "SELECT num FROM dedup_keys WHERE key = ?1 AND ?2 IS NULL LIMIT ?3",
    })?;
    let mut found: HashSet<i64> = HashSet::new();
    // Copies in one batch share most of their keys: each is looked up once.
    let mut looked_up: HashSet<u64> = HashSet::new();
    for a in arriving {
        for key in storyline_dedup::lookup_keys(config, &a.dedup.fingerprint) {
            if !looked_up.insert(key) {
                continue;
            }
            let nums: Vec<i64> = holders
                .query_map(
                    params![key as i64, since, MAX_KEY_HOLDERS as i64 + 1],
                    |r| r.get(0),
                )?
                .collect::<rusqlite::Result<_>>()?;
            if nums.len() <= MAX_KEY_HOLDERS {
                found.extend(nums);
            }
        }
    }
    let mut found: Vec<i64> = found.into_iter().collect();
    found.sort_unstable();
    // Number, document, excluded ranges, stored fingerprint. Only
    // canonical copies hold keys, so every candidate is one.
    type StoredRow = (i64, Document, Vec<Range<usize>>, Option<Vec<u8>>);
    let stored: Vec<StoredRow> = {
        let mut load = conn.prepare_cached(
            "SELECT d.doc, d.text, t.excluded, f.fingerprint FROM documents d
             LEFT JOIN cluster_terms t USING (num) LEFT JOIN fingerprints f USING (num)
             WHERE d.num = ?1",
        )?;
        found
            .iter()
            .map(|&num| {
                let (doc, text, excluded, fingerprint): (
                    String,
                    String,
                    Option<String>,
                    Option<Vec<u8>>,
                ) = load.query_row([num], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
                let document = crate::ingest::stored_document(num, &doc, text)?;
                let excluded = excluded
                    .map(|e| serde_json::from_str(&e))
                    .transpose()
                    .map_err(|e| Error::Corrupt(format!("document {num}: excluded ranges: {e}")))?
                    .unwrap_or_default();
                Ok((num, document, excluded, fingerprint))
            })
            .collect::<Result<_>>()?
    };
    // Their fingerprints as stored (or, in a store from before they were,
    // made again from their text: the same stages, the same exclusions).
    stored
        .into_par_iter()
        .map(|(num, document, excluded, stored)| {
            let fingerprint = match stored {
                Some(bytes) => terms::decode_fingerprint(&bytes).ok_or_else(|| {
                    Error::Corrupt(format!(
                        "document {num}: stored fingerprint does not decode"
                    ))
                })?,
                None => {
                    let normalized = storyline_text::normalize(&document.text);
                    let kept = storyline_dedup::kept_tokens(
                        &storyline_text::tokens(normalized.text()),
                        &excluded,
                    );
                    storyline_dedup::fingerprint(&kept, config)
                }
            };
            Ok(Candidate {
                num,
                dedup: storyline_dedup::DocDedup {
                    excluded,
                    lines: Vec::new(),
                    fingerprint,
                },
                document,
            })
        })
        .collect()
}
