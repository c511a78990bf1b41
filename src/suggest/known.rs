//! Suggestions for a customer the store knows (profiling consent given:
//! [`Request::customer`]), from what they own ([`CustomerHistory`]).
//!
//! * **Never again.** A durable product they own is never offered, nor
//!   another accessory in a slot one of theirs fills for one item (its role
//!   names a target: a second "case:PH-AUR-X5"). A consumable (a category
//!   with a refill window, `[refill]`) is treated alike until its window has
//!   passed since they last bought it.
//! * **Accessories for what they own** (cross-sell after the purchase): the
//!   curated add-ons of every durable they own that the cart touches (of a
//!   family the cart touches, or one the cart holds an add-on of), and of its family, are
//!   [`Source::History`] evidence anchored at it: "For the Aurora X5 128 GB
//!   they bought on 12 May".
//! * **Refills.** A consumable whose window has passed comes back as
//!   evidence anchored at itself: "They bought the … on 3 Mar, 38 weeks ago:
//!   due again (every 180 days)".
//! * **Trade-ups** (upsell after the purchase): when the cart touches the
//!   family of a durable they own (holds a member, or an add-on curated for
//!   one), the next step up from what they own leads the upgrade list:
//!   "Trade up from the Aurora X5 128 GB they bought 14 months ago".
//!
//! Every date is the counted purchase day from the history.
#![allow(clippy::disallowed_types, reason = "evidence strengths are ratios, not money")]

use rustc_hash::FxHashSet;

use super::evidence::{Candidates, Evidence};
use super::{Engine, Request, Source};
use crate::catalog::{Catalog, LinkKind, ProductIdx};
use crate::customers::owned::{CustomerHistory, Holding, ago_words, day_words};

/// How strong a refill that is due is, before `weight_history`.
const REFILL_STRENGTH: f64 = 0.8;

/// A customer's history resolved against the catalog, once per request.
pub struct Known<'h> {
    pub today: i64,
    pub holdings: Vec<Holding<'h>>,
    /// Owned durables and consumables not yet due: never offered.
    blocked: FxHashSet<ProductIdx>,
    /// The targeted roles those fill ("case:PH-AUR-X5").
    roles: Vec<&'h str>,
}

impl<'h> Known<'h> {
    pub fn new(catalog: &'h Catalog, history: &'h CustomerHistory) -> Known<'h> {
        let holdings = history.holdings(catalog);
        let mut blocked = FxHashSet::default();
        let mut roles = Vec::new();
        for h in holdings.iter().filter(|h| !h.due(history.today)) {
            blocked.insert(h.product);
            let prod = catalog.product(h.product);
            if let Some(role) = prod.role.as_deref().filter(|_| prod.made_for_something())
                && !roles.contains(&role)
            {
                roles.push(role);
            }
        }
        Known { today: history.today, holdings, blocked, roles }
    }

    /// Whether the customer may be offered `p`: not something they own (or a
    /// refill not yet due), nor a second accessory for the same item.
    pub fn may_offer(&self, catalog: &Catalog, p: ProductIdx) -> bool {
        if self.blocked.contains(&p) {
            return false;
        }
        let prod = catalog.product(p);
        !(prod.made_for_something() && prod.role.as_deref().is_some_and(|r| self.roles.contains(&r)))
    }

    /// "12 May" for the day they last bought a holding.
    pub fn bought_on(&self, h: &Holding<'_>) -> String {
        day_words(h.owned.last_day, self.today)
    }
}

/// The resolved history of the request's customer, when there is one.
pub fn resolve<'h>(engine: &Engine<'h>, req: &Request<'h>) -> Option<Known<'h>> {
    req.customer.map(|h| Known::new(engine.catalog, h))
}

/// The families the cart touches: those of its items, and of the products
/// its items are curated add-ons for.
fn touched_families<'c>(catalog: &'c Catalog, req: &Request<'_>) -> Vec<&'c str> {
    let mut out: Vec<&str> = Vec::new();
    for &(p, _) in &req.cart {
        let linked = catalog.links_to(p).filter(|l| l.kind == LinkKind::Complement).map(|l| l.from);
        for q in std::iter::once(p).chain(linked) {
            if let Some(f) = catalog.product(q).family.as_deref()
                && !out.contains(&f)
            {
                out.push(f);
            }
        }
    }
    out
}

/// Whether the cart touches a durable they own: it is of a family the cart
/// touches, or a cart item is one of its curated add-ons.
fn touched(catalog: &Catalog, req: &Request<'_>, families: &[&str], h: &Holding<'_>) -> bool {
    h.refill_days.is_none()
        && (catalog.product(h.product).family.as_deref().is_some_and(|f| families.contains(&f))
            || catalog.links_from(h.product).any(|l| req.cart.iter().any(|&(c, _)| c == l.to)))
}

/// Accessories for the owned durables the cart touches, and refills that
/// are due: evidence for `cross_sell`, which filters and ranks it with the rest.
pub fn evidence(engine: &Engine<'_>, req: &Request<'_>, known: &Known<'_>, c: &mut Candidates) {
    let catalog = engine.catalog;
    let families = touched_families(catalog, req);
    for h in &known.holdings {
        let prod = catalog.product(h.product);
        if touched(catalog, req, &families, h) {
            let reason = format!("For the {} they bought on {}", prod.name, known.bought_on(h));
            let mut sources = vec![h.product];
            if let Some(family) = &prod.family {
                sources.extend(catalog.family(family).iter().copied().filter(|&m| m != h.product));
            }
            for from in sources {
                for l in catalog.links_from(from).filter(|l| l.kind == LinkKind::Complement) {
                    let e = Evidence {
                        source: Source::History,
                        anchor: h.product,
                        strength: (l.priority as f64 / 100.0).max(0.05),
                        reason: reason.clone(),
                        talking_point: l.talking_point.clone(),
                    };
                    let list = c.entry(l.to).or_default();
                    if !list.iter().any(|x| x.source == Source::History && x.anchor == h.product) {
                        list.push(e);
                    }
                }
            }
        } else if let Some(days) = h.refill_days.filter(|_| h.due(known.today)) {
            let ago = ago_words(h.owned.last_day, known.today);
            let e = Evidence {
                source: Source::History,
                anchor: h.product,
                strength: REFILL_STRENGTH,
                reason: format!(
                    "They bought the {} on {}, {ago}: due again (every {days} days)",
                    prod.name,
                    known.bought_on(h)
                ),
                talking_point: format!("Your last {} was {ago}; time for a fresh one?", prod.name),
            };
            c.entry(h.product).or_default().push(e);
        }
    }
}

/// The durables they own whose family the cart touches: it holds a member
/// of the family, or an add-on curated for one. Oldest purchase first.
pub fn trade_up_from<'h>(engine: &Engine<'_>, req: &Request<'_>, known: &Known<'h>) -> Vec<Holding<'h>> {
    let catalog = engine.catalog;
    let mut out: Vec<Holding<'h>> = known
        .holdings
        .iter()
        .copied()
        .filter(|h| h.refill_days.is_none())
        .filter(|h| {
            let Some(family) = &catalog.product(h.product).family else { return false };
            let members = catalog.family(family);
            req.cart.iter().any(|&(p, _)| {
                members.contains(&p)
                    || catalog
                        .links_to(p)
                        .any(|l| l.kind == LinkKind::Complement && members.contains(&l.from))
            })
        })
        .collect();
    out.sort_by_key(|h| (h.owned.last_day, h.product));
    out
}
