//! What a seller types in the entry line, read as search words and filters
//! ("facets"): `brand:harbor`, `in:audio`, `<200`, `>100`, `<=`, `>=`,
//! `100-300` and `instock`, mixed freely with the words to search for.
//!
//! The rules, so that typing never surprises:
//! * Filters combine with AND; two `brand:` words mean either brand.
//! * `brand:` keeps brands that start with the word, any case; a brand with
//!   spaces is quoted (`brand:"north star"`), or written with a hyphen
//!   (`brand:north-star`: hyphens and underscores match spaces).
//! * `in:` keeps the categories whose path contains the word, and so every
//!   category under them ("Audio" keeps "Audio > Headphones").
//! * Prices are in major units, read like the amounts the cashier types (the
//!   store's currency and decimal comma; its symbol may lead: `<$200`).
//! * `instock`: the live count is above zero, or the store does not count it.
//! * A filter still being typed (`brand:`, `<`, `100-`) is no filter yet and
//!   no search word either: the results stay as they were.
//! * An unknown `word:` or a price that is not one is a problem to show, never
//!   searched for.
//! * Digits alone are text, and so is anything that is not one of the forms
//!   above: a SKU (`SKU-0123`) or a barcode is searched, never filtered by.

use crate::catalog::{Catalog, ProductIdx};
use crate::money::{Currency, Money};

/// The filter words, for the help overlay: (what to type, what it does).
pub const HELP: &[(&str, &str)] = &[
    ("brand:harbor", "Only that brand (brand:\"north star\" with spaces; two brands: either)"),
    ("in:audio", "Only that category and those under it"),
    ("<200", "Priced under 200 (<=200: up to 200)"),
    (">100", "Priced over 100 (>=100: from 100)"),
    ("100-300", "Priced from 100 to 300"),
    ("instock", "Only what is in stock now"),
];

/// The entry line read: what to search for and what to filter by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The words to fuzzy-match (facets taken out), space-separated; ends
    /// with a space when the entry did and its last word was text.
    pub text: String,
    /// Every filter, to combine with AND.
    pub facets: Vec<Facet>,
    /// Words that look like filters but are not ("unknown filter `colour:`").
    pub problems: Vec<String>,
}

/// One filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Facet {
    /// Brands starting with any of these words (folded: lower case, hyphens as spaces).
    Brand(Vec<String>),
    /// Categories whose path contains this word (folded), and those under them.
    In(String),
    /// Prices from `lo` to `hi`, both included, in minor units.
    Price { lo: Option<Money>, hi: Option<Money>, label: String },
    /// In stock now, or not counted.
    InStock,
}

/// Reads the entry line (without its `N*` quantity) with the store's currency
/// (and its decimal comma).
pub fn parse(input: &str, currency: &Currency) -> Query {
    let mut q = Query::default();
    let mut words: Vec<&str> = Vec::new();
    let mut last_was_text = false;
    for token in tokens(input) {
        last_was_text = false;
        match read(token, currency) {
            Word::Text => {
                words.push(token);
                last_was_text = true;
            }
            Word::Pending => {}
            Word::Problem(p) => q.problems.push(p),
            Word::Facet(Facet::Brand(b)) => {
                match q.facets.iter_mut().find(|f| matches!(f, Facet::Brand(_))) {
                    Some(Facet::Brand(all)) => all.extend(b),
                    _ => q.facets.push(Facet::Brand(b)),
                }
            }
            Word::Facet(Facet::InStock) if q.facets.contains(&Facet::InStock) => {}
            Word::Facet(f) => q.facets.push(f),
        }
    }
    q.text = words.join(" ");
    if last_was_text && input.ends_with(char::is_whitespace) {
        q.text.push(' ');
    }
    q
}

/// What to type next when the entry line ends with a half-typed filter
/// (`brand:`, `in:`, `<`, `100-`), for the screen to say instead of "nothing matches".
pub fn pending_hint(input: &str, currency: &Currency) -> Option<&'static str> {
    let token = *tokens(input).last()?;
    if !matches!(read(token, currency), Word::Pending) {
        return None;
    }
    Some(match token.split_once(':') {
        Some((key, _)) if key.eq_ignore_ascii_case("brand") => {
            "Type the start of a brand after brand: — brand:harbor"
        }
        Some(_) => "Type a word of a category after in: — in:audio",
        None => "Type an amount: <200, >100, 100-300",
    })
}

