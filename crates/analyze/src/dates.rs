//! Dates and times mentioned in a text, resolved to calendar days when
//! they can be.
//!
//! Absolute dates ("Feb. 12, 2024", "12 February 2024", "February 2022",
//! "in 2016", "the summer of 2024", "the 1990s", "2024-02-12") resolve from
//! the text alone, except a day or month without a year, which takes the
//! year of the occurrence nearest to the publication day that the report
//! can mean: not more than a month ahead unless the sentence speaks of the
//! future.
//! Relative dates ("Tuesday", "last week", "yesterday", "three days ago",
//! "this summer") resolve against the publication time when it is given
//! and stay relative otherwise. A bare weekday is the latest such day on or
//! before publication (news reports what happened), unless its sentence
//! speaks of the future ("will", "next", "plans to"): then the next one on
//! or after it (the publication day's own name is that day). Anchored dates ("the 100th day of his second term") name a day
//! relative to something else and are kept, never resolved. Times of day
//! ("6am", "10:30 p.m.") keep their `HH:MM`.
//!
//! Calendar arithmetic is plain proleptic Gregorian day counting (no time
//! zones: a publication time is read in UTC).

use std::ops::Range;

use crate::lexicon::{ADVERB, BOUNDARY, CUE};
use crate::quotes::Doc;
use crate::types::{DateKind, DateMention, Granularity};

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Day of the week, 0 = Monday.
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn fmt(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn month_range(y: i64, m: u32) -> (i64, i64) {
    (
        days_from_civil(y, m, 1),
        days_from_civil(y, m, days_in_month(y, m)),
    )
}

fn year_range(y: i64) -> (i64, i64) {
    (days_from_civil(y, 1, 1), days_from_civil(y, 12, 31))
}

/// Meteorological seasons of the northern hemisphere; winter runs into
/// the next year.
fn season_range(y: i64, season: u32) -> (i64, i64) {
    let start = days_from_civil(y, season * 3, 1);
    let (ey, em) = if season == 4 {
        (y + 1, 2)
    } else {
        (y, season * 3 + 2)
    };
    (start, days_from_civil(ey, em, days_in_month(ey, em)))
}

pub(crate) fn month_of(w: &str) -> Option<u32> {
    Some(match w {
        "January" | "Jan" => 1,
        "February" | "Feb" => 2,
        "March" | "Mar" => 3,
        "April" | "Apr" => 4,
        "May" => 5,
        "June" | "Jun" => 6,
        "July" | "Jul" => 7,
        "August" | "Aug" => 8,
        "September" | "Sept" | "Sep" => 9,
        "October" | "Oct" => 10,
        "November" | "Nov" => 11,
        "December" | "Dec" => 12,
        _ => return None,
    })
}

fn weekday_of(w: &str) -> Option<i64> {
    Some(match w {
        "Monday" => 0,
        "Tuesday" => 1,
        "Wednesday" => 2,
        "Thursday" => 3,
        "Friday" => 4,
        "Saturday" => 5,
        "Sunday" => 6,
        _ => return None,
    })
}

/// 1 spring, 2 summer, 3 autumn, 4 winter (the month the season starts
/// in, over three).
fn season_of(w: &str) -> Option<u32> {
    Some(match w.to_ascii_lowercase().as_str() {
        "spring" => 1,
        "summer" => 2,
        "autumn" | "fall" => 3,
        "winter" => 4,
        _ => return None,
    })
}

fn number_word(w: &str) -> Option<i64> {
    Some(match w.to_ascii_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "several" | "few" => return None,
        w => return w.parse().ok().filter(|n| (1..10_000).contains(n)),
    })
}

fn is_ordinal(w: &str) -> bool {
    let lw = w.to_ascii_lowercase();
    matches!(
        lw.as_str(),
        "first"
            | "second"
            | "third"
            | "fourth"
            | "fifth"
            | "sixth"
            | "seventh"
            | "eighth"
            | "ninth"
            | "tenth"
            | "last"
            | "final"
    ) || (lw.len() > 2
        && lw.as_bytes()[0].is_ascii_digit()
        && ["st", "nd", "rd", "th"].iter().any(|s| lw.ends_with(s))
        && lw[..lw.len() - 2].bytes().all(|b| b.is_ascii_digit()))
}

