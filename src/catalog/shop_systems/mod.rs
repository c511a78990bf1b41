//! Catalog import from shop systems' own product exports: Shopify's product
//! CSV, WooCommerce's built-in product CSV exporter and Magento 2's catalog
//! product export. Each reader turns the file into a [`CatalogDoc`] that
//! [`crate::store::Store::import`] writes all or nothing; every problem names
//! the file line and the column as the file spells it.
//!
//! [`sniff`] tells the three apart by their header, so `import FILE` can pick
//! the reader without being told.

mod dates;
mod html;
mod links;
mod magento;
mod magento_attrs;
mod magento_bundle;
mod reading;
mod sheet;
mod shopify;
mod woocommerce;

use std::fmt;
use std::str::FromStr;

pub use dates::Date;
pub use html::strip_html;

pub(crate) use links::{LinkBuilder, entry_level, ranked};
pub(crate) use reading::{OfferCols, Reading, money};
pub(crate) use sheet::{Col, Row, Sheet};

/// Reads a Shopify product CSV export.
pub fn read_shopify(file: &str, bytes: &[u8], currency: &Currency) -> Result<CatalogDoc, ImportError> {
    ShopSystem::Shopify.read(file, bytes, currency)
}

/// Reads a WooCommerce product CSV export.
pub fn read_woocommerce(file: &str, bytes: &[u8], currency: &Currency) -> Result<CatalogDoc, ImportError> {
    ShopSystem::WooCommerce.read(file, bytes, currency)
}

/// Reads a Magento 2 catalog product export.
pub fn read_magento(file: &str, bytes: &[u8], currency: &Currency) -> Result<CatalogDoc, ImportError> {
    ShopSystem::Magento.read(file, bytes, currency)
}

use super::doc::{BundleRow, CatalogDoc, ImportError, ProductRow};
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

    /// Reads this system's product export, judging sale and special prices
    /// by today's date.
    pub fn read(self, file: &str, bytes: &[u8], currency: &Currency) -> Result<CatalogDoc, ImportError> {
        self.read_on(file, bytes, currency, Date::today())
    }

    /// Reads this system's product export as on `today`: a sale or special
    /// price applies only between its dates.
    pub fn read_on(
        self,
        file: &str,
        bytes: &[u8],
        currency: &Currency,
        today: Date,
    ) -> Result<CatalogDoc, ImportError> {
        let mut doc = match self {
            ShopSystem::Shopify => shopify::read(file, bytes, currency, today),
            ShopSystem::WooCommerce => woocommerce::read(file, bytes, currency, today),
            ShopSystem::Magento => magento::read(file, bytes, currency, today),
        }?;
        // The export is the whole truth about its links: re-importing it after
        // a price change or a removed upsell leaves no stale link behind.
        doc.replaces_links_of = Some(self.as_str().to_string());
        Ok(doc)
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
/// `Variant SKU` or `Variant Price` (or the newer `URL handle` with `Title`) for Shopify;
/// `sku`, `store_view_code` and `product_type` for Magento; `Type` and
/// `Regular price` for WooCommerce, or the shape of its export in another
/// language (see `woocommerce::localised`). `None` for anything else,
/// counterpart's own CSV included.
pub fn sniff(bytes: &[u8]) -> Option<ShopSystem> {
    let names = header_names(bytes)?;
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("handle") && (has("variant sku") || has("variant price")) || has("url handle") && has("title") {
        Some(ShopSystem::Shopify)
    } else if has("sku") && has("store_view_code") && has("product_type") {
        Some(ShopSystem::Magento)
    } else if has("type") && has("regular price") || woocommerce::localised(&names) {
        Some(ShopSystem::WooCommerce)
    } else {
        None
    }
}

/// The names of a CSV file's first line, trimmed and in lower case (a
/// byte-order mark dropped); `None` when it has no first line.
pub(crate) fn header_names(bytes: &[u8]) -> Option<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record).ok()? {
        return None;
    }
    Some(record.iter().map(|f| String::from_utf8_lossy(f).trim().to_ascii_lowercase()).collect())
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

/// A shop's product that sells others together (grouped, bundle) as a
/// counterpart bundle of `items` (a SKU twice is two of it), under its own
/// SKU, for `discount` less than the items' prices.
pub(crate) fn bundle(line: usize, product: &ProductRow, items: Vec<String>, discount: Money) -> BundleRow {
    BundleRow {
        line,
        code: product.sku.clone(),
        name: product.name.clone(),
        items,
        discount,
        talking_point: String::new(),
    }
}

/// Of several category paths a product is in ("Clothing", "Clothing >
/// T-shirts"), the most specific: the deepest, the first of equals.
pub(crate) fn most_specific(paths: impl IntoIterator<Item = String>) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for path in paths.into_iter().map(|p| normalize_path(&p)).filter(|p| !p.is_empty()) {
        let depth = path.matches(crate::catalog::PATH_SEP).count();
        if best.as_ref().is_none_or(|(d, _)| depth > *d) {
            best = Some((depth, path));
        }
    }
    best.map(|(_, p)| p)
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
    fn the_most_specific_category_is_the_deepest() {
        let paths = |v: &[&str]| most_specific(v.iter().map(|s| s.to_string()));
        assert_eq!(paths(&["Clothing", "Clothing > T-shirts"]).as_deref(), Some("Clothing > T-shirts"));
        assert_eq!(paths(&["Music > Albums", "Music"]).as_deref(), Some("Music > Albums"));
        assert_eq!(paths(&["A > B", "C > D"]).as_deref(), Some("A > B"), "the first of equals");
        assert_eq!(paths(&[" ", ""]), None);
    }

    #[test]
    fn lists_split_on_unescaped_separators() {
        assert_eq!(split_escaped("Audio > Headphones, Sale", ','), ["Audio > Headphones", "Sale"]);
        assert_eq!(split_escaped(r"Red\, dark, Blue,,", ','), ["Red, dark", "Blue"]);
        assert_eq!(title_case("screen_size"), "Screen Size");
    }
}
