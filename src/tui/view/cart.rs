//! The centre pane: the cart's lines, totals, and the customer's budget.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Fill, Length};
use ratatui::layout::{Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Borders, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap,
};

use super::text::fit;
use super::{Ctx, MARK, right, window};
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
        let block = self.ctx.block(Pane::Cart, &title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let cur = &s.settings.currency;
        if s.browse_only {
            let text = "Browse — read-only: no cart here. Tab to a product, mark it to compare.";
            Paragraph::new(Line::styled(text, st.dim)).wrap(Wrap { trim: true }).render(inner, buf);
            return;
        }
        let credit = s.session.exchange.as_ref().map(|ex| {
            (format!("Credit: return of sale {}", ex.sale_id), format!("−{}", cur.display(ex.credit)))
        });
        if s.session.cart.is_empty() {
            let mut lines = vec![Line::styled("The cart is empty. Scan a barcode or search to add.", st.dim)];
            if let Some(ex) = &s.session.exchange {
                // Before anything is added: the credit, and what it is for.
                lines = vec![
                    Line::styled(format!("Exchange credit −{}", cur.display(ex.credit)), st.accent),
                    Line::styled(format!("return of sale {}", ex.sale_id), st.accent),
                    Line::styled(
                        "Add what the customer takes instead: nothing is booked until it is paid.",
                        st.dim,
                    ),
                ];
            }
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
        if let Some((label, amount)) = credit {
            // The exchange's credit, and what the customer pays after it (or gets back).
            let (total, due) = s.session.due(&s.settings.tax);
            summary.push((label, amount, st.accent));
            let rest = s.session.exchange.as_ref().map_or(Money::ZERO, |ex| ex.credit - ex.used(total));
            if rest > Money::ZERO {
                summary.push(("Credit left, paid back".into(), cur.display(rest), st.info));
            } else {
                summary.push(("To pay".into(), cur.display(due), st.total));
            }
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
        let [list_area, summary_area] =
            inner.layout(&Layout::vertical([Fill(1), Length(summary_rows as u16)]));
        let (unit_w, total_w) = if w >= 40 { (10, 11) } else { (0, 11) };
        let most = s.session.cart.lines.iter().map(|l| l.qty).max().unwrap_or(1);
        let qty_w = most.to_string().len() + 4;
        let name_w = w.saturating_sub(qty_w + unit_w + total_w);

        // One table row per line, and one more for what covers it and for its
        // discount: their words first, then cells that borrow them.
        let mut texts: Vec<(usize, RowText<'_>)> = Vec::new();
        for (i, l) in s.session.cart.lines.iter().enumerate() {
            texts.push((
                i,
                RowText::Item {
                    qty: format!("{} × ", l.qty),
                    name: match s.is_marked(&l.sku) {
                        true => format!("{MARK}{}", l.name).into(),
                        false => l.name.as_str().into(),
                    },
                    unit: cur.display(l.unit_price),
                    total: cur.display(l.total()),
                },
            ));
            if let Some(covered) = &l.covers {
                let name = s
                    .session
                    .cart
                    .lines
                    .iter()
                    .find(|c| &c.sku == covered)
                    .map_or(covered.as_str(), |c| c.name.as_str());
                texts.push((i, RowText::Covers(format!("covers the {name}"))));
            }
            let off = priced.lines.get(i).map_or(Money::ZERO, |p| p.line_discount);
            if off > Money::ZERO {
                let label = crate::cart::discount_label(l.discount.as_ref(), "discount");
                texts.push((i, RowText::Discount(format!("{label} -{}", cur.display(off)))));
            }
        }
        let sel_row = texts.iter().position(|(i, _)| *i == s.session.sel).unwrap_or(0);
        let header = list_area.height > 2;
        let visible = usize::from(list_area.height) - usize::from(header);
        let offset = window(texts.len(), sel_row, visible);
        let rows = texts.iter().map(|(i, text)| {
            let row = match text {
                RowText::Item { qty, name, unit, total } => Row::new([
                    right(qty.as_str(), qty_w),
                    Cell::new(fit(name.as_ref(), name_w)),
                    right(unit.as_str(), unit_w).style(st.dim),
                    right(total.as_str(), total_w).style(st.price),
                ]),
                RowText::Covers(text) => {
                    let text = fit(text.as_str(), w.saturating_sub(qty_w));
                    Row::new([Cell::new(""), Cell::new(Line::styled(text, st.dim)).column_span(3)])
                }
                RowText::Discount(text) => {
                    Row::new([right(text.as_str(), w).style(st.accent).column_span(4)])
                }
            };
            row.style(self.ctx.row_style(Pane::Cart, *i, s.session.sel))
        });
        let widths = [Length(qty_w as u16), Fill(1), Length(unit_w as u16), Length(total_w as u16)];
        let mut table = Table::new(rows, widths).column_spacing(0);
        if header {
            table = table.header(
                Row::new([
                    right("Qty ", qty_w),
                    Cell::new(fit("Item", name_w)),
                    right("Unit", unit_w),
                    right("Total", total_w),
                ])
                .style(st.dim),
            );
        }
        let mut at = TableState::new().with_offset(offset).with_selected(Some(sel_row));
        // The table as tall as its rows: below them is only blank space, which
        // the table would otherwise style cell by cell.
        let used = (usize::from(header) + texts.len()).min(usize::from(list_area.height));
        let table_area = Rect { height: used as u16, ..list_area };
        StatefulWidget::render(table, table_area, buf, &mut at);

        // A rule above the summary when there is room; when rows are short,
        // the first summary rows go so that Total and the budget stay.
        let ruled = summary_rows > summary.len();
        let skip = summary.len().saturating_sub(summary_rows);
        // The amounts as wide as the widest needs, so labels ("… bundle") keep their room.
        let widest = summary.iter().map(|(_, v, _)| super::text::width(v)).max().unwrap_or(0);
        let value_w = (widest + 2).clamp(10, 20).min(w);
        let summary = summary.iter().skip(skip).map(|(label, value, style)| {
            Row::new([right(label.as_str(), w.saturating_sub(value_w)), right(value.as_str(), value_w)])
                .style(*style)
        });
        let mut table = Table::new(summary, [Fill(1), Length(value_w as u16)]).column_spacing(0);
        if ruled {
            table = table.block(Block::new().borders(Borders::TOP).border_style(st.border));
        }
        Widget::render(table, summary_area, buf);
    }
}

/// What one row of the cart's table shows, made before the row's cells so
/// that the cells borrow it: ratatui copies a cell's owned text each time it
/// draws it.
enum RowText<'a> {
    /// A line: quantity, name, unit price and line total.
    Item { qty: String, name: std::borrow::Cow<'a, str>, unit: String, total: String },
    /// "covers the …", under a line that covers another.
    Covers(String),
    /// The line's discount.
    Discount(String),
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
