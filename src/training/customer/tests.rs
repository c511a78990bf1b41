//! The simulated customer's reactions, decision by decision.

use super::*;
use crate::money::Currency;

fn demo() -> Catalog {
    Catalog::from_doc(&crate::demo::catalog(&Currency::usd()).unwrap())
}

/// A first-phone customer: $250, patience 2, takes a clear case, glass
/// and (as an upgrade) the 128 GB model.
fn scenario(catalog: &Catalog) -> Arc<Scenario> {
    let text = r#"id = "t"
title = "Test"
budget = "250.00"
patience = 2
declines = ["No thanks.", "I don't need that."]
[customer]
name = "Sam"
opening = "Hello, I need a phone."
[wants]
skus = ["PH-VEY-L5-64"]
[[accepts]]
sku = "CS-VEY-L5-CLR"
says = "A case, yes please."
[[accepts]]
category = "Cases & Bags > Screen protectors"
says = "Glass too, why not."
[[accepts]]
sku = "PH-VEY-L5-128"
upgrade = true
says = "Double the space? Go on."
[[objections]]
says = "Will it last?"
answer = "Two-year warranty."
wrong = ["It never breaks.", "Phones don't need warranties."]
"#;
    let mut s = super::super::scenario::parse("t.toml", text, &Currency::usd()).unwrap();
    s.validate(catalog).unwrap();
    Arc::new(s)
}

fn sku(c: &Catalog, s: &str) -> ProductIdx {
    c.by_sku(s).unwrap()
}

/// Offers `s` and picks the right talking point.
fn offer_right(session: &mut Session, c: &Catalog, s: &str, total: i64) -> Reaction {
    let pick = session.offer(c, sku(c, s), OfferKind::AddOn, "RIGHT", Money(total)).unwrap();
    let i = pick.options.iter().position(|o| o == "RIGHT").unwrap();
    session.answer(i).unwrap()
}

#[test]
fn roles_put_wants_before_accepts() {
    let c = demo();
    let s = Session::new(scenario(&c), 1);
    assert_eq!(s.role(&c, sku(&c, "PH-VEY-L5-64")), Role::Want);
    assert_eq!(
        s.role(&c, sku(&c, "SP-VEY-L5-GLS")),
        Role::Accepts { says: "Glass too, why not.".into(), upgrade: false }
    );
    assert_eq!(s.role(&c, sku(&c, "TV-TES-Q7-55")), Role::Irrelevant);
    assert_eq!(s.clone().offer(&c, sku(&c, "PH-VEY-L5-64"), OfferKind::AddOn, "x", Money(1)), None);
}

#[test]
fn an_accepted_offer_within_budget_is_taken_with_its_line() {
    let c = demo();
    let mut s = Session::new(scenario(&c), 7);
    let r = offer_right(&mut s, &c, "CS-VEY-L5-CLR", 20_000);
    assert_eq!(r, Reaction { outcome: Outcome::Takes, says: "A case, yes please.".into() });
    assert_eq!(s.patience_left(), 2);
    assert_eq!(s.offers()[0].added, Money(1299));
}

#[test]
fn over_budget_declines_quoting_both_amounts_and_costs_patience() {
    let c = demo();
    let mut s = Session::new(scenario(&c), 7);
    let r = offer_right(&mut s, &c, "CS-VEY-L5-CLR", 25_001);
    assert_eq!(r.outcome, Outcome::Declines);
    assert!(r.says.contains("$250.01") && r.says.contains("$250.00"), "{}", r.says);
    assert_eq!(s.patience_left(), 1);
    assert_eq!(s.offers()[0].verdict, Verdict::OverBudget);
}

#[test]
fn an_irrelevant_offer_gets_a_decline_line_from_the_scenario() {
    let c = demo();
    let mut s = Session::new(scenario(&c), 3);
    let r = offer_right(&mut s, &c, "TV-MNT-FIX", 20_000);
    assert_eq!(r.outcome, Outcome::Declines);
    assert!(["No thanks.", "I don't need that."].contains(&r.says.as_str()), "{}", r.says);
    assert_eq!(s.offers()[0].verdict, Verdict::NotNeeded);
}

#[test]
fn an_upgrade_is_taken_only_in_place_of_the_want() {
    let c = demo();
    let mut s = Session::new(scenario(&c), 3);
    let up = sku(&c, "PH-VEY-L5-128");
    s.offer(&c, up, OfferKind::AddOn, "R", Money(22_000)).unwrap();
    assert_eq!(s.answer(0).unwrap().outcome, Outcome::Declines);
    let mut s = Session::new(scenario(&c), 3);
    let from = sku(&c, "PH-VEY-L5-64");
    s.offer(&c, up, OfferKind::Upgrade { from }, "R", Money(22_000)).unwrap();
    assert_eq!(s.answer(0).unwrap().outcome, Outcome::Takes);
    assert_eq!(s.offers()[0].added, Money(3000));
}

