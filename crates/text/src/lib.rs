//! Text for matching: normalization with offset maps (stage 2 of the
//! pipeline). Later stages find sentences, tokens and shingles in the
//! normalized text and map every offset back before citing it.

pub mod normalize;

pub use normalize::{Normalized, normalize};
