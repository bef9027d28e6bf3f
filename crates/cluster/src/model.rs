//! The pair model: how likely two documents report one event, from their
//! pairwise features ([`crate::FEATURE_NAMES`]).
//!
//! It is a small ensemble of gradient-boosted regression trees on the
//! logistic loss. Trees, not a weighted sum, because the features interact:
//! a shared title term says more when the bodies also agree, and publication
//! days apart matter only when the content is borderline. The trees are
//! fitted by [`fit`] (the command `train-events` of `storyline-eval` runs it
//! on the labelled development data) and ship as text in
//! `model/events.model`, so the build never depends on the training data.

use std::fmt::Write as _;

/// One node of a tree: a split on a feature, or a leaf's score.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// Go to `left` when `feature <= threshold`, else to `right`.
    Split {
        feature: usize,
        threshold: f32,
        left: usize,
        right: usize,
    },
    Leaf(f32),
}

/// A fitted model: a base score plus the sum of every tree's leaf, read as
/// log-odds.
#[derive(Debug, Clone, PartialEq)]
pub struct PairModel {
    features: usize,
    base: f32,
    trees: Vec<Vec<Node>>,
}

/// Settings of [`fit`].
#[derive(Debug, Clone)]
pub struct FitParams {
    pub trees: usize,
    pub depth: usize,
    pub learning_rate: f32,
    /// L2 penalty on leaf scores: keeps small leaves from fitting noise.
    pub lambda: f32,
    /// A split needs at least this much hessian (about, examples the model
    /// is unsure of) on each side.
    pub min_child_weight: f32,
    /// Candidate thresholds per feature (quantiles of the training data).
    pub bins: usize,
    /// Per feature, the direction the probability must move as it grows:
    /// `1` up, `-1` down, `0` free (missing entries are free). A cosine
    /// that rises should never make two reports less likely one event;
    /// saying so keeps the trees from fitting the training set's accidents.
    pub monotone: Vec<i8>,
}

impl Default for FitParams {
    fn default() -> Self {
        FitParams {
            trees: 100,
            depth: 3,
            learning_rate: 0.1,
            lambda: 1.0,
            min_child_weight: 1.0,
            bins: 64,
            monotone: Vec::new(),
        }
    }
}

impl PairModel {
    /// The probability that a pair with these features is one event.
    pub fn probability(&self, features: &[f32]) -> f32 {
        let score = self
            .trees
            .iter()
            .fold(self.base, |score, tree| score + leaf_value(tree, features));
        1.0 / (1.0 + (-score).exp())
    }

    /// The model as text: a header line `pair-model FEATURES BASE`, then per
    /// tree a line `tree N` and its N nodes, `split FEATURE THRESHOLD LEFT
    /// RIGHT` or `leaf VALUE`. Floats are written so that they read back
    /// exactly.
    pub fn to_text(&self) -> String {
        let mut out = format!("pair-model {} {:?}\n", self.features, self.base);
        for tree in &self.trees {
            let _ = writeln!(out, "tree {}", tree.len());
            for node in tree {
                let _ = match node {
                    Node::Split {
                        feature,
                        threshold,
                        left,
                        right,
                    } => writeln!(out, "split {feature} {threshold:?} {left} {right}"),
                    Node::Leaf(v) => writeln!(out, "leaf {v:?}"),
                };
            }
        }
        out
    }

