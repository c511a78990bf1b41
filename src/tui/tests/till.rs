//! The till on the selling screen with a real database behind it: checkout
//! and the receipt, short cash, the busy retry, parking and recalling, the
//! cart saved as it changes and recovered after a crash, the last sale at
//! start, parking on quit, and staff sign-in.

use super::{act, draw_text, render, shop_db, start, status, typed};
use crate::cart::Origin;
use crate::config::{Config, SignIn};
use crate::money::{Currency, Money};
use crate::store::Store;
use crate::store::staff::Role;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::msg::Reply;
use crate::tui::state::{Overlay, Pane, State};
use crate::tui::testing::settle;
use crate::tui::update::update;
use crate::tui::worker::Worker;
use std::sync::Arc;

#[test]
fn checkout_records_the_sale_and_shows_the_receipt() {
    let (_d, db) = shop_db();
    let config = Config::defaults();
    let (mut s, mut w) = start(&db, &config);
    act(&mut s, &mut w, [Action::Scan("2000000000015".into())]);
    while s.focus != Pane::CrossSell {
        act(&mut s, &mut w, [Action::NextPane]);
    }
    act(&mut s, &mut w, [Action::Add]); // the first cross-sell
    assert_eq!(s.session.cart.lines.len(), 2);
    assert_eq!(s.session.cart.lines[1].origin, Origin::CrossSell);
    act(&mut s, &mut w, [Action::Checkout]);
    let screen = draw_text(&s, 140, 42);
    assert!(screen.contains("Checkout") && screen.contains("TOTAL $681.98"), "{screen}");
    act(&mut s, &mut w, [Action::NextPane]); // card → cash
    act(&mut s, &mut w, typed("700"));
    assert!(draw_text(&s, 140, 42).contains("change $18.02"));
    act(&mut s, &mut w, [Action::Add]);
    let Some(Overlay::Receipt { text }) = &s.overlay else { panic!("no receipt: {:?}", s.overlay) };
    assert!(text.contains("Aurora X5 128 GB") && text.contains("Clear Case X5"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("TOTAL") && l.ends_with("$681.98")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("Change") && l.ends_with("$18.02")), "{text}");
    assert!(draw_text(&s, 140, 42).contains("Receipt"));
    let sale = s.session.last_sale.clone().unwrap();
    assert!(s.session.cart.is_empty(), "a new customer starts with an empty cart");
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.overlay, None);
    let screen = draw_text(&s, 140, 42);
    assert!(
        screen.contains("Last sale on this till: $681.98"),
        "the empty cart says what was sold last:\n{screen}"
    );
    let store = Store::open(&db).unwrap();
    let lines = store.sale_lines(&sale.id).unwrap();
    assert_eq!(lines.len(), 2);
    // What was shown and what was taken is recorded against the sale, for the KPIs.
    let events = store.sale_suggestion_events(&sale.id).unwrap();
    let has = |list: &str, event: &str, sku: &str| {
        events
            .iter()
            .any(|e| (e.0.as_str(), e.1.as_str(), e.2.as_str(), e.3.as_str()) == (list, event, sku, "pane"))
    };
    assert!(has("cross_sell", "shown", "CASE-CLR") && has("cross_sell", "added", "CASE-CLR"), "{events:?}");
    assert!(has("upsell", "shown", "PH-256"), "{events:?}");
    assert_eq!(store.last_sale("T1").unwrap().unwrap().total, Money(68_198));
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn too_little_is_a_part_payment_and_leaving_checkout_records_nothing() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000015".into()), Action::Checkout, Action::NextPane]);
    act(&mut s, &mut w, typed("50"));
    act(&mut s, &mut w, [Action::Add]);
    let Some(Overlay::Checkout(form)) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert_eq!((form.parts.len(), form.error.as_deref()), (1, None), "{form:?}");
    assert_eq!(status(&s), "Part payment taken: $599.50 left to pay.");
    assert!(draw_text(&s, 140, 42).contains("Left to pay $599.50"));
    assert_eq!(s.session.cart.lines.len(), 1);
    act(&mut s, &mut w, [Action::Cancel]);
    assert_eq!(s.overlay, None);
    assert!(status(&s).contains("part payment(s) taken were not recorded"), "{}", status(&s));
    act(&mut s, &mut w, [Action::Checkout]);
    assert!(matches!(&s.overlay, Some(Overlay::Checkout(f)) if f.parts.is_empty()), "a fresh start");
    assert_eq!(Store::open(&db).unwrap().sale_count().unwrap(), 0);
}

