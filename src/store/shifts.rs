//! Shifts: a till's shift opened (who, the float) and closed (who, the cash
//! counted, the Z-report recorded as printed), and the rows a shift report
//! reads. A till has at most one open shift; the sales, refunds and voids
//! rung up while it is open carry it (`sales.rs`, `refunds.rs`).

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::reports::{EVENT_COLUMNS, event_records, sale_records};
use super::{Result, Store, StoreError, now_iso};
use crate::money::{Currency, Money};
use crate::reports::shift::{PaymentRecord, Shift, ShiftReport};
use crate::reports::{EventRecord, SaleRecord};

/// What a shift report is made of: the shift's sales, refunds and voids,
/// their payments, and the suggestion events of its sales (never training
/// or simulated ones).
#[derive(Debug, Clone, Default)]
pub struct ShiftRows {
    pub records: Vec<SaleRecord>,
    pub payments: Vec<PaymentRecord>,
    pub events: Vec<EventRecord>,
}

const SHIFT_COLUMNS: &str = "id, terminal, coalesce(staff_id, ''), opened_at, opening_float, closed_at, closed_by, \
                             counted_cash, expected_cash";

fn shift_of(r: &Row<'_>) -> rusqlite::Result<Shift> {
    Ok(Shift {
        id: r.get(0)?,
        terminal: r.get(1)?,
        staff: r.get(2)?,
        opened_at: r.get(3)?,
        float: Money(r.get(4)?),
        closed_at: r.get(5)?,
        closed_by: r.get(6)?,
        counted: r.get::<_, Option<i64>>(7)?.map(Money),
        expected: r.get::<_, Option<i64>>(8)?.map(Money),
    })
}

/// The open shift of a till.
fn open_on(conn: &Connection, terminal: &str) -> Result<Option<Shift>> {
    let sql = format!("SELECT {SHIFT_COLUMNS} FROM shifts WHERE terminal = ?1 AND closed_at IS NULL");
    Ok(conn.prepare_cached(&sql)?.query_row([terminal], shift_of).optional()?)
}

/// The id of a till's open shift, for a sale, refund or void rung up there.
pub(super) fn open_shift_id(conn: &Connection, terminal: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM shifts WHERE terminal = ?1 AND closed_at IS NULL")?
        .query_row([terminal], |r| r.get(0))
        .optional()?)
}

/// A shift's rows, read on `conn` (inside the closing transaction, or not).
fn rows_of(conn: &Connection, shift_id: &str) -> Result<ShiftRows> {
    let records = sale_records(conn, "s.simulated = 0 AND s.shift_id = ?1", params![shift_id])?;
    let sql = format!(
        "SELECT {EVENT_COLUMNS}, s.completed_at AS t FROM sales s JOIN suggestion_events e ON e.sale_id = s.id \
         WHERE s.kind = 'sale' AND s.simulated = 0 AND s.shift_id = ?1 ORDER BY t, 2, 1, 12"
    );
    let events = event_records(conn, &sql, params![shift_id])?;
    let mut stmt = conn.prepare_cached(
        "SELECT p.sale_id, p.method, p.amount, p.tendered, p.change FROM payments p JOIN sales s ON s.id = p.sale_id \
         WHERE s.shift_id = ?1 AND s.kind <> 'training' AND s.simulated = 0 ORDER BY s.completed_at, s.id, p.seq",
    )?;
    let mut rows = stmt.query([shift_id])?;
    let mut payments = Vec::new();
    while let Some(r) = rows.next()? {
        let method: String = r.get(1)?;
        payments.push(PaymentRecord {
            sale_id: r.get(0)?,
            method: method.parse().map_err(StoreError::Invalid)?,
            amount: Money(r.get(2)?),
            tendered: Money(r.get(3)?),
            change: Money(r.get(4)?),
        });
    }
    Ok(ShiftRows { records, payments, events })
}

