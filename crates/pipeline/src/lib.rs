//! The pipeline: runs the stages of `docs/architecture.md` in order over a
//! stream of inputs and assembles the [`Report`].
//!
//! Inputs are read by one thread (reading and decompressing are
//! sequential by nature) and handed over in batches through a bounded
//! channel; each batch is decoded and normalized on all cores, and folded
//! into the report in input order, so a run's output does not depend on
//! thread timing. At most a few batches are in memory at once: memory is
//! bounded by the batch size, not by the input size.
//!
//! This crate wires stages together and owns nothing else: each stage's
//! logic lives in its own crate.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;

use rayon::prelude::*;
use storyline_core::{Defect, Document, DocumentEntry, DocumentId, InputError, Report};
use storyline_dedup::{CorpusDoc, DocDedup};

mod events;
mod facts;

pub use events::{
    EventMember, clustering_terms, event_id, event_of, event_title, story_id, story_of,
};
pub use facts::{FactDoc, attach as attach_facts};
use storyline_read::{Input, Raw};
use storyline_text::Normalized;

/// What a run is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Include each document's text in the report (`documents[].text`).
    pub with_text: bool,
    /// Thresholds and policies of the dedup stages.
    pub dedup: storyline_dedup::Config,
    /// Weights and thresholds of event and story clustering.
    pub cluster: storyline_cluster::Config,
    /// Sentences in each event's brief.
    pub brief_sentences: usize,
    /// Records per batch handed to the worker threads.
    pub batch_records: usize,
    /// Bytes per batch (whichever limit comes first).
    pub batch_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            with_text: false,
            dedup: storyline_dedup::Config::default(),
            cluster: storyline_cluster::Config::default(),
            brief_sentences: storyline_brief::DEFAULT_SENTENCES,
            batch_records: 512,
            batch_bytes: 16 << 20,
        }
    }
}

/// Told about progress as the run goes (the command-line tool draws a
/// progress bar and prints errors as they happen).
pub trait Observer: Sync {
    fn document(&self, _doc: &Document) {}
    fn error(&self, _error: &InputError) {}
    /// A stage over the whole corpus begins (after all documents are read).
    fn stage(&self, _name: &str) {}
}

/// An observer that ignores everything.
pub struct Quiet;
impl Observer for Quiet {}

/// A document after the stages that work on one document at a time.
pub struct Prepared {
    pub document: Document,
    pub normalized: Normalized,
    /// Clean and fingerprint (absent when only reading was asked for).
    pub dedup: Option<DocDedup>,
    /// Sentences, mentions, quotes, quantities, dates and attributions,
    /// with spans into `document.text` (absent when only reading was asked
    /// for).
    pub analysis: Option<storyline_analyze::Analysis>,
}

/// Runs the pipeline over `paths` (files, directories, `-` for standard
/// input).
pub fn analyze(paths: &[PathBuf], options: &Options, observer: &dyn Observer) -> Report {
    let mut report = Report::default();
    // What the corpus stages need of each document: its normalized text is
    // dropped here, to be made again only for documents in a match.
    let mut prepared = Vec::new();
    for_each_prepared(paths, options, Stages::All, observer, |item| match item {
        Ok(p) => prepared.push(Retained {
            document: p.document,
            dedup: p.dedup.expect("analyze runs every stage"),
            analysis: p.analysis.expect("analyze runs every stage"),
        }),
        Err(error) => report.errors.push(error),
    });
    let duplicate_of = corpus_stages(&mut prepared, options, observer, &mut report);
    for (p, duplicate_of) in prepared.into_iter().zip(duplicate_of) {
        let doc = p.document;
        report.stats.text_bytes += doc.text.len() as u64;
        let mut entry = DocumentEntry::from_document(doc, options.with_text);
        entry.duplicate_of = duplicate_of;
        report.documents.push(entry);
    }
    report.stats.documents = report.documents.len();
    report.stats.errors = report.errors.len();
    report
}

