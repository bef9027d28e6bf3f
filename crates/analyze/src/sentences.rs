//! Sentence boundaries, by rules over the tokens.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotation
//! marks and brackets right after it) when whitespace and a plausible
//! sentence start follow, and at a line break unless the next line goes on
//! in lower case (a hard-wrapped line). A period after an abbreviation only
//! ends the sentence when the next word is a common sentence opener ("in the
//! U.S. The ..."), never after a title ("Sen. Smith") or an initial ("J. D.
//! Vance"); a decimal point is inside a word and never seen. CJK full stops
//! end a sentence without any space after them.

use std::ops::Range;

use crate::lexicon::{ABBR_MAY_END, ABBR_NEVER_ENDS, CUE, STARTER};
use crate::tokens::Tok;

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

fn is_cjk_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

/// Marks that stay with the sentence they close: `."`, `?”`, `.)`.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '」' | '』' | '›' | '〞'
    )
}

/// Marks that can open the next sentence.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '‘'
            | '\''
            | '('
            | '['
            | '«'
            | '「'
            | '『'
            | '„'
            | '¿'
            | '¡'
            | '-'
            | '—'
            | '–'
            | '•'
            | '*'
    )
}

/// Sentences as ranges of token indices.
pub(crate) fn sentence_tokens(toks: &[Tok]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let n = toks.len();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let t = &toks[i];
        if !t.word && is_terminal(t.first) {
            let mut j = i;
            while j + 1 < n
                && !toks[j + 1].space_before
                && !toks[j + 1].word
                && (is_terminal(toks[j + 1].first) || is_closer(toks[j + 1].first))
            {
                j += 1;
            }
            if j + 1 >= n || ends_here(toks, i, j) {
                out.push(start..j + 1);
                start = j + 1;
            }
            i = j + 1;
            continue;
        }
        if i + 1 < n && line_break_ends(toks, i + 1) {
            out.push(start..i + 1);
            start = i + 1;
        }
        i += 1;
    }
    if start < n {
        out.push(start..n);
    }
    out
}

/// A line break before `toks[next]` ends the sentence unless the next line
/// goes on in lower case after a single break (a wrapped line).
fn line_break_ends(toks: &[Tok], next: usize) -> bool {
    let t = &toks[next];
    t.newlines_before >= 2 || (t.newlines_before == 1 && !t.is_lower())
}

/// Whether the terminal punctuation `toks[i]` (with closers up to `toks[j]`)
/// ends the sentence; `toks[j + 1]` exists.
fn ends_here(toks: &[Tok], i: usize, j: usize) -> bool {
    let term = toks[i].first;
    let next = &toks[j + 1];
    if is_cjk_terminal(term) {
        return true;
    }
    if !next.space_before {
        return false;
    }
    if next.newlines_before > 0 {
        return true;
    }
    if next.is_lower() {
        return false;
    }
    if !next.word && !is_opener(next.first) && !is_terminal(next.first) {
        // "$5", "%", "&": rare openers, but not lower case either.
        return !matches!(next.first, ',' | ';' | ':' | ')' | ']');
    }
    let starter = next.is(STARTER) || (!next.word && is_opener(next.first));
    if term == '.' {
        // An ellipsis written as periods continues unless a sentence opener
        // follows.
        let ellipsis = (i > 0 && toks[i - 1].is_punct('.') && !toks[i].space_before)
            || (j > i && toks[i + 1].is_punct('.'));
        if ellipsis {
            return starter;
        }
        if i > 0 && toks[i - 1].word && toks[i - 1].end == toks[i].start {
            let prev = &toks[i - 1];
            if prev.is(ABBR_NEVER_ENDS) && j == i {
                return false;
            }
            let single_letter = prev.end - prev.start == 1 && prev.first.is_alphabetic();
            // "U.S", "a.m", "D.C": a dotted abbreviation (a decimal starts
            // with a digit).
            let dotted = prev.dotted && prev.first.is_alphabetic() && prev.end - prev.start <= 8;
            if j == i && (single_letter || dotted || prev.is(ABBR_MAY_END)) {
                return starter && next.word;
            }
        }
        return true;
    }
    if term == '…' {
        return starter;
    }
    // "Why?" Smith asked. / "No!" said Smith.: a question or exclamation in
    // quotation marks followed by its attribution goes on.
    if j > i && matches!(toks[j].first, '"' | '”' | '’' | '\'') && attribution_follows(toks, j + 1)
    {
        return false;
    }
    true
}

/// Up to four capitalized words then a reporting verb, or the verb first.
fn attribution_follows(toks: &[Tok], k: usize) -> bool {
    for t in toks.iter().skip(k).take(5) {
        if t.is(CUE) {
            return true;
        }
        if !(t.is_cap() || t.is_punct('.')) {
            return false;
        }
    }
    false
}
