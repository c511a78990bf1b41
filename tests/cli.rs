//! The command line end to end on temp databases: init, import (and every
//! import error), export round trips, check, config errors, suggest.

mod common;

use std::path::Path;

use common::{fails, ok, run};

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
    assert!(out.contains("Would import c.csv: 2 products (2 created, 0 changed, 0 unchanged)"), "{out}");
    assert_eq!(ok(d, &["--db", "d.db", "export"]).lines().count(), 1);
    ok(d, &["--db", "d.db", "import", "c.csv"]);
    let out = ok(d, &["--db", "d.db", "import", "c.csv"]);
    assert!(out.contains("2 products (0 created, 0 changed, 2 unchanged)"), "{out}");
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
    // Amounts are written as the currency writes them (`30.00`, not `30.0`).
    assert_eq!(first["price"], 30.0);
    assert!(out.contains(r#""sku":"CASE-CLR","name":"#) && out.contains(r#""price":30.00,"#), "{out}");
    let up = &v["upsell"][0];
    for key in ["for_sku", "sku", "name", "price", "price_delta", "differences", "talking_point", "source"] {
        assert!(!up[key].is_null(), "upsell entry lacks {key}: {up}");
    }
    assert!(out.contains(r#""price_delta":{"amount":100.00,"percent":"#), "{out}");
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

/// A Spark-shaped rule, one line of an `import-rules` file.
fn spark_rule(antecedent: &str, consequent: &str) -> String {
    format!(
        "{{\"antecedent\":[\"{antecedent}\"],\"consequent\":[\"{consequent}\"],\"confidence\":0.5,\"lift\":2.0,\"support\":0.01}}\n"
    )
}

#[test]
fn import_rules_that_would_leave_no_rules_is_refused_and_the_stored_rules_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--db", "r.db", "init", "--demo"]);
    let good = spark_rule("PH-AUR-X5-128", "SP-AUR-X5-GLS") + &spark_rule("SP-AUR-X5-GLS", "PH-AUR-X5-128");
    std::fs::write(d.join("good.jsonl"), good).unwrap();
    ok(d, &["--db", "r.db", "import-rules", "good.jsonl"]);
    let unknown: String = (1..=3).map(|i| spark_rule(&format!("NOPE-{i}"), "PH-AUR-X5-128")).collect();
    std::fs::write(d.join("unknown.jsonl"), unknown).unwrap();
    let e = fails(d, &["--db", "r.db", "import-rules", "unknown.jsonl"]);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.contains("unknown.jsonl: read 3 rules, all skipped")
            && e.contains("SKUs this catalog does not have (such as `NOPE-1`)"),
        "{e}"
    );
    let kept: serde_json::Value = serde_json::from_str(&ok(d, &["--db", "r.db", "rules", "--json"])).unwrap();
    assert_eq!(kept.as_array().unwrap().len(), 2, "the stored rules are kept: {kept}");
}

#[test]
fn a_db_path_in_a_missing_folder_or_to_a_missing_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("c.csv"), csv(&[GOOD_A])).unwrap();
    std::fs::write(d.join("r.jsonl"), spark_rule("PH-AUR-X5-128", "SP-AUR-X5-GLS")).unwrap();
    for args in [
        &["export"][..],
        &["suggest", "PH-AUR-X5-128"],
        &["simulate", "--sales", "1"],
        &["staff", "ann", "--name", "Ann"],
        &["import", "c.csv"],
        &["init", "--demo"],
        &["mine"],
    ] {
        let e = fails(d, &[&["--db", "typo/shop.db"][..], args].concat());
        assert!(e.contains("typo/shop.db: no such folder `typo`"), "{args:?}: {e}");
        assert!(!d.join("typo").exists(), "{args:?} created the folder");
    }
    for args in [
        &["export"][..],
        &["export-sales"],
        &["check"],
        &["rules"],
        &["suggest", "PH-AUR-X5-128"],
        &["simulate", "--sales", "1"],
        &["staff", "ann", "--name", "Ann"],
        &["import-rules", "r.jsonl"],
    ] {
        let e = fails(d, &[&["--db", "shpo.db"][..], args].concat());
        assert!(e.contains("shpo.db: no database here"), "{args:?}: {e}");
        assert!(!d.join("shpo.db").exists(), "{args:?} created a database");
    }
    // `init` and `import` make a database at --db in a folder that exists.
    ok(d, &["--db", "new.db", "import", "c.csv"]);
    ok(d, &["--db", "init.db", "init"]);
    // The first run of the configured database creates it with the demo store.
    let out = run(d, &["suggest", "PH-AUR-X5-128"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Created counterpart.db with the demo store"));
    assert!(d.join("counterpart.db").exists());
}

#[test]
fn export_sales_and_mine_refuse_a_since_that_is_not_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--db", "s.db", "init", "--demo"]);
    ok(d, &["--db", "s.db", "simulate", "--sales", "3"]);
    for bad in ["yesterday", "2026-13-45", "2026-02-29", "2026-11-26T24:00"] {
        for cmd in ["export-sales", "mine"] {
            let e = fails(d, &["--db", "s.db", cmd, "--since", bad]);
            assert!(
                e.contains(&format!("--since: `{bad}` is not")) && e.contains("YYYY-MM-DD"),
                "{cmd}: {e}"
            );
        }
    }
    assert!(ok(d, &["--db", "s.db", "export-sales", "--since", "2000-01-01"]).lines().count() > 3);
    let later = ok(d, &["--db", "s.db", "export-sales", "--since", "2999-12-31T23:59"]);
    assert_eq!(later.lines().count(), 1, "only the header: {later}");
}

#[test]
fn config_values_out_of_range_name_the_key_and_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases = [
        ("[checkout]\nmax_discount_percent = -5\n", "`checkout.max_discount_percent`: must be 0–100, not -5"),
        ("[suggestions]\ncross_sell = -1\n", "`suggestions.cross_sell`: must be 0–50, not -1"),
        ("[staff]\nmax_pin_tries = 0\n", "`staff.max_pin_tries`: must be 1–100, not 0"),
        ("[keys]\nquit = []\n", "`keys.quit`: no key given"),
        ("[store]\ncurrency = \"dollars\"\n", "`store.currency`: `dollars` is not an ISO 4217 code"),
        ("[store]\ntax_rate = \"lots\"\n", "`store.tax_rate`: `lots` is not a percentage from 0 to 100"),
    ];
    for (body, want) in cases {
        std::fs::write(d.join("shop.toml"), body).unwrap();
        let e = fails(d, &["--config", "shop.toml", "--db", "c.db", "init"]);
        assert_eq!(e.lines().count(), 1, "{e}");
        assert!(e.contains(&format!("shop.toml: {want}")), "{body}: {e}");
    }
    // A tax rate written as a number is the number.
    std::fs::write(d.join("shop.toml"), "[store]\ntax_rate = 8.25\n").unwrap();
    ok(d, &["--config", "shop.toml", "--db", "c.db", "init", "--demo"]);
    let out = ok(d, &["--config", "shop.toml", "--db", "c.db", "suggest", "PH-AUR-X5-128"]);
    assert!(!out.is_empty());
    std::fs::write(d.join("shop.toml"), "[store]\ntax_rate = 120\n").unwrap();
    let e = fails(d, &["--config", "shop.toml", "--db", "c.db", "check"]);
    assert!(e.contains("`store.tax_rate`: `120` is not a percentage from 0 to 100"), "{e}");
}

