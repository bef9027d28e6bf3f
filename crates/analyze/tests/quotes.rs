//! Quotes, cues and speakers on made-up news sentences, one pattern each.

use storyline_analyze::{Quote, QuoteKind, quotes};

/// A quote with its spans as text.
#[derive(Debug)]
struct Seen<'a> {
    kind: QuoteKind,
    content: &'a str,
    cue: Option<&'a str>,
    speaker: Option<&'a str>,
    name: Option<&'a str>,
}

fn seen(text: &str) -> Vec<Seen<'_>> {
    let slice = |r: &Option<std::ops::Range<usize>>| r.clone().map(|r| &text[r]);
    quotes(text)
        .iter()
        .map(|q: &Quote| Seen {
            kind: q.kind,
            content: &text[q.content.clone()],
            cue: slice(&q.cue),
            speaker: slice(&q.speaker),
            name: slice(&q.speaker_name),
        })
        .collect()
}

/// The people the analysis names in `text`, in order.
fn people(text: &str) -> Vec<&str> {
    storyline_analyze::analyze(text, None)
        .mentions
        .iter()
        .filter(|m| m.kind == storyline_analyze::MentionKind::Person)
        .map(|m| &text[m.span.clone()])
        .collect()
}

fn one<'a>(text: &'a str, content: &str) -> Seen<'a> {
    seen(text)
        .into_iter()
        .find(|s| s.content == content)
        .unwrap_or_else(|| panic!("no quote {content:?} in {:#?}", seen(text)))
}

/// A printed quotation signed with a dash: no verb, the name is the source.
#[test]
fn a_dash_and_a_name_after_the_quote() {
    let t = "“The river took the whole street,” ― Zoë Ångström\n“We start again tomorrow.” — Kenji Mori";
    let q = one(t, "The river took the whole street,");
    assert_eq!((q.cue, q.speaker), (None, Some("Zoë Ångström")));
    let q = one(t, "We start again tomorrow.");
    assert_eq!(q.speaker, Some("Kenji Mori"));
}

#[test]
fn speaker_after_the_quote() {
    let t = "\"We will rebuild the bridge,\" Mayor Lena Ortiz said on Tuesday.";
    let q = one(t, "We will rebuild the bridge,");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(q.cue, Some("said"));
    assert_eq!(q.speaker, Some("Mayor Lena Ortiz"));
    assert_eq!(q.name, Some("Lena Ortiz"));
}

#[test]
fn verb_before_the_speaker_and_an_appositive() {
    let t = "“The numbers are clear,” said Omar Haddad, a spokesman for the agency.";
    let q = one(t, "The numbers are clear,");
    assert_eq!(q.cue, Some("said"));
    assert_eq!(q.speaker, Some("Omar Haddad, a spokesman for the agency"));
    assert_eq!(q.name, Some("Omar Haddad"));
    let t = "\"It was close,\" said former Gov. Ruth Alder of Maine, in a statement.";
    assert_eq!(
        one(t, "It was close,").speaker,
        Some("former Gov. Ruth Alder of Maine")
    );
}

#[test]
fn speaker_before_the_quote() {
    let t = "At the hearing, Judge Carla Mendes said: \"The motion is denied.\"";
    let q = one(t, "The motion is denied.");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(
        (q.cue, q.speaker),
        (Some("said"), Some("Judge Carla Mendes"))
    );
    let t = "The minister, Ana Ruiz, told reporters, “Prices will fall.”";
    let q = one(t, "Prices will fall.");
    assert_eq!((q.cue, q.name), (Some("told"), Some("Ana Ruiz")));
}

#[test]
fn pronouns_resolve_to_the_person_the_text_is_about() {
    let t = "Mary Quell toured the plant on Friday. \"It is safe,\" she said.";
    let q = one(t, "It is safe,");
    assert_eq!((q.speaker, q.name), (Some("she"), Some("Mary Quell")));
    // "he" skips a woman, and names inside the quote are not antecedents.
    let t = "Mary Quell met Tom Brandt on Friday. \"I told Paul Ilves no,\" he said.";
    let q = one(t, "I told Paul Ilves no,");
    assert_eq!((q.speaker, q.name), (Some("he"), Some("Tom Brandt")));
}

