//! The load benchmark's client (see `bench/load.sh`):
//!
//! ```text
//! load-client gen --count N [--start K] [--fields news-please|api] OUT.jsonl
//! load-client post --addr HOST:PORT --token TOKEN [--batch 100] [--connections 2] FILE.jsonl
//! load-client largest-event --addr HOST:PORT
//! ```
//!
//! `gen` writes N articles as JSON Lines, numbered from K (default 0): the
//! real texts of `storyline_bench::source_articles` first as they are, then
//! in later rounds as the edited copies other outlets publish (a paragraph
//! dropped, a credit line added, another outlet), each with an id of its
//! own, so that `--start` gives articles no earlier run wrote.
//!
//! `post` sends FILE to `POST /api/documents` as `application/x-ndjson`
//! batches of `--batch` lines over `--connections` keep-alive connections,
//! and prints articles per second, per-request latency percentiles and what
//! the server says it did; then waits until `GET /api/health` reports no
//! event report pending (the server rebuilds them after answering) and
//! prints how long that took.
//!
//! `largest-event` pages through `GET /api/stories` and prints the event
//! with the most documents as one tab-separated line: id, documents,
//! sources, the number of stories and of events in the store, title.
//!
//! HTTP/1.1 is spoken over a plain `std::net::TcpStream`.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::net::TcpStream;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use serde_json::{Value, json};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        bail!("usage: load-client gen|post|largest-event ... (see the source's header)");
    };
    let mut opts = Opts::parse(rest)?;
    match command.as_str() {
        "gen" => generate(&mut opts),
        "post" => post(&mut opts),
        "largest-event" => largest_event(&mut opts),
        other => bail!("unknown command {other:?}: gen, post or largest-event"),
    }
}

/// `--name value` options and positional arguments.
struct Opts {
    named: Vec<(String, String)>,
    positional: Vec<String>,
}

impl Opts {
    fn parse(args: &[String]) -> anyhow::Result<Opts> {
        let (mut named, mut positional) = (Vec::new(), Vec::new());
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if let Some(name) = arg.strip_prefix("--") {
                let value = it
                    .next()
                    .with_context(|| format!("--{name} needs a value"))?;
                named.push((name.to_string(), value.clone()));
            } else {
                positional.push(arg.clone());
            }
        }
        Ok(Opts { named, positional })
    }

    fn take(&mut self, name: &str) -> Option<String> {
        let i = self.named.iter().position(|(n, _)| n == name)?;
        Some(self.named.remove(i).1)
    }

    fn number(&mut self, name: &str, default: usize) -> anyhow::Result<usize> {
        match self.take(name) {
            Some(v) => v.parse().with_context(|| format!("--{name} {v:?}")),
            None => Ok(default),
        }
    }

    fn required(&mut self, name: &str) -> anyhow::Result<String> {
        self.take(name)
            .with_context(|| format!("--{name} is required"))
    }

    /// The one positional argument; no option left unread.
    fn finish(&mut self, what: &str) -> anyhow::Result<Option<String>> {
        if let Some((name, _)) = self.named.first() {
            bail!("unknown option --{name}");
        }
        ensure!(self.positional.len() <= 1, "one {what} only");
        Ok(self.positional.pop())
    }
}

const OUTLETS: [&str; 12] = [
    "wire.example",
    "courier.example",
    "gazette.example",
    "ledger.example",
    "times.example",
    "post.example",
    "herald.example",
    "tribune.example",
    "chronicle.example",
    "observer.example",
    "sentinel.example",
    "register.example",
];

