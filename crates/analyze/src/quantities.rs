//! Numbers with what they count.
//!
//! A number is digits ("12", "1.5", "850,000", "$850,000", "10%", "5bn")
//! or words ("seven", "twenty-five", "a dozen"), with a multiplier after it
//! ("1.5 million"). Around it the rules read, within a few tokens: a
//! qualifier before it ("at least", "more than", "nearly", "up to"); a unit
//! (a currency sign or word, "percent", a measure, a span of time, or the
//! second half of a compound: "28-point", "30-day"); and what is counted:
//! the noun after it ("seven people"), with the casualty verb that goes
//! with it before or after ("killing at least seven people", "seven people
//! were killed": "people killed"), or for a compound the noun it modifies
//! ("28-point peace plan": "points of peace plan"). Numbers inside dates
//! and times are left to [`crate::dates`]; "one", ordinals, scores ("3-2")
//! and numbers that are part of a name ("Article 5") are not quantities.

use std::ops::Range;

use crate::lexicon::{ADVERB, BOUNDARY, CUE, DETERMINER, PRONOUN};
use crate::quotes::Doc;
use crate::types::{DateKind, DateMention, Qualifier, Quantity};

fn small_number(w: &str) -> Option<f64> {
    Some(match w {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "dozen" => 12.0,
        _ => return None,
    })
}

/// "seven", "twenty-five", "Seven".
fn word_number(w: &str) -> Option<f64> {
    let lw = w.to_ascii_lowercase();
    if let Some(v) = small_number(&lw) {
        return Some(v);
    }
    let (tens, ones) = lw.split_once('-')?;
    let t = small_number(tens).filter(|t| *t >= 20.0 && *t % 10.0 == 0.0)?;
    let o = small_number(ones).filter(|o| (1.0..10.0).contains(o))?;
    Some(t + o)
}

fn multiplier(w: &str) -> Option<f64> {
    Some(match w.to_ascii_lowercase().as_str() {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" | "mn" | "m" => 1e6,
        "billion" | "bn" | "b" => 1e9,
        "trillion" | "tn" => 1e12,
        "k" => 1e3,
        _ => return None,
    })
}

/// The normalized unit a word names.
fn unit_word(w: &str) -> Option<&'static str> {
    Some(match w.to_ascii_lowercase().as_str() {
        "percent" | "%" | "pct" => "percent",
        "dollar" | "dollars" | "usd" => "usd",
        "euro" | "euros" | "eur" => "eur",
        "pound" | "pounds" | "gbp" | "sterling" => "gbp",
        "yen" => "jpy",
        "yuan" | "renminbi" => "cny",
        "ruble" | "rubles" | "rouble" | "roubles" => "rub",
        "hryvnia" | "hryvnias" => "uah",
        "rupee" | "rupees" => "inr",
        "km" | "kilometer" | "kilometers" | "kilometre" | "kilometres" => "km",
        "mile" | "miles" => "mile",
        "mph" => "mph",
        "kph" | "km/h" => "kph",
        "meter" | "meters" | "metre" | "metres" | "m" => "m",
        "foot" | "feet" | "ft" => "foot",
        "kg" | "kilogram" | "kilograms" | "kilo" | "kilos" => "kg",
        "ton" | "tons" | "tonne" | "tonnes" => "ton",
        "acre" | "acres" => "acre",
        "hectare" | "hectares" => "hectare",
        "degree" | "degrees" => "degree",
        "barrel" | "barrels" => "barrel",
        "second" | "seconds" => "second",
        "minute" | "minutes" => "minute",
        "hour" | "hours" => "hour",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "month" | "months" => "month",
        "year" | "years" => "year",
        "decade" | "decades" => "decade",
        "point" | "points" => "point",
        _ => return None,
    })
}

fn currency_sign(c: char) -> Option<&'static str> {
    Some(match c {
        '$' => "usd",
        '€' => "eur",
        '£' => "gbp",
        '¥' => "jpy",
        '₴' => "uah",
        '₽' => "rub",
        '₹' => "inr",
        _ => return None,
    })
}

