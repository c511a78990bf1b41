//! The return window's fields: the sale id typed or scanned (or one of the
//! attached customer's sales picked), the sale's lines once loaded, the
//! quantities chosen, what they give back, and the manager's approval.

use crate::checkout::RefundQuote;
use crate::store::sales::SoldLine;
use crate::tui::dashboard::panel::ManagerForm;

/// A sale loaded for a return: its lines, with what was returned already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnSale {
    pub id: String,
    pub lines: Vec<SoldLine>,
}

/// The return window (F11).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReturnForm {
    /// The sale id, as typed or scanned.
    pub input: String,
    /// The attached customer's sale highlighted (before a sale is loaded),
    /// or the sale's line highlighted (after).
    pub sel: usize,
    /// The newest request's generation: older answers are dropped.
    pub gen_id: u64,
    /// A sale or a quote is on its way.
    pub loading: bool,
    pub sale: Option<ReturnSale>,
    /// How many of each line come back (same order as `sale.lines`).
    pub qty: Vec<i64>,
    /// What the chosen quantities give back, and how (worked out by the store).
    pub quote: Option<RefundQuote>,
    /// A manager's id and PIN, when the refund needs their approval.
    pub approval: Option<ManagerForm>,
    /// The refund is being written.
    pub refunding: bool,
    /// The confirmation asked for is an exchange (`x`), not a refund (Enter).
    pub exchange: bool,
    pub error: Option<String>,
}

impl ReturnForm {
    /// The SKUs and quantities chosen, for the store.
    pub fn items(&self) -> Vec<(String, i64)> {
        let Some(sale) = &self.sale else { return Vec::new() };
        sale.lines.iter().zip(&self.qty).filter(|(_, q)| **q > 0).map(|(l, q)| (l.sku.clone(), *q)).collect()
    }
}
