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
}
