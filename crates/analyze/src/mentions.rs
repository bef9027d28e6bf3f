//! Mentions of people, organizations and places.
//!
//! Every capitalized run that [`crate::people`] finds is a candidate: the
//! ones it reads as a person become person mentions with their title
//! ([`crate::roles`]); the others are trimmed of sentence openers and
//! articles, joined across "for", "of" and "and" when they name an
//! organization ("Foundation for Defense of Democracies"), and typed in
//! this order: a gazetteer name as a whole ("U.S.", "White House", "New
//! York Times"), a last word that marks an organization ("Corp.",
//! "Ministry", "Party", "News", "Times") or a place ("River", "Province");
//! else the run is split around the gazetteer names it holds, and what is
//! left is an organization when it is an acronym ("FBI"), a place after
//! "in" or "near", or `Other`. A capitalized word that the text also writes
//! in lower case ("Peace Plan", "War") is not a name. A bare surname that
//! a person of the same text carries becomes a person ("Zelensky" after
//! "Volodymyr Zelenskyy"), including spelling variants ([`name_fold`]).
//!
//! Mentions do not overlap and come in text order.

use std::ops::Range;

use crate::gazetteer::{self, Entry, GazKind};
use crate::lexicon::{CUE, DETERMINER, GIVEN_NAME, INDIRECT, PRONOUN, STANCE, STARTER, TITLE};
use crate::people::Run;
use crate::quotes::Doc;
use crate::roles;
use crate::types::{Mention, MentionKind};

/// Last words that make a capitalized phrase an organization.
pub(crate) fn is_org_suffix(w: &str) -> bool {
    matches!(
        w,
        "corp"
            | "corporation"
            | "inc"
            | "incorporated"
            | "co"
            | "ltd"
            | "llc"
            | "plc"
            | "ag"
            | "gmbh"
            | "sa"
            | "group"
            | "company"
            | "companies"
            | "bank"
            | "authority"
            | "ministry"
            | "department"
            | "agency"
            | "office"
            | "bureau"
            | "commission"
            | "committee"
            | "council"
            | "party"
            | "union"
            | "association"
            | "foundation"
            | "institute"
            | "institution"
            | "university"
            | "college"
            | "school"
            | "academy"
            | "hospital"
            | "court"
            | "senate"
            | "congress"
            | "parliament"
            | "assembly"
            | "army"
            | "navy"
            | "police"
            | "force"
            | "forces"
            | "guard"
            | "corps"
            | "brigade"
            | "regiment"
            | "battalion"
            | "command"
            | "service"
            | "services"
            | "news"
            | "times"
            | "post"
            | "journal"
            | "tribune"
            | "herald"
            | "gazette"
            | "press"
            | "network"
            | "channel"
            | "radio"
            | "tv"
            | "television"
            | "media"
            | "club"
            | "fc"
            | "league"
            | "federation"
            | "organization"
            | "organisation"
            | "coalition"
            | "alliance"
            | "fund"
            | "trust"
            | "capital"
            | "partners"
            | "holdings"
            | "industries"
            | "airlines"
            | "airways"
            | "motors"
            | "technologies"
            | "labs"
            | "laboratories"
            | "systems"
            | "church"
            | "administration"
            | "government"
            | "cabinet"
            | "society"
            | "center"
            | "centre"
            | "board"
            | "reserve"
            | "exchange"
            | "studios"
            | "entertainment"
            | "brigades"
            | "movement"
            | "front"
            | "international"
            | "engineering"
            | "construction"
            | "consulting"
            | "energy"
            | "electric"
            | "wire"
            | "works"
            | "solutions"
            | "logistics"
            | "shipping"
            | "pharmaceuticals"
            | "insurance"
            | "securities"
            | "telecom"
            | "communications"
            | "aerospace"
            | "ledger"
            | "courier"
            | "sentinel"
            | "chronicle"
            | "observer"
            | "dispatch"
            | "bulletin"
            // A surname too ("John Branch"), but a given name before it
            // makes a person first, and a bare one that is a person's
            // surname in the text stays theirs.
            | "branch"
            | "division"
            | "directorate"
            | "inspectorate"
            | "secretariat"
            | "tribunal"
            | "observatory"
            | "museum"
            | "zoo"
    )
}

