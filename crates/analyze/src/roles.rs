//! Titles and roles written with a person's name, and the key that says
//! when two titles name the same office.
//!
//! A title is found in three places: inside the capitalized run before the
//! name ("U.S. Army Secretary Dan Driscoll", from [`crate::people`]), in
//! lower case before it ("special envoy Steve Witkoff", "his chief of
//! staff, Andriy Yermak"), or as an appositive after it ("Andriy Yermak,
//! his chief of staff,"). Its key ([`role_key`]) drops what varies between
//! sources but not between offices: the country ("U.S.", "Russian"),
//! articles, periods, abbreviations ("Sen." is "senator") and the word
//! order of "Army Secretary" / "Secretary of the Army". "Former" is kept
//! apart as a flag. "Secretary of War" and "Secretary of Defense" keep
//! different keys: they are different titles, and telling the reader that
//! sources differ is the reconcile stage's job.

use std::ops::Range;

use crate::gazetteer::{self, GazKind};
use crate::lexicon::{DETERMINER, PERSON_NOUN, PRONOUN, TITLE};
use crate::quotes::Doc;
use crate::types::Role;

/// Departments that "X Secretary" and "X Minister" name, so that both word
/// orders give "secretary of X". The first word of each entry is what the
/// key writes ("foreign" is "foreign affairs").
const DEPARTMENTS: &[(&str, &str)] = &[
    ("army", "the army"),
    ("navy", "the navy"),
    ("air force", "the air force"),
    ("treasury", "the treasury"),
    ("interior", "the interior"),
    ("defense", "defense"),
    ("war", "war"),
    ("state", "state"),
    ("energy", "energy"),
    ("commerce", "commerce"),
    ("labor", "labor"),
    ("education", "education"),
    ("health", "health"),
    ("health and human services", "health and human services"),
    ("agriculture", "agriculture"),
    ("transportation", "transportation"),
    ("transport", "transport"),
    ("homeland security", "homeland security"),
    ("veterans affairs", "veterans affairs"),
    ("justice", "justice"),
    ("finance", "finance"),
    ("foreign", "foreign affairs"),
    ("foreign affairs", "foreign affairs"),
    ("home", "home affairs"),
    ("home affairs", "home affairs"),
    ("economy", "economy"),
    ("trade", "trade"),
    ("culture", "culture"),
    ("housing", "housing"),
    ("environment", "environment"),
    ("interior affairs", "the interior"),
];

/// Heads that take a department: "Defense Secretary", "Foreign Minister".
fn takes_department(w: &str) -> bool {
    matches!(w, "secretary" | "minister" | "undersecretary")
}

/// Words of the key as one office: abbreviations and gendered forms read
/// as one word.
fn canonical_word(w: &str) -> &str {
    match w {
        "sen" => "senator",
        "gov" => "governor",
        "rep" => "representative",
        "congressman" | "congresswoman" | "congressperson" => "representative",
        "gen" => "general",
        "lt" => "lieutenant",
        "col" => "colonel",
        "sgt" => "sergeant",
        "capt" => "captain",
        "cmdr" => "commander",
        "adm" => "admiral",
        "sec" | "secy" => "secretary",
        "pres" => "president",
        "prof" => "professor",
        "dr" => "doctor",
        "atty" => "attorney",
        "amb" => "ambassador",
        "dept" => "department",
        "defence" => "defense",
        "spokesman" | "spokeswoman" => "spokesperson",
        "chairman" | "chairwoman" | "chairperson" => "chair",
        "ceo" => "chief executive",
        "vp" => "vice president",
        "advisor" => "adviser",
        "councilman" | "councilwoman" => "council member",
        "assemblyman" | "assemblywoman" => "assembly member",
        w => w,
    }
}

/// Words that say the title is no longer held.
fn is_former(w: &str) -> bool {
    matches!(
        w,
        "former" | "ex" | "then" | "erstwhile" | "onetime" | "one-time"
    )
}

