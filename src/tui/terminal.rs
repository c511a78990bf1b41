//! The terminal's lifetime (raw mode, alternate screen, mouse) as an RAII
//! guard, the signals that end the screen cleanly, and the wall clock.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

/// Raw mode and the alternate screen while alive; restored on drop, on
/// panic (ratatui's panic hook, plus mouse capture off) and after signals.
pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
    mouse: bool,
}

impl TerminalGuard {
    pub fn new(mouse: bool) -> io::Result<TerminalGuard> {
        let terminal = ratatui::try_init()?;
        if mouse {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let _ = execute!(io::stdout(), DisableMouseCapture);
                previous(info);
            }));
            if let Err(e) = execute!(io::stdout(), EnableMouseCapture) {
                ratatui::restore();
                return Err(e);
            }
        }
        Ok(TerminalGuard { terminal, mouse })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if self.mouse {
            let _ = execute!(io::stdout(), DisableMouseCapture);
        }
        let _ = self.terminal.show_cursor();
        ratatui::restore();
    }
}

/// SIGTERM and SIGHUP, noted in flags the event loop checks.
pub struct Signals {
    term: Arc<AtomicBool>,
    hup: Arc<AtomicBool>,
}

impl Signals {
    pub fn register() -> io::Result<Signals> {
        let term = Arc::new(AtomicBool::new(false));
        let hup = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&term))?;
        signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&hup))?;
        Ok(Signals { term, hup })
    }

    /// The signal received, if any (its number, for the exit status).
    pub fn received(&self) -> Option<u8> {
        if self.term.load(Ordering::SeqCst) {
            Some(signal_hook::consts::SIGTERM as u8)
        } else if self.hup.load(Ordering::SeqCst) {
            Some(signal_hook::consts::SIGHUP as u8)
        } else {
            None
        }
    }
}

/// The local wall clock as "HH:MM". SQLite knows the local time zone, so no
/// date crate is needed; without it the clock shows UTC.
pub struct Clock {
    local: Option<crate::store::LocalTime>,
}

impl Clock {
    pub fn new() -> Clock {
        Clock { local: crate::store::LocalTime::new() }
    }

    pub fn now(&self) -> String {
        self.local.as_ref().and_then(crate::store::LocalTime::hours_minutes).unwrap_or_else(|| {
            let secs =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            format!("{:02}:{:02} UTC", secs / 3600 % 24, secs / 60 % 60)
        })
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new()
    }
}
