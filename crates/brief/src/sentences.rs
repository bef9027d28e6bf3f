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

/// For each of `spans` (sentence spans of `text`, in order), whether it is
/// a piece of a quotation that runs over several sentences (it starts inside
/// an open double quotation or leaves one open), or a whole quotation by
/// itself. Such a sentence carries no speaker (that is in another
/// sentence), so on its own it would present someone's words as the
/// outlet's.
///
/// Curly quotes open (`“`, `«`, `„`, `「`) and close (`”`, `»`, `“` after an
/// opening `„`, `」`) by their shape; a straight `"` toggles. A single mark
/// (`‘`, `’`, `'`) is also the apostrophe, so it counts only by where it
/// stands: it opens at the start of a word that follows a space, a bracket,
/// a dash or a colon (`'Falcon Heavy to launch …`, the British papers' way),
/// and closes at the end of a word when a single quotation is open (`… on
/// ascent.'`); "don't", "the players' union" outside one are left alone. A
/// line break closes any quotation, because scraped text puts one paragraph
/// per line and a quotation that runs on reopens at the next paragraph.
pub fn quotation_pieces(text: &str, spans: &[Range<usize>]) -> Vec<bool> {
    // The mark that opened the quotation the text is in, if any.
    let advance = |open: &mut Option<char>, from: usize, to: usize| {
        let mut before = text.get(..from).and_then(|t| t.chars().next_back());
        let mut chars = text.get(from..to).unwrap_or("").chars().peekable();
        while let Some(c) = chars.next() {
            let after = chars.peek().copied();
            *open = match (c, *open) {
                ('\n' | '\r', _) => None,
                ('“', Some('„')) => None,
                ('“' | '«' | '„' | '「', _) => Some(c),
                ('”' | '»' | '」', _) => None,
                ('"', Some(_)) => None,
                ('"', None) => Some('"'),
                ('\'' | '‘', None) if opens_single(before, after) => Some('‘'),
                ('\'' | '’', Some('‘')) if closes_single(before, after) => None,
                (_, state) => state,
            };
            before = Some(c);
        }
    };
    // Whether a span ends with the mark that opens a quotation: scraped text
    // drops the space after a period ("place.\"My thinking …\" said Hughes"),
    // and a splitter may then end the sentence after the mark. The mark
    // belongs to the next sentence, which starts the quotation rather than
    // starting inside it.
    let ends_opening = |open: Option<char>, span: &Range<usize>| {
        let last = text
            .get(span.clone())
            .and_then(|t| t.trim_end().chars().last());
        open.is_some() && last == open
    };
    let mut open = None;
    let mut at = 0;
    let mut opened_at_end = false;
    spans
        .iter()
        .map(|span| {
            if span.start < at || span.end < span.start {
                // Out of order or reversed: judge the span on its own.
                let mut own = None;
                advance(&mut own, span.start, span.end.max(span.start));
                return own.is_some() && !ends_opening(own, span);
            }
            advance(&mut open, at, span.start);
            let inside = open.is_some() && !opened_at_end;
            advance(&mut open, span.start, span.end);
            at = span.end;
            opened_at_end = ends_opening(open, span);
            inside
                || (open.is_some() && !opened_at_end)
                || text.get(span.clone()).is_some_and(whole_quotation)
        })
        .collect()
}

/// A sentence that is one quotation and nothing else: `“I look forward to
/// meeting him soon.”` after `“…,” Trump said.` Its speaker is in another
/// sentence.
fn whole_quotation(sentence: &str) -> bool {
    let s = sentence.trim();
    let mut chars = s.chars();
    let (Some(first), Some(last)) = (chars.next(), chars.next_back()) else {
        return false;
    };
    let closes = match first {
        '“' => ['”', '”'],
        '„' => ['“', '”'],
        '«' => ['»', '»'],
        '「' => ['」', '」'],
        '"' => ['"', '"'],
        '‘' | '\'' => {
            // Closed at the end and at no word's end before it ("I'll" is
            // no close): `'The tears you see are tears of joy … players.'`
            let inner = chars.as_str();
            let closed_before = inner.char_indices().any(|(i, c)| {
                matches!(c, '’' | '\'')
                    && closes_single(
                        inner[..i].chars().next_back(),
                        inner[i + c.len_utf8()..].chars().next(),
                    )
                    && inner[i + c.len_utf8()..].starts_with(char::is_whitespace)
            });
            return matches!(last, '’' | '\'')
                && closes_single(inner.chars().next_back(), None)
                && !closed_before;
        }
        _ => return false,
    };
    // Closed at the end, and not before: "“A,” he said, “B.”" has a speaker.
    closes.contains(&last) && !chars.as_str().contains(|c| closes.contains(&c))
}

