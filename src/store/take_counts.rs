//! The learned counts (`Catalog::learned`), stored: offered and accepted per
//! (list, cart item or product in focus, suggestion) as the suggestion
//! funnel counts them over every sold cart (docs/report.md, "What the
//! ranking learns from"), in the table `take_counts`, with each list's
//! totals in `take_totals` (schema version 10, which backfilled them from
//! the history). The writes that change what the funnel makes of a cart — a
//! sale that takes the cart's events, a refund or void of the sale — move
//! them in their own transaction ([`recount`]): the funnel of the carts they
//! touch before and after, and the difference. Loading them reads the
//! table, never the events.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};

use super::reports::{EVENT_COLUMNS, event_records, row_kind};
use super::{Result, Store};
use crate::catalog::Catalog;
use crate::catalog::take_counts::{Learned, TakeCounts, Taken};
use crate::money::Money;
use crate::reports::{EventRecord, LineRecord, SaleRecord};
use crate::suggest::events::{EventKind, ListKind};

/// What the counts are kept by: the list, the cart item or product in
/// focus, and the suggestion (SKUs).
pub type TakeKey = (ListKind, String, String);

impl Store {
    /// Every stored pair's counts, by list, item and suggestion.
    pub fn take_counts(&self) -> Result<Vec<(TakeKey, Taken)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, anchor_sku, sku, offered, accepted FROM take_counts ORDER BY kind, anchor_sku, sku",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            // The schema allows no other lists.
            let Some(list) = ListKind::parse(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?) else {
                continue;
            };
            out.push(((list, r.get(1)?, r.get(2)?), taken(r.get(3)?, r.get(4)?)));
        }
        Ok(out)
    }

    /// The stored counts for the whole `catalog`: each list's totals, and
    /// every pair whose products are both in it.
    pub fn learned_for(&self, catalog: &Catalog) -> Result<Learned> {
        let mut learned = self.take_totals()?;
        for ((list, anchor, sku), t) in self.take_counts()? {
            if let (Some(a), Some(s)) = (catalog.by_sku(&anchor), catalog.by_sku(&sku)) {
                of_list(&mut learned, list).insert(a, s, t);
            }
        }
        Ok(learned)
    }

    /// What [`Store::learned_for`] gives for a part of the catalog (a cart's
    /// neighbourhood), looking up each of its products' pairs instead of
    /// reading them all.
    pub(super) fn learned_around(&self, catalog: &Catalog) -> Result<Learned> {
        let mut learned = self.take_totals()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT sku, offered, accepted FROM take_counts WHERE kind = ?1 AND anchor_sku = ?2",
        )?;
        for a in catalog.product_indices() {
            for list in [ListKind::CrossSell, ListKind::Upsell] {
                let mut rows = stmt.query(params![list.as_str(), catalog.product(a).sku])?;
                while let Some(r) = rows.next()? {
                    let sku = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
                    if let Some(s) = catalog.by_sku(sku) {
                        of_list(&mut learned, list).insert(a, s, taken(r.get(1)?, r.get(2)?));
                    }
                }
            }
        }
        Ok(learned)
    }

    /// Both lists' totals, and no pairs yet.
    fn take_totals(&self) -> Result<Learned> {
        let mut learned = Learned::default();
        let mut stmt = self.conn.prepare_cached("SELECT kind, offered, accepted FROM take_totals")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(list) = ListKind::parse(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?) {
                of_list(&mut learned, list).add_to_total(taken(r.get(1)?, r.get(2)?));
            }
        }
        Ok(learned)
    }
}

fn of_list(learned: &mut Learned, list: ListKind) -> &mut TakeCounts {
    match list {
        ListKind::CrossSell => &mut learned.cross_sell,
        ListKind::Upsell => &mut learned.upsell,
    }
}

/// Stored counts as [`Taken`] (held within `u32`).
fn taken(offered: i64, accepted: i64) -> Taken {
    let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    Taken { offered: count(offered), accepted: count(accepted) }
}

