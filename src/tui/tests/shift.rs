//! The till's shift on the selling screen (F9), through the real keymap,
//! `update`, worker and store: opening with a float, the X-report mid-shift
//! (nothing closed), closing with the cash counted and the Z-report, a shift
//! closed elsewhere, and a till that sells only during a shift.

use std::sync::Arc;

use ratatui::crossterm::event::KeyCode;

use super::{act, draw_text, render, shop_db, start, status, typed};
use crate::config::Config;
use crate::money::{Currency, Money};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::keymap::Key;
use crate::tui::state::{Overlay, State};

/// The shift window's report text and error.
fn shift_window(s: &State) -> (String, Option<String>) {
    match &s.overlay {
        Some(Overlay::Shift(f)) => (f.report.clone().unwrap_or_default(), f.error.clone()),
        other => panic!("no shift window: {other:?}"),
    }
}

#[test]
fn f9_opens_a_shift_shows_the_x_report_and_closes_it_with_the_z_report() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    // F9 is the shift key, in the help and on the footer.
    assert_eq!(s.keymap.action_for(Key::plain(KeyCode::F(9)), false), Some(Action::Shift));
    assert!(draw_text(&s, 140, 42).lines().last().unwrap().contains("F9 shift"));
    act(&mut s, &mut w, [Action::Help]);
    assert!(draw_text(&s, 140, 42).contains("Open or close this till's shift, and see its X-report"));
    act(&mut s, &mut w, [Action::Cancel, Action::Shift]);
    let screen = draw_text(&s, 140, 42);
    assert!(
        screen.contains("No shift is open on till T1.") && screen.contains("Float put in the drawer"),
        "{screen}"
    );
    act(&mut s, &mut w, [Action::Add]);
    assert!(shift_window(&s).1.unwrap().starts_with("Type the float"));
    act(&mut s, &mut w, typed("100"));
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.overlay, None);
    assert_eq!(status(&s), "Shift opened with a float of $100.00. F9 shows its X-report and closes it.");
    assert!(draw_text(&s, 140, 42).lines().next().unwrap().contains("Demo Seller · shift open"));
    let shift = Store::open(&db).unwrap().current_shift("T1").unwrap().expect("open");
    assert_eq!((shift.float, shift.staff.as_str()), (Money(10_000), "demo"));

    // A sale of 649.50 paid with 700.00 in cash.
    act(&mut s, &mut w, [Action::Scan("2000000000015".into()), Action::Checkout, Action::NextPane]);
    act(&mut s, &mut w, typed("700"));
    act(&mut s, &mut w, [Action::Add, Action::Add]);
    assert!(s.session.last_sale.is_some());

    // The X-report: the drawer should hold 100.00 + 700.00 − 50.50. Esc closes nothing.
    act(&mut s, &mut w, [Action::Shift]);
    let (x, _) = shift_window(&s);
    assert!(x.contains("X-REPORT"), "{x}");
    let line =
        |text: &str, label: &str| text.lines().find(|l| l.starts_with(label)).unwrap_or("").to_string();
    assert!(line(&x, "Sales").ends_with(" 1"), "{x}");
    assert!(line(&x, "  Expected in the drawer").ends_with("$749.50"), "{x}");
    assert!(line(&x, "  cash").ends_with("$649.50"), "{x}");
    assert!(draw_text(&s, 140, 42).contains("Cash counted in the drawer"));
    act(&mut s, &mut w, [Action::Cancel]);
    assert!(Store::open(&db).unwrap().current_shift("T1").unwrap().is_some(), "the X-report closes nothing");

    // Closing with 749.00 counted: the Z-report says 0.50 short.
    act(&mut s, &mut w, [Action::Shift]);
    act(&mut s, &mut w, typed("749"));
    act(&mut s, &mut w, [Action::Add]);
    let (z, _) = shift_window(&s);
    assert!(z.contains("Z-REPORT"), "{z}");
    assert!(line(&z, "  Difference").ends_with("-$0.50 short"), "{z}");
    assert_eq!(status(&s), "Shift closed: its Z-report is recorded.");
    let store = Store::open(&db).unwrap();
    assert!(store.current_shift("T1").unwrap().is_none());
    let closed = store.shift(&shift.id).unwrap().unwrap();
    assert_eq!((closed.counted, closed.expected), (Some(Money(74_900)), Some(Money(74_950))));
    for (width, height) in (1..=90u16).flat_map(|w| (1..=30u16).map(move |h| (w, h))) {
        let _ = render(&s, width, height);
    }
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.overlay, None);
    assert!(!draw_text(&s, 140, 42).lines().next().unwrap().contains("shift open"));
    // The next F9 offers to open the next shift.
    act(&mut s, &mut w, [Action::Shift]);
    assert!(draw_text(&s, 140, 42).contains("No shift is open on till T1."));
}

#[test]
fn a_shift_closed_at_the_command_line_is_not_closed_again_from_the_till() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Shift]);
    act(&mut s, &mut w, typed("50"));
    act(&mut s, &mut w, [Action::Add, Action::Shift]);
    assert!(shift_window(&s).0.contains("X-REPORT"));
    // Meanwhile the manager closes it from the back office.
    Store::open(&db).unwrap().close_shift("T1", None, Money(5_000), &Currency::usd()).unwrap();
    act(&mut s, &mut w, typed("50"));
    act(&mut s, &mut w, [Action::Add]);
    let error = shift_window(&s).1.expect("refused");
    assert!(error.starts_with("till `T1` has no open shift: its last shift, `T1-shift-"), "{error}");
    assert!(error.ends_with("cannot be closed again"), "{error}");
}

#[test]
fn a_till_that_requires_a_shift_says_so_at_checkout_and_sells_into_the_shift_once_open() {
    let (_d, db) = shop_db();
    let mut config = Config::defaults();
    Arc::make_mut(&mut config.shop).require_shift = true;
    let (mut s, mut w) = start(&db, &config);
    assert!(draw_text(&s, 140, 42).lines().next().unwrap().contains("· no shift"));
    act(&mut s, &mut w, [Action::Scan("2000000000121".into()), Action::Checkout]);
    assert_eq!(s.overlay, None);
    assert_eq!(status(&s), "This till sells only during a shift, and none is open: F9 opens one.");
    act(&mut s, &mut w, [Action::Shift]);
    act(&mut s, &mut w, typed("20"));
    act(&mut s, &mut w, [Action::Add, Action::Checkout, Action::Add]);
    assert!(matches!(s.overlay, Some(Overlay::Receipt { .. })), "{:?} {}", s.overlay, status(&s));
    let store = Store::open(&db).unwrap();
    let shift = store.current_shift("T1").unwrap().expect("open");
    let rows = store.shift_rows(&shift.id).unwrap();
    assert_eq!(rows.records.len(), 1, "the sale is the shift's");
    assert_eq!(rows.records[0].id, s.session.last_sale.clone().unwrap().id);
}
