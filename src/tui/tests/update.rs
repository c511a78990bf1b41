//! `update` for every action, on the small shop (tests/data/shop.toml) with a
//! synchronous worker.

use super::{act, shop, status, type_text};
use crate::cart::Origin;
use crate::catalog::ProductIdx;
use crate::money::Money;
use crate::suggest::events::{EventKind, ListKind};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::msg::{Msg, Reply};
use crate::tui::state::{LeftMode, Overlay, Pane, SizeMode, State};
use crate::tui::update::update;
use crate::tui::worker::Worker;

fn skus(state: &State) -> Vec<(String, i64)> {
    state.session.cart.lines.iter().map(|l| (l.sku.clone(), l.qty)).collect()
}

fn cross(state: &State) -> Vec<&str> {
    state.suggest.lists.cross_sell.iter().map(|s| s.sku.as_str()).collect()
}

fn ups(state: &State) -> Vec<&str> {
    state.suggest.lists.upsell.iter().map(|s| s.sku.as_str()).collect()
}

/// The shop with one Aurora X5 128 GB scanned in.
fn with_phone() -> (State, Worker) {
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "2000000000015");
    act(&mut s, &mut w, [Action::Add]);
    (s, w)
}

#[test]
fn add_a_typed_barcode_puts_it_in_the_cart_and_suggestions_follow() {
    let (s, _) = with_phone();
    assert_eq!(skus(&s), vec![("PH-128".to_string(), 1)]);
    assert_eq!(s.session.cart.lines[0].origin, Origin::Scan);
    assert!(s.search.entry.is_empty());
    assert_eq!(s.focus, Pane::Cart);
    assert_eq!(cross(&s).first(), Some(&"CASE-CLR"));
    assert_eq!(ups(&s), vec!["PH-256"]);
}

#[test]
fn add_with_a_quantity_prefix_and_an_exact_sku() {
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "3*ph-128");
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(skus(&s), vec![("PH-128".to_string(), 3)]);
    assert_eq!(s.session.cart.lines[0].origin, Origin::Scan);
}

#[test]
fn add_the_focused_search_result() {
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "tessel");
    assert!(s.search.results.len() >= 3, "{:?}", s.search.results);
    act(&mut s, &mut w, [Action::Down]);
    let want = s.catalog.as_ref().unwrap().product(s.search.results[1]).sku.clone();
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(skus(&s), vec![(want, 1)]);
    assert_eq!(s.session.cart.lines[0].origin, Origin::Search);
}

#[test]
fn enter_adds_a_result_only_once_the_seller_can_see_it() {
    let (mut s, mut w) = shop();
    // Typed and Enter in one burst: the search answer comes after the Enter.
    let mut fx = Vec::new();
    for c in "tessel 65 ".chars() {
        fx.extend(update(&mut s, Action::Type(c)));
    }
    fx.extend(update(&mut s, Action::Add));
    assert!(s.session.cart.is_empty());
    assert!(s.status.as_ref().unwrap().text.contains("Still searching"), "{:?}", s.status);
    let query = fx.iter().rev().find_map(|e| match e {
        Effect::Search { gen_id, query } => Some((*gen_id, query.clone())),
        _ => None,
    });
    let (gen_id, query) = query.unwrap();
    assert_eq!(query, "tessel 65");
    let tv65 = s.catalog.as_ref().unwrap().by_sku("TV-65").unwrap();
    act(&mut s, &mut w, [Reply::SearchDone { gen_id, results: vec![tv65], total: 1, chips: vec![] }]);
    assert!(s.session.cart.is_empty(), "nothing is added the seller has not seen");
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(skus(&s), vec![("TV-65".to_string(), 1)]);
}

#[test]
fn a_number_that_is_no_code_never_adds_a_search_hit() {
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "600");
    assert!(!s.search.results.is_empty(), "600 finds the 600.00 products");
    act(&mut s, &mut w, [Action::Add]);
    assert!(s.session.cart.is_empty());
    assert_eq!(s.status.as_ref().unwrap().text, "No product has the code 600.");
}

