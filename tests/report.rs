//! Every `report --json` figure recomputed from what counterpart exports:
//! `export-sales` and `export-events` for the same period (and the catalog's
//! costs from `export`, the mined rules from `rules --json`), by the
//! definitions in docs/report.md, written again here from the CSV alone.
//! The history is simulated at fixed seeds, spread over five days, a quarter
//! of it marked real, with refunds and voids inside and across the periods.
#![allow(clippy::disallowed_types, reason = "UPT, the rates and lift are ratios; money here is i64 cents")]

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use common::ok;
use counterpart::store::Store;
use serde_json::{Value, json};

const DB: &str = "h.db";

/// The demo store with 1,500 simulated sales by two sellers at two tills (the
/// second run after mining, so mined suggestions are shown too), moved onto
/// 2026-03-02..06, a quarter marked real, one product's cost unknown, and
/// refunds and voids: within a day, and days after the sale.
fn history(d: &Path) {
    ok(d, &["--db", DB, "init", "--demo"]);
    ok(d, &["--db", DB, "simulate", "--sales", "1200", "--seed", "11"]);
    ok(d, &["--db", DB, "mine"]);
    ok(d, &["--db", DB, "simulate", "--sales", "300", "--seed", "12", "--staff", "bob", "--terminal", "T2"]);
    let db = d.join(DB);
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute_batch(
        "UPDATE sales SET completed_at = '2026-03-0' || (2 + rowid % 5) || 'T' || printf('%02d', 9 + rowid % 9) \
             || substr(completed_at, 14); \
         UPDATE sales SET simulated = 0 WHERE rowid % 4 = 0; \
         UPDATE suggestion_events SET at = (SELECT completed_at FROM sales WHERE id = sale_id); \
         UPDATE products SET cost_known = 0 WHERE sku = 'CS-AUR-X5-SIL';",
    )
    .unwrap();
    // A strong mined add-on no seller ever offered, shown for its item in six sales.
    common::plant_missed_add_on(&raw, "");
    // Sales whose add-on came from the cross-sell list, on a given day.
    let add_ons = |day: &str| -> Vec<(String, String)> {
        let mut stmt = raw
            .prepare(
                "SELECT s.id, l.sku FROM sales s JOIN sale_lines l ON l.sale_id = s.id \
                 WHERE l.origin = 'cross_sell' AND s.completed_at LIKE ?1 || '%' ORDER BY s.completed_at, l.line_no",
            )
            .unwrap();
        stmt.query_map([day], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let on_03 = add_ons("2026-03-03");
    let on_02 = add_ons("2026-03-02");
    let on_04 = add_ons("2026-03-04");
    let mut store = Store::open(&db).unwrap();
    store.upsert_staff("boss", "Boss", counterpart::store::staff::Role::Manager, None).unwrap();
    let mut taken_back = Vec::new();
    // An add-on given back the same day, and one two days later.
    for ((sale, sku), at) in
        [(&on_03[0], "2026-03-03T23:00:00.000Z"), (&on_03[5], "2026-03-05T18:00:00.000Z")]
    {
        let (id, _) = store.refund(sale, &[(sku.clone(), 1)], "T1", Some("boss"), "boss").unwrap();
        taken_back.push((id, at));
    }
    // A sale voided the same day, and one voided four days later.
    for ((sale, _), at) in [(&on_04[1], "2026-03-04T23:30:00.000Z"), (&on_02[2], "2026-03-06T10:00:00.000Z")]
    {
        let (id, _) = store.void(sale, "T2", Some("boss"), "boss").unwrap();
        taken_back.push((id, at));
    }
    for (id, at) in taken_back {
        raw.execute("UPDATE sales SET completed_at = ?2 WHERE id = ?1", [&id, at]).unwrap();
    }
}

/// "-12.34" in cents.
fn cents(s: &str) -> i64 {
    let (neg, t) = s.strip_prefix('-').map_or((false, s), |t| (true, t));
    let (a, b) = t.split_once('.').unwrap_or((t, "00"));
    assert_eq!(b.len(), 2, "{s}");
    let v = a.parse::<i64>().unwrap() * 100 + b.parse::<i64>().unwrap();
    if neg { -v } else { v }
}

fn usd(m: i64) -> String {
    format!("{}{}.{:02}", if m < 0 { "-" } else { "" }, m.abs() / 100, m.abs() % 100)
}

/// n / d rounded half away from zero.
fn round_div(n: i64, d: i64) -> i64 {
    let (n, d) = (i128::from(n), i128::from(d));
    let q = (2 * n.abs() + d.abs()) / (2 * d.abs());
    (q * (n.signum() * d.signum())) as i64
}

/// A sale, refund or void as `export-sales` writes it, its lines gathered.
#[derive(Debug)]
struct Sale {
    id: String,
    kind: String,
    refund_of: String,
    day: String,
    terminal: String,
    staff: String,
    total: i64,
    tax: i64,
    discount: i64,
    bundle: i64,
    simulated: bool,
    lines: Vec<(String, i64, i64)>,
}

impl Sale {
    fn sign(&self) -> i64 {
        if self.kind == "sale" { 1 } else { -1 }
    }

    /// A line total's share of total − tax.
    fn before_tax(&self, line_total: i64) -> i64 {
        let base: i64 = self.lines.iter().map(|l| l.2).sum();
        if base == 0 { line_total } else { round_div(line_total * (self.total - self.tax), base) }
    }
}

fn records(text: &str) -> Vec<HashMap<String, String>> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect()).collect()
}

