//! `report` and `export-events` on small hand-made histories: the period
//! flags, simulated sales left out, an empty period, a refund and a void,
//! bad flags refused, and the events `simulate` records.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::{ok, run};
use counterpart::cart::{Cart, Origin};
use counterpart::checkout::{PaymentMethod, SaleContext, SaleKind, Tender, prepare};
use counterpart::config::Config;
use counterpart::store::Store;
use counterpart::suggest::Source;
use counterpart::suggest::events::{EventKind, ListKind, Place, SuggestionEvent};
use serde_json::Value;

const DB: &str = "r.db";

fn demo(d: &Path) {
    ok(d, &["--db", DB, "init", "--demo"]);
}

/// A suggestion event for the cart `cart`.
fn event(cart: &str, list: ListKind, event: EventKind, sku: &str, for_sku: &str) -> SuggestionEvent {
    SuggestionEvent {
        cart_id: cart.into(),
        list,
        event,
        anchor_sku: for_sku.into(),
        sku: sku.into(),
        source: Source::Curated,
        rank: 1,
        place: Place::Pane,
    }
}

/// A real sale by `ann` at T1 of these lines, with its cart's events,
/// completed at `at`; its id.
fn sell(
    d: &Path,
    at: &str,
    lines: &[(&str, Origin)],
    events: &[(ListKind, EventKind, &str, &str)],
) -> String {
    let db = d.join(DB);
    let mut store = Store::open(&db).unwrap();
    store.ensure_staff("ann", "Ann").unwrap();
    let catalog = store.load_catalog().unwrap();
    let mut cart = Cart::default();
    for &(sku, origin) in lines {
        cart.add(catalog.product(catalog.by_sku(sku).unwrap()), 1, origin);
    }
    cart.reprice_from(&catalog);
    let config = Config::defaults();
    let ctx = SaleContext { shop: &config.shop, terminal: "T1", staff_id: Some("ann"), kind: SaleKind::Sale };
    let cart_id = format!("cart-{at}");
    let draft = prepare(&ctx, &cart, Some(&cart_id), &[Tender::rest(PaymentMethod::Card)], vec![]).unwrap();
    let events: Vec<SuggestionEvent> =
        events.iter().map(|&(list, kind, sku, for_sku)| event(&cart_id, list, kind, sku, for_sku)).collect();
    store.commit_sale_with_events(&draft, true, &events).unwrap();
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute("UPDATE sales SET completed_at = ?2 WHERE id = ?1", [&draft.id, at]).unwrap();
    draft.id
}

fn report(d: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(d, &[&["--db", DB, "report", "--json"][..], args].concat())).unwrap()
}

/// The sale ids of an export (its first column), without repeats.
fn ids(csv_text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in csv_text.lines().skip(1) {
        let id = line.split(',').next().unwrap().to_string();
        if !id.is_empty() && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

#[test]
fn the_period_takes_sales_by_completion_time_and_until_takes_the_whole_day() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo(d);
    let shown = [(ListKind::CrossSell, EventKind::Shown, "CS-AUR-X5-SIL", "PH-AUR-X5-128")];
    let phone = [("PH-AUR-X5-128", Origin::Scan)];
    let a = sell(d, "2026-03-01T10:00:00.000Z", &phone, &shown);
    let b = sell(d, "2026-03-02T23:59:59.500Z", &phone, &shown);
    let c = sell(d, "2026-03-03T00:00:00.000Z", &phone, &shown);
    let cases: [(&[&str], Vec<&String>); 6] = [
        (&[], vec![&a, &b, &c]),
        (&["--until", "2026-03-02"], vec![&a, &b]),
        (&["--since", "2026-03-02", "--until", "2026-03-02"], vec![&b]),
        (&["--since", "2026-03-02T12:00"], vec![&b, &c]),
        (&["--until", "2026-03-02T23:59"], vec![&a]),
        (&["--until", "2026-03-02T23:59:59"], vec![&a, &b]),
    ];
    for (period, want) in cases {
        assert_eq!(report(d, period)["sales"], want.len(), "{period:?}");
        let sales = ok(d, &[&["--db", DB, "export-sales"][..], period].concat());
        let events = ok(d, &[&["--db", DB, "export-events"][..], period].concat());
        assert_eq!(ids(&sales).iter().collect::<Vec<_>>(), want, "export-sales {period:?}");
        assert_eq!(ids(&events).iter().collect::<Vec<_>>(), want, "export-events {period:?}");
    }
    let days = report(d, &["--by", "day"]);
    let keys: Vec<&str> =
        days["groups"].as_array().unwrap().iter().map(|g| g["group"].as_str().unwrap()).collect();
    assert_eq!(keys, ["2026-03-01", "2026-03-02", "2026-03-03"]);
}

#[test]
fn simulated_sales_are_left_out_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo(d);
    ok(d, &["--db", DB, "simulate", "--sales", "5"]);
    sell(d, "2026-03-01T10:00:00.000Z", &[("PH-AUR-X5-128", Origin::Scan)], &[]);
    let real = report(d, &[]);
    assert_eq!(real["sales"], 1);
    assert_eq!(real["revenue"], "699.00");
    assert_eq!(report(d, &["--include-simulated"])["sales"], 6);
    let text = ok(d, &["--db", DB, "report"]);
    assert!(text.contains("simulated sales left out"), "{text}");
}

