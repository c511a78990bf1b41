//! Cross-sell ranking from stored association rules.
//!
//! At the till only the rules table (antecedent, consequent, count, support,
//! confidence, lift) is at hand; [`RuleIndex`] indexes it by antecedent and
//! [`score`] ranks candidate items for a cart. The eval (`eval.rs`) and the
//! app use the same two.

use super::rules::Rule;

/// A consequent of one antecedent: item id and count(X ∪ {c}).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consequent {
    pub item: u32,
    pub count: u32,
}

/// A node of the antecedent trie: the antecedent spelled by the path from
/// the root, its children (ascending item) and, when it is an antecedent,
/// count(X) and its consequents `consequents[start..end]`.
#[derive(Debug, Clone, Default)]
struct TrieNode {
    children: Vec<(u32, u32)>,
    is_antecedent: bool,
    antecedent_count: u32,
    start: u32,
    end: u32,
}

/// Callback of [`RuleIndex::for_each_match`]: `(x, count(X), consequents)`.
pub type MatchFn<'a> = dyn FnMut(&[u32], u32, &[Consequent]) + 'a;

/// Rules indexed by antecedent set (a trie over ascending item ids).
#[derive(Debug, Clone)]
pub struct RuleIndex {
    n_baskets: f64,
    nodes: Vec<TrieNode>,
    consequents: Vec<Consequent>,
    /// count(c) by item id (0 when unknown).
    item_counts: Vec<u32>,
    n_antecedents: usize,
    max_len: usize,
    /// Whether the counts were counted (false for rules imported without
    /// counts or a basket total: the counts then only rank, never show).
    counted: bool,
}

impl Default for RuleIndex {
    fn default() -> Self {
        RuleIndex {
            n_baskets: 0.0,
            nodes: vec![TrieNode::default()],
            consequents: Vec::new(),
            item_counts: Vec::new(),
            n_antecedents: 0,
            max_len: 0,
            counted: true,
        }
    }
}

