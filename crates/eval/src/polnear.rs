//! Attribution extraction scored on PolNeAR (Newell, Margolin and Ruths,
//! LREC 2018): source, cue and content spans, exact and overlap match, for
//! all attributions and for direct quotations alone.
//!
//! **Gold.** `attributions/NAME_ANNOTATOR.ann` annotates `text/NAME.txt` in
//! brat standoff: `T` lines are spans (`T3\tContent 25 53;60 70\t...`, one
//! or more fragments, in *character* offsets, converted here to byte
//! offsets), `E` lines tie them into one attribution (`E1\tAttribution:T4
//! Content:T3 Cue:T2 Source:T1`). An article annotated by several
//! annotators counts once: each annotator's file weighs `1/n`, so scores
//! are the average over annotators.
//!
//! **Units.** A gold unit is one fragment of an attribution's content, with
//! that attribution's source and cue (a quotation interrupted by "he said"
//! is one attribution with two content fragments in PolNeAR, and two quotes
//! for storyline). A predicted unit is one [`Quote`].
//!
//! **Matching.** Spans are compared after trimming whitespace, quotation
//! marks and edge punctuation (`, . ; : ! ? … — –`) at both ends, because
//! PolNeAR puts the marks and the comma before "he said" inside the
//! content while storyline's content is inside the marks. *Exact*: the
//! trimmed spans are equal. *Overlap*: they share at least one byte.
//!
//! - content: precision is the share of predicted units whose content
//!   matches a gold unit's content; recall the share of gold units whose
//!   content a predicted unit matches.
//! - source (and cue, likewise): a predicted unit with a speaker is right
//!   when a gold unit whose content overlaps its content has a source that
//!   matches its speaker; precision over predicted units with a speaker,
//!   recall over gold units with a source (found when such a predicted unit
//!   exists). Source and cue are thus scored *linked* to their quotation:
//!   a right name on the wrong quotation is wrong.
//!
//! **Direct quotations.** A gold unit is direct when its fragment is
//! enclosed in quotation marks: its trimmed text starts with an opening
//! mark (or one immediately precedes it) and ends with a closing mark (or
//! one immediately follows it, after `, . ? !` at most). Predicted direct
//! units are quotes of kind `Direct` or `Partial` (found by their marks).
//! Recall is over gold direct units, matched by predicted direct units;
//! precision is over predicted direct units, matched against *all* gold
//! units, since a quoted phrase inside an annotated indirect attribution
//! ("he said the plan was 'dead'") is a right quotation of a gold
//! attribution whose content is not itself in marks.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use anyhow::{Context, bail};
use rayon::prelude::*;
use storyline_analyze::{Quote, QuoteKind};

/// One gold attribution, byte spans into the article's text.
#[derive(Debug, Clone, Default)]
pub struct GoldAttribution {
    pub content: Vec<Range<usize>>,
    pub source: Vec<Range<usize>>,
    pub cue: Vec<Range<usize>>,
}

/// An article with its annotations, one list per annotator.
#[derive(Debug, Clone)]
pub struct Article {
    pub name: String,
    pub text: String,
    pub annotators: Vec<(String, Vec<GoldAttribution>)>,
}

/// Reads `DIR/text/*.txt` and `DIR/attributions/*.ann`.
pub fn load(dir: &Path) -> anyhow::Result<Vec<Article>> {
    let mut by_name: BTreeMap<String, Vec<(String, std::path::PathBuf)>> = BTreeMap::new();
    let ann_dir = dir.join("attributions");
    for entry in
        std::fs::read_dir(&ann_dir).with_context(|| format!("reading {}", ann_dir.display()))?
    {
        let path = entry?.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().and_then(|e| e.to_str()) != Some("ann") {
            continue;
        }
        let Some((name, annotator)) = stem.rsplit_once('_') else {
            bail!("{}: no annotator suffix", path.display());
        };
        by_name
            .entry(name.to_string())
            .or_default()
            .push((annotator.to_string(), path));
    }
    let mut out = Vec::with_capacity(by_name.len());
    for (name, mut anns) in by_name {
        anns.sort();
        let text_path = dir.join("text").join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&text_path)
            .with_context(|| format!("reading {}", text_path.display()))?;
        let bytes_at = char_to_byte(&text);
        let mut annotators = Vec::with_capacity(anns.len());
        for (annotator, path) in anns {
            let ann = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let gold = parse_ann(&ann, &bytes_at)
                .with_context(|| format!("parsing {}", path.display()))?;
            annotators.push((annotator, gold));
        }
        out.push(Article {
            name,
            text,
            annotators,
        });
    }
    Ok(out)
}

