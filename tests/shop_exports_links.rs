//! Real shop exports import as downloaded, what ties products together:
//! upsells, link order, grouped products and bundles, what is left out, and
//! the specs the upgrade pane compares; WooCommerce's importer fixture and
//! Magento's own sample file, in files of their shape, import whole.

mod common;

use common::imports::*;
use counterpart::catalog::doc::CatalogDoc;
use counterpart::catalog::shop_systems::ShopSystem;
use counterpart::catalog::{Catalog, LinkKind};
use counterpart::config::Config;
use counterpart::money::Currency;
use counterpart::suggest::{Engine, Request};

// ------------------------------------------------------------------ links

/// (from, to, kind, priority) of every stored link, sorted.
fn link_list(cat: &Catalog) -> Vec<(String, String, LinkKind, i64)> {
    let mut v: Vec<_> = cat
        .links
        .iter()
        .map(|l| (cat.product(l.from).sku.clone(), cat.product(l.to).sku.clone(), l.kind, l.priority))
        .collect();
    v.sort();
    v
}

#[test]
fn upsells_are_upgrades_when_dearer_and_alternatives_otherwise_so_mutual_upsells_import() {
    let usd = Currency::usd();
    let doc = ShopSystem::Magento
        .read("m.csv", &imports("magento_upsells.csv"), &usd)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.notes.upsells_as_alternatives, 1);
    let (_d, mut store) = store();
    let (summary, cat) = import(&mut store, &doc);
    assert_eq!(summary.links.get(&LinkKind::Upgrade), Some(&3));
    assert_eq!(summary.links.get(&LinkKind::Substitute), Some(&1));
    let ups: Vec<_> = link_list(&cat).into_iter().filter(|l| l.2 != LinkKind::Complement).collect();
    assert_eq!(
        ups,
        [
            ("ROPE-2M".into(), "ROPE-3M".into(), LinkKind::Upgrade, 49),
            ("ROPE-2M".into(), "ROPE-4M".into(), LinkKind::Upgrade, 50),
            ("ROPE-3M".into(), "ROPE-4M".into(), LinkKind::Upgrade, 50),
            ("ROPE-4M".into(), "ROPE-3M".into(), LinkKind::Substitute, 50),
        ],
        "4 m and 3 m upsell each other: an upgrade one way, an alternative the other"
    );
    let config = Config::defaults();
    let engine = Engine { catalog: &cat, config: &config.suggestions, currency: &usd };
    let s =
        engine.suggest(&Request { cart: vec![(cat.by_sku("ROPE-3M").unwrap(), 1)], ..Default::default() });
    assert_eq!(s.upsell.iter().map(|u| u.sku.as_str()).collect::<Vec<_>>(), ["ROPE-4M"]);

    let doc = ShopSystem::WooCommerce
        .read("w.csv", &imports("woo_upsells.csv"), &usd)
        .unwrap_or_else(|e| panic!("{e}"));
    let (_d, mut store) = self::store();
    let (_, cat) = import(&mut store, &doc);
    let ups: Vec<_> = link_list(&cat)
        .into_iter()
        .filter(|l| l.2 != LinkKind::Complement)
        .map(|l| (l.0, l.1, l.2))
        .collect();
    assert_eq!(
        ups,
        [
            ("MAT-PRO".into(), "MAT-STD".into(), LinkKind::Substitute),
            ("MAT-PRO".into(), "MAT-TRAVEL".into(), LinkKind::Substitute),
            ("MAT-STD".into(), "MAT-PRO".into(), LinkKind::Upgrade),
            ("MAT-TRAVEL".into(), "MAT-PRO".into(), LinkKind::Substitute),
        ]
    );
}

#[test]
fn magento_link_positions_are_the_merchants_order_kept_as_priorities() {
    let doc = ShopSystem::Magento.read("m.csv", &imports("magento_upsells.csv"), &Currency::usd()).unwrap();
    let (_d, mut store) = store();
    let (_, cat) = import(&mut store, &doc);
    let from_rope: Vec<(String, i64)> = link_list(&cat)
        .into_iter()
        .filter(|l| l.0 == "ROPE-2M" && l.2 == LinkKind::Complement)
        .map(|l| (l.1, l.3))
        .collect();
    // related 3 m (1), 4 m (2); cross-sells grips (1), towel (3): the first of each list leads.
    assert_eq!(
        from_rope,
        [("GRIP-1".into(), 50), ("ROPE-3M".into(), 50), ("ROPE-4M".into(), 49), ("TOWEL-1".into(), 49)]
    );
    let bad =
        "sku,product_type,name,price,related_skus,related_position\nA,simple,A,1.00,B,x\nB,simple,B,2.00,,\n";
    let e = ShopSystem::Magento.read("m.csv", bad.as_bytes(), &Currency::usd()).unwrap_err().to_string();
    assert_eq!(e, "m.csv:2: field `related_position`: `x` is not a position");
}

