//! Catalog import from shop systems' own product exports: Shopify's product
//! CSV, WooCommerce's built-in product CSV exporter and Magento 2's catalog
//! product export. Each reader turns the file into a [`CatalogDoc`] that
//! [`crate::store::Store::import`] writes all or nothing; every problem names
//! the file line and the column as the file spells it.
//!
//! [`sniff`] tells the three apart by their header, so `import FILE` can pick
//! the reader without being told.

mod html;
mod magento;
mod sheet;
mod shopify;
mod woocommerce;

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

pub use html::strip_html;
pub use magento::read_magento;
pub(crate) use sheet::{Col, Row, Sheet};
pub use shopify::read_shopify;
pub use woocommerce::read_woocommerce;

use super::LinkKind;
use super::doc::{CatalogDoc, ImportError, LinkRow, Problem, ProductRow};
use super::normalize_path;
use crate::money::{Currency, Money};

/// The category of a product whose export names none.
pub const FALLBACK_CATEGORY: &str = "Uncategorised";

/// The link priority given to links read from a shop system's export.
pub const LINK_PRIORITY: i64 = 50;

/// A shop system whose product export counterpart reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShopSystem {
    Shopify,
    WooCommerce,
    Magento,
}

impl ShopSystem {
    pub const ALL: [ShopSystem; 3] = [ShopSystem::Shopify, ShopSystem::WooCommerce, ShopSystem::Magento];

    /// The name used on the command line and as the links' source: "shopify", "woocommerce", "magento".
    pub fn as_str(self) -> &'static str {
        match self {
            ShopSystem::Shopify => "shopify",
            ShopSystem::WooCommerce => "woocommerce",
            ShopSystem::Magento => "magento",
        }
    }

    /// The name people know: "Shopify", "WooCommerce", "Magento 2".
    pub fn title(self) -> &'static str {
        match self {
            ShopSystem::Shopify => "Shopify",
            ShopSystem::WooCommerce => "WooCommerce",
            ShopSystem::Magento => "Magento 2",
        }
    }

    /// Reads this system's product export.
    pub fn read(self, file: &str, bytes: &[u8], currency: &Currency) -> Result<CatalogDoc, ImportError> {
        match self {
            ShopSystem::Shopify => read_shopify(file, bytes, currency),
            ShopSystem::WooCommerce => read_woocommerce(file, bytes, currency),
            ShopSystem::Magento => read_magento(file, bytes, currency),
        }
    }
}

impl fmt::Display for ShopSystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ShopSystem {
    type Err = String;
    /// "shopify", "woocommerce" (or "woo"), "magento" (or "magento2"), any case.
    fn from_str(s: &str) -> Result<ShopSystem, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "shopify" => Ok(ShopSystem::Shopify),
            "woocommerce" | "woo" => Ok(ShopSystem::WooCommerce),
            "magento" | "magento2" => Ok(ShopSystem::Magento),
            _ => Err(format!("`{s}` is not a shop system (shopify, woocommerce, magento)")),
        }
    }
}

/// Recognises a shop system's product export by its header line: `Handle` and
/// `Variant SKU` (or the newer `URL handle` with `Title`) for Shopify;
/// `sku`, `store_view_code` and `product_type` for Magento; `Type` and
/// `Regular price` for WooCommerce. `None` for anything else, counterpart's
/// own CSV included.
pub fn sniff(bytes: &[u8]) -> Option<ShopSystem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record).ok()? {
        return None;
    }
    let names: Vec<String> =
        record.iter().map(|f| String::from_utf8_lossy(f).trim().to_ascii_lowercase()).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("handle") && has("variant sku") || has("url handle") && has("title") {
        Some(ShopSystem::Shopify)
    } else if has("sku") && has("store_view_code") && has("product_type") {
        Some(ShopSystem::Magento)
    } else if has("type") && has("regular price") {
        Some(ShopSystem::WooCommerce)
    } else {
        None
    }
}

/// The document, or every problem found.
pub(crate) fn finish(file: &str, doc: CatalogDoc, problems: Vec<Problem>) -> Result<CatalogDoc, ImportError> {
    if problems.is_empty() { Ok(doc) } else { Err(ImportError::new(file, problems)) }
}

