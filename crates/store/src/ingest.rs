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
use std::ops::Range;

use rayon::prelude::*;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use storyline_analyze::Analysis;
use storyline_cluster::{Clustering, DocTerms, Online};
use storyline_core::{
    Citation, Defect, Document, DocumentEntry, DocumentId, DuplicateGroup, DuplicateKind,
    DuplicateMember, InputError, Report, Reuse, Story,
};
use storyline_pipeline::{EventMember, FactDoc, Prepared};
use storyline_read::Raw;
use xxhash_rust::xxh3::xxh3_64;

use crate::queries::{Error, Result};
use crate::{IngestSummary, Store, terms};

/// How documents are processed on their way in.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Dedup, clustering and brief settings, as for `storyline analyze`.
    pub pipeline: storyline_pipeline::Options,
}

/// Stored documents sharing one dedup key beyond this many are not
/// candidates through it: the key is formulaic (a wire service's footer).
const MAX_KEY_HOLDERS: usize = 64;

/// The online clusterer and what maps its numbers to stored documents.
pub(crate) struct Clusterer {
    online: Online,
    /// Per clusterer number: the stored document number and id.
    nums: Vec<i64>,
    ids: Vec<String>,
    /// The last batch it has seen.
    batch: i64,
}

/// How a stored duplicate copies its canonical copy.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CopyOf {
    kind: DuplicateKind,
    similarity: f64,
    coverage: f64,
    passages: Vec<Citation>,
}

/// A document of the batch on its way in.
struct New {
    prepared: Prepared,
    text_hash: u64,
    published_at: Option<i64>,
    num: i64,
    /// Its canonical copy's stored number, when it is a copy.
    duplicate_of: Option<i64>,
    copy: Option<CopyOf>,
}

pub(crate) fn ingest(
    store: &mut Store,
    raws: Vec<Raw>,
    options: &IngestOptions,
) -> Result<IngestSummary> {
    let mut summary = IngestSummary::default();
    let prepared: Vec<std::result::Result<Prepared, InputError>> = raws
        .into_par_iter()
        .map(|raw| storyline_pipeline::prepare_record(raw, &options.pipeline))
        .collect();
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut news = admit(&tx, prepared, &mut summary)?;
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
    boilerplate(&mut news, &config.dedup);
    let reuse = dedup(&tx, &mut news, &config.dedup)?;
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
    clusterer.online.add(adding);
    clusterer.batch = batch;
    let clustering = clusterer.online.clustering();
    let copied: HashSet<i64> = news.iter().filter_map(|n| n.duplicate_of).collect();
    let analyses: HashMap<i64, Analysis> = news
        .into_iter()
        .map(|n| (n.num, n.prepared.analysis.unwrap_or_default()))
        .collect();
    let changes = regroup(
        &tx,
        clusterer,
        &clustering,
        &copied,
        batch,
        analyses,
        options,
    )?;
    summary.events_changed = changes.changed;
    summary.events_removed = changes.removed;
    tx.commit()?;
    Ok(summary)
}

/// Sorts out ids: a document already stored with the same text is a no-op;
/// one whose id is taken by another text is renamed `id~2`, `id~3`, ...
/// (and says so in a defect), as `storyline analyze` renames within a run.
fn admit(
    tx: &Transaction,
    prepared: Vec<std::result::Result<Prepared, InputError>>,
    summary: &mut IngestSummary,
) -> Result<Vec<New>> {
    let mut in_batch: HashMap<String, u64> = HashMap::new();
    let mut lookup = tx.prepare_cached("SELECT text_hash FROM documents WHERE id = ?1")?;
    let mut news = Vec::new();
    for item in prepared {
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
        in_batch.insert(id, text_hash);
        let published_at = prepared
            .document
            .published
            .as_deref()
            .and_then(storyline_read::published_seconds);
        news.push(New {
            prepared,
            text_hash,
            published_at,
            num: 0,
            duplicate_of: None,
            copy: None,
        });
    }
    Ok(news)
}

