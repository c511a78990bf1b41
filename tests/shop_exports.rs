//! Real shop exports import as downloaded, the values: each test reads a
//! small file in tests/data/imports shaped like what Shopify, WooCommerce and
//! Magento 2 (and counterpart's own formats) really write, and checks what a
//! store manager would see. Links, bundles and specs are in shop_exports_links.rs.

mod common;

use common::imports::*;
use counterpart::catalog::doc::CatalogDoc;
use counterpart::catalog::shop_systems::{Date, ShopSystem};
use counterpart::catalog::{Catalog, csv_format, toml_format};
use counterpart::config::Config;
use counterpart::money::{Currency, Money};
use counterpart::suggest::{Engine, Request};

fn euro_with_commas() -> Currency {
    Currency::from_code("EUR", "€").unwrap().with_decimal_comma(true)
}

// ------------------------------------------------------------ decimal commas

#[test]
fn decimal_commas_are_refused_naming_the_field_unless_the_store_writes_them() {
    let bytes = imports("decimal_comma.csv");
    let e = csv_format::read("d.csv", &bytes, &Currency::usd()).unwrap_err().to_string();
    assert!(e.starts_with("d.csv:2: field `price`: `12,50` has a decimal comma"), "{e}");
    assert!(e.contains("d.csv:2: field `cost`: `9,99` has a decimal comma"), "{e}");
    assert!(e.contains("d.csv:3: field `price`: `1.234,50` has a decimal comma"), "{e}");
    let doc = csv_format::read("d.csv", &bytes, &euro_with_commas()).unwrap();
    let prices: Vec<(i64, Option<i64>)> =
        doc.products.iter().map(|p| (p.price.0, p.cost.map(|c| c.0))).collect();
    assert_eq!(prices, [(1250, Some(999)), (123_450, Some(80_000))]);

    let bytes = imports("decimal_comma_woo.csv");
    let e = ShopSystem::WooCommerce.read("w.csv", &bytes, &Currency::usd()).unwrap_err().to_string();
    assert!(e.starts_with("w.csv:2: field `Regular price`: `12,50` has a decimal comma"), "{e}");
    assert!(e.contains("w.csv:2: field `Sale price`: `9,99` has a decimal comma"), "{e}");
    let doc = ShopSystem::WooCommerce.read("w.csv", &bytes, &euro_with_commas()).unwrap();
    assert_eq!(doc.products[0].price, Money(999));
    assert_eq!(doc.products[1].price, Money(2400));

    let toml = "[[product]]\nsku = \"A\"\nname = \"A\"\ncategory = \"C\"\nprice = \"9,99\"\n";
    let e = toml_format::read("t.toml", toml.as_bytes(), &Currency::usd()).unwrap_err().to_string();
    assert!(e.contains("field `price`: `9,99` has a decimal comma"), "{e}");
    let doc = toml_format::read("t.toml", toml.as_bytes(), &euro_with_commas()).unwrap();
    assert_eq!(doc.products[0].price, Money(999));
}

#[test]
fn thousands_commas_in_a_valid_grouping_are_read_in_every_format() {
    let csv = "sku,barcode,name,brand,category,family,tier,price,cost,stock,active,description\n\
               TV-1,,Big TV,Vista,TVs,,,\"1,299.00\",\"1,000\",1,true,x\n";
    let doc = csv_format::read("c.csv", csv.as_bytes(), &Currency::usd()).unwrap();
    assert_eq!((doc.products[0].price, doc.products[0].cost), (Money(129_900), Some(Money(100_000))));
    let magento = "sku,product_type,name,price,qty\nTV-1,simple,Big TV,\"1,299.0000\",1\n";
    let doc = ShopSystem::Magento.read("m.csv", magento.as_bytes(), &Currency::usd()).unwrap();
    assert_eq!(doc.products[0].price, Money(129_900));
}

// ------------------------------------------------------------ line numbers