/// Last words that make a capitalized phrase a place.
pub(crate) fn is_place_suffix(w: &str) -> bool {
    matches!(
        w,
        "city"
            | "county"
            | "province"
            | "region"
            | "oblast"
            | "island"
            | "islands"
            | "street"
            | "avenue"
            | "road"
            | "square"
            | "park"
            | "river"
            | "lake"
            | "mountain"
            | "mountains"
            | "valley"
            | "bay"
            | "sea"
            | "ocean"
            | "peninsula"
            | "strait"
            | "airport"
            | "dam"
            | "reservoir"
            | "canal"
            | "harbor"
            | "harbour"
            | "bridge"
            | "station"
            | "district"
            | "village"
            | "town"
            | "heights"
            | "beach"
            | "coast"
            | "desert"
            | "canyon"
            | "border"
    )
}

/// Prepositions after which an unknown capitalized name is a place.
pub(crate) fn is_place_preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "near" | "outside" | "across" | "throughout" | "around" | "into"
    )
}

/// A letter of a name read the same in every spelling: "Zelenskyy",
/// "Zelenskiy" and "Zelensky" all read "zelenski".
fn fold_char(c: char) -> Option<char> {
    let c = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ł' | 'ľ' | 'ĺ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' | 'ŕ' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' | 'y' => 'i',
        'ź' | 'ż' | 'ž' => 'z',
        'ß' => 's',
        c if c.is_alphanumeric() => c,
        _ => return None,
    };
    Some(c)
}

