//! Training on the selling screen, through the real keymap, `update`, worker
//! and view: the banner and the customer's opening line, offers answered
//! with a talking point, a declined offer leaving the cart, objections at
//! checkout, the TRAINING receipt and the scorecard; and the keys a real
//! till has that training refuses (park) or changes (quit keeps nothing).

use std::sync::Arc;

use super::{act, draw_text, status, typed};
use crate::catalog::Catalog;
use crate::config::{Config, Theme};
use crate::money::Currency;
use crate::training::scenario;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::KeyMap;
use crate::tui::msg::{Msg, Reply};
use crate::tui::state::{Overlay, Pane, Settings, State};
use crate::tui::testing::settle;
use crate::tui::train::training_state;
use crate::tui::worker::Worker;

/// The first-phone scenario on the demo store, with a worker over the catalog in memory.
pub(super) fn priya(seed: u64) -> (State, Worker) {
    let usd = Currency::usd();
    let catalog = Arc::new(Catalog::from_doc(&crate::demo::catalog(&usd).unwrap()));
    let config = Config::defaults();
    let scenario = scenario::builtin(&catalog, &usd)
        .unwrap()
        .into_iter()
        .find(|s| s.id == "first-phone-budget")
        .unwrap();
    let settings = Settings::new(Arc::clone(&config.shop), Theme::Default);
    let mut state = training_state(settings, KeyMap::defaults(), scenario, "sam", seed);
    state.clock = "12:00".into();
    let mut worker =
        Worker::with_catalog(Arc::clone(&catalog), config.suggestions.clone(), Arc::clone(&config.shop));
    settle(&mut state, &mut worker, Msg::Resize(150, 50));
    settle(&mut state, &mut worker, Reply::CatalogLoaded(catalog));
    (state, worker)
}

fn scan_sku(state: &mut State, worker: &mut Worker, sku: &str) {
    act(state, worker, typed(sku));
    act(state, worker, [Action::Add]);
}

/// The option of the open pick window that is `right`, as the key that says it.
fn key_for(state: &State, right: &str) -> Action {
    let options = match &state.overlay {
        Some(Overlay::Offer { options, .. } | Overlay::Objection { options, .. }) => options,
        other => panic!("no pick window: {other:?}"),
    };
    let i = options.iter().position(|o| o == right).unwrap_or_else(|| panic!("{right:?} not in {options:?}"));
    Action::Type(char::from(b'1' + i as u8))
}

/// The talking point the "Goes well with" pane shows for `sku`.
fn point_of(state: &State, sku: &str) -> String {
    let s = state.suggest.lists.cross_sell.iter().find(|s| s.sku == sku).expect("suggested");
    s.talking_point.clone()
}

#[test]
fn the_banner_and_the_opening_line_show_and_the_budget_is_the_customers() {
    let (s, _) = priya(1);
    let screen = draw_text(&s, 150, 50);
    assert!(screen.contains(" TRAINING ") && screen.contains("practice, no real sale"), "{screen}");
    assert!(screen.contains("TRAINING · Customer: Priya") && screen.contains("Came for: Veyra Lite 5 64 GB"));
    assert!(screen.contains("Priya: “Hi! I'm starting college"), "{screen}");
    assert!(screen.contains("Budget $250.00"), "{screen}");
    // Training frames are doubled, so the mode shows without colour too.
    assert!(screen.contains('╔') && screen.contains('║'), "{screen}");
    assert_eq!(s.session.cart.budget.map(|b| b.0), Some(25_000));
}

#[test]
fn a_good_sale_is_taken_offer_by_offer_and_scores_gold_with_a_training_receipt() {
    let (mut s, mut w) = priya(5);
    scan_sku(&mut s, &mut w, "PH-VEY-L5-64");
    assert!(s.overlay.is_none(), "what they came for is not an offer");
    assert!(s.training.as_ref().unwrap().said.last().unwrap().1.contains("is what I came for"));
    for sku in ["CS-VEY-L5-CLR", "SP-VEY-L5-GLS", "CB-CHG-20W"] {
        let right = point_of(&s, sku);
        scan_sku(&mut s, &mut w, sku);
        let screen = draw_text(&s, 150, 50);
        assert!(screen.contains("Offer: ") && screen.contains("1, 2 or 3 says it"), "{screen}");
        let key = key_for(&s, &right);
        act(&mut s, &mut w, [key]);
        assert!(s.overlay.is_none());
        assert!(s.session.cart.position(sku).is_some(), "{sku} was taken and stays in the cart");
    }
    act(&mut s, &mut w, [Action::Checkout]);
    let Some(Overlay::Objection { says, .. }) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert!(says.contains("64 GB"));
    let right = s.training.as_ref().unwrap().customer.scenario().objections[0].answer.clone();
    let key = key_for(&s, &right);
    act(&mut s, &mut w, [key]);
    let Some(Overlay::Receipt { text }) = &s.overlay else { panic!("no receipt: {:?}", s.overlay) };
    assert!(text.contains("*** TRAINING — NOT A SALE ***") && text.contains("No payment taken"), "{text}");
    assert!(!text.contains("Paid"), "{text}");
    act(&mut s, &mut w, [Action::Add]);
    let screen = draw_text(&s, 150, 50);
    assert!(screen.contains("100 / 100 · Gold"), "{screen}");
    assert!(screen.contains("Offered the Voltline 20 W USB-C Charger: taken, +$19.99."), "{screen}");
    act(&mut s, &mut w, [Action::Add]);
    assert!(s.quit, "Enter on the scorecard ends the session");
}

