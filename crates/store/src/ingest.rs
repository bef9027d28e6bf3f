//! Incremental ingest: one batch of new documents joins the store.
//!
//! 1. The per-document stages run on the new documents only, in parallel,
//!    before the write transaction opens (readers are never held up by
//!    them).
//! 2. One `IMMEDIATE` transaction then: sorts out ids (the same id and text
//!    is a no-op; the same id with another text is stored as `id~2`),
//!    finds the stored documents the new ones may copy (by the dedup keys
//!    of stored canonical copies) and runs the dedup stage on those
//!    candidates and the batch together, stores the documents, their
//!    analyses and terms, adds the new canonical copies to the online
//!    clusterer, and rebuilds exactly the events whose membership changed:
//!    their report (brief, quotes, numbers, differences, timeline),
//!    entities and quotes. Stories are regrouped from the clusterer.
//! 3. Commit. Until then no reader sees any of it; a crash before it leaves
//!    the store as it was.
//!
//! Stored documents keep their status: the first copy of an article to be
//! stored stays the canonical one, and later copies join it.
//!
//! The clusterer is the one state that is not read piecemeal from the
//! store: it is rebuilt from the stored terms, batch by batch in the order
//! they were ingested (so it reaches the very state the batches left), the
//! first time a connection ingests, and whenever another process has
//! ingested since. After that each batch only adds to it.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use storyline_analyze::Analysis;
use storyline_cluster::{Clustering, DocTerms, Online};
use storyline_core::{Citation, Defect, Document, DocumentId, InputError};
use storyline_pipeline::Prepared;
use storyline_read::Raw;
use xxhash_rust::xxh3::xxh3_64;

use crate::queries::{Error, Result};
use crate::reports::{CopyOf, StoredEvidence};
use crate::{IngestSummary, Store, dedup, reports, terms};

/// How documents are processed on their way in.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Dedup, clustering and brief settings, as for `storyline analyze`.
    pub pipeline: storyline_pipeline::Options,
    /// Commit a batch before the reports of the events it changed are
    /// rebuilt: they are marked stale and rebuilt later by
    /// [`crate::Store::rebuild_stale`] (the server does it in the
    /// background). `false` (the command line) rebuilds them in the batch's
    /// transaction.
    pub defer_reports: bool,
}

/// The online clusterer and what maps its numbers to stored documents.
pub(crate) struct Clusterer {
    online: Online,
    /// Per clusterer number: the stored document number and id.
    nums: Vec<i64>,
    ids: Vec<String>,
    /// The last batch it has seen.
    batch: i64,
    /// Its last clustering, while no document has joined since (a batch of
    /// copies changes no event's canonical copies).
    last: Option<(usize, Clustering)>,
}

/// A document of the batch on its way in.
struct New {
    prepared: Prepared,
    /// Its distinct boilerplate candidate lines (hashes), counted for its
    /// outlet when it is stored.
    lines: Vec<u64>,
    text_hash: u64,
    published_at: Option<i64>,
    num: i64,
    /// Its canonical copy's stored number, when it is a copy.
    duplicate_of: Option<i64>,
    copy: Option<CopyOf>,
    /// Its id was taken by another text: it was renamed.
    renamed: bool,
}

/// A batch after the per-document stages, ready to be ingested.
pub struct PreparedBatch {
    items: Vec<std::result::Result<Prepared, InputError>>,
    /// Per item, its distinct boilerplate candidate lines, once boilerplate
    /// has been found (against the store's counts: before the write lock
    /// or under it).
    lines: Option<Vec<Vec<u64>>>,
    /// Its dedup against the store, when it ran before the write lock
    /// ([`crate::Store::prepare_batch`]).
    early: Option<EarlyDedup>,
}

/// A dedup result as of batch `as_of`, by position among the items that
/// went through the dedup stages.
struct EarlyDedup {
    as_of: i64,
    found: dedup::Found,
}

/// Runs the per-document stages (decode, normalize, clean, fingerprint,
/// analyze) on a batch, in parallel. Needs no store: boilerplate, which
/// counts what the store has seen of each outlet, is found at ingest.
pub fn prepare_batch(raws: Vec<Raw>, options: &IngestOptions) -> PreparedBatch {
    let items: Vec<std::result::Result<Prepared, InputError>> = raws
        .into_par_iter()
        .map(|raw| storyline_pipeline::prepare_record(raw, &options.pipeline))
        .collect();
    PreparedBatch {
        items,
        lines: None,
        early: None,
    }
}

