//! From the paths a user gives to opened, typed inputs.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use storyline_core::{Format, InputError};

/// One thing to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    /// How the input is named in messages and in `source` fields.
    pub fn display_name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }

    /// The size on disk, when known (for progress reporting).
    pub fn size_hint(&self) -> Option<u64> {
        match self {
            Input::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Input::Stdin => None,
        }
    }
}

/// The inputs found under the user's paths, and the paths that could not
/// be listed.
#[derive(Debug, Default)]
pub struct Expanded {
    pub inputs: Vec<Input>,
    pub errors: Vec<InputError>,
}

/// Expands paths into inputs: `-` is standard input, a file is itself, a
/// directory is every file below it with an article extension (`.txt`,
/// `.json`, `.jsonl`, `.html`, `.warc`, and those with `.gz`), in sorted
/// order so that runs are reproducible. Hidden files and directories
/// (names starting with `.`) are skipped; symbolic links are followed once.
pub fn expand<P: AsRef<Path>>(paths: &[P]) -> Expanded {
    let mut out = Expanded::default();
    let mut seen_dirs = HashSet::new();
    for path in paths {
        let path = path.as_ref();
        if path.as_os_str() == "-" {
            out.inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut seen_dirs, &mut out),
            Ok(_) => out.inputs.push(Input::Path(path.to_path_buf())),
            Err(e) => out.errors.push(InputError::new(
                path.display().to_string(),
                crate::io_message(&e),
            )),
        }
    }
    out
}

fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Expanded) {
    // A directory reached twice (through a link loop) is read once.
    if let Ok(canonical) = dir.canonicalize()
        && !seen.insert(canonical)
    {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.errors.push(InputError::new(
                dir.display().to_string(),
                format!("cannot list directory: {}", crate::io_message(&e)),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, seen, out),
            Ok(_) => {
                if format_from_name(&path).is_some() {
                    out.inputs.push(Input::Path(path));
                }
            }
            Err(e) => out.errors.push(InputError::new(
                path.display().to_string(),
                crate::io_message(&e),
            )),
        }
    }
}

/// The format a file name implies, looking through a `.gz` suffix.
pub(crate) fn format_from_name(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "txt" | "text" => Format::Txt,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::Jsonl,
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "warc" => Format::Warc,
        _ => return None,
    })
}

/// A file's name without its extensions (and without `.gz`): the id of the
/// article it holds.
pub(crate) fn file_stem(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let name = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".GZ"))
        .unwrap_or(name);
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    Some(stem.to_string())
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// An input ready to read: decompressed, its format decided.
pub(crate) struct Opened {
    pub(crate) reader: Box<dyn BufRead + Send>,
    pub(crate) format: Format,
    /// The id of a single-article input without an `id` of its own.
    pub(crate) fallback_id: Option<String>,
}

/// Opens an input: decompresses gzip, decides the format (from the name,
/// else from the first bytes) and the fallback id.
pub(crate) fn open(input: &Input) -> Result<Opened, String> {
    match input {
        Input::Stdin => open_reader(Box::new(io::stdin()), None, None),
        Input::Path(path) => {
            let file = File::open(path).map_err(|e| crate::io_message(&e))?;
            if file.metadata().is_ok_and(|m| m.is_dir()) {
                return Err("is a directory".to_string());
            }
            open_reader(Box::new(file), format_from_name(path), file_stem(path))
        }
    }
}

/// Opens a byte stream whose name implies `named` (if anything) and whose
/// article id, for a single-article input, is `stem`.
pub(crate) fn open_reader(
    raw: Box<dyn Read + Send>,
    named: Option<Format>,
    stem: Option<String>,
) -> Result<Opened, String> {
    let mut reader = BufReader::with_capacity(1 << 16, raw);
    let head = reader.fill_buf().map_err(|e| crate::io_message(&e))?;
    let mut reader: Box<dyn BufRead + Send> = if head.starts_with(&GZIP_MAGIC) {
        Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(reader),
        ))
    } else {
        Box::new(reader)
    };
    let format = match named {
        Some(format) => format,
        None => sniff(reader.fill_buf().map_err(|e| crate::io_message(&e))?),
    };
    Ok(Opened {
        reader,
        format,
        fallback_id: stem,
    })
}

/// Guesses a format from the first bytes of an input with no telling name.
pub(crate) fn sniff(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if head.starts_with(b"WARC/") {
        return Format::Warc;
    }
    let first = head.iter().copied().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'{') | Some(b'[') => Format::Jsonl,
        Some(b'<') => {
            let lower: Vec<u8> = head.iter().take(1024).map(u8::to_ascii_lowercase).collect();
            let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
            if has(b"<html")
                || has(b"<!doctype html")
                || has(b"<body")
                || has(b"<p>")
                || has(b"<head")
            {
                Format::Html
            } else {
                Format::Txt
            }
        }
        _ => Format::Txt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            file_stem(Path::new("a/000_e6e8cbecfc36e633.txt")).unwrap(),
            "000_e6e8cbecfc36e633"
        );
        assert_eq!(file_stem(Path::new("x.warc.gz")).unwrap(), "x");
        assert_eq!(file_stem(Path::new("a.b.json")).unwrap(), "a.b");
        assert_eq!(file_stem(Path::new(".hidden")).unwrap(), ".hidden");
        assert_eq!(
            format_from_name(Path::new("crawl.WARC.GZ")),
            Some(Format::Warc)
        );
        assert_eq!(format_from_name(Path::new("x.ndjson")), Some(Format::Jsonl));
        assert_eq!(format_from_name(Path::new("README.md")), None);
        assert_eq!(format_from_name(Path::new("noext")), None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(sniff(b"\n  {\"title\": 1}"), Format::Jsonl);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"<Reuters> said on Monday"), Format::Txt);
        assert_eq!(sniff(b"Plain words."), Format::Txt);
        assert_eq!(sniff(b""), Format::Txt);
    }
}
