//! Frequent itemsets: Eclat with occurrence delivery over tid-lists.
//!
//! Items are ranked by ascending frequency; an itemset is extended only with
//! items of higher rank, so tid-lists shrink fast. A node's children are
//! counted, and then their tid-lists built ("delivered"), in one scan each of
//! the node's baskets, looking only at the items of each basket that rank
//! above the node's last item. No pairwise tid-list intersection is done, so
//! the work is proportional to the baskets' sizes and the memory to the
//! data, however many distinct items there are (see docs/mining.md for the
//! measurements against bitset Eclat).
//!
//! The result is a prefix tree (`Itemsets`) holding every frequent itemset
//! with its count; looking up a subset's count is a walk with binary searches.

use super::baskets::Baskets;

/// The mining thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MineParams {
    /// Minimum support, a fraction of baskets (see [`min_count`]).
    pub min_support: f64,
    /// Minimum confidence of a rule.
    pub min_confidence: f64,
    /// Minimum lift of a rule.
    pub min_lift: f64,
    /// Longest antecedent; itemsets are mined up to `max_antecedent + 1`.
    pub max_antecedent: usize,
}

impl Default for MineParams {
    fn default() -> Self {
        MineParams { min_support: 0.01, min_confidence: 0.5, min_lift: 0.0, max_antecedent: 10 }
    }
}

/// The smallest basket count that is frequent: `ceil(min_support × n)`, at
/// least 1.
///
/// The product is computed in `f64`; when it lies within a relative 1e-9 of
/// an integer it is taken to be that integer (so `0.07 × 100`, which is
/// `7.000000000000001` in floating point, gives 7, not 8), otherwise it is
/// rounded up (`0.001 × 9835 = 9.835` gives 10). A NaN or negative support
/// counts as 0; a support above 1 gives a count above `n` (nothing is
/// frequent).
pub fn min_count(min_support: f64, n: usize) -> u32 {
    let s = if min_support.is_nan() || min_support < 0.0 { 0.0 } else { min_support };
    let x = s * n as f64;
    let nearest = x.round();
    let c = if (x - nearest).abs() <= 1e-9 * nearest.max(1.0) { nearest } else { x.ceil() };
    if c >= u32::MAX as f64 { u32::MAX } else { (c as u32).max(1) }
}

#[derive(Debug, Clone, Copy)]
struct Node {
    /// Item rank (ascending frequency order); unused for the root.
    item: u32,
    count: u32,
    parent: u32,
    depth: u32,
    first_child: u32,
    n_children: u32,
}

/// Every frequent itemset with its count, as a prefix tree over item ranks.
#[derive(Debug, Clone)]
pub struct Itemsets {
    n_baskets: usize,
    min_count: u32,
    nodes: Vec<Node>,
    rank_to_id: Vec<u32>,
    id_to_rank: Vec<u32>,
}

const NO_RANK: u32 = u32::MAX;

impl Itemsets {
    /// Number of baskets mined.
    pub fn n_baskets(&self) -> usize {
        self.n_baskets
    }

    /// The count threshold used.
    pub fn min_count(&self) -> u32 {
        self.min_count
    }

    /// Number of frequent (non-empty) itemsets.
    pub fn len(&self) -> usize {
        self.nodes.len().saturating_sub(1)
    }

    /// True when no itemset is frequent.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The count of a frequent itemset given by item ids (any order, no
    /// repeats); `None` when it is not frequent. The empty set counts every
    /// basket.
    pub fn count(&self, ids: &[u32]) -> Option<u32> {
        let mut ranks: Vec<u32> = Vec::with_capacity(ids.len());
        for &id in ids {
            let r = *self.id_to_rank.get(id as usize)?;
            if r == NO_RANK {
                return None;
            }
            ranks.push(r);
        }
        ranks.sort_unstable();
        self.find(&ranks).map(|n| self.nodes[n].count)
    }

