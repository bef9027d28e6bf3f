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

use storyline_core::DuplicateKind;

use crate::Config;
use crate::align::{align_hashes, coverage};
use crate::fingerprint::{Fingerprint, jaccard_and_containment, shingle_set};
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

/// The containment channel skips seeds held by more canonical copies than
/// this.
const MAX_CONTAINMENT_POSTINGS: usize = 16;

/// Pairs whose shingle sets are this far apart are not aligned: an edited
/// copy keeps far more (10% of words edited leaves a Jaccard near 0.45).
const ALIGN_MIN_JACCARD: f64 = 0.2;
const ALIGN_MIN_CONTAINMENT: f64 = 0.4;

/// Band collisions with an estimated Jaccard below this are not verified.
/// Verification accepts nothing under `ALIGN_MIN_JACCARD` (0.2) that the
/// containment channel would not find; the estimate's standard error at
/// 128 permutations is at most 0.045, so 0.1 loses nothing.
const MIN_ESTIMATED_JACCARD: f64 = 0.1;

/// The containment channel indexes one seed in this many (chosen by hash,
/// so the same seeds in every document): a contained document's sampled
/// seeds are still a subset of its container's.
const SEED_SAMPLE: u32 = 4;

fn sampled(seed: u32) -> bool {
    (seed >> 7).is_multiple_of(SEED_SAMPLE)
}

/// The document being inserted, with its shingle set made on first use.
struct Candidate<'a> {
    fp: &'a Fingerprint,
    shingles: &'a std::cell::OnceCell<Vec<u32>>,
}

impl Candidate<'_> {
    fn shingles(&self) -> &[u32] {
        self.shingles.get_or_init(|| self.fp.shingles())
    }
}

/// An index of fingerprints that answers, for each new document, which
/// indexed canonical copy it duplicates.
pub struct DedupIndex {
    config: Config,
    stats: std::cell::Cell<IndexStats>,
    docs: Vec<Indexed>,
    exact: PrehashedMap<u32>,
    bands: Postings,
    seeds: Postings,
}

/// What the index did, summed over all inserts: to see that its work per
/// insert stays flat as it grows (candidate search is near-linear in the
/// corpus) and where it goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub inserts: u64,
    /// Canonical copies met in an LSH band.
    pub band_candidates: u64,
    /// Of those, dismissed on their estimated Jaccard.
    pub dismissed: u64,
    /// Canonical copies found by the containment channel.
    pub containment_candidates: u64,
    /// Exact verifications (shingle sets compared).
    pub verified: u64,
    /// Verifications that needed an alignment.
    pub aligned: u64,
}

/// What verification needs of an indexed document: its words (as 32-bit
/// hashes, in order), from which both its shingle set and an alignment are
/// made when it is a candidate.
struct Indexed {
    exact: u64,
    tokens: std::sync::Arc<[u32]>,
    /// Kept so that a band collision can be dismissed on its estimated
    /// Jaccard before paying for exact verification.
    minhash: std::sync::Arc<[u32; crate::PERMUTATIONS]>,
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
            stats: Default::default(),
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

    pub fn stats(&self) -> IndexStats {
        self.stats.get()
    }

    fn count(&self, f: impl FnOnce(&mut IndexStats)) {
        let mut stats = self.stats.get();
        f(&mut stats);
        self.stats.set(stats);
    }

    /// The canonical copy of document `i` (itself when it is one).
    pub fn canonical_of(&self, i: usize) -> usize {
        self.docs[i].canonical.map_or(i, |c| c as usize)
    }

