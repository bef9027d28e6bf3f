//! Online clustering: documents arrive one at a time or in batches and join
//! events without the world being re-clustered.
//!
//! The state is a sparse similarity graph over the *active* documents. An
//! arriving document is compared with the documents that share the most
//! candidate keys with it ([`NEIGHBORS`] of them, over keys held by at most
//! [`MAX_KEY_POSTINGS`] documents), and pairs whose probability of being
//! one event reaches [`EDGE_FLOOR`] become edges. Average-link
//! agglomeration never joins groups that no edge connects, so agglomerating
//! each connected component on its own gives the same partition as
//! agglomerating the whole graph: each batch re-clusters only the
//! components its documents touched, after re-scoring their older edges
//! with the current term weights.
//!
//! Fed all at once, this *is* the batch algorithm ([`crate::cluster`]).
//! Fed in pieces, it differs only where the term weights (document
//! frequencies so far) or the candidate lists (an old document does not
//! look again for neighbours among later ones; the later one looks for it)
//! come out differently; `tests/online.rs` measures the agreement.
//!
//! With a time window and publication dates, an event whose documents are
//! all older than the window (from the latest publication seen) is closed:
//! explained, summarized by a small centroid, and its documents dropped, so
//! memory follows the active window rather than the whole stream.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::background::shipped_background;
use crate::features::DocTerms;
use crate::vectors::{
    Vectors, Weights, centroid, count_terms, keys, median_time, pair_features, shared_terms,
};
use crate::{Clustering, Config, EventCluster, Evidence, PairModel, hac, shipped_model};

/// Keys held by more active documents than this say nothing distinctive
/// about an event, and would make candidate search quadratic.
pub(crate) const MAX_KEY_POSTINGS: usize = 100;

/// Candidates compared per arriving document: those sharing the most keys
/// with it.
pub(crate) const NEIGHBORS: usize = 30;

/// Pairs less likely than this to be one event are no edge: they would
/// barely move an average, and they would join unrelated components.
pub(crate) const EDGE_FLOOR: f32 = 0.05;

/// What a vetoed pair counts in the averages of agglomeration and of
/// attaching lone documents: against one event, half as much as a sure pair
/// counts for it. A report whose toll differs from two of an event's four
/// reports stays out of it (the seeds' 002), while a differing toll or two
/// among many agreeing reports of a long event does not split it. (A hard
/// rule, never joining groups with a vetoed pair, cost giveme5w1h 0.026 of
/// held-out B-cubed F1 without dates; counting a veto as 0 lets the seeds'
/// 002 in.)
const VETO_SIMILARITY: f32 = -0.5;

/// Components larger than this are repaired locally rather than
/// re-clustered whole when a document joins them (see
/// [`Online::local_scopes`]): exact agglomeration of a component costs
/// time in its size on every batch that touches it, and a store of related
/// news soon is one component (1,100 of 1,240 documents in the load
/// benchmark's). Local repair agrees with the batch partition as well as
/// whole re-clustering does on giveme5w1h (`events --online 5` gives the
/// same agreement with limits from 2,000 down to 30), while a document
/// joining a large component costs a few milliseconds instead of fifty.
const MAX_COMPONENT: usize = 100;

/// Terms kept per field in a closed event's centroid.
const CENTROID_TERMS: usize = 200;

fn content_hash(terms: &DocTerms) -> u64 {
    let mut h = 0x9E37_79B9_7F4A_7C15u64;
    for &(t, c) in terms.body.iter().chain(&terms.title) {
        h = (h ^ t ^ u64::from(c))
            .wrapping_mul(0x100_0000_01B3)
            .rotate_left(29);
    }
    h
}

