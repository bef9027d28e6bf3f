//! Where sources differ, judged: runs the whole pipeline (default:
//! giveme5w1h `news_cluster`) and lists every conflict of every event (a
//! number that differs or is updated, a person's titles, a quotation's
//! wording), with the sentence each value comes from.
//!
//! `conflicts [PATH...] [--sheet OUT.md] [--skeleton OUT.tsv] [--labels FILE.tsv]`
//!
//! - `--sheet` writes the conflicts for a person to judge: each value with
//!   its sentence and its document's headline.
//! - `--skeleton` writes the labels file to fill: one line per conflict,
//!   `kind`, `about` and `values` (its key), then an empty judgement and
//!   reason.
//! - `--labels` reads such a file (`crates/eval/data/giveme-conflicts.tsv`)
//!   and prints, per kind, how many conflicts are listed, how many of those
//!   the labels hold, and the share of them judged `real`: the precision of
//!   "where sources differ". It also prints how many of the conflicts judged
//!   real are still listed, which says what a stricter rule gave up. A
//!   conflict whose values changed has another key and counts as unlabelled.
//!
//! A conflict is `real` when two of its values or more are the same fact
//! told differently (one figure, of one thing, in one happening; one
//! person's titles; one quotation), `spurious` otherwise.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, bail};
use storyline_core::{Conflict, Report};
use storyline_eval::conflicts::{keyed, read_labels, score};
use storyline_pipeline::{Options, Quiet, analyze};

const USAGE: &str =
    "usage: conflicts [PATH...] [--sheet OUT.md] [--skeleton OUT.tsv] [--labels FILE.tsv]";

/// The kinds scored, as the labels file names them.
const KINDS: [&str; 3] = ["quantity", "title", "quote-wording"];

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let mut paths: Vec<PathBuf> = Vec::new();
    let (mut sheet, mut skeleton, mut labels) = (None, None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .with_context(|| format!("{name} needs a path\n{USAGE}"))
        };
        match arg.as_str() {
            "--sheet" => sheet = Some(PathBuf::from(value("--sheet")?)),
            "--skeleton" => skeleton = Some(PathBuf::from(value("--skeleton")?)),
            "--labels" => labels = Some(PathBuf::from(value("--labels")?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            a if a.starts_with("--") => bail!("unknown option {a}\n{USAGE}"),
            _ => paths.push(arg.into()),
        }
    }
    if paths.is_empty() {
        paths.push(storyline_eval::giveme::default_dir()?);
    }
    let options = Options {
        with_text: true,
        ..Options::default()
    };
    let report = analyze(&paths, &options, &Quiet);
    let conflicts = keyed(&report);
    let keys: Vec<&str> = conflicts.iter().map(|(_, k)| k.as_str()).collect();
    let count = |kind: &str| {
        keys.iter()
            .filter(|k| k.starts_with(&format!("{kind}\t")))
            .count()
    };
    println!(
        "{} documents, {} conflicts: {} quantities, {} titles, {} quotation wordings",
        report.documents.len(),
        conflicts.len(),
        count("quantity"),
        count("title"),
        count("quote-wording")
    );
    if let Some(out) = sheet {
        std::fs::write(&out, write_sheet(&report, &conflicts)?)
            .with_context(|| format!("{}", out.display()))?;
        println!("sheet: {}", out.display());
    }
    if let Some(out) = skeleton {
        let mut tsv = String::from("kind\tabout\tvalues\tjudgement\treason\n");
        for k in &keys {
            writeln!(tsv, "{k}\t\t")?;
        }
        std::fs::write(&out, tsv).with_context(|| format!("{}", out.display()))?;
        println!("skeleton: {}", out.display());
    }
    if let Some(file) = labels {
        let labels = read_labels(&file)?;
        println!("kind            listed  labelled  real  precision  real still listed");
        for kind in KINDS {
            let s = score(&keys, &labels, kind);
            println!(
                "{kind:<15} {:>6}  {:>8}  {:>4}  {:>9.3}  {}/{}",
                s.listed,
                s.labelled,
                s.real,
                s.precision(),
                s.real,
                s.real_labelled
            );
        }
    }
    Ok(())
}

/// The conflicts for a person to judge, each value with its sentence.
fn write_sheet(report: &Report, conflicts: &[(&Conflict, String)]) -> anyhow::Result<String> {
    let docs: HashMap<&str, &storyline_core::DocumentEntry> = report
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d))
        .collect();
    let mut out = String::new();
    for (n, (c, k)) in conflicts.iter().enumerate() {
        writeln!(out, "## {}\n\nkey: `{}`\n", n + 1, k.replace('\t', " ⇥ "))?;
        for v in &c.values {
            writeln!(out, "- “{}”", v.text)?;
            for cite in v.citations.iter().take(2) {
                let Some(doc) = docs.get(cite.document.as_str()) else {
                    continue;
                };
                let text = doc.text.as_deref().unwrap_or("");
                writeln!(
                    out,
                    "  - {} ({}): {}",
                    doc.title.as_deref().unwrap_or("no headline"),
                    doc.published.as_deref().unwrap_or("no date"),
                    sentence_around(text, cite.start, cite.end)
                )?;
            }
        }
        writeln!(out)?;
    }
    Ok(out)
}

/// The sentence (or line) holding `start..end`, at most 400 bytes, with the
/// span in brackets.
fn sentence_around(text: &str, start: usize, end: usize) -> String {
    if text.get(start..end).is_none() {
        return String::from("(span out of the text)");
    }
    let before = &text[..start];
    let from = before
        .rfind(['\n', '.', '!', '?'])
        .map_or(0, |i| i + 1)
        .max(start.saturating_sub(200));
    let from = (from..=start)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(start);
    let after = &text[end..];
    let to = after
        .find(['\n', '.', '!', '?'])
        .map_or(text.len(), |i| end + i + 1)
        .min(end + 200);
    let to = (to..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    format!(
        "{}[{}]{}",
        text[from..start].trim_start(),
        &text[start..end],
        text[end..to].trim_end()
    )
}
