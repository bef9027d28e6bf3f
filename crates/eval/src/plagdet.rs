//! PAN plagdet: character-level precision, recall and granularity of passage detections.
//!
//! The measures are those of Potthast, Stein, Barrón-Cedeño and Rosso, "An
//! Evaluation Framework for Plagiarism Detection" (COLING 2010). A *case*
//! `s` and a *detection* `r` are each a pair of character ranges, one in the
//! suspicious document and one in the source, of one document pair; `|x|`
//! counts the characters of both sides. `r` *detects* `s` when they overlap
//! in the suspicious document **and** in the source. With `s ⊓ r = s ∩ r`
//! when `r` detects `s` and `∅` otherwise:
//!
//! - precision = (1/|R|) Σ_r |∪_s (s ⊓ r)| / |r|
//! - recall = (1/|S|) Σ_s |∪_r (s ⊓ r)| / |s|
//! - granularity = (1/|S_R|) Σ_{s ∈ S_R} |R_s|, where `S_R` are the detected
//!   cases and `R_s` the detections that detect `s`
//! - plagdet = F1(precision, recall) / log2(1 + granularity)
//!
//! `S` and `R` are pooled over the whole corpus (cases and detections of
//! different document pairs never interact), so every case and every
//! detection weighs the same. Edge cases follow PAN's `perfmeasures.py`:
//! with neither cases nor detections precision and recall are 1; with only
//! one of them both are 0; granularity is 1 when no case is detected; plagdet
//! is 0 when precision and recall are both 0.
//!
//! [`Scores`] also carries the character-pooled variants (PAN's "micro"
//! averages), `char_precision` and `char_recall`, which weigh every
//! character instead of every case.
//!
//! [`run_pan`] and [`evaluate_pan`] run storyline's passage alignment
//! ([`storyline_dedup::shared_passages`]) over a PAN text-alignment corpus
//! (`truth/`, `susp/`, `src/`) read in place.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use rayon::prelude::*;
use storyline_dedup::Config;

/// A plagiarism case or a detection: character ranges in the suspicious
/// document and in the source of document pair `pair`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub pair: usize,
    pub susp: Range<usize>,
    pub src: Range<usize>,
}

impl Case {
    /// Characters on both sides.
    pub fn len(&self) -> usize {
        self.susp.len() + self.src.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `self` and `other` overlap in both documents of the same pair.
    pub fn detects(&self, other: &Case) -> bool {
        self.pair == other.pair
            && overlaps(&self.susp, &other.susp)
            && overlaps(&self.src, &other.src)
    }
}

/// The PAN measures of a set of detections against a set of cases.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub granularity: f64,
    pub plagdet: f64,
    /// Character-pooled ("micro") precision: detected case characters over
    /// all detection characters.
    pub char_precision: f64,
    /// Character-pooled ("micro") recall: detected case characters over all
    /// case characters.
    pub char_recall: f64,
    /// |S|, |R| and |S_R|.
    pub cases: usize,
    pub detections: usize,
    pub detected_cases: usize,
}

impl Scores {
    /// The F1 of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        f1(self.precision, self.recall)
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "precision": self.precision,
            "recall": self.recall,
            "granularity": self.granularity,
            "plagdet": self.plagdet,
            "char_precision": self.char_precision,
            "char_recall": self.char_recall,
            "cases": self.cases,
            "detections": self.detections,
            "detected_cases": self.detected_cases,
        })
    }
}

