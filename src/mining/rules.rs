//! Association rules `X => {c}` from the frequent itemsets.
//!
//! For every frequent itemset `S` of two or more items and every `c` in `S`,
//! `X = S \ {c}` gives the rule `X => {c}` with
//! `support = count(S) / n`, `confidence = count(S) / count(X)` and
//! `lift = confidence / (count(c) / n)`. Rules are kept when
//! `confidence >= min_confidence - 1e-12` and `lift >= min_lift - 1e-12`:
//! the tiny slack only absorbs rounding in a threshold that was itself
//! computed; a ratio equal to a decimal threshold already compares equal.

use super::baskets::Baskets;
use super::itemsets::{Itemsets, MineParams, min_count, mine_itemsets};

/// Slack for comparing a rule's confidence and lift with the thresholds.
pub const THRESHOLD_EPSILON: f64 = 1e-12;

/// One association rule `antecedent => {consequent}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Item ids, sorted ascending, never empty.
    pub antecedent: Vec<u32>,
    pub consequent: u32,
    /// Baskets holding antecedent and consequent.
    pub count: u32,
    /// Baskets holding the antecedent.
    pub antecedent_count: u32,
    /// Baskets holding the consequent.
    pub consequent_count: u32,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
}

/// Mines `baskets` with `params`: frequent itemsets of up to
/// `max_antecedent + 1` items, then the rules that pass the thresholds, in
/// the order of [`sort_rules`]. `progress(done, total)` reports the frequent
/// single items finished. Empty input gives no rule.
pub fn mine_rules(
    baskets: &Baskets,
    params: &MineParams,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<Rule> {
    let min = min_count(params.min_support, baskets.len());
    let max_len = params.max_antecedent.saturating_add(1);
    let sets = mine_itemsets(baskets, min, max_len, progress);
    generate_rules(&sets, params)
}

/// All rules with a one-item consequent from `sets` that pass
/// `params.min_confidence`, `params.min_lift` and `params.max_antecedent`,
/// sorted by [`sort_rules`].
pub fn generate_rules(sets: &Itemsets, params: &MineParams) -> Vec<Rule> {
    let n = sets.n_baskets();
    let mut rules = Vec::new();
    if n == 0 {
        return rules;
    }
    let nf = n as f64;
    let min_conf = params.min_confidence - THRESHOLD_EPSILON;
    let min_lift = params.min_lift - THRESHOLD_EPSILON;
    let mut x: Vec<u32> = Vec::new();
    sets.for_each_ranked(|ranks, count| {
        if ranks.len() > params.max_antecedent.saturating_add(1) {
            return;
        }
        for (i, &c) in ranks.iter().enumerate() {
            x.clear();
            x.extend_from_slice(&ranks[..i]);
            x.extend_from_slice(&ranks[i + 1..]);
            // Every subset of a frequent itemset is frequent, so both
            // look-ups succeed; skip defensively if they do not.
            let (Some(cx), Some(cc)) = (sets.count_ranked(&x), sets.count_ranked(&[c])) else {
                continue;
            };
            if cx == 0 || cc == 0 {
                continue;
            }
            let confidence = count as f64 / cx as f64;
            if confidence < min_conf {
                continue;
            }
            let lift = confidence / (cc as f64 / nf);
            if lift < min_lift {
                continue;
            }
            let mut antecedent: Vec<u32> = x.iter().map(|&r| sets.id_of(r)).collect();
            antecedent.sort_unstable();
            rules.push(Rule {
                antecedent,
                consequent: sets.id_of(c),
                count,
                antecedent_count: cx,
                consequent_count: cc,
                support: count as f64 / nf,
                confidence,
                lift,
            });
        }
    });
    sort_rules(&mut rules);
    rules
}

/// The canonical rule order: antecedent length, then antecedent ids, then
/// consequent id.
pub fn sort_rules(rules: &mut [Rule]) {
    rules.sort_unstable_by(|a, b| {
        (a.antecedent.len(), &a.antecedent, a.consequent).cmp(&(
            b.antecedent.len(),
            &b.antecedent,
            b.consequent,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::mining::testing::groceries;

    fn params(min_support: f64, min_confidence: f64) -> MineParams {
        MineParams { min_support, min_confidence, min_lift: 0.0, max_antecedent: 10 }
    }

    #[test]
    fn published_counts_at_0_001() {
        let b = groceries();
        let rules = mine_rules(&b, &params(0.001, 0.5), &mut |_, _| {});
        assert_eq!(rules.len(), 5668);
        let mut by_len = [0usize; 8];
        for r in &rules {
            by_len[r.antecedent.len()] += 1;
        }
        assert_eq!(by_len, [0, 11, 1461, 3211, 939, 46, 0, 0]);
        let top = rules.iter().max_by(|a, b| a.lift.total_cmp(&b.lift)).expect("rules");
        let names: Vec<&str> = top.antecedent.iter().filter_map(|&i| b.label(i)).collect();
        assert_eq!(names, vec!["Instant food products", "soda"]);
        assert_eq!(b.label(top.consequent), Some("hamburger meat"));
        assert!((top.support - 0.001220).abs() < 1e-6);
        assert!((top.confidence - 0.6316).abs() < 1e-4);
        assert!((top.lift - 18.996).abs() < 1e-3);
        // Canonical order.
        assert!(rules.windows(2).all(|w| {
            (w[0].antecedent.len(), &w[0].antecedent, w[0].consequent)
                < (w[1].antecedent.len(), &w[1].antecedent, w[1].consequent)
        }));
    }

    #[test]
    fn published_counts_at_0_005_and_0_006() {
        let b = groceries();
        assert_eq!(mine_rules(&b, &params(0.005, 0.5), &mut |_, _| {}).len(), 120);
        assert_eq!(mine_rules(&b, &params(0.006, 0.25), &mut |_, _| {}).len(), 463);
    }

    #[test]
    fn rules_match_brute_force_counts() {
        let b = groceries();
        let rules = mine_rules(&b, &params(0.005, 0.5), &mut |_, _| {});
        let scan = crate::mining::testing::scan_counter(&b);
        let count = |items: &[u32]| f64::from(scan(items));
        let n = b.len() as f64;
        for r in &rules {
            let mut all = r.antecedent.clone();
            all.push(r.consequent);
            let cs = count(&all);
            let cx = count(&r.antecedent);
            let cc = count(&[r.consequent]);
            assert!((r.support - cs / n).abs() < 1e-9);
            assert!((r.confidence - cs / cx).abs() < 1e-9);
            assert!((r.lift - (cs / cx) / (cc / n)).abs() < 1e-9);
            assert_eq!(r.count as f64, cs);
            assert_eq!(r.antecedent_count as f64, cx);
            assert_eq!(r.consequent_count as f64, cc);
        }
    }

    #[test]
    fn degenerate_inputs_give_no_rules() {
        let empty = Baskets::parse(b"").expect("empty");
        assert!(mine_rules(&empty, &params(0.001, 0.5), &mut |_, _| {}).is_empty());
        let singles = Baskets::parse(b"a\nb\na\nc\n").expect("parses");
        assert!(mine_rules(&singles, &params(0.0, 0.0), &mut |_, _| {}).is_empty());
        let mut zero = params(0.0, 0.0);
        zero.max_antecedent = 0;
        let pairs = Baskets::parse(b"a,b\na,b\n").expect("parses");
        assert!(mine_rules(&pairs, &zero, &mut |_, _| {}).is_empty());
        let dup = Baskets::parse(b"a,a,b\r\na,b,b\r\n").expect("parses");
        let rules = mine_rules(&dup, &params(1.0, 1.0), &mut |_, _| {});
        assert_eq!(rules.len(), 2);
        assert!(rules.iter().all(|r| r.count == 2 && r.confidence == 1.0));
        // Thresholds that are NaN or absurd do not panic.
        let odd = MineParams {
            min_support: f64::NAN,
            min_confidence: f64::NAN,
            min_lift: f64::INFINITY,
            max_antecedent: usize::MAX,
        };
        let _ = mine_rules(&pairs, &odd, &mut |_, _| {});
    }
}
