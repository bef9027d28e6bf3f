//! Plain data the analysis returns: byte spans into the text it was given.
//! (To move into `storyline-core` when the stage is wired into the
//! pipeline.)

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A sentence: byte span, half-open, without surrounding whitespace.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Range<usize>,
}

/// How a quote reports what was said.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A whole utterance in quotation marks: `"We are ready," she said.`
    Direct,
    /// A few quoted words inside the writer's own sentence:
    /// `He called it "a disgrace".`
    Partial,
    /// Reported speech without quotation marks: `She said that ...`,
    /// `according to X, ...`.
    Indirect,
}

/// Who said what: one attribution.
///
/// Spans are byte ranges into the analyzed text. `content` is what was
/// said: for direct and partial quotes the text inside the quotation marks
/// (a quote over several paragraphs keeps the marks that reopen each
/// paragraph inside it). `speaker` is the mention of the source where the
/// attribution names it ("Donald Trump", "the president", "he", "who");
/// `speaker_name` is the named mention it stands for: the name inside
/// `speaker`, or for a pronoun or a title the nearest compatible named
/// person before it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Quote {
    pub kind: QuoteKind,
    pub content: Range<usize>,
    pub cue: Option<Range<usize>>,
    pub speaker: Option<Range<usize>>,
    pub speaker_name: Option<Range<usize>>,
}

/// What a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Person,
    Organization,
    Place,
    /// A name the rules cannot type ("Toblerone", a bare surname never
    /// seen with a first name); [`crate::resolve`] may still make it a
    /// person.
    Other,
}

/// A title or role written with a name: "Secretary of the Army" in
/// "Secretary of the Army Dan Driscoll", "U.S. Army Secretary", "his chief
/// of staff" in "Andriy Yermak, his chief of staff".
///
/// `key` is the role without country, article or word order, so that
/// titles written differently compare equal ("secretary of the army" for
/// both forms above) while different offices stay apart ("secretary of
/// war", "secretary of defense"). `former` is set for "former", "ex-" and
/// "then-", which `key` leaves out.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Role {
    pub span: Range<usize>,
    pub key: String,
    pub former: bool,
}

/// A name in the text: a person, an organization, a place or another
/// proper name.
///
/// `span` is the name alone, without title, leading article or possessive
/// "'s" ("Donald Trump" in "President Donald Trump's"). `canonical` is the
/// gazetteer's name for it when it has one ("United States" for "U.S.").
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mention {
    pub span: Range<usize>,
    pub kind: MentionKind,
    pub role: Option<Role>,
    pub canonical: Option<String>,
}

/// A word that qualifies a number: the figure is a bound or an estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "at least", "no fewer than", "a minimum of"
    AtLeast,
    /// "more than", "over", "upwards of"
    MoreThan,
    /// "at most", "no more than"
    AtMost,
    /// "less than", "fewer than", "under"
    LessThan,
    /// "up to", "as many as"
    UpTo,
    /// "about", "around", "roughly", "approximately", "some", "an estimated"
    About,
    /// "nearly", "almost", "close to"
    Nearly,
    /// "exactly", "only", "just"
    Exactly,
}

/// A number with what it counts.
///
/// `value` is the number as written ("seven" 7, "1.5 million" 1500000,
/// "$850,000" 850000); `unit` a normalized unit when one is written
/// ("percent", "usd", "day", "point", "km"); `counted` what is counted,
/// in lower case, when it is near ("people killed", "points of peace
/// plan", "fatalities"); `qualifier` a bound or estimate word before it.
/// `span` covers qualifier, number, unit and counted words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub span: Range<usize>,
    pub value: f64,
    pub value_span: Range<usize>,
    pub unit: Option<String>,
    pub counted: Option<String>,
    pub counted_span: Option<Range<usize>>,
    pub qualifier: Option<Qualifier>,
    pub qualifier_span: Option<Range<usize>>,
    /// Whether it counts the harm of another, dated happening the text
    /// mentions in passing ("the February flood, which killed three
    /// people"), not of the one it reports: such a count is no difference
    /// from another report's toll.
    #[serde(default)]
    pub of_dated_happening: bool,
}

