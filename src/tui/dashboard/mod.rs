//! The sales dashboard: the same figures over the selling screen (F5, an
//! overlay, `update/dashboard.rs`) and as a screen of its own
//! (`counterpart report --tui`, [`run`]).
//!
//! The figures are worked out by [`crate::reports::dashboard`] on a thread
//! of its own with its own read-only connection ([`Loader`]): weeks of
//! history on a large store take seconds, and neither the till nor this
//! screen waits for them. Each request carries a generation; only the
//! newest one's answer is sent, and a screen drops any other.
//! `panel.rs` is what a screen holds, `view.rs` draws it.

pub mod panel;
pub mod view;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use ratatui::crossterm::event::{self as ct, KeyCode, KeyEventKind, KeyModifiers};

use self::panel::{Panel, Scope};
use self::view::DashboardView;
use super::terminal::{Signals, TerminalGuard};
use super::view::theme::{Styles, effective};
use crate::app::Context;
use crate::reports::dashboard::{Dashboard, Query};
use crate::reports::days::Now;
use crate::store::Store;

/// Works out a dashboard away from the screen and the till's own connection;
/// `Ok(None)` when the stop it is given (asked between its steps) says to give up.
pub type DashboardJob =
    Arc<dyn Fn(&Query, &dyn Fn() -> bool) -> Result<Option<Dashboard>, String> + Send + Sync>;

/// An answer: the request's generation and the figures, or why there are none.
pub type Answer = (u64, Result<Arc<Dashboard>, String>);

/// The job that reads the database at `db` on a read-only connection of its own, at the clock's now.
pub fn job(db: PathBuf) -> DashboardJob {
    Arc::new(move |query: &Query, stop: &dyn Fn() -> bool| {
        let store = Store::open_read_only(&db).map_err(|e| e.to_string())?;
        crate::reports::dashboard::load(&store, query, Now::utc(), stop).map_err(|e| e.to_string())
    })
}

/// Runs dashboard jobs on threads of their own; only the newest request
/// started is answered, and an older one still running gives up at its next step.
#[derive(Clone)]
pub struct Loader {
    job: DashboardJob,
    newest: Arc<AtomicU64>,
}

impl Loader {
    pub fn new(job: DashboardJob) -> Loader {
        Loader { job, newest: Arc::new(AtomicU64::new(0)) }
    }

    /// Starts request `gen_id` on a thread of its own; `send` gets the answer
    /// unless a newer request was started meanwhile.
    pub fn start(
        &self,
        gen_id: u64,
        query: Query,
        send: impl FnOnce(Answer) + Send + 'static,
    ) -> std::io::Result<()> {
        self.newest.store(gen_id, Ordering::SeqCst);
        let (job, newest) = (Arc::clone(&self.job), Arc::clone(&self.newest));
        std::thread::Builder::new().name("dashboard".into()).spawn(move || {
            // A newer request, or nobody waiting any more: its answer would be dropped.
            let stale = || newest.load(Ordering::SeqCst) != gen_id;
            let result = match job(&query, &stale) {
                Ok(Some(d)) => Ok(Arc::new(d)),
                Ok(None) => return,
                Err(e) => Err(e),
            };
            if !stale() {
                send((gen_id, result));
            }
        })?;
        Ok(())
    }

    /// Nobody waits for the request running any more (the dashboard closed): it gives up.
    pub fn cancel(&self) {
        // Requests count from 1: none is 0.
        self.newest.store(0, Ordering::SeqCst);
    }

    /// Works out request `gen_id` on this thread (the synchronous driver of tests).
    pub fn here(&self, gen_id: u64, query: &Query) -> Answer {
        self.newest.store(gen_id, Ordering::SeqCst);
        let result = (self.job)(query, &|| false)
            .and_then(|d| d.ok_or_else(|| "the dashboard was not worked out".to_string()));
        (gen_id, result.map(Arc::new))
    }
}

/// How often the screen looks at the signal flags and the answers while no key comes.
const POLL: Duration = Duration::from_millis(100);

/// What a key does on the dashboard's own screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Quit,
    Simulated,
    Again,
    Page,
}

fn key_of(k: &ct::KeyEvent) -> Option<Key> {
    Some(match k.code {
        KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => Key::Quit,
        KeyCode::Char('q' | 'Q') | KeyCode::Esc => Key::Quit,
        KeyCode::Char('s' | 'S') => Key::Simulated,
        KeyCode::Char('r' | 'R') => Key::Again,
        KeyCode::Tab | KeyCode::BackTab => Key::Page,
        _ => return None,
    })
}

/// `counterpart report --tui`: every member of staff's figures, read-only;
/// q or Esc quits. Needs a terminal.
pub fn run(ctx: &Context, include_simulated: bool) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("report --tui needs a terminal; in scripts use report, report --json or report --csv");
    }
    // A missing or unreadable database says so before the screen opens.
    drop(ctx.open_for_reading()?);
    let styles = Styles::of(effective(ctx.config.ui.theme, std::env::var_os("NO_COLOR").as_deref()));
    let signals = Signals::register()?;
    let loader = Loader::new(job(ctx.db_path.clone()));
    let (tx, answers) = mpsc::channel::<Answer>();
    let start = |(gen_id, query): (u64, Query)| {
        let tx = tx.clone();
        loader.start(gen_id, query, move |answer| {
            let _ = tx.send(answer);
        })
    };
    let mut panel = Panel::default();
    let mut guard = TerminalGuard::new(false)
        .map_err(|e| anyhow::anyhow!("cannot open the dashboard on this terminal: {e}"))?;
    start(panel.open(Scope::All { approved_by: None }, include_simulated))?;
    let keys = |simulated: bool| -> Vec<(String, String)> {
        let s = if simulated { "leave out simulated" } else { "count simulated" };
        [("q", "quit"), ("s", s), ("r", "again"), ("Tab", view::OTHER_PAGE)]
            .into_iter()
            .map(|(k, w)| (k.to_string(), w.to_string()))
            .collect()
    };
    let mut exit = ExitCode::SUCCESS;
    let mut dirty = true;
    loop {
        while let Ok((gen_id, result)) = answers.try_recv() {
            dirty |= panel.answer(gen_id, result);
        }
        if dirty {
            let view = DashboardView {
                panel: &panel,
                styles: &styles,
                currency: &ctx.shop().currency,
                shop: &ctx.shop().store_name,
                who: "all staff".into(),
                keys: keys(panel.include_simulated),
            };
            guard.terminal.draw(|f| f.render_widget(&view, f.area()))?;
            dirty = false;
        }
        if let Some(sig) = signals.received() {
            exit = ExitCode::from(128 + sig);
            break;
        }
        if !ct::poll(POLL)? {
            continue;
        }
        match ct::read()? {
            ct::Event::Key(k) if k.kind == KeyEventKind::Press => match key_of(&k) {
                Some(Key::Quit) => break,
                Some(Key::Simulated) => {
                    panel.include_simulated = !panel.include_simulated;
                    start(panel.request())?;
                }
                Some(Key::Again) => start(panel.request())?,
                Some(Key::Page) => panel.flip_page(),
                None => continue,
            },
            ct::Event::Resize(..) => {}
            _ => continue,
        }
        dirty = true;
    }
    drop(guard);
    Ok(exit)
}
