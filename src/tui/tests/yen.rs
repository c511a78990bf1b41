//! A yen store on the selling screen: search results, the cart, "Goes well
//! with" with its reasons and talking points, upgrade price steps and
//! generated talking points, the bundle line, the checkout and the receipt
//! all read as whole yen (`¥69,900`, never `¥699.00` or a dollar sign).

use std::path::Path;

use super::{act, draw_text};
use crate::config::Config;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::state::{Overlay, Pane, State};
use crate::tui::worker::Worker;

#[path = "../../../tests/common/yen.rs"]
mod yen_store;

use self::yen_store::{assert_yen, demo_in_yen, yen};

/// A database with the yen demo in `dir`.
fn yen_db(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("yen.db");
    let mut store = Store::open(&path).unwrap();
    let doc = crate::catalog::toml_format::read("demo_yen.toml", demo_in_yen().as_bytes(), &yen()).unwrap();
    store.import("demo_yen.toml", &doc, false).unwrap();
    store.ensure_staff("demo", "Demo Seller").unwrap();
    path
}

/// The selling screen on `db` in a yen store, started as `run()` starts it.
fn start(db: &Path) -> (State, Worker) {
    let config = Config::from_str("[store]\ncurrency = \"JPY\"\ncurrency_symbol = \"¥\"\n", "yen.toml", None)
        .expect("a yen store's configuration");
    super::start(db, &config)
}

fn screen(state: &State) -> String {
    draw_text(state, 140, 42)
}

/// Draws every entry of the focused suggestion pane (each shows its reason
/// and talking point when highlighted) and returns the screens.
fn walk(state: &mut State, worker: &mut Worker, pane: Pane, count: usize) -> Vec<String> {
    while state.focus != pane {
        act(state, worker, [Action::NextPane]);
    }
    act(state, worker, [Action::First]);
    let mut screens = Vec::new();
    for _ in 0..count {
        screens.push(screen(state));
        act(state, worker, [Action::Down]);
    }
    screens
}

/// The reasons and talking points of both suggestion lists, one a line.
fn suggestion_texts(state: &State) -> String {
    let s = &state.suggest.lists;
    let cross = s.cross_sell.iter().flat_map(|x| [x.reason.as_str(), x.talking_point.as_str()]);
    cross.chain(s.upsell.iter().map(|u| u.talking_point.as_str())).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_selling_screen_and_the_receipt_show_whole_yen() {
    let dir = tempfile::tempdir().unwrap();
    let db = yen_db(dir.path());
    let (mut s, mut w) = start(&db);

    // Search results and the details of the highlighted one.
    act(&mut s, &mut w, "aurora x5".chars().map(Action::Type));
    let results = screen(&s);
    assert!(results.contains("¥69,900"), "the Aurora X5 128 GB costs ¥69,900:\n{results}");
    assert_yen("the search results", &results);
    act(&mut s, &mut w, (0..9).map(|_| Action::Backspace));

    // A phone in the cart: its protection plan, its upgrades and their price steps.
    act(&mut s, &mut w, [Action::Scan("PH-AUR-X5-128".into())]);
    let cart = screen(&s);
    assert!(cart.contains("¥69,900"), "{cart}");
    assert_yen("the cart", &cart);
    let texts = suggestion_texts(&s);
    assert!(texts.contains("(plan for items 50000–79999)"), "the plan's band in whole yen:\n{texts}");
    assert!(texts.contains("For ¥23,000 more: "), "a generated upgrade talking point in yen:\n{texts}");
    assert_yen("the suggestions' reasons and talking points", &texts);
    let (crosses, ups) = (s.suggest.lists.cross_sell.len(), s.suggest.lists.upsell.len());
    assert!(crosses >= 3 && ups >= 2, "{:?}", s.suggest.lists);
    for (i, shown) in walk(&mut s, &mut w, Pane::CrossSell, crosses).iter().enumerate() {
        assert_yen(&format!("cross-sell {i}"), shown);
    }
    let upgrades = walk(&mut s, &mut w, Pane::Upsell, ups);
    assert!(upgrades[0].contains("+¥10,000 (+14.3 %)"), "the price step in yen:\n{}", upgrades[0]);
    assert!(upgrades.iter().any(|u| u.contains("For ¥23,000 more")), "{}", upgrades.join("\n"));
    for (i, shown) in upgrades.iter().enumerate() {
        assert_yen(&format!("upgrade {i}"), shown);
    }

    // Completing the Essentials bundle gives its saving as a line of its own.
    let rest = ["CS-AUR-X5-SIL", "SP-AUR-X5-GLS", "CB-CHG-35W"];
    act(&mut s, &mut w, rest.map(|sku| Action::Scan(sku.into())));
    assert_eq!(s.session.cart.lines.len(), 4);
    let bundled = screen(&s);
    assert!(bundled.contains("¥3,500"), "the bundle line:\n{bundled}");
    assert_yen("the cart with a bundle", &bundled);

    // Checkout and the receipt.
    act(&mut s, &mut w, [Action::Checkout]);
    let checkout = screen(&s);
    assert!(checkout.contains("TOTAL ¥"), "{checkout}");
    assert_yen("the checkout", &checkout);
    act(&mut s, &mut w, [Action::Add]);
    let Some(Overlay::Receipt { text }) = &s.overlay else { panic!("no receipt: {:?}", s.overlay) };
    assert!(text.contains("¥69,900") && text.contains("¥3,500"), "{text}");
    assert!(assert_yen("the receipt", text) >= 8, "{text}");
    assert_yen("the receipt on screen", &screen(&s));

    // The next customer: a bundle the cart can complete says what it saves.
    act(&mut s, &mut w, ["CA-LUM-Z30", "ST-SWV-SD-128"].map(|sku| Action::Scan(sku.into())));
    assert_eq!(s.session.cart.lines.len(), 2, "a scan on the receipt starts the next cart");
    let texts = suggestion_texts(&s);
    assert!(texts.contains("saves ¥3,000"), "the Creator Kit's saving in yen:\n{texts}");
    assert_yen("the bundle's reasons", &texts);
    let crosses = s.suggest.lists.cross_sell.len();
    for (i, shown) in walk(&mut s, &mut w, Pane::CrossSell, crosses).iter().enumerate() {
        assert_yen(&format!("cross-sell {i} for the camera"), shown);
    }
}
