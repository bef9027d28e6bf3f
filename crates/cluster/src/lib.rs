//! Events and stories (stage 7 of the pipeline).
//!
//! An *event* is one happening reported by several outlets; a *story* is
//! the ongoing topic its events belong to. Documents are compared on
//! weighted term vectors of their body, title and the names they mention
//! ([`features`]), softened by publication time when it is known; events are
//! found by average-link agglomeration over a sparse similarity graph (only
//! documents that share a distinctive term are ever compared), and stories
//! by the same agglomeration over the events, at a lower threshold.
//!
//! Average-link agglomeration depends only on the similarity graph, so the
//! partition does not depend on the order documents arrive in.

pub mod features;
mod hac;

use std::collections::HashMap;

use rayon::prelude::*;

pub use features::{DocTerms, Sparse, doc_terms};

/// The first sentence of a text, as a byte range of it: a title in the
/// source's own words for an article that has none. Ends at the first
/// `.`, `!` or `?` followed by white space (after at least 20 bytes), or
/// at the end of the first line.
pub fn lead_span(text: &str) -> std::ops::Range<usize> {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let line = &rest[..line_end];
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        if i >= 20 && matches!(c, '.' | '!' | '?') {
            let after = &line[i + c.len_utf8()..];
            if after.is_empty() || after.starts_with(char::is_whitespace) {
                end = i + c.len_utf8();
                break;
            }
        }
    }
    start..start + line[..end].trim_end().len()
}

/// Weights and thresholds of clustering. The event threshold's default is
/// the one that splits the repository's own example corpus as its ground
/// truth says (`examples/README.md`); it is not fitted on evaluation data.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub body_weight: f32,
    pub names_weight: f32,
    pub title_weight: f32,
    /// Average similarity at or above which two groups of documents are one
    /// event.
    pub event_threshold: f32,
    /// The same for two events of one story.
    pub story_threshold: f32,
    /// Publication times this many days apart halve the time factor's
    /// distance to its floor (a Gaussian of this standard deviation).
    pub time_sigma_days: f32,
    /// The lowest the time factor goes: strong enough content still joins
    /// documents published far apart.
    pub time_floor: f32,
    /// Terms per document that find candidates.
    pub candidate_terms: usize,
    /// Whether publication times count.
    pub use_dates: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            body_weight: 0.5,
            names_weight: 0.3,
            title_weight: 0.2,
            event_threshold: 0.15,
            story_threshold: 0.08,
            time_sigma_days: 7.0,
            time_floor: 0.5,
            candidate_terms: 40,
            use_dates: true,
        }
    }
}

/// A document as clustering sees it.
pub struct ClusterDoc<'a> {
    pub terms: &'a DocTerms,
    /// Seconds since the epoch.
    pub published: Option<i64>,
}

/// The events and stories of a corpus, by document position.
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    pub events: Vec<EventCluster>,
    /// Each story's events (positions in `events`).
    pub stories: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventCluster {
    /// Member documents, the most central first.
    pub members: Vec<usize>,
    /// Why each member is in the event, in the order of `members`.
    pub evidence: Vec<Evidence>,
}

/// Why a document is in its event.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Average similarity to the other members (1 for a lone document).
    pub score: f32,
    /// The terms it shares most with the rest of the event (term ids of
    /// [`DocTerms`]; `doc_terms(.., true)` gives their readable forms).
    pub shared_terms: Vec<u64>,
    /// The names it shares most with the rest of the event.
    pub shared_names: Vec<u64>,
    /// Days between its publication and the event's median, when known.
    pub days_from_event: Option<f32>,
}

/// A document's weighted, unit-length vectors.
struct Vectors {
    body: Sparse,
    names: Sparse,
    title: Sparse,
}

