//! The command line end to end on temp databases: init, import (and every
//! import error), export round trips, check, config errors, suggest.

mod common;

use std::path::Path;

use common::{ok, run};

fn fails(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(!out.status.success(), "{args:?} should fail");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    err
}

const HEADER: &str = "sku,barcode,name,brand,category,family,tier,price,cost,stock,active,description";

fn csv(rows: &[&str]) -> String {
    let mut s = format!("{HEADER}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

const GOOD_A: &str = "A-1,4006381333931,Phone,Aurora,Phones,,,19.99,10.00,5,true,A phone";
const GOOD_B: &str = "B-1,,Case,Shell,Cases,,,5.00,1.00,5,true,A case";

#[test]
fn init_demo_then_export_lists_the_demo_store_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--db", "a.db", "init", "--demo"]);
    let csv1 = ok(d, &["--db", "a.db", "export", "--format", "csv"]);
    let products = csv1.lines().count() - 1;
    assert!(products >= 250, "{products} products");
    let cats: std::collections::HashSet<&str> = csv1
        .lines()
        .skip(1)
        .filter_map(|l| csv_field(l, 4))
        .map(|c| c.split(" > ").next().unwrap_or(c))
        .collect();
    assert!(cats.len() >= 12, "{} top-level categories: {cats:?}", cats.len());
    for format in ["csv", "toml"] {
        let first = ok(d, &["--db", "a.db", "export", "--format", format]);
        let file = d.join(format!("cat.{format}"));
        std::fs::write(&file, &first).unwrap();
        let db = format!("rt-{format}.db");
        ok(d, &["--db", &db, "import", file.to_str().unwrap()]);
        let second = ok(d, &["--db", &db, "export", "--format", format]);
        assert!(first == second, "{format} export → import → export differs");
    }
    assert_eq!(ok(d, &["--db", "a.db", "check"]).trim(), "ok");
    let e = fails(d, &["--db", "a.db", "init"]);
    assert!(e.contains("already exists") && e.contains("--force"), "{e}");
    ok(d, &["--db", "a.db", "init", "--force"]);
    assert_eq!(
        ok(d, &["--db", "a.db", "export"]).lines().count(),
        1,
        "--force without --demo leaves it empty"
    );
}

/// The n-th field of a CSV line without quotes before it (good enough for the category column).
fn csv_field(line: &str, n: usize) -> Option<&str> {
    let mut rdr = line.split(',');
    rdr.nth(n)
}

#[test]
fn a_bad_price_on_line_4_is_refused_naming_the_line_and_field_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("bad.csv");
    std::fs::write(&file, csv(&[GOOD_A, GOOD_B, "C-1,,Cable,Link,Cables,,,abc,1.00,5,true,x"])).unwrap();
    let e = fails(d, &["--db", "x.db", "import", file.to_str().unwrap()]);
    assert!(e.contains("bad.csv:4: field `price`: `abc` is not a number"), "{e}");
    ok(d, &["--db", "x.db", "init"]);
    fails(d, &["--db", "x.db", "import", file.to_str().unwrap()]);
    assert_eq!(ok(d, &["--db", "x.db", "export"]).lines().count(), 1, "nothing imported");
}

#[test]
fn every_kind_of_bad_row_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: &[(&str, String, &str)] = &[
        (
            "neg.csv",
            csv(&[GOOD_A, "B-1,,Case,Shell,Cases,,,-5.00,1.00,5,true,x"]),
            "neg.csv:3: field `price`: `-5.00` is negative",
        ),
        (
            "dup.csv",
            csv(&[GOOD_A, GOOD_B, "A-1,,Other,X,Cases,,,1.00,0.50,1,true,x"]),
            "dup.csv:4: field `sku`: duplicate SKU `A-1` (first on line 2)",
        ),
        (
            "check.csv",
            csv(&["A-1,4006381333932,Phone,A,Phones,,,1.00,0.50,1,true,x"]),
            "check.csv:2: field `barcode`: `4006381333932` has a bad check digit (expected 1)",
        ),
        (
            "short.csv",
            csv(&[GOOD_A, "B-1,,Case,Shell,Cases,,,5.00,1.00,5,true"]),
            "short.csv:3: 11 fields, the header has 12",
        ),
        ("header.csv", "sku,name,price\nA,B,1\n".to_string(), "header.csv:1: the header must begin with"),
        ("empty.csv", String::new(), "empty.csv: empty file"),
    ];
    for (name, body, want) in cases {
        let file = d.join(name);
        std::fs::write(&file, body).unwrap();
        let e = fails(d, &["--db", "e.db", "import", file.to_str().unwrap()]);
        assert!(e.contains(want), "{name}: {e}");
    }
    let mut bytes = csv(&[GOOD_A]).into_bytes();
    bytes.extend_from_slice(b"B-1,,Ca\xffse,Shell,Cases,,,5.00,1.00,5,true,x\n");
    std::fs::write(d.join("utf8.csv"), bytes).unwrap();
    let e = fails(d, &["--db", "e.db", "import", "utf8.csv"]);
    assert!(e.contains("utf8.csv:3: invalid UTF-8"), "{e}");
}

