//! Where sources differ, judged: the conflicts of a report keyed for a
//! labels file (`crates/eval/data/giveme-conflicts.tsv`), and their
//! precision against it (see the `conflicts` command).

use std::collections::HashMap;

use anyhow::{Context, bail};
use storyline_core::{Conflict, Report};

/// Differences and updates are both quantities.
pub fn group(kind: &str) -> &str {
    match kind {
        "difference" | "update" => "quantity",
        other => other,
    }
}

/// Every conflict of `report`, in order, with its key in the labels file:
/// kind, what it is about (an entity by its name, since entity ids are
/// numbered per report), and its values in order, tab-separated (tabs and
/// line breaks inside become spaces).
pub fn keyed(report: &Report) -> Vec<(&Conflict, String)> {
    let names: HashMap<&str, &str> = report
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    report
        .stories
        .iter()
        .flat_map(|s| &s.events)
        .flat_map(|e| &e.conflicts)
        .map(|c| {
            let about = names.get(c.about.as_str()).copied().unwrap_or(&c.about);
            let values: Vec<String> = c.values.iter().map(|v| clean(&v.text)).collect();
            let key = format!(
                "{}\t{}\t{}",
                group(&c.kind),
                clean(about),
                values.join(" | ")
            );
            (c, key)
        })
        .collect()
}

/// The shipped labels file.
pub fn shipped_labels_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/giveme-conflicts.tsv")
}

/// Judgements (`real` or `spurious`) by key, from a labels file: a header
/// line, then kind, about, values, judgement and reason, tab-separated.
pub fn parse_labels(text: &str) -> anyhow::Result<HashMap<String, bool>> {
    let mut labels = HashMap::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 4 {
            bail!("line {}: expected kind, about, values, judgement", n + 1);
        }
        let real = match fields[3].trim() {
            "real" => true,
            "spurious" => false,
            other => bail!(
                "line {}: judgement {other:?} is not real or spurious",
                n + 1
            ),
        };
        labels.insert(fields[..3].join("\t"), real);
    }
    Ok(labels)
}

/// Reads and parses a labels file.
pub fn read_labels(file: &std::path::Path) -> anyhow::Result<HashMap<String, bool>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("{}", file.display()))?;
    parse_labels(&text).with_context(|| format!("{}", file.display()))
}

/// The conflicts of one kind a report lists, against the labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindScore {
    pub listed: usize,
    /// Listed and labelled.
    pub labelled: usize,
    /// Listed and labelled `real`.
    pub real: usize,
    /// Labelled `real`, listed or not.
    pub real_labelled: usize,
}

impl KindScore {
    /// The share of the labelled listed conflicts judged real.
    pub fn precision(&self) -> f64 {
        self.real as f64 / self.labelled.max(1) as f64
    }
}

/// Scores of `keys` for one kind (`quantity`, `title`, `quote-wording`).
pub fn score(keys: &[&str], labels: &HashMap<String, bool>, kind: &str) -> KindScore {
    let prefix = format!("{kind}\t");
    let listed: Vec<&&str> = keys.iter().filter(|k| k.starts_with(&prefix)).collect();
    let judged: Vec<bool> = listed
        .iter()
        .filter_map(|k| labels.get(**k).copied())
        .collect();
    KindScore {
        listed: listed.len(),
        labelled: judged.len(),
        real: judged.iter().filter(|&&r| r).count(),
        real_labelled: labels
            .iter()
            .filter(|(k, r)| k.starts_with(&prefix) && **r)
            .count(),
    }
}
