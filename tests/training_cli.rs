//! `counterpart train` end to end on temp databases: the report (text and
//! JSON) over stored records, `--list --json`, refused inputs, training
//! records leaving the sales alone, and drills scoring exactly as `eval`.

mod common;

use std::path::Path;

use common::tmux::{Tmux, quote};
use common::{data, ok, run};
use counterpart::store::Store;
use counterpart::store::training::{TrainingKind, TrainingRecord};
use counterpart::training::drill::Drill;

/// Runs the binary expecting failure; returns standard error, checked to be
/// one line and no panic.
fn fails(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = run(dir, args);
    assert!(!out.status.success(), "{args:?} should fail");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code(), err)
}

fn demo_db(dir: &Path) {
    ok(dir, &["--db", "t.db", "init", "--demo"]);
}

fn scenario(trainee: &str, at: &str, score: u32, tier: &str, parts: &[(&str, u32, u32)]) -> TrainingRecord {
    let parts: Vec<serde_json::Value> =
        parts.iter().map(|(n, e, w)| serde_json::json!({"name": n, "earned": e, "weight": w})).collect();
    TrainingRecord {
        at: at.into(),
        trainee: trainee.into(),
        kind: TrainingKind::Scenario,
        scenario: "first-phone".into(),
        score,
        max_score: 100,
        tier: Some(tier.into()),
        details_json: serde_json::json!({"total": score, "tier": tier, "parts": parts, "feedback": []})
            .to_string(),
    }
}

fn drill_record(trainee: &str, at: &str, hits: u32, rounds: u32) -> TrainingRecord {
    TrainingRecord {
        at: at.into(),
        trainee: trainee.into(),
        kind: TrainingKind::Drill,
        scenario: "sales history".into(),
        score: hits,
        max_score: rounds,
        tier: None,
        details_json: r#"{"rounds":[{"hidden":"A","picks":["A"],"hit":true,"engine_first":"B"}]}"#.into(),
    }
}

fn store_records(dir: &Path, records: &[TrainingRecord]) {
    let mut store = Store::open_existing(&dir.join("t.db")).unwrap();
    for r in records {
        store.record_training(r).unwrap();
    }
}

#[test]
fn the_report_shows_each_trainee_over_time_with_their_weakest_part() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_db(d);
    ok(d, &["--db", "t.db", "staff", "ana", "--name", "Ana Ruiz", "--role", "trainee"]);
    assert_eq!(ok(d, &["--db", "t.db", "train", "--report"]).trim(), "No training recorded yet.");
    store_records(
        d,
        &[
            scenario("ana", "2026-03-02T10:00:00.000Z", 90, "Gold", &[("fit", 27, 30), ("closing", 18, 20)]),
            drill_record("ana", "2026-03-01T12:00:00.000Z", 3, 10),
            scenario("ana", "2026-03-01T10:00:00.000Z", 55, "Bronze", &[("fit", 9, 30), ("closing", 20, 20)]),
            drill_record("Bob Smith", "2026-03-03T10:00:00.000Z", 7, 10),
        ],
    );
    let text = ok(d, &["--db", "t.db", "train", "--report"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Bob Smith: 0 scenario sessions, 1 drill", "{text}");
    assert!(lines[1].contains("drill") && lines[1].ends_with("7/10   70 %"), "{text}");
    assert_eq!(lines[2], "  Drills over time: 70 %");
    assert_eq!(lines[3], "  Weakest part: no scenario sessions yet");
    assert_eq!(lines[5], "ana (Ana Ruiz): 2 scenario sessions, 1 drill", "{text}");
    // In time order, whatever order they were stored in.
    assert!(lines[6].contains("scenario") && lines[6].ends_with("55/100   55 %  Bronze"), "{text}");
    assert!(lines[7].contains("drill") && lines[7].ends_with("3/10   30 %"), "{text}");
    assert!(lines[8].contains("scenario") && lines[8].ends_with("90/100   90 %  Gold"), "{text}");
    assert_eq!(lines[9], "  Scenarios over time: 55 % → 90 %");
    assert_eq!(lines[10], "  Drills over time: 30 %");
    // fit: 30 % and 90 % → 60 %; closing: 100 % and 90 % → 95 %.
    assert_eq!(lines[11], "  Weakest part: fit (average 60 %)");

    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["--db", "t.db", "train", "--report", "--json", "--trainee", "ana"]))
            .unwrap();
    let trainees = json["trainees"].as_array().unwrap();
    assert_eq!(trainees.len(), 1);
    assert_eq!(trainees[0]["trainee"], "ana");
    assert_eq!(trainees[0]["weakest_part"], "fit");
    let sessions = trainees[0]["sessions"].as_array().unwrap();
    let kinds: Vec<&str> = sessions.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["scenario", "drill", "scenario"]);
    assert_eq!(
        sessions[0],
        serde_json::json!({"at": "2026-03-01T10:00:00.000Z", "kind": "scenario", "scenario": "first-phone",
            "score": 55, "max_score": 100, "percent": 55, "tier": "Bronze"})
    );
    assert_eq!(sessions[1]["tier"], serde_json::Value::Null);
    assert_eq!(sessions[1]["percent"], 30);
    let all: serde_json::Value =
        serde_json::from_str(&ok(d, &["--db", "t.db", "train", "--report", "--json"])).unwrap();
    assert_eq!(all["trainees"][0]["trainee"], "Bob Smith");
    assert_eq!(all["trainees"][0]["weakest_part"], serde_json::Value::Null);
    let nobody = ok(d, &["--db", "t.db", "train", "--report", "--trainee", "zoe"]);
    assert_eq!(nobody.trim(), "No training recorded for `zoe` yet.");
}

