//! Event clustering on other news, without gold: does the content-only
//! partition of news the model never saw hold together in time?
//!
//! `events-other [DIR]... [--time-strictness DAYS | --no-time-strictness]`
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

use std::collections::HashMap;

use anyhow::Context;
use storyline_cluster::{ClusterDoc, Config, DocTerms, doc_terms};
use storyline_eval::bcubed::score;
use storyline_eval::online::batch_partition;

/// One article: its terms, publication time and outlet.
struct Other {
    terms: DocTerms,
    published: Option<i64>,
    outlet: String,
    title: String,
}

fn main() -> anyhow::Result<()> {
    let mut dirs: Vec<std::path::PathBuf> = Vec::new();
    let mut base = Config::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--time-strictness" => {
                let days = args.next().context("--time-strictness needs a value")?;
                base.time_strictness_days = Some(days.parse()?);
            }
            "--no-time-strictness" => base.time_strictness_days = None,
            other if other.starts_with('-') => anyhow::bail!("unknown option {other}"),
            dir => dirs.push(dir.into()),
        }
    }
    if dirs.is_empty() {
        for sub in ["data/polnear/train/text", "data/polnear/dev/text"] {
            dirs.push(
                storyline_eval::shared_dir(sub)
                    .with_context(|| format!("../shared/{sub} is not there: pass directories"))?,
            );
        }
    }
    let others = read_others(&dirs)?;
    println!(
        "{} articles from {}",
        others.len(),
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let docs: Vec<ClusterDoc> = others
        .iter()
        .map(|o| ClusterDoc {
            terms: &o.terms,
            published: o.published,
        })
        .collect();
    let times: Vec<Option<i64>> = others.iter().map(|o| o.published).collect();
    let outlets: Vec<&str> = others.iter().map(|o| o.outlet.as_str()).collect();
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

/// Prints the `count` largest events of `partition` whose publications
/// span more than `days`, with four titles each.
fn largest_spanning(others: &[Other], partition: &[usize], days: i64, count: usize) {
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

/// Reads `publisher_YYYY-MM-DD_slug.txt` files: the title is the first
/// line, the date and outlet come from the name.
fn read_others(dirs: &[std::path::PathBuf]) -> anyhow::Result<Vec<Other>> {
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
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
        out.push(Other {
            terms,
            published,
            outlet,
            title,
        });
    }
    Ok(out)
}
