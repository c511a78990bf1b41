//! Training mode's domain over the demo store: the shipped scenarios agree
//! with the catalog and the engine, a perfect play earns Gold, a poor one
//! does not, and the feedback quotes the engine's own figures.

use std::sync::Arc;

use counterpart::cart::{Cart, Origin};
use counterpart::catalog::{Catalog, ProductIdx};
use counterpart::config::Config;
use counterpart::money::{Currency, Money, TaxPolicy};
use counterpart::suggest::{Engine, Request};
use counterpart::training::customer::{OfferKind, Outcome, Role, Session, Verdict};
use counterpart::training::scenario::{self, Scenario};
use counterpart::training::score::{Scorecard, Tier, scorecard};

fn demo() -> Catalog {
    Catalog::from_doc(&counterpart::demo::catalog(&Currency::usd()).unwrap())
}

struct Shop {
    catalog: Catalog,
    config: Config,
    usd: Currency,
}

impl Shop {
    fn new() -> Shop {
        Shop { catalog: demo(), config: Config::defaults(), usd: Currency::usd() }
    }
    fn engine(&self) -> Engine<'_> {
        Engine { catalog: &self.catalog, config: &self.config.suggestions, currency: &self.usd }
    }
    fn tax(&self) -> TaxPolicy {
        self.config.shop.tax
    }
    fn scenario(&self, id: &str) -> Arc<Scenario> {
        let all = scenario::builtin(&self.catalog, &self.usd).unwrap();
        Arc::new(all.into_iter().find(|s| s.id == id).unwrap())
    }
    fn sku(&self, s: &str) -> ProductIdx {
        self.catalog.by_sku(s).unwrap()
    }
    /// What the customer pays for `cart`, bundles and tax included, as the till prices it.
    fn total(&self, cart: &Cart) -> Money {
        let mut c = cart.clone();
        c.reprice_from(&self.catalog);
        c.totals(&self.tax()).total
    }
    fn with(&self, cart: &Cart, p: ProductIdx) -> Cart {
        let mut c = cart.clone();
        c.add(self.catalog.product(p), 1, Origin::CrossSell);
        c
    }
    fn pairs(&self, cart: &Cart) -> Vec<(ProductIdx, i64)> {
        cart.lines.iter().map(|l| (self.sku(&l.sku), l.qty)).collect()
    }
}

/// The products a scenario's customer came for that the till can sell.
fn wanted(shop: &Shop, s: &Scenario) -> Vec<ProductIdx> {
    let c = &shop.catalog;
    let mut out: Vec<ProductIdx> = s.wants.skus.iter().filter_map(|k| c.by_sku(k)).collect();
    if let Some(cat) = s.wants.category.as_deref().and_then(|p| c.category_by_path(p)) {
        out.extend(c.in_category(cat).iter().copied().take(10));
    }
    out.retain(|&p| c.sellable(p, false));
    out
}

/// Picks the option that is `right` and answers with it.
fn pick_right(options: &[String; 3], right: &str) -> usize {
    options.iter().position(|o| o == right).expect("the right talking point is offered")
}

