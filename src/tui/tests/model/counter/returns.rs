//! The model's return and exchange steps: part of an earlier sale comes back
//! through the return window (F11), approved by the manager, or is refused
//! beyond what is left to return; or, with `x`, pays for product `i` on an
//! empty cart (refused on a cart that holds something), both written when
//! the rest is paid by card.

use std::collections::BTreeMap;

use ratatui::crossterm::event::KeyCode;

use super::Counter;
use crate::checkout::PaymentMethod;
use crate::money::Money;
use crate::store::Store;
use crate::tui::state::Overlay;

impl Counter {
    /// F11, sale `k`'s id typed, line `j`, `q` of it: refused beyond what is
    /// left to return (nothing written), else approved and refunded, the
    /// stock back.
    pub(super) fn return_part(&mut self, k: usize, j: usize, q: i64) {
        let Some((k, sku)) = self.choose_return(k, j, q) else { return };
        self.press(KeyCode::Enter);
        self.approve();
        assert!(matches!(self.state.overlay, Some(Overlay::Receipt { .. })), "{}", self.status());
        *self.sold[k].2.entry(sku.clone()).or_default() += q;
        *self.stock.get_mut(&sku).unwrap() += q;
        self.check_returned(k, &sku);
    }

    /// As [`return_part`](Self::return_part), then `x`: refused on a cart
    /// holding lines; else approved, product `i` added, and F12 Enter pays
    /// what the credit leaves by card; the refund and the sale are written
    /// together, the credit adding up on both.
    pub(super) fn exchange(&mut self, k: usize, j: usize, q: i64, i: usize) {
        let Some((k, sku)) = self.choose_return(k, j, q) else { return };
        let credit = match &self.state.overlay {
            Some(Overlay::Return(form)) => form.quote.as_ref().map(|x| x.back).unwrap(),
            other => panic!("{other:?}"),
        };
        self.press(KeyCode::Char('x'));
        if !self.cart.lines.is_empty() {
            let Some(Overlay::Return(form)) = &self.state.overlay else { panic!("{:?}", self.state.overlay) };
            assert!(form.error.as_deref().unwrap_or("").contains("park this one first"), "{form:?}");
            self.press(KeyCode::Esc);
            self.press(KeyCode::Esc);
            return self.check_returned(k, &sku);
        }
        self.approve();
        assert_eq!(self.state.overlay, None, "{}", self.status());
        assert_eq!(self.state.session.exchange.as_ref().map(|e| e.credit), Some(credit));
        let product = self.shop.skus[i % self.shop.skus.len()].clone();
        self.type_text(&product);
        self.press(KeyCode::Enter);
        self.added(&product, 1);
        if self.cart.lines.is_empty() {
            // Not on sale: nothing to pay for; Delete on the empty cart drops the exchange, nothing booked.
            self.press(KeyCode::F(12));
            assert!(self.status().starts_with("The exchange cart is empty"), "{}", self.status());
            self.focus(crate::tui::state::Pane::Cart);
            self.press(KeyCode::Delete);
            assert!(self.state.session.exchange.is_none(), "{}", self.status());
            return self.check_returned(k, &sku);
        }
        let total = self.cart.owed(&self.shop).total;
        self.press(KeyCode::F(12));
        self.press(KeyCode::Enter);
        assert!(matches!(self.state.overlay, Some(Overlay::Receipt { .. })), "{}", self.status());
        let sale = self.state.session.last_sale.clone().expect("the sale is recorded");
        let store = Store::open(&self.db).unwrap();
        let used = credit.0.min(total);
        let parts: Vec<(PaymentMethod, Money)> =
            store.payments(&sale.id).unwrap().iter().map(|p| (p.method, p.amount)).collect();
        let mut want = vec![(PaymentMethod::Credit, Money(used))];
        if total > used {
            want.push((PaymentMethod::Card, Money(total - used)));
        }
        assert_eq!(parts, want, "the new sale: the credit, then the card");
        let refund: (i64, i64) = store
            .conn()
            .query_row(
                "SELECT s.total, (SELECT sum(amount) FROM payments p WHERE p.sale_id = s.id AND p.method = 'credit') \
                 FROM sales s WHERE s.refund_of = ?1 ORDER BY s.completed_at DESC, s.rowid DESC LIMIT 1",
                [&self.sold[k].0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(refund, (-credit.0, -used), "the refund: all of it back, the credit part to the sale");
        drop(store);
        self.sales += 1;
        *self.sold[k].2.entry(sku.clone()).or_default() += q;
        *self.stock.get_mut(&sku).unwrap() += q;
        *self.stock.get_mut(&product).unwrap() -= 1;
        self.sold.push((sale.id, vec![(product, 1)], BTreeMap::new()));
        self.cart = super::MCart::default();
        self.check_returned(k, &sku);
    }

    /// F11, sale `k`'s id typed, line `j`, `q` of it; `None` (the window
    /// closed again) when that is beyond what is left to return, else the
    /// sale's index and the SKU, the window showing the quote.
    fn choose_return(&mut self, k: usize, j: usize, q: i64) -> Option<(usize, String)> {
        if self.sold.is_empty() {
            return None;
        }
        let k = k % self.sold.len();
        let (id, lines) = (self.sold[k].0.clone(), self.sold[k].1.clone());
        let j = j % lines.len();
        let (sku, qty) = lines[j].clone();
        let left = qty - self.sold[k].2.get(&sku).copied().unwrap_or(0);
        self.press(KeyCode::F(11));
        self.type_text(&id);
        self.press(KeyCode::Enter);
        // The window starts on the first line left to return: to the top, then down to line `j`.
        for _ in 0..lines.len() {
            self.press(KeyCode::Up);
        }
        for _ in 0..j {
            self.press(KeyCode::Down);
        }
        self.press(KeyCode::Char(char::from(b'0' + q as u8)));
        let Some(Overlay::Return(form)) = &self.state.overlay else { panic!("{:?}", self.state.overlay) };
        if q > left {
            assert!(form.error.as_deref().unwrap_or("").contains("can come back"), "{form:?}");
            assert!(form.quote.is_none(), "nothing to refund: {form:?}");
            // Esc back to the sale id, Esc closes.
            self.press(KeyCode::Esc);
            self.press(KeyCode::Esc);
            self.check_returned(k, &sku);
            return None;
        }
        assert_eq!(form.quote.as_ref().map(|x| x.lines.len()), Some(1), "{form:?}");
        Some((k, sku))
    }

    /// The manager's id and PIN.
    fn approve(&mut self) {
        self.type_text("boss");
        self.press(KeyCode::Enter);
        self.type_text("2468");
        self.press(KeyCode::Enter);
    }

    /// What came back of `sku` of sale `k`, and every stock count, as the model says.
    fn check_returned(&self, k: usize, sku: &str) {
        let store = Store::open(&self.db).unwrap();
        let back: i64 = store
            .sale_lines(&self.sold[k].0)
            .unwrap()
            .iter()
            .filter(|l| l.sku == sku)
            .map(|l| l.refunded)
            .next()
            .unwrap();
        assert_eq!(back, self.sold[k].2.get(sku).copied().unwrap_or(0), "returned of {sku}");
        for (sku, want) in &self.stock {
            let got = store.stock_levels().unwrap().into_iter().find(|(s, _)| s == sku).unwrap().1;
            assert_eq!(got, *want, "stock of {sku} after a return");
        }
    }
}
