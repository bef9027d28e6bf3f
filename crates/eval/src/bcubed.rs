//! Clustering measures against a gold partition: B-cubed precision,
//! recall and F1 (Bagga and Baldwin, 1998; Amigó et al., 2009), and pairwise
//! precision, recall and F1.

use std::collections::HashMap;
use std::hash::Hash;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterScores {
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    pub pairwise_precision: f64,
    pub pairwise_recall: f64,
    pub pairwise_f1: f64,
}

/// Scores a predicted partition against a gold one; both give a label per
/// item.
pub fn score<P: Eq + Hash, G: Eq + Hash>(predicted: &[P], gold: &[G]) -> ClusterScores {
    assert_eq!(predicted.len(), gold.len());
    let n = predicted.len();
    let mut by_pred: HashMap<&P, Vec<usize>> = HashMap::new();
    let mut by_gold: HashMap<&G, Vec<usize>> = HashMap::new();
    let mut both: HashMap<(&P, &G), usize> = HashMap::new();
    for i in 0..n {
        by_pred.entry(&predicted[i]).or_default().push(i);
        by_gold.entry(&gold[i]).or_default().push(i);
        *both.entry((&predicted[i], &gold[i])).or_default() += 1;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..n {
        let common = both[&(&predicted[i], &gold[i])] as f64;
        p += common / by_pred[&predicted[i]].len() as f64;
        r += common / by_gold[&gold[i]].len() as f64;
    }
    let (p, r) = if n == 0 {
        (1.0, 1.0)
    } else {
        (p / n as f64, r / n as f64)
    };
    let pairs = |k: usize| (k * k.saturating_sub(1) / 2) as f64;
    let true_pairs: f64 = both.values().map(|&k| pairs(k)).sum();
    let pred_pairs: f64 = by_pred.values().map(|v| pairs(v.len())).sum();
    let gold_pairs: f64 = by_gold.values().map(|v| pairs(v.len())).sum();
    let ratio = |a: f64, b: f64| if b == 0.0 { 1.0 } else { a / b };
    let (pp, pr) = (ratio(true_pairs, pred_pairs), ratio(true_pairs, gold_pairs));
    ClusterScores {
        bcubed_precision: p,
        bcubed_recall: r,
        bcubed_f1: f1(p, r),
        pairwise_precision: pp,
        pairwise_recall: pr,
        pairwise_f1: f1(pp, pr),
    }
}

/// B-cubed precision, recall and F1 of the items in `scored` only, each
/// judged by its whole predicted cluster: an item that shares its cluster
/// with items outside `scored` loses precision for them, as it would if they
/// were scored. (Restricting both partitions to `scored` first, as [`score`]
/// on a subset does, hides every confusion with the rest.)
pub fn bcubed_within<P: Eq + Hash, G: Eq + Hash>(
    predicted: &[P],
    gold: &[G],
    scored: &[usize],
) -> (f64, f64, f64) {
    assert_eq!(predicted.len(), gold.len());
    let mut pred_size: HashMap<&P, usize> = HashMap::new();
    let mut both: HashMap<(&P, &G), usize> = HashMap::new();
    for i in 0..predicted.len() {
        *pred_size.entry(&predicted[i]).or_default() += 1;
        *both.entry((&predicted[i], &gold[i])).or_default() += 1;
    }
    let mut gold_size: HashMap<&G, usize> = HashMap::new();
    for g in gold {
        *gold_size.entry(g).or_default() += 1;
    }
    if scored.is_empty() {
        return (1.0, 1.0, 1.0);
    }
    let (mut p, mut r) = (0.0, 0.0);
    for &i in scored {
        let common = both[&(&predicted[i], &gold[i])] as f64;
        p += common / pred_size[&predicted[i]] as f64;
        r += common / gold_size[&gold[i]] as f64;
    }
    let n = scored.len() as f64;
    let (p, r) = (p / n, r / n);
    (p, r, f1(p, r))
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoring_a_subset_within_whole_clusters() {
        let gold = [1, 1, 2, 2];
        let predicted = [0, 0, 0, 1];
        // Item 0 and 1 share their cluster with item 2 of another event.
        let (p, r, _) = bcubed_within(&predicted, &gold, &[0, 1]);
        assert!((p - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(r, 1.0);
        // The same subset scored on its own sees no confusion.
        let alone = score(&predicted[..2], &gold[..2]);
        assert_eq!(alone.bcubed_precision, 1.0);
        // Every item scored: the same as `score`.
        let (p, r, f) = bcubed_within(&predicted, &gold, &[0, 1, 2, 3]);
        let all = score(&predicted, &gold);
        assert_eq!(
            (p, r, f),
            (all.bcubed_precision, all.bcubed_recall, all.bcubed_f1)
        );
    }

    #[test]
    fn perfect_and_lumped() {
        let gold = [1, 1, 2, 2];
        let s = score(&["a", "a", "b", "b"], &gold);
        assert_eq!((s.bcubed_f1, s.pairwise_f1), (1.0, 1.0));
        let lumped = score(&[0, 0, 0, 0], &gold);
        assert_eq!(lumped.bcubed_recall, 1.0);
        assert_eq!(lumped.bcubed_precision, 0.5);
        let split = score(&[0, 1, 2, 3], &gold);
        assert_eq!(split.bcubed_precision, 1.0);
        assert_eq!(split.bcubed_recall, 0.5);
        assert_eq!(split.pairwise_recall, 0.0);
    }
}
