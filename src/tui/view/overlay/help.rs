//! The keys, generated from the keymap: a table of keys and what they do,
//! scrolled with the arrows; then the filter words the search understands.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Fill, Length};
use ratatui::layout::Rect;
use ratatui::text::{Line, Text};
use ratatui::widgets::{Cell, Row, StatefulWidget, Table, TableState};

use crate::search::query::HELP as FILTERS;
use crate::tui::view::Ctx;
use crate::tui::view::text::{fit, width, wrap};

pub(super) fn render(ctx: Ctx<'_>, scroll: usize, area: Rect, buf: &mut Buffer) {
    let mut help = ctx.state.keymap.help_lines();
    help.push((String::new(), String::new()));
    help.push(("Filters".into(), "typed with the search words; each narrows the results".into()));
    help.extend(FILTERS.iter().map(|(word, what)| (word.to_string(), what.to_string())));
    let key_w = help.iter().map(|(k, _)| width(k)).max().unwrap_or(0).min(22) + 2;
    let content_w = help.iter().map(|(_, d)| key_w + width(d)).max().unwrap_or(0);
    let view = usize::from(area.height.saturating_sub(4)).max(1);
    let first = scroll.min(help.len().saturating_sub(view));
    let inner = super::frame(ctx, area, buf, "Keys", content_w, help.len() as u16 + 2);
    // A description wider than the window wraps under itself.
    let desc_w = usize::from(inner.width).saturating_sub(key_w).max(1);
    let rows = help.iter().map(|(keys, what)| {
        let lines: Vec<Line<'static>> = wrap(what, desc_w).into_iter().map(Line::raw).collect();
        let height = lines.len().max(1) as u16;
        Row::new([Cell::new(fit(keys, key_w)).style(ctx.styles.key), Cell::new(Text::from(lines))])
            .height(height)
    });
    let mut at = TableState::new().with_offset(first);
    StatefulWidget::render(
        Table::new(rows, [Length(key_w as u16), Fill(1)]).column_spacing(0),
        inner,
        buf,
        &mut at,
    );
}
