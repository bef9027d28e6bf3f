//! Text for matching (stage 2 of the pipeline): normalization with offset
//! maps, and the word tokens and shingles that matching stages compare.
//! Matching happens on normalized text; every offset is mapped back with
//! [`Normalized::to_original`] before it is cited.

pub mod normalize;
pub mod stopwords;
pub mod tokens;

pub use normalize::{Normalized, normalize};
pub use stopwords::{FUNCTION_WORDS, is_function_word};
pub use tokens::{Token, shingle_hashes, tokens};
