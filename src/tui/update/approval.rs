//! A manager's id and PIN typed into a window — the dashboard's all-staff
//! view, a refund at the till: one form, one way of asking. Enter moves from
//! the id to the PIN (so does Tab; Shift-Tab goes back), then asks the worker (`Effect::Approve`); the answer
//! comes back as `Reply::Approved` or `Reply::ApprovalRefused`.

use super::{edit_field, id_pin_tab};
use crate::tui::action::Action;
use crate::tui::dashboard::panel::ManagerForm;
use crate::tui::effect::Effect;

/// A key in the form: typing edits the id or the PIN, Enter moves on or
/// asks. Returns the key when the form has no use for it (Esc, …), for the
/// window to act on.
pub(super) fn key(form: &mut ManagerForm, action: Action, fx: &mut Vec<Effect>) -> Option<Action> {
    if form.waiting {
        return None;
    }
    let field = if form.on_pin { &mut form.pin } else { &mut form.id };
    if edit_field(field, &action) {
        form.error = None;
        return None;
    }
    if id_pin_tab(&mut form.on_pin, &form.id, &action) {
        return None;
    }
    match action {
        Action::Add if !form.on_pin && !form.id.trim().is_empty() => form.on_pin = true,
        Action::Add if form.on_pin && !form.pin.is_empty() => {
            fx.push(Effect::Approve { manager_id: form.id.trim().to_string(), pin: form.pin.clone() });
            form.waiting = true;
        }
        Action::Add => {}
        other => return Some(other),
    }
    None
}

/// The approval was refused: said in the form, the PIN cleared for another try.
pub(super) fn refused(form: &mut ManagerForm, message: String) {
    form.waiting = false;
    form.pin.clear();
    form.error = Some(message);
}
