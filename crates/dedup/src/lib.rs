//! Duplicates and reuse (stages 3–5 of the pipeline): clean, fingerprint,
//! dedup.
//!
//! Per document (in parallel, as documents stream in): [`prepare`] finds
//! passages repeated inside the document ([`repeats`]), excludes them, and
//! computes its [`Fingerprint`]. Over the corpus: [`apply_boilerplate`]
//! excludes lines an outlet repeats on every page, then [`dedup_corpus`]
//! groups copies ([`DedupIndex`]) and finds the passages distinct documents
//! share ([`align`]), all without comparing all pairs.
//!
//! Everything here works on normalized text and maps offsets back to the
//! document's own text before it leaves the crate.

pub mod align;
pub mod boilerplate;
pub mod fingerprint;
pub mod index;
mod prehashed;
pub mod repeats;

use std::ops::Range;

use rayon::prelude::*;
use storyline_core::{
    Citation, Defect, DocumentId, DuplicateGroup, DuplicateKind, DuplicateMember, Reuse, Span,
};
use storyline_text::{Normalized, Token, tokens};

pub use align::{AlignConfig, Passage, align, align_hashes, coverage};
pub use fingerprint::{Fingerprint, PERMUTATIONS, fingerprint, kept_tokens};
pub use index::{DedupIndex, IndexStats, Match, lookup_keys};

/// Which copy of a group is canonical: rules applied in order, ties going to
/// the next rule, and last to the smaller id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeepRule {
    /// Published first (documents without a date come after those with one).
    Earliest,
    /// More words first.
    Longest,
    /// Earlier in the input first.
    First,
    /// Documents from this outlet first.
    Outlet(String),
}

impl std::str::FromStr for KeepRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.trim() {
            "earliest" => KeepRule::Earliest,
            "longest" => KeepRule::Longest,
            "first" => KeepRule::First,
            other => match other.strip_prefix("outlet:") {
                Some(outlet) if !outlet.is_empty() => KeepRule::Outlet(outlet.to_string()),
                _ => {
                    return Err(format!(
                        "unknown keep rule {other:?}: earliest, longest, first or outlet:NAME"
                    ));
                }
            },
        })
    }
}

/// Thresholds and sizes of the dedup stages. The defaults are chosen for
/// news: see `docs/dedup.md` for how and on what they were measured.
#[derive(Debug, Clone)]
pub struct Config {
    /// Words per shingle for Jaccard and containment.
    pub shingle_words: usize,
    /// LSH bands and rows per band (`bands * rows <= PERMUTATIONS`).
    pub bands: usize,
    pub rows: usize,
    /// Jaccard of shingle sets at or above which two documents are
    /// near-duplicates.
    pub near_threshold: f64,
    /// Share of the smaller document's shingles found in the larger at or
    /// above which the smaller is contained in it.
    pub containment_threshold: f64,
    /// Share of each document (of the smaller, for containment) inside
    /// passages it shares with the other, at or above which two documents
    /// are copies even when edits pushed their shingle sets apart.
    pub aligned_coverage: f64,
    /// Documents with fewer shingles are never matched: too little text.
    pub min_shingles: usize,
    /// Seed length for passage search, in words.
    pub seed_words: usize,
    /// Shared passages shorter than this many words are not reported.
    pub min_passage_words: usize,
    /// Matches this many words apart or closer merge into one passage.
    pub max_gap_words: usize,
    /// Passages repeated inside a document shorter than this are kept.
    pub repeat_min_words: usize,
    /// Boilerplate: lines of at most this many words ...
    pub boilerplate_max_words: usize,
    /// ... found in at least this many documents of one outlet ...
    pub boilerplate_min_docs: usize,
    /// ... and in at least this share of them.
    pub boilerplate_min_share: f64,
    /// How the canonical copy of a group is chosen.
    pub keep: Vec<KeepRule>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            shingle_words: 3,
            bands: 42,
            rows: 3,
            near_threshold: 0.5,
            containment_threshold: 0.8,
            aligned_coverage: 0.8,
            min_shingles: 20,
            seed_words: 5,
            min_passage_words: 8,
            max_gap_words: 10,
            repeat_min_words: 10,
            boilerplate_max_words: 30,
            boilerplate_min_docs: 3,
            boilerplate_min_share: 0.1,
            keep: vec![KeepRule::Earliest, KeepRule::Longest],
        }
    }
}

