//! The HTML page: one self-contained file, every piece of report text
//! escaped, every citation rendered with its exact span in context.

use storyline_core::{
    Citation, CitedText, Conflict, DocumentEntry, DocumentId, Entity, EntityKind, Event, Format,
    InputError, Membership, Quantity, Quote, Report, Role, Story,
};
use storyline_present::render_html;

const HOSTILE: &str = "<script>alert(1)</script>";
const BREAKOUT: &str = "\"><img src=x onerror=alert(1)>";

fn doc(id: &str, outlet: &str, title: &str, text: Option<&str>) -> DocumentEntry {
    DocumentEntry {
        id: DocumentId(id.into()),
        source: format!("{id}.txt"),
        format: Format::Txt,
        title: Some(title.into()),
        outlet: Some(outlet.into()),
        published: None,
        url: Some("https://example.org/a\"b".into()),
        authors: vec![],
        language: None,
        length: text.map_or(0, str::len),
        duplicate_of: None,
        defects: vec![],
        extra: Default::default(),
        text: text.map(str::to_string),
    }
}

fn cite(docs: &[DocumentEntry], id: &str, needle: &str) -> Citation {
    let text = docs
        .iter()
        .find(|d| d.id.0 == id)
        .and_then(|d| d.text.as_deref())
        .unwrap();
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    Citation {
        document: DocumentId(id.into()),
        start,
        end: start + needle.len(),
    }
}

fn cited(docs: &[DocumentEntry], id: &str, needle: &str) -> CitedText {
    CitedText {
        text: needle.into(),
        citations: vec![cite(docs, id, needle)],
    }
}

/// Texts with multi-byte characters (curly quotes, accents, CJK, emoji)
/// and markup that must stay text.
fn texts() -> [(&'static str, String); 3] {
    let long_prefix = "é".repeat(150); // 300 bytes: the context is cut inside it
    [
        (
            "a<b>\"1\"",
            format!(
                "{long_prefix} “Zoë Ångström” said the dam held. {HOSTILE} Then 12 people 🚒 were rescued in Zürich. 東京 reported {BREAKOUT} & more."
            ),
        ),
        (
            "d2",
            "Officials said 12 people were rescued. 救援 teams 🌊 arrived. “We are safe,” Zoë Ångström said. </script><script>alert(2)</script>".to_string(),
        ),
        ("d3", "Short. It's 'quoted' & <b>bold</b>.".to_string()),
    ]
}

fn report(with_text: bool) -> Report {
    let texts = texts();
    let docs: Vec<DocumentEntry> = texts
        .iter()
        .map(|(id, text)| doc(id, &format!("Outlet {BREAKOUT}"), HOSTILE, Some(text)))
        .collect();
    let mut report = Report::default();
    let a = texts[0].0;
    let event = Event {
        id: format!("e1{HOSTILE}"),
        title: format!("Rescue {HOSTILE}"),
        title_from: DocumentId(a.into()),
        published: Some(storyline_core::PublishedSpan {
            first: format!("2024-03-12T06:00:00Z{HOSTILE}"),
            last: "2024-03-14T06:00:00Z".into(),
        }),
        documents: docs.iter().map(|d| d.id.clone()).collect(),
        membership: docs
            .iter()
            .map(|d| Membership {
                document: d.id.clone(),
                duplicate_of: None,
                // d3 joined alone, at the lower bar.
                score: if d.id.0 == "d3" { 0.35 } else { 0.9 },
                threshold: if d.id.0 == "d3" { 0.3 } else { 0.5 },
                shared_terms: vec![HOSTILE.into()],
                shared_names: vec![BREAKOUT.into()],
                days_from_event: Some(0.5),
                shared_passages: vec![],
            })
            .collect(),
        brief: vec![
            cited(&docs, a, "“Zoë Ångström” said the dam held."),
            cited(&docs, a, HOSTILE),
            CitedText {
                text: "Officials said 12 people were rescued.".into(),
                citations: vec![
                    cite(&docs, "d2", "Officials said 12 people were rescued."),
                    cite(&docs, a, "12 people 🚒 were rescued in Zürich."),
                ],
            },
            cited(&docs, "d2", "救援 teams 🌊 arrived."),
            cited(&docs, "d2", "</script><script>alert(2)</script>"),
            cited(&docs, "d3", "'quoted' & <b>bold</b>"),
        ],
        quotes: vec![Quote {
            text: "We are safe,".into(),
            speaker: Some("p1".into()),
            citations: vec![cite(&docs, "d2", "We are safe,")],
        }],
        quantities: vec![Quantity {
            text: "12 people".into(),
            value: 12.0,
            counted: Some(format!("people {BREAKOUT}")),
            citations: vec![cite(&docs, "d2", "12 people")],
        }],
        conflicts: vec![Conflict {
            kind: "count".into(),
            about: BREAKOUT.into(),
            values: vec![cited(&docs, a, BREAKOUT), cited(&docs, "d3", "Short.")],
        }],
        timeline: vec![],
    };
    report.stories.push(Story {
        id: "s1".into(),
        title: format!("Floods {HOSTILE}"),
        events: vec![event],
    });
    report.entities.push(Entity {
        id: "p1".into(),
        name: "Zoë Ångström".into(),
        kind: EntityKind::Person,
        aliases: vec![BREAKOUT.into(), "東京".into()],
        roles: vec![Role {
            title: format!("mayor {HOSTILE}"),
            citations: vec![cite(&docs, "d2", "Zoë Ångström")],
        }],
    });
    report
        .errors
        .push(InputError::new(format!("bad{HOSTILE}.json"), BREAKOUT));
    report.documents = docs;
    if !with_text {
        for d in &mut report.documents {
            d.text = None;
        }
    }
    report
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every citation of the report, in no particular order.
fn all_citations(report: &Report) -> Vec<Citation> {
    let mut out = Vec::new();
    for story in &report.stories {
        for event in &story.events {
            for c in &event.brief {
                out.extend(c.citations.iter().cloned());
            }
            for q in &event.quotes {
                out.extend(q.citations.iter().cloned());
            }
            for q in &event.quantities {
                out.extend(q.citations.iter().cloned());
            }
            for c in &event.conflicts {
                for v in &c.values {
                    out.extend(v.citations.iter().cloned());
                }
            }
        }
    }
    for e in &report.entities {
        for r in &e.roles {
            out.extend(r.citations.iter().cloned());
        }
    }
    out
}

/// The (label, marked text) of every snippet panel of the page, unescaped.
fn snippets(html: &str) -> Vec<(String, String)> {
    html.split("<div class=\"snip\"")
        .skip(1)
        .map(|panel| {
            let where_ = panel.split("<div class=\"where\">").nth(1).unwrap();
            let label = where_.split("</a>").next().unwrap();
            let label = label.rsplit('>').next().unwrap();
            let marked = panel
                .split("<mark>")
                .nth(1)
                .unwrap()
                .split("</mark>")
                .next()
                .unwrap();
            (unescape(label), unescape(marked))
        })
        .collect()
}

/// The page's tags: from each `<` to the next `>`.
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap())
        .collect()
}

