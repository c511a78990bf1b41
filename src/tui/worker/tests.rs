use super::*;
use crate::cart::Cart;
use crate::suggest::Source;
use crate::suggest::events::{EventKind, ListKind, SuggestionEvent};

/// A save of cart `id`, told apart from other saves of it by its budget.
fn save(id: &str, budget: i64) -> Effect {
    let cart = Cart { budget: Some(crate::money::Money(budget)), ..Cart::default() };
    Effect::SaveCart { cart_id: id.into(), staff_id: None, cart, exchange: None }
}

fn event(sku: &str) -> SuggestionEvent {
    SuggestionEvent {
        cart_id: "c".into(),
        list: ListKind::CrossSell,
        event: EventKind::Shown,
        anchor_sku: "A".into(),
        sku: sku.into(),
        source: Source::Curated,
        rank: 1,
        place: crate::suggest::events::Place::Pane,
    }
}

#[test]
fn a_burst_keeps_the_newest_search_suggestion_check_and_save_of_each_cart() {
    let s = |g: u64| Effect::Search { gen_id: g, query: format!("q{g}") };
    let g = |g: u64| Effect::Suggest { gen_id: g, request: SuggestRequest::default() };
    let burst = vec![
        s(1),
        save("A", 1),
        g(1),
        Effect::CheckCatalog,
        Effect::RecordEvents(vec![event("X")]),
        s(2),
        save("A", 2),
        Effect::ListParked,
        save("B", 1),
        Effect::CheckCatalog,
        g(2),
        Effect::RecordEvents(vec![event("Y")]),
        s(3),
    ];
    let out = coalesce(burst);
    assert_eq!(
        out,
        vec![
            save("A", 2),
            Effect::ListParked,
            save("B", 1),
            Effect::CheckCatalog,
            g(2),
            Effect::RecordEvents(vec![event("X"), event("Y")]),
            s(3),
        ]
    );
}
