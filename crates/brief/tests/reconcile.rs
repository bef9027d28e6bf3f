//! Reconciling one fictional event's quantities and titles.

use std::ops::Range;
use storyline_brief::{BriefDoc, QuantityFact, TitleFact, reconcile};
use storyline_core::DocumentId;

fn doc<'a>(id: &str, text: &'a str, published: Option<i64>) -> BriefDoc<'a> {
    BriefDoc {
        id: DocumentId(id.into()),
        text,
        sentences: vec![],
        skipped: vec![],
        duplicate_of: None,
        published,
    }
}

fn span(text: &str, what: &str) -> Range<usize> {
    let s = text.find(what).unwrap();
    s..s + what.len()
}

fn q(docs: &[BriefDoc], d: usize, value: f64, counted: &str, what: &str) -> QuantityFact {
    QuantityFact {
        doc: d,
        value,
        counted: counted.into(),
        span: span(docs[d].text, what),
    }
}

fn t(docs: &[BriefDoc], d: usize, entity: &str, role: &str, what: &str) -> TitleFact {
    TitleFact {
        doc: d,
        entity: entity.into(),
        role: role.into(),
        former: false,
        span: span(docs[d].text, what),
    }
}

const A: &str = "A strike on Ostrava’s port killed at least seven people, officials said.";
const B: &str = "The strike killed at least 12 people, the mayor said — “a dark day”.";

#[test]
fn different_counts_without_dates_are_a_difference() {
    let docs = [doc("a", A, None), doc("b", B, None)];
    let facts = [
        q(&docs, 0, 7.0, "killed", "at least seven"),
        q(&docs, 1, 12.0, "killed", "at least 12"),
    ];
    let r = reconcile(&docs, &facts, &[]);
    assert!(r.agreements.is_empty());
    assert_eq!(r.conflicts.len(), 1);
    let c = &r.conflicts[0];
    assert_eq!(
        (c.kind.as_str(), c.about.as_str()),
        ("difference", "killed")
    );
    assert_eq!(c.values[0].text, "at least seven");
    assert_eq!(c.values[1].text, "at least 12");
    assert_eq!(c.values[1].citations[0].document.as_str(), "b");
}

#[test]
fn counts_of_people_or_time_alone_are_not_one_figure() {
    let a = "Brenmoor, a market town of about 9,000 people, told residents to boil water for five days.";
    let b = "The old mill was home to about 600 people; the inquiry will report within 90 days. The advisory lasts seven days.";
    let docs = [doc("a", a, None), doc("b", b, None)];
    let facts = [
        q(&docs, 0, 9000.0, "people", "about 9,000 people"),
        q(&docs, 1, 600.0, "people", "about 600 people"),
        q(&docs, 0, 5.0, "days", "five days"),
        q(&docs, 1, 90.0, "days", "90 days"),
        q(&docs, 0, 5.0, "days of advisory", "five days"),
        q(&docs, 1, 7.0, "days of advisory", "seven days"),
    ];
    let r = reconcile(&docs, &facts, &[]);
    assert!(r.agreements.is_empty());
    // Only the key that says what is counted is compared.
    let about: Vec<&str> = r.conflicts.iter().map(|c| c.about.as_str()).collect();
    assert_eq!(about, ["days of advisory"]);
}

#[test]
fn a_later_different_count_is_an_update() {
    let t1 = "By noon 50 people had been killed in the quake, rescuers said.";
    let t2 = "Rescuers now say 59 people were killed in the quake in Lérida.";
    // Passed latest first: the update still lists values in time order.
    let docs = [doc("late", t2, Some(2_000)), doc("early", t1, Some(1_000))];
    let facts = [
        q(&docs, 0, 59.0, "killed", "59 people"),
        q(&docs, 1, 50.0, "killed", "50 people"),
    ];
    let r = reconcile(&docs, &facts, &[]);
    assert_eq!(r.conflicts.len(), 1);
    let c = &r.conflicts[0];
    assert_eq!(c.kind, "update");
    assert_eq!(c.values[0].text, "50 people");
    assert_eq!(c.values[1].text, "59 people");
    // Without a time on one side it is only a difference.
    let docs = [doc("late", t2, Some(2_000)), doc("early", t1, None)];
    let facts = [
        q(&docs, 0, 59.0, "killed", "59 people"),
        q(&docs, 1, 50.0, "killed", "50 people"),
    ];
    assert_eq!(
        reconcile(&docs, &facts, &[]).conflicts[0].kind,
        "difference"
    );
}

#[test]
fn equal_counts_agree() {
    let t3 = "Seven people were killed in the strike on the port of Ostrava.";
    let docs = [doc("a", A, None), doc("c", t3, Some(5))];
    let facts = [
        q(&docs, 0, 7.0, "killed", "at least seven"),
        q(&docs, 1, 7.0, "killed", "Seven people"),
        // One source alone is neither agreement nor conflict.
        q(&docs, 1, 1.0, "ports", "the port"),
    ];
    let r = reconcile(&docs, &facts, &[]);
    assert!(r.conflicts.is_empty());
    assert_eq!(r.agreements.len(), 1);
    let a = &r.agreements[0];
    assert_eq!((a.about.as_str(), a.sources), ("killed", 2));
    assert_eq!(a.value.text, "at least seven");
    assert_eq!(a.value.citations.len(), 2);
}

