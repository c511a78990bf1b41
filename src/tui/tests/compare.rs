//! Compare: marks from the results, the cart and the suggestion lists
//! (shown on their rows, three at most), the window side by side with the
//! cells that differ highlighted (snapshots of three demo variants at
//! 120×40 and 80×24, and the styles of the cells in the buffer), adding a
//! column to the cart, and clearing the marks.

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use super::{act, draw_text, loaded, render, shop, status, type_text};
use crate::cart::Origin;
use crate::catalog::Catalog;
use crate::config::Theme;
use crate::money::Currency;
use crate::suggest::events::{EventKind, ListKind};
use crate::tui::action::Action;
use crate::tui::state::{Overlay, Pane, State};
use crate::tui::view::theme::Styles;
use crate::tui::worker::Worker;

/// The shop with the phone in the cart, focus on the cart.
fn with_phone() -> (State, Worker) {
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "2000000000015");
    act(&mut s, &mut w, [Action::Add]);
    (s, w)
}

fn focus(s: &mut State, w: &mut Worker, pane: Pane) {
    while s.focus != pane {
        act(s, w, [Action::NextPane]);
    }
}

#[test]
fn marks_from_the_cart_a_suggestion_and_the_results_show_on_their_rows_three_at_most() {
    let (mut s, mut w) = with_phone();
    act(&mut s, &mut w, [Action::Mark]);
    assert_eq!(s.marks, ["PH-128"]);
    assert!(status(&s).contains("Ctrl-k marks another"), "{}", status(&s));
    focus(&mut s, &mut w, Pane::CrossSell);
    act(&mut s, &mut w, [Action::Mark]);
    let case = s.suggest.lists.cross_sell[0].sku.clone();
    assert_eq!(s.marks, ["PH-128", case.as_str()]);
    assert!(status(&s).contains("Ctrl-o compares them"), "{}", status(&s));
    type_text(&mut s, &mut w, "tv");
    let tv = s.catalog.as_ref().unwrap().product(s.search.results[0]).sku.clone();
    act(&mut s, &mut w, [Action::Mark]);
    assert_eq!(s.marks.len(), 3);
    assert_eq!(s.marks[2], tv);
    let screen = draw_text(&s, 140, 42);
    assert!(screen.contains(&format!("✓ {}", s.catalog.as_ref().unwrap().product(s.search.results[0]).name)));
    // A fourth is refused; marking a marked one again unmarks it.
    act(&mut s, &mut w, [Action::Down, Action::Mark]);
    assert_eq!(s.marks.len(), 3);
    assert!(status(&s).starts_with("3 are marked already"), "{}", status(&s));
    act(&mut s, &mut w, [Action::Up, Action::Mark]);
    assert_eq!(s.marks, ["PH-128", case.as_str()]);
    let cart_and_suggestion = draw_text(&s, 140, 42);
    assert!(cart_and_suggestion.contains("✓ Aurora X5 128"), "{cart_and_suggestion}");
}

#[test]
fn compare_with_fewer_than_two_marks_asks_for_another() {
    let (mut s, mut w) = with_phone();
    act(&mut s, &mut w, [Action::Compare]);
    assert!(s.overlay.is_none());
    assert_eq!(status(&s), "Mark two or three products with Ctrl-k to compare them.");
    act(&mut s, &mut w, [Action::Mark, Action::Compare]);
    assert!(s.overlay.is_none());
    assert!(status(&s).starts_with("Only the Aurora X5 128 GB is marked: mark another"), "{}", status(&s));
}

