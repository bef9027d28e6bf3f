//! The stored form of a document's clustering terms: little-endian and
//! versioned, so that a store outlives the process that wrote it. Terms
//! are raw counts (weights come from the store's document frequencies when
//! clustering runs), so a stored record never goes stale.
//!
//! Layout: a version byte (1); then for each counted field, in the order
//! of [`FIELDS`], a `u32` length and that many `(u64 term, u32 count)`
//! pairs; then the tolls as a `u32` length and that many `u32`.

use storyline_cluster::DocTerms;

const VERSION: u8 = 1;

/// The counted fields, in stored order.
fn fields(t: &DocTerms) -> [&Vec<(u64, u32)>; 8] {
    [
        &t.body, &t.title, &t.names, &t.lead, &t.numbers, &t.phrases, &t.years, &t.months,
    ]
}

/// [`fields`], to fill.
fn fields_mut(t: &mut DocTerms) -> [&mut Vec<(u64, u32)>; 8] {
    [
        &mut t.body,
        &mut t.title,
        &mut t.names,
        &mut t.lead,
        &mut t.numbers,
        &mut t.phrases,
        &mut t.years,
        &mut t.months,
    ]
}

pub(crate) fn encode(terms: &DocTerms) -> Vec<u8> {
    let mut out = vec![VERSION];
    for values in fields(terms) {
        out.extend((values.len() as u32).to_le_bytes());
        for &(term, count) in values {
            out.extend(term.to_le_bytes());
            out.extend(count.to_le_bytes());
        }
    }
    out.extend((terms.tolls.len() as u32).to_le_bytes());
    for toll in &terms.tolls {
        out.extend(toll.to_le_bytes());
    }
    out
}

/// Reads a record written by this module: its version byte checked, then
/// little-endian values; every read is `None` past the end.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// `None` unless `bytes` start with this version.
    fn new(bytes: &'a [u8]) -> Option<Reader<'a>> {
        let (&version, rest) = bytes.split_first()?;
        (version == VERSION).then_some(Reader { rest })
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.rest.split_at_checked(n)?;
        self.rest = tail;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// `n` values of `u32`.
    fn u32s(&mut self, n: usize) -> Option<Vec<u32>> {
        let bytes = self.take(n.checked_mul(4)?)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
                .collect(),
        )
    }

    /// A `u32` length, then that many `u32`.
    fn u32_list(&mut self) -> Option<Vec<u32>> {
        let len = self.u32()? as usize;
        self.u32s(len)
    }

    /// The value, if nothing is left over.
    fn end<T>(self, value: T) -> Option<T> {
        self.rest.is_empty().then_some(value)
    }
}

/// `None` when the bytes are not a record of this version (a damaged or
/// foreign blob): the caller reports it rather than cluster garbage.
pub(crate) fn decode(bytes: &[u8]) -> Option<DocTerms> {
    let mut r = Reader::new(bytes)?;
    let mut terms = DocTerms::default();
    for field in fields_mut(&mut terms) {
        let len = r.u32()? as usize;
        *field = r
            .take(len.checked_mul(12)?)?
            .chunks_exact(12)
            .map(|c| {
                let term = u64::from_le_bytes(c[..8].try_into().expect("8 bytes"));
                let count = u32::from_le_bytes(c[8..].try_into().expect("4 bytes"));
                (term, count)
            })
            .collect();
    }
    terms.tolls = r.u32_list()?;
    r.end(terms)
}

/// The stored form of a dedup fingerprint (a canonical copy's, so that a
/// later batch can verify its copies against it without reading its text
/// again). Layout: a version byte (1), the exact hash (`u64`), the shingle
/// width (`u32`), the [`PERMUTATIONS`] MinHash values, then the kept
/// tokens and the seeds, each as a `u32` length and that many `u32`.
///
/// [`PERMUTATIONS`]: storyline_dedup::PERMUTATIONS
pub(crate) fn encode_fingerprint(fp: &storyline_dedup::Fingerprint) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        1 + 12 + 4 * (storyline_dedup::PERMUTATIONS + 2 + fp.tokens.len() + fp.seeds.len()),
    );
    out.push(VERSION);
    out.extend(fp.exact.to_le_bytes());
    out.extend((fp.shingle_words as u32).to_le_bytes());
    for v in fp.minhash.iter() {
        out.extend(v.to_le_bytes());
    }
    for list in [&fp.tokens[..], &fp.seeds[..]] {
        out.extend((list.len() as u32).to_le_bytes());
        for v in list {
            out.extend(v.to_le_bytes());
        }
    }
    out
}

pub(crate) fn decode_fingerprint(bytes: &[u8]) -> Option<storyline_dedup::Fingerprint> {
    let mut r = Reader::new(bytes)?;
    let exact = r.u64()?;
    let shingle_words = r.u32()? as usize;
    let minhash: [u32; storyline_dedup::PERMUTATIONS] =
        r.u32s(storyline_dedup::PERMUTATIONS)?.try_into().ok()?;
    let tokens = r.u32_list()?;
    let seeds = r.u32_list()?;
    r.end(storyline_dedup::Fingerprint {
        exact,
        tokens: tokens.into(),
        shingle_words,
        minhash: std::sync::Arc::new(minhash),
        seeds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_round_trip_and_damage_is_refused() {
        let text = storyline_text::normalize(
            "Der Kran im Hafen von Nørrevik stürzte am Dienstag ein; vier Arbeiter wurden verletzt, sagte die Hafenbehörde.",
        );
        let tokens = storyline_text::tokens(text.text());
        let fp = storyline_dedup::fingerprint(&tokens, &storyline_dedup::Config::default());
        let bytes = encode_fingerprint(&fp);
        assert_eq!(decode_fingerprint(&bytes).unwrap(), fp);
        for cut in 0..bytes.len() {
            assert!(decode_fingerprint(&bytes[..cut]).is_none(), "cut at {cut}");
        }
    }

    #[test]
    fn round_trip_is_exact() {
        let terms = DocTerms {
            body: vec![(1, 2), (u64::MAX, 7)],
            title: vec![(5, 1)],
            names: vec![],
            lead: vec![(9, 3)],
            numbers: vec![(11, 1)],
            phrases: vec![(12, 2)],
            years: vec![(2024, 1)],
            months: vec![(3, 2)],
            tolls: vec![7, 12],
            labels: Default::default(),
        };
        let back = decode(&encode(&terms)).unwrap();
        assert_eq!(back.body, terms.body);
        assert_eq!(back.title, terms.title);
        assert_eq!(back.lead, terms.lead);
        assert_eq!(back.numbers, terms.numbers);
        assert_eq!(back.phrases, terms.phrases);
        assert_eq!(back.years, terms.years);
        assert_eq!(back.months, terms.months);
        assert_eq!(back.tolls, terms.tolls);
    }

    #[test]
    fn damaged_records_are_refused_not_misread() {
        let bytes = encode(&DocTerms {
            body: vec![(1, 2)],
            tolls: vec![3],
            ..Default::default()
        });
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        let mut huge = bytes;
        huge[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&huge).is_none());
    }
}
