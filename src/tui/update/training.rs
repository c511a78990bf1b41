//! Training on the selling screen (`counterpart train`). The trainee sells
//! with the normal keys; every product put in the cart that the customer did
//! not come for is an offer (a swapped-in upgrade too): the trainee picks
//! what to say about it (keys 1–3), and the simulated customer takes it or
//! declines it — a declined product leaves the cart (an upgrade is swapped
//! back) and is not suggested again. Checkout raises the customer's
//! objections, then prints a receipt marked TRAINING, takes no payment, and
//! asks the worker for the scorecard, which it also saves. Nothing here
//! reaches the sales tables: the training worker has no till to record
//! sales, carts or suggestion events with.

use super::{error, info, reprice, suggest};
use crate::cart::Cart;
use crate::catalog::ProductIdx;
use crate::checkout::{PaymentMethod, SaleContext, SaleKind, Tender};
use crate::training::customer::{OfferKind, Outcome, Role};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{Overlay, State};

/// After a key on the main screen: a product new in the cart is an offer
/// (or what the customer came for).
pub(super) fn after_key(state: &mut State, before: &Cart) {
    let (Some(t), Some(catalog)) = (state.training.as_deref(), state.catalog.clone()) else { return };
    if t.customer.is_over() || state.overlay.is_some() {
        return;
    }
    let had = |sku: &str| before.lines.iter().any(|l| l.sku == sku);
    let now: Vec<&str> = state.session.cart.lines.iter().map(|l| l.sku.as_str()).collect();
    let Some(new) = now.iter().find(|s| !had(s)).and_then(|s| catalog.by_sku(s)) else { return };
    let gone: Vec<&str> = before.lines.iter().map(|l| l.sku.as_str()).filter(|s| !now.contains(s)).collect();
    let kind = match gone.as_slice() {
        [from] => match catalog.by_sku(from) {
            Some(from) => OfferKind::Upgrade { from },
            None => OfferKind::AddOn,
        },
        _ => OfferKind::AddOn,
    };
    let right = talking_point(state, new);
    let total = state.session.cart.totals(&state.settings.tax).total;
    let Some(t) = state.training.as_deref_mut() else { return };
    let name = catalog.product(new).name.clone();
    match t.customer.offer(&catalog, new, kind, &right, total) {
        Some(pick) => {
            t.offer = Some((new, kind));
            state.overlay = Some(Overlay::Offer { name, options: pick.options });
        }
        None => {
            if t.customer.role(&catalog, new) == Role::Want {
                t.says(format!("Yes, the {name} is what I came for."));
            }
        }
    }
}

/// What the till itself says about `p`: the suggestion's talking point when
/// it was suggested, else the product's first selling point, else its description.
fn talking_point(state: &State, p: ProductIdx) -> String {
    let lists = &state.suggest.lists;
    if let Some(s) = lists.cross_sell.iter().find(|s| s.product == p) {
        return s.talking_point.clone();
    }
    if let Some(s) = lists.upsell.iter().find(|s| s.product == p) {
        return s.talking_point.clone();
    }
    let Some(catalog) = state.catalog.as_deref() else { return String::new() };
    let product = catalog.product(p);
    product.selling_points.first().cloned().unwrap_or_else(|| product.description.clone())
}

/// A key in a pick window: the option picked (0, 1 or 2) and what it says.
/// The quit key ends the practice (nothing is kept); anything else gets `hint`.
fn picked(state: &mut State, action: &Action, hint: &str) -> Option<(usize, String)> {
    let i = match action {
        Action::Quit => {
            state.quit = true;
            return None;
        }
        Action::Type(c @ '1'..='3') => *c as usize - '1' as usize,
        _ => {
            info(state, hint);
            return None;
        }
    };
    match &state.overlay {
        Some(Overlay::Offer { options, .. } | Overlay::Objection { options, .. }) => {
            Some((i, options[i].clone()))
        }
        _ => None,
    }
}