#[test]
fn is_one_well_formed_self_contained_page() {
    for with_text in [true, false] {
        let html = render_html(&report(with_text));
        assert!(html.starts_with("<!doctype html>\n"));
        assert_eq!(html.matches("<html").count(), 1);
        assert_eq!(html.matches("</html>").count(), 1);
        assert_eq!(html.matches("<head>").count(), 1);
        assert_eq!(html.matches("<body>").count(), 1);
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("name=\"viewport\""));
        // Nothing is fetched: no src at all, no external link.
        // Every `<` of the page opens one of its own tags (report text has
        // none left): no tag has a src or an external href.
        for tag in tags(&html) {
            assert!(!tag.contains("src="), "{tag}");
            assert!(!tag.contains("href=\"http"), "{tag}");
            assert!(!tag.contains("href=\"//"), "{tag}");
            assert!(!tag.contains(" on"), "no event handler attribute: {tag}");
        }
        assert!(!html.contains("@import"));
        assert!(!html.contains("url("));
        assert!(!html.contains("<link"));
        // The page's own single script and style, nothing else.
        assert_eq!(html.matches("<script").count(), 1, "one script");
        assert_eq!(html.matches("</script").count(), 1);
        assert_eq!(html.matches("<style").count(), 1);
        assert_eq!(html.matches("<img").count(), 0);
        assert_eq!(html.matches("<b>").count(), 0);
    }
}

#[test]
fn report_text_is_escaped_everywhere() {
    let html = render_html(&report(true));
    assert!(html.contains(&escape(HOSTILE)));
    assert!(html.contains(&escape(BREAKOUT)));
    // Titles, outlets, ids, names, aliases, roles, error sources.
    assert!(html.contains(&format!("Rescue {}", escape(HOSTILE))));
    assert!(html.contains(&format!("Floods {}", escape(HOSTILE))));
    assert!(html.contains(&format!("Outlet {}", escape(BREAKOUT))));
    assert!(html.contains(&escape("a<b>\"1\"")));
    assert!(html.contains(&format!("mayor {}", escape(HOSTILE))));
    assert!(html.contains(&format!("bad{}.json", escape(HOSTILE))));
    assert!(html.contains(&escape("https://example.org/a\"b")));
    assert!(html.contains(&escape("'quoted' & <b>bold</b>")));
    // No raw markup from the report survives.
    assert!(!html.contains("onerror=alert(1)>"));
    assert!(!html.contains("alert(1)</script>"));
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("a<b>"));
    // Attributes carry only ids the renderer made up.
    for attr in html.split(" id=\"").skip(1) {
        let value = attr.split('"').next().unwrap();
        assert!(
            value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{value:?}"
        );
    }
}

