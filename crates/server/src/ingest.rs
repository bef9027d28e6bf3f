//! Request bodies of `POST /api/documents` to records for the store.
//!
//! - `application/json`: one article object or an array of them, in
//!   storyline's JSON input format (news-please fields: `id`, `title`,
//!   `text` or `maintext`, `url`, `source_domain` or `outlet`,
//!   `date_publish` or `published`, ...). For convenience an object without
//!   `text` whose `html` (or `body`) is a page is read as that page: its
//!   main content is the text, its metadata fills the fields the object
//!   lacks.
//! - `application/x-ndjson`: one such object per line.
//! - `text/plain`, `text/html`: one article; the query parameters `id`,
//!   `title`, `outlet`, `published` and `url` set its fields.
//!
//! What cannot be read goes into the summary's `errors`, as when reading
//! files; only a body that is not what its type says as a whole (JSON that
//! does not parse) is refused with a 400.

use axum::extract::Query;
use axum::http::{StatusCode, Uri};
use serde_json::{Map, Value};
use storyline_core::{Document, Format, InputError};
use storyline_read::{Raw, decode, decode_bytes, records_from_bytes, strip_bom};

use crate::api::ApiError;

/// The `source` of records read from a request body (`request#N` for the
/// N-th of several).
const SOURCE: &str = "request";

/// What a request body holds, from its `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyKind {
    Json,
    Ndjson,
    Text,
    Html,
}

/// The fields a `text/plain` or `text/html` body's query parameters set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Overrides {
    pub(crate) id: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) url: Option<String>,
}

impl Overrides {
    /// The query parameters of `uri`; unknown or repeated ones are a 400.
    pub(crate) fn from_uri(uri: &Uri) -> Result<Overrides, ApiError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map_err(|e| ApiError::new(e.status(), e.body_text()))?;
        let mut o = Overrides::default();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "id" => &mut o.id,
                "title" => &mut o.title,
                "outlet" => &mut o.outlet,
                "published" => &mut o.published,
                "url" => &mut o.url,
                other => {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        format!(
                            "unknown query parameter {other:?}: id, title, outlet, published, url"
                        ),
                    ));
                }
            };
            if slot.is_some() {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!("query parameter {key:?} given twice"),
                ));
            }
            let value = value.trim();
            if !value.is_empty() {
                *slot = Some(value.to_string());
            }
        }
        Ok(o)
    }

    pub(crate) fn any(&self) -> bool {
        *self != Overrides::default()
    }

    /// Whether the parameters beyond `id` and `url` (which records carry
    /// themselves) are all unset.
    fn only_id_and_url(&self) -> bool {
        self.title.is_none() && self.outlet.is_none() && self.published.is_none()
    }
}

