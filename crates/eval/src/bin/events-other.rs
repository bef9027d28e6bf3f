//! Event clustering on other news, without gold: does the content-only
//! partition of news the model never saw hold together in time?
//!
//! `events-other [DIR]... [--time-strictness DAYS | --no-time-strictness] [--time-grace DAYS]
//! [--no-attach] [--threshold T] [--labels PATH [--label-features OUT]]
//! [--sample-pairs PATH]`
//! (default: PolNeAR's `train/text` and `dev/text`,
//! 924 political articles of seven US outlets, Nov 2015 – Nov 2016). Each
//! file is `publisher_YYYY-MM-DD_slug.txt` with its title on the first
//! line. The articles are clustered with their dates and without them, as
//! `storyline analyze` does, and for each partition it prints the events,
//! how many documents share an event, how many outlets an event spans, and
//! how far apart in publication the pairs of one event are. The same is
//! printed for giveme5w1h (predicted and gold) beside it, to read the
//! figures against. A content-only partition whose pairs lie months apart,
//! or that disagrees with the dated one far more than on giveme5w1h, is
//! merging a story's happenings on news it was not fitted on.
//!
//! `--labels PATH` scores the partitions on hand-labelled pairs of these
//! articles (`crates/eval/data/polnear-event-pairs.tsv`: file names and a
//! judgement, no text): the share of the pairs a partition joins that are
//! one happening, and the share of the pairs labelled one happening that
//! it joins, with dates at several time strictnesses and without them.
//! `--label-features OUT` writes each labelled pair's judgement, pair
//! features and probability, with dates and without, and prints each
//! feature's AUC on the labelled pairs and how far apart the pairs of one
//! happening were published: which features tell happenings apart here.
//! `--sample-pairs PATH` writes the pairs to label: every pair one of those
//! partitions joins, and a sample of near misses; with `--labels`, only the
//! joined pairs the labels do not hold yet.

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use storyline_cluster::{ClusterDoc, Config};
use storyline_eval::bcubed::score;
use storyline_eval::online::batch_partition;
use storyline_eval::other_news::{Labels, OtherArticle, parse_labels, read_articles, score_pairs};

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let mut dirs: Vec<std::path::PathBuf> = Vec::new();
    let mut base = Config::default();
    let mut labels: Option<std::path::PathBuf> = None;
    let mut sample: Option<std::path::PathBuf> = None;
    let mut label_features: Option<std::path::PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--time-strictness" => {
                let days = args.next().context("--time-strictness needs a value")?;
                base.time_strictness_days = Some(days.parse()?);
            }
            "--no-time-strictness" => base.time_strictness_days = None,
            "--no-attach" => base.attach_threshold = None,
            "--time-grace" => {
                let days = args.next().context("--time-grace needs a value")?;
                base.time_grace_days = days.parse()?;
            }
            "--threshold" => {
                let t = args.next().context("--threshold needs a value")?;
                base.event_threshold = t.parse()?;
            }
            "--labels" => labels = Some(args.next().context("--labels needs a path")?.into()),
            "--label-features" => {
                label_features = Some(args.next().context("--label-features needs a path")?.into());
            }
            "--sample-pairs" => {
                sample = Some(args.next().context("--sample-pairs needs a path")?.into());
            }
            other if other.starts_with('-') => anyhow::bail!("unknown option {other}"),
            dir => dirs.push(dir.into()),
        }
    }
    if dirs.is_empty() {
        dirs = storyline_eval::other_news::polnear_dirs()
            .context("../shared/data/polnear is not there: pass directories")?;
    }
    let others = read_articles(&dirs)?;
    println!(
        "{} articles from {}",
        others.len(),
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let docs: Vec<ClusterDoc> = others.iter().map(OtherArticle::cluster_doc).collect();
    let times: Vec<Option<i64>> = others.iter().map(|o| o.published).collect();
    let outlets: Vec<&str> = others.iter().map(|o| o.outlet.as_str()).collect();
    if sample.is_some() || labels.is_some() {
        let Some(labels_path) = labels else {
            let path = sample.expect("one of the two");
            let variants = time_variants(&docs, &base, &SAMPLED);
            return write_sample(&path, &others, &docs, &variants, None);
        };
        let settings: Vec<(f32, Option<f32>)> = SAMPLED.iter().chain(&SCORED).copied().collect();
        let variants = time_variants(&docs, &base, &settings);
        // The dated variant with the configuration's own time settings
        // (after the content-only one).
        let reference = settings
            .iter()
            .position(|&(grace, strictness)| {
                grace == base.time_grace_days && strictness == base.time_strictness_days
            })
            .map(|i| i + 1);
        let labels = score_labels(&labels_path, &others, &variants, reference)?;
        if let Some(out) = label_features {
            write_label_features(&out, &docs, &labels, &variants)?;
        }
        if let Some(path) = sample {
            let known: HashSet<(usize, usize)> = labels
                .pairs
                .iter()
                .map(|l| (l.a, l.b))
                .chain(labels.unsure.iter().copied())
                .map(|(a, b)| (a.min(b), a.max(b)))
                .collect();
            write_sample(&path, &others, &docs, &variants, Some(&known))?;
        }
        return Ok(());
    }

    let dated = partition(&docs, &base, true);
    let undated = partition(&docs, &base, false);
    let giveme = storyline_eval::giveme::load(&storyline_eval::giveme::default_dir()?)?;
    let g_docs: Vec<ClusterDoc> = giveme.iter().map(|a| a.cluster_doc()).collect();
    let g_times: Vec<Option<i64>> = giveme.iter().map(|a| a.published).collect();
    let g_outlets: Vec<&str> = vec![""; giveme.len()];
    let g_dated = partition(&g_docs, &base, true);
    let g_undated = partition(&g_docs, &base, false);
    let g_gold: Vec<usize> = {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        giveme
            .iter()
            .map(|a| {
                let next = ids.len();
                *ids.entry(a.event.as_str()).or_insert(next)
            })
            .collect()
    };

    println!(
        "{:<28} {:>6} {:>6} {:>9} {:>7} {:>8} {:>6} {:>7} {:>7}",
        "partition",
        "docs",
        "events",
        "in multi",
        "largest",
        "outlets",
        "pairs",
        ">7 days",
        ">30 days"
    );
    row("other news, dated", &dated, &times, &outlets);
    row("other news, content only", &undated, &times, &outlets);
    row("giveme5w1h, dated", &g_dated, &g_times, &g_outlets);
    row("giveme5w1h, content only", &g_undated, &g_times, &g_outlets);
    row("giveme5w1h, gold", &g_gold, &g_times, &g_outlets);
    println!(
        "content only against dated (B-cubed F1): other news {:.3}, giveme5w1h {:.3}",
        score(&undated, &dated).bcubed_f1,
        score(&g_undated, &g_dated).bcubed_f1
    );

    for (name, partition) in [("dated", &dated), ("content-only", &undated)] {
        println!("\nlargest {name} events of the other news spanning more than 30 days:");
        largest_spanning(&others, partition, 30, 6);
    }
    Ok(())
}

