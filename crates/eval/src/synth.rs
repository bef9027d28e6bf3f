//! Synthetic near-duplicate corpora: real articles with controlled edits at
//! known rates.
//!
//! [`edit`] makes an edited copy of an article: word substitutions,
//! deletions and insertions at a given rate, plus structural edits (a
//! paragraph from another article, a truncated ending, a new headline).
//! Everything is driven by a seeded [`Rng`], so a corpus is the same on
//! every run and machine. [`news_articles`] reads the real articles the
//! copies are made from (giveme5w1h and PolNeAR train, read in place from
//! `../shared`).

use std::path::PathBuf;

/// A small deterministic random number generator (splitmix64): the same
/// seed gives the same sequence on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// A generator for one part of a run: `seed` mixed with `stream`, so
    /// that parts can be generated independently (and in parallel).
    pub fn derive(seed: u64, stream: u64) -> Self {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Rng::below(0)");
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[lo, hi)`.
    pub fn range_f64(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// `k` distinct indices of `0..n`, sorted (all of them when `k >= n`).
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all.sort_unstable();
        all
    }
}

/// Which edits [`edit`] makes. The word operations share the word edit
/// rate (each edit picks one of the enabled operations at random); the
/// structural edits are made once each when enabled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EditKinds {
    /// Replace a word by another word of the vocabulary.
    pub substitute: bool,
    /// Drop a word.
    pub delete: bool,
    /// Add a vocabulary word after a word.
    pub insert: bool,
    /// Insert one paragraph of another article.
    pub paragraph: bool,
    /// Drop the last 10–30% of the words.
    pub truncate: bool,
    /// A new first line (replacing the first line when it is short enough
    /// to be a headline, else added before it).
    pub headline: bool,
}

impl EditKinds {
    fn word_ops(&self) -> Vec<WordOp> {
        let mut ops = Vec::new();
        if self.substitute {
            ops.push(WordOp::Substitute);
        }
        if self.delete {
            ops.push(WordOp::Delete);
        }
        if self.insert {
            ops.push(WordOp::Insert);
        }
        ops
    }
}

/// The edit mixes the near-duplicate evaluation measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    Substitutions,
    Deletions,
    /// Substitutions, deletions and insertions.
    Mixed,
    MixedParagraph,
    MixedTruncation,
    MixedHeadline,
}

impl Mix {
    pub const ALL: [Mix; 6] = [
        Mix::Substitutions,
        Mix::Deletions,
        Mix::Mixed,
        Mix::MixedParagraph,
        Mix::MixedTruncation,
        Mix::MixedHeadline,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mix::Substitutions => "substitutions",
            Mix::Deletions => "deletions",
            Mix::Mixed => "mixed",
            Mix::MixedParagraph => "mixed+paragraph",
            Mix::MixedTruncation => "mixed+truncation",
            Mix::MixedHeadline => "mixed+headline",
        }
    }

    pub fn kinds(self) -> EditKinds {
        let mixed = EditKinds {
            substitute: true,
            delete: true,
            insert: true,
            ..EditKinds::default()
        };
        match self {
            Mix::Substitutions => EditKinds {
                substitute: true,
                ..EditKinds::default()
            },
            Mix::Deletions => EditKinds {
                delete: true,
                ..EditKinds::default()
            },
            Mix::Mixed => mixed,
            Mix::MixedParagraph => EditKinds {
                paragraph: true,
                ..mixed
            },
            Mix::MixedTruncation => EditKinds {
                truncate: true,
                ..mixed
            },
            Mix::MixedHeadline => EditKinds {
                headline: true,
                ..mixed
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordOp {
    Substitute,
    Delete,
    Insert,
}

/// An edited copy and what was done to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    pub text: String,
    /// Words (white-space separated, with a letter or digit) of the
    /// original.
    pub words: usize,
    /// Word operations made: `round(rate * words)`.
    pub word_edits: usize,
    /// Share of the words dropped by truncation (0 when not truncated).
    pub truncated: f64,
}

/// An edited copy of `text`.
///
/// `round(rate * words)` distinct words are edited, each by one of the
/// enabled word operations; substituted and inserted words are drawn from
/// `vocab` (lower-case words; a substitute keeps the case of the first
/// letter and the punctuation around the word). Then, when enabled: one
/// paragraph of `other_paragraphs` (preferring those of 20 words or more)
/// is inserted between two paragraphs, the last 10–30% of the words are
/// dropped, and the first line is replaced by (or, when it is longer than
/// 25 words, preceded by) a headline of 6–12 vocabulary words.
///
/// Lines with no edit are kept byte for byte, so rate 0 with no structural
/// edit returns `text` unchanged.
pub fn edit(
    text: &str,
    rate: f64,
    kinds: &EditKinds,
    rng: &mut Rng,
    vocab: &[String],
    other_paragraphs: &[String],
) -> Edited {
    let ops = kinds.word_ops();
    let lines: Vec<&str> = text.split('\n').collect();
    // Positions (line, word in line) of the words that can be edited.
    let mut positions: Vec<(usize, usize)> = Vec::new();
    for (l, line) in lines.iter().enumerate() {
        for (w, word) in line.split_whitespace().enumerate() {
            if word.chars().any(char::is_alphanumeric) {
                positions.push((l, w));
            }
        }
    }
    let words = positions.len();
    let wanted = if ops.is_empty() || vocab.is_empty() {
        0
    } else {
        (rate.clamp(0.0, 1.0) * words as f64).round() as usize
    };
    let chosen = rng.sample(words, wanted);
    // Edits by line, in word order.
    let mut by_line: Vec<Vec<(usize, WordOp)>> = vec![Vec::new(); lines.len()];
    for &i in &chosen {
        let (l, w) = positions[i];
        by_line[l].push((w, *rng.pick(&ops)));
    }
    let mut out_lines: Vec<String> = Vec::with_capacity(lines.len());
    for (l, line) in lines.iter().enumerate() {
        if by_line[l].is_empty() {
            out_lines.push((*line).to_string());
            continue;
        }
        let mut edits = by_line[l].iter().peekable();
        let mut out: Vec<String> = Vec::new();
        for (w, word) in line.split_whitespace().enumerate() {
            match edits.next_if(|(at, _)| *at == w) {
                None => out.push(word.to_string()),
                Some((_, WordOp::Delete)) => {}
                Some((_, WordOp::Substitute)) => out.push(substitute(word, rng, vocab)),
                Some((_, WordOp::Insert)) => {
                    out.push(word.to_string());
                    out.push(draw_other(rng, vocab, "").to_string());
                }
            }
        }
        out_lines.push(out.join(" "));
    }
    let mut text = out_lines.join("\n");

    if kinds.paragraph && !other_paragraphs.is_empty() {
        let long: Vec<&String> = other_paragraphs
            .iter()
            .filter(|p| p.split_whitespace().count() >= 20)
            .collect();
        let paragraph = if long.is_empty() {
            rng.pick(other_paragraphs).as_str()
        } else {
            rng.pick(&long).as_str()
        };
        let sep = if text.contains("\n\n") { "\n\n" } else { "\n" };
        let mut parts: Vec<&str> = text.split(sep).collect();
        // Never before the first paragraph (the headline).
        let at = 1 + rng.below(parts.len());
        parts.insert(at.min(parts.len()), paragraph.trim());
        text = parts.join(sep);
    }

    let mut truncated = 0.0;
    if kinds.truncate {
        let share = rng.range_f64(0.10, 0.30);
        let total = text.split_whitespace().count();
        let keep = ((1.0 - share) * total as f64).round() as usize;
        if keep < total {
            let end = end_of_word(&text, keep);
            text.truncate(end);
            truncated = 1.0 - keep as f64 / total.max(1) as f64;
        }
    }

    if kinds.headline && !vocab.is_empty() {
        let n = 6 + rng.below(7);
        let mut headline: Vec<String> = (0..n)
            .map(|_| draw_other(rng, vocab, "").to_string())
            .collect();
        headline[0] = capitalize(&headline[0]);
        let headline = headline.join(" ");
        let (first, rest) = match text.find('\n') {
            Some(i) => (&text[..i], &text[i..]),
            None => (text.as_str(), ""),
        };
        text = if first.split_whitespace().count() <= 25 {
            format!("{headline}{rest}")
        } else {
            format!("{headline}\n{text}")
        };
    }

    Edited {
        text,
        words,
        word_edits: chosen.len(),
        truncated,
    }
}

/// The byte offset just after the `n`-th white-space separated word
/// (`n >= 1`), or 0 when `n` is 0.
fn end_of_word(text: &str, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                count += 1;
                if count == n {
                    return i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    text.len()
}

/// A vocabulary word other than `not` (case-insensitively), when the
/// vocabulary has one.
fn draw_other<'a>(rng: &mut Rng, vocab: &'a [String], not: &str) -> &'a str {
    for _ in 0..8 {
        let w = rng.pick(vocab);
        if !w.eq_ignore_ascii_case(not) {
            return w;
        }
    }
    rng.pick(vocab).as_str()
}

/// `word` with its letters and digits replaced by another vocabulary word,
/// keeping the punctuation around it and an upper-case first letter.
fn substitute(word: &str, rng: &mut Rng, vocab: &[String]) -> String {
    let start = word
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric())
        .map_or(0, |(i, _)| i);
    let end = word
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric())
        .map_or(word.len(), |(i, c)| i + c.len_utf8());
    let core = &word[start..end];
    let mut new = draw_other(rng, vocab, core).to_string();
    if core.chars().next().is_some_and(char::is_uppercase) {
        new = capitalize(&new);
    }
    format!("{}{new}{}", &word[..start], &word[end..])
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The paragraphs (non-empty lines, trimmed) of a text.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The distinct lower-cased words (runs of letters and digits, at least two
/// characters, at least one a letter) of `texts`, sorted: a vocabulary for
/// substitutions and insertions.
pub fn vocabulary<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut words = std::collections::BTreeSet::new();
    for text in texts {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if word.chars().count() >= 2 && word.chars().any(char::is_alphabetic) {
                words.insert(word.to_lowercase());
            }
        }
    }
    words.into_iter().collect()
}

/// A source article.
#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    pub text: String,
}

/// The directories [`news_articles`] reads, when `../shared` is there.
pub fn news_dirs() -> Vec<PathBuf> {
    [
        crate::shared_dir("data/giveme5w1h/news_cluster"),
        crate::shared_dir("data/polnear/train/text"),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The giveme5w1h news-cluster articles (their `text` field) and the
/// PolNeAR train texts, read in place from `../shared`, in file order.
pub fn news_articles() -> anyhow::Result<Vec<Article>> {
    let dirs = news_dirs();
    anyhow::ensure!(
        dirs.len() == 2,
        "../shared/data/giveme5w1h/news_cluster or ../shared/data/polnear/train/text is missing"
    );
    let expanded = storyline_read::expand(&dirs);
    let mut out = Vec::new();
    for input in &expanded.inputs {
        for record in storyline_read::records(input) {
            if let Ok(doc) = record.and_then(storyline_read::decode)
                && !doc.text.trim().is_empty()
            {
                out.push(Article {
                    id: doc.source,
                    text: doc.text,
                });
            }
        }
    }
    anyhow::ensure!(!out.is_empty(), "no articles found in {dirs:?}");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_text(words: usize) -> String {
        let mut rng = Rng::new(7);
        let mut lines = vec!["A headline about the dam".to_string()];
        let mut line = Vec::new();
        for i in 0..words {
            line.push(format!("w{}", rng.below(100_000)));
            if i % 40 == 39 {
                line.last_mut().unwrap().push('.');
                lines.push(line.join(" "));
                line.clear();
            }
        }
        if !line.is_empty() {
            lines.push(line.join(" "));
        }
        lines.join("\n")
    }

    fn vocab() -> Vec<String> {
        (0..500).map(|i| format!("v{i}")).collect()
    }

    #[test]
    fn rng_is_deterministic_and_uniform() {
        let a: Vec<u64> = (0..5)
            .scan(Rng::new(1), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..5)
            .scan(Rng::new(1), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
        let mut r = Rng::new(3);
        let mut counts = [0usize; 10];
        for _ in 0..100_000 {
            counts[r.below(10)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_000..11_000).contains(&c)),
            "{counts:?}"
        );
        let s = r.sample(100, 10);
        assert_eq!(s.len(), 10);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn rate_zero_keeps_the_text() {
        let text = "Title line\n\n  Body,  with   odd spacing.\nEnd.";
        for mix in [Mix::Substitutions, Mix::Deletions, Mix::Mixed] {
            let e = edit(text, 0.0, &mix.kinds(), &mut Rng::new(1), &vocab(), &[]);
            assert_eq!(e.text, text);
            assert_eq!(e.word_edits, 0);
        }
    }

    #[test]
    fn substitutions_change_the_rate_of_words() {
        let text = sample_text(2000);
        let kinds = Mix::Substitutions.kinds();
        let e = edit(&text, 0.1, &kinds, &mut Rng::new(5), &vocab(), &[]);
        assert_eq!(e.words, 2005);
        assert_eq!(e.word_edits, 201);
        let a: Vec<&str> = text.split_whitespace().collect();
        let b: Vec<&str> = e.text.split_whitespace().collect();
        assert_eq!(a.len(), b.len());
        let changed = a.iter().zip(&b).filter(|(x, y)| x != y).count();
        assert_eq!(changed, 201);
        // Punctuation around a substituted word stays.
        assert_eq!(
            a.iter().filter(|w| w.ends_with('.')).count(),
            b.iter().filter(|w| w.ends_with('.')).count()
        );
    }

    #[test]
    fn deletions_and_insertions_change_the_length() {
        let text = sample_text(1000);
        let del = edit(
            &text,
            0.1,
            &Mix::Deletions.kinds(),
            &mut Rng::new(2),
            &vocab(),
            &[],
        );
        assert_eq!(del.word_edits, 101);
        assert_eq!(del.text.split_whitespace().count(), 1005 - 101);
        let ins = EditKinds {
            insert: true,
            ..EditKinds::default()
        };
        let e = edit(&text, 0.05, &ins, &mut Rng::new(2), &vocab(), &[]);
        assert_eq!(e.text.split_whitespace().count(), 1005 + 50);
    }

    #[test]
    fn same_seed_same_copy() {
        let text = sample_text(500);
        let paras = vec!["x ".repeat(30)];
        let kinds = EditKinds {
            paragraph: true,
            truncate: true,
            headline: true,
            ..Mix::Mixed.kinds()
        };
        let a = edit(&text, 0.1, &kinds, &mut Rng::new(9), &vocab(), &paras);
        let b = edit(&text, 0.1, &kinds, &mut Rng::new(9), &vocab(), &paras);
        let c = edit(&text, 0.1, &kinds, &mut Rng::new(10), &vocab(), &paras);
        assert_eq!(a, b);
        assert_ne!(a.text, c.text);
    }

    #[test]
    fn structural_edits() {
        let text = sample_text(1000);
        let other = "Another article's paragraph that is long enough to be chosen because it has more than twenty words in it, says the test.";
        let e = edit(
            &text,
            0.0,
            &EditKinds {
                paragraph: true,
                ..EditKinds::default()
            },
            &mut Rng::new(4),
            &vocab(),
            &["short".to_string(), other.to_string()],
        );
        assert!(e.text.contains(&format!("\n{other}")));
        assert!(!e.text.starts_with(other));
        assert_eq!(e.text.len(), text.len() + other.len() + 1);

        let e = edit(
            &text,
            0.0,
            &EditKinds {
                truncate: true,
                ..EditKinds::default()
            },
            &mut Rng::new(4),
            &vocab(),
            &[],
        );
        assert!(text.starts_with(&e.text));
        let kept = e.text.split_whitespace().count() as f64 / 1005.0;
        assert!((0.69..=0.91).contains(&kept), "{kept}");
        assert!((e.truncated - (1.0 - kept)).abs() < 1e-9);

        let e = edit(
            &text,
            0.0,
            &EditKinds {
                headline: true,
                ..EditKinds::default()
            },
            &mut Rng::new(4),
            &vocab(),
            &[],
        );
        let (first, rest) = e.text.split_once('\n').unwrap();
        assert_ne!(first, "A headline about the dam");
        assert!(first.starts_with('V'));
        assert_eq!(rest, text.split_once('\n').unwrap().1);
    }

    #[test]
    fn vocabulary_and_paragraphs() {
        assert_eq!(
            vocabulary(["The dam's 2 gates, the DAM", "Zoë a1"]),
            ["a1", "dam", "gates", "the", "zoë"]
        );
        assert_eq!(paragraphs(" a b \n\n c\n"), ["a b", "c"]);
    }
}