/// Boilerplate within the batch (lines an outlet repeats across the
/// batch's pages).
fn boilerplate(news: &mut [New], config: &storyline_dedup::Config) {
    let defects = {
        let mut view: Vec<(Option<&str>, &str, &mut storyline_dedup::DocDedup)> = news
            .iter_mut()
            .filter_map(|n| {
                let doc = &n.prepared.document;
                n.prepared
                    .dedup
                    .as_mut()
                    .map(|d| (doc.outlet.as_deref(), doc.text.as_str(), d))
            })
            .collect();
        storyline_dedup::apply_boilerplate(&mut view, config)
    };
    let with_dedup = news.iter_mut().filter(|n| n.prepared.dedup.is_some());
    for (new, defect) in with_dedup.zip(defects) {
        new.prepared.document.defects.extend(defect);
    }
}

/// A stored document taking part in this batch's dedup.
struct Candidate {
    num: i64,
    document: Document,
    canonical: i64,
    dedup: storyline_dedup::DocDedup,
}

/// Finds which new documents copy a stored or another new document, and
/// the passages new canonical copies share with others. Returns the reuse
/// pairs `(num, num, passages)` to store.
fn dedup(
    tx: &Transaction,
    news: &mut [New],
    config: &storyline_dedup::Config,
) -> Result<Vec<(i64, i64, Vec<Citation>)>> {
    // Stored canonical copies sharing a key with a new document.
    let mut holders = tx.prepare_cached("SELECT num FROM dedup_keys WHERE key = ?1 LIMIT ?2")?;
    let mut found: HashSet<i64> = HashSet::new();
    for new in news.iter() {
        let Some(dedup) = &new.prepared.dedup else {
            continue;
        };
        for key in storyline_dedup::lookup_keys(config, &dedup.fingerprint) {
            let nums: Vec<i64> = holders
                .query_map(params![key as i64, MAX_KEY_HOLDERS as i64 + 1], |r| {
                    r.get(0)
                })?
                .collect::<rusqlite::Result<_>>()?;
            if nums.len() <= MAX_KEY_HOLDERS {
                found.extend(nums);
            }
        }
    }
    let mut found: Vec<i64> = found.into_iter().collect();
    found.sort_unstable();
    // Number, document, canonical copy, excluded ranges.
    type StoredRow = (i64, Document, Option<i64>, Vec<Range<usize>>);
    let stored: Vec<StoredRow> = {
        let mut load = tx.prepare_cached(
            "SELECT d.doc, d.text, d.duplicate_of, t.excluded FROM documents d
             LEFT JOIN cluster_terms t USING (num) WHERE d.num = ?1",
        )?;
        found
            .iter()
            .map(|&num| {
                let (doc, text, duplicate_of, excluded): (
                    String,
                    String,
                    Option<i64>,
                    Option<String>,
                ) = load.query_row([num], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
                let document = stored_document(num, &doc, text)?;
                let excluded = excluded
                    .map(|e| serde_json::from_str(&e))
                    .transpose()
                    .map_err(|e| Error::Corrupt(format!("document {num}: excluded ranges: {e}")))?
                    .unwrap_or_default();
                Ok((num, document, duplicate_of, excluded))
            })
            .collect::<Result<_>>()?
    };
    // Their fingerprints, made again from their text (as they were made
    // when they were stored: the same stages, the same exclusions).
    let candidates: Vec<Candidate> = stored
        .into_par_iter()
        .map(|(num, document, duplicate_of, excluded)| {
            let normalized = storyline_text::normalize(&document.text);
            let kept =
                storyline_dedup::kept_tokens(&storyline_text::tokens(normalized.text()), &excluded);
            let fingerprint = storyline_dedup::fingerprint(&kept, config);
            Candidate {
                num,
                canonical: duplicate_of.unwrap_or(num),
                dedup: storyline_dedup::DocDedup {
                    excluded,
                    lines: Vec::new(),
                    fingerprint,
                },
                document,
            }
        })
        .collect();

    let published: Vec<Option<i64>> = candidates
        .iter()
        .map(|c| {
            c.document
                .published
                .as_deref()
                .and_then(storyline_read::published_seconds)
        })
        .chain(news.iter().map(|n| n.published_at))
        .collect();
    let mut nums: Vec<i64> = candidates.iter().map(|c| c.num).collect();
    let mut docs: Vec<storyline_dedup::CorpusDoc> = candidates
        .iter()
        .zip(&published)
        .map(|(c, &published)| storyline_dedup::CorpusDoc {
            id: &c.document.id,
            outlet: c.document.outlet.as_deref(),
            published,
            text: &c.document.text,
            dedup: &c.dedup,
        })
        .collect();
    for (new, &published) in news.iter().zip(&published[candidates.len()..]) {
        if let Some(dedup) = &new.prepared.dedup {
            nums.push(new.num);
            docs.push(storyline_dedup::CorpusDoc {
                id: &new.prepared.document.id,
                outlet: new.prepared.document.outlet.as_deref(),
                published,
                text: &new.prepared.document.text,
                dedup,
            });
        }
    }
    let result = storyline_dedup::dedup_corpus(&docs, config);
    drop(docs);
    let position: HashMap<String, usize> = candidates
        .iter()
        .map(|c| c.document.id.0.clone())
        .chain(
            news.iter()
                .filter(|n| n.prepared.dedup.is_some())
                .map(|n| n.prepared.document.id.0.clone()),
        )
        .enumerate()
        .map(|(p, id)| (id, p))
        .collect();
    let stored_count = candidates.len();
    let canonical_of_stored: HashMap<i64, i64> =
        candidates.iter().map(|c| (c.num, c.canonical)).collect();
    // Groups: a stored copy keeps its status, so a group that holds a
    // stored document is joined to that document's canonical copy (the
    // earliest stored); a group of new documents only keeps dedup's choice.
    let mut new_copy: HashMap<i64, (i64, CopyOf)> = HashMap::new();
    for group in &result.groups {
        let members: Vec<usize> = group
            .documents
            .iter()
            .filter_map(|id| position.get(id.as_str()).copied())
            .collect();
        let Some(&chosen) = members.first() else {
            continue;
        };
        let stored_canonical = members
            .iter()
            .filter(|&&p| p < stored_count)
            .map(|&p| canonical_of_stored[&nums[p]])
            .min();
        let canonical = stored_canonical.unwrap_or(nums[chosen]);
        for member in &group.members {
            let Some(&p) = position.get(member.document.as_str()) else {
                continue;
            };
            let passages = group
                .passages
                .iter()
                .filter(|c| c.document == member.document || c.document == group.documents[0])
                .cloned()
                .collect();
            if p >= stored_count && nums[p] != canonical {
                new_copy.insert(
                    nums[p],
                    (
                        canonical,
                        CopyOf {
                            kind: member.kind,
                            similarity: member.similarity,
                            coverage: member.coverage,
                            passages,
                        },
                    ),
                );
            }
        }
        // The canonical copy dedup chose is new but the group joins a
        // stored one: the chosen document is a copy too.
        if chosen >= stored_count && nums[chosen] != canonical {
            let weakest = group.members.first();
            new_copy.insert(
                nums[chosen],
                (
                    canonical,
                    CopyOf {
                        kind: weakest.map_or(group.kind, |m| m.kind),
                        similarity: group.similarity,
                        coverage: weakest.map_or(1.0, |m| m.coverage),
                        passages: group.passages.clone(),
                    },
                ),
            );
        }
    }
    for new in news.iter_mut() {
        if let Some((canonical, copy)) = new_copy.remove(&new.num) {
            new.duplicate_of = Some(canonical);
            new.copy = Some(copy);
        }
    }
    let is_copy: HashSet<i64> = news
        .iter()
        .filter(|n| n.duplicate_of.is_some())
        .map(|n| n.num)
        .collect();
    let first_new = news.first().map_or(i64::MAX, |n| n.num);
    let reuse = result
        .reuse
        .into_iter()
        .filter_map(|r| {
            let a = nums[*position.get(r.documents[0].as_str())?];
            let b = nums[*position.get(r.documents[1].as_str())?];
            let involves_new = a >= first_new || b >= first_new;
            let canonical = |n: i64| {
                !is_copy.contains(&n) && canonical_of_stored.get(&n).is_none_or(|&c| c == n)
            };
            (involves_new && canonical(a) && canonical(b)).then(|| (a.min(b), a.max(b), r.passages))
        })
        .collect();
    Ok(reuse)
}

/// A stored document: its metadata (stored as JSON without the text) and
/// its text.
fn stored_document(num: i64, doc: &str, text: String) -> Result<Document> {
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
    let mut store_terms =
        tx.prepare_cached("INSERT INTO cluster_terms (num, terms, excluded) VALUES (?1, ?2, ?3)")?;
    let json = |value: &dyn erased::Json| value.to_json();
    for (new, terms) in news.iter().zip(terms) {
        let doc = &new.prepared.document;
        let metadata = Document {
            text: String::new(),
            ..doc.clone()
        };
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
            json(&metadata),
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
    let mut shared =
        tx.prepare_cached("INSERT OR REPLACE INTO reuse (a, b, passages) VALUES (?1, ?2, ?3)")?;
    for (a, b, passages) in reuse {
        shared.execute(params![a, b, json(passages)])?;
    }
    Ok(())
}

/// JSON of anything serializable, without a generic parameter at each call.
mod erased {
    pub(super) trait Json {
        fn to_json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self).expect("plain data serializes")
        }
    }
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

/// Writes the clustering's events and stories: rebuilds the events whose
/// canonical copies changed or that gained copies, removes those that no
/// longer exist, and regroups stories.
fn regroup(
    tx: &Transaction,
    clusterer: &Clusterer,
    clustering: &Clustering,
    copied: &HashSet<i64>,
    batch: i64,
    mut analyses: HashMap<i64, Analysis>,
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
    let mut exists = tx.prepare_cached("SELECT 1 FROM events WHERE id = ?1")?;
    let mut changed: Vec<usize> = Vec::new();
    for (e, event) in clustering.events.iter().enumerate() {
        let known = exists.exists([&ids[e]])?;
        if !known
            || event
                .members
                .iter()
                .any(|&m| copied.contains(&clusterer.nums[m]))
        {
            changed.push(e);
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
        insert_story.execute([&id])?;
        for &e in story {
            story_of_event[e] = id.clone();
        }
    }

    // The changed events' reports, built in parallel from what is loaded
    // here.
    let loaded: Vec<LoadedEvent> = changed
        .iter()
        .map(|&e| load_event(tx, clusterer, &clustering.events[e], &mut analyses))
        .collect::<Result<_>>()?;
    let built: Vec<(Report, EventRow)> = loaded
        .par_iter()
        .zip(&changed)
        .map(|(loaded, &e)| build_report(loaded, &story_of_event[e], options))
        .collect();

    let mut old_events = tx.prepare_cached("SELECT event FROM event_documents WHERE num = ?1")?;
    let mut stale: HashSet<String> = HashSet::new();
    for loaded in &loaded {
        for doc in &loaded.docs {
            if let Some(old) = old_events
                .query_row([doc.num], |r| r.get::<_, String>(0))
                .optional()?
            {
                stale.insert(old);
            }
        }
    }
    let mut upsert = tx.prepare_cached(
        "INSERT INTO events (id, story, title, documents, sources, first_published, last_published,
                             updated_batch, report)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET story = excluded.story, title = excluded.title,
             documents = excluded.documents, sources = excluded.sources,
             first_published = excluded.first_published, last_published = excluded.last_published,
             updated_batch = excluded.updated_batch, report = excluded.report",
    )?;
    let mut member = tx.prepare_cached(
        "INSERT INTO event_documents (num, event) VALUES (?1, ?2)
         ON CONFLICT (num) DO UPDATE SET event = excluded.event",
    )?;
    let mut clear_entities = tx.prepare_cached("DELETE FROM entities WHERE event = ?1")?;
    let mut clear_quotes = tx.prepare_cached("DELETE FROM quotes WHERE event = ?1")?;
    let mut entity = tx.prepare_cached(
        "INSERT OR REPLACE INTO entities (event, id, name, kind, aliases) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut quote = tx.prepare_cached(
        "INSERT INTO quotes (event, speaker, text, citations) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut changed_ids = Vec::new();
    for ((report, row), loaded) in built.iter().zip(&loaded) {
        let event = &report.stories[0].events[0];
        upsert.execute(params![
            event.id,
            row.story,
            event.title,
            event.documents.len() as i64,
            row.sources as i64,
            row.first_published,
            row.last_published,
            batch,
            serde_json::to_string(report).expect("reports serialize"),
        ])?;
        for doc in &loaded.docs {
            member.execute(params![doc.num, event.id])?;
        }
        clear_entities.execute([&event.id])?;
        clear_quotes.execute([&event.id])?;
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
        for q in &event.quotes {
            quote.execute(params![
                event.id,
                q.speaker,
                q.text,
                serde_json::to_string(&q.citations).expect("citations serialize"),
            ])?;
        }
        stale.remove(&event.id);
        changed_ids.push(event.id.clone());
    }
    let mut removed = Vec::new();
    for old in stale {
        // Still someone's event? (only when no document moved out of it)
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
    // Every event's story (unchanged events may have joined another story),
    // then story titles (their largest event's), then empty stories go.
    let mut set_story =
        tx.prepare_cached("UPDATE events SET story = ?2 WHERE id = ?1 AND story <> ?2")?;
    for (id, story) in ids.iter().zip(&story_of_event) {
        set_story.execute(params![id, story])?;
    }
    tx.execute(
        "UPDATE stories SET title = (
             SELECT e.title FROM events e WHERE e.story = stories.id
             ORDER BY e.documents DESC, e.id LIMIT 1)
         WHERE EXISTS (SELECT 1 FROM events e WHERE e.story = stories.id)",
        [],
    )?;
    tx.execute(
        "DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.story = stories.id)",
        [],
    )?;
    removed.sort();
    Ok(Changes {
        changed: changed_ids,
        removed,
    })
}

/// One stored document of an event being rebuilt.
struct LoadedDoc {
    num: i64,
    document: Document,
    published: Option<i64>,
    analysis: Analysis,
    excluded: Vec<Range<usize>>,
    /// Its canonical copy (stored number), when it is a copy.
    duplicate_of: Option<i64>,
    copy: Option<CopyOf>,
}

struct LoadedEvent {
    /// Canonical copies first, in clustering's order (the most central
    /// first), then the copies.
    docs: Vec<LoadedDoc>,
    canonical: usize,
    evidence: Vec<storyline_cluster::Evidence>,
    reuse: Vec<(i64, i64, Vec<Citation>)>,
}

struct EventRow {
    story: String,
    sources: usize,
    first_published: Option<String>,
    last_published: Option<String>,
}

fn load_event(
    tx: &Transaction,
    clusterer: &Clusterer,
    event: &storyline_cluster::EventCluster,
    analyses: &mut HashMap<i64, Analysis>,
) -> Result<LoadedEvent> {
    let mut load = tx.prepare_cached(
        "SELECT d.doc, d.text, d.published_at, d.duplicate_of, d.duplicate, t.excluded, a.analysis
         FROM documents d LEFT JOIN cluster_terms t USING (num) JOIN analyses a USING (num)
         WHERE d.num = ?1",
    )?;
    let mut copies =
        tx.prepare_cached("SELECT num FROM documents WHERE duplicate_of = ?1 ORDER BY num")?;
    let mut reuse = tx.prepare_cached("SELECT a, b, passages FROM reuse WHERE a = ?1 OR b = ?1")?;
    let canonical: Vec<i64> = event.members.iter().map(|&m| clusterer.nums[m]).collect();
    let mut nums = canonical.clone();
    for &c in &canonical {
        let of: Vec<i64> = copies
            .query_map([c], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        nums.extend(of);
    }
    let mut docs = Vec::with_capacity(nums.len());
    for &num in &nums {
        type Row = (
            String,
            String,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<String>,
            String,
        );
        let (doc, text, published, duplicate_of, duplicate, excluded, analysis): Row = load
            .query_row([num], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?;
        let corrupt = |what: &str, e: serde_json::Error| {
            Error::Corrupt(format!("document {num}: stored {what}: {e}"))
        };
        let analysis = match analyses.remove(&num) {
            Some(a) => a,
            None => serde_json::from_str(&analysis).map_err(|e| corrupt("analysis", e))?,
        };
        docs.push(LoadedDoc {
            num,
            document: stored_document(num, &doc, text)?,
            published,
            analysis,
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
    let members: HashSet<i64> = canonical.iter().copied().collect();
    let mut pairs = Vec::new();
    for &c in &canonical {
        let rows: Vec<(i64, i64, String)> = reuse
            .query_map([c], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (a, b, passages) in rows {
            // Each pair once (from its smaller end), within the event.
            if a == c && members.contains(&b) {
                let passages = serde_json::from_str(&passages)
                    .map_err(|e| Error::Corrupt(format!("reuse {a}-{b}: {e}")))?;
                pairs.push((a, b, passages));
            }
        }
    }
    Ok(LoadedEvent {
        docs,
        canonical: canonical.len(),
        evidence: event.evidence.clone(),
        reuse: pairs,
    })
}

/// The report of one event: the same steps as `storyline analyze` runs per
/// event (membership evidence, entities, quotes, numbers, differences,
/// brief, timeline), on the event's documents.
fn build_report(loaded: &LoadedEvent, story: &str, options: &IngestOptions) -> (Report, EventRow) {
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
                .map(|c| &c.document.id)
                .collect(),
            shared_passages: passages_with.remove(&doc.num).unwrap_or_default(),
        })
        .collect();
    let event = storyline_pipeline::event_of(&members, &options.pipeline.cluster);
    let mut stories = vec![Story {
        id: story.to_string(),
        title: event.title.clone(),
        events: vec![event],
    }];
    let facts: Vec<FactDoc> = loaded
        .docs
        .iter()
        .map(|d| FactDoc {
            document: &d.document,
            analysis: &d.analysis,
            published: d.published,
        })
        .collect();
    let entities =
        storyline_pipeline::attach_facts(&facts, &mut stories, options.pipeline.brief_sentences);

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
            let mut entry = DocumentEntry::from_document(
                Document {
                    text: String::new(),
                    ..d.document.clone()
                },
                false,
            );
            entry.length = d.document.text.len();
            entry.duplicate_of = d.duplicate_of.map(|c| id_of(c).clone());
            entry
        })
        .collect();
    let mut outlets: HashSet<&str> = HashSet::new();
    let mut unnamed = 0;
    for d in &loaded.docs {
        match d.document.outlet.as_deref() {
            Some(o) => {
                outlets.insert(o);
            }
            None => unnamed += 1,
        }
    }
    let times = loaded.docs.iter().filter_map(|d| d.published);
    let row = EventRow {
        story: story.to_string(),
        sources: outlets.len() + unnamed,
        first_published: times.clone().min().map(rfc3339),
        last_published: times.max().map(rfc3339),
    };
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
    (report, row)
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

/// Seconds since the epoch as RFC 3339 in UTC (sorts as text).
fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_string())
        .unwrap_or_default()
}
