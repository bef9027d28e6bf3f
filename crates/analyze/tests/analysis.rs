//! Quantities, dates and outlet attributions on made-up news, and the
//! one-call analysis.

use storyline_analyze::{
    Analysis, Analyzer, AttributionKind, DateKind, Granularity, Qualifier, Rules, analyze,
};

/// 2025-11-26T12:00:00Z, a Wednesday.
const WEDNESDAY: i64 = 1_764_158_400;

struct Q<'a> {
    text: &'a str,
    value: f64,
    unit: Option<String>,
    counted: Option<String>,
    qualifier: Option<Qualifier>,
}

fn quantities(text: &str) -> Vec<Q<'_>> {
    analyze(text, None)
        .quantities
        .into_iter()
        .map(|q| Q {
            text: &text[q.span.clone()],
            value: q.value,
            unit: q.unit,
            counted: q.counted,
            qualifier: q.qualifier,
        })
        .collect()
}

fn quantity<'a>(text: &'a str, span: &str) -> Q<'a> {
    quantities(text)
        .into_iter()
        .find(|q| q.text == span)
        .unwrap_or_else(|| {
            let all: Vec<&str> = quantities(text).iter().map(|q| q.text).collect();
            panic!("no quantity {span:?} in {all:?}")
        })
}

#[test]
fn numbers_in_digits_and_words_with_what_they_count() {
    let t = "The strike on Vellmar killed at least seven people, and at least 12 were \
             injured. The council backed a 28-point plan and a 30-day truce.";
    let q = quantity(t, "at least seven people");
    assert_eq!(q.value, 7.0);
    assert_eq!(q.qualifier, Some(Qualifier::AtLeast));
    assert_eq!(q.counted.as_deref(), Some("people killed"));
    let q = quantity(t, "28-point plan");
    assert_eq!((q.value, q.unit.as_deref()), (28.0, Some("point")));
    assert_eq!(q.counted.as_deref(), Some("points of plan"));
    let q = quantity(t, "30-day truce");
    assert_eq!((q.value, q.unit.as_deref()), (30.0, Some("day")));
    let t = "Nearly 1.5 million euros and $850,000 were raised; more than 40 percent came \
             from about 2,300 donors, up to twenty-five of them in Łódź. Seven people were \
             hurt.";
    let q = quantity(t, "Nearly 1.5 million euros");
    assert_eq!((q.value, q.unit.as_deref()), (1_500_000.0, Some("eur")));
    assert_eq!(q.qualifier, Some(Qualifier::Nearly));
    let q = quantity(t, "$850,000");
    assert_eq!((q.value, q.unit.as_deref()), (850_000.0, Some("usd")));
    let q = quantity(t, "more than 40 percent");
    assert_eq!(q.qualifier, Some(Qualifier::MoreThan));
    assert_eq!(q.unit.as_deref(), Some("percent"));
    let q = quantity(t, "about 2,300 donors");
    assert_eq!((q.value, q.qualifier), (2300.0, Some(Qualifier::About)));
    assert_eq!(quantity(t, "up to twenty-five").value, 25.0);
    assert_eq!(
        quantity(t, "Seven people were hurt").counted.as_deref(),
        Some("people hurt")
    );
    // What happened to them, after "still", "now" or "remain".
    let t = "Nowicki said 11 people were still unaccounted for, and 37 people remain stranded in Łęczyca.";
    assert_eq!(
        quantity(t, "11 people were still unaccounted")
            .counted
            .as_deref(),
        Some("people missing")
    );
    assert_eq!(
        quantity(t, "37 people remain stranded").counted.as_deref(),
        Some("people stranded")
    );
    // A verb whose past tense does not end in "-ed" ends the counted noun.
    let t = "About 2,000 people spent the night in Łęczyca's school; 40 families fled.";
    assert_eq!(
        quantity(t, "About 2,000 people").counted.as_deref(),
        Some("people")
    );
    assert_eq!(
        quantity(t, "40 families").counted.as_deref(),
        Some("families")
    );
    // A word in "-ing" between a singular and a plural modifies the plural;
    // after a plural it is a participle.
    let t =
        "Zoë Hartley sent two army engineering companies; 200 soldiers manning checkpoints stayed.";
    assert_eq!(
        quantity(t, "two army engineering companies")
            .counted
            .as_deref(),
        Some("army engineering companies")
    );
    assert_eq!(
        quantity(t, "200 soldiers").counted.as_deref(),
        Some("soldiers")
    );
}

