//! The sales dashboard on the selling screen: the manager gate (own figures
//! without a PIN, all staff only after a manager's approval), the till
//! answering a search while the dashboard is being worked out on its own
//! thread (a stale or closed one giving up, its answer never arriving), snapshots at 120×40 and
//! 80×24, a size sweep, and an empty history saying so.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{act, draw_text, shop, shop_db, start, typed};
use crate::config::Config;
use crate::money::Money;
use crate::reports::dashboard::{Dashboard, Query, build};
use crate::reports::days::{self, Now};
use crate::reports::{EventRecord, LineRecord, RowKind, RuleRef, SaleRecord};
use crate::store::Store;
use crate::store::staff::Role;
use crate::suggest::events::{EventKind, ListKind};
use crate::tui::action::Action;
use crate::tui::dashboard::panel::{Load, Page, Scope};
use crate::tui::dashboard::{Loader, job};
use crate::tui::effect::Effect;
use crate::tui::msg::Reply;
use crate::tui::state::{Overlay, State};
use crate::tui::update::update;

/// Rings up the phone at the till (signed in as the default seller) and pays by card.
fn sell_phone(s: &mut State, w: &mut crate::tui::worker::Worker) {
    act(s, w, [Action::Scan("2000000000015".into()), Action::Checkout, Action::Add]);
    assert!(matches!(s.overlay, Some(Overlay::Receipt { .. })), "{:?}", s.overlay);
    act(s, w, [Action::Add]);
}

/// Today's sales on the dashboard on screen.
fn today_sales(s: &State) -> u64 {
    s.dashboard.dashboard().map(|d| d.today.sales).expect("the figures are on screen")
}

#[test]
fn a_seller_sees_their_own_figures_and_all_staff_only_after_a_managers_pin() {
    let (_d, db) = shop_db();
    let mut store = Store::open(&db).unwrap();
    store.upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    store.upsert_staff("cy", "Cy", Role::Cashier, Some("1357")).unwrap();
    let (mut s, mut w) = start(&db, &Config::defaults());
    sell_phone(&mut s, &mut w);
    sell_phone(&mut s, &mut w);
    // One of the two sales was another seller's.
    store.conn().execute("UPDATE sales SET staff_id = 'cy' WHERE rowid = 1", []).unwrap();

    act(&mut s, &mut w, [Action::Dashboard]);
    assert_eq!(s.overlay, Some(Overlay::Dashboard));
    assert_eq!(s.dashboard.scope, Scope::Own("demo".into()));
    assert_eq!(today_sales(&s), 1, "only the signed-in seller's sale");
    let screen = draw_text(&s, 120, 40);
    assert!(
        screen.contains("Demo Seller's figures (demo)") && screen.contains("a all staff (manager)"),
        "{screen}"
    );

    // A cashier's PIN does not open everyone's figures, nor does a wrong manager PIN.
    act(&mut s, &mut w, typed("a"));
    act(&mut s, &mut w, typed("cy"));
    act(&mut s, &mut w, [Action::Add]);
    act(&mut s, &mut w, typed("1357"));
    act(&mut s, &mut w, [Action::Add]);
    let form = s.dashboard.manager.clone().expect("the form stays open");
    assert!(form.error.as_deref().unwrap_or("").contains("not a manager"), "{form:?}");
    act(&mut s, &mut w, [Action::Cancel]);
    act(&mut s, &mut w, typed("a"));
    act(&mut s, &mut w, typed("boss"));
    act(&mut s, &mut w, [Action::Add]);
    act(&mut s, &mut w, typed("1111"));
    act(&mut s, &mut w, [Action::Add]);
    let form = s.dashboard.manager.clone().expect("the form stays open");
    assert!(form.error.as_deref().unwrap_or("").contains("wrong PIN"), "{form:?}");
    assert!(form.pin.is_empty(), "the refused PIN is cleared");
    assert!(!draw_text(&s, 120, 40).contains("1111"), "a PIN is never shown");
    assert_eq!((&s.dashboard.scope, today_sales(&s)), (&Scope::Own("demo".into()), 1));

    // The manager's PIN: everyone's figures.
    act(&mut s, &mut w, typed("2468"));
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.dashboard.manager, None);
    assert_eq!(s.dashboard.scope, Scope::All { approved_by: Some("boss".into()) });
    assert_eq!(today_sales(&s), 2);
    assert!(draw_text(&s, 120, 40).contains("all staff, approved by boss"));
    // `a` again goes back to the seller's own; closing forgets the approval.
    act(&mut s, &mut w, typed("a"));
    assert_eq!((&s.dashboard.scope, today_sales(&s)), (&Scope::Own("demo".into()), 1));
    // Tab moves from the id to the PIN too (nothing without an id); Shift-Tab goes back.
    act(&mut s, &mut w, typed("a"));
    act(&mut s, &mut w, [Action::NextPane]);
    assert!(!s.dashboard.manager.as_ref().expect("the form").on_pin);
    act(&mut s, &mut w, typed("boss"));
    act(&mut s, &mut w, [Action::NextPane, Action::PrevPane, Action::NextPane]);
    act(&mut s, &mut w, typed("2468"));
    let form = s.dashboard.manager.clone().expect("the form");
    assert_eq!((form.id.as_str(), form.pin.as_str()), ("boss", "2468"));
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.dashboard.scope, Scope::All { approved_by: Some("boss".into()) });
    act(&mut s, &mut w, typed("a"));
    act(&mut s, &mut w, [Action::Cancel]);
    assert_eq!(s.overlay, None);
    act(&mut s, &mut w, [Action::Dashboard]);
    assert_eq!(s.dashboard.scope, Scope::Own("demo".into()));
    // The dashboard key is in the help, from the keymap.
    let help = s.keymap.help_lines();
    assert!(help.iter().any(|(k, d)| k == "F5" && d.starts_with("Sales dashboard")), "{help:?}");
}

