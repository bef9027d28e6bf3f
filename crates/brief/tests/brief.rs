mod common;

use common::{event, sentence_pool};
use proptest::prelude::*;
use storyline_brief::{
    ALSO_REPORTED_THRESHOLD, BriefDoc, DEFAULT_SENTENCES, REDUNDANCY_THRESHOLD, brief,
    looks_like_boilerplate, quotation_pieces, redundancy, split_sentences, stands_alone,
};
use storyline_core::{CitedText, DocumentId};

/// The invariants every brief keeps, whatever its input.
fn check(docs: &[BriefDoc], out: &[CitedText], asked: usize) {
    assert!(out.len() <= asked);
    for s in out {
        let first = &s.citations[0];
        let doc = docs.iter().find(|d| d.id == first.document).unwrap();
        assert_eq!(doc.text.get(first.start..first.end), Some(s.text.as_str()));
        assert_eq!(s.text.trim(), s.text, "spans are trimmed");
        assert!(
            doc.duplicate_of.is_none(),
            "a near-copy's sentence was used"
        );
        assert!(
            !doc.skipped
                .iter()
                .any(|k| k.start < first.end && first.start < k.end),
            "a skipped passage's sentence was used"
        );
        // The chosen span is one of the document's sentences, trimmed, and
        // not a piece of a quotation running over several sentences.
        let pieces = quotation_pieces(doc.text, &doc.sentences);
        let piece = doc.sentences.iter().zip(&pieces).any(|(span, &piece)| {
            piece
                && doc
                    .text
                    .get(span.clone())
                    .is_some_and(|t| t.trim() == s.text && span.start <= first.start)
                && first.end <= span.end
        });
        assert!(!piece, "a piece of a quotation was used: {:?}", s.text);
        let mut cited = Vec::new();
        for c in &s.citations {
            let d = docs.iter().find(|d| d.id == c.document).unwrap();
            assert!(
                d.text.get(c.start..c.end).is_some(),
                "not on char boundaries"
            );
            assert!(!cited.contains(&&c.document), "one citation per source");
            cited.push(&c.document);
        }
        for c in &s.citations[1..] {
            let d = docs.iter().find(|d| d.id == c.document).unwrap();
            assert!(redundancy(&s.text, &d.text[c.start..c.end]) >= ALSO_REPORTED_THRESHOLD);
        }
    }
    for (i, a) in out.iter().enumerate() {
        for b in &out[i + 1..] {
            let r = redundancy(&a.text, &b.text);
            assert!(
                r <= REDUNDANCY_THRESHOLD,
                "{r}: {:?} / {:?}",
                a.text,
                b.text
            );
        }
    }
}

#[test]
fn fixture_event_brief() {
    let sources = event();
    let docs: Vec<BriefDoc> = sources.iter().map(|s| s.doc()).collect();
    let out = brief(&docs, DEFAULT_SENTENCES);
    check(&docs, &out, DEFAULT_SENTENCES);
    assert_eq!(out.len(), DEFAULT_SENTENCES);
    // The most corroborated fact leads: the breach and the evacuation,
    // carried by Harbor, Coast and Tokyo (and credited to Harbor's copy).
    let first = &out[0];
    assert!(first.text.contains("4,000"), "{:?}", first.text);
    let sources: Vec<&str> = first
        .citations
        .iter()
        .map(|c| c.document.as_str())
        .collect();
    assert!(sources.len() >= 3, "{sources:?}");
    // The spillway sentence is carried by Harbor and Coast: one appears,
    // citing the other.
    let spill: Vec<_> = out.iter().filter(|s| s.text.contains("gave way")).collect();
    assert_eq!(spill.len(), 1);
    assert!(spill[0].citations.len() >= 2);
    for s in &out {
        assert!(!looks_like_boilerplate(&s.text), "{:?}", s.text);
        assert!(!s.text.starts_with("By "));
    }
    // Deterministic.
    assert_eq!(out, brief(&docs, DEFAULT_SENTENCES));
}