/// [`prepare_batch`], then the batch's dedup against the store as it is
/// now, in a read transaction: what a server does before it waits for the
/// writer.
pub(crate) fn prepare_against(
    conn: &mut rusqlite::Connection,
    raws: Vec<Raw>,
    options: &IngestOptions,
) -> Result<PreparedBatch> {
    let mut batch = prepare_batch(raws, options);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
    let as_of: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) FROM batches", [], |r| r.get(0))?;
    batch.lines = Some(boilerplate(&tx, &mut batch.items, &options.pipeline.dedup)?);
    let arriving: Vec<dedup::Arriving> = batch
        .items
        .iter()
        .filter_map(|item| arriving_of(item.as_ref().ok()?))
        .collect();
    let found = dedup::relate(&tx, &arriving, &options.pipeline.dedup, None)?;
    drop(arriving);
    tx.commit()?;
    batch.early = Some(EarlyDedup { as_of, found });
    Ok(batch)
}

fn arriving_of(p: &Prepared) -> Option<dedup::Arriving<'_>> {
    Some(dedup::Arriving {
        document: &p.document,
        dedup: p.dedup.as_ref()?,
        published: p
            .document
            .published
            .as_deref()
            .and_then(storyline_read::published_seconds),
    })
}

pub(crate) fn ingest(
    store: &mut Store,
    PreparedBatch {
        mut items,
        lines,
        early,
    }: PreparedBatch,
    options: &IngestOptions,
) -> Result<IngestSummary> {
    let mut summary = IngestSummary::default();
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let lines = match lines {
        Some(lines) => lines,
        None => boilerplate(&tx, &mut items, &options.pipeline.dedup)?,
    };
    let dedup_items = items
        .iter()
        .filter(|i| i.as_ref().is_ok_and(|p| p.dedup.is_some()))
        .count();
    let mut news = admit(&tx, items, lines, &mut summary)?;
    // The early dedup speaks of the items as they were: it holds only if
    // every one of them is still there under its own id.
    let early = early.filter(|_| {
        news.iter().filter(|n| n.prepared.dedup.is_some()).count() == dedup_items
            && news.iter().all(|n| !n.renamed)
    });
    if news.is_empty() {
        return Ok(summary);
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    tx.execute(
        "INSERT INTO batches (started_at, documents) VALUES (?1, ?2)",
        params![now, news.len() as i64],
    )?;
    let batch = tx.last_insert_rowid();
    summary.batch = Some(batch);
    let first_num: i64 =
        tx.query_row("SELECT COALESCE(MAX(num), 0) + 1 FROM documents", [], |r| {
            r.get(0)
        })?;
    for (i, new) in news.iter_mut().enumerate() {
        new.num = first_num + i as i64;
    }

    let config = &options.pipeline;
    let reuse = dedup_batch(&tx, &mut news, early, batch, &config.dedup)?;
    summary.duplicates = news.iter().filter(|n| n.duplicate_of.is_some()).count();
    summary.added = news
        .iter()
        .map(|n| n.prepared.document.id.0.clone())
        .collect();

    // The clusterer must know every stored batch before this one.
    let last_batch = batch - 1;
    let stale = store
        .clusterer
        .as_ref()
        .is_none_or(|c| c.batch != last_batch);
    if stale {
        store.clusterer = Some(replay(&tx, &config.cluster, last_batch)?);
    }
    let terms: Vec<Option<DocTerms>> = news
        .par_iter()
        .map(|n| {
            n.duplicate_of.is_none().then(|| {
                storyline_pipeline::clustering_terms(
                    &n.prepared.document,
                    n.prepared.dedup.as_ref().map_or(&[][..], |d| &d.excluded),
                    false,
                )
            })
        })
        .collect();
    write_documents(&tx, &news, &terms, batch, &reuse, &config.dedup)?;

    let clusterer = store.clusterer.as_mut().expect("made above");
    let mut adding = Vec::new();
    for (new, terms) in news.iter().zip(terms) {
        if let Some(terms) = terms {
            clusterer.nums.push(new.num);
            clusterer.ids.push(new.prepared.document.id.0.clone());
            adding.push((terms, new.published_at));
        }
    }
    // This batch's copies, by the canonical copy they join.
    let mut copied: HashMap<i64, Vec<i64>> = HashMap::new();
    for new in &news {
        if let Some(canonical) = new.duplicate_of {
            copied.entry(canonical).or_default().push(new.num);
        }
    }
    drop(news);
    let outcome = (|| -> Result<IngestSummary> {
        clusterer.online.add(adding);
        clusterer.batch = batch;
        let seen = clusterer.online.len();
        let (clustering, regrouped) = match clusterer.last.take() {
            Some((len, clustering)) if len == seen => (clustering, false),
            _ => (clusterer.online.clustering(), true),
        };
        let changes = regroup(
            &tx,
            clusterer,
            &clustering,
            regrouped,
            &copied,
            batch,
            options,
        )?;
        clusterer.last = Some((seen, clustering));
        summary.events_changed = changes.changed;
        summary.events_removed = changes.removed;
        if options.defer_reports {
            summary.reports_pending = crate::queries::pending_reports(&tx)?;
        }
        tx.commit()?;
        Ok(summary)
    })();
    if outcome.is_err() {
        // The clusterer now holds documents the store does not: it is
        // rebuilt from the store on the next ingest.
        store.clusterer = None;
    }
    outcome
}

/// Sorts out ids: a document already stored with the same text is a no-op;
/// one whose id is taken by another text is renamed `id~2`, `id~3`, ...
/// (and says so in a defect), as `storyline analyze` renames within a run.
fn admit(
    tx: &Transaction,
    prepared: Vec<std::result::Result<Prepared, InputError>>,
    lines: Vec<Vec<u64>>,
    summary: &mut IngestSummary,
) -> Result<Vec<New>> {
    let mut in_batch: HashMap<String, u64> = HashMap::new();
    let mut lookup = tx.prepare_cached("SELECT text_hash FROM documents WHERE id = ?1")?;
    let mut news = Vec::new();
    for (item, lines) in prepared.into_iter().zip(lines) {
        let mut prepared = match item {
            Ok(p) => p,
            Err(e) => {
                summary.errors.push(e);
                continue;
            }
        };
        let text_hash = xxh3_64(prepared.document.text.as_bytes());
        let original = prepared.document.id.0.clone();
        let mut n = 1;
        let id = loop {
            let candidate = if n == 1 {
                original.clone()
            } else {
                format!("{original}~{n}")
            };
            let stored: Option<i64> = lookup.query_row([&candidate], |r| r.get(0)).optional()?;
            match stored
                .map(|h| h as u64)
                .or_else(|| in_batch.get(&candidate).copied())
            {
                None => break Some(candidate),
                Some(h) if h == text_hash => break None,
                Some(_) => n += 1,
            }
        };
        let Some(id) = id else {
            summary.unchanged.push(original);
            continue;
        };
        if id != original {
            prepared.document.defects.push(Defect::new(
                "duplicate-id",
                Vec::new(),
                format!("id `{original}` is taken by another text; stored as `{id}`"),
            ));
            prepared.document.id = DocumentId(id.clone());
        }
        let renamed = id != original;
        in_batch.insert(id, text_hash);
        let published_at = prepared
            .document
            .published
            .as_deref()
            .and_then(storyline_read::published_seconds);
        news.push(New {
            renamed,
            prepared,
            lines,
            text_hash,
            published_at,
            num: 0,
            duplicate_of: None,
            copy: None,
        });
    }
    Ok(news)
}

/// Boilerplate: lines an outlet repeats across its pages, in this batch
/// and in the documents stored before it. Returns each item's distinct
/// candidate lines, to count when it is stored.
fn boilerplate(
    conn: &rusqlite::Connection,
    items: &mut [std::result::Result<Prepared, InputError>],
    config: &storyline_dedup::Config,
) -> Result<Vec<Vec<u64>>> {
    let lines: Vec<Vec<u64>> = items
        .iter()
        .map(|item| {
            let Ok(p) = item else { return Vec::new() };
            match (&p.document.outlet, &p.dedup) {
                (Some(_), Some(d)) => {
                    let mut hashes: Vec<u64> = d.lines.iter().map(|l| l.hash).collect();
                    hashes.sort_unstable();
                    hashes.dedup();
                    hashes
                }
                _ => Vec::new(),
            }
        })
        .collect();
    let seen = seen_lines(conn, items, &lines)?;
    let defects = {
        let mut view: Vec<(Option<&str>, &str, &mut storyline_dedup::DocDedup)> = items
            .iter_mut()
            .filter_map(|item| {
                let p = item.as_mut().ok()?;
                let doc = &p.document;
                p.dedup
                    .as_mut()
                    .map(|d| (doc.outlet.as_deref(), doc.text.as_str(), d))
            })
            .collect();
        storyline_dedup::apply_boilerplate(&mut view, config, &seen)
    };
    let with_dedup = items
        .iter_mut()
        .filter_map(|item| item.as_mut().ok())
        .filter(|p| p.dedup.is_some());
    for (p, defect) in with_dedup.zip(defects) {
        p.document.defects.extend(defect);
    }
    Ok(lines)
}

/// What the store has counted of the batch's outlets and lines.
fn seen_lines(
    conn: &rusqlite::Connection,
    items: &[std::result::Result<Prepared, InputError>],
    lines: &[Vec<u64>],
) -> Result<storyline_dedup::boilerplate::SeenLines> {
    let mut seen = storyline_dedup::boilerplate::SeenLines::default();
    let mut documents =
        conn.prepare_cached("SELECT documents FROM outlet_documents WHERE outlet = ?1")?;
    let mut line =
        conn.prepare_cached("SELECT documents FROM outlet_lines WHERE outlet = ?1 AND line = ?2")?;
    for (item, hashes) in items.iter().zip(lines) {
        let Some(outlet) = item
            .as_ref()
            .ok()
            .filter(|p| p.dedup.is_some())
            .and_then(|p| p.document.outlet.as_deref())
        else {
            continue;
        };
        if !seen.documents.contains_key(outlet) {
            let n: Option<i64> = documents.query_row([outlet], |r| r.get(0)).optional()?;
            seen.documents
                .insert(outlet.to_string(), n.unwrap_or(0) as usize);
        }
        let known = seen.lines.entry(outlet.to_string()).or_default();
        for &hash in hashes {
            if let std::collections::hash_map::Entry::Vacant(slot) = known.entry(hash) {
                let n: Option<i64> = line
                    .query_row(params![outlet, hash as i64], |r| r.get(0))
                    .optional()?;
                slot.insert(n.unwrap_or(0) as usize);
            }
        }
    }
    Ok(seen)
}

/// The batch's dedup, under the write lock: the early result when it still
/// holds, checked against the canonical copies committed since; else (or
/// when an arriving document copies one of those) the whole dedup here.
/// Sets each copy's canonical copy and returns the reuse pairs to store.
fn dedup_batch(
    tx: &Transaction,
    news: &mut [New],
    early: Option<EarlyDedup>,
    batch: i64,
    config: &storyline_dedup::Config,
) -> Result<Vec<(i64, i64, Vec<Citation>)>> {
    // Positions of the documents taking part, in `news`.
    let arriving: Vec<usize> = (0..news.len())
        .filter(|&n| news[n].prepared.dedup.is_some())
        .collect();
    // The last batch committed before this one.
    let last: i64 = tx.query_row(
        "SELECT COALESCE(MAX(id), 0) FROM batches WHERE id < ?1",
        [batch],
        |r| r.get(0),
    )?;
    let view = |only: &dyn Fn(usize) -> bool| -> Vec<dedup::Arriving> {
        arriving
            .iter()
            .enumerate()
            .filter(|&(p, _)| only(p))
            .filter_map(|(_, &n)| {
                let new = &news[n];
                Some(dedup::Arriving {
                    document: &new.prepared.document,
                    dedup: new.prepared.dedup.as_ref()?,
                    published: new.published_at,
                })
            })
            .collect()
    };
    let found = match early {
        // Nothing committed since: the early result is the result.
        Some(early) if early.as_of == last => early.found,
        Some(mut early) => {
            // Only canonical copies committed since can change it.
            let open: Vec<usize> = (0..arriving.len())
                .filter(|&p| early.found.copies[p].is_none())
                .collect();
            let delta = dedup::relate(
                tx,
                &view(&|p| early.found.copies[p].is_none()),
                config,
                Some(early.as_of),
            )?;
            if delta.copies.iter().any(Option::is_some) {
                dedup::relate(tx, &view(&|_| true), config, None)?
            } else {
                let back = |r: dedup::Ref| match r {
                    dedup::Ref::Arriving(q) => dedup::Ref::Arriving(open[q]),
                    stored => stored,
                };
                early.found.reuse.extend(
                    delta
                        .reuse
                        .into_iter()
                        .filter(|(a, b, _)| {
                            matches!(a, dedup::Ref::Stored(_)) || matches!(b, dedup::Ref::Stored(_))
                        })
                        .map(|(a, b, passages)| (back(a), back(b), passages)),
                );
                early.found
            }
        }
        None => dedup::relate(tx, &view(&|_| true), config, None)?,
    };
    let num = |r: dedup::Ref| match r {
        dedup::Ref::Stored(num) => num,
        dedup::Ref::Arriving(p) => news[arriving[p]].num,
    };
    let resolved: Vec<Option<(i64, CopyOf)>> = found
        .copies
        .into_iter()
        .map(|c| c.map(|(canonical, how)| (num(canonical), how)))
        .collect();
    let reuse = found
        .reuse
        .into_iter()
        .map(|(a, b, passages)| {
            let (a, b) = (num(a), num(b));
            (a.min(b), a.max(b), passages)
        })
        .collect();
    for (&n, copy) in arriving.iter().zip(resolved) {
        if let Some((canonical, how)) = copy {
            news[n].duplicate_of = Some(canonical);
            news[n].copy = Some(how);
        }
    }
    Ok(reuse)
}

/// A stored document: its metadata (stored as JSON without the text) and
/// its text.
pub(crate) fn stored_document(num: i64, doc: &str, text: String) -> Result<Document> {
    let mut document: Document = serde_json::from_str(doc)
        .map_err(|e| Error::Corrupt(format!("document {num}: stored metadata: {e}")))?;
    document.text = text;
    Ok(document)
}

fn write_documents(
    tx: &Transaction,
    news: &[New],
    terms: &[Option<DocTerms>],
    batch: i64,
    reuse: &[(i64, i64, Vec<Citation>)],
    config: &storyline_dedup::Config,
) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO documents (num, id, text_hash, batch, title, outlet, published, published_at,
                                url, doc, text, duplicate_of, duplicate)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, NULL)",
    )?;
    let mut fts =
        tx.prepare_cached("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?;
    let mut analysis = tx.prepare_cached("INSERT INTO analyses (num, analysis) VALUES (?1, ?2)")?;
    let mut keys = tx.prepare_cached("INSERT INTO dedup_keys (key, num) VALUES (?1, ?2)")?;
    let mut fingerprints =
        tx.prepare_cached("INSERT INTO fingerprints (num, fingerprint) VALUES (?1, ?2)")?;
    let mut store_terms =
        tx.prepare_cached("INSERT INTO cluster_terms (num, terms, excluded) VALUES (?1, ?2, ?3)")?;
    for (new, terms) in news.iter().zip(terms) {
        let doc = &new.prepared.document;
        insert.execute(params![
            new.num,
            doc.id.as_str(),
            new.text_hash as i64,
            batch,
            doc.title,
            doc.outlet,
            doc.published,
            new.published_at,
            doc.url,
            json(&doc.without_text()),
            doc.text,
        ])?;
        fts.execute(params![
            new.num,
            doc.title.as_deref().unwrap_or(""),
            doc.text
        ])?;
        let empty = Analysis::default();
        analysis.execute(params![
            new.num,
            json(new.prepared.analysis.as_ref().unwrap_or(&empty))
        ])?;
        if let Some(terms) = terms {
            let excluded = new
                .prepared
                .dedup
                .as_ref()
                .map(|d| d.excluded.clone())
                .unwrap_or_default();
            store_terms.execute(params![new.num, terms::encode(terms), json(&excluded)])?;
            if let Some(dedup) = &new.prepared.dedup {
                for key in storyline_dedup::lookup_keys(config, &dedup.fingerprint) {
                    keys.execute(params![key as i64, new.num])?;
                }
                fingerprints.execute(params![
                    new.num,
                    terms::encode_fingerprint(&dedup.fingerprint)
                ])?;
            }
        }
    }
    let mut copy =
        tx.prepare_cached("UPDATE documents SET duplicate_of = ?2, duplicate = ?3 WHERE num = ?1")?;
    for new in news {
        if let (Some(canonical), Some(how)) = (new.duplicate_of, &new.copy) {
            copy.execute(params![new.num, canonical, json(how)])?;
        }
    }
    count_outlet_lines(tx, news)?;
    let mut shared =
        tx.prepare_cached("INSERT OR REPLACE INTO reuse (a, b, passages) VALUES (?1, ?2, ?3)")?;
    for (a, b, passages) in reuse {
        shared.execute(params![a, b, json(passages)])?;
    }
    Ok(())
}