#[test]
fn the_till_answers_a_search_while_the_dashboard_is_worked_out_and_a_stale_answer_never_comes() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    // Each dashboard job waits for a token before it reads: "a long history".
    let (gate_tx, gate_rx) = mpsc::channel::<()>();
    let gate = Mutex::new(gate_rx);
    let real = job(db.clone());
    // Whether each job gave up (the dashboard closed, or a newer request came).
    let gave_up = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&gave_up);
    w.dashboards = Some(Loader::new(Arc::new(move |q: &Query, stop: &dyn Fn() -> bool| {
        let _ = gate.lock().unwrap().recv();
        let done = real(q, stop);
        seen.lock().unwrap().push(matches!(done, Ok(None)));
        done
    })));
    let (out_tx, out_rx) = mpsc::channel::<Reply>();
    w.outbox = Some(Arc::new(move |r| out_tx.send(r).is_ok()));

    let fx = update(&mut s, Action::Dashboard);
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadDashboard { .. })), "{fx:?}");
    let mut answered = Vec::new();
    w.answer(fx, |r| {
        answered.push(r);
        true
    });
    assert!(answered.is_empty(), "the worker does not wait for the dashboard: {answered:?}");
    assert!(draw_text(&s, 120, 40).contains("Loading…"));

    // The load is outstanding; a search is answered at once.
    let reply = w.handle(Effect::Search { gen_id: 7, query: "aurora".into() });
    assert!(
        matches!(&reply, Some(Reply::SearchDone { gen_id: 7, results, .. }) if !results.is_empty()),
        "{reply:?}"
    );
    assert!(out_rx.try_recv().is_err(), "the dashboard is still being worked out");

    // Simulated sales in: a newer request; the older one's answer is never sent.
    let fx = update(&mut s, Action::Type('s'));
    w.answer(fx, |_| true);
    gate_tx.send(()).unwrap();
    gate_tx.send(()).unwrap();
    let reply = out_rx.recv_timeout(Duration::from_secs(20)).expect("the dashboard comes");
    let Reply::Dashboard { gen_id, result } = &reply else { panic!("{reply:?}") };
    assert_eq!(*gen_id, s.dashboard.gen_id);
    assert!(result.as_ref().is_ok_and(|d| d.query.include_simulated), "{result:?}");
    assert!(out_rx.recv_timeout(Duration::from_millis(300)).is_err(), "the stale request is not answered");
    super::act(&mut s, &mut w, [reply]);
    assert!(draw_text(&s, 120, 40).contains("No sales to show"));
    let mut outcomes = gave_up.lock().unwrap().clone();
    outcomes.sort_unstable();
    assert_eq!(outcomes, [false, true], "the older request gave up, the newer finished");

    // Closed while it is worked out: the job gives up and nothing is sent.
    let fx = update(&mut s, Action::Cancel);
    w.answer(fx, |_| true);
    let fx = update(&mut s, Action::Dashboard);
    w.answer(fx, |_| true);
    let fx = update(&mut s, Action::Cancel);
    assert!(fx.contains(&Effect::StopDashboard), "{fx:?}");
    w.answer(fx, |_| true);
    gate_tx.send(()).unwrap();
    assert!(out_rx.recv_timeout(Duration::from_millis(300)).is_err(), "nobody waits for it");
    let start = std::time::Instant::now();
    while gave_up.lock().unwrap().len() < 3 && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(gave_up.lock().unwrap().last(), Some(&true), "it stopped at its first step");
}

