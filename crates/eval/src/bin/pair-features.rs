//! Prints the pair features and the pair model's probability for every pair
//! of documents in the inputs: a look at why documents did or did not join
//! one event.
//!
//! `pair-features PATH... [--no-dates] [--tolls]` (`--tolls`: each
//! document's death tolls instead)

use storyline_cluster::{ClusterDoc, FEATURE_NAMES, Features, shipped_model};

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let use_dates = !args.iter().any(|a| a == "--no-dates");
    let paths: Vec<std::path::PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(Into::into)
        .collect();
    let documents = storyline_eval::giveme::read_documents(&paths)?;
    let names: Vec<String> = documents.iter().map(|d| d.id.to_string()).collect();
    let (terms, published): (Vec<_>, Vec<_>) = documents
        .iter()
        .map(storyline_eval::giveme::clustering_terms)
        .unzip();
    let docs: Vec<ClusterDoc> = terms
        .iter()
        .zip(&published)
        .map(|(terms, &published)| ClusterDoc { terms, published })
        .collect();
    if args.iter().any(|a| a == "--tolls") {
        for (name, t) in names.iter().zip(&terms) {
            println!("{name}\t{:?}", t.tolls);
        }
        return Ok(());
    }
    let features = Features::new(&docs, use_dates);
    println!("a\tb\t{}\tprobability", FEATURE_NAMES.join("\t"));
    for a in 0..docs.len() {
        for b in a + 1..docs.len() {
            let f = features.pair(a, b);
            let row: Vec<String> = f.iter().map(|x| format!("{x:.3}")).collect();
            println!(
                "{}\t{}\t{}\t{:.3}",
                names[a],
                names[b],
                row.join("\t"),
                shipped_model().probability(&f)
            );
        }
    }
    Ok(())
}