/// The trainee a scorecard calls perfect: the want, then every add-on the
/// pane shows that the customer would take and the budget allows (the
/// pane's own talking point picked), then an upgrade they would take if it
/// still fits, the right reply to every objection, and the sale.
fn perfect_play(shop: &Shop, s: &Arc<Scenario>, want: ProductIdx) -> Option<(Session, Cart)> {
    let c = &shop.catalog;
    let engine = shop.engine();
    let mut session = Session::new(Arc::clone(s), 42);
    let budget = session.budget();
    let mut cart = Cart::default();
    cart.add(c.product(want), 1, Origin::Search);
    if shop.total(&cart) > budget {
        return None;
    }
    let taken_entry = |session: &Session, p: ProductIdx| {
        let entry = s.accept_for(c, p).map(|(i, _)| i);
        session.offers().iter().any(|o| o.verdict == Verdict::Taken && o.entry == entry)
    };
    let focus = want;
    loop {
        let pane =
            engine.suggest(&Request { cart: shop.pairs(&cart), focus: Some(focus), ..Request::default() });
        let next = pane.cross_sell.iter().find(|x| {
            matches!(session.role(c, x.product), Role::Accepts { upgrade: false, .. })
                && !session.offers().iter().any(|o| o.product == x.product)
                && !taken_entry(&session, x.product)
                && shop.total(&shop.with(&cart, x.product)) <= budget
        });
        let Some(x) = next else { break };
        let after = shop.with(&cart, x.product);
        let pick =
            session.offer(c, x.product, OfferKind::AddOn, &x.talking_point, shop.total(&after)).unwrap();
        let r = session.answer(pick_right(&pick.options, &x.talking_point)).unwrap();
        assert_eq!(r.outcome, Outcome::Takes, "{}: {} → {}", s.id, x.sku, r.says);
        cart = after;
    }
    let pane = engine.suggest(&Request { cart: shop.pairs(&cart), focus: Some(focus), ..Request::default() });
    for u in &pane.upsell {
        if !matches!(session.role(c, u.product), Role::Accepts { upgrade: true, .. }) {
            continue;
        }
        let mut after = cart.clone();
        let line = after.position(&c.product(focus).sku).unwrap();
        after.swap(line, c.product(u.product));
        if shop.total(&after) > budget {
            continue;
        }
        let kind = OfferKind::Upgrade { from: focus };
        let pick = session.offer(c, u.product, kind, &u.talking_point, shop.total(&after)).unwrap();
        let r = session.answer(pick_right(&pick.options, &u.talking_point)).unwrap();
        assert_eq!(r.outcome, Outcome::Takes, "{}: upgrade to {} → {}", s.id, u.sku, r.says);
        cart = after;
        break;
    }
    while let Some(o) = session.objection() {
        let answer = &s.objections[session.objection_answers().len()].answer;
        let r = session.answer_objection(pick_right(&o.options, answer)).unwrap();
        assert_eq!(r.outcome, Outcome::Takes);
    }
    session.finish(&shop.pairs(&cart), shop.total(&cart));
    Some((session, cart))
}

