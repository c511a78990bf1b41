//! The customer's cart: lines, quantities, discounts, bundles, budget,
//! dismissed suggestions, and its totals under the store's tax policy
//! (`pricing.rs` says in which order the reductions apply).

mod pricing;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::catalog::Product;
use crate::money::{Money, TaxPolicy, Totals};

pub use pricing::{
    AppliedBundle, BundleDeal, Discount, Off, PPM_PER_PERCENT, Priced, PricedLine, applicable_bundles,
    discount_label, reduction_rows, spread,
};

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
    /// The catalog price when the line was added: every unit of a line was
    /// added at this price; a unit added after a price change gets a line of its own.
    pub list_price: Money,
    pub qty: i64,
    /// This line's own discount, as typed.
    #[serde(default, deserialize_with = "legacy_discount")]
    pub discount: Option<Discount>,
    pub origin: Origin,
    /// For a service (a protection plan, setup): the SKU of the item it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<String>,
}

impl CartLine {
    /// Quantity × unit price.
    pub fn gross(&self) -> Money {
        self.unit_price * self.qty
    }

    /// Quantity × unit price − this line's own discount.
    pub fn total(&self) -> Money {
        let gross = self.gross();
        gross - self.discount.as_ref().map_or(Money::ZERO, |d| d.amount_of(gross))
    }
}

/// Carts saved before discounts were kept as typed hold a bare amount.
fn legacy_discount<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Discount>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Amount(Money),
        Typed(Option<Discount>),
    }
    Ok(match Repr::deserialize(d)? {
        Repr::Amount(m) if m > Money::ZERO => Some(Discount { off: Off::Amount(m), approved_by: None }),
        Repr::Amount(_) => None,
        Repr::Typed(t) => t,
    })
}

/// The cart being built for one customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    /// What the customer wants to spend at most, when they said.
    pub budget: Option<Money>,
    /// SKUs the salesperson hid from the suggestions for this customer.
    pub dismissed: BTreeSet<String>,
    /// The discount on the whole cart, as typed.
    #[serde(default, deserialize_with = "legacy_discount")]
    pub discount: Option<Discount>,
    /// The bundles the cart's lines complete (kept up to date by
    /// [`Cart::reprice`] whenever the cart changes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bundles: Vec<AppliedBundle>,
    /// The customer the cart is for, when one is attached (their id): the
    /// sale records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<i64>,
}

/// The largest quantity one line may hold.
pub const MAX_QTY: i64 = 9_999;

impl Cart {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds `qty` of a product at its price now: to the line of the same
    /// product at the same price when there is one, else as a new line.
    /// Returns the index of the line.
    pub fn add(&mut self, product: &Product, qty: i64, origin: Origin) -> usize {
        let qty = qty.clamp(1, MAX_QTY);
        if let Some(i) = self.lines.iter().position(|l| l.sku == product.sku && l.list_price == product.price)
        {
            self.lines[i].qty = (self.lines[i].qty + qty).min(MAX_QTY);
            return i;
        }
        self.lines.push(CartLine {
            sku: product.sku.clone(),
            name: product.name.clone(),
            unit_price: product.price,
            list_price: product.price,
            qty,
            discount: None,
            origin,
            covers: None,
        });
        self.lines.len() - 1
    }

    /// Changes a line's quantity by `delta`; a line that reaches zero is
    /// removed, and a cart left empty starts over (see [`Cart::remove`]).
    pub fn change_qty(&mut self, line: usize, delta: i64) {
        if let Some(l) = self.lines.get_mut(line) {
            l.qty = (l.qty + delta).min(MAX_QTY);
            if l.qty <= 0 {
                self.remove(line);
            }
        }
    }

    /// Removes a line. A cart left empty forgets its cart discount, budget,
    /// dismissed suggestions and customer: the next item is the next customer's.
    pub fn remove(&mut self, line: usize) -> Option<CartLine> {
        let removed = (line < self.lines.len()).then(|| self.lines.remove(line));
        // Emptied: the next item is the next customer's. Nothing removed from
        // an empty cart keeps what was set on it (a budget, the customer).
        if removed.is_some() && self.lines.is_empty() {
            *self = Cart::default();
        }
        removed
    }

    /// Recomputes the bundles the lines complete.
    pub fn reprice(&mut self, deals: &[BundleDeal]) {
        self.bundles = applicable_bundles(self, deals);
    }

    /// The SKUs that complete a bundle, with the bundle's name and the saving
    /// lost if they left the cart.
    pub fn bundled(&self) -> Vec<(&str, String, Money)> {
        self.bundles
            .iter()
            .flat_map(|b| b.skus.iter().map(move |s| (s.as_str(), b.label(), b.total())))
            .collect()
    }

