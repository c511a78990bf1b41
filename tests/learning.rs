//! The ranking that learns: what customers took and declined moves a
//! suggestion (tests/data/shop.toml with counts set by hand), the counts the
//! store keeps are the funnel's (and a store from before it kept them gets
//! them backfilled), `counterpart suggest` agrees with the till, and over a
//! seeded `simulate --hidden-tastes` run learning takes the top suggestion's
//! take rate above the same run without it.

#![allow(clippy::disallowed_types, reason = "take and attach rates are ratios; no money here")]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::ok;
use counterpart::catalog::Catalog;
use counterpart::catalog::take_counts::{TakeCounts, Taken};
use counterpart::config::SuggestionConfig;
use counterpart::money::Currency;
use counterpart::store::Store;
use counterpart::store::staff::Role;
use counterpart::suggest::events::ListKind;
use counterpart::suggest::{Engine, Request, Suggestions};

fn run(catalog: &Catalog, cfg: &SuggestionConfig, cart: &[&str]) -> Suggestions {
    let usd = Currency::usd();
    let engine = Engine { catalog, config: cfg, currency: &usd };
    let cart = cart.iter().map(|s| (catalog.by_sku(s).unwrap(), 1)).collect();
    engine.suggest(&Request { cart, ..Request::default() })
}

fn cross(s: &Suggestions) -> Vec<&str> {
    s.cross_sell.iter().map(|c| c.sku.as_str()).collect()
}

fn reason<'a>(s: &'a Suggestions, sku: &str) -> &'a str {
    &s.cross_sell.iter().find(|c| c.sku == sku).unwrap().reason
}

const fn t(offered: u32, accepted: u32) -> Taken {
    Taken { offered, accepted }
}

/// Counts for suggestions made for `anchor`, in a list whose offers were
/// taken `total` times in all.
fn counts(catalog: &Catalog, anchor: &str, pairs: &[(&str, Taken)], total: Taken) -> TakeCounts {
    let mut c = TakeCounts::default();
    for &(sku, taken) in pairs {
        c.insert(catalog.by_sku(anchor).unwrap(), catalog.by_sku(sku).unwrap(), taken);
    }
    c.add_to_total(total);
    c
}

/// The Aurora X5 128 GB's add-ons, unlearned: the clear case (curated, 90),
/// the charger (curated, 60), the protection plan (category).
#[test]
fn an_add_on_declined_again_and_again_sinks_and_one_customers_take_rises_with_the_counts_in_the_reason() {
    let mut cat = common::shop();
    let cfg = common::config().suggestions;
    assert_eq!(cross(&run(&cat, &cfg, &["PH-128"])), ["CASE-CLR", "CHG-30W", "PLAN-1000"]);
    // A quarter of all add-ons offered are taken; the case almost never, the charger often.
    cat.learned.cross_sell =
        counts(&cat, "PH-128", &[("CASE-CLR", t(40, 1)), ("CHG-30W", t(41, 17))], t(200, 50));
    let s = run(&cat, &cfg, &["PH-128"]);
    // The charger first; the clear case gives way to the leather one (one case per phone).
    assert_eq!(cross(&s), ["CHG-30W", "CASE-LTH", "PLAN-1000"]);
    assert_eq!(
        reason(&s, "CHG-30W"),
        "Curated for the Aurora X5 128 GB · taken by 41 % of customers offered it here (17 of 41)"
    );
    // Moved too, but by others: nobody counted anything about the plan.
    assert_eq!(reason(&s, "PLAN-1000"), "Covers the Aurora X5 128 GB (plan for items 600–1499.99)");
    let charger = &s.cross_sell[0];
    assert_eq!(charger.learned, Some(t(41, 17)));
    assert!(charger.score > s.cross_sell[1].score && s.cross_sell[1].score > s.cross_sell[2].score);
    // A charger nobody takes sinks below the plan, and says why.
    cat.learned.cross_sell = counts(&cat, "PH-128", &[("CHG-30W", t(40, 1))], t(200, 50));
    let s = run(&cat, &cfg, &["PH-128"]);
    assert_eq!(cross(&s), ["CASE-CLR", "PLAN-1000", "CHG-30W"]);
    assert_eq!(
        reason(&s, "CHG-30W"),
        "Curated for the Aurora X5 128 GB · taken by 3 % of customers offered it here (1 of 40)"
    );
    assert_eq!(reason(&s, "CASE-CLR"), "Curated for the Aurora X5 128 GB");
    // The counts are for the phone: a cart with another phone is not moved by them.
    assert_eq!(cross(&run(&cat, &cfg, &["PH-256"])), cross(&run(&common::shop(), &cfg, &["PH-256"])));
}

