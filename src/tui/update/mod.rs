//! The one place the selling screen's state changes: `update(&mut State,
//! Msg)`. It does no I/O; what it needs from the store it asks for as
//! [`Effect`]s, answered later as [`Reply`](super::msg::Reply) messages
//! carrying the request's generation, so stale answers are dropped.
//!
//! `mod.rs` handles keys on the main screen and in the help and budget
//! windows; `reply.rs` the worker's answers; `cart.rs` what changes the
//! cart; `till.rs` checkout, parking, sign-in and the saved cart;
//! `discount.rs` discounts; `shift.rs` the till's shift; `dashboard.rs` the
//! sales dashboard; `last_chance.rs` the add-ons the checkout lists;
//! `customer.rs` the customer attached to the cart; `returns.rs` returns
//! and reprints; `approval.rs` the manager's id and PIN that the dashboard
//! and a return ask for.

mod approval;
mod cart;
mod compare;
mod customer;
pub mod dashboard;
pub mod discount;
mod last_chance;
mod read_only;
mod reply;
pub mod returns;
mod shift;
pub mod till;
mod training;

use self::cart::{add, add_by_key, change_qty, dismiss, remove, scan, swap};
use super::action::Action;
use super::effect::Effect;
use super::keymap::Key;
use super::msg::Msg;
use super::state::{Browse, LeftMode, Message, Overlay, Pane, State};
use crate::suggest::events::ListKind;

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
        Some(Overlay::Checkout(_)) => keymap.checkout_action_for(key),
        Some(
            Overlay::Budget { .. }
            | Overlay::Customer(_)
            | Overlay::Shift(_)
            | Overlay::SignIn(_)
            | Overlay::Receipt { .. }
            | Overlay::Return(_)
            | Overlay::Offer { .. }
            | Overlay::Objection { .. },
        ) => keymap.action_for(key, true),
        Some(Overlay::Dashboard) => keymap.action_for(key, state.dashboard.manager.is_some()),
        Some(_) => keymap.action_for(key, false),
        None => {
            let text = key.printable().is_some_and(|c| c.is_alphanumeric() || c == ' ');
            keymap.action_for(key, text || !state.search.entry.is_empty() || state.focus == Pane::Results)
        }
    }
}

/// The bundles the cart completes, from the catalog's bundles of its products.
pub(super) fn reprice(state: &mut State) {
    if let Some(catalog) = state.catalog.clone() {
        state.session.cart.reprice_from(&catalog);
    }
}

/// Applies one message; returns the requests for the store worker.
pub fn update(state: &mut State, msg: impl Into<Msg>) -> Vec<Effect> {
    let was_dirty = state.dirty;
    state.dirty = true;
    let mut fx = Vec::new();
    match msg.into() {
        Msg::Key(action) => key(state, action, &mut fx),
        Msg::Reply(r) => {
            if !reply::apply(state, r, &mut fx) {
                // A stale answer: nothing changed, nothing to redraw.
                state.dirty = was_dirty;
            }
        }
        Msg::Tick(clock) => {
            if clock == state.clock {
                state.dirty = was_dirty;
            }
            state.clock = clock;
            // Once a second when idle: has an import or a mining run changed the catalog?
            fx.push(Effect::CheckCatalog);
        }
        Msg::Resize(w, h) => state.size = (w, h),
    }
    fx.extend(state.take_events());
    fx
}

/// A key press: the open overlay's, else the main screen's; then the cart is
/// repriced and saved when it changed.
fn key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    state.status = None;
    let before = state.session.cart.clone();
    let on_main = state.overlay.is_none();
    if !on_main {
        overlay_key(state, action, fx);
    } else {
        main_key(state, action, fx);
    }
    if state.session.cart.is_empty() && !before.is_empty() && state.training.is_none() {
        // The cart was emptied by hand: the next item is the next customer's.
        let next = till::new_cart_id(&state.settings.terminal);
        till::drop_exchange(state, fx);
        // Saved empty last, so this is the save that stands: the cart is closed.
        fx.push(Effect::SaveCart {
            cart_id: state.session.cart_id.clone(),
            staff_id: state.settings.staff_id.clone(),
            cart: crate::cart::Cart::default(),
            exchange: None,
        });
        let status = state.status.clone();
        till::new_cart(state, next, crate::cart::Cart::default(), fx);
        state.status = status;
        return;
    }
    reprice(state);
    // Training: what the trainee put in the cart (not what a declined offer took back out).
    if state.training.is_some() && on_main && state.session.cart != before {
        training::after_key(state, &before);
    }
    // Whatever changed the cart (a discount, a budget) changes what fits: ask again.
    if state.session.cart != before {
        suggest(state, fx);
    }
    till::autosave(state, &before, fx);
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

