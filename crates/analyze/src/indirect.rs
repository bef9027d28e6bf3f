//! Reported speech: attributions without quotation marks.
//!
//! Per sentence, around a reporting verb that no quotation has used:
//!
//! - `Smith said (that) CLAUSE.` and `Smith told CNN (that) CLAUSE.`: the
//!   content runs from after the verb (and "that", and the hearer of
//!   "told") to the end of the sentence;
//! - `CLAUSE, Smith said.` and `CLAUSE, said Smith.`: the content is what
//!   precedes the comma;
//! - `CLAUSE, Smith said, CLAUSE.`: both parts, as two quotes with one
//!   attribution;
//! - `According to Smith, CLAUSE.` and `CLAUSE, according to Smith.`
//!
//! A verb inside a quotation is the quoted speaker's, not an attribution.

use std::ops::Range;

use crate::lexicon::{CALENDAR, CIRCUMSTANCE, DETERMINER, INDIRECT, PRONOUN, STANCE};
use crate::marks::Quoted;
use crate::quotes::{Attr, Doc, Found, cue_start, np_after, np_before};
use crate::types::QuoteKind;

fn is_final(t: &crate::tokens::Tok) -> bool {
    !t.word && matches!(t.first, '.' | '!' | '?' | ';' | ':' | '…')
}

/// Verbs whose object is the hearer: "told CNN that ...".
fn takes_hearer(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "told" | "tells" | "tell" | "telling" | "assured" | "warned" | "reminded" | "informed"
    )
}

/// "he was ready to give evidence": a subject pronoun and more words, a
/// clause rather than a speaker's name ("..., said he." is one word).
fn opens_clause(doc: &Doc, np: &Range<usize>) -> bool {
    let first = doc.word(np.start).to_ascii_lowercase();
    matches!(
        first.as_str(),
        "he" | "she" | "they" | "it" | "we" | "i" | "you"
    ) && doc.toks[np.start + 1..np.end].iter().any(|t| t.word)
}

/// At most this many attributions per sentence.
const MAX_PER_SENTENCE: usize = 8;

