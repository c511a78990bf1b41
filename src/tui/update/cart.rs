//! What changes the cart: Enter on a code, a result or a suggestion, a scan,
//! quantities, removing, swapping in an upgrade, dismissing a suggestion.

use super::{error, info, refocus, search, suggest};
use crate::barcode::{self, BarcodeError};
use crate::cart::{MAX_QTY, Origin};
use crate::catalog::ProductIdx;
use crate::suggest::events::{EventKind, ListKind};
use crate::tui::effect::Effect;
use crate::tui::state::{Browse, BrowseItem, LeftMode, Pane, State, split_quantity};

/// Enter: the typed code, else the focused result or suggestion.
pub(super) fn add(state: &mut State, fx: &mut Vec<Effect>) {
    if state.catalog.is_none() {
        info(state, "Still loading the catalog…");
        return;
    }
    if !state.search.entry.trim().is_empty() {
        submit_entry(state, fx);
    } else {
        add_focused(state, fx);
    }
}

/// Enter on the focused row of the focused pane.
fn add_focused(state: &mut State, fx: &mut Vec<Effect>) {
    match state.focus {
        Pane::Results => match state.left {
            LeftMode::Search => match state.search.results.get(state.search.sel) {
                Some(&p) => add_product(state, p, 1, Origin::Search, fx),
                None => info(state, "Type to search, or scan a barcode."),
            },
            LeftMode::Browse => match state.browse_item(state.browse.sel) {
                Some(BrowseItem::Category(c)) => {
                    if let Some(catalog) = state.catalog.as_deref() {
                        state.browse = Browse::open(catalog, Some(c), 0);
                    }
                    refocus(state, fx);
                }
                Some(BrowseItem::Product(p, _)) => add_product(state, p, 1, Origin::Browse, fx),
                None => {}
            },
        },
        Pane::Cart => info(state, "Tab to the results or the suggestions to add; + adds one more."),
        Pane::CrossSell => {
            if !add_suggestion(state, ListKind::CrossSell, state.suggest.cross_sel, fx) {
                info(state, "Nothing to add here.");
            }
        }
        Pane::Upsell => {
            if !add_suggestion(state, ListKind::Upsell, state.suggest.upsell_sel, fx) {
                info(state, "Nothing to add here.");
            }
        }
    }
}

/// Adds row `i` of a suggestion list, recorded as taken from it: what Enter
/// on a focused suggestion does, and its one key (an upgrade is added, not
/// swapped in). `false` when the list has no such row.
pub(super) fn add_suggestion(state: &mut State, list: ListKind, i: usize, fx: &mut Vec<Effect>) -> bool {
    let found = match list {
        ListKind::CrossSell => {
            state.suggest.lists.cross_sell.get(i).map(|s| (s.product, Some(s.for_sku.clone())))
        }
        ListKind::Upsell => state.suggest.lists.upsell.get(i).map(|s| (s.product, None)),
    };
    let Some((p, for_sku)) = found else { return false };
    state.record(list, EventKind::Added, i);
    let origin = match list {
        ListKind::CrossSell => Origin::CrossSell,
        ListKind::Upsell => Origin::Upsell,
    };
    add_product(state, p, 1, origin, fx);
    if let Some(for_sku) = for_sku {
        attach_service(state, p, for_sku);
    }
    true
}

/// A suggestion's own key (`add_suggestion_N`, `add_upgrade_N`): adds row
/// `i` of `list` whatever has focus, the entry line left as it is.
pub(super) fn add_by_key(state: &mut State, list: ListKind, i: usize, fx: &mut Vec<Effect>) {
    if state.catalog.is_none() {
        return info(state, "Still loading the catalog…");
    }
    if !add_suggestion(state, list, i, fx) {
        let pane = match list {
            ListKind::CrossSell => "Goes well with",
            ListKind::Upsell => "Upgrade options",
        };
        info(state, format!("No suggestion {} in {pane}: nothing added.", i + 1));
    }
}

