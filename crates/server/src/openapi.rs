//! The OpenAPI 3.1 document of the JSON API (`GET /openapi.json`), built
//! with utoipa's builders: the response types live in other crates
//! (`storyline-core`, `storyline-store`), so their schemas are written here,
//! next to the routes they describe (`docs/schema.md` is the reference for
//! the report).

use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem, PathsBuilder,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type,
};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, Content, InfoBuilder, OpenApi, OpenApiBuilder, Ref, RefOr, Required,
};

/// Every path of the API.
#[cfg(test)]
pub(crate) const API_PATHS: &[&str] = &[
    "/api/documents",
    "/api/documents/{id}",
    "/api/stories",
    "/api/events/{id}",
    "/api/events/{id}/brief",
    "/api/search",
    "/api/health",
    "/openapi.json",
];

/// The document.
pub(crate) fn document() -> OpenApi {
    let paths = PathsBuilder::new()
        .path(
            "/api/documents",
            PathItem::new(HttpMethod::Post, post_documents()),
        )
        .path(
            "/api/documents/{id}",
            get(
                "A document with its text",
                "The text is what every citation's byte offsets index into.",
                vec![path_param("id", "The document's id")],
                json_ok("The document", reference("DocumentEntry")),
                &[404],
            ),
        )
        .path(
            "/api/stories",
            get(
                "Stories, most recently updated first",
                "Each story lists its events, newest first.",
                vec![
                    query_param(
                        "limit",
                        "How many stories (default 50, at most 500)",
                        integer(),
                        false,
                    ),
                    query_param("offset", "How many to skip (default 0)", integer(), false),
                ],
                json_ok(
                    "The stories",
                    object(
                        vec![("stories", array(reference("StorySummary")))],
                        &["stories"],
                    ),
                ),
                &[400],
            ),
        )
        .path(
            "/api/events/{id}",
            get(
                "An event as a report",
                "A report holding one story with just this event: its brief, quotes, numbers, \
                 differences and timeline, its documents (without text) and the entities it names.",
                vec![path_param("id", "The event's id")],
                json_ok("The event's report", reference("Report")),
                &[404],
            ),
        )
        .path(
            "/api/events/{id}/brief",
            PathItem::new(HttpMethod::Get, brief()),
        )
        .path(
            "/api/search",
            get(
                "Full-text search over titles and texts",
                "SQLite FTS5 query syntax: plain words are all required, \"a phrase\" in double \
                 quotes, OR, NOT, prefix*. A query the index cannot parse is a 400.",
                vec![
                    query_param("q", "The query", string(), true),
                    query_param(
                        "limit",
                        "How many hits (default 20, at most 200)",
                        integer(),
                        false,
                    ),
                ],
                json_ok(
                    "The best matches first",
                    object(vec![("hits", array(reference("SearchHit")))], &["hits"]),
                ),
                &[400],
            ),
        )
        .path(
            "/api/health",
            get(
                "The store's counts",
                "Documents, events, stories and batches in the store, and its schema version.",
                vec![],
                json_ok("The counts", reference("StoreStats")),
                &[],
            ),
        )
        .path(
            "/openapi.json",
            get(
                "This document",
                "The OpenAPI 3.1 description of the API.",
                vec![],
                json_ok("The OpenAPI document", any_object()),
                &[],
            ),
        )
        .build();

    let components = ComponentsBuilder::new()
        .security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        )
        .schema("Error", object(vec![("error", string())], &["error"]))
        .schema("Article", article())
        .schema(
            "InputError",
            object(
                vec![
                    (
                        "source",
                        described(
                            string(),
                            "The input: `request`, or `request#N` for the N-th record of a body",
                        ),
                    ),
                    ("message", string()),
                ],
                &["source", "message"],
            ),
        )
        .schema(
            "IngestSummary",
            object(
                vec![
                    (
                        "batch",
                        described(
                            nullable(Type::Integer),
                            "The batch's number in the store; null when nothing was added",
                        ),
                    ),
                    ("added", described(array(string()), "Documents added")),
                    (
                        "unchanged",
                        described(
                            array(string()),
                            "Documents already in the store with the same text (no-ops)",
                        ),
                    ),
                    (
                        "duplicates",
                        described(
                            integer(),
                            "Added documents that are copies of a stored or added document",
                        ),
                    ),
                    (
                        "events_changed",
                        described(array(string()), "Events created or changed"),
                    ),
                    (
                        "events_removed",
                        described(array(string()), "Events merged into a changed one"),
                    ),
                    (
                        "errors",
                        described(
                            array(reference("InputError")),
                            "Inputs that could not be read; the rest of the batch went on",
                        ),
                    ),
                    (
                        "reports_pending",
                        described(
                            integer(),
                            "Events whose reports are being rebuilt in the background",
                        ),
                    ),
                ],
                &[
                    "batch",
                    "added",
                    "unchanged",
                    "duplicates",
                    "events_changed",
                    "events_removed",
                    "errors",
                    "reports_pending",
                ],
            ),
        )
        .schema(
            "EventSummary",
            object(
                vec![
                    ("id", string()),
                    ("story", string()),
                    ("title", string()),
                    (
                        "documents",
                        described(integer(), "Documents, duplicates included"),
                    ),
                    ("sources", described(integer(), "Distinct outlets")),
                    ("first_published", nullable(Type::String)),
                    ("last_published", nullable(Type::String)),
                    ("updated_batch", integer()),
                    (
                        "pending",
                        described(
                            boolean(),
                            "Its report predates its last change and is being rebuilt",
                        ),
                    ),
                ],
                &[
                    "id",
                    "story",
                    "title",
                    "documents",
                    "sources",
                    "first_published",
                    "last_published",
                    "updated_batch",
                    "pending",
                ],
            ),
        )
        .schema(
            "StorySummary",
            object(
                vec![
                    ("id", string()),
                    ("title", string()),
                    (
                        "events",
                        described(array(reference("EventSummary")), "Newest first"),
                    ),
                    ("latest", nullable(Type::String)),
                ],
                &["id", "title", "events", "latest"],
            ),
        )
        .schema(
            "SearchHit",
            object(
                vec![
                    ("document", string()),
                    ("title", nullable(Type::String)),
                    ("outlet", nullable(Type::String)),
                    ("published", nullable(Type::String)),
                    ("event", nullable(Type::String)),
                    (
                        "snippet",
                        described(
                            string(),
                            "Text around the matches, which are between [ and ]",
                        ),
                    ),
                ],
                &[
                    "document",
                    "title",
                    "outlet",
                    "published",
                    "event",
                    "snippet",
                ],
            ),
        )
        .schema(
            "Brief",
            object(
                vec![
                    ("event", string()),
                    ("title", string()),
                    (
                        "documents",
                        described(integer(), "Documents, duplicates included"),
                    ),
                    (
                        "brief",
                        described(
                            array(reference("CitedText")),
                            "Verbatim sentences of the sources, each with its citations",
                        ),
                    ),
                ],
                &["event", "title", "documents", "brief"],
            ),
        )
        .schema(
            "StoreStats",
            object(
                vec![
                    ("documents", integer()),
                    ("events", integer()),
                    ("stories", integer()),
                    ("batches", integer()),
                    ("schema_version", integer()),
                    (
                        "reports_pending",
                        described(integer(), "Events whose reports are being rebuilt"),
                    ),
                ],
                &[
                    "documents",
                    "events",
                    "stories",
                    "batches",
                    "schema_version",
                    "reports_pending",
                ],
            ),
        )
        .schema(
            "Citation",
            object(
                vec![
                    ("document", string()),
                    (
                        "start",
                        described(integer(), "Byte offset into the document's text"),
                    ),
                    ("end", described(integer(), "Byte offset, exclusive")),
                ],
                &["document", "start", "end"],
            ),
        )
        .schema("CitedText", cited(vec![]))
        .schema(
            "Defect",
            object(
                vec![
                    ("kind", string()),
                    ("spans", array(array(integer()))),
                    ("detail", string()),
                ],
                &["kind", "spans"],
            ),
        )
        .schema(
            "DocumentEntry",
            object(
                vec![
                    ("id", string()),
                    ("source", string()),
                    (
                        "format",
                        enumeration(&["txt", "json", "jsonl", "html", "warc"]),
                    ),
                    ("title", nullable(Type::String)),
                    ("outlet", nullable(Type::String)),
                    ("published", described(nullable(Type::String), "RFC 3339")),
                    ("url", nullable(Type::String)),
                    ("authors", array(string())),
                    ("language", nullable(Type::String)),
                    (
                        "length",
                        described(integer(), "Length of the text in bytes"),
                    ),
                    ("duplicate_of", nullable(Type::String)),
                    ("defects", array(reference("Defect"))),
                    ("extra", any_object()),
                    (
                        "text",
                        described(string(), "The text, on the document endpoint"),
                    ),
                ],
                &[
                    "id",
                    "source",
                    "format",
                    "title",
                    "outlet",
                    "published",
                    "url",
                    "authors",
                    "language",
                    "length",
                    "duplicate_of",
                    "defects",
                ],
            ),
        )
        .schema(
            "Entity",
            object(
                vec![
                    ("id", string()),
                    ("name", string()),
                    (
                        "kind",
                        enumeration(&["person", "organization", "place", "other"]),
                    ),
                    ("aliases", array(string())),
                    (
                        "roles",
                        array(object(
                            vec![
                                ("title", string()),
                                ("citations", array(reference("Citation"))),
                            ],
                            &["title", "citations"],
                        )),
                    ),
                ],
                &["id", "name", "kind", "aliases", "roles"],
            ),
        )
        .schema(
            "Membership",
            object(
                vec![
                    ("document", string()),
                    ("duplicate_of", nullable(Type::String)),
                    ("score", number()),
                    ("threshold", number()),
                    ("shared_terms", array(string())),
                    ("shared_names", array(string())),
                    ("days_from_event", nullable(Type::Number)),
                    ("shared_passages", array(string())),
                ],
                &[
                    "document",
                    "duplicate_of",
                    "score",
                    "threshold",
                    "shared_terms",
                    "shared_names",
                    "days_from_event",
                ],
            ),
        )
        .schema(
            "Event",
            object(
                vec![
                    ("id", string()),
                    ("title", string()),
                    ("title_from", string()),
                    (
                        "published",
                        described(
                            ObjectBuilder::new()
                                .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
                                .property("first", string())
                                .property("last", string())
                                .required("first")
                                .required("last")
                                .into(),
                            "The first and last publication times of its documents (RFC 3339), or null",
                        ),
                    ),
                    ("documents", array(string())),
                    ("membership", array(reference("Membership"))),
                    ("brief", array(reference("CitedText"))),
                    (
                        "quotes",
                        array(cited(vec![(
                            "speaker",
                            described(nullable(Type::String), "An entity id"),
                        )])),
                    ),
                    (
                        "quantities",
                        array(cited(vec![
                            ("value", number()),
                            ("counted", nullable(Type::String)),
                        ])),
                    ),
                    (
                        "conflicts",
                        array(object(
                            vec![
                                ("kind", string()),
                                ("about", string()),
                                ("values", array(reference("CitedText"))),
                            ],
                            &["kind", "about", "values"],
                        )),
                    ),
                    ("timeline", array(cited(vec![("when", string())]))),
                ],
                &[
                    "id",
                    "title",
                    "title_from",
                    "published",
                    "documents",
                    "membership",
                    "brief",
                    "quotes",
                    "quantities",
                    "conflicts",
                    "timeline",
                ],
            ),
        )
        .schema(
            "Story",
            object(
                vec![
                    ("id", string()),
                    ("title", string()),
                    ("events", array(reference("Event"))),
                ],
                &["id", "title", "events"],
            ),
        )
        .schema(
            "Report",
            described(
                object(
                    vec![
                        ("schema_version", string()),
                        ("documents", array(reference("DocumentEntry"))),
                        ("duplicates", array(any_object())),
                        ("reuse", array(any_object())),
                        ("entities", array(reference("Entity"))),
                        ("stories", array(reference("Story"))),
                        ("errors", array(reference("InputError"))),
                        ("stats", any_object()),
                    ],
                    &[
                        "schema_version",
                        "documents",
                        "duplicates",
                        "reuse",
                        "entities",
                        "stories",
                        "errors",
                    ],
                ),
                "storyline's output contract (docs/schema.md)",
            ),
        )
        .build();

    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("storyline")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Deduplicated, cross-checked events and stories from news articles. Every \
                     claim carries citations: byte offsets, half-open, into a document's text. \
                     Errors are `{\"error\": \"...\"}` with a 4xx status.",
                ))
                .build(),
        )
        .paths(paths)
        .components(Some(components))
        .build()
}

