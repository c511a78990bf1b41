//! The selling screen's tests, beside its code: `update` for every key and
//! reply (`update.rs`), keys to actions (`keys.rs`), drawing (`render.rs`,
//! insta snapshots in `snapshots/`), the till on a real database
//! (`till.rs`), the customer at the till (`customer.rs`), filters typed with
//! the search and variants told apart (`facets.rs`), and a model-based test of the till through the real keymap,
//! `update`, worker and store (`model/`).
//!
//! The fixture below is the one way these tests build a screen: the small
//! shop of `tests/data/shop.toml`, a fixed clock and cart id, and a
//! synchronous worker ([`settle`]) — over the catalog in memory ([`shop`],
//! [`loaded`]) or over a temp database as `run()` starts it ([`shop_db`],
//! [`start`]).

mod browse_mode;
mod compare;
mod customer;
mod dashboard;
mod exchange;
mod facets;
mod keys;
mod last_chance;
mod model;
mod one_key;
mod render;
mod returns;
mod shift;
mod tender;
mod till;
mod training;
mod update;
mod yen;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::catalog::Catalog;
use crate::config::{Config, Theme};
use crate::money::Currency;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::KeyMap;
use crate::tui::msg::{Msg, Reply};
use crate::tui::state::{Settings, State};
use crate::tui::testing::settle;
use crate::tui::view::Screen;
use crate::tui::view::theme::effective;
use crate::tui::worker::{Till, Worker};

/// The shop's catalog file, read.
fn shop_doc() -> crate::catalog::doc::CatalogDoc {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/shop.toml")).unwrap();
    crate::catalog::toml_format::read("shop.toml", &bytes, &Currency::usd()).unwrap()
}

/// The shop catalog, built in memory (the catalog the store would load).
pub(super) fn shop_catalog() -> Arc<Catalog> {
    Arc::new(Catalog::from_doc(&shop_doc()))
}

/// A database holding the shop and the default seller, in a temp dir.
pub(super) fn shop_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("till.db");
    let mut store = Store::open(&path).unwrap();
    store.import("shop.toml", &shop_doc(), false).unwrap();
    store.ensure_staff("demo", "Demo Seller").unwrap();
    (dir, path)
}

/// A state with the default settings, `keymap`, and the clock at 12:00 (no catalog yet).
pub(super) fn state_with(keymap: KeyMap) -> State {
    let config = Config::defaults();
    let settings = Settings::new(Arc::clone(&config.shop), Theme::Default);
    let mut state = State::new(settings, keymap, "T1-test");
    state.clock = "12:00".into();
    state
}

/// A state over `catalog` (loaded) with a synchronous worker, at `w`×`h`.
pub(super) fn loaded(catalog: Arc<Catalog>, w: u16, h: u16) -> (State, Worker) {
    let config = Config::defaults();
    let mut worker =
        Worker::with_catalog(Arc::clone(&catalog), config.suggestions.clone(), Arc::clone(&config.shop));
    let mut state = state_with(KeyMap::defaults());
    settle(&mut state, &mut worker, Msg::Resize(w, h));
    settle(&mut state, &mut worker, Reply::CatalogLoaded(catalog));
    state.status = None;
    (state, worker)
}

/// The shop, loaded, at 140×42.
pub(super) fn shop() -> (State, Worker) {
    loaded(shop_catalog(), 140, 42)
}

/// The screen started on `db` as `run()` starts it, at 140×42: sign-in
/// opened when configured, the catalog loaded, then the till resumed.
pub(super) fn start(db: &Path, config: &Config) -> (State, Worker) {
    let store = Store::open(db).unwrap();
    let mut worker = Worker::new(store, config.suggestions.clone(), Arc::clone(&config.shop))
        .with_till(Till::from_config(config));
    let settings = Settings::new(Arc::clone(&config.shop), effective(config.ui.theme, None));
    let mut state = State::new(settings, KeyMap::defaults(), "T1-cart-1");
    state.clock = "12:00".into();
    crate::tui::update::till::open_sign_in(&mut state);
    settle(&mut state, &mut worker, Msg::Resize(140, 42));
    for effect in [Effect::LoadCatalog, Effect::Resume] {
        if let Some(reply) = worker.handle(effect) {
            settle(&mut state, &mut worker, reply);
        }
    }
    (state, worker)
}

/// Runs key actions (or other messages) through update and the worker.
pub(super) fn act<M: Into<Msg>>(state: &mut State, worker: &mut Worker, msgs: impl IntoIterator<Item = M>) {
    for m in msgs {
        settle(state, worker, m);
    }
}

/// The actions that type `text`.
pub(super) fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Type).collect()
}

/// Types text into the entry line (or the open window).
pub(super) fn type_text(state: &mut State, worker: &mut Worker, text: &str) {
    act(state, worker, typed(text));
}

/// The status line's text.
pub(super) fn status(state: &State) -> String {
    state.status.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

/// The screen at `w`×`h` as a buffer.
pub(super) fn render(state: &State, w: u16, h: u16) -> Buffer {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    (&Screen { state }).render(area, &mut buf);
    buf
}

/// The screen drawn through a TestBackend terminal (as the real loop draws it), as text.
pub(super) fn draw_text(state: &State, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| crate::tui::view::draw(f, state)).unwrap();
    text_of(terminal.backend().buffer())
}

/// A buffer as plain text, one line per row, wide characters once.
pub(super) fn text_of(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