/// Scores `detections` against `cases` (see the module documentation).
pub fn score(cases: &[Case], detections: &[Case]) -> Scores {
    let mut by_pair: BTreeMap<usize, (Vec<&Case>, Vec<&Case>)> = BTreeMap::new();
    for s in cases {
        by_pair.entry(s.pair).or_default().0.push(s);
    }
    for r in detections {
        by_pair.entry(r.pair).or_default().1.push(r);
    }

    let (mut recall_sum, mut precision_sum) = (0.0, 0.0);
    let (mut detected_cases, mut granularity_sum) = (0usize, 0usize);
    // Character-pooled: detected case characters, case characters and
    // detection characters, each counted once per pair and side.
    let (mut hit_chars, mut case_chars, mut detection_chars) = (0usize, 0usize, 0usize);
    for (pair_cases, pair_detections) in by_pair.values() {
        for s in pair_cases {
            let detecting: Vec<&&Case> = pair_detections.iter().filter(|r| r.detects(s)).collect();
            if !detecting.is_empty() {
                detected_cases += 1;
                granularity_sum += detecting.len();
            }
            recall_sum += covered_share(s, detecting.iter().map(|r| &***r));
        }
        for r in pair_detections {
            let detected = pair_cases.iter().filter(|s| s.detects(r)).map(|s| &**s);
            precision_sum += covered_share(r, detected);
        }
        // s ⊓ r over all detecting pairs, per side.
        let mut hits = (Vec::new(), Vec::new());
        for s in pair_cases {
            for r in pair_detections.iter().filter(|r| r.detects(s)) {
                hits.0.push(intersection(&s.susp, &r.susp));
                hits.1.push(intersection(&s.src, &r.src));
            }
        }
        hit_chars += union_len(hits.0) + union_len(hits.1);
        case_chars += union_len(pair_cases.iter().map(|s| s.susp.clone()).collect())
            + union_len(pair_cases.iter().map(|s| s.src.clone()).collect());
        detection_chars += union_len(pair_detections.iter().map(|r| r.susp.clone()).collect())
            + union_len(pair_detections.iter().map(|r| r.src.clone()).collect());
    }

    let (precision, recall, char_precision, char_recall) =
        match (cases.is_empty(), detections.is_empty()) {
            (true, true) => (1.0, 1.0, 1.0, 1.0),
            (true, false) | (false, true) => (0.0, 0.0, 0.0, 0.0),
            (false, false) => (
                precision_sum / detections.len() as f64,
                recall_sum / cases.len() as f64,
                ratio(hit_chars, detection_chars),
                ratio(hit_chars, case_chars),
            ),
        };
    let granularity = if detected_cases == 0 {
        1.0
    } else {
        granularity_sum as f64 / detected_cases as f64
    };
    Scores {
        precision,
        recall,
        granularity,
        plagdet: plagdet(precision, recall, granularity),
        char_precision,
        char_recall,
        cases: cases.len(),
        detections: detections.len(),
        detected_cases,
    }
}

/// F1 / log2(1 + granularity); 0 when precision and recall are both 0.
pub fn plagdet(precision: f64, recall: f64, granularity: f64) -> f64 {
    let f = f1(precision, recall);
    if f == 0.0 {
        return 0.0;
    }
    f / (1.0 + granularity).log2()
}

fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start.max(b.start) < a.end.min(b.end)
}

fn intersection(a: &Range<usize>, b: &Range<usize>) -> Range<usize> {
    let start = a.start.max(b.start);
    start..a.end.min(b.end).max(start)
}

/// |∪_o (x ∩ o)| / |x| over both sides, for the `others` that overlap `x`
/// on both sides (0 for an empty `x`).
fn covered_share<'a>(x: &Case, others: impl Iterator<Item = &'a Case>) -> f64 {
    let (mut susp, mut src) = (Vec::new(), Vec::new());
    for o in others {
        susp.push(intersection(&x.susp, &o.susp));
        src.push(intersection(&x.src, &o.src));
    }
    ratio(union_len(susp) + union_len(src), x.len())
}

/// The number of positions in the union of `ranges`.
fn union_len(mut ranges: Vec<Range<usize>>) -> usize {
    merge(&mut ranges);
    ranges.iter().map(|r| r.len()).sum()
}

/// Sorts `ranges` and merges overlapping or adjacent ones; drops empty ones.
pub fn merge(ranges: &mut Vec<Range<usize>>) {
    ranges.retain(|r| !r.is_empty());
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges.drain(..) {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    *ranges = out;
}

/// The parts of `range` that none of `covers` covers, in order.
pub fn uncovered(range: &Range<usize>, covers: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut covers: Vec<Range<usize>> = covers.iter().map(|c| intersection(range, c)).collect();
    merge(&mut covers);
    let mut out = Vec::new();
    let mut at = range.start;
    for c in covers {
        if c.start > at {
            out.push(at..c.start);
        }
        at = c.end;
    }
    if at < range.end {
        out.push(at..range.end);
    }
    out
}

// ---------------------------------------------------------------------------
// PAN text-alignment corpora.

/// One document pair of a PAN text-alignment corpus, with its cases in
/// character offsets.
#[derive(Debug, Clone)]
pub struct PanPair {
    /// The truth file's stem: `suspicious-documentXXXXX-source-documentYYYYY`.
    pub name: String,
    pub susp: PathBuf,
    pub src: PathBuf,
    /// (suspicious range, source range) of each `plagiarism` feature.
    pub cases: Vec<(Range<usize>, Range<usize>)>,
}

/// A pair's cases, storyline's detections (character offsets) and the
/// pair's own scores.
#[derive(Debug, Clone)]
pub struct PairRun {
    pub pair: PanPair,
    pub detections: Vec<(Range<usize>, Range<usize>)>,
    pub scores: Scores,
}

/// An evaluation over a corpus: every pair, and the pooled scores.
#[derive(Debug, Clone)]
pub struct PanRun {
    pub pairs: Vec<PairRun>,
    pub scores: Scores,
}

/// Reads the pairs of the PAN text-alignment corpus in `dir` (`truth/*.xml`,
/// `susp/`, `src/`), in the order of their truth files' names.
pub fn load_pan(dir: &Path) -> anyhow::Result<Vec<PanPair>> {
    let truth = dir.join("truth");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&truth)
        .with_context(|| format!("reading {}", truth.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "xml"));
    files.sort();
    if files.is_empty() {
        bail!("no truth files (*.xml) in {}", truth.display());
    }
    files
        .iter()
        .map(|file| {
            let xml = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            parse_pair(dir, file, &xml).with_context(|| format!("in {}", file.display()))
        })
        .collect()
}

