//! Search per keystroke at 100,000 products (the synthetic catalog, built in
//! memory): each query of a fixed list typed key by key, several rounds, every
//! keystroke timed; and, in the same run, a bare substring scan of the same
//! products' pre-lowered names for scale.
//!
//! `cargo bench --bench search`
//!
//! Prints one line per query, `search "QUERY": median A ms, p90 B ms, p99 C ms,
//! max D ms` (over that query's keystrokes in all rounds), the same over every
//! keystroke, `substring scan: median E ms`, and the ratio of the two.

use std::hint::black_box;
use std::time::{Duration, Instant};

use counterpart::catalog::Catalog;
use counterpart::money::Currency;
use counterpart::search::{DEFAULT_LIMIT, Searcher};

/// What a seller types at the counter: brands, kinds, SKUs, and shop-floor shorthand.
const QUERIES: [&str; 12] = [
    "lumen monitor 27",
    "vireo gaming scooter",
    "willow dryer",
    "syn-05432",
    "fjord kids monitor",
    "usb c cable",
    "sam 65 tv",
    "hdmi",
    "ear",
    "iphone case",
    "4k",
    "harbor speaker max",
];

/// Rounds of typing every query.
const ROUNDS: usize = 20;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// The value at quantile `q` (0..=1) of sorted `times` (nearest rank).
fn quantile(times: &[Duration], q: f64) -> Duration {
    let rank = ((times.len() as f64) * q).ceil() as usize;
    times[rank.clamp(1, times.len()) - 1]
}

fn summary(times: &mut [Duration]) -> (Duration, Duration, Duration, Duration) {
    times.sort();
    (quantile(times, 0.5), quantile(times, 0.9), quantile(times, 0.99), times[times.len() - 1])
}

fn main() {
    let catalog = Catalog::from_doc(&counterpart::synthetic::generate(100_000, 42, &Currency::usd()));
    let mut searcher = Searcher::new(&catalog);

    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); QUERIES.len()];
    for _ in 0..ROUNDS {
        for (times, query) in per_query.iter_mut().zip(QUERIES) {
            searcher.search("", 0);
            for end in 1..=query.len() {
                let t = Instant::now();
                black_box(searcher.search(black_box(&query[..end]), DEFAULT_LIMIT));
                times.push(t.elapsed());
            }
        }
    }

    // The bare scan: which names contain a needle, over the same products' names lowered beforehand.
    let names: Vec<String> = catalog.products.iter().map(|p| p.name.to_lowercase()).collect();
    let mut scans = Vec::new();
    for _ in 0..ROUNDS {
        for needle in ["cable", "monitor 27", "sam", "ear"] {
            let t = Instant::now();
            black_box(names.iter().filter(|n| n.contains(black_box(needle))).count());
            scans.push(t.elapsed());
        }
    }
    let (scan, ..) = summary(&mut scans);

    let mut all = Vec::new();
    for (times, query) in per_query.iter_mut().zip(QUERIES) {
        all.extend_from_slice(times);
        let (median, p90, p99, max) = summary(times);
        println!(
            "search {query:?}: median {}, p90 {}, p99 {}, max {}",
            ms(median),
            ms(p90),
            ms(p99),
            ms(max)
        );
    }
    let keystrokes = all.len();
    let (median, p90, p99, max) = summary(&mut all);
    println!(
        "every keystroke ({keystrokes}): median {}, p90 {}, p99 {}, max {}",
        ms(median),
        ms(p90),
        ms(p99),
        ms(max)
    );
    println!("substring scan: median {}", ms(scan));
    println!(
        "ratio to the substring scan: median keystroke {:.2}, p99 keystroke {:.2}",
        median.as_secs_f64() / scan.as_secs_f64(),
        p99.as_secs_f64() / scan.as_secs_f64()
    );
}
