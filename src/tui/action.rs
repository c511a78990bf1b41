//! Everything that can change the selling screen's state. Keys become actions
//! through the [`KeyMap`](super::keymap::KeyMap); the store worker's replies
//! and the clock become actions too, so [`update`](super::update::update) is
//! the one place state changes.

use std::sync::Arc;

use crate::cart::Cart;
use crate::catalog::{Catalog, ProductIdx};
use crate::checkout::SaleDraft;
use crate::store::sales::{ParkedCart, SaleSummary};
use crate::suggest::Suggestions;

/// One thing that happened, for [`update`](super::update::update).
#[derive(Debug, Clone)]
pub enum Action {
    /// Add the focused search result or suggestion to the cart, or the code typed in the entry line.
    Add,
    /// Move focus to the next pane.
    NextPane,
    /// Move focus to the previous pane.
    PrevPane,
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// Move the selection a page up.
    PageUp,
    /// Move the selection a page down.
    PageDown,
    /// Jump to the first entry.
    First,
    /// Jump to the last entry.
    Last,
    /// One more of the focused cart line.
    More,
    /// One fewer of the focused cart line.
    Fewer,
    /// Remove the focused cart line.
    Remove,
    /// Replace the focused cart line by the focused upgrade, keeping the quantity.
    Swap,
    /// Hide the focused suggestion for this customer.
    Dismiss,
    /// Discount the focused cart line (or the whole cart); above the cap a manager approves.
    Discount,
    /// Show the keys.
    Help,
    /// Set the customer's budget.
    Budget,
    /// Browse the catalog by category.
    Browse,
    /// Park this cart, or recall a parked one.
    Park,
    /// Check out.
    Checkout,
    /// Close an overlay or clear the entry line.
    Cancel,
    /// Quit (asks first when the cart is not empty).
    Quit,
    /// Type a character into the entry line (or the open input overlay).
    Type(char),
    /// Delete the last character of the entry line (or the open input overlay).
    Backspace,
    /// A barcode scanner sent this code (a fast burst ending in the scanner suffix).
    Scan(String),
    /// Answer "yes" to the open question (quit with a non-empty cart).
    Confirm,
    /// The terminal now has this size (columns, rows).
    Resize(u16, u16),
    /// The clock shows this text now ("14:05").
    Clock(String),
    /// The store worker loaded the catalog.
    CatalogLoaded(Arc<Catalog>),
    /// The store worker answered search request `gen`.
    SearchDone {
        /// The request's generation; older generations are dropped.
        gen_id: u64,
        /// The best matches, at most a few hundred.
        results: Vec<ProductIdx>,
        /// How many products matched in all.
        total: usize,
    },
    /// The store worker answered suggestion request `gen`.
    Suggested {
        /// The request's generation; older generations are dropped.
        gen_id: u64,
        suggestions: Suggestions,
    },
    /// The store worker failed; the message says what happened.
    StoreFailed(String),
    /// At start: this till's last sale, and the cart it was building when it stopped.
    Resumed { last_sale: Option<SaleSummary>, open: Option<(String, Cart)> },
    /// The parked carts, for the recall list.
    ParkedList(Vec<ParkedCart>),
    /// A parked cart is back on this till.
    Recalled { cart_id: String, cart: Cart },
    /// The database was busy (another till writing): the sale is sent again, same id.
    Busy(Box<SaleDraft>),
    /// The sale is in the database; the receipt can be shown. `oversold`
    /// names the items sold beyond the recorded stock, with the stock there was.
    Committed { sale: SaleSummary, receipt: String, oversold: Vec<(String, i64)> },
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
    /// The manager's approval was refused (wrong PIN, not a manager, locked).
    ApprovalRefused(String),
}

impl Action {
    /// The actions a key can be bound to, by their name in `[keys]`, in help order.
    pub const BINDABLE: &[(&str, Action)] = &[
        ("add", Action::Add),
        ("next_pane", Action::NextPane),
        ("prev_pane", Action::PrevPane),
        ("up", Action::Up),
        ("down", Action::Down),
        ("page_up", Action::PageUp),
        ("page_down", Action::PageDown),
        ("first", Action::First),
        ("last", Action::Last),
        ("more", Action::More),
        ("fewer", Action::Fewer),
        ("remove", Action::Remove),
        ("swap", Action::Swap),
        ("dismiss", Action::Dismiss),
        ("discount", Action::Discount),
        ("help", Action::Help),
        ("budget", Action::Budget),
        ("browse", Action::Browse),
        ("park", Action::Park),
        ("checkout", Action::Checkout),
        ("cancel", Action::Cancel),
        ("quit", Action::Quit),
    ];

    /// The action named `name` in `[keys]`.
    pub fn named(name: &str) -> Option<Action> {
        Action::BINDABLE.iter().find(|(n, _)| *n == name).map(|(_, a)| a.clone())
    }

    /// The `[keys]` name of a bindable action.
    pub fn name(&self) -> Option<&'static str> {
        let d = std::mem::discriminant(self);
        Action::BINDABLE.iter().find(|(_, a)| std::mem::discriminant(a) == d).map(|(n, _)| *n)
    }

    /// What a bindable action does, for the help overlay (the same words as its doc comment).
    pub fn description(&self) -> &'static str {
        match self {
            Action::Add => "Add the focused result or suggestion, or the typed code",
            Action::NextPane => "Move focus to the next pane",
            Action::PrevPane => "Move focus to the previous pane",
            Action::Up => "Move the selection up",
            Action::Down => "Move the selection down",
            Action::PageUp => "Move the selection a page up",
            Action::PageDown => "Move the selection a page down",
            Action::First => "Jump to the first entry",
            Action::Last => "Jump to the last entry",
            Action::More => "One more of the focused cart line",
            Action::Fewer => "One fewer of the focused cart line",
            Action::Remove => "Remove the focused cart line",
            Action::Swap => "Replace the cart line by the focused upgrade, keeping the quantity",
            Action::Dismiss => "Hide the focused suggestion for this customer",
            Action::Discount => "Discount the focused cart line, or the whole cart",
            Action::Help => "Show the keys",
            Action::Budget => "Set the customer's budget",
            Action::Browse => "Browse the catalog by category",
            Action::Park => "Park this cart, or recall a parked one",
            Action::Checkout => "Check out",
            Action::Cancel => "Close an overlay or clear the entry line",
            Action::Quit => "Quit (asks first when the cart is not empty)",
            Action::Type(_) => "Type into the entry line",
            Action::Backspace => "Delete the last character typed",
            Action::Scan(_) => "A scanned barcode",
            Action::Confirm => "Answer yes",
            Action::Resize(..) => "The terminal was resized",
            Action::Clock(_) => "The clock ticked",
            Action::CatalogLoaded(_) => "The catalog was loaded",
            Action::SearchDone { .. } => "Search results arrived",
            Action::Suggested { .. } => "Suggestions arrived",
            Action::StoreFailed(_) => "The store failed",
            Action::Resumed { .. } => "The till's last sale and open cart arrived",
            Action::ParkedList(_) => "The parked carts arrived",
            Action::Recalled { .. } => "A parked cart was recalled",
            Action::Busy(_) => "The database was busy; the sale is sent again",
            Action::Committed { .. } => "The sale was committed",
            Action::CommitFailed(_) => "The sale could not be committed",
            Action::SignedIn { .. } => "Someone signed in",
            Action::SignInFailed(_) => "Signing in failed",
            Action::StockChanged => "Stock counts changed",
            Action::Approved { .. } => "A manager approved",
            Action::ApprovalRefused(_) => "A manager's approval was refused",
        }
    }
}
