//! The seed articles (`../shared/seeds`, read at test time, never copied
//! into the repository): the alias groups, titles, numbers, dates and
//! outlet attributions that design.md lists for them.
//!
//! Skipped with a message when the shared data is missing, unless
//! `STORYLINE_REQUIRE_SHARED=1`, which makes them fail instead.

use std::path::PathBuf;

use storyline_analyze::{Analysis, DateKind, DocMentions, Entity, MentionKind, analyze, resolve};

fn seeds_dir() -> Option<PathBuf> {
    storyline_testdata::shared_dir_for_test("seeds")
}

/// The five seeds in name order: (prefix, text).
fn seeds() -> Option<Vec<(String, String)>> {
    let dir = seeds_dir()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the seeds directory reads")
        .map(|e| e.expect("a seed entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "five seeds");
    Some(
        files
            .iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                (
                    name[..3].to_string(),
                    std::fs::read_to_string(p).expect("the seed reads"),
                )
            })
            .collect(),
    )
}

struct Seeds {
    texts: Vec<(String, String)>,
    analyses: Vec<Analysis>,
    entities: Vec<Entity>,
}

/// Analyzes and resolves the seeds, with 002 in an event of its own (the
/// others report one happening).
fn resolved() -> Option<Seeds> {
    let texts = seeds()?;
    let analyses: Vec<Analysis> = texts.iter().map(|(_, t)| analyze(t, None)).collect();
    let docs: Vec<DocMentions> = texts
        .iter()
        .zip(&analyses)
        .map(|((prefix, text), a)| DocMentions {
            text,
            mentions: &a.mentions,
            event: Some(if prefix == "002" { "strike" } else { "envoys" }),
        })
        .collect();
    let entities = resolve(&docs);
    Some(Seeds {
        texts,
        analyses,
        entities,
    })
}

impl Seeds {
    fn doc(&self, prefix: &str) -> usize {
        self.texts.iter().position(|(p, _)| p == prefix).unwrap()
    }

    /// Names written for an entity, with the documents they are in.
    fn names_of(&self, e: &Entity) -> Vec<(String, &str)> {
        e.mentions
            .iter()
            .map(|m| {
                (
                    self.texts[m.doc].0.clone(),
                    &self.texts[m.doc].1[m.span.clone()],
                )
            })
            .collect()
    }

    /// The entity of the first mention written `name` in seed `prefix`.
    fn entity(&self, prefix: &str, name: &str) -> &Entity {
        let d = self.doc(prefix);
        let text = &self.texts[d].1;
        let m = self.analyses[d]
            .mentions
            .iter()
            .find(|m| &text[m.span.clone()] == name)
            .unwrap_or_else(|| panic!("no mention {name:?} in {prefix}"));
        storyline_analyze::entity_of(&self.entities, d, &m.span)
            .unwrap_or_else(|| panic!("no entity for {name:?} in {prefix}"))
    }
}

#[test]
fn alias_groups() {
    let Some(s) = resolved() else { return };
    // Zelensky / Zelenskyy / Volodymyr Zelenskyy.
    let z = s.entity("000", "Volodymyr Zelenskyy");
    assert_eq!(z.kind, MentionKind::Person);
    for (prefix, name) in [
        ("000", "Zelensky"),
        ("001", "Volodymyr Zelensky"),
        ("001", "Zelenskyy"),
        ("003", "Zelenskyy"),
        ("004", "Volodymyr Zelenskyy"),
    ] {
        assert_eq!(s.entity(prefix, name).id, z.id, "{prefix}: {name}");
    }
    // Trump / Donald Trump / President Trump, across both events.
    let t = s.entity("000", "Donald Trump");
    for (prefix, name) in [("001", "Trump"), ("002", "Donald Trump"), ("003", "Trump")] {
        assert_eq!(s.entity(prefix, name).id, t.id, "{prefix}: {name}");
    }
    assert!(t.aliases.iter().any(|a| a == "Trump"));
    // "President Trump announced" in 001: the bare name carries the title.
    let d = s.doc("001");
    let first = &s.analyses[d].mentions[0];
    assert_eq!(&s.texts[d].1[first.span.clone()], "Trump");
    assert_eq!(
        first.role.as_ref().map(|r| r.key.as_str()),
        Some("president")
    );
    assert!(t.roles.iter().any(|r| r.key == "president"));
    // Vance / JD Vance ("Vice President Vance" in 004).
    let v = s.entity("000", "JD Vance");
    assert_eq!(s.entity("004", "Vance").id, v.id);
    assert_eq!(s.entity("001", "JD Vance").id, v.id);
    // Every name of these entities is a form of theirs.
    for (e, stem) in [(z, "Zelensk"), (t, "Trump"), (v, "Vance")] {
        for (prefix, name) in s.names_of(e) {
            assert!(name.contains(stem), "{prefix}: {name} in {}", e.name);
        }
    }
    // One entity each.
    let people: Vec<&Entity> = s
        .entities
        .iter()
        .filter(|e| {
            e.name.contains("Zelensk") || e.name.ends_with("Trump") || e.name.ends_with("Vance")
        })
        .collect();
    assert_eq!(
        people.len(),
        3,
        "{:?}",
        people.iter().map(|e| &e.name).collect::<Vec<_>>()
    );
}