struct Scan<'d, 'a> {
    doc: &'d Doc<'a>,
    /// Publication day, days since the epoch.
    pub_day: Option<i64>,
}

/// A match: one past its last token, and the mention.
type Found = (usize, DateMention);

impl Scan<'_, '_> {
    fn word(&self, k: usize) -> Option<&str> {
        self.doc
            .toks
            .get(k)
            .filter(|t| t.word)
            .map(|t| &self.doc.text[t.start..t.end])
    }

    fn lword(&self, k: usize) -> Option<String> {
        self.word(k).map(str::to_ascii_lowercase)
    }

    fn is(&self, k: usize, w: &str) -> bool {
        self.word(k).is_some_and(|x| x.eq_ignore_ascii_case(w))
    }

    fn punct(&self, k: usize, c: char) -> bool {
        self.doc.toks.get(k).is_some_and(|t| t.is_punct(c))
    }

    fn day_number(&self, k: usize) -> Option<u32> {
        let w = self.word(k)?;
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        if !(suffix.is_empty() || matches!(suffix, "st" | "nd" | "rd" | "th")) {
            return None;
        }
        let d: u32 = digits.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    }

    fn year_at(&self, k: usize) -> Option<i64> {
        let w = self.word(k)?;
        if w.len() != 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let y: i64 = w.parse().ok()?;
        (1800..2200).contains(&y).then_some(y)
    }

    /// A month name at `k` (capitalized; an abbreviation may have its
    /// period): the month and the token after it.
    fn month_at(&self, k: usize) -> Option<(u32, usize)> {
        let m = month_of(self.word(k)?)?;
        let long = self.word(k).is_some_and(|w| w.len() > 3 && w != "Sept");
        let next = if !long && self.punct(k + 1, '.') {
            k + 2
        } else {
            k + 1
        };
        Some((m, next))
    }

    fn bytes(&self, a: usize, b: usize) -> Range<usize> {
        self.doc.toks[a].start..self.doc.toks[b - 1].end
    }

    fn mention(
        &self,
        a: usize,
        b: usize,
        kind: DateKind,
        granularity: Granularity,
        range: Option<(i64, i64)>,
    ) -> Found {
        (
            b,
            DateMention {
                span: self.bytes(a, b),
                kind,
                granularity,
                start: range.map(|r| fmt(r.0)),
                end: range.map(|r| fmt(r.1)),
                time: None,
                background: false,
            },
        )
    }

    /// The year of a month (and day) given without one: the occurrence
    /// nearest to publication, among those a report can mean. "since Feb.
    /// 12" is past and "until Feb. 12", or a sentence that speaks of the
    /// future, to come. Otherwise a day more than [`AHEAD_DAYS`] after
    /// publication is not meant: news tells what happened, and a date it
    /// looks forward to comes with future words or soon ("Officials met Feb.
    /// 12", in November, is the February before; "the law takes effect Jan.
    /// 1", in December, the one after).
    fn nearest_year(&self, m: u32, d: u32, k: usize) -> Option<i64> {
        const AHEAD_DAYS: i64 = 31;
        let p = self.pub_day?;
        let (py, _, _) = civil_from_days(p);
        let lean = match k.checked_sub(1).and_then(|j| self.lword(j)).as_deref() {
            Some("since" | "last") => -1,
            Some("until" | "till" | "next") => 1,
            _ if self.future_sentence(k) => 1,
            _ => 0,
        };
        (py - 1..=py + 1)
            .filter(|&y| {
                let diff = days_from_civil(y, m, d.min(days_in_month(y, m))) - p;
                match lean {
                    0 => diff <= AHEAD_DAYS,
                    _ => diff.signum() != -lean,
                }
            })
            .min_by_key(|&y| {
                let d = d.min(days_in_month(y, m));
                (days_from_civil(y, m, d) - p).abs()
            })
    }

