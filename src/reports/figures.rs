//! The figures of a period, in all and per group (`--by`). Money is summed in
//! minor units; only the ratios (UPT, attach and take rates) are floats.
#![allow(clippy::disallowed_types, reason = "UPT and the rates are ratios, not money")]

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::funnel::{FunnelRow, Stage, funnel};
use super::missed::{Missed, RuleRef, missed};
use super::{EventRecord, RowKind, SaleRecord};
use crate::money::Money;
use crate::suggest::Source;
use crate::suggest::events::{ListKind, Place};

/// What `--by` splits a report by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// Who rang the sale (a refund or void: who rang that).
    Staff,
    /// The UTC day it was completed on.
    Day,
    Terminal,
    /// The till's shift it was rung up in (a refund or void: the shift it was given back in).
    Shift,
    /// Where a suggestion came from: the sales it was made for, the revenue it brought.
    Source,
    /// The product: its own lines, and how it did as a suggestion.
    Product,
}

impl By {
    pub const ALL: [By; 6] = [By::Staff, By::Day, By::Shift, By::Terminal, By::Source, By::Product];

    pub fn as_str(self) -> &'static str {
        match self {
            By::Staff => "staff",
            By::Day => "day",
            By::Terminal => "terminal",
            By::Shift => "shift",
            By::Source => "source",
            By::Product => "product",
        }
    }
}

/// A `--by` value that is none of [`By::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--by: `{0}` is not one of staff, day, shift, terminal, source, product")]
pub struct UnknownBy(pub String);

impl std::str::FromStr for By {
    type Err = UnknownBy;

    fn from_str(s: &str) -> Result<By, UnknownBy> {
        By::ALL.into_iter().find(|b| b.as_str() == s).ok_or_else(|| UnknownBy(s.into()))
    }
}

/// How many suggestions reached each stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub shown: u64,
    pub offered: u64,
    pub declined: u64,
    pub accepted: u64,
}

/// The figures of a period or of one group of it. `docs/report.md` defines each.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figures {
    pub sales: u64,
    pub revenue: Money,
    pub units: i64,
    /// Line and cart discounts of the sales; `None` for a group a discount cannot be split by.
    pub discounts: Option<Money>,
    pub bundle_savings: Option<Money>,
    /// Sales with at least one accepted cross-sell.
    pub sales_with_cross_sell: u64,
    pub upsells_offered: u64,
    pub upsells_accepted: u64,
    /// Add-ons listed on the checkout summary (the last chance), and those of them taken there.
    pub checkout_offered: u64,
    pub checkout_accepted: u64,
    pub suggestions: Counts,
    /// Revenue of the accepted suggestions' lines.
    pub suggestion_revenue: Money,
    /// That revenue less today's cost, over the lines whose cost is known.
    pub suggestion_margin: Money,
    pub lines_with_cost: u64,
    pub lines_without_cost: u64,
}

/// A rate as people read it: "41.7 %", or "–" when nothing was counted under it.
pub fn percent(rate: f64, counted: bool) -> String {
    if counted { format!("{:.1} %", rate * 100.0) } else { "–".into() }
}

/// `num / den`, 0 when nothing was counted under it.
fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 { 0.0 } else { num as f64 / den as f64 }
}

impl Figures {
    /// Average order value: revenue / sales, rounded to the minor unit; 0 with no sales.
    pub fn aov(&self) -> Money {
        if self.sales == 0 { Money::ZERO } else { self.revenue.mul_div(1, self.sales as i64) }
    }

    /// Units per transaction: units / sales; 0 with no sales.
    pub fn upt(&self) -> f64 {
        if self.sales == 0 { 0.0 } else { self.units as f64 / self.sales as f64 }
    }

    /// Sales with at least one accepted cross-sell / sales.
    pub fn attach_rate(&self) -> f64 {
        ratio(self.sales_with_cross_sell, self.sales)
    }

    /// Upgrades accepted / upgrades offered.
    pub fn upsell_take_rate(&self) -> f64 {
        ratio(self.upsells_accepted, self.upsells_offered)
    }

    /// Add-ons accepted at checkout / add-ons listed there.
    pub fn checkout_take_rate(&self) -> f64 {
        ratio(self.checkout_accepted, self.checkout_offered)
    }

    /// The margin, unless accepted lines were sold and none had a known cost.
    pub fn margin(&self) -> Option<Money> {
        (self.lines_with_cost > 0 || self.lines_without_cost == 0).then_some(self.suggestion_margin)
    }
}

