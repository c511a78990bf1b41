//! The header, the entry line, the tab bar, the status line, and the
//! message for a terminal too small for the rest.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Fill, Length};
use ratatui::layout::{Alignment, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::Ctx;
use super::text::{fit, width};
use super::theme::Styles;
use crate::tui::state::{LeftMode, MIN_SIZE, Overlay, Pane};

/// Store, terminal, staff, mode, clock and cart total.
pub struct Header<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        if area.height == 0 {
            return;
        }
        buf.set_style(area, st.header);
        let right = if s.browse_only {
            format!("{} ", s.clock)
        } else {
            let total = s.session.cart.totals(&s.settings.tax).total;
            format!("{}  Total {} ", s.clock, s.settings.currency.display(total))
        };
        let right = fit(&right, usize::from(area.width));
        let rw = width(&right) as u16;
        buf.set_stringn(area.x + area.width - rw, area.y, &right, usize::from(rw), st.header);
        let left = match s.training.as_deref() {
            None if s.browse_only => Line::from(vec![
                Span::styled(" BROWSE ", st.badge),
                Span::styled(format!(" {} · Browse — read-only", s.settings.store_name), st.header),
            ]),
            Some(t) => Line::from(vec![
                Span::styled(" TRAINING ", st.badge),
                Span::styled(
                    format!(
                        " {} · practice, no real sale · {} serving {}",
                        s.settings.store_name,
                        t.trainee,
                        t.name()
                    ),
                    st.header,
                ),
            ]),
            None => {
                let shift = match (&s.session.shift, s.settings.require_shift) {
                    (Some(_), _) => " · shift open",
                    (None, true) => " · no shift",
                    (None, false) => "",
                };
                let till = format!(
                    " {} · {} · {}{shift}",
                    s.settings.store_name, s.settings.terminal, s.settings.staff
                );
                match s.customer.at.as_deref() {
                    None => Line::from(vec![Span::styled(" SELL ", st.badge), Span::styled(till, st.header)]),
                    // The customer first; the till's own words as far as they fit.
                    Some(at) => {
                        let room = usize::from(area.width).saturating_sub(usize::from(rw) + 1);
                        let who = format!(" {}", at.customer.display_name());
                        let consents = format!(" · {}", super::customer::consents(&at.customer));
                        let used = width(" SELL ") + width(&who) + width(&consents);
                        let rest = [format!(" ·{till}"), format!(" · {}{shift}", s.settings.staff)]
                            .into_iter()
                            .find(|t| used + width(t) <= room)
                            .unwrap_or_default();
                        Line::from(vec![
                            Span::styled(" SELL ", st.badge),
                            Span::styled(who, st.title_focused),
                            Span::styled(consents, st.header),
                            Span::styled(rest, st.header),
                        ])
                    }
                }
            }
        };
        let room = area.width.saturating_sub(rw + 1);
        buf.set_line(area.x, area.y, &left, room);
    }
}

/// The entry line: always ready for a search or a code.
pub struct EntryLine<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &EntryLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        let focused = s.overlay.is_none();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if focused { st.border_focused } else { st.border })
            .title(Line::styled(" Scan or search ", st.title));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width < 3 {
            return;
        }
        buf.set_stringn(inner.x, inner.y, "> ", 2, st.key);
        let room = usize::from(inner.width - 2);
        if s.search.entry.is_empty() {
            let hint = "type to search · scan or type a barcode or SKU + Enter · 3*code adds three";
            buf.set_stringn(inner.x + 2, inner.y, fit(hint, room), room, st.dim);
            return;
        }
        // Show the end of a long entry, cut by display width.
        let mut shown: Vec<char> = Vec::new();
        let mut used = 0;
        for c in s.search.entry.chars().rev() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w + 1 > room {
                break;
            }
            used += w;
            shown.push(c);
        }
        let shown: String = shown.into_iter().rev().collect();
        buf.set_stringn(inner.x + 2, inner.y, &shown, room, st.base);
    }
}

/// One tab per pane, for small terminals.
pub struct TabBar<'a> {
    pub ctx: Ctx<'a>,
}

