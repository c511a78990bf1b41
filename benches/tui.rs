//! The selling screen at 100,000 products (the synthetic catalog, built in memory):
//! search (one full scan, one query typed), a full frame at 200×60, and a key
//! press through update and the suggestion engine. The per-keystroke
//! distribution over many queries is `benches/search.rs`.
//!
//! `cargo bench --bench tui`

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use counterpart::catalog::Catalog;
use counterpart::config::Config;
use counterpart::money::Currency;
use counterpart::search::{DEFAULT_LIMIT, Searcher};
use counterpart::tui::testing::Driver;

/// The synthetic catalog of 100,000 products (families, accessories,
/// services, links and bundles), built in memory.
fn catalog(n: usize) -> Catalog {
    Catalog::from_doc(&counterpart::synthetic::generate(n, 42, &Currency::usd()))
}

/// The screen over `catalog` at 200×60 with a three-line cart and results for "lumen mini".
fn screen(catalog: &Arc<Catalog>) -> Driver {
    let mut screen =
        Driver::over_catalog(Arc::clone(catalog), &Config::defaults(), (200, 60)).expect("the built-in keys");
    for sku in ["SYN-000301", "SYN-012346", "SYN-054322"] {
        screen.type_text(sku);
        screen.press("Enter");
    }
    screen.type_text("lumen mini");
    assert_eq!(screen.cart().lines.len(), 3);
    assert!(!screen.results().is_empty() && !screen.suggestions().cross_sell.is_empty());
    screen
}

fn bench(c: &mut Criterion) {
    let catalog = Arc::new(catalog(100_000));
    let mut searcher = Searcher::new(&catalog);

    // One keystroke with nothing to narrow from: a full scan of 100,000 products.
    for query in ["a", "mini", "willow dryer", "SYN-054322"] {
        c.bench_function(&format!("search_100k_full_scan `{query}`"), |b| {
            b.iter(|| {
                searcher.search("", 0);
                black_box(searcher.search(black_box(query), DEFAULT_LIMIT))
            })
        });
    }
    // Typing a query key by key (each keystroke narrows the last one's matches).
    let typed = "vireo gaming scooter";
    c.bench_function(&format!("search_100k_typing `{typed}` ({} keystrokes)", typed.len()), |b| {
        b.iter(|| {
            searcher.search("", 0);
            for end in 1..=typed.len() {
                black_box(searcher.search(&typed[..end], DEFAULT_LIMIT));
            }
        })
    });

    let mut screen = screen(&catalog);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("render_main_screen_200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| black_box(&screen).draw(f)).unwrap();
        })
    });

    // A key press that moves the highlighted result: the keymap, update, then
    // new upgrade options (and cross-sell) from the engine, as the worker computes them.
    let mut down = true;
    c.bench_function("key_press_update_and_suggest_100k", |b| {
        b.iter(|| {
            screen.press(if down { "Down" } else { "Up" });
            down = !down;
        })
    });
    // The same key press including drawing the frame that shows it.
    c.bench_function("key_press_to_frame_100k_200x60", |b| {
        b.iter(|| {
            screen.press(if down { "Down" } else { "Up" });
            down = !down;
            terminal.draw(|f| screen.draw(f)).unwrap();
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
