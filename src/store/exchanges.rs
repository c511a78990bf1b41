//! An exchange written with the sale it pays for: the returned items'
//! refund, inside the sale's own transaction (`Store::commit_sale_printed`
//! writes it first, then the sale), so an exchange cart never paid books
//! nothing, and a refund of the same items by another till meanwhile makes
//! the whole commit fail.

use rusqlite::Transaction;

use super::Result;
use super::refunds::{Credited, Reversal, Reversed, reverse_in};
use crate::checkout::{ApprovalAction, Exchange, SaleDraft};
use crate::config::Shop;

/// Writes `ex`'s refund inside `tx`: its credit, up to the new sale's total,
/// as exchange credit naming the sale; the rest the way the old sale was paid.
pub(super) fn refund_in(
    tx: &Transaction<'_>,
    draft: &SaleDraft,
    ex: &Exchange,
    shop: Option<&Shop>,
) -> Result<Reversed> {
    let by = Reversal {
        terminal: &draft.terminal,
        staff_id: draft.staff_id.as_deref(),
        manager_id: ex.manager_id.as_deref(),
        shop,
    };
    let credited = Credited { credit: ex.credit, used: ex.used(draft.totals.total), sale_id: &draft.id };
    reverse_in(tx, &ex.sale_id, &ex.items, &by, ApprovalAction::Refund, &ex.refund_id, Some(credited))
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::super::{Store, StoreError, schema};
    use crate::cart::{Cart, Origin};
    use crate::checkout::{
        Exchange, PaymentMethod, SaleContext, SaleDraft, SaleKind, Tender, prepare, prepare_exchange,
    };
    use crate::config::{Config, Shop};
    use crate::money::Money;
    use crate::store::sales::Committed;

    /// The default shop: 8.25 % added at the till, so a clear case is $32.48, a leather one $48.71.
    fn shop() -> Shop {
        (*Config::defaults().shop).clone()
    }

    fn ctx(shop: &Shop) -> SaleContext<'_> {
        SaleContext { shop, terminal: "T1", staff_id: None, kind: SaleKind::Sale }
    }

    fn cart(store: &Store, items: &[&str]) -> Cart {
        let c = store.load_catalog().unwrap();
        let mut cart = Cart::default();
        for sku in items {
            cart.add(c.product(c.by_sku(sku).unwrap()), 1, Origin::Scan);
        }
        cart
    }

    /// A phone and `case` sold by card.
    fn sold(store: &mut Store, shop: &Shop, case: &str) -> SaleDraft {
        let draft = prepare(
            &ctx(shop),
            &cart(store, &["PH-128", case]),
            None,
            &[Tender::rest(PaymentMethod::Card)],
            vec![],
        )
        .unwrap();
        store.commit_sale_printed(&draft, false, &[], Some(shop)).unwrap();
        draft
    }

    /// `case` of `sale` coming back, at the amount the store quotes for it.
    fn exchange(store: &Store, sale: &str, case: &str) -> Exchange {
        let items = vec![(case.to_string(), 1)];
        let credit = store.refund_quote(sale, &items).unwrap().back;
        Exchange {
            sale_id: sale.into(),
            items,
            credit,
            manager_id: None,
            refund_id: crate::ids::new_id("T1"),
        }
    }

    /// A leather case for `ex`'s credit, the rest by card.
    fn leather_by_card(store: &Store, shop: &Shop, ex: &Exchange) -> SaleDraft {
        let new = cart(store, &["CASE-LTH"]);
        prepare_exchange(&ctx(shop), &new, None, ex, &[Tender::rest(PaymentMethod::Card)], vec![]).unwrap()
    }

    fn parts(store: &Store, id: &str) -> Vec<(PaymentMethod, Money)> {
        store.payments(id).unwrap().iter().map(|p| (p.method, p.amount)).collect()
    }

    fn stock(store: &Store, sku: &str) -> i64 {
        store.conn().query_row("SELECT stock FROM products WHERE sku = ?1", [sku], |r| r.get(0)).unwrap()
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn an_exchange_writes_the_refund_and_the_new_sale_whose_payments_add_up() {
        let (_d, mut store) = crate::store::shop_store();
        let shop = shop();
        let old = sold(&mut store, &shop, "CASE-CLR");
        let ex = exchange(&store, &old.id, "CASE-CLR");
        assert_eq!(ex.credit, Money(3_248));
        let draft = leather_by_card(&store, &shop, &ex);
        let Committed::New { receipt: Some(receipt), exchange: Some(refund), .. } =
            store.commit_sale_printed(&draft, false, &[], Some(&shop)).unwrap()
        else {
            panic!("not written");
        };
        // The new sale: the credit first, the difference by card.
        assert_eq!(draft.totals.total, Money(4_871));
        assert_eq!(
            parts(&store, &draft.id),
            [(PaymentMethod::Credit, Money(3_248)), (PaymentMethod::Card, Money(1_623))]
        );
        // The refund, under the id made before: all of it to the new sale.
        assert_eq!(refund.id, ex.refund_id);
        assert_eq!(parts(&store, &refund.id), [(PaymentMethod::Credit, Money(-3_248))]);
        let refund_total: i64 = store
            .conn()
            .query_row(
                "SELECT total FROM sales WHERE id = ?1 AND refund_of = ?2",
                [&refund.id, &old.id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(refund_total, -3_248);
        // Stock: the clear case back on the shelf, the leather one gone.
        assert_eq!((stock(&store, "CASE-CLR"), stock(&store, "CASE-LTH")), (20, 7));
        assert!(store.check().unwrap().is_empty());
        // Both receipts kept: the credit on the sale's, the sale named on the refund's.
        assert!(
            receipt.lines().any(|l| l.starts_with("Exchange credit") && l.ends_with("-$32.48")),
            "{receipt}"
        );
        assert!(receipt.contains(&format!("  (sale {})", old.id)), "{receipt}");
        assert!(receipt.lines().any(|l| l.starts_with("Paid (card)") && l.ends_with("$16.23")), "{receipt}");
        assert_eq!(store.receipt(&draft.id).unwrap(), receipt);
        let kept = store.receipt(&refund.id).unwrap();
        assert_eq!(Some(&kept), refund.receipt.as_ref());
        assert!(kept.contains(&format!("Exchanged: credited to sale\n  {}\n", draft.id)), "{kept}");
        // Committing the same draft again writes nothing twice.
        assert_eq!(
            store.commit_sale_printed(&draft, false, &[], Some(&shop)).unwrap(),
            Committed::AlreadyThere
        );
        assert_eq!(count(&store, "SELECT count(*) FROM sales WHERE kind = 'refund'"), 1);
    }

    #[test]
    fn a_cheaper_new_cart_uses_part_of_the_credit_and_the_rest_goes_back_to_the_card() {
        let (_d, mut store) = crate::store::shop_store();
        let shop = shop();
        let old = sold(&mut store, &shop, "CASE-LTH");
        let ex = exchange(&store, &old.id, "CASE-LTH");
        assert_eq!(ex.credit, Money(4_871));
        let draft =
            prepare_exchange(&ctx(&shop), &cart(&store, &["CASE-CLR"]), None, &ex, &[], vec![]).unwrap();
        let Committed::New { receipt: Some(receipt), exchange: Some(refund), .. } =
            store.commit_sale_printed(&draft, false, &[], Some(&shop)).unwrap()
        else {
            panic!("not written");
        };
        assert_eq!(parts(&store, &draft.id), [(PaymentMethod::Credit, Money(3_248))]);
        // Refund total = credit to the new sale + what goes back the original way.
        assert_eq!(
            parts(&store, &refund.id),
            [(PaymentMethod::Credit, Money(-3_248)), (PaymentMethod::Card, Money(-1_623))]
        );
        assert_eq!(
            refund.quote.how(&shop.currency),
            "$48.71 back: $32.48 as exchange credit, $16.23 to card"
        );
        assert!(
            receipt.lines().any(|l| l.starts_with("Credit left, paid back") && l.ends_with("$16.23")),
            "{receipt}"
        );
        assert!(store.check().unwrap().is_empty());
    }

    #[test]
    fn a_refund_of_the_same_lines_by_another_till_meanwhile_refuses_the_commit_and_writes_nothing() {
        let (_d, mut store) = crate::store::shop_store();
        let shop = shop();
        let old = sold(&mut store, &shop, "CASE-CLR");
        let ex = exchange(&store, &old.id, "CASE-CLR");
        let draft = leather_by_card(&store, &shop, &ex);
        // Another till takes the case back first.
        store.refund(&old.id, &[("CASE-CLR".into(), 1)], "T2", None, "boss").unwrap();
        let e = store.commit_sale_printed(&draft, false, &[], Some(&shop)).unwrap_err();
        assert_eq!(e.to_string(), "cannot refund 1 of `CASE-CLR`: 1 sold, 1 refunded already");
        assert_eq!(
            count(&store, "SELECT count(*) FROM sales WHERE kind = 'refund'"),
            1,
            "only the other till's"
        );
        assert_eq!(count(&store, "SELECT count(*) FROM sales WHERE kind = 'sale'"), 1, "no new sale");
        assert_eq!((stock(&store, "CASE-CLR"), stock(&store, "CASE-LTH")), (20, 8));
    }

    #[test]
    fn a_new_sale_that_cannot_be_written_takes_its_exchange_refund_with_it() {
        let (_d, mut store) = crate::store::shop_store();
        let shop = shop();
        let old = sold(&mut store, &shop, "CASE-CLR");
        let ex = exchange(&store, &old.id, "CASE-CLR");
        // The screen protector is out of stock, and this store does not oversell.
        let draft =
            prepare_exchange(&ctx(&shop), &cart(&store, &["GLASS-X5"]), None, &ex, &[], vec![]).unwrap();
        let e = store.commit_sale_printed(&draft, false, &[], Some(&shop)).unwrap_err();
        assert!(matches!(e, StoreError::Invalid(_)), "{e}");
        assert_eq!(count(&store, "SELECT count(*) FROM sales WHERE kind = 'refund'"), 0);
        assert_eq!(stock(&store, "CASE-CLR"), 19, "the case did not come back");
        // The quote changed since: the commit says so rather than write another amount.
        let stale = Exchange { credit: Money(3_000), ..ex };
        let draft = leather_by_card(&store, &shop, &stale);
        let e = store.commit_sale_printed(&draft, false, &[], Some(&shop)).unwrap_err();
        assert!(e.to_string().contains("start the exchange again"), "{e}");
        assert_eq!(count(&store, "SELECT count(*) FROM sales"), 1);
    }

    #[test]
    fn simulated_history_can_be_refunded_but_not_exchanged() {
        let (_d, mut store) = crate::store::shop_store();
        let shop = shop();
        let history = SaleContext { kind: SaleKind::History, ..ctx(&shop) };
        let old = prepare(
            &history,
            &cart(&store, &["CASE-CLR"]),
            None,
            &[Tender::rest(PaymentMethod::Card)],
            vec![],
        )
        .unwrap();
        store.commit_sale(&old, false).unwrap();
        let ex = exchange(&store, &old.id, "CASE-CLR");
        let draft = leather_by_card(&store, &shop, &ex);
        let e = store.commit_sale_printed(&draft, false, &[], Some(&shop)).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("sale {} is simulated history: it can be refunded, not exchanged", old.id)
        );
        assert_eq!(count(&store, "SELECT count(*) FROM sales"), 1);
    }

    #[test]
    fn the_shift_report_lists_exchange_credit_apart_and_the_drawer_counts_only_cash() {
        let (_d, mut store) = crate::store::shop_store();
        let shop = shop();
        store.open_shift("T1", None, Money(10_000)).unwrap();
        let old = sold(&mut store, &shop, "CASE-CLR");
        let ex = exchange(&store, &old.id, "CASE-CLR");
        // The difference, $16.23, in cash: $20.00 handed over.
        let tenders = [Tender::of(PaymentMethod::Cash, Money(2_000))];
        let draft =
            prepare_exchange(&ctx(&shop), &cart(&store, &["CASE-LTH"]), None, &ex, &tenders, vec![]).unwrap();
        store.commit_sale_printed(&draft, false, &[], Some(&shop)).unwrap();
        let x = store.x_report("T1").unwrap().unwrap();
        let net = |m: PaymentMethod| x.takings.iter().find(|t| t.method == m).map(|t| (t.sales, t.refunds));
        assert_eq!(net(PaymentMethod::Card), Some((old.totals.total, Money::ZERO)));
        assert_eq!(net(PaymentMethod::Cash), Some((Money(1_623), Money::ZERO)));
        assert_eq!(net(PaymentMethod::Credit), Some((Money(3_248), Money(-3_248))));
        // Takings: what the customer paid in all, the phone, the first case and the difference.
        assert_eq!(x.total(), old.totals.total + Money(1_623));
        assert_eq!((x.refunds.count, x.refunds.amount), (1, Money(-3_248)));
        let d = &x.cash;
        assert_eq!((d.received, d.change, d.paid_back), (Money(2_000), Money(377), Money::ZERO));
        assert_eq!(d.expected(), Money(10_000 + 1_623));
        let text = x.text(&shop.store_name, &shop.currency);
        assert!(text.lines().any(|l| l.starts_with("  exchange credit") && l.ends_with("$0.00")), "{text}");
        let json = x.to_json(&shop.currency);
        assert_eq!(json["by_method"][3]["method"], "credit");
        // A shift without an exchange lists no credit.
        store.close_shift("T1", None, Money(11_623), &shop.currency).unwrap();
        store.open_shift("T1", None, Money(10_000)).unwrap();
        let x = store.x_report("T1").unwrap().unwrap();
        assert!(x.takings.iter().all(|t| t.method != PaymentMethod::Credit));
    }

    #[test]
    fn a_version_13_database_migrates_with_its_payments_intact_and_takes_credit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v13.db");
        let before = schema::MIGRATIONS.iter().position(|m| *m == schema::PAYMENTS_CREDIT).unwrap();
        assert_eq!(before, 13);
        let paid =
            "SELECT sale_id, seq, method, amount, tendered, change FROM payments ORDER BY sale_id, seq";
        let read = |conn: &Connection| -> Vec<(String, i64, String, i64, i64, i64)> {
            let mut stmt = conn.prepare(paid).unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let old = {
            let conn = Connection::open(&path).unwrap();
            let mut store = Store { conn, path: path.clone() };
            store.migrate_to(before as i64).unwrap();
            store
                .conn
                .execute_batch(
                    "INSERT INTO sales (id, terminal, completed_at, currency, subtotal, tax, total, line_count) \
                     VALUES ('S1', 'T1', '2026-11-01T10:00:00.000Z', 'USD', 10000, 0, 10000, 1); \
                     INSERT INTO sale_lines (sale_id, line_no, sku, name, qty, unit_price, list_price, line_total, origin) \
                     VALUES ('S1', 1, 'X', 'Thing', 1, 10000, 10000, 10000, 'scan'); \
                     INSERT INTO payments (sale_id, seq, method, amount, tendered, change) VALUES \
                     ('S1', 1, 'card', 6000, 6000, 0), ('S1', 2, 'cash', 4000, 5000, 1000);",
                )
                .unwrap();
            let bad = store.conn.execute(
                "INSERT INTO payments (sale_id, seq, method, amount) VALUES ('S1', 3, 'credit', 0)",
                [],
            );
            assert!(bad.unwrap_err().to_string().contains("CHECK constraint failed"), "13 knows no credit");
            read(&store.conn)
        };
        let store = Store::open(&path).unwrap();
        assert_eq!(store.version().unwrap(), schema::VERSION);
        assert_eq!(read(store.conn()), old);
        assert!(store.check().unwrap().is_empty());
        store
            .conn()
            .execute("INSERT INTO payments (sale_id, seq, method, amount) VALUES ('S1', 3, 'credit', 0)", [])
            .unwrap();
        let bad = store.conn().execute(
            "INSERT INTO payments (sale_id, seq, method, amount) VALUES ('S1', 4, 'bitcoin', 0)",
            [],
        );
        assert!(bad.unwrap_err().to_string().contains("CHECK constraint failed"));
    }
}
