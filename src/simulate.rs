//! Generated sales for demo history and load tests. Carts are realistic: a
//! main product, often some of its curated complements, sometimes the
//! upgrade instead of the base item, sometimes a whole bundle, varied
//! quantities and payments. Deterministic for a seed.

use crate::cart::{Cart, Origin};
use crate::catalog::{Catalog, LinkKind, ProductIdx};
use crate::checkout::PaymentMethod;
use crate::money::Money;
use crate::rng::Rng;

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

/// One generated cart and how it is paid.
pub fn cart(
    catalog: &Catalog,
    anchors: &[ProductIdx],
    rng: &mut Rng,
) -> (Cart, PaymentMethod, Option<Money>) {
    let mut cart = Cart::default();
    if anchors.is_empty() {
        if let Some(p) = catalog.products.iter().find(|p| p.active) {
            cart.add(p, 1, Origin::Search);
        }
        return (cart, PaymentMethod::Card, None);
    }
    let mut main = anchors[rng.below(anchors.len())];
    // A fifth of customers take the upgrade instead.
    if rng.chance(20)
        && let Some(up) =
            catalog.links_from(main).find(|l| l.kind == LinkKind::Upgrade && catalog.product(l.to).active)
    {
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
    (cart, method, None)
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