impl Query {
    /// Whether any filter (or problem) is typed: the screen shows its chips.
    pub fn filters(&self) -> bool {
        !self.facets.is_empty() || !self.problems.is_empty()
    }

    /// Whether a product passes every filter, with the category matches
    /// worked out once for the whole catalog (call it once per search).
    pub fn keep<'a>(&'a self, catalog: &'a Catalog) -> impl Fn(ProductIdx) -> bool + 'a {
        let categories: Vec<Vec<bool>> = self
            .facets
            .iter()
            .map(|f| match f {
                Facet::In(word) => {
                    catalog.categories.iter().map(|c| fold(&c.path).contains(word.as_str())).collect()
                }
                _ => Vec::new(),
            })
            .collect();
        move |p: ProductIdx| {
            self.facets.iter().zip(&categories).all(|(f, cats)| match f {
                Facet::In(_) => cats.get(catalog.product(p).category.index()).copied().unwrap_or(false),
                f => f.keeps(catalog, p),
            })
        }
    }
}

impl Facet {
    /// Whether product `p` passes this filter.
    pub fn keeps(&self, catalog: &Catalog, p: ProductIdx) -> bool {
        let product = catalog.product(p);
        match self {
            Facet::Brand(any) => any.iter().any(|b| starts_with_folded(&product.brand, b)),
            Facet::In(word) => catalog
                .categories
                .get(product.category.index())
                .is_some_and(|c| fold(&c.path).contains(word.as_str())),
            Facet::Price { lo, hi, .. } => {
                lo.is_none_or(|lo| product.price >= lo) && hi.is_none_or(|hi| product.price <= hi)
            }
            Facet::InStock => !catalog.counts_stock(p) || catalog.stock(p) > 0,
        }
    }

    /// A short label for the chip row: "brand: harbor", "in: Audio",
    /// "< $200", "in stock". A category word that names one category tree
    /// shows that category's name.
    pub fn label(&self, catalog: &Catalog) -> String {
        match self {
            Facet::Brand(any) => format!("brand: {}", any.join(" or ")),
            Facet::In(word) => {
                let matched: Vec<usize> = (0..catalog.categories.len())
                    .filter(|&i| fold(&catalog.categories[i].path).contains(word.as_str()))
                    .collect();
                // The tops of the matched trees: those whose parent did not match.
                let mut tops = matched.iter().filter(|&&i| {
                    catalog.categories[i].parent.is_none_or(|parent| !matched.contains(&parent.index()))
                });
                match (tops.next(), tops.next()) {
                    (Some(&i), None) => format!("in: {}", catalog.categories[i].name()),
                    _ => format!("in: {word}"),
                }
            }
            Facet::Price { label, .. } => label.clone(),
            Facet::InStock => "in stock".into(),
        }
    }

    /// Why the filter keeps nothing, when it is a category word no category has.
    pub fn problem(&self, catalog: &Catalog) -> Option<String> {
        match self {
            Facet::In(word) if !catalog.categories.iter().any(|c| fold(&c.path).contains(word.as_str())) => {
                Some(format!("no category `{word}`"))
            }
            _ => None,
        }
    }
}

/// What one word of the entry is.
enum Word {
    Text,
    /// A filter not finished yet: neither text nor filter.
    Pending,
    Facet(Facet),
    Problem(String),
}

/// The entry's words: split at spaces, except inside a quoted value (`brand:"north star"`).
fn tokens(input: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quoted = false;
    let mut prev = ' ';
    for (i, c) in input.char_indices() {
        match c {
            '"' if start.is_some() && (quoted || prev == ':') => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if let Some(s) = start.take() {
                    out.push(&input[s..i]);
                }
            }
            _ if start.is_none() => start = Some(i),
            _ => {}
        }
        prev = c;
    }
    if let Some(s) = start {
        out.push(&input[s..]);
    }
    out
}

