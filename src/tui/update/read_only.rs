//! `counterpart browse`: the selling screen without a till. Search, the
//! category browser, details, both suggestion lists (for the product in
//! focus) and compare work; whatever would change a cart, take a payment or
//! reach the till's records says so in the status line and does nothing.

use super::{info, search};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{BrowseItem, LeftMode, Pane, State};

/// What the status line says to a key that would write.
const READ_ONLY: &str = "Browse — read-only: no cart, sale, shift or customer here.";

/// Handles a key the browse mode refuses (or, for a scan, shows); `false`
/// for the keys it leaves to the main screen.
pub(super) fn refuses(state: &mut State, action: &Action, fx: &mut Vec<Effect>) -> bool {
    match action {
        // Enter opens a category of the browser; a product is not added.
        Action::Add => {
            let opens = state.focus == Pane::Results
                && state.left == LeftMode::Browse
                && state.search.entry.is_empty()
                && matches!(state.browse_item(state.browse.sel), Some(BrowseItem::Category(_)));
            if !opens {
                info(state, "Browse — read-only: nothing is added to a cart here.");
            }
            !opens
        }
        // The scanned code is in the entry line: its search shows the product.
        Action::Scan(_) => {
            search(state, fx);
            true
        }
        Action::More
        | Action::Fewer
        | Action::Remove
        | Action::Swap
        | Action::Dismiss
        | Action::AddSuggestion(_)
        | Action::AddUpgrade(_)
        | Action::Discount
        | Action::Budget
        | Action::Park
        | Action::Dashboard
        | Action::Checkout
        | Action::CheckoutAdd(_)
        | Action::Shift
        | Action::Customer
        | Action::Receipts
        | Action::ReturnSale => {
            info(state, READ_ONLY);
            true
        }
        _ => false,
    }
}
