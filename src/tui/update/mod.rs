//! The one place the selling screen's state changes: `update(&mut State,
//! Action)`. It does no I/O; what it needs from the store it asks for as
//! [`Effect`]s, answered later as actions carrying the request's generation,
//! so stale answers are dropped.

mod cart;
pub mod discount;
pub mod till;

use std::sync::Arc;

use self::cart::{add, change_qty, dismiss, remove, scan, swap};
use super::action::Action;
use super::keymap::Key;
use super::state::{Browse, Effect, LeftMode, Message, Overlay, Pane, State};
use crate::catalog::Catalog;
use crate::suggest::events::{EventKind, ListKind};

/// What a key does in the current state (overlays and the entry line change it).
///
/// On the main screen everything typed is text while the entry line has
/// focus (the results pane is focused, or the entry holds text), and letters,
/// digits and spaces are text everywhere: a scanner or a fast typist never
/// loses a character. Other printable keys bound to a command (`+`, `-`,
/// `?`) act only when the cart or a suggestion pane has focus.
pub fn key_action(state: &State, key: Key) -> Option<Action> {
    let keymap = &state.keymap;
    match &state.overlay {
        Some(Overlay::ConfirmQuit) => {
            Some(if matches!(key.printable(), Some('y' | 'Y')) { Action::Confirm } else { Action::Cancel })
        }
        Some(
            Overlay::Budget { .. } | Overlay::Checkout(_) | Overlay::SignIn(_) | Overlay::Receipt { .. },
        ) => keymap.action_for(key, true),
        Some(_) => keymap.action_for(key, false),
        None => {
            let text = key.printable().is_some_and(|c| c.is_alphanumeric() || c == ' ');
            keymap.action_for(key, text || !state.entry.is_empty() || state.focus == Pane::Results)
        }
    }
}

/// The bundles the cart completes, from the catalog's bundles of its products.
pub(super) fn reprice(state: &mut State) {
    if let Some(catalog) = state.catalog.clone() {
        state.cart.reprice_from(&catalog);
    }
}

/// Applies one action; returns the requests for the store worker.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let was_dirty = state.dirty;
    state.dirty = true;
    let mut fx = Vec::new();
    match action {
        Action::Resize(w, h) => state.size = (w, h),
        Action::Clock(text) => {
            if text == state.clock {
                state.dirty = was_dirty;
            }
            state.clock = text;
        }
        Action::CatalogLoaded(catalog) => catalog_loaded(state, catalog, &mut fx),
        Action::SearchDone { gen_id, results, total } => {
            if gen_id != state.search_gen {
                state.dirty = was_dirty;
                return fx;
            }
            state.results_total = total.max(results.len());
            state.results = results;
            state.results_query = state.query().trim().to_string();
            state.result_sel = 0;
            refocus(state, &mut fx);
        }
        Action::Suggested { gen_id, suggestions } => {
            if gen_id != state.suggest_gen {
                state.dirty = was_dirty;
                return fx;
            }
            state.suggestions = suggestions;
            state.cross_sel = state.cross_sel.min(state.suggestions.cross_sell.len().saturating_sub(1));
            state.upsell_sel = state.upsell_sel.min(state.suggestions.upsell.len().saturating_sub(1));
            for i in 0..state.suggestions.cross_sell.len() {
                state.record(ListKind::CrossSell, EventKind::Shown, i);
            }
            for i in 0..state.suggestions.upsell.len() {
                state.record(ListKind::Upsell, EventKind::Shown, i);
            }
        }
        Action::StoreFailed(message) => {
            if state.catalog.is_none() {
                state.load_error = Some(message.clone());
            }
            error(state, message);
        }
        Action::Resumed { last_sale, open } => till::resumed(state, last_sale, open, &mut fx),
        Action::ParkedList(list) => till::parked_list(state, list),
        Action::Recalled { cart_id, cart } => till::recalled(state, cart_id, cart, &mut fx),
        Action::Busy(draft) => till::busy(state, draft, &mut fx),
        Action::Committed { sale, receipt, oversold } => {
            till::committed(state, sale, receipt, oversold, &mut fx)
        }
        Action::CommitFailed(message) => till::commit_failed(state, message),
        Action::SignedIn { id, name } => till::signed_in(state, id, name),
        Action::SignInFailed(message) => till::sign_in_failed(state, message),
        Action::Approved { manager_id } => {
            let before = state.cart.clone();
            discount::approved(state, manager_id);
            reprice(state);
            if state.cart != before {
                suggest(state, &mut fx);
            }
            till::autosave(state, &before, &mut fx);
        }
        Action::ApprovalRefused(message) => discount::refused(state, message),
        Action::StockChanged => suggest(state, &mut fx),
        key_action => {
            state.status = None;
            let before = state.cart.clone();
            if state.overlay.is_some() {
                overlay_key(state, key_action, &mut fx);
            } else {
                main_key(state, key_action, &mut fx);
            }
            if state.cart.is_empty() && !before.is_empty() {
                // The cart was emptied by hand: the next item is the next customer's.
                let next = till::new_cart_id(&state.settings.terminal);
                fx.push(Effect::SaveCart {
                    cart_id: state.cart_id.clone(),
                    staff_id: state.settings.staff_id.clone(),
                    cart: crate::cart::Cart::default(),
                });
                let status = state.status.clone();
                till::new_cart(state, next, crate::cart::Cart::default(), &mut fx);
                state.status = status;
                return fx;
            }
            reprice(state);
            // Whatever changed the cart (a discount, a budget) changes what fits: ask again.
            if state.cart != before {
                suggest(state, &mut fx);
            }
            till::autosave(state, &before, &mut fx);
        }
    }
    fx
}

