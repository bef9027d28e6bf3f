//! Any bytes read as standard input, whose format is sniffed from its first
//! bytes: documents or errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| storyline_fuzz::check_read(None, data));
