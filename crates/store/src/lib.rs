//! The embedded store: one SQLite file that remembers what storyline has
//! read, so that news arriving every hour joins the events and stories
//! already there instead of the world being analyzed again.
//!
//! What it holds (`docs/store.md` has the schema):
//! - documents with their text and metadata, and an FTS5 index over titles
//!   and texts;
//! - per document, what the per-document stages computed once: the
//!   analysis (sentences, mentions, quotes, numbers, dates), the dedup
//!   signature's candidate keys, the clustering terms;
//! - events and stories, and per event its rendered report (brief, quotes,
//!   numbers, differences, timeline, sources) and its entities and quotes
//!   as rows.
//!
//! Invariants:
//! - Every ingest batch is one transaction: a reader (or a process opening
//!   the file after a crash) sees all of a batch or none of it.
//! - A document is stored once: re-ingesting the same id with the same text
//!   is a no-op.
//! - Only what a batch touches is recomputed: the new documents' stages,
//!   the dedup candidates they share keys with, and the events whose
//!   membership changed (their briefs are rebuilt; others are left as
//!   they are).
//! - The schema is versioned (`PRAGMA user_version`); [`Store::open`]
//!   migrates older files step by step, each step in its own transaction.

mod dedup;
mod ingest;
mod migrations;
mod queries;
mod reports;
mod terms;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;
use storyline_core::InputError;

pub use ingest::{IngestOptions, PreparedBatch, prepare_batch};
pub use migrations::SCHEMA_VERSION;

/// The store file used when none is given: `storyline.db` in the current
/// directory.
pub const DEFAULT_PATH: &str = "storyline.db";

/// What went wrong with the store itself (bad inputs are not errors here:
/// they are reported in [`IngestSummary::errors`] and the rest goes on).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "{path}: written by a newer storyline (schema version {found}, this one knows up to {known})"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{path}: {message}")]
    Corrupt { path: PathBuf, message: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open store.
///
/// A `Store` is one SQLite connection: use one per thread. Any number of
/// processes and threads may read while one writes (the file is in WAL
/// mode); writers wait for each other (up to a timeout).
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The clustering state, rebuilt from the stored terms the first time
    /// this connection ingests and kept up to date after that (see
    /// `ingest.rs`).
    clusterer: Option<ingest::Clusterer>,
}

/// What one ingest did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestSummary {
    /// The batch's number in the store (`None` when nothing was added).
    pub batch: Option<i64>,
    /// Documents added.
    pub added: Vec<String>,
    /// Documents already in the store with the same text (no-ops).
    pub unchanged: Vec<String>,
    /// Added documents that are copies of a stored or added document.
    pub duplicates: usize,
    /// Events created or changed (their briefs were rebuilt).
    pub events_changed: Vec<String>,
    /// Events that no longer exist (merged into a changed one).
    pub events_removed: Vec<String>,
    /// Inputs that could not be read; the rest of the batch went on.
    pub errors: Vec<InputError>,
    /// Events whose reports wait to be rebuilt (only when reports are
    /// deferred: [`IngestOptions::defer_reports`]).
    pub reports_pending: usize,
}

/// One line of the story list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    /// Its events, newest first.
    pub events: Vec<EventSummary>,
    /// The latest publication (or ingest) time among its documents,
    /// RFC 3339.
    pub latest: Option<String>,
}

/// One event in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventSummary {
    pub id: String,
    pub story: String,
    pub title: String,
    /// Documents, duplicates included.
    pub documents: usize,
    /// Distinct outlets (documents without an outlet count once each).
    pub sources: usize,
    /// Earliest and latest publication, RFC 3339, when known.
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    /// When the event last changed: the batch that changed it.
    pub updated_batch: i64,
    /// Its report predates its last change and is being rebuilt.
    pub pending: bool,
}

/// A search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub document: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// The event the document belongs to.
    pub event: Option<String>,
    /// A passage of the text around the matched words, with the matches
    /// between `[` and `]`.
    pub snippet: String,
}

/// What a [`Store::checkpoint`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// Pages in the write-ahead log.
    pub log_pages: usize,
    /// Of those, the pages now in the database file.
    pub copied_pages: usize,
}

/// Counts, for `storyline stories` and health checks.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StoreStats {
    pub documents: usize,
    pub events: usize,
    pub stories: usize,
    pub batches: usize,
    pub schema_version: i64,
    /// Events whose reports wait to be rebuilt.
    pub reports_pending: usize,
}

