//! Fits the pair model of event clustering (`crates/cluster/model/events.model`)
//! on giveme5w1h `news_cluster`, and measures it honestly by
//! cross-validation over events.
//!
//! `train-events [DIR] [--out PATH] [--trees N] [--depth D] [--rate R]
//! [--lambda L] [--min-child W] [--free] [--cv ROUNDS] [--folds K]
//! [--threshold T]... [--attach T | --no-attach]
//! [--toll-veto R | --no-toll-veto]
//! [--time-strictness DAYS | --no-time-strictness] [--time-grace DAYS] [--no-write]
//! [--other-labels PATH] [--other-weight K] [--other-cv ROUNDS]`
//!
//! Every pair of articles is an example, labelled by whether the two share a
//! gold event; each pair appears twice, with its publication dates and
//! without them, so that one model serves both cases. The model is held
//! monotone in the directions `FEATURE_DIRECTIONS` gives (`--free`: not).
//!
//! With `--other-weight K` (0 unless told), hand-labelled pairs of other
//! news (PolNeAR; `storyline_eval::other_news`; `--other-labels`, the
//! shipped labels unless told) join them, each counted K times: they show
//! what giveme5w1h, whose gold events are often month-long threads, rarely
//! does, two happenings of one story told apart. The shipped model is not
//! fitted on them: at the granularity they are labelled at, they cost
//! giveme5w1h's held-out F1 0.04 at K = 5 (docs/clustering.md).
//! `--other-cv ROUNDS` scores them held out: the labelled pairs are split
//! in `--folds` parts of whole groups (pairs sharing an article), and for
//! each part a model fitted on giveme5w1h (and, with K > 0, the other
//! parts) clusters the 924 articles; the part's pairs are scored.
//!
//! With `--cv ROUNDS`, each round splits the gold events into `--folds` parts
//! at random (2, halves, unless told); for each part, a model fitted on the
//! pairs of the other parts clusters the whole set, and only that part's
//! articles are scored. The reported figures are the means: they show how
//! the model does on events it has never seen. With more folds each model
//! learns from more events, closer to the shipped model, which learns from
//! all. They are given twice: with each held-out article judged within its
//! whole predicted cluster (the figure to quote), and with both partitions
//! cut down to the held-out part first, which hides merges with the rest;
//! and once more with the held-out part clustered on its own, as a separate
//! set of unseen events would be (smaller, so it flatters too).
//! `--attach` and `--no-attach` set the clustering's attach threshold,
//! `--toll-veto` and `--no-toll-veto` its death-toll veto, and
//! `--time-strictness`, `--no-time-strictness` and `--time-grace` how much more evidence
//! documents months apart need. `--losses` also prints where the held-out
//! figures at the first threshold lose: B-cubed precision by the pair of
//! gold events a predicted cluster mixes, recall by the gold event it
//! splits.

use std::sync::Arc;

