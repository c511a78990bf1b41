//! Keys → actions: the key-name parser, the default keymap, printable keys
//! acting as commands only when the entry line is empty, overlays, scanner
//! bursts, and keymap errors that name the file and the key.

use std::time::{Duration, Instant};

use crate::config::{Config, DEFAULT_TOML};
use crate::tui::action::Action;
use crate::tui::input_msg;
use crate::tui::keymap::{Key, KeyMap};
use crate::tui::msg::Msg;
use crate::tui::scanner::Scanner;
use crate::tui::state::{Overlay, Pane};
use crate::tui::update::key_action;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The key action of a terminal event, if it is one.
fn input_action(
    state: &crate::tui::state::State,
    scanner: &mut Scanner,
    event: Event,
    at: Instant,
    mouse: bool,
) -> Option<Action> {
    match input_msg(state, scanner, event, at, mouse)? {
        Msg::Key(action) => Some(action),
        other => panic!("not a key: {other:?}"),
    }
}

fn name(a: &Option<Action>) -> String {
    match a {
        None => "-".into(),
        Some(Action::Type(c)) => format!("type {c}"),
        Some(Action::Backspace) => "backspace".into(),
        Some(Action::Confirm) => "confirm".into(),
        Some(Action::Scan(code)) => format!("scan {code}"),
        Some(a) => a.name().unwrap_or("?").to_string(),
    }
}