    /// Reads [`PairModel::to_text`]'s format, checking that every node
    /// refers to a feature and nodes that exist.
    pub fn from_text(text: &str) -> Result<PairModel, String> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let bad = |n: usize, what: &str| format!("line {}: {what}", n + 1);
        let (n, header) = lines.next().ok_or("empty model")?;
        let header: Vec<&str> = header.split_whitespace().collect();
        let (features, base) = match header.as_slice() {
            ["pair-model", f, b] => (
                f.parse::<usize>().map_err(|_| bad(n, "feature count"))?,
                b.parse::<f32>().map_err(|_| bad(n, "base score"))?,
            ),
            _ => return Err(bad(n, "expected `pair-model FEATURES BASE`")),
        };
        let mut trees = Vec::new();
        while let Some((n, line)) = lines.next() {
            let size = match line.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["tree", size] => size.parse::<usize>().map_err(|_| bad(n, "tree size"))?,
                _ => return Err(bad(n, "expected `tree N`")),
            };
            let mut tree = Vec::with_capacity(size);
            for _ in 0..size {
                let (n, line) = lines.next().ok_or("a tree ends early")?;
                let parts: Vec<&str> = line.split_whitespace().collect();
                let node = match parts.as_slice() {
                    ["split", f, t, l, r] => {
                        let node = Node::Split {
                            feature: f.parse().map_err(|_| bad(n, "feature"))?,
                            threshold: t.parse().map_err(|_| bad(n, "threshold"))?,
                            left: l.parse().map_err(|_| bad(n, "left"))?,
                            right: r.parse().map_err(|_| bad(n, "right"))?,
                        };
                        if let Node::Split {
                            feature,
                            left,
                            right,
                            ..
                        } = node
                            && (feature >= features || left >= size || right >= size)
                        {
                            return Err(bad(n, "split refers to nothing"));
                        }
                        node
                    }
                    ["leaf", v] => Node::Leaf(v.parse().map_err(|_| bad(n, "leaf value"))?),
                    _ => return Err(bad(n, "expected `split` or `leaf`")),
                };
                tree.push(node);
            }
            // Children come after their parent, so walking never loops.
            for (i, node) in tree.iter().enumerate() {
                if let Node::Split { left, right, .. } = node
                    && (*left <= i || *right <= i)
                {
                    return Err(format!("tree {}: a child before its parent", trees.len()));
                }
            }
            trees.push(tree);
        }
        Ok(PairModel {
            features,
            base,
            trees,
        })
    }

    pub fn feature_count(&self) -> usize {
        self.features
    }
}

/// Fits a model to `samples` (rows of features) labelled same event
/// (`true`) or not.
pub fn fit(samples: &[Vec<f32>], labels: &[bool], params: &FitParams) -> PairModel {
    assert_eq!(samples.len(), labels.len());
    let features = samples.first().map_or(0, Vec::len);
    let positives = labels.iter().filter(|&&l| l).count() as f32;
    let share = ((positives + 0.5) / (labels.len() as f32 + 1.0)).clamp(1e-4, 1.0 - 1e-4);
    let base = (share / (1.0 - share)).ln();
    // Each feature's candidate thresholds and each sample's bin under them.
    let edges: Vec<Vec<f32>> = (0..features)
        .map(|f| quantile_edges(samples.iter().map(|s| s[f]), params.bins))
        .collect();
    let binned: Vec<Vec<u8>> = samples
        .iter()
        .map(|s| {
            (0..features)
                .map(|f| edges[f].partition_point(|&e| e < s[f]) as u8)
                .collect()
        })
        .collect();
    let mut scores = vec![base; samples.len()];
    let mut trees = Vec::with_capacity(params.trees);
    for _ in 0..params.trees {
        let (gradients, hessians): (Vec<f32>, Vec<f32>) = scores
            .iter()
            .zip(labels)
            .map(|(&s, &y)| {
                let p = 1.0 / (1.0 + (-s).exp());
                (p - f32::from(u8::from(y)), (p * (1.0 - p)).max(1e-6))
            })
            .unzip();
        let grower = Grower {
            binned: &binned,
            edges: &edges,
            gradients: &gradients,
            hessians: &hessians,
            params,
        };
        let mut tree = Vec::new();
        let all: Vec<usize> = (0..samples.len()).collect();
        grower.grow(&mut tree, all, 0, (f64::NEG_INFINITY, f64::INFINITY));
        for (score, sample) in scores.iter_mut().zip(samples) {
            *score += leaf_value(&tree, sample);
        }
        trees.push(tree);
    }
    PairModel {
        features,
        base,
        trees,
    }
}

/// The score of the leaf `sample` falls in.
fn leaf_value(tree: &[Node], sample: &[f32]) -> f32 {
    let mut at = 0;
    loop {
        match tree[at] {
            Node::Split {
                feature,
                threshold,
                left,
                right,
            } => {
                at = if sample[feature] <= threshold {
                    left
                } else {
                    right
                }
            }
            Node::Leaf(v) => return v,
        }
    }
}

/// Up to `bins - 1` distinct thresholds at the quantiles of `values`.
fn quantile_edges(values: impl Iterator<Item = f32>, bins: usize) -> Vec<f32> {
    let mut sorted: Vec<f32> = values.filter(|v| v.is_finite()).collect();
    sorted.sort_by(f32::total_cmp);
    let mut edges: Vec<f32> = (1..bins)
        .map(|q| sorted.get(q * sorted.len() / bins).copied().unwrap_or(0.0))
        .collect();
    edges.dedup();
    edges.truncate(u8::MAX as usize);
    edges
}

struct Grower<'a> {
    binned: &'a [Vec<u8>],
    edges: &'a [Vec<f32>],
    gradients: &'a [f32],
    hessians: &'a [f32],
    params: &'a FitParams,
}