/// A verb of harm after a counted noun, as a participle.
fn casualty(w: &str) -> Option<&'static str> {
    Some(match w.to_ascii_lowercase().as_str() {
        "killed" | "killing" | "kill" => "killed",
        "dead" | "died" | "die" => "dead",
        "injured" | "injuring" | "injure" => "injured",
        "wounded" | "wounding" => "wounded",
        "hurt" => "hurt",
        "missing" | "unaccounted" => "missing",
        "arrested" | "arresting" => "arrested",
        "detained" | "detaining" => "detained",
        "displaced" | "displacing" => "displaced",
        "evacuated" | "evacuating" => "evacuated",
        "trapped" | "trapping" => "trapped",
        "rescued" | "rescuing" => "rescued",
        "hospitalized" | "hospitalised" => "hospitalized",
        "captured" | "capturing" => "captured",
        "freed" | "releasing" | "released" => "released",
        "infected" => "infected",
        "treated" => "treated",
        "stranded" => "stranded",
        "executed" => "executed",
        _ => return None,
    })
}

/// Words a qualifier is made of, longest first; `None` marks the second
/// word of a two-word qualifier.
fn qualifier_before(doc: &Doc, k: usize) -> Option<(Qualifier, usize)> {
    let w = |j: usize| -> Option<String> {
        doc.toks
            .get(j)
            .filter(|t| t.word)
            .map(|t| doc.text[t.start..t.end].to_ascii_lowercase())
    };
    let one = k.checked_sub(1).and_then(w);
    let two = k.checked_sub(2).and_then(w);
    let three = k.checked_sub(3).and_then(w);
    let pair = two.as_deref().zip(one.as_deref());
    let q3 = match (three.as_deref(), pair) {
        (Some("no"), Some(("fewer" | "less", "than"))) => Some(Qualifier::AtLeast),
        (Some("no"), Some(("more", "than"))) => Some(Qualifier::AtMost),
        (Some("as"), Some(("many" | "much", "as"))) => Some(Qualifier::UpTo),
        (Some("a"), Some(("minimum", "of"))) => Some(Qualifier::AtLeast),
        (Some("a"), Some(("maximum", "of"))) => Some(Qualifier::AtMost),
        (Some("just" | "slightly"), Some(("more" | "over", "than"))) => Some(Qualifier::MoreThan),
        _ => None,
    };
    if let Some(q) = q3 {
        return Some((q, k - 3));
    }
    let q2 = match pair {
        Some(("at", "least")) => Some(Qualifier::AtLeast),
        Some(("at", "most")) => Some(Qualifier::AtMost),
        Some(("more" | "greater", "than")) => Some(Qualifier::MoreThan),
        Some(("less" | "fewer", "than")) => Some(Qualifier::LessThan),
        Some(("up", "to")) => Some(Qualifier::UpTo),
        Some(("close", "to")) => Some(Qualifier::Nearly),
        Some(("upwards", "of")) => Some(Qualifier::MoreThan),
        Some(("an", "estimated")) => Some(Qualifier::About),
        Some(("just", "over")) => Some(Qualifier::MoreThan),
        Some(("just", "under")) => Some(Qualifier::LessThan),
        _ => None,
    };
    if let Some(q) = q2 {
        return Some((q, k - 2));
    }
    let q1 = match one.as_deref() {
        Some("about" | "around" | "roughly" | "approximately" | "some" | "approx" | "circa") => {
            Qualifier::About
        }
        Some("nearly" | "almost") => Qualifier::Nearly,
        Some("over") => Qualifier::MoreThan,
        Some("under") => Qualifier::LessThan,
        Some("exactly" | "only" | "just" | "precisely") => Qualifier::Exactly,
        _ => return None,
    };
    Some((q1, k - 1))
}

struct Number {
    value: f64,
    /// Tokens of the number, with its sign and multiplier.
    toks: Range<usize>,
    unit: Option<&'static str>,
    /// The unit of a compound ("28-point"): its text after the hyphen.
    compound: Option<String>,
}

