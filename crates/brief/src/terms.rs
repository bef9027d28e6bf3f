//! The content terms of a sentence: lower-cased, stemmed words that are not
//! stop words or reporting verbs, hashed. Both the redundancy measure and
//! "also reported by" compare these, so that two outlets' wordings of one
//! fact ("dispatched" / "would travel", "Army Secretary" / "Secretary of the
//! Army") still meet on the words that carry the content.

use rust_stemmers::{Algorithm, Stemmer};
use xxhash_rust::xxh3::xxh3_64;

/// Besides the function words ([`storyline_text::FUNCTION_WORDS`]), the
/// reporting verbs every news sentence carries ("wrote", "noted") and
/// contraction fragments: they would make unrelated sentences look alike.
/// Sorted, for binary search.
const REPORTING: &[&str] = &[
    "added", "might", "must", "noted", "per", "s", "shall", "stated", "t", "tells", "u", "wrote",
];

/// Term extraction with its stemmer, created once per call of the public
/// functions.
pub(crate) struct Terms {
    stemmer: Stemmer,
    /// Each word as written, and its term (`None`: not a content word).
    /// An event's sources, copies above all, repeat their words: each is
    /// lower-cased, looked up and stemmed once per brief.
    seen: std::cell::RefCell<std::collections::HashMap<String, Option<u64>>>,
}

/// The words of one sentence: how many there are and the content terms with
/// their counts, sorted by hash.
pub(crate) struct SentenceTerms {
    pub words: usize,
    pub counts: Vec<(u64, u32)>,
}

impl Terms {
    pub fn new() -> Self {
        Terms {
            stemmer: Stemmer::create(Algorithm::English),
            seen: Default::default(),
        }
    }

    pub fn of(&self, sentence: &str) -> SentenceTerms {
        let toks = storyline_text::tokens(sentence);
        let mut hashes = Vec::with_capacity(toks.len());
        let mut seen = self.seen.borrow_mut();
        for t in &toks {
            let word = &sentence[t.range()];
            let term = match seen.get(word) {
                Some(&term) => term,
                None => {
                    let term = self.term(word);
                    seen.insert(word.to_string(), term);
                    term
                }
            };
            hashes.extend(term);
        }
        hashes.sort_unstable();
        let mut counts: Vec<(u64, u32)> = Vec::with_capacity(hashes.len());
        for h in hashes {
            match counts.last_mut() {
                Some((last, n)) if *last == h => *n += 1,
                _ => counts.push((h, 1)),
            }
        }
        SentenceTerms {
            words: toks.len(),
            counts,
        }
    }

    /// The term of one word as written, or `None` for a word that carries
    /// no content.
    fn term(&self, word: &str) -> Option<u64> {
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        if lower.is_ascii() && lower.len() < 2 && !lower.as_bytes()[0].is_ascii_digit() {
            return None;
        }
        if storyline_text::is_function_word(&lower)
            || REPORTING.binary_search(&lower.as_str()).is_ok()
        {
            return None;
        }
        let stem = if lower.chars().all(char::is_alphabetic) {
            self.stemmer.stem(&lower)
        } else {
            std::borrow::Cow::Borrowed(lower.as_str())
        };
        Some(xxh3_64(stem.as_bytes()))
    }
}

/// Ochiai (cosine of binary vectors) of two sorted term lists: shared terms
/// over the geometric mean of the two sizes. 0 when either is empty.
pub(crate) fn ochiai(a: &[(u64, u32)], b: &[(u64, u32)]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / ((a.len() * b.len()) as f64).sqrt()
}

/// The redundancy measure of the brief: **Ochiai coefficient (binary
/// cosine) over stemmed content words** of two sentences, in `0..=1`.
/// It depends on the two sentences only (no corpus statistics), so anyone
/// can recompute it to check a brief against
/// [`REDUNDANCY_THRESHOLD`](crate::REDUNDANCY_THRESHOLD).
pub fn redundancy(a: &str, b: &str) -> f64 {
    let terms = Terms::new();
    ochiai(&terms.of(a).counts, &terms.of(b).counts)
}

/// A text's content terms, made once, for comparing it with many others:
/// `ContentTerms::of(a).redundancy(&ContentTerms::of(b))` equals
/// [`redundancy`]`(a, b)` without stemming `a` again for every `b`.
#[derive(Debug, Clone)]
pub struct ContentTerms(Vec<(u64, u32)>);

impl ContentTerms {
    pub fn of(text: &str) -> Self {
        ContentTerms(Terms::new().of(text).counts)
    }

    pub fn redundancy(&self, other: &ContentTerms) -> f64 {
        ochiai(&self.0, &other.0)
    }

    /// The share of `other`'s distinct content terms this text has (1 when
    /// `other` has none): how much of a reference it covers.
    pub fn coverage_of(&self, other: &ContentTerms) -> f64 {
        if other.0.is_empty() {
            return 1.0;
        }
        let have = other
            .0
            .iter()
            .filter(|(t, _)| self.0.binary_search_by_key(t, |&(h, _)| h).is_ok())
            .count();
        have as f64 / other.0.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporting_words_are_sorted() {
        let mut sorted = REPORTING.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, REPORTING);
    }

    #[test]
    fn paraphrase_meets_on_content() {
        let r = redundancy(
            "The envoy was dispatched to Vienna to meet the minister.",
            "He said the envoy would travel to Vienna, meeting the minister.",
        );
        assert!(r > 0.6, "{r}");
        assert_eq!(redundancy("the of and", "a sentence"), 0.0);
    }

    #[test]
    fn coverage_counts_the_reference_terms_found() {
        let brief =
            ContentTerms::of("The dam at Tarrow Ford gave way on Monday, flooding 40 homes.");
        let headline = ContentTerms::of("Tarrow Ford dam fails; homes flooded in Calder");
        // tarrow, ford, dam, homes, flooded of tarrow, ford, dam, fails,
        // homes, flooded, calder.
        assert!((brief.coverage_of(&headline) - 5.0 / 7.0).abs() < 1e-9);
        assert_eq!(brief.coverage_of(&ContentTerms::of("the of")), 1.0);
    }
}
