//! Suggestion events: every suggestion shown, and whether it was added,
//! dismissed or swapped in, and where (a pane, or the checkout summary's last
//! chance), for the attach-rate and take-rate KPIs. The selling screen queues
//! them in its state and hands them to the store worker in batches, so
//! recording never slows the screen.

use super::Source;

/// Which list a suggestion was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListKind {
    CrossSell,
    Upsell,
}

impl ListKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::CrossSell => "cross_sell",
            ListKind::Upsell => "upsell",
        }
    }

    /// The list named as the store writes it (`cross_sell`, `upsell`).
    pub fn parse(s: &str) -> Option<ListKind> {
        [ListKind::CrossSell, ListKind::Upsell].into_iter().find(|k| k.as_str() == s)
    }
}

/// What happened to a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    Shown,
    Added,
    Dismissed,
    /// An upgrade replaced its cart line.
    Swapped,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Shown => "shown",
            EventKind::Added => "added",
            EventKind::Dismissed => "dismissed",
            EventKind::Swapped => "swapped",
        }
    }

    /// The event named as the store writes it.
    pub fn parse(s: &str) -> Option<EventKind> {
        [EventKind::Shown, EventKind::Added, EventKind::Dismissed, EventKind::Swapped]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// How many add-ons the checkout lists at most: its last chance to add
/// what goes well with the cart.
pub const LAST_CHANCE: usize = 2;

/// Where on the screen a suggestion was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Place {
    /// A suggestion pane ("Goes well with", "Upgrade options").
    #[default]
    Pane,
    /// The checkout summary: the last chance to add what goes well with the cart.
    Checkout,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Pane => "pane",
            Place::Checkout => "checkout",
        }
    }

    /// The place named as the store writes it (`pane`, `checkout`).
    pub fn parse(s: &str) -> Option<Place> {
        [Place::Pane, Place::Checkout].into_iter().find(|p| p.as_str() == s)
    }
}

/// One suggestion event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionEvent {
    /// The cart (customer) the suggestion was made for.
    pub cart_id: String,
    pub list: ListKind,
    pub event: EventKind,
    /// The cart item (cross-sell) or product in focus (upsell) it was made for.
    pub anchor_sku: String,
    /// The suggested product.
    pub sku: String,
    pub source: Source,
    /// Its place in the list, from 1 (at checkout, in the checkout's list).
    pub rank: usize,
    /// Where it was made.
    pub place: Place,
}