#[test]
fn re_importing_an_export_replaces_its_links_so_a_re_priced_upsell_changes_kind_without_a_cycle() {
    let usd = Currency::usd();
    let (_d, mut store) = store();
    import(&mut store, &ShopSystem::Magento.read("m.csv", &imports("magento_upsells.csv"), &usd).unwrap());
    let doc = ShopSystem::Magento.read("m.csv", &imports("magento_upsells_repriced.csv"), &usd).unwrap();
    let (_, cat) = import(&mut store, &doc);
    let between: Vec<_> = link_list(&cat)
        .into_iter()
        .filter(|l| l.2 != LinkKind::Complement && l.0 != "ROPE-2M")
        .map(|l| (l.0, l.1, l.2))
        .collect();
    assert_eq!(
        between,
        [
            ("ROPE-3M".into(), "ROPE-4M".into(), LinkKind::Substitute),
            ("ROPE-4M".into(), "ROPE-3M".into(), LinkKind::Upgrade),
        ],
        "the old upgrade is gone, not left to make a cycle"
    );
}

// ------------------------------------------- grouped, bundles, gift cards

/// (code, items, discount) of every bundle a reader gives.
fn bundles(doc: &CatalogDoc) -> Vec<(&str, Vec<&str>, i64)> {
    doc.bundles
        .iter()
        .map(|b| (b.code.as_str(), b.items.iter().map(String::as_str).collect(), b.discount.0))
        .collect()
}

fn skipped(doc: &CatalogDoc) -> Vec<(&str, usize)> {
    doc.notes.skipped.iter().map(|(k, v)| (k.as_str(), *v)).collect()
}

#[test]
fn magento_grouped_and_fixed_content_bundles_become_bundles_and_the_rest_is_counted() {
    let doc = ShopSystem::Magento
        .read("m.csv", &imports("magento_bundles.csv"), &Currency::usd())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        bundles(&doc),
        [
            ("STARTER-SET", vec!["MUG", "COFFEE"], 0),
            ("BREW-KIT", vec!["MUG", "FILTER"], 60),
            ("COFFEE-DUO", vec!["COFFEE", "FILTER"], 325),
        ],
        "grouped: no saving; fixed: 12.00 + 4.00 at 90 % against 15.00; dynamic: 13.00 at 75 %"
    );
    assert_eq!(
        skipped(&doc),
        [("`virtual_warranty` product", 1), ("bundle with a choice of products", 1), ("gift card", 1)]
    );
    let (_d, mut store) = store();
    let (summary, cat) = import(&mut store, &doc);
    assert_eq!((summary.products_created, summary.bundles), (3, 3));
    assert_eq!(cat.bundles_of(cat.by_sku("FILTER").unwrap()).count(), 2);
}

#[test]
fn woocommerce_grouped_products_become_bundles_and_external_gift_card_and_plugin_types_are_counted() {
    let doc = ShopSystem::WooCommerce
        .read("w.csv", &imports("woo_grouped.csv"), &Currency::usd())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bundles(&doc), [("ART-SET", vec!["BRUSH-1", "PAINT-1", "PAD-1"], 0)]);
    assert_eq!(
        skipped(&doc),
        [
            ("`subscription` product", 1),
            ("external product", 1),
            ("gift card", 1),
            ("grouped product of fewer than two products sold here", 1),
            ("link to a product not imported", 1),
        ]
    );
    assert!(doc.links.is_empty(), "the cross-sell to the partner shop's easel is left out");
    let (_d, mut store) = store();
    assert_eq!(import(&mut store, &doc).0.bundles, 1);
}

#[test]
fn shopify_gift_cards_and_image_rows_are_counted_not_sold() {
    let doc = ShopSystem::Shopify.read("s.csv", &imports("shopify_gift_card.csv"), &Currency::usd()).unwrap();
    assert_eq!(doc.products.iter().map(|p| p.sku.as_str()).collect::<Vec<_>>(), ["APRON-1"]);
    assert_eq!(skipped(&doc), [("gift card", 2), ("image row (a product's further image)", 1)]);
}

// ------------------------------------------------------------------ specs