/// Runs `write`, which changes what the funnel makes of the events of
/// `carts` (gives them a sale, or takes back some of what their sale
/// holds), and moves the stored counts by the difference it made, in the
/// caller's transaction. A count never goes below zero (a history changed
/// by hand must not stop a sale), and a pair no longer offered is removed.
pub(super) fn recount<T>(
    conn: &Connection,
    carts: &[String],
    write: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let before = cart_counts(conn, carts)?;
    let out = write()?;
    let after = cart_counts(conn, carts)?;
    let mut delta: BTreeMap<&TakeKey, (i64, i64)> = BTreeMap::new();
    for (counts, sign) in [(&after, 1), (&before, -1)] {
        for (key, t) in counts {
            let d = delta.entry(key).or_default();
            d.0 += sign * i64::from(t.offered);
            d.1 += sign * i64::from(t.accepted);
        }
    }
    let mut add = conn.prepare_cached(
        "INSERT INTO take_counts (kind, anchor_sku, sku, offered, accepted) VALUES (?1, ?2, ?3, max(?4, 0), max(?5, 0)) \
         ON CONFLICT (kind, anchor_sku, sku) DO UPDATE SET offered = max(offered + ?4, 0), accepted = max(accepted + ?5, 0)",
    )?;
    let mut gone = conn.prepare_cached(
        "DELETE FROM take_counts WHERE kind = ?1 AND anchor_sku = ?2 AND sku = ?3 AND offered = 0",
    )?;
    for ((list, anchor, sku), (offered, accepted)) in delta {
        if (offered, accepted) == (0, 0) {
            continue;
        }
        add.execute(params![list.as_str(), anchor, sku, offered, accepted])?;
        if offered < 0 {
            gone.execute(params![list.as_str(), anchor, sku])?;
        }
    }
    Ok(out)
}

