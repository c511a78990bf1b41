//! Filtered search, the cheap pass's preselection, and the narrowing invariant
//! (typing on gives what a fresh search gives), with and without a filter.

use proptest::prelude::*;

use super::*;
use crate::catalog::{Category, CategoryIdx, Product};
use crate::money::Money;

fn ix(i: usize) -> ProductIdx {
    ProductIdx::new(i)
}

fn store(names: &[&str]) -> Catalog {
    let categories = vec![Category { path: "Things".into(), parent: None }];
    let products = names
        .iter()
        .enumerate()
        .map(|(i, name)| Product {
            sku: format!("S{i}"),
            name: (*name).into(),
            category: CategoryIdx::new(0),
            barcode: (i == 1).then(|| crate::barcode::normalize("2000000000046").unwrap()),
            price: Money(100),
            active: true,
            ..Product::default()
        })
        .collect();
    Catalog::new(categories, products, vec![], vec![], vec![])
}

fn shop() -> Catalog {
    store(&[
        "USB-C Cable 1 m",
        "USB-C Cable 2 m",
        "Lightning Cable",
        "Clear Case X5",
        "Samsung 65 TV",
        "Sōnik Über Cable",
    ])
}

#[test]
fn a_filter_keeps_only_its_products_and_counts_them() {
    let c = shop();
    let mut s = Searcher::new(&c);
    let (all, total) = s.search_filtered("cable", 10, &|_| true);
    assert_eq!(total, 4);
    assert_eq!(all.len(), 4);
    let (some, kept) = s.search_filtered("cable", 10, &|p| p != ix(0) && p != ix(5));
    assert_eq!(some, vec![ix(1), ix(2)]);
    assert_eq!(kept, 2);
    assert_eq!(s.matched(), 2);
    // The limit caps the results, not the count.
    let (one, kept) = s.search_filtered("cable", 1, &|p| p != ix(0));
    assert_eq!((one.len(), kept), (1, 3));
}

#[test]
fn the_exact_code_comes_first_only_when_the_filter_keeps_it() {
    let c = shop();
    let mut s = Searcher::new(&c);
    assert_eq!(s.search_filtered("s1", 10, &|_| true).0[0], ix(1));
    let (results, _) = s.search_filtered("s1", 10, &|p| p != ix(1));
    assert!(!results.contains(&ix(1)), "{results:?}");
    // A barcode is no fuzzy match, but it is found, and counted.
    assert_eq!(s.search_filtered("2000000000046", 10, &|_| true), (vec![ix(1)], 1));
    assert_eq!(s.search_filtered("2000000000046", 10, &|p| p != ix(1)), (vec![], 0));
}

#[test]
fn an_empty_text_lists_what_the_filter_keeps_in_catalog_order() {
    let c = shop();
    let mut s = Searcher::new(&c);
    let odd = |p: ProductIdx| p.index() % 2 == 1;
    assert_eq!(s.search_filtered("", 10, &odd), (vec![ix(1), ix(3), ix(5)], 3));
    assert_eq!(s.search_filtered("  ", 2, &odd), (vec![ix(1), ix(3)], 3));
    // Without a filter that is the whole catalog; the plain search still finds nothing.
    assert_eq!(s.search_filtered("", 100, &|_| true).1, 6);
    assert!(s.search("", 10).is_empty());
}

#[test]
fn narrowing_under_a_filter_gives_a_fresh_filtered_search() {
    let c = shop();
    let keep = |p: ProductIdx| p != ix(1);
    let mut typed = Searcher::new(&c);
    for q in ["c", "ca", "cab", "cab ", "cab u", "cab us", "cab u", "cab"] {
        let fresh = Searcher::new(&c).search_filtered(q, 10, &keep);
        // The filter changes nothing the next keystroke narrows from.
        assert_eq!(typed.search_filtered(q, 10, &keep), fresh, "query {q:?}");
        assert!(!fresh.0.contains(&ix(1)), "query {q:?}");
    }
    // Narrowing kept every match, not only the filtered ones.
    let mut s = Searcher::new(&c);
    s.search_filtered("cab", 10, &|_| false);
    assert_eq!(s.search("cabl", 10).len(), 4);
}

#[test]
fn the_fuzzy_matcher_ranks_the_cheap_passs_best_when_most_products_match() {
    // Forty products where "usb" is spread over other words, then the USB cables.
    let mut names: Vec<String> = (0..40).map(|i| format!("Ultra Sound Bar {i}")).collect();
    names.push("Usb Hub".into());
    names.push("Cable usb".into());
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let c = store(&names);
    let mut s = Searcher::new(&c);
    s.set_rescore(3);
    let (results, total) = s.search_filtered("usb", 5, &|_| true);
    assert_eq!(total, 42);
    assert_eq!(&results[..2], &[ix(40), ix(41)], "{results:?}");
}

