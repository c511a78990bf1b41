//! Catalog import from shop systems' own product exports: Shopify's product
//! CSV, WooCommerce's built-in product CSV exporter and Magento 2's catalog
//! product export. Each reader turns the file into a [`CatalogDoc`] that
//! [`crate::store::Store::import`] writes all or nothing; every problem names
//! the file line and the column as the file spells it.
//!
//! [`sniff`] tells the three apart by their header, so `import FILE` can pick
//! the reader without being told.

mod magento;
mod shopify;
mod woocommerce;

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

pub use magento::read_magento;
pub use shopify::read_shopify;
pub use woocommerce::read_woocommerce;

use super::LinkKind;
use super::doc::{CatalogDoc, ImportError, Lines, LinkRow, Problem, ProductRow, utf8};
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

/// A column of the file: where it is and what the file calls it. A column
/// the file lacks reads as empty everywhere.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    idx: Option<usize>,
    /// The header as written in the file (or the usual name when absent).
    pub name: String,
}

impl Col {
    pub fn present(&self) -> bool {
        self.idx.is_some()
    }
}

/// One data record with the file line it starts on.
#[derive(Debug)]
pub(crate) struct Row {
    pub line: usize,
    fields: Vec<String>,
}

impl Row {
    /// The field, trimmed; "" when the column is absent.
    pub fn get(&self, col: &Col) -> &str {
        self.raw(col).trim()
    }
    /// The field as written.
    pub fn raw(&self, col: &Col) -> &str {
        col.idx.and_then(|i| self.fields.get(i)).map_or("", String::as_str)
    }
}

/// A shop system's CSV: its header and rows, plus the problems of records
/// that could not be read at all.
#[derive(Debug)]
pub(crate) struct Sheet {
    names: Vec<String>,
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
}

impl Sheet {
    /// Reads the file: UTF-8 (a byte-order mark is dropped), a header line, then records.
    pub fn read(file: &str, bytes: &[u8], system: ShopSystem) -> Result<Sheet, ImportError> {
        let text = utf8(file, bytes)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let fail = |p: Problem| ImportError::new(file, vec![p]);
        let mut reader =
            csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
        let mut records = reader.records();
        let names: Vec<String> = match records.next() {
            Some(Ok(h)) => h.iter().map(|n| n.trim().to_string()).collect(),
            Some(Err(e)) => return Err(fail(Problem::line(1, e.to_string()))),
            None => {
                return Err(fail(Problem::file(format!(
                    "empty file: expected the header of a {} product export",
                    system.title()
                ))));
            }
        };
        let mut sheet = Sheet { names, rows: Vec::new(), problems: Vec::new() };
        let lines = Lines::new(text.as_bytes());
        for rec in records {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| lines.record_line(p.byte() as usize));
                    sheet.problems.push(Problem::line(line, e.to_string()));
                    continue;
                }
            };
            let line = rec.position().map_or(0, |p| lines.record_line(p.byte() as usize));
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue; // blank line
            }
            if rec.len() != sheet.names.len() {
                sheet.problems.push(Problem::line(
                    line,
                    format!("{} fields, the header has {}", rec.len(), sheet.names.len()),
                ));
                continue;
            }
            sheet.rows.push(Row { line, fields: rec.iter().map(String::from).collect() });
        }
        Ok(sheet)
    }

    /// The first of `names` the header has (any case).
    pub fn col(&self, names: &[&str]) -> Col {
        for n in names {
            if let Some(i) = self.names.iter().position(|h| h.eq_ignore_ascii_case(n)) {
                return Col { idx: Some(i), name: self.names[i].clone() };
            }
        }
        Col { idx: None, name: names.first().copied().unwrap_or_default().to_string() }
    }

    /// Every column whose header matches `pattern` with `{}` standing for 1, 2, 3, ...
    /// (stops at the first number the header lacks).
    pub fn numbered(&self, pattern: &str) -> Vec<Col> {
        (1..=64)
            .map(|n| self.col(&[&pattern.replace("{}", &n.to_string())]))
            .take_while(Col::present)
            .collect()
    }

    /// One problem on line 1 when required columns are missing.
    pub fn require(&self, file: &str, system: ShopSystem, cols: &[&Col]) -> Result<(), ImportError> {
        let missing: Vec<String> =
            cols.iter().filter(|c| !c.present()).map(|c| format!("`{}`", c.name)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let what = if missing.len() == 1 { "column" } else { "columns" };
        Err(ImportError::new(
            file,
            vec![Problem::line(
                1,
                format!("missing {what} {} of a {} product export", missing.join(", "), system.title()),
            )],
        ))
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

/// Plain text from an HTML fragment: tags dropped (block-level ones leave a
/// space), `<script>`/`<style>` contents and comments dropped, the common
/// entities decoded, whitespace collapsed.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            out.push(' ');
        } else if c == '<' && rest[1..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '/' || n == '!')
        {
            let Some(end) = rest.find('>') else { break };
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if (name == "script" || name == "style") && !tag.starts_with('/') {
                let close = format!("</{name}");
                rest = find_ignore_case(rest, &close)
                    .and_then(|at| rest[at..].find('>').map(|e| &rest[at + e + 1..]))
                    .unwrap_or("");
            }
            if BLOCK_TAGS.contains(&name.as_str()) {
                out.push(' ');
            }
        } else if c == '&' {
            match decode_entity(rest) {
                Some((decoded, len)) => {
                    out.push(decoded);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

const BLOCK_TAGS: &[&str] = &[
    "br",
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "blockquote",
    "hr",
    "dd",
    "dt",
    "dl",
    "figure",
    "figcaption",
    "header",
    "footer",
    "pre",
];

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The character an entity at the start of `s` stands for, and the entity's length.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let semi = s.char_indices().take(12).find(|(_, c)| *c == ';').map(|(i, _)| i)?;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        char::from_u32(code).map(|c| if c.is_control() { ' ' } else { c })?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "bull" => '•',
            "middot" => '·',
            "deg" => '°',
            "times" => '×',
            "trade" => '™',
            "reg" => '®',
            "copy" => '©',
            "euro" => '€',
            "pound" => '£',
            "yen" => '¥',
            "cent" => '¢',
            "frac12" => '½',
            "frac14" => '¼',
            "frac34" => '¾',
            "micro" => 'µ',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_stripped_and_entities_decoded() {
        assert_eq!(
            strip_html(
                "<p>Fast &amp; light,&nbsp;<strong>6.1&quot;</strong></p><ul><li>One</li><li>Two</li></ul>"
            ),
            "Fast & light, 6.1\" One Two"
        );
        assert_eq!(
            strip_html("a < b &copy; &#8364;5 &#x263A; &bogus; <style>p{}</style>x<!-- c -->y"),
            "a < b © €5 ☺ &bogus; x y"
        );
        assert_eq!(strip_html("<b>Hel</b>lo<br/>there<script>alert(1)</SCRIPT>!"), "Hello there!");
        assert_eq!(strip_html("unclosed <p"), "unclosed");
    }

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
    fn lists_split_on_unescaped_separators() {
        assert_eq!(split_escaped("Audio > Headphones, Sale", ','), ["Audio > Headphones", "Sale"]);
        assert_eq!(split_escaped(r"Red\, dark, Blue,,", ','), ["Red, dark", "Blue"]);
        assert_eq!(title_case("screen_size"), "Screen Size");
    }
}
