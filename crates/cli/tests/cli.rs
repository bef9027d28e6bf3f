//! The `storyline` command as users run it: formats, output files, exit
//! statuses, and bad input that must be reported without losing the rest.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn storyline() -> Command {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn examples() -> PathBuf {
    repo_root().join("examples")
}

fn run(args: &[&str]) -> Output {
    storyline().args(args).output().expect("storyline runs")
}

/// The command exited with `code`; the assertion shows its stderr.
fn assert_status(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn doc<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no document {id}"))
}

#[test]
fn analyzes_the_examples() {
    let out = run(&["analyze", examples().to_str().unwrap()]);
    assert_status(&out, 0);
    let report = json_of(&out);
    assert_eq!(report["schema_version"], "1.2");
    for key in ["duplicates", "reuse", "entities", "stories", "errors"] {
        assert!(report[key].is_array(), "{key} missing");
    }
    let ids: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    // The directory walk is sorted; JSONL records carry their own ids.
    assert_eq!(
        ids,
        [
            "wire-0212-a",
            "wire-0312-a",
            "wire-0312-b",
            "calder-courier-what-we-know",
            "gazette-relief-plan",
            "gazette-tarrow-ford-warning",
            "ledger-dam-breach",
            "meridian-times-dam-fails",
            "radio-calder-okafor-warning",
            "sentinel-brenmoor-rescue",
        ]
    );
    // README.md in examples/ is not an article.
    assert!(!ids.contains(&"README"));

    let html = doc(&report, "calder-courier-what-we-know");
    assert_eq!(html["format"], "html");
    assert_eq!(
        html["title"],
        "Brenmoor under water: what we know about the Merrow Dam breach"
    );
    assert_eq!(html["authors"][0], "Hanna Sørensen");
    assert_eq!(html["published"], "2024-03-12T14:05:00+01:00");
    assert_eq!(html["outlet"], "Calder Courier");

    let line = doc(&report, "wire-0312-a");
    assert_eq!(line["format"], "jsonl");
    assert!(
        line["source"]
            .as_str()
            .unwrap()
            .ends_with("associated-wire-feed.jsonl#2")
    );
    assert_eq!(line["published"], "2024-03-12T09:30:00Z");
    assert_eq!(line["extra"]["paywall"], false);

    let json = doc(&report, "meridian-times-dam-fails");
    assert_eq!(json["format"], "json");
    assert_eq!(json["outlet"], "meridiantimes.example");
    assert_eq!(json["extra"]["section"], "World");

    let txt = doc(&report, "ledger-dam-breach");
    assert_eq!(txt["title"], Value::Null, "no title is invented for .txt");
    assert_eq!(txt["duplicate_of"], Value::Null);

    // The syndicated near-copy (examples/README.md) and nothing else.
    assert_eq!(
        json["duplicate_of"], "wire-0312-a",
        "the earlier wire story is canonical"
    );
    let groups = report["duplicates"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(
        groups[0]["documents"],
        serde_json::json!(["wire-0312-a", "meridian-times-dam-fails"])
    );
    assert_eq!(groups[0]["kind"], "near");
    // The scraper's repeated block, read once.
    let sentinel = doc(&report, "sentinel-brenmoor-rescue");
    assert_eq!(sentinel["defects"][0]["kind"], "repeated-passage");
    // The governor's post is quoted by the Ledger and the Courier.
    let shares = |a: &str, b: &str| {
        report["reuse"].as_array().unwrap().iter().any(|r| {
            r["documents"] == serde_json::json!([a, b])
                || r["documents"] == serde_json::json!([b, a])
        })
    };
    assert!(shares("calder-courier-what-we-know", "ledger-dam-breach"));
}

#[test]
fn markdown_output() {
    let out = run(&[
        "analyze",
        "--format",
        "markdown",
        examples().to_str().unwrap(),
    ]);
    assert_status(&out, 0);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# storyline report"));
    assert!(md.contains("10 documents read, 0 inputs failed."));
    assert!(md.contains("| `calder-courier-what-we-know` | Brenmoor under water: what we know about the Merrow Dam breach | Calder Courier |"));
}

#[test]
fn text_prints_the_exact_text_citations_index_into() {
    let path = examples().join("articles/ledger-dam-breach.txt");
    let out = run(&["text", "ledger-dam-breach", examples().to_str().unwrap()]);
    assert_status(&out, 0);
    assert_eq!(
        out.stdout,
        std::fs::read(&path).unwrap(),
        "byte for byte, leading blank line included"
    );

    let out = run(&[
        "text",
        "--normalized",
        "ledger-dam-breach",
        path.to_str().unwrap(),
    ]);
    let normalized = String::from_utf8(out.stdout).unwrap();
    assert!(!normalized.starts_with('\n'));
    assert!(!normalized.contains(['“', '”', '’', '\u{a0}']));

    let out = run(&["text", "no-such-id", path.to_str().unwrap()]);
    assert_status(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-id"));
}

#[test]
fn output_file_is_written_atomically_and_failure_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    let out = run(&[
        "analyze",
        "-q",
        "-o",
        target.to_str().unwrap(),
        examples().to_str().unwrap(),
    ]);
    assert_status(&out, 0);
    assert!(out.stdout.is_empty());
    let report: Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(report["documents"].as_array().unwrap().len(), 10);
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "no temporary file left behind");

    let missing_dir = dir.path().join("no/such/dir/report.json");
    let out = run(&[
        "analyze",
        "-o",
        missing_dir.to_str().unwrap(),
        examples().to_str().unwrap(),
    ]);
    assert_status(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    assert!(!missing_dir.exists());
}

/// A directory of broken inputs next to a good one: every broken input is
/// named on stderr and in `errors`, the good ones are all read, and the
/// exit status is 1.
#[test]
fn bad_inputs_are_reported_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("good.txt"),
        "Mayor Grace Okafor said the water was “falling”.",
    )
    .unwrap();
    // Windows-1252: detected and decoded, with a `charset` defect.
    std::fs::write(
        d.join("cp1252.txt"),
        b"The governor\x92s office said the caf\xe9 on Ridge Road was \x93safe\x94 for now, officials added.",
    )
    .unwrap();
    // Damaged UTF-8: decoded lossily with spans.
    let mut damaged = "Zoë Hartley spoke at the briefing. ".as_bytes().to_vec();
    damaged.push(0xC3);
    damaged.extend_from_slice(" Łukasz Nowicki did not.".as_bytes());
    std::fs::write(d.join("damaged.txt"), &damaged).unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(d.join("blank.txt"), b"  \n\n ").unwrap();
    std::fs::write(d.join("binary.txt"), b"\x00\x01\x02\x03binary\x00\xff").unwrap();
    std::fs::write(d.join("photo.html"), b"\x89PNG\r\n\x1a\n....").unwrap();
    std::fs::write(
        d.join("feed.jsonl"),
        "{\"id\":\"ok-1\",\"text\":\"First.\"}\n{\"id\":\"bad\",\"text\":\n\n{\"id\":\"ok-2\",\"text\":\"Third line, after a blank one.\"}\n{\"title\":\"no text\"}\n",
    )
    .unwrap();
    std::fs::write(d.join("notjson.json"), b"{ this is not json").unwrap();
    let missing = d.join("does-not-exist.txt");

    let out = run(&["analyze", d.to_str().unwrap(), missing.to_str().unwrap()]);
    assert_status(&out, 1);
    let report = json_of(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);

    let errors: Vec<(String, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let error_for = |suffix: &str| {
        errors
            .iter()
            .find(|(s, _)| s.ends_with(suffix))
            .unwrap_or_else(|| panic!("no error for {suffix}: {errors:?}"))
            .1
            .clone()
    };
    assert!(error_for("empty.txt").contains("empty file"));
    assert!(error_for("blank.txt").contains("white space"));
    assert!(error_for("binary.txt").contains("NUL"));
    assert!(error_for("photo.html").contains("PNG"));
    assert!(error_for("feed.jsonl#2").contains("malformed JSON"));
    assert!(error_for("feed.jsonl#5").contains("no article text"));
    assert!(error_for("notjson.json").contains("malformed JSON"));
    assert!(error_for("does-not-exist.txt").contains("no such file"));
    assert_eq!(errors.len(), 8, "{errors:?}");
    for (source, _) in &errors {
        assert!(
            stderr.contains(source.as_str()),
            "stderr does not name {source}"
        );
    }

    let ids: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["cp1252", "damaged", "ok-1", "ok-2", "good"]);

    let cp = doc(&report, "cp1252");
    assert_eq!(cp["defects"][0]["kind"], "charset");
    let text = run(&["text", "cp1252", d.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8(text.stdout).unwrap(),
        "The governor’s office said the café on Ridge Road was “safe” for now, officials added."
    );

    let damaged_doc = doc(&report, "damaged");
    assert_eq!(damaged_doc["defects"][0]["kind"], "invalid-encoding");
    let span = &damaged_doc["defects"][0]["spans"][0];
    let text = String::from_utf8(run(&["text", "damaged", d.to_str().unwrap()]).stdout).unwrap();
    let (start, end) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "\u{FFFD}");
    assert!(text.contains("Łukasz Nowicki"));
}

