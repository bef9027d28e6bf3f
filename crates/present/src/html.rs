//! HTML: one self-contained file (inline style and one small inline
//! script, nothing fetched), readable on a phone. The content and order
//! are those of the Markdown rendering.
//!
//! Every piece of text from the report (article text, titles, ids, names,
//! outlets, error messages) goes through [`escape`]; attributes carry only
//! ids this renderer makes up (`c12`, `doc-3`, `ev-2`), never report text.
//!
//! Citations: when the report carries the documents' texts (`--with-text`),
//! every citation is a button, and the cited span is rendered on the server
//! side, in a hidden panel next to it: escaped context before, the span in
//! `<mark>`, escaped context after, cut on character boundaries. The click
//! only toggles the panel, so byte offsets never reach JavaScript. Without
//! texts a citation shows `document:start-end`.

use std::collections::HashMap;
use std::fmt::Write;

use storyline_core::{Citation, DocumentEntry, DuplicateKind, EntityKind, Report};

/// Bytes of context shown on each side of a cited span.
const CONTEXT_BYTES: usize = 200;

/// Renders the report as one self-contained HTML page.
pub fn render_html(report: &Report) -> String {
    let mut r = Renderer::new(report);
    r.page();
    r.out
}

struct Renderer<'a> {
    report: &'a Report,
    out: String,
    /// Document id → its index in `report.documents`.
    docs: HashMap<&'a str, usize>,
    /// Citations rendered so far, for unique panel ids.
    citations: usize,
    /// Whether any document carries its text.
    with_text: bool,
}