#[test]
fn add_refuses_a_bad_check_digit_and_says_so() {
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "2000000000016");
    act(&mut s, &mut w, [Action::Add]);
    assert!(s.session.cart.is_empty());
    let m = s.status.clone().unwrap();
    assert!(m.error && m.text.contains("check digit"), "{m:?}");
    assert_eq!(s.search.entry, "2000000000016", "the code stays to be corrected");
}

#[test]
fn add_refuses_a_product_no_longer_sold() {
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "2000000000084");
    act(&mut s, &mut w, [Action::Add]);
    assert!(s.session.cart.is_empty());
    assert!(status(&s).contains("no longer sold"), "{}", status(&s));
}

#[test]
fn add_the_focused_cross_sell_and_upsell() {
    let (mut s, mut w) = with_phone();
    act(&mut s, &mut w, [Action::NextPane]);
    assert_eq!(s.focus, Pane::CrossSell);
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.session.cart.lines[1].sku, "CASE-CLR");
    assert_eq!(s.session.cart.lines[1].origin, Origin::CrossSell);
    act(&mut s, &mut w, [Action::NextPane, Action::Add]);
    assert_eq!(s.focus, Pane::Upsell);
    assert_eq!(s.session.cart.lines[2].sku, "PH-256");
    assert_eq!(s.session.cart.lines[2].origin, Origin::Upsell);
    let added: Vec<(ListKind, &str)> =
        w.events.iter().filter(|e| e.event == EventKind::Added).map(|e| (e.list, e.sku.as_str())).collect();
    assert_eq!(added, vec![(ListKind::CrossSell, "CASE-CLR"), (ListKind::Upsell, "PH-256")]);
}

#[test]
fn next_and_previous_pane_cycle() {
    let (mut s, mut w) = shop();
    let mut seen = vec![s.focus];
    for _ in 0..4 {
        act(&mut s, &mut w, [Action::NextPane]);
        seen.push(s.focus);
    }
    assert_eq!(seen, vec![Pane::Results, Pane::Cart, Pane::CrossSell, Pane::Upsell, Pane::Results]);
    act(&mut s, &mut w, [Action::PrevPane]);
    assert_eq!(s.focus, Pane::Upsell);
}

#[test]
fn up_down_page_first_last_move_the_selection_and_the_upsell_follows() {
    let (mut s, mut w) = shop();
    act(&mut s, &mut w, [Msg::Resize(140, 20)]);
    type_text(&mut s, &mut w, "x5");
    let n = s.search.results.len();
    assert!(n >= 5, "{n}");
    act(&mut s, &mut w, [Action::Down, Action::Down]);
    assert_eq!(s.search.sel, 2);
    act(&mut s, &mut w, [Action::Up]);
    assert_eq!(s.search.sel, 1);
    act(&mut s, &mut w, [Action::Last]);
    assert_eq!(s.search.sel, n - 1);
    act(&mut s, &mut w, [Action::First]);
    assert_eq!(s.search.sel, 0);
    act(&mut s, &mut w, [Action::PageDown]);
    assert_eq!(s.search.sel, s.page_rows().min(n - 1));
    act(&mut s, &mut w, [Action::PageUp, Action::Up]);
    assert_eq!(s.search.sel, 0);
    assert_eq!(s.suggest.focus, Some(s.search.results[0]));
    // The upgrade options are for the highlighted result.
    let ph128 = s.catalog.as_ref().unwrap().by_sku("PH-128").unwrap();
    let at = s.search.results.iter().position(|&p| p == ph128).unwrap();
    act(&mut s, &mut w, std::iter::repeat_n(Action::Down, at));
    assert_eq!(ups(&s), vec!["PH-256"]);
}

#[test]
fn more_and_fewer_change_the_focused_line_and_zero_removes_it() {
    let (mut s, mut w) = with_phone();
    act(&mut s, &mut w, [Action::More, Action::More]);
    assert_eq!(skus(&s), vec![("PH-128".to_string(), 3)]);
    act(&mut s, &mut w, [Action::Fewer]);
    assert_eq!(s.session.cart.lines[0].qty, 2);
    act(&mut s, &mut w, [Action::Fewer, Action::Fewer]);
    assert!(s.session.cart.is_empty());
    assert!(status(&s).contains("Removed"));
    assert!(s.suggest.lists.cross_sell.is_empty());
}

