//! The JSON API under `/api/`.

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use storyline_core::DocumentEntry;
use storyline_store::{Store, StoreError};

use crate::ingest::{BodyKind, Overrides};
use crate::state::{AppState, Failure};

/// The most stories one `GET /api/stories` returns.
pub(crate) const MAX_STORIES: usize = 500;
/// The most hits one `GET /api/search` returns.
pub(crate) const MAX_HITS: usize = 200;

/// An API error: a 4xx or 5xx status with `{"error": message}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<Failure> for ApiError {
    fn from(e: Failure) -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the store failed: {e}"),
        )
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        ApiError::new(e.status(), e.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(e: PathRejection) -> Self {
        ApiError::new(e.status(), e.body_text())
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = json(
            self.status,
            &ErrorBody {
                error: &self.message,
            },
        );
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"storyline\""),
            );
        }
        response
    }
}

/// `value` as a JSON response.
pub(crate) fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [
                (CONTENT_TYPE, "application/json"),
                (CACHE_CONTROL, "no-cache"),
            ],
            body,
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(CONTENT_TYPE, "application/json")],
            format!(
                "{{\"error\":{}}}",
                serde_json::Value::String(format!("serializing the response: {e}"))
            ),
        )
            .into_response(),
    }
}

type ApiResult = Result<Response, ApiError>;

// ------------------------------------------------------------------ writes

/// `POST /api/documents`: one batch of articles.
pub(crate) async fn post_documents(State(state): State<AppState>, request: Request) -> ApiResult {
    authorize(state.token(), request.headers())?;
    let kind = body_kind(request.headers())?;
    let overrides = Overrides::from_uri(request.uri())?;
    if overrides.any() && matches!(kind.0, BodyKind::Json | BodyKind::Ndjson) {
        return Err(ApiError::bad_request(
            "query parameters (id, title, outlet, published, url) apply to text/plain and \
             text/html bodies only; put the fields in the JSON objects",
        ));
    }
    let bytes = Bytes::from_request(request, &())
        .await
        .map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    let (kind, charset) = kind;
    let body = bytes.to_vec();
    let summary = state
        .ingest(move || crate::ingest::records(kind, charset, body, overrides))
        .await?
        .map_err(ApiError::bad_request)?;
    Ok(json(StatusCode::OK, &summary))
}

/// Checks `Authorization: Bearer TOKEN` against the server's token.
fn authorize(token: Option<&str>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes are disabled: this server was started without a token \
             (start it with one to accept POST /api/documents)",
        ));
    };
    // Bytes, not text: a token may hold any character the header can carry.
    let given = headers.get(AUTHORIZATION).and_then(|v| {
        let v = v.as_bytes().trim_ascii();
        let at = v.iter().position(|b| *b == b' ')?;
        let (scheme, rest) = v.split_at(at);
        scheme
            .eq_ignore_ascii_case(b"bearer")
            .then(|| rest.trim_ascii())
    });
    match given {
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this request needs an `Authorization: Bearer TOKEN` header",
        )),
        Some(given) if constant_time_eq(given, token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong token")),
    }
}

/// Compares without stopping at the first difference (the length is not
/// secret).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The body's kind from its `Content-Type`, and the charset it declares.
fn body_kind(headers: &HeaderMap) -> Result<(BodyKind, Option<String>), ApiError> {
    const ACCEPTED: &str = "application/json, application/x-ndjson, text/plain or text/html";
    let Some(value) = headers.get(CONTENT_TYPE) else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("no Content-Type: send {ACCEPTED}"),
        ));
    };
    let value = value.to_str().map_err(|_| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the Content-Type header is not ASCII",
        )
    })?;
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|v| !v.is_empty())
    });
    let kind = match essence.as_str() {
        "application/json" => BodyKind::Json,
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => BodyKind::Ndjson,
        "text/plain" => BodyKind::Text,
        "text/html" | "application/xhtml+xml" => BodyKind::Html,
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("unsupported Content-Type {essence:?}: send {ACCEPTED}"),
            ));
        }
    };
    Ok((kind, charset))
}

