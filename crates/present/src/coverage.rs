//! Views both renderers share: which source reports which key fact of an
//! event (the brief's sentences), and what only one source reports. Both are
//! read off the citations: a brief sentence cites every source that reports
//! the same content.

use storyline_core::{Citation, DocumentId, Event};

/// Sources (rows) by brief sentences (columns).
pub(crate) struct Coverage<'a> {
    /// Each source of the event, with whether it reports each sentence.
    pub rows: Vec<(&'a DocumentId, Vec<bool>)>,
    pub columns: usize,
}

pub(crate) fn coverage(event: &Event) -> Coverage<'_> {
    let rows = event
        .documents
        .iter()
        .map(|d| {
            let cells = event
                .brief
                .iter()
                .map(|s| s.citations.iter().any(|c| &c.document == d))
                .collect();
            (d, cells)
        })
        .collect();
    Coverage {
        rows,
        columns: event.brief.len(),
    }
}

/// Quoted words shorter than this are a phrase taken into the outlet's
/// sentence ("within 48 hours.", "with immediate effect."), which tells
/// nothing on its own.
const MIN_QUOTE_WORDS: usize = 5;

/// Whether a quote can be listed on its own: an utterance of
/// [`MIN_QUOTE_WORDS`] words or more that starts as a sentence does, not a
/// phrase or the tail of the outlet's sentence ("safer than it has been in
/// years.", "but tonight we are counting people.").
fn stands_as_utterance(quote: &str) -> bool {
    quote.split_whitespace().count() >= MIN_QUOTE_WORDS
        && quote
            .chars()
            .find(|c| c.is_alphabetic())
            .is_none_or(|c| !c.is_lowercase())
}

/// What one source alone reports: brief sentences, quotes that stand as
/// utterances and numbers with a single citation, at most `limit` of them,
/// brief sentences first.
pub(crate) fn single_source(event: &Event, limit: usize) -> Vec<(&str, &str, &Citation)> {
    let brief = event
        .brief
        .iter()
        .map(|s| ("sentence", s.text.as_str(), &s.citations));
    let quotes = event
        .quotes
        .iter()
        .filter(|q| stands_as_utterance(&q.text))
        .map(|q| ("quote", q.text.as_str(), &q.citations));
    let numbers = event
        .quantities
        .iter()
        .map(|q| ("number", q.text.as_str(), &q.citations));
    // An event of one source has nothing "only one source" reports.
    if event.documents.len() < 2 {
        return Vec::new();
    }
    brief
        .chain(quotes)
        .chain(numbers)
        .filter(|(_, _, c)| c.len() == 1)
        .map(|(kind, text, c)| (kind, text, &c[0]))
        .take(limit)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::{CitedText, Quote};

    fn cite(doc: &str) -> Citation {
        Citation {
            document: DocumentId(doc.into()),
            start: 0,
            end: 1,
        }
    }

    fn event() -> Event {
        Event {
            id: "e1".into(),
            title: "Ferry aground off Kvalø".into(),
            title_from: DocumentId("a".into()),
            published: None,
            documents: vec![DocumentId("a".into()), DocumentId("b".into())],
            membership: vec![],
            brief: vec![
                CitedText {
                    text: "Both say this.".into(),
                    citations: vec![cite("a"), cite("b")],
                },
                CitedText {
                    text: "Only b says this.".into(),
                    citations: vec![cite("b")],
                },
            ],
            quotes: vec![
                Quote {
                    text: "We were lucky — très lucky, all of us.".into(),
                    speaker: None,
                    citations: vec![cite("a")],
                },
                Quote {
                    text: "within 48 hours.".into(),
                    speaker: None,
                    citations: vec![cite("b")],
                },
                Quote {
                    text: "but tonight we are counting people.".into(),
                    speaker: None,
                    citations: vec![cite("b")],
                },
            ],
            quantities: vec![],
            conflicts: vec![],
            timeline: vec![],
        }
    }

    #[test]
    fn rows_follow_the_citations() {
        let e = event();
        let table = coverage(&e);
        assert_eq!(table.columns, 2);
        let rows: Vec<(&str, Vec<bool>)> = table
            .rows
            .iter()
            .map(|(d, cells)| (d.as_str(), cells.clone()))
            .collect();
        assert_eq!(rows, [("a", vec![true, false]), ("b", vec![true, true])]);
    }

    #[test]
    fn single_source_lists_what_one_source_alone_carries() {
        let e = event();
        let alone: Vec<(&str, &str)> = single_source(&e, 10)
            .into_iter()
            .map(|(kind, text, _)| (kind, text))
            .collect();
        assert_eq!(
            alone,
            [
                ("sentence", "Only b says this."),
                // A phrase or a sentence's tail in quotation marks is not
                // listed alone.
                ("quote", "We were lucky — très lucky, all of us.")
            ]
        );
        // With one source, nothing is "only one source".
        let mut lone = event();
        lone.documents.truncate(1);
        assert!(single_source(&lone, 10).is_empty());
    }
}
