//! Returns at the till (F11): the sale's id typed or scanned, or one of the
//! attached customer's sales picked; its lines, the quantities coming back
//! (never more than was sold less what came back already), what they give
//! back and how, as the store works it out (`Effect::QuoteReturn`); a
//! manager's approval when `[checkout] return_approval_above` asks for it;
//! then the refund (`Effect::Refund`) and its receipt. `x` instead makes
//! the lines an exchange: the window closes and the (empty) cart holds their
//! credit, booked with the new sale when it is paid (`till.rs`). A reprint
//! key shows any sale's receipt as it was printed.

use super::{approval, edit_field, error, info, suggest};
use crate::checkout::RefundQuote;
use crate::store::customers::CustomerSale;
use crate::tui::action::Action;
use crate::tui::dashboard::panel::ManagerForm;
use crate::tui::effect::Effect;
use crate::tui::state::{Overlay, ReturnForm, ReturnSale, State};

/// F11: the return window.
pub(super) fn open(state: &mut State) {
    if state.training.is_some() {
        info(state, "Returns are off in training.");
        return;
    }
    state.overlay = Some(Overlay::Return(Box::default()));
}

fn form(state: &mut State) -> Option<&mut ReturnForm> {
    match state.overlay.as_mut() {
        Some(Overlay::Return(form)) => Some(form),
        _ => None,
    }
}

/// The attached customer's sales (not their refunds), newest first, to pick from.
pub fn customer_sales(state: &State) -> Vec<&CustomerSale> {
    let Some(at) = state.customer.at.as_deref() else { return Vec::new() };
    let mut sales: Vec<&CustomerSale> = at.sales.iter().filter(|s| s.kind == "sale").collect();
    sales.sort_by(|a, b| b.completed_at.cmp(&a.completed_at));
    sales
}

/// Keys in the return window.
pub(super) fn key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(form) = form(state) else { return };
    if form.refunding {
        return;
    }
    if let Some(manager) = form.approval.as_mut() {
        match approval::key(manager, action, fx) {
            Some(Action::Cancel | Action::ReturnSale) => form.approval = None,
            Some(Action::Quit) => state.overlay = None,
            _ => {}
        }
        return;
    }
    match action {
        // A scanned receipt loads its sale, whatever the window showed.
        Action::Scan(code) => {
            form.input = code.trim().to_string();
            load(state, fx);
        }
        Action::Reprint => reprint(state, fx),
        Action::Cancel | Action::ReturnSale if form.sale.is_some() => {
            // Back to the sale id, to take another sale.
            *form = ReturnForm {
                input: std::mem::take(&mut form.input),
                gen_id: form.gen_id + 1,
                ..ReturnForm::default()
            };
        }
        Action::Cancel | Action::ReturnSale | Action::Quit => state.overlay = None,
        _ if form.sale.is_none() => entry_key(state, action, fx),
        _ => lines_key(state, action, fx),
    }
}

/// Before a sale is loaded: its id typed, or one of the customer's sales picked.
fn entry_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let picks = customer_sales(state).len();
    let Some(f) = form(state) else { return };
    if edit_field(&mut f.input, &action) {
        f.error = None;
        return;
    }
    match action {
        Action::Up => f.sel = f.sel.saturating_sub(1),
        Action::Down => f.sel = (f.sel + 1).min(picks.saturating_sub(1)),
        Action::Add => {
            if f.input.trim().is_empty() {
                let picked = customer_sales(state).get(form_sel(state)).map(|s| s.id.clone());
                match (picked, form(state)) {
                    (Some(id), Some(form)) => form.input = id,
                    (None, Some(form)) => {
                        form.error = Some("Type or scan the sale id from the receipt.".into());
                        return;
                    }
                    _ => return,
                }
            }
            load(state, fx);
        }
        _ => {}
    }
}

fn form_sel(state: &State) -> usize {
    match &state.overlay {
        Some(Overlay::Return(f)) => f.sel,
        _ => 0,
    }
}

/// Asks for the sale whose id is in the entry.
fn load(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(form) = form(state) else { return };
    form.gen_id += 1;
    form.loading = true;
    form.error = None;
    fx.push(Effect::LoadReturn { gen_id: form.gen_id, sale_id: form.input.trim().to_string() });
}