/// Enter with text in the entry line: `[N*]code` (SKU or barcode), else the focused result.
pub(super) fn submit_entry(state: &mut State, fx: &mut Vec<Effect>) {
    let entry = state.search.entry.clone();
    let (qty_text, code) = split_quantity(&entry);
    let qty = match parse_qty(qty_text) {
        Ok(q) => q,
        Err(e) => return error(state, e),
    };
    let code = code.trim();
    if code.is_empty() {
        return info(state, format!("{qty}× — now scan or type the product."));
    }
    match lookup_code(state, code) {
        Ok(Some(p)) => {
            add_product(state, p, qty, Origin::Scan, fx);
            clear_entry(state, fx);
            return;
        }
        // No product: perhaps a loyalty card (the worker looks).
        Err(e) => return super::customer::card(state, code, e, fx),
        Ok(None) => {}
    }
    if code.bytes().all(|b| b.is_ascii_digit()) {
        // A number is a code: it never adds whatever a search for it finds.
        return super::customer::card(state, code, format!("No product has the code {code}."), fx);
    }
    if matches!(state.focus, Pane::CrossSell | Pane::Upsell) {
        return add_focused(state, fx);
    }
    if state.focus == Pane::Results && state.left == LeftMode::Search {
        // Enter adds the highlighted result only when the list on screen answers what was typed.
        if state.search.query != code {
            return info(state, format!("Still searching for `{code}`: Enter again once the results show."));
        }
        if let Some(&p) = state.search.results.get(state.search.sel) {
            add_product(state, p, qty, Origin::Search, fx);
            clear_entry(state, fx);
            return;
        }
    }
    let nothing = format!("Nothing matches `{code}`.");
    if crate::customers::card(code).is_ok() && code.bytes().any(|b| b.is_ascii_digit()) {
        return super::customer::card(state, code, nothing, fx);
    }
    error(state, nothing)
}

fn clear_entry(state: &mut State, fx: &mut Vec<Effect>) {
    state.search.entry.clear();
    search(state, fx);
    state.focus = Pane::Cart;
    refocus(state, fx);
}

/// A scanner burst: the code's characters went into the entry line; take them
/// back out (keeping any search typed before) and add the product.
pub(super) fn scan(state: &mut State, code: &str, fx: &mut Vec<Effect>) {
    if let Some(rest) = state.search.entry.strip_suffix(code) {
        state.search.entry.truncate(rest.len());
    }
    let mut qty = 1;
    if let (Some(q), rest) = split_quantity(&state.search.entry)
        && rest.trim().is_empty()
    {
        match parse_qty(Some(q)) {
            Ok(q) => qty = q,
            Err(e) => return error(state, e),
        }
        state.search.entry.clear();
    }
    search(state, fx);
    if state.catalog.is_none() {
        return info(state, "Still loading the catalog…");
    }
    match lookup_code(state, code) {
        Ok(Some(p)) => {
            add_product(state, p, qty, Origin::Scan, fx);
            state.focus = Pane::Cart;
            refocus(state, fx);
        }
        // No product: a loyalty card attaches its customer (cards never collide with product codes).
        Ok(None) => {
            super::customer::card(state, code, format!("No product or card has the code `{code}`."), fx)
        }
        Err(e) => super::customer::card(state, code, e, fx),
    }
}

fn parse_qty(text: Option<&str>) -> Result<i64, String> {
    let Some(text) = text else { return Ok(1) };
    text.parse::<i64>()
        .ok()
        .filter(|q| (1..=MAX_QTY).contains(q))
        .ok_or_else(|| format!("The quantity must be from 1 to {MAX_QTY}."))
}

/// An exact SKU, else a barcode (check digit validated). `Err` says what is wrong with a barcode.
fn lookup_code(state: &State, code: &str) -> Result<Option<ProductIdx>, String> {
    let Some(catalog) = state.catalog.as_deref() else { return Ok(None) };
    if let Some(p) = state.product_by_sku(code) {
        return Ok(Some(p));
    }
    if code.len() >= 8 && code.bytes().all(|b| b.is_ascii_digit()) {
        return match barcode::normalize(code) {
            Ok(_) => match catalog.by_barcode(code) {
                Some(p) => Ok(Some(p)),
                None => Err(format!("No product has the barcode {code}.")),
            },
            Err(BarcodeError::BadCheckDigit { code, expected }) => {
                Err(format!("Bad check digit in {code} (expected {expected}): scan again or type the SKU."))
            }
            Err(e) => Err(format!("Not a barcode: {e}.")),
        };
    }
    Ok(None)
}

