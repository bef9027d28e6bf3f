//! Any text (the bytes, decoded lossily as UTF-8) normalizes without a
//! panic, idempotently, with an offset map onto the original's character
//! boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| storyline_fuzz::check_normalize(&String::from_utf8_lossy(data)));