    /// Whether the few words before token `k` in its sentence speak of
    /// the future ("will meet on Thursday", "is scheduled to ... Friday");
    /// not across a quotation mark.
    fn future_sentence(&self, k: usize) -> bool {
        let s = self.doc.sentence(k).start;
        for j in (s.max(k.saturating_sub(8))..k).rev() {
            let t = &self.doc.toks[j];
            if !t.word {
                if matches!(t.first, '"' | '“' | '”' | '‘' | '’' | '\'') {
                    return false;
                }
                continue;
            }
            let w = &self.doc.text[t.start..t.end];
            if matches!(
                w.to_ascii_lowercase().as_str(),
                "will"
                    | "shall"
                    | "upcoming"
                    | "scheduled"
                    | "plans"
                    | "planned"
                    | "expected"
                    | "due"
                    | "slated"
                    | "next"
                    | "until"
            ) || w.ends_with("'ll")
                || w.ends_with("’ll")
            {
                return true;
            }
        }
        false
    }

    /// Month/day patterns at `k`.
    fn calendar(&self, k: usize) -> Option<Found> {
        // MONTH [.] DAY [,] [YEAR]
        if let Some((m, j)) = self.month_at(k) {
            if let Some(d) = self.day_number(j)
                && !self.punct(j + 1, ':')
                && !self.is(j + 1, "percent")
            {
                let (yk, y) = match (
                    self.punct(j + 1, ','),
                    self.year_at(j + 1),
                    self.year_at(j + 2),
                ) {
                    (_, Some(y), _) => (j + 2, Some(y)),
                    (true, _, Some(y)) => (j + 3, Some(y)),
                    _ => (j + 1, None),
                };
                return Some(self.day(k, yk, y, m, d));
            }
            // MONTH [,] YEAR
            let (yk, y) = match (self.punct(j, ','), self.year_at(j), self.year_at(j + 1)) {
                (_, Some(y), _) => (j + 1, Some(y)),
                (true, _, Some(y)) => (j + 2, Some(y)),
                _ => (j, None),
            };
            if let Some(y) = y {
                return Some(self.mention(
                    k,
                    yk,
                    DateKind::Absolute,
                    Granularity::Month,
                    Some(month_range(y, m)),
                ));
            }
            // A month alone, where a date is expected: "in February",
            // "last March", "early June".
            let prev = k.checked_sub(1).and_then(|p| self.lword(p));
            let cue = prev.as_deref().is_some_and(|w| {
                matches!(
                    w,
                    "in" | "since"
                        | "until"
                        | "till"
                        | "by"
                        | "last"
                        | "next"
                        | "this"
                        | "early"
                        | "late"
                        | "mid"
                        | "of"
                        | "through"
                        | "from"
                        | "before"
                        | "after"
                        | "during"
                        | "throughout"
                        | "between"
                )
            });
            let name_like = self.word(k).is_some_and(|w| w.len() > 3 || w == "May");
            if cue && name_like && (m != 5 || prev.as_deref() != Some("may")) {
                let start = if matches!(
                    prev.as_deref(),
                    Some("last" | "next" | "this" | "early" | "late" | "mid")
                ) {
                    k - 1
                } else {
                    k
                };
                let y = match (prev.as_deref(), self.pub_day) {
                    (Some("last"), Some(p)) => {
                        let (py, pm, _) = civil_from_days(p);
                        Some(if m < pm { py } else { py - 1 })
                    }
                    (Some("next"), Some(p)) => {
                        let (py, pm, _) = civil_from_days(p);
                        Some(if m > pm { py } else { py + 1 })
                    }
                    (Some("this"), Some(p)) => Some(civil_from_days(p).0),
                    _ => self.nearest_year(m, 15, start),
                };
                let kind = if y.is_some() {
                    DateKind::Absolute
                } else {
                    DateKind::Relative
                };
                return Some(self.mention(
                    start,
                    j,
                    kind,
                    Granularity::Month,
                    y.map(|y| month_range(y, m)),
                ));
            }
            return None;
        }
        // DAY [of] MONTH [YEAR]
        if let Some(d) = self.day_number(k) {
            let j = if self.is(k + 1, "of") { k + 2 } else { k + 1 };
            if let Some((m, e)) = self.month_at(j)
                && self.word(j).is_some_and(|w| w.len() > 3 || w == "May")
            {
                let (yk, y) = match (self.punct(e, ','), self.year_at(e), self.year_at(e + 1)) {
                    (_, Some(y), _) => (e + 1, Some(y)),
                    (true, _, Some(y)) => (e + 2, Some(y)),
                    _ => (e, None),
                };
                return Some(self.day(k, yk, y, m, d));
            }
        }
        None
    }

