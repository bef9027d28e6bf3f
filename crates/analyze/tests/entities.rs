//! Mentions, titles and entities across documents, on made-up news.

use storyline_analyze::{
    DocMentions, Entity, Mention, MentionKind, analyze, entity_of, mentions, resolve,
};

/// The mentions of a text as (text, kind).
fn seen(text: &str) -> Vec<(&str, MentionKind)> {
    mentions(text)
        .iter()
        .map(|m| (&text[m.span.clone()], m.kind))
        .collect()
}

fn kind_of(text: &str, name: &str) -> Option<MentionKind> {
    seen(text)
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, k)| k)
}

fn mention<'m>(text: &str, ms: &'m [Mention], name: &str) -> &'m Mention {
    ms.iter()
        .find(|m| &text[m.span.clone()] == name)
        .unwrap_or_else(|| panic!("no mention {name:?} in {:?}", seen(text)))
}

#[test]
fn people_organizations_and_places() {
    let t = "Harbor Authority chief Zoë Ålund said the Ministry of Fisheries and Acme Corp. \
             would pay. The Green Party met in Vellmar and later in Kraków. The Valley News \
             and the Foundation for Coastal Safety agreed.";
    assert_eq!(kind_of(t, "Zoë Ålund"), Some(MentionKind::Person));
    assert_eq!(
        kind_of(t, "Harbor Authority"),
        Some(MentionKind::Organization)
    );
    assert_eq!(
        kind_of(t, "Ministry of Fisheries"),
        Some(MentionKind::Organization)
    );
    assert_eq!(kind_of(t, "Acme Corp."), Some(MentionKind::Organization));
    assert_eq!(kind_of(t, "Green Party"), Some(MentionKind::Organization));
    assert_eq!(kind_of(t, "Valley News"), Some(MentionKind::Organization));
    assert_eq!(
        kind_of(t, "Foundation for Coastal Safety"),
        Some(MentionKind::Organization)
    );
    // "in X": a place, from the gazetteer or from the preposition.
    assert_eq!(kind_of(t, "Vellmar"), Some(MentionKind::Place));
    assert_eq!(kind_of(t, "Kraków"), Some(MentionKind::Place));
}

#[test]
fn firms_villages_and_datelines_are_not_people() {
    let t = "VELLMAR FALLS, Ostrava Province (NW) — Gates from Kessler Engineering failed on Sunday.\n\
             Per the Northern Wire, families sheltered in Vellmar Falls, at St Brigid's Hall and in Upper \
             Kessling. Minister of Coastal Defence Piotr Ålund flew in. Neighbours said the water rose fast.";
    let kinds = seen(t);
    let person = |name: &str| {
        kinds
            .iter()
            .any(|&(n, k)| n == name && k == MentionKind::Person)
    };
    for name in [
        "VELLMAR FALLS",
        "Kessler Engineering",
        "Northern Wire",
        "Vellmar Falls",
        "St Brigid",
        "Upper Kessling",
        "Neighbours",
    ] {
        assert!(!person(name), "{name} read as a person: {kinds:?}");
    }
    assert_eq!(
        kind_of(t, "Kessler Engineering"),
        Some(MentionKind::Organization)
    );
    assert_eq!(kind_of(t, "Northern Wire"), Some(MentionKind::Organization));
    // "and" or "&" inside an organization's name, not between two names.
    let t2 = "The Ostrava Provincial Fire and Rescue Service and the Kessling Farmers & Growers Association \
              met Germany and Deutsche Bank officials in Zürich.";
    assert_eq!(
        kind_of(t2, "Ostrava Provincial Fire and Rescue Service"),
        Some(MentionKind::Organization),
        "{:?}",
        seen(t2)
    );
    assert_eq!(
        kind_of(t2, "Kessling Farmers & Growers Association"),
        Some(MentionKind::Organization),
        "{:?}",
        seen(t2)
    );
    assert!(
        kind_of(t2, "Germany and Deutsche Bank").is_none(),
        "{:?}",
        seen(t2)
    );
    // The title's complement runs to the name.
    assert!(person("Piotr Ålund"), "{kinds:?}");
    // A pronoun's contraction is not a name, inside a quotation either.
    let t = "Ålund said the plan \"works for both sides.\" \"I think we're close to a deal. We'll find out,\" \
             Ålund said. \"It’s done, we’re told.\"";
    let kinds = seen(t);
    assert!(
        !kinds.iter().any(|&(n, _)| n == "We'll" || n == "It’s"),
        "{kinds:?}"
    );
    // A bullet's first word is an opener, not a name.
    let t = "The plan has three parts:\n- Temporary housing for every family in Kessling.\n- Free testing of wells.";
    let kinds = seen(t);
    assert!(
        !kinds.iter().any(|&(n, _)| n == "Temporary" || n == "Free"),
        "{kinds:?}"
    );
}