/// Someone a sentence introduces without a name is whom the next "he"
/// means, not a person named further back; unless the name follows.
#[test]
fn a_pronoun_after_an_unnamed_person_stays_unnamed() {
    let t = "“The water rose fast,” said Søren Holm, a ferryman.\n\
             At 10:08 p.m., an officer on the quay sounds the alarm. “Everyone off,” he says.";
    let q = one(t, "Everyone off,");
    assert_eq!((q.speaker, q.name), (Some("he"), None));
    // The woman is named right after she is introduced.
    let t = "Goro Ishida heard the siren first. A woman in Sendai, Aiko Mori, heard it too. \
             “I wondered where it would land,” she said.";
    let q = one(t, "I wondered where it would land,");
    assert_eq!(q.name, Some("Aiko Mori"));
    // "the prime minister" is someone already named, and a "man" is no
    // antecedent for "she".
    let t = "Prime Minister Eva Lund faced the press. A man shouted at her. \
             The prime minister insisted she had done nothing wrong. “I stay,” she said.";
    assert_eq!(one(t, "I stay,").name, Some("Eva Lund"));
}

/// A sentence that opens with a quotation is about its speaker, and the
/// sentences inside a long quotation are not the report's own: "he" after
/// them still means the speaker.
#[test]
fn a_pronoun_after_a_long_quotation_means_its_speaker() {
    let t = "Dana Pruitt, a historian, watched the launch from the beach.\n\
             “This rocket is great,” Élodie Marchand told Dana Pruitt. “It inspires people. \
             It is not the Moon landing. It is a start. It carries more than any other. \
             It could reach Mars.”\n\
             “You could send people back to the Moon,” she said.";
    let q = one(t, "You could send people back to the Moon,");
    assert_eq!((q.speaker, q.name), (Some("she"), Some("Élodie Marchand")));
    // Who is told is not who speaks.
    let t = "Marta Ruiz watched from her balcony. “I grabbed my son,” she told reporter \
             Tom Hale. “He is shaken,” she said.";
    assert_eq!(one(t, "He is shaken,").name, Some("Marta Ruiz"));
}

/// A pronoun with no one it can mean in the sentences before it stays
/// unnamed rather than going to whoever was named far back.
#[test]
fn a_pronoun_does_not_reach_far_back() {
    let t = "Ines Varga opened the hearing. The dam was built in 1962. It holds a lake. \
             The lake feeds two towns. The towns grew. Rain fell all week. The river rose. \
             The spillway opened at noon. “We were lucky,” she said.";
    let q = one(t, "We were lucky,");
    assert_eq!((q.speaker, q.name), (Some("she"), None));
}

/// A page's controls and credits, capitalized in the scraped text, are no
/// person, so no quote goes to them.
#[test]
fn page_furniture_is_nobody() {
    let t = "Photos: The flood in Várzea Nova\nHide Caption 3 of 12\n“I work there,” she said.\n\
             Advertisement Continue reading the main story\n\
             “We all noticed it was too low,” she said.\nREAD MORE\n“It held,” he said.";
    let people = people(t);
    assert!(people.is_empty(), "{people:?}");
    for content in [
        "I work there,",
        "We all noticed it was too low,",
        "It held,",
    ] {
        assert_eq!(one(t, content).name, None, "{content}");
    }
}

/// A tabloid's kicker in capitals run into the text ("BRAVE FACE Sarah
/// Quell") is no part of the name after it, and the word after it opens
/// a sentence ("HOW THAI How Thai food ..."); nor is a photo credit
/// ("Getty Images"), and a name said twice in a row is one name.
#[test]
fn a_kicker_in_capitals_is_no_part_of_a_name() {
    let t =
        "BRAVE FACE Sarah Quell said she was “fine, really.”\n\nHOW THAI How Thai food won London.";
    assert_eq!(one(t, "fine, really.").name, Some("Sarah Quell"));
    let people = people(t);
    assert_eq!(people, ["Sarah Quell"]);
    // A photo credit, and a caption's name run into the text that names
    // him again.
    let t = "Getty Images Tomás Ferreira said the track was “fine.”

             Justin Okoro Justin Okoro’s show was short. “Minneapolis!” he said.";
    assert_eq!(one(t, "fine.").name, Some("Tomás Ferreira"));
    assert_eq!(one(t, "Minneapolis!").name, Some("Justin Okoro"));
}

