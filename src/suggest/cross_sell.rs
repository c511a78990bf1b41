//! "Goes well with": complementary add-ons for the whole cart.
//!
//! Sources each add evidence for candidate products; the candidates are then
//! filtered and ranked. A new source is one more function in [`SOURCES`].
//!
//! **Made for one product.** A role with a target after a colon
//! ("case:PH-AUR-X5") marks an accessory that fits one product or family:
//! category-level links never offer it, only links that name it.
//!
//! **Covered roles.** An accessory may carry a role ("case:aurora-x5",
//! "charger", "protection-plan"). When the cart already holds a product with
//! that role, other products with the same role are not offered; neither is a
//! product joined to a cart item by a substitute link. Among the suggestions
//! themselves only the best of each role is kept: one case, not three.
//!
//! **Score.** For each candidate, every piece of evidence has a strength in
//! 0..1 (curated and category links: priority / 100; bundles: 0.5 + half the
//! share of the bundle already in the cart; family: the sibling link's
//! priority / 100; mined: the rule's smoothed confidence), weighted by the
//! source's weight from `[suggestions]`. The score is the strongest weighted
//! evidence, plus `weight_more_items` for each further cart item that calls
//! for the candidate, plus a tenth of the other evidence (at most 0.5). An
//! add-on dearer than `price_sanity_percent` of the item that calls for it is
//! scaled down by how far it overshoots; `weight_margin` × gross margin is
//! added; last, the learned term ([`super::learned`]) multiplies it by how
//! much more or less often customers took it for that cart item than they
//! take add-ons overall. Ties break by source, then price, then SKU.
#![allow(
    clippy::disallowed_types,
    reason = "evidence strengths, weights and scores are ratios; amounts stay Money"
)]

use super::evidence::{Candidates, Evidence, SourceFn};
use super::{CrossSell, Engine, Request, Source, known, learned};
use crate::catalog::take_counts::Taken;
use crate::catalog::{Catalog, LinkKind, Product, ProductIdx};
use crate::money::{Currency, Money};

/// The sources the engine blends, in tie-break order.
pub const SOURCES: &[SourceFn] = &[curated, bundles, categories, families, super::mined::mined];

/// How many products each category-level link may offer.
const PICKS_PER_CATEGORY_LINK: usize = 2;

/// How far down a linked category the category source looks: the first this
/// many products (by price, then SKU) that could ever be offered for the cart
/// item — sellable, not made for one product, and, for a service priced by
/// band, covering the item's price. The picks come from this window only, so
/// what the cart holds or the customer dismissed never sends the engine
/// further down, and a cart's neighbourhood (`Store::load_neighbourhood`)
/// loads exactly these products: the selling screen and `counterpart suggest`
/// agree.
pub const CATEGORY_WINDOW: usize = 16;

pub fn suggest(engine: &Engine<'_>, req: &Request<'_>) -> Vec<CrossSell> {
    let mut candidates = Candidates::new();
    for source in SOURCES {
        source(engine, req, &mut candidates);
    }
    let catalog = engine.catalog;
    let known = known::resolve(engine, req);
    if let Some(k) = &known {
        known::evidence(engine, req, k, &mut candidates);
    }
    let offered: Vec<_> = candidates
        .into_iter()
        .filter(|(p, _)| engine.offerable(req, *p) && !covered(catalog, req, *p))
        .filter(|(p, _)| known.as_ref().is_none_or(|k| k.may_offer(catalog, *p)))
        .filter(|(p, _)| req.budget_room.is_none_or(|r| catalog.product(*p).price <= r))
        .collect();
    let neutral = neutral_margin(catalog, offered.iter().map(|(p, _)| *p));
    // Score every candidate; build the words (reasons, talking points) only for those shown.
    let scored: Vec<Scored> =
        offered.into_iter().filter_map(|(p, evidence)| score(engine, p, evidence, neutral)).collect();
    let mut shown = ranking(catalog, &scored, |x| x.score);
    shown.truncate(engine.config.cross_sell);
    // Where each would be without the learned term, to tell when it moved one.
    let before = if scored.iter().any(|x| x.learned.is_some()) {
        ranking(catalog, &scored, |x| x.unlearned)
    } else {
        Vec::new()
    };
    let mut scored: Vec<Option<Scored>> = scored.into_iter().map(Some).collect();
    shown
        .into_iter()
        .enumerate()
        .filter_map(|(at, i)| {
            let moved = !before.is_empty() && before.iter().position(|&b| b == i) != Some(at);
            Some(scored[i].take()?.into_suggestion(engine, moved))
        })
        .collect()
}