/// Adds the batch's documents to the counts boilerplate reads, as
/// boilerplate counts them: documents with an outlet that went through the
/// dedup stages. Summed over the batch first (an outlet's pages share most
/// of their short lines), then one upsert per outlet and per line.
fn count_outlet_lines(tx: &Transaction, news: &[New]) -> Result<()> {
    let mut documents: HashMap<&str, i64> = HashMap::new();
    let mut lines: HashMap<(&str, u64), i64> = HashMap::new();
    for new in news {
        let Some(outlet) = new.prepared.document.outlet.as_deref() else {
            continue;
        };
        if new.prepared.dedup.is_none() {
            continue;
        }
        *documents.entry(outlet).or_default() += 1;
        for &hash in &new.lines {
            *lines.entry((outlet, hash)).or_default() += 1;
        }
    }
    let mut add_documents = tx.prepare_cached(
        "INSERT INTO outlet_documents (outlet, documents) VALUES (?1, ?2)
         ON CONFLICT (outlet) DO UPDATE SET documents = documents + excluded.documents",
    )?;
    for (outlet, n) in documents {
        add_documents.execute(params![outlet, n])?;
    }
    let mut add_line = tx.prepare_cached(
        "INSERT INTO outlet_lines (outlet, line, documents) VALUES (?1, ?2, ?3)
         ON CONFLICT (outlet, line) DO UPDATE SET documents = documents + excluded.documents",
    )?;
    for ((outlet, hash), n) in lines {
        add_line.execute(params![outlet, hash as i64, n])?;
    }
    Ok(())
}

