//! The leave-one-out cross-sell evaluation of `shared/EVAL.md`.
//!
//! Line `i` (0-based, blank lines counted) is TEST when `i % 5 == 4`, TRAIN
//! otherwise. Item ids are the TRAIN labels in byte order. Every item of a
//! TEST basket with at least two distinct items is hidden in turn; the cart
//! is the rest (known items only, basket order). A recommender's scored
//! candidates (score > 0, not in the cart) come first, by score descending
//! then id; TRAIN popularity (count descending, then id) fills the list.

use rustc_hash::FxHashMap;

use super::baskets::{BasketError, Baskets, parse_lines};
use super::itemsets::{MineParams, mine_itemsets};
use super::linear::{ItemWeights, NeighbourParams, PairCounts, ease, fit_neighbourhood};
use super::rank::{RankParams, RuleIndex, score};
use super::rules::mine_rules;

/// A scoring function for [`Split::evaluate_with`]: cart → scored candidates.
pub type Scorer<'a> = dyn FnMut(&[u32]) -> Vec<(u32, f64)> + 'a;

/// Hit rates, MRR@5 and the rank histogram of one recommender (the JSON
/// report leaves the histogram out).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Metrics {
    pub hr1: f64,
    pub hr5: f64,
    pub hr10: f64,
    pub mrr5: f64,
    /// Trials with the hidden item at rank 1..=10, then the misses.
    #[serde(skip)]
    pub histogram: [usize; 11],
}

impl Metrics {
    fn from_histogram(histogram: [usize; 11]) -> Metrics {
        let trials: usize = histogram.iter().sum();
        let t = trials.max(1) as f64;
        let hits = |k: usize| histogram[..k].iter().sum::<usize>() as f64 / t;
        let mrr5 = (0..5).map(|i| histogram[i] as f64 / (i + 1) as f64).sum::<f64>() / t;
        Metrics { hr1: hits(1), hr5: hits(5), hr10: hits(10), mrr5, histogram }
    }
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EvalReport {
    pub trials: usize,
    pub counterpart: Metrics,
    pub popularity: Metrics,
    /// The reference, EASE with λ = [`EASE_LAMBDA`]; `None` (JSON `null`)
    /// above [`super::MAX_DENSE_ITEMS`] items.
    pub ease: Option<Metrics>,
    /// EASE's bounded form, [`fit_neighbourhood`] with default parameters.
    pub neighbourhood: Metrics,
}

/// The EASE penalty of shared/EVAL.md's reference row.
pub const EASE_LAMBDA: f64 = 200.0;

impl EvalReport {
    /// `{"trials": n, "counterpart": {"hr1": …, "hr5": …, "hr10": …,
    /// "mrr5": …}, "popularity": {…}}`
    pub fn to_json(&self) -> String {
        super::format::spaced_json(self)
    }
}

/// The recommenders the evaluation knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Recommender {
    /// TRAIN basket count.
    Popularity,
    /// Σ over cart items a of count(a, c).
    CoOccurrence,
    /// Σ count(a, c) / √(count(a) · count(c)).
    Cosine,
    /// Σ count(a, c) / count(a).
    ConditionalProbability,
    /// Mined rules ranked by [`score`].
    Counterpart(RankParams),
    /// EASE with penalty λ (dense; scores nothing above
    /// [`super::MAX_DENSE_ITEMS`] items).
    Ease { lambda: f64 },
    /// Ridge regression of each item on its strongest neighbours, with an
    /// intercept ([`fit_neighbourhood`]), fed with the pairs the app mines
    /// (count ≥ 2).
    Neighbourhood(NeighbourParams),
}

/// One hidden item: the cart shown to the recommender and the item to find
/// (`None` when it never occurs in TRAIN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trial {
    pub cart: Vec<u32>,
    pub hidden: Option<u32>,
}

/// The TRAIN baskets and TEST trials of a basket file.
#[derive(Debug, Clone)]
pub struct Split {
    pub train: Baskets,
    pub trials: Vec<Trial>,
    /// TRAIN basket count of each item id.
    pub counts: Vec<u32>,
    /// All item ids by count descending, then id.
    pub popularity: Vec<u32>,
}

impl Split {
    /// Splits a basket file: line `i` is TEST when `i % modulus ==
    /// test_residue` (the protocol uses 5 and 4).
    pub fn new(text: &[u8], modulus: usize, test_residue: usize) -> Result<Split, BasketError> {
        Ok(Split::from_lines(&parse_lines(text)?, modulus, test_residue))
    }

