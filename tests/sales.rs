//! Checkout and sales history on temp databases: atomic sales, stock,
//! refunds, approvals and the audit log, parked carts, several terminals,
//! and sales that survive the process being killed.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use counterpart::checkout::{
    Approval, ApprovalAction, CheckoutError, PaymentMethod, SaleContext, SaleKind, Tender, prepare,
};
use counterpart::config::{Config, Shop};
use counterpart::money::{Money, TaxPolicy};
use counterpart::store::Store;
use counterpart::store::sales::Committed;
use counterpart::store::staff::Role;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_counterpart"))
}

fn stock(store: &Store, sku: &str) -> i64 {
    let c = store.load_catalog().unwrap();
    c.product(c.by_sku(sku).unwrap()).stock
}

/// The default shop (USD, a 10 % discount cap) with this tax.
fn shop(tax: TaxPolicy) -> Shop {
    Shop { tax, ..(*Config::defaults().shop).clone() }
}

/// A sale at till T1.
fn till<'a>(shop: &'a Shop, staff_id: Option<&'a str>) -> SaleContext<'a> {
    SaleContext { shop, terminal: "T1", staff_id, kind: SaleKind::Sale }
}

fn sell(store: &mut Store, items: &[(&str, i64)], allow_oversell: bool) -> Result<String, String> {
    let shop = shop(TaxPolicy::default());
    let ctx = till(&shop, None);
    let cart = common::cart_of(store, items);
    let draft = prepare(&ctx, &cart, None, &[Tender::rest(PaymentMethod::Card)], vec![])
        .map_err(|e| e.to_string())?;
    store.commit_sale(&draft, allow_oversell).map_err(|e| e.to_string())?;
    Ok(draft.id)
}

#[test]
fn a_sale_is_written_once_even_when_the_commit_is_retried() {
    let (_d, mut store) = common::store_with("shop.toml");
    let shop = shop(TaxPolicy::default());
    let ctx = till(&shop, None);
    let cart = common::cart_of(&store, &[("PH-128", 1), ("CASE-CLR", 2)]);
    let draft =
        prepare(&ctx, &cart, None, &[Tender::of(PaymentMethod::Cash, Money(70_000))], vec![]).unwrap();
    assert!(matches!(store.commit_sale(&draft, true).unwrap(), Committed::New { .. }));
    assert_eq!(store.commit_sale(&draft, true).unwrap(), Committed::AlreadyThere);
    assert_eq!(store.sale_count().unwrap(), 1);
    let last = store.last_sale("T1").unwrap().unwrap();
    assert_eq!((last.id.as_str(), last.total, last.lines), (draft.id.as_str(), Money(66_000), 2));
    assert!(store.last_sale("T2").unwrap().is_none());
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn stock_follows_sales_and_refunds_and_refunds_never_exceed_the_sale() {
    let (_d, mut store) = common::store_with("shop.toml");
    assert_eq!(stock(&store, "CASE-CLR"), 20);
    let id = sell(&mut store, &[("CASE-CLR", 3), ("CHG-30W", 1)], true).unwrap();
    assert_eq!(stock(&store, "CASE-CLR"), 17);
    store.upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    let (_, amount) = store.refund(&id, &[("CASE-CLR".into(), 2)], "T1", None, "boss").unwrap();
    assert_eq!(amount, Money(6_000));
    assert_eq!(stock(&store, "CASE-CLR"), 19);
    let e = store.refund(&id, &[("CASE-CLR".into(), 2)], "T1", None, "boss").unwrap_err();
    assert!(e.to_string().contains("3 sold, 2 refunded already"), "{e}");
    assert!(store.refund(&id, &[("PH-128".into(), 1)], "T1", None, "boss").is_err(), "not on the sale");
    store.refund(&id, &[("CASE-CLR".into(), 1)], "T1", None, "boss").unwrap();
    assert_eq!(stock(&store, "CASE-CLR"), 20);
    let lines = store.sale_lines(&id).unwrap();
    assert_eq!((lines[0].qty, lines[0].refunded), (3, 3));
}

#[test]
fn overselling_is_refused_when_the_store_says_so() {
    let (_d, mut store) = common::store_with("shop.toml");
    let e = sell(&mut store, &[("TV-65", 5)], false).unwrap_err();
    assert!(e.contains("only 2 Tessel 65 in TV left in stock"), "{e}");
    assert_eq!(store.sale_count().unwrap(), 0);
    assert_eq!(stock(&store, "TV-65"), 2);
    sell(&mut store, &[("TV-65", 5)], true).unwrap();
    assert_eq!(stock(&store, "TV-65"), -3);
}

#[test]
fn big_discounts_need_a_manager_pin_and_leave_an_audit_row() {
    let (_d, mut store) = common::store_with("shop.toml");
    store.upsert_staff("ann", "Ann", Role::Cashier, Some("1111")).unwrap();
    store.upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    let shop = shop(TaxPolicy::default());
    let ctx = till(&shop, Some("ann"));
    let mut cart = common::cart_of(&store, &[("PH-128", 1)]);
    cart.lines[0].discount = Some(counterpart::cart::Discount {
        off: counterpart::cart::Off::Amount(Money(12_000)),
        approved_by: None,
    }); // 20 %
    let e = prepare(&ctx, &cart, None, &[Tender::rest(PaymentMethod::Card)], vec![]).unwrap_err();
    assert!(matches!(e, CheckoutError::NeedsApproval(_)));
    assert!(store.approve("ann", "1111", 5, 15).unwrap_err().to_string().contains("not a manager"));
    assert!(store.approve("boss", "0000", 5, 15).unwrap_err().to_string().contains("wrong PIN"));
    let boss = store.approve("boss", "2468", 5, 15).unwrap();
    let approval =
        Approval { action: ApprovalAction::Discount, manager_id: boss.id, details: "20 % on PH-128".into() };
    let draft = prepare(&ctx, &cart, None, &[Tender::rest(PaymentMethod::Card)], vec![approval]).unwrap();
    store.commit_sale(&draft, true).unwrap();
    let log = store.audit_log().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].action.as_str(), log[0].approved_by.as_deref()), ("discount", Some("boss")));
    assert_eq!(log[0].sale_id.as_deref(), Some(draft.id.as_str()));
    // The database itself refuses to change or delete an audit row, whoever asks.
    let raw = rusqlite::Connection::open(store.path()).unwrap();
    for tamper in ["UPDATE audit_log SET details = 'changed'", "DELETE FROM audit_log"] {
        let e = raw.execute(tamper, []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{tamper}: {e}");
    }
    assert_eq!(store.audit_log().unwrap()[0].details, "20 % on PH-128");
}

