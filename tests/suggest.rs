//! The suggestion engine on a small hand-made shop (tests/data/shop.toml):
//! each source, each filter, the ranking, the differences, determinism.

mod common;

use counterpart::catalog::Catalog;
use counterpart::config::SuggestionConfig;
use counterpart::money::{Currency, Money};
use counterpart::suggest::{Engine, Request, Source, Suggestions};

fn run(
    catalog: &Catalog,
    cfg: &SuggestionConfig,
    cart: &[&str],
    budget: Option<i64>,
    dismissed: &[&str],
) -> Suggestions {
    let usd = Currency::usd();
    let engine = Engine { catalog, config: cfg, currency: &usd };
    let cart: Vec<_> = cart.iter().map(|s| (catalog.by_sku(s).unwrap(), 1)).collect();
    // Without tax, the room a budget leaves is what the cart does not spend of it.
    let spent: Money = cart.iter().map(|&(p, q)| catalog.product(p).price * q).sum();
    let budget_room = budget.map(|b| Money(b) - spent);
    engine.suggest(&Request { cart, budget_room, dismissed: dismissed.to_vec(), ..Request::default() })
}

fn cross(s: &Suggestions) -> Vec<&str> {
    s.cross_sell.iter().map(|c| c.sku.as_str()).collect()
}

fn up(s: &Suggestions) -> Vec<&str> {
    s.upsell.iter().map(|u| u.sku.as_str()).collect()
}

#[test]
fn curated_links_are_offered_with_their_reason_and_talking_point() {
    let cat = common::shop();
    let s = run(&cat, &common::config().suggestions, &["PH-128"], None, &[]);
    let case = s.cross_sell.iter().find(|c| c.sku == "CASE-CLR").unwrap();
    assert_eq!(case.source, Source::Curated);
    assert_eq!(case.reason, "Curated for the Aurora X5 128 GB");
    assert_eq!(case.talking_point, "Phones land corner-first; this case takes the hit.");
    assert_eq!(case.for_sku, "PH-128");
}

#[test]
fn out_of_stock_and_inactive_products_are_not_offered() {
    let cat = common::shop();
    let mut cfg = common::config().suggestions;
    let s = run(&cat, &cfg, &["PH-128"], None, &[]);
    assert!(!cross(&s).contains(&"GLASS-X5"), "out of stock: {:?}", cross(&s));
    assert!(!cross(&s).contains(&"CHG-OLD"), "inactive: {:?}", cross(&s));
    cfg.hide_out_of_stock = false;
    let s = run(&cat, &cfg, &["PH-128"], None, &[]);
    assert!(cross(&s).contains(&"GLASS-X5"), "allowed when configured: {:?}", cross(&s));
    assert!(!cross(&s).contains(&"CHG-OLD"), "inactive is never offered");
}

#[test]
fn what_is_in_the_cart_or_covers_the_same_role_is_not_offered() {
    let cat = common::shop();
    let cfg = common::config().suggestions;
    let s = run(&cat, &cfg, &["PH-128", "CASE-CLR"], None, &[]);
    assert!(!cross(&s).contains(&"CASE-CLR"), "in cart");
    assert!(!cross(&s).contains(&"CASE-LTH"), "a second case for the same phone: {:?}", cross(&s));
    // PH-256 has its own curated link to the leather case, still covered by the clear case.
    let s = run(&cat, &cfg, &["PH-256", "CASE-CLR"], None, &[]);
    assert!(!cross(&s).contains(&"CASE-LTH"), "{:?}", cross(&s));
    let s = run(&cat, &cfg, &["PH-256"], None, &[]);
    assert!(cross(&s).contains(&"CASE-LTH"));
}

#[test]
fn only_the_best_product_of_each_role_is_offered() {
    let cat = common::shop();
    let s = run(&cat, &common::config().suggestions, &["PH-128"], None, &[]);
    let cases: Vec<&str> = cross(&s).into_iter().filter(|s| s.starts_with("CASE")).collect();
    assert_eq!(cases, ["CASE-CLR"], "one case for one phone");
}

#[test]
fn a_dismissed_suggestion_stays_hidden() {
    let cat = common::shop();
    let s = run(&cat, &common::config().suggestions, &["PH-128"], None, &["CASE-CLR", "PH-256"]);
    assert!(!cross(&s).contains(&"CASE-CLR"));
    assert!(!up(&s).contains(&"PH-256"), "dismissed upgrades are hidden too");
}

