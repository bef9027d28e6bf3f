//! The article formats: plain text, news-please JSON (one object, an array,
//! or one object per line) and HTML pages.

use std::io::{BufRead, Read};

use serde_json::{Map, Value};
use storyline_core::{Defect, Document, DocumentId, Format, InputError};

use crate::charset::{binary_kind, decode_bytes};
use crate::date::parse_published;
use crate::{MAX_RECORD_BYTES, Raw};

/// `.txt`: the whole file is the article text. No title is invented from
/// it.
pub(crate) fn decode_txt(raw: Raw) -> Result<Document, InputError> {
    let text = decode_article_bytes(&raw)?;
    let (text, defects) = text;
    let id = raw
        .fallback_id
        .map(DocumentId)
        .unwrap_or_else(|| DocumentId::from_content(&text));
    let mut doc = Document::new(id, raw.source, Format::Txt, text);
    doc.defects = defects;
    Ok(doc)
}

/// Decodes a single-article input's bytes, refusing binary and empty ones.
fn decode_article_bytes(raw: &Raw) -> Result<(String, Vec<Defect>), InputError> {
    if let Some(kind) = binary_kind(&raw.bytes) {
        return Err(InputError::new(
            &raw.source,
            format!("{kind}, not article text; skipped"),
        ));
    }
    let (text, defects) = decode_bytes(&raw.bytes, raw.charset.as_deref());
    if text.trim().is_empty() {
        let what = if raw.bytes.is_empty() {
            "empty file"
        } else {
            "only white space"
        };
        return Err(InputError::new(
            &raw.source,
            format!("{what}: no article text; skipped"),
        ));
    }
    Ok((text, defects))
}

/// A news-please JSON object: `title`, `text` or `maintext`, `description`,
/// `url`, `source_domain`, `date_publish`, `authors`, `language`, `id`.
/// `outlet` and `published` are read as `source_domain` and `date_publish`
/// when those are absent or null (the names storyline's own output uses). Other
/// fields are kept in [`Document::extra`].
pub(crate) fn decode_json(raw: Raw) -> Result<Document, InputError> {
    let value: Value = match serde_json::from_slice(strip_bom(&raw.bytes)) {
        Ok(v) => v,
        Err(e) => {
            let hint = if binary_kind(&raw.bytes).is_some() {
                " (binary data?)"
            } else {
                ""
            };
            return Err(InputError::new(
                &raw.source,
                format!("malformed JSON{hint}: {e}"),
            ));
        }
    };
    let Value::Object(mut fields) = value else {
        return Err(InputError::new(
            &raw.source,
            format!(
                "expected a JSON object (an article), found {}",
                json_kind(&value)
            ),
        ));
    };
    for (alias, field) in [("outlet", "source_domain"), ("published", "date_publish")] {
        if matches!(fields.get(field), None | Some(Value::Null))
            && matches!(fields.get(alias), Some(Value::String(_)))
            && let Some(v) = fields.remove(alias)
        {
            fields.insert(field.to_string(), v);
        }
    }
    let mut defects = Vec::new();
    // Metadata is trimmed; the article text is kept verbatim (`trim` is
    // false) so that offsets into it are offsets into the record's field.
    let mut take_field =
        |fields: &mut Map<String, Value>, key: &str, trim: bool| -> Option<String> {
            match fields.remove(key)? {
                Value::String(s) => {
                    let t = s.trim();
                    // Exporters write Python's None as a string.
                    if t.is_empty() || t == "None" || t == "null" {
                        None
                    } else if trim {
                        Some(t.to_string())
                    } else {
                        Some(s)
                    }
                }
                Value::Null => None,
                other => {
                    defects.push(Defect::new(
                        "ignored-field",
                        Vec::new(),
                        format!("`{key}` is {}, not a string; ignored", json_kind(&other)),
                    ));
                    fields.insert(key.to_string(), other);
                    None
                }
            }
        };
    let id = match fields.remove("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Null) | None => None,
        Some(other) => {
            fields.insert("id".to_string(), other);
            None
        }
    };
    // news-please wrote `text` in older versions and `maintext` in newer
    // ones; prefer whichever is present and non-empty.
    let text = take_field(&mut fields, "text", false);
    let maintext = take_field(&mut fields, "maintext", false);
    let text = match (text, maintext) {
        (Some(t), other) => {
            if let Some(m) = other {
                fields.insert("maintext".to_string(), Value::String(m));
            }
            t
        }
        (None, Some(m)) => m,
        (None, None) => {
            return Err(InputError::new(
                &raw.source,
                "no article text: fields `text` and `maintext` are missing or empty; skipped",
            ));
        }
    };
    let title = take_field(&mut fields, "title", true);
    let description = take_field(&mut fields, "description", true);
    let url = take_field(&mut fields, "url", true);
    let outlet = take_field(&mut fields, "source_domain", true);
    let language = take_field(&mut fields, "language", true);
    let date = take_field(&mut fields, "date_publish", true);
    let authors = match fields.remove("authors") {
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
        Some(Value::Null) | None => Vec::new(),
        Some(other) => {
            fields.insert("authors".to_string(), other);
            Vec::new()
        }
    };
    let published = date.as_deref().and_then(parse_published);
    if let (Some(d), None) = (&date, &published) {
        defects.push(Defect::new(
            "unparsed-date",
            Vec::new(),
            format!("`date_publish` {d:?} is not a date storyline reads"),
        ));
        fields.insert("date_publish".to_string(), Value::String(d.clone()));
    }
    let id = id
        .or(raw.fallback_id)
        .map(DocumentId)
        .unwrap_or_else(|| DocumentId::from_content(&text));
    let mut doc = Document::new(id, raw.source, raw.format, text);
    doc.title = title;
    doc.description = description;
    doc.url = url;
    doc.outlet = outlet;
    doc.language = language;
    doc.published = published;
    doc.authors = authors;
    doc.extra = fields;
    doc.defects = defects;
    note_site_title(&mut doc);
    Ok(doc)
}