#[test]
fn remove_takes_the_focused_line_out_only_from_the_cart_pane() {
    let (mut s, mut w) = with_phone();
    act(&mut s, &mut w, [Action::NextPane, Action::Remove]);
    assert_eq!(s.session.cart.lines.len(), 1, "not from the cross-sell pane");
    act(&mut s, &mut w, [Action::PrevPane, Action::Remove]);
    assert!(s.session.cart.is_empty());
}

#[test]
fn swap_replaces_the_line_by_the_upgrade_keeping_the_quantity() {
    let (mut s, mut w) = with_phone();
    act(&mut s, &mut w, [Action::More]);
    act(&mut s, &mut w, [Action::Swap]);
    assert_eq!(skus(&s), vec![("PH-256".to_string(), 2)]);
    assert_eq!(s.session.cart.lines[0].origin, Origin::Upsell);
    assert_eq!(s.session.cart.lines[0].unit_price, Money(70000));
    assert!(
        w.events
            .iter()
            .any(|e| e.event == EventKind::Swapped && e.sku == "PH-256" && e.anchor_sku == "PH-128")
    );
    // The upgrade options now follow the new line.
    assert!(ups(&s).iter().all(|u| *u != "PH-256"));
}

#[test]
fn dismiss_hides_a_suggestion_for_this_cart() {
    let (mut s, mut w) = with_phone();
    act(&mut s, &mut w, [Action::Dismiss]);
    assert!(s.session.cart.dismissed.is_empty(), "only from a suggestion pane");
    act(&mut s, &mut w, [Action::NextPane, Action::Dismiss]);
    assert!(s.session.cart.dismissed.contains("CASE-CLR"));
    assert!(!cross(&s).contains(&"CASE-CLR"));
    assert!(w.events.iter().any(|e| e.event == EventKind::Dismissed && e.sku == "CASE-CLR" && e.rank == 1));
}

#[test]
fn help_opens_and_closes() {
    let (mut s, mut w) = shop();
    act(&mut s, &mut w, [Action::Help]);
    assert_eq!(s.overlay, Some(Overlay::Help { scroll: 0 }));
    act(&mut s, &mut w, [Action::Down]);
    assert_eq!(s.overlay, Some(Overlay::Help { scroll: 1 }));
    act(&mut s, &mut w, [Action::Help]);
    assert_eq!(s.overlay, None);
    act(&mut s, &mut w, [Action::Help, Action::Cancel]);
    assert_eq!(s.overlay, None);
}

#[test]
fn budget_is_parsed_with_the_currency_and_limits_the_upgrades() {
    let (mut s, mut w) = with_phone();
    act(&mut s, &mut w, [Action::Budget]);
    type_text(&mut s, &mut w, "6x0");
    act(&mut s, &mut w, [Action::Add]);
    assert!(matches!(&s.overlay, Some(Overlay::Budget { error: Some(_), .. })), "{:?}", s.overlay);
    act(&mut s, &mut w, [Action::Backspace, Action::Backspace, Action::Type('5'), Action::Type('0')]);
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.overlay, None);
    assert_eq!(s.session.cart.budget, Some(Money(65000)));
    assert!(ups(&s).is_empty(), "PH-256 would take the cart to 700.00");
    act(&mut s, &mut w, [Action::Budget]);
    assert_eq!(s.overlay, Some(Overlay::Budget { input: "650.00".into(), fresh: true, error: None }));
    act(&mut s, &mut w, std::iter::repeat_n(Action::Backspace, 6));
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.session.cart.budget, None);
    assert_eq!(ups(&s), vec!["PH-256"]);
}

