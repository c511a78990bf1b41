//! Item-to-item linear models fitted in closed form from co-occurrence counts.
//!
//! * [`ease`]: EASE (Steck 2019), the reference of shared/EVAL.md: ridge
//!   regression of every item on all the others, solved densely. Only for
//!   small catalogues (its memory is items², its time items³).
//! * [`fit_neighbourhood`]: the bounded form a till can afford: each item is
//!   regressed, with an intercept, only on its `neighbours` most co-occurring
//!   items, and every item keeps at most `max_weights` outgoing weights. It
//!   needs only count(a), count(a, b) and the number of baskets, so a rules
//!   table with one-item antecedents (mined here or by Spark) feeds it
//!   ([`PairCounts::from_rule_index`]).
//!
//! Both score a cart the same way: `score(c) = bias(c) + Σ_{a in cart} w(a, c)`
//! ([`ItemWeights::score`]). docs/mining.md has the measurements.

use super::baskets::Baskets;
use super::itemsets::mine_itemsets;
use super::rank::RuleIndex;

/// Largest catalogue [`ease`] agrees to solve densely (a 32 MB matrix,
/// seconds of work).
pub const MAX_DENSE_ITEMS: usize = 2_000;

/// Fitted item-to-item weights: `score(c) = bias[c] + Σ_{a in cart} w(a, c)`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemWeights {
    /// Intercept of each item (all 0 for EASE).
    pub bias: Vec<f64>,
    /// For each antecedent item `a`: `(c, w(a, c))`, ascending `c`.
    pub weights: Vec<Vec<(u32, f64)>>,
}

impl ItemWeights {
    /// Scores every item for `cart` (ids outside the model are ignored):
    /// the bias plus the weights from each cart item. Items scoring exactly
    /// 0 are left out; the caller drops the cart and non-positive scores.
    pub fn score(&self, cart: &[u32]) -> Vec<(u32, f64)> {
        let mut acc = self.bias.clone();
        for &a in cart {
            for &(c, w) in self.weights.get(a as usize).map_or(&[][..], Vec::as_slice) {
                if let Some(slot) = acc.get_mut(c as usize) {
                    *slot += w;
                }
            }
        }
        acc.into_iter()
            .enumerate()
            .filter(|&(_, s)| s != 0.0 && s.is_finite())
            .map(|(c, s)| (c as u32, s))
            .collect()
    }

    /// The most weights any one item holds as antecedent.
    pub fn max_out(&self) -> usize {
        self.weights.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The most weights pointing at any one item.
    pub fn max_in(&self) -> usize {
        let mut incoming = vec![0usize; self.bias.len()];
        for row in &self.weights {
            for &(c, _) in row {
                if let Some(n) = incoming.get_mut(c as usize) {
                    *n += 1;
                }
            }
        }
        incoming.into_iter().max().unwrap_or(0)
    }

    /// Number of stored weights.
    pub fn len(&self) -> usize {
        self.weights.iter().map(Vec::len).sum()
    }

    /// True when no weight is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// EASE with penalty `lambda`: `B = I − P / diag(P)`, `P = (XᵀX + λI)⁻¹`,
/// zero diagonal, no bias. `None` when the catalogue has more than
/// [`MAX_DENSE_ITEMS`] items or the system cannot be solved (λ ≤ 0 on
/// degenerate data).
pub fn ease(train: &Baskets, lambda: f64) -> Option<ItemWeights> {
    let n = train.labels.len();
    if n > MAX_DENSE_ITEMS || !(lambda.is_finite() && lambda >= 0.0) {
        return None;
    }
    let mut g = vec![0f64; n * n];
    for basket in &train.baskets {
        for &x in basket {
            for &y in basket {
                g[x as usize * n + y as usize] += 1.0;
            }
        }
    }
    for i in 0..n {
        g[i * n + i] += lambda;
    }
    // P = (G + λI)⁻¹.
    if !invert_spd(&mut g, n) {
        return None;
    }
    let p = g;
    let weights = (0..n)
        .map(|a| {
            (0..n)
                .filter(|&c| c != a)
                .map(|c| (c as u32, -p[a * n + c] / p[c * n + c]))
                .filter(|&(_, w)| w != 0.0 && w.is_finite())
                .collect()
        })
        .collect();
    Some(ItemWeights { bias: vec![0.0; n], weights })
}

/// The counts [`fit_neighbourhood`] needs: number of baskets, count(a) and
/// count(a, b) for the pairs that were counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairCounts {
    pub n_baskets: f64,
    /// count(a) by item id.
    pub counts: Vec<u32>,
    /// For each item `a`: `(b, count(a, b))`, ascending `b`, both directions.
    pub pairs: Vec<Vec<(u32, u32)>>,
}

impl PairCounts {
    /// Counts of `baskets`, keeping pairs seen in at least `min_count`
    /// baskets.
    pub fn from_baskets(baskets: &Baskets, min_count: u32) -> PairCounts {
        let counts = baskets.item_counts();
        let mut pairs: Vec<Vec<(u32, u32)>> = vec![Vec::new(); counts.len()];
        mine_itemsets(baskets, min_count.max(1), 2, &mut |_, _| {}).for_each(|ids, c| {
            if let [x, y] = *ids {
                pairs[x as usize].push((y, c));
                pairs[y as usize].push((x, c));
            }
        });
        for row in &mut pairs {
            row.sort_unstable();
        }
        PairCounts { n_baskets: baskets.len() as f64, counts, pairs }
    }