fn sales_of(text: &str) -> Vec<Sale> {
    let mut out: Vec<Sale> = Vec::new();
    for r in records(text) {
        if out.last().is_none_or(|s| s.id != r["sale_id"]) {
            out.push(Sale {
                id: r["sale_id"].clone(),
                kind: r["kind"].clone(),
                refund_of: r["refund_of"].clone(),
                day: r["completed_at"][..10].to_string(),
                terminal: r["terminal"].clone(),
                staff: r["staff"].clone(),
                total: cents(&r["sale_total"]),
                tax: cents(&r["tax"]),
                discount: cents(&r["sale_discount"]),
                bundle: cents(&r["bundle_savings"]),
                simulated: r["simulated"] == "1",
                lines: Vec::new(),
            });
        }
        let line = (r["sku"].clone(), r["qty"].parse().unwrap(), cents(&r["line_total"]));
        out.last_mut().unwrap().lines.push(line);
    }
    out
}

/// What one group counts, found from the exports.
#[derive(Default)]
struct Scope<'a> {
    sales: Vec<&'a Sale>,
    revenue: i64,
    units: i64,
    rows: Vec<&'a HashMap<String, String>>,
}

/// The figures of a scope, shaped as `report --json` writes them.
fn figures(
    s: &Scope<'_>,
    whole_sales: bool,
    taken: &HashMap<(String, String), (i64, i64)>,
    cost: &HashMap<String, Option<i64>>,
) -> Value {
    let n = s.sales.len() as i64;
    let count = |event: &str, list: Option<&str>| {
        s.rows.iter().filter(|r| r["event"] == event && list.is_none_or(|l| r["list"] == l)).count() as u64
    };
    let attached: HashSet<&str> = s
        .rows
        .iter()
        .filter(|r| r["event"] == "accepted" && r["list"] == "cross_sell")
        .map(|r| r["sale_id"].as_str())
        .collect();
    let accepted: HashSet<(String, String)> = s
        .rows
        .iter()
        .filter(|r| r["event"] == "accepted")
        .map(|r| (r["sale_id"].clone(), r["sku"].clone()))
        .collect();
    let (mut revenue, mut margin, mut with_cost, mut without) = (0, 0, 0, 0);
    for key in &accepted {
        let (rev, units) = taken[key];
        revenue += rev;
        match cost[&key.1] {
            Some(c) => {
                margin += rev - c * units;
                with_cost += 1;
            }
            None => without += 1,
        }
    }
    let (offered_up, accepted_up) = (count("offered", Some("upsell")), count("accepted", Some("upsell")));
    // The checkout's last chance: its listings are its `shown` rows, what was taken there its `accepted`.
    let at_checkout = |event: &str| {
        s.rows.iter().filter(|r| r["event"] == event && r["place"] == "checkout").count() as u64
    };
    let (offered_at_checkout, accepted_at_checkout) = (at_checkout("shown"), at_checkout("accepted"));
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let whole = |v: i64| if whole_sales { json!(usd(v)) } else { Value::Null };
    json!({
        "sales": n,
        "revenue": usd(s.revenue),
        "aov": usd(if n == 0 { 0 } else { round_div(s.revenue, n) }),
        "units": s.units,
        "upt": if n == 0 { 0.0 } else { s.units as f64 / n as f64 },
        "attach_rate": ratio(attached.len() as u64, n as u64),
        "upsell_take_rate": ratio(accepted_up, offered_up),
        "suggestion_revenue": usd(revenue),
        "suggestion_margin": if with_cost == 0 && without > 0 { Value::Null } else { json!(usd(margin)) },
        "suggestion_lines_without_cost": without,
        "discounts": whole(s.sales.iter().map(|x| x.discount).sum()),
        "bundle_savings": whole(s.sales.iter().map(|x| x.bundle).sum()),
        "sales_with_cross_sell": attached.len(),
        "upsells_offered": offered_up,
        "upsells_accepted": accepted_up,
        "checkout_offered": offered_at_checkout,
        "checkout_accepted": accepted_at_checkout,
        "checkout_take_rate": ratio(accepted_at_checkout, offered_at_checkout),
        "suggestions": {"shown": count("shown", None), "offered": count("offered", None),
                        "declined": count("declined", None), "accepted": count("accepted", None)},
    })
}

