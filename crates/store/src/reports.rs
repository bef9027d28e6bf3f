//! An event's report, built from what the store holds: its documents in
//! membership order with their evidence, their analyses, their duplicate
//! records and the passages they share. Nothing here needs the clusterer,
//! so a report can be rebuilt by any connection, at any time after the
//! batch that changed its event.
//!
//! Ingest marks the events it changes *stale*. `storyline ingest` rebuilds
//! them before it commits. `storyline serve` commits the batch first and
//! rebuilds in the background, through [`rebuild_stale`]: the reports are
//! built outside any write transaction and written only if their event did
//! not change meanwhile. Under a stream of batches, an event touched by many
//! batches is then rebuilt once per pass, not once per batch. Until then
//! readers see its previous report (or, for a new event, a provisional one
//! without brief), marked `pending`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use storyline_analyze::Analysis;
use storyline_core::{
    Citation, CitedText, Document, DocumentEntry, DocumentId, DuplicateGroup, DuplicateKind,
    DuplicateMember, Report, Reuse, Story,
};
use storyline_pipeline::{EventMember, FactDoc};

use crate::IngestOptions;
use crate::queries::{Error, Result};

/// Why a canonical copy is in its event, as stored with its membership.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredEvidence {
    pub score: f32,
    /// Absent from evidence stored before lone documents could join an
    /// event at a lower bar: those were all compared with the event
    /// threshold, 0.45 by default then.
    #[serde(default = "threshold_before_attach")]
    pub threshold: f32,
    pub shared_terms: Vec<u64>,
    pub shared_names: Vec<u64>,
    pub days_from_event: Option<f32>,
}

/// The default event threshold until evidence recorded its own threshold
/// (the default is 0.5 since).
fn threshold_before_attach() -> f32 {
    0.45
}

impl From<&storyline_cluster::Evidence> for StoredEvidence {
    fn from(e: &storyline_cluster::Evidence) -> Self {
        StoredEvidence {
            score: e.score,
            threshold: e.threshold,
            shared_terms: e.shared_terms.clone(),
            shared_names: e.shared_names.clone(),
            days_from_event: e.days_from_event,
        }
    }
}

impl From<StoredEvidence> for storyline_cluster::Evidence {
    fn from(e: StoredEvidence) -> Self {
        storyline_cluster::Evidence {
            score: e.score,
            threshold: e.threshold,
            shared_terms: e.shared_terms,
            shared_names: e.shared_names,
            days_from_event: e.days_from_event,
        }
    }
}

/// How a stored duplicate copies its canonical copy.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CopyOf {
    pub kind: DuplicateKind,
    pub similarity: f64,
    pub coverage: f64,
    pub passages: Vec<Citation>,
}

/// What a brief read returns: small, stored as it is served.
#[derive(Debug, Clone, Serialize)]
struct BriefRecord<'a> {
    event: &'a str,
    title: &'a str,
    documents: usize,
    brief: &'a [CitedText],
}

/// One stored document of an event being built.
struct LoadedDoc {
    num: i64,
    document: Document,
    published: Option<i64>,
    /// Empty for a provisional report.
    analysis: Analysis,
    excluded: Vec<Range<usize>>,
    /// Its canonical copy (stored number), when it is a copy.
    duplicate_of: Option<i64>,
    copy: Option<CopyOf>,
}

/// An event as stored: its canonical copies first, in membership order
/// (the most central first), then the copies.
pub(crate) struct LoadedEvent {
    id: String,
    story: String,
    updated_batch: i64,
    docs: Vec<LoadedDoc>,
    canonical: usize,
    evidence: Vec<storyline_cluster::Evidence>,
    reuse: Vec<(i64, i64, Vec<Citation>)>,
}

/// A stored event's rows as SQLite gave them, JSON not yet parsed: reading
/// runs on the one connection, parsing may run on every core
/// ([`StoredEvent::decode`]).
pub(crate) struct StoredEvent {
    id: String,
    story: String,
    updated_batch: i64,
    /// Canonical copies first, in membership order, then the copies.
    rows: Vec<MemberRow>,
    /// `(a, b, passages)` for canonical members `a` and `b`.
    reuse: Vec<(i64, i64, String)>,
}

