//! Quotations with their cue and speaker.
//!
//! Each quotation found by [`crate::marks`] is a *direct* quote when it
//! stands as an utterance (it opens its sentence, or follows a colon, a
//! comma or a reporting verb, and starts with a capital) and a *partial*
//! one otherwise (`called it "a disgrace"`). It is attributed from the
//! words around it, in the order news writing uses:
//!
//! - after it, in its sentence: `"...," he said.`, `"...," said Smith, a
//!   spokesman.`, `"...," Smith told CNN.`, `"...," according to Smith.`,
//!   `"...!" beamed Smith` (an unlisted verb in the past tense);
//! - before it, in its sentence: `Smith said: "..."`, `He said, "..."`,
//!   `Smith called it "a disgrace"` (the nearest reporting verb before the
//!   quote, with its subject; for a participle or an infinitive, "...,
//!   adding:", "went on to say", the subject of the clause);
//! - a colon: `Smith: 'We will win'` in a headline, `She turned to the
//!   crowd: "..."` in the body;
//! - otherwise a direct quotation with no attribution of its own continues
//!   the previous attributed quotation of its paragraph, or, when it opens
//!   a paragraph, the last attribution of the paragraph before (`"...," he
//!   said.` then a paragraph that is all quote; `Smith said:` then a quote
//!   paragraph).
//!
//! A direct quotation that none of these attribute keeps no cue and no
//! speaker. A partial one takes the attribution of the reported speech it
//! sits in (`Smith said the plan was "dead"`) or is dropped: a quoted
//! phrase nobody is said to have said is a title or scare quotes. Speakers
//! that are pronouns, relative pronouns or role descriptions are resolved
//! to a named person by [`Resolver`].

use std::collections::HashSet;
use std::ops::Range;

use crate::indirect;
use crate::lexicon::{
    ADVERB, BOUNDARY, CALENDAR, CIRCUMSTANCE, CUE, DETERMINER, FEMALE, MALE, ORG_WORD, PERSON_NOUN,
    PHRASAL, PRONOUN, STARTER, TITLE,
};
use crate::marks::{self, Quoted};
use crate::people::{self, Gender, Person};
use crate::sentences::sentence_tokens;
use crate::tokens::{Tok, tokenize};
use crate::types::{Mention, MentionKind, Quote, QuoteKind};

/// A text with its tokens, sentences and paragraphs: what every rule reads.
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    /// Sentences as token ranges.
    pub sents: Vec<Range<usize>>,
    /// The sentence of each token.
    pub sent_of: Vec<u32>,
    /// Whether each token opens its sentence.
    pub sent_start: Vec<bool>,
    /// Paragraphs as byte ranges.
    pub paras: Vec<Range<usize>>,
    /// Words capitalized inside a sentence somewhere in the text: proper
    /// nouns rather than sentence openers.
    proper: HashSet<&'a str>,
    /// Words written in lower case somewhere in the text: a capitalized
    /// form of one is a sentence opener or a headline word, not a name.
    lower: HashSet<&'a str>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Self {
        let toks = tokenize(text);
        let sents = sentence_tokens(&toks);
        let mut sent_of = vec![0u32; toks.len()];
        let mut sent_start = vec![false; toks.len()];
        for (si, r) in sents.iter().enumerate() {
            for s in &mut sent_of[r.clone()] {
                *s = si as u32;
            }
            sent_start[r.start] = true;
        }
        let proper = toks
            .iter()
            .enumerate()
            .filter(|&(k, t)| {
                t.is_cap()
                    && !sent_start[k]
                    && k > 0
                    // A line's first word, or a bullet's, is capitalized
                    // as an opener ("- Temporary housing for ...").
                    && t.newlines_before == 0
                    && !is_quote_mark(&toks[k - 1])
                    && !toks[k - 1].is_punct(':')
                    && (toks[k - 1].word || !matches!(toks[k - 1].first, '-' | '•' | '—' | '–'))
            })
            .map(|(_, t)| &text[t.start..t.end])
            .collect();
        // Not hashtags, handles or paths ("#toblerone", "@cnn").
        let lower = toks
            .iter()
            .enumerate()
            .filter(|&(k, t)| {
                t.is_lower()
                    && !(k > 0
                        && !t.space_before
                        && matches!(toks[k - 1].first, '#' | '@' | '/' | '_'))
            })
            .map(|(_, t)| &text[t.start..t.end])
            .collect();
        Doc {
            text,
            toks,
            sents,
            sent_of,
            sent_start,
            paras: marks::paragraphs(text),
            proper,
            lower,
        }
    }

    /// Whether capitalized token `k` is written in lower case elsewhere in
    /// the text ("Peace" and "peace").
    pub fn is_lower_elsewhere(&self, k: usize) -> bool {
        let w = self.word(k);
        let mut buf = [0u8; 32];
        if w.is_ascii() && w.len() <= buf.len() {
            for (b, c) in buf.iter_mut().zip(w.bytes()) {
                *b = c.to_ascii_lowercase();
            }
            return std::str::from_utf8(&buf[..w.len()]).is_ok_and(|l| self.lower.contains(l));
        }
        self.lower.contains(w.to_lowercase().as_str())
    }

    /// Whether `word` is capitalized inside some sentence of the text.
    pub fn is_proper(&self, word: &str) -> bool {
        self.proper.contains(word)
    }

    /// The first token that starts at or after byte `pos`.
    pub fn tok_at(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.start < pos)
    }

    pub fn word(&self, k: usize) -> &'a str {
        let t = &self.toks[k];
        &self.text[t.start..t.end]
    }

    /// Whether token `k` exists and is the word `w` (any case).
    pub fn is_word(&self, k: usize, w: &str) -> bool {
        self.toks
            .get(k)
            .is_some_and(|t| t.word && self.text[t.start..t.end].eq_ignore_ascii_case(w))
    }

    /// Byte span of a non-empty token range.
    pub fn bytes(&self, r: &Range<usize>) -> Range<usize> {
        self.toks[r.start].start..self.toks[r.end - 1].end
    }

    /// The paragraph holding byte `pos`.
    pub fn para_of(&self, pos: usize) -> usize {
        self.paras.partition_point(|p| p.end <= pos)
    }

    /// Whether token `k` is a reporting verb used as one: lower case, or
    /// capitalized inside a headline ("Smith Says ...").
    pub fn cue_at(&self, k: usize) -> bool {
        let t = &self.toks[k];
        (t.is(CUE) || self.phrasal(k))
            // "the report stated": a noun after a determiner.
            && !(k > 0 && self.toks[k - 1].is(DETERMINER) && self.toks[k - 1].is_lower())
            && !self.noun_after_possessive(k)
            && !self.modifies_a_title(k)
            && (t.is_lower()
                || (t.is_cap() && !self.sent_start[k] && !t.is(ORG_WORD) && self.para_of(t.start) == 0))
    }

    /// "Nevada state senator", "state police": "state" right before a
    /// title, a person's noun or an organization's word modifies it; it
    /// reports nothing.
    fn modifies_a_title(&self, k: usize) -> bool {
        self.word(k) == "state"
            && self
                .toks
                .get(k + 1)
                .is_some_and(|n| n.word && (n.is(TITLE) || n.is(PERSON_NOUN) || n.is(ORG_WORD)))
    }

    /// "the engineer’s report", "his 42-page report", "a new report": a
    /// cue word that can be a noun (not a past or participle form), after
    /// a possessive, or after a determiner and a modifier. Such a noun is
    /// the subject or object of another verb ("the engineer’s report would
    /// be examined"), not a reporting verb.
    fn noun_after_possessive(&self, k: usize) -> bool {
        if k == 0 || !self.toks[k - 1].word {
            return false;
        }
        let before = self.word(k - 1);
        let possessive = (before.ends_with("’s") || before.ends_with("'s"))
            && ![
                "it", "he", "she", "that", "what", "there", "who", "where", "here", "let",
            ]
            .iter()
            .any(|p| {
                before
                    .trim_end_matches(['s', '’', '\''])
                    .eq_ignore_ascii_case(p)
            });
        let modified = || {
            k >= 2
                && self.toks[k - 2].is(DETERMINER)
                && self.toks[k - 2].is_lower()
                && (before.contains(|c: char| c.is_ascii_digit() || c == '-')
                    || [
                        "new",
                        "full",
                        "final",
                        "latest",
                        "annual",
                        "written",
                        "brief",
                        "official",
                        "earlier",
                        "previous",
                        "recent",
                        "initial",
                        "preliminary",
                        "internal",
                        "separate",
                        "first",
                        "second",
                    ]
                    .contains(&before))
        };
        if !possessive && !modified() {
            return false;
        }
        let w = self.word(k);
        let verb_form = w.ends_with("ed")
            || w.ends_with("ing")
            || [
                "said", "told", "wrote", "written", "thought", "found", "shown", "read", "sang",
                "felt", "saw", "knew", "sought",
            ]
            .iter()
            .any(|v| w.eq_ignore_ascii_case(v));
        !verb_form
    }

    /// A reporting verb of two words: "shot back", "went on", "pointed out".
    pub fn phrasal(&self, k: usize) -> bool {
        if !self.toks[k].is(PHRASAL) {
            return false;
        }
        let particle = match self.word(k) {
            "shot" | "fired" | "snapped" | "wrote" | "writes" | "hit" => "back",
            "went" | "goes" | "go" => "on",
            "pointed" | "points" | "spoke" | "speaks" | "called" | "lashed" | "cried" => "out",
            "chimed" | "chimes" | "weighed" => "in",
            "summed" | "sums" | "piped" => "up",
            _ => return false,
        };
        self.toks
            .get(k + 1)
            .is_some_and(|t| t.word && self.text[t.start..t.end].eq_ignore_ascii_case(particle))
    }

    /// One past the last token of the cue whose verb is token `c`.
    pub fn cue_end(&self, c: usize) -> usize {
        if self.phrasal(c) { c + 2 } else { c + 1 }
    }

    /// The sentence of token `k` as a token range.
    pub fn sentence(&self, k: usize) -> Range<usize> {
        self.sents[self.sent_of[k] as usize].clone()
    }
}

