//! Association-rule mining and cross-sell evaluation, in plain `std`.
//!
//! - `baskets`: basket files (one basket a line, `,`-separated) → interned ids.
//! - `itemsets`: frequent itemsets (Eclat with occurrence delivery) into a
//!   prefix tree; `rules`: one-consequent rules with support, confidence, lift.
//! - `format`: rules as Spark-shaped JSON Lines (writer and reader, with the
//!   small `json` parser) and as a fixed-width table.
//! - `rank`: the cross-sell ranking from a stored rules table ([`RuleIndex`],
//!   [`score`]); `eval`: the leave-one-out protocol of EVAL.md that chose it.
//! - `synth`: seeded synthetic basket files for benchmarks and tests.
//!
//! Nothing here panics on input; see docs/mining.md for the measurements.

pub mod baskets;
pub mod eval;
pub mod format;
pub mod itemsets;
pub mod json;
pub mod rank;
pub mod rules;
pub mod synth;

pub use baskets::{BasketError, Baskets, MAX_LINE_BYTES, lines, parse_lines};
pub use eval::{EvalReport, Metrics, Recommender, Scorer, Split, Trial, evaluate, evaluate_recommender};
pub use format::{ImportedRule, RulesError, parse_rules_jsonl, write_json_string, write_jsonl, write_table};
pub use itemsets::{Itemsets, MineParams, min_count, mine_itemsets};
pub use rank::{Consequent, MatchFn, RankParams, RuleIndex, score};
pub use rules::{Rule, THRESHOLD_EPSILON, generate_rules, mine_rules, sort_rules};
