//! The `storyline` command: argument parsing and wiring, nothing else.
//! The work is done by the pipeline's crates (see `docs/architecture.md`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use storyline_core::{Document, InputError};
use storyline_pipeline::{Observer, Options};
use storyline_present::OutputFormat;

mod store;

/// Exit statuses (documented in README.md).
mod exit {
    /// Everything was read.
    pub const OK: u8 = 0;
    /// The output was produced, but some inputs failed (see `errors`).
    pub const SOME_INPUTS_FAILED: u8 = 1;
    /// Nothing was produced: bad usage, an unwritable output, an unknown id.
    pub const FAILED: u8 = 2;
}

#[derive(Parser)]
#[command(
    name = "storyline",
    version,
    about = "Turns a pile or a stream of news articles into deduplicated, cross-checked stories.",
    long_about = None,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles and report documents, duplicates, stories and errors.
    ///
    /// PATH is a file (.txt, .json, .jsonl, .html, .warc, optionally
    /// .gz-compressed), a directory (read recursively) or `-` for standard
    /// input.
    Analyze {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Write the output to FILE (atomically) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Include each document's text in the JSON output.
        #[arg(long)]
        with_text: bool,
        /// JSON on one line instead of indented.
        #[arg(long)]
        compact: bool,
        #[command(flatten)]
        dedup: DedupArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Add articles to the store: new documents join existing events and
    /// stories (or start new ones); the same document again is a no-op.
    ///
    /// One call is one batch, committed whole or not at all.
    Ingest {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: DbArgs,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        dedup: DedupArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        run: RunArgs,
    },
    /// List the stored stories, newest first, with their events.
    Stories {
        #[command(flatten)]
        db: DbArgs,
        /// Stories to list.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Stories to skip (for paging).
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one stored event: brief, quotes, numbers, differences,
    /// timeline and sources.
    Show {
        /// The event id (from `storyline stories`).
        event: String,
        #[command(flatten)]
        db: DbArgs,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Write the output to FILE (atomically) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Search stored documents (SQLite FTS5: words, "phrases", OR, NOT,
    /// prefix*).
    Search {
        #[arg(required = true, value_name = "TERMS")]
        terms: Vec<String>,
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Serve the store: a JSON API (OpenAPI at /openapi.json) and a web page.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on.
        #[arg(long, value_name = "ADDR", default_value_t = storyline_server::DEFAULT_BIND)]
        bind: std::net::SocketAddr,
        /// Token that write requests must present (`Authorization: Bearer
        /// TOKEN`); without one the API is read-only.
        #[arg(long, env = "STORYLINE_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Largest request body accepted, in bytes.
        #[arg(long, value_name = "BYTES", default_value_t = storyline_server::DEFAULT_MAX_BODY_BYTES)]
        max_body_bytes: usize,
        #[command(flatten)]
        dedup: DedupArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
    },
    /// Print the text of document ID exactly as citations index into it.
    Text {
        /// The document id (as in `documents[].id`).
        id: String,
        /// The inputs to find it in (without them: the store, `--db`).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: DbArgs,
        /// Print the normalized text used for matching instead.
        #[arg(long)]
        normalized: bool,
        #[command(flatten)]
        run: RunArgs,
    },
}

#[derive(clap::Args)]
#[command(next_help_heading = "Duplicates and reuse")]
struct DedupArgs {
    /// How the canonical copy of a duplicate group is chosen: rules in
    /// order (earliest, longest, first, outlet:NAME), ties to the next.
    #[arg(
        long,
        value_name = "RULES",
        default_value = "earliest,longest",
        value_delimiter = ','
    )]
    keep: Vec<storyline_dedup::KeepRule>,
    /// Jaccard similarity of word 3-gram sets at which two articles are
    /// near-duplicates.
    #[arg(long, value_name = "J", default_value_t = 0.5)]
    near_threshold: f64,
    /// Share of the shorter article's word 3-grams found in the longer at
    /// which the shorter is contained in it.
    #[arg(long, value_name = "C", default_value_t = 0.8)]
    containment_threshold: f64,
    /// Shortest shared passage reported, in words.
    #[arg(long, value_name = "N", default_value_t = 8)]
    min_passage_words: usize,
}

impl DedupArgs {
    fn config(&self) -> Result<storyline_dedup::Config, String> {
        for (name, v) in [
            ("--near-threshold", self.near_threshold),
            ("--containment-threshold", self.containment_threshold),
        ] {
            if !(v > 0.0 && v <= 1.0) {
                return Err(format!("{name} must be in (0, 1], not {v}"));
            }
        }
        let defaults = storyline_dedup::Config::default();
        if self.min_passage_words < defaults.seed_words {
            return Err(format!(
                "--min-passage-words must be at least {}",
                defaults.seed_words
            ));
        }
        Ok(storyline_dedup::Config {
            keep: self.keep.clone(),
            near_threshold: self.near_threshold,
            containment_threshold: self.containment_threshold,
            min_passage_words: self.min_passage_words,
            ..defaults
        })
    }
}

#[derive(clap::Args)]
#[command(next_help_heading = "Events and stories")]
struct ClusterArgs {
    /// Average probability (from the pair model) that documents report one
    /// happening, at which groups of them are one event (lower: fewer,
    /// larger events).
    #[arg(long, value_name = "S", default_value_t = storyline_cluster::Config::default().event_threshold)]
    event_threshold: f32,
    /// A document left alone joins the event whose documents it is most
    /// likely one event with, when that average probability reaches this
    /// (a later turn of an event shares less with its first reports).
    #[arg(long, value_name = "S", default_value_t = storyline_cluster::Config::default().attach_threshold.unwrap_or(1.0))]
    attach_threshold: f32,
    /// Leave lone documents alone (no --attach-threshold).
    #[arg(long)]
    no_attach: bool,
    /// Average similarity of event centroids at which events are one story.
    #[arg(long, value_name = "S", default_value_t = storyline_cluster::Config::default().story_threshold)]
    story_threshold: f32,
    /// Ignore publication times when grouping (content only).
    #[arg(long)]
    ignore_dates: bool,
    /// What one event holds, with dates: a happening and its developments
    /// over weeks (threads: --time-grace 30 --time-strictness 120), or each
    /// happening of a story on its own (happenings: --time-grace 3
    /// --time-strictness 3). Either option, given, overrides its part.
    #[arg(long, value_enum, value_name = "GRAIN", default_value = "threads")]
    event_grain: Grain,
    /// With dates, documents published more than --time-grace apart need
    /// far stronger evidence: their probability is raised to the power
    /// 1 + (days apart - grace) / DAYS (lower: stricter) [default: from
    /// --event-grain]
    #[arg(long, value_name = "DAYS")]
    time_strictness: Option<f32>,
    /// Leave time to the pair model alone (no --time-strictness).
    #[arg(long)]
    no_time_strictness: bool,
    /// Days apart within which time asks no more evidence than content:
    /// an event's first reports and its follow-ups [default: from
    /// --event-grain]
    #[arg(long, value_name = "DAYS")]
    time_grace: Option<f32>,
    /// Sentences in each event's brief (each a verbatim, cited sentence of
    /// a source).
    #[arg(long, value_name = "N", default_value_t = storyline_brief::DEFAULT_SENTENCES, help_heading = "Brief")]
    sentences: usize,
}

impl ClusterArgs {
    fn config(&self) -> Result<storyline_cluster::Config, String> {
        for (name, v) in [
            ("--event-threshold", self.event_threshold),
            ("--attach-threshold", self.attach_threshold),
            ("--story-threshold", self.story_threshold),
        ] {
            if !(v > 0.0 && v <= 1.0) {
                return Err(format!("{name} must be in (0, 1], not {v}"));
            }
        }
        let grain = match self.event_grain {
            Grain::Threads => storyline_cluster::EventGrain::Threads,
            Grain::Happenings => storyline_cluster::EventGrain::Happenings,
        };
        let (grace, strictness) = grain.time_settings();
        let strictness = self.time_strictness.unwrap_or(strictness);
        let grace = self.time_grace.unwrap_or(grace);
        if !(strictness > 0.0 && strictness.is_finite()) {
            return Err(format!(
                "--time-strictness must be a positive number of days, not {strictness}"
            ));
        }
        if !(grace >= 0.0 && grace.is_finite()) {
            return Err(format!(
                "--time-grace must be a number of days, zero or more, not {grace}"
            ));
        }
        Ok(storyline_cluster::Config {
            event_threshold: self.event_threshold,
            time_grace_days: grace,
            time_strictness_days: (!self.no_time_strictness).then_some(strictness),
            attach_threshold: (!self.no_attach).then_some(self.attach_threshold),
            story_threshold: self.story_threshold,
            use_dates: !self.ignore_dates,
            ..storyline_cluster::Config::default()
        })
    }
}

#[derive(clap::Args)]
struct DbArgs {
    /// The store: one SQLite file, created when missing.
    #[arg(long, value_name = "FILE", env = "STORYLINE_DB", default_value = storyline_store::DEFAULT_PATH)]
    db: PathBuf,
}

#[derive(clap::Args)]
struct RunArgs {
    /// No progress bar and no error messages on standard error (errors are
    /// still in the output).
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
}

/// `--event-grain` (see `storyline_cluster::EventGrain`).
#[derive(Clone, Copy, ValueEnum)]
enum Grain {
    /// A happening and its developments over weeks.
    Threads,
    /// Each happening of a story on its own.
    Happenings,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Markdown,
    /// One self-contained HTML page (citations open in context with `--with-text`).
    Html,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Analyze {
            paths,
            format,
            output,
            with_text,
            compact,
            dedup,
            cluster,
            run,
        } => {
            configure_threads(&run);
            let sentences = cluster.sentences;
            match dedup.config().and_then(|d| Ok((d, cluster.config()?))) {
                Ok((dedup, cluster)) => {
                    let options = Options {
                        with_text,
                        dedup,
                        cluster,
                        brief_sentences: sentences,
                        ..Options::default()
                    };
                    analyze(&paths, format, output, compact, &options, &run)
                }
                Err(message) => {
                    eprintln!("storyline: error: {message}");
                    exit::FAILED
                }
            }
        }
        Command::Ingest {
            paths,
            db,
            json,
            dedup,
            cluster,
            run,
        } => {
            configure_threads(&run);
            match ingest_options(&dedup, &cluster) {
                Ok(options) => store::ingest(&db.db, &paths, &options, json),
                Err(message) => fail(&message),
            }
        }
        Command::Stories {
            db,
            limit,
            offset,
            json,
        } => store::stories(&db.db, limit, offset, json),
        Command::Show {
            event,
            db,
            format,
            output,
        } => store::show(&db.db, &event, format, output.as_deref()),
        Command::Search {
            terms,
            db,
            limit,
            json,
        } => store::search(&db.db, &terms.join(" "), limit, json),
        Command::Serve {
            db,
            bind,
            token,
            max_body_bytes,
            dedup,
            cluster,
        } => match ingest_options(&dedup, &cluster) {
            Ok(ingest) => {
                let config = storyline_server::ServeConfig {
                    db: db.db,
                    bind,
                    token,
                    max_body_bytes,
                    ingest,
                };
                match storyline_server::run(config) {
                    Ok(()) => exit::OK,
                    Err(e) => fail(&format!("{e:#}")),
                }
            }
            Err(message) => fail(&message),
        },
        Command::Text {
            id,
            paths,
            db,
            normalized,
            run,
        } => {
            configure_threads(&run);
            if paths.is_empty() {
                store::text(&db.db, &id, normalized)
            } else {
                text(&id, &paths, normalized)
            }
        }
    };
    ExitCode::from(code)
}