use anyhow::Context;
use storyline_cluster::{ClusterDoc, Config, FitParams, PairModel, cluster, fit};
use storyline_eval::bcubed::{bcubed_within, score};
use storyline_eval::giveme::{Article, default_dir, load};
use storyline_eval::other_news::{
    LabelledPair, OtherArticle, labelled_examples, pair_groups, parse_labels, read_articles,
    score_pairs, shipped_labels_path,
};

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let mut dir = None;
    let mut out =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../cluster/model/events.model");
    let mut params = FitParams {
        monotone: storyline_cluster::FEATURE_DIRECTIONS.to_vec(),
        ..FitParams::default()
    };
    let mut rounds = 0usize;
    let mut folds = 2usize;
    let mut thresholds = Vec::new();
    let mut write = true;
    let mut base = Config::default();
    let mut other_labels = shipped_labels_path();
    let mut other_weight = 0usize;
    let mut other_rounds = 0usize;
    let mut losses = false;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--out" => out = value("--out")?.into(),
            "--trees" => params.trees = value("--trees")?.parse()?,
            "--depth" => params.depth = value("--depth")?.parse()?,
            "--cv" => rounds = value("--cv")?.parse()?,
            "--folds" => folds = value("--folds")?.parse::<usize>()?.max(2),
            "--threshold" => thresholds.push(value("--threshold")?.parse()?),
            "--no-write" => write = false,
            "--losses" => losses = true,
            "--free" => params.monotone.clear(),
            "--attach" => base.attach_threshold = Some(value("--attach")?.parse()?),
            "--no-attach" => base.attach_threshold = None,
            "--toll-veto" => base.toll_veto = Some(value("--toll-veto")?.parse()?),
            "--no-toll-veto" => base.toll_veto = None,
            "--time-strictness" => {
                base.time_strictness_days = Some(value("--time-strictness")?.parse()?)
            }
            "--no-time-strictness" => base.time_strictness_days = None,
            "--time-grace" => base.time_grace_days = value("--time-grace")?.parse()?,
            "--rate" => params.learning_rate = value("--rate")?.parse()?,
            "--lambda" => params.lambda = value("--lambda")?.parse()?,
            "--other-labels" => other_labels = value("--other-labels")?.into(),
            "--other-weight" => other_weight = value("--other-weight")?.parse()?,
            "--other-cv" => other_rounds = value("--other-cv")?.parse()?,
            "--min-child" => params.min_child_weight = value("--min-child")?.parse()?,
            other if !other.starts_with('-') => dir = Some(std::path::PathBuf::from(other)),
            other => anyhow::bail!("unknown option {other}"),
        }
    }
    if thresholds.is_empty() {
        thresholds.push(Config::default().event_threshold);
    }
    let dir = match dir {
        Some(d) => d,
        None => default_dir()?,
    };
    let articles = load(&dir)?;
    let other = if other_weight > 0 || other_rounds > 0 {
        Some(OtherNews::load(&other_labels, other_weight)?)
    } else {
        None
    };
    let other_examples: Vec<(Vec<f32>, bool)> = other
        .as_ref()
        .map_or_else(Vec::new, |o| o.examples(&o.labels));
    let all: Vec<usize> = (0..articles.len()).collect();
    if write {
        let model = train(&articles, &all, &params, &other_examples);
        std::fs::write(&out, model.to_text())
            .with_context(|| format!("writing {}", out.display()))?;
        println!(
            "fitted {} trees of depth {} on {} articles; wrote {}",
            params.trees,
            params.depth,
            articles.len(),
            out.display()
        );
    }
    if rounds > 0 {
        let cv = CrossValidation {
            rounds,
            folds,
            thresholds: &thresholds,
            losses,
        };
        cross_validate(&articles, &params, &cv, &base, &other_examples);
    }
    if other_rounds > 0 {
        let other = other.as_ref().expect("loaded for --other-cv");
        other.cross_validate(&articles, &params, other_rounds, folds, &base);
    }
    Ok(())
}

/// PolNeAR's articles and the hand-labelled pairs of them.
struct OtherNews {
    articles: Vec<OtherArticle>,
    labels: Vec<LabelledPair>,
    weight: usize,
}

impl OtherNews {
    fn load(path: &std::path::Path, weight: usize) -> anyhow::Result<OtherNews> {
        let dirs = storyline_eval::other_news::polnear_dirs().context(
            "../shared/data/polnear is not there: the labels of other news name its articles",
        )?;
        let articles = read_articles(&dirs)?;
        let names: Vec<&str> = articles.iter().map(|a| a.name.as_str()).collect();
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let labels = parse_labels(&text, &names)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
            .pairs;
        Ok(OtherNews {
            articles,
            labels,
            weight,
        })
    }