#[test]
fn a_filtered_search_on_two_threads_gives_what_one_thread_gives() {
    let words = ["red", "blue", "case", "cable", "phone", "lamp", "desk", "chair"];
    let names: Vec<String> =
        (0..30_000).map(|i| format!("{} {} {}", words[i % 8], words[(i / 8) % 8], i % 97)).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let c = store(&names);
    let keep = |p: ProductIdx| p.index() % 3 != 1;
    let (mut two, mut one) = (Searcher::new(&c), Searcher::new(&c));
    one.set_threads(1);
    for q in ["c", "ca", "cab", "cab ", "cab d", "e", "ea", "s1"] {
        let (found, count) = two.search_filtered(q, 50, &keep);
        assert_eq!((found.clone(), count), one.search_filtered(q, 50, &keep), "query {q:?}");
        assert!(count > 1000 && found.iter().all(|&p| keep(p)), "query {q:?}: {count}");
    }
}

/// A small catalog whose names share letters, so that most keystrokes match many products.
fn catalogs() -> impl Strategy<Value = Vec<String>> {
    let words = prop::sample::select(vec![
        "usb", "cable", "case", "sam", "tv", "65", "ear", "buds", "hdmi", "4k", "über", "Sōnik", "c-link",
        "ab",
    ]);
    prop::collection::vec(prop::collection::vec(words, 1..4).prop_map(|w| w.join(" ")), 1..40)
}

/// Keys typed: a character, or backspace (`None`).
fn keys() -> impl Strategy<Value = Vec<Option<char>>> {
    let key = prop_oneof![
        4 => prop::sample::select(vec!['a', 'b', 'c', 'e', 's', 'u', 't', 'v', '6', '5', ' ', '-', 'ü', 'S']).prop_map(Some),
        1 => Just(None),
    ];
    prop::collection::vec(key, 1..16)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn typing_and_backspacing_gives_what_a_fresh_search_gives(
        names in catalogs(),
        keys in keys(),
        rescore in 1usize..6,
        modulus in 1usize..4,
        limit in 1usize..8,
    ) {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let c = store(&names);
        let keep = |p: ProductIdx| p.index().is_multiple_of(modulus);
        let mut plain = Searcher::new(&c);
        let mut filtered = Searcher::new(&c);
        plain.set_rescore(rescore);
        filtered.set_rescore(rescore);
        let mut query = String::new();
        for key in keys {
            match key {
                Some(ch) => query.push(ch),
                None => { query.pop(); }
            }
            let mut fresh = Searcher::new(&c);
            fresh.set_rescore(rescore);
            prop_assert_eq!(plain.search(&query, limit), fresh.search(&query, limit), "query {:?}", query);
            prop_assert_eq!(plain.matched(), fresh.matched());
            let mut fresh = Searcher::new(&c);
            fresh.set_rescore(rescore);
            prop_assert_eq!(
                filtered.search_filtered(&query, limit, &keep),
                fresh.search_filtered(&query, limit, &keep),
                "query {:?} filtered", query
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The cheap pass matches exactly what the fuzzy matcher matches, so the
    /// count and narrowing do not depend on which of them scored a product.
    #[test]
    fn the_cheap_pass_matches_what_the_fuzzy_matcher_matches(
        text in "[a-cA-C0-2 -]{0,12}|[a-cuüÜé ]{0,8}|[a-c2😀² ]{0,8}",
        word in "[a-cA-C0-2-]{1,4}|[a-ceuüÜ]{1,3}|[2²]{1,2}",
    ) {
        let mut hay = scan::Haystack::with_capacity(1);
        hay.push(&text);
        hay.finish();
        let word = Word::new(&word, &hay);
        let mut matcher = Matcher::new(nucleo_matcher::Config::DEFAULT);
        let fuzzy = word.atom.score(hay.text[0].slice(..), &mut matcher).is_some();
        prop_assert_eq!(hay.score(0, &word, &mut matcher).is_some(), fuzzy);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Scoring from the positions of a text's bytes gives what scoring its
    /// bytes gives: runs at a word's start or inside, overlapping runs, spread
    /// letters with their gaps, letters either side of byte 64, texts too long
    /// for positions, and bytes past the last column (more than 64 kinds of
    /// byte), both scored on bytes beside them.
    #[test]
    fn scoring_from_positions_scores_as_the_bytes_do(
        texts in prop::collection::vec(
            "[ab -]{0,8}|[abü² ]{0,6}|[a-c😀 -]{60,140}|[b ]{62,126}a[b-]{0,3}|[!-~]{20,30}",
            1..8,
        ),
        word in "[abu-]{1,4}|[!-~]{1,3}",
    ) {
        let mut hay = scan::Haystack::with_capacity(texts.len());
        for t in &texts {
            hay.push(t);
        }
        hay.finish();
        let word = Word::new(&word, &hay);
        let mut matcher = Matcher::new(nucleo_matcher::Config::DEFAULT);
        for (i, text) in texts.iter().enumerate() {
            let cheap = hay.score(i, &word, &mut matcher);
            if !word.is_one_char() {
                prop_assert_eq!(cheap, hay.byte_score(i, &word.bytes), "text {:?}", text);
            }
            prop_assert_eq!(
                cheap.is_some(),
                word.atom.score(hay.text[i].slice(..), &mut matcher).is_some(),
                "text {:?}", text
            );
        }
    }
}
