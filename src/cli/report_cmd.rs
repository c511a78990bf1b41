//! `counterpart report` (tables, `--json`, `--csv`) and `counterpart
//! export-events` (the funnel rows every suggestion figure counts).
#![allow(clippy::disallowed_types, reason = "UPT, rates and lift are ratios, not money")]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use serde_json::{Map, Value, json};
use unicode_width::UnicodeWidthStr;

use crate::app::Context;
use crate::money::{Currency, Money};
use crate::reports::json::{amount, figures as figures_json};
use crate::reports::{By, Figures, Report, RuleRef, percent};

/// The columns `export-events` writes. `list` (cross_sell or upsell) tells
/// an add-on from an upgrade, which the upsell take rate needs; `place`
/// (pane or checkout) a pane's suggestion from the checkout's last chance.
pub const EXPORT_EVENTS_HEADER: [&str; 12] = [
    "sale_id", "cart_id", "at", "terminal", "staff", "event", "sku", "for_sku", "source", "rank", "list",
    "place",
];

/// The columns of `report --csv`: which grouping and group, then the figures.
pub const REPORT_CSV_HEADER: [&str; 21] = [
    "by",
    "group",
    "sales",
    "revenue",
    "aov",
    "units",
    "upt",
    "attach_rate",
    "upsell_take_rate",
    "suggestion_revenue",
    "suggestion_margin",
    "suggestion_lines_without_cost",
    "discounts",
    "bundle_savings",
    "shown",
    "offered",
    "declined",
    "accepted",
    "checkout_offered",
    "checkout_accepted",
    "checkout_take_rate",
];

/// What `report` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Text,
    Json,
    Csv,
}

/// The period a report covers, checked (`cli::dates`), and whether simulated sales count.
#[derive(Debug, Clone, Copy)]
pub struct Period<'a> {
    pub since: Option<&'a str>,
    pub until: Option<&'a str>,
    pub include_simulated: bool,
}

