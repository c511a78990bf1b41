//! Drills: `eval`'s leave-one-out protocol (shared/EVAL.md) made into a
//! game. A real past basket is shown with one item hidden; the trainee
//! offers up to [`PICKS`] items, and a round is a hit when the hidden item
//! is among them — the very trials, split and hit `eval` counts, and the
//! assistant's picks are exactly `eval`'s counterpart list for that cart
//! ([`Split::fill_list`] over [`CounterpartRanker`], `top` = [`PICKS`]).
//! So the share of rounds the assistant itself would hit is `eval --top 3`'s
//! HR@5 figure.

use crate::mining::eval::position;
use crate::mining::{BasketError, CounterpartRanker, RankParams, Split, Trial};
use crate::rng::Rng;

/// How many items a trainee (and the assistant) may offer in a round.
pub const PICKS: usize = 3;

/// Rounds in a drill unless told otherwise.
pub const DEFAULT_ROUNDS: usize = 10;

/// Line `i` of the baskets is a TEST basket when `i % MODULUS == TEST_RESIDUE`
/// (as `eval` splits).
const MODULUS: usize = 5;
const TEST_RESIDUE: usize = 4;

/// Baskets split as `eval` splits them, with counterpart's ranker mined from
/// TRAIN.
#[derive(Debug, Clone)]
pub struct Drill {
    split: Split,
    ranker: CounterpartRanker,
}

/// One round: a TEST basket with one item hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// What the customer has in the basket (the items known in TRAIN, in
    /// basket order): labels, which are SKUs for the sales history.
    pub visible: Vec<String>,
    /// The item hidden, which the customer really bought.
    pub hidden: String,
    /// The assistant's picks for the visible basket, best first.
    pub engine: Vec<String>,
    /// Which of the split's trials this is.
    trial: usize,
}

/// How a round went, as stored in a drill's details.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RoundResult {
    pub hidden: String,
    pub picks: Vec<String>,
    pub hit: bool,
    /// The assistant's first pick (none when it had nothing to offer).
    pub engine_first: Option<String>,
}

/// A drill's details, `{"rounds":[{"hidden":..,"picks":[..],"hit":..,
/// "engine_first":..}]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DrillDetails {
    pub rounds: Vec<RoundResult>,
}

impl DrillDetails {
    /// Rounds hit.
    pub fn hits(&self) -> u32 {
        self.rounds.iter().filter(|r| r.hit).count() as u32
    }

    /// Rounds played.
    pub fn played(&self) -> u32 {
        self.rounds.len() as u32
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"rounds\":[]}".into())
    }
}

/// `part` of `whole` in whole percent, rounded half up (0 of 0 is 0).
pub fn percent(part: u64, whole: u64) -> u32 {
    if whole == 0 { 0 } else { ((part * 200 + whole) / (2 * whole)).min(u64::from(u32::MAX)) as u32 }
}

impl Drill {
    /// A drill on a basket file (one basket a line, as `eval` reads it).
    pub fn from_text(text: &[u8]) -> Result<Drill, BasketError> {
        Ok(Drill::from_split(Split::new(text, MODULUS, TEST_RESIDUE)?))
    }

    /// A drill on baskets already read, one a line (the store's sales
    /// history, oldest first): split exactly as a file of those lines.
    pub fn from_lines<S: AsRef<str>>(lines: &[Vec<S>]) -> Drill {
        Drill::from_split(Split::from_lines(lines, MODULUS, TEST_RESIDUE))
    }

    fn from_split(split: Split) -> Drill {
        let ranker = CounterpartRanker::new(&split, RankParams::default());
        Drill { split, ranker }
    }

    /// The split the rounds come from.
    pub fn split(&self) -> &Split {
        &self.split
    }

    /// Every item a basket could hide: the TRAIN labels in byte order.
    pub fn labels(&self) -> &[String] {
        &self.split.train.labels
    }

    /// The assistant's list for `cart`: `eval`'s counterpart list, [`PICKS`] long.
    pub fn engine_picks(&self, cart: &[u32]) -> Vec<u32> {
        let mut list = Vec::with_capacity(PICKS);
        self.split.fill_list(cart, self.ranker.scores(cart), PICKS, &mut list);
        list
    }

