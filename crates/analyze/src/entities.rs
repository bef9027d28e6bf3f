//! Entities across documents: one per real-world actor, with its aliases
//! and roles.
//!
//! - **Full names** of people ("Volodymyr Zelenskyy", "J.D. Vance") are
//!   one entity across all documents when their surnames agree after
//!   [`name_fold`] (so "Zelensky", "Zelenskyy" and "Zelenskiy" agree) or
//!   differ by one letter in a surname of six letters or more, and their
//!   given names agree: equal, initials of one another ("J.D." and "JD"),
//!   one a short form of the other ("Dan" and "Daniel"), or romanizations
//!   of one name ("Olexandr" and "Oleksandr"). Middle
//!   initials are ignored ("Donald J. Trump"); "Jr." is kept apart.
//! - **A bare surname** ("Trump", "Vance" in "Vice President Vance")
//!   takes the full-name entity of its group (the documents of one event)
//!   with that surname. When the group has several ("Grace Okafor",
//!   "Daniel Okafor"), the nearest full mention before it in its own
//!   document decides, else the nearest after it; with none in its
//!   document it stays ambiguous: an entity of its own whose `candidates`
//!   lists the people it could be. A surname with no full name in its
//!   group takes the only person of that surname anywhere, if there is
//!   exactly one.
//! - **Organizations and places** are one entity per gazetteer name
//!   ("U.S." and "United States") or per folded name, and an acronym joins
//!   the name whose initials it spells within a group ("British Transport
//!   Police", "BTP"). A name typed `Other`, or an untitled person's name of
//!   two words or more, that is an organization or a place in another
//!   mention joins it.
//!
//! Everything is keyed by hash maps and buckets (surnames by their
//! one-deletion variants), so the cost is close to linear in the number
//! of mentions.

use std::collections::HashMap;
use std::ops::Range;

use crate::mentions::name_fold;
use crate::types::{Cite, Entity, EntityRole, Mention, MentionKind, MentionRef};

/// One document's mentions, as [`resolve`] reads them.
#[derive(Clone, Copy, Debug)]
pub struct DocMentions<'a> {
    /// The text the mention spans point into.
    pub text: &'a str,
    pub mentions: &'a [Mention],
    /// The event (or any group) the document belongs to: bare surnames
    /// resolve within it. Documents without one form one group together.
    pub event: Option<&'a str>,
}

/// A person's name split for matching.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct PersonKey {
    /// Given names: the first one, or all initials run together ("jd").
    given: String,
    last: String,
    /// "jr", "sr", "ii", ...
    suffix: String,
}

fn is_name_suffix(w: &str) -> bool {
    matches!(w, "jr" | "sr" | "ii" | "iii" | "iv")
}

/// The key of a folded person's name of two words or more.
fn person_key(fold: &str) -> Option<PersonKey> {
    let mut words: Vec<&str> = fold.split(' ').filter(|w| !w.is_empty()).collect();
    let mut suffix = String::new();
    if words.len() > 2 && words.last().is_some_and(|w| is_name_suffix(w)) {
        suffix = words.pop().unwrap_or_default().to_string();
    }
    if words.len() < 2 {
        return None;
    }
    let last = words.pop()?.to_string();
    // "van" and "de" belong to the surname, but "Ursula von der Leyen"
    // is matched on "leyen" like "von der Leyen" alone.
    let given = if words.iter().all(|w| w.chars().count() <= 2) {
        words.concat()
    } else {
        words
            .iter()
            .find(|w| w.chars().count() > 2)
            .or(words.first())
            .map(|w| w.to_string())
            .unwrap_or_default()
    };
    Some(PersonKey {
        given,
        last,
        suffix,
    })
}

