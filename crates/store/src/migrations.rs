//! Versioned schema migrations.
//!
//! The schema's version is SQLite's `user_version`. Each entry of
//! [`MIGRATIONS`] takes a store from version `n` to `n + 1` and runs in its
//! own transaction together with the version bump, so a store is always
//! at exactly one version, never between two. Migrations are append-only:
//! a released step is never edited, a change is a new step (the tests open
//! a store built by every older version and migrate it).

use rusqlite::{Connection, TransactionBehavior};

/// The version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[derive(Debug)]
pub(crate) enum Error {
    Sqlite(rusqlite::Error),
    TooNew(i64),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

/// Step `i` takes version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the first store.
    r#"
    CREATE TABLE documents (
        num          INTEGER PRIMARY KEY,  -- arrival order; clustering numbers documents by it
        id           TEXT NOT NULL UNIQUE,
        text_hash    INTEGER NOT NULL,     -- xxh3 of the text: re-ingesting the same text is a no-op
        batch        INTEGER NOT NULL REFERENCES batches(id),
        title        TEXT,
        outlet       TEXT,
        published    TEXT,                 -- RFC 3339 when known
        published_at INTEGER,              -- the same, seconds since the epoch
        url          TEXT,
        doc          TEXT NOT NULL,        -- the Document (JSON) without its text
        text         TEXT NOT NULL,
        duplicate_of INTEGER REFERENCES documents(num),
        duplicate    TEXT                  -- how it copies its canonical copy (JSON), when it does
    );
    CREATE INDEX documents_duplicate_of ON documents(duplicate_of) WHERE duplicate_of IS NOT NULL;

    CREATE TABLE batches (
        id         INTEGER PRIMARY KEY,
        started_at INTEGER NOT NULL,       -- seconds since the epoch
        documents  INTEGER NOT NULL
    );

    -- What the per-document stages computed, kept so that they never run twice.
    CREATE TABLE analyses (
        num      INTEGER PRIMARY KEY REFERENCES documents(num),
        analysis TEXT NOT NULL             -- storyline_analyze::Analysis (JSON)
    );
    CREATE TABLE cluster_terms (
        num   INTEGER PRIMARY KEY REFERENCES documents(num),
        terms    BLOB NOT NULL,            -- storyline_cluster::DocTerms (terms.rs)
        excluded TEXT NOT NULL             -- normalized ranges later stages skip: [[start, end]] (JSON)
    );
    -- Dedup candidate keys of canonical copies: LSH bands, sampled seeds, exact hash.
    CREATE TABLE dedup_keys (
        key INTEGER NOT NULL,
        num INTEGER NOT NULL REFERENCES documents(num)
    );
    CREATE INDEX dedup_keys_key ON dedup_keys(key);
    -- Passages two canonical copies share (text reuse).
    CREATE TABLE reuse (
        a        INTEGER NOT NULL REFERENCES documents(num),
        b        INTEGER NOT NULL REFERENCES documents(num),
        passages TEXT NOT NULL,            -- [citation] (JSON)
        PRIMARY KEY (a, b)
    );
    CREATE INDEX reuse_b ON reuse(b);

    CREATE TABLE stories (
        id    TEXT PRIMARY KEY,
        title TEXT NOT NULL
    );
    CREATE TABLE events (
        id              TEXT PRIMARY KEY,
        story           TEXT NOT NULL REFERENCES stories(id),
        title           TEXT NOT NULL,
        documents       INTEGER NOT NULL,
        sources         INTEGER NOT NULL,
        first_published TEXT,
        last_published  TEXT,
        updated_batch   INTEGER NOT NULL,
        report          TEXT                -- the event's report (JSON); NULL while pending
    );
    CREATE INDEX events_story ON events(story);
    CREATE TABLE event_documents (
        num   INTEGER PRIMARY KEY REFERENCES documents(num),
        event TEXT NOT NULL REFERENCES events(id)
    );
    CREATE INDEX event_documents_event ON event_documents(event);
    CREATE TABLE entities (
        event   TEXT NOT NULL REFERENCES events(id),
        id      TEXT NOT NULL,
        name    TEXT NOT NULL,
        kind    TEXT NOT NULL,
        aliases TEXT NOT NULL,              -- [str] (JSON)
        PRIMARY KEY (event, id)
    );
    CREATE INDEX entities_name ON entities(name);
    CREATE TABLE quotes (
        event     TEXT NOT NULL REFERENCES events(id),
        speaker   TEXT,                     -- entity id
        text      TEXT NOT NULL,
        citations TEXT NOT NULL             -- [citation] (JSON)
    );
    CREATE INDEX quotes_event ON quotes(event);

    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='num', tokenize='unicode61 remove_diacritics 2'
    );
    "#,
    // 2: reports rebuilt apart from the batch that changed their event,
    // briefs served without parsing the whole report, stored fingerprints.
    r#"
    ALTER TABLE events ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;  -- 1: the report predates the event's last change
    ALTER TABLE events ADD COLUMN brief TEXT;                         -- {"event","title","documents","brief"} (JSON), as served
    CREATE INDEX events_stale ON events(stale) WHERE stale = 1;
    ALTER TABLE event_documents ADD COLUMN position INTEGER NOT NULL DEFAULT 0;  -- membership order, the most central first
    ALTER TABLE event_documents ADD COLUMN evidence TEXT;                        -- why a canonical copy is in the event (JSON)
    -- Canonical copies' dedup fingerprints (terms.rs), so that a later
    -- batch verifies copies without reading their text again. A store
    -- from version 1 has none: its candidates are fingerprinted from text.
    CREATE TABLE fingerprints (
        num         INTEGER PRIMARY KEY REFERENCES documents(num),
        fingerprint BLOB NOT NULL
    );
    "#,
    // 3: a dedup key's holders read from the index alone (a batch looks up
    // some hundred keys per document).
    r#"
    CREATE INDEX dedup_keys_key_num ON dedup_keys(key, num);
    DROP INDEX dedup_keys_key;
    "#,
    // 4: boilerplate found across batches. Per outlet, how many of its
    // stored documents, and in how many of them each short line (by the
    // hash of its words) appears. Documents stored before this version are
    // not counted.
    r#"
    CREATE TABLE outlet_documents (
        outlet    TEXT PRIMARY KEY,
        documents INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE outlet_lines (
        outlet    TEXT NOT NULL,
        line      INTEGER NOT NULL,         -- storyline_dedup::boilerplate::Line::hash
        documents INTEGER NOT NULL,
        PRIMARY KEY (outlet, line)
    ) WITHOUT ROWID;
    "#,
];