#[test]
fn the_reason_quotes_counts_only_when_enough_offers_moved_the_suggestion() {
    let mut cat = common::shop();
    let cfg = common::config().suggestions;
    // Nine offers, all taken: enough to move the charger up, too few to quote.
    cat.learned.cross_sell = counts(&cat, "PH-128", &[("CHG-30W", t(9, 9))], t(200, 50));
    let s = run(&cat, &cfg, &["PH-128"]);
    assert_eq!(cross(&s)[..2], ["CHG-30W", "CASE-CLR"]);
    assert_eq!(reason(&s, "CHG-30W"), "Curated for the Aurora X5 128 GB");
    assert_eq!(s.cross_sell[0].learned, Some(t(9, 9)), "the counts are still there for --json");
    // Thirty offers that only confirm the case's first place: nothing to explain.
    cat.learned.cross_sell = counts(&cat, "PH-128", &[("CASE-CLR", t(30, 12))], t(200, 50));
    let s = run(&cat, &cfg, &["PH-128"]);
    assert_eq!(cross(&s), ["CASE-CLR", "CHG-30W", "PLAN-1000"]);
    assert_eq!(reason(&s, "CASE-CLR"), "Curated for the Aurora X5 128 GB");
    assert!(s.cross_sell.iter().all(|c| !c.reason.contains("taken by")));
}

#[test]
fn an_upgrade_customers_turn_down_gives_way_to_the_next_and_says_why() {
    let mut cat = common::shop();
    let mut cfg = common::config().suggestions;
    cfg.max_upsell_step_percent = 100;
    let up = |s: &Suggestions| s.upsell.iter().map(|u| u.sku.clone()).collect::<Vec<_>>();
    assert_eq!(up(&run(&cat, &cfg, &["PH-128"])), ["PH-256", "PH-512"], "the next step up first");
    cat.learned.upsell = counts(&cat, "PH-128", &[("PH-256", t(30, 0)), ("PH-512", t(20, 12))], t(50, 12));
    let s = run(&cat, &cfg, &["PH-128"]);
    assert_eq!(up(&s), ["PH-512", "PH-256"]);
    assert_eq!(s.upsell[0].reason.as_deref(), Some("Taken by 60 % of customers offered it here (12 of 20)"));
    assert_eq!(s.upsell[1].reason.as_deref(), Some("Taken by 0 % of customers offered it here (0 of 30)"));
    assert_eq!(s.upsell[0].learned, Some(t(20, 12)));
    // A few declines of the 256 GB only: it keeps its place, and nothing is said.
    cat.learned.upsell = counts(&cat, "PH-128", &[("PH-256", t(3, 0))], t(50, 12));
    let s = run(&cat, &cfg, &["PH-128"]);
    assert_eq!(up(&s), ["PH-256", "PH-512"]);
    assert!(s.upsell.iter().all(|u| u.reason.is_none()));
}

