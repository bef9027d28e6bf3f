//! `storyline analyze --format html`: one self-contained page with the
//! events of the examples and every cited span marked in its source.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles")
}

fn run(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .output()
        .expect("storyline runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn html_output_has_the_events_and_their_marked_spans() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let examples = examples();
    let examples = examples.to_str().unwrap();
    run(&[
        "analyze",
        examples,
        "--with-text",
        "--format",
        "html",
        "-q",
        "-o",
        path.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert_eq!(html.matches("<script").count(), 1);
    assert!(!html.contains("src="));

    let json = run(&["analyze", examples, "--with-text", "-q"]);
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    let text_of = |id: &str| -> String {
        report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .and_then(|d| d["text"].as_str())
            .unwrap()
            .to_string()
    };
    let mut events = 0;
    let mut marks = 0;
    for story in report["stories"].as_array().unwrap() {
        for event in story["events"].as_array().unwrap() {
            events += 1;
            let title = event["title"].as_str().unwrap();
            assert!(html.contains(&escape(title)), "{title}");
            for sentence in event["brief"].as_array().unwrap() {
                for c in sentence["citations"].as_array().unwrap() {
                    let text = text_of(c["document"].as_str().unwrap());
                    let start = c["start"].as_u64().unwrap() as usize;
                    let end = c["end"].as_u64().unwrap() as usize;
                    let mark = format!("<mark>{}</mark>", escape(&text[start..end]));
                    assert!(html.contains(&mark), "{mark}");
                    marks += 1;
                }
            }
        }
    }
    assert!(events > 0, "the examples have events");
    assert!(marks > 0, "the examples' briefs have citations");
    assert!(html.matches("<mark>").count() >= marks);
}
