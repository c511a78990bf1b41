//! Magento's grouped and bundle products as counterpart bundles.
//!
//! A grouped product (`associated_skus`: "SKU=qty,SKU=qty") sells its
//! products side by side at their own prices: a bundle with no discount. A
//! bundle product (`bundle_values`: options separated by "|", each a
//! selection "name=…,type=…,required=1,sku=…,price=…,default_qty=…,
//! price_type=fixed|percent") is a counterpart bundle when its content is
//! fixed: every required option offers one product. Its price is the sum of
//! its products' prices (`bundle_price_type` dynamic), or its own price plus
//! each selection's price (fixed); a special price on a bundle is a
//! percentage of that. The discount is what it saves on the products bought
//! one by one.

use super::reading::whole_number;
use super::{Col, Reading, Row};
use crate::money::{Money, TaxRate};

/// One product a bundle option offers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Selection {
    pub option: String,
    pub required: bool,
    pub sku: String,
    /// One of it: a counterpart bundle holds one of each product.
    pub one: bool,
    /// For a fixed-price bundle, what this selection adds to its price.
    pub price: String,
    pub percent: bool,
}

/// Why a bundle is not a counterpart bundle, for the summary.
pub(super) const CHOICE: &str = "bundle with a choice of products";

/// The SKUs of a grouped product's `associated_skus`, each once.
pub(super) fn associated(v: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for entry in v.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let sku = entry.split_once('=').map_or(entry, |(sku, _)| sku).trim().to_string();
        if !sku.is_empty() && !out.contains(&sku) {
            out.push(sku);
        }
    }
    out
}

/// The fixed content of a bundle: the one selection of each required
/// option, or why there is none (the customer chooses).
pub(super) fn fixed_content(
    bundle_values: &str,
    line: usize,
    col: &Col,
    r: &mut Reading<'_>,
) -> Result<Vec<Selection>, &'static str> {
    let mut selections: Vec<Selection> = Vec::new();
    for entry in bundle_values.split('|').map(str::trim).filter(|e| !e.is_empty()) {
        let pairs = super::magento::key_values(entry);
        let get = |k: &str| {
            pairs.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)).map_or("", |(_, v)| v.as_str())
        };
        if get("sku").is_empty() {
            r.problem(line, col, format!("`{entry}` names no sku"));
            continue;
        }
        selections.push(Selection {
            option: get("name").to_string(),
            required: get("required") == "1",
            sku: get("sku").to_string(),
            one: matches!(get("default_qty"), "" | "1") || whole_number(get("default_qty")) == Ok(1),
            price: get("price").to_string(),
            percent: get("price_type").eq_ignore_ascii_case("percent"),
        });
    }
    let required: Vec<Selection> = selections.iter().filter(|s| s.required).cloned().collect();
    let mut options: Vec<&str> = required.iter().map(|s| s.option.as_str()).collect();
    options.sort_unstable();
    let distinct = options.windows(2).all(|w| w[0] != w[1]);
    if required.is_empty() || !distinct {
        return Err(CHOICE);
    }
    if !required.iter().all(|s| s.one) {
        return Err("bundle with more than one of a product");
    }
    Ok(required)
}

/// What a bundle saves: its products' prices one by one (each selection
/// with its product's price) less the bundle's price.
pub(super) fn discount(
    row: &Row,
    cols: &BundleCols<'_>,
    content: &[(Selection, Money)],
    r: &mut Reading<'_>,
) -> Money {
    let parts: Money = content.iter().map(|(_, price)| *price).sum();
    let mut price = parts;
    if row.get(cols.price_type).eq_ignore_ascii_case("fixed") {
        let base = r.amount(row, cols.price).unwrap_or_default();
        price = base;
        for (s, _) in content {
            let add = if s.percent {
                percent(&s.price).map(|ppm| base.mul_div(ppm, 1_000_000))
            } else {
                super::money(r.currency, &s.price).ok().or(Some(Money::ZERO))
            };
            price += add.unwrap_or_default();
        }
    }
    // A bundle's special price is a percentage of its price.
    let special = row.get(cols.special);
    if !special.is_empty() {
        match percent(special) {
            Some(ppm) if r.offer_applies(row, cols.from, cols.to) => price = price.mul_div(ppm, 1_000_000),
            Some(_) => {}
            None => r.problem(row.line, cols.special, format!("`{special}` is not a percentage")),
        }
    }
    if price >= parts { Money::ZERO } else { parts - price }
}

/// The columns that price a bundle.
pub(super) struct BundleCols<'c> {
    pub price: &'c Col,
    pub price_type: &'c Col,
    pub special: &'c Col,
    pub from: &'c Col,
    pub to: &'c Col,
}

/// "90.0000" percent as parts per million.
fn percent(v: &str) -> Option<i64> {
    let v = v.trim();
    // Magento writes four decimals; a percentage takes no more.
    let v = v
        .split_once('.')
        .map_or(v.to_string(), |(i, f)| format!("{i}.{}", f.chars().take(4).collect::<String>()));
    TaxRate::parse_percent(&v).ok().map(|t| t.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_products_list_their_skus_once() {
        assert_eq!(associated("24-WG085=5.0000,24-WG086=5.0000,24-WG085"), ["24-WG085", "24-WG086"]);
        assert_eq!(associated(""), Vec::<String>::new());
        assert_eq!(percent("90.0000"), Some(900_000));
        assert_eq!(percent("12.5"), Some(125_000));
        assert_eq!(percent("lots"), None);
    }
}
