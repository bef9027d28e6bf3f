//! Entity mentions checked against the giveme5w1h "who" annotations, and
//! the speed of the whole per-document analysis (see
//! `storyline_eval::who` for the matching):
//!
//! `who [GOLD_DIR] [--cluster DIR] [--missed N] [--json] [--seconds S]`
//!
//! GOLD_DIR defaults to the shared `data/giveme5w1h/gold_5w1h`; the speed
//! is measured with `analyze()` on the `news_cluster` texts (`--cluster`),
//! on one thread, repeated for at least S seconds (default 3).
//! `--missed N` prints up to N phrases no mention was found in, and up to
//! N named phrases found only as places or other names.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use storyline_eval::who;

const USAGE: &str = "usage: who [GOLD_DIR] [--cluster DIR] [--missed N] [--json] [--seconds S]";

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let mut gold: Option<PathBuf> = None;
    let mut cluster: Option<PathBuf> = None;
    let mut missed = 0usize;
    let mut json = false;
    let mut seconds = 3.0f64;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--cluster" => cluster = Some(it.next().context("--cluster needs a directory")?.into()),
            "--missed" => missed = it.next().context("--missed needs a number")?.parse()?,
            "--seconds" => seconds = it.next().context("--seconds needs a number")?.parse()?,
            "--json" => json = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other if other.starts_with('-') => bail!("unknown option {other}\n{USAGE}"),
            other if gold.is_none() => gold = Some(other.into()),
            other => bail!("unexpected argument {other}\n{USAGE}"),
        }
    }
    let gold = match gold {
        Some(g) => g,
        None => storyline_eval::shared_dir("data/giveme5w1h/gold_5w1h")
            .context("the shared giveme5w1h data is not there: pass its gold_5w1h directory")?,
    };
    let cluster = match cluster {
        Some(c) => c,
        None => storyline_eval::shared_dir("data/giveme5w1h/news_cluster")
            .context("the shared giveme5w1h data is not there: pass --cluster DIR")?,
    };

    let articles = who::load(&gold)?;
    let s = who::score(&articles, |t, p| storyline_analyze::analyze(t, p).mentions);

    let texts = who::cluster_texts(&cluster)?;
    let bytes: usize = texts.iter().map(|t| t.0.len()).sum();
    // Warm up (the word tables are built on first use), then time.
    for (t, p) in &texts {
        std::hint::black_box(storyline_analyze::analyze(t, *p));
    }
    let start = Instant::now();
    let mut rounds = 0usize;
    while start.elapsed().as_secs_f64() < seconds || rounds == 0 {
        for (t, p) in &texts {
            std::hint::black_box(storyline_analyze::analyze(t, *p));
        }
        rounds += 1;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let per_sec = (rounds * texts.len()) as f64 / elapsed;
    let mb_per_sec = (rounds * bytes) as f64 / elapsed / 1e6;

    if json {
        let v = serde_json::json!({
            "articles": s.articles,
            "phrases": s.inside.total,
            "unlocated": s.unlocated,
            "found_inside": s.inside.value(),
            "found_overlap": s.overlap.value(),
            "named_phrases": s.named_inside.total,
            "named_found_inside": s.named_inside.value(),
            "named_found_overlap": s.named_overlap.value(),
            "named_found_by_person_or_org": s.named_actor.value(),
            "speed_articles_per_sec_per_core": per_sec,
            "speed_mb_per_sec_per_core": mb_per_sec,
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!(
            "giveme5w1h gold_5w1h: {} articles, {} annotated \"who\" phrases ({} not located in the text)",
            s.articles, s.inside.total, s.unlocated
        );
        println!("                          all phrases         named phrases");
        println!(
            "  found (mention inside)  {:.3} ({}/{})    {:.3} ({}/{})",
            s.inside.value(),
            s.inside.found,
            s.inside.total,
            s.named_inside.value(),
            s.named_inside.found,
            s.named_inside.total
        );
        println!(
            "  found (overlap)         {:.3} ({}/{})    {:.3} ({}/{})",
            s.overlap.value(),
            s.overlap.found,
            s.overlap.total,
            s.named_overlap.value(),
            s.named_overlap.found,
            s.named_overlap.total
        );
        println!(
            "  found as person/org                           {:.3} ({}/{})",
            s.named_actor.value(),
            s.named_actor.found,
            s.named_actor.total
        );
        println!(
            "speed: analyze() on {} news_cluster texts ({:.1} MB), one thread: {:.0} articles/s, {:.1} MB/s",
            texts.len(),
            bytes as f64 / 1e6,
            per_sec,
            mb_per_sec
        );
        for (file, phrase) in s.missed.iter().take(missed) {
            println!("  missed {phrase:?} in {file}");
        }
        for (file, phrase) in s.not_actor.iter().take(missed) {
            println!("  found, not as a person or organization: {phrase:?} in {file}");
        }
    }
    Ok(())
}
