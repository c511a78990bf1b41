//! The return window: the sale id (typed or scanned) and the attached
//! customer's sales to pick from; once a sale is loaded, its lines with what
//! was sold, returned already and returnable, the quantities coming back,
//! what they give back and how, and the manager's id and PIN when asked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::dashboard::view::manager_lines;
use crate::tui::state::{ReturnForm, ReturnSale};
use crate::tui::update::returns::customer_sales;
use crate::tui::view::Ctx;
use crate::tui::view::text::fit;

/// The most sales or lines listed at once (the list scrolls with the selection).
const SHOWN: usize = 8;

pub(super) fn render(ctx: Ctx<'_>, form: &ReturnForm, area: Rect, buf: &mut Buffer) {
    let (s, st) = (ctx.state, ctx.styles);
    // Borders and the window's other rows: what is left lists the sales or lines.
    let room = usize::from(area.height.saturating_sub(12)).clamp(1, SHOWN);
    let w = usize::from(area.width.saturating_sub(6)).min(84);
    let key = |name: &str| s.keymap.first_key(name).unwrap_or_default();
    let mut lines = match &form.sale {
        None => entry(ctx, form, room, w),
        Some(sale) => sale_lines(ctx, form, sale, room, w),
    };
    if let Some(manager) = &form.approval {
        let what = if form.exchange { "exchange" } else { "refund" };
        lines.push(Line::styled(format!("A manager approves this {what}:"), st.title));
        lines.extend(manager_lines(st, manager));
    }
    match (&form.error, form.loading, form.refunding) {
        (Some(e), ..) => lines.push(Line::styled(fit(e.clone(), w).into_owned(), st.error)),
        (None, true, _) => lines.push(Line::styled("Looking it up…", st.dim)),
        (None, _, true) => lines.push(Line::styled("Refunding…", st.dim)),
        _ => lines.push(Line::raw("")),
    }
    let hint = match (&form.sale, &form.approval) {
        (_, Some(_)) => "Enter goes on · Esc back to the lines".to_string(),
        (None, _) => format!("Enter loads the sale · ↑↓ pick · {} reprints · Esc closes", key("reprint")),
        (Some(_), None) => {
            format!(
                "↑↓ line · + - 0-9 how many · Enter refund · x exchange · {} reprints · Esc back",
                key("reprint")
            )
        }
    };
    lines.push(Line::styled(fit(hint, w).into_owned(), st.dim));
    let rows = lines.len() as u16 + 2;
    super::text_window(ctx, area, buf, "Return", lines, rows);
}

/// The sale id being typed, and the attached customer's sales.
fn entry(ctx: Ctx<'_>, form: &ReturnForm, room: usize, w: usize) -> Vec<Line<'static>> {
    let (s, st) = (ctx.state, ctx.styles);
    let mut lines = vec![Line::from(vec![
        Span::styled("Sale id (type or scan the receipt): ", st.dim),
        Span::styled(format!("{}▏", form.input), st.base),
    ])];
    let sales = customer_sales(s);
    let Some(at) = s.customer.at.as_deref() else {
        lines.push(Line::styled("Attach the customer (F10) to pick from their sales.", st.dim));
        return lines;
    };
    if sales.is_empty() {
        lines.push(Line::styled(format!("{} has no sales to return.", at.customer.display_name()), st.dim));
        return lines;
    }
    lines.push(Line::styled(format!("{}'s sales:", at.customer.display_name()), st.title));
    let cur = &s.settings.currency;
    let first = super::super::window(sales.len(), form.sel, room);
    for (i, sale) in sales.iter().enumerate().skip(first).take(room) {
        let when = sale.completed_at.get(..16).unwrap_or(&sale.completed_at).replace('T', " ");
        let items: i64 = sale.lines.iter().map(|l| l.qty).sum();
        let text = format!("{when} · {} · {items} items · {}", cur.display(sale.total), sale.id);
        let picked = i == form.sel && form.input.trim().is_empty();
        lines.push(Line::styled(fit(text, w).into_owned(), if picked { st.selected } else { st.base }));
    }
    lines
}

/// The loaded sale's lines and the refund for the quantities chosen.
fn sale_lines(
    ctx: Ctx<'_>,
    form: &ReturnForm,
    sale: &ReturnSale,
    room: usize,
    w: usize,
) -> Vec<Line<'static>> {
    let (s, st) = (ctx.state, ctx.styles);
    let name_w = w.saturating_sub(36).clamp(8, 40);
    let row = |name: &str, sold: &str, back: &str, left: &str, now: &str| {
        format!("{:<name_w$} {sold:>5} {back:>9} {left:>11} {now:>7}", fit(name, name_w))
    };
    let mut lines = vec![
        Line::styled(fit(format!("Sale {}", sale.id), w).into_owned(), st.title),
        Line::styled(row("Item", "Sold", "Returned", "Returnable", "Back"), st.dim),
    ];
    let first = super::super::window(sale.lines.len(), form.sel, room);
    for (i, l) in sale.lines.iter().enumerate().skip(first).take(room) {
        let now = form.qty.get(i).copied().unwrap_or(0);
        let text = row(
            &l.name,
            &l.qty.to_string(),
            &l.refunded.to_string(),
            &(l.qty - l.refunded).to_string(),
            &now.to_string(),
        );
        lines.push(Line::styled(text, if i == form.sel { st.selected } else { st.base }));
    }
    lines.push(Line::raw(""));
    let cur = &s.settings.currency;
    lines.push(match &form.quote {
        Some(q) => Line::styled(format!("Refund: {}", q.how(cur)), st.key),
        None => Line::styled("Nothing chosen to come back yet.", st.dim),
    });
    lines
}
