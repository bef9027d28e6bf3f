//! The web pages: server-rendered HTML, no script, nothing fetched.
//!
//! Every piece of text from the store goes through [`escape`]; every id in
//! a URL through [`crate::html::encode`]. The element ids and classes named
//! in the module's functions are relied on by the browser tests: keep them.

use std::collections::HashMap;
use std::fmt::Write;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use storyline_core::{Citation, DocumentEntry, Event, Report};
use storyline_store::{SearchHit, StorySummary};

use crate::html::{
    citation_href, document_href, escape, event_href, is_web_url, page, plural, time,
};
use crate::state::{AppState, Failure};

/// Stories per page of the front page.
const STORIES_PER_PAGE: usize = 20;
/// Results on the search page.
const SEARCH_RESULTS: usize = 50;
/// The pages' content security policy: inline style, links and the search
/// form; no script, no fetches, no frames.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
                   form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

// ---------------------------------------------------------------- handlers

#[derive(Debug, Deserialize)]
pub(crate) struct IndexParams {
    page: Option<String>,
}

/// `GET /`: the stories, newest first, `?page=N` (from 1).
pub(crate) async fn index(
    State(state): State<AppState>,
    query: Result<Query<IndexParams>, QueryRejection>,
) -> Response {
    let params = match query {
        Ok(Query(p)) => p,
        Err(e) => return html_error(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let page_no = match params.page.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(p) => match p.parse::<usize>() {
            Ok(n) if (1..=1_000_000).contains(&n) => n,
            _ => {
                return html_error(
                    StatusCode::BAD_REQUEST,
                    "`page` must be a whole number from 1.",
                );
            }
        },
    };
    let offset = (page_no - 1) * STORIES_PER_PAGE;
    let result = state
        .read(move |s| s.stories(STORIES_PER_PAGE + 1, offset))
        .await;
    match result {
        Ok(mut stories) => {
            let has_next = stories.len() > STORIES_PER_PAGE;
            stories.truncate(STORIES_PER_PAGE);
            html_ok(index_html(&stories, page_no, has_next))
        }
        Err(e) => store_failure(e),
    }
}

/// `GET /events/{id}`.
pub(crate) async fn event(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match path {
        Ok(Path(id)) => id,
        Err(e) => return html_error(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let lookup = id.clone();
    let read = move |s: &storyline_store::Store| {
        let report = s.event(&lookup)?;
        let pending = s.event_summary(&lookup)?.is_some_and(|e| e.pending);
        Ok(report.map(|r| (r, pending)))
    };
    match state.read(read).await {
        Ok(Some((report, pending))) => match event_html(&report, pending) {
            Some(html) => html_ok(html),
            None => not_found(&format!("The event {id:?} has no content.")),
        },
        Ok(None) => not_found(&format!("There is no event {id:?}.")),
        Err(e) => store_failure(e),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct DocumentParams {
    start: Option<String>,
    end: Option<String>,
}

/// `GET /documents/{id}?start=S&end=E`.
pub(crate) async fn document(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<DocumentParams>, QueryRejection>,
) -> Response {
    let id = match path {
        Ok(Path(id)) => id,
        Err(e) => return html_error(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let params = match query {
        Ok(Query(p)) => p,
        Err(e) => return html_error(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let lookup = id.clone();
    let result = state
        .read(move |s| {
            let Some(doc) = s.document(&lookup)? else {
                return Ok(None);
            };
            let event = crate::api::event_of(s, &doc)?;
            Ok(Some((doc, event)))
        })
        .await;
    match result {
        Ok(Some((doc, event))) => {
            let span = SpanParam::parse(params.start.as_deref(), params.end.as_deref());
            html_ok(document_html(&doc, event.as_ref(), span))
        }
        Ok(None) => not_found(&format!("There is no document {id:?}.")),
        Err(e) => store_failure(e),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct SearchParams {
    q: Option<String>,
}

/// `GET /search?q=...`.
pub(crate) async fn search(
    State(state): State<AppState>,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    let q = match query {
        Ok(Query(p)) => p.q.unwrap_or_default(),
        Err(e) => return html_error(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    if q.trim().is_empty() {
        return html_ok(page("Search", "", "<h1>Search</h1>\n"));
    }
    let query = q.clone();
    match state.read(move |s| s.search(&query, SEARCH_RESULTS)).await {
        Ok(hits) => html_ok(search_html(&q, &hits)),
        Err(e) if e.is_bad_query() => {
            let body = format!(
                "<h1>Search</h1>\n<p class=\"notice\">This search could not be understood: {}</p>\n\
                 <p>Plain words find articles with all of them; put a phrase in double quotes.</p>",
                escape(&e.to_string())
            );
            with_status(StatusCode::BAD_REQUEST, page("Search", &q, &body))
        }
        Err(e) => store_failure(e),
    }
}

// ---------------------------------------------------------------- responses

fn html_ok(html: String) -> Response {
    with_status(StatusCode::OK, html)
}

fn with_status(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
            // Defence in depth: the pages are escaped, need no script and
            // load nothing, so none may run and nothing may be fetched.
            (CONTENT_SECURITY_POLICY, CSP),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        html,
    )
        .into_response()
}

/// A page saying what went wrong, with `status`.
pub(crate) fn html_error(status: StatusCode, message: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    let body = format!(
        "<h1>{}</h1>\n<p class=\"notice\">{}</p>\n<p><a href=\"/\">All stories</a></p>",
        escape(title),
        escape(message)
    );
    with_status(status, page(title, "", &body))
}

pub(crate) fn not_found(message: &str) -> Response {
    html_error(StatusCode::NOT_FOUND, message)
}

fn store_failure(e: Failure) -> Response {
    html_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        &format!("The store failed: {e}"),
    )
}

// ---------------------------------------------------------------- rendering

/// The front page: `<ol id="stories">` of `<li class="story">`, each with
/// `<h2 class="story-title">` and `<ul class="events">` of `<li
/// class="event">`.
pub(crate) fn index_html(stories: &[StorySummary], page_no: usize, has_next: bool) -> String {
    let mut b = String::with_capacity(4096);
    b.push_str("<h1>Stories</h1>\n");
    if stories.is_empty() {
        if page_no == 1 {
            b.push_str(
                "<p class=\"empty\">No stories yet: add articles with <code>POST /api/documents</code> \
                 or <code>storyline ingest</code>.</p>\n",
            );
        } else {
            b.push_str("<p class=\"empty\">No more stories.</p>\n");
        }
    } else {
        b.push_str("<ol id=\"stories\">\n");
        for story in stories {
            let _ = write!(
                b,
                "<li class=\"story\">\n<h2 class=\"story-title\">{}</h2>\n<ul class=\"events\">\n",
                escape(&story.title)
            );
            for e in &story.events {
                let _ = write!(
                    b,
                    "<li class=\"event\"><a class=\"event-link\" href=\"{}\">{}</a> \
                     <span class=\"sources\">{}</span> <span class=\"documents\">{}</span>",
                    event_href(&e.id),
                    escape(&e.title),
                    plural(e.sources, "source", "sources"),
                    plural(e.documents, "article", "articles"),
                );
                if let Some(t) = &e.last_published {
                    b.push(' ');
                    b.push_str(&time(t));
                }
                b.push_str("</li>\n");
            }
            b.push_str("</ul>\n</li>\n");
        }
        b.push_str("</ol>\n");
    }
    if page_no > 1 || has_next {
        b.push_str("<nav class=\"pager\">");
        if page_no > 1 {
            let _ = write!(
                b,
                "<a rel=\"prev\" href=\"/?page={}\">← Newer</a>",
                page_no - 1
            );
        } else {
            b.push_str("<span></span>");
        }
        if has_next {
            let _ = write!(
                b,
                "<a rel=\"next\" href=\"/?page={}\">Older →</a>",
                page_no + 1
            );
        }
        b.push_str("</nav>\n");
    }
    page("Stories", "", &b)
}

/// The page of the one event in `report` (as `Store::event` returns it), or
/// `None` when the report holds no event.
/// `pending`: the event changed since its report was built (a notice says
/// the brief is being updated).
pub(crate) fn event_html(report: &Report, pending: bool) -> Option<String> {
    let story = report.stories.first()?;
    let event = story.events.first()?;
    let docs: HashMap<&str, &DocumentEntry> = report
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d))
        .collect();
    let cites = |citations: &[Citation]| citations_html(citations, &docs);
    let mut b = String::with_capacity(8192);
    let _ = write!(
        b,
        "<p class=\"meta\"><a href=\"/\">← All stories</a> · story: {}</p>\n\
         <h1 id=\"event-title\">{}</h1>\n<p class=\"meta\">{} · {}",
        escape(&story.title),
        escape(&event.title),
        plural(event.documents.len(), "article", "articles"),
        plural(outlet_count(event, &docs), "source", "sources"),
    );
    let _ = writeln!(
        b,
        " · <a href=\"/api/events/{0}/brief?format=markdown\">Markdown</a> · \
         <a href=\"/api/events/{0}/brief?format=html\">report</a> · \
         <a href=\"/api/events/{0}\">JSON</a></p>",
        crate::html::encode(&event.id)
    );

    if pending {
        b.push_str(
            "<p class=\"notice\" id=\"pending\">New articles joined this event; its brief, quotes and \
             differences are being updated (reload in a few seconds).</p>\n",
        );
    }

    // Brief.
    b.push_str("<section id=\"brief\">\n<h2>Brief</h2>\n");
    if event.brief.is_empty() {
        b.push_str("<p class=\"empty\">No brief for this event.</p>\n");
    } else {
        b.push_str("<ol>\n");
        for item in &event.brief {
            let _ = writeln!(
                b,
                "<li class=\"brief-item\">{} {}</li>",
                escape(&item.text),
                cites(&item.citations)
            );
        }
        b.push_str("</ol>\n");
    }
    b.push_str("</section>\n");

    // Quotes.
    b.push_str("<section id=\"quotes\">\n<h2>Quotes</h2>\n");
    if event.quotes.is_empty() {
        b.push_str("<p class=\"empty\">No quotes.</p>\n");
    } else {
        let names: HashMap<&str, &str> = report
            .entities
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect();
        b.push_str("<ul>\n");
        for quote in most_cited(&event.quotes, |q| q.citations.len()) {
            let speaker = match quote.speaker.as_deref() {
                Some(id) => names.get(id).copied().unwrap_or(id),
                None => "",
            };
            b.push_str("<li class=\"quote\">");
            if speaker.is_empty() {
                b.push_str("<span class=\"speaker unknown\">Unknown speaker</span>: ");
            } else {
                let _ = write!(b, "<span class=\"speaker\">{}</span>: ", escape(speaker));
            }
            let _ = writeln!(
                b,
                "<q>{}</q> {}</li>",
                escape(&quote.text),
                cites(&quote.citations)
            );
        }
        b.push_str("</ul>\n");
        more_in_json(&mut b, event.quotes.len(), "quotes", &event.id);
    }
    b.push_str("</section>\n");

    // Differences.
    b.push_str("<section id=\"differences\">\n<h2>Where sources differ</h2>\n");
    if event.conflicts.is_empty() {
        b.push_str("<p class=\"empty\">No differences found between the sources.</p>\n");
    } else {
        b.push_str("<ul>\n");
        for conflict in &event.conflicts {
            let _ = write!(
                b,
                "<li class=\"conflict\"><span class=\"kind\">{}</span> {}\n<ul>\n",
                escape(&conflict.kind),
                escape(&conflict.about)
            );
            for value in &conflict.values {
                let _ = writeln!(
                    b,
                    "<li class=\"value\">{} {}</li>",
                    escape(&value.text),
                    cites(&value.citations)
                );
            }
            b.push_str("</ul>\n</li>\n");
        }
        b.push_str("</ul>\n");
    }
    b.push_str("</section>\n");

    // Timeline.
    b.push_str("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
    if event.timeline.is_empty() {
        b.push_str("<p class=\"empty\">No dated statements.</p>\n");
    } else {
        b.push_str("<ol>\n");
        for entry in &event.timeline {
            let _ = writeln!(
                b,
                "<li class=\"timeline-entry\">{} {} {}</li>",
                time(&entry.when),
                escape(&entry.text),
                cites(&entry.citations)
            );
        }
        b.push_str("</ol>\n");
    }
    b.push_str("</section>\n");

    // Numbers.
    b.push_str("<section id=\"numbers\">\n<h2>Numbers</h2>\n");
    if event.quantities.is_empty() {
        b.push_str("<p class=\"empty\">No numbers.</p>\n");
    } else {
        b.push_str("<ul>\n");
        for q in most_cited(&event.quantities, |q| q.citations.len()) {
            let counted = match &q.counted {
                Some(c) => format!(" <span class=\"kind\">{}</span>", escape(c)),
                None => String::new(),
            };
            let _ = writeln!(
                b,
                "<li class=\"quantity\">{}{} {}</li>",
                escape(&q.text),
                counted,
                cites(&q.citations)
            );
        }
        b.push_str("</ul>\n");
        more_in_json(&mut b, event.quantities.len(), "numbers", &event.id);
    }
    b.push_str("</section>\n");

    // Sources.
    b.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n<ol>\n");
    for (i, id) in event.documents.iter().enumerate() {
        let doc = docs.get(id.as_str()).copied();
        let membership = event
            .membership
            .get(i)
            .filter(|m| m.document == *id)
            .or_else(|| event.membership.iter().find(|m| m.document == *id));
        let title = doc.and_then(|d| d.title.as_deref()).unwrap_or(id.as_str());
        let _ = write!(
            b,
            "<li class=\"source\"><a href=\"{}\">{}</a>",
            document_href(id.as_str()),
            escape(title)
        );
        let mut meta = Vec::new();
        if let Some(outlet) = doc.and_then(|d| d.outlet.as_deref()) {
            meta.push(format!("<span class=\"outlet\">{}</span>", escape(outlet)));
        }
        if let Some(published) = doc.and_then(|d| d.published.as_deref()) {
            meta.push(time(published));
        }
        let duplicate_of = doc
            .and_then(|d| d.duplicate_of.as_ref())
            .or_else(|| membership.and_then(|m| m.duplicate_of.as_ref()));
        if let Some(original) = duplicate_of {
            let original_title = docs
                .get(original.as_str())
                .and_then(|d| d.title.as_deref())
                .unwrap_or(original.as_str());
            meta.push(format!(
                "<span class=\"duplicate\">duplicate of <a href=\"{}\">{}</a></span>",
                document_href(original.as_str()),
                escape(original_title)
            ));
        }
        if !meta.is_empty() {
            let _ = write!(b, "<br><span class=\"meta\">{}</span>", meta.join(" · "));
        }
        if let Some(m) = membership {
            let verdict = if m.score >= m.threshold { "≥" } else { "<" };
            let _ = write!(
                b,
                "<details class=\"evidence\"><summary>Why this article is here</summary>\
                 similarity {:.2} {verdict} threshold {:.2}",
                m.score, m.threshold
            );
            if !m.shared_terms.is_empty() {
                let _ = write!(b, "; shared words: {}", escape(&m.shared_terms.join(", ")));
            }
            if !m.shared_names.is_empty() {
                let _ = write!(b, "; shared names: {}", escape(&m.shared_names.join(", ")));
            }
            if let Some(days) = m.days_from_event {
                let _ = write!(b, "; {days:.1} days from the event");
            }
            if !m.shared_passages.is_empty() {
                let others: Vec<String> = m
                    .shared_passages
                    .iter()
                    .map(|d| {
                        format!(
                            "<a href=\"{}\">{}</a>",
                            document_href(d.as_str()),
                            escape(label(d.as_str(), &docs))
                        )
                    })
                    .collect();
                let _ = write!(b, "; shares passages with {}", others.join(", "));
            }
            b.push_str("</details>");
        }
        b.push_str("</li>\n");
    }
    b.push_str("</ol>\n</section>\n");
    Some(page(&event.title, "", &b))
}

/// The outlets of an event's documents (a document without one counts
/// once).
fn outlet_count(event: &Event, docs: &HashMap<&str, &DocumentEntry>) -> usize {
    let mut outlets: Vec<&str> = event
        .documents
        .iter()
        .map(|id| {
            docs.get(id.as_str())
                .and_then(|d| d.outlet.as_deref())
                .unwrap_or(id.as_str())
        })
        .collect();
    outlets.sort_unstable();
    outlets.dedup();
    outlets.len()
}

/// A document's short name: its outlet, else its id.
fn label<'a>(id: &'a str, docs: &HashMap<&str, &'a DocumentEntry>) -> &'a str {
    docs.get(id).and_then(|d| d.outlet.as_deref()).unwrap_or(id)
}

/// Quotes and numbers listed on an event page: a large event carries
/// hundreds, and a page of them reads as none.
const LISTED: usize = 30;

/// The [`LISTED`] items carried by the most sources, in their order.
fn most_cited<T>(items: &[T], sources: impl Fn(&T) -> usize) -> Vec<&T> {
    let mut ranked: Vec<usize> = (0..items.len()).collect();
    ranked.sort_by_key(|&i| std::cmp::Reverse(sources(&items[i])));
    ranked.truncate(LISTED);
    ranked.sort_unstable();
    ranked.into_iter().map(|i| &items[i]).collect()
}

/// Says how many items the page left out, and where they all are.
fn more_in_json(b: &mut String, total: usize, what: &str, event: &str) {
    if total > LISTED {
        let _ = writeln!(
            b,
            "<p class=\"meta\">The {LISTED} {what} carried by the most sources; all {total} are in the \
             <a href=\"/api/events/{}\">JSON</a>.</p>",
            crate::html::encode(event)
        );
    }
}

/// `<span class="citations">` of `<a class="citation">` links.
fn citations_html(citations: &[Citation], docs: &HashMap<&str, &DocumentEntry>) -> String {
    let mut out = String::from("<span class=\"citations\">");
    for c in citations {
        let id = c.document.as_str();
        let title = docs
            .get(id)
            .and_then(|d| d.title.as_deref())
            .map(|t| format!("{t} ({id})"))
            .unwrap_or_else(|| id.to_string());
        let _ = write!(
            out,
            "<a class=\"citation\" href=\"{}\" title=\"{}\">{}</a>",
            citation_href(id, c.start, c.end),
            escape(&title),
            escape(label(id, docs))
        );
    }
    out.push_str("</span>");
    out
}

/// The span asked for on a document page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SpanParam {
    /// Neither `start` nor `end`.
    None,
    Span(usize, usize),
    /// Something that is not a pair of offsets.
    Invalid(String),
}

impl SpanParam {
    pub(crate) fn parse(start: Option<&str>, end: Option<&str>) -> SpanParam {
        let start = start.map(str::trim).filter(|s| !s.is_empty());
        let end = end.map(str::trim).filter(|s| !s.is_empty());
        match (start, end) {
            (None, None) => SpanParam::None,
            (Some(s), Some(e)) => match (s.parse::<usize>(), e.parse::<usize>()) {
                (Ok(s), Ok(e)) => SpanParam::Span(s, e),
                _ => SpanParam::Invalid(format!("start={s} and end={e} are not byte offsets")),
            },
            _ => SpanParam::Invalid("a span needs both start and end".to_string()),
        }
    }
}

/// A document page: title, metadata, its event, and its text in `<div
/// id="text">` with the cited span in `<mark id="cited">`.
pub(crate) fn document_html(
    doc: &DocumentEntry,
    event: Option<&crate::api::EventLink>,
    span: SpanParam,
) -> String {
    let text = doc.text.as_deref().unwrap_or("");
    let title = doc.title.as_deref().unwrap_or(doc.id.as_str());
    let mut b = String::with_capacity(text.len() + text.len() / 8 + 2048);
    let _ = writeln!(b, "<h1>{}</h1>", escape(title));
    let mut meta = Vec::new();
    if let Some(outlet) = &doc.outlet {
        meta.push(format!("<span class=\"outlet\">{}</span>", escape(outlet)));
    }
    if let Some(published) = &doc.published {
        meta.push(time(published));
    }
    if !doc.authors.is_empty() {
        meta.push(format!("by {}", escape(&doc.authors.join(", "))));
    }
    if let Some(url) = &doc.url {
        if is_web_url(url) {
            meta.push(format!(
                "<a class=\"url\" href=\"{0}\" rel=\"noopener noreferrer nofollow\">{0}</a>",
                escape(url)
            ));
        } else {
            meta.push(format!("<span class=\"url\">{}</span>", escape(url)));
        }
    }
    meta.push(format!("id <code>{}</code>", escape(doc.id.as_str())));
    let _ = writeln!(b, "<p class=\"meta\">{}</p>", meta.join(" · "));
    let mut nav = Vec::new();
    if let Some(event) = event {
        nav.push(format!(
            "event: <a class=\"event-link\" href=\"{}\">{}</a>",
            event_href(&event.id),
            escape(&event.title)
        ));
    }
    if let Some(original) = &doc.duplicate_of {
        nav.push(format!(
            "duplicate of <a href=\"{}\">{}</a>",
            document_href(original.as_str()),
            escape(original.as_str())
        ));
    }
    nav.push("<a href=\"/\">all stories</a>".to_string());
    let _ = writeln!(b, "<p class=\"meta\">{}</p>", nav.join(" · "));

    let marked = match span {
        SpanParam::None => None,
        SpanParam::Span(s, e) => {
            if s <= e
                && let (Some(before), Some(cited), Some(after)) =
                    (text.get(..s), text.get(s..e), text.get(e..))
            {
                Some((before, cited, after))
            } else {
                let _ = writeln!(
                    b,
                    "<p class=\"notice\">The cited span {s}–{e} is not a span of this text \
                     ({} bytes, on character boundaries); the text is shown unmarked.</p>",
                    text.len()
                );
                None
            }
        }
        SpanParam::Invalid(why) => {
            let _ = writeln!(
                b,
                "<p class=\"notice\">The cited span is invalid ({}); the text is shown unmarked.</p>",
                escape(&why)
            );
            None
        }
    };
    b.push_str("<div id=\"text\">");
    match marked {
        Some((before, cited, after)) => {
            b.push_str(&escape(before));
            b.push_str("<mark id=\"cited\">");
            b.push_str(&escape(cited));
            b.push_str("</mark>");
            b.push_str(&escape(after));
        }
        None => b.push_str(&escape(text)),
    }
    b.push_str("</div>\n");
    page(title, "", &b)
}

/// The search page with results: `<ol id="results">` of `<li
/// class="result">`.
pub(crate) fn search_html(q: &str, hits: &[SearchHit]) -> String {
    let mut b = String::with_capacity(4096);
    let _ = writeln!(b, "<h1>Search: {}</h1>", escape(q));
    if hits.is_empty() {
        b.push_str("<p class=\"empty\">No article matches.</p>\n");
    } else {
        let _ = writeln!(
            b,
            "<p class=\"meta\">{}{}</p>",
            plural(hits.len(), "article", "articles"),
            if hits.len() >= SEARCH_RESULTS {
                " (the best matches)"
            } else {
                ""
            }
        );
        b.push_str("<ol id=\"results\">\n");
        for hit in hits {
            let title = hit.title.as_deref().unwrap_or(&hit.document);
            let _ = write!(
                b,
                "<li class=\"result\"><a class=\"result-document\" href=\"{}\">{}</a>",
                document_href(&hit.document),
                escape(title)
            );
            let mut meta = Vec::new();
            if let Some(outlet) = &hit.outlet {
                meta.push(escape(outlet));
            }
            if let Some(published) = &hit.published {
                meta.push(time(published));
            }
            if let Some(event) = &hit.event {
                meta.push(format!(
                    "<a class=\"result-event\" href=\"{}\">event</a>",
                    event_href(event)
                ));
            }
            if !meta.is_empty() {
                let _ = write!(b, "<br><span class=\"meta\">{}</span>", meta.join(" · "));
            }
            let _ = writeln!(
                b,
                "<p class=\"snippet\">{}</p></li>",
                snippet_html(&hit.snippet)
            );
        }
        b.push_str("</ol>\n");
    }
    page(&format!("Search: {q}"), q, &b)
}

/// A snippet with its matches between `[` and `]`, escaped, the matches in
/// `<mark>`.
pub(crate) fn snippet_html(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len() + 32);
    let mut open = false;
    for c in snippet.chars() {
        match c {
            '[' if !open => {
                out.push_str("<mark>");
                open = true;
            }
            ']' if open => {
                out.push_str("</mark>");
                open = false;
            }
            c => out.push_str(&escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::{
        CitedText, Conflict, DocumentId, Entity, EntityKind, Format, Membership, Quantity, Quote,
        Story, TimelineEntry,
    };
    use storyline_store::EventSummary;

    const TEXT_A: &str = "Café “Zoë” reopened in Łódź.\n\nThe mayor said: “Welcome back, 東京 friends.” <script>alert(1)</script>";

    fn entry(id: &str, title: &str, outlet: Option<&str>, text: Option<&str>) -> DocumentEntry {
        DocumentEntry {
            id: DocumentId(id.to_string()),
            source: "request".to_string(),
            format: Format::Txt,
            title: Some(title.to_string()),
            outlet: outlet.map(str::to_string),
            published: Some("2031-03-04T09:30:00Z".to_string()),
            url: Some("https://news.example/a".to_string()),
            authors: vec![],
            language: None,
            length: text.map_or(0, str::len),
            duplicate_of: None,
            defects: vec![],
            extra: Default::default(),
            text: text.map(str::to_string),
        }
    }

    fn cite(doc: &str, text: &str, part: &str) -> Citation {
        let start = text.find(part).expect("part of the text");
        Citation {
            document: DocumentId(doc.to_string()),
            start,
            end: start + part.len(),
        }
    }

    fn report() -> Report {
        let quote = "“Welcome back, 東京 friends.”";
        let mut b = entry("b", "Copy <b>", None, None);
        b.duplicate_of = Some(DocumentId("a".into()));
        Report {
            documents: vec![
                entry(
                    "a",
                    "Café <script>x</script> reopens",
                    Some("Daily Ω"),
                    None,
                ),
                b,
            ],
            entities: vec![Entity {
                id: "p1".into(),
                name: "Mayor Ana Núñez".into(),
                kind: EntityKind::Person,
                aliases: vec![],
                roles: vec![],
            }],
            stories: vec![Story {
                id: "s1".into(),
                title: "Cafés & <towns>".into(),
                events: vec![Event {
                    id: "e1".into(),
                    title: "Café <script>x</script> reopens".into(),
                    title_from: DocumentId("a".into()),
                    published: None,
                    documents: vec![DocumentId("a".into()), DocumentId("b".into())],
                    membership: vec![
                        Membership {
                            document: DocumentId("a".into()),
                            duplicate_of: None,
                            score: 0.8,
                            threshold: 0.45,
                            shared_terms: vec!["café".into()],
                            shared_names: vec!["Łódź".into()],
                            days_from_event: Some(0.0),
                            shared_passages: vec![],
                        },
                        Membership {
                            document: DocumentId("b".into()),
                            duplicate_of: Some(DocumentId("a".into())),
                            score: 1.0,
                            threshold: 0.45,
                            shared_terms: vec![],
                            shared_names: vec![],
                            days_from_event: None,
                            shared_passages: vec![],
                        },
                    ],
                    brief: vec![CitedText {
                        text: "Café “Zoë” reopened in Łódź.".into(),
                        citations: vec![cite("a", TEXT_A, "Café “Zoë” reopened in Łódź.")],
                    }],
                    quotes: vec![Quote {
                        text: quote.into(),
                        speaker: Some("p1".into()),
                        citations: vec![cite("a", TEXT_A, quote)],
                    }],
                    quantities: vec![Quantity {
                        text: "3 <cafés>".into(),
                        value: 3.0,
                        counted: Some("cafés".into()),
                        citations: vec![],
                    }],
                    conflicts: vec![Conflict {
                        kind: "number".into(),
                        about: "cafés <open>".into(),
                        values: vec![CitedText {
                            text: "three".into(),
                            citations: vec![cite("a", TEXT_A, "Łódź")],
                        }],
                    }],
                    timeline: vec![TimelineEntry {
                        when: "2031-03-04".into(),
                        text: "reopened".into(),
                        citations: vec![],
                    }],
                }],
            }],
            ..Report::default()
        }
    }

    #[test]
    fn event_page_has_its_sections_in_order_and_escapes() {
        let html = event_html(&report(), false).unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(html.contains("<h1 id=\"event-title\">Café &lt;script&gt;"));
        assert!(html.contains("<meta name=\"viewport\""));
        let order = [
            "id=\"brief\"",
            "id=\"quotes\"",
            "id=\"differences\"",
            "id=\"timeline\"",
            "id=\"numbers\"",
            "id=\"sources\"",
        ];
        let positions: Vec<usize> = order.iter().map(|s| html.find(s).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
        // Citations carry byte offsets of the multi-byte text.
        let s = TEXT_A.find("“Welcome").unwrap();
        let e = s + "“Welcome back, 東京 friends.”".len();
        assert!(
            html.contains(&format!(
                "href=\"/documents/a?start={s}&amp;end={e}#cited\""
            )),
            "{html}"
        );
        assert!(html.contains("<li class=\"brief-item\">Café “Zoë” reopened in Łódź. "));
        assert!(html.contains("class=\"citation\""));
        assert!(html.contains(">Daily Ω</a>"));
        assert!(html.contains("<span class=\"speaker\">Mayor Ana Núñez</span>"));
        assert!(html.contains("duplicate of <a href=\"/documents/a\">"));
        assert!(html.contains("similarity 0.80 ≥ threshold 0.45"));
        assert!(html.contains("cafés &lt;open&gt;"));
        assert!(html.contains("href=\"/\""));
    }

    #[test]
    fn a_large_event_lists_its_most_cited_quotes_and_says_where_the_rest_are() {
        let mut r = report();
        let event = &mut r.stories[0].events[0];
        let template = event.quotes[0].clone();
        event.quotes = (0..LISTED + 5)
            .map(|i| Quote {
                text: format!("quote number {i}"),
                // The last five are carried by two sources, the rest by one.
                citations: vec![template.citations[0].clone(); 1 + usize::from(i >= LISTED)],
                ..template.clone()
            })
            .collect();
        let html = event_html(&r, false).unwrap();
        assert_eq!(html.matches("<li class=\"quote\">").count(), LISTED);
        for i in LISTED..LISTED + 5 {
            assert!(html.contains(&format!("quote number {i}<")), "{i}");
        }
        assert!(html.contains(&format!("all {} are in the", LISTED + 5)));
    }

    #[test]
    fn event_page_of_an_empty_report_is_none() {
        assert!(event_html(&Report::default(), false).is_none());
        assert!(
            event_html(&report(), true)
                .unwrap()
                .contains("id=\"pending\"")
        );
    }

    #[test]
    fn document_page_marks_a_multibyte_span() {
        let doc = entry("a", "Café <b>reopens</b>", Some("Daily Ω"), Some(TEXT_A));
        let s = TEXT_A.find("“Welcome").unwrap();
        let e = s + "“Welcome back, 東京 friends.”".len();
        let html = document_html(&doc, None, SpanParam::Span(s, e));
        assert!(
            html.contains("<mark id=\"cited\">“Welcome back, 東京 friends.”</mark>"),
            "{html}"
        );
        assert!(html.contains("<div id=\"text\">Café “Zoë” reopened in Łódź.\n\n"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("<h1>Café &lt;b&gt;reopens&lt;/b&gt;</h1>"));
        assert!(!html.contains("class=\"notice\""));
    }

    #[test]
    fn document_page_refuses_bad_spans_visibly() {
        let doc = entry("a", "T", None, Some(TEXT_A));
        // Inside the two-byte “é”.
        let inside = TEXT_A.find('é').unwrap() + 1;
        for span in [
            SpanParam::Span(inside, inside + 3),
            SpanParam::Span(5, 2),
            SpanParam::Span(0, TEXT_A.len() + 1),
            SpanParam::parse(Some("x"), Some("3")),
            SpanParam::parse(Some("3"), None),
        ] {
            let html = document_html(&doc, None, span.clone());
            assert!(html.contains("<p class=\"notice\">"), "{span:?}");
            assert!(!html.contains("<mark"), "{span:?}");
            assert!(html.contains("Welcome back, 東京 friends."));
        }
        let html = document_html(&doc, None, SpanParam::parse(None, Some("")));
        assert!(!html.contains("class=\"notice\"") && !html.contains("<mark"));
        let html = document_html(&doc, None, SpanParam::Span(0, TEXT_A.len()));
        assert!(html.contains("<mark id=\"cited\">Café"));
    }

    #[test]
    fn document_page_links_only_web_urls() {
        let mut doc = entry("a", "T", None, Some("text"));
        doc.url = Some("javascript:alert(1)".into());
        let html = document_html(&doc, None, SpanParam::None);
        assert!(!html.contains("href=\"javascript"));
        let link = crate::api::EventLink {
            id: "e/1".into(),
            title: "E <1>".into(),
        };
        let html = document_html(&doc, Some(&link), SpanParam::None);
        assert!(html.contains("<a class=\"event-link\" href=\"/events/e%2F1\">E &lt;1&gt;</a>"));
    }

    #[test]
    fn front_page_lists_stories_and_events() {
        let stories = vec![StorySummary {
            id: "s1".into(),
            title: "<script>story</script>".into(),
            events: vec![EventSummary {
                id: "e1".into(),
                story: "s1".into(),
                title: "Ève <i>".into(),
                documents: 3,
                sources: 2,
                first_published: None,
                last_published: Some("2031-03-04T09:30:00Z".into()),
                updated_batch: 1,
                pending: false,
            }],
            latest: None,
        }];
        let html = index_html(&stories, 1, true);
        assert!(!html.contains("<script>"));
        assert!(html.contains("<ol id=\"stories\">"));
        assert!(html.contains("<h2 class=\"story-title\">&lt;script&gt;story&lt;/script&gt;</h2>"));
        assert!(html.contains(
            "<li class=\"event\"><a class=\"event-link\" href=\"/events/e1\">Ève &lt;i&gt;</a> \
             <span class=\"sources\">2 sources</span> <span class=\"documents\">3 articles</span> \
             <time datetime=\"2031-03-04T09:30:00Z\">2031-03-04 09:30 UTC</time></li>"
        ));
        assert!(html.contains("href=\"/?page=2\""));
        assert!(
            html.contains("<form id=\"search\" action=\"/search\" method=\"get\">")
                || html.contains("<form id=\"search\" action=\"/search\" method=\"get\" ")
        );
    }

    #[test]
    fn search_page_marks_snippets() {
        let hits = vec![SearchHit {
            document: "d 1".into(),
            title: Some("<T>".into()),
            outlet: None,
            published: None,
            event: Some("e1".into()),
            snippet: "… the [café] & <b>[Łódź]</b> …".into(),
        }];
        let html = search_html("café \"x", &hits);
        assert!(html.contains("value=\"café &quot;x\""));
        assert!(html.contains("<ol id=\"results\">"));
        assert!(html.contains("href=\"/documents/d%201\""));
        assert!(html.contains("href=\"/events/e1\""));
        assert!(
            html.contains("… the <mark>café</mark> &amp; &lt;b&gt;<mark>Łódź</mark>&lt;/b&gt; …")
        );
        assert_eq!(snippet_html("a [b"), "a <mark>b</mark>");
        assert_eq!(snippet_html("a] b"), "a] b");
    }
}
