//! "Upgrade options": better versions of the product in focus.
//!
//! Candidates are the focus's curated upgrade links and the higher tiers of
//! its family. Only dearer, offerable products within the price step
//! (`max_upsell_step_percent`) and the customer's budget are kept, and only
//! when at least one attribute differs, so the customer can see the value.
//! The next step up comes first: the i-th step up (from 0) scores 1 / (1 + i),
//! and the learned term ([`super::learned`]) multiplies that by how much more
//! or less often customers took it for this product than they take upgrades
//! overall, so an upgrade customers keep turning down gives way to the next.

use super::known::{self, Known};
use super::{Difference, Engine, Request, Source, Upsell, learned};
use crate::catalog::{Catalog, LinkKind, Product, ProductIdx};
use crate::customers::owned::ago_words;
use crate::money::{Currency, Money};

pub fn suggest(engine: &Engine<'_>, req: &Request<'_>, focus: ProductIdx) -> Vec<Upsell> {
    let known = known::resolve(engine, req);
    suggest_known(engine, req, focus, known.as_ref())
}

/// The upgrades of `focus`, leaving out what a known customer must not be offered.
fn suggest_known(
    engine: &Engine<'_>,
    req: &Request<'_>,
    focus: ProductIdx,
    known: Option<&Known<'_>>,
) -> Vec<Upsell> {
    let catalog = engine.catalog;
    let base = catalog.product(focus);
    let mut candidates: Vec<(ProductIdx, Source, String)> = catalog
        .links_from(focus)
        .filter(|l| l.kind == LinkKind::Upgrade)
        .map(|l| (l.to, Source::Curated, l.talking_point.clone()))
        .collect();
    if let (Some(family), Some(tier)) = (&base.family, base.tier) {
        for &m in catalog.family(family) {
            if catalog.product(m).tier.is_some_and(|t| t > tier)
                && !candidates.iter().any(|(c, _, _)| *c == m)
            {
                candidates.push((m, Source::Family, String::new()));
            }
        }
    }
    let qty = req.cart.iter().find(|(p, _)| *p == focus).map_or(1, |(_, q)| *q);
    let in_cart = req.cart.iter().any(|(p, _)| *p == focus);
    // Swapping out a product that completes a bundle ends the bundle's saving.
    let lost: Option<(String, Money)> = in_cart
        .then(|| req.bundled.iter().filter(|(p, _, _)| *p == focus).max_by_key(|(_, _, m)| *m))
        .flatten()
        .map(|(_, name, m)| (name.clone(), *m));
    let discount_lost: Money = if in_cart {
        req.line_discounts.iter().filter(|(p, _)| *p == focus).map(|(_, m)| *m).sum()
    } else {
        Money::ZERO
    };
    let step_cap = base.price.mul_div(100 + i64::from(engine.config.max_upsell_step_percent), 100);
    let mut out: Vec<Upsell> = candidates
        .into_iter()
        .filter(|(p, _, _)| engine.offerable(req, *p) && known.is_none_or(|k| k.may_offer(catalog, *p)))
        .filter_map(|(p, source, curated_point)| {
            let up = catalog.product(p);
            if up.price <= base.price || up.price > step_cap {
                return None;
            }
            if let Some(room) = req.budget_room {
                let lost = lost.as_ref().map_or(Money::ZERO, |(_, m)| *m) + discount_lost;
                let adds = if in_cart { (up.price - base.price) * qty + lost } else { up.price };
                if adds > room {
                    return None;
                }
            }
            let differences = differences(base, up);
            if differences.is_empty() {
                return None;
            }
            let price_delta = up.price - base.price;
            let talking_point =
                talking_point(curated_point, &engine.currency.display(price_delta), &differences);
            Some(Upsell {
                product: p,
                for_sku: base.sku.clone(),
                sku: up.sku.clone(),
                name: up.name.clone(),
                price: up.price,
                price_delta,
                delta_basis_points: price_delta.basis_points_of(base.price).unwrap_or(0),
                differences,
                talking_point,
                source,
                bundle_lost: lost.clone(),
                learned: None,
                reason: None,
            })
        })
        .collect();
    out.sort_by(|a, b| a.price.cmp(&b.price).then(a.source.cmp(&b.source)).then(a.sku.cmp(&b.sku)));
    let mut out = learned_order(engine, focus, out);
    out.truncate(engine.config.upsell);
    out
}

/// The upgrade list for a known customer: first the next step up from each
/// durable they own whose family the cart touches ("Trade up from the
/// Aurora X5 128 GB they bought 14 months ago"), then the focus's own
/// upgrades not already there, at most `upsell` in all.
pub fn with_trade_ups(
    engine: &Engine<'_>,
    req: &Request<'_>,
    known: &Known<'_>,
    focus_ups: Vec<Upsell>,
) -> Vec<Upsell> {
    let catalog = engine.catalog;
    let mut out: Vec<Upsell> = Vec::new();
    for h in known::trade_up_from(engine, req, known) {
        let Some(mut up) = suggest_known(engine, req, h.product, Some(known)).into_iter().next() else {
            continue;
        };
        if out.iter().any(|u| u.product == up.product) {
            continue;
        }
        let owned = catalog.product(h.product);
        let ago = ago_words(h.owned.last_day, known.today);
        let on = known.bought_on(&h);
        up.talking_point =
            format!("Trade up from the {} they bought {ago}. {}", owned.name, up.talking_point);
        up.reason = Some(format!("Trade up from the {} they bought {ago} (on {on})", owned.name));
        out.push(up);
    }
    for u in focus_ups {
        if !out.iter().any(|o| o.product == u.product) {
            out.push(u);
        }
    }
    out.truncate(engine.config.upsell);
    out
}