const SOURCES: [&str; 5] = ["curated", "bundle", "category", "family", "mined"];

/// The whole expected report (the keys compared), from the exports of one period.
fn recompute(exports: &Exports, include_simulated: bool, by: Option<&str>) -> Value {
    let sales: Vec<Sale> =
        sales_of(&exports.sales).into_iter().filter(|s| include_simulated || !s.simulated).collect();
    let voided: HashSet<&str> =
        sales.iter().filter(|s| s.kind == "void").map(|s| s.refund_of.as_str()).collect();
    let cohort: Vec<&Sale> =
        sales.iter().filter(|s| s.kind == "sale" && !voided.contains(s.id.as_str())).collect();
    let ids: HashMap<&str, &Sale> = cohort.iter().map(|s| (s.id.as_str(), *s)).collect();
    let events = records(&exports.events);
    let rows: Vec<&HashMap<String, String>> =
        events.iter().filter(|r| ids.contains_key(r["sale_id"].as_str())).collect();
    let mut taken: HashMap<(String, String), (i64, i64)> = HashMap::new();
    for s in &sales {
        let sale = if s.kind == "sale" { &s.id } else { &s.refund_of };
        if !ids.contains_key(sale.as_str()) {
            continue;
        }
        for (sku, qty, total) in &s.lines {
            let t = taken.entry((sale.clone(), sku.clone())).or_default();
            t.0 += s.before_tax(*total);
            t.1 += s.sign() * qty;
        }
    }
    // Accepted: offered and not declined, and still in the sale after the period's refunds and voids.
    let key = |r: &HashMap<String, String>| {
        (r["sale_id"].clone(), r["list"].clone(), r["place"].clone(), r["sku"].clone())
    };
    let declined: HashSet<_> = rows.iter().filter(|r| r["event"] == "declined").map(|r| key(r)).collect();
    let accepted: HashSet<_> = rows
        .iter()
        .filter(|r| r["event"] == "offered" && !declined.contains(&key(r)))
        .filter(|r| taken.get(&(r["sale_id"].clone(), r["sku"].clone())).is_some_and(|t| t.1 > 0))
        .map(|r| key(r))
        .collect();
    let exported: HashSet<_> = rows.iter().filter(|r| r["event"] == "accepted").map(|r| key(r)).collect();
    assert_eq!(accepted, exported, "export-events accepts other suggestions than the sales say");
    let cost = &exports.costs;
    let all = Scope {
        sales: cohort.clone(),
        revenue: sales.iter().map(|s| s.total - s.tax).sum(),
        units: sales.iter().map(|s| s.sign() * s.lines.iter().map(|l| l.1).sum::<i64>()).sum(),
        rows: rows.clone(),
    };
    let mut out = figures(&all, true, &taken, cost);
    // Sources: the sales each had a suggestion in, the revenue its accepted ones brought.
    let mut by_source: Vec<(String, Scope<'_>)> = Vec::new();
    for r in &rows {
        let src = r["source"].clone();
        if !by_source.iter().any(|(k, _)| *k == src) {
            by_source.push((src.clone(), Scope::default()));
        }
        let g = &mut by_source.iter_mut().find(|(k, _)| *k == src).unwrap().1;
        g.rows.push(r);
        let sale = ids[r["sale_id"].as_str()];
        if !g.sales.iter().any(|s| s.id == sale.id) {
            g.sales.push(sale);
        }
    }
    by_source.sort_by_key(|(k, _)| (SOURCES.iter().position(|s| s == k).unwrap_or(9), k.clone()));
    for (_, g) in &mut by_source {
        let pairs: HashSet<(String, String)> = g
            .rows
            .iter()
            .filter(|r| r["event"] == "accepted")
            .map(|r| (r["sale_id"].clone(), r["sku"].clone()))
            .collect();
        g.revenue = pairs.iter().map(|p| taken[p].0).sum();
        g.units = pairs.iter().map(|p| taken[p].1).sum();
    }
    let source_list: Vec<Value> = by_source
        .iter()
        .map(|(k, g)| {
            let f = figures(g, false, &taken, cost);
            json!({"source": k, "shown": f["suggestions"]["shown"], "offered": f["suggestions"]["offered"],
                   "declined": f["suggestions"]["declined"], "accepted": f["suggestions"]["accepted"],
                   "suggestion_revenue": f["suggestion_revenue"]})
        })
        .collect();
    out["by_source"] = Value::Array(source_list);
    out["missed"] = missed(&rows, &exports.rules);
    let Some(by) = by else { return out };
    let groups: Vec<(String, Value)> = match by {
        "source" => by_source.iter().map(|(k, g)| (k.clone(), figures(g, false, &taken, cost))).collect(),
        "product" => {
            let mut g: BTreeMap<String, Scope<'_>> = BTreeMap::new();
            for s in &sales {
                for (sku, qty, total) in &s.lines {
                    let e = g.entry(sku.clone()).or_default();
                    e.revenue += s.before_tax(*total);
                    e.units += s.sign() * qty;
                }
            }
            for s in &cohort {
                let skus: HashSet<&String> = s.lines.iter().map(|l| &l.0).collect();
                for sku in skus {
                    g.entry(sku.clone()).or_default().sales.push(s);
                }
            }
            for r in &rows {
                g.entry(r["sku"].clone()).or_default().rows.push(r);
            }
            g.iter().map(|(k, s)| (k.clone(), figures(s, false, &taken, cost))).collect()
        }
        _ => {
            let key = |s: &Sale| match by {
                "staff" => s.staff.clone(),
                "terminal" => s.terminal.clone(),
                _ => s.day.clone(),
            };
            let mut g: BTreeMap<String, Scope<'_>> = BTreeMap::new();
            for s in &sales {
                let e = g.entry(key(s)).or_default();
                e.revenue += s.total - s.tax;
                e.units += s.sign() * s.lines.iter().map(|l| l.1).sum::<i64>();
            }
            for s in &cohort {
                g.entry(key(s)).or_default().sales.push(s);
            }
            for r in &rows {
                g.entry(key(ids[r["sale_id"].as_str()])).or_default().rows.push(r);
            }
            g.iter().map(|(k, s)| (k.clone(), figures(s, true, &taken, cost))).collect()
        }
    };
    out["groups"] = groups
        .into_iter()
        .map(|(k, mut f)| {
            f["group"] = json!(k);
            f
        })
        .collect();
    out
}

/// Add-ons shown in a pane for an item in 3+ sales, never offered, backed by
/// a rule (count ≥ 5, lift ≥ 2, confidence ≥ 0.1) from a set holding the item.
fn missed(rows: &[&HashMap<String, String>], rules: &Value) -> Value {
    let cross: Vec<_> = rows.iter().filter(|r| r["list"] == "cross_sell").collect();
    let offered: HashSet<&str> =
        cross.iter().filter(|r| r["event"] == "offered").map(|r| r["sku"].as_str()).collect();
    let mut shown: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for r in cross
        .iter()
        .filter(|r| r["event"] == "shown" && r["place"] == "pane" && !offered.contains(r["sku"].as_str()))
    {
        *shown.entry((r["for_sku"].as_str(), r["sku"].as_str())).or_default() += 1;
    }
    let mut out: Vec<(u64, f64, f64, &str, &str)> = Vec::new();
    for ((item, addon), n) in shown.into_iter().filter(|&(_, n)| n >= 3) {
        let best = rules
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| {
                r["consequent"][0] == addon
                    && r["antecedent"].as_array().unwrap().iter().any(|a| a == item)
                    && r["count"].as_u64().unwrap() >= 5
                    && r["lift"].as_f64().unwrap() >= 2.0
                    && r["confidence"].as_f64().unwrap() >= 0.1
            })
            .map(|r| (r["lift"].as_f64().unwrap(), r["confidence"].as_f64().unwrap()))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        if let Some((lift, confidence)) = best {
            out.push((n, lift, confidence, item, addon));
        }
    }
    out.sort_by(|a, b| {
        (b.0 as f64 * b.2)
            .total_cmp(&(a.0 as f64 * a.2))
            .then(b.1.total_cmp(&a.1))
            .then((a.3, a.4).cmp(&(b.3, b.4)))
    });
    out.truncate(10);
    out.iter()
        .map(|&(n, lift, confidence, item, addon)| {
            json!({"for_sku": item, "sku": addon, "shown": n, "lift": lift, "confidence": confidence})
        })
        .collect()
}

