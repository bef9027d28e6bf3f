//! Named mentions of people, enough to resolve "he said" or "the president
//! said" to a name: capitalized runs with their titles and a guessed gender.
//!
//! A run of capitalized words (with initials, "of the" after a title and
//! name particles such as "de" or "van") is split into a title prefix
//! ("Former Defense Secretary", "Secretary of State") and a name. The name
//! is a person's when a person title precedes it, when it starts with a
//! common given name, when it has an initial, or when it has two or more
//! words none of which marks an organization or a place ("Party",
//! "University", "New"); a single word is a person's when an earlier
//! person's name ends or starts with it ("Trump" after "Donald Trump").
//! This is deliberately simple: the cross-document entity stage refines it.

use std::collections::HashMap;
use std::ops::Range;

use crate::lexicon::{
    ADVERB, BOUNDARY, CALENDAR, CUE, DETERMINER, FEMALE, GIVEN_NAME, HE, INDIRECT, MALE, ORG_WORD,
    PERSON_NOUN, PRONOUN, SHE, STANCE, STARTER, TITLE, is_page_furniture, is_thing_noun,
};
use crate::quotes::Doc;
use crate::tokens::{Tok, without_possessive};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gender {
    Unknown,
    Male,
    Female,
}

#[derive(Clone, Debug)]
pub(crate) struct Person {
    /// Byte span of the name, without title and possessive "'s".
    pub name: Range<usize>,
    /// Token range of the name (a possessive "'s" is inside its last token).
    pub name_toks: Range<usize>,
    /// Token range of the title words before the name (may be empty).
    pub title: Range<usize>,
    pub gender: Gender,
}

fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "de" | "da"
            | "di"
            | "du"
            | "del"
            | "della"
            | "der"
            | "den"
            | "van"
            | "von"
            | "bin"
            | "ibn"
            | "al"
            | "el"
            | "la"
            | "le"
            | "ben"
            | "dos"
            | "das"
            | "st"
    )
}

fn is_all_caps(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !w.chars().any(char::is_lowercase)
}

/// Lexicon flags of a word without its possessive ("Year's" is "Year").
fn word_flags(doc: &Doc, k: usize) -> u32 {
    let w = doc.word(k);
    match without_possessive(w) {
        stem if stem.len() < w.len() => crate::lexicon::flags(stem),
        _ => doc.toks[k].flags,
    }
}

/// Evidence that capitalized words without a title or a known given name
/// are not a person's name: a number word ("Formula One"), a word of the
/// page's furniture ("Hide Caption"), a common noun for what it names just
/// before it ("the website NK Pro"), a first word
/// that places a name ("Upper Ostra", "St Aidan's"), a place's preposition
/// before it ("in Tarrow Ford"), a dateline in capitals, a last word that
/// marks an organization or a place ("Terrigal Beach", "Getty Images",
/// "Hoshino Engineering"), a first word that is a country, people or body
/// ("British Transport"), or a last word the text also writes in lower
/// case ("Express Sport").
fn unlike_a_name(doc: &Doc, name: &[usize]) -> bool {
    let (Some(&first), Some(&last)) = (name.first(), name.last()) else {
        return true;
    };
    if doc.toks[first].is(GIVEN_NAME) {
        return false;
    }
    let lower = |k: usize| without_possessive(doc.word(k)).to_lowercase();
    if name.iter().any(|&k| {
        let w = lower(k);
        matches!(
            w.as_str(),
            "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten"
        ) || is_page_furniture(&w)
    }) {
        return true;
    }
    // "Upper Ostra", "St Aidan's Hall", "North Bay": a first word that
    // places a name.
    if matches!(
        lower(first).as_str(),
        "upper"
            | "lower"
            | "north"
            | "south"
            | "east"
            | "west"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
            | "central"
            | "greater"
            | "great"
            | "little"
            | "new"
            | "old"
            | "mount"
            | "port"
            | "fort"
            | "lake"
            | "st"
            | "saint"
    ) {
        return true;
    }
    // "the website NK Pro", "the magazine Vanity Fair": a common noun for
    // an organization or a work right before it names what it is.
    if first > 0 && doc.toks[first - 1].is_lower() && is_thing_noun(doc.word(first - 1)) {
        return true;
    }
    // "in Tarrow Ford", "near Millbrook": a place's preposition before it.
    if first > 0
        && doc.toks[first - 1].is_lower()
        && crate::mentions::is_place_preposition(doc.word(first - 1))
    {
        return true;
    }
    // A dateline: capitals opening a paragraph, then a comma ("TARROW FORD,
    // Calder Province (AW) —"). A heading in capitals may be a name
    // ("FELIPE MASSA").
    let opens_paragraph = || {
        let at = doc.toks[first].start;
        doc.paras
            .get(doc.para_of(at))
            .filter(|p| p.start <= at)
            .and_then(|p| doc.text.get(p.start..at))
            .is_some_and(|before| before.trim().is_empty())
    };
    if name.iter().all(|&k| is_all_caps(doc.word(k)))
        && doc.toks.get(last + 1).is_some_and(|t| t.is_punct(','))
        && opens_paragraph()
    {
        return true;
    }
    // "Calder Provincial Fire and Rescue Service", "Ostra Valley Farmers &
    // Growers Association": the first half of an organization's name.
    if crate::mentions::org_after_and(doc, last + 1).is_some() {
        return true;
    }
    let last_lower = lower(last);
    if crate::mentions::is_org_suffix(&last_lower)
        || crate::mentions::is_place_suffix(&last_lower)
        || matches!(
            last_lower.as_str(),
            "images" | "photos" | "pictures" | "prix" | "cup" | "open" | "games"
        )
    {
        return true;
    }
    let g = crate::gazetteer::get();
    let mut key = String::new();
    crate::gazetteer::push_key_word(&mut key, &lower(first));
    if g.lookup(&key).is_some() {
        return true;
    }
    // "São Paulo", "Buenos Aires": a place's name as a whole.
    for &k in &name[1..] {
        key.push(' ');
        crate::gazetteer::push_key_word(&mut key, &lower(k));
    }
    if g.lookup(&key).is_some() {
        return true;
    }
    doc.is_lower_elsewhere(last)
}

