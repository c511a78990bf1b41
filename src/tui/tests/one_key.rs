//! One key per suggestion: Alt-1..Alt-5 add "Goes well with" #1–#5 and
//! Alt-6..Alt-8 "Upgrade options" #1–#3 exactly as Enter on the row would
//! (cart origin, suggestion events), whatever the entry line holds; an empty
//! slot adds nothing; digits typed and barcodes scanned stay text and scans.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::{act, shop, status, type_text};
use crate::cart::Origin;
use crate::suggest::events::{EventKind, ListKind, SuggestionEvent};
use crate::tui::action::Action;
use crate::tui::input_msg;
use crate::tui::keymap::Key;
use crate::tui::msg::Msg;
use crate::tui::scanner::Scanner;
use crate::tui::state::{Overlay, Pane, State};
use crate::tui::testing::settle;
use crate::tui::update::key_action;
use crate::tui::worker::Worker;

/// The shop with the phone in the cart (its suggestions listed), focus on the cart.
fn with_phone() -> (State, Worker) {
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "2000000000015");
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.focus, Pane::Cart);
    (s, w)
}

/// Presses a key by name through the keymap, as the screen does.
fn press(s: &mut State, w: &mut Worker, name: &str) {
    let action = key_action(s, Key::parse(name).unwrap()).unwrap_or_else(|| panic!("{name} does nothing"));
    settle(s, w, action);
}

/// The events recorded for the cart other than showings.
fn taken(w: &Worker) -> Vec<SuggestionEvent> {
    w.events.iter().filter(|e| e.event != EventKind::Shown).cloned().collect()
}

/// Enter on row `i` of a suggestion pane: focus it, move down, add.
fn enter_on(s: &mut State, w: &mut Worker, pane: Pane, i: usize) {
    while s.focus != pane {
        act(s, w, [Action::NextPane]);
    }
    act(s, w, [Action::First]);
    act(s, w, std::iter::repeat_n(Action::Down, i));
    act(s, w, [Action::Add]);
}

#[test]
fn each_alt_digit_adds_its_suggestion_exactly_as_enter_on_it() {
    let (s, _) = with_phone();
    let cross: Vec<String> = s.suggest.lists.cross_sell.iter().map(|c| c.sku.clone()).collect();
    let ups: Vec<String> = s.suggest.lists.upsell.iter().map(|u| u.sku.clone()).collect();
    assert!(cross.len() >= 3 && !ups.is_empty(), "the shop lists enough: {cross:?} {ups:?}");
    let slots = (0..5.min(cross.len())).map(|i| (format!("Alt-{}", i + 1), Pane::CrossSell, i, &cross[i]));
    let up_slots = (0..3.min(ups.len())).map(|i| (format!("Alt-{}", i + 6), Pane::Upsell, i, &ups[i]));
    for (key, pane, i, sku) in slots.chain(up_slots) {
        let (mut by_key, mut wk) = with_phone();
        press(&mut by_key, &mut wk, &key);
        let (mut by_enter, mut we) = with_phone();
        enter_on(&mut by_enter, &mut we, pane, i);
        let line = &by_key.session.cart.lines[1];
        assert_eq!(&line.sku, sku, "{key}");
        let origin = if pane == Pane::Upsell { Origin::Upsell } else { Origin::CrossSell };
        assert_eq!(line.origin, origin, "{key}");
        assert_eq!(by_key.session.cart.lines, by_enter.session.cart.lines, "{key}: the same cart as Enter");
        let (k, e) = (taken(&wk), taken(&we));
        assert_eq!(k, e, "{key}: the same events as Enter");
        let list = if pane == Pane::Upsell { ListKind::Upsell } else { ListKind::CrossSell };
        assert_eq!(
            k.iter().map(|e| (e.list, e.event, e.sku.as_str(), e.rank)).collect::<Vec<_>>(),
            [(list, EventKind::Added, sku.as_str(), i + 1)],
            "{key}"
        );
        assert!(status(&by_key).starts_with("Added 1 ×"), "{key}: {}", status(&by_key));
    }
}

#[test]
fn a_key_whose_slot_is_empty_adds_nothing_and_says_so() {
    let (mut s, mut w) = with_phone();
    let ups = s.suggest.lists.upsell.len();
    assert!(ups < 3, "the phone has fewer than three upgrades");
    let before = s.session.cart.clone();
    press(&mut s, &mut w, &format!("Alt-{}", 6 + ups));
    assert_eq!(s.session.cart, before);
    assert_eq!(status(&s), format!("No suggestion {} in Upgrade options: nothing added.", ups + 1));
    assert!(taken(&w).is_empty());
    // With nothing in the cart, nothing is suggested: Alt-1 adds nothing either.
    let (mut empty, mut w) = shop();
    press(&mut empty, &mut w, "Alt-1");
    assert!(empty.session.cart.is_empty());
    assert_eq!(status(&empty), "No suggestion 1 in Goes well with: nothing added.");
}

