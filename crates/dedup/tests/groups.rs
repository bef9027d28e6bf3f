//! Duplicate groups as users depend on them: copies are found, distinct
//! articles are not grouped, groups do not chain, the canonical copy follows
//! the keep policy, the result does not depend on input order, and an
//! incremental insert names the document it matched.

use storyline_core::{DocumentId, DuplicateKind};
use storyline_dedup::{Config, CorpusDoc, DedupIndex, DocDedup, KeepRule, dedup_corpus, prepare};
use storyline_text::{Normalized, normalize};

/// A deterministic pseudo-random article of `n` words from a fixed
/// vocabulary (so that distinct seeds give distinct articles).
fn article(seed: u64, n: usize) -> Vec<String> {
    let vocab = [
        "dam",
        "river",
        "flood",
        "governor",
        "rescue",
        "crews",
        "town",
        "water",
        "minister",
        "relief",
        "plan",
        "said",
        "officials",
        "evacuated",
        "homes",
        "night",
        "bridge",
        "storm",
        "rain",
        "levels",
        "report",
        "inquiry",
        "engineers",
        "warning",
        "shelter",
        "families",
        "mayor",
        "council",
        "budget",
        "repairs",
        "spillway",
        "valley",
        "police",
        "roads",
        "closed",
        "schools",
        "power",
        "outage",
        "hospital",
        "volunteers",
    ];
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            vocab[(state % vocab.len() as u64) as usize].to_string()
        })
        .collect()
}

/// `words` with every `every`-th word replaced.
fn edited(words: &[String], every: usize, tag: &str) -> Vec<String> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i % every == every / 2 {
                format!("{tag}{i}")
            } else {
                w.clone()
            }
        })
        .collect()
}

struct Doc {
    id: DocumentId,
    published: Option<i64>,
    text: String,
    normalized: Normalized,
    dedup: DocDedup,
}

fn doc(id: &str, published: Option<i64>, words: &[String]) -> Doc {
    let text = words.join(" ");
    let normalized = normalize(&text);
    let dedup = prepare(&normalized, &Config::default()).dedup;
    Doc {
        id: DocumentId(id.to_string()),
        published,
        text,
        normalized,
        dedup,
    }
}

/// The documents as the corpus stage sees them.
fn view(docs: &[Doc]) -> Vec<CorpusDoc<'_>> {
    docs.iter()
        .map(|d| CorpusDoc {
            id: &d.id,
            outlet: None,
            published: d.published,
            text: &d.text,
            dedup: &d.dedup,
        })
        .collect()
}

fn run(docs: &[Doc], config: &Config) -> Vec<Vec<String>> {
    let result = dedup_corpus(&view(docs), config);
    let mut groups: Vec<Vec<String>> = result
        .groups
        .iter()
        .map(|g| g.documents.iter().map(|d| d.0.clone()).collect())
        .collect();
    groups.sort();
    groups
}

#[test]
fn copies_group_and_distinct_articles_do_not() {
    let base = article(1, 300);
    let docs = vec![
        doc("original", Some(100), &base),
        doc("light-edit", Some(200), &edited(&base, 20, "x")),
        doc("other-1", Some(150), &article(2, 300)),
        doc("other-2", Some(160), &article(3, 300)),
    ];
    assert_eq!(
        run(&docs, &Config::default()),
        [vec!["original", "light-edit"]]
    );
}

/// A ≈ B and B ≈ C, but A ≉ C: C must not join A's group through B.
#[test]
fn groups_do_not_chain() {
    let a = article(7, 400);
    // B changes every 10th word of A; C changes every 10th word of B at
    // other positions, so C is about twice as far from A as from B.
    let b = edited(&a, 10, "b");
    let c: Vec<String> = b
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i % 10 == 0 {
                format!("c{i}")
            } else {
                w.clone()
            }
        })
        .collect();
    let config = Config {
        near_threshold: 0.45,
        ..Config::default()
    };
    let (fa, fb, fc) = (
        doc("a", Some(1), &a),
        doc("b", Some(2), &b),
        doc("c", Some(3), &c),
    );
    let j = |x: &Doc, y: &Doc| {
        storyline_dedup::fingerprint::jaccard_and_containment(
            &x.dedup.fingerprint.shingles(),
            &y.dedup.fingerprint.shingles(),
        )
        .0
    };
    assert!(
        j(&fa, &fb) >= 0.45 && j(&fb, &fc) >= 0.45,
        "the links exist"
    );
    assert!(
        j(&fa, &fc) < 0.45,
        "the ends are not near-duplicates: {}",
        j(&fa, &fc)
    );
    let groups = run(&[fa, fb, fc], &config);
    assert_eq!(groups, [vec!["a", "b"]], "c stays out of a's group");
}

