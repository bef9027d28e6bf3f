//! Events and stories (stage 7 of the pipeline).
//!
//! An *event* is one happening reported by several outlets; a *story* is
//! the ongoing topic its events belong to. Two documents are compared on
//! pairwise features (cosines of weighted terms of body, title, lead, names
//! and numbers; publication days apart; years and months mentioned: see
//! [`vectors`]) that a small learned model turns into the probability that
//! they report one happening ([`model`]). Events are found by average-link
//! agglomeration over the sparse graph of likely pairs, which documents
//! join as they arrive ([`online`]); stories by agglomerating the events'
//! centroids at a lower threshold.
//!
//! Average-link agglomeration depends only on the graph, so a batch does
//! not depend on the order of its documents; fed in pieces, the result
//! stays close to the batch result (`tests/online.rs` measures how close).

pub mod background;
pub mod features;
mod hac;
pub mod model;
pub mod online;
mod tolls;
pub mod vectors;

use std::collections::HashMap;

use rayon::prelude::*;

pub use background::{Background, shipped_background};
pub use features::{DocTerms, Sparse, doc_terms};
pub use model::{FitParams, PairModel, fit};
pub use online::Online;
use vectors::Vectors;
pub use vectors::{FEATURE_DIRECTIONS, FEATURE_NAMES, Features, cosine};

/// The pair model that ships with storyline, as text (see [`model`]).
pub const SHIPPED_MODEL: &str = include_str!("../model/events.model");

/// The shipped pair model, read once.
pub fn shipped_model() -> &'static PairModel {
    static MODEL: std::sync::OnceLock<PairModel> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        PairModel::from_text(SHIPPED_MODEL).expect("the shipped model is tested to read")
    })
}

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

/// Thresholds and weights of clustering.
///
/// Documents join an event on the pair model's probability that two
/// documents report one happening ([`model`]); events join a story on a
/// weighted similarity of their centroids, softened by the time between
/// them.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The pair model; `None` is the one that ships ([`shipped_model`]).
    pub model: Option<std::sync::Arc<PairModel>>,
    /// Average pair probability at or above which two groups of documents
    /// are one event.
    pub event_threshold: f32,
    /// A document that agglomeration leaves alone joins the event it is
    /// most likely one with, when its average probability with that event's
    /// documents reaches this (`None`: lone documents stay alone). A second
    /// report of an event often tells a later turn of it, which shares less
    /// with the first reports than they share with each other; alone, it
    /// has no other event to be compared with.
    pub attach_threshold: Option<f32>,
    /// Weights of the story-level similarity of two events' centroids.
    pub body_weight: f32,
    pub names_weight: f32,
    pub title_weight: f32,
    /// Average centroid similarity at or above which two events are one
    /// story.
    pub story_threshold: f32,
    /// Events this many days apart halve the story similarity's distance to
    /// its floor (a Gaussian of this standard deviation).
    pub time_sigma_days: f32,
    /// The lowest the time factor goes: strong enough content still joins
    /// events far apart into one story.
    pub time_floor: f32,
    /// Terms per document that find candidates.
    pub candidate_terms: usize,
    /// Whether publication times count.
    pub use_dates: bool,
    /// Two reports whose closest death tolls are this many times apart
    /// (seven killed against twelve) are taken not to report one
    /// happening, whatever else they share, unless they were published
    /// within a day of each other, when a toll is still being counted
    /// (`None`: no veto). The pair then counts against one event in the
    /// averages that form events (see `online::VETO_SIMILARITY`).
    pub toll_veto: Option<f32>,
    /// With dates, how much more evidence two documents published more than
    /// [`Config::time_grace_days`] apart need: the pair model's probability
    /// is raised to the power `1 + (days apart - grace) / this` (at 120 and
    /// a grace of 30, a pair 150 days apart keeps 0.9 as 0.81 and 0.6 as
    /// 0.36). A thread reported in strong, shared terms stays one event; a
    /// story's recurring topic does not become one. `None`: the pair model
    /// alone weighs time.
    pub time_strictness_days: Option<f32>,
    /// Days apart within which time asks no more evidence than the pair
    /// model does: an event's first reports and its follow-ups. The default,
    /// 30, keeps month-long threads (a breach, its fallout, the apology) as
    /// one event, as giveme5w1h's gold does; a few days keeps each happening
    /// of a story apart (docs/clustering.md, "Other news, labelled").
    pub time_grace_days: f32,
    /// Online only: close events whose documents are all this many days
    /// older than the latest publication seen, so that memory follows the
    /// window (`None`: keep everything open).
    pub window_days: Option<f32>,
}

/// How much of a story one event holds, with dates: the time settings
/// ([`Config::time_grace_days`], [`Config::time_strictness_days`]) that
/// suit each reading of "event".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventGrain {
    /// A happening and its developments over weeks (a breach, its fallout,
    /// the apology two months later): giveme5w1h's gold, and the default.
    #[default]
    Threads,
    /// Each happening on its own (a primary's night apart from the next
    /// primary, one poll apart from the next): on hand-labelled political
    /// news, the share of joined pairs that are one happening rises from
    /// 0.30 to 0.46 (docs/clustering.md, "Other news, labelled").
    Happenings,
}