#[test]
fn links_to_unknown_products_and_upgrade_cycles_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let product = |sku: &str, price: &str| {
        format!(
            "[[product]]\nsku = \"{sku}\"\nname = \"{sku}\"\ncategory = \"Phones\"\nprice = \"{price}\"\n\n"
        )
    };
    let link = |from: &str, to: &str, kind: &str| {
        format!("[[link]]\nfrom = \"{from}\"\nto = \"{to}\"\nkind = \"{kind}\"\n\n")
    };
    let base = product("A", "1.00") + &product("B", "2.00");
    let cases = [
        (
            "unknown.toml",
            base.clone() + &link("A", "NOPE", "complement"),
            "field `to`: link to unknown SKU `NOPE`",
        ),
        (
            "cycle.toml",
            base.clone() + &link("A", "B", "upgrade") + &link("B", "A", "upgrade"),
            "upgrade cycle: `B` → `A` leads back to `B`",
        ),
        ("self.toml", base.clone() + &link("A", "A", "upgrade"), "`A` is linked to itself"),
        (
            "kind.toml",
            base.clone() + &link("A", "B", "sidegrade"),
            "field `kind`: `sidegrade` is not complement, upgrade or substitute",
        ),
        ("money.toml", product("A", "12.345"), "field `price`: `12.345` has more than 2 decimal places"),
    ];
    for (name, body, want) in cases {
        std::fs::write(d.join(name), body).unwrap();
        let e = fails(d, &["--db", "l.db", "import", name]);
        assert!(e.contains(want), "{name}: {e}");
        assert!(e.contains(&format!("{name}:")), "{name} names the file and line: {e}");
    }
    // A cycle through a link already in the database is caught too.
    std::fs::write(d.join("one.toml"), base.clone() + &link("A", "B", "upgrade")).unwrap();
    ok(d, &["--db", "l.db", "import", "one.toml"]);
    std::fs::write(d.join("two.toml"), link("B", "A", "upgrade")).unwrap();
    let e = fails(d, &["--db", "l.db", "import", "two.toml"]);
    assert!(e.contains("upgrade cycle"), "{e}");
}

#[test]
fn dry_run_reports_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("c.csv"), csv(&[GOOD_A, GOOD_B])).unwrap();
    ok(d, &["--db", "d.db", "init"]);
    let out = ok(d, &["--db", "d.db", "import", "c.csv", "--dry-run"]);
    assert!(out.contains("Would import c.csv: 2 products added"), "{out}");
    assert_eq!(ok(d, &["--db", "d.db", "export"]).lines().count(), 1);
    ok(d, &["--db", "d.db", "import", "c.csv"]);
    let out = ok(d, &["--db", "d.db", "import", "c.csv"]);
    assert!(out.contains("0 products added, 2 updated"), "{out}");
}

