//! The learning experiment (`simulate --hidden-tastes`): customers whose
//! liking for each suggestion is hidden from the engine and has nothing to
//! do with the merchandiser's priorities, so the curated top add-on may be
//! one they rarely take. The seller offers the top suggestion of each list;
//! the customer takes or declines it by the hidden chance; the till's
//! events are recorded. With the learned counts refreshed as the sales come
//! in, the ranking should find what customers take: the share of offers
//! taken rises over the run, against the same customers with learning off.
//!
//! Every visit draws the same three random numbers whatever happens in it
//! (the product they came in for, then one for each offer), so two runs of
//! a seed meet the same customers and differ only in what they were offered.

use std::collections::HashSet;

use super::{Log, lists};
use crate::cart::{Cart, Origin};
use crate::catalog::ProductIdx;
use crate::catalog::take_counts::Taken;
use crate::checkout::PaymentMethod;
use crate::rng::Rng;
use crate::suggest::Engine;
use crate::suggest::events::{EventKind, ListKind, SuggestionEvent};

/// The customers' hidden chance of taking each suggestion, fixed by a seed.
#[derive(Debug, Clone, Copy)]
pub struct Tastes {
    seed: u64,
}

/// The lowest and highest hidden chance, in per mille.
pub const CHANCE_PER_MILLE: (u32, u32) = (50, 650);

impl Tastes {
    pub fn new(seed: u64) -> Tastes {
        Tastes { seed }
    }

    /// The chance, in per mille, that a customer offered `sku` from `list`
    /// for `anchor_sku` takes it: uniform from 5 % to 65 % over the links,
    /// the same for every customer and every run of the seed.
    pub fn chance(&self, list: ListKind, anchor_sku: &str, sku: &str) -> u32 {
        // FNV-1a over the link, then a splitmix round so near keys spread.
        let mut h: u64 = 0xCBF2_9CE4_8422_2325 ^ self.seed;
        for part in [list.as_str(), anchor_sku, sku] {
            for b in part.bytes().chain([0xFF]) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01B3);
            }
        }
        let mut rng = Rng::new(h);
        let (lo, hi) = CHANCE_PER_MILLE;
        lo + rng.below((hi - lo + 1) as usize) as u32
    }
}

/// One offer the seller made and what the customer said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    pub list: ListKind,
    pub taken: bool,
    /// The hidden chance of the suggestion offered, per mille.
    pub chance: u32,
    /// The best hidden chance in the list shown, per mille: what a seller
    /// who knew the customers' tastes would have offered.
    pub best: u32,
}

/// The products customers come in for, most wanted first, with cumulative
/// weights for [`Rng::weighted`]: the i-th is wanted in proportion to
/// 1 / (i + 1) (Zipf), in an order shuffled by the seed — a few products
/// make most of the sales, as in a shop, so their suggestions gather counts.
pub fn popularity(anchors: &[ProductIdx], seed: u64) -> (Vec<ProductIdx>, Vec<u64>) {
    let mut rng = Rng::new(seed ^ 0x0000_7A57_E500_0000);
    let order: Vec<ProductIdx> =
        rng.sample(anchors.len(), anchors.len()).into_iter().map(|i| anchors[i]).collect();
    let mut total = 0;
    let cumulative = (0..order.len() as u64)
        .map(|i| {
            total += 1_000_000 / (i + 1);
            total
        })
        .collect();
    (order, cumulative)
}

/// One customer of the experiment.
#[derive(Debug, Clone)]
pub struct TastingVisit {
    /// What they leave with.
    pub cart: Cart,
    pub method: PaymentMethod,
    /// What the till records for their cart.
    pub events: Vec<SuggestionEvent>,
    /// The upgrade offer, then the add-on offer, when the lists had one.
    pub offers: Vec<Offer>,
}

/// A customer comes in for one of `anchors` (weighted by the cumulative
/// `wanted`, see [`popularity`]); the seller offers the top upgrade (swapped
/// in when taken) and then the top add-on for the cart as it is then (added
/// when taken), and the customer answers by `tastes`.
pub fn visit(
    engine: &Engine<'_>,
    (anchors, wanted): (&[ProductIdx], &[u64]),
    tastes: &Tastes,
    cart_id: &str,
    rng: &mut Rng,
) -> TastingVisit {
    let catalog = engine.catalog;
    // The same three draws every visit (see the module's note).
    let main = anchors.get(rng.weighted(wanted)).copied();
    let (up_draw, cross_draw) = (rng.below(1000) as u32, rng.below(1000) as u32);
    let mut log = Log { cart_id, events: Vec::new(), shown: HashSet::new() };
    let mut cart = Cart::default();
    let mut offers = Vec::new();
    let Some(main) = main else {
        return TastingVisit { cart, method: PaymentMethod::Card, events: Vec::new(), offers };
    };
    cart.add(catalog.product(main), 1, Origin::Scan);
    cart.reprice_from(catalog);
    let mut dismissed: Vec<String> = Vec::new();
    let mut shown = lists(engine, &cart, &dismissed);
    log.show(&shown);
    let best = |list: ListKind, pairs: &mut dyn Iterator<Item = (&str, &str)>| {
        pairs.map(|(anchor, sku)| tastes.chance(list, anchor, sku)).max().unwrap_or(0)
    };
    if let Some(up) = shown.upsell.first() {
        let chance = tastes.chance(ListKind::Upsell, &up.for_sku, &up.sku);
        let best =
            best(ListKind::Upsell, &mut shown.upsell.iter().map(|u| (u.for_sku.as_str(), u.sku.as_str())));
        let taken = up_draw < chance;
        if taken {
            log.push(ListKind::Upsell, EventKind::Swapped, 0, &up.for_sku, &up.sku, up.source);
            cart.swap(0, catalog.product(up.product));
        } else {
            log.push(ListKind::Upsell, EventKind::Dismissed, 0, &up.for_sku, &up.sku, up.source);
            dismissed.push(up.sku.clone());
        }
        offers.push(Offer { list: ListKind::Upsell, taken, chance, best });
        cart.reprice_from(catalog);
        shown = lists(engine, &cart, &dismissed);
        log.show(&shown);
    }
    if let Some(c) = shown.cross_sell.first() {
        let chance = tastes.chance(ListKind::CrossSell, &c.for_sku, &c.sku);
        let best = best(
            ListKind::CrossSell,
            &mut shown.cross_sell.iter().map(|x| (x.for_sku.as_str(), x.sku.as_str())),
        );
        let taken = cross_draw < chance;
        if taken {
            log.push(ListKind::CrossSell, EventKind::Added, 0, &c.for_sku, &c.sku, c.source);
            cart.add(catalog.product(c.product), 1, Origin::CrossSell);
            cart.reprice_from(catalog);
        } else {
            log.push(ListKind::CrossSell, EventKind::Dismissed, 0, &c.for_sku, &c.sku, c.source);
        }
        offers.push(Offer { list: ListKind::CrossSell, taken, chance, best });
    }
    TastingVisit { cart, method: PaymentMethod::Card, events: log.events, offers }
}

