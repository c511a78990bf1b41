//! The manager's dashboard: today against the four weeks before it, the
//! days of those weeks one by one, acceptance by source, sales per hour
//! today and the missed add-ons — for everyone, or for one member of staff.
//!
//! Every figure is a [`build`](super::build) of a period, so each agrees
//! with `counterpart report --json` for that period (`docs/report.md`
//! defines them; times are UTC days, as there):
//!
//! * **today** — `report --since TODAY --until TODAY`;
//! * **the last 4 weeks** — the [`WEEK_DAYS`] days before today;
//! * **each day** of those weeks and today — that day's own report (a void
//!   on a later day leaves its sale in its own day, as a closed period);
//! * **by source** and **missed** — the whole window, the 4 weeks and today;
//! * **per hour** — today's sales (not voided today) by the UTC hour they
//!   were completed in; they add up to today's sales.
//!
//! One member of staff's figures are their `--by staff` group of each
//! period; their acceptance by source and missed add-ons count the
//! suggestions of their own sales.
#![allow(clippy::disallowed_types, reason = "sales per day on average is a ratio, not money")]

use std::collections::HashMap;

use super::days::{self, Now};
use super::figures::{By, Figures, build as report, period_sales};
use super::missed::{Missed, RuleRef};
use super::{EventRecord, SaleRecord};
use crate::money::Money;
use crate::store::{Store, StoreError};

/// "The last 4 weeks": this many days before today.
pub const WEEK_DAYS: i64 = 28;

/// What a dashboard is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// One member of staff (by id), or everyone.
    pub staff: Option<String>,
    /// Simulated sales count too (`report --include-simulated`).
    pub include_simulated: bool,
}

/// One day's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// `YYYY-MM-DD`, UTC.
    pub date: String,
    pub figures: Figures,
}

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub query: Query,
    /// When it was worked out (today is `now.date`).
    pub now: Now,
    pub today: Figures,
    /// The [`WEEK_DAYS`] days before today.
    pub weeks: Figures,
    /// The days of the 4 weeks and today, oldest first (today last).
    pub days: Vec<Day>,
    /// Acceptance by source over the 4 weeks and today.
    pub by_source: Vec<(String, Figures)>,
    /// Add-ons shown and never offered over the 4 weeks and today.
    pub missed: Vec<Missed>,
    /// Today's sales by the UTC hour they were completed in.
    pub per_hour: [u64; 24],
    /// Product names of the SKUs the missed list names, when the catalog has them.
    pub names: HashMap<String, String>,
}

impl Dashboard {
    /// The first day of the 4 weeks.
    pub fn first_day(&self) -> &str {
        self.days.first().map_or(self.now.date.as_str(), |d| d.date.as_str())
    }

    /// The days of the 4 weeks (not today) with at least one sale.
    pub fn trading_days(&self) -> u64 {
        let weeks = self.days.len().saturating_sub(1);
        self.days[..weeks].iter().filter(|d| d.figures.sales > 0).count() as u64
    }

    /// The 4 weeks' sales per day with a sale; `None` without one.
    pub fn daily_sales(&self) -> Option<f64> {
        let n = self.trading_days();
        (n > 0).then(|| self.weeks.sales as f64 / n as f64)
    }

    /// The 4 weeks' revenue per day with a sale, rounded as AOV is; `None` without one.
    pub fn daily_revenue(&self) -> Option<Money> {
        let n = self.trading_days();
        (n > 0).then(|| self.weeks.revenue.mul_div(1, n as i64))
    }

    /// No sale today or in the 4 weeks: nothing to chart.
    pub fn is_empty(&self) -> bool {
        self.today.sales == 0 && self.weeks.sales == 0
    }

    /// A product's name, else its SKU.
    pub fn name<'a>(&'a self, sku: &'a str) -> &'a str {
        self.names.get(sku).map_or(sku, String::as_str)
    }
}