#[test]
fn a_declined_offer_leaves_the_cart_is_not_suggested_again_and_three_send_her_away() {
    let (mut s, mut w) = priya(9);
    scan_sku(&mut s, &mut w, "PH-VEY-L5-64");
    scan_sku(&mut s, &mut w, "TV-TES-U5-32");
    act(&mut s, &mut w, [Action::Type('1')]);
    assert_eq!(s.session.cart.lines.len(), 1, "the TV she declined left the cart");
    assert!(s.session.cart.dismissed.contains("TV-TES-U5-32"));
    assert!(status(&s).starts_with("Priya: "), "{}", status(&s));
    let patience = s.training.as_ref().unwrap().customer.patience_left();
    assert_eq!(patience, 2);
    for sku in ["LP-NIM-A13-256", "LP-QUI-GO11"] {
        scan_sku(&mut s, &mut w, sku);
        act(&mut s, &mut w, [Action::Type('2')]);
    }
    assert_eq!(s.overlay, Some(Overlay::Scorecard));
    let t = s.training.as_ref().unwrap();
    let card = t.scorecard.as_ref().expect("scored by the worker");
    assert!(card.total < 50 && card.tier.is_none(), "{card:?}");
    let screen = draw_text(&s, 150, 50);
    assert!(screen.contains("walked away"), "{screen}");
    assert!(screen.contains("You did not offer the Paneguard Clear Case for Veyra Lite 5"), "{screen}");
}

#[test]
fn a_swapped_in_upgrade_is_an_offer_and_swapped_back_when_declined() {
    let (mut s, mut w) = priya(3);
    scan_sku(&mut s, &mut w, "PH-VEY-L5-64");
    scan_sku(&mut s, &mut w, "CB-CHG-20W");
    act(&mut s, &mut w, [Action::Type('1')]);
    assert!(s.session.cart.position("CB-CHG-20W").is_some(), "she takes the charger");
    // F6 on the charger line: the 35 W is not an upgrade she would take.
    s.focus = Pane::Cart;
    act(&mut s, &mut w, [Action::Up, Action::Down]);
    assert_eq!(s.suggest.lists.upsell.first().map(|u| u.sku.as_str()), Some("CB-CHG-35W"));
    act(&mut s, &mut w, [Action::Swap]);
    let Some(Overlay::Offer { name, .. }) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert_eq!(name, "Voltline 35 W Dual USB-C Charger");
    act(&mut s, &mut w, [Action::Type('1')]);
    assert!(s.session.cart.position("CB-CHG-20W").is_some(), "swapped back: {:?}", s.session.cart.lines);
    assert!(s.session.cart.position("CB-CHG-35W").is_none());
    assert!(s.session.cart.dismissed.contains("CB-CHG-35W"));
    // The phone's own upgrade is one she takes: it stays.
    s.session.sel = 0;
    act(&mut s, &mut w, [Action::Down, Action::Up]);
    assert_eq!(s.suggest.lists.upsell.first().map(|u| u.sku.as_str()), Some("PH-VEY-L5-128"));
    act(&mut s, &mut w, [Action::Swap, Action::Type('1')]);
    assert!(s.session.cart.position("PH-VEY-L5-128").is_some(), "{:?}", s.session.cart.lines);
    assert!(s.session.cart.position("PH-VEY-L5-64").is_none());
}

#[test]
fn training_parks_nothing_quits_without_asking_and_never_commits_a_sale() {
    let (mut s, mut w) = priya(2);
    scan_sku(&mut s, &mut w, "PH-VEY-L5-64");
    let fx = crate::tui::update::update(&mut s, Msg::Key(Action::Park));
    assert!(status(&s).contains("Parking is off in training"));
    assert!(fx.iter().all(|e| !matches!(e, Effect::Park { .. } | Effect::Commit(_))), "{fx:?}");
    act(&mut s, &mut w, [Action::Checkout]);
    // Whatever is pressed in the pick window, no payment form ever opens.
    for c in ['x', '9'] {
        act(&mut s, &mut w, [Action::Type(c)]);
        assert!(!matches!(s.overlay, Some(Overlay::Checkout(_))));
    }
    act(&mut s, &mut w, [Action::Quit]);
    assert!(s.quit, "quitting a practice asks nothing: there is nothing to park");
}
