//! Briefs on a labelled set: runs the whole pipeline (default: giveme5w1h
//! `news_cluster`) and reports, over every event's brief, the pairwise
//! redundancy of its sentences (storyline_brief::redundancy, the measure
//! the brief keeps under `REDUNDANCY_THRESHOLD`), how many sources each
//! sentence is cited to, and whether every sentence is verbatim in its
//! first citation.
//!
//! It also says how much of what happened the briefs tell, against two
//! references written by people, in stemmed content words (`ContentTerms`):
//! - the other outlets' headlines: for each event of three or more documents,
//!   the mean share of a headline's words that the brief's first sentence,
//!   and the whole brief, contain (the headline of the document the first
//!   sentence comes from is left out);
//! - giveme5w1h's `gold_5w1h` annotations (who, what, where, when: the phrase
//!   most coders marked) of the articles that are also in the input: the
//!   share of each phrase's words in the brief of the article's event.
//!
//! `briefs [PATH...]`

use anyhow::Context;
use serde_json::Value;
use storyline_brief::{ContentTerms, REDUNDANCY_THRESHOLD, redundancy};
use storyline_core::DocumentId;
use storyline_pipeline::{Options, Quiet, analyze};

fn main() -> anyhow::Result<()> {
    storyline_eval::quiet_on_closed_output();
    let mut paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    if paths.is_empty() {
        paths.push(storyline_eval::giveme::default_dir()?);
    }
    let options = Options {
        with_text: true,
        ..Options::default()
    };
    let started = std::time::Instant::now();
    let report = analyze(&paths, &options, &Quiet);
    let seconds = started.elapsed().as_secs_f64();
    let documents: Documents = report.documents.iter().map(|d| (&d.id, d)).collect();
    let text = |id: &DocumentId| -> anyhow::Result<&str> {
        documents
            .get(id)
            .and_then(|d| d.text.as_deref())
            .with_context(|| format!("no text for {id}"))
    };
    let (mut briefs, mut sentences, mut verbatim, mut sources) = (0usize, 0usize, 0usize, 0usize);
    let mut pairs: Vec<f64> = Vec::new();
    let mut worst: Vec<f64> = Vec::new();
    for event in report.stories.iter().flat_map(|s| &s.events) {
        if event.brief.is_empty() {
            continue;
        }
        briefs += 1;
        let mut max = 0.0f64;
        for (i, a) in event.brief.iter().enumerate() {
            sentences += 1;
            let first = &a.citations[0];
            if text(&first.document)?.get(first.start..first.end) == Some(a.text.as_str()) {
                verbatim += 1;
            }
            sources += a.citations.len();
            for b in &event.brief[i + 1..] {
                let r = redundancy(&a.text, &b.text);
                max = max.max(r);
                pairs.push(r);
            }
        }
        worst.push(max);
    }
    pairs.sort_by(f64::total_cmp);
    worst.sort_by(f64::total_cmp);
    let q = |v: &[f64], p: f64| {
        v.get(((v.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "{} documents, {} events with a brief, {} sentences ({:.1} s for the whole pipeline)",
        report.documents.len(),
        briefs,
        sentences,
        seconds
    );
    println!("verbatim in the first citation: {verbatim}/{sentences}");
    println!(
        "citations per sentence (the source and every other source reporting the same): {:.2}",
        sources as f64 / sentences.max(1) as f64
    );
    println!(
        "pairwise redundancy of brief sentences ({} pairs; threshold {REDUNDANCY_THRESHOLD}): median {:.3}, p90 {:.3}, p99 {:.3}, max {:.3}",
        pairs.len(),
        q(&pairs, 0.5),
        q(&pairs, 0.9),
        q(&pairs, 0.99),
        q(&pairs, 1.0)
    );
    println!(
        "most redundant pair per brief: median {:.3}, p90 {:.3}, max {:.3}",
        q(&worst, 0.5),
        q(&worst, 0.9),
        q(&worst, 1.0)
    );
    coverage(&report, &documents)?;
    anyhow::ensure!(verbatim == sentences, "a brief sentence is not verbatim");
    anyhow::ensure!(
        q(&pairs, 1.0) <= REDUNDANCY_THRESHOLD,
        "two brief sentences are redundant"
    );
    Ok(())
}

/// The report's documents by id.
type Documents<'r> = std::collections::HashMap<&'r DocumentId, &'r storyline_core::DocumentEntry>;

/// The W questions giveme5w1h's coders answered with a phrase of the text.
const QUESTIONS: [&str; 4] = ["who", "what", "where", "when"];

/// Prints how much of the other outlets' headlines and of the coders'
/// who/what/where/when the briefs contain.
fn coverage(report: &storyline_core::Report, documents: &Documents) -> anyhow::Result<()> {
    let gold = gold_5w1h()?;
    let title = |id: &DocumentId| documents.get(id).and_then(|d| d.title.as_deref());
    let (mut first_headline, mut all_headline, mut events) = (0.0, 0.0, 0usize);
    // Per question: first sentence, whole brief, phrases.
    let mut w = [(0.0, 0.0, 0usize); QUESTIONS.len()];
    for event in report.stories.iter().flat_map(|s| &s.events) {
        let Some(first) = event.brief.first() else {
            continue;
        };
        let first_terms = ContentTerms::of(&first.text);
        let whole: String = event
            .brief
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let whole_terms = ContentTerms::of(&whole);
        let from = &first.citations[0].document;
        let headlines: Vec<ContentTerms> = event
            .documents
            .iter()
            .filter(|d| *d != from)
            .filter_map(title)
            .map(ContentTerms::of)
            .collect();
        if event.documents.len() >= 3 && !headlines.is_empty() {
            events += 1;
            let n = headlines.len() as f64;
            first_headline += headlines
                .iter()
                .map(|h| first_terms.coverage_of(h))
                .sum::<f64>()
                / n;
            all_headline += headlines
                .iter()
                .map(|h| whole_terms.coverage_of(h))
                .sum::<f64>()
                / n;
        }
        for document in &event.documents {
            let Some(phrases) = gold.get(document.as_str()) else {
                continue;
            };
            for (q, phrase) in phrases.iter().enumerate() {
                if let Some(phrase) = phrase {
                    w[q].0 += first_terms.coverage_of(phrase);
                    w[q].1 += whole_terms.coverage_of(phrase);
                    w[q].2 += 1;
                }
            }
        }
    }
    let events_f = events.max(1) as f64;
    println!(
        "other outlets' headline words, mean over {events} events of 3+ documents: {:.3} in the first sentence, {:.3} in the whole brief",
        first_headline / events_f,
        all_headline / events_f
    );
    if gold.is_empty() {
        println!("gold_5w1h: not found beside the input; no who/what/where/when figures");
        return Ok(());
    }
    let (mut first, mut all, mut phrases) = (0.0, 0.0, 0usize);
    for (q, &(f, a, n)) in QUESTIONS.iter().zip(&w) {
        let d = n.max(1) as f64;
        println!(
            "gold_5w1h {q}: {n} phrases, {:.3} in the first sentence, {:.3} in the whole brief",
            f / d,
            a / d
        );
        (first, all, phrases) = (first + f, all + a, phrases + n);
    }
    let d = phrases.max(1) as f64;
    println!(
        "gold_5w1h all: {phrases} phrases, {:.3} in the first sentence, {:.3} in the whole brief",
        first / d,
        all / d
    );
    Ok(())
}

/// giveme5w1h's coded articles by id (file name without `.json`): for each
/// of [`QUESTIONS`], the content terms of the phrase most coders marked.
/// Empty when the set is not beside the repository.
fn gold_5w1h() -> anyhow::Result<std::collections::HashMap<String, Vec<Option<ContentTerms>>>> {
    let mut out = std::collections::HashMap::new();
    let Some(dir) = storyline_eval::shared_dir("data/giveme5w1h/gold_5w1h") else {
        return Ok(out);
    };
    for entry in std::fs::read_dir(&dir).with_context(|| format!("{}", dir.display()))? {
        let path = entry?.path();
        let Some(id) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        let json: Value = serde_json::from_slice(&std::fs::read(&path)?)
            .with_context(|| format!("{}", path.display()))?;
        let phrases = QUESTIONS
            .iter()
            .map(|q| {
                json["fiveWoneH"][q]["annotated"]
                    .as_array()?
                    .iter()
                    .filter(|a| a["text"].is_string())
                    .max_by_key(|a| a["coderPhraseCount"].as_u64().unwrap_or(0))
                    .and_then(|a| a["text"].as_str())
                    .map(ContentTerms::of)
            })
            .collect();
        out.insert(id, phrases);
    }
    Ok(out)
}