#[test]
fn every_shipped_scenario_loads_with_the_cases_the_brief_asks_for() {
    let shop = Shop::new();
    let all = scenario::builtin(&shop.catalog, &shop.usd).unwrap();
    assert!(all.len() >= 12, "{} scenarios", all.len());
    let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    for id in [
        "first-phone-budget",
        "gamer-upgrade",
        "school-laptop",
        "photographer",
        "smart-home-starter",
        "gift-no-idea",
        "cheapest-only",
        "headphone-exchange",
        "over-budget-phone",
        "whole-home-wifi",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    for s in &all {
        assert!(!wanted(&shop, s).is_empty(), "{}: nothing they came for is on sale", s.id);
        assert!(s.objections.iter().all(|o| !o.wrong.contains(&o.answer)));
    }
    // The bundle-completer wants one item of a demo bundle and would take the rest.
    let wifi = all.iter().find(|s| s.id == "whole-home-wifi").unwrap();
    let bundle = shop.catalog.bundles.iter().find(|b| b.items.contains(&shop.sku("NW-MSH-MESH3"))).unwrap();
    for &item in bundle.items.iter().filter(|&&i| i != shop.sku("NW-MSH-MESH3")) {
        assert!(
            wifi.accept_for(&shop.catalog, item).is_some(),
            "{} not accepted",
            shop.catalog.product(item).sku
        );
    }
}

#[test]
fn accepted_products_show_in_the_live_panes_for_what_they_came_for() {
    let shop = Shop::new();
    let c = &shop.catalog;
    for s in scenario::builtin(c, &shop.usd).unwrap() {
        for a in &s.accepts {
            let shown = wanted(&shop, &s).into_iter().any(|w| {
                let pane = shop.engine().suggest(&Request {
                    cart: vec![(w, 1)],
                    focus: Some(w),
                    ..Request::default()
                });
                if a.upgrade {
                    pane.upsell.iter().any(|u| a.target.matches(c, u.product))
                } else {
                    pane.cross_sell.iter().any(|x| a.target.matches(c, x.product))
                }
            });
            let pane = if a.upgrade { "Upgrade options" } else { "Goes well with" };
            assert!(
                shown,
                "{}:{}: `{}` is not in {pane} for what they came for",
                s.file,
                a.line,
                a.target.name()
            );
        }
    }
}

#[test]
fn a_perfect_play_of_every_shipped_scenario_scores_gold() {
    let shop = Shop::new();
    for s in scenario::builtin(&shop.catalog, &shop.usd).unwrap() {
        let s = Arc::new(s);
        let best: Option<(Scorecard, usize)> = wanted(&shop, &s)
            .into_iter()
            .filter_map(|w| perfect_play(&shop, &s, w))
            .map(|(session, cart)| {
                (scorecard(&session, &shop.engine(), &shop.pairs(&cart)), session.offers().len())
            })
            .max_by_key(|(card, _)| card.total);
        let (card, offers) =
            best.unwrap_or_else(|| panic!("{}: nothing they came for fits the budget", s.id));
        assert_eq!(card.tier, Some(Tier::Gold), "{}: {card:#?}", s.id);
        assert_eq!(card.total, 100, "{}: {card:#?}", s.id);
        assert!(offers > 0 || s.accepts.is_empty(), "{}: the perfect play offered nothing", s.id);
    }
}

#[test]
fn three_irrelevant_offers_make_the_customer_walk_away_with_a_low_score() {
    let shop = Shop::new();
    let c = &shop.catalog;
    let s = shop.scenario("first-phone-budget");
    assert_eq!(s.patience, 3);
    let mut session = Session::new(Arc::clone(&s), 7);
    let mut cart = Cart::default();
    cart.add(c.product(shop.sku("PH-VEY-L5-64")), 1, Origin::Search);
    let mut last = None;
    for sku in ["TV-MNT-FIX", "CB-HDMI-15", "ST-SWV-SD-64"] {
        let p = shop.sku(sku);
        let right = c.product(p).selling_points[0].clone();
        let pick = session.offer(c, p, OfferKind::AddOn, &right, shop.total(&shop.with(&cart, p))).unwrap();
        last = Some(session.answer(pick_right(&pick.options, &right)).unwrap());
    }
    let last = last.unwrap();
    assert_eq!(last.outcome, Outcome::WalksAway, "{}", last.says);
    assert!(session.is_over() && session.objection().is_none());
    let card = scorecard(&session, &shop.engine(), &shop.pairs(&cart));
    assert!(card.total < 50 && card.tier.is_none(), "{card:#?}");
    assert_eq!((card.earned("closing"), card.earned("restraint"), card.earned("fit")), (0, 0, 0));
    let text = card.feedback.join("\n");
    assert!(text.contains("walked away after your offer of the Swiftvault SD Plus 64 GB"), "{text}");
    assert!(
        text.contains(
            "You did not offer the Paneguard Clear Case for Veyra Lite 5: Curated for the Veyra Lite 5 64 GB."
        ),
        "{text}"
    );
    let up = shop.engine().suggest(&Request { cart: shop.pairs(&cart), ..Request::default() }).upsell;
    let step = shop.usd.display(up.iter().find(|u| u.sku == "PH-VEY-L5-128").unwrap().price_delta);
    assert_eq!(step, "$30.00");
    assert!(
        text.contains(&format!("You did not offer the upgrade to the Veyra Lite 5 128 GB (+{step}): ")),
        "{text}"
    );
    assert!(text.contains(
        "Offered the Anchorline Fixed TV Wall Mount 32-65 in: declined — not something they needed."
    ));
}

/// The demo catalog with one counted rule: 62 of 100 baskets with the
/// Lite 5 64 GB held its screen glass.
#[allow(clippy::disallowed_types, reason = "rule support, confidence and lift are ratios")]
fn with_a_mined_rule(shop: &mut Shop) {
    use counterpart::mining::RuleIndex;
    use counterpart::mining::rules::Rule;
    let (phone, glass) = (u32::from(shop.sku("PH-VEY-L5-64")), u32::from(shop.sku("SP-VEY-L5-GLS")));
    let rule = Rule {
        antecedent: vec![phone],
        consequent: glass,
        count: 62,
        antecedent_count: 100,
        consequent_count: 80,
        support: 0.062,
        confidence: 0.62,
        lift: 7.75,
    };
    shop.catalog.mined = RuleIndex::new(&[rule]).with_counted(true);
}

#[test]
fn feedback_quotes_the_engines_counted_reason_for_what_was_not_offered() {
    let mut shop = Shop::new();
    with_a_mined_rule(&mut shop);
    let c = &shop.catalog;
    let s = shop.scenario("first-phone-budget");
    let mut session = Session::new(Arc::clone(&s), 1);
    let mut cart = Cart::default();
    let phone = shop.sku("PH-VEY-L5-64");
    cart.add(c.product(phone), 1, Origin::Search);
    while let Some(o) = session.objection() {
        let r = session.answer_objection(pick_right(&o.options, &s.objections[0].answer)).unwrap();
        assert_eq!(r.outcome, Outcome::Takes);
    }
    session.finish(&shop.pairs(&cart), shop.total(&cart));
    let card = scorecard(&session, &shop.engine(), &shop.pairs(&cart));
    let pane = shop.engine().suggest(&Request { cart: vec![(phone, 1)], ..Request::default() });
    let glass = pane.cross_sell.iter().find(|x| x.sku == "SP-VEY-L5-GLS").unwrap();
    assert!(glass.reason.contains("62 %"), "the engine counts the rule: {}", glass.reason);
    let line = format!("You did not offer the {}: {}.", glass.name, glass.reason);
    assert!(card.feedback.contains(&line), "{line}\nnot in {:#?}", card.feedback);
    // Nothing offered to a customer who would have taken things: no fit, no value.
    assert_eq!((card.earned("fit"), card.earned("value"), card.earned("restraint")), (0, 0, 15));
    assert_eq!(card.earned("closing"), 15);
}

#[test]
fn a_taken_offer_says_what_it_added_in_the_shop_currency() {
    let shop = Shop::new();
    let c = &shop.catalog;
    let s = shop.scenario("first-phone-budget");
    let mut session = Session::new(Arc::clone(&s), 3);
    let mut cart = Cart::default();
    cart.add(c.product(shop.sku("PH-VEY-L5-64")), 1, Origin::Search);
    let case = shop.sku("CS-VEY-L5-CLR");
    let pick =
        session.offer(c, case, OfferKind::AddOn, "Fits it.", shop.total(&shop.with(&cart, case))).unwrap();
    assert_eq!(session.answer(pick_right(&pick.options, "Fits it.")).unwrap().outcome, Outcome::Takes);
    cart = shop.with(&cart, case);
    session.finish(&shop.pairs(&cart), shop.total(&cart));
    let card = scorecard(&session, &shop.engine(), &shop.pairs(&cart));
    assert_eq!(card.feedback[0], "Offered the Paneguard Clear Case for Veyra Lite 5: taken, +$12.99.");
    assert_eq!(card.earned("fit"), 30);
    assert!(card.earned("value") < 20, "the glass and the charger were left on the table: {card:#?}");
}

#[test]
fn a_customer_who_wants_nothing_extra_gets_full_fit_and_restraint_for_no_offers() {
    let shop = Shop::new();
    let c = &shop.catalog;
    let s = shop.scenario("cheapest-only");
    assert!(s.accepts.is_empty());
    let cable = c.in_category(c.category_by_path("Cables & Chargers > USB cables").unwrap())[0];
    let mut session = Session::new(Arc::clone(&s), 5);
    assert_eq!(session.role(c, cable), Role::Want);
    let mut cart = Cart::default();
    cart.add(c.product(cable), 1, Origin::Search);
    let o = session.objection().unwrap();
    session.answer_objection(pick_right(&o.options, &s.objections[0].answer)).unwrap();
    session.finish(&shop.pairs(&cart), shop.total(&cart));
    let card = scorecard(&session, &shop.engine(), &shop.pairs(&cart));
    assert_eq!((card.earned("fit"), card.earned("restraint"), card.earned("value")), (30, 15, 20));
    assert_eq!(card.total, 100, "{card:#?}");
    assert!(card.feedback.iter().any(|f| f.starts_with("You offered nothing extra")));

    // One upgrade offered to them costs restraint and fit.
    let mut session = Session::new(Arc::clone(&s), 5);
    let better = shop.sku("CB-USBC-2M");
    let kind = OfferKind::Upgrade { from: cable };
    let pick = session.offer(c, better, kind, "Longer.", Money(1_600)).unwrap();
    let r = session.answer(pick_right(&pick.options, "Longer.")).unwrap();
    assert_eq!(r.outcome, Outcome::Declines);
    assert!(s.declines.contains(&r.says), "{}", r.says);
    session.finish(&shop.pairs(&cart), shop.total(&cart));
    let card = scorecard(&session, &shop.engine(), &shop.pairs(&cart));
    assert_eq!((card.earned("fit"), card.earned("restraint")), (0, 10));
}

#[test]
fn a_final_total_over_budget_earns_no_value() {
    let shop = Shop::new();
    let c = &shop.catalog;
    let s = shop.scenario("over-budget-phone");
    let mut session = Session::new(Arc::clone(&s), 5);
    let x5 = shop.sku("PH-AUR-X5-128");
    assert_eq!(session.role(c, x5), Role::Want);
    let mut cart = Cart::default();
    cart.add(c.product(x5), 1, Origin::Search);
    let total = shop.total(&cart);
    assert!(total > session.budget());
    session.finish(&shop.pairs(&cart), total);
    let card = scorecard(&session, &shop.engine(), &shop.pairs(&cart));
    assert_eq!(card.earned("value"), 0);
    assert_eq!(card.earned("knowledge"), 0, "the objection was skipped");
    assert!(card.feedback.iter().any(|f| f.ends_with("never answered before the sale.")));
    let over = format!("The total {} is over their budget of $550.00.", shop.usd.display(total));
    assert!(card.feedback.contains(&over), "{:#?}", card.feedback);
}

#[test]
fn an_exchange_credits_the_returned_item_and_names_it_first() {
    let shop = Shop::new();
    let c = &shop.catalog;
    let s = shop.scenario("headphone-exchange");
    let returned = shop.sku(&s.returns.as_ref().unwrap().sku);
    let session = Session::new(Arc::clone(&s), 5);
    assert_eq!(session.budget(), s.budget + c.product(returned).price);
    assert!(session.opening().contains(&c.product(returned).name), "{}", session.opening());
    let mut session = session;
    let pick = session.offer(c, returned, OfferKind::AddOn, "Comfy.", Money(10_000)).unwrap();
    let r = session.answer(pick_right(&pick.options, "Comfy.")).unwrap();
    assert_eq!(r.says, "That's the one I'm bringing back!");
}

#[test]
fn the_list_json_names_the_scenario_for_the_cli() {
    let shop = Shop::new();
    let s = shop.scenario("first-phone-budget");
    let v: serde_json::Value = serde_json::to_value(&*s).unwrap();
    assert_eq!(v["id"], "first-phone-budget");
    assert_eq!(v["customer"], "Priya");
    assert_eq!(v["budget"], "250.00");
    assert_eq!(v["wants"]["skus"][0], "PH-VEY-L5-64");
}