/// A name as spelling variants and transliterations agree on it: lower
/// case, accents dropped, "y" read as "i", doubled letters as one,
/// punctuation dropped ("J.D." and "JD" both read "jd").
pub(crate) fn name_fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut last = ' ';
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() || c == '-' {
            if last != ' ' {
                out.push(' ');
                last = ' ';
            }
            continue;
        }
        let Some(f) = fold_char(c) else { continue };
        if f != last {
            out.push(f);
            last = f;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Where capitalization says nothing: a sentence start, after an opening
/// quotation mark, a colon or a bullet.
fn is_opener(doc: &Doc, k: usize) -> bool {
    doc.sent_start[k]
        || doc.toks[k].newlines_before > 0
        || (k > 0
            && !doc.toks[k - 1].word
            && matches!(
                doc.toks[k - 1].first,
                '"' | '“' | '‘' | '\'' | ':' | '-' | '•' | '(' | '—' | '–' | '«'
            ))
}

/// Appends a word of a name to a gazetteer key, without a possessive.
fn push_name_word(key: &mut String, w: &str) {
    gazetteer::push_key_word(key, crate::tokens::without_possessive(w));
}

/// The gazetteer entry of tokens `r` as a whole, if any.
fn gaz_entry(doc: &Doc, r: &Range<usize>) -> Option<&'static Entry> {
    let g = gazetteer::get();
    let mut key = String::with_capacity(32);
    let mut words = 0;
    for k in r.clone() {
        let t = &doc.toks[k];
        if !t.word {
            continue;
        }
        words += 1;
        if words > g.max_words {
            return None;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        push_name_word(&mut key, doc.word(k));
    }
    if key.is_empty() {
        return None;
    }
    g.find(&key, &doc.text[doc.bytes(r)])
}

/// The longest gazetteer name starting at token `k` and ending within
/// `end`: its end and entry.
fn gaz_at(doc: &Doc, k: usize, end: usize) -> Option<(usize, &'static Entry)> {
    let g = gazetteer::get();
    let mut best = None;
    let mut key = String::with_capacity(32);
    let mut words = 0;
    let mut j = k;
    while j < end && words < g.max_words {
        let t = &doc.toks[j];
        if t.word {
            if !key.is_empty() {
                key.push(' ');
            }
            push_name_word(&mut key, doc.word(j));
            words += 1;
            // A name ends on a word (or the period of "U.S.").
            let mut e = j + 1;
            if e < end && doc.toks[e].is_punct('.') && doc.toks[j].dotted {
                e += 1;
            }
            if let Some(entry) = g.find(&key, &doc.text[doc.toks[k].start..doc.toks[j].end]) {
                best = Some((e, entry));
            }
        }
        j += 1;
    }
    best
}

/// Lower-case word before the first "of" of `r`: "ministry" in "Ministry
/// of Fisheries".
fn head_before_of(doc: &Doc, r: &Range<usize>) -> Option<String> {
    let of = r
        .clone()
        .find(|&k| doc.toks[k].is_lower() && matches!(doc.word(k), "of" | "for" | "on"))?;
    (of > r.start && doc.toks[of - 1].word).then(|| doc.word(of - 1).to_lowercase())
}

/// Lower-case last word of token range `r`.
fn last_word(doc: &Doc, r: &Range<usize>) -> Option<String> {
    r.clone().rev().find(|&k| doc.toks[k].word).map(|k| {
        doc.word(k)
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .to_lowercase()
    })
}

/// A name written in capitals that is not a word: "FBI", "NATO", "F.B.I".
fn is_acronym(doc: &Doc, k: usize) -> bool {
    let t = &doc.toks[k];
    let w = doc.word(k);
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    t.word
        && (2..=6).contains(&letters)
        && w.chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&' || c.is_ascii_digit())
        && t.flags == 0
        && !doc.is_lower_elsewhere(k)
}

/// Mentions of a text from its capitalized runs.
pub(crate) fn mentions(doc: &Doc, runs: &[Run]) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::with_capacity(runs.len());
    // Surnames of the people of the text, folded: a bare one is a name
    // even where every word is capitalized.
    let mut surnames: Vec<String> = runs
        .iter()
        .filter_map(|r| r.person.as_ref())
        .filter_map(|p| {
            let name = &doc.text[p.name.clone()];
            name.rsplit_once(' ').map(|(_, last)| name_fold(last))
        })
        .collect();
    surnames.sort_unstable();
    surnames.dedup();
    let mut r = 0;
    while r < runs.len() {
        let run = &runs[r];
        if let Some(p) = &run.person {
            let titled = !p.title.is_empty();
            if titled {
                in_title(doc, p.title.clone(), &mut out);
            }
            let role = titled
                .then(|| roles::role_of(doc, p.title.clone()))
                .flatten()
                .or_else(|| roles::title_before(doc, p.name_toks.start))
                .or_else(|| roles::title_after(doc, p.name_toks.end));
            out.push(Mention {
                span: p.name.clone(),
                kind: MentionKind::Person,
                role,
                canonical: None,
            });
            r += 1;
            continue;
        }
        let mut toks = trim_openers(doc, run.toks.clone());
        // "US-based Mondelez International": the place of a compound
        // adjective, then the name.
        if toks.len() > 1 && hyphen_compound(doc, toks.start) {
            leftover(doc, toks.start..toks.start + 1, false, &surnames, &mut out);
            toks.start += 1;
        }
        if toks.is_empty() {
            r += 1;
            continue;
        }
        // "Foundation for Defense of Democracies": an organization goes on
        // over a connector into the next run.
        let mut joined = false;
        while let Some(next) = runs.get(r + 1) {
            let over_connector = next.person.is_none()
                && connector_between(doc, toks.end, next.toks.start, joined)
                    .is_some_and(|gap| is_org(doc, &toks) || (joined && gap));
            if !over_connector && (joined || !and_completes_org(doc, &toks, next)) {
                break;
            }
            toks.end = next.toks.end;
            joined = true;
            r += 1;
        }
        classify(doc, toks, joined, &surnames, &mut out);
        r += 1;
    }
    promote_surnames(doc, &mut out);
    out
}

/// A capitalized word with a lower-case part after a hyphen: "US-based".
fn hyphen_compound(doc: &Doc, k: usize) -> bool {
    doc.toks[k].word
        && doc
            .word(k)
            .split_once('-')
            .is_some_and(|(_, post)| post.starts_with(char::is_lowercase))
}

/// "Calder Provincial Fire and Rescue Service", "Ostra Valley Farmers &
/// Growers Association": a name of two words or more that is neither an
/// organization nor a known name itself, "and" or "&", then a short run whose last
/// word marks an organization. Names joined by "and" are otherwise two
/// ("Germany and Deutsche Bank").
fn and_completes_org(doc: &Doc, toks: &Range<usize>, next: &Run) -> bool {
    let words = doc.toks[toks.clone()].iter().filter(|t| t.word).count();
    next.person.is_none()
        && org_after_and(doc, toks.end) == Some(next.toks.end)
        && words >= 2
        && !is_org(doc, toks)
        && gaz_entry(doc, toks).is_none()
        && last_word(doc, toks).is_none_or(|w| !is_place_suffix(&w))
}

