//! Passages repeated inside one document (stage 3, clean): a scraper that
//! printed the body twice, a pull quote set again in the page. Later copies
//! are found on word n-grams, extended to the characters around them, and
//! excluded from every later stage, which then sees the article once.

use crate::prehashed::PrehashedMap;
use std::ops::Range;

use storyline_text::{Token, shingle_hashes};

/// A later copy of an earlier passage of the same text (normalized offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    /// The later copy: what later stages skip.
    pub copy: Range<usize>,
    /// The earlier passage it repeats.
    pub source: Range<usize>,
}

/// Seed length: runs of repeated words are found from repeated n-grams of
/// this many words.
const SEED_WORDS: usize = 8;

/// Finds later copies of earlier passages at least `min_words` words long.
pub fn find_repeats(text: &str, tokens: &[Token], min_words: usize) -> Vec<Repeat> {
    let min_words = min_words.max(SEED_WORDS);
    if tokens.len() < min_words * 2 {
        return Vec::new();
    }
    let hashes: Vec<u64> = tokens.iter().map(|t| t.hash).collect();
    let seeds = shingle_hashes(&hashes, SEED_WORDS);
    // For each token, the earlier token it copies, if any.
    let mut copied_from: Vec<Option<usize>> = vec![None; tokens.len()];
    let mut first_seen: PrehashedMap<usize> = PrehashedMap::default();
    for (i, &h) in seeds.iter().enumerate() {
        match first_seen.get(&h) {
            // The copy must not overlap its source: "a a a" is not a
            // repeated passage of itself.
            Some(&j)
                if j + SEED_WORDS <= i
                    && hashes[j..j + SEED_WORDS] == hashes[i..i + SEED_WORDS] =>
            {
                for k in 0..SEED_WORDS {
                    copied_from[i + k].get_or_insert(j + k);
                }
            }
            Some(_) => {}
            None => {
                first_seen.insert(h, i);
            }
        }
    }
    let mut repeats = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(src) = copied_from[i] else {
            i += 1;
            continue;
        };
        // A run of tokens copying a run of consecutive earlier tokens.
        let start = i;
        let mut end = i + 1;
        while end < tokens.len() && copied_from[end] == Some(src + (end - start)) {
            end += 1;
        }
        i = end;
        if end - start < min_words {
            continue;
        }
        let src_last = src + (end - start) - 1;
        let mut copy = tokens[start].range().start..tokens[end - 1].range().end;
        let mut source = tokens[src].range().start..tokens[src_last].range().end;
        // Extend over the characters that still agree: a copy cut off in
        // the middle of a word ("A task fo") is a copy to its last byte.
        let agree_after = common_prefix(
            &text[copy.end..],
            &text[source.end..source.end.max(copy.start)],
        );
        copy.end += agree_after;
        source.end += agree_after;
        // Backwards only within the first word (and its opening quote or
        // bracket): the text before a repeat legitimately differs.
        let agree_before = common_suffix(
            &text[source.end.min(copy.start)..copy.start],
            &text[..source.start],
            |c| !c.is_whitespace(),
        );
        copy.start -= agree_before;
        source.start -= agree_before;
        let copy = trim_range(text, copy);
        if !copy.is_empty() {
            repeats.push(Repeat { copy, source });
        }
    }
    repeats
}

/// Bytes of the longest common prefix of `a` and `b`, on a char boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .last()
        .map_or(0, |((i, c), _)| i + c.len_utf8())
}

/// Bytes of the longest common suffix of `a` and `b` made of characters
/// that satisfy `allowed`, on a char boundary.
fn common_suffix(a: &str, b: &str, allowed: impl Fn(char) -> bool) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y && allowed(*x))
        .map(|(x, _)| x.len_utf8())
        .sum()
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_text::tokens;

    fn repeats(text: &str) -> Vec<(String, String)> {
        find_repeats(text, &tokens(text), 10)
            .into_iter()
            .map(|r| (text[r.copy].to_string(), text[r.source].to_string()))
            .collect()
    }

    #[test]
    fn a_body_printed_twice_and_cut_off() {
        let body = "The dam gave way at dawn on Tuesday and flooded the lower town.\nRescue crews from three provinces worked through the night to reach the stranded families.";
        let text = format!(
            "Headline sentence stands alone here.\n{body}\n{}",
            &body[..body.len() - 20]
        );
        let found = repeats(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].0,
            &body[..body.len() - 20],
            "the copy, to its last byte"
        );
        assert!(found[0].1.starts_with("The dam gave way"));
    }

    #[test]
    fn short_or_self_overlapping_repetition_is_not_a_repeat() {
        assert!(repeats("He said no. He said no. He said no.").is_empty());
        let chant = "go ".repeat(60);
        assert!(repeats(&chant).is_empty());
    }

    #[test]
    fn multibyte_edges_stay_on_boundaries() {
        let para = "Zoë Hartley said the “Merrow Dam” inspection found cracks in the spillway wall near Brenmoor";
        let text = format!("{para}.\n\n{para}…");
        let found = find_repeats(&text, &tokens(&text), 10);
        assert_eq!(found.len(), 1);
        assert!(
            text.is_char_boundary(found[0].copy.start) && text.is_char_boundary(found[0].copy.end)
        );
        assert_eq!(&text[found[0].copy.clone()], para);
    }
}