/// Reads the 4 weeks and today from `store` and works out the dashboard.
/// `stop` is asked between the steps (reading the sales, the events, each
/// period's report) whether the one who asked has given up; then `None`.
pub fn load(
    store: &Store,
    query: &Query,
    now: Now,
    stop: &dyn Fn() -> bool,
) -> Result<Option<Dashboard>, StoreError> {
    let first = days::add(&now.date, -WEEK_DAYS)
        .ok_or_else(|| StoreError::Invalid(format!("`{}` is not a day", now.date)))?;
    let (since, until) = (Some(first.as_str()), Some(now.date.as_str()));
    let records = store.report_sales(since, until, query.include_simulated)?;
    if stop() {
        return Ok(None);
    }
    let events = store.report_events(since, until, query.include_simulated, false)?;
    if stop() {
        return Ok(None);
    }
    let stored = store.rules(None)?;
    let counted = store.rule_set()?.is_none_or(|s| s.counted);
    let rules: Vec<RuleRef<'_>> = stored.iter().map(|r| RuleRef::from_stored(r, counted)).collect();
    let Some(mut dashboard) = build(records, events, &rules, query, now, stop) else { return Ok(None) };
    let skus: Vec<&str> =
        dashboard.missed.iter().flat_map(|m| [m.for_sku.as_str(), m.sku.as_str()]).collect();
    dashboard.names = store.product_names(&skus)?;
    Ok(Some(dashboard))
}

