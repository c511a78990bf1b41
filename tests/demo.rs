//! The demo store is rich enough to sell from: coverage of cross-sell and
//! upsell over every product, and the invariants every suggestion keeps.

mod common;

use counterpart::catalog::doc::CatalogDoc;
use counterpart::catalog::{Catalog, LinkKind, ProductIdx};
use counterpart::money::Currency;
use counterpart::suggest::{Engine, Request};

fn demo_catalog() -> Catalog {
    Catalog::from_doc(&counterpart::demo::catalog(&Currency::usd()).unwrap())
}

#[test]
fn most_demo_products_get_suggestions_that_keep_every_rule() {
    let catalog = demo_catalog();
    let config = common::config();
    let usd = Currency::usd();
    let engine = Engine { catalog: &catalog, config: &config.suggestions, currency: &usd };
    let step = i64::from(config.suggestions.max_upsell_step_percent);
    let (mut with_cross, mut with_up) = (0, 0);
    for (i, p) in catalog.product_indices().zip(&catalog.products) {
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
    let c = demo_catalog();
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

/// Asserts that `doc` built in memory is, field by field, the catalog that
/// importing it into an empty store and loading it back gives.
fn same_as_the_store(name: &str, doc: &CatalogDoc) -> (Catalog, Catalog) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = counterpart::store::Store::open(&dir.path().join("t.db")).unwrap();
    store.import(name, doc, false).unwrap();
    let stored = store.load_catalog().unwrap();
    let built = Catalog::from_doc(doc);
    assert_eq!(built.categories, stored.categories, "{name}: categories");
    assert_eq!(built.products, stored.products, "{name}: products");
    assert_eq!(built.links, stored.links, "{name}: links");
    assert_eq!(built.category_links, stored.category_links, "{name}: category links");
    assert_eq!(built.bundles, stored.bundles, "{name}: bundles");
    assert_eq!(built.roots(), stored.roots(), "{name}: the category tree");
    for p in stored.product_indices() {
        assert_eq!(built.stock(p), stored.stock(p), "{name}: stock");
    }
    (built, stored)
}

/// `Catalog::from_doc` builds, with no database, the catalog the store
/// loads after importing the same file, and the engine cannot tell them
/// apart: the demo store's every product gets the same suggestions.
#[test]
fn a_catalog_built_in_memory_is_the_one_the_store_loads() {
    let usd = Currency::usd();
    let (built, stored) = same_as_the_store("demo", &counterpart::demo::catalog(&usd).unwrap());
    let config = common::config();
    let suggest = |catalog: &Catalog, p: ProductIdx| {
        let engine = Engine { catalog, config: &config.suggestions, currency: &usd };
        engine.suggest(&Request { cart: vec![(p, 1)], focus: Some(p), ..Request::default() })
    };
    for p in stored.product_indices() {
        assert_eq!(suggest(&built, p), suggest(&stored, p), "suggestions for {}", stored.product(p).sku);
    }
    let shop = std::fs::read(common::data("shop.toml")).unwrap();
    same_as_the_store(
        "shop.toml",
        &counterpart::catalog::toml_format::read("shop.toml", &shop, &usd).unwrap(),
    );
    same_as_the_store("synthetic", &counterpart::synthetic::generate(1500, 3, &usd));
}
