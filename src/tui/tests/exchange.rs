//! Exchanges at the till on a real database: `x` in the return window turns
//! the chosen lines into a credit on an empty cart; nothing is booked until
//! the cart is paid, then the refund and the new sale are written together
//! (the credit first, the rest by card); a credit that covers the new cart
//! is paid back the old way for what is left; an exchange needs an empty
//! cart and the manager a refund would; it cannot be parked, and emptying
//! or quitting drops it with nothing booked; a till that stops without
//! quitting comes back with it.

use super::returns::{config, open_sale, press, sell, stock, to_case};
use super::{act, draw_text, shop_db, start, status};
use crate::checkout::PaymentMethod;
use crate::money::Money;
use crate::store::Store;
use crate::store::staff::Role;
use crate::tui::action::Action;
use crate::tui::state::{Overlay, Pane, State};
use crate::tui::worker::Worker;

const PHONE: &str = "2000000000015";
const LEATHER: &str = "2000000000053";

fn parts(store: &Store, id: &str) -> Vec<(PaymentMethod, Money)> {
    store.payments(id).unwrap().iter().map(|p| (p.method, p.amount)).collect()
}

fn refunds_of(db: &std::path::Path, sale: &str) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let mut stmt = store.conn().prepare("SELECT id FROM sales WHERE refund_of = ?1").unwrap();
    stmt.query_map([sale], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

/// Sells a phone and two cases by card, then starts an exchange of one case (or the phone).
fn exchange(s: &mut State, w: &mut Worker, phone: bool) -> String {
    let sale = sell(s, w, PaymentMethod::Card);
    open_sale(s, w, &sale);
    if !phone {
        to_case(s, w);
    }
    press(s, w, &["+", "x"]);
    sale
}

/// Tabs to the cart pane, whose Delete removes a line.
fn to_cart(s: &mut State, w: &mut Worker) {
    while s.focus != Pane::Cart {
        act(s, w, [Action::NextPane]);
    }
}

#[test]
fn an_exchanged_case_pays_for_another_and_both_are_booked_when_the_difference_is_paid() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &config("none"));
    let sale = exchange(&mut s, &mut w, false);
    assert!(s.overlay.is_none(), "the window closed: {:?}", s.overlay);
    assert!(
        status(&s).starts_with(&format!("Exchange: $32.48 credit for the return of sale {sale}")),
        "{}",
        status(&s)
    );
    let screen = draw_text(&s, 140, 42);
    assert!(
        screen.contains("Exchange credit −$32.48") && screen.contains(&format!("return of sale {sale}")),
        "{screen}"
    );
    assert!(refunds_of(&db, &sale).is_empty(), "nothing booked yet");
    let (clear, leather) = (stock(&db, "CASE-CLR"), stock(&db, "CASE-LTH"));
    act(&mut s, &mut w, [Action::Scan(LEATHER.into())]);
    // $45.00 + $3.71 tax, less the credit: $16.23 to pay.
    let screen = draw_text(&s, 140, 42);
    assert!(screen.contains("−$32.48") && screen.contains("To pay") && screen.contains("$16.23"), "{screen}");
    act(&mut s, &mut w, [Action::Checkout]);
    let window = draw_text(&s, 140, 42);
    assert!(
        window.contains("Paid (exchange credit) $32.48") && window.contains("Left to pay $16.23"),
        "{window}"
    );
    act(&mut s, &mut w, [Action::Add]);
    let Some(Overlay::Receipt { text }) = s.overlay.clone() else { panic!("{:?} {}", s.overlay, status(&s)) };
    let new = s.session.last_sale.clone().unwrap();
    assert_eq!(new.total, Money(4_871));
    assert!(s.session.exchange.is_none(), "the exchange was used");
    // The sale's receipt with the credit and the card's part, then the refund's naming the sale.
    assert!(text.lines().any(|l| l.starts_with("Exchange credit") && l.ends_with("-$32.48")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("Paid (card)") && l.ends_with("$16.23")), "{text}");
    assert!(text.contains(&format!("Exchanged: credited to sale\n  {}\n", new.id)), "{text}");
    let refunds = refunds_of(&db, &sale);
    assert_eq!(refunds.len(), 1);
    assert!(
        status(&s).contains(&format!("Exchange: refund {} written with it.", refunds[0])),
        "{}",
        status(&s)
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(
        parts(&store, &new.id),
        [(PaymentMethod::Credit, Money(3_248)), (PaymentMethod::Card, Money(1_623))]
    );
    assert_eq!(parts(&store, &refunds[0]), [(PaymentMethod::Credit, Money(-3_248))]);
    assert_eq!((stock(&db, "CASE-CLR"), stock(&db, "CASE-LTH")), (clear + 1, leather - 1));
    // Both receipts kept for reprint.
    assert!(text.starts_with(&store.receipt(&new.id).unwrap()), "{text}");
    assert!(text.ends_with(&store.receipt(&refunds[0]).unwrap()), "{text}");
}