#[test]
fn gazetteer_names_have_a_canonical_form() {
    let t = "U.S. officials met British envoys in São Paulo; the US-drafted text went to NATO.";
    let ms = mentions(t);
    let us = mention(t, &ms, "U.S.");
    assert_eq!(us.kind, MentionKind::Place);
    assert_eq!(us.canonical.as_deref(), Some("United States"));
    assert_eq!(
        mention(t, &ms, "US").canonical.as_deref(),
        Some("United States")
    );
    assert_eq!(mention(t, &ms, "São Paulo").kind, MentionKind::Place);
    assert_eq!(mention(t, &ms, "NATO").kind, MentionKind::Organization);
    // An adjective of a country is not a mention.
    assert!(seen(t).iter().all(|(n, _)| *n != "British"));
}

#[test]
fn common_words_in_capitals_are_not_names() {
    let t = "Peace Plan talks go on. The peace plan has 12 points and the plan is long.\n\
             Hi Toblerone fans: Toblerone is back.";
    assert!(kind_of(t, "Peace Plan").is_none(), "{:?}", seen(t));
    assert_ne!(kind_of(t, "Toblerone"), Some(MentionKind::Person));
}

#[test]
fn titles_are_attached_and_normalized() {
    let t = "Secretary of the Navy Tomasz Wróbel flew in. Later, U.S. Navy Secretary Ines \
             Carvalho spoke. Secretary of Peace Hal Brook and Secretary of Harmony Hal Brook \
             are one man. Former Defence Secretary Mykola Zhuravskyy agreed, and Andriy \
             Melnyk, his chief of staff, left. Omar Haddad, a spokesman for the agency, \
             declined. The deal pleased special envoy Lea Moss.";
    let ms = mentions(t);
    let role = |name: &str| {
        let m = mention(t, &ms, name);
        let r = m
            .role
            .as_ref()
            .unwrap_or_else(|| panic!("no role for {name}"));
        (&t[r.span.clone()], r.key.as_str(), r.former)
    };
    assert_eq!(
        role("Tomasz Wróbel"),
        ("Secretary of the Navy", "secretary of the navy", false)
    );
    assert_eq!(
        role("Ines Carvalho"),
        ("U.S. Navy Secretary", "secretary of the navy", false)
    );
    assert_eq!(
        role("Mykola Zhuravskyy"),
        ("Former Defence Secretary", "secretary of defense", true)
    );
    assert_eq!(
        role("Andriy Melnyk"),
        ("chief of staff", "chief of staff", false)
    );
    assert_eq!(
        role("Omar Haddad").1,
        "spokesperson for agency",
        "appositive after the name"
    );
    assert_eq!(role("Lea Moss"), ("special envoy", "special envoy", false));
    let brook: Vec<&str> = ms
        .iter()
        .filter(|m| &t[m.span.clone()] == "Hal Brook")
        .filter_map(|m| m.role.as_ref().map(|r| r.key.as_str()))
        .collect();
    assert_eq!(brook, ["secretary of peace", "secretary of harmony"]);
}