fn generate(opts: &mut Opts) -> anyhow::Result<()> {
    let count = opts.number("count", 10_000)?;
    let start = opts.number("start", 0)?;
    let api_fields = match opts.take("fields").as_deref() {
        None | Some("news-please") => false,
        Some("api") => true,
        Some(other) => bail!("--fields {other:?}: news-please or api"),
    };
    let out = opts
        .finish("OUT")?
        .context("usage: gen --count N OUT.jsonl")?;
    let (docs, from) = storyline_bench::source_articles()?;
    let mut file = BufWriter::new(std::fs::File::create(&out).with_context(|| out.clone())?);
    let mut bytes = 0usize;
    for n in start..start + count {
        let doc = &docs[n % docs.len()];
        let round = n / docs.len();
        let (outlet, text) = if round == 0 {
            (
                doc.outlet.clone().unwrap_or_else(|| "news.example".into()),
                doc.text.clone(),
            )
        } else {
            let outlet = OUTLETS[(round + n) % OUTLETS.len()].to_string();
            (outlet.clone(), variant(&doc.text, round, &outlet))
        };
        let id = format!("load-{n}-{}", doc.id);
        let url = format!("https://{outlet}/{id}");
        let record = if api_fields {
            json!({"id": id, "title": doc.title, "text": text, "outlet": outlet,
                   "published": doc.published, "url": url})
        } else {
            json!({"id": id, "title": doc.title, "text": text, "source_domain": outlet,
                   "date_publish": doc.published, "url": url})
        };
        let mut line = serde_json::to_vec(&record)?;
        line.push(b'\n');
        bytes += line.len();
        file.write_all(&line)?;
    }
    file.flush()?;
    eprintln!(
        "wrote {count} articles (numbers {start}..{}), {:.1} MB, to {out} ({} source texts from {from})",
        start + count,
        bytes as f64 / 1e6,
        docs.len()
    );
    Ok(())
}

/// The copy of `text` another outlet runs in round `round`: one paragraph
/// dropped (when there are more than two) and a credit line added.
fn variant(text: &str, round: usize, outlet: &str) -> String {
    let paragraphs: Vec<&str> = text.split('\n').filter(|p| !p.trim().is_empty()).collect();
    let drop = if paragraphs.len() > 2 {
        Some(1 + (round - 1) % (paragraphs.len() - 1))
    } else {
        None
    };
    let mut out: Vec<&str> = paragraphs
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != drop)
        .map(|(_, p)| *p)
        .collect();
    let credit = format!("Additional reporting by the {outlet} news desk (edition {round}).");
    out.push(&credit);
    out.join("\n")
}

/// An HTTP/1.1 connection that is kept open between requests.
struct Connection {
    addr: String,
    reader: Option<BufReader<TcpStream>>,
}

struct Response {
    status: u16,
    body: Vec<u8>,
}

impl Connection {
    fn new(addr: &str) -> Connection {
        Connection {
            addr: addr.to_string(),
            reader: None,
        }
    }

    /// One request; reconnects once when a kept connection was closed.
    fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> anyhow::Result<Response> {
        let reused = self.reader.is_some();
        match self.try_send(method, path, headers, body) {
            Ok(r) => Ok(r),
            Err(_) if reused => {
                self.reader = None;
                self.try_send(method, path, headers, body)
            }
            Err(e) => Err(e),
        }
    }

    fn try_send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> anyhow::Result<Response> {
        if self.reader.is_none() {
            let stream = TcpStream::connect(&self.addr).with_context(|| self.addr.clone())?;
            stream.set_nodelay(true)?;
            stream.set_read_timeout(Some(Duration::from_secs(300)))?;
            self.reader = Some(BufReader::new(stream));
        }
        let reader = self.reader.as_mut().expect("connected");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let stream = reader.get_mut();
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;
        stream.flush()?;

        let mut line = String::new();
        ensure!(reader.read_line(&mut line)? > 0, "connection closed");
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("bad status line {line:?}"))?;
        let (mut length, mut chunked, mut close) = (None, false, false);
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
                match name.as_str() {
                    "content-length" => length = value.parse::<usize>().ok(),
                    "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
                    "connection" => close = value.eq_ignore_ascii_case("close"),
                    _ => {}
                }
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                    .with_context(|| format!("bad chunk size {line:?}"))?;
                if size == 0 {
                    line.clear();
                    reader.read_line(&mut line)?;
                    break;
                }
                let at = body.len();
                body.resize(at + size, 0);
                reader.read_exact(&mut body[at..])?;
                line.clear();
                reader.read_line(&mut line)?;
            }
        } else if let Some(length) = length {
            body.resize(length, 0);
            reader.read_exact(&mut body)?;
        } else {
            reader.read_to_end(&mut body)?;
            close = true;
        }
        if close {
            self.reader = None;
        }
        Ok(Response { status, body })
    }

    fn get_json(&mut self, path: &str) -> anyhow::Result<Value> {
        let r = self.send("GET", path, &[], &[])?;
        ensure!(
            r.status == 200,
            "GET {path}: {} {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        );
        serde_json::from_slice(&r.body).with_context(|| format!("GET {path}: not JSON"))
    }
}