/// The carts whose events a sale took (normally one; none for a sale rung
/// up without suggestions).
pub(super) fn carts_of_sale(conn: &Connection, sale_id: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT cart_id FROM suggestion_events WHERE sale_id = ?1")?;
    let rows = stmt.query_map([sale_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The funnel's counts for `carts` as the database holds them now: their
/// offers taken by a sale (a suggestion shown but never offered counts for
/// nothing), and what those sales and their refunds and voids hold of the
/// products added or swapped in.
fn cart_counts(conn: &Connection, carts: &[String]) -> Result<BTreeMap<TakeKey, Taken>> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM suggestion_events e JOIN sales s ON s.id = e.sale_id \
         WHERE e.cart_id = ?1 AND e.event <> 'shown' AND s.kind = 'sale' ORDER BY e.id"
    );
    let mut events = Vec::new();
    for cart in carts {
        events.extend(event_records(conn, &sql, params![cart])?);
    }
    if events.is_empty() {
        return Ok(BTreeMap::new());
    }
    let sales = taken_lines(conn, &events)?;
    let rows = crate::reports::funnel(&sales, &events);
    Ok(crate::reports::funnel::take_counts(&rows)
        .into_iter()
        .map(|((list, anchor, sku), t)| ((list, anchor.to_string(), sku.to_string()), t))
        .collect())
}

/// The sales that the carts of `offers` with a suggestion added or swapped
/// in became, and the refunds and voids of them, each with only those
/// products' lines (amounts left at zero): what [`crate::reports::funnel`]
/// reads to tell whether an offer was accepted.
fn taken_lines(conn: &Connection, offers: &[EventRecord]) -> Result<Vec<SaleRecord>> {
    let mut taken: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in offers.iter().filter(|e| matches!(e.event, EventKind::Added | EventKind::Swapped)) {
        if let Some(sale) = e.sale_id.as_deref() {
            let skus = taken.entry(sale).or_default();
            if !skus.contains(&e.sku.as_str()) {
                skus.push(&e.sku);
            }
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.kind, s.void, s.refund_of, s.completed_at, s.terminal, coalesce(s.staff_id, ''), \
                l.sku, l.qty \
         FROM sales s JOIN sale_lines l ON l.sale_id = s.id \
         WHERE (s.id = ?1 OR s.refund_of = ?1) AND s.kind <> 'training' ORDER BY s.id, l.line_no",
    )?;
    let mut out: Vec<SaleRecord> = Vec::new();
    for (sale, skus) in taken {
        let mut rows = stmt.query([sale])?;
        while let Some(r) = rows.next()? {
            let sku = r.get_ref(7)?.as_str().map_err(rusqlite::Error::from)?;
            if !skus.contains(&sku) {
                continue;
            }
            let line =
                LineRecord { sku: sku.to_string(), qty: r.get(8)?, line_total: Money::ZERO, cost: None };
            let id = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            if out.last().is_none_or(|s| s.id != id) {
                out.push(SaleRecord {
                    id: id.to_string(),
                    kind: row_kind(r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?, r.get(2)?),
                    refund_of: r.get(3)?,
                    completed_at: r.get(4)?,
                    terminal: r.get(5)?,
                    staff: r.get(6)?,
                    shift: String::new(),
                    total: Money::ZERO,
                    tax: Money::ZERO,
                    discount: Money::ZERO,
                    bundle_savings: Money::ZERO,
                    lines: Vec::new(),
                });
            }
            if let Some(s) = out.last_mut() {
                s.lines.push(line);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rusqlite::Connection;

    use super::*;
    use crate::cart::{Cart, Origin};
    use crate::checkout::{PaymentMethod, SaleContext, SaleKind, Tender, prepare};
    use crate::config::Config;
    use crate::suggest::Source;
    use crate::suggest::events::{Place, SuggestionEvent};

    type Counts = BTreeMap<TakeKey, Taken>;

    fn stored(store: &Store) -> Counts {
        store.take_counts().unwrap().into_iter().collect()
    }

    /// The counts worked out again from the whole history, as the reports
    /// read it (`report_sales`, `report_events`) and through the funnel.
    fn recomputed(store: &Store) -> Counts {
        let sales = store.report_sales(None, None, true).unwrap();
        let events = store.report_events(None, None, true, false).unwrap();
        let rows = crate::reports::funnel(&sales, &events);
        crate::reports::funnel::take_counts(&rows)
            .into_iter()
            .map(|((list, anchor, sku), t)| ((list, anchor.to_string(), sku.to_string()), t))
            .collect()
    }

    /// The migration's own backfill run again over the history as it is
    /// now (in a transaction rolled back), with both lists' totals.
    fn backfilled(store: &Store) -> (Counts, Learned) {
        let migration =
            super::super::schema::MIGRATIONS.iter().find(|m| m.contains("CREATE TABLE take_counts")).unwrap();
        let backfill = &migration[migration.find("INSERT INTO take_counts").unwrap()..];
        let tx = store.conn.unchecked_transaction().unwrap();
        tx.execute_batch(&format!("DELETE FROM take_counts; {backfill}")).unwrap();
        let out = (stored(store), store.take_totals().unwrap());
        drop(tx);
        out
    }

    /// The stored totals are the sums of the stored pairs.
    fn assert_totals(store: &Store, counts: &Counts) {
        let learned = store.take_totals().unwrap();
        for (list, got) in [(ListKind::CrossSell, &learned.cross_sell), (ListKind::Upsell, &learned.upsell)] {
            let mut sum = Taken::default();
            counts.iter().filter(|(k, _)| k.0 == list).for_each(|(_, t)| sum.add(*t));
            assert_eq!(got.total(), sum, "{list:?}");
        }
    }

    fn key(list: ListKind, anchor: &str, sku: &str) -> TakeKey {
        (list, anchor.to_string(), sku.to_string())
    }

    /// History as a version 9 database holds it, written in SQL: sales with
    /// their lines, refunds and a void, a training sale, a cart never sold,
    /// and events of every kind (one written with no item).
    const OLD_HISTORY: &str = r#"
INSERT INTO sales (id, kind, refund_of, terminal, completed_at, currency, subtotal, tax, total, line_count, void) VALUES
    ('S1', 'sale', NULL, 'T1', '2026-01-01T10:00:00.000Z', 'USD', 1, 0, 1, 5, 0),
    ('R1', 'refund', 'S1', 'T1', '2026-01-01T11:00:00.000Z', 'USD', -1, 0, -1, 1, 0),
    ('R2', 'refund', 'S1', 'T1', '2026-01-01T12:00:00.000Z', 'USD', -1, 0, -1, 1, 0),
    ('S2', 'sale', NULL, 'T1', '2026-01-02T10:00:00.000Z', 'USD', 1, 0, 1, 1, 0),
    ('S4', 'sale', NULL, 'T2', '2026-01-03T10:00:00.000Z', 'USD', 1, 0, 1, 2, 0),
    ('V4', 'refund', 'S4', 'T2', '2026-01-03T10:05:00.000Z', 'USD', -1, 0, -1, 2, 1),
    ('X5', 'training', NULL, 'T1', '2026-01-04T10:00:00.000Z', 'USD', 1, 0, 1, 1, 0);
INSERT INTO sale_lines (sale_id, line_no, sku, name, qty, unit_price, list_price, line_total, origin) VALUES
    ('S1', 1, 'PH-128', 'Phone', 1, 1, 1, 1, 'scan'),
    ('S1', 2, 'CASE-CLR', 'Case', 2, 1, 1, 2, 'cross_sell'),
    ('S1', 3, 'CHG-30W', 'Charger', 1, 1, 1, 1, 'cross_sell'),
    ('S1', 4, 'HDMI-2M', 'Cable', 1, 1, 1, 1, 'cross_sell'),
    ('S1', 5, 'CHG-30W', 'Charger', 1, 1, 1, 1, 'scan'),
    ('R1', 1, 'CASE-CLR', 'Case', 1, 1, 1, -1, 'refund'),
    ('R2', 1, 'CASE-CLR', 'Case', 1, 1, 1, -1, 'refund'),
    ('S2', 1, 'CASE-CLR', 'Case', 1, 1, 1, 1, 'scan'),
    ('S4', 1, 'PH-128', 'Phone', 1, 1, 1, 1, 'scan'),
    ('S4', 2, 'CHG-30W', 'Charger', 1, 1, 1, 1, 'cross_sell'),
    ('V4', 1, 'PH-128', 'Phone', 1, 1, 1, -1, 'refund'),
    ('V4', 2, 'CHG-30W', 'Charger', 1, 1, 1, -1, 'refund'),
    ('X5', 1, 'CASE-CLR', 'Case', 1, 1, 1, 1, 'training');
INSERT INTO suggestion_events (at, terminal, cart_id, sale_id, kind, event, anchor_sku, sku, source) VALUES
    ('2026-01-01T09:00:00.000Z', 'T1', 'c1', 'S1', 'cross_sell', 'shown', 'PH-128', 'CASE-CLR', 'curated'),
    ('2026-01-01T09:00:01.000Z', 'T1', 'c1', 'S1', 'cross_sell', 'added', 'PH-128', 'CASE-CLR', 'curated'),
    ('2026-01-01T09:00:02.000Z', 'T1', 'c1', 'S1', 'cross_sell', 'dismissed', 'PH-128', 'CHG-30W', 'curated'),
    ('2026-01-01T09:00:03.000Z', 'T1', 'c1', 'S1', 'cross_sell', 'added', 'PH-128', 'CHG-30W', 'curated'),
    ('2026-01-01T09:00:04.000Z', 'T1', 'c1', 'S1', 'upsell', 'swapped', 'PH-128', 'PH-256', 'curated'),
    ('2026-01-01T09:00:05.000Z', 'T1', 'c1', 'S1', 'cross_sell', 'added', NULL, 'HDMI-2M', 'mined'),
    ('2026-01-01T09:00:06.000Z', 'T1', 'c1', 'S1', 'cross_sell', 'shown', 'PH-128', 'GLASS-X5', 'curated'),
    ('2026-01-02T09:00:00.000Z', 'T1', 'c2', 'S2', 'cross_sell', 'added', 'PH-128', 'CASE-CLR', 'curated'),
    ('2026-01-02T09:00:01.000Z', 'T1', 'c2', 'S2', 'cross_sell', 'dismissed', 'PH-256', 'CASE-CLR', 'curated'),
    ('2026-01-02T09:30:00.000Z', 'T1', 'c3', NULL, 'cross_sell', 'added', 'PH-128', 'CASE-CLR', 'curated'),
    ('2026-01-03T09:00:00.000Z', 'T2', 'c4', 'S4', 'cross_sell', 'added', 'PH-128', 'CHG-30W', 'curated'),
    ('2026-01-04T09:00:00.000Z', 'T1', 'c5', 'X5', 'cross_sell', 'added', 'PH-128', 'CASE-CLR', 'curated');
"#;

    #[test]
    fn a_database_from_before_the_stored_counts_gets_them_backfilled_as_the_funnel_counts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let mut old = Store { conn: Connection::open(&path).unwrap(), path: path.clone() };
        old.migrate_to(9).unwrap();
        old.conn.execute_batch(OLD_HISTORY).unwrap();
        drop(old);
        let store = Store::open(&path).unwrap();
        use ListKind::{CrossSell, Upsell};
        let expected: Counts = [
            // Two cases sold, both given back; and a cart whose last word on the case was a decline
            // (for another phone: the last offer names the item).
            (key(CrossSell, "PH-128", "CASE-CLR"), Taken { offered: 1, accepted: 0 }),
            (key(CrossSell, "PH-256", "CASE-CLR"), Taken { offered: 1, accepted: 0 }),
            // Dismissed then added and sold; and added in a sale that was voided.
            (key(CrossSell, "PH-128", "CHG-30W"), Taken { offered: 2, accepted: 1 }),
            // Swapped in, but not what was sold.
            (key(Upsell, "PH-128", "PH-256"), Taken { offered: 1, accepted: 0 }),
            // An event with no item.
            (key(CrossSell, "", "HDMI-2M"), Taken { offered: 1, accepted: 1 }),
        ]
        .into_iter()
        .collect();
        let got = stored(&store);
        assert_eq!(got, expected, "shown only, the cart never sold and the training sale count for nothing");
        assert_eq!(got, recomputed(&store));
        assert_totals(&store, &got);
        // And what is loaded with the catalog: the list totals whatever is loaded.
        let learned = store.learned_for(&store.load_catalog().unwrap()).unwrap();
        assert_eq!(learned.cross_sell.total(), Taken { offered: 5, accepted: 2 });
        assert_eq!(learned.upsell.total(), Taken { offered: 1, accepted: 0 });
    }

    const SKUS: [&str; 4] = ["PH-128", "PH-256", "CASE-CLR", "CHG-30W"];
    const LISTS: [ListKind; 2] = [ListKind::CrossSell, ListKind::Upsell];
    const EVENTS: [EventKind; 4] =
        [EventKind::Shown, EventKind::Added, EventKind::Dismissed, EventKind::Swapped];

    /// What happens at the tills, by index into the choices above.
    #[derive(Debug, Clone)]
    enum Op {
        /// The till records an event for one of three carts in progress.
        Event {
            cart: usize,
            event: (usize, usize, usize, usize),
        },
        /// A cart is sold (as training, or with more events in the same
        /// transaction); `fresh`: the till starts a new cart after it, or
        /// goes on with the same cart id.
        Sell {
            cart: usize,
            qty: [i64; 4],
            events: Vec<(usize, usize, usize, usize)>,
            training: bool,
            fresh: bool,
        },
        /// Some of a sale's product given back.
        Refund {
            sale: usize,
            sku: usize,
            qty: i64,
        },
        Void {
            sale: usize,
        },
    }

    fn event() -> impl Strategy<Value = (usize, usize, usize, usize)> {
        (0..2_usize, 0..4_usize, 0..3_usize, 0..4_usize)
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0..3_usize, event()).prop_map(|(cart, event)| Op::Event { cart, event }),
            2 => (0..3_usize, [0..3_i64, 0..3_i64, 0..3_i64, 0..3_i64], prop::collection::vec(event(), 0..3),
                  prop::bool::weighted(0.1), prop::bool::weighted(0.8))
                .prop_map(|(cart, qty, events, training, fresh)| Op::Sell { cart, qty, events, training, fresh }),
            1 => (0..8_usize, 0..4_usize, 1..3_i64).prop_map(|(sale, sku, qty)| Op::Refund { sale, sku, qty }),
            1 => (0..8_usize).prop_map(|sale| Op::Void { sale }),
        ]
    }

    fn suggestion(cart: &str, (list, event, anchor, sku): (usize, usize, usize, usize)) -> SuggestionEvent {
        SuggestionEvent {
            cart_id: cart.to_string(),
            list: LISTS[list],
            event: EVENTS[event],
            anchor_sku: ["PH-128", "PH-256", ""][anchor].to_string(),
            sku: SKUS[sku].to_string(),
            source: Source::Curated,
            rank: 1,
            // Before schema version 12 every event was in a pane.
            place: Place::Pane,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Whatever the tills do, the stored counts are the funnel's over
        /// the whole history, and what the migration's backfill would make
        /// of that history; the totals are the pairs' sums.
        #[test]
        fn the_stored_counts_follow_sales_refunds_and_voids_exactly(ops in prop::collection::vec(op(), 1..24)) {
            let (_d, mut store) = crate::store::shop_store();
            let catalog = store.load_catalog().unwrap();
            let shop = Config::defaults().shop;
            let mut carts: Vec<String> = (0..3).map(|i| format!("c{i}-0")).collect();
            let mut made = 0;
            let mut sold: Vec<String> = Vec::new();
            for op in ops {
                match op {
                    Op::Event { cart, event } => {
                        store.record_events("T1", None, &[suggestion(&carts[cart], event)]).unwrap();
                    }
                    Op::Sell { cart, qty, events, training, fresh } => {
                        let mut c = Cart::default();
                        for (sku, q) in SKUS.iter().zip(qty).filter(|(_, q)| *q > 0) {
                            c.add(catalog.product(catalog.by_sku(sku).unwrap()), q, Origin::CrossSell);
                        }
                        if c.is_empty() {
                            c.add(catalog.product(catalog.by_sku(SKUS[0]).unwrap()), 1, Origin::Scan);
                        }
                        let kind = if training { SaleKind::Training } else { SaleKind::Sale };
                        let ctx = SaleContext { shop: &shop, terminal: "T1", staff_id: None, kind };
                        let draft =
                            prepare(&ctx, &c, Some(&carts[cart]), &[Tender::rest(PaymentMethod::Card)], vec![]).unwrap();
                        let events: Vec<_> = events.into_iter().map(|e| suggestion(&carts[cart], e)).collect();
                        store.commit_sale_with_events(&draft, true, &events).unwrap();
                        if !training {
                            sold.push(draft.id);
                        }
                        if fresh {
                            made += 1;
                            carts[cart] = format!("c{cart}-{made}");
                        }
                    }
                    // Refused ones (more than is left) change nothing.
                    Op::Refund { sale, sku, qty } if !sold.is_empty() => {
                        let _ = store.refund(&sold[sale % sold.len()], &[(SKUS[sku].into(), qty)], "T1", None, "boss");
                    }
                    Op::Void { sale } if !sold.is_empty() => {
                        let _ = store.void(&sold[sale % sold.len()], "T1", None, "boss");
                    }
                    Op::Refund { .. } | Op::Void { .. } => {}
                }
                let got = stored(&store);
                prop_assert_eq!(&got, &recomputed(&store));
                assert_totals(&store, &got);
            }
            let got = stored(&store);
            let (again, totals) = backfilled(&store);
            prop_assert_eq!(&got, &again);
            prop_assert_eq!(store.take_totals().unwrap(), totals);
        }
    }
}
