//! The web pages of `storyline serve` in a real browser: the seeds
//! (`../shared/seeds`) and the repository's `examples/` are ingested into a
//! temporary store by the real binary, `storyline serve` serves it on a free
//! loopback port, and headless Chromium, driven through Debian's
//! `chromedriver` over the W3C WebDriver protocol (see
//! `support/webdriver.rs`), reads the story list, opens the seeds' main
//! event, follows the first citation of its brief to the document page and
//! checks that the marked span is exactly the one the JSON API cites, then
//! searches. Phone-width screenshots of each page go to
//! `target/tmp/serve-browser/`.
//!
//! Without `chromedriver` or Chromium the test is skipped with a message,
//! and fails instead when `STORYLINE_REQUIRE_BROWSER=1`; without
//! `../shared/seeds` it is skipped, and fails when
//! `STORYLINE_REQUIRE_SHARED=1`. The server and the driver are stopped
//! whatever happens (drop guards); the server must stop cleanly on SIGTERM.

#[path = "support/webdriver.rs"]
mod webdriver;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;
use webdriver::{Driver, request};

const TOKEN: &str = "serve-browser-test-token";

fn seeds() -> Option<PathBuf> {
    storyline_testdata::shared_dir_for_test("seeds")
}

/// `chromedriver` and the Chromium it drives.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let find = |paths: &[&str]| paths.iter().map(PathBuf::from).find(|p| p.exists());
    let driver = find(&["/usr/bin/chromedriver"]);
    let chromium = find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
    match (driver, chromium) {
        (Some(d), Some(c)) => Some((d, c)),
        (d, c) => {
            let missing = if d.is_none() { "chromedriver" } else { "" };
            let missing = match (missing, c.is_none()) {
                ("", true) => "chromium".to_string(),
                (m, true) => format!("{m} and chromium"),
                (m, false) => m.to_string(),
            };
            if std::env::var("STORYLINE_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!("{missing} not installed and STORYLINE_REQUIRE_BROWSER=1");
            }
            eprintln!(
                "skipping: {missing} not installed (apt-get install chromium chromium-driver)"
            );
            None
        }
    }
}

/// A running `storyline serve`; killed when dropped, unless stopped.
struct Server {
    child: Option<Child>,
    addr: String,
    log: PathBuf,
}

impl Server {
    fn start(db: &Path, log: PathBuf) -> Server {
        let stderr = std::fs::File::create(&log).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
            .args(["serve", "--db"])
            .arg(db)
            .args(["--bind", "127.0.0.1:0", "--token", TOKEN])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut server = Server {
            child: Some(child),
            addr: String::new(),
            log,
        };
        // The first line says where it listens; the rest is drained.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = tx.send(lines.next());
            for _ in lines {}
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Some(Ok(line))) => line,
            other => panic!(
                "storyline serve printed no address ({other:?}): {}",
                server.log_text()
            ),
        };
        let url = line
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        server.addr = url.trim().trim_end_matches('/').to_string();
        server
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn get_json(&self, path: &str) -> Value {
        let r = request(&self.addr, "GET", path, &[], None).unwrap();
        assert_eq!(r.status, 200, "GET {path}: {}", r.text());
        r.json()
    }

    /// SIGTERM, then the exit status (within 15 s).
    fn stop(mut self) -> ExitStatus {
        let mut child = self.child.take().unwrap();
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("storyline serve did not stop within 15 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            if std::thread::panicking() {
                eprintln!("storyline serve's log:\n{}", self.log_text());
            }
        }
    }
}

fn ingest(db: &Path, path: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["ingest", "--db"])
        .arg(db)
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "storyline ingest {} failed: {}{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    eprintln!(
        "ingest {}: {}",
        path.display(),
        summary.chars().take(300).collect::<String>()
    );
}

/// The leading number of "4 sources" or "1 article".
fn count(text: &str) -> u64 {
    text.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {text:?}"))
}

/// Saves a screenshot of the viewport, after checking that the page fits
/// the phone's width (no sideways scrolling).
fn save(driver: &Driver, dir: &Path, name: &str) {
    let layout = driver.execute(
        "return [window.innerWidth, document.documentElement.scrollWidth];",
        serde_json::json!([]),
    );
    assert!(
        layout[1].as_u64() <= layout[0].as_u64() && layout[0] == 390,
        "{name}: [viewport width, page width] = {layout} at phone width"
    );
    let png = driver.screenshot();
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 5_000,
        "{name}: not a PNG screenshot ({} bytes)",
        png.len()
    );
    let path = dir.join(name);
    std::fs::write(&path, &png).unwrap();
    eprintln!("screenshot: {} ({} bytes)", path.display(), png.len());
}

