//! What a cart costs: discounts as the cashier typed them, bundle prices the
//! cart earns, and how both are spread over the lines for tax.
//!
//! The order is fixed and documented in the README:
//! 1. each line's gross value (unit price × quantity, the price when the unit
//!    was added);
//! 2. less its line discount (a percent of the gross, or an amount, never
//!    more than the line);
//! 3. less the bundle savings the cart earns (each complete set of a bundle's
//!    items, spread over the lines of that bundle);
//! 4. less the cart discount (a percent of what is left, or an amount, never
//!    more than it), spread over every line.
//!
//! Spreading is proportional, line by line over what is still unspread, so
//! every share lies between zero and the line's value and the shares add up
//! exactly.

use serde::{Deserialize, Serialize};

use super::Cart;
use crate::money::Money;

/// Parts per million in one percent.
pub const PPM_PER_PERCENT: i64 = 10_000;

/// How much a discount takes off, as the cashier typed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Off {
    /// A percentage in parts per million (10 % is 100,000): it follows the
    /// quantity and the lines.
    Percent(i64),
    /// A fixed amount.
    Amount(Money),
}

/// A discount on a line or the cart, with the manager who approved it when it
/// is above the cap. The approval belongs to this discount: changing or
/// removing it drops the approval with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discount {
    pub off: Off,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
}

impl Discount {
    /// The amount off `base` (never more than `base`, never negative).
    pub fn amount_of(&self, base: Money) -> Money {
        let base = base.max(Money::ZERO);
        match self.off {
            Off::Percent(ppm) => base.mul_div(ppm, 1_000_000).min(base),
            Off::Amount(a) => a.max(Money::ZERO).min(base),
        }
    }

    /// Whether it is above `cap_percent` % of `base` (a percent is compared as typed).
    pub fn exceeds_cap(&self, base: Money, cap_percent: u32) -> bool {
        match self.off {
            Off::Percent(ppm) => ppm > i64::from(cap_percent) * PPM_PER_PERCENT,
            Off::Amount(a) => a.exceeds_percent_of(base, cap_percent),
        }
    }
}

/// A bundle's deal as the cart sees it: these SKUs (one unit each) together
/// cost `saving` less.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleDeal {
    pub code: String,
    pub name: String,
    pub skus: Vec<String>,
    pub saving: Money,
}

/// The catalog's bundles that touch the cart's products.
pub fn catalog_deals(catalog: &crate::catalog::Catalog, cart: &Cart) -> Vec<BundleDeal> {
    let mut deals: Vec<BundleDeal> = Vec::new();
    for line in &cart.lines {
        let Some(p) = catalog.by_sku(&line.sku) else { continue };
        for b in catalog.bundles_of(p) {
            if deals.iter().any(|d| d.code == b.code) {
                continue;
            }
            deals.push(BundleDeal {
                code: b.code.clone(),
                name: b.name.clone(),
                skus: b.items.iter().map(|&i| catalog.product(i).sku.clone()).collect(),
                saving: b.discount,
            });
        }
    }
    deals
}

/// A bundle the cart holds `times` complete sets of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedBundle {
    pub code: String,
    pub name: String,
    pub skus: Vec<String>,
    pub times: i64,
    /// The saving of one set.
    pub saving: Money,
}

impl AppliedBundle {
    /// "Aurora X5 Essentials bundle" (the name, with "bundle" once).
    pub fn label(&self) -> String {
        if self.name.to_lowercase().ends_with("bundle") {
            self.name.clone()
        } else {
            format!("{} bundle", self.name)
        }
    }

    /// The saving of every set the cart holds.
    pub fn total(&self) -> Money {
        self.saving * self.times
    }
}

