//! Reconciling what the sources of one event say about the same thing.
//!
//! Callers pass one event's documents and facts at a time, so facts from
//! different events are never compared: "at least 12 killed" in an earlier
//! strike is not a difference with "at least seven killed" in this one.
//! Aligning facts is by key only: the normalized string of what is counted
//! (`"killed"`, `"points in the plan"`) and the entity id; producing those
//! keys is the analyze stage's job.

use crate::summary::BriefDoc;
use serde::Serialize;
use std::ops::Range;
use storyline_core::{Citation, CitedText, Conflict};

/// The sources of one value: (document index, span), one per document.
type Sources = Vec<(usize, Range<usize>)>;
/// The distinct values of one key, in order of first mention.
type Values<V> = Vec<(V, Sources)>;

/// A number one document gives for something counted.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityFact {
    /// Index of the document in the slice passed to [`reconcile`].
    pub doc: usize,
    pub value: f64,
    /// What is counted, normalized ("killed", "points in the plan"): facts
    /// are aligned on it.
    pub counted: String,
    /// The quantity's text ("at least seven"), cited verbatim.
    pub span: Range<usize>,
}

/// A title one document gives a person.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleFact {
    pub doc: usize,
    /// The entity the title belongs to (an entity id of the report).
    pub entity: String,
    /// The title normalized to a role key: "Secretary of the Army" and
    /// "Army Secretary" share one key, "Secretary of War" and "Secretary of
    /// Defense" do not.
    pub role: String,
    /// The title is no longer held ("former mayor of Nice"): another title
    /// than the same office held now.
    pub former: bool,
    /// The title's text, cited verbatim.
    pub span: Range<usize>,
}

/// Sources that give the same value for the same thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// "quantity" or "title".
    pub kind: String,
    /// What is counted, or the entity id.
    pub about: String,
    /// The value as the first source wrote it, with one citation per source.
    pub value: CitedText,
    /// How many distinct documents agree (at least 2).
    pub sources: usize,
}

/// What [`reconcile`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reconciled {
    pub agreements: Vec<Agreement>,
    /// `kind` is "difference" (values differ), "update" (a later source
    /// revises the figure) or "title" (an entity carries different titles).
    pub conflicts: Vec<Conflict>,
}

/// Whether `counted` says how many people, or how long, and nothing about
/// what: "a town of 9,000 people" and "home to about 600 people", or "to
/// report within 90 days" and "boil water for at least five days", are not
/// one figure, so they are neither an agreement nor a difference. "people
/// killed", "people missing", "fatalities" and "days of truce" say what is
/// counted.
fn says_only_how_many(counted: &str) -> bool {
    matches!(
        counted,
        "people"
            | "persons"
            | "residents"
            | "inhabitants"
            | "citizens"
            | "civilians"
            | "children"
            | "adults"
            | "men"
            | "women"
            | "others"
            | "seconds"
            | "minutes"
            | "hours"
            | "days"
            | "weeks"
            | "months"
            | "years"
            | "decades"
    )
}

/// Whether `counted` is a unit of measure, a time of day or a unit of play,
/// which say how much but not of what: "34 inches" and "24.5 inches" of
/// snow (a day's and a week's), "2107 GMT" and "2206 GMT" (two launches),
/// "just six laps" and "71 laps", "three runs" and "two runs" are not one
/// figure told twice. Keys are matched on their first word ("yards of
/// field goal").
fn measures_without_what(counted: &str) -> bool {
    let head = counted.split_whitespace().next().unwrap_or("");
    matches!(
        head,
        "inch"
            | "inches"
            | "foot"
            | "feet"
            | "yard"
            | "yards"
            | "mile"
            | "miles"
            | "meter"
            | "meters"
            | "metre"
            | "metres"
            | "km"
            | "kilometers"
            | "kilometres"
            | "kg"
            | "kilograms"
            | "lb"
            | "lbs"
            | "ton"
            | "tons"
            | "tonnes"
            | "metric"
            | "mph"
            | "magnitude"
            | "degrees"
            | "gmt"
            | "utc"
            | "edt"
            | "est"
            | "bst"
            | "cet"
            | "games"
            | "seasons"
            | "innings"
            | "outs"
            | "laps"
            | "runs"
            | "points"
            | "races"
            | "sacks"
            | "plays"
            | "sets"
            | "rounds"
            | "matches"
    )
}

/// Whether a quantity's text gives an age ("a 4-year-old boy", "the
/// 26-year-old male"): an attribute of one person, and the key ("boy")
/// does not say whose.
fn is_age(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "year-old",
        "year old",
        "month-old",
        "month old",
        "years-old",
        "years old",
    ]
    .iter()
    .any(|a| t.contains(a))
}

/// Two reports of one figure seldom differ threefold. Values further apart
/// than this from every other value of their key count something else: a
/// total and a part ("14,086 companies", "two companies"), this attack and
/// all attacks ("eight people killed", "more than 20,000 people"), the
/// released and the abducted ("21 schoolgirls", "more than 200"). On
/// giveme5w1h, every pair of values judged one figure told differently lies
/// within 3 (the furthest: "up to 44 million Brits", "more than 15 million").
pub const SAME_FIGURE_RATIO: f64 = 3.0;