impl Store {
    /// Opens the store at `path`, creating it when missing and migrating it
    /// to [`SCHEMA_VERSION`] when older.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).map_err(|e| sqlite(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            clusterer: None,
        };
        store.configure()?;
        migrations::migrate(&mut store.conn).map_err(|e| match e {
            migrations::Error::Sqlite(e) => sqlite(path, e),
            migrations::Error::TooNew(found) => StoreError::TooNew {
                path: path.to_path_buf(),
                found,
                known: SCHEMA_VERSION,
            },
        })?;
        Ok(store)
    }

    /// Opens an existing store for reading only (the server's readers).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        use rusqlite::OpenFlags;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sqlite(path, e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            clusterer: None,
        };
        store
            .conn
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| sqlite(path, e))?;
        let version = migrations::version(&store.conn).map_err(|e| sqlite(path, e))?;
        if version != SCHEMA_VERSION {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                message: format!(
                    "schema version {version}, expected {SCHEMA_VERSION}: open it once for writing to migrate it"
                ),
            });
        }
        Ok(store)
    }

    fn configure(&self) -> Result<()> {
        let err = |e| sqlite(&self.path, e);
        self.conn
            .busy_timeout(std::time::Duration::from_secs(30))
            .map_err(err)?;
        // WAL: readers never block the writer nor see half a batch;
        // synchronous=NORMAL is durable at each checkpoint and never
        // corrupts on a crash (a power cut may lose the last commits,
        // a killed process loses nothing committed).
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(err)?;
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(err)?;
        // 64 MiB of page cache (the default is 2 MiB): an ingest looks up
        // keys and candidates all over the file.
        self.conn
            .pragma_update(None, "cache_size", -65_536)
            .map_err(err)?;
        // A burst of batches can grow the log past hundreds of megabytes
        // while readers keep it from restarting; once it restarts, the file
        // is cut back to this size.
        self.conn
            .pragma_update(None, "journal_size_limit", 64 << 20)
            .map_err(err)?;
        Ok(())
    }

    /// Leaves checkpoints (copying the write-ahead log into the database
    /// file) to [`Store::checkpoint`] calls: by default the connection that
    /// commits does it once the log passes 1,000 pages, inside the commit
    /// of whichever batch crosses the line. A server hands that to a
    /// thread of its own so that ingest never waits for it.
    pub fn leave_checkpoints_to_caller(&self) -> Result<()> {
        self.conn
            .pragma_update(None, "wal_autocheckpoint", 0)
            .map_err(|e| sqlite(&self.path, e))
    }

    /// Copies what the write-ahead log holds into the database file, as
    /// far as no reader still needs the log (SQLite's PASSIVE checkpoint:
    /// it neither waits for readers nor blocks the writer).
    pub fn checkpoint(&self) -> Result<Checkpoint> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
                Ok(Checkpoint {
                    log_pages: row.get::<_, i64>(1)?.max(0) as usize,
                    copied_pages: row.get::<_, i64>(2)?.max(0) as usize,
                })
            })
            .map_err(|e| sqlite(&self.path, e))
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs SQLite's integrity check and the store's own consistency
    /// checks (every document in one event, every event in a story).
    pub fn check(&self) -> Result<()> {
        queries::check(&self.conn).map_err(|e| self.wrap(e))
    }

    fn wrap(&self, e: queries::Error) -> StoreError {
        match e {
            queries::Error::Sqlite(e) => sqlite(&self.path, e),
            queries::Error::Corrupt(message) => StoreError::Corrupt {
                path: self.path.clone(),
                message,
            },
        }
    }

    pub fn stats(&self) -> Result<StoreStats> {
        queries::stats(&self.conn).map_err(|e| self.wrap(e))
    }

    /// Stories, the most recently updated first, each with its events
    /// newest first.
    pub fn stories(&self, limit: usize, offset: usize) -> Result<Vec<StorySummary>> {
        queries::stories(&self.conn, limit, offset).map_err(|e| self.wrap(e))
    }

    /// The event with id `id` as a report holding just it: its story (with
    /// this one event), its documents (without text), the entities it
    /// names, its duplicate groups and shared passages. Render it with
    /// `storyline-present` like any report.
    pub fn event(&self, id: &str) -> Result<Option<storyline_core::Report>> {
        queries::event(&self.conn, id).map_err(|e| self.wrap(e))
    }

    /// The event's brief as it is served: `{"event", "title", "documents",
    /// "brief": [cited text]}` (JSON, stored ready to send), and whether it
    /// is pending (its event changed since it was built).
    pub fn event_brief(&self, id: &str) -> Result<Option<(String, bool)>> {
        queries::event_brief(&self.conn, id).map_err(|e| self.wrap(e))
    }

    /// Rebuilds up to `limit` stale event reports (see
    /// [`IngestOptions::defer_reports`]) without holding the write lock
    /// while building them. Returns the ids rebuilt; an empty list means
    /// none is stale (or every one changed again while it was built).
    pub fn rebuild_stale(&mut self, options: &IngestOptions, limit: usize) -> Result<Vec<String>> {
        reports::rebuild_stale(&mut self.conn, options, limit).map_err(|e| self.wrap(e))
    }

    /// How many events wait for their report to be rebuilt.
    pub fn pending_reports(&self) -> Result<usize> {
        queries::pending_reports(&self.conn).map_err(|e| self.wrap(e))
    }

    /// The summary line of one event.
    pub fn event_summary(&self, id: &str) -> Result<Option<EventSummary>> {
        queries::event_summary(&self.conn, id).map_err(|e| self.wrap(e))
    }

    /// A document with its text (`text` is set), as citations index into it.
    pub fn document(&self, id: &str) -> Result<Option<storyline_core::DocumentEntry>> {
        queries::document(&self.conn, id).map_err(|e| self.wrap(e))
    }

    /// The id of the event document `id` belongs to.
    pub fn event_of_document(&self, id: &str) -> Result<Option<String>> {
        queries::event_of_document(&self.conn, id).map_err(|e| self.wrap(e))
    }

    /// Full-text search over titles and texts (FTS5 query syntax; plain
    /// words are all required). Best matches first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        queries::search(&self.conn, query, limit).map_err(|e| self.wrap(e))
    }

    /// Rebuilds the in-memory clustering state from the store now rather
    /// than at the next ingest (see `docs/store.md`, "The clusterer's
    /// state"): a server does it when it starts, so that its first upload
    /// is not the one that waits.
    pub fn warm(&mut self, options: &IngestOptions) -> Result<()> {
        ingest::warm(self, options).map_err(|e| self.wrap(e))
    }

    /// Ingests every input under `paths` (files, directories, `-`) as one
    /// batch.
    pub fn ingest_paths(
        &mut self,
        paths: &[PathBuf],
        options: &IngestOptions,
    ) -> Result<IngestSummary> {
        let mut raws = Vec::new();
        let mut errors = Vec::new();
        let expanded = storyline_read::expand(paths);
        errors.extend(expanded.errors);
        for input in &expanded.inputs {
            for record in storyline_read::records(input) {
                match record {
                    Ok(raw) => raws.push(raw),
                    Err(e) => errors.push(e),
                }
            }
        }
        let mut summary = self.ingest_raw(raws, options)?;
        errors.append(&mut summary.errors);
        summary.errors = errors;
        Ok(summary)
    }

    /// Ingests records already read (the server's request bodies) as one
    /// batch: one transaction, committed whole or not at all.
    pub fn ingest_raw(
        &mut self,
        raws: Vec<storyline_read::Raw>,
        options: &IngestOptions,
    ) -> Result<IngestSummary> {
        self.ingest_prepared(prepare_batch(raws, options), options)
    }

    /// Runs the per-document stages on `raws` and then their dedup against
    /// this store as it is now (a read: any connection, read-only included,
    /// can do it). A server does this before it waits for the writer, so
    /// that the write transaction only checks what was committed meanwhile.
    pub fn prepare_batch(
        &mut self,
        raws: Vec<storyline_read::Raw>,
        options: &IngestOptions,
    ) -> Result<PreparedBatch> {
        ingest::prepare_against(&mut self.conn, raws, options).map_err(|e| self.wrap(e))
    }

    /// Ingests a batch whose per-document stages already ran
    /// ([`prepare_batch`]): one transaction.
    pub fn ingest_prepared(
        &mut self,
        batch: PreparedBatch,
        options: &IngestOptions,
    ) -> Result<IngestSummary> {
        ingest::ingest(self, batch, options).map_err(|e| self.wrap(e))
    }
}

fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}