#[test]
fn a_stale_or_late_answer_changes_nothing() {
    let (mut s, mut w) = shop();
    act(&mut s, &mut w, [Action::Dashboard]);
    // Without a database the worker says so; the newest request's answer is shown.
    assert!(
        matches!(&s.dashboard.load, Load::Failed(e) if e.contains("no database")),
        "{:?}",
        s.dashboard.load
    );
    let old = s.dashboard.gen_id;
    act(&mut s, &mut w, typed("r"));
    s.dirty = false;
    let stale = Reply::Dashboard { gen_id: old, result: Ok(Arc::new(sample())) };
    assert!(update(&mut s, stale).is_empty());
    assert!(!s.dirty, "nothing to redraw");
    assert!(matches!(s.dashboard.load, Load::Failed(_)));
    act(&mut s, &mut w, [Action::Cancel]);
    let late = Reply::Dashboard { gen_id: s.dashboard.gen_id, result: Ok(Arc::new(sample())) };
    act(&mut s, &mut w, [late]);
    assert!(matches!(s.dashboard.load, Load::Idle), "a closed dashboard keeps nothing");
}

/// Four weeks and today of a small shop, fixed: 3 to 6 sales a day, every
/// sixth day closed, add-ons from each source, upgrades, and a strong mined
/// add-on shown for the phone in every sale and never offered.
fn sample() -> Dashboard {
    let sources = ["curated", "bundle", "category", "family", "mined"];
    let (mut records, mut events) = (Vec::new(), Vec::new());
    for back in (0..=28_i64).rev() {
        if back % 6 == 3 {
            continue;
        }
        let date = days::add("2026-11-26", -back).unwrap();
        for k in 0..(3 + back % 4) {
            let id = format!("S{back}-{k}");
            let hour = if back == 0 { 9 + k } else { 10 + k };
            let (phone, price) =
                if k % 4 == 0 { ("PH-PRO", 64_900) } else { ("PH", 59_900 + 2_500 * (back % 3)) };
            let mut lines =
                vec![LineRecord { sku: phone.into(), qty: 1, line_total: Money(price), cost: None }];
            let attached = (back + k) % 3 != 0;
            if attached {
                lines.push(LineRecord { sku: "CASE".into(), qty: 1, line_total: Money(2_999), cost: None });
            }
            let total = lines.iter().map(|l| l.line_total).sum();
            records.push(SaleRecord {
                id: id.clone(),
                kind: RowKind::Sale,
                refund_of: None,
                completed_at: format!("{date}T{hour:02}:{:02}:00.000Z", k * 7),
                terminal: "T1".into(),
                staff: if k % 2 == 0 { "ann" } else { "bob" }.into(),
                total,
                tax: Money::ZERO,
                discount: Money::ZERO,
                bundle_savings: Money::ZERO,
                shift: String::new(),
                lines,
            });
            let source = sources[((back + k) % 5) as usize];
            let mut ev = |list, event, sku: &str, source: &str| {
                events.push(EventRecord {
                    cart_id: format!("c{id}"),
                    sale_id: Some(id.clone()),
                    at: format!("{date}T{hour:02}:00:00.000Z"),
                    terminal: "T1".into(),
                    staff: String::new(),
                    list,
                    event,
                    anchor_sku: "PH".into(),
                    sku: sku.into(),
                    source: source.into(),
                    rank: 1,
                    place: crate::suggest::events::Place::Pane,
                })
            };
            ev(ListKind::CrossSell, EventKind::Shown, "CASE", source);
            ev(ListKind::CrossSell, EventKind::Shown, "GLASS", "mined");
            if attached {
                ev(ListKind::CrossSell, EventKind::Added, "CASE", source);
            } else if k % 2 == 1 {
                ev(ListKind::CrossSell, EventKind::Dismissed, "CASE", source);
            }
            ev(ListKind::Upsell, EventKind::Shown, "PH-PRO", "family");
            if phone == "PH-PRO" {
                ev(ListKind::Upsell, EventKind::Swapped, "PH-PRO", "family");
            } else if k % 3 == 1 {
                ev(ListKind::Upsell, EventKind::Dismissed, "PH-PRO", "family");
            }
        }
    }
    let antecedent = vec!["PH".to_string()];
    let rules = [RuleRef {
        antecedent: &antecedent,
        consequent: "GLASS",
        together: Some(40),
        support: 0.04,
        confidence: 0.38,
        lift: 9.5,
    }];
    let mut d =
        build(records, events, &rules, &Query::default(), Now::at("2026-11-26", 15), &|| false).unwrap();
    for (sku, name) in [("PH", "Aurora X5 128 GB"), ("GLASS", "Paneguard Tempered Glass for Aurora X5")] {
        d.names.insert(sku.into(), name.into());
    }
    d
}