fn post_documents() -> utoipa::openapi::path::Operation {
    let text_body = |what: &str| Content::new(Some(described(string(), what)));
    let mut op = OperationBuilder::new()
        .operation_id(Some("postDocuments"))
        .summary(Some("Add articles (one batch)"))
        .description(Some(
            "Each request is one batch, one transaction: readers see all of it or none. \
             Re-posting a document with the same id and text is a no-op. Inputs that cannot be \
             read are listed in `errors` and the rest goes on. The query parameters apply to \
             `text/plain` and `text/html` bodies only.",
        ))
        .security(SecurityRequirement::new("bearer", Vec::<String>::new()))
        .request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content(
                    "application/json",
                    Content::new(Some(
                        OneOfBuilder::new()
                            .item(reference("Article"))
                            .item(array(reference("Article"))),
                    )),
                )
                .content(
                    "application/x-ndjson",
                    text_body("One article object per line"),
                )
                .content("text/plain", text_body("One article's text"))
                .content("text/html", text_body("One article's page"))
                .build(),
        ));
    for (name, what) in [
        ("id", "The article's id (else a hash of its text)"),
        ("title", "Its title"),
        ("outlet", "Its outlet"),
        ("published", "When it was published (RFC 3339 or a date)"),
        ("url", "Its URL"),
    ] {
        op = op.parameter(query_param(name, what, string(), false));
    }
    op = op.response(
        "200",
        json_ok("What the batch did", reference("IngestSummary")),
    );
    for code in [400, 401, 403, 413, 415] {
        op = op.response(code.to_string(), error_response(code));
    }
    op.build()
}

