//! Generated sales for demo history and load tests. Carts are realistic: a
//! main product, often some of its curated complements, sometimes the
//! upgrade instead of the base item, sometimes a whole bundle, varied
//! quantities and payments. Deterministic for a seed.
//!
//! Each visit also has its suggestion events ([`suggestion_events`]): the
//! cart is built again item by item through the real engine, so what was
//! shown is what the screen would have shown, and what the customer took
//! from the lists is recorded as added or swapped in; the seller also offers
//! some suggestions the customer turns down; and the checkout lists the last
//! add-ons not offered yet, as the till's does, the last add-on of some carts
//! being taken there. They come from a second random stream
//! ([`seller_rng`]), so the carts of a seed are what they always were.
//!
//! With returning customers ([`customer_pool`]), a share of the visits is
//! theirs, drawn from a third stream ([`customer_rng`]): the carts and
//! events stay the seed's own.
//!
//! [`tastes`] is the learning experiment (`simulate --hidden-tastes`):
//! customers with hidden tastes answer the top suggestions.

pub mod tastes;

use std::collections::HashSet;

use crate::cart::{Cart, Origin};
use crate::catalog::{Catalog, LinkKind, ProductIdx};
use crate::checkout::PaymentMethod;
use crate::customers::{Consent, NewCustomer};
use crate::money::Money;
use crate::rng::Rng;
use crate::suggest::events::{EventKind, LAST_CHANCE, ListKind, Place, SuggestionEvent};
use crate::suggest::{CrossSell, Engine, Request, Source, Suggestions};

/// Products a simulated customer comes in for: active, in stock, with complements.
pub fn anchors(catalog: &Catalog) -> Vec<ProductIdx> {
    catalog
        .product_indices()
        .filter(|&p| {
            let prod = catalog.product(p);
            prod.active && catalog.links_from(p).any(|l| l.kind == LinkKind::Complement)
        })
        .collect()
}

/// One generated customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// What they leave with.
    pub cart: Cart,
    pub method: PaymentMethod,
    /// The product they came in for, when they leave with its upgrade instead.
    pub upgraded_from: Option<ProductIdx>,
}

/// One generated customer: their cart and how they pay.
pub fn visit(catalog: &Catalog, anchors: &[ProductIdx], rng: &mut Rng) -> Visit {
    let mut cart = Cart::default();
    if anchors.is_empty() {
        if let Some(p) = catalog.products.iter().find(|p| p.active) {
            cart.add(p, 1, Origin::Search);
        }
        return Visit { cart, method: PaymentMethod::Card, upgraded_from: None };
    }
    let mut main = anchors[rng.below(anchors.len())];
    let mut upgraded_from = None;
    // A fifth of customers take the upgrade instead.
    if rng.chance(20)
        && let Some(up) =
            catalog.links_from(main).find(|l| l.kind == LinkKind::Upgrade && catalog.product(l.to).active)
    {
        upgraded_from = Some(main);
        main = up.to;
    }
    let qty = if rng.chance(85) { 1 } else { 2 + rng.below(2) as i64 };
    cart.add(catalog.product(main), qty, Origin::Scan);
    let mut complements: Vec<(i64, ProductIdx)> = catalog
        .links_from(main)
        .filter(|l| l.kind == LinkKind::Complement && catalog.product(l.to).active)
        .map(|l| (l.priority, l.to))
        .collect();
    complements.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (i, (_, c)) in complements.iter().take(4).enumerate() {
        // Stronger links join more often: 55 %, 40 %, 25 %, 10 %.
        if rng.chance(55 - 15 * i) {
            cart.add(catalog.product(*c), 1, Origin::CrossSell);
        }
    }
    if rng.chance(10)
        && let Some(b) = catalog.bundles_of(main).next()
    {
        for &item in &b.items {
            if cart.position(&catalog.product(item).sku).is_none() {
                cart.add(catalog.product(item), 1, Origin::CrossSell);
            }
        }
    }
    if rng.chance(15) {
        let p = ProductIdx::new(rng.below(catalog.products.len()));
        if catalog.product(p).active {
            cart.add(catalog.product(p), 1, Origin::Search);
        }
    }
    // Bundle prices apply as they do at the till.
    cart.reprice_from(catalog);
    let method = match rng.below(10) {
        0..=5 => PaymentMethod::Card,
        6..=8 => PaymentMethod::Cash,
        _ => PaymentMethod::Other,
    };
    Visit { cart, method, upgraded_from }
}