#[test]
fn tolls_of_dated_happenings_told_in_passing_are_marked() {
    let marked = |text: &str, span: &str| -> bool {
        analyze(text, None)
            .quantities
            .into_iter()
            .find(|q| &text[q.span.clone()] == span)
            .unwrap_or_else(|| panic!("no quantity {span:?}"))
            .of_dated_happening
    };
    let cases = [
        // A relative clause of a happening named by a month, a date or a year.
        (
            "Engineers blamed the gates after the February flood in Tarrow Ford, which killed three people.",
            "three people",
            true,
        ),
        (
            "It was the worst since the Nov. 13 attacks that killed 130 people in Paris.",
            "130 people",
            true,
        ),
        (
            "Survivors of the 2015 quake, which killed nearly 9,000 people, rebuilt in Kathmandu.",
            "nearly 9,000 people",
            true,
        ),
        (
            "Tōhoku’s earthquake of March 2011, which killed more than 15,000 people, moved Honshū.",
            "more than 15,000 people",
            true,
        ),
        // The report's own happening: no date in the noun phrase.
        (
            "The strike on Vellmar, which killed seven people, hit a school.",
            "seven people",
            false,
        ),
        (
            "The strike that killed seven people hit a school on Sunday.",
            "seven people",
            false,
        ),
        // A date elsewhere in the sentence, behind a comma, is not the noun phrase's.
        (
            "On March 3, the strike, which killed seven people, hit a school.",
            "seven people",
            false,
        ),
        (
            "The storm killed four people in February.",
            "four people",
            false,
        ),
        // "May" alone is as often the verb.
        (
            "Officials say the blast that killed 14 people may have been an accident.",
            "14 people",
            false,
        ),
    ];
    for (text, span, expected) in cases {
        assert_eq!(marked(text, span), expected, "{text}");
    }
}

#[test]
fn years_scores_and_names_are_not_quantities() {
    let t = "In 2019 the team won 3-2 under Article 5, and one official said so.";
    assert!(
        quantities(t).is_empty(),
        "{:?}",
        quantities(t).iter().map(|q| q.text).collect::<Vec<_>>()
    );
}

fn dates(text: &str, published: Option<i64>) -> Analysis {
    analyze(text, published)
}

#[test]
fn absolute_dates_resolve_without_a_publication_time() {
    let t = "The war began in February 2022. Talks failed on Feb. 12, 2024, and in the \
             summer of 2024; a decree of 3 March 2023 and the 1990s were cited.";
    let a = dates(t, None);
    let got: Vec<(&str, Option<&str>, Option<&str>)> = a
        .dates
        .iter()
        .map(|d| (&t[d.span.clone()], d.start.as_deref(), d.end.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("February 2022", Some("2022-02-01"), Some("2022-02-28")),
            ("Feb. 12, 2024", Some("2024-02-12"), Some("2024-02-12")),
            ("the summer of 2024", Some("2024-06-01"), Some("2024-08-31")),
            ("3 March 2023", Some("2023-03-03"), Some("2023-03-03")),
            ("the 1990s", Some("1990-01-01"), Some("1999-12-31")),
        ]
    );
    assert!(a.dates.iter().all(|d| d.kind == DateKind::Absolute));
}

/// A date inside a relative clause, or after "since", tells the background
/// of its sentence.
#[test]
fn dates_in_relative_clauses_are_background() {
    let t = "The breach opened beside the spillway, which had been under repair since a smaller \
             flood last month. Durand, who visited Łęczyca on Sunday, on Monday gave the authority \
             30 days. Okafor, an engineer who inspected the dam in the summer of 2023, spoke. \
             The minister flew to Kyiv, where she met the mayor on Tuesday. It broke where a gate \
             jammed before the March 2 flood. After the strike on Monday, the deadliest since the \
             summer of 2024, crews worked since dawn; the first flood since 1959.";
    let got: Vec<(&str, bool)> = dates(t, Some(WEDNESDAY))
        .dates
        .iter()
        .map(|d| (&t[d.span.clone()], d.background))
        .collect();
    assert_eq!(
        got,
        [
            ("last month", true),
            ("Sunday", true),
            ("Monday", false),
            ("the summer of 2023", true),
            ("Tuesday", false),
            ("March 2", true),
            // After "since": the news is not then.
            ("Monday", false),
            ("the summer of 2024", true),
            ("1959", true),
        ]
    );
}

/// Each date of `text` published on [`WEDNESDAY`], with its first day.
fn resolved_dates(text: &str) -> Vec<(&str, Option<String>)> {
    dates(text, Some(WEDNESDAY))
        .dates
        .into_iter()
        .map(|d| (&text[d.span.clone()], d.start))
        .collect()
}

