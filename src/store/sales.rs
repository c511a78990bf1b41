//! Sales, refunds, suggestion events and carts in progress.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, now_iso};
use crate::cart::Cart;
use crate::checkout::{Exchange, SaleDraft, SaleKind};
use crate::money::Money;
use crate::suggest::events::SuggestionEvent;

/// The result of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Committed {
    /// Written now, at this time; `oversold` names the lines that took more
    /// than the recorded stock (allowed by `[checkout] allow_oversell`), with
    /// the stock there was; `receipt` is the receipt kept with it, when asked for;
    /// `exchange` the refund an exchange wrote with it.
    New {
        completed_at: String,
        oversold: Vec<(String, i64)>,
        receipt: Option<String>,
        exchange: Option<Box<super::refunds::Reversed>>,
    },
    /// A retry of a sale already written: nothing was written again.
    AlreadyThere,
}

/// A committed sale in short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleSummary {
    pub id: String,
    pub completed_at: String,
    pub total: Money,
    pub lines: i64,
}

/// A parked cart in the recall list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParkedCart {
    pub id: String,
    pub label: String,
    pub updated_at: String,
    pub cart: Cart,
}

/// A line of a sale as stored (for refunds and exports).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoldLine {
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub qty: i64,
    pub refunded: i64,
    pub unit_price: Money,
    pub line_total: Money,
}

/// The lines whose SKU has less stock than the sale takes: (name, stock before the sale).
fn short_of_stock(tx: &Transaction<'_>, draft: &SaleDraft) -> Result<Vec<(String, i64)>> {
    // A product whose stock is not counted is never short of it.
    let mut stmt = tx.prepare_cached("SELECT stock FROM products WHERE sku = ?1 AND stock_tracked = 1")?;
    let mut wanted: Vec<(&str, &str, i64)> = Vec::new();
    for l in &draft.lines {
        match wanted.iter_mut().find(|w| w.0 == l.sku) {
            Some(w) => w.2 += l.qty,
            None => wanted.push((&l.sku, &l.name, l.qty)),
        }
    }
    let mut out = Vec::new();
    for (sku, name, qty) in wanted {
        let stock: Option<Option<i64>> = stmt.query_row([sku], |r| r.get(0)).optional()?;
        if let Some(Some(stock)) = stock
            && stock < qty
        {
            out.push((name.to_string(), stock));
        }
    }
    Ok(out)
}

/// Writes suggestion events, all at `now`.
fn insert_events(
    tx: &Transaction<'_>,
    now: &str,
    terminal: &str,
    staff_id: Option<&str>,
    events: &[SuggestionEvent],
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO suggestion_events (at, terminal, staff_id, cart_id, kind, event, anchor_sku, sku, source, rank, place) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for e in events {
        stmt.execute(params![
            now,
            terminal,
            staff_id,
            e.cart_id,
            e.list.as_str(),
            e.event.as_str(),
            e.anchor_sku,
            e.sku,
            e.source.as_str(),
            e.rank as i64,
            e.place.as_str()
        ])?;
    }
    Ok(())
}

/// A cart as saved: its own fields, and `exchange` (the exchange pending on
/// an open cart; a cart saved before exchanges were saved has none).
fn cart_json(cart: &Cart, exchange: Option<&Exchange>) -> Result<String> {
    let invalid = |e: serde_json::Error| StoreError::Invalid(e.to_string());
    let mut value = serde_json::to_value(cart).map_err(invalid)?;
    if let (Some(exchange), Some(fields)) = (exchange, value.as_object_mut()) {
        fields.insert("exchange".into(), serde_json::to_value(exchange).map_err(invalid)?);
    }
    serde_json::to_string(&value).map_err(invalid)
}

/// A saved cart and the exchange pending on it; `None` for text that is no cart.
fn cart_from_json(text: &str) -> Option<(Cart, Option<Exchange>)> {
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let exchange = value.as_object_mut()?.remove("exchange").and_then(|e| serde_json::from_value(e).ok());
    Some((serde_json::from_value(value).ok()?, exchange))
}

impl Store {
    /// Writes a sale with its lines, payment, stock movements, suggestion
    /// events, the learned counts they change and audit rows in one
    /// `BEGIN IMMEDIATE` transaction. Committing the same draft again writes
    /// nothing and says so.
    pub fn commit_sale(&mut self, draft: &SaleDraft, allow_oversell: bool) -> Result<Committed> {
        self.commit_sale_with_events(draft, allow_oversell, &[])
    }

