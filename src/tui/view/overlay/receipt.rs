//! The receipt of the sale just committed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::tui::view::Ctx;

pub(super) fn render(ctx: Ctx<'_>, text: &str, area: Rect, buf: &mut Buffer) {
    let mut lines: Vec<Line<'static>> = text.lines().map(|l| Line::raw(l.to_string())).collect();
    let hint = if ctx.state.training.is_some() {
        "Enter shows your score"
    } else {
        "Enter, or scan the next customer's first item"
    };
    lines.push(Line::styled(hint, ctx.styles.dim));
    let rows = lines.len() as u16 + 2;
    super::text_window(ctx, area, buf, "Receipt", lines, rows);
}
