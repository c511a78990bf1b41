//! Association-rule mining and cross-sell evaluation.

pub mod baskets;
pub mod itemsets;
pub mod rules;

pub use baskets::{BasketError, Baskets, MAX_LINE_BYTES, parse_lines};
pub use itemsets::{Itemsets, MineParams, min_count, mine_itemsets};
pub use rules::{Rule, generate_rules, mine_rules, sort_rules};
pub mod format;
pub mod json;
pub mod synth;
pub use format::{ImportedRule, RulesError, parse_rules_jsonl, write_json_string, write_jsonl, write_table};
pub mod eval;
pub mod rank;
pub use eval::{EvalReport, Metrics, Recommender, Split, Trial, evaluate, evaluate_recommender};
pub use rank::{Consequent, RankParams, RuleIndex, score};