    /// Counts read back from a rules table: every rule `{a} => {c}` gives
    /// count(a, c), count(a) and count(c); the number of baskets is the
    /// index's. Pairs the table lacks (below its minimum support) count 0.
    pub fn from_rule_index(index: &RuleIndex) -> PairCounts {
        let n_items = index.n_items();
        let mut counts: Vec<u32> = (0..n_items as u32).map(|i| index.item_count(i)).collect();
        let mut pairs: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n_items];
        for a in 0..n_items as u32 {
            let Some((count_a, list)) = index.lookup(&[a]) else { continue };
            counts[a as usize] = counts[a as usize].max(count_a);
            for c in list {
                pairs[a as usize].push((c.item, c.count));
            }
        }
        // Keep both directions even when only one rule survived a threshold.
        for a in 0..n_items {
            for k in 0..pairs[a].len() {
                let (c, count) = pairs[a][k];
                let row = &mut pairs[c as usize];
                if row.binary_search_by_key(&(a as u32), |p| p.0).is_err() {
                    row.push((a as u32, count));
                    row.sort_unstable();
                }
            }
        }
        PairCounts { n_baskets: index.n_baskets(), counts, pairs }
    }

    fn pair(&self, a: u32, b: u32) -> f64 {
        let row = self.pairs.get(a as usize).map_or(&[][..], Vec::as_slice);
        row.binary_search_by_key(&b, |p| p.0).map_or(0.0, |k| f64::from(row[k].1))
    }
}

/// How [`fit_neighbourhood`] fits; the defaults were chosen by 5-fold
/// cross-validation inside the TRAIN lines of Groceries (docs/mining.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeighbourParams {
    /// Items each item is regressed on: its most co-occurring ones.
    pub neighbours: usize,
    /// Ridge penalty per basket: λ = `lambda_per_basket` × baskets, so
    /// doubling the history does not change the model.
    pub lambda_per_basket: f64,
    /// Outgoing weights kept per item (the largest in absolute value).
    pub max_weights: usize,
}

impl Default for NeighbourParams {
    fn default() -> Self {
        NeighbourParams { neighbours: 50, lambda_per_basket: 0.015, max_weights: 50 }
    }
}

