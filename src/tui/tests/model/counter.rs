//! The real till the model is checked against: a temp database, the
//! keymap, `update`, the worker and the store, driven key by key.

mod returns;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use ratatui::crossterm::event::KeyCode;

use super::{MCart, MDiscount, MLine, Off, Op, Shop, WORDS, discount_of, over_cap};
use crate::config::Config;
use crate::money::{Currency, Money, TaxRounding};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Key;
use crate::tui::state::{Overlay, Pane, State};
use crate::tui::testing::settle;
use crate::tui::tests::{shop_db, start};
use crate::tui::update::key_action;
use crate::tui::worker::Worker;

pub(super) struct Counter {
    _dir: tempfile::TempDir,
    db: PathBuf,
    state: State,
    worker: Worker,
    pub(super) shop: Shop,
    /// Today's prices, as the model knows them.
    prices: BTreeMap<String, i64>,
    stock: BTreeMap<String, i64>,
    cart: MCart,
    parked: Vec<(String, MCart)>,
    pub(super) sales: usize,
    /// The sales made, to return from.
    sold: Vec<Sold>,
}

/// A sale made: its id, lines (SKU, quantity) and what came back of each SKU.
type Sold = (String, Vec<(String, i64)>, BTreeMap<String, i64>);

/// The shop's configuration, with tax rounded once per invoice as the model rounds it.
fn config() -> Config {
    let mut c = Config::defaults();
    Arc::make_mut(&mut c.shop).tax.rounding = TaxRounding::Invoice;
    c
}

/// The shop in a database with a manager, made once; every case starts from a copy.
fn template() -> &'static Path {
    static T: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, p) = T.get_or_init(|| {
        let (dir, path) = shop_db();
        Store::open(&path)
            .unwrap()
            .upsert_staff("boss", "Boss", crate::store::staff::Role::Manager, Some("2468"))
            .unwrap();
        (dir, path)
    });
    p
}

impl Counter {
    pub(super) fn open() -> Counter {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("till.db");
        std::fs::copy(template(), &db).unwrap();
        let (state, worker) = start(&db, &config());
        let catalog = state.catalog.clone().expect("catalog loaded");
        let mut shop = Shop {
            skus: Vec::new(),
            names: BTreeMap::new(),
            barcodes: BTreeMap::new(),
            active: BTreeMap::new(),
            bundles: Vec::new(),
        };
        let (mut prices, mut stock) = (BTreeMap::new(), BTreeMap::new());
        for (i, p) in catalog.product_indices().zip(&catalog.products) {
            shop.skus.push(p.sku.clone());
            shop.names.insert(p.sku.clone(), p.name.clone());
            shop.active.insert(p.sku.clone(), p.active);
            if let Some(b) = &p.barcode {
                shop.barcodes.insert(p.sku.clone(), b.trim_start_matches('0').to_string());
            }
            prices.insert(p.sku.clone(), p.price.0);
            stock.insert(p.sku.clone(), catalog.stock(i));
        }
        for b in &catalog.bundles {
            let items = b.items.iter().map(|&i| catalog.product(i).sku.clone()).collect();
            shop.bundles.push((b.code.clone(), items, b.discount.0));
        }
        Counter {
            _dir: dir,
            db,
            state,
            worker,
            shop,
            prices,
            stock,
            cart: MCart::default(),
            parked: Vec::new(),
            sales: 0,
            sold: Vec::new(),
        }
    }

    fn press(&mut self, code: KeyCode) {
        if let Some(a) = key_action(&self.state, Key::plain(code)) {
            settle(&mut self.state, &mut self.worker, a);
        }
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
        let entry = match &self.state.overlay {
            None => Some(self.state.search.entry.as_str()),
            _ => None,
        };
        if let Some(entry) = entry {
            assert!(entry.ends_with(text), "typed {text:?}, the entry line shows {entry:?}");
        }
    }

    fn focus(&mut self, pane: Pane) {
        for _ in 0..4 {
            if self.state.focus == pane {
                return;
            }
            self.press(KeyCode::Tab);
        }
        assert_eq!(self.state.focus, pane);
    }

