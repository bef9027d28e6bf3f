//! Event clustering on giveme5w1h `news_cluster` (gold: `EventId`):
//! B-cubed and pairwise precision, recall and F1, with publication dates and
//! without them.
//!
//! `events [DIR] [--threshold T]... [--body-weight W] [--names-weight W]
//! [--title-weight W] [--time-floor F] [--time-sigma DAYS] [--json]
//! [--time-strictness DAYS | --no-time-strictness] [--time-grace DAYS] [--errors]
//! [--online ROUNDS] [--vetoes] [--dump-pairs PATH] [--no-attach]
//! [--no-toll-veto]`: each
//! `--threshold` adds an event threshold to report (the default's is always
//! reported) and the other options change the configuration, to show how
//! sensitive the result is. The pair model was fitted on this set, so these
//! figures are in-sample; `train-events --cv` gives held-out ones.
//! `--vetoes` counts the pairs the death-toll veto parts, without dates,
//! within gold events and across them.

use anyhow::Context;
use serde_json::Value;
use storyline_cluster::{ClusterDoc, Config, cluster};
use storyline_eval::bcubed::{ClusterScores, score};
use storyline_eval::giveme::{Article, default_dir, load};

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let mut dir = None;
    let mut thresholds = vec![Config::default().event_threshold];
    let mut json = false;
    let mut errors = false;
    let mut dump = None;
    let mut online_rounds = 0u64;
    let mut vetoes = false;
    let mut base = Config::default();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| -> anyhow::Result<f32> {
            Ok(it
                .next()
                .with_context(|| format!("{name} needs a value"))?
                .parse()?)
        };
        match arg.as_str() {
            "--threshold" => thresholds.push(value("--threshold")?),
            "--body-weight" => base.body_weight = value("--body-weight")?,
            "--names-weight" => base.names_weight = value("--names-weight")?,
            "--title-weight" => base.title_weight = value("--title-weight")?,
            "--time-floor" => base.time_floor = value("--time-floor")?,
            "--time-sigma" => base.time_sigma_days = value("--time-sigma")?,
            "--json" => json = true,
            "--errors" => errors = true,
            "--dump-pairs" => dump = it.next(),
            "--online" => online_rounds = value("--online")? as u64,
            "--vetoes" => vetoes = true,
            "--no-attach" => base.attach_threshold = None,
            "--no-toll-veto" => base.toll_veto = None,
            "--time-strictness" => base.time_strictness_days = Some(value("--time-strictness")?),
            "--no-time-strictness" => base.time_strictness_days = None,
            "--time-grace" => base.time_grace_days = value("--time-grace")?,
            other if !other.starts_with('-') => dir = Some(std::path::PathBuf::from(other)),
            other => anyhow::bail!("unknown option {other}"),
        }
    }
    let dir = match dir {
        Some(d) => d,
        None => default_dir()?,
    };
    let articles = load(&dir)?;
    let gold: Vec<&str> = articles.iter().map(|a| a.event.as_str()).collect();
    if let Some(path) = dump {
        return dump_pairs(&articles, &base, &path);
    }
    let mut rows = Vec::new();
    for &threshold in &thresholds {
        for use_dates in [true, false] {
            let config = Config {
                event_threshold: threshold,
                use_dates,
                ..base.clone()
            };
            let docs: Vec<ClusterDoc> = articles
                .iter()
                .map(|a| ClusterDoc {
                    terms: &a.terms,
                    published: a.published,
                })
                .collect();
            let started = std::time::Instant::now();
            let result = cluster(&docs, &config);
            let elapsed = started.elapsed().as_secs_f64();
            let mut predicted = vec![0usize; articles.len()];
            for (e, event) in result.events.iter().enumerate() {
                for &d in &event.members {
                    predicted[d] = e;
                }
            }
            let s = score(&predicted, &gold);
            if errors && threshold == thresholds[0] {
                print_errors(&articles, &predicted, use_dates);
            }
            rows.push((
                threshold,
                use_dates,
                result.events.len(),
                result.stories.len(),
                s,
                elapsed,
            ));
        }
    }
    if online_rounds > 0 {
        report_online(&articles, &base, online_rounds);
    }
    if vetoes {
        report_vetoes(&articles, &base);
    }
    if json {
        let out: Vec<Value> = rows
            .iter()
            .map(|(t, dates, events, stories, s, secs)| {
                serde_json::json!({
                    "event_threshold": t, "dates": dates, "events": events, "stories": stories,
                    "bcubed_precision": s.bcubed_precision, "bcubed_recall": s.bcubed_recall, "bcubed_f1": s.bcubed_f1,
                    "pairwise_precision": s.pairwise_precision, "pairwise_recall": s.pairwise_recall, "pairwise_f1": s.pairwise_f1,
                    "seconds": secs,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    let events = gold.iter().collect::<std::collections::HashSet<_>>().len();
    println!(
        "giveme5w1h news_cluster: {} articles, {events} gold events",
        articles.len()
    );
    println!("threshold dates  events stories   B3 P   B3 R  B3 F1   pair P pair R pair F1");
    for (t, dates, events, stories, s, _) in &rows {
        print_row(*t, *dates, *events, *stories, s);
    }
    Ok(())
}

fn print_row(threshold: f32, dates: bool, events: usize, stories: usize, s: &ClusterScores) {
    println!(
        "{threshold:>9.3} {:>5} {events:>7} {stories:>7} {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6.3} {:>6.3}",
        if dates { "yes" } else { "no" },
        s.bcubed_precision,
        s.bcubed_recall,
        s.bcubed_f1,
        s.pairwise_precision,
        s.pairwise_recall,
        s.pairwise_f1
    );
}

/// Each gold event that is split or merged: its articles with their
/// predicted cluster, so a reader sees which documents went wrong.
fn print_errors(articles: &[Article], predicted: &[usize], use_dates: bool) {
    use std::collections::BTreeMap;
    let mut by_gold: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_pred: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        by_gold.entry(a.event.as_str()).or_default().push(i);
        by_pred.entry(predicted[i]).or_default().push(i);
    }
    println!("--- errors (dates: {use_dates}) ---");
    for (gold, members) in &by_gold {
        let clusters: std::collections::BTreeSet<usize> =
            members.iter().map(|&i| predicted[i]).collect();
        let impure = clusters
            .iter()
            .any(|c| by_pred[c].iter().any(|&i| articles[i].event != *gold));
        if clusters.len() == 1 && !impure {
            continue;
        }
        println!(
            "gold {gold}: {} articles in {} clusters",
            members.len(),
            clusters.len()
        );
        for &i in members {
            let others: Vec<&str> = by_pred[&predicted[i]]
                .iter()
                .filter(|&&j| articles[j].event != *gold)
                .map(|&j| articles[j].event.as_str())
                .collect();
            println!(
                "  c{:<4} {:?} {:.60} {}",
                predicted[i],
                articles[i].published.map(|p| p / 86_400),
                articles[i].title,
                if others.is_empty() {
                    String::new()
                } else {
                    format!("with {others:?}")
                }
            );
        }
    }
}

/// Writes every pair's features, with publication dates and without them
/// (`with_dates`), with whether the pair shares a gold event, whether the
/// clustering at `base` puts it in one event, and whether the clustering
/// weighed it at all (`candidate`: one counted the other among its nearest,
/// and its probability reached the edge floor or it was vetoed). CSV, for
/// studying and fitting the similarity model.
fn dump_pairs(articles: &[Article], base: &Config, path: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let docs: Vec<ClusterDoc> = articles.iter().map(Article::cluster_doc).collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        out,
        "with_dates,a,b,event_a,event_b,same,{},probability,predicted_same,candidate",
        storyline_cluster::FEATURE_NAMES.join(",")
    )?;
    for use_dates in [true, false] {
        let config = Config {
            use_dates,
            ..base.clone()
        };
        let mut online = storyline_cluster::Online::new(config);
        online.add(
            docs.iter()
                .map(|d| (d.terms.clone(), d.published))
                .collect(),
        );
        let result = online.clustering();
        let mut predicted = vec![0usize; articles.len()];
        for (e, event) in result.events.iter().enumerate() {
            for &m in &event.members {
                predicted[m] = e;
            }
        }
        let candidates: std::collections::HashSet<(usize, usize)> =
            online.pairs().into_iter().collect();
        let features = storyline_cluster::Features::new(&docs, use_dates);
        for a in 0..articles.len() {
            for b in a + 1..articles.len() {
                let f = features.pair(a, b);
                let p = storyline_cluster::shipped_model().probability(&f);
                let f: Vec<String> = f.iter().map(|x| format!("{x:.5}")).collect();
                writeln!(
                    out,
                    "{},{a},{b},{},{},{},{},{p:.5},{},{}",
                    u8::from(use_dates),
                    articles[a].event,
                    articles[b].event,
                    u8::from(articles[a].event == articles[b].event),
                    f.join(","),
                    u8::from(predicted[a] == predicted[b]),
                    u8::from(candidates.contains(&(a, b)))
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Counts the pairs whose death tolls the veto holds too far apart, without
/// dates (where no pair is exempt as counted the same day): within one gold
/// event (the veto's mistakes) and across events, and of those across, how
/// many the pair model alone would have given more than 0.2.
fn report_vetoes(articles: &[Article], base: &Config) {
    let Some(ratio) = base.toll_veto else {
        println!("vetoes: the veto is off");
        return;
    };
    let docs: Vec<ClusterDoc> = articles.iter().map(Article::cluster_doc).collect();
    let features = storyline_cluster::Features::new(&docs, false);
    let toll = storyline_cluster::FEATURE_NAMES
        .iter()
        .position(|n| *n == "toll_ratio")
        .expect("a toll feature");
    let (mut within, mut across, mut across_likely) = (0, 0, 0);
    for a in 0..docs.len() {
        for b in a + 1..docs.len() {
            let f = features.pair(a, b);
            if f[toll] < ratio {
                continue;
            }
            if articles[a].event == articles[b].event {
                within += 1;
            } else {
                across += 1;
                if storyline_cluster::shipped_model().probability(&f) > 0.2 {
                    across_likely += 1;
                }
            }
        }
    }
    println!(
        "vetoed pairs without dates: {within} within gold events, {across} across them ({across_likely} of those with a probability above 0.2)"
    );
}

/// Feeds the articles in shuffled orders, one at a time and in batches, and
/// reports the B-cubed agreement with the batch partition and the score
/// against the gold events.
fn report_online(articles: &[Article], base: &Config, rounds: u64) {
    use storyline_eval::online::{agreement, batch_partition, shuffled_partition};
    let docs: Vec<ClusterDoc> = articles.iter().map(Article::cluster_doc).collect();
    let gold: Vec<&str> = articles.iter().map(|a| a.event.as_str()).collect();
    println!(
        "online: {rounds} shuffled orders per row; agreement = B-cubed F1 against the batch partition"
    );
    println!("dates batch  agreement min  mean    gold B3 F1 min  mean");
    for use_dates in [true, false] {
        let config = Config {
            use_dates,
            ..base.clone()
        };
        let batch = batch_partition(&docs, &config);
        for size in [1usize, 10, 50] {
            let (mut a_min, mut a_sum, mut g_min, mut g_sum) = (1.0f64, 0.0, 1.0f64, 0.0);
            for seed in 0..rounds {
                let online = shuffled_partition(&docs, &config, seed, size);
                let a = agreement(&online, &batch).bcubed_f1;
                let g = score(&online, &gold).bcubed_f1;
                a_min = a_min.min(a);
                g_min = g_min.min(g);
                a_sum += a;
                g_sum += g;
            }
            println!(
                "{:>5} {size:>5}  {a_min:>13.3} {:>5.3}    {g_min:>14.3} {:>5.3}",
                if use_dates { "yes" } else { "no" },
                a_sum / rounds as f64,
                g_sum / rounds as f64
            );
        }
    }
}