#[test]
fn errors_name_the_line_an_editor_shows_in_crlf_files_with_blank_lines_and_multi_line_fields() {
    let e = csv_format::read("c.csv", &imports("crlf_lines.csv"), &Currency::usd()).unwrap_err().to_string();
    assert_eq!(
        e,
        "c.csv:5: field `price`: `abc` is not a number\nc.csv:7: field `stock`: `x` is not a whole number"
    );
    let e = ShopSystem::WooCommerce
        .read("w.csv", &imports("woo_crlf_lines.csv"), &Currency::usd())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "w.csv:4: field `Regular price`: `7.5.0` is not a number\nw.csv:6: field `Stock`: `lots` is not a whole number"
    );
    // TOML names the line of the value, not of its [[product]].
    let toml = "[[product]]\r\nsku = \"A\"\r\nname = \"A\"\r\n\r\ncategory = \"C\"\r\nprice = \"1.999\"\r\ntier = -1\r\n";
    let e = toml_format::read("t.toml", toml.as_bytes(), &Currency::usd()).unwrap_err().to_string();
    assert_eq!(
        e,
        "t.toml:6: field `price`: `1.999` has more than 2 decimal places\nt.toml:7: field `tier`: a tier is 0 or more"
    );
}

#[test]
fn every_problem_list_is_in_file_order() {
    // The readers find some problems in a second pass (references); the list is still by line.
    let woo = "ID,Type,SKU,Name,Published,Stock,Sale price,Regular price,Parent,Upsells\n\
               1,simple,A,Lamp,1,1,,5.00,,GHOST\n\
               2,simple,B,Desk,1,1,,abc,,\n";
    let e = ShopSystem::WooCommerce.read("w.csv", woo.as_bytes(), &Currency::usd()).unwrap_err();
    let lines: Vec<Option<usize>> = e.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [Some(2), Some(3)], "{e}");
}

// ------------------------------------------------------ unknown stock and cost

#[test]
fn counterparts_own_formats_keep_unknown_stock_and_cost_unknown_through_a_round_trip() {
    let (_d, mut store) = store();
    let doc = csv_format::read("u.csv", &imports("unknown_stock_cost.csv"), &Currency::usd()).unwrap();
    let (_, cat) = import(&mut store, &doc);
    let b = product(&cat, "CASE-B");
    assert!(b.stock_unknown && b.cost.is_none(), "{b:?}");
    assert!(cat.sellable(cat.by_sku("CASE-B").unwrap(), false), "not counted: available");
    assert!(!cat.sellable(cat.by_sku("CASE-C").unwrap(), false), "counted and sold out");
    let mut csv = Vec::new();
    csv_format::write(&cat, &Currency::usd(), &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("CASE-B,,Harbour Case Fabric,Harbour,Cases,,,20.00,,,true,"), "{csv}");
    let again = csv_format::read("again.csv", csv.as_bytes(), &Currency::usd()).unwrap();
    assert_eq!(
        again.products.iter().find(|p| p.sku == "CASE-B").map(|p| (p.stock, p.cost)),
        Some((None, None))
    );
    let toml = toml_format::write(&cat, &Currency::usd());
    let again = toml_format::read("again.toml", toml.as_bytes(), &Currency::usd()).unwrap();
    assert_eq!(
        again.products.iter().find(|p| p.sku == "CASE-B").map(|p| (p.stock, p.cost)),
        Some((None, None))
    );
}

#[test]
fn unknown_stock_is_offered_and_unknown_cost_is_neutral_in_margin_ranking() {
    let (_d, mut store) = store();
    let doc = csv_format::read("u.csv", &imports("unknown_stock_cost.csv"), &Currency::usd()).unwrap();
    import(&mut store, &doc);
    let links =
        toml_format::read("l.toml", &imports("unknown_stock_cost_links.toml"), &Currency::usd()).unwrap();
    let (_, cat) = import(&mut store, &links);
    let mut config = Config::defaults();
    config.suggestions.weight_margin = 1.0;
    let usd = Currency::usd();
    let engine = Engine { catalog: &cat, config: &config.suggestions, currency: &usd };
    let s = engine.suggest(&Request { cart: vec![(cat.by_sku("PH-1").unwrap(), 1)], ..Default::default() });
    let score = |sku: &str| s.cross_sell.iter().find(|c| c.sku == sku).map(|c| c.score);
    assert!(score("CASE-C").is_none(), "sold out is hidden");
    let (a, b) =
        (score("CASE-A").expect("counted case offered"), score("CASE-B").expect("uncounted case offered"));
    assert_eq!(a, b, "an unknown cost counts as the others' margin, not as 100 %");
}