/// An attribution as token ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Attr {
    pub cue: Option<Range<usize>>,
    pub speaker: Option<Range<usize>>,
}

impl Attr {
    fn or(self, other: Option<Attr>) -> Attr {
        match other {
            Some(o) if self.speaker.is_none() && (o.speaker.is_some() || self.cue.is_none()) => o,
            _ => self,
        }
    }
}

/// A quote being built: byte content, token attribution, and where it
/// stands.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub kind: QuoteKind,
    pub content: Range<usize>,
    pub attr: Attr,
    /// Paragraph where the quote starts and where it ends.
    pub first_para: usize,
    pub last_para: usize,
    /// Nothing but the quote's opening mark (and list bullets) before it in
    /// its paragraph.
    pub opens_para: bool,
}

fn is_dash(t: &Tok) -> bool {
    !t.word && matches!(t.first, '—' | '–' | '-' | '―')
}

fn is_quote_mark(t: &Tok) -> bool {
    !t.word
        && matches!(
            t.first,
            '"' | '“' | '”' | '‘' | '’' | '\'' | '«' | '»' | '„'
        )
}

/// "Cross’ speech": an apostrophe closing a plural possessive.
fn is_possessive_mark(toks: &[Tok], j: usize) -> bool {
    let t = &toks[j];
    matches!(t.first, '’' | '\'')
        && !t.space_before
        && j > 0
        && toks[j - 1].word
        && toks.get(j + 1).is_some_and(|n| n.space_before && n.word)
}

/// Punctuation that ends a clause: a period after an abbreviation or an
/// initial ("Gov. Kasich") does not.
fn is_stop(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    !t.word
        && matches!(t.first, '.' | '!' | '?' | ';' | '…')
        && !(t.first == '.' && people_period(toks, i))
}

/// The rule-based extraction: quotations first, then reported speech in the
/// sentences they leave.
pub(crate) fn quotes(text: &str) -> Vec<Quote> {
    mentions_and_quotes(&Doc::new(text)).1
}

/// The mentions of a text already read, and its quotes, their speakers
/// resolved against its people and organizations.
pub(crate) fn mentions_and_quotes(doc: &Doc) -> (Vec<Mention>, Vec<Quote>) {
    let runs = people::scan(doc);
    let mentions = crate::mentions::mentions(doc, &runs);
    let people = runs.into_iter().filter_map(|r| r.person).collect();
    let mut quotes = quotes_in(doc, people);
    name_speakers_from_mentions(doc.text, &mut quotes, &mentions);
    (mentions, quotes)
}

/// [`quotes`] on a text already read, with its people.
fn quotes_in(doc: &Doc, people: Vec<Person>) -> Vec<Quote> {
    if doc.toks.is_empty() {
        return Vec::new();
    }
    let mut quoted = marks::quoted(doc.text);
    drop_nicknames(doc, &mut quoted);
    let mut found = attribute_quotations(doc, &quoted);
    let used_cues: Vec<Range<usize>> = found.iter().filter_map(|f| f.attr.cue.clone()).collect();
    found.extend(indirect::reported(doc, &quoted, &used_cues));
    found.sort_by_key(|f| (f.content.start, f.content.end));
    enclose_partials(doc, &mut found);
    inherit(doc, &mut found);
    let resolver = Resolver::new(doc, people, &quoted);
    found
        .into_iter()
        .map(|f| {
            let speaker_name = f.attr.speaker.as_ref().and_then(|s| resolver.resolve(s));
            Quote {
                kind: f.kind,
                content: f.content,
                cue: f.attr.cue.as_ref().map(|r| doc.bytes(r)),
                speaker: f.attr.speaker.as_ref().map(|r| doc.bytes(r)),
                speaker_name,
            }
        })
        .collect()
}

/// `Marcia "Cia" Price`: one capitalized word in quotation marks between two
/// capitalized words is a nickname, part of a name.
fn drop_nicknames(doc: &Doc, quoted: &mut Vec<Quoted>) {
    quoted.retain(|q| {
        let Some(close) = &q.close else { return true };
        let inner = doc.tok_at(q.content.start);
        let o = doc.tok_at(q.open.start);
        let after = doc.tok_at(close.end);
        let one_word = inner + 1 == doc.tok_at(q.content.end) && doc.toks[inner].is_cap();
        let nickname = one_word
            && o > 0
            && doc.toks[o - 1].is_cap()
            && doc.toks.get(after).is_some_and(Tok::is_cap);
        !nickname
    });
}