fn specs(doc: &CatalogDoc, sku: &str) -> Vec<(String, String)> {
    doc.products.iter().find(|p| p.sku == sku).map(|p| p.attributes.clone()).unwrap_or_default()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn only_customer_facing_attributes_are_specs_and_attribute_columns_are_read() {
    let usd = Currency::usd();
    let doc = ShopSystem::Magento
        .read("m.csv", &imports("magento_specs.csv"), &usd)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        specs(&doc, "TENT-2"),
        pairs(&[
            ("Capacity", "2 people"),
            ("Weight Class", "Light"),
            ("Sleeps", "2P"),
            ("Color", "Forest Green"),
            ("Material", "Ripstop nylon, Aluminium"),
        ]),
        "no has_options, quantity_and_stock_status, vendor_id...; color from color_text, not the option id; \
         size by the configurable's label for it"
    );
    let doc = ShopSystem::Shopify
        .read("s.csv", &imports("shopify_metafields.csv"), &usd)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        specs(&doc, "FLEECE-M"),
        pairs(&[
            ("Size", "M"),
            ("Fit", "Regular"),
            ("Colour", "Moss"),
            ("Material", "Recycled polyester, Elastane"),
            ("Color", "Dark green, Grey"),
        ]),
        "metafields are specs; Google Shopping feed fields and references are not"
    );
    assert_eq!(specs(&doc, "FLEECE-L")[..2], pairs(&[("Size", "L"), ("Fit", "Relaxed")]));
    let doc = ShopSystem::WooCommerce.read("w.csv", &imports("woo_specs.csv"), &usd).unwrap();
    assert_eq!(specs(&doc, "BOTTLE-1"), pairs(&[("Capacity", "750 ml")]), "a hidden attribute is not a spec");
    assert_eq!(doc.products[0].brand, "Fjell");
    assert!(!doc.products[1].active, "Published 2: pending review, as WooCommerce's exporter writes it");
}

#[test]
fn the_upgrade_pane_compares_specs_not_magentos_bookkeeping() {
    let usd = Currency::usd();
    let doc = ShopSystem::Magento.read("m.csv", &imports("magento_specs.csv"), &usd).unwrap();
    let (_d, mut store) = store();
    let (_, cat) = import(&mut store, &doc);
    let config = Config::defaults();
    let engine = Engine { catalog: &cat, config: &config.suggestions, currency: &usd };
    let s = engine.suggest(&Request { cart: vec![(cat.by_sku("TENT-2").unwrap(), 1)], ..Default::default() });
    let up = s.upsell.iter().find(|u| u.sku == "TENT-3").expect("the bigger tent is offered");
    let keys: Vec<&str> = up.differences.iter().map(|d| d.attribute.as_str()).collect();
    assert_eq!(keys, ["Capacity", "Sleeps", "Color", "Material"], "{:?}", up.differences);
}

// ------------------------------------------- the systems' own sample files

#[test]
fn a_file_shaped_like_woocommerces_importer_fixture_imports_whole() {
    let bytes = imports("woo_fixture_shaped.csv");
    assert_eq!(counterpart::catalog::shop_systems::sniff(&bytes), Some(ShopSystem::WooCommerce));
    let today = counterpart::catalog::shop_systems::Date::new(2025, 6, 15).unwrap();
    let doc = ShopSystem::WooCommerce
        .read_on("f.csv", &bytes, &Currency::usd(), today)
        .unwrap_or_else(|e| panic!("{e}"));
    let (_d, mut store) = store();
    let (summary, cat) = import(&mut store, &doc);
    assert_eq!((summary.products_created, summary.bundles, summary.families), (4, 1, 1));
    let tee = product(&cat, "MOSS-TEE");
    assert_eq!((tee.price.0, tee.was_price.map(|m| m.0)), (1800, Some(2000)), "on sale until 2030");
    assert_eq!(cat.category_path(tee.category), "Clothing > T-shirts");
    assert_eq!(tee.brand, "Kids");
    let lp = product(&cat, "MOSS-LP");
    assert_eq!((lp.price.0, lp.was_price), (500, None), "the sale ended 13 July 2023");
    assert!(lp.stock_unknown, "in stock, no count");
    let green = product(&cat, "MOSS-IDEA/green/l");
    assert_eq!((green.name.as_str(), green.price.0), ("Moss Idea Tee Green L", 1799));
    assert_eq!(cat.bundles[0].code, "wc:moss-favourites");
    let ups: Vec<_> = link_list(&cat)
        .into_iter()
        .filter(|l| l.2 != LinkKind::Complement)
        .map(|l| (l.0, l.1, l.2))
        .collect();
    assert_eq!(
        ups,
        [
            ("MOSS-LP".into(), "MOSS-TEE".into(), LinkKind::Upgrade),
            ("MOSS-TEE".into(), "MOSS-LP".into(), LinkKind::Substitute),
        ],
        "they upsell each other"
    );
    assert_eq!(doc.notes.skipped.get("external product"), Some(&1));
    assert_eq!(doc.notes.prices_not_applied.len(), 1);
}