#[test]
fn a_busy_database_retries_the_same_sale_and_keeps_the_cart() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000015".into()), Action::Checkout]);
    let fx = update(&mut s, Action::Add);
    let Some(Effect::Commit(draft)) = fx.into_iter().find(|e| matches!(e, Effect::Commit(_))) else {
        panic!("no commit asked for")
    };
    let fx = update(&mut s, Reply::Busy(draft.clone()));
    assert_eq!(status(&s), "database busy, retrying");
    assert!(matches!(&fx[..], [Effect::Commit(again)] if again.id == draft.id), "{fx:?}");
    assert_eq!(s.session.cart.lines.len(), 1);
    // The retry lands once, even if it is sent twice.
    for _ in 0..2 {
        if let Some(reply) = w.handle(Effect::Commit(draft.clone())) {
            settle(&mut s, &mut w, reply);
        }
    }
    assert_eq!(Store::open(&db).unwrap().sale_count().unwrap(), 1);
}

#[test]
fn park_then_recall_brings_the_cart_back() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000091".into())]);
    act(&mut s, &mut w, [Action::Park]);
    assert!(s.session.cart.is_empty());
    assert!(status(&s).starts_with("Parked"), "{}", status(&s));
    act(&mut s, &mut w, [Action::Park]);
    let Some(Overlay::Park { carts: Some(list), .. }) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert_eq!(list.len(), 1);
    assert!(draw_text(&s, 140, 42).contains("Tessel 50 in TV"));
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.session.cart.lines[0].sku, "TV-50");
    assert!(status(&s).contains("Recalled a cart with 1 item(s)"), "{}", status(&s));
    assert!(Store::open(&db).unwrap().parked_carts().unwrap().is_empty());
}

#[test]
fn the_cart_in_progress_survives_a_crash_and_the_last_sale_shows_at_start() {
    let (_d, db) = shop_db();
    let config = Config::defaults();
    {
        let (mut s, mut w) = start(&db, &config);
        act(
            &mut s,
            &mut w,
            [Action::Scan("2000000000015".into()), Action::Checkout, Action::Add, Action::Add],
        );
        act(&mut s, &mut w, [Action::Scan("2000000000121".into()), Action::More]);
        // The process dies here: no quit, no park.
    }
    let (s, _w) = start(&db, &config);
    assert_eq!(s.session.cart.lines.len(), 1);
    // Every change was saved as it happened, the last key press (+1) included.
    assert_eq!((s.session.cart.lines[0].sku.as_str(), s.session.cart.lines[0].qty), ("HDMI-2M", 2));
    let st = status(&s);
    assert!(st.contains("Recovered the cart in progress") && st.contains("Last sale on T1: $649.50"), "{st}");
    assert!(s.session.last_sale.is_some());
}

#[test]
fn quitting_with_a_cart_parks_it() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000015".into()), Action::Quit, Action::Confirm]);
    assert!(s.quit);
    let parked = Store::open(&db).unwrap().parked_carts().unwrap();
    assert_eq!(parked.len(), 1);
    assert!(parked[0].label.contains("left at quit"), "{}", parked[0].label);
}