/// "… and Rescue Service", "… & Growers Association": when token `k` is
/// "and" or "&" and one to three capitalized words after it end in an
/// organization word, the end of those words (exclusive). What comes before
/// `k` is then the first half of an organization's name.
pub(crate) fn org_after_and(doc: &Doc, k: usize) -> Option<usize> {
    let and = (doc.is_word(k, "and") && doc.toks[k].is_lower())
        || (k < doc.toks.len() && doc.word(k) == "&");
    if !and {
        return None;
    }
    let last = (k + 1..doc.toks.len().min(k + 4))
        .take_while(|&j| doc.toks[j].word && doc.toks[j].is_cap())
        .last()?;
    is_org_suffix(&doc.word(last).to_lowercase()).then_some(last + 1)
}

/// Whether the tokens between two runs join them into one organization's
/// name: "for", "of", "on", "&", "of the", "for the"; "and" only inside a
/// name already joined ("Center for Strategic and International Studies").
/// Returns whether the connector was "and".
fn connector_between(doc: &Doc, end: usize, next: usize, joined: bool) -> Option<bool> {
    if next <= end || next > end + 2 {
        return None;
    }
    let first = doc.word(end);
    let ok = match next - end {
        1 => matches!(first, "for" | "of" | "on" | "&") || (first == "and" && joined),
        _ => matches!(first, "for" | "of" | "on") && doc.word(end + 1) == "the",
    };
    (ok && doc.toks[end].space_before).then_some(first == "and")
}

/// An organization's name by its last word, its head before "of"
/// ("Ministry of Fisheries") or the gazetteer.
fn is_org(doc: &Doc, r: &Range<usize>) -> bool {
    last_word(doc, r).is_some_and(|w| is_org_suffix(&w))
        || head_before_of(doc, r).is_some_and(|w| is_org_suffix(&w))
        || gaz_entry(doc, r).is_some_and(|e| e.kind.mention_kind() == MentionKind::Organization)
}

/// Drops sentence openers, pronouns and articles at the start of a run,
/// and a title without a name ("Secretary of State" alone).
fn trim_openers(doc: &Doc, r: Range<usize>) -> Range<usize> {
    let toks = &doc.toks;
    let mut a = r.start;
    while a < r.end {
        let t = &toks[a];
        if !t.word {
            a += 1;
            continue;
        }
        let opener = is_opener(doc, a);
        let drop = t.is(PRONOUN)
            || t.is(DETERMINER)
            || crate::people::is_interjection(doc.word(a))
            || (opener && t.is(STARTER) && !t.is(TITLE))
            || (opener
                && a + 1 < r.end
                && !doc.is_proper(doc.word(a))
                && doc.is_lower_elsewhere(a)
                && gaz_at(doc, a, r.end).is_none());
        if !drop {
            break;
        }
        a += 1;
    }
    let mut e = r.end;
    while e > a && !toks[e - 1].word && !toks[e - 1].is_punct('.') {
        e -= 1;
    }
    a..e
}

/// Types the run `r` (see the module documentation) and pushes its
/// mentions.
fn classify(doc: &Doc, r: Range<usize>, joined: bool, surnames: &[String], out: &mut Vec<Mention>) {
    let toks = &doc.toks;
    // Titles without a name: "the President", "Secretary of State said".
    let words: Vec<usize> = r.clone().filter(|&k| toks[k].word).collect();
    if words.is_empty() {
        return;
    }
    let last = last_word(doc, &r).unwrap_or_default();
    if words
        .iter()
        .all(|&k| toks[k].is(TITLE) || is_title_complement(doc, k))
        && !is_org_suffix(&last)
    {
        return;
    }
    let span = name_span(doc, &r);
    if let Some(e) = gaz_entry(doc, &r) {
        if e.kind != GazKind::Demonym {
            push(out, span, e.kind.mention_kind(), Some(e.canonical));
        } else if doc.text[span.clone()].ends_with('s') {
            // "Ukrainians", "Brits": people, not an adjective.
            push(out, span, MentionKind::Other, None);
        }
        return;
    }
    if joined
        || (words.len() > 1
            && (is_org_suffix(&last) || head_before_of(doc, &r).is_some_and(|w| is_org_suffix(&w))))
    {
        push(out, span, MentionKind::Organization, None);
        return;
    }
    if words.len() > 1 && is_place_suffix(&last) {
        push(out, span, MentionKind::Place, None);
        return;
    }
    // "Chicago Cubs", "Vellmar Rovers": a place, then a plural name.
    if words.len() > 1
        && toks[words[0]].is_cap()
        && last.ends_with('s')
        && !last.ends_with("'s")
        && let Some((e, entry)) = gaz_at(doc, r.start, r.end)
        && matches!(
            entry.kind,
            GazKind::City | GazKind::State | GazKind::Country
        )
        && e < r.end
        && gaz_at(doc, e, r.end).is_none()
    {
        push(out, span, MentionKind::Organization, None);
        return;
    }
    // Split around the gazetteer names inside.
    let mut pending = r.start;
    let mut k = r.start;
    while k < r.end {
        if toks[k].is_cap()
            && let Some((e, entry)) = gaz_at(doc, k, r.end)
        {
            leftover(doc, pending..k, pending > r.start, surnames, out);
            if entry.kind != GazKind::Demonym {
                push(
                    out,
                    name_span(doc, &(k..e)),
                    entry.kind.mention_kind(),
                    Some(entry.canonical),
                );
            }
            k = e;
            pending = e;
            continue;
        }
        k += 1;
    }
    leftover(doc, pending..r.end, pending > r.start, surnames, out);
}

