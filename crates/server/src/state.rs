//! The shared state: the store's writer connection and a pool of readers.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

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
    rebuilder: Arc<Rebuilder>,
    checkpointer: Arc<Checkpointer>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.rebuilder.stop();
        self.checkpointer.stop();
    }
}

/// Copies the write-ahead log into the database file on a thread of its
/// own, at most once per [`CHECKPOINT_EVERY`] while batches commit: the
/// copy and its fsync would otherwise fall inside the commit of whichever
/// batch crosses SQLite's threshold, holding up every ingest behind it.
pub(crate) struct Checkpointer {
    signal: Mutex<CheckpointSignal>,
    wake: Condvar,
    done: Mutex<Option<std::thread::JoinHandle<()>>>,
}

const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

#[derive(Default)]
struct CheckpointSignal {
    /// A batch committed since the last checkpoint started.
    committed: bool,
    stop: bool,
}

impl Checkpointer {
    fn start(store: Store) -> Arc<Checkpointer> {
        let checkpointer = Arc::new(Checkpointer {
            signal: Mutex::new(CheckpointSignal::default()),
            wake: Condvar::new(),
            done: Mutex::new(None),
        });
        let shared = Arc::clone(&checkpointer);
        let handle = std::thread::Builder::new()
            .name("storyline-checkpoint".into())
            .spawn(move || {
                loop {
                    {
                        let mut signal = lock(&shared.signal);
                        while !signal.committed && !signal.stop {
                            signal = shared.wake.wait(signal).unwrap_or_else(|p| p.into_inner());
                        }
                        if signal.stop {
                            return;
                        }
                        signal.committed = false;
                    }
                    if let Err(e) = store.checkpoint() {
                        eprintln!("storyline serve: checkpointing the store: {e}");
                    }
                    std::thread::sleep(CHECKPOINT_EVERY);
                }
            })
            .expect("a thread starts");
        *lock(&checkpointer.done) = Some(handle);
        checkpointer
    }

    /// A batch committed.
    fn notify(&self) {
        lock(&self.signal).committed = true;
        self.wake.notify_one();
    }

    /// Stops the thread after the checkpoint in progress; SQLite
    /// checkpoints what is left when the last connection closes.
    fn stop(&self) {
        lock(&self.signal).stop = true;
        self.wake.notify_one();
    }
}

/// Rebuilds the reports of events that ingests changed, in the background
/// (the API commits a batch first: `IngestOptions::defer_reports`). One
/// thread with its own connection. It starts a pass when ingest has been
/// quiet for [`QUIET`], or when a change has waited [`MAX_LAG`], and
/// rebuilds until nothing is stale: an event touched by many batches in a
/// row is rebuilt once per pass rather than once per batch, and a stream of
/// uploads keeps the CPU for analysis.
pub(crate) struct Rebuilder {
    signal: Mutex<Signal>,
    wake: Condvar,
    done: Mutex<Option<std::thread::JoinHandle<()>>>,
}

struct Signal {
    /// When the oldest unrebuilt change was committed (`None`: none known).
    waiting_since: Option<Instant>,
    /// When the last batch was committed.
    last_ingest: Instant,
    stop: bool,
}

/// Events rebuilt per pass: each pass ends with one short write
/// transaction.
const REBUILD_PASS: usize = 32;

/// A pass starts once ingest has been quiet this long...
const QUIET: Duration = Duration::from_millis(300);

/// ... or once a change has waited this long, whatever the load. Feeds
/// arrive in bursts (an hour's news at once): during one, the CPU goes to
/// ingest and reports follow within about this much plus a pass; a steady
/// stream sees its reports rebuilt at least this often.
const MAX_LAG: Duration = Duration::from_secs(30);

impl Rebuilder {
    fn start(mut store: Store, options: IngestOptions) -> Arc<Rebuilder> {
        let now = Instant::now();
        let rebuilder = Arc::new(Rebuilder {
            // Work may be waiting from before this process started.
            signal: Mutex::new(Signal {
                waiting_since: Some(now),
                last_ingest: now - QUIET,
                stop: false,
            }),
            wake: Condvar::new(),
            done: Mutex::new(None),
        });
        let shared = Arc::clone(&rebuilder);
        let handle = std::thread::Builder::new()
            .name("storyline-rebuild".into())
            .spawn(move || {
                // While uploads arrive, a pass runs on one thread, so that it
                // never takes both cores from the documents being analyzed;
                // once they have been quiet for `QUIET`, on every core.
                let pool = |threads: usize| {
                    rayon::ThreadPoolBuilder::new()
                        .num_threads(threads)
                        .thread_name(|_| "storyline-rebuild-worker".into())
                        .build()
                        .expect("a thread pool starts")
                };
                let beside_uploads = pool(1);
                let alone = pool(0);
                while shared.wait_for_work() {
                    loop {
                        let quiet = {
                            let signal = lock(&shared.signal);
                            if signal.stop {
                                return;
                            }
                            signal.last_ingest.elapsed() >= QUIET
                        };
                        let pool = if quiet { &alone } else { &beside_uploads };
                        match pool.install(|| store.rebuild_stale(&options, REBUILD_PASS)) {
                            Ok(done) if done.is_empty() => break,
                            Ok(_) => {}
                            Err(e) => {
                                eprintln!("storyline serve: rebuilding reports: {e}");
                                break;
                            }
                        }
                    }
                }
            })
            .expect("a thread starts");
        *lock(&rebuilder.done) = Some(handle);
        rebuilder
    }

