//! The readers' contract on hostile input, the same one the fuzz targets in
//! `fuzz/` check: no bytes make a reader panic; every document's defect
//! spans are char-boundary ranges into its `text`; every error names its
//! source and has a message.
//!
//! Inputs: random bytes in every format (and sniffed, as standard input),
//! mutations (byte flips, truncations, insertions, deletions, repeats) of
//! small valid inputs of each format that this test builds, plain and
//! gzipped, and every file in `tests/fuzz_regressions/` (inputs the fuzzers
//! once crashed on, named `<target>-<n>.bin`).

use std::io::Write;
use std::path::Path;
use std::sync::LazyLock;

use flate2::Compression;
use flate2::write::GzEncoder;
use proptest::prelude::*;
use proptest::sample::Index;
use storyline_core::Format;
use storyline_read::fuzzing::{contract_violation, read_bytes};

/// Every way `read_bytes` can be asked to read: each format by name, and
/// `None` for standard input.
const FORMATS: [Option<Format>; 6] = [
    Some(Format::Txt),
    Some(Format::Json),
    Some(Format::Jsonl),
    Some(Format::Html),
    Some(Format::Warc),
    None,
];

// ---------------------------------------------------------------------------
// The contract

/// Reads `bytes` and checks every result; returns how many documents were
/// read.
fn check(format: Option<Format>, bytes: &[u8]) -> Result<usize, TestCaseError> {
    let mut documents = 0;
    for result in read_bytes(format, bytes) {
        if let Some(violation) = contract_violation(&result) {
            prop_assert!(false, "{}", violation);
        }
        documents += usize::from(result.is_ok());
    }
    Ok(documents)
}

// ---------------------------------------------------------------------------
// Valid inputs

const ARTICLE: &str = "Harbour council approves new ferry timetable\n\n\
    The council voted 7–2 on Tuesday to add two evening crossings, “a modest \
    change,” said the chair. Zoë Ruiz, who runs the café by the pier, called it \
    overdue.\n\n- Services start in May.\n";

fn html_page() -> String {
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
     <title>Ferry timetable approved</title>\
     <meta property=\"og:site_name\" content=\"Harbour Herald\">\
     <link rel=\"canonical\" href=\"https://herald.example/ferry\"></head>\
     <body><nav><a href=\"/\">Home</a></nav><article><h1>Ferry timetable approved</h1>\
     <p class=\"byline\">By Ana Ruiz</p>\
     <time datetime=\"2024-03-12T09:30:00+01:00\">12 March</time>\
     <p>The harbour council voted on Tuesday to add two evening crossings to the \
     ferry timetable, a change residents had asked for since the winter.</p>\
     <p>“It is a modest change,” the chair said, adding that the services start \
     in May.</p></article><footer>© Herald</footer></body></html>"
        .to_string()
}

fn json_object(id: u32) -> String {
    format!(
        r#"{{"id": "ferry-{id}", "title": "Ferry timetable approved", "maintext": {}, "url": "https://herald.example/ferry", "source_domain": "herald.example", "date_publish": "2024-03-12 09:30:00", "authors": ["Ana Ruiz"], "language": "en", "section": "Local", "date_modify": "None"}}"#,
        serde_json_string(ARTICLE)
    )
}

/// `s` as a JSON string literal (the test needs no JSON library for this).
fn serde_json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn warc_record(kind: &str, content_type: &str, block: &[u8], n: u32) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:0000-{n}>\r\n\
         WARC-Target-URI: https://herald.example/ferry\r\nWARC-Date: 2024-03-12T10:00:00Z\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http_response(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\r\n")
            .into_bytes();
    out.extend_from_slice(body);
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).expect("writing to a Vec");
    encoder.finish().expect("writing to a Vec")
}

