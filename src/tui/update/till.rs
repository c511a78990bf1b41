//! The till's side of the selling screen: checkout and receipts, parking and
//! recalling carts, the cart saved as it changes, the last sale shown at
//! start, and staff sign-in. Like the rest of `update`, no I/O: the store
//! work is asked for as effects and answered as replies.

use super::{error, info, suggest};
use crate::cart::Cart;
use crate::checkout::{PaymentMethod, SaleContext, SaleKind, Tender, prepare, prepare_exchange};
use crate::config::SignIn;
use crate::store::sales::{ParkedCart, SaleSummary};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::msg::Reopened;
use crate::tui::state::{CheckoutForm, Overlay, SignInForm, State};

/// Starts a fresh cart with a new id (after a sale, a park or a recall); the
/// upgrade options follow its first line.
pub(super) fn new_cart(state: &mut State, cart_id: String, cart: Cart, fx: &mut Vec<Effect>) {
    state.session.cart_id = cart_id;
    state.session.cart = cart;
    state.session.sel = 0;
    // A pending exchange belongs to the cart it was started on (paid, or dropped with it).
    state.session.exchange = None;
    state.suggest.cross_sel = 0;
    state.suggest.upsell_sel = 0;
    state.suggest.focus = state.product_in(crate::tui::state::Pane::Cart);
    state.suggest.shown.clear();
    state.suggest.offered.clear();
    super::customer::follow_cart(state, fx);
    super::reprice(state);
    suggest(state, fx);
}

/// A cart back on the till, with what was already offered for it.
fn reopen(state: &mut State, reopened: Reopened, fx: &mut Vec<Effect>) {
    new_cart(state, reopened.cart_id, reopened.cart, fx);
    state.session.exchange = reopened.exchange;
    state.suggest.offered = reopened.offered.into_iter().collect();
}

/// A new cart id for this till.
pub fn new_cart_id(terminal: &str) -> String {
    crate::ids::new_id(terminal)
}

/// Asks for the cart to be saved when it changed (every key press that changes it).
pub fn autosave(state: &State, before: &Cart, fx: &mut Vec<Effect>) {
    if state.session.cart != *before {
        save(state, fx);
    }
}

/// Asks for the cart to be saved as it is, with the exchange pending on it.
pub(super) fn save(state: &State, fx: &mut Vec<Effect>) {
    fx.push(Effect::SaveCart {
        cart_id: state.session.cart_id.clone(),
        staff_id: state.settings.staff_id.clone(),
        cart: state.session.cart.clone(),
        exchange: state.session.exchange.clone(),
    });
}

/// F4: parks a cart that holds something; with an empty cart, lists the parked ones.
pub fn open_park(state: &mut State, fx: &mut Vec<Effect>) {
    if state.session.exchange.is_some() {
        error(
            state,
            "An exchange cart cannot be parked: pay it, or empty it (Del) to drop the exchange — nothing is booked until it is paid.",
        );
        return;
    }
    if state.session.cart.is_empty() {
        state.overlay = Some(Overlay::Park { carts: None, sel: 0 });
        fx.push(Effect::ListParked);
        return;
    }
    let label = park_label(state);
    park(state, label.clone(), fx);
    let next = new_cart_id(&state.settings.terminal);
    new_cart(state, next, Cart::default(), fx);
    info(state, format!("Parked \u{201c}{label}\u{201d}. F4 on an empty cart recalls it."));
}

fn park(state: &State, label: String, fx: &mut Vec<Effect>) {
    fx.push(Effect::Park {
        cart_id: state.session.cart_id.clone(),
        staff_id: state.settings.staff_id.clone(),
        cart: state.session.cart.clone(),
        label,
    });
}

/// "14:05 · Aurora X5 128 GB + 2 more".
fn park_label(state: &State) -> String {
    let first = state.session.cart.lines.first().map_or("", |l| l.name.as_str());
    let more = state.session.cart.lines.len().saturating_sub(1);
    let more = if more > 0 { format!(" + {more} more") } else { String::new() };
    format!("{} · {first}{more}", state.clock)
}

/// Quitting with a cart parks it, so it is never lost.
/// An exchange is dropped, never parked: its items are parked as a plain cart.
pub fn park_cart_on_quit(state: &mut State, fx: &mut Vec<Effect>) {
    drop_exchange(state, fx);
    if state.session.cart.is_empty() {
        return;
    }
    let label = format!("{} (left at quit)", park_label(state));
    park(state, label, fx);
}

