//! Quotation marks paired into quoted spans.
//!
//! Double marks (`"`, `“ ”`, `''`, `« »`, `「 」`) are paired first, one
//! paragraph (line) at a time: curly marks by their shape, straight ones by
//! alternation, each checked against its neighbours (an opening mark has
//! text after it, a closing one text before it). A quotation left open at
//! the end of a paragraph goes on when the next paragraph opens with a
//! quotation mark (the news convention for quotes over several paragraphs);
//! otherwise it ends with its paragraph. Single marks (`‘ ’`, `'`) are then
//! paired outside double-quoted text only, so that quotes nested in quotes
//! are left to their outer quote; apostrophes inside words ("don't"),
//! elisions ("'90s", "'em") and plural possessives ("voters' choice") are
//! told apart from closing marks by their neighbours.

use std::ops::Range;

/// A quotation found by its marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Quoted {
    /// The opening mark.
    pub open: Range<usize>,
    /// The closing mark; `None` when the quotation ends with its paragraph
    /// without one.
    pub close: Option<Range<usize>>,
    /// The text inside the marks, without surrounding whitespace.
    pub content: Range<usize>,
    /// Double quotation marks (single ones otherwise).
    pub double: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    Either,
}

#[derive(Clone, Copy, Debug)]
struct Mark {
    start: usize,
    end: usize,
    double: bool,
    dir: Dir,
    /// Text follows and the mark could open a quotation.
    left: bool,
    /// Text precedes and the mark could close a quotation.
    right: bool,
    /// Single mark that is part of a word or an elision: never a quote.
    apostrophe: bool,
    /// `s'` before a word: a plural possessive as likely as a closing mark.
    possessive: bool,
    /// Preceded by whitespace, the line start or an opening bracket or dash.
    after_space: bool,
}

/// Non-blank lines, trimmed: news paragraphs.
pub(crate) fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        let trimmed_start = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let s = start + trimmed_start;
            out.push(s..s + trimmed.len());
        }
        start = end + 1;
    }
    out
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

fn is_punct(c: Option<char>) -> bool {
    c.is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace())
}

fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Elisions that start with an apostrophe: "'90s", "'em", "'til", "'n'".
fn is_elision(rest: &str) -> bool {
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .take(6)
        .collect();
    if word.is_empty() {
        return false;
    }
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    if digits == 2 && (word.len() == 2 || word[2..].eq_ignore_ascii_case("s")) {
        return true;
    }
    matches!(
        word.to_ascii_lowercase().as_str(),
        "em" | "til" | "cause" | "n" | "tis" | "twas" | "bout" | "nuff" | "ol" | "round" | "sup"
    )
}

fn marks_in(text: &str, para: &Range<usize>) -> Vec<Mark> {
    let s = &text[para.clone()];
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let (double, dir, len) = match c {
            '"' => (true, Dir::Either, 1),
            '“' | '„' | '«' | '「' | '『' | '〝' | '‟' => (true, Dir::Open, c.len_utf8()),
            '”' | '»' | '」' | '』' | '〞' => (true, Dir::Close, c.len_utf8()),
            // `'''` closes a nested single quote, then the double one.
            '\'' if s[i + 1..].starts_with("''") => (false, Dir::Either, 1),
            '\'' if s[i + 1..].starts_with('\'') => (true, Dir::Either, 2),
            '`' if s[i + 1..].starts_with('`') => (true, Dir::Open, 2),
            '\'' => (false, Dir::Either, 1),
            '‘' | '‚' | '‹' | '`' => (false, Dir::Open, c.len_utf8()),
            '’' | '›' => (false, Dir::Close, c.len_utf8()),
            _ => {
                prev = Some(c);
                continue;
            }
        };
        if len == 2 {
            it.next();
        }
        let next = s[i + len..].chars().next();
        let left = !is_space(next) && (!is_punct(next) || is_space(prev) || is_punct(prev));
        let right = !is_space(prev) && (!is_punct(prev) || is_space(next) || is_punct(next));
        let apostrophe = !double
            && ((is_alnum(prev) && is_alnum(next))
                || (!is_alnum(prev) && dir != Dir::Close && is_elision(&s[i + len..])));
        let possessive = !double && matches!(prev, Some('s' | 'S')) && {
            let rest = &s[i + len..];
            let trimmed = rest.trim_start();
            trimmed.len() < rest.len() && trimmed.chars().next().is_some_and(char::is_alphanumeric)
        };
        let after_space = is_space(prev)
            || matches!(
                prev,
                Some('(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '"' | ':' | '«')
            );
        out.push(Mark {
            start: para.start + i,
            end: para.start + i + len,
            double,
            dir,
            left,
            right,
            apostrophe,
            possessive,
            after_space,
        });
        prev = s[..i + len].chars().next_back();
    }
    out
}

fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    r.start + lead..r.start + lead + t.len()
}

fn push(
    text: &str,
    out: &mut Vec<Quoted>,
    open: Range<usize>,
    close: Option<Range<usize>>,
    end: usize,
    double: bool,
) {
    let content = trimmed(text, open.end..end);
    if text[content.clone()].chars().any(char::is_alphanumeric) {
        out.push(Quoted {
            open,
            close,
            content,
            double,
        });
    }
}

