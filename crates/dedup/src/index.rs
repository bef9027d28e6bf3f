//! The dedup index (stage 5): candidates from LSH bands, exact hashes and
//! shared seeds; exact verification of every candidate; groups that do not
//! chain.
//!
//! # Why groups cannot chain
//!
//! A document joins a group only when it verifies against the group's
//! *canonical* copy, never against another member. With A ≈ B and B ≈ C
//! but A ≉ C, C does not join A's group through B: it starts a group of its
//! own (or joins another whose canonical it matches). Every member is thus
//! within the thresholds of its canonical, and a group's diameter is
//! bounded, whatever order documents arrive in.

use std::collections::HashMap;

use storyline_core::DuplicateKind;

use crate::Config;
use crate::fingerprint::{Fingerprint, jaccard_and_containment};
use crate::prehashed::PrehashedMap;

/// How a new document matched an indexed one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Index (insertion order) of the canonical copy it matched.
    pub canonical: usize,
    pub kind: DuplicateKind,
    /// 1.0 for exact copies, Jaccard for near-duplicates, containment of
    /// the smaller document for containment.
    pub similarity: f64,
}

/// Seeds shared by more documents than this are formulaic ("said in a
/// statement on"): they find no candidates and cost quadratic pairs.
pub const MAX_SEED_POSTINGS: usize = 512;

/// The containment channel indexes one seed in this many (chosen by hash,
/// so the same seeds in every document): a contained document's sampled
/// seeds are still a subset of its container's.
const SEED_SAMPLE: u64 = 4;

fn sampled(seed: u64) -> bool {
    (seed >> 7) % SEED_SAMPLE == 0
}

/// An index of fingerprints that answers, for each new document, which
/// indexed canonical copy it duplicates.
pub struct DedupIndex {
    config: Config,
    docs: Vec<Indexed>,
    exact: PrehashedMap<u32>,
    bands: Postings,
    seeds: Postings,
}

/// What verification needs of an indexed document.
struct Indexed {
    exact: u64,
    words: u32,
    shingles: Vec<u32>,
    sampled_seeds: u32,
    /// `None` when this document is a canonical copy.
    canonical: Option<u32>,
}

/// A multimap from hash keys to document ids, compact for the common case
/// of a key held by one document: the id is stored inline, and only keys
/// shared by several documents get a list.
#[derive(Default)]
struct Postings {
    map: PrehashedMap<u32>,
    shared: Vec<Vec<u32>>,
}

const SHARED: u32 = 1 << 31;

impl Postings {
    fn push(&mut self, key: u64, id: u32) {
        match self.map.get_mut(&key) {
            None => {
                self.map.insert(key, id);
            }
            Some(v) if *v & SHARED == 0 => {
                let first = *v;
                *v = SHARED | self.shared.len() as u32;
                self.shared.push(vec![first, id]);
            }
            Some(v) => {
                let list = &mut self.shared[(*v & !SHARED) as usize];
                if list.len() <= MAX_SEED_POSTINGS {
                    list.push(id);
                }
            }
        }
    }

    fn get(&self, key: u64) -> &[u32] {
        match self.map.get(&key) {
            None => &[],
            Some(v) if v & SHARED == 0 => std::slice::from_ref(v),
            Some(v) => &self.shared[(v & !SHARED) as usize],
        }
    }

    fn bytes(&self) -> usize {
        // hashbrown: key, value and one control byte per bucket.
        self.map.capacity() * (8 + 4 + 1)
            + self
                .shared
                .iter()
                .map(|l| 24 + l.capacity() * 4)
                .sum::<usize>()
    }
}

impl DedupIndex {
    pub fn new(config: Config) -> Self {
        DedupIndex {
            config,
            docs: Vec::new(),
            exact: PrehashedMap::default(),
            bands: Postings::default(),
            seeds: Postings::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The canonical copy of document `i` (itself when it is one).
    pub fn canonical_of(&self, i: usize) -> usize {
        self.docs[i].canonical.map_or(i, |c| c as usize)
    }

    /// Checks `fingerprint` against everything indexed, then indexes it.
    /// Returns its index and, if it duplicates an indexed document, the
    /// match (which names the canonical copy it was verified against).
    pub fn insert(&mut self, fp: &Fingerprint) -> (usize, Option<Match>) {
        let big_enough = fp.shingles.len() >= self.config.min_shingles;
        let keys: Vec<u64> = if big_enough {
            self.band_keys(fp).collect()
        } else {
            Vec::new()
        };
        let found = if big_enough {
            self.best_match(fp, &keys)
        } else {
            None
        };
        let id = self.docs.len() as u32;
        for &key in &keys {
            self.bands.push(key, id);
        }
        let mut sampled_seeds = 0;
        if found.is_none() {
            // Only canonical copies need finding by containment: a new
            // document is verified against canonical copies alone.
            self.exact.entry(fp.exact).or_insert(id);
            for &seed in fp.seeds.iter().filter(|&&s| sampled(s)) {
                self.seeds.push(seed, id);
                sampled_seeds += 1;
            }
        }
        self.docs.push(Indexed {
            exact: fp.exact,
            words: fp.words,
            shingles: fp.shingles.clone(),
            sampled_seeds,
            canonical: found.map(|m| m.canonical as u32),
        });
        (id as usize, found)
    }

    /// The band keys of a signature: band `k` hashes rows
    /// `k * rows .. (k + 1) * rows` together with `k`.
    fn band_keys<'a>(&self, fp: &'a Fingerprint) -> impl Iterator<Item = u64> + 'a {
        let rows = self.config.rows;
        let sig = &fp.minhash;
        (0..self.config.bands).map(move |k| {
            let mut bytes = Vec::with_capacity(4 * rows + 4);
            bytes.extend_from_slice(&(k as u32).to_le_bytes());
            for v in &sig[k * rows..(k + 1) * rows] {
                bytes.extend_from_slice(&v.to_le_bytes());
            }
            xxhash_rust::xxh3::xxh3_64(&bytes)
        })
    }