/// What the exports say about one period.
struct Exports {
    sales: String,
    events: String,
    costs: HashMap<String, Option<i64>>,
    rules: Value,
}

fn exports(d: &Path, period: &[&str]) -> Exports {
    let with = |cmd: &'static str| [&["--db", DB, cmd][..], period].concat();
    let catalog = records(&ok(d, &["--db", DB, "export"]));
    Exports {
        sales: ok(d, &with("export-sales")),
        events: ok(d, &with("export-events")),
        costs: catalog
            .iter()
            .map(|r| (r["sku"].clone(), (!r["cost"].is_empty()).then(|| cents(&r["cost"]))))
            .collect(),
        rules: serde_json::from_str(&ok(d, &["--db", DB, "rules", "--json"])).unwrap(),
    }
}

/// Every key of `expected` (recursively) is in `got` with the same value.
fn same(expected: &Value, got: &Value, at: &str) {
    match expected {
        Value::Object(m) => {
            for (k, v) in m {
                same(v, &got[k], &format!("{at}.{k}"));
            }
        }
        Value::Array(a) => {
            let g = got.as_array().unwrap_or_else(|| panic!("{at}: not an array: {got}"));
            assert_eq!(a.len(), g.len(), "{at}: {} entries expected, {} reported", a.len(), g.len());
            for (i, (e, g)) in a.iter().zip(g).enumerate() {
                same(e, g, &format!("{at}[{i}]"));
            }
        }
        // serde_json reads a float to within an ulp or so of what was written.
        Value::Number(n) if n.is_f64() => {
            let (e, g) = (n.as_f64().unwrap(), got.as_f64().unwrap_or(f64::NAN));
            assert!((e - g).abs() <= 1e-12 * e.abs().max(1.0), "{at}: expected {e}, reported {g}");
        }
        _ => assert_eq!(expected, got, "{at}"),
    }
}