#[test]
fn every_citation_shows_its_exact_span_in_context() {
    let report = report(true);
    let html = render_html(&report);
    let citations = all_citations(&report);
    let panels = snippets(&html);
    assert_eq!(panels.len(), citations.len());
    assert_eq!(html.matches("<mark>").count(), citations.len());
    assert_eq!(html.matches("<button").count(), citations.len());
    for (label, marked) in &panels {
        let (id, range) = label.rsplit_once(':').unwrap();
        let (start, end) = range.split_once('-').unwrap();
        let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
        let text = report
            .documents
            .iter()
            .find(|d| d.id.0 == id)
            .and_then(|d| d.text.as_deref())
            .unwrap();
        assert_eq!(marked, &text[start..end], "{label}");
    }
    // Each citation has its panel, in the page's order of buttons.
    for c in &citations {
        let label = format!("{}:{}-{}", c.document.0, c.start, c.end);
        assert!(panels.iter().any(|(l, _)| l == &label), "{label}");
    }
    // Context: the span in the middle of the 300-byte prefix of "é" is
    // cut on a character boundary with an ellipsis.
    assert!(html.contains("…éé"));
    assert!(html.contains("<mark>“Zoë Ångström” said the dam held.</mark>"));
    // The buttons point at their panels.
    for n in 1..=citations.len() {
        assert!(html.contains(&format!("aria-controls=\"c{n}\"")));
        assert!(html.contains(&format!("<div class=\"snip\" id=\"c{n}\" hidden>")));
    }
}

#[test]
fn without_texts_citations_are_plain_labels() {
    let report = report(false);
    let html = render_html(&report);
    assert!(!html.contains("<mark>"));
    assert!(!html.contains("<button"));
    for c in all_citations(&report) {
        let label = format!("{}:{}-{}", escape(&c.document.0), c.start, c.end);
        assert!(
            html.contains(&format!("<code class=\"cite\">{label}</code>")),
            "{label}"
        );
    }
}

#[test]
fn shows_the_same_content_as_markdown() {
    let report = report(true);
    let html = render_html(&report);
    for needle in [
        "<h4>Brief</h4>",
        "<h4>Where sources differ</h4>",
        "<h4>Quotes, the most widely carried first</h4>",
        "<h4>Numbers</h4>",
        "<h2>Actors</h2>",
        "<h2>Sources</h2>",
        "<h2>Errors</h2>",
        "3 sources, 1 outlet",
        "<span class=\"speaker\">Zoë Ångström</span>: <q>We are safe,</q>",
        "救援 teams 🌊 arrived.",
        "one-event probability 0.90 (threshold 0.50);",
        "one-event probability 0.35 (threshold 0.30, joined alone: its likeliest event)",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    // Sections come in the Markdown's order.
    let at = |s: &str| html.find(s).unwrap();
    assert!(at("<h4>Brief</h4>") < at("<h4>Where sources differ</h4>"));
    assert!(at("<h4>Where sources differ</h4>") < at("<h4>Quotes"));
    assert!(at("<h4>Quotes") < at("<h4>Numbers</h4>"));
    assert!(at("<h2>Actors</h2>") < at("<h2>Sources</h2>"));
    assert!(at("<h2>Sources</h2>") < at("<h2>Errors</h2>"));
}

#[test]
fn out_of_range_citations_are_reported_not_sliced() {
    let mut report = report(true);
    let len = report.documents[1].text.as_ref().unwrap().len();
    report.stories[0].events[0].brief.push(CitedText {
        text: "x".into(),
        citations: vec![
            Citation {
                document: DocumentId("d2".into()),
                start: len - 1,
                end: len + 5,
            },
            // Inside the multi-byte “: not a character boundary.
            Citation {
                document: DocumentId("d2".into()),
                start: len - 2,
                end: len - 2,
            },
            Citation {
                document: DocumentId("missing".into()),
                start: 0,
                end: 1,
            },
        ],
    });
    let text = report.documents[1].text.clone().unwrap();
    let inside = text
        .char_indices()
        .find(|(_, c)| c.len_utf8() > 1)
        .unwrap()
        .0
        + 1;
    report.stories[0].events[0].brief[6].citations[1] = Citation {
        document: DocumentId("d2".into()),
        start: inside,
        end: inside + 1,
    };
    let html = render_html(&report);
    assert_eq!(html.matches("are not a span of this document").count(), 2);
    assert!(html.contains("<code class=\"cite\">missing:0-1</code>"));
}

#[test]
fn empty_report_renders() {
    let html = render_html(&Report::default());
    assert!(html.contains("0 documents read, 0 inputs failed"));
    assert!(html.contains("<h2>Sources</h2>\n<p>None.</p>"));
    assert!(html.trim_end().ends_with("</html>"));
}