fn brief() -> utoipa::openapi::path::Operation {
    OperationBuilder::new()
        .operation_id(Some("getEventBrief"))
        .summary(Some("An event's brief"))
        .description(Some(
            "json: the brief alone (small, served as stored); markdown and html: the event's whole \
             report rendered, brief first. The header x-storyline-pending is true while the \
             event's report is being rebuilt after a change (the previous one is served).",
        ))
        .parameter(path_param("id", "The event's id"))
        .parameter(query_param(
            "format",
            "json (default), markdown or html (a self-contained page)",
            enumeration(&["json", "markdown", "html"]),
            false,
        ))
        .response(
            "200",
            ResponseBuilder::new()
                .description("The brief, or the rendered report")
                .content("application/json", Content::new(Some(reference("Brief"))))
                .content("text/markdown", Content::new(Some(string())))
                .content("text/html", Content::new(Some(string())))
                .build(),
        )
        .response("400", error_response(400))
        .response("404", error_response(404))
        .build()
}

/// A GET operation returning `ok`, or an error with one of `errors`.
fn get(
    summary: &str,
    description: &str,
    parameters: Vec<utoipa::openapi::path::Parameter>,
    ok: utoipa::openapi::Response,
    errors: &[u16],
) -> PathItem {
    let mut op = OperationBuilder::new()
        .summary(Some(summary))
        .description(Some(description))
        .response("200", ok);
    for p in parameters {
        op = op.parameter(p);
    }
    for &code in errors {
        op = op.response(code.to_string(), error_response(code));
    }
    PathItem::new(HttpMethod::Get, op.build())
}

