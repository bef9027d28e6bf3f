//! Fictional fixtures: one invented event (a dam breach in the invented
//! town of Valmora) covered by several invented outlets, with curly quotes,
//! accents and Japanese text. Shared by the tests and the speed example.
#![allow(dead_code)]

use std::ops::Range;
use storyline_brief::{BriefDoc, split_sentences};
use storyline_core::DocumentId;

/// A source of the fixture event.
pub struct Source {
    pub id: &'static str,
    pub text: String,
    pub skipped: Vec<Range<usize>>,
    pub duplicate_of: Option<usize>,
    pub published: Option<i64>,
}

impl Source {
    pub fn doc(&self) -> BriefDoc<'_> {
        BriefDoc {
            id: DocumentId(self.id.to_string()),
            text: &self.text,
            sentences: split_sentences(&self.text),
            skipped: self.skipped.clone(),
            duplicate_of: self.duplicate_of,
            published: self.published,
        }
    }
}

pub const HARBOR: &str = "By Léa Martín, Harbor Times\n\
The Valmora dam on the river Ésk breached early on Sunday, flooding the lower town and forcing at least 4,000 residents to leave their homes. \
Mayor Inés Ferrant said the spillway gave way after three days of record rainfall. \
“We have never seen water rise this fast,” Ferrant told reporters outside the town hall. \
Rescue crews from the regional civil protection agency evacuated the hospital by boat before noon.\n\
Engineers had warned in a 2021 inspection that the spillway concrete was cracked. \
Read more: our live coverage of the Valmora flood.\n\
Photo: Jonas Ek / Harbor Times";

pub const COAST: &str = "Residents of Valmora were ordered to leave their homes on Sunday after the town’s dam breached following days of record rainfall. \
Officials said at least 4,000 people were evacuated from the lower town, where water reached the first floors of buildings. \
Mayor Inés Ferrant said the spillway of the Valmora dam gave way after three days of record rainfall. \
A 2021 inspection report, seen by Coast Wire, warned that the spillway concrete was cracked and needed urgent repair. \
The regional governor, Tomás Aguilar, promised an independent inquiry into the dam’s maintenance.\n\
Sign up for our morning newsletter.";

/// A paragraph the scraper of this outlet repeated.
pub const MATIN_BODY: &str = "La rupture du barrage de Valmora a forcé l’évacuation de milliers d’habitants dimanche matin. \
The governor Tomás Aguilar announced an independent inquiry into the maintenance of the dam on Sunday evening. \
Hospital patients were evacuated by boat by the civil protection crews before noon, officials said.\n";

pub const TOKYO: &str = "ヴァルモラのダムが日曜日に決壊し、少なくとも四千人が避難した。\
市長は記録的な大雨が三日間続いた後に放水路が崩れたと述べた。\n\
Valmora’s dam breach on Sunday forced at least 4,000 residents to leave their homes in the lower town, the mayor’s office said.";

/// The event: Harbor, Coast, Matin (body repeated by its scraper), Tokyo,
/// and a near-copy of Harbor.
pub fn event() -> Vec<Source> {
    let matin = format!("{MATIN_BODY}{MATIN_BODY}");
    let copy = HARBOR.replace("early on Sunday", "on Sunday morning");
    vec![
        Source {
            id: "harbor",
            text: HARBOR.to_string(),
            skipped: vec![],
            duplicate_of: None,
            published: Some(1_700_000_000),
        },
        Source {
            id: "coast",
            text: COAST.to_string(),
            skipped: vec![],
            duplicate_of: None,
            published: Some(1_700_003_600),
        },
        Source {
            id: "matin",
            skipped: std::iter::once(MATIN_BODY.len()..matin.len()).collect(),
            text: matin,
            duplicate_of: None,
            published: None,
        },
        Source {
            id: "tokyo",
            text: TOKYO.to_string(),
            skipped: vec![],
            duplicate_of: None,
            published: None,
        },
        Source {
            id: "harbor-copy",
            text: copy,
            skipped: vec![],
            duplicate_of: Some(0),
            published: None,
        },
    ]
}

/// Every sentence of the fixture outlets, for generated events.
pub fn sentence_pool() -> Vec<&'static str> {
    let mut out = Vec::new();
    for t in [HARBOR, COAST, MATIN_BODY, TOKYO] {
        for r in split_sentences(t) {
            out.push(&t[r]);
        }
    }
    out
}