/// Keys in the recall list.
pub fn park_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Park { carts, sel }) = state.overlay.as_mut() else { return };
    let len = carts.as_ref().map_or(0, Vec::len);
    match action {
        Action::Up => *sel = sel.saturating_sub(1),
        Action::Down => *sel = (*sel + 1).min(len.saturating_sub(1)),
        Action::First => *sel = 0,
        Action::Last => *sel = len.saturating_sub(1),
        Action::Add => {
            if let Some(c) = carts.as_ref().and_then(|c| c.get(*sel)) {
                fx.push(Effect::Recall { cart_id: c.id.clone() });
                state.overlay = None;
                info(state, "Recalling the cart…");
            }
        }
        Action::Cancel | Action::Park | Action::Quit => state.overlay = None,
        _ => {}
    }
}

pub fn parked_list(state: &mut State, list: Vec<ParkedCart>) {
    if let Some(Overlay::Park { carts, sel }) = state.overlay.as_mut() {
        *sel = (*sel).min(list.len().saturating_sub(1));
        *carts = Some(list);
    }
}

pub fn recalled(state: &mut State, reopened: Reopened, fx: &mut Vec<Effect>) {
    if !state.session.cart.is_empty() {
        // Someone started a new cart meanwhile: keep it safe first.
        let label = park_label(state);
        park(state, label, fx);
    }
    let items: i64 = reopened.cart.lines.iter().map(|l| l.qty).sum();
    reopen(state, reopened, fx);
    save(state, fx);
    info(state, format!("Recalled a cart with {items} item(s)."));
}

/// F12: opens the payment window.
pub fn open_checkout(state: &mut State) {
    if state.session.cart.is_empty() {
        let what = match state.session.exchange {
            Some(_) => "The exchange cart is empty: add what the customer takes instead, then check out.",
            None => "The cart is empty: nothing to check out.",
        };
        error(state, what);
        return;
    }
    if state.settings.require_shift && state.session.shift.is_none() {
        let key = state.keymap.first_key("shift").unwrap_or_else(|| "the shift key".into());
        error(state, format!("This till sells only during a shift, and none is open: {key} opens one."));
        return;
    }
    state.overlay = Some(Overlay::Checkout(CheckoutForm::new()));
    super::last_chance::refill(state);
}

/// Keys in the payment window: Tab changes the method, digits type the
/// amount of the next part (cash handed over, or a card or other charge),
/// Enter takes it — recording the sale once the parts cover the total —
/// Backspace on an empty amount takes back the last part, and the last
/// chance's keys add the add-on they list.
pub fn checkout_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Checkout(form)) = state.overlay.as_mut() else { return };
    if form.sending {
        return; // the sale is on its way; nothing may change it now
    }
    match action {
        Action::NextPane | Action::PrevPane => {
            let all = PaymentMethod::TENDERED;
            let i = all.iter().position(|m| *m == form.method).unwrap_or(0);
            let step = if matches!(action, Action::NextPane) { 1 } else { all.len() - 1 };
            form.method = all[(i + step) % all.len()];
            form.error = None;
        }
        Action::Type(c) if c.is_ascii_digit() || matches!(c, '.' | ',') => {
            form.tendered.push(c);
            form.error = None;
        }
        Action::Backspace => {
            if form.tendered.pop().is_none() {
                form.parts.pop();
            }
            form.error = None;
        }
        Action::Add => confirm_checkout(state, fx),
        Action::CheckoutAdd(slot) => super::last_chance::take(state, slot, fx),
        Action::Cancel | Action::Checkout | Action::Quit => {
            let dropped = form.parts.len();
            state.overlay = None;
            if dropped > 0 {
                info(state, format!("Checkout left: the {dropped} part payment(s) taken were not recorded."));
            }
        }
        _ => {}
    }
}