// ------------------------------------------------------------------- SKUs

#[test]
fn magento_skus_with_spaces_and_punctuation_import_with_their_configurable() {
    let doc = ShopSystem::Magento
        .read("m.csv", &imports("magento_skus.csv"), &Currency::usd())
        .unwrap_or_else(|e| panic!("{e}"));
    let (_d, mut store) = store();
    let (_, cat) = import(&mut store, &doc);
    let red = product(&cat, "Configurable 1-Option 1");
    assert_eq!((red.family.as_deref(), red.tier), (Some("Configurable 1"), Some(1)));
    assert!(cat.by_sku("Tote Bag #2 (canvas)").is_some());
    let to: Vec<&str> = cat
        .links_from(cat.by_sku("Configurable 1-Option 2").unwrap())
        .map(|l| cat.product(l.to).sku.as_str())
        .collect();
    assert_eq!(to, ["Tote Bag #2 (canvas)"], "the parent's cross-sell");
    // Still refused: what Magento refuses too.
    let long = format!("sku,product_type,name,price\n{},simple,Lamp,1.00\n", "X".repeat(65));
    let e = ShopSystem::Magento.read("m.csv", long.as_bytes(), &Currency::usd()).unwrap_err().to_string();
    assert!(e.contains("m.csv:2: field `sku`") && e.contains("1-64 characters"), "{e}");
}

/// SKU → name of every product in a catalog, sorted by SKU.
fn skus(cat: &Catalog) -> Vec<(String, String)> {
    let mut v: Vec<_> = cat.products.iter().map(|p| (p.sku.clone(), p.name.clone())).collect();
    v.sort();
    v
}

#[test]
fn shopify_variants_without_a_sku_are_named_by_handle_and_option_values() {
    let bytes = imports("shopify_no_sku.csv");
    let doc = ShopSystem::Shopify.read("s.csv", &bytes, &Currency::usd()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.notes.identities.values().sum::<usize>(), 3, "{:?}", doc.notes.identities);
    assert!(doc.notes.identities.keys().all(|k| k.contains("Shopify handle")));
    let (_d, mut store) = store();
    let (s, cat) = import(&mut store, &doc);
    assert_eq!(s.products_created, 4);
    assert_eq!(
        skus(&cat),
        [
            ("LS-L-SAGE".into(), "Linen Shirt L Sage".into()),
            ("canvas-tote".into(), "Canvas Tote".into()),
            ("linen-shirt/m/sage".into(), "Linen Shirt M Sage".into()),
            ("linen-shirt/s/sage".into(), "Linen Shirt S Sage".into()),
        ]
    );
    assert_eq!(product(&cat, "linen-shirt/s/sage").family.as_deref(), Some("linen-shirt"));
    let again = ShopSystem::Shopify.read("s.csv", &bytes, &Currency::usd()).unwrap();
    assert_eq!(import(&mut store, &again).0.products_unchanged, 4, "the same names on every import");
}

#[test]
fn woocommerce_products_without_a_sku_are_named_by_id_or_by_parent_and_attributes() {
    let doc = ShopSystem::WooCommerce
        .read("w.csv", &imports("woo_no_sku.csv"), &Currency::usd())
        .unwrap_or_else(|e| panic!("{e}"));
    let (_d, mut store) = store();
    let (_, cat) = import(&mut store, &doc);
    assert_eq!(
        skus(&cat),
        [
            ("wc:302".into(), "Wool Beanie - Grey".into()),
            ("wc:303".into(), "Wool Beanie - Navy".into()),
            ("wc:304".into(), "Scarf".into()),
        ]
    );
    assert_eq!(product(&cat, "wc:303").family.as_deref(), Some("wc:301"));
    let to: Vec<&str> =
        cat.links_from(cat.by_sku("wc:304").unwrap()).map(|l| cat.product(l.to).sku.as_str()).collect();
    assert_eq!(to, ["wc:302"], "an id: reference reaches a product without a SKU");
    assert_eq!(doc.notes.identities.get("their WooCommerce ID (wc:ID)"), Some(&3));

    // A file with no SKU column at all.
    let doc = ShopSystem::WooCommerce
        .read("w.csv", &imports("woo_no_sku_column.csv"), &Currency::usd())
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<(&str, &str)> = doc.products.iter().map(|p| (p.sku.as_str(), p.name.as_str())).collect();
    assert_eq!(names, [("wc:402", "Rain Jacket M"), ("wc:403", "Rain Jacket L"), ("wc:404", "Umbrella")]);

    // Variations with neither SKU nor ID, as WooCommerce's own importer fixture has them.
    let doc = ShopSystem::WooCommerce
        .read("w.csv", &imports("woo_variation_without_id.csv"), &Currency::usd())
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = doc.products.iter().map(|p| p.sku.as_str()).collect();
    assert_eq!(names, ["TEE-V/s", "TEE-V/m"]);
    assert_eq!(doc.notes.identities.get("their parent and attribute values (parent/value)"), Some(&2));
}