/// A price or cost: the currency's major units ("19.99", or "19,99" in a
/// store with decimal commas), never negative. Zeros past the currency's
/// decimals are dropped ("34.0000" is 34.00, as Magento writes it); any other
/// extra decimal is an error.
pub(crate) fn money(currency: &Currency, v: &str) -> Result<Money, String> {
    let v = v.trim();
    let seps: &[char] = if currency.decimal_comma { &[',', '.'] } else { &['.'] };
    let m = currency
        .parse(v)
        .or_else(|e| {
            seps.iter()
                .map(|&sep| drop_extra_zeros(v, sep, currency.exponent as usize))
                .find_map(|t| (t != v).then(|| currency.parse(&t).ok()).flatten())
                .ok_or(e)
        })
        .map_err(|e| e.to_string())?;
    if m.0 < 0 {
        return Err(format!("`{v}` is negative"));
    }
    Ok(m)
}

/// What a link to a parent product (variable, configurable) stands for: its
/// cheapest variation, the entry level of its ladder.
pub(crate) fn entry_level(
    products: &[ProductRow],
    members: impl Iterator<Item = Option<usize>>,
) -> Option<String> {
    members.filter_map(|m| products.get(m?)).min_by_key(|p| (p.tier, p.price)).map(|p| p.sku.clone())
}

/// The link rows one export row asks for: from every product the row stands
/// for (`sources`) to each product its `list` column ("SKU,SKU") names,
/// resolved by `target`; a reference that does not resolve is a problem
/// naming the row's line and that column. `seen` drops repeats.
#[allow(clippy::too_many_arguments)]
pub(crate) fn link_rows(
    system: ShopSystem,
    line: usize,
    sources: &[&str],
    list: &str,
    kind: LinkKind,
    col: &Col,
    target: &dyn Fn(&str) -> Result<String, String>,
    seen: &mut HashSet<(String, String, LinkKind)>,
    problems: &mut Vec<Problem>,
) -> Vec<LinkRow> {
    let mut out = Vec::new();
    for r in split_escaped(list, ',') {
        let to = match target(&r) {
            Ok(to) => to,
            Err(msg) => {
                problems.push(Problem::at(line, &col.name, msg));
                continue;
            }
        };
        for from in sources.iter().filter(|f| **f != to) {
            if seen.insert((from.to_string(), to.clone(), kind)) {
                out.push(LinkRow {
                    line,
                    from: from.to_string(),
                    to: to.clone(),
                    kind,
                    priority: LINK_PRIORITY,
                    talking_point: String::new(),
                    source: system.as_str().to_string(),
                });
            }
        }
    }
    out
}

/// The price a shop system charges: its offer column (sale / special price)
/// when set, else its regular price. Problems name the column they are in.
pub(crate) fn offer_price(
    row: &Row,
    offer: &Col,
    regular: &Col,
    currency: &Currency,
    line: usize,
    problems: &mut Vec<Problem>,
) -> Option<Money> {
    let (col, v) = match row.get(offer) {
        "" => (regular, row.get(regular)),
        set => (offer, set),
    };
    if v.is_empty() {
        problems.push(Problem::at(line, &regular.name, "no price"));
        return None;
    }
    money(currency, v).map_err(|msg| problems.push(Problem::at(line, &col.name, msg))).ok()
}

fn drop_extra_zeros(v: &str, sep: char, exponent: usize) -> String {
    let Some((int, frac)) = v.rsplit_once(sep) else { return v.to_string() };
    let mut frac = frac;
    while frac.len() > exponent && frac.ends_with('0') {
        frac = &frac[..frac.len() - 1];
    }
    if frac.is_empty() { int.to_string() } else { format!("{int}{sep}{frac}") }
}

/// A stock level: a whole number, "12" or "12.0000"; empty is 0.
pub(crate) fn whole_number(v: &str) -> Result<i64, String> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(0);
    }
    let int = match v.split_once('.') {
        Some((int, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => int,
        Some(_) => return Err(format!("`{v}` is not a whole number")),
        None => v,
    };
    int.parse().map_err(|_| format!("`{v}` is not a whole number"))
}

/// A barcode field: empty is none; otherwise a valid GTIN, stored as GTIN-14.
pub(crate) fn barcode(v: &str) -> Result<Option<String>, String> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    crate::barcode::normalize(v).map(Some).map_err(|e| e.to_string())
}