#[test]
fn a_till_that_stops_mid_exchange_comes_back_with_the_credit_and_books_both_once() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &config("none"));
    let sale = exchange(&mut s, &mut w, false);
    act(&mut s, &mut w, [Action::Scan(LEATHER.into())]);
    let pending = s.session.exchange.clone().expect("the exchange");
    // The till stops without quitting (power cut, kill -9): nothing is asked, nothing booked.
    drop((s, w));
    assert!(refunds_of(&db, &sale).is_empty());
    let (mut s, mut w) = start(&db, &config("none"));
    assert_eq!(s.session.exchange.as_ref(), Some(&pending), "{}", status(&s));
    assert!(
        status(&s).starts_with(&format!(
            "Recovered the cart in progress (1 item(s)) with its exchange credit of $32.48 (sale {sale})."
        )),
        "{}",
        status(&s)
    );
    let screen = draw_text(&s, 140, 42);
    assert!(
        screen.contains(&format!("return of sale {}", &sale[..10])) && screen.contains("−$32.48"),
        "{screen}"
    );
    assert!(screen.contains("To pay") && screen.contains("$16.23"), "{screen}");
    act(&mut s, &mut w, [Action::Checkout, Action::Add]);
    let new = s.session.last_sale.clone().unwrap_or_else(|| panic!("{}", status(&s)));
    let store = Store::open(&db).unwrap();
    assert_eq!(
        parts(&store, &new.id),
        [(PaymentMethod::Credit, Money(3_248)), (PaymentMethod::Card, Money(1_623))]
    );
    assert_eq!(refunds_of(&db, &sale), [pending.refund_id.as_str()]);
    // Started again once more: the paid cart does not come back, nor its credit.
    drop((s, w));
    let (s, _w) = start(&db, &config("none"));
    assert!(s.session.cart.is_empty() && s.session.exchange.is_none());
}

#[test]
fn an_exchange_dropped_stays_dropped_after_a_restart_and_one_just_started_comes_back() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &config("none"));
    // Started, nothing added yet, then the till stops: it comes back on the empty cart.
    let sale = exchange(&mut s, &mut w, false);
    drop((s, w));
    let (mut s, mut w) = start(&db, &config("none"));
    assert_eq!(
        s.session.exchange.as_ref().map(|e| e.sale_id.as_str()),
        Some(sale.as_str()),
        "{}",
        status(&s)
    );
    // Dropped with Delete: a restart does not bring it back.
    to_cart(&mut s, &mut w);
    press(&mut s, &mut w, &["Delete"]);
    assert!(s.session.exchange.is_none(), "{}", status(&s));
    drop((s, w));
    let (mut s, mut w) = start(&db, &config("none"));
    assert!(s.session.exchange.is_none() && s.session.cart.is_empty(), "{}", status(&s));
    // Dropped by quitting, with an item on the cart: the item is parked, the exchange gone.
    open_sale(&mut s, &mut w, &sale);
    to_case(&mut s, &mut w);
    press(&mut s, &mut w, &["+", "x"]);
    act(&mut s, &mut w, [Action::Scan(LEATHER.into())]);
    press(&mut s, &mut w, &["Ctrl-c", "y"]);
    assert!(s.quit);
    drop((s, w));
    let (s, _w) = start(&db, &config("none"));
    assert!(s.session.exchange.is_none() && s.session.cart.is_empty(), "{}", status(&s));
    assert!(refunds_of(&db, &sale).is_empty());
    assert_eq!(Store::open(&db).unwrap().parked_carts().unwrap().len(), 1);
}

#[test]
fn a_credit_above_the_new_cart_pays_it_all_and_the_rest_goes_back_to_the_card() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &config("none"));
    // The phone ($649.50) for a leather case ($48.71).
    let sale = exchange(&mut s, &mut w, true);
    act(&mut s, &mut w, [Action::Scan(LEATHER.into())]);
    let screen = draw_text(&s, 140, 42);
    assert!(screen.contains("Credit left, paid back") && screen.contains("$600.79"), "{screen}");
    // Enter alone: the credit covers it, nothing more is taken.
    act(&mut s, &mut w, [Action::Checkout, Action::Add]);
    assert!(matches!(s.overlay, Some(Overlay::Receipt { .. })), "{:?} {}", s.overlay, status(&s));
    let new = s.session.last_sale.clone().unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(parts(&store, &new.id), [(PaymentMethod::Credit, Money(4_871))]);
    let refund = &refunds_of(&db, &sale)[0];
    assert_eq!(
        parts(&store, refund),
        [(PaymentMethod::Credit, Money(-4_871)), (PaymentMethod::Card, Money(-60_079))]
    );
}