impl Store {
    /// Opens a shift on a till with `float` in the drawer; refuses a second
    /// open shift on the same till and a member of staff who is not one.
    pub fn open_shift(&mut self, terminal: &str, staff_id: Option<&str>, float: Money) -> Result<Shift> {
        if let Some(id) = staff_id
            && self.staff(id)?.is_none()
        {
            return Err(StoreError::UnknownStaff { id: id.into() });
        }
        if float < Money::ZERO {
            return Err(StoreError::Invalid("the float cannot be negative".into()));
        }
        let id = crate::ids::new_id(&format!("{terminal}-shift"));
        self.write(|tx| {
            if let Some(open) = open_on(tx, terminal)? {
                return Err(StoreError::ShiftOpen { terminal: terminal.into(), id: open.id, since: open.opened_at });
            }
            let now = now_iso(tx)?;
            tx.prepare_cached(
                "INSERT INTO shifts (id, terminal, staff_id, opened_at, opening_float) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![id, terminal, staff_id, now, float.0])?;
            Ok(Shift {
                id: id.clone(),
                terminal: terminal.into(),
                staff: staff_id.unwrap_or_default().into(),
                opened_at: now,
                float,
                closed_at: None,
                closed_by: None,
                counted: None,
                expected: None,
            })
        })
    }

    /// The till's open shift, if any.
    pub fn current_shift(&self, terminal: &str) -> Result<Option<Shift>> {
        open_on(&self.conn, terminal)
    }

    /// A shift by id.
    pub fn shift(&self, id: &str) -> Result<Option<Shift>> {
        let sql = format!("SELECT {SHIFT_COLUMNS} FROM shifts WHERE id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], shift_of).optional()?)
    }

    /// Every shift, oldest first.
    pub fn shifts(&self) -> Result<Vec<Shift>> {
        let sql = format!("SELECT {SHIFT_COLUMNS} FROM shifts ORDER BY opened_at, id");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], shift_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What a shift's report is made of, as it stands.
    pub fn shift_rows(&self, shift_id: &str) -> Result<ShiftRows> {
        rows_of(&self.conn, shift_id)
    }

    /// The Z-report recorded when the shift was closed (JSON).
    pub fn z_report(&self, shift_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT z_report FROM shifts WHERE id = ?1")?
            .query_row([shift_id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// The X-report of the till's open shift (nothing is closed), or `None`
    /// when the till has no open shift.
    pub fn x_report(&self, terminal: &str) -> Result<Option<ShiftReport>> {
        let Some(shift) = self.current_shift(terminal)? else { return Ok(None) };
        let rows = self.shift_rows(&shift.id)?;
        Ok(Some(crate::reports::shift::report(&shift, &rows.records, &rows.payments, &rows.events, None)))
    }

    /// Closes the till's open shift with `counted` cash in the drawer and
    /// returns its Z-report, recorded with the shift (as JSON, amounts in
    /// `currency`) with the cash it expected. One transaction: no sale can
    /// slip in between the report and the closing. A till with no open shift
    /// is refused, naming its last shift when it had one.
    pub fn close_shift(
        &mut self,
        terminal: &str,
        closed_by: Option<&str>,
        counted: Money,
        currency: &Currency,
    ) -> Result<ShiftReport> {
        if counted < Money::ZERO {
            return Err(StoreError::Invalid("the cash counted cannot be negative".into()));
        }
        self.write(|tx| {
            let Some(mut shift) = open_on(tx, terminal)? else {
                let last: Option<(String, String)> = tx
                    .prepare_cached(
                        "SELECT id, closed_at FROM shifts WHERE terminal = ?1 AND closed_at IS NOT NULL \
                         ORDER BY closed_at DESC LIMIT 1",
                    )?
                    .query_row([terminal], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let last = last
                    .map(|(id, at)| format!(": its last shift, `{id}`, was closed at {at} and cannot be closed again"))
                    .unwrap_or_default();
                return Err(StoreError::NoOpenShift { terminal: terminal.into(), last });
            };
            let rows = rows_of(tx, &shift.id)?;
            shift.closed_at = Some(now_iso(tx)?);
            shift.closed_by = closed_by.map(str::to_string);
            shift.counted = Some(counted);
            let mut z = crate::reports::shift::report(&shift, &rows.records, &rows.payments, &rows.events, Some(counted));
            let expected = z.cash.expected();
            z.shift.expected = Some(expected);
            tx.prepare_cached(
                "UPDATE shifts SET closed_at = ?2, closed_by = ?3, counted_cash = ?4, expected_cash = ?5, z_report = ?6 \
                 WHERE id = ?1 AND closed_at IS NULL",
            )?
            .execute(params![shift.id, shift.closed_at, closed_by, counted.0, expected.0, z.to_json(currency).to_string()])?;
            Ok(z)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_till_has_one_open_shift_and_a_closed_one_never_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        store.ensure_staff("ann", "Ann").unwrap();
        let e = store.open_shift("T1", Some("zed"), Money(100)).unwrap_err();
        assert_eq!(e.to_string(), "no staff member `zed`");
        let first = store.open_shift("T1", Some("ann"), Money(10_000)).unwrap();
        let e = store.open_shift("T1", None, Money(0)).unwrap_err();
        assert!(
            e.to_string().starts_with(&format!("till `T1` already has shift `{}` open since", first.id)),
            "{e}"
        );
        let other = store.open_shift("T2", None, Money(0)).unwrap();
        assert_eq!(store.current_shift("T2").unwrap().map(|s| s.id), Some(other.id));
        let z = store.close_shift("T1", Some("ann"), Money(9_500), &Currency::usd()).unwrap();
        assert_eq!((z.cash.expected(), z.shift.difference()), (Money(10_000), Some(Money(-500))));
        let stored = store.shift(&first.id).unwrap().unwrap();
        assert_eq!(
            (stored.counted, stored.expected, stored.closed_by.as_deref()),
            (z.shift.counted, z.shift.expected, Some("ann"))
        );
        let tamper =
            store.conn().execute("UPDATE shifts SET counted_cash = 10000 WHERE id = ?1", [&first.id]);
        assert!(tamper.unwrap_err().to_string().contains("a closed shift cannot change"));
        // The till can open its next shift.
        assert!(store.open_shift("T1", Some("ann"), Money(10_000)).is_ok());
        assert_eq!(store.shifts().unwrap().len(), 3);
    }
}
