//! Refunds and voids: items of a sale taken back, booked when they happen
//! as a row of their own with negative amounts that names the sale.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, now_iso};
use crate::checkout::{ApprovalAction, PaymentMethod, QuotedLine, RefundHeader, RefundQuote, refund_receipt};
use crate::config::Shop;
use crate::money::Money;

/// Who takes items back, where, and how its receipt reads.
#[derive(Debug, Clone, Copy)]
pub struct Reversal<'a> {
    pub terminal: &'a str,
    pub staff_id: Option<&'a str>,
    /// The manager who approved it (`None`: none was needed).
    pub manager_id: Option<&'a str>,
    /// The shop whose receipt is kept with it (`None`: no receipt is kept).
    pub shop: Option<&'a Shop>,
}

/// A refund or void written: its id, what went back, and its receipt when one was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reversed {
    pub id: String,
    pub quote: RefundQuote,
    pub receipt: Option<String>,
}

impl Store {
    /// Refunds quantities of a sale's SKUs (never more than was sold, less
    /// what was refunded already), restocks them, and writes the refund, the
    /// learned counts it changes and its audit row in one transaction.
    /// Returns the refund's id and amount.
    pub fn refund(
        &mut self,
        sale_id: &str,
        items: &[(String, i64)],
        terminal: &str,
        staff_id: Option<&str>,
        manager_id: &str,
    ) -> Result<(String, Money)> {
        let by = Reversal { terminal, staff_id, manager_id: Some(manager_id), shop: None };
        self.refund_by(sale_id, items, &by).map(|r| (r.id, r.quote.back))
    }

    /// [`refund`](Self::refund) as `by` takes it, with its receipt kept when `by` names the shop.
    pub fn refund_by(
        &mut self,
        sale_id: &str,
        items: &[(String, i64)],
        by: &Reversal<'_>,
    ) -> Result<Reversed> {
        self.reverse(sale_id, items, by, ApprovalAction::Refund)
    }

    /// Voids a whole sale rung up by mistake: every line not yet refunded
    /// comes back, audited as a void.
    pub fn void(
        &mut self,
        sale_id: &str,
        terminal: &str,
        staff_id: Option<&str>,
        manager_id: &str,
    ) -> Result<(String, Money)> {
        let by = Reversal { terminal, staff_id, manager_id: Some(manager_id), shop: None };
        self.void_by(sale_id, &by).map(|r| (r.id, r.quote.back))
    }

    /// What of a sale can still come back: each SKU sold, less what was refunded already.
    pub fn left_to_return(&self, sale_id: &str) -> Result<Vec<(String, i64)>> {
        Ok(self
            .sale_lines(sale_id)?
            .into_iter()
            .map(|l| (l.sku, l.qty - l.refunded))
            .filter(|(_, q)| *q > 0)
            .collect())
    }

    /// [`void`](Self::void) as `by` takes it.
    pub fn void_by(&mut self, sale_id: &str, by: &Reversal<'_>) -> Result<Reversed> {
        let items = self.left_to_return(sale_id)?;
        if items.is_empty() {
            return Err(StoreError::Invalid(format!("sale `{sale_id}` has nothing left to void")));
        }
        self.reverse(sale_id, &items, by, ApprovalAction::Void)
    }

    /// What refunding `items` of a sale would give back and how, read
    /// without writing (the till shows it before the cashier confirms); the
    /// refund itself works it out with the same code, inside its transaction.
    pub fn refund_quote(&self, sale_id: &str, items: &[(String, i64)]) -> Result<RefundQuote> {
        quote(&self.conn, sale_id, items)
    }

    /// Takes back `items` of a sale in one transaction, as [`quote`] works
    /// it out there (another till may have refunded meanwhile).
    fn reverse(
        &mut self,
        sale_id: &str,
        items: &[(String, i64)],
        by: &Reversal<'_>,
        action: ApprovalAction,
    ) -> Result<Reversed> {
        let refund_id = crate::ids::new_id(by.terminal);
        self.write(|tx| reverse_in(tx, sale_id, items, by, action, &refund_id, None))
    }
}