/// A small crawl: warcinfo, request, an HTML response, the same page with
/// a chunked body and gzip content encoding, and a redirect.
fn warc_records() -> Vec<Vec<u8>> {
    let page = html_page().into_bytes();
    let mut chunked = Vec::new();
    for chunk in page.chunks(300) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let response = "application/http; msgtype=response";
    vec![
        warc_record(
            "warcinfo",
            "application/warc-fields",
            b"software: test\r\n",
            1,
        ),
        warc_record(
            "request",
            "application/http; msgtype=request",
            b"GET /ferry HTTP/1.1\r\nHost: herald.example\r\n\r\n",
            2,
        ),
        warc_record("response", response, &http_response("", &page), 3),
        warc_record(
            "response",
            response,
            &http_response(
                "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
                &{
                    // Chunked over gzip, as servers send it.
                    let compressed = gzip(&page);
                    let mut body = format!("{:x}\r\n", compressed.len()).into_bytes();
                    body.extend_from_slice(&compressed);
                    body.extend_from_slice(b"\r\n0\r\n\r\n");
                    body
                },
            ),
            4,
        ),
        warc_record(
            "response",
            response,
            &http_response("Transfer-Encoding: chunked\r\n", &chunked),
            5,
        ),
        warc_record(
            "response",
            response,
            b"HTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\n",
            6,
        ),
    ]
}

/// A valid input to mutate.
struct Seed {
    name: &'static str,
    format: Format,
    bytes: Vec<u8>,
    /// How many documents it reads to, unmutated.
    documents: usize,
    /// Gzip the bytes after mutating them, so that the mutations reach the
    /// parser behind the decompressor.
    gzip_after: bool,
}

