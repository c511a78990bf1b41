//! The learned score term: what customers did with a suggestion before.
//!
//! A suggestion offered `n` times for this cart item (or, for an upgrade,
//! this product in focus) and taken `a` times, in a list whose offers were
//! taken at the overall rate `p` (every offer of that list, held within
//! 1–99 %), has the smoothed take rate
//!
//! ```text
//! r = (a + k·p) / (n + k)        k = PRIOR_STRENGTH = 10
//! ```
//!
//! — the mean of a Beta(k·p, k·(1 − p)) prior centred on the overall rate,
//! updated with the counts, so a few offers barely move it. The term
//! multiplies the score by `(r / p)^weight_learned`: a suggestion customers
//! take more often than most rises, one declined again and again sinks. A
//! suggestion never offered for this item keeps its score exactly, as does
//! every suggestion when the weight is 0.
//!
//! When it matters — at least [`MIN_OFFERS_TO_SAY`] offers, and the term
//! moved the suggestion in its list — the reason says so with the counts:
//! "taken by 41 % of customers offered it here (17 of 41)".
#![allow(clippy::disallowed_types, reason = "take rates and score factors are ratios, not money")]

use crate::catalog::ProductIdx;
use crate::catalog::take_counts::{TakeCounts, Taken};

/// How many offers' worth of belief the overall take rate carries.
pub const PRIOR_STRENGTH: f64 = 10.0;

/// Fewer offers than this are never quoted in a reason.
pub const MIN_OFFERS_TO_SAY: u32 = 10;

/// The overall take rate of a list, held within 1–99 % so that a list
/// nobody (or everybody) took from still ranks; `None` when nothing of the
/// list was ever offered.
pub fn prior(total: Taken) -> Option<f64> {
    (total.offered > 0).then(|| (f64::from(total.accepted) / f64::from(total.offered)).clamp(0.01, 0.99))
}

/// The take rate of a suggestion with these counts, pulled toward `prior`.
pub fn smoothed_rate(taken: Taken, prior: f64) -> f64 {
    (f64::from(taken.accepted) + PRIOR_STRENGTH * prior) / (f64::from(taken.offered) + PRIOR_STRENGTH)
}

/// What the term multiplies the score by for `sku` suggested for `anchor`,
/// with its counts; `None` (the score stays as it is) when the weight is 0
/// or the pair was never offered.
pub fn factor(counts: &TakeCounts, anchor: ProductIdx, sku: ProductIdx, weight: f64) -> Option<(f64, Taken)> {
    if weight <= 0.0 {
        return None;
    }
    let taken = counts.get(anchor, sku).filter(|t| t.offered > 0)?;
    let prior = prior(counts.total())?;
    Some(((smoothed_rate(taken, prior) / prior).powf(weight), taken))
}

/// A score with the term applied: a negative score (an add-on sold below
/// cost, with margin weighted) moves the same way as a positive one.
pub fn apply(score: f64, factor: f64) -> f64 {
    if score >= 0.0 { score * factor } else { score / factor }
}

/// Whether the counts are enough to quote.
pub fn worth_saying(taken: Taken) -> bool {
    taken.offered >= MIN_OFFERS_TO_SAY
}

/// "taken by 41 % of customers offered it here (17 of 41)": the counted
/// figures, the percentage rounded half up; to follow another reason.
pub fn words(taken: Taken) -> String {
    phrase("taken", taken)
}

/// The same as a reason of its own: "Taken by 41 % of customers offered it here (17 of 41)".
pub fn sentence(taken: Taken) -> String {
    phrase("Taken", taken)
}

fn phrase(taken_word: &str, taken: Taken) -> String {
    let (a, n) = (u64::from(taken.accepted), u64::from(taken.offered.max(1)));
    let percent = (200 * a + n) / (2 * n);
    format!(
        "{taken_word} by {percent} % of customers offered it here ({} of {})",
        taken.accepted, taken.offered
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(u32, Taken)], total: Taken) -> TakeCounts {
        let mut c = TakeCounts::default();
        for &(sku, t) in pairs {
            c.insert(ProductIdx::new(0), ProductIdx::new(sku as usize), t);
        }
        c.add_to_total(total);
        c
    }

    const fn t(offered: u32, accepted: u32) -> Taken {
        Taken { offered, accepted }
    }

    #[test]
    fn a_few_offers_barely_move_the_rate_from_the_overall_one() {
        let p = prior(t(1000, 300)).unwrap();
        assert!((p - 0.3).abs() < 1e-12);
        // Two declines and one take: the rate stays near 30 %.
        let declined = smoothed_rate(t(2, 0), p);
        let taken = smoothed_rate(t(1, 1), p);
        assert!((0.24..0.3).contains(&declined), "{declined}");
        assert!((0.3..0.37).contains(&taken), "{taken}");
        assert_eq!(smoothed_rate(t(0, 0), p), p);
    }

    #[test]
    fn many_declines_sink_and_many_takes_rise() {
        let c = counts(&[(1, t(60, 0)), (2, t(60, 45)), (3, t(3, 0))], t(1000, 300));
        let f = |sku: u32| factor(&c, ProductIdx::new(0), ProductIdx::new(sku as usize), 1.0).unwrap().0;
        assert!(f(1) < 0.2, "declined 60 times: {}", f(1));
        assert!(f(2) > 2.0, "taken 45 of 60: {}", f(2));
        assert!((0.7..1.0).contains(&f(3)), "declined 3 times: {}", f(3));
        // More evidence moves it further.
        let more = counts(&[(1, t(200, 0))], t(1000, 300));
        assert!(factor(&more, ProductIdx::new(0), ProductIdx::new(1), 1.0).unwrap().0 < f(1));
        assert!(apply(2.0, f(1)) < 2.0 && apply(-2.0, f(1)) < -2.0, "a negative score sinks too");
    }

    #[test]
    fn no_weight_or_no_offers_leaves_the_score_alone() {
        let c = counts(&[(1, t(60, 0))], t(1000, 300));
        assert_eq!(factor(&c, ProductIdx::new(0), ProductIdx::new(1), 0.0), None);
        assert_eq!(factor(&c, ProductIdx::new(0), ProductIdx::new(2), 1.0), None, "never offered");
        assert_eq!(factor(&c, ProductIdx::new(1), ProductIdx::new(1), 1.0), None, "offered for another item");
        // A list nobody ever took from still sinks what was declined most.
        let none = counts(&[(1, t(40, 0)), (2, t(2, 0))], t(42, 0));
        let f = |sku: usize| factor(&none, ProductIdx::new(0), ProductIdx::new(sku), 1.0).unwrap().0;
        assert!(f(1) < f(2) && f(2) < 1.0);
    }

    #[test]
    fn the_words_quote_the_counts() {
        assert_eq!(words(t(41, 17)), "taken by 41 % of customers offered it here (17 of 41)");
        assert_eq!(sentence(t(41, 17)), "Taken by 41 % of customers offered it here (17 of 41)");
        assert_eq!(words(t(10, 0)), "taken by 0 % of customers offered it here (0 of 10)");
        assert_eq!(words(t(8, 1)), "taken by 13 % of customers offered it here (1 of 8)", "12.5 rounds up");
        assert!(!worth_saying(t(9, 9)) && worth_saying(t(10, 0)));
    }
}