/// JSON with a UTF-8 byte-order mark (as some Windows tools write it) is
/// still JSON.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The records of a `.json` input: one article object, or an array of
/// them (then each element is a record `path#N`).
pub(crate) fn json_file_records(raw: Raw) -> Vec<Result<Raw, InputError>> {
    let first = strip_bom(&raw.bytes)
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace());
    if first != Some(b'[') {
        return vec![Ok(raw)];
    }
    let items: Vec<Value> = match serde_json::from_slice(strip_bom(&raw.bytes)) {
        Ok(items) => items,
        Err(e) => {
            return vec![Err(InputError::new(
                raw.source,
                format!("malformed JSON: {e}"),
            ))];
        }
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            Ok(Raw {
                source: format!("{}#{}", raw.source, i + 1),
                format: Format::Json,
                bytes: serde_json::to_vec(&item).expect("a Value serializes"),
                fallback_id: None,
                url: None,
                fetched: None,
                charset: None,
            })
        })
        .collect()
}

/// JSON lines: one article object per line, streamed. Blank lines are
/// skipped; `path#N` names line N. Input that turns out to be one JSON
/// document over several lines (a pretty-printed object or an array, as
/// standard input may bring) is read as a `.json` file instead.
pub(crate) struct JsonLines {
    source: String,
    reader: Box<dyn BufRead + Send>,
    line_no: usize,
    pending: std::vec::IntoIter<Result<Raw, InputError>>,
    done: bool,
}

impl JsonLines {
    pub(crate) fn new(source: String, reader: Box<dyn BufRead + Send>) -> Self {
        JsonLines {
            source,
            reader,
            line_no: 0,
            pending: Vec::new().into_iter(),
            done: false,
        }
    }

