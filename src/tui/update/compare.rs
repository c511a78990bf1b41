//! Compare: products marked (`mark`) in the results, the cart or a
//! suggestion list, side by side in a window (`compare`). The table is
//! worked out once, when the window opens ([`crate::suggest::compare`]); in
//! the window 1–3 or Enter adds a column's product to the cart (not when
//! browsing), Delete or `c` clears the marks, Esc closes.

use super::cart::{add_product, add_suggestion};
use super::{error, info};
use crate::cart::Origin;
use crate::suggest::compare::{MAX_COMPARED, compare};
use crate::suggest::events::ListKind;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{Overlay, State};

/// The key of an action, as the status line names it.
fn key_of(state: &State, name: &str) -> String {
    state.keymap.first_key(name).unwrap_or_else(|| format!("`keys.{name}`"))
}

/// Marks the focused product to compare, or unmarks it.
pub(super) fn mark(state: &mut State) {
    let (Some(p), Some(catalog)) = (state.product_in(state.focus), state.catalog.clone()) else {
        return info(state, "Highlight a product in the results, the cart or a suggestion to mark it.");
    };
    let product = catalog.product(p);
    let (mark, cmp) = (key_of(state, "mark"), key_of(state, "compare"));
    if let Some(i) = state.marks.iter().position(|m| *m == product.sku) {
        state.marks.remove(i);
        let n = state.marks.len();
        info(state, format!("Unmarked the {}: {n} marked to compare.", product.name));
    } else if state.marks.len() >= MAX_COMPARED {
        error(
            state,
            format!("{MAX_COMPARED} are marked already: {cmp} compares them; {mark} on one unmarks it."),
        );
    } else {
        state.marks.push(product.sku.clone());
        let n = state.marks.len();
        let next = if n == 1 { format!("{mark} marks another") } else { format!("{cmp} compares them") };
        info(state, format!("Marked the {} to compare ({n} of {MAX_COMPARED}): {next}.", product.name));
    }
}

/// Opens the comparison of the marked products (two or three).
pub(super) fn open(state: &mut State) {
    let Some(catalog) = state.catalog.clone() else { return info(state, "Still loading the catalog…") };
    let products: Vec<_> = state.marks.iter().filter_map(|sku| catalog.by_sku(sku)).collect();
    let mark = key_of(state, "mark");
    match products.as_slice() {
        [] => info(state, format!("Mark two or three products with {mark} to compare them.")),
        [one] => {
            let name = &catalog.product(*one).name;
            info(state, format!("Only the {name} is marked: mark another with {mark} to compare."))
        }
        _ => {
            let table = compare(&catalog, &state.settings.currency, &products);
            state.overlay = Some(Overlay::Compare { table: Box::new(table), sel: 0 });
        }
    }
}

/// Keys in the compare window.
pub(super) fn key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Compare { table, sel }) = state.overlay.as_mut() else { return };
    let last = table.products.len().saturating_sub(1);
    let column = match action {
        Action::Cancel | Action::Compare => {
            state.overlay = None;
            return;
        }
        Action::Quit => {
            state.overlay = None;
            return super::quit(state);
        }
        Action::Up | Action::PrevPane => {
            *sel = sel.saturating_sub(1);
            return;
        }
        Action::Down | Action::NextPane => {
            *sel = (*sel + 1).min(last);
            return;
        }
        Action::Remove | Action::Type('c' | 'C') => {
            state.marks.clear();
            state.overlay = None;
            return info(state, "Marks cleared.");
        }
        Action::Add => *sel,
        Action::Type(c @ '1'..='9') => usize::from(c as u8 - b'1'),
        _ => return,
    };
    let Some(&p) = table.products.get(column) else { return };
    if state.browse_only {
        return info(state, "Browse — read-only: nothing is added to a cart here.");
    }
    state.overlay = None;
    // Still on a suggestion list: taken from it, as Enter there would.
    let sku = state.catalog.as_deref().map(|c| c.product(p).sku.clone()).unwrap_or_default();
    let listed = match state.cross_sell_of(&sku) {
        Some((i, _)) => Some((ListKind::CrossSell, i)),
        None => state.suggest.lists.upsell.iter().position(|u| u.sku == sku).map(|i| (ListKind::Upsell, i)),
    };
    match listed {
        Some((list, i)) => {
            add_suggestion(state, list, i, fx);
        }
        None => add_product(state, p, 1, Origin::Search, fx),
    }
}