static SEEDS: LazyLock<Vec<Seed>> = LazyLock::new(|| {
    let records = warc_records();
    let plain_warc = records.concat();
    let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let seed = |name, format, bytes: Vec<u8>, documents, gzip_after| Seed {
        name,
        format,
        bytes,
        documents,
        gzip_after,
    };
    vec![
        seed("txt", Format::Txt, ARTICLE.as_bytes().to_vec(), 1, false),
        seed(
            "txt-windows-1252",
            Format::Txt,
            b"Caf\xe9 \x93d\xe9j\xe0 vu\x94 \x96 na\xefve, and more words here.".to_vec(),
            1,
            false,
        ),
        seed(
            "txt-utf16le",
            Format::Txt,
            [0xff, 0xfe]
                .into_iter()
                .chain(ARTICLE.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            1,
            false,
        ),
        seed("json", Format::Json, json_object(1).into_bytes(), 1, false),
        seed(
            "json-array",
            Format::Json,
            // Over several lines: on standard input, a one-line array is
            // read as JSON lines, whose records must be objects.
            format!("[\n{},\n{}\n]\n", json_object(1), json_object(2)).into_bytes(),
            2,
            false,
        ),
        seed(
            "jsonl",
            Format::Jsonl,
            format!("{}\n\n{}\n", json_object(1), json_object(2)).into_bytes(),
            2,
            false,
        ),
        seed("html", Format::Html, html_page().into_bytes(), 1, false),
        seed("warc", Format::Warc, plain_warc.clone(), 3, false),
        seed("warc-gz-members", Format::Warc, members, 3, false),
        seed("warc-gzip-after", Format::Warc, plain_warc, 3, true),
    ]
});

#[test]
fn seeds_are_valid() {
    for seed in SEEDS.iter() {
        let bytes = if seed.gzip_after {
            gzip(&seed.bytes)
        } else {
            seed.bytes.clone()
        };
        for format in [Some(seed.format), None] {
            let results = read_bytes(format, &bytes);
            for result in &results {
                if let Err(err) = result {
                    panic!("seed {} ({format:?}): {err}", seed.name);
                }
            }
            assert_eq!(
                check(format, &bytes).unwrap(),
                seed.documents,
                "seed {} ({format:?})",
                seed.name
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Mutations

#[derive(Debug, Clone)]
enum Mutation {
    /// XOR one byte with a non-zero mask.
    Flip(Index, u8),
    /// Cut the input at a point.
    Truncate(Index),
    /// Insert bytes at a point.
    Insert(Index, Vec<u8>),
    /// Remove up to this many bytes at a point.
    Remove(Index, usize),
    /// Repeat a slice of up to this many bytes in place.
    Repeat(Index, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), 1..=255u8).prop_map(|(i, mask)| Mutation::Flip(i, mask)),
        2 => any::<Index>().prop_map(Mutation::Truncate),
        3 => (any::<Index>(), proptest::collection::vec(interesting_byte(), 1..16))
            .prop_map(|(i, bytes)| Mutation::Insert(i, bytes)),
        2 => (any::<Index>(), 1..64usize).prop_map(|(i, n)| Mutation::Remove(i, n)),
        1 => (any::<Index>(), 1..64usize).prop_map(|(i, n)| Mutation::Repeat(i, n)),
    ]
}

/// Bytes that matter to the formats more often than chance would pick them.
fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        3 => any::<u8>(),
        2 => 0x20..0x7fu8,
        2 => prop::sample::select(b"\r\n\0<>{}[]\":,;=0123456789abcdefWARC/\\\xef\xbb\xbf\xe2\x80\x9c\xff".to_vec()),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    if len == 0 {
        if let Mutation::Insert(_, new) = mutation {
            bytes.extend_from_slice(new);
        }
        return;
    }
    match mutation {
        Mutation::Flip(i, mask) => bytes[i.index(len)] ^= mask,
        Mutation::Truncate(i) => bytes.truncate(i.index(len)),
        Mutation::Insert(i, new) => {
            let at = i.index(len + 1);
            bytes.splice(at..at, new.iter().copied());
        }
        Mutation::Remove(i, n) => {
            let at = i.index(len);
            bytes.drain(at..(at + n).min(len));
        }
        Mutation::Repeat(i, n) => {
            let at = i.index(len);
            let slice = bytes[at..(at + n).min(len)].to_vec();
            bytes.splice(at..at, slice);
        }
    }
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    /// Random bytes, in every format and sniffed.
    #[test]
    fn random_bytes(
        format in prop::sample::select(FORMATS.to_vec()),
        bytes in proptest::collection::vec(interesting_byte(), 0..600),
        gzipped in proptest::bool::weighted(0.15),
    ) {
        let bytes = if gzipped { gzip(&bytes) } else { bytes };
        check(format, &bytes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Valid inputs with a few mutations, read in their own format and
    /// sniffed.
    #[test]
    fn mutated_valid_inputs(
        seed in 0..SEEDS.len(),
        mutations in proptest::collection::vec(mutation(), 1..5),
        sniffed in proptest::bool::weighted(0.25),
    ) {
        let seed = &SEEDS[seed];
        let mut bytes = seed.bytes.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        if seed.gzip_after {
            bytes = gzip(&bytes);
        }
        let format = if sniffed { None } else { Some(seed.format) };
        check(format, &bytes)?;
    }
}

/// Every truncation of the WARC seed, plain and gzipped, at a stride: a
/// record cut anywhere is an error naming it, never a panic.
#[test]
fn truncated_warc_everywhere() {
    let warc = warc_records().concat();
    let gzipped = gzip(&warc);
    for at in (0..warc.len()).step_by(7) {
        check(Some(Format::Warc), &warc[..at]).unwrap();
    }
    for at in (0..gzipped.len()).step_by(5) {
        check(Some(Format::Warc), &gzipped[..at]).unwrap();
    }
}

// ---------------------------------------------------------------------------
// Fuzzer findings

/// The format a regression file's target read its input in: `None` both for
/// `read_sniffed` and for targets that are not a reader.
fn target_formats(name: &str) -> Vec<Option<Format>> {
    let target = name.rsplit_once('-').map_or(name, |(target, _)| target);
    match target {
        "read_txt" => vec![Some(Format::Txt)],
        "read_json" => vec![Some(Format::Json)],
        "read_jsonl" => vec![Some(Format::Jsonl)],
        "read_html" => vec![Some(Format::Html)],
        "read_warc" => vec![Some(Format::Warc)],
        "read_sniffed" => vec![None],
        _ => FORMATS.to_vec(),
    }
}

#[test]
fn fuzz_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths.iter().filter(|p| p.is_file()) {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        for format in target_formats(name) {
            if let Err(e) = check(format, &bytes) {
                panic!("{} ({format:?}): {e}", path.display());
            }
        }
    }
}
