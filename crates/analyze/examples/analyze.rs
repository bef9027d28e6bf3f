//! Prints what `analyze()` finds in text files, one line per item, to look
//! at the rules' output:
//! `cargo run -p storyline-analyze --example analyze -- [--published SECONDS] [--entities] FILE...`
//! (`--entities` also resolves the mentions of all files together).

use storyline_analyze::{DocMentions, analyze, resolve};

fn main() -> std::io::Result<()> {
    let mut published = None;
    let mut entities = false;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--published" => published = args.next().and_then(|s| s.parse().ok()),
            "--entities" => entities = true,
            _ => files.push(arg),
        }
    }
    let mut texts = Vec::new();
    for f in &files {
        texts.push(std::fs::read_to_string(f)?);
    }
    let analyses: Vec<_> = texts.iter().map(|t| analyze(t, published)).collect();
    for ((f, text), a) in files.iter().zip(&texts).zip(&analyses) {
        let s = |r: &std::ops::Range<usize>| text[r.clone()].replace('\n', "⏎");
        println!("== {f}");
        for m in &a.mentions {
            let role = m
                .role
                .as_ref()
                .map(|r| {
                    format!(
                        "  role [{}] key {:?}{}",
                        s(&r.span),
                        r.key,
                        if r.former { " former" } else { "" }
                    )
                })
                .unwrap_or_default();
            println!(
                "  {:?} [{}]{}{role}",
                m.kind,
                s(&m.span),
                m.canonical
                    .as_deref()
                    .map(|c| format!(" = {c}"))
                    .unwrap_or_default()
            );
        }
        for q in &a.quantities {
            println!(
                "  qty [{}] value {} unit {:?} counted {:?} qualifier {:?}",
                s(&q.span),
                q.value,
                q.unit,
                q.counted,
                q.qualifier
            );
        }
        for d in &a.dates {
            println!(
                "  date [{}] {:?} {:?} {:?}..{:?} {:?}",
                s(&d.span),
                d.kind,
                d.granularity,
                d.start,
                d.end,
                d.time
            );
        }
        for o in &a.attributions {
            println!(
                "  outlet [{}] = {} cue [{}] {:?}",
                s(&o.outlet),
                o.name,
                s(&o.cue),
                o.kind
            );
        }
    }
    if entities {
        let docs: Vec<DocMentions> = texts
            .iter()
            .zip(&analyses)
            .map(|(t, a)| DocMentions {
                text: t,
                mentions: &a.mentions,
                event: None,
            })
            .collect();
        for e in resolve(&docs) {
            let roles: Vec<String> = e
                .roles
                .iter()
                .map(|r| format!("{} {:?}", r.key, r.titles))
                .collect();
            println!(
                "{} {:?} {} aliases {:?} roles {:?} mentions {}{}",
                e.id,
                e.kind,
                e.name,
                e.aliases,
                roles,
                e.mentions.len(),
                if e.candidates.is_empty() {
                    String::new()
                } else {
                    format!(" candidates {:?}", e.candidates)
                }
            );
        }
    }
    Ok(())
}