fn attribute_quotations(doc: &Doc, quoted: &[Quoted]) -> Vec<Found> {
    let text = doc.text;
    let n = doc.toks.len();
    // Token positions: opening mark, closing mark, first token after it.
    let spans: Vec<(usize, usize, usize)> = quoted
        .iter()
        .map(|q| {
            let open_t = doc.tok_at(q.open.start);
            match &q.close {
                Some(c) => (open_t, doc.tok_at(c.start), doc.tok_at(c.end)),
                None => {
                    let e = doc.tok_at(q.content.end);
                    (open_t, e, e)
                }
            }
        })
        .collect();
    let mut out: Vec<Found> = Vec::with_capacity(quoted.len());
    for (qi, q) in quoted.iter().enumerate() {
        let (open_t, close_t, after_t) = spans[qi];
        if open_t >= n {
            continue;
        }
        let mut s = doc.sentence(open_t).start;
        if qi > 0 {
            let prev_after = spans[qi - 1].2;
            if prev_after <= open_t && prev_after > s {
                s = prev_after;
            }
        }
        let before = s..open_t;
        let after = if q.close.is_some() && close_t < n {
            let mut e = doc.sentence(close_t).end;
            if let Some(next) = spans.get(qi + 1)
                && next.0 >= after_t
            {
                e = e.min(next.0);
            }
            after_t..e.max(after_t)
        } else {
            after_t..after_t
        };

        let para = doc.para_of(q.open.start);
        let para_first_tok = doc.tok_at(doc.paras[para].start);
        let opens_para = doc.toks[para_first_tok..open_t]
            .iter()
            .all(|t| !t.word && !is_quote_mark(t));
        let words_before = doc.toks[before.clone()].iter().any(|t| t.word);
        let intro = !words_before
            || doc.toks[..open_t].last().is_some_and(|t| {
                t.is_punct(':') || t.is_punct(',') || (t.word && t.is(CUE)) || is_dash(t)
            });
        let content = &text[q.content.clone()];
        let first = content.chars().next().unwrap_or(' ');
        // Upper case, a digit, punctuation or a script without case (CJK).
        let capital = !first.is_lowercase();
        let kind = if intro && capital {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };
        if q.close.is_none() && kind != QuoteKind::Direct {
            // A lone mark inside a sentence is more likely a typo or an
            // inch sign than a quotation.
            continue;
        }
        // `'Don't hit me,'”`: a nested quote's mark may close first.
        let last = content
            .trim_end_matches(['\'', '’', '"', '”'])
            .chars()
            .next_back()
            .unwrap_or(' ');
        let ends_open = matches!(last, ',' | '?' | '!' | '—' | '–' | '-' | '…')
            || doc.toks[after.clone()]
                .first()
                .is_some_and(|t| t.is_punct(',') || is_dash(t));
        let after_attr = if ends_open || (kind == QuoteKind::Direct && !after.is_empty()) {
            after_pattern(doc, after.clone())
        } else if kind == QuoteKind::Direct && after.is_empty() && close_t < n {
            // `"... done." Smith said.`: a stray period before the
            // attribution, which then stands as a sentence of its own.
            let next = doc.sentence(after_t.min(n - 1));
            (next.start == after_t && next.len() <= 10)
                .then(|| after_pattern(doc, next))
                .flatten()
                .filter(|a| a.speaker.is_some())
        } else {
            None
        };
        let before_attr = before_pattern(doc, before.clone(), para == 0);
        // `Smith said, "..."`: a cue right before the quote is its own.
        let introduced = before_attr.as_ref().is_some_and(|a| {
            a.speaker.is_some()
                && a.cue.as_ref().is_some_and(|c| {
                    doc.toks[c.end - 1].word
                        && doc.toks[c.end..open_t].iter().all(|t| !t.word)
                        && open_t - c.end <= 2
                })
        });
        let mut attr = match kind {
            QuoteKind::Direct if !introduced => after_attr.unwrap_or_default().or(before_attr),
            _ => before_attr.unwrap_or_default().or(after_attr),
        };
        // `"...," she said, adding, "..."`: a cue without a subject of its
        // own continues the quote before it in the sentence.
        if attr.speaker.is_none()
            && attr.cue.is_some()
            && let Some(prev) = out.last()
            && qi > 0
            && spans[qi - 1].2 <= open_t
            && doc.sent_of[spans[qi - 1].1.min(n - 1)] == doc.sent_of[open_t]
        {
            attr.speaker = prev.attr.speaker.clone();
        }
        let last_para = doc.para_of(q.content.end.saturating_sub(1).max(q.content.start));
        out.push(Found {
            kind,
            content: q.content.clone(),
            attr,
            first_para: para,
            last_para,
            opens_para,
        });
    }
    out
}

/// Attribution after a quotation, in tokens `w` (from after the closing
/// mark to the end of its sentence or the next quotation).
fn after_pattern(doc: &Doc, w: Range<usize>) -> Option<Attr> {
    let toks = &doc.toks;
    let mut k = w.start;
    let mut dashed = false;
    while k < w.end && !toks[k].word && (toks[k].is_punct(',') || is_dash(&toks[k])) {
        dashed |= is_dash(&toks[k]);
        k += 1;
    }
    if k >= w.end || !toks[k].word {
        return None;
    }
    // "according to Smith"
    if doc.is_word(k, "according") && k + 1 < w.end && doc.is_word(k + 1, "to") {
        let speaker = np_after(doc, k + 2..w.end, false)?;
        return Some(Attr {
            cue: Some(k..k + 2),
            speaker: Some(speaker),
        });
    }
    // Verb first: "said Smith", "added the senator".
    let mut c = k;
    while c < w.end && toks[c].is(ADVERB) && !toks[c].is(CUE) && c < k + 2 {
        c += 1;
    }
    if c < w.end && doc.cue_at(c) {
        // A participle ("..., adding ...") has the sentence's subject.
        let speaker = if is_participle(doc, c) {
            subject(doc, doc.sentence(c), c)
        } else {
            np_after(doc, doc.cue_end(c)..w.end, true)
        };
        return Some(Attr {
            cue: Some(k..doc.cue_end(c)),
            speaker,
        });
    }
    // An unlisted verb in the past tense right after the quote and before
    // a name: `"...!" beamed Donald Hartley`.
    if is_past(doc, k)
        && k + 1 < w.end
        && (toks[k + 1].is_cap() || toks[k + 1].is(DETERMINER))
        && let Some(speaker) = np_after(doc, k + 1..w.end, true)
    {
        return Some(Attr {
            cue: Some(k..k + 1),
            speaker: Some(speaker),
        });
    }
    // Subject first: "he said", "Smith, a spokesman, said".
    let limit = (k + 40).min(w.end);
    let scan = || (k..limit).take_while(|&i| !is_stop(toks, i) && !is_quote_mark(&toks[i]));
    let Some(c) = scan().find(|&i| doc.cue_at(i)) else {
        // `"..." ― Sonya Herridge`: a dash and a name, as under a printed
        // quotation, with no verb at all.
        if dashed
            && toks[k].is_cap()
            && let Some(speaker) = np_after(doc, k..w.end, false)
            && speaker.start == k
            && (speaker.end..w.end).all(|i| !toks[i].word)
        {
            return Some(Attr {
                cue: None,
                speaker: Some(speaker),
            });
        }
        // `"...," she smiled.`: a pronoun or a name, then an unlisted verb
        // in the past tense.
        let v = scan().find(|&i| toks[i].word && !toks[i].is_cap() && !toks[i].is(PRONOUN))?;
        let speaker = np_before(doc, k..v)?;
        return (is_past(doc, v) && speaker.start == k && speaker.end == v && v < k + 6).then(
            || Attr {
                cue: Some(v..v + 1),
                speaker: Some(speaker),
            },
        );
    };
    let cs = cue_start(doc, k, c);
    let speaker = np_before(doc, k..cs)?;
    if speaker.start != k {
        return None;
    }
    Some(Attr {
        cue: Some(cs..doc.cue_end(c)),
        speaker: Some(speaker),
    })
}

/// The first token of a cue ending at verb `c`: adverbs and auxiliaries
/// before it belong to it ("also said", "has said").
pub(crate) fn cue_start(doc: &Doc, lo: usize, c: usize) -> usize {
    let mut cs = c;
    while cs > lo
        && (doc.toks[cs - 1].is(ADVERB)
            || doc.toks[cs - 1].is(CALENDAR)
            || (doc.toks[cs - 1].is_lower() && doc.word(cs - 1).ends_with("ly")))
        && !doc.toks[cs - 1].is(CUE)
        && cs + 3 > c
    {
        cs -= 1;
    }
    cs
}