    fn docs(&self) -> Vec<ClusterDoc<'_>> {
        self.articles
            .iter()
            .map(OtherArticle::cluster_doc)
            .collect()
    }

    /// `pairs` as examples, each `weight` times.
    fn examples(&self, pairs: &[LabelledPair]) -> Vec<(Vec<f32>, bool)> {
        let once = labelled_examples(&self.docs(), pairs);
        let mut all = Vec::with_capacity(once.len() * self.weight);
        for _ in 0..self.weight {
            all.extend(once.iter().cloned());
        }
        all
    }

    /// Held-out pair scores on the other news (see the module's docs).
    fn cross_validate(
        &self,
        articles: &[Article],
        params: &FitParams,
        rounds: usize,
        folds: usize,
        base: &Config,
    ) {
        let groups = pair_groups(&self.labels);
        let docs = self.docs();
        let all: Vec<usize> = (0..articles.len()).collect();
        // Per use of dates: joined, joined right, same.
        let mut counts = [[0usize; 3]; 2];
        for round in 0..rounds {
            for part in 0..folds {
                let held_out =
                    |k: usize| mix(round as u64, &groups[k].to_string()) as usize % folds == part;
                let mut test = Vec::new();
                let mut train_on = Vec::new();
                for (k, &label) in self.labels.iter().enumerate() {
                    if held_out(k) {
                        test.push(label);
                    } else {
                        train_on.push(label);
                    }
                }
                let model = Arc::new(train(articles, &all, params, &self.examples(&train_on)));
                for (d, use_dates) in [true, false].into_iter().enumerate() {
                    let config = Config {
                        model: Some(model.clone()),
                        use_dates,
                        ..base.clone()
                    };
                    let partition = storyline_eval::online::batch_partition(&docs, &config);
                    let s = score_pairs(&partition, &test);
                    counts[d][0] += s.joined;
                    counts[d][1] += s.joined_right;
                    counts[d][2] += s.same;
                }
            }
        }
        println!(
            "other news: {rounds} rounds of {folds} parts of {} labelled pairs (each part scored by a model fitted on giveme5w1h and the rest)",
            self.labels.len()
        );
        println!("dates  joined  right      P      R     F1");
        for (d, dates) in ["yes", "no"].into_iter().enumerate() {
            let [joined, right, same] = counts[d];
            let p = right as f64 / joined.max(1) as f64;
            let r = right as f64 / same.max(1) as f64;
            let f = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            println!("{dates:>5} {joined:>7} {right:>6} {p:>6.3} {r:>6.3} {f:>6.3}");
        }
    }
}

/// Fits a model on the pairs among `members`. Term weights come from the
/// whole set (they use no labels), as they come from the whole input when
/// storyline runs.
fn train(
    articles: &[Article],
    members: &[usize],
    params: &FitParams,
    extra: &[(Vec<f32>, bool)],
) -> PairModel {
    let docs: Vec<ClusterDoc> = articles.iter().map(Article::cluster_doc).collect();
    let mut samples = Vec::new();
    let mut labels = Vec::new();
    for use_dates in [true, false] {
        let features = storyline_cluster::Features::new(&docs, use_dates);
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                samples.push(features.pair(a, b).to_vec());
                labels.push(articles[a].event == articles[b].event);
            }
        }
    }
    for (sample, label) in extra {
        samples.push(sample.clone());
        labels.push(*label);
    }
    fit(&samples, &labels, params)
}

/// How `--cv` splits and what it reports.
struct CrossValidation<'a> {
    rounds: usize,
    folds: usize,
    thresholds: &'a [f32],
    /// Also attribute the held-out losses to gold events (`--losses`).
    losses: bool,
}

/// Held-out losses at one setting, in articles' worth per round: B-cubed
/// precision by (held-out article's gold event, other gold event in its
/// predicted cluster), recall by the gold event split.
#[derive(Default)]
struct Losses {
    precision: std::collections::HashMap<(String, String), f64>,
    recall: std::collections::HashMap<String, f64>,
}

