//! Catalog search for the selling screen: an exact SKU or barcode first, then
//! fuzzy matches (nucleo-matcher) over each product's name, SKU, brand and
//! category, best first.
//!
//! The haystack is built once per catalog. Typing usually extends the previous
//! query, and a longer fuzzy needle can only match a subset of what its prefix
//! matched, so each keystroke re-scores only the previous matches.

mod filtered_stub;
pub mod query;

use std::collections::HashMap;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Matcher, Utf32String};

use crate::catalog::{Catalog, ProductIdx};

/// The default cap on results: more than a screen can show, few enough to sort fast.
pub const DEFAULT_LIMIT: usize = 200;

/// Below this many candidates a search runs on one thread.
const PARALLEL_FROM: usize = 20_000;

/// A reusable fuzzy searcher over one catalog.
pub struct Searcher {
    haystack: Vec<Utf32String>,
    /// Which letters and digits each haystack holds (all bits for non-ASCII text), to skip most
    /// products without running the matcher.
    masks: Vec<u64>,
    /// Which letters and digits start a word of each haystack (ranks one-character queries).
    initials: Vec<u64>,
    /// Upper-cased SKU → product.
    by_sku: HashMap<String, ProductIdx>,
    /// GTIN-14 → product.
    by_barcode: HashMap<String, ProductIdx>,
    /// One matcher (with its scratch memory) per worker thread.
    matchers: Vec<Matcher>,
    /// The last query, and every product it matched (not only the top ones)
    /// with the summed score of all its words but the last.
    last_query: String,
    last_matches: Vec<Hit>,
}

/// A matching product: its index, its total score, and the score of all query words but the last.
#[derive(Debug, Clone, Copy)]
struct Hit {
    idx: u32,
    score: u32,
    prefix: u32,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher").field("products", &self.haystack.len()).finish_non_exhaustive()
    }
}