/// How a date mention is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateKind {
    /// Names its calendar date or period: "February 2022", "Feb. 12, 2024",
    /// "the summer of 2024" (a day without a year needs the publication
    /// year).
    Absolute,
    /// Relative to the time of writing: "Tuesday", "last week",
    /// "yesterday", "three days ago".
    Relative,
    /// Relative to something else the text names: "the 100th day of his
    /// second term"; never resolved.
    Anchored,
    /// A time of day: "6am", "10:30 p.m.".
    Time,
}

/// The precision of a date mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Minute,
    Day,
    Week,
    Month,
    Season,
    Year,
    Decade,
}

/// A date or time mentioned in the text.
///
/// `start` and `end` (inclusive, `YYYY-MM-DD`) are the calendar days it
/// covers, when they are known: from the text alone for an absolute date
/// with a year, else from the publication time given to
/// [`crate::analyze`]. `time` is `HH:MM` for a time of day.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateMention {
    pub span: Range<usize>,
    pub kind: DateKind,
    pub granularity: Granularity,
    pub start: Option<String>,
    pub end: Option<String>,
    pub time: Option<String>,
    /// Told in passing, inside a relative clause ("the spillway, which had
    /// been under repair since a smaller flood last month", "Durand, who
    /// visited on Sunday, ...") or after "since" ("the deadliest since the
    /// summer of 2024"). It dates the background, not what the sentence
    /// reports.
    #[serde(default)]
    pub background: bool,
}

/// How a text credits another outlet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttributionKind {
    /// The outlet reported it: "CNN reports", "per the AP", "according to
    /// reports from the Financial Times".
    Report,
    /// Someone spoke to the outlet: "told Reuters", "in an interview with
    /// NPR".
    Interview,
    /// A post on a platform: "in a post on X", "wrote on Truth Social".
    Post,
}

/// An attribution to another outlet or platform: the outlet's name as
/// written, its canonical name, and the words that credit it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OutletAttribution {
    pub outlet: Range<usize>,
    pub name: String,
    pub cue: Range<usize>,
    pub kind: AttributionKind,
}

/// Everything stage 6 finds in one text: one tokenization, every span a
/// byte range into that text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub sentences: Vec<Range<usize>>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub quantities: Vec<Quantity>,
    pub dates: Vec<DateMention>,
    pub attributions: Vec<OutletAttribution>,
}

/// A byte span in one of the documents given to [`crate::resolve`]: `doc`
/// is the document's index in that slice.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cite {
    pub doc: usize,
    pub span: Range<usize>,
}

/// One role of an entity across documents: every title written for it
/// that normalizes to `key`, with where each was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRole {
    pub key: String,
    /// The titles as written, most frequent first.
    pub titles: Vec<String>,
    /// Every title was written with "former".
    pub former: bool,
    pub citations: Vec<Cite>,
}

/// One real-world actor across documents.
///
/// `name` is its fullest, most frequent name; `aliases` the other names
/// written for it (spelling variants, surname alone, canonical gazetteer
/// forms). `mentions` cites every mention resolved to it, with the
/// mention's index in its document's list. `candidates` is set on a bare
/// surname that could be any of several people (two Okafors in one event
/// and nothing nearer to choose): the ids of those people; such an entity
/// stands for the mentions, not for a new person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: MentionKind,
    pub aliases: Vec<String>,
    pub roles: Vec<EntityRole>,
    pub mentions: Vec<MentionRef>,
    pub candidates: Vec<String>,
}

/// A mention resolved to an entity: document index, index in that
/// document's mentions, and its span.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MentionRef {
    pub doc: usize,
    pub mention: usize,
    pub span: Range<usize>,
}