#[test]
fn staff_sign_in_with_a_pin() {
    let (_d, db) = shop_db();
    Store::open(&db).unwrap().upsert_staff("ann", "Ann Lee", Role::Cashier, Some("4321")).unwrap();
    let mut config = Config::defaults();
    Arc::make_mut(&mut config.shop).sign_in = SignIn::Pin;
    let (mut s, mut w) = start(&db, &config);
    assert!(matches!(s.overlay, Some(Overlay::SignIn(_))), "sign-in comes first");
    act(&mut s, &mut w, typed("ann"));
    act(&mut s, &mut w, [Action::Add]);
    act(&mut s, &mut w, typed("0000"));
    act(&mut s, &mut w, [Action::Add]);
    let Some(Overlay::SignIn(form)) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert!(form.error.as_deref().unwrap_or("").contains("wrong PIN"), "{form:?}");
    assert!(!draw_text(&s, 140, 42).contains("0000"), "a PIN is never shown");
    // The failed try went back to the id; Tab moves to the PIN as Enter does.
    act(&mut s, &mut w, [Action::NextPane]);
    act(&mut s, &mut w, typed("4321"));
    let Some(Overlay::SignIn(form)) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert_eq!((form.id.as_str(), form.pin.as_str()), ("ann", "4321"));
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.overlay, None);
    assert_eq!(s.settings.staff_id.as_deref(), Some("ann"));
    assert!(draw_text(&s, 140, 42).contains("Ann Lee"));
}

#[test]
fn a_small_discount_is_given_alone_a_big_one_needs_a_manager_and_is_audited() {
    let (_d, db) = shop_db();
    Store::open(&db).unwrap().upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000015".into())]);
    while s.focus != Pane::Cart {
        act(&mut s, &mut w, [Action::NextPane]);
    }
    // 10 % is within the cap: applied at once.
    act(&mut s, &mut w, [Action::Discount]);
    act(&mut s, &mut w, typed("10%"));
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.overlay, None);
    assert_eq!(s.session.cart.lines[0].total(), Money(54_000));
    assert!(draw_text(&s, 140, 42).contains("discount 10 % -$60.00"));
    // 25 % needs a manager: a wrong PIN is refused, the right one applies and is recorded.
    act(&mut s, &mut w, [Action::Discount]);
    act(&mut s, &mut w, typed("25%"));
    act(&mut s, &mut w, [Action::Add]);
    assert!(matches!(&s.overlay, Some(Overlay::Discount(f)) if f.stage == 1));
    act(&mut s, &mut w, typed("boss"));
    act(&mut s, &mut w, [Action::Add]);
    act(&mut s, &mut w, typed("1111"));
    act(&mut s, &mut w, [Action::Add]);
    let Some(Overlay::Discount(form)) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert!(form.error.as_deref().unwrap_or("").contains("wrong PIN"), "{form:?}");
    assert_eq!(s.session.cart.lines[0].total(), Money(54_000), "not applied without approval");
    act(&mut s, &mut w, typed("2468"));
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.overlay, None);
    assert_eq!(s.session.cart.lines[0].total(), Money(45_000));
    act(&mut s, &mut w, [Action::Checkout, Action::Add]);
    let sale = s.session.last_sale.clone().expect("sold");
    let store = Store::open(&db).unwrap();
    let log = store.audit_log().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].action.as_str(), log[0].approved_by.as_deref()), ("discount", Some("boss")));
    assert_eq!(log[0].sale_id.as_deref(), Some(sale.id.as_str()));
    assert_eq!(store.sale_lines(&sale.id).unwrap()[0].line_total, Money(45_000));
}

#[test]
fn a_discount_larger_than_the_line_is_refused() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000121".into()), Action::Discount]);
    act(&mut s, &mut w, typed("20.00"));
    act(&mut s, &mut w, [Action::Add]);
    let Some(Overlay::Discount(form)) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert!(form.error.as_deref().unwrap_or("").contains("more than the $15.00"), "{form:?}");
    assert_eq!(s.session.cart.discount, None);
}

#[test]
fn a_failed_commit_keeps_the_cart_and_says_why() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000015".into()), Action::Checkout]);
    let fx = update(&mut s, Action::Add);
    assert!(fx.iter().any(|e| matches!(e, Effect::Commit(_))));
    update(&mut s, Reply::CommitFailed("disk I/O error".into()));
    let Some(Overlay::Checkout(form)) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert_eq!(form.error.as_deref(), Some("disk I/O error"));
    assert!(!form.sending, "the salesperson can try again");
    assert_eq!(s.session.cart.lines.len(), 1);
    assert!(status(&s).contains("The cart is kept"), "{}", status(&s));
}