    /// Reads the next line, at most [`MAX_RECORD_BYTES`] long. Returns
    /// `Ok(None)` at the end, `Err` for an I/O error, and an empty vector
    /// plus `true` for a line that was too long (and was skipped).
    fn next_line(&mut self) -> std::io::Result<Option<(Vec<u8>, bool)>> {
        let mut line = Vec::new();
        let mut too_long = false;
        let mut read_any = false;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(read_any.then_some((line, too_long)));
            }
            read_any = true;
            let (chunk, found) = match memchr::memchr(b'\n', buf) {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            if !too_long {
                if line.len() + chunk.len() > MAX_RECORD_BYTES {
                    too_long = true;
                    line = Vec::new();
                } else {
                    line.extend_from_slice(chunk);
                }
            }
            let consumed = found.unwrap_or(buf.len());
            self.reader.consume(consumed);
            if found.is_some() {
                return Ok(Some((line, too_long)));
            }
        }
    }
}

impl Iterator for JsonLines {
    type Item = Result<Raw, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(item) = self.pending.next() {
            return Some(item);
        }
        while !self.done {
            let (line, too_long) = match self.next_line() {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    let at = format!("{}#{}", self.source, self.line_no + 1);
                    return Some(Err(InputError::new(at, crate::io_message(&e))));
                }
            };
            self.line_no += 1;
            let at = format!("{}#{}", self.source, self.line_no);
            if too_long {
                let msg = format!("line longer than {} MiB; skipped", MAX_RECORD_BYTES >> 20);
                return Some(Err(InputError::new(at, msg)));
            }
            let trimmed = line.trim_ascii();
            if trimmed.is_empty() {
                continue;
            }
            if self.line_no == 1
                && let Some(records) = self.whole_document(&line)
            {
                self.pending = records.into_iter();
                return self.pending.next();
            }
            if self.line_no == 1 && binary_kind(&line).is_some() {
                self.done = true;
                return Some(Err(InputError::new(
                    &self.source,
                    "binary data, not JSON lines; skipped",
                )));
            }
            return Some(Ok(Raw {
                source: at,
                format: Format::Jsonl,
                bytes: line,
                fallback_id: None,
                url: None,
                fetched: None,
                charset: None,
            }));
        }
        None
    }
}

impl JsonLines {
    /// When the first line is not a complete JSON value but its start, the
    /// input is one JSON document over many lines: read it whole.
    fn whole_document(&mut self, first: &[u8]) -> Option<Vec<Result<Raw, InputError>>> {
        let first = strip_bom(first);
        let starts_array = first.trim_ascii_start().starts_with(b"[");
        match serde_json::from_slice::<serde::de::IgnoredAny>(first) {
            // A whole array on one line (`jq -c` output): its elements are
            // the records.
            Ok(_) if starts_array => {
                self.done = true;
                let raw = Raw {
                    source: self.source.clone(),
                    format: Format::Json,
                    bytes: first.to_vec(),
                    fallback_id: None,
                    url: None,
                    fetched: None,
                    charset: None,
                };
                return Some(json_file_records(raw));
            }
            Err(err) if err.is_eof() => {}
            _ => return None,
        }
        self.done = true;
        let mut bytes = first.to_vec();
        bytes.push(b'\n');
        let limit = (MAX_RECORD_BYTES - bytes.len().min(MAX_RECORD_BYTES)) as u64 + 1;
        let mut rest = Vec::new();
        if let Err(e) = Read::read_to_end(&mut Read::take(&mut self.reader, limit), &mut rest) {
            return Some(vec![Err(InputError::new(
                &self.source,
                crate::io_message(&e),
            ))]);
        }
        bytes.extend_from_slice(&rest);
        if bytes.len() > MAX_RECORD_BYTES {
            let msg = format!(
                "JSON document larger than {} MiB; skipped",
                MAX_RECORD_BYTES >> 20
            );
            return Some(vec![Err(InputError::new(&self.source, msg))]);
        }
        let raw = Raw {
            source: self.source.clone(),
            format: Format::Json,
            bytes,
            fallback_id: None,
            url: None,
            fetched: None,
            charset: None,
        };
        Some(json_file_records(raw))
    }
}