#[test]
fn an_empty_period_gives_zeros_and_says_there_were_no_sales() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo(d);
    ok(d, &["--db", DB, "simulate", "--sales", "5"]);
    let period = ["--since", "2001-01-01", "--until", "2001-01-31", "--include-simulated"];
    let text = ok(d, &[&["--db", DB, "report"][..], &period].concat());
    assert!(text.contains("No sales in this period."), "{text}");
    assert!(text.lines().any(|l| l.starts_with("Sales ") && l.trim_end().ends_with(" 0")), "{text}");
    let j = report(d, &[&period[..], &["--by", "staff"]].concat());
    for (key, zero) in [("sales", "0"), ("revenue", "\"0.00\""), ("aov", "\"0.00\""), ("upt", "0.0")] {
        assert_eq!(j[key].to_string(), zero, "{key}: {j}");
    }
    assert_eq!((j["attach_rate"].as_f64(), j["upsell_take_rate"].as_f64()), (Some(0.0), Some(0.0)));
    assert_eq!(j["groups"].as_array().map(Vec::len), Some(0), "{j}");
    let csv = ok(d, &[&["--db", DB, "report", "--csv"][..], &period].concat());
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[1].starts_with("all,,0,0.00,0.00,0,0,0,0,0.00,"), "{csv}");
}

#[test]
fn a_refund_takes_back_revenue_units_and_the_accepted_add_on_and_a_void_the_sale() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo(d);
    use EventKind::{Added, Dismissed, Shown};
    use ListKind::{CrossSell, Upsell};
    let sale = sell(
        d,
        "2026-03-01T10:00:00.000Z",
        &[("PH-AUR-X5-128", Origin::Scan), ("CS-AUR-X5-SIL", Origin::CrossSell)],
        &[
            (CrossSell, Shown, "CS-AUR-X5-SIL", "PH-AUR-X5-128"),
            (Upsell, Shown, "PH-AUR-X5-256", "PH-AUR-X5-128"),
            (Upsell, Dismissed, "PH-AUR-X5-256", "PH-AUR-X5-128"),
            (CrossSell, Added, "CS-AUR-X5-SIL", "PH-AUR-X5-128"),
        ],
    );
    let before = report(d, &[]);
    assert_eq!((before["sales"].as_u64(), before["units"].as_i64()), (Some(1), Some(2)));
    assert_eq!(
        (before["revenue"].as_str(), before["suggestion_revenue"].as_str()),
        (Some("738.99"), Some("39.99"))
    );
    assert_eq!((before["attach_rate"].as_f64(), before["upsell_take_rate"].as_f64()), (Some(1.0), Some(0.0)));
    assert_eq!(before["upsells_offered"], 1);
    let mut store = Store::open(&d.join(DB)).unwrap();
    store.ensure_staff("boss", "Boss").unwrap();
    store.refund(&sale, &[("CS-AUR-X5-SIL".into(), 1)], "T1", Some("boss"), "boss").unwrap();
    let after = report(d, &[]);
    // Still a sale, of the phone alone; the case is no longer an accepted add-on.
    assert_eq!((after["sales"].as_u64(), after["units"].as_i64()), (Some(1), Some(1)));
    assert_eq!(
        (after["revenue"].as_str(), after["suggestion_revenue"].as_str()),
        (Some("699.00"), Some("0.00"))
    );
    assert_eq!(after["attach_rate"].as_f64(), Some(0.0));
    assert_eq!(after["suggestions"]["accepted"], 0);
    let events = ok(d, &["--db", DB, "export-events"]);
    assert!(!events.contains(",accepted,") && events.contains(",declined,"), "{events}");
    let text = ok(d, &["--db", DB, "report"]);
    assert!(text.contains("0 of 1 sales took an add-on"), "{text}");
    store.void(&sale, "T1", Some("boss"), "boss").unwrap();
    let voided = report(d, &[]);
    assert_eq!((voided["sales"].as_u64(), voided["revenue"].as_str()), (Some(0), Some("0.00")), "{voided}");
}