/// What a product is found by: its name, SKU, brand (when the name lacks it) and category.
fn haystack_line(catalog: &Catalog, p: &crate::catalog::Product, line: &mut String) {
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

/// The bit of an ASCII letter (any case) or digit.
fn char_bit(c: char) -> u64 {
    match c.to_ascii_lowercase() {
        c @ 'a'..='z' => 1 << (c as u32 - 'a' as u32),
        c @ '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ => 0,
    }
}

/// The letters and digits of `text`; every bit when it has non-ASCII characters
/// (which may match ASCII needles after normalisation).
fn char_mask(text: &str) -> u64 {
    if !text.is_ascii() {
        return u64::MAX;
    }
    text.chars().fold(0, |m, c| m | char_bit(c))
}

impl Searcher {
    /// Builds the haystack for every product.
    pub fn new(catalog: &Catalog) -> Searcher {
        let n = catalog.products.len();
        let mut haystack = Vec::with_capacity(n);
        let mut masks = Vec::with_capacity(n);
        let mut initials = Vec::with_capacity(n);
        let mut by_sku = HashMap::with_capacity(n);
        let mut by_barcode = HashMap::with_capacity(n);
        let mut line = String::new();
        for (i, p) in catalog.products.iter().enumerate() {
            let i = ProductIdx::new(i);
            haystack_line(catalog, p, &mut line);
            masks.push(char_mask(&line));
            initials.push(
                line.split(|c: char| !c.is_alphanumeric())
                    .filter_map(|w| w.chars().next())
                    .fold(0, |m, c| m | char_bit(c)),
            );
            haystack.push(Utf32String::from(line.as_str()));
            by_sku.insert(p.sku.to_uppercase(), i);
            if let Some(b) = &p.barcode {
                by_barcode.insert(b.clone(), i);
            }
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
        Searcher {
            haystack,
            masks,
            initials,
            by_sku,
            by_barcode,
            matchers: (0..threads).map(|_| Matcher::new(nucleo_matcher::Config::DEFAULT)).collect(),
            last_query: String::new(),
            last_matches: Vec::new(),
        }
    }

    /// How many products the searcher covers.
    pub fn len(&self) -> usize {
        self.haystack.len()
    }

    pub fn is_empty(&self) -> bool {
        self.haystack.is_empty()
    }

    /// How many products the last search matched (its results may be capped).
    pub fn matched(&self) -> usize {
        self.last_matches.len()
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
        let query = query.trim_start();
        let words: Vec<&str> = query.split_whitespace().collect();
        if words.is_empty() || limit == 0 {
            self.last_query.clear();
            self.last_matches.clear();
            return Vec::new();
        }
        let atoms: Vec<Atom> = words
            .iter()
            .map(|w| Atom::new(w, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy, false))
            .collect();
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
        let hay = Hay { text: &self.haystack, masks: &self.masks };
        let hits = match words.as_slice() {
            [w] if !narrow && w.len() == 1 && char_bit(query.chars().next().unwrap_or(' ')) != 0 => one_char(
                hay,
                &self.initials,
                &atoms[0],
                char_bit(query.chars().next().unwrap_or(' ')),
                &mut self.matchers[0],
            ),
            _ => {
                let candidates = if narrow {
                    Candidates::Hits(&self.last_matches, whole)
                } else {
                    Candidates::All(hay.text.len())
                };
                let needs: Vec<u64> =
                    words[known..].iter().map(|w| w.chars().fold(0, |m, c| m | char_bit(c))).collect();
                score_all(hay, &atoms[known..], &needs, candidates, &mut self.matchers)
            }
        };
        self.last_query.clear();
        self.last_query.push_str(query);
        self.last_matches = hits;

        let exact = self.exact(query);
        let mut top: Vec<(u32, u32)> = self.last_matches.iter().map(|h| (h.score, h.idx)).collect();
        let order = |a: &(u32, u32), b: &(u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if top.len() > limit {
            top.select_nth_unstable_by(limit - 1, order);
            top.truncate(limit);
        }
        top.sort_unstable_by(order);
        let mut out = Vec::with_capacity(top.len() + 1);
        out.extend(exact);
        out.extend(top.iter().map(|&(_, i)| ProductIdx::from(i)).filter(|i| Some(*i) != exact));
        out.truncate(limit);
        out
    }
}

/// The products to score: all of them, or the previous query's matches.
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

    /// The `i`-th candidate's index and the score already known for it.
    fn get(&self, i: usize) -> (u32, u32) {
        match self {
            Candidates::All(_) => (i as u32, 0),
            Candidates::Hits(h, whole) => (h[i].idx, if *whole { h[i].score } else { h[i].prefix }),
        }
    }
}

/// A one-character query: every product holding the character matches (the
/// mask says so exactly for ASCII text; the matcher decides for the rest),
/// and products with a word starting with it come first.
fn one_char(hay: Hay<'_>, initials: &[u64], atom: &Atom, bit: u64, matcher: &mut Matcher) -> Vec<Hit> {
    let mut out = Vec::new();
    for (i, (&mask, &init)) in hay.masks.iter().zip(initials).enumerate() {
        let found = match mask {
            u64::MAX => atom.score(hay.text[i].slice(..), matcher).is_some(),
            m => m & bit != 0,
        };
        if found {
            let score = if init & bit != 0 { 2 } else { 1 };
            out.push(Hit { idx: i as u32, score, prefix: 0 });
        }
    }
    out
}

/// The haystack texts and their character masks.
#[derive(Clone, Copy)]
struct Hay<'a> {
    text: &'a [Utf32String],
    masks: &'a [u64],
}

/// Scores `atoms` (the query words not yet known; `needs` are their character
/// masks) on every candidate, split over the matchers' threads when there are many.
fn score_all(
    haystack: Hay<'_>,
    atoms: &[Atom],
    needs: &[u64],
    cands: Candidates<'_>,
    matchers: &mut [Matcher],
) -> Vec<Hit> {
    let n = cands.len();
    let need = needs.iter().fold(0, |m, n| m | n);
    let score_range = |range: std::ops::Range<usize>, matcher: &mut Matcher| -> Vec<Hit> {
        let mut out = Vec::new();
        'next: for i in range {
            let (idx, known) = cands.get(i);
            if haystack.masks[idx as usize] & need != need {
                continue;
            }
            let hay = haystack.text[idx as usize].slice(..);
            let (mut prefix, mut last) = (known, 0u32);
            for (k, atom) in atoms.iter().enumerate() {
                let Some(s) = atom.score(hay, matcher) else { continue 'next };
                if k + 1 == atoms.len() {
                    last = u32::from(s);
                } else {
                    prefix += u32::from(s);
                }
            }
            out.push(Hit { idx, score: prefix + last, prefix });
        }
        out
    };
    if n < PARALLEL_FROM || matchers.len() < 2 {
        return score_range(0..n, &mut matchers[0]);
    }
    let chunk = n.div_ceil(matchers.len());
    std::thread::scope(|scope| {
        let handles: Vec<_> = matchers
            .iter_mut()
            .enumerate()
            .map(|(t, m)| {
                let range = (t * chunk).min(n)..((t + 1) * chunk).min(n);
                let score_range = &score_range;
                scope.spawn(move || score_range(range, m))
            })
            .collect();
        let mut all = Vec::with_capacity(n);
        for h in handles {
            // A scoring thread cannot panic short of a bug in the matcher; fall back to nothing.
            all.extend(h.join().unwrap_or_default());
        }
        all
    })
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
