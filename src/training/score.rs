//! The scorecard of a role-play: a weighted rubric and one line of feedback
//! per decision, in the store's own figures.
//!
//! **The rubric** (100 points; every part is rounded to whole points):
//!
//! | part | weight | earned |
//! | --- | --- | --- |
//! | `fit` — fit of offers to the need | 30 | the share of offers that were things the customer would take (an upgrade offered as an upgrade; a second of a kind or a repeat does not fit). No offers: full when nothing they would take fitted the budget, else 0. |
//! | `value` — value added within budget | 20 | what the taken offers still in the cart added, against that plus what was left on the table: the things they would have taken, not taken, that still fitted the room left in the budget (each at its price with the cart's own tax share, at most the room). Full when there was nothing to add; 0 when the total is over the budget or there was no sale. |
//! | `restraint` — few declined offers | 15 | 15 less 5 for each declined offer (over budget, not needed, a second of a kind, a repeat), never below 0. Full when nothing was offered. |
//! | `knowledge` — talking points and objections | 20 | the share of right picks among the talking points picked for offers and the replies to objections (at a sale, an objection never answered counts as a wrong reply). Full when nothing was picked. |
//! | `closing` — the sale, with what they came for | 15 | 15 for a sale holding what they came for (or the upgrade they took for it), 5 for a sale without it, 0 when they walked away or nothing was sold. |
//!
//! Tiers: Gold from 90, Silver from 75, Bronze from 50, none below.

use serde::Serialize;

use super::customer::{Ending, LastStraw, OfferKind, Session, Verdict};
use super::scenario::{Scenario, Target};
use crate::cart::{Cart, Origin};
use crate::catalog::{Catalog, ProductIdx};
use crate::money::{Currency, Money};
use crate::suggest::{Engine, Request, Suggestions};

/// The parts of the rubric, with their weights, in scorecard order.
pub const RUBRIC: [(&str, u32); 5] =
    [("fit", 30), ("value", 20), ("restraint", 15), ("knowledge", 20), ("closing", 15)];

/// What one declined offer costs in `restraint`.
pub const DECLINE_COST: u32 = 5;

/// A medal for the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Tier {
    Bronze,
    Silver,
    Gold,
}

impl Tier {
    /// Gold ≥ 90, Silver ≥ 75, Bronze ≥ 50, none below.
    pub fn of(total: u32) -> Option<Tier> {
        match total {
            90.. => Some(Tier::Gold),
            75..=89 => Some(Tier::Silver),
            50..=74 => Some(Tier::Bronze),
            _ => None,
        }
    }
}

impl std::fmt::Display for Tier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Tier::Bronze => "Bronze",
            Tier::Silver => "Silver",
            Tier::Gold => "Gold",
        })
    }
}

/// One part of the rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// "fit", "value", "restraint", "knowledge" or "closing".
    pub name: String,
    pub earned: u32,
    pub weight: u32,
}

/// The result of a role-play, as shown and stored (JSON:
/// `{"total":..,"tier":"Gold"|null,"parts":[{"name":"fit","earned":27,"weight":30},..],"feedback":[..]}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scorecard {
    /// 0..=100, the sum of the parts.
    pub total: u32,
    pub tier: Option<Tier>,
    pub parts: Vec<Part>,
    pub feedback: Vec<String>,
}

impl Scorecard {
    /// The points earned in the part named `name` (0 for an unknown name).
    pub fn earned(&self, name: &str) -> u32 {
        self.parts.iter().find(|p| p.name == name).map_or(0, |p| p.earned)
    }
}

/// Something the customer would have taken and did not get.
struct Missed {
    /// What to call it: "the Paneguard …", "the upgrade to the …", "anything from Cases & Bags".
    what: String,
    /// What it would have added at shelf price, when there is a product to price.
    adds: Option<Money>,
    /// The engine's reason for it (with its figures), when the engine offers it.
    reason: Option<String>,
    /// Whether it was offered at all.
    offered: bool,
    /// Whether it still fitted the room left in the budget.
    fits: bool,
}