    /// [`commit_sale`](Self::commit_sale), recording the cart's suggestion
    /// events in the same transaction (as the sale's terminal and staff), so
    /// a sale is never written without them nor they without it. `simulate`
    /// writes its sales so.
    pub fn commit_sale_with_events(
        &mut self,
        draft: &SaleDraft,
        allow_oversell: bool,
        events: &[SuggestionEvent],
    ) -> Result<Committed> {
        self.commit_sale_printed(draft, allow_oversell, events, None)
    }

    /// [`commit_sale_with_events`](Self::commit_sale_with_events), keeping
    /// the sale's receipt as `shop` prints it (its time the sale's own, read
    /// in the transaction) in the same transaction, so a reprint
    /// ([`receipt`](Self::receipt)) is the very text printed.
    pub fn commit_sale_printed(
        &mut self,
        draft: &SaleDraft,
        allow_oversell: bool,
        events: &[SuggestionEvent],
        shop: Option<&crate::config::Shop>,
    ) -> Result<Committed> {
        self.write(|tx| {
            let exists: Option<i64> =
                tx.prepare_cached("SELECT 1 FROM sales WHERE id = ?1")?.query_row([&draft.id], |r| r.get(0)).optional()?;
            if exists.is_some() {
                return Ok(Committed::AlreadyThere);
            }
            // An exchange's returned items come back first, so their stock is there for the new lines.
            let exchange = match &draft.exchange {
                Some(ex) => Some(Box::new(super::exchanges::refund_in(tx, draft, ex, shop)?)),
                None => None,
            };
            let oversold = if draft.kind.moves_stock() { short_of_stock(tx, draft)? } else { Vec::new() };
            if !allow_oversell && let Some((name, stock)) = oversold.first() {
                return Err(StoreError::Invalid(format!("cannot sell: {}", crate::catalog::stock_words(name, *stock))));
            }
            let now = now_iso(tx)?;
            // A sale at the till belongs to the till's open shift; history and training to none.
            let shift = match draft.kind {
                SaleKind::Sale => super::shifts::open_shift_id(tx, &draft.terminal)?,
                _ => None,
            };
            if shift.is_none() && draft.require_shift {
                return Err(StoreError::ShiftRequired { terminal: draft.terminal.clone() });
            }
            let kind = match draft.kind {
                SaleKind::Sale | SaleKind::History | SaleKind::SimulatedSale => "sale",
                SaleKind::Training => "training",
            };
            let discount = draft.priced.discounts();
            let receipt = shop.map(|shop| {
                let at = super::local_time_in(tx, &now);
                crate::checkout::receipt(&shop.store_name, draft, &at, &shop.currency, &shop.tax)
            });
            tx.prepare_cached(
                "INSERT INTO sales (id, kind, terminal, staff_id, completed_at, currency, subtotal, discount, tax, total, line_count, \
                 bundle_savings, simulated, shift_id, customer_id, receipt) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
                 ?13, ?14, (SELECT id FROM customers WHERE id = ?15 AND erased_at IS NULL), ?16)",
            )?
            .execute(params![
                draft.id,
                kind,
                draft.terminal,
                draft.staff_id,
                now,
                draft.currency,
                draft.totals.subtotal.0,
                discount.0,
                draft.totals.tax.0,
                draft.totals.total.0,
                draft.lines.len() as i64,
                draft.priced.bundle_savings.0,
                i64::from(draft.kind.simulated()),
                shift,
                draft.customer_id,
                receipt
            ])?;
            let mut line = tx.prepare_cached(
                "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, qty, unit_price, list_price, discount, line_total, \
                 origin, tax) VALUES (?1, ?2, (SELECT id FROM products WHERE sku = ?3), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            let mut stock = tx.prepare_cached("UPDATE products SET stock = stock - ?2 WHERE sku = ?1")?;
            for (i, (l, p)) in draft.lines.iter().zip(&draft.priced.lines).enumerate() {
                let tax = draft.line_tax.get(i).copied().unwrap_or_default();
                line.execute(params![
                    draft.id,
                    i as i64 + 1,
                    l.sku,
                    l.name,
                    l.qty,
                    l.unit_price.0,
                    l.list_price.0,
                    p.line_discount.0,
                    p.amount.0,
                    l.origin.as_str(),
                    tax.0
                ])?;
                if draft.kind.moves_stock() {
                    stock.execute(params![l.sku, l.qty])?;
                }
            }
            let mut pay = tx.prepare_cached(
                "INSERT INTO payments (sale_id, seq, method, amount, tendered, change) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (i, p) in draft.payments.iter().enumerate() {
                pay.execute(params![draft.id, i as i64 + 1, p.method.as_str(), p.amount.0, p.tendered.0, p.change.0])?;
            }
            insert_events(tx, &now, &draft.terminal, draft.staff_id.as_deref(), events)?;
            if let Some(cart_id) = &draft.cart_id {
                // The cart's events become the sale's: what customers took moves with them.
                super::take_counts::recount(tx, std::slice::from_ref(cart_id), || {
                    tx.prepare_cached("UPDATE suggestion_events SET sale_id = ?1 WHERE cart_id = ?2")?
                        .execute(params![draft.id, cart_id])?;
                    Ok(())
                })?;
                tx.prepare_cached("UPDATE carts SET status = 'done', updated_at = ?2 WHERE id = ?1")?
                    .execute(params![cart_id, now])?;
            }
            for a in &draft.approvals {
                super::staff::audit(tx, &now, &draft.terminal, draft.staff_id.as_deref(), Some(&a.manager_id), a.action, Some(&draft.id), &a.details)?;
            }
            Ok(Committed::New { completed_at: now, oversold, receipt, exchange })
        })
    }

