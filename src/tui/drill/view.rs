//! Drawing the drill screen: a header (round k of N, score), the basket
//! with its hidden item missing, then the search and picks, the reveal or
//! the summary, and a footer of keys generated from the bindings. Only
//! reads the state; below [`MIN_WIDTH`]×[`MIN_HEIGHT`] it asks for more room.

use ratatui::Frame;
use ratatui::layout::Constraint::{Fill, Length};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use super::state::{Phase, State, bindings};
use crate::training::drill::{PICKS, percent};
use crate::tui::view::text::fit;

/// The smallest terminal the drill is drawn in.
pub(crate) const MIN_WIDTH: u16 = 24;
pub(crate) const MIN_HEIGHT: u16 = 10;

/// Basket lines shown at most before "… and N more".
const BASKET_LINES: usize = 6;

pub(crate) fn draw(frame: &mut Frame<'_>, state: &State) {
    let area = frame.area();
    let st = &state.styles;
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!("Enlarge the terminal: the drill needs {MIN_WIDTH}×{MIN_HEIGHT}");
        frame.render_widget(Paragraph::new(msg).style(st.base).wrap(Wrap { trim: true }), area);
        return;
    }
    // The basket goes with the round; the summary has none.
    let basket_height = match (&state.phase, state.current()) {
        (Phase::Summary, _) | (_, None) => 0,
        (_, Some(r)) => (r.visible.len().min(BASKET_LINES + 1) as u16 + 2).min(area.height / 3).max(3),
    };
    let [header, basket, body, footer] =
        area.layout(&Layout::vertical([Length(1), Length(basket_height), Fill(1), Length(1)]));
    draw_header(frame, state, header);
    if basket.height > 0 {
        draw_basket(frame, state, basket);
    }
    match &state.phase {
        Phase::Picking => draw_picking(frame, state, body),
        Phase::Reveal(result) => {
            let mut lines = vec![if result.hit {
                Line::styled("HIT: the customer bought it", st.total)
            } else {
                Line::styled("MISS", st.error)
            }];
            lines.push(Line::from(format!("The customer also bought: {}", state.name(&result.hidden))));
            lines.push(Line::from(format!("Your picks: {}", names(state, &result.picks))));
            let first = result.engine_first.as_deref().map_or("nothing", |l| state.name(l));
            lines.push(Line::from(format!("The assistant's first pick was {first}.")));
            if let Some(round) = state.current() {
                lines.push(Line::styled(format!("Its three: {}", names(state, &round.engine)), st.dim));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(format!("Score so far: {} of {}", state.hits(), state.results.len())));
            frame.render_widget(Paragraph::new(lines).style(st.base).wrap(Wrap { trim: true }), body);
        }
        Phase::Summary => {
            let played = state.results.len();
            let lines = vec![
                Line::styled("Drill over", st.total),
                Line::from(format!(
                    "You hit {} of {played} rounds ({} %).",
                    state.hits(),
                    percent(state.hits() as u64, played as u64)
                )),
                Line::from(format!(
                    "The assistant would have hit {} of the same {played} ({} %).",
                    state.engine_hits(),
                    percent(state.engine_hits() as u64, played as u64)
                )),
            ];
            frame.render_widget(Paragraph::new(lines).style(st.base).wrap(Wrap { trim: true }), body);
        }
    }
    draw_footer(frame, state, footer);
}

fn draw_header(frame: &mut Frame<'_>, state: &State, area: Rect) {
    let total = state.setup.rounds.len();
    let round = (state.round + 1).min(total);
    let score = format!("score {}/{}", state.hits(), state.results.len());
    let right = match state.phase {
        Phase::Summary => format!(" {} of {total} rounds played · {score} ", state.results.len()),
        _ => format!(" Round {round} of {total} · {score} "),
    };
    let right_width = crate::tui::view::text::width(&right);
    let width = usize::from(area.width);
    let left = fit(
        format!(" DRILL · {} · {}", state.setup.source, state.setup.trainee),
        width.saturating_sub(right_width),
    );
    let pad = width.saturating_sub(crate::tui::view::text::width(&left) + right_width);
    let line = Line::from(vec![Span::raw(left), Span::raw(" ".repeat(pad)), Span::raw(right)]);
    frame.render_widget(Paragraph::new(line).style(state.styles.header), area);
}

fn draw_basket(frame: &mut Frame<'_>, state: &State, area: Rect) {
    let st = &state.styles;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(st.border)
        .title(Line::styled(" In the basket ", st.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(round) = state.current() else { return };
    let room = usize::from(inner.height).max(1);
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (i, label) in round.visible.iter().enumerate() {
        if lines.len() + 1 == room && round.visible.len() > i + 1 {
            lines.push(Line::styled(format!("… and {} more", round.visible.len() - i), st.dim));
            break;
        }
        lines.push(Line::from(fit(format!("• {}", state.name(label)), usize::from(inner.width))));
    }
    frame.render_widget(Paragraph::new(lines).style(st.base), inner);
}

fn draw_picking(frame: &mut Frame<'_>, state: &State, area: Rect) {
    let st = &state.styles;
    let [picks, search, list] = area.layout(&Layout::vertical([Length(1), Length(1), Fill(1)]));
    let taken = if state.picks.is_empty() { "none yet".to_string() } else { names(state, &state.picks) };
    let picks_line = format!("Your picks ({} of {PICKS}): {taken}", state.picks.len());
    frame.render_widget(Paragraph::new(fit(&picks_line, usize::from(picks.width))).style(st.total), picks);
    let prompt = Line::from(vec![
        Span::styled("Offer what next? ", st.key),
        Span::raw(state.query.as_str()),
        Span::styled("▏", st.dim),
    ]);
    frame.render_widget(Paragraph::new(prompt).style(st.base), search);
    let detail_width = state
        .matches
        .iter()
        .map(|&i| state.setup.choices[i].detail.chars().count())
        .max()
        .unwrap_or(0)
        .min(20) as u16;
    let name_width = usize::from(list.width.saturating_sub(detail_width + 3));
    let rows = state.matches.iter().map(|&i| {
        let c = &state.setup.choices[i];
        Row::new(vec![
            Cell::from(fit(&c.name, name_width)),
            Cell::from(fit(&c.detail, usize::from(detail_width))).style(st.dim),
        ])
    });
    let table = Table::new(rows, [Fill(1), Length(detail_width)])
        .block(
            Block::default()
                .borders(Borders::TOP)
                .border_style(st.border)
                .title(Line::styled(format!(" {} to choose from ", state.matches.len()), st.title)),
        )
        .row_highlight_style(st.selected)
        .highlight_symbol("▸ ");
    let mut table_state = state.table;
    frame.render_stateful_widget(table, list, &mut table_state);
}

fn draw_footer(frame: &mut Frame<'_>, state: &State, area: Rect) {
    let st = &state.styles;
    let line = match &state.note {
        Some(note) => Line::styled(fit(note, usize::from(area.width)), st.info),
        None => {
            let mut spans = Vec::new();
            let mut last = "";
            for (key, _, what) in bindings(&state.phase) {
                if *what == last {
                    continue;
                }
                last = what;
                spans.push(Span::styled(key.to_string(), st.key));
                spans.push(Span::styled(format!(" {what}  "), st.dim));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line).style(st.base), area);
}

/// Labels as their names, numbered: "1. Milk  2. Bread".
fn names(state: &State, labels: &[String]) -> String {
    if labels.is_empty() {
        return "none".into();
    }
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{}. {}", i + 1, state.name(l)))
        .collect::<Vec<_>>()
        .join("  ")
}
