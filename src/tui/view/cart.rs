//! The centre pane: the cart's lines, totals, and the customer's budget.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::text::{pad, pad_left};
use super::{Ctx, window};
use crate::money::Money;
use crate::tui::state::Pane;

/// Lines with quantity, unit price, line total and discount; subtotal, tax, total; budget.
pub struct CartPane<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &CartPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        let items: i64 = s.session.cart.lines.iter().map(|l| l.qty).sum();
        let title = match s.session.cart.lines.len() {
            0 => "Cart".to_string(),
            n => format!("Cart · {n} line{} · {items} item{}", plural(n as i64), plural(items)),
        };
        let block = self.ctx.block(Pane::Cart, title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let cur = &s.settings.currency;
        if s.session.cart.is_empty() {
            let mut lines = vec![Line::styled("The cart is empty. Scan a barcode or search to add.", st.dim)];
            if let Some(b) = s.session.cart.budget {
                lines.push(Line::raw(format!("Budget {}", cur.display(b))));
            }
            if let Some(last) = &s.session.last_sale {
                lines.push(Line::raw(""));
                lines.push(Line::raw(format!(
                    "Last sale on this till: {} at {}, {} line(s) — {}",
                    cur.display(last.total),
                    crate::tui::update::till::short_time(&last.completed_at),
                    last.lines,
                    last.id
                )));
            }
            Paragraph::new(lines).wrap(Wrap { trim: true }).render(inner, buf);
            return;
        }
        let w = usize::from(inner.width);
        let priced = s.session.cart.price();
        let totals = s.settings.tax.totals(&priced.amounts());
        let tax_label = if s.settings.tax.prices_include_tax { "incl. tax" } else { "Tax" };
        let mut summary: Vec<(String, String, ratatui::style::Style)> = vec![
            ("Subtotal".into(), cur.display(totals.subtotal), st.base),
            (format!("{tax_label} {}", s.settings.tax.rate.display()), cur.display(totals.tax), st.base),
            ("Total".into(), cur.display(totals.total), st.total),
        ];
        let reductions =
            crate::cart::reduction_rows(&s.session.cart.bundles, s.session.cart.discount.as_ref(), &priced);
        for (i, (label, amount)) in reductions.into_iter().enumerate() {
            summary.insert(i, (label, format!("-{}", cur.display(amount)), st.accent));
        }
        if let Some(b) = s.session.cart.budget {
            // The budget is what the customer pays.
            let left = b - totals.total;
            if left >= Money::ZERO {
                summary.push((
                    format!("Budget {}", cur.display(b)),
                    format!("{} left", cur.display(left)),
                    st.info,
                ));
            } else {
                let over = Money::ZERO - left;
                summary.push((
                    format!("Budget {}", cur.display(b)),
                    format!("over by {}", cur.display(over)),
                    st.error,
                ));
            }
        }
        // The summary keeps its rows (Total first to survive) and the lines get the rest.
        let summary_rows = (summary.len() + 1).min(usize::from(inner.height).saturating_sub(1));
        let list_rows = usize::from(inner.height) - summary_rows;
        let (unit_w, total_w) = if w >= 40 { (10, 11) } else { (0, 11) };
        let most = s.session.cart.lines.iter().map(|l| l.qty).max().unwrap_or(1);
        let qty_w = most.to_string().len() + 4;
        let name_w = w.saturating_sub(qty_w + unit_w + total_w);

        let mut rows: Vec<(usize, Line<'static>)> = Vec::new();
        for (i, l) in s.session.cart.lines.iter().enumerate() {
            rows.push((
                i,
                Line::from(vec![
                    Span::raw(pad_left(&format!("{} × ", l.qty), qty_w)),
                    Span::raw(pad(&l.name, name_w)),
                    Span::styled(pad_left(&cur.display(l.unit_price), unit_w), st.dim),
                    Span::styled(pad_left(&cur.display(l.total()), total_w), st.price),
                ]),
            ));
            if let Some(covered) = &l.covers {
                let name = s
                    .session
                    .cart
                    .lines
                    .iter()
                    .find(|c| &c.sku == covered)
                    .map_or(covered.as_str(), |c| c.name.as_str());
                rows.push((i, Line::styled(format!("{}covers the {name}", " ".repeat(qty_w)), st.dim)));
            }
            let off = priced.lines.get(i).map_or(Money::ZERO, |p| p.line_discount);
            if off > Money::ZERO {
                let label = crate::cart::discount_label(l.discount.as_ref(), "discount");
                let text = format!("{label} -{}", cur.display(off));
                rows.push((i, Line::styled(pad_left(&text, w), st.accent)));
            }
        }
        let header = list_rows > 2;
        let visible = list_rows.saturating_sub(usize::from(header));
        let sel_row = rows.iter().position(|(i, _)| *i == s.session.sel).unwrap_or(0);
        let start = window(rows.len(), sel_row, visible);
        let mut y = inner.y;
        if header {
            let line = Line::styled(
                format!(
                    "{}{}{}{}",
                    pad_left("Qty ", qty_w),
                    pad("Item", name_w),
                    pad_left("Unit", unit_w),
                    pad_left("Total", total_w)
                ),
                st.dim,
            );
            buf.set_line(inner.x, y, &line, inner.width);
            y += 1;
        }
        for (i, line) in rows.iter().skip(start).take(visible).map(|(i, l)| (*i, l)) {
            let style = self.ctx.row_style(Pane::Cart, i, s.session.sel);
            buf.set_style(Rect { x: inner.x, y, width: inner.width, height: 1 }, style);
            buf.set_line(inner.x, y, &line.clone().patch_style(style), inner.width);
            y += 1;
        }
        let mut y = inner.y + inner.height - summary_rows as u16;
        if summary_rows > summary.len() {
            buf.set_stringn(inner.x, y, "─".repeat(w), w, st.border);
            y += 1;
        }
        // When rows are short, drop the first summary rows so Total and the budget stay.
        let skip = summary.len().saturating_sub(summary_rows);
        let value_w = 20.min(w);
        for (label, value, style) in summary.iter().skip(skip) {
            let line = Line::from(vec![
                Span::styled(pad_left(label, w.saturating_sub(value_w)), *style),
                Span::styled(pad_left(value, value_w), *style),
            ]);
            buf.set_line(inner.x, y, &line, inner.width);
            y += 1;
        }
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
