//! Builds the background document frequencies of event clustering
//! (`crates/cluster/model/background.df`, see `storyline_cluster::background`)
//! from the PolNeAR articles (train and dev): US political news of
//! 2015–2016 from seven publishers. Only hashed term ids and their counts are
//! written, never text; terms in fewer than two documents are left out.
//!
//! `build-background [DIR...] [--out PATH]` (default: the PolNeAR text
//! directories beside the repository).

use std::collections::HashMap;

use anyhow::Context;
use storyline_cluster::Background;

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let mut dirs: Vec<std::path::PathBuf> = Vec::new();
    let mut out =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../cluster/model/background.df");
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--out" => out = it.next().context("--out needs a path")?.into(),
            other if !other.starts_with('-') => dirs.push(other.into()),
            other => anyhow::bail!("unknown option {other}"),
        }
    }
    if dirs.is_empty() {
        for split in ["train", "dev"] {
            dirs.push(
                storyline_eval::shared_dir(&format!("data/polnear/{split}/text"))
                    .with_context(|| format!("the shared PolNeAR {split} texts are not there"))?,
            );
        }
    }
    let mut df: HashMap<u64, u32> = HashMap::new();
    let mut documents = 0u32;
    for doc in storyline_eval::giveme::read_documents(&dirs)? {
        let (terms, _) = storyline_eval::giveme::clustering_terms(&doc);
        for id in terms.ids() {
            *df.entry(id).or_default() += 1;
        }
        documents += 1;
    }
    let kept: Vec<(u64, u32)> = df.into_iter().filter(|&(_, n)| n >= 2).collect();
    let background = Background::new(documents, kept);
    let bytes = background.to_bytes();
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "{documents} documents, {} terms kept, {} bytes: {}",
        (bytes.len() - 10) / 12,
        bytes.len(),
        out.display()
    );
    Ok(())
}