impl Losses {
    /// Adds the losses of the `test` articles: an article in a predicted
    /// cluster of n loses 1/n of precision to each member of another gold
    /// event, and in a gold event of n, 1/n of recall to each member
    /// predicted elsewhere. Summed, they are n times (1 - P) and (1 - R).
    fn add(&mut self, predicted: &[usize], gold: &[&str], test: &[usize]) {
        let mut by_cluster: std::collections::HashMap<usize, Vec<usize>> = Default::default();
        let mut by_gold: std::collections::HashMap<&str, Vec<usize>> = Default::default();
        for (i, (&p, &g)) in predicted.iter().zip(gold).enumerate() {
            by_cluster.entry(p).or_default().push(i);
            by_gold.entry(g).or_default().push(i);
        }
        for &i in test {
            let cluster = &by_cluster[&predicted[i]];
            for &j in cluster {
                if gold[j] != gold[i] {
                    *self
                        .precision
                        .entry((gold[i].to_string(), gold[j].to_string()))
                        .or_default() += 1.0 / cluster.len() as f64;
                }
            }
            let event = &by_gold[gold[i]];
            for &j in event {
                if predicted[j] != predicted[i] {
                    *self.recall.entry(gold[i].to_string()).or_default() +=
                        1.0 / event.len() as f64;
                }
            }
        }
    }

    /// The largest losses, as shares of B-cubed precision and recall.
    fn print(&self, articles: &[Article], rounds: usize, dates: &str) {
        let name = |event: &str| -> String {
            let title = articles
                .iter()
                .find(|a| a.event == event)
                .map_or("", |a| a.title.as_str());
            format!("{event} ({})", title.chars().take(40).collect::<String>())
        };
        let per = (rounds * articles.len()) as f64;
        let mut precision: Vec<(&(String, String), &f64)> = self.precision.iter().collect();
        precision.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        println!(
            "held-out precision lost (dates: {dates}), by held-out event <- event it is mixed with:"
        );
        for ((a, b), loss) in precision.into_iter().take(12) {
            println!("  {:.4}  {} <- {}", loss / per, name(a), name(b));
        }
        let mut recall: Vec<(&String, &f64)> = self.recall.iter().collect();
        recall.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        println!("held-out recall lost (dates: {dates}), by event split:");
        for (event, loss) in recall.into_iter().take(12) {
            println!("  {:.4}  {}", loss / per, name(event));
        }
    }
}