impl Widget for &TabBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        let browse = s.left == LeftMode::Browse;
        // Full labels when they fit, shorter ones when they do not.
        let tiers: [[&str; 4]; 3] = [
            [if browse { "Browse" } else { "Search" }, "Cart", "Goes well with", "Upgrade options"],
            [if browse { "Browse" } else { "Results" }, "Cart", "Goes with", "Upgrades"],
            [if browse { "Brw" } else { "Res" }, "Cart", "With", "Up"],
        ];
        let labels = |tier: &[&str; 4]| -> Vec<String> {
            Pane::ALL.iter().zip(tier).map(|(p, name)| format!(" {name} {} ", s.pane_len(*p))).collect()
        };
        let fits = |l: &Vec<String>| l.iter().map(|x| width(x) + 1).sum::<usize>() <= usize::from(area.width);
        let chosen = tiers.iter().map(labels).find(fits).unwrap_or_else(|| labels(&tiers[2]));
        let mut spans = Vec::new();
        for (pane, label) in Pane::ALL.iter().zip(chosen) {
            let style = if *pane == s.focus { st.selected } else { st.dim };
            spans.push(Span::styled(label, style));
            spans.push(Span::raw("│"));
        }
        spans.pop();
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }
}

/// Messages, then the keys that work here (from the keymap).
pub struct StatusLine<'a> {
    pub ctx: Ctx<'a>,
}

impl StatusLine<'_> {
    /// (key, label) pairs for the current focus and overlay.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        let s = self.ctx.state;
        let k = |name: &str, label: &'static str| s.keymap.first_key(name).map(|key| (key, label));
        let can_swap = s
            .suggest
            .lists
            .upsell
            .get(s.suggest.upsell_sel)
            .is_some_and(|u| s.session.cart.position(&u.for_sku).is_some());
        let mut out: Vec<Option<(String, &'static str)>> = match &s.overlay {
            Some(Overlay::Help { .. }) => vec![k("cancel", "close"), k("down", "scroll")],
            Some(Overlay::Budget { .. }) => {
                vec![k("add", "set (empty clears)"), k("cancel", "cancel")]
            }
            Some(Overlay::ConfirmQuit) => vec![Some(("y".into(), "quit")), Some(("other".into(), "stay"))],
            Some(Overlay::Park { .. }) => vec![k("add", "recall"), k("up", "move"), k("cancel", "close")],
            Some(Overlay::Checkout(_)) => {
                vec![k("add", "pay"), k("next_pane", "card/cash/other"), k("cancel", "back to the cart")]
            }
            Some(Overlay::Receipt { .. }) if s.training.is_some() => vec![k("add", "see the score")],
            Some(Overlay::Receipt { .. }) => vec![k("add", "next customer")],
            Some(Overlay::Offer { .. } | Overlay::Objection { .. }) => vec![Some(("1-3".into(), "say it"))],
            Some(Overlay::Scorecard) => vec![k("add", "end the session")],
            Some(Overlay::SignIn(_)) => vec![k("add", "next"), k("quit", "quit")],
            Some(Overlay::Discount(_)) => vec![k("add", "next"), k("cancel", "cancel")],
            Some(Overlay::Shift(f)) if f.closed => vec![k("add", "close")],
            Some(Overlay::Shift(_)) if s.session.shift.is_some() => {
                vec![k("add", "close the shift"), k("down", "scroll"), k("cancel", "back")]
            }
            Some(Overlay::Shift(_)) => vec![k("add", "open the shift"), k("cancel", "back")],
            Some(Overlay::Dashboard) => vec![k("cancel", "close")],
            Some(Overlay::Customer(_)) => vec![k("add", "attach"), k("down", "pick"), k("cancel", "close")],
            Some(Overlay::Receipts { .. }) => vec![k("down", "scroll"), k("cancel", "close")],
            Some(Overlay::Return(f)) if f.sale.is_some() => {
                vec![k("add", "refund"), k("more", "one more"), k("reprint", "reprint"), k("cancel", "back")]
            }
            Some(Overlay::Return(_)) => {
                vec![k("add", "load the sale"), k("reprint", "reprint"), k("cancel", "close")]
            }
            Some(Overlay::Compare { .. }) if s.browse_only => {
                vec![k("down", "next column"), Some(("c".into(), "clear marks")), k("cancel", "close")]
            }
            Some(Overlay::Compare { .. }) => vec![
                Some(("1-3".into(), "add to the cart")),
                k("down", "next column"),
                Some(("c".into(), "clear marks")),
                k("cancel", "close"),
            ],
            None if s.browse_only => vec![
                k("mark", "mark"),
                k("compare", "compare"),
                k("next_pane", "next pane"),
                k("browse", "browse"),
                k("help", "help"),
                k("quit", "quit"),
            ],
            None => {
                let mut v = match s.focus {
                    Pane::Results if s.left == LeftMode::Browse => {
                        vec![k("add", "open/add"), k("cancel", "up")]
                    }
                    Pane::Results => vec![k("add", "add")],
                    Pane::Cart => {
                        vec![
                            k("more", "+1"),
                            k("fewer", "-1"),
                            k("remove", "remove"),
                            k("discount", "discount"),
                        ]
                    }
                    Pane::CrossSell => vec![k("add", "add"), k("dismiss", "dismiss")],
                    Pane::Upsell => vec![k("add", "add"), k("dismiss", "dismiss")],
                };
                if can_swap && matches!(s.focus, Pane::Cart | Pane::Upsell | Pane::Results) {
                    v.insert(0, k("swap", "swap upgrade"));
                }
                // The keys that close a sale come first after the pane's own.
                v.extend([
                    k("checkout", "checkout"),
                    k("help", "help"),
                    k("quit", "quit"),
                    k("next_pane", "next pane"),
                    k("budget", "budget"),
                    k("browse", "browse"),
                ]);
                if s.training.is_none() {
                    // With a customer attached, detaching is near the front (and kept on the line).
                    if s.session.cart.customer.is_some() {
                        v.insert(1, k("customer", "detach"));
                    }
                    v.push(k("park", "park"));
                    v.push(k("shift", "shift"));
                    v.push(k("dashboard", "dashboard"));
                    v.push(if s.session.cart.customer.is_some() {
                        k("receipts", "receipts")
                    } else {
                        k("customer", "customer")
                    });
                }
                v.extend([k("mark", "mark"), k("compare", "compare")]);
                v
            }
        };
        out.retain(Option::is_some);
        out.into_iter().flatten().collect()
    }
}

