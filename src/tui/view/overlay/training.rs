//! Training windows: what to say about an offer, a reply to the customer's
//! doubt, and the scorecard at the end.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::view::Ctx;
use crate::tui::view::text::wrap;

/// Three things to say, keys 1–3, under a prompt, wrapped to the window so
/// the window is as tall as what it shows (the key hint always on screen).
pub(super) fn pick(
    ctx: Ctx<'_>,
    title: &str,
    prompt: &str,
    options: &[String; 3],
    area: Rect,
    buf: &mut Buffer,
) {
    let st = ctx.styles;
    // The inside of the widest window `frame` draws.
    let w = usize::from(area.width.min(90)).saturating_sub(4).max(10);
    let mut lines: Vec<Line<'static>> =
        wrap(prompt, w).into_iter().map(|l| Line::styled(l, st.quote)).collect();
    lines.push(Line::raw(""));
    for (i, option) in options.iter().enumerate() {
        for (j, part) in wrap(option, w.saturating_sub(2).max(1)).into_iter().enumerate() {
            let key = if j == 0 { format!("{} ", i + 1) } else { "  ".to_string() };
            lines.push(Line::from(vec![Span::styled(key, st.key), Span::raw(part)]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("1, 2 or 3 says it", st.dim));
    let rows = (lines.len() as u16 + 2).min(area.height);
    super::text_window(ctx, area, buf, title, lines, rows);
}

/// The score, its parts and one line per decision (or "working it out"),
/// wrapped to the window; when the screen is too short for every line, the
/// last ones give way to a note, and the key to end stays on screen.
pub(super) fn scorecard(ctx: Ctx<'_>, area: Rect, buf: &mut Buffer) {
    let (s, st) = (ctx.state, ctx.styles);
    let Some(t) = s.training.as_deref() else { return };
    // The inside of the widest window `frame` draws.
    let w = usize::from(area.width.min(90)).saturating_sub(4).max(10);
    let mut body: Vec<Line<'static>> = Vec::new();
    let mut footer = Vec::new();
    match &t.scorecard {
        None => body.push(Line::styled("Working out the score…", st.info)),
        Some(card) => {
            let tier = card.tier.map_or("no tier".to_string(), |t| t.to_string());
            body.push(Line::styled(format!("{} / 100 · {tier}", card.total), st.total));
            let parts: Vec<String> =
                card.parts.iter().map(|p| format!("{} {}/{}", p.name, p.earned, p.weight)).collect();
            body.extend(wrap(&parts.join(" · "), w).into_iter().map(Line::raw));
            body.push(Line::raw(""));
            for f in &card.feedback {
                body.extend(wrap(&format!("• {f}"), w).into_iter().map(Line::raw));
            }
            footer.push(Line::raw(""));
            footer.push(match &t.save_error {
                Some(e) => Line::styled(e.clone(), st.error),
                None => Line::styled(format!("Saved for {}: counterpart train --report", t.trainee), st.dim),
            });
        }
    }
    footer.push(Line::from(vec![Span::styled("Enter", st.key), Span::raw(" ends the session")]));
    let room = usize::from(area.height).saturating_sub(2 + footer.len());
    if body.len() > room {
        body.truncate(room.saturating_sub(1));
        body.push(Line::styled("… (more than the screen holds: make the window taller)", st.dim));
    }
    body.extend(footer);
    let rows = (body.len() as u16 + 2).min(area.height);
    super::text_window(ctx, area, buf, "TRAINING · Scorecard", body, rows);
}