/// The `q`-quantile of sorted `values`, nearest rank.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[derive(Default)]
struct Totals {
    latencies_ms: Vec<f64>,
    added: usize,
    unchanged: usize,
    duplicates: u64,
    events_changed: usize,
    errors: usize,
    failures: Vec<String>,
}

fn post(opts: &mut Opts) -> anyhow::Result<()> {
    let addr = opts.required("addr")?;
    let token = opts.required("token")?;
    let batch = opts.number("batch", 100)?.max(1);
    let connections = opts.number("connections", 2)?.max(1);
    let file = opts
        .finish("FILE")?
        .context("usage: post --addr HOST:PORT --token T FILE.jsonl")?;
    let text = std::fs::read_to_string(&file).with_context(|| file.clone())?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let bodies: Vec<(usize, Vec<u8>)> = lines
        .chunks(batch)
        .map(|chunk| {
            let mut body = chunk.join("\n").into_bytes();
            body.push(b'\n');
            (chunk.len(), body)
        })
        .collect();
    let authorization = format!("Bearer {token}");
    let next = AtomicUsize::new(0);
    let totals = Mutex::new(Totals::default());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..connections {
            scope.spawn(|| {
                let mut conn = Connection::new(&addr);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((_, body)) = bodies.get(i) else {
                        break;
                    };
                    let t = Instant::now();
                    let result = conn.send(
                        "POST",
                        "/api/documents",
                        &[
                            ("Authorization", &authorization),
                            ("Content-Type", "application/x-ndjson"),
                        ],
                        body,
                    );
                    let ms = t.elapsed().as_secs_f64() * 1e3;
                    let mut totals = totals.lock().expect("not poisoned");
                    totals.latencies_ms.push(ms);
                    match result {
                        Ok(r) if r.status == 200 => {
                            match serde_json::from_slice::<Value>(&r.body) {
                                Ok(v) => {
                                    let len = |k: &str| v[k].as_array().map_or(0, Vec::len);
                                    totals.added += len("added");
                                    totals.unchanged += len("unchanged");
                                    totals.events_changed += len("events_changed");
                                    totals.errors += len("errors");
                                    totals.duplicates += v["duplicates"].as_u64().unwrap_or(0);
                                }
                                Err(e) => totals.failures.push(format!("batch {i}: {e}")),
                            }
                        }
                        Ok(r) => totals.failures.push(format!(
                            "batch {i}: {} {}",
                            r.status,
                            String::from_utf8_lossy(&r.body)
                                .chars()
                                .take(300)
                                .collect::<String>()
                        )),
                        Err(e) => totals.failures.push(format!("batch {i}: {e:#}")),
                    }
                }
            });
        }
    });
    let secs = started.elapsed().as_secs_f64();
    let mut totals = totals.into_inner().expect("not poisoned");
    totals.latencies_ms.sort_by(f64::total_cmp);
    let l = &totals.latencies_ms;
    let articles = lines.len();
    let mut summary = json!({
        "articles": articles,
        "batch": batch,
        "connections": connections,
        "requests": bodies.len(),
        "seconds": (secs * 1000.0).round() / 1000.0,
        "articles_per_second": (articles as f64 / secs).round(),
        "latency_ms": {
            "p50": quantile(l, 0.50).round(),
            "p90": quantile(l, 0.90).round(),
            "p99": quantile(l, 0.99).round(),
            "max": quantile(l, 1.0).round(),
        },
        "added": totals.added,
        "unchanged": totals.unchanged,
        "duplicates": totals.duplicates,
        "events_changed": totals.events_changed,
        "errors": totals.errors,
        "failed_requests": totals.failures.len(),
    });
    // `storyline serve` may rebuild the changed events' reports after it
    // answers: how long until none is pending (per `GET /api/health`).
    let caught_up = wait_for_reports(&addr)?;
    if let Some(wait) = caught_up {
        summary["reports_caught_up_seconds"] = json!((wait * 1000.0).round() / 1000.0);
        summary["articles_per_second_with_reports"] =
            json!((articles as f64 / (secs + wait)).round());
    }
    let reports = match caught_up {
        Some(wait) => format!(
            "; reports rebuilt {wait:.2} s after the last answer: {:.0} articles/s with them",
            articles as f64 / (secs + wait)
        ),
        None => String::new(),
    };
    for failure in totals.failures.iter().take(5) {
        eprintln!("failed: {failure}");
    }
    println!(
        "ingest via API: {articles} articles in {:.2} s = {:.0} articles/s ({} requests of {batch}, {connections} connections; per request p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms; added {}, unchanged {}, duplicates {}, errors {}, failed requests {}){reports}",
        secs,
        articles as f64 / secs,
        bodies.len(),
        quantile(l, 0.5),
        quantile(l, 0.99),
        quantile(l, 1.0),
        totals.added,
        totals.unchanged,
        totals.duplicates,
        totals.errors,
        totals.failures.len()
    );
    println!("{summary}");
    ensure!(
        totals.failures.is_empty(),
        "{} requests failed",
        totals.failures.len()
    );
    Ok(())
}