/// The time settings the labelled pairs were sampled with: every pair one
/// of these joins (dated, grace 30 days) is labelled. Changing the list
/// changes `--sample-pairs`' output, which must stay the sample labelled.
const SAMPLED: [(f32, Option<f32>); 5] = [
    (30.0, None),
    (30.0, Some(240.0)),
    (30.0, Some(120.0)),
    (30.0, Some(60.0)),
    (30.0, Some(30.0)),
];

/// Further time settings scored on the labels: a few days' grace, for
/// events that are single happenings. Their joined pairs may include some
/// that are not labelled, which the scores count apart.
const SCORED: [(f32, Option<f32>); 4] = [
    (7.0, Some(30.0)),
    (7.0, Some(7.0)),
    (3.0, Some(30.0)),
    (3.0, Some(3.0)),
];

/// The partitions of `docs` without dates, then with dates under each of
/// `settings` (grace, strictness), named.
fn time_variants(
    docs: &[ClusterDoc],
    base: &Config,
    settings: &[(f32, Option<f32>)],
) -> Vec<(String, Vec<usize>)> {
    let mut variants = vec![("content only".to_string(), partition(docs, base, false))];
    for &(grace, strictness) in settings {
        let config = Config {
            time_grace_days: grace,
            time_strictness_days: strictness,
            ..base.clone()
        };
        let name = match strictness {
            None => "dated, no strictness".to_string(),
            Some(days) if grace == 30.0 => format!("dated, strictness {days}"),
            Some(days) => format!("dated, grace {grace}, strictness {days}"),
        };
        variants.push((name, partition(docs, &config, true)));
    }
    variants
}