/// Enter: takes the part typed (or the rest); a part that leaves something
/// to pay is kept and the window says what is left, one that covers the rest
/// makes the sale and asks the worker to commit it.
fn confirm_checkout(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(Overlay::Checkout(form)) = state.overlay.as_ref() else { return };
    let s = &state.settings;
    let amount = match form.tendered.trim() {
        "" => None,
        t => match s.currency.parse(t) {
            Ok(m) => Some(m),
            Err(e) => return set_checkout_error(state, format!("amount: {e}")),
        },
    };
    if let Some(need) = crate::checkout::approvals_needed(&state.session.cart, s.max_discount_percent).first()
    {
        // Said before any part is taken: the sale cannot go through as it is.
        return set_checkout_error(
            state,
            crate::checkout::CheckoutError::NeedsApproval(need.clone()).to_string(),
        );
    }
    let total = state.session.cart.totals(&s.tax).total;
    let exchange = state.session.exchange.as_ref();
    let with_credit = |parts: &[Tender]| match exchange {
        Some(ex) => ex.with_credit(total, parts),
        None => parts.to_vec(),
    };
    let mut tenders = form.parts.clone();
    // Enter alone when the credit (and the parts) cover it all takes nothing more;
    // a cart that came to nothing with nothing taken yet still takes its "0.00".
    let taken = with_credit(&tenders);
    let paid_up = !taken.is_empty()
        && matches!(
            crate::checkout::settle_partial(total, &taken, &s.currency),
            Ok((_, left)) if left <= crate::money::Money::ZERO
        );
    if amount.is_some() || !paid_up {
        tenders.push(Tender { method: form.method, amount });
    }
    let left = match crate::checkout::settle_partial(total, &with_credit(&tenders), &s.currency) {
        Ok((_, left)) => left,
        Err(e) => return set_checkout_error(state, e.to_string()),
    };
    if left > crate::money::Money::ZERO {
        let left = s.currency.display(left);
        if let Some(Overlay::Checkout(form)) = state.overlay.as_mut() {
            form.parts = tenders;
            form.tendered.clear();
            form.error = None;
        }
        info(state, format!("Part payment taken: {left} left to pay."));
        return;
    }
    let ctx = SaleContext {
        shop: &s.shop,
        terminal: &s.terminal,
        staff_id: s.staff_id.as_deref(),
        kind: SaleKind::Sale,
    };
    let (cart, cart_id) = (&state.session.cart, Some(state.session.cart_id.as_str()));
    let draft = match exchange {
        Some(ex) => prepare_exchange(&ctx, cart, cart_id, ex, &tenders, Vec::new()),
        None => prepare(&ctx, cart, cart_id, &tenders, Vec::new()),
    };
    match draft {
        Ok(draft) => {
            if let Some(Overlay::Checkout(form)) = state.overlay.as_mut() {
                form.sending = true;
            }
            fx.push(Effect::Commit(Box::new(draft)));
        }
        Err(e) => set_checkout_error(state, e.to_string()),
    }
}

fn set_checkout_error(state: &mut State, message: String) {
    if let Some(Overlay::Checkout(form)) = state.overlay.as_mut() {
        form.error = Some(message);
        form.sending = false;
    }
}

pub fn committed(
    state: &mut State,
    sale: SaleSummary,
    receipt: String,
    oversold: Vec<(String, i64)>,
    refund: Option<String>,
    fx: &mut Vec<Effect>,
) {
    let total = state.settings.currency.display(sale.total);
    let exchanged = refund.map(|id| format!(" Exchange: refund {id} written with it.")).unwrap_or_default();
    if oversold.is_empty() {
        info(state, format!("Sale {} recorded: {total}.{exchanged}", sale.id));
    } else {
        let short: Vec<String> =
            oversold.iter().map(|(name, stock)| crate::catalog::stock_words(name, *stock)).collect();
        error(
            state,
            format!(
                "Sale {} recorded: {total}. Sold more than the recorded stock ({}): the stock count needs checking.",
                sale.id,
                short.join("; ")
            ),
        );
    }
    state.session.last_sale = Some(sale);
    state.overlay = Some(Overlay::Receipt { text: receipt });
    let next = new_cart_id(&state.settings.terminal);
    new_cart(state, next, Cart::default(), fx);
}

pub fn commit_failed(state: &mut State, message: String) {
    set_checkout_error(state, message.clone());
    let exchange = match state.session.exchange {
        Some(_) => " Nothing of the exchange was booked either; emptying the cart drops it.",
        None => "",
    };
    error(state, format!("The sale was not recorded: {message}. The cart is kept.{exchange}"));
}

