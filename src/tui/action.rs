//! What a key press means on the selling screen. The [`KeyMap`](super::keymap::KeyMap)
//! binds keys to the bindable actions by their `[keys]` name; the scanner and
//! the entry line give the rest (a character typed, a scanned code). The help
//! overlay is generated from the keymap and these descriptions, so it never
//! disagrees with the keys.
//!
//! Everything else `update` hears (the store worker's replies, the clock, a
//! resize) is a [`Msg`](super::msg::Msg), not an action.

/// One thing the salesperson did with the keyboard (or the scanner).
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Add suggestion #n (0: the first) of "Goes well with", as Enter on it would.
    AddSuggestion(usize),
    /// Add upgrade #n (0: the first) of "Upgrade options", as Enter on it would.
    AddUpgrade(usize),
    /// Mark (or unmark) the focused product to compare it, up to three.
    Mark,
    /// Compare the marked products side by side.
    Compare,
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
    /// Show the sales dashboard: your own figures; everyone's with a manager's id and PIN.
    Dashboard,
    /// Check out.
    Checkout,
    /// In the payment window: add the add-on its last chance lists in this
    /// slot (0: the first) to the cart; the totals follow.
    CheckoutAdd(usize),
    /// Open or close this till's shift, and see its X-report.
    Shift,
    /// Look up a customer to attach to the cart; with one attached, detach them.
    Customer,
    /// The attached customer's receipts.
    Receipts,
    /// Return items of an earlier sale (refund them), by its id or the attached customer's sales.
    ReturnSale,
    /// In the return window: print the sale's receipt again.
    Reprint,
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
        ("add_suggestion_1", Action::AddSuggestion(0)),
        ("add_suggestion_2", Action::AddSuggestion(1)),
        ("add_suggestion_3", Action::AddSuggestion(2)),
        ("add_suggestion_4", Action::AddSuggestion(3)),
        ("add_suggestion_5", Action::AddSuggestion(4)),
        ("add_upgrade_1", Action::AddUpgrade(0)),
        ("add_upgrade_2", Action::AddUpgrade(1)),
        ("add_upgrade_3", Action::AddUpgrade(2)),
        ("mark", Action::Mark),
        ("compare", Action::Compare),
        ("discount", Action::Discount),
        ("help", Action::Help),
        ("budget", Action::Budget),
        ("browse", Action::Browse),
        ("park", Action::Park),
        ("dashboard", Action::Dashboard),
        ("checkout", Action::Checkout),
        ("checkout_add_1", Action::CheckoutAdd(0)),
        ("checkout_add_2", Action::CheckoutAdd(1)),
        ("shift", Action::Shift),
        ("customer", Action::Customer),
        ("receipts", Action::Receipts),
        ("return_sale", Action::ReturnSale),
        ("reprint", Action::Reprint),
        ("cancel", Action::Cancel),
        ("quit", Action::Quit),
    ];

    /// The action named `name` in `[keys]`.
    pub fn named(name: &str) -> Option<Action> {
        Action::BINDABLE.iter().find(|(n, _)| *n == name).map(|(_, a)| a.clone())
    }

    /// The `[keys]` name of a bindable action.
    pub fn name(&self) -> Option<&'static str> {
        Action::BINDABLE.iter().find(|(_, a)| a == self).map(|(n, _)| *n)
    }

    /// Bound keys that act only in the payment window, and elsewhere mean
    /// what they would unbound (a letter types).
    pub fn checkout_only(&self) -> bool {
        matches!(self, Action::CheckoutAdd(_))
    }

    /// What an action does, for the help overlay (the same words as its doc comment).
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
            Action::AddSuggestion(0) => "Add suggestion 1 of Goes well with",
            Action::AddSuggestion(1) => "Add suggestion 2 of Goes well with",
            Action::AddSuggestion(2) => "Add suggestion 3 of Goes well with",
            Action::AddSuggestion(3) => "Add suggestion 4 of Goes well with",
            Action::AddSuggestion(_) => "Add suggestion 5 of Goes well with",
            Action::AddUpgrade(0) => "Add upgrade 1 of Upgrade options",
            Action::AddUpgrade(1) => "Add upgrade 2 of Upgrade options",
            Action::AddUpgrade(_) => "Add upgrade 3 of Upgrade options",
            Action::Mark => "Mark or unmark the focused product to compare (up to 3)",
            Action::Compare => "Compare the marked products side by side",
            Action::Discount => "Discount the focused cart line, or the whole cart",
            Action::Help => "Show the keys",
            Action::Budget => "Set the customer's budget",
            Action::Browse => "Browse the catalog by category",
            Action::Park => "Park this cart, or recall a parked one",
            Action::Dashboard => "Sales dashboard: your figures; all staff with a manager's PIN",
            Action::Checkout => "Check out",
            Action::CheckoutAdd(0) => "At checkout: add the first add-on listed",
            Action::CheckoutAdd(_) => "At checkout: add the second add-on listed",
            Action::Shift => "Open or close this till's shift, and see its X-report",
            Action::Customer => "Look up a customer to attach; with one attached, detach them",
            Action::Receipts => "The attached customer's receipts",
            Action::ReturnSale => "Return items of an earlier sale: refund them, stock back",
            Action::Reprint => "In the return window: print the sale's receipt again",
            Action::Cancel => "Close an overlay or clear the entry line",
            Action::Quit => "Quit (asks first when the cart is not empty)",
            Action::Type(_) => "Type into the entry line",
            Action::Backspace => "Delete the last character typed",
            Action::Scan(_) => "A scanned barcode",
            Action::Confirm => "Answer yes",
        }
    }
}