#[test]
fn the_budget_limits_both_lists() {
    let cat = common::shop();
    let cfg = common::config().suggestions;
    let s = run(&cat, &cfg, &["PH-128"], Some(64_000), &[]);
    assert!(s.cross_sell.iter().all(|c| c.price.0 <= 4_000), "{:?}", cross(&s));
    assert!(cross(&s).contains(&"CASE-CLR"));
    assert!(s.upsell.is_empty(), "+100 does not fit a 640 budget");
    let s = run(&cat, &cfg, &["PH-128"], Some(70_000), &[]);
    assert_eq!(up(&s), ["PH-256"]);
}

#[test]
fn upgrades_stay_within_the_price_step_next_step_first() {
    let cat = common::shop();
    let mut cfg = common::config().suggestions;
    let s = run(&cat, &cfg, &["PH-128"], None, &[]);
    assert_eq!(up(&s), ["PH-256"], "PH-512 is +66 %, over the 50 % step");
    cfg.max_upsell_step_percent = 70;
    let s = run(&cat, &cfg, &["PH-128"], None, &[]);
    assert_eq!(up(&s), ["PH-256", "PH-512"]);
    let u = &s.upsell[0];
    assert_eq!((u.price_delta, u.delta_basis_points), (Money(10_000), 1667));
    assert_eq!(u.source, Source::Curated);
    assert_eq!(s.upsell[1].source, Source::Family);
    // The top of a ladder has nothing above it.
    assert!(run(&cat, &cfg, &["PH-512"], None, &[]).upsell.is_empty());
}

#[test]
fn differences_compare_shared_attributes() {
    let cat = common::shop();
    let s = run(&cat, &common::config().suggestions, &["PH-128"], None, &[]);
    let diffs: Vec<String> = s.upsell[0].differences.iter().map(ToString::to_string).collect();
    assert_eq!(diffs, ["Storage: 128 GB → 256 GB", "Warranty: 1 year → 2 years"]);
}

#[test]
fn a_generated_talking_point_names_the_step_and_the_gain() {
    let cat = common::shop();
    let mut cfg = common::config().suggestions;
    cfg.max_upsell_step_percent = 100;
    let s = run(&cat, &cfg, &["PH-256"], None, &[]);
    let u = s.upsell.iter().find(|u| u.sku == "PH-512").unwrap();
    assert_eq!(u.talking_point, "For $300.00 more: twice the storage.");
    let s = run(&cat, &cfg, &["TV-50"], None, &[]);
    assert_eq!(s.upsell[0].talking_point, "For $100.00 more: 10 % more screen (55 in instead of 50 in).");
}

#[test]
fn bundles_offer_their_missing_items_with_the_saving() {
    let cat = common::shop();
    let s = run(&cat, &common::config().suggestions, &["CASE-CLR"], None, &[]);
    let phone = s.cross_sell.iter().find(|c| c.sku == "PH-128").unwrap();
    assert_eq!(phone.source, Source::Bundle);
    assert_eq!(
        phone.reason,
        "Part of the Phone Starter Kit bundle: with the 30 W USB-C Charger it saves $15.00"
    );
    assert!(cross(&s).contains(&"CHG-30W"));
    let s = run(&cat, &common::config().suggestions, &["CASE-CLR", "PH-128"], None, &[]);
    let charger = s.cross_sell.iter().find(|c| c.sku == "CHG-30W").unwrap();
    assert_eq!(charger.reason, "Completes the Phone Starter Kit bundle: saves $15.00");
}

#[test]
fn a_bundle_the_cart_cannot_complete_is_never_promised() {
    // With the 256 GB phone, the kit (built on the 128 GB) would need a second phone.
    let cat = common::shop();
    let s = run(&cat, &common::config().suggestions, &["PH-256", "CASE-CLR"], None, &[]);
    assert!(s.cross_sell.iter().all(|c| !c.reason.contains("bundle")), "{:?}", s.cross_sell);
}

#[test]
fn category_links_pick_the_fitting_service_band() {
    let cat = common::shop();
    let s = run(&cat, &common::config().suggestions, &["PH-128"], None, &[]);
    let plan = s.cross_sell.iter().find(|c| c.sku.starts_with("PLAN")).unwrap();
    assert_eq!(plan.sku, "PLAN-1000", "a 600.00 phone needs the 600-1499.99 plan");
    assert_eq!(plan.source, Source::Category);
    assert!(plan.reason.contains("Aurora X5 128 GB"), "{}", plan.reason);
    let s = run(&cat, &common::config().suggestions, &["TV-50"], None, &[]);
    let hdmi = s.cross_sell.iter().find(|c| c.sku == "HDMI-2M").unwrap();
    assert_eq!((hdmi.source, hdmi.reason.as_str()), (Source::Category, "Cables for TVs"));
}