impl Config {
    /// The winnowing window that guarantees a seed in every shared passage
    /// of `min_passage_words` words.
    pub fn winnow_window(&self) -> usize {
        (self.min_passage_words + 1)
            .saturating_sub(self.seed_words)
            .max(1)
    }

    pub fn align_config(&self) -> AlignConfig {
        AlignConfig {
            seed_words: self.seed_words,
            min_words: self.min_passage_words,
            max_gap_words: self.max_gap_words,
        }
    }
}

/// What the dedup stages keep of one document.
#[derive(Debug, Clone)]
pub struct DocDedup {
    /// Normalized ranges later stages skip (repeated passages, boilerplate),
    /// sorted and disjoint.
    pub excluded: Vec<Range<usize>>,
    /// Lines that may be boilerplate.
    pub lines: Vec<boilerplate::Line>,
    pub fingerprint: Fingerprint,
}

/// What the per-document dedup stages give back.
pub struct Prepared {
    pub dedup: DocDedup,
    /// The passages repeated inside the document, with spans in its own
    /// text.
    pub defect: Option<Defect>,
}

/// The per-document stages: repeats inside the document (returned as a
/// `repeated-passage` defect, with spans in the document's own text), then
/// the fingerprint of what remains.
pub fn prepare(normalized: &Normalized, config: &Config) -> Prepared {
    let text = normalized.text();
    let all = tokens(text);
    let repeats = repeats::find_repeats(text, &all, config.repeat_min_words);
    let excluded: Vec<Range<usize>> = repeats.iter().map(|r| r.copy.clone()).collect();
    let defect = (!repeats.is_empty()).then(|| {
        let spans = repeats
            .iter()
            .map(|r| to_span(normalized, r.copy.clone()))
            .collect();
        let sources: Vec<String> = repeats
            .iter()
            .map(|r| {
                let s = to_span(normalized, r.source.clone());
                format!("{}-{}", s.start, s.end)
            })
            .collect();
        Defect::new(
            "repeated-passage",
            spans,
            format!(
                "repeats bytes {} of the same text; later stages read it once",
                sources.join(", ")
            ),
        )
    });
    let kept = kept_tokens(&all, &excluded);
    let lines = boilerplate::candidate_lines(text, &kept, config);
    let fingerprint = fingerprint(&kept, config);
    Prepared {
        dedup: DocDedup {
            excluded,
            lines,
            fingerprint,
        },
        defect,
    }
}

fn to_span(normalized: &Normalized, range: Range<usize>) -> Span {
    let r = normalized.to_original(range);
    Span::new(r.start, r.end)
}

/// Finds boilerplate across the corpus, excludes it and re-fingerprints the
/// documents that had some. Returns a `boilerplate` defect per document
/// that has boilerplate. `docs` pairs each document's outlet and text with
/// its dedup state.
pub fn apply_boilerplate(
    docs: &mut [(Option<&str>, &str, &mut DocDedup)],
    config: &Config,
    seen: &boilerplate::SeenLines,
) -> Vec<Option<Defect>> {
    let found = {
        let view: Vec<(Option<&str>, &[boilerplate::Line])> = docs
            .iter()
            .map(|(outlet, _, d)| (*outlet, d.lines.as_slice()))
            .collect();
        boilerplate::find_boilerplate(&view, config, seen)
    };
    docs.par_iter_mut()
        .zip(found)
        .map(|((_, text, dedup), ranges)| {
            // Decided: the candidate lines are not needed any more.
            dedup.lines = Vec::new();
            if ranges.is_empty() {
                return None;
            }
            let normalized = &storyline_text::normalize(text);
            let spans = ranges
                .iter()
                .map(|r| to_span(normalized, r.clone()))
                .collect();
            dedup.excluded.extend(ranges);
            dedup.excluded.sort_by_key(|r| r.start);
            let kept = kept_tokens(&tokens(normalized.text()), &dedup.excluded);
            dedup.fingerprint = fingerprint(&kept, config);
            Some(Defect::new(
                "boilerplate",
                spans,
                "lines this outlet repeats across its pages; not read as content".to_string(),
            ))
        })
        .collect()
}

