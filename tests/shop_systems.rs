//! Catalog import from shop systems' product exports (Shopify, WooCommerce,
//! Magento 2): the sample exports in tests/data land in a fresh store with the
//! values a store manager would check, feed the suggestion engine, and every
//! bad file is refused naming line and field, with nothing imported.

mod common;

use counterpart::catalog::shop_systems::*;
use counterpart::catalog::{Catalog, LinkKind, Product, csv_format};
use counterpart::config::Config;
use counterpart::money::{Currency, Money};
use counterpart::store::{Store, StoreError};
use counterpart::suggest::{Engine, Request, Source, Suggestions};
use proptest::prelude::*;

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(common::data(name)).unwrap()
}

/// A fresh store holding one sample export, and its catalog.
fn load(system: ShopSystem, name: &str) -> (tempfile::TempDir, Store, Catalog) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let doc = system.read(name, &sample(name), &Currency::usd()).unwrap_or_else(|e| panic!("{e}"));
    store.import(name, &doc, false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    let catalog = store.load_catalog().unwrap();
    (dir, store, catalog)
}

fn product<'a>(cat: &'a Catalog, sku: &str) -> &'a Product {
    cat.product(cat.by_sku(sku).unwrap_or_else(|| panic!("no product {sku}")))
}

/// (target SKU, source, talking point) of a product's links of one kind, sorted.
fn links(cat: &Catalog, sku: &str, kind: LinkKind) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = cat
        .links_from(cat.by_sku(sku).unwrap())
        .filter(|l| l.kind == kind)
        .map(|l| (cat.product(l.to).sku.clone(), l.source.clone(), l.talking_point.clone()))
        .collect();
    out.sort();
    out
}

fn targets(cat: &Catalog, sku: &str, kind: LinkKind) -> Vec<String> {
    links(cat, sku, kind).into_iter().map(|(to, _, _)| to).collect()
}

fn suggest(cat: &Catalog, cart: &[&str]) -> Suggestions {
    let usd = Currency::usd();
    let config = Config::defaults();
    let engine = Engine { catalog: cat, config: &config.suggestions, currency: &usd };
    let cart = cart.iter().map(|s| (cat.by_sku(s).unwrap(), 1)).collect();
    engine.suggest(&Request { cart, ..Default::default() })
}