fn read(token: &str, currency: &Currency) -> Word {
    let lower = token.to_lowercase();
    if lower == "instock" || lower == "in-stock" {
        return Word::Facet(Facet::InStock);
    }
    if let Some((key, value)) = token.split_once(':')
        && !key.is_empty()
        && key.chars().all(|c| c.is_alphabetic())
    {
        let value = value.trim_matches('"');
        let key = key.to_lowercase();
        return match key.as_str() {
            _ if value.trim().is_empty() && matches!(key.as_str(), "brand" | "in" | "cat" | "category") => {
                Word::Pending
            }
            "brand" => Word::Facet(Facet::Brand(vec![fold(value.trim())])),
            "in" | "cat" | "category" => Word::Facet(Facet::In(fold(value.trim()))),
            _ => Word::Problem(format!("unknown filter `{key}:`")),
        };
    }
    for (op, lo, inclusive) in
        [("<=", false, true), (">=", true, true), ("<", false, false), (">", true, false)]
    {
        let Some(rest) = token.strip_prefix(op) else { continue };
        if rest.is_empty() || rest == "=" {
            return Word::Pending;
        }
        let amount = match currency.parse(rest) {
            Ok(m) if m.0 >= 0 => m,
            _ => return Word::Problem(format!("`{token}` is not a price")),
        };
        let shown = short_amount(currency, amount);
        let sign = match (lo, inclusive) {
            (false, false) => "<",
            (false, true) => "≤",
            (true, false) => ">",
            (true, true) => "≥",
        };
        let label = format!("{sign} {shown}");
        let step = if inclusive { 0 } else { 1 };
        return Word::Facet(match lo {
            true => Facet::Price { lo: Some(Money(amount.0 + step)), hi: None, label },
            false => Facet::Price { lo: None, hi: Some(Money(amount.0 - step)), label },
        });
    }
    // A range: two amounts around a hyphen ("100-300", "$9,99-$20"); "100-" is half typed.
    if let Some((a, b)) = token.split_once('-')
        && looks_like_amount(a, currency)
        && (b.is_empty() || looks_like_amount(b, currency))
    {
        if b.is_empty() {
            return Word::Pending;
        }
        return match (currency.parse(a), currency.parse(b)) {
            (Ok(lo), Ok(hi)) if lo <= hi => Word::Facet(Facet::Price {
                lo: Some(lo),
                hi: Some(hi),
                label: format!("{}–{}", short_amount(currency, lo), short_amount(currency, hi)),
            }),
            (Ok(_), Ok(_)) => Word::Problem(format!("`{token}`: the lower price comes first")),
            _ => Word::Problem(format!("`{token}` is not a price range")),
        };
    }
    Word::Text
}

/// Digits (with separators) after the store's symbol, if any: what a price looks like.
fn looks_like_amount(s: &str, currency: &Currency) -> bool {
    let s = s.strip_prefix(currency.symbol.as_str()).filter(|_| !currency.symbol.is_empty()).unwrap_or(s);
    s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// "$200" for a whole amount, "$19.99" otherwise.
fn short_amount(currency: &Currency, m: Money) -> String {
    let shown = currency.display(m);
    let scale = 10_i64.pow(currency.exponent);
    match shown.rfind(['.', ',']) {
        Some(dot)
            if currency.exponent > 0
                && m.0 % scale == 0
                && shown.len() - dot == currency.exponent as usize + 1 =>
        {
            shown[..dot].to_string()
        }
        _ => shown,
    }
}

/// Lower case, with hyphens and underscores read as spaces.
fn fold(s: &str) -> String {
    s.chars().flat_map(fold_char).collect()
}

fn fold_char(c: char) -> impl Iterator<Item = char> {
    let c = if c == '-' || c == '_' { ' ' } else { c };
    c.to_lowercase()
}

/// Whether `hay`, folded, starts with `folded` (already folded), without allocating.
fn starts_with_folded(hay: &str, folded: &str) -> bool {
    let mut hay = hay.chars().flat_map(fold_char);
    folded.chars().all(|c| hay.next() == Some(c))
}

#[cfg(test)]
mod tests;
