//! A till's shift and its X-report (mid-shift, nothing closed) and Z-report
//! (at closing): sales, refunds, voids, discounts, bundle savings, tax, the
//! takings per payment method (each part of a split tender counted under its
//! own method), the cash drawer (float + cash received − change − cash paid
//! back = expected, against what was counted), and the suggestion figures.
//!
//! The figures a period report has (sales, revenue, discounts, the funnel…)
//! are [`build`](super::build)'s for the shift's rows: a shift is a set of
//! sales, refunds and voids like a period, only chosen by the till's shift
//! rather than by time. Training and simulated sales never carry a shift.
#![allow(clippy::disallowed_types, reason = "the attach and take rates are ratios, not money")]

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::json::{amount, figures as figures_json};
use super::{EventRecord, Figures, RowKind, SaleRecord};
use crate::checkout::PaymentMethod;
use crate::money::{Currency, Money};

/// A till's shift, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub id: String,
    pub terminal: String,
    /// Who opened it (empty when nobody was recorded).
    pub staff: String,
    /// UTC, as stored.
    pub opened_at: String,
    /// The cash put in the drawer at the start.
    pub float: Money,
    /// When it was closed; `None` while it is open.
    pub closed_at: Option<String>,
    /// Who closed it.
    pub closed_by: Option<String>,
    /// The cash counted in the drawer at closing.
    pub counted: Option<Money>,
    /// The cash the Z-report expected in the drawer.
    pub expected: Option<Money>,
}

impl Shift {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// Counted − expected: negative when the drawer is short. `None` while open.
    pub fn difference(&self) -> Option<Money> {
        Some(self.counted? - self.expected?)
    }
}

/// A part of a sale's, refund's or void's payment (a refund's amounts are negative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    pub sale_id: String,
    pub method: PaymentMethod,
    /// What it paid of the total (cash net of change); negative when paid back.
    pub amount: Money,
    /// What was handed over (cash), else the amount.
    pub tendered: Money,
    pub change: Money,
}

/// What one payment method took in a shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Takings {
    pub method: PaymentMethod,
    /// Paid on the shift's sales (cash net of change).
    pub sales: Money,
    /// Paid back on its refunds and voids (negative).
    pub refunds: Money,
}

impl Takings {
    /// Sales less refunds.
    pub fn net(&self) -> Money {
        self.sales + self.refunds
    }
}

/// How many refunds or voids, and what they gave back (negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reversals {
    pub count: u64,
    pub amount: Money,
}

/// The cash drawer at the end (Z) or now (X).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CashDrawer {
    pub float: Money,
    /// Cash handed over on the shift's sales.
    pub received: Money,
    /// Change given on them.
    pub change: Money,
    /// Cash paid back on refunds and voids (positive).
    pub paid_back: Money,
    /// What was counted (a Z-report).
    pub counted: Option<Money>,
}

impl CashDrawer {
    /// float + cash received − change given − cash paid back.
    pub fn expected(&self) -> Money {
        self.float + self.received - self.change - self.paid_back
    }

    /// Counted − expected: negative when the drawer is short.
    pub fn difference(&self) -> Option<Money> {
        self.counted.map(|c| c - self.expected())
    }
}

/// An X-report (the shift still open) or a Z-report (at its closing).
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftReport {
    pub shift: Shift,
    /// The period report's figures for the shift's rows: sales (less those
    /// voided in the shift), revenue, units, discounts, bundle savings, the funnel.
    pub figures: Figures,
    pub refunds: Reversals,
    pub voids: Reversals,
    /// The tax of the shift's sales less that given back.
    pub tax: Money,
    /// Card, cash and other, in that order, each with what it took and gave
    /// back; then exchange credit, when the shift had an exchange.
    pub takings: Vec<Takings>,
    pub cash: CashDrawer,
}

impl ShiftReport {
    /// A Z-report once the shift is closed, an X-report while it is open.
    pub fn is_z(&self) -> bool {
        !self.shift.is_open()
    }

    /// Everything taken less everything given back: the sum of the takings.
    pub fn total(&self) -> Money {
        self.takings.iter().map(Takings::net).sum()
    }
}