// --------------------------------------------------------------- barcodes

#[test]
fn shopify_barcodes_lose_their_apostrophe_and_spreadsheet_numbers_are_dropped_with_a_warning() {
    let doc = ShopSystem::Shopify
        .read("s.csv", &imports("shopify_barcodes.csv"), &Currency::usd())
        .unwrap_or_else(|e| panic!("{e}"));
    let codes: Vec<(&str, Option<&str>)> =
        doc.products.iter().map(|p| (p.sku.as_str(), p.barcode.as_deref())).collect();
    assert_eq!(
        codes,
        [("OAT-1", Some("07350177880121")), ("RYE-1", None), ("NUT-1", Some("04006381333931"))]
    );
    let warnings: Vec<String> = doc.notes.warnings.iter().map(|w| w.in_file("s.csv")).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("s.csv:3: field `Variant Barcode`: `3.65275E+11` is not a barcode"),
        "{warnings:?}"
    );
    // A bad check digit is still a typo to fix, not a spreadsheet's doing.
    let bad = String::from_utf8(imports("shopify_barcodes.csv"))
        .unwrap()
        .replace("'7350177880121", "'7350177880122");
    let e = ShopSystem::Shopify.read("s.csv", bad.as_bytes(), &Currency::usd()).unwrap_err().to_string();
    assert!(e.contains("s.csv:2: field `Variant Barcode`: `7350177880122` has a bad check digit"), "{e}");
}

// -------------------------------------------------------------- short rows

#[test]
fn woocommerce_rows_written_before_later_columns_existed_are_read_with_those_columns_empty() {
    let doc = ShopSystem::WooCommerce
        .read("w.csv", &imports("woo_short_rows.csv"), &Currency::usd())
        .unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(&str, i64, usize)> =
        doc.products.iter().map(|p| (p.sku.as_str(), p.price.0, p.attributes.len())).collect();
    assert_eq!(got, [("PEN-1", 3500, 0), ("INK-1", 900, 1), ("NIB-1", 600, 1)]);
    // Other exports write every row in full: a short row there is damage.
    let magento = "sku,product_type,name,price,qty\nA,simple,Lamp,1.00\n";
    let e = ShopSystem::Magento.read("m.csv", magento.as_bytes(), &Currency::usd()).unwrap_err().to_string();
    assert_eq!(e, "m.csv:2: 4 fields, the header has 5");
}

// ------------------------------------------------------------- categories

#[test]
fn a_product_in_several_categories_goes_in_the_most_specific() {
    let doc = ShopSystem::WooCommerce.read("w.csv", &imports("categories.csv"), &Currency::usd()).unwrap();
    let got: Vec<(&str, &str)> =
        doc.products.iter().map(|p| (p.category.as_str(), p.brand.as_str())).collect();
    assert_eq!(got, [("Clothing > T-shirts", "KidCakes"), ("Music > Albums", ""), ("Clothing > Hats", "")]);
    let doc =
        ShopSystem::Magento.read("m.csv", &imports("magento_categories.csv"), &Currency::usd()).unwrap();
    assert_eq!(doc.products[0].category, "Gear > Fitness Equipment");
}

// ----------------------------------------------------------- unknown stock

/// (SKU, stock) of every product a reader gives, in file order.
fn stock(doc: &CatalogDoc) -> Vec<(&str, Option<i64>)> {
    doc.products.iter().map(|p| (p.sku.as_str(), p.stock)).collect()
}

