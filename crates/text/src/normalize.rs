//! Normalization for matching, with a map back to the original bytes.
//!
//! Outlets write the same sentence with different quotes (`"` `“` `”`),
//! apostrophes (`'` `’`), dashes (`-` `–` `—`), spaces (non-breaking,
//! thin, ideographic), bullet markers and line breaks, and sometimes in
//! decomposed Unicode. Matching stages compare the *normalized* text; every
//! offset they find is mapped back with [`Normalized::to_original`] before it
//! is cited, so citations always index into the text the user supplied.
//!
//! What normalization does, in one pass over the original text:
//!
//! - Unicode NFC (composed characters);
//! - one form of quotes (`"`), apostrophes and single quotes (`'`), dashes
//!   (`-`) and ellipses (`...`); zero-width characters and soft hyphens are
//!   dropped;
//! - every run of horizontal white space (including non-breaking and other
//!   Unicode spaces) inside a line becomes one space; white space at the
//!   start and end of lines and of the document is dropped;
//! - line breaks (`\n`, `\r\n`, `\r`) become `\n`, and any run of blank
//!   lines becomes one empty line (`\n\n`), so paragraphs stay visible;
//! - a bullet marker (`-`, `*`, `•`, `–`, ...) followed by a space at the
//!   start of a line is dropped.
//!
//! Case is kept: case folding belongs to tokenization, where it is cheap.
//!
//! # The offset map
//!
//! The map is a sorted list of segments. Each segment pairs a range of the
//! normalized text with a range of the original; it is either *copied* (the
//! bytes are equal, so offsets inside map one to one) or *replaced* (the
//! normalized bytes stand for the whole original range, which may be longer,
//! shorter or empty). A start offset inside a replaced segment maps to the
//! segment's original start, an end offset to its original end, so a mapped
//! span always covers everything that produced the normalized span and
//! always lies on character boundaries of the original.

use std::ops::Range;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A normalized text and the map from its offsets back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    original_len: usize,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// Start in the normalized text.
    norm: usize,
    /// Start in the original text.
    orig: usize,
    copied: bool,
}

/// Normalizes `original` for matching (see the module documentation).
pub fn normalize(original: &str) -> Normalized {
    let mut b = Builder::new(original);
    let bytes = original.as_bytes();
    // The end of the previous line's content, if there was one; and whether
    // a blank line has been seen since.
    let mut prev_content_end: Option<usize> = None;
    let mut blank_since = false;
    let mut line_start = 0;
    while line_start <= bytes.len() {
        let newline = memchr_newline(bytes, line_start);
        let line_end = newline.unwrap_or(bytes.len());
        match line_content(original, line_start..line_end) {
            None => blank_since = true,
            Some(content) => {
                let separator = match prev_content_end {
                    None => "",
                    Some(_) if blank_since => "\n\n",
                    Some(_) => "\n",
                };
                let gap_start = prev_content_end.unwrap_or(0);
                b.emit(gap_start..content.start, separator);
                b.content(content.clone());
                prev_content_end = Some(content.end);
                blank_since = false;
            }
        }
        match newline {
            Some(nl) => line_start = nl + 1,
            None => break,
        }
    }
    // Trailing white space (or the whole text, when it has no content).
    b.emit(prev_content_end.unwrap_or(0)..bytes.len(), "");
    b.finish()
}

impl Normalized {
    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The length of the original text this was made from.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// Maps a normalized start offset to the original text.
    pub fn to_original_start(&self, n: usize) -> usize {
        if self.text.is_empty() {
            return 0;
        }
        if n >= self.text.len() {
            return self.to_original_end(self.text.len());
        }
        // The last segment starting at or before n. Deleted (empty) segments
        // starting at n come before the segment that holds n, so this skips
        // them.
        let i = self.segments.partition_point(|s| s.norm <= n) - 1;
        let s = self.segments[i];
        if s.copied {
            s.orig + (n - s.norm)
        } else {
            s.orig
        }
    }

    /// Maps a normalized end offset (exclusive) to the original text.
    pub fn to_original_end(&self, n: usize) -> usize {
        if n == 0 {
            return self.to_original_start(0).min(self.original_len);
        }
        let n = n.min(self.text.len());
        // The last segment starting before n: it holds byte n - 1.
        let i = self.segments.partition_point(|s| s.norm < n) - 1;
        let s = self.segments[i];
        if s.copied {
            s.orig + (n - s.norm)
        } else {
            self.segment_orig_end(i)
        }
    }

