//! Discounts at the till: a percent ("10%") or an amount ("5.00") off the
//! focused cart line or the whole cart. Up to `[checkout]
//! max_discount_percent` the cashier gives it alone; above it a manager types
//! their id and PIN, and the approval travels with the sale to its audit row.

use super::{error, info};
use crate::cart::{Discount, Off};
use crate::money::{Money, TaxRate};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{DiscountForm, DiscountScope, Overlay, Pane, State};

/// F7: a discount for the focused cart line, or for the whole cart from another pane.
pub fn open(state: &mut State) {
    if state.session.cart.is_empty() {
        error(state, "The cart is empty: nothing to discount.");
        return;
    }
    let scope = if state.focus == Pane::Cart && state.session.sel < state.session.cart.lines.len() {
        DiscountScope::Line(state.session.sel)
    } else {
        DiscountScope::Cart
    };
    state.overlay = Some(Overlay::Discount(DiscountForm {
        scope,
        input: String::new(),
        amount: None,
        manager: String::new(),
        pin: String::new(),
        stage: 0,
        waiting: false,
        error: None,
    }));
}

/// The amount the discount applies to: the line's gross value, or the cart's
/// value after line discounts and bundle savings.
pub fn base(state: &State, scope: DiscountScope) -> Money {
    match scope {
        DiscountScope::Line(i) => {
            state.session.cart.lines.get(i).map_or(Money::ZERO, crate::cart::CartLine::gross)
        }
        DiscountScope::Cart => state.session.cart.cart_discount_base(),
    }
}

/// "10%" stays a percent (it follows the quantity); "5.00" is an amount,
/// never more than `base`.
pub fn parse(input: &str, base: Money, currency: &crate::money::Currency) -> Result<Off, String> {
    let t = input.trim();
    match t.strip_suffix('%') {
        Some(p) => {
            let pct = TaxRate::parse_percent(p).map_err(|_| format!("`{t}` is not a percentage"))?;
            Ok(Off::Percent(pct.0))
        }
        None => {
            let amount = currency.parse(t).map_err(|e| e.to_string())?;
            if amount.0 < 0 {
                return Err("a discount cannot be negative".into());
            }
            if amount > base {
                return Err(format!("more than the {} it applies to", currency.display(base)));
            }
            Ok(Off::Amount(amount))
        }
    }
}

pub fn key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Discount(form)) = state.overlay.as_mut() else { return };
    if form.waiting {
        return;
    }
    let field = match form.stage {
        0 => &mut form.input,
        1 => &mut form.manager,
        _ => &mut form.pin,
    };
    if super::edit_field(field, &action) {
        form.error = None;
        return;
    }
    match action {
        Action::Add => enter(state, fx),
        Action::Cancel | Action::Discount | Action::Quit => state.overlay = None,
        _ => {}
    }
}

fn enter(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(Overlay::Discount(form)) = state.overlay.as_ref() else { return };
    let (scope, stage) = (form.scope, form.stage);
    match stage {
        0 => {
            let base = base(state, scope);
            let off = match parse(&form.input, base, &state.settings.currency) {
                Ok(a) => a,
                Err(e) => return set_error(state, e),
            };
            let cap = state.settings.max_discount_percent;
            let discount = Discount { off, approved_by: None };
            if !discount.exceeds_cap(base, cap) {
                apply(state, scope, discount);
            } else if let Some(Overlay::Discount(form)) = state.overlay.as_mut() {
                form.amount = Some(off);
                form.stage = 1;
                form.error = Some(format!("Above {cap} %: a manager approves it."));
            }
        }
        1 if !form.manager.trim().is_empty() => {
            if let Some(Overlay::Discount(form)) = state.overlay.as_mut() {
                form.stage = 2;
                form.error = None;
            }
        }
        2 if !form.pin.is_empty() => {
            fx.push(Effect::Approve { manager_id: form.manager.trim().to_string(), pin: form.pin.clone() });
            if let Some(Overlay::Discount(form)) = state.overlay.as_mut() {
                form.waiting = true;
            }
        }
        _ => {}
    }
}

fn set_error(state: &mut State, message: String) {
    if let Some(Overlay::Discount(form)) = state.overlay.as_mut() {
        form.error = Some(message);
    }
}

fn apply(state: &mut State, scope: DiscountScope, discount: Discount) {
    let cur = state.settings.currency.clone();
    let base = base(state, scope);
    let what = match scope {
        DiscountScope::Line(i) => match state.session.cart.lines.get(i) {
            Some(l) => l.name.clone(),
            None => return,
        },
        DiscountScope::Cart => "the cart".to_string(),
    };
    let said = match discount.off {
        Off::Percent(ppm) => {
            format!("{} ({}) off {what}", TaxRate(ppm).display(), cur.display(discount.amount_of(base)))
        }
        Off::Amount(a) => format!("{} off {what}", cur.display(a)),
    };
    let removed = discount.amount_of(base) == Money::ZERO;
    let slot = match scope {
        DiscountScope::Line(i) => match state.session.cart.lines.get_mut(i) {
            Some(l) => &mut l.discount,
            None => return,
        },
        DiscountScope::Cart => &mut state.session.cart.discount,
    };
    *slot = (!removed).then_some(discount);
    state.overlay = None;
    if removed {
        info(state, format!("Discount on {what} removed."));
    } else {
        info(state, format!("{said}."));
    }
}

pub fn approved(state: &mut State, manager_id: String) {
    let Some(Overlay::Discount(form)) = state.overlay.as_ref() else { return };
    let (scope, off) = (form.scope, form.amount);
    if let Some(off) = off {
        apply(state, scope, Discount { off, approved_by: Some(manager_id) });
    }
}

pub fn refused(state: &mut State, message: String) {
    if let Some(Overlay::Discount(form)) = state.overlay.as_mut() {
        form.waiting = false;
        form.pin.clear();
        form.error = Some(message);
    }
}