#[test]
fn bad_flags_are_refused_with_one_line_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo(d);
    let cases: [(&[&str], &str); 4] = [
        (
            &["report", "--by", "till"],
            "counterpart: --by: `till` is not one of staff, day, shift, terminal, source, product",
        ),
        (&["report", "--until", "2026-02-30"], "counterpart: --until: `2026-02-30` is not a real date"),
        (&["export-events", "--since", "soon"], "counterpart: --since: `soon` is not a date"),
        (
            &["export-sales", "--since", "2026-03-02", "--until", "2026-03-01"],
            "counterpart: --since 2026-03-02 is after --until 2026-03-01: the period is empty",
        ),
    ];
    for (args, start) in cases {
        let out = run(d, &[&["--db", DB][..], args].concat());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!out.status.success() && out.stdout.is_empty(), "{args:?}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with(start), "{args:?}: {err}");
    }
}

/// `export-events` without the columns that differ between two runs (ids,
/// times), sorted (two sales in the same millisecond are in id order).
fn events_without_ids(d: &Path, db: &str) -> Vec<String> {
    let text = ok(d, &["--db", db, "export-events"]);
    let mut rows: Vec<String> =
        text.lines().skip(1).map(|l| l.split(',').skip(3).collect::<Vec<_>>().join(",")).collect();
    rows.sort();
    rows
}

#[test]
fn simulate_records_the_same_events_for_a_seed_and_they_agree_with_the_sale_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for db in ["a.db", "b.db"] {
        ok(d, &["--db", db, "init", "--demo"]);
        ok(d, &["--db", db, "simulate", "--sales", "60", "--seed", "5"]);
    }
    let a = events_without_ids(d, "a.db");
    let b = events_without_ids(d, "b.db");
    assert_eq!(a.len(), b.len());
    assert!(a == b, "the same seed recorded other events: {:?}", a.iter().zip(&b).find(|(x, y)| x != y));
    for stage in ["shown", "offered", "accepted", "declined"] {
        assert!(a.iter().any(|l| l.contains(&format!(",{stage},"))), "no {stage} event");
    }
    // Every line that came from a list was offered from that list, and every accepted suggestion was sold.
    let events = ok(d, &["--db", "a.db", "export-events"]);
    let rows: HashSet<(String, String, String, String)> = events
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[5].to_string(), f[6].to_string(), f[10].to_string())
        })
        .collect();
    let sales = ok(d, &["--db", "a.db", "export-sales"]);
    let mut lines = HashSet::new();
    for l in sales.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        let (sale, sku, origin) = (f[0].to_string(), f[4].to_string(), f[8]);
        lines.insert((sale.clone(), sku.clone()));
        if origin == "cross_sell" || origin == "upsell" {
            let key = (sale, "accepted".to_string(), sku, origin.to_string());
            assert!(rows.contains(&key), "{key:?} came from a list nobody offered it in");
        }
    }
    for (sale, stage, sku, _) in &rows {
        if stage == "accepted" {
            assert!(lines.contains(&(sale.clone(), sku.clone())), "{sale} {sku} accepted but not sold");
        }
    }
}
