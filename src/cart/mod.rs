//! The customer's cart: lines, quantities, discounts, budget, dismissed
//! suggestions, and its totals under the store's tax policy.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::catalog::Product;
use crate::money::{Money, TaxPolicy, Totals};

/// How a line got into the cart (recorded on the sale for the KPIs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Scan,
    Search,
    Browse,
    CrossSell,
    Upsell,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Scan => "scan",
            Origin::Search => "search",
            Origin::Browse => "browse",
            Origin::CrossSell => "cross_sell",
            Origin::Upsell => "upsell",
        }
    }
}

/// One line of the cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub sku: String,
    pub name: String,
    /// The price charged for one (the list price unless overridden).
    pub unit_price: Money,
    /// The catalog price when the line was added.
    pub list_price: Money,
    pub qty: i64,
    /// Amount off this line.
    pub discount: Money,
    pub origin: Origin,
    /// For a service (a protection plan, setup): the SKU of the item it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<String>,
}

impl CartLine {
    /// Quantity × unit price − discount.
    pub fn total(&self) -> Money {
        self.unit_price * self.qty - self.discount
    }
}

/// The cart being built for one customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    /// What the customer wants to spend at most, when they said.
    pub budget: Option<Money>,
    /// SKUs the salesperson hid from the suggestions for this customer.
    pub dismissed: BTreeSet<String>,
    /// Amount off the whole cart.
    pub discount: Money,
}

/// The largest quantity one line may hold.
pub const MAX_QTY: i64 = 9_999;

impl Cart {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds `qty` of a product: to its existing line when there is one, else as a new line.
    /// Returns the index of the line.
    pub fn add(&mut self, product: &Product, qty: i64, origin: Origin) -> usize {
        let qty = qty.clamp(1, MAX_QTY);
        if let Some(i) = self.lines.iter().position(|l| l.sku == product.sku) {
            self.lines[i].qty = (self.lines[i].qty + qty).min(MAX_QTY);
            return i;
        }
        self.lines.push(CartLine {
            sku: product.sku.clone(),
            name: product.name.clone(),
            unit_price: product.price,
            list_price: product.price,
            qty,
            discount: Money::ZERO,
            origin,
            covers: None,
        });
        self.lines.len() - 1
    }

    /// Changes a line's quantity by `delta`; a line that reaches zero is removed.
    pub fn change_qty(&mut self, line: usize, delta: i64) {
        if let Some(l) = self.lines.get_mut(line) {
            l.qty = (l.qty + delta).min(MAX_QTY);
            if l.qty <= 0 {
                self.lines.remove(line);
            } else {
                l.discount = l.discount.min(l.unit_price * l.qty);
            }
        }
    }

    pub fn remove(&mut self, line: usize) -> Option<CartLine> {
        (line < self.lines.len()).then(|| self.lines.remove(line))
    }

    /// Replaces a line's product by `upgrade`, keeping the quantity.
    pub fn swap(&mut self, line: usize, upgrade: &Product) {
        let Some(old) = self.lines.get(line) else { return };
        let qty = old.qty;
        if let Some(existing) = self.lines.iter().position(|l| l.sku == upgrade.sku) {
            self.lines[existing].qty = (self.lines[existing].qty + qty).min(MAX_QTY);
            self.lines.remove(line);
            return;
        }
        self.lines[line] = CartLine {
            sku: upgrade.sku.clone(),
            name: upgrade.name.clone(),
            unit_price: upgrade.price,
            list_price: upgrade.price,
            qty,
            discount: Money::ZERO,
            origin: Origin::Upsell,
            covers: None,
        };
    }

    /// Line amounts after line discounts, with the cart discount spread over them
    /// in proportion (the last line takes the rounding remainder).
    pub fn line_amounts(&self) -> Vec<Money> {
        let amounts: Vec<Money> = self.lines.iter().map(CartLine::total).collect();
        let gross: Money = amounts.iter().copied().sum();
        if self.discount == Money::ZERO || gross.0 <= 0 {
            return amounts;
        }
        let discount = self.discount.min(gross);
        let mut left = discount;
        let n = amounts.len();
        amounts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let share = if i + 1 == n { left } else { discount.mul_div(a.0, gross.0) };
                left -= share;
                *a - share
            })
            .collect()
    }

    /// Subtotal, tax and total under the policy.
    pub fn totals(&self, tax: &TaxPolicy) -> Totals {
        tax.totals(&self.line_amounts())
    }

    /// Sum of the lines' list prices × quantities (before any discount).
    pub fn list_total(&self) -> Money {
        self.lines.iter().map(|l| l.unit_price * l.qty).sum()
    }

    pub fn position(&self, sku: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.sku == sku)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{TaxRate, TaxRounding};

    fn product(sku: &str, price: i64) -> Product {
        Product { sku: sku.into(), name: sku.into(), price: Money(price), active: true, ..Product::default() }
    }

    #[test]
    fn adding_the_same_product_twice_raises_the_quantity() {
        let mut c = Cart::default();
        c.add(&product("A", 100), 1, Origin::Scan);
        c.add(&product("A", 100), 2, Origin::Search);
        assert_eq!(c.lines.len(), 1);
        assert_eq!(c.lines[0].qty, 3);
        assert_eq!(c.lines[0].origin, Origin::Scan);
    }

    #[test]
    fn quantity_to_zero_removes_the_line() {
        let mut c = Cart::default();
        c.add(&product("A", 100), 1, Origin::Scan);
        c.change_qty(0, -1);
        assert!(c.is_empty());
    }

    #[test]
    fn swap_keeps_the_quantity_and_marks_upsell() {
        let mut c = Cart::default();
        c.add(&product("A", 100), 2, Origin::Scan);
        c.swap(0, &product("B", 150));
        assert_eq!(c.lines[0].sku, "B");
        assert_eq!(c.lines[0].qty, 2);
        assert_eq!(c.lines[0].origin, Origin::Upsell);
        assert_eq!(c.list_total(), Money(300));
    }

    #[test]
    fn cart_discount_is_spread_and_totals_add_up() {
        let mut c = Cart::default();
        c.add(&product("A", 1000), 1, Origin::Scan);
        c.add(&product("B", 2000), 1, Origin::Scan);
        c.discount = Money(300);
        let amounts = c.line_amounts();
        assert_eq!(amounts, vec![Money(900), Money(1800)]);
        let tax =
            TaxPolicy { rate: TaxRate(100_000), prices_include_tax: false, rounding: TaxRounding::Line };
        let t = c.totals(&tax);
        assert_eq!((t.subtotal, t.tax, t.total), (Money(2700), Money(270), Money(2970)));
    }
}