#[test]
fn duplicates_are_credited_not_used() {
    let sources = event();
    let docs: Vec<BriefDoc> = sources.iter().map(|s| s.doc()).collect();
    let out = brief(&docs, 10);
    check(&docs, &out, 10);
    assert!(
        out.iter()
            .all(|s| s.citations[0].document.as_str() != "harbor-copy")
    );
    let credited = out.iter().any(|s| {
        s.citations
            .iter()
            .any(|c| c.document.as_str() == "harbor-copy")
    });
    assert!(credited, "the near-copy is credited under also reported by");
    // Matin's repeated block: its sentences appear at most once, from the
    // first copy.
    let matin_len = common::MATIN_BODY.len();
    for s in &out {
        for c in &s.citations {
            if c.document.as_str() == "matin" {
                assert!(c.end <= matin_len);
            }
        }
    }
}

#[test]
fn boilerplate_is_recognized() {
    assert!(looks_like_boilerplate("By Léa Martín, Harbor Times"));
    assert!(looks_like_boilerplate(
        "Read more: our live coverage of the Valmora flood."
    ));
    assert!(looks_like_boilerplate("Photo: Jonas Ek / Harbor Times"));
    assert!(looks_like_boilerplate(
        "Chat with us in Facebook Messenger."
    ));
    assert!(looks_like_boilerplate(
        "Story highlights The dam held, officials said"
    ));
    assert!(!looks_like_boilerplate(
        "By Sunday evening the water had reached the first floors of buildings in the lower town."
    ));
}

#[test]
fn a_quotation_over_sentences_is_not_told_as_fact() {
    // Both outlets report the evacuation; one only in the mayor's words,
    // two sentences of a quotation whose speaker is in the second.
    let quoting = "Crews opened three shelters in Saint-Étienne-du-Lac on Monday evening after the river rose. \
        “The water is rising across the whole valley tonight. Everyone in the lower town must leave before midnight,” \
        Mayor Inès Ruiz told the council.";
    let narrating = "The water is rising across the whole valley tonight, Mayor Inès Ruiz warned on Monday. \
        She told everyone in the lower town to leave before midnight. \
        Crews opened three shelters in Saint-Étienne-du-Lac.";
    let doc = |id: &str, text: &'static str| BriefDoc {
        id: DocumentId(id.into()),
        text,
        sentences: split_sentences(text),
        skipped: vec![],
        duplicate_of: None,
        published: None,
    };
    let docs = [doc("quoting", quoting), doc("narrating", narrating)];
    let out = brief(&docs, 5);
    check(&docs, &out, 5);
    let texts: Vec<&str> = out.iter().map(|s| s.text.as_str()).collect();
    assert!(
        texts.contains(&"The water is rising across the whole valley tonight, Mayor Inès Ruiz warned on Monday."),
        "{texts:?}"
    );
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("“The water") || t.starts_with("Everyone")),
        "{texts:?}"
    );
    // The quoting outlet is still credited with the sentence its quotation
    // corroborates.
    let warned = out
        .iter()
        .find(|s| s.text.starts_with("The water is rising"))
        .unwrap();
    assert!(warned.citations.iter().any(|c| c.document.0 == "quoting"));
}

#[test]
fn a_brief_sentence_reads_alone() {
    for alone in [
        "The Valmora dam breached on Sunday, forcing 4,000 residents from their homes.",
        "Itzel Ramírez, the mayor, ordered the lower town evacuated.",
        "Theirs was the first boat to reach the hospital, crews said.",
        "ヴァルモラのダムが日曜日に決壊した。",
        "NATO’s envoy, Ana Ruiz, arrived in Valmora on Monday.",
    ] {
        assert!(stands_alone(alone), "{alone}");
    }
    for not_alone in [
        // A question, even in quotation marks.
        "Why did the spillway give way after only three days of rain?",
        "“Who inspected the dam last?”",
        // It points to the sentence before.
        "But the spillway had been repaired only a year before the flood.",
        "It is the deadliest flood in the valley’s recorded history.",
        "They were taken by boat to the hospital in Saint-Étienne.",
        "This is why the crews waited for the water to fall.",
        // Someone's words without their speaker.
        "I mean, not over Christmas — that wasn’t what ended it.",
        "We have never seen water rise this fast in Valmora.",
        // Shouted or cut short.
        "FOR THE DAM TO HOLD THE RAIN MUST STOP...",
        "VALMORA DAM BREACHES, THOUSANDS FLEE THE LOWER TOWN.",
        "The mayor said the town would be rebuilt in time for…",
        // A piece: split in the wrong place, or cut by a scraper.
        "he dam's keeper said the gates held until dawn.",
        "and 40 homes were flooded in the lower town.",
    ] {
        assert!(!stands_alone(not_alone), "{not_alone}");
    }
}

