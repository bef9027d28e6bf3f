//! The word lists the rules rely on, looked up once per token.
//!
//! One table maps a lower-case ASCII word to a set of flags, so that a token
//! is looked up once while tokenizing and every later rule tests bits.
//! The lists are hand-written, short and general (no names of real people):
//! what they must know is how English news reports speech.

use std::sync::LazyLock;

/// A reporting verb that introduces a direct quotation ("said", "wrote").
pub const CUE: u32 = 1 << 0;
/// A reporting verb that also introduces reported speech ("said that ...");
/// a subset of [`CUE`] without the verbs that mostly mean something else
/// when no quotation follows ("called", "added").
pub const INDIRECT: u32 = 1 << 1;
/// A title written before a name ("President", "Sen", "Mr").
pub const TITLE: u32 = 1 << 2;
/// An abbreviation that never ends a sentence ("Mr.", "Sen.", "Dr.").
pub const ABBR_NEVER_ENDS: u32 = 1 << 3;
/// An abbreviation that may end a sentence ("Inc.", "Jr.", "Jan.").
pub const ABBR_MAY_END: u32 = 1 << 4;
/// A word that often starts a sentence: after an ambiguous abbreviation it
/// says that the period ended the sentence ("... in the U.S. The ...").
pub const STARTER: u32 = 1 << 5;
/// A personal pronoun that can be the subject of a reporting verb.
pub const PRONOUN: u32 = 1 << 6;
/// A determiner or possessive that opens a noun phrase ("the", "his").
pub const DETERMINER: u32 = 1 << 7;
/// An adverb or auxiliary that can stand between a speaker and the verb
/// ("also", "later", "has", "would").
pub const ADVERB: u32 = 1 << 8;
/// A word that ends a noun phrase read backwards from a verb: conjunctions,
/// relative pronouns and prepositions ("and", "that", "with").
pub const BOUNDARY: u32 = 1 << 9;
/// A noun for a person's role ("spokesman", "president"): a description
/// that can be resolved to a named person.
pub const PERSON_NOUN: u32 = 1 << 10;
/// A word that makes a capitalized phrase an organization or a place rather
/// than a person ("House", "Party", "University").
pub const ORG_WORD: u32 = 1 << 11;
/// A masculine given name or title ("Mr").
pub const MALE: u32 = 1 << 12;
/// A feminine given name or title ("Mrs", "Ms").
pub const FEMALE: u32 = 1 << 13;
/// A common given name: a capitalized pair starting with one is a person.
pub const GIVEN_NAME: u32 = 1 << 14;
/// Calendar words: months and weekdays are capitalized but never people.
pub const CALENDAR: u32 = 1 << 15;
/// A preposition or subordinator that, after a comma, starts a circumstance
/// rather than more of a speaker's description ("..., said Smith, in a
/// statement").
pub const CIRCUMSTANCE: u32 = 1 << 16;
/// A pronoun that refers to a man.
pub const HE: u32 = 1 << 17;
/// A pronoun that refers to a woman.
pub const SHE: u32 = 1 << 18;
/// A relative pronoun that can be a source ("who said").
pub const RELATIVE: u32 = 1 << 19;
/// The verb of a two-word reporting verb ("shot back", "went on").
pub const PHRASAL: u32 = 1 << 20;
/// A verb of stance or belief ("wants", "believes"): reported speech only.
pub const STANCE: u32 = 1 << 21;

/// Regular reporting verbs that also introduce reported speech ("said
/// that"); all four forms are derived, see [`forms`].
const CUE_LEMMAS: &str = "\
    add explain note argue insist declare claim warn recall joke remark acknowledge admit \
    announce caution concede complain observe suggest emphasize emphasise stress predict \
    promise vow pledge muse lament boast brag counter conclude report testify assert maintain \
    contend allege believe reveal confirm reiterate proclaim indicate hint signal mention \
    assure opine speculate estimate theorize surmise reason tweet reply respond recount \
    confide agree concur";

/// Regular reporting verbs that introduce quotations only.
const QUOTE_LEMMAS: &str = "\
    ask answer shout yell chant scream whisper bark snap scoff quip retort interject exclaim \
    cry plead beg demand urge crack tease gush rave marvel cheer thunder roar intone rant rail \
    fume gripe grouse deadpan laugh sigh summarize comment reflect remind repeat echo chime \
    wonder protest describe call accuse criticize blast slam mock attack praise label text \
    email post publish cite quote continue pray preach lecture scold chide taunt vent mutter \
    stammer sneer jab needle gloat huff holler blurt exhort implore insinuate recite toast \
    thank sing query";