fn given_compatible(a: &str, b: &str) -> bool {
    if a == b || (a.len() >= 4 && transliterated(a) == transliterated(b)) {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // An initial, or a short form at least three letters long.
    (short.chars().count() == 1 && long.starts_with(short))
        || (short.chars().count() >= 3 && long.starts_with(short))
}

/// A folded given name with the spellings romanizations of one name differ
/// by made one: "Olexandr" and "Oleksandr", "Mikhail" and "Mihail", "Josef"
/// and "Joseph" (the fold already makes y and i one). Only these: one letter
/// apart is too loose for given names ("Maria", "Mario").
fn transliterated(given: &str) -> String {
    given
        .replace('x', "ks")
        .replace("ph", "f")
        .replace("kh", "h")
}

/// Whether two folded surnames are spellings of one name: one vowel for
/// another ("Mohammad", "Mohammed"), a letter doubled ("Gaddafi",
/// "Gadafi"), an "h" or the "c" of "sch" that romanizations add or drop
/// ("Gadhafi", "Schacham"), or the plural of a family ("the Steinbergs").
/// Any other letter apart is another name: "Holland" and "Hollande",
/// "Morris" and "Norris", "Rogers" and "Rodgers", "Carson" and "Carlson",
/// "Goldman" and "Oldman". So a typo ("Timberake") is left a name of its
/// own: a wrong merge gives one person's words and titles to another.
fn spelling_variants(a: &str, b: &str) -> bool {
    const VOWELS: &str = "aeiou";
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() == b.len() {
        let apart: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        return match apart.as_slice() {
            [] => true,
            [i] => VOWELS.contains(a[*i]) && VOWELS.contains(b[*i]),
            _ => false,
        };
    }
    let (short, long) = if a.len() < b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() != 1 {
        return false;
    }
    // The one letter the longer spelling adds.
    let at = (0..short.len())
        .find(|&i| short[i] != long[i])
        .unwrap_or(short.len());
    if long[at + 1..] != short[at..] {
        return false;
    }
    let added = long[at];
    added == 'h'
        || (added == 'c' && long.get(at + 1) == Some(&'h'))
        || (added == 's' && at == short.len())
        || (at > 0 && long[at - 1] == added)
        || long.get(at + 1) == Some(&added)
}

fn surnames_match(a: &str, b: &str) -> bool {
    a == b || (a.chars().count() >= 6 && b.chars().count() >= 6 && spelling_variants(a, b))
}

/// Union-find over cluster ids.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// A mention being resolved.
struct Item<'a> {
    doc: usize,
    index: usize,
    group: usize,
    surface: &'a str,
    fold: String,
    mention: &'a Mention,
}

/// What an item resolves to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Target {
    /// A person cluster (index into the distinct full names).
    Person(usize),
    /// An ambiguous surname: its fold and the sorted person clusters it
    /// could be.
    Ambiguous(String, Vec<usize>),
    /// A surname with no full name anywhere (or an `Other` name).
    Bare(MentionKind, String),
    /// An organization or place by key.
    Thing(MentionKind, String),
}