/// The number starting at token `k`, if any.
fn number_at(doc: &Doc, k: usize) -> Option<Number> {
    let toks = &doc.toks;
    let n = toks.len();
    let mut start = k;
    let mut unit = None;
    let mut k = k;
    // "$850,000": a currency sign right before the digits.
    if !toks[k].word {
        let u = currency_sign(toks[k].first)?;
        if k + 1 >= n || toks[k + 1].space_before || !toks[k + 1].first.is_ascii_digit() {
            return None;
        }
        unit = Some(u);
        k += 1;
    } else if k > 0
        && let Some(u) = currency_sign(toks[k - 1].first)
        && !toks[k].space_before
        && !toks[k - 1].word
    {
        unit = Some(u);
        start = k - 1;
    }
    let t = &toks[k];
    let w = doc.word(k);
    let mut e = k + 1;
    let mut compound = None;
    let mut value;
    if t.first.is_ascii_digit() {
        // Digits, a decimal point, then letters ("5bn") or a hyphen and a
        // word ("28-point").
        let digits_end = w
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(w.len());
        let digits = &w[..digits_end];
        let rest = &w[digits_end..];
        // "0800 056": phone numbers and codes.
        if digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.") {
            return None;
        }
        let mut s = digits.to_string();
        // "850,000": groups of three digits after commas.
        if rest.is_empty() && !digits.contains('.') {
            while e + 1 < n
                && toks[e].is_punct(',')
                && !toks[e].space_before
                && !toks[e + 1].space_before
                && toks[e + 1].word
                && {
                    let g = doc.word(e + 1);
                    let gd = g
                        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                        .unwrap_or(g.len());
                    gd >= 3
                        && g[..3].bytes().all(|b| b.is_ascii_digit())
                        && (gd == 3 || g.as_bytes()[3] == b'.')
                }
            {
                let g = doc.word(e + 1);
                let gd = g
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .unwrap_or(g.len());
                if gd != g.len() {
                    break;
                }
                s.push_str(g);
                e += 2;
            }
        }
        value = s.parse::<f64>().ok()?;
        if let Some(c) = rest.strip_prefix('-') {
            // "3-2" is a score, "1990-91" a span; "28-point", "30-day",
            // "12-year-old" are compounds.
            if c.is_empty() || c.starts_with(|ch: char| ch.is_ascii_digit()) {
                return None;
            }
            if let Some(m) = multiplier(c.split('-').next().unwrap_or(c)).filter(|_| c.len() > 2) {
                value *= m;
            } else {
                compound = Some(c.to_ascii_lowercase());
            }
        } else if !rest.is_empty() {
            let lr = rest.to_ascii_lowercase();
            if let Some(m) = multiplier(&lr) {
                value *= m;
            } else if let Some(u) = unit_word(&lr).filter(|_| !matches!(lr.as_str(), "s" | "m")) {
                unit = unit.or(Some(u));
            } else {
                // Ordinals ("100th"), decades ("90s"), times ("6am"),
                // codes ("5G").
                return None;
            }
        }
        if digits.ends_with('.') || digits.matches('.').count() > 1 {
            return None;
        }
    } else {
        value = word_number(w)?;
        if w.contains('-') && value < 20.0 {
            return None;
        }
        // "a dozen".
        if w.eq_ignore_ascii_case("dozen") {
            if k > 0 && (doc.is_word(k - 1, "a") || doc.is_word(k - 1, "one")) {
                start = k - 1;
            } else {
                return None;
            }
        }
    }
    // A multiplier word after: "1.5 million", "seven hundred".
    while e < n
        && toks[e].word
        && toks[e].is_lower()
        && let Some(m) = multiplier(doc.word(e)).filter(|_| doc.word(e).len() > 2)
    {
        value *= m;
        e += 1;
    }
    Some(Number {
        value,
        toks: start..e,
        unit,
        compound,
    })
}

/// Quantities of the text, in order; `dates` (sorted) are skipped.
pub(crate) fn quantities(doc: &Doc, dates: &[DateMention]) -> Vec<Quantity> {
    let toks = &doc.toks;
    let n = toks.len();
    let mut out = Vec::new();
    let mut d = 0;
    let mut k = 0;
    while k < n {
        let t = &toks[k];
        while d < dates.len() && dates[d].span.end <= t.start {
            d += 1;
        }
        if d < dates.len() && dates[d].span.start <= t.start {
            k += 1;
            continue;
        }
        let candidate = (t.word && (t.first.is_ascii_digit() || t.first.is_alphabetic()))
            || currency_sign(t.first).is_some();
        if !candidate {
            k += 1;
            continue;
        }
        let Some(num) = number_at(doc, k) else {
            k += 1;
            continue;
        };
        match quantity(doc, &num, dates) {
            Some((q, end)) => {
                out.push(q);
                k = end.max(k + 1);
            }
            None => k = num.toks.end.max(k + 1),
        }
    }
    out
}

