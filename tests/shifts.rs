//! Shifts end to end: sales (split tender among them) rung up through the
//! real checkout on a till with an open shift, a refund and a void at the
//! command line, training and simulated sales and another till's beside
//! them; the X-report mid-shift, the Z-report at closing checked against
//! `export-sales` and the payments, closing twice, sales after the close,
//! and `report --by shift`.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use counterpart::checkout::{PaymentMethod, SaleContext, SaleKind, Tender, prepare};
use counterpart::config::{Config, Shop};
use counterpart::money::{Money, TaxPolicy, TaxRate, TaxRounding};
use counterpart::store::staff::Role;
use counterpart::store::{Store, StoreError};
use serde_json::Value;

/// The binary on `db` in `dir` (no user configuration), `stdin` on its standard input.
fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_counterpart"))
        .current_dir(dir)
        .env_remove("COUNTERPART_CONFIG")
        .env("XDG_CONFIG_HOME", dir.join("no-xdg"))
        .args(["--db", "t.db"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args, "");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, args)).unwrap()
}

/// "-1038.11" in cents.
fn cents(v: &Value) -> i64 {
    let s = v.as_str().unwrap_or_else(|| panic!("not an amount: {v}"));
    s.replace('.', "").parse().unwrap()
}

/// The shop of the default configuration (USD) with 8.25 % added at the till.
fn shop() -> Shop {
    let tax = TaxPolicy {
        rate: TaxRate::parse_percent("8.25").unwrap(),
        prices_include_tax: false,
        rounding: TaxRounding::Line,
    };
    Shop { tax, ..(*Config::defaults().shop).clone() }
}

/// Rings up a sale through the real checkout at `terminal`; returns its id.
fn sell(
    store: &mut Store,
    terminal: &str,
    kind: SaleKind,
    items: &[(&str, i64)],
    tenders: &[Tender],
) -> Result<String, StoreError> {
    let shop = shop();
    let ctx = SaleContext { shop: &shop, terminal, staff_id: Some("ann"), kind };
    let draft = prepare(&ctx, &common::cart_of(store, items), None, tenders, vec![]).unwrap();
    store.commit_sale(&draft, true)?;
    Ok(draft.id)
}

fn card() -> Tender {
    Tender::rest(PaymentMethod::Card)
}

fn of(method: PaymentMethod, amount: i64) -> Tender {
    Tender::of(method, Money(amount))
}

/// `export-sales`, one entry per sale, refund or void: (id, kind, total, payments, shift).
fn exported(dir: &Path) -> Vec<(String, String, i64, String, String)> {
    let text = ok(dir, &["export-sales"]);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut out: Vec<(String, String, i64, String, String)> = Vec::new();
    for r in rdr.records() {
        let r = r.unwrap();
        if out.last().is_some_and(|l| l.0 == r[col("sale_id")]) {
            continue;
        }
        let total = cents(&Value::String(r[col("sale_total")].to_string()));
        out.push((
            r[col("sale_id")].into(),
            r[col("kind")].into(),
            total,
            r[col("payments")].into(),
            r[col("shift")].into(),
        ));
    }
    out
}

