//! storyline's quotes and attributions scored on PolNeAR (see
//! `storyline_eval::polnear` for the units and the matching):
//!
//! `quotes [DIR] [--split dev|train] [--json] [--errors N] [--all-errors] [--speed]`
//!
//! DIR holds `text/` and `attributions/`; it defaults to the shared
//! `data/polnear/<split>` (dev unless `--split train`). `--errors N` prints
//! up to N direct quotations missed, found but not in the gold, and found
//! with a wrong speaker (`--all-errors`: every attribution, not only direct
//! quotations), to study the rules on train. `--speed` times sentences and
//! quotes over the articles on one core.

use std::ops::Range;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use storyline_analyze::{Quote, QuoteKind};
use storyline_eval::polnear::{self, Article, Prf, Subset, gold_units, trim};

const USAGE: &str =
    "usage: quotes [DIR] [--split dev|train] [--json] [--errors N] [--all-errors] [--speed]";

struct Args {
    dir: Option<PathBuf>,
    split: String,
    json: bool,
    errors: usize,
    all_errors: bool,
    speed: bool,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        dir: None,
        split: "dev".into(),
        json: false,
        errors: 0,
        all_errors: false,
        speed: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--split" => args.split = it.next().context("--split needs dev or train")?,
            "--json" => args.json = true,
            "--errors" => {
                let v = it.next().context("--errors needs a number")?;
                args.errors = v.parse().with_context(|| format!("--errors {v:?}"))?;
            }
            "--all-errors" => args.all_errors = true,
            "--speed" => args.speed = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other if other.starts_with('-') => bail!("unknown option {other}\n{USAGE}"),
            other if args.dir.is_none() => args.dir = Some(PathBuf::from(other)),
            other => bail!("unexpected argument {other}\n{USAGE}"),
        }
    }
    if !matches!(args.split.as_str(), "dev" | "train") {
        bail!("--split is dev or train\n{USAGE}");
    }
    Ok(args)
}

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let args = parse_args()?;
    let (dir, label) = match &args.dir {
        Some(d) => (d.clone(), format!("PolNeAR {}", d.display())),
        None => {
            let sub = format!("data/polnear/{}", args.split);
            (
                storyline_eval::shared_dir(&sub)
                    .with_context(|| format!("the shared {sub} is not there: pass DIR"))?,
                format!("PolNeAR {}", args.split),
            )
        }
    };
    let articles = polnear::load(&dir)?;
    let started = Instant::now();
    let scores = polnear::score(&articles, storyline_analyze::quotes);
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        let json = serde_json::json!({
            "data": label,
            "articles": scores.articles,
            "all": scores.all.to_json(),
            "direct": scores.direct.to_json(),
            "seconds": seconds,
        });
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        println!(
            "{label}: {} articles, {:.0} gold attribution units ({:.0} direct); scored in {seconds:.2} s",
            scores.articles, scores.all.content[0].gold, scores.direct.content[0].gold
        );
        print_subset("all attributions", &scores.all);
        print_subset("direct quotations", &scores.direct);
    }
    if args.errors > 0 {
        print_errors(&articles, args.errors, args.all_errors);
    }
    if args.speed {
        // One core: sentences and quotes of every article, three rounds.
        let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
        let started = Instant::now();
        let mut found = 0;
        for _ in 0..3 {
            for a in &articles {
                found += storyline_analyze::sentences(&a.text).len();
                found += storyline_analyze::quotes(&a.text).len();
            }
        }
        let s = started.elapsed().as_secs_f64() / 3.0;
        println!(
            "speed: {:.0} articles/s, {:.1} MB/s on one core (sentences + quotes; {} spans)",
            articles.len() as f64 / s,
            bytes as f64 / s / 1e6,
            found / 3
        );
    }
    Ok(())
}

