//! The dashboard against `counterpart report --json`: today, the 4 weeks
//! before it, each day, acceptance by source and the missed list equal the
//! report of the same period, for everyone and for one seller, on a simulated
//! history spread over the weeks (refunds and voids across days, one day
//! outside the window). Then `report --tui` in tmux at 120×40 and 80×24, and
//! without a terminal.
#![allow(clippy::disallowed_types, reason = "the rates are ratios, compared as the JSON writes them")]

mod common;

use std::path::Path;

use common::tmux::{Tmux, quote, wait_for_line};
use common::{ok, run};
use counterpart::money::Currency;
use counterpart::reports::Figures;
use counterpart::reports::dashboard::{Query, load};
use counterpart::reports::days::{self, Now};
use counterpart::store::Store;
use serde_json::{Value, json};

const DB: &str = "h.db";

/// Days back from today the sales are moved to, by rowid: today, within the
/// weeks, the window's first day, and one day before the window.
const BACK: [i64; 8] = [0, 1, 2, 5, 9, 27, 28, 30];

/// The demo store with 600 simulated sales by two sellers at two tills
/// (after mining, so mined suggestions are shown too), spread over `BACK`
/// days before `today`, a third marked real; a strong mined add-on shown in
/// six sales and never offered; an add-on refunded today, and a sale of two
/// days ago voided today.
fn history(d: &Path, today: &str) {
    ok(d, &["--db", DB, "init", "--demo"]);
    ok(d, &["--db", DB, "simulate", "--sales", "300", "--seed", "21"]);
    ok(d, &["--db", DB, "mine"]);
    ok(d, &["--db", DB, "simulate", "--sales", "300", "--seed", "22", "--staff", "bob", "--terminal", "T2"]);
    let raw = rusqlite::Connection::open(d.join(DB)).unwrap();
    let dates: Vec<String> = BACK.iter().map(|b| days::add(today, -b).unwrap()).collect();
    raw.execute(
        "UPDATE sales SET completed_at = (CASE rowid % 8 WHEN 0 THEN ?1 WHEN 1 THEN ?2 WHEN 2 THEN ?3 \
         WHEN 3 THEN ?4 WHEN 4 THEN ?5 WHEN 5 THEN ?6 WHEN 6 THEN ?7 ELSE ?8 END) \
         || 'T' || printf('%02d', 8 + rowid % 12) || substr(completed_at, 14)",
        rusqlite::params_from_iter(&dates),
    )
    .unwrap();
    raw.execute_batch(
        "UPDATE sales SET simulated = 0 WHERE rowid % 3 = 0; \
         UPDATE suggestion_events SET at = (SELECT completed_at FROM sales WHERE id = sale_id);",
    )
    .unwrap();
    // A strong mined add-on no seller ever offered, shown for its item in six sales of the window.
    common::plant_missed_add_on(&raw, &dates[6]);
    let on = |day: &str| -> (String, String) {
        raw.query_row(
            "SELECT s.id, l.sku FROM sales s JOIN sale_lines l ON l.sale_id = s.id \
             WHERE l.origin = 'cross_sell' AND s.completed_at LIKE ?1 || '%' ORDER BY s.completed_at LIMIT 1",
            [day],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    let (today_sale, add_on) = on(today);
    let (earlier, _) = on(&dates[2]);
    let mut store = Store::open(&d.join(DB)).unwrap();
    store.upsert_staff("boss", "Boss", counterpart::store::staff::Role::Manager, None).unwrap();
    let (refund, _) = store.refund(&today_sale, &[(add_on, 1)], "T1", Some("boss"), "boss").unwrap();
    let (void, _) = store.void(&earlier, "T2", Some("boss"), "boss").unwrap();
    for id in [refund, void] {
        let at = format!("{today}T23:00:00.000Z");
        raw.execute("UPDATE sales SET completed_at = ?2 WHERE id = ?1", [&id, &at]).unwrap();
    }
}

/// `report --json` for a period, simulated sales counted, optionally by staff.
fn report(d: &Path, since: &str, until: &str, by_staff: bool) -> Value {
    let mut args =
        vec!["--db", DB, "report", "--json", "--include-simulated", "--since", since, "--until", until];
    if by_staff {
        args.extend(["--by", "staff"]);
    }
    serde_json::from_str(&ok(d, &args)).unwrap()
}

/// A ratio as `report --json` wrote it (serde_json reads a float back to within an ulp).
fn close(j: &Value, want: f64, what: &str) {
    let got = j.as_f64().unwrap_or_else(|| panic!("{what}: {j}"));
    assert!((got - want).abs() <= 1e-12 * want.abs().max(1.0), "{what}: {got} against {want}");
}

/// The figures `report --json` writes for a period, as the dashboard holds them.
fn same(f: &Figures, j: &Value, what: &str) {
    let c = Currency::usd();
    let s = &f.suggestions;
    let got = json!({
        "sales": f.sales,
        "revenue": c.plain(f.revenue),
        "aov": c.plain(f.aov()),
        "units": f.units,
        "suggestion_revenue": c.plain(f.suggestion_revenue),
        "suggestions": {"shown": s.shown, "offered": s.offered, "declined": s.declined, "accepted": s.accepted},
    });
    for (key, value) in got.as_object().unwrap() {
        assert_eq!(&j[key], value, "{what}: {key}");
    }
    close(&j["attach_rate"], f.attach_rate(), &format!("{what}: attach_rate"));
    close(&j["upsell_take_rate"], f.upsell_take_rate(), &format!("{what}: upsell_take_rate"));
}

#[test]
fn every_dashboard_figure_is_the_report_of_its_period() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let now = Now::utc();
    let today = now.date.clone();
    history(d, &today);
    let store = Store::open_existing(&d.join(DB)).unwrap();
    let all = load(&store, &Query { staff: None, include_simulated: true }, now.clone(), &|| false)
        .unwrap()
        .unwrap();

    let first = days::add(&today, -28).unwrap();
    let yesterday = days::add(&today, -1).unwrap();
    same(&all.today, &report(d, &today, &today, false), "today");
    assert!(all.today.sales > 0 && all.today.revenue.0 > 0);
    same(&all.weeks, &report(d, &first, &yesterday, false), "the 4 weeks");
    for b in BACK.iter().filter(|b| **b <= 28) {
        let date = days::add(&today, -b).unwrap();
        let day = all.days.iter().find(|x| x.date == date).unwrap();
        assert!(day.figures.sales > 0, "{date}");
        same(&day.figures, &report(d, &date, &date, false), &date);
    }
    assert_eq!(
        all.days.iter().filter(|x| x.figures.sales > 0).count(),
        7,
        "the day before the window is left out"
    );
    assert_eq!(all.per_hour.iter().sum::<u64>(), all.today.sales);

    let whole = report(d, &first, &today, false);
    let by_source: Vec<Value> = all
        .by_source
        .iter()
        .map(|(source, f)| {
            let s = &f.suggestions;
            json!({"source": source, "shown": s.shown, "offered": s.offered, "declined": s.declined,
                   "accepted": s.accepted, "suggestion_revenue": Currency::usd().plain(f.suggestion_revenue)})
        })
        .collect();
    assert_eq!(whole["by_source"], Value::Array(by_source));
    assert!(!all.by_source.is_empty());
    let missed = whole["missed"].as_array().unwrap();
    assert!(!missed.is_empty(), "the add-on never offered is missed");
    assert_eq!(missed.len(), all.missed.len());
    for (j, m) in missed.iter().zip(&all.missed) {
        assert_eq!(
            (&j["for_sku"], &j["sku"], &j["shown"]),
            (&json!(m.for_sku), &json!(m.sku), &json!(m.shown))
        );
        close(&j["lift"], m.lift, "lift");
        close(&j["confidence"], m.confidence, "confidence");
    }

    // One seller: their `--by staff` group of each period.
    let bob = load(&store, &Query { staff: Some("bob".into()), include_simulated: true }, now, &|| false)
        .unwrap()
        .unwrap();
    let group =
        |j: &Value| j["groups"].as_array().unwrap().iter().find(|g| g["group"] == "bob").unwrap().clone();
    same(&bob.today, &group(&report(d, &today, &today, true)), "bob today");
    same(&bob.weeks, &group(&report(d, &first, &yesterday, true)), "bob's 4 weeks");
    assert!(bob.today.sales > 0 && bob.today.sales < all.today.sales);
    let shown = |d: &counterpart::reports::dashboard::Dashboard| -> u64 {
        d.by_source.iter().map(|(_, f)| f.suggestions.shown).sum()
    };
    assert!(shown(&bob) > 0 && shown(&bob) < shown(&all), "bob's own sales' suggestions");
}

#[test]
fn report_tui_needs_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["--db", DB, "init", "--demo"]);
    let out = run(dir.path(), &["--db", DB, "report", "--tui"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("report --tui needs a terminal"), "{err}");
}

