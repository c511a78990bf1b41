//! How a sale is paid: one tender or several (part card, part cash), each
//! settled in the order the cashier took it. Only cash gives change, and only
//! on the part that covers the rest.

use crate::money::{Currency, Money};

use super::CheckoutError;

/// How the customer pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentMethod {
    Cash,
    Card,
    Other,
    /// Exchange credit: what items returned in an exchange give back, spent
    /// on the new sale (and, on the refund, what went to it). Neither cash in
    /// the drawer nor card takings; never chosen by the cashier.
    Credit,
}

impl PaymentMethod {
    /// Every method, in the order reports list them.
    pub const ALL: [PaymentMethod; 4] =
        [PaymentMethod::Card, PaymentMethod::Cash, PaymentMethod::Other, PaymentMethod::Credit];

    /// The methods a cashier takes a payment by (Tab in the payment window).
    pub const TENDERED: [PaymentMethod; 3] = [PaymentMethod::Card, PaymentMethod::Cash, PaymentMethod::Other];

    /// As the database and `export-sales` write it: "cash", "card", "other", "credit".
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::Other => "other",
            PaymentMethod::Credit => "credit",
        }
    }

    /// As reports and receipts name it for people: "exchange credit" for credit.
    pub fn label(self) -> &'static str {
        match self {
            PaymentMethod::Credit => "exchange credit",
            m => m.as_str(),
        }
    }
}

impl std::str::FromStr for PaymentMethod {
    type Err = String;

    fn from_str(s: &str) -> Result<PaymentMethod, String> {
        PaymentMethod::ALL.into_iter().find(|m| m.as_str() == s).ok_or_else(|| {
            format!("`{s}` is not a payment method (card, cash or other; credit is exchange credit)")
        })
    }
}

/// One part of the payment as the cashier takes it: the method and what the
/// customer hands over (cash) or is charged (card, other). `None` pays
/// whatever is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tender {
    pub method: PaymentMethod,
    pub amount: Option<Money>,
}

impl Tender {
    /// Pays whatever is left with `method` (cash: exactly, no change).
    pub fn rest(method: PaymentMethod) -> Tender {
        Tender { method, amount: None }
    }

    /// `amount` by `method`: cash handed over (more than is left gives
    /// change), or a card or other charge (never more than is left).
    pub fn of(method: PaymentMethod, amount: Money) -> Tender {
        Tender { method, amount: Some(amount) }
    }
}

/// A part of a sale's payment, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub method: PaymentMethod,
    /// What this part pays of the total.
    pub amount: Money,
    /// What the customer handed over (cash), else the amount.
    pub tendered: Money,
    /// Cash given back: `tendered` − `amount`.
    pub change: Money,
}

/// Settles as much of `total` as `tenders` cover, in order: the payments and
/// what is still left to pay. A card or other part above what is left, a part
/// of zero, and any part once the sale is paid are refused, naming the amounts.
pub fn settle_partial(
    total: Money,
    tenders: &[Tender],
    c: &Currency,
) -> Result<(Vec<Payment>, Money), CheckoutError> {
    let mut left = total;
    let mut payments: Vec<Payment> = Vec::with_capacity(tenders.len());
    for t in tenders {
        if left <= Money::ZERO && !payments.is_empty() {
            return Err(CheckoutError::PaidAlready);
        }
        let handed = t.amount.unwrap_or(left);
        // Nothing handed over is a payment only when nothing is owed (a cart
        // discounted to zero still takes "0.00" in cash).
        if t.amount.is_some_and(|a| a < Money::ZERO || (a == Money::ZERO && left > Money::ZERO)) {
            return Err(CheckoutError::NothingPaid);
        }
        let amount = match t.method {
            PaymentMethod::Cash => handed.min(left),
            _ if handed > left => {
                return Err(CheckoutError::MoreThanLeft {
                    method: t.method.as_str(),
                    amount: c.display(handed),
                    left: c.display(left),
                });
            }
            _ => handed,
        };
        payments.push(Payment { method: t.method, amount, tendered: handed, change: handed - amount });
        left -= amount;
    }
    Ok((payments, left))
}

