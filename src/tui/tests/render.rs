//! The screen drawn with ratatui's TestBackend: snapshots of the main screen
//! at three sizes, of the help overlay and of checkout with its last chance
//! (fixed shop, cart and clock), a sweep
//! of sizes from 1×1 to 200×60, and display-width alignment of CJK and emoji.

use std::sync::Arc;

use super::{act, draw_text, shop, type_text};
use crate::catalog::{Catalog, Category, Product};
use crate::config::Theme;
use crate::money::Money;
use crate::tui::action::Action;
use crate::tui::msg::Msg;
use crate::tui::state::State;
use crate::tui::worker::Worker;
use ratatui::style::Modifier;

/// The fixed scene: a phone scanned twice, a case added from "Goes well with",
/// a budget, focus back on the cart.
fn scene(w: u16, h: u16) -> (State, Worker) {
    let (mut s, mut wk) = shop();
    act(&mut s, &mut wk, [Msg::Resize(w, h)]);
    type_text(&mut s, &mut wk, "2*2000000000015");
    act(&mut s, &mut wk, [Action::Add, Action::NextPane, Action::Add, Action::Budget]);
    type_text(&mut s, &mut wk, "1500");
    act(&mut s, &mut wk, [Action::Add, Action::PrevPane, Action::First]);
    (s, wk)
}

#[test]
fn main_screen_140x42() {
    let (s, _) = scene(140, 42);
    let text = draw_text(&s, 140, 42);
    assert!(text.contains("Goes well with") && text.contains("Upgrade options"));
    insta::assert_snapshot!("main_140x42", text);
}

#[test]
fn main_screen_100x30() {
    let (s, _) = scene(100, 30);
    insta::assert_snapshot!("main_100x30", draw_text(&s, 100, 30));
}

#[test]
fn main_screen_80x24_shows_one_pane_as_a_tab() {
    let (mut s, mut w) = scene(80, 24);
    insta::assert_snapshot!("main_80x24_cart", draw_text(&s, 80, 24));
    // Every pane is reachable with Tab.
    act(&mut s, &mut w, [Action::NextPane]);
    let text = draw_text(&s, 80, 24);
    assert!(text.contains("Goes well with"), "{text}");
    act(&mut s, &mut w, [Action::NextPane]);
    assert!(draw_text(&s, 80, 24).contains("Upgrade options"));
    act(&mut s, &mut w, [Action::NextPane]);
    insta::assert_snapshot!("main_80x24_search", draw_text(&s, 80, 24));
}

#[test]
fn search_results_with_detail_140x42() {
    let (mut s, mut w) = shop();
    type_text(&mut s, &mut w, "aurora");
    insta::assert_snapshot!("search_140x42", draw_text(&s, 140, 42));
}

#[test]
fn help_overlay() {
    let (mut s, mut w) = scene(140, 42);
    act(&mut s, &mut w, [Action::Help]);
    let text = draw_text(&s, 140, 42);
    insta::assert_snapshot!("help_140x42", text);
}

#[test]
fn checkout_with_its_last_chance_80x24() {
    let (mut s, mut w) = shop();
    act(&mut s, &mut w, [Msg::Resize(80, 24)]);
    type_text(&mut s, &mut w, "2000000000015");
    act(&mut s, &mut w, [Action::Add, Action::Checkout]);
    let text = draw_text(&s, 80, 24);
    // Nothing is cut: the key hint ends the window.
    assert!(
        text.contains("[a]") && text.contains("[b]") && text.contains("Enter alone pays the rest"),
        "{text}"
    );
    insta::assert_snapshot!("checkout_80x24", text);
}

#[test]
fn a_terminal_below_the_minimum_says_so() {
    let (s, _) = scene(30, 10);
    let text = draw_text(&s, 39, 11);
    assert!(text.contains("Enlarge the terminal"), "{text}");
}

#[test]
fn the_loading_screen_says_loading() {
    let s = super::state_with(crate::tui::keymap::KeyMap::defaults());
    let text = draw_text(&s, 140, 42);
    assert!(text.contains("loading catalog…"), "{text}");
    assert!(text.contains("Goes well with") && text.contains("Upgrade options"));
}

