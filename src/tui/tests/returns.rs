//! Returns at the till on a real database: a card sale refunded to the card
//! and a cash sale in cash, stock back; the manager's approval when
//! configured (a wrong PIN writes nothing); never more than was sold, also
//! after a partial return; a scanned receipt loads its sale; the reprint
//! equals the receipt printed at the sale; the window at 120×40 and 80×24.

use std::sync::Arc;

use super::{act, draw_text, shop_db, start, status, typed};
use crate::checkout::{PaymentMethod, QuotedLine, RefundQuote};
use crate::config::Config;
use crate::money::Money;
use crate::store::Store;
use crate::store::sales::SoldLine;
use crate::store::staff::Role;
use crate::tui::action::Action;
use crate::tui::keymap::Key;
use crate::tui::state::{Overlay, ReturnForm, ReturnSale, State};
use crate::tui::testing::settle;
use crate::tui::update::key_action;
use crate::tui::worker::Worker;

const PHONE: &str = "2000000000015";
const CASE: &str = "2000000000046";

/// Presses keys by name ("F11", "Ctrl-p", "+") through the keymap, as on the screen.
pub(super) fn press(s: &mut State, w: &mut Worker, keys: &[&str]) {
    for k in keys {
        let key = Key::parse(k).unwrap();
        if let Some(action) = key_action(s, key) {
            settle(s, w, action);
        }
    }
}

/// A config whose returns need a manager above `above` ("none": never).
pub(super) fn config(above: &str) -> Config {
    let text = format!("[checkout]\nreturn_approval_above = \"{above}\"\n");
    Config::from_str(&text, "test.toml", None).unwrap()
}

/// Sells a phone and two cases, paid by `method` in full; returns the sale id.
pub(super) fn sell(s: &mut State, w: &mut Worker, method: PaymentMethod) -> String {
    act(s, w, [Action::Scan(PHONE.into()), Action::Scan(CASE.into()), Action::Scan(CASE.into())]);
    act(s, w, [Action::Checkout]);
    if method == PaymentMethod::Cash {
        act(s, w, [Action::NextPane]);
        act(s, w, typed("800"));
    }
    act(s, w, [Action::Add]);
    assert!(matches!(s.overlay, Some(Overlay::Receipt { .. })), "{:?} {}", s.overlay, status(s));
    act(s, w, [Action::Add]);
    s.session.last_sale.clone().unwrap().id
}

pub(super) fn stock(db: &std::path::Path, sku: &str) -> i64 {
    Store::open(db).unwrap().stock_levels().unwrap().into_iter().find(|(s, _)| s == sku).unwrap().1
}

pub(super) fn form(s: &State) -> &ReturnForm {
    match &s.overlay {
        Some(Overlay::Return(f)) => f,
        other => panic!("no return window: {other:?} ({})", status(s)),
    }
}

/// Opens the return window, types the sale id and loads it.
pub(super) fn open_sale(s: &mut State, w: &mut Worker, sale: &str) {
    press(s, w, &["F11"]);
    act(s, w, typed(sale));
    act(s, w, [Action::Add]);
    assert_eq!(form(s).sale.as_ref().map(|x| x.id.as_str()), Some(sale), "{:?}", form(s).error);
}

/// Highlights the case line.
pub(super) fn to_case(s: &mut State, w: &mut Worker) {
    while form(s).sale.as_ref().unwrap().lines[form(s).sel].sku != "CASE-CLR" {
        act(s, w, [Action::Down]);
    }
}