#[test]
fn relative_dates_resolve_against_the_publication_time() {
    let t = "The mayor spoke on Tuesday and will travel on Friday. Last week was calm; \
             yesterday was not. Two days ago the ferry sank. Officials met Feb. 12.";
    let resolved = dates(t, Some(WEDNESDAY));
    let got: Vec<(&str, Option<&str>)> = resolved
        .dates
        .iter()
        .map(|d| (&t[d.span.clone()], d.start.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("Tuesday", Some("2025-11-25")),
            ("Friday", Some("2025-11-28")),
            ("Last week", Some("2025-11-17")),
            ("yesterday", Some("2025-11-25")),
            ("Two days ago", Some("2025-11-24")),
            // Past tense, months ahead: the February before.
            ("Feb. 12", Some("2025-02-12")),
        ]
    );
    assert_eq!(resolved.dates[2].granularity, Granularity::Week);
    assert_eq!(resolved.dates[2].end.as_deref(), Some("2025-11-23"));
    // Without a publication time they stay relative.
    let kept = dates(t, None);
    assert_eq!(kept.dates.len(), 6);
    assert!(kept.dates.iter().all(|d| d.start.is_none()));
    assert_eq!(kept.dates[0].kind, DateKind::Relative);
    // A day without a year: ahead when the sentence looks ahead, or when it
    // is within a month.
    let t = "The council will vote Feb. 12 in Zürich. The levy takes effect Dec. 1.";
    assert_eq!(
        resolved_dates(t),
        [
            ("Feb. 12", Some("2026-02-12".into())),
            ("Dec. 1", Some("2025-12-01".into()))
        ]
    );
    // Published on a Wednesday, "Wednesday" is that day, in the future tense
    // too; a week on is "next Wednesday".
    let t = "Crews are expected to reach Saint-Rémy by Wednesday night. The inquiry opens next Wednesday. \
             Its plan is due to be published on Friday.";
    assert_eq!(
        resolved_dates(t),
        [
            ("Wednesday", Some("2025-11-26".into())),
            ("next Wednesday", Some("2025-12-03".into())),
            ("Friday", Some("2025-11-28".into())),
        ]
    );
}

#[test]
fn anchored_dates_and_times() {
    let t = "Aides hoped for a deal before the 100th day of his second term. The ferry left \
             at 6am and again at 10:30 p.m. from Tårnby.";
    let a = dates(t, Some(WEDNESDAY));
    let anchored = &a.dates[0];
    assert_eq!(
        &t[anchored.span.clone()],
        "the 100th day of his second term"
    );
    assert_eq!(anchored.kind, DateKind::Anchored);
    assert!(anchored.start.is_none());
    let times: Vec<(&str, Option<&str>)> = a.dates[1..]
        .iter()
        .map(|d| (&t[d.span.clone()], d.time.as_deref()))
        .collect();
    assert_eq!(
        times,
        [("6am", Some("06:00")), ("10:30 p.m.", Some("22:30"))]
    );
}

#[test]
fn attributions_to_other_outlets() {
    let t = "The envoy will fly to Vellmar, CNN reports. \"It is close,\" Mayor Ana Ruiz said, \
             per the AP. According to reports from the Financial Times, the deal is done. \
             Ruiz told Reuters that she agreed, and in a post on X she thanked Zoë Ålund. \
             The New York Times reported the same; Ruiz, posting on her social media \
             platform Truth Social, said nothing more. A CNN poll and the letter X mean \
             nothing.";
    let a = analyze(t, None);
    let got: Vec<(&str, &str, &str, AttributionKind)> = a
        .attributions
        .iter()
        .map(|o| {
            (
                &t[o.outlet.clone()],
                o.name.as_str(),
                &t[o.cue.clone()],
                o.kind,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("CNN", "CNN", "reports", AttributionKind::Report),
            ("AP", "Associated Press", "per", AttributionKind::Report),
            (
                "Financial Times",
                "Financial Times",
                "According to reports from",
                AttributionKind::Report
            ),
            ("Reuters", "Reuters", "told", AttributionKind::Interview),
            ("X", "X", "in a post on", AttributionKind::Post),
            (
                "The New York Times",
                "The New York Times",
                "reported",
                AttributionKind::Report
            ),
            (
                "Truth Social",
                "Truth Social",
                "posting on",
                AttributionKind::Post
            ),
        ]
    );
}

#[test]
fn one_call_gives_everything_and_the_analyzer_seam_agrees() {
    let t = "“We will rebuild,” said Mayor Zoë Ålund on Tuesday, per the AP. At least \
             seven people died in Vellmar.";
    let a = analyze(t, Some(WEDNESDAY));
    assert_eq!(a.sentences.len(), 2);
    assert_eq!(a.quotes.len(), 1);
    assert_eq!(
        a.quotes[0].speaker_name.clone().map(|r| &t[r]),
        Some("Zoë Ålund")
    );
    // The quote's speaker is a person mention with its title.
    let m = a
        .mentions
        .iter()
        .find(|m| Some(&m.span) == a.quotes[0].speaker_name.as_ref())
        .expect("the speaker is a mention");
    assert_eq!(m.role.as_ref().map(|r| r.key.as_str()), Some("mayor"));
    assert_eq!(a.quantities.len(), 1);
    assert_eq!(a.dates.len(), 1);
    assert_eq!(a.attributions.len(), 1);
    assert_eq!(Rules.analyze(t, Some(WEDNESDAY)), a);
    assert_eq!(Rules.mentions(t), a.mentions);
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["dates"][0]["start"], "2025-11-25");
    assert_eq!(json["quantities"][0]["qualifier"], "at_least");
    assert_eq!(json["attributions"][0]["kind"], "report");
}