/// A stable stand-in for a SKU an export leaves empty: `base` (a Shopify
/// handle, a parent's SKU, "wc:") followed by `parts` (option or attribute
/// values, a name), each in lower case with anything but letters and digits
/// as "-", separated by "/". One longer than a SKU may be is cut and ends in
/// a hash of the whole, so it stays unique and the same on every import.
pub(crate) fn identity(base: &str, parts: &[&str]) -> String {
    let mut full = base.to_string();
    for part in parts {
        let mut slug = String::new();
        for ch in part.chars().flat_map(char::to_lowercase) {
            if ch.is_alphanumeric() {
                slug.push(ch);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        if slug.is_empty() {
            continue;
        }
        if !full.is_empty() && !full.ends_with(':') {
            full.push('/');
        }
        full.push_str(slug);
    }
    let max = crate::catalog::toml_format::SKU_MAX;
    if full.chars().count() <= max {
        return full;
    }
    // FNV-1a: stable across runs and builds, unlike the std hasher.
    let hash = full
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let kept: String = full.chars().take(max - 9).collect();
    format!("{kept}~{:08x}", hash as u32)
}

/// A category path, or [`FALLBACK_CATEGORY`] when it is empty.
pub(crate) fn category(path: &str) -> String {
    let p = normalize_path(path);
    if p.is_empty() { FALLBACK_CATEGORY.to_string() } else { p }
}

/// "screen_size" → "Screen Size".
pub(crate) fn title_case(key: &str) -> String {
    key.split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits on `sep` except where a backslash escapes it; trims and drops empty entries.
pub(crate) fn split_escaped(v: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n) if n == sep => cur.push(n),
                Some(n) => {
                    cur.push(c);
                    cur.push(n);
                }
                None => cur.push(c),
            }
        } else if c == sep {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// Makes the members (indexes into `products`) a family: tier 1 is the
/// cheapest, file order breaking ties. Returns the members in tier order.
/// A lone member gets no family.
pub(crate) fn make_family(products: &mut [ProductRow], members: &[usize], family: &str) -> Vec<usize> {
    let mut order: Vec<usize> = members.iter().copied().filter(|&i| i < products.len()).collect();
    order.sort_by_key(|&i| (products[i].price, i));
    if order.len() >= 2 {
        for (tier, &i) in order.iter().enumerate() {
            products[i].family = Some(family.to_string());
            products[i].tier = Some(tier as i64 + 1);
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_drops_only_zero_extra_decimals() {
        let usd = Currency::usd();
        assert_eq!(money(&usd, "34.0000"), Ok(Money(3400)));
        assert_eq!(money(&usd, "19.990"), Ok(Money(1999)));
        assert_eq!(money(&usd, "12"), Ok(Money(1200)));
        assert!(money(&usd, "19.995").unwrap_err().contains("decimal"));
        assert!(money(&usd, "-1.00").unwrap_err().contains("negative"));
        assert_eq!(whole_number("12.0000"), Ok(12));
        assert!(whole_number("1.5").is_err());
    }

    #[test]
    fn identities_are_readable_stable_and_short_enough() {
        assert_eq!(identity("halden-x5", &["128 GB", "Sage Green"]), "halden-x5/128-gb/sage-green");
        assert_eq!(identity("TEE-V", &["S"]), "TEE-V/s");
        assert_eq!(identity("wc:", &["Best Woo Products!"]), "wc:best-woo-products");
        let long = identity(&"very-long-handle-".repeat(6), &["Option"]);
        assert_eq!(long.chars().count(), 64);
        assert_eq!(long, identity(&"very-long-handle-".repeat(6), &["Option"]));
        assert_ne!(long, identity(&"very-long-handle-".repeat(6), &["Other"]));
    }

    #[test]
    fn lists_split_on_unescaped_separators() {
        assert_eq!(split_escaped("Audio > Headphones, Sale", ','), ["Audio > Headphones", "Sale"]);
        assert_eq!(split_escaped(r"Red\, dark, Blue,,", ','), ["Red, dark", "Blue"]);
        assert_eq!(title_case("screen_size"), "Screen Size");
    }
}
