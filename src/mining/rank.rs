//! Cross-sell ranking from stored association rules.
//!
//! At the till only the rules table (antecedent, consequent, count, support,
//! confidence, lift) is at hand; [`RuleIndex`] indexes it by antecedent and
//! [`score`] ranks candidate items for a cart. The eval (`eval.rs`) and the
//! app use the same two.

use super::baskets::FxMap;
use super::rules::Rule;

/// A consequent of one antecedent: item id and count(X ∪ {c}).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consequent {
    pub item: u32,
    pub count: u32,
}

#[derive(Debug, Clone, Copy)]
struct Group {
    antecedent_count: u32,
    start: u32,
    end: u32,
}

/// Rules indexed by antecedent set.
#[derive(Debug, Clone, Default)]
pub struct RuleIndex {
    n_baskets: f64,
    groups: FxMap<Box<[u32]>, Group>,
    consequents: Vec<Consequent>,
    /// count(c) by item id (0 when unknown).
    item_counts: Vec<u32>,
    /// Items that occur in some antecedent.
    in_antecedent: Vec<bool>,
    max_len: usize,
}

impl RuleIndex {
    /// Indexes `rules` (any order). The number of baskets is derived from
    /// the rule with the largest count (`count / support`, rounded); counts
    /// come from the rules' count fields.
    pub fn new(rules: &[Rule]) -> RuleIndex {
        let mut order: Vec<usize> = (0..rules.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&rules[a], &rules[b]);
            (&ra.antecedent, ra.consequent).cmp(&(&rb.antecedent, rb.consequent))
        });
        let mut index = RuleIndex::default();
        let mut best: Option<&Rule> = None;
        for &i in &order {
            let r = &rules[i];
            if r.antecedent.is_empty() || r.antecedent.contains(&r.consequent) {
                continue;
            }
            if best.is_none_or(|b| r.count > b.count) && r.support > 0.0 {
                best = Some(r);
            }
            let mut ante = r.antecedent.clone();
            ante.sort_unstable();
            ante.dedup();
            let max_id = ante.iter().copied().max().unwrap_or(0).max(r.consequent) as usize;
            if index.item_counts.len() <= max_id {
                index.item_counts.resize(max_id + 1, 0);
                index.in_antecedent.resize(max_id + 1, false);
            }
            index.item_counts[r.consequent as usize] = r.consequent_count;
            for &a in &ante {
                index.in_antecedent[a as usize] = true;
            }
            index.max_len = index.max_len.max(ante.len());
            let pos = index.consequents.len() as u32;
            let g = index
                .groups
                .entry(ante.into_boxed_slice())
                .or_insert(Group {
                    antecedent_count: r.antecedent_count,
                    start: pos,
                    end: pos,
                });
            // Rules sorted by antecedent arrive together; a repeated
            // antecedent elsewhere (unsorted ids) is ignored.
            if g.end == pos {
                g.end += 1;
                index.consequents.push(Consequent {
                    item: r.consequent,
                    count: r.count,
                });
            }
        }
        if let Some(b) = best {
            index.n_baskets = (f64::from(b.count) / b.support).round();
        }
        index
    }

    /// Number of baskets the rules were mined from (0 without rules).
    pub fn n_baskets(&self) -> f64 {
        self.n_baskets
    }

    /// count(c), as far as the rules tell (0 when unknown).
    pub fn item_count(&self, item: u32) -> u32 {
        self.item_counts.get(item as usize).copied().unwrap_or(0)
    }

    /// Number of distinct antecedents.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// True when there is no rule.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// count(X) and the consequents of antecedent `x` (sorted ids).
    pub fn lookup(&self, x: &[u32]) -> Option<(u32, &[Consequent])> {
        let g = self.groups.get(x)?;
        let list = self.consequents.get(g.start as usize..g.end as usize)?;
        Some((g.antecedent_count, list))
    }

    /// Calls `f(x, count(X), consequents)` for every antecedent `x` of at
    /// most `max_len` items that is a subset of `cart`.
    pub fn for_each_match(
        &self,
        cart: &[u32],
        max_len: usize,
        f: &mut dyn FnMut(&[u32], u32, &[Consequent]),
    ) {
        let mut items: Vec<u32> = cart
            .iter()
            .copied()
            .filter(|&a| self.in_antecedent.get(a as usize).copied().unwrap_or(false))
            .collect();
        items.sort_unstable();
        items.dedup();
        let max_len = max_len.min(self.max_len);
        let mut x: Vec<u32> = Vec::with_capacity(max_len);
        self.subsets(&items, 0, max_len, &mut x, f);
    }

    /// Depth-first over subsets of `items[from..]` extending `x`; a subset
    /// that is no antecedent is still extended only when its supersets could
    /// be (every subset of an antecedent mined without a confidence
    /// threshold is an antecedent too, but filtered rules break that, so
    /// this only prunes on length).
    fn subsets(
        &self,
        items: &[u32],
        from: usize,
        max_len: usize,
        x: &mut Vec<u32>,
        f: &mut dyn FnMut(&[u32], u32, &[Consequent]),
    ) {
        for i in from..items.len() {
            x.push(items[i]);
            if let Some((cx, list)) = self.lookup(x) {
                f(x, cx, list);
            }
            if x.len() < max_len {
                self.subsets(items, i + 1, max_len, x, f);
            }
            x.pop();
        }
    }
}

/// How [`score`] ranks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankParams {
    /// Longest antecedent used (and mined by the eval).
    pub max_antecedent: usize,
    /// m of the m-estimate smoothing toward the consequent's base rate.
    pub m: f64,
}

impl Default for RankParams {
    fn default() -> Self {
        RankParams {
            max_antecedent: 2,
            m: 10.0,
        }
    }
}

/// Scores the candidates for `cart`: items not in the cart that some rule
/// with an antecedent inside the cart points to, with a positive score.
pub fn score(cart: &[u32], index: &RuleIndex, params: &RankParams) -> Vec<(u32, f64)> {
    let n = index.n_baskets();
    if n <= 0.0 {
        return Vec::new();
    }
    let mut acc: FxMap<u32, f64> = FxMap::default();
    index.for_each_match(cart, params.max_antecedent, &mut |_x, cx, list| {
        for c in list {
            if cart.contains(&c.item) {
                continue;
            }
            let p = f64::from(index.item_count(c.item)) / n;
            let s = (f64::from(c.count) + params.m * p) / (f64::from(cx) + params.m);
            *acc.entry(c.item).or_insert(0.0) += s;
        }
    });
    acc.into_iter().filter(|&(_, s)| s > 0.0).collect()
}
