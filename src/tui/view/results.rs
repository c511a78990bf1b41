//! The left pane: search results or the category browser, and the detail
//! area for the focused product.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Fill, Length};
use ratatui::layout::{Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap};

use super::text::{fit, width};
use super::theme::Styles;
use super::{Ctx, MARK, right, window};
use crate::catalog::variants::Variant;
use crate::catalog::{Catalog, ProductIdx};
use crate::search::query::pending_hint;
use crate::tui::state::{BrowseItem, Chip, LeftMode, Pane};

/// Search results or the category browser, with price and stock.
pub struct ResultsPane<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &ResultsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        // A filter half typed: what to type next, instead of a count or "nothing matches".
        let pending = pending_hint(s.query(), &s.settings.currency);
        let title = match (s.left, s.catalog.as_deref(), s.browse.category) {
            (LeftMode::Browse, Some(c), Some(cat)) => format!("Browse: {}", c.category_path(cat)),
            (LeftMode::Browse, _, None) => "Browse: all categories".into(),
            // Something typed and answered: the count shows, even when nothing matches.
            (LeftMode::Search, _, _) if s.search.results.is_empty() => {
                let answered = !s.search.query.is_empty() && s.search.query == s.query().trim();
                if answered && pending.is_none() { "Search results (0)" } else { "Search results" }.into()
            }
            (LeftMode::Search, _, _) if s.search.total > s.search.results.len() => {
                format!("Search results (best {} of {})", s.search.results.len(), s.search.total)
            }
            (LeftMode::Search, _, _) => format!("Search results ({})", s.search.results.len()),
            (LeftMode::Browse, None, Some(_)) => "Browse".into(),
        };
        let block = self.ctx.block(Pane::Results, &title);
        let mut inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        if s.left == LeftMode::Search && !s.search.chips.is_empty() && inner.height >= 2 {
            let [chips, rest] = inner.layout(&Layout::vertical([Length(1), Fill(1)]));
            chip_row(&s.search.chips, st, usize::from(chips.width)).render(chips, buf);
            inner = rest;
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
                LeftMode::Search if let Some(hint) = pending => hint,
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
                    Some(BrowseItem::Product(p, k)) => {
                        let variant = s.browse.variants.get(k).and_then(Option::as_ref);
                        Shown::product(self.ctx, catalog, p, variant, name_w)
                    }
                    None => Shown::Nothing,
                },
                LeftMode::Search => {
                    let variant = s.search.variants.get(i).and_then(Option::as_ref);
                    Shown::product(self.ctx, catalog, s.search.results[i], variant, name_w)
                }
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
    /// A product: its name (the catalog's own, or told apart from its variants), price and stock.
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
    /// A product's row in `cols` columns of name, told apart from the other
    /// variants shown with it when it is one, and marked when it is marked to compare.
    fn product(
        ctx: Ctx<'_>,
        catalog: &'a Catalog,
        p: ProductIdx,
        variant: Option<&Variant>,
        cols: usize,
    ) -> Shown<'a> {
        let st = ctx.styles;
        let prod = catalog.product(p);
        let marked = ctx.state.is_marked(&prod.sku);
        let cols = if marked { cols.saturating_sub(width(MARK)) } else { cols };
        let name = match variant {
            Some(v) => variant_name(Cow::Borrowed(&prod.name), v, cols),
            None => Cow::Borrowed(prod.name.as_str()),
        };
        let name = if marked { Cow::Owned(format!("{MARK}{name}")) } else { name };
        Shown::Product {
            name,
            price: ctx.state.settings.currency.display(prod.price),
            stock: catalog.stock_label(p),
            stock_style: if catalog.sellable(p, false) { st.dim } else { st.error },
        }
    }
}

/// `name` as a variant within `cols` columns: "Aurora X5 128 GB · Memory 8 GB",
/// "Aurora X5 128 GB", "Harbor Quiet 500 Headphon…" when what tells it apart
/// shows before the cut, else "…Studio Headphones · Black" (the stem loses its
/// first words: the last ones are nearest to what tells the variants apart).
/// Names that do not fit are cut by the caller.
fn variant_name<'a>(name: Cow<'a, str>, v: &Variant, cols: usize) -> Cow<'a, str> {
    let (stem_w, tell_w) = (width(&v.stem), width(&v.tell));
    if stem_w + tell_w <= cols {
        let full_is_name = v.stem.len() + v.tell.len() == name.len() && name.starts_with(v.stem.as_str());
        return match stem_w + tell_w + width(&v.extra) <= cols && !v.extra.is_empty() {
            true => Cow::Owned(format!("{}{}{}", v.stem, v.tell, v.extra)),
            false if full_is_name => name,
            false => Cow::Owned(format!("{}{}", v.stem, v.tell)),
        };
    }
    // Cut where the words that tell it apart still show ("Harbor Quiet 500 Headphon…"),
    // else the stem gives way to them.
    if v.told_within < cols || v.stem.is_empty() || tell_w + 4 > cols {
        return name;
    }
    let room = cols - tell_w;
    let stem = v.stem.match_indices(' ').map(|(at, _)| &v.stem[at + 1..]).find(|rest| width(rest) < room);
    match stem {
        Some(rest) => Cow::Owned(format!("…{rest}{}", v.tell)),
        None => Cow::Owned(format!("{}{}", fit(v.stem.as_str(), room), v.tell)),
    }
}

/// The filters typed, as `[brand: harbor] [< $200]` (words that are not
/// filters as warnings), cut with `…` where the row ends.
fn chip_row<'a>(chips: &'a [Chip], st: &Styles, cols: usize) -> Line<'a> {
    let mut spans = Vec::with_capacity(chips.len() * 4);
    let mut used = 0;
    for (i, chip) in chips.iter().enumerate() {
        let w = width(&chip.text) + 2 + usize::from(i > 0);
        // Room for this chip, and for the `…` after it unless it is the last.
        let more = if i + 1 < chips.len() { 2 } else { 0 };
        if used + w + more > cols {
            spans.push(Span::styled(if used == 0 { "…" } else { " …" }, st.dim));
            break;
        }
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let style = if chip.problem { st.error } else { st.accent };
        spans.push(Span::styled("[", st.dim));
        spans.push(Span::styled(chip.text.as_str(), style));
        spans.push(Span::styled("]", st.dim));
        used += w;
    }
    Line::from(spans)
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