/// Verbs of stance and belief: attributions of reported speech (PolNeAR
/// counts them), but too loose to attribute a quotation.
const STANCE_LEMMAS: &str = "\
    want expect hope fear worry believe doubt suspect figure recognize acknowledge support \
    endorse oppose defend deny reject propose seek decline refuse appear seem plan decide \
    demand request question discuss mention criticize accuse praise urge blame applaud condemn \
    denounce dismiss insist welcome";

/// Irregular reporting verbs, form by form, that also introduce reported
/// speech.
const CUE_FORMS: &str = "\
    say says said saying tell tells told telling write writes wrote think thinks finds shows \
    showed stated stating";

/// Irregular forms that introduce quotations only.
const QUOTE_FORMS: &str = "\
    writing written thought read reads reading find found show shown sang state states";

/// Irregular verbs of stance, form by form.
const STANCE_FORMS: &str = "feel feels felt see sees saw know knows knew thought sought";

/// Base, third person, past and present participle of a regular verb.
fn forms(lemma: &str) -> [String; 4] {
    let b = lemma.as_bytes();
    let last = b[b.len() - 1];
    let before_last = if b.len() > 1 { b[b.len() - 2] } else { b' ' };
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    // Short verbs ending consonant-vowel-consonant double it: "quipped".
    let double = matches!(
        lemma,
        "quip" | "snap" | "brag" | "beg" | "slam" | "admit" | "jab" | "concur"
    );
    let stem = &lemma[..lemma.len() - 1];
    let third = if lemma.ends_with('s')
        || lemma.ends_with("sh")
        || lemma.ends_with("ch")
        || lemma.ends_with('x')
        || lemma.ends_with('o')
    {
        format!("{lemma}es")
    } else if last == b'y' && !vowel(before_last) {
        format!("{stem}ies")
    } else {
        format!("{lemma}s")
    };
    let past = if last == b'e' {
        format!("{lemma}d")
    } else if last == b'y' && !vowel(before_last) {
        format!("{stem}ied")
    } else if double {
        format!("{lemma}{}ed", last as char)
    } else {
        format!("{lemma}ed")
    };
    let ing = if last == b'e' && before_last != b'e' {
        format!("{stem}ing")
    } else if double {
        format!("{lemma}{}ing", last as char)
    } else {
        format!("{lemma}ing")
    };
    [lemma.to_string(), third, past, ing]
}

/// Titles written before a person's name, lower case, without the period.
const TITLES: &str = "\
    president vice sen sens senator rep reps representative gov governor mr mrs ms miss dr \
    prof professor secretary minister gen general lt col colonel sgt capt captain cmdr adm \
    admiral judge justice mayor chairman chairwoman rev reverend pope king queen prince \
    princess sir lord lady del speaker chancellor premier ambassador envoy commissioner \
    attorney officer detective sheriff chief director leader candidate nominee congressman \
    congresswoman councilman councilwoman assemblyman assemblywoman spokesman spokeswoman \
    spokesperson former first deputy acting sheikh rabbi father sister brother coach ceo \
    founder";

/// Abbreviations after which a period does not end the sentence.
const ABBR_NEVER: &str = "\
    mr mrs ms dr sen sens rep reps gov govs gen lt col sgt capt cmdr adm prof rev hon pres maj \
    st mt ft messrs mme atty supt cpl pvt det insp gens brig cmdr sr jr del lieut mssrs fr \
    msgr cong asst assoc";

/// Abbreviations after which a period may end the sentence; it does when
/// the next word is a [`STARTER`].
const ABBR_MAY: &str = "\
    inc corp co ltd llc bros etc vs v no nos ave blvd rd dept univ assn est approx fig jan feb \
    mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ph d \
    e i ie eg al op cf ed eds vol pp p ca ok ga fla tenn calif ariz colo conn ill ind kan ky \
    la md mass mich minn miss mo mont neb nev okla ore pa wash wis wyo va vt tex ala ark n s w";

/// Words that often open a sentence.
const STARTERS: &str = "\
    the a an he she it they we i you but and in on at this that these those there his her \
    their its our my after before when while as if for so yet still then also meanwhile \
    however according some many most what why how who where since although though now today \
    yesterday last during earlier later despite with by from to one two no not all both each \
    every such even just only instead indeed here other";

