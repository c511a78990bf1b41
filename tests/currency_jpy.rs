//! A store that sells in yen reads right everywhere: the selling screen's
//! panes (search results, cart, "Goes well with" with its reasons and talking
//! points, upgrade price steps and generated talking points), the checkout,
//! the receipt, and `counterpart suggest` as text and JSON. Yen have no minor
//! unit, so every amount must read `¥69,900`, never `¥699.00`, `¥69900.00`
//! or with a dollar sign.
//!
//! The demo catalog is written in dollars with two decimals, which a yen
//! store refuses ("more decimals than the currency has"), so the test turns
//! it into a yen catalog first: every amount's minor units become whole yen
//! (`19.99` → `1999`, `699.00` → `69900`), and the protection plans' bands in
//! their names and descriptions with them.

mod common;
#[path = "tui_fixture.rs"]
mod fixture;

use std::path::Path;

use counterpart::config::Config;
use counterpart::money::Currency;
use counterpart::store::Store;
use counterpart::tui::action::Action;
use counterpart::tui::keymap::KeyMap;
use counterpart::tui::state::{Overlay, Pane, Settings, State};
use counterpart::tui::view::theme::effective;
use counterpart::tui::worker::{Job, Till, Worker, settle};

fn yen() -> Currency {
    Currency::from_code("JPY", "¥").unwrap()
}

/// `"699.00"` → `"69900"`: the amount's minor units as whole yen.
fn to_yen(amount: &str) -> String {
    let (major, minor) = amount.split_once('.').expect("two decimals");
    assert_eq!(minor.len(), 2, "{amount}");
    let yen = major.parse::<i64>().unwrap() * 100 + minor.parse::<i64>().unwrap();
    yen.to_string()
}

/// Every `123.45` token in `text` (a number with exactly two decimals) in yen.
fn tokens_to_yen(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let two_decimals = i > start
            && bytes.get(i) == Some(&b'.')
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_digit)
            && !bytes.get(i + 3).is_some_and(u8::is_ascii_digit);
        if two_decimals {
            out.push_str(&to_yen(&text[start..i + 3]));
            i += 3;
        } else if i > start {
            out.push_str(&text[start..i]);
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The demo catalog with its prices, costs, bands and bundle savings in yen.
fn demo_in_yen() -> String {
    let mut out = String::new();
    for line in counterpart::demo::CATALOG_TOML.lines() {
        let key = line.split(" = ").next().unwrap_or("");
        let money = ["price", "cost", "cover_min", "cover_max", "discount"].contains(&key);
        let band_text = line.contains("priced ") || line.contains("(items ");
        out.push_str(&if money || band_text { tokens_to_yen(line) } else { line.to_string() });
        out.push('\n');
    }
    out
}

/// Every amount in `text` reads as whole yen with grouped thousands; returns how many there are.
fn assert_yen(what: &str, text: &str) -> usize {
    assert!(!text.contains('$'), "{what} shows a dollar sign:\n{text}");
    let mut amounts = 0;
    for (i, _) in text.match_indices('¥') {
        let rest = &text[i + '¥'.len_utf8()..];
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == ',').collect();
        let after = &rest[digits.len()..];
        let decimals = after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit());
        assert!(!digits.is_empty() && !decimals, "{what}: `¥{digits}{}` is not whole yen:\n{text}", {
            after.chars().take(4).collect::<String>()
        });
        let groups: Vec<&str> = digits.split(',').collect();
        if !after.starts_with('…') {
            assert!(
                groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3),
                "{what}: `¥{digits}` is not grouped by thousands:\n{text}"
            );
        }
        amounts += 1;
    }
    amounts
}

#[test]
fn the_yen_demo_catalog_has_whole_yen() {
    assert_eq!(to_yen("19.99"), "1999");
    assert_eq!(tokens_to_yen("items 0.00-99.99, 4.4 GHz, 6.35 mm"), "items 0-9999, 4.4 GHz, 635 mm");
    let doc = counterpart::catalog::toml_format::read("demo_yen.toml", demo_in_yen().as_bytes(), &yen())
        .expect("the yen demo imports");
    let usd = counterpart::demo::catalog(&Currency::usd()).unwrap();
    assert_eq!(doc.products.len(), usd.products.len());
    // The same minor units: ¥69,900 where the dollar store has $699.00.
    assert!(doc.products.iter().zip(&usd.products).all(|(y, d)| y.price == d.price && y.cost == d.cost));
    assert!(doc.products.iter().any(|p| p.name.contains("(items 50000-79999)")));
}

/// A database with the yen demo in `dir`.
fn yen_db(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("yen.db");
    let mut store = Store::open(&path).unwrap();
    let doc =
        counterpart::catalog::toml_format::read("demo_yen.toml", demo_in_yen().as_bytes(), &yen()).unwrap();
    store.import("demo_yen.toml", &doc, false).unwrap();
    store.ensure_staff("demo", "Demo Seller").unwrap();
    path
}

/// The selling screen on `db` in yen, started as `run()` starts it.
fn start(db: &Path) -> (State, Worker) {
    let config = Config::defaults();
    let store = Store::open(db).unwrap();
    let mut worker =
        Worker::new(store, config.suggestions.clone(), yen()).with_till(Till::from_config(&config));
    let settings = Settings::from_config(&config, yen(), effective(config.ui.theme, None));
    let mut state = State::new(settings, KeyMap::defaults(), "T1-yen-1");
    state.clock = "12:00".into();
    counterpart::tui::update::till::open_sign_in(&mut state);
    settle(&mut state, &mut worker, Action::Resize(140, 42));
    for job in [Job::LoadCatalog, Job::Effect(Effect::Resume)] {
        if let Some(reply) = worker.handle(job) {
            settle(&mut state, &mut worker, reply);
        }
    }
    (state, worker)
}