/// Scores `session` (ended or not) with `cart` as it stands at the end, and
/// writes the feedback with the engine's own reasons.
pub fn scorecard(session: &Session, engine: &Engine<'_>, cart: &[(ProductIdx, i64)]) -> Scorecard {
    let catalog = engine.catalog;
    let currency = engine.currency;
    let scenario = session.scenario();
    let offers = session.offers();
    let budget = session.budget();
    let cart: Vec<(ProductIdx, i64)> = cart.iter().copied().filter(|&(_, q)| q > 0).collect();
    let in_cart = |p: ProductIdx| cart.iter().any(|&(q, _)| q == p);
    let sale = match session.ending() {
        Some(Ending::Sale { total, .. }) => Some(*total),
        _ => None,
    };
    let taken_upgrade = |p: ProductIdx| {
        offers.iter().any(|o| o.product == p && o.verdict == Verdict::Taken && o.is_upgrade())
    };
    let wanted: Vec<(ProductIdx, i64)> = cart
        .iter()
        .copied()
        .filter(|&(p, _)| scenario.wants.matches(catalog, p) || taken_upgrade(p))
        .collect();

    // What the engine says for what they came for.
    let request_cart = if wanted.is_empty() {
        scenario.wants.skus.iter().find_map(|s| catalog.by_sku(s)).map(|p| vec![(p, 1)]).unwrap_or_default()
    } else {
        wanted.clone()
    };
    // An upgrade of an item that completes a bundle in the final cart ends its saving.
    let mut till = Cart::default();
    for &(p, q) in &cart {
        till.add(catalog.product(p), q, Origin::Search);
    }
    till.reprice_from(catalog);
    let bundled: Vec<(ProductIdx, String, Money)> = till
        .bundled()
        .into_iter()
        .filter_map(|(sku, name, saving)| Some((catalog.by_sku(sku)?, name, saving)))
        .collect();
    let suggestions = if request_cart.is_empty() {
        Suggestions::default()
    } else {
        engine.suggest(&Request {
            cart: request_cart.clone(),
            focus: request_cart.first().map(|&(p, _)| p),
            bundled,
            ..Request::default()
        })
    };

    // The room left, and an amount with the cart's own tax share.
    let shelf: Money = cart.iter().map(|&(p, q)| catalog.product(p).price * q).sum();
    let room = sale.map(|total| budget - total);
    let with_tax = |m: Money| match sale {
        Some(total) if shelf > Money::ZERO => m.mul_div(total.0, shelf.0),
        _ => m,
    };
    let missed = missed(scenario, catalog, currency, session, &suggestions, &in_cart, |m| {
        room.is_none_or(|r| with_tax(m) <= r)
    });

    // fit
    let fitting = offers.iter().filter(|o| matches!(o.verdict, Verdict::Taken | Verdict::OverBudget)).count();
    let fit = if offers.is_empty() {
        if missed.iter().any(|m| m.fits && m.adds.is_some()) { 0 } else { 30 }
    } else {
        share(30, fitting, offers.len())
    };
    // value
    let taken_added: Money = offers
        .iter()
        .filter(|o| o.verdict == Verdict::Taken && in_cart(o.product))
        .map(|o| o.added.max(Money::ZERO))
        .sum();
    let value = match (sale, room) {
        (Some(_), Some(r)) if r >= Money::ZERO => {
            let taken = with_tax(taken_added);
            let left: Money = missed.iter().filter(|m| m.fits).filter_map(|m| m.adds).map(with_tax).sum();
            let left = left.min(r);
            let potential = taken + left;
            if potential <= Money::ZERO {
                20
            } else {
                share(20, taken.0.max(0) as usize, potential.0 as usize)
            }
        }
        _ => 0,
    };
    // restraint
    let declined = offers.iter().filter(|o| o.verdict != Verdict::Taken).count();
    let restraint =
        15u32.saturating_sub(DECLINE_COST.saturating_mul(u32::try_from(declined).unwrap_or(u32::MAX)));
    // knowledge
    // At a sale every objection should have been answered; one skipped counts as wrong.
    let answers = session.objection_answers();
    let objections =
        if sale.is_some() { answers.len().max(scenario.objections.len()) } else { answers.len() };
    let picks = offers.len() + objections;
    let right = offers.iter().filter(|o| o.picked_right).count() + answers.iter().filter(|a| a.right).count();
    let knowledge = if picks == 0 { 20 } else { share(20, right, picks) };
    // closing
    let closing = match sale {
        Some(_) if !wanted.is_empty() => 15,
        Some(_) if !cart.is_empty() => 5,
        _ => 0,
    };

    let earned = [fit, value, restraint, knowledge, closing];
    let parts: Vec<Part> = RUBRIC
        .iter()
        .zip(earned)
        .map(|(&(name, weight), earned)| Part { name: name.to_string(), earned: earned.min(weight), weight })
        .collect();
    let total = parts.iter().map(|p| p.earned).sum();
    let feedback = feedback(session, catalog, currency, &missed, sale, !wanted.is_empty(), cart.is_empty());
    Scorecard { total, tier: Tier::of(total), parts, feedback }
}

