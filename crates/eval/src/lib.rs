//! Evaluation: the commands that measure storyline on labelled data (see
//! `docs/evaluation.md`). The data is read in place from `../shared` and
//! never copied into the repository.

pub mod bcubed;
pub mod giveme;
pub mod online;
pub mod other_news;
pub mod plagdet;
pub mod polnear;
pub mod synth;
pub mod who;

pub use storyline_testdata::{shared_dir, shared_dir_for_test};