/// Tab and Shift-Tab in an id-then-PIN form: Tab moves to the PIN once an id
/// is typed, Shift-Tab back to the id. Returns whether the action was one of them.
pub(super) fn id_pin_tab(on_pin: &mut bool, id: &str, action: &Action) -> bool {
    match action {
        Action::NextPane => *on_pin |= !id.trim().is_empty(),
        Action::PrevPane => *on_pin = false,
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

/// Keys while an overlay is open.
fn overlay_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let training = state.training.is_some();
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
            ref a if scroll_by(scroll, a) => {}
            Action::Cancel | Action::Help | Action::Add => state.overlay = None,
            Action::Quit => {
                state.overlay = None;
                quit(state);
            }
            _ => {}
        },
        Overlay::Park { .. } => till::park_key(state, action, fx),
        Overlay::Checkout(_) => till::checkout_key(state, action, fx),
        Overlay::Receipt { .. } if training => training::receipt_key(state),
        Overlay::Receipt { .. } => till::receipt_key(state, action, fx),
        Overlay::Offer { .. } => training::offer_key(state, action, fx),
        Overlay::Objection { .. } => training::objection_key(state, action, fx),
        Overlay::Scorecard => training::scorecard_key(state, action),
        Overlay::SignIn(_) => till::sign_in_key(state, action, fx),
        Overlay::Discount(_) => discount::key(state, action, fx),
        Overlay::Shift(_) => shift::key(state, action, fx),
        Overlay::Dashboard => dashboard::key(state, action, fx),
        Overlay::Customer(_) => customer::lookup_key(state, action, fx),
        Overlay::Return(_) => returns::key(state, action, fx),
        Overlay::Receipts { scroll } => {
            if !scroll_by(scroll, &action) {
                state.overlay = None;
            }
        }
        Overlay::Compare { .. } => compare::key(state, action, fx),
    }
}

/// The arrows, PgUp/PgDn and Home scroll a window of text; `false` for any other key.
fn scroll_by(scroll: &mut usize, action: &Action) -> bool {
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll += 1,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::PageDown => *scroll += 10,
        Action::First => *scroll = 0,
        _ => return false,
    }
    true
}

