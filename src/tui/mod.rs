//! The selling screen: draws state and turns keys into actions.
//!
//! Elm shape: an input thread and the store worker thread feed one channel of
//! [`Event`]s; the loop turns them into [`Msg`]s (a key's [`Action`], a
//! worker's [`Reply`](msg::Reply), a tick, a resize) for the one
//! [`update`](update::update), hands each burst's [`Effect`]s to the worker
//! (which coalesces them), and draws once per burst of events, only when
//! something changed.
//!
//! Public are only [`run`], [`testing`] (a synchronous driver for
//! benchmarks and tests outside the crate), the training screens
//! ([`drill`], [`train`]), the read-only screen of `counterpart browse`
//! ([`browse_mode`]) and the dashboard's own screen ([`dashboard::run`]);
//! everything else is the crate's.

pub(crate) mod action;
pub mod browse_mode;
pub mod dashboard;
pub mod drill;
pub(crate) mod effect;
pub(crate) mod keymap;
pub(crate) mod msg;
pub(crate) mod scanner;
pub(crate) mod state;
mod terminal;
pub mod testing;
#[cfg(test)]
mod tests;
pub mod train;
pub(crate) mod update;
pub(crate) mod view;
pub(crate) mod worker;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self as ct, KeyEventKind, MouseEventKind};

use self::action::Action;
use self::effect::Effect;
use self::keymap::{Key, KeyMap};
use self::msg::{Msg, Reply};
use self::scanner::Scanner;
use self::state::{Settings, State};
use self::terminal::{Clock, Signals, TerminalGuard};
use self::update::{key_action, update};
use self::worker::Worker;
use crate::app::Context;

/// What the event loop waits for.
#[derive(Debug)]
pub(crate) enum Event {
    /// A terminal event, stamped when it was read (for scanner bursts).
    Input(ct::Event, Instant),
    /// The store worker's reply.
    Reply(Reply),
    /// Time passed (the clock may show a new minute).
    Tick,
}

/// How often the input thread sends a tick when no key comes.
const TICK: Duration = Duration::from_secs(1);
/// How often the loop looks at the signal flags when nothing happens.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

/// Opens the selling screen.
pub fn run(ctx: &Context) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("the selling screen needs a terminal; for scripts use a subcommand (see --help)");
    }
    let keymap = KeyMap::from_config(&ctx.config)?;
    let scanner = Scanner::from_config(&ctx.config.scanner, &ctx.config.file_name())?;
    let shop = ctx.shop();
    let mut store = ctx.open_or_create_demo()?;
    if shop.sign_in == crate::config::SignIn::None {
        store.ensure_staff(&shop.default_staff_id, &shop.default_staff_name)?;
    }
    // One running till per terminal id, held for the life of the screen: a
    // second window on the same id gets the next free one.
    let till_lock = crate::store::till_lock::TillLock::acquire(&ctx.db_path, &shop.terminal)?;
    let terminal = till_lock.terminal().to_string();
    let theme = view::theme::effective(ctx.config.ui.theme, std::env::var_os("NO_COLOR").as_deref());
    let mut settings = Settings::new(Arc::clone(&ctx.config.shop), theme);
    settings.terminal = terminal.clone();
    let mut state = State::new(settings, keymap, update::till::new_cart_id(&terminal));
    update::till::open_sign_in(&mut state);
    // Another id than the configured one: said in front of the start-up
    // messages (catalog loaded, cart recovered) until the first key press.
    let wanted = &shop.terminal;
    let notice = (terminal != *wanted)
        .then(|| format!("Till {wanted} is open in another window: this one is {terminal}."));
    if let Some(note) = &notice {
        keep_in_front(&mut state, note);
    }
    let till = worker::Till { terminal };
    let worker =
        Worker::new(store, ctx.config.suggestions.clone(), Arc::clone(&ctx.config.shop)).with_till(till);
    let exit = event_loop(ctx, state, worker, scanner, notice, vec![Effect::LoadCatalog, Effect::Resume])?;
    drop(till_lock);
    Ok(exit)
}

