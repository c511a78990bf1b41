//! The worker's writes that print: a sale and a refund, each with the
//! receipt the store keeps with it (and writes to `[checkout] receipt_dir`
//! when set), and the sale a return is taken from.

use super::Till;
use crate::checkout::SaleDraft;
use crate::config::Shop;
use crate::store::refunds::Reversal;
use crate::store::sales::{Committed, SaleSummary};
use crate::store::{Store, StoreError};
use crate::tui::msg::Reply;
use crate::tui::state::ReturnSale;

/// Writes a sale; a busy database hands the draft back to be sent again.
pub(super) fn commit(store: &mut Store, till: &Till, shop: &Shop, draft: Box<SaleDraft>) -> Reply {
    let (completed_at, oversold, receipt, exchange) =
        match store.commit_sale_printed(&draft, shop.allow_oversell, &[], Some(shop)) {
            Ok(Committed::New { completed_at, oversold, receipt, exchange }) => {
                (completed_at, oversold, receipt.unwrap_or_default(), exchange)
            }
            // A retry of a sale that reached the database already: show it, once, as it was kept.
            Ok(Committed::AlreadyThere) => {
                let at = match store.last_sale(&till.terminal) {
                    Ok(Some(s)) if s.id == draft.id => s.completed_at,
                    _ => String::new(),
                };
                (at, Vec::new(), store.receipt(&draft.id).unwrap_or_default(), None)
            }
            Err(StoreError::Busy) => return Reply::Busy(draft),
            Err(e) => return Reply::CommitFailed(e.to_string()),
        };
    let mut receipt = filed(shop, &draft.id, receipt);
    // An exchange: the refund's receipt, kept and filed too, under the sale's.
    let refund = exchange.map(|done| {
        receipt.push('\n');
        receipt.push_str(&filed(shop, &done.id, done.receipt.unwrap_or_default()));
        done.id
    });
    Reply::Committed { sale: summary(&draft, completed_at), receipt, oversold, refund }
}

fn summary(draft: &SaleDraft, completed_at: String) -> SaleSummary {
    SaleSummary {
        id: draft.id.clone(),
        completed_at,
        total: draft.totals.total,
        lines: draft.lines.len() as i64,
    }
}

/// The receipt as shown, written to `[checkout] receipt_dir` when set (as
/// `ID.txt`); when the file cannot be written, the window says so below it.
fn filed(shop: &Shop, id: &str, receipt: String) -> String {
    let Some(dir) = &shop.receipt_dir else { return receipt };
    let written =
        std::fs::create_dir_all(dir).and_then(|()| std::fs::write(dir.join(format!("{id}.txt")), &receipt));
    match written {
        Ok(()) => receipt,
        Err(e) => format!("{receipt}\n(the receipt file could not be written to {}: {e})", dir.display()),
    }
}

/// The sale a return takes items from, with what came back already.
pub(super) fn return_sale(store: &Store, sale_id: &str) -> Result<ReturnSale, String> {
    let sale_id = sale_id.trim();
    let lines = store.sale_lines(sale_id).map_err(|e| format!("reading the sale: {e}"))?;
    if lines.is_empty() {
        return Err(format!("No sale has the id {sale_id}."));
    }
    Ok(ReturnSale { id: sale_id.to_string(), lines })
}

/// Refunds `items` of a sale as `by` takes them; the receipt kept with it comes back to be shown.
pub(super) fn refund(
    store: &mut Store,
    shop: &Shop,
    sale_id: &str,
    items: &[(String, i64)],
    by: &Reversal<'_>,
) -> Reply {
    match store.refund_by(sale_id, items, by) {
        Ok(done) => {
            let receipt = filed(shop, &done.id, done.receipt.unwrap_or_default());
            Reply::Refunded { id: done.id, quote: Box::new(done.quote), receipt }
        }
        Err(StoreError::Busy) => {
            Reply::RefundFailed("the database is busy (another till writing); Enter tries again.".into())
        }
        Err(e) => Reply::RefundFailed(e.to_string()),
    }
}