/// Cash handed over for a total: the next round note above it.
pub fn cash_for(total: Money, scale: i64) -> Money {
    let notes = [5, 10, 20, 50, 100];
    for n in notes {
        let note = n * scale;
        if note >= total.0 {
            return Money(note);
        }
    }
    let step = 100 * scale;
    Money((total.0 + step - 1) / step * step)
}

/// The random stream of the simulated sellers, apart from the customers' so
/// that recording suggestion events leaves a seed's carts as they were.
pub fn seller_rng(seed: u64) -> Rng {
    Rng::new(seed ^ 0x5E11_E125_0FFE_25ED)
}

/// The random stream of who comes back, apart from the customers' carts and
/// the sellers' so that attaching returning customers leaves a seed's carts
/// and suggestion events as they were.
pub fn customer_rng(seed: u64) -> Rng {
    Rng::new(seed ^ 0xC057_0E12_5EED_A11D)
}

const FIRST_NAMES: [&str; 16] = [
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luca", "Maya",
    "Niall", "Olga", "Priya",
];
const LAST_NAMES: [&str; 16] = [
    "Abbott", "Brennan", "Castillo", "Dubois", "Eriksen", "Fischer", "Gupta", "Haddad", "Ito", "Jansen",
    "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov",
];

/// `n` simulated customers for a seed, the same every time: a name, an
/// example.com email (unique to the seed and number), a phone, a loyalty
/// card for every other one, and the consents in turn: both, marketing
/// only, profiling only, none.
pub fn customer_pool(seed: u64, n: usize) -> Vec<NewCustomer> {
    let mut rng = Rng::new(seed ^ 0x9E0F_1E5C_0057_0E12);
    (0..n)
        .map(|i| {
            let (first, last) = (rng.pick(&FIRST_NAMES), rng.pick(&LAST_NAMES));
            let consents = match i % 4 {
                0 => vec![Consent::Profiling, Consent::Marketing],
                1 => vec![Consent::Marketing],
                2 => vec![Consent::Profiling],
                _ => Vec::new(),
            };
            NewCustomer {
                name: Some(format!("{first} {last}")),
                phone: Some(format!("+1555{:07}", i + 1)),
                email: Some(format!("{}.{}.{seed}.{}@example.com", first, last, i + 1).to_lowercase()),
                card: (i % 2 == 0).then(|| format!("SIM{seed}-{:05}", i + 1)),
                consents,
            }
        })
        .collect()
}

/// The returning customer a visit is for, `share` percent of the time (none
/// when there are none).
pub fn returning(rng: &mut Rng, customers: &[i64], share: u8) -> Option<i64> {
    if customers.is_empty() || !rng.chance(usize::from(share)) {
        return None;
    }
    Some(customers[rng.below(customers.len())])
}

/// What a simulated counter records for a suggestion list.
struct Log<'a> {
    cart_id: &'a str,
    events: Vec<SuggestionEvent>,
    /// Shown once per cart, list, place, item and suggestion, as the selling screen records them.
    shown: HashSet<(ListKind, Place, String, String)>,
}