/// The stages that need the whole corpus: boilerplate, duplicate groups,
/// shared passages. Returns, per document, the canonical copy it
/// duplicates.
fn corpus_stages(
    prepared: &mut [Retained],
    options: &Options,
    observer: &dyn Observer,
    report: &mut Report,
) -> Vec<Option<DocumentId>> {
    let config = &options.dedup;
    observer.stage("finding boilerplate");
    let defects = {
        let mut view: Vec<(Option<&str>, &str, &mut DocDedup)> = prepared
            .iter_mut()
            .map(|p| {
                (
                    p.document.outlet.as_deref(),
                    p.document.text.as_str(),
                    &mut p.dedup,
                )
            })
            .collect();
        // One run sees the whole input: nothing was seen before it.
        storyline_dedup::apply_boilerplate(&mut view, config, &Default::default())
    };
    for (p, defect) in prepared.iter_mut().zip(defects) {
        p.document.defects.extend(defect);
    }
    let published: Vec<Option<i64>> = prepared
        .iter()
        .map(|p| {
            p.document
                .published
                .as_deref()
                .and_then(storyline_read::published_seconds)
        })
        .collect();
    let docs: Vec<CorpusDoc> = prepared
        .iter()
        .zip(&published)
        .map(|(p, published)| CorpusDoc {
            id: &p.document.id,
            outlet: p.document.outlet.as_deref(),
            published: *published,
            text: &p.document.text,
            dedup: &p.dedup,
        })
        .collect();
    observer.stage("grouping duplicates and finding shared passages");
    let result = storyline_dedup::dedup_corpus(&docs, config);
    drop(docs);
    report.duplicates = result.groups;
    report.reuse = result.reuse;
    report.stats.dedup_index_bytes = result.index_bytes as u64;
    observer.stage("clustering events and stories");
    report.stories = events::stories(
        prepared_view(prepared),
        &result.duplicate_of,
        &published,
        &report.reuse,
        &options.cluster,
    );
    observer.stage("resolving entities, quotes and numbers; reconciling; briefs");
    let fact_docs: Vec<facts::FactDoc> = prepared
        .iter()
        .zip(&published)
        .map(|(p, &published)| facts::FactDoc {
            document: &p.document,
            analysis: &p.analysis,
            published,
        })
        .collect();
    report.entities = facts::attach(&fact_docs, &mut report.stories, options.brief_sentences);
    result
        .duplicate_of
        .iter()
        .map(|c| c.map(|c| prepared[c].document.id.clone()))
        .collect()
}

fn prepared_view(prepared: &[Retained]) -> Vec<events::Doc<'_>> {
    prepared
        .iter()
        .map(|p| events::Doc {
            document: &p.document,
            excluded: &p.dedup.excluded,
        })
        .collect()
}

/// Decodes one record and runs the per-document stages on it (normalize,
/// clean, fingerprint, analyze): what an incremental ingest does to each
/// new document.
pub fn prepare_record(raw: Raw, options: &Options) -> Result<Prepared, InputError> {
    storyline_read::decode(raw).map(|doc| prepare(doc, Stages::All, &options.dedup))
}

/// Finds the document with id `id` among `paths`, with ids assigned
/// exactly as [`analyze`] assigns them.
pub fn find_document(paths: &[PathBuf], id: &str, options: &Options) -> Option<Prepared> {
    let mut found = None;
    // Ids depend on every input before the match (renamed duplicates), so
    // the whole run is read the same way `analyze` reads it.
    for_each_prepared(paths, options, Stages::ReadOnly, &Quiet, |item| {
        if found.is_none()
            && let Ok(prepared) = item
            && prepared.document.id.as_str() == id
        {
            found = Some(prepared);
        }
    });
    found
}

