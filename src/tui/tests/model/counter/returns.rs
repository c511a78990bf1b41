//! The model's return step: part of an earlier sale comes back through the
//! return window (F11), approved by the manager, or is refused beyond what
//! is left to return.

use ratatui::crossterm::event::KeyCode;

use super::Counter;
use crate::store::Store;
use crate::tui::state::Overlay;

impl Counter {
    /// F11, sale `k`'s id typed, line `j`, `q` of it: refused beyond what is
    /// left to return (nothing written), else approved and refunded, the
    /// stock back.
    pub(super) fn return_part(&mut self, k: usize, j: usize, q: i64) {
        if self.sold.is_empty() {
            return;
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
        } else {
            assert_eq!(form.quote.as_ref().map(|x| x.lines.len()), Some(1), "{form:?}");
            self.press(KeyCode::Enter);
            self.type_text("boss");
            self.press(KeyCode::Enter);
            self.type_text("2468");
            self.press(KeyCode::Enter);
            assert!(matches!(self.state.overlay, Some(Overlay::Receipt { .. })), "{}", self.status());
            *self.sold[k].2.entry(sku.clone()).or_default() += q;
            *self.stock.get_mut(&sku).unwrap() += q;
        }
        let store = Store::open(&self.db).unwrap();
        let back: i64 = store
            .sale_lines(&id)
            .unwrap()
            .iter()
            .filter(|l| l.sku == sku)
            .map(|l| l.refunded)
            .next()
            .unwrap();
        assert_eq!(back, self.sold[k].2.get(&sku).copied().unwrap_or(0), "returned of {sku}");
        for (sku, want) in &self.stock {
            let got = store.stock_levels().unwrap().into_iter().find(|(s, _)| s == sku).unwrap().1;
            assert_eq!(got, *want, "stock of {sku} after a return");
        }
    }
}