#[test]
fn stock_an_export_does_not_count_stays_unknown_and_sells_rather_than_becoming_0() {
    let usd = Currency::usd();
    let doc = ShopSystem::Shopify.read("s.csv", &imports("shopify_stock.csv"), &usd).unwrap();
    assert_eq!(
        stock(&doc),
        [("WRAP-1", None), ("CANDLE-1", Some(0)), ("SOAP-1", Some(25))],
        "no tracker: not counted"
    );
    let doc = ShopSystem::Shopify.read("s.csv", &imports("shopify_no_qty_column.csv"), &usd).unwrap();
    assert_eq!(stock(&doc), [("TOWEL-1", None)]);
    let doc = ShopSystem::WooCommerce.read("w.csv", &imports("woo_stock.csv"), &usd).unwrap();
    assert_eq!(
        stock(&doc),
        [
            ("POSTER-1", None),
            ("FRAME-1", Some(0)),
            ("CARD-1", None),
            ("CLIP-1", Some(6)),
            ("PRINT-A4", Some(11)),
            ("PRINT-A3", Some(4))
        ],
        "In stock? 1 without a count is not 0; `parent` is the variable product's count"
    );
    let doc = ShopSystem::Magento.read("m.csv", &imports("magento_stock.csv"), &usd).unwrap();
    assert_eq!(stock(&doc), [("EBOOK-1", None), ("MAP-1", Some(0)), ("BOOT-1", Some(7)), ("SOCK-1", None)]);

    let (_d, mut store) = store();
    let (summary, cat) = import(&mut store, &doc);
    assert_eq!(summary.stock_unknown, 2);
    let usable: Vec<bool> = ["EBOOK-1", "MAP-1", "BOOT-1", "SOCK-1"]
        .iter()
        .map(|s| cat.sellable(cat.by_sku(s).unwrap(), false))
        .collect();
    assert_eq!(usable, [true, false, true, true], "not counted is not sold out");
}

// ------------------------------------------------------------ unknown cost

#[test]
fn a_cost_the_export_does_not_give_is_unknown_not_0() {
    let usd = Currency::usd();
    let costs = |doc: &CatalogDoc| doc.products.iter().map(|p| (p.sku.clone(), p.cost)).collect::<Vec<_>>();
    let doc = ShopSystem::WooCommerce.read("w.csv", &imports("costs.csv"), &usd).unwrap();
    assert_eq!(costs(&doc), [("BOWL-1".into(), Some(Money(1450))), ("SPOON-1".into(), None)]);
    let doc = ShopSystem::Magento.read("m.csv", &imports("magento_costs.csv"), &usd).unwrap();
    assert_eq!(costs(&doc), [("JUG-1".into(), Some(Money(950))), ("CORK-1".into(), None)]);
    let doc = ShopSystem::Shopify.read("s.csv", &imports("shopify_stock.csv"), &usd).unwrap();
    assert!(doc.products.iter().all(|p| p.cost.is_none()), "no Cost per item column");
    let (_d, mut store) = store();
    let (summary, cat) = import(&mut store, &doc);
    assert_eq!(summary.cost_unknown, 3);
    assert_eq!(product(&cat, "SOAP-1").cost, None);
}

// ------------------------------------------------- was-prices and sale dates

/// The day these tests import on: mid-June 2025.
fn june_2025() -> Date {
    Date::new(2025, 6, 15).unwrap()
}

/// (SKU, price, was-price) in minor units.
fn prices(doc: &CatalogDoc) -> Vec<(&str, i64, Option<i64>)> {
    doc.products.iter().map(|p| (p.sku.as_str(), p.price.0, p.was_price.map(|m| m.0))).collect()
}

#[test]
fn a_reduced_price_keeps_the_regular_price_it_was() {
    let usd = Currency::usd();
    let doc =
        ShopSystem::Shopify.read_on("s.csv", &imports("shopify_was_price.csv"), &usd, june_2025()).unwrap();
    assert_eq!(
        prices(&doc),
        [("THROW-1", 7900, Some(9900)), ("CUSH-1", 3500, None), ("RUG-1", 12_000, None)]
    );
    let (_d, mut store) = store();
    let (_, cat) = import(&mut store, &doc);
    let throw = product(&cat, "THROW-1");
    assert_eq!(throw.was_price.map(|was| was - throw.price), Some(Money(2000)), "save $20.00");
}

