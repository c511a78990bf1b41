//! What reports read: a period's sales, refunds and voids with their lines,
//! and the suggestion events of its carts, as `crate::reports` records.
//!
//! A period is `since` (on or after, as `export-sales --since`) and `until`
//! (on or before: a date takes in that whole day, a date-time that second),
//! both UTC, in the stored form `cli::dates` checks.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store};
use crate::money::Money;
use crate::reports::{EventRecord, LineRecord, RowKind, SaleRecord};
use crate::suggest::events::{EventKind, ListKind, Place};

/// The columns an [`EventRecord`] is read from (the twelfth, the event's id, orders them).
pub(super) const EVENT_COLUMNS: &str = "e.cart_id, e.sale_id, e.at, e.terminal, coalesce(e.staff_id, ''), e.kind, e.event, \
                             coalesce(e.anchor_sku, ''), e.sku, e.source, e.rank, e.id, e.place";

/// The SQL test that a time column `col` lies in the period bound as `?1` (since) and `?2` (until).
pub(super) fn in_period(col: &str) -> String {
    format!("(?1 IS NULL OR {col} >= ?1) AND (?2 IS NULL OR substr({col}, 1, length(?2)) <= ?2)")
}

/// A stored sale's kind and void flag as a report row's kind.
pub(super) fn row_kind(kind: &str, void: i64) -> RowKind {
    match (kind, void) {
        ("sale", _) => RowKind::Sale,
        (_, 1) => RowKind::Void,
        _ => RowKind::Refund,
    }
}

impl Store {
    /// The sales, refunds and voids completed in the period (never training;
    /// simulated ones only when asked), oldest first, each with its lines and
    /// each line's current unit cost when the catalog knows it.
    pub fn report_sales(
        &self,
        since: Option<&str>,
        until: Option<&str>,
        include_simulated: bool,
    ) -> Result<Vec<SaleRecord>> {
        let filter = format!("(s.simulated = 0 OR ?3) AND {}", in_period("s.completed_at"));
        sale_records(&self.conn, &filter, params![since, until, include_simulated])
    }

    /// The suggestion events of the carts sold in the period (by the sale's
    /// completion time; simulated sales only when asked, training never) and,
    /// with `unsold`, of carts never sold (by the event's own time): cart by
    /// cart in the order of their sales (as `export-sales` lists them) or
    /// first events, each cart's in the order they were recorded.
    pub fn report_events(
        &self,
        since: Option<&str>,
        until: Option<&str>,
        include_simulated: bool,
        unsold: bool,
    ) -> Result<Vec<EventRecord>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS}, s.completed_at AS t FROM sales s JOIN suggestion_events e ON e.sale_id = s.id \
             WHERE s.kind = 'sale' AND (s.simulated = 0 OR ?3) AND {} \
             UNION ALL \
             SELECT {EVENT_COLUMNS}, e.at AS t FROM suggestion_events e WHERE ?4 AND e.sale_id IS NULL AND {} \
             ORDER BY t, 2, 1, 12",
            in_period("s.completed_at"),
            in_period("e.at")
        );
        event_records(&self.conn, &sql, params![since, until, include_simulated, unsold])
    }

    /// The names of these SKUs, for those the catalog has.
    pub fn product_names(&self, skus: &[&str]) -> Result<HashMap<String, String>> {
        let mut stmt = self.conn.prepare_cached("SELECT name FROM products WHERE sku = ?1")?;
        let mut out = HashMap::new();
        for &sku in skus {
            if let Some(name) = stmt.query_row([sku], |r| r.get::<_, String>(0)).optional()? {
                out.insert(sku.to_string(), name);
            }
        }
        Ok(out)
    }
}

/// Sales, refunds and voids (never training) that pass `filter`, a SQL
/// test on `s` (the sales row) with `params` bound.
pub(super) fn sale_records(
    conn: &Connection,
    filter: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<SaleRecord>> {
    let sql = format!(
        "SELECT s.id, s.kind, s.void, s.refund_of, s.completed_at, s.terminal, coalesce(s.staff_id, ''), \
         s.total, s.tax, s.discount, s.bundle_savings, l.sku, l.qty, l.line_total, \
         CASE WHEN p.cost_known = 1 THEN p.cost END, coalesce(s.shift_id, '') \
         FROM sales s JOIN sale_lines l ON l.sale_id = s.id LEFT JOIN products p ON p.id = l.product_id \
         WHERE s.kind <> 'training' AND {filter} \
         ORDER BY s.completed_at, s.id, l.line_no"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params)?;
    let mut out: Vec<SaleRecord> = Vec::new();
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        if out.last().is_none_or(|s| s.id != id) {
            let kind = row_kind(r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?, r.get(2)?);
            out.push(SaleRecord {
                id: id.to_string(),
                kind,
                refund_of: r.get(3)?,
                completed_at: r.get(4)?,
                terminal: r.get(5)?,
                staff: r.get(6)?,
                shift: r.get(15)?,
                total: Money(r.get(7)?),
                tax: Money(r.get(8)?),
                discount: Money(r.get(9)?),
                bundle_savings: Money(r.get(10)?),
                lines: Vec::new(),
            });
        }
        let line = LineRecord {
            sku: r.get(11)?,
            qty: r.get(12)?,
            line_total: Money(r.get(13)?),
            cost: r.get::<_, Option<i64>>(14)?.map(Money),
        };
        if let Some(s) = out.last_mut() {
            s.lines.push(line);
        }
    }
    Ok(out)
}

/// Suggestion events read by `sql`, which selects [`EVENT_COLUMNS`] first.
pub(super) fn event_records(
    conn: &Connection,
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<EventRecord>> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let list = ListKind::parse(r.get_ref(5)?.as_str().map_err(rusqlite::Error::from)?);
        let event = EventKind::parse(r.get_ref(6)?.as_str().map_err(rusqlite::Error::from)?);
        let place = Place::parse(r.get_ref(12)?.as_str().map_err(rusqlite::Error::from)?);
        // The schema allows no other kinds; a row that had one would not be a funnel event.
        let (Some(list), Some(event), Some(place)) = (list, event, place) else { continue };
        out.push(EventRecord {
            cart_id: r.get(0)?,
            sale_id: r.get(1)?,
            at: r.get(2)?,
            terminal: r.get(3)?,
            staff: r.get(4)?,
            list,
            event,
            anchor_sku: r.get(7)?,
            sku: r.get(8)?,
            source: r.get(9)?,
            rank: r.get(10)?,
            place,
        });
    }
    Ok(out)
}