/// Typing into a one-line field of a window: a printable character is added,
/// Backspace takes the last one off. Returns whether the action was an edit.
pub(super) fn edit_field(field: &mut String, action: &Action) -> bool {
    match action {
        Action::Type(c) if !c.is_control() => field.push(*c),
        Action::Backspace => {
            field.pop();
        }
        _ => return false,
    }
    true
}

pub(super) fn info(state: &mut State, text: impl Into<String>) {
    state.status = Some(Message { text: text.into(), error: false });
}

pub(super) fn error(state: &mut State, text: impl Into<String>) {
    state.status = Some(Message { text: text.into(), error: true });
}

fn catalog_loaded(state: &mut State, catalog: Arc<Catalog>, fx: &mut Vec<Effect>) {
    let mut children = vec![Vec::new(); catalog.categories.len()];
    let mut roots = Vec::new();
    for (i, c) in catalog.categories.iter().enumerate() {
        match c.parent.filter(|p| *p < children.len()) {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    let by_path = |a: &usize, b: &usize| catalog.categories[*a].path.cmp(&catalog.categories[*b].path);
    roots.sort_by(by_path);
    for list in &mut children {
        list.sort_by(by_path);
    }
    let n = catalog.products.len();
    let reloaded = state.catalog.is_some();
    state.roots = roots;
    state.children = children;
    state.catalog = Some(catalog);
    state.load_error = None;
    if reloaded {
        // Everything that points into the old catalog by index goes; the cart holds SKUs and stays.
        state.results.clear();
        state.result_sel = 0;
        state.browse = Browse::default();
        state.suggestions = Default::default();
        state.upsell_focus = None;
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

/// Keys while an overlay is open.
fn overlay_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(overlay) = state.overlay.as_mut() else { return };
    match overlay {
        Overlay::ConfirmQuit => {
            state.overlay = None;
            if matches!(action, Action::Confirm) {
                till::park_cart_on_quit(state, fx);
                state.quit = true;
            }
        }
        Overlay::Budget { input, fresh, error: err } => match action {
            ref edit if matches!(edit, Action::Type(_) | Action::Backspace) && std::mem::take(fresh) => {
                input.clear();
                if let Action::Type(_) = edit {
                    edit_field(input, edit);
                }
                *err = None;
            }
            ref edit if edit_field(input, edit) => *err = None,
            Action::Add => set_budget(state, fx),
            Action::Cancel | Action::Budget | Action::Quit => state.overlay = None,
            _ => {}
        },
        Overlay::Help { scroll } => match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll += 1,
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll += 10,
            Action::First => *scroll = 0,
            Action::Cancel | Action::Help | Action::Add => state.overlay = None,
            Action::Quit => {
                state.overlay = None;
                quit(state);
            }
            _ => {}
        },
        Overlay::Park { .. } => till::park_key(state, action, fx),
        Overlay::Checkout(_) => till::checkout_key(state, action, fx),
        Overlay::Receipt { .. } => till::receipt_key(state, action, fx),
        Overlay::SignIn(_) => till::sign_in_key(state, action, fx),
        Overlay::Discount(_) => discount::key(state, action, fx),
    }
}

fn set_budget(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(Overlay::Budget { input, error: err, .. }) = state.overlay.as_mut() else { return };
    if input.trim().is_empty() {
        state.cart.budget = None;
        state.overlay = None;
        info(state, "Budget cleared.");
        suggest(state, fx);
        return;
    }
    match state.settings.currency.parse(input) {
        Ok(m) if m.0 > 0 => {
            state.cart.budget = Some(m);
            state.overlay = None;
            let shown = state.settings.currency.display(m);
            info(state, format!("Budget set to {shown}."));
            suggest(state, fx);
        }
        Ok(_) => *err = Some("The budget must be more than zero.".into()),
        Err(e) => *err = Some(e.to_string()),
    }
}

/// Keys on the main screen.
pub(super) fn main_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Type(c) => {
            state.entry.push(c);
            state.left = LeftMode::Search;
            state.focus = Pane::Results;
            search(state, fx);
        }
        Action::Backspace => {
            if state.entry.pop().is_some() {
                search(state, fx);
            } else if state.left == LeftMode::Browse {
                browse_up(state, fx);
            }
        }
        Action::Add => add(state, fx),
        Action::Scan(code) => scan(state, &code, fx),
        Action::NextPane | Action::PrevPane => {
            let i = Pane::ALL.iter().position(|p| *p == state.focus).unwrap_or(0);
            let step = if matches!(action, Action::NextPane) { 1 } else { Pane::ALL.len() - 1 };
            state.focus = Pane::ALL[(i + step) % Pane::ALL.len()];
            refocus(state, fx);
        }
        Action::Up => move_selection(state, -1, fx),
        Action::Down => move_selection(state, 1, fx),
        Action::PageUp => move_selection(state, -(state.page_rows() as isize), fx),
        Action::PageDown => move_selection(state, state.page_rows() as isize, fx),
        Action::First => move_selection(state, isize::MIN / 2, fx),
        Action::Last => move_selection(state, isize::MAX / 2, fx),
        Action::More => change_qty(state, 1, fx),
        Action::Fewer => change_qty(state, -1, fx),
        Action::Remove => remove(state, fx),
        Action::Swap => swap(state, fx),
        Action::Dismiss => dismiss(state, fx),
        Action::Discount => discount::open(state),
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Budget => {
            let input = state.cart.budget.map(|b| state.settings.currency.plain(b)).unwrap_or_default();
            state.overlay = Some(Overlay::Budget { fresh: !input.is_empty(), input, error: None });
        }
        Action::Browse => toggle_browse(state, fx),
        Action::Park => till::open_park(state, fx),
        Action::Checkout => till::open_checkout(state),
        Action::Cancel => cancel(state, fx),
        Action::Quit => quit(state),
        Action::Confirm => {}
        Action::Resize(..)
        | Action::Clock(_)
        | Action::CatalogLoaded(_)
        | Action::SearchDone { .. }
        | Action::Suggested { .. }
        | Action::StoreFailed(_)
        | Action::Resumed { .. }
        | Action::ParkedList(_)
        | Action::Recalled { .. }
        | Action::Busy(_)
        | Action::Committed { .. }
        | Action::CommitFailed(_)
        | Action::SignedIn { .. }
        | Action::SignInFailed(_)
        | Action::Approved { .. }
        | Action::ApprovalRefused(_)
        | Action::StockChanged => {}
    }
}

