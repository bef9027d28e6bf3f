//! Average-link agglomerative clustering over a sparse similarity graph.
//!
//! The two groups with the highest average pairwise similarity merge, as
//! long as that average reaches the threshold; pairs without an edge count
//! as similarity 0. The result depends only on the graph (ties go to the
//! smaller ids), so it does not depend on the order of the input.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

struct Group {
    members: Vec<usize>,
    /// Sum of similarities to each neighbouring group.
    neighbors: HashMap<usize, f64>,
    version: u32,
}

#[derive(PartialEq)]
struct Candidate {
    average: f64,
    a: usize,
    b: usize,
    versions: (u32, u32),
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.average
            .total_cmp(&other.average)
            .then_with(|| other.a.cmp(&self.a))
            .then_with(|| other.b.cmp(&self.b))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Clusters nodes `0..n` given `edges` `(a, b, similarity)`. Returns the
/// clusters, each sorted, in order of their smallest member.
pub fn average_link(n: usize, edges: &[(usize, usize, f32)], threshold: f32) -> Vec<Vec<usize>> {
    let mut groups: Vec<Option<Group>> = (0..n)
        .map(|i| {
            Some(Group {
                members: vec![i],
                neighbors: HashMap::new(),
                version: 0,
            })
        })
        .collect();
    for &(a, b, s) in edges {
        if a == b {
            continue;
        }
        let s = f64::from(s);
        *groups[a]
            .as_mut()
            .expect("alive")
            .neighbors
            .entry(b)
            .or_default() += s;
        *groups[b]
            .as_mut()
            .expect("alive")
            .neighbors
            .entry(a)
            .or_default() += s;
    }
    let mut heap = BinaryHeap::new();
    for (a, g) in groups.iter().enumerate() {
        let g = g.as_ref().expect("alive");
        for (&b, &sum) in &g.neighbors {
            if a < b {
                heap.push(Candidate {
                    average: sum,
                    a,
                    b,
                    versions: (0, 0),
                });
            }
        }
    }
    let threshold = f64::from(threshold);
    while let Some(c) = heap.pop() {
        if c.average < threshold {
            break;
        }
        let current = |i: usize| groups[i].as_ref().map(|g| g.version);
        if current(c.a) != Some(c.versions.0) || current(c.b) != Some(c.versions.1) {
            continue;
        }
        // Merge b into a.
        let b = groups[c.b].take().expect("checked alive");
        let mut a = groups[c.a].take().expect("checked alive");
        a.members.extend(b.members);
        a.neighbors.remove(&c.b);
        for (other, sum) in b.neighbors {
            if other == c.a {
                continue;
            }
            *a.neighbors.entry(other).or_default() += sum;
            let o = groups[other].as_mut().expect("neighbours are alive");
            let moved = o.neighbors.remove(&c.b).unwrap_or(0.0);
            *o.neighbors.entry(c.a).or_default() += moved;
        }
        a.version += 1;
        let size = a.members.len() as f64;
        for (&other, &sum) in &a.neighbors {
            let o = groups[other].as_ref().expect("neighbours are alive");
            let (x, y) = (c.a.min(other), c.a.max(other));
            let versions = if x == c.a {
                (a.version, o.version)
            } else {
                (o.version, a.version)
            };
            heap.push(Candidate {
                average: sum / (size * o.members.len() as f64),
                a: x,
                b: y,
                versions,
            });
        }
        groups[c.a] = Some(a);
    }
    let mut clusters: Vec<Vec<usize>> = groups
        .into_iter()
        .flatten()
        .map(|g| {
            let mut m = g.members;
            m.sort_unstable();
            m
        })
        .collect();
    clusters.sort_by_key(|m| m[0]);
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_by_average_link() {
        // 0-1-2 tightly linked, 3 weakly to 2, 4 alone.
        let edges = [(0, 1, 0.9), (1, 2, 0.8), (0, 2, 0.7), (2, 3, 0.3)];
        assert_eq!(
            average_link(5, &edges, 0.5),
            [vec![0, 1, 2], vec![3], vec![4]]
        );
        // Average link: 3 joins only when its average to all three reaches
        // the threshold (0.3 / 3 = 0.1).
        assert_eq!(average_link(5, &edges, 0.1), [vec![0, 1, 2, 3], vec![4]]);
    }

    #[test]
    fn input_order_does_not_matter() {
        let edges = [
            (0, 1, 0.6),
            (1, 2, 0.6),
            (2, 3, 0.6),
            (3, 4, 0.2),
            (0, 4, 0.5),
        ];
        let expected = average_link(5, &edges, 0.3);
        let mut reversed = edges.to_vec();
        reversed.reverse();
        assert_eq!(average_link(5, &reversed, 0.3), expected);
    }
}