/// A sale loaded: Up/Down pick a line, `+`/`-` or a digit set how many come back, Enter refunds.
fn lines_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(form) = form(state) else { return };
    let (line, lines) = (form.sel, form.qty.len());
    let now = form.qty.get(line).copied().unwrap_or(0);
    match action {
        Action::Up => form.sel = form.sel.saturating_sub(1),
        Action::Down => form.sel = (form.sel + 1).min(lines.saturating_sub(1)),
        Action::More | Action::Type('+') => set_qty(state, line, now + 1, fx),
        Action::Fewer | Action::Type('-') => set_qty(state, line, now - 1, fx),
        Action::Backspace => set_qty(state, line, 0, fx),
        Action::Type(c) if c.is_ascii_digit() => set_qty(state, line, i64::from(c as u8 - b'0'), fx),
        Action::Add => confirm(state, false, fx),
        Action::Type('x' | 'X') => confirm(state, true, fx),
        _ => {}
    }
}

/// How many of `line` come back: never below none, nor above what is returnable (the window says why).
fn set_qty(state: &mut State, line: usize, qty: i64, fx: &mut Vec<Effect>) {
    let Some(form) = form(state) else { return };
    let Some(l) = form.sale.as_ref().and_then(|s| s.lines.get(line)) else { return };
    if qty < 0 {
        return;
    }
    let returnable = l.qty - l.refunded;
    if qty > returnable {
        let why = format!("{} sold, {} returned already", l.qty, l.refunded);
        form.error = Some(match returnable {
            0 => format!("Nothing more of {} can come back: {why}.", l.name),
            n => format!("Only {n} of {} can come back: {why}.", l.name),
        });
        return;
    }
    if let Some(q) = form.qty.get_mut(line) {
        *q = qty;
    }
    form.error = None;
    form.quote = None;
    form.gen_id += 1;
    let items = form.items();
    form.loading = !items.is_empty();
    if let Some(sale) = &form.sale
        && !items.is_empty()
    {
        fx.push(Effect::QuoteReturn { gen_id: form.gen_id, sale_id: sale.id.clone(), items });
    }
}

/// Enter: the refund (`x`: the exchange), once its amount is known; first a manager when configured.
fn confirm(state: &mut State, exchange: bool, fx: &mut Vec<Effect>) {
    let shop = std::sync::Arc::clone(&state.settings.shop);
    let cart_holds = !state.session.cart.lines.is_empty() || state.session.exchange.is_some();
    let Some(form) = form(state) else { return };
    if exchange && cart_holds {
        form.error =
            Some("An exchange starts on an empty cart: park this one first (F4), then exchange.".into());
        return;
    }
    form.exchange = exchange;
    if form.loading {
        form.error = Some("Working out the refund…".into());
        return;
    }
    let Some(quote) = &form.quote else {
        form.error = Some("Choose what comes back: ↑↓ pick a line, + or a digit sets how many.".into());
        return;
    };
    if exchange && quote.simulated {
        form.error =
            Some("This sale is simulated history: it can be refunded (Enter), not exchanged.".into());
        return;
    }
    if shop.return_needs_manager(quote.back) {
        form.approval = Some(ManagerForm::default());
        form.error = None;
        return;
    }
    go_ahead(state, None, fx);
}

/// Confirmed (and approved when it had to be): the refund is written, or the exchange starts.
fn go_ahead(state: &mut State, manager_id: Option<String>, fx: &mut Vec<Effect>) {
    match form(state) {
        Some(form) if form.exchange => start_exchange(state, manager_id, fx),
        Some(_) => refund(state, manager_id, fx),
        None => {}
    }
}

/// The exchange: the window closes and the cart holds the credit; nothing is
/// booked yet, the cart is only saved with it (a till that stops comes back with it).
fn start_exchange(state: &mut State, manager_id: Option<String>, fx: &mut Vec<Effect>) {
    let terminal = state.settings.terminal.clone();
    let Some(form) = form(state) else { return };
    let (Some(sale), Some(quote)) = (&form.sale, &form.quote) else { return };
    let exchange = crate::checkout::Exchange {
        sale_id: sale.id.clone(),
        items: form.items(),
        credit: quote.back,
        manager_id,
        refund_id: crate::ids::new_id(&terminal),
    };
    let credit = state.settings.currency.display(exchange.credit);
    let sale_id = exchange.sale_id.clone();
    state.session.exchange = Some(exchange);
    super::till::save(state, fx);
    state.overlay = None;
    info(
        state,
        format!(
            "Exchange: {credit} credit for the return of sale {sale_id}. Add what they take instead; \
             nothing is booked until the cart is paid."
        ),
    );
}

