//! WARC crawl files (`.warc`, `.warc.gz`, plain or multi-member gzip):
//! each HTML response (or resource) record is an article. Records are
//! streamed one at a time; the file is never held in memory.
//!
//! The reader is deliberately lenient where crawlers differ (header name
//! case, blank lines between records, a missing final CRLF pair) and
//! strict where the data would be wrong (a record cut short ends the file
//! with an error naming the record).

use std::io::{BufRead, Read};

use flate2::read::{MultiGzDecoder, ZlibDecoder};
use storyline_core::{Format, InputError};

use crate::{MAX_RECORD_BYTES, Raw};

/// The longest header block storyline accepts, WARC or HTTP.
const MAX_HEADER_BYTES: usize = 1 << 20;

pub(crate) struct WarcRecords {
    source: String,
    reader: Box<dyn BufRead + Send>,
    /// Records read so far (the next one is `count + 1`).
    count: usize,
    done: bool,
}

impl WarcRecords {
    pub(crate) fn new(source: String, reader: Box<dyn BufRead + Send>) -> Self {
        WarcRecords {
            source,
            reader,
            count: 0,
            done: false,
        }
    }

    fn record_name(&self) -> String {
        format!("{}#{}", self.source, self.count)
    }

    /// Reads the next record. `Ok(None)` at a clean end of file.
    fn read_record(&mut self) -> Result<Option<Record>, String> {
        let mut headers = Vec::new();
        // Blank lines between records are tolerated.
        let version = loop {
            let mut line = Vec::new();
            let n = read_line_limited(&mut self.reader, &mut line, MAX_HEADER_BYTES)
                .map_err(|e| crate::io_message(&e))?;
            if n == 0 {
                return Ok(None);
            }
            // A byte-order mark before the first record is an editor's, not
            // the format's.
            let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&line);
            let trimmed = line.trim_ascii();
            if !trimmed.is_empty() {
                break trimmed.to_vec();
            }
        };
        self.count += 1;
        if !version.starts_with(b"WARC/") {
            return Err(format!(
                "not a WARC record (expected a `WARC/` version line, found {:?})",
                preview(&version)
            ));
        }
        let mut header_bytes = 0;
        loop {
            let mut line = Vec::new();
            let n = read_line_limited(&mut self.reader, &mut line, MAX_HEADER_BYTES)
                .map_err(|e| crate::io_message(&e))?;
            if n == 0 {
                return Err("truncated record: the file ends inside its header".to_string());
            }
            header_bytes += n;
            if header_bytes > MAX_HEADER_BYTES {
                return Err("record header longer than 1 MiB".to_string());
            }
            let line = line.trim_ascii_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = split_header(line) {
                headers.push((name, value));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let length: u64 = header("Content-Length")
            .and_then(|v| v.parse().ok())
            .ok_or("record has no valid Content-Length")?;
        let record = Record {
            kind: header("WARC-Type").unwrap_or_default().to_ascii_lowercase(),
            id: header("WARC-Record-ID"),
            url: header("WARC-Target-URI"),
            date: header("WARC-Date"),
            content_type: header("Content-Type")
                .unwrap_or_default()
                .to_ascii_lowercase(),
            block: if length > MAX_RECORD_BYTES as u64 {
                None
            } else {
                Some(Vec::with_capacity(length as usize))
            },
        };
        let mut record = record;
        let read = match &mut record.block {
            Some(block) => (&mut self.reader).take(length).read_to_end(block),
            None => std::io::copy(&mut (&mut self.reader).take(length), &mut std::io::sink())
                .map(|n| n as usize),
        }
        .map_err(|e| crate::io_message(&e))?;
        if (read as u64) < length {
            return Err(format!(
                "truncated record: {read} of {length} content bytes before the end of the file"
            ));
        }
        // The block is followed by CRLF CRLF; lenient about how many.
        loop {
            let buf = self.reader.fill_buf().map_err(|e| crate::io_message(&e))?;
            match buf.first() {
                Some(b'\r') | Some(b'\n') => self.reader.consume(1),
                _ => break,
            }
        }
        Ok(Some(record))
    }
}

struct Record {
    kind: String,
    id: Option<String>,
    url: Option<String>,
    date: Option<String>,
    content_type: String,
    /// `None` when the block was too large and was skipped.
    block: Option<Vec<u8>>,
}

impl Iterator for WarcRecords {
    type Item = Result<Raw, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let record = match self.read_record() {
                Ok(Some(record)) => record,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(message) => {
                    // Framing is lost: nothing after this can be trusted.
                    self.done = true;
                    return Some(Err(InputError::new(self.record_name(), message)));
                }
            };
            match self.article(record) {
                Ok(Some(raw)) => return Some(Ok(raw)),
                Ok(None) => continue,
                Err(message) => return Some(Err(InputError::new(self.record_name(), message))),
            }
        }
        None
    }
}