/// Clusters documents into events and events into stories.
pub fn cluster(docs: &[ClusterDoc], config: &Config) -> Clustering {
    let n = docs.len();
    let vectors = weigh(docs);
    let similarity = |a: usize, b: usize| -> f32 {
        let (va, vb) = (&vectors[a], &vectors[b]);
        let content = config.body_weight * cosine(&va.body, &vb.body)
            + config.names_weight * cosine(&va.names, &vb.names)
            + config.title_weight * cosine(&va.title, &vb.title);
        content * time_factor(docs[a].published, docs[b].published, config)
    };
    // Candidate pairs: documents sharing one of their most distinctive terms.
    let keys: Vec<Vec<u64>> = vectors
        .iter()
        .map(|v| top_terms(v, config.candidate_terms))
        .collect();
    let edges = candidate_edges(&keys, n, similarity);
    let events = hac::average_link(n, &edges, config.event_threshold);

    // Stories: the same over event centroids.
    let centroids: Vec<Vectors> = events
        .iter()
        .map(|members| centroid(members.iter().map(|&d| &vectors[d])))
        .collect();
    let event_time: Vec<Option<i64>> = events
        .iter()
        .map(|m| median_time(m.iter().map(|&d| docs[d].published)))
        .collect();
    let event_keys: Vec<Vec<u64>> = centroids
        .iter()
        .map(|v| top_terms(v, config.candidate_terms))
        .collect();
    let story_edges = candidate_edges(&event_keys, events.len(), |a, b| {
        let (va, vb) = (&centroids[a], &centroids[b]);
        let content = config.body_weight * cosine(&va.body, &vb.body)
            + config.names_weight * cosine(&va.names, &vb.names)
            + config.title_weight * cosine(&va.title, &vb.title);
        // Stories last: time matters less between events than within one.
        content
            * time_factor(
                event_time[a],
                event_time[b],
                &Config {
                    time_sigma_days: config.time_sigma_days * 8.0,
                    ..config.clone()
                },
            )
    });
    let stories = hac::average_link(events.len(), &story_edges, config.story_threshold);

    let events = events
        .into_iter()
        .zip(&centroids)
        .zip(&event_time)
        .map(|((members, center), time)| {
            explain(members, center, *time, &vectors, docs, &similarity)
        })
        .collect();
    Clustering { events, stories }
}

/// IDF-weighted, unit-length vectors for every document.
fn weigh(docs: &[ClusterDoc]) -> Vec<Vectors> {
    let n = docs.len() as f32;
    let df = |field: fn(&DocTerms) -> &Vec<(u64, u32)>| {
        let mut df: HashMap<u64, u32> = HashMap::new();
        for d in docs {
            for (t, _) in field(d.terms) {
                *df.entry(*t).or_default() += 1;
            }
        }
        df
    };
    let (df_body, df_names, df_title) = (df(|t| &t.body), df(|t| &t.names), df(|t| &t.title));
    let weigh_one = |terms: &[(u64, u32)], df: &HashMap<u64, u32>| -> Sparse {
        let mut v: Sparse = terms
            .iter()
            .map(|&(t, tf)| {
                let idf = (1.0 + n / df[&t] as f32).ln();
                (t, (1.0 + (tf as f32).ln()) * idf)
            })
            .collect();
        normalize(&mut v);
        v
    };
    docs.iter()
        .map(|d| Vectors {
            body: weigh_one(&d.terms.body, &df_body),
            names: weigh_one(&d.terms.names, &df_names),
            title: weigh_one(&d.terms.title, &df_title),
        })
        .collect()
}

