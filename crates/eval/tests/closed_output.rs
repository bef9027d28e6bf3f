//! A command whose reader has gone (`briefs | head`) ends quietly, with
//! success, rather than with a panic.

use std::process::{Command, Stdio};

#[test]
fn a_closed_output_ends_the_command_quietly() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefs"))
        .arg(&examples)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("briefs runs");
    // Close the reading end before the command writes anything.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("briefs ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