#[test]
fn a_caption_run_into_a_title_is_left_out() {
    let t = "The rocket fell into the sea on Tuesday.\n\
             AP:Associated Press Japanese Prime Minister Aiko Tanabe called it a threat.\n\
             Reuters Japanese Chief Cabinet Secretary Kenji Morita speaks in Tokyo.\n\
             Harrowing images of the attack in Nice French President Élise Marchand returned to Paris.\n\
             Under President Wen Lihua, Beijing began a drive against graft.\n\
             The coalition includes Sandy Okoro, Lyft president Jon Zemke, and Asana co-founder Ida Ruiz.\n\
             x Share CLOSE WHAT YOU NEED TO KNOW ABOUT PAULO REIS Telsa CEO Paulo Reis said so.\n\
             Former U.S. President Dana Kroll and South Korean President Min-jun Seo spoke.\n\
             Former Costa Rican president Lia Varn said the pilot was her cousin.";
    let ms = mentions(t);
    let title = |name: &str| {
        mention(t, &ms, name)
            .role
            .as_ref()
            .map(|r| &t[r.span.clone()])
    };
    assert_eq!(title("Aiko Tanabe"), Some("Japanese Prime Minister"));
    assert_eq!(
        title("Kenji Morita"),
        Some("Japanese Chief Cabinet Secretary")
    );
    assert_eq!(title("Élise Marchand"), Some("French President"));
    assert_eq!(title("Wen Lihua"), Some("President"));
    // The title before the next name in a list is that name's.
    assert_eq!(title("Sandy Okoro"), None);
    assert_eq!(title("Paulo Reis"), Some("Telsa CEO"));
    assert_eq!(title("Dana Kroll"), Some("Former U.S. President"));
    assert_eq!(title("Min-jun Seo"), Some("South Korean President"));
    // A capitalized "Former" opening the sentence is part of a lower-case
    // title.
    assert_eq!(title("Lia Varn"), Some("Former Costa Rican president"));
    let former = mention(t, &ms, "Lia Varn").role.as_ref().map(|r| r.former);
    assert_eq!(former, Some(true));
}

/// Resolves texts given as (event, text).
fn resolve_texts<'t>(docs: &[(Option<&'t str>, &'t str)]) -> (Vec<Vec<Mention>>, Vec<Entity>) {
    let mentions: Vec<Vec<Mention>> = docs
        .iter()
        .map(|(_, t)| analyze(t, None).mentions)
        .collect();
    let input: Vec<DocMentions> = docs
        .iter()
        .zip(&mentions)
        .map(|((event, text), ms)| DocMentions {
            text,
            mentions: ms,
            event: *event,
        })
        .collect();
    let entities = resolve(&input);
    (mentions, entities)
}

/// The entity of the `nth` mention written `name` in document `doc`.
fn entity<'e>(
    docs: &[(Option<&str>, &str)],
    mentions: &[Vec<Mention>],
    entities: &'e [Entity],
    doc: usize,
    name: &str,
    nth: usize,
) -> &'e Entity {
    let text = docs[doc].1;
    let m = mentions[doc]
        .iter()
        .filter(|m| &text[m.span.clone()] == name)
        .nth(nth)
        .unwrap_or_else(|| panic!("no mention {name:?} #{nth} in doc {doc}"));
    entity_of(entities, doc, &m.span)
        .unwrap_or_else(|| panic!("no entity for {name:?} in doc {doc}: {entities:#?}"))
}

#[test]
fn an_untitled_name_that_is_a_place_elsewhere_is_that_place() {
    let docs = [
        (
            Some("a"),
            "The water rose fastest in Vellmar Falls on Sunday.",
        ),
        (
            Some("a"),
            "Families from Vellmar Falls slept in the school. Mayor Inês Kalda visited them.",
        ),
    ];
    let (mentions, entities) = resolve_texts(&docs);
    let there = entity(&docs, &mentions, &entities, 0, "Vellmar Falls", 0);
    let from = entity(&docs, &mentions, &entities, 1, "Vellmar Falls", 0);
    assert_eq!(there.kind, MentionKind::Place);
    assert_eq!(from.id, there.id);
    // A titled person stays one.
    let mayor = entity(&docs, &mentions, &entities, 1, "Inês Kalda", 0);
    assert_eq!(mayor.kind, MentionKind::Person);
}

