//! Driving the selling screen without a terminal: the real keymap, `update`
//! and store worker, synchronously, with no threads.
//!
//! Besides [`run`](super::run), this is all of the `tui` module that is
//! public: benchmarks and tests outside the crate drive the screen through a
//! [`Driver`], key by key, and read what it shows. The screen's own tests are
//! unit tests in `src/tui/tests/`, which use [`settle`] on a `State` and a
//! `Worker` directly.

use std::collections::VecDeque;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;

use super::keymap::{Key, KeyMap};
use super::msg::{Msg, Reply};
use super::state::{Settings, State};
use super::update::{key_action, update};
use super::worker::Worker;
use crate::cart::Cart;
use crate::catalog::{Catalog, ProductIdx};
use crate::config::{Config, ConfigError};
use crate::suggest::Suggestions;

/// Runs a message and every request it causes through the worker, until
/// nothing is left to do: what the event loop and the worker thread do, in
/// one thread. Each `update`'s effects are one burst for the worker.
pub(crate) fn settle(state: &mut State, worker: &mut Worker, msg: impl Into<Msg>) {
    let mut queue = VecDeque::from([msg.into()]);
    while let Some(msg) = queue.pop_front() {
        let effects = update(state, msg);
        worker.answer(effects, |reply| {
            queue.push_back(Msg::Reply(reply));
            true
        });
    }
}

/// The selling screen over a catalog in memory, driven by key presses.
pub struct Driver {
    state: State,
    worker: Worker,
}

impl Driver {
    /// The screen over `catalog` with `config`'s keys, suggestion settings
    /// and theme, the catalog loaded, at `width`×`height`, the clock at 12:00.
    pub fn over_catalog(
        catalog: Arc<Catalog>,
        config: &Config,
        (width, height): (u16, u16),
    ) -> Result<Driver, ConfigError> {
        let keymap = KeyMap::from_config(config)?;
        let mut worker =
            Worker::with_catalog(Arc::clone(&catalog), config.suggestions.clone(), Arc::clone(&config.shop));
        let settings = Settings::new(Arc::clone(&config.shop), config.ui.theme);
        let mut state = State::new(settings, keymap, "T1-driver");
        settle(&mut state, &mut worker, Msg::Tick("12:00".into()));
        settle(&mut state, &mut worker, Msg::Resize(width, height));
        settle(&mut state, &mut worker, Reply::CatalogLoaded(catalog));
        Ok(Driver { state, worker })
    }

    /// Presses a key, named as in `[keys]` ("Enter", "Down", "F12",
    /// "Ctrl-c", "a"): the keymap decides what it does, as on the screen.
    ///
    /// # Panics
    ///
    /// When `key` is not a key name.
    pub fn press(&mut self, key: &str) {
        let key = Key::parse(key).unwrap_or_else(|| panic!("`{key}` is not a key name"));
        self.press_key(key);
    }

    /// Types `text` key by key.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press_key(Key::plain(KeyCode::Char(c)));
        }
    }

    fn press_key(&mut self, key: Key) {
        if let Some(action) = key_action(&self.state, key) {
            settle(&mut self.state, &mut self.worker, action);
        }
    }

    /// Draws the screen into a frame, as the event loop does.
    pub fn draw(&self, frame: &mut Frame<'_>) {
        super::view::draw(frame, &self.state);
    }

    /// The cart on screen.
    pub fn cart(&self) -> &Cart {
        &self.state.session.cart
    }

    /// The search results on screen, best first.
    pub fn results(&self) -> &[ProductIdx] {
        &self.state.search.results
    }

    /// The suggestion panes' lists.
    pub fn suggestions(&self) -> &Suggestions {
        &self.state.suggest.lists
    }
}