/// Attribution before a quotation, in tokens `w` (from the start of its
/// sentence, or the previous quotation, to the opening mark).
fn before_pattern(doc: &Doc, w: Range<usize>, headline: bool) -> Option<Attr> {
    let toks = &doc.toks;
    let mut e = w.end;
    while e > w.start && !toks[e - 1].word && !is_quote_mark(&toks[e - 1]) {
        e -= 1;
    }
    if e <= w.start {
        return None;
    }
    let colon = toks[e..w.end].iter().any(|t| t.is_punct(':'));
    // The nearest reporting verb, at most 14 tokens before the quote.
    let lo = e.saturating_sub(14).max(w.start);
    let mut found = None;
    for c in (lo..e).rev() {
        let t = &toks[c];
        if is_stop(toks, c) || is_quote_mark(t) {
            break;
        }
        if doc.is_word(c, "according") && c + 1 < e && doc.is_word(c + 1, "to") {
            let speaker = np_after(doc, c + 2..e, false);
            return Some(Attr {
                cue: Some(c..c + 2),
                speaker,
            });
        }
        if doc.cue_at(c) {
            found = Some(c);
            break;
        }
    }
    if let Some(c) = found {
        let cs = cue_start(doc, w.start, c);
        // "Smith said, adding, ...": the subject of the verb before.
        if is_participle(doc, c) && cs > w.start && doc.toks[cs - 1].is_punct(',') {
            let lo = cs.saturating_sub(6).max(w.start);
            if let Some(c2) = (lo..cs - 1).rev().find(|&j| doc.cue_at(j))
                && let Some(np) = np_before(doc, w.start..cue_start(doc, w.start, c2))
            {
                return Some(Attr {
                    cue: Some(cs..doc.cue_end(c)),
                    speaker: Some(np),
                });
            }
        }
        let subject_of_clause = is_participle(doc, c)
            || (cs > w.start && (doc.is_word(cs - 1, "and") || doc.is_word(cs - 1, "but")));
        let speaker = np_before(doc, w.start..cs)
            .filter(|np| {
                // "posted a message on Twitter reading": the participle's
                // subject is the clause's, unless "with X saying".
                !is_participle(doc, c) || np.start == w.start || doc.is_word(np.start - 1, "with")
            })
            .or_else(|| {
                // "..., adding:", "by saying", "and said": the sentence's
                // subject.
                subject_of_clause
                    .then(|| subject(doc, doc.sentence(c), cs))
                    .flatten()
            })
            .or_else(|| {
                // "Said Smith: ...", "..., explained Smith, ...".
                (cs == w.start || doc.toks[cs - 1].is_punct(','))
                    .then(|| np_after(doc, doc.cue_end(c)..e, false))
                    .flatten()
            });
        return Some(Attr {
            cue: Some(cs..doc.cue_end(c)),
            speaker,
        });
    }
    if colon {
        // "Smith: 'We will win'" in a headline; "She then turned to the
        // crowd: ..." in the body.
        let colon_t = (e..w.end).find(|&k| toks[k].is_punct(':'))?;
        let speaker = if headline {
            headline_subject(doc, w.start..e)
        } else {
            // "... - Michael P. McDonald:" names the speaker right before
            // the colon; "She then turned to the crowd:" in the subject.
            np_back(doc, w.start..e, false)
                .filter(|np| {
                    doc.toks[np.clone()].iter().all(|t| !t.word || t.is_cap())
                        && np.start > w.start
                        && is_dash(&doc.toks[np.start - 1])
                })
                .or_else(|| {
                    // A pronoun or a name; "The rationale:" is no speaker.
                    subject(doc, doc.sentence(colon_t), colon_t)
                        .filter(|np| !doc.toks[np.start].is(DETERMINER))
                })
        }?;
        return Some(Attr {
            cue: Some(colon_t..colon_t + 1),
            speaker: Some(speaker),
        });
    }
    None
}

/// A lower-case word in the past tense ("beamed"), not an adjective one
/// would expect after a name ("retired").
fn is_past(doc: &Doc, k: usize) -> bool {
    let t = &doc.toks[k];
    let w = doc.word(k);
    t.word && t.is_lower() && w.len() > 4 && w.ends_with("ed") && t.flags == 0
}

/// A present participle ("adding", "saying") or an infinitive ("went on to
/// say"): its subject is the clause's.
fn is_participle(doc: &Doc, c: usize) -> bool {
    doc.word(c).ends_with("ing") || (c > 0 && doc.is_word(c - 1, "to"))
}

/// The subject of a sentence when it names a person or stands for one: a
/// pronoun, a name ("Sen. Smith"), or a role ("The Vermont senator").
/// A leading connective ("But", "Meanwhile,") and an introductory phrase
/// closed by a comma ("In a statement,", "Hours later,", "Speaking in
/// Ohio,") are skipped. Before token `limit`.
pub(crate) fn subject(doc: &Doc, sent: Range<usize>, limit: usize) -> Option<Range<usize>> {
    let toks = &doc.toks;
    let end = limit.min(sent.end);
    let mut k = sent.start;
    while k < end && !toks[k].word {
        if is_quote_mark(&toks[k]) {
            return None;
        }
        k += 1;
    }
    if k >= end {
        return None;
    }
    let t = &toks[k];
    let comma = (k..end.min(k + 16)).find(|&j| toks[j].is_punct(','));
    if t.is_cap() && t.is(STARTER) && !t.is(DETERMINER) && !t.is(PRONOUN) && !t.is(BOUNDARY) {
        k += 1;
        if k < end && toks[k].is_punct(',') {
            k += 1;
        }
    } else if t.is(BOUNDARY) && !t.is(PRONOUN) {
        k = comma? + 1;
    } else if let Some(c) = comma {
        let lead = &toks[k..c];
        let intro = doc.word(k).ends_with("ing")
            || (doc.word(k).ends_with("ed") && !toks[k].is(TITLE))
            || t.is(CALENDAR)
            || t.first.is_numeric()
            || lead.iter().any(|x| {
                x.word
                    && matches!(
                        doc.text[x.start..x.end].to_ascii_lowercase().as_str(),
                        "later"
                            | "earlier"
                            | "ago"
                            | "today"
                            | "yesterday"
                            | "tonight"
                            | "morning"
                            | "night"
                            | "afternoon"
                            | "evening"
                    )
            });
        if intro {
            k = c + 1;
        }
    }
    if k >= end {
        return None;
    }
    let t = &toks[k];
    if t.is(PRONOUN) && !doc.is_word(k, "it") && !doc.is_word(k, "you") {
        return Some(k..k + 1);
    }
    // A verb ends the subject: a listed cue, adverb or auxiliary, a
    // boundary word, or a lower-case word in the past tense.
    let verbish = |j: usize| {
        let t = &toks[j];
        t.is_lower()
            && (doc.cue_at(j)
                || t.is(ADVERB)
                || t.is(BOUNDARY)
                || t.is(PRONOUN)
                || doc.word(j).ends_with("ed")
                || doc.word(j).ends_with("ly"))
    };
    let det = t.is(DETERMINER) && !t.first.is_numeric();
    if !det && (!t.is_cap() || t.is(STARTER)) {
        return None;
    }
    let mut j = k + 1;
    let mut lower = 0;
    while j < end {
        let t = &toks[j];
        let ok = if t.word {
            if t.is_cap() {
                !doc.cue_at(j)
            } else if (doc.is_word(j, "of") || doc.is_word(j, "the"))
                && toks.get(j + 1).is_some_and(Tok::is_cap)
            {
                true
            } else {
                // "The Vermont senator", "Band member Flea", "Smith's
                // campaign manager".
                let possessive = toks[j - 1].is_cap() && {
                    let w = doc.word(j - 1);
                    w.ends_with("'s") || w.ends_with("’s")
                };
                let ok = !verbish(j)
                    && !t.first.is_numeric()
                    && lower < 3
                    && (det || possessive || toks.get(j + 1).is_some_and(Tok::is_cap) || lower > 0);
                lower += 1;
                ok
            }
        } else {
            (t.is_punct('.') && people_period(toks, j)) || (t.is_punct('-') && !t.space_before)
        };
        if !ok {
            break;
        }
        j += 1;
    }
    while j > k + 1 && !toks[j - 1].word {
        j -= 1;
    }
    if det {
        return (j > k + 1).then_some(k..j);
    }
    // One capitalized word opening a sentence is a name only if the text
    // capitalizes it elsewhere too ("Signs", "Estimates" are not).
    let words = toks[k..j].iter().filter(|t| t.word).count();
    if words == 1 && !toks[k].is(TITLE) && !doc.is_proper(doc.word(k)) {
        return None;
    }
    Some(k..j)
}