#[test]
fn a_repeat_and_a_second_of_a_kind_are_declined() {
    let c = demo();
    let mut s = Session::new(scenario(&c), 3);
    assert_eq!(offer_right(&mut s, &c, "SP-VEY-L5-GLS", 20_000).outcome, Outcome::Takes);
    let r = offer_right(&mut s, &c, "SP-AUR-A3-GLS", 21_000);
    assert_eq!((r.outcome, s.offers()[1].verdict), (Outcome::Declines, Verdict::HasOne));
    let mut s = Session::new(scenario(&c), 3);
    offer_right(&mut s, &c, "TV-MNT-FIX", 20_000);
    let r = offer_right(&mut s, &c, "TV-MNT-FIX", 20_000);
    assert_eq!(s.offers()[1].verdict, Verdict::Repeat);
    assert_eq!(r.outcome, Outcome::WalksAway, "two declines with patience 2");
    assert!(r.says.starts_with("You") || r.says.starts_with("We"), "{}", r.says);
}

#[test]
fn at_zero_patience_they_walk_away_and_the_session_is_over() {
    let c = demo();
    let mut s = Session::new(scenario(&c), 5);
    assert_eq!(offer_right(&mut s, &c, "TV-MNT-FIX", 20_000).outcome, Outcome::Declines);
    assert_eq!(offer_right(&mut s, &c, "TV-MNT-TILT", 20_000).outcome, Outcome::WalksAway);
    assert!(s.is_over());
    assert_eq!(s.ending(), Some(&Ending::WalkedAway { after: LastStraw::Offer(1) }));
    assert_eq!(s.offer(&c, sku(&c, "CS-VEY-L5-CLR"), OfferKind::AddOn, "R", Money(1)), None);
    assert_eq!(s.objection(), None);
    s.finish(&[], Money(0));
    assert!(matches!(s.ending(), Some(Ending::WalkedAway { .. })), "a walk-away stays a walk-away");
}

#[test]
fn talking_points_are_three_distinct_texts_with_the_right_one() {
    let c = demo();
    for seed in 0..40 {
        let mut s = Session::new(scenario(&c), seed);
        for p in ["CS-VEY-L5-CLR", "SV-PP2-100-199", "PH-VEY-L5-128", "CB-CHG-20W"] {
            let right = c.product(sku(&c, p)).selling_points[0].clone();
            let pick = s.offer(&c, sku(&c, p), OfferKind::AddOn, &right, Money(1)).unwrap();
            let o = &pick.options;
            assert!(o.contains(&right), "{o:?}");
            assert!(o[0] != o[1] && o[1] != o[2] && o[0] != o[2], "{o:?}");
            assert!(o.iter().all(|t| !t.trim().is_empty()));
            // The wrong ones belong to other products.
            let own = &c.product(sku(&c, p)).selling_points;
            assert_eq!(o.iter().filter(|t| own.contains(t)).count(), 1, "{o:?}");
        }
    }
}

#[test]
fn the_right_option_moves_with_the_seed_and_a_seed_repeats() {
    let c = demo();
    let position = |seed| {
        let mut s = Session::new(scenario(&c), seed);
        let pick = s.offer(&c, sku(&c, "CS-VEY-L5-CLR"), OfferKind::AddOn, "RIGHT", Money(1)).unwrap();
        (pick.options.iter().position(|o| o == "RIGHT").unwrap(), pick)
    };
    let seen: std::collections::BTreeSet<usize> = (0..30).map(|s| position(s).0).collect();
    assert_eq!(seen.len(), 3);
    assert_eq!(position(9), position(9));
}

#[test]
fn a_wrong_pick_is_recorded_and_heard_but_does_not_change_the_outcome() {
    let c = demo();
    let mut s = Session::new(scenario(&c), 11);
    let pick = s.offer(&c, sku(&c, "CS-VEY-L5-CLR"), OfferKind::AddOn, "RIGHT", Money(20_000)).unwrap();
    let wrong = pick.options.iter().position(|o| o != "RIGHT").unwrap();
    let r = s.answer(wrong).unwrap();
    assert_eq!(r.outcome, Outcome::Takes);
    assert!(r.says.starts_with("A case, yes please. (") && r.says.len() > "A case, yes please.".len());
    assert!(!s.offers()[0].picked_right);
    assert_eq!(s.answer(0), None, "nothing is waiting any more");
}

#[test]
fn objections_are_asked_until_answered_and_wrong_replies_cost_patience() {
    let c = demo();
    let mut s = Session::new(scenario(&c), 2);
    let prompt = s.objection().unwrap();
    assert_eq!(s.objection().unwrap(), prompt, "the same prompt until answered");
    let right = prompt.options.iter().position(|o| o == "Two-year warranty.").unwrap();
    let wrong = (right + 1) % 3;
    let r = s.answer_objection(wrong).unwrap();
    assert_eq!((r.outcome, s.patience_left()), (Outcome::Declines, 1));
    assert_eq!(s.objection(), None, "one objection, answered");
    assert_eq!(s.objection_answers(), &[ObjectionRecord { index: 0, right: false }]);
    let mut s = Session::new(scenario(&c), 2);
    let prompt = s.objection().unwrap();
    let right = prompt.options.iter().position(|o| o == "Two-year warranty.").unwrap();
    assert_eq!(s.answer_objection(right).unwrap().outcome, Outcome::Takes);
    s.finish(&[(sku(&c, "PH-VEY-L5-64"), 1)], Money(19_377));
    assert_eq!(
        s.ending(),
        Some(&Ending::Sale { cart: vec![(sku(&c, "PH-VEY-L5-64"), 1)], total: Money(19_377) })
    );
}
