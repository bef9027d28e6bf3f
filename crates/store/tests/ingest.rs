//! Incremental ingest against the batch pipeline, on the repository's
//! examples (always there), the shared seeds, and articles written here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use storyline_core::{Citation, Report};
use storyline_pipeline::{Options, Quiet};
use storyline_store::{IngestOptions, Store};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles")
}

use storyline_testdata::shared_dir_for_test as shared;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The partition of documents into events, as sets of ids.
fn partition_of_report(report: &Report) -> BTreeSet<BTreeSet<String>> {
    report
        .stories
        .iter()
        .flat_map(|s| &s.events)
        .map(|e| e.documents.iter().map(|d| d.0.clone()).collect())
        .collect()
}

fn partition_of_store(store: &Store) -> BTreeSet<BTreeSet<String>> {
    store
        .stories(10_000, 0)
        .unwrap()
        .iter()
        .flat_map(|s| &s.events)
        .map(|e| {
            let report = store.event(&e.id).unwrap().unwrap();
            partition_of_report(&report).into_iter().next().unwrap()
        })
        .collect()
}

fn batch_partition(paths: &[PathBuf]) -> BTreeSet<BTreeSet<String>> {
    partition_of_report(&storyline_pipeline::analyze(
        paths,
        &Options::default(),
        &Quiet,
    ))
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("store.db")).unwrap();
    (dir, store)
}