/// Every cart of one or two products, with counts for many of their
/// suggestions: `weight_learned = 0` gives the very lists (order, scores,
/// reasons, every field) of a catalog that never learned anything.
#[test]
fn weight_zero_reproduces_the_unlearned_ranking_exactly() {
    let plain = common::shop();
    let mut learned = common::shop();
    let mut cfg = common::config().suggestions;
    cfg.max_upsell_step_percent = 100;
    let skus: Vec<&str> = plain.products.iter().map(|p| p.sku.as_str()).collect();
    let mut carts: Vec<Vec<&str>> = skus.iter().map(|s| vec![*s]).collect();
    for a in &skus {
        carts.extend(skus.iter().filter(|b| b != &a).map(|b| vec![*a, *b]));
    }
    // Counts for every pair of products, varied, in both lists.
    for (i, a) in plain.product_indices().enumerate() {
        for (j, b) in plain.product_indices().enumerate() {
            let offered = 5 + ((i * 7 + j * 3) % 40) as u32;
            let taken = t(offered, offered * ((i + j) % 5) as u32 / 4);
            learned.learned.cross_sell.insert(a, b, taken);
            learned.learned.upsell.insert(a, b, taken);
        }
    }
    learned.learned.cross_sell.add_to_total(t(1000, 300));
    learned.learned.upsell.add_to_total(t(1000, 200));
    let mut moved = 0;
    for cart in &carts {
        let before = run(&plain, &cfg, cart);
        moved += usize::from(run(&learned, &cfg, cart) != before);
        let mut off = cfg.clone();
        off.weight_learned = 0.0;
        assert_eq!(run(&learned, &off, cart), before, "{cart:?}");
    }
    assert!(moved > carts.len() / 2, "the counts do move lists when learning is on: {moved}");
}

/// The demo store after a short hidden-tastes run.
fn tasted(d: &Path, db: &str, sales: &str, seed: &str, config: Option<&str>) -> String {
    ok(d, &["--db", db, "init", "--demo"]);
    let mut args = vec!["--db", db, "simulate", "--sales", sales, "--seed", seed, "--hidden-tastes"];
    if let Some(c) = config {
        args.splice(0..0, ["--config", c]);
    }
    ok(d, &args)
}

/// (sale, add-on) of every accepted add-on in `export-events` (columns:
/// sale_id, …, event 5, sku 6, …, list 10).
fn accepted_add_ons(csv: &str) -> Vec<(String, String)> {
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    rows.records()
        .map(Result::unwrap)
        .filter(|r| &r[5] == "accepted" && &r[10] == "cross_sell")
        .map(|r| (r[0].to_string(), r[6].to_string()))
        .collect()
}

/// Gives back the first accepted add-on of the store `db` and voids the sale
/// of the second, so neither is accepted any longer; returns the accepted
/// add-ons from before.
fn give_back_two_add_ons(d: &Path, db: &str) -> Vec<(String, String)> {
    let mut store = Store::open_existing(&d.join(db)).unwrap();
    store.upsert_staff("boss", "Boss", Role::Manager, None).unwrap();
    let taken = accepted_add_ons(&ok(d, &["--db", db, "export-events"]));
    store.refund(&taken[0].0, &[(taken[0].1.clone(), 1)], "T1", None, "boss").unwrap();
    store.void(&taken[1].0, "T1", None, "boss").unwrap();
    taken
}