/// Settles all of `total` with `tenders`; refuses none, and too little.
pub fn settle(total: Money, tenders: &[Tender], c: &Currency) -> Result<Vec<Payment>, CheckoutError> {
    if tenders.is_empty() {
        return Err(CheckoutError::NoPayment);
    }
    let (payments, left) = settle_partial(total, tenders, c)?;
    if left > Money::ZERO {
        return Err(CheckoutError::Short {
            paid: c.display(total - left),
            total: c.display(total),
            left: c.display(left),
        });
    }
    Ok(payments)
}

#[cfg(test)]
mod tests {
    use super::PaymentMethod::{Card, Cash, Other};
    use super::*;

    fn usd() -> Currency {
        Currency::usd()
    }

    fn pay(method: PaymentMethod, amount: i64, tendered: i64, change: i64) -> Payment {
        Payment { method, amount: Money(amount), tendered: Money(tendered), change: Money(change) }
    }

    #[test]
    fn one_tender_pays_all_and_cash_gives_change() {
        let c = usd();
        assert_eq!(settle(Money(68_198), &[Tender::rest(Card)], &c), Ok(vec![pay(Card, 68_198, 68_198, 0)]));
        let cash = settle(Money(68_198), &[Tender::of(Cash, Money(70_000))], &c);
        assert_eq!(cash, Ok(vec![pay(Cash, 68_198, 70_000, 1_802)]));
        assert_eq!(settle(Money(0), &[Tender::rest(Other)], &c), Ok(vec![pay(Other, 0, 0, 0)]));
    }

    #[test]
    fn split_tender_pays_in_parts_and_only_the_cash_that_covers_the_rest_gives_change() {
        let c = usd();
        let tenders = [Tender::of(Card, Money(30_000)), Tender::of(Cash, Money(40_000))];
        let paid = settle(Money(68_198), &tenders, &c).unwrap();
        assert_eq!(paid, vec![pay(Card, 30_000, 30_000, 0), pay(Cash, 38_198, 40_000, 1_802)]);
        let tenders = [Tender::of(Cash, Money(10_000)), Tender::of(Other, Money(5_000)), Tender::rest(Card)];
        let paid = settle(Money(68_198), &tenders, &c).unwrap();
        assert_eq!(paid.iter().map(|p| p.amount).sum::<Money>(), Money(68_198));
        assert_eq!(paid[2], pay(Card, 53_198, 53_198, 0));
        let (so_far, left) = settle_partial(Money(68_198), &tenders[..2], &c).unwrap();
        assert_eq!((so_far.len(), left), (2, Money(53_198)));
    }

    #[test]
    fn a_card_above_what_is_left_too_little_and_a_part_too_many_are_refused_with_the_amounts() {
        let c = usd();
        let e = settle(Money(10_000), &[Tender::of(Cash, Money(4_000)), Tender::of(Card, Money(7_000))], &c);
        assert_eq!(
            e.unwrap_err().to_string(),
            "card payment of $70.00 is more than the $60.00 left to pay: only cash gives change"
        );
        let e = settle(Money(10_000), &[Tender::of(Cash, Money(5_000))], &c).unwrap_err();
        assert_eq!(e.to_string(), "$50.00 paid, less than the total $100.00: $50.00 still to pay");
        let e = settle(Money(10_000), &[Tender::of(Cash, Money(20_000)), Tender::rest(Card)], &c);
        assert_eq!(e, Err(CheckoutError::PaidAlready));
        assert_eq!(
            settle(Money(10_000), &[Tender::of(Card, Money::ZERO)], &c),
            Err(CheckoutError::NothingPaid)
        );
        assert_eq!(settle(Money(10_000), &[], &c), Err(CheckoutError::NoPayment));
        // A cart that came to nothing: 0.00 handed over in cash settles it.
        let paid = settle(Money::ZERO, &[Tender::of(Cash, Money::ZERO)], &c).unwrap();
        assert_eq!((paid.len(), paid[0].amount, paid[0].change), (1, Money::ZERO, Money::ZERO));
        assert_eq!(settle(Money::ZERO, &[Tender::of(Cash, Money(-1))], &c), Err(CheckoutError::NothingPaid));
        assert_eq!("cash".parse(), Ok(Cash));
        assert!("Visa".parse::<PaymentMethod>().unwrap_err().contains("card, cash or other"));
    }
}