// ------------------------------------------------------------------- reads

#[derive(Debug, Deserialize)]
pub(crate) struct StoriesParams {
    limit: Option<usize>,
    offset: Option<usize>,
}

#[derive(Serialize)]
struct StoriesBody {
    stories: Vec<storyline_store::StorySummary>,
}

/// `GET /api/stories?limit=50&offset=0`.
pub(crate) async fn stories(
    State(state): State<AppState>,
    query: Result<Query<StoriesParams>, QueryRejection>,
) -> ApiResult {
    let Query(params) = query?;
    let limit = params.limit.unwrap_or(50).min(MAX_STORIES);
    let offset = params.offset.unwrap_or(0);
    let stories = state.read(move |s| s.stories(limit, offset)).await?;
    Ok(json(StatusCode::OK, &StoriesBody { stories }))
}

/// `GET /api/events/{id}`: the event's report.
pub(crate) async fn event(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let Path(id) = path?;
    let report = find_event(&state, id).await?;
    Ok(json(StatusCode::OK, &report))
}

async fn find_event(state: &AppState, id: String) -> Result<storyline_core::Report, ApiError> {
    let lookup = id.clone();
    state
        .read(move |s| s.event(&lookup))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))
}

#[derive(Debug, Deserialize)]
pub(crate) struct BriefParams {
    format: Option<String>,
}

/// `GET /api/events/{id}/brief?format=json|markdown|html`.
pub(crate) async fn brief(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<BriefParams>, QueryRejection>,
) -> ApiResult {
    let Path(id) = path?;
    let Query(params) = query?;
    let format = params.format.unwrap_or_else(|| "json".to_string());
    let content_type = match format.as_str() {
        "json" => "application/json",
        "markdown" | "md" => "text/markdown; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        other => {
            return Err(ApiError::bad_request(format!(
                "unknown format {other:?}: json, markdown or html"
            )));
        }
    };
    if content_type == "application/json" {
        let lookup = id.clone();
        let (body, pending) = state
            .read(move |s| s.event_brief(&lookup))
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))?;
        return Ok((
            StatusCode::OK,
            [
                (CONTENT_TYPE, content_type),
                (CACHE_CONTROL, "no-cache"),
                (
                    axum::http::HeaderName::from_static("x-storyline-pending"),
                    if pending { "true" } else { "false" },
                ),
            ],
            body,
        )
            .into_response());
    }
    let report = find_event(&state, id).await?;
    let body = match content_type {
        "text/html; charset=utf-8" => storyline_present::render_html(&report),
        _ => storyline_present::render_markdown(&report),
    };
    Ok((
        StatusCode::OK,
        [(CONTENT_TYPE, content_type), (CACHE_CONTROL, "no-cache")],
        body,
    )
        .into_response())
}

/// `GET /api/documents/{id}`: the document with its text.
pub(crate) async fn document(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let Path(id) = path?;
    let lookup = id.clone();
    let doc = state
        .read(move |s| s.document(&lookup))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no document {id:?}")))?;
    Ok(json(StatusCode::OK, &doc))
}

#[derive(Debug, Deserialize)]
pub(crate) struct SearchParams {
    q: Option<String>,
    limit: Option<usize>,
}

#[derive(Serialize)]
struct HitsBody {
    hits: Vec<storyline_store::SearchHit>,
}