    /// A sale's or refund's receipt as it was printed. A sale recorded before
    /// receipts were kept (or by `simulate`) says so; no receipt is made up.
    pub fn receipt(&self, sale_id: &str) -> Result<String> {
        let row: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT receipt FROM sales WHERE id = ?1 AND kind <> 'training'")?
            .query_row([sale_id.trim()], |r| r.get(0))
            .optional()?;
        match row {
            None => Err(StoreError::Invalid(format!("no sale `{}`", sale_id.trim()))),
            Some(None) => Err(StoreError::Invalid(format!(
                "sale {} was recorded before receipts were kept",
                sale_id.trim()
            ))),
            Some(Some(text)) => Ok(text),
        }
    }

    /// This terminal's last committed sale.
    pub fn last_sale(&self, terminal: &str) -> Result<Option<SaleSummary>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, completed_at, total, line_count FROM sales WHERE terminal = ?1 AND kind = 'sale' \
                 ORDER BY completed_at DESC, rowid DESC LIMIT 1",
            )?
            .query_row([terminal], |r| {
                Ok(SaleSummary {
                    id: r.get(0)?,
                    completed_at: r.get(1)?,
                    total: Money(r.get(2)?),
                    lines: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// The payments of a sale, refund or void, in the order taken (a
    /// refund's are negative: what went back, and how).
    pub fn payments(&self, sale_id: &str) -> Result<Vec<crate::checkout::Payment>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT method, amount, tendered, change FROM payments WHERE sale_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([sale_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (method, amount, tendered, change) = row?;
            let method = method.parse().map_err(StoreError::Invalid)?;
            out.push(crate::checkout::Payment {
                method,
                amount: Money(amount),
                tendered: Money(tendered),
                change: Money(change),
            });
        }
        Ok(out)
    }

    /// How many sales (of kind `sale`) the database holds.
    pub fn sale_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM sales WHERE kind = 'sale'", [], |r| r.get(0))?)
    }

    /// The lines of a sale with how much of each was already refunded.
    pub fn sale_lines(&self, sale_id: &str) -> Result<Vec<SoldLine>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.line_no, l.sku, l.name, l.qty, l.unit_price, l.line_total, \
             (SELECT coalesce(sum(r.qty), 0) FROM sales s JOIN sale_lines r ON r.sale_id = s.id \
              WHERE s.refund_of = l.sale_id AND r.sku = l.sku) \
             FROM sale_lines l JOIN sales s ON s.id = l.sale_id AND s.kind = 'sale' WHERE l.sale_id = ?1 ORDER BY l.line_no",
        )?;
        let rows = stmt.query_map([sale_id], |r| {
            Ok(SoldLine {
                line_no: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                qty: r.get(3)?,
                refunded: r.get(6)?,
                unit_price: Money(r.get(4)?),
                line_total: Money(r.get(5)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records suggestion events (shown, added, dismissed, swapped).
    pub fn record_events(
        &mut self,
        terminal: &str,
        staff_id: Option<&str>,
        events: &[SuggestionEvent],
    ) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            let now = now_iso(tx)?;
            insert_events(tx, &now, terminal, staff_id, events)
        })
    }

    /// The products a seller already offered for a cart (added, swapped in or
    /// dismissed, in either list or place), as its events say, by SKU.
    pub fn offered_skus(&self, cart_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT sku FROM suggestion_events WHERE cart_id = ?1 AND event <> 'shown' ORDER BY sku",
        )?;
        let rows = stmt.query_map([cart_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The suggestion events of a sale's cart: (list, event, SKU, place), in the order they happened.
    pub fn sale_suggestion_events(&self, sale_id: &str) -> Result<Vec<(String, String, String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, event, sku, place FROM suggestion_events WHERE sale_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([sale_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Saves the cart in progress (called on every change, so a crash loses at most one key press).
    pub fn save_cart(
        &mut self,
        terminal: &str,
        staff_id: Option<&str>,
        cart_id: &str,
        cart: &Cart,
        exchange: Option<&Exchange>,
    ) -> Result<()> {
        self.store_cart(terminal, staff_id, cart_id, &cart_json(cart, exchange)?, "open", "")
    }

    /// Writes a cart as `open` (only while it is still open: a parked or sold
    /// cart is not reopened by a late save) or as `parked` with its label.
    fn store_cart(
        &mut self,
        terminal: &str,
        staff_id: Option<&str>,
        cart_id: &str,
        state: &str,
        status: &str,
        label: &str,
    ) -> Result<()> {
        self.write(|tx| {
            let now = now_iso(tx)?;
            tx.prepare_cached(
                "INSERT INTO carts (id, terminal, staff_id, status, label, updated_at, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (id) DO UPDATE SET status = excluded.status, label = excluded.label, state = excluded.state, \
                 updated_at = excluded.updated_at, staff_id = excluded.staff_id \
                 WHERE carts.status = 'open' OR excluded.status = 'parked'",
            )?
            .execute(params![cart_id, terminal, staff_id, status, label, now, state])?;
            Ok(())
        })
    }

    /// The cart this terminal was building when it stopped, if any, with the exchange pending on it.
    pub fn open_cart(&self, terminal: &str) -> Result<Option<(String, Cart, Option<Exchange>)>> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT id, state FROM carts WHERE terminal = ?1 AND status = 'open' ORDER BY updated_at DESC LIMIT 1")?
            .query_row([terminal], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(row.and_then(|(id, state)| cart_from_json(&state).map(|(cart, exchange)| (id, cart, exchange))))
    }

    /// Parks a cart under a label (it leaves the till and can be recalled on any terminal).
    pub fn park_cart(
        &mut self,
        terminal: &str,
        staff_id: Option<&str>,
        cart_id: &str,
        cart: &Cart,
        label: &str,
    ) -> Result<()> {
        self.store_cart(terminal, staff_id, cart_id, &cart_json(cart, None)?, "parked", label)
    }

    /// Parked carts, newest first.
    pub fn parked_carts(&self) -> Result<Vec<ParkedCart>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, label, updated_at, state FROM carts WHERE status = 'parked' ORDER BY updated_at DESC",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, label, updated_at, state) = row?;
            if let Ok(cart) = serde_json::from_str(&state) {
                out.push(ParkedCart { id, label, updated_at, cart });
            }
        }
        Ok(out)
    }

    /// Takes a parked cart back onto this terminal as its open cart.
    pub fn recall_cart(&mut self, cart_id: &str, terminal: &str) -> Result<Cart> {
        self.write(|tx| {
            let state: String = tx
                .prepare_cached("SELECT state FROM carts WHERE id = ?1 AND status = 'parked'")?
                .query_row([cart_id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| {
                    StoreError::Invalid(format!("no parked cart `{cart_id}` (recalled elsewhere?)"))
                })?;
            let now = now_iso(tx)?;
            tx.prepare_cached(
                "UPDATE carts SET status = 'open', terminal = ?2, updated_at = ?3 WHERE id = ?1",
            )?
            .execute(params![cart_id, terminal, now])?;
            serde_json::from_str(&state).map_err(|e| StoreError::Invalid(e.to_string()))
        })
    }

    /// Closes an open cart that was emptied or abandoned.
    pub fn close_cart(&mut self, cart_id: &str) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached("UPDATE carts SET status = 'done' WHERE id = ?1 AND status = 'open'")?
                .execute([cart_id])?;
            Ok(())
        })
    }

    /// Sale lines as CSV rows, oldest first (`export-sales`): the line's
    /// columns, then the sale's own (discount, bundle savings, tax, total,
    /// payment methods joined with `+`, simulated 0/1, each payment as
    /// `method:amount` joined with `+`, the shift or empty), repeated on each
    /// of its lines. A void shows as kind `void`. The period is as reports read it
    /// (`since` on or after, `until` on or before).
    pub fn export_sales(
        &self,
        since: Option<&str>,
        until: Option<&str>,
        currency: &crate::money::Currency,
        out: &mut dyn FnMut(&[String]) -> std::io::Result<()>,
    ) -> Result<usize> {
        let sql = format!(
            "SELECT s.id, s.completed_at, s.terminal, coalesce(s.staff_id, ''), l.sku, l.qty, l.unit_price, l.line_total, l.origin, \
             CASE WHEN s.void = 1 THEN 'void' ELSE s.kind END, coalesce(s.refund_of, ''), \
             s.discount, s.bundle_savings, s.tax, s.total, \
             coalesce((SELECT group_concat(method, '+') FROM (SELECT p.method FROM payments p WHERE p.sale_id = s.id ORDER BY p.seq)), ''), \
             s.simulated, \
             coalesce((SELECT group_concat(part, '+') FROM \
                 (SELECT p.method || ':' || p.amount AS part FROM payments p WHERE p.sale_id = s.id ORDER BY p.seq)), ''), \
             coalesce(s.shift_id, '') \
             FROM sales s JOIN sale_lines l ON l.sale_id = s.id \
             WHERE s.kind <> 'training' AND {} ORDER BY s.completed_at, s.id, l.line_no",
            super::reports::in_period("s.completed_at")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let currency_plain = |m: i64| currency.plain(Money(m));
        let mut rows = stmt.query([since, until])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            let rec = vec![
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, i64>(5)?.to_string(),
                currency_plain(r.get(6)?),
                currency_plain(r.get(7)?),
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                currency_plain(r.get(11)?),
                currency_plain(r.get(12)?),
                currency_plain(r.get(13)?),
                currency_plain(r.get(14)?),
                r.get(15)?,
                r.get::<_, i64>(16)?.to_string(),
                payment_parts(&r.get::<_, String>(17)?, currency),
                r.get(18)?,
            ];
            out(&rec).map_err(StoreError::Write)?;
            n += 1;
        }
        Ok(n)
    }

    /// Baskets for mining: each sale's distinct SKUs (refunds and training
    /// excluded), interned as they are read so a long history stays small.
    pub fn baskets(&self, since: Option<&str>) -> Result<crate::mining::Baskets> {
        let mut stmt = self.conn.prepare(
            "SELECT l.sale_id, l.sku FROM sale_lines l JOIN sales s ON s.id = l.sale_id \
             WHERE s.kind = 'sale' AND (?1 IS NULL OR s.completed_at >= ?1) ORDER BY l.sale_id, l.line_no",
        )?;
        let mut rows = stmt.query([since])?;
        let mut ids: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut baskets: Vec<Vec<u32>> = Vec::new();
        let mut current = String::new();
        while let Some(r) = rows.next()? {
            let sale = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let sku = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            if sale != current || baskets.is_empty() {
                baskets.push(Vec::new());
                current.clear();
                current.push_str(sale);
            }
            let id = match ids.get(sku) {
                Some(&id) => id,
                None => {
                    let id = names.len() as u32;
                    ids.insert(sku.to_string(), id);
                    names.push(sku.to_string());
                    id
                }
            };
            if let Some(b) = baskets.last_mut()
                && !b.contains(&id)
            {
                b.push(id);
            }
        }
        drop(ids);
        // Ids follow the byte order of the SKUs, as the miner expects.
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let mut new_id = vec![0u32; names.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        for id in baskets.iter_mut().flatten() {
            *id = new_id[*id as usize];
        }
        let labels = order.iter().map(|&old| std::mem::take(&mut names[old as usize])).collect();
        Ok(crate::mining::Baskets { labels, baskets })
    }
}

/// `card:300.00+cash:381.98` from the stored `card:30000+cash:38198`: each
/// part's method and what it paid (cash net of change), in major units.
fn payment_parts(stored: &str, currency: &crate::money::Currency) -> String {
    stored
        .split('+')
        .filter(|p| !p.is_empty())
        .map(|part| match part.split_once(':') {
            Some((method, minor)) => {
                format!("{method}:{}", currency.plain(Money(minor.parse().unwrap_or_default())))
            }
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("+")
}