/// The brief items of `event` in an answer of the API: `{"brief": [...]}`,
/// or a report in the shape of `analyze`'s (`stories[].events[].brief`).
fn brief_of(answer: &Value, event: &str) -> Vec<Value> {
    answer["brief"]
        .as_array()
        .or_else(|| {
            answer["stories"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|s| s["events"].as_array().into_iter().flatten())
                .find(|e| e["id"] == event)
                .and_then(|e| e["brief"].as_array())
        })
        .cloned()
        .unwrap_or_else(|| {
            let head: String = answer.to_string().chars().take(500).collect();
            panic!("no brief of {event} in {head}")
        })
}

/// `/documents/{doc}?start=S&end=E#cited` → (doc, S, E).
fn citation_target(href: &str) -> (String, usize, usize) {
    let path = href.split("/documents/").nth(1).expect("a document link");
    let (doc, rest) = path.split_once('?').expect("a query");
    let query = rest.split('#').next().unwrap();
    let param = |name: &str| -> usize {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {href}"))
    };
    (doc.to_string(), param("start"), param("end"))
}

#[test]
fn the_served_pages_work_in_chromium() {
    let Some(seeds) = seeds() else { return };
    let Some((chromedriver, chromium)) = browser() else {
        return;
    };
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    ingest(&db, &seeds);
    ingest(&db, &examples);
    let server = Server::start(&db, dir.path().join("serve.log"));

    // What the API says is there.
    let stories = server.get_json("/api/stories?limit=100");
    let api_events: Vec<Value> = stories["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .flat_map(|s| s["events"].as_array().cloned().unwrap_or_default())
        .collect();
    assert!(!api_events.is_empty(), "no events: {stories}");

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-browser");
    std::fs::create_dir_all(&shots).unwrap();
    let profile = dir.path().join("profile");
    let driver = Driver::start(
        &chromedriver,
        &chromium,
        &profile,
        &[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=500,900",
        ],
        (390, 844),
        dir.path().join("chromedriver.log"),
    )
    .unwrap_or_else(|e| panic!("{e}"));

    // The story list.
    driver.goto(&server.url("/"));
    let stories = driver.find_all("#stories li.story");
    let titles: Vec<String> = stories
        .iter()
        .map(|s| {
            s.find_all("h2.story-title")
                .first()
                .map(|h| h.text())
                .unwrap_or_default()
        })
        .collect();
    eprintln!("stories on /: {titles:#?}");
    assert!(
        titles.len() >= 2,
        "the seeds' and the examples' stories: {titles:?}"
    );
    let mentions = |text: &str, words: &[&str]| {
        let lower = text.to_lowercase();
        words.iter().any(|w| lower.contains(&w.to_lowercase()))
    };
    let seeds_words = ["Witkoff", "28-point", "Ukraine", "Putin", "Zelensk"];
    let examples_words = ["Merrow", "Brenmoor", "Calder", "dam"];
    let story_text: Vec<String> = stories
        .iter()
        .map(|s| s.property("textContent").as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        story_text.iter().any(|t| mentions(t, &seeds_words)),
        "no story of the seeds on /: {titles:?}"
    );
    assert!(
        story_text.iter().any(|t| mentions(t, &examples_words)),
        "no story of the examples on /: {titles:?}"
    );

    // Every listed event shows its counts, as the API has them.
    let mut main_event = None;
    for item in driver.find_all("#stories li.story ul.events li.event") {
        let link = &item.find_all("a.event-link")[0];
        let href = link.attribute("href").expect("an event link");
        let id = href
            .rsplit("/events/")
            .next()
            .unwrap()
            .split(['?', '#'])
            .next()
            .unwrap()
            .to_string();
        let sources = count(&item.find_all("span.sources")[0].text());
        let documents = count(&item.find_all("span.documents")[0].text());
        let api = api_events
            .iter()
            .find(|e| e["id"] == id.as_str())
            .unwrap_or_else(|| panic!("event {id} is listed on / but not in /api/stories"));
        assert_eq!(Some(sources), api["sources"].as_u64(), "sources of {id}");
        assert_eq!(
            Some(documents),
            api["documents"].as_u64(),
            "documents of {id}"
        );
        let title = link.text();
        if documents >= 4 && mentions(&title, &seeds_words) && main_event.is_none() {
            main_event = Some((id, title));
        }
    }
    let (event_id, event_title) =
        main_event.expect("the seeds' main event (4+ articles) is listed on /");
    eprintln!("the seeds' main event: {event_id}: {event_title}");
    save(&driver, &shots, "stories.png");

    // The event page.
    driver
        .find(&format!("a.event-link[href$='/events/{event_id}']"))
        .click();
    driver.wait_until("the event page", |d| {
        d.current_url().contains(&format!("/events/{event_id}"))
            && !d.find_all("#event-title").is_empty()
    });
    let heading = driver.find("#event-title").text();
    assert!(!heading.trim().is_empty(), "an event title");
    eprintln!("event page: {heading} ({})", driver.title());
    let items = driver.find_all("#brief li.brief-item");
    assert!(items.len() >= 3, "{} brief items", items.len());
    let differences = driver
        .find("#differences")
        .property("textContent")
        .as_str()
        .unwrap_or("")
        .to_string();
    for title in ["Secretary of War", "Secretary of Defense"] {
        assert!(
            differences.contains(title),
            "#differences does not mention {title:?}: {differences}"
        );
    }
    for section in ["#quotes", "#timeline", "#numbers", "#sources"] {
        assert!(
            !driver.find_all(section).is_empty(),
            "no {section} on the event page"
        );
    }
    save(&driver, &shots, "event.png");

    // The brief as the API has it, and its first citation's span.
    let brief = server.get_json(&format!("/api/events/{event_id}/brief?format=json"));
    let first_item_text = items[0]
        .property("textContent")
        .as_str()
        .unwrap_or("")
        .to_string();
    let citation = &items[0].find_all("a.citation")[0];
    let href = citation.attribute("href").expect("a citation link");
    let (doc, start, end) = citation_target(&href);
    let document = server.get_json(&format!("/api/documents/{doc}"));
    let text = document["text"].as_str().expect("the document's text");
    let cited = text.get(start..end).unwrap_or_else(|| {
        panic!(
            "{start}..{end} is not a span of {doc} ({} bytes)",
            text.len()
        )
    });
    // The API's brief cites the same span, and its first item's text is it.
    let brief_items = brief_of(&brief, &event_id);
    // The event's report has the same brief.
    let report = server.get_json(&format!("/api/events/{event_id}"));
    assert_eq!(
        brief_of(&report, &event_id),
        brief_items,
        "/api/events/{event_id} and its brief"
    );
    let api_item = &brief_items[0];
    let api_citation = &api_item["citations"][0];
    assert_eq!(api_citation["document"], doc.as_str(), "{api_item}");
    assert_eq!(api_citation["start"].as_u64(), Some(start as u64));
    assert_eq!(api_citation["end"].as_u64(), Some(end as u64));
    assert_eq!(api_item["text"].as_str(), Some(cited), "{api_item}");
    assert!(
        first_item_text.contains(cited),
        "the first brief item does not show its cited text: {first_item_text:?}"
    );

    // Following the citation marks exactly that span.
    citation.click();
    driver.wait_until("the document page", |d| {
        d.current_url().contains(&format!("/documents/{doc}"))
            && !d.find_all("#text mark#cited").is_empty()
    });
    let mark = driver.find("#text mark#cited");
    let marked = mark.property("textContent");
    assert_eq!(marked.as_str(), Some(cited), "the marked span");
    assert!(mark.is_displayed(), "the marked span is shown");
    let in_view = driver.execute(
        "var r = arguments[0].getBoundingClientRect(); \
         return r.top < window.innerHeight && r.bottom > 0;",
        serde_json::json!([mark.reference()]),
    );
    assert_eq!(in_view, true, "the page scrolled to the marked span");
    save(&driver, &shots, "document.png");

    // The search box.
    driver.goto(&server.url("/"));
    let q = driver.find("#search input[name=q]");
    q.clear();
    q.send_keys("Witkoff\u{E007}");
    driver.wait_until("the search results", |d| {
        d.current_url().contains("/search") && !d.find_all("#results").is_empty()
    });
    let results = driver.find_all("#results li.result");
    assert!(!results.is_empty(), "no results for Witkoff");
    eprintln!("search Witkoff: {} results", results.len());
    save(&driver, &shots, "search.png");

    drop(driver);
    let status = server.stop();
    assert!(status.success(), "storyline serve on SIGTERM: {status}");
}