/// Seconds until `GET /api/health` says no report is pending (polled every
/// 50 ms, for up to 10 minutes); `None` when it does not say.
fn wait_for_reports(addr: &str) -> anyhow::Result<Option<f64>> {
    let mut conn = Connection::new(addr);
    let started = Instant::now();
    loop {
        let health = conn.get_json("/api/health")?;
        match health["reports_pending"].as_u64() {
            None => return Ok(None),
            Some(0) => return Ok(Some(started.elapsed().as_secs_f64())),
            Some(n) => ensure!(
                started.elapsed() < Duration::from_secs(600),
                "{n} reports still pending after 10 minutes"
            ),
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn largest_event(opts: &mut Opts) -> anyhow::Result<()> {
    let addr = opts.required("addr")?;
    let page = opts.number("page", 200)?;
    opts.finish("nothing")?;
    let mut conn = Connection::new(&addr);
    let (mut best, mut stories, mut events): (Option<Value>, usize, usize) = (None, 0, 0);
    let mut seen = std::collections::HashSet::new();
    let mut offset = 0;
    loop {
        let v = conn.get_json(&format!("/api/stories?limit={page}&offset={offset}"))?;
        let list = v["stories"].as_array().context("no `stories`")?;
        if list.is_empty() {
            break;
        }
        stories += list.len();
        for story in list {
            ensure!(
                seen.insert(story["id"].to_string()),
                "story {} twice: /api/stories ignores offset?",
                story["id"]
            );
        }
        for event in list
            .iter()
            .flat_map(|s| s["events"].as_array().into_iter().flatten())
        {
            events += 1;
            let docs = event["documents"].as_u64().unwrap_or(0);
            if best
                .as_ref()
                .is_none_or(|b| docs > b["documents"].as_u64().unwrap_or(0))
            {
                best = Some(event.clone());
            }
        }
        offset += list.len();
    }
    let best = best.context("no events")?;
    let text = |v: &Value| match v {
        Value::String(s) => s.replace(['\t', '\n'], " "),
        other => other.to_string(),
    };
    println!(
        "{}\t{}\t{}\t{stories}\t{events}\t{}",
        text(&best["id"]),
        text(&best["documents"]),
        text(&best["sources"]),
        text(&best["title"])
    );
    Ok(())
}