#[test]
fn family_accessories_carry_over_to_siblings() {
    let cat = common::shop();
    // The clear case is curated for PH-128 and wins its role; with it dismissed the
    // leather case, curated for the PH-256 sibling, takes its place.
    let s = run(&cat, &common::config().suggestions, &["PH-128"], None, &["CASE-CLR"]);
    let leather = s.cross_sell.iter().find(|c| c.sku == "CASE-LTH").unwrap();
    assert_eq!(leather.source, Source::Family);
    assert_eq!(leather.reason, "Fits the whole Aurora X5 family");
}

#[test]
fn ranking_prefers_strong_links_and_sane_prices() {
    let cat = common::shop();
    let cfg = common::config().suggestions;
    let s = run(&cat, &cfg, &["PH-128"], None, &[]);
    assert_eq!(cross(&s)[..2], ["CASE-CLR", "CHG-30W"], "priority 90 before 60");
    assert!(s.cross_sell.windows(2).all(|w| w[0].score >= w[1].score));
    // The 900 soundbar is curated for a 500 TV but ranks below a 15 cable.
    let s = run(&cat, &cfg, &["TV-50"], None, &[]);
    assert_eq!(cross(&s), ["HDMI-2M", "SOUNDBAR"]);
    // Two cart items calling for the same add-on lift it.
    let one = run(&cat, &cfg, &["PH-256"], None, &["CASE-CLR"]);
    let two = run(&cat, &cfg, &["PH-256", "PH-128"], None, &["CASE-CLR"]);
    let score = |s: &Suggestions| s.cross_sell.iter().find(|c| c.sku == "CASE-LTH").unwrap().score;
    assert!(score(&two) > score(&one));
}

#[test]
fn suggestions_are_deterministic_and_respect_the_counts() {
    let cat = common::shop();
    let mut cfg = common::config().suggestions;
    let a = run(&cat, &cfg, &["PH-128", "TV-50"], None, &[]);
    let b = run(&cat, &cfg, &["PH-128", "TV-50"], None, &[]);
    assert_eq!(a, b);
    assert_eq!(a.cross_sell.len(), 5);
    cfg.cross_sell = 2;
    cfg.upsell = 0;
    let c = run(&cat, &cfg, &["PH-128", "TV-50"], None, &[]);
    assert_eq!(cross(&c), cross(&a)[..2]);
    assert!(c.upsell.is_empty());
}

/// The selling screen suggests from the whole catalog, `counterpart suggest`
/// from the cart's neighbourhood: every cart of one or two products, with and
/// without out-of-stock suggestions, with the top suggestions dismissed or
/// not, gets the same lists from both.
#[test]
fn the_neighbourhood_of_a_cart_gives_the_same_suggestions_as_the_whole_catalog() {
    let (_d, store) = common::store_with("shop.toml");
    let full = store.load_catalog().unwrap();
    let hide = common::config().suggestions;
    let mut show = hide.clone();
    show.hide_out_of_stock = false;
    let skus: Vec<&str> = full.products.iter().map(|p| p.sku.as_str()).collect();
    let mut carts: Vec<Vec<&str>> = skus.iter().map(|s| vec![*s]).collect();
    for a in &skus {
        carts.extend(skus.iter().filter(|b| b != &a).map(|b| vec![*a, *b]));
    }
    for cart in &carts {
        let part = store.load_neighbourhood(cart).unwrap();
        for cfg in [&hide, &show] {
            let top = run(&full, cfg, cart, None, &[]);
            for dismissed in [Vec::new(), cross(&top).into_iter().take(2).collect::<Vec<_>>()] {
                let a = run(&full, cfg, cart, None, &dismissed);
                let b = run(&part, cfg, cart, None, &dismissed);
                let what = format!("{cart:?}, dismissed {dismissed:?}, hide {}", cfg.hide_out_of_stock);
                assert_eq!(cross(&a), cross(&b), "cross-sell for {what}");
                assert_eq!(up(&a), up(&b), "upsell for {what}");
                let reasons = |s: &Suggestions| {
                    s.cross_sell.iter().map(|c| (c.score, c.reason.clone())).collect::<Vec<_>>()
                };
                assert_eq!(reasons(&a), reasons(&b), "scores for {what}");
            }
        }
    }
}