/// Writes every pair a variant joins, and up to 100 pairs that none joins
/// but whose content-only probability is at least 0.2 (chosen by a fixed
/// seed), one per line: the two file names, days apart, the probability
/// and which variants join it, in a random order so that the labeller
/// does not see the partitions' agreement in the order of the lines.
/// Given the pairs already `known` (labelled), it writes only the joined
/// pairs that are not: what a changed model or setting asks to label.
fn write_sample(
    path: &std::path::Path,
    others: &[OtherArticle],
    docs: &[ClusterDoc],
    variants: &[(String, Vec<usize>)],
    known: Option<&HashSet<(usize, usize)>>,
) -> anyhow::Result<()> {
    use std::fmt::Write as _;
    let features = storyline_cluster::Features::new(docs, false);
    let model = storyline_cluster::shipped_model();
    let mut joined: Vec<(usize, usize, f32)> = Vec::new();
    let mut near: Vec<(usize, usize, f32)> = Vec::new();
    for a in 0..docs.len() {
        for b in a + 1..docs.len() {
            let together = variants.iter().any(|(_, p)| p[a] == p[b]);
            let wanted = match known {
                Some(known) => together && !known.contains(&(a, b)),
                None => together || features.pair(a, b)[0] >= 0.05,
            };
            if !wanted {
                continue;
            }
            let p = model.probability(&features.pair(a, b));
            if together {
                joined.push((a, b, p));
            } else if p >= 0.2 && known.is_none() {
                near.push((a, b, p));
            }
        }
    }
    let mut rng = storyline_eval::synth::Rng::new(2026);
    rng.shuffle(&mut near);
    near.truncate(100);
    let mut pairs = joined;
    pairs.extend(near);
    rng.shuffle(&mut pairs);
    let mut out = String::from("# a\tb\tdays apart\tcontent-only probability\tjoined by\n");
    for (a, b, p) in pairs {
        let days = match (others[a].published, others[b].published) {
            (Some(x), Some(y)) => ((x - y).abs() / 86_400).to_string(),
            _ => "-".to_string(),
        };
        let by: Vec<&str> = variants
            .iter()
            .filter(|(_, part)| part[a] == part[b])
            .map(|(name, _)| name.as_str())
            .collect();
        let _ = writeln!(
            out,
            "{}\t{}\t{days}\t{p:.3}\t{}",
            others[a].name,
            others[b].name,
            by.join(", ")
        );
    }
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    println!("wrote the pairs to label to {}", path.display());
    Ok(())
}

/// Scores each variant on the labelled pairs (see
/// `storyline_eval::other_news` for what precision and recall mean here).
fn score_labels(
    path: &std::path::Path,
    others: &[OtherArticle],
    variants: &[(String, Vec<usize>)],
    reference: Option<usize>,
) -> anyhow::Result<Labels> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let names: Vec<&str> = others.iter().map(|o| o.name.as_str()).collect();
    let labels =
        parse_labels(&text, &names).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let same = labels.pairs.iter().filter(|l| l.same).count();
    println!(
        "{} labelled pairs: {same} one happening, {} not, {} unsure (left out)",
        labels.pairs.len() + labels.unsure.len(),
        labels.pairs.len() - same,
        labels.unsure.len()
    );
    println!(
        "{:<36} {:>7} {:>9} {:>7} {:>7} {:>7} {:>10} {:>9}",
        "partition", "joined", "correctly", "P", "R", "F1", "unlabelled", "+/- same"
    );
    // Pairs of one happening a partition joins.
    let right = |part: &[usize]| -> HashSet<(usize, usize)> {
        labels
            .pairs
            .iter()
            .filter(|l| l.same && part[l.a] == part[l.b])
            .map(|l| (l.a, l.b))
            .collect()
    };
    let reference_right = reference.map(|r| right(&variants[r].1));
    for (name, part) in variants {
        let s = score_pairs(part, &labels.pairs);
        // Against the reference: pairs of one happening only this joins,
        // and only the reference joins.
        let versus = reference_right.as_ref().map_or(String::new(), |theirs| {
            let ours = right(part);
            format!(
                "+{}/-{}",
                ours.difference(theirs).count(),
                theirs.difference(&ours).count()
            )
        });
        println!(
            "{name:<36} {:>7} {:>9} {:>7.3} {:>7.3} {:>7.3} {:>10} {versus:>9}",
            s.joined,
            s.joined_right,
            s.precision,
            s.recall,
            s.f1,
            joined_pairs(part)
                - s.joined
                - labels
                    .unsure
                    .iter()
                    .filter(|&&(a, b)| part[a] == part[b])
                    .count()
        );
    }
    if let Some(r) = reference {
        println!(
            "(+/- same: pairs of one happening joined here and not by {:?}, and the reverse)",
            variants[r].0
        );
    }
    Ok(labels)
}

