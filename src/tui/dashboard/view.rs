//! Drawing the dashboard from a [`Panel`]: a header, today against the 4
//! weeks (a table), sales per hour today (a `Sparkline`, hours still to come
//! left blank), AOV and attach rate by day (two `Chart`s, Braille lines,
//! days without a sale left as gaps), acceptance by source (a grouped
//! `BarChart` whose bar width follows the pane) and the missed add-ons (a
//! table), then the keys.
//!
//! From [`FULL`] every panel shows at once; below it one page at a time
//! (figures, or suggestions) with Tab between them, and on a short page the
//! charts give way first. Below [`MIN`] it asks for a larger terminal.
//! Amounts are formatted only by the [`Currency`], axis labels included.
#![allow(
    clippy::disallowed_types,
    reason = "chart coordinates and rates are f64; amounts stay Money until drawn"
)]

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Fill, Length, Percentage};
use ratatui::layout::{Alignment, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Borders, Cell, Chart, Clear, Dataset, GraphType, Paragraph, Row,
    Sparkline, SparklineBar, Table, Widget, Wrap,
};

use super::panel::{Load, Page, Panel};
use crate::money::{Currency, Money};
use crate::reports::dashboard::Dashboard;
use crate::reports::{Figures, percent};
use crate::tui::view::text::{fit, width};
use crate::tui::view::theme::Styles;

/// The smallest terminal the dashboard is drawn in.
pub const MIN: (u16, u16) = (40, 12);
/// From this size every panel shows at once.
pub const FULL: (u16, u16) = (100, 32);
/// What the page key does, in [`DashboardView::keys`]: left out where every panel shows.
pub const OTHER_PAGE: &str = "other page";

/// The dashboard, full screen.
pub struct DashboardView<'a> {
    pub panel: &'a Panel,
    pub styles: &'a Styles,
    pub currency: &'a Currency,
    /// The shop's name.
    pub shop: &'a str,
    /// Whose figures, as people read it ("Ann Lee", "all staff").
    pub who: String,
    /// The keys that work here: (key, what it does).
    pub keys: Vec<(String, String)>,
}

impl Widget for &DashboardView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let st = self.styles;
        Clear.render(area, buf);
        buf.set_style(area, st.base);
        if area.width < MIN.0 || area.height < MIN.1 {
            let msg = format!("Enlarge the terminal: the dashboard needs {}×{}", MIN.0, MIN.1);
            Paragraph::new(msg).style(st.base).wrap(Wrap { trim: true }).render(area, buf);
            return;
        }
        let full = area.width >= FULL.0 && area.height >= FULL.1;
        let [header, tabs, body, footer] =
            area.layout(&Layout::vertical([Length(1), Length(u16::from(!full)), Fill(1), Length(1)]));
        self.header(header, buf);
        self.footer(footer, buf, full);
        if !full {
            self.tabs(tabs, buf);
        }
        match &self.panel.load {
            Load::Idle | Load::Loading => message(
                st,
                body,
                buf,
                vec![Line::from("Loading…"), Line::styled("the 4 weeks before today, and today", st.dim)],
            ),
            Load::Failed(e) => message(
                st,
                body,
                buf,
                vec![Line::styled("The figures could not be worked out:", st.error), Line::from(e.clone())],
            ),
            Load::Ready(d) if d.is_empty() => self.empty(d, body, buf),
            Load::Ready(d) => {
                let v = Panels { d, st, c: self.currency };
                if full {
                    v.full(body, buf);
                } else {
                    v.page(self.panel.page, body, buf);
                }
            }
        }
        if let Some(form) = &self.panel.manager {
            manager_window(st, form, area, buf);
        }
    }
}

