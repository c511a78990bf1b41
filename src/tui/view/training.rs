//! Training: the customer pane, in place of the product details — who the
//! customer is, their budget, what they came for, their patience, and what
//! was said (newest at the bottom).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::Ctx;
use super::text::wrap;

pub struct CustomerPane<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &CustomerPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        let Some(t) = s.training.as_deref() else { return };
        let scenario = t.customer.scenario();
        let title = format!("TRAINING · Customer: {}", t.name());
        let Some(inner) = self.ctx.framed(&title, area, buf) else { return };
        let w = usize::from(inner.width);
        let cur = &s.settings.currency;
        let came_for: Vec<String> = match s.catalog.as_deref() {
            Some(c) => scenario
                .wants
                .skus
                .iter()
                .map(|sku| c.by_sku(sku).map_or(sku.clone(), |p| c.product(p).name.clone()))
                .chain(scenario.wants.category.iter().map(|cat| format!("something in {cat}")))
                .collect(),
            None => Vec::new(),
        };
        let mut lines = vec![
            Line::from(vec![
                Span::styled(format!("Budget {}", cur.display(t.customer.budget())), st.price),
                Span::raw(format!(" · patience {} of {}", t.customer.patience_left(), scenario.patience)),
            ]),
            Line::styled(format!("Came for: {}", came_for.join(", ")), st.dim),
        ];
        let header = lines.len();
        // What was said, wrapped, newest last; the oldest scroll off the top.
        let mut said: Vec<Line<'static>> = Vec::new();
        for (who, line) in &t.said {
            for part in wrap(&format!("{who}: “{line}”"), w) {
                said.push(Line::styled(part, st.quote));
            }
        }
        let room = usize::from(inner.height).saturating_sub(header);
        let skip = said.len().saturating_sub(room);
        lines.extend(said.into_iter().skip(skip));
        Paragraph::new(lines).render(inner, buf);
    }
}
