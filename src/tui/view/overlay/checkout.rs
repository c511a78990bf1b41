//! Payment for the cart: its lines as a table, the reductions and totals,
//! the part payments taken so far and what is left (split tender), the last
//! chance (the add-ons "Goes well with" has that were not offered yet, each
//! under the key that adds it), the method and amount of the next part, and
//! the change.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Fill, Length};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget, Wrap};

use crate::checkout::PaymentMethod;
use crate::money::Money;
use crate::suggest::CrossSell;
use crate::tui::state::CheckoutForm;
use crate::tui::view::text::{fit, width, wrap};
use crate::tui::view::{Ctx, right};

const TITLE: &str = "Checkout";

/// The name column's width the window is made wide enough for (it takes
/// whatever the window has), and the total column.
const NAME_W: usize = 44;
const TOTAL_W: usize = 14;

pub(super) fn render(ctx: Ctx<'_>, form: &CheckoutForm, area: Rect, buf: &mut Buffer) {
    let (s, st) = (ctx.state, ctx.styles);
    let cur = &s.settings.currency;
    let cart = &s.session.cart;
    let priced = cart.price();
    let totals = s.settings.tax.totals(&priced.amounts());

    let mut lines = Vec::new();
    let mut pay_lines = Vec::new();
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
    // An exchange's credit is the first part, taken already.
    let parts = match &s.session.exchange {
        Some(ex) => ex.with_credit(totals.total, &form.parts),
        None => form.parts.clone(),
    };
    let paid = crate::checkout::settle_partial(totals.total, &parts, cur).ok();
    for p in paid.iter().flat_map(|(payments, _)| payments) {
        lines.push(Line::raw(format!("Paid ({}) {}", p.method.label(), cur.display(p.tendered))));
    }
    let left = paid.map_or(totals.total, |(_, left)| left);
    if !parts.is_empty() {
        lines.push(Line::styled(format!("Left to pay {}", cur.display(left)), st.key));
    }
    let mut pay = vec![Span::raw("Payment: ")];
    for m in PaymentMethod::TENDERED {
        let style = if m == form.method { st.selected } else { st.base };
        pay.extend([Span::styled(format!(" {} ", m.as_str()), style), Span::raw(" ")]);
    }
    pay_lines.push(Line::from(pay));
    let cash = form.method == PaymentMethod::Cash;
    let typed = if form.tendered.is_empty() { "the rest".to_string() } else { form.tendered.clone() };
    let after = match cur.parse(&form.tendered) {
        Ok(t) if cash && t >= left => format!("   change {}", cur.display(t - left)),
        Ok(t) if t < left => format!("   then {} left", cur.display(left - t)),
        _ => String::new(),
    };
    pay_lines.push(Line::from(vec![
        Span::raw(if cash { "Cash handed over: " } else { "Amount: " }),
        Span::styled(format!("{typed}▏"), st.key),
        Span::raw(after),
    ]));
    // What may be longer than a line is wrapped to the widest window `frame`
    // draws, so the window is as tall as what it shows.
    let w = usize::from(area.width.min(90)).saturating_sub(4).max(10);
    if let Some(e) = &form.error {
        pay_lines.extend(wrap(e, w).into_iter().map(|l| Line::styled(l, st.error)));
    }
    let hint = if form.sending {
        "Recording the sale…"
    } else {
        "Tab: method · type an amount to pay part · Enter alone pays the rest"
    };
    pay_lines.extend(wrap(hint, w).into_iter().map(|l| Line::styled(l, st.dim)));

    // The last chance: each listed add-on under the key that adds it ("[a]"),
    // and what to say about it (its talking point, else why it is suggested).
    let offers: Vec<(String, &CrossSell, String)> = form
        .last_chance
        .iter()
        .enumerate()
        .filter_map(|(slot, sku)| {
            let add_on = s.cross_sell_of(sku.as_deref()?)?.1;
            let key = s.keymap.first_key(&format!("checkout_add_{}", slot + 1)).unwrap_or_else(|| "–".into());
            let said = if add_on.talking_point.is_empty() {
                add_on.reason.clone()
            } else {
                format!("“{}”", add_on.talking_point)
            };
            Some((format!("[{key}]"), add_on, said))
        })
        .collect();

    // The lines: quantity, " × ", name, total; a discounted line's discount under its name.
    let most = cart.lines.iter().map(|l| l.qty).max().unwrap_or(1);
    let keys_w = offers.iter().map(|(k, _, _)| width(k)).max().unwrap_or(0);
    let qty_w = most.to_string().len().max(3).max(keys_w);
    let discounted = priced.lines.iter().filter(|p| p.line_discount > Money::ZERO).count();
    let table_rows = priced.lines.len().min(cart.lines.len()) + discounted;
    let content_w = lines
        .iter()
        .chain(&pay_lines)
        .map(Line::width)
        .max()
        .unwrap_or(0)
        .max(qty_w + 3 + NAME_W + TOTAL_W)
        .max(offers.iter().map(|(_, _, said)| qty_w + 3 + width(said)).max().unwrap_or(0));
    let fixed = table_rows + lines.len() + pay_lines.len() + 2;
    // A heading, each add-on and what to say about it, and a blank line: all
    // of it wrapped, else one line of it, else (on a short screen) nothing said.
    let said_w = super::inner_width(area, TITLE, content_w).saturating_sub(qty_w + 3).max(1);
    let wrapped: Vec<Vec<String>> = offers.iter().map(|(_, _, said)| wrap(said, said_w)).collect();
    let room = usize::from(area.height).saturating_sub(fixed);
    let n = offers.len();
    let whole = 2 + n + wrapped.iter().map(Vec::len).sum::<usize>();
    let (offer_rows, said_rows) = match n {
        0 => (0, 0),
        _ if whole <= room => (whole, usize::MAX),
        _ if 2 + 2 * n <= room => (2 + 2 * n, 1),
        _ if 2 + n <= room => (2 + n, 0),
        _ => (0, 0),
    };
    let height = (fixed + offer_rows) as u16;
    let inner = super::frame(ctx, area, buf, TITLE, content_w, height);
    let name_w = usize::from(inner.width).saturating_sub(qty_w + 3 + TOTAL_W);
    let mut rows = Vec::new();
    for (l, p) in cart.lines.iter().zip(&priced.lines) {
        rows.push(Row::new([
            right(l.qty.to_string(), qty_w),
            Cell::new(" × "),
            Cell::new(fit(&l.name, name_w)),
            right(cur.display(p.gross), TOTAL_W),
        ]));
        if p.line_discount > Money::ZERO {
            let label = crate::cart::discount_label(l.discount.as_ref(), "discount");
            let text = fit(format!("{label} -{}", cur.display(p.line_discount)), name_w + TOTAL_W);
            rows.push(Row::new([
                Cell::new(""),
                Cell::new(""),
                Cell::new(Line::styled(text, st.dim)).column_span(2),
            ]));
        }
    }
    let [table_area, text_area, offers_area, pay_area] = inner.layout(&Layout::vertical([
        Length(table_rows as u16),
        Length(lines.len() as u16),
        Length(offer_rows as u16),
        Fill(1),
    ]));
    let widths = [Length(qty_w as u16), Length(3), Fill(1), Length(TOTAL_W as u16)];
    Widget::render(Table::new(rows, widths).column_spacing(0), table_area, buf);
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(text_area, buf);
    if offer_rows > 0 {
        let mut rows = vec![Row::new([Cell::new(Line::styled(
            fit("Goes well with the cart (its key adds it):", usize::from(inner.width)),
            st.total,
        ))
        .column_span(4)])];
        for ((key, add_on, said), wrapped) in offers.iter().zip(&wrapped) {
            rows.push(Row::new([
                right(key, qty_w).style(st.key),
                Cell::new(""),
                Cell::new(fit(&add_on.name, name_w)),
                right(cur.display(add_on.price), TOTAL_W).style(st.price),
            ]));
            let said: Vec<String> = match said_rows {
                1 => vec![fit(said, name_w + TOTAL_W).into_owned()],
                n => wrapped.iter().take(n).cloned().collect(),
            };
            for part in said {
                rows.push(Row::new([
                    Cell::new(""),
                    Cell::new(""),
                    Cell::new(Line::styled(part, st.quote)).column_span(2),
                ]));
            }
        }
        Widget::render(Table::new(rows, widths).column_spacing(0), offers_area, buf);
    }
    Paragraph::new(pay_lines).wrap(Wrap { trim: false }).render(pay_area, buf);
}
