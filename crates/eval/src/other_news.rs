//! Event clustering on news the pair model was not fitted on: PolNeAR's
//! political articles, read as `storyline analyze` reads plain text, and
//! pairs of them labelled by hand as one happening or not.
//!
//! **Why pairs, not a partition.** Labelling a whole partition of 924
//! articles means comparing each with every other; labelling the pairs a
//! clustering could join is feasible and says what matters here: whether
//! the parameters chosen on giveme5w1h join the right pairs on other news.
//!
//! **The labels** (`crates/eval/data/polnear-event-pairs.tsv`) name the
//! articles by file name and carry a judgement and a short reason in the
//! labeller's own words, never the articles' text. The pairs are every
//! pair some variant of the clustering joined, and a sample of near misses
//! (`events-other --sample-pairs`). So precision is exact for each variant
//! (every pair it joins is labelled) and recall is relative: the share of
//! the labelled pairs of one happening that it joins, not of all of them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use storyline_cluster::{ClusterDoc, DocTerms, Features, doc_terms};

/// One article of the other news.
pub struct OtherArticle {
    /// The file name without `.txt`: how the labels name the article.
    pub name: String,
    pub terms: DocTerms,
    pub published: Option<i64>,
    pub outlet: String,
    pub title: String,
}

impl OtherArticle {
    /// The article as clustering sees it.
    pub fn cluster_doc(&self) -> ClusterDoc<'_> {
        ClusterDoc {
            terms: &self.terms,
            published: self.published,
        }
    }
}

/// Reads `publisher_YYYY-MM-DD_slug.txt` files of the given directories,
/// sorted by name: the title is the first line, the date and outlet come
/// from the name (noon UTC of that day).
pub fn read_articles(dirs: &[PathBuf]) -> anyhow::Result<Vec<OtherArticle>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "txt") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let mut parts = name.splitn(3, '_');
        let outlet = parts.next().unwrap_or_default().to_string();
        let published = parts
            .next()
            .and_then(|d| storyline_read::published_seconds(&format!("{d}T12:00:00Z")));
        let raw = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let text = String::from_utf8_lossy(&raw);
        let (title, body) = text.split_once('\n').unwrap_or(("", &text));
        let normalized = storyline_text::normalize(body);
        let tokens = storyline_text::tokens(normalized.text());
        let title = storyline_text::normalize(title.trim()).text().to_string();
        let terms = doc_terms(Some(&title), normalized.text(), &tokens, false);
        out.push(OtherArticle {
            name,
            terms,
            published,
            outlet,
            title,
        });
    }
    Ok(out)
}

/// PolNeAR's train and dev texts in `../shared`, or `None` when they are
/// not there.
pub fn polnear_dirs() -> Option<Vec<PathBuf>> {
    ["data/polnear/train/text", "data/polnear/dev/text"]
        .iter()
        .map(|sub| crate::shared_dir(sub))
        .collect()
}

/// The labels shipped with the repository.
pub fn shipped_labels_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/polnear-event-pairs.tsv")
}

/// A hand-labelled pair, by position in the articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelledPair {
    pub a: usize,
    pub b: usize,
    pub same: bool,
}

/// Labels read: the sure ones, and the pairs labelled `unsure` (left out
/// of the scores).
#[derive(Debug, Default)]
pub struct Labels {
    pub pairs: Vec<LabelledPair>,
    pub unsure: Vec<(usize, usize)>,
}

/// Reads `a<TAB>b<TAB>same|different|unsure[<TAB>reason]` lines (`#` starts
/// a comment line), naming articles by [`OtherArticle::name`]. A line that
/// names an article not in `names`, or has another judgement, is an error
/// naming its line: a label silently dropped would bias the scores.
pub fn parse_labels(text: &str, names: &[&str]) -> Result<Labels, String> {
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let mut labels = Labels::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [a, b, judgement, ..] = fields.as_slice() else {
            return Err(format!("line {}: expected `a<TAB>b<TAB>judgement`", n + 1));
        };
        let position = |name: &str| {
            index
                .get(name)
                .copied()
                .ok_or_else(|| format!("line {}: no article named {name:?}", n + 1))
        };
        let (a, b) = (position(a)?, position(b)?);
        let same = match *judgement {
            "same" => true,
            "different" => false,
            "unsure" => {
                labels.unsure.push((a, b));
                continue;
            }
            other => {
                return Err(format!(
                    "line {}: judgement {other:?}: expected same, different or unsure",
                    n + 1
                ));
            }
        };
        labels.pairs.push(LabelledPair { a, b, same });
    }
    Ok(labels)
}

/// How a partition fares on labelled pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScores {
    /// Labelled pairs the partition puts in one event.
    pub joined: usize,
    /// Of those, pairs labelled one happening.
    pub joined_right: usize,
    /// Pairs labelled one happening.
    pub same: usize,
    pub precision: f64,
    /// Relative recall: among the labelled pairs of one happening.
    pub recall: f64,
    pub f1: f64,
}

