//! The till's shift on the selling screen (F9): with no shift open, type
//! the float and Enter opens one for whoever is signed in; with one open,
//! its X-report shows (nothing is closed), and the cash counted and Enter
//! closes it, showing the Z-report. The worker reads and writes the shift.

use super::{edit_field, info};
use crate::reports::shift::Shift;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{Overlay, ShiftForm, State};

/// F9: the shift window, reading the till's shift.
pub(super) fn open(state: &mut State, fx: &mut Vec<Effect>) {
    state.overlay = Some(Overlay::Shift(ShiftForm { loading: true, ..ShiftForm::default() }));
    fx.push(Effect::ShiftStatus);
}

/// Keys in the shift window: digits type the float or the cash counted,
/// Enter opens or closes the shift, the arrows scroll the report, Esc leaves.
pub(super) fn key(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Shift(form)) = state.overlay.as_mut() else { return };
    if form.closed {
        // The Z-report: any key that closes a window closes it.
        match action {
            Action::Up => form.scroll = form.scroll.saturating_sub(1),
            Action::Down => form.scroll += 1,
            Action::Add | Action::Cancel | Action::Shift | Action::Quit => state.overlay = None,
            _ => {}
        }
        return;
    }
    if form.waiting || form.loading {
        if matches!(action, Action::Cancel | Action::Shift | Action::Quit) {
            state.overlay = None;
        }
        return;
    }
    match action {
        Action::Type(c) if c.is_ascii_digit() || matches!(c, '.' | ',') => {
            edit_field(&mut form.input, &action);
            form.error = None;
        }
        Action::Backspace => {
            edit_field(&mut form.input, &action);
            form.error = None;
        }
        Action::Up => form.scroll = form.scroll.saturating_sub(1),
        Action::Down => form.scroll += 1,
        Action::PageUp => form.scroll = form.scroll.saturating_sub(10),
        Action::PageDown => form.scroll += 10,
        Action::Add => confirm(state, fx),
        Action::Cancel | Action::Shift | Action::Quit => state.overlay = None,
        _ => {}
    }
}

/// Enter: opens the shift with the float typed, or closes it with the cash counted.
fn confirm(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(Overlay::Shift(form)) = state.overlay.as_mut() else { return };
    let open = state.session.shift.is_some();
    let what = if open { "the cash counted" } else { "the float" };
    let amount = match form.input.trim() {
        "" if open => Err("Type the cash counted in the drawer, then Enter closes the shift.".to_string()),
        "" => Err("Type the float put in the drawer (0 for none), then Enter opens the shift.".to_string()),
        t => state.settings.currency.parse(t).map_err(|e| format!("{what}: {e}")),
    };
    let amount = match amount {
        Ok(m) => m,
        Err(e) => {
            form.error = Some(e);
            return;
        }
    };
    let Some(staff_id) = state.settings.staff_id.clone() else {
        form.error = Some("Nobody is signed in: sign in first.".into());
        return;
    };
    form.waiting = true;
    form.error = None;
    fx.push(if open {
        Effect::CloseShift { staff_id: Some(staff_id), counted: amount }
    } else {
        Effect::OpenShift { staff_id: Some(staff_id), float: amount }
    });
}

/// The till's shift as read now, with its X-report.
pub(super) fn status(state: &mut State, status: Option<(Shift, String)>) {
    let (shift, report) = status.map_or((None, None), |(s, r)| (Some(s), Some(r)));
    state.session.shift = shift;
    if let Some(Overlay::Shift(form)) = state.overlay.as_mut() {
        form.loading = false;
        form.report = report;
    }
}

pub(super) fn opened(state: &mut State, shift: Shift) {
    let float = state.settings.currency.display(shift.float);
    state.session.shift = Some(shift);
    state.overlay = None;
    info(state, format!("Shift opened with a float of {float}. F9 shows its X-report and closes it."));
}

pub(super) fn closed(state: &mut State, z_report: String) {
    state.session.shift = None;
    state.overlay =
        Some(Overlay::Shift(ShiftForm { report: Some(z_report), closed: true, ..ShiftForm::default() }));
    info(state, "Shift closed: its Z-report is recorded.");
}

pub(super) fn failed(state: &mut State, message: String) {
    match state.overlay.as_mut() {
        Some(Overlay::Shift(form)) => {
            form.loading = false;
            form.waiting = false;
            form.error = Some(message);
        }
        _ => super::error(state, message),
    }
}
