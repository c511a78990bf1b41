//! The right panes: "Goes well with" (cross-sell for the whole cart) and
//! "Upgrade options" (upsell for the product in focus).

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{self, Fill, Length};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap,
};

use super::text::{fit, width};
use super::{Ctx, MARK, right, window};
use crate::suggest::upsell::format_step;
use crate::tui::action::Action;
use crate::tui::state::Pane;

/// Draws `rows` (one per suggestion) as a table at the top of `inner`, then
/// `detail` (the selected one's reason and talking point) wrapped below a
/// rule, when there is room.
fn list_with_detail(
    ctx: Ctx<'_>,
    pane: Pane,
    inner: Rect,
    buf: &mut Buffer,
    rows: Vec<Row<'_>>,
    widths: [Constraint; 4],
    detail: Vec<Line<'_>>,
) {
    let sel = ctx.state.selection(pane);
    let h = usize::from(inner.height);
    // The list gets what it needs, but leaves the detail a rule and three rows when it can.
    let list_rows = if h < 6 { rows.len().min(h) } else { rows.len().min(h - 4) };
    let [list, rest] = inner.layout(&Layout::vertical([Length(list_rows as u16), Fill(1)]));
    let offset = window(rows.len(), sel, list_rows);
    let rows = rows.into_iter().enumerate().map(|(i, row)| row.style(ctx.row_style(pane, i, sel)));
    let mut at = TableState::new().with_offset(offset).with_selected(Some(sel));
    StatefulWidget::render(Table::new(rows, widths).column_spacing(0), list, buf, &mut at);
    if rest.height > 1 && !detail.is_empty() {
        // The rule on its own row, so only the text's rows are styled again below it.
        let [rule, text] = rest.layout(&Layout::vertical([Length(1), Fill(1)]));
        Block::new().borders(Borders::TOP).border_style(ctx.styles.border).render(rule, buf);
        Paragraph::new(detail).wrap(Wrap { trim: true }).render(text, buf);
    }
}

/// Each row's own key ("Alt-1"), from the keymap: `action(i)` for row `i`
/// (none past the keys there are, or when unbound), and the column's width.
fn key_labels(ctx: Ctx<'_>, rows: usize, action: fn(usize) -> Action) -> (Vec<String>, usize) {
    let labels: Vec<String> = (0..rows)
        .map(|i| action(i).name().and_then(|n| ctx.state.keymap.first_key(n)).unwrap_or_default())
        .collect();
    let w = labels.iter().map(|l| width(l)).max().map_or(0, |w| if w == 0 { 0 } else { w + 1 });
    (labels, w)
}

/// A suggestion's name, marked when it is marked to compare.
fn name_cell<'a>(ctx: Ctx<'_>, sku: &str, name: &'a str, cols: usize) -> Cell<'a> {
    if ctx.state.is_marked(sku) {
        Cell::new(fit(format!("{MARK}{name}"), cols))
    } else {
        Cell::new(fit(name, cols))
    }
}

fn message(ctx: Ctx<'_>, inner: Rect, buf: &mut Buffer, text: String) {
    Paragraph::new(Line::styled(text, ctx.styles.dim)).wrap(Wrap { trim: true }).render(inner, buf);
}

/// "Goes well with": name, price and a reason badge; the focused one's full reason and talking point.
pub struct CrossSellPane<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &CrossSellPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        let block = self.ctx.block(Pane::CrossSell, "Goes well with");
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        if s.catalog.is_none() {
            return message(self.ctx, inner, buf, "loading catalog…".into());
        }
        let list = &s.suggest.lists.cross_sell;
        if list.is_empty() {
            let text = if s.session.cart.is_empty() {
                "Add a product to see what goes well with it."
            } else {
                "Nothing more to suggest for this cart."
            };
            return message(self.ctx, inner, buf, text.into());
        }
        // Each row's own key first: it is what the seller presses.
        let (keys, mut key_w) = key_labels(self.ctx, list.len(), Action::AddSuggestion);
        if usize::from(inner.width) < key_w + 12 {
            key_w = 0;
        }
        let w = usize::from(inner.width) - key_w;
        let cur = &s.settings.currency;
        let badges: Vec<String> = list.iter().map(|x| format!("[{}]", x.source.as_str())).collect();
        let prices: Vec<String> = list.iter().map(|x| cur.display(x.price)).collect();
        let widest = |v: &[String]| v.iter().map(|x| width(x)).max().unwrap_or(0) + 1;
        let mut price_w = widest(&prices);
        if w < price_w + 12 {
            price_w = 0;
        }
        let mut badge_w = widest(&badges);
        if w < price_w + badge_w + 14 {
            badge_w = 0;
        }
        let name_w = w.saturating_sub(price_w + badge_w);
        // The cells borrow the words (ratatui copies a cell's owned text each time it draws it).
        let rows = list
            .iter()
            .zip(&prices)
            .zip(&badges)
            .zip(&keys)
            .map(|(((x, price), badge), key)| {
                Row::new([
                    Cell::new(fit(key.as_str(), key_w)).style(st.key),
                    name_cell(self.ctx, &x.sku, &x.name, name_w),
                    right(price.as_str(), price_w).style(st.price),
                    right(badge.as_str(), badge_w).style(st.accent),
                ])
            })
            .collect();
        let widths = [Length(key_w as u16), Fill(1), Length(price_w as u16), Length(badge_w as u16)];
        let mut detail = Vec::new();
        if let Some(x) = list.get(s.suggest.cross_sel) {
            if width(&x.name) > name_w {
                detail.push(Line::styled(x.name.as_str(), st.total));
            }
            detail.push(Line::from(vec![
                Span::styled(format!("{} ", x.source.as_str()), st.accent),
                Span::raw(x.reason.as_str()),
            ]));
            detail.push(Line::styled(format!("“{}”", x.talking_point), st.quote));
        }
        list_with_detail(self.ctx, Pane::CrossSell, inner, buf, rows, widths, detail);
    }
}