const PRONOUNS: &str = "he she they we i you it";

const DETERMINERS: &str = "\
    the a an this that these those his her their its our my your another some several many \
    both each every one two three four five six seven eight nine ten most few other such any \
    all no";

/// Adverbs and auxiliaries that can stand between a subject and its verb.
const ADVERBS: &str = "\
    also later then further again once previously recently simply first initially subsequently \
    often always repeatedly even still now just only has have had is was were are will would \
    could can may might should did does do not never reportedly allegedly apparently privately \
    publicly already long once earlier flatly quickly finally ultimately herself himself \
    themselves itself too frequently sometimes routinely openly angrily firmly bluntly being \
    been be don't doesn't didn't won't wouldn't can't couldn't isn't wasn't hasn't haven't \
    hadn't shouldn't";

/// Words that close a noun phrase read backwards: a speaker never spans them.
const BOUNDARIES: &str = "\
    and but or nor that which who whom whose while as because if when where after before since \
    though although so than whether until unless with by for to in on at from about over into \
    during under against among through without within upon onto like what how why there here \
    then yet whereas once despite also not is was are were be has have had said says say told \
    amid amidst toward towards across behind beyond beside besides between near per via \
    throughout regarding including following unlike outside inside around along alongside of \
    off out up down even just only still too very";

/// Role nouns: a definite description with one of these as its head can be
/// resolved to a named person who carries the matching title.
const PERSON_NOUNS: &str = "\
    president senator governor spokesman spokeswoman spokesperson official officials secretary \
    minister candidate nominee chairman chairwoman chair leader lawmaker congressman \
    congresswoman representative mayor judge justice general director ambassador envoy adviser \
    advisor aide attorney lawyer prosecutor chief commissioner economist professor analyst \
    businessman businesswoman billionaire man woman mogul speaker premier chancellor king \
    queen prince pope strategist pollster historian expert researcher author writer reporter \
    host anchor activist voter resident owner founder executive ceo manager coach player \
    doctor officer sheriff detective witness victim democrat republican politician statesman \
    diplomat negotiator sen gov rep dr mr mrs ms";

/// Words of a page's controls and credits that scrapers leave in the text
/// capitalized ("Hide Caption", "READ MORE", "Advertisement Continue
/// reading"): no part of a person's name. A function, not a token flag:
/// other rules read a word without flags as a possible name.
pub fn is_page_furniture(lower: &str) -> bool {
    const WORDS: &[&str] = &[
        "caption",
        "captions",
        "newsletter",
        "newsletters",
        "subscribe",
        "sign",
        "signup",
        "continue",
        "related",
        "stories",
        "read",
        "more",
        "click",
        "share",
        "gallery",
        "advertisement",
        "sponsored",
        "copyright",
        "comments",
        "hide",
        "expand",
        "download",
        "menu",
        "trending",
    ];
    WORDS.contains(&lower)
}

/// A common noun for an organization or a work that a name right after it
/// is ("the website NK Pro", "the song Bodak Yellow"); not one that is also
/// a verb ("polls show"). A function, as [`is_page_furniture`].
pub fn is_thing_noun(lower: &str) -> bool {
    const WORDS: &[&str] = &[
        "website",
        "site",
        "blog",
        "newspaper",
        "paper",
        "magazine",
        "tabloid",
        "channel",
        "network",
        "station",
        "company",
        "firm",
        "group",
        "agency",
        "app",
        "platform",
        "outlet",
        "publication",
        "startup",
        "band",
        "album",
        "movie",
        "series",
        "song",
    ];
    WORDS.contains(&lower)
}

/// Words that make a capitalized phrase an organization or a place.
const ORG_WORDS: &str = "\
    house department party committee university college school times news post inc corp co llc \
    association council court senate congress campaign administration ministry agency office \
    bureau foundation institute center centre group company bank network journal magazine \
    press service commission board union police army navy government republic kingdom states \
    city county state street avenue road airport hospital church club team fund federation \
    organization organisation coalition alliance forces force guard corps republicans \
    democrats media tv radio channel show program project plan act bill law treaty summit \
    conference convention tower hotel park square river lake mountain island islands bay sea \
    ocean valley north south east west northern southern eastern western central american \
    americans social media facebook twitter google cnn fox nbc abc cbs msnbc npr bbc reuters \
    ap politico breitbart york angeles francisco jersey carolina dakota virginia washington \
    international national federal global world watch research institution securities capital \
    partners holdings industries energy oil gas power airlines motors trust labs systems \
    technologies health care medical security defense defence intelligence affairs relations \
    studies sciences science economics policy justice treasury commerce labor education \
    interior pentagon kremlin parliament assembly legislature caucus cabinet embassy consulate \
    nations european africa asia europe america china russia ukraine iran iraq syria israel \
    france germany britain england mexico canada japan india korea day week month year debate \
    election primary primaries caucuses poll survey report truth life matter lives";