pub(super) fn add_product(state: &mut State, p: ProductIdx, qty: i64, origin: Origin, fx: &mut Vec<Effect>) {
    let Some(catalog) = state.catalog.clone() else { return };
    if state.browse_only {
        return info(state, "Browse — read-only: nothing is added to a cart here.");
    }
    let product = catalog.product(p);
    if !product.active {
        return error(state, format!("{} is no longer sold.", product.name));
    }
    let line = state.session.cart.add(product, qty, origin);
    state.session.sel = line;
    let cur = &state.settings.currency;
    let mut text = format!("Added {qty} × {} ({}).", product.name, cur.display(product.price));
    if let Some(warning) = stock_warning(state, &catalog, p) {
        text.push(' ');
        text.push_str(&warning);
    }
    info(state, text);
    cart_changed(state, fx);
}

/// "Only 1 Harbor Buds 2 left in stock: 2 in the cart." when the cart holds
/// more of a product than the shelf does.
fn stock_warning(state: &State, catalog: &crate::catalog::Catalog, p: ProductIdx) -> Option<String> {
    let product = catalog.product(p);
    let in_cart: i64 = state.session.cart.lines.iter().filter(|l| l.sku == product.sku).map(|l| l.qty).sum();
    let stock = catalog.stock(p);
    (catalog.counts_stock(p) && stock < in_cart).then(|| {
        let words = crate::catalog::stock_words(&product.name, stock);
        let mut c = words.chars();
        let words: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
        format!("{words}: {in_cart} in the cart.")
    })
}

/// A service priced by the item it covers (a protection plan) stays attached to that item.
pub(super) fn attach_service(state: &mut State, p: ProductIdx, for_sku: String) {
    let Some(catalog) = state.catalog.as_deref() else { return };
    let product = catalog.product(p);
    if product.cover.is_some()
        && let Some(line) = state.session.cart.lines.iter_mut().find(|l| l.sku == product.sku)
    {
        line.covers = Some(for_sku);
    }
}

pub(super) fn change_qty(state: &mut State, delta: i64, fx: &mut Vec<Effect>) {
    let Some(line) = state.session.cart.lines.get(state.session.sel) else {
        return info(state, "The cart is empty.");
    };
    let (name, sku, before, lines) =
        (line.name.clone(), line.sku.clone(), line.qty, state.session.cart.lines.len());
    let (list_price, origin) = (line.list_price, line.origin);
    let catalog = state.catalog.clone();
    let product = state.product_by_sku(&sku).zip(catalog.as_deref());
    if delta > 0
        && let Some((p, catalog)) = product
        && catalog.product(p).price != list_price
    {
        // A unit added now is charged today's price: it goes on a line of its own.
        let price = state.settings.currency.display(catalog.product(p).price);
        state.session.sel = state.session.cart.add(catalog.product(p), delta, origin);
        let mut text = format!("{name} now costs {price}: the new unit is on its own line.");
        if let Some(w) = stock_warning(state, catalog, p) {
            text = format!("{text} {w}");
        }
        info(state, text);
        return cart_changed(state, fx);
    }
    state.session.cart.change_qty(state.session.sel, delta);
    if state.session.cart.lines.len() < lines {
        info(state, format!("Removed {name}."));
        state.session.sel = state.session.sel.min(state.session.cart.lines.len().saturating_sub(1));
    } else if state.session.cart.lines[state.session.sel].qty == before {
        info(state, format!("{before} is the most one line can hold."));
    } else if delta > 0
        && let Some((p, catalog)) = product
        && let Some(w) = stock_warning(state, catalog, p)
    {
        info(state, w);
    }
    cart_changed(state, fx);
}