/// The candidates' order by `key` (best first; ties by source, price, SKU),
/// as indexes into `scored`, with one suggestion per role: the best case,
/// not three cases for the same phone.
fn ranking(catalog: &Catalog, scored: &[Scored], key: impl Fn(&Scored) -> f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scored.len()).collect();
    order.sort_by(|&a, &b| rank_order(catalog, &scored[a], &scored[b], &key));
    let mut roles: Vec<&str> = Vec::new();
    order.retain(|&i| match catalog.product(scored[i].product).role.as_deref() {
        Some(role) if roles.contains(&role) => false,
        Some(role) => {
            roles.push(role);
            true
        }
        None => true,
    });
    order
}

/// The engine's case for the best of the products `wanted` accepts, as an
/// add-on to the cart of `req`, whether or not it would make the list the
/// till shows (which keeps the top few, one per role, in stock): its source,
/// reason and talking point, as `suggest` gives them. Reads only; `None`
/// when no source calls for any of them. Follow-up lists ask it what to say
/// about Y to someone who bought X.
pub fn explain(
    engine: &Engine<'_>,
    req: &Request<'_>,
    wanted: impl Fn(ProductIdx) -> bool,
) -> Option<CrossSell> {
    let mut candidates = Candidates::new();
    for source in SOURCES {
        source(engine, req, &mut candidates);
    }
    let catalog = engine.catalog;
    let in_cart = |p: ProductIdx| req.cart.iter().any(|(c, _)| *c == p);
    let pool: Vec<_> = candidates
        .into_iter()
        .filter(|(p, _)| wanted(*p) && catalog.product(*p).active && !in_cart(*p))
        .collect();
    let neutral = neutral_margin(catalog, pool.iter().map(|(p, _)| *p));
    pool.into_iter()
        .filter_map(|(p, evidence)| score(engine, p, evidence, neutral))
        .min_by(|a, b| rank_order(catalog, a, b, |x| x.score))
        .map(|best| best.into_suggestion(engine, false))
}

/// The order of the list: by `key` (best first), then source, price and SKU.
fn rank_order(catalog: &Catalog, a: &Scored, b: &Scored, key: impl Fn(&Scored) -> f64) -> std::cmp::Ordering {
    let (pa, pb) = (catalog.product(a.product), catalog.product(b.product));
    key(b)
        .total_cmp(&key(a))
        .then(a.best().source.cmp(&b.best().source))
        .then(pa.price.cmp(&pb.price))
        .then(pa.sku.cmp(&pb.sku))
}

fn weight(engine: &Engine<'_>, s: Source) -> f64 {
    let c = engine.config;
    match s {
        Source::Curated => c.weight_curated,
        Source::Bundle => c.weight_bundle,
        Source::Category => c.weight_category,
        Source::Family => c.weight_family,
        Source::Mined => c.weight_mined,
        Source::History => c.weight_history,
    }
}

/// The candidates' average margin: what one whose cost is unknown counts as (neutral).
fn neutral_margin(catalog: &Catalog, candidates: impl Iterator<Item = ProductIdx>) -> f64 {
    let margins: Vec<f64> = candidates.filter_map(|p| margin(catalog.product(p))).collect();
    if margins.is_empty() { 0.0 } else { margins.iter().sum::<f64>() / margins.len() as f64 }
}

/// Gross margin as a share of the price, when the cost is known.
fn margin(p: &crate::catalog::Product) -> Option<f64> {
    let cost = p.cost?;
    (p.price.0 > 0).then(|| (p.price - cost).0 as f64 / p.price.0 as f64)
}

/// A candidate with its score, before its words are written.
struct Scored {
    product: ProductIdx,
    evidence: Vec<Evidence>,
    /// The strongest evidence, by index into `evidence`.
    best: usize,
    /// Rounded to four places, as shown by `suggest --json`.
    score: f64,
    /// The score without the learned term, rounded alike.
    unlearned: f64,
    /// The counts behind the learned term, when it applies.
    learned: Option<Taken>,
}