/// Scores `partition` (each article's event) on the labelled pairs.
pub fn score_pairs(partition: &[usize], labels: &[LabelledPair]) -> PairScores {
    let together = |l: &&LabelledPair| partition[l.a] == partition[l.b];
    let joined = labels.iter().filter(together).count();
    let joined_right = labels.iter().filter(together).filter(|l| l.same).count();
    let same = labels.iter().filter(|l| l.same).count();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (precision, recall) = (ratio(joined_right, joined), ratio(joined_right, same));
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    PairScores {
        joined,
        joined_right,
        same,
        precision,
        recall,
        f1,
    }
}

/// The labelled pairs as examples for fitting the pair model: each pair's
/// features with dates and without (as giveme5w1h's pairs are given), and
/// its judgement.
pub fn labelled_examples(docs: &[ClusterDoc], pairs: &[LabelledPair]) -> Vec<(Vec<f32>, bool)> {
    let mut examples = Vec::with_capacity(pairs.len() * 2);
    for use_dates in [true, false] {
        let features = Features::new(docs, use_dates);
        for pair in pairs {
            examples.push((features.pair(pair.a, pair.b).to_vec(), pair.same));
        }
    }
    examples
}

/// Each labelled pair's group: pairs that share an article, directly or
/// through others, are one group. Cross-validation holds out whole groups,
/// so that no held-out pair has an article the fitted model learned from.
pub fn pair_groups(pairs: &[LabelledPair]) -> Vec<usize> {
    let size = pairs.iter().map(|p| p.a.max(p.b) + 1).max().unwrap_or(0);
    let mut parent: Vec<usize> = (0..size).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for pair in pairs {
        let (a, b) = (root(&mut parent, pair.a), root(&mut parent, pair.b));
        parent[a] = b;
    }
    pairs.iter().map(|p| root(&mut parent, p.a)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 4] = [
        "cnn_2016-01-02_a",
        "nyt_2016-01-02_b",
        "fox_2016-03-01_c",
        "é_2016_ü",
    ];

    #[test]
    fn labels_read_by_name_and_unsure_ones_are_counted_apart() {
        let text = "# a\tb\tjudgement\n\
                    cnn_2016-01-02_a\tnyt_2016-01-02_b\tsame\tboth: the Iowa night\n\
                    cnn_2016-01-02_a\tfox_2016-03-01_c\tdifferent\n\
                    \n\
                    nyt_2016-01-02_b\té_2016_ü\tunsure\tcut short\r\n";
        let labels = parse_labels(text, &NAMES).unwrap();
        assert_eq!(
            labels.pairs,
            vec![
                LabelledPair {
                    a: 0,
                    b: 1,
                    same: true
                },
                LabelledPair {
                    a: 0,
                    b: 2,
                    same: false
                },
            ]
        );
        assert_eq!(labels.unsure, vec![(1, 3)]);
    }

    #[test]
    fn a_label_that_cannot_be_used_is_an_error_naming_its_line() {
        let unknown = "cnn_2016-01-02_a\tnobody\tsame\n";
        assert_eq!(
            parse_labels(unknown, &NAMES).unwrap_err(),
            "line 1: no article named \"nobody\""
        );
        let judgement = "\ncnn_2016-01-02_a\tnyt_2016-01-02_b\tmaybe\n";
        assert!(
            parse_labels(judgement, &NAMES)
                .unwrap_err()
                .starts_with("line 2: judgement \"maybe\"")
        );
        let short = "cnn_2016-01-02_a nyt_2016-01-02_b same\n";
        assert!(
            parse_labels(short, &NAMES)
                .unwrap_err()
                .starts_with("line 1: expected")
        );
    }

    #[test]
    fn pairs_that_share_an_article_share_a_group() {
        let pair = |a, b| LabelledPair { a, b, same: false };
        let groups = pair_groups(&[pair(0, 1), pair(2, 3), pair(1, 4), pair(5, 2), pair(6, 7)]);
        assert_eq!(groups[0], groups[2]);
        assert_eq!(groups[1], groups[3]);
        assert_ne!(groups[0], groups[1]);
        assert_ne!(groups[4], groups[0]);
        assert_ne!(groups[4], groups[1]);
        assert!(pair_groups(&[]).is_empty());
    }

    #[test]
    fn precision_counts_joined_pairs_and_recall_the_labelled_same_ones() {
        let labels = [
            LabelledPair {
                a: 0,
                b: 1,
                same: true,
            },
            LabelledPair {
                a: 0,
                b: 2,
                same: false,
            },
            LabelledPair {
                a: 1,
                b: 3,
                same: true,
            },
            LabelledPair {
                a: 2,
                b: 3,
                same: true,
            },
        ];
        // 0, 1 and 2 together; 3 alone.
        let scores = score_pairs(&[7, 7, 7, 9], &labels);
        assert_eq!((scores.joined, scores.joined_right, scores.same), (2, 1, 3));
        assert!((scores.precision - 0.5).abs() < 1e-12);
        assert!((scores.recall - 1.0 / 3.0).abs() < 1e-12);
        assert!((scores.f1 - 0.4).abs() < 1e-12);
        // Nothing joined: zeros, not a division by zero.
        let alone = score_pairs(&[0, 1, 2, 3], &labels);
        assert_eq!((alone.precision, alone.recall, alone.f1), (0.0, 0.0, 0.0));
    }
}