fn refund(state: &mut State, manager_id: Option<String>, fx: &mut Vec<Effect>) {
    let staff_id = state.settings.staff_id.clone();
    let Some(form) = form(state) else { return };
    let Some(sale) = &form.sale else { return };
    form.refunding = true;
    form.error = None;
    fx.push(Effect::Refund { sale_id: sale.id.clone(), items: form.items(), staff_id, manager_id });
}

/// The reprint key: the loaded sale's receipt, or the one whose id is typed or picked.
fn reprint(state: &mut State, fx: &mut Vec<Effect>) {
    let picked = customer_sales(state).get(form_sel(state)).map(|s| s.id.clone());
    let Some(form) = form(state) else { return };
    let id = match (&form.sale, form.input.trim()) {
        (Some(sale), _) => Some(sale.id.clone()),
        (None, "") => picked,
        (None, typed) => Some(typed.to_string()),
    };
    match id {
        Some(sale_id) => fx.push(Effect::Reprint { sale_id }),
        None => form.error = Some("Type or scan the sale id to reprint its receipt.".into()),
    }
}

/// A manager approved: the refund is written.
pub(super) fn approved(state: &mut State, manager_id: String, fx: &mut Vec<Effect>) {
    let Some(form) = form(state) else { return };
    if form.approval.take().is_some() {
        go_ahead(state, Some(manager_id), fx);
    }
}

/// The approval was refused: said in the window, nothing written.
pub(super) fn refused(state: &mut State, message: String) {
    if let Some(manager) = form(state).and_then(|f| f.approval.as_mut()) {
        approval::refused(manager, message);
    }
}

/// The sale came (or there is none); `false` when the answer is stale.
pub(super) fn loaded(state: &mut State, gen_id: u64, result: Result<ReturnSale, String>) -> bool {
    let Some(form) = form(state).filter(|f| f.gen_id == gen_id) else { return false };
    form.loading = false;
    match result {
        Ok(sale) => {
            form.qty = vec![0; sale.lines.len()];
            form.sel = sale.lines.iter().position(|l| l.qty > l.refunded).unwrap_or(0);
            form.quote = None;
            form.input = sale.id.clone();
            if sale.lines.iter().all(|l| l.qty <= l.refunded) {
                form.error = Some("Everything on this sale came back already.".into());
            }
            form.sale = Some(sale);
        }
        Err(e) => form.error = Some(e),
    }
    true
}

/// What the chosen quantities give back (or why they cannot come back); `false` when stale.
pub(super) fn quoted(state: &mut State, gen_id: u64, result: Result<RefundQuote, String>) -> bool {
    let Some(form) = form(state).filter(|f| f.gen_id == gen_id) else { return false };
    form.loading = false;
    match result {
        Ok(q) => form.quote = Some(q),
        Err(e) => form.error = Some(e),
    }
    true
}

/// The refund is written: its receipt, and the status line says what went back.
pub(super) fn refunded(
    state: &mut State,
    id: String,
    quote: RefundQuote,
    receipt: String,
    fx: &mut Vec<Effect>,
) {
    let how = quote.how(&state.settings.currency);
    state.overlay = Some(Overlay::Receipt { text: receipt });
    info(state, format!("Refund {id} of sale {}: {how}.", quote.sale_id));
    // Stock came back: what can be suggested may have changed.
    suggest(state, fx);
}

/// The refund was not written: said in the window (or the status line when it closed).
pub(super) fn refund_failed(state: &mut State, message: String) {
    match form(state) {
        Some(form) => {
            form.refunding = false;
            form.error = Some(format!("Nothing was refunded: {message}"));
        }
        None => error(state, format!("Nothing was refunded: {message}")),
    }
}

/// A receipt printed again, in the receipt window; or why not, where it was asked for.
pub(super) fn reprinted(state: &mut State, result: Result<String, String>) {
    match (result, form(state)) {
        (Ok(text), _) => state.overlay = Some(Overlay::Receipt { text }),
        (Err(e), Some(form)) => form.error = Some(e),
        (Err(e), None) => error(state, e),
    }
}