#[test]
fn staff_roles_are_the_three_named_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--db", "s.db", "init"]);
    let e = fails(d, &["--db", "s.db", "staff", "boss", "--name", "Boss", "--role", "boss"]);
    assert_eq!(e, "counterpart: role `boss` is not cashier, manager or trainee\n");
    for role in ["cashier", "manager", "trainee"] {
        let out = ok(d, &["--db", "s.db", "staff", role, "--name", "Someone", "--role", role]);
        assert_eq!(out, format!("staff `{role}` ({role}) saved\n"));
    }
}

#[test]
fn simulate_prints_a_summary_and_its_sales_are_marked_simulated() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--db", "s.db", "init", "--demo"]);
    let out = ok(d, &["--db", "s.db", "simulate", "--sales", "4"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("Recorded 4 simulated sales at T1: ") && out.contains(" lines, $"), "{out}");
    let stock_before = total_stock(d, "s.db");
    let out = ok(d, &["--db", "s.db", "simulate", "--sales", "3", "--verbose", "--move-stock"]);
    let ids: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("committed ")).collect();
    assert_eq!(ids.len(), 3, "{out}");
    assert!(out.lines().last().unwrap().contains("Recorded 3 simulated sales"), "{out}");
    let sales = ok(d, &["--db", "s.db", "export-sales"]);
    let mut rdr = csv::Reader::from_reader(sales.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (at, id, qty) = (col("simulated"), col("sale_id"), col("qty"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert!(rows.len() >= 7);
    assert!(rows.iter().all(|r| &r[at] == "1"), "{sales}");
    // --move-stock takes what the three sales sold off the shelf.
    let sold: i64 =
        rows.iter().filter(|r| ids.contains(&&r[id])).map(|r| r[qty].parse::<i64>().unwrap()).sum();
    assert!(sold >= 3);
    assert_eq!(total_stock(d, "s.db"), stock_before - sold);
}

/// The stock of every product together, from `export`.
fn total_stock(d: &Path, db: &str) -> i64 {
    let out = ok(d, &["--db", db, "export"]);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let at = rdr.headers().unwrap().iter().position(|h| h == "stock").unwrap();
    rdr.records().map(|r| r.unwrap()[at].parse::<i64>().unwrap()).sum()
}

/// Runs the binary with its standard output a pipe whose reading end is
/// already closed: every write meets a closed pipe.
fn run_into_closed_pipe(dir: &Path, args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    std::process::Command::new(env!("CARGO_BIN_EXE_counterpart"))
        .current_dir(dir)
        .env_remove("COUNTERPART_CONFIG")
        .env("XDG_CONFIG_HOME", dir.join("no-xdg"))
        .args(args)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--db", "p.db", "init", "--demo"]);
    ok(d, &["--db", "p.db", "simulate", "--sales", "30"]);
    ok(d, &["--db", "p.db", "mine"]);
    std::fs::write(d.join("b.csv"), "a,b\nb,c\na,b,c\n".repeat(50)).unwrap();
    for args in [
        &["export"][..],
        &["export", "--format", "toml"],
        &["export-sales"],
        &["rules"],
        &["rules", "--json"],
        &["check"],
        &["suggest", "PH-AUR-X5-128"],
        &["suggest", "PH-AUR-X5-128", "--json"],
        &["simulate", "--sales", "2", "--verbose"],
        &["mine", "--baskets", "b.csv", "--min-support", "0.1"],
        &["--help"],
    ] {
        let out = run_into_closed_pipe(d, &[&["--db", "p.db"][..], args].concat());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && err.is_empty(), "{args:?}: {:?} {err}", out.status);
    }
    // The same through a shell, as people type it.
    let out = std::process::Command::new("sh")
        .current_dir(d)
        .arg("-c")
        .arg(format!("{} --db p.db export | head -1", env!("CARGO_BIN_EXE_counterpart")))
        .output()
        .unwrap();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Whether this process writes files whatever their mode says (root).
#[cfg(unix)]
fn modes_do_not_stop_us(dir: &Path) -> bool {
    let probe = dir.join("probe");
    std::fs::write(&probe, "").unwrap();
    set_mode(&probe, 0o444);
    let writes = std::fs::OpenOptions::new().write(true).open(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    writes
}

/// Runs the binary as a user whom file modes bind: this one, or `nobody`
/// when the tests run as root. None when that cannot be arranged here.
#[cfg(unix)]
fn run_as_reader(dir: &Path, args: &[&str], as_nobody: bool) -> Option<std::process::Output> {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_counterpart"));
    cmd.current_dir(dir)
        .env_remove("COUNTERPART_CONFIG")
        .env("XDG_CONFIG_HOME", dir.join("no-xdg"))
        .args(args);
    if as_nobody {
        cmd.uid(65534).gid(65534);
    }
    cmd.output().ok()
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_read_only_database_serves_read_commands_and_write_commands_name_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--db", "ro.db", "init", "--demo"]);
    ok(d, &["--db", "ro.db", "simulate", "--sales", "3"]);
    std::fs::write(d.join("c.csv"), csv(&[GOOD_A])).unwrap();
    set_mode(&d.join("ro.db"), 0o444);
    let as_nobody = modes_do_not_stop_us(d);
    // First a folder the reader may write in (SQLite's shared-memory file goes
    // there), then a read-only folder too.
    for folder_mode in [0o777, 0o555] {
        set_mode(d, folder_mode);
        for args in
            [&["export"][..], &["check"], &["rules"], &["export-sales"], &["suggest", "PH-AUR-X5-128"]]
        {
            let Some(out) = run_as_reader(d, &[&["--db", "ro.db"][..], args].concat(), as_nobody) else {
                set_mode(d, 0o755);
                eprintln!("cannot run as another user here; skipped");
                return;
            };
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{args:?} in a {folder_mode:o} folder: {err}");
            assert!(!out.stdout.is_empty(), "{args:?}");
        }
        for args in [
            &["simulate", "--sales", "1"][..],
            &["staff", "ann", "--name", "Ann"],
            &["mine"],
            &["import", "c.csv"],
        ] {
            let out = run_as_reader(d, &[&["--db", "ro.db"][..], args].concat(), as_nobody).unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{args:?}");
            assert_eq!(
                err.trim(),
                "counterpart: ro.db: the database file is read-only, and this command writes to it"
            );
        }
        set_mode(d, 0o755);
        for side in ["ro.db-wal", "ro.db-shm"] {
            let _ = std::fs::remove_file(d.join(side));
        }
    }
    let sales = ok(d, &["--db", "ro.db", "export-sales"]);
    assert!(sales.lines().count() > 3, "{sales}");
}
