//! The customer at the till, on a real database: a scanned loyalty card
//! attaches its customer (the header names them), F10 looks one up by phone
//! and F10 again detaches, the sale carries the customer and detaches them,
//! the customer pane says when there is no profiling consent, the customer
//! comes back with the saved cart, and snapshots at 120×40 and 80×24.

use std::path::Path;

use super::{act, draw_text, shop, shop_db, start, status, type_text, typed};
use crate::config::Config;
use crate::customers::history::{Bought, History};
use crate::customers::{Actor, Consent, ConsentState, Customer, NewCustomer};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::msg::{Msg, Reply};
use crate::tui::state::{CustomerAt, Overlay};

/// Adds a customer to the database; returns their id.
fn add_customer(
    db: &Path,
    name: &str,
    phone: Option<&str>,
    card: Option<&str>,
    consents: Vec<Consent>,
) -> i64 {
    let mut store = Store::open(db).unwrap();
    let c = NewCustomer::parse(Some(name), phone, None, card, consents).unwrap();
    store.add_customer(&c, Actor { terminal: "T1", staff_id: None }).unwrap()
}

/// Pays the cart in cash, exactly, and closes the receipt.
fn sell(s: &mut crate::tui::state::State, w: &mut crate::tui::worker::Worker) {
    act(s, w, [Action::Checkout, Action::NextPane, Action::Add]);
    assert!(matches!(s.overlay, Some(Overlay::Receipt { .. })), "{:?} {}", s.overlay, status(s));
    act(s, w, [Action::Add]);
}

#[test]
fn a_scanned_card_attaches_the_customer_and_the_sale_carries_them() {
    let (_d, db) = shop_db();
    let id = add_customer(
        &db,
        "Priya Shah",
        None,
        Some("LOY-12345"),
        vec![Consent::Profiling, Consent::Marketing],
    );
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("LOY-12345".into())]);
    assert_eq!(s.session.cart.customer, Some(id));
    let screen = draw_text(&s, 140, 42);
    assert!(screen.contains("Priya Shah · profiling ✓ marketing ✓"), "{screen}");
    assert!(screen.contains("Customer: Priya Shah") && screen.contains("First visit"), "{screen}");
    act(&mut s, &mut w, [Action::Scan("2000000000015".into())]);
    sell(&mut s, &mut w);
    // The sale is theirs; the next customer's cart is no one's.
    let store = Store::open(&db).unwrap();
    let sales = store.customer_sales(id).unwrap();
    assert_eq!(sales.len(), 1);
    assert_eq!(sales[0].lines[0].sku, "PH-128");
    assert_eq!((s.session.cart.customer, s.customer.at.is_some()), (None, false));
    assert!(!draw_text(&s, 140, 42).contains("Priya Shah"));
    // Back again: their history, and what the cart relates to that they own.
    act(&mut s, &mut w, [Action::Scan("LOY-12345".into())]);
    type_text(&mut s, &mut w, "CASE-CLR");
    act(&mut s, &mut w, [Action::Add]);
    let screen = draw_text(&s, 140, 42);
    assert!(screen.contains("1 visit(s)") && screen.contains("1 × Aurora X5 128 GB"), "{screen}");
    assert!(screen.contains("Owns Aurora X5 128 GB"), "{screen}");
    act(&mut s, &mut w, [Action::Receipts]);
    assert!(draw_text(&s, 140, 42).contains("Receipts · Priya Shah"));
}

#[test]
fn a_code_that_is_no_product_and_no_card_says_so() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("NOPE-4242".into())]);
    assert_eq!(status(&s), "No product or card has the code `NOPE-4242`.");
    assert_eq!(s.session.cart.customer, None);
}

#[test]
fn lookup_by_phone_attaches_and_f10_detaches() {
    let (_d, db) = shop_db();
    let id = add_customer(&db, "Ann Lee", Some("+44 113 496 0000"), None, vec![Consent::Marketing]);
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Customer]);
    act(&mut s, &mut w, typed("4960000"));
    let screen = draw_text(&s, 140, 42);
    assert!(screen.contains("Ann Lee") && screen.contains("+441134960000"), "{screen}");
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!((s.overlay.clone(), s.session.cart.customer), (None, Some(id)));
    let screen = draw_text(&s, 140, 42);
    assert!(screen.contains("Ann Lee · profiling ✗ marketing ✓"), "{screen}");
    assert!(screen.contains("No profiling consent: suggestions are as"), "{screen}");
    assert!(screen.contains("for any customer."), "{screen}");
    assert!(screen.contains("F10 detach"), "{screen}");
    act(&mut s, &mut w, [Action::Customer]);
    assert_eq!((s.session.cart.customer, s.customer.at.is_some()), (None, false));
    assert!(status(&s).starts_with("Ann Lee detached"), "{}", status(&s));
    let screen = draw_text(&s, 140, 42);
    assert!(!screen.contains("Ann Lee") || screen.contains("detached"), "{screen}");
    assert!(draw_text(&s, 200, 42).contains("F10 customer"), "the key to look one up again");
}