/// An exchange's refund: the credit it gives the new sale, which it names.
#[derive(Debug, Clone, Copy)]
pub(super) struct Credited<'a> {
    /// What the till quoted and the new sale counts on: any other amount now is refused.
    pub credit: Money,
    /// What of it the new sale uses (the rest goes back the way the sale was paid).
    pub used: Money,
    pub sale_id: &'a str,
}

/// Writes a refund or void of `items` inside `tx`, as [`quote`] works it out
/// there; an exchange's refund pays `credited.used` back as exchange credit.
pub(super) fn reverse_in(
    tx: &rusqlite::Transaction<'_>,
    sale_id: &str,
    items: &[(String, i64)],
    by: &Reversal<'_>,
    action: ApprovalAction,
    refund_id: &str,
    credited: Option<Credited<'_>>,
) -> Result<Reversed> {
    let now = now_iso(tx)?;
    let mut q = quote(tx, sale_id, items)?;
    if let Some(c) = credited {
        if q.simulated {
            // Its refund would be in no shift, while the credit's sale is in this one.
            return Err(StoreError::Invalid(format!(
                "sale {sale_id} is simulated history: it can be refunded, not exchanged"
            )));
        }
        if q.back != c.credit {
            return Err(StoreError::Invalid(format!(
                "the return of sale {sale_id} now gives back {} minor units, not the {} the exchange counted on: \
                 start the exchange again",
                q.back.0, c.credit.0
            )));
        }
        let mut back = vec![(PaymentMethod::Credit, c.used)];
        back.extend(pay_back(tx, sale_id, q.back - c.used)?);
        q.pay_back = back.into_iter().filter(|(_, m)| *m > Money::ZERO).collect();
    }
    let receipt = by.shop.map(|shop| {
        let h = RefundHeader {
            store_name: &shop.store_name,
            refund_id,
            void: action == ApprovalAction::Void,
            terminal: by.terminal,
            staff_id: by.staff_id,
            completed_at: &super::local_time_in(tx, &now),
            exchanged_to: credited.map(|c| c.sale_id),
        };
        refund_receipt(&h, &q, &shop.currency, &shop.tax)
    });
    // A reversal of simulated history is simulated too (and in no shift); a void says so.
    // The money goes back from this till's drawer: the reversal belongs to its open shift.
    let shift = if q.simulated { None } else { super::shifts::open_shift_id(tx, by.terminal)? };
    tx.prepare_cached(
            "INSERT INTO sales (id, kind, refund_of, terminal, staff_id, completed_at, currency, subtotal, tax, total, line_count, \
             simulated, void, shift_id, receipt) \
             VALUES (?1, 'refund', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            refund_id,
            sale_id,
            by.terminal,
            by.staff_id,
            now,
            q.currency,
            -q.amounts.0,
            -q.tax.0,
            -q.back.0,
            q.lines.len() as i64,
            q.simulated,
            i64::from(action == ApprovalAction::Void),
            shift,
            receipt
        ])?;
    for (seq, (method, amount)) in q.pay_back.iter().enumerate() {
        tx.prepare_cached(
                "INSERT INTO payments (sale_id, seq, method, amount, tendered, change) VALUES (?1, ?2, ?3, ?4, ?4, 0)",
            )?
            .execute(params![refund_id, seq as i64 + 1, method.as_str(), -amount.0])?;
    }
    // An add-on given back is no longer one the customer took: the learned counts follow.
    let carts = super::take_counts::carts_of_sale(tx, sale_id)?;
    super::take_counts::recount(tx, &carts, || {
        for (i, l) in q.lines.iter().enumerate() {
            tx.prepare_cached(
                    "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, qty, unit_price, list_price, line_total, tax, origin) \
                     SELECT ?1, ?2, (SELECT id FROM products WHERE sku = ?3), ?3, name, ?4, ?5, list_price, ?6, ?7, 'refund' \
                     FROM sale_lines WHERE sale_id = ?8 AND sku = ?3 ORDER BY line_no LIMIT 1",
                )?
                .execute(params![refund_id, i as i64 + 1, l.sku, l.qty, l.unit_price.0, -l.amount.0, -l.tax.0, sale_id])?;
            tx.prepare_cached("UPDATE products SET stock = stock + ?2 WHERE sku = ?1")?
                .execute(params![l.sku, l.qty])?;
        }
        Ok(())
    })?;
    let details = q.lines.iter().map(|l| format!("{}x{}", l.sku, l.qty)).collect::<Vec<_>>().join(",");
    super::staff::audit(
        tx,
        &now,
        by.terminal,
        by.staff_id,
        by.manager_id,
        action,
        Some(refund_id),
        &format!("of {sale_id}: {details}"),
    )?;
    Ok(Reversed { id: refund_id.to_string(), quote: q, receipt })
}

