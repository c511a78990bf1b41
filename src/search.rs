//! Catalog search for the selling screen: an exact SKU or barcode first, then
//! fuzzy matches over each product's name, SKU, brand and category, best first.
//!
//! A keystroke runs in two passes. The cheap pass (`scan.rs`, on two threads
//! when there are many candidates) decides on pre-lowered bytes which products
//! match every word (their letters in order, as nucleo-matcher would say),
//! gives each a rough score and keeps the best that the caller's filter keeps; then
//! nucleo-matcher ranks the best [`RESCORE`] of them again (all of them when
//! fewer match), and the best of those are the results. So the first keys of
//! a query, which match most of the catalog, never run the fuzzy matcher on
//! every product.
//!
//! The haystack is built once per catalog. Typing usually extends the previous
//! query, and a longer fuzzy needle can only match a subset of what its prefix
//! matched, so each keystroke scans only the previous matches (kept whatever
//! filter the caller applies) and the words the previous query had finished
//! keep their cheap scores.

pub mod query;

use std::collections::HashMap;

use nucleo_matcher::Matcher;

use crate::catalog::{Catalog, ProductIdx};

#[cfg(test)]
mod narrowing_tests;
mod positions;
mod scan;

use scan::{Haystack, Word};

/// The default cap on results: more than a screen can show, few enough to sort fast.
pub const DEFAULT_LIMIT: usize = 200;

/// How many of the best cheap scores the fuzzy matcher ranks again.
pub const RESCORE: usize = 600;

/// From this many candidates the cheap pass runs on two threads.
const PARALLEL_FROM: usize = 20_000;

/// From this many products to rank the fuzzy matcher runs on two threads.
const PARALLEL_RANK_FROM: usize = 200;

/// Which products a search keeps (the filter words), asked from the scanning threads.
pub type Keep<'a> = dyn Fn(ProductIdx) -> bool + Sync + 'a;

/// A reusable fuzzy searcher over one catalog.
pub struct Searcher {
    hay: Haystack,
    /// Upper-cased SKU → product.
    by_sku: HashMap<String, ProductIdx>,
    /// GTIN-14 → product.
    by_barcode: HashMap<String, ProductIdx>,
    /// One matcher (with its scratch memory) per scanning thread.
    matchers: Vec<Matcher>,
    /// How many cheap-pass matches the fuzzy matcher ranks again ([`RESCORE`]; less in tests).
    rescore: usize,
    /// The last query, and every product it matched (not only the top ones, and
    /// whatever the filter) with the cheap score of all its words and of all but the last.
    last_query: String,
    last_matches: Vec<Hit>,
    /// How many products the last search found, after its filter.
    last_count: usize,
    /// Scratch space kept between keystrokes: the next matches, and the ranking keys.
    next: Vec<Hit>,
    next2: Vec<Hit>,
    ranked: Vec<u64>,
    keys2: Vec<u64>,
}

/// A matching product: its index, its total cheap score, and the cheap score of all query words but the last.
#[derive(Debug, Clone, Copy)]
struct Hit {
    idx: u32,
    score: u32,
    prefix: u32,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher").field("products", &self.hay.len()).finish_non_exhaustive()
    }
}

/// What a product is found by: its name, SKU, brand (when the name lacks it) and category.
pub fn haystack_line(catalog: &Catalog, p: &crate::catalog::Product, line: &mut String) {
    line.clear();
    line.push_str(&p.name);
    line.push(' ');
    line.push_str(&p.sku);
    if !p.brand.is_empty() && !p.name.to_lowercase().contains(&p.brand.to_lowercase()) {
        line.push(' ');
        line.push_str(&p.brand);
    }
    if let Some(c) = catalog.categories.get(p.category.index()) {
        line.push(' ');
        line.push_str(c.name());
    }
}

/// A ranking key: higher scores first, then catalog order (a larger key ranks higher).
fn key(score: u32, idx: u32) -> u64 {
    (u64::from(score) << 32) | u64::from(u32::MAX - idx)
}

fn key_idx(key: u64) -> u32 {
    u32::MAX - (key as u32)
}

/// Keeps the `n` largest keys of `keys` (in no particular order).
fn keep_best(keys: &mut Vec<u64>, n: usize) {
    if keys.len() > n {
        if n > 0 {
            keys.select_nth_unstable_by(n - 1, |a, b| b.cmp(a));
        }
        keys.truncate(n);
    }
}