/// A company is no person: not after an adjective of a place ("Atlanta-based
/// Corvexa"), not said twice by a caption run into the text, not after a
/// kicker whose first word is short ("UP FRAUD ALERTS Corvexa").
#[test]
fn a_company_dressed_as_a_name_is_no_person() {
    let t = "Atlanta-based Corvexa said the breach was “contained.”

             Corvexa Corvexa holds data on 800 million people.

             UP FRAUD ALERTS Corvexa said it had “no knowledge” of it.";
    assert_eq!(people(t), Vec::<&str>::new());
}

/// "the website NK Pro": a name a common noun says is a site, a paper or a
/// firm is no person, so the analyst named before it keeps his words.
#[test]
fn a_name_after_the_website_is_no_person() {
    let t = "Testing will go on, said Søren Dahl, an analyst at the website Kestrel Pro, which \
             follows the program.\n\n“I am still skeptical,” he said.";
    assert_eq!(one(t, "I am still skeptical,").name, Some("Søren Dahl"));
}

/// "Reporter John Branch" opening a sentence: who he is, not his name.
#[test]
fn a_role_opening_a_sentence_is_not_part_of_the_name() {
    let t = "Reporter John Okoro asked about the budget. “There is none,” said Witness Ana Lee.";
    let names = people(t);
    assert!(names.contains(&"John Okoro"), "{names:?}");
}

#[test]
fn titles_resolve_to_the_person_who_carries_them() {
    let t = "President Nadia Kern arrived late. Aides waited. \"We stay,\" the president said.";
    let q = one(t, "We stay,");
    assert_eq!(
        (q.speaker, q.name),
        (Some("the president"), Some("Nadia Kern"))
    );
}

#[test]
fn unknown_speakers_stay_unknown() {
    let t = "\"Nothing is certain.\"\n\nThe vote is next week.";
    let q = one(t, "Nothing is certain.");
    assert_eq!((q.cue, q.speaker, q.name), (None, None, None));
    // A pronoun with no one before it is not guessed.
    let t = "\"Nothing is certain,\" he said.";
    let q = one(t, "Nothing is certain,");
    assert_eq!((q.speaker, q.name), (Some("he"), None));
}

#[test]
fn quotes_over_several_sentences_and_paragraphs() {
    let t = "\"The first part is money. It is ready.\n\n\"The second part is trust,\" said Kofi Mensah.\n";
    let q = one(
        t,
        "The first part is money. It is ready.\n\n\"The second part is trust,",
    );
    assert_eq!(q.speaker, Some("Kofi Mensah"));
    assert_eq!(seen(t).len(), 1);
}

#[test]
fn unattributed_quotes_continue_the_previous_speaker() {
    // Interrupted, next sentence, next paragraph.
    let t = "\"This,\" Ms. Lind said, \"is the end.\" \"We won.\"\n\n\"Now we govern.\"";
    for content in ["This,", "is the end.", "We won.", "Now we govern."] {
        assert_eq!(one(t, content).speaker, Some("Ms. Lind"), "{content}");
    }
    // A paragraph that announces the quote paragraph after it.
    let t = "In a statement, Ella Stone said:\n\n\"We are done.\"";
    assert_eq!(one(t, "We are done.").speaker, Some("Ella Stone"));
}

#[test]
fn partial_quotes_inside_a_sentence() {
    let t = "The senator called the bill \"a disaster for farmers\" on Monday.";
    let q = one(t, "a disaster for farmers");
    assert_eq!(q.kind, QuoteKind::Partial);
    assert_eq!((q.cue, q.speaker), (Some("called"), Some("The senator")));
    // A quoted phrase with no attribution is a title or scare quotes.
    assert!(seen("The so-called \"experts\" disagreed about it.").is_empty());
}

#[test]
fn single_quotes_and_apostrophes() {
    let t = "Pat Gold described the talks as ‘real progress’ after the ’90s impasse, \
             and Pat's aides said it wasn't 'done' yet.";
    let contents: Vec<&str> = seen(t)
        .into_iter()
        .filter(|s| s.kind != QuoteKind::Indirect)
        .map(|s| s.content)
        .collect();
    assert_eq!(contents, ["real progress", "done"]);
    assert_eq!(one(t, "real progress").speaker, Some("Pat Gold"));
    let t = "''We are not there yet,'' Mr. Obi said.";
    assert_eq!(one(t, "We are not there yet,").speaker, Some("Mr. Obi"));
}

