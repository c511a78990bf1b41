//! The left pane: search results or the category browser, and the detail
//! area for the focused product.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Fill, Length};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap};

use super::text::fit;
use super::{Ctx, MARK, right, window};
use crate::catalog::{Catalog, ProductIdx};
use crate::tui::state::{BrowseItem, LeftMode, Pane};

/// Search results or the category browser, with price and stock.
pub struct ResultsPane<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &ResultsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        let title = match (s.left, s.catalog.as_deref(), s.browse.category) {
            (LeftMode::Browse, Some(c), Some(cat)) => format!("Browse: {}", c.category_path(cat)),
            (LeftMode::Browse, _, None) => "Browse: all categories".into(),
            (LeftMode::Search, _, _) if s.search.results.is_empty() => "Search results".into(),
            (LeftMode::Search, _, _) if s.search.total > s.search.results.len() => {
                format!("Search results (best {} of {})", s.search.results.len(), s.search.total)
            }
            (LeftMode::Search, _, _) => format!("Search results ({})", s.search.results.len()),
            (LeftMode::Browse, None, Some(_)) => "Browse".into(),
        };
        let block = self.ctx.block(Pane::Results, &title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let Some(catalog) = s.catalog.as_deref() else {
            let text = match &s.load_error {
                Some(e) => Line::styled(format!("The catalog could not be loaded: {e}"), st.error),
                None => Line::styled("loading catalog…", st.info),
            };
            Paragraph::new(text).wrap(Wrap { trim: true }).render(inner, buf);
            return;
        };
        let len = s.pane_len(Pane::Results);
        if len == 0 {
            let hint = match s.left {
                LeftMode::Browse => "No categories.",
                LeftMode::Search if s.query().trim().is_empty() => {
                    "Type to search by name, SKU, brand or category. F3 browses by category."
                }
                LeftMode::Search if s.search.query != s.query().trim() => "Searching…",
                LeftMode::Search => "Nothing matches.",
            };
            Paragraph::new(Line::styled(hint, st.dim)).wrap(Wrap { trim: true }).render(inner, buf);
            return;
        }
        let rows = usize::from(inner.height);
        let sel = s.selection(Pane::Results);
        // Only the rows on screen are built (a category may hold thousands of products).
        let start = window(len, sel, rows);
        let w = usize::from(inner.width);
        let (price_w, stock_w) = if w >= 40 {
            (11, 9)
        } else if w >= 24 {
            (10, 0)
        } else {
            (0, 0)
        };
        let name_w = w.saturating_sub(price_w + stock_w);
        // The rows' words first, then cells that borrow them.
        let shown: Vec<Shown<'_>> = (start..len.min(start + rows))
            .map(|i| match s.left {
                LeftMode::Browse => match s.browse_item(i) {
                    Some(BrowseItem::Category(c)) => Shown::Category {
                        name: format!("▸ {}", catalog.category(c).name()),
                        count: format!("{} items", catalog.in_category(c).len()),
                    },
                    Some(BrowseItem::Product(p)) => Shown::product(self.ctx, catalog, p),
                    None => Shown::Nothing,
                },
                LeftMode::Search => Shown::product(self.ctx, catalog, s.search.results[i]),
            })
            .collect();
        let table_rows = shown.iter().zip(start..).map(|(row, i)| {
            let row = match row {
                Shown::Product { name, price, stock, stock_style } => Row::new([
                    Cell::new(fit(name.as_ref(), name_w)),
                    right(price.as_str(), price_w).style(st.price),
                    right(stock.as_ref(), stock_w).style(*stock_style),
                ]),
                Shown::Category { name, count } => Row::new([
                    Cell::new(fit(name.as_str(), name_w)),
                    right(count.as_str(), price_w + stock_w).style(st.dim).column_span(2),
                ]),
                Shown::Nothing => Row::default(),
            };
            row.style(self.ctx.row_style(Pane::Results, i, sel))
        });
        let widths = [Fill(1), Length(price_w as u16), Length(stock_w as u16)];
        let mut at = TableState::new().with_selected(Some(sel - start));
        StatefulWidget::render(Table::new(table_rows, widths).column_spacing(0), inner, buf, &mut at);
    }
}

/// What one row of the results shows, made before the row's cells so that
/// the cells borrow it: ratatui copies a cell's owned text each time it draws it.
enum Shown<'a> {
    /// A product: its name (the catalog's own), price and stock.
    Product {
        name: Cow<'a, str>,
        price: String,
        stock: Cow<'static, str>,
        stock_style: Style,
    },
    /// A category of the browser and how many products it holds.
    Category {
        name: String,
        count: String,
    },
    Nothing,
}

impl<'a> Shown<'a> {
    fn product(ctx: Ctx<'_>, catalog: &'a Catalog, p: ProductIdx) -> Shown<'a> {
        let st = ctx.styles;
        let prod = catalog.product(p);
        Shown::Product {
            name: match ctx.state.is_marked(&prod.sku) {
                true => format!("{MARK}{}", prod.name).into(),
                false => prod.name.as_str().into(),
            },
            price: ctx.state.settings.currency.display(prod.price),
            stock: catalog.stock_label(p),
            stock_style: if catalog.sellable(p, false) { st.dim } else { st.error },
        }
    }
}

/// Description, key attributes and selling points of the focused product.
pub struct DetailPane<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &DetailPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        let block = self.ctx.plain_block("Details");
        let inner = block.inner(area);
        block.render(area, buf);
        let (Some(catalog), Some(p)) = (s.catalog.as_deref(), s.detail_product()) else {
            Paragraph::new(Line::styled("Highlight a product to see its details.", st.dim))
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        };
        let prod = catalog.product(p);
        let cur = &s.settings.currency;
        let mut lines = vec![
            Line::styled(prod.name.as_str(), st.total),
            Line::styled(
                format!(
                    "{} · {} · {}",
                    prod.sku,
                    if prod.brand.is_empty() { "—" } else { &prod.brand },
                    catalog.categories.get(prod.category.index()).map_or("", |c| c.path.as_str())
                ),
                st.dim,
            ),
            Line::from(vec![
                Span::styled(cur.display(prod.price), st.price),
                Span::raw(format!(" · {}", catalog.stock_label(p))),
                Span::styled(
                    prod.barcode
                        .as_deref()
                        .map(|b| format!(" · {}", crate::barcode::display(b)))
                        .unwrap_or_default(),
                    st.dim,
                ),
            ]),
        ];
        if !prod.description.is_empty() {
            lines.push(Line::raw(prod.description.as_str()));
        }
        if !prod.attributes.is_empty() {
            let mut attrs = String::new();
            for (i, (k, v)) in prod.attributes.iter().enumerate() {
                if i > 0 {
                    attrs.push_str(" · ");
                }
                attrs.push_str(k);
                attrs.push_str(": ");
                attrs.push_str(v);
            }
            lines.push(Line::styled(attrs, st.base));
        }
        for point in &prod.selling_points {
            lines.push(Line::styled(format!("• {point}"), st.accent));
        }
        Paragraph::new(lines).wrap(Wrap { trim: true }).render(inner, buf);
    }
}
