//! "Quit with a cart?": `y` parks the cart and quits, anything else stays.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::view::Ctx;

pub(super) fn render(ctx: Ctx<'_>, area: Rect, buf: &mut Buffer) {
    let (s, st) = (ctx.state, ctx.styles);
    let cart = &s.session.cart;
    let items: i64 = cart.lines.iter().map(|l| l.qty).sum();
    let total = s.settings.currency.display(cart.totals(&s.settings.tax).total);
    let mut lines = vec![Line::raw(format!("The cart holds {items} item(s), {total}, not checked out."))];
    if let Some(ex) = &s.session.exchange {
        lines.push(Line::raw(format!("The exchange of sale {} is dropped; nothing was booked.", ex.sale_id)));
    }
    lines.extend([
        Line::raw(""),
        Line::from(vec![
            Span::styled("y", st.key),
            Span::raw(" parks the cart (F4 recalls it) and quits · any other key stays"),
        ]),
    ]);
    let rows = lines.len() as u16 + 2;
    super::text_window(ctx, area, buf, "Quit?", lines, rows);
}