/// The pair model's probability, or `None` when the two documents give
/// death tolls too far apart to be one happening's (see
/// [`Config::toll_veto`]): such a pair weighs against one event
/// ([`VETO_SIMILARITY`]). Documents dated further apart than the grace
/// need stronger evidence ([`Config::time_strictness_days`]).
pub(crate) fn same_event_probability(
    model: &PairModel,
    features: &[f32; 13],
    config: &Config,
) -> Option<f32> {
    let (days, dated, tolls) = (features[6], features[7], features[12]);
    // Tolls rise within hours as a disaster is counted: only reports more
    // than a day apart, or undated, are held to one toll.
    let counted_together = dated > 0.0 && days < (2.0f32).ln();
    if let Some(ratio) = config.toll_veto
        && tolls >= ratio
        && !counted_together
    {
        return None;
    }
    let p = model.probability(features);
    // `days` is ln(1 + days apart).
    let beyond_grace = days.exp_m1() - config.time_grace_days;
    match config.time_strictness_days {
        Some(strictness) if dated > 0.0 && beyond_grace > 0.0 => {
            Some(p.powf(1.0 + beyond_grace / strictness))
        }
        _ => Some(p),
    }
}

/// A piece of the graph clustered again: its documents, its clusters (by
/// position in `members`) and the positions that joined a cluster alone.
struct Reclustered {
    members: Vec<u32>,
    clusters: Vec<Vec<usize>>,
    attached: Vec<usize>,
    /// Edges between older documents, scored again: `(a, b, probability)`.
    rescored: Vec<(u32, u32, f32)>,
}

/// What the candidate search found for one arriving document.
struct Neighbours {
    doc: u32,
    /// Its nearest documents, as [`Active::nearest`] keeps them.
    nearest: Vec<(u16, u32)>,
    /// Older documents that would count it among their own nearest, with
    /// the keys it shares with each.
    proposals: Vec<(u32, u16)>,
}

/// A document still open to change.
struct Active {
    terms: DocTerms,
    published: Option<i64>,
    /// The time the window judges it by: its publication, or for an undated
    /// document the latest publication seen when it arrived.
    stamp: Option<i64>,
    keys: Vec<u64>,
    /// Its [`NEIGHBORS`] nearest active documents so far, `(keys shared,
    /// document)`, nearest first (see [`Online::nearness`]). An edge joins
    /// two documents while either counts the other among these, so the
    /// stream keeps the candidate pairs a batch of the same documents
    /// would make, whatever their order.
    nearest: Vec<(u16, u32)>,
    /// `(neighbour, probability)` for every edge.
    edges: Vec<(u32, f32)>,
    /// Candidates whose death tolls rule out one event with it (see
    /// [`same_event_probability`]).
    vetoes: Vec<u32>,
    event: u32,
    /// Whether it joined its event alone, at [`Config::attach_threshold`]
    /// (see [`hac::attach_lone`]), rather than by average link.
    attached: bool,
}

/// An event that can no longer change, kept small.
struct Closed {
    cluster: EventCluster,
    centroid: Vectors,
    time: Option<i64>,
    /// The centroid's candidate keys for grouping events into stories.
    story_keys: Vec<u64>,
    /// Names this summary (unique in its `Online`): story similarities
    /// between two summaries are computed once.
    serial: u64,
}

/// The online clusterer. Documents are numbered in arrival order from 0;
/// [`Online::clustering`] reports events by these numbers.
pub struct Online {
    config: Config,
    model: Option<std::sync::Arc<PairModel>>,
    df: HashMap<u64, u32>,
    seen: usize,
    active: HashMap<u32, Active>,
    /// Whether each document number is still active (dense, for the
    /// candidate search's inner loop).
    alive: Vec<bool>,
    /// A hash of each document's terms: ties between candidates break on
    /// content, not on arrival, so a batch's result does not depend on
    /// its order.
    tiebreak: Vec<u64>,
    postings: HashMap<u64, Vec<u32>>,
    /// Postings entries of documents no longer active, removed lazily.
    stale_postings: usize,
    events: HashMap<u32, Vec<u32>>,
    next_event: u32,
    closed: Vec<Closed>,
    latest: Option<i64>,
    /// Summaries of open events, made when [`Online::clustering`] first
    /// reports them and kept while the event stays the same. An event that
    /// changes gets a new number, so a kept summary is never of other
    /// members; only its term weights are those of when it was made.
    summaries: std::sync::Mutex<Summaries>,
    next_serial: std::sync::atomic::AtomicU64,
}

