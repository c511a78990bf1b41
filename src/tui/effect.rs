//! What [`update`](super::update::update) asks of the store worker. `update`
//! does no I/O: it returns effects, the event loop hands them to the worker,
//! and the answers come back as [`Reply`](super::msg::Reply) messages. The
//! worker coalesces a burst of effects (only the newest search, suggestion
//! request and save of each cart are answered); see
//! [`Worker::answer`](super::worker::Worker::answer).

use crate::cart::Cart;
use crate::catalog::ProductIdx;
use crate::checkout::SaleDraft;
use crate::money::Money;
use crate::suggest::events::SuggestionEvent;

/// A request to the store worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load the whole catalog (at start, after the first frame is drawn).
    LoadCatalog,
    /// Reload the catalog if another process changed it (an import, new
    /// rules), and pick up other tills' stock changes now and then.
    CheckCatalog,
    /// Search the catalog for `query`.
    Search { gen_id: u64, query: String },
    /// Compute suggestions for the cart and the product in focus.
    Suggest { gen_id: u64, request: SuggestRequest },
    /// Record these suggestion events.
    RecordEvents(Vec<SuggestionEvent>),
    /// Save the cart in progress (an empty cart closes it).
    SaveCart {
        cart_id: String,
        staff_id: Option<String>,
        cart: Cart,
        exchange: Option<crate::checkout::Exchange>,
    },
    /// Park a cart under a label.
    Park { cart_id: String, staff_id: Option<String>, cart: Cart, label: String },
    /// List the parked carts.
    ListParked,
    /// Take a parked cart back onto this till.
    Recall { cart_id: String },
    /// Commit a sale (retried with the same id while the database is busy).
    Commit(Box<SaleDraft>),
    /// At start: this till's last sale, the cart it was building and its open shift.
    Resume,
    /// This till's open shift and its X-report (nothing is closed).
    ShiftStatus,
    /// Open a shift on this till with `float` in the drawer.
    OpenShift { staff_id: Option<String>, float: Money },
    /// Close this till's open shift with `counted` cash in the drawer (the Z-report).
    CloseShift { staff_id: Option<String>, counted: Money },
    /// Check a member of staff (and their PIN).
    SignIn { id: String, pin: Option<String> },
    /// Check that a manager approves (their PIN).
    Approve { manager_id: String, pin: String },
    /// Work out the dashboard, off the worker's thread (it reads the whole
    /// history of 4 weeks); answered as [`Reply::Dashboard`](super::msg::Reply::Dashboard).
    LoadDashboard { gen_id: u64, query: crate::reports::dashboard::Query },
    /// The dashboard closed: the one being worked out gives up at its next step.
    StopDashboard,
    /// Find customers by name, phone, email or card (the lookup window).
    FindCustomers { gen_id: u64, text: String },
    /// Load a customer and their sales, to attach them to the cart.
    LoadCustomer { gen_id: u64, id: i64 },
    /// A scanned or typed code that is no product: a loyalty card? `otherwise`
    /// is what to say when it is not.
    CardScanned { gen_id: u64, code: String, otherwise: String },
    /// A sale to take items back from: its lines and what was returned already.
    LoadReturn { gen_id: u64, sale_id: String },
    /// What returning `items` of a sale would give back, and how (read only).
    QuoteReturn { gen_id: u64, sale_id: String, items: Vec<(String, i64)> },
    /// Refund `items` of a sale, approved by `manager_id` when one was needed.
    Refund {
        sale_id: String,
        items: Vec<(String, i64)>,
        staff_id: Option<String>,
        manager_id: Option<String>,
    },
    /// A sale's or refund's receipt as it was printed.
    Reprint { sale_id: String },
    /// Training: score the session that just ended (cart as it was) and save the score.
    ScoreTraining {
        customer: Box<crate::training::customer::Session>,
        cart: Vec<(ProductIdx, i64)>,
        trainee: String,
    },
}

/// An owned suggestion request (the engine's [`crate::suggest::Request`] borrows).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SuggestRequest {
    pub cart: Vec<(ProductIdx, i64)>,
    pub focus: Option<ProductIdx>,
    /// What a suggestion may cost at most to stay within the customer's budget.
    pub budget_room: Option<Money>,
    /// Cart products that complete a bundle: (product, bundle, saving lost without them).
    pub bundled: Vec<(ProductIdx, String, Money)>,
    /// Cart products whose line carries a discount (lost when swapped).
    pub line_discounts: Vec<(ProductIdx, Money)>,
    pub dismissed: Vec<String>,
    /// The attached customer, only when they gave profiling consent: the
    /// worker loads what they own for the engine.
    pub customer: Option<i64>,
}