    /// Checks `fingerprint` against everything indexed, then indexes it.
    /// Returns its index and, if it duplicates an indexed document, the
    /// match (which names the canonical copy it was verified against).
    pub fn insert(&mut self, fp: &Fingerprint) -> (usize, Option<Match>) {
        self.count(|s| s.inserts += 1);
        let big_enough = self.big_enough(fp.words());
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
                self.seeds.push(u64::from(seed), id);
                sampled_seeds += 1;
            }
        }
        self.docs.push(Indexed {
            exact: fp.exact,
            tokens: fp.tokens.clone(),
            minhash: fp.minhash.clone(),
            sampled_seeds,
            canonical: found.map(|m| m.canonical as u32),
        });
        (id as usize, found)
    }

    /// The band keys of a signature: band `k` hashes rows
    /// `k * rows .. (k + 1) * rows` together with `k`.
    fn band_keys<'a>(&self, fp: &'a Fingerprint) -> impl Iterator<Item = u64> + 'a {
        band_keys(&self.config, fp)
    }

    /// The best verified match among the candidates, looked for from the
    /// cheapest channel to the dearest: the exact hash, then LSH bands, and
    /// only when neither verifies, the seeds (containment: a short article
    /// inside a longer one has a low Jaccard, so LSH may miss it, but it
    /// shares nearly all of its seeds).
    fn best_match(&self, fp: &Fingerprint, band_keys: &[u64]) -> Option<Match> {
        // The new document's shingle set, made once and only if needed.
        let shingles = std::cell::OnceCell::new();
        let new = &Candidate {
            fp,
            shingles: &shingles,
        };
        if let Some(&c) = self.exact.get(&fp.exact)
            && let Some(m) = self.verify(new, c as usize)
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
        let met = candidates.len() as u64;
        // A band collision between texts that merely share some sentences
        // is common in a large corpus; the signatures' estimate dismisses it
        // for the price of 128 comparisons instead of a verification.
        candidates.retain(|&c| {
            let other = &self.docs[c as usize].minhash;
            let agree = fp
                .minhash
                .iter()
                .zip(other.iter())
                .filter(|(a, b)| a == b)
                .count();
            agree as f64 / crate::PERMUTATIONS as f64 >= MIN_ESTIMATED_JACCARD
        });
        let dismissed = met - candidates.len() as u64;
        self.count(|s| {
            s.band_candidates += met;
            s.dismissed += dismissed;
        });
        if let Some(m) = self.best_of(new, &candidates) {
            return Some(m);
        }
        // Seeds held by many canonical copies are formulaic here too; the
        // cap keeps this search's cost flat as the index grows.
        let mut holders: Vec<u32> = Vec::new();
        let mine = fp.seeds.iter().filter(|&&s| sampled(s)).count() as u32;
        for &seed in fp.seeds.iter().filter(|&&s| sampled(s)) {
            let postings = self.seeds.get(u64::from(seed));
            if postings.len() <= MAX_CONTAINMENT_POSTINGS {
                holders.extend_from_slice(postings);
            }
        }
        holders.sort_unstable();
        let candidates: Vec<u32> = holders
            .chunk_by(|a, b| a == b)
            .filter(|run| {
                let smaller = mine.min(self.docs[run[0] as usize].sampled_seeds);
                // Edits break some seeds of a contained copy: a third of the
                // smaller set suffices to be verified.
                smaller >= 2 && 3 * run.len() as u32 >= smaller
            })
            .map(|run| run[0])
            .collect();
        self.count(|s| s.containment_candidates += candidates.len() as u64);
        self.best_of(new, &candidates)
    }

    fn best_of(&self, new: &Candidate, candidates: &[u32]) -> Option<Match> {
        let rank = |m: &Match| match m.kind {
            DuplicateKind::Exact => (2, m.similarity),
            DuplicateKind::Near => (1, m.similarity),
            DuplicateKind::Containment => (0, m.similarity),
        };
        let mut best: Option<Match> = None;
        for &c in candidates {
            if let Some(m) = self.verify(new, c as usize)
                && best.as_ref().is_none_or(|b| rank(&m) > rank(b))
            {
                best = Some(m);
            }
        }
        best
    }

    fn big_enough(&self, words: usize) -> bool {
        words + 1 >= self.config.min_shingles + self.config.shingle_words
    }

    /// Exact verification of `fp` against canonical copy `c`.
    ///
    /// Near: Jaccard of the 3-gram sets at or above the threshold, or both
    /// documents covered by shared passages at or above
    /// `aligned_coverage`. Containment: the smaller document's 3-grams in
    /// the larger at or above the threshold, or the smaller document so
    /// covered. Alignment tolerates what shingles do not: every edited word
    /// breaks three 3-grams, but a passage goes on over a gap of a few
    /// words. It runs only on pairs the sets already find close.
    fn verify(&self, new: &Candidate, c: usize) -> Option<Match> {
        let fp = new.fp;
        let other = &self.docs[c];
        // Too little text to tell copies from coincidence: two different
        // articles whose scraped text is the same one-line stub ("Chat with
        // us in Facebook Messenger.") are not duplicates.
        if !self.big_enough(fp.words().min(other.tokens.len())) {
            return None;
        }
        if fp.exact == other.exact && fp.tokens == other.tokens {
            return Some(Match {
                canonical: c,
                kind: DuplicateKind::Exact,
                similarity: 1.0,
            });
        }
        self.count(|s| s.verified += 1);
        let other_shingles = shingle_set(&other.tokens, self.config.shingle_words);
        let (jaccard, containment) = jaccard_and_containment(new.shingles(), &other_shingles);
        let matched = |kind, similarity| {
            Some(Match {
                canonical: c,
                kind,
                similarity,
            })
        };
        if jaccard >= self.config.near_threshold {
            return matched(DuplicateKind::Near, jaccard);
        }
        if containment >= self.config.containment_threshold {
            return matched(DuplicateKind::Containment, containment);
        }
        if jaccard < ALIGN_MIN_JACCARD && containment < ALIGN_MIN_CONTAINMENT {
            return None;
        }
        self.count(|s| s.aligned += 1);
        let wide = |t: &[u32]| t.iter().map(|&h| u64::from(h)).collect::<Vec<u64>>();
        let passages = align_hashes(
            &wide(&fp.tokens),
            &wide(&other.tokens),
            &self.config.align_config(),
        );
        let (mine, theirs) = coverage(&passages, fp.words(), other.tokens.len());
        let enough = self.config.aligned_coverage;
        let smaller = if fp.words() <= other.tokens.len() {
            mine
        } else {
            theirs
        };
        if mine >= enough && theirs >= enough {
            matched(DuplicateKind::Near, jaccard)
        } else if smaller >= enough {
            matched(DuplicateKind::Containment, containment)
        } else {
            None
        }
    }

    /// An estimate of the index's memory, in bytes.
    pub fn memory_bytes(&self) -> usize {
        let docs: usize = self
            .docs
            .iter()
            .map(|d| {
                std::mem::size_of::<Indexed>()
                    + d.tokens.len() * 4
                    + std::mem::size_of::<[u32; crate::PERMUTATIONS]>()
            })
            .sum();
        docs + self.bands.bytes() + self.seeds.bytes() + self.exact.capacity() * 13
    }
}