#[test]
fn browse_walks_the_categories_and_adds_with_browse_origin() {
    let (mut s, mut w) = shop();
    act(&mut s, &mut w, [Action::Browse]);
    assert_eq!(s.left, LeftMode::Browse);
    let cat = s.catalog.clone().unwrap();
    let names: Vec<&str> = cat.roots().iter().map(|&c| cat.category(c).path.as_str()).collect();
    assert_eq!(names, vec!["Accessories", "Cables", "Phones", "Services", "TVs"]);
    act(&mut s, &mut w, [Action::Down, Action::Down, Action::Add]);
    assert_eq!(s.browse.category, cat.category_by_path("Phones"));
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(skus(&s), vec![("PH-128".to_string(), 1)]);
    assert_eq!(s.session.cart.lines[0].origin, Origin::Browse);
    act(&mut s, &mut w, [Action::Cancel]);
    assert_eq!(s.browse.category, None);
    assert_eq!(s.browse.sel, 2, "back on Phones");
    act(&mut s, &mut w, [Action::Browse]);
    assert_eq!(s.left, LeftMode::Search);
}

#[test]
fn cancel_clears_the_entry_line() {
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "case");
    assert!(!s.search.results.is_empty());
    act(&mut s, &mut w, [Action::Cancel]);
    assert!(s.search.entry.is_empty());
    assert!(s.search.results.is_empty());
}

#[test]
fn quit_asks_first_when_the_cart_holds_something() {
    let (mut s, mut w) = shop();
    act(&mut s, &mut w, [Action::Quit]);
    assert!(s.quit, "an empty cart quits at once");

    let (mut s, mut w) = with_phone();
    act(&mut s, &mut w, [Action::Quit]);
    assert!(!s.quit);
    assert_eq!(s.overlay, Some(Overlay::ConfirmQuit));
    act(&mut s, &mut w, [Action::Cancel]);
    assert!(!s.quit && s.overlay.is_none());
    act(&mut s, &mut w, [Action::Quit, Action::Confirm]);
    assert!(s.quit);
}

#[test]
fn type_searches_and_backspace_widens_again() {
    let (mut s, _) = shop();
    let fx = update(&mut s, Action::Type('c'));
    assert_eq!(fx, vec![Effect::Search { gen_id: s.search.gen_id, query: "c".into() }]);
    assert_eq!(s.focus, Pane::Results);
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "casez");
    assert!(s.search.results.is_empty());
    act(&mut s, &mut w, [Action::Backspace]);
    assert_eq!(s.search.entry, "case");
    assert!(!s.search.results.is_empty());
}

#[test]
fn scan_adds_and_keeps_a_search_typed_before() {
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "case");
    // The scanner's characters reach the entry line before the burst is recognised.
    type_text(&mut s, &mut w, "2000000000015");
    act(&mut s, &mut w, [Action::Scan("2000000000015".into())]);
    assert_eq!(skus(&s), vec![("PH-128".to_string(), 1)]);
    assert_eq!(s.session.cart.lines[0].origin, Origin::Scan);
    assert_eq!(s.search.entry, "case");

    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "2*2000000000022");
    act(&mut s, &mut w, [Action::Scan("2000000000022".into())]);
    assert_eq!(skus(&s), vec![("PH-256".to_string(), 2)]);
    assert!(s.search.entry.is_empty());

    let (mut s, mut w) = shop();
    act(&mut s, &mut w, [Action::Scan("2000000000010".into())]);
    assert!(s.session.cart.is_empty());
    assert!(s.status.as_ref().is_some_and(|m| m.error && m.text.contains("check digit")));
}

#[test]
fn confirm_does_nothing_without_a_question() {
    let (mut s, mut w) = with_phone();
    act(&mut s, &mut w, [Action::Confirm]);
    assert!(!s.quit);
}

#[test]
fn resize_picks_the_layout() {
    let (mut s, mut w) = shop();
    for (size, mode) in [
        ((140, 42), SizeMode::Wide),
        ((100, 30), SizeMode::Medium),
        ((80, 24), SizeMode::Tabs),
        ((30, 10), SizeMode::TooSmall),
    ] {
        act(&mut s, &mut w, [Msg::Resize(size.0, size.1)]);
        assert_eq!(s.size_mode(), mode, "{size:?}");
    }
}

#[test]
fn clock_redraws_only_when_the_text_changes() {
    let (mut s, _) = shop();
    s.dirty = false;
    update(&mut s, Msg::Tick("12:00".into()));
    assert!(!s.dirty);
    update(&mut s, Msg::Tick("12:01".into()));
    assert!(s.dirty);
    assert_eq!(s.clock, "12:01");
}