/// The quantity around number `num`, and the token after it.
fn quantity(doc: &Doc, num: &Number, dates: &[DateMention]) -> Option<(Quantity, usize)> {
    let toks = &doc.toks;
    let n = toks.len();
    let first = num.toks.start;
    let vk = if toks[first].word { first } else { first + 1 };
    let is_digit = toks[vk].first.is_ascii_digit();
    let word = doc.word(vk).to_ascii_lowercase();
    // "3:30", "1/8", "#5": times, fractions and numbers of things.
    let e0 = num.toks.end;
    if e0 < n && !toks[e0].space_before && (toks[e0].is_punct(':') || toks[e0].is_punct('/')) {
        return None;
    }
    if first > 0
        && !toks[first].space_before
        && (toks[first - 1].is_punct('/') || toks[first - 1].is_punct('#'))
    {
        return None;
    }
    // "Article 5", "Boeing 737": a number after a capitalized word is part
    // of a name.
    if is_digit
        && first > 0
        && toks[first - 1].is_cap()
        && !doc.sent_start[first - 1]
        && toks[first].space_before
        && crate::lexicon::flags(doc.word(first - 1)) & (DETERMINER | BOUNDARY | CUE) == 0
        && !doc.is_lower_elsewhere(first - 1)
    {
        return None;
    }
    let qualifier = qualifier_before(doc, first);
    // "one" only counts with a qualifier or a multiplier ("one million").
    if (word == "one" && qualifier.is_none() && num.toks.len() == 1) || word == "zero" {
        return None;
    }
    let mut e = num.toks.end;
    let mut unit: Option<String> = num.unit.map(str::to_string);
    let mut counted: Option<(String, Range<usize>)> = None;
    let mut of_dated_happening = false;
    if let Some(c) = &num.compound {
        // "28-point peace plan", "30-day ceasefire", "12-year-old boy".
        let age = c.ends_with("-old");
        let u = if age {
            // "12-year-old boy": an age; the boy is who is counted.
            format!("{} old", plural(c.split('-').next().unwrap_or(c)))
        } else {
            unit_word(c.split('-').next().unwrap_or(c))
                .map(str::to_string)
                .unwrap_or_else(|| c.replace('-', " "))
        };
        let np = noun_phrase(doc, e, 3);
        let plural = plural(&u);
        match np {
            Some(np) if age => {
                counted = Some((lower_words(doc, &np), doc.bytes(&np)));
                e = np.end;
            }
            Some(np) => {
                let text = lower_words(doc, &np);
                counted = Some((format!("{plural} of {text}"), doc.bytes(&(vk..np.end))));
                e = np.end;
            }
            None if age => {}
            None => counted = Some((plural, doc.bytes(&(vk..vk + 1)))),
        }
        unit = Some(u);
    } else {
        // A unit word or sign after the number.
        if e < n {
            if toks[e].is_punct('%') && !toks[e].space_before {
                unit = Some("percent".into());
                e += 1;
            } else if toks[e].word
                && toks[e].is_lower()
                && let Some(u) = unit_word(doc.word(e))
            {
                // "per cent"
                if doc.is_word(e, "per") {
                    e += 1;
                }
                unit = Some(u.to_string());
                e += 1;
            } else if doc.is_word(e, "per") && doc.is_word(e + 1, "cent") {
                unit = Some("percent".into());
                e += 2;
            }
        }
        let time_unit = unit.as_deref().is_some_and(|u| {
            matches!(
                u,
                "second"
                    | "minute"
                    | "hour"
                    | "day"
                    | "week"
                    | "month"
                    | "year"
                    | "decade"
                    | "point"
            )
        });
        if time_unit {
            let u = unit.clone().unwrap_or_default();
            counted = Some((plural(&u), doc.bytes(&(e - 1..e))));
        } else if unit.is_none() {
            // The counted noun, with a verb of harm before or after it.
            if let Some(np) = noun_phrase(doc, e, 3) {
                let mut text = lower_words(doc, &np);
                let mut span = np.clone();
                let mut j = np.end;
                while j < n
                    && toks[j].word
                    && matches!(
                        doc.word(j),
                        "were"
                            | "was"
                            | "have"
                            | "has"
                            | "had"
                            | "been"
                            | "are"
                            | "being"
                            | "is"
                            | "reportedly"
                            | "also"
                            | "still"
                            | "now"
                            | "remain"
                            | "remains"
                            | "remained"
                    )
                {
                    j += 1;
                }
                if let Some(c) = (j < n).then(|| casualty(doc.word(j))).flatten() {
                    text = format!("{text} {c}");
                    span.end = j + 1;
                } else if let Some(c) = verb_before(doc, qualifier.map_or(first, |q| q.1)) {
                    text = format!("{text} {c}");
                    of_dated_happening =
                        clause_of_dated_happening(doc, qualifier.map_or(first, |q| q.1) - 1, dates);
                }
                e = span.end;
                counted = Some((text, doc.bytes(&span)));
            } else if e < n
                && toks[e].word
                && let Some(c) = casualty(doc.word(e))
            {
                // "seven dead".
                counted = Some((c.to_string(), doc.bytes(&(e..e + 1))));
                e += 1;
            }
        }
    }
    // A bare four-digit number from 1800 to 2199 with nothing counted is a
    // year the dates did not take.
    if is_digit
        && unit.is_none()
        && counted.is_none()
        && (1800.0..2200.0).contains(&num.value)
        && doc.word(vk).len() == 4
    {
        return None;
    }
    let start = qualifier.map_or(first, |q| q.1);
    Some((
        Quantity {
            span: toks[start].start..toks[e - 1].end,
            value: num.value,
            value_span: doc.bytes(&num.toks),
            unit,
            counted: counted.as_ref().map(|c| c.0.clone()),
            counted_span: counted.map(|c| c.1),
            qualifier: qualifier.map(|q| q.0),
            qualifier_span: qualifier.map(|q| toks[q.1].start..toks[first - 1].end),
            of_dated_happening,
        },
        e,
    ))
}