/// What refunding `items` of a sale gives back: each SKU's share of what its
/// lines were charged and of their tax, counted so that every refund of a
/// line so far adds up to the rounded share of all of them (three refunds of
/// one unit give back the line to the cent). Where prices include tax, the
/// tax is inside what is given back; where it was added at the till, it is
/// given back on top. Refuses more than was sold less what was refunded.
fn quote(conn: &Connection, sale_id: &str, items: &[(String, i64)]) -> Result<RefundQuote> {
    let mut wanted: Vec<(String, i64)> = Vec::new();
    for (sku, qty) in items {
        match wanted.iter_mut().find(|w| w.0 == *sku) {
            Some(w) => w.1 += qty,
            None => wanted.push((sku.clone(), *qty)),
        }
    }
    let (currency, subtotal, sale_tax, sale_total, simulated): (String, i64, i64, i64, bool) = conn
        .prepare_cached(
            "SELECT currency, subtotal, tax, total, simulated FROM sales WHERE id = ?1 AND kind = 'sale'",
        )?
        .query_row([sale_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?
        .ok_or_else(|| StoreError::Invalid(format!("no sale `{sale_id}`")))?;
    let sold = sold_lines(conn, sale_id, Money(sale_tax))?;
    let tax_inside = sale_total == subtotal;
    let mut lines = Vec::new();
    for (sku, qty) in &wanted {
        let of_sku: Vec<&SoldPart> = sold.iter().filter(|l| l.sku == *sku).collect();
        let Some(first) = of_sku.first() else {
            return Err(StoreError::Invalid(format!("sale `{sale_id}` has no `{sku}`")));
        };
        let sold_qty: i64 = of_sku.iter().map(|l| l.qty).sum();
        let refunded: i64 = conn
            .prepare_cached(
                "SELECT coalesce(sum(r.qty), 0) FROM sales s JOIN sale_lines r ON r.sale_id = s.id \
                 WHERE s.refund_of = ?1 AND r.sku = ?2",
            )?
            .query_row(params![sale_id, sku], |r| r.get(0))?;
        if *qty <= 0 || qty + refunded > sold_qty {
            return Err(StoreError::Invalid(format!(
                "cannot refund {qty} of `{sku}`: {sold_qty} sold, {refunded} refunded already"
            )));
        }
        // What was paid for these units, after discounts, and their tax.
        let charged: Money = of_sku.iter().map(|l| l.line_total).sum();
        let taxed: Money = of_sku.iter().map(|l| l.tax).sum();
        lines.push(QuotedLine {
            sku: sku.clone(),
            name: first.name.clone(),
            qty: *qty,
            unit_price: first.unit_price,
            amount: share(charged, refunded, *qty, sold_qty),
            tax: share(taxed, refunded, *qty, sold_qty),
        });
    }
    if lines.is_empty() {
        return Err(StoreError::Invalid("nothing to refund".into()));
    }
    let amounts: Money = lines.iter().map(|l| l.amount).sum();
    let tax: Money = lines.iter().map(|l| l.tax).sum();
    let back = if tax_inside { amounts } else { amounts + tax };
    let pay_back = pay_back(conn, sale_id, back)?;
    Ok(RefundQuote { sale_id: sale_id.to_string(), currency, lines, amounts, tax, back, pay_back, simulated })
}

/// A line of a sale as a refund reads it.
struct SoldPart {
    sku: String,
    name: String,
    qty: i64,
    unit_price: Money,
    line_total: Money,
    /// Its share of the sale's tax.
    tax: Money,
}

/// A sale's lines with each one's tax: as recorded, or, for a sale written
/// before lines recorded their tax, the sale's tax spread by line total.
fn sold_lines(conn: &Connection, sale_id: &str, sale_tax: Money) -> Result<Vec<SoldPart>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sku, qty, unit_price, line_total, tax, name FROM sale_lines WHERE sale_id = ?1 ORDER BY line_no",
    )?;
    let rows = stmt.query_map([sale_id], |r| {
        Ok(SoldPart {
            sku: r.get(0)?,
            name: r.get(5)?,
            qty: r.get(1)?,
            unit_price: Money(r.get(2)?),
            line_total: Money(r.get(3)?),
            tax: Money(r.get(4)?),
        })
    })?;
    let mut lines: Vec<SoldPart> = rows.collect::<rusqlite::Result<_>>()?;
    if lines.iter().map(|l| l.tax).sum::<Money>() != sale_tax {
        let totals: Vec<Money> = lines.iter().map(|l| l.line_total).collect();
        for (l, tax) in lines.iter_mut().zip(crate::money::spread(sale_tax, &totals)) {
            l.tax = tax;
        }
    }
    Ok(lines)
}

