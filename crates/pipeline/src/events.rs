//! From the cluster stage's partition to the report's stories and events:
//! stable ids, titles in the sources' own words, duplicates listed with
//! their canonical copy, and the evidence for every membership.

use rayon::prelude::*;
use storyline_cluster::DocTerms;
use storyline_core::{Document, DocumentId, Event, Membership, Story};
use xxhash_rust::xxh3::xxh3_64;

/// A document as this step needs it.
pub(crate) struct Doc<'a> {
    pub document: &'a Document,
    /// Normalized ranges later stages skip (repeats, boilerplate).
    pub excluded: &'a [std::ops::Range<usize>],
}

/// Clusters the canonical copies into events and stories; each duplicate
/// joins its canonical copy's event.
pub(crate) fn stories(
    docs: Vec<Doc>,
    duplicate_of: &[Option<usize>],
    published: &[Option<i64>],
    reuse: &[storyline_core::Reuse],
    config: &storyline_cluster::Config,
) -> Vec<Story> {
    // Which documents share passages with which (by id).
    let mut passages_with: std::collections::HashMap<&str, Vec<&DocumentId>> =
        std::collections::HashMap::new();
    for r in reuse {
        let [a, b] = &r.documents;
        passages_with.entry(a.as_str()).or_default().push(b);
        passages_with.entry(b.as_str()).or_default().push(a);
    }
    let canonical: Vec<usize> = (0..docs.len())
        .filter(|&d| duplicate_of[d].is_none())
        .collect();
    // Only canonical copies are clustered, so only they need terms.
    let terms: Vec<DocTerms> = canonical
        .par_iter()
        .map(|&d| clustering_terms(&docs[d], false))
        .collect();
    let view: Vec<(DocTerms, Option<i64>)> = canonical
        .iter()
        .zip(terms)
        .map(|(&d, terms)| (terms, published[d]))
        .collect();
    let clustering = storyline_cluster::cluster_owned(view, config);
    let mut copies: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
    for (d, c) in duplicate_of.iter().enumerate() {
        if let Some(c) = c {
            copies[*c].push(d);
        }
    }
    let labels = labels_of_canonical(&docs, &canonical);
    let events: Vec<Event> = clustering
        .events
        .iter()
        .map(|event| {
            let members: Vec<usize> = event.members.iter().map(|&m| canonical[m]).collect();
            let mut documents = Vec::new();
            let mut membership = Vec::new();
            for (&d, evidence) in members.iter().zip(&event.evidence) {
                let readable = |ids: &[u64]| -> Vec<String> {
                    ids.iter()
                        .filter_map(|t| labels[d].as_ref().and_then(|l| l.get(t)).cloned())
                        .collect()
                };
                let entry = Membership {
                    document: docs[d].document.id.clone(),
                    duplicate_of: None,
                    score: round(evidence.score),
                    threshold: f64::from(config.event_threshold),
                    shared_terms: readable(&evidence.shared_terms),
                    shared_names: readable(&evidence.shared_names),
                    days_from_event: evidence.days_from_event.map(round),
                    shared_passages: passages_with
                        .get(docs[d].document.id.as_str())
                        .map(|others| {
                            let mut within: Vec<DocumentId> = others
                                .iter()
                                .filter(|o| members.iter().any(|&m| docs[m].document.id == ***o))
                                .map(|o| (*o).clone())
                                .collect();
                            within.sort();
                            within.dedup();
                            within
                        })
                        .unwrap_or_default(),
                };
                // The canonical copy, then its duplicates, which share its
                // evidence.
                let duplicates: Vec<Membership> = copies[d]
                    .iter()
                    .map(|&copy| Membership {
                        document: docs[copy].document.id.clone(),
                        duplicate_of: Some(entry.document.clone()),
                        ..entry.clone()
                    })
                    .collect();
                documents.push(entry.document.clone());
                documents.extend(duplicates.iter().map(|m| m.document.clone()));
                membership.push(entry);
                membership.extend(duplicates);
            }
            let (title, title_from) = title_of(docs[members[0]].document);
            Event {
                id: format!("e{:016x}", id_hash(&members, &docs)),
                title,
                title_from,
                documents,
                membership,
                brief: Vec::new(),
                quotes: Vec::new(),
                quantities: Vec::new(),
                conflicts: Vec::new(),
                timeline: Vec::new(),
            }
        })
        .collect();
    let mut events: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    let mut stories: Vec<Story> = clustering
        .stories
        .iter()
        .map(|story| {
            let mut evs: Vec<Event> = story.iter().filter_map(|&e| events[e].take()).collect();
            evs.sort_by(|a, b| {
                b.documents
                    .len()
                    .cmp(&a.documents.len())
                    .then(a.id.cmp(&b.id))
            });
            let ids: Vec<&str> = evs.iter().map(|e| e.id.as_str()).collect();
            Story {
                id: format!("s{:016x}", xxh3_64(ids.join("\n").as_bytes())),
                title: evs[0].title.clone(),
                events: evs,
            }
        })
        .collect();
    stories.sort_by(|a, b| {
        let size = |s: &Story| s.events.iter().map(|e| e.documents.len()).sum::<usize>();
        size(b).cmp(&size(a)).then(a.id.cmp(&b.id))
    });
    stories
}

/// A stable id for a group of documents: a hash of their sorted ids.
fn id_hash(members: &[usize], docs: &[Doc]) -> u64 {
    let mut ids: Vec<&str> = members
        .iter()
        .map(|&d| docs[d].document.id.as_str())
        .collect();
    ids.sort_unstable();
    xxh3_64(ids.join("\n").as_bytes())
}

/// The event's title: the central document's headline, else its first
/// sentence, verbatim.
fn title_of(document: &Document) -> (String, DocumentId) {
    let title = match &document.title {
        Some(t) => t.clone(),
        None => document.text[storyline_cluster::lead_span(&document.text)].to_string(),
    };
    (title, document.id.clone())
}

/// The readable forms of the canonical copies' terms, made again for the
/// evidence: keeping them from the first pass would cost a string per term
/// of every document while clustering runs.
fn labels_of_canonical(
    docs: &[Doc],
    canonical: &[usize],
) -> Vec<Option<std::collections::HashMap<u64, String>>> {
    let made: Vec<_> = canonical
        .par_iter()
        .map(|&d| clustering_terms(&docs[d], true).labels)
        .collect();
    let mut labels = vec![None; docs.len()];
    for (&d, l) in canonical.iter().zip(made) {
        labels[d] = Some(l);
    }
    labels
}

/// The terms clustering compares, from the words later stages read (outside
/// repeated passages and boilerplate).
fn clustering_terms(doc: &Doc, labels: bool) -> DocTerms {
    let normalized = storyline_text::normalize(&doc.document.text);
    let kept =
        storyline_dedup::kept_tokens(&storyline_text::tokens(normalized.text()), doc.excluded);
    let title = doc
        .document
        .title
        .as_deref()
        .map(|t| storyline_text::normalize(t).text().to_string());
    storyline_cluster::doc_terms(title.as_deref(), normalized.text(), &kept, labels)
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}
