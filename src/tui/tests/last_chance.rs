//! The checkout's last chance (issue 13), on a real database: the payment
//! window lists up to two add-ons "Goes well with" has for the cart that the
//! seller has not offered yet (added, swapped in or dismissed: the cart's
//! events say which, also for a recalled cart), each under its key (`a`,
//! `b`); the key adds it, the totals on screen follow while the seller
//! stays in checkout, the slot refills, and the sale and its events say it
//! was taken at checkout.

use std::path::PathBuf;

use ratatui::crossterm::event::KeyCode;

use super::{act, draw_text, shop_db, start, status};
use crate::cart::Origin;
use crate::config::Config;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::keymap::Key;
use crate::tui::state::{Overlay, Pane, State};
use crate::tui::update::key_action;
use crate::tui::worker::Worker;

const PHONE: &str = "2000000000015";

/// A key pressed through the real keymap.
fn press(s: &mut State, w: &mut Worker, code: KeyCode) {
    let a = key_action(s, Key::plain(code)).unwrap_or_else(|| panic!("{code:?} does nothing"));
    act(s, w, [a]);
}

/// What the open payment window lists, slot by slot.
fn listed(s: &State) -> Vec<Option<String>> {
    match &s.overlay {
        Some(Overlay::Checkout(form)) => form.last_chance.to_vec(),
        other => panic!("not in checkout: {other:?}"),
    }
}

fn name_of(s: &State, sku: &str) -> String {
    let catalog = s.catalog.as_deref().unwrap();
    catalog.product(catalog.by_sku(sku).unwrap()).name.clone()
}

/// "Goes well with", by SKU.
fn goes_well_with(s: &State) -> Vec<String> {
    s.suggest.lists.cross_sell.iter().map(|c| c.sku.clone()).collect()
}

fn focus(s: &mut State, w: &mut Worker, pane: Pane) {
    while s.focus != pane {
        act(s, w, [Action::NextPane]);
    }
}

fn total_text(s: &State) -> String {
    s.settings.currency.display(s.session.cart.totals(&s.settings.tax).total)
}

/// A till on a fresh database with the phone scanned and "Goes well with" in focus.
fn phone_scanned() -> (tempfile::TempDir, PathBuf, State, Worker) {
    let (dir, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan(PHONE.into())]);
    focus(&mut s, &mut w, Pane::CrossSell);
    (dir, db, s, w)
}

#[test]
fn the_checkout_lists_two_add_ons_not_yet_offered_and_a_key_adds_one_in_place() {
    let (_d, db, mut s, mut w) = phone_scanned();
    // The seller offered the first add-on in the pane and the customer said no (F8).
    let declined = goes_well_with(&s)[0].clone();
    act(&mut s, &mut w, [Action::Dismiss]);
    let pane = goes_well_with(&s);
    assert!(pane.len() >= 3 && !pane.contains(&declined), "{pane:?}");

    press(&mut s, &mut w, KeyCode::F(12));
    assert_eq!(listed(&s), [Some(pane[0].clone()), Some(pane[1].clone())]);
    let screen = draw_text(&s, 80, 24);
    assert!(screen.contains("TOTAL $649.50") && screen.contains("Goes well with the cart"), "{screen}");
    for (key, sku) in ["[a]", "[b]"].iter().zip(&pane) {
        let row = screen.lines().find(|l| l.contains(key)).unwrap_or_else(|| panic!("no {key}:\n{screen}"));
        let price = s.cross_sell_of(sku).map(|(_, c)| s.settings.currency.display(c.price)).unwrap();
        assert!(row.contains(&name_of(&s, sku)) && row.contains(&price), "{row}");
    }
    assert!(!screen.contains(&name_of(&s, &declined)), "a declined add-on is not offered again:\n{screen}");

    // a: the first add-on goes into the cart; the seller stays in checkout and the total follows.
    press(&mut s, &mut w, KeyCode::Char('a'));
    assert!(matches!(s.overlay, Some(Overlay::Checkout(_))), "{:?}", s.overlay);
    let line = &s.session.cart.lines[1];
    assert_eq!((line.sku.as_str(), line.origin), (pane[0].as_str(), Origin::CrossSell));
    let total = total_text(&s);
    assert_ne!(total, "$649.50");
    assert!(draw_text(&s, 80, 24).contains(&format!("TOTAL {total}")), "{}", draw_text(&s, 80, 24));
    assert!(status(&s).ends_with(&format!("Total now {total}.")), "{}", status(&s));
    // b keeps its add-on; a refills with the next one not offered.
    let now = listed(&s);
    assert_eq!(now[1].as_deref(), Some(pane[1].as_str()));
    let refilled = now[0].clone().expect("slot a refills");
    assert!(![&pane[0], &pane[1], &declined].contains(&&refilled), "{now:?}");

    press(&mut s, &mut w, KeyCode::Enter);
    assert!(matches!(s.overlay, Some(Overlay::Receipt { .. })), "{:?}", s.overlay);
    let sale = s.session.last_sale.clone().unwrap();
    assert_eq!(s.settings.currency.display(sale.total), total);
    let store = Store::open(&db).unwrap();
    assert!(store.sale_lines(&sale.id).unwrap().iter().any(|l| l.sku == pane[0]));
    let events = store.sale_suggestion_events(&sale.id).unwrap();
    let at_checkout = |event: &str| -> Vec<String> {
        events
            .iter()
            .filter(|e| e.0 == "cross_sell" && e.1 == event && e.3 == "checkout")
            .map(|e| e.2.clone())
            .collect()
    };
    assert_eq!(at_checkout("shown"), [pane[0].clone(), pane[1].clone(), refilled]);
    assert_eq!(at_checkout("added"), [pane[0].clone()]);
    assert!(!events.iter().any(|e| e.2 == declined && e.3 == "checkout"), "{events:?}");
    // In the pane it was shown, not added: the pane's suggestion and the checkout's are apart.
    assert!(!events.iter().any(|e| e.1 == "added" && e.3 == "pane"), "{events:?}");
}

