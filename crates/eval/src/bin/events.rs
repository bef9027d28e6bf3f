//! Event clustering on giveme5w1h `news_cluster` (gold: `EventId`):
//! B-cubed and pairwise precision, recall and F1, with publication dates and
//! without them.
//!
//! `events [DIR] [--threshold T]... [--body-weight W] [--names-weight W]
//! [--title-weight W] [--time-floor F] [--time-sigma DAYS] [--json]`: each
//! `--threshold` adds an event threshold to report (the default's is always
//! reported) and the other options change the configuration, to show how
//! sensitive the result is. The defaults are not chosen on this set.

use anyhow::Context;
use serde_json::Value;
use storyline_cluster::{ClusterDoc, Config, cluster, doc_terms};
use storyline_eval::bcubed::{ClusterScores, score};

struct Article {
    terms: storyline_cluster::DocTerms,
    published: Option<i64>,
    event: String,
}

fn main() -> anyhow::Result<()> {
    let mut dir = None;
    let mut thresholds = vec![Config::default().event_threshold];
    let mut json = false;
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
            other if !other.starts_with('-') => dir = Some(std::path::PathBuf::from(other)),
            other => anyhow::bail!("unknown option {other}"),
        }
    }
    let dir = match dir {
        Some(d) => d,
        None => storyline_eval::shared_dir("data/giveme5w1h/news_cluster")
            .context("the shared giveme5w1h data is not there: pass its news_cluster directory")?,
    };
    let articles = load(&dir)?;
    let gold: Vec<&str> = articles.iter().map(|a| a.event.as_str()).collect();
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

/// Reads the articles as `storyline analyze` does, with their gold event.
fn load(dir: &std::path::Path) -> anyhow::Result<Vec<Article>> {
    let expanded = storyline_read::expand(&[dir]);
    let mut articles = Vec::new();
    for input in &expanded.inputs {
        for record in storyline_read::records(input) {
            let doc = record
                .and_then(storyline_read::decode)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let event = match doc.extra.get("newsCluster") {
                Some(Value::Object(o)) => o["EventId"].to_string(),
                Some(Value::String(s)) => {
                    let at = s.find("'EventId': ").context("EventId")? + "'EventId': ".len();
                    s[at..]
                        .split([',', '}'])
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_string()
                }
                _ => anyhow::bail!("{}: no newsCluster", doc.source),
            };
            let normalized = storyline_text::normalize(&doc.text);
            let tokens = storyline_text::tokens(normalized.text());
            let title = doc
                .title
                .as_deref()
                .map(|t| storyline_text::normalize(t).text().to_string());
            let terms = doc_terms(title.as_deref(), normalized.text(), &tokens, false);
            let published = doc
                .published
                .as_deref()
                .and_then(storyline_read::published_seconds);
            articles.push(Article {
                terms,
                published,
                event,
            });
        }
    }
    Ok(articles)
}