#[test]
fn an_exchange_needs_an_empty_cart_and_the_manager_a_refund_needs_and_cannot_be_parked() {
    let (_d, db) = shop_db();
    Store::open(&db).unwrap().upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    let (mut s, mut w) = start(&db, &config("0"));
    let sale = sell(&mut s, &mut w, PaymentMethod::Card);
    act(&mut s, &mut w, [Action::Scan(PHONE.into())]);
    open_sale(&mut s, &mut w, &sale);
    to_case(&mut s, &mut w);
    press(&mut s, &mut w, &["+", "x"]);
    let shown = draw_text(&s, 140, 42);
    assert!(shown.contains("Enter refund · x exchange"), "{shown}");
    assert!(shown.contains("An exchange starts on an empty cart: park this one first (F4)"), "{shown}");
    // Park the phone, then exchange: a manager approves it first.
    press(&mut s, &mut w, &["Esc", "Esc", "F4"]);
    assert!(s.session.cart.is_empty(), "{}", status(&s));
    open_sale(&mut s, &mut w, &sale);
    to_case(&mut s, &mut w);
    press(&mut s, &mut w, &["+", "x"]);
    assert!(draw_text(&s, 140, 42).contains("A manager approves this exchange:"));
    act(&mut s, &mut w, super::typed("boss"));
    act(&mut s, &mut w, [Action::Add]);
    act(&mut s, &mut w, super::typed("2468"));
    act(&mut s, &mut w, [Action::Add]);
    assert!(s.overlay.is_none(), "{:?}", s.overlay);
    assert_eq!(s.session.exchange.as_ref().and_then(|e| e.manager_id.as_deref()), Some("boss"));
    // Parking is refused; Delete on the empty exchange cart drops it.
    press(&mut s, &mut w, &["F4"]);
    assert!(status(&s).starts_with("An exchange cart cannot be parked"), "{}", status(&s));
    assert!(s.session.exchange.is_some());
    to_cart(&mut s, &mut w);
    press(&mut s, &mut w, &["Delete"]);
    assert_eq!(status(&s), format!("Exchange dropped: nothing was booked; sale {sale} is as it was."));
    assert!(s.session.exchange.is_none());
    assert!(refunds_of(&db, &sale).is_empty());
}

#[test]
fn an_abandoned_exchange_books_nothing_and_quitting_asks_first() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &config("none"));
    let sale = exchange(&mut s, &mut w, false);
    let leather = stock(&db, "CASE-LTH");
    act(&mut s, &mut w, [Action::Scan(LEATHER.into())]);
    press(&mut s, &mut w, &["Ctrl-c"]);
    assert!(matches!(s.overlay, Some(Overlay::ConfirmQuit)), "{:?}", s.overlay);
    let asked = draw_text(&s, 140, 42);
    assert!(
        asked.contains(&format!("The exchange of sale {sale} is dropped; nothing was booked.")),
        "{asked}"
    );
    press(&mut s, &mut w, &["n"]);
    assert!(!s.quit && s.session.exchange.is_some());
    // The cart emptied by hand: the exchange goes with it.
    to_cart(&mut s, &mut w);
    press(&mut s, &mut w, &["Delete"]);
    assert!(s.session.cart.is_empty() && s.session.exchange.is_none());
    assert!(status(&s).starts_with("Exchange dropped: nothing was booked"), "{}", status(&s));
    assert!(refunds_of(&db, &sale).is_empty());
    assert_eq!(stock(&db, "CASE-LTH"), leather);
    // Quitting an empty cart with an exchange still asks.
    let _ = exchange(&mut s, &mut w, false);
    press(&mut s, &mut w, &["Ctrl-c"]);
    assert!(matches!(s.overlay, Some(Overlay::ConfirmQuit)), "{:?}", s.overlay);
    press(&mut s, &mut w, &["y"]);
    assert!(s.quit);
    let sales: i64 =
        Store::open(&db).unwrap().conn().query_row("SELECT count(*) FROM sales", [], |r| r.get(0)).unwrap();
    assert_eq!(sales, 2, "the two sales, no refund");
}
