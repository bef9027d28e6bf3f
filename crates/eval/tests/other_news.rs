//! Event clustering on news the pair model was not fitted on: PolNeAR's
//! political articles, scored on pairs labelled by hand as one happening or
//! not (`crates/eval/data/polnear-event-pairs.tsv`). Skipped without the
//! shared data unless `STORYLINE_REQUIRE_SHARED=1`.
//!
//! The figures are low, and the tests hold them so that they are known and
//! do not fall further: a campaign's news is a dense run of happenings of
//! one story (two polls, a primary's eve and its night, a statement and the
//! reply the next day) that share every name and most words, and the pair
//! model, fitted on giveme5w1h, whose gold events are often month-long
//! threads, joins many of them. With dates, a few days' grace
//! (`Config::time_grace_days`) keeps far more of them apart; the tests
//! check that this advice, given in the CLI's help and docs/clustering.md,
//! holds.

use storyline_cluster::{ClusterDoc, Config, EventGrain};
use storyline_eval::online::batch_partition;
use storyline_eval::other_news::{
    OtherArticle, PairScores, parse_labels, read_articles, score_pairs, shipped_labels_path,
};

fn articles() -> Option<Vec<OtherArticle>> {
    let train = storyline_eval::shared_dir_for_test("data/polnear/train/text")?;
    let dev = storyline_eval::shared_dir_for_test("data/polnear/dev/text")?;
    Some(read_articles(&[train, dev]).expect("PolNeAR reads"))
}

fn scores(articles: &[OtherArticle], config: &Config) -> PairScores {
    let names: Vec<&str> = articles.iter().map(|a| a.name.as_str()).collect();
    let text = std::fs::read_to_string(shipped_labels_path()).expect("the labels ship");
    let labels = parse_labels(&text, &names).expect("every label names a PolNeAR article");
    assert_eq!(labels.pairs.len() + labels.unsure.len(), 691);
    let docs: Vec<ClusterDoc> = articles.iter().map(OtherArticle::cluster_doc).collect();
    score_pairs(&batch_partition(&docs, config), &labels.pairs)
}

#[test]
fn other_news_pairs_with_dates_without_and_as_happenings() {
    let Some(articles) = articles() else { return };
    assert_eq!(articles.len(), 924);
    let dated = scores(&articles, &Config::default());
    let content_only = scores(
        &articles,
        &Config {
            use_dates: false,
            ..Config::default()
        },
    );
    let happenings = scores(
        &articles,
        &Config::default().with_grain(EventGrain::Happenings),
    );
    for (name, s) in [
        ("dated", &dated),
        ("content only", &content_only),
        ("happenings: grace 3, strictness 3", &happenings),
    ] {
        eprintln!(
            "{name}: joined {} labelled pairs, {} of one happening: P {:.3} R {:.3}",
            s.joined, s.joined_right, s.precision, s.recall
        );
    }
    // Today: P 0.271, R 0.670. The pair model is fitted on other news, and
    // how many of these pairs it joins moves with the fit itself: fitted on
    // the same data with 80 to 120 trees, relative recall ran from 0.67 to
    // 0.81 (precision 0.27 to 0.31) with the features before the site-title
    // change, and from 0.63 to 0.71 after it (docs/clustering.md). So the
    // bounds hold the range, not today's point.
    assert!(dated.precision >= 0.25 && dated.recall >= 0.6, "{dated:?}");
    // Today: P 0.174, R 0.348. Content cannot tell this story's happenings
    // apart; dates can (content only stayed at 0.31 to 0.35 over those fits).
    assert!(
        content_only.precision >= 0.14 && content_only.recall >= 0.3,
        "{content_only:?}"
    );
    assert!(dated.recall > content_only.recall + 0.25);
    // Today: P 0.447, R 0.750: more precise, and it loses no recall.
    assert!(
        happenings.precision >= dated.precision + 0.1 && happenings.recall >= dated.recall,
        "{happenings:?}"
    );
}