/// Keys in the talking-point window: 1–3 say it; the customer answers.
pub(super) fn offer_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some((i, said)) = picked(state, &action, "Pick what to say: 1, 2 or 3.") else { return };
    let (Some(t), Some(catalog)) = (state.training.as_deref_mut(), state.catalog.clone()) else { return };
    let Some(reaction) = t.customer.answer(i) else { return };
    let offer = t.offer.take();
    t.said.push(("You".into(), said));
    t.says(reaction.says.clone());
    state.overlay = None;
    let name = t.name().to_string();
    info(state, format!("{name}: {}", reaction.says));
    if reaction.outcome != Outcome::Takes
        && let Some((p, kind)) = offer
    {
        // Declined: out of the cart (an upgrade swapped back), and not suggested again.
        let sku = catalog.product(p).sku.clone();
        if let Some(line) = state.session.cart.position(&sku) {
            match kind {
                OfferKind::AddOn => {
                    state.session.cart.remove(line);
                }
                OfferKind::Upgrade { from } => {
                    state.session.cart.swap(line, catalog.product(from));
                    state.suggest.focus = Some(from);
                }
            }
        }
        state.session.cart.dismissed.insert(sku);
        state.session.sel = state.session.sel.min(state.session.cart.lines.len().saturating_sub(1));
        reprice(state);
        suggest(state, fx);
    }
    if reaction.outcome == Outcome::WalksAway {
        end(state, fx);
    }
}

/// Checkout in training: the customer's objections first, then the
/// TRAINING receipt and the score. No payment is taken.
pub(super) fn checkout(state: &mut State, fx: &mut Vec<Effect>) {
    if state.session.cart.is_empty() {
        return error(state, "The cart is empty: scan what the customer came for first.");
    }
    let Some(t) = state.training.as_deref_mut() else { return };
    if t.customer.is_over() {
        state.overlay = Some(Overlay::Scorecard);
        return;
    }
    match t.customer.objection() {
        Some(prompt) => {
            t.says(prompt.says.clone());
            state.overlay = Some(Overlay::Objection { says: prompt.says, options: prompt.options });
        }
        None => close_sale(state, fx),
    }
}

/// Keys in the objection window: 1–3 reply; then the next objection or the sale.
pub(super) fn objection_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some((i, said)) = picked(state, &action, "Pick your reply: 1, 2 or 3.") else { return };
    let Some(t) = state.training.as_deref_mut() else { return };
    let Some(reaction) = t.customer.answer_objection(i) else { return };
    t.said.push(("You".into(), said));
    t.says(reaction.says.clone());
    let name = t.name().to_string();
    state.overlay = None;
    info(state, format!("{name}: {}", reaction.says));
    match reaction.outcome {
        Outcome::WalksAway => end(state, fx),
        Outcome::Takes => checkout(state, fx),
        // A wrong reply: the same doubt stands; checkout asks it again.
        Outcome::Declines => {}
    }
}

/// The customer pays (in training: nothing is taken): the TRAINING receipt, then the score.
fn close_sale(state: &mut State, fx: &mut Vec<Effect>) {
    let cart: Vec<(ProductIdx, i64)> = state
        .session
        .cart
        .lines
        .iter()
        .filter_map(|l| Some((state.product_by_sku(&l.sku)?, l.qty)))
        .collect();
    let total = state.session.cart.totals(&state.settings.tax).total;
    let ctx = SaleContext {
        shop: &state.settings.shop,
        terminal: "TRAINING",
        staff_id: state.training.as_deref().map(|t| t.trainee.as_str()),
        kind: SaleKind::Training,
    };
    let receipt = crate::checkout::prepare(
        &ctx,
        &state.session.cart,
        None,
        &[Tender::rest(PaymentMethod::Other)],
        Vec::new(),
    )
    .map(|draft| {
        crate::checkout::receipt(
            &state.settings.store_name,
            &draft,
            &state.clock,
            &state.settings.currency,
            &state.settings.tax,
        )
    });
    let Some(t) = state.training.as_deref_mut() else { return };
    t.customer.finish(&cart, total);
    state.overlay = Some(match receipt {
        Ok(text) => Overlay::Receipt { text },
        Err(_) => Overlay::Scorecard,
    });
    score(state, fx);
}

/// The session is over (a sale, or the customer walked away): ask for the score.
fn end(state: &mut State, fx: &mut Vec<Effect>) {
    state.overlay = Some(Overlay::Scorecard);
    score(state, fx);
}

fn score(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(t) = state.training.as_deref() else { return };
    let cart = state.suggest_request().cart;
    fx.push(Effect::ScoreTraining {
        customer: Box::new(t.customer.clone()),
        cart,
        trainee: t.trainee.clone(),
    });
}

/// Keys on the training receipt: any key shows the score.
pub(super) fn receipt_key(state: &mut State) {
    state.overlay = Some(Overlay::Scorecard);
}

/// Keys on the scorecard: Enter, Esc or the quit key end the session (it is saved already).
pub(super) fn scorecard_key(state: &mut State, action: Action) {
    if matches!(action, Action::Add | Action::Cancel | Action::Quit) {
        state.quit = true;
    }
}
