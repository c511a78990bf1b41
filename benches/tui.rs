//! The selling screen at 100,000 products (a catalog generated in memory):
//! search per keystroke, a full frame at 200×60, and a key press through
//! update and the suggestion engine.
//!
//! `cargo bench --bench tui`

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use counterpart::catalog::{Catalog, Category, Link, LinkKind, Product};
use counterpart::config::Config;
use counterpart::money::Money;
use counterpart::search::{DEFAULT_LIMIT, Searcher};
use counterpart::tui::testing::Driver;

const BRANDS: &[&str] =
    &["Aurora", "Tessel", "Harbor", "Voltline", "Paneguard", "Trekform", "Sōnik", "Nimbus"];
const KINDS: &[&str] = &[
    "Phone",
    "Tablet",
    "Laptop",
    "Headphones",
    "Speaker",
    "Charger",
    "Case",
    "Cable",
    "TV",
    "Soundbar",
    "Camera",
    "Watch",
    "Router",
    "Keyboard",
    "Mouse",
    "Monitor",
];
const ADJECTIVES: &[&str] =
    &["Pro", "Lite", "Max", "Mini", "Plus", "Air", "Ultra", "Classic", "Sport", "Studio", "Go", "One"];

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
}

/// `n` products in 20 top categories of 10 subcategories each; every product
/// is in a three-tier family, and links to three accessories.
fn catalog(n: usize) -> Catalog {
    let mut rng = Rng(0x5eed);
    let mut categories = Vec::new();
    for top in 0..20 {
        let parent = categories.len();
        categories.push(Category { path: format!("Department {top}"), parent: None });
        for sub in 0..10 {
            categories
                .push(Category { path: format!("Department {top} > Aisle {sub}"), parent: Some(parent) });
        }
    }
    let mut products = Vec::with_capacity(n);
    for i in 0..n {
        let brand = rng.pick(BRANDS);
        let kind = rng.pick(KINDS);
        let family = i / 3;
        let tier = (i % 3) as i64 + 1;
        let body = format!("2{:011}", i);
        let check = counterpart::barcode::check_digit(body.as_bytes());
        let storage = [64, 128, 256][i % 3];
        products.push(Product {
            sku: format!("SKU-{i:06}"),
            barcode: counterpart::barcode::normalize(&format!("{body}{check}")).ok(),
            name: format!("{brand} {kind} {} {family} {storage} GB", rng.pick(ADJECTIVES)),
            brand: brand.to_string(),
            category: 1 + (family % 20) * 11 + family % 10,
            family: Some(format!("fam-{family}")),
            tier: Some(tier),
            price: Money(10_000 + (family as i64 % 500) * 100 + tier * 1_500),
            cost: Some(Money(5_000)),
            stock: (i % 7) as i64,
            active: true,
            description: format!("The {kind} for people who want more."),
            selling_points: vec!["Lasts all day".into()],
            attributes: vec![
                ("Storage".into(), format!("{storage} GB")),
                ("Warranty".into(), "1 year".into()),
            ],
            ..Product::default()
        });
    }
    let mut links = Vec::new();
    for from in (0..n).step_by(3) {
        for k in 1..=3 {
            let to = (from * 7 + k * 104_729) % n;
            if to != from {
                links.push(Link {
                    from,
                    to,
                    kind: LinkKind::Complement,
                    priority: 50 + k as i64 * 10,
                    talking_point: "Goes well with it.".into(),
                    source: "curated".into(),
                });
            }
        }
    }
    Catalog::new(categories, products, links, vec![], vec![])
}

/// The screen over `catalog` at 200×60 with a three-line cart and results for "aurora pro".
fn screen(catalog: &Arc<Catalog>) -> Driver {
    let mut screen =
        Driver::over_catalog(Arc::clone(catalog), &Config::defaults(), (200, 60)).expect("the built-in keys");
    for sku in ["SKU-000300", "SKU-012345", "SKU-054321"] {
        screen.type_text(sku);
        screen.press("Enter");
    }
    screen.type_text("aurora pro");
    assert_eq!(screen.cart().lines.len(), 3);
    assert!(!screen.results().is_empty() && !screen.suggestions().cross_sell.is_empty());
    screen
}

fn bench(c: &mut Criterion) {
    let catalog = Arc::new(catalog(100_000));
    let mut searcher = Searcher::new(&catalog);

    // The median keystroke while typing a few queries (first key a full scan, then narrowing).
    let mut times = Vec::new();
    for _ in 0..5 {
        for query in ["aurora phone 128", "harbor speaker max", "tessel tv", "sku-05432", "nimbus watch go"] {
            searcher.search("", 0);
            for end in 1..=query.len() {
                let t = std::time::Instant::now();
                black_box(searcher.search(&query[..end], DEFAULT_LIMIT));
                times.push(t.elapsed());
            }
        }
    }
    times.sort();
    eprintln!(
        "search per keystroke at 100k: median {:?}, 90th percentile {:?}, max {:?} ({} keystrokes)",
        times[times.len() / 2],
        times[times.len() * 9 / 10],
        times[times.len() - 1],
        times.len()
    );

    // One keystroke with nothing to narrow from: a full scan of 100,000 products.
    for query in ["a", "pro", "tessel tv", "SKU-054321"] {
        c.bench_function(&format!("search_100k_full_scan `{query}`"), |b| {
            b.iter(|| {
                searcher.search("", 0);
                black_box(searcher.search(black_box(query), DEFAULT_LIMIT))
            })
        });
    }
    // Typing a query key by key (each keystroke narrows the last one's matches).
    let typed = "harbor speaker max";
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