#[test]
fn five_wrong_pins_lock_the_account_even_for_the_right_pin() {
    let (_d, mut store) = common::store_with("shop.toml");
    store.upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    for _ in 0..4 {
        assert!(store.approve("boss", "9999", 5, 15).unwrap_err().to_string().contains("wrong PIN"));
    }
    assert!(store.approve("boss", "2468", 5, 15).is_ok(), "a right PIN before the fifth resets the count");
    for _ in 0..5 {
        let _ = store.approve("boss", "9999", 5, 15);
    }
    let e = store.approve("boss", "2468", 5, 15).unwrap_err();
    assert!(e.to_string().contains("locked"), "{e}");
}

#[test]
fn parked_carts_and_the_cart_in_progress_survive_a_restart() {
    let (dir, mut store) = common::store_with("shop.toml");
    let cart = common::cart_of(&store, &[("PH-128", 1), ("HDMI-2M", 2)]);
    // An exchange pending on the open cart comes back with it.
    let exchange = counterpart::checkout::Exchange {
        sale_id: "T1-earlier".into(),
        items: vec![("CASE-CLR".into(), 1)],
        credit: counterpart::money::Money(2499),
        manager_id: Some("boss".into()),
        refund_id: "T1-refund".into(),
    };
    store.save_cart("T1", None, "cart-1", &cart, Some(&exchange)).unwrap();
    store.park_cart("T1", None, "cart-2", &common::cart_of(&store, &[("TV-50", 1)]), "Mrs Lee").unwrap();
    drop(store);
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let (id, open, pending) = store.open_cart("T1").unwrap().unwrap();
    assert_eq!((id.as_str(), &open, pending.as_ref()), ("cart-1", &cart, Some(&exchange)));
    // Saved again without it (the exchange was dropped): none comes back.
    store.save_cart("T1", None, "cart-1", &cart, None).unwrap();
    assert_eq!(store.open_cart("T1").unwrap().unwrap().2, None);
    let parked = store.parked_carts().unwrap();
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].label, "Mrs Lee");
    let recalled = store.recall_cart("cart-2", "T2").unwrap();
    assert_eq!(recalled.lines[0].sku, "TV-50");
    assert!(store.parked_carts().unwrap().is_empty());
    assert!(store.recall_cart("cart-2", "T3").is_err(), "a cart is recalled once");
}

