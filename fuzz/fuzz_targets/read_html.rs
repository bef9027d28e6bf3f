//! Any bytes read as a `.html` file: documents or errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline_core::Format;

fuzz_target!(|data: &[u8]| storyline_fuzz::check_read(Some(Format::Html), data));