    fn select_line(&mut self, j: usize) -> Option<usize> {
        if self.cart.lines.is_empty() {
            return None;
        }
        let j = j % self.cart.lines.len();
        self.focus(Pane::Cart);
        self.press(KeyCode::Home);
        for _ in 0..j {
            self.press(KeyCode::Down);
        }
        assert_eq!(self.state.session.sel, j);
        Some(j)
    }

    fn status(&self) -> String {
        self.state.status.as_ref().map(|m| m.text.clone()).unwrap_or_default()
    }

    /// Closes the receipt (Enter: next customer) and any stray window.
    fn main_screen(&mut self) {
        if self.state.overlay.is_some() {
            self.press(KeyCode::Esc);
        }
        assert_eq!(self.state.overlay, None);
    }

    fn added(&mut self, sku: &str, qty: i64) {
        if self.shop.active[sku] {
            self.cart.add(sku, self.prices[sku], qty);
        }
    }

    pub(super) fn apply(&mut self, op: &Op) {
        let n = self.shop.skus.len();
        let on_receipt = matches!(self.state.overlay, Some(Overlay::Receipt { .. }));
        if !(on_receipt && matches!(op, Op::Scan(_))) {
            self.main_screen();
        }
        match *op {
            Op::Scan(i) => {
                let sku = self.shop.skus[i % n].clone();
                let Some(code) = self.shop.barcodes.get(&sku).cloned() else { return };
                // A scanner types its digits, then the burst is recognised.
                self.type_text(&code);
                settle(&mut self.state, &mut self.worker, Action::Scan(code));
                if on_receipt {
                    assert_eq!(self.state.overlay, None, "a scan on the receipt starts the next cart");
                }
                self.added(&sku, 1);
            }
            Op::TypeSku(i) => {
                let sku = self.shop.skus[i % n].clone();
                self.type_text(&sku);
                self.press(KeyCode::Enter);
                self.added(&sku, 1);
            }
            Op::SearchAdd(i) => {
                let name = self.shop.names[&self.shop.skus[i % n]].clone();
                self.focus(Pane::Results);
                self.type_text(&name);
                let Some(&top) = self.state.search.results.first() else { panic!("no result for {name:?}") };
                let sku = self.state.catalog.as_ref().unwrap().product(top).sku.clone();
                self.press(KeyCode::Enter);
                self.added(&sku, 1);
            }
            Op::AddSuggestion(k) => {
                let list = &self.state.suggest.lists.cross_sell;
                if list.is_empty() {
                    return;
                }
                let k = k % list.len();
                self.focus(Pane::CrossSell);
                self.press(KeyCode::Home);
                for _ in 0..k {
                    self.press(KeyCode::Down);
                }
                let sku = self.state.suggest.lists.cross_sell[k].sku.clone();
                self.press(KeyCode::Enter);
                self.added(&sku, 1);
            }
            Op::Swap(j) => {
                let Some(j) = self.select_line(j) else { return };
                let line_sku = self.cart.lines[j].sku.clone();
                if let Some(u) = self.state.suggest.lists.upsell.first() {
                    assert_eq!(u.for_sku, line_sku, "the upgrades follow the highlighted line");
                }
                self.focus(Pane::CrossSell);
                self.focus(Pane::Upsell);
                self.press(KeyCode::Home);
                let Some(up) = self.state.suggest.lists.upsell.first().map(|u| u.sku.clone()) else { return };
                self.press(KeyCode::F(6));
                let price = self.prices[&up];
                let qty = self.cart.lines[j].qty;
                match self.cart.lines.iter().position(|l| l.sku == up && l.unit == price) {
                    Some(e) => {
                        self.cart.lines[e].qty += qty;
                        self.cart.lines.remove(j);
                    }
                    None => self.cart.lines[j] = MLine { sku: up, unit: price, qty, discount: None },
                }
            }
            Op::More(j) => {
                let Some(j) = self.select_line(j) else { return };
                self.press(KeyCode::Char('+'));
                let sku = self.cart.lines[j].sku.clone();
                if self.prices[&sku] == self.cart.lines[j].unit {
                    self.cart.lines[j].qty += 1;
                } else {
                    self.cart.add(&sku, self.prices[&sku], 1);
                }
            }
            Op::Fewer(j) => {
                let Some(j) = self.select_line(j) else { return };
                self.press(KeyCode::Char('-'));
                self.cart.lines[j].qty -= 1;
                if self.cart.lines[j].qty == 0 {
                    self.cart.remove(j);
                }
            }
            Op::Delete(j) => {
                let Some(j) = self.select_line(j) else { return };
                self.press(KeyCode::Delete);
                self.cart.remove(j);
            }
            Op::LineDiscount(j, off, approve) => {
                let Some(j) = self.select_line(j) else { return };
                let l = &self.cart.lines[j];
                let base = l.unit * l.qty;
                if let Some(d) = self.discount(off, base, approve) {
                    self.cart.lines[j].discount = d;
                }
            }
            Op::CartDiscount(off, approve) => {
                if self.cart.lines.is_empty() {
                    return;
                }
                self.focus(Pane::CrossSell);
                let base = self.cart.cart_discount_base(&self.shop);
                if let Some(d) = self.discount(off, base, approve) {
                    self.cart.discount = d;
                }
            }
            Op::Budget(b) => {
                self.press(KeyCode::F(2));
                self.type_text(&Currency::usd().plain(Money(b)));
                self.press(KeyCode::Enter);
                self.cart.budget = Some(b);
            }
            Op::Park => {
                if self.cart.lines.is_empty() {
                    return;
                }
                let id = self.state.session.cart_id.clone();
                self.press(KeyCode::F(4));
                self.parked.push((id, std::mem::take(&mut self.cart)));
            }
            Op::Recall(k) => {
                if !self.cart.lines.is_empty() || self.parked.is_empty() {
                    return;
                }
                let k = k % self.parked.len();
                self.press(KeyCode::F(4));
                let Some(Overlay::Park { carts: Some(list), .. }) = &self.state.overlay else {
                    panic!("no recall list: {:?}", self.state.overlay)
                };
                let at =
                    list.iter().position(|c| c.id == self.parked[k].0).expect("the parked cart is listed");
                self.press(KeyCode::Home);
                for _ in 0..at {
                    self.press(KeyCode::Down);
                }
                self.press(KeyCode::Enter);
                self.cart = self.parked.remove(k).1;
                // The highlight is on the first line, and the upgrades are for it.
                let first = &self.state.session.cart.lines[self.state.session.sel];
                if let Some(u) = self.state.suggest.lists.upsell.first() {
                    assert_eq!(
                        u.for_sku, first.sku,
                        "after a recall the upgrades follow the highlighted line"
                    );
                }
            }
            Op::PriceChange(i, cents) => {
                let sku = self.shop.skus[i % n].clone();
                let conn = rusqlite::Connection::open(&self.db).unwrap();
                conn.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                conn.execute("UPDATE products SET price = ?2 WHERE sku = ?1", rusqlite::params![sku, cents])
                    .unwrap();
                conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'", []).unwrap();
                conn.execute_batch("COMMIT").unwrap();
                if let Some(reply) = self.worker.handle(Effect::CheckCatalog) {
                    settle(&mut self.state, &mut self.worker, reply);
                }
                self.prices.insert(sku, cents);
            }
            Op::Checkout(method, extra) => self.checkout(method, extra),
            Op::LastChance(slot) => {
                if self.cart.lines.is_empty() {
                    return;
                }
                self.press(KeyCode::F(12));
                let Some(Overlay::Checkout(form)) = &self.state.overlay else {
                    panic!("F12 opens the payment window: {:?}", self.state.overlay)
                };
                let listed = form.last_chance[slot].clone();
                self.press(KeyCode::Char(if slot == 0 { 'a' } else { 'b' }));
                assert!(
                    matches!(self.state.overlay, Some(Overlay::Checkout(_))),
                    "the seller stays in checkout"
                );
                if let Some(sku) = listed {
                    self.added(&sku, 1);
                }
                self.press(KeyCode::Esc);
            }
            Op::Words(k) => {
                let (word, needs_search) = WORDS[k % WORDS.len()];
                if needs_search {
                    self.focus(Pane::Results);
                }
                self.type_text(word);
                assert_eq!(self.state.search.entry, word, "every character typed is in the entry line");
                self.press(KeyCode::Esc);
            }
            Op::Return(k, j, q) => self.return_part(k, j, q),
            Op::Exchange(k, j, q, i) => self.exchange(k, j, q, i),
        }
    }

