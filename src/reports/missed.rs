//! The "missed" list: add-ons the store's own sales say go together (a
//! current mined rule with a high lift) that the screen showed again and again
//! and no seller ever offered.
#![allow(clippy::disallowed_types, reason = "lift and confidence are ratios, not money")]

use std::collections::{HashMap, HashSet};

use super::funnel::{FunnelRow, Stage};
use crate::suggest::events::{ListKind, Place};

/// The least lift a rule needs for its add-on to count as missed.
pub const MIN_LIFT: f64 = 2.0;
/// The least confidence: the share of baskets with the item that held the add-on.
pub const MIN_CONFIDENCE: f64 = 0.1;
/// The fewest baskets a rule's items must have been bought together in (when
/// the rule set's counts were counted; otherwise [`MIN_SUPPORT`] stands in).
pub const MIN_TOGETHER: u64 = 5;
/// The least support of a rule whose counts nobody counted (Spark's own output).
pub const MIN_SUPPORT: f64 = 0.005;
/// The least number of sales an add-on must have been shown in for the same item.
pub const MIN_SHOWN: u64 = 3;
/// How many the list holds at most.
pub const TOP: usize = 10;

/// A mined rule as the list reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleRef<'a> {
    pub antecedent: &'a [String],
    pub consequent: &'a str,
    /// Baskets holding the whole rule, when counted.
    pub together: Option<u64>,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
}

impl<'a> RuleRef<'a> {
    /// A stored rule; `counted`: its rule set's counts were counted (see
    /// [`RuleSetInfo::counted`](crate::store::rules::RuleSetInfo::counted)),
    /// so its count of baskets holding it all stands.
    pub fn from_stored(r: &'a crate::store::rules::StoredRule, counted: bool) -> RuleRef<'a> {
        RuleRef {
            antecedent: &r.antecedent,
            consequent: &r.consequent,
            together: counted.then_some(r.count),
            support: r.support,
            confidence: r.confidence,
            lift: r.lift,
        }
    }

    /// Frequent, strong and telling enough to call its add-on missed.
    pub fn backs_a_miss(&self) -> bool {
        let frequent = match self.together {
            Some(n) => n >= MIN_TOGETHER,
            None => self.support >= MIN_SUPPORT,
        };
        frequent && self.lift >= MIN_LIFT && self.confidence >= MIN_CONFIDENCE
    }
}

/// An add-on shown for an item in `shown` sales and never offered in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct Missed {
    /// The cart item it was shown for.
    pub for_sku: String,
    pub sku: String,
    /// Sales it was shown in for that item.
    pub shown: u64,
    /// The strongest current rule from a set holding `for_sku` to `sku`.
    pub lift: f64,
    pub confidence: f64,
}

