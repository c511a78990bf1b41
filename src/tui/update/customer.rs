//! The customer at the till: F10 looks one up (name, phone, email or card)
//! and Enter attaches them, a scanned loyalty card attaches its customer, F10
//! again detaches. The worker finds and loads them (`Effect::FindCustomers`,
//! `LoadCustomer`, `CardScanned`); the cart names them (`Cart::customer`, so
//! they are saved, parked and sold with it) and the state holds what was
//! loaded for the header and the customer pane. A sale or an emptied cart
//! starts a cart without them.

use super::{edit_field, error, info, search, suggest, till};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{CustomerAt, CustomerForm, Overlay, State};

/// F10: detaches the attached customer, else opens the lookup window.
pub(super) fn key_on_main(state: &mut State, fx: &mut Vec<Effect>) {
    if state.training.is_some() {
        return info(state, "Customers are off in training.");
    }
    if state.session.cart.customer.is_some() {
        return detach(state, fx);
    }
    state.overlay = Some(Overlay::Customer(CustomerForm::default()));
}

/// Takes the customer off the cart (the cart stays).
pub(super) fn detach(state: &mut State, fx: &mut Vec<Effect>) {
    let name = state.customer.at.as_ref().map(|c| c.customer.display_name().to_string());
    state.session.cart.customer = None;
    state.customer.at = None;
    state.customer.loading = false;
    state.customer.gen_id += 1;
    match name {
        Some(n) => info(state, format!("{n} detached.")),
        None => info(state, "Customer detached."),
    }
    suggest(state, fx);
}

/// Ctrl-r: the attached customer's receipts.
pub(super) fn receipts(state: &mut State) {
    if state.customer.at.is_some() {
        state.overlay = Some(Overlay::Receipts { scroll: 0 });
    } else {
        let key = state.keymap.first_key("customer").unwrap_or_default();
        info(state, format!("No customer attached: {key} looks one up, or scan their card."));
    }
}

/// Keys in the lookup window: typing searches, Up/Down pick, Enter attaches.
pub(super) fn lookup_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Customer(form)) = state.overlay.as_mut() else { return };
    match action {
        ref edit if edit_field(&mut form.query, edit) => {
            state.customer.gen_id += 1;
            form.sel = 0;
            let text = form.query.trim().to_string();
            if text.is_empty() {
                form.found.clear();
                form.searching = false;
            } else {
                form.searching = true;
                fx.push(Effect::FindCustomers { gen_id: state.customer.gen_id, text });
            }
        }
        Action::Up => form.sel = form.sel.saturating_sub(1),
        Action::Down => form.sel = (form.sel + 1).min(form.found.len().saturating_sub(1)),
        Action::First => form.sel = 0,
        Action::Last => form.sel = form.found.len().saturating_sub(1),
        Action::Add => match form.found.get(form.sel) {
            Some(c) => {
                let id = c.id;
                state.overlay = None;
                load(state, id, fx);
            }
            None if form.searching => info(state, "Still looking…"),
            None => info(state, "Type a name, a phone number or a card, then pick a match."),
        },
        Action::Cancel | Action::Customer | Action::Quit => state.overlay = None,
        _ => {}
    }
}

/// Asks the worker for a customer to attach (a pick, or a cart that names one).
pub(super) fn load(state: &mut State, id: i64, fx: &mut Vec<Effect>) {
    state.customer.gen_id += 1;
    state.customer.loading = true;
    fx.push(Effect::LoadCustomer { gen_id: state.customer.gen_id, id });
}

/// A code that is no product: asks the worker whether it is a loyalty card;
/// `otherwise` is said when it is not.
pub(super) fn card(state: &mut State, code: &str, otherwise: String, fx: &mut Vec<Effect>) {
    if state.training.is_some() {
        return error(state, otherwise);
    }
    state.customer.gen_id += 1;
    state.customer.loading = true;
    fx.push(Effect::CardScanned { gen_id: state.customer.gen_id, code: code.to_string(), otherwise });
}

/// The lookup's matches. `false` when stale.
pub(super) fn found(state: &mut State, gen_id: u64, found: Vec<crate::customers::Customer>) -> bool {
    let Some(Overlay::Customer(form)) = state.overlay.as_mut() else { return false };
    if gen_id != state.customer.gen_id {
        return false;
    }
    form.searching = false;
    form.sel = form.sel.min(found.len().saturating_sub(1));
    form.found = found;
    true
}

/// A customer loaded: attached to the cart (and the cart saved). `false` when stale.
pub(super) fn loaded(state: &mut State, gen_id: u64, at: CustomerAt, fx: &mut Vec<Effect>) -> bool {
    if gen_id != state.customer.gen_id {
        return false;
    }
    let before = state.session.cart.clone();
    state.customer.loading = false;
    state.session.cart.customer = Some(at.customer.id);
    let text = if at.profiling() {
        format!("{} attached.", at.customer.display_name())
    } else {
        format!("{} attached: no profiling consent.", at.customer.display_name())
    };
    // The card typed into the entry line (and Enter) has done its work.
    let typed = state.search.entry.trim().to_ascii_uppercase();
    if !typed.is_empty() && at.customer.card.as_deref() == Some(typed.as_str()) {
        state.search.entry.clear();
        search(state, fx);
    }
    state.customer.at = Some(Box::new(at));
    let again = before.customer != state.session.cart.customer;
    info(state, text);
    if again {
        suggest(state, fx);
    }
    till::autosave(state, &before, fx);
    true
}

/// No customer for the request: the message says why. `false` when stale.
pub(super) fn failed(state: &mut State, gen_id: u64, message: String) -> bool {
    if gen_id != state.customer.gen_id {
        return false;
    }
    state.customer.loading = false;
    if let Some(Overlay::Customer(form)) = state.overlay.as_mut() {
        form.searching = false;
    }
    error(state, message);
    true
}

/// A new cart on the till (after a sale, a park, a recall, the start, or
/// the cart emptied): what the state holds about the customer follows it (a
/// cart without one drops them and any answer on its way; a recalled or
/// resumed cart that names one loads them).
pub(super) fn follow_cart(state: &mut State, fx: &mut Vec<Effect>) {
    let attached = state.customer.at.as_ref().map(|c| c.customer.id);
    match state.session.cart.customer {
        None => {
            state.customer.at = None;
            state.customer.loading = false;
            state.customer.gen_id += 1;
        }
        Some(id) if attached != Some(id) => {
            state.customer.at = None;
            load(state, id, fx);
        }
        _ => {}
    }
}
