//! `counterpart import` end to end: the summary it prints on every import,
//! what a dry run says would change, and the settings that change how a
//! file is read.

mod common;

use common::{fails, ok, run};

fn imports(name: &str) -> String {
    common::data(&format!("imports/{name}")).to_str().unwrap().to_string()
}

#[test]
fn a_dry_run_and_a_re_import_say_what_is_created_changed_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (first, changed) = (imports("reimport.csv"), imports("reimport_changed.csv"));
    let out = ok(d, &["--db", "r.db", "import", &first]);
    assert!(out.contains(": 3 products (3 created, 0 changed, 0 unchanged), 4 categories added."), "{out}");
    let out = ok(d, &["--db", "r.db", "import", &first]);
    assert!(out.contains(": 3 products (0 created, 0 changed, 3 unchanged), 0 categories added."), "{out}");
    let before = ok(d, &["--db", "r.db", "export"]);
    let out = ok(d, &["--db", "r.db", "import", &changed, "--dry-run"]);
    assert!(out.starts_with("Would import "), "{out}");
    assert!(out.contains(": 4 products (1 created, 2 changed, 1 unchanged)"), "a price and a colour: {out}");
    assert_eq!(ok(d, &["--db", "r.db", "export"]), before, "a dry run changes nothing");
    let out = ok(d, &["--db", "r.db", "import", &changed]);
    assert!(out.starts_with("Imported ") && out.contains("(1 created, 2 changed, 1 unchanged)"), "{out}");
}

#[test]
fn decimal_commas_import_only_where_the_store_says_it_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = imports("decimal_comma.csv");
    let e = fails(d, &["--db", "c.db", "import", &file]);
    assert!(e.contains("decimal_comma.csv:2: field `price`: `12,50` has a decimal comma"), "{e}");
    std::fs::write(d.join("eu.toml"), "[store]\ncurrency = \"EUR\"\ndecimal_comma = true\n").unwrap();
    let out = ok(d, &["--config", "eu.toml", "--db", "c.db", "import", &file]);
    assert!(out.contains("2 products (2 created"), "{out}");
    let csv = ok(d, &["--config", "eu.toml", "--db", "c.db", "export"]);
    assert!(csv.contains(",12.50,9.99,4,"), "read as 12.50, not 1250.00: {csv}");
}

#[test]
fn a_dropped_barcode_is_a_warning_naming_the_row_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--db", "b.db", "import", &imports("shopify_barcodes.csv")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("shopify_barcodes.csv:3: field `Variant Barcode`: `3.65275E+11` is not a barcode"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 products (3 created"));
}

#[test]
fn the_summary_says_which_stock_is_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["--db", "s.db", "import", &imports("shopify_stock.csv")]);
    assert!(out.contains("stock unknown for 1 product: not counted, sold as available"), "{out}");
}

#[test]
fn the_summary_names_the_offer_prices_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["--db", "s.db", "import", &imports("woo_sale_ended.csv")]);
    assert!(
        out.contains(
            "2 offer prices not applied, the regular price kept: line 2: sale price $18.00 ended 2019-06-30; \
             line 3: sale price $60.00 starts 2040-01-01"
        ),
        "{out}"
    );
    let csv = ok(dir.path(), &["--db", "s.db", "export"]);
    assert!(csv.contains("OLD-SALE,,Desk Lamp,,Uncategorised,,,25.00,"), "{csv}");
}

#[test]
fn the_summary_counts_bundles_and_the_rows_left_out_by_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["--db", "s.db", "import", &imports("magento_bundles.csv")]);
    assert!(out.contains("bundles: 3;"), "{out}");
    assert!(
        out.contains(
            "3 rows skipped: `virtual_warranty` product 1, bundle with a choice of products 1, gift card 1"
        ),
        "{out}"
    );
}

#[test]
fn a_woocommerce_export_in_russian_fails_with_one_line_about_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let e = fails(dir.path(), &["--db", "r.db", "import", &imports("woo_russian.csv")]);
    assert!(e.contains("reading it as a WooCommerce export"), "{e}");
    assert!(e.contains("woo_russian.csv:1: the column names (`Тип`"), "{e}");
    assert!(e.contains("export again with the site language"), "{e}");
}

#[test]
fn files_shaped_like_the_shop_systems_own_samples_import_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    for (file, system) in
        [("woo_fixture_shaped.csv", "WooCommerce"), ("magento_sample_shaped.csv", "Magento 2")]
    {
        let out = run(dir.path(), &["--db", "s.db", "import", &imports(file)]);
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{file}: {stderr}");
        assert!(stderr.contains(&format!("reading it as a {system} export")), "{stderr}");
        assert!(stdout.contains("substitute"), "mutual upsells: {stdout}");
    }
    assert_eq!(ok(dir.path(), &["--db", "s.db", "check"]).trim(), "ok");
}