fn set_budget(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(Overlay::Budget { input, error: err, .. }) = state.overlay.as_mut() else { return };
    if input.trim().is_empty() {
        state.session.cart.budget = None;
        state.overlay = None;
        info(state, "Budget cleared.");
        suggest(state, fx);
        return;
    }
    match state.settings.currency.parse(input) {
        Ok(m) if m.0 > 0 => {
            state.session.cart.budget = Some(m);
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
    if state.browse_only && read_only::refuses(state, &action, fx) {
        return;
    }
    match action {
        Action::Type(c) => {
            state.search.entry.push(c);
            state.left = LeftMode::Search;
            state.focus = Pane::Results;
            search(state, fx);
        }
        Action::Backspace => {
            if state.search.entry.pop().is_some() {
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
            // Browsing has no cart to visit.
            if state.browse_only && state.focus == Pane::Cart {
                state.focus = Pane::ALL[(i + 2 * step) % Pane::ALL.len()];
            }
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
        Action::AddSuggestion(i) => add_by_key(state, ListKind::CrossSell, i, fx),
        Action::AddUpgrade(i) => add_by_key(state, ListKind::Upsell, i, fx),
        Action::Mark => compare::mark(state),
        Action::Compare => compare::open(state),
        Action::Discount => discount::open(state),
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Budget => {
            let input =
                state.session.cart.budget.map(|b| state.settings.currency.plain(b)).unwrap_or_default();
            state.overlay = Some(Overlay::Budget { fresh: !input.is_empty(), input, error: None });
        }
        Action::Browse => toggle_browse(state, fx),
        Action::Park if state.training.is_some() => info(state, "Parking is off in training."),
        Action::Park => till::open_park(state, fx),
        Action::Dashboard => dashboard::open(state, fx),
        Action::Checkout if state.training.is_some() => training::checkout(state, fx),
        Action::Checkout => till::open_checkout(state),
        // Only the payment window lists add-ons to take.
        Action::CheckoutAdd(_) => {}
        Action::Shift if state.training.is_some() => info(state, "Shifts are off in training."),
        Action::Shift => shift::open(state, fx),
        Action::Customer => customer::key_on_main(state, fx),
        Action::Receipts => customer::receipts(state),
        Action::ReturnSale => returns::open(state),
        // Only the return window reprints.
        Action::Reprint => {}
        Action::Cancel => cancel(state, fx),
        Action::Quit => quit(state),
        // Nothing asked a question on the main screen.
        Action::Confirm => {}
    }
}

pub(super) fn quit(state: &mut State) {
    // Training keeps nothing: quitting leaves the practice without a score.
    if (state.session.cart.is_empty() && state.session.exchange.is_none()) || state.training.is_some() {
        state.quit = true;
    } else {
        state.overlay = Some(Overlay::ConfirmQuit);
    }
}

fn cancel(state: &mut State, fx: &mut Vec<Effect>) {
    if !state.search.entry.is_empty() {
        state.search.entry.clear();
        search(state, fx);
    } else if state.left == LeftMode::Browse {
        browse_up(state, fx);
    }
}

/// Asks the worker to search for the entry line's query (or clears the results).
pub(super) fn search(state: &mut State, fx: &mut Vec<Effect>) {
    state.search.gen_id += 1;
    let query = state.query().trim().to_string();
    if query.is_empty() || state.catalog.is_none() {
        state.search.clear_results();
        state.search.query = query;
        refocus(state, fx);
        return;
    }
    fx.push(Effect::Search { gen_id: state.search.gen_id, query });
}

/// Asks the worker for suggestions for the cart and the product in focus.
pub(super) fn suggest(state: &mut State, fx: &mut Vec<Effect>) {
    state.suggest.gen_id += 1;
    if state.catalog.is_none() || (state.session.cart.is_empty() && state.suggest.focus.is_none()) {
        state.suggest.lists = Default::default();
        state.suggest.answered = state.suggest.gen_id;
        return;
    }
    fx.push(Effect::Suggest { gen_id: state.suggest.gen_id, request: state.suggest_request() });
}

/// Follows the focus: the upgrade options are for the product highlighted in
/// the results or the cart, whichever has focus.
pub(super) fn refocus(state: &mut State, fx: &mut Vec<Effect>) {
    if !matches!(state.focus, Pane::Results | Pane::Cart) {
        return;
    }
    // With nothing highlighted in the results, the upgrades follow the cart line.
    let focus = state.product_in(state.focus).or_else(|| state.product_in(Pane::Cart));
    if focus != state.suggest.focus {
        state.suggest.focus = focus;
        state.suggest.upsell_sel = 0;
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
        if !state.search.entry.is_empty() {
            state.search.entry.clear();
            search(state, fx);
        }
    }
    refocus(state, fx);
}

fn browse_up(state: &mut State, fx: &mut Vec<Effect>) {
    match (state.browse.category, state.catalog.as_deref()) {
        (Some(c), Some(cat)) => {
            let parent = cat.categories.get(c.index()).and_then(|x| x.parent);
            let siblings = match parent {
                Some(p) => cat.children(p),
                None => cat.roots(),
            };
            let sel = siblings.iter().position(|&s| s == c).unwrap_or(0);
            state.browse = Browse::open(cat, parent, sel);
        }
        _ => state.left = LeftMode::Search,
    }
    refocus(state, fx);
}
