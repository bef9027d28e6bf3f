//! Documents as weighted vectors, and the pairwise features the pair model
//! reads ([`FEATURE_NAMES`]).
//!
//! A term's weight is `(1 + ln tf) · ln(1 + N / df)`, where `df` counts the
//! documents that use the term in any field, among those seen so far and in
//! the background ([`crate::background`]); one weight per term in every
//! field, so one article's title compares with another's body directly.

use std::collections::HashMap;

use crate::background::{Background, shipped_background};
use crate::features::{DocTerms, Sparse};

/// A document's weighted, unit-length vectors.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vectors {
    pub body: Sparse,
    pub names: Sparse,
    pub title: Sparse,
    pub lead: Sparse,
    pub numbers: Sparse,
    pub phrases: Sparse,
    /// Years and months mentioned, by share of mentions (not weighed by
    /// rarity: one year is as telling as another).
    pub years: Sparse,
    pub months: Sparse,
    pub tolls: Vec<u32>,
    /// The most heavily weighted names: who or what the article is about.
    pub top_names: Vec<u64>,
}

/// How many of a document's heaviest names say what it is about.
const TOP_NAMES: usize = 3;

/// Document frequencies: of the documents seen so far, plus the background.
pub(crate) struct Weights<'a> {
    pub df: &'a HashMap<u64, u32>,
    pub documents: usize,
    pub background: &'a Background,
}

impl Weights<'_> {
    pub fn idf(&self, term: u64) -> f32 {
        let n = (self.documents + self.background.documents() as usize) as f32;
        let count = self.df.get(&term).copied().unwrap_or(0) + self.background.frequency(term);
        (1.0 + n / count.max(1) as f32).ln()
    }

    fn weigh(&self, terms: &[(u64, u32)]) -> Sparse {
        let mut v: Sparse = terms
            .iter()
            .map(|&(t, tf)| (t, (1.0 + (tf as f32).ln()) * self.idf(t)))
            .collect();
        normalize(&mut v);
        v
    }

    pub fn vectors(&self, terms: &DocTerms) -> Vectors {
        let names = self.weigh(&terms.names);
        let mut heaviest = names.clone();
        heaviest.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        Vectors {
            body: self.weigh(&terms.body),
            top_names: heaviest.iter().take(TOP_NAMES).map(|(t, _)| *t).collect(),
            names,
            title: self.weigh(&terms.title),
            lead: self.weigh(&terms.lead),
            numbers: self.weigh(&terms.numbers),
            phrases: self.weigh(&terms.phrases),
            years: profile(&terms.years),
            months: profile(&terms.months),
            tolls: terms.tolls.clone(),
        }
    }
}

/// Adds a document's terms to document frequencies.
pub(crate) fn count_terms(df: &mut HashMap<u64, u32>, terms: &DocTerms) {
    for t in terms.ids() {
        *df.entry(t).or_default() += 1;
    }
}

/// The names of the pairwise features, in the order [`Features::pair`]
/// gives them.
pub const FEATURE_NAMES: [&str; 13] = [
    "body",
    "names",
    "title",
    "lead",
    "numbers",
    "top_names",
    "days_apart",
    "dated",
    "phrases",
    "title_body",
    "years",
    "months",
    "toll_ratio",
];

/// How each feature may move the pair model's probability as it grows
/// (see [`crate::FitParams::monotone`]): up for every similarity, down for
/// the days apart. Whether both are dated, the years and months mentioned
/// and the death tolls are free, because their lowest value (-1) means
/// "unknown", not "least alike".
pub const FEATURE_DIRECTIONS: [i8; 13] = [1, 1, 1, 1, 1, 1, -1, 0, 1, 1, 0, 0, 0];

/// The features of a pair, named by [`FEATURE_NAMES`]; publication times
/// count when `use_dates` and both are known.
pub(crate) fn pair_features(
    va: &Vectors,
    vb: &Vectors,
    published: (Option<i64>, Option<i64>),
    use_dates: bool,
) -> [f32; 13] {
    let shared_top = va
        .top_names
        .iter()
        .filter(|t| vb.top_names.contains(t))
        .count();
    let top = TOP_NAMES
        .min(va.top_names.len())
        .min(vb.top_names.len())
        .max(1);
    let (days, dated) = match published {
        (Some(x), Some(y)) if use_dates => ((x - y).abs() as f32 / 86_400.0, 1.0),
        _ => (0.0, 0.0),
    };
    [
        cosine(&va.body, &vb.body),
        cosine(&va.names, &vb.names),
        cosine(&va.title, &vb.title),
        cosine(&va.lead, &vb.lead),
        cosine(&va.numbers, &vb.numbers),
        shared_top as f32 / top as f32,
        (1.0 + days).ln(),
        dated,
        cosine(&va.phrases, &vb.phrases),
        (cosine(&va.title, &vb.body) + cosine(&vb.title, &va.body)) / 2.0,
        mentioned(&va.years, &vb.years),
        mentioned(&va.months, &vb.months),
        toll_ratio(&va.tolls, &vb.tolls),
    ]
}