impl Searcher {
    /// Builds the haystack for every product.
    pub fn new(catalog: &Catalog) -> Searcher {
        let n = catalog.products.len();
        let mut hay = Haystack::with_capacity(n);
        let mut by_sku = HashMap::with_capacity(n);
        let mut by_barcode = HashMap::with_capacity(n);
        let mut line = String::new();
        for (i, p) in catalog.products.iter().enumerate() {
            let i = ProductIdx::new(i);
            haystack_line(catalog, p, &mut line);
            hay.push(&line);
            by_sku.insert(p.sku.to_uppercase(), i);
            if let Some(b) = &p.barcode {
                by_barcode.insert(b.clone(), i);
            }
        }
        hay.finish();
        Searcher {
            hay,
            by_sku,
            by_barcode,
            matchers: (0..2).map(|_| Matcher::new(nucleo_matcher::Config::DEFAULT)).collect(),
            rescore: RESCORE,
            last_query: String::new(),
            last_matches: Vec::new(),
            last_count: 0,
            next: Vec::new(),
            next2: Vec::new(),
            ranked: Vec::new(),
            keys2: Vec::new(),
        }
    }

    /// Sets how many of the cheap pass's best matches the fuzzy matcher ranks
    /// again ([`RESCORE`] by default; never fewer than a search's limit).
    pub fn set_rescore(&mut self, n: usize) {
        self.rescore = n;
    }

    /// Sets how many threads scan when there are many candidates (1 or 2; 2 by default).
    pub fn set_threads(&mut self, n: usize) {
        self.matchers.resize_with(n.clamp(1, 2), || Matcher::new(nucleo_matcher::Config::DEFAULT));
    }

    /// How many products the searcher covers.
    pub fn len(&self) -> usize {
        self.hay.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hay.len() == 0
    }

    /// How many products the last search found (its results may be capped).
    pub fn matched(&self) -> usize {
        self.last_count
    }

    /// The product whose SKU (any case) or barcode (any form) is exactly `code`.
    pub fn exact(&self, code: &str) -> Option<ProductIdx> {
        let code = code.trim();
        if code.is_empty() {
            return None;
        }
        if let Some(&p) = self.by_sku.get(&code.to_uppercase()) {
            return Some(p);
        }
        let gtin = crate::barcode::normalize(code).ok()?;
        self.by_barcode.get(&gtin).copied()
    }