/// How `back` is paid back: the way the sale was paid, card and other parts
/// first (each up to what it paid less what earlier refunds gave back to
/// it), then cash; whatever those do not cover, in cash.
fn pay_back(conn: &Connection, sale_id: &str, back: Money) -> Result<Vec<(PaymentMethod, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.method, sum(p.amount) FROM payments p \
         WHERE p.sale_id = ?1 OR p.sale_id IN (SELECT id FROM sales WHERE refund_of = ?1) GROUP BY p.method",
    )?;
    let rows = stmt.query_map([sale_id], |r| Ok((r.get::<_, String>(0)?, Money(r.get(1)?))))?;
    let mut held: Vec<(PaymentMethod, Money)> = Vec::new();
    for row in rows {
        let (method, net) = row?;
        // What exchange credit paid goes back with the rest, in cash: it was never money taken.
        if let Ok(method) = method.parse::<PaymentMethod>()
            && method != PaymentMethod::Credit
        {
            held.push((method, net));
        }
    }
    held.sort_by_key(|(m, _)| (*m == PaymentMethod::Cash, *m));
    let mut left = back;
    let mut out: Vec<(PaymentMethod, Money)> = Vec::new();
    for (method, net) in held {
        let part = net.min(left);
        if part > Money::ZERO {
            out.push((method, part));
            left -= part;
        }
    }
    if left > Money::ZERO {
        match out.iter_mut().find(|(m, _)| *m == PaymentMethod::Cash) {
            Some((_, part)) => *part += left,
            None => out.push((PaymentMethod::Cash, left)),
        }
    }
    Ok(out)
}

