//! Reading the store: the story list, an event's report, a document, search,
//! and the consistency checks.

use rusqlite::{Connection, OptionalExtension, params};
use storyline_core::{DocumentEntry, Report};

use crate::{EventSummary, SearchHit, StoreStats, StorySummary};

pub(crate) enum Error {
    Sqlite(rusqlite::Error),
    Corrupt(String),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

pub(crate) type Result<T> = std::result::Result<T, Error>;

pub(crate) fn stats(conn: &Connection) -> Result<StoreStats> {
    let count = |table: &str| -> Result<usize> {
        let n: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(n as usize)
    };
    Ok(StoreStats {
        documents: count("documents")?,
        events: count("events")?,
        stories: count("stories")?,
        batches: count("batches")?,
        schema_version: crate::migrations::version(conn)?,
        reports_pending: pending_reports(conn)?,
    })
}

const EVENT_COLUMNS: &str =
    "id, story, title, documents, sources, first_published, last_published, updated_batch, stale";

fn event_row(row: &rusqlite::Row) -> rusqlite::Result<EventSummary> {
    Ok(EventSummary {
        id: row.get(0)?,
        story: row.get(1)?,
        title: row.get(2)?,
        documents: row.get::<_, i64>(3)? as usize,
        sources: row.get::<_, i64>(4)? as usize,
        first_published: row.get(5)?,
        last_published: row.get(6)?,
        updated_batch: row.get(7)?,
        pending: row.get(8)?,
    })
}

/// Stories by their newest publication (undated ones by the batch that last
/// changed them, after the dated), each with its events newest first.
pub(crate) fn stories(conn: &Connection, limit: usize, offset: usize) -> Result<Vec<StorySummary>> {
    let mut statement = conn.prepare_cached(
        "SELECT s.id, s.title, MAX(e.last_published) AS latest, MAX(e.updated_batch) AS batch
         FROM stories s JOIN events e ON e.story = s.id
         GROUP BY s.id
         ORDER BY latest IS NULL, latest DESC, batch DESC, s.id
         LIMIT ?1 OFFSET ?2",
    )?;
    let heads: Vec<(String, String, Option<String>)> = statement
        .query_map(params![limit as i64, offset as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut events = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE story = ?1
         ORDER BY last_published IS NULL, last_published DESC, updated_batch DESC, id"
    ))?;
    heads
        .into_iter()
        .map(|(id, title, latest)| {
            let list = events
                .query_map([&id], event_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(StorySummary {
                id,
                title,
                events: list,
                latest,
            })
        })
        .collect()
}

pub(crate) fn event_summary(conn: &Connection, id: &str) -> Result<Option<EventSummary>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1"))?
        .query_row([id], event_row)
        .optional()?)
}

/// The event's stored report, with its story's current id and title (a
/// story changes when any of its events does; the event's report is only
/// rebuilt when the event itself changes).
pub(crate) fn event(conn: &Connection, id: &str) -> Result<Option<Report>> {
    let row: Option<(String, String, String)> = conn
        .prepare_cached(
            "SELECT e.report, s.id, s.title FROM events e JOIN stories s ON s.id = e.story
             WHERE e.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((json, story, title)) = row else {
        return Ok(None);
    };
    let mut report: Report = serde_json::from_str(&json).map_err(|e| {
        Error::Corrupt(format!("event {id}: its stored report does not parse: {e}"))
    })?;
    if let Some(s) = report.stories.first_mut() {
        s.id = story;
        s.title = title;
    }
    Ok(Some(report))
}

pub(crate) fn document(conn: &Connection, id: &str) -> Result<Option<DocumentEntry>> {
    let row: Option<(String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT d.doc, d.text, c.id FROM documents d
             LEFT JOIN documents c ON c.num = d.duplicate_of WHERE d.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((doc, text, duplicate_of)) = row else {
        return Ok(None);
    };
    let mut document: storyline_core::Document = serde_json::from_str(&doc).map_err(|e| {
        Error::Corrupt(format!(
            "document {id}: its stored metadata does not parse: {e}"
        ))
    })?;
    document.text = text;
    let mut entry = DocumentEntry::from_document(document, true);
    entry.duplicate_of = duplicate_of.map(storyline_core::DocumentId);
    Ok(Some(entry))
}

pub(crate) fn event_brief(conn: &Connection, id: &str) -> Result<Option<(String, bool)>> {
    let row: Option<(Option<String>, bool)> = conn
        .prepare_cached("SELECT brief, stale FROM events WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match row {
        None => None,
        Some((Some(brief), stale)) => Some((brief, stale)),
        // A store from before briefs were kept apart: from the report.
        Some((None, stale)) => event(conn, id)?.map(|report| {
            let event = &report.stories[0].events[0];
            let brief = serde_json::json!({
                "event": event.id,
                "title": event.title,
                "documents": event.documents.len(),
                "brief": event.brief,
            });
            (brief.to_string(), stale)
        }),
    })
}

pub(crate) fn pending_reports(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM events WHERE stale = 1", [], |r| {
        r.get(0)
    })?;
    Ok(n as usize)
}

