//! Fingerprints (stage 4): what the dedup index keeps of each document.
//!
//! - an exact hash of the document's words (case and punctuation folded);
//! - the set of its word shingles, as sorted 32-bit hashes, for exact
//!   Jaccard and containment on candidate pairs;
//! - a MinHash signature of that set, for LSH candidates;
//! - winnowed seeds (hashes of word n-grams, one per window), for finding
//!   passages shared with other documents without comparing all pairs.
//!
//! All of it is computed from the words outside excluded ranges (repeated
//! passages, boilerplate), so that a repeated block neither makes a
//! document look like another nor hides a match.

use std::ops::Range;
use std::sync::Arc;

use storyline_text::{Token, shingle_hashes};
use xxhash_rust::xxh3::xxh3_64;

use crate::Config;

/// Signature length: 128 hash functions.
pub const PERMUTATIONS: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the whole word sequence; equal for exact duplicates.
    pub exact: u64,
    /// The words, as 32-bit hashes of their lower-cased form, in order:
    /// what verification aligns and shingle sets are made from. Shared with
    /// the dedup index rather than copied into it.
    pub tokens: Arc<[u32]>,
    /// Words per shingle (see [`Fingerprint::shingles`]).
    pub shingle_words: usize,
    /// MinHash signature of the shingle set (all `u32::MAX` when empty).
    pub minhash: Arc<[u32; PERMUTATIONS]>,
    /// Winnowed seed hashes (distinct, sorted) for passage search.
    pub seeds: Vec<u32>,
}

impl Fingerprint {
    pub fn words(&self) -> usize {
        self.tokens.len()
    }

    /// The sorted, distinct shingle hashes: made when needed rather than
    /// kept, since they take as much memory as the words they come from.
    pub fn shingles(&self) -> Vec<u32> {
        shingle_set(&self.tokens, self.shingle_words)
    }
}

/// The tokens not inside any `excluded` range (ranges sorted by start).
pub fn kept_tokens(tokens: &[Token], excluded: &[Range<usize>]) -> Vec<Token> {
    if excluded.is_empty() {
        return tokens.to_vec();
    }
    tokens
        .iter()
        .filter(|t| {
            let r = t.range();
            !excluded.iter().any(|e| r.start < e.end && e.start < r.end)
        })
        .copied()
        .collect()
}

/// A token's 32-bit hash, as fingerprints store it.
pub fn token_hash(token: &Token) -> u32 {
    (token.hash >> 32) as u32
}

/// The sorted, distinct hashes of the `n`-word shingles of a word
/// sequence.
pub fn shingle_set(tokens: &[u32], n: usize) -> Vec<u32> {
    let wide: Vec<u64> = tokens.iter().map(|&t| u64::from(t)).collect();
    let mut shingles: Vec<u32> = shingle_hashes(&wide, n)
        .into_iter()
        .map(|h| (h >> 32) as u32)
        .collect();
    shingles.sort_unstable();
    shingles.dedup();
    shingles
}

/// Fingerprints a document from its kept tokens.
pub fn fingerprint(tokens: &[Token], config: &Config) -> Fingerprint {
    let tokens: Vec<u32> = tokens.iter().map(token_hash).collect();
    let exact = xxh3_64(
        &tokens
            .iter()
            .flat_map(|h| h.to_le_bytes())
            .collect::<Vec<u8>>(),
    );
    let minhash = Arc::new(minhash(&shingle_set(&tokens, config.shingle_words)));
    let wide: Vec<u64> = tokens.iter().map(|&t| u64::from(t)).collect();
    let mut seeds: Vec<u32> = winnow(
        &shingle_hashes(&wide, config.seed_words),
        config.winnow_window(),
    )
    .into_iter()
    .map(|h| (h >> 32) as u32)
    .collect();
    seeds.sort_unstable();
    seeds.dedup();
    Fingerprint {
        exact,
        tokens: tokens.into(),
        shingle_words: config.shingle_words,
        minhash,
        seeds,
    }
}

/// The hash functions of the signature: `h_i(x) = (a_i * x + b_i) >> 32`
/// over 64-bit arithmetic (multiply-shift hashing), with fixed `a_i` and
/// `b_i` so that signatures are comparable across runs and machines.
struct Permutations {
    a: [u64; PERMUTATIONS],
    b: [u64; PERMUTATIONS],
}

static PERMS: std::sync::LazyLock<Permutations> = std::sync::LazyLock::new(|| {
    let mut state = 0x005E_ED0F_5709_u64;
    let mut next = || {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut a = [0; PERMUTATIONS];
    let mut b = [0; PERMUTATIONS];
    for i in 0..PERMUTATIONS {
        a[i] = next() | 1;
        b[i] = next();
    }
    Permutations { a, b }
});

/// The MinHash signature of a set of 32-bit hashes.
///
/// The same computation is compiled twice: for any x86-64 and, chosen at
/// run time, for CPUs with AVX2, where the compiler turns the inner loop
/// into 4-lane 64-bit multiplies and unsigned 32-bit minimums (about twice
/// the signatures per second).
pub fn minhash(shingles: &[u32]) -> [u32; PERMUTATIONS] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `minhash_avx2` needs AVX2, which the CPU was just found
        // to support.
        #[allow(unsafe_code)]
        return unsafe { minhash_avx2(shingles) };
    }
    minhash_body(shingles)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn minhash_avx2(shingles: &[u32]) -> [u32; PERMUTATIONS] {
    minhash_body(shingles)
}