/// The values of one key that tell one figure differently: those whose
/// every source gives no other value of the key (a report that gives two
/// values of it counts two things: "three missiles" in the launch and "21
/// missiles" this year), within [`SAME_FIGURE_RATIO`] of another such
/// value.
fn one_figure(values: &Values<f64>) -> Values<f64> {
    let mut given: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (_, sources) in values {
        for (doc, _) in sources {
            *given.entry(*doc).or_default() += 1;
        }
    }
    let clean: Vec<&(f64, Sources)> = values
        .iter()
        .filter(|(_, sources)| sources.iter().all(|(doc, _)| given[doc] == 1))
        .collect();
    let near = |a: f64, b: f64| {
        let (lo, hi) = (a.abs().min(b.abs()), a.abs().max(b.abs()));
        lo > 0.0 && hi <= lo * SAME_FIGURE_RATIO
    };
    clean
        .iter()
        .enumerate()
        .filter(|(i, (a, _))| {
            clean
                .iter()
                .enumerate()
                .any(|(j, (b, _))| j != *i && near(*a, *b))
        })
        .map(|(_, v)| (*v).clone())
        .collect()
}

/// Aligns the quantities and titles of one event's documents (see the
/// module documentation). A quantity key with several values is an
/// **update** when every source of it has a publication time and each value
/// was published strictly after all sources of the previous one (values in
/// time order), else a **difference** (values in order of first mention).
/// Facts with an invalid span, or in a skipped passage (a repeated block
/// would otherwise cite itself twice), are ignored; each document is cited
/// once per value.
pub fn reconcile(
    docs: &[BriefDoc],
    quantities: &[QuantityFact],
    titles: &[TitleFact],
) -> Reconciled {
    let mut out = Reconciled::default();
    let valid = |doc: usize, span: &Range<usize>| {
        docs.get(doc).is_some_and(|d| {
            d.text
                .get(span.clone())
                .is_some_and(|s| !s.trim().is_empty())
                && !d
                    .skipped
                    .iter()
                    .any(|s| s.start < span.end && span.start < s.end)
        })
    };

    // Quantities: key -> values (in order of first mention) -> (doc, span).
    let mut keys: Vec<(&str, Values<f64>)> = Vec::new();
    for q in quantities.iter().filter(|q| {
        valid(q.doc, &q.span)
            && q.value.is_finite()
            && !says_only_how_many(&q.counted)
            && !measures_without_what(&q.counted)
            && !is_age(&docs[q.doc].text[q.span.clone()])
    }) {
        let k = match keys.iter().position(|(k, _)| *k == q.counted) {
            Some(k) => k,
            None => {
                keys.push((&q.counted, Vec::new()));
                keys.len() - 1
            }
        };
        add(&mut keys[k].1, q.value, q.doc, q.span.clone(), |a, b| {
            a == b
        });
    }
    for (about, all) in keys {
        let mut values = one_figure(&all);
        if values.len() < 2 {
            // One value, or values of different things: each value two
            // sources give is an agreement.
            for (_, sources) in &all {
                push_agreement(&mut out, docs, "quantity", about, sources);
            }
            continue;
        }
        let kind = if is_update(docs, &mut values) {
            "update"
        } else {
            "difference"
        };
        out.conflicts.push(Conflict {
            kind: kind.to_string(),
            about: about.to_string(),
            values: values.iter().map(|(_, s)| cited(docs, s)).collect(),
        });
    }

    // Titles: entity -> role keys -> (doc, span).
    // A role: its key and whether it is a former one.
    let mut entities: Vec<(&str, Values<Role>)> = Vec::new();
    for t in titles.iter().filter(|t| valid(t.doc, &t.span)) {
        let e = match entities.iter().position(|(e, _)| *e == t.entity) {
            Some(e) => e,
            None => {
                entities.push((&t.entity, Vec::new()));
                entities.len() - 1
            }
        };
        add(
            &mut entities[e].1,
            (t.role.as_str(), t.former),
            t.doc,
            t.span.clone(),
            |a, b| a == b,
        );
    }
    for (about, mut roles) in entities {
        // A shortened title is the same title: "envoy" for "special envoy",
        // "secretary" for "secretary of state". Only titles neither of
        // which contains the other's words differ ("secretary of war",
        // "secretary of defense").
        let words =
            |key: &str| -> Vec<String> { key.split_whitespace().map(str::to_string).collect() };
        let mut merged: Values<Role> = Vec::new();
        roles.sort_by_key(|((key, _), _)| std::cmp::Reverse(words(key).len()));
        for (role, sources) in roles {
            let mine = words(role.0);
            match merged.iter_mut().find(|(longer, _)| {
                longer.1 == role.1 && mine.iter().all(|w| words(longer.0).contains(w))
            }) {
                Some((_, kept)) => join_sources(kept, sources),
                None => merged.push((role, sources)),
            }
        }
        for roles in one_office(merged) {
            if roles.len() == 1 {
                push_agreement(&mut out, docs, "title", about, &roles[0].1);
            } else {
                out.conflicts.push(Conflict {
                    kind: "title".to_string(),
                    about: about.to_string(),
                    values: roles.iter().map(|(_, s)| cited(docs, s)).collect(),
                });
            }
        }
    }
    out
}