fn quit(state: &mut State) {
    if state.cart.is_empty() {
        state.quit = true;
    } else {
        state.overlay = Some(Overlay::ConfirmQuit);
    }
}

fn cancel(state: &mut State, fx: &mut Vec<Effect>) {
    if !state.entry.is_empty() {
        state.entry.clear();
        search(state, fx);
    } else if state.left == LeftMode::Browse {
        browse_up(state, fx);
    }
}

/// Asks the worker to search for the entry line's query (or clears the results).
pub(super) fn search(state: &mut State, fx: &mut Vec<Effect>) {
    state.search_gen += 1;
    let query = state.query().trim().to_string();
    if query.is_empty() || state.catalog.is_none() {
        state.results.clear();
        state.results_total = 0;
        state.results_query = query;
        state.result_sel = 0;
        refocus(state, fx);
        return;
    }
    fx.push(Effect::Search { gen_id: state.search_gen, query });
}

/// Asks the worker for suggestions for the cart and the product in focus.
pub(super) fn suggest(state: &mut State, fx: &mut Vec<Effect>) {
    state.suggest_gen += 1;
    if state.catalog.is_none() || (state.cart.is_empty() && state.upsell_focus.is_none()) {
        state.suggestions = Default::default();
        return;
    }
    fx.retain(|e| !matches!(e, Effect::Suggest { .. }));
    fx.push(Effect::Suggest { gen_id: state.suggest_gen, request: state.suggest_request() });
}

