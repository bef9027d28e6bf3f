//! The HTML report in a real browser: headless Chromium (Debian's
//! `chromium`) opens the examples' report, a citation is clicked, and the
//! panel it opens must show the cited span, marked, exactly as the source
//! has it. A phone-width screenshot is saved for the test log.
//!
//! Chromium is driven without WebDriver: the test adds a script to a copy of
//! the page that clicks the first citation once the page has loaded and
//! writes what it sees into the page, and `chromium --dump-dom` prints the
//! page after its scripts ran. Without Chromium the test is skipped with a
//! message, and fails instead when `STORYLINE_REQUIRE_BROWSER=1` (as in
//! `.ci/run`, which installs it).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Chromium headless, with the flags a closed network needs (no background
/// connections) and a profile of its own.
fn headless(chromium: &Path, profile: &Path) -> Command {
    let mut command = Command::new(chromium);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The clicking script: records whether the first citation's panel was
/// hidden, clicks the citation, and records what the panel then shows.
const PROBE: &str = r#"<script>
window.addEventListener("load", function () {
  var b = document.querySelector("button.cite");
  var p = document.getElementById(b.getAttribute("aria-controls"));
  var before = p.hidden;
  b.click();
  var m = p.querySelector("mark");
  var r = { before: before, after: p.hidden, expanded: b.getAttribute("aria-expanded"),
            visible: p.offsetParent !== null, mark: m ? m.textContent : null };
  var out = document.createElement("pre");
  out.id = "storyline-probe";
  out.textContent = JSON.stringify(r);
  document.body.appendChild(out);
  b.scrollIntoView();
});
</script>"#;

#[test]
fn a_citation_click_reveals_its_span_in_chromium() {
    let Some(chromium) = chromium() else {
        if std::env::var("STORYLINE_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("chromium is not installed and STORYLINE_REQUIRE_BROWSER=1");
        }
        eprintln!("skipping: chromium is not installed (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let report = dir.path().join("report.html");
    let json = dir.path().join("report.json");
    for (format, out) in [("html", &report), ("json", &json)] {
        let status = Command::new(env!("CARGO_BIN_EXE_storyline"))
            .args(["analyze", "-q", "--with-text", "--format", format, "-o"])
            .arg(out)
            .arg(&examples)
            .status()
            .unwrap();
        assert!(status.success());
    }
    // Every cited span of the report, as text.
    let parsed: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let texts: std::collections::HashMap<&str, &str> = parsed["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["text"].as_str().unwrap()))
        .collect();
    let mut cited: Vec<String> = Vec::new();
    for event in parsed["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["events"].as_array().unwrap())
    {
        for sentence in event["brief"].as_array().unwrap() {
            for c in sentence["citations"].as_array().unwrap() {
                let text = texts[c["document"].as_str().unwrap()];
                let (start, end) = (c["start"].as_u64().unwrap(), c["end"].as_u64().unwrap());
                cited.push(text[start as usize..end as usize].to_string());
            }
        }
    }
    assert!(!cited.is_empty());

    let html = std::fs::read_to_string(&report).unwrap();
    let probed = html.replacen("</body>", &format!("{PROBE}</body>"), 1);
    let page = dir.path().join("probe.html");
    std::fs::write(&page, probed).unwrap();
    let url = format!("file://{}", page.display());

    let profile = dir.path().join("profile");
    let out = headless(&chromium, &profile)
        .args(["--virtual-time-budget=3000", "--dump-dom"])
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"storyline-probe\">").unwrap_or_else(|| {
        panic!(
            "the probe did not run: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "<pre id=\"storyline-probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let seen: Value = serde_json::from_str(&unescape(&dom[start..end])).unwrap();
    assert_eq!(seen["before"], true, "{seen}");
    assert_eq!(seen["after"], false, "{seen}");
    assert_eq!(seen["expanded"], "true", "{seen}");
    assert_eq!(seen["visible"], true, "{seen}");
    let mark = seen["mark"].as_str().expect("the panel marks a span");
    assert!(
        cited.iter().any(|c| c == mark),
        "the marked text is no cited span: {mark:?}"
    );

    // A phone-width screenshot of the page after the click, for the log.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("examples-report-citation.png");
    let _ = std::fs::remove_file(&shot);
    let status = headless(&chromium, &profile)
        .args(["--virtual-time-budget=3000", "--window-size=412,1600"])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 10_000,
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    eprintln!("screenshot: {} ({size} bytes)", shot.display());
}
