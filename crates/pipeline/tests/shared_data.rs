//! Reading the project's shared data (`../shared` beside the repository):
//! the seeds and the labelled sets. These tests fail when the data is
//! missing and `STORYLINE_REQUIRE_SHARED=1` (as in CI); elsewhere they skip
//! with a message.

use std::path::Path;

use serde_json::Value;
use storyline_core::Report;
use storyline_pipeline::{Options, Quiet, analyze, find_document};

use storyline_testdata::shared_dir_for_test as shared;

fn run(path: &Path) -> Report {
    analyze(&[path.to_path_buf()], &Options::default(), &Quiet)
}

#[test]
fn seeds_are_read_exactly() {
    let Some(seeds) = shared("seeds") else { return };
    let report = run(&seeds);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let ids: Vec<&str> = report.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "000_e6e8cbecfc36e633",
            "001_07c39cf05fda7e3f",
            "002_9cb842f892cfc66f",
            "003_85878d0c9cfdabbf",
            "004_3588de1082aa6c7d"
        ]
    );
    for entry in &report.documents {
        assert_eq!(entry.title, None, "no title is invented for plain text");
        // Only 003 has a defect: its body is printed twice.
        let kinds: Vec<&str> = entry.defects.iter().map(|d| d.kind.as_str()).collect();
        let expected: &[&str] = if entry.id.as_str() == "003_85878d0c9cfdabbf" {
            &["repeated-passage"]
        } else {
            &[]
        };
        assert_eq!(kinds, expected, "{}", entry.id);
        let file = seeds.join(format!("{}.txt", entry.id));
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(entry.length, bytes.len());
        let found = find_document(
            std::slice::from_ref(&seeds),
            entry.id.as_str(),
            &Options::default(),
        )
        .unwrap();
        assert_eq!(
            found.document.text.as_bytes(),
            &bytes[..],
            "text is the file, byte for byte"
        );
    }

    // Normalization folds what differs between outlets and maps back.
    let seed =
        |id: &str| find_document(std::slice::from_ref(&seeds), id, &Options::default()).unwrap();
    let s001 = seed("001_07c39cf05fda7e3f");
    let n = s001.normalized.text();
    assert!(!n.contains("\n- "), "bullet markers are dropped");
    let s002 = seed("002_9cb842f892cfc66f");
    assert!(s002.document.text.starts_with('\n'));
    assert!(s002.normalized.text().starts_with("President Donald Trump"));
    let s004 = seed("004_3588de1082aa6c7d");
    let norm = s004.normalized.text();
    let phrase = "\"The original 28-Point Peace Plan";
    let at = norm.find(phrase).expect("curly quote folded to straight");
    let span = s004.normalized.to_original(at..at + phrase.len());
    assert_eq!(
        &s004.document.text[span],
        "“The original 28-Point Peace Plan"
    );
}

#[test]
fn giveme5w1h_news_cluster_is_read_whole() {
    let Some(dir) = shared("data/giveme5w1h/news_cluster") else {
        return;
    };
    let report = run(&dir);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.documents.len(), 383);
    for entry in &report.documents {
        let file = dir.join(format!("{}.json", entry.id));
        let raw: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        // No `id` field: the id is the file name, which the set also stores
        // as `dId`.
        assert_eq!(raw["dId"], entry.id.as_str());
        assert_eq!(entry.title.as_deref(), raw["title"].as_str().map(str::trim));
        assert_eq!(entry.outlet.as_deref(), raw["source_domain"].as_str());
        assert_eq!(entry.url.as_deref(), raw["url"].as_str());
        assert_eq!(
            entry.length,
            raw["text"].as_str().unwrap().len(),
            "text kept verbatim"
        );
        // `date_publish` is naive ("2016-05-04T00:00:00"): read as UTC.
        let date = raw["date_publish"].as_str().unwrap();
        assert_eq!(
            entry.published.as_deref().unwrap(),
            format!("{}Z", date.replace(' ', "T"))
        );
        // The gold labels travel with the document, untouched.
        assert_eq!(entry.extra["newsCluster"], raw["newsCluster"]);
        assert!(entry.extra.contains_key("dId"));
    }
}

#[test]
fn polnear_and_pan13_texts_are_read() {
    let Some(polnear) = shared("data/polnear/dev/text") else {
        return;
    };
    let report = run(&polnear);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.documents.len(), 84);
    let Some(pan) = shared("data/pan13-dev/susp") else {
        return;
    };
    let report = run(&pan);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(!report.documents.is_empty());
}

fn run_with_text(path: &Path) -> Report {
    let options = Options {
        with_text: true,
        ..Options::default()
    };
    analyze(&[path.to_path_buf()], &options, &Quiet)
}

