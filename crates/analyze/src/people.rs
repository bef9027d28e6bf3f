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
    CALENDAR, DETERMINER, FEMALE, GIVEN_NAME, HE, MALE, ORG_WORD, PRONOUN, SHE, STARTER, TITLE,
};
use crate::tokens::Tok;

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

pub(crate) fn people(text: &str, toks: &[Tok], sent_starts: &[bool]) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    // Names, first words and last words of the people found so far.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let n = toks.len();
    let mut i = 0;
    while i < n {
        if !toks[i].is_cap() {
            i += 1;
            continue;
        }
        // A maximal run of name tokens from i.
        let mut j = i;
        while j < n {
            let t = &toks[j];
            let word = &text[t.start..t.end];
            let ok = if t.word {
                t.is_cap() && !t.is(CALENDAR)
                    || (j > i
                        && (is_particle(word) || word == "of" || word == "the")
                        && toks.get(j + 1).is_some_and(|x| x.is_cap()))
            } else {
                is_abbrev_period(toks, j)
            };
            if !ok || (j > i && t.newlines_before > 0) {
                break;
            }
            // A possessive ends the run after itself.
            j += 1;
            if t.word && (word.ends_with("'s") || word.ends_with("’s")) {
                break;
            }
        }
        let run = i..j;
        i = j.max(i + 1);
        if let Some(p) = person_in(text, toks, run, sent_starts, &out, &index) {
            let name = &text[p.name.clone()];
            let at = out.len();
            index.insert(name, at);
            if let Some((first, _)) = name.split_once(' ') {
                index.insert(first, at);
            }
            if let Some((_, last)) = name.rsplit_once(' ') {
                index.insert(last, at);
            }
            out.push(p);
        }
    }
    out
}

fn person_in(
    text: &str,
    toks: &[Tok],
    run: Range<usize>,
    sent_starts: &[bool],
    earlier: &[Person],
    index: &HashMap<&str, usize>,
) -> Option<Person> {
    let mut a = run.start;
    let b = run.end;
    // Sentence openers and pronouns are capitalized but not names.
    while a < b
        && toks[a].word
        && (toks[a].is(PRONOUN)
            || toks[a].is(DETERMINER)
            || (sent_starts[a] && toks[a].is(STARTER) && !toks[a].is(TITLE)))
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
        }
        while name_start < b && !toks[name_start].word {
            name_start += 1;
        }
    }
    let name: Vec<usize> = (name_start..b).filter(|&k| toks[k].word).collect();
    if name.is_empty() {
        return None;
    }
    if name
        .iter()
        .any(|&k| toks[k].is(ORG_WORD) && !toks[k].is(GIVEN_NAME))
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
    let multi =
        name.len() >= 2 && !(name.len() == 2 && sent_starts[first] && toks[first].is(STARTER));
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
        .map(|&i| &earlier[i]);
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
        title,
        gender,
    })
}