/// What the offers of one list came to over a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Offers and takes in all.
    pub all: Taken,
    /// The same in each of the run's equal stretches, in order.
    pub parts: Vec<Taken>,
    /// The hidden chances of what was offered, summed (per mille): their
    /// mean is the take rate without the luck of the draws.
    pub chance: u64,
    /// The best hidden chances of the lists shown, summed (per mille).
    pub best: u64,
}

/// How often the top suggestion of `list` was taken, in all and in each of
/// `parts` equal stretches of the run (`offers` per visit, in order).
pub fn outcome(offers: &[Vec<Offer>], list: ListKind, parts: usize) -> Outcome {
    let parts = parts.max(1);
    let mut out = Outcome { parts: vec![Taken::default(); parts], ..Outcome::default() };
    for (i, visit) in offers.iter().enumerate() {
        let part = i * parts / offers.len().max(1);
        for o in visit.iter().filter(|o| o.list == list) {
            let t = Taken { offered: 1, accepted: u32::from(o.taken) };
            out.all.add(t);
            out.parts[part].add(t);
            out.chance += u64::from(o.chance);
            out.best += u64::from(o.best);
        }
    }
    out
}

/// A per-mille sum over `n` offers as a mean percentage, to a tenth ("–" for none).
pub fn mean_percent(per_mille: u64, n: u32) -> String {
    // Per mille summed = tenths of a percent summed, so the same rounding as `percent`.
    let n = u64::from(n);
    if n == 0 {
        return "–".into();
    }
    let tenths = (2 * per_mille + n) / (2 * n);
    format!("{}.{} %", tenths / 10, tenths % 10)
}

/// "33.8 %": a share of offers taken, to a tenth, rounded half up ("–" for none).
pub fn percent(t: Taken) -> String {
    if t.offered == 0 {
        return "–".into();
    }
    let (a, n) = (u64::from(t.accepted), u64::from(t.offered));
    let tenths = (2000 * a + n) / (2 * n);
    format!("{}.{} %", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tastes_are_fixed_by_the_seed_and_spread_over_the_range() {
        let (a, b) = (Tastes::new(1), Tastes::new(2));
        let skus: Vec<String> = (0..400).map(|i| format!("SKU-{i}")).collect();
        let chances: Vec<u32> = skus.iter().map(|s| a.chance(ListKind::CrossSell, "PH", s)).collect();
        assert_eq!(chances, skus.iter().map(|s| a.chance(ListKind::CrossSell, "PH", s)).collect::<Vec<_>>());
        assert!(chances.iter().all(|c| (50..=650).contains(c)));
        assert!(chances.iter().any(|&c| c < 150) && chances.iter().any(|&c| c > 550), "spread out");
        let other: Vec<u32> = skus.iter().map(|s| b.chance(ListKind::CrossSell, "PH", s)).collect();
        assert_ne!(chances, other, "another seed, other tastes");
        assert_ne!(a.chance(ListKind::CrossSell, "PH", "X"), a.chance(ListKind::Upsell, "PH", "X"));
    }

    #[test]
    fn outcomes_split_the_run_into_equal_parts() {
        let o = |taken| {
            vec![
                Offer { list: ListKind::CrossSell, taken, chance: 300, best: 500 },
                Offer { list: ListKind::Upsell, taken: false, chance: 100, best: 100 },
            ]
        };
        let offers = vec![o(false), o(false), o(true), o(true)];
        let cross = outcome(&offers, ListKind::CrossSell, 2);
        assert_eq!(cross.all, Taken { offered: 4, accepted: 2 });
        assert_eq!(cross.parts, [Taken { offered: 2, accepted: 0 }, Taken { offered: 2, accepted: 2 }]);
        assert_eq!((cross.chance, cross.best), (1200, 2000));
        assert_eq!(mean_percent(cross.chance, cross.all.offered), "30.0 %");
        assert_eq!(outcome(&offers, ListKind::Upsell, 2).all, Taken { offered: 4, accepted: 0 });
        assert_eq!(percent(Taken { offered: 3, accepted: 1 }), "33.3 %");
        assert_eq!(percent(Taken { offered: 0, accepted: 0 }), "–");
        assert_eq!(mean_percent(0, 0), "–");
    }
}
