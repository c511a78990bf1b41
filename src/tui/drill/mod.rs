//! The drill screen: round k of N shows a real basket with one item hidden;
//! the trainee searches the possible items, picks up to three (Enter picks,
//! Backspace on an empty search drops the last pick, Tab offers them), and
//! sees the answer — hit or miss, the hidden item, the assistant's first
//! pick, the running score — then a summary at the end.
//!
//! Its own small Elm loop: keys become [`Action`](state::Action)s, one
//! [`update`](state::update) changes the [`State`](state::State), the view
//! only reads it and is drawn when something changed. It does no I/O of its
//! own: the caller builds the [`DrillSetup`] and records what [`run`]
//! returns. The terminal is restored by the selling screen's guard, on
//! panic and after SIGTERM or SIGHUP too.

mod state;
#[cfg(test)]
mod tests;
mod view;

use std::process::ExitCode;
use std::time::Duration;

use ratatui::crossterm::event::{self as ct, KeyEventKind};

pub use self::state::{Choice, DrillSetup};
use self::state::{State, key_action, update};
use super::keymap::Key;
use super::terminal::{Signals, TerminalGuard};
use super::view::theme::Styles;
use crate::config::Theme;
use crate::training::drill::DrillDetails;

/// How often the loop looks at the signal flags while no key comes.
const POLL: Duration = Duration::from_millis(200);

/// How a drill ended: the rounds played (to record) and the exit status
/// (128 + the signal when one ended it).
#[derive(Debug)]
pub struct DrillOutcome {
    pub details: DrillDetails,
    pub exit: ExitCode,
}

/// Runs the drill screen until the trainee leaves it (or a signal comes).
/// Needs a terminal; the caller checks that first.
pub fn run(setup: DrillSetup, theme: Theme) -> anyhow::Result<DrillOutcome> {
    let signals = Signals::register()?;
    let mut guard = TerminalGuard::new(false)
        .map_err(|e| anyhow::anyhow!("cannot open the drill on this terminal: {e}"))?;
    let mut state = State::new(setup, Styles::of(theme));
    let mut exit = ExitCode::SUCCESS;
    loop {
        if state.dirty {
            guard.terminal.draw(|f| view::draw(f, &state))?;
            state.dirty = false;
        }
        if let Some(sig) = signals.received() {
            exit = ExitCode::from(128 + sig);
            break;
        }
        if state.quit {
            break;
        }
        if !ct::poll(POLL)? {
            continue;
        }
        match ct::read()? {
            ct::Event::Key(k) if k.kind == KeyEventKind::Press => {
                if let Some(action) = key_action(&state.phase, Key::from_event(&k)) {
                    update(&mut state, action);
                }
            }
            ct::Event::Resize(..) => state.dirty = true,
            _ => {}
        }
    }
    drop(guard);
    Ok(DrillOutcome { details: state.details(), exit })
}
