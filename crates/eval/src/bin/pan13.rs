//! storyline's passage alignment on PAN 2013 text alignment, scored with
//! PAN's plagdet (see `storyline_eval::plagdet`):
//!
//! `pan13 [PAN_DIR] [--seed-words N] [--min-words N] [--max-gap N] [--json]
//! [--verbose] [--worst N] [--dump FILE]`
//!
//! PAN_DIR holds `truth/`, `susp/` and `src/`; it defaults to the shared
//! `data/pan13-dev`. The options override `storyline_dedup::Config`'s
//! `seed_words`, `min_passage_words` and `max_gap_words`. `--json` prints
//! the scores as JSON. `--verbose` adds where recall and precision are lost,
//! how consistent the truth's two sides are, and the `--worst N` pairs
//! (default 5) with the text of what is missed or extra. `--dump FILE`
//! writes every pair's cases, detections and scores as JSON lines.

use std::ops::Range;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use storyline_dedup::Config;
use storyline_eval::plagdet::{PairRun, PanRun, detect, read_text, run_pan_with, uncovered};

const USAGE: &str = "usage: pan13 [PAN_DIR] [--seed-words N] [--min-words N] [--max-gap N] [--json] [--verbose] [--worst N] [--dump FILE]";

struct Args {
    dir: Option<PathBuf>,
    config: Config,
    json: bool,
    verbose: bool,
    worst: usize,
    dump: Option<PathBuf>,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        dir: None,
        config: Config::default(),
        json: false,
        verbose: false,
        worst: 5,
        dump: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut number = |name: &str| -> anyhow::Result<usize> {
            let value = it.next().with_context(|| format!("{name} needs a value"))?;
            value
                .parse()
                .with_context(|| format!("{name} {value:?}: not a number"))
        };
        match arg.as_str() {
            "--seed-words" => args.config.seed_words = number("--seed-words")?,
            "--min-words" => args.config.min_passage_words = number("--min-words")?,
            "--max-gap" => args.config.max_gap_words = number("--max-gap")?,
            "--worst" => args.worst = number("--worst")?,
            "--json" => args.json = true,
            "--dump" => args.dump = Some(it.next().context("--dump needs a file")?.into()),
            "-v" | "--verbose" => args.verbose = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other if other.starts_with('-') => bail!("unknown option {other}\n{USAGE}"),
            other if args.dir.is_none() => args.dir = Some(PathBuf::from(other)),
            other => bail!("unexpected argument {other}\n{USAGE}"),
        }
    }
    if args.config.seed_words == 0 {
        bail!("--seed-words must be at least 1");
    }
    Ok(args)
}

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let args = parse_args()?;
    let (dir, label) = match &args.dir {
        Some(dir) => (dir.clone(), format!("PAN13 {}", dir.display())),
        None => (
            storyline_eval::shared_dir("data/pan13-dev")
                .context("the shared data/pan13-dev is not there: pass PAN_DIR")?,
            "PAN13 dev".to_string(),
        ),
    };
    let config = &args.config;
    let started = Instant::now();
    let run = run_pan_with(&dir, |susp, src| detect(susp, src, config))?;
    let elapsed = started.elapsed();
    let s = run.scores;

    if args.json {
        let mut json = s.to_json();
        json["pairs"] = run.pairs.len().into();
        json["config"] = serde_json::json!({
            "seed_words": config.seed_words,
            "min_passage_words": config.min_passage_words,
            "max_gap_words": config.max_gap_words,
        });
        json["seconds"] = elapsed.as_secs_f64().into();
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        println!(
            "{label} ({} pairs, {} cases): precision {:.3} recall {:.3} granularity {:.3} plagdet {:.3}",
            run.pairs.len(),
            s.cases,
            s.precision,
            s.recall,
            s.granularity,
            s.plagdet
        );
        println!(
            "config: seed_words {}, min_passage_words {}, max_gap_words {}; {} detections, {} of {} cases detected; \
             per-character precision {:.3} recall {:.3}; {:.2} s",
            config.seed_words,
            config.min_passage_words,
            config.max_gap_words,
            s.detections,
            s.detected_cases,
            s.cases,
            s.char_precision,
            s.char_recall,
            elapsed.as_secs_f64()
        );
    }
    if let Some(path) = &args.dump {
        dump(&run, path)?;
    }
    if args.verbose {
        verbose(&run, args.worst)?;
    }
    Ok(())
}