    /// Maps a half-open normalized range to the half-open original range
    /// that produced it.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        if range.start >= range.end {
            let p = self.to_original_start(range.start);
            return p..p;
        }
        self.to_original_start(range.start)..self.to_original_end(range.end)
    }

    fn segment_orig_end(&self, i: usize) -> usize {
        self.segments
            .get(i + 1)
            .map_or(self.original_len, |next| next.orig)
    }
}

struct Builder<'a> {
    original: &'a str,
    /// How far the original has been consumed.
    pos: usize,
    out: String,
    segments: Vec<Segment>,
}

impl<'a> Builder<'a> {
    fn new(original: &'a str) -> Self {
        Builder {
            original,
            pos: 0,
            out: String::with_capacity(original.len()),
            segments: Vec::new(),
        }
    }

    /// The original `range` (which must start where the last one ended)
    /// becomes `with` in the normalized text.
    fn emit(&mut self, range: Range<usize>, with: &str) {
        debug_assert_eq!(range.start, self.pos);
        if range.is_empty() && with.is_empty() {
            return;
        }
        if &self.original[range.clone()] == with {
            self.copy(range);
            return;
        }
        self.segments.push(Segment {
            norm: self.out.len(),
            orig: range.start,
            copied: false,
        });
        self.out.push_str(with);
        self.pos = range.end;
    }

    fn copy(&mut self, range: Range<usize>) {
        debug_assert_eq!(range.start, self.pos);
        if range.is_empty() {
            return;
        }
        let contiguous = self.segments.last().is_some_and(|s| s.copied);
        if !contiguous {
            self.segments.push(Segment {
                norm: self.out.len(),
                orig: range.start,
                copied: true,
            });
        }
        self.out.push_str(&self.original[range.clone()]);
        self.pos = range.end;
    }

    /// Normalizes the content of one line (already trimmed, bullet removed).
    fn content(&mut self, range: Range<usize>) {
        let text = self.original;
        let bytes = text.as_bytes();
        let end = range.end;
        let mut i = range.start;
        while i < end {
            // Fast path: plain ASCII, and single spaces between plain ASCII.
            let run_start = i;
            while i < end {
                let c = bytes[i];
                if is_plain_ascii(c) || (c == b' ' && i + 1 < end && is_plain_ascii(bytes[i + 1])) {
                    i += 1;
                } else {
                    break;
                }
            }
            if i == end {
                self.copy(run_start..i);
                break;
            }
            let c = bytes[i];
            if c >= 0x80 {
                let (chunk_end, has_dropped) = non_ascii_word_end(text, i, end);
                if chunk_end == i {
                    // A non-ASCII space.
                    self.copy(run_start..i);
                    i = self.space_or_drop(i, end);
                    continue;
                }
                let chunk = &text[i..chunk_end];
                if !has_dropped && is_nfc_quick(chunk.chars()) == IsNormalized::Yes {
                    self.copy(run_start..i);
                    self.fold_chars(i..chunk_end);
                } else {
                    // A combining mark can compose with the ASCII letter
                    // before it, so that letter joins the chunk; dropped
                    // characters go first so that they do not keep a mark
                    // from its letter.
                    let start = if i > run_start { i - 1 } else { i };
                    self.copy(run_start..start);
                    let kept = text[start..chunk_end]
                        .chars()
                        .filter(|&c| !matches!(fold(c), Fold::Drop));
                    let mut folded = String::with_capacity(chunk_end - start);
                    for ch in kept.nfc() {
                        match fold(ch) {
                            Fold::Keep => folded.push(ch),
                            Fold::To(s) => folded.push_str(s),
                            // Not in a chunk (see `non_ascii_word_end`).
                            Fold::Space | Fold::Drop => {}
                        }
                    }
                    self.emit(start..chunk_end, &folded);
                }
                i = chunk_end;
            } else {
                self.copy(run_start..i);
                i = self.space_or_drop(i, end);
            }
        }
    }