pub fn report(ctx: &Context, period: Period<'_>, by: Option<By>, output: Output) -> anyhow::Result<ExitCode> {
    let store = ctx.open_for_reading()?;
    let records = store.report_sales(period.since, period.until, period.include_simulated)?;
    let events = store.report_events(period.since, period.until, period.include_simulated, false)?;
    let stored = store.rules(None)?;
    let counted = store.rule_set()?.is_none_or(|s| s.counted);
    let rules: Vec<RuleRef<'_>> = stored.iter().map(|r| RuleRef::from_stored(r, counted)).collect();
    let report = crate::reports::build(&records, &events, &rules, by);
    let c = &ctx.shop().currency;
    match output {
        Output::Json => outln!("{}", serde_json::to_string_pretty(&to_json(c, &period, &report))?)?,
        Output::Csv => {
            let stdout = std::io::stdout();
            let mut w = csv::Writer::from_writer(stdout.lock());
            w.write_record(REPORT_CSV_HEADER)?;
            w.write_record(csv_row(c, "all", "", &report.total))?;
            for (key, f) in &report.groups {
                w.write_record(csv_row(c, by.map_or("", By::as_str), key, f))?;
            }
            w.flush()?;
        }
        Output::Text => {
            let mut skus: Vec<&str> =
                report.missed.iter().flat_map(|m| [m.for_sku.as_str(), m.sku.as_str()]).collect();
            if by == Some(By::Product) {
                skus.extend(report.groups.iter().map(|(k, _)| k.as_str()));
            }
            let names = store.product_names(&skus)?;
            out!("{}", to_text(ctx, &period, &report, &names))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export_events(ctx: &Context, since: Option<&str>, until: Option<&str>) -> anyhow::Result<ExitCode> {
    let store = ctx.open_for_reading()?;
    let records = store.report_sales(since, until, true)?;
    let events = store.report_events(since, until, true, true)?;
    let stdout = std::io::stdout();
    let mut w = csv::Writer::from_writer(stdout.lock());
    w.write_record(EXPORT_EVENTS_HEADER)?;
    for r in crate::reports::funnel(&records, &events) {
        w.write_record([
            r.sale_id.unwrap_or(""),
            r.cart_id,
            r.at,
            r.terminal,
            r.staff,
            r.stage.as_str(),
            r.sku,
            r.for_sku,
            r.source,
            &r.rank.to_string(),
            r.list.as_str(),
            r.place.as_str(),
        ])?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `report --json`: the period, its figures, acceptance by source, the missed
/// list, and with `--by` the groups, each with the same figures.
fn to_json(c: &Currency, period: &Period<'_>, r: &Report) -> Value {
    let mut top = Map::new();
    top.insert("since".into(), json!(period.since));
    top.insert("until".into(), json!(period.until));
    top.insert("currency".into(), json!(c.code));
    top.insert("include_simulated".into(), json!(period.include_simulated));
    top.extend(figures_json(c, &r.total));
    let by_source: Vec<Value> = r
        .by_source
        .iter()
        .map(|(source, f)| {
            let s = &f.suggestions;
            json!({"source": source, "shown": s.shown, "offered": s.offered, "declined": s.declined,
                   "accepted": s.accepted, "suggestion_revenue": amount(c, f.suggestion_revenue)})
        })
        .collect();
    top.insert("by_source".into(), Value::Array(by_source));
    let missed: Vec<Value> = r
        .missed
        .iter()
        .map(|m| {
            json!({"for_sku": m.for_sku, "sku": m.sku, "shown": m.shown, "lift": m.lift, "confidence": m.confidence})
        })
        .collect();
    top.insert("missed".into(), Value::Array(missed));
    if let Some(by) = r.by {
        top.insert("by".into(), json!(by.as_str()));
        let groups = r
            .groups
            .iter()
            .map(|(key, f)| {
                let mut g = Map::new();
                g.insert("group".into(), json!(key));
                g.extend(figures_json(c, f));
                Value::Object(g)
            })
            .collect();
        top.insert("groups".into(), Value::Array(groups));
    }
    Value::Object(top)
}

fn csv_row(c: &Currency, by: &str, group: &str, f: &Figures) -> Vec<String> {
    let opt = |m: Option<Money>| m.map(|m| c.plain(m)).unwrap_or_default();
    vec![
        by.to_string(),
        group.to_string(),
        f.sales.to_string(),
        c.plain(f.revenue),
        c.plain(f.aov()),
        f.units.to_string(),
        f.upt().to_string(),
        f.attach_rate().to_string(),
        f.upsell_take_rate().to_string(),
        c.plain(f.suggestion_revenue),
        opt(f.margin()),
        f.lines_without_cost.to_string(),
        opt(f.discounts),
        opt(f.bundle_savings),
        f.suggestions.shown.to_string(),
        f.suggestions.offered.to_string(),
        f.suggestions.declined.to_string(),
        f.suggestions.accepted.to_string(),
        f.checkout_offered.to_string(),
        f.checkout_accepted.to_string(),
        f.checkout_take_rate().to_string(),
    ]
}

/// Columns padded to their widest cell (by display width); `right` marks the
/// columns aligned right (numbers).
pub(super) fn table(out: &mut String, header: &[&str], right: &[bool], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w - cell.width());
            if i > 0 {
                line.push_str("  ");
            }
            if right.get(i).copied().unwrap_or(false) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// A name cut to `max` display cells, with `…` when cut.
fn fit(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for ch in text.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0) + 1 > max {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}

fn to_text(ctx: &Context, period: &Period<'_>, r: &Report, names: &HashMap<String, String>) -> String {
    let c = &ctx.shop().currency;
    let f = &r.total;
    let mut out = String::new();
    let span = match (period.since, period.until) {
        (None, None) => "all sales".to_string(),
        (Some(s), None) => format!("from {s}"),
        (None, Some(u)) => format!("up to {u}"),
        (Some(s), Some(u)) => format!("{s} to {u}"),
    };
    let simulated =
        if period.include_simulated { "simulated sales included" } else { "simulated sales left out" };
    let _ = writeln!(out, "{} · {span} (UTC) · {simulated}\n", ctx.shop().store_name);
    if f.sales == 0 {
        out.push_str("No sales in this period.\n\n");
    }
    let attach = format!("{} of {} sales took an add-on", f.sales_with_cross_sell, f.sales);
    let upsell = if f.upsells_offered == 0 {
        "no upgrade was offered".to_string()
    } else {
        format!("{} of {} upgrades offered were taken", f.upsells_accepted, f.upsells_offered)
    };
    let checkout = if f.checkout_offered == 0 {
        "no add-on was listed at checkout".to_string()
    } else {
        format!("{} of {} add-ons listed at checkout were taken", f.checkout_accepted, f.checkout_offered)
    };
    let margin_note = match (f.margin(), f.lines_without_cost) {
        (_, 0) => String::new(),
        (None, n) => format!("no accepted line has a known cost ({n})"),
        (Some(_), 1) => "1 accepted line has no cost and is left out".to_string(),
        (Some(_), n) => format!("{n} accepted lines have no cost and are left out"),
    };
    let rows = vec![
        vec!["Sales".into(), f.sales.to_string(), String::new()],
        vec!["Revenue (before tax)".into(), c.display(f.revenue), String::new()],
        vec!["Average order value".into(), c.display(f.aov()), String::new()],
        vec!["Units per transaction".into(), format!("{:.2}", f.upt()), format!("{} units", f.units)],
        vec!["Attach rate".into(), percent(f.attach_rate(), f.sales > 0), attach],
        vec!["Upsell take rate".into(), percent(f.upsell_take_rate(), f.upsells_offered > 0), upsell],
        vec!["Taken at checkout".into(), percent(f.checkout_take_rate(), f.checkout_offered > 0), checkout],
        vec!["Revenue from suggestions".into(), c.display(f.suggestion_revenue), String::new()],
        vec!["Margin from suggestions".into(), f.margin().map_or("–".into(), |m| c.display(m)), margin_note],
        vec!["Discounts given".into(), c.display(f.discounts.unwrap_or_default()), String::new()],
        vec!["Bundle savings".into(), c.display(f.bundle_savings.unwrap_or_default()), String::new()],
    ];
    table(&mut out, &["Figure", "Value", ""], &[false, true, false], &rows);

    out.push_str("\nSuggestions by source\n");
    if r.by_source.is_empty() {
        out.push_str("No suggestion was recorded for these sales.\n");
    } else {
        let rows: Vec<Vec<String>> = r
            .by_source
            .iter()
            .map(|(source, g)| {
                let s = &g.suggestions;
                vec![
                    source.clone(),
                    s.shown.to_string(),
                    s.offered.to_string(),
                    s.declined.to_string(),
                    s.accepted.to_string(),
                    percent(s.accepted as f64 / s.offered.max(1) as f64, s.offered > 0),
                    c.display(g.suggestion_revenue),
                ]
            })
            .collect();
        let header = ["Source", "Shown", "Offered", "Declined", "Accepted", "Taken", "Revenue"];
        table(&mut out, &header, &[false, true, true, true, true, true, true], &rows);
    }

    out.push_str("\nMissed: add-ons the sales history backs, shown but never offered\n");
    if r.missed.is_empty() {
        out.push_str("None: every add-on a strong mined rule backs was offered at least once, or there are no rules.\n");
    } else {
        let name = |sku: &str| fit(names.get(sku).map_or(sku, String::as_str), 32);
        let rows: Vec<Vec<String>> = r
            .missed
            .iter()
            .map(|m| {
                let with = format!("{:.0} %", m.confidence * 100.0);
                vec![
                    name(&m.for_sku),
                    name(&m.sku),
                    format!("{} sales", m.shown),
                    with,
                    format!("{:.1}", m.lift),
                ]
            })
            .collect();
        let header = ["For", "Add-on", "Shown in", "Bought with it", "Lift"];
        table(&mut out, &header, &[false, false, true, true, true], &rows);
    }

    if let Some(by) = r.by {
        let _ = writeln!(out, "\nBy {}", by.as_str());
        if r.groups.is_empty() {
            out.push_str("Nothing to split.\n");
        } else {
            let rows: Vec<Vec<String>> = r
                .groups
                .iter()
                .map(|(key, g)| {
                    let key = match by {
                        By::Product => {
                            fit(&format!("{key} {}", names.get(key).map_or("", String::as_str)), 40)
                        }
                        By::Staff if key.is_empty() => "(nobody)".into(),
                        By::Shift if key.is_empty() => "(no shift)".into(),
                        _ => key.clone(),
                    };
                    vec![
                        key,
                        g.sales.to_string(),
                        c.display(g.revenue),
                        c.display(g.aov()),
                        format!("{:.2}", g.upt()),
                        percent(g.attach_rate(), g.sales > 0),
                        percent(g.upsell_take_rate(), g.upsells_offered > 0),
                        c.display(g.suggestion_revenue),
                    ]
                })
                .collect();
            let header =
                ["Group", "Sales", "Revenue", "AOV", "UPT", "Attach", "Upsell take", "From suggestions"];
            table(&mut out, &header, &[false, true, true, true, true, true, true, true], &rows);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_by_display_width() {
        let mut out = String::new();
        let rows = vec![vec!["Café crème".to_string(), "1".into()], vec!["Tea".into(), "120".into()]];
        table(&mut out, &["Item", "N"], &[false, true], &rows);
        assert_eq!(out, "Item          N\nCafé crème    1\nTea         120\n");
        assert_eq!(fit("Aurora X5 128 GB Midnight", 10), "Aurora X5…");
    }
}