/// Byte offset of every character index, plus the end.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

fn parse_ann(ann: &str, bytes_at: &[usize]) -> anyhow::Result<Vec<GoldAttribution>> {
    let mut spans: BTreeMap<&str, Vec<Range<usize>>> = BTreeMap::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let mut parts = line.split('\t');
        let (Some(id), Some(body)) = (parts.next(), parts.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, offsets)) = body.split_once(' ') else {
                bail!("bad span line {line:?}");
            };
            let mut frags = Vec::new();
            for frag in offsets.split(';') {
                let (a, b) = frag
                    .split_once(' ')
                    .with_context(|| format!("bad offsets in {line:?}"))?;
                let (a, b): (usize, usize) = (a.trim().parse()?, b.trim().parse()?);
                let (Some(&sa), Some(&sb)) = (bytes_at.get(a), bytes_at.get(b)) else {
                    bail!("offsets past the text in {line:?}");
                };
                frags.push(sa..sb);
            }
            spans.insert(id, frags);
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut out = Vec::with_capacity(events.len());
    for body in events {
        let mut g = GoldAttribution::default();
        for arg in body.split_whitespace().skip(1) {
            let Some((role, id)) = arg.split_once(':') else {
                continue;
            };
            let frags = spans.get(id).cloned().unwrap_or_default();
            match role {
                "Content" => g.content = frags,
                "Source" => g.source = frags,
                "Cue" => g.cue = frags,
                _ => {}
            }
        }
        if !g.content.is_empty() {
            out.push(g);
        }
    }
    Ok(out)
}

fn is_edge(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '“'
                | '”'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '„'
                | ','
                | '.'
                | ';'
                | ':'
                | '!'
                | '?'
                | '…'
                | '—'
                | '–'
        )
}

/// The span without whitespace, quotation marks and edge punctuation.
pub fn trim(text: &str, r: &Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = s.len() - s.trim_start_matches(is_edge).len();
    let end = s.trim_end_matches(is_edge).len();
    if end <= start {
        return r.start..r.start;
    }
    r.start + start..r.start + end
}

fn is_open_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'' | '«' | '„' | '”')
}

fn is_close_mark(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | '»' | '“')
}

/// Whether a gold fragment is enclosed in quotation marks (see the module
/// documentation).
pub fn is_direct(text: &str, r: &Range<usize>) -> bool {
    let s = text[r.clone()].trim();
    if s.is_empty() {
        return false;
    }
    let opens = s.starts_with(is_open_mark) || text[..r.start].trim_end().ends_with(is_open_mark);
    let body = s.trim_end_matches([',', '.', '?', '!', ';', ':']);
    let closes = (body.len() > 1 && body.ends_with(is_close_mark)) || {
        let after = text[r.end..].trim_start_matches([',', '.', '?', '!']);
        after.starts_with(is_close_mark)
    };
    opens && closes
}

/// Counts for one measure: matched predictions over predictions, matched
/// gold over gold (weighted by annotator share).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub pred_matched: f64,
    pub pred: f64,
    pub gold_matched: f64,
    pub gold: f64,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        if self.pred == 0.0 {
            0.0
        } else {
            self.pred_matched / self.pred
        }
    }

    pub fn recall(&self) -> f64 {
        if self.gold == 0.0 {
            0.0
        } else {
            self.gold_matched / self.gold
        }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, o: &Prf) {
        self.pred_matched += o.pred_matched;
        self.pred += o.pred;
        self.gold_matched += o.gold_matched;
        self.gold += o.gold;
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "precision": self.precision(), "recall": self.recall(), "f1": self.f1(),
            "predicted": self.pred, "gold": self.gold,
        })
    }
}