impl WarcRecords {
    /// The article in a record, if it holds one: HTML responses with a 2xx
    /// status, and HTML resource records. Other records (requests,
    /// metadata, images, redirects) are not articles and are passed over.
    fn article(&self, record: Record) -> Result<Option<Raw>, String> {
        let (body, content_type) = match record.kind.as_str() {
            "response" if record.content_type.starts_with("application/http") => {
                let Some(block) = record.block else {
                    return Err(too_large());
                };
                match parse_http_response(&block)? {
                    Some(response) => response,
                    None => return Ok(None),
                }
            }
            "response" | "resource" if is_html_type(&record.content_type) => {
                let Some(block) = record.block else {
                    return Err(too_large());
                };
                (block, record.content_type.clone())
            }
            _ => return Ok(None),
        };
        let is_html =
            is_html_type(&content_type) || (content_type.is_empty() && looks_like_html(&body));
        if !is_html {
            return Ok(None);
        }
        let fallback_id = record.id.as_deref().map(record_id);
        Ok(Some(Raw {
            source: self.record_name(),
            format: Format::Warc,
            bytes: body,
            fallback_id,
            url: record.url.map(|u| u.trim_matches(['<', '>']).to_string()),
            fetched: record.date,
            charset: charset_param(&content_type),
        }))
    }
}

fn too_large() -> String {
    format!("record larger than {} MiB; skipped", MAX_RECORD_BYTES >> 20)
}

/// `<urn:uuid:1234-...>` to `1234-...`: the part that identifies the record.
fn record_id(id: &str) -> String {
    let id = id.trim().trim_matches(['<', '>']);
    id.strip_prefix("urn:uuid:").unwrap_or(id).to_string()
}

fn is_html_type(content_type: &str) -> bool {
    content_type.starts_with("text/html") || content_type.starts_with("application/xhtml")
}

fn looks_like_html(body: &[u8]) -> bool {
    crate::inputs::sniff(&body[..body.len().min(1024)]) == Format::Html
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == "charset").then(|| v.trim().trim_matches('"').to_string())
    })
}

fn split_header(line: &[u8]) -> Option<(String, String)> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = String::from_utf8_lossy(line[..colon].trim_ascii()).into_owned();
    let value = String::from_utf8_lossy(line[colon + 1..].trim_ascii()).into_owned();
    Some((name, value))
}

fn preview(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(40)]).into_owned()
}

/// Splits an HTTP response into its decoded body and content type.
/// `None` for responses that are not articles (non-2xx).
fn parse_http_response(block: &[u8]) -> Result<Option<(Vec<u8>, String)>, String> {
    let end = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))
        .ok_or("HTTP response without a header end")?;
    let head = &block[..end.0];
    let mut lines = head.split(|&b| b == b'\n').map(|l| l.trim_ascii());
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(|&b| b == b' ')
        .nth(1)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad HTTP status line {:?}", preview(status_line)))?;
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let headers: Vec<(String, String)> = lines.filter_map(split_header).collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let mut body = block[end.1..].to_vec();
    if header("Transfer-Encoding").is_some_and(|v| v.contains("chunked")) {
        body = dechunk(&body).ok_or("malformed chunked HTTP body")?;
    }
    match header("Content-Encoding").as_deref().map(str::trim) {
        None | Some("") | Some("identity") => {}
        Some("gzip") | Some("x-gzip") => body = inflate(MultiGzDecoder::new(&body[..]))?,
        Some("deflate") => body = inflate(ZlibDecoder::new(&body[..]))?,
        Some(other) => return Err(format!("unsupported HTTP Content-Encoding {other:?}")),
    }
    Ok(Some((body, header("Content-Type").unwrap_or_default())))
}