/// The stored JSON of plain data (it always serializes).
fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).expect("plain data serializes")
}

/// Rebuilds the clusterer now, if the store holds batches it has not seen,
/// so that the next ingest need not (a server does it when it starts).
pub(crate) fn warm(store: &mut Store, options: &IngestOptions) -> Result<()> {
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Deferred)?;
    let last_batch: i64 =
        tx.query_row("SELECT COALESCE(MAX(id), 0) FROM batches", [], |r| r.get(0))?;
    if store
        .clusterer
        .as_ref()
        .is_none_or(|c| c.batch != last_batch)
    {
        store.clusterer = Some(replay(&tx, &options.pipeline.cluster, last_batch)?);
    }
    tx.commit()?;
    Ok(())
}

/// Rebuilds the clusterer from the stored terms of canonical copies, batch
/// by batch as they were ingested, up to `last_batch`.
fn replay(
    tx: &Transaction,
    config: &storyline_cluster::Config,
    last_batch: i64,
) -> Result<Clusterer> {
    let mut clusterer = Clusterer {
        online: Online::new(config.clone()),
        nums: Vec::new(),
        ids: Vec::new(),
        batch: last_batch,
        last: None,
    };
    let mut rows = tx.prepare(
        "SELECT d.num, d.id, d.batch, d.published_at, t.terms FROM documents d
         JOIN cluster_terms t USING (num)
         WHERE d.duplicate_of IS NULL AND d.batch <= ?1
         ORDER BY d.num",
    )?;
    let mut pending: Vec<(DocTerms, Option<i64>)> = Vec::new();
    let mut pending_batch = None;
    let mut query = rows.query([last_batch])?;
    while let Some(row) = query.next()? {
        let (num, id, batch, published): (i64, String, i64, Option<i64>) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        let blob: Vec<u8> = row.get(4)?;
        let terms = terms::decode(&blob)
            .ok_or_else(|| Error::Corrupt(format!("document {id}: stored terms do not decode")))?;
        if pending_batch.is_some_and(|b| b != batch) {
            clusterer.online.add(std::mem::take(&mut pending));
        }
        pending_batch = Some(batch);
        clusterer.nums.push(num);
        clusterer.ids.push(id);
        pending.push((terms, published));
    }
    if !pending.is_empty() {
        clusterer.online.add(pending);
    }
    Ok(clusterer)
}