/// The counts the store keeps, sale by sale, refund by refund, are the
/// funnel's, recomputed here from `export-events`; `counterpart suggest`
/// (the cart's neighbourhood) and the till (the whole catalog) rank with
/// them alike and say the same.
#[test]
fn the_learned_counts_are_the_funnels_and_suggest_agrees_with_the_till() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    tasted(d, "l.db", "400", "3", None);
    let taken = give_back_two_add_ons(d, "l.db");
    let csv = ok(d, &["--db", "l.db", "export-events"]);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let head = rows.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let mut expected: BTreeMap<(String, String, String), Taken> = BTreeMap::new();
    for r in rows.records() {
        let r = r.unwrap();
        let key = (r[col("list")].to_string(), r[col("for_sku")].to_string(), r[col("sku")].to_string());
        match &r[col("event")] {
            "offered" => expected.entry(key).or_default().offered += 1,
            "accepted" => expected.entry(key).or_default().accepted += 1,
            _ => {}
        }
    }
    let store = Store::open_existing(&d.join("l.db")).unwrap();
    let got: BTreeMap<_, _> = store
        .take_counts()
        .unwrap()
        .into_iter()
        .map(|((list, a, s), taken)| ((list.as_str().to_string(), a, s), taken))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(accepted_add_ons(&csv).len(), taken.len() - 2, "the add-on given back and the voided sale's");
    assert!(got.keys().any(|k| k.0 == "upsell") && got.values().any(|t| t.offered >= 10));

    let full = store.load_catalog().unwrap();
    let total = |list: &str| {
        expected.iter().filter(|(k, _)| k.0 == list).fold(Taken::default(), |mut a, (_, t)| {
            a.add(*t);
            a
        })
    };
    assert_eq!(full.learned.cross_sell.total(), total(ListKind::CrossSell.as_str()));
    assert_eq!(full.learned.upsell.total(), total(ListKind::Upsell.as_str()));
    let cfg = common::config().suggestions;
    let mut quoted = 0;
    // The items offered for most, first.
    let mut by_item: BTreeMap<&str, u32> = BTreeMap::new();
    for ((_, item, _), t) in &expected {
        *by_item.entry(item).or_default() += t.offered;
    }
    let mut anchors: Vec<(u32, &str)> = by_item.into_iter().map(|(item, n)| (n, item)).collect();
    anchors.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let anchors: Vec<&str> = anchors.into_iter().map(|(_, item)| item).take(40).collect();
    for &sku in &anchors {
        let part = store.load_neighbourhood(&[sku]).unwrap();
        assert_eq!(part.learned.cross_sell.total(), full.learned.cross_sell.total(), "whole totals");
        let (a, b) = (run(&full, &cfg, &[sku]), run(&part, &cfg, &[sku]));
        assert_eq!(shown(&a), shown(&b), "{sku}");
        quoted += a.cross_sell.iter().filter(|c| c.reason.contains("of customers offered it here")).count();
    }
    assert!(quoted > 0, "some reasons quote the counts");
    // The command line prints the same counts and reasons.
    let sku = *anchors
        .iter()
        .find(|s| run(&full, &cfg, &[s]).cross_sell.iter().any(|c| c.learned.is_some()))
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["--db", "l.db", "suggest", sku, "--json"])).unwrap();
    let till = run(&full, &cfg, &[sku]);
    for (x, c) in json["cross_sell"].as_array().unwrap().iter().zip(&till.cross_sell) {
        assert_eq!(x["sku"], c.sku.as_str());
        assert_eq!(x["reason"], c.reason.as_str());
        match c.learned {
            Some(t) => {
                assert_eq!(x["learned"], serde_json::json!({"offered": t.offered, "accepted": t.accepted}))
            }
            None => assert!(x.get("learned").is_none()),
        }
    }
}

/// The history of `from` (sales, refunds, voids and their lines, and the
/// suggestion events) copied into a new store at `to` at schema version 9,
/// from before the counts were stored.
fn copy_to_version_9(from: &Path, to: &Path) {
    let old = rusqlite::Connection::open(to).unwrap();
    for migration in &counterpart::store::schema::MIGRATIONS[..9] {
        old.execute_batch(migration).unwrap();
    }
    old.pragma_update(None, "user_version", 9).unwrap();
    old.execute("ATTACH DATABASE ?1 AS new", [from.to_str().unwrap()]).unwrap();
    old.execute_batch(
        "INSERT INTO sales (id, kind, refund_of, terminal, completed_at, currency, subtotal, discount, tax, total, \
                            line_count, bundle_savings, simulated, void) \
         SELECT id, kind, refund_of, terminal, completed_at, currency, subtotal, discount, tax, total, \
                line_count, bundle_savings, simulated, void FROM new.sales; \
         INSERT INTO sale_lines (sale_id, line_no, sku, name, qty, unit_price, list_price, discount, line_total, tax, origin) \
         SELECT sale_id, line_no, sku, name, qty, unit_price, list_price, discount, line_total, tax, origin FROM new.sale_lines; \
         INSERT INTO suggestion_events (id, at, terminal, cart_id, sale_id, kind, event, anchor_sku, sku, source, rank) \
         SELECT id, at, terminal, cart_id, sale_id, kind, event, anchor_sku, sku, source, rank FROM new.suggestion_events;",
    )
    .unwrap();
}

