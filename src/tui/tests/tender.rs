//! Split tender on the selling screen, through the real keymap, `update`,
//! worker and store: part card, part cash; what is left shown as parts are
//! taken; change only on the cash that covers the rest; each payment on the
//! receipt and in the database.

use super::{act, draw_text, shop_db, start, status, typed};
use crate::checkout::{Payment, PaymentMethod};
use crate::config::Config;
use crate::money::Money;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::state::Overlay;

fn payment(method: PaymentMethod, amount: i64, tendered: i64, change: i64) -> Payment {
    Payment { method, amount: Money(amount), tendered: Money(tendered), change: Money(change) }
}

#[test]
fn part_card_part_cash_records_both_payments_and_the_receipt_lists_them() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    // The phone: 600.00 and 8.25 % tax, 649.50.
    act(&mut s, &mut w, [Action::Scan("2000000000015".into()), Action::Checkout]);
    act(&mut s, &mut w, typed("300"));
    assert!(draw_text(&s, 140, 42).contains("then $349.50 left"), "{}", draw_text(&s, 140, 42));
    act(&mut s, &mut w, [Action::Add]);
    let screen = draw_text(&s, 140, 42);
    assert!(screen.contains("Paid (card) $300.00") && screen.contains("Left to pay $349.50"), "{screen}");
    assert!(s.session.last_sale.is_none(), "nothing is recorded before the rest is paid");
    // The rest in cash: 400.00 handed over.
    act(&mut s, &mut w, [Action::NextPane]);
    act(&mut s, &mut w, typed("400"));
    assert!(draw_text(&s, 140, 42).contains("change $50.50"));
    act(&mut s, &mut w, [Action::Add]);
    let Some(Overlay::Receipt { text }) = &s.overlay else {
        panic!("no receipt: {:?} {}", s.overlay, status(&s))
    };
    let tail: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("TOTAL")).collect();
    assert!(tail[0].ends_with("$649.50"), "{text}");
    assert!(tail[1].starts_with("Paid (card)") && tail[1].ends_with("$300.00"), "{text}");
    assert!(tail[2].starts_with("Paid (cash)") && tail[2].ends_with("$400.00"), "{text}");
    assert!(tail[3].starts_with("Change") && tail[3].ends_with("$50.50"), "{text}");
    let sale = s.session.last_sale.clone().expect("sold");
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.payments(&sale.id).unwrap(),
        [
            payment(PaymentMethod::Card, 30_000, 30_000, 0),
            payment(PaymentMethod::Cash, 34_950, 40_000, 5_050)
        ]
    );
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_card_part_above_what_is_left_is_refused_and_backspace_takes_back_the_last_part() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000015".into()), Action::Checkout]);
    act(&mut s, &mut w, typed("200"));
    act(&mut s, &mut w, [Action::Add]);
    act(&mut s, &mut w, typed("500"));
    act(&mut s, &mut w, [Action::Add]);
    let Some(Overlay::Checkout(form)) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert_eq!(
        form.error.as_deref(),
        Some("card payment of $500.00 is more than the $449.50 left to pay: only cash gives change")
    );
    assert_eq!(form.parts.len(), 1, "the refused part is not taken");
    // Backspace clears the amount typed, then takes back the 200.00 part.
    act(&mut s, &mut w, std::iter::repeat_n(Action::Backspace, 4));
    let Some(Overlay::Checkout(form)) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert!(form.parts.is_empty() && form.tendered.is_empty(), "{form:?}");
    // Other, then the rest by card (Enter with nothing typed).
    act(&mut s, &mut w, [Action::NextPane, Action::NextPane]);
    act(&mut s, &mut w, typed("49.50"));
    act(&mut s, &mut w, [Action::Add, Action::NextPane, Action::Add]);
    assert!(matches!(s.overlay, Some(Overlay::Receipt { .. })), "{:?} {}", s.overlay, status(&s));
    let sale = s.session.last_sale.clone().expect("sold");
    let paid = Store::open(&db).unwrap().payments(&sale.id).unwrap();
    assert_eq!(
        paid,
        [payment(PaymentMethod::Other, 4_950, 4_950, 0), payment(PaymentMethod::Card, 60_000, 60_000, 0)]
    );
}
