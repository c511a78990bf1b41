//! A refund worked out before it is written (`Store::refund_quote`, which the
//! write path uses too): the lines taken back, what each gives back, and how
//! the money goes back; and the refund's receipt.

use std::fmt::Write;

use super::{PaymentMethod, RECEIPT_WIDTH, receipt_row};
use crate::money::{Currency, Money, TaxPolicy};

/// One line of a refund: a SKU of the sale and what its units give back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedLine {
    pub sku: String,
    pub name: String,
    pub qty: i64,
    pub unit_price: Money,
    /// What these units were charged, after discounts.
    pub amount: Money,
    /// Their share of the sale's tax.
    pub tax: Money,
}

/// What taking back some items of a sale gives back, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundQuote {
    pub sale_id: String,
    pub currency: String,
    pub lines: Vec<QuotedLine>,
    /// The lines' amounts, after discounts (tax inside where prices include it).
    pub amounts: Money,
    pub tax: Money,
    /// What the customer gets back: `amounts`, plus `tax` where it was added at the till.
    pub back: Money,
    /// How `back` goes back: the sale's methods, card first, then cash.
    pub pay_back: Vec<(PaymentMethod, Money)>,
    /// The sale was simulated history.
    pub simulated: bool,
}

impl RefundQuote {
    /// "$42.10 back to card", "$600.00 back: $370.00 to card, $230.00 in cash".
    pub fn how(&self, c: &Currency) -> String {
        let to = |m: PaymentMethod| match m {
            PaymentMethod::Cash => "in cash",
            PaymentMethod::Card => "to card",
            PaymentMethod::Other => "by the other method",
            PaymentMethod::Credit => "as exchange credit",
        };
        match self.pay_back.as_slice() {
            [] => format!("{} back", c.display(self.back)),
            [(m, _)] => format!("{} back {}", c.display(self.back), to(*m)),
            parts => {
                let parts: Vec<String> =
                    parts.iter().map(|(m, a)| format!("{} {}", c.display(*a), to(*m))).collect();
                format!("{} back: {}", c.display(self.back), parts.join(", "))
            }
        }
    }
}

/// Who wrote a refund, where and when, for its receipt.
#[derive(Debug, Clone, Copy)]
pub struct RefundHeader<'a> {
    pub store_name: &'a str,
    pub refund_id: &'a str,
    /// A void (the whole sale, rung up by mistake) rather than a refund.
    pub void: bool,
    pub terminal: &'a str,
    pub staff_id: Option<&'a str>,
    /// Local time, as the sale's receipt shows it.
    pub completed_at: &'a str,
    /// The sale an exchange credited it to (`None`: a plain refund).
    pub exchanged_to: Option<&'a str>,
}

/// The receipt of a refund or void: "Refund R… of sale S…", the lines, the
/// amounts, and what went back by each method.
pub fn refund_receipt(h: &RefundHeader<'_>, quote: &RefundQuote, c: &Currency, tax: &TaxPolicy) -> String {
    const W: usize = RECEIPT_WIDTH;
    let mut out = String::new();
    let _ = writeln!(out, "{:^W$}", h.store_name);
    let what = if h.void { "Void" } else { "Refund" };
    let _ = writeln!(out, "{what} {}", h.refund_id);
    let _ = writeln!(out, "of sale {}", quote.sale_id);
    let _ = writeln!(out, "{}  till {}  {}", h.completed_at, h.terminal, h.staff_id.unwrap_or(""));
    out.push_str(&"-".repeat(W));
    out.push('\n');
    for l in &quote.lines {
        let name: String = l.name.chars().take(W).collect();
        let _ = writeln!(out, "{name}");
        receipt_row(&mut out, &format!("  {} x {}", l.qty, c.display(l.unit_price)), &c.display(-l.amount));
    }
    out.push_str(&"-".repeat(W));
    out.push('\n');
    let tax_label = if tax.prices_include_tax { "incl. tax " } else { "Tax " };
    receipt_row(&mut out, &format!("{tax_label}{}", tax.rate.display()), &c.display(-quote.tax));
    receipt_row(&mut out, "TOTAL BACK", &c.display(quote.back));
    for (method, amount) in &quote.pay_back {
        receipt_row(&mut out, &format!("Back ({})", method.label()), &c.display(*amount));
    }
    if let Some(sale) = h.exchanged_to {
        let _ = writeln!(out, "Exchanged: credited to sale");
        let _ = writeln!(out, "  {sale}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{TaxRate, TaxRounding};

    #[test]
    fn a_refund_receipt_names_the_sale_and_says_how_the_money_went_back() {
        let c = Currency::from_code("USD", "$").unwrap();
        let tax = TaxPolicy {
            rate: TaxRate::parse_percent("20").unwrap(),
            prices_include_tax: true,
            rounding: TaxRounding::Line,
        };
        let quote = RefundQuote {
            sale_id: "T1-S".into(),
            currency: "USD".into(),
            lines: vec![QuotedLine {
                sku: "CASE".into(),
                name: "Clear case".into(),
                qty: 1,
                unit_price: Money(3_000),
                amount: Money(3_000),
                tax: Money(500),
            }],
            amounts: Money(3_000),
            tax: Money(500),
            back: Money(3_000),
            pay_back: vec![(PaymentMethod::Card, Money(1_000)), (PaymentMethod::Cash, Money(2_000))],
            simulated: false,
        };
        let h = RefundHeader {
            store_name: "Brightside",
            refund_id: "T1-R",
            void: false,
            terminal: "T1",
            staff_id: Some("ann"),
            completed_at: "2026-11-29 18:00",
            exchanged_to: None,
        };
        let r = refund_receipt(&h, &quote, &c, &tax);
        assert!(r.contains("Refund T1-R\nof sale T1-S\n"), "{r}");
        assert!(r.contains("  1 x $30.00") && r.contains("-$30.00"), "{r}");
        assert!(r.contains("TOTAL BACK") && r.contains("Back (card)") && r.contains("Back (cash)"), "{r}");
        assert_eq!(quote.how(&c), "$30.00 back: $10.00 to card, $20.00 in cash");
        assert!(!r.contains("Exchanged"), "{r}");
        let swapped = refund_receipt(&RefundHeader { exchanged_to: Some("T1-N"), ..h }, &quote, &c, &tax);
        assert!(swapped.ends_with("Exchanged: credited to sale\n  T1-N\n"), "{swapped}");
        let one = RefundQuote { pay_back: vec![(PaymentMethod::Card, Money(3_000))], ..quote };
        assert_eq!(one.how(&c), "$30.00 back to card");
    }
}