    /// F7, the discount typed, and the manager when it is above the cap.
    /// Returns what the model's discount becomes, when it changes.
    fn discount(&mut self, off: Off, base: i64, approve: bool) -> Option<Option<MDiscount>> {
        self.press(KeyCode::F(7));
        let text = match off {
            Off::Percent(ppm) => format!("{}%", ppm / 10_000),
            Off::Amount(a) => Currency::usd().plain(Money(a)),
        };
        self.type_text(&text);
        self.press(KeyCode::Enter);
        if let Off::Amount(a) = off
            && a > base
        {
            assert!(
                matches!(self.state.overlay, Some(Overlay::Discount(_))),
                "an amount above the line is refused"
            );
            self.press(KeyCode::Esc);
            return None;
        }
        let d = MDiscount { off, approved: false };
        let applied = |d: MDiscount| Some((discount_of(&Some(d.clone()), base) > 0).then_some(d));
        if !over_cap(&d, base) {
            assert_eq!(self.state.overlay, None, "{text} within the cap is given at once");
            return applied(d);
        }
        assert!(
            matches!(&self.state.overlay, Some(Overlay::Discount(f)) if f.stage == 1),
            "{text} above the cap asks for a manager"
        );
        if !approve {
            self.press(KeyCode::Esc);
            return None;
        }
        self.type_text("boss");
        self.press(KeyCode::Enter);
        self.type_text("2468");
        self.press(KeyCode::Enter);
        assert_eq!(self.state.overlay, None, "the manager approved");
        applied(MDiscount { off, approved: true })
    }

