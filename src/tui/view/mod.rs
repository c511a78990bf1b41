//! Drawing: the screen is laid out for the terminal's size with ratatui's
//! [`Layout`], and each pane is a widget that only reads the [`State`]; lists
//! (results, cart lines, suggestions) are [`Table`](ratatui::widgets::Table)s,
//! and each overlay window has its own file in `overlay/`.
//!
//! * Wide (120×30 and up): results and detail | cart | "Goes well with" over "Upgrade options".
//!   The attached customer's pane takes the detail's place (here and in Tabs).
//! * Medium (90×26 and up): results over cart | the two suggestion panes (in
//!   training, or with a customer attached, the customer sits between the
//!   results and the cart).
//! * Tabs (40×12 and up): one pane at a time; Tab moves between them.
//! * Smaller: a message asking for a larger terminal.

mod cart;
mod chrome;
pub mod customer;
mod overlay;
mod results;
mod suggestions;
pub mod text;
pub mod theme;
mod training;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Alignment;
use ratatui::layout::Constraint::{Fill, Length, Percentage};
use ratatui::layout::{Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Cell, Widget};

pub use self::cart::CartPane;
pub use self::chrome::{EntryLine, Header, StatusLine, TabBar, TooSmall};
pub use self::customer::KnownCustomerPane;
pub use self::overlay::OverlayWindow;
pub use self::results::{DetailPane, ResultsPane};
pub use self::suggestions::{CrossSellPane, UpsellPane};
use self::theme::Styles;
pub use self::training::CustomerPane;
use super::state::{Pane, SizeMode, State};

/// Where everything goes at one size. Panes that are not shown are `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub entry: Rect,
    pub tabs: Option<Rect>,
    pub results: Option<Rect>,
    pub detail: Option<Rect>,
    pub cart: Option<Rect>,
    pub cross_sell: Option<Rect>,
    pub upsell: Option<Rect>,
    pub status: Rect,
}

/// The header, the entry line, the body and the status line, top to bottom.
fn rows(area: Rect) -> [Rect; 4] {
    area.layout(&Layout::vertical([Length(1), Length(3), Fill(1), Length(1)]))
}

/// The layout for the state's size mode and focus.
pub fn layout(state: &State, area: Rect) -> Areas {
    let mode = SizeMode::of(area.width, area.height);
    if mode == SizeMode::TooSmall {
        return Areas { header: area, ..Areas::default() };
    }
    let [header, entry, body, status] = rows(area);
    let mut a = Areas { header, entry, status, ..Areas::default() };
    // The suggestion panes: "Goes well with" a little taller than "Upgrade options".
    let suggestions =
        |right: Rect| -> [Rect; 2] { right.layout(&Layout::vertical([Percentage(52), Fill(1)])) };
    match mode {
        SizeMode::Wide => {
            let [left, centre, right] = body.layout(&Layout::horizontal([Percentage(32), Fill(1), Fill(1)]));
            let share = if state.customer.at.is_some() { 40 } else { 55 };
            let [results, detail] = left.layout(&Layout::vertical([Percentage(share), Fill(1)]));
            let [cross, up] = suggestions(right);
            a.results = Some(results);
            a.detail = Some(detail);
            a.cart = Some(centre);
            a.cross_sell = Some(cross);
            a.upsell = Some(up);
        }
        SizeMode::Medium => {
            let [left, right] = body.layout(&Layout::horizontal([Fill(1), Fill(1)]));
            let [results, cart] = if state.training.is_some() || state.customer.at.is_some() {
                // Training, or a customer attached: the customer (in the detail slot) between the results and the cart.
                let [results, customer, cart] = left.layout(&Layout::vertical([Fill(1), Length(8), Fill(1)]));
                a.detail = Some(customer);
                [results, cart]
            } else {
                left.layout(&Layout::vertical([Fill(1), Fill(1)]))
            };
            let [cross, up] = suggestions(right);
            a.results = Some(results);
            a.cart = Some(cart);
            a.cross_sell = Some(cross);
            a.upsell = Some(up);
        }
        SizeMode::Tabs => {
            let [tabs, pane] = body.layout(&Layout::vertical([Length(1), Fill(1)]));
            a.tabs = Some(tabs);
            match state.focus {
                Pane::Results if pane.height >= 16 => {
                    // An attached customer's pane gets more of the tab than a product's details.
                    let share = if state.customer.at.is_some() { 40 } else { 60 };
                    let [results, detail] = pane.layout(&Layout::vertical([Percentage(share), Fill(1)]));
                    a.results = Some(results);
                    a.detail = Some(detail);
                }
                Pane::Results => a.results = Some(pane),
                Pane::Cart => a.cart = Some(pane),
                Pane::CrossSell => a.cross_sell = Some(pane),
                Pane::Upsell => a.upsell = Some(pane),
            }
        }
        SizeMode::TooSmall => {}
    }
    a
}

/// The whole selling screen.
pub struct Screen<'a> {
    pub state: &'a State,
}