/// Groups the mentions of `docs` into entities (see the module
/// documentation). Entity ids are `e1`, `e2`, ... in order of first
/// mention (document order, then text order), so the same input always
/// gives the same ids.
pub fn resolve(docs: &[DocMentions]) -> Vec<Entity> {
    // Groups by event.
    let mut groups: HashMap<Option<&str>, usize> = HashMap::new();
    let mut items: Vec<Item> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let n = groups.len();
        let group = *groups.entry(doc.event).or_insert(n);
        for (i, m) in doc.mentions.iter().enumerate() {
            let Some(surface) = doc.text.get(m.span.clone()) else {
                continue;
            };
            let surface = surface.trim();
            if surface.is_empty() {
                continue;
            }
            items.push(Item {
                doc: d,
                index: i,
                group,
                surface,
                fold: name_fold(surface),
                mention: m,
            });
        }
    }

    // Distinct full names of people, merged into clusters.
    let mut full: Vec<PersonKey> = Vec::new();
    let mut full_of: HashMap<PersonKey, usize> = HashMap::new();
    let mut item_full: Vec<Option<usize>> = vec![None; items.len()];
    for (x, it) in items.iter().enumerate() {
        if it.mention.kind != MentionKind::Person {
            continue;
        }
        if let Some(key) = person_key(&it.fold) {
            let n = full.len();
            let id = *full_of.entry(key.clone()).or_insert_with(|| {
                full.push(key);
                n
            });
            item_full[x] = Some(id);
        }
    }
    let mut sets = Sets((0..full.len()).collect());
    // Buckets of surnames by their one-deletion variants: two surnames
    // within one edit share a bucket.
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for (id, key) in full.iter().enumerate() {
        for v in deletions(&key.last) {
            buckets.entry(v).or_default().push(id);
        }
    }
    for ids in buckets.values() {
        for (i, &a) in ids.iter().enumerate() {
            for &b in &ids[i + 1..] {
                let (ka, kb) = (&full[a], &full[b]);
                if ka.suffix == kb.suffix
                    && surnames_match(&ka.last, &kb.last)
                    && given_compatible(&ka.given, &kb.given)
                {
                    sets.union(a, b);
                }
            }
        }
    }
    let cluster: Vec<usize> = (0..full.len()).map(|i| sets.find(i)).collect();
    // Surname → clusters, per group and overall.
    let mut by_surname_group: HashMap<(usize, String), Vec<usize>> = HashMap::new();
    let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
    // Full mentions of each cluster per document, by position.
    let mut in_doc: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (x, it) in items.iter().enumerate() {
        if let Some(id) = item_full[x] {
            let c = cluster[id];
            let last = full[id].last.clone();
            push_unique(
                by_surname_group
                    .entry((it.group, last.clone()))
                    .or_default(),
                c,
            );
            push_unique(by_surname.entry(last).or_default(), c);
            in_doc
                .entry((it.doc, c))
                .or_default()
                .push(it.mention.span.start);
        }
    }
    // Bare surnames also match surnames one letter away.
    let surname_keys: Vec<String> = by_surname.keys().cloned().collect();
    let mut near_surnames: HashMap<String, Vec<&str>> = HashMap::new();
    for s in &surname_keys {
        for v in deletions(s) {
            near_surnames.entry(v).or_default().push(s);
        }
    }
    let candidates_for = |fold: &str| -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for v in deletions(fold) {
            if let Some(list) = near_surnames.get(&v) {
                for s in list {
                    if surnames_match(fold, s) && !out.contains(s) {
                        out.push(s);
                    }
                }
            }
        }
        out
    };

    // Acronyms of organization names per group ("btp" for "British
    // Transport Police").
    let mut acronyms: HashMap<(usize, String), String> = HashMap::new();
    for it in &items {
        if it.mention.kind == MentionKind::Organization
            && let Some(a) = acronym_of(it.surface)
        {
            acronyms
                .entry((it.group, a))
                .or_insert_with(|| thing_key(it));
        }
    }

    // Organization names of several words per group by their last word
    // ("gazette" for "Northern Gazette"), for "the Gazette" alone.
    let mut short_forms: HashMap<(usize, String), Vec<String>> = HashMap::new();
    for it in &items {
        if it.mention.kind == MentionKind::Organization
            && let Some((_, last)) = it.fold.rsplit_once(' ')
        {
            let list = short_forms.entry((it.group, last.to_string())).or_default();
            let key = thing_key(it);
            if !list.contains(&key) {
                list.push(key);
            }
        }
    }

    // What each item resolves to.
    let mut targets: Vec<Target> = Vec::with_capacity(items.len());
    for (x, it) in items.iter().enumerate() {
        let kind = it.mention.kind;
        let target = if let Some(id) = item_full[x] {
            Target::Person(cluster[id])
        } else if (kind == MentionKind::Person || kind == MentionKind::Other)
            && !it.fold.contains(' ')
            && !it.fold.is_empty()
            && it.mention.canonical.is_none()
        {
            let surnames = candidates_for(&it.fold);
            let mut in_group: Vec<usize> = Vec::new();
            let mut anywhere: Vec<usize> = Vec::new();
            for s in &surnames {
                if let Some(cs) = by_surname_group.get(&(it.group, (*s).to_string())) {
                    cs.iter().for_each(|&c| push_unique(&mut in_group, c));
                }
                if let Some(cs) = by_surname.get(*s) {
                    cs.iter().for_each(|&c| push_unique(&mut anywhere, c));
                }
            }
            match in_group.len() {
                1 => Target::Person(in_group[0]),
                0 if kind == MentionKind::Person && anywhere.len() == 1 => {
                    Target::Person(anywhere[0])
                }
                0 if kind == MentionKind::Person && anywhere.len() > 1 => {
                    anywhere.sort_unstable();
                    Target::Ambiguous(it.fold.clone(), anywhere)
                }
                0 => Target::Bare(kind, it.fold.clone()),
                _ => match nearest(&in_doc, it, &in_group) {
                    Some(c) => Target::Person(c),
                    None => {
                        in_group.sort_unstable();
                        Target::Ambiguous(it.fold.clone(), in_group)
                    }
                },
            }
        } else if kind == MentionKind::Person {
            Target::Bare(kind, it.fold.clone())
        } else {
            let key = thing_key(it);
            let key = acronym_target(&acronyms, it, key);
            let key = short_form_target(&short_forms, docs[it.doc].text, it).unwrap_or(key);
            Target::Thing(
                if kind == MentionKind::Other {
                    MentionKind::Other
                } else {
                    kind
                },
                key,
            )
        };
        targets.push(target);
    }
    // An `Other` name, or an untitled person's, that is also an
    // organization or a place elsewhere is that.
    let mut thing_kind: HashMap<String, MentionKind> = HashMap::new();
    for t in &targets {
        if let Target::Thing(k, key) = t
            && *k != MentionKind::Other
        {
            thing_kind.entry(key.clone()).or_insert(*k);
        }
    }
    for (x, t) in targets.iter_mut().enumerate() {
        // An untitled person's name that is a place or an organization
        // elsewhere ("from Tarrow Ford" beside "in Tarrow Ford") is that:
        // without a title, two capitalized words are only guessed a name.
        if let Target::Person(_) = t {
            let it = &items[x];
            if it.mention.role.is_none()
                && it.fold.contains(' ')
                && let Some(k) = thing_kind.get(&it.fold)
            {
                *t = Target::Thing(*k, it.fold.clone());
            }
            continue;
        }
        let key = match t {
            Target::Thing(MentionKind::Other, key) | Target::Bare(MentionKind::Other, key) => {
                key.clone()
            }
            _ => continue,
        };
        if let Some(k) = thing_kind.get(&key) {
            *t = Target::Thing(*k, key);
        } else if let Target::Bare(_, _) = t {
            *t = Target::Thing(MentionKind::Other, key);
        }
    }

    build(docs, &items, &targets)
}