/// "of State" after "Secretary": part of a title.
fn is_title_complement(doc: &Doc, k: usize) -> bool {
    let toks = &doc.toks;
    doc.is_word(k, "of")
        || doc.is_word(k, "the")
        || (k >= 2 && doc.is_word(k - 1, "of") && toks[k - 2].is(TITLE))
        || (k >= 3
            && doc.is_word(k - 1, "the")
            && doc.is_word(k - 2, "of")
            && toks[k - 3].is(TITLE))
}

/// A piece of a run that no gazetteer name covers.
fn leftover(
    doc: &Doc,
    r: Range<usize>,
    after_gazetteer_name: bool,
    surnames: &[String],
    out: &mut Vec<Mention>,
) {
    let toks = &doc.toks;
    let mut r = r;
    while r.start < r.end && !(toks[r.start].word && toks[r.start].is_cap()) {
        r.start += 1;
    }
    while r.end > r.start && !toks[r.end - 1].word && !toks[r.end - 1].is_punct('.') {
        r.end -= 1;
    }
    let words: Vec<usize> = r.clone().filter(|&k| toks[k].word).collect();
    if words.is_empty() {
        return;
    }
    // Titles and common words capitalized: not names.
    if words.iter().all(|&k| {
        toks[k].is(TITLE)
            || doc.is_lower_elsewhere(k)
            || is_title_complement(doc, k)
            || toks[k].is(DETERMINER)
            || toks[k].is(STARTER)
    }) {
        return;
    }
    // "@CentralCoastCouncil", "#Election2016": handles and tags.
    if r.start > 0 && !toks[r.start].space_before && matches!(toks[r.start - 1].first, '@' | '#') {
        return;
    }
    let span = name_span(doc, &r);
    if words.len() == 1 {
        let k = words[0];
        if matches!(
            doc.word(k),
            "Mon" | "Tue" | "Tues" | "Wed" | "Thu" | "Thur" | "Thurs" | "Fri" | "Sat" | "Sun"
        ) {
            return;
        }
        // "We'll", "It's", "They’re": a pronoun's contraction, capitalized
        // inside a quotation the sentences do not split.
        if let Some((stem, _)) = doc.word(k).split_once(['\'', '’'])
            && matches!(
                stem.to_lowercase().as_str(),
                "i" | "we"
                    | "you"
                    | "he"
                    | "she"
                    | "it"
                    | "they"
                    | "that"
                    | "there"
                    | "here"
                    | "what"
                    | "who"
                    | "let"
            )
        {
            return;
        }
        // "US-drafted", "Russia-backed": the place before the hyphen.
        let w = doc.word(k);
        if hyphen_compound(doc, k)
            && let Some((pre, _)) = w.split_once('-')
        {
            let mut key = String::new();
            push_name_word(&mut key, pre);
            if let Some(e) = gazetteer::get().find(&key, pre)
                && e.kind != GazKind::Demonym
            {
                let s = doc.toks[k].start;
                push(
                    out,
                    s..s + pre.len(),
                    e.kind.mention_kind(),
                    Some(e.canonical),
                );
            }
            return;
        }
        if is_acronym(doc, k) {
            push(out, span, MentionKind::Organization, None);
            return;
        }
        // A word capitalized only where every word is, unless it is the
        // surname of someone in the text or the subject of a reporting
        // verb ("Okafor declined", not "Officials said").
        // A plural opener is a common noun ("Residents said", "Insurers
        // warned"); a surname that ends in s is kept through `surnames`.
        let subject = toks[k].flags == 0
            && !doc.word(k).ends_with('s')
            && toks
                .get(k + 1)
                .is_some_and(|t| t.is_lower() && t.is(CUE | STANCE | INDIRECT));
        if is_opener(doc, k)
            && !doc.is_proper(doc.word(k))
            && surnames.binary_search(&name_fold(doc.word(k))).is_err()
            && !subject
        {
            return;
        }
        // "Congress", "Parliament" written alone.
        if is_org_suffix(&doc.word(k).to_lowercase()) {
            push(out, span, MentionKind::Organization, None);
            return;
        }
    }
    let before = (0..r.start)
        .rev()
        .take(2)
        .find(|&j| toks[j].word && !doc.is_word(j, "the"));
    let kind = if before.is_some_and(|j| toks[j].is_lower() && is_place_preposition(doc.word(j))) {
        MentionKind::Place
    } else if words.len() >= 2 && toks[words[0]].is(GIVEN_NAME) && after_gazetteer_name {
        // "United Nations Nikki Haley": the rest of a run after a name of
        // the gazetteer, opening with a given name, is a person.
        MentionKind::Person
    } else {
        MentionKind::Other
    };
    push(out, span, kind, None);
}