#[test]
fn an_add_on_offered_before_is_not_listed_even_in_a_recalled_cart_and_nothing_left_lists_nothing() {
    let (_d, _, mut s, mut w) = phone_scanned();
    // Added from the pane, then taken back out: it was offered, and the customer is not asked twice.
    let taken_back = goes_well_with(&s)[0].clone();
    act(&mut s, &mut w, [Action::Add]);
    focus(&mut s, &mut w, Pane::Cart);
    act(&mut s, &mut w, [Action::Last, Action::Remove]);
    assert_eq!(s.session.cart.lines.len(), 1);
    assert!(goes_well_with(&s).contains(&taken_back), "the pane suggests it again");
    // Parked and recalled: what was offered comes from the cart's recorded events.
    act(&mut s, &mut w, [Action::Park, Action::Park, Action::Add]);
    assert_eq!(s.session.cart.lines.len(), 1, "{}", status(&s));
    assert!(s.suggest.pending.is_empty() && s.suggest.offered.contains(&taken_back));
    press(&mut s, &mut w, KeyCode::F(12));
    let first = listed(&s);
    assert!(first.iter().all(|x| x.as_ref() != Some(&taken_back)), "{first:?}");
    assert_eq!(first[0].as_ref(), goes_well_with(&s).iter().find(|sku| **sku != taken_back));
    act(&mut s, &mut w, [Action::Cancel]);

    // Everything else declined in the pane: the payment window lists nothing, and says nothing of it.
    focus(&mut s, &mut w, Pane::CrossSell);
    while goes_well_with(&s).iter().any(|sku| *sku != taken_back) {
        let at = goes_well_with(&s).iter().position(|sku| *sku != taken_back).unwrap();
        s.suggest.cross_sel = at;
        act(&mut s, &mut w, [Action::Dismiss]);
    }
    press(&mut s, &mut w, KeyCode::F(12));
    assert_eq!(listed(&s), [None, None]);
    let screen = draw_text(&s, 80, 24);
    assert!(screen.contains("TOTAL") && !screen.contains("Goes well with the cart"), "{screen}");
    // The keys say there is nothing under them and change nothing.
    press(&mut s, &mut w, KeyCode::Char('b'));
    assert_eq!((s.session.cart.lines.len(), status(&s).as_str()), (1, "Nothing is listed under that key."));
}

#[test]
fn a_listed_add_on_the_engine_no_longer_suggests_gives_its_slot_up() {
    let (_d, _, mut s, mut w) = phone_scanned();
    press(&mut s, &mut w, KeyCode::F(12));
    let before = listed(&s);
    let b = before[1].clone().unwrap();
    // The engine's next answer leaves it out (as when a case already covers the phone).
    let gen_id = s.suggest.gen_id;
    let mut lists = s.suggest.lists.clone();
    lists.cross_sell.retain(|c| c.sku != b);
    act(&mut s, &mut w, [crate::tui::msg::Reply::Suggested { gen_id, suggestions: lists }]);
    let after = listed(&s);
    assert_eq!(after[0], before[0], "slot a keeps its add-on");
    assert!(after[1].as_ref().is_some_and(|x| *x != b && Some(x) != before[0].as_ref()), "{after:?}");
}
