//! Shared helpers of the benchmark programs: where their source articles
//! come from.
//!
//! Benchmarks run on real article text when `../shared` is beside the
//! repository (the giveme5w1h, PolNeAR and seed texts, read in place and
//! never copied into the repository), else on the repository's own
//! `examples/`.

use std::path::{Path, PathBuf};

use storyline_core::Document;

/// The article texts to build benchmark inputs from, with where they came
/// from.
pub fn source_articles() -> anyhow::Result<(Vec<Document>, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared");
    let dirs: Vec<PathBuf> = if shared.is_dir() {
        vec![
            shared.join("seeds"),
            shared.join("data/giveme5w1h/news_cluster"),
            shared.join("data/polnear/train/text"),
        ]
    } else {
        vec![root.join("examples")]
    };
    let expanded = storyline_read::expand(&dirs);
    let mut docs = Vec::new();
    for input in &expanded.inputs {
        for record in storyline_read::records(input) {
            if let Ok(doc) = record.and_then(storyline_read::decode) {
                docs.push(doc);
            }
        }
    }
    anyhow::ensure!(!docs.is_empty(), "no source articles found in {dirs:?}");
    let names: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    Ok((docs, names.join(", ")))
}
