//! The compare window: one column per marked product (numbered for the key
//! that adds it), a row per spec, the cells of rows that differ
//! highlighted, and the upgrade pitch between family neighbours below.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Fill, Length};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget, Wrap};

use super::super::text::{fit, width, wrap};
use super::{Ctx, frame_of_width};
use crate::suggest::compare::Comparison;

/// The window's width for the content: the widest label, then the columns.
fn content_width(t: &Comparison) -> usize {
    let label_w = t.rows.iter().map(|r| width(&r.label)).max().unwrap_or(0).min(14) + 1;
    let widest = |i: usize| {
        let cells = t.rows.iter().map(|r| r.cells.get(i).map_or(0, |c| width(c)));
        cells.chain([width(&t.names[i]) / 2 + 3]).max().unwrap_or(0) + 2
    };
    label_w + (0..t.names.len()).map(widest).sum::<usize>()
}

pub(super) fn render(ctx: Ctx<'_>, t: &Comparison, sel: usize, area: Rect, buf: &mut Buffer) {
    let st = ctx.styles;
    let n = t.names.len();
    if n == 0 {
        return;
    }
    let pitch_lines: Vec<String> =
        t.pitches.iter().map(|p| format!("{} → {}: “{}”", p.from + 1, p.to + 1, p.talking_point)).collect();
    // As wide as the specs need, up to the screen less a margin (wider than other windows: it has columns).
    let win_w = (content_width(t).max(60) + 2).min(usize::from(area.width.saturating_sub(2)));
    let w = win_w.saturating_sub(2);
    if w < 10 {
        return;
    }
    let label_w = (t.rows.iter().map(|r| width(&r.label)).max().unwrap_or(0) + 1).min(w / 4).max(6);
    let col_w = (w - label_w) / n;
    let head_h = if t.names.iter().enumerate().any(|(i, n)| width(&format!("{} {n}", i + 1)) >= col_w) {
        2
    } else {
        1
    };
    // A blank row, then each pitch wrapped.
    let pitch_h = if pitch_lines.is_empty() {
        0
    } else {
        1 + pitch_lines.iter().map(|l| wrap(l, w).len()).sum::<usize>()
    };
    let table_h = head_h + t.rows.len();
    let rows = (table_h + pitch_h + 2).min(usize::from(area.height)) as u16;
    let inner = frame_of_width(ctx, area, buf, "Compare", win_w as u16, rows);
    if inner.height == 0 {
        return;
    }
    // Short of room, the pitches keep what they need and the table the rest.
    let table_h = table_h.min(usize::from(inner.height).saturating_sub(pitch_h).max(3));
    let [table_area, pitch_area] = inner.layout(&Layout::vertical([Length(table_h as u16), Fill(1)]));

    // The headings: "1 Aurora X5 128 GB" on up to two rows; the highlighted column selected.
    let heads: Vec<Cell<'_>> = std::iter::once(Cell::new(""))
        .chain(t.names.iter().enumerate().map(|(i, name)| {
            let lines: Vec<Line<'_>> = wrap(&format!("{} {name}", i + 1), col_w.saturating_sub(1))
                .into_iter()
                .take(2)
                .map(|l| Line::raw(fit(l, col_w.saturating_sub(1)).into_owned()))
                .collect();
            let style = if i == sel { st.selected } else { st.total };
            Cell::new(Text::from(lines)).style(style)
        }))
        .collect();
    let body = t.rows.iter().map(|r| {
        let cells = std::iter::once(Cell::new(fit(r.label.as_str(), label_w - 1)).style(st.dim)).chain(
            r.cells.iter().map(|c| {
                let cell = Cell::new(fit(c.as_str(), col_w.saturating_sub(1)));
                if r.differs { cell.style(st.differs) } else { cell }
            }),
        );
        Row::new(cells.collect::<Vec<_>>())
    });
    let widths: Vec<_> = std::iter::once(Length(label_w as u16)).chain((0..n).map(|_| Fill(1))).collect();
    Widget::render(
        Table::new(body, widths).header(Row::new(heads).height(head_h as u16)).column_spacing(0),
        table_area,
        buf,
    );
    if pitch_area.height > 1 {
        let mut lines = vec![Line::raw("")];
        lines.extend(pitch_lines.into_iter().map(|l| Line::from(Span::styled(l, st.quote))));
        Paragraph::new(lines).wrap(Wrap { trim: true }).render(pitch_area, buf);
    }
}