fn cross_validate(
    articles: &[Article],
    params: &FitParams,
    cv: &CrossValidation,
    base: &Config,
    extra: &[(Vec<f32>, bool)],
) {
    let CrossValidation {
        rounds,
        folds,
        thresholds,
        losses: want_losses,
    } = *cv;
    let mut losses = [Losses::default(), Losses::default()];
    let mut events: Vec<&str> = articles.iter().map(|a| a.event.as_str()).collect();
    events.sort_unstable();
    events.dedup();
    // (threshold, dates) -> sums of P, R, F1, the count, and P and F1 within
    // whole clusters.
    let mut sums = vec![[0.0f64; 7]; thresholds.len() * 2];
    let docs: Vec<ClusterDoc> = articles.iter().map(Article::cluster_doc).collect();
    let gold: Vec<&str> = articles.iter().map(|a| a.event.as_str()).collect();
    for round in 0..rounds {
        let mut order: Vec<(u64, &str)> =
            events.iter().map(|e| (mix(round as u64, e), *e)).collect();
        order.sort_unstable();
        for part in 0..folds {
            let held_out: std::collections::HashSet<&str> = order
                .iter()
                .enumerate()
                .filter(|(k, _)| k % folds == part)
                .map(|(_, (_, e))| *e)
                .collect();
            let (test, train_on): (Vec<usize>, Vec<usize>) =
                (0..articles.len()).partition(|&i| held_out.contains(articles[i].event.as_str()));
            let model = Arc::new(train(articles, &train_on, params, extra));
            let test_gold: Vec<&str> = test.iter().map(|&i| gold[i]).collect();
            for (t, &threshold) in thresholds.iter().enumerate() {
                for (d, use_dates) in [true, false].into_iter().enumerate() {
                    let config = Config {
                        model: Some(model.clone()),
                        event_threshold: threshold,
                        use_dates,
                        ..base.clone()
                    };
                    let result = cluster(&docs, &config);
                    let mut predicted = vec![0usize; articles.len()];
                    for (e, event) in result.events.iter().enumerate() {
                        for &m in &event.members {
                            predicted[m] = e;
                        }
                    }
                    let p: Vec<usize> = test.iter().map(|&i| predicted[i]).collect();
                    let s = score(&p, &test_gold);
                    let (wp, _, wf) = bcubed_within(&predicted, &gold, &test);
                    if want_losses && t == 0 {
                        losses[d].add(&predicted, &gold, &test);
                    }
                    // The held-out part clustered without the rest: a set of
                    // unseen events on its own, but smaller and so with
                    // fewer neighbouring events to merge with.
                    let alone_docs: Vec<ClusterDoc> =
                        test.iter().map(|&i| articles[i].cluster_doc()).collect();
                    let alone = cluster(&alone_docs, &config);
                    let mut alone_predicted = vec![0usize; test.len()];
                    for (e, event) in alone.events.iter().enumerate() {
                        for &m in &event.members {
                            alone_predicted[m] = e;
                        }
                    }
                    let alone_f1 = score(&alone_predicted, &test_gold).bcubed_f1;
                    let slot = &mut sums[t * 2 + d];
                    slot[6] += alone_f1;
                    slot[4] += wp;
                    slot[5] += wf;
                    slot[0] += s.bcubed_precision;
                    slot[1] += s.bcubed_recall;
                    slot[2] += s.bcubed_f1;
                    slot[3] += 1.0;
                }
            }
        }
    }
    if want_losses {
        for (d, dates) in ["yes", "no"].into_iter().enumerate() {
            losses[d].print(articles, rounds, dates);
        }
    }
    println!(
        "cross-validation: {rounds} rounds of {folds} parts of {} events (each scored by a model fitted on the rest)",
        events.len()
    );
    println!(
        "threshold dates   B3 P   B3 R  B3 F1 | whole clusters: B3 P  B3 F1 | clustered alone: B3 F1"
    );
    for (t, &threshold) in thresholds.iter().enumerate() {
        for (d, dates) in ["yes", "no"].into_iter().enumerate() {
            let s = sums[t * 2 + d];
            println!(
                "{threshold:>9.3} {dates:>5} {:>6.3} {:>6.3} {:>6.3} | {:>20.3} {:>6.3} | {:>22.3}",
                s[0] / s[3],
                s[1] / s[3],
                s[2] / s[3],
                s[4] / s[3],
                s[5] / s[3],
                s[6] / s[3]
            );
        }
    }
}

/// A deterministic shuffle key (SplitMix64 over the round and the event).
fn mix(round: u64, event: &str) -> u64 {
    let mut x = round.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in event.bytes() {
        x = (x ^ u64::from(b)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 31;
    }
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn losses_add_up_to_what_bcubed_loses() {
        // Clusters {0, 1, 2} and {3, 4}; gold {0, 1}, {2, 3, 4}. Scored: 0, 2, 3.
        let predicted = [0, 0, 0, 1, 1];
        let gold = ["a", "a", "b", "b", "b"];
        let test = [0, 2, 3];
        let mut losses = Losses::default();
        losses.add(&predicted, &gold, &test);
        let (p, r, _) = bcubed_within(&predicted, &gold, &test);
        let n = test.len() as f64;
        let precision: f64 = losses.precision.values().sum();
        let recall: f64 = losses.recall.values().sum();
        assert!((precision - n * (1.0 - p)).abs() < 1e-9);
        assert!((recall - n * (1.0 - r)).abs() < 1e-9);
        // 0 loses a third to 2 (gold b); 2 loses two thirds to 0 and 1.
        assert!((losses.precision[&("a".into(), "b".into())] - 1.0 / 3.0).abs() < 1e-9);
        assert!((losses.precision[&("b".into(), "a".into())] - 2.0 / 3.0).abs() < 1e-9);
        // b is split: 2 lost 3 and 4 (two thirds), 3 lost 2 (one third).
        assert!((losses.recall["b"] - 1.0).abs() < 1e-9);
        assert!(!losses.recall.contains_key("a"));
    }
}