/// The report of `shift` from its rows: `records` its sales, refunds and
/// voids, `payments` their payments, `events` the suggestion events of its
/// sales; `counted` the cash counted at closing (a Z-report).
pub fn report(
    shift: &Shift,
    records: &[SaleRecord],
    payments: &[PaymentRecord],
    events: &[EventRecord],
    counted: Option<Money>,
) -> ShiftReport {
    let figures = super::build(records, events, &[], None).total;
    let reversals = |kind: RowKind| Reversals {
        count: records.iter().filter(|r| r.kind == kind).count() as u64,
        amount: records.iter().filter(|r| r.kind == kind).map(|r| r.total).sum(),
    };
    let kind_of: std::collections::HashMap<&str, RowKind> =
        records.iter().map(|r| (r.id.as_str(), r.kind)).collect();
    let mut takings: Vec<Takings> = PaymentMethod::ALL
        .iter()
        .map(|&method| Takings { method, sales: Money::ZERO, refunds: Money::ZERO })
        .collect();
    let mut cash = CashDrawer {
        float: shift.float,
        received: Money::ZERO,
        change: Money::ZERO,
        paid_back: Money::ZERO,
        counted,
    };
    for p in payments {
        let Some(kind) = kind_of.get(p.sale_id.as_str()) else { continue };
        let sale = *kind == RowKind::Sale;
        if let Some(t) = takings.iter_mut().find(|t| t.method == p.method) {
            if sale { t.sales += p.amount } else { t.refunds += p.amount }
        }
        if p.method == PaymentMethod::Cash {
            if sale {
                cash.received += p.tendered;
                cash.change += p.change;
            } else {
                cash.paid_back -= p.amount;
            }
        }
    }
    // Exchange credit is listed only when the shift had an exchange: it is
    // neither drawer cash nor card takings, and nets to nothing (the refund
    // gives back to the new sale what the new sale was paid with).
    takings
        .retain(|t| t.method != PaymentMethod::Credit || t.sales != Money::ZERO || t.refunds != Money::ZERO);
    ShiftReport {
        shift: shift.clone(),
        figures,
        refunds: reversals(RowKind::Refund),
        voids: reversals(RowKind::Void),
        tax: records.iter().map(|r| r.tax).sum(),
        takings,
        cash,
    }
}

/// A rate as people read it, "41.7 %", or "–" when nothing was counted under it.
fn percent(rate: f64, counted: bool) -> String {
    if counted { format!("{:.1} %", rate * 100.0) } else { "–".into() }
}

/// "2026-11-26 17:05:09" from "2026-11-26T17:05:09.250Z".
fn when(iso: &str) -> String {
    iso.get(..19).unwrap_or(iso).replace('T', " ")
}

