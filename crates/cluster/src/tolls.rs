//! Death tolls a report gives for the happening it reports.
//!
//! One strike does not kill both seven and twelve, so two reports whose
//! tolls are far apart tell of two happenings of one story (the veto of
//! [`crate::Config::toll_veto`]). That only works if the tolls read are the
//! report's own: a veto from a misread toll splits one event in two, and on
//! giveme5w1h the model already keeps apart nearly every pair a veto could
//! part. So this reader would rather miss a toll than take a wrong one. It
//! leaves out:
//!
//! - the tolls of other happenings, told in sentences that point to the
//!   past ("last week", "four months ago", "in January 2015", "earlier this
//!   month"), unless the sentence only compares ("the deadliest since
//!   2024"), or in a relative clause of a happening named by a date, a
//!   month or a year ("the Nov. 13 attacks that killed 130", "the February
//!   flood, which killed three");
//! - counts of part of the dead ("one of the pilots who died", "five of the
//!   dead", "including two children", "two pilots also died");
//! - pieces of larger numbers ("6,644 deaths" is not 644) and zero.

use storyline_text::Token;

use crate::features::is_year;

/// Words that report deaths.
const CASUALTY_WORDS: &[&str] = &[
    "killed",
    "killing",
    "kills",
    "dead",
    "died",
    "dies",
    "deaths",
    "fatalities",
];

/// Verbs after which the toll follows ("killing at least seven").
const KILLING_VERBS: &[&str] = &["killed", "killing", "kills"];

/// Words after a number that make it count something else, or only part of
/// the dead ("five of the dead").
const NOT_A_TOLL: &[&str] = &[
    "injured", "wounded", "hurt", "missing", "others", "year", "years", "percent", "per", "am",
    "pm", "times", "days", "hours", "minutes", "of",
];

/// Words before a number that make it a part of the toll, not the toll
/// ("killing 12, including two children").
const PART_OF_A_TOLL: &[&str] = &["including", "also"];

/// Words after which "last" or "earlier" points to a past happening:
/// "last week", "earlier this month".
const PAST_PERIODS: &[&str] = &[
    "week", "weekend", "month", "year", "summer", "spring", "autumn", "fall", "winter", "this",
    "in",
];

/// Superlatives that compare this happening with earlier ones ("the
/// deadliest attack since 2024"): a past time beside one does not make the
/// sentence tell of the past.
const SUPERLATIVES: &[&str] = &["deadliest", "worst", "bloodiest", "biggest", "largest"];