    /// Splits baskets already read into lines (each line's distinct items,
    /// blank lines included, as [`parse_lines`] gives them): the store's
    /// sales history goes through here, so it is split exactly as a basket
    /// file holding the same lines would be.
    pub fn from_lines<S: AsRef<str>>(lines: &[Vec<S>], modulus: usize, test_residue: usize) -> Split {
        let modulus = modulus.max(1);
        let is_test = |i: usize| i % modulus == test_residue;
        let train = Baskets::from_sets(
            lines.iter().enumerate().filter(|(i, _)| !is_test(*i)).map(|(_, l)| l.iter().map(AsRef::as_ref)),
        );
        let ids: FxHashMap<&str, u32> =
            train.labels.iter().enumerate().map(|(i, l)| (l.as_str(), i as u32)).collect();
        let mut trials = Vec::new();
        for (_, line) in lines.iter().enumerate().filter(|(i, _)| is_test(*i)) {
            if line.len() < 2 {
                continue;
            }
            let known: Vec<Option<u32>> = line.iter().map(|l| ids.get(l.as_ref()).copied()).collect();
            for j in 0..known.len() {
                let cart =
                    known.iter().enumerate().filter(|&(k, _)| k != j).filter_map(|(_, id)| *id).collect();
                trials.push(Trial { cart, hidden: known[j] });
            }
        }
        let counts = train.item_counts();
        let mut popularity: Vec<u32> = (0..counts.len() as u32).collect();
        popularity.sort_by_key(|&i| (std::cmp::Reverse(counts[i as usize]), i));
        Split { train, trials, counts, popularity }
    }

    /// The list a recommender shows for `cart`, at most `top` long, in
    /// `list`: the scored candidates (score > 0, not in the cart) by score
    /// descending then id, then TRAIN popularity fills the rest, skipping
    /// the cart and what is already listed. `evaluate` and the training
    /// drills both build their lists here.
    pub fn fill_list(&self, cart: &[u32], mut scored: Vec<(u32, f64)>, top: usize, list: &mut Vec<u32>) {
        scored.retain(|&(c, s)| s > 0.0 && !cart.contains(&c));
        // A total order on (score, id): unstable sorting gives the same list.
        scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        list.clear();
        for &(c, _) in &scored {
            if list.len() >= top {
                break;
            }
            if !list.contains(&c) {
                list.push(c);
            }
        }
        for &c in &self.popularity {
            if list.len() >= top {
                break;
            }
            if !cart.contains(&c) && !list.contains(&c) {
                list.push(c);
            }
        }
    }

    /// Evaluates a scoring function: `scorer(cart)` returns candidate
    /// scores; lists are `top` long.
    pub fn evaluate_with(&self, top: usize, scorer: &mut Scorer<'_>) -> Metrics {
        let mut histogram = [0usize; 11];
        let mut list: Vec<u32> = Vec::with_capacity(top);
        for trial in &self.trials {
            self.fill_list(&trial.cart, scorer(&trial.cart), top, &mut list);
            let rank = position(trial.hidden, &list).map_or(10, |p| p.min(10));
            histogram[rank] += 1;
        }
        Metrics::from_histogram(histogram)
    }

    /// Evaluates one of the known recommenders.
    pub fn evaluate(&self, top: usize, rec: Recommender) -> Metrics {
        match rec {
            Recommender::Popularity => self.evaluate_with(top, &mut |_| Vec::new()),
            Recommender::CoOccurrence => self.pairwise(top, |cac, _, _| cac),
            Recommender::Cosine => self.pairwise(top, |cac, ca, cc| cac / (ca * cc).sqrt()),
            Recommender::ConditionalProbability => self.pairwise(top, |cac, ca, _| cac / ca),
            Recommender::Counterpart(params) => {
                let ranker = CounterpartRanker::new(self, params);
                self.evaluate_with(top, &mut |cart| ranker.scores(cart))
            }
            Recommender::Ease { lambda } => {
                let model = ease(&self.train, lambda).unwrap_or_default();
                self.evaluate_with(top, &mut |cart| model.score(cart))
            }
            Recommender::Neighbourhood(params) => {
                let model = self.neighbourhood(&params);
                self.evaluate_with(top, &mut |cart| model.score(cart))
            }
        }
    }

