//! The one message type [`update`](super::update::update) takes: a key's
//! [`Action`], a [`Reply`] from the store worker, the clock's tick, or the
//! terminal's new size. Replies are not key actions: the keymap can never
//! produce one, and `update` handles them apart.

use std::sync::Arc;

use super::action::Action;
use crate::cart::Cart;
use crate::catalog::{Catalog, ProductIdx};
use crate::checkout::SaleDraft;
use crate::reports::shift::Shift;
use crate::store::sales::{ParkedCart, SaleSummary};
use crate::suggest::Suggestions;

/// Everything that can change the selling screen's state.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The salesperson pressed a key (or a scanner sent a code).
    Key(Action),
    /// The store worker answered a request.
    Reply(Reply),
    /// Time passed; the clock shows this text now ("14:05").
    Tick(String),
    /// The terminal now has this size (columns, rows).
    Resize(u16, u16),
}

impl From<Action> for Msg {
    fn from(action: Action) -> Msg {
        Msg::Key(action)
    }
}

impl From<Reply> for Msg {
    fn from(reply: Reply) -> Msg {
        Msg::Reply(reply)
    }
}

/// A cart coming back onto the till (recalled, or left open when it
/// stopped), with the SKUs its events say were already offered for it.
#[derive(Debug, Clone)]
pub struct Reopened {
    pub cart_id: String,
    pub cart: Cart,
    pub offered: Vec<String>,
    /// The exchange pending on an open cart (a parked cart has none).
    pub exchange: Option<crate::checkout::Exchange>,
}

/// The store worker's answer to an [`Effect`](super::effect::Effect).
#[derive(Debug, Clone)]
pub enum Reply {
    /// The catalog is loaded (at start, or again after another process changed it).
    CatalogLoaded(Arc<Catalog>),
    /// The answer to search request `gen_id`.
    SearchDone {
        /// The request's generation; older generations are dropped.
        gen_id: u64,
        /// The best matches, at most a few hundred.
        results: Vec<ProductIdx>,
        /// How many products matched in all (and passed the filters).
        total: usize,
        /// The filters typed, and the words that are not filters.
        chips: Vec<super::state::Chip>,
    },
    /// The answer to suggestion request `gen_id`.
    Suggested {
        /// The request's generation; older generations are dropped.
        gen_id: u64,
        suggestions: Suggestions,
    },
    /// The store failed; the message says what happened.
    StoreFailed(String),
    /// At start: this till's last sale, the cart it was building when it
    /// stopped (with the SKUs already offered for it), and its open shift.
    Resumed { last_sale: Option<SaleSummary>, open: Option<Box<Reopened>>, shift: Option<Box<Shift>> },
    /// This till's open shift and its X-report as printed (`None`: no shift is open).
    ShiftStatus(Option<Box<(Shift, String)>>),
    /// A shift was opened on this till.
    ShiftOpened(Box<Shift>),
    /// This till's shift was closed; the Z-report as printed.
    ShiftClosed { z_report: String },
    /// A shift could not be read, opened or closed; the message says why.
    ShiftFailed(String),
    /// The parked carts, for the recall list.
    ParkedList(Vec<ParkedCart>),
    /// A parked cart is back on this till.
    Recalled(Box<Reopened>),
    /// The database was busy (another till writing): the sale is sent again, same id.
    Busy(Box<SaleDraft>),
    /// The sale is in the database; the receipt can be shown. `oversold`
    /// names the items sold beyond the recorded stock, with the stock there was;
    /// `refund` the id of the exchange's refund written with it.
    Committed { sale: SaleSummary, receipt: String, oversold: Vec<(String, i64)>, refund: Option<String> },
    /// The sale could not be written; the cart is kept.
    CommitFailed(String),
    /// A member of staff signed in.
    SignedIn { id: String, name: String },
    /// Signing in failed.
    SignInFailed(String),
    /// Stock counts changed (a sale here or at another till): redraw and re-check the suggestions.
    StockChanged,
    /// A manager approved what the cashier asked for.
    Approved { manager_id: String },
    /// Training: the session's score, and why it could not be saved when it could not.
    TrainingScored { scorecard: crate::training::score::Scorecard, save_error: Option<String> },
    /// The manager's approval was refused (wrong PIN, not a manager, locked).
    ApprovalRefused(String),
    /// The answer to customer search `gen_id` (the lookup window).
    CustomersFound { gen_id: u64, found: Vec<crate::customers::Customer> },
    /// A customer to attach (asked for with `gen_id`), with what they bought.
    CustomerLoaded { gen_id: u64, customer: Box<crate::tui::state::CustomerAt> },
    /// No customer for request `gen_id`: the message says why.
    CustomerFailed { gen_id: u64, message: String },
    /// The sale asked for by return request `gen_id`, or why there is none.
    ReturnLoaded { gen_id: u64, result: Result<crate::tui::state::ReturnSale, String> },
    /// What return request `gen_id`'s quantities give back, or why they cannot come back.
    ReturnQuoted { gen_id: u64, result: Result<crate::checkout::RefundQuote, String> },
    /// A refund was written: its id, what went back and how, and its receipt.
    Refunded { id: String, quote: Box<crate::checkout::RefundQuote>, receipt: String },
    /// The refund was not written; the message says why.
    RefundFailed(String),
    /// A receipt printed again, or why it cannot be.
    Reprinted(Result<String, String>),
    /// The answer to dashboard request `gen_id`: the figures, or why there are none.
    Dashboard { gen_id: u64, result: Result<Arc<crate::reports::dashboard::Dashboard>, String> },
}