/// Cross-sell suggestions (item → add-on) shown in a pane in at least
/// [`MIN_SHOWN`] sales (the checkout's last chance lists only what a pane
/// showed: counting it too would count a sale twice), whose add-on no seller
/// offered (added, in a pane or at checkout, or dismissed) in the
/// period, backed by a current rule whose antecedent holds the item, bought
/// together in at least [`MIN_TOGETHER`] baskets, with a lift of at least
/// [`MIN_LIFT`] and a confidence of at least [`MIN_CONFIDENCE`] (the
/// strongest such rule by lift, then confidence).
/// The add-ons customers would most likely have taken first (shown ×
/// confidence), then by lift; at most [`TOP`].
pub fn missed(rows: &[&FunnelRow<'_>], rules: &[RuleRef<'_>]) -> Vec<Missed> {
    let cross = |r: &&&FunnelRow<'_>| r.list == ListKind::CrossSell;
    let offered: HashSet<&str> =
        rows.iter().filter(cross).filter(|r| r.stage == Stage::Offered).map(|r| r.sku).collect();
    let mut shown: HashMap<(&str, &str), u64> = HashMap::new();
    let in_pane = |r: &&&FunnelRow<'_>| r.stage == Stage::Shown && r.place == Place::Pane;
    for r in rows.iter().filter(cross).filter(in_pane).filter(|r| !offered.contains(r.sku)) {
        *shown.entry((r.for_sku, r.sku)).or_default() += 1;
    }
    let mut by_consequent: HashMap<&str, Vec<&RuleRef<'_>>> = HashMap::new();
    for r in rules.iter().filter(|r| r.backs_a_miss()) {
        by_consequent.entry(r.consequent).or_default().push(r);
    }
    let mut out: Vec<Missed> = shown
        .into_iter()
        .filter(|&(_, n)| n >= MIN_SHOWN)
        .filter_map(|((item, addon), n)| {
            let best = by_consequent
                .get(addon)?
                .iter()
                .filter(|r| r.antecedent.iter().any(|a| a == item))
                .max_by(|a, b| a.lift.total_cmp(&b.lift).then(a.confidence.total_cmp(&b.confidence)))?;
            Some(Missed {
                for_sku: item.to_string(),
                sku: addon.to_string(),
                shown: n,
                lift: best.lift,
                confidence: best.confidence,
            })
        })
        .collect();
    let likely = |m: &Missed| m.shown as f64 * m.confidence;
    out.sort_by(|a, b| {
        likely(b)
            .total_cmp(&likely(a))
            .then(b.lift.total_cmp(&a.lift))
            .then_with(|| a.for_sku.cmp(&b.for_sku))
            .then_with(|| a.sku.cmp(&b.sku))
    });
    out.truncate(TOP);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(sale: &'a str, stage: Stage, for_sku: &'a str, sku: &'a str) -> FunnelRow<'a> {
        FunnelRow {
            sale_id: Some(sale),
            cart_id: sale,
            at: "",
            terminal: "T1",
            staff: "",
            stage,
            list: ListKind::CrossSell,
            sku,
            for_sku,
            source: "mined",
            place: Place::Pane,
            rank: 3,
        }
    }

    #[test]
    fn an_add_on_shown_often_never_offered_and_backed_by_a_strong_rule_is_missed() {
        let mut rows = Vec::new();
        for s in ["S1", "S2", "S3", "S4"] {
            rows.push(row(s, Stage::Shown, "PH", "SCREEN"));
            rows.push(row(s, Stage::Shown, "PH", "CASE"));
            rows.push(row(s, Stage::Shown, "PH", "CABLE"));
        }
        // The case was offered once: not missed. Shown twice only: not frequent.
        rows.push(row("S1", Stage::Offered, "PH", "CASE"));
        rows.push(row("S5", Stage::Shown, "TV", "HDMI"));
        rows.push(row("S6", Stage::Shown, "TV", "HDMI"));
        // Listed at checkout too: the same sales again, not more of them.
        let at_checkout = |r: FunnelRow<'static>| FunnelRow { place: Place::Checkout, ..r };
        rows.push(at_checkout(row("S1", Stage::Shown, "PH", "SCREEN")));
        rows.push(at_checkout(row("S6", Stage::Shown, "TV", "HDMI")));
        let ph: &'static [String] = Vec::leak(vec!["PH".to_string()]);
        let tv: &'static [String] = Vec::leak(vec!["TV".to_string()]);
        let other: &'static [String] = Vec::leak(vec!["LAPTOP".to_string()]);
        let rule = |antecedent: &'static [String], consequent, together, confidence, lift| RuleRef {
            antecedent,
            consequent,
            together: Some(together),
            support: 0.01,
            confidence,
            lift,
        };
        let rules = [
            rule(ph, "SCREEN", 40, 0.4, 9.0),
            rule(ph, "CASE", 60, 0.6, 12.0),
            rule(tv, "HDMI", 30, 0.5, 8.0),
            // Weak, seldom taken, bought together twice, or from another item: nothing backs the cable.
            rule(ph, "CABLE", 30, 0.3, 1.5),
            rule(ph, "CABLE", 30, 0.05, 30.0),
            rule(ph, "CABLE", 2, 1.0, 90.0),
            rule(other, "CABLE", 30, 0.5, 7.0),
        ];
        let refs: Vec<&FunnelRow<'_>> = rows.iter().collect();
        let list = missed(&refs, &rules);
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!((list[0].for_sku.as_str(), list[0].sku.as_str(), list[0].shown), ("PH", "SCREEN", 4));
        assert_eq!(list[0].lift, 9.0);
    }
}
