//! Synthetic near-duplicate corpora: real articles with controlled edits at known rates.
