//! Speed and memory of the dedup stage's fingerprints and index, on
//! realistic, distinct article texts.
//!
//! The corpus: `--n` articles of about 3.5 KB, each made of short runs of
//! consecutive sentences of random real articles (giveme5w1h and PolNeAR
//! train, read in place from `../shared`), cropped to 3.15–3.85 KB and with
//! 2% of their words substituted so that no two are alike; plus
//! `--pairs` known near-duplicates: edited copies (5–10% of the words
//! substituted, deleted or inserted) of some of them. The whole is shuffled;
//! that order is the insertion order.
//!
//! Measured: (a) fingerprint throughput (tokenize, 3-word shingles,
//! 128-permutation MinHash, winnowed seeds) on one thread and on all, and
//! MinHash alone on the precomputed shingle sets; (b) `DedupIndex::insert`
//! (candidate search and verification) at growing sizes; (c) the index's
//! memory per article and the process's peak RSS; and the recall of the
//! known pairs. `--write-corpus PATH` writes the corpus as JSONL
//! (`{"id","text"}` a line, in insertion order) and the known pairs to
//! `PATH.pairs.tsv` (`id_a`, `id_b`, edit rate; `id_a` inserted first), for
//! `bench/minhash_reference.py`.
//!
//!   minhash-speed [--n N] [--pairs P] [--seed S] [--write-corpus PATH]
//!                 [--distinct-rate R] [--json]

use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

use rayon::prelude::*;
use serde_json::json;
use storyline_dedup::{Config, DedupIndex, Fingerprint, fingerprint, prepare};
use storyline_eval::synth::{self, Mix, Rng};
use storyline_text::{normalize, shingle_hashes, tokens};

const USAGE: &str = "usage: minhash-speed [--n N] [--pairs P] [--seed S] [--write-corpus PATH]
                     [--distinct-rate R] [--json]

  --n N                 articles in the corpus, known near-duplicates included (default 100000)
  --pairs P             known near-duplicate pairs among them (default 1000, at most N/10)
  --seed S              random seed (default 1)
  --write-corpus PATH   write the corpus as JSONL and its pairs to PATH.pairs.tsv
  --distinct-rate R     share of words substituted in each generated article (default 0.02)
  --json                machine-readable results on standard output (the lines go to standard error)";