fn fail(message: &str) -> u8 {
    eprintln!("storyline: error: {message}");
    exit::FAILED
}

fn ingest_options(
    dedup: &DedupArgs,
    cluster: &ClusterArgs,
) -> Result<storyline_store::IngestOptions, String> {
    Ok(storyline_store::IngestOptions {
        pipeline: Options {
            dedup: dedup.config()?,
            cluster: cluster.config()?,
            brief_sentences: cluster.sentences,
            ..Options::default()
        },
        defer_reports: false,
    })
}

fn configure_threads(run: &RunArgs) {
    if let Some(jobs) = run.jobs {
        // Fails only if the pool was already built, which it was not.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
}

fn analyze(
    paths: &[PathBuf],
    format: Format,
    output: Option<PathBuf>,
    compact: bool,
    options: &Options,
    run: &RunArgs,
) -> u8 {
    let progress = Progress::new(run.quiet);
    let report = storyline_pipeline::analyze(paths, options, &progress);
    progress.finish(report.stats.documents, report.errors.len());
    let emit = |out: &mut dyn Write| -> std::io::Result<()> {
        let format = match format {
            Format::Json => OutputFormat::Json,
            Format::Markdown => OutputFormat::Markdown,
            Format::Html => {
                out.write_all(storyline_present::render_html(&report).as_bytes())?;
                return out.flush();
            }
        };
        storyline_present::write_report(&report, format, compact, out)
    };
    let written = match &output {
        Some(path) => storyline_present::write_atomically_with(path, emit)
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => stdout_result(emit(&mut std::io::stdout().lock())),
    };
    if let Err(message) = written {
        eprintln!("storyline: error: {message}");
        return exit::FAILED;
    }
    if report.errors.is_empty() {
        exit::OK
    } else {
        exit::SOME_INPUTS_FAILED
    }
}

fn text(id: &str, paths: &[PathBuf], normalized: bool) -> u8 {
    let Some(found) = storyline_pipeline::find_document(paths, id, &Options::default()) else {
        eprintln!("storyline: error: no document with id {id:?} in the given inputs");
        return exit::FAILED;
    };
    let text = if normalized {
        found.normalized.text()
    } else {
        found.document.text.as_str()
    };
    match write_stdout(text.as_bytes()) {
        Ok(()) => exit::OK,
        Err(message) => {
            eprintln!("storyline: error: {message}");
            exit::FAILED
        }
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    stdout_result(out.write_all(bytes).and_then(|()| out.flush()))
}

fn stdout_result(result: std::io::Result<()>) -> Result<(), String> {
    match result {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to standard output: {e}")),
    }
}

/// A progress bar on standard error when it is a terminal, and error
/// messages as they happen (the first [`Progress::MAX_MESSAGES`]).
struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    errors: AtomicUsize,
    bytes: AtomicUsize,
}

impl Progress {
    const MAX_MESSAGES: usize = 50;

    fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed} {pos} documents, {msg}")
                    .expect("a valid template"),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            bar,
            quiet,
            errors: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
        }
    }

    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self, documents: usize, errors: usize) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.quiet {
            return;
        }
        if errors > Self::MAX_MESSAGES {
            self.say(&format!(
                "storyline: {} more errors not shown (all are in the output's `errors`)",
                errors - Self::MAX_MESSAGES
            ));
        }
        if errors > 0 {
            self.say(&format!(
                "storyline: {documents} documents read, {errors} inputs failed"
            ));
        }
    }
}

impl Observer for Progress {
    fn document(&self, doc: &Document) {
        if let Some(bar) = &self.bar {
            let bytes = self.bytes.fetch_add(doc.text.len(), Ordering::Relaxed) + doc.text.len();
            bar.inc(1);
            bar.set_message(format!("{:.1} MB of text", bytes as f64 / 1e6));
        }
    }

    fn stage(&self, name: &str) {
        if let Some(bar) = &self.bar {
            let bytes = self.bytes.load(Ordering::Relaxed);
            bar.set_message(format!("{:.1} MB of text; {name}", bytes as f64 / 1e6));
        }
    }

    fn error(&self, error: &InputError) {
        let n = self.errors.fetch_add(1, Ordering::Relaxed);
        if !self.quiet && n < Self::MAX_MESSAGES {
            self.say(&format!("storyline: error: {error}"));
        }
    }
}
