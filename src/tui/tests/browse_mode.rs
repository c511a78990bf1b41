//! `counterpart browse` through `update` and the worker: search, details,
//! both suggestion lists for the product in focus and compare work; the keys
//! that would change a cart, take a payment or reach the till's records say
//! so and ask the worker for no write at all.

use std::collections::VecDeque;
use std::sync::Arc;

use super::{draw_text, shop_catalog, status};
use crate::config::{Config, Theme};
use crate::tui::action::Action;
use crate::tui::browse_mode::browse_state;
use crate::tui::effect::Effect;
use crate::tui::keymap::{Key, KeyMap};
use crate::tui::msg::{Msg, Reply};
use crate::tui::state::{Overlay, Pane, Settings, State};
use crate::tui::update::{key_action, update};
use crate::tui::worker::Worker;

/// A browsing screen over the shop, at 140×42, and every effect it asked for.
struct Browsing {
    s: State,
    w: Worker,
    asked: Vec<Effect>,
}

impl Browsing {
    fn new() -> Browsing {
        let config = Config::defaults();
        let catalog = shop_catalog();
        let w =
            Worker::with_catalog(Arc::clone(&catalog), config.suggestions.clone(), Arc::clone(&config.shop));
        let s = browse_state(Settings::new(Arc::clone(&config.shop), Theme::Default), KeyMap::defaults());
        let mut b = Browsing { s, w, asked: Vec::new() };
        b.send(Msg::Resize(140, 42));
        b.send(Msg::Reply(Reply::CatalogLoaded(catalog)));
        b
    }

    /// Runs a message and what it causes through `update` and the worker, keeping the effects.
    fn send(&mut self, msg: Msg) {
        let mut queue = VecDeque::from([msg]);
        while let Some(msg) = queue.pop_front() {
            let effects = update(&mut self.s, msg);
            self.asked.extend(effects.iter().cloned());
            self.w.answer(effects, |reply| {
                queue.push_back(Msg::Reply(reply));
                true
            });
        }
    }

    fn press(&mut self, key: &str) {
        if let Some(action) = key_action(&self.s, Key::parse(key).unwrap()) {
            self.send(Msg::Key(action));
        }
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(Msg::Key(Action::Type(c)));
        }
    }
}

/// Whether an effect writes to the database (or the till's records).
fn writes(e: &Effect) -> bool {
    matches!(
        e,
        Effect::SaveCart { .. }
            | Effect::Park { .. }
            | Effect::Recall { .. }
            | Effect::Commit(_)
            | Effect::RecordEvents(_)
            | Effect::OpenShift { .. }
            | Effect::CloseShift { .. }
            | Effect::SignIn { .. }
            | Effect::Approve { .. }
            | Effect::ScoreTraining { .. }
            | Effect::CardScanned { .. }
            | Effect::LoadCustomer { .. }
            | Effect::Refund { .. }
    )
}

#[test]
fn browsing_shows_results_details_and_both_lists_for_the_product_in_focus() {
    let mut b = Browsing::new();
    b.type_text("PH-128");
    assert!(!b.s.search.results.is_empty());
    assert!(!b.s.suggest.lists.cross_sell.is_empty(), "what goes with the highlighted phone");
    assert!(!b.s.suggest.lists.upsell.is_empty(), "its upgrades");
    let screen = draw_text(&b.s, 140, 42);
    assert!(screen.contains("BROWSE") && screen.contains("Browse — read-only"), "{screen}");
    assert!(!screen.contains("Total"), "no cart total: {screen}");
    assert!(screen.contains("Alt-1"), "{screen}");
    // Tab skips the cart: there is none.
    b.press("Tab");
    assert_eq!(b.s.focus, Pane::CrossSell);
}

#[test]
fn the_keys_that_would_write_do_nothing_but_say_so() {
    let mut b = Browsing::new();
    b.type_text("PH-128");
    for key in
        ["Enter", "Alt-1", "Alt-6", "F12", "F4", "F9", "F10", "F5", "F2", "F7", "Ctrl-r", "F11", "Ctrl-t"]
    {
        b.press(key);
        assert!(b.s.overlay.is_none(), "{key} opened {:?}", b.s.overlay);
        assert!(status(&b.s).starts_with("Browse — read-only"), "{key}: {}", status(&b.s));
    }
    b.press("Tab");
    for key in ["Enter", "F8", "F6", "Delete"] {
        b.press(key);
        assert!(status(&b.s).starts_with("Browse — read-only"), "{key}: {}", status(&b.s));
    }
    // A scan (its digits typed first, as the scanner's are) shows the product instead of adding it.
    b.press("Esc");
    b.type_text("2000000000015");
    b.send(Msg::Key(Action::Scan("2000000000015".into())));
    assert!(b.s.session.cart.is_empty());
    let found = b.s.search.results.first().map(|&p| b.s.catalog.as_ref().unwrap().product(p).sku.clone());
    assert_eq!(found.as_deref(), Some("PH-128"));
    // Compare works, and adds nothing from its window.
    b.press("Esc");
    b.type_text("PH-");
    b.press("Ctrl-k");
    b.press("Down");
    b.press("Ctrl-k");
    b.press("Ctrl-o");
    assert!(matches!(b.s.overlay, Some(Overlay::Compare { .. })), "{}", status(&b.s));
    b.press("1");
    b.press("Enter");
    assert!(status(&b.s).starts_with("Browse — read-only"), "{}", status(&b.s));
    b.press("Esc");
    assert!(b.s.session.cart.is_empty());
    assert!(b.w.events.is_empty(), "no suggestion event");
    let written: Vec<&Effect> = b.asked.iter().filter(|e| writes(e)).collect();
    assert!(written.is_empty(), "{written:?}");
    assert!(b.asked.iter().any(|e| matches!(e, Effect::Suggest { .. })), "it did ask for suggestions");
}
