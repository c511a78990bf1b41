//! The parked carts to recall (`None` while the list is on its way).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::store::sales::ParkedCart;
use crate::tui::view::Ctx;

pub(super) fn render(ctx: Ctx<'_>, carts: Option<&[ParkedCart]>, sel: usize, area: Rect, buf: &mut Buffer) {
    let (s, st) = (ctx.state, ctx.styles);
    let cur = &s.settings.currency;
    let mut lines = Vec::new();
    match carts {
        None => lines.push(Line::styled("Looking for parked carts…", st.dim)),
        Some([]) => lines.push(Line::raw("No parked carts.")),
        Some(list) => {
            for (i, c) in list.iter().enumerate() {
                let items: i64 = c.cart.lines.iter().map(|l| l.qty).sum();
                let total = cur.display(c.cart.totals(&s.settings.tax).total);
                let text = format!("{}  ·  {items} item(s)  ·  {total}", c.label);
                lines.push(Line::styled(text, if i == sel { st.selected } else { st.base }));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Enter recalls · Esc closes · F4 on a full cart parks it", st.dim));
    let rows = lines.len() as u16 + 2;
    super::text_window(ctx, area, buf, "Parked carts", lines, rows);
}