/// An HTML page (a file, or a WARC response body): the main content is the
/// article text; title, byline, published time, site name and language
/// come from the page's metadata.
pub(crate) fn decode_html(raw: Raw) -> Result<Document, InputError> {
    if let Some(kind) = binary_kind(&raw.bytes) {
        return Err(InputError::new(
            &raw.source,
            format!("{kind}, not an HTML page; skipped"),
        ));
    }
    let declared = raw.charset.clone().or_else(|| meta_charset(&raw.bytes));
    let (html, mut defects) = decode_bytes(&raw.bytes, declared.as_deref());
    // The extractor is third-party code: a panic in it must cost one
    // page, not the run.
    let extracted = std::panic::catch_unwind(|| extract_html(&html, raw.url.as_deref()));
    let page = match extracted {
        Ok(Ok(page)) => page,
        Ok(Err(message)) => return Err(InputError::new(&raw.source, message)),
        Err(_) => {
            return Err(InputError::new(
                &raw.source,
                "the HTML extractor failed on this page (internal error); skipped",
            ));
        }
    };
    if page.text.trim().is_empty() {
        return Err(InputError::new(
            &raw.source,
            "no article text found in the HTML page; skipped",
        ));
    }
    // Spans in decoding defects point into the page, not the extracted
    // text: keep the defect, drop its spans.
    for d in &mut defects {
        d.spans.clear();
    }
    let id = raw
        .fallback_id
        .map(DocumentId)
        .unwrap_or_else(|| DocumentId::from_content(&page.text));
    let mut doc = Document::new(id, raw.source, raw.format, page.text);
    doc.title = page.title;
    doc.description = page.description;
    // The crawl's URL is where the page was fetched; the page's own
    // canonical URL is the better name for the article when there is no
    // crawl record.
    doc.url = raw.url.or(page.url);
    doc.outlet = page
        .site_name
        .or_else(|| doc.url.as_deref().and_then(url_host));
    doc.language = page.language;
    doc.authors = page.byline.into_iter().collect();
    doc.published = page.published.as_deref().and_then(parse_published);
    if doc.published.is_none()
        && let Some(fetched) = raw.fetched
    {
        // A crawl record's date is when the page was fetched: a bound on
        // publication, better than nothing, and marked as such.
        doc.published = parse_published(&fetched);
        doc.extra.insert(
            "published_from".to_string(),
            Value::String("fetch-date".to_string()),
        );
    }
    doc.defects = defects;
    note_site_title(&mut doc);
    Ok(doc)
}

/// Marks a title that names the site rather than the article (see
/// `headline.rs`).
fn note_site_title(doc: &mut Document) {
    if let (Some(title), Some(url)) = (&doc.title, &doc.url)
        && let Some(defect) = crate::headline::site_title_defect(title, url)
    {
        doc.defects.push(defect);
    }
}

struct Page {
    text: String,
    title: Option<String>,
    description: Option<String>,
    byline: Option<String>,
    published: Option<String>,
    site_name: Option<String>,
    language: Option<String>,
    url: Option<String>,
}

