//! Properties of normalization and its offset map, on text built from the
//! characters news text actually mixes: ASCII, curly quotes, dashes, Unicode
//! spaces, bullets, accents (composed and decomposed), Hangul jamo, CJK and
//! emoji.

use proptest::prelude::*;
use storyline_text::normalize;
use unicode_normalization::is_nfc;

fn news_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('A', 'Z'),
        1 => proptest::char::range('0', '9'),
        4 => Just(' '),
        1 => Just('\n'),
        1 => Just('\r'),
        1 => Just('\t'),
        1 => prop::sample::select(vec![
            '.', ',', '"', '\'', '-', '*', '`', '(', ')', ':', ';', '?', '!',
        ]),
        3 => prop::sample::select(vec![
            '“', '”', '‘', '’', '„', '«', '»', '–', '—', '−', '…', '•', '·', '▪',
            '\u{a0}', '\u{2009}', '\u{202f}', '\u{3000}', '\u{200b}', '\u{ad}', '\u{feff}',
            '\u{2028}', '\u{0}', '\u{1b}', '\u{387}',
        ]),
        2 => prop::sample::select(vec![
            'é', 'ü', 'ñ', 'Ł', 'ø', '\u{301}', '\u{308}', '\u{327}', '\u{323}',
            '\u{1100}', '\u{1161}', '\u{11a8}', '가', '北', '京', '星', '野', '工', '業',
            '😀', 'ß', 'Å', '\u{212b}', '\u{fb01}',
        ]),
    ]
}

fn news_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(news_char(), 0..80).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The normalized text has the promised shape.
    #[test]
    fn normalized_form(original in news_text()) {
        let n = normalize(&original);
        let t = n.text();
        prop_assert!(is_nfc(t), "not NFC: {t:?}");
        for bad in ['“', '”', '‘', '’', '–', '—', '…', '\u{a0}', '\t', '\r', '\u{200b}', '\u{ad}', '`'] {
            prop_assert!(!t.contains(bad), "{bad:?} left in {t:?}");
        }
        prop_assert!(!t.contains("  "), "double space in {t:?}");
        prop_assert!(!t.contains("\n\n\n"), "three line breaks in {t:?}");
        prop_assert!(!t.contains(" \n") && !t.contains("\n "), "space at a line edge in {t:?}");
        prop_assert_eq!(t.trim(), t);
    }

    /// Normalizing twice changes nothing.
    #[test]
    fn idempotent(original in news_text()) {
        let once = normalize(&original);
        let twice = normalize(once.text());
        prop_assert_eq!(once.text(), twice.text());
    }

    /// Every normalized span maps to a span of the original on character
    /// boundaries, in order, and the map is monotonic.
    #[test]
    fn map_is_monotonic_and_on_boundaries(original in news_text()) {
        let n = normalize(&original);
        let t = n.text();
        let bounds: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
        let mut last_start = 0;
        let mut last_end = 0;
        for &a in &bounds {
            let s = n.to_original_start(a);
            let e = n.to_original_end(a);
            prop_assert!(original.is_char_boundary(s) && original.is_char_boundary(e));
            prop_assert!(s <= original.len() && e <= original.len());
            prop_assert!(s >= last_start && e >= last_end, "not monotonic at {a}");
            last_start = s;
            last_end = e;
            for &b in bounds.iter().filter(|&&b| b >= a) {
                let r = n.to_original(a..b);
                prop_assert!(r.start <= r.end, "{a}..{b} maps to {r:?}");
                prop_assert!(original.get(r.clone()).is_some());
            }
        }
    }

    /// Each word of the normalized text maps to original bytes that
    /// normalize to exactly that word: citations found by matching point at
    /// the text that matched.
    #[test]
    fn words_round_trip(original in news_text()) {
        let n = normalize(&original);
        let t = n.text();
        let mut at = 0;
        for word in t.split([' ', '\n']) {
            if !word.is_empty() {
                let r = n.to_original(at..at + word.len());
                let back = normalize(&original[r.clone()]);
                prop_assert_eq!(back.text(), word, "word at {}..{} maps to {:?}", at, at + word.len(), r);
            }
            at += word.len() + 1;
        }
    }

    /// Text that needs no normalization maps one to one.
    #[test]
    fn clean_text_is_identity(words in proptest::collection::vec("[A-Za-z0-9.,]{1,8}", 1..20)) {
        let original = words.join(" ");
        let n = normalize(&original);
        prop_assert_eq!(n.text(), original.as_str());
        for i in 0..=original.len() {
            prop_assert_eq!(n.to_original_start(i), i);
            prop_assert_eq!(n.to_original_end(i), i);
        }
    }
}

/// Found by fuzzing: U+0387 composes to U+00B7, a bullet, so a line that
/// starts with it must lose it on the first pass for normalizing to be
/// idempotent.
#[test]
fn greek_ano_teleia_at_line_start() {
    for original in ["\u{387} x", "a\n\u{387} x"] {
        let once = normalize(original);
        assert_eq!(normalize(once.text()).text(), once.text(), "{original:?}");
    }
}

#[test]
fn seeds_like_text_maps_quotes_exactly() {
    let original = "Trump said the plan was “fine-tuned,” adding: ‘tremendous progress’.\n\n- “Every day, Russia kills our people,” he said.";
    let n = normalize(original);
    let t = n.text();
    assert!(t.contains("\"fine-tuned,\""));
    assert!(t.contains("'tremendous progress'"));
    assert!(t.contains("\n\n\"Every day"));
    let q = "\"Every day, Russia kills our people,\"";
    let at = t.find(q).unwrap();
    let r = n.to_original(at..at + q.len());
    assert_eq!(&original[r], "“Every day, Russia kills our people,”");
}