impl Scored {
    fn best(&self) -> &Evidence {
        &self.evidence[self.best]
    }

    /// The suggestion as shown: every source behind it, strongest first,
    /// once each; the learned counts in the reason when they `moved` it and
    /// enough offers were counted.
    fn into_suggestion(self, engine: &Engine<'_>, moved: bool) -> CrossSell {
        let catalog = engine.catalog;
        let cand = catalog.product(self.product);
        let best = self.best();
        let anchor = catalog.product(best.anchor);
        let talking_point = if best.talking_point.trim().is_empty() {
            fallback_talking_point(cand, anchor)
        } else {
            best.talking_point.clone()
        };
        let weighted = |e: &Evidence| weight(engine, e.source) * e.strength;
        let mut ranked: Vec<&Evidence> = self.evidence.iter().collect();
        ranked.sort_by(|a, b| weighted(b).total_cmp(&weighted(a)).then(a.source.cmp(&b.source)));
        let mut support: Vec<(Source, String)> = Vec::new();
        for e in ranked {
            if !support.iter().any(|(s, _)| *s == e.source) {
                support.push((e.source, e.reason.clone()));
            }
        }
        // A rule from the store's own sales that confirms a merchandiser's choice says so.
        let mut reason = best.reason.clone();
        if best.source != Source::Mined
            && let Some((_, mined)) = support.iter().find(|(s, _)| *s == Source::Mined)
        {
            reason = format!("{reason} · {}", lowercase_first(mined));
        }
        if let Some(taken) = self.learned.filter(|&t| moved && learned::worth_saying(t)) {
            reason = format!("{reason} · {}", learned::words(taken));
        }
        CrossSell {
            product: self.product,
            sku: cand.sku.clone(),
            name: cand.name.clone(),
            price: cand.price,
            source: best.source,
            for_sku: anchor.sku.clone(),
            reason,
            talking_point,
            score: self.score,
            evidence: support,
            learned: self.learned,
        }
    }
}

fn score(engine: &Engine<'_>, p: ProductIdx, evidence: Vec<Evidence>, neutral_margin: f64) -> Option<Scored> {
    let catalog = engine.catalog;
    let cand = catalog.product(p);
    let weighted = |e: &Evidence| weight(engine, e.source) * e.strength;
    let (best_at, best) = evidence
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| weighted(a).total_cmp(&weighted(b)).then(b.source.cmp(&a.source)))?;
    let mut anchors: Vec<ProductIdx> = evidence.iter().map(|e| e.anchor).collect();
    anchors.sort_unstable();
    anchors.dedup();
    let others: f64 = evidence.iter().map(weighted).sum::<f64>() - weighted(best);
    let mut score = weighted(best)
        + engine.config.weight_more_items * (anchors.len() - 1) as f64
        + (others * 0.1).min(0.5);
    let anchor = catalog.product(best.anchor);
    let sane = anchor.price.mul_div(i64::from(engine.config.price_sanity_percent), 100);
    if cand.price > sane && cand.price.0 > 0 && best.anchor != p {
        score *= (sane.0 as f64 / cand.price.0 as f64).max(0.05);
    }
    if cand.price.0 > 0 {
        score += engine.config.weight_margin * margin(cand).unwrap_or(neutral_margin);
    }
    let round = |s: f64| (s * 10_000.0).round() / 10_000.0;
    let weight = engine.config.weight_learned;
    let (learned_score, taken) = match learned::factor(&catalog.learned.cross_sell, best.anchor, p, weight) {
        Some((factor, taken)) => (learned::apply(score, factor), Some(taken)),
        None => (score, None),
    };
    Some(Scored {
        product: p,
        evidence,
        best: best_at,
        score: round(learned_score),
        unlearned: round(score),
        learned: taken,
    })
}

