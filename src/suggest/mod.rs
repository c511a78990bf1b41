//! The suggestion engine: what to offer next for a cart, and why.
//!
//! * [`cross_sell`] — "Goes well with": add-ons for the whole cart, blended
//!   from several sources (curated links, bundles, category links, product
//!   families, mined rules), filtered and ranked. Every source adds
//!   [`evidence::Evidence`] for candidates; [`mined`] is the source that
//!   reads association rules.
//! * [`upsell`] — "Upgrade options": better versions of the product in focus,
//!   with the price step and the spec-by-spec differences.
//! * [`compare`] — two or three products side by side: specs, price and
//!   stock, what differs, and the upgrade pitch between family neighbours.
//! * [`known`] — a customer who gave profiling consent: nothing they own
//!   offered again, add-ons for what they own, refills when due, trade-ups.
//! * [`learned`] — the score term both lists share: what customers did with
//!   a suggestion when it was offered before ([`Catalog::learned`]).
//!
//! The engine reads only an in-memory [`Catalog`]; it does no I/O, so the
//! selling screen, the command line and the training mode share it.

pub mod compare;
pub mod cross_sell;
pub mod events;
pub mod evidence;
pub mod known;
pub mod learned;
pub mod mined;
pub mod upsell;

use crate::catalog::take_counts::Taken;
use crate::catalog::{Catalog, ProductIdx};
use crate::config::SuggestionConfig;
use crate::customers::owned::CustomerHistory;
use crate::money::{Currency, Money};

/// Where a suggestion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A merchandiser's link.
    Curated,
    /// The rest of a bundle the cart partly holds.
    Bundle,
    /// A category-level complement.
    Category,
    /// Curated for another member of the same product family.
    Family,
    /// An association rule mined from the store's sales.
    Mined,
    /// What a customer with profiling consent bought before: an add-on for
    /// what they own, or a refill that is due.
    History,
}

impl Source {
    /// Every source, in the order reports list them.
    pub const ALL: [Source; 6] =
        [Source::Curated, Source::Bundle, Source::Category, Source::Family, Source::Mined, Source::History];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Curated => "curated",
            Source::Bundle => "bundle",
            Source::Category => "category",
            Source::Family => "family",
            Source::Mined => "mined",
            Source::History => "history",
        }
    }
}

/// What the engine is asked about.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    /// The cart's products with their quantities, in cart order.
    pub cart: Vec<(ProductIdx, i64)>,
    /// The product the upsell is for (the highlighted result or cart line).
    pub focus: Option<ProductIdx>,
    /// What one suggestion may add at shelf price and keep what the customer
    /// pays within their budget (tax and discounts counted): see
    /// [`Cart::budget_room`](crate::cart::Cart::budget_room). `None`: no budget.
    pub budget_room: Option<Money>,
    /// Cart products that complete a bundle: (product, the bundle's name, the
    /// saving lost if it is swapped for an upgrade).
    pub bundled: Vec<(ProductIdx, String, Money)>,
    /// Cart products whose line carries a discount, with its amount: an
    /// upgrade swapped in for the line is charged in full.
    pub line_discounts: Vec<(ProductIdx, Money)>,
    /// SKUs hidden for this customer.
    pub dismissed: Vec<&'a str>,
    /// What the customer owns, only when they gave profiling consent
    /// (`Store::customer_history`); `None`: an anonymous customer.
    pub customer: Option<&'a CustomerHistory>,
}

/// A "Goes well with" suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossSell {
    pub product: ProductIdx,
    pub sku: String,
    pub name: String,
    pub price: Money,
    pub source: Source,
    /// The cart item that calls for it most strongly.
    pub for_sku: String,
    /// Why it is shown, in plain words.
    pub reason: String,
    /// What the salesperson can say.
    pub talking_point: String,
    #[allow(clippy::disallowed_types, reason = "a ranking score, not money")]
    pub score: f64,
    /// Every source that supports it, strongest first, with its own reason
    /// (`source` is the first).
    pub evidence: Vec<(Source, String)>,
    /// How often it was offered and taken for `for_sku` before, when that
    /// counts in its score (learning on, offered at least once; see [`learned`]).
    pub learned: Option<Taken>,
}

/// An "Upgrade options" suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct Upsell {
    pub product: ProductIdx,
    pub for_sku: String,
    pub sku: String,
    pub name: String,
    pub price: Money,
    /// How much dearer than the product in focus.
    pub price_delta: Money,
    /// The same step in basis points of the focus price (1 % = 100).
    pub delta_basis_points: i64,
    pub differences: Vec<Difference>,
    pub talking_point: String,
    pub source: Source,
    /// Swapping it in ends a bundle the cart completes: (its name, the saving lost).
    pub bundle_lost: Option<(String, Money)>,
    /// How often it was offered and taken for `for_sku` before, when that
    /// counts in its place (learning on, offered at least once; see [`learned`]).
    pub learned: Option<Taken>,
    /// Why it is where it is in the list, when what customers did moved it
    /// and enough of them were counted: "Taken by 41 % of customers offered
    /// it here (17 of 41)".
    pub reason: Option<String>,
}

/// One attribute that differs between a product and its upgrade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub attribute: String,
    /// `None` when only the upgrade has this attribute.
    pub from: Option<String>,
    pub to: String,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.from {
            Some(from) => write!(f, "{}: {from} → {}", self.attribute, self.to),
            None => write!(f, "{}: {} (new)", self.attribute, self.to),
        }
    }
}

/// Both lists for one request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suggestions {
    pub cross_sell: Vec<CrossSell>,
    pub upsell: Vec<Upsell>,
}

/// Everything the engine needs besides the request.
#[derive(Debug, Clone, Copy)]
pub struct Engine<'a> {
    pub catalog: &'a Catalog,
    pub config: &'a SuggestionConfig,
    pub currency: &'a Currency,
}

impl Engine<'_> {
    /// Cross-sell for the whole cart and upsell for the focus (the last cart
    /// item when no focus is given).
    pub fn suggest(&self, req: &Request<'_>) -> Suggestions {
        let focus = req.focus.or_else(|| req.cart.last().map(|(p, _)| *p));
        let mut upsell = focus.map(|f| upsell::suggest(self, req, f)).unwrap_or_default();
        if let Some(known) = known::resolve(self, req) {
            upsell = upsell::with_trade_ups(self, req, &known, upsell);
        }
        Suggestions { cross_sell: cross_sell::suggest(self, req), upsell }
    }

    /// Whether the product may be offered at all (active, in stock unless
    /// allowed, not dismissed, not in the cart, not already owned by a known customer).
    fn offerable(&self, req: &Request<'_>, p: ProductIdx) -> bool {
        let prod = self.catalog.product(p);
        self.catalog.sellable(p, !self.config.hide_out_of_stock)
            && !req.cart.iter().any(|(c, _)| *c == p)
            && !req.dismissed.contains(&prod.sku.as_str())
            && req.customer.is_none_or(|h| !h.holds(self.catalog, p))
    }
}