impl RuleIndex {
    /// Indexes `rules` (any order; antecedent ids in any order). The number
    /// of baskets is derived from the rule with the largest count
    /// (`count / support`, rounded); counts come from the rules' count
    /// fields. Rules with an empty antecedent, or whose consequent is in
    /// the antecedent, are skipped; of repeated rules the first is kept.
    pub fn new(rules: &[Rule]) -> RuleIndex {
        let mut keyed: Vec<(Vec<u32>, usize)> = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.antecedent.is_empty() && !r.antecedent.contains(&r.consequent))
            .map(|(i, r)| {
                let mut a = r.antecedent.clone();
                a.sort_unstable();
                a.dedup();
                (a, i)
            })
            .collect();
        keyed.sort_by(|a, b| (&a.0, rules[a.1].consequent, a.1).cmp(&(&b.0, rules[b.1].consequent, b.1)));
        let mut index = RuleIndex::default();
        let mut best: Option<&Rule> = None;
        let mut last: Option<(&[u32], u32)> = None;
        for (ante, i) in &keyed {
            let r = &rules[*i];
            if last == Some((ante.as_slice(), r.consequent)) {
                continue;
            }
            last = Some((ante.as_slice(), r.consequent));
            if best.is_none_or(|b| r.count > b.count) && r.support > 0.0 {
                best = Some(r);
            }
            let max_id = ante.iter().copied().max().unwrap_or(0).max(r.consequent) as usize;
            if index.item_counts.len() <= max_id {
                index.item_counts.resize(max_id + 1, 0);
            }
            index.item_counts[r.consequent as usize] = r.consequent_count;
            index.max_len = index.max_len.max(ante.len());
            let node = index.insert(ante);
            let pos = index.consequents.len() as u32;
            let n = &mut index.nodes[node];
            if !n.is_antecedent {
                n.is_antecedent = true;
                n.antecedent_count = r.antecedent_count;
                n.start = pos;
                n.end = pos;
                index.n_antecedents += 1;
            }
            // Rules arrive grouped by antecedent, so this extends the run.
            if n.end == pos {
                n.end += 1;
                index.consequents.push(Consequent { item: r.consequent, count: r.count });
            }
        }
        if let Some(b) = best {
            index.n_baskets = (f64::from(b.count) / b.support).round();
        }
        index
    }

    /// The trie node of `ante` (ascending ids), created if missing.
    fn insert(&mut self, ante: &[u32]) -> usize {
        let mut node = 0usize;
        for &a in ante {
            node = match self.nodes[node].children.binary_search_by_key(&a, |c| c.0) {
                Ok(k) => self.nodes[node].children[k].1 as usize,
                Err(k) => {
                    let new = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    self.nodes[node].children.insert(k, (a, new as u32));
                    new
                }
            };
        }
        node
    }

    fn child(&self, node: usize, item: u32) -> Option<usize> {
        let kids = &self.nodes.get(node)?.children;
        kids.binary_search_by_key(&item, |c| c.0).ok().map(|k| kids[k].1 as usize)
    }

    fn group(&self, node: usize) -> Option<(u32, &[Consequent])> {
        let n = self.nodes.get(node)?;
        if !n.is_antecedent {
            return None;
        }
        let list = self.consequents.get(n.start as usize..n.end as usize)?;
        Some((n.antecedent_count, list))
    }

    /// Number of baskets the rules were mined from (0 without rules).
    /// The same index, saying whether its counts were counted.
    pub fn with_counted(mut self, counted: bool) -> RuleIndex {
        self.counted = counted;
        self
    }

    /// Whether the counts were counted and may be shown.
    pub fn counted(&self) -> bool {
        self.counted
    }

    pub fn n_baskets(&self) -> f64 {
        self.n_baskets
    }

    /// Size of the item id space the rules cover (largest id + 1).
    pub fn n_items(&self) -> usize {
        self.item_counts.len()
    }

    /// count(c), as far as the rules tell (0 when unknown).
    pub fn item_count(&self, item: u32) -> u32 {
        self.item_counts.get(item as usize).copied().unwrap_or(0)
    }

    /// Number of distinct antecedents.
    pub fn len(&self) -> usize {
        self.n_antecedents
    }

    /// True when there is no rule.
    pub fn is_empty(&self) -> bool {
        self.n_antecedents == 0
    }

    /// count(X) and the consequents (ascending id) of antecedent `x`
    /// (ascending ids).
    pub fn lookup(&self, x: &[u32]) -> Option<(u32, &[Consequent])> {
        let mut node = 0;
        for &a in x {
            node = self.child(node, a)?;
        }
        self.group(node)
    }

    /// Calls `f(x, count(X), consequents)` for every antecedent `x` of at
    /// most `max_len` items that is a subset of `cart`, walking only the
    /// prefixes present in the trie.
    pub fn for_each_match(&self, cart: &[u32], max_len: usize, f: &mut MatchFn<'_>) {
        let max_len = max_len.min(self.max_len);
        if max_len == 0 {
            return;
        }
        let mut items: Vec<u32> = cart.to_vec();
        items.sort_unstable();
        items.dedup();
        let mut x: Vec<u32> = Vec::with_capacity(max_len);
        self.walk(0, &items, max_len, &mut x, f);
    }

    fn walk(&self, node: usize, items: &[u32], max_len: usize, x: &mut Vec<u32>, f: &mut MatchFn<'_>) {
        for (i, &a) in items.iter().enumerate() {
            let Some(next) = self.child(node, a) else {
                continue;
            };
            x.push(a);
            if let Some((cx, list)) = self.group(next) {
                f(x, cx, list);
            }
            if x.len() < max_len {
                self.walk(next, &items[i + 1..], max_len, x, f);
            }
            x.pop();
        }
    }
}

/// How [`score`] ranks; the defaults were chosen on the LOO protocol (see
/// docs/mining.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankParams {
    /// Longest antecedent used (and mined by the eval).
    pub max_antecedent: usize,
    /// m of the m-estimate: each rule's confidence is smoothed toward the
    /// consequent's base rate as if `m` more baskets had been seen.
    pub m: f64,
    /// α: each rule's smoothed confidence is divided by `p(c)^α`, a blend
    /// between confidence (α = 0: the likely items) and lift (α = 1: the
    /// specifically associated ones).
    pub popularity_exponent: f64,
}

impl Default for RankParams {
    fn default() -> Self {
        RankParams { max_antecedent: 2, m: 30.0, popularity_exponent: 0.25 }
    }
}

