//! Throughput of reading and normalizing plain-text articles, per core and
//! on all cores: `throughput [SECONDS]`.
//!
//! The articles are held in memory as raw file bytes, so the figure is the
//! cost of storyline's work (charset check, decoding, normalization with
//! its offset map), not of the disk.

use std::time::{Duration, Instant};

use rayon::prelude::*;
use storyline_core::Format;
use storyline_read::Raw;

fn main() -> anyhow::Result<()> {
    let seconds: f64 = std::env::args().nth(1).map_or(Ok(3.0), |s| s.parse())?;
    let (docs, from) = storyline_bench::source_articles()?;
    let raws: Vec<Raw> = docs
        .iter()
        .map(|d| Raw {
            source: d.source.clone(),
            format: Format::Txt,
            bytes: d.text.as_bytes().to_vec(),
            fallback_id: Some(d.id.to_string()),
            url: None,
            fetched: None,
            charset: None,
        })
        .collect();
    let corpus_bytes: usize = raws.iter().map(|r| r.bytes.len()).sum();
    println!(
        "corpus: {} articles, {:.1} MB, mean {:.1} KB (from {from})",
        raws.len(),
        corpus_bytes as f64 / 1e6,
        corpus_bytes as f64 / raws.len() as f64 / 1e3
    );

    let work = |raw: &Raw| -> usize {
        let doc = storyline_read::decode(raw.clone()).expect("benchmark texts decode");
        let normalized = storyline_text::normalize(&doc.text);
        std::hint::black_box(normalized.text().len());
        raw.bytes.len()
    };
    let budget = Duration::from_secs_f64(seconds);

    // One core.
    let (bytes, elapsed) = repeat(budget, || raws.iter().map(work).sum());
    let single = bytes as f64 / elapsed.as_secs_f64() / 1e6;
    println!("read+normalize, 1 thread:  {single:7.1} MB/s");

    // All cores.
    let threads = rayon::current_num_threads();
    let (bytes, elapsed) = repeat(budget, || raws.par_iter().map(work).sum());
    let all = bytes as f64 / elapsed.as_secs_f64() / 1e6;
    println!("read+normalize, {threads} threads: {all:7.1} MB/s");

    // Normalization alone, to see where time goes.
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let (bytes, elapsed) = repeat(budget, || {
        texts
            .iter()
            .map(|t| std::hint::black_box(storyline_text::normalize(t)).original_len())
            .sum()
    });
    println!(
        "normalize only, 1 thread:  {:7.1} MB/s",
        bytes as f64 / elapsed.as_secs_f64() / 1e6
    );
    Ok(())
}

/// Runs `pass` until `budget` has elapsed; returns bytes processed and time.
fn repeat(budget: Duration, mut pass: impl FnMut() -> usize) -> (usize, Duration) {
    let start = Instant::now();
    let mut bytes = 0;
    while start.elapsed() < budget {
        bytes += pass();
    }
    (bytes, start.elapsed())
}
