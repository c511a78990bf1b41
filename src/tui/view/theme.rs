//! Styles for the three themes. `mono` uses no colour at all (NO_COLOR forces
//! it): selection and focus stay visible through reverse video and bold.

use ratatui::style::{Color, Modifier, Style};

use crate::config::Theme;

/// Every style the widgets use.
#[derive(Debug, Clone, Copy)]
pub struct Styles {
    pub base: Style,
    pub header: Style,
    /// The mode badge ("SELL").
    pub badge: Style,
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub title_focused: Style,
    /// The selected row of the focused pane.
    pub selected: Style,
    /// The selected row of a pane without focus.
    pub selected_idle: Style,
    pub dim: Style,
    pub price: Style,
    /// Reason badges and price steps.
    pub accent: Style,
    pub error: Style,
    pub info: Style,
    pub total: Style,
    /// Talking points.
    pub quote: Style,
    /// Key names in the status line and help.
    pub key: Style,
    /// The compare window's cells where the products differ.
    pub differs: Style,
}

impl Styles {
    pub fn of(theme: Theme) -> Styles {
        match theme {
            Theme::Default => Styles {
                base: Style::new(),
                header: Style::new().fg(Color::White).bg(Color::Blue),
                badge: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD),
                border: Style::new().fg(Color::DarkGray),
                border_focused: Style::new().fg(Color::Cyan),
                title: Style::new().fg(Color::Gray),
                title_focused: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                selected: Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
                selected_idle: Style::new().bg(Color::DarkGray),
                dim: Style::new().fg(Color::DarkGray),
                price: Style::new().fg(Color::Green),
                accent: Style::new().fg(Color::Magenta),
                error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                info: Style::new().fg(Color::Yellow),
                total: Style::new().add_modifier(Modifier::BOLD),
                quote: Style::new().fg(Color::Cyan).add_modifier(Modifier::ITALIC),
                key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                differs: Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            },
            Theme::HighContrast => Styles {
                base: Style::new().fg(Color::White).bg(Color::Black),
                header: Style::new().fg(Color::Black).bg(Color::White).add_modifier(Modifier::BOLD),
                badge: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD),
                border: Style::new().fg(Color::White),
                border_focused: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                title: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
                title_focused: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD),
                selected: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD),
                selected_idle: Style::new()
                    .fg(Color::White)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                dim: Style::new().fg(Color::White),
                price: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
                accent: Style::new().fg(Color::Yellow),
                error: Style::new().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
                info: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                total: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                quote: Style::new().fg(Color::White).add_modifier(Modifier::ITALIC),
                key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                differs: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            },
            Theme::Mono => {
                let plain = Style::new();
                Styles {
                    base: plain,
                    header: plain.add_modifier(Modifier::REVERSED),
                    badge: plain.add_modifier(Modifier::BOLD),
                    border: plain,
                    border_focused: plain.add_modifier(Modifier::BOLD),
                    title: plain,
                    title_focused: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
                    selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                    selected_idle: plain.add_modifier(Modifier::UNDERLINED),
                    dim: plain,
                    price: plain,
                    accent: plain,
                    error: plain.add_modifier(Modifier::BOLD),
                    info: plain,
                    total: plain.add_modifier(Modifier::BOLD),
                    quote: plain.add_modifier(Modifier::ITALIC),
                    key: plain.add_modifier(Modifier::BOLD),
                    differs: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
                }
            }
        }
    }
}

impl Styles {
    /// The same styles tinted for training: magenta header and frames (mono
    /// keeps its styles; training's double frames and the TRAINING badge
    /// show it without colour).
    pub fn training(self, theme: Theme) -> Styles {
        if theme == Theme::Mono {
            return self;
        }
        Styles {
            header: Style::new().fg(Color::White).bg(Color::Magenta).add_modifier(Modifier::BOLD),
            badge: Style::new().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::Magenta),
            border_focused: Style::new().fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
            ..self
        }
    }
}

/// The theme to use: the configured one, or mono when `NO_COLOR` is set to anything non-empty.
pub fn effective(configured: Theme, no_color: Option<&std::ffi::OsStr>) -> Theme {
    if no_color.is_some_and(|v| !v.is_empty()) { Theme::Mono } else { configured }
}