#[inline(always)]
fn minhash_body(shingles: &[u32]) -> [u32; PERMUTATIONS] {
    let perms = &*PERMS;
    let mut sig = [u32::MAX; PERMUTATIONS];
    for &x in shingles {
        let x = u64::from(x);
        // Written over fixed-size arrays so that the compiler vectorizes it.
        for ((s, &a), &b) in sig.iter_mut().zip(&perms.a).zip(&perms.b) {
            let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
            *s = (*s).min(h);
        }
    }
    sig
}

/// Winnowing (Schleimer, Wilkerson and Aiken, 2003): the minimum hash of
/// every window of `window` consecutive n-gram hashes. Any passage shared
/// by two documents that is at least `window + n - 1` words long yields at
/// least one seed in both.
pub fn winnow(hashes: &[u64], window: usize) -> Vec<u64> {
    let window = window.max(1);
    let mut seeds = Vec::with_capacity(hashes.len() * 2 / (window + 1) + 1);
    if hashes.len() <= window {
        seeds.extend(hashes.iter().min());
    } else {
        let mut last: Option<usize> = None;
        for start in 0..=hashes.len() - window {
            // Rightmost minimum, as in the paper, so that runs of equal
            // hashes give one seed.
            let (offset, _) = hashes[start..start + window]
                .iter()
                .enumerate()
                .rev()
                .min_by_key(|&(_, h)| *h)
                .expect("window is not empty");
            let at = start + offset;
            if last != Some(at) {
                seeds.push(hashes[at]);
                last = Some(at);
            }
        }
    }
    seeds.sort_unstable();
    seeds.dedup();
    seeds
}

/// `|A ∩ B|` of two sorted, distinct sets.
pub fn intersection_size(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Jaccard similarity of two sorted, distinct sets, and the containment of
/// the smaller in the larger.
pub fn jaccard_and_containment(a: &[u32], b: &[u32]) -> (f64, f64) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0.0);
    }
    let inter = intersection_size(a, b) as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    (inter / union, inter / a.len().min(b.len()) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_text::tokens;

    fn fp(text: &str) -> Fingerprint {
        fingerprint(&tokens(text), &Config::default())
    }

    #[test]
    fn exact_hash_ignores_case_and_punctuation() {
        assert_eq!(
            fp("The dam broke, officials said.").exact,
            fp("the DAM broke officials said").exact
        );
        assert_ne!(fp("The dam broke.").exact, fp("The dam held.").exact);
    }

    #[test]
    fn minhash_estimates_jaccard() {
        let words: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
        let a = words.join(" ");
        // Replace every 10th word: true Jaccard on 3-word shingles is about 0.57.
        let b: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i % 10 == 5 {
                    format!("x{i}")
                } else {
                    w.clone()
                }
            })
            .collect();
        let (fa, fb) = (fp(&a), fp(&b.join(" ")));
        let (j, _) = jaccard_and_containment(&fa.shingles(), &fb.shingles());
        let agree = fa
            .minhash
            .iter()
            .zip(fb.minhash.iter())
            .filter(|(x, y)| x == y)
            .count();
        let estimate = agree as f64 / PERMUTATIONS as f64;
        assert!(
            (estimate - j).abs() < 0.15,
            "estimate {estimate} vs exact {j}"
        );
    }

    #[test]
    fn dispatched_and_portable_signatures_agree() {
        let shingles: Vec<u32> = (0..500u32).map(|i| i.wrapping_mul(2_654_435_761)).collect();
        assert_eq!(minhash(&shingles), minhash_body(&shingles));
        assert_eq!(minhash(&[]), [u32::MAX; PERMUTATIONS]);
    }

    #[test]
    fn winnowing_guarantees_a_shared_seed() {
        let hashes: Vec<u64> = (0..100u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let seeds = winnow(&hashes, 4);
        for start in 0..=hashes.len() - 4 {
            assert!(
                hashes[start..start + 4]
                    .iter()
                    .any(|h| seeds.binary_search(h).is_ok())
            );
        }
        assert!(seeds.len() < hashes.len() / 2 + 2);
    }

    #[test]
    fn set_measures() {
        assert_eq!(
            jaccard_and_containment(&[1, 2, 3, 4], &[3, 4, 5, 6]),
            (2.0 / 6.0, 0.5)
        );
        assert_eq!(jaccard_and_containment(&[1, 2], &[1, 2, 3, 4]), (0.5, 1.0));
        assert_eq!(jaccard_and_containment(&[], &[1]), (0.0, 0.0));
    }
}
