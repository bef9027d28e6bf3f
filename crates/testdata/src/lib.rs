//! The project's shared data: `../shared` beside the repository, holding the
//! seeds and the labelled sets. It is read in place, never copied into the
//! repository.
//!
//! Tests that need it call [`shared_dir_for_test`]: with
//! `STORYLINE_REQUIRE_SHARED=1` (as in CI) a missing directory fails the
//! test; elsewhere the test prints why it is skipped and returns. Every test
//! crate finds the data the same way, through this crate.

use std::path::{Path, PathBuf};

/// The directory `sub` of the shared data (`../shared/sub`), if it is there.
pub fn shared_dir(sub: &str) -> Option<PathBuf> {
    let dir = root().join(sub);
    dir.is_dir().then_some(dir)
}

/// Like [`shared_dir`], for tests: panics when the directory is missing and
/// `STORYLINE_REQUIRE_SHARED=1`, else prints that the test is skipped.
pub fn shared_dir_for_test(sub: &str) -> Option<PathBuf> {
    if let Some(dir) = shared_dir(sub) {
        return Some(dir);
    }
    let wanted = root().join(sub);
    if std::env::var("STORYLINE_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!(
            "{} is missing and STORYLINE_REQUIRE_SHARED=1",
            wanted.display()
        );
    }
    eprintln!(
        "skipping: {} is not there (set STORYLINE_REQUIRE_SHARED=1 to fail instead)",
        wanted.display()
    );
    None
}

/// `../shared` beside the repository (this crate is `crates/testdata`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_directory_is_none() {
        assert_eq!(shared_dir("no such directory, surely"), None);
    }
}