impl ShiftReport {
    /// The report as printed at the till (44 columns).
    pub fn text(&self, store_name: &str, c: &Currency) -> String {
        const W: usize = 44;
        let mut out = String::new();
        let rule = "-".repeat(W);
        let s = &self.shift;
        let title = if self.is_z() { "Z-REPORT: shift closed" } else { "X-REPORT: shift still open" };
        let _ = writeln!(out, "{title:^W$}");
        let _ = writeln!(out, "{store_name:^W$}");
        let _ = writeln!(out, "Shift {}", s.id);
        let staff = if s.staff.is_empty() { String::new() } else { format!("  opened by {}", s.staff) };
        let _ = writeln!(out, "Till {}{staff}", s.terminal);
        let _ = writeln!(out, "Opened {} UTC", when(&s.opened_at));
        if let Some(closed) = &s.closed_at {
            let by = s.closed_by.as_deref().map(|b| format!(" by {b}")).unwrap_or_default();
            let _ = writeln!(out, "Closed {} UTC{by}", when(closed));
        }
        let row = |out: &mut String, label: &str, right: String| {
            let label: String = label.chars().take(W - right.chars().count() - 1).collect();
            let _ = writeln!(out, "{label}{right:>w$}", w = W - label.chars().count());
        };
        let f = &self.figures;
        out.push_str(&rule);
        out.push('\n');
        row(&mut out, "Sales", f.sales.to_string());
        row(&mut out, &format!("Refunds ({})", self.refunds.count), c.display(self.refunds.amount));
        row(&mut out, &format!("Voids ({})", self.voids.count), c.display(self.voids.amount));
        row(&mut out, "Discounts given", c.display(f.discounts.unwrap_or_default()));
        row(&mut out, "Bundle savings", c.display(f.bundle_savings.unwrap_or_default()));
        row(&mut out, "Revenue before tax", c.display(f.revenue));
        row(&mut out, "Tax", c.display(self.tax));
        row(&mut out, "Takings", c.display(self.total()));
        out.push_str(&rule);
        out.push('\n');
        out.push_str("Takings by payment method\n");
        for t in &self.takings {
            row(&mut out, &format!("  {}", t.method.label()), c.display(t.net()));
            if t.refunds != Money::ZERO {
                row(&mut out, "    of which paid back", c.display(t.refunds));
            }
        }
        out.push_str(&rule);
        out.push('\n');
        out.push_str("Cash drawer\n");
        let d = &self.cash;
        row(&mut out, "  Float", c.display(d.float));
        row(&mut out, "  Cash received", c.display(d.received));
        row(&mut out, "  Change given", c.display(-d.change));
        row(&mut out, "  Cash paid back", c.display(-d.paid_back));
        row(&mut out, "  Expected in the drawer", c.display(d.expected()));
        if let (Some(counted), Some(diff)) = (d.counted, d.difference()) {
            row(&mut out, "  Counted", c.display(counted));
            let how = match diff.0.signum() {
                0 => "",
                1 => " over",
                _ => " short",
            };
            row(&mut out, "  Difference", format!("{}{how}", c.display(diff)));
        }
        out.push_str(&rule);
        out.push('\n');
        out.push_str("Suggestions\n");
        // "41.7 % (5 of 12)".
        let share = |rate: f64, taken: u64, of: u64| format!("{} ({taken} of {of})", percent(rate, of > 0));
        row(&mut out, "  Attach rate", share(f.attach_rate(), f.sales_with_cross_sell, f.sales));
        row(
            &mut out,
            "  Upsell take rate",
            share(f.upsell_take_rate(), f.upsells_accepted, f.upsells_offered),
        );
        row(
            &mut out,
            "  Taken at checkout",
            share(f.checkout_take_rate(), f.checkout_accepted, f.checkout_offered),
        );
        row(&mut out, "  Revenue from suggestions", c.display(f.suggestion_revenue));
        row(&mut out, "  Margin from suggestions", f.margin().map_or("–".into(), |m| c.display(m)));
        let n = &f.suggestions;
        row(&mut out, "  Shown/offered/accepted", format!("{}/{}/{}", n.shown, n.offered, n.accepted));
        out
    }

