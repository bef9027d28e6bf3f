//! Word tokens of normalized text, hashed case-insensitively, and the
//! word n-grams (shingles) built from them.
//!
//! A token is a run of letters and digits; everything else separates
//! tokens. Han, Hiragana, Katakana and Hangul characters are one token
//! each, since those scripts do not put spaces between words. Offsets are
//! into the normalized text they came from.

use std::ops::Range;
use xxhash_rust::xxh3::xxh3_64;

/// A word of normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    /// A hash of the lower-cased word: equal words hash equal whatever
    /// their case.
    pub hash: u64,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The tokens of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut lower = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // Fast path: an ASCII word, lower-cased on a small buffer.
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i < bytes.len() && bytes[i] >= 0x80 {
                // A word that goes on in non-ASCII letters ("Zoë").
                i = start;
            } else {
                out.push(Token {
                    start: start as u32,
                    end: i as u32,
                    hash: hash_ascii_lower(&bytes[start..i]),
                });
                continue;
            }
        }
        if b < 0x80 && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        // A general word: letters and digits of any script.
        let start = i;
        lower.clear();
        for (k, c) in text[start..].char_indices() {
            if !c.is_alphanumeric() {
                break;
            }
            if is_unspaced_script(c) {
                if lower.is_empty() {
                    lower.push(c);
                    i = start + k + c.len_utf8();
                }
                break;
            }
            lower.extend(c.to_lowercase());
            i = start + k + c.len_utf8();
        }
        if lower.is_empty() {
            // Not a letter or digit: skip the character.
            i = start + text[start..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        out.push(Token {
            start: start as u32,
            end: i as u32,
            hash: xxh3_64(lower.as_bytes()),
        });
    }
    out
}

fn hash_ascii_lower(word: &[u8]) -> u64 {
    let mut buf = [0u8; 64];
    if word.len() <= buf.len() {
        for (d, s) in buf.iter_mut().zip(word) {
            *d = s.to_ascii_lowercase();
        }
        xxh3_64(&buf[..word.len()])
    } else {
        xxh3_64(&word.to_ascii_lowercase())
    }
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{20000}'..='\u{2FFFF}')
}

/// The hash of `n` consecutive token hashes starting at each position:
/// `shingle_hashes(t, n)[i]` covers tokens `i..i + n`. Empty when there are
/// fewer than `n` tokens.
pub fn shingle_hashes(token_hashes: &[u64], n: usize) -> Vec<u64> {
    if n == 0 || token_hashes.len() < n {
        return Vec::new();
    }
    token_hashes
        .windows(n)
        .map(|w| {
            w.iter().fold(0x9E37_79B9_7F4A_7C15u64, |h, &t| {
                (h.rotate_left(23) ^ t).wrapping_mul(0x2545_F491_4F6C_DD1D)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text).iter().map(|t| &text[t.range()]).collect()
    }

    #[test]
    fn splits_words_of_any_script() {
        assert_eq!(
            words("Zoë's 28-point plan, at 4:40 a.m."),
            ["Zoë", "s", "28", "point", "plan", "at", "4", "40", "a", "m"]
        );
        assert_eq!(
            words("Hoshino (星野工業) said"),
            ["Hoshino", "星", "野", "工", "業", "said"]
        );
        assert_eq!(words("Łukasz Dąbrowski"), ["Łukasz", "Dąbrowski"]);
        assert_eq!(words("  ...  "), Vec::<&str>::new());
    }

    #[test]
    fn hashes_ignore_case() {
        let a = tokens("TRUMP Zoë ÉTÉ");
        let b = tokens("trump ZOË été");
        let ha: Vec<u64> = a.iter().map(|t| t.hash).collect();
        let hb: Vec<u64> = b.iter().map(|t| t.hash).collect();
        assert_eq!(ha, hb);
    }

    #[test]
    fn shingles_cover_windows() {
        let h: Vec<u64> = tokens("a b c d").iter().map(|t| t.hash).collect();
        let s = shingle_hashes(&h, 3);
        assert_eq!(s.len(), 2);
        assert_ne!(s[0], s[1]);
        assert!(shingle_hashes(&h, 5).is_empty());
        let again: Vec<u64> = tokens("A B C").iter().map(|t| t.hash).collect();
        assert_eq!(shingle_hashes(&again, 3)[0], s[0]);
    }
}