/// A store from before the counts were stored gets them backfilled from its
/// history when it is opened: the very counts a store that kept them sale by
/// sale, refund by refund, holds.
#[test]
fn a_store_from_before_the_stored_counts_gets_them_backfilled_from_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    tasted(d, "new.db", "300", "5", None);
    give_back_two_add_ons(d, "new.db");
    let store = Store::open_existing(&d.join("new.db")).unwrap();
    let kept = store.take_counts().unwrap();
    assert!(kept.len() > 20, "{} pairs", kept.len());
    let catalog = store.load_catalog().unwrap();
    drop(store);
    copy_to_version_9(&d.join("new.db"), &d.join("old.db"));
    let old = Store::open_existing(&d.join("old.db")).unwrap();
    assert_eq!(old.version().unwrap(), counterpart::store::schema::VERSION);
    assert_eq!(old.take_counts().unwrap(), kept);
    assert_eq!(old.learned_for(&catalog).unwrap(), catalog.learned);
}

/// Both lists as shown, without the product indexes (a neighbourhood has its own).
fn shown(s: &Suggestions) -> Vec<String> {
    let cross = s
        .cross_sell
        .iter()
        .map(|c| format!("{} {} {:?} {} {:?}", c.sku, c.for_sku, c.source, c.score, c.learned));
    let cross = cross.chain(s.cross_sell.iter().map(|c| c.reason.clone()));
    cross.chain(s.upsell.iter().map(|u| format!("{} {:?} {:?}", u.sku, u.learned, u.reason))).collect()
}

/// "taken 205 of 600 offers" → (205, 600), from the summary line of a list.
fn take_rate(out: &str, what: &str) -> (u32, u32) {
    let line =
        out.lines().find(|l| l.contains(&format!("top {what} taken"))).unwrap_or_else(|| panic!("{out}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "taken").unwrap();
    (words[at + 1].parse().unwrap(), words[at + 3].parse().unwrap())
}

/// The experiment, small: the same 600 customers with the same
/// hidden tastes take the top add-on more often when the ranking learns.
#[test]
fn learning_raises_the_take_rate_of_the_top_suggestion_on_a_seeded_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("off.toml"), "[suggestions]\nweight_learned = 0\n").unwrap();
    let on = tasted(d, "on.db", "600", "1", None);
    let off = tasted(d, "off.db", "600", "1", Some("off.toml"));
    assert!(on.contains("learning on") && off.contains("learning off"), "{on}\n{off}");
    let (on_taken, on_offered) = take_rate(&on, "add-on");
    let (off_taken, off_offered) = take_rate(&off, "add-on");
    assert!(on_offered >= 500 && off_offered >= 500, "{on}\n{off}");
    assert!(
        u64::from(on_taken) * u64::from(off_offered) > u64::from(off_taken) * u64::from(on_offered),
        "learning on: {on_taken} of {on_offered}; off: {off_taken} of {off_offered}"
    );
    // The report counts the same takes from the recorded events: only the
    // top add-on is ever offered, so a sale with an add-on is one taken.
    let report: serde_json::Value =
        serde_json::from_str(&ok(d, &["--db", "on.db", "report", "--json", "--include-simulated"])).unwrap();
    assert_eq!(report["sales"], 600);
    let attached = report["attach_rate"].as_f64().unwrap() * 600.0;
    assert!((attached - f64::from(on_taken)).abs() < 0.01, "{attached} vs {on_taken}");
}
