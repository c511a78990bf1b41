//! Association-rule mining and cross-sell evaluation, in plain `std` (and
//! serde for the rules file).
//!
//! - `baskets`: basket files (one basket a line, `,`-separated) → interned ids.
//! - `itemsets`: frequent itemsets (Eclat with occurrence delivery) into a
//!   prefix tree; `rules`: one-consequent rules with support, confidence, lift.
//! - `format`: rules as Spark-shaped JSON Lines ([`SparkRule`], written and
//!   read with serde) and as a fixed-width table.
//! - `linear`: item-to-item linear models in closed form: EASE (the
//!   reference) and its bounded neighbourhood form.
//! - `rank`: the cross-sell ranking from a stored rules table ([`RuleIndex`],
//!   [`score`]); `eval`: the leave-one-out protocol of EVAL.md that chose it.
//! - `synth`: seeded synthetic basket files for benchmarks and tests.
//!
//! Nothing here panics on input; see docs/mining.md for the measurements.
#![allow(
    clippy::disallowed_types,
    reason = "support, confidence, lift, scores and hit rates are ratios; no money here"
)]

pub mod baskets;
pub mod eval;
pub mod format;
pub mod itemsets;
pub mod linear;
pub mod rank;
pub mod rules;
pub mod synth;

pub use baskets::{BasketError, Baskets, MAX_LINE_BYTES, lines, parse_lines};
pub use eval::{
    CounterpartRanker, EASE_LAMBDA, EvalReport, Metrics, Recommender, Scorer, Split, Trial, evaluate,
    evaluate_recommender,
};
pub use format::{RulesError, SparkRule, parse_rules_jsonl, write_jsonl, write_table};
pub use itemsets::{Itemsets, MineParams, min_count, mine_itemsets};
pub use linear::{ItemWeights, MAX_DENSE_ITEMS, NeighbourParams, PairCounts, ease, fit_neighbourhood};
pub use rank::{Consequent, MatchFn, RankParams, RuleIndex, score};
pub use rules::{Rule, THRESHOLD_EPSILON, generate_rules, mine_rules, sort_rules};

/// Shared by the module's tests: the Groceries data and a brute-force counter.
#[cfg(test)]
pub(crate) mod testing {
    use super::Baskets;

    pub fn groceries_bytes() -> Vec<u8> {
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/groceries.csv"))
            .expect("groceries.csv")
    }

    pub fn groceries() -> Baskets {
        Baskets::parse(&groceries_bytes()).expect("parses")
    }

    /// How many baskets hold all of `items`, by scanning every basket.
    pub fn scan_counter(b: &Baskets) -> impl Fn(&[u32]) -> u32 + use<> {
        let sorted: Vec<Vec<u32>> = b
            .baskets
            .iter()
            .map(|x| {
                let mut x = x.clone();
                x.sort_unstable();
                x
            })
            .collect();
        move |items: &[u32]| {
            sorted.iter().filter(|bk| items.iter().all(|i| bk.binary_search(i).is_ok())).count() as u32
        }
    }
}