#[test]
fn report_tui_draws_its_charts_at_120x40_and_at_80x24() {
    let Some(tmux) = Tmux::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    history(d, &Now::utc().date);
    let exit = d.join("exit");
    let script = format!(
        "cd {dir} && env -u COUNTERPART_CONFIG -u NO_COLOR XDG_CONFIG_HOME={dir} TERM=xterm-256color \
         {bin} --db {DB} report --tui --include-simulated; echo $? > {exit}; sleep 30",
        dir = quote(d),
        bin = quote(Path::new(env!("CARGO_BIN_EXE_counterpart"))),
        exit = quote(&exit),
    );
    tmux.start("dash", 120, 40, &script);
    let braille = |s: &str| s.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c));
    let wide = tmux.wait_for("dash", "every panel at 120x40", |s| {
        s.contains("Average order value by day") && s.contains("Missed") && braille(s)
    });
    for panel in ["Today so far", "Sales per hour today, UTC", "Attach rate by day", "Suggestions by source"]
    {
        assert!(wide.contains(panel), "{panel}:\n{wide}");
    }
    assert!(wide.contains("simulated sales included"), "{wide}");

    tmux.run(&["resize-window", "-t", "dash", "-x", "80", "-y", "24"]);
    let small = tmux.wait_for("dash", "the figures page at 80x24", |s| {
        s.contains("Figures") && s.contains("Attach rate by day") && !s.contains("Missed") && braille(s)
    });
    assert!(small.lines().count() <= 24 && small.lines().all(|l| l.chars().count() <= 80), "{small}");
    tmux.keys("dash", &["Tab"]);
    tmux.wait_for("dash", "the suggestions page", |s| {
        s.contains("Suggestions by source") && s.contains("Missed")
    });
    tmux.keys("dash", &["q"]);
    assert_eq!(wait_for_line(&exit).trim(), "0");
}
