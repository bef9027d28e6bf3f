//! The contracts the fuzz targets check, shared by every target.
//!
//! Readers (`storyline_read::fuzzing::read_bytes`): no bytes make them
//! panic; every document's defect spans are half-open byte ranges into its
//! `text` on character boundaries; every error names its source and says
//! what went wrong.
//!
//! Normalization (`storyline_text::normalize`): every character boundary of
//! the normalized text maps to a character boundary of the original, the
//! map is monotonic, mapped spans are ordered and in range, and normalizing
//! twice changes nothing.
//!
//! A violation panics, which libFuzzer reports as a crash.

#![forbid(unsafe_code)]

use storyline_core::Format;
use storyline_read::fuzzing::{contract_violation, read_bytes};
use storyline_text::normalize;

/// Reads `bytes` as `format` (`None`: standard input, format sniffed) and
/// checks every result.
pub fn check_read(format: Option<Format>, bytes: &[u8]) {
    for result in read_bytes(format, bytes) {
        if let Some(violation) = contract_violation(&result) {
            panic!("{violation}");
        }
    }
}

/// Normalizes `original` and checks the offset map and idempotence.
pub fn check_normalize(original: &str) {
    let n = normalize(original);
    let text = n.text();
    assert_eq!(n.original_len(), original.len());
    let in_original = |at: usize, what: &str| {
        assert!(
            original.is_char_boundary(at),
            "{what} maps to {at}, not a char boundary of the {}-byte original",
            original.len()
        );
    };
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let (mut last_start, mut last_end) = (0, 0);
    for (k, &a) in bounds.iter().enumerate() {
        let start = n.to_original_start(a);
        let end = n.to_original_end(a);
        in_original(start, &format!("start {a}"));
        in_original(end, &format!("end {a}"));
        assert!(
            start >= last_start && end >= last_end,
            "map not monotonic at normalized offset {a}: start {last_start} -> {start}, end {last_end} -> {end}"
        );
        (last_start, last_end) = (start, end);
        // Spans from `a` to a few boundaries after it, and to the end.
        let ends = bounds[k..].iter().copied().take(5);
        for b in ends.chain(std::iter::once(text.len())) {
            let r = n.to_original(a..b);
            assert!(r.start <= r.end, "{a}..{b} maps to reversed {r:?}");
            assert!(
                original.get(r.clone()).is_some(),
                "{a}..{b} maps to {r:?}, not a char-boundary range of the {}-byte original",
                original.len()
            );
        }
    }
    let whole = n.to_original(0..text.len());
    assert!(
        original.get(whole.clone()).is_some(),
        "whole text maps to {whole:?}"
    );

    let twice = normalize(text);
    assert_eq!(twice.text(), text, "normalizing twice changed the text");
}
