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
use storyline_pipeline::{Options, Quiet, analyze};

const USAGE: &str =
    "usage: conflicts [PATH...] [--sheet OUT.md] [--skeleton OUT.tsv] [--labels FILE.tsv]";

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
    let conflicts: Vec<&Conflict> = report
        .stories
        .iter()
        .flat_map(|s| &s.events)
        .flat_map(|e| &e.conflicts)
        .collect();
    let names: HashMap<&str, &str> = report
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let keys: Vec<String> = conflicts.iter().map(|c| key(c, &names)).collect();
    let mut by_kind: HashMap<&str, usize> = HashMap::new();
    for c in &conflicts {
        *by_kind.entry(group(&c.kind)).or_default() += 1;
    }
    println!(
        "{} documents, {} conflicts: {} quantities, {} titles, {} quotation wordings",
        report.documents.len(),
        conflicts.len(),
        by_kind.get("quantity").unwrap_or(&0),
        by_kind.get("title").unwrap_or(&0),
        by_kind.get("quote-wording").unwrap_or(&0)
    );
    if let Some(out) = sheet {
        std::fs::write(&out, write_sheet(&report, &conflicts, &keys)?)
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
        score(&keys, &read_labels(&file)?);
    }
    Ok(())
}

/// Differences and updates are both quantities.
fn group(kind: &str) -> &str {
    match kind {
        "difference" | "update" => "quantity",
        other => other,
    }
}

/// A conflict's key in the labels file: kind, what it is about (an
/// entity by its name, since entity ids are numbered per report), and its
/// values in order, tab-separated (tabs and line breaks inside become
/// spaces).
fn key(c: &Conflict, names: &HashMap<&str, &str>) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let about = names.get(c.about.as_str()).copied().unwrap_or(&c.about);
    let values: Vec<String> = c.values.iter().map(|v| clean(&v.text)).collect();
    format!(
        "{}\t{}\t{}",
        group(&c.kind),
        clean(about),
        values.join(" | ")
    )
}

/// Judgements by key.
fn read_labels(file: &std::path::Path) -> anyhow::Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("{}", file.display()))?;
    let mut labels = HashMap::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 4 {
            bail!(
                "{}:{}: expected kind, about, values, judgement",
                file.display(),
                n + 1
            );
        }
        let judgement = fields[3].trim();
        if !matches!(judgement, "real" | "spurious") {
            bail!(
                "{}:{}: judgement {judgement:?} is not real or spurious",
                file.display(),
                n + 1
            );
        }
        labels.insert(fields[..3].join("\t"), judgement.to_string());
    }
    Ok(labels)
}

fn score(keys: &[String], labels: &HashMap<String, String>) {
    println!("kind            listed  labelled  real  precision  real still listed");
    for kind in ["quantity", "title", "quote-wording"] {
        let listed: Vec<&String> = keys
            .iter()
            .filter(|k| k.starts_with(&format!("{kind}\t")))
            .collect();
        let judged: Vec<&String> = listed.iter().filter_map(|k| labels.get(*k)).collect();
        let real = judged.iter().filter(|j| j.as_str() == "real").count();
        let real_labelled = labels
            .iter()
            .filter(|(k, j)| k.starts_with(&format!("{kind}\t")) && j.as_str() == "real")
            .count();
        println!(
            "{kind:<15} {:>6}  {:>8}  {real:>4}  {:>9.3}  {real}/{real_labelled}",
            listed.len(),
            judged.len(),
            real as f64 / judged.len().max(1) as f64,
        );
    }
}

/// The conflicts for a person to judge, each value with its sentence.
fn write_sheet(
    report: &Report,
    conflicts: &[&Conflict],
    keys: &[String],
) -> anyhow::Result<String> {
    let docs: HashMap<&str, &storyline_core::DocumentEntry> = report
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d))
        .collect();
    let mut out = String::new();
    for (n, (c, k)) in conflicts.iter().zip(keys).enumerate() {
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