/// The bundles a cart's quantities complete, best saving first; each unit
/// counts towards one bundle only.
pub fn applicable_bundles(cart: &Cart, deals: &[BundleDeal]) -> Vec<AppliedBundle> {
    let mut left: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
    for l in &cart.lines {
        *left.entry(l.sku.as_str()).or_default() += l.qty;
    }
    let mut order: Vec<&BundleDeal> =
        deals.iter().filter(|d| !d.skus.is_empty() && d.saving > Money::ZERO).collect();
    order.sort_by(|a, b| b.saving.cmp(&a.saving).then(a.code.cmp(&b.code)));
    let mut out = Vec::new();
    for d in order {
        let mut need: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
        for s in &d.skus {
            *need.entry(s.as_str()).or_default() += 1;
        }
        let times = need.iter().map(|(s, n)| left.get(s).copied().unwrap_or(0) / n).min().unwrap_or(0);
        if times <= 0 {
            continue;
        }
        for (s, n) in &need {
            if let Some(q) = left.get_mut(s) {
                *q -= n * times;
            }
        }
        out.push(AppliedBundle {
            code: d.code.clone(),
            name: d.name.clone(),
            skus: d.skus.clone(),
            times,
            saving: d.saving,
        });
    }
    out
}

/// One line's way from gross value to what is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PricedLine {
    /// Unit price × quantity.
    pub gross: Money,
    /// Its own discount.
    pub line_discount: Money,
    /// Its share of the bundle savings.
    pub bundle_saving: Money,
    /// Its share of the cart discount.
    pub cart_discount: Money,
    /// What is charged for it (tax is worked out on this).
    pub amount: Money,
}

/// The cart priced: every line, and the totals of each kind of reduction.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Priced {
    pub lines: Vec<PricedLine>,
    /// Sum of the line discounts.
    pub line_discounts: Money,
    /// Sum of the bundle savings actually given.
    pub bundle_savings: Money,
    /// The cart discount actually given.
    pub cart_discount: Money,
}

impl Priced {
    /// What each line is charged.
    pub fn amounts(&self) -> Vec<Money> {
        self.lines.iter().map(|l| l.amount).collect()
    }

    /// Line discounts and cart discount together (bundle savings are prices, not discounts).
    pub fn discounts(&self) -> Money {
        self.line_discounts + self.cart_discount
    }
}

/// "discount 10 %" for a percent, "discount" for an amount.
pub fn discount_label(d: Option<&Discount>, what: &str) -> String {
    match d.map(|d| d.off) {
        Some(Off::Percent(ppm)) => format!("{what} {}", crate::money::TaxRate(ppm).display()),
        _ => what.to_string(),
    }
}

/// The rows between the lines and the subtotal, as the screen and the receipt
/// show them: each bundle the cart completes, then the cart discount.
pub fn reduction_rows(
    bundles: &[AppliedBundle],
    cart_discount: Option<&Discount>,
    priced: &Priced,
) -> Vec<(String, Money)> {
    let mut rows: Vec<(String, Money)> = bundles
        .iter()
        .map(|b| {
            let times = if b.times > 1 { format!("{} × ", b.times) } else { String::new() };
            (format!("{times}{}", b.label()), b.total())
        })
        .collect();
    if priced.cart_discount > Money::ZERO {
        rows.push((discount_label(cart_discount, "Cart discount"), priced.cart_discount));
    }
    rows
}

/// Spreads `total` over `values` in proportion, line by line over what is still
/// unspread: each share lies in `0..=value` and the shares add up to `total`
/// (which is first capped at the sum of the values).
pub fn spread(total: Money, values: &[Money]) -> Vec<Money> {
    let mut base: Money = values.iter().map(|v| (*v).max(Money::ZERO)).sum();
    let mut left = total.max(Money::ZERO).min(base);
    values
        .iter()
        .map(|&v| {
            let v = v.max(Money::ZERO);
            if base.0 <= 0 {
                return Money::ZERO;
            }
            let share = left.mul_div(v.0, base.0).min(v).min(left);
            left -= share;
            base -= v;
            share
        })
        .collect()
}

impl Cart {
    /// The base a cart discount applies to: the lines after their own
    /// discounts and the bundle savings.
    pub fn cart_discount_base(&self) -> Money {
        let p = self.price_without_cart_discount();
        p.lines.iter().map(|l| l.amount).sum()
    }

