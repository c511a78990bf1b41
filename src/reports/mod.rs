//! Reports: what the sales history and the suggestion events add up to —
//! sales, revenue, AOV, UPT, the suggestion funnel (shown → offered →
//! accepted or declined), attach and upsell take rates, the revenue and
//! margin suggestions brought, and the add-ons the sellers never offered.
//!
//! Plain Rust with no SQL and no printing: `store/reports.rs` reads the rows
//! of a period into the records below, `cli/report_cmd.rs` prints what
//! [`build`] makes of them. `docs/report.md` defines every figure; the rules
//! that matter everywhere:
//!
//! * A period holds the rows *completed* in it: sales, and refunds and voids
//!   (booked when they happen, with negative amounts, as `export-sales`
//!   writes them). Money and units are the sum of those rows.
//! * The period's **sales** are its sales not voided within the period; the
//!   suggestion figures are about those sales (see [`funnel`]).

pub mod dashboard;
pub mod days;
pub mod figures;
pub mod funnel;
pub mod json;
pub mod missed;
pub mod shift;

pub use figures::{By, Counts, Figures, Report, build, percent, period_sales};
pub use funnel::{FunnelRow, Stage, funnel};
pub use missed::{Missed, RuleRef};

use crate::money::Money;
use crate::suggest::events::{EventKind, ListKind, Place};

/// What a row of the sales history is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Sale,
    /// Items of a sale given back (negative amounts, naming the sale).
    Refund,
    /// A sale rung up by mistake, taken back whole (negative amounts, naming the sale).
    Void,
}

impl RowKind {
    /// As `export-sales` writes it: `sale`, `refund`, `void`.
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Sale => "sale",
            RowKind::Refund => "refund",
            RowKind::Void => "void",
        }
    }

    /// +1 for a sale, −1 for what takes a sale back.
    pub fn sign(self) -> i64 {
        if self == RowKind::Sale { 1 } else { -1 }
    }
}

/// A sale, refund or void with its lines (amounts as stored: negative for a refund or void).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleRecord {
    pub id: String,
    pub kind: RowKind,
    /// The sale a refund or void takes back.
    pub refund_of: Option<String>,
    /// UTC, as stored (`2026-11-26T17:05:09.250Z`).
    pub completed_at: String,
    pub terminal: String,
    /// Empty when no staff member was recorded.
    pub staff: String,
    /// The till's shift it was rung up in; empty when the till had none open.
    pub shift: String,
    /// What the customer paid (or got back), tax included.
    pub total: Money,
    pub tax: Money,
    /// Line and cart discounts (bundle savings are apart).
    pub discount: Money,
    pub bundle_savings: Money,
    pub lines: Vec<LineRecord>,
}

/// A line of a [`SaleRecord`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRecord {
    pub sku: String,
    /// Always positive, also on a refund or void (see [`RowKind::sign`]).
    pub qty: i64,
    /// After every reduction; negative on a refund or void.
    pub line_total: Money,
    /// What one unit costs the store today, when the catalog knows it.
    pub cost: Option<Money>,
}

impl SaleRecord {
    /// Revenue before tax, after discounts and bundle savings: total − tax.
    pub fn revenue(&self) -> Money {
        self.total - self.tax
    }

    /// Units with their sign: sold positive, taken back negative.
    pub fn units(&self) -> i64 {
        self.kind.sign() * self.lines.iter().map(|l| l.qty).sum::<i64>()
    }

    /// Each line's share of [`revenue`](Self::revenue): its line total ×
    /// revenue / the sum of the line totals, rounded half away from zero. With
    /// prices before tax that is the line total itself; with prices that
    /// include tax, the line total less its share of the tax.
    pub fn line_revenues(&self) -> Vec<Money> {
        let base: Money = self.lines.iter().map(|l| l.line_total).sum();
        let revenue = self.revenue();
        self.lines
            .iter()
            .map(|l| if base == Money::ZERO { l.line_total } else { l.line_total.mul_div(revenue.0, base.0) })
            .collect()
    }

    /// The calendar day (UTC) it was completed on.
    pub fn day(&self) -> &str {
        self.completed_at.get(..10).unwrap_or(&self.completed_at)
    }
}

/// A suggestion event as the till recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub cart_id: String,
    /// The sale the cart became, once committed.
    pub sale_id: Option<String>,
    pub at: String,
    pub terminal: String,
    /// Empty when no staff member was recorded.
    pub staff: String,
    pub list: ListKind,
    pub event: EventKind,
    /// The cart item (cross-sell) or product in focus (upsell) it was made for.
    pub anchor_sku: String,
    pub sku: String,
    /// `curated`, `bundle`, `category`, `family`, `mined`.
    pub source: String,
    pub rank: i64,
    /// A suggestion pane, or the checkout summary.
    pub place: Place,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(total: i64, tax: i64, lines: &[i64]) -> SaleRecord {
        SaleRecord {
            id: "S".into(),
            kind: RowKind::Sale,
            refund_of: None,
            completed_at: "2026-11-26T10:00:00.000Z".into(),
            terminal: "T1".into(),
            staff: String::new(),
            shift: String::new(),
            total: Money(total),
            tax: Money(tax),
            discount: Money::ZERO,
            bundle_savings: Money::ZERO,
            lines: lines
                .iter()
                .map(|&t| LineRecord { sku: format!("L{t}"), qty: 1, line_total: Money(t), cost: None })
                .collect(),
        }
    }

    #[test]
    fn lines_before_tax_are_the_line_totals_when_tax_is_added() {
        let r = record(1083, 83, &[600, 400]);
        assert_eq!(r.revenue(), Money(1000));
        assert_eq!(r.line_revenues(), vec![Money(600), Money(400)]);
    }

    #[test]
    fn lines_before_tax_share_out_the_tax_when_prices_include_it() {
        // 10.00 + 5.00 with 1.36 tax inside: 15.00 − 1.36 = 13.64 before tax.
        let r = record(1500, 136, &[1000, 500]);
        assert_eq!(r.line_revenues(), vec![Money(909), Money(455)]);
        assert_eq!(r.day(), "2026-11-26");
    }
}
