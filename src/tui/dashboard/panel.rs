//! What a dashboard screen holds: whose figures, whether simulated sales
//! count, the newest request's generation and what came back, the page shown
//! on a small terminal, and the manager's id and PIN being typed. Plain data
//! changed by the screens' `update`s; no I/O.

use std::sync::Arc;

use crate::reports::dashboard::{Dashboard, Query};

/// Whose figures the dashboard shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The signed-in salesperson's own (their staff id).
    Own(String),
    /// Everyone's: after a manager's approval on the selling screen (`approved_by`),
    /// or in `counterpart report --tui` (`None`), which reads the database directly.
    All { approved_by: Option<String> },
}

/// Where the figures are.
#[derive(Debug, Clone, Default)]
pub enum Load {
    /// Nothing asked for (the dashboard is closed).
    #[default]
    Idle,
    /// Asked for; the answer is on its way.
    Loading,
    Ready(Arc<Dashboard>),
    /// Why it could not be worked out.
    Failed(String),
}

/// On a small terminal the dashboard shows one page at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    /// Today against the 4 weeks, sales per hour, AOV and attach rate by day.
    #[default]
    Figures,
    /// Acceptance by source and the missed add-ons.
    Suggestions,
}

/// A manager's id and PIN, typed to see all staff's figures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ManagerForm {
    pub id: String,
    pub pin: String,
    /// Typing the PIN (after the id).
    pub on_pin: bool,
    /// The approval is on its way.
    pub waiting: bool,
    pub error: Option<String>,
}

/// The dashboard as a screen shows it.
#[derive(Debug, Clone)]
pub struct Panel {
    pub scope: Scope,
    pub include_simulated: bool,
    pub load: Load,
    /// The newest request's generation; older answers are dropped. It keeps
    /// counting across openings, so an answer to an earlier opening is stale too.
    pub gen_id: u64,
    pub page: Page,
    /// Open while a manager types their id and PIN.
    pub manager: Option<ManagerForm>,
}

impl Default for Panel {
    fn default() -> Panel {
        Panel {
            scope: Scope::All { approved_by: None },
            include_simulated: false,
            load: Load::Idle,
            gen_id: 0,
            page: Page::Figures,
            manager: None,
        }
    }
}

impl Panel {
    /// Opens on `scope` (first page, no form); returns the request for its figures.
    pub fn open(&mut self, scope: Scope, include_simulated: bool) -> (u64, Query) {
        self.scope = scope;
        self.include_simulated = include_simulated;
        self.page = Page::Figures;
        self.manager = None;
        self.request()
    }

    /// Closed: the figures are let go; the generation keeps counting.
    pub fn close(&mut self) {
        self.load = Load::Idle;
        self.manager = None;
    }

    /// Asks again for the current scope: a new generation, "Loading…" meanwhile.
    pub fn request(&mut self) -> (u64, Query) {
        self.gen_id += 1;
        self.load = Load::Loading;
        (self.gen_id, self.query())
    }

    /// What the current scope asks for.
    pub fn query(&self) -> Query {
        let staff = match &self.scope {
            Scope::Own(id) => Some(id.clone()),
            Scope::All { .. } => None,
        };
        Query { staff, include_simulated: self.include_simulated }
    }

    /// Takes an answer; `false` when it answers an older request (or the
    /// dashboard is closed) and changed nothing.
    pub fn answer(&mut self, gen_id: u64, result: Result<Arc<Dashboard>, String>) -> bool {
        if gen_id != self.gen_id || matches!(self.load, Load::Idle) {
            return false;
        }
        self.load = match result {
            Ok(d) => Load::Ready(d),
            Err(e) => Load::Failed(e),
        };
        true
    }

    /// The other page.
    pub fn flip_page(&mut self) {
        self.page = match self.page {
            Page::Figures => Page::Suggestions,
            Page::Suggestions => Page::Figures,
        };
    }

    /// The figures on screen, once they came.
    pub fn dashboard(&self) -> Option<&Dashboard> {
        match &self.load {
            Load::Ready(d) => Some(d),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::dashboard::build;
    use crate::reports::days::Now;

    fn empty() -> Arc<Dashboard> {
        let d = build(Vec::new(), Vec::new(), &[], &Query::default(), Now::at("2026-11-26", 9), &|| false);
        Arc::new(d.unwrap())
    }

    #[test]
    fn only_the_newest_request_of_an_open_dashboard_is_shown() {
        let mut p = Panel::default();
        let (first, q) = p.open(Scope::Own("ann".into()), false);
        assert_eq!(q, Query { staff: Some("ann".into()), include_simulated: false });
        let (second, _) = p.request();
        assert!(!p.answer(first, Ok(empty())), "an older request's answer is dropped");
        assert!(matches!(p.load, Load::Loading));
        assert!(p.answer(second, Err("busy".into())));
        assert!(matches!(&p.load, Load::Failed(e) if e == "busy"));
        p.close();
        assert!(!p.answer(second, Ok(empty())), "a closed dashboard takes nothing");
        let (third, q) = p.open(Scope::All { approved_by: Some("boss".into()) }, true);
        assert!(third > second);
        assert_eq!(q, Query { staff: None, include_simulated: true });
        assert!(p.answer(third, Ok(empty())) && p.dashboard().is_some());
    }
}