#[test]
fn receipts_are_written_to_the_configured_folder() {
    let (dir, db) = shop_db();
    let mut config = Config::defaults();
    Arc::make_mut(&mut config.shop).receipt_dir = Some(dir.path().join("receipts"));
    let (mut s, mut w) = start(&db, &config);
    act(&mut s, &mut w, [Action::Scan("2000000000121".into()), Action::Checkout, Action::Add]);
    let sale = s.session.last_sale.clone().expect("sold");
    let file = dir.path().join("receipts").join(format!("{}.txt", sale.id));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("HDMI Cable 2 m") && text.contains("TOTAL"), "{text}");
    let Some(Overlay::Receipt { text: shown }) = &s.overlay else { panic!("{:?}", s.overlay) };
    assert_eq!(shown, &text, "the screen shows what was written");
}

#[test]
fn a_protection_plan_added_from_the_suggestions_stays_attached_to_its_item() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000015".into())]);
    while s.focus != Pane::CrossSell {
        act(&mut s, &mut w, [Action::NextPane]);
    }
    let at =
        s.suggest.lists.cross_sell.iter().position(|x| x.sku == "PLAN-1000").expect("the plan is offered");
    act(&mut s, &mut w, std::iter::repeat_n(Action::Down, at));
    act(&mut s, &mut w, [Action::Add]);
    let plan = s.session.cart.lines.iter().find(|l| l.sku == "PLAN-1000").expect("added");
    assert_eq!(plan.covers.as_deref(), Some("PH-128"));
    assert!(draw_text(&s, 140, 42).contains("covers the Aurora X5 128 GB"));
}

#[test]
fn a_catalog_imported_while_the_till_runs_is_picked_up() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000015".into())]);
    assert!(w.handle(Effect::CheckCatalog).is_none(), "nothing changed yet");
    // A manager imports a new price from another process.
    let mut other = Store::open(&db).unwrap();
    let doc = crate::catalog::csv_format::read(
        "price.csv",
        b"sku,barcode,name,brand,category,family,tier,price,cost,stock,active,description\n\
          HDMI-2M,2000000000121,HDMI Cable 2 m,Link,Cables,,,12.00,3.00,40,true,\n",
        &Currency::usd(),
    )
    .unwrap();
    other.import("price.csv", &doc, false).unwrap();
    let reloaded = w.handle(Effect::CheckCatalog).expect("the change is noticed");
    settle(&mut s, &mut w, reloaded);
    assert!(status(&s).contains("reloaded"), "{}", status(&s));
    let c = s.catalog.clone().unwrap();
    assert_eq!(c.product(c.by_sku("HDMI-2M").unwrap()).price, Money(1_200));
    assert_eq!(s.session.cart.lines[0].sku, "PH-128", "the cart is kept");
    act(&mut s, &mut w, [Action::Scan("2000000000121".into())]);
    assert_eq!(s.session.cart.lines[1].unit_price, Money(1_200), "new scans get the new price");
    assert!(draw_text(&s, 140, 42).contains("HDMI Cable 2 m"));
}

#[test]
fn every_till_window_draws_at_every_small_size_without_panicking() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000015".into())]);
    let mut windows: Vec<State> = Vec::new();
    let mut open = |s: &mut State, w: &mut Worker, actions: Vec<Action>| {
        let mut copy = s.clone();
        act(&mut copy, w, actions);
        assert!(copy.overlay.is_some(), "a window is open");
        windows.push(copy);
    };
    open(&mut s, &mut w, vec![Action::Checkout]);
    open(&mut s, &mut w, [vec![Action::Checkout, Action::NextPane], typed("1000.5")].concat());
    open(
        &mut s,
        &mut w,
        [vec![Action::Discount], typed("90%"), vec![Action::Add], typed("boss"), vec![Action::Add]].concat(),
    );
    open(&mut s, &mut w, vec![Action::Quit]);
    open(&mut s, &mut w, vec![Action::Budget]);
    let mut receipt = s.clone();
    act(&mut receipt, &mut w, [Action::Checkout, Action::Add]);
    windows.push(receipt);
    let mut parked = s.clone();
    act(&mut parked, &mut w, [Action::Park, Action::Park]);
    windows.push(parked);
    let mut config = Config::defaults();
    Arc::make_mut(&mut config.shop).sign_in = SignIn::Pin;
    let (sign_in, _w2) = start(&db, &config);
    windows.push(sign_in);
    for state in &windows {
        for width in 1..=90u16 {
            for height in 1..=30u16 {
                let _ = render(state, width, height);
            }
        }
    }
}

