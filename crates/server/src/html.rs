//! HTML building blocks shared by the pages: escaping, URLs, the layout.

use std::fmt::Write;

/// Escapes text for an HTML element or a quoted attribute value (the
/// report's own escaping).
pub(crate) use storyline_present::escape_html as escape;

/// Percent-encodes one path segment or query value: everything but the
/// unreserved characters of RFC 3986. The result needs no HTML escaping.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `/events/{id}`.
pub(crate) fn event_href(id: &str) -> String {
    format!("/events/{}", encode(id))
}

/// `/documents/{id}`.
pub(crate) fn document_href(id: &str) -> String {
    format!("/documents/{}", encode(id))
}

/// The link of a citation: the document page with the span marked.
pub(crate) fn citation_href(document: &str, start: usize, end: usize) -> String {
    format!(
        "/documents/{}?start={start}&amp;end={end}#cited",
        encode(document)
    )
}

/// `"1 source"`, `"3 sources"`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// An RFC 3339 time as people read it: `2024-05-01 14:05 UTC`,
/// `2024-05-01 14:05 +02:00`, or a date alone; anything else as it is.
pub(crate) fn human_time(s: &str) -> String {
    let b = s.as_bytes();
    let is_date = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !is_date {
        return s.to_string();
    }
    if b.len() == 10 {
        return s.to_string();
    }
    if b.len() < 16 || !b[..16].is_ascii() || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':'
    {
        return s.to_string();
    }
    let date = &s[..10];
    let hm = &s[11..16];
    // The offset: after the seconds and fraction.
    let rest = &s[16..];
    let offset_at = rest.find(['Z', 'z', '+', '-']);
    let offset = match offset_at.map(|i| &rest[i..]) {
        Some("Z" | "z" | "+00:00" | "-00:00") => "UTC".to_string(),
        Some(o) => o.to_string(),
        None => String::new(),
    };
    if offset.is_empty() {
        format!("{date} {hm}")
    } else {
        format!("{date} {hm} {offset}")
    }
}

/// A `<time>` element: the machine-readable value in `datetime`, the human
/// one as its text.
pub(crate) fn time(s: &str) -> String {
    format!(
        "<time datetime=\"{}\">{}</time>",
        escape(s),
        escape(&human_time(s))
    )
}

/// Whether a URL may be a link target: only `http:` and `https:` (never
/// `javascript:` or `data:` from a document's metadata).
pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The search form of every page's header, filled with `q`.
pub(crate) fn search_form(q: &str) -> String {
    format!(
        "<form id=\"search\" action=\"/search\" method=\"get\" role=\"search\">\
         <input name=\"q\" type=\"search\" value=\"{}\" placeholder=\"Search articles\" \
         aria-label=\"Search articles\"> <button type=\"submit\">Search</button></form>",
        escape(q)
    )
}

/// A whole page: `title` (text, escaped here) and `body` (HTML).
pub(crate) fn page(title: &str, q: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + 1024);
    out.push_str(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
    );
    out.push_str(&escape(title));
    out.push_str(" · storyline</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header class=\"top\">\n<a class=\"home\" href=\"/\">storyline</a>\n");
    out.push_str(&search_form(q));
    out.push_str("\n</header>\n<main>\n");
    out.push_str(body);
    out.push_str("\n</main>\n</body>\n</html>\n");
    out
}

/// The style of every page: readable on a phone (375 px) and a desktop,
/// light and dark.
const STYLE: &str = r#"
:root{--fg:#1d1d1f;--muted:#5f6368;--bg:#fff;--panel:#f5f5f7;--line:#dadce0;--accent:#1a5fb4;--mark:#ffe58a;--warn:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--muted:#a0a4a8;--bg:#17181a;--panel:#222427;--line:#3a3d41;--accent:#8ab4f8;--mark:#6b5a00;--warn:#f2b8b5}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;overflow-wrap:anywhere}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;max-width:46rem;margin:0 auto;padding:.75rem 1rem;border-bottom:1px solid var(--line)}
.home{font-weight:700;font-size:1.1rem;text-decoration:none;color:var(--fg)}
#search{display:flex;gap:.4rem;flex:1 1 14rem;max-width:24rem}
#search input{flex:1;min-width:0;font:inherit;padding:.35rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
#search button{font:inherit;padding:.35rem .75rem;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--fg);cursor:pointer}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
ul,ol{padding-left:1.25rem}
li{margin:.35rem 0}
a{color:var(--accent)}
.meta,.sources,.documents,time,.kind,.empty,.evidence{color:var(--muted)}
.meta{font-size:.9rem}
#stories{list-style:none;padding:0}
.story{border-bottom:1px solid var(--line);padding:.25rem 0 .75rem}
.story-title{font-size:1.15rem;border:0;margin:.75rem 0 .25rem}
.events{padding-left:1rem}
.event{margin:.3rem 0}
.event-link{font-weight:600}
.sources,.documents,.event time{font-size:.85rem;white-space:nowrap}
.citations{font-size:.8rem;white-space:normal}
.citation{display:inline-block;font-size:.8rem;background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:0 .35em;margin:.1em .1em;text-decoration:none;max-width:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;vertical-align:baseline}
.citation:hover{background:var(--mark);color:var(--fg)}
.speaker{font-weight:600}
q{quotes:"“" "”" "‘" "’"}
.kind{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em}
.conflict ul{margin:.25rem 0}
details.evidence{font-size:.85rem}
details.evidence summary{cursor:pointer}
#text{white-space:pre-wrap;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:1rem 0}
mark{background:var(--mark);color:inherit;padding:0 .1em}
#cited{scroll-margin-top:30vh;outline:2px solid var(--mark)}
.notice{border-left:4px solid var(--warn);padding:.25rem .75rem;background:var(--panel)}
.pager{display:flex;justify-content:space-between;margin:1.5rem 0}
#results{padding-left:1.25rem}
.result{margin:.9rem 0}
.snippet{margin:.2rem 0}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(escape("Zoë “quoted” 東京"), "Zoë “quoted” 東京");
    }

    #[test]
    fn encodes_path_segments() {
        assert_eq!(encode("abc-1_2.3~"), "abc-1_2.3~");
        assert_eq!(encode("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(
            citation_href("d 1", 3, 9),
            "/documents/d%201?start=3&amp;end=9#cited"
        );
    }

    #[test]
    fn human_times() {
        assert_eq!(human_time("2024-05-01T14:05:00Z"), "2024-05-01 14:05 UTC");
        assert_eq!(
            human_time("2024-05-01T14:05:00+02:00"),
            "2024-05-01 14:05 +02:00"
        );
        assert_eq!(
            human_time("2024-05-01T14:05:00.25-05:00"),
            "2024-05-01 14:05 -05:00"
        );
        assert_eq!(human_time("2024-05-01"), "2024-05-01");
        assert_eq!(human_time("yesterday"), "yesterday");
        assert_eq!(human_time("2024-05-01T1"), "2024-05-01T1");
    }

    #[test]
    fn only_web_urls_are_links() {
        assert!(is_web_url("https://example.org/a"));
        assert!(is_web_url("HTTP://example.org"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("data:text/html,x"));
    }
}