/// The dashboard of `records` and `events` (the window's sales, refunds and
/// voids and their sales' suggestion events, as `Store::report_sales` and
/// `report_events` read them) at `now`. Rows outside the window are left out.
/// `None` when `stop`, asked before each period's report, says to give up.
pub fn build(
    mut records: Vec<SaleRecord>,
    mut events: Vec<EventRecord>,
    rules: &[RuleRef<'_>],
    query: &Query,
    now: Now,
    stop: &dyn Fn() -> bool,
) -> Option<Dashboard> {
    let dates: Vec<String> = (-WEEK_DAYS..=0).filter_map(|n| days::add(&now.date, n)).collect();
    // The store reads in time order already; sorting keeps each day one run.
    records.sort_by(|a, b| a.completed_at.cmp(&b.completed_at));
    let sale_day: HashMap<&str, &str> =
        records.iter().filter(|r| r.kind == super::RowKind::Sale).map(|r| (r.id.as_str(), r.day())).collect();
    let event_day =
        |e: &EventRecord| e.sale_id.as_deref().and_then(|id| sale_day.get(id)).copied().unwrap_or("");
    events.sort_by_cached_key(|e| event_day(e));

    // The rows from day `from` up to (not including) day `to`.
    let span = |from: &str, to: &str| {
        let r = records.partition_point(|r| r.day() < from)..records.partition_point(|r| r.day() < to);
        let e =
            events.partition_point(|e| event_day(e) < from)..events.partition_point(|e| event_day(e) < to);
        (&records[r], &events[e])
    };
    let staff = query.staff.as_deref();
    // "Tomorrow" as text: any day after today sorts after `today~`.
    let after_today = format!("{}~", now.date);
    let mut days: Vec<Day> = Vec::with_capacity(dates.len());
    for (i, date) in dates.iter().enumerate() {
        if stop() {
            return None;
        }
        let next = dates.get(i + 1).map_or(after_today.as_str(), String::as_str);
        let (r, e) = span(date, next);
        days.push(Day { date: date.clone(), figures: figures(r, e, staff) });
    }
    let first = dates.first().map_or(now.date.as_str(), String::as_str);
    let (r, e) = span(first, &now.date);
    if stop() {
        return None;
    }
    let weeks = figures(r, e, staff);
    // Today is the last day of the series: the same report, worked out once.
    let (today_records, _) = span(&now.date, &after_today);
    let today = days.last().map(|d| d.figures.clone()).unwrap_or_default();

    let mut per_hour = [0_u64; 24];
    for s in period_sales(today_records).into_iter().filter(|s| staff.is_none_or(|id| s.staff == id)) {
        if let Some(h) = s.completed_at.get(11..13).and_then(|h| h.parse::<usize>().ok()).filter(|h| *h < 24)
        {
            per_hour[h] += 1;
        }
    }

    // Acceptance by source and the missed list: the whole window, the
    // suggestions of the staff member's own sales when it is theirs.
    if stop() {
        return None;
    }
    let (r, e) = span(first, &after_today);
    let whole = match staff {
        None => report(r, e, rules, None),
        Some(id) => {
            let sale_staff: HashMap<&str, &str> = r
                .iter()
                .filter(|s| s.kind == super::RowKind::Sale)
                .map(|s| (s.id.as_str(), s.staff.as_str()))
                .collect();
            let theirs: Vec<EventRecord> = e
                .iter()
                .filter(|ev| ev.sale_id.as_deref().and_then(|s| sale_staff.get(s)) == Some(&id))
                .cloned()
                .collect();
            report(r, &theirs, rules, None)
        }
    };
    Some(Dashboard {
        query: query.clone(),
        today,
        weeks,
        days,
        by_source: whole.by_source,
        missed: whole.missed,
        per_hour,
        names: HashMap::new(),
        now,
    })
}

/// A period's figures: everyone's, or one member of staff's `--by staff` group.
fn figures(records: &[SaleRecord], events: &[EventRecord], staff: Option<&str>) -> Figures {
    match staff {
        None => report(records, events, &[], None).total,
        Some(id) => report(records, events, &[], Some(By::Staff))
            .groups
            .into_iter()
            .find(|(k, _)| k == id)
            .map(|(_, f)| f)
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::RowKind;
    use crate::reports::funnel::tests::{ev, sale};
    use crate::suggest::events::EventKind::{Added, Shown};
    use crate::suggest::events::ListKind::CrossSell;

    fn at(mut s: SaleRecord, when: &str, staff: &str) -> SaleRecord {
        s.completed_at = when.into();
        s.staff = staff.into();
        s
    }

    fn history() -> (Vec<SaleRecord>, Vec<EventRecord>) {
        let records = vec![
            at(
                sale("A", RowKind::Sale, None, &[("PH", 1, 60000), ("CASE", 1, 2000)]),
                "2026-11-02T10:00:00Z",
                "ann",
            ),
            at(sale("B", RowKind::Sale, None, &[("PH", 1, 60000)]), "2026-11-20T11:00:00Z", "bob"),
            at(sale("C", RowKind::Sale, None, &[("TV", 1, 90000)]), "2026-11-26T09:15:00Z", "ann"),
            at(sale("D", RowKind::Sale, None, &[("CHG", 2, 3000)]), "2026-11-26T09:40:00Z", "bob"),
            at(sale("E", RowKind::Sale, None, &[("CASE", 1, 2000)]), "2026-11-26T14:05:00Z", "ann"),
            // B voided today: B stays a sale of its own day; today takes its money back.
            at(sale("V", RowKind::Void, Some("B"), &[("PH", 1, -60000)]), "2026-11-26T15:00:00Z", "bob"),
            // Outside the window: before it, and after today.
            at(sale("O", RowKind::Sale, None, &[("PH", 1, 60000)]), "2026-10-28T10:00:00Z", "ann"),
            at(sale("F", RowKind::Sale, None, &[("PH", 1, 60000)]), "2026-11-27T00:00:01Z", "ann"),
        ];
        let events = vec![
            ev("cA", Some("A"), CrossSell, Shown, "CASE"),
            ev("cA", Some("A"), CrossSell, Added, "CASE"),
            ev("cC", Some("C"), CrossSell, Shown, "HDMI"),
            ev("cD", Some("D"), CrossSell, Shown, "CASE"),
        ];
        (records, events)
    }

    #[test]
    fn today_the_weeks_and_each_day_are_each_their_own_report() {
        let (records, events) = history();
        let d = build(
            records.clone(),
            events.clone(),
            &[],
            &Query::default(),
            Now::at("2026-11-26", 16),
            &|| false,
        )
        .unwrap();
        let only = |from: &str, to: &str| -> Figures {
            let r: Vec<SaleRecord> =
                records.iter().filter(|r| r.day() >= from && r.day() <= to).cloned().collect();
            report(&r, &events, &[], None).total
        };
        assert_eq!(d.days.len(), 29);
        assert_eq!((d.first_day(), d.days[28].date.as_str()), ("2026-10-29", "2026-11-26"));
        assert_eq!(d.today, only("2026-11-26", "2026-11-26"));
        assert_eq!(d.weeks, only("2026-10-29", "2026-11-25"));
        for day in &d.days {
            assert_eq!(day.figures, only(&day.date, &day.date), "{}", day.date);
        }
        assert_eq!((d.today.sales, d.weeks.sales), (3, 2));
        assert_eq!(d.today.revenue, Money(90000 + 3000 + 2000 - 60000));
        assert_eq!(d.weeks.attach_rate(), 0.5);
        assert_eq!(d.trading_days(), 2);
        assert_eq!(d.daily_revenue(), Some(Money(61000)));
        assert_eq!(d.daily_sales(), Some(1.0));
        let hours: Vec<(usize, u64)> =
            d.per_hour.iter().copied().enumerate().filter(|(_, n)| *n > 0).collect();
        assert_eq!(hours, [(9, 2), (14, 1)]);
        assert_eq!(d.by_source.len(), 1);
        assert!(!d.is_empty());
    }

    #[test]
    fn one_member_of_staff_sees_their_staff_group_and_their_own_suggestions() {
        let (records, events) = history();
        let query = Query { staff: Some("ann".into()), include_simulated: false };
        let d = build(records.clone(), events.clone(), &[], &query, Now::at("2026-11-26", 16), &|| false)
            .unwrap();
        let today: Vec<SaleRecord> = records.iter().filter(|r| r.day() == "2026-11-26").cloned().collect();
        let group = report(&today, &events, &[], Some(By::Staff)).groups;
        assert_eq!(Some(&d.today), group.iter().find(|(k, _)| k == "ann").map(|(_, f)| f));
        assert_eq!(d.today.sales, 2);
        assert_eq!(d.per_hour.iter().sum::<u64>(), 2);
        // Bob's sale D showed a case; Ann's sales showed a case and an HDMI cable.
        let shown: u64 = d.by_source.iter().map(|(_, f)| f.suggestions.shown).sum();
        assert_eq!(shown, 2);
        let nobody = Query { staff: Some("zed".into()), include_simulated: false };
        let d = build(records, events, &[], &nobody, Now::at("2026-11-26", 16), &|| false).unwrap();
        assert!(d.is_empty() && d.by_source.is_empty() && d.per_hour == [0; 24]);
    }

    #[test]
    fn giving_up_stops_between_the_reports() {
        let (records, events) = history();
        let asked = std::cell::Cell::new(0);
        let stop_at_the_fifth = || {
            asked.set(asked.get() + 1);
            asked.get() >= 5
        };
        let d = build(records, events, &[], &Query::default(), Now::at("2026-11-26", 16), &stop_at_the_fifth);
        assert!(d.is_none());
        assert_eq!(asked.get(), 5, "no report after it gave up");
    }

    #[test]
    fn an_empty_window_is_empty() {
        let d = build(Vec::new(), Vec::new(), &[], &Query::default(), Now::at("2026-11-26", 0), &|| false)
            .unwrap();
        assert!(d.is_empty());
        assert_eq!((d.trading_days(), d.daily_revenue(), d.daily_sales()), (0, None, None));
        assert_eq!(d.days.len(), 29);
    }
}