pub(crate) fn reported(doc: &Doc, quoted: &[Quoted], used_cues: &[Range<usize>]) -> Vec<Found> {
    let toks = &doc.toks;
    // Tokens inside quotation marks, and cues that quotations have used.
    let mut quoted_tok = vec![false; toks.len()];
    for q in quoted {
        let a = doc.tok_at(q.content.start);
        let b = doc.tok_at(q.content.end);
        quoted_tok[a..b].fill(true);
    }
    let mut used_tok = vec![false; toks.len()];
    for r in used_cues {
        used_tok[r.clone()].fill(true);
    }
    let inside = |k: usize| quoted_tok[k];
    let used = |k: usize| used_tok[k];
    let mut out = Vec::new();
    for r in &doc.sents {
        let (s, e) = (r.start, r.end);
        let mut e_words = e;
        while e_words > s && !toks[e_words - 1].word && is_final(&toks[e_words - 1]) {
            e_words -= 1;
        }
        if e_words <= s + 2 {
            continue;
        }
        let mut emitted: Vec<(Range<usize>, Attr)> = Vec::new();
        // "According to Smith, CLAUSE."
        if doc.is_word(s, "according")
            && doc.is_word(s + 1, "to")
            && !inside(s)
            && let Some(np) = np_after(doc, s + 2..e_words, false)
            && np.end < e_words
            && toks[np.end].is_punct(',')
        {
            emitted.push((
                np.end + 1..e_words,
                Attr {
                    cue: Some(s..s + 2),
                    speaker: Some(np),
                },
            ));
        }

        for c in s..e_words {
            let t = &toks[c];
            if !t.word || inside(c) || used(c) {
                continue;
            }
            // "CLAUSE, according to Smith."
            if doc.is_word(c, "according")
                && c > s + 2
                && c + 1 < e_words
                && doc.is_word(c + 1, "to")
                && toks[c - 1].is_punct(',')
            {
                if let Some(np) = np_after(doc, c + 2..e_words, false) {
                    let stretch = if np.end >= e_words {
                        s..c - 1
                    } else {
                        continue;
                    };
                    emitted.push((
                        stretch,
                        Attr {
                            cue: Some(c..c + 2),
                            speaker: Some(np),
                        },
                    ));
                }
                continue;
            }
            let pointed_out = doc.phrasal(c) && doc.is_word(c + 1, "out");
            let stance = t.is(STANCE) && !(c > s && toks[c - 1].is(DETERMINER));
            if !((doc.cue_at(c) && t.is(INDIRECT)) || stance || pointed_out) || !t.is_lower() {
                continue;
            }
            // Verb first at the end: "CLAUSE, said Smith." Not "Smith, who
            // ..., said he was ready": a subject pronoun with words after
            // it opens the content, and a comma before the verb can close
            // an appositive of the subject ("The engineer, who ..., told").
            if c > s + 2
                && toks[c - 1].is_punct(',')
                && let Some(np) = np_after(doc, doc.cue_end(c)..e_words, true)
                && np.end >= e_words
                && !opens_clause(doc, &np)
            {
                emitted.push((
                    s..c - 1,
                    Attr {
                        cue: Some(c..doc.cue_end(c)),
                        speaker: Some(np),
                    },
                ));
                continue;
            }
            let cs = cue_start(doc, s, c);
            // "was announced", "are being told": reported, but the source,
            // if any, is not the subject.
            let passive = (cs..c).any(|j| {
                ["is", "was", "were", "are", "been", "being", "be"]
                    .iter()
                    .any(|w| doc.is_word(j, w))
            });
            let speaker = if passive {
                None
            } else {
                match np_before(doc, s..cs) {
                    Some(np) => Some(np),
                    None => continue,
                }
            };
            let attr = Attr {
                cue: Some(cs..doc.cue_end(c)),
                speaker: speaker.clone(),
            };
            let speaker_start = speaker.as_ref().map_or(s, |sp| sp.start);
            let before_comma = speaker_start > s + 2 && toks[speaker_start - 1].is_punct(',');
            // What follows the verb.
            let mut k = doc.cue_end(c);
            if k < e_words && takes_hearer(doc.word(c)) {
                // Skip the hearer up to "that", or a short name or pronoun.
                if let Some(that) = (k..e_words.min(k + 8)).find(|&j| doc.is_word(j, "that")) {
                    k = that;
                } else if toks[k].is_cap() || toks[k].is(PRONOUN) || doc.is_word(k, "reporters") {
                    k += 1;
                    while k < e_words && toks[k].is_cap() {
                        k += 1;
                    }
                } else {
                    continue;
                }
            }
            // "said Tuesday that", "said in a statement that".
            if k < e_words
                && (toks[k].is(CALENDAR) || (toks[k].is_lower() && toks[k].is(CIRCUMSTANCE)))
                && let Some(that) = (k + 1..e_words.min(k + 9))
                    .take_while(|&j| !toks[j].is_punct(','))
                    .find(|&j| doc.is_word(j, "that"))
            {
                k = that;
            }
            if k < e_words && doc.is_word(k, "that") {
                k += 1;
            }
            let rest_words = toks[k..e_words].iter().filter(|t| t.word).count();
            let tail = k >= e_words
                || (rest_words <= 4
                    && toks[k..e_words]
                        .iter()
                        .all(|t| t.word || t.is_punct('.') || t.is_punct(',')));
            if before_comma && tail {
                // "CLAUSE, Smith said." (and a time or place after it)
                emitted.push((s..speaker_start - 1, attr));
                continue;
            }
            if before_comma && k < e_words && toks[k].is_punct(',') {
                // "CLAUSE, Smith said, CLAUSE."
                emitted.push((s..speaker_start - 1, attr.clone()));
                emitted.push((k + 1..e_words, attr));
                continue;
            }
            if k >= e_words || !toks[k].word || rest_words < 3 {
                continue;
            }
            emitted.push((k..e_words, attr));
        }
        // A content never runs over the next attribution of its sentence.
        // (A sentence with dozens of cues is no prose: keep a few.)
        emitted.truncate(MAX_PER_SENTENCE);
        emitted.sort_by_key(|(c, _)| c.start);
        for i in 0..emitted.len() {
            let (content, attr) = &emitted[i];
            let mut end = content.end;
            for (_, other) in &emitted {
                if let Some(sp) = &other.speaker {
                    let at = sp
                        .start
                        .min(other.cue.as_ref().map_or(sp.start, |c| c.start));
                    if at > content.start && at < end {
                        end = at;
                    }
                }
            }
            while end > content.start
                && !toks[end - 1].word
                && !matches!(toks[end - 1].first, ')' | '"' | '”' | '’' | '\'')
            {
                end -= 1;
            }
            if end <= content.start {
                continue;
            }
            let range = content.start..end;
            if toks[range.clone()].iter().filter(|t| t.word).count() < 2 {
                continue;
            }
            let bytes = doc.bytes(&range);
            let first_para = doc.para_of(bytes.start);
            let last_para = doc.para_of(bytes.end - 1);
            out.push(Found {
                kind: QuoteKind::Indirect,
                content: bytes,
                attr: attr.clone(),
                first_para,
                last_para,
                opens_para: false,
            });
        }
    }
    out
}