use counterpart::tui::state::Effect;

fn act(state: &mut State, worker: &mut Worker, actions: impl IntoIterator<Item = Action>) {
    for a in actions {
        settle(state, worker, a);
    }
}

fn screen(state: &State) -> String {
    fixture::draw_text(state, 140, 42)
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
    let s = &state.suggestions;
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
    let (crosses, ups) = (s.suggestions.cross_sell.len(), s.suggestions.upsell.len());
    assert!(crosses >= 3 && ups >= 2, "{:?}", s.suggestions);
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
    assert_eq!(s.cart.lines.len(), 4);
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
    assert_eq!(s.cart.lines.len(), 2, "a scan on the receipt starts the next cart");
    let texts = suggestion_texts(&s);
    assert!(texts.contains("saves ¥3,000"), "the Creator Kit's saving in yen:\n{texts}");
    assert_yen("the bundle's reasons", &texts);
    let crosses = s.suggestions.cross_sell.len();
    for (i, shown) in walk(&mut s, &mut w, Pane::CrossSell, crosses).iter().enumerate() {
        assert_yen(&format!("cross-sell {i} for the camera"), shown);
    }
}

#[test]
fn counterpart_suggest_shows_whole_yen() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("yen.toml"), "[store]\ncurrency = \"JPY\"\ncurrency_symbol = \"¥\"\n").unwrap();
    std::fs::write(d.join("demo_yen.toml"), demo_in_yen()).unwrap();
    common::ok(d, &["--config", "yen.toml", "--db", "yen.db", "import", "demo_yen.toml"]);
    let yen_suggest = |items: &[&str]| {
        let args = [&["--config", "yen.toml", "--db", "yen.db", "suggest"], items].concat();
        (common::ok(d, &args), common::ok(d, &[&args[..], &["--json"]].concat()))
    };

    let (text, json) = yen_suggest(&["PH-AUR-X5-128"]);
    assert!(text.contains("¥69,900") && text.contains("(plan for items 50000–79999)"), "{text}");
    assert!(text.contains("+¥10,000 (+14.3 %)") && text.contains("For ¥23,000 more: "), "{text}");
    assert_yen("`counterpart suggest`", &text);
    assert_yen("`counterpart suggest --json`", &json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(json.contains(r#""price":69900,"line_total":69900}"#), "{json}");
    assert!(json.contains(r#""price_delta":{"amount":10000,"percent":14.31}"#), "{json}");
    let prices = v["cart"].as_array().unwrap().iter().chain(v["cross_sell"].as_array().unwrap());
    for x in prices.chain(v["upsell"].as_array().unwrap()) {
        assert!(x["price"].is_u64(), "a yen price is a whole number: {x}");
    }

    let (text, json) = yen_suggest(&["CA-LUM-Z30", "ST-SWV-SD-128"]);
    assert!(text.contains("saves ¥3,000"), "{text}");
    assert_yen("`counterpart suggest` with a bundle", &text);
    assert!(json.contains("saves ¥3,000"), "{json}");
    assert_yen("`counterpart suggest --json` with a bundle", &json);

    // Swapping the phone of a complete bundle for an upgrade says what the bundle saved.
    let whole = ["PH-AUR-X5-128", "CS-AUR-X5-SIL", "SP-AUR-X5-GLS", "CB-CHG-35W", "--focus", "PH-AUR-X5-128"];
    let (text, json) = yen_suggest(&whole);
    assert!(text.contains("its ¥3,500 saving goes"), "{text}");
    assert!(json.contains(r#""saving":3500}"#), "{json}");
    assert_yen("`counterpart suggest` for a complete bundle", &text);
    assert_yen("`counterpart suggest --json` for a complete bundle", &json);
}

/// Whether `text` holds a number with exactly two decimals ("12.50").
fn has_cents(text: &str) -> bool {
    let b = text.as_bytes();
    (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b'.'
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
            && !b.get(i + 3).is_some_and(u8::is_ascii_digit)
    })
}

#[test]
fn a_synthetic_yen_catalog_writes_whole_yen() {
    let texts = |doc: &counterpart::catalog::doc::CatalogDoc| -> Vec<String> {
        let plans = doc.products.iter().filter(|p| p.cover.is_some()).flat_map(|p| [&p.name, &p.description]);
        let links = doc.links.iter().map(|l| &l.talking_point);
        plans.chain(links).chain(doc.bundles.iter().map(|b| &b.talking_point)).cloned().collect()
    };
    let dollars = texts(&counterpart::synthetic::generate(400, 3, &Currency::usd()));
    assert!(dollars.iter().filter(|t| has_cents(t)).count() > 10, "the dollar catalog writes cents");
    let yen_doc = counterpart::synthetic::generate(400, 3, &yen());
    let yen_texts = texts(&yen_doc);
    assert_eq!(yen_texts.len(), dollars.len());
    for t in &yen_texts {
        assert!(!has_cents(t) && !t.contains('$'), "{t}");
    }
    assert!(yen_texts.iter().any(|t| t.contains("(items 0-9999)")), "{yen_texts:?}");
}