    /// Blocks until a pass should start (`true`) or the server stops
    /// (`false`).
    fn wait_for_work(&self) -> bool {
        let mut signal = lock(&self.signal);
        loop {
            if signal.stop {
                return false;
            }
            match signal.waiting_since {
                None => {
                    signal = self.wake.wait(signal).unwrap_or_else(|p| p.into_inner());
                }
                Some(since) => {
                    let now = Instant::now();
                    let quiet_at = signal.last_ingest + QUIET;
                    let due_at = since + MAX_LAG;
                    if now >= quiet_at || now >= due_at {
                        signal.waiting_since = None;
                        return true;
                    }
                    let wait = quiet_at.min(due_at) - now;
                    signal = self
                        .wake
                        .wait_timeout(signal, wait)
                        .unwrap_or_else(|p| p.into_inner())
                        .0;
                }
            }
        }
    }

    /// There may be stale reports: rebuild them.
    pub(crate) fn notify(&self) {
        let mut signal = lock(&self.signal);
        let now = Instant::now();
        signal.last_ingest = now;
        signal.waiting_since.get_or_insert(now);
        self.wake.notify_one();
    }

    /// Stops after the pass in progress (its write commits or does not
    /// start); stale reports left are rebuilt by the next server or
    /// `storyline ingest`.
    pub(crate) fn stop(&self) {
        lock(&self.signal).stop = true;
        self.wake.notify_one();
    }

    /// [`Rebuilder::stop`], then waits for the thread.
    pub(crate) fn join(&self) {
        self.stop();
        if let Some(handle) = lock(&self.done).take() {
            let _ = handle.join();
        }
    }
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
        let ingest = IngestOptions {
            defer_reports: true,
            ..config.ingest.clone()
        };
        let mut writer = writer;
        writer
            .warm(&ingest)
            .with_context(|| format!("reading the store {}", config.db.display()))?;
        writer
            .leave_checkpoints_to_caller()
            .with_context(|| format!("configuring the store {}", config.db.display()))?;
        let checkpointing = Store::open(&config.db)
            .with_context(|| format!("opening the store {}", config.db.display()))?;
        let checkpointer = Checkpointer::start(checkpointing);
        let rebuilding = Store::open(&config.db)
            .with_context(|| format!("opening the store {}", config.db.display()))?;
        let rebuilder = Rebuilder::start(rebuilding, ingest.clone());
        Ok(AppState {
            inner: Arc::new(Inner {
                db: config.db.clone(),
                writer: Mutex::new(writer),
                readers: Mutex::new(vec![reader]),
                read_permits: Arc::new(Semaphore::new(READERS)),
                token: config.token.clone(),
                max_body_bytes: config.max_body_bytes,
                ingest,
                rebuilder,
                checkpointer,
            }),
        })
    }

    /// Stops the background rebuild of reports after its current pass and
    /// waits for it (at shutdown).
    pub fn finish_rebuilds(&self) {
        self.inner.rebuilder.join();
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
                // The per-document stages and the dedup against the store
                // run before the writer is taken, on a reader: concurrent
                // requests analyze their articles side by side, and the
                // write transaction only checks what was committed meanwhile.
                let pooled = lock(&inner.readers).pop();
                let mut reader = match pooled {
                    Some(r) => r,
                    None => Store::open_read_only(&inner.db).map_err(Failure::Store)?,
                };
                let batch = reader.prepare_batch(raws, &inner.ingest);
                lock(&inner.readers).push(reader);
                let batch = batch.map_err(Failure::Store)?;
                let summary = lock(&inner.writer)
                    .ingest_prepared(batch, &inner.ingest)
                    .map_err(Failure::Store)?;
                inner.checkpointer.notify();
                if summary.reports_pending > 0 {
                    inner.rebuilder.notify();
                }
                summary
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
