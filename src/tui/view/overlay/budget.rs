//! The customer's budget being typed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::view::Ctx;

pub(super) fn render(ctx: Ctx<'_>, input: &str, error: Option<&str>, area: Rect, buf: &mut Buffer) {
    let st = ctx.styles;
    let cur = &ctx.state.settings.currency;
    let mut lines = vec![
        Line::raw(format!("What the customer wants to spend on the whole cart ({}):", cur.code)),
        Line::from(vec![Span::styled("> ", st.key), Span::raw(format!("{input}▏"))]),
    ];
    match error {
        Some(e) => lines.push(Line::styled(e.to_string(), st.error)),
        None => lines.push(Line::raw("")),
    }
    lines.push(Line::styled("Enter sets it · an empty line clears it · Esc cancels", st.dim));
    super::text_window(ctx, area, buf, "Customer budget", lines, 6);
}
