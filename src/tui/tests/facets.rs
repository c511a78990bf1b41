//! Filters typed with the search words (`brand:`, `in:`, prices,
//! `instock`): the list they leave, the count in the title and the chip row;
//! and variants told apart in the results. On the demo catalog, through the
//! [`Driver`], key by key.

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::text_of;
use crate::catalog::{Catalog, Category, CategoryIdx, Product, ProductIdx};
use crate::config::Config;
use crate::money::{Currency, Money};
use crate::tui::testing::Driver;

fn demo() -> Arc<Catalog> {
    Arc::new(Catalog::from_doc(&crate::demo::catalog(&Currency::usd()).unwrap()))
}

fn driver(catalog: &Arc<Catalog>, w: u16, h: u16) -> Driver {
    Driver::over_catalog(Arc::clone(catalog), &Config::defaults(), (w, h)).unwrap()
}

fn screen(d: &Driver, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| d.draw(f)).unwrap();
    text_of(terminal.backend().buffer())
}

/// The products `keep` keeps, worked out from the catalog, not the searcher.
fn every(c: &Catalog, keep: impl Fn(&Product) -> bool) -> Vec<ProductIdx> {
    c.product_indices().filter(|&p| keep(c.product(p))).collect()
}

fn sorted(list: &[ProductIdx]) -> Vec<ProductIdx> {
    let mut list = list.to_vec();
    list.sort();
    list
}

#[test]
fn a_brand_and_a_price_narrow_the_list_and_the_title_counts_what_they_keep() {
    let c = demo();
    let mut d = driver(&c, 120, 40);
    d.type_text("brand:harbor");
    let harbor = every(&c, |p| p.brand.to_lowercase().starts_with("harbor"));
    assert!(harbor.len() > 5 && harbor.len() < c.products.len());
    assert_eq!(sorted(d.results()), harbor);
    let text = screen(&d, 120, 40);
    assert!(text.contains(&format!("Search results ({})", harbor.len())), "{text}");
    assert!(text.contains("[brand: harbor]"), "{text}");

    d.type_text(" <200");
    let cheap: Vec<ProductIdx> =
        harbor.iter().copied().filter(|&p| c.product(p).price < Money(20_000)).collect();
    assert!(!cheap.is_empty() && cheap.len() < harbor.len());
    assert_eq!(sorted(d.results()), cheap);
    let text = screen(&d, 120, 40);
    assert!(text.contains(&format!("Search results ({})", cheap.len())), "{text}");
    assert!(text.contains("[brand: harbor] [< $200]"), "{text}");

    // Search words and filters together: only Harbor's buds under $200.
    d.type_text(" buds");
    assert!(!d.results().is_empty());
    for &p in d.results() {
        let p = c.product(p);
        assert!(p.brand.starts_with("Harbor") && p.price < Money(20_000), "{}", p.name);
        assert!(p.name.to_lowercase().contains("buds") || p.name.to_lowercase().contains('b'), "{}", p.name);
    }
}

#[test]
fn a_price_alone_lists_every_cheaper_product_and_says_how_many() {
    let c = demo();
    let mut d = driver(&c, 120, 40);
    d.type_text("<200");
    let cheap = every(&c, |p| p.price < Money(20_000));
    assert!(d.results().iter().all(|&p| c.product(p).price < Money(20_000)));
    assert_eq!(d.results().len(), cheap.len().min(crate::search::DEFAULT_LIMIT));
    let title = match cheap.len() > crate::search::DEFAULT_LIMIT {
        true => format!("Search results (best {} of {})", crate::search::DEFAULT_LIMIT, cheap.len()),
        false => format!("Search results ({})", cheap.len()),
    };
    assert!(screen(&d, 120, 40).contains(&title), "{title}");
    // In catalog order, as the browser would list them.
    assert_eq!(d.results(), &cheap[..d.results().len()]);
}

