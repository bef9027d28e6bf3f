//! What clustering compares of a document: weighted term vectors of its
//! body, its title and the names it mentions, and its publication time.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};
use storyline_text::Token;
use xxhash_rust::xxh3::xxh3_64;

/// A sparse vector: `(term, weight)` sorted by term.
pub type Sparse = Vec<(u64, f32)>;

/// Raw term counts of one document, before corpus statistics weigh them.
#[derive(Debug, Clone, Default)]
pub struct DocTerms {
    /// Stemmed, lower-cased content words of the body (stop words out).
    pub body: Vec<(u64, u32)>,
    /// The same for the title (or, without one, the lead sentence).
    pub title: Vec<(u64, u32)>,
    /// Capitalized words that do not start a sentence: names of people,
    /// places and organizations, as far as capitalization tells.
    pub names: Vec<(u64, u32)>,
    /// The terms' readable forms, for explanations (empty unless asked
    /// for: they cost memory on every document).
    pub labels: HashMap<u64, String>,
}

/// Extracts the terms of a document from its (normalized) title and body
/// tokens. `body_text` is the normalized text the tokens index into.
pub fn doc_terms(
    title: Option<&str>,
    body_text: &str,
    body_tokens: &[Token],
    with_labels: bool,
) -> DocTerms {
    let stemmer = Stemmer::create(Algorithm::English);
    let mut labels = HashMap::new();
    let mut body = HashMap::new();
    let mut names = HashMap::new();
    for (k, token) in body_tokens.iter().enumerate() {
        let word = &body_text[token.range()];
        let lower = word.to_lowercase();
        if is_name(word, body_text, token, k) && !STOP_WORDS.contains(&lower.as_str()) {
            let id = xxh3_64(format!("n:{lower}").as_bytes());
            *names.entry(id).or_insert(0u32) += 1;
            labels.entry(id).or_insert_with(|| word.to_string());
        }
        if let Some(stem) = content_stem(&stemmer, &lower) {
            let id = xxh3_64(stem.as_bytes());
            *body.entry(id).or_insert(0u32) += 1;
            labels.entry(id).or_insert(lower);
        }
    }
    let mut title_terms = HashMap::new();
    let title_text = match title {
        Some(t) => t.to_string(),
        None => lead_sentence(body_text),
    };
    for token in storyline_text::tokens(&title_text) {
        let lower = title_text[token.range()].to_lowercase();
        if let Some(stem) = content_stem(&stemmer, &lower) {
            let id = xxh3_64(stem.as_bytes());
            *title_terms.entry(id).or_insert(0u32) += 1;
            labels.entry(id).or_insert(lower);
        }
    }
    let sorted = |m: HashMap<u64, u32>| {
        let mut v: Vec<(u64, u32)> = m.into_iter().collect();
        v.sort_unstable();
        v
    };
    if !with_labels {
        labels = HashMap::new();
    }
    DocTerms {
        body: sorted(body),
        title: sorted(title_terms),
        names: sorted(names),
        labels,
    }
}

fn content_stem(stemmer: &Stemmer, lower: &str) -> Option<String> {
    if lower.chars().count() < 3
        || lower.chars().all(|c| c.is_ascii_digit())
        || STOP_WORDS.contains(&lower)
    {
        return None;
    }
    Some(stemmer.stem(lower).into_owned())
}

/// A capitalized word that does not open a sentence or a quote.
fn is_name(word: &str, text: &str, token: &Token, k: usize) -> bool {
    if !word.chars().next().is_some_and(char::is_uppercase) || word.chars().count() < 2 {
        return false;
    }
    if k == 0 {
        return false;
    }
    let before = text[..token.range().start].trim_end_matches([' ', '"', '\'', '(']);
    !(before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':']))
}

/// The first sentence of a text (up to 40 words), standing in for a title.
pub fn lead_sentence(text: &str) -> String {
    text[crate::lead_span(text)]
        .split_whitespace()
        .take(40)
        .collect::<Vec<_>>()
        .join(" ")
}

/// English function words and news filler that say nothing of what
/// happened.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "said",
    "says",
    "say",
    "told",
    "according",
    "one",
    "two",
    "new",
    "year",
    "years",
    "last",
    "first",
    "time",
    "people",
    "may",
    "many",
    "much",
    "like",
    "get",
    "got",
    "make",
    "made",
    "well",
    "back",
    "even",
    "still",
    "way",
    "us",
    "mr",
    "mrs",
    "ms",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "week",
    "day",
    "days",
    "month",
    "news",
    "report",
    "reported",
    "reports",
    "image",
    "photo",
    "video",
    "read",
    "more",
    "advertisement",
    "story",
    "continue",
    "reading",
    "main",
    "related",
    "copyright",
    "rights",
    "reserved",
];
