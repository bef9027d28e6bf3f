//! Briefs on a labelled set: runs the whole pipeline (default: giveme5w1h
//! `news_cluster`) and reports, over every event's brief, the pairwise
//! redundancy of its sentences (storyline_brief::redundancy, the measure
//! the brief keeps under `REDUNDANCY_THRESHOLD`), how many sources each
//! sentence is cited to, and whether every sentence is verbatim in its
//! first citation.
//!
//! `briefs [PATH...]`

use anyhow::Context;
use storyline_brief::{REDUNDANCY_THRESHOLD, redundancy};
use storyline_pipeline::{Options, Quiet, analyze};

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let mut paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    if paths.is_empty() {
        paths.push(storyline_eval::giveme::default_dir()?);
    }
    let options = Options {
        with_text: true,
        ..Options::default()
    };
    let started = std::time::Instant::now();
    let report = analyze(&paths, &options, &Quiet);
    let seconds = started.elapsed().as_secs_f64();
    let text = |id: &storyline_core::DocumentId| -> anyhow::Result<&str> {
        report
            .documents
            .iter()
            .find(|d| &d.id == id)
            .and_then(|d| d.text.as_deref())
            .with_context(|| format!("no text for {id}"))
    };
    let (mut briefs, mut sentences, mut verbatim, mut sources) = (0usize, 0usize, 0usize, 0usize);
    let mut pairs: Vec<f64> = Vec::new();
    let mut worst: Vec<f64> = Vec::new();
    for event in report.stories.iter().flat_map(|s| &s.events) {
        if event.brief.is_empty() {
            continue;
        }
        briefs += 1;
        let mut max = 0.0f64;
        for (i, a) in event.brief.iter().enumerate() {
            sentences += 1;
            let first = &a.citations[0];
            if text(&first.document)?.get(first.start..first.end) == Some(a.text.as_str()) {
                verbatim += 1;
            }
            sources += a.citations.len();
            for b in &event.brief[i + 1..] {
                let r = redundancy(&a.text, &b.text);
                max = max.max(r);
                pairs.push(r);
            }
        }
        worst.push(max);
    }
    pairs.sort_by(f64::total_cmp);
    worst.sort_by(f64::total_cmp);
    let q = |v: &[f64], p: f64| {
        v.get(((v.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "{} documents, {} events with a brief, {} sentences ({:.1} s for the whole pipeline)",
        report.documents.len(),
        briefs,
        sentences,
        seconds
    );
    println!("verbatim in the first citation: {verbatim}/{sentences}");
    println!(
        "citations per sentence (the source and every other source reporting the same): {:.2}",
        sources as f64 / sentences.max(1) as f64
    );
    println!(
        "pairwise redundancy of brief sentences ({} pairs; threshold {REDUNDANCY_THRESHOLD}): median {:.3}, p90 {:.3}, p99 {:.3}, max {:.3}",
        pairs.len(),
        q(&pairs, 0.5),
        q(&pairs, 0.9),
        q(&pairs, 0.99),
        q(&pairs, 1.0)
    );
    println!(
        "most redundant pair per brief: median {:.3}, p90 {:.3}, max {:.3}",
        q(&worst, 0.5),
        q(&worst, 0.9),
        q(&worst, 1.0)
    );
    anyhow::ensure!(verbatim == sentences, "a brief sentence is not verbatim");
    anyhow::ensure!(
        q(&pairs, 1.0) <= REDUNDANCY_THRESHOLD,
        "two brief sentences are redundant"
    );
    Ok(())
}
