//! Prints the quotes of text files, one line each, to look at the rules'
//! output: `cargo run -p storyline-analyze --example quotes -- FILE...`
//! (`--sentences` prints the sentences instead).

fn main() -> std::io::Result<()> {
    let mut show_sentences = false;
    for arg in std::env::args().skip(1) {
        if arg == "--sentences" {
            show_sentences = true;
            continue;
        }
        let text = std::fs::read_to_string(&arg)?;
        println!("== {arg}");
        if show_sentences {
            for s in storyline_analyze::sentences(&text) {
                println!("  [{}]", text[s].replace('\n', "⏎"));
            }
            continue;
        }
        for q in storyline_analyze::quotes(&text) {
            let slice = |r: &Option<std::ops::Range<usize>>| {
                r.as_ref()
                    .map_or("-".to_string(), |r| text[r.clone()].replace('\n', "⏎"))
            };
            println!(
                "  {:?} [{}]\n      cue [{}] speaker [{}] name [{}]",
                q.kind,
                text[q.content.clone()].replace('\n', "⏎"),
                slice(&q.cue),
                slice(&q.speaker),
                slice(&q.speaker_name)
            );
        }
    }
    Ok(())
}
