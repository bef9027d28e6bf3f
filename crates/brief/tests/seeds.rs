//! The brief of the seeds' main event (000, 001, 003, 004), read from
//! `../shared/seeds` at run time (never copied into the repository). Skips
//! with a message when the data is missing, unless
//! `STORYLINE_REQUIRE_SHARED=1`, where it fails.

use std::path::Path;
use storyline_brief::{BriefDoc, REDUNDANCY_THRESHOLD, brief, redundancy, split_sentences};
use storyline_core::DocumentId;

/// Where seed 003's scraper starts repeating its own text.
const REPEAT_003: usize = 1684;

/// Seeds 000, 001, 003 and 004 from `dir`: (name, text).
fn read_seeds(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for prefix in ["000_", "001_", "003_", "004_"] {
        let entry = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .find(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with(prefix) && n.ends_with(".txt")
            })
            .unwrap_or_else(|| panic!("no seed {prefix}*.txt in {}", dir.display()));
        let name = entry
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".txt")
            .to_string();
        out.push((name, std::fs::read_to_string(entry.path()).unwrap()));
    }
    out
}

#[test]
fn seeds_main_event_brief() {
    let Some(dir) = storyline_testdata::shared_dir_for_test("seeds") else {
        return;
    };
    let seeds = read_seeds(&dir);
    let docs: Vec<BriefDoc> = seeds
        .iter()
        .map(|(id, text)| BriefDoc {
            id: DocumentId(id.clone()),
            text,
            sentences: split_sentences(text),
            skipped: if id.starts_with("003_") {
                std::iter::once(REPEAT_003..text.len()).collect()
            } else {
                vec![]
            },
            duplicate_of: None,
            published: None,
        })
        .collect();
    // The repeat really starts there: the text after it opens the body again.
    let t003 = docs[2].text;
    assert!(t003[..REPEAT_003].contains(t003[REPEAT_003..].lines().next().unwrap().trim()));

    let out = brief(&docs, 5);
    for (i, s) in out.iter().enumerate() {
        let ids: Vec<&str> = s
            .citations
            .iter()
            .map(|c| &c.document.as_str()[..3])
            .collect();
        eprintln!("{i}. [{}] {}", ids.join(","), s.text);
    }
    let mut pairs: Vec<f64> = Vec::new();
    for (i, a) in out.iter().enumerate() {
        for b in &out[i + 1..] {
            pairs.push(redundancy(&a.text, &b.text));
        }
    }
    pairs.sort_by(f64::total_cmp);
    eprintln!("pairwise redundancy (sorted): {pairs:.3?}");

    assert_eq!(out.len(), 5);
    assert!(pairs.iter().all(|&r| r <= REDUNDANCY_THRESHOLD));
    for s in &out {
        let c = &s.citations[0];
        let doc = docs.iter().find(|d| d.id == c.document).unwrap();
        assert_eq!(&doc.text[c.start..c.end], s.text);
        for c in &s.citations {
            if c.document.as_str().starts_with("003_") {
                assert!(c.end <= REPEAT_003, "cited 003's repeated half: {c:?}");
            }
        }
    }
    assert!(
        out.iter().any(|s| s.text.contains("28")
            || s.text.contains("Witkoff")
            || s.text.contains("Driscoll")),
        "no sentence about the 28-point plan or the envoys"
    );
}