fn inflate(reader: impl Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let n = reader
        .take(MAX_RECORD_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot decompress the HTTP body: {e}"))?;
    if n > MAX_RECORD_BYTES {
        return Err(too_large());
    }
    Ok(out)
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = find(body, b"\n")?;
        let size_field = std::str::from_utf8(&body[..line_end]).ok()?.trim();
        let size_field = size_field.split(';').next()?.trim();
        let size = usize::from_str_radix(size_field, 16).ok()?;
        body = &body[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// Reads one line (through `\n`) into `line`, keeping at most `limit`
/// bytes of it. Returns the bytes consumed (0 at end of input).
fn read_line_limited(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<usize> {
    let mut consumed = 0;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(consumed);
        }
        let (take, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = limit.saturating_sub(line.len());
        line.extend_from_slice(&buf[..take.min(room)]);
        reader.consume(take);
        consumed += take;
        if done || consumed > limit {
            return Ok(consumed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warc_record(kind: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:0000-{kind}>\r\nWARC-Target-URI: https://news.example/a\r\nWARC-Date: 2024-03-12T10:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn read_all(bytes: Vec<u8>) -> Vec<Result<Raw, InputError>> {
        WarcRecords::new("t.warc".into(), Box::new(std::io::Cursor::new(bytes))).collect()
    }

    #[test]
    fn reads_html_responses_and_skips_the_rest() {
        let http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Hi</p></body></html>";
        let redirect = b"HTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\n";
        let mut file = warc_record("warcinfo", "application/warc-fields", b"software: x\r\n");
        file.extend(warc_record(
            "request",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        file.extend(warc_record(
            "response",
            "application/http; msgtype=response",
            http,
        ));
        file.extend(warc_record(
            "response",
            "application/http; msgtype=response",
            redirect,
        ));
        let records = read_all(file);
        assert_eq!(records.len(), 1);
        let raw = records[0].as_ref().unwrap();
        assert_eq!(raw.source, "t.warc#3");
        assert_eq!(raw.fallback_id.as_deref(), Some("0000-response"));
        assert_eq!(raw.url.as_deref(), Some("https://news.example/a"));
        assert_eq!(raw.charset.as_deref(), Some("utf-8"));
        assert!(raw.bytes.starts_with(b"<html>"));
    }

    #[test]
    fn lower_case_headers_and_chunked_bodies() {
        let http = b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ntransfer-encoding: chunked\r\n\r\n5\r\n<html\r\n1\r\n>\r\n0\r\n\r\n";
        let block = warc_record("response", "application/http; msgtype=response", http);
        let lower = String::from_utf8(block)
            .unwrap()
            .replace("WARC-Type", "warc-type")
            .replace("Content-Length", "content-length");
        let records = read_all(lower.into_bytes());
        assert_eq!(records[0].as_ref().unwrap().bytes, b"<html>");
    }

    #[test]
    fn truncation_is_an_error_naming_the_record() {
        let http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>long enough</body></html>";
        let mut file = warc_record("response", "application/http; msgtype=response", http);
        let second = warc_record("response", "application/http; msgtype=response", http);
        file.extend_from_slice(&second[..second.len() - 20]);
        let records = read_all(file);
        assert_eq!(records.len(), 2);
        assert!(records[0].is_ok());
        let err = records[1].as_ref().unwrap_err();
        assert_eq!(err.source, "t.warc#2");
        assert!(err.message.contains("truncated"), "{err}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let records = read_all(b"hello\r\n".to_vec());
        assert!(
            records[0]
                .as_ref()
                .unwrap_err()
                .message
                .contains("not a WARC record")
        );
        assert!(dechunk(b"zz\r\n").is_none());
        assert!(parse_http_response(b"HTTP/1.1 abc\r\n\r\n").is_err());
    }
}
