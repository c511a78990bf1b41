//! Customers end to end through the binary on temp databases: every
//! `customer` verb and its bad input, consent and its audit, erasure down to
//! the bytes of the database file, `sale --customer`, follow-up lists and
//! their consent rule, Shopify customer imports and their errors, and
//! `simulate --customers`.

mod common;

use std::path::Path;

use common::{data, demo_cmd as cp, demo_dir as demo, fails, ok, run};

/// `counterpart --db c.db ARGS…` that must fail: its standard error, which must be one line.
fn cp_fails(d: &Path, args: &[&str]) -> String {
    let mut all = vec!["--db", "c.db"];
    all.extend_from_slice(args);
    let err = fails(d, &all);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

fn add(d: &Path, args: &[&str]) -> String {
    let mut all = vec!["customer", "add"];
    all.extend_from_slice(args);
    cp(d, &all).trim().to_string()
}

fn show_json(d: &Path, id: &str) -> serde_json::Value {
    serde_json::from_str(&cp(d, &["customer", "show", id, "--json"])).unwrap()
}

#[test]
fn add_find_show_and_edit_a_customer() {
    let dir = demo();
    let d = dir.path();
    let ann = add(
        d,
        &[
            "--name",
            "Ann Lee",
            "--phone",
            "+44 113 496 0000",
            "--email",
            "Ann@Example.com",
            "--card",
            "lc-1001",
        ],
    );
    let bo = add(d, &["--name", "Bo Ng", "--consent", "marketing"]);
    assert!(
        ann.parse::<i64>().is_ok() && bo.parse::<i64>().unwrap() > ann.parse::<i64>().unwrap(),
        "{ann} {bo}"
    );
    for text in ["lee", "ann@example", "LC-1001", "113 496", "4960000"] {
        let found = cp(d, &["customer", "find", text]);
        assert!(found.trim_start().starts_with(&format!("{ann}  Ann Lee")), "{text}: {found}");
        assert!(!found.contains("Bo Ng"), "{text}: {found}");
    }
    let e = cp_fails(d, &["customer", "find", "nobody"]);
    assert!(e.contains("no customer matches `nobody`"), "{e}");
    let shown = cp(d, &["customer", "show", &ann]);
    assert!(shown.starts_with(&format!("Customer {ann}: Ann Lee")), "{shown}");
    assert!(shown.contains("email   ann@example.com") && shown.contains("card    LC-1001"), "{shown}");
    assert!(
        shown.contains("consent profiling no, marketing no") && shown.contains("no purchases"),
        "{shown}"
    );
    let out = cp(d, &["customer", "edit", &ann, "--phone", "555 0199", "--email", ""]);
    assert_eq!(out.trim(), format!("customer {ann}: phone, email changed"));
    let j = show_json(d, &ann);
    assert_eq!((j["phone"].as_str(), j["email"].as_str()), (Some("5550199"), None));
    let out = cp(d, &["customer", "edit", &ann, "--name", "Ann Lee"]);
    assert_eq!(out.trim(), format!("customer {ann}: nothing changed"));
    let actions: Vec<&str> =
        j["audit"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["created", "edited"]);
    assert_eq!(j["audit"][1]["details"], "phone, email", "the audit names fields, never values");
}

#[test]
fn bad_input_is_one_line_naming_the_field_and_a_failure() {
    let dir = demo();
    let d = dir.path();
    let id = add(d, &["--name", "Ann Lee", "--email", "ann@example.com", "--card", "LC-1"]);
    let cases: [(&[&str], &str); 12] = [
        (&["customer", "add", "--name", "Bo", "--email", "bo@"], "email: `bo@` is not an email address"),
        (
            &["customer", "add", "--name", "Bo", "--phone", "call me"],
            "phone: `call me` is not a phone number",
        ),
        (&["customer", "add", "--name", " ", "--phone", "5550101"], "name: is empty"),
        (&["customer", "add", "--name", "Bo", "--card", "x"], "card: `x` is not a card code"),
        (
            &["customer", "add", "--name", "Bo", "--consent", "newsletter"],
            "consent: `newsletter` is not a consent",
        ),
        (
            &["customer", "add", "--name", "Bo", "--email", "ANN@example.com"],
            "email: `ann@example.com` is customer",
        ),
        (&["customer", "add", "--name", "Bo", "--card", "lc-1"], "card: `LC-1` is customer"),
        (&["customer", "show", "abc"], "customer id: `abc` is not a customer id"),
        (&["customer", "show", "999"], "customer id: no customer 999"),
        (&["customer", "consent", &id, "--marketing", "maybe"], "marketing: `maybe` is neither yes nor no"),
        (&["customer", "edit", &id, "--name", ""], "name: is empty"),
        (&["sale", "--customer", "999", "PH-AUR-X5-128"], "customer id: no customer 999"),
    ];
    for (args, want) in cases {
        let e = cp_fails(d, args);
        assert!(e.starts_with("counterpart: ") && e.contains(want), "{args:?}: {e}");
    }
    let e = cp_fails(d, &["sale", "--payment", "cheque", "PH-AUR-X5-128"]);
    assert!(e.contains("--payment: `cheque` is not a payment method"), "{e}");
    let j = show_json(d, &id);
    assert_eq!(j["audit"].as_array().unwrap().len(), 1, "nothing refused was written: {j}");
}

#[test]
fn a_card_that_would_scan_as_a_product_is_refused() {
    let dir = demo();
    let d = dir.path();
    let e = cp_fails(d, &["customer", "add", "--name", "Ann", "--card", "2252798299113"]);
    assert!(
        e.contains("card: `2252798299113` is the barcode of Aurora X5 128 GB (PH-AUR-X5-128); a loyalty card must not scan as a product"),
        "{e}"
    );
    let e = cp_fails(d, &["customer", "add", "--name", "Ann", "--card", "cs-aur-x5-sil"]);
    assert!(e.contains("card: `CS-AUR-X5-SIL` is the SKU of Aurora X5 Silicone Case"), "{e}");
    let id = add(d, &["--name", "Ann", "--card", "LC-2001"]);
    let e = cp_fails(d, &["customer", "edit", &id, "--card", "02252798299113"]);
    assert!(e.contains("is the barcode of Aurora X5 128 GB"), "the GTIN-14 form too: {e}");
}

#[test]
fn a_product_that_would_scan_as_a_loyalty_card_is_refused_at_import() {
    let dir = demo();
    let d = dir.path();
    let id = add(d, &["--name", "Ann", "--card", "LC-2001"]);
    let bo = add(d, &["--name", "Bo", "--card", "4006381333931"]);
    let product = |sku: &str, barcode: &str| {
        format!(
            "[[product]]\nsku = \"{sku}\"\n{barcode}name = \"Lamp\"\ncategory = \"Home\"\nprice = \"9.00\"\n"
        )
    };
    std::fs::write(d.join("sku.toml"), product("lc-2001", "")).unwrap();
    let e = fails(d, &["--db", "c.db", "import", "sku.toml"]);
    assert!(
        e.contains("sku.toml:1") && e.contains(&format!("SKU `lc-2001` is customer {id}'s loyalty card")),
        "{e}"
    );
    std::fs::write(d.join("code.toml"), product("LAMP-1", "barcode = \"04006381333931\"\n")).unwrap();
    let e = fails(d, &["--db", "c.db", "import", "code.toml"]);
    assert!(
        e.contains("code.toml:1") && e.contains(&format!("barcode is customer {bo}'s loyalty card")),
        "{e}"
    );
    // Nothing was written: the lamp is unknown.
    let e = cp_fails(d, &["suggest", "LAMP-1"]);
    assert!(e.contains("LAMP-1"), "{e}");
    assert!(e.trim_end().lines().count() == 1, "{e}");
}

#[test]
fn each_consent_is_its_own_dated_and_audited() {
    let dir = demo();
    let d = dir.path();
    let id = add(d, &["--name", "Ann Lee", "--consent", "profiling"]);
    let j = show_json(d, &id);
    assert_eq!(j["consents"]["profiling"]["given"], true);
    assert!(j["consents"]["profiling"]["at"].is_string());
    assert_eq!(
        j["consents"]["marketing"],
        serde_json::json!({ "given": false, "at": null }),
        "never bundled"
    );
    let out = cp(d, &["customer", "consent", &id, "--marketing", "yes", "--profiling", "yes"]);
    assert!(out.contains("profiling yes (given") && out.contains("marketing yes (given"), "{out}");
    cp(d, &["customer", "consent", &id, "--profiling", "no"]);
    let j = show_json(d, &id);
    assert_eq!(j["consents"]["profiling"]["given"], false);
    assert_eq!(j["consents"]["marketing"]["given"], true);
    let audit: Vec<(String, String)> = j["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["action"].as_str().unwrap().to_string(), a["details"].as_str().unwrap().to_string()))
        .collect();
    let consent: Vec<&str> = audit.iter().filter(|(a, _)| a == "consent").map(|(_, d)| d.as_str()).collect();
    assert_eq!(consent, ["profiling: no → yes", "marketing: no → yes", "profiling: yes → no"]);
    assert!(j["audit"].as_array().unwrap().iter().all(|a| a["terminal"].is_string() && a["at"].is_string()));
    let e = cp_fails(d, &["customer", "consent", &id]);
    assert!(e.contains("--profiling yes|no"), "{e}");
}

/// The sale totals per sale id `export-sales` writes.
fn sale_totals(d: &Path) -> Vec<(String, String)> {
    let csv = cp(d, &["export-sales"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (id, total) = (col("sale_id"), col("sale_total"));
    let mut out: Vec<(String, String)> = r
        .records()
        .map(|rec| rec.unwrap())
        .map(|rec| (rec[id].to_string(), rec[total].to_string()))
        .collect();
    out.dedup();
    out
}

#[test]
fn a_sale_for_a_customer_is_in_their_access_request() {
    let dir = demo();
    let d = dir.path();
    let id = add(d, &["--name", "Ann Lee", "--email", "ann@example.com"]);
    let sale = cp(d, &["sale", "--customer", &id, "--payment", "cash", "PH-AUR-X5-128", "CS-AUR-X5-SILx2"]);
    let sale = sale.trim();
    let anonymous = cp(d, &["sale", "PH-AUR-X5-256"]);
    let j = show_json(d, &id);
    let sales = j["sales"].as_array().unwrap();
    assert_eq!(sales.len(), 1, "only theirs: {j}");
    assert_eq!(sales[0]["id"], sale);
    assert_eq!(sales[0]["kind"], "sale");
    let lines: Vec<(String, i64)> = sales[0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["sku"].as_str().unwrap().to_string(), l["qty"].as_i64().unwrap()))
        .collect();
    assert_eq!(lines, [("PH-AUR-X5-128".to_string(), 1), ("CS-AUR-X5-SIL".to_string(), 2)]);
    assert_eq!(sales[0]["payments"][0]["method"], "cash");
    let totals = sale_totals(d);
    let exported = totals.iter().find(|(s, _)| s == sale).map(|(_, t)| t.clone()).unwrap();
    let raw = cp(d, &["customer", "show", &id, "--json"]);
    assert!(
        raw.contains(&format!("\"total\": {exported}")),
        "the same total as export-sales ({exported}): {raw}"
    );
    assert!(totals.iter().any(|(s, _)| s == anonymous.trim()));
    let text = cp(d, &["customer", "show", &id]);
    assert!(text.contains("1 purchase,") && text.contains(sale), "{text}");
}

/// Whether `needle` is anywhere in the database file or its write-ahead log.
fn in_file(d: &Path, needle: &str) -> bool {
    ["c.db", "c.db-wal"].iter().any(|f| {
        let bytes = std::fs::read(d.join(f)).unwrap_or_default();
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    })
}

#[test]
fn erase_leaves_no_personal_field_in_the_database_file_and_the_totals_unchanged() {
    let dir = demo();
    let d = dir.path();
    let id = add(
        d,
        &[
            "--name",
            "Zebulon Quackenbush",
            "--phone",
            "+44 7700 900123",
            "--email",
            "zebulon.q@example.com",
            "--card",
            "ZQ-778899",
            "--consent",
            "profiling,marketing",
        ],
    );
    cp(d, &["sale", "--customer", &id, "PH-AUR-X5-128", "CS-AUR-X5-SIL"]);
    cp(d, &["sale", "--customer", &id, "--payment", "cash", "CS-AUR-X5-CLR"]);
    cp(d, &["customer", "edit", &id, "--phone", "+44 7700 900456"]);
    let before = sale_totals(d);
    let personal =
        ["Zebulon Quackenbush", "+447700900123", "+447700900456", "zebulon.q@example.com", "ZQ-778899"];
    for p in personal {
        assert!(in_file(d, p) || p == "+447700900123", "{p} is in the file before the erasure");
    }
    assert!(in_file(d, "Zebulon Quackenbush"));
    let out = cp(d, &["customer", "erase", &id]);
    assert!(out.contains(&format!("customer {id} erased")) && out.contains("2 sales kept"), "{out}");
    for p in personal {
        assert!(!in_file(d, p), "`{p}` survives in the database file");
    }
    assert_eq!(sale_totals(d), before, "the sales and their totals are kept");
    let j = show_json(d, &id);
    for f in ["name", "phone", "email", "card"] {
        assert!(j[f].is_null(), "{f}: {j}");
    }
    assert!(j["erased_at"].is_string());
    assert_eq!(j["consents"]["marketing"]["given"], false);
    assert_eq!(j["sales"].as_array().unwrap().len(), 0, "the sales are no longer linked to them");
    let last = &j["audit"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "erased");
    let audit = j["audit"].to_string();
    for p in personal {
        assert!(!audit.contains(p), "the audit holds {p}");
    }
    let e = cp_fails(d, &["customer", "erase", &id]);
    assert!(e.contains(&format!("customer {id} was erased on")), "{e}");
    let e = cp_fails(d, &["sale", "--customer", &id, "PH-AUR-X5-128"]);
    assert!(e.contains("was erased"), "{e}");
    assert!(fails(d, &["--db", "c.db", "customer", "find", "Zebulon"]).contains("no customer matches"));
    assert_eq!(cp(d, &["check"]).trim(), "ok");
}

/// The customer ids `followup --csv` lists.
fn followup_ids(d: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["followup", "--csv"];
    all.extend_from_slice(args);
    let out = cp(d, &all);
    let mut r = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(r.headers().unwrap().iter().next(), Some("customer_id"));
    r.records().map(|rec| rec.unwrap()[0].to_string()).collect()
}

#[test]
fn followup_never_lists_a_customer_without_marketing_consent_nor_an_erased_one() {
    let dir = demo();
    let d = dir.path();
    let yes = add(d, &["--name", "Ann Yes", "--email", "ann@example.com", "--consent", "marketing"]);
    let no = add(d, &["--name", "Bo No", "--email", "bo@example.com", "--consent", "profiling"]);
    let withdrew = add(d, &["--name", "Cy Withdrew", "--consent", "marketing"]);
    let has_case = add(d, &["--name", "Di HasCase", "--consent", "marketing"]);
    let erased = add(d, &["--name", "Ed Erased", "--consent", "marketing"]);
    for id in [&yes, &no, &withdrew, &erased] {
        cp(d, &["sale", "--customer", id, "PH-AUR-X5-128"]);
    }
    cp(d, &["sale", "--customer", &has_case, "PH-AUR-X5-128", "CS-AUR-X5-RUG"]);
    cp(d, &["customer", "consent", &withdrew, "--marketing", "no"]);
    cp(d, &["customer", "erase", &erased]);
    let cases = "Cases & Bags > Phone cases";
    assert_eq!(followup_ids(d, &["--bought", "PH-AUR-X5-128", "--not", cases]), [yes.as_str()]);
    assert_eq!(
        followup_ids(d, &["--bought", "Phones", "--not", "CS-AUR-X5-RUG", "--within", "30"]),
        [yes.as_str()]
    );
    let out = cp(d, &["followup", "--csv", "--bought", "PH-AUR-X5-128", "--not", cases]);
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let row = r.records().next().unwrap().unwrap();
    assert_eq!((&row[1], &row[2], &row[4]), ("Ann Yes", "ann@example.com", "PH-AUR-X5-128"));
    let suggested: serde_json::Value =
        serde_json::from_str(&cp(d, &["suggest", "PH-AUR-X5-128", "--json"])).unwrap();
    let same = suggested["cross_sell"].as_array().unwrap().iter().find(|c| c["sku"] == row[6]).unwrap();
    assert_eq!(same["talking_point"], row[9], "the till's own talking point");
    assert_eq!(same["reason"], row[8]);
    let text = cp(d, &["followup", "--bought", "PH-AUR-X5-128", "--not", cases]);
    assert!(
        text.starts_with("1 customer with marketing consent bought Aurora X5 128 GB (PH-AUR-X5-128)"),
        "{text}"
    );
    assert!(text.contains("Ann Yes") && !text.contains("Bo No") && !text.contains("Cy Withdrew"), "{text}");
    let e = cp_fails(d, &["followup", "--bought", "NOPE", "--not", cases]);
    assert!(e.contains("--bought: `NOPE` is neither a SKU nor a category"), "{e}");
}

#[test]
fn shopify_customer_exports_import_in_both_shapes_and_reimport_updates_by_email() {
    let dir = demo();
    let d = dir.path();
    let older = data("shopify_customers.csv");
    let newer = data("shopify_customers_2024.csv");
    let out = run(d, &["--db", "c.db", "import", older.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reading it as a Shopify customer export"));
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains(
            "4 customers (4 added, 0 updated, 0 unchanged); marketing consent given 2, withdrawn 0"
        ),
        "{said}"
    );
    let margaret = cp(d, &["customer", "find", "margaret.okafor@example.com"]);
    let id = margaret.split_whitespace().next().unwrap().to_string();
    let j = show_json(d, &id);
    assert_eq!((j["name"].as_str(), j["phone"].as_str()), (Some("Margaret Okafor"), Some("+441314960721")));
    assert_eq!(j["consents"]["marketing"]["given"], true);
    assert_eq!(
        j["consents"]["profiling"],
        serde_json::json!({ "given": false, "at": null }),
        "never from a file"
    );
    assert!(
        cp(d, &["customer", "find", "tomas.ferreira"]).contains("Tomás Ferreira"),
        "emails in lower case"
    );
    assert!(cp(d, &["customer", "find", "617 555"]).contains("Ruth Abernathy"), "a customer without email");
    let said = cp(d, &["import", newer.to_str().unwrap()]);
    assert!(
        said.contains(
            "3 customers (1 added, 2 updated, 0 unchanged); marketing consent given 2, withdrawn 1"
        ),
        "{said}"
    );
    let j = show_json(d, &id);
    assert_eq!(
        (j["name"].as_str(), j["phone"].as_str()),
        (Some("Margaret Okafor-Reid"), Some("+447700900461"))
    );
    assert_eq!(j["consents"]["marketing"]["given"], false, "the file's latest answer withdraws it");
    let last = j["audit"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "consent");
    assert!(last["details"].as_str().unwrap().starts_with("marketing: yes → no (from "), "{last}");
    let said = cp(d, &["import", newer.to_str().unwrap()]);
    assert!(said.contains("3 customers (0 added, 0 updated, 3 unchanged)"), "{said}");
    let said = cp(d, &["import", "--dry-run", older.to_str().unwrap()]);
    assert!(said.starts_with("Would import"), "{said}");
    assert_eq!(show_json(d, &id)["name"], "Margaret Okafor-Reid", "a dry run changes nothing");
}

#[test]
fn customer_import_errors_name_file_line_and_field_and_write_nothing() {
    let dir = demo();
    let d = dir.path();
    let text = std::fs::read_to_string(data("shopify_customers.csv")).unwrap();
    let mut lines: Vec<String> = text.split("\r\n").map(str::to_string).collect();
    lines[2] = lines[2].replace("TOMAS.FERREIRA@example.net", "tomas at example");
    lines[4] = lines[4].replace(",no,310.00", ",perhaps,310.00");
    let file = d.join("customers.csv");
    std::fs::write(&file, lines.join("\r\n")).unwrap();
    let out = run(d, &["--db", "c.db", "import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    let name = file.display().to_string();
    assert!(
        err.contains(&format!("{name}:3: field `Email`: `tomas at example` is not an email address")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{name}:5: field `Accepts Marketing`: `perhaps` is neither yes nor no")),
        "{err}"
    );
    assert!(err.contains("nothing imported"), "{err}");
    assert!(fails(d, &["--db", "c.db", "customer", "find", "Margaret"]).contains("no customer matches"));
}

#[test]
fn a_file_that_is_not_a_customer_export_is_told_so() {
    let dir = demo();
    let d = dir.path();
    let people = d.join("people.csv");
    std::fs::write(&people, "first_name,last_name,email,phone\nAnn,Lee,ann@example.com,5550101\n").unwrap();
    let e = fails(d, &["--db", "c.db", "import", people.to_str().unwrap()]);
    assert!(e.contains("a list of customers, but not a Shopify customer export"), "{e}");
    let products = data("shopify_products.csv");
    let e =
        fails(d, &["--db", "c.db", "import", "--format", "shopify-customers", products.to_str().unwrap()]);
    assert!(
        e.contains(":1: missing columns `Email`, `Accepts Email Marketing` of a Shopify customer export"),
        "{e}"
    );
}

#[test]
fn simulate_with_customers_brings_them_back_and_leaves_the_carts_as_the_seed_made_them() {
    let (plain, with) = (demo(), demo());
    ok(plain.path(), &["--db", "c.db", "simulate", "--sales", "40", "--seed", "7"]);
    let out =
        ok(with.path(), &["--db", "c.db", "simulate", "--sales", "40", "--seed", "7", "--customers", "8"]);
    assert!(out.contains("by 8 returning customers"), "{out}");
    // Each sale as its lines and total, in an order that does not depend on the sale ids.
    let baskets = |d: &Path| {
        let csv = cp(d, &["export-sales"]);
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let mut by_sale: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for rec in r.records().map(|rec| rec.unwrap()) {
            by_sale
                .entry(rec[0].to_string())
                .or_default()
                .push(format!("{}x{} of {}", &rec[4], &rec[5], &rec[14]));
        }
        let mut all: Vec<String> = by_sale.into_values().map(|lines| lines.join(" ")).collect();
        all.sort();
        all
    };
    assert_eq!(baskets(plain.path()), baskets(with.path()), "the same carts and totals");
    let d = with.path();
    let found = cp(d, &["customer", "find", "example.com"]);
    assert_eq!(found.lines().count(), 8, "{found}");
    for (profiling, marketing) in [("yes", "yes"), ("no", "yes"), ("yes", "no"), ("no", "no")] {
        let want = format!("profiling {profiling}, marketing {marketing}");
        assert!(found.lines().any(|l| l.contains(&want)), "some with {want}: {found}");
    }
    let ids: Vec<&str> = found.lines().map(|l| l.split_whitespace().next().unwrap()).collect();
    let visits: usize = ids.iter().map(|id| show_json(d, id)["sales"].as_array().unwrap().len()).sum();
    assert!(visits >= 5, "a share of the 40 sales: {visits}");
    assert!(
        ids.iter().any(|id| show_json(d, id)["sales"].as_array().unwrap().len() >= 2),
        "someone came back"
    );
    ok(d, &["--db", "c.db", "simulate", "--sales", "5", "--seed", "7", "--customers", "8"]);
    assert_eq!(cp(d, &["customer", "find", "example.com"]).lines().count(), 8, "the same pool again");
}
