//! Checkout: turning a cart into a sale draft (totals, the payments that
//! settle it, change due), the approvals a cashier needs from a manager, and
//! the receipt text. The draft is written by `Store::commit_sale` in one
//! transaction. `tender.rs`: split tender, how each part is settled.

mod exchange;
mod refund;
mod tender;

pub use exchange::{Exchange, prepare_exchange};
pub use refund::{QuotedLine, RefundHeader, RefundQuote, refund_receipt};
pub use tender::{Payment, PaymentMethod, Tender, settle, settle_partial};

use crate::cart::{AppliedBundle, Cart, CartLine, Discount, Off, Priced, discount_label, reduction_rows};
use crate::config::Shop;
use crate::money::{Currency, Money, TaxPolicy, TaxRate, Totals};

impl SaleKind {
    /// Whether the sale takes its items off the shelf.
    pub fn moves_stock(self) -> bool {
        matches!(self, SaleKind::Sale | SaleKind::SimulatedSale)
    }

    /// Whether `simulate` made it (history for demos and load tests, not a customer).
    pub fn simulated(self) -> bool {
        matches!(self, SaleKind::History | SaleKind::SimulatedSale)
    }
}

/// A manager's approval for something a cashier may not do alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub action: ApprovalAction,
    pub manager_id: String,
    pub details: String,
}

/// What a manager approves; the audit log stores it by [name](ApprovalAction::as_str).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApprovalAction {
    /// A discount above the cap.
    Discount,
    /// A price changed by hand.
    PriceOverride,
    /// A whole sale taken back as rung up by mistake.
    Void,
    /// Items of a sale taken back.
    Refund,
}

impl ApprovalAction {
    pub const ALL: [ApprovalAction; 4] = [
        ApprovalAction::Discount,
        ApprovalAction::PriceOverride,
        ApprovalAction::Void,
        ApprovalAction::Refund,
    ];

    /// Its name in the audit log: "discount", "price_override", "void", "refund".
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalAction::Discount => "discount",
            ApprovalAction::PriceOverride => "price_override",
            ApprovalAction::Void => "void",
            ApprovalAction::Refund => "refund",
        }
    }
}

impl std::fmt::Display for ApprovalAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is no [`ApprovalAction`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an approval action (discount, price_override, void or refund)")]
pub struct UnknownApprovalAction(pub String);

impl std::str::FromStr for ApprovalAction {
    type Err = UnknownApprovalAction;

    fn from_str(s: &str) -> Result<ApprovalAction, UnknownApprovalAction> {
        ApprovalAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownApprovalAction(s.into()))
    }
}

/// What kind of sale a draft records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaleKind {
    /// A sale at the till: takes the items off the shelf.
    Sale,
    /// Recorded history (the simulator): a sale for reports and mining that moves no stock.
    History,
    /// A generated sale that takes its items off the shelf (`simulate
    /// --move-stock`, load tests); marked simulated like history.
    SimulatedSale,
    /// A training exercise: excluded from stock, reports and mining.
    Training,
}

/// A sale ready to be committed. Its id is made before the transaction, so
/// retrying a commit cannot record it twice.
#[derive(Debug, Clone, PartialEq)]
pub struct SaleDraft {
    pub id: String,
    pub kind: SaleKind,
    pub terminal: String,
    pub staff_id: Option<String>,
    pub currency: String,
    pub lines: Vec<CartLine>,
    /// Each line from gross value to the amount charged (what tax is computed on).
    pub priced: Priced,
    /// The bundles the sale completes (their savings are in `priced`).
    pub bundles: Vec<AppliedBundle>,
    /// The cart discount as typed (its amount is in `priced`).
    pub cart_discount: Option<Discount>,
    pub totals: Totals,
    /// Each line's share of the tax (they add up to `totals.tax`), so a
    /// refund of some lines gives back exactly their tax.
    pub line_tax: Vec<Money>,
    /// The parts it is paid in, in the order they were taken (one for most sales).
    pub payments: Vec<Payment>,
    pub approvals: Vec<Approval>,
    /// The cart's id, to attach its suggestion events to the sale.
    pub cart_id: Option<String>,
    /// Refuse to record it at a till with no open shift (`checkout.require_shift`).
    pub require_shift: bool,
    /// The customer the cart was for (an erased one is not recorded).
    pub customer_id: Option<i64>,
    /// Items of an earlier sale coming back to pay for this one: their refund
    /// is written with it, in the same transaction.
    pub exchange: Option<Exchange>,
}

