//! Words and punctuation with byte spans: the one pass over the text that
//! every rule works from.

use crate::lexicon;

/// A word (letters and digits, with inner apostrophes, hyphens and periods:
/// "don't", "U.S", "3.5") or a single punctuation character.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    /// The first character, to test case and punctuation without slicing.
    pub first: char,
    pub word: bool,
    /// A word with an inner period ("U.S", "a.m", "3.5").
    pub dotted: bool,
    /// [`lexicon`] flags of a word; 0 for punctuation.
    pub flags: u32,
    /// Whitespace separates this token from the previous one.
    pub space_before: bool,
    /// Line breaks between this token and the previous one (at most 2).
    pub newlines_before: u8,
}

impl Tok {
    pub fn is(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }

    /// Starts with an upper-case letter.
    pub fn is_cap(&self) -> bool {
        self.word && self.first.is_uppercase()
    }

    /// Starts with a lower-case letter.
    pub fn is_lower(&self) -> bool {
        self.word && self.first.is_lowercase()
    }

    pub fn is_punct(&self, c: char) -> bool {
        !self.word && self.first == c
    }
}

/// Characters that join two alphanumeric runs into one word.
/// A word without its possessive ending ("Year's" is "Year").
pub(crate) fn without_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '&' | '\u{2011}')
}

/// Letters, digits and combining marks (so that a decomposed "ñ" stays one
/// word).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    let mut chars = text.char_indices().peekable();
    let mut space_before = false;
    let mut newlines: u8 = 0;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            space_before = true;
            if c == '\n' {
                newlines = newlines.saturating_add(1).min(2);
            }
            continue;
        }
        let mut end = i + c.len_utf8();
        let word = is_word_char(c);
        let mut dotted = false;
        if word {
            loop {
                match chars.peek() {
                    Some(&(_, n)) if is_word_char(n) => {
                        end += n.len_utf8();
                        chars.next();
                    }
                    Some(&(j, n)) if is_joiner(n) => {
                        let after = j + n.len_utf8();
                        match text[after..].chars().next() {
                            Some(m) if is_word_char(m) => {
                                dotted |= n == '.';
                                chars.next();
                                chars.next();
                                end = after + m.len_utf8();
                            }
                            _ => break,
                        }
                    }
                    _ => break,
                }
            }
        }
        let flags = if word {
            lexicon::flags(&text[i..end])
        } else {
            0
        };
        toks.push(Tok {
            start: i,
            end,
            first: c,
            word,
            dotted,
            flags,
            space_before,
            newlines_before: newlines,
        });
        space_before = false;
        newlines = 0;
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn words_keep_inner_marks() {
        assert_eq!(
            words("U.S. don't 3.5 drone-and-missile ‘90s"),
            ["U.S", ".", "don't", "3.5", "drone-and-missile", "‘", "90s"]
        );
        assert_eq!(
            words("said:\"Yes,\""),
            ["said", ":", "\"", "Yes", ",", "\""]
        );
        assert_eq!(words("Peña señor 東京 🙂"), ["Peña", "señor", "東京", "🙂"]);
    }

    #[test]
    fn gaps_are_recorded() {
        let t = tokenize("a b\n\nc");
        assert!(!t[0].space_before && t[1].space_before);
        assert_eq!(t[2].newlines_before, 2);
    }
}