/// Titles inside a person's title prefix that are names of their own:
/// "U.S." in "U.S. Army Secretary", "FBI" in "FBI Director".
fn in_title(doc: &Doc, r: Range<usize>, out: &mut Vec<Mention>) {
    let mut k = r.start;
    while k < r.end {
        if doc.toks[k].is_cap() {
            if let Some((e, entry)) = gaz_at(doc, k, r.end) {
                if entry.kind != GazKind::Demonym {
                    push(
                        out,
                        name_span(doc, &(k..e)),
                        entry.kind.mention_kind(),
                        Some(entry.canonical),
                    );
                }
                k = e;
                continue;
            }
            if is_acronym(doc, k) {
                push(out, doc.bytes(&(k..k + 1)), MentionKind::Organization, None);
            }
        }
        k += 1;
    }
}

/// The bytes of a name: without a possessive "'s", with the period of an
/// abbreviation at its end ("U.S.", "Corp.").
fn name_span(doc: &Doc, r: &Range<usize>) -> Range<usize> {
    let mut r = r.clone();
    // A sentence's period after a short name ("in Kyiv.") is not the
    // name's; an abbreviation's is ("U.S.", "Corp.").
    if r.len() > 1 && doc.toks[r.end - 1].is_punct('.') {
        let p = &doc.toks[r.end - 2];
        let abbrev = p.word
            && (p.dotted
                || p.end - p.start == 1
                || p.is(crate::lexicon::ABBR_MAY_END | crate::lexicon::ABBR_NEVER_ENDS));
        if !abbrev {
            r.end -= 1;
        }
    }
    let r = &r;
    let bytes = doc.bytes(r);
    let s = &doc.text[bytes.clone()];
    for suffix in ["'s", "’s"] {
        if let Some(stem) = s.strip_suffix(suffix) {
            return bytes.start..bytes.start + stem.len();
        }
    }
    bytes
}

fn push(out: &mut Vec<Mention>, span: Range<usize>, kind: MentionKind, canonical: Option<&str>) {
    if span.is_empty() || out.last().is_some_and(|m| m.span.end > span.start) {
        return;
    }
    out.push(Mention {
        span,
        kind,
        role: None,
        canonical: canonical.map(str::to_string),
    });
}

/// A bare name that is the surname of a person of the same text (in any
/// spelling) is that person's mention.
fn promote_surnames(doc: &Doc, out: &mut [Mention]) {
    let mut surnames: Vec<String> = out
        .iter()
        .filter(|m| m.kind == MentionKind::Person)
        .filter_map(|m| {
            let name = &doc.text[m.span.clone()];
            name.rsplit_once(' ').map(|(_, last)| name_fold(last))
        })
        .collect();
    if surnames.is_empty() {
        return;
    }
    surnames.sort_unstable();
    surnames.dedup();
    for m in out.iter_mut() {
        if m.kind != MentionKind::Other {
            continue;
        }
        let name = &doc.text[m.span.clone()];
        if !name.contains(' ') && surnames.binary_search(&name_fold(name)).is_ok() {
            m.kind = MentionKind::Person;
        }
    }
}