fn extract_html(html: &str, url: Option<&str>) -> Result<Page, String> {
    use dom_smoothie::{Config, Readability, TextMode};
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Default::default()
    };
    let mut readability =
        Readability::new(html, url, Some(config)).map_err(|e| format!("cannot parse HTML: {e}"))?;
    // Read before `parse`, which strips the page down to its article.
    let first_attr = |selector: &str, attr: &str| {
        let selection = readability.doc.select(selector);
        let value = selection.attr(attr)?.trim().to_string();
        (!value.is_empty()).then_some(value)
    };
    let canonical_url = first_attr("link[rel=canonical]", "href")
        .or_else(|| first_attr("meta[property='og:url']", "content"))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let time_published = first_attr("[itemprop=datePublished]", "datetime")
        .or_else(|| first_attr("[itemprop=datePublished]", "content"))
        .or_else(|| first_attr("article time[datetime]", "datetime"));
    let article = readability
        .parse()
        .map_err(|e| format!("no article content found in the HTML page ({e}); skipped"))?;
    let clean = |s: Option<String>| {
        s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    Ok(Page {
        text: tidy_extracted_text(&article.text_content),
        title: clean(Some(article.title)),
        description: clean(article.excerpt),
        byline: clean(article.byline),
        published: clean(article.published_time).or(time_published),
        url: canonical_url,
        site_name: clean(article.site_name),
        language: clean(article.lang),
    })
}

/// The extractor's formatted text, with paragraphs separated by one empty
/// line and lines trimmed: the text citations will index into, so it
/// should read like a plain-text article.
fn tidy_extracted_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = false;
    }
    out
}

/// The charset an HTML page declares in its first 1024 bytes
/// (`<meta charset=...>` or `content="text/html; charset=..."`).
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head: Vec<u8> = bytes
        .iter()
        .take(1024)
        .map(u8::to_ascii_lowercase)
        .collect();
    let at = head.windows(8).position(|w| w == b"charset=")? + 8;
    let value: String = head[at..]
        .iter()
        .map(|&b| b as char)
        .skip_while(|c| *c == '"' || *c == '\'')
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!value.is_empty()).then_some(value)
}

