//! Time to brief one event of 50 articles (target: under 100 ms).
//!
//! The articles are generated from the fixture sentences of the tests
//! (fictional), each a different draw of sentences with varied days,
//! figures and names, so that sources overlap partially as real coverage
//! does. Run: `cargo run --release -p storyline-brief --example brief_speed`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;
use storyline_brief::{BriefDoc, DEFAULT_SENTENCES, brief, split_sentences};
use storyline_core::DocumentId;

const ARTICLES: usize = 50;
const RUNS: u32 = 20;

fn main() {
    let pool = common::sentence_pool();
    let days = ["Sunday", "Monday", "the weekend", "Sunday morning"];
    let names = ["Inés Ferrant", "Inès Ferrand", "Ines Ferrant"];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let texts: Vec<String> = (0..ARTICLES)
        .map(|a| {
            let len = 15 + next(15);
            let mut sentences = Vec::with_capacity(len);
            for k in 0..len {
                let s = pool[next(pool.len())]
                    .replace("Sunday", days[next(days.len())])
                    .replace("Inés Ferrant", names[next(names.len())])
                    .replace("4,000", &format!("{},{:03}", 3 + next(3), next(1000)));
                sentences.push(if k % 4 == 3 {
                    format!("{s} Outlet {a} adds context on item {k}, as residents wait.")
                } else {
                    s
                });
            }
            sentences.join(if a % 2 == 0 { " " } else { "\n" })
        })
        .collect();
    let mut total_sentences = 0;
    let docs: Vec<BriefDoc> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let sentences = split_sentences(t);
            total_sentences += sentences.len();
            BriefDoc {
                id: DocumentId(format!("gen{i:02}")),
                text: t,
                sentences,
                skipped: vec![],
                duplicate_of: (i % 10 == 9).then_some(i.saturating_sub(1)),
                published: None,
            }
        })
        .collect();

    let out = brief(&docs, DEFAULT_SENTENCES);
    let start = Instant::now();
    for _ in 0..RUNS {
        std::hint::black_box(brief(std::hint::black_box(&docs), DEFAULT_SENTENCES));
    }
    let per = start.elapsed() / RUNS;
    println!(
        "{ARTICLES} articles, {total_sentences} sentences, {} bytes: {:.2} ms per brief ({} sentences chosen)",
        texts.iter().map(String::len).sum::<usize>(),
        per.as_secs_f64() * 1e3,
        out.len()
    );
}