#[test]
fn the_keys_add_while_the_entry_line_holds_text_and_leave_it_alone() {
    let (mut s, mut w) = with_phone();
    type_text(&mut s, &mut w, "123");
    assert_eq!(s.search.entry, "123");
    let first = s.suggest.lists.cross_sell[0].sku.clone();
    press(&mut s, &mut w, "Alt-1");
    assert_eq!(s.session.cart.lines[1].sku, first);
    assert_eq!(s.search.entry, "123", "the entry line keeps what was typed");
}

/// The action of a terminal key event pressed at `at`, through the scanner and the keymap.
fn input(s: &State, scanner: &mut Scanner, code: KeyCode, mods: KeyModifiers, at: Instant) -> Option<Action> {
    match input_msg(s, scanner, Event::Key(KeyEvent::new(code, mods)), at, false)? {
        Msg::Key(action) => Some(action),
        other => panic!("not a key: {other:?}"),
    }
}

#[test]
fn alt_digits_are_never_text_or_part_of_a_scan_and_typed_digits_stay_text() {
    let (mut s, mut w) = with_phone();
    let config = crate::config::Config::defaults();
    let mut scanner = Scanner::from_config(&config.scanner, "built-in").unwrap();
    let t0 = Instant::now();
    // "123" typed by hand is text, in the results and on the cart alike.
    let mut t = t0;
    for c in "123".chars() {
        t += Duration::from_millis(150);
        let msg = input(&s, &mut scanner, KeyCode::Char(c), KeyModifiers::NONE, t).unwrap();
        assert_eq!(msg, Action::Type(c));
        settle(&mut s, &mut w, msg);
    }
    assert_eq!(s.search.entry, "123");
    // Alt-1 (what xterm, tmux and the Linux console send as Esc 1) is its action, never a character.
    for (i, c) in "12345678".chars().enumerate() {
        let msg = input(&s, &mut scanner, KeyCode::Char(c), KeyModifiers::ALT, t).unwrap();
        let want = if i < 5 { Action::AddSuggestion(i) } else { Action::AddUpgrade(i - 5) };
        assert_eq!(msg, want);
    }
    // An Alt-digit arriving in a scanner burst is no part of it: it breaks the burst (what
    // follows it is too short for a code), so nothing is scanned.
    let mut t = t0 + Duration::from_secs(10);
    for (i, c) in "2000000000015".chars().enumerate() {
        t += Duration::from_millis(3);
        let mods = if i == 6 { KeyModifiers::ALT } else { KeyModifiers::NONE };
        input(&s, &mut scanner, KeyCode::Char(c), mods, t);
    }
    let end = input(&s, &mut scanner, KeyCode::Enter, KeyModifiers::NONE, t + Duration::from_millis(3));
    assert!(!matches!(end, Some(Action::Scan(_))), "{end:?}");
    // A clean burst is still a scan, and adds the product.
    let lines = s.session.cart.lines.len();
    let mut t = t0 + Duration::from_secs(20);
    for c in "2000000000022".chars() {
        t += Duration::from_millis(3);
        let msg = input(&s, &mut scanner, KeyCode::Char(c), KeyModifiers::NONE, t).unwrap();
        settle(&mut s, &mut w, msg);
    }
    let end =
        input(&s, &mut scanner, KeyCode::Enter, KeyModifiers::NONE, t + Duration::from_millis(3)).unwrap();
    assert_eq!(end, Action::Scan("2000000000022".into()));
    settle(&mut s, &mut w, end);
    assert_eq!(s.session.cart.lines.len(), lines + 1, "{}", status(&s));
    assert_eq!(s.search.entry, "123", "the scan's digits left the entry line; what was typed stays");
}

#[test]
fn in_training_the_key_makes_the_same_offer_as_enter_on_the_suggestion() {
    let start = || {
        let (mut s, mut w) = super::training::priya(5);
        type_text(&mut s, &mut w, "PH-VEY-L5-64");
        act(&mut s, &mut w, [Action::Add]);
        assert!(s.overlay.is_none() && !s.suggest.lists.cross_sell.is_empty());
        (s, w)
    };
    let (mut by_key, mut wk) = start();
    press(&mut by_key, &mut wk, "Alt-1");
    let (mut by_enter, mut we) = start();
    enter_on(&mut by_enter, &mut we, Pane::CrossSell, 0);
    assert!(matches!(by_key.overlay, Some(Overlay::Offer { .. })), "{:?}", by_key.overlay);
    assert_eq!(by_key.overlay, by_enter.overlay);
    assert_eq!(by_key.session.cart.lines, by_enter.session.cart.lines);
}