#[test]
fn stock_on_screen_follows_sales_here_and_at_other_tills() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    let stock = |s: &State, sku: &str| {
        let c = s.catalog.clone().unwrap();
        c.stock(c.by_sku(sku).unwrap())
    };
    assert_eq!(stock(&s, "PH-128"), 10);
    act(&mut s, &mut w, [Action::Scan("2000000000015".into()), Action::Checkout, Action::Add, Action::Add]);
    assert_eq!(stock(&s, "PH-128"), 9, "this till's sale shows at once");
    // Another till sells two HDMI cables.
    let mut other = Store::open(&db).unwrap();
    let c = other.load_catalog().unwrap();
    let mut cart = crate::cart::Cart::default();
    cart.add(c.product(c.by_sku("HDMI-2M").unwrap()), 2, Origin::Scan);
    let config = Config::defaults();
    let ctx = crate::checkout::SaleContext {
        shop: &config.shop,
        terminal: "T2",
        staff_id: None,
        kind: crate::checkout::SaleKind::Sale,
    };
    let draft = crate::checkout::prepare(
        &ctx,
        &cart,
        None,
        &[crate::checkout::Tender::rest(crate::checkout::PaymentMethod::Card)],
        vec![],
    )
    .unwrap();
    other.commit_sale(&draft, true).unwrap();
    let changed = w.handle(Effect::CheckCatalog).expect("the other till's sale is noticed");
    settle(&mut s, &mut w, changed);
    assert_eq!(stock(&s, "HDMI-2M"), 38);
    act(&mut s, &mut w, typed("hdmi"));
    assert!(draw_text(&s, 140, 42).contains("38 left"));
}

#[test]
fn more_than_the_shelf_holds_is_said_at_once_and_after_two_tills_sold_the_last_units() {
    let (_d, db) = shop_db();
    let config = Config::defaults();
    let (mut a, mut wa) = start(&db, &config);
    let (mut b, mut wb) = start(&db, &config);
    // Two of the three 512 GB phones on each till; neither knows of the other's cart.
    for (s, w) in [(&mut a, &mut wa), (&mut b, &mut wb)] {
        act(s, w, [Action::Scan("2000000000039".into()), Action::More]);
        assert_eq!(s.session.cart.lines[0].qty, 2);
        assert!(!status(s).contains("left in stock"), "{}", status(s));
    }
    act(&mut a, &mut wa, [Action::Checkout, Action::Add]);
    assert!(status(&a).starts_with("Sale ") && !status(&a).contains("stock"), "{}", status(&a));
    act(&mut b, &mut wb, [Action::Checkout, Action::Add]);
    assert!(matches!(b.overlay, Some(Overlay::Receipt { .. })), "allow_oversell: the sale goes through");
    assert!(
        status(&b).contains(
            "Sold more than the recorded stock (only 1 Aurora X5 512 GB left in stock): the stock count needs checking."
        ),
        "{}",
        status(&b)
    );
    // On the next customer's cart the shelf is what the tills sold down to.
    act(&mut b, &mut wb, [Action::Cancel, Action::Scan("2000000000039".into())]);
    assert_eq!(
        status(&b),
        "Added 1 × Aurora X5 512 GB ($1,000.00). No Aurora X5 512 GB left in stock: 1 in the cart."
    );
    // + past the shelf says so too.
    act(&mut a, &mut wa, [Action::Cancel, Action::Scan("2000000000114".into()), Action::More, Action::More]);
    assert_eq!(status(&a), "Only 2 Tessel 65 in TV left in stock: 3 in the cart.");
}