/// Runs the screen until it quits: draws the first frame, sends `start` to
/// the worker (on its own thread), then turns events into messages, hands
/// each burst's effects to the worker and redraws. The terminal is restored
/// however it ends.
pub(crate) fn event_loop(
    ctx: &Context,
    mut state: State,
    worker: Worker,
    mut scanner: Scanner,
    mut notice: Option<String>,
    start: Vec<Effect>,
) -> anyhow::Result<ExitCode> {
    let signals = Signals::register()?;
    let (events_tx, events) = mpsc::channel::<Event>();
    let (effects_tx, effects_rx) = mpsc::channel::<Vec<Effect>>();
    let worker_tx = events_tx.clone();
    let worker =
        thread::Builder::new().name("store".into()).spawn(move || worker.serve(effects_rx, worker_tx))?;

    let mut guard = TerminalGuard::new(ctx.config.ui.mouse)
        .map_err(|e| anyhow::anyhow!("cannot open the selling screen on this terminal: {e}"))?;
    let stop_input = Arc::new(AtomicBool::new(false));
    spawn_input(events_tx, Arc::clone(&stop_input))?;
    let clock = Clock::new();
    let size = guard.terminal.size()?;
    update(&mut state, Msg::Resize(size.width, size.height));
    // Nothing to ask the worker yet: the catalog is not loaded.
    let _ = update(&mut state, Msg::Tick(clock.now()));
    guard.terminal.draw(|f| view::draw(f, &state))?;
    state.dirty = false;
    // The catalog loads after the first frame is on screen.
    let _ = effects_tx.send(start);

    let mouse = ctx.config.ui.mouse;
    let mut exit = ExitCode::SUCCESS;
    loop {
        let first = match events.recv_timeout(SIGNAL_CHECK) {
            Ok(e) => Some(e),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        if matches!(first, Some(Event::Input(ct::Event::Key(_), _))) {
            notice = None;
        }
        let mut effects = Vec::new();
        for event in first.into_iter().chain(std::iter::from_fn(|| events.try_recv().ok())) {
            let msg = match event {
                Event::Input(e, at) => input_msg(&state, &mut scanner, e, at, mouse),
                Event::Reply(reply) => Some(Msg::Reply(reply)),
                Event::Tick => Some(Msg::Tick(clock.now())),
            };
            if let Some(msg) = msg {
                effects.extend(update(&mut state, msg));
            }
            if state.quit {
                break;
            }
        }
        if let Some(note) = &notice {
            keep_in_front(&mut state, note);
        }
        // The whole burst goes to the worker at once; it coalesces it.
        if !effects.is_empty() {
            let _ = effects_tx.send(effects);
        }
        if let Some(sig) = signals.received() {
            exit = ExitCode::from(128 + sig);
            break;
        }
        if state.quit {
            break;
        }
        if state.dirty {
            guard.terminal.draw(|f| view::draw(f, &state))?;
            state.dirty = false;
        }
    }
    stop_input.store(true, Ordering::SeqCst);
    drop(effects_tx);
    drop(guard);
    let _ = worker.join();
    Ok(exit)
}

/// Puts `note` in front of the status line; an error is left as it is.
fn keep_in_front(state: &mut State, note: &str) {
    let text = match &state.status {
        Some(m) if m.error || m.text.starts_with(note) => return,
        Some(m) => format!("{note} {}", m.text),
        None => note.to_string(),
    };
    update::info(state, text);
    state.dirty = true;
}

/// Reads terminal events until told to stop, ticking when idle.
fn spawn_input(tx: Sender<Event>, stop: Arc<AtomicBool>) -> std::io::Result<()> {
    thread::Builder::new().name("input".into()).spawn(move || {
        while !stop.load(Ordering::SeqCst) {
            let event = match ct::poll(TICK) {
                Ok(true) => match ct::read() {
                    Ok(e) => Event::Input(e, Instant::now()),
                    Err(_) => break,
                },
                Ok(false) => Event::Tick,
                Err(_) => break,
            };
            if tx.send(event).is_err() {
                break;
            }
        }
    })?;
    Ok(())
}

/// The message for a terminal event: scanner bursts first, then the keymap;
/// a resize; the mouse wheel (when enabled) moves the selection.
pub(crate) fn input_msg(
    state: &State,
    scanner: &mut Scanner,
    event: ct::Event,
    at: Instant,
    mouse: bool,
) -> Option<Msg> {
    let action = match event {
        ct::Event::Key(k) if k.kind == KeyEventKind::Press => {
            let key = Key::from_event(&k);
            // A scan on the receipt starts the next customer's cart; in the return window it is the sale's id.
            let scanning = matches!(
                state.overlay,
                None | Some(state::Overlay::Receipt { .. } | state::Overlay::Return(_))
            );
            match scanning.then(|| scanner.feed(key, at)).flatten() {
                Some(code) => Action::Scan(code),
                None => key_action(state, key)?,
            }
        }
        ct::Event::Resize(w, h) => return Some(Msg::Resize(w, h)),
        ct::Event::Mouse(m) if mouse => match m.kind {
            MouseEventKind::ScrollUp => Action::Up,
            MouseEventKind::ScrollDown => Action::Down,
            _ => return None,
        },
        _ => return None,
    };
    Some(Msg::Key(action))
}