#[test]
fn two_titles_of_one_person_differ() {
    let t1 = "Secretary of Peace Pál Hegedűs will be briefed.";
    let t2 = "Secretary of Concord Pál Hegedűs will be briefed, as will Army Secretary Dana Kroll.";
    let t3 = "Secretary of Peace Pál Hegedűs and Secretary of the Army Dana Kroll met.";
    let docs = [doc("x", t1, None), doc("y", t2, None), doc("z", t3, None)];
    let title = |d: usize, entity: &str, role: &str, what: &str| t(&docs, d, entity, role, what);
    let titles = [
        title(0, "hegedus", "secretary of peace", "Secretary of Peace"),
        title(1, "hegedus", "secretary of concord", "Secretary of Concord"),
        title(2, "hegedus", "secretary of peace", "Secretary of Peace"),
        title(1, "kroll", "secretary of the army", "Army Secretary"),
        title(2, "kroll", "secretary of the army", "Secretary of the Army"),
    ];
    let r = reconcile(&docs, &[], &titles);
    assert_eq!(r.conflicts.len(), 1);
    let c = &r.conflicts[0];
    assert_eq!((c.kind.as_str(), c.about.as_str()), ("title", "hegedus"));
    assert_eq!(c.values.len(), 2);
    assert_eq!(
        c.values[0].citations.len(),
        2,
        "x and z say Secretary of Peace"
    );
    assert_eq!(c.values[1].text, "Secretary of Concord");
    assert_eq!(r.agreements.len(), 1);
    assert_eq!(r.agreements[0].about, "kroll");
}

#[test]
fn facts_in_skipped_passages_or_bad_spans_are_ignored() {
    let text = "Ten were hurt. Ten were hurt.";
    let mut d = doc("r", text, None);
    d.skipped = std::iter::once(15..text.len()).collect();
    let other = doc("s", "Eleven were hurt.", None);
    let docs = [d, other];
    let facts = [
        QuantityFact {
            doc: 0,
            value: 10.0,
            counted: "hurt".into(),
            span: 0..3,
        },
        QuantityFact {
            doc: 0,
            value: 10.0,
            counted: "hurt".into(),
            span: 15..18,
        },
        QuantityFact {
            doc: 1,
            value: 11.0,
            counted: "hurt".into(),
            span: 0..6,
        },
        QuantityFact {
            doc: 1,
            value: 11.0,
            counted: "hurt".into(),
            span: 0..600,
        },
        QuantityFact {
            doc: 9,
            value: 11.0,
            counted: "hurt".into(),
            span: 0..1,
        },
    ];
    let r = reconcile(&docs, &facts, &[]);
    assert_eq!(r.conflicts.len(), 1);
    assert_eq!(r.conflicts[0].values[0].citations.len(), 1);
}

/// A shortened title ("envoy" for "special envoy") is the same title, not a
/// difference.
#[test]
fn a_shortened_title_is_the_same_title() {
    let t1 = "Special Envoy Ilse Várkonyi flew to Osaka.";
    let t2 = "The envoy, Ilse Várkonyi, landed in 大阪 at dawn.";
    let docs = [doc("a", t1, None), doc("b", t2, None)];
    let titles = [
        TitleFact {
            doc: 0,
            entity: "varkonyi".into(),
            role: "special envoy".into(),
            former: false,
            span: span(t1, "Special Envoy"),
        },
        TitleFact {
            doc: 1,
            entity: "varkonyi".into(),
            role: "envoy".into(),
            former: false,
            span: span(t2, "envoy"),
        },
    ];
    let out = reconcile(&docs, &[], &titles);
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    assert_eq!(out.agreements.len(), 1);
    assert_eq!(out.agreements[0].sources, 2);
}