#[test]
fn a_card_sale_comes_back_to_the_card_with_a_manager_and_the_case_back_on_the_shelf() {
    let (_d, db) = shop_db();
    Store::open(&db).unwrap().upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    let (mut s, mut w) = start(&db, &config("0"));
    let sale = sell(&mut s, &mut w, PaymentMethod::Card);
    let before = stock(&db, "CASE-CLR");
    open_sale(&mut s, &mut w, &sale);
    to_case(&mut s, &mut w);
    press(&mut s, &mut w, &["+"]);
    // $30.00 and its share of the tax added at the till (8.25 % of two cases, $4.95, halved).
    let shown = draw_text(&s, 140, 42);
    assert!(shown.contains("Refund: $32.48 back to card"), "the amount is shown before confirming:\n{shown}");
    // Every return needs a manager: a wrong PIN is refused and nothing is written.
    press(&mut s, &mut w, &["Enter"]);
    assert!(form(&s).approval.is_some(), "{:?}", form(&s));
    act(&mut s, &mut w, typed("boss"));
    act(&mut s, &mut w, [Action::Add]);
    act(&mut s, &mut w, typed("1111"));
    act(&mut s, &mut w, [Action::Add]);
    let refused = form(&s).approval.as_ref().and_then(|a| a.error.clone()).unwrap_or_default();
    assert!(refused.contains("wrong PIN"), "{refused}");
    assert_eq!(Store::open(&db).unwrap().sale_lines(&sale).unwrap()[1].refunded, 0, "nothing refunded");
    assert_eq!(stock(&db, "CASE-CLR"), before);
    act(&mut s, &mut w, typed("2468"));
    act(&mut s, &mut w, [Action::Add]);
    // The refund's receipt, kept with it; the case is back; the card got its $30.00.
    let Some(Overlay::Receipt { text }) = s.overlay.clone() else { panic!("{:?} {}", s.overlay, status(&s)) };
    assert!(text.contains(&format!("of sale {sale}")) && text.contains("Clear Case X5"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("Back (card)") && l.ends_with("$32.48")), "{text}");
    assert!(status(&s).ends_with(&format!("of sale {sale}: $32.48 back to card.")), "{}", status(&s));
    assert_eq!(stock(&db, "CASE-CLR"), before + 1);
    let p = s.catalog.as_ref().unwrap().by_sku("CASE-CLR").unwrap();
    assert_eq!(s.catalog.as_ref().unwrap().stock(p), before + 1, "the screen's stock follows");
    let store = Store::open(&db).unwrap();
    let refund: String =
        store.conn().query_row("SELECT id FROM sales WHERE refund_of = ?1", [&sale], |r| r.get(0)).unwrap();
    let paid: Vec<(PaymentMethod, Money)> =
        store.payments(&refund).unwrap().iter().map(|p| (p.method, p.amount)).collect();
    assert_eq!(paid, [(PaymentMethod::Card, Money(-3_248))], "what was shown is what went back");
    assert_eq!(store.receipt(&refund).unwrap(), text, "the refund's receipt is kept as shown");
    let approver: Option<String> = store
        .conn()
        .query_row(
            "SELECT approved_by FROM audit_log WHERE action = 'refund' AND sale_id = ?1",
            [&refund],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(approver.as_deref(), Some("boss"));
}

#[test]
fn a_cash_sale_comes_back_in_cash_and_without_a_manager_when_none_is_asked_for() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &config("none"));
    let sale = sell(&mut s, &mut w, PaymentMethod::Cash);
    let before = stock(&db, "PH-128");
    open_sale(&mut s, &mut w, &sale);
    // The phone: the first line.
    press(&mut s, &mut w, &["1"]);
    assert!(draw_text(&s, 140, 42).contains("Refund: $649.50 back in cash"), "the phone and its tax");
    press(&mut s, &mut w, &["Enter"]);
    assert!(matches!(s.overlay, Some(Overlay::Receipt { .. })), "{:?}", s.overlay);
    assert_eq!(stock(&db, "PH-128"), before + 1);
    let store = Store::open(&db).unwrap();
    let refund: String =
        store.conn().query_row("SELECT id FROM sales WHERE refund_of = ?1", [&sale], |r| r.get(0)).unwrap();
    let paid: Vec<(PaymentMethod, Money)> =
        store.payments(&refund).unwrap().iter().map(|p| (p.method, p.amount)).collect();
    assert_eq!(paid, [(PaymentMethod::Cash, Money(-64_950))]);
}

