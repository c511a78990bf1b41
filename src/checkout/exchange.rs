//! An exchange: items of an earlier sale come back and their refund pays for
//! a new cart. Nothing is booked until the new cart is paid; then the store
//! writes the refund and the new sale in one transaction
//! (`Store::commit_sale_printed` with `SaleDraft::exchange`). The credit is
//! the new sale's first payment (`PaymentMethod::Credit`), up to its total;
//! what the new cart does not use goes back the way the old sale was paid.

use super::PaymentMethod;
use super::{Approval, CheckoutError, SaleContext, SaleDraft, Tender, prepare_tenders};
use crate::cart::Cart;
use crate::money::Money;

/// Items of an earlier sale taken back to pay for the new cart (saved with
/// the open cart, so a till that stops comes back with it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Exchange {
    /// The sale the items come back from.
    pub sale_id: String,
    /// The SKUs and quantities coming back.
    pub items: Vec<(String, i64)>,
    /// What they give back, as quoted when the exchange was started; the
    /// commit refuses when the store now works out another amount.
    pub credit: Money,
    /// The manager who approved the return, when one was needed.
    pub manager_id: Option<String>,
    /// The refund's id, made before any transaction (like a sale's), so a retried commit writes it once.
    pub refund_id: String,
}

impl Exchange {
    /// The credit the new sale uses: all of it, or its total when that is less.
    pub fn used(&self, total: Money) -> Money {
        self.credit.min(total).max(Money::ZERO)
    }

    /// The new sale's first payment part: the credit it uses.
    pub fn tender(&self, total: Money) -> Tender {
        Tender::of(PaymentMethod::Credit, self.used(total))
    }

    /// `parts` (the cashier's) after the credit part.
    pub fn with_credit(&self, total: Money, parts: &[Tender]) -> Vec<Tender> {
        std::iter::once(self.tender(total)).chain(parts.iter().copied()).collect()
    }
}

/// [`prepare`](super::prepare) for a cart paid first with `exchange`'s credit,
/// then with `tenders` (what the credit leaves, by card or cash as usual).
pub fn prepare_exchange(
    ctx: &SaleContext<'_>,
    cart: &Cart,
    cart_id: Option<&str>,
    exchange: &Exchange,
    tenders: &[Tender],
    approvals: Vec<Approval>,
) -> Result<SaleDraft, CheckoutError> {
    let total = ctx.shop.tax.totals(&cart.price().amounts()).total;
    let mut draft = prepare_tenders(ctx, cart, cart_id, &exchange.with_credit(total, tenders), approvals)?;
    draft.exchange = Some(exchange.clone());
    Ok(draft)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart::Origin;
    use crate::catalog::Product;
    use crate::checkout::SaleKind;
    use crate::config::{Config, Shop};
    use crate::money::TaxPolicy;

    /// The default shop without tax, so prices are what is paid.
    fn shop() -> Shop {
        Shop { tax: TaxPolicy::default(), ..(*Config::defaults().shop).clone() }
    }

    fn exchange(credit: i64) -> Exchange {
        Exchange {
            sale_id: "T1-S".into(),
            items: vec![("CASE".into(), 1)],
            credit: Money(credit),
            manager_id: None,
            refund_id: "T1-R".into(),
        }
    }

    fn cart(price: i64) -> Cart {
        let p = Product {
            sku: "B".into(),
            name: "Case".into(),
            price: Money(price),
            active: true,
            ..Product::default()
        };
        let mut cart = Cart::default();
        cart.add(&p, 1, Origin::Scan);
        cart
    }

    #[test]
    fn the_credit_pays_first_and_the_cashier_takes_the_rest_or_none_of_it_when_it_covers_all() {
        let shop = shop();
        let ctx = SaleContext { shop: &shop, terminal: "T1", staff_id: None, kind: SaleKind::Sale };
        let d = prepare_exchange(
            &ctx,
            &cart(5_000),
            None,
            &exchange(3_000),
            &[Tender::rest(PaymentMethod::Card)],
            vec![],
        )
        .unwrap();
        let parts: Vec<(PaymentMethod, Money)> = d.payments.iter().map(|p| (p.method, p.amount)).collect();
        assert_eq!(parts, [(PaymentMethod::Credit, Money(3_000)), (PaymentMethod::Card, Money(2_000))]);
        assert_eq!(d.exchange, Some(exchange(3_000)));
        // A cheaper cart: the credit pays it all; nothing more may be taken.
        let d = prepare_exchange(&ctx, &cart(2_000), None, &exchange(3_000), &[], vec![]).unwrap();
        let parts: Vec<(PaymentMethod, Money)> = d.payments.iter().map(|p| (p.method, p.amount)).collect();
        assert_eq!(parts, [(PaymentMethod::Credit, Money(2_000))]);
        // Too little without the cashier's part.
        let e = prepare_exchange(&ctx, &cart(5_000), None, &exchange(3_000), &[], vec![]).unwrap_err();
        assert!(matches!(e, CheckoutError::Short { .. }), "{e}");
    }

    #[test]
    fn a_credit_part_outside_an_exchange_is_refused() {
        let shop = shop();
        let ctx = SaleContext { shop: &shop, terminal: "T1", staff_id: None, kind: SaleKind::Sale };
        let e =
            super::super::prepare(&ctx, &cart(2_000), None, &[Tender::rest(PaymentMethod::Credit)], vec![]);
        assert_eq!(e.unwrap_err(), CheckoutError::CreditWithoutExchange);
    }
}