/// Fits, for every item `c`, `x_c ≈ bias(c) + Σ_{a in N(c)} w(a, c) x_a` by
/// ridge regression (the intercept unpenalised) over the baskets, where
/// `N(c)` are the `neighbours` items most often bought with `c` (ties by id).
/// Then each item keeps its `max_weights` largest outgoing weights. Memory:
/// at most `max_weights` weights per item; time: one small solve per item.
pub fn fit_neighbourhood(pc: &PairCounts, params: &NeighbourParams) -> ItemWeights {
    let n_items = pc.counts.len();
    let lambda = (params.lambda_per_basket * pc.n_baskets).max(0.0);
    let mut weights: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n_items];
    let mut bias = vec![0f64; n_items];
    let mut nbr: Vec<(u32, u32)> = Vec::new();
    let mut a_mat: Vec<f64> = Vec::new();
    let mut b_vec: Vec<f64> = Vec::new();
    for (c, (row, &count)) in pc.pairs.iter().zip(&pc.counts).enumerate() {
        nbr.clear();
        nbr.extend(row.iter().copied().filter(|&(a, k)| a as usize != c && (a as usize) < n_items && k > 0));
        nbr.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        nbr.truncate(params.neighbours);
        let m = nbr.len();
        let count_c = f64::from(count);
        if m == 0 {
            bias[c] = count_c / pc.n_baskets.max(1.0);
            continue;
        }
        // Unknowns: the m neighbour weights, then the intercept.
        let dim = m + 1;
        a_mat.clear();
        a_mat.resize(dim * dim, 0.0);
        b_vec.clear();
        b_vec.resize(dim, 0.0);
        for i in 0..m {
            let x = nbr[i].0;
            let count_x = f64::from(pc.counts[x as usize]);
            a_mat[i * dim + i] = count_x + lambda;
            for j in 0..i {
                let v = pc.pair(x, nbr[j].0);
                a_mat[i * dim + j] = v;
                a_mat[j * dim + i] = v;
            }
            a_mat[i * dim + m] = count_x;
            a_mat[m * dim + i] = count_x;
            b_vec[i] = f64::from(nbr[i].1);
        }
        a_mat[m * dim + m] = pc.n_baskets;
        b_vec[m] = count_c;
        if cholesky_solve(&mut a_mat, dim, &mut b_vec) {
            for (i, &(a, _)) in nbr.iter().enumerate() {
                if b_vec[i] != 0.0 && b_vec[i].is_finite() {
                    weights[a as usize].push((c as u32, b_vec[i]));
                }
            }
            bias[c] = if b_vec[m].is_finite() { b_vec[m] } else { 0.0 };
        }
    }
    for row in &mut weights {
        if row.len() > params.max_weights {
            row.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(&y.0)));
            row.truncate(params.max_weights);
        }
        row.sort_unstable_by_key(|p| p.0);
    }
    ItemWeights { bias, weights }
}

/// Inverts the symmetric positive definite row-major `n × n` matrix `a` in
/// place by Gauss–Jordan elimination without pivoting (its pivots stay
/// positive); false when a pivot is not. Row operations only, so it runs at
/// memory speed: a few seconds for 1,500 items.
fn invert_spd(a: &mut [f64], n: usize) -> bool {
    let mut pivot_row = vec![0f64; n];
    for k in 0..n {
        let pivot = a[k * n + k];
        if !(pivot > 0.0 && pivot.is_finite()) {
            return false;
        }
        a[k * n + k] = 1.0;
        for x in &mut a[k * n..(k + 1) * n] {
            *x /= pivot;
        }
        pivot_row.copy_from_slice(&a[k * n..(k + 1) * n]);
        for (i, row) in a.chunks_exact_mut(n).enumerate() {
            if i == k {
                continue;
            }
            let f = row[k];
            if f == 0.0 {
                continue;
            }
            row[k] = 0.0;
            for (x, &p) in row.iter_mut().zip(&pivot_row) {
                *x -= f * p;
            }
        }
    }
    true
}

/// In-place Cholesky factorisation of the symmetric positive definite
/// row-major `n × n` matrix `a` (lower triangle); false when it is not.
fn cholesky(a: &mut [f64], n: usize) -> bool {
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        if !(d > 0.0 && d.is_finite()) {
            return false;
        }
        let d = d.sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
    }
    true
}

/// Solves `a x = b` for a symmetric positive definite `a` (row-major `n`×`n`,
/// overwritten by its factor), leaving `x` in `b`; `false` when `a` is not
/// positive definite.
pub fn cholesky_solve(a: &mut [f64], n: usize, b: &mut [f64]) -> bool {
    if !cholesky(a, n) {
        return false;
    }
    solve_factored(a, n, b);
    true
}

