//! The customer pane, in place of the product details while a customer is
//! attached: their last visit, what they own that the cart relates to, what
//! they bought by category and by product, and — without profiling consent —
//! that the suggestions are as for any customer. Everything was loaded by
//! the worker when they were attached; this only reads it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::Ctx;
use super::text::{fit, wrap};
use crate::customers::{Consent, Customer};

/// "profiling ✓ marketing ✗".
pub fn consents(c: &Customer) -> String {
    Consent::ALL
        .iter()
        .map(|&k| format!("{k} {}", if c.consent(k).given { '✓' } else { '✗' }))
        .collect::<Vec<_>>()
        .join(" ")
}

pub struct KnownCustomerPane<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &KnownCustomerPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        let Some(at) = s.customer.at.as_deref() else { return };
        let title = format!("Customer: {}", at.customer.display_name());
        let Some(inner) = self.ctx.framed(&title, area, buf) else { return };
        let w = usize::from(inner.width);
        let h = &at.history;
        let mut lines: Vec<Line<'static>> = Vec::new();
        let visit = match &h.last_visit {
            Some(day) => format!("Last visit {day} · {} visit(s)", h.visits),
            None => "First visit".to_string(),
        };
        let card = at.customer.card.as_deref().map(|c| format!(" · card {c}")).unwrap_or_default();
        lines.extend(wrap(&format!("{visit}{card}"), w).into_iter().map(Line::raw));
        if !at.profiling() {
            for part in wrap("No profiling consent: suggestions are as for any customer.", w) {
                lines.push(Line::styled(part, st.info));
            }
        }
        // What they own that the cart relates to, once per owned product.
        if let Some(catalog) = s.catalog.as_deref() {
            let mut seen: Vec<&str> = Vec::new();
            for line in &s.session.cart.lines {
                for b in h.related(catalog, &line.sku) {
                    if !seen.contains(&b.sku.as_str()) {
                        seen.push(&b.sku);
                        let text = format!("Owns {} ({}) · goes with {}", b.name, b.last, line.name);
                        lines.extend(wrap(&text, w).into_iter().map(|t| Line::styled(t, st.accent)));
                    }
                }
            }
        }
        if !h.categories.is_empty() {
            let cats: Vec<String> = h.categories.iter().map(|(c, n)| format!("{c} {n}")).collect();
            for part in wrap(&format!("By category: {}", cats.join(" · ")), w) {
                lines.push(Line::styled(part, st.dim));
            }
        }
        for b in &h.products {
            lines.push(Line::raw(fit(format!("{} × {} ({})", b.qty, b.name, b.last), w)));
        }
        if h.products.is_empty() {
            lines.push(Line::styled("Nothing bought yet.", st.dim));
        }
        // What does not fit is in the receipts: the last row says so.
        let rows = usize::from(inner.height);
        if lines.len() > rows {
            lines.truncate(rows.saturating_sub(1));
            let key = s.keymap.first_key("receipts").unwrap_or_default();
            lines.push(Line::styled(fit(format!("… more: {key} lists their receipts"), w), st.dim));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
