//! The drill screen through its real keys, `update` and view, drawn on
//! ratatui's TestBackend.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::state::{Action, Choice, DrillSetup, Phase, State, key_action, update};
use super::view;
use crate::config::Theme;
use crate::training::drill::Drill;
use crate::tui::keymap::Key;
use crate::tui::tests::text_of;
use crate::tui::view::theme::Styles;

/// Line 4 is the one TEST basket: `M-1,B-1`, so two rounds (milk hidden,
/// bread hidden). SKUs are labels; the names are what people read.
const BASKETS: &[u8] = b"M-1,B-1\nM-1,U-1\nB-1,U-1\nM-1,B-1,E-1\nM-1,B-1\n";

fn setup() -> DrillSetup {
    let drill = Drill::from_text(BASKETS).unwrap();
    let mut rounds = drill.rounds(10, 1);
    rounds.sort_by(|a, b| a.hidden.cmp(&b.hidden));
    let choice =
        |label: &str, name: &str| Choice { label: label.into(), name: name.into(), detail: label.into() };
    DrillSetup {
        drill,
        rounds,
        choices: vec![
            choice("B-1", "Bread"),
            choice("E-1", "Eggs"),
            choice("M-1", "Milk"),
            choice("U-1", "Butter"),
            choice("X-9", "Never sold"),
        ],
        source: "sales history".into(),
        trainee: "ana".into(),
    }
}

fn state() -> State {
    State::new(setup(), Styles::of(Theme::Mono))
}

fn press(s: &mut State, code: KeyCode) {
    press_key(s, Key::plain(code));
}

fn press_key(s: &mut State, key: Key) {
    if let Some(a) = key_action(&s.phase, key) {
        update(s, a);
    }
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

fn screen(s: &State, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::draw(f, s)).unwrap();
    text_of(terminal.backend().buffer())
}

#[test]
fn a_drill_played_through_with_keys_scores_hits_and_misses() {
    let mut s = state();
    let first = screen(&s, 80, 24);
    assert!(first.contains("Round 1 of 2 · score 0/0"), "{first}");
    // Round 1 hides bread: the basket shows milk, by name.
    assert_eq!(s.current().unwrap().hidden, "B-1");
    assert!(first.contains("• Milk") && !first.contains("• Bread"), "{first}");
    // Milk is in the basket already: it is not offered.
    assert!(first.contains("4 to choose from") && first.contains("Never sold"), "{first}");

    type_text(&mut s, "egg");
    assert_eq!(s.matches.len(), 1);
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.picks, ["E-1"]);
    assert!(screen(&s, 80, 24).contains("Your picks (1 of 3): 1. Eggs"));
    // Backspace on an empty search drops the last pick.
    press(&mut s, KeyCode::Backspace);
    assert!(s.picks.is_empty());
    press(&mut s, KeyCode::Tab);
    assert!(screen(&s, 80, 24).contains("Pick at least one item first"));
    assert_eq!(s.phase, Phase::Picking);

    // The SKU is searched too.
    type_text(&mut s, "b-1");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Tab);
    let reveal = screen(&s, 80, 24);
    assert!(reveal.contains("HIT") && reveal.contains("The customer also bought: Bread"), "{reveal}");
    assert!(reveal.contains("The assistant's first pick was"), "{reveal}");
    assert!(reveal.contains("Score so far: 1 of 1"), "{reveal}");

    press(&mut s, KeyCode::Enter);
    assert_eq!(s.current().unwrap().hidden, "M-1");
    type_text(&mut s, "butter");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Tab);
    let miss = screen(&s, 80, 24);
    assert!(miss.contains("MISS") && miss.contains("The customer also bought: Milk"), "{miss}");
    assert!(miss.contains("Your picks: 1. Butter"), "{miss}");

    press(&mut s, KeyCode::Enter);
    let summary = screen(&s, 80, 24);
    assert!(summary.contains("You hit 1 of 2 rounds (50 %)"), "{summary}");
    assert!(summary.contains("2 of 2 rounds played · score 1/2"), "{summary}");
    assert!(!summary.contains("In the basket"), "{summary}");
    let engine = s.engine_hits();
    assert!(summary.contains(&format!("The assistant would have hit {engine} of the same 2")), "{summary}");
    assert!(!s.quit);
    press(&mut s, KeyCode::Enter);
    assert!(s.quit);
    let details = s.details();
    assert_eq!((details.hits(), details.played()), (1, 2));
    assert_eq!(details.rounds[1].picks, ["U-1"]);
    assert_eq!(details.rounds[1].engine_first, s.setup.rounds[1].engine.first().cloned());
}