    /// [`fit_neighbourhood`] on TRAIN's pairs seen in two baskets or more,
    /// the pairs the app's rules table holds.
    pub fn neighbourhood(&self, params: &NeighbourParams) -> ItemWeights {
        fit_neighbourhood(&PairCounts::from_baskets(&self.train, 2), params)
    }

    /// Mines TRAIN as the app would for `params`: count ≥ 2, no minimum
    /// confidence, antecedents up to `params.max_antecedent`.
    pub fn rule_index(&self, params: &RankParams) -> RuleIndex {
        let n = self.train.len().max(1) as f64;
        let mine = MineParams {
            // Two baskets, safely above the float product.
            min_support: 1.5 / n,
            min_confidence: 0.0,
            min_lift: 0.0,
            max_antecedent: params.max_antecedent,
        };
        RuleIndex::new(&mine_rules(&self.train, &mine, &mut |_, _| {}))
    }

    /// Item-to-item recommenders: Σ over cart items of
    /// `f(count(a, c), count(a), count(c))`.
    fn pairwise(&self, top: usize, f: impl Fn(f64, f64, f64) -> f64) -> Metrics {
        let n_items = self.counts.len();
        // Every co-occurring pair, from the miner (count >= 1, length 2).
        let pairs = mine_itemsets(&self.train, 1, 2, &mut |_, _| {});
        let count = |i: u32| f64::from(self.counts[i as usize]);
        let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n_items];
        pairs.for_each(|ids, c| {
            if let [x, y] = *ids {
                let c = f64::from(c);
                adj[x as usize].push((y, f(c, count(x), count(y))));
                adj[y as usize].push((x, f(c, count(y), count(x))));
            }
        });
        let mut acc = vec![0f64; n_items];
        let mut touched: Vec<u32> = Vec::new();
        self.evaluate_with(top, &mut |cart| {
            for &a in cart {
                for &(c, w) in &adj[a as usize] {
                    let slot = &mut acc[c as usize];
                    if *slot == 0.0 {
                        touched.push(c);
                    }
                    *slot += w;
                }
            }
            touched.drain(..).map(|c| (c, std::mem::take(&mut acc[c as usize]))).collect()
        })
    }
}

/// Where `hidden` stands in a recommended list (0-based), if it is there:
/// a trial is a hit at `k` when the position is below `k`. An item unknown
/// in TRAIN (`None`) is never found.
pub fn position(hidden: Option<u32>, list: &[u32]) -> Option<usize> {
    hidden.and_then(|h| list.iter().position(|&c| c == h))
}

/// counterpart's recommender as the evaluation runs it: rules mined from a
/// split's TRAIN ([`Split::rule_index`]) and ranked by [`score`].
#[derive(Debug, Clone)]
pub struct CounterpartRanker {
    index: RuleIndex,
    params: RankParams,
}

impl CounterpartRanker {
    pub fn new(split: &Split, params: RankParams) -> CounterpartRanker {
        CounterpartRanker { index: split.rule_index(&params), params }
    }

    /// The scored candidates for `cart`, for [`Split::fill_list`].
    pub fn scores(&self, cart: &[u32]) -> Vec<(u32, f64)> {
        score(cart, &self.index, &self.params)
    }
}

/// Runs the protocol on a basket file: counterpart (default [`RankParams`])
/// against popularity, EASE (when the catalogue is small enough to solve
/// densely) and EASE's bounded neighbourhood form, with lists `top` long.
pub fn evaluate(text: &[u8], top: usize) -> Result<EvalReport, BasketError> {
    let split = Split::new(text, 5, 4)?;
    let dense = split.counts.len() <= super::MAX_DENSE_ITEMS;
    Ok(EvalReport {
        trials: split.trials.len(),
        counterpart: split.evaluate(top, Recommender::Counterpart(RankParams::default())),
        popularity: split.evaluate(top, Recommender::Popularity),
        ease: dense.then(|| split.evaluate(top, Recommender::Ease { lambda: EASE_LAMBDA })),
        neighbourhood: split.evaluate(top, Recommender::Neighbourhood(NeighbourParams::default())),
    })
}