fn normalize(v: &mut Sparse) {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// Dot product of two sorted sparse vectors.
pub fn cosine(a: &Sparse, b: &Sparse) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

fn time_factor(a: Option<i64>, b: Option<i64>, config: &Config) -> f32 {
    match (a, b) {
        (Some(a), Some(b)) if config.use_dates => {
            let days = (a - b).abs() as f32 / 86_400.0;
            let g = (-(days / config.time_sigma_days).powi(2) / 2.0).exp();
            config.time_floor + (1.0 - config.time_floor) * g
        }
        _ => 1.0,
    }
}

/// The `k` heaviest body terms and the `k / 2` heaviest names: the keys
/// that find a document's candidates.
fn top_terms(v: &Vectors, k: usize) -> Vec<u64> {
    let heaviest = |field: &Sparse, k: usize| {
        let mut field = field.clone();
        field.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        field
            .into_iter()
            .take(k)
            .map(|(t, _)| t)
            .collect::<Vec<u64>>()
    };
    let mut keys = heaviest(&v.body, k);
    keys.extend(
        heaviest(&v.names, k / 2)
            .into_iter()
            .map(|t| t ^ 0x6e61_6d65),
    );
    keys
}

/// Keys held by more documents than this say nothing distinctive about an
/// event, and would make candidate search quadratic.
const MAX_KEY_POSTINGS: usize = 100;

/// Candidates compared per document: those sharing the most keys with it.
const NEIGHBORS: usize = 30;

/// The similarity graph: each document is compared with the `NEIGHBORS`
/// documents that share the most keys with it (a bounded k-nearest-
/// neighbour graph, so the work grows linearly with the corpus), and pairs
/// with no similarity are dropped.
fn candidate_edges(
    keys: &[Vec<u64>],
    n: usize,
    similarity: impl Fn(usize, usize) -> f32 + Sync,
) -> Vec<(usize, usize, f32)> {
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (d, ks) in keys.iter().enumerate() {
        for &k in ks {
            postings.entry(k).or_default().push(d);
        }
    }
    let mut pairs: Vec<(usize, usize)> = (0..n)
        .into_par_iter()
        .flat_map_iter(|a| {
            let mut shared: HashMap<usize, u32> = HashMap::new();
            for k in &keys[a] {
                let docs = &postings[k];
                if docs.len() <= MAX_KEY_POSTINGS {
                    for &b in docs.iter().filter(|&&b| b != a) {
                        *shared.entry(b).or_default() += 1;
                    }
                }
            }
            let mut best: Vec<(u32, usize)> = shared.into_iter().map(|(b, c)| (c, b)).collect();
            best.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
            best.into_iter()
                .take(NEIGHBORS)
                .map(move |(_, b)| (a.min(b), a.max(b)))
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
        .into_par_iter()
        .map(|(a, b)| (a, b, similarity(a, b)))
        .filter(|&(_, _, s)| s > 0.0)
        .collect()
}

fn centroid<'a>(vectors: impl Iterator<Item = &'a Vectors>) -> Vectors {
    let mut body: HashMap<u64, f32> = HashMap::new();
    let mut names: HashMap<u64, f32> = HashMap::new();
    let mut title: HashMap<u64, f32> = HashMap::new();
    for v in vectors {
        for (t, w) in &v.body {
            *body.entry(*t).or_default() += w;
        }
        for (t, w) in &v.names {
            *names.entry(*t).or_default() += w;
        }
        for (t, w) in &v.title {
            *title.entry(*t).or_default() += w;
        }
    }
    let finish = |m: HashMap<u64, f32>| {
        let mut v: Sparse = m.into_iter().collect();
        v.sort_unstable_by_key(|(t, _)| *t);
        normalize(&mut v);
        v
    };
    Vectors {
        body: finish(body),
        names: finish(names),
        title: finish(title),
    }
}

fn median_time(times: impl Iterator<Item = Option<i64>>) -> Option<i64> {
    let mut known: Vec<i64> = times.flatten().collect();
    if known.is_empty() {
        return None;
    }
    known.sort_unstable();
    Some(known[known.len() / 2])
}

/// Orders an event's members by centrality and says why each belongs.
fn explain(
    members: Vec<usize>,
    center: &Vectors,
    time: Option<i64>,
    vectors: &[Vectors],
    docs: &[ClusterDoc],
    similarity: &impl Fn(usize, usize) -> f32,
) -> EventCluster {
    let score = |d: usize| -> f32 {
        if members.len() == 1 {
            return 1.0;
        }
        let sum: f32 = members
            .iter()
            .filter(|&&o| o != d)
            .map(|&o| similarity(d, o))
            .sum();
        sum / (members.len() - 1) as f32
    };
    let mut scored: Vec<(usize, f32)> = members.iter().map(|&d| (d, score(d))).collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let shared = |own: &Sparse, center: &Sparse| -> Vec<u64> {
        let mut contributions: Vec<(f32, u64)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < own.len() && j < center.len() {
            match own[i].0.cmp(&center[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    contributions.push((own[i].1 * center[j].1, own[i].0));
                    i += 1;
                    j += 1;
                }
            }
        }
        contributions.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        contributions.iter().take(6).map(|(_, t)| *t).collect()
    };
    let evidence = scored
        .iter()
        .map(|&(d, score)| Evidence {
            score,
            shared_terms: shared(&vectors[d].body, &center.body),
            shared_names: shared(&vectors[d].names, &center.names),
            days_from_event: match (docs[d].published, time) {
                (Some(p), Some(t)) => Some((p - t) as f32 / 86_400.0),
                _ => None,
            },
        })
        .collect();
    EventCluster {
        members: scored.iter().map(|&(d, _)| d).collect(),
        evidence,
    }
}