/// A document as the corpus-level dedup sees it. Its normalized text is
/// not kept between stages: it is made again, in a few microseconds, for
/// the documents that take part in a match.
pub struct CorpusDoc<'a> {
    pub id: &'a DocumentId,
    pub outlet: Option<&'a str>,
    /// Publication time, seconds since the epoch.
    pub published: Option<i64>,
    /// The document's text (citations index into it).
    pub text: &'a str,
    pub dedup: &'a DocDedup,
}

/// A document's normalized text and the tokens matching reads.
struct Matchable {
    normalized: Normalized,
    kept: Vec<Token>,
}

impl Matchable {
    fn of(doc: &CorpusDoc) -> Self {
        let normalized = storyline_text::normalize(doc.text);
        let kept = kept_tokens(&tokens(normalized.text()), &doc.dedup.excluded);
        Matchable { normalized, kept }
    }

    /// A citation of the kept tokens `range`.
    fn cite(&self, id: &DocumentId, range: Range<usize>) -> Citation {
        let span = to_span(
            &self.normalized,
            self.kept[range.start].range().start..self.kept[range.end - 1].range().end,
        );
        Citation {
            document: id.clone(),
            start: span.start,
            end: span.end,
        }
    }
}

/// What dedup found in a corpus.
pub struct DedupResult {
    pub groups: Vec<DuplicateGroup>,
    /// For each document (by position), the canonical copy it duplicates.
    pub duplicate_of: Vec<Option<usize>>,
    pub reuse: Vec<Reuse>,
    /// The index's memory, in bytes (see [`DedupIndex::memory_bytes`]).
    pub index_bytes: usize,
}

/// Groups the corpus's copies and finds the passages distinct documents
/// share.
///
/// Documents enter the index in keep-policy order, so that each group's
/// canonical copy is its best document by the policy and the grouping does
/// not depend on input order.
pub fn dedup_corpus(docs: &[CorpusDoc], config: &Config) -> DedupResult {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| keep_order(&docs[a], a, &docs[b], b, &config.keep));
    let mut index = DedupIndex::new(config.clone());
    // Position in `order` (= index id) to document position, and back.
    let mut matches: Vec<Option<Match>> = Vec::with_capacity(docs.len());
    for &d in &order {
        let (_, found) = index.insert(&docs[d].dedup.fingerprint);
        matches.push(found);
    }
    let mut duplicate_of = vec![None; docs.len()];
    let mut members: Vec<Vec<(usize, Match)>> = vec![Vec::new(); docs.len()];
    for (slot, found) in matches.iter().enumerate() {
        if let Some(m) = found {
            let doc = order[slot];
            let canonical = order[m.canonical];
            duplicate_of[doc] = Some(canonical);
            members[canonical].push((doc, *m));
        }
    }

    let align = config.align_config();
    let cite_pair = |a: usize, b: usize, ma: &Matchable, mb: &Matchable, p: &Passage| {
        [
            ma.cite(docs[a].id, p.a.clone()),
            mb.cite(docs[b].id, p.b.clone()),
        ]
    };

    // Groups, in the order of their canonical copies in the input.
    let groups: Vec<DuplicateGroup> = (0..docs.len())
        .into_par_iter()
        .filter(|&c| !members[c].is_empty())
        .map(|c| {
            let mc = Matchable::of(&docs[c]);
            let mut group_members = Vec::new();
            let mut passages = Vec::new();
            for &(d, m) in &members[c] {
                let md = Matchable::of(&docs[d]);
                let shared = align::align(&mc.kept, &md.kept, &align);
                for p in &shared {
                    passages.extend(cite_pair(c, d, &mc, &md, p));
                }
                let (_, covered) = coverage(&shared, mc.kept.len(), md.kept.len());
                group_members.push(DuplicateMember {
                    document: docs[d].id.clone(),
                    kind: m.kind,
                    similarity: round(m.similarity),
                    coverage: round(covered),
                });
            }
            let weakest = group_members
                .iter()
                .min_by(|a, b| {
                    kind_rank(a.kind)
                        .cmp(&kind_rank(b.kind))
                        .then(a.similarity.total_cmp(&b.similarity))
                })
                .expect("a group has members");
            let mut documents = vec![docs[c].id.clone()];
            documents.extend(group_members.iter().map(|m| m.document.clone()));
            DuplicateGroup {
                documents,
                kind: weakest.kind,
                similarity: weakest.similarity,
                passages,
                members: group_members,
            }
        })
        .collect();

    // Reuse: pairs of canonical copies that share a seed and align on at
    // least one passage of the minimum length. A duplicate shares its
    // canonical copy's passages; aligning every copy with every other would
    // cost the square of the group sizes for nothing new.
    let pairs = seed_pairs(docs, &duplicate_of);
    let mut reuse: Vec<(usize, usize, Reuse)> = pairs
        .into_par_iter()
        .filter_map(|(a, b)| {
            let (ma, mb) = (Matchable::of(&docs[a]), Matchable::of(&docs[b]));
            let found = align::align(&ma.kept, &mb.kept, &align);
            if found.is_empty() {
                return None;
            }
            let passages = found
                .iter()
                .flat_map(|p| cite_pair(a, b, &ma, &mb, p))
                .collect();
            Some((
                a,
                b,
                Reuse {
                    documents: [docs[a].id.clone(), docs[b].id.clone()],
                    passages,
                },
            ))
        })
        .collect();
    reuse.sort_by_key(|(a, b, _)| (*a, *b));

    DedupResult {
        groups,
        duplicate_of,
        reuse: reuse.into_iter().map(|(_, _, r)| r).collect(),
        index_bytes: index.memory_bytes(),
    }
}

