//! `counterpart browse`: the selling screen for the shop floor and for
//! merchandisers, without a till. The database is opened on a read-only
//! connection (a read-only file will do) and the worker has no till, so
//! nothing is ever written: no cart, no sale, no suggestion event. Search,
//! the category browser, details, both suggestion lists for the product in
//! focus and compare work; nobody signs in.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;

use super::effect::Effect;
use super::keymap::KeyMap;
use super::scanner::Scanner;
use super::state::{Settings, State};
use super::worker::Worker;
use crate::app::Context;
use crate::store::Store;

/// Opens the selling screen in browse mode on the configured (or `--db`) database.
pub fn run(ctx: &Context) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    ctx.check_folder()?;
    let store = Store::open_read_only(&ctx.db_path)?;
    if !std::io::stdout().is_terminal() {
        bail!("browsing needs a terminal; `counterpart suggest` and `export` work without one");
    }
    let keymap = KeyMap::from_config(&ctx.config)?;
    let scanner = Scanner::from_config(&ctx.config.scanner, &ctx.config.file_name())?;
    let theme = super::view::theme::effective(ctx.config.ui.theme, std::env::var_os("NO_COLOR").as_deref());
    let state = browse_state(Settings::new(Arc::clone(&ctx.config.shop), theme), keymap);
    let worker = Worker::new(store, ctx.config.suggestions.clone(), Arc::clone(&ctx.config.shop));
    super::event_loop(ctx, state, worker, scanner, None, vec![Effect::LoadCatalog])
}

/// The selling screen's state for browsing: no till, nobody signed in.
pub(crate) fn browse_state(mut settings: Settings, keymap: KeyMap) -> State {
    settings.terminal = "BROWSE".into();
    settings.staff_id = None;
    let mut state = State::new(settings, keymap, "browse");
    state.browse_only = true;
    super::update::info(&mut state, "Browse — read-only: search, details, suggestions and compare.");
    state
}