#[test]
fn spelling_variants_and_short_forms_are_one_entity() {
    let docs = [
        (
            Some("a"),
            "President Mykola Zhuravskyy met Vice President R.J. Tamsin in Lviv. \
             Zhuravsky said the talks were useful.",
        ),
        (
            Some("a"),
            "Ukrainian President Mykola Zhuravskiy arrived. RJ Tamsin and President Zhuravskyy \
             spoke; Tamsin left early.",
        ),
        (
            Some("a"),
            "Vice President Tamsin said the summit in Łódź was a success.",
        ),
    ];
    let (ms, es) = resolve_texts(&docs);
    let z = entity(&docs, &ms, &es, 0, "Mykola Zhuravskyy", 0);
    for (doc, name) in [
        (0, "Zhuravsky"),
        (1, "Mykola Zhuravskiy"),
        (1, "Zhuravskyy"),
    ] {
        assert_eq!(entity(&docs, &ms, &es, doc, name, 0).id, z.id, "{name}");
    }
    assert_eq!(z.kind, MentionKind::Person);
    assert!(
        z.aliases.iter().any(|a| a == "Zhuravsky"),
        "{:?}",
        z.aliases
    );
    let t = entity(&docs, &ms, &es, 0, "R.J. Tamsin", 0);
    for (doc, name) in [(1, "RJ Tamsin"), (1, "Tamsin"), (2, "Tamsin")] {
        assert_eq!(entity(&docs, &ms, &es, doc, name, 0).id, t.id, "{name}");
    }
    // "Vice President Tamsin" is a role of that entity.
    assert_eq!(t.roles[0].key, "vice president");
    assert_eq!(t.roles[0].citations.len(), 2);
}

#[test]
fn a_surname_one_letter_apart_is_another_name_unless_a_spelling() {
    let docs = [(
        Some("attack"),
        "Sky reporter Mara Hollander described the attack. President Hollande returned to \
         Paris, and Hollande called the ministers. Later, Hollander filed her report. \
         Khalil Mohammad, the mayor, spoke. The port will reopen, Mohammed said.",
    )];
    let (ms, es) = resolve_texts(&docs);
    let reporter = entity(&docs, &ms, &es, 0, "Mara Hollander", 0);
    let president = entity(&docs, &ms, &es, 0, "Hollande", 0);
    assert_ne!(reporter.id, president.id, "{es:#?}");
    assert_eq!(entity(&docs, &ms, &es, 0, "Hollander", 0).id, reporter.id);
    // One vowel apart: a romanization of one name.
    let mayor = entity(&docs, &ms, &es, 0, "Khalil Mohammad", 0);
    assert_eq!(entity(&docs, &ms, &es, 0, "Mohammed", 0).id, mayor.id);
}

#[test]
fn the_gazette_is_the_one_gazette_named_in_its_event() {
    let docs = [
        (
            Some("flood"),
            "The Northern Gazette obtained the 42-page report. The Calder Hydro Authority \
             declined to comment, but the Authority said repairs had begun.",
        ),
        (
            Some("flood"),
            "According to the Gazette, the report was filed in June.",
        ),
        (
            Some("vote"),
            "The Harbor Post and the Quay Post both endorsed her; the Post of Ostra did not. \
             The Post said the count was fair.",
        ),
    ];
    let (ms, es) = resolve_texts(&docs);
    let gazette = entity(&docs, &ms, &es, 0, "Northern Gazette", 0);
    assert_eq!(entity(&docs, &ms, &es, 1, "Gazette", 0).id, gazette.id);
    let authority = entity(&docs, &ms, &es, 0, "Calder Hydro Authority", 0);
    assert_eq!(entity(&docs, &ms, &es, 0, "Authority", 0).id, authority.id);
    // Two posts in its event: "the Post" is neither.
    let post = entity(&docs, &ms, &es, 2, "Post", 0);
    assert_ne!(post.id, entity(&docs, &ms, &es, 2, "Harbor Post", 0).id);
    assert_ne!(post.id, entity(&docs, &ms, &es, 2, "Quay Post", 0).id);
}