    /// The node of an itemset given as ascending ranks.
    fn find(&self, ranks: &[u32]) -> Option<usize> {
        let mut node = 0usize;
        for &r in ranks {
            let n = self.nodes.get(node)?;
            let lo = n.first_child as usize;
            let hi = lo + n.n_children as usize;
            let kids = self.nodes.get(lo..hi)?;
            let k = kids.binary_search_by(|c| c.item.cmp(&r)).ok()?;
            node = lo + k;
        }
        Some(node)
    }

    /// Calls `f(ids, count)` for every frequent itemset, ids sorted
    /// ascending, in depth-first order of the prefix tree.
    pub fn for_each(&self, mut f: impl FnMut(&[u32], u32)) {
        let mut ranks: Vec<u32> = Vec::new();
        let mut ids: Vec<u32> = Vec::new();
        for node in 1..self.nodes.len() {
            self.ranks_of(node, &mut ranks);
            ids.clear();
            ids.extend(ranks.iter().map(|&r| self.rank_to_id[r as usize]));
            ids.sort_unstable();
            f(&ids, self.nodes[node].count);
        }
    }

    /// The itemset of `node` as ascending ranks, into `out`.
    fn ranks_of(&self, mut node: usize, out: &mut Vec<u32>) {
        out.clear();
        while node != 0 {
            let n = self.nodes[node];
            out.push(n.item);
            node = n.parent as usize;
        }
        out.reverse();
    }

    /// Calls `f(ascending_ranks, count)` for each itemset of at least two
    /// items; used by rule generation ([`Itemsets::id_of`] maps ranks back).
    pub(crate) fn for_each_ranked(&self, mut f: impl FnMut(&[u32], u32)) {
        let mut ranks: Vec<u32> = Vec::new();
        for node in 1..self.nodes.len() {
            if self.nodes[node].depth < 2 {
                continue;
            }
            self.ranks_of(node, &mut ranks);
            f(&ranks, self.nodes[node].count);
        }
    }

    /// Count of an itemset given as ascending ranks.
    pub(crate) fn count_ranked(&self, ranks: &[u32]) -> Option<u32> {
        self.find(ranks).map(|n| self.nodes[n].count)
    }

    /// The item id of a rank.
    pub(crate) fn id_of(&self, rank: u32) -> u32 {
        self.rank_to_id.get(rank as usize).copied().unwrap_or(NO_RANK)
    }
}