/// Follows the focus: the upgrade options are for the product highlighted in
/// the results or the cart, whichever has focus.
pub(super) fn refocus(state: &mut State, fx: &mut Vec<Effect>) {
    if !matches!(state.focus, Pane::Results | Pane::Cart) {
        return;
    }
    // With nothing highlighted in the results, the upgrades follow the cart line.
    let focus = state.product_in(state.focus).or_else(|| state.product_in(Pane::Cart));
    if focus != state.upsell_focus {
        state.upsell_focus = focus;
        state.upsell_sel = 0;
        suggest(state, fx);
    }
}

fn move_selection(state: &mut State, delta: isize, fx: &mut Vec<Effect>) {
    let len = state.pane_len(state.focus);
    let sel = state.selection_mut(state.focus);
    *sel = if len == 0 { 0 } else { sel.saturating_add_signed(delta).min(len - 1) };
    refocus(state, fx);
}

fn toggle_browse(state: &mut State, fx: &mut Vec<Effect>) {
    state.focus = Pane::Results;
    if state.left == LeftMode::Browse {
        state.left = LeftMode::Search;
    } else {
        state.left = LeftMode::Browse;
        state.browse = Default::default();
        if !state.entry.is_empty() {
            state.entry.clear();
            search(state, fx);
        }
    }
    refocus(state, fx);
}

fn browse_up(state: &mut State, fx: &mut Vec<Effect>) {
    match (state.browse.category, state.catalog.as_deref()) {
        (Some(c), Some(cat)) => {
            let parent = cat.categories.get(c).and_then(|x| x.parent);
            let siblings = match parent {
                Some(p) => state.children.get(p).map_or(&[][..], Vec::as_slice),
                None => &state.roots[..],
            };
            let sel = siblings.iter().position(|&s| s == c).unwrap_or(0);
            state.browse = Browse { category: parent, sel };
        }
        _ => state.left = LeftMode::Search,
    }
    refocus(state, fx);
}