/// Reads, decodes and normalizes every input, calling `sink` with each
/// document or error in input order.
fn for_each_prepared(
    paths: &[PathBuf],
    options: &Options,
    stages: Stages,
    observer: &dyn Observer,
    mut sink: impl FnMut(Result<Prepared, InputError>),
) {
    let mut ids = IdRegistry::default();
    let expanded = storyline_read::expand(paths);
    for error in expanded.errors {
        observer.error(&error);
        sink(Err(error));
    }
    let inputs = expanded.inputs;
    let (batch_records, batch_bytes) = (options.batch_records.max(1), options.batch_bytes.max(1));
    // Two batches in flight: one being decoded, one being read.
    let (tx, rx) = mpsc::sync_channel::<Vec<Result<Raw, InputError>>>(1);
    std::thread::scope(|scope| {
        scope.spawn(move || read_batches(&inputs, batch_records, batch_bytes, tx));
        for batch in rx {
            let prepared: Vec<Result<Prepared, InputError>> = batch
                .into_par_iter()
                .map(|record| {
                    record
                        .and_then(storyline_read::decode)
                        .map(|doc| prepare(doc, stages, &options.dedup))
                })
                .collect();
            for item in prepared {
                let item = item.map(|mut p| {
                    ids.assign(&mut p.document);
                    p
                });
                match &item {
                    Ok(p) => observer.document(&p.document),
                    Err(e) => observer.error(e),
                }
                sink(item);
            }
        }
    });
}

fn read_batches(
    inputs: &[Input],
    batch_records: usize,
    batch_bytes: usize,
    tx: mpsc::SyncSender<Vec<Result<Raw, InputError>>>,
) {
    let mut batch = Vec::with_capacity(batch_records);
    let mut bytes = 0;
    for input in inputs {
        for record in storyline_read::records(input) {
            bytes += record.as_ref().map_or(0, |r| r.bytes.len());
            batch.push(record);
            if batch.len() >= batch_records || bytes >= batch_bytes {
                if tx.send(std::mem::take(&mut batch)).is_err() {
                    return;
                }
                bytes = 0;
            }
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(batch);
    }
}

/// A document kept for the corpus stages.
struct Retained {
    document: Document,
    dedup: DocDedup,
    analysis: storyline_analyze::Analysis,
}

/// Which per-document stages to run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stages {
    /// Read and normalize: enough to print a document's text.
    ReadOnly,
    All,
}

/// The per-document stages after reading.
fn prepare(mut document: Document, stages: Stages, config: &storyline_dedup::Config) -> Prepared {
    let normalized = storyline_text::normalize(&document.text);
    let dedup = (stages == Stages::All).then(|| {
        let prepared = storyline_dedup::prepare(&normalized, config);
        document.defects.extend(prepared.defect);
        prepared.dedup
    });
    // Analysis reads the document's own text, so its spans are citations
    // as they are. Rules over free text are the likeliest place for an
    // unforeseen input to trip an assertion: one document then loses its
    // analysis, says so in a defect, and the run goes on.
    let analysis = (stages == Stages::All).then(|| {
        let published = document
            .published
            .as_deref()
            .and_then(storyline_read::published_seconds);
        let text = &document.text;
        match std::panic::catch_unwind(|| storyline_analyze::analyze(text, published)) {
            Ok(analysis) => analysis,
            Err(_) => {
                document.defects.push(Defect::new(
                    "analysis-failed",
                    Vec::new(),
                    "the analyze stage failed on this text; it has no quotes, entities or numbers"
                        .to_string(),
                ));
                storyline_analyze::Analysis::default()
            }
        }
    });
    Prepared {
        document,
        normalized,
        dedup,
        analysis,
    }
}

/// Keeps ids unique within a run. Two inputs can claim one id (files of the
/// same name in different directories, identical records without an id);
/// the later one is renamed `id~2`, `id~3`, ... in input order, and says so
/// in a `duplicate-id` defect.
#[derive(Default)]
struct IdRegistry {
    seen: HashMap<String, u32>,
}

impl IdRegistry {
    fn assign(&mut self, doc: &mut Document) {
        let count = self.seen.entry(doc.id.0.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            return;
        }
        let original = doc.id.0.clone();
        let mut n = *count;
        let renamed = loop {
            let candidate = format!("{original}~{n}");
            if !self.seen.contains_key(&candidate) {
                break candidate;
            }
            n += 1;
        };
        self.seen.insert(renamed.clone(), 1);
        doc.defects.push(Defect::new(
            "duplicate-id",
            Vec::new(),
            format!("id `{original}` is taken by an earlier input; renamed `{renamed}`"),
        ));
        doc.id = DocumentId(renamed);
    }
}