/// `weight × num / den`, rounded half up.
fn share(weight: u32, num: usize, den: usize) -> u32 {
    if den == 0 {
        return weight;
    }
    let (w, n, d) = (weight as usize, num.min(den), den);
    u32::try_from((w * n * 2 + d) / (2 * d)).unwrap_or(weight)
}

/// The things the customer would have taken and did not get, with what
/// the engine says about each.
fn missed(
    scenario: &Scenario,
    catalog: &Catalog,
    currency: &Currency,
    session: &Session,
    suggestions: &Suggestions,
    in_cart: &dyn Fn(ProductIdx) -> bool,
    fits: impl Fn(Money) -> bool,
) -> Vec<Missed> {
    let offers = session.offers();
    let satisfied = |i: usize| {
        offers.iter().any(|o| o.verdict == Verdict::Taken && o.entry == Some(i) && in_cart(o.product))
    };
    // One upgrade is all anyone takes.
    let upgraded = scenario.accepts.iter().enumerate().any(|(i, a)| a.upgrade && satisfied(i));
    let mut out = Vec::new();
    for (i, a) in scenario.accepts.iter().enumerate() {
        if satisfied(i) || (a.upgrade && upgraded) {
            continue;
        }
        let offered = offers.iter().any(|o| a.target.matches(catalog, o.product));
        let (what, adds, reason) = if a.upgrade {
            match suggestions.upsell.iter().find(|u| a.target.matches(catalog, u.product)) {
                Some(u) => {
                    let lost = u.bundle_lost.as_ref().map_or(String::new(), |(bundle, saving)| {
                        format!(", ending the {bundle}'s {} saving", currency.display(*saving))
                    });
                    let adds = u.price_delta + u.bundle_lost.as_ref().map_or(Money::ZERO, |(_, m)| *m);
                    (
                        format!("the upgrade to the {} (+{}{lost})", u.name, currency.display(u.price_delta)),
                        Some(adds),
                        Some(u.talking_point.clone()),
                    )
                }
                None => (format!("the upgrade to {}", name_of(catalog, &a.target)), None, None),
            }
        } else {
            match suggestions.cross_sell.iter().find(|x| a.target.matches(catalog, x.product)) {
                Some(x) => (format!("the {}", x.name), Some(x.price), Some(x.reason.clone())),
                None => match &a.target {
                    Target::Sku(s) => match catalog.by_sku(s) {
                        Some(p) => {
                            (format!("the {}", catalog.product(p).name), Some(catalog.product(p).price), None)
                        }
                        None => (format!("`{s}`"), None, None),
                    },
                    Target::Category(path) => {
                        let cheapest = catalog.category_by_path(path).and_then(|c| {
                            catalog.in_category(c).iter().copied().find(|&p| catalog.sellable(p, false))
                        });
                        (format!("anything from {path}"), cheapest.map(|p| catalog.product(p).price), None)
                    }
                },
            }
        };
        let fits = adds.is_some_and(&fits);
        out.push(Missed { what, adds, reason, offered, fits });
    }
    out
}

/// The product's name for a SKU target, or the category's path.
fn name_of(catalog: &Catalog, target: &Target) -> String {
    match target {
        Target::Sku(s) => {
            catalog.by_sku(s).map_or_else(|| format!("`{s}`"), |p| format!("the {}", catalog.product(p).name))
        }
        Target::Category(c) => format!("something from {c}"),
    }
}

