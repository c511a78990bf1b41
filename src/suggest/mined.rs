//! The `mined` cross-sell source: association rules learned from the store's
//! own sales, ranked by [`crate::mining::score`] (smoothed confidence summed
//! over every rule whose antecedent lies within the cart, tempered by the
//! item's popularity — the design measured in docs/mining.md).
#![allow(clippy::disallowed_types, reason = "rule confidence, lift and scores are ratios; no money here")]

use std::collections::HashMap;

use super::evidence::{Candidates, Evidence};
use super::{Engine, Request, Source};
use crate::catalog::{LinkKind, ProductIdx};

/// The strongest single rule behind a candidate, for its reason.
struct Best {
    antecedent: Vec<u32>,
    confidence: f64,
    lift: f64,
    count: u32,
}

/// Rules whose antecedent lies within the cart.
pub fn mined(engine: &Engine<'_>, req: &Request<'_>, c: &mut Candidates) {
    let catalog = engine.catalog;
    let index = &catalog.mined;
    if index.is_empty() || req.cart.is_empty() {
        return;
    }
    let cart: Vec<u32> = req.cart.iter().map(|&(p, _)| u32::from(p)).collect();
    let params = engine.config.rank_params();
    let scores = crate::mining::score(&cart, index, &params);
    if scores.is_empty() {
        return;
    }
    let n = index.n_baskets();
    let mut best: HashMap<u32, Best> = HashMap::new();
    index.for_each_match(&cart, params.max_antecedent, &mut |x, cx, list| {
        for r in list {
            let confidence = f64::from(r.count) / f64::from(cx.max(1));
            let base = f64::from(index.item_count(r.item)) / n;
            let lift = if base > 0.0 { confidence / base } else { 0.0 };
            let better = best.get(&r.item).is_none_or(|b| (confidence, r.count) > (b.confidence, b.count));
            if better {
                best.insert(r.item, Best { antecedent: x.to_vec(), confidence, lift, count: r.count });
            }
        }
    });
    for (item, score) in scores {
        let Some(b) = best.get(&item) else { continue };
        let p = ProductIdx::from(item);
        let anchor = b.antecedent.first().map_or(req.cart[0].0, |&a| ProductIdx::from(a));
        let names: Vec<&str> =
            b.antecedent.iter().map(|&a| catalog.product(ProductIdx::from(a)).name.as_str()).collect();
        let percent = (b.confidence * 100.0).round();
        // The count is shown only when somebody counted it.
        let sales = if index.counted() { format!(", {} sales", b.count) } else { String::new() };
        let reason = format!(
            "Bought together in {percent} % of baskets with the {} — lift {:.1}{sales}",
            names.join(" and the "),
            b.lift,
        );
        let curated = catalog
            .links_from(anchor)
            .find(|l| l.to == p && l.kind == LinkKind::Complement)
            .map(|l| l.talking_point.clone())
            .filter(|t| !t.trim().is_empty());
        let talking_point = curated.unwrap_or_else(|| {
            format!(
                "{percent} % of customers who buy the {} take the {} too.",
                catalog.product(anchor).name,
                catalog.product(p).name
            )
        });
        let e = Evidence {
            source: Source::Mined,
            anchor,
            // A monotone map of the rule score into 0..1, so the mined order is kept.
            strength: score / (1.0 + score),
            reason,
            talking_point,
        };
        c.entry(p).or_default().push(e);
    }
}