    fn checkout(&mut self, method: u8, extra: i64) {
        if self.cart.lines.is_empty() {
            return;
        }
        let owed = self.cart.owed(&self.shop);
        self.press(KeyCode::F(12));
        for _ in 0..method.min(2) {
            self.press(KeyCode::Tab);
        }
        let tendered = owed.total + extra;
        if method == 1 {
            self.type_text(&Currency::usd().plain(Money(tendered)));
        }
        let before = self.sales;
        self.press(KeyCode::Enter);
        if self.cart.needs_manager(&self.shop) {
            let Some(Overlay::Checkout(form)) = &self.state.overlay else {
                panic!("{:?}", self.state.overlay)
            };
            assert!(form.error.as_deref().unwrap_or("").contains("manager"), "{form:?}");
            self.press(KeyCode::Esc);
            return;
        }
        assert!(
            matches!(self.state.overlay, Some(Overlay::Receipt { .. })),
            "{:?} {}",
            self.state.overlay,
            self.status()
        );
        let sale = self.state.session.last_sale.clone().expect("the sale is recorded");
        self.sales = before + 1;
        let lines = self.cart.lines.iter().map(|l| (l.sku.clone(), l.qty)).collect();
        self.sold.push((sale.id.clone(), lines, BTreeMap::new()));
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        let row: (i64, i64, i64, i64, i64, i64) = conn
            .query_row(
                "SELECT subtotal, discount, bundle_savings, tax, total, line_count FROM sales WHERE id = ?1",
                [&sale.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .unwrap();
        let expected = (
            owed.subtotal,
            owed.line_discounts + owed.cart_discount,
            owed.bundle_savings,
            owed.tax,
            owed.total,
            self.cart.lines.len() as i64,
        );
        assert_eq!(
            row, expected,
            "recorded (subtotal, discount, bundle savings, tax, total, lines) for {:?}",
            self.cart
        );
        let mut lines: Vec<(String, i64, i64)> = conn
            .prepare("SELECT sku, qty, unit_price FROM sale_lines WHERE sale_id = ?1 ORDER BY line_no")
            .unwrap()
            .query_map([&sale.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut want: Vec<(String, i64, i64)> =
            self.cart.lines.iter().map(|l| (l.sku.clone(), l.qty, l.unit)).collect();
        lines.sort();
        want.sort();
        assert_eq!(lines, want, "recorded lines");
        let line_sum: i64 = conn
            .query_row("SELECT sum(line_total) FROM sale_lines WHERE sale_id = ?1", [&sale.id], |r| r.get(0))
            .unwrap();
        assert_eq!(line_sum, owed.subtotal, "the lines add up to the subtotal");
        let pay: (String, i64, i64, i64) = conn
            .query_row(
                "SELECT method, amount, tendered, change FROM payments WHERE sale_id = ?1",
                [&sale.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        let want_pay = match method {
            0 => ("card".to_string(), owed.total, owed.total, 0),
            1 => ("cash".to_string(), owed.total, tendered, extra),
            _ => ("other".to_string(), owed.total, owed.total, 0),
        };
        assert_eq!(pay, want_pay, "payment");
        let oversold = self.cart.lines.iter().any(|l| {
            let sold: i64 = self.cart.lines.iter().filter(|m| m.sku == l.sku).map(|m| m.qty).sum();
            self.stock[&l.sku] < sold
        });
        for l in &self.cart.lines {
            *self.stock.get_mut(&l.sku).unwrap() -= l.qty;
        }
        for (sku, want) in &self.stock {
            let got: i64 =
                conn.query_row("SELECT stock FROM products WHERE sku = ?1", [sku], |r| r.get(0)).unwrap();
            assert_eq!(got, *want, "stock of {sku}");
        }
        assert_eq!(self.status().contains("more than the recorded stock"), oversold, "{}", self.status());
        let Some(Overlay::Receipt { text }) = &self.state.overlay else { unreachable!() };
        let total = Currency::usd().display(Money(owed.total));
        assert!(
            text.lines().any(|l| l.starts_with("TOTAL") && l.ends_with(&total)),
            "the receipt says {total}:\n{text}"
        );
        if owed.bundle_savings > 0 {
            assert!(text.contains("bundle"), "the receipt shows the bundle saving:\n{text}");
        }
        self.cart = MCart::default();
    }

    /// The screen agrees with the model after every step.
    pub(super) fn check(&self, op: &Op) {
        let got: Vec<(String, i64, i64)> =
            self.state.session.cart.lines.iter().map(|l| (l.sku.clone(), l.qty, l.unit_price.0)).collect();
        let want: Vec<(String, i64, i64)> =
            self.cart.lines.iter().map(|l| (l.sku.clone(), l.qty, l.unit)).collect();
        assert_eq!(got, want, "cart lines after {op:?}");
        let tax = config().shop.tax;
        let on_screen = self.state.session.cart.totals(&tax);
        let owed = self.cart.owed(&self.shop);
        assert_eq!(
            (on_screen.subtotal.0, on_screen.tax.0, on_screen.total.0),
            (owed.subtotal, owed.tax, owed.total),
            "the totals on screen after {op:?} for {:?}",
            self.cart
        );
        assert_eq!(self.state.session.cart.budget.map(|b| b.0), self.cart.budget, "budget after {op:?}");
        // What the suggestion panes offer keeps the customer within their budget.
        if let Some(budget) = self.cart.budget {
            for c in &self.state.suggest.lists.cross_sell {
                let mut with = self.cart.clone();
                with.add(&c.sku, self.prices[&c.sku], 1);
                assert!(with.owed(&self.shop).total <= budget, "{} breaks the budget {budget}", c.sku);
            }
        }
        // An upgrade swapped in for its whole line keeps the customer within their budget too,
        // bundle savings it ends included.
        if let (Some(budget), Some(u)) = (self.cart.budget, self.state.suggest.lists.upsell.first())
            && let Some(j) = self.cart.lines.iter().position(|l| l.sku == u.for_sku)
        {
            let mut with = self.cart.clone();
            let qty = with.lines[j].qty;
            with.lines[j] = MLine { sku: u.sku.clone(), unit: self.prices[&u.sku], qty, discount: None };
            assert!(
                with.owed(&self.shop).total <= budget,
                "swapping in {} breaks the budget {budget}",
                u.sku
            );
        }
        if self.state.focus == Pane::Cart
            && let (Some(u), Some(l)) = (
                self.state.suggest.lists.upsell.first(),
                self.state.session.cart.lines.get(self.state.session.sel),
            )
        {
            assert_eq!(u.for_sku, l.sku, "the upgrade pane follows the highlighted line");
        }
    }
}