    /// Handles the character at `i`, which is white space, a character to
    /// drop, or an ASCII character that folds (a backtick, a control
    /// character). Returns where to go on.
    fn space_or_drop(&mut self, i: usize, end: usize) -> usize {
        let ch = self.original[i..].chars().next().expect("i < end");
        match fold(ch) {
            Fold::Space => {
                // The whole run of spaces (and dropped characters among them)
                // becomes one space. Content is trimmed, so text follows.
                let mut j = i;
                for (k, c) in self.original[i..end].char_indices() {
                    if matches!(fold(c), Fold::Space | Fold::Drop) {
                        j = i + k + c.len_utf8();
                    } else {
                        break;
                    }
                }
                self.emit(i..j, " ");
                j
            }
            Fold::Drop => {
                self.emit(i..i + ch.len_utf8(), "");
                i + ch.len_utf8()
            }
            Fold::To(s) => {
                self.emit(i..i + ch.len_utf8(), s);
                i + ch.len_utf8()
            }
            Fold::Keep => {
                self.copy(i..i + ch.len_utf8());
                i + ch.len_utf8()
            }
        }
    }

    /// Folds each character of an NFC chunk on its own.
    fn fold_chars(&mut self, range: Range<usize>) {
        let start = range.start;
        let mut copied_from = start;
        for (k, ch) in self.original[range.clone()].char_indices() {
            let at = start + k;
            match fold(ch) {
                Fold::Keep => {}
                Fold::To(s) => {
                    self.copy(copied_from..at);
                    self.emit(at..at + ch.len_utf8(), s);
                    copied_from = at + ch.len_utf8();
                }
                Fold::Drop | Fold::Space => {
                    self.copy(copied_from..at);
                    self.emit(at..at + ch.len_utf8(), "");
                    copied_from = at + ch.len_utf8();
                }
            }
        }
        self.copy(copied_from..range.end);
    }

    fn finish(self) -> Normalized {
        debug_assert_eq!(self.pos, self.original.len());
        let mut segments = self.segments;
        if segments.first().is_none_or(|s| s.norm != 0 || s.orig != 0) {
            // An empty text, or one whose map starts with a deletion: the
            // lookup needs a segment at 0. A zero-length copied segment at
            // (0, 0) is harmless: nothing maps into it but offset 0.
            segments.insert(
                0,
                Segment {
                    norm: 0,
                    orig: 0,
                    copied: true,
                },
            );
        }
        Normalized {
            text: self.out,
            original_len: self.original.len(),
            segments,
        }
    }
}

/// ASCII that normalization leaves alone: printable, not a space, not the
/// backtick (which folds to an apostrophe).
#[inline]
fn is_plain_ascii(c: u8) -> bool {
    (0x21..0x7f).contains(&c) && c != b'`'
}

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| p + from)
}

/// The end of a run of non-ASCII characters starting at `i` that are not
/// spaces: the unit within which NFC can compose. Also tells whether the run
/// holds characters that normalization drops.
fn non_ascii_word_end(text: &str, i: usize, end: usize) -> (usize, bool) {
    let mut j = i;
    let mut has_dropped = false;
    for (k, c) in text[i..end].char_indices() {
        match fold(c) {
            _ if c.is_ascii() => break,
            Fold::Space => break,
            Fold::Drop => has_dropped = true,
            Fold::Keep | Fold::To(_) => {}
        }
        j = i + k + c.len_utf8();
    }
    (j, has_dropped)
}

/// The content of a line: without leading and trailing white space and
/// without a leading bullet marker. `None` for a blank line.
fn line_content(text: &str, line: Range<usize>) -> Option<Range<usize>> {
    let s = &text[line.clone()];
    let is_blank = |c: char| matches!(fold(c), Fold::Space | Fold::Drop) || c == '\r';
    let lead = s.len() - s.trim_start_matches(is_blank).len();
    let trail = s.trim_end_matches(is_blank).len();
    if lead >= trail {
        return None;
    }
    let mut start = line.start + lead;
    let end = line.start + trail;
    // Bullet markers: a bullet character, white space, then text. Repeated
    // markers ("- - text") all go, so that normalizing is idempotent.
    loop {
        let rest = &text[start..end];
        let Some(first) = rest.chars().next() else {
            break;
        };
        let after_marker = &rest[first.len_utf8()..];
        let after = after_marker.trim_start_matches(is_blank);
        let gap = &after_marker[..after_marker.len() - after.len()];
        if !is_bullet(first)
            || !gap.chars().any(|c| matches!(fold(c), Fold::Space))
            || after.is_empty()
        {
            break;
        }
        start = end - after.len();
    }
    Some(start..end)
}