/// One line per decision, in order, then what was missed and how it closed.
fn feedback(
    session: &Session,
    catalog: &Catalog,
    currency: &Currency,
    missed: &[Missed],
    sale: Option<Money>,
    has_want: bool,
    empty_cart: bool,
) -> Vec<String> {
    let scenario = session.scenario();
    let budget = session.budget();
    let money = |m: Money| currency.display(m);
    let mut out = Vec::new();
    for o in session.offers() {
        let what = match o.kind {
            OfferKind::AddOn => format!("the {}", o.name),
            OfferKind::Upgrade { from } => {
                format!("the upgrade from the {} to the {}", catalog.product(from).name, o.name)
            }
        };
        let mut line = match o.verdict {
            Verdict::Taken => format!("Offered {what}: taken, +{}.", money(o.added)),
            Verdict::OverBudget => format!(
                "Offered {what}: declined — it would have made the total {}, over their {} budget.",
                money(o.total_after),
                money(budget)
            ),
            Verdict::NotNeeded if scenario.returns.as_ref().is_some_and(|r| r.sku == o.sku) => {
                format!("Offered {what}: declined — it is the item they brought back.")
            }
            Verdict::NotNeeded if o.entry.is_none() => {
                format!("Offered {what}: declined — not something they needed.")
            }
            Verdict::NotNeeded => format!(
                "Offered {what}: declined — they wanted it in place of what they came for, not as an extra."
            ),
            Verdict::HasOne => format!("Offered {what}: declined — they had taken one of those already."),
            Verdict::Repeat => format!("Offered {what} again: declined — it had been offered before."),
        };
        if !o.picked_right {
            line.push_str(&format!(" Wrong talking point: the till's was “{}”.", o.right_point));
        }
        out.push(line);
    }
    for a in session.objection_answers() {
        let Some(o) = scenario.objections.get(a.index) else { continue };
        out.push(if a.right {
            format!("Objection “{}”: answered well.", o.says)
        } else {
            format!("Objection “{}”: the right reply was “{}”.", o.says, o.answer)
        });
    }
    if sale.is_some() {
        for o in scenario.objections.iter().skip(session.objection_answers().len()) {
            out.push(format!("Objection “{}”: never answered before the sale.", o.says));
        }
    }
    if let Some(Ending::WalkedAway { after }) = session.ending() {
        let declined = session.offers().iter().filter(|o| o.verdict != Verdict::Taken).count();
        let last = match after {
            LastStraw::Offer(i) => {
                session.offers().get(*i).map_or_else(String::new, |o| format!("your offer of the {}", o.name))
            }
            LastStraw::Objection(i) => scenario
                .objections
                .get(*i)
                .map_or_else(String::new, |o| format!("your reply to “{}”", o.says)),
        };
        out.push(format!(
            "They walked away after {last}: {declined} declined offer{} used up their patience of {}.",
            if declined == 1 { "" } else { "s" },
            scenario.patience
        ));
    }
    for m in missed.iter().filter(|m| !m.offered) {
        let mut line = match &m.reason {
            Some(reason) => format!("You did not offer {}: {}.", m.what, reason.trim_end_matches('.')),
            None => format!("You did not offer {}; they would have taken it.", m.what),
        };
        if sale.is_some() && !m.fits && m.adds.is_some() {
            line.push_str(" (It would not have fitted the budget.)");
        }
        out.push(line);
    }
    if scenario.accepts.is_empty() && session.offers().is_empty() && sale.is_some() {
        out.push("You offered nothing extra — right for a customer who wanted nothing else.".to_string());
    }
    match sale {
        Some(total) if total > budget => {
            out.push(format!("The total {} is over their budget of {}.", money(total), money(budget)));
        }
        Some(total) if has_want => {
            out.push(format!("Sale closed at {}, within their {} budget.", money(total), money(budget)));
        }
        Some(_) if empty_cart => out.push("Nothing was sold.".to_string()),
        Some(total) => out.push(format!("Sold {}, but not what they came for.", money(total))),
        None if session.ending().is_none() => out.push("The sale was not closed.".to_string()),
        None => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_have_their_thresholds() {
        assert_eq!(Tier::of(100), Some(Tier::Gold));
        assert_eq!(Tier::of(90), Some(Tier::Gold));
        assert_eq!(Tier::of(89), Some(Tier::Silver));
        assert_eq!(Tier::of(75), Some(Tier::Silver));
        assert_eq!(Tier::of(74), Some(Tier::Bronze));
        assert_eq!(Tier::of(50), Some(Tier::Bronze));
        assert_eq!(Tier::of(49), None);
        assert_eq!(RUBRIC.iter().map(|(_, w)| w).sum::<u32>(), 100);
    }

    #[test]
    fn shares_round_half_up_and_never_exceed_the_weight() {
        assert_eq!(share(30, 2, 3), 20);
        assert_eq!(share(20, 1, 8), 3); // 2.5 → 3
        assert_eq!(share(15, 5, 3), 15);
        assert_eq!(share(20, 0, 0), 20);
    }

    #[test]
    fn the_json_shape_is_the_stored_one() {
        let card = Scorecard {
            total: 27,
            tier: None,
            parts: vec![Part { name: "fit".into(), earned: 27, weight: 30 }],
            feedback: vec!["x".into()],
        };
        assert_eq!(
            serde_json::to_string(&card).unwrap(),
            r#"{"total":27,"tier":null,"parts":[{"name":"fit","earned":27,"weight":30}],"feedback":["x"]}"#
        );
        let gold = Scorecard { tier: Some(Tier::Gold), ..card };
        assert!(serde_json::to_string(&gold).unwrap().contains(r#""tier":"Gold""#));
    }
}
