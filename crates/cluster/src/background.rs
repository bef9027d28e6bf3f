//! Background document frequencies: how common each term is in news at
//! large, so that term weights mean the same in a run of five articles as in
//! a run of a hundred thousand.
//!
//! Inverse document frequency computed on the input alone is degenerate for
//! small inputs: in five articles about one story every shared word looks
//! rare or common by accident, and the pair model, fitted on features of a
//! larger corpus, would read them wrongly. Weights therefore count each term
//! over the input *and* a background collection, whose frequencies ship in
//! `model/background.df` (built by `storyline-eval`'s `build-background`
//! from news the project may not redistribute: only hashed term ids and
//! counts are kept, never text).
//!
//! The file: the magic `SLDF1\n`, the background's document count (u32 LE),
//! then `(term id u64 LE, document frequency u32 LE)` sorted by term id.

/// Document frequencies of a background collection.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Background {
    documents: u32,
    /// `(term id, documents containing it)`, sorted by term id.
    frequencies: Vec<(u64, u32)>,
}

const MAGIC: &[u8] = b"SLDF1\n";

impl Background {
    pub fn new(documents: u32, mut frequencies: Vec<(u64, u32)>) -> Background {
        frequencies.sort_unstable();
        frequencies.dedup_by_key(|(t, _)| *t);
        Background {
            documents,
            frequencies,
        }
    }

    pub fn documents(&self) -> u32 {
        self.documents
    }

    /// How many background documents contain `term`.
    pub fn frequency(&self, term: u64) -> u32 {
        self.frequencies
            .binary_search_by_key(&term, |(t, _)| *t)
            .map_or(0, |i| self.frequencies[i].1)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(MAGIC.len() + 4 + self.frequencies.len() * 12);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.documents.to_le_bytes());
        for (t, df) in &self.frequencies {
            out.extend_from_slice(&t.to_le_bytes());
            out.extend_from_slice(&df.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Background, String> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or("not a background frequency file")?;
        if rest.len() < 4 || (rest.len() - 4) % 12 != 0 {
            return Err("background frequency file has a partial entry".into());
        }
        let documents = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
        let frequencies: Vec<(u64, u32)> = rest[4..]
            .chunks_exact(12)
            .map(|c| {
                (
                    u64::from_le_bytes(c[..8].try_into().expect("8 bytes")),
                    u32::from_le_bytes(c[8..].try_into().expect("4 bytes")),
                )
            })
            .collect();
        if frequencies.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err("background frequency file is not sorted".into());
        }
        Ok(Background {
            documents,
            frequencies,
        })
    }
}

/// The background that ships with storyline.
pub fn shipped_background() -> &'static Background {
    static BACKGROUND: std::sync::OnceLock<Background> = std::sync::OnceLock::new();
    BACKGROUND.get_or_init(|| {
        Background::from_bytes(include_bytes!("../model/background.df"))
            .expect("the shipped background is tested to read")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_looks_up() {
        let bg = Background::new(10, vec![(5, 2), (1, 7), (9, 1)]);
        let back = Background::from_bytes(&bg.to_bytes()).unwrap();
        assert_eq!(back, bg);
        assert_eq!(back.frequency(1), 7);
        assert_eq!(back.frequency(4), 0);
        assert_eq!(back.documents(), 10);
    }

    #[test]
    fn refuses_damaged_files() {
        let bytes = Background::new(3, vec![(1, 1), (2, 2)]).to_bytes();
        assert!(Background::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Background::from_bytes(b"nonsense").is_err());
    }

    #[test]
    fn shipped_background_reads_and_knows_common_words() {
        let bg = shipped_background();
        assert!(bg.documents() > 500, "{}", bg.documents());
        // A word of almost every news article is in most background documents.
        let id = xxhash_rust::xxh3::xxh3_64(b"govern");
        assert!(bg.frequency(id) > bg.documents() / 10);
    }
}
