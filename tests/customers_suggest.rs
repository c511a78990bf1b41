//! Suggestions that know the customer, end to end through the binary on the
//! demo store: `sale --customer` writes their history (backdated here with
//! SQL, the only way to have bought something last month in a test), and
//! `suggest --customer ID --json` must use it only with profiling consent.

mod common;

use std::path::Path;

use counterpart::calendar::civil_from_days;
use counterpart::store::Store;
use counterpart::store::staff::Role;
use serde_json::Value;

use common::{demo_cmd as cp, demo_dir as demo, fails, ok};

fn customer(d: &Path, consent: &str) -> String {
    cp(d, &["customer", "add", "--name", "Ann Lee", "--consent", consent]).trim().to_string()
}

/// Today as UTC days since 1970-01-01.
fn today() -> i64 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    i64::try_from(secs / 86_400).unwrap()
}

/// `sale --customer ID SKU…`, moved back `days_ago` days; the sale id.
fn sale(d: &Path, id: &str, skus: &[&str], days_ago: i64) -> String {
    let mut args = vec!["sale", "--customer", id];
    args.extend_from_slice(skus);
    let sale = cp(d, &args).trim().to_string();
    let (y, m, day) = civil_from_days(today() - days_ago);
    let at = format!("{y:04}-{m:02}-{day:02}T10:00:00.000Z");
    let db = rusqlite::Connection::open(d.join("c.db")).unwrap();
    db.execute("UPDATE sales SET completed_at = ?1 WHERE id = ?2", rusqlite::params![at, sale]).unwrap();
    sale
}

/// "12 May" (this year) or "12 May 2025", as the reasons write a day.
fn day_words(days_ago: i64) -> String {
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (y, m, d) = civil_from_days(today() - days_ago);
    let month = MONTHS[usize::try_from(m - 1).unwrap()];
    if y == civil_from_days(today()).0 { format!("{d} {month}") } else { format!("{d} {month} {y}") }
}

fn suggest(d: &Path, customer: Option<&str>, skus: &[&str]) -> Value {
    let mut args = vec!["suggest", "--json"];
    if let Some(id) = customer {
        args.extend(["--customer", id]);
    }
    args.extend_from_slice(skus);
    serde_json::from_str(&cp(d, &args)).unwrap()
}

/// The lists without the `customer` field, to compare with an anonymous answer.
fn lists(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("customer");
    v
}

fn skus(v: &Value, list: &str) -> Vec<String> {
    v[list].as_array().unwrap().iter().map(|x| x["sku"].as_str().unwrap().to_string()).collect()
}

fn role_of_x5_case(sku: &str) -> bool {
    ["CS-AUR-X5-CLR", "CS-AUR-X5-RUG", "CS-AUR-X5-SIL"].contains(&sku)
}

#[test]
fn a_customer_who_bought_an_x5_last_month_is_offered_a_case_for_it_and_never_a_second_x5() {
    let dir = demo();
    let d = dir.path();
    let ann = customer(d, "profiling");
    sale(d, &ann, &["PH-AUR-X5-128"], 35);
    // A charger for the phone they have: the cart touches the X5's family.
    let v = suggest(d, Some(&ann), &["CB-CHG-35W"]);
    assert_eq!(v["customer"]["id"].as_i64().unwrap().to_string(), ann);
    assert_eq!(v["customer"]["profiling"], true);
    let cross = skus(&v, "cross_sell");
    let case = v["cross_sell"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| role_of_x5_case(x["sku"].as_str().unwrap()))
        .unwrap_or_else(|| panic!("a case for the X5 they own: {cross:?}"));
    assert_eq!(case["for_sku"], "PH-AUR-X5-128");
    assert_eq!(case["source"], "history");
    let reason = format!("For the Aurora X5 128 GB they bought on {}", day_words(35));
    assert_eq!(case["reason"], reason.as_str());
    let all: Vec<String> = skus(&v, "cross_sell").into_iter().chain(skus(&v, "upsell")).collect();
    assert!(!all.contains(&"PH-AUR-X5-128".to_string()), "{all:?}");
    // Upsell after the purchase: the next step up from what they own.
    let up = &v["upsell"][0];
    assert_eq!(up["sku"], "PH-AUR-X5-256");
    assert_eq!(up["for_sku"], "PH-AUR-X5-128");
    let trade = format!("Trade up from the Aurora X5 128 GB they bought 5 weeks ago (on {})", day_words(35));
    assert_eq!(up["reason"], trade.as_str());
    assert!(up["talking_point"].as_str().unwrap().starts_with("Trade up from the Aurora X5 128 GB"));

    // Once they have a case for it, no case for the X5 is offered, theirs least of all.
    sale(d, &ann, &["CS-AUR-X5-SIL"], 3);
    for cart in [&["CB-CHG-35W"][..], &["SP-AUR-X5-GLS"], &["PH-AUR-X5-256"]] {
        let v = suggest(d, Some(&ann), cart);
        let cross = skus(&v, "cross_sell");
        assert!(!cross.iter().any(|s| role_of_x5_case(s)), "{cart:?}: {cross:?}");
        assert!(!cross.contains(&"PH-AUR-X5-128".to_string()), "{cart:?}: {cross:?}");
    }
}