#[test]
fn catalog_loaded_enables_adding_and_runs_a_search_typed_while_loading() {
    let mut s = super::state_with(crate::tui::keymap::KeyMap::defaults());
    assert!(update(&mut s, Action::Type('x')).is_empty(), "no search before the catalog is there");
    update(&mut s, Action::Add);
    assert!(status(&s).contains("loading"), "{}", status(&s));
    let catalog = super::shop_catalog();
    let fx = update(&mut s, Reply::CatalogLoaded(catalog));
    assert!(s.catalog.is_some());
    assert!(fx.iter().any(|e| matches!(e, Effect::Search { query, .. } if query == "x")));
}

#[test]
fn stale_search_results_are_dropped() {
    let (mut s, _) = shop();
    update(&mut s, Action::Type('c'));
    let old = s.search.gen_id;
    update(&mut s, Action::Type('a'));
    s.dirty = false;
    update(
        &mut s,
        Reply::SearchDone {
            gen_id: old,
            results: [1, 2, 3].map(ProductIdx::from).to_vec(),
            total: 3,
            chips: vec![],
        },
    );
    assert!(s.search.results.is_empty());
    assert!(!s.dirty, "nothing to redraw");
    let current = s.search.gen_id;
    update(
        &mut s,
        Reply::SearchDone { gen_id: current, results: vec![ProductIdx::from(3)], total: 1, chips: vec![] },
    );
    assert_eq!(s.search.results, vec![ProductIdx::from(3)]);
}

#[test]
fn stale_suggestions_are_dropped() {
    let (mut s, mut w) = with_phone();
    let current = s.suggest.lists.clone();
    s.dirty = false;
    let gen_id = s.suggest.gen_id;
    update(&mut s, Reply::Suggested { gen_id: gen_id - 1, suggestions: Default::default() });
    assert_eq!(s.suggest.lists, current);
    assert!(!s.dirty);
    act(&mut s, &mut w, [Reply::Suggested { gen_id, suggestions: Default::default() }]);
    assert!(s.suggest.lists.cross_sell.is_empty());
}

#[test]
fn store_failed_shows_the_message() {
    let mut s = super::state_with(crate::tui::keymap::KeyMap::defaults());
    update(&mut s, Reply::StoreFailed("disk on fire".into()));
    assert_eq!(s.load_error.as_deref(), Some("disk on fire"));
    assert!(s.status.as_ref().is_some_and(|m| m.error));
    assert!(super::draw_text(&s, 140, 42).contains("disk on fire"));
}

#[test]
fn every_suggestion_shown_is_recorded_once_per_cart() {
    let (mut s, mut w) = with_phone();
    let shown = |w: &Worker| w.events.iter().filter(|e| e.event == EventKind::Shown).count();
    let first = shown(&w);
    let mut keys: Vec<_> = w
        .events
        .iter()
        .filter(|e| e.event == EventKind::Shown)
        .map(|e| (e.list, e.anchor_sku.clone(), e.sku.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), first, "no suggestion is recorded as shown twice");
    for x in &s.suggest.lists.cross_sell {
        assert!(keys.contains(&(ListKind::CrossSell, x.for_sku.clone(), x.sku.clone())), "{}", x.sku);
    }
    for u in &s.suggest.lists.upsell {
        assert!(keys.contains(&(ListKind::Upsell, u.for_sku.clone(), u.sku.clone())), "{}", u.sku);
    }
    let e = w.events.iter().find(|e| e.sku == "CASE-CLR").unwrap();
    assert_eq!(
        (e.cart_id.as_str(), e.list, e.anchor_sku.as_str(), e.rank),
        ("T1-test", ListKind::CrossSell, "PH-128", 1)
    );
    // Moving around shows the same lists again: nothing new is recorded.
    act(&mut s, &mut w, [Action::NextPane, Action::PrevPane]);
    assert_eq!(shown(&w), first);
    assert!(s.suggest.pending.is_empty(), "handed to the worker");
}
