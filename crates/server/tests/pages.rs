//! The web pages over a real store: hooks, escaping, and citation links
//! that mark the cited bytes of multi-byte texts.

mod common;

use axum::http::StatusCode;
use common::{AUTH, TOKEN, articles, get, post, reports_rebuilt, state};
use serde_json::Value;

/// Every citation in a report: (document, start, end).
fn citations(report: &Value) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    collect(report, &mut out);
    out
}

fn collect(v: &Value, out: &mut Vec<(String, usize, usize)>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(cs)) = map.get("citations") {
                for c in cs {
                    out.push((
                        c["document"].as_str().unwrap().to_string(),
                        c["start"].as_u64().unwrap() as usize,
                        c["end"].as_u64().unwrap() as usize,
                    ));
                }
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

async fn first_event(s: &storyline_server::AppState) -> String {
    let stories = get(s, "/api/stories").await.json();
    stories["stories"][0]["events"][0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn pages_have_their_hooks() {
    let (_dir, s) = state(Some(TOKEN));
    let r = get(&s, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "text/html; charset=utf-8");
    let html = r.text();
    assert!(
        html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    );
    assert!(html.contains("<form id=\"search\" action=\"/search\" method=\"get\""));
    assert!(html.contains("<input name=\"q\" type=\"search\""));
    assert!(!html.contains("<script"), "no script on the pages");

    let body = articles().to_string();
    let r = post(&s, "/api/documents", "application/json", Some(AUTH), body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    reports_rebuilt(&s).await;

    let html = get(&s, "/").await.text();
    assert!(html.contains("<ol id=\"stories\">"));
    assert!(html.contains("<li class=\"story\">"));
    assert!(html.contains("<h2 class=\"story-title\">"));
    assert!(html.contains("<ul class=\"events\">"));
    assert!(html.contains("<li class=\"event\"><a class=\"event-link\" href=\"/events/"));
    assert!(html.contains("<span class=\"sources\">"));
    assert!(html.contains("<span class=\"documents\">"));
    assert!(html.contains("<time datetime=\"2031-04-02"));

    let event = first_event(&s).await;
    let html = get(&s, &format!("/events/{event}")).await.text();
    assert!(html.contains("<h1 id=\"event-title\">"));
    let order = [
        "id=\"brief\"",
        "id=\"quotes\"",
        "id=\"differences\"",
        "id=\"timeline\"",
        "id=\"numbers\"",
        "id=\"sources\"",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|s| html.find(s).unwrap_or_else(|| panic!("{s} missing")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "sections out of order");
    let report = get(&s, &format!("/api/events/{event}")).await.json();
    for doc in report["stories"][0]["events"][0]["documents"]
        .as_array()
        .unwrap()
    {
        let href = format!("href=\"/documents/{}\"", doc.as_str().unwrap());
        assert!(html.contains(&href), "{href} missing");
    }

    let html = get(&s, "/search?q=Glass").await.text();
    assert!(html.contains("<ol id=\"results\">"));
    assert!(html.contains("<li class=\"result\">"));
    assert!(html.contains("value=\"Glass\""));
    assert!(html.contains("<mark>"));

    let r = get(&s, "/search?q=").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.text().contains("id=\"results\""));
    // Search syntax the index cannot parse is searched as plain words by
    // the store, or refused with a 400 page: never a 500.
    for q in ["%22unterminated", "U.S.", "NOT", "a%3Ab", "(x"] {
        let r = get(&s, &format!("/search?q={q}")).await;
        assert!(
            r.status == StatusCode::OK || r.status == StatusCode::BAD_REQUEST,
            "{q}: {}",
            r.status
        );
        assert!(r.text().contains("<form id=\"search\""));
    }

    for uri in [
        "/events/no-such-event",
        "/documents/no-such-document",
        "/no/such/page",
    ] {
        let r = get(&s, uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(r.content_type, "text/html; charset=utf-8");
    }
    assert_eq!(get(&s, "/?page=0").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(&s, "/?page=2").await.status, StatusCode::OK);
}

#[tokio::test]
async fn pages_escape_titles_and_text() {
    let (_dir, s) = state(Some(TOKEN));
    let evil = "<script>alert('ö')</script> Ørby’s “night” market";
    let body = serde_json::json!({
        "id": "evil-<b>",
        "title": evil,
        "outlet": "<i>Outlet</i>",
        "url": "javascript:alert(1)",
        "text": "Ørby’s “night” market opened on Friday with 40 stalls. <script>alert(2)</script>\n\nThe organiser, Åsa Lind, said: “We expect 1,000 visitors.”"
    });
    let r = post(
        &s,
        "/api/documents",
        "application/json",
        Some(AUTH),
        body.to_string(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    reports_rebuilt(&s).await;
    let event = first_event(&s).await;
    let pages = [
        "/".to_string(),
        format!("/events/{event}"),
        "/documents/evil-%3Cb%3E".to_string(),
        "/search?q=market".to_string(),
    ];
    for uri in pages {
        let r = get(&s, &uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        let html = r.text();
        assert!(!html.contains("<script"), "{uri}: {html}");
        assert!(!html.contains("<i>Outlet"), "{uri}");
        assert!(!html.contains("href=\"javascript"), "{uri}");
    }
    let html = get(&s, "/documents/evil-%3Cb%3E").await.text();
    assert!(
        html.contains(&format!("<h1>{}</h1>", escape(evil))),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
}

#[tokio::test]
async fn citation_links_mark_the_cited_bytes() {
    let (_dir, s) = state(Some(TOKEN));
    let body = articles().to_string();
    let r = post(&s, "/api/documents", "application/json", Some(AUTH), body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    reports_rebuilt(&s).await;
    let event = first_event(&s).await;
    let report = get(&s, &format!("/api/events/{event}")).await.json();
    let event_html = get(&s, &format!("/events/{event}")).await.text();
    // The event's citations (the entities' roles are not on the page).
    let cited = citations(&report["stories"]);
    assert!(!cited.is_empty(), "no citations in {report}");

    let mut multibyte = 0;
    for (doc, start, end) in &cited {
        let href = format!("/documents/{doc}?start={start}&amp;end={end}#cited");
        assert!(
            event_html.contains(&format!("href=\"{href}\"")),
            "{href} not on the event page"
        );
        let text = get(&s, &format!("/api/documents/{doc}")).await.json()["text"]
            .as_str()
            .unwrap()
            .to_string();
        let span = text
            .get(*start..*end)
            .expect("a citation on char boundaries");
        if !span.is_ascii() {
            multibyte += 1;
        }
        let html = get(&s, &format!("/documents/{doc}?start={start}&end={end}"))
            .await
            .text();
        let marked = format!("<mark id=\"cited\">{}</mark>", escape(span));
        assert!(html.contains(&marked), "{marked} not in {html}");
        let whole = format!(
            "<div id=\"text\">{}{}{}</div>",
            escape(&text[..*start]),
            marked,
            escape(&text[*end..])
        );
        assert!(html.contains(&whole));
        assert!(!html.contains("class=\"notice\""));
    }
    assert!(
        multibyte > 0,
        "no citation of multi-byte text among {cited:?}"
    );

    // Offsets that split a character, run past the end, or are reversed
    // show the text unmarked, with a notice.
    let text = get(&s, "/api/documents/vaelby-1").await.json()["text"]
        .as_str()
        .unwrap()
        .to_string();
    let inside = text.find('“').unwrap() + 1;
    for query in [
        format!("start={inside}&end={}", inside + 4),
        format!("start=0&end={}", text.len() + 1),
        "start=9&end=3".to_string(),
        "start=x&end=3".to_string(),
        "start=3".to_string(),
    ] {
        let r = get(&s, &format!("/documents/vaelby-1?{query}")).await;
        assert_eq!(r.status, StatusCode::OK, "{query}");
        let html = r.text();
        assert!(html.contains("<p class=\"notice\">"), "{query}");
        assert!(!html.contains("<mark"), "{query}");
        assert!(html.contains(&format!("<div id=\"text\">{}</div>", escape(&text))));
    }
    // No span: no mark, no notice.
    let html = get(&s, "/documents/vaelby-1").await.text();
    assert!(!html.contains("<mark") && !html.contains("class=\"notice\""));
    assert!(html.contains("href=\"https://nordlys.example/glass-bridge\""));
    assert!(
        html.contains(&format!("href=\"/events/{event}\"")),
        "no link to the event"
    );
}