    /// At most `limit` products for `query`: the exact SKU/barcode match first,
    /// then fuzzy matches by score (ties in catalog order). Every word of the
    /// query must match. An empty query finds nothing.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<ProductIdx> {
        if query.trim().is_empty() {
            self.forget();
            return Vec::new();
        }
        self.search_filtered(query, limit, &|_| true).0
    }

    /// [`Searcher::search`] among the products `keep` keeps: at most `limit` of
    /// them, and how many it found in all. An empty `text` lists every product
    /// `keep` keeps, in catalog order.
    pub fn search_filtered(&mut self, text: &str, limit: usize, keep: &Keep<'_>) -> (Vec<ProductIdx>, usize) {
        let query = text.trim_start();
        let words: Vec<&str> = query.split_whitespace().collect();
        if words.is_empty() {
            self.forget();
            let mut out = Vec::new();
            for p in (0..self.hay.len()).map(ProductIdx::new).filter(|&p| keep(p)) {
                self.last_count += 1;
                if out.len() < limit {
                    out.push(p);
                }
            }
            return (out, self.last_count);
        }
        // The filter's share of the matches, and the best of them by the
        // cheap score (for a lone letter, that is the whole ranking).
        let words: Vec<Word> = words.iter().map(|w| Word::new(w, &self.hay)).collect();
        let lone_letter = matches!(words.as_slice(), [w] if w.is_one_char());
        let best = if lone_letter { limit } else { self.rescore.max(limit) };
        let kept = self.find(query, &words, keep, best);
        let exact = self.exact(query).filter(|&p| keep(p));
        let exact_found = exact
            .is_some_and(|p| self.last_matches.binary_search_by_key(&(p.index() as u32), |h| h.idx).is_ok());
        self.last_count = kept + usize::from(exact.is_some() && !exact_found);
        if !lone_letter {
            self.rank_fuzzy(&words);
        }
        keep_best(&mut self.ranked, limit);
        self.ranked.sort_unstable_by(|a, b| b.cmp(a));

        let mut out = Vec::with_capacity(self.ranked.len() + 1);
        out.extend(exact);
        out.extend(self.ranked.iter().map(|&k| ProductIdx::from(key_idx(k))).filter(|i| Some(*i) != exact));
        out.truncate(limit);
        (out, self.last_count)
    }

    /// Forgets the last query (the next one scans the whole catalog).
    fn forget(&mut self) {
        self.last_query.clear();
        self.last_matches.clear();
        self.last_count = 0;
    }

    /// Every product matching all `words` of `query` into `last_matches`, with
    /// their cheap scores: from the previous matches when `query` extends the
    /// previous query, else from the whole catalog. The `best` of those `keep`
    /// keeps go into `ranked`; returns how many it keeps in all.
    fn find(&mut self, query: &str, words: &[Word], keep: &Keep<'_>, best: usize) -> usize {
        // Typing on: only the previous matches can match, and the words the
        // previous query had finished keep their scores.
        let narrow = !self.last_query.is_empty() && query.starts_with(self.last_query.as_str());
        let (known, whole) = match narrow {
            false => (0, false),
            true if self.last_query.ends_with(char::is_whitespace) => {
                (self.last_query.split_whitespace().count(), true)
            }
            true => (self.last_query.split_whitespace().count().saturating_sub(1), false),
        };
        let new = &words[known.min(words.len())..];
        let mut next = std::mem::take(&mut self.next);
        next.clear();
        self.ranked.clear();
        let cands = match narrow {
            true => Candidates::Hits(&self.last_matches, whole),
            false => Candidates::All(self.hay.len()),
        };
        let pass = Pass { hay: &self.hay, words: new, cands, keep, best };
        let n = cands.len();
        let kept = match self.matchers.as_mut_slice() {
            [main, other, ..] if n >= PARALLEL_FROM => {
                let half = n / 2;
                let (mut second, mut keys) =
                    (std::mem::take(&mut self.next2), std::mem::take(&mut self.keys2));
                second.clear();
                keys.clear();
                let (ranked, mut kept2) = (&mut self.ranked, 0);
                let kept = std::thread::scope(|scope| {
                    scope.spawn(|| kept2 = pass.scan(half..n, other, &mut second, &mut keys));
                    pass.scan(0..half, main, &mut next, ranked)
                });
                next.extend_from_slice(&second);
                self.ranked.extend_from_slice(&keys);
                keep_best(&mut self.ranked, best);
                (self.next2, self.keys2) = (second, keys);
                kept + kept2
            }
            [main, ..] => pass.scan(0..n, main, &mut next, &mut self.ranked),
            [] => 0,
        };
        self.next = std::mem::replace(&mut self.last_matches, next);
        self.last_query.clear();
        self.last_query.push_str(query);
        kept
    }

    /// Replaces the cheap score in each of `ranked`'s keys by the fuzzy
    /// matcher's score of the whole query (on two threads when there are many).
    fn rank_fuzzy(&mut self, words: &[Word]) {
        let hay = &self.hay;
        let rank = |keys: &mut [u64], matcher: &mut Matcher| {
            for k in keys {
                let idx = key_idx(*k);
                let text = hay.text[idx as usize].slice(..);
                let score: u32 = words.iter().map(|w| w.atom.score(text, matcher).map_or(0, u32::from)).sum();
                *k = key(score, idx);
            }
        };
        match self.matchers.as_mut_slice() {
            [main, other, ..] if self.ranked.len() >= PARALLEL_RANK_FROM => {
                let half = self.ranked.len() / 2;
                let (a, b) = self.ranked.split_at_mut(half);
                std::thread::scope(|scope| {
                    scope.spawn(|| rank(b, other));
                    rank(a, main);
                });
            }
            [main, ..] => rank(&mut self.ranked, main),
            [] => {}
        }
    }
}

/// The products a keystroke scans: all of them, or the previous query's matches.
#[derive(Clone, Copy)]
enum Candidates<'a> {
    All(usize),
    /// The previous matches; `true` when all their words are known (the
    /// previous query ended with a space), so their whole score carries over.
    Hits(&'a [Hit], bool),
}

impl Candidates<'_> {
    fn len(&self) -> usize {
        match self {
            Candidates::All(n) => *n,
            Candidates::Hits(h, _) => h.len(),
        }
    }

    /// The `i`-th candidate's index and the cheap score already known for it.
    fn get(&self, i: usize) -> (u32, u32) {
        match self {
            Candidates::All(_) => (i as u32, 0),
            Candidates::Hits(h, whole) => (h[i].idx, if *whole { h[i].score } else { h[i].prefix }),
        }
    }
}

/// One keystroke's cheap pass: the new words scored on the candidates.
#[derive(Clone, Copy)]
struct Pass<'a> {
    hay: &'a Haystack,
    words: &'a [Word],
    cands: Candidates<'a>,
    keep: &'a Keep<'a>,
    /// How many of the kept matches to rank.
    best: usize,
}