/// A period's report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub total: Figures,
    pub by: Option<By>,
    /// One entry per group, by key.
    pub groups: Vec<(String, Figures)>,
    /// Acceptance by source (the `--by source` groups), in [`Source::ALL`] order.
    pub by_source: Vec<(String, Figures)>,
    pub missed: Vec<Missed>,
}

/// What an accepted (sale, SKU) brought: revenue and units net of the
/// period's refunds and voids, and today's unit cost when known.
#[derive(Debug, Clone, Copy, Default)]
struct Taken {
    revenue: Money,
    units: i64,
    cost: Option<Money>,
    cost_missing: bool,
}

/// What a group counts: its sales, its money and units, its funnel rows.
#[derive(Default)]
struct Scope<'a> {
    sales: Vec<&'a SaleRecord>,
    revenue: Money,
    units: i64,
    rows: Vec<&'a FunnelRow<'a>>,
}

/// The report of a period: `records` are its sales, refunds and voids,
/// `events` the suggestion events of its sales, `rules` the current mined rules.
pub fn build(
    records: &[SaleRecord],
    events: &[EventRecord],
    rules: &[RuleRef<'_>],
    by: Option<By>,
) -> Report {
    let sales = period_sales(records);
    let sale_of: HashMap<&str, &SaleRecord> = sales.iter().map(|s| (s.id.as_str(), *s)).collect();
    let all_rows = funnel(records, events);
    let rows: Vec<&FunnelRow> =
        all_rows.iter().filter(|r| r.sale_id.is_some_and(|id| sale_of.contains_key(id))).collect();
    let taken = taken(records, &sale_of);

    let total = Scope {
        sales: sales.clone(),
        revenue: records.iter().map(SaleRecord::revenue).sum(),
        units: records.iter().map(SaleRecord::units).sum(),
        rows: rows.clone(),
    };
    let by_source = source_groups(&rows, &sale_of, &taken)
        .into_iter()
        .map(|(k, scope)| (k, figures(&scope, &taken, false)))
        .collect();
    let groups = match by {
        None => Vec::new(),
        Some(By::Source) => source_groups(&rows, &sale_of, &taken)
            .into_iter()
            .map(|(k, scope)| (k, figures(&scope, &taken, false)))
            .collect(),
        Some(By::Product) => product_groups(records, &sales, &rows)
            .into_iter()
            .map(|(k, scope)| (k, figures(&scope, &taken, false)))
            .collect(),
        Some(by) => sale_groups(by, records, &sales, &rows, &sale_of)
            .into_iter()
            .map(|(k, scope)| (k, figures(&scope, &taken, true)))
            .collect(),
    };
    Report { total: figures(&total, &taken, true), by, groups, by_source, missed: missed(&rows, rules) }
}

/// The period's sales among `records` (its sales, refunds and voids): the
/// sales not voided within it. A void of an earlier sale takes its money
/// back in this period, not its count.
pub fn period_sales(records: &[SaleRecord]) -> Vec<&SaleRecord> {
    let voided: HashSet<&str> =
        records.iter().filter(|r| r.kind == RowKind::Void).filter_map(|r| r.refund_of.as_deref()).collect();
    records.iter().filter(|r| r.kind == RowKind::Sale && !voided.contains(r.id.as_str())).collect()
}

/// Revenue, units and cost of each (sale, SKU) of the period's sales, net of
/// the period's refunds and voids of them.
fn taken<'a>(
    records: &'a [SaleRecord],
    sale_of: &HashMap<&str, &SaleRecord>,
) -> HashMap<(&'a str, &'a str), Taken> {
    let mut out: HashMap<(&str, &str), Taken> = HashMap::default();
    for r in records {
        let sale = match r.kind {
            RowKind::Sale => r.id.as_str(),
            RowKind::Refund | RowKind::Void => match r.refund_of.as_deref() {
                Some(of) => of,
                None => continue,
            },
        };
        if !sale_of.contains_key(sale) {
            continue;
        }
        for (l, revenue) in r.lines.iter().zip(r.line_revenues()) {
            let t = out.entry((sale, l.sku.as_str())).or_default();
            t.revenue += revenue;
            t.units += r.kind.sign() * l.qty;
            match l.cost {
                Some(c) => t.cost = Some(c),
                None => t.cost_missing = true,
            }
        }
    }
    out
}