impl DashboardView<'_> {
    fn header(&self, area: Rect, buf: &mut Buffer) {
        let st = self.styles;
        buf.set_style(area, st.header);
        let when = match self.panel.dashboard() {
            Some(d) => format!(" · {} (UTC) {:02}:00", d.now.date, d.now.hour),
            None => String::new(),
        };
        let simulated = if self.panel.include_simulated { " · simulated sales included" } else { "" };
        let line = Line::from(vec![
            Span::styled(" DASHBOARD ", st.badge),
            Span::styled(format!(" {}{when}{simulated} · {}", self.who, self.shop), st.header),
        ]);
        buf.set_line(area.x, area.y, &line, area.width);
    }

    fn tabs(&self, area: Rect, buf: &mut Buffer) {
        let st = self.styles;
        let tab = |name: &'static str, on: bool| {
            Span::styled(format!(" {name} "), if on { st.title_focused } else { st.title })
        };
        let page = self.panel.page;
        let line = Line::from(vec![
            tab("Figures", page == Page::Figures),
            Span::styled(" │ ", st.dim),
            tab("Suggestions", page == Page::Suggestions),
        ]);
        buf.set_line(area.x, area.y, &line, area.width);
    }

    fn footer(&self, area: Rect, buf: &mut Buffer, full: bool) {
        let st = self.styles;
        let mut spans = Vec::new();
        for (key, what) in &self.keys {
            if what == OTHER_PAGE && full {
                continue;
            }
            spans.push(Span::styled(format!(" {key}"), st.key));
            spans.push(Span::styled(format!(" {what} "), st.base));
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }

    fn empty(&self, d: &Dashboard, area: Rect, buf: &mut Buffer) {
        let st = self.styles;
        let mut lines = vec![
            Line::styled("No sales to show.", st.total),
            Line::from(format!(
                "Nothing was sold from {} to {} (UTC, the 4 weeks before today and today).",
                d.first_day(),
                d.now.date
            )),
        ];
        if !d.query.include_simulated {
            lines.push(Line::styled("Simulated sales are left out: s counts them.", st.dim));
        }
        message(st, area, buf, lines);
    }
}

/// Lines in a frame, centred in `area`.
fn message(st: &Styles, area: Rect, buf: &mut Buffer, lines: Vec<Line<'static>>) {
    let block = Block::default().borders(Borders::ALL).border_style(st.border);
    let inner = block.inner(area);
    block.render(area, buf);
    let top = inner.height.saturating_sub(lines.len() as u16) / 2;
    let [_, text] = inner.layout(&Layout::vertical([Length(top), Fill(1)]));
    Paragraph::new(lines).alignment(Alignment::Center).wrap(Wrap { trim: true }).render(text, buf);
}

/// The manager's id and PIN (shown as stars), centred over the dashboard.
fn manager_window(st: &Styles, form: &super::panel::ManagerForm, area: Rect, buf: &mut Buffer) {
    let r = area.centered(Length(area.width.min(56)), Length(area.height.min(7)));
    Clear.render(r, buf);
    buf.set_style(r, st.base);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(st.border_focused)
        .title(Line::styled(" All staff: a manager approves ", st.title_focused));
    let inner = block.inner(r);
    block.render(r, buf);
    let lines = manager_lines(st, form);
    Paragraph::new(lines).wrap(Wrap { trim: true }).render(inner, buf);
}

/// A manager's id and PIN (as stars) being typed, and what became of them:
/// the lines of every window that asks for an approval (this one, a return).
pub(crate) fn manager_lines(st: &Styles, form: &super::panel::ManagerForm) -> Vec<Line<'static>> {
    let cursor = |on: bool| if on && !form.waiting { "▏" } else { "" };
    let mut lines = vec![
        Line::from(format!("Manager id: {}{}", form.id, cursor(!form.on_pin))),
        Line::from(format!("PIN:        {}{}", "*".repeat(form.pin.chars().count()), cursor(form.on_pin))),
    ];
    if form.waiting {
        lines.push(Line::styled("Checking…", st.dim));
    }
    if let Some(e) = &form.error {
        lines.push(Line::styled(e.clone(), st.error));
    }
    lines
}

/// The panels of a loaded dashboard.
struct Panels<'a> {
    d: &'a Dashboard,
    st: &'a Styles,
    c: &'a Currency,
}