fn is_bullet(c: char) -> bool {
    // Anything that normalizes to a bullet counts, so that a line that
    // normalization turns into "- text" or "· text" loses its marker on the
    // first pass: characters that fold to a hyphen, and U+0387 GREEK ANO
    // TELEIA, whose NFC form is U+00B7 (the only such character in Unicode).
    matches!(fold(c), Fold::To("-"))
        || c == '\u{0387}'
        || matches!(
            c,
            '-' | '*'
                | '+'
                | '•'
                | '·'
                | '‣'
                | '◦'
                | '▪'
                | '▫'
                | '●'
                | '○'
                | '■'
                | '□'
                | '►'
                | '▸'
                | '➢'
                | '–'
                | '—'
                | '⁃'
        )
}

enum Fold {
    Keep,
    To(&'static str),
    Space,
    Drop,
}

/// The normalized form of one character.
fn fold(c: char) -> Fold {
    match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{FF02}' | '\u{301D}' | '\u{301E}' | '\u{301F}' => Fold::To("\""),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{2039}' | '\u{203A}' | '\u{FF07}' | '`' | '\u{00B4}' => Fold::To("'"),
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{2E3A}'
        | '\u{2E3B}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}' => Fold::To("-"),
        '\u{2026}' => Fold::To("..."),
        ' '
        | '\t'
        | '\r'
        | '\u{000B}'
        | '\u{000C}'
        | '\u{0085}'
        | '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Fold::Space,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Fold::Drop,
        // Other control characters (NUL, escape, ...) carry no text.
        c if c.is_control() && c != '\n' => Fold::Space,
        _ => Fold::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s).text().to_string()
    }

    #[test]
    fn folds_quotes_dashes_spaces() {
        assert_eq!(
            norm("Trump’s “tremendous progress” — at 10\u{a0}a.m.…"),
            "Trump's \"tremendous progress\" - at 10 a.m...."
        );
        assert_eq!(norm("a \t\u{2009} b"), "a b");
        assert_eq!(
            norm("zero\u{200B}width soft\u{AD}hyphen"),
            "zerowidth softhyphen"
        );
    }

    #[test]
    fn lines_paragraphs_and_bullets() {
        assert_eq!(
            norm("\n  First line.  \r\nSecond.\n\n\n \n- Third\n• Fourth\n"),
            "First line.\nSecond.\n\nThird\nFourth"
        );
        // A dash that is not followed by a space is text, not a bullet.
        assert_eq!(norm("-5 degrees"), "-5 degrees");
        // A bullet alone on a line is kept: it is all there is.
        assert_eq!(norm("-  "), "-");
    }

    #[test]
    fn composes_to_nfc() {
        assert_eq!(norm("Ame\u{301}lie"), "Amélie");
        assert_eq!(norm("e\u{301}"), "é");
        // Hangul jamo compose into a syllable.
        assert_eq!(norm("\u{1100}\u{1161}"), "\u{AC00}");
    }

    #[test]
    fn maps_back_to_original_bytes() {
        let original = "\n- He said “very solid”.\u{a0}\u{a0}Ame\u{301}lie";
        let n = normalize(original);
        assert_eq!(n.text(), "He said \"very solid\". Amélie");
        let t = n.text();
        let at = t.find("\"very").unwrap();
        let span = n.to_original(at..at + "\"very solid\"".len());
        assert_eq!(&original[span], "“very solid”");
        let at = t.find("Amélie").unwrap();
        let span = n.to_original(at..t.len());
        assert_eq!(&original[span], "Ame\u{301}lie");
        let span = n.to_original(0..2);
        assert_eq!(&original[span], "He");
        let whole = n.to_original(0..t.len());
        assert_eq!(&original[whole], original.trim_start_matches("\n- "));
    }

    #[test]
    fn empty_and_blank() {
        for s in ["", " ", "\n\n", "\u{200B}", "\u{feff}\r\n"] {
            let n = normalize(s);
            assert_eq!(n.text(), "");
            let r = n.to_original(0..0);
            assert!(r.start <= s.len() && s.is_char_boundary(r.start));
        }
    }
}