#[test]
fn a_refunded_or_voided_purchase_is_not_owned() {
    let dir = demo();
    let d = dir.path();
    let ann = customer(d, "profiling");
    let sold = sale(d, &ann, &["PH-AUR-X5-128", "CS-AUR-X5-SIL"], 20);
    let mistake = sale(d, &ann, &["CB-CHG-35W"], 10);
    let mut store = Store::open(&d.join("c.db")).unwrap();
    store.upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    store.refund(&sold, &[("CS-AUR-X5-SIL".into(), 1)], "T1", None, "boss").unwrap();
    store.void(&mistake, "T1", None, "boss").unwrap();
    drop(store);
    let v = suggest(d, Some(&ann), &["SP-AUR-X5-GLS"]);
    assert_eq!(v["customer"]["owned"], 1, "only the phone is theirs: {v}");
    // The case they gave back and the charger voided may be offered again.
    let cross = skus(&v, "cross_sell");
    assert!(cross.iter().any(|s| role_of_x5_case(s)), "{cross:?}");
    assert!(cross.contains(&"CB-CHG-35W".to_string()), "{cross:?}");
}

#[test]
fn a_consumable_comes_back_after_its_refill_window_and_not_before() {
    let dir = demo();
    let d = dir.path();
    // Spare camera batteries: 365 days in the default [refill].
    let ann = customer(d, "profiling");
    let anonymous = skus(&suggest(d, None, &["CA-LUM-Z50"]), "cross_sell");
    assert!(anonymous.contains(&"CA-LUM-BAT-Z".to_string()), "{anonymous:?}");
    let sold = sale(d, &ann, &["CA-LUM-BAT-Z"], 100);
    let v = suggest(d, Some(&ann), &["CA-LUM-Z50"]);
    assert!(!skus(&v, "cross_sell").contains(&"CA-LUM-BAT-Z".to_string()), "{v}");
    // The same purchase, 400 days ago: due again.
    let (y, m, day) = civil_from_days(today() - 400);
    let db = rusqlite::Connection::open(d.join("c.db")).unwrap();
    db.execute(
        "UPDATE sales SET completed_at = ?1 WHERE id = ?2",
        rusqlite::params![format!("{y:04}-{m:02}-{day:02}T10:00:00.000Z"), sold],
    )
    .unwrap();
    let v = suggest(d, Some(&ann), &["CA-LUM-Z50"]);
    let battery = v["cross_sell"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["sku"] == "CA-LUM-BAT-Z")
        .unwrap_or_else(|| panic!("the battery is due again: {v}"));
    let history = battery["evidence"].as_array().unwrap().iter().find(|e| e["source"] == "history").unwrap();
    let said = format!(
        "They bought the Lumera LB-20 Rechargeable Battery on {}, 13 months ago: due again (every 365 days)",
        day_words(400)
    );
    assert_eq!(history["reason"], said.as_str());
    // A shorter window in the shop's file: 100 days ago is due already.
    std::fs::write(d.join("shop.toml"), "[refill]\n\"Cameras\" = 0\n\"Cameras > Batteries\" = 90\n").unwrap();
    let v: Value = serde_json::from_str(&ok(
        d,
        &["--config", "shop.toml", "--db", "c.db", "suggest", "--json", "--customer", &ann, "CA-LUM-Z50"],
    ))
    .unwrap();
    assert!(skus(&v, "cross_sell").contains(&"CA-LUM-BAT-Z".to_string()));
    std::fs::write(d.join("bad.toml"), "[refill]\n\"Cameras > Batteries\" = -1\n").unwrap();
    let err = fails(d, &["--config", "bad.toml", "--db", "c.db", "suggest", "CA-LUM-Z50"]);
    assert!(err.contains("bad.toml") && err.contains("refill.\"Cameras > Batteries\""), "{err}");
}

#[test]
fn without_profiling_consent_the_suggestions_equal_the_anonymous_ones() {
    let dir = demo();
    let d = dir.path();
    let bob = customer(d, "marketing");
    let ann = customer(d, "profiling");
    for id in [&bob, &ann] {
        sale(d, id, &["PH-AUR-X5-128", "CS-AUR-X5-SIL", "CA-LUM-BAT-Z"], 35);
    }
    let carts: [&[&str]; 4] =
        [&["CB-CHG-35W"], &["PH-AUR-X5-128"], &["SP-AUR-X5-GLS", "CA-LUM-Z50"], &["PH-AUR-X5-256"]];
    for cart in carts {
        let anonymous = suggest(d, None, cart);
        let without = suggest(d, Some(&bob), cart);
        assert_eq!(without["customer"]["profiling"], false);
        assert_eq!(lists(without), anonymous, "{cart:?}");
    }
    assert_ne!(lists(suggest(d, Some(&ann), &["CB-CHG-35W"])), suggest(d, None, &["CB-CHG-35W"]));
    cp(d, &["customer", "consent", &ann, "--profiling", "no"]);
    for cart in carts {
        assert_eq!(lists(suggest(d, Some(&ann), cart)), suggest(d, None, cart), "{cart:?}");
    }
    let text = cp(d, &["suggest", "--customer", &ann, "CB-CHG-35W"]);
    assert!(text.starts_with(&format!("For customer {ann}: no profiling consent")), "{text}");
}

#[test]
fn an_unknown_or_erased_customer_is_one_line_and_a_failure() {
    let dir = demo();
    let d = dir.path();
    let err = fails(d, &["--db", "c.db", "suggest", "--customer", "99", "CB-CHG-35W"]);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("no customer 99"), "{err}");
    let ann = customer(d, "profiling");
    cp(d, &["customer", "erase", &ann]);
    let err = fails(d, &["--db", "c.db", "suggest", "--json", "--customer", &ann, "CB-CHG-35W"]);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("erased"), "{err}");
    let err = fails(d, &["--db", "c.db", "suggest", "--customer", "ann", "CB-CHG-35W"]);
    assert!(err.contains("not a customer id"), "{err}");
}
