//! Helpers shared by the server's tests: a store in a temporary directory,
//! requests through the router in process, and fictional articles.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use storyline_server::{AppState, ServeConfig};
use tower::ServiceExt;

pub const TOKEN: &str = "tëst-token";
pub const AUTH: &str = "Bearer tëst-token";

/// A server state over a new store in a temporary directory.
pub fn state(token: Option<&str>) -> (tempfile::TempDir, AppState) {
    state_with(token, storyline_server::DEFAULT_MAX_BODY_BYTES)
}

pub fn state_with(token: Option<&str>, max_body_bytes: usize) -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = ServeConfig::new(dir.path().join("test.db"));
    config.token = token.map(str::to_string);
    config.max_body_bytes = max_body_bytes;
    let state = AppState::open(&config).unwrap();
    (dir, state)
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }

    pub fn json(&self) -> serde_json::Value {
        assert!(
            self.content_type.starts_with("application/json"),
            "content type {:?}: {}",
            self.content_type,
            String::from_utf8_lossy(&self.body)
        );
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// The `error` of a JSON error body.
    pub fn error(&self) -> String {
        let v = self.json();
        v["error"]
            .as_str()
            .unwrap_or_else(|| panic!("no error message in {v}"))
            .to_string()
    }
}

pub async fn send(state: &AppState, request: Request<Body>) -> Reply {
    let response = storyline_server::router(state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

pub async fn get(state: &AppState, uri: &str) -> Reply {
    send(state, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub async fn post(
    state: &AppState,
    uri: &str,
    content_type: &str,
    auth: Option<&str>,
    body: impl Into<Body>,
) -> Reply {
    let mut request = Request::post(uri).header("content-type", content_type);
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    send(state, request.body(body.into()).unwrap()).await
}

/// Fictional articles about a fictional town, with curly quotes, accents
/// and CJK text.
pub fn articles() -> serde_json::Value {
    serde_json::json!([
        {
            "id": "vaelby-1",
            "title": "Vælby’s “Glass Bridge” opens after four years",
            "outlet": "Nordlys Tidende",
            "published": "2031-04-02T08:00:00Z",
            "url": "https://nordlys.example/glass-bridge",
            "text": "The “Glass Bridge” over the Ålström river in Vælby opened on Tuesday after four years of work.\n\n\
                     Mayor Søren Ækerlund said: “This bridge connects our two halves at last.” \
                     The bridge cost 42 million kroner, according to the city council.\n\n\
                     About 3,000 residents crossed it on the first day. A sign in Japanese, 橋へようこそ, greets visitors from Kōbe, Vælby’s twin city."
        },
        {
            "id": "vaelby-2",
            "title": "Glass Bridge in Vælby finally open",
            "outlet": "Østkyst Avis",
            "published": "2031-04-02T11:30:00Z",
            "text": "Vælby’s “Glass Bridge” across the Ålström river opened on Tuesday, four years after construction began.\n\n\
                     “This bridge connects our two halves at last,” Mayor Søren Ækerlund told the crowd. \
                     The city council put the cost at 45 million kroner.\n\n\
                     Some 2,500 people walked across the bridge on opening day, the organisers said."
        }
    ])
}

/// Waits until the background rebuild has caught up: the API commits a
/// batch first and rebuilds its events' reports after (the brief, quotes
/// and entities of a new event appear then).
pub async fn reports_rebuilt(state: &AppState) {
    for _ in 0..600 {
        let health = get(state, "/api/health").await.json();
        if health["reports_pending"] == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("reports still pending after 30 s");
}
