//! Nothing lost, nothing half-written: `storyline ingest` killed with
//! SIGKILL at moments spread over a batch leaves a store that opens, passes
//! the integrity and consistency checks, and holds exactly the batches that
//! committed: all of a batch or none of it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use storyline_store::Store;

fn storyline() -> Command {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
}

/// `n` invented articles, each distinct, as JSON Lines (multi-byte text
/// included).
fn articles(path: &Path, n: usize, tag: &str) {
    let places = [
        "Nørrevik",
        "Saint-Étienne-du-Lac",
        "Kraków",
        "Ōtsu",
        "São Brás",
    ];
    let things = [
        "bridge",
        "library",
        "tram line",
        "harbour wall",
        "school roof",
    ];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let place = places[i % places.len()];
        let thing = things[(i / places.len()) % things.len()];
        let mut text = format!(
            "Council in {place} approves {thing} repairs ({tag} {i})\n\nThe council of {place} voted on Monday to repair the {thing}, \
             a project it said would cost {} thousand euros. “We cannot wait another winter,” said councillor Agnès Ruiz-{i}. ",
            100 + i
        );
        for k in 0..12 {
            text.push_str(&format!(
                "Residents number {k} of item {i} told the {tag} meeting that the {thing} near the market had been closed since {} and that the detour cost them time. ",
                1990 + (i + k) % 30
            ));
        }
        let record = serde_json::json!({
            "id": format!("{tag}-{i}"),
            "title": format!("{place}: {thing} repairs approved ({tag} {i})"),
            "text": text,
            "outlet": format!("outlet-{}.example", i % 7),
            "published": format!("2026-03-{:02}T08:00:00Z", 1 + i % 28),
        });
        writeln!(out, "{record}").unwrap();
    }
}

fn ingest(db: &Path, input: &Path) -> Command {
    let mut command = storyline();
    command
        .args(["ingest", "-q", "--db"])
        .arg(db)
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn documents_of_batches(store: &Store) -> (usize, usize) {
    let stats = store.stats().unwrap();
    (stats.batches, stats.documents)
}

#[test]
fn a_killed_ingest_leaves_exactly_the_committed_batches() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.jsonl");
    let second = dir.path().join("second.jsonl");
    articles(&first, 40, "first");
    articles(&second, 300, "second");

    // How long an uninterrupted second batch takes, on a scratch store.
    let scratch = dir.path().join("scratch.db");
    assert!(ingest(&scratch, &first).status().unwrap().success());
    let started = Instant::now();
    assert!(ingest(&scratch, &second).status().unwrap().success());
    let full = started.elapsed();

    let mut committed_seen = 0;
    let mut interrupted = 0;
    for trial in 0..7 {
        let db: PathBuf = dir.path().join(format!("store-{trial}.db"));
        assert!(ingest(&db, &first).status().unwrap().success());
        // Kill at moments spread over the batch: reading, the stages, and
        // the write transaction near the end.
        let at = full.mul_f64(0.2 + 0.13 * trial as f64);
        let mut child = ingest(&db, &second).spawn().unwrap();
        std::thread::sleep(at);
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();

        let store = Store::open(&db).unwrap_or_else(|e| panic!("trial {trial}: {e}"));
        store
            .check()
            .unwrap_or_else(|e| panic!("trial {trial} (killed after {at:?}): {e}"));
        match documents_of_batches(&store) {
            (1, 40) => interrupted += 1,
            (2, 340) => committed_seen += 1,
            other => {
                panic!("trial {trial}: store holds {other:?} (batches, documents): part of a batch")
            }
        }
        if !finished {
            // The store goes on: the interrupted batch can be ingested again.
            drop(store);
            assert!(ingest(&db, &second).status().unwrap().success());
            let store = Store::open(&db).unwrap();
            store.check().unwrap();
            assert_eq!(documents_of_batches(&store).1, 340);
        }
    }
    eprintln!("full batch {full:?}: {interrupted} trials interrupted, {committed_seen} committed");
    assert!(
        interrupted > 0,
        "no trial interrupted a batch (full batch took {full:?}; committed in {committed_seen})"
    );
}