/// A group's figures. `with_discounts`: the group is a set of whole sales.
fn figures(scope: &Scope<'_>, taken: &HashMap<(&str, &str), Taken>, with_discounts: bool) -> Figures {
    let mut f = Figures {
        sales: scope.sales.len() as u64,
        revenue: scope.revenue,
        units: scope.units,
        discounts: with_discounts.then(|| scope.sales.iter().map(|s| s.discount).sum()),
        bundle_savings: with_discounts.then(|| scope.sales.iter().map(|s| s.bundle_savings).sum()),
        ..Figures::default()
    };
    let mut attached: HashSet<&str> = HashSet::default();
    let mut accepted: HashSet<(&str, &str)> = HashSet::default();
    for r in &scope.rows {
        match r.stage {
            Stage::Shown => f.suggestions.shown += 1,
            Stage::Offered => f.suggestions.offered += 1,
            Stage::Declined => f.suggestions.declined += 1,
            Stage::Accepted => f.suggestions.accepted += 1,
        }
        match (r.place, r.stage) {
            (Place::Checkout, Stage::Shown) => f.checkout_offered += 1,
            (Place::Checkout, Stage::Accepted) => f.checkout_accepted += 1,
            _ => {}
        }
        let Some(sale) = r.sale_id else { continue };
        match (r.list, r.stage) {
            (ListKind::Upsell, Stage::Offered) => f.upsells_offered += 1,
            (ListKind::Upsell, Stage::Accepted) => f.upsells_accepted += 1,
            (ListKind::CrossSell, Stage::Accepted) => {
                attached.insert(sale);
            }
            _ => {}
        }
        if r.stage == Stage::Accepted {
            accepted.insert((sale, r.sku));
        }
    }
    f.sales_with_cross_sell = attached.len() as u64;
    for key in accepted {
        let Some(t) = taken.get(&key) else { continue };
        f.suggestion_revenue += t.revenue;
        match t.cost {
            Some(c) if !t.cost_missing => {
                f.suggestion_margin += t.revenue - c * t.units;
                f.lines_with_cost += 1;
            }
            _ => f.lines_without_cost += 1,
        }
    }
    f
}

/// Staff, day, shift or terminal: each sale, refund or void by its own; the
/// funnel rows by their sale's.
fn sale_groups<'a>(
    by: By,
    records: &'a [SaleRecord],
    sales: &[&'a SaleRecord],
    rows: &[&'a FunnelRow],
    sale_of: &HashMap<&str, &'a SaleRecord>,
) -> BTreeMap<String, Scope<'a>> {
    let key = |r: &SaleRecord| match by {
        By::Staff => r.staff.clone(),
        By::Terminal => r.terminal.clone(),
        By::Shift => r.shift.clone(),
        _ => r.day().to_string(),
    };
    let mut out: BTreeMap<String, Scope<'a>> = BTreeMap::new();
    for r in records {
        let g = out.entry(key(r)).or_default();
        g.revenue += r.revenue();
        g.units += r.units();
    }
    for s in sales {
        out.entry(key(s)).or_default().sales.push(s);
    }
    for r in rows {
        if let Some(s) = r.sale_id.and_then(|id| sale_of.get(id)) {
            out.entry(key(s)).or_default().rows.push(r);
        }
    }
    out
}

/// Each source: the sales it had a suggestion in, its accepted suggestions'
/// revenue and units, its funnel rows. Known sources first, in [`Source::ALL`] order.
fn source_groups<'a>(
    rows: &[&'a FunnelRow],
    sale_of: &HashMap<&str, &'a SaleRecord>,
    taken: &HashMap<(&str, &str), Taken>,
) -> Vec<(String, Scope<'a>)> {
    let mut out: BTreeMap<(usize, String), Scope<'a>> = BTreeMap::new();
    let mut seen: HashSet<(&str, &str)> = HashSet::default();
    let mut accepted: HashSet<(&str, &str, &str)> = HashSet::default();
    for r in rows {
        let rank = Source::ALL.iter().position(|s| s.as_str() == r.source).unwrap_or(Source::ALL.len());
        let g = out.entry((rank, r.source.to_string())).or_default();
        g.rows.push(r);
        let Some(s) = r.sale_id.and_then(|id| sale_of.get(id)) else { continue };
        if seen.insert((r.source, s.id.as_str())) {
            g.sales.push(s);
        }
        if r.stage == Stage::Accepted
            && accepted.insert((r.source, s.id.as_str(), r.sku))
            && let Some(t) = taken.get(&(s.id.as_str(), r.sku))
        {
            g.revenue += t.revenue;
            g.units += t.units;
        }
    }
    out.into_iter().map(|((_, k), g)| (k, g)).collect()
}