    fn day(&self, a: usize, b: usize, y: Option<i64>, m: u32, d: u32) -> Found {
        let y = y.or_else(|| self.nearest_year(m, d, a));
        let range = y.filter(|&y| d <= days_in_month(y, m)).map(|y| {
            let day = days_from_civil(y, m, d);
            (day, day)
        });
        let kind = if range.is_some() {
            DateKind::Absolute
        } else {
            DateKind::Relative
        };
        self.mention(a, b, kind, Granularity::Day, range)
    }

    /// "Tuesday", "last Tuesday", "next Friday", "Tuesday, Feb. 12".
    fn weekday(&self, k: usize) -> Option<Found> {
        let (a, dir) = match self.lword(k).as_deref() {
            Some("last") | Some("past") => (k, -1),
            Some("next") | Some("coming") => (k, 1),
            Some("this") => (k, 0),
            _ => (k, 2),
        };
        let w = if dir == 2 { k } else { k + 1 };
        let wd = weekday_of(self.word(w)?)?;
        // A date right after the weekday says the day itself.
        let j = if self.punct(w + 1, ',') { w + 2 } else { w + 1 };
        if let Some((e, mut m)) = self.calendar(j)
            && m.granularity == Granularity::Day
        {
            m.span.start = self.doc.toks[a].start;
            return Some((e, m));
        }
        let range = self.pub_day.map(|p| {
            let back = (weekday(p) - wd).rem_euclid(7);
            let fwd = (wd - weekday(p)).rem_euclid(7);
            let day = match dir {
                -1 => p - if back == 0 { 7 } else { back },
                1 => p + if fwd == 0 { 7 } else { fwd },
                0 => p - weekday(p) + wd,
                // News says "Tuesday" for the day it is published, in the
                // future tense too ("expected by Tuesday afternoon");
                // a week on is "next Tuesday".
                _ if self.future_sentence(w) => p + fwd,
                _ => p - back,
            };
            (day, day)
        });
        Some(self.mention(a, w + 1, DateKind::Relative, Granularity::Day, range))
    }