/// The normalized key of a title written as `words` (as in the text), and
/// whether it is a former title.
pub(crate) fn role_key<'w>(words: impl IntoIterator<Item = &'w str>) -> (String, bool) {
    let mut former = false;
    let mut raw_keys: Vec<String> = Vec::with_capacity(8);
    for raw in words {
        let raw = raw
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_end_matches(['\'', '’']);
        let mut key = String::with_capacity(raw.len());
        gazetteer::push_key_word(&mut key, raw);
        if !key.is_empty() {
            raw_keys.push(key);
        }
    }
    let mut ws: Vec<String> = Vec::with_capacity(raw_keys.len());
    for (i, key) in raw_keys.iter().enumerate() {
        let mut key = key.clone();
        // "ex-president", "then-Secretary": the prefix is a flag.
        if let Some((pre, rest)) = key.split_once('-')
            && is_former(pre)
            && !rest.is_empty()
        {
            former = true;
            key = rest.to_string();
        }
        if is_former(&key) {
            former = true;
            continue;
        }
        if matches!(
            key.as_str(),
            "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our" | "my" | "your"
        ) {
            continue;
        }
        // A country or its adjective says whose office, not which office;
        // but "European" in "European Commission President" names a body.
        let body_follows = raw_keys.get(i + 1).is_some_and(|n| {
            crate::mentions::is_org_suffix(n) && !DEPARTMENTS.iter().any(|(d, _)| d == n)
        });
        if is_country_key(&key) && ws.last().is_none_or(|l| l != "of") && !body_follows {
            continue;
        }
        ws.push(canonical_word(&key).to_string());
    }
    // "of the army" and "of army" read alike; the key writes the article
    // only where the department list does.
    let mut out: Vec<String> = Vec::with_capacity(ws.len() + 2);
    let mut i = 0;
    while i < ws.len() {
        if ws[i] == "of" {
            let rest = ws[i + 1..].join(" ");
            // "President of Ukraine" is "Ukrainian President".
            if is_country_key(&rest) {
                break;
            }
            out.push("of".into());
            match DEPARTMENTS.iter().find(|(d, _)| *d == rest) {
                Some((_, name)) => out.push((*name).to_string()),
                None if !rest.is_empty() => out.push(rest),
                None => {}
            }
            break;
        }
        out.push(ws[i].clone());
        i += 1;
    }
    // "Army Secretary", "Deputy Defense Secretary": the department before
    // the head goes after it.
    if !out.iter().any(|w| w == "of")
        && let Some(head) = out.last()
        && takes_department(head)
    {
        let head = head.clone();
        let before = &out[..out.len() - 1];
        for n in (1..=before.len().min(4)).rev() {
            let dept = before[before.len() - n..].join(" ");
            if let Some((_, name)) = DEPARTMENTS.iter().find(|(d, _)| *d == dept) {
                let mut v: Vec<String> = before[..before.len() - n].to_vec();
                v.push(head);
                v.push("of".into());
                v.push((*name).to_string());
                out = v;
                break;
            }
        }
    }
    (out.join(" "), former)
}

