//! A linear ranker and its trainer: conditional logistic regression (a softmax over the
//! candidates of one group, such as the sentences of one document or the categories of one
//! incident), fitted by full-batch gradient descent (Adam) with an L2 penalty.

/// One group: candidates' feature vectors, and which of them are right.
#[derive(Debug, Clone, Default)]
pub struct Group {
    /// The feature vector of each candidate.
    pub x: Vec<Vec<f32>>,
    /// Whether each candidate is right, in the order of `x`.
    pub positive: Vec<bool>,
}

impl Group {
    /// A group teaches something only when some, but not all, candidates are right.
    pub fn informative(&self) -> bool {
        self.positive.iter().any(|p| *p) && self.positive.iter().any(|p| !*p)
    }
}

/// How the ranker is fitted.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// The L2 penalty on the weights.
    pub l2: f64,
    /// Gradient-descent steps.
    pub iterations: usize,
    /// Adam's step size.
    pub learning_rate: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            l2: 0.02,
            iterations: 1500,
            learning_rate: 0.05,
        }
    }
}

/// A candidate's score: weights times features.
pub(crate) fn dot(w: &[f64], x: &[f32]) -> f64 {
    w.iter().zip(x).map(|(a, b)| a * f64::from(*b)).sum()
}

/// Softmax of scores (stable for any range).
pub fn softmax(scores: &[f64]) -> Vec<f64> {
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.into_iter().map(|e| e / sum).collect()
}

/// Weights that make the right candidates of each group likely: maximises the sum over groups
/// of log P(some right candidate), minus `l2` times the squared weights.
pub fn train(groups: &[Group], dims: usize, opts: TrainOptions) -> Vec<f64> {
    let groups: Vec<&Group> = groups.iter().filter(|g| g.informative()).collect();
    let mut w = vec![0.0; dims];
    let (mut m, mut v) = (vec![0.0; dims], vec![0.0; dims]);
    let (b1, b2, eps) = (0.9, 0.999, 1e-8);
    let n = groups.len().max(1) as f64;
    for t in 1..=opts.iterations {
        let mut grad: Vec<f64> = w.iter().map(|wi| 2.0 * opts.l2 * wi).collect();
        for g in &groups {
            add_group_gradient(&w, g, n, &mut grad);
        }
        for i in 0..dims {
            m[i] = b1 * m[i] + (1.0 - b1) * grad[i];
            v[i] = b2 * v[i] + (1.0 - b2) * grad[i] * grad[i];
            let mh = m[i] / (1.0 - b1.powi(t as i32));
            let vh = v[i] / (1.0 - b2.powi(t as i32));
            w[i] -= opts.learning_rate * mh / (vh.sqrt() + eps);
        }
    }
    w
}

/// Gradient of -log P(right | group) / n: each candidate pulls by its probability minus its
/// share of the probability of the right ones.
fn add_group_gradient(w: &[f64], g: &Group, n: f64, grad: &mut [f64]) {
    let p = softmax(&g.x.iter().map(|x| dot(w, x)).collect::<Vec<_>>());
    let right: f64 = p
        .iter()
        .zip(&g.positive)
        .filter(|(_, r)| **r)
        .map(|(p, _)| p)
        .sum();
    for ((x, pi), r) in g.x.iter().zip(&p).zip(&g.positive) {
        let q = if *r { pi / right.max(1e-300) } else { 0.0 };
        let c = (pi - q) / n;
        for (gi, xi) in grad.iter_mut().zip(x) {
            *gi += c * f64::from(*xi);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_which_feature_marks_the_right_candidate() {
        // Feature 0 marks the right one; feature 1 is noise present everywhere.
        let groups: Vec<Group> = (0..20)
            .map(|k| Group {
                x: (0..4)
                    .map(|i| vec![f32::from(u8::from(i == k % 4)), 1.0])
                    .collect(),
                positive: (0..4).map(|i| i == k % 4).collect(),
            })
            .collect();
        let w = train(&groups, 2, TrainOptions::default());
        assert!(w[0] > 1.0, "{w:?}");
        let p = softmax(&[dot(&w, &[1.0, 1.0]), dot(&w, &[0.0, 1.0])]);
        assert!(p[0] > 0.8, "{p:?}");
    }

    #[test]
    fn softmax_is_stable() {
        let p = softmax(&[1000.0, 1000.0]);
        assert!((p[0] - 0.5).abs() < 1e-12);
    }
}