/// Greetings and interjections that open a sentence before a name ("Hi
/// Toblerone", "Yes Minister").
pub(crate) fn is_interjection(w: &str) -> bool {
    matches!(
        w,
        "Hi" | "Hello"
            | "Hey"
            | "Yes"
            | "No"
            | "Oh"
            | "Well"
            | "Thanks"
            | "Thank"
            | "Dear"
            | "Sorry"
            | "Please"
            | "Welcome"
            | "Congratulations"
            | "Goodbye"
            | "Bye"
            | "Wow"
            | "Ok"
            | "OK"
            | "Okay"
            | "Ah"
            | "Hooray"
            | "Cheers"
    )
}

/// Whether `toks[i]` is a period right after an abbreviation or an initial
/// ("Mr.", "J.", "U.S."), which stays inside a name run.
fn is_abbrev_period(toks: &[Tok], i: usize) -> bool {
    if i == 0 || !toks[i].is_punct('.') {
        return false;
    }
    let p = &toks[i - 1];
    p.word
        && p.end == toks[i].start
        && p.is_cap()
        && (p.end - p.start == 1 || p.dotted || p.is(TITLE) || p.end - p.start <= 4)
}

/// The name of a possessive ("Trump's" → "Trump").
fn strip_possessive(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stem) = s.strip_suffix(suffix) {
            return r.start..r.start + stem.len();
        }
    }
    r
}

/// A run of capitalized words (with the initials, particles and "of the"
/// that names and titles hold), and the person it names, if any.
#[derive(Clone, Debug)]
pub(crate) struct Run {
    /// Token range: from the run's first token to the end of the person's
    /// name when it is one, else to the end of the run.
    pub toks: Range<usize>,
    pub person: Option<Person>,
}

/// Headline-case paragraphs ("Trump Says Peace Talks Are Close"): nearly
/// every content word capitalized and no final period. Inside them a
/// capitalized word is a name only when nothing says it is a common word.
fn headline_paragraphs(doc: &Doc) -> Vec<bool> {
    let toks = &doc.toks;
    let mut out = Vec::with_capacity(doc.paras.len());
    let mut k = 0;
    for p in &doc.paras {
        let (mut words, mut caps) = (0usize, 0usize);
        let mut last_period = false;
        while k < toks.len() && toks[k].start < p.end {
            let t = &toks[k];
            if t.word && t.first.is_alphabetic() && !is_small_word(doc.word(k)) {
                words += 1;
                caps += usize::from(t.is_cap());
            }
            last_period = t.is_punct('.');
            k += 1;
        }
        out.push(words >= 4 && (caps == words || (caps * 20 >= words * 17 && !last_period)));
    }
    out
}