    /// The best verified match among the candidates, looked for from the
    /// cheapest channel to the dearest: the exact hash, then LSH bands, and
    /// only when neither verifies, the seeds (containment: a short article
    /// inside a longer one has a low Jaccard, so LSH may miss it, but it
    /// shares nearly all of its seeds).
    fn best_match(&self, fp: &Fingerprint, band_keys: &[u64]) -> Option<Match> {
        if let Some(&c) = self.exact.get(&fp.exact)
            && let Some(m) = self.verify(fp, c as usize)
        {
            return Some(m);
        }
        let mut candidates: Vec<u32> = band_keys
            .iter()
            .flat_map(|&key| self.bands.get(key))
            .map(|&i| self.canonical_of(i as usize) as u32)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        if let Some(m) = self.best_of(fp, &candidates) {
            return Some(m);
        }
        let mut shared: HashMap<u32, u32> = HashMap::new();
        let mine = fp.seeds.iter().filter(|&&s| sampled(s)).count() as u32;
        for &seed in fp.seeds.iter().filter(|&&s| sampled(s)) {
            let postings = self.seeds.get(seed);
            if postings.len() <= MAX_SEED_POSTINGS {
                for &i in postings {
                    *shared.entry(i).or_default() += 1;
                }
            }
        }
        let mut candidates: Vec<u32> = shared
            .into_iter()
            .filter(|&(i, n)| {
                let smaller = mine.min(self.docs[i as usize].sampled_seeds);
                smaller >= 2 && 2 * n >= smaller
            })
            .map(|(i, _)| i)
            .collect();
        candidates.sort_unstable();
        self.best_of(fp, &candidates)
    }

    fn best_of(&self, fp: &Fingerprint, candidates: &[u32]) -> Option<Match> {
        let rank = |m: &Match| match m.kind {
            DuplicateKind::Exact => (2, m.similarity),
            DuplicateKind::Near => (1, m.similarity),
            DuplicateKind::Containment => (0, m.similarity),
        };
        let mut best: Option<Match> = None;
        for &c in candidates {
            if let Some(m) = self.verify(fp, c as usize)
                && best.as_ref().is_none_or(|b| rank(&m) > rank(b))
            {
                best = Some(m);
            }
        }
        best
    }

    /// Exact verification of `fp` against canonical copy `c`.
    fn verify(&self, fp: &Fingerprint, c: usize) -> Option<Match> {
        let other = &self.docs[c];
        // Too little text to tell copies from coincidence: two different
        // articles whose scraped text is the same one-line stub ("Chat with
        // us in Facebook Messenger.") are not duplicates.
        let smaller = fp.shingles.len().min(other.shingles.len());
        if smaller < self.config.min_shingles {
            return None;
        }
        if fp.exact == other.exact && fp.words == other.words {
            return Some(Match {
                canonical: c,
                kind: DuplicateKind::Exact,
                similarity: 1.0,
            });
        }
        let (jaccard, containment) = jaccard_and_containment(&fp.shingles, &other.shingles);
        if jaccard >= self.config.near_threshold {
            Some(Match {
                canonical: c,
                kind: DuplicateKind::Near,
                similarity: jaccard,
            })
        } else if containment >= self.config.containment_threshold {
            Some(Match {
                canonical: c,
                kind: DuplicateKind::Containment,
                similarity: containment,
            })
        } else {
            None
        }
    }

    /// An estimate of the index's memory, in bytes.
    pub fn memory_bytes(&self) -> usize {
        let docs: usize = self
            .docs
            .iter()
            .map(|d| std::mem::size_of::<Indexed>() + d.shingles.capacity() * 4)
            .sum();
        docs + self.bands.bytes() + self.seeds.bytes() + self.exact.capacity() * 13
    }
}