/// Words that join a title's office to what it is of.
const ROLE_LINKS: &[&str] = &["of", "for", "at", "in", "with", "to", "on", "and", "the"];

/// A role key's office word: the word before its first link word, or its
/// last ("secretary" of "secretary of war", "spokesperson" of
/// "spokesperson for organizers of berlin event", "manager" of "chip
/// engineering manager").
fn office(key: &str) -> &str {
    let words: Vec<&str> = key.split_whitespace().collect();
    let end = words
        .iter()
        .position(|w| ROLE_LINKS.contains(w))
        .unwrap_or(words.len());
    words[..end].last().or(words.first()).copied().unwrap_or("")
}

/// One person's roles grouped by office: a title conflict is one office
/// named two ways, the same office word with qualifiers that share no
/// word ("secretary of war", "secretary of defense"; "minister of water
/// resources", "minister of environment"). Different office words are
/// roles one person can hold at once ("chief cabinet secretary" and
/// "spokesperson", "zoo director" and "president"), or one role in other
/// words ("Russian leader", "Russian President"), and are listed apart;
/// qualifiers that share a word are one office told twice ("reporter for
/// time magazine in paris", "reporter with time magazine in paris") and
/// join, the longer key first.
fn one_office(roles: Values<Role>) -> Vec<Values<Role>> {
    let qualifiers = |key: &str| -> Vec<String> {
        let head = office(key);
        key.split_whitespace()
            .filter(|w| *w != head && !ROLE_LINKS.contains(w))
            .map(str::to_string)
            .collect()
    };
    let mut offices: Vec<Values<Role>> = Vec::new();
    for (role, sources) in roles {
        let Some(group) = offices
            .iter_mut()
            .find(|g| office(g[0].0.0) == office(role.0))
        else {
            offices.push(vec![(role, sources)]);
            continue;
        };
        let mine = qualifiers(role.0);
        // A former office and the same one held now are two titles.
        match group.iter_mut().find(|(other, _)| {
            other.1 == role.1 && qualifiers(other.0).iter().any(|w| mine.contains(w))
        }) {
            Some((_, kept)) => join_sources(kept, sources),
            None => group.push((role, sources)),
        }
    }
    offices
}

/// A role key and whether the title is a former one.
type Role<'a> = (&'a str, bool);

/// Adds `sources` to `kept`, once per document.
fn join_sources(kept: &mut Sources, sources: Sources) {
    for (doc, span) in sources {
        if !kept.iter().any(|(d, _)| *d == doc) {
            kept.push((doc, span));
        }
    }
}

/// Adds a source of `value`, once per document.
fn add<V: Copy>(
    values: &mut Values<V>,
    value: V,
    doc: usize,
    span: Range<usize>,
    eq: impl Fn(V, V) -> bool,
) {
    match values.iter_mut().find(|(v, _)| eq(*v, value)) {
        Some((_, sources)) => {
            if !sources.iter().any(|(d, _)| *d == doc) {
                sources.push((doc, span));
            }
        }
        None => values.push((value, vec![(doc, span)])),
    }
}

/// Whether the values are successive revisions; if so, sorts them in time
/// order.
fn is_update(docs: &[BriefDoc], values: &mut [(f64, Sources)]) -> bool {
    let times = |sources: &[(usize, Range<usize>)]| -> Option<(i64, i64)> {
        let ts: Option<Vec<i64>> = sources.iter().map(|(d, _)| docs[*d].published).collect();
        let ts = ts?;
        Some((*ts.iter().min()?, *ts.iter().max()?))
    };
    let Some(mut spans): Option<Vec<(i64, i64, usize)>> = values
        .iter()
        .enumerate()
        .map(|(i, (_, s))| times(s).map(|(a, b)| (a, b, i)))
        .collect()
    else {
        return false;
    };
    spans.sort();
    if spans.windows(2).any(|w| w[1].0 <= w[0].1) {
        return false;
    }
    let order: Vec<usize> = spans.iter().map(|s| s.2).collect();
    let sorted: Vec<_> = order.iter().map(|&i| values[i].clone()).collect();
    values.clone_from_slice(&sorted);
    true
}

fn cited(docs: &[BriefDoc], sources: &[(usize, Range<usize>)]) -> CitedText {
    let (d, span) = &sources[0];
    CitedText {
        text: docs[*d].text[span.clone()].to_string(),
        citations: sources
            .iter()
            .map(|(d, s)| Citation {
                document: docs[*d].id.clone(),
                start: s.start,
                end: s.end,
            })
            .collect(),
    }
}

fn push_agreement(
    out: &mut Reconciled,
    docs: &[BriefDoc],
    kind: &str,
    about: &str,
    sources: &[(usize, Range<usize>)],
) {
    if sources.len() >= 2 {
        out.agreements.push(Agreement {
            kind: kind.to_string(),
            about: about.to_string(),
            value: cited(docs, sources),
            sources: sources.len(),
        });
    }
}
