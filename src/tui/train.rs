//! `counterpart train SCENARIO`: the selling screen in training. The catalog,
//! links, bundles and mined rules are the live ones; the customer is
//! simulated; the worker has no till, so no sale, cart, stock change or
//! suggestion event is ever written — only the score, at the end.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{anyhow, bail};

use super::effect::Effect;
use super::keymap::KeyMap;
use super::scanner::Scanner;
use super::state::{Settings, State, Training};
use super::worker::Worker;
use crate::app::Context;
use crate::training::customer::Session;
use crate::training::scenario::{self, Scenario};

/// Opens the selling screen in training with a scenario (built in by id, or
/// from a file) for `trainee`.
pub fn run(
    ctx: &Context,
    scenario: Option<&str>,
    file: Option<&Path>,
    trainee: &str,
) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    let store = ctx.open_or_create_demo()?;
    let scenario = find(ctx, &store, scenario, file)?;
    if !std::io::stdout().is_terminal() {
        bail!("training needs a terminal; `counterpart train --report` and `--list` work without one");
    }
    let keymap = KeyMap::from_config(&ctx.config)?;
    let scanner = Scanner::from_config(&ctx.config.scanner, &ctx.config.file_name())?;
    let theme = super::view::theme::effective(ctx.config.ui.theme, std::env::var_os("NO_COLOR").as_deref());
    let seed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(7, |d| d.as_nanos() as u64);
    let state =
        training_state(Settings::new(Arc::clone(&ctx.config.shop), theme), keymap, scenario, trainee, seed);
    let worker = Worker::new(store, ctx.config.suggestions.clone(), Arc::clone(&ctx.config.shop));
    super::event_loop(ctx, state, worker, scanner, None, vec![Effect::LoadCatalog])
}

/// The scenario asked for, checked against the live catalog.
fn find(
    ctx: &Context,
    store: &crate::store::Store,
    id: Option<&str>,
    file: Option<&Path>,
) -> anyhow::Result<Scenario> {
    let catalog = store.load_catalog()?;
    let currency = &ctx.config.shop.currency;
    Ok(match (id, file) {
        (_, Some(path)) => scenario::load_file(path, &catalog, currency)?,
        (Some(id), None) => scenario::builtin(&catalog, currency)?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| anyhow!("no scenario `{id}`: `counterpart train --list` lists them"))?,
        (None, None) => bail!("name a scenario (`counterpart train --list` lists them) or give --file PATH"),
    })
}

/// The selling screen's state for a training session: the customer's
/// opening line said, their budget set on the cart, nobody to sign in.
pub(crate) fn training_state(
    mut settings: Settings,
    keymap: KeyMap,
    scenario: Scenario,
    trainee: &str,
    seed: u64,
) -> State {
    settings.terminal = "TRAINING".into();
    settings.staff = trainee.to_string();
    settings.staff_id = Some(trainee.to_string());
    let mut state = State::new(settings, keymap, "training");
    let customer = Session::new(Arc::new(scenario), seed);
    state.session.cart.budget = Some(customer.budget());
    let mut training = Training {
        customer,
        trainee: trainee.to_string(),
        said: Vec::new(),
        offer: None,
        scorecard: None,
        save_error: None,
    };
    let opening = training.customer.opening().to_string();
    training.says(opening.clone());
    super::update::info(
        &mut state,
        format!("TRAINING — {}: “{opening}” Sell as usual; F12 closes the sale.", training.name()),
    );
    state.training = Some(Box::new(training));
    state
}