fn parse_pair(dir: &Path, file: &Path, xml: &str) -> anyhow::Result<PanPair> {
    let name = file
        .file_stem()
        .and_then(|s| s.to_str())
        .context("truth file name is not UTF-8")?
        .to_string();
    let Some(at) = name.find("-source-document") else {
        bail!("truth file name is not suspicious-documentX-source-documentY.xml");
    };
    let susp_name = format!("{}.txt", &name[..at]);
    let src_name = format!("{}.txt", &name[at + 1..]);
    if let Some(document) = tags(xml, "document").next()
        && let Some(reference) = attribute(document, "reference")
        && reference != susp_name
    {
        bail!("document reference {reference:?} does not match the file name");
    }
    let mut cases = Vec::new();
    for feature in tags(xml, "feature") {
        if attribute(feature, "name") != Some("plagiarism") {
            continue;
        }
        if let Some(reference) = attribute(feature, "source_reference")
            && reference != src_name
        {
            bail!("source_reference {reference:?} does not match the file name");
        }
        let number = |key: &str| -> anyhow::Result<usize> {
            let value =
                attribute(feature, key).with_context(|| format!("feature without {key}"))?;
            value
                .parse()
                .with_context(|| format!("{key}={value:?} is not a number"))
        };
        let (this, source) = (number("this_offset")?, number("source_offset")?);
        cases.push((
            this..this + number("this_length")?,
            source..source + number("source_length")?,
        ));
    }
    Ok(PanPair {
        name,
        susp: dir.join("susp").join(susp_name),
        src: dir.join("src").join(src_name),
        cases,
    })
}

/// The contents of each `<name ...>` tag in `xml` (between the name and `>`).
fn tags<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{name}");
    let mut rest = xml;
    std::iter::from_fn(move || {
        loop {
            let at = rest.find(&open)?;
            let after = &rest[at + open.len()..];
            let end = after.find('>').unwrap_or(after.len());
            rest = &after[end..];
            // `<feature` but not `<features`.
            if after.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>') {
                return Some(&after[..end]);
            }
        }
    })
}

/// The value of attribute `key` in a tag's contents (no entity decoding:
/// PAN's values are numbers and file names).
fn attribute<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = tag;
    loop {
        let eq = rest.find('=')?;
        let name = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|&c| c == '"' || c == '\'')?;
        let value_end = after[1..].find(quote)? + 1;
        let value = &after[1..value_end];
        if name.rsplit(char::is_whitespace).next() == Some(key) {
            return Some(value);
        }
        rest = &after[value_end + 1..];
    }
}

/// Reads a corpus text; invalid UTF-8 is replaced (PAN's texts are UTF-8).
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Maps byte offsets of a text to character offsets.
pub struct CharOffsets {
    /// The character offset of each byte offset (`None` for ASCII text,
    /// where they are equal).
    map: Option<Vec<u32>>,
}

impl CharOffsets {
    pub fn new(text: &str) -> CharOffsets {
        if text.is_ascii() {
            return CharOffsets { map: None };
        }
        let mut map = Vec::with_capacity(text.len() + 1);
        for (chars, c) in text.chars().enumerate() {
            // Bytes inside a character map to the character's start.
            map.extend(std::iter::repeat_n(chars as u32, c.len_utf8()));
        }
        map.push(text.chars().count() as u32);
        CharOffsets { map: Some(map) }
    }

    /// The character offset of byte offset `byte` (clamped to the text).
    pub fn get(&self, byte: usize) -> usize {
        match &self.map {
            None => byte,
            Some(map) => map[byte.min(map.len() - 1)] as usize,
        }
    }

    pub fn range(&self, bytes: Range<usize>) -> Range<usize> {
        self.get(bytes.start)..self.get(bytes.end)
    }
}