/// A role for the title words `toks` (a token range of `doc`), if they
/// hold a title.
pub(crate) fn role_of(doc: &Doc, toks: Range<usize>) -> Option<Role> {
    let mut r = toks;
    // Page furniture run into a caption's title ("Share CLOSE WHAT YOU NEED
    // TO KNOW ABOUT ELON MUSK Telsa CEO"): the title starts after the last
    // run of three or more words in capitals. Two may be a name ("USA
    // TODAY reporter").
    let shouted = |k: usize| {
        let w = doc.word(k);
        doc.toks[k].word
            && w.chars().count() >= 2
            && w.chars().all(|c| !c.is_lowercase())
            && w.chars().any(char::is_alphabetic)
    };
    let mut k = r.start;
    while k < r.end {
        let run_end = (k..r.end).find(|&j| !shouted(j)).unwrap_or(r.end);
        if run_end - k >= 3 && run_end < r.end {
            r.start = run_end;
        }
        k = run_end + 1;
    }
    // Nothing but title words stands before a country's adjective: "AP:
    // Associated Press Japanese Prime Minister" and "truck attack in Nice
    // French President" are a caption's credit or headline run into the
    // title ("Former U.S. President" and "South Korean President" stay).
    // (Only before the head: "president of the region of France" is whole.)
    let qualifies_head = |c: usize| (c + 1..r.end).any(|k| is_head(doc, k));
    if let Some(c) = (r.start..r.end)
        .find(|&k| doc.toks[k].is_cap() && is_country_word(doc, k) && qualifies_head(k))
    {
        let from = if c > r.start && two_word_entry(doc, c - 1) {
            c - 1
        } else {
            c
        };
        let foreign = (r.start..from).any(|k| {
            let lw = doc.word(k).to_ascii_lowercase();
            doc.toks[k].is_cap()
                && !doc.toks[k].is(TITLE)
                && !doc.toks[k].is(DETERMINER)
                && !is_modifier(&lw)
                && !is_former(&lw)
        });
        if foreign {
            r.start = from;
        }
    }
    // Not the article or possessive before a title, nor a preposition that
    // opens the sentence ("Under President Xi Jinping, Beijing …").
    while r.start < r.end
        && (!doc.toks[r.start].word
            || doc.toks[r.start].is(DETERMINER)
            || LEADING_PREPOSITIONS.contains(&doc.word(r.start).to_ascii_lowercase().as_str()))
    {
        r.start += 1;
    }
    while r.start < r.end && !doc.toks[r.end - 1].word {
        r.end -= 1;
    }
    if r.is_empty() || !r.clone().any(|k| is_head(doc, k)) {
        return None;
    }
    let (key, former) = role_key(r.clone().filter(|&k| doc.toks[k].word).map(|k| doc.word(k)));
    if key.is_empty() {
        return None;
    }
    Some(Role {
        span: doc.bytes(&r),
        key,
        former,
    })
}

/// Prepositions that can stand before a title at a sentence's start.
const LEADING_PREPOSITIONS: &[&str] = &[
    "under", "as", "with", "for", "from", "by", "like", "after", "before", "to", "at", "in", "on",
    "of", "unlike", "against",
];

/// A word that can be the head of a title.
fn is_head(doc: &Doc, k: usize) -> bool {
    let t = &doc.toks[k];
    if t.is(TITLE) {
        // Honorifics say nothing of a role.
        return !matches!(
            doc.word(k).to_ascii_lowercase().as_str(),
            "former"
                | "first"
                | "acting"
                | "deputy"
                | "mr"
                | "mrs"
                | "ms"
                | "miss"
                | "sir"
                | "dame"
                | "lord"
                | "lady"
        );
    }
    t.is(PERSON_NOUN)
        && !matches!(
            doc.word(k).to_ascii_lowercase().as_str(),
            "man"
                | "woman"
                | "voter"
                | "resident"
                | "victim"
                | "witness"
                | "democrat"
                | "republican"
                | "player"
        )
        || matches!(
            doc.word(k).to_ascii_lowercase().as_str(),
            "boss" | "head" | "adviser" | "advisor" | "envoy" | "negotiator" | "undersecretary"
        )
}

/// Lower-case words that can stand before a title's head: "special envoy",
/// "top adviser", "press secretary".
fn is_modifier(w: &str) -> bool {
    matches!(
        w,
        "special"
            | "senior"
            | "top"
            | "chief"
            | "press"
            | "foreign"
            | "defense"
            | "defence"
            | "deputy"
            | "former"
            | "vice"
            | "national"
            | "security"
            | "interior"
            | "finance"
            | "prime"
            | "presidential"
            | "acting"
            | "then"
            | "assistant"
            | "associate"
            | "executive"
            | "general"
            | "lead"
            | "principal"
            | "communications"
            | "economic"
            | "trade"
            | "health"
            | "army"
            | "navy"
            | "state"
            | "treasury"
            | "white"
            | "house"
            | "de"
            | "facto"
            | "longtime"
            | "veteran"
            | "campaign"
            | "party"
            | "opposition"
            | "team"
            | "military"
            | "intelligence"
            | "climate"
            | "policy"
            | "legal"
            | "political"
            | "ukraine"
            | "russia"
    )
}