#[test]
fn sale_and_special_prices_apply_only_between_their_dates() {
    let usd = Currency::usd();
    let doc =
        ShopSystem::WooCommerce.read_on("w.csv", &imports("woo_sale_dates.csv"), &usd, june_2025()).unwrap();
    assert_eq!(
        prices(&doc),
        [
            ("OLD-SALE", 2500, None),
            ("NEXT-SALE", 8000, None),
            ("ON-SALE", 3000, Some(4000)),
            ("OPEN-SALE", 2200, Some(2900)),
            ("ODD-SALE", 1200, None),
        ],
        "a sale above the regular price is no sale; a row without any price is skipped"
    );
    let not_applied: Vec<String> = doc.notes.prices_not_applied.iter().map(|p| p.in_file("w.csv")).collect();
    assert_eq!(
        not_applied,
        [
            "w.csv:2: field `Sale price`: sale price $18.00 ended 2019-06-30",
            "w.csv:3: field `Sale price`: sale price $60.00 starts 2040-01-01",
        ]
    );
    assert_eq!(doc.notes.skipped.get("product without a price"), Some(&1));
    let doc = ShopSystem::Magento
        .read_on("m.csv", &imports("magento_special_dates.csv"), &usd, june_2025())
        .unwrap();
    assert_eq!(
        prices(&doc),
        [
            ("KETTLE-OLD", 4500, None),
            ("KETTLE-NEW", 6000, None),
            ("KETTLE-NOW", 7900, Some(8900)),
            ("KETTLE-ANY", 2500, Some(3000)),
        ]
    );
    let not_applied: Vec<&str> = doc.notes.prices_not_applied.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        not_applied,
        ["special price $39.00 ended 2018-06-30", "special price $49.00 starts 2040-01-01"]
    );
    // The same file read a year later: the June sale is over.
    let later = Date::new(2026, 6, 15).unwrap();
    let doc =
        ShopSystem::Magento.read_on("m.csv", &imports("magento_special_dates.csv"), &usd, later).unwrap();
    assert_eq!(prices(&doc)[2], ("KETTLE-NOW", 8900, None));
}

#[test]
fn a_sale_date_that_is_not_a_date_is_refused_naming_it() {
    let woo = "ID,Type,SKU,Name,Date sale price ends,Sale price,Regular price\n1,simple,A,Lamp,03/04/2019,5.00,9.00\n";
    let e = ShopSystem::WooCommerce
        .read_on("w.csv", woo.as_bytes(), &Currency::usd(), june_2025())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "w.csv:2: field `Date sale price ends`: `03/04/2019` could be 3 April or 4 March: write it as YYYY-MM-DD"
    );
}

// -------------------------------------------------------- localised headers

#[test]
fn a_woocommerce_export_in_another_language_is_recognised_and_refused_naming_the_language_problem() {
    let bytes = imports("woo_russian.csv");
    assert_eq!(counterpart::catalog::shop_systems::sniff(&bytes), Some(ShopSystem::WooCommerce));
    let e = ShopSystem::WooCommerce.read("ru.csv", &bytes, &Currency::usd()).unwrap_err().to_string();
    assert!(
        e.starts_with(
            "ru.csv:1: the column names (`Тип`, `Артикул`, `Имя`, ...) are not WooCommerce's English ones"
        ),
        "{e}"
    );
    assert!(e.contains("site language") && e.contains("English"), "{e}");
    assert_eq!(e.lines().count(), 1, "one clear line");
}

#[test]
fn a_shopify_export_without_a_sku_column_is_still_recognised() {
    let csv = "Handle,Title,Option1 Name,Option1 Value,Variant Price\nmug,Mug,Title,Default Title,9.00\n";
    assert_eq!(counterpart::catalog::shop_systems::sniff(csv.as_bytes()), Some(ShopSystem::Shopify));
    let doc = ShopSystem::Shopify.read("s.csv", csv.as_bytes(), &Currency::usd()).unwrap();
    assert_eq!(doc.products[0].sku, "mug");
}
