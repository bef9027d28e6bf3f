//! Who said what across the documents of an event: one quote, every
//! document that carries it, and the speaker most of them name.

use storyline_pipeline::{Options, Quiet, analyze};

/// Three reports of one flood carry the same words; two give them to the
/// engineer, one (the first listed) to the mayor. The event's quote goes
/// to the engineer: the first source is not the judge.
#[test]
fn a_quote_goes_to_the_speaker_most_sources_name() {
    let dir = tempfile::tempdir().unwrap();
    let quote = "“The bridge will hold through the night,”";
    let texts = [
        format!(
            "Mayor Rui Costa ordered the riverside market of Várzea Nova closed on Tuesday as the \
             Rio Claro rose for a third day and floodwater reached the old stone bridge. Engineers \
             from the regional water authority inspected the piers at dawn. {quote} Mayor Rui \
             Costa said. The fire brigade moved 40 families from Rua do Porto to the municipal \
             gym, and sandbags lined the riverbank.\n"
        ),
        format!(
            "The Rio Claro flooded parts of Várzea Nova for a third day on Tuesday. Water lapped at \
             the old stone bridge, which engineers of the regional water authority checked before \
             sunrise. {quote} said Ana Lima, the authority’s chief engineer. Forty families from \
             Rua do Porto spent the night in the municipal gym; Mayor Rui Costa closed the \
             riverside market.\n"
        ),
        format!(
            "Residents of Várzea Nova stacked sandbags along Rua do Porto on Tuesday as the swollen \
             Rio Claro threatened the town’s old stone bridge. {quote} Ana Lima, chief engineer of \
             the regional water authority, told reporters after an inspection at dawn. Mayor Rui \
             Costa said 40 families had been moved to the municipal gym.\n"
        ),
    ];
    for (k, text) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("flood-{k}.txt")), text).unwrap();
    }
    let report = analyze(&[dir.path().to_path_buf()], &Options::default(), &Quiet);
    let events: Vec<_> = report.stories.iter().flat_map(|s| &s.events).collect();
    assert_eq!(events.len(), 1, "one event: {events:#?}");
    assert_eq!(events[0].documents[0].as_str(), "flood-0");
    let quote = events[0]
        .quotes
        .iter()
        .find(|q| q.text.starts_with("The bridge will hold"))
        .expect("the engineer's words");
    assert_eq!(quote.citations.len(), 3);
    let speaker = report
        .entities
        .iter()
        .find(|e| Some(&e.id) == quote.speaker.as_ref())
        .map(|e| e.name.as_str());
    assert_eq!(speaker, Some("Ana Lima"));
}