/// Solves `L Lᵀ x = b` in place with the factor from [`cholesky`].
fn solve_factored(l: &[f64], n: usize, b: &mut [f64]) {
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= l[i * n + k] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= l[k * n + i] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mining::testing::groceries;
    use crate::mining::{MineParams, mine_rules};

    #[test]
    fn inversion_inverts() {
        // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8.
        let mut a = vec![4.0, 2.0, 2.0, 3.0];
        assert!(invert_spd(&mut a, 2));
        let want = [0.375, -0.25, -0.25, 0.5];
        assert!(a.iter().zip(want).all(|(x, w)| (x - w).abs() < 1e-12), "{a:?}");
        assert!(!invert_spd(&mut [0.0, 1.0, 1.0, 0.0], 2));
    }

    #[test]
    fn solver_solves_a_small_system() {
        // [[4, 2], [2, 3]] x = [2, 1] → x = [0.5, 0].
        let mut a = vec![4.0, 2.0, 2.0, 3.0];
        assert!(cholesky(&mut a, 2));
        let mut b = vec![2.0, 1.0];
        solve_factored(&a, 2, &mut b);
        assert!((b[0] - 0.5).abs() < 1e-12 && b[1].abs() < 1e-12, "{b:?}");
        assert!(!cholesky(&mut [0.0, 1.0, 1.0, 0.0], 2));
    }

    #[test]
    fn the_rules_table_feeds_the_same_model_as_the_baskets() {
        let b = groceries();
        let params = MineParams {
            min_support: 1.5 / b.len() as f64,
            min_confidence: 0.0,
            min_lift: 0.0,
            max_antecedent: 1,
        };
        let index = RuleIndex::new(&mine_rules(&b, &params, &mut |_, _| {}));
        let from_rules = PairCounts::from_rule_index(&index);
        let from_baskets = PairCounts::from_baskets(&b, 2);
        assert_eq!(from_rules.n_baskets, from_baskets.n_baskets);
        assert!(from_rules.pairs == from_baskets.pairs[..from_rules.pairs.len()], "pair counts differ");
        // The table knows count(a) of every item with a rule; the others
        // have no neighbour and fall back to their base rate.
        let with_pairs: Vec<usize> =
            (0..from_rules.pairs.len()).filter(|&a| !from_rules.pairs[a].is_empty()).collect();
        assert!(with_pairs.len() > 150);
        assert!(with_pairs.iter().all(|&a| from_rules.counts[a] == from_baskets.counts[a]));
        let p = NeighbourParams::default();
        let (r, s) = (fit_neighbourhood(&from_rules, &p), fit_neighbourhood(&from_baskets, &p));
        assert!(r.weights == s.weights[..r.weights.len()], "weights differ");
        assert!(with_pairs.iter().all(|&a| r.bias[a] == s.bias[a]));
    }

    #[test]
    fn every_item_holds_at_most_the_bound() {
        let b = groceries();
        for (neighbours, max_weights) in [(50, 50), (10, 5)] {
            let p = NeighbourParams { neighbours, max_weights, ..NeighbourParams::default() };
            let w = fit_neighbourhood(&PairCounts::from_baskets(&b, 1), &p);
            assert!(w.max_out() <= max_weights && w.max_in() <= neighbours, "{} {}", w.max_out(), w.max_in());
            // The bound binds: without it whole milk would keep far more.
            assert_eq!(w.max_out(), max_weights);
        }
        assert!(ease(&b, 200.0).is_some_and(|e| e.max_out() == b.labels.len() - 1));
    }

    #[test]
    fn degenerate_input_does_not_panic() {
        let empty = Baskets::default();
        assert!(
            fit_neighbourhood(&PairCounts::from_baskets(&empty, 1), &NeighbourParams::default()).is_empty()
        );
        assert!(ease(&empty, 200.0).is_some_and(|e| e.is_empty()));
        let one = Baskets::parse(b"a\na\nb\n").expect("parses");
        let w = fit_neighbourhood(&PairCounts::from_baskets(&one, 1), &NeighbourParams::default());
        assert_eq!(w.score(&[0, 9]), vec![(0, 2.0 / 3.0), (1, 1.0 / 3.0)]);
        assert!(ease(&one, -1.0).is_none());
        let zero = NeighbourParams { neighbours: 0, lambda_per_basket: f64::NAN, max_weights: 0 };
        assert!(fit_neighbourhood(&PairCounts::from_baskets(&groceries(), 1), &zero).is_empty());
    }
}
