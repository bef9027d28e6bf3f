//! Bytes to text: UTF-8 when it is, else the charset the input declares or
//! the one it looks like, else lossy UTF-8. Whatever was not exact is
//! recorded as a defect, so the user knows which texts to distrust.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use storyline_core::{Defect, Span};

/// Decodes `bytes` to text. `declared` is a charset label the container
/// gave (an HTTP header, an HTML `<meta charset>`), if any.
///
/// Returns the text and the defects of the decoding:
/// - `charset` (no spans): the bytes were not UTF-8 and were decoded from
///   the charset named in the detail;
/// - `invalid-encoding` (spans of the U+FFFD characters put in place of
///   bytes that did not decode).
pub fn decode_bytes(bytes: &[u8], declared: Option<&str>) -> (String, Vec<Defect>) {
    // A byte-order mark is authoritative.
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if encoding == UTF_8 {
            return decode_utf8(body);
        }
        return decode_with(encoding, body);
    }
    // Before UTF-8: ASCII in UTF-16 is valid UTF-8, full of NULs.
    if let Some(encoding) = utf16_without_bom(bytes) {
        return decode_with(encoding, bytes);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), Vec::new());
    }
    // Mostly valid UTF-8 with a few bad bytes is damaged UTF-8, not another
    // charset: decoding it as Windows-1252 would garble every accent.
    let (valid_multibyte, invalid) = utf8_census(bytes);
    if valid_multibyte > invalid {
        return decode_utf8(bytes);
    }
    let declared = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .filter(|e| *e != UTF_8);
    let encoding = declared.unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Deny)
    });
    if encoding == UTF_8 {
        return decode_utf8(bytes);
    }
    decode_with(encoding, bytes)
}

/// Whether the input contains bytes no text file has: NUL bytes (outside
/// UTF-16) or a well-known binary signature. Returns what it looks like.
pub(crate) fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF file"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\x7fELF", "an executable"),
        (b"\x1f\x8b", "gzip data"),
        (b"\x28\xb5\x2f\xfd", "zstd data"),
    ];
    for (magic, what) in SIGNATURES {
        if bytes.starts_with(magic) {
            return Some(what);
        }
    }
    if Encoding::for_bom(bytes).is_some() || utf16_without_bom(bytes).is_some() {
        return None;
    }
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0).then_some("binary data (NUL bytes)")
}

fn decode_utf8(bytes: &[u8]) -> (String, Vec<Defect>) {
    let mut text = String::with_capacity(bytes.len());
    let mut spans = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            let at = text.len();
            text.push(char::REPLACEMENT_CHARACTER);
            spans.push(Span::new(at, text.len()));
        }
    }
    let defects = if spans.is_empty() {
        Vec::new()
    } else {
        let detail = format!(
            "{} invalid UTF-8 sequence(s) replaced with U+FFFD",
            spans.len()
        );
        vec![Defect::new("invalid-encoding", spans, detail)]
    };
    (text, defects)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> (String, Vec<Defect>) {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    let mut defects = Vec::new();
    if encoding != UTF_8 && encoding != UTF_16LE && encoding != UTF_16BE {
        defects.push(Defect::new(
            "charset",
            Vec::new(),
            format!("not UTF-8; decoded as {}", encoding.name()),
        ));
    }
    if had_errors {
        let spans: Vec<Span> = text
            .match_indices(char::REPLACEMENT_CHARACTER)
            .map(|(at, s)| Span::new(at, at + s.len()))
            .collect();
        let detail = format!(
            "{} byte sequence(s) not valid {}",
            spans.len(),
            encoding.name()
        );
        defects.push(Defect::new("invalid-encoding", spans, detail));
    }
    (text, defects)
}

/// UTF-16 without a byte-order mark: mostly-ASCII text where every other
/// byte is zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let zero_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if zero_odd * 10 >= pairs * 9 && zero_even * 10 < pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 9 && zero_odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Counts valid multi-byte UTF-8 characters and invalid sequences.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let mut valid = 0;
    let mut invalid = 0;
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    (valid, invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let (t, d) = decode_bytes("Amélie “said” 星野".as_bytes(), None);
        assert_eq!(t, "Amélie “said” 星野");
        assert!(d.is_empty());
    }

    #[test]
    fn bom_is_removed() {
        let (t, d) = decode_bytes(b"\xef\xbb\xbfHello", None);
        assert_eq!(t, "Hello");
        assert!(d.is_empty());
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Hé".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_bytes(&utf16, None).0, "Hé");
    }

    #[test]
    fn windows_1252_is_detected() {
        // "Café “déjà vu” – naïve" in Windows-1252.
        let bytes = b"Caf\xe9 \x93d\xe9j\xe0 vu\x94 \x96 na\xefve, and more words to go by here.";
        let (t, d) = decode_bytes(bytes, None);
        assert_eq!(t, "Café “déjà vu” – naïve, and more words to go by here.");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, "charset");
        assert!(d[0].detail.as_deref().unwrap().contains("windows-1252"));
    }

    #[test]
    fn declared_charset_wins_over_guessing() {
        let (t, _) = decode_bytes(b"\xc0\xe1\xe2", Some("windows-1251"));
        assert_eq!(t, "Абв");
    }

    #[test]
    fn damaged_utf8_is_decoded_lossily_with_spans() {
        let mut bytes = "Zoë said “yes”. ".as_bytes().to_vec();
        bytes.push(0xff);
        bytes.extend_from_slice(" Done.".as_bytes());
        let (t, d) = decode_bytes(&bytes, None);
        assert!(t.starts_with("Zoë said “yes”. \u{FFFD} Done."));
        assert_eq!(d[0].kind, "invalid-encoding");
        let span = d[0].spans[0];
        assert_eq!(&t[span.start..span.end], "\u{FFFD}");
    }

    #[test]
    fn binary_is_recognized() {
        assert_eq!(binary_kind(b"%PDF-1.7 ..."), Some("a PDF file"));
        assert!(binary_kind(b"abc\0def").is_some());
        assert!(binary_kind(b"plain text").is_none());
        let utf16: Vec<u8> = "Hello there, world"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(binary_kind(&utf16).is_none());
        assert_eq!(decode_bytes(&utf16, None).0, "Hello there, world");
    }
}