    /// "today", "last week", "this month", "three days ago", "the past
    /// week", "last summer", "over the weekend".
    fn relative(&self, k: usize) -> Option<Found> {
        let w = self.lword(k)?;
        let p = self.pub_day;
        let one = |g: Granularity, off: i64| {
            self.mention(
                k,
                k + 1,
                DateKind::Relative,
                g,
                p.map(|p| (p + off, p + off)),
            )
        };
        match w.as_str() {
            "today" | "tonight" => return Some(one(Granularity::Day, 0)),
            "yesterday" => return Some(one(Granularity::Day, -1)),
            "tomorrow" => return Some(one(Granularity::Day, 1)),
            _ => {}
        }
        // "N units ago".
        if let Some(n) = number_word(&w)
            && let Some(unit) = self.lword(k + 1)
            && self.is(k + 2, "ago")
        {
            let (g, range) = match unit.trim_end_matches('s') {
                "day" => (Granularity::Day, p.map(|p| (p - n, p - n))),
                "week" => (Granularity::Week, p.map(|p| (p - 7 * n, p - 7 * n))),
                "month" => (
                    Granularity::Month,
                    p.map(|p| {
                        let (y, m, _) = civil_from_days(p);
                        let idx = y * 12 + i64::from(m) - 1 - n;
                        month_range(idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32)
                    }),
                ),
                "year" => (
                    Granularity::Year,
                    p.map(|p| year_range(civil_from_days(p).0 - n)),
                ),
                _ => return None,
            };
            return Some(self.mention(k, k + 3, DateKind::Relative, g, range));
        }
        // "last week", "this month", "next year", "the past week",
        // "earlier this month", "last summer", "the weekend".
        let (a, dir, unit_k) = match w.as_str() {
            "last" | "past" | "previous" => (k, -1, k + 1),
            "this" | "current" => (k, 0, k + 1),
            "next" | "coming" => (k, 1, k + 1),
            "earlier" | "later" if self.is(k + 1, "this") => (k, 0, k + 2),
            "the" if self.is(k + 1, "past") || self.is(k + 1, "last") => (k, -2, k + 2),
            "the" if self.is(k + 1, "weekend") => (k, -1, k + 1),
            _ => return None,
        };
        let unit = self.lword(unit_k)?;
        // "last night" is the evening before.
        if unit == "night" && dir == -1 {
            return Some(self.mention(
                a,
                unit_k + 1,
                DateKind::Relative,
                Granularity::Day,
                p.map(|p| (p - 1, p - 1)),
            ));
        }
        if matches!(unit.as_str(), "morning" | "afternoon" | "evening") && dir == 0 {
            return Some(self.mention(
                a,
                unit_k + 1,
                DateKind::Relative,
                Granularity::Day,
                p.map(|p| (p, p)),
            ));
        }
        let Some(p) = p else {
            let g = match unit.as_str() {
                "week" | "weekend" => Granularity::Week,
                "month" => Granularity::Month,
                "year" => Granularity::Year,
                u if season_of(u).is_some() => Granularity::Season,
                _ => return None,
            };
            return Some(self.mention(a, unit_k + 1, DateKind::Relative, g, None));
        };
        let (py, pm, _) = civil_from_days(p);
        let week_start = p - weekday(p);
        let (g, range) = match unit.as_str() {
            // "the past week": the seven days before publication.
            "week" if dir == -2 => (Granularity::Week, (p - 7, p)),
            "week" => {
                let s = week_start + 7 * dir.clamp(-1, 1);
                (Granularity::Week, (s, s + 6))
            }
            "weekend" => {
                let sat = week_start + 5;
                let s = match dir {
                    -1 | -2 if sat >= p => sat - 7,
                    1 if sat <= p => sat + 7,
                    _ => sat,
                };
                (Granularity::Week, (s, s + 1))
            }
            "month" if dir == -2 => (Granularity::Month, (p - 30, p)),
            "month" => {
                let idx = py * 12 + i64::from(pm) - 1 + dir.clamp(-1, 1);
                (
                    Granularity::Month,
                    month_range(idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32),
                )
            }
            "year" if dir == -2 => (Granularity::Year, (p - 365, p)),
            "year" => (Granularity::Year, year_range(py + dir.clamp(-1, 1))),
            u => {
                let season = season_of(u)?;
                // The season of that name that ended before publication
                // ("last"), holds or is next ("this"), or comes after it.
                let current = (py - 1..=py + 1)
                    .map(|y| (y, season_range(y, season)))
                    .find(|(_, r)| r.1 >= p)
                    .map_or(py, |(y, _)| y);
                let y = match dir {
                    -1 | -2 => current - 1,
                    1 if season_range(current, season).0 > p => current,
                    1 => current + 1,
                    _ => current,
                };
                (Granularity::Season, season_range(y, season))
            }
        };
        Some(self.mention(a, unit_k + 1, DateKind::Relative, g, Some(range)))
    }

