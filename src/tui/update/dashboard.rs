//! The sales dashboard over the selling screen. A salesperson sees their
//! own figures (the signed-in staff id); everyone's only after a manager
//! types their id and PIN, checked by the same approval the discounts use
//! ([`Effect::Approve`], answered [`Reply::Approved`](crate::tui::msg::Reply)).
//! The figures are worked out off the worker's thread and come back as a
//! reply carrying the request's generation; the till keeps answering meanwhile.
//!
//! Keys: `a` all staff (a manager's id and PIN) or back to your own, `s`
//! simulated sales in or out, `r` again, Tab the other page on a small
//! terminal, Esc (or the dashboard key) closes.

use std::sync::Arc;

use super::{error, info};
use crate::reports::dashboard::Dashboard;
use crate::tui::action::Action;
use crate::tui::dashboard::panel::{ManagerForm, Scope};
use crate::tui::effect::Effect;
use crate::tui::state::{Overlay, State};

/// The dashboard key: opens on the signed-in salesperson's own figures.
pub fn open(state: &mut State, fx: &mut Vec<Effect>) {
    if state.training.is_some() {
        info(state, "The dashboard is off in training.");
        return;
    }
    let Some(id) = state.settings.staff_id.clone() else {
        error(state, "Sign in to see your figures.");
        return;
    };
    let (gen_id, query) = state.dashboard.open(Scope::Own(id), false);
    fx.push(Effect::LoadDashboard { gen_id, query });
    state.overlay = Some(Overlay::Dashboard);
}

fn close(state: &mut State, fx: &mut Vec<Effect>) {
    state.dashboard.close();
    state.overlay = None;
    // The figures still being worked out are nobody's any more.
    fx.push(Effect::StopDashboard);
}

fn reload(state: &mut State, fx: &mut Vec<Effect>) {
    let (gen_id, query) = state.dashboard.request();
    fx.push(Effect::LoadDashboard { gen_id, query });
}

/// A key while the dashboard is open.
pub fn key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    if state.dashboard.manager.is_some() {
        return manager_key(state, action, fx);
    }
    match action {
        Action::Cancel | Action::Dashboard => close(state, fx),
        Action::Quit => {
            close(state, fx);
            super::quit(state);
        }
        Action::NextPane | Action::PrevPane => state.dashboard.flip_page(),
        Action::Type('a' | 'A') => match &state.dashboard.scope {
            Scope::Own(_) => state.dashboard.manager = Some(ManagerForm::default()),
            Scope::All { .. } => {
                if let Some(id) = state.settings.staff_id.clone() {
                    state.dashboard.scope = Scope::Own(id);
                    reload(state, fx);
                }
            }
        },
        Action::Type('s' | 'S') => {
            state.dashboard.include_simulated = !state.dashboard.include_simulated;
            reload(state, fx);
        }
        Action::Type('r' | 'R') => reload(state, fx),
        _ => {}
    }
}

/// Typing the manager's id, then their PIN; Enter moves on, then asks for the approval.
fn manager_key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(form) = state.dashboard.manager.as_mut() else { return };
    match super::approval::key(form, action, fx) {
        Some(Action::Cancel | Action::Dashboard) => state.dashboard.manager = None,
        Some(Action::Quit) => {
            close(state, fx);
            super::quit(state);
        }
        _ => {}
    }
}

/// A manager approved: everyone's figures.
pub fn approved(state: &mut State, manager_id: String, fx: &mut Vec<Effect>) {
    if state.dashboard.manager.take().is_none() {
        return;
    }
    state.dashboard.scope = Scope::All { approved_by: Some(manager_id) };
    reload(state, fx);
}

/// The approval was refused: said in the form, the PIN cleared.
pub fn refused(state: &mut State, message: String) {
    if let Some(form) = state.dashboard.manager.as_mut() {
        super::approval::refused(form, message);
    }
}

/// The figures came (or could not be worked out); `false` when stale.
pub fn answered(state: &mut State, gen_id: u64, result: Result<Arc<Dashboard>, String>) -> bool {
    matches!(state.overlay, Some(Overlay::Dashboard)) && state.dashboard.answer(gen_id, result)
}