#[test]
fn a_file_shaped_like_magentos_own_sample_imports_whole() {
    let bytes = imports("magento_sample_shaped.csv");
    assert_eq!(counterpart::catalog::shop_systems::sniff(&bytes), Some(ShopSystem::Magento));
    let doc = ShopSystem::Magento.read("m.csv", &bytes, &Currency::usd()).unwrap_or_else(|e| panic!("{e}"));
    let (_d, mut store) = store();
    let (summary, cat) = import(&mut store, &doc);
    assert_eq!((summary.products_created, summary.bundles), (3, 1), "the grouped set is a bundle");
    let sling = product(&cat, "ST-SLING-60");
    assert_eq!(cat.category_path(sling.category), "Outdoor > Climbing Gear");
    assert!(sling.attributes.is_empty(), "has_options and friends are not specs: {:?}", sling.attributes);
    assert_eq!(sling.stock, 100);
    assert_eq!(doc.notes.skipped.get("bundle with a choice of products"), Some(&2));
    let ups: Vec<_> = link_list(&cat)
        .into_iter()
        .filter(|l| l.2 != LinkKind::Complement)
        .map(|l| (l.0, l.1, l.2))
        .collect();
    assert_eq!(
        ups,
        [
            ("ST-SLING-120".into(), "ST-SLING-90".into(), LinkKind::Substitute),
            ("ST-SLING-60".into(), "ST-SLING-120".into(), LinkKind::Upgrade),
            ("ST-SLING-60".into(), "ST-SLING-90".into(), LinkKind::Upgrade),
            ("ST-SLING-90".into(), "ST-SLING-120".into(), LinkKind::Upgrade),
        ],
        "90 and 120 cm upsell each other: no cycle"
    );
}

// ------------------------------------------------------------- no panics

fn token() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        Just(String::new()),
        "\\PC{0,10}",
        prop::sample::select(vec![
            "simple", "variable", "variation", "grouped", "bundle", "giftcard", "external", "fixed", "dynamic",
            "MOSS-TEE", "MOSS-LP", "ST-SLING-60", "ST-SLING-90", "id:1", "A, B", "1,2", "2,x", "x",
            "name=a,type=select,required=1,sku=ST-SLING-60,price=1.0000,default_qty=1.0000,price_type=percent",
            "name=a,required=1,sku=ST-SLING-90,default_qty=2|name=a,required=1,sku=",
            "ST-SLING-60=1.0000,ST-SLING-90", "2019-02-30", "1/2/40", "03/04/2019", "Jul 8, 2023", "99999999999999999999",
            "12,50", "1.234,50", "3.65275E+11", "'4006381333931", "parent", "backorder", "0", "1", "-1", "90.0000",
            "[\"a\",\"b\"]", "gid://shopify/x", "dark-green; grey", "has_options=1,color=Red|Blue", "é.éé",
        ])
        .prop_map(String::from),
    ]
}

proptest::proptest! {
    /// The shapes of real exports with arbitrary rows: a catalog or an error, never a panic.
    #[test]
    fn any_rows_under_the_real_shapes_read_without_panicking(
        rows in proptest::collection::vec(proptest::collection::vec(token(), 0..80), 0..6),
    ) {
        let usd = Currency::usd();
        for (system, name) in [
            (ShopSystem::WooCommerce, "woo_fixture_shaped.csv"),
            (ShopSystem::Magento, "magento_sample_shaped.csv"),
            (ShopSystem::Shopify, "shopify_metafields.csv"),
        ] {
            let text = String::from_utf8(imports(name)).unwrap();
            let header = text.lines().next().unwrap();
            let mut csv = format!("{header}\n");
            for r in &rows {
                let fields: Vec<String> = r.iter().map(|f| format!("\"{}\"", f.replace('"', "\"\""))).collect();
                csv.push_str(&fields.join(","));
                csv.push('\n');
            }
            let _ = system.read("x.csv", csv.as_bytes(), &usd);
        }
    }
}
