//! From each document's analysis (stage 6) to the report's entities and
//! each event's quotes and numbers: one entity per actor across documents,
//! and each quote or number once per event with every source that carries
//! it. Then, per event, stages 8–9 (`storyline-brief`): what sources agree
//! and differ on, and the extractive brief.

use std::collections::HashMap;
use std::ops::Range;

use storyline_analyze::{Analysis, DocMentions, QuoteKind, resolve};
use storyline_brief::{BriefDoc, DateFact, QuantityFact, TitleFact, brief, reconcile, timeline};
use storyline_core::{Citation, Document, Entity, EntityKind, Quantity, Quote, Role, Story};

/// A document as this step needs it.
pub struct FactDoc<'a> {
    pub document: &'a Document,
    pub analysis: &'a Analysis,
    /// Publication time, seconds since the epoch.
    pub published: Option<i64>,
}

/// Fills each event's quotes, quantities, conflicts and brief (of
/// `sentences` sentences) and returns the entities.
pub fn attach(docs: &[FactDoc], stories: &mut [Story], sentences: usize) -> Vec<Entity> {
    let index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.document.id.as_str(), i))
        .collect();
    let mut event_of: Vec<Option<String>> = vec![None; docs.len()];
    for event in stories.iter().flat_map(|s| &s.events) {
        for d in &event.documents {
            if let Some(&i) = index.get(d.as_str()) {
                event_of[i] = Some(event.id.clone());
            }
        }
    }
    let skipped: Vec<Vec<Range<usize>>> = docs.iter().map(|d| skipped_spans(d.document)).collect();
    let mentions: Vec<DocMentions> = docs
        .iter()
        .zip(&event_of)
        .map(|(d, event)| DocMentions {
            text: &d.document.text,
            mentions: &d.analysis.mentions,
            event: event.as_deref(),
        })
        .collect();
    let entities = resolve(&mentions);
    // Which entity each resolved mention belongs to, by document and span
    // (looked up once per quote).
    let entity_at: HashMap<(usize, usize, usize), usize> = entities
        .iter()
        .enumerate()
        .flat_map(|(e, entity)| {
            entity
                .mentions
                .iter()
                .map(move |m| ((m.doc, m.span.start, m.span.end), e))
        })
        .collect();
    let cite = |doc: usize, span: &Range<usize>| Citation {
        document: docs[doc].document.id.clone(),
        start: span.start,
        end: span.end,
    };
    for event in stories.iter_mut().flat_map(|s| &mut s.events) {
        let members: Vec<usize> = event
            .documents
            .iter()
            .filter_map(|d| index.get(d.as_str()).copied())
            .collect();
        // Quotes: one per wording, with every document that carries it.
        let mut quotes: Vec<Quote> = Vec::new();
        let mut quote_at: HashMap<String, usize> = HashMap::new();
        // Who each document that carries a quote says spoke it, counted
        // once per document (see `weight`), in order of first appearance.
        let mut speaker_votes: Vec<Vec<(String, usize)>> = Vec::new();
        // Quantities: one per value and thing counted.
        let mut quantities: Vec<Quantity> = Vec::new();
        let mut quantity_at: HashMap<(u64, String), usize> = HashMap::new();
        for &d in &members {
            let text = &docs[d].document.text;
            let analysis = docs[d].analysis;
            let kept = |span: &Range<usize>| {
                !skipped[d]
                    .iter()
                    .any(|s| s.start <= span.start && span.end <= s.end)
            };
            for quote in &analysis.quotes {
                if quote.kind == QuoteKind::Indirect || !kept(&quote.content) {
                    continue;
                }
                let Some(words) = text.get(quote.content.clone()) else {
                    continue;
                };
                let key = wording(words);
                if key.is_empty() {
                    continue;
                }
                let speaker = quote
                    .speaker_name
                    .as_ref()
                    .or(quote.speaker.as_ref())
                    .and_then(|span| entity_at.get(&(d, span.start, span.end)))
                    .map(|&e| entities[e].id.clone());
                // A name written with the quote ("said Professor Dai")
                // counts twice a name found for a "he" or "she".
                let weight = match (&quote.speaker, &quote.speaker_name) {
                    (Some(s), Some(n)) if s.start <= n.start && n.end <= s.end => 2,
                    _ => 1,
                };
                let at = *quote_at.entry(key).or_insert_with(|| {
                    quotes.push(Quote {
                        text: words.to_string(),
                        speaker: None,
                        citations: Vec::new(),
                    });
                    speaker_votes.push(Vec::new());
                    quotes.len() - 1
                });
                let q = &mut quotes[at];
                if !q
                    .citations
                    .iter()
                    .any(|c| c.document == docs[d].document.id)
                {
                    q.citations.push(cite(d, &quote.content));
                    if let Some(speaker) = speaker {
                        let votes = &mut speaker_votes[at];
                        match votes.iter_mut().find(|(s, _)| *s == speaker) {
                            Some((_, n)) => *n += weight,
                            None => votes.push((speaker, weight)),
                        }
                    }
                }
            }
            for quantity in &analysis.quantities {
                let Some(counted) = &quantity.counted else {
                    continue;
                };
                if !kept(&quantity.span) {
                    continue;
                }
                let Some(words) = text.get(quantity.span.clone()) else {
                    continue;
                };
                let key = (quantity.value.to_bits(), counted.to_lowercase());
                let at = *quantity_at.entry(key).or_insert_with(|| {
                    quantities.push(Quantity {
                        text: words.to_string(),
                        value: quantity.value,
                        counted: Some(counted.clone()),
                        citations: Vec::new(),
                    });
                    quantities.len() - 1
                });
                let q = &mut quantities[at];
                if !q
                    .citations
                    .iter()
                    .any(|c| c.document == docs[d].document.id)
                {
                    q.citations.push(cite(d, &quantity.span));
                }
            }
        }
        // A quote's speaker is whom most of the documents that carry it
        // name (ties: the first named): one outlet's misreading does not
        // decide who said what.
        for (q, votes) in quotes.iter_mut().zip(speaker_votes) {
            q.speaker = votes
                .into_iter()
                .rev()
                .max_by_key(|(_, n)| *n)
                .map(|(s, _)| s);
        }
        // The most widely carried first; ties in order of appearance.
        quotes.sort_by_key(|q| std::cmp::Reverse(q.citations.len()));
        quantities.sort_by_key(|q| std::cmp::Reverse(q.citations.len()));
        event.quotes = quotes;
        event.quantities = quantities;

        // Stages 8–9 over this event's documents only, so that facts of
        // different events are never compared.
        let position: HashMap<usize, usize> =
            members.iter().enumerate().map(|(k, &d)| (d, k)).collect();
        let copy_of: HashMap<&str, &storyline_core::DocumentId> = event
            .membership
            .iter()
            .filter_map(|m| Some((m.document.as_str(), m.duplicate_of.as_ref()?)))
            .collect();
        let brief_docs: Vec<BriefDoc> = members
            .iter()
            .map(|&d| BriefDoc {
                id: docs[d].document.id.clone(),
                text: &docs[d].document.text,
                sentences: docs[d].analysis.sentences.clone(),
                skipped: skipped[d].clone(),
                duplicate_of: copy_of
                    .get(docs[d].document.id.as_str())
                    .and_then(|c| index.get(c.as_str()))
                    .and_then(|c| position.get(c).copied()),
                published: docs[d].published,
            })
            .collect();
        let mut quantity_facts = Vec::new();
        let mut title_facts = Vec::new();
        let mut date_facts = Vec::new();
        for (k, &d) in members.iter().enumerate() {
            let analysis = docs[d].analysis;
            // A year or a decade ("in 2019", "the 1970s") is background,
            // not a step in the event; so is a date told in a relative
            // clause ("the spillway, which had been under repair since a
            // smaller flood last month"): a sentence dated only so is no
            // step of the timeline.
            for date in analysis.dates.iter().filter(|d| {
                !d.background
                    && !matches!(
                        d.granularity,
                        storyline_analyze::Granularity::Year
                            | storyline_analyze::Granularity::Decade
                    )
            }) {
                let day = date.granularity == storyline_analyze::Granularity::Day;
                // An unresolved day still keeps its sentence off a coarser date.
                if date.start.is_some() || day {
                    date_facts.push(DateFact {
                        doc: k,
                        when: date.start.clone(),
                        span: date.span.clone(),
                        day,
                    });
                }
            }
            // A count of another, dated happening the text mentions is no
            // difference from this event's figures.
            for q in analysis.quantities.iter().filter(|q| !q.of_dated_happening) {
                if let Some(counted) = &q.counted {
                    quantity_facts.push(QuantityFact {
                        doc: k,
                        value: q.value,
                        counted: counted.to_lowercase(),
                        span: q.span.clone(),
                    });
                }
            }
            for m in &analysis.mentions {
                let (Some(role), Some(&e)) =
                    (&m.role, entity_at.get(&(d, m.span.start, m.span.end)))
                else {
                    continue;
                };
                title_facts.push(TitleFact {
                    doc: k,
                    entity: entities[e].id.clone(),
                    role: role.key.clone(),
                    former: role.former,
                    span: role.span.clone(),
                });
            }
        }
        event.conflicts = reconcile(&brief_docs, &quantity_facts, &title_facts).conflicts;
        event.conflicts.extend(quote_wordings(&event.quotes));
        event.brief = brief(&brief_docs, sentences);
        event.timeline = timeline(&brief_docs, &date_facts);
    }
    entities
        .into_iter()
        .map(|e| Entity {
            id: e.id,
            name: e.name,
            kind: match e.kind {
                storyline_analyze::MentionKind::Person => EntityKind::Person,
                storyline_analyze::MentionKind::Organization => EntityKind::Organization,
                storyline_analyze::MentionKind::Place => EntityKind::Place,
                storyline_analyze::MentionKind::Other => EntityKind::Other,
            },
            aliases: e.aliases,
            roles: e
                .roles
                .into_iter()
                .filter_map(|r| {
                    Some(Role {
                        title: r.titles.first()?.clone(),
                        citations: r.citations.iter().map(|c| cite(c.doc, &c.span)).collect(),
                    })
                })
                .collect(),
        })
        .collect()
}