fn print_subset(name: &str, s: &Subset) {
    println!("{name}:");
    println!(
        "  {:<8} {:>25}   {:>25}",
        "", "exact P / R / F1", "overlap P / R / F1"
    );
    let row = |label: &str, p: &[Prf; 2]| {
        println!(
            "  {label:<8} {:>7.3} {:>7.3} {:>7.3}     {:>7.3} {:>7.3} {:>7.3}",
            p[0].precision(),
            p[0].recall(),
            p[0].f1(),
            p[1].precision(),
            p[1].recall(),
            p[1].f1()
        );
    };
    row("content", &s.content);
    row("source", &s.source);
    row("cue", &s.cue);
}

fn snippet(text: &str, r: &Range<usize>, pad: usize) -> String {
    let mut a = r.start.saturating_sub(pad);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (r.end + pad).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!(
        "{}[{}]{}",
        &text[a..r.start],
        &text[r.clone()],
        &text[r.end..b]
    )
    .replace('\n', "⏎")
}

fn show(text: &str, r: &Option<Range<usize>>) -> String {
    r.as_ref()
        .map_or("-".into(), |r| text[r.clone()].replace('\n', "⏎"))
}

fn print_errors(articles: &[Article], limit: usize, all: bool) {
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    let mut missed = Vec::new();
    let mut extra = Vec::new();
    let mut wrong = Vec::new();
    let mut bounds = Vec::new();
    for a in articles {
        let text = &a.text;
        let pred: Vec<Quote> = storyline_analyze::quotes(text)
            .into_iter()
            .filter(|q| all || q.kind != QuoteKind::Indirect)
            .collect();
        // The first annotator's view is enough to study errors.
        let Some((_, gold)) = a.annotators.first() else {
            continue;
        };
        let units = gold_units(text, gold);
        for g in units.iter().filter(|g| all || g.direct) {
            match pred
                .iter()
                .find(|p| overlaps(&trim(text, &p.content), &g.content))
            {
                None => missed.push(format!("{}: {}", a.name, snippet(text, &g.content, 100))),
                Some(p) => {
                    let sp = p.speaker.as_ref().map(|r| trim(text, r));
                    let ok = g.source.is_empty()
                        || sp
                            .as_ref()
                            .is_some_and(|s| g.source.iter().any(|x| overlaps(x, s)));
                    let exact = sp.as_ref().is_some_and(|s| g.source.contains(s));
                    if ok && !exact && !g.source.is_empty() {
                        let gs: Vec<String> = g
                            .source
                            .iter()
                            .map(|r| text[r.clone()].to_string())
                            .collect();
                        bounds.push(format!(
                            "{}: gold [{}] got [{}]",
                            a.name,
                            gs.join(" | "),
                            show(text, &p.speaker)
                        ));
                    }
                    if !ok {
                        let gs: Vec<String> = g
                            .source
                            .iter()
                            .map(|r| text[r.clone()].to_string())
                            .collect();
                        wrong.push(format!(
                            "{}: gold source [{}] got [{}] cue [{}]\n      {}",
                            a.name,
                            gs.join(" | "),
                            show(text, &p.speaker),
                            show(text, &p.cue),
                            snippet(text, &g.content, 120)
                        ));
                    }
                }
            }
        }
        for p in &pred {
            let c = trim(text, &p.content);
            if !units.iter().any(|g| overlaps(&g.content, &c)) {
                extra.push(format!(
                    "{}: {:?} speaker [{}] cue [{}]\n      {}",
                    a.name,
                    p.kind,
                    show(text, &p.speaker),
                    show(text, &p.cue),
                    snippet(text, &p.content, 80)
                ));
            }
        }
    }
    for (title, list) in [
        ("MISSED", &missed),
        ("EXTRA", &extra),
        ("WRONG SOURCE", &wrong),
        ("SOURCE BOUNDS (overlap, not exact)", &bounds),
    ] {
        println!(
            "\n== {title}: {} (showing {})",
            list.len(),
            list.len().min(limit)
        );
        for line in list.iter().take(limit) {
            println!("  {line}");
        }
    }
}