#[test]
fn three_picks_at_most_and_the_fourth_is_refused() {
    let mut s = state();
    for _ in 0..4 {
        press(&mut s, KeyCode::Enter);
    }
    assert_eq!(s.picks.len(), 3);
    assert!(s.note.as_deref().is_some_and(|n| n.contains("3 picks already")));
    // A picked item leaves the list; nothing repeats.
    let mut picks = s.picks.clone();
    picks.dedup();
    assert_eq!(picks.len(), 3);
    assert_eq!(s.matches.len(), 1);
}

#[test]
fn esc_clears_the_search_then_ends_the_drill_with_the_rounds_played() {
    let mut s = state();
    type_text(&mut s, "zzz");
    assert!(s.matches.is_empty());
    press(&mut s, KeyCode::Enter);
    assert!(s.picks.is_empty() && s.note.as_deref() == Some("Nothing matches the search"));
    press(&mut s, KeyCode::Esc);
    assert!(s.query.is_empty() && s.phase == Phase::Picking);
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.phase, Phase::Summary);
    assert!(screen(&s, 60, 20).contains("You hit 0 of 0 rounds"));
    assert_eq!(s.details().played(), 0);
    let mut t = state();
    press_key(&mut t, Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(t.quit);
}

#[test]
fn keys_map_to_actions_by_phase() {
    let s = state();
    assert_eq!(key_action(&s.phase, Key::plain(KeyCode::Char('q'))), Some(Action::Type('q')));
    assert_eq!(key_action(&Phase::Summary, Key::plain(KeyCode::Char('q'))), Some(Action::Quit));
    assert_eq!(key_action(&Phase::Summary, Key::plain(KeyCode::Char('x'))), None);
    assert_eq!(key_action(&s.phase, Key::plain(KeyCode::Tab)), Some(Action::Offer));
    // The footer lists the keys of the phase.
    assert!(screen(&s, 100, 20).contains("Enter pick  Tab offer  Backspace erase"));
}

#[test]
fn every_size_draws_without_panicking_and_small_ones_ask_for_room() {
    let mut states = vec![state()];
    let mut reveal = state();
    press(&mut reveal, KeyCode::Enter);
    press(&mut reveal, KeyCode::Tab);
    states.push(reveal);
    let mut summary = state();
    press(&mut summary, KeyCode::Esc);
    states.push(summary);
    let empty = DrillSetup { rounds: Vec::new(), ..setup() };
    states.push(State::new(empty, Styles::of(Theme::Default)));
    for s in &states {
        for w in (1..=120).step_by(7) {
            for h in (1..=40).step_by(3) {
                let text = screen(s, w, h);
                if w >= 40 && h < view::MIN_HEIGHT {
                    assert!(text.contains("Enlarge"), "{w}×{h}: {text}");
                }
            }
        }
    }
    assert!(screen(&states[0], 30, 10).contains("Round 1 of 2"));
}

#[test]
fn picking_and_reveal_screens() {
    let mut s = state();
    type_text(&mut s, "e");
    press(&mut s, KeyCode::Down);
    insta::assert_snapshot!("drill_picking_60x16", screen(&s, 60, 16));
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Tab);
    insta::assert_snapshot!("drill_reveal_60x16", screen(&s, 60, 16));
}
