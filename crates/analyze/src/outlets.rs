//! Attributions to other outlets: "CNN reports", "per the AP", "according
//! to reports from the Financial Times", "told Reuters", "in a post on X".
//!
//! Outlets and platforms are the gazetteer's ([`crate::gazetteer`]); a
//! name counts as credited only with a cue around it, so that "CNN" in
//! "a CNN poll" or "X" as a letter is not an attribution. Platforms are
//! credited only as where something was posted.

use std::ops::Range;

use crate::gazetteer::{self, GazKind};
use crate::quotes::Doc;
use crate::types::{AttributionKind, OutletAttribution};

/// Nouns of reporting that take the outlet after a preposition ("a report
/// by", "reports from").
fn is_report_noun(w: &str) -> bool {
    matches!(
        w,
        "report"
            | "reports"
            | "reporting"
            | "story"
            | "stories"
            | "article"
            | "investigation"
            | "analysis"
            | "poll"
            | "survey"
            | "reported"
            | "coverage"
            | "piece"
            | "documents"
            | "footage"
            | "data"
            | "review"
            | "tally"
            | "count"
            | "estimate"
    )
}

/// Verbs an outlet is the subject of: "CNN reports", "the Times reported".
fn is_report_verb(w: &str) -> bool {
    matches!(
        w,
        "reports"
            | "reported"
            | "reporting"
            | "says"
            | "said"
            | "writes"
            | "wrote"
            | "revealed"
            | "reveals"
            | "noted"
            | "notes"
            | "found"
            | "finds"
            | "learned"
            | "learns"
            | "confirmed"
            | "confirms"
            | "cited"
            | "cites"
            | "disclosed"
            | "obtained"
            | "broke"
            | "published"
            | "publishes"
            | "first"
    )
}

/// Words between "on" and a platform: "on his social media platform Truth
/// Social".
fn is_platform_filler(w: &str) -> bool {
    matches!(
        w,
        "his"
            | "her"
            | "their"
            | "its"
            | "the"
            | "social"
            | "media"
            | "platform"
            | "account"
            | "site"
            | "network"
            | "official"
            | "personal"
            | "own"
            | "page"
            | "channel"
            | "app"
    )
}

/// Verbs and nouns of posting before "on": "in a post on", "wrote on",
/// "posting on".
fn is_post_word(w: &str) -> bool {
    matches!(
        w,
        "post"
            | "posts"
            | "posted"
            | "posting"
            | "wrote"
            | "writes"
            | "writing"
            | "said"
            | "says"
            | "saying"
            | "shared"
            | "sharing"
            | "tweeted"
            | "tweet"
            | "message"
            | "statement"
            | "video"
            | "announced"
            | "declared"
            | "published"
            | "live"
            | "stream"
            | "thread"
            | "comments"
            | "remarks"
            | "appeared"
            | "update"
            | "speaking"
    )
}

pub(crate) fn attributions(doc: &Doc) -> Vec<OutletAttribution> {
    let toks = &doc.toks;
    let n = toks.len();
    let g = gazetteer::get();
    let mut out = Vec::new();
    let mut key = String::with_capacity(32);
    let mut k = 0;
    while k < n {
        if !toks[k].is_cap() {
            k += 1;
            continue;
        }
        // The longest outlet or platform name from k.
        let mut best = None;
        key.clear();
        let mut words = 0;
        let mut j = k;
        while j < n && words < g.max_words && (toks[j].word || toks[j].is_punct('.')) {
            if toks[j].word {
                if !key.is_empty() {
                    key.push(' ');
                }
                gazetteer::push_key_word(&mut key, doc.word(j));
                words += 1;
                if let Some(e) = g.find(&key, &doc.text[toks[k].start..toks[j].end])
                    && matches!(e.kind, GazKind::Outlet | GazKind::Platform)
                {
                    best = Some((j + 1, e));
                }
            }
            j += 1;
        }
        let Some((e, entry)) = best else {
            k += 1;
            continue;
        };
        let platform = entry.kind == GazKind::Platform;
        if let Some((cue, kind)) = cue_for(doc, k, e, platform) {
            out.push(OutletAttribution {
                outlet: toks[k].start..toks[e - 1].end,
                name: entry.canonical.to_string(),
                cue,
                kind,
            });
        }
        k = e;
    }
    out
}

