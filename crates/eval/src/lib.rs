//! Evaluation: the commands that measure storyline on labelled data (see
//! `docs/evaluation.md`). The data is read in place from `../shared` and
//! never copied into the repository.

pub mod bcubed;
pub mod conflicts;
pub mod giveme;
pub mod online;
pub mod other_news;
pub mod plagdet;
pub mod polnear;
pub mod synth;
pub mod who;

pub use storyline_testdata::{shared_dir, shared_dir_for_test};

/// Makes a closed standard output (`events | head`) end the command
/// quietly instead of with a panic: the commands print with `println!`,
/// which panics when the reader has gone. Any other panic is reported as
/// before.
pub fn quiet_on_closed_output() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}