pub(crate) fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the store to [`SCHEMA_VERSION`], one step per transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), Error> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Brings the store to version `target` (tests stop at older versions).
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), Error> {
    loop {
        // Immediate: two processes opening a new store at once must not
        // both run step 1.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = version(&tx)?;
        if current > SCHEMA_VERSION {
            return Err(Error::TooNew(current));
        }
        if current >= target {
            return Ok(());
        }
        tx.execute_batch(MIGRATIONS[current as usize])?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_applies_in_order_and_only_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        for target in 0..=SCHEMA_VERSION {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, target).unwrap();
            assert_eq!(version(&conn).unwrap(), target);
        }
        // Opening again is a no-op.
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), SCHEMA_VERSION);
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }

    #[test]
    fn a_store_from_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert!(matches!(migrate(&mut conn), Err(Error::TooNew(_))));
    }

    /// A store written by the first version, with a document, an event and
    /// its report, opens in this one: migrated, consistent, readable.
    #[test]
    fn a_first_version_store_with_data_migrates_and_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, 1).unwrap();
            let text =
                "Fähre „Möwe“ läuft wieder aus. Der Hafen von Sassnitz meldet keine Schäden.";
            let doc = storyline_core::Document::new(
                storyline_core::DocumentId("faehre".into()),
                "faehre.txt".into(),
                storyline_core::Format::Txt,
                String::new(),
            );
            let event = storyline_core::Event {
                id: "e1".into(),
                title: "Fähre „Möwe“ läuft wieder aus.".into(),
                title_from: doc.id.clone(),
                published: None,
                documents: vec![doc.id.clone()],
                membership: Vec::new(),
                brief: vec![storyline_core::CitedText {
                    text: "Fähre „Möwe“ läuft wieder aus.".into(),
                    citations: vec![storyline_core::Citation {
                        document: doc.id.clone(),
                        start: 0,
                        end: "Fähre „Möwe“ läuft wieder aus.".len(),
                    }],
                }],
                quotes: Vec::new(),
                quantities: Vec::new(),
                conflicts: Vec::new(),
                timeline: Vec::new(),
            };
            let report = storyline_core::Report {
                stories: vec![storyline_core::Story {
                    id: "s1".into(),
                    title: event.title.clone(),
                    events: vec![event],
                }],
                ..Default::default()
            };
            conn.execute_batch(&format!(
                "INSERT INTO batches (id, started_at, documents) VALUES (1, 0, 1);
                 INSERT INTO documents (num, id, text_hash, batch, doc, text)
                     VALUES (1, 'faehre', 7, 1, '{doc}', '{text}');
                 INSERT INTO documents_fts (rowid, title, text) VALUES (1, '', '{text}');
                 INSERT INTO analyses (num, analysis) VALUES (1, '{analysis}');
                 INSERT INTO stories (id, title) VALUES ('s1', 'Fähre');
                 INSERT INTO events (id, story, title, documents, sources, updated_batch, report)
                     VALUES ('e1', 's1', 'Fähre', 1, 1, 1, '{report}');
                 INSERT INTO event_documents (num, event) VALUES (1, 'e1');",
                doc = serde_json::to_string(&doc).unwrap(),
                analysis = serde_json::to_string(&storyline_analyze::Analysis::default()).unwrap(),
                report = serde_json::to_string(&report).unwrap(),
            ))
            .unwrap();
        }
        let store = crate::Store::open(&path).unwrap();
        assert_eq!(store.stats().unwrap().schema_version, SCHEMA_VERSION);
        store.check().unwrap();
        let stories = store.stories(10, 0).unwrap();
        assert_eq!(stories[0].events[0].id, "e1");
        assert!(!stories[0].events[0].pending);
        // The brief of an event stored before briefs were kept apart.
        let (brief, pending) = store.event_brief("e1").unwrap().unwrap();
        assert!(!pending);
        let brief: serde_json::Value = serde_json::from_str(&brief).unwrap();
        assert_eq!(brief["brief"][0]["text"], "Fähre „Möwe“ läuft wieder aus.");
        assert_eq!(store.search("Sassnitz", 5).unwrap().len(), 1);
        assert_eq!(
            store.event_of_document("faehre").unwrap().as_deref(),
            Some("e1")
        );
    }
}
