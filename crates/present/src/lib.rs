//! Presenting a [`Report`] (stage 10): JSON per the contract in
//! `docs/schema.md`, Markdown for people, and writing either to a file
//! atomically.

mod coverage;
mod html;
mod markdown;

pub use html::{escape as escape_html, render_html};
pub use markdown::render_markdown;

use std::io::{self, Write};
use std::path::Path;

use storyline_core::Report;

/// When an event's documents were published, in words: "Published
/// 2024-03-12 to 2024-03-14." (days, as its documents give them), or `None`
/// when none gives a time.
fn published_text(event: &storyline_core::Event) -> Option<String> {
    let span = event.published.as_ref()?;
    let day = |t: &str| {
        t.get(..10)
            .filter(|d| d.is_ascii())
            .unwrap_or(t)
            .to_string()
    };
    let (first, last) = (day(&span.first), day(&span.last));
    Some(if first == last {
        format!("Published {first}.")
    } else {
        format!("Published {first} to {last}.")
    })
}

/// A member's score against its bar, in words: "one-event probability 0.62
/// (threshold 0.50)". A document held to a lower bar than the event's
/// others joined alone: clustering left it on its own and then put it in
/// the event it most likely belongs to (the attach step of
/// `docs/clustering.md`), and the reader should know that.
fn membership_score(event: &storyline_core::Event, m: &storyline_core::Membership) -> String {
    let bar = event
        .membership
        .iter()
        .filter(|o| o.duplicate_of.is_none())
        .map(|o| o.threshold)
        .fold(f64::MIN, f64::max);
    let alone = if m.threshold < bar {
        ", joined alone: its likeliest event"
    } else {
        ""
    };
    format!(
        "one-event probability {:.2} (threshold {:.2}{alone})",
        m.score, m.threshold
    )
}

/// The output formats of `storyline analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Json,
    Markdown,
}

/// Writes a report in `format` (JSON pretty-printed unless `compact`) to
/// `out`, as it is rendered: a large report is never held twice in memory.
pub fn write_report(
    report: &Report,
    format: OutputFormat,
    compact: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    match format {
        OutputFormat::Json if compact => serde_json::to_writer(&mut out, report)?,
        OutputFormat::Json => serde_json::to_writer_pretty(&mut out, report)?,
        OutputFormat::Markdown => out.write_all(render_markdown(report).as_bytes())?,
    }
    if format == OutputFormat::Json {
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Writes `contents` to `path` atomically: to a temporary file in the same
/// directory, flushed to disk, then renamed over `path`. A reader of
/// `path` sees the old file or the new one, never a part; a failure leaves
/// no temporary file behind.
///
/// A target that exists and is not a regular file (`/dev/null`, a named
/// pipe) is written in place: renaming over it would replace the device or
/// pipe itself.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomically_with(path, |out| out.write_all(contents))
}

/// [`write_atomically`], with the contents written by `write`.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        return write(&mut file);
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".storyline-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    set_permissions_like(tmp.as_file(), path)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file is private (0600); the output should have the
/// permissions of the file it replaces, or the usual 0644.
#[cfg(unix)]
fn set_permissions_like(file: &std::fs::File, path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_permissions_like(_file: &std::fs::File, _path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.json"]);
    }

    #[test]
    fn atomic_write_failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a non-empty directory: the rename fails.
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("x"), b"keep").unwrap();
        assert!(write_atomically(&target, b"new").is_err());
        assert_eq!(std::fs::read(target.join("x")).unwrap(), b"keep");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["taken"]);
    }

    #[test]
    fn special_files_are_written_in_place() {
        write_atomically(Path::new("/dev/null"), b"discarded").unwrap();
        assert!(
            !std::fs::metadata("/dev/null").unwrap().is_file(),
            "still a device"
        );
    }

    #[test]
    fn json_has_every_contract_array() {
        let mut json = Vec::new();
        write_report(&Report::default(), OutputFormat::Json, true, &mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        for key in [
            "documents",
            "duplicates",
            "reuse",
            "entities",
            "stories",
            "errors",
        ] {
            assert!(v[key].as_array().is_some_and(|a| a.is_empty()), "{key}");
        }
        assert_eq!(v["schema_version"], storyline_core::SCHEMA_VERSION);
    }
}
