//! Writes a large JSONL or WARC (.warc.gz) file of news articles for the
//! bounded-memory benchmark: `gen-corpus jsonl|warc OUT SIZE_MB`.
//!
//! Articles are real texts (see `storyline_bench::source_articles`)
//! repeated with distinct ids, so that readers see realistic text and
//! record sizes.

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::{Context, bail};
use flate2::Compression;
use flate2::write::GzEncoder;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, out, size_mb] = &args[..] else {
        bail!("usage: gen-corpus jsonl|warc OUT SIZE_MB");
    };
    let target: u64 = size_mb.parse::<u64>().context("SIZE_MB")? << 20;
    let (docs, from) = storyline_bench::source_articles()?;
    let mut file = BufWriter::new(File::create(out).with_context(|| out.clone())?);
    let mut written = 0u64;
    let mut n = 0usize;
    while written < target {
        let doc = &docs[n % docs.len()];
        let id = format!("{}-{n}", doc.id);
        let bytes = match kind.as_str() {
            "jsonl" => jsonl_record(&id, doc),
            "warc" => warc_record(&id, doc)?,
            _ => bail!("unknown kind {kind:?}: jsonl or warc"),
        };
        file.write_all(&bytes)?;
        written += bytes.len() as u64;
        n += 1;
    }
    file.flush()?;
    eprintln!(
        "wrote {n} articles, {:.0} MB, to {out} (texts from {from})",
        written as f64 / 1e6
    );
    Ok(())
}

fn jsonl_record(id: &str, doc: &storyline_core::Document) -> Vec<u8> {
    let record = serde_json::json!({
        "id": id,
        "title": doc.title,
        "text": doc.text,
        "url": format!("https://news.example/{id}"),
        "source_domain": doc.outlet.clone().unwrap_or_else(|| "news.example".into()),
        "date_publish": doc.published,
    });
    let mut line = serde_json::to_vec(&record).expect("serializes");
    line.push(b'\n');
    line
}

/// One gzip member per record, as crawlers write them.
fn warc_record(id: &str, doc: &storyline_core::Document) -> anyhow::Result<Vec<u8>> {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let title = escape(doc.title.as_deref().unwrap_or("Untitled"));
    let paragraphs: String = doc
        .text
        .split('\n')
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>\n", escape(p)))
        .collect();
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>{title}</h1>\n{paragraphs}</article><footer>© News Example</footer></body></html>"
    );
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let record = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2024-03-12T10:00:00Z\r\nWARC-Target-URI: https://news.example/{id}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    );
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(record.as_bytes())?;
    Ok(gz.finish()?)
}