    /// Whether `picks` (labels) hit a trial: the hidden item is among the
    /// first [`PICKS`] of them — `eval`'s hit. A label unknown in TRAIN
    /// can never be the hidden item.
    pub fn is_hit(&self, trial: &Trial, picks: &[String]) -> bool {
        let ids: Vec<u32> = picks.iter().take(PICKS).filter_map(|p| self.id(p)).collect();
        position(trial.hidden, &ids).is_some()
    }

    /// The assistant's own picks scored by the drill's scorer over every
    /// trial `eval` counts (a hidden item unknown in TRAIN is a miss there
    /// too): `(hits, trials)`, whose ratio is `eval --top 3`'s HR@5.
    pub fn engine_hits(&self) -> (usize, usize) {
        let trials = &self.split.trials;
        let label = |c: u32| self.labels().get(c as usize).cloned();
        let hits = trials
            .iter()
            .filter(|t| {
                let picks: Vec<String> = self.engine_picks(&t.cart).into_iter().filter_map(label).collect();
                self.is_hit(t, &picks)
            })
            .count();
        (hits, trials.len())
    }

    /// Scores a round: the trainee's picks against what the customer bought.
    pub fn score(&self, round: &Round, picks: &[String]) -> RoundResult {
        let picks: Vec<String> = picks.iter().take(PICKS).cloned().collect();
        let hit = self.split.trials.get(round.trial).is_some_and(|t| self.is_hit(t, &picks));
        RoundResult { hidden: round.hidden.clone(), picks, hit, engine_first: round.engine.first().cloned() }
    }

    /// Trials a round can be made of: the hidden item occurs in TRAIN (so it
    /// could be offered) and something is left to show.
    pub fn playable(&self) -> usize {
        self.split.trials.iter().filter(|t| playable(t)).count()
    }

    /// Up to `n` rounds: a sample of the playable trials drawn with `seed`
    /// (the same seed, the same rounds).
    pub fn rounds(&self, n: usize, seed: u64) -> Vec<Round> {
        let mut pool: Vec<usize> =
            (0..self.split.trials.len()).filter(|&i| playable(&self.split.trials[i])).collect();
        let n = n.min(pool.len());
        let mut rng = Rng::new(seed);
        for i in 0..n {
            let j = i + rng.below(pool.len() - i);
            pool.swap(i, j);
        }
        pool[..n].iter().filter_map(|&i| self.round(i)).collect()
    }

    /// The round made of trial `i` (none when it is not playable).
    fn round(&self, i: usize) -> Option<Round> {
        let trial = self.split.trials.get(i).filter(|t| playable(t))?;
        let label = |id: u32| self.labels().get(id as usize).cloned();
        Some(Round {
            visible: trial.cart.iter().filter_map(|&c| label(c)).collect(),
            hidden: label(trial.hidden?)?,
            engine: self.engine_picks(&trial.cart).into_iter().filter_map(label).collect(),
            trial: i,
        })
    }

    /// The item id of a label (ids follow the byte order of the labels).
    fn id(&self, label: &str) -> Option<u32> {
        self.labels().binary_search_by(|l| l.as_str().cmp(label)).ok().map(|i| i as u32)
    }
}

fn playable(t: &Trial) -> bool {
    t.hidden.is_some() && !t.cart.is_empty()
}

#[cfg(test)]
#[allow(clippy::disallowed_types, reason = "hit rates are ratios")]
mod tests {
    use super::*;

    fn groceries() -> Vec<u8> {
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/groceries.csv"))
            .expect("groceries.csv")
    }

    #[test]
    fn the_assistant_scores_in_the_drill_exactly_what_eval_reports_for_a_list_of_three() {
        let bytes = groceries();
        let drill = Drill::from_text(&bytes).expect("parses");
        let (hits, trials) = drill.engine_hits();
        let report = crate::mining::evaluate(&bytes, PICKS).expect("parses");
        assert_eq!(trials, report.trials);
        assert_eq!(hits, report.counterpart.histogram[..PICKS].iter().sum::<usize>());
        assert_eq!(hits as f64 / trials as f64, report.counterpart.hr5);
        // And the rounds show that same list.
        for round in drill.rounds(50, 7) {
            let t = &drill.split().trials[round.trial];
            let want: Vec<&str> =
                drill.engine_picks(&t.cart).iter().map(|&c| drill.labels()[c as usize].as_str()).collect();
            assert_eq!(round.engine, want);
            assert_eq!(drill.score(&round, &round.engine).hit, drill.is_hit(t, &round.engine));
        }
    }

