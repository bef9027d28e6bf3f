//! How far online clustering strays from the batch result: the same
//! documents fed in a shuffled order, in batches of a given size, compared
//! with the batch partition by B-cubed.

use storyline_cluster::{ClusterDoc, Config, DocTerms, Online, cluster};

use crate::bcubed::{ClusterScores, score};
use crate::synth::Rng;

/// Each document's event, as positions in `docs`.
pub fn batch_partition(docs: &[ClusterDoc], config: &Config) -> Vec<usize> {
    partition_of(docs.len(), &cluster(docs, config).events, |m| m)
}

/// The partition found when `docs` arrive in the order `seed` shuffles
/// them, `batch` at a time.
pub fn shuffled_partition(
    docs: &[ClusterDoc],
    config: &Config,
    seed: u64,
    batch: usize,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = Rng::new(seed);
    rng.shuffle(&mut order);
    let mut online = Online::new(config.clone());
    for chunk in order.chunks(batch.max(1)) {
        let items: Vec<(DocTerms, Option<i64>)> = chunk
            .iter()
            .map(|&i| (docs[i].terms.clone(), docs[i].published))
            .collect();
        online.add(items);
    }
    // Arrival number k is document order[k].
    partition_of(docs.len(), &online.clustering().events, |m| order[m])
}

fn partition_of(
    n: usize,
    events: &[storyline_cluster::EventCluster],
    position: impl Fn(usize) -> usize,
) -> Vec<usize> {
    let mut predicted = vec![usize::MAX; n];
    for (e, event) in events.iter().enumerate() {
        for &m in &event.members {
            predicted[position(m)] = e;
        }
    }
    predicted
}

/// B-cubed agreement of an online partition with the batch one (the batch
/// partition taken as the reference).
pub fn agreement(online: &[usize], batch: &[usize]) -> ClusterScores {
    score(online, batch)
}
