//! Properties that hold on any input: no panic, every span inside the text
//! and on `char` boundaries, sentences in order and trimmed, quote content
//! inside its quotation marks; mentions in order and apart, and every span
//! of the whole analysis and of the entities on boundaries too.

use proptest::prelude::*;
use storyline_analyze::{DocMentions, QuoteKind, analyze, quotes, resolve, sentences};

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '„'
            | '‟'
            | '‚'
            | '‹'
            | '›'
            | '`'
            | '「'
            | '」'
            | '『'
            | '』'
            | '〝'
            | '〞'
    )
}

fn on_boundaries(text: &str, r: &std::ops::Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

fn check(text: &str) {
    let sents = sentences(text);
    let mut last = 0;
    for s in &sents {
        assert!(on_boundaries(text, s), "sentence {s:?} in {text:?}");
        assert!(
            s.start < s.end && s.start >= last,
            "sentence order {s:?} in {text:?}"
        );
        let t = &text[s.clone()];
        assert_eq!(t, t.trim(), "untrimmed sentence in {text:?}");
        last = s.end;
    }
    for q in quotes(text) {
        for r in [
            Some(&q.content),
            q.cue.as_ref(),
            q.speaker.as_ref(),
            q.speaker_name.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            assert!(on_boundaries(text, r), "span {r:?} of {q:?} in {text:?}");
            assert!(!r.is_empty(), "empty span in {q:?} in {text:?}");
        }
        if q.kind == QuoteKind::Indirect {
            continue;
        }
        // The marks are outside the content: an opening mark before it, a
        // closing one (or the end of the paragraph) after it.
        let before = text[..q.content.start].trim_end();
        assert!(
            before.ends_with(is_mark),
            "no opening mark before {q:?} in {text:?}"
        );
        let after = text[q.content.end..].trim_start_matches([' ', '\t', '\r', '\u{a0}']);
        assert!(
            after.is_empty()
                || after.starts_with(is_mark)
                || after.starts_with(char::is_whitespace),
            "no closing mark after {q:?} in {text:?}"
        );
        let content = &text[q.content.clone()];
        assert_eq!(content, content.trim(), "untrimmed content in {text:?}");
    }
    check_analysis(text);
}

/// Every span of `analyze()` and of the entities of the text.
fn check_analysis(text: &str) {
    let a = analyze(text, Some(1_764_158_400));
    assert_eq!(a.sentences, sentences(text));
    assert_eq!(a.quotes, quotes(text));
    let mut spans: Vec<&std::ops::Range<usize>> = Vec::new();
    let mut last = 0;
    for m in &a.mentions {
        assert!(
            m.span.start >= last,
            "mentions overlap in {text:?}: {:?}",
            a.mentions
        );
        last = m.span.end;
        spans.push(&m.span);
        spans.extend(m.role.as_ref().map(|r| &r.span));
    }
    for q in &a.quantities {
        spans.extend([&q.span, &q.value_span]);
        spans.extend(q.counted_span.as_ref());
        spans.extend(q.qualifier_span.as_ref());
        assert!(q.value.is_finite(), "{q:?} in {text:?}");
    }
    for d in &a.dates {
        spans.push(&d.span);
    }
    for o in &a.attributions {
        spans.extend([&o.outlet, &o.cue]);
    }
    for r in spans {
        assert!(on_boundaries(text, r), "span {r:?} in {text:?}: {a:?}");
        assert!(!r.is_empty(), "empty span {r:?} in {text:?}: {a:?}");
    }
    let docs = [
        DocMentions {
            text,
            mentions: &a.mentions,
            event: None,
        },
        DocMentions {
            text,
            mentions: &a.mentions,
            event: Some("e"),
        },
    ];
    let entities = resolve(&docs);
    let total: usize = entities.iter().map(|e| e.mentions.len()).sum();
    assert_eq!(total, 2 * a.mentions.len(), "every mention in one entity");
    for e in &entities {
        for c in e.roles.iter().flat_map(|r| &r.citations) {
            assert!(on_boundaries(text, &c.span));
        }
    }
}

/// Pieces of news-like text, so that quotes, cues and names actually meet.
fn news() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "\"",
        "“",
        "”",
        "‘",
        "’",
        "'",
        "''",
        "«",
        "»",
        "「",
        "」",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        ",",
        ".",
        ":",
        "?",
        "!",
        "—",
        "…",
        "-",
        "said",
        "says",
        "told",
        "according to",
        "he",
        "she",
        "who",
        "the president",
        "Mr.",
        "Sen.",
        "U.S.",
        "J.",
        "Dr.",
        "Ana Ruiz",
        "Tom Brandt",
        "Zoë Ålund",
        "東京",
        "🎉",
        "don't",
        "'90s",
        "voters'",
        "that",
        "We",
        "won",
        "it",
        "3.5",
        "the",
        "a",
        "plan",
        "Trump's",
        "in",
        "on Tuesday",
        "é",
        "\u{301}",
        "\r\n",
        "\t",
        "President",
        "Secretary of the Army",
        "U.S. Army Secretary",
        "Corp.",
        "Ministry of",
        "at least",
        "seven",
        "12",
        "$850,000",
        "28-point",
        "1.5 million",
        "twenty-five",
        "%",
        "Feb. 12",
        "Tuesday",
        "last week",
        "the summer of 2024",
        "the 100th day of",
        "6am",
        "10:30",
        "p.m.",
        "per the AP",
        "CNN reports",
        "told Reuters",
        "in a post on X",
        "according to reports from the Financial Times",
        "Grace Okafor",
        "Okafor",
        "Zelenskyy",
        "Zelensky",
        "São Paulo",
        "Łódź",
        "Kyiv",
        "0800",
        "2024",
        "ago",
        "of",
        "for",
        "@",
        "#",
    ]);
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn news_like_text(text in news()) {
        check(&text);
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn punctuation_heavy_strings(text in "[a-zA-Z \\n.,:;!?\"'“”‘’«»「」—–…()é東🎉0-9-]{0,200}") {
        check(&text);
    }
}