impl Grower<'_> {
    fn direction(&self, feature: usize) -> i8 {
        self.params.monotone.get(feature).copied().unwrap_or(0)
    }

    /// The leaf weight of gradient sum `g` and hessian sum `h`, within
    /// `bounds` (which monotone splits above set).
    fn weight(&self, g: f64, h: f64, bounds: (f64, f64)) -> f64 {
        (-g / (h + f64::from(self.params.lambda))).clamp(bounds.0, bounds.1)
    }

    /// Appends the subtree for `rows` to `tree`; returns its root's index.
    /// Its leaves' weights stay within `bounds`.
    fn grow(
        &self,
        tree: &mut Vec<Node>,
        rows: Vec<usize>,
        depth: usize,
        bounds: (f64, f64),
    ) -> usize {
        let at = tree.len();
        let (g, h) = rows.iter().fold((0.0f64, 0.0f64), |(g, h), &r| {
            (
                g + f64::from(self.gradients[r]),
                h + f64::from(self.hessians[r]),
            )
        });
        let leaf = Node::Leaf(self.weight(g, h, bounds) as f32 * self.params.learning_rate);
        tree.push(leaf);
        if depth >= self.params.depth {
            return at;
        }
        let Some((feature, bin, (wl, wr))) = self.best_split(&rows, g, h, bounds) else {
            return at;
        };
        let (left_rows, right_rows): (Vec<usize>, Vec<usize>) = rows
            .into_iter()
            .partition(|&r| self.binned[r][feature] as usize <= bin);
        // Below a monotone split, the left side's leaves stay at or under
        // the midpoint of the two weights and the right side's at or over
        // it (or the reverse), so no deeper split can undo the order.
        let mid = (wl + wr) / 2.0;
        let (left_bounds, right_bounds) = match self.direction(feature) {
            1 => ((bounds.0, mid.min(bounds.1)), (mid.max(bounds.0), bounds.1)),
            -1 => ((mid.max(bounds.0), bounds.1), (bounds.0, mid.min(bounds.1))),
            _ => (bounds, bounds),
        };
        let left = self.grow(tree, left_rows, depth + 1, left_bounds);
        let right = self.grow(tree, right_rows, depth + 1, right_bounds);
        tree[at] = Node::Split {
            feature,
            threshold: self.edges[feature][bin],
            left,
            right,
        };
        at
    }

    /// The split with the largest gain: rows with bin `<= bin` go left.
    /// Also gives the two sides' weights.
    fn best_split(
        &self,
        rows: &[usize],
        g: f64,
        h: f64,
        bounds: (f64, f64),
    ) -> Option<(usize, usize, (f64, f64))> {
        let lambda = f64::from(self.params.lambda);
        let min_weight = f64::from(self.params.min_child_weight);
        // Twice the loss a weight `w` saves on gradient `g`, hessian `h`
        // (`g² / (h + λ)` at the unbounded optimum).
        let saved = |g: f64, h: f64, w: f64| -2.0 * g * w - (h + lambda) * w * w;
        let parent = saved(g, h, self.weight(g, h, bounds));
        let mut best: Option<(f64, usize, usize, (f64, f64))> = None;
        for (feature, edges) in self.edges.iter().enumerate() {
            let mut histogram = vec![(0.0f64, 0.0f64); edges.len() + 1];
            for &r in rows {
                let slot = &mut histogram[self.binned[r][feature] as usize];
                slot.0 += f64::from(self.gradients[r]);
                slot.1 += f64::from(self.hessians[r]);
            }
            let (mut gl, mut hl) = (0.0, 0.0);
            // The last bin has no threshold above it: nothing to split at.
            for (bin, &(gb, hb)) in histogram.iter().enumerate().take(edges.len()) {
                gl += gb;
                hl += hb;
                let (gr, hr) = (g - gl, h - hl);
                if hl < min_weight || hr < min_weight {
                    continue;
                }
                let (wl, wr) = (self.weight(gl, hl, bounds), self.weight(gr, hr, bounds));
                let ordered = match self.direction(feature) {
                    1 => wl <= wr,
                    -1 => wl >= wr,
                    _ => true,
                };
                if !ordered {
                    continue;
                }
                let gain = saved(gl, hl, wl) + saved(gr, hr, wr) - parent;
                if gain > 1e-9 && best.is_none_or(|(b, ..)| gain > b) {
                    best = Some((gain, feature, bin, (wl, wr)));
                }
            }
        }
        best.map(|(_, f, b, w)| (f, b, w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points labelled by an interaction (both features high): a weighted
    /// sum cannot separate them, trees can.
    fn interaction_data() -> (Vec<Vec<f32>>, Vec<bool>) {
        let mut samples = Vec::new();
        let mut labels = Vec::new();
        for i in 0..20 {
            for j in 0..20 {
                let (x, y) = (i as f32 / 20.0, j as f32 / 20.0);
                samples.push(vec![x, y]);
                labels.push(x > 0.5 && y > 0.5);
            }
        }
        (samples, labels)
    }

    #[test]
    fn learns_an_interaction() {
        let (samples, labels) = interaction_data();
        let model = fit(&samples, &labels, &FitParams::default());
        let errors = samples
            .iter()
            .zip(&labels)
            .filter(|(s, l)| (model.probability(s) > 0.5) != **l)
            .count();
        assert_eq!(errors, 0);
        assert!(model.probability(&[0.9, 0.9]) > 0.9);
        assert!(model.probability(&[0.9, 0.1]) < 0.1);
    }

    #[test]
    fn a_monotone_feature_never_lowers_the_probability() {
        // Rising x means "same" except for a band of contrary labels, which
        // a free model learns and a monotone one must not.
        let mut samples = Vec::new();
        let mut labels = Vec::new();
        for i in 0..400 {
            let x = i as f32 / 400.0;
            let y = (i % 7) as f32 / 7.0;
            samples.push(vec![x, y]);
            labels.push((x > 0.3) != (0.6..0.7).contains(&x));
        }
        let grid = |model: &PairModel, y: f32| -> Vec<f32> {
            (0..100)
                .map(|i| model.probability(&[i as f32 / 100.0, y]))
                .collect()
        };
        let free = fit(&samples, &labels, &FitParams::default());
        assert!(
            grid(&free, 0.5).windows(2).any(|w| w[1] < w[0] - 0.1),
            "the free model follows the band"
        );
        let params = FitParams {
            monotone: vec![1, 0],
            ..FitParams::default()
        };
        let monotone = fit(&samples, &labels, &params);
        for y in [0.0, 0.3, 0.9] {
            let probabilities = grid(&monotone, y);
            assert!(
                probabilities.windows(2).all(|w| w[1] >= w[0]),
                "{probabilities:?}"
            );
            assert!(probabilities[90] > 0.5 && probabilities[10] < 0.5);
        }
    }

    #[test]
    fn text_form_round_trips_exactly() {
        let (samples, labels) = interaction_data();
        let params = FitParams {
            trees: 5,
            ..FitParams::default()
        };
        let model = fit(&samples, &labels, &params);
        let back = PairModel::from_text(&model.to_text()).unwrap();
        assert_eq!(back, model);
    }

    #[test]
    fn malformed_models_are_refused() {
        for text in [
            "",
            "pair-model x 0.0",
            "pair-model 2 0.0\ntree 1\nsplit 5 0.5 1 2",
            "pair-model 2 0.0\ntree 3\nsplit 0 0.5 0 2\nleaf 1\nleaf 2",
            "pair-model 2 0.0\ntree 2\nleaf 1.0",
        ] {
            assert!(PairModel::from_text(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn shipped_model_reads() {
        let model = PairModel::from_text(crate::SHIPPED_MODEL).unwrap();
        assert_eq!(model.feature_count(), crate::FEATURE_NAMES.len());
    }

    /// Along every feature with a direction, from many starting points, the
    /// shipped model's probability moves only that way.
    #[test]
    fn shipped_model_keeps_its_feature_directions() {
        let model = crate::shipped_model();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as f32 / (1u64 << 24) as f32
        };
        for _ in 0..300 {
            let base: Vec<f32> = (0..model.feature_count()).map(|_| next()).collect();
            for (feature, &direction) in crate::FEATURE_DIRECTIONS.iter().enumerate() {
                if direction == 0 {
                    continue;
                }
                let mut sample = base.clone();
                let mut last: Option<f32> = None;
                for step in 0..=50 {
                    // Cosines run 0–1; ln(1 + days) up to about 4.
                    sample[feature] = step as f32 / 50.0
                        * if crate::FEATURE_NAMES[feature] == "days_apart" {
                            4.0
                        } else {
                            1.0
                        };
                    let p = model.probability(&sample);
                    if let Some(last) = last {
                        let moved = (p - last) * f32::from(direction);
                        assert!(moved >= -1e-6, "feature {feature} at {sample:?}");
                    }
                    last = Some(p);
                }
            }
        }
    }
}