/// The share of `whole` (what `of` units were charged) for `qty` more units
/// after `before` were taken back: the rounded share of all taken back so
/// far, less that of those before, so the shares add up to `whole` exactly.
fn share(whole: Money, before: i64, qty: i64, of: i64) -> Money {
    whole.mul_div(before + qty, of) - whole.mul_div(before, of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart::{Cart, Discount, Off, Origin};
    use crate::checkout::{SaleContext, SaleKind, Tender, prepare};
    use crate::config::{Config, Shop};
    use crate::money::{TaxPolicy, TaxRate, TaxRounding};

    fn shop(rate: &str, prices_include_tax: bool, rounding: TaxRounding) -> Shop {
        let tax = TaxPolicy { rate: TaxRate::parse_percent(rate).unwrap(), prices_include_tax, rounding };
        Shop { tax, ..(*Config::defaults().shop).clone() }
    }

    /// Sells `cart` by card at T1; returns the sale id and what the customer paid.
    fn sell(store: &mut Store, shop: &Shop, cart: &Cart) -> (String, Money) {
        let ctx = SaleContext { shop, terminal: "T1", staff_id: None, kind: SaleKind::Sale };
        let draft = prepare(&ctx, cart, None, &[Tender::rest(PaymentMethod::Card)], vec![]).unwrap();
        store.commit_sale(&draft, true).unwrap();
        (draft.id, draft.totals.total)
    }

    fn cart(store: &Store, items: &[(&str, i64)]) -> Cart {
        let c = store.load_catalog().unwrap();
        let mut cart = Cart::default();
        for (sku, qty) in items {
            cart.add(c.product(c.by_sku(sku).unwrap()), *qty, Origin::Scan);
        }
        cart
    }

    /// Sells a phone and two cases (no tax): $400.00 by card, the rest of $700.00 handed over in cash.
    fn sell_split(store: &mut Store, shop: &Shop) -> crate::checkout::SaleDraft {
        let c = cart(store, &[("PH-128", 1), ("CASE-CLR", 2)]);
        let ctx = SaleContext { shop, terminal: "T1", staff_id: None, kind: SaleKind::Sale };
        let tenders =
            [Tender::of(PaymentMethod::Card, Money(40_000)), Tender::of(PaymentMethod::Cash, Money(30_000))];
        let draft = prepare(&ctx, &c, None, &tenders, vec![]).unwrap();
        store.commit_sale(&draft, true).unwrap();
        draft
    }

    fn refund(store: &mut Store, sale: &str, sku: &str, qty: i64) -> Money {
        store.refund(sale, &[(sku.into(), qty)], "T1", None, "boss").unwrap().1
    }

    #[test]
    fn a_refund_of_a_tax_inclusive_sale_gives_back_what_was_paid_for_those_lines() {
        let (_d, mut store) = crate::store::shop_store();
        let shop = shop("20", true, TaxRounding::Line);
        let c = cart(&store, &[("PH-128", 1), ("CASE-CLR", 3)]);
        let (id, paid) = sell(&mut store, &shop, &c);
        assert_eq!(paid, Money(69_000), "the shelf prices, tax inside");
        // One case, then the other two, then the phone: the shelf price of each, no tax on top.
        assert_eq!(refund(&mut store, &id, "CASE-CLR", 1), Money(3_000));
        assert_eq!(refund(&mut store, &id, "CASE-CLR", 2), Money(6_000));
        assert_eq!(refund(&mut store, &id, "PH-128", 1), Money(60_000));
        // The refunds' totals and tax take back exactly the sale's.
        let (total, tax): (i64, i64) = store
            .conn()
            .query_row("SELECT sum(total), sum(tax) FROM sales WHERE id = ?1 OR refund_of = ?1", [&id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((total, tax), (0, 0));
    }

    #[test]
    fn a_refund_of_a_sale_with_tax_added_gives_back_the_lines_and_their_tax() {
        let (_d, mut store) = crate::store::shop_store();
        let shop = shop("8.25", false, TaxRounding::Line);
        let c = cart(&store, &[("PH-128", 1), ("CASE-CLR", 3)]);
        let (id, paid) = sell(&mut store, &shop, &c);
        // 600.00 + 49.50 tax; 90.00 + 7.43 tax (7.425 rounded on the line).
        assert_eq!(paid, Money(60_000 + 4_950 + 9_000 + 743));
        assert_eq!(refund(&mut store, &id, "CASE-CLR", 1), Money(3_000 + 248));
        assert_eq!(refund(&mut store, &id, "CASE-CLR", 2), Money(6_000 + 495));
        assert_eq!(refund(&mut store, &id, "PH-128", 1), Money(60_000 + 4_950));
    }

    #[test]
    fn partial_refunds_add_up_to_the_line_to_the_cent_and_a_void_takes_back_the_rest() {
        let (_d, mut store) = crate::store::shop_store();
        for (rate, inclusive, rounding) in [
            ("8.25", false, TaxRounding::Line),
            ("8.25", false, TaxRounding::Invoice),
            ("21", true, TaxRounding::Invoice),
        ] {
            let shop = shop(rate, inclusive, rounding);
            // Three cables at 15.00 less 1.00: 44.00, which no third of divides.
            let mut c = cart(&store, &[("HDMI-2M", 3), ("CHG-30W", 1), ("CASE-LTH", 1)]);
            c.lines[0].discount = Some(Discount { off: Off::Amount(Money(100)), approved_by: None });
            let (id, paid) = sell(&mut store, &shop, &c);
            let back: Money = (0..3).map(|_| refund(&mut store, &id, "HDMI-2M", 1)).sum::<Money>()
                + refund(&mut store, &id, "CHG-30W", 1);
            let (_, rest) = store.void(&id, "T1", None, "boss").unwrap();
            assert_eq!(back + rest, paid, "{rate} % inclusive {inclusive} {rounding:?}");
        }
    }

    #[test]
    fn a_refund_of_a_split_tender_sale_goes_back_to_the_card_first_then_in_cash() {
        let (_d, mut store) = crate::store::shop_store();
        let shop = shop("0", false, TaxRounding::Line);
        let draft = sell_split(&mut store, &shop);
        let paid: Vec<(PaymentMethod, Money, Money)> =
            store.payments(&draft.id).unwrap().iter().map(|p| (p.method, p.amount, p.change)).collect();
        assert_eq!(
            paid,
            [
                (PaymentMethod::Card, Money(40_000), Money::ZERO),
                (PaymentMethod::Cash, Money(26_000), Money(4_000))
            ]
        );
        let parts = |store: &Store, id: &str| -> Vec<(PaymentMethod, Money)> {
            store.payments(id).unwrap().iter().map(|p| (p.method, p.amount)).collect()
        };
        let (r1, _) = store.refund(&draft.id, &[("CASE-CLR".into(), 1)], "T1", None, "boss").unwrap();
        assert_eq!(parts(&store, &r1), [(PaymentMethod::Card, Money(-3_000))]);
        // The phone: what is left on the card (370.00), the rest in cash.
        let (r2, back) = store.refund(&draft.id, &[("PH-128".into(), 1)], "T1", None, "boss").unwrap();
        assert_eq!(back, Money(60_000));
        assert_eq!(
            parts(&store, &r2),
            [(PaymentMethod::Card, Money(-37_000)), (PaymentMethod::Cash, Money(-23_000))]
        );
        let (v, _) = store.void(&draft.id, "T1", None, "boss").unwrap();
        assert_eq!(parts(&store, &v), [(PaymentMethod::Cash, Money(-3_000))]);
        assert!(store.check().unwrap().is_empty());
    }

    #[test]
    fn the_quote_is_what_the_refund_then_writes_and_reading_it_writes_nothing() {
        let (_d, mut store) = crate::store::shop_store();
        let shop = shop("0", false, TaxRounding::Line);
        let draft = sell_split(&mut store, &shop);
        let items = [("PH-128".to_string(), 1)];
        let quote = store.refund_quote(&draft.id, &items).unwrap();
        assert_eq!(
            quote.pay_back,
            [(PaymentMethod::Card, Money(40_000)), (PaymentMethod::Cash, Money(20_000))]
        );
        assert_eq!(store.refund_quote(&draft.id, &items).unwrap(), quote, "quoting wrote nothing");
        let by = Reversal { terminal: "T1", staff_id: None, manager_id: None, shop: Some(&shop) };
        let done = store.refund_by(&draft.id, &items, &by).unwrap();
        assert_eq!(done.quote, quote);
        let written: Vec<(PaymentMethod, Money)> =
            store.payments(&done.id).unwrap().iter().map(|p| (p.method, -p.amount)).collect();
        assert_eq!(written, quote.pay_back);
        assert_eq!(store.receipt(&done.id).unwrap(), done.receipt.unwrap());
        // Nothing of the phone is left to quote.
        let e = store.refund_quote(&draft.id, &items).unwrap_err();
        assert_eq!(e.to_string(), "cannot refund 1 of `PH-128`: 1 sold, 1 refunded already");
    }
}