/// Every citation of every stored event slices the stored text of its
/// document on character boundaries, and brief sentences and quotes say
/// exactly what they cite.
fn assert_citations_exact(store: &Store) {
    let mut checked = 0;
    for story in store.stories(10_000, 0).unwrap() {
        for e in &story.events {
            let report = store.event(&e.id).unwrap().unwrap();
            let event = &report.stories[0].events[0];
            let slice = |c: &Citation| -> String {
                let doc = store.document(c.document.as_str()).unwrap().unwrap();
                let text = doc.text.unwrap();
                text.get(c.start..c.end)
                    .unwrap_or_else(|| panic!("{c:?} is not a span of {}", c.document))
                    .to_string()
            };
            for item in &event.brief {
                assert_eq!(slice(&item.citations[0]), item.text);
                checked += 1;
            }
            for quote in &event.quotes {
                assert_eq!(slice(&quote.citations[0]), quote.text);
                checked += 1;
            }
            for c in event
                .quantities
                .iter()
                .flat_map(|q| &q.citations)
                .chain(event.timeline.iter().flat_map(|t| &t.citations))
                .chain(
                    report
                        .entities
                        .iter()
                        .flat_map(|e| e.roles.iter().flat_map(|r| &r.citations)),
                )
            {
                slice(c);
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no citations were checked");
}

#[test]
fn one_batch_gives_the_events_of_a_batch_run() {
    let (_dir, mut store) = temp_store();
    let summary = store
        .ingest_paths(&[examples()], &IngestOptions::default())
        .unwrap();
    assert!(summary.errors.is_empty(), "{:?}", summary.errors);
    assert_eq!(summary.batch, Some(1));
    assert_eq!(partition_of_store(&store), batch_partition(&[examples()]));
    store.check().unwrap();
    assert_citations_exact(&store);
}

#[test]
fn documents_arriving_in_batches_join_the_events_already_stored() {
    let all = files(&examples());
    let (_dir, mut store) = temp_store();
    let (first, rest) = all.split_at(all.len() / 2);
    let options = IngestOptions::default();
    let one = store.ingest_paths(first, &options).unwrap();
    let two = store.ingest_paths(rest, &options).unwrap();
    assert!(!one.added.is_empty() && !two.added.is_empty());
    // The second batch changed events, and only those it touched carry its
    // batch number.
    assert!(!two.events_changed.is_empty());
    for story in store.stories(100, 0).unwrap() {
        for e in story.events {
            assert_eq!(
                e.updated_batch == 2,
                two.events_changed.contains(&e.id),
                "{e:?}"
            );
        }
    }
    assert_eq!(partition_of_store(&store), batch_partition(&[examples()]));
    store.check().unwrap();
    assert_citations_exact(&store);
}

#[test]
fn a_store_reopened_by_another_process_continues_where_it_stopped() {
    let all = files(&examples());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let options = IngestOptions::default();
    for chunk in all.chunks(3) {
        // A new connection each time: the clusterer is rebuilt from the
        // stored terms.
        let mut store = Store::open(&path).unwrap();
        store.ingest_paths(chunk, &options).unwrap();
    }
    let reopened = Store::open(&path).unwrap();
    let mut kept = Store::open(&dir.path().join("kept.db")).unwrap();
    for chunk in all.chunks(3) {
        kept.ingest_paths(chunk, &options).unwrap();
    }
    assert_eq!(partition_of_store(&reopened), partition_of_store(&kept));
    reopened.check().unwrap();
}

#[test]
fn ingesting_the_same_documents_again_changes_nothing() {
    let (_dir, mut store) = temp_store();
    let options = IngestOptions::default();
    let first = store.ingest_paths(&[examples()], &options).unwrap();
    let before = partition_of_store(&store);
    let again = store.ingest_paths(&[examples()], &options).unwrap();
    assert_eq!(again.batch, None);
    assert!(again.added.is_empty());
    assert_eq!(again.unchanged.len(), first.added.len());
    assert!(again.events_changed.is_empty());
    assert_eq!(store.stats().unwrap().batches, 1);
    assert_eq!(partition_of_store(&store), before);
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const HARBOUR: &str = "Harbour crane collapses in Nørrevik\n\nA container crane collapsed at the port of Nørrevik on Tuesday, injuring four dock workers, the harbour authority said. “The crane’s boom gave way during a routine lift,” said harbour master Ingrid Solheim. Operations at the southern quay were suspended while inspectors from the maritime safety board examined the wreckage. The operator, Fjordline Logistics, said it would cooperate with the inquiry and that all four injured workers were in stable condition. Ships bound for the southern quay were diverted to the northern terminal, where the authority said delays of up to two days were expected. 港口 officials said the crane was installed in 2009.\n";

#[test]
fn a_copy_arriving_later_joins_its_canonical_copy_and_a_new_text_under_an_old_id_is_kept() {
    let inputs = tempfile::tempdir().unwrap();
    let (_dir, mut store) = temp_store();
    let options = IngestOptions::default();
    let a = write(inputs.path(), "harbour-a.txt", HARBOUR);
    store.ingest_paths(&[a], &options).unwrap();
    let b = write(inputs.path(), "harbour-b.txt", HARBOUR);
    let summary = store.ingest_paths(&[b], &options).unwrap();
    assert_eq!(summary.duplicates, 1);
    let copy = store.document("harbour-b").unwrap().unwrap();
    assert_eq!(copy.duplicate_of.as_ref().unwrap().as_str(), "harbour-a");
    let partition = partition_of_store(&store);
    assert!(
        partition.contains(&BTreeSet::from([
            "harbour-a".to_string(),
            "harbour-b".to_string()
        ])),
        "{partition:?}"
    );
    // The event's report lists the copy with its canonical copy.
    let event = &summary.events_changed[0];
    let report = store.event(event).unwrap().unwrap();
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.duplicates[0].documents[0].as_str(), "harbour-a");

    // The same id with an edited text: a second version, not an overwrite.
    let edited = HARBOUR.replace("four dock workers", "five dock workers");
    let dir2 = tempfile::tempdir().unwrap();
    let a2 = write(dir2.path(), "harbour-a.txt", &edited);
    let summary = store
        .ingest_paths(std::slice::from_ref(&a2), &options)
        .unwrap();
    assert_eq!(summary.added, vec!["harbour-a~2".to_string()]);
    let v2 = store.document("harbour-a~2").unwrap().unwrap();
    assert!(v2.defects.iter().any(|d| d.kind == "duplicate-id"));
    assert_eq!(
        store.document("harbour-a").unwrap().unwrap().text.unwrap(),
        HARBOUR
    );
    // ... and that version again is a no-op.
    let again = store.ingest_paths(&[a2], &options).unwrap();
    assert_eq!(again.unchanged, vec!["harbour-a".to_string()]);
    store.check().unwrap();
}

#[test]
fn search_finds_words_accents_and_survives_bad_syntax() {
    let inputs = tempfile::tempdir().unwrap();
    let (_dir, mut store) = temp_store();
    let a = write(inputs.path(), "harbour.txt", HARBOUR);
    store.ingest_paths(&[a], &IngestOptions::default()).unwrap();
    let hits = store.search("crane inspectors", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].document, "harbour");
    assert!(hits[0].event.is_some());
    assert!(hits[0].snippet.contains("[crane]"), "{}", hits[0].snippet);
    // Accents fold: "Norrevik" finds "Nørrevik"? ø is not a diacritic in
    // Unicode, but "Solheim" and quoted phrases work.
    assert_eq!(store.search("\"harbour master\"", 10).unwrap().len(), 1);
    // Not FTS5 syntax: searched as plain words instead of failing.
    assert_eq!(store.search("crane's \"boom", 10).unwrap().len(), 1);
    assert!(store.search("", 10).unwrap().is_empty());
    assert!(store.search("zeppelin", 10).unwrap().is_empty());
}

#[test]
fn the_seeds_make_their_two_events_in_a_store_too() {
    let Some(seeds) = shared("seeds") else { return };
    let all = files(&seeds);
    let (_dir, mut store) = temp_store();
    // One article at a time, as a monitor would see them.
    for file in &all {
        let s = store
            .ingest_paths(std::slice::from_ref(file), &IngestOptions::default())
            .unwrap();
        assert!(s.errors.is_empty(), "{:?}", s.errors);
    }
    let partition = partition_of_store(&store);
    assert_eq!(partition, batch_partition(&[seeds]), "{partition:?}");
    assert_eq!(partition.len(), 2);
    assert_eq!(store.stories(10, 0).unwrap().len(), 1, "one story");
    store.check().unwrap();
    assert_citations_exact(&store);
}

#[test]
fn deferred_reports_are_provisional_until_rebuilt_and_then_equal_the_immediate_ones() {
    let all = files(&examples());
    let (_a, mut now) = temp_store();
    let (_b, mut later) = temp_store();
    let deferred = IngestOptions {
        defer_reports: true,
        ..IngestOptions::default()
    };
    for chunk in all.chunks(4) {
        now.ingest_paths(chunk, &IngestOptions::default()).unwrap();
        let s = later.ingest_paths(chunk, &deferred).unwrap();
        assert!(s.reports_pending > 0);
    }
    // Before the rebuild: every event readable, consistent, marked pending;
    // new events have a provisional report with their documents but no
    // brief.
    later.check().unwrap();
    let pending = later.pending_reports().unwrap();
    assert!(pending > 0);
    let stories = later.stories(100, 0).unwrap();
    assert!(stories.iter().flat_map(|s| &s.events).all(|e| e.pending));
    let first = &stories[0].events[0];
    let provisional = later.event(&first.id).unwrap().unwrap();
    assert_eq!(provisional.documents.len(), first.documents);
    assert!(provisional.stories[0].events[0].brief.is_empty());
    assert!(later.event_brief(&first.id).unwrap().unwrap().1);

    let mut rebuilt = 0;
    loop {
        let done = later.rebuild_stale(&deferred, 3).unwrap();
        if done.is_empty() {
            break;
        }
        rebuilt += done.len();
    }
    assert_eq!(rebuilt, pending);
    assert_eq!(later.pending_reports().unwrap(), 0);
    later.check().unwrap();
    // The same events with the same reports as when rebuilt at once.
    let json = |store: &Store| -> Vec<String> {
        store
            .stories(100, 0)
            .unwrap()
            .iter()
            .flat_map(|s| s.events.clone())
            .map(|e| serde_json::to_string(&store.event(&e.id).unwrap().unwrap()).unwrap())
            .collect()
    };
    assert_eq!(json(&later), json(&now));
    let (brief, pending) = later.event_brief(&first.id).unwrap().unwrap();
    assert!(!pending);
    let brief: serde_json::Value = serde_json::from_str(&brief).unwrap();
    assert!(!brief["brief"].as_array().unwrap().is_empty());
    // And `storyline ingest` (immediate) rebuilds whatever a server left.
    let (_c, mut mixed) = temp_store();
    mixed.ingest_paths(&all[..3], &deferred).unwrap();
    assert!(mixed.pending_reports().unwrap() > 0);
    mixed
        .ingest_paths(&all[3..], &IngestOptions::default())
        .unwrap();
    assert_eq!(mixed.pending_reports().unwrap(), 0);
}

fn raws_of(paths: &[PathBuf]) -> Vec<storyline_read::Raw> {
    let mut raws = Vec::new();
    for input in storyline_read::expand(paths).inputs {
        raws.extend(storyline_read::records(&input).map(Result::unwrap));
    }
    raws
}

#[test]
fn a_batch_deduplicated_before_the_write_lock_ends_as_one_deduplicated_under_it() {
    let all = files(&examples());
    let options = IngestOptions::default();
    let (_a, mut direct) = temp_store();
    let (_b, mut early) = temp_store();
    for chunk in all.chunks(3) {
        direct.ingest_paths(chunk, &options).unwrap();
        let prepared = early.prepare_batch(raws_of(chunk), &options).unwrap();
        early.ingest_prepared(prepared, &options).unwrap();
    }
    assert_eq!(partition_of_store(&early), partition_of_store(&direct));
    let copies = |store: &Store| -> Vec<(String, Option<String>)> {
        let mut out: Vec<(String, Option<String>)> = store
            .stories(100, 0)
            .unwrap()
            .iter()
            .flat_map(|s| s.events.clone())
            .flat_map(|e| store.event(&e.id).unwrap().unwrap().documents)
            .map(|d| (d.id.0, d.duplicate_of.map(|c| c.0)))
            .collect();
        out.sort();
        out
    };
    assert_eq!(copies(&early), copies(&direct));
    early.check().unwrap();
}

#[test]
fn a_copy_of_a_document_committed_while_its_batch_waited_is_still_found() {
    let inputs = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let options = IngestOptions::default();
    let mut first = Store::open(&path).unwrap();
    let mut second = Store::open(&path).unwrap();
    // Something unrelated, so that the store is not empty.
    first
        .ingest_paths(&files(&examples())[..2], &options)
        .unwrap();
    // The copy's batch is deduplicated against the store as it is now...
    let copy = write(inputs.path(), "harbour-copy.txt", HARBOUR);
    let prepared = first.prepare_batch(raws_of(&[copy]), &options).unwrap();
    // ... then another writer commits the original ...
    let original = write(inputs.path(), "harbour-original.txt", HARBOUR);
    second.ingest_paths(&[original], &options).unwrap();
    // ... and the copy, committed after it, is found to copy it.
    let summary = first.ingest_prepared(prepared, &options).unwrap();
    assert_eq!(summary.duplicates, 1);
    let stored = first.document("harbour-copy").unwrap().unwrap();
    assert_eq!(
        stored.duplicate_of.as_ref().map(|d| d.as_str()),
        Some("harbour-original")
    );
    first.check().unwrap();
}

#[test]
fn a_writer_leaving_checkpoints_to_another_connection_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let mut writer = Store::open(&path).unwrap();
    writer.leave_checkpoints_to_caller().unwrap();
    let checkpointer = Store::open(&path).unwrap();
    let all = files(&examples());
    let (first, rest) = all.split_at(all.len() / 2);
    let options = IngestOptions::default();
    writer.ingest_paths(first, &options).unwrap();
    // Nothing reads: the whole log goes into the database file.
    let done = checkpointer.checkpoint().unwrap();
    assert!(done.log_pages > 0, "{done:?}");
    assert_eq!(done.copied_pages, done.log_pages);
    // The writer goes on after a checkpoint (the log restarts) and readers
    // see every batch.
    writer.ingest_paths(rest, &options).unwrap();
    checkpointer.checkpoint().unwrap();
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(partition_of_store(&reader), batch_partition(&[examples()]));
    checkpointer.check().unwrap();
}

/// Three articles of one outlet, each in a batch of its own, end with the
/// same sign-off line. `storyline analyze` finds it as boilerplate when it
/// sees the three at once; the store, which counts each outlet's lines as
/// batches commit, finds it once the third arrives.
#[test]
fn a_line_an_outlet_repeats_is_boilerplate_across_batches() {
    const FOOTER: &str = "Abonnez-vous à la lettre d’information du Courrier — c’est gratuit.";
    let stories = [
        (
            "courrier-1",
            "Le pont de Saint-Étienne rouvre",
            "Le pont de Saint-Étienne a rouvert lundi après huit mois de travaux, a annoncé la \
             maire Élodie Marchand. Les camions de plus de 19 tonnes restent interdits.",
        ),
        (
            "courrier-2",
            "Grève des bus à Grenoble",
            "Les conducteurs de bus de Grenoble ont cessé le travail mardi pour réclamer une \
             hausse de salaire de 4 %, selon le syndicat SUD. La direction parle de « dialogue ».",
        ),
        (
            "courrier-3",
            "Un festival de jazz à Annecy",
            "Le festival de jazz d’Annecy accueillera 40 concerts en juillet, dont trois gratuits \
             au bord du lac, ont dit les organisateurs jeudi.",
        ),
    ];
    let inputs = tempfile::tempdir().unwrap();
    let (_dir, mut store) = temp_store();
    let options = IngestOptions::default();
    for (id, title, body) in stories {
        let record = serde_json::json!({
            "id": id,
            "title": title,
            "outlet": "lecourrier.example",
            "text": format!("{body}\n{FOOTER}"),
        });
        let path = write(inputs.path(), &format!("{id}.json"), &record.to_string());
        store.ingest_paths(&[path], &options).unwrap();
    }
    let boilerplate = |id: &str| {
        let doc = store.document(id).unwrap().unwrap();
        let text = doc.text.clone().unwrap();
        doc.defects
            .iter()
            .filter(|d| d.kind == "boilerplate")
            .flat_map(|d| d.spans.iter().map(|s| text[s.start..s.end].to_string()))
            .collect::<Vec<_>>()
    };
    // Twice is not yet a habit; the third time it is.
    assert!(boilerplate("courrier-1").is_empty());
    assert!(boilerplate("courrier-2").is_empty());
    assert_eq!(boilerplate("courrier-3"), [FOOTER]);
    // The same three at once find it in all three.
    let paths: Vec<PathBuf> = files(inputs.path());
    let report = storyline_pipeline::analyze(&paths, &Options::default(), &Quiet);
    for d in &report.documents {
        assert!(
            d.defects.iter().any(|x| x.kind == "boilerplate"),
            "{}",
            d.id.as_str()
        );
    }
    store.check().unwrap();
}