#[test]
fn two_people_with_one_surname_stay_apart() {
    let docs = [
        (
            Some("flood"),
            "Grace Okafor, a spokeswoman for the council, said the dam held. \
             Okafor said repairs would take weeks.",
        ),
        (
            Some("flood"),
            "Daniel Okafor, the harbor's chief engineer, disagreed. Okafor said the dam \
             cracked on Monday. Grace Okafor did not reply; Okafor was travelling.",
        ),
        (Some("flood"), "Okafor declined to comment on the dam."),
        (
            Some("other event"),
            "Mr. Okafor won the chess final in Tårnby.",
        ),
    ];
    let (ms, es) = resolve_texts(&docs);
    let grace = entity(&docs, &ms, &es, 0, "Grace Okafor", 0);
    let daniel = entity(&docs, &ms, &es, 1, "Daniel Okafor", 0);
    assert_ne!(grace.id, daniel.id);
    // Nearest full name before, in the same document.
    assert_eq!(entity(&docs, &ms, &es, 0, "Okafor", 0).id, grace.id);
    assert_eq!(entity(&docs, &ms, &es, 1, "Okafor", 0).id, daniel.id);
    assert_eq!(entity(&docs, &ms, &es, 1, "Okafor", 1).id, grace.id);
    // No full name in its document: ambiguous, with both candidates.
    let bare = entity(&docs, &ms, &es, 2, "Okafor", 0);
    assert_ne!(bare.id, grace.id);
    assert_ne!(bare.id, daniel.id);
    let mut candidates = bare.candidates.clone();
    candidates.sort();
    let mut both = vec![grace.id.clone(), daniel.id.clone()];
    both.sort();
    assert_eq!(candidates, both);
    // Another event has no Okafor of its own: the surname stays ambiguous
    // across the corpus too, never silently merged.
    let other = entity(&docs, &ms, &es, 3, "Okafor", 0);
    assert_ne!(other.id, grace.id);
    assert_ne!(other.id, daniel.id);
    assert_eq!(other.candidates.len(), 2);
}

#[test]
fn organizations_and_places_merge_by_canonical_name_and_acronym() {
    let docs = [
        (None, "The British Coastal Police said the U.S. would help."),
        (
            None,
            "BCP officers and United States divers searched the bay near Tårnby.",
        ),
    ];
    let (ms, es) = resolve_texts(&docs);
    let us = entity(&docs, &ms, &es, 0, "U.S.", 0);
    assert_eq!(us.name, "United States");
    assert_eq!(entity(&docs, &ms, &es, 1, "United States", 0).id, us.id);
    let police = entity(&docs, &ms, &es, 0, "British Coastal Police", 0);
    assert_eq!(police.kind, MentionKind::Organization);
    // The acronym joins the name only within a group: both are in the
    // group of documents without an event.
    assert_eq!(entity(&docs, &ms, &es, 1, "BCP", 0).id, police.id);
}

#[test]
fn entity_ids_are_stable_and_serializable() {
    let docs = [(None, "Lea Moss met Ravi Menon in Lisbon. Moss left.")];
    let (ms, es) = resolve_texts(&docs);
    let (_, es2) = resolve_texts(&docs);
    assert_eq!(es, es2);
    assert_eq!(es[0].id, "e1");
    assert_eq!(es[0].name, "Lea Moss");
    assert_eq!(es[0].mentions.len(), 2);
    assert_eq!(ms[0].len(), 4);
    let json = serde_json::to_value(&es).unwrap();
    assert_eq!(json[0]["kind"], "person");
    assert_eq!(json[0]["aliases"][0], "Moss");
}