fn attrs(p: &Product) -> Vec<(&str, &str)> {
    p.attributes.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// The error text a reader gives for a file (it must refuse it).
fn refused(system: ShopSystem, text: &[u8]) -> String {
    match system.read("x.csv", text, &Currency::usd()) {
        Ok(doc) => panic!("{system} accepted it: {doc:?}"),
        Err(e) => e.to_string(),
    }
}

// ---------------------------------------------------------------- Shopify

#[test]
fn shopify_sample_imports_variants_with_names_prices_and_options() {
    let (_d, store, cat) = load(ShopSystem::Shopify, "shopify_products.csv");
    assert_eq!(store.product_count().unwrap(), 9, "10 rows, one of them an extra image");
    let p = product(&cat, "HX5-256");
    assert_eq!(p.name, "Halden X5 256 GB");
    assert_eq!(p.price, Money(69_900));
    assert_eq!(p.cost, Some(Money(47_000)));
    assert_eq!(p.stock, 9);
    assert_eq!(p.brand, "Halden Mobile");
    assert_eq!(cat.category_path(p.category), "Electronics > Communications > Telephony > Mobile Phones");
    assert_eq!(attrs(p), [("Storage", "256 GB")]);
    assert_eq!((p.family.as_deref(), p.tier), (Some("halden-x5"), Some(2)));
    assert_eq!(p.barcode.as_deref(), Some("02001000000029"));
    assert!(p.active);
    assert_eq!(
        p.description,
        "Our flagship phone with a 6.1\" OLED display & all-day battery. Dual 50 MP camera IP68",
        "inherited from the handle's first row, without HTML"
    );
    assert_eq!(product(&cat, "HX5-128").tier, Some(1));
    assert_eq!(product(&cat, "HX5-512").tier, Some(3));

    let white = product(&cat, "FL-BUDS-WHT");
    assert_eq!((white.name.as_str(), white.stock), ("Fernlight Earbuds White", 0));
    assert_eq!(attrs(white), [("Color", "White")]);
    assert_eq!(white.family.as_deref(), Some("fernlight-earbuds"));
    assert!(targets(&cat, "FL-BUDS-BLK", LinkKind::Upgrade).is_empty(), "same price: no upgrade");

    let case = product(&cat, "TS-CASE-X5");
    assert_eq!(case.name, "Tessel Clear Case for Halden X5", "no `Default Title` in the name");
    assert!(case.attributes.is_empty());
    assert_eq!((case.family.as_deref(), case.tier), (None, None));
    assert!(!product(&cat, "QL-CHG-30").active, "Status draft");
    let cable = product(&cat, "BM-USBC-1M");
    assert_eq!(cat.category_path(cable.category), "Cables", "Type when Product Category is empty");
    assert!(cable.stock_unknown, "no inventory tracker: not counted, not sold out");
    assert_eq!(cable.cost, None, "no cost given: unknown, not 0.00");
    let stand = product(&cat, "NV-STAND");
    assert_eq!(cat.category_path(stand.category), "Uncategorised");
    assert_eq!(stand.description, "Aluminium stand for phones & small tablets.");
}

#[test]
fn shopify_variants_become_an_upgrade_ladder_with_talking_points() {
    let (_d, _store, cat) = load(ShopSystem::Shopify, "shopify_products.csv");
    assert_eq!(
        links(&cat, "HX5-128", LinkKind::Upgrade),
        [("HX5-256".into(), "shopify".into(), String::new())]
    );
    assert_eq!(
        links(&cat, "HX5-256", LinkKind::Upgrade),
        [("HX5-512".into(), "shopify".into(), String::new())]
    );
    let s = suggest(&cat, &["HX5-128"]);
    let up = &s.upsell[0];
    assert_eq!((up.sku.as_str(), up.price_delta, up.source), ("HX5-256", Money(10_000), Source::Curated));
    // The engine says it from the differences.
    assert_eq!(up.talking_point, "For $100.00 more: twice the storage.");
}

#[test]
fn shopify_newer_export_headers_are_read_too() {
    let csv = "URL handle,Title,Description,Vendor,Product category,Type,Published on online store,Status,\
               SKU,Barcode,Option1 name,Option1 value,Price,Cost per item,Inventory quantity\n\
               mug,Quillon Mug,<p>Stoneware.</p>,Quillon,Home > Kitchen,Mugs,TRUE,Active,QM-S,,Size,Small,9.50,3.00,4\n\
               mug,,,,,,,,QM-L,,,Large,11.50,3.50,2\n";
    let doc = read_shopify("new.csv", csv.as_bytes(), &Currency::usd()).unwrap();
    let names: Vec<(&str, &str, i64, Option<i64>)> =
        doc.products.iter().map(|p| (p.sku.as_str(), p.name.as_str(), p.price.0, p.tier)).collect();
    assert_eq!(
        names,
        [("QM-S", "Quillon Mug Small", 950, Some(1)), ("QM-L", "Quillon Mug Large", 1150, Some(2))]
    );
    assert!(
        doc.products
            .iter()
            .all(|p| p.active && p.category == "Home > Kitchen" && p.description == "Stoneware.")
    );
    assert_eq!(doc.products[1].attributes, [("Size".to_string(), "Large".to_string())]);
}

// ------------------------------------------------------------ WooCommerce

#[test]
fn woocommerce_sample_imports_simple_products_and_variations() {
    let (_d, store, cat) = load(ShopSystem::WooCommerce, "woocommerce_products.csv");
    assert_eq!(store.product_count().unwrap(), 8, "the variable parent is not sold itself");
    assert!(cat.by_sku("LS-STUDIO").is_none());
    let p = product(&cat, "LS-STUDIO-BLK");
    assert_eq!(p.name, "Larkspur Studio Headphones - Black");
    assert_eq!((p.price, p.stock), (Money(14_900), 12));
    assert_eq!(p.brand, "Larkspur Audio", "from the parent's Brands");
    assert_eq!(cat.category_path(p.category), "Audio > Headphones", "the parent's most specific category");
    assert_eq!(attrs(p), [("Color", "Black"), ("Warranty", "2 years")]);
    assert_eq!((p.family.as_deref(), p.tier), (Some("LS-STUDIO"), Some(1)));
    assert_eq!(p.description, "Studio-grade sound & 40 h battery. Memory-foam pads");
    assert_eq!(p.selling_points, ["Closed-back comfort for long sessions."]);
    assert_eq!(p.barcode.as_deref(), Some("02003000000016"));
    let sand = product(&cat, "LS-STUDIO-SND");
    assert_eq!((sand.price, sand.tier), (Money(15_900), Some(2)), "parent given by SKU");
    assert_eq!(sand.barcode.as_deref(), Some("02003000000023"), "GTIN written with hyphens");
    assert_eq!(product(&cat, "LS-CASE").price, Money(2_999), "the sale price wins");
    let cable = product(&cat, "BM-CABLE-35");
    assert_eq!(cable.description, "Gold-plated plugs, braided jacket.");
    assert_eq!(attrs(cable), [("Length", "1.5 m")]);
    assert!(!product(&cat, "NV-EARTIPS").active, "Published -1 (draft)");
    let kit = product(&cat, "QL-CLEAN");
    assert_eq!(kit.brand, "Quillon", "brand from a Brand attribute");
    assert!(kit.stock_unknown, "in stock, no count kept: not counted, not sold out");
    assert_eq!(cat.category_path(kit.category), "Uncategorised");
    assert!(kit.attributes.is_empty());
}

#[test]
fn woocommerce_cross_sells_and_upsells_become_links() {
    let (_d, _store, cat) = load(ShopSystem::WooCommerce, "woocommerce_products.csv");
    for variation in ["LS-STUDIO-BLK", "LS-STUDIO-SND"] {
        // Set on the variable parent, they apply to each variation; `id:105` is the cable.
        assert_eq!(targets(&cat, variation, LinkKind::Complement), ["BM-CABLE-35", "LS-CASE"]);
        assert_eq!(targets(&cat, variation, LinkKind::Upgrade), ["LS-PRO"]);
    }
    let l = cat.links_from(cat.by_sku("LS-STUDIO-BLK").unwrap()).next().unwrap();
    assert_eq!((l.priority, l.source.as_str(), l.talking_point.as_str()), (50, "woocommerce", ""));
    assert_eq!(
        targets(&cat, "LS-LITE", LinkKind::Upgrade),
        ["LS-STUDIO-BLK"],
        "a variable product: its cheapest"
    );
    assert_eq!(targets(&cat, "LS-LITE", LinkKind::Complement), ["BM-CABLE-35"]);
    assert_eq!(targets(&cat, "LS-PRO", LinkKind::Complement), ["LS-CASE"]);
}

#[test]
fn woocommerce_links_reach_the_selling_screen() {
    let (_d, _store, cat) = load(ShopSystem::WooCommerce, "woocommerce_products.csv");
    let s = suggest(&cat, &["LS-STUDIO-BLK"]);
    let case = s.cross_sell.iter().find(|c| c.sku == "LS-CASE").expect("the cross-sell is offered");
    assert_eq!((case.source, case.for_sku.as_str()), (Source::Curated, "LS-STUDIO-BLK"));
    assert!(!case.talking_point.is_empty(), "the engine writes one");
    let ups: Vec<(&str, Source)> = s.upsell.iter().map(|u| (u.sku.as_str(), u.source)).collect();
    assert_eq!(ups, [("LS-STUDIO-SND", Source::Family), ("LS-PRO", Source::Curated)]);
    let pro = &s.upsell[1];
    assert!(pro.talking_point.starts_with("For $50.00 more: "), "{}", pro.talking_point);
}

// ---------------------------------------------------------------- Magento

#[test]
fn magento_sample_imports_the_default_view_with_configurable_families() {
    let (_d, store, cat) = load(ShopSystem::Magento, "magento_products.csv");
    assert_eq!(store.product_count().unwrap(), 7, "no configurable parent, no store-view row");
    let p = product(&cat, "NV-KETTLE-10");
    assert_eq!(p.name, "Norrvik Glass Kettle 1.0 l", "the default view, not the de_de row");
    assert_eq!((p.price, p.stock), (Money(4_900), 14), "49.000000 and 14.0000 as Magento writes them");
    assert_eq!(p.brand, "Norrvik");
    assert_eq!(
        cat.category_path(p.category),
        "Kitchen > Kettles",
        "the parent's most specific category, root dropped"
    );
    assert_eq!(attrs(p), [("Capacity", "1.0 l"), ("Material", "Borosilicate glass")]);
    assert_eq!((p.family.as_deref(), p.tier), (Some("NV-KETTLE"), Some(1)));
    assert_eq!(product(&cat, "NV-KETTLE-17").tier, Some(2));
    assert_eq!(p.barcode.as_deref(), Some("02001000000043"));
    assert_eq!(p.description, "Borosilicate glass & a blue LED ring. Auto shut-off – boil-dry safe.");
    assert_eq!(p.selling_points, ["Watch it boil."]);
    let smart = product(&cat, "QL-KETTLE-SMART");
    assert_eq!(smart.price, Money(7_400), "the special price wins");
    assert_eq!(
        attrs(smart),
        [("Capacity", "1.7 l"), ("Connectivity", "Wi-Fi"), ("Keep Warm", "Yes")],
        "brand taken out, keys title-cased"
    );
    assert_eq!(attrs(product(&cat, "QL-MUG"))[0], ("Color", "Slate, Sand"));
    assert_eq!(cat.category_path(product(&cat, "CARE-2Y").category), "Services");
    let old = product(&cat, "QL-KETTLE-OLD");
    assert_eq!((old.active, old.stock), (false, 0), "disabled, out of stock");
}

#[test]
fn magento_related_crosssell_and_upsell_columns_become_links() {
    let (_d, _store, cat) = load(ShopSystem::Magento, "magento_products.csv");
    for child in ["NV-KETTLE-10", "NV-KETTLE-17"] {
        assert_eq!(
            links(&cat, child, LinkKind::Upgrade),
            [("QL-KETTLE-SMART".into(), "magento".into(), String::new())]
        );
        assert_eq!(targets(&cat, child, LinkKind::Complement), ["BM-DESCALER"]);
    }
    assert_eq!(targets(&cat, "QL-KETTLE-SMART", LinkKind::Complement), ["BM-DESCALER", "QL-MUG"]);
    assert_eq!(
        targets(&cat, "QL-MUG", LinkKind::Complement),
        ["NV-KETTLE-10"],
        "related_skus; cheapest child"
    );
    let s = suggest(&cat, &["NV-KETTLE-17"]);
    assert!(s.cross_sell.iter().any(|c| c.sku == "BM-DESCALER"), "{:?}", s.cross_sell);
    let smart = s.upsell.iter().find(|u| u.sku == "QL-KETTLE-SMART").expect("the upsell is offered");
    assert_eq!((smart.price_delta, smart.source), (Money(1_500), Source::Curated));
}

// ----------------------------------------------------------------- errors

const SHOPIFY: &str = "Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,Variant Price,Variant Barcode,Cost per item,Status";
const WOO: &str =
    "\u{feff}ID,Type,SKU,Name,Published,Stock,Sale price,Regular price,Categories,Parent,Upsells,Cross-sells";
const MAGENTO: &str = "sku,store_view_code,product_type,categories,name,product_online,price,special_price,\
                       additional_attributes,qty,is_in_stock,related_skus,crosssell_skus,upsell_skus,configurable_variations";

fn file(header: &str, rows: &[&str]) -> String {
    let mut s = format!("{header}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

const SHOP_A: &str = "a,Lamp,,Tessel,Lights,Title,Default Title,LAMP-1,3,20.00,,,active";
const WOO_A: &str = "1,simple,LAMP-1,Lamp,1,3,,20.00,Lights,,,";
const MAG_A: &str = "LAMP-1,,simple,Default Category/Lights,Lamp,1,20.00,,,3,1,,,,";

#[test]
fn a_bad_price_names_the_line_and_the_column_in_every_system() {
    let e = refused(
        ShopSystem::Shopify,
        file(SHOPIFY, &[SHOP_A, "b,Desk,,Tessel,Desks,Title,Default Title,DESK-1,1,abc,,,active"]).as_bytes(),
    );
    assert!(e.contains("x.csv:3: field `Variant Price`: `abc` is not a number"), "{e}");
    let e = refused(
        ShopSystem::Shopify,
        file(SHOPIFY, &["b,Desk,,T,D,Title,Default Title,DESK-1,1,19.999,,,active"]).as_bytes(),
    );
    assert!(e.contains("x.csv:2: field `Variant Price`: `19.999` has more than 2 decimal places"), "{e}");
    let e = refused(
        ShopSystem::Shopify,
        file(SHOPIFY, &["b,Desk,,T,D,Title,Default Title,DESK-1,1,-5.00,,,active"]).as_bytes(),
    );
    assert!(e.contains("x.csv:2: field `Variant Price`: `-5.00` is negative"), "{e}");
    let e = refused(
        ShopSystem::WooCommerce,
        file(WOO, &[WOO_A, "2,simple,DESK-1,Desk,1,3,,12.5.0,Desks,,,"]).as_bytes(),
    );
    assert!(e.contains("x.csv:3: field `Regular price`: `12.5.0` is not a number"), "{e}");
    let e = refused(
        ShopSystem::WooCommerce,
        file(WOO, &["2,simple,DESK-1,Desk,1,3,-1,12.50,Desks,,,"]).as_bytes(),
    );
    assert!(e.contains("x.csv:2: field `Sale price`: `-1` is negative"), "{e}");
    let e = refused(
        ShopSystem::Magento,
        file(MAGENTO, &[MAG_A, "DESK-1,,simple,,Desk,1,twelve,,,1,1,,,,"]).as_bytes(),
    );
    assert!(e.contains("x.csv:3: field `price`: `twelve` is not a number"), "{e}");
}

#[test]
fn a_bad_barcode_or_a_missing_magento_sku_is_refused_with_line_and_field() {
    // SKUs are optional in Shopify and WooCommerce (tests/shop_exports.rs), required in Magento.
    let e = refused(
        ShopSystem::Shopify,
        file(SHOPIFY, &["b,Desk,,T,D,Title,Default Title,DESK-1,1,99.00,2001000000013,,active"]).as_bytes(),
    );
    assert!(
        e.contains("x.csv:2: field `Variant Barcode`: `2001000000013` has a bad check digit (expected 2)"),
        "{e}"
    );
    let e =
        refused(ShopSystem::Magento, file(MAGENTO, &[",,simple,,Desk,1,12.00,,ean=123,1,1,,,,"]).as_bytes());
    assert!(e.contains("x.csv:2: field `sku`: empty SKU"), "{e}");
    assert!(e.contains("x.csv:2: field `additional_attributes`: ean: `123` has 3 digits"), "{e}");
}

#[test]
fn a_header_without_a_required_column_is_one_problem_on_line_1() {
    let e = refused(ShopSystem::Shopify, b"Handle,Title,Variant SKU\na,Lamp,L-1\n");
    assert_eq!(e, "x.csv:1: missing column `Variant Price` of a Shopify product export");
    let e = refused(ShopSystem::WooCommerce, b"ID,Name\n1,Lamp\n");
    assert_eq!(e, "x.csv:1: missing columns `Type`, `Regular price` of a WooCommerce product export");
    let e = refused(ShopSystem::Magento, b"sku,name,price\nL-1,Lamp,1\n");
    assert_eq!(e, "x.csv:1: missing column `product_type` of a Magento 2 product export");
    let e = refused(ShopSystem::Magento, b"");
    assert_eq!(e, "x.csv: empty file: expected the header of a Magento 2 product export");
}

#[test]
fn invalid_utf8_names_its_line() {
    for (system, header) in
        [(ShopSystem::Shopify, SHOPIFY), (ShopSystem::WooCommerce, WOO), (ShopSystem::Magento, MAGENTO)]
    {
        let mut bytes = format!("{header}\n").into_bytes();
        bytes.extend_from_slice(b"a,\xff\xfe,x\n");
        assert_eq!(refused(system, &bytes), "x.csv:2: invalid UTF-8", "{system}");
    }
}

#[test]
fn references_to_products_not_in_the_file_are_refused() {
    let e = refused(
        ShopSystem::WooCommerce,
        file(WOO, &["1,simple,LAMP-1,Lamp,1,3,,20.00,Lights,,id:7,GHOST"]).as_bytes(),
    );
    assert!(e.contains("x.csv:2: field `Upsells`: `id:7` is not in this file"), "{e}");
    assert!(e.contains("x.csv:2: field `Cross-sells`: `GHOST` is not in this file"), "{e}");
    let e = refused(
        ShopSystem::WooCommerce,
        file(WOO, &["2,variation,LAMP-2,Lamp Red,1,3,,20.00,,id:1,,"]).as_bytes(),
    );
    assert!(e.contains("x.csv:2: field `Parent`: `id:1` is not in this file"), "{e}");
    let e = refused(
        ShopSystem::Magento,
        file(MAGENTO, &[MAG_A, "L,,configurable,,Lamps,1,,,,0,1,,,,\"sku=LAMP-1|sku=LAMP-9,color=Red\""])
            .as_bytes(),
    );
    assert!(e.contains("x.csv:3: field `configurable_variations`: `LAMP-9` is not in this file"), "{e}");
    let e = refused(
        ShopSystem::Magento,
        file(MAGENTO, &[MAG_A, "DESK-1,,simple,,Desk,1,5.00,,,1,1,LAMP-1,NOPE,,"]).as_bytes(),
    );
    assert!(e.contains("x.csv:3: field `crosssell_skus`: `NOPE` is not in this file"), "{e}");
}

#[test]
fn a_refused_file_imports_nothing() {
    let (_d, mut store, _cat) = load(ShopSystem::Shopify, "shopify_products.csv");
    let before = store.load_catalog().unwrap();
    // Reads fine, but the store's own validation finds the duplicate SKU: all or nothing.
    let dup = file(
        SHOPIFY,
        &[
            "new-a,New A,,T,D,Title,Default Title,NEW-1,1,5.00,,,active",
            "new-b,New B,,T,D,Title,Default Title,NEW-1,1,6.00,,,active",
        ],
    );
    let doc = read_shopify("dup.csv", dup.as_bytes(), &Currency::usd()).unwrap();
    match store.import("dup.csv", &doc, false) {
        Err(StoreError::Import(e)) => {
            assert!(
                e.to_string().contains("dup.csv:3: field `sku`: duplicate SKU `NEW-1` (first on line 2)"),
                "{e}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.product_count().unwrap(), 9);
    assert!(store.load_catalog().unwrap().by_sku("NEW-1").is_none());
    assert_eq!(store.load_catalog().unwrap().products, before.products);
}

#[test]
fn lines_are_file_lines_even_after_a_multi_line_description() {
    // The first Halden X5 row's Body (HTML) spans lines 2-3, so the 256 GB row is line 4.
    let text = String::from_utf8(sample("shopify_products.csv")).unwrap().replace(",699.00,", ",6.99.0,");
    let e = refused(ShopSystem::Shopify, text.as_bytes());
    assert_eq!(e, "x.csv:4: field `Variant Price`: `6.99.0` is not a number");
    // The same in the other samples: one problem, its line and column.
    let text = String::from_utf8(sample("woocommerce_products.csv"))
        .unwrap()
        .replace("BM-CABLE-35,,", "BM-CABLE-35,123,");
    let e = refused(ShopSystem::WooCommerce, text.as_bytes());
    assert_eq!(
        e,
        "x.csv:6: field `GTIN, UPC, EAN, or ISBN`: `123` has 3 digits; a barcode has 8, 12, 13 or 14"
    );
    let text = String::from_utf8(sample("magento_products.csv")).unwrap().replace("59.0000", "59.0001");
    let e = refused(ShopSystem::Magento, text.as_bytes());
    assert_eq!(e, "x.csv:4: field `price`: `59.0001` has more than 2 decimal places");
}

// ----------------------------------------------------------------- sniffing

#[test]
fn sniff_recognises_each_export_and_nothing_else() {
    assert_eq!(sniff(&sample("shopify_products.csv")), Some(ShopSystem::Shopify));
    assert_eq!(sniff(&sample("woocommerce_products.csv")), Some(ShopSystem::WooCommerce), "behind a BOM");
    assert_eq!(sniff(&sample("magento_products.csv")), Some(ShopSystem::Magento));
    for name in ["shopify_products.csv", "woocommerce_products.csv", "magento_products.csv"] {
        let bytes = sample(name);
        let doc = sniff(&bytes).unwrap().read(name, &bytes, &Currency::usd()).unwrap();
        assert!(doc.products.len() >= 7, "{name}: picked the right reader");
    }
    assert_eq!(
        sniff(format!("{}\n", csv_format::HEADER.join(",")).as_bytes()),
        None,
        "counterpart's own CSV"
    );
    let (_d, _store, cat) = load(ShopSystem::Magento, "magento_products.csv");
    let mut own = Vec::new();
    csv_format::write(&cat, &Currency::usd(), &mut own).unwrap();
    assert_eq!(sniff(&own), None, "an export of counterpart's own");
    assert_eq!(sniff(&sample("groceries.csv")), None);
    assert_eq!(sniff(b""), None);
    assert_eq!(sniff(b"\xff\xfe\x00garbage"), None);
    for s in ShopSystem::ALL {
        assert_eq!(s.as_str().parse::<ShopSystem>(), Ok(s));
        assert_eq!(s.to_string(), s.as_str());
    }
    assert_eq!("WooCommerce".parse::<ShopSystem>(), Ok(ShopSystem::WooCommerce));
    assert!("prestashop".parse::<ShopSystem>().is_err());
}

#[test]
fn strip_html_gives_plain_text() {
    assert_eq!(
        strip_html("<p>Fast &amp; light</p><p>2&nbsp;kg &ndash; &#8364;5</p>"),
        "Fast & light 2 kg – €5"
    );
    assert_eq!(strip_html("no tags, a < b"), "no tags, a < b");
}

// ----------------------------------------------------------------- no panics

fn header_of(name: &str) -> String {
    String::from_utf8(sample(name)).unwrap().lines().next().unwrap().to_string()
}

/// Field values that steer the readers into their branches.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[ -~]{0,12}",
        prop::sample::select(vec![
            "simple",
            "variable",
            "variation",
            "configurable",
            "virtual",
            "grouped",
            "external",
            "simple, virtual",
            "id:1",
            "id:2",
            "id:x",
            "A",
            "B",
            "A, B",
            "h",
            "sku=A,color=x|sku=B,color=y",
            "sku=",
            "=x,y",
            "19.99",
            "19.990",
            "-1",
            "0",
            "1",
            "2",
            "TRUE",
            "active",
            "Default Title",
            "Default Category/A/B,Default Category",
            "Default Category",
            "brand=Q,ean=2001000000012,cost=1.5",
            "ean=1",
            "4006381333931",
            "12.0000",
            "1e9",
            "99999999999999999999",
            "<p>x &amp; y</p>",
            "<script>",
            "&#99999999999;",
            "&#x;",
            "<!--",
            "a\\,b",
            "\\",
            "Audio > Headphones",
            " > ",
            "|",
            "Color",
            "Black",
        ])
        .prop_map(String::from),
    ]
}

fn quoted(fields: &[String]) -> String {
    fields.iter().map(|f| format!("\"{}\"", f.replace('"', "\"\""))).collect::<Vec<_>>().join(",")
}

proptest! {
    /// Whatever bytes a file holds, every reader gives a catalog or an error, never a panic.
    #[test]
    fn any_bytes_read_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let usd = Currency::usd();
        for s in ShopSystem::ALL {
            let _ = s.read("x.csv", &bytes, &usd);
        }
        let _ = sniff(&bytes);
    }

    /// Each system's real header with arbitrary rows after it.
    #[test]
    fn any_rows_under_each_header_read_without_panicking(
        rows in prop::collection::vec(prop::collection::vec(token(), 0..100), 0..8),
        loose in prop::collection::vec("[ -~]{0,60}", 0..3),
    ) {
        let usd = Currency::usd();
        for (system, name) in [
            (ShopSystem::Shopify, "shopify_products.csv"),
            (ShopSystem::WooCommerce, "woocommerce_products.csv"),
            (ShopSystem::Magento, "magento_products.csv"),
        ] {
            let header = header_of(name);
            let width = csv::ReaderBuilder::new().has_headers(false).from_reader(header.as_bytes())
                .records().next().unwrap().unwrap().len();
            let mut text = format!("{header}\n");
            for r in &rows {
                // Most rows fit the header exactly, so they reach the field readers.
                let mut r = r.clone();
                if r.len() > 10 {
                    r.resize(width, String::new());
                }
                text.push_str(&quoted(&r));
                text.push('\n');
            }
            for l in &loose {
                text.push_str(l);
                text.push('\n');
            }
            prop_assert_eq!(sniff(text.as_bytes()), Some(system));
            let _ = system.read("x.csv", text.as_bytes(), &usd);
        }
    }
}