/// Scores the candidates for `cart`: every item `c` not in the cart that a
/// rule `X => {c}` with `X ⊆ cart`, `|X| <= max_antecedent` points to gets
///
/// `Σ over those rules of ((count(X∪c) + m·p(c)) / (count(X) + m)) / p(c)^α`
///
/// where `p(c) = count(c) / n`. Summing lets every piece of the cart vote,
/// the m-estimate keeps rare antecedents from shouting, and `p(c)^α` keeps
/// the best sellers from winning every list. Items without a matching rule
/// get no score (the caller fills with popularity).
pub fn score(cart: &[u32], index: &RuleIndex, params: &RankParams) -> Vec<(u32, f64)> {
    let n = index.n_baskets();
    if n <= 0.0 {
        return Vec::new();
    }
    let m = if params.m.is_finite() && params.m >= 0.0 { params.m } else { 0.0 };
    let alpha = if params.popularity_exponent.is_finite() { params.popularity_exponent } else { 0.0 };
    let inv_n = 1.0 / n;
    // Dense accumulator over the items the rules know, plus the touched ids.
    let mut acc: Vec<f64> = vec![0.0; index.item_counts.len()];
    let mut touched: Vec<u32> = Vec::new();
    index.for_each_match(cart, params.max_antecedent, &mut |_x, cx, list| {
        let inv = 1.0 / (f64::from(cx) + m);
        for c in list {
            let i = c.item as usize;
            let (Some(&count), Some(slot)) = (index.item_counts.get(i), acc.get_mut(i)) else {
                continue;
            };
            if *slot == 0.0 {
                touched.push(c.item);
            }
            *slot += (f64::from(c.count) + m * f64::from(count) * inv_n) * inv;
        }
    });
    // Divide each sum once by p(c)^α; drop cart items.
    let mut in_cart: Vec<u32> = cart.to_vec();
    in_cart.sort_unstable();
    let mut out: Vec<(u32, f64)> = Vec::with_capacity(touched.len());
    for item in touched {
        let sum = std::mem::take(&mut acc[item as usize]);
        let p = f64::from(index.item_count(item)) * inv_n;
        let s = sum / p.powf(alpha);
        if p > 0.0 && s > 0.0 && s.is_finite() && in_cart.binary_search(&item).is_err() {
            out.push((item, s));
        }
    }
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mining::{Baskets, MineParams, mine_rules};

    fn index() -> (Baskets, RuleIndex, Vec<Rule>) {
        let b = Baskets::parse(b"a,b,c\na,b\na,b,c\nb,c\na,d\nd\nd,e\n").expect("parses");
        let params = MineParams { min_support: 0.0, min_confidence: 0.0, min_lift: 0.0, max_antecedent: 2 };
        let rules = mine_rules(&b, &params, &mut |_, _| {});
        (b.clone(), RuleIndex::new(&rules), rules)
    }

    #[test]
    fn index_derives_counts() {
        let (b, index, _) = index();
        let id = |s: &str| b.id(s).expect("label");
        assert_eq!(index.n_baskets(), 7.0);
        assert_eq!(index.item_count(id("b")), 4);
        let (cx, list) = index.lookup(&[id("a"), id("b")]).expect("ab");
        assert_eq!(cx, 3);
        assert_eq!(list, &[Consequent { item: id("c"), count: 2 }]);
        assert!(index.lookup(&[id("e"), id("a")]).is_none());
        let mut seen = Vec::new();
        index.for_each_match(&[id("c"), id("a"), id("b"), id("a")], 2, &mut |x, _, _| seen.push(x.to_vec()));
        assert_eq!(seen.len(), 6);
    }

    #[test]
    fn score_prefers_associated_items() {
        let (b, index, rules) = index();
        let id = |s: &str| b.id(s).expect("label");
        let ranked = score(&[id("a"), id("b")], &index, &RankParams::default());
        assert_eq!(ranked.first().map(|r| r.0), Some(id("c")));
        assert!(ranked.iter().all(|&(c, s)| c != id("a") && c != id("b") && s > 0.0));
        // Unsorted input, odd parameters and unknown ids do not panic.
        let mut shuffled = rules.clone();
        shuffled.reverse();
        let again = RuleIndex::new(&shuffled);
        assert_eq!(score(&[id("b"), id("a")], &again, &RankParams::default()), ranked);
        let odd = RankParams { max_antecedent: 0, m: f64::NAN, popularity_exponent: f64::INFINITY };
        assert!(score(&[id("a")], &index, &odd).is_empty());
        let wild = RankParams { max_antecedent: usize::MAX, m: -1.0, popularity_exponent: f64::NAN };
        let _ = score(&[99, id("a"), u32::MAX], &index, &wild);
        assert!(score(&[id("a")], &RuleIndex::new(&[]), &RankParams::default()).is_empty());
    }
}
