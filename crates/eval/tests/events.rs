//! Event clustering on giveme5w1h `news_cluster` (gold `EventId`), in batch
//! and online. Skipped without the shared data unless
//! `STORYLINE_REQUIRE_SHARED=1`.
//!
//! The figures are in-sample for the pair model (it was fitted on this set
//! by `train-events`); `train-events --cv` measures it on held-out events,
//! which is the honest figure (see `docs/clustering.md`). These tests hold
//! the in-sample figures, so that a change to features, model or
//! agglomeration that loses quality fails here.

use storyline_cluster::{ClusterDoc, Config, cluster};
use storyline_eval::bcubed::score;
use storyline_eval::giveme::{Article, load};
use storyline_eval::online::{agreement, batch_partition, shuffled_partition};

fn articles() -> Option<Vec<Article>> {
    let dir = storyline_eval::shared_dir_for_test("data/giveme5w1h/news_cluster")?;
    Some(load(&dir).expect("giveme5w1h reads"))
}

fn f1_of(articles: &[Article], use_dates: bool) -> f64 {
    let docs: Vec<ClusterDoc> = articles.iter().map(Article::cluster_doc).collect();
    let config = Config {
        use_dates,
        ..Config::default()
    };
    let result = cluster(&docs, &config);
    let mut predicted = vec![usize::MAX; docs.len()];
    for (e, event) in result.events.iter().enumerate() {
        for &m in &event.members {
            assert_eq!(predicted[m], usize::MAX, "document {m} in two events");
            predicted[m] = e;
        }
    }
    assert!(
        predicted.iter().all(|&p| p != usize::MAX),
        "a document in no event"
    );
    let gold: Vec<&str> = articles.iter().map(|a| a.event.as_str()).collect();
    score(&predicted, &gold).bcubed_f1
}

#[test]
fn giveme5w1h_bcubed_with_and_without_dates() {
    let Some(articles) = articles() else { return };
    assert_eq!(articles.len(), 383);
    let with_dates = f1_of(&articles, true);
    let without = f1_of(&articles, false);
    eprintln!("B-cubed F1: with dates {with_dates:.3}, without {without:.3}");
    // 0.955 today: the time strictness (months apart need far stronger
    // evidence) costs 0.006 here, for other news' sake (docs/clustering.md).
    assert!(with_dates >= 0.95, "with dates {with_dates:.3}");
    // 0.934 today. The pair model is held monotone and the threshold rose
    // to 0.5: the in-sample figure without dates fell (0.935 before, 0.926
    // then) while held-out events gained (`train-events --cv`,
    // docs/clustering.md); a toll reader that misreads less won 0.004 back,
    // and reading a site-named page by its URL's words 0.004 more.
    assert!(without >= 0.925, "without dates {without:.3}");
}

/// The same articles fed one at a time and in batches of ten, in shuffled
/// orders, come out (almost) as the batch run does. A stream weighs the
/// batch's pairs, so only term weights, which a stream has from fewer
/// documents when it scores a pair, can tell them apart: every order agrees
/// fully today, and 0.99 leaves room for a model to sit nearer a threshold
/// (the issue asks 0.98).
#[test]
fn online_order_agrees_with_batch() {
    let Some(articles) = articles() else { return };
    let docs: Vec<ClusterDoc> = articles.iter().map(Article::cluster_doc).collect();
    for use_dates in [true, false] {
        let config = Config {
            use_dates,
            ..Config::default()
        };
        let batch = batch_partition(&docs, &config);
        for (seed, size) in [(1, 1), (2, 10), (3, 1)] {
            let online = shuffled_partition(&docs, &config, seed, size);
            let a = agreement(&online, &batch).bcubed_f1;
            assert!(
                a >= 0.99,
                "dates {use_dates}, seed {seed}, batches of {size}: agreement {a:.3}"
            );
        }
        // One batch of everything, in any order, is the batch run.
        assert_eq!(
            agreement(&shuffled_partition(&docs, &config, 4, docs.len()), &batch).bcubed_f1,
            1.0
        );
    }
}