/// The upgrades (in price order) reordered by the learned term, each with its
/// counts, and the reason when the term moved it and enough were counted.
/// Without counts (or with `weight_learned` 0) the order stays as it was.
#[allow(clippy::disallowed_types, reason = "ranking scores, not money")]
fn learned_order(engine: &Engine<'_>, focus: ProductIdx, ups: Vec<Upsell>) -> Vec<Upsell> {
    let counts = &engine.catalog.learned.upsell;
    let weight = engine.config.weight_learned;
    let factors: Vec<_> = ups.iter().map(|u| learned::factor(counts, focus, u.product, weight)).collect();
    if factors.iter().all(Option::is_none) {
        return ups;
    }
    let mut order: Vec<(usize, f64)> = factors
        .iter()
        .enumerate()
        .map(|(i, f)| (i, learned::apply(1.0 / (1 + i) as f64, f.map_or(1.0, |(factor, _)| factor))))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut ups: Vec<Option<Upsell>> = ups.into_iter().map(Some).collect();
    order
        .into_iter()
        .enumerate()
        .filter_map(|(at, (i, _))| {
            let mut u = ups[i].take()?;
            u.learned = factors[i].map(|(_, taken)| taken);
            u.reason = u.learned.filter(|&t| at != i && learned::worth_saying(t)).map(learned::sentence);
            Some(u)
        })
        .collect()
}

/// The attributes that differ, in the base product's order, then those only the upgrade has.
pub fn differences(base: &Product, up: &Product) -> Vec<Difference> {
    let mut out: Vec<Difference> = base
        .attributes
        .iter()
        .filter_map(|(k, v)| {
            let to = up.attribute(k)?;
            (to != v).then(|| Difference { attribute: k.clone(), from: Some(v.clone()), to: to.to_string() })
        })
        .collect();
    out.extend(up.attributes.iter().filter(|(k, _)| base.attribute(k).is_none()).map(|(k, v)| Difference {
        attribute: k.clone(),
        from: None,
        to: v.clone(),
    }));
    out
}

/// What to say to take a customer from `base` up to `up`: the curated
/// upgrade link's talking point, else one made from their differences, as
/// the upgrade list says it. `None` when `up` is not dearer or nothing differs.
pub fn pitch(catalog: &Catalog, currency: &Currency, base: ProductIdx, up: ProductIdx) -> Option<String> {
    let (b, u) = (catalog.product(base), catalog.product(up));
    let diffs = differences(b, u);
    if u.price <= b.price || diffs.is_empty() {
        return None;
    }
    let curated = catalog
        .links_from(base)
        .find(|l| l.kind == LinkKind::Upgrade && l.to == up)
        .map(|l| l.talking_point.clone())
        .unwrap_or_default();
    Some(talking_point(curated, &currency.display(u.price - b.price), &diffs))
}

/// The curated talking point when there is one, else the generated one.
fn talking_point(curated: String, delta: &str, diffs: &[Difference]) -> String {
    if curated.trim().is_empty() { generated_talking_point(delta, diffs) } else { curated }
}

/// "For $100.00 more: twice the storage, and twice the warranty."
pub fn generated_talking_point(delta: &str, diffs: &[Difference]) -> String {
    let phrases: Vec<String> = diffs.iter().take(2).map(phrase).collect();
    format!("For {delta} more: {}.", phrases.join(", and "))
}

fn phrase(d: &Difference) -> String {
    let key = d.attribute.to_lowercase();
    let Some(from) = &d.from else {
        return format!("{key} {}", d.to);
    };
    match (quantity(from), quantity(&d.to)) {
        (Some((a, ua)), Some((b, ub))) if ua == ub && a > 0.0 && b > a => {
            let ratio = b / a;
            let times = [(2.0, "twice"), (3.0, "three times"), (4.0, "four times")];
            match times.iter().find(|(r, _)| (ratio - r).abs() < 1e-9) {
                Some((_, word)) => format!("{word} the {key}"),
                None => format!("{:.0} % more {key} ({} instead of {from})", (ratio - 1.0) * 100.0, d.to),
            }
        }
        _ => format!("{key} {} instead of {from}", d.to),
    }
}

/// The leading number of a value and its unit ("128 GB" → (128, "gb"); "2 years" → (2, "year")).
#[allow(clippy::disallowed_types, reason = "attribute quantities (storage, years), never prices")]
fn quantity(v: &str) -> Option<(f64, String)> {
    let v = v.trim();
    let end = v.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(v.len());
    let n: f64 = v[..end].replace(',', "").parse().ok()?;
    let unit = v[end..].trim().to_lowercase();
    let unit = unit.strip_suffix('s').filter(|u| u.len() > 2).map(str::to_string).unwrap_or(unit);
    Some((n, unit))
}

/// The price step as people read it: "+$100.00 (+16.7 %)".
pub fn format_step(delta: &str, basis_points: i64) -> String {
    let tenths = crate::money::div_round(i128::from(basis_points), 10);
    format!("+{delta} (+{}.{} %)", tenths / 10, tenths % 10)
}
