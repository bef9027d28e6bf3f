//! From the cluster stage's partition to the report's stories and events:
//! stable ids, titles in the sources' own words, duplicates listed with
//! their canonical copy, and the evidence for every membership.

use rayon::prelude::*;
use storyline_cluster::{DocTerms, Evidence};
use storyline_core::{Document, DocumentId, Event, Membership, PublishedSpan, Story};
use xxhash_rust::xxh3::xxh3_64;

/// A document as this step needs it.
pub(crate) struct Doc<'a> {
    pub document: &'a Document,
    /// Normalized ranges later stages skip (repeats, boilerplate).
    pub excluded: &'a [std::ops::Range<usize>],
}

/// One canonical copy of an event, as [`event_of`] needs it.
pub struct EventMember<'a> {
    pub document: &'a Document,
    /// Normalized ranges later stages skip (repeats, boilerplate).
    pub excluded: &'a [std::ops::Range<usize>],
    /// Why clustering put it in the event.
    pub evidence: &'a Evidence,
    /// Its duplicates, which join the event with it.
    pub copies: Vec<&'a Document>,
    /// The other members it shares passages with (see
    /// [`storyline_core::Membership::shared_passages`]).
    pub shared_passages: Vec<DocumentId>,
}

/// Clusters the canonical copies into events and stories; each duplicate
/// joins its canonical copy's event.
pub(crate) fn stories(
    docs: Vec<Doc>,
    duplicate_of: &[Option<usize>],
    published: &[Option<i64>],
    reuse: &[storyline_core::Reuse],
    config: &storyline_cluster::Config,
) -> Vec<Story> {
    // Which documents share passages with which (by id).
    let mut passages_with: std::collections::HashMap<&str, Vec<&DocumentId>> =
        std::collections::HashMap::new();
    for r in reuse {
        let [a, b] = &r.documents;
        passages_with.entry(a.as_str()).or_default().push(b);
        passages_with.entry(b.as_str()).or_default().push(a);
    }
    let canonical: Vec<usize> = (0..docs.len())
        .filter(|&d| duplicate_of[d].is_none())
        .collect();
    // Only canonical copies are clustered, so only they need terms.
    let terms: Vec<DocTerms> = canonical
        .par_iter()
        .map(|&d| clustering_terms(docs[d].document, docs[d].excluded, false))
        .collect();
    let view: Vec<(DocTerms, Option<i64>)> = canonical
        .iter()
        .zip(terms)
        .map(|(&d, terms)| (terms, published[d]))
        .collect();
    let clustering = storyline_cluster::cluster_owned(view, config);
    let mut copies: Vec<Vec<&Document>> = vec![Vec::new(); docs.len()];
    for (d, c) in duplicate_of.iter().enumerate() {
        if let Some(c) = c {
            copies[*c].push(docs[d].document);
        }
    }
    let events: Vec<Event> = clustering
        .events
        .par_iter()
        .map(|event| {
            let members: Vec<usize> = event.members.iter().map(|&m| canonical[m]).collect();
            let view: Vec<EventMember> = members
                .iter()
                .zip(&event.evidence)
                .map(|(&d, evidence)| EventMember {
                    document: docs[d].document,
                    excluded: docs[d].excluded,
                    evidence,
                    copies: copies[d].clone(),
                    shared_passages: passages_with
                        .get(docs[d].document.id.as_str())
                        .map(|others| {
                            others
                                .iter()
                                .filter(|o| members.iter().any(|&m| docs[m].document.id == ***o))
                                .map(|o| (*o).clone())
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect();
            event_of(&view, true)
        })
        .collect();
    let mut events: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    let mut stories: Vec<Story> = clustering
        .stories
        .iter()
        .map(|story| story_of(story.iter().filter_map(|&e| events[e].take()).collect()))
        .collect();
    stories.sort_by(|a, b| {
        let size = |s: &Story| s.events.iter().map(|e| e.documents.len()).sum::<usize>();
        size(b).cmp(&size(a)).then(a.id.cmp(&b.id))
    });
    stories
}

/// A story of `events`: its id a hash of theirs, its events the largest
/// first, its title the largest event's.
pub fn story_of(mut events: Vec<Event>) -> Story {
    events.sort_by(|a, b| {
        b.documents
            .len()
            .cmp(&a.documents.len())
            .then(a.id.cmp(&b.id))
    });
    let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
    Story {
        id: story_id(&ids),
        title: events.first().map(|e| e.title.clone()).unwrap_or_default(),
        events,
    }
}

/// A story's id: a hash of its events' ids (in any order).
pub fn story_id(event_ids: &[&str]) -> String {
    let mut ids = event_ids.to_vec();
    ids.sort_unstable();
    format!("s{:016x}", xxh3_64(ids.join("\n").as_bytes()))
}

/// An event's id: a hash of its canonical copies' ids (in any order).
pub fn event_id(canonical_ids: &[&str]) -> String {
    let mut ids = canonical_ids.to_vec();
    ids.sort_unstable();
    format!("e{:016x}", xxh3_64(ids.join("\n").as_bytes()))
}

/// The event made of `members` (canonical copies, the most central first,
/// as clustering gives them): its id, its title in the central document's
/// words, its documents with their duplicates, and the evidence for each
/// membership. Brief, quotes and the rest are filled by the facts step.
///
/// `readable` names the shared terms in each membership's evidence (it
/// reads every member's text again); without it they are left empty, for
/// a provisional event that is rebuilt later.
pub fn event_of(members: &[EventMember], readable: bool) -> Event {
    // The readable forms of the members' terms, made again for the
    // evidence: keeping them from the first pass would cost a string per
    // term of every document while clustering runs.
    let labels: Vec<std::collections::HashMap<u64, String>> = if readable {
        members
            .par_iter()
            .map(|m| clustering_terms(m.document, m.excluded, true).labels)
            .collect()
    } else {
        vec![Default::default(); members.len()]
    };
    let mut documents = Vec::new();
    let mut membership = Vec::new();
    for (member, labels) in members.iter().zip(&labels) {
        let readable = |ids: &[u64]| -> Vec<String> {
            ids.iter().filter_map(|t| labels.get(t)).cloned().collect()
        };
        let evidence = member.evidence;
        let mut shared_passages = member.shared_passages.clone();
        shared_passages.sort();
        shared_passages.dedup();
        let entry = Membership {
            document: member.document.id.clone(),
            duplicate_of: None,
            score: round(evidence.score),
            threshold: f64::from(evidence.threshold),
            shared_terms: readable(&evidence.shared_terms),
            shared_names: readable(&evidence.shared_names),
            days_from_event: evidence.days_from_event.map(round),
            shared_passages,
        };
        // The canonical copy, then its duplicates, which share its
        // evidence.
        let duplicates: Vec<Membership> = member
            .copies
            .iter()
            .map(|&copy| Membership {
                document: copy.id.clone(),
                duplicate_of: Some(entry.document.clone()),
                ..entry.clone()
            })
            .collect();
        documents.push(entry.document.clone());
        documents.extend(duplicates.iter().map(|m| m.document.clone()));
        membership.push(entry);
        membership.extend(duplicates);
    }
    let ids: Vec<&str> = members.iter().map(|m| m.document.id.as_str()).collect();
    let (title, title_from) = event_title(members.iter().map(|m| m.document));
    let published = published_span(
        members
            .iter()
            .flat_map(|m| std::iter::once(m.document).chain(m.copies.iter().copied())),
    );
    Event {
        id: event_id(&ids),
        title,
        title_from,
        published,
        documents,
        membership,
        brief: Vec::new(),
        quotes: Vec::new(),
        quantities: Vec::new(),
        conflicts: Vec::new(),
        timeline: Vec::new(),
    }
}

/// The first and the last publication time among `documents`, each as its
/// document gives it; times that do not read are left out.
fn published_span<'a>(documents: impl Iterator<Item = &'a Document>) -> Option<PublishedSpan> {
    let mut times: Vec<(i64, &str)> = documents
        .filter_map(|d| {
            let text = d.published.as_deref()?;
            Some((storyline_read::published_seconds(text)?, text))
        })
        .collect();
    times.sort_unstable();
    let (first, last) = (times.first()?, times.last()?);
    Some(PublishedSpan {
        first: first.1.to_string(),
        last: last.1.to_string(),
    })
}

/// How many of an event's most central documents are asked for a headline:
/// further out, a whole headline may tell a neighbouring happening.
pub const TITLE_CANDIDATES: usize = 5;

/// The event's title, verbatim: the headline of the most central of its
/// first [`TITLE_CANDIDATES`] documents (`documents` most central first)
/// that gives a whole one. A headline that names only the site, or that a
/// feed cut short ("Costa Rica plane crash kills 12, including 10 U.S...."),
/// is passed over. When none of them has a headline at all (plain text), the
/// shortest of their first sentences of [`MIN_TITLE_WORDS`] words or more:
/// a title is read at a glance, and the reports nearest the centre tell
/// the same happening. Otherwise the central document's headline, or its
/// first sentence if it has none or it names only the site.
pub fn event_title<D: std::borrow::Borrow<Document>>(
    documents: impl IntoIterator<Item = D>,
) -> (String, DocumentId) {
    let mut fallback = None;
    let mut shortest_lead: Option<(String, DocumentId)> = None;
    let mut any_headline = false;
    for document in documents.into_iter().take(TITLE_CANDIDATES) {
        let document = document.borrow();
        let headline = document
            .title
            .as_deref()
            .filter(|_| !storyline_read::title_names_site(document));
        if let Some(title) = headline.filter(|t| !cut_short(t)) {
            return (title.to_string(), document.id.clone());
        }
        any_headline |= headline.is_some();
        let lead = &document.text[storyline_cluster::lead_span(&document.text)];
        if lead.split_whitespace().count() >= MIN_TITLE_WORDS
            && shortest_lead
                .as_ref()
                .is_none_or(|(s, _)| lead.len() < s.len())
        {
            shortest_lead = Some((lead.to_string(), document.id.clone()));
        }
        fallback.get_or_insert_with(|| (headline.unwrap_or(lead).to_string(), document.id.clone()));
    }
    let lead = shortest_lead.filter(|_| !any_headline);
    lead.or(fallback)
        .unwrap_or_else(|| (String::new(), DocumentId(String::new())))
}

/// A first sentence shorter than this is a dateline or a fragment, not a
/// title.
pub const MIN_TITLE_WORDS: usize = 6;

/// A headline a feed cut short ends in an ellipsis.
fn cut_short(title: &str) -> bool {
    let title = title.trim_end();
    title.ends_with("...") || title.ends_with('…')
}

/// The terms clustering compares, from the words later stages read (outside
/// repeated passages and boilerplate).
/// `labels` keeps the terms' readable forms (for explanations).
pub fn clustering_terms(
    document: &Document,
    excluded: &[std::ops::Range<usize>],
    labels: bool,
) -> DocTerms {
    let normalized = storyline_text::normalize(&document.text);
    let kept = storyline_dedup::kept_tokens(&storyline_text::tokens(normalized.text()), excluded);
    let title = storyline_read::headline(document)
        .map(|t| storyline_text::normalize(&t).text().to_string());
    storyline_cluster::doc_terms(title.as_deref(), normalized.text(), &kept, labels)
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::{Defect, Format};

    #[test]
    fn a_title_naming_the_site_is_no_event_title() {
        let mut doc = Document::new(
            DocumentId("d".into()),
            "d.json".into(),
            Format::Json,
            "Le barrage de Tarrow Ford a cédé lundi. Les secours sont sur place.".into(),
        );
        doc.title = Some("Calder Wire".into());
        assert_eq!(event_title([&doc]).0, "Calder Wire");
        doc.defects
            .push(Defect::new(storyline_read::SITE_TITLE, Vec::new(), None));
        assert_eq!(
            event_title([&doc]).0,
            "Le barrage de Tarrow Ford a cédé lundi."
        );
    }

    fn titled(id: &str, title: Option<&str>) -> Document {
        let mut doc = Document::new(
            DocumentId(id.into()),
            format!("{id}.json"),
            Format::Json,
            "Überschwemmung in Tarrow Ford: der Damm hat nachgegeben. Mehr folgt.".into(),
        );
        doc.title = title.map(str::to_string);
        doc
    }

    #[test]
    fn a_headline_cut_short_gives_way_to_the_next_central_whole_one() {
        let cut = titled(
            "a",
            Some("Dam fails at Tarrow Ford, 12 dead, including 3 …"),
        );
        let dotted = titled(
            "b",
            Some("Dam fails at Tarrow Ford, 12 dead, including 3 U.S...."),
        );
        let whole = titled(
            "c",
            Some("Tarrow Ford dam gives way; “no warning,” say residents"),
        );
        let (title, from) = event_title([&cut, &dotted, &whole]);
        assert_eq!(
            title,
            "Tarrow Ford dam gives way; “no warning,” say residents"
        );
        assert_eq!(from.as_str(), "c");
        // With no whole headline among them, the central one stands.
        let (title, from) = event_title([&cut, &dotted]);
        assert_eq!(title, "Dam fails at Tarrow Ford, 12 dead, including 3 …");
        assert_eq!(from.as_str(), "a");
        // A document without a headline gives way as well, to a later
        // headline; alone, its first sentence is the title.
        let untitled = titled("d", None);
        assert_eq!(event_title([&untitled, &whole]).1.as_str(), "c");
        assert_eq!(
            event_title([&untitled]).0,
            "Überschwemmung in Tarrow Ford: der Damm hat nachgegeben."
        );
    }

    #[test]
    fn plain_texts_are_titled_by_the_shortest_first_sentence_near_the_centre() {
        let plain = |id: &str, text: &str| {
            Document::new(
                DocumentId(id.into()),
                format!("{id}.txt"),
                Format::Txt,
                text.into(),
            )
        };
        let long = plain(
            "long",
            "Governor Amélie Durand said on Tuesday, after a night in which the water rose faster than any forecast had allowed, that the Tarrow Ford dam had given way. More follows.",
        );
        let short = plain(
            "short",
            "The Tarrow Ford dam gave way on Tuesday, Durand said. More follows.",
        );
        let dateline = plain("dateline", "TARROW FORD — 14 März. Der Damm ist gebrochen.");
        let (title, from) = event_title([&long, &dateline, &short]);
        assert_eq!(
            title,
            "The Tarrow Ford dam gave way on Tuesday, Durand said."
        );
        assert_eq!(from.as_str(), "short");
        // A headline anywhere among them keeps the headline rules.
        let cut = titled("cut", Some("Tarrow Ford dam fails…"));
        assert_eq!(event_title([&long, &short, &cut]).1.as_str(), "long");
    }

    #[test]
    fn only_the_most_central_documents_are_asked_for_a_headline() {
        let mut documents: Vec<Document> = (0..TITLE_CANDIDATES)
            .map(|i| titled(&format!("cut{i}"), Some("Tarrow Ford dam fails…")))
            .collect();
        documents.push(titled("far", Some("A whole headline far from the centre")));
        assert_eq!(event_title(&documents).1.as_str(), "cut0");
    }
}