/// The subject of a headline before its colon: its leading capitalized
/// words ("Gillibrand on ...: '...'"), or the last noun phrase when it
/// opens with a determiner ("A lesson from Loretta Lynch: '...'").
fn headline_subject(doc: &Doc, w: Range<usize>) -> Option<Range<usize>> {
    let toks = &doc.toks;
    let k = w.start;
    if k >= w.end {
        return None;
    }
    if toks[k].is(DETERMINER) || (toks[k].is(STARTER) && !toks[k].is(PRONOUN)) || !toks[k].is_cap()
    {
        return np_back(doc, w, true);
    }
    let mut j = k + 1;
    while j < w.end
        && ((toks[j].is_cap() && !doc.cue_at(j))
            || (toks[j].is_punct('.') && people_period(toks, j)))
    {
        j += 1;
    }
    Some(k..j)
}

/// A speaker after a cue ("said Smith, a spokesman", "according to the
/// poll"): from a capitalized word, a determiner or a number to the end of
/// the window, a circumstance ("in a statement", "on Tuesday"), or, unless
/// `appositive`, the first comma.
pub(crate) fn np_after(doc: &Doc, w: Range<usize>, appositive: bool) -> Option<Range<usize>> {
    let toks = &doc.toks;
    let k = w.start;
    if k >= w.end {
        return None;
    }
    let t0 = &toks[k];
    // "said former Gov. Smith", "said longtime resident Jane Doe".
    let lower_lead = t0.is_lower()
        && (t0.is(TITLE)
            || t0.is(PERSON_NOUN)
            || toks[k + 1..w.end.min(k + 4)]
                .iter()
                .any(|t| t.is_cap() || t.is(PERSON_NOUN)));
    let opens = t0.word
        && (t0.is_cap()
            || t0.is(DETERMINER)
            || t0.is(PRONOUN)
            || t0.first.is_numeric()
            || lower_lead)
        && !t0.is(CALENDAR)
        && (!t0.is_cap() || !t0.is(STARTER) || t0.is(DETERMINER) || t0.is(PRONOUN))
        && (!t0.is(CIRCUMSTANCE) || t0.is(DETERMINER))
        && !(t0.is(BOUNDARY) && t0.is_lower());
    if !opens {
        return None;
    }
    let mut end = k + 1;
    let mut seen_comma = false;
    let mut i = k + 1;
    while i < w.end {
        let t = &toks[i];
        if t.word {
            // Before any comma the name ends at a date or a circumstance
            // ("said Smith on Tuesday"); an appositive runs on ("a
            // donor who gave $400 in March").
            if !seen_comma
                && (t.is(CALENDAR) || (t.is(CIRCUMSTANCE) && !t.is_cap()) || doc.cue_at(i))
            {
                break;
            }
        } else if t.is_punct(',') {
            let next = toks.get(i + 1);
            let circumstance = next.is_none_or(|x| {
                (x.is(CIRCUMSTANCE) && !x.is(DETERMINER))
                    || x.is(CALENDAR)
                    || is_quote_mark(x)
                    || (x.is_lower() && doc.word(i + 1).ends_with("ing"))
            });
            if !appositive || circumstance || i + 1 >= w.end {
                break;
            }
            seen_comma = true;
        } else if t.is_punct('.') {
            if !people_period(toks, i) {
                break;
            }
        } else if is_quote_mark(t) || matches!(t.first, ';' | ':' | '?' | '!' | '—' | '–') {
            if !(seen_comma && is_quote_mark(t)) {
                break;
            }
        } else if !seen_comma && !matches!(t.first, '(' | ')' | '-' | '&' | '/') {
            break;
        }
        i += 1;
        end = i;
    }
    while end > k
        && !toks[end - 1].word
        && !toks[end - 1].is_punct(')')
        && !toks[end - 1].is_punct('.')
    {
        end -= 1;
    }
    // A period that ends the sentence is not part of the speaker.
    if end > k + 1 && toks[end - 1].is_punct('.') && end == w.end {
        end -= 1;
    }
    (end > k).then_some(k..end)
}

/// A period after an abbreviation or an initial, inside a name.
fn people_period(toks: &[Tok], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let p = &toks[i - 1];
    p.word
        && p.end == toks[i].start
        && (p.is(TITLE)
            || p.is(crate::lexicon::ABBR_NEVER_ENDS)
            || p.is(crate::lexicon::ABBR_MAY_END)
            || p.dotted
            || (p.end - p.start == 1 && p.is_cap())
            // "(D-Va.)": an abbreviation closing a parenthesis.
            || toks.get(i + 1).is_some_and(|t| t.is_punct(')')))
}

/// The subject that ends right before a cue: a pronoun, a relative pronoun
/// ("who said"), a name with its title, a description ("a spokesman for
/// the campaign"), or a name with an appositive between commas ("Smith, a
/// spokesman, said").
pub(crate) fn np_before(doc: &Doc, w: Range<usize>) -> Option<Range<usize>> {
    let toks = &doc.toks;
    let k = w.end;
    if k <= w.start {
        return None;
    }
    if toks[k - 1].is_punct(',') {
        let j = (w.start..k - 1)
            .rev()
            .take(25)
            .take_while(|&j| {
                !is_stop(toks, j) && (!is_quote_mark(&toks[j]) || is_possessive_mark(toks, j))
            })
            // Not the comma of "18,500".
            .find(|&j| toks[j].is_punct(',') && !thousands_comma(toks, j))?;
        let inner = j + 1..k - 1;
        if !(toks[inner.clone()].iter().any(|t| t.word)) {
            return None;
        }
        let head = np_back(doc, w.start..j, false);
        let inner_name = toks[inner.start].is_cap() && !toks[inner.start].is(DETERMINER);
        let head_name = head
            .as_ref()
            .is_some_and(|h| toks[h.start].is_cap() && !toks[h.start].is(DETERMINER));
        // "In the primary, Gov. Smith (R-OH), said": the name between the
        // commas is the subject, not an appositive of the phrase before.
        if inner_name && !head_name {
            return np_back(doc, inner.clone(), false).filter(|np| np.start == inner.start);
        }
        let head = head?;
        // "Smith, speaking to reporters, said": a participle is not part
        // of the speaker.
        if toks[inner.start].is_lower() && doc.word(inner.start).ends_with("ing") {
            return Some(head);
        }
        return Some(head.start..k - 1);
    }
    np_back(doc, w, false)
}

/// A comma inside a number ("18,500"): digits on both sides, no spaces.
fn thousands_comma(toks: &[Tok], j: usize) -> bool {
    j > 0
        && !toks[j].space_before
        && toks[j - 1].first.is_ascii_digit()
        && toks
            .get(j + 1)
            .is_some_and(|n| !n.space_before && n.first.is_ascii_digit())
}