impl Panels<'_> {
    /// Every panel: the table and the hours, the two charts, the sources and the missed list.
    fn full(&self, area: Rect, buf: &mut Buffer) {
        let [top, charts, bottom] = area.layout(&Layout::vertical([Length(8), Fill(1), Percentage(35)]));
        let [table, hours] = top.layout(&Layout::horizontal([Percentage(58), Fill(1)]));
        self.table(table, buf);
        self.hours(hours, buf);
        self.charts(charts, buf);
        let [sources, missed] = bottom.layout(&Layout::horizontal([Percentage(60), Fill(1)]));
        self.sources(sources, buf);
        self.missed(missed, buf);
    }

    /// One page of a smaller terminal; the charts go first when it is short.
    fn page(&self, page: Page, area: Rect, buf: &mut Buffer) {
        match page {
            Page::Figures if area.height >= 18 => {
                let [table, hours, charts] = area.layout(&Layout::vertical([Length(8), Length(4), Fill(1)]));
                self.table(table, buf);
                self.hours(hours, buf);
                self.charts(charts, buf);
            }
            Page::Figures => {
                let [table, hours] = area.layout(&Layout::vertical([Length(8), Fill(1)]));
                self.table(table, buf);
                self.hours(hours, buf);
            }
            Page::Suggestions => {
                let [sources, missed] = area.layout(&Layout::vertical([Percentage(50), Fill(1)]));
                self.sources(sources, buf);
                self.missed(missed, buf);
            }
        }
    }

    fn block(&self, title: String) -> Block<'static> {
        Block::default()
            .borders(Borders::ALL)
            .border_style(self.st.border)
            .title(Line::styled(format!(" {title} "), self.st.title))
    }

    /// Today against the 4 weeks before it.
    fn table(&self, area: Rect, buf: &mut Buffer) {
        let (d, c) = (self.d, self.c);
        let (t, w) = (&d.today, &d.weeks);
        let aov = |f: &Figures| if f.sales > 0 { c.display(f.aov()) } else { "–".into() };
        // An arrow only where both sides were counted.
        let trend = |now: f64, then: f64, counted: bool| match (counted, now.total_cmp(&then)) {
            (false, _) => "",
            (true, std::cmp::Ordering::Greater) => " ▲",
            (true, std::cmp::Ordering::Less) => " ▼",
            (true, std::cmp::Ordering::Equal) => " =",
        };
        let both = t.sales > 0 && w.sales > 0;
        let upsells = t.upsells_offered > 0 && w.upsells_offered > 0;
        let rows = [
            [
                "Sales".to_string(),
                t.sales.to_string(),
                w.sales.to_string(),
                d.daily_sales().map_or("–".into(), |n| format!("{n:.1}")),
            ],
            [
                "Revenue".into(),
                c.display(t.revenue),
                c.display(w.revenue),
                d.daily_revenue().map_or("–".into(), |m| c.display(m)),
            ],
            [
                "Average order value".into(),
                format!("{}{}", aov(t), trend(t.aov().0 as f64, w.aov().0 as f64, both)),
                aov(w),
                String::new(),
            ],
            [
                "Attach rate".into(),
                format!(
                    "{}{}",
                    percent(t.attach_rate(), t.sales > 0),
                    trend(t.attach_rate(), w.attach_rate(), both)
                ),
                percent(w.attach_rate(), w.sales > 0),
                String::new(),
            ],
            [
                "Upsell take rate".into(),
                format!(
                    "{}{}",
                    percent(t.upsell_take_rate(), t.upsells_offered > 0),
                    trend(t.upsell_take_rate(), w.upsell_take_rate(), upsells)
                ),
                percent(w.upsell_take_rate(), w.upsells_offered > 0),
                String::new(),
            ],
        ];
        let block = self.block(format!("Today so far · the 4 weeks from {}", d.first_day()));
        let inner = block.inner(area);
        block.render(area, buf);
        let heads = ["", "Today", "4 weeks", "Per sales day"];
        // Each figure column as wide as its widest cell; the names take the rest and give way first.
        let col_w = |i: usize| {
            let widest = rows.iter().map(|r| width(&r[i])).chain([width(heads[i])]).max().unwrap_or(0);
            Length(widest as u16)
        };
        let widths = [Fill(1), col_w(1), col_w(2), col_w(3)];
        let cols: [Rect; 4] = inner.layout(&Layout::horizontal(widths).spacing(2));
        let cell = |text: &str, i: usize| {
            let w = usize::from(cols.get(i).map_or(0, |r| r.width));
            let line = Line::from(fit(text, w).into_owned());
            Cell::new(if i == 0 { line } else { line.alignment(Alignment::Right) })
        };
        let header = Row::new(heads.iter().enumerate().map(|(i, h)| cell(h, i))).style(self.st.title);
        let body = rows.iter().map(|r| Row::new(r.iter().enumerate().map(|(i, x)| cell(x, i))));
        Table::new(body, widths).header(header).column_spacing(2).render(inner, buf);
    }

    /// Today's sales per UTC hour; the hours still to come are left blank.
    fn hours(&self, area: Rect, buf: &mut Buffer) {
        let d = self.d;
        let busiest = (0..24).max_by_key(|&h| (d.per_hour[h], std::cmp::Reverse(h))).unwrap_or(0);
        let title = if d.per_hour[busiest] > 0 {
            format!("Sales per hour today, UTC · peak {busiest:02}:00: {}", d.per_hour[busiest])
        } else {
            "Sales per hour today, UTC · none yet".to_string()
        };
        let block = self.block(title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        // Each hour as wide as the pane allows, so the hours line up with their labels.
        let per = (inner.width / 24).max(1);
        let bars: Vec<SparklineBar> = (0..24_usize)
            .flat_map(|h| {
                let v = (h <= usize::from(d.now.hour)).then_some(d.per_hour[h]);
                std::iter::repeat_n(SparklineBar::from(v), usize::from(per))
            })
            .collect();
        let [spark, axis] = inner.layout(&Layout::vertical([Fill(1), Length(u16::from(inner.height >= 2))]));
        Sparkline::default().data(bars).style(self.st.price).absent_value_symbol(" ").render(spark, buf);
        if axis.height > 0 {
            for h in [0_u16, 6, 12, 18] {
                let x = h * per;
                if x + 2 <= axis.width {
                    buf.set_string(axis.x + x, axis.y, format!("{h}"), self.st.dim);
                }
            }
        }
    }

    /// AOV and attach rate by day, side by side.
    fn charts(&self, area: Rect, buf: &mut Buffer) {
        let d = self.d;
        let [left, right] = area.layout(&Layout::horizontal([Fill(1), Fill(1)]));
        let aov: Vec<Option<f64>> =
            d.days.iter().map(|x| (x.figures.sales > 0).then(|| x.figures.aov().0 as f64)).collect();
        // From the lowest day to the highest, a little room around them, so a change shows.
        let lo = aov.iter().flatten().copied().fold(f64::INFINITY, f64::min);
        let hi = aov.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = ((hi - lo) / 10.0).max(hi.abs() / 20.0).max(1.0);
        let (lo, hi) = if lo <= hi { ((lo - pad).floor(), (hi + pad).ceil()) } else { (0.0, 1.0) };
        let lo = if lo < 0.0 && aov.iter().flatten().all(|v| *v >= 0.0) { 0.0 } else { lo };
        let money = |v: f64| self.c.display(Money(v.round() as i64));
        let labels = [money(lo), money((lo + hi) / 2.0), money(hi)];
        self.day_chart("Average order value by day".into(), &aov, [lo, hi], labels, left, buf);

        let attach: Vec<Option<f64>> =
            d.days.iter().map(|x| (x.figures.sales > 0).then(|| x.figures.attach_rate() * 100.0)).collect();
        let top = attach.iter().flatten().copied().fold(0.0, f64::max);
        let top = ((top / 10.0).ceil() * 10.0).clamp(10.0, 100.0);
        let labels = ["0 %".to_string(), format!("{:.0} %", top / 2.0), format!("{top:.0} %")];
        self.day_chart("Attach rate by day".into(), &attach, [0.0, top], labels, right, buf);
    }

    /// One value per day (oldest left, today right), each run of days with a
    /// value a line of its own so a day without sales is a gap.
    fn day_chart(
        &self,
        title: String,
        values: &[Option<f64>],
        bounds: [f64; 2],
        y_labels: [String; 3],
        area: Rect,
        buf: &mut Buffer,
    ) {
        let d = self.d;
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut open = false;
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) if open => runs.last_mut().into_iter().for_each(|r| r.push((i as f64, *v))),
                Some(v) => {
                    runs.push(vec![(i as f64, *v)]);
                    open = true;
                }
                None => open = false,
            }
        }
        let datasets: Vec<Dataset<'_>> = runs
            .iter()
            .map(|run| {
                let (kind, marker) = if run.len() > 1 {
                    (GraphType::Line, Marker::Braille)
                } else {
                    (GraphType::Scatter, Marker::Dot)
                };
                Dataset::default().data(run).graph_type(kind).marker(marker).style(self.st.price)
            })
            .collect();
        let last = values.len().saturating_sub(1);
        let day = |i: usize| d.days.get(i).and_then(|x| x.date.get(5..)).unwrap_or("").to_string();
        let x_labels = [day(0), day(last / 2), "today".to_string()];
        let axis_style = self.st.dim;
        Chart::new(datasets)
            .block(self.block(title))
            .x_axis(
                Axis::default()
                    .bounds([0.0, last.max(1) as f64])
                    .labels(x_labels.map(|l| Line::styled(l, axis_style)))
                    .style(axis_style),
            )
            .y_axis(
                Axis::default()
                    .bounds(bounds)
                    .labels(y_labels.map(|l| Line::styled(l, axis_style)))
                    .style(axis_style),
            )
            .legend_position(None)
            .render(area, buf);
    }

    /// Shown, offered and accepted suggestions by source, with the share of
    /// offers taken in each group's label.
    fn sources(&self, area: Rect, buf: &mut Buffer) {
        let d = self.d;
        let st = self.st;
        let legend = Line::from(vec![
            Span::styled(" S shown ", st.dim),
            Span::styled(" O offered ", st.info),
            Span::styled(" A accepted ", st.price),
            Span::styled("· % taken of offered ", st.title),
        ]);
        let block = self.block("Suggestions by source · 4 weeks and today".into()).title_bottom(legend);
        if d.by_source.is_empty() {
            let inner = block.inner(area);
            block.render(area, buf);
            Paragraph::new("No suggestion was recorded for these sales.")
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        }
        // As wide as the pane allows (as oha's histogram follows its pane): a gap
        // after each bar, and between groups.
        let n = d.by_source.len() as u16;
        let (bar_gap, group_gap) = (1_u16, 2_u16);
        let room = area.width.saturating_sub(2 + n * 3 * bar_gap + n.saturating_sub(1) * group_gap);
        let bar_w = (room / (3 * n).max(1)).clamp(1, 6);
        let group_w = usize::from(3 * bar_w + 2 * bar_gap);
        let groups: Vec<BarGroup<'_>> = d
            .by_source
            .iter()
            .map(|(source, f)| {
                let s = &f.suggestions;
                let taken = if s.offered > 0 {
                    format!("{source} {:.0}%", s.accepted as f64 * 100.0 / s.offered as f64)
                } else {
                    source.clone()
                };
                let label = if width(&taken) <= group_w { taken } else { fit(source, group_w).into_owned() };
                let bar = |n: u64, tag: &'static str, style: Style| {
                    Bar::new(n)
                        .label(Line::from(tag))
                        .text_value(short(n))
                        .style(style)
                        .value_style(st.header)
                };
                BarGroup::new([
                    bar(s.shown, "S", st.dim),
                    bar(s.offered, "O", st.info),
                    bar(s.accepted, "A", st.price),
                ])
                .label(Line::from(label).alignment(Alignment::Center))
            })
            .collect();
        let mut chart = BarChart::default()
            .block(block)
            .bar_width(bar_w)
            .bar_gap(bar_gap)
            .group_gap(group_gap)
            .label_style(st.dim);
        for g in groups {
            chart = chart.data(g);
        }
        chart.render(area, buf);
    }

    /// The add-ons shown and never offered, most likely to have been taken first.
    fn missed(&self, area: Rect, buf: &mut Buffer) {
        let d = self.d;
        let block = self.block("Missed: shown, never offered".into());
        let inner = block.inner(area);
        block.render(area, buf);
        if d.missed.is_empty() {
            let text = "None: every add-on a strong mined rule backs was offered, or no rules are mined yet.";
            Paragraph::new(text).wrap(Wrap { trim: true }).render(inner, buf);
            return;
        }
        let widths = [Fill(1), Fill(1), Length(6), Length(5)];
        let cols: [Rect; 4] = inner.layout(&Layout::horizontal(widths).spacing(1));
        let cell = |text: &str, i: usize, right: bool| {
            let line = Line::from(fit(text, usize::from(cols.get(i).map_or(0, |r| r.width))).into_owned());
            Cell::new(if right { line.alignment(Alignment::Right) } else { line })
        };
        let header = Row::new([
            cell("For", 0, false),
            cell("Add-on", 1, false),
            cell("Shown", 2, true),
            cell("With", 3, true),
        ])
        .style(self.st.title);
        let rows = d.missed.iter().map(|m| {
            Row::new([
                cell(d.name(&m.for_sku), 0, false),
                cell(d.name(&m.sku), 1, false),
                cell(&m.shown.to_string(), 2, true),
                cell(&format!("{:.0}%", m.confidence * 100.0), 3, true),
            ])
        });
        Table::new(rows, widths).header(header).column_spacing(1).render(inner, buf);
    }
}

/// A count in at most four columns: 987, 9.9k, 12k, 1.2M.
fn short(n: u64) -> String {
    match n {
        0..=999 => n.to_string(),
        1_000..=9_949 => format!("{:.1}k", n as f64 / 1e3),
        9_950..=999_499 => format!("{:.0}k", n as f64 / 1e3),
        999_500..=9_949_999 => format!("{:.1}M", n as f64 / 1e6),
        _ => format!("{:.0}M", n as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_fit_four_columns() {
        let got: Vec<String> = [0, 987, 1_000, 9_949, 9_950, 12_345, 999_499, 999_500, 12_000_000]
            .into_iter()
            .map(super::short)
            .collect();
        assert_eq!(got, ["0", "987", "1.0k", "9.9k", "10k", "12k", "999k", "1.0M", "12M"]);
    }
}
