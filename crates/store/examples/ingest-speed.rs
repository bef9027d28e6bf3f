//! Ingest throughput of the store alone (no HTTP): reads every record
//! under PATH..., then ingests them into a fresh store in batches of
//! `--batch N` (default 100), printing articles per second overall and the
//! slowest batch. `--preload FILE` first ingests FILE in one batch (not
//! timed); `--defer` defers the reports' rebuild as the server does (then
//! timed apart, unless `--no-rebuild`).
//!
//!   cargo run --release -p storyline-store --example ingest-speed -- [--batch N] [--db FILE] [--preload FILE] [--defer [--no-rebuild]] PATH...

use std::time::Instant;

use storyline_store::{IngestOptions, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut take = |flag: &str| -> Option<String> {
        let i = args.iter().position(|a| a == flag)?;
        let value = args.get(i + 1).cloned();
        args.drain(i..(i + 2).min(args.len()));
        value
    };
    let batch: usize = take("--batch").map_or(Ok(100), |b| b.parse())?;
    let db = take("--db");
    let preload = take("--preload");
    let mut flag = |name: &str| match args.iter().position(|a| a == name) {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    };
    let defer = flag("--defer");
    let rebuild = !flag("--no-rebuild");
    let paths: Vec<std::path::PathBuf> = args.iter().map(Into::into).collect();
    let mut raws = Vec::new();
    for input in storyline_read::expand(&paths).inputs {
        raws.extend(storyline_read::records(&input).flatten());
    }
    let dir = tempfile::tempdir()?;
    let path = db.map_or_else(|| dir.path().join("speed.db"), Into::into);
    let mut store = Store::open(&path)?;
    if let Some(preload) = preload {
        let t = Instant::now();
        let s = store.ingest_paths(&[preload.into()], &IngestOptions::default())?;
        eprintln!(
            "preloaded {} documents in {:.1} s",
            s.added.len(),
            t.elapsed().as_secs_f64()
        );
    }
    let options = IngestOptions {
        defer_reports: defer,
        ..IngestOptions::default()
    };
    let started = Instant::now();
    let (mut slowest, mut added, mut changed) = (0.0f64, 0, 0);
    let total = raws.len();
    let mut raws = raws.into_iter();
    loop {
        let chunk: Vec<_> = raws.by_ref().take(batch).collect();
        if chunk.is_empty() {
            break;
        }
        let t = Instant::now();
        let summary = store.ingest_raw(chunk, &options)?;
        slowest = slowest.max(t.elapsed().as_secs_f64());
        added += summary.added.len();
        changed += summary.events_changed.len();
    }
    let secs = started.elapsed().as_secs_f64();
    if defer && rebuild {
        let t = Instant::now();
        let mut rebuilt = 0;
        loop {
            let done = store.rebuild_stale(&options, 32)?;
            if done.is_empty() {
                break;
            }
            rebuilt += done.len();
        }
        println!(
            "deferred reports: {rebuilt} rebuilt afterwards in {:.2} s",
            t.elapsed().as_secs_f64()
        );
    }
    let stats = store.stats()?;
    println!(
        "{total} records, {added} added in batches of {batch}: {secs:.2} s, {:.0} articles/s; slowest batch {slowest:.3} s; {changed} event rebuilds; store: {} events, {} stories, {:.1} MB",
        added as f64 / secs,
        stats.events,
        stats.stories,
        std::fs::metadata(&path)?.len() as f64 / 1e6
    );
    Ok(())
}