/// The noun phrase that ends at the end of `w`, read backwards. In a
/// `headline`, every capitalized word is taken.
pub(crate) fn np_back(doc: &Doc, w: Range<usize>, headline: bool) -> Option<Range<usize>> {
    let toks = &doc.toks;
    let k = w.end;
    if k <= w.start
        || !(toks[k - 1].word || toks[k - 1].is_punct(')') || people_period(toks, k - 1))
    {
        return None;
    }
    let last = &toks[k - 1];
    if last.is(PRONOUN) || doc.is_word(k - 1, "who") || doc.is_word(k - 1, "which") {
        return Some(k - 1..k);
    }
    if last.is(DETERMINER) && !last.first.is_numeric() {
        return None;
    }
    let mut i = k;
    let mut words = 0;
    let mut lower = 0;
    while i > w.start {
        let t = &toks[i - 1];
        if t.word {
            // "a reporter for Agence France-Presse", "the director of the
            // FBI": a role noun or a name before "of"/"for"/"at"/"from";
            // a role noun before "to" ("Ambassador to the United Nations").
            let linking = i - 1 > w.start
                && i < k
                && links_a_role(doc, i - 1)
                && !doc.cue_at(i - 2)
                && (toks[i].is_cap() || toks[i].is(DETERMINER));
            if linking {
                i -= 1;
                continue;
            }
            if (t.is(PRONOUN) || (t.is(BOUNDARY) && !(t.is_cap() && t.is(TITLE))))
                && !(headline && t.is_cap())
            {
                break;
            }
            if t.is(DETERMINER) {
                i -= 1;
                // "a spokesman for the campaign", "the US Ambassador to the
                // United Nations": go on over "of"/"for"/"at"/"to".
                if i >= w.start + 2
                    && !doc.is_word(i - 1, "from")
                    && links_a_role(doc, i - 1)
                    && toks[i - 2].word
                    && !toks[i - 2].is(BOUNDARY)
                    && !doc.cue_at(i - 2)
                {
                    i -= 1;
                    continue;
                }
                break;
            }
            if t.is_cap() {
                if t.is(STARTER) && !t.is(TITLE) && !headline {
                    break;
                }
            } else if !t.first.is_numeric() {
                if doc.cue_at(i - 1) || t.is(ADVERB) {
                    break;
                }
                lower += 1;
                if lower > 4 {
                    break;
                }
            }
            words += 1;
            i -= 1;
            if words > 10 {
                break;
            }
        } else {
            let joined = !t.space_before || toks.get(i).is_some_and(|x| !x.space_before);
            match t.first {
                '.' if people_period(toks, i - 1) => i -= 1,
                '-' | '&' | '\'' | '’' if joined => i -= 1,
                ')' => {
                    // "(D-Va.)": include a short parenthesis.
                    match (w.start..i - 1)
                        .rev()
                        .take(8)
                        .find(|&j| toks[j].is_punct('('))
                    {
                        Some(j) => i = j,
                        None => break,
                    }
                }
                _ => break,
            }
        }
    }
    while i < k && !toks[i].word {
        i += 1;
    }
    if i >= k {
        return None;
    }
    // An all-lower-case phrase with neither determiner nor number is a
    // speaker only when short ("officials said", "top aides said").
    let any_cap = toks[i..k].iter().any(|t| t.is_cap());
    if !any_cap && !toks[i].is(DETERMINER) && !toks[i].first.is_numeric() && k - i > 2 {
        return None;
    }
    Some(i..k)
}

/// Whether token `k` is a preposition that ties a speaker's role to what
/// follows: "of", "for", "at" or "from" after a role noun or a name ("the
/// director of the FBI"), "to" after a role noun only ("Ambassador to the
/// United Nations"; "talked to the press" is no speaker).
fn links_a_role(doc: &Doc, k: usize) -> bool {
    if k == 0 {
        return false;
    }
    let before = &doc.toks[k - 1];
    if doc.is_word(k, "to") {
        return before.is(PERSON_NOUN);
    }
    ["of", "for", "at", "from"]
        .iter()
        .any(|w| doc.is_word(k, w))
        && (before.is(PERSON_NOUN) || before.is_cap())
}

/// How many earlier quotes the passes over quotes look back at: what a
/// quote continues or sits in is among the few before it.
const LOOK_BACK: usize = 32;

/// Quotes without an attribution of their own take the one they continue.
fn inherit(doc: &Doc, found: &mut [Found]) {
    for i in 0..found.len() {
        if found[i].attr.speaker.is_some() || found[i].attr.cue.is_some() {
            continue;
        }
        if found[i].kind != QuoteKind::Direct {
            continue;
        }
        let para = found[i].first_para;
        let opens = found[i].opens_para;
        // The nearest earlier attributed quote that ends in this paragraph,
        // or in the one before when this quote opens its paragraph.
        // (Quotes are sorted by start, so the nearest are just before; a
        // bounded look back keeps long texts linear.)
        let stop = (i.saturating_sub(LOOK_BACK)..i).rev().find(|&j| {
            let f = &found[j];
            f.content.end <= found[i].content.start
                && (f.last_para == para || (opens && f.last_para + 1 == para))
        });
        let prev = stop.filter(|&s| found[s].attr.speaker.is_some());
        // Only the nearest quote of those paragraphs may lend its
        // attribution: past an unattributed one the trail is lost.
        if let Some(p) = prev
            && lendable(doc, &found[p].attr)
        {
            found[i].attr = found[p].attr.clone();
            continue;
        }
        // "Smith said:" closing the previous paragraph.
        if opens && para > 0 && stop.is_none_or(|s| found[s].last_para + 1 < para) {
            let prev_para = &doc.paras[para - 1];
            let last = doc.tok_at(prev_para.end).saturating_sub(1);
            if doc.toks[last].is_punct(':') {
                let s = doc.sentence(last).start;
                if let Some(a) = before_pattern(doc, s..last + 1, false)
                    && a.speaker.is_some()
                {
                    found[i].attr = a;
                }
            }
        }
    }
}

/// Whether an attribution may carry over to the quotes that follow it: not
/// when its speaker is "you" or "it" (a question to the reader, a thing).
fn lendable(doc: &Doc, a: &Attr) -> bool {
    a.speaker.as_ref().is_some_and(|s| {
        !(s.len() == 1 && (doc.is_word(s.start, "you") || doc.is_word(s.start, "it")))
    })
}

/// A partial quote without attribution takes that of the reported speech
/// around it ("Smith said the plan was 'dead'"); one outside any is a
/// title or scare quotes, not a quote, and is dropped.
fn enclose_partials(doc: &Doc, found: &mut Vec<Found>) {
    let mut keep = vec![true; found.len()];
    for i in 0..found.len() {
        let f = &found[i];
        if f.kind != QuoteKind::Partial || f.attr.cue.is_some() || f.attr.speaker.is_some() {
            continue;
        }
        let around = found[i.saturating_sub(LOOK_BACK)..i]
            .iter()
            .filter(|g| {
                g.kind == QuoteKind::Indirect
                    // A stance ("wants") is no reporting of words.
                    && g.attr.cue.as_ref().is_some_and(|c| {
                        doc.toks[c.clone()].iter().any(|t| t.is(CUE)) || doc.is_word(c.start, "according")
                    })
                    && g.content.start <= f.content.start
                    && f.content.end <= g.content.end + 3
            })
            .min_by_key(|g| g.content.len())
            .map(|g| g.attr.clone());
        match around {
            Some(a) => found[i].attr = a,
            None => keep[i] = false,
        }
    }
    let mut k = 0;
    found.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

/// Resolves speakers to named mentions (see [`crate::types::Quote`]).
///
/// A name inside the speaker is its own resolution. A pronoun ("he",
/// "she") resolves to the nearest earlier compatible person in its
/// sentence, else to the subject of one of the five sentences of the
/// report's own before it (the person a news paragraph is about; a
/// sentence that opens with a quotation is about its speaker, and the
/// sentences inside a quotation are skipped), else to the nearest
/// compatible person named in those sentences; further back is a guess,
/// and it stays unnamed. When that subject is someone introduced without a
/// name ("an officer on the scene"), the pronoun is theirs and stays
/// unnamed, unless a compatible person is named after that subject began
/// ("A woman in Tokyo, Kaoru Kuroko, said"). Names inside quotations are
/// never antecedents (in `"I met Putin," he said`, "he" is not Putin). "Compatible" means not
/// known to be of the other gender (from titles and common given names).
/// "who" resolves to the person just before it in its sentence, and a
/// definite role ("the president") to the nearest person who carries that
/// title. Anything else stays unresolved.
struct Resolver<'d, 'a> {
    doc: &'d Doc<'a>,
    people: Vec<Person>,
    /// Indices into `people` of the mentions outside quotations.
    outside: Vec<usize>,
    /// Who each sentence is about (its subject), once needed.
    subjects: std::cell::OnceCell<Vec<Subject>>,
    /// The quotations' contents, in order: a sentence that starts inside
    /// one goes on someone's words and is no sentence of the report's own.
    quoted: Vec<Range<usize>>,
}

/// How many sentences back a pronoun looks for whom it means: a news
/// paragraph or two.
const LOOK_BACK_SENTENCES: usize = 5;

/// Who a sentence is about, as far as a later "he" or "she" is concerned.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Subject {
    /// A person named in the text (an index into the resolver's people).
    Named(usize),
    /// Someone described but not named ("an officer on the scene", "a
    /// witness"): a "he" right after refers to them, not to a person
    /// named further back.
    Unnamed(Gender),
    Nobody,
}