/// Calendar words, never part of a person's name.
const CALENDAR_WORDS: &str = "\
    january february march april may june july august september october november december \
    monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep \
    sept oct nov dec";

/// After a comma that follows a speaker, these open a circumstance, not
/// more of the speaker ("..., said Smith, in a statement").
const CIRCUMSTANCES: &str = "\
    in at on during while after before when according adding citing referring speaking via \
    from through with without as told telling noting explaining saying arguing insisting \
    pointing calling monday tuesday wednesday thursday friday saturday sunday today yesterday \
    last earlier later this then but and though although because since until once where if \
    responding asked reacting writing addressing appearing answering describing echoing for";

/// Common given names, so that a capitalized pair starting with one is
/// taken for a person and a pronoun finds a compatible antecedent: mostly
/// men's, mostly women's, and either.
const MALE_NAMES: &str = "\
    james john robert michael william david richard joseph thomas charles christopher daniel \
    matthew anthony mark donald steven steve paul andrew joshua kenneth kevin brian george \
    timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry \
    justin scott brandon benjamin samuel gregory frank alexander raymond patrick jack dennis \
    jerry tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy \
    harold keith christian roger noah gerald carl sean austin arthur lawrence jesse dylan \
    bryan joe billy bruce albert willie gabriel logan alan juan wayne roy ralph randy eugene \
    vincent russell elijah louis bobby philip johnny bill bob jim mike tom dan ted ben tim \
    jeff greg jon rick nick tony marco mitch newt barack bernie hugh ian neil marcus martin \
    luis carlos miguel pedro ahmed mohammed muhammad ali omar vladimir sergey sergei dmitry \
    ivan emmanuel francois pierre hans karl olaf boris leon";

const FEMALE_NAMES: &str = "\
    mary patricia jennifer linda elizabeth barbara susan susie jessica sarah karen nancy lisa \
    betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa \
    deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna \
    brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn \
    janet ruth maria heather diane virginia julie joyce victoria olivia christina lauren joan \
    evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria ann teresa \
    kathryn sara janice alice madison doris abigail julia judy grace denise amber marilyn \
    beverly danielle theresa sophia marie diana brittany natalie isabella charlotte rose \
    alexis kayla hillary nikki kellyanne ivanka melania michele loretta ursula karoline kamala \
    elena olga irina anne marine giorgia jill kate katie meghan megyn huma debbie chelsea \
    condoleezza madeleine";

const EITHER_NAMES: &str = "terry jordan chris jean lee kelly";

/// The table: lower-case words with their flags, sorted for binary search.
static WORDS: LazyLock<Vec<(String, u32)>> = LazyLock::new(build);

/// An open-addressing hash table over [`WORDS`]: one hash and usually one
/// comparison per lookup (every token of every text is looked up).
struct Table {
    slots: Vec<Slot>,
    mask: usize,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    len: u8,
    key: [u8; MAX_LEN],
    flags: u32,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let words = &*WORDS;
    let size = (words.len() * 4).next_power_of_two();
    let mut slots = vec![Slot::default(); size];
    for (w, f) in words {
        let mut key = [0u8; MAX_LEN];
        key[..w.len()].copy_from_slice(w.as_bytes());
        let mut i = hash(&key[..w.len()]) as usize & (size - 1);
        while slots[i].len != 0 {
            i = (i + 1) & (size - 1);
        }
        slots[i] = Slot {
            len: w.len() as u8,
            key,
            flags: *f,
        };
    }
    Table {
        slots,
        mask: size - 1,
    }
});