#[test]
fn a_digit_or_enter_in_the_window_adds_that_column_as_its_list_would() {
    let (mut s, mut w) = with_phone();
    act(&mut s, &mut w, [Action::Mark]);
    focus(&mut s, &mut w, Pane::CrossSell);
    act(&mut s, &mut w, [Action::Mark]);
    let add_on = s.suggest.lists.cross_sell[0].sku.clone();
    focus(&mut s, &mut w, Pane::Upsell);
    act(&mut s, &mut w, [Action::Mark, Action::Compare]);
    let Some(Overlay::Compare { table, .. }) = &s.overlay else { panic!("{}", status(&s)) };
    assert_eq!(table.products.len(), 3);
    // 3: the third column, the upgrade — taken from "Upgrade options", as Enter there would.
    act(&mut s, &mut w, [Action::Type('3')]);
    assert!(s.overlay.is_none());
    let line = s.session.cart.lines.last().unwrap();
    assert_eq!((line.sku.as_str(), line.origin), ("PH-256", Origin::Upsell));
    let added = |w: &Worker| -> Vec<(ListKind, String)> {
        w.events.iter().filter(|e| e.event == EventKind::Added).map(|e| (e.list, e.sku.clone())).collect()
    };
    assert_eq!(added(&w), [(ListKind::Upsell, "PH-256".to_string())]);
    // Enter adds the highlighted column (the add-on, from "Goes well with"); the marks stay until cleared.
    act(&mut s, &mut w, [Action::Compare, Action::Down, Action::Add]);
    let line = s.session.cart.lines.last().unwrap();
    assert_eq!((line.sku.as_str(), line.origin), (add_on.as_str(), Origin::CrossSell));
    assert_eq!(added(&w)[1], (ListKind::CrossSell, add_on.clone()));
    assert_eq!(s.marks.len(), 3);
    act(&mut s, &mut w, [Action::Compare, Action::Type('c')]);
    assert!(s.marks.is_empty() && s.overlay.is_none());
    assert_eq!(status(&s), "Marks cleared.");
}

/// The demo store at `w`×`h` in `theme`, the three Aurora X5 variants marked and compared.
fn three_variants(w: u16, h: u16, theme: Theme) -> State {
    let catalog = Arc::new(Catalog::from_doc(&crate::demo::catalog(&Currency::usd()).unwrap()));
    let (mut s, mut wk) = loaded(catalog, w, h);
    s.settings.theme = theme;
    for sku in ["PH-AUR-X5-128", "PH-AUR-X5-256", "PH-AUR-X5-512"] {
        type_text(&mut s, &mut wk, sku);
        act(&mut s, &mut wk, [Action::Mark, Action::Cancel]);
    }
    act(&mut s, &mut wk, [Action::Compare]);
    assert!(matches!(s.overlay, Some(Overlay::Compare { .. })), "{}", status(&s));
    s
}

/// The cell where `text` starts on the first row that holds `row` and `text`.
fn cell_of(buf: &Buffer, row: &str, text: &str) -> (u16, u16) {
    for y in 0..buf.area.height {
        let symbols: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let line: String = symbols.concat();
        if !line.contains(row) {
            continue;
        }
        let want: Vec<String> = text.chars().map(String::from).collect();
        // Skip the row label itself when it is the text.
        let from = if row == text { 1 } else { 0 };
        let hits: Vec<usize> = (0..symbols.len().saturating_sub(want.len()))
            .filter(|&x| want.iter().enumerate().all(|(i, c)| symbols[x + i] == c))
            .collect();
        if let Some(&x) = hits.get(from) {
            return (x as u16, y);
        }
    }
    panic!("no `{text}` on a row with `{row}`");
}

#[test]
fn three_variants_side_by_side_120x40_with_the_differences_highlighted() {
    let s = three_variants(120, 40, Theme::Default);
    let text = draw_text(&s, 120, 40);
    insta::assert_snapshot!("compare_120x40", text);
    let buf = render(&s, 120, 40);
    let differs = Styles::of(Theme::Default).differs;
    for (row, cell) in [("Storage", "256 GB"), ("Memory", "12 GB"), ("Price", "$799.00"), ("Stock", "9 left")]
    {
        let at = cell_of(&buf, row, cell);
        assert_eq!(buf[at].fg, differs.fg.unwrap(), "{row}: {cell} is highlighted");
        assert!(buf[at].modifier.contains(Modifier::BOLD), "{row}: {cell}");
    }
    for (row, cell) in [("Colour", "Graphite"), ("Brand", "Aurora"), ("Battery", "4500 mAh")] {
        let at = cell_of(&buf, row, cell);
        assert_ne!(buf[at].fg, differs.fg.unwrap(), "{row}: {cell} is the same for all");
    }
    assert!(text.contains("1 → 2: “") && text.contains("2 → 3: “"), "{text}");
}

#[test]
fn three_variants_side_by_side_80x24_and_without_colour() {
    let s = three_variants(80, 24, Theme::Default);
    insta::assert_snapshot!("compare_80x24", draw_text(&s, 80, 24));
    let mono = three_variants(80, 24, Theme::Mono);
    let buf = render(&mono, 80, 24);
    let storage = buf[cell_of(&buf, "Storage", "512 GB")].modifier;
    assert!(storage.contains(Modifier::REVERSED | Modifier::BOLD), "{storage:?}");
    let colour = buf[cell_of(&buf, "Colour", "Graphite")].modifier;
    assert!(!colour.contains(Modifier::REVERSED), "{colour:?}");
}