#[test]
fn every_size_from_1x1_to_200x60_renders_without_panic() {
    let mut states = Vec::new();
    let (s, mut w) = scene(140, 42);
    states.push(s.clone());
    let mut with_overlay = s.clone();
    act(&mut with_overlay, &mut w, [Action::Help]);
    states.push(with_overlay);
    let mut browsing = s;
    act(&mut browsing, &mut w, [Action::Browse, Action::Down]);
    states.push(browsing);
    for (i, state) in states.iter().enumerate() {
        for width in 1..=200u16 {
            for height in 1..=60u16 {
                // Every size below 30×15, and a dense sample above it (every size for the first state).
                if i > 0 && width >= 30 && height >= 15 && (width % 7 != 0 && height % 5 != 0) {
                    continue;
                }
                let buf = super::render(state, width, height);
                assert_eq!(buf.area.width, width);
            }
        }
    }
}

#[test]
fn selection_stays_visible_without_colour() {
    let (mut s, _) = scene(140, 42);
    s.settings.theme = Theme::Mono;
    let buf = super::render(&s, 140, 42);
    let text = super::text_of(&buf);
    let row = text.lines().position(|l| l.contains("2 × Aurora X5 128 GB")).unwrap() as u16;
    let col = text.lines().nth(row as usize).unwrap().find("Aurora").unwrap() as u16;
    let cell = &buf[(col, row)];
    assert!(cell.modifier.contains(Modifier::REVERSED), "{cell:?}");
    assert_eq!(cell.fg, ratatui::style::Color::Reset);
    assert_eq!(cell.bg, ratatui::style::Color::Reset);
}

#[test]
fn wide_characters_are_aligned_by_display_width() {
    let categories = vec![Category { path: "Audio".into(), parent: None }];
    let p = |sku: &str, name: &str, price: i64| Product {
        sku: sku.into(),
        name: name.into(),
        brand: "Sōnik".into(),
        price: Money(price),
        stock: 3,
        active: true,
        ..Product::default()
    };
    let products = vec![
        p("HP-1", "Sōnik 静音ヘッドホン ノイズキャンセリング ワイヤレス 🎧 Pro", 19_900),
        p("HP-2", "Sōnik Buds 🎵🎶 mini", 4_900),
        p("HP-3", "Sōnik plain headphones", 9_900),
    ];
    let catalog = Arc::new(Catalog::new(categories, products, vec![], vec![], vec![]));
    let (mut s, mut w) = super::loaded(catalog, 140, 42);
    type_text(&mut s, &mut w, "sōnik");
    assert_eq!(s.search.results.len(), 3);
    let text = draw_text(&s, 140, 42);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("Sōnik")).take(3).collect();
    assert_eq!(rows.len(), 3, "{text}");
    // The price column ends at the same display column on every row.
    let end_of_price = |l: &str| {
        let at = l.find(" left").unwrap();
        let before = &l[..at];
        unicode_width::UnicodeWidthStr::width(before)
    };
    let ends: Vec<usize> = rows.iter().map(|l| end_of_price(l)).collect();
    assert!(ends.windows(2).all(|w| w[0] == w[1]), "{ends:?}\n{}", rows.join("\n"));
    assert!(rows[0].contains('…'), "the long name is cut: {}", rows[0]);
}

#[test]
fn no_color_forces_the_mono_theme() {
    use crate::tui::view::theme::effective;
    use std::ffi::OsStr;
    assert_eq!(effective(Theme::Default, Some(OsStr::new("1"))), Theme::Mono);
    assert_eq!(effective(Theme::HighContrast, Some(OsStr::new("yes"))), Theme::Mono);
    assert_eq!(effective(Theme::HighContrast, Some(OsStr::new(""))), Theme::HighContrast);
    assert_eq!(effective(Theme::Default, None), Theme::Default);
}

#[test]
fn every_theme_draws_the_same_text() {
    let (mut s, _) = scene(140, 42);
    let plain = draw_text(&s, 140, 42);
    for theme in [Theme::HighContrast, Theme::Mono] {
        s.settings.theme = theme;
        assert_eq!(draw_text(&s, 140, 42), plain, "{theme:?}");
    }
}