/// All quotations in `text`, in order of their opening marks.
pub(crate) fn quoted(text: &str) -> Vec<Quoted> {
    let paras = paragraphs(text);
    let mut out = Vec::new();
    // A double quotation still open, carried over paragraph ends.
    let mut open: Option<Range<usize>> = None;
    let mut skip_mark_at: Option<usize> = None;
    let mut next_marks = None;
    for (pi, para) in paras.iter().enumerate() {
        let marks = next_marks.take().unwrap_or_else(|| marks_in(text, para));
        // Byte ranges of this paragraph inside double quotation marks.
        let mut inside: Vec<Range<usize>> = Vec::new();
        let mut region_start = open.as_ref().map(|_| para.start);
        for m in marks.iter().filter(|m| m.double) {
            if skip_mark_at == Some(m.start) {
                skip_mark_at = None;
                continue;
            }
            let close_it = match (&open, m.dir) {
                (None, _) => false,
                (Some(_), Dir::Close) => true,
                (Some(_), Dir::Either) => true,
                (Some(_), Dir::Open) => m.right && !m.left,
            };
            if close_it {
                let o = open.take().expect("open");
                push(text, &mut out, o, Some(m.start..m.end), m.start, true);
                if let Some(rs) = region_start.take() {
                    inside.push(rs..m.end);
                }
                continue;
            }
            let opens = match m.dir {
                Dir::Open => m.left || !m.right,
                Dir::Close => m.left && !m.right,
                Dir::Either => m.left,
            };
            if opens {
                // An opening mark while one is open: the earlier one was
                // never closed; it is dropped rather than guessed.
                open = Some(m.start..m.end);
                region_start = Some(m.start);
            }
        }
        if let Some(o) = open.clone() {
            let next = paras.get(pi + 1);
            let next_marks_v = next.map(|p| marks_in(text, p));
            let continues = match (next, &next_marks_v) {
                (Some(p), Some(ms)) => ms.first().is_some_and(|m| {
                    m.start == p.start && m.double && m.dir != Dir::Close && m.left
                }),
                _ => false,
            };
            if continues {
                skip_mark_at = next.map(|p| p.start);
            } else {
                open = None;
                push(text, &mut out, o, None, para.end, true);
            }
            if let Some(rs) = region_start.take() {
                inside.push(rs..para.end);
            }
            next_marks = next_marks_v;
        }
        pair_singles(text, &marks, &inside, &mut out);
    }
    out.sort_by_key(|q| q.open.start);
    out
}

fn pair_singles(text: &str, marks: &[Mark], inside: &[Range<usize>], out: &mut Vec<Quoted>) {
    let outside = |m: &&Mark| !inside.iter().any(|r| r.start <= m.start && m.start < r.end);
    let singles: Vec<&Mark> = marks
        .iter()
        .filter(|m| !m.double && !m.apostrophe)
        .filter(outside)
        .collect();
    let is_opener = |m: &Mark| match m.dir {
        Dir::Open => m.left || !m.right,
        Dir::Either => m.left && m.after_space,
        Dir::Close => false,
    };
    let is_closer = |m: &Mark| m.dir != Dir::Open && m.right;
    let openers: Vec<usize> = (0..singles.len())
        .filter(|&k| is_opener(singles[k]))
        .collect();
    for (n, &k) in openers.iter().enumerate() {
        let limit = openers.get(n + 1).copied().unwrap_or(singles.len());
        let candidates = || singles[k + 1..limit].iter().filter(|m| is_closer(m));
        let close = candidates()
            .find(|m| !m.possessive)
            .or_else(|| candidates().next());
        if let Some(c) = close {
            let o = singles[k];
            push(
                text,
                out,
                o.start..o.end,
                Some(c.start..c.end),
                c.start,
                false,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(text: &str) -> Vec<&str> {
        quoted(text).into_iter().map(|q| &text[q.content]).collect()
    }

    #[test]
    fn straight_and_curly_doubles() {
        assert_eq!(
            contents("\"We won,\" she said. He called it “a start.”"),
            ["We won,", "a start."]
        );
        assert_eq!(contents("''Not so,'' he said."), ["Not so,"]);
        assert_eq!(
            contents("''I said, 'No way,''' he recalled."),
            ["I said, 'No way,'"]
        );
    }

    #[test]
    fn singles_skip_apostrophes() {
        assert_eq!(
            contents("Officials saw ‘real gains’ in the ’90s, but don't say 'done' yet."),
            ["real gains", "done"]
        );
        assert_eq!(
            contents("She claimed ‘great progress’ has been made on voters’ rights."),
            ["great progress"]
        );
        assert!(contents("The voters' choice and the players' union.").is_empty());
    }

    #[test]
    fn nested_singles_belong_to_the_outer_quote() {
        assert_eq!(
            contents("\"He said 'no' twice,\" she recalled."),
            ["He said 'no' twice,"]
        );
    }

    #[test]
    fn paragraphs_continue_with_an_opening_mark() {
        let text = "\"First part of it.\n\n\"Second part,\" she said.\nNext.";
        let q = quoted(text);
        assert_eq!(q.len(), 1);
        assert_eq!(
            &text[q[0].content.clone()],
            "First part of it.\n\n\"Second part,"
        );
        let unclosed = "He said: \"No way out\nThen he left.";
        let q = quoted(unclosed);
        assert_eq!(q.len(), 1);
        assert!(q[0].close.is_none());
        assert_eq!(&unclosed[q[0].content.clone()], "No way out");
    }
}