/// The band keys of a signature: band `k` hashes rows
/// `k * rows .. (k + 1) * rows` together with `k`.
fn band_keys<'a>(config: &Config, fp: &'a Fingerprint) -> impl Iterator<Item = u64> + 'a {
    let rows = config.rows;
    let sig = &fp.minhash;
    (0..config.bands).map(move |k| {
        // The band number, then its rows, on the stack: this runs for
        // every band of every insert.
        let mut bytes = [0u8; 4 * (crate::PERMUTATIONS + 1)];
        bytes[..4].copy_from_slice(&(k as u32).to_le_bytes());
        for (i, v) in sig[k * rows..(k + 1) * rows].iter().enumerate() {
            bytes[4 + 4 * i..8 + 4 * i].copy_from_slice(&v.to_le_bytes());
        }
        xxhash_rust::xxh3::xxh3_64(&bytes[..4 + 4 * rows])
    })
}

/// The keys under which a later document can find `fp` as a candidate:
/// its exact hash, its LSH band keys and its sampled seeds (each kind
/// hashed apart). An external store indexes a canonical copy under these
/// keys, so that it hands [`crate::dedup_corpus`] only the stored
/// documents a new one may copy or share passages with.
pub fn lookup_keys(config: &Config, fp: &Fingerprint) -> Vec<u64> {
    let tagged = |tag: u8, value: u64| {
        let mut bytes = [0u8; 9];
        bytes[0] = tag;
        bytes[1..].copy_from_slice(&value.to_le_bytes());
        xxhash_rust::xxh3::xxh3_64(&bytes)
    };
    let mut keys = vec![tagged(0, fp.exact)];
    if fp.words() + 1 >= config.min_shingles + config.shingle_words {
        keys.extend(band_keys(config, fp));
    }
    keys.extend(
        fp.seeds
            .iter()
            .filter(|&&s| sampled(s))
            .map(|&s| tagged(1, u64::from(s))),
    );
    keys.sort_unstable();
    keys.dedup();
    keys
}