#[test]
fn no_more_comes_back_than_was_sold_also_after_a_partial_return() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &config("none"));
    let sale = sell(&mut s, &mut w, PaymentMethod::Card);
    open_sale(&mut s, &mut w, &sale);
    to_case(&mut s, &mut w);
    press(&mut s, &mut w, &["3"]);
    assert_eq!(
        form(&s).error.as_deref(),
        Some("Only 2 of Clear Case X5 can come back: 2 sold, 0 returned already.")
    );
    assert!(form(&s).quote.is_none(), "nothing chosen");
    // One case comes back now.
    press(&mut s, &mut w, &["+", "Enter"]);
    assert!(matches!(s.overlay, Some(Overlay::Receipt { .. })), "{:?}", s.overlay);
    act(&mut s, &mut w, [Action::Add]);
    // Then at most one more.
    open_sale(&mut s, &mut w, &sale);
    to_case(&mut s, &mut w);
    let shown = draw_text(&s, 140, 42);
    let row = |l: &str| l.replace('│', " ").split_whitespace().rev().take(4).collect::<Vec<_>>().join(" ");
    assert!(
        shown.lines().any(|l| l.contains("Clear Case X5") && row(l) == "0 1 1 2"),
        "sold 2, returned 1, returnable 1, none chosen:\n{shown}"
    );
    press(&mut s, &mut w, &["2"]);
    assert_eq!(
        form(&s).error.as_deref(),
        Some("Only 1 of Clear Case X5 can come back: 2 sold, 1 returned already.")
    );
    // The store refuses it too, whatever a window shows (another till may have refunded meanwhile).
    let mut store = Store::open(&db).unwrap();
    let e = store.refund(&sale, &[("CASE-CLR".into(), 2)], "T1", None, "boss").unwrap_err();
    assert!(e.to_string().contains("2 sold, 1 refunded already"), "{e}");
    assert_eq!(store.sale_lines(&sale).unwrap().iter().map(|l| l.refunded).sum::<i64>(), 1);
}

#[test]
fn an_unknown_sale_is_one_clear_line_and_a_scanned_receipt_loads_its_sale() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &config("none"));
    let sale = sell(&mut s, &mut w, PaymentMethod::Card);
    press(&mut s, &mut w, &["Ctrl-t"]);
    act(&mut s, &mut w, typed("T9-nothing"));
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(form(&s).error.as_deref(), Some("No sale has the id T9-nothing."));
    assert!(draw_text(&s, 140, 42).contains("No sale has the id T9-nothing."));
    // A scan while the window is open is the receipt's sale id, not an item for the cart.
    act(&mut s, &mut w, [Action::Scan(sale.clone())]);
    assert_eq!(form(&s).sale.as_ref().map(|x| x.lines.len()), Some(2));
    assert!(s.session.cart.is_empty(), "nothing went into the cart");
}

#[test]
fn the_reprint_equals_the_receipt_printed_at_the_sale_and_the_file_written() {
    let (dir, db) = shop_db();
    let mut config = config("none");
    Arc::make_mut(&mut config.shop).receipt_dir = Some(dir.path().join("receipts"));
    let (mut s, mut w) = start(&db, &config);
    act(
        &mut s,
        &mut w,
        [Action::Scan(PHONE.into()), Action::Scan(CASE.into()), Action::Checkout, Action::Add],
    );
    let Some(Overlay::Receipt { text: printed }) = s.overlay.clone() else { panic!("{:?}", s.overlay) };
    let sale = s.session.last_sale.clone().unwrap().id;
    act(&mut s, &mut w, [Action::Add]);
    let file = std::fs::read_to_string(dir.path().join("receipts").join(format!("{sale}.txt"))).unwrap();
    assert_eq!(file, printed);
    assert_eq!(
        Store::open(&db).unwrap().receipt(&sale).unwrap(),
        printed,
        "what `counterpart receipt` prints"
    );
    // Ctrl-p in the return window, with the id typed.
    press(&mut s, &mut w, &["F11"]);
    act(&mut s, &mut w, typed(&sale));
    press(&mut s, &mut w, &["Ctrl-p"]);
    let Some(Overlay::Receipt { text }) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert_eq!(text, &printed);
}

