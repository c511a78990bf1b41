//! The left pane: search results or the category browser, and the detail
//! area for the focused product.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::text::{pad, pad_left};
use super::{Ctx, window};
use crate::catalog::Catalog;
use crate::tui::state::{BrowseItem, LeftMode, Pane};

/// Search results or the category browser, with price and stock.
pub struct ResultsPane<'a> {
    pub ctx: Ctx<'a>,
}

/// "12 left", "out", "not sold" (the live count); "available" when the store does not count it.
fn stock_text(catalog: &Catalog, p: usize) -> String {
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
            (LeftMode::Search, _, _) if s.results.is_empty() => "Search results".into(),
            (LeftMode::Search, _, _) if s.results_total > s.results.len() => {
                format!("Search results (best {} of {})", s.results.len(), s.results_total)
            }
            (LeftMode::Search, _, _) => format!("Search results ({})", s.results.len()),
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
                LeftMode::Search if s.results_query != s.query().trim() => "Searching…",
                LeftMode::Search => "Nothing matches.",
            };
            Paragraph::new(Line::styled(hint, st.dim)).wrap(Wrap { trim: true }).render(inner, buf);
            return;
        }
        let rows = usize::from(inner.height);
        let sel = s.selection(Pane::Results);
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
        for (row, i) in (start..len.min(start + rows)).enumerate() {
            let y = inner.y + row as u16;
            let style = self.ctx.row_style(Pane::Results, i, sel);
            let line = match s.left {
                LeftMode::Browse => match s.browse_item(i) {
                    Some(BrowseItem::Category(c)) => {
                        let n = catalog.in_category(c).len();
                        let name = format!("▸ {}", catalog.categories[c].name());
                        Line::from(vec![
                            Span::raw(pad(&name, name_w)),
                            Span::styled(pad_left(&format!("{n} items"), price_w + stock_w), st.dim),
                        ])
                    }
                    Some(BrowseItem::Product(p)) => {
                        product_row(self.ctx, catalog, p, name_w, price_w, stock_w)
                    }
                    None => Line::default(),
                },
                LeftMode::Search => product_row(self.ctx, catalog, s.results[i], name_w, price_w, stock_w),
            };
            buf.set_style(Rect { x: inner.x, y, width: inner.width, height: 1 }, style);
            buf.set_line(inner.x, y, &line.patch_style(style), inner.width);
        }
    }
}

fn product_row(
    ctx: Ctx<'_>,
    catalog: &Catalog,
    p: usize,
    name_w: usize,
    price_w: usize,
    stock_w: usize,
) -> Line<'static> {
    let st = ctx.styles;
    let prod = catalog.product(p);
    let stock_style = if catalog.sellable(p, false) { st.dim } else { st.error };
    Line::from(vec![
        Span::raw(pad(&prod.name, name_w)),
        Span::styled(pad_left(&ctx.state.settings.currency.display(prod.price), price_w), st.price),
        Span::styled(pad_left(&stock_text(catalog, p), stock_w), stock_style),
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
                    catalog.categories.get(prod.category).map_or("", |c| c.path.as_str())
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