fn json_ok(description: &str, schema: RefOr<Schema>) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", Content::new(Some(schema)))
        .build()
}

fn error_response(code: u16) -> utoipa::openapi::Response {
    let description = match code {
        400 => "Bad request: malformed body or parameters, or a search the index cannot parse",
        401 => "No or wrong bearer token",
        403 => "Writes are disabled (the server has no token)",
        404 => "Not found",
        413 => "The body is larger than the server accepts",
        415 => "Unsupported Content-Type",
        _ => "Error",
    };
    json_ok(description, reference("Error"))
}

fn path_param(name: &str, description: &str) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(description))
        .schema(Some(string()))
        .build()
}

fn query_param(
    name: &str,
    description: &str,
    schema: RefOr<Schema>,
    required: bool,
) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(if required {
            Required::True
        } else {
            Required::False
        })
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

/// An article of storyline's JSON input format.
fn article() -> RefOr<Schema> {
    let mut o = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "An article in storyline's JSON input format (news-please fields). Needs `text` (or \
             `maintext`), or `html` (or `body`): a page whose main content becomes the text. \
             Fields storyline does not interpret are kept.",
        ))
        .additional_properties(Some(AdditionalProperties::FreeForm(true)));
    for (name, what) in [
        ("id", "A stable id (else a hash of the text)"),
        ("title", "The headline"),
        (
            "text",
            "The article text, verbatim: citations index into it",
        ),
        ("maintext", "Same as text"),
        (
            "html",
            "A page to extract the text from, when there is no text",
        ),
        ("body", "Same as html"),
        ("description", "A summary"),
        ("url", "Where it was published"),
        ("source_domain", "The outlet"),
        ("outlet", "Same as source_domain"),
        ("date_publish", "When it was published"),
        ("published", "Same as date_publish"),
        ("language", "Its language"),
    ] {
        o = o.property(name, described(string(), what));
    }
    o.property("authors", array(string())).into()
}