struct Args {
    n: usize,
    pairs: usize,
    seed: u64,
    write: Option<String>,
    json: bool,
    distinct_rate: f64,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        n: 100_000,
        pairs: 1000,
        seed: 1,
        write: None,
        json: false,
        distinct_rate: 0.02,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| anyhow::anyhow!("{name} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--n" => args.n = value("--n")?.parse()?,
            "--pairs" => args.pairs = value("--pairs")?.parse()?,
            "--seed" => args.seed = value("--seed")?.parse()?,
            "--write-corpus" => args.write = Some(value("--write-corpus")?),
            "--json" => args.json = true,
            "--distinct-rate" => args.distinct_rate = value("--distinct-rate")?.parse()?,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => anyhow::bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    anyhow::ensure!(args.n >= 10, "--n must be at least 10");
    args.pairs = args.pairs.min(args.n / 10);
    Ok(args)
}

/// Prints a result line: to standard output, or to standard error when
/// standard output carries the JSON.
macro_rules! say {
    ($json:expr, $($t:tt)*) => {
        if $json { eprintln!($($t)*) } else { println!($($t)*) }
    };
}

/// The sentences of a paragraph: split after `.`, `?` or `!` (and any
/// closing quotes or brackets) followed by white space and an upper-case
/// letter, a digit or a quote.
fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    for k in 0..chars.len() {
        let c = chars[k].1;
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let mut m = k + 1;
        while m < chars.len() && matches!(chars[m].1, '"' | '\'' | ')' | '”' | '’') {
            m += 1;
        }
        if m + 1 < chars.len()
            && chars[m].1.is_whitespace()
            && (chars[m + 1].1.is_uppercase()
                || chars[m + 1].1.is_ascii_digit()
                || matches!(chars[m + 1].1, '"' | '“'))
        {
            let end = chars[m].0;
            if end > start {
                out.push(paragraph[start..end].trim());
            }
            start = chars[m + 1].0;
        }
    }
    if start < paragraph.len() {
        out.push(paragraph[start..].trim());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// One generated article of about 3.5 KB: a headline (a sentence), then
/// paragraphs of two to four runs of one to three consecutive sentences of
/// random source articles, cropped to 3.15–3.85 KB at white space, with
/// `rate` of the words substituted. Sentences rather than whole paragraphs, so
/// that articles made from a thousand sources share little: at 100k
/// articles a source sentence is still used by some 50 of them.
fn compose(sources: &[Vec<&str>], vocab: &[String], rate: f64, rng: &mut Rng) -> String {
    let target = 3150 + rng.below(700);
    let mut text = String::with_capacity(target + 1000);
    let source: &Vec<&str> = rng.pick(sources);
    let headline: &&str = rng.pick(source);
    text.push_str(headline);
    while text.len() < target {
        text.push('\n');
        let runs = 2 + rng.below(3);
        for run in 0..runs {
            let source: &Vec<&str> = rng.pick(sources);
            let first = rng.below(source.len());
            let last = (first + 1 + rng.below(3)).min(source.len());
            for (k, sentence) in source[first..last].iter().enumerate() {
                if run > 0 || k > 0 {
                    text.push(' ');
                }
                text.push_str(sentence);
            }
        }
    }
    // Crop at the last white space before the target.
    let mut end = target.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if let Some(space) = text[..end].rfind(char::is_whitespace) {
        end = space;
    }
    text.truncate(end);
    let kinds = Mix::Substitutions.kinds();
    synth::edit(&text, rate, &kinds, rng, vocab, &[]).text
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let args = parse_args()?;
    let j = args.json;
    let config = Config::default();
    let threads = rayon::current_num_threads();
    let started = Instant::now();

    // The corpus.
    let articles = synth::news_articles()?;
    let vocab = synth::vocabulary(articles.iter().map(|a| a.text.as_str()));
    let sources: Vec<Vec<&str>> = articles
        .iter()
        .map(|a| {
            a.text
                .lines()
                .flat_map(|p| sentences(p.trim()))
                .collect::<Vec<&str>>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    let source_sentences: usize = sources.iter().map(Vec::len).sum();
    let distinct = args.n - args.pairs;
    let mut texts: Vec<String> = (0..distinct)
        .into_par_iter()
        .map(|k| {
            compose(
                &sources,
                &vocab,
                args.distinct_rate,
                &mut Rng::derive(args.seed, k as u64),
            )
        })
        .collect();
    let mut rng = Rng::derive(args.seed, u64::MAX);
    let originals = rng.sample(distinct, args.pairs);
    let copy_seed = rng.next_u64();
    let copies: Vec<(usize, String, f64)> = originals
        .par_iter()
        .enumerate()
        .map(|(k, &o)| {
            let mut r = Rng::derive(copy_seed, k as u64);
            let rate = r.range_f64(0.05, 0.10);
            let edited = synth::edit(&texts[o], rate, &Mix::Mixed.kinds(), &mut r, &vocab, &[]);
            (o, edited.text, rate)
        })
        .collect();
    // Known pairs as (original, copy) positions in `texts`.
    let mut pairs: Vec<(usize, usize, f64)> = Vec::with_capacity(copies.len());
    for (o, text, rate) in copies {
        pairs.push((o, texts.len(), rate));
        texts.push(text);
    }
    let n = texts.len();
    // Shuffle: `order[slot]` is the text inserted at `slot`.
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut slot_of = vec![0usize; n];
    for (slot, &t) in order.iter().enumerate() {
        slot_of[t] = slot;
    }
    let mut texts: Vec<String> = {
        let mut by_slot: Vec<Option<String>> = texts.into_iter().map(Some).collect();
        order
            .iter()
            .map(|&t| by_slot[t].take().expect("each text once"))
            .collect()
    };
    let pairs: Vec<(usize, usize, f64)> = pairs
        .into_iter()
        .map(|(a, b, rate)| {
            let (a, b) = (slot_of[a], slot_of[b]);
            (a.min(b), a.max(b), rate)
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    say!(
        j,
        "corpus: {n} articles ({distinct} distinct + {} known near-duplicates), {:.0} bytes on average, from {} sentences of {} source articles; generated in {:.1} s",
        pairs.len(),
        bytes as f64 / n as f64,
        source_sentences,
        articles.len(),
        started.elapsed().as_secs_f64()
    );
    say!(
        j,
        "machine: {threads} threads (rayon); other work may be running at the same time, so throughput varies between runs"
    );

    if let Some(path) = &args.write {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        for (slot, text) in texts.iter().enumerate() {
            serde_json::to_writer(&mut out, &json!({"id": id(slot), "text": text}))?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        let pairs_path = format!("{path}.pairs.tsv");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&pairs_path)?);
        for &(a, b, rate) in &pairs {
            writeln!(out, "{}\t{}\t{rate:.4}", id(a), id(b))?;
        }
        out.flush()?;
        say!(j, "wrote {path} and {pairs_path}");
    }

    // Normalization, as the pipeline does before fingerprinting.
    let t = Instant::now();
    let prepare_n = n.min(20_000);
    let prepare_secs = {
        let t = Instant::now();
        for text in &texts[..prepare_n] {
            black_box(prepare(&normalize(text), &config));
        }
        t.elapsed().as_secs_f64()
    };
    texts.par_iter_mut().for_each(|text| {
        let normalized = normalize(text);
        *text = normalized.text().to_string();
    });
    let normalize_secs = t.elapsed().as_secs_f64() - prepare_secs;

    // (a) Fingerprints.
    let t = Instant::now();
    for text in &texts {
        black_box(tokens(black_box(text)));
    }
    let tokenize_1 = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for text in &texts {
        black_box(fingerprint(&tokens(text), &config));
    }
    let fingerprint_1 = t.elapsed().as_secs_f64();
    let t = Instant::now();
    texts.par_iter().for_each(|text| {
        black_box(fingerprint(&tokens(text), &config));
    });
    let fingerprint_all = t.elapsed().as_secs_f64();
    // Where a fingerprint's time goes, stage by stage (1 thread), with the
    // crates' public pieces.
    let mut stages = [0f64; 4];
    for text in &texts {
        let t = Instant::now();
        let toks = tokens(text);
        let t1 = Instant::now();
        let hashes: Vec<u64> = toks.iter().map(|t| t.hash).collect();
        let mut sh: Vec<u32> = shingle_hashes(&hashes, config.shingle_words)
            .into_iter()
            .map(|h| (h >> 32) as u32)
            .collect();
        sh.sort_unstable();
        sh.dedup();
        let t2 = Instant::now();
        black_box(storyline_dedup::fingerprint::minhash(&sh));
        let t3 = Instant::now();
        black_box(storyline_dedup::fingerprint::winnow(
            &shingle_hashes(&hashes, config.seed_words),
            config.winnow_window(),
        ));
        let t4 = Instant::now();
        for (stage, (a, b)) in stages
            .iter_mut()
            .zip([(t, t1), (t1, t2), (t2, t3), (t3, t4)])
        {
            *stage += (b - a).as_secs_f64();
        }
    }
    let fps: Vec<Fingerprint> = texts
        .par_iter()
        .map(|text| fingerprint(&tokens(text), &config))
        .collect();
    let sets: Vec<Vec<u32>> = fps.par_iter().map(|fp| fp.shingles()).collect();
    let t = Instant::now();
    for set in &sets {
        black_box(storyline_dedup::fingerprint::minhash(black_box(set)));
    }
    let minhash_1 = t.elapsed().as_secs_f64();
    let t = Instant::now();
    sets.par_iter().for_each(|set| {
        black_box(storyline_dedup::fingerprint::minhash(black_box(set)));
    });
    let minhash_all = t.elapsed().as_secs_f64();
    let shingles: usize = sets.iter().map(Vec::len).sum();
    let words: u64 = fps.iter().map(|f| f.words() as u64).sum();
    let rate = |secs: f64| n as f64 / secs;
    say!(
        j,
        "(a) fingerprints: {:.0} words and {:.0} distinct 3-word shingles per article on average",
        words as f64 / n as f64,
        shingles as f64 / n as f64
    );
    say!(
        j,
        "    tokenize                                   1 thread: {:>9.0} articles/s",
        rate(tokenize_1)
    );
    say!(
        j,
        "    fingerprint (tokenize+shingles+MinHash+seeds) 1 thread: {:>9.0} articles/s, {threads} threads: {:>9.0} articles/s ({:.2}x)",
        rate(fingerprint_1),
        rate(fingerprint_all),
        fingerprint_1 / fingerprint_all
    );
    let us = |secs: f64| secs * 1e6 / n as f64;
    say!(
        j,
        "    per article, 1 thread: tokenize {:.1} µs, 3-word shingles (hash, sort, dedup) {:.1} µs, MinHash {:.1} µs, seeds (5-word hashes, winnow) {:.1} µs; fingerprint in all {:.1} µs",
        us(stages[0]),
        us(stages[1]),
        us(stages[2]),
        us(stages[3]),
        us(fingerprint_1)
    );
    say!(
        j,
        "    128-permutation MinHash alone on shingle sets 1 thread: {:>9.0} articles/s, {threads} threads: {:>9.0} articles/s ({:.1} ns per shingle)",
        rate(minhash_1),
        rate(minhash_all),
        minhash_1 * 1e9 / shingles as f64
    );
    say!(
        j,
        "    normalize, {threads} threads: {:.0} articles/s; prepare (normalize+repeats+fingerprint) 1 thread on {prepare_n}: {:.0} articles/s",
        rate(normalize_secs),
        prepare_n as f64 / prepare_secs
    );
    let target = 20_000.0;
    say!(
        j,
        "    target >= {target:.0} articles/s per core for signatures: fingerprint {}, MinHash alone {}",
        if rate(fingerprint_1) >= target {
            "met"
        } else {
            "NOT met"
        },
        if rate(minhash_1) >= target {
            "met"
        } else {
            "NOT met"
        }
    );

    // (b) Index inserts, (c) memory.
    let checkpoints: Vec<usize> = [10, 4, 2, 1]
        .iter()
        .map(|d| n / d)
        .filter(|&c| c > 0)
        .collect();
    let mut index = DedupIndex::new(config.clone());
    let mut elapsed = 0.0;
    let mut done = 0;
    let mut sizes = Vec::new();
    let mut matched = 0usize;
    say!(
        j,
        "(b) index inserts (candidate search + verification, 1 thread), (c) index memory"
    );
    for &size in &checkpoints {
        let before = index.stats();
        let t = Instant::now();
        for fp in &fps[done..size] {
            matched += usize::from(index.insert(fp).1.is_some());
        }
        let secs = t.elapsed().as_secs_f64();
        elapsed += secs;
        let segment = size - done;
        let memory = index.memory_bytes();
        // The index's work per insert in this segment: flat means the
        // candidate search itself does not grow with the corpus.
        let after = index.stats();
        let per = |x: u64, y: u64| (x - y) as f64 / segment as f64;
        say!(
            j,
            "    {size:>7} docs: per insert, {:.2} band candidates ({:.2} dismissed on estimate), {:.2} containment candidates, {:.2} verifications, {:.3} alignments",
            per(after.band_candidates, before.band_candidates),
            per(after.dismissed, before.dismissed),
            per(after.containment_candidates, before.containment_candidates),
            per(after.verified, before.verified),
            per(after.aligned, before.aligned)
        );
        say!(
            j,
            "    {size:>7} docs: {:>7.2} s in all, {:>6.1} µs/insert on average, {:>6.1} µs/insert for docs {}..{size}; index {:>6.0} MB, {:>5.0} bytes/article",
            elapsed,
            elapsed * 1e6 / size as f64,
            secs * 1e6 / segment as f64,
            done,
            memory as f64 / 1e6,
            memory as f64 / size as f64
        );
        sizes.push(json!({
            "docs": size,
            "seconds": elapsed,
            "us_per_insert": elapsed * 1e6 / size as f64,
            "segment_us_per_insert": secs * 1e6 / segment as f64,
            "memory_bytes": memory,
            "bytes_per_article": memory as f64 / size as f64,
        }));
        done = size;
    }
    let found = pairs
        .iter()
        .filter(|&&(a, b, _)| index.canonical_of(a) == index.canonical_of(b))
        .count();
    let recall = found as f64 / pairs.len().max(1) as f64;
    // Documents grouped that are not a known pair.
    let known: std::collections::HashSet<usize> =
        pairs.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    let other_matches = (0..n)
        .filter(|&d| index.canonical_of(d) != d && !known.contains(&d))
        .count();
    let peak = peak_rss_kb();
    // How much the corpus reuses text: for each insert, the earlier
    // documents sharing each of its seeds, summed (what candidate search by
    // seeds has to visit, before the index's sampling and caps).
    let mut seen: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    let mut visits = Vec::new();
    let mut from = 0;
    let mut total_visits = 0u64;
    for &size in &checkpoints {
        for fp in &fps[from..size] {
            for seed in &fp.seeds {
                let c = seen.entry(*seed).or_default();
                total_visits += u64::from(*c);
                *c += 1;
            }
        }
        visits.push(total_visits as f64 / size as f64);
        from = size;
    }
    drop(seen);
    for (entry, v) in sizes.iter_mut().zip(&visits) {
        entry["seed_sharers_per_insert"] = json!(v);
    }
    let linear = {
        let first = sizes[0]["segment_us_per_insert"].as_f64().unwrap_or(0.0);
        let last = sizes[sizes.len() - 1]["segment_us_per_insert"]
            .as_f64()
            .unwrap_or(0.0);
        last / first.max(1e-9)
    };
    // Total insert time ~ n^exponent between the first and last sizes.
    let exponent = {
        let (first, last) = (&sizes[0], &sizes[sizes.len() - 1]);
        let t = |e: &serde_json::Value| e["seconds"].as_f64().unwrap_or(0.0).max(1e-9);
        let d = |e: &serde_json::Value| e["docs"].as_f64().unwrap_or(1.0);
        (t(last) / t(first)).ln() / (d(last) / d(first)).ln().max(1e-9)
    };
    say!(
        j,
        "    cost of an insert in the last segment / the first: {linear:.2}; total insert time grows as n^{exponent:.2} (1.00 = linear)"
    );
    say!(
        j,
        "    text reuse: earlier documents sharing a seed, summed per insert, on average up to {}: {}",
        checkpoints
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        visits
            .iter()
            .map(|v| format!("{v:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    say!(
        j,
        "known near-duplicate pairs grouped: {found} of {} (recall {recall:.4}); {matched} documents matched an earlier one, {other_matches} of them outside the known pairs",
        pairs.len()
    );
    say!(
        j,
        "peak RSS (VmHWM): {} MB; {:.1} s in all",
        peak.map_or("?".to_string(), |kb| format!("{:.0}", kb as f64 / 1024.0)),
        started.elapsed().as_secs_f64()
    );

    if j {
        let out = json!({
            "n": n,
            "distinct_rate": args.distinct_rate,
            "known_pairs": pairs.len(),
            "mean_bytes": bytes as f64 / n as f64,
            "mean_words": words as f64 / n as f64,
            "mean_shingles": shingles as f64 / n as f64,
            "threads": threads,
            "articles_per_s": {
                "tokenize_1_thread": rate(tokenize_1),
                "fingerprint_1_thread": rate(fingerprint_1),
                "fingerprint_all_threads": rate(fingerprint_all),
                "minhash_1_thread": rate(minhash_1),
                "minhash_all_threads": rate(minhash_all),
                "normalize_all_threads": rate(normalize_secs),
                "prepare_1_thread": prepare_n as f64 / prepare_secs,
            },
            "minhash_ns_per_shingle": minhash_1 * 1e9 / shingles as f64,
            "fingerprint_stages_us": {
                "tokenize": us(stages[0]),
                "shingles": us(stages[1]),
                "minhash": us(stages[2]),
                "seeds": us(stages[3]),
                "fingerprint": us(fingerprint_1),
            },
            "index": sizes,
            "insert_cost_ratio_last_first": linear,
            "insert_time_exponent": exponent,
            "recall": recall,
            "pairs_found": found,
            "matched": matched,
            "matched_outside_known_pairs": other_matches,
            "peak_rss_kb": peak,
            "seconds": started.elapsed().as_secs_f64(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(())
}

fn id(slot: usize) -> String {
    format!("d{slot:06}")
}
