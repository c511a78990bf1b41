//! Who is selling: staff id, then PIN when `[staff] sign_in = "pin"` (shown as dots).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::state::SignInForm;
use crate::tui::view::Ctx;

pub(super) fn render(ctx: Ctx<'_>, form: &SignInForm, area: Rect, buf: &mut Buffer) {
    let (s, st) = (ctx.state, ctx.styles);
    let mut lines = vec![
        Line::raw(format!("{} · till {}", s.settings.store_name, s.settings.terminal)),
        Line::from(vec![Span::raw("Staff id: "), Span::styled(format!("{}▏", form.id), st.key)]),
    ];
    if form.needs_pin {
        let dots = "•".repeat(form.pin.chars().count());
        let cursor = if form.on_pin { "▏" } else { "" };
        lines
            .push(Line::from(vec![Span::raw("PIN:      "), Span::styled(format!("{dots}{cursor}"), st.key)]));
    }
    match &form.error {
        Some(e) => lines.push(Line::styled(e.clone(), st.error)),
        None => lines.push(Line::raw("")),
    }
    lines.push(Line::styled("Enter to go on · Ctrl-C quits", st.dim));
    super::text_window(ctx, area, buf, "Sign in", lines, 7);
}