pub(crate) fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(format: Format, bytes: &[u8]) -> Raw {
        Raw {
            source: "t".into(),
            format,
            bytes: bytes.to_vec(),
            fallback_id: Some("stem".into()),
            url: None,
            fetched: None,
            charset: None,
        }
    }

    #[test]
    fn outlet_and_published_name_source_domain_and_date_publish() {
        let raw = Raw {
            source: "a.json".into(),
            format: Format::Json,
            bytes: r#"{"text":"Körper.","outlet":"Łódź Daily","published":"2024-03-12T09:30:00Z","source_domain":null}"#
                .as_bytes()
                .to_vec(),
            fallback_id: None,
            url: None,
            fetched: None,
            charset: None,
        };
        let doc = decode_json(raw).unwrap();
        assert_eq!(doc.outlet.as_deref(), Some("Łódź Daily"));
        assert!(
            doc.published
                .as_deref()
                .unwrap()
                .starts_with("2024-03-12T09:30:00")
        );
        assert!(doc.extra.get("outlet").is_none());
        // The news-please names win when both are there.
        let raw = Raw {
            source: "b.json".into(),
            format: Format::Json,
            bytes: br#"{"text":"x","outlet":"alias","source_domain":"named"}"#.to_vec(),
            fallback_id: None,
            url: None,
            fetched: None,
            charset: None,
        };
        let doc = decode_json(raw).unwrap();
        assert_eq!(doc.outlet.as_deref(), Some("named"));
        assert_eq!(
            doc.extra.get("outlet").and_then(|v| v.as_str()),
            Some("alias")
        );
    }

    #[test]
    fn json_fields_and_unknown_fields() {
        let doc = decode_json(raw(
            Format::Json,
            br#"{"title":" T ","maintext":"Body.","date_publish":"2024-03-12 09:30:00","authors":["A B"],"source_domain":"x.org","section":"World","date_modify":"None"}"#,
        ))
        .unwrap();
        assert_eq!(doc.id.as_str(), "stem");
        assert_eq!(doc.text, "Body.");
        assert_eq!(doc.title.as_deref(), Some("T"));
        assert_eq!(doc.published.as_deref(), Some("2024-03-12T09:30:00Z"));
        assert_eq!(doc.outlet.as_deref(), Some("x.org"));
        assert_eq!(doc.authors, ["A B"]);
        assert_eq!(doc.extra["section"], "World");
        assert!(doc.extra.contains_key("date_modify"));
        assert!(doc.defects.is_empty());
    }

    #[test]
    fn a_title_naming_the_site_is_kept_and_marked() {
        let doc = decode_json(raw(
            Format::Json,
            "{\"title\":\"Calder Wire\",\"text\":\"Read more at Calder Wire.\",\"url\":\"https://calderwire.example/news/2031/ferry-sinks-off-säo-coast-81234/\"}".as_bytes(),
        ))
        .unwrap();
        assert_eq!(doc.title.as_deref(), Some("Calder Wire"));
        assert_eq!(doc.defects.len(), 1, "{:?}", doc.defects);
        assert_eq!(doc.defects[0].kind, crate::SITE_TITLE);
        // "säo" is not an ASCII word: the slug keeps the rest.
        assert_eq!(
            crate::headline(&doc).as_deref(),
            Some("ferry sinks off coast")
        );
    }

    #[test]
    fn json_id_field_wins_and_bad_types_are_defects() {
        let doc = decode_json(raw(
            Format::Jsonl,
            br#"{"id": 42, "text": "x", "title": 7}"#,
        ))
        .unwrap();
        assert_eq!(doc.id.as_str(), "42");
        assert_eq!(doc.defects[0].kind, "ignored-field");
        assert_eq!(doc.extra["title"], 7);
    }

    #[test]
    fn json_errors_name_the_problem() {
        let e = decode_json(raw(Format::Json, br#"{"title": "only"}"#)).unwrap_err();
        assert!(e.message.contains("no article text"), "{e}");
        let e = decode_json(raw(Format::Json, br#"{"text": "x""#)).unwrap_err();
        assert!(e.message.contains("malformed JSON"), "{e}");
        let e = decode_json(raw(Format::Json, b"[1,2]")).unwrap_err();
        assert!(e.message.contains("expected a JSON object"), "{e}");
    }

    /// Found by fuzzing: inputs the readers rejected but should read.
    #[test]
    fn byte_order_marks_and_one_line_arrays() {
        let docs = |format, bytes: &[u8]| -> Vec<String> {
            crate::fuzzing::read_bytes(format, bytes)
                .into_iter()
                .map(|r| r.map(|d| d.text).unwrap_or_else(|e| format!("error: {e}")))
                .collect()
        };
        assert_eq!(
            docs(Some(Format::Json), b"\xef\xbb\xbf{\"text\": \"A.\"}"),
            ["A."]
        );
        assert_eq!(
            docs(
                Some(Format::Jsonl),
                b"\xef\xbb\xbf{\"text\": \"A.\"}\n{\"text\": \"B.\"}\n"
            ),
            ["A.", "B."]
        );
        assert_eq!(
            docs(
                Some(Format::Jsonl),
                b"[{\"text\": \"A.\"}, {\"text\": \"B.\"}]\n"
            ),
            ["A.", "B."]
        );
        assert_eq!(
            docs(None, b"[{\"text\": \"A.\"}, {\"text\": \"B.\"}]"),
            ["A.", "B."]
        );
        let warc = b"\xef\xbb\xbfWARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 35\r\n\r\n<html><body><p>Hi</p></body></html>";
        assert_eq!(docs(Some(Format::Warc), warc), ["Hi"]);
        assert_eq!(docs(None, warc), ["Hi"]);
    }

    #[test]
    fn tidies_extracted_text() {
        assert_eq!(tidy_extracted_text("\n  A  \n\n\n B\nC \n"), "A\n\nB\nC");
    }

    #[test]
    fn charsets_and_hosts() {
        assert_eq!(
            meta_charset(br#"<meta charset="ISO-8859-1">"#).as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            meta_charset(
                br#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">"#
            )
            .as_deref(),
            Some("windows-1252")
        );
        assert_eq!(
            url_host("https://user@News.Example.com:8080/a?b").as_deref(),
            Some("news.example.com")
        );
        assert_eq!(url_host("not a url"), None);
    }
}