/// The person cluster among `clusters` whose full mention is nearest
/// before the item in its document, else nearest after.
fn nearest(
    in_doc: &HashMap<(usize, usize), Vec<usize>>,
    it: &Item,
    clusters: &[usize],
) -> Option<usize> {
    let at = it.mention.span.start;
    let mut before: Option<(usize, usize)> = None;
    let mut after: Option<(usize, usize)> = None;
    for &c in clusters {
        // Positions are in text order: the neighbours of `at` by bisection.
        let Some(pos) = in_doc.get(&(it.doc, c)) else {
            continue;
        };
        let i = pos.partition_point(|&p| p < at);
        if let Some(&p) = i.checked_sub(1).and_then(|j| pos.get(j))
            && before.is_none_or(|(b, _)| p > b)
        {
            before = Some((p, c));
        }
        if let Some(&p) = pos.get(i)
            && after.is_none_or(|(a, _)| p < a)
        {
            after = Some((p, c));
        }
    }
    before.or(after).map(|(_, c)| c)
}

fn push_unique(v: &mut Vec<usize>, x: usize) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// The string and its variants with one character deleted.
fn deletions(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len() + 1);
    out.push(s.to_string());
    if chars.len() >= 6 {
        for i in 0..chars.len() {
            out.push(chars[..i].iter().chain(&chars[i + 1..]).collect());
        }
    }
    out
}

/// The key of an organization or place: its gazetteer name, else its
/// folded name without a leading "the".
fn thing_key(it: &Item) -> String {
    match &it.mention.canonical {
        Some(c) => name_fold(c),
        None => it.fold.strip_prefix("the ").unwrap_or(&it.fold).to_string(),
    }
}

/// Initials of a name of three words or more, without "of", "for", "and",
/// "the", "on".
fn acronym_of(surface: &str) -> Option<String> {
    let initials: String = surface
        .split_whitespace()
        .filter(|w| !matches!(*w, "of" | "for" | "and" | "the" | "on" | "&" | "The"))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .flat_map(char::to_lowercase)
        .collect();
    (initials.chars().count() >= 3).then_some(initials)
}

