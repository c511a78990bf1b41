//! The attached customer's receipts: each sale, refund and void of theirs,
//! newest first, with its lines; scrolled with the arrows.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::view::Ctx;
use crate::tui::view::text::width;

pub(super) fn render(ctx: Ctx<'_>, scroll: usize, area: Rect, buf: &mut Buffer) {
    let (s, st) = (ctx.state, ctx.styles);
    let Some(at) = s.customer.at.as_deref() else { return };
    let cur = &s.settings.currency;
    let mut lines: Vec<Line<'static>> = Vec::new();
    if at.sales.is_empty() {
        lines.push(Line::styled("No receipts yet.", st.dim));
    }
    for sale in at.sales.iter().rev() {
        let when = sale.completed_at.get(..16).unwrap_or(&sale.completed_at).replace('T', " ");
        lines.push(Line::styled(
            format!("{when}  {}  {}  {}", sale.kind, sale.id, cur.display(sale.total)),
            if sale.kind == "sale" { st.title } else { st.dim },
        ));
        for l in &sale.lines {
            lines.push(Line::raw(format!("  {} × {}  {}", l.qty, l.name, cur.display(l.line_total))));
        }
    }
    let content_w = lines.iter().map(Line::width).max().unwrap_or(0);
    let title = format!("Receipts · {}", at.customer.display_name());
    let rows = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let view = usize::from(rows.saturating_sub(2)).max(1);
    let first = scroll.min(lines.len().saturating_sub(view));
    let inner = super::frame(ctx, area, buf, &title, content_w.max(width("↑↓ scroll · Esc closes")), rows);
    let shown: Vec<Line<'static>> = lines.into_iter().skip(first).collect();
    Paragraph::new(shown).wrap(Wrap { trim: false }).render(inner, buf);
}