/// Issue 22: the neighbourhood held only the cheapest products of a linked
/// category, so with many cheaper plans the till offered a phone its
/// protection plan and `counterpart suggest` did not.
#[test]
fn the_plan_for_the_items_band_is_offered_however_many_cheaper_plans_there_are() {
    let (_d, mut store) = common::store_with("shop.toml");
    let mut extra = String::new();
    for i in 0..60 {
        extra.push_str(&format!(
            "[[product]]\nsku = \"PLAN-S{i:02}\"\nname = \"Small Plan {i}\"\ncategory = \"Services > Protection\"\n\
             price = \"{}.00\"\ncost = \"1.00\"\nstock = 5\nrole = \"protection-plan\"\ncover_min = \"0.00\"\ncover_max = \"99.99\"\n\n",
            5 + i
        ));
    }
    let doc =
        counterpart::catalog::toml_format::read("extra.toml", extra.as_bytes(), &Currency::usd()).unwrap();
    store.import("extra.toml", &doc, false).unwrap();
    let full = store.load_catalog().unwrap();
    let part = store.load_neighbourhood(&["PH-128"]).unwrap();
    let cfg = common::config().suggestions;
    let till = run(&full, &cfg, &["PH-128"], None, &[]);
    assert!(cross(&till).contains(&"PLAN-1000"), "{:?}", cross(&till));
    assert_eq!(cross(&run(&part, &cfg, &["PH-128"], None, &[])), cross(&till), "the CLI agrees");
}

#[test]
fn category_links_never_offer_an_accessory_made_for_another_product() {
    let (_d, mut store) = common::store_with("shop.toml");
    let extra = b"[[category_link]]\nfrom = \"TVs\"\nto = \"Accessories\"\npriority = 90\ntalking_point = \"Accessories!\"\n";
    let doc = counterpart::catalog::toml_format::read("extra.toml", extra, &Currency::usd()).unwrap();
    store.import("extra.toml", &doc, false).unwrap();
    let full = store.load_catalog().unwrap();
    let cfg = common::config().suggestions;
    let s = run(&full, &cfg, &["TV-50"], None, &[]);
    // The cases fit the Aurora X5 (role case:aurora-x5); the charger is generic.
    assert!(!cross(&s).iter().any(|sku| sku.starts_with("CASE")), "{:?}", cross(&s));
    assert!(cross(&s).contains(&"CHG-30W"), "{:?}", cross(&s));
    let part = store.load_neighbourhood(&["TV-50"]).unwrap();
    assert_eq!(cross(&run(&part, &cfg, &["TV-50"], None, &[])), cross(&s), "the CLI agrees");
}

/// The keys of a JSON object, in the order they were written.
fn keys(v: &serde_json::Value) -> Vec<&str> {
    v.as_object().unwrap_or_else(|| panic!("not an object: {v}")).keys().map(String::as_str).collect()
}

/// `counterpart suggest --json` keeps its documented shape key for key, in
/// order, with amounts as the currency writes them, and `bundle_lost` only on
/// an upgrade that ends a bundle.
#[test]
fn suggest_json_keeps_its_shape_key_for_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::ok(d, &["--db", "s.db", "import", common::data("shop.toml").to_str().unwrap()]);
    let args = ["--db", "s.db", "suggest", "PH-128", "CASE-CLR", "CHG-30W", "--focus", "PH-128", "--json"];
    let out = common::ok(d, &args);
    assert_eq!(out.lines().count(), 1, "one object on one line: {out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(keys(&v), ["cart", "cross_sell", "upsell"]);
    assert_eq!(keys(&v["cart"][0]), ["sku", "name", "qty", "price", "line_total"]);
    assert!(out.starts_with(r#"{"cart":[{"sku":"PH-128","name":"#), "{out}");
    for x in v["cross_sell"].as_array().unwrap() {
        let expected =
            ["sku", "name", "price", "source", "reason", "talking_point", "score", "for_sku", "evidence"];
        assert_eq!(keys(x), expected);
    }
    let ups = v["upsell"].as_array().unwrap();
    assert!(!ups.is_empty(), "{out}");
    for u in ups {
        let mut expected =
            vec!["for_sku", "sku", "name", "price", "price_delta", "differences", "talking_point", "source"];
        if u.get("bundle_lost").is_some() {
            expected.push("bundle_lost");
            assert_eq!(keys(&u["bundle_lost"]), ["bundle", "saving"]);
        }
        assert_eq!(keys(u), expected);
        assert_eq!(keys(&u["price_delta"]), ["amount", "percent"]);
    }
    assert_eq!(ups[0]["bundle_lost"]["bundle"], "Phone Starter Kit bundle", "{out}");
    assert!(out.contains(r#""bundle_lost":{"bundle":"Phone Starter Kit bundle","saving":15.00}}"#), "{out}");
    assert!(out.contains(r#""price_delta":{"amount":100.00,"percent":"#), "{out}");
    // Without a complete bundle in the cart there is nothing to lose.
    let out = common::ok(d, &["--db", "s.db", "suggest", "PH-128", "--json"]);
    assert!(!out.contains("bundle_lost"), "{out}");
}