    /// The report as one JSON object: `report` ("X" or "Z"), the shift, the
    /// period report's figures under their keys, then `refunds`, `voids`,
    /// `tax`, `takings` (everything taken less given back), `by_method` and
    /// `cash`. Amounts are decimal strings in major units.
    pub fn to_json(&self, c: &Currency) -> Value {
        let s = &self.shift;
        let mut top = Map::new();
        top.insert("report".into(), json!(if self.is_z() { "Z" } else { "X" }));
        top.insert("currency".into(), json!(c.code));
        top.insert(
            "shift".into(),
            json!({
                "id": s.id, "terminal": s.terminal, "staff": s.staff, "opened_at": s.opened_at,
                "closed_at": s.closed_at, "closed_by": s.closed_by, "float": amount(c, s.float),
            }),
        );
        top.extend(figures_json(c, &self.figures));
        let reversals = |r: &Reversals| json!({"count": r.count, "amount": amount(c, r.amount)});
        top.insert("refunds".into(), reversals(&self.refunds));
        top.insert("voids".into(), reversals(&self.voids));
        top.insert("tax".into(), amount(c, self.tax));
        top.insert("takings".into(), amount(c, self.total()));
        let by_method: Vec<Value> = self
            .takings
            .iter()
            .map(|t| {
                json!({"method": t.method.as_str(), "sales": amount(c, t.sales),
                       "refunds": amount(c, t.refunds), "net": amount(c, t.net())})
            })
            .collect();
        top.insert("by_method".into(), Value::Array(by_method));
        let d = &self.cash;
        let opt = |m: Option<Money>| m.map_or(Value::Null, |m| amount(c, m));
        top.insert(
            "cash".into(),
            json!({
                "float": amount(c, d.float), "received": amount(c, d.received), "change": amount(c, d.change),
                "paid_back": amount(c, d.paid_back), "expected": amount(c, d.expected()),
                "counted": opt(d.counted), "difference": opt(d.difference()),
            }),
        );
        Value::Object(top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::funnel::tests::sale;

    fn shift(counted: Option<Money>) -> Shift {
        Shift {
            id: "SH1".into(),
            terminal: "T2".into(),
            staff: "bob".into(),
            opened_at: "2026-11-26T09:00:00.000Z".into(),
            float: Money(10_000),
            closed_at: counted.map(|_| "2026-11-26T17:00:00.000Z".into()),
            closed_by: counted.map(|_| "bob".into()),
            counted,
            expected: None,
        }
    }

    fn paid(sale: &str, method: PaymentMethod, amount: i64, tendered: i64) -> PaymentRecord {
        let change = if method == PaymentMethod::Cash && tendered > amount { tendered - amount } else { 0 };
        PaymentRecord {
            sale_id: sale.into(),
            method,
            amount: Money(amount),
            tendered: Money(tendered),
            change: Money(change),
        }
    }

    #[test]
    fn takings_count_each_part_of_a_split_tender_and_the_drawer_follows_the_cash() {
        use PaymentMethod::{Card, Cash, Other};
        let records = [
            sale("S1", RowKind::Sale, None, &[("PH", 1, 60_000)]),
            sale("S2", RowKind::Sale, None, &[("CASE", 2, 4_000)]),
            sale("S3", RowKind::Sale, None, &[("TV", 1, 90_000)]),
            sale("R1", RowKind::Refund, Some("S1"), &[("PH", 1, -60_000)]),
            sale("V2", RowKind::Void, Some("S2"), &[("CASE", 2, -4_000)]),
        ];
        let payments = [
            paid("S1", Card, 35_000, 35_000),
            paid("S1", Cash, 25_000, 30_000),
            paid("S2", Cash, 4_000, 5_000),
            paid("S3", Other, 90_000, 90_000),
            paid("R1", Card, -35_000, -35_000),
            paid("R1", Cash, -25_000, -25_000),
            paid("V2", Cash, -4_000, -4_000),
        ];
        let z = report(&shift(Some(Money(9_000))), &records, &payments, &[], Some(Money(9_000)));
        let nets: Vec<(PaymentMethod, Money)> = z.takings.iter().map(|t| (t.method, t.net())).collect();
        assert_eq!(nets, [(Card, Money::ZERO), (Cash, Money::ZERO), (Other, Money(90_000))]);
        assert_eq!(z.total(), records.iter().map(|r| r.total).sum());
        assert_eq!((z.refunds.count, z.refunds.amount), (1, Money(-60_000)));
        assert_eq!((z.voids.count, z.voids.amount), (1, Money(-4_000)));
        assert_eq!(z.figures.sales, 2, "the voided sale is not a sale");
        // 100.00 float + 350.00 received − 60.00 change − 290.00 paid back.
        let d = z.cash;
        assert_eq!((d.received, d.change, d.paid_back), (Money(35_000), Money(6_000), Money(29_000)));
        assert_eq!(d.expected(), Money(10_000));
        assert_eq!(d.difference(), Some(Money(-1_000)));
        let text = z.text("Brightside", &Currency::usd());
        assert!(text.starts_with(&format!("{:^44}", "Z-REPORT: shift closed")), "{text}");
        assert!(
            text.lines().any(|l| l.starts_with("  Difference") && l.ends_with("-$10.00 short")),
            "{text}"
        );
        assert!(text.lines().all(|l| l.chars().count() <= 44), "{text}");
        let json = z.to_json(&Currency::usd());
        assert_eq!((json["report"].as_str(), json["cash"]["expected"].as_str()), (Some("Z"), Some("100.00")));
        assert_eq!(json["by_method"][2]["net"], "900.00");
    }

    #[test]
    fn an_x_report_has_no_count_and_an_empty_shift_reads_zero() {
        let x = report(&shift(None), &[], &[], &[], None);
        assert!(!x.is_z());
        assert_eq!((x.figures.sales, x.total(), x.cash.expected()), (0, Money::ZERO, Money(10_000)));
        let text = x.text("Brightside", &Currency::usd());
        assert!(text.contains("X-REPORT") && !text.contains("Counted"), "{text}");
        assert!(x.to_json(&Currency::usd())["cash"]["difference"].is_null());
    }
}
