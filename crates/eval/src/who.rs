//! The giveme5w1h "who" annotations as a check of entity mentions, and
//! the speed of the whole per-document analysis.
//!
//! `gold_5w1h/*.json` are news-please records with `fiveWoneH.who.annotated`:
//! phrases coders marked as the actors of the story ("Donald Trump",
//! "FBI Director James Comey", "At least seven people"), each with a
//! `text`. An article is analyzed as its title, description and text
//! joined by blank lines (coders read all three). A phrase is located at
//! every exact occurrence in that text (case-insensitive when there is no
//! exact one) and counts as
//!
//! - **found** when some mention lies inside one of its occurrences: the
//!   mention's text is part of the phrase where the phrase is written
//!   ("James Comey" in "FBI Director James Comey");
//! - **found (overlap)** when some mention shares a byte with one of them.
//!
//! Many phrases are not names ("At least seven people", "the driver"): the
//! figures are also given for *named* phrases, those with a capitalized
//! word that the article never writes in lower case (so "Police" and "At
//! least" are not names, "Toblerone" and "FBI" are).

use std::ops::Range;
use std::path::Path;

use anyhow::Context;
use serde_json::Value;
use storyline_analyze::{Mention, MentionKind};

/// An annotated article.
pub struct Article {
    pub file: String,
    /// Title, description and text joined by blank lines.
    pub text: String,
    pub published: Option<i64>,
    /// The annotated "who" phrases.
    pub who: Vec<String>,
}

/// Seconds since the epoch of a news-please date ("2016-11-09 00:00:00",
/// "2017-09-15T00:00:00"), read as UTC.
pub fn published(date: &str) -> Option<i64> {
    let d = date.trim().replace(' ', "T");
    let d = if d.len() == 10 {
        format!("{d}T00:00:00")
    } else {
        d
    };
    let d = if d.ends_with('Z') || d.contains('+') {
        d
    } else {
        format!("{d}Z")
    };
    storyline_read::published_seconds(&d)
}

fn field<'a>(v: &'a Value, name: &str) -> &'a str {
    v.get(name).and_then(Value::as_str).unwrap_or("")
}

/// The annotated articles of `dir` (`gold_5w1h`), in file-name order.
pub fn load(dir: &Path) -> anyhow::Result<Vec<Article>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        let raw = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let v: Value =
            serde_json::from_str(&raw).with_context(|| format!("parsing {}", path.display()))?;
        let text = [
            field(&v, "title"),
            field(&v, "description"),
            field(&v, "text"),
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n");
        let who = v
            .pointer("/fiveWoneH/who/annotated")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.get("text").and_then(Value::as_str))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        out.push(Article {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            text,
            published: published(field(&v, "date_publish")),
            who,
        });
    }
    Ok(out)
}

/// Byte ranges where `phrase` is written in `text`: exact occurrences, or
/// ASCII-case-insensitive ones when there is no exact one.
pub fn occurrences(text: &str, phrase: &str) -> Vec<Range<usize>> {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return Vec::new();
    }
    let exact: Vec<Range<usize>> = text
        .match_indices(phrase)
        .map(|(i, p)| i..i + p.len())
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let lower_text = text.to_ascii_lowercase();
    let lower_phrase = phrase.to_ascii_lowercase();
    lower_text
        .match_indices(&lower_phrase)
        .map(|(i, p)| i..i + p.len())
        .collect()
}

/// Whether a phrase names someone: a capitalized word in it that the
/// article never writes in lower case.
pub fn is_named(text: &str, phrase: &str) -> bool {
    phrase.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.chars().next().is_some_and(char::is_uppercase) && {
            let lower = w.to_lowercase();
            !text
                .split(|c: char| !c.is_alphanumeric())
                .any(|t| t == lower)
        }
    })
}

/// Found and total counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Share {
    pub found: usize,
    pub total: usize,
}

impl Share {
    pub fn value(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.found as f64 / self.total as f64
        }
    }

    fn add(&mut self, found: bool) {
        self.total += 1;
        self.found += usize::from(found);
    }
}

