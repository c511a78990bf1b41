//! The store worker's answers. A search or suggestion answer whose
//! generation is not the newest request's is dropped: the screen never shows
//! results for something no longer typed.

use std::sync::Arc;

use super::{
    customer, dashboard, discount, error, info, last_chance, refocus, reprice, returns, search, shift,
    suggest, till,
};
use crate::catalog::Catalog;
use crate::suggest::events::{EventKind, ListKind};
use crate::tui::effect::Effect;
use crate::tui::msg::Reply;
use crate::tui::state::{Browse, Overlay, State};

/// Applies a reply; `false` when it was stale and changed nothing.
pub(super) fn apply(state: &mut State, reply: Reply, fx: &mut Vec<Effect>) -> bool {
    match reply {
        Reply::CatalogLoaded(catalog) => catalog_loaded(state, catalog, fx),
        Reply::SearchDone { gen_id, results, total, chips } => {
            if gen_id != state.search.gen_id {
                return false;
            }
            state.search.total = total.max(results.len());
            state.search.variants = match state.catalog.as_deref() {
                Some(c) => crate::catalog::variants::tell_apart(c, &results),
                None => vec![None; results.len()],
            };
            state.search.results = results;
            state.search.chips = chips;
            state.search.query = state.query().trim().to_string();
            state.search.sel = 0;
            refocus(state, fx);
        }
        Reply::Suggested { gen_id, suggestions } => {
            if gen_id != state.suggest.gen_id {
                return false;
            }
            state.suggest.lists = suggestions;
            state.suggest.answered = gen_id;
            state.suggest.cross_sel =
                state.suggest.cross_sel.min(state.suggest.lists.cross_sell.len().saturating_sub(1));
            state.suggest.upsell_sel =
                state.suggest.upsell_sel.min(state.suggest.lists.upsell.len().saturating_sub(1));
            for i in 0..state.suggest.lists.cross_sell.len() {
                state.record(ListKind::CrossSell, EventKind::Shown, i);
            }
            for i in 0..state.suggest.lists.upsell.len() {
                state.record(ListKind::Upsell, EventKind::Shown, i);
            }
            last_chance::refill(state);
        }
        Reply::StoreFailed(message) => {
            if state.catalog.is_none() {
                state.load_error = Some(message.clone());
            }
            error(state, message);
        }
        Reply::Resumed { last_sale, open, shift } => {
            state.session.shift = shift.map(|s| *s);
            till::resumed(state, last_sale, open, fx);
        }
        Reply::ShiftStatus(status) => shift::status(state, status.map(|s| *s)),
        Reply::ShiftOpened(opened) => shift::opened(state, *opened),
        Reply::ShiftClosed { z_report } => shift::closed(state, z_report),
        Reply::ShiftFailed(message) => shift::failed(state, message),
        Reply::ParkedList(list) => till::parked_list(state, list),
        Reply::Recalled(reopened) => till::recalled(state, *reopened, fx),
        Reply::Busy(draft) => till::busy(state, draft, fx),
        Reply::Committed { sale, receipt, oversold, refund } => {
            till::committed(state, sale, receipt, oversold, refund, fx)
        }
        Reply::CommitFailed(message) => till::commit_failed(state, message),
        Reply::SignedIn { id, name } => till::signed_in(state, id, name),
        Reply::SignInFailed(message) => till::sign_in_failed(state, message),
        Reply::Approved { manager_id } if state.overlay == Some(Overlay::Dashboard) => {
            dashboard::approved(state, manager_id, fx);
        }
        Reply::ApprovalRefused(message) if state.overlay == Some(Overlay::Dashboard) => {
            dashboard::refused(state, message);
        }
        Reply::Approved { manager_id } if matches!(state.overlay, Some(Overlay::Return(_))) => {
            returns::approved(state, manager_id, fx);
        }
        Reply::ApprovalRefused(message) if matches!(state.overlay, Some(Overlay::Return(_))) => {
            returns::refused(state, message);
        }
        Reply::ReturnLoaded { gen_id, result } => return returns::loaded(state, gen_id, result),
        Reply::ReturnQuoted { gen_id, result } => return returns::quoted(state, gen_id, result),
        Reply::Refunded { id, quote, receipt } => returns::refunded(state, id, *quote, receipt, fx),
        Reply::RefundFailed(message) => returns::refund_failed(state, message),
        Reply::Reprinted(result) => returns::reprinted(state, result),
        Reply::Dashboard { gen_id, result } => return dashboard::answered(state, gen_id, result),
        Reply::CustomersFound { gen_id, found } => return customer::found(state, gen_id, found),
        Reply::CustomerLoaded { gen_id, customer: at } => return customer::loaded(state, gen_id, *at, fx),
        Reply::CustomerFailed { gen_id, message } => return customer::failed(state, gen_id, message),
        Reply::Approved { manager_id } => {
            let before = state.session.cart.clone();
            discount::approved(state, manager_id);
            reprice(state);
            if state.session.cart != before {
                suggest(state, fx);
            }
            till::autosave(state, &before, fx);
        }
        Reply::ApprovalRefused(message) => discount::refused(state, message),
        Reply::StockChanged => suggest(state, fx),
        Reply::TrainingScored { scorecard, save_error } => {
            if let Some(t) = state.training.as_deref_mut() {
                t.scorecard = Some(scorecard);
                t.save_error = save_error.clone();
            }
            if let Some(e) = save_error {
                error(state, e);
            }
        }
    }
    true
}

fn catalog_loaded(state: &mut State, catalog: Arc<Catalog>, fx: &mut Vec<Effect>) {
    let n = catalog.products.len();
    let reloaded = state.catalog.is_some();
    state.catalog = Some(catalog);
    state.load_error = None;
    if reloaded {
        // Everything that points into the old catalog by index goes; the cart holds SKUs and stays.
        state.search.clear_results();
        state.browse = Browse::default();
        state.suggest.lists = Default::default();
        state.suggest.focus = None;
        info(
            state,
            format!(
                "The catalog changed and was reloaded: {n} products. Lines already in the cart keep their price."
            ),
        );
    } else {
        info(state, format!("Catalog loaded: {n} products."));
    }
    reprice(state);
    search(state, fx);
    suggest(state, fx);
}