/// The selling screen with `d` on its dashboard, approved by a manager.
fn showing(d: Dashboard) -> State {
    let (mut s, _) = shop();
    s.dashboard.scope = Scope::All { approved_by: Some("boss".into()) };
    s.dashboard.load = Load::Ready(Arc::new(d));
    s.overlay = Some(Overlay::Dashboard);
    s
}

#[test]
fn the_dashboard_at_120x40_shows_every_panel() {
    let s = showing(sample());
    let text = draw_text(&s, 120, 40);
    for panel in [
        "Today so far",
        "Sales per hour today, UTC",
        "Average order value by day",
        "Attach rate by day",
        "Suggestions by source",
        "Missed: shown, never offered",
        "Paneguard Tempe",
    ] {
        assert!(text.contains(panel), "{panel}:\n{text}");
    }
    assert!(
        text.contains('⠀') || text.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)),
        "Braille lines"
    );
    insta::assert_snapshot!("dashboard_120x40", text);
}

#[test]
fn the_dashboard_at_80x24_shows_a_page_at_a_time() {
    let mut s = showing(sample());
    let figures = draw_text(&s, 80, 24);
    assert!(figures.contains("Average order value by day") && !figures.contains("Missed"), "{figures}");
    insta::assert_snapshot!("dashboard_80x24_figures", figures);
    let (_, mut w) = shop();
    act(&mut s, &mut w, [Action::NextPane]);
    assert_eq!(s.dashboard.page, Page::Suggestions);
    let suggestions = draw_text(&s, 80, 24);
    assert!(suggestions.contains("Suggestions by source") && suggestions.contains("Missed"), "{suggestions}");
    insta::assert_snapshot!("dashboard_80x24_suggestions", suggestions);
}

#[test]
fn an_empty_history_says_so_instead_of_drawing_empty_charts() {
    let empty =
        build(Vec::new(), Vec::new(), &[], &Query::default(), Now::at("2026-11-26", 9), &|| false).unwrap();
    let text = draw_text(&showing(empty), 120, 40);
    assert!(text.contains("No sales to show") && text.contains("from 2026-10-29 to 2026-11-26"), "{text}");
    assert!(text.contains("Simulated sales are left out: s counts them"), "{text}");
    assert!(!text.contains("Average order value by day"), "{text}");
}

#[test]
fn every_size_renders_without_panic() {
    let full = showing(sample());
    let mut suggestions = full.clone();
    suggestions.dashboard.page = Page::Suggestions;
    let mut loading = full.clone();
    loading.dashboard.load = Load::Loading;
    let mut form = full.clone();
    form.dashboard.manager = Some(Default::default());
    let empty = showing(
        build(Vec::new(), Vec::new(), &[], &Query::default(), Now::at("2026-11-26", 0), &|| false).unwrap(),
    );
    for (i, state) in [full, suggestions, loading, form, empty].iter().enumerate() {
        for width in 1..=200_u16 {
            for height in 1..=60_u16 {
                if i > 0 && width >= 30 && height >= 15 && (width % 7 != 0 && height % 5 != 0) {
                    continue;
                }
                assert_eq!(super::render(state, width, height).area.height, height);
            }
        }
    }
    let small = draw_text(&showing(sample()), 39, 11);
    assert!(small.contains("Enlarge the terminal"), "{small}");
}