impl<'d, 'a> Resolver<'d, 'a> {
    fn new(doc: &'d Doc<'a>, people: Vec<Person>, quoted: &[Quoted]) -> Self {
        // Quotations do not nest, so the one that may hold a name is the
        // last that starts before it.
        let outside = people
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                let q = quoted.partition_point(|q| q.content.start <= p.name.start);
                q == 0 || quoted[q - 1].content.end <= p.name.start
            })
            .map(|(i, _)| i)
            .collect();
        Resolver {
            doc,
            people,
            outside,
            subjects: std::cell::OnceCell::new(),
            quoted: quoted.iter().map(|q| q.content.clone()).collect(),
        }
    }

    /// Whether byte `at` lies inside a quotation's content.
    fn in_quotation(&self, at: usize) -> bool {
        let q = self.quoted.partition_point(|q| q.start <= at);
        q > 0 && at < self.quoted[q - 1].end
    }

    /// The report's own sentences before sentence `s`, nearest first, at
    /// most [`LOOK_BACK_SENTENCES`]: a long quotation counts as the one
    /// sentence that opens it.
    fn recent_sentences(&self, s: usize) -> impl Iterator<Item = usize> + '_ {
        let doc = self.doc;
        (0..s)
            .rev()
            .filter(move |&t| !self.in_quotation(doc.toks[doc.sents[t].start].start))
            .take(LOOK_BACK_SENTENCES)
    }

    /// The first person named within byte span `span`, not as a possessive
    /// ("Smith's niece, Jane Doe" names Jane Doe).
    fn person_within(&self, span: &Range<usize>) -> Option<usize> {
        let i = self.people.partition_point(|p| p.name.start < span.start);
        let within = |j: &usize| self.people[*j].name.end <= span.end;
        let possessive = |j: &usize| {
            let rest = &self.doc.text[self.people[*j].name.end..];
            rest.starts_with("'s") || rest.starts_with("’s")
        };
        (i..self.people.len())
            .take_while(within)
            .find(|j| !possessive(j))
            .or_else(|| Some(i).filter(|j| *j < self.people.len() && within(j)))
    }

    fn compatible(&self, i: usize, pronoun: Gender) -> bool {
        let g = self.people[i].gender;
        g == Gender::Unknown || pronoun == Gender::Unknown || g == pronoun
    }

    fn subjects(&self) -> &[Subject] {
        self.subjects.get_or_init(|| {
            let doc = self.doc;
            let mut out: Vec<Subject> = Vec::with_capacity(doc.sents.len());
            for (s, r) in doc.sents.iter().enumerate() {
                let person = match subject(doc, r.clone(), r.end) {
                    // "“This rocket is great,” Musk told CBS News.": the
                    // quotation's speaker.
                    None if is_quote_mark(&doc.toks[r.start]) => self.after_quotation(&out, s, r),
                    None => Subject::Nobody,
                    Some(np) => {
                        let g = pronoun_gender(doc, &np);
                        if g != Gender::Unknown {
                            self.antecedent(&out, s, g).0
                        } else if np.len() == 1 && doc.toks[np.start].is(PRONOUN) {
                            Subject::Nobody
                        } else if let Some(i) = self.person_within(&doc.bytes(&np)) {
                            Subject::Named(i)
                        } else {
                            described(doc, &np)
                        }
                    }
                };
                out.push(person);
            }
            out
        })
    }

    /// Who speaks the quotation that opens sentence `s` (tokens `r`), by
    /// what follows its closing mark: a name ("Musk told"), a reporting
    /// verb and a name ("said Musk"), or "he"/"she" (whom that means).
    fn after_quotation(&self, subjects: &[Subject], s: usize, r: &Range<usize>) -> Subject {
        let doc = self.doc;
        let toks = &doc.toks;
        let open = toks[r.start].start;
        let q = self.quoted.partition_point(|q| q.start < open);
        let Some(content) = self.quoted.get(q) else {
            return Subject::Nobody;
        };
        let Some(k) = (r.start..r.end).find(|&k| toks[k].start >= content.end && toks[k].word)
        else {
            return Subject::Nobody;
        };
        let g = pronoun_gender(doc, &(k..k + 1));
        if g != Gender::Unknown {
            return self.antecedent(subjects, s, g).0;
        }
        // A name that starts within four tokens of the closing mark.
        let end = toks[(k + 4).min(r.end) - 1].end;
        self.person_within(&(toks[k].start..toks[r.end - 1].end))
            .filter(|&i| self.people[i].name.start < end)
            .map_or(Subject::Nobody, Subject::Named)
    }

    /// The nearest subject among the [`recent_sentences`](Self::recent_sentences)
    /// before sentence `s` that a pronoun of gender `g` can refer to, and
    /// its sentence.
    fn antecedent(&self, subjects: &[Subject], s: usize, g: Gender) -> (Subject, usize) {
        self.recent_sentences(s)
            .map(|t| (subjects[t], t))
            .find(|(subject, _)| match *subject {
                Subject::Named(i) => self.compatible(i, g),
                Subject::Unnamed(d) => d == Gender::Unknown || g == Gender::Unknown || d == g,
                Subject::Nobody => false,
            })
            .unwrap_or((Subject::Nobody, s))
    }

    fn resolve(&self, speaker: &Range<usize>) -> Option<Range<usize>> {
        let doc = self.doc;
        let toks = &doc.toks;
        let span = doc.bytes(speaker);
        if let Some(i) = self.person_within(&span) {
            return Some(self.people[i].name.clone());
        }
        let before = self
            .outside
            .partition_point(|&i| self.people[i].name.end <= span.start);
        let earlier = || self.outside[..before].iter().rev().copied();
        let sentence = doc.sentence(speaker.start);
        let sent_start = toks[sentence.start].start;
        if speaker.len() == 1 {
            let k = speaker.start;
            if doc.is_word(k, "who") {
                return earlier()
                    .next()
                    .filter(|&i| self.people[i].name.start >= sent_start)
                    .map(|i| self.people[i].name.clone());
            }
            let g = pronoun_gender(doc, speaker);
            if g == Gender::Unknown {
                return None;
            }
            let in_sentence = earlier()
                .take_while(|&i| self.people[i].name.start >= sent_start)
                .find(|&i| self.compatible(i, g));
            let found = in_sentence.or_else(|| {
                let s = doc.sent_of[k] as usize;
                let since = match self.antecedent(self.subjects(), s, g) {
                    (Subject::Named(i), _) => return Some(i),
                    // "An officer sounds the alarm. 'Shots fired,' he says":
                    // the officer, who has no name, unless someone is
                    // named since ("A woman in Tokyo, Kaoru Kuroko, said").
                    (Subject::Unnamed(_), t) => t,
                    // Else whoever is named in those sentences; further
                    // back is a guess.
                    (Subject::Nobody, _) => self.recent_sentences(s).last().unwrap_or(s),
                };
                let since = toks[doc.sents[since].start].start;
                earlier()
                    .take_while(|&i| self.people[i].name.start >= since)
                    .find(|&i| self.compatible(i, g))
            });
            return found.map(|i| self.people[i].name.clone());
        }
        // "the president": the nearest person with that title.
        let head = (speaker.clone())
            .rev()
            .find(|&k| toks[k].word && toks[k].is(PERSON_NOUN))?;
        if !doc.is_word(speaker.start, "the") {
            return None;
        }
        let head_word = doc.word(head).to_ascii_lowercase();
        self.people[..self.people.partition_point(|p| p.name.end <= span.start)]
            .iter()
            .rev()
            .find(|p| {
                p.title.clone().any(|k| {
                    let tw = doc.word(k).to_ascii_lowercase();
                    tw == head_word || title_abbrev(&tw) == Some(head_word.as_str())
                })
            })
            .map(|p| p.name.clone())
    }
}