pub(super) fn remove(state: &mut State, fx: &mut Vec<Effect>) {
    if state.focus != Pane::Cart {
        return info(state, "Tab to the cart to remove a line.");
    }
    match state.session.cart.remove(state.session.sel) {
        Some(line) => info(state, format!("Removed {}.", line.name)),
        // An exchange cart with nothing in it yet: Del drops the exchange.
        None if state.session.exchange.is_some() => return super::till::drop_exchange(state, fx),
        None => return info(state, "The cart is empty."),
    }
    state.session.sel = state.session.sel.min(state.session.cart.lines.len().saturating_sub(1));
    cart_changed(state, fx);
}

/// The cart changed: the upgrade options follow the focused cart line, and
/// both lists are asked for again.
fn cart_changed(state: &mut State, fx: &mut Vec<Effect>) {
    if state.focus == Pane::Cart {
        state.suggest.focus = state.product_in(Pane::Cart);
    }
    suggest(state, fx);
}

pub(super) fn swap(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(up) = state.suggest.lists.upsell.get(state.suggest.upsell_sel).cloned() else {
        return info(state, "No upgrade to swap in.");
    };
    // The highlighted line when it is the one the upgrade is for, else the first line of that product.
    let highlighted = state
        .session
        .cart
        .lines
        .get(state.session.sel)
        .filter(|l| l.sku == up.for_sku)
        .map(|_| state.session.sel);
    let Some(line) = highlighted.or_else(|| state.session.cart.position(&up.for_sku)) else {
        let base = state
            .product_by_sku(&up.for_sku)
            .and_then(|p| Some(state.catalog.as_deref()?.product(p).name.clone()));
        let base = base.unwrap_or_else(|| up.for_sku.clone());
        return info(state, format!("The {base} is not in the cart: Enter on the upgrade adds it."));
    };
    let Some(catalog) = state.catalog.clone() else { return };
    let discount_lost =
        state.session.cart.price().lines.get(line).map_or(crate::money::Money::ZERO, |p| p.line_discount);
    state.record(ListKind::Upsell, EventKind::Swapped, state.suggest.upsell_sel);
    let old = state.session.cart.lines[line].name.clone();
    state.session.cart.swap(line, catalog.product(up.product));
    state.session.sel = state.session.cart.position(&up.sku).unwrap_or(0);
    let delta = state.settings.currency.display(up.price_delta);
    let mut text = format!("Swapped {old} for {} (+{delta} each).", up.name);
    if discount_lost > crate::money::Money::ZERO {
        let off = state.settings.currency.display(discount_lost);
        text.push_str(&format!(" The line's {off} discount does not carry over."));
    }
    if let Some((bundle, saving)) = &up.bundle_lost {
        let saving = state.settings.currency.display(*saving);
        text.push_str(&format!(" The {bundle} saving of {saving} no longer applies."));
    }
    info(state, text);
    state.suggest.focus = Some(up.product);
    state.suggest.upsell_sel = 0;
    suggest(state, fx);
}

pub(super) fn dismiss(state: &mut State, fx: &mut Vec<Effect>) {
    let (list, sel) = match state.focus {
        Pane::CrossSell => (ListKind::CrossSell, state.suggest.cross_sel),
        Pane::Upsell => (ListKind::Upsell, state.suggest.upsell_sel),
        _ => return info(state, "Tab to a suggestion to dismiss it."),
    };
    let found = match list {
        ListKind::CrossSell => {
            state.suggest.lists.cross_sell.get(sel).map(|s| (s.sku.clone(), s.name.clone()))
        }
        ListKind::Upsell => state.suggest.lists.upsell.get(sel).map(|s| (s.sku.clone(), s.name.clone())),
    };
    let Some((sku, name)) = found else { return info(state, "Nothing to dismiss here.") };
    state.record(list, EventKind::Dismissed, sel);
    state.session.cart.dismissed.insert(sku);
    info(state, format!("{name} will not be suggested again for this customer."));
    suggest(state, fx);
}