impl SaleDraft {
    /// What each line is charged.
    pub fn amounts(&self) -> Vec<Money> {
        self.priced.amounts()
    }

    /// The cash given back.
    pub fn change(&self) -> Money {
        self.payments.iter().map(|p| p.change).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckoutError {
    #[error("the cart is empty")]
    EmptyCart,
    #[error("no payment was given")]
    NoPayment,
    #[error("a part payment must be more than zero")]
    NothingPaid,
    #[error("{paid} paid, less than the total {total}: {left} still to pay")]
    Short { paid: String, total: String, left: String },
    #[error("{method} payment of {amount} is more than the {left} left to pay: only cash gives change")]
    MoreThanLeft { method: &'static str, amount: String, left: String },
    #[error("the sale is paid already: no further payment is needed")]
    PaidAlready,
    #[error("{0} needs a manager's approval: F7 to change it, or have a manager approve it")]
    NeedsApproval(String),
    #[error("exchange credit pays only for an exchange")]
    CreditWithoutExchange,
}

/// What the cart asks of a manager before it can be sold and nobody has
/// approved: discounts above `max_discount_percent` (a percent as typed, an
/// amount against what it comes off), and prices changed by hand. Bundle
/// prices are the store's own prices and need nobody.
pub fn approvals_needed(cart: &Cart, max_discount_percent: u32) -> Vec<String> {
    let mut out = Vec::new();
    for l in &cart.lines {
        if l.unit_price != l.list_price {
            out.push(format!("price override on {}", l.sku));
        }
        if let Some(d) = &l.discount
            && d.approved_by.is_none()
            && d.exceeds_cap(l.gross(), max_discount_percent)
        {
            out.push(format!("discount on {} above {max_discount_percent} %", l.sku));
        }
    }
    if let Some(d) = &cart.discount
        && d.approved_by.is_none()
        && d.exceeds_cap(cart.cart_discount_base(), max_discount_percent)
    {
        out.push(format!("cart discount above {max_discount_percent} %"));
    }
    out
}

/// The approvals the cart's discounts carry, for the audit log.
fn discount_approvals(cart: &Cart, c: &Currency) -> Vec<Approval> {
    let describe = |d: &Discount, base: Money, what: &str| match d.off {
        Off::Percent(ppm) => format!("{} off {what}", TaxRate(ppm).display()),
        Off::Amount(_) => format!("{} off {what}", c.display(d.amount_of(base))),
    };
    let lines = cart.lines.iter().filter_map(|l| {
        let d = l.discount.as_ref()?;
        Some(Approval {
            action: ApprovalAction::Discount,
            manager_id: d.approved_by.clone()?,
            details: describe(d, l.gross(), &l.sku),
        })
    });
    let whole = cart.discount.as_ref().and_then(|d| {
        Some(Approval {
            action: ApprovalAction::Discount,
            manager_id: d.approved_by.clone()?,
            details: describe(d, cart.cart_discount_base(), "the cart"),
        })
    });
    lines.chain(whole).collect()
}

/// Everything about the sale except the cart and the payment.
#[derive(Debug, Clone)]
pub struct SaleContext<'a> {
    /// The shop's currency, tax and discount cap.
    pub shop: &'a Shop,
    /// The till recording the sale (a running screen's may differ from the configured one).
    pub terminal: &'a str,
    pub staff_id: Option<&'a str>,
    pub kind: SaleKind,
}

/// Prepares a sale: totals, and the payments that settle it (`tenders`, in
/// the order taken: see [`settle`]); refuses an empty cart, too little or a
/// card part above what is left, and anything needing an approval that
/// `approvals` does not cover. The cart's approved discounts add their own
/// approvals.
pub fn prepare(
    ctx: &SaleContext<'_>,
    cart: &Cart,
    cart_id: Option<&str>,
    tenders: &[Tender],
    approvals: Vec<Approval>,
) -> Result<SaleDraft, CheckoutError> {
    if tenders.iter().any(|t| t.method == PaymentMethod::Credit) {
        return Err(CheckoutError::CreditWithoutExchange);
    }
    prepare_tenders(ctx, cart, cart_id, tenders, approvals)
}

/// [`prepare`], exchange credit allowed among `tenders` ([`prepare_exchange`] checks it).
fn prepare_tenders(
    ctx: &SaleContext<'_>,
    cart: &Cart,
    cart_id: Option<&str>,
    tenders: &[Tender],
    mut approvals: Vec<Approval>,
) -> Result<SaleDraft, CheckoutError> {
    if cart.is_empty() {
        return Err(CheckoutError::EmptyCart);
    }
    let shop = ctx.shop;
    if let Some(need) = approvals_needed(cart, shop.max_discount_percent).into_iter().next()
        && approvals.is_empty()
    {
        return Err(CheckoutError::NeedsApproval(need));
    }
    approvals.extend(discount_approvals(cart, &shop.currency));
    let priced = cart.price();
    let totals = shop.tax.totals(&priced.amounts());
    let line_tax = shop.tax.line_taxes(&priced.amounts());
    let payments = settle(totals.total, tenders, &shop.currency)?;
    Ok(SaleDraft {
        id: crate::ids::new_id(ctx.terminal),
        kind: ctx.kind,
        terminal: ctx.terminal.to_string(),
        staff_id: ctx.staff_id.map(str::to_string),
        currency: shop.currency.code.clone(),
        lines: cart.lines.clone(),
        priced,
        bundles: cart.bundles.clone(),
        cart_discount: cart.discount.clone(),
        totals,
        line_tax,
        payments,
        approvals,
        cart_id: cart_id.map(str::to_string),
        require_shift: shop.require_shift && ctx.kind == SaleKind::Sale,
        customer_id: cart.customer,
        exchange: None,
    })
}

/// How wide a receipt is, in characters.
const RECEIPT_WIDTH: usize = 40;

/// A receipt row: the label, and the amount aligned right.
fn receipt_row(out: &mut String, label: &str, right: &str) {
    use std::fmt::Write;
    const W: usize = RECEIPT_WIDTH;
    let label: String = label.chars().take(W - 12).collect();
    let _ = writeln!(out, "{label}{right:>w$}", w = W.saturating_sub(label.chars().count()));
}

/// The receipt, as printed or written to the receipts folder.
pub fn receipt(
    store_name: &str,
    draft: &SaleDraft,
    completed_at: &str,
    c: &Currency,
    tax: &TaxPolicy,
) -> String {
    use std::fmt::Write;
    const W: usize = RECEIPT_WIDTH;
    let mut out = String::new();
    let training = draft.kind == SaleKind::Training;
    if training {
        let _ = writeln!(out, "{:^W$}", "*** TRAINING — NOT A SALE ***");
    }
    let _ = writeln!(out, "{store_name:^W$}");
    let _ = writeln!(out, "Sale {}", draft.id);
    let _ =
        writeln!(out, "{completed_at}  till {}  {}", draft.terminal, draft.staff_id.as_deref().unwrap_or(""));
    out.push_str(&"-".repeat(W));
    out.push('\n');
    for (l, p) in draft.lines.iter().zip(&draft.priced.lines) {
        let name: String = l.name.chars().take(W).collect();
        let _ = writeln!(out, "{name}");
        let left = format!("  {} x {}", l.qty, c.display(l.unit_price));
        let right = c.display(p.gross);
        let _ = writeln!(out, "{left}{right:>w$}", w = W.saturating_sub(left.chars().count()));
        if p.line_discount > Money::ZERO {
            let label = format!("  {}", discount_label(l.discount.as_ref(), "discount"));
            let right = format!("-{}", c.display(p.line_discount));
            let _ = writeln!(out, "{label}{right:>w$}", w = W.saturating_sub(label.chars().count()));
        }
    }
    out.push_str(&"-".repeat(W));
    out.push('\n');
    let mut row = |label: &str, m: Money| receipt_row(&mut out, label, &c.display(m));
    for (label, amount) in reduction_rows(&draft.bundles, draft.cart_discount.as_ref(), &draft.priced) {
        row(&label, -amount);
    }
    row("Subtotal", draft.totals.subtotal);
    let tax_label = if tax.prices_include_tax { "incl. tax " } else { "Tax " };
    row(&format!("{tax_label}{}", tax.rate.display()), draft.totals.tax);
    row("TOTAL", draft.totals.total);
    if training {
        let _ = writeln!(out, "{:^W$}", "No payment taken: practice only");
        let _ = writeln!(out, "{:^W$}", "*** TRAINING — NOT A SALE ***");
        return out;
    }
    for p in &draft.payments {
        match &draft.exchange {
            // The credit as a line of its own, naming the sale the items came back from.
            Some(ex) if p.method == PaymentMethod::Credit => {
                receipt_row(&mut out, "Exchange credit", &c.display(-p.amount));
                let _ = writeln!(out, "  (sale {})", ex.sale_id);
            }
            _ => receipt_row(&mut out, &format!("Paid ({})", p.method.as_str()), &c.display(p.tendered)),
        }
    }
    if let Some(ex) = &draft.exchange
        && ex.credit > ex.used(draft.totals.total)
    {
        receipt_row(&mut out, "Credit left, paid back", &c.display(ex.credit - ex.used(draft.totals.total)));
        let _ = writeln!(out, "  (refund {})", ex.refund_id);
    }
    if draft.change() > Money::ZERO {
        receipt_row(&mut out, "Change", &c.display(draft.change()));
    }
    let _ = writeln!(out, "{:^W$}", "Thank you!");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart::Origin;
    use crate::catalog::Product;
    use crate::money::{TaxRate, TaxRounding};

    /// The default shop (USD, a 10 % discount cap) with this tax.
    fn shop(tax: TaxPolicy) -> Shop {
        Shop { tax, ..(*crate::config::Config::defaults().shop).clone() }
    }

    fn ctx(shop: &Shop) -> SaleContext<'_> {
        SaleContext { shop, terminal: "T1", staff_id: Some("ann"), kind: SaleKind::Sale }
    }

    fn card() -> Tender {
        Tender::rest(PaymentMethod::Card)
    }

    fn cash(handed: i64) -> Tender {
        Tender::of(PaymentMethod::Cash, Money(handed))
    }

    fn cart() -> Cart {
        let mut cart = Cart::default();
        let p = Product {
            sku: "A".into(),
            name: "Aurora X5".into(),
            price: Money(60_000),
            active: true,
            ..Product::default()
        };
        let q = Product {
            sku: "B".into(),
            name: "Case".into(),
            price: Money(3_000),
            active: true,
            ..Product::default()
        };
        cart.add(&p, 1, Origin::Scan);
        cart.add(&q, 2, Origin::CrossSell);
        cart
    }

    #[test]
    fn cash_gives_change_and_short_cash_is_refused() {
        let shop =
            shop(TaxPolicy { rate: TaxRate(82_500), prices_include_tax: false, rounding: TaxRounding::Line });
        let d = prepare(&ctx(&shop), &cart(), None, &[cash(80_000)], vec![]).unwrap();
        assert_eq!(d.totals.subtotal, Money(66_000));
        assert_eq!(d.totals.tax, Money(4_950 + 495));
        assert_eq!(d.totals.total, Money(71_445));
        assert_eq!(d.change(), Money(8_555));
        assert_eq!(d.line_tax, [Money(4_950), Money(495)]);
        let e = prepare(&ctx(&shop), &cart(), None, &[cash(100)], vec![]);
        assert!(matches!(e, Err(CheckoutError::Short { .. })));
        let e = prepare(&ctx(&shop), &Cart::default(), None, &[card()], vec![]);
        assert_eq!(e, Err(CheckoutError::EmptyCart));
    }

    #[test]
    fn discounts_above_the_cap_and_price_overrides_need_a_manager() {
        let shop = shop(TaxPolicy::default());
        let mut c = cart();
        let amount = |m| Some(Discount { off: Off::Amount(Money(m)), approved_by: None });
        c.lines[0].discount = amount(6_000); // exactly 10 %: fine
        assert!(approvals_needed(&c, 10).is_empty());
        c.lines[0].discount = amount(6_001);
        assert_eq!(approvals_needed(&c, 10), ["discount on A above 10 %"]);
        let e = prepare(&ctx(&shop), &c, None, &[card()], vec![]);
        assert!(matches!(e, Err(CheckoutError::NeedsApproval(_))));
        let ok =
            Approval { action: ApprovalAction::Discount, manager_id: "boss".into(), details: String::new() };
        assert!(prepare(&ctx(&shop), &c, None, &[card()], vec![ok]).is_ok());
        let mut c = cart();
        c.lines[1].unit_price = Money(2_000);
        assert_eq!(approvals_needed(&c, 10), ["price override on B"]);
    }

    #[test]
    fn approval_actions_are_named_as_the_audit_log_stores_them() {
        let names: Vec<&str> = ApprovalAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names, ["discount", "price_override", "void", "refund"]);
        for a in ApprovalAction::ALL {
            assert_eq!(a.as_str().parse(), Ok(a));
            assert_eq!(a.to_string(), a.as_str());
        }
        assert_eq!(
            "Discount".parse::<ApprovalAction>().unwrap_err().to_string(),
            "`Discount` is not an approval action (discount, price_override, void or refund)"
        );
    }