/// num, doc, text, published_at, duplicate_of, duplicate, excluded,
/// evidence, analysis.
type MemberRow = (
    i64,
    String,
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Loads event `id` from the store; `analyses` false skips the analyses
/// (a provisional report needs none).
pub(crate) fn load_event(conn: &Connection, id: &str, analyses: bool) -> Result<LoadedEvent> {
    read_event(conn, id, analyses)?.decode()
}

/// Reads event `id`'s rows (see [`load_event`]).
pub(crate) fn read_event(conn: &Connection, id: &str, analyses: bool) -> Result<StoredEvent> {
    let (story, updated_batch): (String, i64) = conn
        .prepare_cached("SELECT story, updated_batch FROM events WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut members = conn.prepare_cached(
        "SELECT d.num, d.doc, d.text, d.published_at, d.duplicate_of, d.duplicate, t.excluded,
                m.evidence, CASE WHEN ?2 THEN a.analysis END
         FROM event_documents m
         JOIN documents d USING (num)
         JOIN analyses a USING (num)
         LEFT JOIN cluster_terms t USING (num)
         WHERE m.event = ?1
         ORDER BY d.duplicate_of IS NOT NULL, m.position, d.num",
    )?;
    let rows: Vec<MemberRow> = members
        .query_map(params![id, analyses], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let canonical: Vec<i64> = rows.iter().filter(|r| r.4.is_none()).map(|r| r.0).collect();
    let in_event: HashSet<i64> = canonical.iter().copied().collect();
    let mut shared = conn.prepare_cached("SELECT b, passages FROM reuse WHERE a = ?1")?;
    let mut reuse = Vec::new();
    for &a in &canonical {
        let rows: Vec<(i64, String)> = shared
            .query_map([a], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        reuse.extend(
            rows.into_iter()
                .filter(|(b, _)| in_event.contains(b))
                .map(|(b, passages)| (a, b, passages)),
        );
    }
    Ok(StoredEvent {
        id: id.to_string(),
        story,
        updated_batch,
        rows,
        reuse,
    })
}

impl StoredEvent {
    /// Parses the stored JSON.
    pub(crate) fn decode(self) -> Result<LoadedEvent> {
        let StoredEvent {
            id,
            story,
            updated_batch,
            rows,
            reuse,
        } = self;
        let mut docs = Vec::with_capacity(rows.len());
        let mut evidence = Vec::new();
        for (
            num,
            doc,
            text,
            published,
            duplicate_of,
            duplicate,
            excluded,
            stored_evidence,
            analysis,
        ) in rows
        {
            let corrupt = |what: &str, e: serde_json::Error| {
                Error::Corrupt(format!("document {num}: stored {what}: {e}"))
            };
            if duplicate_of.is_none() {
                let e: Option<StoredEvidence> = stored_evidence
                    .map(|e| serde_json::from_str(&e))
                    .transpose()
                    .map_err(|e| corrupt("evidence", e))?;
                evidence.push(e.map_or_else(
                    || storyline_cluster::Evidence {
                        score: 1.0,
                        threshold: storyline_cluster::Config::default().event_threshold,
                        shared_terms: Vec::new(),
                        shared_names: Vec::new(),
                        days_from_event: None,
                    },
                    Into::into,
                ));
            }
            docs.push(LoadedDoc {
                num,
                document: crate::ingest::stored_document(num, &doc, text)?,
                published,
                analysis: analysis
                    .map(|a| serde_json::from_str(&a))
                    .transpose()
                    .map_err(|e| corrupt("analysis", e))?
                    .unwrap_or_default(),
                excluded: excluded
                    .map(|e| serde_json::from_str(&e))
                    .transpose()
                    .map_err(|e| corrupt("excluded ranges", e))?
                    .unwrap_or_default(),
                duplicate_of,
                copy: duplicate
                    .map(|d| serde_json::from_str(&d))
                    .transpose()
                    .map_err(|e| corrupt("duplicate", e))?,
            });
        }
        let canonical = evidence.len();
        if canonical == 0 {
            return Err(Error::Corrupt(format!("event {id} has no canonical copy")));
        }
        let reuse = reuse
            .into_iter()
            .map(|(a, b, passages)| {
                let passages = serde_json::from_str(&passages)
                    .map_err(|e| Error::Corrupt(format!("reuse {a}-{b}: {e}")))?;
                Ok((a, b, passages))
            })
            .collect::<Result<_>>()?;
        Ok(LoadedEvent {
            id,
            story,
            updated_batch,
            docs,
            canonical,
            evidence,
            reuse,
        })
    }
}

/// The report of one event: the same steps as `storyline analyze` runs per
/// event (membership evidence, entities, quotes, numbers, differences,
/// brief, timeline), on the event's documents. `full` false gives the
/// provisional report: documents and membership only.
pub(crate) fn build_report(loaded: &LoadedEvent, options: &IngestOptions, full: bool) -> Report {
    let by_num: HashMap<i64, &LoadedDoc> = loaded.docs.iter().map(|d| (d.num, d)).collect();
    let id_of = |num: i64| &by_num[&num].document.id;
    let mut passages_with: HashMap<i64, Vec<DocumentId>> = HashMap::new();
    for (a, b, _) in &loaded.reuse {
        passages_with.entry(*a).or_default().push(id_of(*b).clone());
        passages_with.entry(*b).or_default().push(id_of(*a).clone());
    }
    let members: Vec<EventMember> = loaded.docs[..loaded.canonical]
        .iter()
        .zip(&loaded.evidence)
        .map(|(doc, evidence)| EventMember {
            document: &doc.document,
            excluded: &doc.excluded,
            evidence,
            copies: loaded.docs[loaded.canonical..]
                .iter()
                .filter(|c| c.duplicate_of == Some(doc.num))
                .map(|c| &c.document)
                .collect(),
            shared_passages: passages_with.remove(&doc.num).unwrap_or_default(),
        })
        .collect();
    let mut event = storyline_pipeline::event_of(&members, full);
    // The id is the one the event is stored under (the same hash).
    event.id = loaded.id.clone();
    let mut stories = vec![Story {
        id: loaded.story.clone(),
        title: event.title.clone(),
        events: vec![event],
    }];
    let entities = if full {
        let facts: Vec<FactDoc> = loaded
            .docs
            .iter()
            .map(|d| FactDoc {
                document: &d.document,
                analysis: &d.analysis,
                published: d.published,
            })
            .collect();
        storyline_pipeline::attach_facts(&facts, &mut stories, options.pipeline.brief_sentences)
    } else {
        Vec::new()
    };
    let duplicates: Vec<DuplicateGroup> = loaded.docs[..loaded.canonical]
        .iter()
        .filter_map(|canonical| {
            let copies: Vec<&LoadedDoc> = loaded.docs[loaded.canonical..]
                .iter()
                .filter(|c| c.duplicate_of == Some(canonical.num))
                .collect();
            group_of(canonical, &copies)
        })
        .collect();
    let reuse = loaded
        .reuse
        .iter()
        .map(|(a, b, passages)| Reuse {
            documents: [id_of(*a).clone(), id_of(*b).clone()],
            passages: passages.clone(),
        })
        .collect();
    let documents: Vec<DocumentEntry> = loaded
        .docs
        .iter()
        .map(|d| {
            let mut entry = DocumentEntry::from_document(d.document.without_text(), false);
            entry.length = d.document.text.len();
            entry.duplicate_of = d.duplicate_of.map(|c| id_of(c).clone());
            entry
        })
        .collect();
    let mut report = Report {
        documents,
        duplicates,
        reuse,
        entities,
        stories,
        ..Report::default()
    };
    report.stats.documents = report.documents.len();
    report.stats.text_bytes = loaded
        .docs
        .iter()
        .map(|d| d.document.text.len() as u64)
        .sum();
    report
}

/// A canonical copy's duplicate group, from how each copy was stored.
fn group_of(canonical: &LoadedDoc, copies: &[&LoadedDoc]) -> Option<DuplicateGroup> {
    if copies.is_empty() {
        return None;
    }
    let mut documents = vec![canonical.document.id.clone()];
    let mut members = Vec::new();
    let mut passages = Vec::new();
    for copy in copies {
        documents.push(copy.document.id.clone());
        let how = copy.copy.clone().unwrap_or(CopyOf {
            kind: DuplicateKind::Near,
            similarity: 0.0,
            coverage: 0.0,
            passages: Vec::new(),
        });
        passages.extend(how.passages);
        members.push(DuplicateMember {
            document: copy.document.id.clone(),
            kind: how.kind,
            similarity: how.similarity,
            coverage: how.coverage,
        });
    }
    let rank = |k: DuplicateKind| match k {
        DuplicateKind::Containment => 0,
        DuplicateKind::Near => 1,
        DuplicateKind::Exact => 2,
    };
    let weakest = members
        .iter()
        .min_by(|a, b| {
            rank(a.kind)
                .cmp(&rank(b.kind))
                .then(a.similarity.total_cmp(&b.similarity))
        })
        .expect("a group has members");
    Some(DuplicateGroup {
        kind: weakest.kind,
        similarity: weakest.similarity,
        documents,
        passages,
        members,
    })
}

/// Writes an event's report (full or provisional) with its brief record,
/// entities and quotes; a full report clears the stale mark.
pub(crate) fn write_report(conn: &Connection, report: &Report, full: bool) -> Result<()> {
    let event = &report.stories[0].events[0];
    let brief = BriefRecord {
        event: &event.id,
        title: &event.title,
        documents: event.documents.len(),
        brief: &event.brief,
    };
    conn.prepare_cached("UPDATE events SET report = ?2, brief = ?3, stale = ?4 WHERE id = ?1")?
        .execute(params![
            event.id,
            serde_json::to_string(report).expect("reports serialize"),
            serde_json::to_string(&brief).expect("briefs serialize"),
            !full,
        ])?;
    if !full {
        return Ok(());
    }
    conn.prepare_cached("DELETE FROM entities WHERE event = ?1")?
        .execute([&event.id])?;
    conn.prepare_cached("DELETE FROM quotes WHERE event = ?1")?
        .execute([&event.id])?;
    let mut entity = conn.prepare_cached(
        "INSERT OR REPLACE INTO entities (event, id, name, kind, aliases) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in &report.entities {
        let kind = serde_json::to_value(e.kind).expect("kinds serialize");
        entity.execute(params![
            event.id,
            e.id,
            e.name,
            kind.as_str().unwrap_or("other"),
            serde_json::to_string(&e.aliases).expect("strings serialize"),
        ])?;
    }
    let mut quote = conn.prepare_cached(
        "INSERT INTO quotes (event, speaker, text, citations) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for q in &event.quotes {
        quote.execute(params![
            event.id,
            q.speaker,
            q.text,
            serde_json::to_string(&q.citations).expect("citations serialize"),
        ])?;
    }
    Ok(())
}

/// The ids of stale events, the least recently changed first.
fn stale_ids(conn: &Connection, limit: usize) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM events WHERE stale = 1 ORDER BY updated_batch, id LIMIT ?1",
        )?
        .query_map([limit as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Rebuilds every stale event inside the caller's transaction (what
/// `storyline ingest` does before it commits). Returns their ids.
pub(crate) fn rebuild_all_stale(conn: &Connection, options: &IngestOptions) -> Result<Vec<String>> {
    let ids = stale_ids(conn, usize::MAX >> 1)?;
    for built in build_stale(read_stale(conn, &ids)?, options)? {
        write_report(conn, &built.report, true)?;
    }
    Ok(ids)
}

/// A report built from an event as read at batch `read_at`.
struct Built {
    id: String,
    read_at: i64,
    report: Report,
}

/// Reads the events `ids` (on the one connection).
fn read_stale(conn: &Connection, ids: &[String]) -> Result<Vec<StoredEvent>> {
    ids.iter().map(|id| read_event(conn, id, true)).collect()
}

/// Parses and builds the events read, on every core.
fn build_stale(stored: Vec<StoredEvent>, options: &IngestOptions) -> Result<Vec<Built>> {
    stored
        .into_par_iter()
        .map(|s| {
            let loaded = s.decode()?;
            let report = build_report(&loaded, options, true);
            Ok(Built {
                id: loaded.id,
                read_at: loaded.updated_batch,
                report,
            })
        })
        .collect()
}

/// Rebuilds up to `limit` stale events without holding the write lock
/// while they are built: they are read in one read transaction, built, and
/// written in a short write transaction, each only if its event has not
/// changed since it was read (else it stays stale for the next pass).
/// Returns the ids rebuilt.
pub(crate) fn rebuild_stale(
    conn: &mut Connection,
    options: &IngestOptions,
    limit: usize,
) -> Result<Vec<String>> {
    let stored: Vec<StoredEvent> = {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let stored = read_stale(&tx, &stale_ids(&tx, limit)?)?;
        tx.commit()?;
        stored
    };
    if stored.is_empty() {
        return Ok(Vec::new());
    }
    let built = build_stale(stored, options)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut done = Vec::new();
    for built in built {
        let current: Option<(i64, bool, String)> = tx
            .prepare_cached("SELECT updated_batch, stale, story FROM events WHERE id = ?1")?
            .query_row([&built.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if current.is_some_and(|(batch, stale, _)| batch == built.read_at && stale) {
            write_report(&tx, &built.report, true)?;
            done.push(built.id);
        }
    }
    tx.commit()?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_stored_before_attach_thresholds_reads_with_the_threshold_of_then() {
        let old = r#"{"score":0.8,"shared_terms":[1],"shared_names":[],"days_from_event":null}"#;
        let evidence: storyline_cluster::Evidence =
            serde_json::from_str::<StoredEvidence>(old).unwrap().into();
        assert_eq!(evidence.threshold, 0.45);
        let lone = storyline_cluster::Evidence {
            threshold: 0.3,
            ..evidence
        };
        let text = serde_json::to_string(&StoredEvidence::from(&lone)).unwrap();
        let back: storyline_cluster::Evidence = serde_json::from_str::<StoredEvidence>(&text)
            .unwrap()
            .into();
        assert_eq!(back, lone);
    }
}
