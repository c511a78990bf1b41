//! What a customer who gave profiling consent owns, for the suggestion
//! engine: each product they bought, how many they still have (net of
//! refunds and voids), and when they bought it. Plain Rust; the store loads
//! it (`Store::customer_history`), and only with profiling consent, so
//! without it the engine never sees a customer at all.
//!
//! **Durable or consumable.** A product is a consumable when its category,
//! or one above it, has a refill window in the shop's `[refill]` table
//! (`"Cameras > Batteries" = 365`): it runs out and is bought again, so it
//! is not offered again until that many days after it was last bought, and
//! then it comes back. Every other product is durable: once owned, it is
//! never offered again, nor another accessory in the slot (role) one they
//! own fills for the same item ("case:PH-AUR-X5").

use crate::calendar::{civil_from_days, days_from_civil};
use crate::catalog::{Catalog, ProductIdx};

/// The shop's refill windows: category paths (each with the categories
/// under it) whose products are consumables, and the days after a purchase
/// when they are offered again. A window of 0 days leaves the category durable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefillWindows {
    /// (category path as the catalog writes it, days), in the file's order.
    pub windows: Vec<(String, u32)>,
}

impl RefillWindows {
    /// The refill window of a product, `None` when it is durable: the window
    /// of its own category, else of the nearest category above it.
    pub fn days(&self, catalog: &Catalog, p: ProductIdx) -> Option<u32> {
        let chain =
            std::iter::successors(Some(catalog.product(p).category), |&at| catalog.category(at).parent);
        self.days_along(chain.map(|at| catalog.category_path(at)))
    }

    /// The refill window for a product whose category paths, its own first
    /// and then each one above it, are `chain`.
    pub fn days_along<'a>(&self, chain: impl Iterator<Item = &'a str>) -> Option<u32> {
        for path in chain {
            if let Some((_, days)) = self.windows.iter().find(|(w, _)| w == path) {
                return (*days > 0).then_some(*days);
            }
        }
        None
    }
}

/// One product a customer bought and still has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    pub sku: String,
    /// Units bought less units refunded (voided sales count for nothing).
    pub qty: i64,
    /// The day of their first and of their latest purchase of it (UTC days
    /// since 1970-01-01; see [`crate::calendar`]).
    pub first_day: i64,
    pub last_day: i64,
}

/// What one customer owns, as of `today`. Made by the store only for a
/// customer with profiling consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerHistory {
    pub customer_id: i64,
    /// The day the history was read (UTC days since 1970-01-01): "14 months
    /// ago" and refill windows count from it.
    pub today: i64,
    /// Every product they still have at least one of, sorted by SKU
    /// ([`CustomerHistory::new`] sorts).
    pub owned: Vec<Owned>,
    /// The shop's refill windows (`[refill]`), which tell consumables from durables.
    pub refill: RefillWindows,
}

/// An owned product found in a catalog, with what it is.
#[derive(Debug, Clone, Copy)]
pub struct Holding<'h> {
    pub product: ProductIdx,
    pub owned: &'h Owned,
    /// Its refill window in days; `None`: durable.
    pub refill_days: Option<u32>,
}

impl Holding<'_> {
    /// A consumable whose refill window has passed since it was last bought.
    pub fn due(&self, today: i64) -> bool {
        self.refill_days.is_some_and(|d| today - self.owned.last_day >= i64::from(d))
    }
}

impl CustomerHistory {
    pub fn new(
        customer_id: i64,
        today: i64,
        mut owned: Vec<Owned>,
        refill: RefillWindows,
    ) -> CustomerHistory {
        owned.sort_by(|a, b| a.sku.cmp(&b.sku));
        CustomerHistory { customer_id, today, owned, refill }
    }

    /// Whether they own `p` and may not be offered it: a durable, or a
    /// consumable before its refill window has passed.
    pub fn holds(&self, catalog: &Catalog, p: ProductIdx) -> bool {
        let sku = catalog.product(p).sku.as_str();
        let Ok(at) = self.owned.binary_search_by(|o| o.sku.as_str().cmp(sku)) else { return false };
        let h = Holding { product: p, owned: &self.owned[at], refill_days: self.refill.days(catalog, p) };
        !h.due(self.today)
    }

    /// The owned products the catalog has (a product since deleted is skipped).
    pub fn holdings<'h>(&'h self, catalog: &Catalog) -> Vec<Holding<'h>> {
        self.owned
            .iter()
            .filter_map(|o| {
                let p = catalog.by_sku(&o.sku)?;
                Some(Holding { product: p, owned: o, refill_days: self.refill.days(catalog, p) })
            })
            .collect()
    }

    /// The SKUs they own: what a cart's neighbourhood must load besides the cart.
    pub fn skus(&self) -> impl Iterator<Item = &str> {
        self.owned.iter().map(|o| o.sku.as_str())
    }
}

/// The UTC day of an ISO timestamp ("2026-05-12T10:00:00.000Z"), if it has one.
pub fn day_of(iso: &str) -> Option<i64> {
    let date = iso.get(..10)?;
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y, m, d))
}

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A purchase day as people say it: "12 May" this year, "3 Sep 2025" before.
pub fn day_words(day: i64, today: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    let month = MONTHS[(m - 1).clamp(0, 11) as usize];
    if y == civil_from_days(today).0 { format!("{d} {month}") } else { format!("{d} {month} {y}") }
}

/// How long ago, in whole units counted from the calendar: "today", "3 days
/// ago", "5 weeks ago", "14 months ago", "2 years ago".
pub fn ago_words(day: i64, today: i64) -> String {
    let days = today - day;
    let (y0, m0, d0) = civil_from_days(day);
    let (y1, m1, d1) = civil_from_days(today);
    let months = (y1 - y0) * 12 + (m1 - m0) - i64::from(d1 < d0);
    let unit = |n: i64, one: &str| if n == 1 { format!("1 {one} ago") } else { format!("{n} {one}s ago") };
    match days {
        ..=0 => "today".to_string(),
        1..=13 => unit(days, "day"),
        _ if months < 2 => unit(days / 7, "week"),
        _ if months < 24 => unit(months, "month"),
        _ => unit(months / 12, "year"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_with_the_year_only_when_it_is_not_this_one() {
        let today = days_from_civil(2026, 11, 29);
        assert_eq!(day_words(days_from_civil(2026, 5, 12), today), "12 May");
        assert_eq!(day_words(days_from_civil(2025, 9, 3), today), "3 Sep 2025");
        assert_eq!(day_of("2026-05-12T10:00:00.000Z"), Some(days_from_civil(2026, 5, 12)));
        assert_eq!(day_of("yesterday"), None);
    }

    #[test]
    fn ago_counts_calendar_units() {
        let today = days_from_civil(2026, 11, 29);
        assert_eq!(ago_words(today, today), "today");
        assert_eq!(ago_words(today - 1, today), "1 day ago");
        assert_eq!(ago_words(days_from_civil(2026, 10, 20), today), "5 weeks ago");
        assert_eq!(ago_words(days_from_civil(2025, 9, 29), today), "14 months ago");
        assert_eq!(ago_words(days_from_civil(2025, 9, 30), today), "13 months ago");
        assert_eq!(ago_words(days_from_civil(2023, 11, 1), today), "3 years ago");
    }
}