#[test]
fn a_config_with_an_unknown_key_fails_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("my.toml"), "[suggestions]\ncross_sel = 3\n").unwrap();
    let e = fails(d, &["--config", "my.toml", "--db", "c.db", "init"]);
    assert!(
        e.contains("my.toml: unknown key `suggestions.cross_sel` (did you mean `suggestions.cross_sell`?)"),
        "{e}"
    );
    // ./config.toml is picked up on its own, and $COUNTERPART_CONFIG too.
    std::fs::write(d.join("config.toml"), "[store]\nterminal = 7\n").unwrap();
    let e = fails(d, &["--db", "c.db", "init"]);
    assert!(e.contains("config.toml: `store.terminal` must be a string, not an integer"), "{e}");
    let e = fails(d, &["--config", "missing.toml", "init"]);
    assert!(e.contains("missing.toml: cannot read"), "{e}");
}

#[test]
fn the_database_comes_from_the_config_relative_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("etc")).unwrap();
    std::fs::write(d.join("etc/shop.toml"), "[database]\npath = \"../data/shop.db\"\n").unwrap();
    ok(d, &["--config", "etc/shop.toml", "init"]);
    assert!(d.join("data/shop.db").exists());
}

#[test]
fn check_reports_ok_or_the_problem_with_a_matching_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let e = fails(d, &["--db", "none.db", "check"]);
    assert!(e.contains("none.db: no database here"), "{e}");
    std::fs::write(d.join("junk.db"), vec![b'x'; 4096]).unwrap();
    let e = fails(d, &["--db", "junk.db", "check"]);
    assert!(e.contains("junk.db"), "{e}");
}

#[test]
fn suggest_json_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--db", "s.db", "import", common::data("shop.toml").to_str().unwrap()]);
    let out = ok(d, &["--db", "s.db", "suggest", "PH-128x2", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["cart"][0]["sku"], "PH-128");
    assert_eq!(v["cart"][0]["qty"], 2);
    let first = &v["cross_sell"][0];
    for key in ["sku", "name", "price", "source", "reason", "talking_point", "score"] {
        assert!(!first[key].is_null(), "cross_sell entry lacks {key}: {first}");
    }
    assert_eq!(first["sku"], "CASE-CLR");
    assert_eq!(first["price"].to_string(), "30.00");
    let up = &v["upsell"][0];
    for key in ["for_sku", "sku", "name", "price", "price_delta", "differences", "talking_point", "source"] {
        assert!(!up[key].is_null(), "upsell entry lacks {key}: {up}");
    }
    assert_eq!(up["price_delta"]["amount"].to_string(), "100.00");
    assert_eq!(up["differences"][0], "Storage: 128 GB → 256 GB");
    let text = ok(d, &["--db", "s.db", "suggest", "PH-128", "--budget", "640"]);
    assert!(text.contains("Goes well with") && text.contains("(no upgrade within the price step)"), "{text}");
    let e = fails(d, &["--db", "s.db", "suggest", "PH-128", "NOPE-1"]);
    assert!(e.contains("unknown SKU `NOPE-1`"), "{e}");
    let e = fails(d, &["--db", "s.db", "suggest", "PH-128", "--budget", "lots"]);
    assert!(e.contains("--budget: `lots` is not a number"), "{e}");
}

#[test]
fn shop_system_exports_are_recognised_and_imported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (file, system) in [
        ("shopify_products.csv", "Shopify"),
        ("woocommerce_products.csv", "WooCommerce"),
        ("magento_products.csv", "Magento 2"),
    ] {
        let path = common::data(file);
        let out = run(d, &["--db", "shops.db", "import", path.to_str().unwrap()]);
        assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(&format!("reading it as a {system} export")), "{file}: {said}");
    }
    assert_eq!(ok(d, &["--db", "shops.db", "check"]).trim(), "ok");
    let v: serde_json::Value =
        serde_json::from_str(&ok(d, &["--db", "shops.db", "suggest", "HX5-128", "--json"])).unwrap();
    assert_eq!(v["upsell"][0]["sku"], "HX5-256", "Shopify variants became a ladder: {v}");
    // Naming a format reads the file as that format, whatever it looks like.
    let own = d.join("own.csv");
    std::fs::write(&own, format!("{HEADER}\n{GOOD_A}\n")).unwrap();
    let out = run(d, &["--db", "shops.db", "import", own.to_str().unwrap(), "--format", "shopify"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("own.csv:1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(d, &["--db", "shops.db", "export", "--format", "shopify"]);
    assert!(!out.status.success(), "export writes only counterpart's own formats");
}
