//! Event clustering speed and memory on N generated articles (default
//! 100,000): `cluster-speed [--n N] [--rate R] [--dates] [--stream BATCH]
//! [--window DAYS]`.
//!
//! Articles are edited variants of the real articles in `../shared` (a
//! share `R` of their words substituted, default 0.3), so each real article
//! seeds an event of about N / 1,200 variants. With `--dates`, each event's
//! variants are published over a few days, events spread over two years.
//!
//! Batch (the default): all articles' terms are made (on all cores), then
//! clustered at once; the two times and the peak RSS are printed. Stream
//! (`--stream BATCH`): articles are made and added in publication order,
//! BATCH at a time, to one online clusterer; with `--window DAYS` (and
//! `--dates`) events older than the window are closed and dropped, so the
//! peak RSS shows whether memory follows the window or the stream.

use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use storyline_cluster::{Config, DocTerms, Online, cluster_owned, doc_terms};
use storyline_eval::synth::{self, EditKinds, Rng};

struct Generator {
    articles: Vec<synth::Article>,
    vocab: Vec<String>,
    rate: f64,
    dates: bool,
}

impl Generator {
    fn published(&self, i: usize) -> Option<i64> {
        self.dates.then(|| {
            let event = (i % self.articles.len()) as i64;
            let mut rng = Rng::derive(11, i as u64);
            1_500_000_000 + event * 50_000 + (rng.next_u64() % 300_000) as i64
        })
    }

    fn terms(&self, i: usize) -> DocTerms {
        let kinds = EditKinds {
            substitute: true,
            ..EditKinds::default()
        };
        let mut rng = Rng::derive(7, i as u64);
        let text = synth::edit(
            &self.articles[i % self.articles.len()].text,
            self.rate,
            &kinds,
            &mut rng,
            &self.vocab,
            &[],
        )
        .text;
        let normalized = storyline_text::normalize(&text);
        let tokens = storyline_text::tokens(normalized.text());
        doc_terms(None, normalized.text(), &tokens, false)
    }
}

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let mut n = 100_000usize;
    let mut rate = 0.3f64;
    let mut dates = false;
    let mut stream = None;
    let mut window = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--n" => n = value("--n")?.parse()?,
            "--rate" => rate = value("--rate")?.parse()?,
            "--dates" => dates = true,
            "--stream" => stream = Some(value("--stream")?.parse::<usize>()?.max(1)),
            "--window" => window = Some(value("--window")?.parse::<f32>()?),
            other => anyhow::bail!("unknown option {other}"),
        }
    }
    let articles = synth::news_articles()?;
    anyhow::ensure!(
        !articles.is_empty(),
        "no source articles (is ../shared there?)"
    );
    let vocab = synth::vocabulary(articles.iter().map(|a| a.text.as_str()));
    let generator = Generator {
        articles,
        vocab,
        rate,
        dates,
    };
    let config = Config {
        window_days: window,
        ..Config::default()
    };
    let setting = format!(
        "{n} articles ({} source articles, {:.0}% of words substituted, dates {})",
        generator.articles.len(),
        rate * 100.0,
        if dates { "yes" } else { "no" }
    );
    match stream {
        None => {
            let started = Instant::now();
            let docs: Vec<(DocTerms, Option<i64>)> = (0..n)
                .into_par_iter()
                .map(|i| (generator.terms(i), generator.published(i)))
                .collect();
            let per_document = started.elapsed().as_secs_f64();
            let started = Instant::now();
            let result = cluster_owned(docs, &config);
            let clustering = started.elapsed().as_secs_f64();
            println!(
                "{setting}: per-document generation and terms {per_document:.1} s on {} threads; clustering {clustering:.1} s; {} events in {} stories; peak RSS {} MB",
                rayon::current_num_threads(),
                result.events.len(),
                result.stories.len(),
                peak_rss_mb()
            );
        }
        Some(batch) => {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by_key(|&i| (generator.published(i), i));
            let mut online = Online::new(config);
            let (mut making, mut adding, mut most_active) = (0.0, 0.0, 0usize);
            for chunk in order.chunks(batch) {
                let started = Instant::now();
                let docs: Vec<(DocTerms, Option<i64>)> = chunk
                    .par_iter()
                    .map(|&i| (generator.terms(i), generator.published(i)))
                    .collect();
                making += started.elapsed().as_secs_f64();
                let started = Instant::now();
                online.add(docs);
                adding += started.elapsed().as_secs_f64();
                most_active = most_active.max(online.active_len());
            }
            let started = Instant::now();
            let result = online.clustering();
            let finishing = started.elapsed().as_secs_f64();
            println!(
                "{setting}, streamed {batch} at a time, window {}: generation and terms {making:.1} s; adding {adding:.1} s ({:.0} articles/s); final clustering {finishing:.1} s; at most {most_active} documents active; {} events in {} stories; peak RSS {} MB",
                window.map_or("none".to_string(), |w| format!("{w} days")),
                n as f64 / adding,
                result.events.len(),
                result.stories.len(),
                peak_rss_mb()
            );
        }
    }
    Ok(())
}

fn peak_rss_mb() -> String {
    let kb = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))?
                .to_string();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        });
    kb.map_or("?".to_string(), |k| (k / 1024).to_string())
}