impl<'a> Renderer<'a> {
    fn new(report: &'a Report) -> Self {
        let docs = report
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.0.as_str(), i))
            .collect();
        Renderer {
            report,
            out: String::with_capacity(1 << 16),
            docs,
            citations: 0,
            with_text: report.documents.iter().any(|d| d.text.is_some()),
        }
    }

    fn page(&mut self) {
        let report = self.report;
        self.out.push_str(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>storyline report</title>\n<style>",
        );
        self.out.push_str(STYLE);
        self.out
            .push_str("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>storyline report</h1>\n");
        let _ = writeln!(
            self.out,
            "<p class=\"meta\">{} read, {} failed, {} in {}.{}</p>",
            plural(report.documents.len(), "document", "documents"),
            plural(report.errors.len(), "input", "inputs"),
            plural(
                report.stories.iter().map(|s| s.events.len()).sum(),
                "event",
                "events"
            ),
            plural(report.stories.len(), "story", "stories"),
            if self.with_text {
                " Click a citation to see the cited words in their source."
            } else {
                " Citations are <code>document:start-end</code>, byte offsets into the text <code>storyline text ID</code> prints."
            }
        );
        self.contents();
        self.out.push_str("</header>\n");

        let mut event_index = 0;
        for story in &report.stories {
            let _ = writeln!(
                self.out,
                "<section class=\"story\">\n<h2><span class=\"label\">Story</span> {}</h2>",
                escape(&story.title)
            );
            for event in &story.events {
                event_index += 1;
                self.event(event_index, event);
            }
            self.out.push_str("</section>\n");
        }

        self.duplicates();
        self.reuse();
        self.actors();
        self.sources();
        self.defects();
        self.errors();

        self.out.push_str("</main>\n<script>");
        self.out.push_str(SCRIPT);
        self.out.push_str("</script>\n</body>\n</html>\n");
    }

    /// The list of stories and events, with their source counts.
    fn contents(&mut self) {
        let report = self.report;
        if report.stories.is_empty() {
            return;
        }
        self.out.push_str("<nav>\n<ol class=\"toc\">\n");
        let mut event_index = 0;
        for story in &report.stories {
            let _ = write!(self.out, "<li>{}<ol>", escape(&story.title));
            for event in &story.events {
                event_index += 1;
                let _ = write!(
                    self.out,
                    "<li><a href=\"#ev-{event_index}\">{}</a> <span class=\"count\">{}</span></li>",
                    escape(&event.title),
                    self.source_count(&event.documents)
                );
            }
            self.out.push_str("</ol></li>\n");
        }
        self.out.push_str("</ol>\n</nav>\n");
    }

    /// "3 sources, 2 outlets".
    fn source_count(&self, documents: &[storyline_core::DocumentId]) -> String {
        let mut outlets: Vec<&str> = documents
            .iter()
            .filter_map(|d| self.doc(&d.0).and_then(|d| d.outlet.as_deref()))
            .collect();
        outlets.sort_unstable();
        outlets.dedup();
        let mut s = plural(documents.len(), "source", "sources");
        if !outlets.is_empty() {
            let _ = write!(s, ", {}", plural(outlets.len(), "outlet", "outlets"));
        }
        s
    }

    fn event(&mut self, index: usize, event: &storyline_core::Event) {
        let _ = writeln!(
            self.out,
            "<article class=\"event\" id=\"ev-{index}\">\n<h3>{} <span class=\"count\">{}</span></h3>",
            escape(&event.title),
            self.source_count(&event.documents)
        );
        if let Some(published) = crate::published_text(event) {
            let _ = writeln!(
                self.out,
                "<p class=\"published\">{}</p>",
                escape(&published)
            );
        }

        if !event.brief.is_empty() {
            self.out.push_str("<h4>Brief</h4>\n<ul class=\"brief\">\n");
            for sentence in &event.brief {
                self.out.push_str("<li>");
                self.out.push_str(&escape(&sentence.text));
                self.cites(&sentence.citations);
                self.out.push_str("</li>\n");
            }
            self.out.push_str("</ul>\n");
        }

        let table = crate::coverage::coverage(event);
        if table.columns > 0 && table.rows.len() > 1 {
            self.out.push_str(
                "<h4>Who reports what</h4>\n<div class=\"scroll\"><table class=\"coverage\"><tr><th>source</th>",
            );
            for i in 1..=table.columns {
                let _ = write!(self.out, "<th title=\"brief sentence {i}\">{i}</th>");
            }
            self.out.push_str("</tr>\n");
            for (doc, cells) in &table.rows {
                self.out.push_str("<tr><td>");
                self.doc_ref(&doc.0);
                self.out.push_str("</td>");
                for &c in cells {
                    self.out
                        .push_str(if c { "<td>✓</td>" } else { "<td></td>" });
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</table></div>\n");
        }
        let alone = crate::coverage::single_source(event, 8);
        if !alone.is_empty() {
            self.out
                .push_str("<h4>Only one source reports</h4>\n<ul class=\"alone\">\n");
            // Each item is cited above (in the brief, quotes or numbers);
            // here it names its one source.
            for (kind, text, citation) in alone {
                let _ = write!(self.out, "<li>{}: {} — ", escape(kind), escape(text));
                self.doc_ref(&citation.document.0);
                self.out.push_str("</li>\n");
            }
            self.out.push_str("</ul>\n");
        }

        if !event.conflicts.is_empty() {
            self.out
                .push_str("<h4>Where sources differ</h4>\n<ul class=\"conflicts\">\n");
            for conflict in &event.conflicts {
                let about = self.entity_name(&conflict.about);
                let _ = write!(
                    self.out,
                    "<li><strong>{}</strong> <span class=\"kind\">({})</span><ul>",
                    about,
                    escape(&conflict.kind)
                );
                for value in &conflict.values {
                    let _ = write!(self.out, "<li>“{}”", escape(&value.text));
                    self.cites(&value.citations);
                    self.out.push_str("</li>");
                }
                self.out.push_str("</ul></li>\n");
            }
            self.out.push_str("</ul>\n");
        }

        if !event.quotes.is_empty() {
            self.out.push_str(
                "<h4>Quotes, the most widely carried first</h4>\n<ul class=\"quotes\">\n",
            );
            for quote in &event.quotes {
                let speaker = match &quote.speaker {
                    Some(id) => self.entity_name(id),
                    None => "unknown speaker".to_string(),
                };
                let _ = write!(
                    self.out,
                    "<li><span class=\"speaker\">{speaker}</span>: <q>{}</q>",
                    escape(&quote.text)
                );
                self.cites(&quote.citations);
                self.out.push_str("</li>\n");
            }
            self.out.push_str("</ul>\n");
        }

        if !event.quantities.is_empty() {
            self.out
                .push_str("<h4>Numbers</h4>\n<ul class=\"numbers\">\n");
            for quantity in &event.quantities {
                let _ = write!(self.out, "<li>{}", escape(&quantity.text));
                if let Some(counted) = &quantity.counted {
                    let _ = write!(
                        self.out,
                        " <span class=\"kind\">({})</span>",
                        escape(counted)
                    );
                }
                self.cites(&quantity.citations);
                self.out.push_str("</li>\n");
            }
            self.out.push_str("</ul>\n");
        }

        if !event.timeline.is_empty() {
            self.out
                .push_str("<h4>Timeline</h4>\n<ul class=\"timeline\">\n");
            for entry in &event.timeline {
                let _ = write!(
                    self.out,
                    "<li><time>{}</time> {}",
                    escape(&entry.when),
                    escape(&entry.text)
                );
                self.cites(&entry.citations);
                self.out.push_str("</li>\n");
            }
            self.out.push_str("</ul>\n");
        }

        if !event.membership.is_empty() {
            let _ = writeln!(
                self.out,
                "<details class=\"members\"><summary>Sources and why they are here ({})</summary>\n<ul>",
                event.membership.len()
            );
            for m in &event.membership {
                self.out.push_str("<li>");
                self.doc_ref(&m.document.0);
                match &m.duplicate_of {
                    Some(c) => {
                        self.out.push_str(": a copy of ");
                        self.doc_ref(&c.0);
                    }
                    None => {
                        let _ = write!(self.out, ": {}", crate::membership_score(event, m));
                        if !m.shared_names.is_empty() {
                            let _ = write!(self.out, "; names: {}", escape_join(&m.shared_names));
                        }
                        if !m.shared_terms.is_empty() {
                            let _ = write!(self.out, "; words: {}", escape_join(&m.shared_terms));
                        }
                        if !m.shared_passages.is_empty() {
                            self.out.push_str("; shares passages with ");
                            for (i, d) in m.shared_passages.iter().enumerate() {
                                if i > 0 {
                                    self.out.push_str(", ");
                                }
                                self.doc_ref(&d.0);
                            }
                        }
                        if let Some(days) = m.days_from_event {
                            let _ = write!(self.out, "; {days:+.1} days from the event");
                        }
                    }
                }
                self.out.push_str("</li>\n");
            }
            self.out.push_str("</ul></details>\n");
        }
        self.out.push_str("</article>\n");
    }

    fn duplicates(&mut self) {
        let report = self.report;
        if report.duplicates.is_empty() {
            return;
        }
        self.out.push_str(
            "<section>\n<h2>Duplicates</h2>\n<p>Each group's canonical copy comes first; every member was verified against it. Passages are canonical = member.</p>\n<ul>\n",
        );
        for group in &report.duplicates {
            let Some(canonical) = group.documents.first() else {
                continue;
            };
            self.out.push_str("<li>");
            self.doc_ref(&canonical.0);
            self.out.push_str("<ul>");
            for member in &group.members {
                self.out.push_str("<li>");
                self.doc_ref(&member.document.0);
                let _ = write!(
                    self.out,
                    ": {}, similarity {:.2}, {:.0}% of it in shared passages",
                    kind_name(member.kind),
                    member.similarity,
                    member.coverage * 100.0
                );
                let pairs: Vec<&[Citation]> = group
                    .passages
                    .chunks(2)
                    .filter(|p| p.len() == 2 && p[1].document == member.document)
                    .collect();
                if !pairs.is_empty() {
                    self.out.push_str("; shared:");
                    self.passage_pairs(&pairs);
                }
                self.out.push_str("</li>");
            }
            self.out.push_str("</ul></li>\n");
        }
        self.out.push_str("</ul>\n</section>\n");
    }

    fn reuse(&mut self) {
        let report = self.report;
        if report.reuse.is_empty() {
            return;
        }
        self.out.push_str(
            "<section>\n<h2>Shared passages</h2>\n<p>Distinct articles that share passages (quotes, copied paragraphs).</p>\n<ul>\n",
        );
        for reuse in &report.reuse {
            let [a, b] = &reuse.documents;
            self.out.push_str("<li>");
            self.doc_ref(&a.0);
            self.out.push_str(" and ");
            self.doc_ref(&b.0);
            self.out.push(':');
            let pairs: Vec<&[Citation]> =
                reuse.passages.chunks(2).filter(|p| p.len() == 2).collect();
            self.passage_pairs(&pairs);
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ul>\n</section>\n");
    }

    /// Pairs of citations as "a = b", each citable.
    fn passage_pairs(&mut self, pairs: &[&[Citation]]) {
        for (i, pair) in pairs.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.cites(&pair[..1]);
            self.out.push_str(" =");
            self.cites(&pair[1..]);
        }
    }

    fn actors(&mut self) {
        let report = self.report;
        if report.entities.is_empty() {
            return;
        }
        self.out
            .push_str("<section>\n<h2>Actors</h2>\n<ul class=\"actors\">\n");
        for entity in &report.entities {
            let _ = write!(
                self.out,
                "<li><strong>{}</strong> <span class=\"kind\">({})</span>",
                escape(&entity.name),
                entity_kind(entity.kind)
            );
            if !entity.aliases.is_empty() {
                let _ = write!(self.out, ": {}", escape_join(&entity.aliases));
            }
            if !entity.roles.is_empty() {
                self.out.push_str("<ul>");
                for role in &entity.roles {
                    let _ = write!(self.out, "<li>{}", escape(&role.title));
                    self.cites(&role.citations);
                    self.out.push_str("</li>");
                }
                self.out.push_str("</ul>");
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ul>\n</section>\n");
    }

    fn sources(&mut self) {
        let report = self.report;
        self.out.push_str("<section>\n<h2>Sources</h2>\n");
        if report.documents.is_empty() {
            self.out.push_str("<p>None.</p>\n</section>\n");
            return;
        }
        self.out.push_str(
            "<div class=\"scroll\"><table>\n<thead><tr><th>id</th><th>title</th><th>outlet</th><th>published</th><th class=\"num\">bytes</th><th>copy of</th><th>defects</th></tr></thead>\n<tbody>\n",
        );
        for (i, doc) in report.documents.iter().enumerate() {
            let cell = |s: &Option<String>| s.as_deref().map(escape).unwrap_or_default();
            let defects: Vec<&str> = doc.defects.iter().map(|d| d.kind.as_str()).collect();
            let _ = write!(
                self.out,
                "<tr id=\"doc-{i}\"><td><code>{}</code></td><td>{}",
                escape(&doc.id.0),
                cell(&doc.title)
            );
            if let Some(url) = &doc.url {
                let _ = write!(self.out, "<br><span class=\"url\">{}</span>", escape(url));
            }
            let _ = write!(
                self.out,
                "</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>",
                cell(&doc.outlet),
                cell(&doc.published),
                doc.length
            );
            if let Some(c) = &doc.duplicate_of {
                self.doc_ref(&c.0);
            }
            let _ = writeln!(
                self.out,
                "</td><td>{}</td></tr>",
                escape(&defects.join(", "))
            );
        }
        self.out.push_str("</tbody>\n</table></div>\n</section>\n");
    }

    fn defects(&mut self) {
        let report = self.report;
        let with_defects: Vec<&DocumentEntry> = report
            .documents
            .iter()
            .filter(|d| !d.defects.is_empty())
            .collect();
        if with_defects.is_empty() {
            return;
        }
        self.out.push_str("<section>\n<h2>Defects</h2>\n<ul>\n");
        for doc in with_defects {
            for defect in &doc.defects {
                self.out.push_str("<li>");
                self.doc_ref(&doc.id.0);
                let _ = write!(self.out, ": {}", escape(&defect.kind));
                if let Some(detail) = &defect.detail {
                    let _ = write!(self.out, ": {}", escape(detail));
                }
                if !defect.spans.is_empty() {
                    let citations: Vec<Citation> = defect
                        .spans
                        .iter()
                        .map(|s| Citation {
                            document: doc.id.clone(),
                            start: s.start,
                            end: s.end,
                        })
                        .collect();
                    self.cites(&citations);
                }
                self.out.push_str("</li>\n");
            }
        }
        self.out.push_str("</ul>\n</section>\n");
    }

    fn errors(&mut self) {
        let report = self.report;
        if report.errors.is_empty() {
            return;
        }
        self.out.push_str("<section>\n<h2>Errors</h2>\n<ul>\n");
        for error in &report.errors {
            let _ = writeln!(
                self.out,
                "<li><code>{}</code>: {}</li>",
                escape(&error.source),
                escape(&error.message)
            );
        }
        self.out.push_str("</ul>\n</section>\n");
    }

    fn doc(&self, id: &str) -> Option<&'a DocumentEntry> {
        self.docs.get(id).map(|&i| &self.report.documents[i])
    }

    /// A document id linking to its row of the sources table, with its
    /// outlet when known.
    fn doc_ref(&mut self, id: &str) {
        match self.docs.get(id) {
            Some(&i) => {
                let _ = write!(
                    self.out,
                    "<a class=\"doc\" href=\"#doc-{i}\"><code>{}</code></a>",
                    escape(id)
                );
                if let Some(outlet) = self.report.documents[i].outlet.as_deref() {
                    let _ = write!(self.out, " ({})", escape(outlet));
                }
            }
            None => {
                let _ = write!(self.out, "<code>{}</code>", escape(id));
            }
        }
    }

    /// The escaped name of the entity `id`, or the escaped id itself.
    fn entity_name(&self, id: &str) -> String {
        self.report
            .entities
            .iter()
            .find(|e| e.id == id)
            .map_or_else(|| escape(id), |e| escape(&e.name))
    }

    /// Citations: a button per citation (or plain `doc:start-end` when the
    /// document's text is not in the report), then their hidden panels.
    fn cites(&mut self, citations: &[Citation]) {
        if citations.is_empty() {
            return;
        }
        let mut panels = String::new();
        self.out.push_str(" <span class=\"cites\">");
        for citation in citations {
            let label = format!(
                "{}:{}-{}",
                escape(&citation.document.0),
                citation.start,
                citation.end
            );
            let text = self
                .doc(&citation.document.0)
                .and_then(|d| d.text.as_deref());
            match text {
                Some(text) => {
                    self.citations += 1;
                    let n = self.citations;
                    let _ = write!(
                        self.out,
                        "<button type=\"button\" class=\"cite\" aria-expanded=\"false\" aria-controls=\"c{n}\">{label}</button>"
                    );
                    let _ = write!(
                        panels,
                        "<div class=\"snip\" id=\"c{n}\" hidden><div class=\"where\">"
                    );
                    // Ids and outlets are escaped; the label already is.
                    match self.docs.get(citation.document.0.as_str()) {
                        Some(&i) => {
                            let _ = write!(panels, "<a href=\"#doc-{i}\">{label}</a>");
                            if let Some(outlet) = self.report.documents[i].outlet.as_deref() {
                                let _ = write!(panels, " · {}", escape(outlet));
                            }
                        }
                        None => panels.push_str(&label),
                    }
                    panels.push_str("</div><p>");
                    panels.push_str(&snippet(text, citation.start, citation.end));
                    panels.push_str("</p></div>");
                }
                None => {
                    let _ = write!(self.out, "<code class=\"cite\">{label}</code>");
                }
            }
        }
        self.out.push_str("</span>");
        self.out.push_str(&panels);
    }
}

/// The span `start..end` of `text` with up to [`CONTEXT_BYTES`] of context
/// on each side, all escaped, the span in `<mark>`. A span that does not
/// fit the text, or cuts a character, is said so instead.
fn snippet(text: &str, start: usize, end: usize) -> String {
    if start > end
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
    {
        return format!(
            "<em class=\"bad\">bytes {start}-{end} are not a span of this document's {} bytes</em>",
            text.len()
        );
    }
    let from = floor_boundary(text, start.saturating_sub(CONTEXT_BYTES));
    let to = ceil_boundary(text, (end + CONTEXT_BYTES).min(text.len()));
    format!(
        "{}{}<mark>{}</mark>{}{}",
        if from > 0 { "…" } else { "" },
        escape(&text[from..start]),
        escape(&text[start..end]),
        escape(&text[end..to]),
        if to < text.len() { "…" } else { "" },
    )
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn escape_join(items: &[String]) -> String {
    items
        .iter()
        .map(|s| escape(s))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn kind_name(kind: DuplicateKind) -> &'static str {
    match kind {
        DuplicateKind::Exact => "exact copy",
        DuplicateKind::Near => "near copy",
        DuplicateKind::Containment => "contained",
    }
}

fn entity_kind(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
        EntityKind::Other => "other",
    }
}

const STYLE: &str = r#"
:root{--fg:#1d1d1f;--muted:#5f6368;--bg:#fff;--panel:#f5f5f7;--line:#dadce0;--accent:#1a5fb4;--mark:#ffe58a}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--muted:#a0a4a8;--bg:#17181a;--panel:#222427;--line:#3a3d41;--accent:#8ab4f8;--mark:#6b5a00}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;overflow-wrap:anywhere}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.3rem;margin:2rem 0 .75rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:1rem 0 .25rem}
ul,ol{padding-left:1.25rem}
li{margin:.3rem 0}
a{color:var(--accent)}
code{font:.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.meta,.count,.kind,.url{color:var(--muted)}
.count{font-size:.8em;font-weight:normal;white-space:nowrap}
.label{font-size:.7em;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.event{border-left:3px solid var(--line);padding-left:.75rem;margin:1rem 0}
.speaker{font-weight:600}
q{quotes:"“" "”"}
.cites{font-size:.8em}
.cite{font:.8rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--accent);background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:0 .3em;margin:.1em .1em;cursor:pointer;overflow-wrap:anywhere}
code.cite{cursor:auto;color:var(--muted)}
.cite[aria-expanded=true]{background:var(--mark);color:var(--fg)}
.snip{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem;margin:.4rem 0;font-size:.9rem}
.snip[hidden]{display:none}
.snip p{margin:.25rem 0 0;white-space:pre-wrap}
.snip mark{background:var(--mark);color:inherit;padding:0 .1em}
.where{font-size:.8rem;color:var(--muted)}
.bad{color:#b3261e}
details.members summary{cursor:pointer;color:var(--muted);font-size:.9rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top}
.num{text-align:right}
tr:target{background:var(--mark)}
nav .toc{font-size:.95rem}
"#;

const SCRIPT: &str = r#"
document.addEventListener("click",function(e){
  var b=e.target.closest&&e.target.closest("button.cite");
  if(!b)return;
  var p=document.getElementById(b.getAttribute("aria-controls"));
  if(!p)return;
  p.hidden=!p.hidden;
  b.setAttribute("aria-expanded",String(!p.hidden));
});
"#;