/// How a new document copies an indexed one ([`dedup_incremental`]).
#[derive(Debug, Clone)]
pub struct CopyFound {
    /// The canonical copy it duplicates: a position in `known ++ new`.
    pub canonical: usize,
    pub member: DuplicateMember,
    /// The passages it shares with its canonical copy, cited in both.
    pub passages: Vec<Citation>,
}

/// What [`dedup_incremental`] found about the new documents.
pub struct IncrementalResult {
    /// Per new document, the copy it is, if it is one.
    pub copies: Vec<Option<CopyFound>>,
    /// Passages shared by two canonical copies, at least one of them new:
    /// positions in `known ++ new`, then the reuse.
    pub reuse: Vec<(usize, usize, Reuse)>,
}

/// [`dedup_corpus`] for documents joining a corpus already deduplicated
/// (the store's ingest): `known` are canonical copies already decided (the
/// candidates a store found by [`lookup_keys`]), `new` the arriving
/// documents. Known documents keep their status: they enter the index
/// first, so a new copy of one joins it; new documents enter among
/// themselves in keep-policy order. Only what involves a new document is
/// aligned: the copies it is, and the passages it shares.
pub fn dedup_incremental(
    known: &[CorpusDoc],
    new: &[CorpusDoc],
    config: &Config,
) -> IncrementalResult {
    let mut order: Vec<usize> = (0..new.len()).collect();
    order.sort_by(|&a, &b| keep_order(&new[a], a, &new[b], b, &config.keep));
    let doc = |p: usize| {
        if p < known.len() {
            &known[p]
        } else {
            &new[p - known.len()]
        }
    };
    let mut index = DedupIndex::new(config.clone());
    // Index slot to position in `known ++ new`.
    let mut slots: Vec<usize> = Vec::with_capacity(known.len() + new.len());
    for (p, k) in known.iter().enumerate() {
        index.insert(&k.dedup.fingerprint);
        slots.push(p);
    }
    let mut found: Vec<Option<Match>> = vec![None; new.len()];
    for &n in &order {
        let (_, m) = index.insert(&new[n].dedup.fingerprint);
        slots.push(known.len() + n);
        found[n] = m;
    }
    let align = config.align_config();
    let copies: Vec<Option<CopyFound>> = found
        .par_iter()
        .enumerate()
        .map(|(n, m)| {
            let m = (*m)?;
            let canonical = slots[m.canonical];
            let (mc, md) = (Matchable::of(doc(canonical)), Matchable::of(&new[n]));
            let shared = align::align(&mc.kept, &md.kept, &align);
            let passages = shared
                .iter()
                .flat_map(|p| {
                    [
                        mc.cite(doc(canonical).id, p.a.clone()),
                        md.cite(new[n].id, p.b.clone()),
                    ]
                })
                .collect();
            let (_, covered) = coverage(&shared, mc.kept.len(), md.kept.len());
            Some(CopyFound {
                canonical,
                member: DuplicateMember {
                    document: new[n].id.clone(),
                    kind: m.kind,
                    similarity: round(m.similarity),
                    coverage: round(covered),
                },
                passages,
            })
        })
        .collect();
    // Reuse between canonical copies sharing a seed, one of them new.
    let all: Vec<&CorpusDoc> = known.iter().chain(new).collect();
    let is_copy: Vec<Option<usize>> = (0..all.len())
        .map(|p| (p >= known.len() && copies[p - known.len()].is_some()).then_some(0))
        .collect();
    let pairs: Vec<(usize, usize)> = seed_pairs_of(&all, &is_copy)
        .into_iter()
        .filter(|&(_, b)| b >= known.len())
        .collect();
    let mut reuse: Vec<(usize, usize, Reuse)> = pairs
        .into_par_iter()
        .filter_map(|(a, b)| {
            let (ma, mb) = (Matchable::of(all[a]), Matchable::of(all[b]));
            let found = align::align(&ma.kept, &mb.kept, &align);
            if found.is_empty() {
                return None;
            }
            let passages = found
                .iter()
                .flat_map(|p| {
                    [
                        ma.cite(all[a].id, p.a.clone()),
                        mb.cite(all[b].id, p.b.clone()),
                    ]
                })
                .collect();
            Some((
                a,
                b,
                Reuse {
                    documents: [all[a].id.clone(), all[b].id.clone()],
                    passages,
                },
            ))
        })
        .collect();
    reuse.sort_by_key(|(a, b, _)| (*a, *b));
    IncrementalResult { copies, reuse }
}

