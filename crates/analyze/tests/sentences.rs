//! Sentence splitting on made-up news sentences: abbreviations, initials,
//! decimals, quotations and text beyond ASCII.

use storyline_analyze::sentences;

fn split(text: &str) -> Vec<&str> {
    sentences(text).into_iter().map(|r| &text[r]).collect()
}

#[test]
fn abbreviations_initials_and_decimals_do_not_split() {
    assert_eq!(
        split(
            "Sen. Ada Pike met Dr. Ben Ruiz and Gov. Lou Hart on Jan. 5 to discuss the U.S. plan. \
             It would cost $3.5 million. J. D. Novak, a St. Paul lawyer, disagreed."
        ),
        [
            "Sen. Ada Pike met Dr. Ben Ruiz and Gov. Lou Hart on Jan. 5 to discuss the U.S. plan.",
            "It would cost $3.5 million.",
            "J. D. Novak, a St. Paul lawyer, disagreed."
        ]
    );
}

#[test]
fn an_abbreviation_ends_a_sentence_before_a_sentence_opener() {
    assert_eq!(
        split("The firm moved to the U.S. The staff stayed in Oslo at 9 a.m. Tuesday."),
        [
            "The firm moved to the U.S.",
            "The staff stayed in Oslo at 9 a.m. Tuesday."
        ]
    );
}

#[test]
fn closing_quotation_marks_stay_with_their_sentence() {
    assert_eq!(
        split("She said, \"We are ready.\" Then she left. He called it “a start.” Talks resume."),
        [
            "She said, \"We are ready.\"",
            "Then she left.",
            "He called it “a start.”",
            "Talks resume."
        ]
    );
}

#[test]
fn a_quoted_question_with_its_attribution_is_one_sentence() {
    assert_eq!(
        split("\"Why now?\" asked the mayor. \"Is it over?\" Mr. Vale asked. Nobody knew."),
        [
            "\"Why now?\" asked the mayor.",
            "\"Is it over?\" Mr. Vale asked.",
            "Nobody knew."
        ]
    );
}

#[test]
fn line_breaks_end_sentences_unless_the_line_goes_on() {
    assert_eq!(
        split(
            "Storm Hits Coast\nThe storm arrived at dawn and\nflooded the port.\n\n- Roads closed."
        ),
        [
            "Storm Hits Coast",
            "The storm arrived at dawn and\nflooded the port.",
            "- Roads closed."
        ]
    );
}

#[test]
fn ellipses_continue_unless_a_sentence_opener_follows() {
    assert_eq!(
        split("We waited... and waited. Then it rained… The end."),
        ["We waited... and waited.", "Then it rained…", "The end."]
    );
}

#[test]
fn multi_byte_text() {
    assert_eq!(
        split("東京は晴れ。大阪は雨！"),
        ["東京は晴れ。", "大阪は雨！"]
    );
    assert_eq!(
        split("Zoë Ålund won 🎉. Café owners cheered « bravo ». Señor Peña left."),
        [
            "Zoë Ålund won 🎉.",
            "Café owners cheered « bravo ».",
            "Señor Peña left."
        ]
    );
}

#[test]
fn empty_and_blank_texts_have_no_sentences() {
    assert!(sentences("").is_empty());
    assert!(sentences(" \n\t\n").is_empty());
    assert_eq!(
        split("  One line without a stop  "),
        ["One line without a stop"]
    );
}
