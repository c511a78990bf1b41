//! Search per keystroke at 100,000 products (the synthetic catalog, built in
//! memory): each query of a fixed list typed key by key, several rounds, every
//! keystroke timed; and, in the same run, a bare substring scan of the same
//! products' pre-lowered names for scale.
//!
//! `cargo bench --bench search`
//!
//! Prints one line per query, `search "QUERY": median A ms, p90 B ms, p99 C ms,
//! max D ms` (over that query's keystrokes in all rounds), the same over every
//! keystroke, `substring scan: median E ms`, the ratio of the two, and how
//! far the results agree with a full nucleo ranking of every product.
//! `SEARCH_RESCORE=N` and `SEARCH_THREADS=1|2` try other settings;
//! `SEARCH_PROBE=1` prints each keystroke's time and match count instead.

use std::hint::black_box;
use std::time::{Duration, Instant};

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Matcher, Utf32String};

use counterpart::catalog::{Catalog, ProductIdx};
use counterpart::money::Currency;
use counterpart::search::{DEFAULT_LIMIT, Searcher, haystack_line};

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
    let us = d.as_micros();
    format!("{}.{:02} ms", us / 1000, us % 1000 / 10)
}

/// The value at `per_mille`/1000 of sorted `times` (nearest rank).
fn quantile(times: &[Duration], per_mille: usize) -> Duration {
    let rank = (times.len() * per_mille).div_ceil(1000);
    times[rank.clamp(1, times.len()) - 1]
}

/// `a / b` with two decimals.
fn ratio(a: Duration, b: Duration) -> String {
    let hundredths = a.as_nanos() * 100 / b.as_nanos().max(1);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn summary(times: &mut [Duration]) -> (Duration, Duration, Duration, Duration) {
    times.sort();
    (quantile(times, 500), quantile(times, 900), quantile(times, 990), times[times.len() - 1])
}

/// How many of the results for each whole query a full nucleo ranking of
/// every product (the old way, no preselection) also puts in its best as many.
fn agreement(catalog: &Catalog, searcher: &mut Searcher) {
    let mut line = String::new();
    let texts: Vec<Utf32String> = catalog
        .products
        .iter()
        .map(|p| {
            haystack_line(catalog, p, &mut line);
            Utf32String::from(line.as_str())
        })
        .collect();
    let mut matcher = Matcher::new(nucleo_matcher::Config::DEFAULT);
    let (mut same10, mut all10, mut same, mut all) = (0, 0, 0, 0);
    let mut per_query = Vec::new();
    for query in QUERIES {
        let atoms: Vec<Atom> = query
            .split_whitespace()
            .map(|w| Atom::new(w, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy, false))
            .collect();
        let mut full: Vec<(u32, usize)> = texts
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let scores: Option<Vec<u16>> =
                    atoms.iter().map(|a| a.score(t.slice(..), &mut matcher)).collect();
                Some((scores?.iter().map(|&s| u32::from(s)).sum(), i))
            })
            .collect();
        full.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        searcher.search("", 0);
        let ours: Vec<usize> = searcher.search(query, DEFAULT_LIMIT).iter().map(|p| p.index()).collect();
        let exact = searcher.exact(query).map(ProductIdx::index);
        let ours: Vec<usize> = ours.into_iter().filter(|&i| Some(i) != exact).collect();
        let theirs: Vec<usize> = full.iter().map(|&(_, i)| i).filter(|&i| Some(i) != exact).collect();
        let n = ours.len().min(theirs.len());
        let n10 = n.min(10);
        let agree = ours[..n].iter().filter(|i| theirs[..n].contains(i)).count();
        per_query.push(format!("{query:?} {agree}/{n}"));
        same += agree;
        all += n;
        same10 += ours[..n10].iter().filter(|i| theirs[..n10].contains(i)).count();
        all10 += n10;
    }
    println!(
        "agreement with a full nucleo ranking of every product: top 10 {same10}/{all10}, top {DEFAULT_LIMIT} {same}/{all}"
    );
    println!("  top {DEFAULT_LIMIT} per query: {}", per_query.join(", "));
}

fn main() {
    let catalog = Catalog::from_doc(&counterpart::synthetic::generate(100_000, 42, &Currency::usd()));
    let mut searcher = Searcher::new(&catalog);
    if let Some(n) = std::env::var("SEARCH_RESCORE").ok().and_then(|n| n.parse().ok()) {
        searcher.set_rescore(n);
    }
    if let Some(n) = std::env::var("SEARCH_THREADS").ok().and_then(|n| n.parse().ok()) {
        searcher.set_threads(n);
    }

    // SEARCH_PROBE=1: each keystroke's best of five and its match count, to see which keys cost.
    if std::env::var("SEARCH_PROBE").is_ok() {
        for query in QUERIES {
            searcher.search("", 0);
            for end in 1..=query.len() {
                let mut best = Duration::MAX;
                for _ in 0..5 {
                    if end > 1 {
                        searcher.search("", 0);
                        searcher.search(&query[..end - 1], DEFAULT_LIMIT);
                    }
                    let t = Instant::now();
                    black_box(searcher.search(black_box(&query[..end]), DEFAULT_LIMIT));
                    best = best.min(t.elapsed());
                }
                eprintln!("{:?} {} matched {}", &query[..end], ms(best), searcher.matched());
            }
        }
        return;
    }
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
    agreement(&catalog, &mut searcher);
    println!(
        "ratio to the substring scan: median keystroke {}, p99 keystroke {}",
        ratio(median, scan),
        ratio(p99, scan)
    );
}
