//! Windows over the main screen, one file each: the keys (`help.rs`), the
//! customer's budget (`budget.rs`), "quit with a cart?" (`quit.rs`), parked
//! carts (`park.rs`), payment (`checkout.rs`), the receipt (`receipt.rs`),
//! sign-in (`sign_in.rs`), a discount (`discount.rs`), the customer lookup
//! (`customer.rs`) and their receipts (`receipts.rs`), a return
//! (`returns.rs`), the till's shift and its X- and Z-report (`shift.rs`),
//! the marked products side by side (`compare.rs`) and training's
//! talking-point picks and scorecard (`training.rs`). Each is centred
//! over the screen, sized to what it shows, and framed the same way; the
//! sales dashboard (`dashboard.rs`) takes the whole screen.

mod budget;
mod checkout;
mod compare;
mod customer;
mod dashboard;
mod discount;
mod help;
mod park;
mod quit;
mod receipt;
mod receipts;
mod returns;
mod shift;
mod sign_in;
mod training;

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::Length;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::Ctx;
use super::text::width;
use crate::tui::state::Overlay;

/// The open overlay, centred.
pub struct OverlayWindow<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &OverlayWindow<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.ctx;
        let Some(overlay) = &ctx.state.overlay else { return };
        match overlay {
            Overlay::Help { scroll } => help::render(ctx, *scroll, area, buf),
            Overlay::Budget { input, error, .. } => budget::render(ctx, input, error.as_deref(), area, buf),
            Overlay::ConfirmQuit => quit::render(ctx, area, buf),
            Overlay::Park { carts, sel } => park::render(ctx, carts.as_deref(), *sel, area, buf),
            Overlay::Checkout(form) => checkout::render(ctx, form, area, buf),
            Overlay::Receipt { text } => receipt::render(ctx, text, area, buf),
            Overlay::SignIn(form) => sign_in::render(ctx, form, area, buf),
            Overlay::Discount(form) => discount::render(ctx, form, area, buf),
            Overlay::Offer { name, options } => training::pick(
                ctx,
                &format!("Offer: {name}"),
                "What do you tell the customer about it?",
                options,
                area,
                buf,
            ),
            Overlay::Objection { says, options } => {
                let who = ctx.state.training.as_deref().map_or("The customer", |t| t.name());
                training::pick(ctx, &format!("{who} asks"), &format!("“{says}”"), options, area, buf)
            }
            Overlay::Scorecard => training::scorecard(ctx, area, buf),
            Overlay::Shift(form) => shift::render(ctx, form, area, buf),
            Overlay::Dashboard => dashboard::render(ctx, area, buf),
            Overlay::Customer(form) => customer::render(ctx, form, area, buf),
            Overlay::Receipts { scroll } => receipts::render(ctx, *scroll, area, buf),
            Overlay::Return(form) => returns::render(ctx, form, area, buf),
            Overlay::Compare { table, sel } => compare::render(ctx, table, *sel, area, buf),
        }
    }
}

/// Clears and frames a window titled `title`, wide enough for `content_w`
/// columns (at most 90) and `rows` rows tall (borders included), centred
/// over `area`; returns the inside.
fn frame(ctx: Ctx<'_>, area: Rect, buf: &mut Buffer, title: &str, content_w: usize, rows: u16) -> Rect {
    frame_of_width(ctx, area, buf, title, window_width(title, content_w), rows)
}

/// Clears and frames a window `w` columns wide (borders included) and `rows`
/// tall, centred over `area`; returns the inside.
fn frame_of_width(ctx: Ctx<'_>, area: Rect, buf: &mut Buffer, title: &str, w: u16, rows: u16) -> Rect {
    let r = area.centered(Length(w), Length(rows.max(3)));
    Clear.render(r, buf);
    buf.set_style(r, ctx.styles.base);
    let block = ctx.plain_block(title).border_style(ctx.styles.border_focused);
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// How wide `frame` makes a window for `content_w` columns titled `title`.
fn window_width(title: &str, content_w: usize) -> u16 {
    (content_w.max(width(title) + 6) + 4).min(90) as u16
}

/// The inside width of the window `frame` draws over `area` for `content_w`
/// columns titled `title` (a window wider than the screen is cut to it).
fn inner_width(area: Rect, title: &str, content_w: usize) -> usize {
    usize::from(window_width(title, content_w).min(area.width)).saturating_sub(2)
}

/// A window of text lines, sized to the widest and wrapped when the screen is narrower.
fn text_window(
    ctx: Ctx<'_>,
    area: Rect,
    buf: &mut Buffer,
    title: &str,
    lines: Vec<Line<'static>>,
    rows: u16,
) {
    let content_w = lines.iter().map(Line::width).max().unwrap_or(0);
    let inner = frame(ctx, area, buf, title, content_w, rows);
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(inner, buf);
}
