//! Evaluation: the commands that measure storyline on labelled data (see
//! `docs/evaluation.md`). The data is read in place from `../shared` and
//! never copied into the repository.

pub mod bcubed;
pub mod giveme;
pub mod online;
pub mod plagdet;
pub mod polnear;
pub mod synth;
pub mod who;

use std::path::{Path, PathBuf};

/// The directory `sub` of the shared data beside the repository
/// (`../shared/sub`), if it is there.
pub fn shared_dir(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(sub);
    dir.is_dir().then_some(dir)
}

/// Like [`shared_dir`], for tests: panics when the data is missing and
/// `STORYLINE_REQUIRE_SHARED=1`, else prints why the test is skipped.
pub fn shared_dir_for_test(sub: &str) -> Option<PathBuf> {
    if let Some(dir) = shared_dir(sub) {
        return Some(dir);
    }
    if std::env::var("STORYLINE_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("../shared/{sub} is missing and STORYLINE_REQUIRE_SHARED=1");
    }
    eprintln!(
        "skipping: ../shared/{sub} is not there (set STORYLINE_REQUIRE_SHARED=1 to fail instead)"
    );
    None
}
