//! The demo store is rich enough to sell from: coverage of cross-sell and
//! upsell over every product, and the invariants every suggestion keeps.

mod common;

use counterpart::catalog::LinkKind;
use counterpart::money::Currency;
use counterpart::suggest::{Engine, Request};

#[test]
fn most_demo_products_get_suggestions_that_keep_every_rule() {
    let (_d, store) = common::demo_store();
    let catalog = store.load_catalog().unwrap();
    let config = common::config();
    let usd = Currency::usd();
    let engine = Engine { catalog: &catalog, config: &config.suggestions, currency: &usd };
    let step = i64::from(config.suggestions.max_upsell_step_percent);
    let (mut with_cross, mut with_up) = (0, 0);
    for (i, p) in catalog.products.iter().enumerate() {
        let s = engine.suggest(&Request { cart: vec![(i, 1)], ..Request::default() });
        with_cross += usize::from(!s.cross_sell.is_empty());
        with_up += usize::from(!s.upsell.is_empty());
        for x in &s.cross_sell {
            let q = catalog.product(x.product);
            assert_ne!(x.sku, p.sku, "{} suggests itself", p.sku);
            assert!(q.active && q.stock > 0, "{} suggests {} (inactive or out of stock)", p.sku, x.sku);
            assert!(
                !x.reason.trim().is_empty() && !x.talking_point.trim().is_empty(),
                "{} → {}",
                p.sku,
                x.sku
            );
        }
        for u in &s.upsell {
            let q = catalog.product(u.product);
            assert!(q.active && q.stock > 0, "{} upgrades to {}", p.sku, u.sku);
            assert!(u.price > p.price, "{} → {} is not dearer", p.sku, u.sku);
            assert!(u.price.0 * 100 <= p.price.0 * (100 + step), "{} → {} is over the step", p.sku, u.sku);
            assert!(!u.differences.is_empty(), "{} → {} lists no difference", p.sku, u.sku);
            assert!(!u.talking_point.trim().is_empty());
        }
    }
    let n = catalog.products.len();
    assert!(n >= 250, "{n} products");
    assert!(with_cross * 100 >= n * 80, "cross-sell for {with_cross} of {n}");
    assert!(with_up * 100 >= n * 40, "upsell for {with_up} of {n}");
}

#[test]
fn the_demo_store_has_what_the_brief_asks_for() {
    let (_d, store) = common::demo_store();
    let c = store.load_catalog().unwrap();
    let tops: std::collections::HashSet<&str> =
        c.products.iter().map(|p| c.category_path(p.category).split(" > ").next().unwrap_or("")).collect();
    assert!(tops.len() >= 12, "{tops:?}");
    let count = |k: LinkKind| c.links.iter().filter(|l| l.kind == k).count();
    assert!(count(LinkKind::Complement) >= 200);
    assert!(count(LinkKind::Upgrade) >= 60);
    assert!(
        c.links.iter().filter(|l| l.kind != LinkKind::Substitute).all(|l| !l.talking_point.trim().is_empty())
    );
    assert!(c.bundles.len() >= 8);
    assert!(!c.category_links.is_empty());
    assert!(c.products.iter().all(|p| p.barcode.is_some() || p.cover.is_some() || p.stock >= 999));
    assert!(c.products.iter().any(|p| p.stock == 0), "some items are out of stock");
    assert!(c.products.iter().all(|p| p.attributes.len() >= 3), "attributes on every product");
}