/// Every citation of a report slices a document's text on character
/// boundaries, and every passage pair starts and ends with the same words
/// on both sides (passages begin and end with exact matches).
fn check_citations(report: &Report) {
    let text = |id: &storyline_core::DocumentId| {
        let entry = report.documents.iter().find(|d| &d.id == id).unwrap();
        entry.text.as_deref().unwrap()
    };
    // The cited text without the boilerplate and repeated passages inside
    // it, which matching skips (they are the document's defects).
    let slice = |c: &storyline_core::Citation| -> String {
        let entry = report
            .documents
            .iter()
            .find(|d| d.id == c.document)
            .unwrap();
        let cited = text(&c.document)
            .get(c.start..c.end)
            .unwrap_or_else(|| panic!("{c:?} does not slice its document"));
        let mut kept = String::new();
        let mut at = c.start;
        let mut skips: Vec<_> = entry.defects.iter().flat_map(|d| d.spans.iter()).collect();
        skips.sort_by_key(|s| s.start);
        for s in skips
            .iter()
            .filter(|s| s.start >= c.start && s.end <= c.end)
        {
            kept.push_str(&cited[at - c.start..s.start - c.start]);
            kept.push(' ');
            at = s.end;
        }
        kept.push_str(&cited[at - c.start..]);
        kept
    };
    let words = |s: &str| -> Vec<String> {
        storyline_text::tokens(&storyline_text::normalize(s).text().to_lowercase())
            .iter()
            .map(|t| t.hash.to_string())
            .collect()
    };
    let pairs = report
        .duplicates
        .iter()
        .flat_map(|g| g.passages.chunks(2))
        .chain(report.reuse.iter().flat_map(|r| r.passages.chunks(2)));
    for pair in pairs {
        let (a, b) = (words(&slice(&pair[0])), words(&slice(&pair[1])));
        assert!(a.len() >= 5 && b.len() >= 5, "{pair:?}");
        assert_eq!(a[..5], b[..5], "{pair:?} starts differently");
        assert_eq!(
            a[a.len() - 5..],
            b[b.len() - 5..],
            "{pair:?} ends differently"
        );
    }
    // Quotes and numbers: the first citation slices to the text shown,
    // every citation slices its document, and every source carries the
    // same words (quotation marks, dashes and spacing aside).
    let wording = |s: &str| -> String {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    for event in report.stories.iter().flat_map(|s| &s.events) {
        for quote in &event.quotes {
            assert_eq!(
                text(&quote.citations[0].document)
                    .get(quote.citations[0].start..quote.citations[0].end),
                Some(quote.text.as_str())
            );
            for c in &quote.citations {
                let cited = text(&c.document)
                    .get(c.start..c.end)
                    .unwrap_or_else(|| panic!("{c:?}"));
                assert_eq!(wording(cited), wording(&quote.text), "{c:?}");
            }
            if let Some(speaker) = &quote.speaker {
                assert!(
                    report.entities.iter().any(|e| &e.id == speaker),
                    "{speaker}"
                );
            }
        }
        // The brief: every sentence is verbatim in its first citation, and
        // every citation slices its document.
        for sentence in &event.brief {
            let first = &sentence.citations[0];
            assert_eq!(
                text(&first.document).get(first.start..first.end),
                Some(sentence.text.as_str())
            );
            for c in &sentence.citations {
                assert!(text(&c.document).get(c.start..c.end).is_some(), "{c:?}");
            }
        }
        for entry in &event.timeline {
            let first = &entry.citations[0];
            assert_eq!(
                text(&first.document).get(first.start..first.end),
                Some(entry.text.as_str())
            );
        }
        for conflict in &event.conflicts {
            for value in &conflict.values {
                let first = &value.citations[0];
                assert_eq!(
                    text(&first.document).get(first.start..first.end),
                    Some(value.text.as_str())
                );
            }
        }
        for quantity in &event.quantities {
            let first = &quantity.citations[0];
            assert_eq!(
                text(&first.document).get(first.start..first.end),
                Some(quantity.text.as_str())
            );
            for c in &quantity.citations {
                assert!(text(&c.document).get(c.start..c.end).is_some(), "{c:?}");
            }
        }
    }
    for entity in &report.entities {
        for role in &entity.roles {
            for c in &role.citations {
                assert!(
                    text(&c.document)
                        .get(c.start..c.end)
                        .is_some_and(|t| !t.is_empty()),
                    "{c:?}"
                );
            }
        }
    }
    for entry in &report.documents {
        for defect in &entry.defects {
            for span in &defect.spans {
                assert!(
                    entry
                        .text
                        .as_deref()
                        .unwrap()
                        .get(span.start..span.end)
                        .is_some(),
                    "{}: {defect:?}",
                    entry.id
                );
            }
        }
    }
}

#[test]
fn seeds_dedup_and_reuse() {
    let Some(seeds) = shared("seeds") else { return };
    let report = run_with_text(&seeds);
    check_citations(&report);
    assert!(
        report.duplicates.is_empty(),
        "distinct reports are not duplicates"
    );
    assert!(report.documents.iter().all(|d| d.duplicate_of.is_none()));

    // 003 prints its body twice; the second copy (cut off at the end) is
    // the repeated passage, and it repeats the first.
    let d003 = report
        .documents
        .iter()
        .find(|d| d.id.as_str() == "003_85878d0c9cfdabbf")
        .unwrap();
    let text = d003.text.as_deref().unwrap();
    let repeat = &d003.defects[0].spans[0];
    assert_eq!(repeat.end, text.len(), "the copy runs to the end");
    let copy = &text[repeat.start..repeat.end];
    assert!(copy.starts_with("According to Ukraine, the essence of the US plan"));
    assert_eq!(
        text.find(copy),
        Some(text.find("According to Ukraine").unwrap()),
        "it repeats the first copy"
    );

    // Trump's Truth Social post travels between 001 and 004; 000 shares
    // parts of it with both.
    let pair = |a: &str, b: &str| {
        report
            .reuse
            .iter()
            .find(|r| r.documents[0].as_str() == a && r.documents[1].as_str() == b)
            .unwrap_or_else(|| panic!("no reuse between {a} and {b}"))
    };
    let quoted = |r: &storyline_core::Reuse, doc: usize| -> Vec<String> {
        let entry = report
            .documents
            .iter()
            .find(|d| d.id == r.documents[doc])
            .unwrap();
        r.passages
            .iter()
            .filter(|c| c.document == r.documents[doc])
            .map(|c| entry.text.as_deref().unwrap()[c.start..c.end].to_string())
            .collect()
    };
    let r14 = pair("001_07c39cf05fda7e3f", "004_3588de1082aa6c7d");
    assert!(
        quoted(r14, 0).iter().any(|p| p.contains(
            "I look forward to hopefully meeting with President Zelenskyy and President Putin soon, but ONLY when the deal to end this War is FINAL"
        )),
        "{:?}",
        quoted(r14, 0)
    );
    let r01 = pair("000_e6e8cbecfc36e633", "001_07c39cf05fda7e3f");
    assert!(quoted(r01, 0).iter().any(|p| p.contains("briefed on all progress made, along with Vice President JD Vance")));
    let r04 = pair("000_e6e8cbecfc36e633", "004_3588de1082aa6c7d");
    assert!(
        quoted(r04, 0)
            .iter()
            .any(|p| p.contains("28-Point Peace Plan"))
    );
    // 002 (another event) shares no passage of eight words with the others.
    assert!(report.reuse.iter().all(|r| {
        r.documents
            .iter()
            .all(|d| d.as_str() != "002_9cb842f892cfc66f")
    }));
}

/// giveme5w1h holds genuine syndicated copies (AP stories reprinted by
/// several outlets, a press release rewritten by two): they may group, but
/// never two articles of different events, and never on a scraped stub.
#[test]
fn giveme5w1h_groups_only_copies_of_one_event() {
    let Some(dir) = shared("data/giveme5w1h/news_cluster") else {
        return;
    };
    let report = run_with_text(&dir);
    check_citations(&report);
    let event = |id: &storyline_core::DocumentId| {
        let entry = report.documents.iter().find(|d| &d.id == id).unwrap();
        // An object in some files, a Python-literal string in others.
        match &entry.extra["newsCluster"] {
            Value::Object(fields) => fields["EventId"].to_string(),
            Value::String(literal) => {
                let at = literal.find("'EventId': ").unwrap() + "'EventId': ".len();
                literal[at..]
                    .split([',', '}'])
                    .next()
                    .unwrap()
                    .trim()
                    .to_string()
            }
            other => panic!("unexpected newsCluster {other}"),
        }
    };
    for group in &report.duplicates {
        let events: std::collections::BTreeSet<String> =
            group.documents.iter().map(event).collect();
        assert_eq!(
            events.len(),
            1,
            "a group spans events: {:?}",
            group.documents
        );
        for member in &group.members {
            let entry = report
                .documents
                .iter()
                .find(|d| d.id == member.document)
                .unwrap();
            assert_eq!(entry.duplicate_of.as_ref(), Some(&group.documents[0]));
            assert!(entry.length > 300, "a stub grouped: {}", entry.id);
        }
    }
    // Measured on this set: 14 groups of syndicated copies (docs/dedup.md).
    assert!(report.duplicates.len() <= 20, "{}", report.duplicates.len());
}

#[test]
fn giveme5w1h_documents_are_each_in_one_event() {
    let Some(dir) = shared("data/giveme5w1h/news_cluster") else {
        return;
    };
    let report = run(&dir);
    let mut placed: Vec<&str> = report
        .stories
        .iter()
        .flat_map(|s| &s.events)
        .flat_map(|e| e.documents.iter().map(|d| d.as_str()))
        .collect();
    placed.sort_unstable();
    let mut all: Vec<&str> = report.documents.iter().map(|d| d.id.as_str()).collect();
    all.sort_unstable();
    assert_eq!(placed, all);
}

/// The seeds are one story of two events: 000, 001, 003 and 004 report the
/// envoys' trips and the 28-point plan; 002 reports an earlier strike,
/// meeting and deadline (at least 12 killed, against seven in the others).
#[test]
fn seeds_are_one_story_of_two_events() {
    let Some(seeds) = shared("seeds") else { return };
    let report = run(&seeds);
    assert_eq!(report.stories.len(), 1);
    let mut events: Vec<Vec<String>> = report.stories[0]
        .events
        .iter()
        .map(|e| {
            let mut ids: Vec<String> = e
                .documents
                .iter()
                .map(|d| d.as_str()[..3].to_string())
                .collect();
            ids.sort();
            ids
        })
        .collect();
    events.sort();
    assert_eq!(events, [vec!["000", "001", "003", "004"], vec!["002"]]);
    // The explanation names the documents 000 shares passages with.
    let membership = report.stories[0]
        .events
        .iter()
        .flat_map(|e| &e.membership)
        .find(|m| m.document.as_str().starts_with("000"))
        .unwrap();
    let with: Vec<&str> = membership
        .shared_passages
        .iter()
        .map(|d| &d.as_str()[..3])
        .collect();
    assert_eq!(with, ["001", "004"]);
}

/// The main event's brief names the envoys' trips, the 28-point plan being
/// fine-tuned and the Kyiv strike, and leaves Trump's stand-alone quotation
/// (meeting the leaders only when the deal is final) to the quotes; it reports Hegseth's two titles as a difference and
/// repeats nothing from 003's duplicated block.
#[test]
fn seeds_brief_and_differences() {
    let Some(seeds) = shared("seeds") else { return };
    let report = run_with_text(&seeds);
    let main = report.stories[0]
        .events
        .iter()
        .find(|e| e.documents.len() == 4)
        .expect("the main event");
    let brief: Vec<&str> = main.brief.iter().map(|s| s.text.as_str()).collect();
    let has = |words: &[&str]| brief.iter().any(|s| words.iter().all(|w| s.contains(w)));
    assert_eq!(brief.len(), 5, "{brief:#?}");
    assert!(has(&["Witkoff", "Moscow", "Driscoll"]), "{brief:#?}");
    assert!(has(&["28-Point", "fine-tuned"]), "{brief:#?}");
    // "I look forward to hopefully meeting … ONLY when the deal … is FINAL"
    // is a quotation standing alone: its speaker is in the sentence before,
    // so the brief does not use it; the quotes list it with its speaker.
    assert!(!has(&["ONLY when the deal"]), "{brief:#?}");
    let only_when = main
        .quotes
        .iter()
        .find(|q| q.text.contains("ONLY when the deal"))
        .expect("the quote is listed");
    let speaker = only_when.speaker.as_ref().expect("with its speaker");
    let trump = report
        .entities
        .iter()
        .find(|e| &e.id == speaker)
        .expect("the speaker is an entity");
    assert_eq!(trump.name, "Donald Trump");
    assert!(has(&["Kyiv", "at least seven"]), "{brief:#?}");
    // 003 repeats its own text from byte 1684: nothing cited there.
    for s in &main.brief {
        for c in &s.citations {
            assert!(
                !(c.document.as_str().starts_with("003") && c.start >= 1684),
                "{c:?}"
            );
        }
    }
    let hegseth = report
        .entities
        .iter()
        .find(|e| e.name == "Pete Hegseth")
        .expect("Hegseth");
    let difference = main
        .conflicts
        .iter()
        .find(|c| c.kind == "title" && c.about == hegseth.id)
        .expect("Hegseth's titles differ");
    let titles: Vec<&str> = difference.values.iter().map(|v| v.text.as_str()).collect();
    assert_eq!(titles, ["Secretary of War", "Secretary of Defense"]);
    // 002's "at least 12" belongs to another event: never a difference
    // with "at least seven".
    for conflict in report
        .stories
        .iter()
        .flat_map(|s| &s.events)
        .flat_map(|e| &e.conflicts)
    {
        assert!(
            !conflict.values.iter().any(|v| v.text.contains("12")),
            "{conflict:?}"
        );
    }
}
