//! A store that sells in yen reads right everywhere: `counterpart suggest` as
//! text and JSON and generated catalogs here; the selling screen's panes, the
//! checkout and the receipt in src/tui/tests/yen.rs. Yen have no minor
//! unit, so every amount must read `¥69,900`, never `¥699.00`, `¥69900.00`
//! or with a dollar sign.
//!
//! The demo catalog is written in dollars with two decimals, which a yen
//! store refuses ("more decimals than the currency has"), so the test turns
//! it into a yen catalog first: every amount's minor units become whole yen
//! (`19.99` → `1999`, `699.00` → `69900`), and the protection plans' bands in
//! their names and descriptions with them.

mod common;
#[path = "common/yen.rs"]
mod yen;

use counterpart::money::Currency;

use self::yen::{assert_yen, demo_in_yen, to_yen, tokens_to_yen, yen};

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