/// The measures of one subset (all attributions or direct quotations):
/// `[exact, overlap]` for each component.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Subset {
    pub content: [Prf; 2],
    pub source: [Prf; 2],
    pub cue: [Prf; 2],
}

impl Subset {
    fn add(&mut self, o: &Subset) {
        for k in 0..2 {
            self.content[k].add(&o.content[k]);
            self.source[k].add(&o.source[k]);
            self.cue[k].add(&o.cue[k]);
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        let two =
            |p: &[Prf; 2]| serde_json::json!({"exact": p[0].to_json(), "overlap": p[1].to_json()});
        serde_json::json!({
            "content": two(&self.content), "source": two(&self.source), "cue": two(&self.cue),
        })
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    pub all: Subset,
    pub direct: Subset,
    pub articles: usize,
}

/// A gold unit: one content fragment with its attribution's source and cue.
#[derive(Debug, Clone)]
pub struct GoldUnit {
    pub content: Range<usize>,
    pub source: Vec<Range<usize>>,
    pub cue: Vec<Range<usize>>,
    pub direct: bool,
}

pub fn gold_units(text: &str, gold: &[GoldAttribution]) -> Vec<GoldUnit> {
    gold.iter()
        .flat_map(|g| {
            g.content.iter().map(|c| GoldUnit {
                content: trim(text, c),
                source: g.source.iter().map(|s| trim(text, s)).collect(),
                cue: g.cue.iter().map(|s| trim(text, s)).collect(),
                direct: is_direct(text, c),
            })
        })
        .filter(|u| !u.content.is_empty())
        .collect()
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// `[exact, overlap]` match of two trimmed spans.
fn matches(a: &Range<usize>, b: &Range<usize>) -> [bool; 2] {
    [a == b && !a.is_empty(), overlaps(a, b)]
}

fn is_pred_direct(q: &Quote) -> bool {
    q.kind != QuoteKind::Indirect
}

/// A gold unit's sources or cues.
fn spans(g: &GoldUnit, is_source: bool) -> &[Range<usize>] {
    if is_source { &g.source } else { &g.cue }
}

/// A predicted unit, its spans trimmed like the gold's.
struct PredUnit {
    content: Range<usize>,
    source: Option<Range<usize>>,
    cue: Option<Range<usize>>,
}

/// Scores one annotator's gold against the predictions, with weight `w`.
fn score_one(text: &str, gold: &[GoldUnit], pred: &[Quote], w: f64, direct_only: bool) -> Subset {
    let mut s = Subset::default();
    let pred: Vec<PredUnit> = pred
        .iter()
        .filter(|q| !direct_only || is_pred_direct(q))
        .map(|q| PredUnit {
            content: trim(text, &q.content),
            source: q.speaker.as_ref().map(|r| trim(text, r)),
            cue: q.cue.as_ref().map(|r| trim(text, r)),
        })
        .filter(|p| !p.content.is_empty())
        .collect();
    let gold_recall: Vec<&GoldUnit> = gold.iter().filter(|g| !direct_only || g.direct).collect();
    for k in 0..2 {
        // Content.
        for p in &pred {
            s.content[k].pred += w;
            if gold.iter().any(|g| matches(&p.content, &g.content)[k]) {
                s.content[k].pred_matched += w;
            }
        }
        for g in &gold_recall {
            s.content[k].gold += w;
            if pred.iter().any(|p| matches(&p.content, &g.content)[k]) {
                s.content[k].gold_matched += w;
            }
        }
        // Source and cue, linked through content overlap.
        for (is_source, prf) in [(true, &mut s.source[k]), (false, &mut s.cue[k])] {
            let pick = |p: &PredUnit| {
                if is_source {
                    p.source.clone()
                } else {
                    p.cue.clone()
                }
            };
            let gold_spans = |g| spans(g, is_source);
            for p in &pred {
                let Some(ps) = pick(p) else { continue };
                prf.pred += w;
                let right = gold.iter().any(|g| {
                    overlaps(&p.content, &g.content)
                        && gold_spans(g).iter().any(|gs| matches(&ps, gs)[k])
                });
                if right {
                    prf.pred_matched += w;
                }
            }
            for g in &gold_recall {
                let gs = gold_spans(g);
                if gs.is_empty() {
                    continue;
                }
                prf.gold += w;
                let found = pred.iter().any(|p| {
                    overlaps(&p.content, &g.content)
                        && pick(p).is_some_and(|ps| gs.iter().any(|x| matches(&ps, x)[k]))
                });
                if found {
                    prf.gold_matched += w;
                }
            }
        }
    }
    s
}

/// Scores `extract` over the articles (in parallel).
pub fn score<F>(articles: &[Article], extract: F) -> Scores
where
    F: Fn(&str) -> Vec<Quote> + Sync,
{
    let per: Vec<(Subset, Subset)> = articles
        .par_iter()
        .map(|a| {
            let pred = extract(&a.text);
            let w = 1.0 / a.annotators.len().max(1) as f64;
            let mut all = Subset::default();
            let mut direct = Subset::default();
            for (_, gold) in &a.annotators {
                let units = gold_units(&a.text, gold);
                all.add(&score_one(&a.text, &units, &pred, w, false));
                direct.add(&score_one(&a.text, &units, &pred, w, true));
            }
            (all, direct)
        })
        .collect();
    let mut out = Scores {
        articles: articles.len(),
        ..Scores::default()
    };
    for (a, d) in &per {
        out.all.add(a);
        out.direct.add(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_offsets_become_byte_offsets() {
        let text = "“Ça va,” dit-il. He said.";
        let bytes_at = char_to_byte(text);
        let ann = "T1\tContent 0 8\t“Ça va,”\nT2\tSource 13 15\til\nE1\tAttribution:T9 Content:T1 Source:T2\n";
        let g = parse_ann(ann, &bytes_at).unwrap();
        assert_eq!(&text[g[0].content[0].clone()], "“Ça va,”");
        assert_eq!(&text[g[0].source[0].clone()], "il");
        assert!(is_direct(text, &g[0].content[0]));
        assert_eq!(&text[trim(text, &g[0].content[0])], "Ça va");
    }

    #[test]
    fn direct_means_enclosed_in_marks() {
        let text = "He said \"we won\" and that \"it\" was over, then: \"Done.\"";
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            i..i + s.len()
        };
        assert!(is_direct(text, &at("\"we won\"")));
        assert!(is_direct(text, &at("we won")));
        assert!(!is_direct(text, &at("that \"it\" was over")));
        assert!(is_direct(text, &at("Done.")));
    }

    #[test]
    fn scores_link_source_to_content() {
        let text = "\"We won,\" he said. Later, Smith said the race was close.";
        let span = |s: &str| {
            let i = text.find(s).unwrap();
            i..i + s.len()
        };
        let gold = vec![
            GoldAttribution {
                content: vec![span("\"We won,\"")],
                source: vec![span("he")],
                cue: vec![span("said")],
            },
            GoldAttribution {
                content: vec![span("the race was close")],
                source: vec![span("Smith")],
                cue: vec![span("said the")],
            },
        ];
        let units = gold_units(text, &gold);
        let pred = vec![Quote {
            kind: QuoteKind::Direct,
            content: span("We won,"),
            cue: Some(span("said")),
            speaker: Some(span("Smith")),
            speaker_name: None,
        }];
        let s = score_one(text, &units, &pred, 1.0, false);
        assert_eq!(s.content[0].precision(), 1.0);
        assert_eq!(s.content[0].recall(), 0.5);
        // Smith is a gold source, but not of this quotation.
        assert_eq!(s.source[1].pred_matched, 0.0);
        assert_eq!(s.cue[1].pred_matched, 1.0);
        let d = score_one(text, &units, &pred, 1.0, true);
        assert_eq!(d.content[0].recall(), 1.0);
    }
}