#[test]
fn a_reports_lead_comes_before_a_detail_copied_as_widely() {
    // Three outlets; each opens with what happened in its own words, and
    // two copy one detail word for word. The detail is corroborated once
    // more than any lead, but the lead tells the event.
    let detail = "The former mayor, Iñès Ferrant, wrote that the dam’s keeper was her cousin.";
    let texts = [
        format!("The Valmora dam on the Ésk burst at dawn on Sunday, emptying the reservoir into the lower town. {detail} Crews cleared the bridge by noon."),
        format!("Floodwater swept through Valmora’s lower town after its dam failed early Sunday. {detail} Schools will stay closed on Monday."),
        "Thousands fled Valmora on Sunday when the dam above the town gave way at first light. Crews cleared the bridge by noon, officials said.".to_string(),
    ];
    let docs: Vec<BriefDoc> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| BriefDoc {
            id: DocumentId(format!("d{i}")),
            text,
            sentences: split_sentences(text),
            skipped: vec![],
            duplicate_of: None,
            published: None,
        })
        .collect();
    let out = brief(&docs, 3);
    check(&docs, &out, 3);
    let leads: Vec<&str> = docs
        .iter()
        .map(|d| &d.text[d.sentences[0].clone()])
        .collect();
    assert!(leads.contains(&out[0].text.as_str()), "{out:?}");
    assert!(out.iter().any(|s| s.text == detail), "{out:?}");
}

#[test]
fn edge_cases() {
    assert!(brief(&[], 5).is_empty());
    let text = "  Short one.  \u{a0}Another sentence of enough words to count here, with “curly” quotes.  ";
    let doc = BriefDoc {
        id: DocumentId("solo".into()),
        text,
        // Out of bounds, inside a character, and a padded span.
        sentences: vec![0..500, 3..text.len(), 1..2, 0..text.len()],
        skipped: vec![],
        duplicate_of: None,
        published: None,
    };
    let _ = text.get(3..text.len()).unwrap();
    let docs = [doc];
    let out = brief(&docs, 0);
    assert!(out.is_empty());
    let out = brief(&docs, 3);
    check(&docs, &out, 3);
    assert!(!out.is_empty());
}

/// A generated event: documents drawn from the fixture sentences, with
/// padding, repeated blocks and near-copies.
fn arb_event() -> impl Strategy<Value = Vec<(String, Vec<std::ops::Range<usize>>, Option<usize>)>> {
    let pool = sentence_pool();
    let n = pool.len();
    prop::collection::vec(
        (
            prop::collection::vec(0..n, 1..12),
            any::<bool>(),
            any::<bool>(),
            prop::sample::select(vec![" ", "\n", "  \u{3000}", "\n\n- "]),
        ),
        1..7,
    )
    .prop_map(move |docs| {
        let mut out: Vec<(String, Vec<std::ops::Range<usize>>, Option<usize>)> = Vec::new();
        for (i, (picks, repeat, dup, sep)) in docs.into_iter().enumerate() {
            if dup && i > 0 {
                let (text, _, _) = &out[0];
                out.push((format!("{text} Extra words."), vec![], Some(0)));
                continue;
            }
            let body: Vec<&str> = picks.iter().map(|&p| pool[p]).collect();
            let mut text = body.join(sep);
            let mut skipped = vec![];
            if repeat {
                let len = text.len();
                text = format!("{text}{sep}{text}");
                skipped.push(len..text.len());
            }
            out.push((text, skipped, None));
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn brief_invariants(event in arb_event(), asked in 0usize..8) {
        let docs: Vec<BriefDoc> = event
            .iter()
            .enumerate()
            .map(|(i, (text, skipped, dup))| BriefDoc {
                id: DocumentId(format!("d{i}")),
                text,
                sentences: split_sentences(text),
                skipped: skipped.clone(),
                duplicate_of: *dup,
                published: None,
            })
            .collect();
        let out = brief(&docs, asked);
        check(&docs, &out, asked);
    }
}
