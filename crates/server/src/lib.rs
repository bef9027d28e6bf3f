//! The HTTP API and the web pages over a storyline store (`storyline serve`).
//!
//! One process serves one store file: a JSON API under `/api/` (its
//! OpenAPI 3.1 document at `/openapi.json`) and server-rendered HTML pages
//! (`/`, `/events/{id}`, `/documents/{id}`, `/search`) that need no
//! JavaScript and fetch nothing.
//!
//! Concurrency: one writer connection behind a mutex (each `POST
//! /api/documents` is one ingest batch, one transaction, one at a time) and a
//! small pool of read-only connections for everything else; the file is in
//! WAL mode, so readers run alongside the writer and see whole batches only.
//! Store calls block, so they run on tokio's blocking threads.
//!
//! Errors: bad input is a 4xx with a JSON body `{"error": "..."}` on the API
//! (an HTML page on the web pages), never a 500; a 500 means the store
//! itself failed.

mod api;
mod html;
mod ingest;
mod openapi;
mod pages;
mod state;

use std::future::Future;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use state::AppState;

/// The address `storyline serve` listens on when none is given: the
/// loopback interface only.
pub const DEFAULT_BIND: SocketAddr =
    SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, 1), 7171));

/// The largest request body accepted (16 MiB): larger ones get a 413.
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 << 20;

/// How long [`run`] waits, after a shutdown signal, for requests in flight
/// before it gives up on them (an ingest already running still commits or
/// rolls back whole: the runtime waits for the blocking thread).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(60);

/// How to serve.
#[derive(Clone)]
pub struct ServeConfig {
    /// The store file (created when missing).
    pub db: PathBuf,
    pub bind: SocketAddr,
    /// The bearer token `POST /api/documents` requires. `None`: writes are
    /// refused (403) and the server is read-only.
    pub token: Option<String>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    pub ingest: storyline_store::IngestOptions,
}

impl std::fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token is a secret: never printed.
        f.debug_struct("ServeConfig")
            .field("db", &self.db)
            .field("bind", &self.bind)
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("max_body_bytes", &self.max_body_bytes)
            .finish_non_exhaustive()
    }
}

impl ServeConfig {
    /// Serving `db` with the defaults: [`DEFAULT_BIND`], no token (read
    /// only), [`DEFAULT_MAX_BODY_BYTES`], default ingest options.
    pub fn new(db: PathBuf) -> Self {
        ServeConfig {
            db,
            bind: DEFAULT_BIND,
            token: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            ingest: storyline_store::IngestOptions::default(),
        }
    }
}

/// Serves `config.db` on `config.bind` until SIGINT or SIGTERM.
///
/// Blocking: builds a tokio runtime, opens the store, binds, prints exactly
/// one line `listening on http://ADDR` to standard output once bound (with
/// the real port when `bind` has port 0), serves, and on a signal stops
/// accepting connections and lets the requests in flight finish (an ingest
/// in progress commits) before returning.
pub fn run(config: ServeConfig) -> anyhow::Result<()> {
    let state = AppState::open(&config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("binding {}", config.bind))?;
        let addr = listener.local_addr().context("reading the bound address")?;
        {
            let mut out = std::io::stdout().lock();
            writeln!(out, "listening on http://{addr}")?;
            out.flush()?;
        }
        if config.token.is_none() {
            eprintln!("no token given: POST /api/documents is disabled (read-only server)");
        }
        let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
        let rebuilds = state.clone();
        let server = serve(listener, state, async move {
            let _ = stop_rx.wait_for(|stop| *stop).await;
        });
        tokio::pin!(server);
        tokio::select! {
            result = &mut server => return result.context("serving"),
            () = shutdown_signal() => {
                let _ = stop_tx.send(true);
            }
        }
        let served = tokio::time::timeout(SHUTDOWN_GRACE, server).await;
        // Reports still stale are rebuilt by the next server or ingest.
        tokio::task::spawn_blocking(move || rebuilds.finish_rebuilds())
            .await
            .context("stopping the background rebuild")?;
        match served {
            Ok(result) => result.context("serving"),
            Err(_) => {
                eprintln!(
                    "requests still in flight after {} s; stopping anyway",
                    SHUTDOWN_GRACE.as_secs()
                );
                Ok(())
            }
        }
    })
}

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// The whole application: API, OpenAPI document and web pages.
pub fn router(state: AppState) -> Router {
    let limit = state.max_body_bytes();
    Router::new()
        .route("/", get(pages::index))
        .route("/events/{id}", get(pages::event))
        .route("/documents/{id}", get(pages::document))
        .route("/search", get(pages::search))
        .route("/api/documents", post(api::post_documents))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/stories", get(api::stories))
        .route("/api/events/{id}", get(api::event))
        .route("/api/events/{id}/brief", get(api::brief))
        .route("/api/search", get(api::search))
        .route("/api/health", get(api::health))
        .route("/openapi.json", get(api::openapi))
        .method_not_allowed_fallback(api::method_not_allowed)
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// Serves [`router`] on `listener` until `shutdown` resolves, then waits for
/// the requests in flight (an ingest in progress completes and commits).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