/// The spans of a document that later stages skip: a passage repeated by a
/// scraper, boilerplate lines.
fn skipped_spans(document: &Document) -> Vec<Range<usize>> {
    document
        .defects
        .iter()
        .filter(|d| d.kind == "repeated-passage" || d.kind == "boilerplate")
        .flat_map(|d| d.spans.iter().map(|s| s.start..s.end))
        .collect()
}

/// A quote's wording for matching across sources: its words, lower-cased,
/// so that quotation marks, dashes and spacing do not matter.
fn wording(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Quotes that sources word differently: two wordings that say mostly the
/// same (redundancy ≥ [`QUOTE_VARIANT`]) by the same speaker (or an unknown
/// one), where neither is an excerpt of the other. Each becomes a
/// `quote-wording` conflict with both wordings and their sources.
fn quote_wordings(quotes: &[Quote]) -> Vec<storyline_core::Conflict> {
    // Each quote's wording and terms, made once: quotes are compared in
    // pairs.
    let prepared: Vec<(String, usize, storyline_brief::ContentTerms)> = quotes
        .iter()
        .map(|q| {
            let w = wording(&q.text);
            let words = w.split(' ').count();
            (w, words, storyline_brief::ContentTerms::of(&q.text))
        })
        .collect();
    let mut out = Vec::new();
    for (i, a) in quotes.iter().enumerate() {
        for (j, b) in quotes.iter().enumerate().skip(i + 1) {
            let compatible = a.speaker.is_none() || b.speaker.is_none() || a.speaker == b.speaker;
            let ((wa, na, ta), (wb, nb, tb)) = (&prepared[i], &prepared[j]);
            // Short quotes share words by chance ("the weather is looking
            // good" / "the rocket is looking good").
            let short = *na < 5 || *nb < 5;
            if !compatible || short || wa.contains(wb.as_str()) || wb.contains(wa.as_str()) {
                continue;
            }
            if ta.redundancy(tb) >= QUOTE_VARIANT {
                out.push(storyline_core::Conflict {
                    kind: "quote-wording".to_string(),
                    about: a
                        .speaker
                        .clone()
                        .or_else(|| b.speaker.clone())
                        .unwrap_or_else(|| "unknown speaker".to_string()),
                    values: [a, b]
                        .iter()
                        .map(|q| storyline_core::CitedText {
                            text: q.text.clone(),
                            citations: q.citations.clone(),
                        })
                        .collect(),
                });
            }
        }
    }
    out
}

/// How alike two wordings must be (Ochiai over stemmed content words) to be
/// one quote worded differently rather than two quotes.
const QUOTE_VARIANT: f64 = 0.7;

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::DocumentId;

    fn quote(text: &str, speaker: Option<&str>, doc: &str) -> Quote {
        Quote {
            text: text.into(),
            speaker: speaker.map(Into::into),
            citations: vec![Citation {
                document: DocumentId(doc.into()),
                start: 0,
                end: text.len(),
            }],
        }
    }

    #[test]
    fn one_quote_worded_two_ways_is_a_wording_difference() {
        let quotes = [
            quote(
                "We will rebuild every bridge in Østerby before the winter comes",
                Some("e1"),
                "a",
            ),
            quote(
                "We will rebuild all the bridges in Østerby before winter comes",
                Some("e1"),
                "b",
            ),
            // An excerpt of the first is not a variant.
            quote("rebuild every bridge in Østerby", Some("e1"), "c"),
            // Another speaker's similar words are not either.
            quote(
                "We will rebuild every bridge in Østerby before the winter comes",
                Some("e2"),
                "d",
            ),
            // Short quotes share words by chance.
            quote("The weather is looking good", None, "e"),
            quote("The rocket is looking good", None, "f"),
        ];
        let found = quote_wordings(&quotes);
        let pairs: Vec<Vec<&str>> = found
            .iter()
            .map(|c| {
                c.values
                    .iter()
                    .map(|v| v.citations[0].document.as_str())
                    .collect()
            })
            .collect();
        assert_eq!(pairs, [vec!["a", "b"]]);
        assert_eq!(found[0].kind, "quote-wording");
        assert_eq!(found[0].about, "e1");
    }
}