#[test]
fn a_category_and_in_stock_filter_too() {
    let c = demo();
    let mut d = driver(&c, 120, 40);
    d.type_text("in:audio instock");
    // "Audio" and all under it, and "Cables & Chargers > Audio cables".
    let audio = every(&c, |p| c.category_path(p.category).to_lowercase().contains("audio"));
    let kept: Vec<ProductIdx> = audio.into_iter().filter(|&p| !c.counts_stock(p) || c.stock(p) > 0).collect();
    assert_eq!(sorted(d.results()), kept);
    let text = screen(&d, 120, 40);
    assert!(text.contains("[in: audio] [in stock]"), "{text}");
    // One category tree: the chip names it (80 columns: the pane is wider).
    let mut d = driver(&c, 80, 24);
    d.type_text("in:audio instock in:headph");
    let text = screen(&d, 80, 24);
    assert!(text.contains("[in: audio] [in stock] [in: Headphones]"), "{text}");
}

#[test]
fn a_half_typed_filter_leaves_the_list_as_it_was() {
    let c = demo();
    let mut d = driver(&c, 120, 40);
    d.type_text("aurora");
    let before = d.results().to_vec();
    assert!(!before.is_empty());
    for typed in [" brand:", "\""] {
        d.type_text(typed);
        assert_eq!(d.results(), before, "after `{typed}`");
    }
    d.press("Backspace");
    d.type_text("aur");
    assert!(d.results().iter().all(|&p| c.product(p).brand == "Aurora"));
    assert!(d.results().len() < before.len(), "the cases of other brands go");
}

#[test]
fn a_word_that_is_no_filter_is_shown_and_not_searched() {
    let c = demo();
    let mut d = driver(&c, 120, 40);
    d.type_text("aurora");
    let aurora = d.results().to_vec();
    d.type_text(" colour:red");
    assert_eq!(d.results(), aurora);
    assert!(screen(&d, 120, 40).contains("[unknown filter `colour:`]"));
    // A filter that keeps nothing: the title still counts.
    for _ in " colour:red".chars() {
        d.press("Backspace");
    }
    d.type_text(" brand:zzz");
    assert!(d.results().is_empty());
    let text = screen(&d, 120, 40);
    assert!(text.contains("Search results (0)") && text.contains("Nothing matches."), "{text}");
}

#[test]
fn a_filter_half_typed_says_what_to_type_not_that_nothing_matches() {
    let c = demo();
    let mut d = driver(&c, 120, 40);
    for (typed, hint) in [("brand:", "brand:harbor"), ("<", "<200")] {
        d.type_text(typed);
        let text = screen(&d, 120, 40);
        assert!(text.contains(hint) && !text.contains("Nothing matches"), "{typed:?}: {text}");
        assert!(!text.contains("Search results (0)"), "nothing was searched yet: {text}");
        for _ in typed.chars() {
            d.press("Backspace");
        }
    }
    // Finished, the filter lists what it keeps.
    d.type_text("brand:aurora");
    assert!(!d.results().is_empty());
}

#[test]
fn a_code_with_a_hyphen_is_still_added_by_enter() {
    let c = demo();
    let mut d = driver(&c, 120, 40);
    let p = c.products.iter().find(|p| p.sku.contains('-')).unwrap();
    d.type_text(&p.sku);
    assert_eq!(d.results().first().map(|&i| &c.product(i).sku), Some(&p.sku));
    d.press("Enter");
    assert_eq!(d.cart().lines.iter().map(|l| l.sku.as_str()).collect::<Vec<_>>(), [p.sku.as_str()]);
}

#[test]
fn enter_adds_the_highlighted_result_of_a_filtered_search() {
    let c = demo();
    let mut d = driver(&c, 120, 40);
    d.type_text("brand:harbor <100");
    let first = c.product(d.results()[0]).sku.clone();
    assert!(c.product(d.results()[0]).price < Money(10_000));
    d.press("Enter");
    assert_eq!(d.cart().lines.iter().map(|l| l.sku.as_str()).collect::<Vec<_>>(), [first.as_str()]);
}

#[test]
fn chips_and_count_at_80x24_and_120x40() {
    let c = demo();
    for (w, h) in [(80, 24), (120, 40)] {
        let mut d = driver(&c, w, h);
        d.type_text("brand:harbor <200 in:audio colour:red");
        insta::assert_snapshot!(format!("facets_{w}x{h}"), screen(&d, w, h));
    }
}

#[test]
fn too_many_chips_end_with_an_ellipsis_at_80_columns() {
    let c = demo();
    let mut d = driver(&c, 80, 24);
    d.type_text("brand:harbor brand:aurora brand:voltline <2000 >10 in:audio instock size:xl");
    let text = screen(&d, 80, 24);
    let row = text.lines().find(|l| l.contains("[brand:")).unwrap();
    assert!(row.contains('…'), "{row}");
    assert!(text.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80));
}