#[test]
fn key_names_parse() {
    let table: &[(&str, Key)] = &[
        ("Enter", Key::plain(KeyCode::Enter)),
        ("enter", Key::plain(KeyCode::Enter)),
        ("Tab", Key::plain(KeyCode::Tab)),
        ("BackTab", Key::plain(KeyCode::BackTab)),
        ("Shift-Tab", Key::plain(KeyCode::BackTab)),
        ("Esc", Key::plain(KeyCode::Esc)),
        ("Up", Key::plain(KeyCode::Up)),
        ("Down", Key::plain(KeyCode::Down)),
        ("Left", Key::plain(KeyCode::Left)),
        ("Right", Key::plain(KeyCode::Right)),
        ("PgUp", Key::plain(KeyCode::PageUp)),
        ("PgDn", Key::plain(KeyCode::PageDown)),
        ("Home", Key::plain(KeyCode::Home)),
        ("End", Key::plain(KeyCode::End)),
        ("Delete", Key::plain(KeyCode::Delete)),
        ("Backspace", Key::plain(KeyCode::Backspace)),
        ("F1", Key::plain(KeyCode::F(1))),
        ("F12", Key::plain(KeyCode::F(12))),
        ("Ctrl-c", Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        ("ctrl-C", Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        ("Alt-x", Key::new(KeyCode::Char('x'), KeyModifiers::ALT)),
        ("Alt-1", Key::new(KeyCode::Char('1'), KeyModifiers::ALT)),
        ("+", Key::plain(KeyCode::Char('+'))),
        ("-", Key::plain(KeyCode::Char('-'))),
        ("?", Key::plain(KeyCode::Char('?'))),
        ("k", Key::plain(KeyCode::Char('k'))),
        ("K", Key::plain(KeyCode::Char('K'))),
        ("é", Key::plain(KeyCode::Char('é'))),
    ];
    for (text, key) in table {
        assert_eq!(Key::parse(text), Some(*key), "{text}");
    }
    for bad in ["", "F13", "F0", "Enterr", "Ctrl-", "Hyper-x", "Shift-Up", "ab"] {
        assert_eq!(Key::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn terminal_events_normalise_like_key_names() {
    let ev = |code, mods| Key::from_event(&KeyEvent::new(code, mods));
    assert_eq!(
        ev(KeyCode::Char('C'), KeyModifiers::CONTROL | KeyModifiers::SHIFT),
        Key::parse("Ctrl-c").unwrap()
    );
    assert_eq!(ev(KeyCode::BackTab, KeyModifiers::SHIFT), Key::parse("BackTab").unwrap());
    assert_eq!(ev(KeyCode::Char('?'), KeyModifiers::SHIFT), Key::parse("?").unwrap());
    assert_eq!(ev(KeyCode::Char('K'), KeyModifiers::SHIFT), Key::parse("K").unwrap());
}

#[test]
fn every_default_key_maps_to_its_action() {
    let mut state = super::state_with(KeyMap::defaults());
    // (key, action) with the cart in focus and an empty entry line.
    state.focus = Pane::Cart;
    let table: &[(&str, &str)] = &[
        ("Enter", "add"),
        ("Tab", "next_pane"),
        ("BackTab", "prev_pane"),
        ("Up", "up"),
        ("k", "type k"),
        ("Down", "down"),
        ("j", "type j"),
        ("PgUp", "page_up"),
        ("PgDn", "page_down"),
        ("Home", "first"),
        ("End", "last"),
        ("+", "more"),
        ("-", "fewer"),
        ("Delete", "remove"),
        ("F6", "swap"),
        ("F8", "dismiss"),
        ("F1", "help"),
        ("?", "help"),
        ("F2", "budget"),
        ("F3", "browse"),
        ("F4", "park"),
        ("F12", "checkout"),
        ("Esc", "cancel"),
        ("Ctrl-c", "quit"),
        ("a", "type a"),
        ("7", "type 7"),
        ("Backspace", "backspace"),
        ("F5", "dashboard"),
        ("F9", "shift"),
        ("F10", "customer"),
        ("Ctrl-r", "receipts"),
        ("F11", "return_sale"),
        ("Ctrl-t", "return_sale"),
        ("Ctrl-p", "reprint"),
        ("Alt-1", "add_suggestion_1"),
        ("Alt-2", "add_suggestion_2"),
        ("Alt-3", "add_suggestion_3"),
        ("Alt-4", "add_suggestion_4"),
        ("Alt-5", "add_suggestion_5"),
        ("Alt-6", "add_upgrade_1"),
        ("Alt-7", "add_upgrade_2"),
        ("Alt-8", "add_upgrade_3"),
        ("Alt-9", "-"),
        ("Ctrl-k", "mark"),
        ("Ctrl-o", "compare"),
    ];
    for (key, want) in table {
        let got = key_action(&state, Key::parse(key).unwrap());
        assert_eq!(name(&got), *want, "key {key}");
    }
}

#[test]
fn every_configured_action_has_a_variant_and_a_binding() {
    let keys: toml::Table = DEFAULT_TOML.parse::<toml::Table>().unwrap()["keys"].as_table().unwrap().clone();
    let map = KeyMap::defaults();
    for (action, _) in &keys {
        let a = Action::named(action).unwrap_or_else(|| panic!("[keys] {action} has no Action"));
        assert_eq!(a.name(), Some(action.as_str()));
        assert!(!map.keys_of(action).is_empty(), "{action} is unbound");
    }
    assert_eq!(keys.len(), Action::BINDABLE.len(), "every bindable action is in config.toml");
}

#[test]
fn printable_keys_type_once_the_entry_line_has_text() {
    let mut state = super::state_with(KeyMap::defaults());
    state.search.entry = "cas".into();
    let table: &[(&str, &str)] = &[
        ("j", "type j"),
        ("k", "type k"),
        ("?", "type ?"),
        ("+", "type +"),
        ("-", "type -"),
        ("*", "type *"),
    ];
    for (key, want) in table {
        assert_eq!(name(&key_action(&state, Key::parse(key).unwrap())), *want, "key {key}");
    }
    // Non-printable keys still act.
    assert_eq!(name(&key_action(&state, Key::parse("Down").unwrap())), "down");
    assert_eq!(name(&key_action(&state, Key::parse("F1").unwrap())), "help");
}

#[test]
fn everything_typed_into_the_search_is_text_and_letters_are_text_everywhere() {
    let mut state = super::state_with(KeyMap::defaults());
    // The search has focus: "keyboard", "usb-c", "3+1?" all type.
    assert_eq!(state.focus, Pane::Results);
    for c in "keyboard usb-c 3+1?*".chars() {
        let key = Key::parse(&c.to_string()).unwrap_or(Key::parse("Space").unwrap());
        assert_eq!(name(&key_action(&state, key)), format!("type {c}"), "key {c:?}");
    }
    // From the cart or a suggestion, letters and digits start a search; + - ? act.
    for pane in [Pane::Cart, Pane::CrossSell, Pane::Upsell] {
        state.focus = pane;
        for (key, want) in
            [("k", "type k"), ("j", "type j"), ("7", "type 7"), ("+", "more"), ("-", "fewer"), ("?", "help")]
        {
            assert_eq!(name(&key_action(&state, Key::parse(key).unwrap())), want, "key {key} in {pane:?}");
        }
    }
    // Once the entry holds text, every printable key is text wherever the focus is.
    state.search.entry = "usb".into();
    assert_eq!(name(&key_action(&state, Key::parse("-").unwrap())), "type -");
}

#[test]
fn overlays_change_what_keys_do() {
    let mut state = super::state_with(KeyMap::defaults());
    state.overlay = Some(Overlay::ConfirmQuit);
    for (key, want) in
        [("y", "confirm"), ("Y", "confirm"), ("n", "cancel"), ("Enter", "cancel"), ("Ctrl-c", "cancel")]
    {
        assert_eq!(name(&key_action(&state, Key::parse(key).unwrap())), want, "key {key}");
    }
    state.overlay = Some(Overlay::Budget { input: String::new(), fresh: false, error: None });
    for (key, want) in [("1", "type 1"), ("j", "type j"), ("Enter", "add"), ("Esc", "cancel")] {
        assert_eq!(name(&key_action(&state, Key::parse(key).unwrap())), want, "key {key}");
    }
    state.overlay = Some(Overlay::Help { scroll: 0 });
    for (key, want) in [("?", "help"), ("Down", "down"), ("Esc", "cancel")] {
        assert_eq!(name(&key_action(&state, Key::parse(key).unwrap())), want, "key {key}");
    }
}

#[test]
fn the_last_chance_keys_add_only_in_the_payment_window_and_type_everywhere_else() {
    let mut state = super::state_with(KeyMap::defaults());
    state.focus = Pane::Cart;
    let of = |state: &crate::tui::state::State, key: &str| name(&key_action(state, Key::parse(key).unwrap()));
    assert_eq!((of(&state, "a"), of(&state, "b")), ("type a".into(), "type b".into()));
    // The dashboard's own `a` (everyone's figures) and a manager's id typed for a discount stay text.
    for overlay in [Overlay::Dashboard, Overlay::Help { scroll: 0 }, Overlay::Park { carts: None, sel: 0 }] {
        state.overlay = Some(overlay);
        assert_eq!(
            (of(&state, "a"), of(&state, "b")),
            ("type a".into(), "type b".into()),
            "{:?}",
            state.overlay
        );
    }
    state.overlay = Some(Overlay::Checkout(crate::tui::state::CheckoutForm::new()));
    for (key, want) in [
        ("a", "checkout_add_1"),
        ("b", "checkout_add_2"),
        ("c", "type c"),
        ("7", "type 7"),
        (".", "type ."),
        (",", "type ,"),
        ("Enter", "add"),
        ("Tab", "next_pane"),
        ("Esc", "cancel"),
    ] {
        assert_eq!(of(&state, key), want, "key {key} in the payment window");
    }
}

#[test]
fn a_last_chance_key_that_would_type_the_amount_is_refused() {
    for key in ["5", ".", ","] {
        let (e, file) = keymap_error(&format!("[keys]\ncheckout_add_2 = [\"{key}\"]\n"));
        assert!(e.starts_with(&format!("{file}: ")), "{e}");
        assert!(e.contains(&format!("`keys.checkout_add_2`: `{key}` types the amount")), "{e}");
    }
    let map = KeyMap::from_table(&"checkout_add_1 = [\"F10\"]".parse().unwrap(), "my.toml").unwrap();
    let mut state = super::state_with(map);
    // Bound to a function key it adds in the payment window and does nothing elsewhere.
    assert_eq!(name(&key_action(&state, Key::parse("F10").unwrap())), "-");
    state.overlay = Some(Overlay::Checkout(crate::tui::state::CheckoutForm::new()));
    assert_eq!(name(&key_action(&state, Key::parse("F10").unwrap())), "checkout_add_1");
}

#[test]
fn remapped_keys_follow_the_user_file() {
    let config = Config::from_str(
        "[keys]\nadd = [\"Enter\", \"Alt-a\"]\nhelp = [\"F11\"]\nreturn_sale = [\"Ctrl-t\"]\n",
        "my.toml",
        None,
    )
    .unwrap();
    let map = KeyMap::from_config(&config).unwrap();
    let state = super::state_with(map);
    assert_eq!(name(&key_action(&state, Key::parse("Alt-a").unwrap())), "add");
    assert_eq!(name(&key_action(&state, Key::parse("F11").unwrap())), "help");
    assert_eq!(name(&key_action(&state, Key::parse("F1").unwrap())), "-");
    assert_eq!(name(&key_action(&state, Key::parse("?").unwrap())), "type ?");
    assert!(state.keymap.help_lines().iter().any(|(k, d)| k == "F11" && d == "Show the keys"));
    assert!(!state.keymap.help_lines().iter().any(|(k, _)| k.contains("F1,")));
}

/// The keymap error for a user config file holding `text`, and the file's path.
fn keymap_error(text: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my.toml");
    std::fs::write(&path, text).unwrap();
    let config = Config::from_file(&path).unwrap();
    (KeyMap::from_config(&config).unwrap_err().to_string(), path.display().to_string())
}

#[test]
fn a_bad_key_name_names_the_file_and_the_key() {
    let (e, file) = keymap_error("[keys]\nswap = [\"F66\"]\n");
    assert!(e.starts_with(&format!("{file}: ")), "{e}");
    assert!(e.contains("keys.swap") && e.contains("`F66` is not a key name"), "{e}");
}

#[test]
fn a_key_bound_twice_names_the_file_the_key_and_both_actions() {
    let (e, file) = keymap_error("[keys]\nbudget = [\"F1\"]\n");
    assert!(e.starts_with(&format!("{file}: ")), "{e}");
    assert!(e.contains("`F1` is bound twice") && e.contains("keys.budget") && e.contains("keys.help"), "{e}");
    let (e, _) = keymap_error("[keys]\nswap = [\"F6\", \"F6\"]\n");
    assert!(e.contains("`F6` is listed twice"), "{e}");
}

#[test]
fn help_is_generated_from_the_keymap() {
    let lines = KeyMap::defaults().help_lines();
    for (_, action) in Action::BINDABLE {
        assert!(lines.iter().any(|(_, d)| d == action.description()), "{} missing", action.name().unwrap());
    }
    assert!(lines.iter().any(|(k, d)| k == "F1, ?" && d == "Show the keys"));
    assert!(lines.iter().any(|(k, _)| k == "F6"));
}

#[test]
fn a_scanner_burst_is_a_scan_even_while_results_show() {
    let (mut state, mut worker) = super::shop();
    super::type_text(&mut state, &mut worker, "case");
    assert!(!state.search.results.is_empty());
    let config = Config::defaults();
    let mut scanner = Scanner::from_config(&config.scanner, "built-in").unwrap();
    let t0 = Instant::now();
    let press = |c: KeyCode| Event::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut got = Vec::new();
    for (i, c) in "2000000000015".chars().enumerate() {
        let at = t0 + Duration::from_millis(3 * i as u64);
        got.push(name(&input_action(&state, &mut scanner, press(KeyCode::Char(c)), at, false)));
    }
    let end =
        input_action(&state, &mut scanner, press(KeyCode::Enter), t0 + Duration::from_millis(40), false);
    assert_eq!(got[0], "type 2");
    assert_eq!(name(&end), "scan 2000000000015");
    // Typed by hand, the same keys end in a plain Enter.
    let mut t = t0 + Duration::from_secs(5);
    for c in "2000000000015".chars() {
        t += Duration::from_millis(150);
        input_action(&state, &mut scanner, press(KeyCode::Char(c)), t, false);
    }
    let end =
        input_action(&state, &mut scanner, press(KeyCode::Enter), t + Duration::from_millis(150), false);
    assert_eq!(name(&end), "add");
}

#[test]
fn key_releases_are_ignored() {
    let state = super::state_with(KeyMap::defaults());
    let mut scanner = Scanner::from_config(&Config::defaults().scanner, "x").unwrap();
    let mut release = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert!(input_action(&state, &mut scanner, Event::Key(release), Instant::now(), false).is_none());
    let press = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(name(&input_action(&state, &mut scanner, Event::Key(press), Instant::now(), false)), "add");
}
