//! Payment for the cart: its lines as a table, the reductions and totals,
//! the part payments taken so far and what is left (split tender), the
//! method and amount of the next part, and the change.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Fill, Length};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget, Wrap};

use crate::checkout::PaymentMethod;
use crate::money::Money;
use crate::tui::state::CheckoutForm;
use crate::tui::view::text::fit;
use crate::tui::view::{Ctx, right};

/// The widest a line's name is shown, and the total column.
const NAME_W: usize = 44;
const TOTAL_W: usize = 14;

pub(super) fn render(ctx: Ctx<'_>, form: &CheckoutForm, area: Rect, buf: &mut Buffer) {
    let (s, st) = (ctx.state, ctx.styles);
    let cur = &s.settings.currency;
    let cart = &s.session.cart;
    let priced = cart.price();
    let totals = s.settings.tax.totals(&priced.amounts());

    let mut lines = Vec::new();
    for (label, amount) in crate::cart::reduction_rows(&cart.bundles, cart.discount.as_ref(), &priced) {
        lines.push(Line::raw(format!("{label} -{}", cur.display(amount))));
    }
    lines.push(Line::raw(format!(
        "Subtotal {}   Tax {} {}   ",
        cur.display(totals.subtotal),
        s.settings.tax.rate.display(),
        cur.display(totals.tax)
    )));
    lines.push(Line::styled(format!("TOTAL {}", cur.display(totals.total)), st.key));
    lines.push(Line::raw(""));
    let paid = crate::checkout::settle_partial(totals.total, &form.parts, cur).ok();
    for p in paid.iter().flat_map(|(payments, _)| payments) {
        lines.push(Line::raw(format!("Paid ({}) {}", p.method.as_str(), cur.display(p.tendered))));
    }
    let left = paid.map_or(totals.total, |(_, left)| left);
    if !form.parts.is_empty() {
        lines.push(Line::styled(format!("Left to pay {}", cur.display(left)), st.key));
    }
    let mut pay = vec![Span::raw("Payment: ")];
    for m in PaymentMethod::ALL {
        let style = if m == form.method { st.selected } else { st.base };
        pay.extend([Span::styled(format!(" {} ", m.as_str()), style), Span::raw(" ")]);
    }
    lines.push(Line::from(pay));
    let cash = form.method == PaymentMethod::Cash;
    let typed = if form.tendered.is_empty() { "the rest".to_string() } else { form.tendered.clone() };
    let after = match cur.parse(&form.tendered) {
        Ok(t) if cash && t >= left => format!("   change {}", cur.display(t - left)),
        Ok(t) if t < left => format!("   then {} left", cur.display(left - t)),
        _ => String::new(),
    };
    lines.push(Line::from(vec![
        Span::raw(if cash { "Cash handed over: " } else { "Amount: " }),
        Span::styled(format!("{typed}▏"), st.key),
        Span::raw(after),
    ]));
    if let Some(e) = &form.error {
        lines.push(Line::styled(e.clone(), st.error));
    }
    let hint = if form.sending {
        "Recording the sale…"
    } else {
        "Tab: method · type an amount to pay part · Enter pays (nothing typed: the rest)"
    };
    lines.push(Line::styled(hint, st.dim));

    // The lines: quantity, " × ", name, total; a discounted line's discount under its name.
    let most = cart.lines.iter().map(|l| l.qty).max().unwrap_or(1);
    let qty_w = most.to_string().len().max(3);
    let discounted = priced.lines.iter().filter(|p| p.line_discount > Money::ZERO).count();
    let table_rows = priced.lines.len().min(cart.lines.len()) + discounted;
    let content_w = lines.iter().map(Line::width).max().unwrap_or(0).max(qty_w + 3 + NAME_W + TOTAL_W);
    let height = (table_rows + lines.len()) as u16 + 2;
    let inner = super::frame(ctx, area, buf, "Checkout", content_w, height);
    let name_w = usize::from(inner.width).saturating_sub(qty_w + 3 + TOTAL_W).min(NAME_W);
    let mut rows = Vec::new();
    for (l, p) in cart.lines.iter().zip(&priced.lines) {
        rows.push(Row::new([
            right(&l.qty.to_string(), qty_w),
            Cell::new(" × "),
            Cell::new(fit(&l.name, name_w)),
            right(&cur.display(p.gross), TOTAL_W),
        ]));
        if p.line_discount > Money::ZERO {
            let label = crate::cart::discount_label(l.discount.as_ref(), "discount");
            let text = fit(&format!("{label} -{}", cur.display(p.line_discount)), name_w + TOTAL_W);
            rows.push(Row::new([
                Cell::new(""),
                Cell::new(""),
                Cell::new(Line::styled(text, st.dim)).column_span(2),
            ]));
        }
    }
    let [table_area, text_area] = inner.layout(&Layout::vertical([Length(table_rows as u16), Fill(1)]));
    let widths = [Length(qty_w as u16), Length(3), Length(name_w as u16), Length(TOTAL_W as u16)];
    Widget::render(Table::new(rows, widths).column_spacing(0), table_area, buf);
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(text_area, buf);
}