    #[test]
    fn the_receipt_lists_lines_totals_and_change() {
        let shop =
            shop(TaxPolicy { rate: TaxRate(82_500), prices_include_tax: false, rounding: TaxRounding::Line });
        let d = prepare(&ctx(&shop), &cart(), None, &[cash(80_000)], vec![]).unwrap();
        let r = receipt("Brightside", &d, "2026-11-26 17:00", &shop.currency, &shop.tax);
        assert!(r.contains("Aurora X5\n  1 x $600.00"), "{r}");
        assert!(r.contains("  2 x $30.00"), "{r}");
        assert!(r.lines().any(|l| l.starts_with("TOTAL") && l.ends_with("$714.45")), "{r}");
        assert!(r.lines().any(|l| l.starts_with("Change") && l.ends_with("$85.55")), "{r}");
        assert!(r.lines().all(|l| l.chars().count() <= 40), "{r}");
    }

    #[test]
    fn a_split_tender_receipt_lists_each_payment_and_the_change_of_the_cash() {
        let shop =
            shop(TaxPolicy { rate: TaxRate(82_500), prices_include_tax: false, rounding: TaxRounding::Line });
        let tenders = [Tender::of(PaymentMethod::Card, Money(50_000)), cash(25_000)];
        let d = prepare(&ctx(&shop), &cart(), None, &tenders, vec![]).unwrap();
        let amounts: Vec<(PaymentMethod, Money)> = d.payments.iter().map(|p| (p.method, p.amount)).collect();
        assert_eq!(amounts, [(PaymentMethod::Card, Money(50_000)), (PaymentMethod::Cash, Money(21_445))]);
        let r = receipt("Brightside", &d, "2026-11-26 17:00", &shop.currency, &shop.tax);
        let tail: Vec<&str> = r.lines().skip_while(|l| !l.starts_with("TOTAL")).collect();
        assert!(tail[1].starts_with("Paid (card)") && tail[1].ends_with("$500.00"), "{r}");
        assert!(tail[2].starts_with("Paid (cash)") && tail[2].ends_with("$250.00"), "{r}");
        assert!(tail[3].starts_with("Change") && tail[3].ends_with("$35.55"), "{r}");
    }
}