fn plural(u: &str) -> String {
    if u.ends_with('s') || u.contains(' ') {
        u.to_string()
    } else if let Some(stem) = u
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o']))
    {
        format!("{stem}ies")
    } else {
        format!("{u}s")
    }
}

fn lower_words(doc: &Doc, r: &Range<usize>) -> String {
    let mut s = String::new();
    for k in r.clone() {
        if doc.toks[k].word {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&doc.word(k).to_lowercase());
        }
    }
    s
}

/// "two army engineering companies": a word in "-ing" between a singular
/// word and a plural noun modifies the noun. After a plural ("soldiers
/// manning checkpoints") it is a participle and ends the phrase.
fn ing_modifier(doc: &Doc, e: usize) -> bool {
    let plural = |k: usize| {
        let w = doc.word(k);
        doc.toks[k].word && w.ends_with('s') && !w.ends_with("ss") && w.len() > 3
    };
    e > 0
        && !plural(e - 1)
        && doc
            .toks
            .get(e + 1)
            .is_some_and(|t| t.word && t.is_lower() && plural(e + 1))
}

/// Up to `max` words from token `k` that make a noun phrase: no function
/// word, verb form or punctuation; the head is its last word.
fn noun_phrase(doc: &Doc, k: usize, max: usize) -> Option<Range<usize>> {
    let toks = &doc.toks;
    let mut e = k;
    while e < toks.len() && e < k + max {
        let t = &toks[e];
        if !t.word || t.first.is_ascii_digit() {
            break;
        }
        let w = doc.word(e);
        let lw = w.to_ascii_lowercase();
        if t.is(BOUNDARY | CUE | ADVERB | DETERMINER | PRONOUN)
            || casualty(&lw).is_some()
            || (e > k
                && (lw.ends_with("ed")
                    || (lw.ends_with("ing") && !ing_modifier(doc, e))
                    || is_irregular_past(&lw)))
            || matches!(
                lw.as_str(),
                "were"
                    | "was"
                    | "are"
                    | "is"
                    | "have"
                    | "has"
                    | "had"
                    | "will"
                    | "would"
                    | "remain"
                    | "remains"
                    | "remained"
                    | "still"
                    | "more"
                    | "less"
                    | "percent"
                    | "rather"
                    | "closer"
                    | "further"
                    | "higher"
                    | "lower"
                    | "apart"
                    | "together"
                    | "away"
                    | "back"
                    | "ago"
                    | "instead"
                    | "alone"
                    | "each"
                    | "apiece"
                    | "earlier"
                    | "later"
                    | "already"
                    | "yet"
                    | "again"
                    | "now"
                    | "today"
                    | "overall"
                    | "total"
                    | "altogether"
                    | "respectively"
                    | "left"
                    | "taken"
                    | "given"
                    | "seen"
                    | "held"
                    | "shot"
                    | "hit"
                    | "than"
                    | "per"
            )
        {
            break;
        }
        // A capitalized word after a number is a name ("3 Doors Down") or
        // a new sentence, unless it opens the phrase in a headline.
        if t.is_cap() && e > k && !toks[k].is_cap() {
            break;
        }
        e += 1;
    }
    (e > k).then_some(k..e)
}