impl Widget for &StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, st) = (self.ctx.state, self.ctx.styles);
        if area.height == 0 {
            return;
        }
        let hints: Vec<(String, String)> =
            self.hints().into_iter().map(|(key, label)| (format!(" {key}"), format!(" {label} "))).collect();
        let hint_w = |h: &(String, String)| super::text::width(&h.0) + super::text::width(&h.1);
        // Checkout, help, quit (and detach) are never pushed off the line, by a message or by other keys.
        let essential = |h: &(String, String)| {
            s.overlay.is_some() || matches!(h.1.trim(), "checkout" | "help" | "quit" | "detach")
        };
        let reserved: usize = hints.iter().filter(|h| essential(h)).map(hint_w).sum();
        let width = usize::from(area.width);
        let mut spans = Vec::new();
        let mut used = 0;
        if let Some(m) = &s.status {
            // On a line too narrow for both, the message wins (it may be an error).
            let room = match width.saturating_sub(reserved + 3) {
                r if r >= 8 => r,
                _ => width.saturating_sub(3),
            };
            if room > 0 {
                let text = super::text::fit(&m.text, room);
                used += super::text::width(&text) + 3;
                spans.push(Span::styled(format!(" {text} "), if m.error { st.error } else { st.info }));
                spans.push(Span::raw(" "));
            }
        }
        // The other keys fill what is left, in order; the essential ones keep their room.
        let mut left = width.saturating_sub(used + reserved);
        for h in hints {
            let w = hint_w(&h);
            if !essential(&h) {
                if w > left {
                    continue;
                }
                left -= w;
            } else if used + w > width {
                continue;
            }
            used += w;
            spans.push(Span::styled(h.0, st.key));
            spans.push(Span::styled(h.1, st.base));
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
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
        // Centred: as many rows down as the wrapped message leaves above and below it.
        let lines = (width(&text) as u16).div_ceil(area.width.max(1));
        let top = area.height.saturating_sub(lines) / 2;
        let [_, r] = area.layout(&Layout::vertical([Length(top), Fill(1)]));
        Paragraph::new(Line::styled(text, self.styles.error))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(r, buf);
    }
}
