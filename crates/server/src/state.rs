//! The shared state: the store's writer connection and a pool of readers.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use anyhow::Context;
use storyline_read::Raw;
use storyline_store::{IngestOptions, IngestSummary, Store, StoreError};
use tokio::sync::Semaphore;

use crate::ServeConfig;

/// At most this many read-only connections, and so this many store reads
/// at once; more requests wait for one.
const READERS: usize = 8;

/// The state every request shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    db: PathBuf,
    /// The one writer: ingests run one at a time.
    writer: Mutex<Store>,
    /// Idle read-only connections; at most [`READERS`] exist.
    readers: Mutex<Vec<Store>>,
    read_permits: Arc<Semaphore>,
    token: Option<String>,
    max_body_bytes: usize,
    ingest: IngestOptions,
}

/// Why a store call did not return a value.
#[derive(Debug)]
pub(crate) enum Failure {
    Store(StoreError),
    /// The store call panicked (a bug); the connection is dropped.
    Panicked,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Store(e) => write!(f, "{e}"),
            Failure::Panicked => f.write_str("internal error (the store call panicked)"),
        }
    }
}

impl AppState {
    /// Opens (creating or migrating) the store at `config.db` for writing,
    /// and checks that it can be opened for reading.
    pub fn open(config: &ServeConfig) -> anyhow::Result<AppState> {
        let writer = Store::open(&config.db)
            .with_context(|| format!("opening the store {}", config.db.display()))?;
        // The writer created and migrated the file: a reader opens now or
        // never.
        let reader = Store::open_read_only(&config.db)
            .with_context(|| format!("opening the store {} for reading", config.db.display()))?;
        Ok(AppState {
            inner: Arc::new(Inner {
                db: config.db.clone(),
                writer: Mutex::new(writer),
                readers: Mutex::new(vec![reader]),
                read_permits: Arc::new(Semaphore::new(READERS)),
                token: config.token.clone(),
                max_body_bytes: config.max_body_bytes,
                ingest: config.ingest.clone(),
            }),
        })
    }

    pub(crate) fn max_body_bytes(&self) -> usize {
        self.inner.max_body_bytes
    }

    pub(crate) fn token(&self) -> Option<&str> {
        self.inner.token.as_deref()
    }

    /// Runs `f` on a read-only connection, on a blocking thread.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, Failure>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> storyline_store::Result<T> + Send + 'static,
    {
        let permit = Arc::clone(&self.inner.read_permits)
            .acquire_owned()
            .await
            .map_err(|_| Failure::Panicked)?;
        let inner = Arc::clone(&self.inner);
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let pooled = lock(&inner.readers).pop();
            let reader = match pooled {
                Some(r) => r,
                None => Store::open_read_only(&inner.db).map_err(Failure::Store)?,
            };
            let result = f(&reader).map_err(Failure::Store);
            lock(&inner.readers).push(reader);
            result
        });
        task.await.unwrap_or(Err(Failure::Panicked))
    }

    /// Turns a request body into records and ingests them as one batch, on
    /// a blocking thread: `prepare` runs first, outside the writer's lock
    /// (parsing and HTML extraction of one request do not hold up
    /// another's ingest), and its errors (bad input) come back as `Err(Ok)`.
    pub(crate) async fn ingest<P, E>(&self, prepare: P) -> Result<Result<IngestSummary, E>, Failure>
    where
        P: FnOnce() -> Result<(Vec<Raw>, Vec<storyline_core::InputError>), E> + Send + 'static,
        E: Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        let task = tokio::task::spawn_blocking(move || {
            let (raws, mut errors) = match prepare() {
                Ok(prepared) => prepared,
                Err(e) => return Ok(Err(e)),
            };
            let mut summary = if raws.is_empty() {
                IngestSummary::default()
            } else {
                let mut writer = lock(&inner.writer);
                writer
                    .ingest_raw(raws, &inner.ingest)
                    .map_err(Failure::Store)?
            };
            errors.append(&mut summary.errors);
            summary.errors = errors;
            Ok(Ok(summary))
        });
        task.await.unwrap_or(Err(Failure::Panicked))
    }
}

/// Locks a mutex whose holder may have panicked: a store call that panicked
/// left its transaction rolled back (rusqlite rolls back on drop), so the
/// connection is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