/// Writes each pair's cases, detections and scores as a line of JSON.
fn dump(run: &PanRun, path: &std::path::Path) -> anyhow::Result<()> {
    use std::io::Write;
    let ranges = |v: &[(Range<usize>, Range<usize>)]| -> serde_json::Value {
        v.iter()
            .map(|(a, b)| serde_json::json!([[a.start, a.end], [b.start, b.end]]))
            .collect()
    };
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
    );
    for p in &run.pairs {
        let line = serde_json::json!({
            "pair": p.pair.name,
            "susp": p.pair.susp,
            "src": p.pair.src,
            "cases": ranges(&p.pair.cases),
            "detections": ranges(&p.detections),
            "scores": p.scores.to_json(),
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}

/// Where characters are lost: for cases (recall), the parts no detection
/// covers; for detections (precision), the parts no case covers.
#[derive(Default)]
struct Losses {
    /// Whole cases missed / detections matching no case.
    whole: (usize, usize),
    /// Uncovered at the start, at the end, and inside (between two covered
    /// parts): count and characters.
    head: (usize, usize),
    tail: (usize, usize),
    inside: (usize, usize),
    /// Uncovered parts (head or tail) of at most this many characters.
    small_edges: usize,
}

const SMALL_EDGE: usize = 10;

impl Losses {
    fn add(&mut self, range: &Range<usize>, covers: &[Range<usize>]) {
        if range.is_empty() {
            return;
        }
        let gaps = uncovered(range, covers);
        if gaps.len() == 1 && gaps[0] == *range {
            self.whole.0 += 1;
            self.whole.1 += range.len();
            return;
        }
        for g in gaps {
            let slot = if g.start == range.start {
                &mut self.head
            } else if g.end == range.end {
                &mut self.tail
            } else {
                &mut self.inside
            };
            slot.0 += 1;
            slot.1 += g.len();
            if (g.start == range.start || g.end == range.end) && g.len() <= SMALL_EDGE {
                self.small_edges += 1;
            }
        }
    }

    fn print(&self, what: &str) {
        println!(
            "  {what}: whole {} ({} chars), head {} ({} chars), tail {} ({} chars), inside {} ({} chars); \
             {} head/tail parts of <= {SMALL_EDGE} chars",
            self.whole.0,
            self.whole.1,
            self.head.0,
            self.head.1,
            self.tail.0,
            self.tail.1,
            self.inside.0,
            self.inside.1,
            self.small_edges
        );
    }
}

fn detecting<'a>(
    x: &'a (Range<usize>, Range<usize>),
    others: &'a [(Range<usize>, Range<usize>)],
) -> impl Iterator<Item = &'a (Range<usize>, Range<usize>)> + 'a {
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start.max(b.start) < a.end.min(b.end);
    others
        .iter()
        .filter(move |o| overlaps(&x.0, &o.0) && overlaps(&x.1, &o.1))
}

fn verbose(run: &PanRun, worst: usize) -> anyhow::Result<()> {
    // Corpus-wide: where recall and precision are lost, per side.
    let (mut missed_susp, mut missed_src) = (Losses::default(), Losses::default());
    let (mut extra_susp, mut extra_src) = (Losses::default(), Losses::default());
    let mut split = 0;
    for p in &run.pairs {
        for case in &p.pair.cases {
            let found: Vec<_> = detecting(case, &p.detections).collect();
            split += usize::from(found.len() > 1);
            let susp: Vec<_> = found.iter().map(|d| d.0.clone()).collect();
            let src: Vec<_> = found.iter().map(|d| d.1.clone()).collect();
            missed_susp.add(&case.0, &susp);
            missed_src.add(&case.1, &src);
        }
        for det in &p.detections {
            let found: Vec<_> = detecting(det, &p.pair.cases).collect();
            let susp: Vec<_> = found.iter().map(|c| c.0.clone()).collect();
            let src: Vec<_> = found.iter().map(|c| c.1.clone()).collect();
            extra_susp.add(&det.0, &susp);
            extra_src.add(&det.1, &src);
        }
    }
    println!("\ncase characters no detection covers (recall loss):");
    missed_susp.print("suspicious");
    missed_src.print("source");
    println!("  cases split over more than one detection: {split}");
    println!("detection characters outside every case (precision loss):");
    extra_susp.print("suspicious");
    extra_src.print("source");
    truth_consistency(run);

    let mut order: Vec<&PairRun> = run.pairs.iter().collect();
    order.sort_by(|a, b| a.scores.recall.total_cmp(&b.scores.recall));
    println!("\nlowest recall:");
    for p in order.iter().take(worst).filter(|p| p.scores.recall < 1.0) {
        diagnose(p)?;
    }
    order.sort_by(|a, b| a.scores.precision.total_cmp(&b.scores.precision));
    println!("\nlowest precision:");
    for p in order
        .iter()
        .take(worst)
        .filter(|p| p.scores.precision < 1.0)
    {
        diagnose(p)?;
    }
    order.sort_by(|a, b| b.scores.granularity.total_cmp(&a.scores.granularity));
    println!("\nhighest granularity:");
    for p in order
        .iter()
        .take(worst)
        .filter(|p| p.scores.granularity > 1.0)
    {
        diagnose(p)?;
    }
    Ok(())
}

/// How well the two sides of each case agree with each other, as the
/// detections see it: the *shift* of a case is how far its suspicious
/// range sits from where the detection overlapping its source range the
/// most places the source range's text. Even a detection of exactly the
/// copied text overlaps a shifted case by only `|s| - |shift|` characters
/// (none when the shift exceeds the suspicious range, so that it does not
/// detect the case), which bounds per-case precision and recall.
fn truth_consistency(run: &PanRun) {
    let overlap =
        |a: &Range<usize>, b: &Range<usize>| a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let mut shifts = Vec::new();
    let (mut bound, mut unplaced) = (0.0, 0);
    let mut cases = 0;
    for p in &run.pairs {
        for case in &p.pair.cases {
            cases += 1;
            let best = p
                .detections
                .iter()
                .filter(|d| overlap(&d.1, &case.1) > 0)
                .max_by_key(|d| overlap(&d.1, &case.1));
            let Some(d) = best else {
                unplaced += 1;
                bound += 1.0;
                continue;
            };
            let shift =
                (d.0.start as i64 - d.1.start as i64) - (case.0.start as i64 - case.1.start as i64);
            shifts.push(shift);
            let (ls, lr) = (case.0.len(), case.1.len());
            let kept = ls.saturating_sub(shift.unsigned_abs() as usize);
            // Shifted off the suspicious range, it does not detect the case.
            if kept > 0 {
                bound += (lr + kept) as f64 / (ls + lr) as f64;
            }
        }
    }
    if shifts.is_empty() {
        return;
    }
    let mut abs: Vec<u64> = shifts.iter().map(|s| s.unsigned_abs()).collect();
    abs.sort_unstable();
    let q = |f: f64| abs[((abs.len() - 1) as f64 * f) as usize];
    println!(
        "truth consistency ({} cases placed by a detection on their source side, {unplaced} not):",
        shifts.len()
    );
    println!(
        "  |shift| of the suspicious side: median {} chars, 90th percentile {}, max {}; \
         0 for {}, > 50 chars for {}",
        q(0.5),
        q(0.9),
        q(1.0),
        abs.iter().filter(|&&a| a == 0).count(),
        abs.iter().filter(|&&a| a > 50).count()
    );
    println!(
        "  detections of exactly the copied text would score about {:.3} per-case precision and recall",
        bound / cases as f64
    );
}

/// One pair: its scores, and for each case and detection the parts the
/// other side does not cover, with their text.
fn diagnose(p: &PairRun) -> anyhow::Result<()> {
    let s = &p.scores;
    println!(
        "{}: precision {:.3} recall {:.3} granularity {:.2} ({} cases, {} detections)",
        p.pair.name,
        s.precision,
        s.recall,
        s.granularity,
        p.pair.cases.len(),
        p.detections.len()
    );
    let susp: Vec<char> = read_text(&p.pair.susp)?.chars().collect();
    let src: Vec<char> = read_text(&p.pair.src)?.chars().collect();
    let show = |text: &[char], r: &Range<usize>| snippet(text, r);
    for case in &p.pair.cases {
        let found: Vec<_> = detecting(case, &p.detections).collect();
        println!(
            "  case susp {:?} src {:?}: {}",
            case.0,
            case.1,
            match found.len() {
                0 => "MISSED".to_string(),
                1 => "detected once".to_string(),
                n => format!("SPLIT over {n} detections"),
            }
        );
        if found.is_empty() {
            println!("    susp: {}", show(&susp, &case.0));
            println!("    src:  {}", show(&src, &case.1));
            continue;
        }
        for (side, text, range, covers) in [
            (
                "susp",
                &susp,
                &case.0,
                found.iter().map(|d| d.0.clone()).collect::<Vec<_>>(),
            ),
            (
                "src",
                &src,
                &case.1,
                found.iter().map(|d| d.1.clone()).collect(),
            ),
        ] {
            for gap in uncovered(range, &covers) {
                println!(
                    "    {side} not covered {gap:?} ({}): {}",
                    position(&gap, range),
                    show(text, &gap)
                );
            }
        }
    }
    for det in &p.detections {
        let found: Vec<_> = detecting(det, &p.pair.cases).collect();
        if found.is_empty() {
            println!("  detection susp {:?} src {:?}: NO CASE", det.0, det.1);
            println!("    susp: {}", show(&susp, &det.0));
            println!("    src:  {}", show(&src, &det.1));
            continue;
        }
        for (side, text, range, covers) in [
            (
                "susp",
                &susp,
                &det.0,
                found.iter().map(|c| c.0.clone()).collect::<Vec<_>>(),
            ),
            (
                "src",
                &src,
                &det.1,
                found.iter().map(|c| c.1.clone()).collect(),
            ),
        ] {
            for extra in uncovered(range, &covers) {
                println!(
                    "  detection {side} {range:?} beyond its case {extra:?} ({}): {}",
                    position(&extra, range),
                    show(text, &extra)
                );
            }
        }
    }
    Ok(())
}

fn position(part: &Range<usize>, whole: &Range<usize>) -> &'static str {
    match (part.start == whole.start, part.end == whole.end) {
        (true, true) => "all",
        (true, false) => "head",
        (false, true) => "tail",
        (false, false) => "inside",
    }
}

/// The text of `r`, shortened in the middle, with a few characters of
/// context on each side, escaped on one line: `…ctx[text]ctx…`.
fn snippet(text: &[char], r: &Range<usize>) -> String {
    const CONTEXT: usize = 15;
    const MAX: usize = 80;
    let end = r.end.min(text.len());
    let start = r.start.min(end);
    let piece = |a: usize, b: usize| -> String {
        text[a..b]
            .iter()
            .collect::<String>()
            .escape_debug()
            .to_string()
    };
    let inner = if end - start <= MAX {
        piece(start, end)
    } else {
        format!(
            "{} … {}",
            piece(start, start + MAX / 2),
            piece(end - MAX / 2, end)
        )
    };
    format!(
        "…{}[{inner}]{}…",
        piece(start.saturating_sub(CONTEXT), start),
        piece(end, (end + CONTEXT).min(text.len()))
    )
}