#[test]
fn suggestion_events_are_attached_to_the_sale() {
    use counterpart::suggest::Source;
    use counterpart::suggest::events::{EventKind, ListKind, Place, SuggestionEvent};
    let (_d, mut store) = common::store_with("shop.toml");
    let ev = |event| SuggestionEvent {
        cart_id: "c9".into(),
        list: ListKind::CrossSell,
        event,
        anchor_sku: "PH-128".into(),
        sku: "CASE-CLR".into(),
        source: Source::Curated,
        rank: 1,
        place: Place::Pane,
    };
    store.record_events("T1", None, &[ev(EventKind::Shown), ev(EventKind::Added)]).unwrap();
    let shop = shop(TaxPolicy::default());
    let ctx = till(&shop, None);
    let cart = common::cart_of(&store, &[("PH-128", 1), ("CASE-CLR", 1)]);
    let draft = prepare(&ctx, &cart, Some("c9"), &[Tender::rest(PaymentMethod::Card)], vec![]).unwrap();
    store.commit_sale(&draft, true).unwrap();
    let out = bin().args(["--db"]).arg(store.path()).arg("export-sales").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("sale_id,completed_at,terminal,staff,sku,qty,unit_price,line_total,origin"));
    assert_eq!(text.lines().count(), 3);
    assert!(text.contains(",PH-128,1,600.00,600.00,scan,"), "{text}");
}

fn count_sales(db: &std::path::Path) -> i64 {
    Store::open(db).unwrap().sale_count().unwrap()
}

#[test]
fn four_terminals_selling_at_once_lose_nothing() {
    let (dir, store) = common::store_with("shop.toml");
    let db = store.path().to_path_buf();
    drop(store);
    let children: Vec<_> = (1..=4)
        .map(|t| {
            bin()
                .arg("--db")
                .arg(&db)
                .args(["simulate", "--sales", "60", "--terminal", &format!("T{t}"), "--seed", &t.to_string()])
                .arg("--verbose")
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut acknowledged = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success());
        acknowledged +=
            String::from_utf8_lossy(&out.stdout).lines().filter(|l| l.starts_with("committed ")).count();
    }
    assert_eq!(acknowledged, 240);
    assert_eq!(count_sales(&db), 240);
    drop(dir);
}