/// `GET /api/search?q=...&limit=20`.
pub(crate) async fn search(
    State(state): State<AppState>,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult {
    let Query(params) = query?;
    let q = params.q.unwrap_or_default();
    if q.trim().is_empty() {
        return Err(ApiError::bad_request("missing query: ?q=WORDS"));
    }
    let limit = params.limit.unwrap_or(20).min(MAX_HITS);
    match state.read(move |s| s.search(&q, limit)).await {
        Ok(hits) => Ok(json(StatusCode::OK, &HitsBody { hits })),
        Err(e) if e.is_bad_query() => Err(ApiError::bad_request(format!("bad search: {e}"))),
        Err(e) => Err(e.into()),
    }
}

/// `GET /api/health`: the store's counts.
pub(crate) async fn health(State(state): State<AppState>) -> ApiResult {
    let stats = state.read(|s| s.stats()).await?;
    Ok(json(StatusCode::OK, &stats))
}

/// `GET /openapi.json`.
pub(crate) async fn openapi() -> Response {
    json(StatusCode::OK, &crate::openapi::document())
}

// --------------------------------------------------------------- fallbacks

/// Unknown paths: JSON under `/api/`, a page elsewhere.
pub(crate) async fn not_found(uri: Uri) -> Response {
    if is_api(&uri) {
        ApiError::not_found(format!("no such endpoint: {}", uri.path())).into_response()
    } else {
        crate::pages::not_found(&format!("There is no page {}.", uri.path()))
    }
}

/// A known path with another method.
pub(crate) async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    let message = format!("{method} is not allowed on {}", uri.path());
    if is_api(&uri) {
        ApiError::new(StatusCode::METHOD_NOT_ALLOWED, message).into_response()
    } else {
        crate::pages::html_error(StatusCode::METHOD_NOT_ALLOWED, &message)
    }
}

fn is_api(uri: &Uri) -> bool {
    uri.path().starts_with("/api/") || uri.path() == "/api" || uri.path() == "/openapi.json"
}

// ---------------------------------------------------------------- helpers

/// The event a document belongs to, for its page's link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EventLink {
    pub(crate) id: String,
    pub(crate) title: String,
}

/// Finds the event of `doc`.
pub(crate) fn event_of(
    store: &Store,
    doc: &DocumentEntry,
) -> storyline_store::Result<Option<EventLink>> {
    let Some(id) = event_id_of(store, doc)? else {
        return Ok(None);
    };
    Ok(store.event_summary(&id)?.map(|e| EventLink {
        id: e.id,
        title: e.title,
    }))
}

fn event_id_of(store: &Store, doc: &DocumentEntry) -> storyline_store::Result<Option<String>> {
    store.event_of_document(doc.id.as_str())
}

impl Failure {
    /// Whether this is the store refusing a search query (FTS5 syntax),
    /// which is the user's error (400), not the store's.
    pub(crate) fn is_bad_query(&self) -> bool {
        match self {
            Failure::Store(e) => is_bad_query(e),
            Failure::Panicked => false,
        }
    }
}

/// Whether the store refused a search query (FTS5 syntax).
fn is_bad_query(e: &StoreError) -> bool {
    let message = e.to_string();
    [
        "fts5",
        "syntax error",
        "no such column",
        "unterminated string",
        "malformed MATCH",
        "unknown special query",
    ]
    .iter()
    .any(|m| message.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens() {
        let mut h = HeaderMap::new();
        assert_eq!(
            authorize(None, &h).unwrap_err().status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            authorize(Some("s3cret"), &h).unwrap_err().status,
            StatusCode::UNAUTHORIZED
        );
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer nope"));
        assert_eq!(
            authorize(Some("s3cret"), &h).unwrap_err().status,
            StatusCode::UNAUTHORIZED
        );
        h.insert(AUTHORIZATION, HeaderValue::from_static("bearer  s3cret "));
        assert!(authorize(Some("s3cret"), &h).is_ok());
        h.insert(AUTHORIZATION, HeaderValue::from_static("Basic s3cret"));
        assert!(authorize(Some("s3cret"), &h).is_err());
    }

    #[test]
    fn content_types() {
        let kind = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(CONTENT_TYPE, HeaderValue::from_static(v));
            body_kind(&h)
        };
        assert!(matches!(
            kind("application/json").unwrap().0,
            BodyKind::Json
        ));
        assert!(matches!(
            kind("Application/X-NDJSON").unwrap().0,
            BodyKind::Ndjson
        ));
        let (k, charset) = kind("text/plain; charset=\"ISO-8859-1\"").unwrap();
        assert!(matches!(k, BodyKind::Text));
        assert_eq!(charset.as_deref(), Some("ISO-8859-1"));
        assert_eq!(
            kind("image/png").unwrap_err().status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
        assert_eq!(
            body_kind(&HeaderMap::new()).unwrap_err().status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
    }
}