    /// "the summer of 2024", "summer 2024", "in 2016", "the 1990s".
    fn year_patterns(&self, k: usize) -> Option<Found> {
        let a = if self.is(k, "the") { k + 1 } else { k };
        // SEASON [of] YEAR
        if let Some(season) = self.word(a).and_then(season_of) {
            let j = if self.is(a + 1, "of") { a + 2 } else { a + 1 };
            let y = self.year_at(j)?;
            return Some(self.mention(
                k,
                j + 1,
                DateKind::Absolute,
                Granularity::Season,
                Some(season_range(y, season)),
            ));
        }
        if a != k {
            // "the 1990s"
            let w = self.word(a)?;
            if w.len() == 5
                && w.ends_with('s')
                && w[..4].bytes().all(|b| b.is_ascii_digit())
                && w.as_bytes()[3] == b'0'
            {
                let y: i64 = w[..4].parse().ok()?;
                return Some(self.mention(
                    k,
                    a + 1,
                    DateKind::Absolute,
                    Granularity::Decade,
                    Some((days_from_civil(y, 1, 1), days_from_civil(y + 9, 12, 31))),
                ));
            }
            return None;
        }
        // "2024-02-12"
        let w = self.word(k)?;
        if w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-' {
            let y: i64 = w[..4].parse().ok()?;
            let m: u32 = w[5..7].parse().ok()?;
            let d: u32 = w[8..].parse().ok()?;
            if (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) {
                let day = days_from_civil(y, m, d);
                return Some(self.mention(
                    k,
                    k + 1,
                    DateKind::Absolute,
                    Granularity::Day,
                    Some((day, day)),
                ));
            }
            return None;
        }
        // A year after a word that introduces a date.
        let y = self.year_at(k)?;
        let prev = k.checked_sub(1).and_then(|p| self.lword(p));
        let cue = prev.as_deref().is_some_and(|p| {
            matches!(
                p,
                "in" | "since"
                    | "until"
                    | "till"
                    | "by"
                    | "of"
                    | "from"
                    | "before"
                    | "after"
                    | "during"
                    | "through"
                    | "early"
                    | "late"
                    | "mid"
                    | "between"
                    | "and"
                    | "to"
                    | "year"
            )
        });
        let next = self.lword(k + 1);
        let counts = next.as_deref().is_some_and(|w| {
            matches!(
                w,
                "people"
                    | "percent"
                    | "troops"
                    | "soldiers"
                    | "residents"
                    | "jobs"
                    | "votes"
                    | "cases"
                    | "deaths"
                    | "of"
                    | "more"
                    | "times"
                    | "miles"
                    | "km"
                    | "dollars"
            )
        }) || self.punct(k + 1, '%')
            || (k > 0 && !self.doc.toks[k].space_before && !self.doc.toks[k - 1].word);
        // Without a cue, a year from 1900 to 2099 that counts nothing: "the
        // 2016 season", "2007 world champion".
        let plain = (1900..2100).contains(&y);
        ((cue || plain) && !counts).then(|| {
            self.mention(
                k,
                k + 1,
                DateKind::Absolute,
                Granularity::Year,
                Some(year_range(y)),
            )
        })
    }

    /// "the 100th day of his second term", "the first week of the war".
    fn anchored(&self, k: usize) -> Option<Found> {
        if !self.is(k, "the") {
            return None;
        }
        let mut j = k + 1;
        if !self.word(j).is_some_and(is_ordinal) {
            return None;
        }
        j += 1;
        let unit = self.lword(j)?;
        if !matches!(
            unit.as_str(),
            "day" | "week" | "month" | "year" | "anniversary" | "night" | "weekend" | "hour"
        ) {
            return None;
        }
        j += 1;
        if !self.is(j, "of") {
            return None;
        }
        // The anchor: a short noun phrase after "of".
        let mut e = j + 1;
        while e < self.doc.toks.len() && e < j + 7 {
            let t = &self.doc.toks[e];
            let ok = t.word && !(t.is(CUE | ADVERB) || (t.is(BOUNDARY) && !t.is_cap()));
            if !ok {
                break;
            }
            e += 1;
        }
        if e == j + 1 {
            return None;
        }
        let g = match unit.as_str() {
            "week" | "weekend" => Granularity::Week,
            "month" => Granularity::Month,
            "year" | "anniversary" => Granularity::Year,
            _ => Granularity::Day,
        };
        Some(self.mention(k, e, DateKind::Anchored, g, None))
    }

    /// "6am", "6 a.m.", "10:30 p.m.", "11.30am", "noon", "midnight".
    fn time(&self, k: usize) -> Option<Found> {
        let w = self.word(k)?;
        let lw = w.to_ascii_lowercase();
        let (h, min, mut e) = if lw == "noon" || lw == "midnight" {
            (if lw == "noon" { 12 } else { 0 }, 0, k + 1)
        } else {
            let digits = lw.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
            let rest = &lw[digits.len()..];
            let (h, m) = match digits.split_once('.') {
                Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
                None => (digits.parse::<u32>().ok()?, 0),
            };
            let (m, e) = if rest.is_empty() && m == 0 && self.punct(k + 1, ':') {
                let mm: u32 = self.word(k + 2)?.parse().ok()?;
                (mm, k + 3)
            } else {
                (m, k + 1)
            };
            let suffix = if rest.is_empty() {
                self.lword(e).unwrap_or_default()
            } else {
                rest.to_string()
            };
            let pm = match suffix.trim_end_matches('.') {
                "am" | "a.m" => false,
                "pm" | "p.m" => true,
                "gmt" | "utc" | "bst" | "et" | "est" | "edt" | "pt" | "pst" | "pdt" | "cet"
                    if e > k + 1 =>
                {
                    false
                }
                _ if e > k + 1 && digits.len() <= 2 => false,
                _ => return None,
            };
            let mut e = if rest.is_empty()
                && !suffix.is_empty()
                && matches!(suffix.trim_end_matches('.'), "am" | "a.m" | "pm" | "p.m")
            {
                e + 1
            } else {
                e
            };
            if self.punct(e, '.') && suffix.contains('.') {
                e += 1;
            }
            if !(1..=12).contains(&h) && (pm || suffix.starts_with('a')) || h > 23 || m > 59 {
                return None;
            }
            let h = if pm && h < 12 {
                h + 12
            } else if !pm && h == 12 && suffix.starts_with('a') {
                0
            } else {
                h
            };
            (h, m, e)
        };
        if e <= k {
            e = k + 1;
        }
        let mut found = self.mention(k, e, DateKind::Time, Granularity::Minute, None);
        found.1.time = Some(format!("{h:02}:{min:02}"));
        Some(found)
    }
}