#[test]
fn values_of_different_things_under_one_word_are_no_difference() {
    let a = "North Korea fired three missiles on Tuesday; it has fired 21 missiles since February.";
    let b = "Officials said four missiles were launched at dawn near Hwaseong.";
    let c = "Seoul counted three missiles, and the 1,600 officers on duty were told to stay; 12 people were hurt.";
    let d = "Police said 5,700 officers were deployed across the province; 14 people were hurt.";
    let e = "A 4-year-old boy fell into the moat. Rescuers reached the boy within 10 minutes; 15 people were hurt.";
    let f = "The 3-year-old boy was unhurt, the zoo said, and 34 inches of snow fell at Erie.";
    let g = "Snowfall reached 24.5 inches by Tuesday at 2107 GMT.";
    let docs = [
        doc("a", a, None),
        doc("b", b, None),
        doc("c", c, None),
        doc("d", d, None),
        doc("e", e, None),
        doc("f", f, None),
        doc("g", g, None),
    ];
    let facts = [
        // A gives two values of "missiles": it counts two things.
        q(&docs, 0, 3.0, "missiles", "three missiles"),
        q(&docs, 0, 21.0, "missiles", "21 missiles"),
        q(&docs, 1, 4.0, "missiles", "four missiles"),
        q(&docs, 2, 3.0, "missiles", "three missiles"),
        // More than threefold apart: a city's officers and a province's.
        q(&docs, 2, 1600.0, "officers", "1,600 officers"),
        q(&docs, 3, 5700.0, "officers", "5,700 officers"),
        // An age says nothing of the event.
        q(&docs, 4, 4.0, "boy", "4-year-old boy"),
        q(&docs, 5, 3.0, "boy", "3-year-old boy"),
        // Units of measure and times of day.
        q(&docs, 5, 34.0, "inches", "34 inches"),
        q(&docs, 6, 24.5, "inches", "24.5 inches"),
        q(&docs, 6, 2107.0, "gmt", "2107 GMT"),
        // One figure told three ways is a difference.
        q(&docs, 2, 12.0, "people hurt", "12 people"),
        q(&docs, 3, 14.0, "people hurt", "14 people"),
        q(&docs, 4, 15.0, "people hurt", "15 people"),
    ];
    let r = reconcile(&docs, &facts, &[]);
    let about: Vec<&str> = r.conflicts.iter().map(|c| c.about.as_str()).collect();
    assert_eq!(about, ["people hurt"], "{:?}", r.conflicts);
    assert_eq!(r.conflicts[0].values.len(), 3);
    // The value two sources give is still an agreement.
    let agreed: Vec<(&str, &str)> = r
        .agreements
        .iter()
        .map(|a| (a.about.as_str(), a.value.text.as_str()))
        .collect();
    assert_eq!(agreed, [("missiles", "three missiles")]);
}

#[test]
fn a_title_conflict_is_one_office_named_two_ways() {
    let t1 = "Chief Cabinet Secretary Aiko Sato said the launch was a threat. Reporter with Tōyō Shimbun in Paris Léon Ba wrote it.";
    let t2 = "Government spokesperson Aiko Sato spoke on Friday. Reporter for Tōyō Shimbun Léon Ba asked. Environment Minister Rui Kano left.";
    let t3 = "Minister of Water Resources Rui Kano arrived.";
    let docs = [doc("x", t1, None), doc("y", t2, None), doc("z", t3, None)];
    let title = |d: usize, entity: &str, role: &str, what: &str| t(&docs, d, entity, role, what);
    let titles = [
        // Two offices one person holds at once: no conflict.
        title(
            0,
            "sato",
            "chief cabinet secretary",
            "Chief Cabinet Secretary",
        ),
        title(
            1,
            "sato",
            "government spokesperson",
            "Government spokesperson",
        ),
        // One office in other words: one title, an agreement.
        title(
            0,
            "ba",
            "reporter with tōyō shimbun in paris",
            "Reporter with Tōyō Shimbun in Paris",
        ),
        title(
            1,
            "ba",
            "reporter for tōyō shimbun",
            "Reporter for Tōyō Shimbun",
        ),
        // One office, two names: a conflict.
        title(1, "kano", "minister of environment", "Environment Minister"),
        title(
            2,
            "kano",
            "minister of water resources",
            "Minister of Water Resources",
        ),
    ];
    let r = reconcile(&docs, &[], &titles);
    let about: Vec<&str> = r.conflicts.iter().map(|c| c.about.as_str()).collect();
    assert_eq!(about, ["kano"]);
    let agreed: Vec<(&str, usize)> = r
        .agreements
        .iter()
        .map(|a| (a.about.as_str(), a.sources))
        .collect();
    assert_eq!(agreed, [("ba", 2)]);
}

#[test]
fn a_former_office_and_the_same_office_now_differ() {
    let t1 = "Nice's Mayor Jules Arnaud visited the promenade.";
    let t2 = "Former Mayor of Nice Jules Arnaud, now the regional president, spoke. Former mayor Jules Arnaud left.";
    let docs = [doc("x", t1, None), doc("y", t2, None)];
    let title = |d: usize, role: &str, former: bool, what: &str| TitleFact {
        former,
        ..t(&docs, d, "arnaud", role, what)
    };
    let titles = [
        title(0, "mayor of nice", false, "Mayor"),
        title(1, "mayor of nice", true, "Former Mayor of Nice"),
        // Shortened, and former too: the same title as the one above.
        title(1, "mayor", true, "Former mayor"),
    ];
    let r = reconcile(&docs, &[], &titles);
    assert_eq!(r.conflicts.len(), 1, "{r:?}");
    let values: Vec<&str> = r.conflicts[0]
        .values
        .iter()
        .map(|v| v.text.as_str())
        .collect();
    // In the order the documents give them.
    assert_eq!(values, ["Mayor", "Former Mayor of Nice"]);
}