#[test]
fn the_scenario_list_is_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_db(d);
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["--db", "t.db", "train", "--list", "--json"])).unwrap();
    for s in json.as_array().expect("a JSON array") {
        assert!(s["id"].is_string() && s["title"].is_string(), "{s}");
    }
}

#[test]
fn bad_drill_input_is_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_db(d);
    let (_, e) = fails(d, &["--db", "t.db", "train", "--drill", "--baskets", "missing.csv"]);
    assert!(e.starts_with("counterpart: missing.csv: cannot read") && e.lines().count() == 1, "{e}");
    std::fs::write(d.join("bad.csv"), b"a,b\nb,\xff\n").unwrap();
    let (_, e) = fails(d, &["--db", "t.db", "train", "--drill", "--baskets", "bad.csv"]);
    assert_eq!(e, "counterpart: bad.csv: line 2: not valid UTF-8\n");
    // No TEST line (i % 5 == 4) holding an item the others hold: no round.
    std::fs::write(d.join("short.csv"), "a,b\nb,c\na,c\n").unwrap();
    let (_, e) = fails(d, &["--db", "t.db", "train", "--drill", "--baskets", "short.csv"]);
    assert!(e.starts_with("counterpart: short.csv: no test basket") && e.lines().count() == 1, "{e}");
    // A good file but no terminal: one line, exit 2.
    let groceries = data("groceries.csv");
    let (code, e) = fails(d, &["--db", "t.db", "train", "--drill", "--baskets", groceries.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(e.contains("the drill needs a terminal") && e.lines().count() == 1, "{e}");
    // The demo store has no sales yet: nothing to drill on.
    let (_, e) = fails(d, &["--db", "t.db", "train", "--drill"]);
    assert!(e.contains("not enough sales to drill on yet") && e.lines().count() == 1, "{e}");
}

#[test]
fn conflicting_or_empty_flags_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_db(d);
    let (_, e) = fails(d, &["--db", "t.db", "train", "--drill", "--rounds", "0"]);
    assert!(e.contains("--rounds") && e.contains("0 is not in 1..=1000"), "{e}");
    for args in [
        &["--list", "--report"][..],
        &["--list", "--drill"],
        &["--report", "--drill"],
        &["first-phone", "--drill"],
        &["first-phone", "--file", "x.toml"],
        &["--baskets", "x.csv"],
        &["--rounds", "3"],
        &["--json"],
        &["--json", "--drill"],
    ] {
        let mut all = vec!["--db", "t.db", "train"];
        all.extend_from_slice(args);
        let (code, _) = fails(d, &all);
        assert_eq!(code, Some(2), "{args:?}");
    }
    let (_, e) = fails(d, &["--db", "t.db", "train", "--drill", "--trainee", " "]);
    assert_eq!(e, "counterpart: --trainee: give a staff id or a name\n");
}

