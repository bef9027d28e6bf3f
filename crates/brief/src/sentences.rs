//! A small rule-based sentence splitter, so that the brief can be used and
//! tested without the analyze stage (which owns the full splitter).

use std::ops::Range;

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "st",
    "jr", "sr", "vs", "no", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft",
];

/// Sentence spans of `text`: byte ranges, trimmed of white space and of a
/// leading bullet marker, never empty. A line break always ends a sentence
/// (scraped articles put one paragraph or bullet per line); `.`, `!`, `?`
/// end one when followed by white space and not after an abbreviation or
/// before a lower-case word; `。！？` always end one.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c == '\n' || c == '\r' {
            push(text, start..pos, &mut out);
            start = pos + c.len_utf8();
            i += 1;
            continue;
        }
        if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '」' | '』'
                )
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
            let ends = if matches!(c, '。' | '！' | '？') {
                true
            } else {
                let next_ws = chars.get(j).is_none_or(|&(_, n)| n.is_whitespace());
                next_ws
                    && !(c == '.' && is_abbreviation(&text[start..pos]))
                    && !next_is_lower(&chars[j..])
            };
            if ends {
                push(text, start..end, &mut out);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push(text, start..text.len(), &mut out);
    out
}

/// Whether the word just before a period is an abbreviation ("U.S",
/// "Mr", a middle initial).
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    if word.contains('.') {
        return true;
    }
    let mut cs = word.chars();
    if let (Some(c), None) = (cs.next(), cs.next()) {
        return c.is_uppercase();
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

fn next_is_lower(rest: &[(usize, char)]) -> bool {
    rest.iter()
        .map(|&(_, c)| c)
        .find(|c| !c.is_whitespace())
        .is_some_and(char::is_lowercase)
}

fn push(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let mut start = range.start + lead;
    // A bullet marker is layout, not part of the sentence.
    for marker in ["- ", "* ", "• ", "– ", "— "] {
        if text[start..range.end].starts_with(marker) {
            start += marker.len();
            break;
        }
    }
    let inner = &text[start..range.end];
    let inner = inner.trim();
    if inner.is_empty() {
        return;
    }
    let start = start + (text[start..range.end].len() - text[start..range.end].trim_start().len());
    out.push(start..start + inner.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        split_sentences(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn abbreviations_and_quotes() {
        let t = "U.S. President Ana Ruiz said “it is done.” Mr. Tan left. She met J. Doe at 5 p.m. on Monday.\n- A bullet line here";
        assert_eq!(
            split(t),
            [
                "U.S. President Ana Ruiz said “it is done.”",
                "Mr. Tan left.",
                "She met J. Doe at 5 p.m. on Monday.",
                "A bullet line here"
            ]
        );
    }

    #[test]
    fn cjk() {
        assert_eq!(
            split("東京で会議が開かれた。合意はまだない。"),
            ["東京で会議が開かれた。", "合意はまだない。"]
        );
    }
}
