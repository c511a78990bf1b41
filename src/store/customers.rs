//! Customers: their records and consents, the customer audit, erasure,
//! imports of a shop system's customer export, and what follow-up lists and
//! access requests read. Every change and its audit row are one
//! `BEGIN IMMEDIATE` transaction; the audit names fields, never values.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, now_iso};
use crate::checkout::Payment;
use crate::customers::owned::{CustomerHistory, Owned, RefillWindows, day_of};
use crate::customers::shopify::CustomerRow;
use crate::customers::{
    Actor, Consent, ConsentState, Customer, Edit, Field, NewCustomer, consent_changed, fields_changed,
};
use crate::money::Money;

/// The columns [`customer_from`] reads, in its order.
const COLUMNS: &str = "id, name, phone, email, card, profiling, profiling_at, marketing, marketing_at, \
                       created_at, updated_at, erased_at";

fn customer_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        email: r.get(3)?,
        card: r.get(4)?,
        profiling: ConsentState { given: r.get::<_, i64>(5)? == 1, at: r.get(6)? },
        marketing: ConsentState { given: r.get::<_, i64>(7)? == 1, at: r.get(8)? },
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        erased_at: r.get(11)?,
    })
}

/// One row of a customer's audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: String,
    pub terminal: String,
    pub staff_id: Option<String>,
    /// created, edited, consent, erased, imported.
    pub action: String,
    pub details: String,
}

/// A sale, refund or void of a customer's, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerSale {
    pub id: String,
    /// sale, refund, void or training.
    pub kind: String,
    pub refund_of: Option<String>,
    pub completed_at: String,
    pub terminal: String,
    pub staff_id: Option<String>,
    pub currency: String,
    pub subtotal: Money,
    pub discount: Money,
    pub tax: Money,
    pub total: Money,
    pub lines: Vec<CustomerSaleLine>,
    pub payments: Vec<Payment>,
}

/// A line of a [`CustomerSale`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerSaleLine {
    pub sku: String,
    pub name: String,
    pub qty: i64,
    pub unit_price: Money,
    pub line_total: Money,
}

/// What an erasure did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Erasure {
    /// Their sales, kept with their totals, no longer linked to them.
    pub sales_unlinked: usize,
    /// The write-ahead log was emptied into the database file: no copy of
    /// the erased fields is left in it. False while another terminal is
    /// reading; the next checkpoint empties it.
    pub log_cleared: bool,
}

/// What a customer import did (or, dry, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CustomerImport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub marketing_given: usize,
    pub marketing_withdrawn: usize,
}

/// A customer on a follow-up list: who, how to reach them, and the latest
/// thing they bought of what the list is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowupRow {
    pub customer_id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub sku: String,
    pub bought_at: String,
}

fn invalid(e: impl ToString) -> StoreError {
    StoreError::Invalid(e.to_string())
}

/// When and by whom a change is made: what its audit row records.
#[derive(Debug, Clone, Copy)]
struct Stamp<'a> {
    at: &'a str,
    by: Actor<'a>,
}

/// Appends a row to the customer audit.
fn audit(tx: &Transaction<'_>, id: i64, s: Stamp<'_>, action: &str, details: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO customer_audit (customer_id, at, terminal, staff_id, action, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, s.at, s.by.terminal, s.by.staff_id, action, details])?;
    Ok(())
}

/// The customer, refusing an unknown or erased one.
fn live(tx: &Transaction<'_>, id: i64) -> Result<Customer> {
    let c = tx
        .prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE id = ?1"))?
        .query_row([id], customer_from)
        .optional()?
        .ok_or_else(|| invalid(format!("no customer {id}")))?;
    match &c.erased_at {
        Some(at) => Err(invalid(format!("customer {id} was erased on {}", &at[..at.len().min(10)]))),
        None => Ok(c),
    }
}