/// The "who" figures.
#[derive(Clone, Debug, Default)]
pub struct WhoScore {
    pub articles: usize,
    /// Phrases not located in the article's text.
    pub unlocated: usize,
    /// Found (a mention inside an occurrence), all phrases.
    pub inside: Share,
    /// Found (a mention overlapping an occurrence), all phrases.
    pub overlap: Share,
    /// Found, named phrases only.
    pub named_inside: Share,
    pub named_overlap: Share,
    /// Found by a person or organization mention, named phrases only.
    pub named_actor: Share,
    /// Phrases not found (inside), with their article, for study.
    pub missed: Vec<(String, String)>,
    /// Named phrases found, but by no person or organization mention.
    pub not_actor: Vec<(String, String)>,
}

/// Scores `mentions_of` (the mentions of a text) on the articles.
pub fn score(
    articles: &[Article],
    mentions_of: impl Fn(&str, Option<i64>) -> Vec<Mention>,
) -> WhoScore {
    let mut s = WhoScore {
        articles: articles.len(),
        ..WhoScore::default()
    };
    for a in articles {
        let mentions = mentions_of(&a.text, a.published);
        for phrase in &a.who {
            let occ = occurrences(&a.text, phrase);
            if occ.is_empty() {
                s.unlocated += 1;
            }
            let inside = |m: &Mention| {
                occ.iter()
                    .any(|o| o.start <= m.span.start && m.span.end <= o.end)
            };
            let overlaps = |m: &Mention| {
                occ.iter()
                    .any(|o| o.start < m.span.end && m.span.start < o.end)
            };
            let found_inside = mentions.iter().any(inside);
            let found_overlap = mentions.iter().any(overlaps);
            s.inside.add(found_inside);
            s.overlap.add(found_overlap);
            if is_named(&a.text, phrase) {
                s.named_inside.add(found_inside);
                s.named_overlap.add(found_overlap);
                let actor = mentions.iter().any(|m| {
                    matches!(m.kind, MentionKind::Person | MentionKind::Organization) && inside(m)
                });
                s.named_actor.add(actor);
                if found_inside && !actor {
                    s.not_actor.push((a.file.clone(), phrase.clone()));
                }
            }
            if !found_inside {
                s.missed.push((a.file.clone(), phrase.clone()));
            }
        }
    }
    s
}

/// Texts of the `news_cluster` articles with their publication time, for
/// timing the analysis, read as `storyline analyze` reads them.
pub fn cluster_texts(dir: &Path) -> anyhow::Result<Vec<(String, Option<i64>)>> {
    Ok(crate::giveme::read_documents(&[dir.to_path_buf()])?
        .into_iter()
        .map(|doc| {
            let published = doc
                .published
                .as_deref()
                .and_then(storyline_read::published_seconds);
            (doc.text, published)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_located_and_named() {
        let text = "Police said Toblerone fans were upset. The police left.";
        assert_eq!(occurrences(text, "Toblerone fans"), vec![12..26]);
        assert_eq!(occurrences(text, "the police"), vec![39..49]);
        assert!(is_named(text, "Toblerone fans"));
        assert!(!is_named(text, "Police"));
        assert_eq!(published("2016-11-09 00:00:00"), Some(1_478_649_600));
    }

    /// The share of annotated "who" phrases found as mentions, held a
    /// little below what `cargo run --release -p storyline-eval --bin who`
    /// measures (see `docs/analysis.md`).
    #[test]
    fn giveme5w1h_who_phrases_are_mentions() {
        let Some(dir) = crate::shared_dir_for_test("data/giveme5w1h/gold_5w1h") else {
            return;
        };
        let articles = load(&dir).expect("gold_5w1h reads");
        assert_eq!(articles.len(), 96);
        let s = score(&articles, |t, p| storyline_analyze::analyze(t, p).mentions);
        let report = format!(
            "inside {:.3} overlap {:.3} named inside {:.3} named overlap {:.3}",
            s.inside.value(),
            s.overlap.value(),
            s.named_inside.value(),
            s.named_overlap.value()
        );
        assert!(s.inside.value() >= WHO_INSIDE - 0.02, "{report}");
        assert!(
            s.named_inside.value() >= WHO_NAMED_INSIDE - 0.02,
            "{report}"
        );
    }

    /// Measured figures (see the test above).
    const WHO_INSIDE: f64 = 0.773;
    const WHO_NAMED_INSIDE: f64 = 0.974;
}