/// A cited text with extra fields.
fn cited(extra: Vec<(&str, RefOr<Schema>)>) -> RefOr<Schema> {
    let mut props = vec![
        ("text", described(string(), "Verbatim from a source")),
        ("citations", array(reference("Citation"))),
    ];
    let mut required = vec!["text", "citations"];
    for (name, _) in &extra {
        required.push(name);
    }
    props.extend(extra);
    object(props, &required)
}

fn object(props: Vec<(&str, RefOr<Schema>)>, required: &[&str]) -> RefOr<Schema> {
    let mut o = ObjectBuilder::new().schema_type(Type::Object);
    for (name, schema) in props {
        o = o.property(name, schema);
    }
    for name in required {
        o = o.required(*name);
    }
    o.into()
}

fn any_object() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::FreeForm(true)))
        .into()
}

fn string() -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).into()
}

fn integer() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(0))
        .into()
}

fn boolean() -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::Boolean).into()
}

fn number() -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::Number).into()
}

fn nullable(t: Type) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([t, Type::Null]))
        .into()
}

fn enumeration(values: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .into()
}

fn array(item: RefOr<Schema>) -> RefOr<Schema> {
    ArrayBuilder::new().items(item).into()
}

fn reference(name: &str) -> RefOr<Schema> {
    Ref::from_schema_name(name).into()
}

/// `schema` with a description (objects only; a reference is returned as
/// it is).
fn described(schema: RefOr<Schema>, description: &str) -> RefOr<Schema> {
    match schema {
        RefOr::T(Schema::Object(mut o)) => {
            o.description = Some(description.to_string());
            RefOr::T(Schema::Object(o))
        }
        RefOr::T(Schema::Array(mut a)) => {
            a.description = Some(description.to_string());
            RefOr::T(Schema::Array(a))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_path_and_resolves_every_reference() {
        let doc = serde_json::to_value(document()).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let paths = doc["paths"].as_object().unwrap();
        for p in API_PATHS {
            assert!(paths.contains_key(*p), "{p}");
        }
        assert_eq!(paths.len(), API_PATHS.len());
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let text = doc.to_string();
        for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = &part[..part.find('"').unwrap()];
            assert!(schemas.contains_key(name), "unresolved {name}");
        }
    }
}