    /// Recomputes the bundles the lines complete, from the catalog's bundles.
    pub fn reprice_from(&mut self, catalog: &crate::catalog::Catalog) {
        let deals = pricing::catalog_deals(catalog, self);
        self.reprice(&deals);
    }

    /// Replaces a line's product by `upgrade`, keeping the quantity.
    pub fn swap(&mut self, line: usize, upgrade: &Product) {
        let Some(old) = self.lines.get(line) else { return };
        let qty = old.qty;
        if let Some(existing) =
            self.lines.iter().position(|l| l.sku == upgrade.sku && l.list_price == upgrade.price)
        {
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
            discount: None,
            origin: Origin::Upsell,
            covers: None,
        };
    }

    /// What each line is charged after every reduction.
    pub fn line_amounts(&self) -> Vec<Money> {
        self.price().amounts()
    }

    /// Subtotal, tax and total under the policy.
    pub fn totals(&self, tax: &TaxPolicy) -> Totals {
        tax.totals(&self.line_amounts())
    }

    /// What the customer could still spend within their budget, in shelf
    /// prices (before tax where tax is added at the till); `None` without a budget.
    pub fn budget_room(&self, tax: &TaxPolicy) -> Option<Money> {
        let left = self.budget? - self.totals(tax).total;
        Some(tax.shelf_room(left))
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
    fn quantity_to_zero_removes_the_line_and_an_emptied_cart_starts_over() {
        let mut c = Cart::default();
        c.add(&product("A", 100), 1, Origin::Scan);
        c.budget = Some(Money(900));
        c.discount = Some(Discount { off: Off::Percent(90_000), approved_by: None });
        c.change_qty(0, -1);
        assert_eq!(c, Cart::default());
    }

    #[test]
    fn removing_nothing_from_an_empty_cart_keeps_its_budget_and_customer() {
        let mut c = Cart { budget: Some(Money(5_000)), customer: Some(7), ..Cart::default() };
        assert_eq!(c.remove(0), None);
        assert_eq!((c.budget, c.customer), (Some(Money(5_000)), Some(7)));
    }

    #[test]
    fn a_unit_added_after_a_price_change_is_charged_the_new_price_on_its_own_line() {
        let mut c = Cart::default();
        c.add(&product("A", 8_900), 1, Origin::Scan);
        c.add(&product("A", 7_900), 1, Origin::Scan);
        c.add(&product("A", 7_900), 1, Origin::Scan);
        let got: Vec<(i64, Money)> = c.lines.iter().map(|l| (l.qty, l.unit_price)).collect();
        assert_eq!(got, [(1, Money(8_900)), (2, Money(7_900))]);
        assert_eq!(c.list_total(), Money(8_900 + 2 * 7_900));
    }

    #[test]
    fn a_percent_line_discount_follows_the_quantity() {
        let mut c = Cart::default();
        c.add(&product("A", 34_900), 6, Origin::Scan);
        c.lines[0].discount = Some(Discount { off: Off::Percent(100_000), approved_by: None });
        assert_eq!(c.line_amounts(), [Money(6 * 34_900 - 20_940)]);
        c.change_qty(0, -5);
        assert_eq!(c.line_amounts(), [Money(34_900 - 3_490)]);
    }

    #[test]
    fn a_complete_bundle_is_charged_its_bundle_price() {
        let mut c = Cart::default();
        c.add(&product("PHONE", 69_900), 1, Origin::Scan);
        c.add(&product("CASE", 3_999), 1, Origin::Scan);
        let deal = BundleDeal {
            code: "x".into(),
            name: "Phone Essentials".into(),
            skus: vec!["PHONE".into(), "CASE".into()],
            saving: Money(3_500),
        };
        c.reprice(std::slice::from_ref(&deal));
        let p = c.price();
        assert_eq!(p.bundle_savings, Money(3_500));
        assert_eq!(p.amounts().iter().copied().sum::<Money>(), Money(69_900 + 3_999 - 3_500));
        c.change_qty(1, -1);
        c.reprice(&[deal]);
        assert_eq!(c.price().bundle_savings, Money::ZERO, "half a bundle saves nothing");
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
        c.discount = Some(Discount { off: Off::Amount(Money(300)), approved_by: None });
        let amounts = c.line_amounts();
        assert_eq!(amounts, vec![Money(900), Money(1800)]);
        let tax =
            TaxPolicy { rate: TaxRate(100_000), prices_include_tax: false, rounding: TaxRounding::Line };
        let t = c.totals(&tax);
        assert_eq!((t.subtotal, t.tax, t.total), (Money(2700), Money(270), Money(2970)));
    }
}