#[test]
fn reported_speech() {
    let t = "Mayor Lena Ortiz said that the bridge would reopen in May.";
    let q = one(t, "the bridge would reopen in May");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!((q.cue, q.speaker), (Some("said"), Some("Mayor Lena Ortiz")));
    let t = "According to the agency, prices rose 4 percent in March.";
    let q = one(t, "prices rose 4 percent in March");
    assert_eq!(
        (q.cue, q.speaker),
        (Some("According to"), Some("the agency"))
    );
    let t = "Prices rose 4 percent, the agency said.";
    assert_eq!(one(t, "Prices rose 4 percent").speaker, Some("the agency"));
    let t = "Ravi Menon told the council on Monday that the budget was short.";
    let q = one(t, "the budget was short");
    assert_eq!((q.cue, q.speaker), (Some("told"), Some("Ravi Menon")));
}

#[test]
fn text_beyond_ascii() {
    let t = "“Great day 🎉,” said Zoë Ålund, the café’s owner.";
    let q = one(t, "Great day 🎉,");
    assert_eq!(q.speaker, Some("Zoë Ålund, the café’s owner"));
    let t = "「東京は安全だ」と彼は言った。";
    assert!(seen(t).iter().any(|s| s.content == "東京は安全だ"));
    let t = "« Nous partons », a dit Renée.";
    assert!(seen(t).iter().any(|s| s.content == "Nous partons"));
}

#[test]
fn quotes_serialize_as_plain_data() {
    let t = "\"We won,\" she said.";
    let json = serde_json::to_value(quotes(t)).unwrap();
    assert_eq!(json[0]["kind"], "direct");
    assert_eq!(json[0]["content"]["start"], 1);
    assert_eq!(json[0]["speaker_name"], serde_json::Value::Null);
}

/// A comma before the verb can close the subject's relative clause: the
/// subject is still the speaker, and a clause after "said" is the content.
#[test]
fn a_relative_clause_between_the_speaker_and_the_verb() {
    let t = "The independent dam-safety engineer, who inspected the structure in the summer of 2023, told Radio Calder on Tuesday that his 42-page report had warned of seepage.\n\n\
             Okafor, who was paid €18,500 for the 2023 inspection, said he was ready to give evidence.";
    let q = one(t, "his 42-page report had warned of seepage");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.cue, Some("told"));
    assert!(
        q.speaker
            .is_some_and(|s| s.starts_with("The independent dam-safety engineer")),
        "{q:?}"
    );
    let q = one(t, "he was ready to give evidence");
    assert_eq!(q.cue, Some("said"));
    assert_eq!(
        q.speaker,
        Some("Okafor, who was paid €18,500 for the 2023 inspection"),
        "not the comma of 18,500"
    );
}

/// "the engineer’s report" is a noun, not the cue of the quote after it.
#[test]
fn a_report_word_after_a_possessive_is_no_cue() {
    let t = "Gov. Amélie Durand said the engineer’s report would be examined by the inquiry “page by page.”";
    let q = one(t, "page by page.");
    assert_eq!(q.cue, Some("said"));
    assert_eq!(q.name, Some("Amélie Durand"), "{q:?}");
}

/// "the authority said": the organization the text named before.
#[test]
fn the_authority_is_the_organization_named_before() {
    let t = "Engineers of the Calder Hydro Authority inspected the dam in June.\n\n\
             On Tuesday the authority said in a statement that it “will cooperate fully with any inquiry.”";
    let q = one(t, "will cooperate fully with any inquiry.");
    assert_eq!(q.speaker, Some("the authority"));
    assert_eq!(q.name, Some("Calder Hydro Authority"), "{q:?}");
    let t = "Hoshino Engineering (星野工業), the Japanese company that supplied the gates, said in a statement that “the embankment is outside the scope of our work.”";
    let q = one(t, "the embankment is outside the scope of our work.");
    assert_eq!(q.name, Some("Hoshino Engineering"), "{q:?}");
}

