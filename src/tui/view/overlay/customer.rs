//! The customer lookup: name, phone, email or card typed, the matches the
//! worker found, Enter attaches the highlighted one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::state::CustomerForm;
use crate::tui::view::Ctx;
use crate::tui::view::customer::consents;
use crate::tui::view::text::fit;

/// The most matches listed at once (the list scrolls with the selection).
const SHOWN: usize = 8;

pub(super) fn render(ctx: Ctx<'_>, form: &CustomerForm, area: Rect, buf: &mut Buffer) {
    let st = ctx.styles;
    // Borders, the prompt, a blank line and the keys: what is left lists the matches.
    let room = usize::from(area.height.saturating_sub(6)).clamp(1, SHOWN);
    let w = usize::from(area.width.saturating_sub(6)).min(84);
    let mut lines = vec![Line::from(vec![
        Span::styled("Name, phone, email or card: ", st.dim),
        Span::styled(format!("{}▏", form.query), st.base),
    ])];
    if form.found.is_empty() {
        let text = match (form.searching, form.query.trim().is_empty()) {
            (true, _) => "Looking…",
            (false, true) => "Type to find a customer, or scan their card on the main screen.",
            (false, false) => "No customer matches.",
        };
        lines.push(Line::styled(text, st.dim));
    }
    let first = super::super::window(form.found.len(), form.sel, room);
    for (i, c) in form.found.iter().enumerate().skip(first).take(room) {
        let reach = [c.phone.as_deref(), c.email.as_deref(), c.card.as_deref()];
        let reach: Vec<&str> = reach.into_iter().flatten().collect();
        let text = format!("{} · {} · {}", c.display_name(), reach.join(" · "), consents(c));
        lines.push(Line::styled(fit(text, w), if i == form.sel { st.selected } else { st.base }));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Enter attaches · ↑↓ pick · Esc closes", st.dim));
    let rows = lines.len() as u16 + 2;
    super::text_window(ctx, area, buf, "Customer", lines, rows);
}