#[test]
fn after_a_recall_the_upgrades_are_for_the_highlighted_line_and_f6_swaps_it() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    // The phone first, then a cable: the cable is the last line.
    act(&mut s, &mut w, [Action::Scan("2000000000015".into()), Action::Scan("2000000000121".into())]);
    act(&mut s, &mut w, [Action::Park, Action::Park, Action::Add]);
    assert_eq!(s.session.cart.lines.len(), 2);
    assert_eq!(s.session.sel, 0);
    let up = s.suggest.lists.upsell.first().expect("the phone has an upgrade");
    assert_eq!(up.for_sku, "PH-128", "the upgrades follow the highlighted phone, not the last line");
    while s.focus != Pane::Upsell {
        act(&mut s, &mut w, [Action::NextPane]);
    }
    act(&mut s, &mut w, [Action::Swap]);
    let skus: Vec<&str> = s.session.cart.lines.iter().map(|l| l.sku.as_str()).collect();
    assert_eq!(skus, ["PH-256", "HDMI-2M"]);
}

#[test]
fn the_budget_box_replaces_the_budget_already_set() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000015".into()), Action::Budget]);
    act(&mut s, &mut w, typed("900"));
    act(&mut s, &mut w, [Action::Add, Action::Budget]);
    assert!(matches!(&s.overlay, Some(Overlay::Budget { input, .. }) if input == "900.00"));
    act(&mut s, &mut w, typed("1200"));
    assert!(matches!(&s.overlay, Some(Overlay::Budget { input, .. }) if input == "1200"), "{:?}", s.overlay);
    act(&mut s, &mut w, [Action::Add]);
    assert_eq!(s.session.cart.budget, Some(Money(120_000)));
    // The budget is what the customer pays: 1,200.00 less 600.00 and its tax.
    assert!(draw_text(&s, 140, 42).contains("$550.50 left"), "{}", draw_text(&s, 140, 42));
}

#[test]
fn the_keys_that_close_a_sale_stay_on_the_footer_whatever_the_message() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    act(&mut s, &mut w, [Action::Scan("2000000000015".into())]);
    for (w_, h) in [(160, 40), (140, 42), (120, 30), (100, 30), (90, 26)] {
        s.status = Some(crate::tui::state::Message {
            text: "The catalog changed and was reloaded: 15 products. Lines already in the cart keep their price.".into(),
            error: false,
        });
        let screen = draw_text(&s, w_, h);
        let footer = screen.lines().last().unwrap();
        assert!(footer.contains("F12 checkout"), "{w_}x{h}: {footer}");
        assert!(footer.contains("The catalog changed"), "{w_}x{h}: {footer}");
    }
}

#[test]
fn an_upgrade_that_ends_a_bundle_says_what_it_costs() {
    let (_d, db) = shop_db();
    let (mut s, mut w) = start(&db, &Config::defaults());
    // The Phone Starter Kit: phone, clear case, 30 W charger.
    for code in ["2000000000015", "2000000000046", "2000000000077"] {
        act(&mut s, &mut w, [Action::Scan(code.into())]);
    }
    assert_eq!(s.session.cart.price().bundle_savings, Money(1_500));
    act(&mut s, &mut w, [Action::First]);
    let up = s.suggest.lists.upsell.first().expect("the phone has an upgrade").clone();
    assert_eq!(up.bundle_lost, Some(("Phone Starter Kit bundle".to_string(), Money(1_500))));
    while s.focus != Pane::Upsell {
        act(&mut s, &mut w, [Action::NextPane]);
    }
    let screen = draw_text(&s, 140, 42);
    assert!(screen.contains("Swapping ends the Phone Starter Kit"), "{screen}");
    act(&mut s, &mut w, [Action::Swap]);
    assert_eq!(
        status(&s),
        "Swapped Aurora X5 128 GB for Aurora X5 256 GB (+$100.00 each). The Phone Starter Kit bundle saving of $15.00 no longer applies."
    );
    assert_eq!(s.session.cart.price().bundle_savings, Money::ZERO);
}