/// storyline's shared passages of a suspicious text and a source text, in
/// character offsets of each.
pub fn detect(susp: &str, src: &str, config: &Config) -> Vec<(Range<usize>, Range<usize>)> {
    let (ns, nr) = (
        storyline_text::normalize(susp),
        storyline_text::normalize(src),
    );
    let (cs, cr) = (CharOffsets::new(susp), CharOffsets::new(src));
    storyline_dedup::shared_passages(&ns, &nr, config)
        .into_iter()
        .map(|(a, b)| (cs.range(a), cr.range(b)))
        .collect()
}

/// Runs the alignment on every pair of the corpus in `dir` (in parallel) and
/// scores it, per pair and pooled.
pub fn run_pan(dir: &Path, config: &Config) -> anyhow::Result<PanRun> {
    run_pan_with(dir, |susp, src| detect(susp, src, config))
}

/// Like [`run_pan`], with any detector: `detector(susp, src)` returns
/// (suspicious, source) character ranges.
pub fn run_pan_with<F>(dir: &Path, detector: F) -> anyhow::Result<PanRun>
where
    F: Fn(&str, &str) -> Vec<(Range<usize>, Range<usize>)> + Sync,
{
    let pairs = load_pan(dir)?;
    let pairs: Vec<PairRun> = pairs
        .into_par_iter()
        .map(|pair| {
            let susp = read_text(&pair.susp)?;
            let src = read_text(&pair.src)?;
            let detections = detector(&susp, &src);
            let scores = score(&to_cases(0, &pair.cases), &to_cases(0, &detections));
            Ok(PairRun {
                pair,
                detections,
                scores,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let (mut cases, mut detections) = (Vec::new(), Vec::new());
    for (i, p) in pairs.iter().enumerate() {
        cases.extend(to_cases(i, &p.pair.cases));
        detections.extend(to_cases(i, &p.detections));
    }
    let scores = score(&cases, &detections);
    Ok(PanRun { pairs, scores })
}

/// The pooled scores of storyline's alignment on the corpus in `dir`.
pub fn evaluate_pan(dir: &Path, config: &Config) -> anyhow::Result<Scores> {
    run_pan(dir, config).map(|run| run.scores)
}

fn to_cases(pair: usize, ranges: &[(Range<usize>, Range<usize>)]) -> Vec<Case> {
    ranges
        .iter()
        .map(|(susp, src)| Case {
            pair,
            susp: susp.clone(),
            src: src.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(pair: usize, susp: Range<usize>, src: Range<usize>) -> Case {
        Case { pair, susp, src }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect_detection() {
        let cases = [c(0, 10..20, 30..40), c(1, 0..5, 0..5)];
        let s = score(&cases, &cases);
        assert_eq!((s.precision, s.recall, s.granularity), (1.0, 1.0, 1.0));
        assert!(close(s.plagdet, 1.0));
        assert_eq!((s.char_precision, s.char_recall), (1.0, 1.0));
        assert_eq!((s.cases, s.detections, s.detected_cases), (2, 2, 2));
    }

    #[test]
    fn half_detection() {
        // The detection covers the first half of the case on both sides.
        let s = score(&[c(0, 0..100, 200..300)], &[c(0, 0..50, 200..250)]);
        assert!(close(s.precision, 1.0));
        assert!(close(s.recall, 0.5));
        assert_eq!(s.granularity, 1.0);
        let f1 = 2.0 * 0.5 / 1.5;
        assert!(close(s.plagdet, f1));
        // Half on one side, all on the other: (50 + 100) / 200.
        let s = score(&[c(0, 0..100, 200..300)], &[c(0, 0..50, 150..350)]);
        assert!(close(s.recall, 0.75));
        // The detection has 50 + 200 characters, 150 of them in the case.
        assert!(close(s.precision, 150.0 / 250.0));
    }

    #[test]
    fn split_detection_has_granularity_two() {
        let cases = [c(0, 0..100, 0..100)];
        let detections = [c(0, 0..50, 0..50), c(0, 50..100, 50..100)];
        let s = score(&cases, &detections);
        assert_eq!((s.precision, s.recall, s.granularity), (1.0, 1.0, 2.0));
        assert!(close(s.plagdet, 1.0 / 3f64.log2()));
        assert_eq!(s.detected_cases, 1);
    }

    #[test]
    fn detection_without_case_has_precision_zero() {
        let cases = [c(0, 0..100, 0..100)];
        let detections = [c(0, 0..100, 0..100), c(0, 500..600, 500..600)];
        let s = score(&cases, &detections);
        assert!(close(s.precision, 0.5));
        assert_eq!((s.recall, s.granularity), (1.0, 1.0));
        assert!(close(s.char_precision, 0.5));
        // The same ranges in another pair detect nothing either.
        let s = score(&cases, &[c(1, 0..100, 0..100)]);
        assert_eq!((s.precision, s.recall, s.detected_cases), (0.0, 0.0, 0));
        assert_eq!((s.granularity, s.plagdet), (1.0, 0.0));
    }

    #[test]
    fn overlap_on_one_side_only_does_not_count() {
        let cases = [c(0, 0..100, 0..100)];
        let s = score(&cases, &[c(0, 0..100, 200..300)]);
        assert_eq!((s.precision, s.recall, s.detected_cases), (0.0, 0.0, 0));
        let s = score(&cases, &[c(0, 200..300, 0..100)]);
        assert_eq!((s.precision, s.recall, s.detected_cases), (0.0, 0.0, 0));
        // Touching ranges (half-open) do not overlap.
        let s = score(&cases, &[c(0, 100..200, 100..200)]);
        assert_eq!(s.detected_cases, 0);
    }

    #[test]
    fn overlapping_detections_count_their_union_once() {
        let cases = [c(0, 0..100, 0..100)];
        let detections = [c(0, 0..60, 0..60), c(0, 40..100, 40..100)];
        let s = score(&cases, &detections);
        assert_eq!((s.precision, s.recall, s.granularity), (1.0, 1.0, 2.0));
    }

    #[test]
    fn one_detection_over_two_cases() {
        // One detection spans two cases and the gap between them.
        let cases = [c(0, 0..40, 0..40), c(0, 60..100, 60..100)];
        let s = score(&cases, &[c(0, 0..100, 0..100)]);
        assert!(close(s.precision, 0.8));
        assert_eq!((s.recall, s.granularity, s.detected_cases), (1.0, 1.0, 2));
    }

    #[test]
    fn per_case_and_per_character_averages_differ() {
        // A small case missed, a large one found.
        let cases = [c(0, 0..10, 0..10), c(0, 100..190, 100..190)];
        let s = score(&cases, &[c(0, 100..190, 100..190)]);
        assert!(close(s.recall, 0.5));
        assert!(close(s.char_recall, 0.9));
    }

    #[test]
    fn empty_sets() {
        let s = score(&[], &[]);
        assert_eq!(
            (s.precision, s.recall, s.granularity, s.plagdet),
            (1.0, 1.0, 1.0, 1.0)
        );
        let s = score(&[c(0, 0..10, 0..10)], &[]);
        assert_eq!(
            (s.precision, s.recall, s.granularity, s.plagdet),
            (0.0, 0.0, 1.0, 0.0)
        );
        let s = score(&[], &[c(0, 0..10, 0..10)]);
        assert_eq!((s.precision, s.recall, s.plagdet), (0.0, 0.0, 0.0));
    }

    #[test]
    fn uncovered_parts() {
        assert_eq!(
            uncovered(&(0..100), &[10..20, 15..30, 90..120]),
            vec![0..10, 30..90]
        );
        assert_eq!(uncovered(&(0..10), &[]), vec![0..10]);
        let all: Range<usize> = 0..10;
        assert!(uncovered(&(0..10), std::slice::from_ref(&all)).is_empty());
    }

    #[test]
    fn parses_truth() {
        let xml = r#"<document reference="suspicious-document00005.txt">
<feature name="plagiarism" obfuscation="none" source_length="698" source_offset="1300" source_reference="source-document01090.txt" this_length="697" this_offset="3593" type="artificial" />
<feature name="about" authors="x" />
</document>"#;
        let pair = parse_pair(
            Path::new("/d"),
            Path::new("/d/truth/suspicious-document00005-source-document01090.xml"),
            xml,
        )
        .unwrap();
        assert_eq!(pair.cases, vec![(3593..4290, 1300..1998)]);
        assert_eq!(pair.susp, Path::new("/d/susp/suspicious-document00005.txt"));
        assert_eq!(pair.src, Path::new("/d/src/source-document01090.txt"));
        let wrong = xml.replace("01090.txt", "01091.txt");
        assert!(
            parse_pair(
                Path::new("/d"),
                Path::new("/d/truth/suspicious-document00005-source-document01090.xml"),
                &wrong
            )
            .is_err()
        );
    }

    #[test]
    fn char_offsets() {
        let text = "Zoë said “hi”";
        let map = CharOffsets::new(text);
        let byte = text.find("said").unwrap();
        assert_eq!(map.get(byte), 4);
        assert_eq!(map.get(text.len()), text.chars().count());
        assert_eq!(CharOffsets::new("abc").range(1..3), 1..3);
    }
}
