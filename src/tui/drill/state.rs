//! The drill screen's state, its keys and actions, and the one `update`
//! that changes it. No I/O: the loop in `mod.rs` reads keys and draws.

use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::widgets::TableState;

use crate::training::drill::{Drill, DrillDetails, PICKS, Round, RoundResult};
use crate::tui::keymap::Key;
use crate::tui::view::theme::Styles;

/// One item a trainee can offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What is scored: the SKU for the sales history, the label for a file.
    pub label: String,
    /// What people read: the product's name (or the label).
    pub name: String,
    /// Shown beside the name and searched too: the SKU (empty for a file).
    pub detail: String,
}

/// What the screen is given: the drill, its rounds and what can be offered.
#[derive(Debug, Clone)]
pub struct DrillSetup {
    pub drill: Drill,
    pub rounds: Vec<Round>,
    pub choices: Vec<Choice>,
    /// What the baskets are: "sales history", a file's name.
    pub source: String,
    pub trainee: String,
}

/// Where the drill is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Choosing up to three items for the round.
    Picking,
    /// The round's answer.
    Reveal(RoundResult),
    /// The drill is over: the score.
    Summary,
}

/// What a key does on the drill screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// A character typed into the search line.
    Type(char),
    /// Erase the last character of the search; on an empty search, drop the last pick.
    Erase,
    /// Highlight the item above.
    Up,
    /// Highlight the item below.
    Down,
    /// Pick the highlighted item.
    Pick,
    /// Offer the picks: the round is scored.
    Offer,
    /// Go on: the next round, or the summary after the last.
    Next,
    /// Clear the search; on an empty search, end the drill here.
    Back,
    /// Leave the drill screen.
    Quit,
}

const fn plain(code: KeyCode) -> Key {
    Key::plain(code)
}
const CTRL_C: Key = Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL);

const PICKING_KEYS: &[(Key, Action, &str)] = &[
    (plain(KeyCode::Enter), Action::Pick, "pick"),
    (plain(KeyCode::Tab), Action::Offer, "offer"),
    (plain(KeyCode::Backspace), Action::Erase, "erase"),
    (plain(KeyCode::Up), Action::Up, "up"),
    (plain(KeyCode::Down), Action::Down, "down"),
    (plain(KeyCode::Esc), Action::Back, "clear/end"),
    (CTRL_C, Action::Quit, "quit"),
];
const REVEAL_KEYS: &[(Key, Action, &str)] = &[
    (plain(KeyCode::Enter), Action::Next, "next"),
    (plain(KeyCode::Char(' ')), Action::Next, "next"),
    (plain(KeyCode::Esc), Action::Back, "end"),
    (CTRL_C, Action::Quit, "quit"),
];
const SUMMARY_KEYS: &[(Key, Action, &str)] = &[
    (plain(KeyCode::Enter), Action::Quit, "done"),
    (plain(KeyCode::Esc), Action::Quit, "done"),
    (plain(KeyCode::Char('q')), Action::Quit, "done"),
    (CTRL_C, Action::Quit, "quit"),
];

/// The keys of each phase, with what they do (the footer shows them).
pub(crate) fn bindings(phase: &Phase) -> &'static [(Key, Action, &'static str)] {
    match phase {
        Phase::Picking => PICKING_KEYS,
        Phase::Reveal(_) => REVEAL_KEYS,
        Phase::Summary => SUMMARY_KEYS,
    }
}

/// The action for a key in this phase; a character typed while picking searches.
pub(crate) fn key_action(phase: &Phase, key: Key) -> Option<Action> {
    if let Some((_, action, _)) = bindings(phase).iter().find(|(k, _, _)| *k == key) {
        return Some(*action);
    }
    match (phase, key.printable()) {
        (Phase::Picking, Some(c)) => Some(Action::Type(c)),
        _ => None,
    }
}

/// Everything the drill screen shows.
pub(crate) struct State {
    pub setup: DrillSetup,
    /// Choice index by label, for names.
    by_label: HashMap<String, usize>,
    /// Each choice's name and detail, lowercased, for the search.
    haystacks: Vec<String>,
    /// The round being played (0-based).
    pub round: usize,
    pub phase: Phase,
    pub query: String,
    /// Choices matching the search (indices), minus the basket and the picks.
    pub matches: Vec<usize>,
    pub table: TableState,
    /// Labels picked this round.
    pub picks: Vec<String>,
    pub results: Vec<RoundResult>,
    /// A one-line hint ("Pick at least one item").
    pub note: Option<String>,
    pub styles: Styles,
    pub quit: bool,
    pub dirty: bool,
}