/// "Upgrade options": the ladder with +price (+%), the differences, the talking point.
pub struct UpsellPane<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &UpsellPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        let catalog = s.catalog.as_deref();
        let list = &s.suggest.lists.upsell;
        let base = list
            .first()
            .and_then(|u| catalog?.by_sku(&u.for_sku))
            .or(s.suggest.focus)
            .and_then(|p| Some(catalog?.product(p).name.clone()));
        let mut title = "Upgrade options".to_string();
        if let Some(b) = &base
            && width(&title) + width(b) + 12 <= usize::from(area.width)
        {
            title = format!("{title} for the {b}");
        }
        let block = self.ctx.block(Pane::Upsell, &title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        if catalog.is_none() {
            return message(self.ctx, inner, buf, "loading catalog…".into());
        }
        if list.is_empty() {
            let text = match &base {
                Some(b) if s.session.cart.budget.is_some() => {
                    format!("No upgrade within the price step and the budget for the {b}.")
                }
                Some(b) => format!("No upgrade within the price step for the {b}."),
                None => "Highlight a product or cart line to see its upgrades.".into(),
            };
            return message(self.ctx, inner, buf, text);
        }
        let (keys, mut key_w) = key_labels(self.ctx, list.len(), Action::AddUpgrade);
        if usize::from(inner.width) < key_w + 12 {
            key_w = 0;
        }
        let w = usize::from(inner.width) - key_w;
        let cur = &s.settings.currency;
        let steps: Vec<String> =
            list.iter().map(|u| format_step(&cur.display(u.price_delta), u.delta_basis_points)).collect();
        let prices: Vec<String> = list.iter().map(|u| cur.display(u.price)).collect();
        let widest = |v: &[String]| v.iter().map(|x| width(x)).max().unwrap_or(0) + 1;
        // Columns from the right as room allows: the step first, then the price; the name keeps 12.
        let mut step_w = widest(&steps);
        if w < step_w + 12 {
            step_w = 0;
        }
        let mut price_w = widest(&prices);
        if w < step_w + price_w + 12 {
            price_w = 0;
        }
        let name_w = w.saturating_sub(price_w + step_w);
        let rows = list
            .iter()
            .zip(&steps)
            .zip(&prices)
            .zip(&keys)
            .map(|(((u, step), price), key)| {
                Row::new([
                    Cell::new(fit(key.as_str(), key_w)).style(st.key),
                    name_cell(self.ctx, &u.sku, &u.name, name_w),
                    right(price.as_str(), price_w).style(st.price),
                    right(step.as_str(), step_w).style(st.accent),
                ])
            })
            .collect();
        let widths = [Length(key_w as u16), Fill(1), Length(price_w as u16), Length(step_w as u16)];
        let mut detail = Vec::new();
        if let Some(u) = list.get(s.suggest.upsell_sel) {
            if width(&u.name) > name_w {
                detail.push(Line::styled(u.name.as_str(), st.total));
            }
            if step_w == 0 || price_w == 0 {
                let step = format_step(&cur.display(u.price_delta), u.delta_basis_points);
                detail.push(Line::styled(format!("{} {step}", cur.display(u.price)), st.accent));
            }
            for d in &u.differences {
                detail.push(Line::raw(d.to_string()));
            }
            if let Some((bundle, saving)) = &u.bundle_lost {
                detail.push(Line::styled(
                    format!("Swapping ends the {bundle}: its {} saving goes.", cur.display(*saving)),
                    st.error,
                ));
            }
            if let Some(reason) = &u.reason {
                detail.push(Line::raw(reason.clone()));
            }
            detail.push(Line::styled(format!("“{}”", u.talking_point), st.quote));
        }
        list_with_detail(self.ctx, Pane::Upsell, inner, buf, rows, widths, detail);
    }
}