/// A whole corpus weighed at once, for studying and fitting the pair model
/// (clustering itself weighs documents as they arrive).
pub struct Features {
    vectors: Vec<Vectors>,
    published: Vec<Option<i64>>,
    use_dates: bool,
}

impl Features {
    pub fn new(docs: &[crate::ClusterDoc], use_dates: bool) -> Features {
        let mut df = HashMap::new();
        for d in docs {
            count_terms(&mut df, d.terms);
        }
        let weights = Weights {
            df: &df,
            documents: docs.len(),
            background: shipped_background(),
        };
        Features {
            vectors: docs.iter().map(|d| weights.vectors(d.terms)).collect(),
            published: docs.iter().map(|d| d.published).collect(),
            use_dates,
        }
    }

    /// The features of documents `a` and `b`.
    pub fn pair(&self, a: usize, b: usize) -> [f32; 13] {
        pair_features(
            &self.vectors[a],
            &self.vectors[b],
            (self.published[a], self.published[b]),
            self.use_dates,
        )
    }
}

/// The cosine of two mention profiles, or -1 when either mentions nothing:
/// silence is not disagreement.
fn mentioned(a: &Sparse, b: &Sparse) -> f32 {
    if a.is_empty() || b.is_empty() {
        -1.0
    } else {
        cosine(a, b)
    }
}

/// How far apart the closest death tolls of two documents are (the larger
/// over the smaller, at most 10), or -1 when either gives none.
fn toll_ratio(a: &[u32], b: &[u32]) -> f32 {
    if a.len() > MAX_TOLLS || b.len() > MAX_TOLLS {
        return -1.0;
    }
    let mut best: Option<f32> = None;
    for &x in a {
        for &y in b {
            let ratio = x.max(y) as f32 / x.min(y).max(1) as f32;
            best = Some(best.map_or(ratio, |r: f32| r.min(ratio)));
        }
    }
    best.map_or(-1.0, |r| r.min(10.0))
}

/// An article that gives more death tolls than this is comparing or
/// listing happenings ("the deadliest shootings in US history"), and its
/// tolls say nothing about which one it reports.
const MAX_TOLLS: usize = 2;

/// Mention counts as a unit-length vector.
fn profile(counts: &[(u64, u32)]) -> Sparse {
    let mut v: Sparse = counts.iter().map(|&(t, c)| (t, c as f32)).collect();
    normalize(&mut v);
    v
}

pub(crate) fn normalize(v: &mut Sparse) {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// Dot product of two sparse vectors sorted by term.
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

/// The terms two vectors share, by their contribution to the cosine, the
/// largest first (at most `k`).
pub(crate) fn shared_terms(own: &Sparse, other: &Sparse, k: usize) -> Vec<u64> {
    let mut contributions: Vec<(f32, u64)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < own.len() && j < other.len() {
        match own[i].0.cmp(&other[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                contributions.push((own[i].1 * other[j].1, own[i].0));
                i += 1;
                j += 1;
            }
        }
    }
    contributions.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    contributions.iter().take(k).map(|(_, t)| *t).collect()
}

/// The keys that find a document's candidates: its `k` heaviest body terms,
/// and the `k / 2` heaviest of its title, lead and names. The title and
/// lead count because the heaviest body terms of a long article are its
/// rarest words, which it may share with no one, while its title says what
/// happened.
pub(crate) fn keys(v: &Vectors, k: usize) -> Vec<u64> {
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
    keys.extend(heaviest(&v.title, k / 2));
    keys.extend(heaviest(&v.lead, k / 2));
    // Names are hashed apart from the words they also are.
    keys.extend(
        heaviest(&v.names, k / 2)
            .into_iter()
            .map(|t| t ^ 0x6e61_6d65),
    );
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The centre of a group of documents: the normalized sum of their body,
/// name and title vectors, each cut to its `limit` heaviest terms so that a
/// closed event keeps a small summary.
pub(crate) fn centroid<'a>(vectors: impl Iterator<Item = &'a Vectors>, limit: usize) -> Vectors {
    let mut body: HashMap<u64, f32> = HashMap::new();
    let mut names: HashMap<u64, f32> = HashMap::new();
    let mut title: HashMap<u64, f32> = HashMap::new();
    for v in vectors {
        for (field, sum) in [
            (&v.body, &mut body),
            (&v.names, &mut names),
            (&v.title, &mut title),
        ] {
            for (t, w) in field {
                *sum.entry(*t).or_default() += w;
            }
        }
    }
    let finish = |m: HashMap<u64, f32>| {
        let mut v: Sparse = m.into_iter().collect();
        v.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        v.truncate(limit);
        v.sort_unstable_by_key(|(t, _)| *t);
        normalize(&mut v);
        v
    };
    Vectors {
        body: finish(body),
        names: finish(names),
        title: finish(title),
        ..Vectors::default()
    }
}

/// The median of the known times.
pub(crate) fn median_time(times: impl Iterator<Item = Option<i64>>) -> Option<i64> {
    let mut known: Vec<i64> = times.flatten().collect();
    if known.is_empty() {
        return None;
    }
    known.sort_unstable();
    Some(known[known.len() / 2])
}