impl Log<'_> {
    /// An event in a pane, for row `rank` (from 0) of its list.
    fn push(
        &mut self,
        list: ListKind,
        event: EventKind,
        rank: usize,
        for_sku: &str,
        sku: &str,
        source: Source,
    ) {
        self.record(SuggestionEvent {
            cart_id: self.cart_id.to_string(),
            list,
            event,
            anchor_sku: for_sku.to_string(),
            sku: sku.to_string(),
            source,
            rank: rank + 1,
            place: Place::Pane,
        });
    }

    /// An event at checkout for the add-on in slot `slot` (from 0) of its last chance.
    fn at_checkout(&mut self, event: EventKind, slot: usize, c: &CrossSell) {
        self.record(SuggestionEvent {
            cart_id: self.cart_id.to_string(),
            list: ListKind::CrossSell,
            event,
            anchor_sku: c.for_sku.clone(),
            sku: c.sku.clone(),
            source: c.source,
            rank: slot + 1,
            place: Place::Checkout,
        });
    }

    fn record(&mut self, e: SuggestionEvent) {
        if e.event == EventKind::Shown
            && !self.shown.insert((e.list, e.place, e.anchor_sku.clone(), e.sku.clone()))
        {
            return;
        }
        self.events.push(e);
    }

    /// Whether the seller already offered `sku` for this cart.
    fn offered(&self, sku: &str) -> bool {
        self.events.iter().any(|e| e.event != EventKind::Shown && e.sku == sku)
    }

    /// The rows of `list` the checkout's last chance may list for `cart`,
    /// best first: not in the cart, not offered.
    fn checkout_candidates(&self, list: &Suggestions, cart: &Cart) -> Vec<usize> {
        (0..list.cross_sell.len())
            .filter(|&r| {
                cart.position(&list.cross_sell[r].sku).is_none() && !self.offered(&list.cross_sell[r].sku)
            })
            .collect()
    }

    /// The checkout's last chance for `cart`, as rows of `list`: each empty
    /// slot filled with the best candidate not listed yet, recorded as shown there.
    fn list_at_checkout(
        &mut self,
        list: &Suggestions,
        cart: &Cart,
        slots: &mut [Option<usize>; LAST_CHANCE],
    ) {
        let candidates = self.checkout_candidates(list, cart);
        for n in 0..LAST_CHANCE {
            if slots[n].is_some() {
                continue;
            }
            slots[n] = candidates.iter().copied().find(|r| !slots.contains(&Some(*r)));
            if let Some(r) = slots[n] {
                self.at_checkout(EventKind::Shown, n, &list.cross_sell[r]);
            }
        }
    }

    /// Records both lists as shown.
    fn show(&mut self, s: &Suggestions) {
        for (i, c) in s.cross_sell.iter().enumerate() {
            self.push(ListKind::CrossSell, EventKind::Shown, i, &c.for_sku, &c.sku, c.source);
        }
        for (i, u) in s.upsell.iter().enumerate() {
            self.push(ListKind::Upsell, EventKind::Shown, i, &u.for_sku, &u.sku, u.source);
        }
    }
}

/// The engine's lists for a cart, as the selling screen asks for them (the
/// last item in focus, bundles counted, dismissed suggestions hidden).
fn lists(engine: &Engine<'_>, cart: &Cart, dismissed: &[String]) -> Suggestions {
    let catalog = engine.catalog;
    let req = Request {
        cart: cart.lines.iter().filter_map(|l| Some((catalog.by_sku(&l.sku)?, l.qty))).collect(),
        bundled: cart
            .bundled()
            .into_iter()
            .filter_map(|(sku, name, m)| Some((catalog.by_sku(sku)?, name, m)))
            .collect(),
        dismissed: dismissed.iter().map(String::as_str).collect(),
        ..Request::default()
    };
    engine.suggest(&req)
}

