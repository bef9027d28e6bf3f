//! The store's subcommands: `ingest`, `stories`, `show`, `search` and
//! `text --db`. The work is `storyline-store`'s; this is printing.

use std::path::{Path, PathBuf};

use storyline_store::{IngestOptions, Store};

use crate::{Format, exit, fail, stdout_result, write_stdout};

fn open(db: &Path) -> Result<Store, u8> {
    Store::open(db).map_err(|e| fail(&e.to_string()))
}

/// Opens a store that must exist already (reading commands do not create
/// an empty one by mistake).
fn open_existing(db: &Path) -> Result<Store, u8> {
    if !db.exists() {
        return Err(fail(&format!(
            "{}: no such store (create one with `storyline ingest --db {} PATH...`)",
            db.display(),
            db.display()
        )));
    }
    open(db)
}

pub(crate) fn ingest(db: &Path, paths: &[PathBuf], options: &IngestOptions, json: bool) -> u8 {
    let mut store = match open(db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let summary = match store.ingest_paths(paths, options) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    for error in &summary.errors {
        eprintln!("storyline: error: {error}");
    }
    let out = if json {
        serde_json::to_string_pretty(&summary).expect("summaries serialize") + "\n"
    } else {
        let batch = summary
            .batch
            .map_or("nothing new".to_string(), |b| format!("batch {b}"));
        format!(
            "{}: {batch}: {} documents added ({} copies of others), {} already stored, {} events changed, {} removed, {} inputs failed\n",
            db.display(),
            summary.added.len(),
            summary.duplicates,
            summary.unchanged.len(),
            summary.events_changed.len(),
            summary.events_removed.len(),
            summary.errors.len(),
        )
    };
    if let Err(message) = write_stdout(out.as_bytes()) {
        return fail(&message);
    }
    if summary.errors.is_empty() {
        exit::OK
    } else {
        exit::SOME_INPUTS_FAILED
    }
}

pub(crate) fn stories(db: &Path, limit: usize, offset: usize, json: bool) -> u8 {
    let store = match open_existing(db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let stories = match store.stories(limit, offset) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    let out = if json {
        serde_json::to_string_pretty(&serde_json::json!({ "stories": stories }))
            .expect("stories serialize")
            + "\n"
    } else {
        let mut out = String::new();
        for story in &stories {
            out.push_str(&format!("{}  {}\n", story.id, story.title));
            for e in &story.events {
                let when = e.last_published.as_deref().unwrap_or("undated");
                out.push_str(&format!(
                    "  {}  {} ({} sources, {} articles, {when})\n",
                    e.id, e.title, e.sources, e.documents
                ));
            }
        }
        if stories.is_empty() {
            out.push_str("no stories\n");
        }
        out
    };
    match write_stdout(out.as_bytes()) {
        Ok(()) => exit::OK,
        Err(message) => fail(&message),
    }
}

pub(crate) fn show(db: &Path, event: &str, format: Format, output: Option<&Path>) -> u8 {
    let store = match open_existing(db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let report = match store.event(event) {
        Ok(Some(r)) => r,
        Ok(None) => return fail(&format!("no event with id {event:?} in {}", db.display())),
        Err(e) => return fail(&e.to_string()),
    };
    let rendered = match format {
        Format::Json => serde_json::to_string_pretty(&report).expect("reports serialize") + "\n",
        Format::Markdown => storyline_present::render_markdown(&report),
        Format::Html => storyline_present::render_html(&report),
    };
    let written = match output {
        Some(path) => storyline_present::write_atomically(path, rendered.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => write_stdout(rendered.as_bytes()),
    };
    match written {
        Ok(()) => exit::OK,
        Err(message) => fail(&message),
    }
}

pub(crate) fn search(db: &Path, query: &str, limit: usize, json: bool) -> u8 {
    let store = match open_existing(db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let hits = match store.search(query, limit) {
        Ok(h) => h,
        Err(e) => return fail(&e.to_string()),
    };
    let out = if json {
        serde_json::to_string_pretty(&serde_json::json!({ "hits": hits })).expect("hits serialize")
            + "\n"
    } else {
        let mut out = String::new();
        for hit in &hits {
            out.push_str(&format!(
                "{}  {}  [event {}]\n    {}\n",
                hit.document,
                hit.title.as_deref().unwrap_or("(untitled)"),
                hit.event.as_deref().unwrap_or("none"),
                hit.snippet.replace('\n', " ")
            ));
        }
        if hits.is_empty() {
            out.push_str("no matches\n");
        }
        out
    };
    match stdout_result(std::io::Write::write_all(
        &mut std::io::stdout().lock(),
        out.as_bytes(),
    )) {
        Ok(()) => exit::OK,
        Err(message) => fail(&message),
    }
}

pub(crate) fn text(db: &Path, id: &str, normalized: bool) -> u8 {
    let store = match open_existing(db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let doc = match store.document(id) {
        Ok(Some(d)) => d,
        Ok(None) => return fail(&format!("no document with id {id:?} in {}", db.display())),
        Err(e) => return fail(&e.to_string()),
    };
    let text = doc.text.unwrap_or_default();
    let text = if normalized {
        storyline_text::normalize(&text).text().to_string()
    } else {
        text
    };
    match write_stdout(text.as_bytes()) {
        Ok(()) => exit::OK,
        Err(message) => fail(&message),
    }
}
