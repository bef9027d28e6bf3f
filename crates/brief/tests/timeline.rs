//! The timeline of one invented event: one entry per date and content, with
//! every source that tells it, in date order, each verbatim.

use std::ops::Range;

use storyline_brief::{BriefDoc, DateFact, timeline};
use storyline_core::DocumentId;

fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '.' {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    out
}

fn doc<'a>(id: &str, text: &'a str, duplicate_of: Option<usize>) -> BriefDoc<'a> {
    BriefDoc {
        id: DocumentId(id.into()),
        text,
        sentences: sentences(text),
        skipped: vec![],
        duplicate_of,
        published: None,
    }
}

fn date(docs: &[BriefDoc], d: usize, when: &str, what: &str) -> DateFact {
    let at = docs[d].text.find(what).unwrap();
    DateFact {
        doc: d,
        when: Some(when.into()),
        span: at..at + what.len(),
        day: true,
    }
}

/// A week, month or season mentioned.
fn period(docs: &[BriefDoc], d: usize, when: &str, what: &str) -> DateFact {
    DateFact {
        day: false,
        ..date(docs, d, when, what)
    }
}

#[test]
fn a_sentence_is_placed_at_the_latest_day_it_names() {
    let a = "On Tuesday, engineers at Vásárhely inspected the dam, whose review was due in March. \
             The spillway had leaked since February, residents said.";
    let docs = [doc("a", a, None)];
    let dates = [
        date(&docs, 0, "2031-05-06", "Tuesday"),
        period(&docs, 0, "2031-03-01", "March"),
        period(&docs, 0, "2031-02-01", "February"),
    ];
    let entries = timeline(&docs, &dates);
    let placed: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.when.as_str(), &e.text[..12]))
        .collect();
    // The month in the first sentence is background to its Tuesday; the
    // second names no day, so its month places it.
    assert_eq!(
        placed,
        [
            ("2031-02-01", "The spillway"),
            ("2031-05-06", "On Tuesday, ")
        ]
    );
    // Unresolved (no publication time), the Tuesday places nothing, and
    // still keeps its sentence off March.
    let unresolved = [
        DateFact {
            when: None,
            ..dates[0].clone()
        },
        dates[1].clone(),
        dates[2].clone(),
    ];
    let whens: Vec<String> = timeline(&docs, &unresolved)
        .into_iter()
        .map(|e| e.when)
        .collect();
    assert_eq!(whens, ["2031-02-01"]);
    // Two days: the earlier is the background of the later.
    let b = "Mayor Nørgaard, who toured Vásárhely on Sunday, on Monday ordered the dam drained.";
    let docs = [doc("b", b, None)];
    let dates = [
        date(&docs, 0, "2031-05-04", "Sunday"),
        date(&docs, 0, "2031-05-05", "Monday"),
    ];
    let whens: Vec<String> = timeline(&docs, &dates)
        .into_iter()
        .map(|e| e.when)
        .collect();
    assert_eq!(whens, ["2031-05-05"]);
}

#[test]
fn one_entry_per_date_with_every_source() {
    let a = "The levee at Østerby failed on 3 May, flooding 40 homes. Repairs began on 9 May with army help.";
    let b = "On 3 May the Østerby levee failed and 40 homes flooded. Officials in 東京 sent condolences.";
    let c = "The levee at Østerby failed on 3 May, flooding 40 homes.";
    let docs = [doc("a", a, None), doc("b", b, None), doc("c", c, Some(0))];
    let dates = [
        date(&docs, 0, "2031-05-09", "9 May"),
        date(&docs, 0, "2031-05-03", "3 May"),
        date(&docs, 1, "2031-05-03", "3 May"),
        date(&docs, 2, "2031-05-03", "3 May"),
    ];
    let entries = timeline(&docs, &dates);
    let whens: Vec<&str> = entries.iter().map(|e| e.when.as_str()).collect();
    assert_eq!(whens, ["2031-05-03", "2031-05-09"]);
    // The near-copy is not a source of its own; the other report is.
    let sources: Vec<&str> = entries[0]
        .citations
        .iter()
        .map(|c| c.document.as_str())
        .collect();
    assert_eq!(sources, ["a", "b"]);
    for entry in &entries {
        let first = &entry.citations[0];
        let text = docs.iter().find(|d| d.id == first.document).unwrap().text;
        assert_eq!(&text[first.start..first.end], entry.text);
    }
}

/// A quotation without its speaker (here standing alone after the sentence
/// that names him) is no entry: it would tell his words as the outlet's.
#[test]
fn a_quotation_without_its_speaker_is_no_entry() {
    let a = "The levee at Østerby failed on 3 May. “Repairs start on 9 May,” Ådne Lund said. \
             “We will finish by 20 May.” Crews left.";
    let docs = [doc("a", a, None)];
    let dates = [
        date(&docs, 0, "2031-05-03", "3 May"),
        date(&docs, 0, "2031-05-09", "9 May"),
        date(&docs, 0, "2031-05-20", "20 May"),
    ];
    let entries = timeline(&docs, &dates);
    let whens: Vec<&str> = entries.iter().map(|e| e.when.as_str()).collect();
    assert_eq!(whens, ["2031-05-03", "2031-05-09"], "{entries:#?}");
}

/// A page's furniture dates itself too; it is no step of the event.
#[test]
fn page_furniture_is_no_entry() {
    let a = "Østerby Tidende | Updated: 2031-05-03 17:52. The levee at Østerby failed on 3 May. \
             — Ådne Lund (@adnelund) May 3, 2031.";
    let docs = [doc("a", a, None)];
    let dates = [
        date(&docs, 0, "2031-05-03", "2031-05-03"),
        date(&docs, 0, "2031-05-03", "3 May"),
        date(&docs, 0, "2031-05-03", "May 3, 2031"),
    ];
    let entries = timeline(&docs, &dates);
    let texts: Vec<&str> = entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        ["The levee at Østerby failed on 3 May."],
        "{entries:#?}"
    );
}