/// The passages two texts share, as pairs of byte ranges into each
/// original text (the texts `a` and `b` were normalized from).
pub fn shared_passages(
    a: &Normalized,
    b: &Normalized,
    config: &Config,
) -> Vec<(Range<usize>, Range<usize>)> {
    let (ta, tb) = (tokens(a.text()), tokens(b.text()));
    let to_original = |n: &Normalized, t: &[Token], r: Range<usize>| {
        n.to_original(t[r.start].range().start..t[r.end - 1].range().end)
    };
    align::align(&ta, &tb, &config.align_config())
        .into_iter()
        .map(|p| (to_original(a, &ta, p.a), to_original(b, &tb, p.b)))
        .collect()
}

/// Pairs of canonical copies `(a, b)`, `a < b`, that share at least one
/// seed: the only pairs that can share a passage of the minimum length.
/// Found by sorting (seed, document) entries, so no pair of documents is
/// compared unless they share a seed; seeds held by more than
/// [`index::MAX_SEED_POSTINGS`] documents are formulaic and skipped.
fn seed_pairs(docs: &[CorpusDoc], duplicate_of: &[Option<usize>]) -> Vec<(usize, usize)> {
    let refs: Vec<&CorpusDoc> = docs.iter().collect();
    seed_pairs_of(&refs, duplicate_of)
}

/// [`seed_pairs`] over borrowed documents.
fn seed_pairs_of(docs: &[&CorpusDoc], duplicate_of: &[Option<usize>]) -> Vec<(usize, usize)> {
    let mut entries: Vec<(u32, u32)> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| duplicate_of[*i].is_none())
        .flat_map(|(i, d)| {
            d.dedup
                .fingerprint
                .seeds
                .iter()
                .map(move |&s| (s, i as u32))
        })
        .collect();
    entries.par_sort_unstable();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for run in entries.chunk_by(|x, y| x.0 == y.0) {
        if run.len() < 2 || run.len() > index::MAX_SEED_POSTINGS {
            continue;
        }
        for (k, &(_, a)) in run.iter().enumerate() {
            for &(_, b) in &run[k + 1..] {
                if a != b {
                    pairs.push((a.min(b) as usize, a.max(b) as usize));
                }
            }
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

fn kind_rank(kind: DuplicateKind) -> u8 {
    match kind {
        DuplicateKind::Containment => 0,
        DuplicateKind::Near => 1,
        DuplicateKind::Exact => 2,
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn keep_order(
    a: &CorpusDoc,
    ai: usize,
    b: &CorpusDoc,
    bi: usize,
    rules: &[KeepRule],
) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    for rule in rules {
        let o = match rule {
            KeepRule::Earliest => match (a.published, b.published) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            KeepRule::Longest => b
                .dedup
                .fingerprint
                .words()
                .cmp(&a.dedup.fingerprint.words()),
            KeepRule::First => ai.cmp(&bi),
            KeepRule::Outlet(name) => {
                let prefer = |d: &CorpusDoc| d.outlet != Some(name.as_str());
                prefer(a).cmp(&prefer(b))
            }
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.id.cmp(b.id).then(ai.cmp(&bi))
}
