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
    /// Content stems of the lead (the first [`LEAD_TOKENS`] words of the
    /// body): news puts what happened first, so the lead tells events of
    /// one story apart better than the whole body.
    pub lead: Vec<(u64, u32)>,
    /// Numbers written in digits (two or more): counts, sums, versions,
    /// which identify one happening ("143 million", "527 injured").
    pub numbers: Vec<(u64, u32)>,
    /// Runs of two or more names ("Las Vegas", "Stephen Paddock"): more
    /// specific than the single words.
    pub phrases: Vec<(u64, u32)>,
    /// Years (1900–2099) and months the text mentions, by number: when it
    /// says things happened. Without publication dates, they tell this
    /// year's New Year's Eve from last year's.
    pub years: Vec<(u64, u32)>,
    pub months: Vec<(u64, u32)>,
    /// Death tolls the text gives ("killing at least seven people", "12
    /// fatalities"): one strike does not kill both seven and twelve, so
    /// tolls far apart tell two happenings of one story apart.
    pub tolls: Vec<u32>,
    /// The terms' readable forms, for explanations (empty unless asked
    /// for: they cost memory on every document).
    pub labels: HashMap<u64, String>,
}

impl DocTerms {
    /// Every term id of the document, in any field, once each: what its
    /// document frequency counts.
    pub fn ids(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = [
            &self.body,
            &self.title,
            &self.names,
            &self.numbers,
            &self.phrases,
        ]
        .into_iter()
        .flat_map(|field| field.iter().map(|(t, _)| *t))
        .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
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
    let mut lead = HashMap::new();
    let mut numbers = HashMap::new();
    let mut phrases = HashMap::new();
    let mut years = HashMap::new();
    let mut months = HashMap::new();
    // The current run of names: its first token and its lower-cased words.
    let mut run: Vec<String> = Vec::new();
    let mut run_end = 0usize;
    let mut close_run = |run: &mut Vec<String>, labels: &mut HashMap<u64, String>| {
        if run.len() >= 2 {
            let phrase = run.join(" ");
            let id = xxh3_64(format!("p:{phrase}").as_bytes());
            *phrases.entry(id).or_insert(0u32) += 1;
            labels.entry(id).or_insert(phrase);
        }
        run.clear();
    };
    for (k, token) in body_tokens.iter().enumerate() {
        let word = &body_text[token.range()];
        // A run of names continues over single spaces only.
        let adjacent = body_text
            .get(run_end..token.range().start)
            .is_some_and(|gap| gap == " ");
        if !run.is_empty() && !adjacent {
            close_run(&mut run, &mut labels);
        }
        if let Some(month) = month_of(word, body_tokens.get(k + 1).map(|t| &body_text[t.range()])) {
            *months.entry(month).or_insert(0u32) += 1;
        }
        if is_year(word) {
            let year: u64 = word.parse().unwrap_or_default();
            *years.entry(year).or_insert(0u32) += 1;
        }
        if word.len() >= 2 && word.bytes().all(|b| b.is_ascii_digit()) {
            let id = xxh3_64(format!("#:{word}").as_bytes());
            *numbers.entry(id).or_insert(0u32) += 1;
            labels.entry(id).or_insert_with(|| word.to_string());
            continue;
        }
        let lower = word.to_lowercase();
        let capitalized =
            word.chars().next().is_some_and(char::is_uppercase) && !is_stop_word(&lower);
        if is_name(word, body_text, token, k) && !is_stop_word(&lower) {
            let id = xxh3_64(format!("n:{lower}").as_bytes());
            *names.entry(id).or_insert(0u32) += 1;
            labels.entry(id).or_insert_with(|| word.to_string());
        }
        if capitalized && word.chars().count() >= 2 {
            run.push(lower.clone());
            run_end = token.range().end;
        } else if !run.is_empty() {
            close_run(&mut run, &mut labels);
        }
        if let Some(stem) = content_stem(&stemmer, &lower) {
            let id = xxh3_64(stem.as_bytes());
            *body.entry(id).or_insert(0u32) += 1;
            if k < LEAD_TOKENS {
                *lead.entry(id).or_insert(0u32) += 1;
            }
            labels.entry(id).or_insert(lower);
        }
    }
    close_run(&mut run, &mut labels);
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
        lead: sorted(lead),
        numbers: sorted(numbers),
        phrases: sorted(phrases),
        years: sorted(years),
        months: sorted(months),
        tolls: crate::tolls::tolls(body_text, body_tokens),
        labels,
    }
}

/// The month (1–12) a capitalized word names, if it names one. "May" and
/// "March" are also common words, so they count only before a number.
fn month_of(word: &str, next: Option<&str>) -> Option<u64> {
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let month = month_number(&lower)?;
    let before_number = next.is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
    if (lower == "may" || lower == "march" || lower == "mar") && !before_number {
        return None;
    }
    Some(month)
}

/// Whether a word is a year from 1900 to 2099, written in four digits.
pub(crate) fn is_year(word: &str) -> bool {
    word.len() == 4
        && (word.starts_with("19") || word.starts_with("20"))
        && word.bytes().all(|b| b.is_ascii_digit())
}

/// The month (1–12) a lower-cased word names, in full or as "jan", "sept".
pub(crate) fn month_number(lower: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let index = MONTHS.iter().position(|m| {
        *m == lower || (m.starts_with(lower) && (lower.len() == 3 || lower == "sept"))
    })?;
    Some(index as u64 + 1)
}

/// Words of the body that make its lead (about the first paragraph or two).
pub const LEAD_TOKENS: usize = 80;

fn content_stem(stemmer: &Stemmer, lower: &str) -> Option<String> {
    if lower.chars().count() < 3 || lower.chars().all(|c| c.is_ascii_digit()) || is_stop_word(lower)
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

/// Besides the function words ([`storyline_text::FUNCTION_WORDS`]), news
/// filler that says nothing of what happened.
const NEWS_FILLER: &[&str] = &[
    "year",
    "years",
    "last",
    "first",
    "time",
    "people",
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
    "image",
    "photo",
    "video",
    "read",
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

/// A function word, or news filler that says nothing of what happened.
fn is_stop_word(lower: &str) -> bool {
    storyline_text::is_function_word(lower) || NEWS_FILLER.contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_need_care_with_may_and_march() {
        assert_eq!(month_of("February", Some("2022")), Some(2));
        assert_eq!(month_of("Sept", Some("12")), Some(9));
        assert_eq!(month_of("May", Some("4")), Some(5));
        assert_eq!(month_of("May", Some("be")), None);
        assert_eq!(month_of("march", Some("on")), None);
    }
}