/// The exchange dropped with its cart (emptied by hand): said, nothing was booked.
pub fn drop_exchange(state: &mut State, fx: &mut Vec<Effect>) {
    if let Some(ex) = state.session.exchange.take() {
        info(state, format!("Exchange dropped: nothing was booked; sale {} is as it was.", ex.sale_id));
        // Saved without it, so a restart does not bring it back.
        save(state, fx);
    }
}

pub fn busy(state: &mut State, draft: Box<crate::checkout::SaleDraft>, fx: &mut Vec<Effect>) {
    error(state, "database busy, retrying");
    fx.push(Effect::Commit(draft));
}

/// Keys on the receipt: Enter or Esc close it; anything typed or scanned
/// closes it and starts the next customer's cart, so no key is lost.
pub fn receipt_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Add | Action::Cancel | Action::Checkout | Action::Quit => state.overlay = None,
        Action::Type(_) | Action::Scan(_) => {
            state.overlay = None;
            super::main_key(state, action, fx);
        }
        _ => {}
    }
}

/// At start: the last sale is shown, and a cart left open (a crash, a power
/// cut) comes back.
pub fn resumed(
    state: &mut State,
    last_sale: Option<SaleSummary>,
    open: Option<Box<Reopened>>,
    fx: &mut Vec<Effect>,
) {
    let cur = &state.settings.currency;
    let last = last_sale.as_ref().map(|s| {
        format!(
            "Last sale on {}: {} at {}",
            state.settings.terminal,
            cur.display(s.total),
            short_time(&s.completed_at)
        )
    });
    state.session.last_sale = last_sale;
    match open {
        Some(open)
            if (!open.cart.is_empty() || open.cart.customer.is_some() || open.exchange.is_some())
                && state.session.cart.is_empty() =>
        {
            let items: i64 = open.cart.lines.iter().map(|l| l.qty).sum();
            let exchange = open.exchange.as_ref().map_or(String::new(), |ex| {
                format!(" with its exchange credit of {} (sale {})", cur.display(ex.credit), ex.sale_id)
            });
            reopen(state, *open, fx);
            info(
                state,
                format!(
                    "Recovered the cart in progress ({items} item(s)){exchange}. {}",
                    last.unwrap_or_default()
                ),
            );
        }
        _ => {
            if let Some(last) = last {
                info(state, format!("{last}."));
            }
        }
    }
}

/// "16:40:12" from "2026-11-26T16:40:12.123Z".
pub fn short_time(iso: &str) -> &str {
    iso.get(11..19).unwrap_or(iso)
}

/// The sign-in window, opened at start when `[staff] sign_in` asks for it.
pub fn open_sign_in(state: &mut State) {
    if state.settings.sign_in != SignIn::None {
        state.overlay = Some(Overlay::SignIn(SignInForm {
            needs_pin: state.settings.sign_in == SignIn::Pin,
            ..SignInForm::default()
        }));
    }
}

pub fn sign_in_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::SignIn(form)) = state.overlay.as_mut() else { return };
    let field = if form.on_pin { &mut form.pin } else { &mut form.id };
    if super::edit_field(field, &action) {
        form.error = None;
        return;
    }
    if form.needs_pin && super::id_pin_tab(&mut form.on_pin, &form.id, &action) {
        return;
    }
    match action {
        Action::Add if !form.on_pin && form.needs_pin && !form.id.trim().is_empty() => form.on_pin = true,
        Action::Add if !form.id.trim().is_empty() => {
            let pin = form.needs_pin.then(|| form.pin.clone());
            fx.push(Effect::SignIn { id: form.id.trim().to_string(), pin });
        }
        Action::Cancel if form.on_pin => {
            form.on_pin = false;
            form.pin.clear();
        }
        Action::Quit => state.quit = true,
        _ => {}
    }
}

pub fn signed_in(state: &mut State, id: String, name: String) {
    info(state, format!("Signed in: {name}."));
    state.settings.staff = name;
    state.settings.staff_id = Some(id);
    state.overlay = None;
}

pub fn sign_in_failed(state: &mut State, message: String) {
    if let Some(Overlay::SignIn(form)) = state.overlay.as_mut() {
        form.error = Some(message);
        form.pin.clear();
        form.on_pin = false;
    }
}
