//! The checkout's last chance (issue 13): the payment window lists up to
//! [`LAST_CHANCE`] add-ons from "Goes well with" that the seller has not
//! offered for this cart yet, each under a key of its own. Taking one puts
//! it in the cart and the window's totals follow; its slot refills from the
//! next answer of the engine, or stays empty. Listing an add-on records it
//! as shown at checkout and taking it as added there, so reports tell the
//! checkout's offers from the panes'.

use super::cart::{add_product, attach_service};
use super::{info, reprice};
use crate::cart::Origin;
use crate::suggest::events::{EventKind, ListKind, Place};
use crate::tui::effect::Effect;
use crate::tui::state::{LAST_CHANCE, Overlay, State};

/// Keeps each slot's add-on while it is still a candidate, fills the empty
/// slots with the best candidates not listed yet, and records what is
/// listed as shown at checkout (once per cart). Nothing changes while the
/// sale is on its way, nor while the lists answer an older cart (the next
/// answer refills).
pub(super) fn refill(state: &mut State) {
    let Some(Overlay::Checkout(form)) = &state.overlay else { return };
    if form.sending || state.suggest.answered != state.suggest.gen_id {
        return;
    }
    let candidates: Vec<(usize, String)> =
        state.last_chance_candidates().map(|(i, c)| (i, c.sku.clone())).collect();
    let mut slots = form.last_chance.clone();
    for slot in &mut slots {
        if slot.as_ref().is_some_and(|sku| !candidates.iter().any(|(_, c)| c == sku)) {
            *slot = None;
        }
    }
    for n in 0..LAST_CHANCE {
        if slots[n].is_none() {
            slots[n] = candidates
                .iter()
                .map(|(_, sku)| sku)
                .find(|sku| !slots.iter().flatten().any(|s| s == *sku))
                .cloned();
        }
    }
    for (n, sku) in slots.iter().enumerate() {
        if let Some((i, _)) = sku.as_deref().and_then(|sku| candidates.iter().find(|(_, c)| c == sku)) {
            state.record_at(Place::Checkout, ListKind::CrossSell, EventKind::Shown, *i, n + 1);
        }
    }
    if let Some(Overlay::Checkout(form)) = state.overlay.as_mut() {
        form.last_chance = slots;
    }
}

/// The key of slot `slot`: its add-on goes into the cart (recorded as added
/// at checkout) and the slot waits for the engine's next answer to refill.
pub(super) fn take(state: &mut State, slot: usize, fx: &mut Vec<Effect>) {
    let Some(Overlay::Checkout(form)) = state.overlay.as_mut() else { return };
    let Some(sku) = form.last_chance.get_mut(slot).and_then(Option::take) else {
        return info(state, "Nothing is listed under that key.");
    };
    form.error = None;
    let Some((i, add_on)) = state.cross_sell_of(&sku) else { return };
    let (p, for_sku) = (add_on.product, add_on.for_sku.clone());
    state.record_at(Place::Checkout, ListKind::CrossSell, EventKind::Added, i, slot + 1);
    add_product(state, p, 1, Origin::CrossSell, fx);
    attach_service(state, p, for_sku);
    // The total the customer now pays, bundles counted, after what add_product said.
    reprice(state);
    let total = state.settings.currency.display(state.session.cart.totals(&state.settings.tax).total);
    if let Some(m) = state.status.as_mut() {
        m.text.push_str(&format!(" Total now {total}."));
    }
}
