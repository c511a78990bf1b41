//! The sales dashboard over the whole selling screen: whose figures it
//! shows and the keys that work in it; the drawing is the dashboard's own
//! (`tui/dashboard/view.rs`), shared with `counterpart report --tui`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::tui::dashboard::panel::Scope;
use crate::tui::dashboard::view::DashboardView;
use crate::tui::view::Ctx;

pub(super) fn render(ctx: Ctx<'_>, area: Rect, buf: &mut Buffer) {
    let s = ctx.state;
    let panel = &s.dashboard;
    let who = match &panel.scope {
        Scope::Own(id) if s.settings.staff_id.as_deref() == Some(id) => {
            format!("{}'s figures ({id})", s.settings.staff)
        }
        Scope::Own(id) => format!("{id}'s figures"),
        Scope::All { approved_by: Some(m) } => format!("all staff, approved by {m}"),
        Scope::All { approved_by: None } => "all staff".into(),
    };
    let key = |name: &str, fallback: &str| s.keymap.first_key(name).unwrap_or_else(|| fallback.into());
    let all = match panel.scope {
        Scope::Own(_) => "all staff (manager)",
        Scope::All { .. } => "your figures",
    };
    let simulated = if panel.include_simulated { "leave out simulated" } else { "count simulated" };
    let keys = if panel.manager.is_some() {
        vec![(key("add", "Enter"), "next".into()), (key("cancel", "Esc"), "back".into())]
    } else {
        vec![
            (key("cancel", "Esc"), "close".into()),
            ("a".into(), all.into()),
            ("s".into(), simulated.into()),
            ("r".into(), "again".into()),
            (key("next_pane", "Tab"), crate::tui::dashboard::view::OTHER_PAGE.into()),
        ]
    };
    let view = DashboardView {
        panel,
        styles: ctx.styles,
        currency: &s.settings.currency,
        shop: &s.settings.store_name,
        who,
        keys,
    };
    (&view).render(area, buf);
}
