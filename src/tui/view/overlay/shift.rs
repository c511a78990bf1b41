//! The till's shift: with none open, the float to open one with; with one
//! open, its X-report (scrolled with the arrows) and the cash counted to
//! close it; once closed, the Z-report.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::state::ShiftForm;
use crate::tui::view::Ctx;

pub(super) fn render(ctx: Ctx<'_>, form: &ShiftForm, area: Rect, buf: &mut Buffer) {
    let (s, st) = (ctx.state, ctx.styles);
    let mut bottom: Vec<Line<'static>> = Vec::new();
    let field = |label: &str| {
        Line::from(vec![Span::raw(label.to_string()), Span::styled(format!("{}▏", form.input), st.key)])
    };
    let title = match (&form.report, form.closed, form.loading) {
        (_, _, true) => {
            bottom.push(Line::raw("Reading this till's shift…"));
            "Shift"
        }
        (_, true, _) => {
            bottom.push(Line::styled("Enter or Esc closes · ↑↓ scroll", st.dim));
            "Z-report"
        }
        (Some(_), false, _) => {
            bottom.push(field("Cash counted in the drawer: "));
            let hint = if form.waiting {
                "Closing the shift…"
            } else {
                "Enter: close the shift, print the Z-report · ↑↓ scroll · Esc back"
            };
            bottom.push(Line::styled(hint, st.dim));
            "Shift · X-report"
        }
        (None, false, _) => {
            bottom.push(Line::raw(format!("No shift is open on till {}.", s.settings.terminal)));
            bottom.push(field("Float put in the drawer: "));
            let hint = if form.waiting {
                "Opening the shift…".to_string()
            } else {
                format!("Enter opens the shift for {} · Esc back", s.settings.staff)
            };
            bottom.push(Line::styled(hint, st.dim));
            "Shift"
        }
    };
    if let Some(e) = &form.error {
        bottom.insert(bottom.len() - 1, Line::styled(e.clone(), st.error));
    }
    let report: Vec<&str> = form.report.as_deref().map(|r| r.lines().collect()).unwrap_or_default();
    // The report scrolls in what the screen leaves above the fields (the
    // header and the footer stay in view).
    let room = usize::from(area.height).saturating_sub(4 + bottom.len());
    let first = form.scroll.min(report.len().saturating_sub(room));
    let mut lines: Vec<Line<'static>> =
        report.iter().skip(first).take(room).map(|l| Line::raw(l.to_string())).collect();
    lines.extend(bottom);
    let rows = lines.len() as u16 + 2;
    super::text_window(ctx, area, buf, title, lines, rows);
}