/// Runs `storyline analyze -` with `input` on standard input.
fn analyze_stdin(input: &[u8]) -> Output {
    let mut child = storyline()
        .args(["analyze", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn reads_standard_input() {
    let out =
        analyze_stdin(b"{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"b\",\"text\":\"Two.\"}\n");
    assert_status(&out, 0);
    let report = json_of(&out);
    assert_eq!(doc(&report, "b")["source"], "-#2");

    // Plain text on stdin: no file name, so the id is a content hash.
    let report = json_of(&analyze_stdin("Tomás Varga arrived.".as_bytes()));
    let id = report["documents"][0]["id"].as_str().unwrap();
    assert!(id.starts_with('h') && id.len() == 17, "{id}");
    assert_eq!(report["documents"][0]["source"], "-");
}

/// A crawl of the example HTML page: one gzip member per record, as
/// crawlers write them, with request and non-HTML records to pass over.
fn write_warc_gz(path: &Path, truncate_last: bool) {
    use flate2::Compression;
    use flate2::write::GzEncoder;
    let html = std::fs::read(examples().join("articles/calder-courier-what-we-know.html")).unwrap();
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n".to_vec();
    http.extend_from_slice(&html);
    let record = |kind: &str, id: &str, content_type: &str, block: &[u8]| {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2024-03-12T13:10:00Z\r\nWARC-Target-URI: https://www.caldercourier.example/x\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    };
    let records = [
        record(
            "warcinfo",
            "info-1",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        record(
            "request",
            "req-1",
            "application/http; msgtype=request",
            b"GET /x HTTP/1.1\r\n\r\n",
        ),
        record(
            "response",
            "resp-1",
            "application/http; msgtype=response",
            &http,
        ),
        record(
            "response",
            "img-1",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ),
        record(
            "response",
            "resp-2",
            "application/http; msgtype=response",
            &http,
        ),
    ];
    let mut file = Vec::new();
    for r in &records {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(r).unwrap();
        file.extend(gz.finish().unwrap());
    }
    if truncate_last {
        file.truncate(file.len() - 200);
    }
    std::fs::write(path, file).unwrap();
}

#[test]
fn reads_warc_gz_and_reports_truncation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc.gz");
    write_warc_gz(&path, false);
    let out = run(&["analyze", path.to_str().unwrap()]);
    assert_status(&out, 0);
    let report = json_of(&out);
    let first = doc(&report, "resp-1");
    assert_eq!(first["format"], "warc");
    assert!(
        first["source"]
            .as_str()
            .unwrap()
            .ends_with("crawl.warc.gz#3")
    );
    assert_eq!(
        first["url"], "https://www.caldercourier.example/x",
        "the record's URL"
    );
    assert_eq!(
        first["published"], "2024-03-12T14:05:00+01:00",
        "the page's own date"
    );
    assert_eq!(report["documents"].as_array().unwrap().len(), 2);

    let truncated = dir.path().join("cut.warc.gz");
    write_warc_gz(&truncated, true);
    let out = run(&["analyze", truncated.to_str().unwrap()]);
    assert_status(&out, 1);
    let report = json_of(&out);
    assert_eq!(
        report["documents"].as_array().unwrap().len(),
        1,
        "records before the damage are kept"
    );
    let error = &report["errors"][0];
    assert!(
        error["source"].as_str().unwrap().ends_with("cut.warc.gz#5"),
        "{error}"
    );
}

#[test]
fn ids_stay_unique_across_directories() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(
            dir.path().join(sub).join("story.txt"),
            format!("Report from {sub}."),
        )
        .unwrap();
    }
    let out = run(&["analyze", dir.path().to_str().unwrap()]);
    let report = json_of(&out);
    assert_eq!(report["documents"][0]["id"], "story");
    assert_eq!(report["documents"][1]["id"], "story~2");
    assert_eq!(report["documents"][1]["defects"][0]["kind"], "duplicate-id");
    // `text` resolves ids the same way.
    let text = run(&["text", "story~2", dir.path().to_str().unwrap()]);
    assert_eq!(text.stdout, b"Report from b.");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["analyze"]).status.code(), Some(2));
    assert_eq!(
        run(&["analyze", "--format", "yaml", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let bad = run(&[
        "analyze",
        "--event-threshold",
        "2",
        examples().to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--event-threshold"));
    for (option, value) in [
        ("--time-strictness", "0"),
        ("--time-grace", "nan"),
        ("--event-grain", "weekly"),
    ] {
        let bad = run(&["analyze", option, value, examples().to_str().unwrap()]);
        assert_eq!(bad.status.code(), Some(2), "{option} {value}");
        assert!(String::from_utf8_lossy(&bad.stderr).contains(option));
    }
}