struct Changes {
    changed: Vec<String>,
    removed: Vec<String>,
}

/// Writes the clustering's events and stories: the events whose canonical
/// copies changed get their new membership (with its evidence), those that
/// only gained copies get the copies, and all of them are marked stale;
/// events that no longer exist go; stories are regrouped when the
/// clustering changed (`regrouped`). Then the stale reports are rebuilt,
/// or, when deferred, new events get a provisional report.
fn regroup(
    tx: &Transaction,
    clusterer: &Clusterer,
    clustering: &Clustering,
    regrouped: bool,
    copied: &HashMap<i64, Vec<i64>>,
    batch: i64,
    options: &IngestOptions,
) -> Result<Changes> {
    let ids: Vec<String> = clustering
        .events
        .iter()
        .map(|event| {
            let members: Vec<&str> = event
                .members
                .iter()
                .map(|&m| clusterer.ids[m].as_str())
                .collect();
            storyline_pipeline::event_id(&members)
        })
        .collect();
    // Events to write: new ones (their canonical copies changed), and
    // stored ones that gained copies.
    let mut exists = tx.prepare_cached("SELECT 1 FROM events WHERE id = ?1")?;
    let mut formed: Vec<usize> = Vec::new();
    let mut gained: Vec<usize> = Vec::new();
    for (e, event) in clustering.events.iter().enumerate() {
        if !regrouped
            && !event
                .members
                .iter()
                .any(|&m| copied.contains_key(&clusterer.nums[m]))
        {
            continue;
        }
        if !exists.exists([&ids[e]])? {
            formed.push(e);
        } else if event
            .members
            .iter()
            .any(|&m| copied.contains_key(&clusterer.nums[m]))
        {
            gained.push(e);
        }
    }
    // Stories: ids from their events' ids; written before the events that
    // name them.
    let mut story_of_event: Vec<String> = vec![String::new(); clustering.events.len()];
    let mut insert_story =
        tx.prepare_cached("INSERT OR IGNORE INTO stories (id, title) VALUES (?1, '')")?;
    for story in &clustering.stories {
        let event_ids: Vec<&str> = story.iter().map(|&e| ids[e].as_str()).collect();
        let id = storyline_pipeline::story_id(&event_ids);
        if regrouped {
            insert_story.execute([&id])?;
        }
        for &e in story {
            story_of_event[e] = id.clone();
        }
    }

    let mut old_event = tx.prepare_cached("SELECT event FROM event_documents WHERE num = ?1")?;
    let mut copies_of =
        tx.prepare_cached("SELECT num FROM documents WHERE duplicate_of = ?1 ORDER BY num")?;
    let mut central = tx.prepare_cached("SELECT doc, text FROM documents WHERE num = ?1")?;
    let mut upsert = tx.prepare_cached(
        "INSERT INTO events (id, story, title, documents, sources, updated_batch, stale)
         VALUES (?1, ?2, ?3, 0, 0, ?4, 1)
         ON CONFLICT (id) DO UPDATE SET story = excluded.story, title = excluded.title,
             updated_batch = excluded.updated_batch, stale = 1",
    )?;
    let mut touch =
        tx.prepare_cached("UPDATE events SET updated_batch = ?2, stale = 1 WHERE id = ?1")?;
    let mut member = tx.prepare_cached(
        "INSERT INTO event_documents (num, event, position, evidence) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (num) DO UPDATE SET event = excluded.event, position = excluded.position,
             evidence = excluded.evidence",
    )?;
    let mut counts = tx.prepare_cached(
        "SELECT COUNT(*), COUNT(DISTINCT d.outlet) + SUM(d.outlet IS NULL),
                MIN(d.published_at), MAX(d.published_at)
         FROM event_documents m JOIN documents d USING (num) WHERE m.event = ?1",
    )?;
    let mut set_counts = tx.prepare_cached(
        "UPDATE events SET documents = ?2, sources = ?3, first_published = ?4, last_published = ?5
         WHERE id = ?1",
    )?;
    let mut previous: HashSet<String> = HashSet::new();
    let mut changed_ids = Vec::new();
    for &e in &formed {
        let event = &clustering.events[e];
        let id = &ids[e];
        // The members most central first, read as the title asks for them.
        let mut unread = None;
        let members = event.members.iter().map_while(|&m| {
            let num = clusterer.nums[m];
            let read = central
                .query_row([num], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(Error::from)
                .and_then(|(doc, text): (String, String)| stored_document(num, &doc, text));
            read.map_err(|e| unread = Some(e)).ok()
        });
        let (title, _) = storyline_pipeline::event_title(members);
        if let Some(e) = unread {
            return Err(e);
        }
        upsert.execute(params![id, story_of_event[e], title, batch])?;
        for (position, (&m, evidence)) in event.members.iter().zip(&event.evidence).enumerate() {
            let num = clusterer.nums[m];
            let copies: Vec<i64> = copies_of
                .query_map([num], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let evidence = serde_json::to_string(&StoredEvidence::from(evidence))
                .expect("evidence serializes");
            for (doc, evidence) in
                std::iter::once((num, Some(evidence))).chain(copies.into_iter().map(|c| (c, None)))
            {
                if let Some(old) = old_event
                    .query_row([doc], |r| r.get::<_, String>(0))
                    .optional()?
                {
                    previous.insert(old);
                }
                member.execute(params![doc, id, position as i64, evidence])?;
            }
        }
    }
    // A stored event that only gained copies: the copies join it, next to
    // their canonical copy; the rest of its membership stands.
    for &e in &gained {
        let event = &clustering.events[e];
        let id = &ids[e];
        touch.execute(params![id, batch])?;
        for (position, &m) in event.members.iter().enumerate() {
            for &copy in copied.get(&clusterer.nums[m]).into_iter().flatten() {
                member.execute(params![copy, id, position as i64, None::<String>])?;
            }
        }
    }
    for &e in formed.iter().chain(&gained) {
        let id = &ids[e];
        let (documents, sources, first_at, last_at): (i64, i64, Option<i64>, Option<i64>) =
            counts.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        set_counts.execute(params![
            id,
            documents,
            sources,
            first_at.map(rfc3339),
            last_at.map(rfc3339)
        ])?;
        changed_ids.push(id.clone());
    }
    let mut removed = Vec::new();
    for old in previous {
        // Gone unless it is one of this batch's events.
        let left: i64 = tx.query_row(
            "SELECT COUNT(*) FROM event_documents WHERE event = ?1",
            [&old],
            |r| r.get(0),
        )?;
        if left == 0 {
            tx.execute("DELETE FROM entities WHERE event = ?1", [&old])?;
            tx.execute("DELETE FROM quotes WHERE event = ?1", [&old])?;
            tx.execute("DELETE FROM events WHERE id = ?1", [&old])?;
            removed.push(old);
        }
    }
    if regrouped {
        // Every event's story (unchanged events may have joined another
        // story), then empty stories go.
        let mut set_story =
            tx.prepare_cached("UPDATE events SET story = ?2 WHERE id = ?1 AND story <> ?2")?;
        for (id, story) in ids.iter().zip(&story_of_event) {
            set_story.execute(params![id, story])?;
        }
        tx.execute(
            "DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.story = stories.id)",
            [],
        )?;
    }
    // Story titles: their largest event's, for the stories whose events
    // changed in size or membership (all of them after a regrouping).
    let mut title = tx.prepare_cached(
        "UPDATE stories SET title = (
             SELECT e.title FROM events e WHERE e.story = stories.id
             ORDER BY e.documents DESC, e.id LIMIT 1)
         WHERE id = ?1",
    )?;
    let stories: HashSet<&String> = if regrouped {
        story_of_event.iter().collect()
    } else {
        formed
            .iter()
            .chain(&gained)
            .map(|&e| &story_of_event[e])
            .collect()
    };
    for story in stories {
        title.execute([story])?;
    }
    removed.sort();

    if options.defer_reports {
        // New events need a report to show until theirs is built.
        let fresh: Vec<String> = tx
            .prepare("SELECT id FROM events WHERE report IS NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in fresh {
            let loaded = reports::load_event(tx, &id, false)?;
            reports::write_report(tx, &reports::build_report(&loaded, options, false), false)?;
        }
    } else {
        reports::rebuild_all_stale(tx, options)?;
    }
    Ok(Changes {
        changed: changed_ids,
        removed,
    })
}

/// Seconds since the epoch as RFC 3339 in UTC (sorts as text).
fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_string())
        .unwrap_or_default()
}
