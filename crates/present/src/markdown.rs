//! Markdown: readable in a terminal as plain text and rendered on a code
//! host. Every piece of article text is escaped, so a title cannot open a
//! link, a table cell or an HTML tag.

use std::fmt::Write;

use storyline_core::{Citation, DocumentEntry, DocumentId, DuplicateKind, Report};

/// Renders the report as Markdown. Sections of stages that found nothing
/// are left out; documents and errors are always listed.
pub fn render_markdown(report: &Report) -> String {
    let mut out = String::new();
    let docs = report.documents.len();
    let errors = report.errors.len();
    let _ = writeln!(out, "# storyline report\n");
    let _ = writeln!(
        out,
        "{} read, {} failed. Citations are `document:start-end`, byte offsets into the text `storyline text ID` prints.\n",
        plural(docs, "document", "documents"),
        plural(errors, "input", "inputs"),
    );

    for story in &report.stories {
        let _ = writeln!(out, "## Story: {}\n", escape(&story.title));
        for event in &story.events {
            let _ = writeln!(
                out,
                "### {} ({})\n",
                escape(&event.title),
                plural(event.documents.len(), "document", "documents")
            );
            if let Some(published) = crate::published_text(event) {
                let _ = writeln!(out, "{}\n", escape(&published));
            }
            for m in &event.membership {
                let _ = write!(out, "- `{}`{}", m.document, outlet_of(report, &m.document));
                match &m.duplicate_of {
                    Some(c) => {
                        let _ = write!(out, ": a copy of `{c}`");
                    }
                    None => {
                        let _ = write!(out, ": {}", crate::membership_score(event, m));
                        if !m.shared_names.is_empty() {
                            let names: Vec<String> =
                                m.shared_names.iter().map(|n| escape(n)).collect();
                            let _ = write!(out, "; names: {}", names.join(", "));
                        }
                        if !m.shared_terms.is_empty() {
                            let terms: Vec<String> =
                                m.shared_terms.iter().map(|t| escape(t)).collect();
                            let _ = write!(out, "; words: {}", terms.join(", "));
                        }
                        if !m.shared_passages.is_empty() {
                            let others: Vec<String> =
                                m.shared_passages.iter().map(|d| format!("`{d}`")).collect();
                            let _ = write!(out, "; shares passages with {}", others.join(", "));
                        }
                        if let Some(days) = m.days_from_event {
                            let _ = write!(out, "; {days:+.1} days from the event");
                        }
                    }
                }
                out.push('\n');
            }
            out.push('\n');
            for sentence in &event.brief {
                let _ = writeln!(
                    out,
                    "- {} {}",
                    escape(&sentence.text),
                    cite(&sentence.citations)
                );
            }
            if !event.brief.is_empty() {
                out.push('\n');
            }
            let table = crate::coverage::coverage(event);
            if table.columns > 0 && table.rows.len() > 1 {
                let _ = writeln!(out, "Who reports what (the brief's sentences, in order):\n");
                let heads: Vec<String> = (1..=table.columns).map(|i| i.to_string()).collect();
                let _ = writeln!(out, "| source | {} |", heads.join(" | "));
                let _ = writeln!(out, "|---|{}", "---|".repeat(table.columns));
                for (doc, cells) in &table.rows {
                    let marks: Vec<&str> =
                        cells.iter().map(|&c| if c { "✓" } else { " " }).collect();
                    let _ = writeln!(out, "| `{doc}` | {} |", marks.join(" | "));
                }
                out.push('\n');
            }
            let alone = crate::coverage::single_source(event, 8);
            if !alone.is_empty() {
                let _ = writeln!(out, "Only one source reports:\n");
                for (kind, text, citation) in alone {
                    let _ = writeln!(
                        out,
                        "- {kind}: {} {}",
                        escape(text),
                        cite(std::slice::from_ref(citation))
                    );
                }
                out.push('\n');
            }
            if !event.conflicts.is_empty() {
                let _ = writeln!(out, "Where sources differ:\n");
                for conflict in &event.conflicts {
                    let about = report
                        .entities
                        .iter()
                        .find(|e| e.id == conflict.about)
                        .map_or_else(|| escape(&conflict.about), |e| escape(&e.name));
                    let values: Vec<String> = conflict
                        .values
                        .iter()
                        .map(|v| format!("“{}” {}", escape(&v.text), cite(&v.citations)))
                        .collect();
                    let _ = writeln!(
                        out,
                        "- {} ({}): {}",
                        about,
                        escape(&conflict.kind),
                        values.join(" / ")
                    );
                }
                out.push('\n');
            }
            if !event.quotes.is_empty() {
                let _ = writeln!(out, "Quotes, the most widely carried first:\n");
                for quote in &event.quotes {
                    let speaker = quote
                        .speaker
                        .as_ref()
                        .and_then(|id| report.entities.iter().find(|e| &e.id == id))
                        .map_or("unknown speaker".to_string(), |e| escape(&e.name));
                    let _ = writeln!(
                        out,
                        "- {speaker}: “{}” {}",
                        escape(&quote.text),
                        cite(&quote.citations)
                    );
                }
                out.push('\n');
            }
            if !event.timeline.is_empty() {
                let _ = writeln!(out, "Timeline:\n");
                for entry in &event.timeline {
                    let _ = writeln!(
                        out,
                        "- {}: {} {}",
                        escape(&entry.when),
                        escape(&entry.text),
                        cite(&entry.citations)
                    );
                }
                out.push('\n');
            }
            if !event.quantities.is_empty() {
                let _ = writeln!(out, "Numbers:\n");
                for quantity in &event.quantities {
                    let _ = writeln!(
                        out,
                        "- {}{} {}",
                        escape(&quantity.text),
                        quantity
                            .counted
                            .as_ref()
                            .map_or(String::new(), |c| format!(" ({})", escape(c))),
                        cite(&quantity.citations)
                    );
                }
                out.push('\n');
            }
        }
    }

    if !report.duplicates.is_empty() {
        let _ = writeln!(out, "## Duplicates\n");
        let _ = writeln!(
            out,
            "Each group's canonical copy comes first; every member was verified against it. Passages are `canonical = member`.\n"
        );
        for group in &report.duplicates {
            let canonical = &group.documents[0];
            let _ = writeln!(out, "- `{canonical}`{}", outlet_of(report, canonical));
            for member in &group.members {
                let _ = write!(
                    out,
                    "  - `{}`{}: {}, similarity {:.2}, {:.0}% of it in shared passages",
                    member.document,
                    outlet_of(report, &member.document),
                    kind_name(member.kind),
                    member.similarity,
                    member.coverage * 100.0
                );
                // The member's passages: pairs whose second citation is it.
                let pairs: Vec<String> = group
                    .passages
                    .chunks(2)
                    .filter(|p| p.len() == 2 && p[1].document == member.document)
                    .map(|p| format!("{} = {}", short_cite(&p[0]), short_cite(&p[1])))
                    .collect();
                if !pairs.is_empty() {
                    let _ = write!(out, "; shared: {}", pairs.join(", "));
                }
                out.push('\n');
            }
        }
        out.push('\n');
    }

    if !report.reuse.is_empty() {
        let _ = writeln!(out, "## Shared passages\n");
        let _ = writeln!(
            out,
            "Distinct articles that share passages (quotes, copied paragraphs).\n"
        );
        for reuse in &report.reuse {
            let [a, b] = &reuse.documents;
            let pairs: Vec<String> = reuse
                .passages
                .chunks(2)
                .filter(|p| p.len() == 2)
                .map(|p| format!("{} = {}", short_cite(&p[0]), short_cite(&p[1])))
                .collect();
            let _ = writeln!(out, "- `{a}` and `{b}`: {}", pairs.join(", "));
        }
        out.push('\n');
    }

    if !report.entities.is_empty() {
        let _ = writeln!(out, "## Actors\n");
        for entity in &report.entities {
            let aliases: Vec<String> = entity.aliases.iter().map(|a| escape(a)).collect();
            let _ = writeln!(
                out,
                "- **{}** ({:?}): {}",
                escape(&entity.name),
                entity.kind,
                aliases.join(", ")
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## Documents\n");
    if report.documents.is_empty() {
        let _ = writeln!(out, "None.\n");
    } else {
        let _ = writeln!(out, "| id | title | outlet | published | bytes | defects |");
        let _ = writeln!(out, "|---|---|---|---|---:|---|");
        for doc in &report.documents {
            let _ = writeln!(out, "{}", document_row(doc));
        }
        out.push('\n');
    }

    let with_defects: Vec<&DocumentEntry> = report
        .documents
        .iter()
        .filter(|d| !d.defects.is_empty())
        .collect();
    if !with_defects.is_empty() {
        let _ = writeln!(out, "## Defects\n");
        for doc in with_defects {
            for defect in &doc.defects {
                let spans: Vec<String> = defect
                    .spans
                    .iter()
                    .map(|s| format!("{}-{}", s.start, s.end))
                    .collect();
                let _ = write!(out, "- `{}`: {}", doc.id, defect.kind);
                if let Some(detail) = &defect.detail {
                    let _ = write!(out, ": {}", escape(detail));
                }
                if !spans.is_empty() {
                    let _ = write!(out, " (bytes {})", spans.join(", "));
                }
                out.push('\n');
            }
        }
        out.push('\n');
    }

    if errors > 0 {
        let _ = writeln!(out, "## Errors\n");
        for error in &report.errors {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                error.source.replace('`', "'"),
                escape(&error.message)
            );
        }
        out.push('\n');
    }
    out
}

fn document_row(doc: &DocumentEntry) -> String {
    let cell = |s: &Option<String>| s.as_deref().map(escape).unwrap_or_default();
    let defects: Vec<&str> = doc.defects.iter().map(|d| d.kind.as_str()).collect();
    format!(
        "| `{}` | {} | {} | {} | {} | {} |",
        doc.id,
        cell(&doc.title),
        cell(&doc.outlet),
        cell(&doc.published),
        doc.length,
        defects.join(", ")
    )
}

fn short_cite(c: &Citation) -> String {
    format!("`{}:{}-{}`", c.document, c.start, c.end)
}

fn kind_name(kind: DuplicateKind) -> &'static str {
    match kind {
        DuplicateKind::Exact => "exact copy",
        DuplicateKind::Near => "near copy",
        DuplicateKind::Containment => "contained",
    }
}

/// " (outlet)" for a document whose outlet is known.
fn outlet_of(report: &Report, id: &DocumentId) -> String {
    report
        .documents
        .iter()
        .find(|d| &d.id == id)
        .and_then(|d| d.outlet.as_deref())
        .map(|o| format!(" ({})", escape(o)))
        .unwrap_or_default()
}

fn cite(citations: &[Citation]) -> String {
    let parts: Vec<String> = citations
        .iter()
        .map(|c| format!("`{}:{}-{}`", c.document, c.start, c.end))
        .collect();
    format!("[{}]", parts.join("; "))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Escapes text for Markdown: characters that start markup are
/// backslash-escaped (CommonMark allows it before any ASCII punctuation)
/// and line breaks become spaces, so text stays on its line and in its
/// table cell.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::{DocumentId, Format};

    #[test]
    fn escapes_markup_in_article_text() {
        assert_eq!(
            escape("a|b <script> [x](y) *z*\nw"),
            r"a\|b \<script\> \[x\](y) \*z\* w"
        );
    }

    #[test]
    fn lists_documents_and_errors() {
        let mut report = Report::default();
        report.documents.push(DocumentEntry {
            id: DocumentId("d1".into()),
            source: "d1.txt".into(),
            format: Format::Txt,
            title: Some("A | B".into()),
            outlet: None,
            published: None,
            url: None,
            authors: vec![],
            language: None,
            length: 12,
            duplicate_of: None,
            defects: vec![],
            extra: Default::default(),
            text: None,
        });
        report.errors.push(storyline_core::InputError::new(
            "bad.json#3",
            "malformed JSON",
        ));
        let md = render_markdown(&report);
        assert!(md.contains("1 document read, 1 input failed."));
        assert!(md.contains("| `d1` | A \\| B |"));
        assert!(md.contains("- `bad.json#3`: malformed JSON"));
    }
}