/// Mines every itemset of at most `max_len` items contained in at least
/// `min_count` baskets. `progress(done, total)` is called as the top-level
/// items (the frequent single items) are finished.
pub fn mine_itemsets(
    baskets: &Baskets,
    min_count: u32,
    max_len: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Itemsets {
    let min_count = min_count.max(1);
    let n_items = baskets.labels.len();
    let n = baskets.len();
    // Item counts; ids beyond the label table are ignored.
    let mut counts = vec![0u32; n_items];
    for basket in &baskets.baskets {
        for &id in basket {
            if let Some(c) = counts.get_mut(id as usize) {
                *c = c.saturating_add(1);
            }
        }
    }
    // Rank the frequent items by ascending count, ties by id.
    let mut frequent: Vec<u32> = (0..n_items as u32).filter(|&id| counts[id as usize] >= min_count).collect();
    frequent.sort_unstable_by_key(|&id| (counts[id as usize], id));
    let mut id_to_rank = vec![NO_RANK; n_items];
    for (r, &id) in frequent.iter().enumerate() {
        id_to_rank[id as usize] = r as u32;
    }
    let n_freq = frequent.len();
    let root = Node {
        item: NO_RANK,
        count: n.min(u32::MAX as usize) as u32,
        parent: 0,
        depth: 0,
        first_child: 1,
        n_children: 0,
    };
    let mut miner = Miner {
        min_count,
        max_len,
        items: Vec::new(),
        offsets: vec![0],
        count: vec![0; n_freq],
        cursor: vec![0; n_freq],
        // Every frequent item is a candidate for the top-level items.
        mark: vec![1; n_freq],
        touched: Vec::new(),
        arena: Vec::new(),
        nodes: vec![root],
    };
    progress(0, n_freq);
    if max_len > 0 && n_freq > 0 {
        miner.nodes[0].n_children = n_freq as u32;
        for (r, &id) in frequent.iter().enumerate() {
            miner.nodes.push(Node {
                item: r as u32,
                count: counts[id as usize],
                parent: 0,
                depth: 1,
                first_child: 0,
                n_children: 0,
            });
        }
        // Horizontal database: frequent items as ascending ranks; baskets of
        // fewer than two frequent items cannot extend anything.
        let mut buf: Vec<u32> = Vec::new();
        for basket in &baskets.baskets {
            buf.clear();
            buf.extend(
                basket
                    .iter()
                    .filter_map(|&id| id_to_rank.get(id as usize).copied())
                    .filter(|&r| r != NO_RANK),
            );
            if buf.len() < 2 {
                continue;
            }
            buf.sort_unstable();
            buf.dedup();
            miner.items.extend_from_slice(&buf);
            miner.offsets.push(miner.items.len());
        }
        // Vertical database: each item's tid-list, delivered in one pass.
        let n_tx = miner.offsets.len() - 1;
        for &r in &miner.items {
            miner.count[r as usize] += 1;
        }
        let mut pos = 0usize;
        for r in 0..n_freq {
            miner.cursor[r] = pos;
            pos += miner.count[r] as usize;
            miner.count[r] = 0;
        }
        let starts: Vec<usize> = miner.cursor.clone();
        miner.arena.resize(pos, 0);
        for t in 0..n_tx {
            for k in miner.offsets[t]..miner.offsets[t + 1] {
                let r = miner.items[k] as usize;
                miner.arena[miner.cursor[r]] = t as u32;
                miner.cursor[r] += 1;
            }
        }
        for r in 0..n_freq {
            let node = 1 + r;
            let end = if r + 1 < n_freq { starts[r + 1] } else { pos };
            miner.expand(node, starts[r], end, 1);
            progress(r + 1, n_freq);
        }
    }
    Itemsets { n_baskets: n, min_count, nodes: miner.nodes, rank_to_id: frequent, id_to_rank }
}

struct Miner {
    min_count: u32,
    max_len: usize,
    /// Horizontal database: basket `t` is `items[offsets[t]..offsets[t+1]]`.
    items: Vec<u32>,
    offsets: Vec<usize>,
    /// Per rank scratch: candidate counts and write cursors.
    count: Vec<u32>,
    cursor: Vec<usize>,
    /// `mark[r] == d` when rank `r` is a child of the current depth-`d - 1`
    /// ancestor, i.e. a candidate extension for the depth-`d` node.
    mark: Vec<u32>,
    touched: Vec<u32>,
    /// Stack of tid-lists; a node's list is `arena[lo..hi]`.
    arena: Vec<u32>,
    nodes: Vec<Node>,
}

impl Miner {
    /// Finds the frequent children of `node` (whose baskets are
    /// `arena[lo..hi]`) among its later siblings, and recurses into them.
    fn expand(&mut self, node: usize, lo: usize, hi: usize, depth: usize) {
        if depth >= self.max_len {
            return;
        }
        let last = self.nodes[node].item;
        let stamp = depth as u32;
        // Count the candidates (marked siblings of higher rank).
        self.touched.clear();
        for k in lo..hi {
            let t = self.arena[k] as usize;
            let (a, b) = (self.offsets[t], self.offsets[t + 1]);
            for &r in self.items[a..b].iter().rev() {
                if r <= last {
                    break;
                }
                if self.mark[r as usize] == stamp {
                    let c = &mut self.count[r as usize];
                    if *c == 0 {
                        self.touched.push(r);
                    }
                    *c += 1;
                }
            }
        }
        // Frequent candidates become children (contiguous, ascending rank).
        self.touched.sort_unstable();
        let first_child = self.nodes.len();
        let base = self.arena.len();
        let mut total = 0usize;
        for i in 0..self.touched.len() {
            let r = self.touched[i] as usize;
            let c = self.count[r];
            self.count[r] = 0;
            if c >= self.min_count {
                self.cursor[r] = base + total;
                total += c as usize;
                self.mark[r] = stamp + 1;
                self.nodes.push(Node {
                    item: r as u32,
                    count: c,
                    parent: node as u32,
                    depth: stamp + 1,
                    first_child: 0,
                    n_children: 0,
                });
            }
        }
        let n_children = self.nodes.len() - first_child;
        self.nodes[node].first_child = first_child as u32;
        self.nodes[node].n_children = n_children as u32;
        // Only children that can themselves be extended need tid-lists.
        if n_children > 1 && depth + 1 < self.max_len {
            self.arena.resize(base + total, 0);
            let child_stamp = stamp + 1;
            for k in lo..hi {
                let t = self.arena[k];
                let (a, b) = (self.offsets[t as usize], self.offsets[t as usize + 1]);
                for i in (a..b).rev() {
                    let r = self.items[i];
                    if r <= last {
                        break;
                    }
                    if self.mark[r as usize] == child_stamp {
                        let c = &mut self.cursor[r as usize];
                        self.arena[*c] = t;
                        *c += 1;
                    }
                }
            }
            let mut start = base;
            for child in first_child..first_child + n_children {
                let end = start + self.nodes[child].count as usize;
                self.expand(child, start, end, depth + 1);
                start = end;
            }
            self.arena.truncate(base);
        }
        // Hand the children back to this node's siblings as candidates.
        for child in first_child..first_child + n_children {
            let r = self.nodes[child].item as usize;
            self.mark[r] = stamp;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_count_rounds_up_exactly() {
        assert_eq!(min_count(0.001, 9835), 10);
        assert_eq!(min_count(0.005, 9835), 50);
        assert_eq!(min_count(0.006, 9835), 60);
        assert_eq!(min_count(0.07, 100), 7);
        assert_eq!(min_count(0.0, 100), 1);
        assert_eq!(min_count(f64::NAN, 100), 1);
        assert_eq!(min_count(-1.0, 100), 1);
        assert_eq!(min_count(1.5, 100), 150);
        assert_eq!(min_count(f64::INFINITY, 100), u32::MAX);
    }

    #[test]
    fn small_example_counts() {
        let b = Baskets::parse(b"a,b,c\na,b\na,c\nb,c\na,b,c,d\n").expect("parses");
        let sets = mine_itemsets(&b, 2, 10, &mut |_, _| {});
        let id = |s: &str| b.id(s).expect("label");
        assert_eq!(sets.count(&[id("a")]), Some(4));
        assert_eq!(sets.count(&[id("b"), id("a")]), Some(3));
        assert_eq!(sets.count(&[id("a"), id("b"), id("c")]), Some(2));
        assert_eq!(sets.count(&[id("d")]), None);
        assert_eq!(sets.count(&[]), Some(5));
        assert_eq!(sets.count(&[99]), None);
        // a, b, c, ab, ac, bc, abc
        assert_eq!(sets.len(), 7);
        let limited = mine_itemsets(&b, 2, 2, &mut |_, _| {});
        assert_eq!(limited.len(), 6);
        assert!(mine_itemsets(&b, 2, 0, &mut |_, _| {}).is_empty());
    }

    #[test]
    fn every_itemset_count_matches_a_scan() {
        let b = crate::mining::testing::groceries();
        let mut calls = 0;
        let sets = mine_itemsets(&b, 40, 10, &mut |d, t| {
            calls += 1;
            assert!(d <= t);
        });
        assert!(calls > 1);
        let scan = crate::mining::testing::scan_counter(&b);
        let mut seen = 0;
        sets.for_each(|ids, count| {
            seen += 1;
            assert_eq!(scan(ids), count, "{ids:?}");
        });
        assert_eq!(seen, sets.len());
    }
}
