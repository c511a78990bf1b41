//! The fields of the till's small windows: customer lookup, shift, discount,
//! checkout and sign-in.

use crate::checkout::{PaymentMethod, Tender};
use crate::suggest::events::LAST_CHANCE;

/// The customer lookup window's fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerForm {
    /// Name, phone, email or card, as typed.
    pub query: String,
    /// The newest matches answered.
    pub found: Vec<crate::customers::Customer>,
    /// The highlighted match.
    pub sel: usize,
    /// A search is on its way.
    pub searching: bool,
}

/// A customer attached to the cart, as the worker loaded them: the record,
/// their sales (for the receipts) and what those add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerAt {
    pub customer: crate::customers::Customer,
    pub history: crate::customers::history::History,
    pub sales: Vec<crate::store::customers::CustomerSale>,
}

impl CustomerAt {
    /// Whether their history may shape the suggestions.
    pub fn profiling(&self) -> bool {
        self.customer.profiling.given
    }
}

/// The customer at the till: the one attached (once loaded) and the newest
/// request for one, so a late answer is dropped.
#[derive(Debug, Clone, Default)]
pub struct CustomerSlot {
    pub at: Option<Box<CustomerAt>>,
    /// A customer is being loaded (a card scanned, a match picked).
    pub loading: bool,
    /// The newest customer request's generation (lookup, load, card).
    pub gen_id: u64,
}

/// The shift window's fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShiftForm {
    /// The shift is being read.
    pub loading: bool,
    /// The open shift's X-report, or once closed its Z-report, as printed.
    pub report: Option<String>,
    /// The shift was closed: `report` is its Z-report.
    pub closed: bool,
    /// The float (no shift open) or the cash counted (closing), as typed.
    pub input: String,
    /// Lines the report is scrolled by.
    pub scroll: usize,
    /// Opening or closing is on its way.
    pub waiting: bool,
    pub error: Option<String>,
}

/// What a discount applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscountScope {
    /// One cart line, by index.
    Line(usize),
    /// The whole cart.
    Cart,
}

/// The discount window's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscountForm {
    pub scope: DiscountScope,
    /// "10%" or "5.00".
    pub input: String,
    /// The discount worked out from the input, once it is above the cap.
    pub amount: Option<crate::cart::Off>,
    pub manager: String,
    pub pin: String,
    /// 0: the amount, 1: the manager's id, 2: their PIN.
    pub stage: u8,
    /// The approval is on its way.
    pub waiting: bool,
    pub error: Option<String>,
}

/// The checkout window's fields: the part payments taken so far and the
/// next one being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutForm {
    /// The method of the part being typed.
    pub method: PaymentMethod,
    /// Its amount as typed: cash handed over, or a card or other charge
    /// (empty: exactly what is left).
    pub tendered: String,
    /// The part payments taken so far, in order (split tender).
    pub parts: Vec<Tender>,
    pub error: Option<String>,
    /// The sale is on its way to the database; keys wait.
    pub sending: bool,
    /// The last chance: the SKUs of the add-ons listed for the cart, one
    /// slot per key (`checkout_add_1`, `checkout_add_2`). A slot keeps its
    /// add-on until it is taken or no longer suggested, so a key never
    /// changes meaning under the seller's fingers; an empty one refills.
    pub last_chance: [Option<String>; LAST_CHANCE],
}

impl CheckoutForm {
    /// A fresh payment window: card, nothing typed or taken, nothing listed yet.
    pub fn new() -> CheckoutForm {
        CheckoutForm {
            method: PaymentMethod::Card,
            tendered: String::new(),
            parts: Vec::new(),
            error: None,
            sending: false,
            last_chance: Default::default(),
        }
    }
}

impl Default for CheckoutForm {
    fn default() -> CheckoutForm {
        CheckoutForm::new()
    }
}

/// The sign-in window's fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignInForm {
    pub id: String,
    pub pin: String,
    /// Typing the PIN (after the id).
    pub on_pin: bool,
    pub needs_pin: bool,
    pub error: Option<String>,
}