    fn price_without_cart_discount(&self) -> Priced {
        let mut lines: Vec<PricedLine> = self
            .lines
            .iter()
            .map(|l| {
                let gross = l.gross();
                let line_discount = l.discount.as_ref().map_or(Money::ZERO, |d| d.amount_of(gross));
                PricedLine { gross, line_discount, amount: gross - line_discount, ..PricedLine::default() }
            })
            .collect();
        let mut bundle_savings = Money::ZERO;
        for b in &self.bundles {
            let members: Vec<usize> =
                (0..self.lines.len()).filter(|&i| b.skus.contains(&self.lines[i].sku)).collect();
            let values: Vec<Money> = members.iter().map(|&i| lines[i].amount).collect();
            for (&i, share) in members.iter().zip(spread(b.total(), &values)) {
                lines[i].bundle_saving += share;
                lines[i].amount -= share;
                bundle_savings += share;
            }
        }
        let line_discounts = lines.iter().map(|l| l.line_discount).sum();
        Priced { lines, line_discounts, bundle_savings, cart_discount: Money::ZERO }
    }

    /// Every line from gross value to amount charged, in the documented order.
    pub fn price(&self) -> Priced {
        let mut p = self.price_without_cart_discount();
        let Some(d) = &self.discount else { return p };
        let values: Vec<Money> = p.lines.iter().map(|l| l.amount).collect();
        let base: Money = values.iter().copied().sum();
        let off = d.amount_of(base);
        for (line, share) in p.lines.iter_mut().zip(spread(off, &values)) {
            line.cart_discount = share;
            line.amount -= share;
            p.cart_discount += share;
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn spread_shares_stay_within_each_line_and_add_up(
            values in proptest::collection::vec(0i64..100_000, 1..8),
            total in 0i64..800_000,
        ) {
            let values: Vec<Money> = values.into_iter().map(Money).collect();
            let shares = spread(Money(total), &values);
            let sum: Money = values.iter().copied().sum();
            prop_assert_eq!(shares.iter().copied().sum::<Money>(), Money(total).min(sum));
            for (s, v) in shares.iter().zip(&values) {
                prop_assert!(*s >= Money::ZERO && s <= v, "share {s:?} of {v:?}");
            }
        }
    }

    #[test]
    fn a_percent_is_compared_with_the_cap_as_typed() {
        let ten = Discount { off: Off::Percent(10 * PPM_PER_PERCENT), approved_by: None };
        // 10 % of 758.99 rounds up to 75.90, which is a hair above 10 % as an amount.
        assert_eq!(ten.amount_of(Money(75_899)), Money(7_590));
        assert!(!ten.exceeds_cap(Money(75_899), 10));
        let amount = Discount { off: Off::Amount(Money(7_590)), approved_by: None };
        assert!(amount.exceeds_cap(Money(75_899), 10));
    }

    #[test]
    fn each_unit_counts_towards_one_bundle_only_and_the_best_saving_wins() {
        let mut cart = Cart::default();
        for (sku, qty) in [("A", 2), ("B", 1), ("C", 1)] {
            cart.lines.push(super::super::CartLine {
                sku: sku.into(),
                name: sku.into(),
                unit_price: Money(1_000),
                list_price: Money(1_000),
                qty,
                discount: None,
                origin: super::super::Origin::Scan,
                covers: None,
            });
        }
        let deal = |code: &str, skus: &[&str], saving: i64| BundleDeal {
            code: code.into(),
            name: code.into(),
            skus: skus.iter().map(|s| s.to_string()).collect(),
            saving: Money(saving),
        };
        let deals =
            [deal("ab", &["A", "B"], 100), deal("ac", &["A", "C"], 300), deal("abc", &["A", "B", "C"], 200)];
        let applied = applicable_bundles(&cart, &deals);
        let got: Vec<(&str, i64)> = applied.iter().map(|b| (b.code.as_str(), b.times)).collect();
        assert_eq!(got, [("ac", 1), ("ab", 1)]);
    }
}