impl Pass<'_> {
    /// Scores candidates `range`, pushes those matching every word to `out`
    /// (in order) and the ranking keys of the best `best` that `keep` keeps to
    /// `keys`; returns how many `keep` keeps.
    fn scan(
        &self,
        range: std::ops::Range<usize>,
        matcher: &mut Matcher,
        out: &mut Vec<Hit>,
        keys: &mut Vec<u64>,
    ) -> usize {
        'next: for i in range {
            let (idx, known) = self.cands.get(i);
            let (mut prefix, mut last) = (known, 0);
            for (k, word) in self.words.iter().enumerate() {
                let Some(s) = self.hay.score(idx as usize, word, matcher) else { continue 'next };
                if k + 1 == self.words.len() {
                    last = s;
                } else {
                    prefix += s;
                }
            }
            out.push(Hit { idx, score: prefix + last, prefix });
            if (self.keep)(ProductIdx::from(idx)) {
                keys.push(key(prefix + last, idx));
            }
        }
        let kept = keys.len();
        keep_best(keys, self.best);
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Category, Product};
    use crate::money::Money;

    fn ix(i: u32) -> ProductIdx {
        ProductIdx::from(i)
    }

    fn catalog() -> Catalog {
        let categories = vec![
            Category { path: "Phones".into(), parent: None },
            Category { path: "Accessories > Cases".into(), parent: None },
        ];
        let p = |sku: &str, name: &str, brand: &str, category, barcode: Option<&str>| Product {
            sku: sku.into(),
            name: name.into(),
            brand: brand.into(),
            category,
            barcode: barcode.map(|b| crate::barcode::normalize(b).unwrap()),
            price: Money(100),
            active: true,
            ..Product::default()
        };
        let products = vec![
            p(
                "PH-128",
                "Aurora X5 128 GB",
                "Aurora",
                crate::catalog::CategoryIdx::new(0),
                Some("2000000000015"),
            ),
            p(
                "CASE-CLR",
                "Clear Case X5",
                "Shell",
                crate::catalog::CategoryIdx::new(1),
                Some("2000000000046"),
            ),
            p("CASE-LTH", "Leather Case X5", "Shell", crate::catalog::CategoryIdx::new(1), None),
            p("HP-1", "静音ヘッドホン 🎧", "Sōnik", crate::catalog::CategoryIdx::new(0), None),
        ];
        Catalog::new(categories, products, vec![], vec![], vec![])
    }

    #[test]
    fn finds_by_name_brand_sku_and_category() {
        let c = catalog();
        let mut s = Searcher::new(&c);
        assert_eq!(s.search("aurora", 10)[0], ix(0));
        let cases = s.search("case", 10);
        assert!(cases.contains(&ix(1)) && cases.contains(&ix(2)), "{cases:?}");
        assert_eq!(s.search("shell lth", 10), vec![ix(2)]);
        assert_eq!(s.search("phones aur", 10), vec![ix(0)]);
        assert_eq!(s.search("ヘッド", 10), vec![ix(3)]);
        assert!(s.search("zzz", 10).is_empty());
        assert!(s.search("   ", 10).is_empty());
    }

    #[test]
    fn an_exact_sku_or_barcode_comes_first() {
        let c = catalog();
        let mut s = Searcher::new(&c);
        assert_eq!(s.search("case-lth", 10)[0], ix(2));
        assert_eq!(s.search("2000000000046", 10), vec![ix(1)]);
        assert_eq!(s.exact("ph-128"), Some(ix(0)));
        assert_eq!(s.exact("2000000000015"), Some(ix(0)));
        assert_eq!(s.exact("2000000000016"), None);
    }

    #[test]
    fn narrowing_gives_the_same_answer_as_a_fresh_search() {
        let c = catalog();
        let mut typed = Searcher::new(&c);
        for q in ["c", "ca", "cas", "case", "case ", "case l", "case lt"] {
            let narrowed = typed.search(q, 10);
            let fresh = Searcher::new(&c).search(q, 10);
            assert_eq!(narrowed, fresh, "query {q:?}");
        }
        // Deleting a character widens again.
        assert_eq!(typed.search("case", 10), Searcher::new(&c).search("case", 10));
    }

    #[test]
    fn a_large_catalog_searched_on_several_threads_agrees_with_narrowing() {
        let categories = vec![Category { path: "Things".into(), parent: None }];
        let words = ["red", "blue", "case", "cable", "phone", "lamp", "desk", "chair"];
        let products: Vec<Product> = (0..30_000)
            .map(|i| Product {
                sku: format!("S{i}"),
                name: format!("{} {} {}", words[i % 8], words[(i / 8) % 8], i % 97),
                price: Money(100),
                active: true,
                ..Product::default()
            })
            .collect();
        let c = Catalog::new(categories, products, vec![], vec![], vec![]);
        let mut typed = Searcher::new(&c);
        for q in ["c", "ca", "cab", "cab ", "cab d", "cab de", "cab desk 4"] {
            let narrowed = typed.search(q, 50);
            let fresh = Searcher::new(&c).search(q, 50);
            assert_eq!(narrowed, fresh, "query {q:?}");
            assert!(!fresh.is_empty(), "query {q:?}");
        }
    }

    #[test]
    fn the_limit_caps_the_results() {
        let c = catalog();
        let mut s = Searcher::new(&c);
        assert_eq!(s.search("x5", 2).len(), 2);
        assert!(s.search("x5", 0).is_empty());
    }
}