#[test]
fn every_report_figure_equals_a_recomputation_from_export_sales_and_export_events() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    history(d);
    let periods: [&[&str]; 4] = [
        &[],
        &["--since", "2026-03-03", "--until", "2026-03-04"],
        &["--since", "2026-03-05"],
        &["--until", "2026-03-03T12:00"],
    ];
    let mut seen_missed = false;
    let mut seen_refund = false;
    for period in periods {
        let exports = exports(d, period);
        seen_refund |= exports.sales.contains(",refund,");
        for include_simulated in [true, false] {
            let groupings: &[Option<&str>] = if include_simulated {
                &[None, Some("staff"), Some("source"), Some("day"), Some("terminal"), Some("product")]
            } else {
                &[None, Some("staff"), Some("source")]
            };
            for &by in groupings {
                let mut args = [&["--db", DB, "report", "--json"][..], period].concat();
                if include_simulated {
                    args.push("--include-simulated");
                }
                if let Some(by) = by {
                    args.extend(["--by", by]);
                }
                let got: Value = serde_json::from_str(&ok(d, &args)).unwrap();
                let expected = recompute(&exports, include_simulated, by);
                same(&expected, &got, &format!("{args:?}"));
                seen_missed |= !got["missed"].as_array().unwrap().is_empty();
                if by.is_some() {
                    assert!(!got["groups"].as_array().unwrap().is_empty(), "{args:?}: no groups");
                }
            }
        }
    }
    // The history is rich enough for the comparison to mean something.
    assert!(seen_missed, "no period had a missed add-on");
    assert!(seen_refund, "no period had a refund");
    let all: Value =
        serde_json::from_str(&ok(d, &["--db", DB, "report", "--json", "--include-simulated"])).unwrap();
    assert!(all["sales"].as_u64().unwrap() > 500, "{all}");
    assert!(
        all["attach_rate"].as_f64().unwrap() > 0.2 && all["upsell_take_rate"].as_f64().unwrap() > 0.1,
        "{all}"
    );
    assert!(all["suggestion_lines_without_cost"].as_u64().unwrap() > 0, "{all}");
    // The checkout's last chance listed add-ons, and some were taken there.
    assert!(
        all["checkout_offered"].as_u64().unwrap() > 100 && all["checkout_accepted"].as_u64().unwrap() > 10,
        "{all}"
    );
    assert_eq!(all["by_source"].as_array().unwrap().len(), 5, "{all}");
}