/// Refuses a card that a scan would read as a product (its SKU or barcode)
/// or that another customer holds.
fn check_card(tx: &Transaction<'_>, card: &str, except: Option<i64>) -> Result<()> {
    let barcode = crate::barcode::normalize(card).ok();
    let product: Option<(String, String, Option<String>)> = tx
        .prepare_cached(
            "SELECT sku, name, barcode FROM products WHERE upper(sku) = ?1 OR (?2 IS NOT NULL AND barcode = ?2) LIMIT 1",
        )?
        .query_row(params![card, barcode], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if let Some((sku, name, code)) = product {
        let what = if code.is_some() && code == barcode {
            format!("the barcode of {name} ({sku})")
        } else {
            format!("the SKU of {name}")
        };
        return Err(invalid(format!(
            "{}: `{card}` is {what}; a loyalty card must not scan as a product",
            Field::Card
        )));
    }
    clash(tx, Field::Card, card, except)
}

/// Refuses an email or card another customer has.
fn clash(tx: &Transaction<'_>, field: Field, value: &str, except: Option<i64>) -> Result<()> {
    let column = match field {
        Field::Email => "email",
        Field::Card => "card",
        Field::Name | Field::Phone => return Ok(()),
    };
    let other: Option<i64> = tx
        .prepare_cached(&format!("SELECT id FROM customers WHERE {column} = ?1 AND id IS NOT ?2"))?
        .query_row(params![value, except], |r| r.get(0))
        .optional()?;
    match other {
        Some(id) => Err(invalid(format!("{field}: `{value}` is customer {id}'s already"))),
        None => Ok(()),
    }
}

/// Sets a consent and audits the change; nothing when it is already so.
fn set_consent(
    tx: &Transaction<'_>,
    id: i64,
    c: Consent,
    (from, to): (bool, bool),
    s: Stamp<'_>,
    why: &str,
) -> Result<bool> {
    if from == to {
        return Ok(false);
    }
    let sql = format!(
        "UPDATE customers SET {0} = ?2, {0}_at = ?3, updated_at = ?3 WHERE id = ?1",
        match c {
            Consent::Profiling => "profiling",
            Consent::Marketing => "marketing",
        }
    );
    tx.prepare_cached(&sql)?.execute(params![id, i64::from(to), s.at])?;
    audit(tx, id, s, "consent", &format!("{}{why}", consent_changed(c, from, to)))?;
    Ok(true)
}

/// Writes a new customer with the consents they gave, each audited.
fn insert(tx: &Transaction<'_>, c: &NewCustomer, by: Actor<'_>, action: &str, details: &str) -> Result<i64> {
    if let Some(email) = &c.email {
        clash(tx, Field::Email, email, None)?;
    }
    if let Some(card) = &c.card {
        check_card(tx, card, None)?;
    }
    let now = now_iso(tx)?;
    tx.prepare_cached(
        "INSERT INTO customers (name, phone, email, card, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![c.name, c.phone, c.email, c.card, now])?;
    let id = tx.last_insert_rowid();
    let stamp = Stamp { at: &now, by };
    audit(tx, id, stamp, action, details)?;
    for &consent in &c.consents {
        set_consent(tx, id, consent, (false, true), stamp, "")?;
    }
    Ok(id)
}

/// `%text%` for `LIKE … ESCAPE '\'`, its own `%` and `_` taken literally.
fn like_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

impl Store {
    /// Adds a customer with the consents they gave; returns the new id.
    pub fn add_customer(&mut self, c: &NewCustomer, by: Actor<'_>) -> Result<i64> {
        self.write(|tx| insert(tx, c, by, "created", ""))
    }

    /// A customer by id (an erased one too: it is a tombstone).
    pub fn customer(&self, id: i64) -> Result<Option<Customer>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE id = ?1"))?
            .query_row([id], customer_from)
            .optional()?)
    }

    /// The customer holding a loyalty card (as scanned), if any.
    pub fn customer_by_card(&self, card: &str) -> Result<Option<Customer>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE card = upper(trim(?1))"))?
            .query_row([card], customer_from)
            .optional()?)
    }

    /// Customers whose name or email contains `text` (any case), whose card
    /// is `text`, or whose phone contains its digits (three or more); by
    /// name, at most `limit`. Erased customers are never found.
    pub fn find_customers(&self, text: &str, limit: usize) -> Result<Vec<Customer>> {
        let text = text.trim();
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let phone_like = digits.len() >= 3 && crate::customers::phone(text).is_ok();
        let phone = if phone_like { like_pattern(&digits) } else { String::new() };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM customers WHERE erased_at IS NULL AND (name LIKE ?1 ESCAPE '\\' \
             OR email LIKE ?1 ESCAPE '\\' OR card = upper(?2) OR (?3 <> '' AND replace(phone, '+', '') LIKE ?3 ESCAPE '\\')) \
             ORDER BY name COLLATE NOCASE, id LIMIT ?4"
        ))?;
        let rows = stmt.query_map(params![like_pattern(text), text, phone, limit as i64], customer_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Changes a customer's personal fields; returns the fields that changed
    /// (audited by name, not value).
    pub fn edit_customer(&mut self, id: i64, edit: &Edit, by: Actor<'_>) -> Result<Vec<Field>> {
        self.write(|tx| {
            let c = live(tx, id)?;
            let now = now_iso(tx)?;
            let mut changed = Vec::new();
            for (field, value) in &edit.changes {
                if c.field(*field) == value.as_deref() {
                    continue;
                }
                if let Some(v) = value {
                    match field {
                        Field::Card => check_card(tx, v, Some(id))?,
                        _ => clash(tx, *field, v, Some(id))?,
                    }
                }
                let sql = format!("UPDATE customers SET {} = ?2, updated_at = ?3 WHERE id = ?1", field.as_str());
                tx.prepare_cached(&sql)?.execute(params![id, value, now])?;
                changed.push(*field);
            }
            let left = tx.query_row(
                "SELECT name IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL FROM customers WHERE id = ?1",
                [id],
                |r| r.get::<_, bool>(0),
            )?;
            if !left {
                return Err(invalid("a customer needs a name, a phone or an email; to remove them all, erase them"));
            }
            if !changed.is_empty() {
                audit(tx, id, Stamp { at: &now, by }, "edited", &fields_changed(&changed))?;
            }
            Ok(changed)
        })
    }

    /// Records a customer's answers, each consent on its own, each change
    /// dated and audited; returns the consents that changed with their new answer.
    pub fn set_consents(
        &mut self,
        id: i64,
        answers: &[(Consent, bool)],
        by: Actor<'_>,
    ) -> Result<Vec<(Consent, bool)>> {
        self.write(|tx| {
            let c = live(tx, id)?;
            let now = now_iso(tx)?;
            let mut changed = Vec::new();
            for &(consent, to) in answers {
                let stamp = Stamp { at: &now, by };
                if set_consent(tx, id, consent, (c.consent(consent).given, to), stamp, "")? {
                    changed.push((consent, to));
                }
            }
            Ok(changed)
        })
    }

    /// Erases a customer's personal data: name, phone, email and card are
    /// removed, both consents withdrawn, their sales kept (totals as they
    /// were) but no longer linked to them, and the erasure audited. The
    /// connection overwrites what it deletes (`secure_delete`), and the
    /// write-ahead log is then emptied into the file, so no copy of the
    /// erased fields is left in either.
    pub fn erase_customer(&mut self, id: i64, by: Actor<'_>) -> Result<Erasure> {
        let sales_unlinked = self.write(|tx| {
            live(tx, id)?;
            let now = now_iso(tx)?;
            let n = tx
                .prepare_cached("UPDATE sales SET customer_id = NULL WHERE customer_id = ?1")?
                .execute([id])?;
            tx.prepare_cached(
                "UPDATE customers SET name = NULL, phone = NULL, email = NULL, card = NULL, \
                 profiling_at = CASE WHEN profiling = 1 THEN ?2 ELSE profiling_at END, profiling = 0, \
                 marketing_at = CASE WHEN marketing = 1 THEN ?2 ELSE marketing_at END, marketing = 0, \
                 updated_at = ?2, erased_at = ?2 WHERE id = ?1",
            )?
            .execute(params![id, now])?;
            let details = format!(
                "name, phone, email and card removed; consents withdrawn; {n} sale{} kept without a customer",
                if n == 1 { "" } else { "s" }
            );
            audit(tx, id, Stamp { at: &now, by }, "erased", &details)?;
            Ok(n)
        })?;
        let busy: i64 = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(Erasure { sales_unlinked, log_cleared: busy == 0 })
    }

    /// A customer's audit, oldest first.
    pub fn customer_audit(&self, id: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, terminal, staff_id, action, details FROM customer_audit WHERE customer_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                terminal: r.get(1)?,
                staff_id: r.get(2)?,
                action: r.get(3)?,
                details: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A customer's sales, with the refunds and voids of them, oldest first,
    /// each whole: lines and payments.
    pub fn customer_sales(&self, id: i64) -> Result<Vec<CustomerSale>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, CASE WHEN s.void = 1 THEN 'void' ELSE s.kind END, s.refund_of, s.completed_at, s.terminal, \
             s.staff_id, s.currency, s.subtotal, s.discount, s.tax, s.total FROM sales s \
             WHERE s.customer_id = ?1 OR s.refund_of IN (SELECT o.id FROM sales o WHERE o.customer_id = ?1) \
             ORDER BY s.completed_at, s.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(CustomerSale {
                id: r.get(0)?,
                kind: r.get(1)?,
                refund_of: r.get(2)?,
                completed_at: r.get(3)?,
                terminal: r.get(4)?,
                staff_id: r.get(5)?,
                currency: r.get(6)?,
                subtotal: Money(r.get(7)?),
                discount: Money(r.get(8)?),
                tax: Money(r.get(9)?),
                total: Money(r.get(10)?),
                lines: Vec::new(),
                payments: Vec::new(),
            })
        })?;
        let mut sales: Vec<CustomerSale> = rows.collect::<rusqlite::Result<_>>()?;
        let mut lines = self.conn.prepare_cached(
            "SELECT sku, name, qty, unit_price, line_total FROM sale_lines WHERE sale_id = ?1 ORDER BY line_no",
        )?;
        for sale in &mut sales {
            let rows = lines.query_map([&sale.id], |r| {
                Ok(CustomerSaleLine {
                    sku: r.get(0)?,
                    name: r.get(1)?,
                    qty: r.get(2)?,
                    unit_price: Money(r.get(3)?),
                    line_total: Money(r.get(4)?),
                })
            })?;
            sale.lines = rows.collect::<rusqlite::Result<_>>()?;
            sale.payments = self.payments(&sale.id)?;
        }
        Ok(sales)
    }

    /// What a customer owns, for suggestions: `None` unless they gave
    /// profiling consent (an erased customer has none), so without it the
    /// engine never sees their history. Each SKU they bought with the units
    /// they still have (sold less refunded; a voided sale and its refunds
    /// count for nothing) and the days of their first and latest purchase;
    /// a SKU they have none of left is not listed. `today` is the store's
    /// UTC day. An unknown id is an error.
    pub fn customer_history(&self, id: i64, refill: &RefillWindows) -> Result<Option<CustomerHistory>> {
        let c = self.customer(id)?.ok_or_else(|| StoreError::Invalid(format!("no customer {id}")))?;
        if !c.profiling.given || c.erased_at.is_some() {
            return Ok(None);
        }
        let bad_day = |at: &str| StoreError::Invalid(format!("sale time `{at}` is not a date"));
        let today = now_iso(&self.conn)?;
        let today = day_of(&today).ok_or_else(|| bad_day(&today))?;
        let kept = "NOT EXISTS (SELECT 1 FROM sales v WHERE v.refund_of = s.id AND v.void = 1)";
        let mut bought = self.conn.prepare_cached(&format!(
            "SELECT l.sku, sum(l.qty), min(s.completed_at), max(s.completed_at) FROM sales s \
             JOIN sale_lines l ON l.sale_id = s.id \
             WHERE s.customer_id = ?1 AND s.kind = 'sale' AND {kept} GROUP BY l.sku ORDER BY l.sku"
        ))?;
        let rows = bought.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?;
        let mut owned = Vec::new();
        for row in rows {
            let (sku, qty, first, last) = row?;
            let first_day = day_of(&first).ok_or_else(|| bad_day(&first))?;
            let last_day = day_of(&last).ok_or_else(|| bad_day(&last))?;
            owned.push(Owned { sku, qty, first_day, last_day });
        }
        let mut refunded = self.conn.prepare_cached(&format!(
            "SELECT l.sku, sum(l.qty) FROM sales s JOIN sales r ON r.refund_of = s.id \
             JOIN sale_lines l ON l.sale_id = r.id \
             WHERE s.customer_id = ?1 AND s.kind = 'sale' AND {kept} AND r.void = 0 GROUP BY l.sku"
        ))?;
        let rows = refunded.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (sku, qty) = row?;
            if let Some(o) = owned.iter_mut().find(|o| o.sku == sku) {
                o.qty -= qty;
            }
        }
        owned.retain(|o| o.qty > 0);
        Ok(Some(CustomerHistory::new(id, today, owned, refill.clone())))
    }

    /// Imports a customer export's rows in one transaction (rolled back for
    /// a dry run): a row whose email a customer has updates them (a row
    /// without one, the customer with its phone and no email), else adds a
    /// customer. A field the file leaves empty is kept. The file's marketing
    /// answer is the customer's latest: it gives or withdraws the consent,
    /// dated now. Profiling consent is never touched.
    pub fn import_customers(
        &mut self,
        file: &str,
        rows: &[CustomerRow],
        by: Actor<'_>,
        dry_run: bool,
    ) -> Result<CustomerImport> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut done = CustomerImport::default();
        let now = now_iso(&tx)?;
        let stamp = Stamp { at: &now, by };
        for row in rows {
            let from = format!(" (from {file} line {})", row.line);
            let existing: Option<Customer> = match (&row.email, &row.phone) {
                (Some(email), _) => tx
                    .prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE email = ?1"))?
                    .query_row([email], customer_from)
                    .optional()?,
                (None, Some(phone)) => tx
                    .prepare_cached(&format!(
                        "SELECT {COLUMNS} FROM customers WHERE email IS NULL AND phone = ?1 AND erased_at IS NULL \
                         ORDER BY id LIMIT 1"
                    ))?
                    .query_row([phone], customer_from)
                    .optional()?,
                (None, None) => None,
            };
            let Some(c) = existing else {
                let new = NewCustomer {
                    name: row.name.clone(),
                    phone: row.phone.clone(),
                    email: row.email.clone(),
                    card: None,
                    consents: if row.marketing { vec![Consent::Marketing] } else { Vec::new() },
                };
                insert(&tx, &new, by, "imported", from.trim_start())?;
                done.added += 1;
                done.marketing_given += usize::from(row.marketing);
                continue;
            };
            let mut changed = Vec::new();
            for (field, value) in [(Field::Name, &row.name), (Field::Phone, &row.phone)] {
                if let Some(v) = value
                    && c.field(field) != Some(v.as_str())
                {
                    let sql = format!(
                        "UPDATE customers SET {} = ?2, updated_at = ?3 WHERE id = ?1",
                        field.as_str()
                    );
                    tx.prepare_cached(&sql)?.execute(params![c.id, v, now])?;
                    changed.push(field);
                }
            }
            if !changed.is_empty() {
                audit(&tx, c.id, stamp, "edited", &format!("{}{from}", fields_changed(&changed)))?;
            }
            let answer = (c.marketing.given, row.marketing);
            let consent = set_consent(&tx, c.id, Consent::Marketing, answer, stamp, &from)?;
            if consent {
                if row.marketing {
                    done.marketing_given += 1;
                } else {
                    done.marketing_withdrawn += 1;
                }
            }
            if changed.is_empty() && !consent {
                done.unchanged += 1;
            } else {
                done.updated += 1;
            }
        }
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(done)
    }

    /// The customers with marketing consent (never an erased one) who bought
    /// any of `bought` and none of `not`, both counted in the last
    /// `within_days` days (`None`: all their history), each with the latest
    /// of `bought` they bought; voided sales do not count.
    pub fn followup_candidates(
        &self,
        bought: &[String],
        not: &[String],
        within_days: Option<u32>,
    ) -> Result<Vec<FollowupRow>> {
        let json = |skus: &[String]| serde_json::to_string(skus).map_err(invalid);
        let since =
            "(?3 IS NULL OR s.completed_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ?3 || ' days'))";
        let counted =
            "s.kind = 'sale' AND NOT EXISTS (SELECT 1 FROM sales v WHERE v.refund_of = s.id AND v.void = 1)";
        // SQLite takes the bare columns from the row whose max() it returns: the latest purchase.
        let sql = format!(
            "SELECT c.id, c.name, c.email, c.phone, l.sku, max(s.completed_at) FROM customers c \
             JOIN sales s ON s.customer_id = c.id JOIN sale_lines l ON l.sale_id = s.id \
             WHERE c.marketing = 1 AND c.erased_at IS NULL AND {counted} AND {since} \
             AND l.sku IN (SELECT value FROM json_each(?1)) \
             AND NOT EXISTS (SELECT 1 FROM sales s JOIN sale_lines l ON l.sale_id = s.id \
                 WHERE s.customer_id = c.id AND {counted} AND {since} AND l.sku IN (SELECT value FROM json_each(?2))) \
             GROUP BY c.id ORDER BY c.name COLLATE NOCASE, c.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params![json(bought)?, json(not)?, within_days], |r| {
            Ok(FollowupRow {
                customer_id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                phone: r.get(3)?,
                sku: r.get(4)?,
                bought_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The customers of `pool`, added when no customer has their email yet
    /// (so a pool made again is the same customers): their ids, in order.
    /// `simulate` keeps its returning customers so.
    pub fn ensure_customers(&mut self, pool: &[NewCustomer], by: Actor<'_>) -> Result<Vec<i64>> {
        self.write(|tx| {
            let mut ids = Vec::with_capacity(pool.len());
            for c in pool {
                let known: Option<i64> = match &c.email {
                    Some(email) => tx
                        .prepare_cached("SELECT id FROM customers WHERE email = ?1")?
                        .query_row([email], |r| r.get(0))
                        .optional()?,
                    None => None,
                };
                ids.push(match known {
                    Some(id) => id,
                    None => insert(tx, c, by, "created", "simulated")?,
                });
            }
            Ok(ids)
        })
    }
}

#[cfg(test)]
mod tests;