/// The records of a request body, and the inputs of it that could not be
/// read. `Err` is a body refused whole (a 400's message).
pub(crate) fn records(
    kind: BodyKind,
    charset: Option<String>,
    body: Vec<u8>,
    overrides: Overrides,
) -> Result<(Vec<Raw>, Vec<InputError>), String> {
    let mut raws = Vec::new();
    let mut errors = Vec::new();
    match kind {
        BodyKind::Json => {
            let value: Value = serde_json::from_slice(strip_bom(&body))
                .map_err(|e| format!("malformed JSON: {e}"))?;
            let objects = match value {
                Value::Object(map) => vec![(SOURCE.to_string(), Value::Object(map))],
                Value::Array(items) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| (format!("{SOURCE}#{}", i + 1), item))
                    .collect(),
                _ => {
                    return Err(
                        "expected an article (a JSON object) or an array of articles".to_string(),
                    );
                }
            };
            for (source, value) in objects {
                match value {
                    Value::Object(map) => match page_of(map, &source) {
                        Ok(map) => raws.push(json_raw(source, &map)),
                        Err(e) => errors.push(e),
                    },
                    // Not an article: the reader says what is wrong.
                    other => raws.push(json_raw(source, &other)),
                }
            }
        }
        BodyKind::Ndjson => {
            for record in records_from_bytes(SOURCE.to_string(), Format::Jsonl, body, None) {
                match record {
                    Ok(raw) => match serde_json::from_slice::<Value>(strip_bom(&raw.bytes)) {
                        Ok(Value::Object(map)) => match page_of(map, &raw.source) {
                            Ok(map) => raws.push(Raw {
                                bytes: to_json(&map),
                                ..raw
                            }),
                            Err(e) => errors.push(e),
                        },
                        // Not an object: the reader says what is wrong.
                        _ => raws.push(raw),
                    },
                    Err(e) => errors.push(e),
                }
            }
        }
        BodyKind::Text if overrides.only_id_and_url() && overrides.url.is_none() => {
            for record in records_from_bytes(SOURCE.to_string(), Format::Txt, body, overrides.id) {
                match record {
                    Ok(raw) => raws.push(Raw {
                        charset: charset.clone(),
                        ..raw
                    }),
                    Err(e) => errors.push(e),
                }
            }
        }
        BodyKind::Text => {
            let (text, _defects) = decode_bytes(&body, charset.as_deref());
            let mut map = Map::new();
            if let Some(id) = overrides.id {
                map.insert("id".into(), Value::String(id));
            }
            map.insert("text".into(), Value::String(text));
            set(&mut map, "title", overrides.title);
            set(&mut map, "url", overrides.url);
            set(&mut map, "source_domain", overrides.outlet);
            set(&mut map, "date_publish", overrides.published);
            raws.push(json_raw(SOURCE.to_string(), &map));
        }
        BodyKind::Html => {
            let page = |raw: Raw| Raw {
                charset: charset.clone(),
                url: overrides.url.clone(),
                ..raw
            };
            let records =
                records_from_bytes(SOURCE.to_string(), Format::Html, body, overrides.id.clone());
            for record in records {
                match record {
                    Ok(raw) if overrides.only_id_and_url() => raws.push(page(raw)),
                    // Title, outlet or date given: extract the page here and
                    // hand the store a record with them set.
                    Ok(raw) => match decode(page(raw)) {
                        Ok(doc) => {
                            let mut map = document_fields(doc);
                            set(&mut map, "title", overrides.title.clone());
                            set(&mut map, "source_domain", overrides.outlet.clone());
                            set(&mut map, "date_publish", overrides.published.clone());
                            raws.push(json_raw(SOURCE.to_string(), &map));
                        }
                        Err(e) => errors.push(e),
                    },
                    Err(e) => errors.push(e),
                }
            }
        }
    }
    Ok((raws, errors))
}

/// An article object without text whose `html` or `body` is a page, read
/// as that page (the object's own fields win); other objects as they are.
fn page_of(mut map: Map<String, Value>, source: &str) -> Result<Map<String, Value>, InputError> {
    let has_text = ["text", "maintext"]
        .iter()
        .any(|k| matches!(map.get(*k), Some(Value::String(s)) if !s.trim().is_empty()));
    if has_text {
        return Ok(map);
    }
    let Some(key) = ["html", "body"]
        .into_iter()
        .find(|k| matches!(map.get(*k), Some(Value::String(s)) if !s.trim().is_empty()))
    else {
        return Ok(map);
    };
    let Some(Value::String(html)) = map.remove(key) else {
        return Ok(map);
    };
    let url = match map.get("url") {
        Some(Value::String(u)) => Some(u.clone()),
        _ => None,
    };
    let doc = decode(Raw {
        source: source.to_string(),
        format: Format::Html,
        bytes: html.into_bytes(),
        fallback_id: None,
        url,
        fetched: None,
        charset: Some("utf-8".to_string()),
    })?;
    // The object's own fields win over the page's.
    for (k, v) in document_fields(doc) {
        if k == "id" || k == "extra" {
            continue;
        }
        let absent = match map.get(&k) {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            Some(_) => false,
        };
        if absent {
            map.insert(k, v);
        }
    }
    Ok(map)
}

/// A decoded document as an article object of storyline's JSON format.
fn document_fields(doc: Document) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("id".into(), Value::String(doc.id.0));
    map.insert("text".into(), Value::String(doc.text));
    set(&mut map, "title", doc.title);
    set(&mut map, "description", doc.description);
    set(&mut map, "url", doc.url);
    set(&mut map, "source_domain", doc.outlet);
    set(&mut map, "date_publish", doc.published);
    set(&mut map, "language", doc.language);
    if !doc.authors.is_empty() {
        map.insert(
            "authors".into(),
            Value::Array(doc.authors.into_iter().map(Value::String).collect()),
        );
    }
    for (k, v) in doc.extra {
        map.entry(k).or_insert(v);
    }
    map
}

/// Sets `key` to `value` when there is one.
fn set(map: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(v) = value {
        map.insert(key.to_string(), Value::String(v));
    }
}