/// Words title case leaves in lower case.
fn is_small_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "of"
            | "in"
            | "on"
            | "for"
            | "to"
            | "and"
            | "at"
            | "by"
            | "with"
            | "as"
            | "or"
            | "vs"
            | "from"
    )
}

/// In a headline-case paragraph, a capitalized word that is a common word:
/// a function word, a reporting verb, or a word written in lower case
/// elsewhere in the text.
fn headline_breaker(doc: &Doc, k: usize) -> bool {
    let t = &doc.toks[k];
    if t.is(TITLE) || t.is(GIVEN_NAME) {
        return false;
    }
    t.is(CUE | BOUNDARY | ADVERB | STARTER | DETERMINER | PRONOUN | STANCE | INDIRECT)
        || doc.is_lower_elsewhere(k)
}

/// Whether lower-case token `j` joins the capitalized words around it into
/// one name: a particle ("von der Leyen"), "of" ("Secretary of State", and
/// "of the" after a title: "Secretary of the Army"), "the" before a
/// capital.
fn connector(doc: &Doc, j: usize) -> bool {
    let toks = &doc.toks;
    let cap = |k: usize| toks.get(k).is_some_and(Tok::is_cap);
    let word = doc.word(j);
    if is_particle(word) {
        return cap(j + 1)
            || (toks.get(j + 1).is_some_and(|t| t.word)
                && is_particle(doc.word(j + 1))
                && cap(j + 2));
    }
    // After a word that heads an organization's name: "Foundation for
    // Coastal Safety", "Bank of the West", "Committee on Trade".
    let org_before = j > 0
        && toks[j - 1].is_cap()
        && crate::mentions::is_org_suffix(&doc.word(j - 1).to_lowercase());
    match word {
        "of" => {
            cap(j + 1)
                || ((org_before || (j > 0 && toks[j - 1].is(TITLE)))
                    && doc.is_word(j + 1, "the")
                    && cap(j + 2))
        }
        "for" | "on" => org_before && (cap(j + 1) || (doc.is_word(j + 1, "the") && cap(j + 2))),
        "the" => cap(j + 1) && j > 0 && matches!(doc.word(j - 1), "of" | "for" | "on"),
        _ => false,
    }
}

/// Capitalized runs in text order, each with the person it names (see the
/// module documentation).
/// An index entry for a surname that two full names share: it names no one
/// person, so a bare use of it inherits no gender.
const SHARED_SURNAME: usize = usize::MAX;

pub(crate) fn scan(doc: &Doc) -> Vec<Run> {
    let text = doc.text;
    let toks = &doc.toks;
    let sent_starts = &doc.sent_start;
    let headline = headline_paragraphs(doc);
    let mut runs: Vec<Run> = Vec::new();
    let mut people: Vec<Person> = Vec::new();
    // Names, first words and last words of the people found so far.
    let mut index: HashMap<&str, usize> = HashMap::new();
    // Surname -> the first full name with it, and the surnames two full
    // names share.
    let mut full_names: HashMap<&str, &str> = HashMap::new();
    let mut shared_surnames: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let n = toks.len();
    let mut para = 0;
    let mut i = 0;
    while i < n {
        if !toks[i].is_cap() {
            i += 1;
            continue;
        }
        while para + 1 < doc.paras.len() && doc.paras[para].end <= toks[i].start {
            para += 1;
        }
        let in_headline = headline.get(para).copied().unwrap_or(false);
        if in_headline && headline_breaker(doc, i) {
            i += 1;
            continue;
        }
        // A maximal run of name tokens from i.
        let mut j = i;
        while j < n {
            let t = &toks[j];
            let word = &text[t.start..t.end];
            let ok = if t.word {
                (t.is_cap()
                    && !t.is(CALENDAR)
                    && !(in_headline && j > i && headline_breaker(doc, j)))
                    || (j > i && t.is_lower() && connector(doc, j))
            } else {
                is_abbrev_period(toks, j)
            };
            if !ok || (j > i && (t.newlines_before > 0 || sent_starts[j])) {
                break;
            }
            // A possessive ends the run after itself.
            j += 1;
            if t.word && (word.ends_with("'s") || word.ends_with("’s")) {
                break;
            }
        }
        // A run never ends on a connector.
        while j > i + 1 && toks[j - 1].is_lower() {
            j -= 1;
        }
        let run = i..j;
        i = j.max(i + 1);
        match person_in(doc, run.clone(), &people, &index) {
            Some(p) => {
                let name = &text[p.name.clone()];
                let at = people.len();
                index.insert(
                    name,
                    if shared_surnames.contains(name) {
                        SHARED_SURNAME
                    } else {
                        at
                    },
                );
                if let Some((first, _)) = name.split_once(' ') {
                    index.insert(first, at);
                }
                // A surname two people share ("Daniel Okafor", then "the
                // mayor, Grace Okafor") names neither for sure: a bare
                // "Okafor" then takes no gender from either
                // (`SHARED_SURNAME`).
                if let Some((_, last)) = name.rsplit_once(' ') {
                    if *full_names.entry(last).or_insert(name) != name {
                        shared_surnames.insert(last);
                    }
                    let shared = shared_surnames.contains(last);
                    index.insert(last, if shared { SHARED_SURNAME } else { at });
                }
                let end = p.name_toks.end;
                // "Ruth Alder of Maine": what follows "of" is read again.
                if end < run.end {
                    i = end + 1;
                }
                people.push(p.clone());
                runs.push(Run {
                    toks: run.start..end,
                    person: Some(p),
                });
            }
            None => runs.push(Run {
                toks: run,
                person: None,
            }),
        }
    }
    runs
}