/// "The Gazette", "the Authority": one capitalized word after "the" that
/// ends the name of exactly one organization of its group ("Northern
/// Gazette") is that organization. With two ("the Post" beside the
/// Washington Post and the Jerusalem Post) it stays its own.
fn short_form_target(
    short_forms: &HashMap<(usize, String), Vec<String>>,
    text: &str,
    it: &Item,
) -> Option<String> {
    // Nouns a name is shortened to; not adjectives or plurals that end
    // names too ("the International", "the Securities").
    const HEADS: &[&str] = &[
        "gazette",
        "times",
        "post",
        "herald",
        "journal",
        "tribune",
        "courier",
        "ledger",
        "sentinel",
        "chronicle",
        "observer",
        "dispatch",
        "bulletin",
        "authority",
        "agency",
        "ministry",
        "commission",
        "council",
        "committee",
        "bureau",
        "department",
        "foundation",
        "institute",
        "university",
        "hospital",
        "zoo",
        "museum",
        "observatory",
        "board",
    ];
    let one_word = it.mention.canonical.is_none()
        && matches!(
            it.mention.kind,
            MentionKind::Organization | MentionKind::Other
        )
        && it.surface.chars().next().is_some_and(char::is_uppercase)
        && HEADS.iter().any(|h| it.surface.eq_ignore_ascii_case(h));
    let after_the = text
        .get(..it.mention.span.start)
        .is_some_and(|before| before.ends_with("the ") || before.ends_with("The "));
    if !(one_word && after_the) {
        return None;
    }
    match short_forms.get(&(it.group, it.fold.clone()))?.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    }
}

/// An acronym written alone ("BTP") goes to the name it spells in its
/// group.
fn acronym_target(acronyms: &HashMap<(usize, String), String>, it: &Item, key: String) -> String {
    let is_acronym = it.surface.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && it
            .surface
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&');
    if !is_acronym || it.mention.canonical.is_some() {
        return key;
    }
    let letters: String = it
        .surface
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    acronyms.get(&(it.group, letters)).cloned().unwrap_or(key)
}

/// Entities from the items and their targets.
fn build(docs: &[DocMentions], items: &[Item], targets: &[Target]) -> Vec<Entity> {
    // Entities in order of first mention.
    let mut order: HashMap<&Target, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (x, t) in targets.iter().enumerate() {
        let n = members.len();
        let e = *order.entry(t).or_insert(n);
        if e == n {
            members.push(Vec::new());
        }
        members[e].push(x);
    }
    let ids: HashMap<&Target, String> = order
        .iter()
        .map(|(t, &e)| (*t, format!("e{}", e + 1)))
        .collect();
    // The entity of each person cluster, for ambiguous candidates.
    let cluster_entity: HashMap<usize, String> = order
        .iter()
        .filter_map(|(t, &e)| match t {
            Target::Person(c) => Some((*c, format!("e{}", e + 1))),
            _ => None,
        })
        .collect();
    let mut out = Vec::with_capacity(members.len());
    for (e, xs) in members.iter().enumerate() {
        let target = &targets[xs[0]];
        let kind = match target {
            Target::Person(_) | Target::Ambiguous(..) => MentionKind::Person,
            Target::Bare(k, _) | Target::Thing(k, _) => *k,
        };
        // Names as written, with their counts and first appearance.
        let mut names: Vec<(&str, usize, usize)> = Vec::new();
        for (rank, &x) in xs.iter().enumerate() {
            let s = items[x].surface;
            match names.iter_mut().find(|n| n.0 == s) {
                Some(n) => n.1 += 1,
                None => names.push((s, 1, rank)),
            }
        }
        let canonical = items[xs[0]].mention.canonical.as_deref();
        let name = canonical.map(str::to_string).unwrap_or_else(|| {
            names
                .iter()
                .max_by(|a, b| {
                    let wa = a.0.split_whitespace().count();
                    let wb = b.0.split_whitespace().count();
                    wa.cmp(&wb).then(a.1.cmp(&b.1)).then(b.2.cmp(&a.2))
                })
                .map(|n| n.0.to_string())
                .unwrap_or_default()
        });
        let mut aliases: Vec<String> = Vec::new();
        for (s, _, _) in &names {
            if *s != name && !aliases.iter().any(|a| a == s) {
                aliases.push((*s).to_string());
            }
        }
        let roles = roles_of(docs, items, xs);
        let mentions = xs
            .iter()
            .map(|&x| MentionRef {
                doc: items[x].doc,
                mention: items[x].index,
                span: items[x].mention.span.clone(),
            })
            .collect();
        let candidates = match target {
            Target::Ambiguous(_, cs) => cs
                .iter()
                .filter_map(|c| cluster_entity.get(c).cloned())
                .collect(),
            _ => Vec::new(),
        };
        out.push(Entity {
            id: ids[target].clone(),
            name,
            kind,
            aliases,
            roles,
            mentions,
            candidates,
        });
        debug_assert_eq!(out[e].id, format!("e{}", e + 1));
    }
    out
}