/// Each product: its own lines (sold, refunded, voided), the sales that hold
/// it, and the funnel rows that suggested it.
fn product_groups<'a>(
    records: &'a [SaleRecord],
    sales: &[&'a SaleRecord],
    rows: &[&'a FunnelRow],
) -> BTreeMap<String, Scope<'a>> {
    let mut out: BTreeMap<String, Scope<'a>> = BTreeMap::new();
    for r in records {
        for (l, revenue) in r.lines.iter().zip(r.line_revenues()) {
            let g = out.entry(l.sku.clone()).or_default();
            g.revenue += revenue;
            g.units += r.kind.sign() * l.qty;
        }
    }
    for s in sales {
        let mut skus: Vec<&str> = s.lines.iter().map(|l| l.sku.as_str()).collect();
        skus.sort_unstable();
        skus.dedup();
        for sku in skus {
            out.entry(sku.to_string()).or_default().sales.push(s);
        }
    }
    for r in rows {
        out.entry(r.sku.to_string()).or_default().rows.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::funnel::tests::{ev, sale};
    use crate::suggest::events::EventKind::{Added, Dismissed, Shown, Swapped};
    use crate::suggest::events::ListKind::{CrossSell, Upsell};

    #[test]
    fn no_sales_give_zeros_and_no_division_by_zero() {
        let r = build(&[], &[], &[], Some(By::Staff));
        assert_eq!(r.total.sales, 0);
        assert_eq!((r.total.aov(), r.total.upt(), r.total.attach_rate()), (Money::ZERO, 0.0, 0.0));
        assert_eq!(r.total.upsell_take_rate(), 0.0);
        assert_eq!(r.total.margin(), Some(Money::ZERO));
        assert!(r.groups.is_empty() && r.by_source.is_empty() && r.missed.is_empty());
    }

    #[test]
    fn a_refund_takes_back_revenue_units_and_the_acceptance_a_void_takes_the_sale() {
        let records = [
            sale("S1", RowKind::Sale, None, &[("PH", 1, 60000), ("CASE", 2, 4000)]),
            sale("S2", RowKind::Sale, None, &[("PH", 1, 60000), ("CHG", 1, 3000)]),
            sale("S3", RowKind::Sale, None, &[("TV", 1, 90000)]),
            sale("R1", RowKind::Refund, Some("S1"), &[("CASE", 2, -4000)]),
            sale("V3", RowKind::Void, Some("S3"), &[("TV", 1, -90000)]),
        ];
        let events = [
            ev("c1", Some("S1"), CrossSell, Shown, "CASE"),
            ev("c1", Some("S1"), CrossSell, Added, "CASE"),
            ev("c2", Some("S2"), CrossSell, Added, "CHG"),
            ev("c2", Some("S2"), Upsell, Dismissed, "PH-256"),
            ev("c3", Some("S3"), Upsell, Swapped, "TV"),
        ];
        let r = build(&records, &events, &[], None);
        let f = &r.total;
        // The void's sale is not a sale; the refund is booked in the period.
        assert_eq!(f.sales, 2);
        assert_eq!(f.revenue, Money(60000 + 4000 + 60000 + 3000 - 4000));
        assert_eq!(f.units, 1 + 2 + 1 + 1 - 2);
        assert_eq!(f.aov(), Money(61500));
        assert_eq!(f.upt(), 1.5);
        // The refunded case is no longer an accepted add-on; the charger is.
        assert_eq!(f.sales_with_cross_sell, 1);
        assert_eq!(f.attach_rate(), 0.5);
        assert_eq!((f.upsells_offered, f.upsells_accepted), (1, 0));
        assert_eq!(f.suggestion_revenue, Money(3000));
        assert_eq!((f.lines_with_cost, f.lines_without_cost, f.margin()), (0, 1, None));
        assert_eq!(f.suggestions, Counts { shown: 1, offered: 3, declined: 1, accepted: 1 });
    }

    #[test]
    fn staff_groups_add_up_to_the_whole_and_sources_count_their_own_suggestions() {
        let mut s2 = sale("S2", RowKind::Sale, None, &[("PH", 1, 60000), ("CHG", 1, 3000)]);
        s2.staff = "cy".into();
        s2.discount = Money(500);
        let records = [sale("S1", RowKind::Sale, None, &[("PH", 1, 60000), ("CASE", 1, 2000)]), s2];
        let mut mined = ev("c2", Some("S2"), CrossSell, Added, "CHG");
        mined.source = "mined".into();
        let events = [
            ev("c1", Some("S1"), CrossSell, Shown, "CASE"),
            ev("c1", Some("S1"), CrossSell, Added, "CASE"),
            mined,
        ];
        let r = build(&records, &events, &[], Some(By::Staff));
        let keys: Vec<&str> = r.groups.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["bob", "cy"]);
        let sum: Money = r.groups.iter().map(|(_, f)| f.revenue).sum();
        assert_eq!(sum, r.total.revenue);
        assert_eq!(r.groups[1].1.discounts, Some(Money(500)));
        assert_eq!(r.groups[1].1.suggestion_revenue, Money(3000));
        let sources: Vec<(&str, u64, Money)> =
            r.by_source.iter().map(|(k, f)| (k.as_str(), f.suggestions.accepted, f.revenue)).collect();
        assert_eq!(sources, [("curated", 1, Money(2000)), ("mined", 1, Money(3000))]);
        assert_eq!(r.by_source[0].1.discounts, None);
    }

    #[test]
    fn an_add_on_taken_at_checkout_is_a_checkout_offer_accepted_and_an_attached_add_on() {
        let records = [
            sale("S1", RowKind::Sale, None, &[("PH", 1, 60000), ("SCREEN", 1, 2000)]),
            sale("S2", RowKind::Sale, None, &[("PH", 1, 60000), ("CHG", 1, 3000)]),
            sale("R2", RowKind::Refund, Some("S2"), &[("CHG", 1, -3000)]),
        ];
        let at_checkout = |e: EventRecord| EventRecord { place: Place::Checkout, ..e };
        let events = [
            // Shown in the pane, then listed at checkout with the cable, and taken there.
            ev("c1", Some("S1"), CrossSell, Shown, "SCREEN"),
            ev("c1", Some("S1"), CrossSell, Shown, "CABLE"),
            at_checkout(ev("c1", Some("S1"), CrossSell, Shown, "SCREEN")),
            at_checkout(ev("c1", Some("S1"), CrossSell, Shown, "CABLE")),
            at_checkout(ev("c1", Some("S1"), CrossSell, Added, "SCREEN")),
            // Taken at checkout, then given back.
            at_checkout(ev("c2", Some("S2"), CrossSell, Shown, "CHG")),
            at_checkout(ev("c2", Some("S2"), CrossSell, Added, "CHG")),
        ];
        let f = build(&records, &events, &[], None).total;
        assert_eq!((f.checkout_offered, f.checkout_accepted), (3, 1));
        assert_eq!(f.checkout_take_rate(), 1.0 / 3.0);
        // A pane showing and a checkout listing are two suggestions; the screen protector came in once.
        assert_eq!(f.suggestions, Counts { shown: 5, offered: 2, declined: 0, accepted: 1 });
        assert_eq!((f.sales_with_cross_sell, f.suggestion_revenue), (1, Money(2000)));
        let none = build(&records, &events[..2], &[], None).total;
        assert_eq!((none.checkout_offered, none.checkout_accepted, none.checkout_take_rate()), (0, 0, 0.0));
    }

    #[test]
    fn by_takes_the_six_groupings_and_names_them_when_refusing() {
        for by in By::ALL {
            assert_eq!(by.as_str().parse::<By>(), Ok(by));
        }
        let e = "till".parse::<By>().unwrap_err().to_string();
        assert_eq!(e, "--by: `till` is not one of staff, day, shift, terminal, source, product");
    }

    #[test]
    fn shift_groups_book_each_row_in_its_own_shift() {
        let in_shift = |mut r: SaleRecord, shift: &str| {
            r.shift = shift.into();
            r
        };
        let records = [
            in_shift(sale("S1", RowKind::Sale, None, &[("PH", 1, 60000)]), "A"),
            in_shift(sale("S2", RowKind::Sale, None, &[("CASE", 2, 4000)]), "A"),
            in_shift(sale("S3", RowKind::Sale, None, &[("TV", 1, 90000)]), ""),
            // The case comes back in the next shift: booked there.
            in_shift(sale("R2", RowKind::Refund, Some("S2"), &[("CASE", 1, -2000)]), "B"),
        ];
        let r = build(&records, &[], &[], Some(By::Shift));
        let groups: Vec<(&str, u64, Money)> =
            r.groups.iter().map(|(k, f)| (k.as_str(), f.sales, f.revenue)).collect();
        assert_eq!(groups, [("", 1, Money(90000)), ("A", 2, Money(64000)), ("B", 0, Money(-2000))]);
    }
}
