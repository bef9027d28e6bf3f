//! Boilerplate (stage 3, clean): short lines that recur across many
//! articles of one outlet ("Enlarge this image", "Sign up for our daily
//! newsletter", photo credits). They are not content: they would make
//! every pair of an outlet's articles look like they share a passage.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use storyline_text::Token;
use xxhash_rust::xxh3::xxh3_64;

use crate::Config;

/// A line of a document: its range (normalized offsets) and a hash of its
/// words, case-folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub range: Range<usize>,
    pub hash: u64,
}

/// The lines of a normalized text that could be boilerplate: those of at
/// least one and at most `config.boilerplate_max_words` words.
pub fn candidate_lines(text: &str, tokens: &[Token], config: &Config) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut t = 0;
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        let first = t;
        while t < tokens.len() && (tokens[t].end as usize) <= end {
            t += 1;
        }
        let words = &tokens[first..t];
        if !words.is_empty() && words.len() <= config.boilerplate_max_words {
            let bytes: Vec<u8> = words.iter().flat_map(|w| w.hash.to_le_bytes()).collect();
            lines.push(Line {
                range: start..end,
                hash: xxh3_64(&bytes),
            });
        }
        start = end + 1;
    }
    lines
}

/// What earlier batches saw of some outlets: how many of each outlet's
/// documents, and in how many of them each candidate line (by
/// [`Line::hash`]). A store keeps these counts, so that a line an outlet
/// repeats is found across batches and not only within one.
#[derive(Debug, Clone, Default)]
pub struct SeenLines {
    pub documents: HashMap<String, usize>,
    pub lines: HashMap<String, HashMap<u64, usize>>,
}

impl SeenLines {
    fn documents(&self, outlet: &str) -> usize {
        self.documents.get(outlet).copied().unwrap_or(0)
    }

    fn line(&self, outlet: &str, hash: u64) -> usize {
        self.lines
            .get(outlet)
            .and_then(|l| l.get(&hash))
            .copied()
            .unwrap_or(0)
    }
}

/// For each document (its outlet and candidate lines), the ranges of its
/// boilerplate lines: lines found in at least `boilerplate_min_docs`
/// documents of the same outlet and in at least `boilerplate_min_share` of
/// them, counting these documents and those `seen` before. Documents
/// without an outlet have none (nothing says which pages share a template).
pub fn find_boilerplate(
    docs: &[(Option<&str>, &[Line])],
    config: &Config,
    seen: &SeenLines,
) -> Vec<Vec<Range<usize>>> {
    let mut outlet_docs: HashMap<&str, usize> = HashMap::new();
    let mut line_docs: HashMap<(&str, u64), usize> = HashMap::new();
    for (outlet, lines) in docs {
        let Some(outlet) = outlet else { continue };
        *outlet_docs.entry(outlet).or_default() += 1;
        let distinct: HashSet<u64> = lines.iter().map(|l| l.hash).collect();
        for hash in distinct {
            *line_docs.entry((outlet, hash)).or_default() += 1;
        }
    }
    docs.iter()
        .map(|(outlet, lines)| {
            let Some(outlet) = outlet else {
                return Vec::new();
            };
            let total = outlet_docs[outlet] + seen.documents(outlet);
            lines
                .iter()
                .filter(|l| {
                    let n = line_docs[&(*outlet, l.hash)] + seen.line(outlet, l.hash);
                    n >= config.boilerplate_min_docs
                        && n as f64 >= config.boilerplate_min_share * total as f64
                })
                .map(|l| l.range.clone())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_text::tokens;

    #[test]
    fn recurring_lines_of_one_outlet() {
        let config = Config::default();
        let texts = [
            "Enlarge this image\nThe dam broke on Tuesday.\nSign up for our newsletter",
            "Enlarge this image\nRescuers reached the town.\nSign up for our newsletter",
            "ENLARGE THIS IMAGE\nThe governor spoke at noon.",
            "Enlarge this image\nA different outlet's story.",
        ];
        let lines: Vec<Vec<Line>> = texts
            .iter()
            .map(|t| candidate_lines(t, &tokens(t), &config))
            .collect();
        let outlets = [
            Some("npr.org"),
            Some("npr.org"),
            Some("npr.org"),
            Some("other.example"),
        ];
        let docs: Vec<(Option<&str>, &[Line])> = outlets
            .iter()
            .zip(&lines)
            .map(|(o, l)| (*o, l.as_slice()))
            .collect();
        let found = find_boilerplate(&docs, &config, &SeenLines::default());
        let text_of = |d: usize, r: &Range<usize>| texts[d][r.clone()].to_string();
        assert_eq!(
            found[0].iter().map(|r| text_of(0, r)).collect::<Vec<_>>(),
            ["Enlarge this image"]
        );
        assert_eq!(
            found[2].iter().map(|r| text_of(2, r)).collect::<Vec<_>>(),
            ["ENLARGE THIS IMAGE"]
        );
        // Two documents are not enough for the newsletter line; another
        // outlet's line is not this outlet's boilerplate.
        assert!(found[3].is_empty());
        assert!(
            found[0]
                .iter()
                .all(|r| text_of(0, r) != "Sign up for our newsletter")
        );

        // Seen before in two more of the outlet's pages, it is.
        let newsletter = lines[0]
            .iter()
            .find(|l| texts[0][l.range.clone()] == *"Sign up for our newsletter")
            .unwrap()
            .hash;
        let seen = SeenLines {
            documents: HashMap::from([("npr.org".to_string(), 5)]),
            lines: HashMap::from([("npr.org".to_string(), HashMap::from([(newsletter, 2)]))]),
        };
        let found = find_boilerplate(&docs, &config, &seen);
        assert_eq!(
            found[1].iter().map(|r| text_of(1, r)).collect::<Vec<_>>(),
            ["Enlarge this image", "Sign up for our newsletter"]
        );
        // ... and only for that outlet.
        assert!(found[3].is_empty());
    }
}