/// A lower-case title right before the name at token `name` ("special
/// envoy Steve Witkoff", "his special envoy, Steve Witkoff", "White House
/// chief of staff Susie Wiles"): walks back over its words.
pub(crate) fn title_before(doc: &Doc, name: usize) -> Option<Role> {
    let toks = &doc.toks;
    let mut e = name;
    // "his special envoy, Steve Witkoff": a comma between.
    if e > 0 && toks[e - 1].is_punct(',') {
        e -= 1;
    }
    let mut s = e;
    let mut head = false;
    let mut steps = 0;
    // The country's adjective or name among the qualifiers, once read.
    let mut outermost: Option<usize> = None;
    // "chief of staff", "secretary of state": a head and its complement.
    if e >= 3
        && toks[e - 1].is_lower()
        && toks[e - 1].word
        && doc.is_word(e - 2, "of")
        && toks[e - 3].is_lower()
        && is_head(doc, e - 3)
    {
        s = e - 3;
        head = true;
    }
    while s > 0 && steps < 7 {
        let k = s - 1;
        let t = &toks[k];
        if !t.word {
            break;
        }
        let w = doc.word(k);
        let lw = w.to_ascii_lowercase();
        let ok = if t.is_lower() {
            is_head(doc, k) || (head && is_modifier(&lw))
        } else if head && is_former(&lw) {
            // "Former Costa Rican president Laura Chinchilla" opening a
            // sentence: the title is a former one.
            true
        } else if let Some(demonym) = outermost {
            // Nothing stands before a country's adjective but the rest of
            // it ("South Korean"): "truck attack in Nice French president"
            // is a caption's headline run into the title, and the walk
            // stops there (role_of cuts the same from a title it is given
            // whole).
            demonym == k + 1 && two_word_entry(doc, k)
        } else {
            // "Russian foreign minister", "White House chief of staff": a
            // place or a body before the title.
            head && s < e && capitalized_qualifier(doc, k)
        };
        if !ok {
            break;
        }
        if t.is_lower() && is_head(doc, k) {
            head = true;
        }
        if t.is_cap() && outermost.is_none() && is_country_word(doc, k) {
            outermost = Some(k);
        }
        s = k;
        steps += 1;
    }
    if !head || s == e {
        return None;
    }
    // A comma before the name needs the title to start the clause or
    // follow an article: "his special envoy, Steve Witkoff".
    if e < name {
        let before_ok =
            s == 0 || toks[s - 1].is(DETERMINER) || doc.sent_start[s] || toks[s - 1].is_punct(',');
        if !before_ok {
            return None;
        }
    }
    role_of(doc, s..e)
}

/// Whether a gazetteer key names a country or its adjective ("japanese",
/// "france").
fn is_country_key(key: &str) -> bool {
    gazetteer::get()
        .lookup(key)
        .is_some_and(|e| matches!(e.kind, GazKind::Country | GazKind::Demonym))
}

/// Whether the word at `k` is a country or its adjective ("Japanese").
fn is_country_word(doc: &Doc, k: usize) -> bool {
    let mut key = String::new();
    gazetteer::push_key_word(&mut key, doc.word(k));
    is_country_key(&key)
}

/// Whether the words at `k` and `k + 1` are one gazetteer entry ("South
/// Korean", "White House").
fn two_word_entry(doc: &Doc, k: usize) -> bool {
    if k + 1 >= doc.toks.len() {
        return false;
    }
    let mut key = String::new();
    gazetteer::push_key_word(&mut key, doc.word(k));
    key.push(' ');
    gazetteer::push_key_word(&mut key, doc.word(k + 1));
    gazetteer::get().lookup(&key).is_some()
}

fn capitalized_qualifier(doc: &Doc, k: usize) -> bool {
    let g = gazetteer::get();
    let mut key = String::new();
    gazetteer::push_key_word(&mut key, doc.word(k));
    if g.find(&key, doc.word(k)).is_some() {
        return true;
    }
    // "White House": two words.
    (k + 1 < doc.toks.len() && doc.toks[k + 1].is_cap() && two_word_entry(doc, k))
        || (k > 0 && doc.toks[k - 1].is_cap() && two_word_entry(doc, k - 1))
}