/// A talking point for a suggestion that has none of its own.
pub fn fallback_talking_point(cand: &Product, anchor: &Product) -> String {
    match cand.selling_points.first() {
        Some(point) => format!("With the {}: {}", anchor.name, lowercase_first(point)),
        None => format!("Most customers who buy the {} pick up the {} too.", anchor.name, cand.name),
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if c.clone().next().is_some_and(char::is_lowercase) => f.to_lowercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

/// Whether the cart already fills the candidate's role, or holds a substitute for it.
fn covered(catalog: &Catalog, req: &Request<'_>, p: ProductIdx) -> bool {
    let cand = catalog.product(p);
    let in_cart = |q: ProductIdx| req.cart.iter().any(|(c, _)| *c == q);
    if let Some(role) = &cand.role
        && req.cart.iter().any(|(c, _)| catalog.product(*c).role.as_ref() == Some(role))
    {
        return true;
    }
    catalog.links_from(p).any(|l| l.kind == LinkKind::Substitute && in_cart(l.to))
        || catalog.links_to(p).any(|l| l.kind == LinkKind::Substitute && in_cart(l.from))
}

/// A service priced by band fits an anchor only when the anchor's price is in the band.
fn fits(cand: &Product, anchor: &Product) -> bool {
    cand.cover.is_none_or(|(lo, hi)| lo <= anchor.price && anchor.price <= hi)
}

fn push(engine: &Engine<'_>, c: &mut Candidates, p: ProductIdx, e: Evidence) {
    let catalog = engine.catalog;
    let (cand, anchor) = (catalog.product(p), catalog.product(e.anchor));
    if !fits(cand, anchor) {
        return;
    }
    let e = match cand.cover {
        Some((lo, hi)) => {
            let band = |m| band_amount(engine.currency, m);
            Evidence {
                reason: format!("Covers the {} (plan for items {}–{})", anchor.name, band(lo), band(hi)),
                ..e
            }
        }
        None => e,
    };
    c.entry(p).or_default().push(e);
}

/// A band's end as the store writes amounts, without a symbol so the reason
/// reads the same in any currency, and without a fraction of zeros: "500"
/// and "799.99" in dollars, "50000" in yen.
fn band_amount(currency: &Currency, m: Money) -> String {
    let plain = currency.plain(m);
    match plain.split_once('.') {
        Some((major, minor)) if minor.bytes().all(|b| b == b'0') => major.to_string(),
        _ => plain,
    }
}

/// Curated complement links of every cart item.
fn curated(engine: &Engine<'_>, req: &Request<'_>, c: &mut Candidates) {
    let catalog = engine.catalog;
    for &(a, _) in &req.cart {
        for l in catalog.links_from(a).filter(|l| l.kind == LinkKind::Complement) {
            let e = Evidence {
                source: Source::Curated,
                anchor: a,
                strength: (l.priority as f64 / 100.0).max(0.05),
                reason: format!("Curated for the {}", catalog.product(a).name),
                talking_point: l.talking_point.clone(),
            };
            push(engine, c, l.to, e);
        }
    }
}

/// The missing items of bundles the cart partly holds and can still complete;
/// the saving is the talking point. A bundle whose missing item the cart
/// already has an alternative for (another phone than the bundle's) is never
/// promised.
fn bundles(engine: &Engine<'_>, req: &Request<'_>, c: &mut Candidates) {
    let catalog = engine.catalog;
    let mut seen = Vec::new();
    for &(a, _) in &req.cart {
        for b in catalog.bundles_of(a) {
            if seen.contains(&b.code) {
                continue;
            }
            seen.push(b.code.clone());
            let missing: Vec<ProductIdx> =
                b.items.iter().copied().filter(|i| !req.cart.iter().any(|(p, _)| p == i)).collect();
            let reachable = missing.iter().all(|&m| {
                engine.offerable(req, m) && !covered(catalog, req, m) && !sibling_in_cart(catalog, req, m)
            });
            if missing.is_empty() || !reachable {
                continue;
            }
            let held = b.items.len() - missing.len();
            let saving = engine.currency.display(b.discount);
            let bundle = if b.name.to_lowercase().ends_with("bundle") {
                b.name.clone()
            } else {
                format!("{} bundle", b.name)
            };
            for &item in &missing {
                let others: Vec<&str> = missing
                    .iter()
                    .filter(|&&m| m != item)
                    .map(|&m| catalog.product(m).name.as_str())
                    .collect();
                let reason = match others.as_slice() {
                    [] => format!("Completes the {bundle}: saves {saving}"),
                    [other] => format!("Part of the {bundle}: with the {other} it saves {saving}"),
                    more => format!("Part of the {bundle}: with {} more items it saves {saving}", more.len()),
                };
                let talking_point = if b.talking_point.trim().is_empty() {
                    format!("Take the whole {} and save {saving}.", b.name)
                } else {
                    b.talking_point.clone()
                };
                let e = Evidence {
                    source: Source::Bundle,
                    anchor: a,
                    strength: 0.5 + 0.5 * held as f64 / b.items.len() as f64,
                    reason,
                    talking_point,
                };
                push(engine, c, item, e);
            }
        }
    }
}

/// Whether the cart holds another member of the product's family (the 256 GB
/// when the bundle is built on the 128 GB): the customer has chosen already.
fn sibling_in_cart(catalog: &Catalog, req: &Request<'_>, p: ProductIdx) -> bool {
    let Some(family) = &catalog.product(p).family else { return false };
    req.cart.iter().any(|&(c, _)| c != p && catalog.product(c).family.as_ref() == Some(family))
}

/// Category-level complements: the first fitting products of each linked
/// category. Accessories made for one product or family are left to the
/// curated and family sources, so a vacuum is never offered another model's
/// filter. Only the [`CATEGORY_WINDOW`] is looked at.
fn categories(engine: &Engine<'_>, req: &Request<'_>, c: &mut Candidates) {
    let catalog = engine.catalog;
    let allow_out_of_stock = !engine.config.hide_out_of_stock;
    for &(a, _) in &req.cart {
        let anchor = catalog.product(a);
        for cl in catalog.category_links_for(anchor.category) {
            // Accessories made for one product or family are left out by the index itself.
            let window = catalog
                .open_in_category(cl.to)
                .iter()
                .copied()
                .filter(|&p| catalog.sellable(p, allow_out_of_stock) && fits(catalog.product(p), anchor))
                .take(CATEGORY_WINDOW);
            let picks = window
                .filter(|&p| engine.offerable(req, p) && !covered(catalog, req, p))
                .take(PICKS_PER_CATEGORY_LINK);
            for p in picks.collect::<Vec<_>>() {
                let e = Evidence {
                    source: Source::Category,
                    anchor: a,
                    strength: (cl.priority as f64 / 100.0).max(0.05),
                    reason: format!(
                        "{} for {}",
                        catalog.category(cl.to).name(),
                        catalog.category(cl.from).name()
                    ),
                    talking_point: cl.talking_point.clone(),
                };
                push(engine, c, p, e);
            }
        }
    }
}

/// Accessories curated for other members of a cart item's family.
fn families(engine: &Engine<'_>, req: &Request<'_>, c: &mut Candidates) {
    let catalog = engine.catalog;
    for &(a, _) in &req.cart {
        let anchor = catalog.product(a);
        let Some(family) = &anchor.family else { continue };
        for &m in catalog.family(family).iter().filter(|&&m| m != a) {
            for l in catalog.links_from(m).filter(|l| l.kind == LinkKind::Complement) {
                if catalog.links_from(a).any(|own| own.to == l.to && own.kind == LinkKind::Complement) {
                    continue; // the curated source has it already
                }
                let e = Evidence {
                    source: Source::Family,
                    anchor: a,
                    strength: (l.priority as f64 / 100.0).max(0.05),
                    reason: format!("Fits the whole {} family", family_name(catalog, family)),
                    talking_point: l.talking_point.clone(),
                };
                push(engine, c, l.to, e);
            }
        }
    }
}

/// The family's name as people say it: the words its members' names share
/// ("Aurora X5 128 GB", "Aurora X5 256 GB" → "Aurora X5"), else its id.
fn family_name(catalog: &Catalog, family: &str) -> String {
    let members = catalog.family(family);
    let mut names = members.iter().map(|&m| catalog.product(m).name.split_whitespace().collect::<Vec<_>>());
    let Some(first) = names.next() else { return family.to_string() };
    let shared = names
        .fold(first.len(), |n, other| first.iter().zip(&other).take(n).take_while(|(a, b)| a == b).count());
    if shared == 0 || members.len() < 2 { family.to_string() } else { first[..shared].join(" ") }
}