#[test]
fn the_customer_comes_back_with_the_saved_cart_and_leaves_with_its_last_line() {
    let (_d, db) = shop_db();
    let id = add_customer(&db, "Priya Shah", None, Some("LOY-12345"), vec![Consent::Profiling]);
    let config = Config::defaults();
    {
        let (mut s, mut w) = start(&db, &config);
        // A card alone is kept: the customer stays attached to the empty cart.
        act(&mut s, &mut w, [Action::Scan("LOY-12345".into())]);
    }
    let (mut s, mut w) = start(&db, &config);
    assert_eq!(s.session.cart.customer, Some(id));
    assert!(s.customer.at.is_some(), "the customer is loaded again");
    act(&mut s, &mut w, [Action::Scan("2000000000015".into())]);
    drop((s, w));
    let (mut s, mut w) = start(&db, &config);
    assert_eq!((s.session.cart.customer, s.session.cart.lines.len()), (Some(id), 1));
    // The cart emptied by hand: the next item is the next customer's.
    act(&mut s, &mut w, [Action::NextPane, Action::Remove]);
    assert!(s.session.cart.is_empty());
    assert_eq!((s.session.cart.customer, s.customer.at.is_some()), (None, false));
}

/// The shop in memory with Priya attached: her history fixed, so the
/// snapshots never depend on the day.
fn with_priya(w: u16, h: u16, profiling: bool) -> crate::tui::state::State {
    let (mut s, mut wk) = shop();
    act(&mut s, &mut wk, [Msg::Resize(w, h)]);
    type_text(&mut s, &mut wk, "2000000000015");
    act(&mut s, &mut wk, [Action::Add]);
    let given = |g: bool| ConsentState { given: g, at: Some("2026-05-01T10:00:00Z".into()) };
    let customer = Customer {
        id: 7,
        name: Some("Priya Shah".into()),
        card: Some("LOY-12345".into()),
        profiling: given(profiling),
        marketing: given(false),
        ..Customer::default()
    };
    let bought = |sku: &str, name: &str, last: &str| Bought {
        sku: sku.into(),
        name: name.into(),
        qty: 1,
        last: last.into(),
    };
    let history = History {
        visits: 2,
        last_visit: Some("2026-10-12".into()),
        categories: vec![("Accessories > Cases".into(), 1), ("Phones".into(), 1)],
        products: vec![
            bought("CASE-LTH", "Leather Case X5", "2026-10-12"),
            bought("PH-256", "Aurora X5 256 GB", "2026-05-12"),
        ],
    };
    let at = CustomerAt { customer, history, sales: Vec::new() };
    let gen_id = s.customer.gen_id;
    act(&mut s, &mut wk, [Reply::CustomerLoaded { gen_id, customer: Box::new(at) }]);
    s.status = None;
    s
}

#[test]
fn snapshot_120x40_with_a_customer() {
    let s = with_priya(120, 40, true);
    let text = draw_text(&s, 120, 40);
    assert!(text.contains("Owns Leather Case X5"), "{text}");
    insta::assert_snapshot!("customer_120x40", text);
}

#[test]
fn snapshot_80x24_with_a_customer_without_profiling() {
    let mut s = with_priya(80, 24, false);
    s.focus = crate::tui::state::Pane::Results;
    let text = draw_text(&s, 80, 24);
    assert!(text.contains("Priya Shah · profiling ✗ marketing ✗"), "{text}");
    assert!(text.contains("No profiling consent"), "{text}");
    insta::assert_snapshot!("customer_80x24", text);
}

#[test]
fn every_size_draws_with_a_customer_attached_and_the_windows_open() {
    let mut s = with_priya(120, 40, true);
    for overlay in [None, Some(Overlay::Receipts { scroll: 3 }), Some(Overlay::Customer(Default::default()))]
    {
        s.overlay = overlay;
        for w in (1..=130).step_by(9) {
            for h in (1..=44).step_by(5) {
                s.size = (w, h);
                draw_text(&s, w, h);
            }
        }
    }
}

/// With profiling consent the till's lists know what the customer owns: the
/// phone they bought is offered as a trade-up ("Trade up from …") when the
/// cart touches its family. Without that consent the lists are the
/// anonymous ones, word for word.
#[test]
fn the_lists_know_what_a_profiling_customer_owns_and_nothing_about_one_without_consent() {
    let (_d, db) = shop_db();
    add_customer(&db, "Priya Shah", None, Some("LOY-12345"), vec![Consent::Profiling]);
    add_customer(&db, "Ann Lee", None, Some("LOY-67890"), vec![Consent::Marketing]);
    let (mut s, mut w) = start(&db, &Config::defaults());
    for card in ["LOY-12345", "LOY-67890"] {
        act(&mut s, &mut w, [Action::Scan(card.into()), Action::Scan("2000000000015".into())]);
        sell(&mut s, &mut w);
    }
    // The anonymous lists for a case for that phone.
    type_text(&mut s, &mut w, "CASE-CLR");
    act(&mut s, &mut w, [Action::Add]);
    let anonymous = s.suggest.lists.clone();
    act(&mut s, &mut w, [Action::Scan("LOY-67890".into())]);
    assert!(s.customer.at.is_some());
    assert_eq!(s.suggest.lists, anonymous, "no profiling consent: the lists are anyone's");
    act(&mut s, &mut w, [Action::Customer]);
    assert!(s.customer.at.is_none());
    act(&mut s, &mut w, [Action::Scan("LOY-12345".into())]);
    let trade_up = s.suggest.lists.upsell.iter().find_map(|u| u.reason.clone()).unwrap_or_default();
    assert!(trade_up.contains("Trade up from the Aurora X5 128 GB"), "{:?}", s.suggest.lists.upsell);
    assert_ne!(s.suggest.lists, anonymous);
}
