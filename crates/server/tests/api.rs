//! The JSON API, in process: auth, limits, errors, ingest and reads, the
//! OpenAPI document, and graceful shutdown on a real listener.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{AUTH, TOKEN, articles, get, post, reports_rebuilt, state, state_with};
use std::io::{Read, Write};

const TEXT: &str = "Die Fähre „Möwe“ nach Ørby fährt wieder.\n\nNach drei Wochen Pause legte die Fähre am Montag um 7 Uhr ab, meldete die Reederei Nørgaard. \
                    „Wir sind erleichtert“, sagte Kapitänin Żaneta Kowalska. 東京 und Ørby sind Partnerstädte.";

#[tokio::test]
async fn writes_need_the_token() {
    let (_dir, read_only) = state(None);
    let r = post(&read_only, "/api/documents", "text/plain", Some(AUTH), TEXT).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.error().contains("token"), "{}", r.error());

    let (_dir, s) = state(Some(TOKEN));
    let r = post(&s, "/api/documents", "text/plain", None, TEXT).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.headers.contains_key("www-authenticate"));
    r.error();
    let r = post(
        &s,
        "/api/documents",
        "text/plain",
        Some("Bearer wrong"),
        TEXT,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    r.error();
    let r = post(&s, "/api/documents", "text/plain", Some(TOKEN), TEXT).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "no scheme");
    // Nothing was written by the refused requests.
    assert_eq!(get(&s, "/api/health").await.json()["documents"], 0);
    let r = post(&s, "/api/documents", "text/plain", Some(AUTH), TEXT).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["added"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let (_dir, s) = state_with(Some(TOKEN), 1024);
    let big = "Große Überschwemmung in Ørby. ".repeat(100);
    assert!(big.len() > 1024);
    let r = post(&s, "/api/documents", "text/plain", Some(AUTH), big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    r.error();
    // A body within the limit is fine.
    let r = post(&s, "/api/documents", "text/plain", Some(AUTH), TEXT).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn bad_input_is_a_json_4xx() {
    let (_dir, s) = state(Some(TOKEN));
    let cases: Vec<(&str, &str, Vec<u8>, StatusCode)> = vec![
        (
            "/api/documents",
            "application/json",
            b"{\"id\": \"x\", ".to_vec(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/documents",
            "application/json",
            b"\"just a string\"".to_vec(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/documents",
            "application/json",
            vec![b'{', 0xff, 0xfe, b'}'],
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/documents",
            "image/png",
            b"\x89PNG".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "/api/documents?bogus=1",
            "text/plain",
            TEXT.as_bytes().to_vec(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/documents?title=T",
            "application/json",
            b"{}".to_vec(),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (uri, content_type, body, status) in cases {
        let r = post(&s, uri, content_type, Some(AUTH), body).await;
        assert_eq!(r.status, status, "{uri} {content_type}: {}", r.text());
        assert!(!r.error().is_empty());
    }
    // No Content-Type at all.
    let request = axum::http::Request::post("/api/documents")
        .header("authorization", AUTH)
        .body(axum::body::Body::from(TEXT))
        .unwrap();
    let r = common::send(&s, request).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    r.error();

    for (uri, status) in [
        ("/api/events/no-such-event", StatusCode::NOT_FOUND),
        (
            "/api/events/no-such-event/brief?format=html",
            StatusCode::NOT_FOUND,
        ),
        ("/api/documents/no-such-document", StatusCode::NOT_FOUND),
        ("/api/documents/%E6%9D%B1%E4%BA%AC", StatusCode::NOT_FOUND),
        ("/api/documents/%FF%FE", StatusCode::BAD_REQUEST),
        ("/api/no-such-endpoint", StatusCode::NOT_FOUND),
        ("/api/stories?limit=-1", StatusCode::BAD_REQUEST),
        ("/api/stories?limit=many", StatusCode::BAD_REQUEST),
        ("/api/stories?offset=1e3", StatusCode::BAD_REQUEST),
        ("/api/search", StatusCode::BAD_REQUEST),
        ("/api/search?q=%20", StatusCode::BAD_REQUEST),
        ("/api/search?q=f%C3%A4hre&limit=x", StatusCode::BAD_REQUEST),
        ("/api/events/x/brief?format=pdf", StatusCode::BAD_REQUEST),
    ] {
        let r = get(&s, uri).await;
        assert_eq!(r.status, status, "{uri}: {}", r.text());
        assert!(!r.error().is_empty(), "{uri}");
    }
    // Search syntax the index cannot parse is searched as plain words by
    // the store, or refused with a 400: never a 500.
    for q in ["%22unterminated", "U.S.", "NOT", "a%3Ab", "(x", "%22"] {
        let r = get(&s, &format!("/api/search?q={q}")).await;
        match r.status {
            StatusCode::OK => assert!(r.json()["hits"].is_array()),
            StatusCode::BAD_REQUEST => assert!(!r.error().is_empty()),
            other => panic!("{q}: {other}"),
        }
    }
    let r = common::send(
        &s,
        axum::http::Request::delete("/api/stories")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.error();
}

#[tokio::test]
async fn text_ingest_then_list_search_and_get() {
    let (_dir, s) = state(Some(TOKEN));
    let uri = "/api/documents?id=faehre-1&title=F%C3%A4hre%20%E2%80%9EM%C3%B6we%E2%80%9C%20f%C3%A4hrt&outlet=Ostsee%20Bote&published=2031-05-06T07:00:00Z";
    let r = post(&s, uri, "text/plain; charset=utf-8", Some(AUTH), TEXT).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let summary = r.json();
    assert_eq!(summary["added"], serde_json::json!(["faehre-1"]));
    assert!(summary["batch"].is_i64());
    assert_eq!(summary["errors"], serde_json::json!([]));

    // Listed.
    let stories = get(&s, "/api/stories?limit=10").await.json();
    let stories = stories["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1);
    let event = &stories[0]["events"][0];
    let event_id = event["id"].as_str().unwrap().to_string();
    assert_eq!(event["documents"], 1);

    // Found.
    let hits = get(&s, "/api/search?q=Kowalska&limit=5").await.json();
    let hits = hits["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["document"], "faehre-1");
    assert_eq!(hits[0]["event"], event_id.as_str());
    let none = get(&s, "/api/search?q=Zeppelin").await.json();
    assert_eq!(none["hits"], serde_json::json!([]));

    // The document, with its text and the fields from the parameters.
    let doc = get(&s, "/api/documents/faehre-1").await.json();
    assert_eq!(doc["text"], TEXT);
    assert_eq!(doc["title"], "Fähre „Möwe“ fährt");
    assert_eq!(doc["outlet"], "Ostsee Bote");
    assert!(doc["published"].as_str().unwrap().starts_with("2031-05-06"));

    // The event, as JSON and rendered, once its report is rebuilt.
    reports_rebuilt(&s).await;
    let report = get(&s, &format!("/api/events/{event_id}")).await.json();
    assert_eq!(report["stories"][0]["events"][0]["id"], event_id.as_str());
    assert_eq!(report["documents"][0]["id"], "faehre-1");
    let r = get(&s, &format!("/api/events/{event_id}/brief")).await;
    let brief = r.json();
    assert_eq!(brief["event"], event_id.as_str());
    assert_eq!(brief["brief"], report["stories"][0]["events"][0]["brief"]);
    assert!(!brief["brief"].as_array().unwrap().is_empty());
    let r = get(&s, &format!("/api/events/{event_id}/brief?format=markdown")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "text/markdown; charset=utf-8");
    assert!(!r.text().is_empty());
    let r = get(&s, &format!("/api/events/{event_id}/brief?format=html")).await;
    assert_eq!(r.content_type, "text/html; charset=utf-8");
    assert!(r.text().starts_with("<!doctype html>"));

    let health = get(&s, "/api/health").await.json();
    assert_eq!(health["documents"], 1);
    assert_eq!(health["events"], 1);
}

#[tokio::test]
async fn reposting_is_a_no_op() {
    let (_dir, s) = state(Some(TOKEN));
    let body = articles().to_string();
    let first = post(
        &s,
        "/api/documents",
        "application/json",
        Some(AUTH),
        body.clone(),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    let first = first.json();
    assert_eq!(first["added"], serde_json::json!(["vaelby-1", "vaelby-2"]));
    reports_rebuilt(&s).await;
    let stats = get(&s, "/api/health").await.json();

    let again = post(&s, "/api/documents", "application/json", Some(AUTH), body).await;
    let again = again.json();
    assert_eq!(again["added"], serde_json::json!([]));
    assert_eq!(
        again["unchanged"],
        serde_json::json!(["vaelby-1", "vaelby-2"])
    );
    assert_eq!(again["batch"], serde_json::Value::Null);
    assert_eq!(get(&s, "/api/health").await.json(), stats);

    // The same text without an id twice: one document.
    let a = post(&s, "/api/documents", "text/plain", Some(AUTH), TEXT)
        .await
        .json();
    let b = post(&s, "/api/documents", "text/plain", Some(AUTH), TEXT)
        .await
        .json();
    assert_eq!(a["added"].as_array().unwrap().len(), 1);
    assert_eq!(b["added"], serde_json::json!([]));
    assert_eq!(b["unchanged"], a["added"]);
}

#[tokio::test]
async fn unreadable_records_are_reported_not_refused() {
    let (_dir, s) = state(Some(TOKEN));
    let body = "{\"id\":\"ok-1\",\"text\":\"Ørby feiert das Hafenfest „Blå Dag“ mit 500 Gästen.\"}\nnot json at all\n{\"id\":\"no-text\",\"title\":\"Nur ein Titel\"}\n";
    let r = post(
        &s,
        "/api/documents",
        "application/x-ndjson",
        Some(AUTH),
        body,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let summary = r.json();
    assert_eq!(summary["added"], serde_json::json!(["ok-1"]));
    assert_eq!(summary["errors"].as_array().unwrap().len(), 2, "{summary}");

    let r = post(&s, "/api/documents", "text/plain", Some(AUTH), "   \n").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["errors"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn openapi_lists_every_path() {
    let (_dir, s) = state(None);
    let r = get(&s, "/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["info"]["title"].is_string());
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/documents",
        "/api/documents/{id}",
        "/api/stories",
        "/api/events/{id}",
        "/api/events/{id}/brief",
        "/api/search",
        "/api/health",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
    assert!(paths["/api/documents"]["post"]["requestBody"]["content"]["text/plain"].is_object());
    assert!(paths["/api/stories"]["get"]["responses"]["200"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

/// A POST in flight when shutdown is asked for completes, and its documents
/// are in the store afterwards; the server then stops.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_completes_writes_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shutdown.db");
    let mut config = storyline_server::ServeConfig::new(db.clone());
    config.token = Some(TOKEN.to_string());
    let state = storyline_server::AppState::open(&config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(storyline_server::serve(listener, state, async move {
        let _ = stopped.await;
    }));

    let body = articles().to_string();
    // The client: a blocking socket on its own thread, sending the body in
    // two halves, the second when told.
    let (go, wait) = std::sync::mpsc::channel::<()>();
    let client = std::thread::spawn(move || {
        let (first, rest) = body.as_bytes().split_at(body.len() / 2);
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let head = format!(
            "POST /api/documents HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {AUTH}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(first).unwrap();
        stream.flush().unwrap();
        wait.recv().unwrap();
        stream.write_all(rest).unwrap();
        stream.flush().unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        String::from_utf8(response).unwrap()
    });
    // The request is in flight: ask for shutdown, then let the client send
    // the rest.
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !server.is_finished(),
        "the server stopped with a request in flight"
    );
    go.send(()).unwrap();
    let response = tokio::task::spawn_blocking(move || client.join().unwrap())
        .await
        .unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("vaelby-2"), "{response}");

    tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .expect("the server stops after the request")
        .unwrap()
        .unwrap();
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "still listening"
    );

    let store = storyline_store::Store::open_read_only(&db).unwrap();
    for id in ["vaelby-1", "vaelby-2"] {
        assert!(store.document(id).unwrap().is_some(), "{id} not stored");
    }
}