/// What [`Online::clustering`] keeps from one call to the next.
#[derive(Default)]
struct Summaries {
    open: HashMap<u32, std::sync::Arc<Closed>>,
    /// Story similarities by the serials of the two summaries.
    story_edges: crate::StoryEdges,
}

impl Online {
    pub fn new(config: Config) -> Online {
        Online {
            model: config.model.clone(),
            config,
            df: HashMap::new(),
            seen: 0,
            active: HashMap::new(),
            alive: Vec::new(),
            tiebreak: Vec::new(),
            postings: HashMap::new(),
            stale_postings: 0,
            events: HashMap::new(),
            next_event: 0,
            closed: Vec::new(),
            latest: None,
            summaries: Default::default(),
            next_serial: Default::default(),
        }
    }

    fn model(&self) -> &PairModel {
        self.model.as_deref().unwrap_or_else(|| shipped_model())
    }

    /// Documents added so far.
    pub fn len(&self) -> usize {
        self.seen
    }

    pub fn is_empty(&self) -> bool {
        self.seen == 0
    }

    /// The pairs of active documents the clustering weighs, `(smaller,
    /// larger)` and sorted: candidates whose probability reached the edge
    /// floor, and vetoed ones. A batch and a stream of the same documents
    /// make the same pairs, up to the term weights each scored them with.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let mut pairs: Vec<(usize, usize)> = self
            .active
            .iter()
            .flat_map(|(&a, doc)| {
                doc.edges
                    .iter()
                    .map(|&(b, _)| b)
                    .chain(doc.vetoes.iter().copied())
                    .filter(move |&b| a < b)
                    .map(move |b| (a as usize, b as usize))
            })
            .collect();
        pairs.sort_unstable();
        pairs
    }

    /// Documents still open to change (the active window).
    pub fn active_len(&self) -> usize {
        self.active.len()
    }

    /// Adds a batch of documents (terms and publication time in seconds);
    /// returns the numbers they were given.
    pub fn add(&mut self, batch: Vec<(DocTerms, Option<i64>)>) -> std::ops::Range<usize> {
        let first = self.seen as u32;
        for (terms, published) in batch {
            count_terms(&mut self.df, &terms);
            if self.config.use_dates {
                self.latest = self.latest.max(published);
            }
            let number = self.seen as u32;
            self.seen += 1;
            self.alive.push(true);
            self.tiebreak.push(content_hash(&terms));
            let stamp = if self.config.use_dates {
                published.or(self.latest)
            } else {
                None
            };
            let event = self.next_event;
            self.next_event += 1;
            self.events.insert(event, vec![number]);
            self.active.insert(
                number,
                Active {
                    terms,
                    published,
                    stamp,
                    keys: Vec::new(),
                    nearest: Vec::new(),
                    edges: Vec::new(),
                    vetoes: Vec::new(),
                    event,
                    attached: false,
                },
            );
        }
        let new: Vec<u32> = (first..self.seen as u32).collect();
        if new.is_empty() {
            return first as usize..first as usize;
        }
        let touched = self.link(&new);
        self.recluster(&new, &touched);
        self.close_old_events();
        first as usize..self.seen
    }

    fn weights(&self) -> Weights<'_> {
        Weights {
            df: &self.df,
            documents: self.seen,
            background: shipped_background(),
        }
    }

    fn vectors_of(&self, docs: &[u32]) -> HashMap<u32, Vectors> {
        let weights = self.weights();
        docs.par_iter()
            .map(|d| (*d, weights.vectors(&self.active[d].terms)))
            .collect()
    }

    /// The order of nearness, smallest first, of a document sharing
    /// `count` keys: more keys, then ties broken on content (as
    /// [`Online::tiebreak`] says), then on number. The candidate search
    /// ranks by the same order.
    fn nearness(&self, (count, doc): (u16, u32)) -> (std::cmp::Reverse<u16>, u64, u32) {
        (std::cmp::Reverse(count), self.tiebreak[doc as usize], doc)
    }

    /// Whether `doc`, sharing `count` keys with the older document `old`,
    /// would be among `old`'s nearest.
    fn would_take(&self, old: u32, count: u16, doc: u32) -> bool {
        let nearest = &self.active[&old].nearest;
        nearest.len() < NEIGHBORS
            || self.nearness((count, doc)) < self.nearness(nearest[NEIGHBORS - 1])
    }

    /// Finds the new documents' candidates and adds the edges that reach
    /// the floor. An older document that takes a new one among its nearest
    /// drops its farthest; the edge to that one goes unless it counts the
    /// older among its own nearest. Returns the documents that so lost an
    /// edge, to be clustered again.
    fn link(&mut self, new: &[u32]) -> Vec<u32> {
        let mut vectors = self.vectors_of(new);
        let candidate_terms = self.config.candidate_terms;
        let new_keys: Vec<(u32, Vec<u64>)> = new
            .par_iter()
            .map(|d| (*d, keys(&vectors[d], candidate_terms)))
            .collect();
        for (d, ks) in new_keys {
            for &k in &ks {
                self.postings.entry(k).or_default().push(d);
            }
            self.active.get_mut(&d).expect("just added").keys = ks;
        }
        let seen = self.seen;
        let first_new = new[0];
        let found: Vec<Neighbours> = new
            .par_iter()
            .map_init(
                // Per thread: a count per document number, and the numbers
                // counted, to reset only those (a hash map per document
                // would dominate the whole stage).
                || (vec![0u16; seen], Vec::<u32>::new()),
                |(counts, touched), &a| {
                    for k in &self.active[&a].keys {
                        let docs = &self.postings[k];
                        if docs.len() <= MAX_KEY_POSTINGS {
                            for &b in docs {
                                if b != a && self.alive[b as usize] {
                                    if counts[b as usize] == 0 {
                                        touched.push(b);
                                    }
                                    counts[b as usize] += 1;
                                }
                            }
                        }
                    }
                    let mut best: Vec<(u16, u64, u32)> = touched
                        .iter()
                        .map(|&b| (counts[b as usize], self.tiebreak[b as usize], b))
                        .collect();
                    for &b in touched.iter() {
                        counts[b as usize] = 0;
                    }
                    touched.clear();
                    best.sort_unstable_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
                    let nearest = best
                        .iter()
                        .take(NEIGHBORS)
                        .map(|&(c, _, b)| (c, b))
                        .collect();
                    let proposals = best
                        .iter()
                        .filter(|&&(count, _, b)| b < first_new && self.would_take(b, count, a))
                        .map(|&(count, _, b)| (b, count))
                        .collect();
                    Neighbours {
                        doc: a,
                        nearest,
                        proposals,
                    }
                },
            )
            .collect();
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut proposed: HashMap<u32, Vec<(u16, u32)>> = HashMap::new();
        for found in found {
            let a = found.doc;
            pairs.extend(found.nearest.iter().map(|&(_, b)| (a.min(b), a.max(b))));
            for (b, count) in found.proposals {
                proposed.entry(b).or_default().push((count, a));
            }
            self.active.get_mut(&a).expect("just added").nearest = found.nearest;
        }
        // Each older document's nearest, with the new ones it takes.
        let mut dropped: Vec<(u32, u32)> = Vec::new();
        for (b, offers) in proposed {
            let old = std::mem::take(&mut self.active.get_mut(&b).expect("active").nearest);
            let mut nearest: Vec<(u16, u32)> = old.iter().chain(&offers).copied().collect();
            nearest.sort_unstable_by_key(|&entry| self.nearness(entry));
            nearest.truncate(NEIGHBORS);
            let kept = |d: u32| nearest.iter().any(|&(_, x)| x == d);
            for &(_, a) in &offers {
                if kept(a) {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
            for &(_, x) in &old {
                if !kept(x) {
                    dropped.push((b, x));
                }
            }
            self.active.get_mut(&b).expect("active").nearest = nearest;
        }
        let touched = self.unlink_dropped(dropped);
        pairs.par_sort_unstable();
        pairs.dedup();
        let missing: Vec<u32> = pairs
            .iter()
            .flat_map(|&(a, b)| [a, b])
            .filter(|d| !vectors.contains_key(d))
            .collect::<HashSet<u32>>()
            .into_iter()
            .collect();
        vectors.extend(self.vectors_of(&missing));
        let model = self.model();
        let use_dates = self.config.use_dates;
        let config = &self.config;
        let edges: Vec<(u32, u32, Option<f32>)> = pairs
            .into_par_iter()
            .map(|(a, b)| {
                let published = (self.active[&a].published, self.active[&b].published);
                let f = pair_features(&vectors[&a], &vectors[&b], published, use_dates);
                (a, b, same_event_probability(model, &f, config))
            })
            .filter(|&(_, _, p)| p.is_none_or(|p| p >= EDGE_FLOOR))
            .collect();
        for (a, b, p) in edges {
            match p {
                Some(p) => {
                    self.active.get_mut(&a).expect("active").edges.push((b, p));
                    self.active.get_mut(&b).expect("active").edges.push((a, p));
                }
                None => {
                    self.active.get_mut(&a).expect("active").vetoes.push(b);
                    self.active.get_mut(&b).expect("active").vetoes.push(a);
                }
            }
        }
        touched
    }

    /// Removes the edges (and vetoes) of `(older, dropped)` pairs that
    /// neither document counts among its nearest any more; returns the
    /// documents that lost one, sorted.
    fn unlink_dropped(&mut self, dropped: Vec<(u32, u32)>) -> Vec<u32> {
        let mut touched: Vec<u32> = Vec::new();
        for (b, x) in dropped {
            if self.active[&x].nearest.iter().any(|&(_, d)| d == b) {
                continue;
            }
            let mut lost = false;
            for (from, to) in [(b, x), (x, b)] {
                let doc = self.active.get_mut(&from).expect("active");
                let before = doc.edges.len() + doc.vetoes.len();
                doc.edges.retain(|(o, _)| *o != to);
                doc.vetoes.retain(|o| *o != to);
                lost |= doc.edges.len() + doc.vetoes.len() < before;
            }
            if lost {
                touched.extend([b, x]);
            }
        }
        touched.sort_unstable();
        touched.dedup();
        touched
    }

    /// Re-clusters the connected components the new documents are in, and
    /// those of documents that lost an edge.
    fn recluster(&mut self, new: &[u32], touched: &[u32]) {
        let fresh: HashSet<u32> = new.iter().copied().collect();
        let starts: Vec<u32> = new
            .iter()
            .copied()
            .chain(touched.iter().copied().filter(|d| !fresh.contains(d)))
            .collect();
        let mut seen: HashSet<u32> = HashSet::new();
        let mut components: Vec<Vec<u32>> = Vec::new();
        let mut in_large: Vec<u32> = Vec::new();
        // Documents known to be in a component too large to walk whole.
        let mut large: HashSet<u32> = HashSet::new();
        for &start in &starts {
            if seen.contains(&start) {
                continue;
            }
            if large.contains(&start) {
                in_large.push(start);
                continue;
            }
            match self.component(start, MAX_COMPONENT) {
                Ok(component) => {
                    seen.extend(component.iter().copied());
                    components.push(component);
                }
                Err(visited) => {
                    large.extend(visited);
                    in_large.push(start);
                }
            }
        }
        components.extend(self.local_scopes(&in_large));
        let model = self.model();
        let weights = self.weights();
        let use_dates = self.config.use_dates;
        let config = &self.config;
        let threshold = self.config.event_threshold;
        let attach_threshold = self.config.attach_threshold;
        let results: Vec<Reclustered> = components
            .into_par_iter()
            .map(|members| {
                let index: HashMap<u32, usize> =
                    members.iter().enumerate().map(|(i, &d)| (d, i)).collect();
                // Edges between two older documents were scored with older
                // term weights: score them again with today's.
                let old: Vec<u32> = members
                    .iter()
                    .copied()
                    .filter(|d| {
                        !fresh.contains(d)
                            && self.active[d].edges.iter().any(|(o, _)| !fresh.contains(o))
                    })
                    .collect();
                let vectors: HashMap<u32, Vectors> = old
                    .iter()
                    .map(|d| (*d, weights.vectors(&self.active[d].terms)))
                    .collect();
                let mut edges = Vec::new();
                let mut rescored = Vec::new();
                for &a in &members {
                    for b in &self.active[&a].vetoes {
                        if let Some(&ib) = index.get(b)
                            && a < *b
                        {
                            edges.push((index[&a], ib, VETO_SIMILARITY));
                        }
                    }
                    for &(b, p) in &self.active[&a].edges {
                        // A local piece of a large component leaves out
                        // some neighbours.
                        let Some(&ib) = index.get(&b) else {
                            continue;
                        };
                        if a >= b {
                            continue;
                        }
                        let p = if fresh.contains(&a) || fresh.contains(&b) {
                            p
                        } else {
                            // The veto reads tolls and dates, which do not
                            // change: a pair that passed it passes again.
                            let published = (self.active[&a].published, self.active[&b].published);
                            let p = same_event_probability(
                                model,
                                &pair_features(&vectors[&a], &vectors[&b], published, use_dates),
                                config,
                            )
                            .unwrap_or(0.0);
                            rescored.push((a, b, p));
                            p
                        };
                        edges.push((index[&a], ib, p));
                    }
                }
                let clusters = hac::average_link(members.len(), &edges, threshold);
                let (clusters, attached) = match attach_threshold {
                    Some(t) => hac::attach_lone(clusters, &edges, t),
                    None => (clusters, Vec::new()),
                };
                Reclustered {
                    members,
                    clusters,
                    attached,
                    rescored,
                }
            })
            .collect();
        for Reclustered {
            members,
            clusters,
            attached,
            rescored,
        } in results
        {
            // Keep the probabilities agglomeration compared, so that the
            // explanations give them.
            for (a, b, p) in rescored {
                for (from, to) in [(a, b), (b, a)] {
                    let doc = self.active.get_mut(&from).expect("active");
                    if let Some(edge) = doc.edges.iter_mut().find(|(o, _)| *o == to) {
                        edge.1 = p;
                    }
                }
            }
            let attached: HashSet<u32> = attached.into_iter().map(|i| members[i]).collect();
            // An event that came out with the same members keeps its
            // number, and so its summary (see `summaries`).
            let mut kept: HashSet<u32> = HashSet::new();
            let mut changed: Vec<Vec<u32>> = Vec::new();
            for cluster in clusters {
                let docs: Vec<u32> = cluster.iter().map(|&i| members[i]).collect();
                let event = self.active[&docs[0]].event;
                let unchanged = self
                    .events
                    .get(&event)
                    .is_some_and(|m| m.len() == docs.len())
                    && docs.iter().all(|d| {
                        self.active[d].event == event
                            && self.active[d].attached == attached.contains(d)
                    });
                if unchanged {
                    kept.insert(event);
                } else {
                    changed.push(docs);
                }
            }
            for d in &members {
                let event = self.active[d].event;
                if !kept.contains(&event) {
                    self.events.remove(&event);
                }
            }
            for docs in changed {
                let event = self.next_event;
                self.next_event += 1;
                for d in &docs {
                    let active = self.active.get_mut(d).expect("active");
                    active.event = event;
                    active.attached = attached.contains(d);
                }
                self.events.insert(event, docs);
            }
        }
    }

    /// The connected component of `start`, sorted; or, when it has more
    /// than `limit` documents, the ones walked before stopping.
    fn component(&self, start: u32, limit: usize) -> Result<Vec<u32>, Vec<u32>> {
        let mut members = vec![start];
        let mut visited: HashSet<u32> = HashSet::from([start]);
        let mut at = 0;
        while at < members.len() {
            let d = members[at];
            at += 1;
            for &(o, _) in &self.active[&d].edges {
                if visited.insert(o) {
                    members.push(o);
                    if members.len() > limit {
                        return Err(members);
                    }
                }
            }
        }
        members.sort_unstable();
        Ok(members)
    }

    /// For documents in components too large to re-cluster whole (new, or
    /// that lost an edge): each one with its event and the events its
    /// neighbours are in, split into the pieces that edges connect.
    /// Re-clustering these pieces repairs the partition where the
    /// documents touch it and leaves the rest as it was.
    fn local_scopes(&self, starts: &[u32]) -> Vec<Vec<u32>> {
        let mut scope: HashSet<u32> = HashSet::new();
        for &d in starts {
            scope.extend(self.events[&self.active[&d].event].iter().copied());
            for &(o, _) in &self.active[&d].edges {
                for &m in &self.events[&self.active[&o].event] {
                    scope.insert(m);
                }
            }
        }
        let mut pieces = Vec::new();
        let mut seen: HashSet<u32> = HashSet::new();
        let mut starts: Vec<u32> = scope.iter().copied().collect();
        starts.sort_unstable();
        for start in starts {
            if !seen.insert(start) {
                continue;
            }
            let mut piece = vec![start];
            let mut at = 0;
            while at < piece.len() {
                let d = piece[at];
                at += 1;
                for &(o, _) in &self.active[&d].edges {
                    if scope.contains(&o) && seen.insert(o) {
                        piece.push(o);
                    }
                }
            }
            piece.sort_unstable();
            pieces.push(piece);
        }
        pieces
    }

    /// Closes the events that the window has left behind.
    fn close_old_events(&mut self) {
        let (Some(window), Some(latest)) = (self.config.window_days, self.latest) else {
            return;
        };
        let cutoff = latest - (f64::from(window) * 86_400.0) as i64;
        let old: Vec<u32> = self
            .events
            .iter()
            .filter(|(_, members)| {
                members
                    .iter()
                    .all(|d| self.active[d].stamp.is_some_and(|s| s < cutoff))
            })
            .map(|(&e, _)| e)
            .collect();
        if old.is_empty() {
            return;
        }
        let mut closing: Vec<Vec<u32>> = old
            .iter()
            .map(|e| self.events.remove(e).expect("listed"))
            .collect();
        closing.sort_unstable();
        let closed: Vec<Closed> = closing
            .par_iter()
            .map(|members| self.summarize(members, CENTROID_TERMS))
            .collect();
        self.closed.extend(closed);
        let gone: HashSet<u32> = closing.into_iter().flatten().collect();
        for d in &gone {
            let doc = self.active.remove(d).expect("active");
            self.alive[*d as usize] = false;
            self.stale_postings += doc.keys.len();
            for (o, _) in doc.edges {
                if let Some(other) = self.active.get_mut(&o) {
                    other.edges.retain(|(x, _)| x != d);
                }
            }
            for o in doc.vetoes {
                if let Some(other) = self.active.get_mut(&o) {
                    other.vetoes.retain(|x| x != d);
                }
            }
        }
        // Nearest lists hold active documents only: a closed one no longer
        // takes a place that an arriving one could.
        for doc in self.active.values_mut() {
            doc.nearest.retain(|(_, d)| !gone.contains(d));
        }
        // Rebuild the postings once stale entries outnumber live ones.
        let live: usize = self.active.values().map(|a| a.keys.len()).sum();
        if self.stale_postings > live {
            self.postings.clear();
            let mut docs: Vec<(&u32, &Active)> = self.active.iter().collect();
            docs.sort_unstable_by_key(|(d, _)| **d);
            for (&d, a) in docs {
                for &k in &a.keys {
                    self.postings.entry(k).or_default().push(d);
                }
            }
            self.stale_postings = 0;
        }
    }

    /// An event's explanation, centroid and time.
    fn summarize(&self, members: &[u32], centroid_terms: usize) -> Closed {
        let vectors = self.vectors_of(members);
        let center = centroid(members.iter().map(|d| &vectors[d]), centroid_terms);
        let time = median_time(members.iter().map(|d| self.active[d].published));
        let use_dates = self.config.use_dates;
        // A member's score is its average edge probability to the other
        // members, a missing edge counting 0: the quantity average-link
        // agglomeration compared with the threshold. (A vetoed pair, which
        // agglomeration counted as VETO_SIMILARITY, counts 0 here: the
        // score stays a probability.)
        let in_event: HashSet<u32> = members.iter().copied().collect();
        let score = |d: u32| -> f32 {
            if members.len() == 1 {
                return 1.0;
            }
            let sum: f32 = self.active[&d]
                .edges
                .iter()
                .filter(|(o, _)| in_event.contains(o))
                .map(|(_, p)| p)
                .sum();
            sum / (members.len() - 1) as f32
        };
        let mut scored: Vec<(u32, f32)> = members.iter().map(|&d| (d, score(d))).collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let evidence = scored
            .iter()
            .map(|&(d, score)| Evidence {
                score,
                threshold: if self.active[&d].attached {
                    self.config
                        .attach_threshold
                        .unwrap_or(self.config.event_threshold)
                } else {
                    self.config.event_threshold
                },
                shared_terms: shared_terms(&vectors[&d].body, &center.body, 6),
                shared_names: shared_terms(&vectors[&d].names, &center.names, 6),
                days_from_event: match (self.active[&d].published, time) {
                    (Some(p), Some(t)) if use_dates => Some((p - t) as f32 / 86_400.0),
                    _ => None,
                },
            })
            .collect();
        Closed {
            cluster: EventCluster {
                members: scored.iter().map(|&(d, _)| d as usize).collect(),
                evidence,
            },
            story_keys: keys(&center, self.config.candidate_terms),
            centroid: center,
            time,
            serial: self
                .next_serial
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The events so far (closed and active, in order of their first
    /// document) and the stories they form.
    pub fn clustering(&self) -> Clustering {
        let mut guard = self
            .summaries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Summaries {
            open: cache,
            story_edges,
        } = &mut *guard;
        cache.retain(|e, _| self.events.contains_key(e));
        // Only events that formed since the last call are summarized: a
        // stream's batch costs time in what it changed, not in the store.
        let mut missing: Vec<(u32, &Vec<u32>)> = self
            .events
            .iter()
            .filter(|(e, _)| !cache.contains_key(e))
            .map(|(&e, m)| (e, m))
            .collect();
        missing.sort_unstable_by_key(|(e, _)| *e);
        let made: Vec<(u32, Closed)> = missing
            .into_par_iter()
            .map(|(e, members)| {
                let mut members = members.clone();
                members.sort_unstable();
                (e, self.summarize(&members, CENTROID_TERMS))
            })
            .collect();
        for (e, summary) in made {
            cache.insert(e, std::sync::Arc::new(summary));
        }
        let mut all: Vec<&Closed> = self
            .closed
            .iter()
            .chain(cache.values().map(|c| c.as_ref()))
            .collect();
        all.sort_by_key(|c| c.cluster.members.iter().min().copied());
        let centroids: Vec<crate::StoryInput> = all
            .iter()
            .map(|c| crate::StoryInput {
                centroid: &c.centroid,
                time: c.time,
                keys: &c.story_keys,
                serial: c.serial,
            })
            .collect();
        let stories = crate::stories(&centroids, &self.config, story_edges);
        Clustering {
            events: all.into_iter().map(|c| c.cluster.clone()).collect(),
            stories,
        }
    }
}