fn person_in(
    doc: &Doc,
    run: Range<usize>,
    earlier: &[Person],
    index: &HashMap<&str, usize>,
) -> Option<Person> {
    let text = doc.text;
    let toks = &doc.toks[..];
    let sent_starts = &doc.sent_start[..];
    let mut a = run.start;
    let b = run.end;
    // "GETTY Max Verstappen", "TO REPLACE OLD BATTERIES Apple": a credit or
    // a headline in capitals before a name written in mixed case.
    // A short word in capitals belongs to the kicker when one follows it
    // ("UP FRAUD ALERTS Equifax"; "US President" is no kicker).
    let short_caps = |k: usize| {
        let w = doc.word(k);
        !w.is_empty() && w.len() <= 2 && w.chars().all(|c| c.is_ascii_uppercase())
    };
    while b > a + 1
        && (is_all_caps(doc.word(a))
            || (short_caps(a) && a + 1 < b && is_all_caps(doc.word(a + 1))))
        && !is_all_caps(doc.word(b - 1))
        && toks[a].word
        && !toks[a].is(GIVEN_NAME)
    {
        a += 1;
    }
    // "Getty Images Lewis Hamilton", "AP Photo Jane Doe": a photo credit
    // run into the name after it.
    let credit = (a..b).filter(|&k| toks[k].word).find(|&k| {
        matches!(
            doc.word(k),
            "Images" | "Photo" | "Photos" | "Pictures" | "Photography"
        )
    });
    if let Some(k) = credit
        && (k + 1..b).any(|j| toks[j].word)
    {
        a = k + 1;
    }
    // The first word after such capitals opens what follows them, as a
    // sentence's first word does ("HOW THAI How Thai food ...").
    let caps_end = a;
    let opens = |k: usize| sent_starts[k] || (k == caps_end && caps_end > run.start);
    // Sentence openers, interjections and pronouns are capitalized but
    // not names.
    while a < b
        && toks[a].word
        && (toks[a].is(PRONOUN)
            || toks[a].is(DETERMINER)
            || (opens(a) && toks[a].is(STARTER) && !toks[a].is(TITLE))
            // "Atlanta-based Equifax", "Texas-born": an adjective made of a
            // place and a lower-case word.
            || doc.word(a).split_once('-').is_some_and(|(_, rest)| {
                rest.starts_with(|c: char| c.is_lowercase())
            })
            // "Reporter John Branch", "Democrat Ann Lee": who someone is,
            // capitalized only because it opens the sentence.
            || (opens(a)
                && toks[a].is(PERSON_NOUN)
                && !toks[a].is(TITLE)
                && toks.get(a + 1).is_some_and(|n| n.word && n.is(GIVEN_NAME)))
            || is_interjection(&text[toks[a].start..toks[a].end]))
    {
        a += 1;
    }
    // The title prefix ends at the last title word followed by a name.
    let words: Vec<usize> = (a..b).filter(|&k| toks[k].word).collect();
    let mut name_start = a;
    let mut titled = false;
    if let Some(&last_title) = words.iter().rev().skip(1).find(|&&k| toks[k].is(TITLE)) {
        titled = true;
        name_start = last_title + 1;
        // "Secretary of State", "Secretary of the Army": the complement of
        // the title.
        if name_start < b && &text[toks[name_start].start..toks[name_start].end] == "of" {
            name_start += 1;
            if name_start < b && &text[toks[name_start].start..toks[name_start].end] == "the" {
                name_start += 1;
            }
            if name_start < b {
                name_start += 1;
            }
            while name_start < b && toks[name_start].is(ORG_WORD) {
                name_start += 1;
            }
            // "Minister of Water Resources Tomás Varga": a complement of
            // several words runs to the given name, or, with no given name
            // known, leaves two words for the name.
            let rest: Vec<usize> = (name_start..b).filter(|&k| toks[k].word).collect();
            if rest.iter().all(|&k| toks[k].is_cap()) {
                match rest.iter().position(|&k| toks[k].is(GIVEN_NAME)) {
                    Some(i) => name_start = rest[i],
                    None if rest.len() >= 3 => name_start = rest[rest.len() - 2],
                    None => {}
                }
            }
        }
        while name_start < b && !toks[name_start].word {
            name_start += 1;
        }
    }
    // "Ruth Alder of Maine": the name ends before "of".
    let b = (name_start..b)
        .find(|&k| toks[k].is_lower() && &text[toks[k].start..toks[k].end] == "of")
        .unwrap_or(b);
    let mut name: Vec<usize> = (name_start..b).filter(|&k| toks[k].word).collect();
    if name.is_empty() {
        return None;
    }
    // "Justin Timberlake Justin Timberlake", "Equifax Equifax holds data":
    // a caption's name run into the sentence that names it again is one
    // name.
    let half = name.len() / 2;
    if name.len() >= 2
        && name.len().is_multiple_of(2)
        && (0..half).all(|i| {
            without_possessive(doc.word(name[i])) == without_possessive(doc.word(name[half + i]))
        })
    {
        name.drain(..half);
    }
    if name
        .iter()
        .any(|&k| word_flags(doc, k) & ORG_WORD != 0 && !toks[k].is(GIVEN_NAME))
    {
        return None;
    }
    let title = a..name_start;
    let title_gender = title.clone().fold(Gender::Unknown, |g, k| {
        if toks[k].is(MALE) || toks[k].is(HE) {
            Gender::Male
        } else if toks[k].is(FEMALE) || toks[k].is(SHE) {
            Gender::Female
        } else {
            g
        }
    });
    let first = name[0];
    let name_gender = if toks[first].is(GIVEN_NAME) && name.len() > 1 {
        if toks[first].is(MALE) {
            Gender::Male
        } else if toks[first].is(FEMALE) {
            Gender::Female
        } else {
            Gender::Unknown
        }
    } else {
        Gender::Unknown
    };
    let span = strip_possessive(
        text,
        toks[first].start..toks[*name.last().expect("name")].end,
    );
    let person_title = titled
        && title
            .clone()
            .any(|k| toks[k].is(TITLE) && !toks[k].is(ORG_WORD));
    let initial = name.iter().any(|&k| {
        toks[k].end - toks[k].start == 1 && toks.get(k + 1).is_some_and(|t| t.is_punct('.'))
    });
    let multi = name.len() >= 2
        && !(name.len() == 2 && opens(first) && toks[first].is(STARTER))
        && !unlike_a_name(doc, &name);
    let mut gender = if title_gender != Gender::Unknown {
        title_gender
    } else {
        name_gender
    };
    let single = &text[span.clone()];
    // An earlier person this name repeats, or whose first or last word it
    // is ("Trump" after "Donald Trump").
    let last_word = single.rsplit(' ').next().unwrap_or(single);
    let earlier_match = index
        .get(single)
        .or_else(|| index.get(last_word))
        .and_then(|&i| earlier.get(i));
    let is_person = person_title
        || (toks[first].is(GIVEN_NAME) && name.len() >= 2)
        || initial
        || multi
        || index.contains_key(single);
    if !is_person {
        return None;
    }
    if gender == Gender::Unknown {
        gender = earlier_match.map_or(Gender::Unknown, |p| p.gender);
    }
    Some(Person {
        name: span,
        name_toks: first..b,
        title,
        gender,
    })
}