#[test]
fn variants_are_told_apart_when_browsing_a_category_too() {
    let c = demo();
    let mut d = driver(&c, 80, 24);
    d.press("F3");
    let phones = c.roots().iter().position(|&r| c.category(r).name() == "Phones").expect("the demo's Phones");
    for _ in 0..phones {
        d.press("Down");
    }
    d.press("Enter");
    let text = screen(&d, 80, 24);
    for want in [
        "Veyra Lite 5 64 GB · Memory 4 GB",
        "Veyra Lite 5 128 GB · Memory 6 GB",
        "Aurora A3 64 GB · Memory 4 GB",
        "Aurora A3 128 GB · Memory 6 GB",
    ] {
        assert_eq!(rows_with(&text, want).len(), 1, "{want}\n{text}");
    }
    // The tab counts the rows browsed, not the last search's.
    let rows = c.children(c.roots()[phones]).len() + c.in_category(c.roots()[phones]).len();
    assert!(text.contains(&format!(" Browse {rows} ")), "{text}");
    // Back up and in again: the same rows.
    d.press("Backspace");
    d.press("Enter");
    assert_eq!(screen(&d, 80, 24), text);
}

/// The rows of the results pane as drawn.
fn rows_with<'a>(text: &'a str, word: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(word)).collect()
}

#[test]
fn three_variants_show_the_specs_that_differ() {
    let c = demo();
    // 80×24: the results pane is as wide as the screen, the whole names fit
    // and the specs their names leave out follow.
    let mut d = driver(&c, 80, 24);
    d.type_text("aurora x5 gb");
    let text = screen(&d, 80, 24);
    for want in [
        "Aurora X5 128 GB · Memory 8 GB",
        "Aurora X5 256 GB · Memory 8 GB",
        "Aurora X5 512 GB · Memory 12 GB",
    ] {
        assert_eq!(rows_with(&text, want).len(), 1, "{want}\n{text}");
    }
    // 120×40: a narrow pane, room for the whole names only.
    let mut d = driver(&c, 120, 40);
    d.type_text("aurora x5 pro");
    let text = screen(&d, 120, 40);
    for want in ["┃Aurora X5 Pro 256 GB   ", "┃Aurora X5 Pro 512 GB   ", "┃Aurora X5 Pro 1 TB   "] {
        assert_eq!(rows_with(&text, want).len(), 1, "{want}\n{text}");
    }
    // Names cut where the words that tell them apart still show.
    d.press("Esc");
    d.type_text("harbor quiet");
    let text = screen(&d, 120, 40);
    for want in ["┃Harbor Quiet 500 Headphon…", "┃Harbor Quiet 700 Headphon…", "┃Harbor Quiet 900 Headphon…"]
    {
        assert_eq!(rows_with(&text, want).len(), 1, "{want}\n{text}");
    }
}

#[test]
fn products_with_the_same_name_show_what_differs() {
    let categories = vec![Category { path: "Audio".into(), parent: None }];
    let p = |sku: &str, colour: &str| Product {
        sku: sku.into(),
        name: "Harbor Studio Headphones".into(),
        brand: "Harbor".into(),
        category: CategoryIdx::new(0),
        price: Money(19_900),
        stock: 4,
        active: true,
        attributes: vec![("Colour".into(), colour.into()), ("Weight".into(), "250 g".into())],
        ..Product::default()
    };
    let products = vec![p("HS-BLK", "Black"), p("HS-BLU", "Blue"), p("HS-RED", "Red")];
    let c = Arc::new(Catalog::new(categories, products, vec![], vec![], vec![]));
    for (w, h) in [(80, 24), (120, 40)] {
        let mut d = driver(&c, w, h);
        d.type_text("studio");
        let text = screen(&d, w, h);
        for colour in ["· Black", "· Blue", "· Red"] {
            let rows = rows_with(&text, colour);
            assert_eq!(rows.len(), 1, "{colour} at {w}×{h}\n{text}");
            // The price keeps its column.
            assert!(rows[0].contains("$199.00"), "{text}");
        }
    }
}