/// Whether the verb of harm at token `verb` opens a relative clause of a
/// happening named by a date: "the February flood in Tarrow Ford, which
/// killed three people", "the Nov. 13 attacks that killed 130". A report
/// mentions such a happening for context; its own comes with a relative
/// clause too ("the strike, which killed seven"), but is seldom named by a
/// month or a year. The date must be in the noun phrase the clause
/// describes: up to eight tokens before the pronoun, in its sentence, with
/// no comma between them but one right before the pronoun.
fn clause_of_dated_happening(doc: &Doc, verb: usize, dates: &[DateMention]) -> bool {
    let Some(pronoun) = verb.checked_sub(1) else {
        return false;
    };
    if !(doc.is_word(pronoun, "which") || doc.is_word(pronoun, "that")) {
        return false;
    }
    let sentence = doc.sent_of[pronoun];
    for k in (pronoun.saturating_sub(8)..pronoun).rev() {
        if doc.sent_of[k] != sentence {
            return false;
        }
        let t = &doc.toks[k];
        if t.is_punct(',') || t.is_punct(';') {
            if k + 1 == pronoun {
                continue;
            }
            return false;
        }
        if !t.word {
            continue;
        }
        let w = doc.word(k);
        let dated = dates.iter().any(|d| {
            d.kind == DateKind::Absolute && d.span.start <= t.start && t.start < d.span.end
        });
        // A month written alone ("the February flood") is not a date the
        // dates read; "May" alone is as often the verb.
        if dated || (w != "May" && crate::dates::month_of(w).is_some()) {
            return true;
        }
    }
    false
}

/// Common verbs whose past tense does not end in "-ed": after a counted
/// noun they end it ("About 2,000 people spent the day", "40 families
/// fled").
fn is_irregular_past(w: &str) -> bool {
    matches!(
        w,
        "spent"
            | "left"
            | "fled"
            | "took"
            | "went"
            | "came"
            | "made"
            | "got"
            | "gave"
            | "saw"
            | "met"
            | "ran"
            | "sat"
            | "slept"
            | "stood"
            | "stayed"
            | "lost"
            | "held"
            | "kept"
            | "found"
            | "told"
            | "said"
            | "sent"
            | "fell"
            | "rose"
            | "began"
            | "became"
            | "brought"
            | "fought"
            | "drove"
            | "flew"
            | "swam"
            | "won"
            | "paid"
            | "led"
            | "ate"
            | "drank"
            | "wrote"
            | "spoke"
            | "broke"
            | "knew"
            | "thought"
            | "felt"
            | "heard"
    )
}

/// "killing at least seven people": a verb of harm right before the
/// number (or its qualifier).
fn verb_before(doc: &Doc, k: usize) -> Option<&'static str> {
    let j = k.checked_sub(1)?;
    let t = &doc.toks[j];
    if !t.word {
        return None;
    }
    let w = doc.word(j).to_ascii_lowercase();
    if w.ends_with("ing") || matches!(w.as_str(), "killed" | "injured" | "wounded") {
        return casualty(&w);
    }
    None
}