/// FNV-1a: short keys, no dependency.
fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn build() -> Vec<(String, u32)> {
    let mut all: Vec<(String, u32)> = Vec::with_capacity(3000);
    let mut add = |list: &str, flag: u32| {
        all.extend(list.split_whitespace().map(|w| (w.to_string(), flag)));
    };
    add(CUE_FORMS, CUE | INDIRECT);
    add(QUOTE_FORMS, CUE);
    add(STANCE_FORMS, STANCE);
    add(TITLES, TITLE);
    add(ABBR_NEVER, ABBR_NEVER_ENDS);
    add(ABBR_MAY, ABBR_MAY_END);
    add(STARTERS, STARTER);
    add(PRONOUNS, PRONOUN);
    add(DETERMINERS, DETERMINER);
    add(ADVERBS, ADVERB);
    add(BOUNDARIES, BOUNDARY);
    add(PERSON_NOUNS, PERSON_NOUN);
    add(ORG_WORDS, ORG_WORD);
    add(CALENDAR_WORDS, CALENDAR);
    add(CIRCUMSTANCES, CIRCUMSTANCE);
    add("he him his himself mr", HE);
    add("she her hers herself mrs ms miss", SHE);
    add("mr sir king prince father brother congressman", MALE);
    add(
        "mrs ms miss queen princess sister congresswoman lady",
        FEMALE,
    );
    add("who which that", RELATIVE);
    add(
        "shot fired snapped wrote writes hit went goes go pointed points spoke speaks called \
         lashed cried chimed chimes weighed summed sums piped",
        PHRASAL,
    );
    add(MALE_NAMES, GIVEN_NAME | MALE);
    add(FEMALE_NAMES, GIVEN_NAME | FEMALE);
    add(EITHER_NAMES, GIVEN_NAME);
    for (lemmas, flag) in [
        (CUE_LEMMAS, CUE | INDIRECT),
        (QUOTE_LEMMAS, CUE),
        (STANCE_LEMMAS, STANCE),
    ] {
        for lemma in lemmas.split_whitespace() {
            all.extend(forms(lemma).into_iter().map(|w| (w, flag)));
        }
    }
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut merged: Vec<(String, u32)> = Vec::with_capacity(all.len());
    for (w, f) in all {
        match merged.last_mut() {
            Some(last) if last.0 == w => last.1 |= f,
            _ => merged.push((w, f)),
        }
    }
    merged
}

const MAX_LEN: usize = 16;

/// The flags of `word` (any case); 0 when it is in no list. Words longer
/// than the longest entry or not ASCII are in no list, which keeps this a
/// stack-only lower-casing and a hash probe.
pub fn flags(word: &str) -> u32 {
    if word.is_empty() || word.len() > MAX_LEN + 2 {
        return 0;
    }
    // Lower case, with a curly apostrophe read as a straight one ("don’t").
    let mut buf = [0u8; MAX_LEN];
    let mut len = 0;
    for c in word.chars() {
        let b = match c {
            '’' => b'\'',
            c if c.is_ascii() => c.to_ascii_lowercase() as u8,
            _ => return 0,
        };
        if len == MAX_LEN {
            return 0;
        }
        buf[len] = b;
        len += 1;
    }
    let table = &*TABLE;
    let mut i = hash(&buf[..len]) as usize & table.mask;
    loop {
        let slot = &table.slots[i];
        if slot.len == 0 {
            return 0;
        }
        if usize::from(slot.len) == len && slot.key == buf {
            return slot.flags;
        }
        i = (i + 1) & table.mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_and_merge_lists() {
        assert_ne!(flags("Said") & CUE, 0);
        assert_ne!(flags("said") & INDIRECT, 0);
        assert_eq!(flags("called") & INDIRECT, 0);
        let sen = flags("Sen");
        assert_ne!(sen & TITLE, 0);
        assert_ne!(sen & ABBR_NEVER_ENDS, 0);
        assert_eq!(flags("zebra"), 0);
        assert_eq!(flags("ünïcode"), 0);
        assert_eq!(flags(""), 0);
        assert_ne!(flags("he") & HE, 0);
        assert_ne!(flags("quipped") & CUE, 0);
        assert_ne!(flags("testified") & INDIRECT, 0);
        assert_ne!(flags("replying") & CUE, 0);
        assert_ne!(flags("argues") & CUE, 0);
        assert_ne!(flags("echoes") & CUE, 0);
        assert_eq!(flags("don’t"), flags("don't"));
        assert_ne!(flags("Don’t") & ADVERB, 0);
    }

    #[test]
    fn every_entry_fits_the_lookup() {
        assert!(
            WORDS
                .iter()
                .all(|(w, _)| w.len() <= MAX_LEN && w.is_ascii())
        );
        assert!(WORDS.iter().all(|(w, f)| flags(w) == *f));
    }
}