/// A JSON record (an article object, or any value the reader will name as
/// not one).
fn json_raw(source: String, value: &impl serde::Serialize) -> Raw {
    Raw {
        source,
        format: Format::Json,
        bytes: to_json(value),
        fallback_id: None,
        url: None,
        fetched: None,
        charset: None,
    }
}

fn to_json(value: &impl serde::Serialize) -> Vec<u8> {
    // JSON values always serialize.
    serde_json::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// No request body, of any kind and any bytes, makes the request
        /// parsing or the reader panic: it is refused whole (a 400) or
        /// read record by record, each failure named.
        #[test]
        fn any_body_is_read_or_refused_never_a_panic(
            body in proptest::collection::vec(any::<u8>(), 0..600),
            kind in 0..5u8,
            charset in proptest::option::of("[a-zA-Z0-9_-]{0,12}"),
        ) {
            let kind = match kind {
                0 => BodyKind::Json,
                1 => BodyKind::Ndjson,
                2 => BodyKind::Text,
                _ => BodyKind::Html,
            };
            if let Ok((raws, _errors)) = records(kind, charset, body, Overrides::default()) {
                for raw in raws {
                    let _ = decode(raw);
                }
            }
        }

        /// The same for bodies that look like JSON records with odd fields.
        #[test]
        fn odd_json_records_never_panic(
            id in proptest::option::of(".{0,20}"),
            text in ".{0,200}",
            published in proptest::option::of(".{0,30}"),
        ) {
            let record = serde_json::json!({"id": id, "text": text, "published": published});
            for body in [record.to_string(), format!("[{record}, 3, null]")] {
                if let Ok((raws, _)) =
                    records(BodyKind::Json, None, body.into_bytes(), Overrides::default())
                {
                    for raw in raws {
                        let _ = decode(raw);
                    }
                }
            }
        }
    }

    fn docs(raws: Vec<Raw>) -> Vec<Document> {
        raws.into_iter().map(|r| decode(r).unwrap()).collect()
    }

    #[test]
    fn json_object_array_and_aliases() {
        let body = r#"[{"id":"a","title":"Ñandú","text":"Die Brücke “öffnet” heute.","outlet":"Ω News","published":"2031-02-03T04:05:06Z"}, 3]"#;
        let (raws, errors) =
            records(BodyKind::Json, None, body.into(), Overrides::default()).unwrap();
        assert!(errors.is_empty());
        // The element that is no article is named by the reader, as in a
        // file.
        let (read, failed): (Vec<_>, Vec<_>) =
            raws.into_iter().map(decode).partition(Result::is_ok);
        let failed: Vec<InputError> = failed.into_iter().map(Result::unwrap_err).collect();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].source, "request#2");
        assert!(
            failed[0].message.contains("expected a JSON object"),
            "{}",
            failed[0].message
        );
        let d: Vec<Document> = read.into_iter().map(Result::unwrap).collect();
        assert_eq!(d[0].id.0, "a");
        assert_eq!(d[0].outlet.as_deref(), Some("Ω News"));
        assert_eq!(d[0].published.as_deref(), Some("2031-02-03T04:05:06Z"));
        assert_eq!(d[0].text, "Die Brücke “öffnet” heute.");
        assert!(d[0].extra.is_empty(), "{:?}", d[0].extra);
    }

    #[test]
    fn malformed_json_is_refused_whole() {
        assert!(
            records(
                BodyKind::Json,
                None,
                b"{\"id\":".to_vec(),
                Overrides::default()
            )
            .is_err()
        );
        assert!(
            records(
                BodyKind::Json,
                None,
                b"\"text\"".to_vec(),
                Overrides::default()
            )
            .is_err()
        );
        assert!(records(BodyKind::Json, None, vec![0xff, 0xfe], Overrides::default()).is_err());
    }

    #[test]
    fn json_with_html() {
        let html = "<html><head><title>Ignored</title></head><body><article><h1>Ignored</h1>\
                    <p>Der Bürgermeister eröffnete am Montag die neue Fußgängerbrücke über den Fluss, \
                    nach drei Jahren Bauzeit und vielen Verzögerungen.</p>\
                    <p>„Das ist ein großer Tag“, sagte er vor zweihundert Gästen.</p></article></body></html>";
        let body =
            serde_json::json!({"id": "h", "title": "Brücke offen", "html": html}).to_string();
        let (raws, errors) =
            records(BodyKind::Json, None, body.into(), Overrides::default()).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let d = docs(raws);
        assert_eq!(d[0].id.0, "h");
        assert_eq!(d[0].title.as_deref(), Some("Brücke offen"));
        assert!(d[0].text.contains("Fußgängerbrücke"), "{}", d[0].text);
        assert!(!d[0].extra.contains_key("html"));
    }

    #[test]
    fn ndjson_lines() {
        let body = "{\"id\":\"x\",\"text\":\"Première ligne.\",\"outlet\":\"Le Ω\"}\n\nnot json\n{\"id\":\"y\",\"text\":\"二行目。\"}\n";
        let (raws, errors) =
            records(BodyKind::Ndjson, None, body.into(), Overrides::default()).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(raws.len(), 3);
        let d: Vec<_> = raws.into_iter().map(decode).collect();
        assert_eq!(d[0].as_ref().unwrap().outlet.as_deref(), Some("Le Ω"));
        // The reader names the line that is not JSON.
        assert_eq!(d[1].as_ref().unwrap_err().source, "request#3");
        assert_eq!(d[2].as_ref().unwrap().text, "二行目。");
    }

    #[test]
    fn text_with_and_without_parameters() {
        let text = "Škoda “Ω” factory reopens.\n\nWorkers cheered.";
        let (raws, _) = records(BodyKind::Text, None, text.into(), Overrides::default()).unwrap();
        let d = docs(raws);
        assert_eq!(d[0].text, text);
        assert!(d[0].id.0.starts_with('h'));

        let o = Overrides {
            id: Some("t1".into()),
            title: Some("<Title>".into()),
            outlet: Some("Ω".into()),
            published: Some("2031-01-02".into()),
            url: Some("https://news.example/t1".into()),
        };
        let (raws, _) = records(BodyKind::Text, None, text.into(), o).unwrap();
        let d = docs(raws);
        assert_eq!(d[0].id.0, "t1");
        assert_eq!(d[0].text, text);
        assert_eq!(d[0].title.as_deref(), Some("<Title>"));
        assert_eq!(d[0].outlet.as_deref(), Some("Ω"));
        assert!(d[0].published.as_deref().unwrap().starts_with("2031-01-02"));

        let latin1 = b"Caf\xe9 cr\xe8me reopened.".to_vec();
        let (raws, _) = records(
            BodyKind::Text,
            Some("iso-8859-1".into()),
            latin1,
            Overrides::default(),
        )
        .unwrap();
        assert_eq!(docs(raws)[0].text, "Café crème reopened.");

        let (raws, _) = records(BodyKind::Text, None, Vec::new(), Overrides::default()).unwrap();
        assert!(decode(raws.into_iter().next().unwrap()).is_err());
    }

    #[test]
    fn html_with_parameters() {
        let html = "<html><head><title>Page title</title></head><body><article>\
                    <p>La alcaldesa inauguró el puente peatonal el lunes, tras tres años de obras \
                    y numerosos retrasos en la construcción.</p>\
                    <p>«Es un gran día», dijo ante doscientos invitados.</p></article></body></html>";
        let o = Overrides {
            id: Some("p1".into()),
            title: Some("Puente abierto".into()),
            ..Overrides::default()
        };
        let (raws, errors) = records(BodyKind::Html, None, html.into(), o).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let d = docs(raws);
        assert_eq!(d[0].id.0, "p1");
        assert_eq!(d[0].title.as_deref(), Some("Puente abierto"));
        assert!(d[0].text.contains("«Es un gran día»"));

        let o = Overrides {
            id: Some("p2".into()),
            ..Overrides::default()
        };
        let (raws, _) = records(BodyKind::Html, None, html.into(), o).unwrap();
        assert_eq!(raws[0].format, Format::Html);
        assert_eq!(docs(raws)[0].id.0, "p2");
    }

    #[test]
    fn query_parameters() {
        let uri: Uri = "/api/documents?id=a%20b&title=T%C3%ADtulo&url="
            .parse()
            .unwrap();
        let o = Overrides::from_uri(&uri).unwrap();
        assert_eq!(o.id.as_deref(), Some("a b"));
        assert_eq!(o.title.as_deref(), Some("Título"));
        assert_eq!(o.url, None);
        assert!(Overrides::from_uri(&"/x?nope=1".parse().unwrap()).is_err());
        assert!(Overrides::from_uri(&"/x?id=1&id=2".parse().unwrap()).is_err());
        assert!(!Overrides::from_uri(&"/x".parse().unwrap()).unwrap().any());
    }
}