#[test]
fn the_z_report_takings_per_method_are_the_shifts_sales_less_its_refunds() {
    let (dir, mut store) = common::store_with("shop.toml");
    let d = dir.path();
    store.upsert_staff("ann", "Ann Lee", Role::Cashier, None).unwrap();
    store.upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    // A sale before the shift belongs to none.
    let before = sell(&mut store, "T1", SaleKind::Sale, &[("HDMI-2M", 1)], &[card()]).unwrap();
    let opened = ok(d, &["shift", "open", "--terminal", "T1", "--staff", "ann", "--float", "150"]);
    assert!(opened.starts_with("opened shift T1-shift-") && opened.contains("$150.00"), "{opened}");
    let shift = store.current_shift("T1").unwrap().expect("open").id;

    use PaymentMethod::{Card, Cash, Other};
    // 600.00 + 49.50 tax: 300.00 by card, 400.00 cash handed over (50.50 change).
    let split =
        sell(&mut store, "T1", SaleKind::Sale, &[("PH-128", 1)], &[of(Card, 30_000), of(Cash, 40_000)])
            .unwrap();
    // Two cases (64.95) in cash from 100.00; a cable by other means; a charger part other, part card.
    let cases = sell(&mut store, "T1", SaleKind::Sale, &[("CASE-CLR", 2)], &[of(Cash, 10_000)]).unwrap();
    sell(&mut store, "T1", SaleKind::Sale, &[("HDMI-2M", 2)], &[Tender::rest(Other)]).unwrap();
    let mistake =
        sell(&mut store, "T1", SaleKind::Sale, &[("CHG-30W", 1)], &[of(Other, 1_000), of(Card, 1_706)])
            .unwrap();
    // Beside the shift: another till, a training sale and simulated history on this till.
    sell(&mut store, "T2", SaleKind::Sale, &[("TV-50", 1)], &[card()]).unwrap();
    sell(&mut store, "T1", SaleKind::Training, &[("TV-55", 1)], &[Tender::rest(Other)]).unwrap();
    ok(d, &["simulate", "--sales", "3", "--terminal", "T1"]);

    // A case comes back (to the cash it was paid in), the charger was a mistake.
    let out = run(d, &["refund", &cases, "CASE-CLRx1", "--manager", "boss"], "2468\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("$32.48 back to the customer (cash $32.48)"));
    let out = run(d, &["void", &mistake, "--manager", "boss"], "2468\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // The X-report closes nothing: the shift stays open and the next sale joins it.
    let x = json(d, &["shift", "x", "--terminal", "T1", "--json"]);
    assert_eq!((x["report"].as_str(), x["sales"].as_u64()), (Some("X"), Some(3)));
    assert!(x["cash"]["counted"].is_null());
    let late = sell(&mut store, "T1", SaleKind::Sale, &[("GLASS-X5", 1)], &[of(Cash, 5_000)]).unwrap();
    assert!(store.current_shift("T1").unwrap().is_some(), "still open after the X-report");

    let z = json(d, &["shift", "close", "--terminal", "T1", "--counted", "330.00", "--json"]);
    assert_eq!(z["report"], "Z");
    assert_eq!(z["shift"]["id"], shift.as_str());

    // Recomputed from export-sales: each method's takings are the payments of
    // the shift's sales less those of its refunds and voids.
    let rows = exported(d);
    let in_shift: Vec<_> = rows.iter().filter(|r| r.4 == shift).collect();
    let ids: Vec<&str> = in_shift.iter().map(|r| r.0.as_str()).collect();
    assert!(ids.contains(&split.as_str()) && ids.contains(&late.as_str()), "{ids:?}");
    assert!(!ids.contains(&before.as_str()), "the sale before the shift is in none");
    assert_eq!(in_shift.len(), 7, "5 sales, a refund and a void: {in_shift:?}");
    for method in ["card", "cash", "other"] {
        let net: i64 = in_shift
            .iter()
            .flat_map(|r| r.3.split('+'))
            .filter_map(|p| p.split_once(':'))
            .filter(|(m, _)| *m == method)
            .map(|(_, a)| cents(&Value::String(a.into())))
            .sum();
        let z_row = z["by_method"].as_array().unwrap().iter().find(|m| m["method"] == method).unwrap();
        assert_eq!(cents(&z_row["net"]), net, "{method}: {z_row}");
        let (sales, refunds) = (cents(&z_row["sales"]), cents(&z_row["refunds"]));
        assert_eq!(sales + refunds, net, "{method}");
    }
    let sales: i64 = in_shift.iter().filter(|r| r.1 == "sale").map(|r| r.2).sum();
    let back: i64 = in_shift.iter().filter(|r| r.1 != "sale").map(|r| -r.2).sum();
    assert_eq!(cents(&z["takings"]), sales - back, "all methods: the sales less the refunds");
    assert!(sales > 0 && back > 0);
    assert_eq!(cents(&z["by_method"][0]["net"]), 30_000, "the split's card part; the charger's was voided");

    // Expected cash, from the payments themselves: float + cash handed over − change − cash paid back.
    let conn = rusqlite::Connection::open(d.join("t.db")).unwrap();
    let (handed, change, paid_back): (i64, i64, i64) = conn
        .query_row(
            "SELECT coalesce(sum(CASE WHEN s.kind = 'sale' THEN p.tendered END), 0), \
             coalesce(sum(p.change), 0), coalesce(-sum(CASE WHEN s.kind = 'refund' THEN p.amount END), 0) \
             FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.shift_id = ?1 AND p.method = 'cash'",
            [&shift],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((handed, change, paid_back), (40_000 + 10_000 + 5_000, 5_050 + 3_505 + 2_835, 3_248));
    let expected = 15_000 + handed - change - paid_back;
    assert_eq!(cents(&z["cash"]["expected"]), expected);
    assert_eq!(cents(&z["cash"]["counted"]), 33_000);
    assert_eq!(cents(&z["cash"]["difference"]), 33_000 - expected);
    assert_eq!((z["refunds"]["count"].as_u64(), z["voids"]["count"].as_u64()), (Some(1), Some(1)));
    assert_eq!(z["sales"], 4, "the voided charger is not a sale");

    // A closed shift cannot be closed again: one line, non-zero exit.
    let again = run(d, &["shift", "close", "--terminal", "T1", "--counted", "330"], "");
    assert!(!again.status.success());
    let err = String::from_utf8(again.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&format!("its last shift, `{shift}`, was closed at")), "{err}");
    assert!(err.contains("cannot be closed again"), "{err}");

    // A sale after the close is in no shift, and the recorded Z-report is unchanged.
    let after = sell(&mut store, "T1", SaleKind::Sale, &[("HDMI-2M", 1)], &[card()]).unwrap();
    let shift_of = |id: &str| exported(d).into_iter().find(|r| r.0 == id).unwrap().4;
    assert_eq!(shift_of(&after), "");
    let recorded: Value = serde_json::from_str(&store.z_report(&shift).unwrap().unwrap()).unwrap();
    assert_eq!(recorded, z);
    let list = json(d, &["shift", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!((cents(&list[0]["expected"]), cents(&list[0]["counted"])), (expected, 33_000));

    // report --by shift: the shift's group is its Z-report.
    let r = json(d, &["report", "--by", "shift", "--json"]);
    let group = r["groups"].as_array().unwrap().iter().find(|g| g["group"] == shift.as_str()).unwrap();
    for key in ["sales", "revenue", "units", "discounts", "bundle_savings", "suggestion_revenue", "aov"] {
        assert_eq!(group[key], z[key], "{key}");
    }
    let no_shift = r["groups"].as_array().unwrap().iter().find(|g| g["group"] == "").unwrap();
    assert_eq!(no_shift["sales"], 3, "before the shift, at T2, after the close (simulated left out)");
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_till_that_requires_a_shift_sells_only_while_one_is_open() {
    let (dir, mut store) = common::store_with("shop.toml");
    store.upsert_staff("ann", "Ann Lee", Role::Cashier, None).unwrap();
    let shop = Shop { require_shift: true, ..shop() };
    let ctx = SaleContext { shop: &shop, terminal: "T1", staff_id: Some("ann"), kind: SaleKind::Sale };
    let draft = prepare(&ctx, &common::cart_of(&store, &[("HDMI-2M", 1)]), None, &[card()], vec![]).unwrap();
    let e = store.commit_sale(&draft, true).unwrap_err();
    assert_eq!(
        e.to_string(),
        "till `T1` has no open shift and `checkout.require_shift` is on: open one first (F9, or `counterpart shift open`)"
    );
    assert_eq!(store.sale_count().unwrap(), 0);
    // Training and simulated sales never need one.
    let training = SaleContext { kind: SaleKind::Training, ..ctx.clone() };
    let t = prepare(&training, &common::cart_of(&store, &[("HDMI-2M", 1)]), None, &[card()], vec![]).unwrap();
    store.commit_sale(&t, true).unwrap();
    store.open_shift("T1", Some("ann"), Money(5_000)).unwrap();
    store.commit_sale(&draft, true).unwrap();
    assert_eq!(store.sale_count().unwrap(), 1);
    // The same key in a configuration file, and bad amounts on the command line.
    std::fs::write(dir.path().join("shop.toml.cfg"), "[checkout]\nrequire_shift = true\n").unwrap();
    let cfg = Config::from_file(&dir.path().join("shop.toml.cfg")).unwrap();
    assert!(cfg.shop.require_shift);
    let bad = run(dir.path(), &["shift", "open", "--terminal", "T2", "--float", "12,50"], "");
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(!bad.status.success() && err.starts_with("counterpart: --float: "), "{err}");
    let bad = run(dir.path(), &["shift", "open", "--terminal", "T2", "--float", "-5"], "");
    assert_eq!(String::from_utf8(bad.stderr).unwrap(), "counterpart: --float: `-5` is negative\n");
    let bad = run(dir.path(), &["shift", "x", "--terminal", "T9"], "");
    assert_eq!(
        String::from_utf8(bad.stderr).unwrap(),
        "counterpart: till `T9` has no open shift: open one with `counterpart shift open`\n"
    );
}