/// Whether a single quotation mark between `before` and `after` opens a
/// quotation: at a word's start, after a space, a bracket, a dash or a
/// colon, or at the start of the text. Not before a digit: "the '90s".
fn opens_single(before: Option<char>, after: Option<char>) -> bool {
    before.is_none_or(|b| {
        b.is_whitespace() || matches!(b, '(' | '[' | '—' | '–' | '-' | ':' | '"' | '“')
    }) && after.is_some_and(char::is_alphabetic)
}

/// Whether a single quotation mark between `before` and `after` can close
/// one: after a word or its punctuation, before a space, punctuation or the
/// end.
fn closes_single(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(|b| !b.is_whitespace()) && after.is_none_or(|a| !a.is_alphanumeric())
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

    fn pieces(t: &str) -> Vec<(&str, bool)> {
        let spans = split_sentences(t);
        let flags = quotation_pieces(t, &spans);
        spans.into_iter().map(|r| &t[r]).zip(flags).collect()
    }

    #[test]
    fn quotations_over_several_sentences_are_pieces() {
        let t = "The mayor spoke. “We are not alone. Help is coming. Leave now,” she said. Crews arrived.\n\
                 He said \"it held.\" The dam broke. \"It broke. Twice.\" «Nous restons.» 「大丈夫。」";
        assert_eq!(
            pieces(t),
            [
                ("The mayor spoke.", false),
                ("“We are not alone.", true),
                ("Help is coming.", true),
                ("Leave now,” she said.", true),
                ("Crews arrived.", false),
                ("He said \"it held.\"", false),
                ("The dam broke.", false),
                ("\"It broke.", true),
                ("Twice.\"", true),
                // A whole quotation by itself has no speaker either.
                ("«Nous restons.»", true),
                ("「大丈夫。」", true),
            ]
        );
        assert_eq!(
            pieces("“It held,” Trump said. “I look forward to meeting him.” “A,” he said, “b.”"),
            [
                ("“It held,” Trump said.", false),
                ("“I look forward to meeting him.”", true),
                ("“A,” he said, “b.”", false),
            ]
        );
        // An unclosed quotation ends with its paragraph.
        assert_eq!(
            pieces("“Run. Now.\nThe water rose."),
            [("“Run.", true), ("Now.", true), ("The water rose.", false)]
        );
        // „…“ (German) closes on the upper mark.
        let t = "Er sagte „Wir bleiben.“ Dann ging er.";
        let at = t.find(" Dann").unwrap();
        assert_eq!(
            quotation_pieces(t, &[0..at, at + 1..t.len()]),
            [false, false]
        );
        // A mark glued to the end of a sentence opens the next one's
        // quotation.
        let t = "They met.\"We agree,\" she said.Then they left.";
        let a = t.find("\"We").unwrap() + 1;
        let b = t.find("Then").unwrap();
        assert_eq!(
            quotation_pieces(t, &[0..a, a..b, b..t.len()]),
            [false, false, false]
        );
        // Single marks count where they stand: the British papers quote
        // with them, and the apostrophe is left alone.
        assert_eq!(
            pieces(
                "He tweeted: 'Falcon Heavy to launch next month. Will be in deep space if it doesn't blow up.' \
                 'Guaranteed to be exciting,' Musk posted. The players' union didn't object. \
                 'The tears you see are tears of joy. I'll miss the players.' ‘Sí, c’est fini.’ He left."
            ),
            [
                ("He tweeted: 'Falcon Heavy to launch next month.", true),
                ("Will be in deep space if it doesn't blow up.'", true),
                ("'Guaranteed to be exciting,' Musk posted.", false),
                ("The players' union didn't object.", false),
                ("'The tears you see are tears of joy.", true),
                ("I'll miss the players.'", true),
                ("‘Sí, c’est fini.’", true),
                ("He left.", false),
            ]
        );
        // Spans out of order are judged on their own.
        let t = "“One. Two.” Three.";
        assert_eq!(quotation_pieces(t, &[9..t.len(), 0..9]), [true, true]);
    }

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