/// Roles of an entity's mentions, grouped by key.
fn roles_of(docs: &[DocMentions], items: &[Item], xs: &[usize]) -> Vec<EntityRole> {
    let mut roles: Vec<EntityRole> = Vec::new();
    let mut counts: Vec<Vec<(String, usize)>> = Vec::new();
    for &x in xs {
        let it = &items[x];
        let Some(role) = &it.mention.role else {
            continue;
        };
        let Some(title) = docs[it.doc].text.get(role.span.clone()) else {
            continue;
        };
        let i = match roles.iter().position(|r| r.key == role.key) {
            Some(i) => i,
            None => {
                roles.push(EntityRole {
                    key: role.key.clone(),
                    titles: Vec::new(),
                    former: true,
                    citations: Vec::new(),
                });
                counts.push(Vec::new());
                roles.len() - 1
            }
        };
        roles[i].former &= role.former;
        roles[i].citations.push(Cite {
            doc: it.doc,
            span: role.span.clone(),
        });
        match counts[i].iter_mut().find(|c| c.0 == title) {
            Some(c) => c.1 += 1,
            None => counts[i].push((title.to_string(), 1)),
        }
    }
    for (r, mut c) in roles.iter_mut().zip(counts) {
        // Most frequent first; ties keep first appearance.
        c.sort_by_key(|t| std::cmp::Reverse(t.1));
        r.titles = c.into_iter().map(|c| c.0).collect();
    }
    roles
}

/// The entity a mention (document index, span) was resolved to.
pub fn entity_of<'e>(
    entities: &'e [Entity],
    doc: usize,
    span: &Range<usize>,
) -> Option<&'e Entity> {
    entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.doc == doc && m.span == *span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_matches() {
        let k = person_key(&name_fold("J.D. Vance")).unwrap();
        assert_eq!((k.given.as_str(), k.last.as_str()), ("jd", "vance"));
        let k2 = person_key(&name_fold("JD Vance")).unwrap();
        assert_eq!(k, k2);
        let k3 = person_key(&name_fold("Donald J. Trump")).unwrap();
        assert_eq!(k3.given, "donald");
        assert!(given_compatible("dan", "daniel"));
        assert!(!given_compatible("grace", "daniel"));
        assert!(given_compatible("olexandr", "oleksandr"));
        assert!(given_compatible("josef", "joseph"));
        assert!(given_compatible("mikhail", "mihail"));
        assert!(!given_compatible("maria", "mario"));
        for (a, b) in [
            ("mohammad", "mohammed"),
            ("gaddafi", "gadafi"),
            ("gadhafi", "gadafi"),
            ("zelenskii", "zelenski"),
            ("schacham", "shacham"),
            ("steinbergs", "steinberg"),
        ] {
            assert!(surnames_match(a, b) && surnames_match(b, a), "{a} {b}");
        }
        for (a, b) in [
            ("holland", "hollande"),
            ("morris", "norris"),
            ("rogers", "rodgers"),
            ("carson", "carlson"),
            ("okafor", "okafar1"),
            ("petersen", "petersson"),
            ("goldman", "oldman"),
            ("timberake", "timberlake"),
        ] {
            assert!(!surnames_match(a, b) && !surnames_match(b, a), "{a} {b}");
        }
        assert_eq!(name_fold("Zelenskyy"), name_fold("Zelensky"));
        assert_eq!(name_fold("Zelenskiy"), name_fold("Zelensky"));
        assert_eq!(
            acronym_of("British Transport Police").as_deref(),
            Some("btp")
        );
    }
}