/// Every row of the tables a training record must never touch, as text.
fn sales_tables(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = String::new();
    for table in
        ["sales", "sale_lines", "payments", "suggestion_events", "carts", "rules", "rule_sets", "meta"]
    {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.unwrap().join("|")));
        }
    }
    let stock: Vec<String> = conn
        .prepare("SELECT sku, stock FROM products ORDER BY sku")
        .unwrap()
        .query_map([], |r| Ok(format!("{}={}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    out.push_str(&stock.join(","));
    out
}

#[test]
fn training_records_never_change_the_sales() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_db(d);
    ok(d, &["--db", "t.db", "simulate", "--sales", "40", "--move-stock"]);
    ok(d, &["--db", "t.db", "mine", "--min-support", "0.01"]);
    let export = ok(d, &["--db", "t.db", "export-sales"]);
    let tables = sales_tables(&d.join("t.db"));
    assert!(tables.lines().filter(|l| l.starts_with("sales: ")).count() == 40, "{tables}");
    store_records(
        d,
        &[scenario("demo", "", 70, "Silver", &[("fit", 7, 10)]), drill_record("Bob Smith", "", 4, 10)],
    );
    ok(d, &["--db", "t.db", "train", "--report"]);
    let _ = run(d, &["--db", "t.db", "train", "--drill"]);
    assert!(ok(d, &["--db", "t.db", "export-sales"]) == export, "export-sales changed");
    assert!(sales_tables(&d.join("t.db")) == tables, "the sales tables changed");
    let report = ok(d, &["--db", "t.db", "train", "--report"]);
    assert!(report.contains("Bob Smith: 0 scenario sessions, 1 drill"), "{report}");
}

/// `eval --top 3 --json` on a basket file: the trials its HR@5 stands for,
/// and its trials (as [`Drill::engine_hits`] gives them). (serde_json reads a float to within a unit in the last
/// place, so the count is compared, not the float.)
#[allow(clippy::disallowed_types, reason = "hit rates are ratios")]
fn eval_top3(dir: &Path, file: &Path) -> (usize, usize) {
    let out = ok(dir, &["eval", "--baskets", file.to_str().unwrap(), "--top", "3", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let trials = json["trials"].as_u64().unwrap() as usize;
    let hr5 = json["counterpart"]["hr5"].as_f64().unwrap();
    let hits = (hr5 * trials as f64).round() as usize;
    assert!((hits as f64 / trials as f64 - hr5).abs() < 1e-12, "{out}");
    (hits, trials)
}

#[test]
fn the_assistant_scores_in_a_drill_what_eval_reports() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A basket file, as `train --drill --baskets` reads it.
    let groceries = data("groceries.csv");
    let drill = Drill::from_text(&std::fs::read(&groceries).unwrap()).unwrap();
    let engine = drill.engine_hits();
    assert_eq!(engine, eval_top3(d, &groceries));
    assert!(engine.0 > 0 && engine.0 < engine.1, "{engine:?}");

    // The store's own sales history, as `train --drill` reads it: the same
    // figure as `eval` on that history written out as a basket file.
    demo_db(d);
    ok(d, &["--db", "t.db", "simulate", "--sales", "400"]);
    let history = Store::open_existing(&d.join("t.db")).unwrap().sale_baskets().unwrap();
    let text: String = history.iter().map(|b| format!("{}\n", b.join(","))).collect();
    std::fs::write(d.join("history.csv"), text).unwrap();
    let drill = Drill::from_lines(&history);
    assert_eq!(drill.engine_hits(), eval_top3(d, &d.join("history.csv")));
    assert!(drill.playable() > 0);
}

#[test]
fn a_drill_in_a_real_terminal_is_recorded_when_it_ends() {
    let Some(tmux) = Tmux::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_db(d);
    let script = format!(
        "cd {dir} && env -u COUNTERPART_CONFIG XDG_CONFIG_HOME={dir} TERM=xterm-256color {bin} --db t.db train --drill \
         --baskets {baskets} --rounds 2 --trainee ana; echo exit=$?; sleep 30",
        dir = quote(d),
        bin = quote(Path::new(env!("CARGO_BIN_EXE_counterpart"))),
        baskets = quote(&data("groceries.csv")),
    );
    tmux.start("main", 100, 30, &script);
    tmux.wait_for_text("main", "Round 1 of 2");
    // Round 1: "milk" picks the first item matching; Tab offers it.
    tmux.keys("main", &["milk"]);
    tmux.wait_for_text("main", "Offer what next? milk");
    tmux.keys("main", &["Enter"]);
    tmux.wait_for_text("main", "Your picks (1 of 3)");
    tmux.keys("main", &["Tab"]);
    tmux.wait_for_text("main", "The assistant's first pick was");
    tmux.keys("main", &["Enter"]);
    tmux.wait_for_text("main", "Round 2 of 2");
    tmux.keys("main", &["Enter", "Enter", "Tab"]);
    tmux.wait_for_text("main", "Score so far: ");
    tmux.keys("main", &["Enter"]);
    tmux.wait_for_text("main", "Drill over");
    tmux.keys("main", &["Enter"]);
    // The screen is gone and the shell's output is back.
    let after = tmux.wait_for_text("main", "exit=0");
    assert!(after.contains("Recorded a drill for ana: ") && after.contains(" of 2 rounds hit"), "{after}");
    assert!(!after.contains("Drill over"), "{after}");
    let records = Store::open_existing(&d.join("t.db")).unwrap().training_records(Some("ana")).unwrap();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!((r.kind, r.max_score, r.tier.as_deref()), (TrainingKind::Drill, 2, None));
    let details: serde_json::Value = serde_json::from_str(&r.details_json).unwrap();
    let rounds = details["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[1]["picks"].as_array().unwrap().len(), 2);
    let hits = rounds.iter().filter(|x| x["hit"] == true).count() as u32;
    assert_eq!(r.score, hits);
    assert!(rounds[0]["picks"][0].as_str().unwrap().contains("milk"), "{details}");
}

/// `counterpart train SCENARIO --trainee NAME` in tmux, with the exit status echoed after it.
fn start_training(tmux: &Tmux, d: &Path, scenario: &str, trainee: &str) {
    let script = format!(
        "cd {dir} && env -u COUNTERPART_CONFIG XDG_CONFIG_HOME={dir} TERM=xterm-256color {bin} --db t.db train \
         {scenario} --trainee {trainee}; echo exit=$?; sleep 30",
        dir = quote(d),
        bin = quote(Path::new(env!("CARGO_BIN_EXE_counterpart"))),
    );
    tmux.start("main", 150, 50, &script);
}

/// The number key of the option in the open pick window that starts like `text`.
fn try_option_key(screen: &str, text: &str) -> Option<String> {
    let start: String = text.chars().take(24).collect();
    ["1", "2", "3"]
        .into_iter()
        .find(|n| screen.lines().any(|l| l.contains(&format!("║{n} {start}"))))
        .map(str::to_string)
}

fn option_key(screen: &str, text: &str) -> String {
    try_option_key(screen, text).unwrap_or_else(|| panic!("no option starts with {text:?}:\n{screen}"))
}

/// The talking point `counterpart suggest` gives for `sku` with `cart`.
fn talking_point(d: &Path, cart: &[&str], sku: &str) -> String {
    let out = ok(d, &[&["--db", "t.db", "suggest", "--json"][..], cart].concat());
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found = json["cross_sell"].as_array().unwrap().iter().find(|s| s["sku"] == sku);
    found.unwrap_or_else(|| panic!("{sku} is not suggested for {cart:?}: {out}"))["talking_point"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_training_session_in_a_real_terminal_scores_gold_or_sends_the_customer_away_and_leaves_the_sales_alone() {
    let Some(tmux) = Tmux::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_db(d);
    ok(d, &["--db", "t.db", "simulate", "--sales", "60", "--move-stock"]);
    ok(d, &["--db", "t.db", "mine", "--min-support", "0.01"]);
    let export = ok(d, &["--db", "t.db", "export-sales"]);
    let report = ok(d, &["--db", "t.db", "report", "--json", "--include-simulated"]);
    let tables = sales_tables(&d.join("t.db"));

    // Priya came for the Veyra Lite 5; she takes the case, the glass and a charger.
    start_training(&tmux, d, "first-phone-budget", "sam");
    let screen = tmux.wait_for_text("main", "Came for: Veyra Lite 5 64 GB");
    assert!(
        screen.contains(" TRAINING ")
            && screen.contains("Customer: Priya")
            && screen.contains("Budget $250.00"),
        "{screen}"
    );
    tmux.keys("main", &["PH-VEY-L5-64", "Enter"]);
    tmux.wait_for_text("main", "Cart · 1 line · 1 item");
    let mut cart = vec!["PH-VEY-L5-64"];
    for sku in ["CS-VEY-L5-CLR", "SP-VEY-L5-GLS", "CB-CHG-20W"] {
        // The till shows the point of the suggestion it had on screen: for this cart, or,
        // when the newest answer is still on its way, for the cart before the last add.
        let mut points = vec![talking_point(d, &cart, sku)];
        if cart.len() > 1 {
            points.push(talking_point(d, &cart[..cart.len() - 1], sku));
        }
        tmux.keys("main", &[sku, "Enter"]);
        // Past the hint line, a frame drawn halfway may still hide an option: wait for one of the points.
        let screen = tmux.wait_for("main", "the talking points", |s| {
            s.contains("1, 2 or 3 says it") && points.iter().any(|p| try_option_key(s, p).is_some())
        });
        let key = points
            .iter()
            .find_map(|p| try_option_key(&screen, p))
            .unwrap_or_else(|| option_key(&screen, &points[0]));
        tmux.keys("main", &[&key]);
        cart.push(sku);
        let lines = cart.len();
        tmux.wait_for_text("main", &format!("Cart · {lines} lines"));
    }
    tmux.keys("main", &["F12"]);
    // The whole window, not only its first line: tmux may show a frame drawn halfway.
    let screen = tmux.wait_for("main", "her question and its options", |s| {
        s.contains("Is 64 GB going to be enough?") && try_option_key(s, "It has a microSD slot").is_some()
    });
    tmux.keys("main", &[&option_key(&screen, "It has a microSD slot")]);
    let receipt = tmux.wait_for_text("main", "No payment taken");
    assert!(receipt.contains("*** TRAINING — NOT A SALE ***"), "{receipt}");
    tmux.keys("main", &["Enter"]);
    let card = tmux.wait_for_text("main", "Saved for sam");
    assert!(card.contains("100 / 100 · Gold"), "{card}");
    tmux.keys("main", &["Enter"]);
    tmux.wait_for_text("main", "exit=0");
    tmux.run(&["kill-session", "-t", "main"]);

    // Three offers she never needed: she walks away, and the card names what was missed.
    start_training(&tmux, d, "first-phone-budget", "sam");
    tmux.wait_for_text("main", "Came for: Veyra Lite 5 64 GB");
    tmux.keys("main", &["PH-VEY-L5-64", "Enter"]);
    tmux.wait_for_text("main", "Cart · 1 line · 1 item");
    for sku in ["TV-TES-U5-32", "LP-NIM-A13-256", "LP-QUI-GO11"] {
        tmux.keys("main", &[sku, "Enter"]);
        tmux.wait_for_text("main", "1, 2 or 3 says it");
        tmux.keys("main", &["1"]);
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let card = tmux.wait_for_text("main", "Saved for sam");
    assert!(card.contains("no tier") && card.contains("walked away"), "{card}");
    assert!(card.contains("You did not offer the Paneguard Clear Case"), "{card}");
    tmux.keys("main", &["Enter"]);
    tmux.wait_for_text("main", "exit=0");
    drop(tmux);

    assert!(ok(d, &["--db", "t.db", "export-sales"]) == export, "export-sales changed");
    assert!(
        ok(d, &["--db", "t.db", "report", "--json", "--include-simulated"]) == report,
        "the report changed"
    );
    assert!(sales_tables(&d.join("t.db")) == tables, "the sales tables changed");
    let records = Store::open_existing(&d.join("t.db")).unwrap().training_records(Some("sam")).unwrap();
    let scores: Vec<(u32, Option<&str>)> = records.iter().map(|r| (r.score, r.tier.as_deref())).collect();
    assert_eq!(scores.len(), 2, "{scores:?}");
    assert_eq!(scores[0], (100, Some("Gold")));
    assert!(scores[1].0 < 50 && scores[1].1.is_none(), "{scores:?}");
}
