//! Properties that hold on any input: no panic, every span inside the text
//! and on `char` boundaries, sentences in order and trimmed, quote content
//! inside its quotation marks.

use proptest::prelude::*;
use storyline_analyze::{QuoteKind, quotes, sentences};

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