#[test]
fn titles_and_roles() {
    let Some(s) = resolved() else { return };
    // Driscoll: "Secretary of the Army" (000, 001) and "U.S. Army
    // Secretary" (004) are one role.
    let d = s.entity("004", "Dan Driscoll");
    assert_eq!(s.entity("000", "Dan Driscoll").id, d.id);
    assert_eq!(d.roles.len(), 1, "{:?}", d.roles);
    assert_eq!(d.roles[0].key, "secretary of the army");
    let mut titles = d.roles[0].titles.clone();
    titles.sort();
    assert_eq!(titles, ["Secretary of the Army", "U.S. Army Secretary"]);
    assert_eq!(d.roles[0].citations.len(), 3);
    // Hegseth: "Secretary of War" (000, 001) and "Secretary of Defense"
    // (004) are two titles of one person, both kept.
    let h = s.entity("000", "Pete Hegseth");
    assert_eq!(s.entity("004", "Pete Hegseth").id, h.id);
    let mut keys: Vec<&str> = h.roles.iter().map(|r| r.key.as_str()).collect();
    keys.sort();
    assert_eq!(keys, ["secretary of defense", "secretary of war"]);
    for r in &h.roles {
        for c in &r.citations {
            let title = &s.texts[c.doc].1[c.span.clone()];
            assert!(title.starts_with("Secretary of"), "{title}");
        }
    }
}

#[test]
fn numbers_dates_and_outlets() {
    let Some(s) = resolved() else { return };
    let text = |p: &str| &s.texts[s.doc(p)].1;
    let analysis = |p: &str| &s.analyses[s.doc(p)];
    // "at least seven" killed (000, 001) and "at least 12" (002).
    for (prefix, value) in [("000", 7.0), ("001", 7.0), ("002", 12.0)] {
        let q = analysis(prefix)
            .quantities
            .iter()
            .find(|q| q.qualifier == Some(storyline_analyze::Qualifier::AtLeast))
            .unwrap_or_else(|| panic!("{prefix}: no 'at least'"));
        assert_eq!(q.value, value, "{prefix}");
    }
    let q = analysis("004")
        .quantities
        .iter()
        .find(|q| q.unit.as_deref() == Some("point"))
        .expect("the 28-point plan");
    assert_eq!(q.value, 28.0);
    let q = analysis("002")
        .quantities
        .iter()
        .find(|q| q.unit.as_deref() == Some("day"))
        .expect("the 30-day ceasefire");
    assert_eq!(q.value, 30.0);
    // Dates: absolute, a season, and the anchored 100th day.
    let spans: Vec<(&str, DateKind)> = analysis("002")
        .dates
        .iter()
        .map(|d| (&text("002")[d.span.clone()], d.kind))
        .collect();
    assert!(
        spans.contains(&("the summer of 2024", DateKind::Absolute)),
        "{spans:?}"
    );
    assert!(
        spans
            .iter()
            .any(|(t, k)| t.starts_with("the 100th day of") && *k == DateKind::Anchored),
        "{spans:?}"
    );
    assert!(
        analysis("004")
            .dates
            .iter()
            .any(|d| &text("004")[d.span.clone()] == "February 2022"
                && d.start.as_deref() == Some("2022-02-01"))
    );
    // Outlets.
    let outlets = |p: &str| -> Vec<String> {
        analysis(p)
            .attributions
            .iter()
            .map(|o| o.name.clone())
            .collect()
    };
    let o = outlets("001");
    for name in ["CNN", "Associated Press", "The New York Times", "X"] {
        assert!(o.iter().any(|n| n == name), "001: {name} in {o:?}");
    }
    assert!(outlets("004").iter().any(|n| n == "Financial Times"));
}