/// Words for someone who speaks for an organization without being named.
const SPEAKS_FOR: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "official",
    "officials",
    "representative",
    "representatives",
    "statement",
    // What an organization publishes speaks for it too ("Initial findings
    // of the Rail Accident Investigation Branch show").
    "findings",
    "report",
];

/// The organization an unnamed speaker speaks for, named in the speaker:
/// before the last word when that is a [`SPEAKS_FOR`] word ("A Harbor
/// Ambulance Service spokesman", "Kremlin officials"), or after one and
/// "for", "of", "at" or "from" ("a spokeswoman for the Calder Hydro
/// Authority", "a statement from Acme"). "The official United Twitter
/// account" speaks for no one it names: "official" is no last word there.
/// `orgs` are the organizations from the speaker's start on, in text order.
fn spoken_for<'m>(text: &str, speaker: &Range<usize>, orgs: &[&'m Mention]) -> Option<&'m Mention> {
    let within: Vec<&Mention> = orgs
        .iter()
        .take_while(|m| m.span.start < speaker.end)
        .filter(|m| m.span.end <= speaker.end)
        .copied()
        .collect();
    let words: Vec<(usize, &str)> = text
        .get(speaker.clone())?
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    let (last_at, last) = *words.last()?;
    if SPEAKS_FOR.contains(&bare(last).as_str()) {
        return within.iter().rev().find(|m| m.span.end <= last_at).copied();
    }
    let (i, _) = words.iter().enumerate().find(|(i, (_, w))| {
        SPEAKS_FOR.contains(&bare(w).as_str())
            && words
                .get(i + 1)
                .is_some_and(|(_, n)| ["for", "of", "at", "from"].contains(&bare(n).as_str()))
    })?;
    let after = words[i + 1].0;
    within.iter().find(|m| m.span.start > after).copied()
}

/// Names an unresolved speaker from the mentions: a person inside it that
/// the resolver did not know (one the capitalized runs left to the
/// mentions, "the United Nations Nikki Haley"), or the organization it
/// stands for: one the speaker opens with
/// ("Hoshino Engineering, the Japanese company that ..."), one named in a
/// speaker who speaks for it ("A Harbor Ambulance Service spokesman"), or,
/// for "the" and a common noun or two ("the authority said"), the nearest
/// one before it whose name holds that noun ("the Calder Hydro
/// Authority"). Persons are resolved by [`Resolver`]; this gives the rest a
/// name where the text gave one.
fn name_speakers_from_mentions(text: &str, quotes: &mut [Quote], mentions: &[Mention]) {
    // Mentions come in text order; organizations looked back over are
    // bounded, so a long text stays linear.
    const LOOK_BACK: usize = 200;
    let orgs: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Organization)
        .collect();
    let people: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Person)
        .collect();
    for quote in quotes.iter_mut() {
        let (None, Some(speaker)) = (&quote.speaker_name, &quote.speaker) else {
            continue;
        };
        // A person the capitalized runs did not give the resolver, named
        // inside the speaker after a name of the gazetteer ("the United
        // Nations Nikki Haley").
        let first = people.partition_point(|m| m.span.start < speaker.start);
        if let Some(m) = people[first..]
            .iter()
            .take_while(|m| m.span.start < speaker.end)
            .find(|m| m.span.end <= speaker.end)
        {
            quote.speaker_name = Some(m.span.clone());
            continue;
        }
        let at = orgs.partition_point(|m| m.span.start < speaker.start);
        // "Hoshino Engineering, the company that supplied the gates", "The
        // Rail Accident Investigation Branch": the organization the
        // speaker opens with.
        let opening = text
            .get(speaker.clone())
            .and_then(|w| w.strip_prefix("The ").or_else(|| w.strip_prefix("the ")))
            .map_or(speaker.start, |rest| speaker.end - rest.len());
        // Not a title's complement before a name ("the United Nations Nikki
        // Haley" of "Ambassador to the United Nations Nikki Haley").
        let name_follows = |m: &Mention| {
            text.get(m.span.end..speaker.end).is_some_and(|rest| {
                rest.starts_with(' ') && rest[1..].starts_with(char::is_uppercase)
            })
        };
        if let Some(m) = orgs
            .get(at)
            .filter(|m| m.span.start == opening && m.span.end <= speaker.end && !name_follows(m))
        {
            quote.speaker_name = Some(m.span.clone());
            continue;
        }
        let Some(words) = text.get(speaker.clone()) else {
            continue;
        };
        if let Some(m) = spoken_for(text, speaker, &orgs[at..]) {
            quote.speaker_name = Some(m.span.clone());
            continue;
        }
        let words: Vec<&str> = words.split_whitespace().collect();
        let described = words.len() >= 2
            && words.len() <= 3
            && words[0].eq_ignore_ascii_case("the")
            && words[1..]
                .iter()
                .all(|w| w.chars().all(|c| c.is_lowercase() && c.is_alphabetic()));
        if !described {
            continue;
        }
        let head = words[words.len() - 1];
        let named = orgs[..at]
            .iter()
            .rev()
            .take(LOOK_BACK)
            .filter(|m| m.span.end <= speaker.start)
            .find(|m| {
                text.get(m.span.clone()).is_some_and(|name| {
                    name.split_whitespace().any(|w| {
                        w.trim_matches(|c: char| !c.is_alphabetic())
                            .eq_ignore_ascii_case(head)
                    })
                })
            });
        if let Some(m) = named {
            quote.speaker_name = Some(m.span.clone());
        }
    }
}

/// Someone a noun phrase introduces without naming ("an officer on the
/// scene", "a woman in Tokyo"), with the gender its noun says. Only an
/// indefinite phrase introduces someone new: "the prime minister" is
/// usually someone named before. `Nobody` when the phrase's head noun is
/// not a person's ("an official account") or names several.
fn described(doc: &Doc, np: &Range<usize>) -> Subject {
    let toks = &doc.toks;
    let first = doc.word(np.start).to_ascii_lowercase();
    if !matches!(first.as_str(), "a" | "an" | "another") {
        return Subject::Nobody;
    }
    // The head: the last word before a modifier ("on the scene", ", 45,").
    let head = (np.start + 1..np.end)
        .take_while(|&k| toks[k].word && !toks[k].is(BOUNDARY))
        .last();
    let Some(head) = head.filter(|&k| toks[k].is(PERSON_NOUN)) else {
        return Subject::Nobody;
    };
    // "woman", "spokeswoman"; "man", "chairman"; and the lexicon's
    // gendered titles ("queen", "king").
    let word = doc.word(head).to_ascii_lowercase();
    let gender = if toks[head].is(FEMALE) || word.ends_with("woman") {
        Gender::Female
    } else if toks[head].is(MALE) || word.ends_with("man") {
        Gender::Male
    } else {
        Gender::Unknown
    };
    Subject::Unnamed(gender)
}

/// The gender a one-word pronoun speaker refers to ("he", "she"); unknown
/// otherwise.
fn pronoun_gender(doc: &Doc, np: &Range<usize>) -> Gender {
    if np.len() != 1 {
        return Gender::Unknown;
    }
    let t = &doc.toks[np.start];
    if t.is(crate::lexicon::HE) && t.is(PRONOUN) {
        Gender::Male
    } else if t.is(crate::lexicon::SHE) && t.is(PRONOUN) {
        Gender::Female
    } else {
        Gender::Unknown
    }
}

/// The role an abbreviated title stands for.
fn title_abbrev(t: &str) -> Option<&'static str> {
    Some(match t {
        "sen" => "senator",
        "gov" => "governor",
        "rep" => "representative",
        "gen" => "general",
        "pres" => "president",
        "prof" => "professor",
        "dr" => "doctor",
        "sec" => "secretary",
        _ => return None,
    })
}
