//! The left pane: search results or the category browser, and the detail
//! area for the focused product.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Fill, Length};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap};

use super::text::fit;
use super::{Ctx, right, window};
use crate::catalog::{Catalog, ProductIdx};
use crate::tui::state::{BrowseItem, LeftMode, Pane};

/// Search results or the category browser, with price and stock.
pub struct ResultsPane<'a> {
    pub ctx: Ctx<'a>,
}

/// "12 left", "out", "not sold" (the live count); "available" when the store does not count it.
fn stock_text(catalog: &Catalog, p: ProductIdx) -> String {
    let stock = catalog.stock(p);
    if !catalog.product(p).active {
        "not sold".into()
    } else if !catalog.counts_stock(p) {
        "available".into()
    } else if stock <= 0 {
        "out".into()
    } else {
        format!("{stock} left")
    }
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
        let block = self.ctx.block(Pane::Results, title);
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
        let table_rows: Vec<Row<'static>> = (start..len.min(start + rows))
            .map(|i| {
                let row = match s.left {
                    LeftMode::Browse => match s.browse_item(i) {
                        Some(BrowseItem::Category(c)) => {
                            let n = catalog.in_category(c).len();
                            let name = format!("▸ {}", catalog.category(c).name());
                            Row::new([
                                Cell::new(fit(&name, name_w)),
                                right(&format!("{n} items"), price_w + stock_w).style(st.dim).column_span(2),
                            ])
                        }
                        Some(BrowseItem::Product(p)) => {
                            product_row(self.ctx, catalog, p, name_w, price_w, stock_w)
                        }
                        None => Row::default(),
                    },
                    LeftMode::Search => {
                        product_row(self.ctx, catalog, s.search.results[i], name_w, price_w, stock_w)
                    }
                };
                row.style(self.ctx.row_style(Pane::Results, i, sel))
            })
            .collect();
        let widths = [Fill(1), Length(price_w as u16), Length(stock_w as u16)];
        let mut at = TableState::new().with_selected(Some(sel - start));
        StatefulWidget::render(Table::new(table_rows, widths).column_spacing(0), inner, buf, &mut at);
    }
}

fn product_row(
    ctx: Ctx<'_>,
    catalog: &Catalog,
    p: ProductIdx,
    name_w: usize,
    price_w: usize,
    stock_w: usize,
) -> Row<'static> {
    let st = ctx.styles;
    let prod = catalog.product(p);
    let stock_style = if catalog.sellable(p, false) { st.dim } else { st.error };
    Row::new([
        Cell::new(fit(&prod.name, name_w)),
        right(&ctx.state.settings.currency.display(prod.price), price_w).style(st.price),
        right(&stock_text(catalog, p), stock_w).style(stock_style),
    ])
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
            Line::styled(prod.name.clone(), st.total),
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
                Span::raw(format!(" · {}", stock_text(catalog, p))),
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
            lines.push(Line::raw(prod.description.clone()));
        }
        if !prod.attributes.is_empty() {
            let attrs: Vec<String> = prod.attributes.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            lines.push(Line::styled(attrs.join(" · "), st.base));
        }
        for point in &prod.selling_points {
            lines.push(Line::styled(format!("• {point}"), st.accent));
        }
        Paragraph::new(lines).wrap(Wrap { trim: true }).render(inner, buf);
    }
}
