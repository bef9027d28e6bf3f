//! Event clustering speed and memory on N generated articles (default
//! 100,000): `cluster-speed [--n N] [--rate R] [--dates]`.
//!
//! Articles are edited variants of the real articles in `../shared` (a
//! share `R` of their words substituted, default 0.3), so each real article
//! seeds an event of about N / 1,200 variants. With `--dates`, each event's
//! variants are published over a few days, events spread over two years.
//! Prints the time of the per-document stage (normalize, tokens, terms, on
//! all cores) and of clustering (one corpus stage), and the peak RSS.

use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use storyline_cluster::{ClusterDoc, Config, DocTerms, cluster, doc_terms};
use storyline_eval::synth::{self, EditKinds, Rng};

fn main() -> anyhow::Result<()> {
    let mut n = 100_000usize;
    let mut rate = 0.3f64;
    let mut dates = false;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--n" => n = it.next().context("--n needs a value")?.parse()?,
            "--rate" => rate = it.next().context("--rate needs a value")?.parse()?,
            "--dates" => dates = true,
            other => anyhow::bail!("unknown option {other}"),
        }
    }
    let articles = synth::news_articles()?;
    anyhow::ensure!(
        !articles.is_empty(),
        "no source articles (is ../shared there?)"
    );
    let vocab = synth::vocabulary(articles.iter().map(|a| a.text.as_str()));
    let kinds = EditKinds {
        substitute: true,
        ..EditKinds::default()
    };
    let started = Instant::now();
    let texts: Vec<String> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut rng = Rng::derive(7, i as u64);
            synth::edit(
                &articles[i % articles.len()].text,
                rate,
                &kinds,
                &mut rng,
                &vocab,
                &[],
            )
            .text
        })
        .collect();
    let published: Vec<Option<i64>> = (0..n)
        .map(|i| {
            dates.then(|| {
                let event = (i % articles.len()) as i64;
                let mut rng = Rng::derive(11, i as u64);
                1_500_000_000 + event * 50_000 + (rng.next_u64() % 300_000) as i64
            })
        })
        .collect();
    eprintln!(
        "generated {n} articles in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let terms: Vec<DocTerms> = texts
        .par_iter()
        .map(|text| {
            let normalized = storyline_text::normalize(text);
            let tokens = storyline_text::tokens(normalized.text());
            doc_terms(None, normalized.text(), &tokens, false)
        })
        .collect();
    let per_document = started.elapsed().as_secs_f64();
    drop(texts);
    let docs: Vec<ClusterDoc> = terms
        .iter()
        .zip(&published)
        .map(|(t, p)| ClusterDoc {
            terms: t,
            published: *p,
        })
        .collect();
    let started = Instant::now();
    let result = cluster(&docs, &Config::default());
    let clustering = started.elapsed().as_secs_f64();
    println!(
        "{n} articles ({} source articles, {:.0}% of words substituted, dates {}): per-document terms {per_document:.1} s on {} threads; clustering {clustering:.1} s; {} events in {} stories; peak RSS {} MB",
        articles.len(),
        rate * 100.0,
        if dates { "yes" } else { "no" },
        rayon::current_num_threads(),
        result.events.len(),
        result.stories.len(),
        peak_rss_kb().map_or("?".to_string(), |k| (k / 1024).to_string())
    );
    Ok(())
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
