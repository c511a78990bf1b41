//! Windows over the main screen (help, budget, quit question, parked carts,
//! checkout, receipt, sign-in) and the message for a terminal that is too small.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::Ctx;
use super::text::{pad, width};
use super::theme::Styles;
use crate::tui::state::{MIN_SIZE, Overlay};

/// The open overlay, centred.
pub struct OverlayWindow<'a> {
    pub ctx: Ctx<'a>,
}

/// A centred rectangle of at most `w`×`h` inside `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

impl Widget for &OverlayWindow<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        let Some(overlay) = &s.overlay else { return };
        let cur = &s.settings.currency;
        let (title, lines, rows): (&str, Vec<Line<'static>>, u16) = match overlay {
            Overlay::Help { scroll } => {
                let help = s.keymap.help_lines();
                let key_w = help.iter().map(|(k, _)| width(k)).max().unwrap_or(0).min(22);
                let mut lines: Vec<Line<'static>> = help
                    .into_iter()
                    .map(|(k, d)| Line::from(vec![Span::styled(pad(&k, key_w + 2), st.key), Span::raw(d)]))
                    .collect();
                let total = lines.len();
                let view = usize::from(area.height.saturating_sub(4)).max(1);
                let first = (*scroll).min(total.saturating_sub(view));
                lines.drain(..first);
                ("Keys", lines, total as u16 + 2)
            }
            Overlay::Budget { input, error, .. } => {
                let mut lines = vec![
                    Line::raw(format!("What the customer wants to spend on the whole cart ({}):", cur.code)),
                    Line::from(vec![Span::styled("> ", st.key), Span::raw(format!("{input}▏"))]),
                ];
                match error {
                    Some(e) => lines.push(Line::styled(e.clone(), st.error)),
                    None => lines.push(Line::raw("")),
                }
                lines.push(Line::styled("Enter sets it · an empty line clears it · Esc cancels", st.dim));
                ("Customer budget", lines, 6)
            }
            Overlay::ConfirmQuit => {
                let items: i64 = s.session.cart.lines.iter().map(|l| l.qty).sum();
                let total = cur.display(s.session.cart.totals(&s.settings.tax).total);
                let lines = vec![
                    Line::raw(format!("The cart holds {items} item(s), {total}, not checked out.")),
                    Line::raw(""),
                    Line::from(vec![
                        Span::styled("y", st.key),
                        Span::raw(" parks the cart (F4 recalls it) and quits · any other key stays"),
                    ]),
                ];
                ("Quit?", lines, 5)
            }
            Overlay::Park { carts, sel } => {
                let mut lines = Vec::new();
                match carts {
                    None => lines.push(Line::styled("Looking for parked carts…", st.dim)),
                    Some(list) if list.is_empty() => lines.push(Line::raw("No parked carts.")),
                    Some(list) => {
                        for (i, c) in list.iter().enumerate() {
                            let items: i64 = c.cart.lines.iter().map(|l| l.qty).sum();
                            let total = cur.display(c.cart.totals(&s.settings.tax).total);
                            let text = format!("{}  ·  {items} item(s)  ·  {total}", c.label);
                            let style = if i == *sel { st.selected } else { st.base };
                            lines.push(Line::styled(text, style));
                        }
                    }
                }
                lines.push(Line::raw(""));
                lines.push(Line::styled("Enter recalls · Esc closes · F4 on a full cart parks it", st.dim));
                let rows = lines.len() as u16 + 2;
                ("Parked carts", lines, rows)
            }
            Overlay::Checkout(form) => {
                let priced = s.session.cart.price();
                let totals = s.settings.tax.totals(&priced.amounts());
                let mut lines = Vec::new();
                for (l, p) in s.session.cart.lines.iter().zip(&priced.lines) {
                    let total = cur.display(p.gross);
                    lines.push(Line::raw(format!("{:>3} × {}{total:>14}", l.qty, pad(&l.name, 44))));
                    if p.line_discount > crate::money::Money::ZERO {
                        let label = crate::cart::discount_label(l.discount.as_ref(), "discount");
                        lines.push(Line::styled(
                            format!("      {label} -{}", cur.display(p.line_discount)),
                            st.dim,
                        ));
                    }
                }
                for (label, amount) in crate::cart::reduction_rows(
                    &s.session.cart.bundles,
                    s.session.cart.discount.as_ref(),
                    &priced,
                ) {
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
                let methods: Vec<Span<'static>> = [
                    crate::checkout::PaymentMethod::Card,
                    crate::checkout::PaymentMethod::Cash,
                    crate::checkout::PaymentMethod::Other,
                ]
                .iter()
                .flat_map(|m| {
                    let style = if *m == form.method { st.selected } else { st.base };
                    [Span::styled(format!(" {} ", m.as_str()), style), Span::raw(" ")]
                })
                .collect();
                let mut pay = vec![Span::raw("Payment: ")];
                pay.extend(methods);
                lines.push(Line::from(pay));
                if form.method == crate::checkout::PaymentMethod::Cash {
                    let typed =
                        if form.tendered.is_empty() { "exact".to_string() } else { form.tendered.clone() };
                    let change = cur
                        .parse(&form.tendered)
                        .ok()
                        .filter(|t| *t >= totals.total)
                        .map(|t| format!("   change {}", cur.display(t - totals.total)))
                        .unwrap_or_default();
                    lines.push(Line::from(vec![
                        Span::raw("Cash handed over: "),
                        Span::styled(format!("{typed}▏"), st.key),
                        Span::raw(change),
                    ]));
                }
                if let Some(e) = &form.error {
                    lines.push(Line::styled(e.clone(), st.error));
                }
                let hint = if form.sending {
                    "Recording the sale…"
                } else {
                    "Tab: card / cash / other · digits: cash handed over · Enter records the sale · Esc back"
                };
                lines.push(Line::styled(hint, st.dim));
                let rows = lines.len() as u16 + 2;
                ("Checkout", lines, rows)
            }
            Overlay::Receipt { text } => {
                let mut lines: Vec<Line<'static>> = text.lines().map(|l| Line::raw(l.to_string())).collect();
                lines.push(Line::styled("Enter, or scan the next customer's first item", st.dim));
                let rows = lines.len() as u16 + 2;
                ("Receipt", lines, rows)
            }
            Overlay::Discount(form) => {
                let what = match form.scope {
                    crate::tui::state::DiscountScope::Line(i) => {
                        s.session.cart.lines.get(i).map_or_else(String::new, |l| l.name.clone())
                    }
                    crate::tui::state::DiscountScope::Cart => "the whole cart".to_string(),
                };
                let base = crate::tui::update::discount::base(s, form.scope);
                let mut lines = vec![
                    Line::raw(format!("Discount on {what} ({})", cur.display(base))),
                    Line::from(vec![
                        Span::raw("Amount or percent: "),
                        Span::styled(
                            format!("{}{}", form.input, if form.stage == 0 { "▏" } else { "" }),
                            st.key,
                        ),
                    ]),
                ];
                if form.stage >= 1 {
                    let cursor = if form.stage == 1 { "▏" } else { "" };
                    lines.push(Line::from(vec![
                        Span::raw("Manager id:        "),
                        Span::styled(format!("{}{cursor}", form.manager), st.key),
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
                ("Discount", lines, rows)
            }
            Overlay::SignIn(form) => {
                let mut lines = vec![
                    Line::raw(format!("{} · till {}", s.settings.store_name, s.settings.terminal)),
                    Line::from(vec![Span::raw("Staff id: "), Span::styled(format!("{}▏", form.id), st.key)]),
                ];
                if form.needs_pin {
                    let dots = "•".repeat(form.pin.chars().count());
                    let cursor = if form.on_pin { "▏" } else { "" };
                    lines.push(Line::from(vec![
                        Span::raw("PIN:      "),
                        Span::styled(format!("{dots}{cursor}"), st.key),
                    ]));
                }
                match &form.error {
                    Some(e) => lines.push(Line::styled(e.clone(), st.error)),
                    None => lines.push(Line::raw("")),
                }
                lines.push(Line::styled("Enter to go on · Ctrl-C quits", st.dim));
                ("Sign in", lines, 7)
            }
        };
        let want_w = lines.iter().map(Line::width).max().unwrap_or(0).max(width(title) + 6) as u16 + 4;
        let r = centred(area, want_w.min(90), rows.max(3));
        Clear.render(r, buf);
        buf.set_style(r, st.base);
        let block = self.ctx.plain_block(title).border_style(st.border_focused);
        let inner = block.inner(r);
        block.render(r, buf);
        Paragraph::new(lines).wrap(Wrap { trim: false }).render(inner, buf);
    }
}

/// "Enlarge the terminal", for anything below the minimum size.
pub struct TooSmall<'a> {
    pub styles: &'a Styles,
    /// The key that quits, to say so.
    pub quit_key: Option<String>,
}

impl Widget for &TooSmall<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut text = format!(
            "Enlarge the terminal: counterpart needs at least {}×{} (now {}×{}).",
            MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
        );
        if let Some(k) = &self.quit_key {
            text.push_str(&format!(" {k} quits."));
        }
        let lines = (width(&text) as u16).div_ceil(area.width.max(1));
        let top = area.height.saturating_sub(lines) / 2;
        let r = Rect { y: area.y + top, height: area.height - top, ..area };
        Paragraph::new(Line::styled(text, self.styles.error))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(r, buf);
    }
}