/// An unnamed spokesman speaks for the organization named in the speaker;
/// an adjective before it ("The official United Twitter account") names
/// no one it speaks for.
#[test]
fn a_spokesman_speaks_for_the_organization_named_with_him() {
    let t = "The tram left the rails at Quay Road.\n\n\
             A Harbor Ambulance Service spokesman said: \"We were called at 6.13 to the scene.\n\
             \"We are treating a number of patients.\"\n\n\
             A spokeswoman for the Calder Hydro Authority said the gates “were never tested.”\n\n\
             The official Ostra Air Twitter account replied that passengers must be “properly clothed.”";
    let q = one(
        t,
        "We were called at 6.13 to the scene.\n\"We are treating a number of patients.",
    );
    assert_eq!(q.speaker, Some("A Harbor Ambulance Service spokesman"));
    assert_eq!(q.name, Some("Harbor Ambulance Service"), "{q:?}");
    let q = one(t, "were never tested.");
    assert_eq!(q.name, Some("Calder Hydro Authority"), "{q:?}");
    let q = one(t, "properly clothed.");
    assert_ne!(q.name, Some("Twitter"), "{q:?}");
}

/// "The Calder Track Investigation Branch said", "Initial findings of the
/// branch show": the organization speaks, also after "The" and for what it
/// publishes; "Branch" after a given name is still a surname.
#[test]
fn an_organization_speaks_after_the_and_through_its_findings() {
    let t = "The Calder Track Investigation Branch (CTIB) said the tram was on a “sharp, left-hand \
             curve.”\n\nInitial findings of the Calder Track Investigation Branch show it was going \
             at a “significantly higher speed.”\n\nJohn Branch, a reporter, said it was “very fast.”";
    assert_eq!(
        one(t, "sharp, left-hand curve.").name,
        Some("Calder Track Investigation Branch")
    );
    assert_eq!(
        one(t, "significantly higher speed.").name,
        Some("Calder Track Investigation Branch")
    );
    assert_eq!(one(t, "very fast.").name, Some("John Branch"));
    let kinds: Vec<(&str, storyline_analyze::MentionKind)> = storyline_analyze::analyze(t, None)
        .mentions
        .iter()
        .map(|m| (&t[m.span.clone()], m.kind))
        .collect();
    assert!(kinds.contains(&(
        "Calder Track Investigation Branch",
        storyline_analyze::MentionKind::Organization
    )));
    assert!(kinds.contains(&("John Branch", storyline_analyze::MentionKind::Person)));
}

/// A person after a title's complement that names a body: "Ambassador to
/// the United Nations Sarah Quell" is Sarah Quell, not the United Nations.
#[test]
fn a_person_after_a_body_in_a_title_is_the_speaker() {
    let t = "U.S. Ambassador to the United Nations Sarah Quell said the launch was “absolutely \
             unacceptable.”";
    assert_eq!(one(t, "absolutely unacceptable.").name, Some("Sarah Quell"));
}

/// "Ambassador to the United Nations": a role noun goes on over "to" into
/// what it is a role at, so the speaker is the ambassador, not the body;
/// "talked to the press" is no speaker.
#[test]
fn a_role_goes_on_over_to() {
    let t = "“We hope for a strong resolution,” Japan’s Ambassador to the United Nations, Aiko \
             Mori, told reporters.";
    assert_eq!(
        one(t, "We hope for a strong resolution,").name,
        Some("Aiko Mori")
    );
}

/// "state" before a title is no reporting verb: "Ostra state senator" is
/// the speaker, not "Ostra" stating.
#[test]
fn state_before_a_title_reports_nothing() {
    let t = "Hundreds were hurt in Brenmoor.\n\n\
             ‘We have to get the water out of people’s homes’ – Ostra state senator\n\n\
             Ostra state senator Ilse Marken joined the show on Tuesday.";
    let q = one(t, "We have to get the water out of people’s homes");
    assert_eq!(q.speaker, Some("Ostra state senator"), "{q:?}");
}

/// Two people share a surname: a bare "Okafor" is neither for sure, so "he"
/// is not kept from the subject that says "Okafor".
#[test]
fn a_shared_surname_gives_no_gender() {
    let t = "Daniel Okafor inspected the dam. The mayor, Grace Okafor, called him.\n\n\
             Gov. Amélie Durand said the report would be read.\n\n\
             Okafor said he was ready to give evidence. ‘I kept every photograph,’ he said.";
    let q = one(t, "I kept every photograph,");
    assert_eq!(q.speaker, Some("he"));
    assert_eq!(q.name, Some("Okafor"), "{q:?}");
}