#[test]
fn killing_the_till_mid_sale_never_leaves_half_a_sale() {
    let (_dir, store) = common::store_with("shop.toml");
    let db = store.path().to_path_buf();
    drop(store);
    let mut acknowledged: Vec<String> = Vec::new();
    for round in 0..4u64 {
        let mut child = bin()
            .arg("--db")
            .arg(&db)
            .args(["simulate", "--sales", "100000", "--seed", &round.to_string(), "--verbose"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        // Let it commit a varying number of sales, then kill it without warning.
        let wanted = 5 + (round as usize * 7) % 23;
        let mut line = String::new();
        for _ in 0..wanted {
            line.clear();
            if reader.read_line(&mut line).unwrap() == 0 {
                break;
            }
            if let Some(id) = line.trim().strip_prefix("committed ") {
                acknowledged.push(id.to_string());
            }
        }
        std::thread::sleep(Duration::from_millis(3 * round));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        // Anything printed after we stopped reading was also committed.
        let mut rest = String::new();
        while reader.read_line(&mut rest).unwrap_or(0) > 0 {}
        acknowledged.extend(rest.lines().filter_map(|l| l.strip_prefix("committed ")).map(String::from));
    }
    let store = Store::open(&db).unwrap();
    assert!(store.check().unwrap().is_empty(), "{:?}", store.check());
    for id in &acknowledged {
        let lines = store.sale_lines(id).unwrap();
        assert!(!lines.is_empty(), "acknowledged sale {id} is missing");
    }
    // `check` compares every sale's line count and payment with what is stored.
    assert!(store.sale_count().unwrap() >= acknowledged.len() as i64);
    let out = bin().arg("--db").arg(&db).arg("check").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
}

fn with_pin(db: &std::path::Path, args: &[&str], pin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = bin()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{pin}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn refunds_and_voids_need_a_manager_pin_and_are_audited() {
    let (_d, mut store) = common::store_with("shop.toml");
    let db = store.path().to_path_buf();
    store.upsert_staff("ann", "Ann", Role::Cashier, Some("1111")).unwrap();
    store.upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    let first = sell(&mut store, &[("CASE-CLR", 2), ("CHG-30W", 1)], true).unwrap();
    let second = sell(&mut store, &[("HDMI-2M", 1)], true).unwrap();
    drop(store);
    let err = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).to_string();
    let out = with_pin(&db, &["refund", &first, "CASE-CLRx1", "--manager", "ann"], "1111");
    assert!(!out.status.success() && err(&out).contains("`ann` is not a manager"), "{}", err(&out));
    let out = with_pin(&db, &["refund", &first, "CASE-CLRx1", "--manager", "boss"], "0000");
    assert!(!out.status.success() && err(&out).contains("wrong PIN"), "{}", err(&out));
    let out = with_pin(&db, &["refund", &first, "CASE-CLRx1", "--manager", "boss"], "2468");
    assert!(out.status.success(), "{}", err(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("$30.00 back"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = with_pin(&db, &["void", &second, "--manager", "boss"], "2468");
    assert!(out.status.success(), "{}", err(&out));
    let out = with_pin(&db, &["void", &second, "--manager", "boss"], "2468");
    assert!(err(&out).contains("nothing left to void"), "{}", err(&out));
    let store = Store::open(&db).unwrap();
    let log = store.audit_log().unwrap();
    let actions: Vec<(&str, Option<&str>)> =
        log.iter().map(|r| (r.action.as_str(), r.approved_by.as_deref())).collect();
    assert_eq!(actions, [("refund", Some("boss")), ("void", Some("boss"))]);
    assert!(log[0].details.contains(&first) && log[0].details.contains("CASE-CLRx1"), "{}", log[0].details);
    assert_eq!(stock(&store, "HDMI-2M"), 40, "a void restocks");
}

/// `export-sales` parsed: the header and the rows.
fn export_sales(db: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let out = bin().arg("--db").arg(db).arg("export-sales").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut rdr = csv::Reader::from_reader(&out.stdout[..]);
    let header = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows = rdr.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

/// "-1038.11" in cents.
fn cents(amount: &str) -> i64 {
    amount.replace('.', "").parse().unwrap_or_else(|_| panic!("not an amount: {amount}"))
}

#[test]
fn export_sales_has_the_sale_columns_that_add_up_and_shows_voids_as_voids() {
    use counterpart::cart::{Discount, Off};
    use counterpart::money::{TaxRate, TaxRounding};
    let (_d, mut store) = common::store_with("shop.toml");
    let db = store.path().to_path_buf();
    store.upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    let shop = shop(TaxPolicy {
        rate: TaxRate::parse_percent("8.25").unwrap(),
        prices_include_tax: false,
        rounding: TaxRounding::Line,
    });
    let ctx = till(&shop, None);
    let mut cart = common::cart_of(&store, &[("PH-128", 1), ("CASE-CLR", 3), ("HDMI-2M", 1)]);
    cart.lines[0].discount = Some(Discount { off: Off::Percent(100_000), approved_by: None }); // 10 %
    cart.discount = Some(Discount { off: Off::Amount(Money(500)), approved_by: None });
    let draft = prepare(&ctx, &cart, None, &[Tender::rest(PaymentMethod::Card)], vec![]).unwrap();
    store.commit_sale(&draft, true).unwrap();
    let mistake = sell(&mut store, &[("HDMI-2M", 2)], true).unwrap();
    let returned = sell(&mut store, &[("CASE-CLR", 2)], true).unwrap();
    drop(store);
    let out = with_pin(&db, &["void", &mistake, "--manager", "boss"], "2468");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = with_pin(&db, &["refund", &returned, "CASE-CLRx1", "--manager", "boss"], "2468");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let (header, rows) = export_sales(&db);
    assert_eq!(
        header.join(","),
        "sale_id,completed_at,terminal,staff,sku,qty,unit_price,line_total,origin,kind,refund_of,\
         sale_discount,bundle_savings,tax,sale_total,payment,simulated,payments,shift"
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, kind, refund_of) = (col("sale_id"), col("kind"), col("refund_of"));
    // The discounted sale: its lines and its tax make its total.
    let lines: Vec<&Vec<String>> = rows.iter().filter(|r| r[id] == draft.id).collect();
    assert_eq!(lines.len(), 3);
    for c in ["sale_discount", "bundle_savings", "tax", "sale_total", "payment", "simulated"] {
        assert!(lines.iter().all(|r| r[col(c)] == lines[0][col(c)]), "{c} repeats on every line");
    }
    let first = lines[0];
    assert_eq!(first[col("sale_discount")], "65.00", "10 % of 600.00 and 5.00 off the cart");
    assert_eq!((first[col("payment")].as_str(), first[col("simulated")].as_str()), ("card", "0"));
    assert_eq!(first[col("payments")], format!("card:{}", first[col("sale_total")]));
    let line_sum: i64 = lines.iter().map(|r| cents(&r[col("line_total")])).sum();
    assert!(cents(&first[col("tax")]) > 0);
    assert_eq!(line_sum + cents(&first[col("tax")]), cents(&first[col("sale_total")]));
    assert_eq!(cents(&first[col("sale_total")]), draft.totals.total.0);
    // The void shows as a void, the refund as a refund.
    let kinds = |of: &str| -> Vec<&str> {
        rows.iter().filter(|r| r[refund_of] == of).map(|r| r[kind].as_str()).collect()
    };
    assert_eq!(kinds(&mistake), ["void"]);
    assert_eq!(kinds(&returned), ["refund"]);
    // What went back, and how: the refund's payment is negative.
    let refund = rows.iter().find(|r| r[refund_of] == returned).unwrap();
    assert_eq!(
        (refund[col("sale_total")].as_str(), refund[col("payments")].as_str()),
        ("-30.00", "card:-30.00")
    );
}

#[test]
fn a_split_tender_sale_exports_each_payment() {
    let (_d, mut store) = common::store_with("shop.toml");
    let shop = shop(TaxPolicy::default());
    let ctx = till(&shop, None);
    let cart = common::cart_of(&store, &[("PH-128", 1), ("HDMI-2M", 1)]);
    let tenders =
        [Tender::of(PaymentMethod::Card, Money(50_000)), Tender::of(PaymentMethod::Cash, Money(20_000))];
    let draft = prepare(&ctx, &cart, None, &tenders, vec![]).unwrap();
    store.commit_sale(&draft, true).unwrap();
    let (header, rows) = export_sales(store.path());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(r[col("payment")], "card+cash");
        // The cash part is what it paid (115.00), not the 200.00 handed over.
        assert_eq!(r[col("payments")], "card:500.00+cash:115.00");
    }
}

#[test]
fn counterpart_receipt_prints_the_kept_receipt_byte_for_byte_and_says_when_there_is_none() {
    let (_d, mut store) = common::store_with("shop.toml");
    let db = store.path().to_path_buf();
    store.upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
    let shop = Config::defaults().shop;
    let cart = common::cart_of(&store, &[("PH-128", 1), ("CASE-CLR", 1)]);
    let draft =
        prepare(&till(&shop, None), &cart, None, &[Tender::rest(PaymentMethod::Card)], vec![]).unwrap();
    let Committed::New { receipt: Some(printed), .. } =
        store.commit_sale_printed(&draft, true, &[], Some(&shop)).unwrap()
    else {
        panic!("no receipt kept")
    };
    // A sale written without its receipt: as every sale before schema 13.
    let old = sell(&mut store, &[("HDMI-2M", 1)], true).unwrap();
    drop(store);
    let out = bin().arg("--db").arg(&db).args(["receipt", &draft.id]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, printed.as_bytes(), "the reprint is the receipt as printed");
    let out = bin().arg("--db").arg(&db).args(["receipt", &old]).output().unwrap();
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        format!("counterpart: sale {old} was recorded before receipts were kept")
    );
    // A refund from the command line keeps its own receipt, which names the sale.
    let out = with_pin(&db, &["refund", &draft.id, "CASE-CLRx1", "--manager", "boss"], "2468");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let refund: String = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap()
        .trim_end_matches(':')
        .to_string();
    let out = bin().arg("--db").arg(&db).args(["receipt", &refund]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("Refund {refund}\nof sale {}", draft.id)), "{text}");
    // $30.00 and its tax added at the till (8.25 %).
    assert!(text.lines().any(|l| l.starts_with("Back (card)") && l.ends_with("$32.48")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("TOTAL BACK") && l.ends_with("$32.48")), "{text}");
}