/// The suggestion events of a visit: its cart built again item by item
/// through the engine, every list shown, what the customer took from a list
/// added (or, for the upgrade, swapped in), and the first upgrade and the
/// top add-ons left sometimes offered and declined (dismissed). At checkout
/// the last chance lists the add-ons not offered yet; for some carts the
/// last add-on taken from "Goes well with" is taken there instead, when the
/// checkout lists it. A line the customer asked for that no list suggested
/// keeps no event and is marked as searched for; the lines' origins are set
/// to match.
pub fn suggestion_events(
    engine: &Engine<'_>,
    visit: &mut Visit,
    cart_id: &str,
    rng: &mut Rng,
) -> Vec<SuggestionEvent> {
    let catalog = engine.catalog;
    let mut log = Log { cart_id, events: Vec::new(), shown: HashSet::new() };
    let mut dismissed: Vec<String> = Vec::new();
    let target = visit.cart.lines.clone();
    let Some(first) = target.first() else { return Vec::new() };
    let Some(first_idx) = catalog.by_sku(&first.sku) else { return Vec::new() };
    let mut origins: Vec<Origin> = target.iter().map(|l| l.origin).collect();
    // The upgrade swapped in from the list, when the list had it for what they came in for.
    if let Some(base) = visit.upgraded_from {
        let mut before = Cart::default();
        before.add(catalog.product(base), first.qty, Origin::Scan);
        before.reprice_from(catalog);
        let offered = lists(engine, &before, &dismissed);
        match offered.upsell.iter().position(|u| u.sku == first.sku) {
            Some(rank) => {
                log.show(&offered);
                let up = &offered.upsell[rank];
                log.push(ListKind::Upsell, EventKind::Swapped, rank, &up.for_sku, &up.sku, up.source);
                origins[0] = Origin::Upsell;
            }
            // Asked for by name: the screen never showed the base item.
            None => origins[0] = Origin::Scan,
        }
    }
    let mut cart = Cart::default();
    cart.add(catalog.product(first_idx), first.qty, origins[0]);
    cart.reprice_from(catalog);
    let mut shown = lists(engine, &cart, &dismissed);
    log.show(&shown);
    if visit.upgraded_from.is_none()
        && let Some(up) = shown.upsell.first()
        && rng.chance(35)
    {
        log.push(ListKind::Upsell, EventKind::Dismissed, 0, &up.for_sku, &up.sku, up.source);
        dismissed.push(up.sku.clone());
        shown = lists(engine, &cart, &dismissed);
        log.show(&shown);
    }
    // A third of the carts whose last line is an add-on keep it for the
    // checkout, when its last chance would list it.
    let last = target.len() - 1;
    let mut kept_for_checkout =
        (last > 0 && target[last].origin == Origin::CrossSell && rng.chance(33)).then_some(last);
    for (i, line) in target.iter().enumerate().skip(1) {
        if Some(i) == kept_for_checkout {
            let listed = log.checkout_candidates(&shown, &cart);
            if listed.iter().take(LAST_CHANCE).any(|&r| shown.cross_sell[r].sku == line.sku) {
                continue;
            }
            kept_for_checkout = None;
        }
        let Some(p) = catalog.by_sku(&line.sku) else { continue };
        let from_list = (line.origin == Origin::CrossSell)
            .then(|| shown.cross_sell.iter().position(|c| c.sku == line.sku))
            .flatten();
        match from_list {
            Some(rank) => {
                let c = &shown.cross_sell[rank];
                log.push(ListKind::CrossSell, EventKind::Added, rank, &c.for_sku, &c.sku, c.source);
            }
            None if line.origin == Origin::CrossSell => origins[i] = Origin::Search,
            None => {}
        }
        cart.add(catalog.product(p), line.qty, origins[i]);
        cart.reprice_from(catalog);
        shown = lists(engine, &cart, &dismissed);
        log.show(&shown);
    }
    // The seller offers what is left at the top of the list (not what the
    // customer will take at checkout); some customers say no.
    let kept_sku = kept_for_checkout.map(|i| target[i].sku.as_str());
    let top: Vec<usize> = (0..shown.cross_sell.len())
        .filter(|&r| Some(shown.cross_sell[r].sku.as_str()) != kept_sku)
        .take(2)
        .collect();
    for (n, r) in top.into_iter().enumerate() {
        if rng.chance(if n == 0 { 45 } else { 20 }) {
            let c = &shown.cross_sell[r];
            log.push(ListKind::CrossSell, EventKind::Dismissed, r, &c.for_sku, &c.sku, c.source);
            dismissed.push(c.sku.clone());
        }
    }
    if dismissed.iter().any(|d| shown.cross_sell.iter().any(|c| &c.sku == d)) {
        shown = lists(engine, &cart, &dismissed);
        log.show(&shown);
    }
    // Checkout: the last chance, and the add-on kept for it taken there.
    let mut slots = [None; LAST_CHANCE];
    log.list_at_checkout(&shown, &cart, &mut slots);
    if let Some(i) = kept_for_checkout
        && let Some(p) = catalog.by_sku(&target[i].sku)
    {
        let at = (0..LAST_CHANCE)
            .find_map(|n| slots[n].filter(|&r| shown.cross_sell[r].sku == target[i].sku).map(|r| (n, r)));
        match (at, shown.cross_sell.iter().position(|c| c.sku == target[i].sku)) {
            (Some((n, r)), _) => log.at_checkout(EventKind::Added, n, &shown.cross_sell[r]),
            // Seldom: the declines moved it down the checkout's list; taken from the pane.
            (None, Some(r)) => {
                let c = &shown.cross_sell[r];
                log.push(ListKind::CrossSell, EventKind::Added, r, &c.for_sku, &c.sku, c.source);
            }
            (None, None) => origins[i] = Origin::Search,
        }
        cart.add(catalog.product(p), target[i].qty, origins[i]);
        cart.reprice_from(catalog);
        if let Some((n, _)) = at {
            // The other slot keeps its add-on while still suggested; the empty one refills.
            let refill = lists(engine, &cart, &dismissed);
            log.show(&refill);
            let mut next = [None; LAST_CHANCE];
            for (m, slot) in next.iter_mut().enumerate().filter(|(m, _)| *m != n) {
                let sku = slots[m].map(|r| shown.cross_sell[r].sku.as_str());
                *slot = refill.cross_sell.iter().position(|c| Some(c.sku.as_str()) == sku);
            }
            log.list_at_checkout(&refill, &cart, &mut next);
        }
    }
    for (line, origin) in visit.cart.lines.iter_mut().zip(origins) {
        line.origin = origin;
    }
    log.events
}