impl Widget for &Screen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.state;
        let mut styles = Styles::of(state.settings.theme);
        if state.training.is_some() {
            styles = styles.training(state.settings.theme);
        }
        // Every cell starts with the base style; the default theme's is empty, and styling
        // every cell with nothing would cost each frame a pass over the whole screen.
        if styles.base != ratatui::style::Style::default() {
            buf.set_style(area, styles.base);
        }
        if SizeMode::of(area.width, area.height) == SizeMode::TooSmall {
            let quit_key = state.keymap.first_key("quit");
            (&TooSmall { styles: &styles, quit_key }).render(area, buf);
            return;
        }
        let a = layout(state, area);
        let ctx = Ctx { state, styles: &styles };
        (&Header { ctx }).render(a.header, buf);
        (&EntryLine { ctx }).render(a.entry, buf);
        if let Some(r) = a.tabs {
            (&TabBar { ctx }).render(r, buf);
        }
        if let Some(r) = a.results {
            (&ResultsPane { ctx }).render(r, buf);
        }
        match a.detail {
            Some(r) if state.training.is_some() => (&CustomerPane { ctx }).render(r, buf),
            Some(r) if state.customer.at.is_some() => (&KnownCustomerPane { ctx }).render(r, buf),
            Some(r) => (&DetailPane { ctx }).render(r, buf),
            None => {}
        }
        if let Some(r) = a.cart {
            (&CartPane { ctx }).render(r, buf);
        }
        if let Some(r) = a.cross_sell {
            (&CrossSellPane { ctx }).render(r, buf);
        }
        if let Some(r) = a.upsell {
            (&UpsellPane { ctx }).render(r, buf);
        }
        (&StatusLine { ctx }).render(a.status, buf);
        if state.overlay.is_some() {
            (&OverlayWindow { ctx }).render(area, buf);
        }
    }
}

/// In front of a product marked to compare, in every list.
pub const MARK: &str = "✓ ";

/// What every widget reads: the state and the theme's styles.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub state: &'a State,
    pub styles: &'a Styles,
}

impl Ctx<'_> {
    /// A pane's frame, highlighted when it has focus.
    fn block<'t>(&self, pane: Pane, title: &'t str) -> Block<'t> {
        let focused = self.state.focus == pane && self.state.overlay.is_none();
        let (border, title_style) = if focused {
            (self.styles.border_focused, self.styles.title_focused)
        } else {
            (self.styles.border, self.styles.title)
        };
        let marker = if focused { "▶ " } else { "" };
        let unfocused = if self.state.training.is_some() { BorderType::Double } else { BorderType::Plain };
        Block::default()
            .borders(Borders::ALL)
            .border_type(if focused { BorderType::Thick } else { unfocused })
            .border_style(border)
            .title(Line::from(spaced([marker, title])).style(title_style))
    }

    /// A frame that never takes focus (the detail area, overlays).
    /// A titled frame drawn over `area`; the room inside it, or `None` when there is none.
    fn framed(&self, title: &str, area: Rect, buf: &mut Buffer) -> Option<Rect> {
        let block = self.plain_block(title);
        let inner = block.inner(area);
        block.render(area, buf);
        (inner.width > 0 && inner.height > 0).then_some(inner)
    }

    fn plain_block<'t>(&self, title: &'t str) -> Block<'t> {
        let border = if self.state.training.is_some() { BorderType::Double } else { BorderType::Plain };
        Block::default()
            .borders(Borders::ALL)
            .border_type(border)
            .border_style(self.styles.border)
            .title(Line::from(spaced([title])).style(self.styles.title))
    }

    /// The style of row `i` of a pane whose selection is `sel`.
    fn row_style(&self, pane: Pane, i: usize, sel: usize) -> ratatui::style::Style {
        if i != sel {
            self.styles.base
        } else if self.state.focus == pane && self.state.overlay.is_none() {
            self.styles.selected
        } else {
            self.styles.selected_idle
        }
    }
}

/// A frame's title, " like this ", in spans that borrow its words (ratatui
/// copies an owned title each time it draws it).
fn spaced<'t, const N: usize>(words: [&'t str; N]) -> Vec<Span<'t>> {
    let mut spans = Vec::with_capacity(N + 2);
    spans.push(Span::raw(" "));
    spans.extend(words.map(Span::raw));
    spans.push(Span::raw(" "));
    spans
}

/// A table cell holding `text` fitted to `cols` columns by display width,
/// right-aligned (borrowed text is not copied).
fn right<'a>(text: impl Into<Cow<'a, str>>, cols: usize) -> Cell<'a> {
    Cell::new(Line::from(text::fit(text, cols)).alignment(Alignment::Right))
}

/// The first row to show so that `sel` is visible in `rows` rows of `len`.
fn window(len: usize, sel: usize, rows: usize) -> usize {
    if rows == 0 || len <= rows {
        return 0;
    }
    sel.saturating_sub(rows / 2).min(len - rows)
}

/// Draws the screen into a frame, with the cursor in the entry line.
pub fn draw(frame: &mut Frame<'_>, state: &State) {
    let area = frame.area();
    frame.render_widget(&Screen { state }, area);
    if state.overlay.is_none() && SizeMode::of(area.width, area.height) != SizeMode::TooSmall {
        // Only the entry line's place: the panes' layout is the widget's business.
        let [_, entry, _, _] = rows(area);
        if entry.width > 4 && entry.height >= 3 {
            let x = entry.x + 3 + text::width(&state.search.entry).min(usize::from(entry.width - 5)) as u16;
            frame.set_cursor_position(Position::new(x, entry.y + 1));
        }
    }
}
