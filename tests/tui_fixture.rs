//! Shared fixture for the selling-screen tests (included with `#[path]`): the
//! small shop of tests/data/shop.toml, a state with a fixed clock and cart id,
//! and a synchronous worker.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use counterpart::catalog::Catalog;
use counterpart::config::{Config, Theme};
use counterpart::money::Currency;
use counterpart::store::Store;
use counterpart::tui::action::Action;
use counterpart::tui::keymap::KeyMap;
use counterpart::tui::state::{Settings, State};
use counterpart::tui::view::Screen;
use counterpart::tui::worker::{Worker, settle};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The shop catalog, loaded through a temp store like the real screen loads it.
pub fn shop_catalog() -> Arc<Catalog> {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/shop.toml");
    let bytes = std::fs::read(&path).unwrap();
    let doc = counterpart::catalog::toml_format::read("shop.toml", &bytes, &Currency::usd()).unwrap();
    store.import("shop.toml", &doc, false).unwrap();
    Arc::new(store.load_catalog().unwrap())
}

pub fn state_with(keymap: KeyMap) -> State {
    let config = Config::defaults();
    let settings = Settings::new(Arc::clone(&config.shop), Theme::Default);
    let mut state = State::new(settings, keymap, "T1-test");
    state.clock = "12:00".into();
    state
}

/// A state over `catalog` (loaded) with a synchronous worker, at `w`×`h`.
pub fn loaded(catalog: Arc<Catalog>, w: u16, h: u16) -> (State, Worker) {
    let config = Config::defaults();
    let mut worker =
        Worker::with_catalog(Arc::clone(&catalog), config.suggestions.clone(), Arc::clone(&config.shop));
    let mut state = state_with(KeyMap::defaults());
    settle(&mut state, &mut worker, Action::Resize(w, h));
    settle(&mut state, &mut worker, Action::CatalogLoaded(catalog));
    state.status = None;
    (state, worker)
}

/// The shop, loaded, at 140×42.
pub fn shop() -> (State, Worker) {
    loaded(shop_catalog(), 140, 42)
}

/// Runs actions through update and the worker.
pub fn act(state: &mut State, worker: &mut Worker, actions: impl IntoIterator<Item = Action>) {
    for a in actions {
        settle(state, worker, a);
    }
}

/// Types text into the entry line.
pub fn type_text(state: &mut State, worker: &mut Worker, text: &str) {
    act(state, worker, text.chars().map(Action::Type));
}

/// The screen at `w`×`h` as a buffer.
pub fn render(state: &State, w: u16, h: u16) -> Buffer {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    (&Screen { state }).render(area, &mut buf);
    buf
}

/// The screen drawn through a TestBackend terminal (as the real loop draws it), as text.
pub fn draw_text(state: &State, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| counterpart::tui::view::draw(f, state)).unwrap();
    text_of(terminal.backend().buffer())
}

/// A buffer as plain text, one line per row, wide characters once.
pub fn text_of(buf: &Buffer) -> String {
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