impl State {
    pub fn new(mut setup: DrillSetup, styles: Styles) -> State {
        // The list reads alphabetically, whatever order the items came in.
        setup.choices.sort_by_cached_key(|c| (c.name.to_lowercase(), c.label.clone()));
        let by_label = setup.choices.iter().enumerate().map(|(i, c)| (c.label.clone(), i)).collect();
        let haystacks =
            setup.choices.iter().map(|c| format!("{} {}", c.name, c.detail).to_lowercase()).collect();
        let phase = if setup.rounds.is_empty() { Phase::Summary } else { Phase::Picking };
        let mut state = State {
            setup,
            by_label,
            haystacks,
            round: 0,
            phase,
            query: String::new(),
            matches: Vec::new(),
            table: TableState::default(),
            picks: Vec::new(),
            results: Vec::new(),
            note: None,
            styles,
            quit: false,
            dirty: true,
        };
        state.refilter();
        state
    }

    /// The round being played, if any is left.
    pub fn current(&self) -> Option<&Round> {
        self.setup.rounds.get(self.round)
    }

    /// What people call an item: its choice's name, else the label itself.
    pub fn name<'a>(&'a self, label: &'a str) -> &'a str {
        self.by_label.get(label).map_or(label, |&i| self.setup.choices[i].name.as_str())
    }

    pub fn hits(&self) -> usize {
        self.results.iter().filter(|r| r.hit).count()
    }

    /// Rounds the assistant's own picks would have hit, of those played.
    pub fn engine_hits(&self) -> usize {
        self.setup
            .rounds
            .iter()
            .zip(&self.results)
            .filter(|(round, _)| self.setup.drill.score(round, &round.engine).hit)
            .count()
    }

    /// The rounds played, for the training record.
    pub fn details(&self) -> DrillDetails {
        DrillDetails { rounds: self.results.clone() }
    }

    /// Recomputes the matches for the search, keeping the highlight in range.
    fn refilter(&mut self) {
        let words: Vec<String> = self.query.split_whitespace().map(str::to_lowercase).collect();
        let visible = self.setup.rounds.get(self.round).map(|r| r.visible.as_slice()).unwrap_or_default();
        self.matches = (0..self.setup.choices.len())
            .filter(|&i| {
                let label = &self.setup.choices[i].label;
                words.iter().all(|w| self.haystacks[i].contains(w.as_str()))
                    && !visible.contains(label)
                    && !self.picks.contains(label)
            })
            .collect();
        let selected = self.table.selected().unwrap_or(0).min(self.matches.len().saturating_sub(1));
        self.table.select((!self.matches.is_empty()).then_some(selected));
    }

    fn start_round(&mut self, round: usize) {
        self.round = round;
        self.query.clear();
        self.picks.clear();
        self.table.select(Some(0));
        if self.current().is_some() {
            self.phase = Phase::Picking;
            self.refilter();
        } else {
            self.phase = Phase::Summary;
        }
    }
}

/// The one place the drill screen's state changes.
pub(crate) fn update(state: &mut State, action: Action) {
    state.dirty = true;
    state.note = None;
    match (&state.phase, action) {
        (_, Action::Quit) => state.quit = true,
        (Phase::Picking, Action::Type(c)) => {
            state.query.push(c);
            state.table.select(Some(0));
            state.refilter();
        }
        (Phase::Picking, Action::Erase) => {
            if state.query.pop().is_none() {
                state.picks.pop();
            }
            state.refilter();
        }
        (Phase::Picking, Action::Up) => {
            let at = state.table.selected().unwrap_or(0);
            state.table.select((!state.matches.is_empty()).then(|| at.saturating_sub(1)));
        }
        (Phase::Picking, Action::Down) => {
            let at = state.table.selected().map_or(0, |s| s + 1);
            state.table.select((!state.matches.is_empty()).then(|| at.min(state.matches.len() - 1)));
        }
        (Phase::Picking, Action::Pick) => pick(state),
        (Phase::Picking, Action::Offer) => offer(state),
        (Phase::Picking, Action::Back) if !state.query.is_empty() => {
            state.query.clear();
            state.refilter();
        }
        (Phase::Picking | Phase::Reveal(_), Action::Back) => state.phase = Phase::Summary,
        (Phase::Reveal(_), Action::Next) => state.start_round(state.round + 1),
        _ => state.dirty = false,
    }
}

fn pick(state: &mut State) {
    if state.picks.len() >= PICKS {
        state.note = Some(format!("{PICKS} picks already: Tab offers them, Backspace drops the last"));
        return;
    }
    let Some(&i) = state.table.selected().and_then(|s| state.matches.get(s)) else {
        state.note = Some("Nothing matches the search".into());
        return;
    };
    state.picks.push(state.setup.choices[i].label.clone());
    state.query.clear();
    state.refilter();
}

fn offer(state: &mut State) {
    let Some(round) = state.current() else {
        state.phase = Phase::Summary;
        return;
    };
    if state.picks.is_empty() {
        state.note = Some("Pick at least one item first (Enter)".into());
        return;
    }
    let result = state.setup.drill.score(round, &state.picks);
    state.results.push(result.clone());
    state.phase = Phase::Reveal(result);
}