/// The cue that credits the outlet at tokens `s..e`, if any.
fn cue_for(
    doc: &Doc,
    s: usize,
    e: usize,
    platform: bool,
) -> Option<(Range<usize>, AttributionKind)> {
    let toks = &doc.toks;
    let lw = |k: usize| -> String {
        if toks[k].word {
            doc.word(k).to_ascii_lowercase()
        } else {
            String::new()
        }
    };
    let span = |a: usize, b: usize| toks[a].start..toks[b].end;
    // Before the name, past an article.
    let mut b = s;
    if b > 0 && doc.is_word(b - 1, "the") {
        b -= 1;
    }
    if platform {
        // "in a post on X", "wrote on Truth Social", "posting on his social
        // media platform Truth Social".
        let mut o = b;
        while o > 0 && o + 5 > b && toks[o - 1].word && is_platform_filler(&lw(o - 1)) {
            o -= 1;
        }
        if o > 0 && doc.is_word(o - 1, "on") {
            let on = o - 1;
            let mut v = on;
            // "in a lengthy post shared on": back over a few words to the
            // first posting word.
            let mut found = None;
            while v > 0 && v + 5 > on && toks[v - 1].word {
                if is_post_word(&lw(v - 1)) {
                    found = Some(v - 1);
                }
                v -= 1;
            }
            let verb = found?;
            // "in a post": the cue starts at "in".
            let mut c = verb;
            while c > 0
                && c + 4 > verb
                && toks[c - 1].word
                && matches!(
                    lw(c - 1).as_str(),
                    "in" | "a"
                        | "an"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "lengthy"
                        | "new"
                        | "late"
                        | "recent"
                        | "separate"
                        | "the"
                )
            {
                c -= 1;
            }
            if c < verb && !doc.is_word(c, "in") {
                c = verb;
            }
            return Some((span(c, on), AttributionKind::Post));
        }
        // "in a Truth Social post".
        if e < toks.len()
            && toks[e].is_lower()
            && matches!(
                lw(e).as_str(),
                "post"
                    | "posts"
                    | "message"
                    | "video"
                    | "statement"
                    | "thread"
                    | "update"
                    | "livestream"
            )
        {
            return Some((span(e, e), AttributionKind::Post));
        }
        return None;
    }
    if b > 0 {
        let p = lw(b - 1);
        if p == "per" || p == "via" {
            return Some((span(b - 1, b - 1), AttributionKind::Report));
        }
        if matches!(p.as_str(), "told" | "tells" | "telling" | "tell") {
            return Some((span(b - 1, b - 1), AttributionKind::Interview));
        }
        if b >= 2 && matches!(p.as_str(), "to" | "with") {
            let q = lw(b - 2);
            if q == "according" && p == "to" {
                return Some((span(b - 2, b - 1), AttributionKind::Report));
            }
            if matches!(
                q.as_str(),
                "speaking"
                    | "spoke"
                    | "talking"
                    | "talked"
                    | "interview"
                    | "confirmed"
                    | "said"
                    | "admitted"
            ) {
                let kind = AttributionKind::Interview;
                // "in an interview with".
                let mut c = b - 2;
                if q == "interview"
                    && c >= 2
                    && matches!(lw(c - 1).as_str(), "an" | "a")
                    && doc.is_word(c - 2, "in")
                {
                    c -= 2;
                }
                return Some((span(c, b - 1), kind));
            }
        }
        if matches!(p.as_str(), "by" | "from" | "in" | "of" | "on") && b >= 2 {
            let q = lw(b - 2);
            if is_report_noun(&q)
                || matches!(
                    q.as_str(),
                    "cited"
                        | "obtained"
                        | "seen"
                        | "reviewed"
                        | "published"
                        | "aired"
                        | "broadcast"
                )
            {
                // "according to reports from", "as reported by", "a report
                // in".
                let mut c = b - 2;
                if c >= 1
                    && matches!(
                        lw(c - 1).as_str(),
                        "a" | "an" | "the" | "as" | "first" | "earlier"
                    )
                {
                    c -= 1;
                }
                if c >= 2 && doc.is_word(c - 1, "to") && doc.is_word(c - 2, "according") {
                    c -= 2;
                }
                if c >= 1 && matches!(lw(c - 1).as_str(), "as" | "first") {
                    c -= 1;
                }
                return Some((span(c, b - 1), AttributionKind::Report));
            }
            if p == "on"
                && matches!(
                    q.as_str(),
                    "said" | "appeared" | "appearing" | "speaking" | "told" | "interview"
                )
            {
                return Some((span(b - 2, b - 1), AttributionKind::Interview));
            }
        }
    }
    // After the name: "CNN reports", "New York Times reported", "the AP
    // has reported".
    let mut a = e;
    // The period of "U.S." style names is inside; a possessive is not a
    // subject ("CNN's Jake Tapper").
    if a < toks.len() && toks[a].is_punct(',') {
        a += 1;
    }
    let mut v = a;
    while v < toks.len()
        && v < a + 2
        && toks[v].word
        && matches!(
            lw(v).as_str(),
            "has"
                | "had"
                | "first"
                | "also"
                | "earlier"
                | "later"
                | "previously"
                | "recently"
                | "was"
                | "is"
        )
    {
        v += 1;
    }
    if v < toks.len() && toks[v].word && toks[v].is_lower() && is_report_verb(&lw(v)) {
        let mut end = v;
        if lw(v) == "first" {
            if v + 1 < toks.len() && is_report_verb(&lw(v + 1)) {
                end = v + 1;
            } else {
                return None;
            }
        }
        // "CNN was reporting" needs the participle; "CNN is" alone is not.
        return Some((span(a, end), AttributionKind::Report));
    }
    None
}