/// How many pairs `partition` puts in one event.
fn joined_pairs(partition: &[usize]) -> usize {
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for &e in partition {
        *sizes.entry(e).or_default() += 1;
    }
    sizes.values().map(|n| n * (n - 1) / 2).sum()
}

/// Writes the two articles' positions, `same`, then per use of dates the
/// 13 features and the probability, and last the settings that join the
/// pair, for every sure labelled pair.
fn write_label_features(
    path: &std::path::Path,
    docs: &[ClusterDoc],
    labels: &Labels,
    variants: &[(String, Vec<usize>)],
) -> anyhow::Result<()> {
    use std::fmt::Write as _;
    let model = storyline_cluster::shipped_model();
    let dated = storyline_cluster::Features::new(docs, true);
    let undated = storyline_cluster::Features::new(docs, false);
    let mut out = String::from("a\tb\tsame");
    for suffix in ["dated", "undated"] {
        for name in storyline_cluster::FEATURE_NAMES {
            let _ = write!(out, "\t{name}_{suffix}");
        }
        let _ = write!(out, "\tprobability_{suffix}");
    }
    out.push_str("\tjoined by\n");
    for pair in &labels.pairs {
        let _ = write!(out, "{}\t{}\t{}", pair.a, pair.b, u8::from(pair.same));
        for features in [&dated, &undated] {
            let f = features.pair(pair.a, pair.b);
            for x in f {
                let _ = write!(out, "\t{x:.4}");
            }
            let _ = write!(out, "\t{:.4}", model.probability(&f));
        }
        let joined_by: Vec<&str> = variants
            .iter()
            .filter(|(_, part)| part[pair.a] == part[pair.b])
            .map(|(name, _)| name.as_str())
            .collect();
        let _ = writeln!(out, "\t{}", joined_by.join("; "));
    }
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    println!("wrote the labelled pairs' features to {}", path.display());

    // How well each feature alone tells the labelled pairs apart.
    let same: Vec<bool> = labels.pairs.iter().map(|p| p.same).collect();
    let column = |features: &storyline_cluster::Features, k: Option<usize>| -> Vec<f32> {
        labels
            .pairs
            .iter()
            .map(|p| {
                let f = features.pair(p.a, p.b);
                k.map_or_else(|| model.probability(&f), |k| f[k])
            })
            .collect()
    };
    println!("AUC of each feature alone on the labelled pairs (0.5: no better than chance):");
    for (k, name) in storyline_cluster::FEATURE_NAMES.iter().enumerate() {
        println!(
            "  {name:<12} dated {:.3}  undated {:.3}",
            auc(&column(&dated, Some(k)), &same),
            auc(&column(&undated, Some(k)), &same)
        );
    }
    println!(
        "  {:<12} dated {:.3}  undated {:.3}",
        "probability",
        auc(&column(&dated, None), &same),
        auc(&column(&undated, None), &same)
    );
    let days: Vec<f32> = column(&dated, Some(6))
        .iter()
        .zip(&same)
        .filter(|(_, s)| **s)
        .map(|(&d, _)| d.exp_m1())
        .collect();
    let within = |limit: f32| days.iter().filter(|&&d| d <= limit).count();
    println!(
        "pairs of one happening published within 1.5 / 7 / 30 days of each other: {} / {} / {} of {}",
        within(1.5),
        within(7.0),
        within(30.0),
        days.len()
    );
    Ok(())
}