#[test]
fn keep_policy_chooses_the_canonical_copy() {
    let base = article(11, 300);
    let longer: Vec<String> = base.iter().cloned().chain(article(12, 40)).collect();
    let docs = [
        doc("late-long", Some(500), &longer),
        doc("early-short", Some(100), &base),
    ];
    let earliest = Config::default();
    assert_eq!(run(&docs, &earliest), [vec!["early-short", "late-long"]]);
    let longest = Config {
        keep: vec![KeepRule::Longest],
        ..Config::default()
    };
    assert_eq!(run(&docs, &longest), [vec!["late-long", "early-short"]]);
    assert_eq!(
        "outlet:ap.org".parse::<KeepRule>(),
        Ok(KeepRule::Outlet("ap.org".into()))
    );
    assert!("newest".parse::<KeepRule>().is_err());
}

#[test]
fn grouping_does_not_depend_on_input_order() {
    let mut docs = Vec::new();
    for k in 0..6u64 {
        let base = article(100 + k, 250);
        docs.push(doc(&format!("base{k}"), Some(k as i64), &base));
        docs.push(doc(
            &format!("copy{k}"),
            Some(10 + k as i64),
            &edited(&base, 15, "e"),
        ));
        docs.push(doc(&format!("trunc{k}"), None, &base[..180]));
    }
    let config = Config::default();
    let expected = run(&docs, &config);
    assert_eq!(expected.len(), 6);
    for rotation in 1..docs.len() {
        docs.rotate_left(1);
        if rotation % 5 == 0 {
            docs.reverse();
        }
        assert_eq!(run(&docs, &config), expected);
    }
}

#[test]
fn containment_is_found_and_explained() {
    let short = article(21, 200);
    let long: Vec<String> = article(22, 150)
        .into_iter()
        .chain(short.iter().cloned())
        .chain(article(23, 150))
        .collect();
    let docs = [doc("short", Some(1), &short), doc("long", Some(2), &long)];
    let result = dedup_corpus(&view(&docs), &Config::default());
    assert_eq!(result.groups.len(), 1);
    let group = &result.groups[0];
    assert_eq!(group.kind, DuplicateKind::Containment);
    assert!(group.similarity > 0.95);
    // The passage: all of the short article, inside the long one.
    assert_eq!(group.passages.len(), 2);
    let (in_short, in_long) = (&group.passages[0], &group.passages[1]);
    let short_text = docs[0].normalized.text();
    let long_text = docs[1].normalized.text();
    assert_eq!((in_short.start, in_short.end), (0, short_text.len()));
    assert_eq!(&long_text[in_long.start..in_long.end], short_text);
    assert!(
        result.reuse.is_empty(),
        "a duplicate pair is not also reported as reuse"
    );
}

#[test]
fn incremental_insert_names_the_old_document() {
    let mut index = DedupIndex::new(Config::default());
    let base = article(31, 300);
    let (first, none) = index.insert(&doc("old", None, &base).dedup.fingerprint);
    assert!(none.is_none());
    index.insert(&doc("unrelated", None, &article(32, 300)).dedup.fingerprint);
    let (_, found) = index.insert(&doc("new", None, &edited(&base, 25, "n")).dedup.fingerprint);
    let found = found.expect("the copy is matched");
    assert_eq!(found.canonical, first);
    assert_eq!(found.kind, DuplicateKind::Near);
    let (_, exact) = index.insert(&doc("again", None, &base).dedup.fingerprint);
    assert_eq!(
        exact.map(|m| (m.canonical, m.kind)),
        Some((first, DuplicateKind::Exact))
    );
}

#[test]
fn short_texts_never_match() {
    let stub =
        "Chat with us in Facebook Messenger. Find out what's happening in the world as it unfolds.";
    let words: Vec<String> = stub.split(' ').map(String::from).collect();
    let docs = [doc("stub-a", None, &words), doc("stub-b", None, &words)];
    assert!(run(&docs, &Config::default()).is_empty());
}