/// Death tolls: a number up to four words before a word that reports
/// deaths ("seven people were killed", "12 fatalities"), or after a verb
/// of killing ("killing at least seven"), in the same sentence, that is
/// not a year, a count of the injured or of part of the dead, in a
/// sentence that does not tell of the past. Sorted, each once.
pub(crate) fn tolls(text: &str, tokens: &[Token]) -> Vec<u32> {
    let reader = Reader { text, tokens };
    let mut out = Vec::new();
    for k in 0..tokens.len() {
        // Every word of every body passes here: compare without allocating.
        if !reader.is_one_of(k, CASUALTY_WORDS) {
            continue;
        }
        let mut candidates: Vec<usize> = (k.saturating_sub(4)..k).rev().collect();
        if reader.is_one_of(k, KILLING_VERBS) {
            candidates.extend(k + 1..(k + 5).min(tokens.len()));
        }
        for j in candidates {
            // The toll and its word are in one clause of one sentence: not
            // "killed, mum-of-four", not "Harambe, who was 17, was shot
            // dead".
            let (lo, hi) = (j.min(k), j.max(k));
            if reader
                .between(lo, hi)
                .contains(['.', '!', '?', '\n', ';', ','])
            {
                continue;
            }
            let Some(number) = reader.number_at(j) else {
                continue;
            };
            // "two pilots also died": a part, told after the whole.
            let also_between =
                j < k && (number.last + 1..k).any(|i| reader.is_one_of(i, &["also"]));
            let counts_else = number.last + 1 < tokens.len()
                && (reader.is_one_of(number.last + 1, NOT_A_TOLL)
                    || reader.not_a_count(number.last));
            let part = number.first > 0 && reader.is_one_of(number.first - 1, PART_OF_A_TOLL);
            if counts_else || part || also_between {
                continue;
            }
            // Read last, as it is the dearest: the sentence's words.
            if reader.tells_of_the_past(k) || reader.names_a_dated_happening(k) {
                break;
            }
            // "killing two crew members and 10 passengers": the toll is
            // the sum.
            let more = if j > k {
                reader.and_more(number.last)
            } else {
                0
            };
            out.push(number.value.saturating_add(more));
            break;
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A number read from one or more tokens ("6,644" is three of them).
struct Number {
    value: u32,
    first: usize,
    last: usize,
}

struct Reader<'a> {
    text: &'a str,
    tokens: &'a [Token],
}

impl Reader<'_> {
    fn word(&self, k: usize) -> &str {
        &self.text[self.tokens[k].range()]
    }

    fn lower(&self, k: usize) -> String {
        self.word(k).to_ascii_lowercase()
    }

    /// Whether token `k` is one of `words` (lower-case), in any case.
    fn is_one_of(&self, k: usize, words: &[&str]) -> bool {
        let word = self.word(k);
        words.iter().any(|w| w.eq_ignore_ascii_case(word))
    }

    fn is_digits(&self, k: usize) -> bool {
        self.word(k).bytes().all(|b| b.is_ascii_digit())
    }

    /// The text between tokens `a` and `b` (`a < b`).
    fn between(&self, a: usize, b: usize) -> &str {
        &self.text[self.tokens[a].range().end..self.tokens[b].range().start]
    }

    /// Whether tokens `a` and `a + 1` are groups of one number written
    /// with thousands separators ("6" and "644" of "6,644").
    fn same_number(&self, a: usize) -> bool {
        a + 1 < self.tokens.len()
            && self.is_digits(a)
            && self.is_digits(a + 1)
            && self.word(a + 1).len() == 3
            && self.between(a, a + 1) == ","
    }

    /// The number token `k` is part of, if it is a count: digits (with
    /// their thousands groups) or a number word, not a year, not zero.
    fn number_at(&self, k: usize) -> Option<Number> {
        if !self.is_digits(k) {
            return number_word(self.word(k)).map(|value| Number {
                value,
                first: k,
                last: k,
            });
        }
        let mut first = k;
        while first > 0 && self.same_number(first - 1) {
            first -= 1;
        }
        let mut last = k;
        while self.same_number(last) {
            last += 1;
        }
        // The fraction of a decimal ("2.5"), or the minutes of a time.
        if first > 0
            && matches!(self.between(first - 1, first), "." | ":")
            && self.is_digits(first - 1)
        {
            return None;
        }
        // The day of a date ("July 14", "14 July").
        let month_at = |i: usize| i < self.tokens.len() && is_month(&self.lower(i));
        if first == last && ((first > 0 && month_at(first - 1)) || month_at(last + 1)) {
            return None;
        }
        let digits: String = (first..=last).map(|i| self.word(i)).collect();
        // Four digits from 1900 on are years.
        if first == last && digits.len() == 4 && digits.as_str() >= "1900" {
            return None;
        }
        let value: u32 = digits.parse().ok()?;
        (value > 0).then_some(Number { value, first, last })
    }

    /// Whether the number ending at token `k` is a share, a decimal or a
    /// time ("12%", "2.5", "12:30") rather than a count.
    fn not_a_count(&self, k: usize) -> bool {
        let gap = self.between(k, k + 1);
        let digits_follow = self.word(k + 1).starts_with(|c: char| c.is_ascii_digit());
        gap.starts_with('%') || (matches!(gap, "." | ":") && digits_follow)
    }

    /// The count in "and 10 passengers" within the three words after
    /// token `k`, in one clause, or 0.
    fn and_more(&self, k: usize) -> u32 {
        let end = (k + 4).min(self.tokens.len());
        for a in k + 1..end {
            if self.between(k, a).contains([',', '.', ';', '!', '?', '\n']) {
                return 0;
            }
            if self.word(a).eq_ignore_ascii_case("and") && a + 1 < self.tokens.len() {
                return self.number_at(a + 1).map_or(0, |n| n.value);
            }
        }
        0
    }

    /// The tokens of the sentence around token `k`, as a range.
    fn sentence(&self, k: usize) -> std::ops::Range<usize> {
        // "Nov. 13" does not end a sentence.
        let ends = |a: usize| {
            let gap = self.between(a, a + 1);
            gap.contains(['!', '?', '\n'])
                || (gap.contains('.')
                    && !(gap.trim() == "." && is_month(&self.lower(a)) && self.is_digits(a + 1)))
        };
        let mut start = k;
        while start > 0 && !ends(start - 1) {
            start -= 1;
        }
        let mut end = k + 1;
        while end < self.tokens.len() && !ends(end - 1) {
            end += 1;
        }
        start..end
    }

    /// Whether the killing word at `k` opens a relative clause of a
    /// happening named by a date, a month or a year: "the Nov. 13 Paris
    /// attacks that killed 130", "the February flood, which killed three".
    /// A report names its own happening so only once it is past; the date
    /// alone does not tell ("on Thursday, July 14, killing at least 84" is
    /// today's).
    fn names_a_dated_happening(&self, k: usize) -> bool {
        if k < 3 || !self.is_one_of(k - 1, &["that", "which"]) {
            return false;
        }
        let relative = k - 1;
        // A month or a year in the eight words before the pronoun, within
        // the sentence and with no comma after it but one right before the
        // pronoun: in the noun phrase the clause describes. (The analyze
        // stage marks such counts the same way: `of_dated_happening`.)
        let sentence = self.sentence(k);
        let start = relative.saturating_sub(8).max(sentence.start);
        (start..relative).rev().any(|i| {
            let dated =
                (is_month(&self.lower(i)) && self.word(i) != "May") || is_year(self.word(i));
            dated && (i + 1..relative).all(|m| !self.between(m - 1, m).contains([',', ';']))
        })
    }

    /// Whether the sentence around token `k` tells of an earlier
    /// happening: it says "ago", "previous", "last week", "earlier this
    /// month", "this year", "in the past", "that year", "in September" (a
    /// month with no day), "since Nov. 13" or names a year, and it does not
    /// merely compare this happening with earlier ones ("the deadliest
    /// since 2024").
    fn tells_of_the_past(&self, k: usize) -> bool {
        let words: Vec<String> = self.sentence(k).map(|i| self.lower(i)).collect();
        let next = |i: usize| words.get(i + 1).map(String::as_str);
        // "ago", "last week": the sentence tells of an earlier happening
        // even when it also ranks it ("eight months ago militants killed
        // 130, the bloodiest of the attacks").
        let told_as_past = words.iter().enumerate().any(|(i, w)| match w.as_str() {
            "ago" | "previous" | "previously" => true,
            "last" | "earlier" => next(i).is_some_and(|n| PAST_PERIODS.contains(&n)),
            _ => false,
        });
        if told_as_past {
            return true;
        }
        if words.iter().any(|w| SUPERLATIVES.contains(&w.as_str())) {
            return false;
        }
        let is_day =
            |w: Option<&str>| w.is_some_and(|d| d.starts_with(|c: char| c.is_ascii_digit()));
        words.iter().enumerate().any(|(i, w)| match w.as_str() {
            "this" => matches!(next(i), Some("month" | "year")),
            "past" => i > 0 && words[i - 1] == "the",
            "that" => next(i) == Some("year"),
            "in" => next(i).is_some_and(is_month) && !is_day(next(i + 1)),
            "since" => words[i + 1..(i + 4).min(words.len())]
                .iter()
                .any(|n| is_month(n) || is_year(n)),
            _ => is_year(w),
        })
    }
}

fn is_month(lower: &str) -> bool {
    crate::features::month_number(lower).is_some()
}

/// The value of a number word up to twenty, or thirty, forty, fifty.
fn number_word(word: &str) -> Option<u32> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let lower = word.to_ascii_lowercase();
    WORDS
        .iter()
        .position(|w| *w == lower)
        .map(|v| v as u32)
        .or(match lower.as_str() {
            "thirty" => Some(30),
            "forty" => Some(40),
            "fifty" => Some(50),
            _ => None,
        })
        .filter(|&v| v > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tolls_of(text: &str) -> Vec<u32> {
        tolls(text, &storyline_text::tokens(text))
    }

    /// Each text reads as exactly its tolls.
    fn assert_tolls(cases: &[(&str, &[u32])]) {
        for &(text, expected) in cases {
            assert_eq!(tolls_of(text), expected, "{text}");
        }
    }

    #[test]
    fn death_tolls_in_digits_and_words() {
        assert_tolls(&[
            ("The strike killed at least seven people.", &[7]),
            ("At least 12 people were killed in Kyiv.", &[12]),
            ("There were 14 deaths, the fire service said.", &[14]),
            ("Trois morts: three dead in Lyon’s café fire.", &[3]),
            ("The quake killed 1,204 people.", &[1204]),
            ("A gunman killed nine, police said.", &[9]),
            ("The blast killed 12.", &[12]),
            // The toll is the sum.
            (
                "The crash killed two crew members and 10 passengers.",
                &[12],
            ),
        ]);
    }

    #[test]
    fn not_tolls() {
        assert_tolls(&[
            // The injured, years, ages and shares are not death tolls.
            ("Fifty injured and two killed.", &[2]),
            ("The deadliest flood since 1959 killed nobody.", &[]),
            ("He died at 71 years old.", &[]),
            ("Deaths rose 12% and 2.5 killed.", &[]),
            ("Rescuers said 30 were hurt; nobody died.", &[]),
            // Another sentence's number does not count.
            ("Crews worked 12 hours. Nobody was killed.", &[]),
            // Pieces of a larger number, and zero.
            ("The group caused 6,644 deaths, the index said.", &[6644]),
            ("It reported 000 deaths.", &[]),
            // A number past a comma belongs to something else.
            (
                "Since the gorilla was killed, mum-of-four Lee has been abused.",
                &[],
            ),
            ("Harambe, who was 17, was shot dead by keepers.", &[]),
        ]);
    }

    #[test]
    fn parts_of_a_toll_are_not_the_toll() {
        assert_tolls(&[
            ("Retana was one of the pilots who died in the crash.", &[]),
            ("Officials said five of the dead were relatives.", &[]),
            (
                "The crash killed 12, including two children who died at the scene.",
                &[12],
            ),
            ("Ten tourists were on board; two pilots also died.", &[]),
        ]);
    }

    #[test]
    fn tolls_of_earlier_happenings_are_left_out() {
        assert_tolls(&[
            (
                "Four months ago, bombers killed 32 people at the airport.",
                &[],
            ),
            (
                "Airstrikes last week in which more than 30 people were killed.",
                &[],
            ),
            (
                "It avenged air strikes earlier this month which killed 30 civilians.",
                &[],
            ),
            ("Strikes this month in Kunduz left 32 civilians dead.", &[]),
            (
                "Hospitals opened as on the night since the Nov. 13 attacks that killed 130 people.",
                &[],
            ),
            (
                "Seventeen people were killed in attacks in January 2015.",
                &[],
            ),
            (
                "In September, two passengers were killed when a plane crashed.",
                &[],
            ),
            (
                "The group has killed 20 people in the past seven years.",
                &[],
            ),
            ("That year, the group caused 44 deaths.", &[]),
            (
                "Hospitals were told, as after the Nov. 13 Paris attacks that killed 130 people, to open.",
                &[],
            ),
            (
                "It recalled the Sept. 11 attacks, which killed nearly 3,000 people.",
                &[],
            ),
            // A ranking does not make a sentence that says "ago" about today.
            (
                "Eight months ago militants killed 130 people, the bloodiest of the attacks.",
                &[],
            ),
            // A comparison with the past is about this happening.
            (
                "The attack left at least 12 fatalities, the deadliest on the city since the summer of 2024.",
                &[12],
            ),
            // A date with its day is this happening's.
            (
                "The truck struck on Thursday, July 14, killing at least 84 people.",
                &[84],
            ),
            // A happening named by a month alone, or by a year.
            (
                "Engineers blamed the February flood in Tarrow Ford, which killed three people.",
                &[],
            ),
            (
                "Survivors of the 2015 quake in Gorkha, which killed nearly 9,000 people, rebuilt.",
                &[],
            ),
            // A relative clause of an undated happening is this one's.
            ("The attack that killed 84 people shocked Nice.", &[84]),
            (
                "The strike on Vellmar, which killed seven people, hit a school.",
                &[7],
            ),
            // "May" alone is as often the verb.
            (
                "Officials say the blast that killed 14 people may have been an accident.",
                &[14],
            ),
            (
                "On July 14, a truck that killed 84 people drove into the crowd.",
                &[84],
            ),
        ]);
    }

    /// Texts made of the pieces the reader looks at, in random order: no
    /// panic, and every toll is a count.
    #[test]
    fn any_arrangement_of_the_pieces_reads_without_panic() {
        const PIECES: [&str; 24] = [
            "killed", "killing", "dead", "died", "6", ",", "644", "000", "2.5", ".", "July", "14",
            "in", "last", "week", "ago", "and", "10", "of", "also", "“", "é", "\n", "2015",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % 24) as usize]);
                if state & 32 == 0 {
                    text.push(' ');
                }
            }
            state = state.wrapping_add(0x2545_F491_4F6C_DD1D);
            assert!(tolls_of(&text).iter().all(|&t| t > 0), "{text:?}");
        }
    }
}