/// The chance that a pair of one happening scores above a pair of two
/// (ties count half): the area under the ROC curve.
fn auc(scores: &[f32], same: &[bool]) -> f64 {
    let (mut above, mut pairs) = (0.0f64, 0.0f64);
    for (x, _) in scores.iter().zip(same).filter(|(_, s)| **s) {
        for (y, _) in scores.iter().zip(same).filter(|(_, s)| !**s) {
            pairs += 1.0;
            above += match x.total_cmp(y) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Equal => 0.5,
                std::cmp::Ordering::Less => 0.0,
            };
        }
    }
    if pairs == 0.0 { 0.5 } else { above / pairs }
}

/// Prints the `count` largest events of `partition` whose publications
/// span more than `days`, with four titles each.
fn largest_spanning(others: &[OtherArticle], partition: &[usize], days: i64, count: usize) {
    let mut events: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &e) in partition.iter().enumerate() {
        events.entry(e).or_default().push(i);
    }
    let span = |members: &[usize]| {
        let times: Vec<i64> = members
            .iter()
            .filter_map(|&i| others[i].published)
            .collect();
        times
            .iter()
            .max()
            .zip(times.iter().min())
            .map_or(0, |(a, b)| (a - b) / 86_400)
    };
    let mut events: Vec<Vec<usize>> = events.into_values().filter(|m| span(m) > days).collect();
    let total: usize = events.iter().map(Vec::len).sum();
    println!("  ({} events, {total} documents)", events.len());
    events.sort_by_key(|m| (std::cmp::Reverse(m.len()), m[0]));
    for members in events.iter().take(count) {
        println!("  {} documents over {} days:", members.len(), span(members));
        for &i in members.iter().take(4) {
            println!(
                "    {} {}",
                others[i].outlet,
                others[i].title.chars().take(90).collect::<String>()
            );
        }
    }
}

/// Each article's event (by number), clustered with `base`, with dates or
/// without.
fn partition(docs: &[ClusterDoc], base: &Config, use_dates: bool) -> Vec<usize> {
    let config = Config {
        use_dates,
        ..base.clone()
    };
    batch_partition(docs, &config)
}

/// Prints one partition's row: documents, events, documents in events of
/// two or more, the largest event, the mean count of outlets in events of
/// two or more, pairs of one event, and the share of those pairs published
/// more than 7 and 30 days apart.
fn row(name: &str, partition: &[usize], times: &[Option<i64>], outlets: &[&str]) {
    let mut events: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &e) in partition.iter().enumerate() {
        events.entry(e).or_default().push(i);
    }
    let multi: Vec<&Vec<usize>> = events.values().filter(|m| m.len() > 1).collect();
    let in_multi: usize = multi.iter().map(|m| m.len()).sum();
    let largest = events.values().map(Vec::len).max().unwrap_or(0);
    let outlet_mean = if multi.is_empty() {
        0.0
    } else {
        multi
            .iter()
            .map(|m| {
                let mut o: Vec<&str> = m.iter().map(|&i| outlets[i]).collect();
                o.sort_unstable();
                o.dedup();
                o.len() as f64
            })
            .sum::<f64>()
            / multi.len() as f64
    };
    let (mut pairs, mut week, mut month) = (0usize, 0usize, 0usize);
    for members in &multi {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                if let (Some(x), Some(y)) = (times[a], times[b]) {
                    pairs += 1;
                    let days = (x - y).abs() / 86_400;
                    week += usize::from(days > 7);
                    month += usize::from(days > 30);
                }
            }
        }
    }
    let share = |n: usize| {
        if pairs == 0 {
            0.0
        } else {
            n as f64 / pairs as f64
        }
    };
    let outlet_text = if outlets.iter().all(|o| o.is_empty()) {
        "-".to_string()
    } else {
        format!("{outlet_mean:.2}")
    };
    println!(
        "{name:<28} {:>6} {:>6} {:>9} {:>7} {:>8} {:>6} {:>7.3} {:>7.3}",
        partition.len(),
        events.len(),
        in_multi,
        largest,
        outlet_text,
        pairs,
        share(week),
        share(month)
    );
}
