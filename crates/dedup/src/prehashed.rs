//! Hash maps keyed by values that are already hashes (xxh3 of words,
//! shingles, bands). Hashing them again with SipHash costs time and buys
//! nothing: the identity hasher passes them through.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) type PrehashedMap<V> = HashMap<u64, V, BuildHasherDefault<Identity>>;

#[derive(Default)]
pub(crate) struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used by `u64` keys; anything else is mixed in.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
