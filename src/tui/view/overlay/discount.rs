//! A discount being typed, and the manager's id and PIN when it is above the cap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::state::{DiscountForm, DiscountScope};
use crate::tui::view::Ctx;

pub(super) fn render(ctx: Ctx<'_>, form: &DiscountForm, area: Rect, buf: &mut Buffer) {
    let (s, st) = (ctx.state, ctx.styles);
    let what = match form.scope {
        DiscountScope::Line(i) => s.session.cart.lines.get(i).map_or_else(String::new, |l| l.name.clone()),
        DiscountScope::Cart => "the whole cart".to_string(),
    };
    let base = crate::tui::update::discount::base(s, form.scope);
    let cursor = |stage: u8| if form.stage == stage { "▏" } else { "" };
    let mut lines = vec![
        Line::raw(format!("Discount on {what} ({})", s.settings.currency.display(base))),
        Line::from(vec![
            Span::raw("Amount or percent: "),
            Span::styled(format!("{}{}", form.input, cursor(0)), st.key),
        ]),
    ];
    if form.stage >= 1 {
        lines.push(Line::from(vec![
            Span::raw("Manager id:        "),
            Span::styled(format!("{}{}", form.manager, cursor(1)), st.key),
        ]));
    }
    if form.stage >= 2 {
        let dots = "•".repeat(form.pin.chars().count());
        lines.push(Line::from(vec![
            Span::raw("Manager PIN:       "),
            Span::styled(format!("{dots}▏"), st.key),
        ]));
    }
    match &form.error {
        Some(e) => lines.push(Line::styled(e.clone(), st.error)),
        None => lines.push(Line::raw("")),
    }
    let hint = if form.waiting {
        "Checking the PIN…"
    } else {
        "\"10%\" or \"5.00\" · 0 removes it · Enter goes on · Esc cancels"
    };
    lines.push(Line::styled(hint, st.dim));
    let rows = lines.len() as u16 + 2;
    super::text_window(ctx, area, buf, "Discount", lines, rows);
}
