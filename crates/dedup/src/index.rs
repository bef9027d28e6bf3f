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
const MAX_SEED_POSTINGS: usize = 512;

/// An index of fingerprints that answers, for each new document, which
/// indexed canonical copy it duplicates.
pub struct DedupIndex {
    config: Config,
    docs: Vec<Indexed>,
    exact: HashMap<u64, u32>,
    bands: HashMap<u64, Vec<u32>>,
    seeds: HashMap<u64, Vec<u32>>,
}

struct Indexed {
    fingerprint: Fingerprint,
    /// `None` when this document is a canonical copy.
    canonical: Option<u32>,
}

impl DedupIndex {
    pub fn new(config: Config) -> Self {
        DedupIndex {
            config,
            docs: Vec::new(),
            exact: HashMap::new(),
            bands: HashMap::new(),
            seeds: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn fingerprint(&self, i: usize) -> &Fingerprint {
        &self.docs[i].fingerprint
    }

    /// The canonical copy of document `i` (itself when it is one).
    pub fn canonical_of(&self, i: usize) -> usize {
        self.docs[i].canonical.map_or(i, |c| c as usize)
    }

    /// Checks `fingerprint` against everything indexed, then indexes it.
    /// Returns its index and, if it duplicates an indexed document, the
    /// match (which names the canonical copy it was verified against).
    pub fn insert(&mut self, fingerprint: Fingerprint) -> (usize, Option<Match>) {
        let keys: Vec<u64> = if fingerprint.shingles.len() >= self.config.min_shingles {
            self.band_keys(&fingerprint).collect()
        } else {
            Vec::new()
        };
        let found = self.best_match(&fingerprint, &keys);
        let id = self.docs.len() as u32;
        if let Some(m) = found {
            self.index(id, &fingerprint, &keys);
            self.docs.push(Indexed {
                fingerprint,
                canonical: Some(m.canonical as u32),
            });
        } else {
            self.exact.entry(fingerprint.exact).or_insert(id);
            self.index(id, &fingerprint, &keys);
            self.docs.push(Indexed {
                fingerprint,
                canonical: None,
            });
        }
        (id as usize, found)
    }

    fn index(&mut self, id: u32, fp: &Fingerprint, band_keys: &[u64]) {
        for &key in band_keys {
            self.bands.entry(key).or_default().push(id);
        }
        for &seed in &fp.seeds {
            let postings = self.seeds.entry(seed).or_default();
            if postings.len() <= MAX_SEED_POSTINGS {
                postings.push(id);
            }
        }
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

    /// The canonical copies `fp` might duplicate: those sharing its exact
    /// hash or an LSH band, or enough seeds to contain it or be contained.
    fn candidates(&self, fp: &Fingerprint, band_keys: &[u64]) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        if fp.shingles.len() < self.config.min_shingles {
            return out;
        }
        if let Some(&c) = self.exact.get(&fp.exact) {
            out.push(c);
        }
        for key in band_keys {
            if let Some(postings) = self.bands.get(key) {
                out.extend(
                    postings
                        .iter()
                        .map(|&i| self.canonical_of(i as usize) as u32),
                );
            }
        }
        // Containment: a short article inside a longer one shares few
        // shingles relative to the union (low Jaccard, so LSH may miss it)
        // but nearly all of its seeds.
        let mut shared: HashMap<u32, u32> = HashMap::new();
        for seed in &fp.seeds {
            if let Some(postings) = self.seeds.get(seed)
                && postings.len() <= MAX_SEED_POSTINGS
            {
                for &i in postings {
                    *shared.entry(i).or_default() += 1;
                }
            }
        }
        for (i, n) in shared {
            let other = self.docs[i as usize].fingerprint.seeds.len();
            let smaller = fp.seeds.len().min(other).max(1);
            if n as f64 >= 0.5 * smaller as f64 {
                out.push(self.canonical_of(i as usize) as u32);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn best_match(&self, fp: &Fingerprint, band_keys: &[u64]) -> Option<Match> {
        let mut best: Option<Match> = None;
        for c in self.candidates(fp, band_keys) {
            let Some(m) = self.verify(fp, c as usize) else {
                continue;
            };
            let rank = |m: &Match| match m.kind {
                DuplicateKind::Exact => (2, m.similarity),
                DuplicateKind::Near => (1, m.similarity),
                DuplicateKind::Containment => (0, m.similarity),
            };
            if best.as_ref().is_none_or(|b| rank(&m) > rank(b)) {
                best = Some(m);
            }
        }
        best
    }

    /// Exact verification of `fp` against canonical copy `c`.
    fn verify(&self, fp: &Fingerprint, c: usize) -> Option<Match> {
        let other = &self.docs[c].fingerprint;
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

    /// Pairs of documents `(i, j)`, `i < j`, that share at least one seed:
    /// the only pairs that can share a passage of the minimum length.
    pub fn seed_pairs(&self) -> Vec<(u32, u32)> {
        let mut pairs = Vec::new();
        for postings in self.seeds.values() {
            if postings.len() < 2 || postings.len() > MAX_SEED_POSTINGS {
                continue;
            }
            for (k, &a) in postings.iter().enumerate() {
                for &b in &postings[k + 1..] {
                    if a != b {
                        pairs.push((a.min(b), a.max(b)));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// An estimate of the index's memory, in bytes: fingerprints plus hash
    /// tables.
    pub fn memory_bytes(&self) -> usize {
        let entry = std::mem::size_of::<(u64, Vec<u32>)>() + 1;
        let fingerprints: usize = self
            .docs
            .iter()
            .map(|d| {
                std::mem::size_of::<Indexed>()
                    + d.fingerprint.shingles.capacity() * 4
                    + d.fingerprint.seeds.capacity() * 8
                    + std::mem::size_of::<[u32; crate::PERMUTATIONS]>()
            })
            .sum();
        let postings = |m: &HashMap<u64, Vec<u32>>| -> usize {
            m.capacity() * entry + m.values().map(|v| v.capacity() * 4).sum::<usize>()
        };
        fingerprints + postings(&self.bands) + postings(&self.seeds) + self.exact.capacity() * 13
    }
}