    #[test]
    fn history_lines_split_as_the_same_basket_file_would() {
        let lines: Vec<Vec<&str>> = b"a,b\nb,c\na,c\na,b,c\na,b\n\nb,c\na,b\nc,a\nb,a,c\n"
            .split(|&b| b == b'\n')
            .map(|l| std::str::from_utf8(l).unwrap().split(',').filter(|s| !s.is_empty()).collect())
            .take(10)
            .collect();
        let text = b"a,b\nb,c\na,c\na,b,c\na,b\n\nb,c\na,b\nc,a\nb,a,c\n";
        let (from_lines, from_text) = (Drill::from_lines(&lines), Drill::from_text(text).unwrap());
        assert_eq!(from_lines.split().trials, from_text.split().trials);
        assert_eq!(from_lines.labels(), from_text.labels());
        assert_eq!(from_lines.rounds(10, 1), from_text.rounds(10, 1));
    }

    #[test]
    fn rounds_are_a_seeded_sample_of_trials_whose_hidden_item_can_be_offered() {
        // Line 4 is TEST: `z` occurs only there, so hiding it is no round.
        let text = b"a,b\na,c\nb,c\na,b,c\na,b,z\n";
        let drill = Drill::from_text(text).unwrap();
        assert_eq!(drill.split().trials.len(), 3);
        assert_eq!(drill.playable(), 2);
        let rounds = drill.rounds(10, 3);
        assert_eq!(rounds.len(), 2);
        let mut hidden: Vec<&str> = rounds.iter().map(|r| r.hidden.as_str()).collect();
        hidden.sort_unstable();
        assert_eq!(hidden, ["a", "b"]);
        for r in &rounds {
            // The basket's other known item; `z` is unknown to TRAIN, so not shown.
            assert_eq!(r.visible, [if r.hidden == "a" { "b" } else { "a" }], "{r:?}");
            assert!(
                !r.engine.iter().any(|e| r.visible.contains(e)),
                "the assistant offers what is in the basket"
            );
        }
        let big = Drill::from_text(&groceries()).unwrap();
        assert_eq!(big.rounds(12, 42), big.rounds(12, 42));
        assert_ne!(big.rounds(12, 42), big.rounds(12, 43));
        assert_eq!(big.rounds(12, 42).len(), 12);
        assert!(Drill::from_text(b"").unwrap().rounds(5, 1).is_empty());
    }

    #[test]
    fn a_round_is_a_hit_when_the_hidden_item_is_among_the_first_three_picks() {
        let drill = Drill::from_text(b"a,b\na,c\nb,c\na,b,c\nb,c,a,d\n").unwrap();
        let round = drill.rounds(10, 1).into_iter().find(|r| r.hidden == "a").unwrap();
        let picks = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let hit = drill.score(&round, &picks(&["d", "a"]));
        assert!(hit.hit);
        assert_eq!(hit.picks, ["d", "a"]);
        assert_eq!(hit.engine_first, round.engine.first().cloned());
        assert!(!drill.score(&round, &picks(&["b", "nope"])).hit);
        assert!(!drill.score(&round, &[]).hit);
        // A fourth pick does not count.
        let late = drill.score(&round, &picks(&["b", "c", "d", "a"]));
        assert!(!late.hit);
        assert_eq!(late.picks.len(), PICKS);
        let details = DrillDetails { rounds: vec![hit, late] };
        assert_eq!((details.hits(), details.played()), (1, 2));
        let json: serde_json::Value = serde_json::from_str(&details.to_json()).unwrap();
        assert_eq!(json["rounds"][0]["hidden"], "a");
        assert_eq!(json["rounds"][0]["picks"], serde_json::json!(["d", "a"]));
        assert_eq!(json["rounds"][0]["hit"], true);
        assert_eq!(json["rounds"][1]["hit"], false);
        assert!(json["rounds"][1].get("engine_first").is_some());
    }
}