/// The window over a loaded sale, built by hand so the snapshot holds still.
fn window_over_a_sale(w: u16, h: u16) -> State {
    let (mut s, _) = super::loaded(super::shop_catalog(), w, h);
    let line = |no: i64, sku: &str, name: &str, qty: i64, refunded: i64, unit: i64| SoldLine {
        line_no: no,
        sku: sku.into(),
        name: name.into(),
        qty,
        refunded,
        unit_price: Money(unit),
        line_total: Money(unit * qty),
    };
    let sale = ReturnSale {
        id: "T1-20261129-120000-0123456789ab".into(),
        lines: vec![
            line(1, "PH-128", "Aurora X5 128 GB", 1, 0, 60_000),
            line(2, "CASE-CLR", "Clear Case X5", 2, 1, 3_000),
        ],
    };
    let quote = RefundQuote {
        sale_id: sale.id.clone(),
        currency: "USD".into(),
        lines: vec![QuotedLine {
            sku: "CASE-CLR".into(),
            name: "Clear Case X5".into(),
            qty: 1,
            unit_price: Money(3_000),
            amount: Money(3_000),
            tax: Money::ZERO,
        }],
        amounts: Money(3_000),
        tax: Money::ZERO,
        back: Money(3_000),
        pay_back: vec![(PaymentMethod::Card, Money(3_000))],
        simulated: false,
    };
    let form = ReturnForm {
        input: sale.id.clone(),
        sel: 1,
        qty: vec![0, 1],
        sale: Some(sale),
        quote: Some(quote),
        ..ReturnForm::default()
    };
    s.overlay = Some(Overlay::Return(Box::new(form)));
    s
}

#[test]
fn snapshot_the_return_window_120x40() {
    let s = window_over_a_sale(120, 40);
    let text = draw_text(&s, 120, 40);
    assert!(text.contains("Refund: $30.00 back to card"), "{text}");
    insta::assert_snapshot!("return_120x40", text);
}

#[test]
fn snapshot_the_return_window_80x24() {
    let s = window_over_a_sale(80, 24);
    let text = draw_text(&s, 80, 24);
    assert!(text.contains("Clear Case X5"), "{text}");
    insta::assert_snapshot!("return_80x24", text);
}

#[test]
fn every_size_draws_the_return_window() {
    let mut s = window_over_a_sale(120, 40);
    for w in (1..=130).step_by(9) {
        for h in (1..=44).step_by(5) {
            s.size = (w, h);
            draw_text(&s, w, h);
        }
    }
}

#[test]
fn the_attached_customers_sales_are_picked_with_the_arrows_and_enter() {
    use crate::customers::{Actor, Consent, NewCustomer};
    let (_d, db) = shop_db();
    let mut store = Store::open(&db).unwrap();
    let c = NewCustomer::parse(Some("Priya Shah"), None, None, Some("LOY-12345"), vec![Consent::Profiling])
        .unwrap();
    store.add_customer(&c, Actor { terminal: "T1", staff_id: None }).unwrap();
    drop(store);
    let (mut s, mut w) = start(&db, &config("none"));
    act(&mut s, &mut w, [Action::Scan("LOY-12345".into())]);
    let first = sell(&mut s, &mut w, PaymentMethod::Card);
    act(&mut s, &mut w, [Action::Scan("LOY-12345".into()), Action::Scan(PHONE.into())]);
    act(&mut s, &mut w, [Action::Checkout, Action::Add, Action::Add]);
    let second = s.session.last_sale.clone().unwrap().id;
    // Attached again: their two sales, newest first.
    act(&mut s, &mut w, [Action::Scan("LOY-12345".into())]);
    press(&mut s, &mut w, &["F11"]);
    let shown = draw_text(&s, 140, 42);
    let at = |id: &str| shown.find(id).unwrap_or_else(|| panic!("{id} not listed:\n{shown}"));
    assert!(shown.contains("Priya Shah's sales:") && at(&second) < at(&first), "{shown}");
    press(&mut s, &mut w, &["Down", "Enter"]);
    assert_eq!(form(&s).sale.as_ref().map(|x| (x.id.as_str(), x.lines.len())), Some((first.as_str(), 2)));
    // Ctrl-p reprints the sale picked; it is the receipt kept at the sale.
    press(&mut s, &mut w, &["Ctrl-p"]);
    let Some(Overlay::Receipt { text }) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert_eq!(text, &Store::open(&db).unwrap().receipt(&first).unwrap());
}

#[test]
fn without_a_database_the_return_window_says_there_are_no_sales() {
    let (mut s, mut w) = super::shop();
    press(&mut s, &mut w, &["F11"]);
    act(&mut s, &mut w, typed("T1-anything"));
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(form(&s).error.as_deref(), Some("No sales here: this screen keeps none."));
    assert!(!form(&s).loading, "not left waiting");
}