impl EventGrain {
    /// `(time_grace_days, time_strictness_days)` for this grain.
    pub fn time_settings(self) -> (f32, f32) {
        match self {
            EventGrain::Threads => (30.0, 120.0),
            EventGrain::Happenings => (3.0, 3.0),
        }
    }
}

impl Config {
    /// This configuration with the time settings of `grain`.
    pub fn with_grain(self, grain: EventGrain) -> Config {
        let (grace, strictness) = grain.time_settings();
        Config {
            time_grace_days: grace,
            time_strictness_days: Some(strictness),
            ..self
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            model: None,
            event_threshold: 0.5,
            attach_threshold: Some(0.3),
            body_weight: 0.5,
            names_weight: 0.3,
            title_weight: 0.2,
            story_threshold: 0.08,
            time_sigma_days: 56.0,
            time_floor: 0.5,
            candidate_terms: 40,
            use_dates: true,
            toll_veto: Some(1.5),
            time_strictness_days: None,
            time_grace_days: 0.0,
            window_days: None,
        }
        .with_grain(EventGrain::default())
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
    /// What it was compared with: [`Config::event_threshold`], or
    /// [`Config::attach_threshold`] for a document that joined alone.
    pub threshold: f32,
    /// The terms it shares most with the rest of the event (term ids of
    /// [`DocTerms`]; `doc_terms(.., true)` gives their readable forms).
    pub shared_terms: Vec<u64>,
    /// The names it shares most with the rest of the event.
    pub shared_names: Vec<u64>,
    /// Days between its publication and the event's median, when known.
    pub days_from_event: Option<f32>,
}

/// Clusters documents into events and events into stories, all at once.
pub fn cluster(docs: &[ClusterDoc], config: &Config) -> Clustering {
    cluster_owned(
        docs.iter()
            .map(|d| (d.terms.clone(), d.published))
            .collect(),
        config,
    )
}

/// [`cluster`] for terms the caller no longer needs (no copy is made).
pub fn cluster_owned(docs: Vec<(DocTerms, Option<i64>)>, config: &Config) -> Clustering {
    let mut online = Online::new(Config {
        window_days: None,
        ..config.clone()
    });
    online.add(docs);
    online.clustering()
}

/// An event as [`stories`] sees it.
struct StoryInput<'a> {
    centroid: &'a Vectors,
    time: Option<i64>,
    /// `keys(centroid, config.candidate_terms)`.
    keys: &'a [u64],
    /// Names the summary these come from: equal serials, equal inputs.
    serial: u64,
}

/// Story similarities already computed, by the serials of the two events'
/// summaries (smaller first): a stream's regroup compares again only the
/// pairs where an event changed.
type StoryEdges = HashMap<(u64, u64), f32>;

/// Groups events into stories: average-link agglomeration over the
/// similarity of their centroids (a weighted sum of body, name and title
/// cosines), softened by the time between them. `known` keeps the
/// similarities of this call's pairs for the next.
fn stories(events: &[StoryInput], config: &Config, known: &mut StoryEdges) -> Vec<Vec<usize>> {
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (e, event) in events.iter().enumerate() {
        for &k in event.keys {
            postings.entry(k).or_default().push(e);
        }
    }
    let n = events.len();
    let mut pairs: Vec<(usize, usize)> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0u16; n], Vec::<usize>::new()),
            |(counts, touched), a| {
                for k in events[a].keys {
                    let holders = &postings[k];
                    if holders.len() <= online::MAX_KEY_POSTINGS {
                        for &b in holders.iter().filter(|&&b| b != a) {
                            if counts[b] == 0 {
                                touched.push(b);
                            }
                            counts[b] += 1;
                        }
                    }
                }
                let mut best: Vec<(u16, usize)> = touched.iter().map(|&b| (counts[b], b)).collect();
                for &b in touched.iter() {
                    counts[b] = 0;
                }
                touched.clear();
                best.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
                best.truncate(online::NEIGHBORS);
                best.into_iter()
                    .map(|(_, b)| (a.min(b), a.max(b)))
                    .collect::<Vec<_>>()
            },
        )
        .flatten_iter()
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    let serials = |a: usize, b: usize| {
        let (x, y) = (events[a].serial, events[b].serial);
        (x.min(y), x.max(y))
    };
    let scored: Vec<(usize, usize, f32)> = pairs
        .into_par_iter()
        .map(|(a, b)| {
            if let Some(&s) = known.get(&serials(a, b)) {
                return (a, b, s);
            }
            let (ea, eb) = (&events[a], &events[b]);
            let (va, vb) = (ea.centroid, eb.centroid);
            let content = config.body_weight * cosine(&va.body, &vb.body)
                + config.names_weight * cosine(&va.names, &vb.names)
                + config.title_weight * cosine(&va.title, &vb.title);
            (a, b, content * time_factor(ea.time, eb.time, config))
        })
        .collect();
    known.clear();
    known.extend(scored.iter().map(|&(a, b, s)| (serials(a, b), s)));
    let edges: Vec<(usize, usize, f32)> = scored.into_iter().filter(|&(_, _, s)| s > 0.0).collect();
    hac::average_link(events.len(), &edges, config.story_threshold)
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