pub(crate) fn event_of_document(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT e.event FROM documents d JOIN event_documents e USING (num) WHERE d.id = ?1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// FTS5 search. A query that is not valid FTS5 syntax (`U.S.`, `don't`) is
/// searched again as plain words, each one required.
pub(crate) fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    match run_search(conn, query, limit) {
        Ok(hits) => Ok(hits),
        Err(first) => {
            let words: Vec<String> = query
                .split_whitespace()
                .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                .collect();
            run_search(conn, &words.join(" "), limit).map_err(|_| first)
        }
    }
}

fn run_search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let mut statement = conn.prepare_cached(
        "SELECT d.id, d.title, d.outlet, d.published, ed.event,
                snippet(documents_fts, 1, '[', ']', '…', 24)
         FROM documents_fts
         JOIN documents d ON d.num = documents_fts.rowid
         LEFT JOIN event_documents ed ON ed.num = d.num
         WHERE documents_fts MATCH ?1
         ORDER BY rank
         LIMIT ?2",
    )?;
    let hits = statement
        .query_map(params![query, limit as i64], |r| {
            Ok(SearchHit {
                document: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                published: r.get(3)?,
                event: r.get(4)?,
                snippet: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(hits)
}

/// SQLite's integrity check, foreign keys, the full-text index, and the
/// store's own invariants.
pub(crate) fn check(conn: &Connection) -> Result<()> {
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Err(Error::Corrupt(format!("integrity check: {integrity}")));
    }
    let broken: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if broken > 0 {
        return Err(Error::Corrupt(format!("{broken} broken references")));
    }
    conn.execute(
        "INSERT INTO documents_fts(documents_fts, rank) VALUES('integrity-check', 1)",
        [],
    )
    .map_err(|e| Error::Corrupt(format!("full-text index: {e}")))?;
    let queries = [
        (
            "SELECT COUNT(*) FROM documents d LEFT JOIN event_documents e USING (num) WHERE e.num IS NULL",
            "documents in no event",
        ),
        (
            "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_documents x WHERE x.event = e.id)",
            "events without documents",
        ),
        (
            "SELECT COUNT(*) FROM events WHERE report IS NULL",
            "events without a report",
        ),
        (
            "SELECT COUNT(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.story = s.id)",
            "stories without events",
        ),
        (
            "SELECT COUNT(*) FROM documents d JOIN documents c ON c.num = d.duplicate_of WHERE c.duplicate_of IS NOT NULL",
            "duplicates of duplicates",
        ),
        (
            "SELECT COUNT(*) FROM documents d LEFT JOIN analyses a USING (num) WHERE a.num IS NULL",
            "documents without an analysis",
        ),
    ];
    for (sql, what) in queries {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        if n > 0 {
            return Err(Error::Corrupt(format!("{n} {what}")));
        }
    }
    Ok(())
}