/// Dates and times mentioned in the text, in order, not overlapping.
pub(crate) fn dates(doc: &Doc, published: Option<i64>) -> Vec<DateMention> {
    let scan = Scan {
        doc,
        pub_day: published.map(|s| s.div_euclid(86_400)),
    };
    let mut out = Vec::new();
    let n = doc.toks.len();
    let mut k = 0;
    while k < n {
        if !doc.toks[k].word {
            k += 1;
            continue;
        }
        let found = scan
            .anchored(k)
            .or_else(|| scan.weekday(k))
            .or_else(|| scan.calendar(k))
            .or_else(|| scan.year_patterns(k))
            .or_else(|| scan.relative(k))
            .or_else(|| scan.time(k));
        match found {
            Some((e, mut m)) if e > k => {
                m.background = is_background(doc, k);
                out.push(m);
                k = e;
            }
            _ => k += 1,
        }
    }
    out
}

fn is_clause_mark(t: &crate::tokens::Tok) -> bool {
    !t.word && matches!(t.first, ',' | ';' | '—' | '–' | '(')
}

/// Whether the date at token `k` is background: after "since" ("the
/// deadliest since the summer of 2024": the news is not then), or inside a
/// relative clause: "which", "who", "whose"
/// or "whom" comes before it in the stretch of its sentence since the last
/// comma, semicolon, dash or parenthesis ("the spillway, which had been
/// under repair since a smaller flood last month", "an engineer who
/// inspected it in the summer of 2023"), or "where" not right after such a
/// mark ("the dam where a gate jammed before the February 11 flood").
/// ", where" is left out: "flew to Kyiv, where he met Zelensky on Tuesday"
/// tells the news.
fn is_background(doc: &Doc, k: usize) -> bool {
    let sentence = doc.sent_of[k];
    // "the deadliest assault on the capital since the summer of 2024",
    // "the first since 1959": what the sentence reports is not then.
    let mut b = k;
    while b > 0
        && k - b < 3
        && doc.sent_of[b - 1] == sentence
        && ["the", "early", "late", "mid", "last"]
            .iter()
            .any(|w| doc.is_word(b - 1, w))
    {
        b -= 1;
    }
    if b > 0 && doc.sent_of[b - 1] == sentence && doc.is_word(b - 1, "since") {
        return true;
    }
    let mut j = k;
    // Forty tokens back at most: a clause is shorter, and a long sentence
    // full of dates stays linear.
    while j > 0 && j + 40 > k && doc.sent_of[j - 1] == sentence {
        if is_clause_mark(&doc.toks[j - 1]) {
            return false;
        }
        if ["which", "who", "whose", "whom"]
            .iter()
            .any(|w| doc.is_word(j - 1, w))
        {
            return true;
        }
        // "the dam where a gate jammed before the February 11 flood"
        // describes; ", where she met the mayor on Tuesday" goes on.
        if doc.is_word(j - 1, "where") {
            return j >= 2 && !is_clause_mark(&doc.toks[j - 2]);
        }
        j -= 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for d in [-1_000_000, -1, 0, 1, 19_000, 20_000, 2_000_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(fmt(days_from_civil(2024, 2, 29)), "2024-02-29");
        // 2025-11-25 is a Tuesday.
        assert_eq!(weekday(days_from_civil(2025, 11, 25)), 1);
    }
}