/// Runs the protocol for any recommender: `(trials, metrics)`.
pub fn evaluate_recommender(
    text: &[u8],
    top: usize,
    rec: Recommender,
) -> Result<(usize, Metrics), BasketError> {
    let split = Split::new(text, 5, 4)?;
    Ok((split.trials.len(), split.evaluate(top, rec)))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::mining::testing::groceries_bytes as groceries;

    #[test]
    fn reference_figures_and_counterpart_wins() {
        let split = Split::new(&groceries(), 5, 4).expect("parses");
        assert_eq!(split.trials.len(), 8375);
        let pop = split.evaluate(10, Recommender::Popularity);
        assert_eq!(pop.histogram, [702, 401, 426, 335, 274, 253, 177, 214, 206, 165, 5222]);
        assert_eq!(
            [pop.hr1, pop.hr5, pop.hr10, pop.mrr5].map(|x| (x * 1e4).round() / 1e4),
            [0.0838, 0.2553, 0.3765, 0.1413]
        );
        let cosine = split.evaluate(10, Recommender::Cosine);
        assert_eq!(cosine.histogram, [783, 492, 371, 335, 277, 214, 226, 215, 191, 205, 5066]);
        let cond = split.evaluate(10, Recommender::ConditionalProbability);
        assert_eq!(cond.histogram, [738, 519, 408, 312, 280, 236, 235, 218, 187, 175, 5067]);
        let cooc = split.evaluate(10, Recommender::CoOccurrence);
        assert!((cooc.hr5 - 0.2665).abs() < 5e-5 && (cooc.mrr5 - 0.1489).abs() < 5e-5);
        let ours = split.evaluate(10, Recommender::Counterpart(RankParams::default()));
        for base in [pop, cooc, cosine] {
            assert!(ours.hr5 > base.hr5 && ours.mrr5 > base.mrr5, "{ours:?} vs {base:?}");
        }
    }

    #[test]
    fn ease_reproduces_the_reference_and_its_bounded_form_stays_close() {
        let split = Split::new(&groceries(), 5, 4).expect("parses");
        let r4 = |m: Metrics| [m.hr1, m.hr5, m.hr10, m.mrr5].map(|x| (x * 1e4).round() / 1e4);
        // shared/EVAL.md's EASE row, from an independent implementation.
        let ease = split.evaluate(10, Recommender::Ease { lambda: EASE_LAMBDA });
        assert_eq!(r4(ease), [0.0986, 0.2792, 0.4098, 0.1615]);
        // The bounded model (≤ 50 weights an item, fed by count ≥ 2 pairs)
        // beats the rules ranking and comes within 0.2 point of EASE on
        // both metrics (docs/mining.md: it is ahead in cross-validation
        // inside TRAIN and on 3 of the 5 splits, not on this one).
        let nbr = split.evaluate(10, Recommender::Neighbourhood(NeighbourParams::default()));
        let rules = split.evaluate(10, Recommender::Counterpart(RankParams::default()));
        assert!(nbr.hr5 > rules.hr5 && nbr.mrr5 > rules.mrr5, "{nbr:?} vs {rules:?}");
        assert!(nbr.hr5 > ease.hr5 - 0.002 && nbr.mrr5 > ease.mrr5 - 0.002, "{nbr:?} vs {ease:?}");
        let model = split.neighbourhood(&NeighbourParams::default());
        assert!(model.max_out() <= 50 && model.max_in() <= 50);
    }

    #[test]
    fn report_json_and_degenerate_input() {
        let text = b"a,b\nb,c\na,c\na,b,c\na,b\n\nb,c\n";
        let report = evaluate(text, 10).expect("parses");
        assert_eq!(report.trials, 2);
        let json = report.to_json();
        assert!(json.starts_with("{\"trials\": 2, \"counterpart\": {\"hr1\": "));
        assert!(json.contains("\"popularity\": {\"hr1\": "));
        assert!(json.contains("\"ease\": {\"hr1\": ") && json.contains("\"neighbourhood\": {\"hr1\": "));
        for empty in [&b""[..], b"\n\n\n\n\n", b"a\nb\nc\nd\ne\n"] {
            let r = evaluate(empty, 10).expect("parses");
            assert_eq!(r.trials, 0);
            assert_eq!(r.popularity.hr5, 0.0);
        }
        assert!(evaluate(b"a\n\xff\n", 10).is_err());
        let (trials, m) = evaluate_recommender(text, 0, Recommender::Cosine).expect("parses");
        assert_eq!((trials, m.histogram[10]), (2, 2));
        assert!(Split::new(text, 0, 9).is_ok());
    }
}
