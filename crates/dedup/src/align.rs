//! Passage alignment: the passages two documents share, as word ranges
//! in both. Used to explain a duplicate match, to report reuse between
//! distinct documents, and measured on PAN's text-alignment corpus.
//!
//! Seed and extend: every word n-gram of one document is looked up in a
//! hash table of the other's; each hit is extended to a maximal exact
//! match; matches that follow each other in both documents with small
//! gaps (an edited word, a changed punctuation mark) merge into one
//! passage; passages shorter than the minimum are dropped.

use crate::prehashed::PrehashedMap;
use std::ops::Range;

use storyline_text::{Token, shingle_hashes};

/// A passage shared by documents A and B, in token indices of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub a: Range<usize>,
    pub b: Range<usize>,
    /// Words matched exactly (the passage may also span small gaps).
    pub matched: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct AlignConfig {
    /// Seed length in words.
    pub seed_words: usize,
    /// A passage must match at least this many words.
    pub min_words: usize,
    /// Matches this close in both documents merge into one passage.
    pub max_gap_words: usize,
}

/// Occurrences of one n-gram beyond this many in one document are not
/// used as seeds: they are formulaic, and would make alignment quadratic.
const MAX_OCCURRENCES: usize = 16;

/// The passages shared by token sequences `a` and `b`.
pub fn align(a: &[Token], b: &[Token], config: &AlignConfig) -> Vec<Passage> {
    let ha: Vec<u64> = a.iter().map(|t| t.hash).collect();
    let hb: Vec<u64> = b.iter().map(|t| t.hash).collect();
    align_hashes(&ha, &hb, config)
}

/// The passages shared by two sequences of word hashes.
pub fn align_hashes(ha: &[u64], hb: &[u64], config: &AlignConfig) -> Vec<Passage> {
    let k = config.seed_words.max(1);
    if ha.len() < k || hb.len() < k {
        return Vec::new();
    }
    let mut index: PrehashedMap<Vec<u32>> = PrehashedMap::default();
    for (j, h) in shingle_hashes(hb, k).into_iter().enumerate() {
        let positions = index.entry(h).or_default();
        if positions.len() < MAX_OCCURRENCES {
            positions.push(j as u32);
        }
    }
    // Maximal exact matches (i, j, len), found in order of i.
    let mut matches: Vec<(usize, usize, usize)> = Vec::new();
    for (i, h) in shingle_hashes(ha, k).into_iter().enumerate() {
        let Some(positions) = index.get(&h) else {
            continue;
        };
        for &j in positions {
            let j = j as usize;
            // Inside a match already found on this diagonal.
            if i > 0 && j > 0 && ha[i - 1] == hb[j - 1] {
                continue;
            }
            let mut len = 0;
            while i + len < ha.len() && j + len < hb.len() && ha[i + len] == hb[j + len] {
                len += 1;
            }
            if len >= k {
                matches.push((i, j, len));
            }
        }
    }
    // Chain matches into passages: a match continues an open passage when
    // it starts after the passage's end in both documents, within the gap.
    let gap = config.max_gap_words;
    let mut passages: Vec<Passage> = Vec::new();
    for (i, j, len) in matches {
        let continues = passages
            .iter_mut()
            .rev()
            .take(64)
            .find(|p| i >= p.a.end && i <= p.a.end + gap && j >= p.b.end && j <= p.b.end + gap);
        match continues {
            Some(p) => {
                p.a.end = i + len;
                p.b.end = j + len;
                p.matched += len;
            }
            None => passages.push(Passage {
                a: i..i + len,
                b: j..j + len,
                matched: len,
            }),
        }
    }
    passages.retain(|p| p.matched >= config.min_words);
    one_to_one(passages)
}

/// The share of the words of `a` and of `b` inside `passages` (edits
/// inside a passage count as covered: that is what tolerates them).
pub fn coverage(passages: &[Passage], a_len: usize, b_len: usize) -> (f64, f64) {
    let covered = |ranges: Vec<Range<usize>>| -> usize {
        let mut ranges = ranges;
        ranges.sort_by_key(|r| r.start);
        let (mut total, mut end) = (0, 0);
        for r in ranges {
            let start = r.start.max(end);
            if r.end > start {
                total += r.end - start;
                end = r.end;
            }
        }
        total
    };
    let share = |n: usize, len: usize| if len == 0 { 0.0 } else { n as f64 / len as f64 };
    (
        share(
            covered(passages.iter().map(|p| p.a.clone()).collect()),
            a_len,
        ),
        share(
            covered(passages.iter().map(|p| p.b.clone()).collect()),
            b_len,
        ),
    )
}

/// Keeps each stretch of text in at most one passage. Text that one
/// document repeats (a paragraph printed twice, a quote in the headline and
/// the body) matches every copy in the other; the longest passage wins and
/// a passage at least half inside a kept one, on either side, goes.
fn one_to_one(mut passages: Vec<Passage>) -> Vec<Passage> {
    passages.sort_by(|x, y| y.matched.cmp(&x.matched).then(x.a.start.cmp(&y.a.start)));
    let overlap =
        |x: &Range<usize>, y: &Range<usize>| x.end.min(y.end).saturating_sub(x.start.max(y.start));
    let mut kept: Vec<Passage> = Vec::with_capacity(passages.len());
    for p in passages {
        let covered = kept
            .iter()
            .any(|k| 2 * overlap(&p.a, &k.a) >= p.a.len() || 2 * overlap(&p.b, &k.b) >= p.b.len());
        if !covered {
            kept.push(p);
        }
    }
    kept.sort_by_key(|p| (p.a.start, p.b.start));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_text::tokens;

    const CONFIG: AlignConfig = AlignConfig {
        seed_words: 5,
        min_words: 8,
        max_gap_words: 3,
    };

    fn shared(a: &str, b: &str) -> Vec<(String, String)> {
        let (ta, tb) = (tokens(a), tokens(b));
        align(&ta, &tb, &CONFIG)
            .into_iter()
            .map(|p| {
                (
                    a[ta[p.a.start].range().start..ta[p.a.end - 1].range().end].to_string(),
                    b[tb[p.b.start].range().start..tb[p.b.end - 1].range().end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn finds_a_quoted_statement_in_both() {
        let quote =
            "Brenmoor, you are not alone. Every rescue crew in Calder is on its way to you.";
        let a = format!("The governor wrote on X: \"{quote}\" She later visited shelters.");
        let b = format!("In her post, Durand said “{quote}” Officials said 14 had died.");
        let found = shared(&a, &b);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].0,
            "Brenmoor, you are not alone. Every rescue crew in Calder is on its way to you"
        );
        assert_eq!(found[0].0, found[0].1);
    }

    #[test]
    fn small_edits_stay_one_passage() {
        let a = "the wall of water reached the main square of the town shortly after five in the morning and swept away cars";
        let b = "the wall of water reached the central square of the town shortly after five in the morning and swept away cars";
        let found = shared(a, b);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, a);
    }

    #[test]
    fn repeated_text_aligns_once() {
        let quote = "every rescue crew in the province is on its way to the town tonight";
        let a = format!("{quote}. Later the governor spoke again.");
        let b = format!("Headline: {quote}. The governor wrote: {quote}.");
        assert_eq!(shared(&a, &b).len(), 1);
    }

    #[test]
    fn nothing_shared_below_the_minimum() {
        assert!(
            shared(
                "one two three four five six seven",
                "one two three four five six seven"
            )
            .is_empty()
        );
        assert!(
            shared(
                "the dam broke on tuesday morning after days of rain",
                "rescuers searched the river banks for missing people"
            )
            .is_empty()
        );
    }
}
