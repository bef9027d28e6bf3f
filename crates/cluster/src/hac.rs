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

/// After [`average_link`]: each node left alone joins the group of two or
/// more whose average similarity to it is highest, if that reaches
/// `threshold` (ties go to the group with the smaller first member). Every
/// lone node is judged against the groups as `average_link` left them, so
/// the result still depends only on the graph. Returns the clusters in the
/// same order as `average_link` and the nodes that joined a group.
pub fn attach_lone(
    clusters: Vec<Vec<usize>>,
    edges: &[(usize, usize, f32)],
    threshold: f32,
) -> (Vec<Vec<usize>>, Vec<usize>) {
    let n = clusters.iter().map(Vec::len).sum::<usize>();
    let mut cluster_of = vec![0usize; n];
    for (c, members) in clusters.iter().enumerate() {
        for &m in members {
            cluster_of[m] = c;
        }
    }
    let lone = |node: usize| clusters[cluster_of[node]].len() == 1;
    // For each lone node, its similarity sums to neighbouring groups.
    let mut sums: HashMap<usize, HashMap<usize, f64>> = HashMap::new();
    for &(a, b, s) in edges {
        for (x, y) in [(a, b), (b, a)] {
            if x != y && lone(x) && !lone(y) {
                *sums.entry(x).or_default().entry(cluster_of[y]).or_default() += f64::from(s);
            }
        }
    }
    // Sizes as `average_link` left them: a group's average does not change
    // as other lone nodes join it.
    let sizes: Vec<usize> = clusters.iter().map(Vec::len).collect();
    let mut clusters = clusters;
    let mut attached = Vec::new();
    for (node, groups) in sums {
        let best = groups
            .into_iter()
            .map(|(c, sum)| (sum / sizes[c] as f64, c))
            .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
        if let Some((average, c)) = best
            && average >= f64::from(threshold)
        {
            clusters[c].push(node);
            clusters[cluster_of[node]].clear();
            attached.push(node);
        }
    }
    if attached.is_empty() {
        return (clusters, attached);
    }
    clusters.retain(|m| !m.is_empty());
    for m in &mut clusters {
        m.sort_unstable();
    }
    clusters.sort_by_key(|m| m[0]);
    attached.sort_unstable();
    (clusters, attached)
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
    fn a_lone_node_joins_the_group_it_is_most_alike() {
        // 0-1 and 2-3 are groups; 4 leans to 2-3 (average 0.3) more than
        // to 0-1 (0.25); 5 is too far from anything (0.1).
        let edges = [
            (0, 1, 0.9),
            (2, 3, 0.9),
            (4, 0, 0.5),
            (4, 2, 0.3),
            (4, 3, 0.3),
            (5, 1, 0.2),
        ];
        let clusters = average_link(6, &edges, 0.45);
        assert_eq!(clusters, [vec![0, 1], vec![2, 3], vec![4], vec![5]]);
        let (joined, attached) = attach_lone(clusters.clone(), &edges, 0.2);
        assert_eq!(joined, [vec![0, 1], vec![2, 3, 4], vec![5]]);
        assert_eq!(attached, [4]);
        // Two lone nodes joining one group are each judged against the
        // group as it was: neither dilutes the other's average.
        let pair = [
            (0, 1, 0.9),
            (2, 0, 0.3),
            (2, 1, 0.3),
            (3, 0, 0.3),
            (3, 1, 0.3),
        ];
        let (both, attached) = attach_lone(average_link(4, &pair, 0.45), &pair, 0.3);
        assert_eq!(both, [vec![0, 1, 2, 3]]);
        assert_eq!(attached, [2, 3]);
        // Two lone nodes do not join each other.
        let (alone, none) = attach_lone(vec![vec![0], vec![1]], &[(0, 1, 0.9)], 0.2);
        assert_eq!(alone, [vec![0], vec![1]]);
        assert!(none.is_empty());
        // A negative pair with 3 (a veto) sends 4 to 0-1 instead, at 0.25.
        let mut vetoed = edges.to_vec();
        vetoed.retain(|&(a, b, _)| (a, b) != (4, 3));
        vetoed.push((4, 3, -1.0));
        let (joined, _) = attach_lone(clusters, &vetoed, 0.2);
        assert_eq!(joined, [vec![0, 1, 4], vec![2, 3], vec![5]]);
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
