//! What customers did with the suggestions they were offered: for each cart
//! item (or product in focus) and suggestion, how many times a seller
//! offered it and how many times the customer took it, as the suggestion
//! funnel counts them (`reports::funnel::take_counts`). The store keeps them
//! in a table, moved by every sale, refund and void (`store::take_counts`),
//! and loads them with the catalog; the engine's learned score term reads
//! them (`suggest::learned`). Plain counts, over product indexes.

use std::collections::HashMap;

use super::ProductIdx;

/// Offers and takes of one suggestion (or of all of a list's).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Taken {
    /// Times a seller offered it (added it, swapped it in, or dismissed it as declined).
    pub offered: u32,
    /// Times it ended up in the sale.
    pub accepted: u32,
}

impl Taken {
    /// Adds another count (saturating: counts never wrap).
    pub fn add(&mut self, other: Taken) {
        self.offered = self.offered.saturating_add(other.offered);
        self.accepted = self.accepted.saturating_add(other.accepted);
    }
}

/// The counts of one list (cross-sell or upsell).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TakeCounts {
    /// Every offer of the list, including those of products not loaded.
    total: Taken,
    /// (cart item or product in focus, suggestion) → counts.
    pairs: HashMap<(ProductIdx, ProductIdx), Taken>,
}

impl TakeCounts {
    /// Counts one more (anchor, suggestion) pair's offers. The list's total
    /// is kept apart ([`TakeCounts::add_to_total`]), so a partly loaded
    /// catalog still knows the whole list's take rate.
    pub fn insert(&mut self, anchor: ProductIdx, sku: ProductIdx, taken: Taken) {
        self.pairs.entry((anchor, sku)).or_default().add(taken);
    }

    /// Counts offers into the list's total.
    pub fn add_to_total(&mut self, taken: Taken) {
        self.total.add(taken);
    }

    /// The counts of `sku` suggested for `anchor`, if it was ever offered.
    pub fn get(&self, anchor: ProductIdx, sku: ProductIdx) -> Option<Taken> {
        self.pairs.get(&(anchor, sku)).copied()
    }

    /// Every offer of the list.
    pub fn total(&self) -> Taken {
        self.total
    }

    /// Whether nothing of the list was ever offered.
    pub fn is_empty(&self) -> bool {
        self.total.offered == 0 && self.pairs.is_empty()
    }
}

/// Both lists' counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Learned {
    pub cross_sell: TakeCounts,
    pub upsell: TakeCounts,
}

impl Learned {
    /// Whether no suggestion was ever offered.
    pub fn is_empty(&self) -> bool {
        self.cross_sell.is_empty() && self.upsell.is_empty()
    }
}