/// An appositive title after the name ending at token `end` (exclusive):
/// "Andriy Yermak, his chief of staff," or "Omar Haddad, a spokesman for
/// the agency.": up to eight words after a comma, one of them a title's
/// head, no verb among them, ending at punctuation.
pub(crate) fn title_after(doc: &Doc, end: usize) -> Option<Role> {
    let toks = &doc.toks;
    let n = toks.len();
    if end >= n || !toks[end].is_punct(',') {
        return None;
    }
    let s = end + 1;
    let mut k = s;
    // An article or possessive first ("his", "the").
    if k < n && toks[k].is(DETERMINER) && toks[k].is_lower() {
        k += 1;
    }
    let first = k;
    let mut head = false;
    while k < n && k < first + 8 && toks[k].word {
        let t = &toks[k];
        let verb = t.is(crate::lexicon::CUE | crate::lexicon::STANCE | PRONOUN)
            || (t.is(crate::lexicon::ADVERB) && !is_head(doc, k))
            || doc.is_word(k, "who")
            || doc.is_word(k, "which")
            || doc.is_word(k, "and");
        if verb {
            return None;
        }
        head |= is_head(doc, k);
        k += 1;
    }
    if !head || k == first {
        return None;
    }
    // "Sandy Parakilas, Lyft president John Zimmer, and …": an appositive
    // that ends in a name after a lower-case title is that name's title,
    // in a list ("a spokesman for President Muhammadu Buhari" is not).
    let name_from = (first..k).rev().take_while(|&j| toks[j].is_cap()).last();
    if let Some(name_from) = name_from
        && k - name_from >= 2
        && name_from > first
        && toks[name_from - 1].is_lower()
        && is_head(doc, name_from - 1)
    {
        return None;
    }
    // The appositive ends here: a comma, a period, a dash or the end.
    if k < n
        && !(toks[k].is_punct(',')
            || toks[k].is_punct('.')
            || toks[k].is_punct(';')
            || toks[k].is_punct(')')
            || matches!(toks[k].first, '—' | '–'))
    {
        return None;
    }
    role_of(doc, s..k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(title: &str) -> (String, bool) {
        role_key(title.split_whitespace())
    }

    #[test]
    fn word_order_country_and_articles_do_not_matter() {
        let army = key("Secretary of the Army");
        assert_eq!(army, ("secretary of the army".to_string(), false));
        assert_eq!(key("U.S. Army Secretary"), army);
        assert_eq!(key("Army Secretary"), army);
        assert_eq!(key("Secretary of Army"), army);
        assert_eq!(key("Defense Secretary").0, "secretary of defense");
        assert_eq!(key("Secretary of Defense").0, "secretary of defense");
        assert_ne!(key("Secretary of War").0, key("Secretary of Defense").0);
        assert_eq!(
            key("Russian Foreign Minister").0,
            "minister of foreign affairs"
        );
        assert_eq!(key("foreign minister").0, "minister of foreign affairs");
        assert_eq!(
            key("Deputy Defense Secretary").0,
            "deputy secretary of defense"
        );
    }

    #[test]
    fn abbreviations_and_former() {
        assert_eq!(key("Sen."), ("senator".to_string(), false));
        assert_eq!(
            key("Former Defense Secretary"),
            ("secretary of defense".to_string(), true)
        );
        assert_eq!(key("ex-president"), ("president".to_string(), true));
        assert_eq!(key("U.S. President").0, "president");
        assert_eq!(key("Ukrainian President").0, "president");
        assert_eq!(key("spokeswoman").0, "spokesperson");
        assert_eq!(
            key("White House Chief of Staff").0,
            "white house chief of staff"
        );
        assert_eq!(key("Secretary of State").0, "secretary of state");
        assert_eq!(key("President of Ukraine").0, "president");
    }
}
